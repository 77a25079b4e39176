// Intake (DESIGN §3.2): one Form response becomes exactly one code-named case — registry row, private Doc, status row — then its mail is queued.
import { generateCodeName } from '../core/code-names';
import { computeDeadlines } from '../core/deadlines';
import { acknowledgmentMessage, screeningMessage, urgentAlertMessage } from '../core/messages';
import { FORM_ITEMS, isBlankReport, parseReport, reportIdentity, type Report } from '../core/report';
import { truncate } from '../core/text';
import type { Context } from '../workspace/context';
import { trashFile, type ReportEntry } from '../workspace/docs';
import { linkExpiryDate } from '../workspace/links';
import { ID_PREFIX, INTAKE_PHASE, LINK_TTL_DAYS, PROP, REGISTRY_TAB, STATUS_TAB } from '../workspace/schema';
import { formatLogTime, scriptTimeZone } from '../workspace/session';
import { readResponse } from '../workspace/forms';
import { secureCaseDoc } from '../workspace/sharing';
import { appendStatusRow } from './case-state';
import { parsePeople } from './records';
import { recordSelfReportedConflicts } from './self-reported';

/** One Form response as the trigger delivered it. */
export interface Submission {
  responseId: string;
  /** When the Form received it (epoch ms). */
  receivedAt: number;
  /** Answers keyed by item title (DESIGN §9 `report`). */
  answers: Record<string, string | string[]>;
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
    ctx.audit('intake.blank-ignored', '-', 'a submit event with no answers was ignored');
    return { kind: 'ignored-blank' };
  }
  const cases = ctx.registry(REGISTRY_TAB.cases);
  const existing = cases.findBy('Response ID', submission.responseId);
  if (existing && String(existing.values.Phase) !== INTAKE_PHASE) {
    const caseId = String(existing.values['Case ID']);
    ctx.audit('intake.duplicate-ignored', caseId, 'the same response was delivered again');
    return { kind: 'duplicate', caseId };
  }

  const report = parseReport(submission.answers);
  const receivedIso = new Date(submission.receivedAt).toISOString();
  let ref: number;
  const resumed = Boolean(existing);
  if (existing) {
    ref = existing.ref;
  } else {
    ref = registerCase(ctx, submission, report, receivedIso);
    // The code name is on disk before any Doc exists, so a crash can never leave an unfindable Doc.
    ctx.commit();
  }
  const row = cases.get(ref);
  const caseId = String(row['Case ID']);
  const codeName = String(row['Code Name']);

  if (!String(row['Doc ID'])) {
    const docId = buildCaseDoc(ctx, codeName, submission, resumed);
    cases.update(ref, { 'Doc ID': docId });
  }

  const status = ctx.status(STATUS_TAB.cases);
  let rowAppended = false;
  if (!status.findBy('Code Name', codeName, true)) {
    // Without a `Code Name` column (a member renamed the header) no row could ever be found again: the case is
    // finished without one and flagged, and the sweep adds the row once the header is back (ADV-33).
    rowAppended = appendStatusRow(ctx, codeName, submission.receivedAt, 'screening') !== null;
    if (!rowAppended) oweStatusRow(cases, ref);
  }

  const mailed = queueIntakeMail(ctx, caseId, codeName, report);
  cases.update(ref, { Phase: 'screening' });
  ctx.audit(
    resumed ? 'case.created-after-recovery' : 'case.created',
    caseId,
    [
      `acknowledgment: ${mailed.acknowledgment}`,
      `danger reported: ${report.danger ? 'yes' : 'no'}`,
      `screening emails: ${mailed.screening}`,
      `urgent alerts: ${mailed.urgent}`,
    ].join('; '),
  );
  if (report.reporterEmailProblem) {
    ctx.audit('intake.reporter-email-unusable', caseId, `reporter address ${report.reporterEmailProblem}: no acknowledgment sent`);
  }
  const committed = ctx.commit();
  if (rowAppended && committed.tables[status.name]?.refused.includes(codeName)) {
    // The header was renamed between our read and our write: the row was refused (and the committee told).
    oweStatusRow(cases, ref);
    ctx.commit();
  }
  ctx.log(`intake: case ${caseId} ${resumed ? 'finished after an interrupted run' : 'created'}`);
  return { kind: 'created', caseId, codeName, resumed };
}

/** Marks the registry row's `Flags` so the sweep adds the status row intake could not write. */
function oweStatusRow(cases: ReturnType<Context['registry']>, ref: number): void {
  let flags: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(String(cases.get(ref).Flags || '{}')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) flags = parsed as Record<string, unknown>;
  } catch {
    flags = {};
  }
  cases.update(ref, { Flags: JSON.stringify({ ...flags, statusRowOwed: true }) });
}

/** Appends the registry row (phase `intake`) with a fresh case id and code name. Returns its ref. */
function registerCase(ctx: Context, submission: Submission, report: Report, receivedIso: string): number {
  const cases = ctx.registry(REGISTRY_TAB.cases);
  const status = ctx.status(STATUS_TAB.cases);
  // Unique across every case ever: the registry keeps them all; hand-made status rows count too.
  const taken = new Set<string>([...cases.column('Code Name'), ...status.column('Code Name')].filter(Boolean));
  const identity = reportIdentity(report);
  // Every code name shows in the shared status sheet beside every other case: it must not echo a name from
  // any report on file, not only this one (DESIGN §7.5).
  const names = [...report.reported.names, ...report.reported.handles, ...identity.names, ...namesOnFile(cases)];
  const codeName = generateCodeName(ctx.random(), taken, names);
  const settings = ctx.settings().settings;
  const deadlines = computeDeadlines(receivedIso, settings.policy);
  return cases.append({
    'Case ID': ctx.newId(ID_PREFIX.case),
    'Code Name': codeName,
    'Response ID': submission.responseId,
    'Received At': receivedIso,
    'Doc ID': '',
    Phase: INTAKE_PHASE,
    'Reporter Name': report.reporterName,
    'Reporter Email': report.reporterEmail ?? '',
    'Reporter Email Problem': report.reporterEmailProblem ?? '',
    Reported: JSON.stringify(report.reported),
    Witnesses: JSON.stringify(report.witnessPeople),
    Space: report.space,
    Danger: report.danger ? 'yes' : 'no',
    'Bad Faith': '',
    Deadlines: JSON.stringify({
      acknowledgeBy: deadlines.acknowledgeBy,
      followUpBy: deadlines.followUpBy,
      moderatorsWithinDays: settings.policy.moderatorsWithinDays,
      followUpDays: settings.policy.followUpWithinDays,
    }),
    Flags: '{}',
    'Closed At': '',
  });
}

/** Reporter, reported-person and witness names and handles of every case in the registry. */
function namesOnFile(cases: ReturnType<Context['registry']>): string[] {
  const names: string[] = [];
  for (const row of cases.rows()) {
    const reporter = String(row.values['Reporter Name'] ?? '').trim();
    if (reporter) names.push(reporter);
    for (const people of [parsePeople(row.values.Reported), parsePeople(row.values.Witnesses)]) names.push(...people.names, ...people.handles);
  }
  return names;
}

/** The report's answers in Form order (then any unknown items), answered ones only, verbatim. */
export function reportEntries(answers: Record<string, string | string[]>): ReportEntry[] {
  const text = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));
  const known = FORM_ITEMS.map((item) => item.title);
  const titles = [...known, ...Object.keys(answers).filter((t) => !known.includes(t))];
  const entries: ReportEntry[] = [];
  for (const title of titles) {
    if (!Object.prototype.hasOwnProperty.call(answers, title)) continue;
    const answer = text(answers[title]);
    if (answer.trim() === '') continue;
    entries.push({ question: title, answer });
  }
  return entries;
}

/** Creates (or, after a crash, finds and rebuilds) the case Doc, saves it, and makes it private in the folder. */
function buildCaseDoc(ctx: Context, codeName: string, submission: Submission, resumed: boolean): string {
  const folderId = ctx.requireProp(PROP.folderId);
  let docId = '';
  if (resumed) {
    const found = ctx.docs.findByTitle(codeName, submission.receivedAt - CLOCK_SLACK_MS);
    docId = found[0] ?? '';
    // Two dead runs could each have made one; keep the first, trash the rest (they hold only the template).
    for (const orphan of found.slice(1)) trashFile(orphan);
  }
  if (!docId) docId = ctx.docs.create(codeName);
  const logLine = `${formatLogTime(submission.receivedAt, scriptTimeZone())} — Report received through the Form`;
  ctx.docs.writeCaseTemplate(docId, reportEntries(submission.answers), [logLine]);
  ctx.docs.save(docId);
  secureCaseDoc(docId, folderId);
  return docId;
}

/** Names screening may show: the reported people (never the reporter or witnesses), bounded in number and length. */
export function screeningNames(report: Report): string[] {
  const identity = reportIdentity(report);
  const protectedNames = new Set(identity.names.map((n) => n.trim().toLowerCase()));
  const out: string[] = [];
  for (const raw of [...report.reported.names, ...report.reported.handles, ...report.reported.emails]) {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (!name || protectedNames.has(name.toLowerCase()) || out.some((n) => n.toLowerCase() === name.toLowerCase())) continue;
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
): { acknowledgment: string; screening: number; urgent: number } {
  const settings = ctx.settings().settings;
  let acknowledgment = 'none (no address given)';
  if (report.reporterEmail) {
    const message = acknowledgmentMessage({ reporterName: report.reporterName, followUpDays: settings.policy.followUpWithinDays });
    ctx.enqueueMail({
      key: `${caseId}|ack|reporter`, caseId, kind: 'ack', to: report.reporterEmail,
      replyTo: settings.committeeAddress ?? undefined, ...message, delivery: 'at-least-once',
    });
    acknowledgment = 'queued';
  } else if (report.reporterEmailProblem) {
    acknowledgment = `none (address ${report.reporterEmailProblem})`;
  }

  // A member named as a reported person is conflicted from the start: no email naming them, no alert, no link.
  const selfReported = recordSelfReportedConflicts(ctx, caseId, ctx.activeMembers(), report);
  const members = ctx.activeMembers().filter((m) => !selfReported.has(m.id));
  let urgent = 0;
  if (report.danger) {
    for (const member of members) {
      const message = urgentAlertMessage({ codeName, casePageUrl: ctx.linkFor(member.id, caseId, 'case', LINK_TTL_DAYS.case) });
      ctx.enqueueMail({ key: `${caseId}|urgent|${member.id}`, caseId, kind: 'urgent', to: member.email, ...message, delivery: 'at-least-once' });
      urgent++;
    }
  }

  const names = screeningNames(report);
  const expiresOn = linkExpiryDate(ctx.now(), LINK_TTL_DAYS.screening);
  let screening = 0;
  for (const member of members) {
    const message = screeningMessage({
      memberName: member.name,
      reportedNames: names,
      noConflictUrl: ctx.linkFor(member.id, caseId, 'no-conflict', LINK_TTL_DAYS.screening),
      conflictUrl: ctx.linkFor(member.id, caseId, 'conflict', LINK_TTL_DAYS.screening),
      expiresOn,
    });
    ctx.enqueueMail({ key: `${caseId}|screening|${member.id}`, caseId, kind: 'screening', to: member.email, ...message, delivery: 'at-least-once' });
    screening++;
  }
  if (!members.length) {
    ctx.audit('intake.no-active-members', caseId, 'no active committee member to screen the report');
  }
  return { acknowledgment, screening, urgent };
}

/**
 * Finishes cases whose intake died after the registry row was written (for the sweep): re-reads each
 * response from the Form and runs intake again. Returns how many were finished. Bounded per run.
 */
export function resumeIncompleteIntakes(ctx: Context, maxCases = 5): number {
  const cases = ctx.registry(REGISTRY_TAB.cases);
  // Through filterBy (trimmed text, no record built per row), then the exact test: the sweep runs this over every case.
  const stuck = cases.filterBy('Phase', INTAKE_PHASE).filter((row) => String(row.values.Phase) === INTAKE_PHASE);
  if (!stuck.length) return 0;
  const formId = ctx.requireProp(PROP.formId);
  let finished = 0;
  for (const row of stuck.slice(0, maxCases)) {
    if (ctx.timeBudget.exhausted(60000)) break;
    const caseId = String(row.values['Case ID']);
    const response = readResponse(formId, String(row.values['Response ID']));
    if (!response) {
      ctx.audit('intake.response-missing', caseId, 'an interrupted intake cannot be finished: the Form no longer has the response');
      ctx.alertCommittee('A report could not be finished', [
        'A report was received but its processing was interrupted, and the Form no longer holds the response.',
        'Check the Form\'s responses; the case document may be incomplete.',
      ], String(row.values['Code Name']), caseId);
      continue;
    }
    const outcome = runIntake(ctx, response);
    if (outcome.kind === 'created') finished++;
  }
  return finished;
}
