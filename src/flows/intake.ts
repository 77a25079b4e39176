// Intake (DESIGN §3.2): one Form response becomes exactly one code-named case — registry row, private Doc, status row — then its mail is queued.
import { generateCodeName, NameGuard } from '../core/code-names';
import { computeDeadlines, DAY_MS, HOUR_MS, isoOf } from '../core/deadlines';
import { isSamePerson, matchAddresses } from '../core/identity';
import { peopleOf, personCoder } from '../core/person-codes';
import {
  acknowledgmentMessage,
  screeningMessage,
  urgentAlertMessage,
  urgentUnroutedMessage,
  type Message,
} from '../core/messages';
import { FORM_ITEMS, isBlankReport, parseReport, reportIdentity, type Report } from '../core/report';
import { isGroupAddress, SETTING_KEYS } from '../core/settings';
import { hasOwn, lowerTrim, truncate } from '../core/text';
import type { Context } from '../workspace/context';
import type { ReportEntry } from '../workspace/docs';
import { linkOf, linkExpiryText } from '../workspace/links';
import { isExecutionEnding } from '../workspace/errors';
import { ID_PREFIX, INTAKE_PHASE, LINK_TTL_DAYS, PROP, STATUS_TAB } from '../workspace/schema';
import { readResponse } from '../workspace/forms';
import { type OutgoingMail, AT_LEAST_ONCE } from '../workspace/mailer';
import { buildAlertMail } from '../workspace/members';
import {
  casesNaming,
  casesOf,
  isClosed,
  readHistoryNarrow,
  type CaseStore,
  type IntakeRow,
  type KnownCasePerson,
} from '../records/cases';
import { datedLine } from '../records/doc-log';
import { clearancesOf } from '../records/clearances';
import { outboxKey } from '../records/outbox';
import { statusRowsOf } from '../records/status-rows';
import { appendStatusRow, committeeTime, makeCaseDoc } from './case-state';
import { namesAddress, recordSelfReportedConflicts } from './self-reported';
import { memberById, settingsOf, timeZoneOf, activeMembers, replyAddress } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNow, readNowIso, outOfTime } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { commitWork } from '../workspace/unit-of-work';
import { requireProp } from '../workspace/script-properties';

/** One Form response as the trigger delivered it. */
export interface Submission {
  responseId: string;
  /** When the Form received it (epoch ms). */
  receivedAt: number;
  /** Answers keyed by item title (DESIGN §9 `report`). */
  answers: Record<string, string | string[]>;
  /** A report a member recorded on their page (received by email or in person), and whether they declared a conflict. */
  recordedBy?: RecordedBy;
  /** Taken in again after a repair lost its case: its reporter was acknowledged then (ADV-614). */
  acked?: boolean;
}

export interface RecordedBy {
  memberId: string;
  conflict: boolean;
}

export type IntakeOutcome =
  | { kind: 'ignored-blank' }
  | { kind: 'duplicate'; caseId: string }
  | { kind: 'created'; caseId: string; codeName: string; resumed: boolean };

/** Screening names at most this many people, each shortened; a hostile 100,000-character answer stays in the Doc. */
const MAX_SCREENING_NAMES = 12;
const MAX_NAME_CHARS = 80;
/** Forms and Drive clocks are not the same clock; a Doc this much older than the report is still considered. */
const CLOCK_SLACK_MS = 5 * 60 * 1000;

/**
 * Turns a response into a case. Persist first, mail second; every step is idempotent, so a re-delivered
 * event (or the sweep) finishes a case whose execution died at any point, without a second case, Doc,
 * row or message:
 * 1. registry row (case id, code name, `Phase` = intake) — written and flushed before anything else;
 * 2. the Doc, titled by the code name (a Doc left by a dead run is found by that title and rebuilt);
 * 3. the Doc id, the status row, the queued mail, then `Phase` = screening, in one commit.
 */
export function runIntake(ctx: Context, submission: Submission): IntakeOutcome {
  if (!submission.responseId || isBlankReport(submission.answers)) {
    recordAudit(ctx, 'intake.blank-ignored', '-', 'a submit event with no answers was ignored');
    return { kind: 'ignored-blank' };
  }
  // Intake reads a few columns of every case on file, and of the status rows their code names: in a big registry
  // those, not the whole tabs (the rows it needs are read when it needs them; tabs read already stay as they are).
  // A request intake did not use is not left to the flows after it in the same execution (the sweep's).
  readHistoryNarrow(ctx);
  ctx.work.deferStatusRows(STATUS_TAB.cases);
  try {
    return intake(ctx, submission);
  } finally {
    ctx.work.dropReadRequests();
  }
}

/** runIntake for a response with answers. */
function intake(ctx: Context, submission: Submission): IntakeOutcome {
  const cases = casesOf(ctx);
  const existing = cases.intakeByResponse(submission.responseId);
  if (existing && existing.phase !== INTAKE_PHASE) {
    recordAudit(ctx, 'intake.duplicate-ignored', existing.caseId, 'the same response was delivered again');
    return { kind: 'duplicate', caseId: existing.caseId };
  }

  const report = parseReport(submission.answers);
  // The person a report was made for is protected like the reporter (DESIGN §3): kept with the witnesses, so a member
  // who is that person is conflicted automatically, at intake or on joining, and the purge deletes them (ADV-309).
  for (const k of ['names', 'emails', 'handles'] as const) report.witnessPeople[k].push(...report.affectedPeople[k]);
  const receivedIso = isoOf(submission.receivedAt);
  const resumed = Boolean(existing);
  let row: IntakeRow;
  if (existing) {
    row = existing;
    const known = cases.knownPersons();
    // As its first run decided (the row holds no address then): the Form's answers alone would send the receipt.
    noteAddressOnFile(
      ctx,
      report,
      known,
      row.caseId,
      known.filter((k) => k.caseId === row.caseId).map((k) => k.code),
    );
  } else {
    row = registerCase(ctx, cases, submission, report, receivedIso);
    // The code name is on disk before any Doc exists, so a crash can never leave an unfindable Doc.
    commitWork(ctx);
  }
  const { caseId, codeName } = row;
  if (!row.docId)
    try {
      cases.setDocId(row, buildCaseDoc(ctx, codeName, submission, resumed));
    } catch (err) {
      // The receipt names no case and needs no file, nor does the danger alert (code name only, saying why no check or
      // page comes yet): queued while Google refuses the Doc for days, the committee account's storage full, they go
      // (the sweep's try commits and sends them), and are not sent again once the Doc is made (ADV-565, ADV-570).
      // The committee account is told where the report is meanwhile, when no member can be (ADV-579).
      queueIntakeMail(
        ctx,
        caseId,
        codeName,
        report,
        submission.recordedBy,
        !resumed,
        row.recorded
          ? 'the private registry, in the Flags of its row in the Cases tab'
          : `the Form\u2019s responses, received ${committeeTime(ctx, receivedIso)}`,
      );
      throw err;
    }

  const status = statusRowsOf(ctx);
  let rowAppended = false;
  if (!status.has(codeName)) {
    // Without a `Code Name` column (a member renamed the header) no row could ever be found again: the case is
    // finished without one and flagged, and the sweep adds the row once the header is back (ADV-33).
    rowAppended = appendStatusRow(ctx, codeName, submission.receivedAt, 'screening') !== null;
    if (!rowAppended) cases.oweStatusRow(row);
  }

  // A case made by this execution has no message yet: its mail is queued without reading the outbox's other rows,
  // and only it is sent (a resumed intake, whose run died, sends everything pending as before).
  if (submission.acked) report.reporterEmail = null;
  const mailed = queueIntakeMail(ctx, caseId, codeName, report, submission.recordedBy, !resumed)!;
  if (!resumed) ctx.outbox.deliverOwnOnly();
  cases.finishIntake(row, readNowIso(ctx));
  recordAudit(
    ctx,
    resumed ? 'case.created-after-recovery' : 'case.created',
    caseId,
    [
      `acknowledgment: ${mailed.acknowledgment}`,
      `danger reported: ${report.danger ? 'yes' : 'no'}`,
      `screening emails: ${mailed.screening}`,
      `urgent alerts: ${mailed.urgent}`,
      ...(submission.recordedBy ? [`recorded by member ${submission.recordedBy.memberId}`] : []),
    ].join('; '),
  );
  if (report.reporterEmailProblem) {
    recordAudit(
      ctx,
      'intake.reporter-email-unusable',
      caseId,
      `reporter address ${report.reporterEmailProblem}: no acknowledgment sent`,
    );
  }
  const committed = commitWork(ctx);
  if (rowAppended && committed.tables[status.name]?.refused.includes(codeName)) {
    // The header was renamed between our read and our write: the row was refused (and the committee told).
    cases.oweStatusRow(row);
    commitWork(ctx);
  }
  ctx.log(`intake: case ${caseId} ${resumed ? 'finished after an interrupted run' : 'created'}`);
  return { kind: 'created', caseId, codeName, resumed };
}

/** Appends the registry row (phase `intake`) with a fresh case id and code name. */
function registerCase(
  ctx: Context,
  cases: CaseStore,
  submission: Submission,
  report: Report,
  receivedIso: string,
): IntakeRow {
  // Unique across every case ever: the registry keeps them all; hand-made status rows count too.
  const known = cases.knownPersons();
  // Person code names count as taken too: a case's code name never equals a person's (src/flows/patterns.ts).
  const taken = new Set<string>(
    [...cases.codeNames(), ...statusRowsOf(ctx).codeNames(), ...known.map((k) => k.code)].filter(Boolean),
  );
  const identity = reportIdentity(report);
  // Every code name shows in the shared status sheet beside every other case: it must not echo a name from
  // any report on file, not only this one (DESIGN §7.5).
  // Handles and addresses too: a witness known as "@quiet_falcon", a reporter at "quiet.falcon@…" (issue 17 review).
  const names = [
    ...report.reported.names,
    ...report.reported.handles,
    ...report.reported.emails.map(localPart),
    ...identity.names,
    ...identity.handles,
    ...identity.emails.map(localPart),
    ...namesOnFile(cases),
  ];
  const random = ctx.clock.random();
  // Never an id on file (48 random bits make a repeat unlikely, not impossible): intake queues the new case's mail
  // without reading the outbox's keys, which is right only for a case id no message has ever carried.
  let caseId = ctx.clock.newId(ID_PREFIX.case);
  while (cases.hasId(caseId)) caseId = ctx.clock.newId(ID_PREFIX.case);
  // An answer that rules out every code name is not a list of people: the case is still opened (DESIGN §7.6), under
  // a looser rule, and the audit says which.
  // Worked out once for the case's code name and its people's codes: the names on file are thousands of words.
  const guard = NameGuard.of(names);
  const codeName = generateCodeName(random, taken, guard, (rule) =>
    recordAudit(ctx, 'intake.code-name-fallback', caseId, `the names given ruled out every code name; rule: ${rule}`),
  );
  const persons = personCoder(known, taken.add(codeName), random)(peopleOf(report.reported), guard);
  const settings = settingsOf(ctx);
  const deadlines = computeDeadlines(receivedIso, settings.policy);
  // The committee account's own report is deployment's test (docs/deployment.md step 2): no statistic counts it.
  const from = report.reporterEmail;
  const rehearsal = !!from && isSamePerson(matchAddresses(from, ownerAddressOf(ctx) ?? ''));
  noteAddressOnFile(ctx, report, known, caseId, persons);
  const earlier = casesNaming(known, persons);
  const id = reportIdentity(report);
  cases.noteEarlier(caseId, receivedIso, earlier);
  return cases.register({
    caseId,
    codeName,
    responseId: submission.responseId,
    receivedAt: receivedIso,
    reporterName: report.reporterName,
    reporterEmail: report.reporterEmail ?? '',
    reporterEmailProblem: report.reporterEmailProblem ?? '',
    reported: report.reported,
    witnesses: report.witnessPeople,
    space: report.space,
    danger: report.danger,
    persons,
    earlier,
    rehearsal,
    // The guard reads these from the Doc too; a member may empty its Report or restore its first version (ADV-544).
    // At most 200, so that a pasted mailing list cannot make `Flags` outgrow its cell (50,000 characters).
    named: [...id.names, ...id.emails, ...id.handles.map((h) => `@${h}`)].slice(0, 200),
    // No Form holds a recorded report, nor an email the owner made a case: its answers wait in the registry until the
    // Doc does (crash recovery, the Documents created quota: ADV-458).
    recorded: (submission.recordedBy || submission.responseId.startsWith('mail:')) && {
      ...submission.recordedBy,
      answers: submission.answers,
      at: submission.receivedAt,
    },
    deadlines: {
      acknowledgeBy: deadlines.acknowledgeBy,
      followUpBy: deadlines.followUpBy,
      moderatorsWithinDays: settings.policy.moderatorsWithinDays,
      followUpDays: settings.policy.followUpWithinDays,
      // Taken in late (no trigger ran: intake-recovery.ts), the members get the window from their screening email, not
      // from the Form's time: a day without triggers ended a 24-hour window before anyone was asked.
      screeningHours:
        settings.screeningWindowHours &&
        settings.screeningWindowHours + Math.max(0, Math.floor((readNow(ctx) - Date.parse(receivedIso)) / HOUR_MS)),
    },
  });
}

/**
 * An address an earlier report gave for a person this one names (a person code in common) is most likely theirs, typed
 * in the reporter's box, as when this report gives it for them (ADV-122): nothing goes to it, and the owner is told.
 * So with one of the committee's own groups or aliases (Settings `Group addresses`, ADV-345).
 */
function noteAddressOnFile(
  ctx: Context,
  report: Report,
  known: KnownCasePerson[],
  caseId: string,
  codes: string[],
): void {
  const to = report.reporterEmail;
  // The committee's own group or alias (ADV-345): every member reads it, a conflicted one too.
  if (to && isGroupAddress(settingsOf(ctx), to))
    Object.assign(report, { reporterEmail: null, reporterEmailProblem: 'committee' });
  else if (
    to &&
    known.some(
      (k) =>
        k.caseId !== caseId &&
        codes.includes(k.code) &&
        k.person.emails.some((e) => isSamePerson(matchAddresses(e, to))),
    )
  )
    Object.assign(report, { reporterEmail: null, reporterEmailProblem: 'involved' });
}

/** An address's part before the @ ("quiet.falcon"): name words that code names must not echo. */
const localPart = (email: string) => email.split('@')[0];

/** Reporter, reported-person and witness names, handles and address local parts of every case in the registry (no code name may echo one). */
export function namesOnFile(cases: CaseStore): string[] {
  const names: string[] = [];
  for (const row of cases.peopleOnFile()) {
    if (row.reporterName) names.push(row.reporterName);
    if (row.reporterEmail) names.push(localPart(row.reporterEmail));
    for (const people of [row.reported, row.witnesses]) names.push(...people.names, ...people.handles);
    for (const people of [row.reported, row.witnesses]) names.push(...people.emails.map(localPart));
  }
  return names;
}

/**
 * Characters of a report's answers the case Doc takes (ADV-351): a Doc holds 1.02 million, the case's later entries
 * need room, and a Form answer has no documented length limit; beyond, the answer is cut and says so.
 */
const REPORT_CHARS = 400000;

/** The report's answers in Form order (then any unknown items), answered ones only, verbatim up to REPORT_CHARS in all. */
export function reportEntries(answers: Record<string, string | string[]>): ReportEntry[] {
  let room = REPORT_CHARS;
  const text = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));
  const known = FORM_ITEMS.map((item) => item.title);
  const titles = [...known, ...Object.keys(answers).filter((t) => !known.includes(t))];
  const entries: ReportEntry[] = [];
  for (const title of titles) {
    if (!hasOwn(answers, title)) continue;
    const answer = text(answers[title]);
    if (answer.trim() === '') continue;
    entries.push({
      question: title,
      answer:
        answer.length > room
          ? `${truncate(answer, room)}\n(Cut here: the case document keeps ${REPORT_CHARS} characters of a report.)`
          : answer,
    });
    room = Math.max(room - answer.length, 1000);
  }
  return entries;
}

/** Creates (or, after a crash, finds and rebuilds) the case Doc with the report, saved and private in the folder. */
function buildCaseDoc(ctx: Context, codeName: string, submission: Submission, resumed: boolean): string {
  const by = submission.recordedBy && memberById(ctx, submission.recordedBy.memberId);
  const entries = reportEntries(submission.answers);
  // The seed: "a summary of a verbal report, or the text of an emailed report". Which member is in the Log only.
  if (submission.recordedBy) entries.unshift({ question: 'How it reached us', answer: RECORDED_NOTE });
  const logLine = datedLine(
    submission.receivedAt,
    submission.recordedBy
      ? `Report recorded by ${by?.name || 'a member'} (received by email or in person)${submission.recordedBy.conflict ? '; they declared a conflict of interest' : ''}`
      : 'Report received through the Form',
    timeZoneOf(ctx),
  );
  return makeCaseDoc(ctx, codeName, entries, [logLine], resumed ? submission.receivedAt - CLOCK_SLACK_MS : null);
}

export const RECORDED_NOTE = 'Recorded by a committee member, who received it by email or in person.';

/** Names screening may show: the reported people (never the reporter or witnesses), bounded in number and length. */
export function screeningNames(report: Report): string[] {
  return screeningPeople(report.reported, reportIdentity(report).names);
}

/** The reported people as the screening email names them (names, handles, addresses), the page that grants too. */
export function screeningPeople(reported: Report['reported'], protectedList: readonly string[]): string[] {
  const protectedNames = new Set(protectedList.map(lowerTrim));
  const out: string[] = [];
  for (const raw of [...reported.names, ...reported.handles, ...reported.emails]) {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (!name || protectedNames.has(name.toLowerCase()) || out.some((n) => n.toLowerCase() === name.toLowerCase()))
      continue;
    out.push(truncate(name, MAX_NAME_CHARS));
    if (out.length >= MAX_SCREENING_NAMES) break;
  }
  return out;
}

/** Queues the acknowledgment, the urgent alert (danger) and the screening emails. Keys make it idempotent. */
function queueIntakeMail(
  ctx: Context,
  caseId: string,
  codeName: string,
  report: Report,
  recordedBy: RecordedBy | undefined,
  fresh: boolean,
  /** The Doc refused: the receipt and the urgent alert with no page, no screening (ADV-565, ADV-570); where the report is. */
  early?: string,
): { acknowledgment: string; screening: number; urgent: number } | undefined {
  const settings = settingsOf(ctx);
  const enqueue = (mail: OutgoingMail) => queueMail(ctx, mail, { fresh });
  let acknowledgment = 'none (no address given)';
  if (report.reporterEmail) {
    const message = acknowledgmentMessage({ followUpDays: settings.policy.followUpWithinDays });
    enqueue({
      key: outboxKey(caseId, 'ack', 'reporter'),
      caseId,
      kind: 'ack',
      to: report.reporterEmail,
      replyTo: replyAddress(ctx),
      ...message,
      delivery: AT_LEAST_ONCE,
    });
    acknowledgment = 'queued';
  } else if (report.reporterEmailProblem) {
    acknowledgment = `none (address ${report.reporterEmailProblem})`;
    const owner = ownerAddressOf(ctx);
    // The committee account alone: nobody is cleared for the case yet (alertCase, ADV-60).
    if (/involved|committee/.test(report.reporterEmailProblem) && owner)
      enqueue(
        buildAlertMail({
          title: 'A reporter address was not used',
          lines: [
            `The address given as the reporter’s is ${report.reporterEmailProblem === 'committee' ? `in Settings ‘${SETTING_KEYS.groupAddresses}’` : 'also given under “Who was involved?” (of this report, or of an earlier one about the same person): it may be the reported person’s'}, so no receipt went to it and no follow-up will.`,
          ],
          codeName,
          caseId,
          member: { id: 'owner', email: owner },
          discriminator: 'reporter-address',
        }),
      );
  }

  // A member named as a reported person is conflicted from the start: no email naming them, no alert, no link.
  const selfReported = recordSelfReportedConflicts(ctx, caseId, activeMembers(ctx), report, codeName);
  // The member who recorded the report is conflicted only if they said so; otherwise they are screened like everyone.
  const recorder = recordedBy?.conflict ? memberById(ctx, recordedBy.memberId) : undefined;
  if (recorder && !selfReported.has(recorder.id)) {
    selfReported.add(recorder.id);
    const clearances = clearancesOf(ctx);
    if (clearances.latest(caseId, recorder.id)?.decision !== 'conflict') {
      clearances.append({
        caseId,
        memberId: recorder.id,
        decision: 'conflict',
        at: readNowIso(ctx),
        via: 'screening',
        share: 'none',
        note: 'declared when recording the report',
      });
      // In the registry only, never in the shared `Conflicts` tab: a row dated the minute the case arrived, before any
      // screening email could be answered, would tell every member who received the report, often its reporter (seed:
      // "do not say who was the reporter … if the report was sent to an individual committee member").
      recordAudit(ctx, 'clearance.conflict', caseId, `member ${recorder.id} via record`);
    }
  }
  const members = activeMembers(ctx).filter((m) => !selfReported.has(m.id));
  let urgent = 0;
  if (report.danger) {
    for (const member of members) {
      const message = urgentAlertMessage({
        codeName,
        casePageUrl: early ? '' : linkOf(ctx, member.id, caseId, 'case', LINK_TTL_DAYS.case),
      });
      enqueue({
        key: outboxKey(caseId, 'urgent', member.id),
        caseId,
        kind: 'urgent',
        to: member.email,
        ...message,
        delivery: AT_LEAST_ONCE,
      });
      urgent++;
    }
    // No member can be told (every one is named in the report, or none is active): the alert must still reach
    // someone, so it goes to the committee account and the escalation contact, code name only. Google refusing the
    // Doc, members can only ask the account: it is told itself, where the report is (ADV-590).
    if (!members.length || early)
      urgent += alertUnrouted(ctx, caseId, codeName, report, enqueue, early, members.length);
  }
  if (early) return;

  const names = screeningNames(report);
  let screening = 0;
  for (const member of members) {
    enqueue({
      key: outboxKey(caseId, 'screening', member.id),
      caseId,
      kind: 'screening',
      to: member.email,
      ...checkFor(ctx, member, caseId, names),
      delivery: AT_LEAST_ONCE,
    });
    screening++;
  }
  if (!members.length) {
    recordAudit(ctx, 'intake.no-active-members', caseId, 'no active committee member to screen the report');
  }
  return { acknowledgment, screening, urgent };
}

/** A member's conflict check of the case, its links valid from now. */
function checkFor(ctx: Context, member: { id: string; name: string }, caseId: string, names: string[]): Message {
  return screeningMessage({
    memberName: member.name,
    reportedNames: names,
    noConflictUrl: linkOf(ctx, member.id, caseId, 'no-conflict', LINK_TTL_DAYS.screening),
    conflictUrl: linkOf(ctx, member.id, caseId, 'conflict', LINK_TTL_DAYS.screening),
    expiresOn: linkExpiryText(readNow(ctx), LINK_TTL_DAYS.screening, timeZoneOf(ctx)),
  });
}

/**
 * A conflict check about to go past its links' life (set aside while its case was closed, then waiting for the quota)
 * made again with fresh links (ADV-516): dropped, its member was never asked and stayed out of the reopened case, told
 * only to answer an email they never got. Null when it is no longer due: the case closed or purged (its reporter is no
 * longer known, to keep out of the names), the member inactive or answered.
 */
export function freshCheck(ctx: Context, key: string): Message | null {
  const [caseId, , memberId] = key.split('|');
  const kase = casesOf(ctx).find(caseId);
  const member = memberById(ctx, memberId);
  return kase && !isClosed(kase) && !kase.flags.purged && member?.active && !clearancesOf(ctx).latest(caseId, memberId)
    ? checkFor(ctx, member, caseId, screeningPeople(kase.reported, [kase.reporterName, ...kase.witnesses.names]))
    : null;
}

/** The urgent alert when no member can receive it: to the owner's account and the escalation contact, if any. */
function alertUnrouted(
  ctx: Context,
  caseId: string,
  codeName: string,
  report: Report,
  enqueue: (mail: OutgoingMail) => boolean,
  waitsIn?: string,
  told = 0,
): number {
  const contact = settingsOf(ctx).escalationContact;
  const recipients: Array<{ role: string; to: string | null; toOwner: boolean }> = [
    { role: 'owner', to: ownerAddressOf(ctx) ?? null, toOwner: true },
    // Never a contact the report names (self-reported.ts namesAddress); nor one when members were told.
    { role: 'contact', to: contact && !told && !namesAddress(ctx, contact, report) ? contact : null, toOwner: false },
  ];
  let queued = 0;
  let added = false;
  for (const r of recipients) {
    if (!r.to) continue;
    added =
      enqueue({
        key: outboxKey(caseId, 'urgent', r.role),
        caseId,
        kind: 'urgent',
        to: r.to,
        ...urgentUnroutedMessage({ codeName, toOwner: r.toOwner, waitsIn, told }),
        delivery: AT_LEAST_ONCE,
      }) || added;
    queued++;
  }
  // Once, with the alerts it queued (the same commit): the hourly try while Drive refuses the Doc queues none (ADV-609).
  if (added)
    recordAudit(ctx, 'intake.urgent-unrouted', caseId, `${told} member(s) alerted; ${queued} fallback recipient(s)`);
  return queued;
}

/**
 * Finishes cases whose intake died after the registry row was written (for the sweep): re-reads each
 * response from the Form and runs intake again. Returns how many were finished. Bounded per run.
 */
export function resumeIncompleteIntakes(
  ctx: Context,
  maxCases = 5,
  onFailure?: (row: IntakeRow, receivedAt: number, err: unknown) => void,
  rests?: (row: IntakeRow) => boolean,
): number {
  // An email the owner made a case (inbox-case.ts, `mail:` ids) has no Form response: one from before its answers were
  // kept in the registry (ADV-458) is finished by pressing its link again.
  // One whose response the committee account was told is gone goes last: it must not keep the others waiting. Then
  // the reports whose 24 hours to be acknowledged have passed: after a flood they must not keep a later report past
  // its own (ADV-440).
  const late = (r: IntakeRow) => Number(readNow(ctx) - Date.parse(r.receivedAt) > DAY_MS);
  const stuck = casesOf(ctx)
    .unfinishedIntakes()
    .filter((r) => (r.recorded || !r.responseId.startsWith('mail:')) && !rests?.(r))
    .sort((a, b) => Number(!!a.missingTold) - Number(!!b.missingTold) || late(a) - late(b));
  if (!stuck.length) return 0;
  const formId = requireProp(ctx, PROP.formId);
  let finished = 0;
  for (const row of stuck.slice(0, maxCases)) {
    if (outOfTime(ctx, 60000)) break;
    const { caseId } = row;
    const response = row.recorded ? recordedSubmission(row) : readResponse(formId, row.responseId);
    // Told once: it is still looked for each run (a response a Form failed to give may come back), in silence.
    if (!response && row.missingTold) continue;
    if (!response) {
      casesOf(ctx).tellResponseMissing(row);
      recordAudit(
        ctx,
        'intake.response-missing',
        caseId,
        'an interrupted intake cannot be finished: the Form no longer has the response',
      );
      // Need-to-know: the members cleared for the case (none yet, at intake) and the committee account, which alone
      // can check the Form's responses; not every member.
      ctx.outbox.alertCase(caseId, 'A report could not be finished', [
        'A report was received but its processing was interrupted, and the Form no longer holds the response.',
        "Check the Form's responses; the case document may be incomplete.",
      ]);
      continue;
    }
    // One interrupted intake that fails again must not keep the others (nor the missed responses after them) waiting.
    try {
      if (runIntake(ctx, response).kind === 'created') finished++;
    } catch (err) {
      if (isExecutionEnding(err) || !onFailure) throw err;
      onFailure(row, response.receivedAt, err);
    }
  }
  return finished;
}

/**
 * A recorded report's submission (or an email's the owner made a case) as registered: its answers kept in the registry
 * until intake finished; null if unreadable.
 */
function recordedSubmission(row: IntakeRow): Submission | null {
  const r = row.recorded as { memberId?: unknown; conflict?: unknown; answers?: unknown; at?: unknown };
  if (!r?.answers || typeof r.answers !== 'object') return null;
  return {
    responseId: row.responseId,
    receivedAt: Number(r.at),
    answers: r.answers as Submission['answers'],
    recordedBy: typeof r.memberId === 'string' ? { memberId: r.memberId, conflict: r.conflict === true } : undefined,
  };
}
