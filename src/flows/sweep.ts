// The time-driven sweep (DESIGN §3.7): trigger health, roster, per-case deadlines (reminders, status emails, moderators), privacy lint of the status sheet, and the access audit; batched under the time budget and resumable.
import { DAY_MS, HOUR_MS, isoOf } from '../core/deadlines';
import { gmailQuotaMessage, statusUpdateMessage } from '../core/messages';
import { lintStatusCells, type LintFinding } from '../core/privacy-lint';
import { hashText } from '../core/hash';
import type { Context } from '../workspace/context';
import { SetupNeeded, slotKey } from '../workspace/unit-of-work';
import { formatLogTime, scopesMissing } from '../workspace/session';
import { errorMessage, isQuotaSpentForDay, auditError, rethrowEnding } from '../workspace/errors';
import { buildAlertMail } from '../workspace/members';
import { PROP } from '../workspace/schema';
import { isGroupAddress, SETTING_KEYS } from '../core/settings';
import {
  highlightStatusCells,
  readCaseNotes,
  readOtherTabs,
  readStatusComments,
  type SheetCell,
} from '../workspace/status-marks';
import { createNameMatcher } from '../core/name-matching';
import { canonicalAddress } from '../core/identity';
import { findEmailsInText } from '../core/text';
import { casesOf, isClosed, owesFollowUp, type Case } from '../records/cases';
import { clearancesOf, type Clearances } from '../records/clearances';
import { outboxKey, outboxOf, type OutboxKeys } from '../records/outbox';
import { statusRowsOf } from '../records/status-rows';
import type { TriggerReport } from '../workspace/triggers';
import { auditAccess, type AuditReport } from './audit';
import { alertConfigurationProblems } from './configuration';
import { catchUpSpaces } from './settings-edit';
import { checkReportForm, warnStorageLow } from './form-check';
import { deleteFiledCopies, recoverIntakes } from './intake-recovery';
import { settleMarks } from './rollback-marks';
import { repairTriggers } from './trigger-health';
import {
  committeeTime,
  clearedMembers,
  loadCases,
  logInDoc,
  reconcileStatusRow,
  tellRowsMissing,
  recordInDoc,
  SECTION,
  setPhase,
  tellCaseMembers,
  tellCommitteeAccount,
  tellQuotaOnce,
} from './case-state';
import { queueReminderDigests } from './digests';
import { sweepPolicyChanges } from './policy-changes';
import { remindModerators } from './moderators';
import { fileReplies } from './replies';
import { namesThatCouldAppear } from './name-prefilter';
import { assignMissingPersonCodes } from './patterns';
import { syncRoster } from './roster';
import { ARCHIVE_START_RESERVE_MS, archiveClosedCases, archiveWaits } from './archive';
import { applyRetention } from './retention';
import { sweepStalls, tellStalls } from './stalls';
import { letterKey } from './letters';
import { followUpKey } from './follow-up';
import { applyStatusCell, awaitsItsTrigger, tellStatusChanges, type Told } from './status-edits';
import { roundOf, sweepOpenVote } from './vote';
import { settingsOf, timeZoneOf, replyAddress } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, readProp, writeProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';

/** Stop starting case work when less than this is left: commit, the audit's own reserve and mail delivery need it. */
export const SWEEP_RESERVE_MS = 90 * 1000;

export interface SweepOptions {
  /** Override the reserve (tests). */
  reserveMs?: number;
}

export interface SweepReport {
  triggers: TriggerReport | null;
  cases: number;
  /** Cases whose deadlines were looked at in this run. */
  visited: number;
  /** Case id where the next run resumes, or null when this run went all the way round. */
  cursor: string | null;
  statusEmails: number;
  reminders: number;
  moderatorReminders: number;
  /** Owner and escalation-contact alerts about cases nobody can take, and screening reminders to silent members. */
  stallAlerts: number;
  screeningReminders: number;
  /** Reminder digests queued (one per member per day or week). */
  digests: number;
  /** Proposals moved on (vote opened or decided, reminders, sent to the board). */
  policyChanges: number;
  /** Replies by email filed under their case this run. */
  replies: number;
  lintFindings: number;
  /** Closed cases whose reporter details retention deleted. */
  purged: number;
  audit: AuditReport | null;
  failures: string[];
  /** A step's failure only the owner's setup can end (a tab gone): the entry point fails the run with it. */
  setup?: Error;
}

/** Runs one sweep. The entry point commits and delivers mail afterwards. */
export function runSweep(ctx: Context, options: SweepOptions = {}): SweepReport {
  const reserve = options.reserveMs ?? SWEEP_RESERVE_MS;
  const hasTime = () => ctx.timeBudget.remaining() > reserve;
  const report: SweepReport = {
    triggers: null,
    cases: 0,
    visited: 0,
    cursor: null,
    statusEmails: 0,
    reminders: 0,
    moderatorReminders: 0,
    stallAlerts: 0,
    screeningReminders: 0,
    digests: 0,
    policyChanges: 0,
    replies: 0,
    lintFindings: 0,
    purged: 0,
    audit: null,
    failures: [],
  };
  step(ctx, report, 'triggers', () => checkTriggers(ctx, report));
  step(ctx, report, 'roster', () => syncRoster(ctx, hasTime));
  // A Form nobody can answer loses every report without a trace: once a day, look, and tell the owner; so too of a
  // Google storage nearly full, which would stop it (ADV-571).
  step(ctx, report, 'form', () => checkReportForm(ctx).checked && warnStorageLow(ctx));
  // Reports whose intake was interrupted, or whose trigger never fired, become cases before deadlines are looked at.
  let filed: string[] = [];
  step(ctx, report, 'intake', () => ({ filed } = recoverIntakes(ctx)));
  step(ctx, report, 'settings', () => {
    catchUpSpaces(ctx);
    alertConfigurationProblems(ctx);
  });
  // Replies to what was sent are filed before deadlines are looked at (a reply may be what a member waits for), and
  // before the sweep's cases are read: a reporter's reply changes its case's Flags (ADV-539), which they would save over.
  step(ctx, report, 'replies', () => {
    report.replies = fileReplies(ctx, hasTime);
  });
  // Cases opened before pattern awareness get their person code names once (a no-op read after that).
  step(ctx, report, 'persons', () => assignMissingPersonCodes(ctx, sweepCasesOf(ctx)));
  step(ctx, report, 'deadlines', () => sweepCases(ctx, report, hasTime));
  step(ctx, report, 'digests', () => {
    report.digests = queueReminderDigests(ctx);
  });
  step(ctx, report, 'policy changes', () => {
    report.policyChanges = sweepPolicyChanges(ctx, hasTime);
  });
  step(ctx, report, 'lint', () => lintStatusSheet(ctx, report));
  step(ctx, report, 'retention', () => {
    report.purged = applyRetention(ctx).purged.length;
  });
  if (hasTime()) {
    step(ctx, report, 'audit', () => {
      // When the archive is due, the audit's pass leaves it room to start (the pass goes on next hour).
      const leave = reserve / 2 + (archiveWaits(ctx) ? ARCHIVE_START_RESERVE_MS : 0);
      report.audit = auditAccess(ctx, { hasTime: () => ctx.timeBudget.remaining() > leave });
    });
  }
  // Gone back in time, the Form keeps its copies for the registry put back (ADV-614), and the marks are settled.
  step(ctx, report, 'form copies', () =>
    ctx.outbox.rolled || ctx.outbox.rolledBack() ? settleMarks(ctx) : deleteFiledCopies(ctx, filed),
  );
  // Last: it rebuilds registry tabs, so nothing in this sweep may use rows read before it.
  if (hasTime()) step(ctx, report, 'archive', () => archiveClosedCases(ctx));
  const didSomething =
    report.cursor ||
    report.statusEmails ||
    report.reminders ||
    report.moderatorReminders ||
    report.stallAlerts ||
    report.screeningReminders ||
    report.digests ||
    report.policyChanges ||
    report.replies ||
    report.lintFindings ||
    report.purged ||
    report.failures.length;
  // A sweep with nothing due writes nothing (the hourly run must cost reads only).
  if (didSomething)
    recordAudit(
      ctx,
      'sweep.done',
      '-',
      [
        `cases ${report.cases}`,
        `visited ${report.visited}`,
        `resume at ${report.cursor ? 'a saved cursor' : 'the start'}`,
        `status emails ${report.statusEmails}`,
        `reminders ${report.reminders}`,
        `moderator reminders ${report.moderatorReminders}`,
        `stall alerts ${report.stallAlerts}`,
        `screening reminders ${report.screeningReminders}`,
        `digests ${report.digests}`,
        `policy changes ${report.policyChanges}`,
        `replies filed ${report.replies}`,
        `lint findings ${report.lintFindings}`,
        `purged ${report.purged}`,
        `audited ${report.audit?.checked ?? 0}`,
      ].join('; '),
    );
  return report;
}

/** One part of the sweep: a failure is recorded and the rest still runs (the next sweep retries it). */
function step(ctx: Context, report: SweepReport, name: string, body: () => unknown): void {
  try {
    body();
  } catch (err) {
    rethrowEnding(err);
    // Google's Email read/write quota (another script of the account): the replies wait in the inbox for its return,
    // told once per quota day, not a line and a failed run every hour (ADV-442).
    const spent = isQuotaSpentForDay(err, 'gmail');
    if (spent && !tellQuotaOnce(ctx, PROP.gmailDay, 'Email read/write', gmailQuotaMessage)) return;
    // A permission left unticked (ADV-643) fails its step every hour, a reply never filed: the run ends failed with
    // Google's words naming the permission, so Google's failure email tells the owner, whose setup asks for it again.
    if (err instanceof SetupNeeded || scopesMissing()) report.setup = err as Error;
    report.failures.push(`${name}: ${auditError(err)}`);
    recordAudit(ctx, 'sweep.step-failed', '-', `${name}: ${auditError(err)}`);
    ctx.log(`sweep: ${name} failed: ${auditError(err)}`);
  }
}

/** Exactly one trigger per handler, every run (trigger-health.ts records the time, so other executions need not check). */
function checkTriggers(ctx: Context, report: SweepReport): void {
  report.triggers = repairTriggers(ctx);
}

// ------------------------------------------------------------------------------------------------
// Deadlines

/** Cases in sweep order starting at the saved cursor (wrapping round). */
function ordered(cases: Case[], cursor: string): Case[] {
  const start = cursor ? cases.findIndex((c) => c.id === cursor) : -1;
  return start > 0 ? [...cases.slice(start), ...cases.slice(0, start)] : cases;
}

const SWEEP_CASES = slotKey<Case[]>('sweep.cases');

/** Every case, parsed once per sweep: the deadlines and the lint both need them, and 10,000 cases take a while. */
function sweepCasesOf(ctx: Context): Case[] {
  return ctx.work.slot(SWEEP_CASES, () => loadCases(ctx));
}

function sweepCases(ctx: Context, report: SweepReport, hasTime: () => boolean): void {
  const cases = sweepCasesOf(ctx);
  report.cases = cases.length;
  const clearances = clearancesOf(ctx);
  const outboxKeys = outboxOf(ctx).keyIndex();
  const statusByCode = statusRowsOf(ctx).statusByCodeName();
  const queue = ordered(cases, readProp(ctx, PROP.sweepCursor) ?? '');
  // The outbox rows whose times the cases' Doc lines quote (status emails sent, ADV-373), read in one pass here rather
  // than one sheet read per case in sweepCase.
  outboxOf(ctx).createdAt(
    cases.flatMap((c) => Object.keys(c.flags.statusUnlogged ?? {})),
    'Updated At',
  );
  let stoppedAt: string | null = null;
  const told: Told[] = [];
  const gone: Case[] = [];
  try {
    for (const state of queue) {
      if (!hasTime()) {
        stoppedAt = state.id;
        break;
      }
      const cell = statusByCode.get(state.codeName.toLowerCase());
      reconcileStatusRow(ctx, state, cell === undefined ? 'missing' : cell === null ? 'copied' : 'present', gone);
      sweepCase(ctx, state, clearances, outboxKeys, cell === undefined ? '' : cell, report, told);
      report.visited++;
    }
  } finally {
    // Also when a case fails the step (ADV-464): the cases before it are committed with what they recorded (a stall's
    // Doc and Audit lines, its key): their alerts go in the same commit, or they were never sent and written again.
    tellStatusChanges(ctx, told, clearances);
    tellStalls(ctx);
    tellRowsMissing(ctx, gone);
  }
  report.cursor = stoppedAt;
  if (stoppedAt) {
    writeProp(ctx, PROP.sweepCursor, stoppedAt);
    recordAudit(ctx, 'sweep.paused', stoppedAt, `time budget reached after ${report.visited} of ${cases.length} cases`);
  } else {
    dropProp(ctx, PROP.sweepCursor);
  }
}

function enqueueOnce(
  ctx: Context,
  keys: OutboxKeys,
  key: string,
  build: () => Parameters<Context['outbox']['enqueue']>[0],
): boolean {
  if (keys.has(key)) return false;
  const added = queueMail(ctx, build());
  keys.add(key);
  return added;
}

/** Everything due for one case; only work that is due touches a service (a Doc log line per status email). */
function sweepCase(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  keys: OutboxKeys,
  statusCell: string | null,
  report: SweepReport,
  told: Told[],
): void {
  // A Status typed in the sheet acts only when its editor is known and allowed (status-edits.ts); the sweep knows no
  // editor, so it leaves a change it sees first to the edit's own trigger (ADV-515). None is read while the code name is
  // on several rows (null). What it asks is told after the run's cases.
  if (statusCell !== null && !awaitsItsTrigger(ctx, state, statusCell))
    applyStatusCell(ctx, state, statusCell, null, clearances, told);
  if (state.phase === 'screening' && clearances.forCase(state.id).some((r) => r.decision === 'no-conflict')) {
    setPhase(ctx, state, 'deliberating');
  }
  // The Doc dates each letter and follow-up when it was queued: each one MailApp refused for good says so there too
  // (once), or members reading the Doc take it as sent; the case page says what to do. Not only the newest: one sent
  // again since (another address, `follow-up#2`) or an earlier round's is named by its date. Never in a purged case's Doc.
  const noted = state.flags.failedNoted ?? [];
  const round = roundOf(state);
  for (let r = 1; r <= round && !state.flags.purged; r++)
    for (const [keyOf, section] of [
      [letterKey, SECTION.reportedPerson],
      [followUpKey, SECTION.followUp],
    ] as const)
      for (let n = 1, key = keyOf(state, 1, r); keys.has(key); key = keyOf(state, ++n, r))
        if (keys.state(key) === 'failed' && !noted.includes(key)) {
          const dated =
            r < round || keys.has(keyOf(state, n + 1, r))
              ? ` dated ${formatLogTime(Date.parse(outboxOf(ctx).queuedAt(key)), timeZoneOf(ctx))}`
              : '';
          recordInDoc(
            ctx,
            state,
            section,
            `The email above${dated} was not delivered: MailApp refused it (see the case page).`,
          );
          noted.push(key);
          state.flags.failedNoted = noted;
          casesOf(ctx).save(state);
        }
  // A status email is logged once it went, not when queued: the quota may hold it a day, and a closing drops it.
  // The line says when it went (the outbox row's last update): the sweep that writes it may come hours later (ADV-373).
  const unlogged = state.flags.statusUnlogged;
  for (const key in unlogged) {
    const went = keys.state(key);
    if (went === 'pending' || went === 'sending') continue;
    if (went === 'sent' && !state.flags.purged) {
      const at = outboxOf(ctx).createdAt([key], 'Updated At').get(key) || readNowIso(ctx);
      logInDoc(
        ctx,
        state,
        `Status email sent to the reporter (address on file) at ${committeeTime(ctx, at)}: the follow-up was due ${unlogged[key]} and the case was still open.`,
      );
    }
    delete unlogged[key];
    casesOf(ctx).save(state);
  }
  // A group listed in Settings after the case took it as the reporter's address (ADV-352): from now on as if intake had
  // known (ADV-345), before anything is queued to it; the committee account alone is told, as at intake.
  if (state.reporterEmail && isGroupAddress(settingsOf(ctx), state.reporterEmail)) {
    casesOf(ctx).dropReporterEmail(state, 'committee');
    recordAudit(
      ctx,
      'case.reporter-address-dropped',
      state.id,
      `the address is in Settings '${SETTING_KEYS.groupAddresses}'`,
    );
    const owner = ownerAddressOf(ctx);
    if (owner)
      queueMail(
        ctx,
        buildAlertMail({
          title: 'A reporter address is no longer used',
          lines: [
            `The address on file as the reporter’s is in Settings ‘${SETTING_KEYS.groupAddresses}’, so no status email or follow-up will go to it. A member cleared for the case can give a corrected address on the case page.`,
          ],
          codeName: state.codeName,
          caseId: state.id,
          member: { id: 'owner', email: owner },
          discriminator: 'reporter-address',
        }),
      );
  }
  // A case closed as "no violation" still owes the reporter the follow-up explaining why (seed: "Follow up with the reporter").
  if (isClosed(state) && !owesFollowUp(state)) return;
  if (!isClosed(state)) {
    // A case nobody can take is told to the owner and the escalation contact within the hour; silent members get one reminder.
    const stalls = sweepStalls(ctx, state, clearances, keys);
    report.stallAlerts += stalls.alerts;
    report.screeningReminders += stalls.reminders;
  }
  const now = readNow(ctx);

  // Acknowledgment: the reporter must hear from us within the hours the case was opened under. One queued within the
  // hour (a report this run took in late, its triggers down) goes with this run's delivery: "has not gone out …
  // acknowledge by hand" would reach the committee account as it went, and a second one would follow.
  if (state.reporterEmail && now > Date.parse(state.deadlines.acknowledgeBy)) {
    const ackKey = outboxKey(state.id, 'ack', 'reporter');
    const ackState = keys.state(ackKey);
    // No record at all, the case opened again from an archive that was lost (its mail records with it): not unsent.
    // Nor one waiting for the day's quota: it goes before this alert could, which would then say "acknowledge by hand"
    // of a receipt just sent (ADV-417); the committee account was told what waits and when it goes.
    const unsent =
      ackState !== 'sent' &&
      !(!ackState && state.flags.archivedBefore) &&
      !(
        ackState === 'pending' &&
        (ctx.outbox.waitsForQuota() || now - Date.parse(outboxOf(ctx).createdAt([ackKey]).get(ackKey) ?? '') < HOUR_MS)
      );
    const ackTitle = 'The reporter has not been acknowledged in time';
    const ackLines = () => [
      `The acknowledgment was due by ${committeeTime(ctx, state.deadlines.acknowledgeBy)} and has not gone out${ackState ? ` (its state: ${ackState})` : ''}.`,
      'Please check the address in the case document and acknowledge the report by hand if needed.',
    ];
    if (unsent && !remindersQueued(ctx, state, clearances, keys, 'reminder:ack')) {
      report.reminders +=
        tellCaseMembers(ctx, state, clearances, 'reminder', 'reminder:ack', ackTitle, ackLines()) > 0 ? 1 : 0;
    }
    // Nobody cleared yet: the committee account is told instead (never a member who is not cleared for the case).
    const ownerKey = outboxKey(state.id, 'reminder:ack', 'owner');
    if (unsent && !keys.has(ownerKey) && !clearedMembers(ctx, clearances, state.id).length) {
      if (tellCommitteeAccount(ctx, state, 'reminder:ack', ackTitle, ackLines())) report.reminders++;
      keys.add(ownerKey);
    }
  }

  // Follow-up: when each period passes with the case open and no follow-up sent, one status email and one reminder.
  // In a later round the reporter has had a follow-up already; the revised one is sent after the revised letter.
  if (!state.flags.followUp && !state.flags.followUpWaived && !state.badFaith && roundOf(state) === 1) {
    const first = Date.parse(state.deadlines.followUpBy);
    const period = Math.max(1, state.deadlines.followUpDays) * DAY_MS;
    const index = Number.isFinite(first) && now > first ? Math.floor((now - first) / period) : -1;
    // Most runs find this period's status email and reminders queued already: check the keys before building any text.
    const statusKey = outboxKey(state.id, `status:${index}`, 'reporter');
    const settled =
      index >= 0 &&
      (!state.reporterEmail || isClosed(state) || keys.has(statusKey)) &&
      remindersQueued(ctx, state, clearances, keys, `reminder:follow-up:${index}`);
    if (index >= 0 && !settled) {
      const due = isoOf(first + index * period);
      const dueText = committeeTime(ctx, due);
      // A closed case is not "still being worked on": only the members are reminded that the explanation is owed.
      if (state.reporterEmail && !isClosed(state)) {
        const statusSent = enqueueOnce(ctx, keys, statusKey, () => ({
          key: statusKey,
          caseId: state.id,
          kind: 'status',
          to: state.reporterEmail,
          ...statusUpdateMessage({ followUpDays: state.deadlines.followUpDays }),
          replyTo: replyAddress(ctx),
          delivery: AT_LEAST_ONCE,
        }));
        if (statusSent) {
          report.statusEmails++;
          state.flags.statusUnlogged = { ...unlogged, [statusKey]: dueText };
          casesOf(ctx).save(state);
          recordAudit(ctx, 'status-email.queued', state.id, `follow-up period ${index + 1}`);
        }
      }
      const lines = [
        `The follow-up to the reporter was due ${dueText} and has not been sent.`,
        !state.reporterEmail
          ? 'The reporter left no usable address, so nobody could be told.'
          : isClosed(state)
            ? 'The case is closed: the reporter is owed the follow-up (what was done, or why it was not a violation).'
            : 'The reporter has been sent a short status email saying the committee is still working on the report.',
        'Send the follow-up from the case page when the committee has decided, or close the case.',
      ];
      report.reminders +=
        tellCaseMembers(
          ctx,
          state,
          clearances,
          'reminder',
          `reminder:follow-up:${index}`,
          'A follow-up deadline has passed',
          lines,
        ) > 0
          ? 1
          : 0;
    }
  }

  report.moderatorReminders += remindModerators(ctx, state, clearances, keys);
  sweepOpenVote(ctx, state, clearances, keys);
}

/** True when every member `tellCaseMembers` would write to already has this reminder in the outbox. */
function remindersQueued(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  keys: Pick<OutboxKeys, 'has'>,
  discriminator: string,
): boolean {
  // Nobody cleared: nobody to remind (need-to-know); the stall alert to the owner covers the case.
  return clearedMembers(ctx, clearances, state.id).every((m) => keys.has(outboxKey(state.id, discriminator, m.id)));
}

// ------------------------------------------------------------------------------------------------
// Privacy lint

/**
 * Lints the status spreadsheet's comments and their replies (a cell comment is a Drive comment: every editor reads
 * it, members with a conflict too) for the names and addresses of any case on file. A finding is told to the
 * committee account alone, which may delete the comment; nothing a member sees changes, so typing a guess into a
 * comment answers no question (ADV-46). A comment changed since the last run is read again; so is a tab members added.
 */
function lintStatusComments(ctx: Context, report: SweepReport, cases: readonly Case[], keys: Set<string>): void {
  const owner = ownerAddressOf(ctx) ?? '';
  const since = readProp(ctx, PROP.commentsLintedAt) ?? '';
  const now = readNowIso(ctx);
  let read: ReturnType<typeof readStatusComments>;
  try {
    read = readStatusComments(ctx, since);
    // A tab a member added (or copied, or renamed) is read by every member as a comment is: checked whole, each content
    // once, and told by its place (its name is the member's text, a name perhaps).
    for (const tab of readOtherTabs(ctx))
      read.comments.push({ id: '', at: `${tab.position}|${hashText(tab.text)}`, texts: [tab.text], tab: tab.position });
  } catch (err) {
    rethrowEnding(err);
    // Read again next hour, from the same time.
    ctx.log(`lint: the status spreadsheet's comments or tabs could not be read: ${errorMessage(err)}`);
    return;
  }
  const texts = read.comments.flatMap((c) => c.texts);
  const findNames = createNameMatcher(namesThatCouldAppear(cases.flatMap(namesOfCase), texts));
  const addresses = new Set(
    cases.flatMap((c) =>
      [c.reporterEmail, ...c.reported.emails, ...c.witnesses.emails].filter(Boolean).map(canonicalAddress),
    ),
  );
  const names = (text: string) =>
    findNames(text).length > 0 || findEmailsInText(text).some((e) => addresses.has(canonicalAddress(e.match)));
  for (const comment of read.comments) {
    if (!owner || !comment.texts.some(names)) continue;
    const discriminator = `lint-comment:${hashText(`${comment.id}|${comment.at}`)}`;
    if (keys.has(outboxKey('-', discriminator, 'owner'))) continue;
    report.lintFindings++;
    const mail = buildAlertMail({
      title: comment.tab
        ? 'A tab of the status sheet may identify someone'
        : 'A comment on the status sheet may identify someone',
      lines: comment.tab
        ? [
            `Tab ${comment.tab} of the status sheet (from the left) contains a name or an address known from a report.`,
            'Every member reads it, those with a conflict too: please reword or delete it.',
          ]
        : [
            'A comment on the status spreadsheet, or a reply to it, contains a name or an address known from a report.',
            'Every member reads the comments, those with a conflict too: please delete it (its menu, Delete).',
          ],
      caseId: '-',
      member: { id: 'owner', email: owner },
      discriminator,
    });
    if (queueMail(ctx, mail)) keys.add(mail.key);
    recordAudit(
      ctx,
      'lint.comment',
      '-',
      `a status sheet ${comment.tab ? 'tab' : 'comment'} names someone from a report`,
    );
  }
  // A run that read only part of a flood reads from the same time again (a comment told once is not told again).
  if (read.complete) writeProp(ctx, PROP.commentsLintedAt, now);
}

const REASON_TEXT: Record<LintFinding['reason'], string> = {
  name: 'a name known from a report',
  email: 'an email address',
  gendered: 'a gendered word',
};

/** The people one case names (its reporter, reported people, witnesses): none may appear in its status row. */
function namesOfCase(kase: Case): string[] {
  const names = new Set<string>();
  if (kase.reporterName) names.add(kase.reporterName);
  for (const people of [kase.reported, kase.witnesses]) {
    for (const n of people.names) names.add(n);
    for (const h of people.handles) names.add(h);
  }
  return [...names];
}

const LINT_ARCHIVED_EVERY_MS = DAY_MS;

/**
 * The cases whose rows the lint checks against their own people: the registry's `Cases` every hour, and once a day the
 * archived ones too (reading them is what the hourly sweep avoids; their rows seldom change, and until that day's
 * run a row of theirs is checked as no case's, its findings told to the committee account alone).
 */
function lintedCases(ctx: Context): Case[] {
  const last = Date.parse(readProp(ctx, PROP.lintArchivedAt) ?? '');
  const now = readNow(ctx);
  if (Number.isFinite(last) && last <= now && now - last < LINT_ARCHIVED_EVERY_MS) return sweepCasesOf(ctx);
  writeProp(ctx, PROP.lintArchivedAt, readNowIso(ctx));
  const live = new Set(sweepCasesOf(ctx).map((c) => c.id));
  const archived = casesOf(ctx)
    .all()
    .filter((c) => !live.has(c.id));
  // An archived case's Status typed back whose edit never acted (its trigger down, its execution dead) is read here,
  // as the hourly look reads an open case's: a proposal its cleared members confirm (ADV-260). Else it was lost.
  const cells = statusRowsOf(ctx).statusByCodeName();
  const clearances = clearancesOf(ctx);
  const told: Told[] = [];
  for (const c of archived) {
    const cell = cells.get(c.codeName.toLowerCase()) ?? '';
    if (!awaitsItsTrigger(ctx, c, cell)) applyStatusCell(ctx, c, cell, null, clearances, told);
  }
  tellStatusChanges(ctx, told, clearances);
  return [...archived, ...sweepCasesOf(ctx)];
}

/**
 * Lints the `Cases` tab for names, addresses and gendered words, so that it cannot be asked questions: a row is
 * checked for names only when it is a real case's row, only against that case's own people, and never in the Code
 * Name column (code names are random words; one may equal a surname). Each new finding highlights its cell and is
 * told once to those who may already read the case — the committee account and the members cleared for it — never
 * naming the name it found. A row that is no case's (typed by anyone who can edit the sheet) is checked for
 * addresses and gendered words only, and told to the committee account alone.
 */
function lintStatusSheet(ctx: Context, report: SweepReport): void {
  const { header, body, codeNameColumn: codeCol } = statusRowsOf(ctx).grid();
  const linted = lintedCases(ctx);
  const keys = outboxOf(ctx).keys();
  lintStatusComments(ctx, report, linted, keys);
  if (!body.length) return;
  const byCode = new Map(linted.map((c) => [c.codeName.toLowerCase(), c]));
  const clearances = clearancesOf(ctx);
  const owner = ownerAddressOf(ctx) ?? '';
  const cells: SheetCell[] = [];
  const seen = new Set<string>();
  // A cell's note is read with it: members see notes as they see values (the Code Name's note too, not its value).
  const notes = readCaseNotes(ctx, body.length, header.length);
  body.forEach((row, r) => {
    const codeName = codeCol >= 0 ? String(row[codeCol] ?? '').trim() : '';
    const kase = codeName ? byCode.get(codeName.toLowerCase()) : undefined;
    const checked = row.map((cell, c) => {
      const note = String(notes[r]?.[c] ?? '').trim();
      const value = c === codeCol ? '' : cell;
      return note ? `${String(value ?? '')} ${note}` : value;
    });
    const names = kase ? namesThatCouldAppear(namesOfCase(kase), checked) : [];
    for (const finding of lintStatusCells([checked], header, names)) {
      const caseId = kase?.id ?? '-';
      const discriminator = `lint:${hashText(`${codeName.toLowerCase()}|${finding.column}|${finding.reason}|${finding.match.toLowerCase()}`)}`;
      if (seen.has(discriminator)) continue;
      seen.add(discriminator);
      const prefix = outboxKey(caseId, discriminator, '');
      if ([...keys].some((k) => k.startsWith(prefix))) continue;
      report.lintFindings++;
      const column = header.findIndex((h) => h.trim() === finding.column);
      // A name from the report is not coloured: every editor sees the colour, so a member with a conflict could type
      // a guess and read the answer from it. The cleared members and the committee account are told by mail.
      const hidden = finding.reason === 'name';
      if (column >= 0 && !hidden && !cells.some((c) => c.row === r + 2 && c.column === column + 1))
        cells.push({ row: r + 2, column: column + 1 });
      const what =
        finding.reason === 'gendered' ? `${REASON_TEXT.gendered} ("${finding.match}")` : REASON_TEXT[finding.reason];
      const inNote = column >= 0 && !String(row[column] ?? '').includes(finding.match);
      const lines = [
        `The "${finding.column}" cell${inNote ? '\u2019s note' : ''} of the row for ${kase ? kase.codeName : `sheet row ${r + 2}`} contains ${what}.`,
        `The status sheet is seen by every member, including those with a conflict: keep it vague, name-free and gender-neutral. ${hidden ? 'The cell is not highlighted (the colour would confirm the name to them)' : 'The cell is highlighted'}; please reword it.`,
      ];
      const recipients: Array<{ id: string; email: string }> = kase ? clearedMembers(ctx, clearances, kase.id) : [];
      if (owner && !recipients.some((m) => m.email === owner)) recipients.push({ id: 'owner', email: owner });
      for (const member of recipients) {
        const mail = buildAlertMail({
          title: 'The status sheet may identify someone',
          lines,
          codeName: kase?.codeName,
          caseId,
          member,
          discriminator,
        });
        if (queueMail(ctx, mail)) keys.add(mail.key);
      }
      recordAudit(ctx, 'lint.finding', caseId, `${finding.column}: ${finding.reason}`);
    }
  });
  highlightStatusCells(ctx, cells);
}
