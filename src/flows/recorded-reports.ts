// Reports that do not come through the Form (issue 18): a member who received one by email or in person records it on their own page, with the Form's items; intake makes it a case as it does a Form response.
import { DAY_MS, isoOf } from '../core/deadlines';
import { hashText } from '../core/hash';
import { recordLinkMessage } from '../core/messages';
import { ITEM, buildFormItems } from '../core/report';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import type { PageView } from '../workspace/pages';
import { LINK_TTL_DAYS, PROP } from '../workspace/schema';
import { outboxKey } from '../records/outbox';
import { isQuotaSpentForDay, isStorageFull } from '../workspace/errors';
import { committeeTime, quotaDay } from './case-state';
import { runIntake, type IntakeOutcome } from './intake';
import { isConfirmed, registerAction, resultPage, type ActionRequest } from './web-router';
import { settingsOf } from '../workspace/committee';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { readProp, writeProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';

/** A recorded report's answers wait in one registry cell until intake has written the Doc (cells hold 50,000). */
const MAX_ANSWERS_CHARS = 40000;

/** The Form's items as they stand (with the Settings spaces), so the page asks exactly what the Form asks. */
function itemsOf(ctx: Context) {
  return buildFormItems(settingsOf(ctx).spaces.map((s) => s.name));
}

function recordPage(request: ActionRequest, notice: string[] = []): PageView {
  const { ctx, fields } = request;
  return {
    page: 'record',
    title: 'Record a report',
    data: {
      notice,
      noticeTone: 'refused',
      token: request.token,
      items: itemsOf(ctx).map((item) => ({
        title: item.title,
        kind: item.kind,
        required: item.required,
        help: item.helpText,
        choices: [...(item.choices ?? [])],
        value: fields[item.title] ?? '',
      })),
      conflict: fields.conflict === 'yes',
    },
  };
}

/**
 * What a page says of a report intake registered while Google refuses its Doc: the Documents created quota spent
 * (ADV-441, ADV-458), or the committee account's storage full (ADV-572). Null for any other failure.
 */
export function waitLine(ctx: Context, err: unknown): string | null {
  const full = isStorageFull(err);
  return full || isQuotaSpentForDay(err, 'docs create')
    ? `${full ? "The committee account's Google storage is full" : "Google's daily limit on new documents is used up"}: it becomes a case, and the members are asked about conflicts of interest, ${full ? 'within the hour space is freed' : `when the limit comes back, by ${committeeTime(ctx, isoOf(quotaDay(ctx) + DAY_MS))}`}.`
    : null;
}

function recordPost(request: ActionRequest): PageView {
  const { ctx, fields } = request;
  const member = request.member as CommitteeMember;
  const refuse = (line: string) => recordPage(request, [line, 'Nothing has been recorded.']);
  if (fields.op !== 'record' || !isConfirmed(request)) return refuse('Please tick the box to confirm.');
  const answers: Record<string, string> = {};
  for (const item of itemsOf(ctx)) {
    const value = fields[item.title] ?? '';
    if (!value.trim()) continue;
    if (item.choices && !item.choices.includes(value))
      return refuse(`Please choose an answer listed for "${item.title}".`);
    answers[item.title] = value;
  }
  if (!answers[ITEM.what]) return refuse(`Please answer "${ITEM.what}".`);
  if (JSON.stringify(answers).length > MAX_ANSWERS_CHARS)
    return refuse('The answers are too long: shorten them here, and add the rest to the case document later.');
  // The id is the member's and the answers': the page sent twice, or sent again after "something went wrong" (even
  // from the link opened afresh), is one report. 64 bits of hash: two different reports never share one.
  const json = JSON.stringify(answers);
  let outcome: IntakeOutcome;
  try {
    outcome = runIntake(ctx, {
      responseId: `rec:${member.id}:${hashText(json)}${hashText(`~${json}`)}`,
      receivedAt: readNow(ctx),
      answers,
      recordedBy: { memberId: member.id, conflict: fields.conflict === 'yes' },
    });
  } catch (err) {
    // Google's Documents created quota (ADV-441), or a full storage (ADV-572): the report is in the registry, and the
    // sweep opens it once Google takes its Doc; "try again in a few minutes" would be untrue for a day or more.
    const line = waitLine(ctx, err);
    if (!line) throw err;
    return resultPage({
      title: 'Report recorded',
      heading: 'The report is recorded and waits for Google',
      lines: [line, 'Do not record it again, nor send it through the form: it would become a second case.'],
    });
  }
  if (outcome.kind !== 'created')
    return resultPage({
      title: 'Report recorded',
      heading: 'This report was already recorded',
      lines: ['You sent these answers before: their case exists, and nothing more was done.'],
    });
  return resultPage({
    title: 'Report recorded',
    heading: `The report is now case ${outcome.codeName}`,
    lines: [
      fields.conflict === 'yes'
        ? 'Your conflict of interest is recorded: you will not get access to the case document.'
        : 'Every active member, you too, is now asked about conflicts of interest, as for a report made through the form.',
      'If the reporter gave an email address, they are sent the acknowledgment, as for the form.',
    ],
  });
}

/**
 * Once per installation (setup, the first time it runs with this version): members who joined before reports could be
 * recorded get their link; members added later find it in their welcome email. Keyed per member, so never twice.
 */
export function sendRecordLinks(ctx: Context): number {
  if (readProp(ctx, PROP.recordLinksSent)) return 0;
  let queued = 0;
  for (const member of ctx.committee.members()) {
    if (!member.active || member.sheetAccess !== 'editor') continue;
    const message = recordLinkMessage({
      memberName: member.name,
      recordUrl: linkOf(ctx, member.id, '-', 'record', LINK_TTL_DAYS.record),
    });
    const key = outboxKey('-', 'record-link', member.id);
    if (
      queueMail(ctx, {
        key,
        caseId: '-',
        kind: 'record-link',
        to: member.email,
        ...message,
        delivery: AT_LEAST_ONCE,
      })
    )
      queued++;
  }
  writeProp(ctx, PROP.recordLinksSent, readNowIso(ctx));
  return queued;
}

/** Registers the `record` page (no case: `cid` '-'). */
export function registerRecordAction(): void {
  registerAction('record', { subject: 'member', caseScope: 'none', get: (r) => recordPage(r), post: recordPost });
}
