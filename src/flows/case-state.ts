// A case from deliberation to resolution as the later flows see it: phases, the status row kept in step without overwriting members' edits, dated Doc entries, and who may act.
import { recheckCaseDoc } from './audit-recheck';
import { wakeAt } from './trigger-health';
import { DAY_MS, formatForSheet, isoOf, isDate } from '../core/deadlines';
import {
  caseStatusOf,
  DOC_SECTIONS,
  nextActionText,
  SEND_LETTER_ACTION,
  statusForPhase,
  type CaseStatus,
} from '../core/case-model';
import { CASE_PHASES, checkMove, isClosedPhase, type CasePhase } from '../core/lifecycle';
import { periodOf } from '../core/statistics';
import { statisticsZoneOf } from './statistics';
import { committeeAlertMessage, type Message } from '../core/messages';
import { isSamePerson, matchAddresses, matchNames } from '../core/identity';
import { findIdentifyingText, type Finding, type ProtectedIdentity } from '../core/redaction';
import { FORM_ITEMS, FORMER_TITLES, parseReport, reportIdentity, type Report } from '../core/report';
import { stripControlCharacters } from '../core/text';
import type { Context } from '../workspace/context';
import { trashFile, type ReportEntry } from '../workspace/docs';
import { PROP } from '../workspace/schema';
import { secureCaseDoc } from '../workspace/sharing';
import { isQuotaSpentForDay, auditError, rethrowEnding } from '../workspace/errors';
import { buildAlertMail, buildOwnerMail, type CommitteeMember } from '../workspace/members';
import { formatSheetTime } from '../workspace/session';
import { caseOutcome, casesOf, isClosed, personCodesOf, type Case, type CaseFlags } from '../records/cases';
import { clearancesOf, isCleared, type Clearances } from '../records/clearances';
import { datedLine, isFiledLine } from '../records/doc-log';
import { outboxKey, outboxOf } from '../records/outbox';
import { statusRowsOf, TRACKED_HEADER, type Tracked } from '../records/status-rows';
import { memberById, timeZoneOf, activeMembers } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp, requireProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';

/** Core's DOC_SECTIONS by name: the titles are spelled once in the bundle. */
const [report, discussions, plan, consequences, moderators, letter, reportedPerson, followUp, log] = DOC_SECTIONS;
/** The case Doc's sections these flows read from and write to (DESIGN §2 titles). */
export const SECTION = {
  report,
  discussions,
  plan,
  consequences,
  moderators,
  letter,
  reportedPerson,
  followUp,
  log,
} as const;

/** What the committee is asked when Drive could share only with Google's invitation email (no Google account). */
export const USE_GOOGLE_ACCOUNT = 'Ask the member to use a Google account address in the Committee tab.';

/** The `Status` value for a phase (core's table, plus the two in-between steps). */
export function statusFor(phase: CasePhase): CaseStatus {
  if (phase === 'vote-passed' || phase === 'moderators-accepted') return 'Ongoing';
  return statusForPhase(phase);
}

/** The `Actions needed` text for a phase: vague, name-free, gender-neutral. */
export function actionFor(phase: CasePhase): string {
  if (phase === 'vote-passed') return 'Send recommendation to moderators';
  if (phase === 'moderators-accepted') return SEND_LETTER_ACTION;
  return nextActionText(phase);
}

/**
 * One finished case by id, or null, with its deadlines fixed (a row without them takes Settings' now and keeps
 * them): what the deliberation flows work from.
 */
export function loadCase(ctx: Context, caseId: string): Case | null {
  const cases = casesOf(ctx);
  const kase = cases.find(caseId);
  return kase && cases.settleDeadlines(kase);
}

/**
 * Every finished case in registry `Cases` (open, or closed and not yet archived), in registry order, deadlines fixed
 * as `loadCase` does (one read of the tab; archived cases have nothing due and are not read).
 */
export function loadCases(ctx: Context): Case[] {
  const cases = casesOf(ctx);
  return cases.live().map((kase) => cases.settleDeadlines(kase));
}

/**
 * Moves the case to `phase` and brings `Status` and `Actions needed` (and `Resolution` when given) in step.
 * A cell is written only while it still holds what the system last wrote there (intake's values when
 * nothing is recorded): a member's own edit is never overwritten. Saves the registry row.
 */
export function setPhase(ctx: Context, state: Case, phase: CasePhase, options: { resolution?: string } = {}): void {
  // A closing proposed before the case closed (or before it opened again) was about the case as it stood then: no
  // second member confirms it after a reopening (ADV-259).
  if (isClosed(state) !== isClosedPhase(phase)) {
    delete state.flags.closingProposal;
    setScreeningAside(ctx, state, isClosedPhase(phase));
    // A closing undone in its own quarter was in no publication (a period is published once ended): the case counts
    // where it closes for good, as it ends then, not as a slip closed it (ADV-634; src/core/statistics.ts).
    const first = state.flags.firstClosed;
    const quarter = (at: string) => periodOf(at, 'quarter', statisticsZoneOf(ctx));
    if (first && quarter(first.at) === quarter(readNowIso(ctx))) delete state.flags.firstClosed;
  }
  // The lifecycle table (src/core/lifecycle.ts) decides: a move it does not list is a bug, refused before anything is written.
  state.phase = checkMove(state.phase, phase);
  if ((phase === 'resolved' || phase === 'closed') && !state.closedAt) {
    state.closedAt = readNowIso(ctx);
    state.flags.firstClosed ??= { at: state.closedAt, outcome: caseOutcome(state) };
  }
  if (isClosedPhase(phase)) dropStatusEmails(ctx, state);
  syncStatusRow(ctx, state, options.resolution);
  casesOf(ctx).save(state);
}

/**
 * A conflict check still waiting for the mail quota asks nothing of a case that closed (ADV-486: a flood's reports closed
 * from the sheet): set aside, it goes again if the case opens again, to a member still active and silent. Sent, they
 * took the next day's quota from the reports that came after. One whose links expired meanwhile goes with fresh ones
 * (the mailer makes it again, ADV-516).
 */
function setScreeningAside(ctx: Context, state: Case, closing: boolean): void {
  const screening = (key: string) => key.startsWith(`${state.id}|screening|`);
  const note = 'the case closed first';
  const now = readNowIso(ctx);
  if (closing) outboxOf(ctx).dropPendingWhere(screening, now, note);
  else
    outboxOf(ctx).revive(state.id, `dropped: ${note}`, now, (key) => {
      const id = key.slice(key.lastIndexOf('|') + 1);
      return screening(key) && !!memberById(ctx, id)?.active && !clearancesOf(ctx).latest(state.id, id);
    });
}

/** A status email still waiting ("the committee is still working on your report") is untrue once the case closed. */
export function dropStatusEmails(ctx: Context, state: Case): void {
  outboxOf(ctx).dropPendingWhere(
    (key) => key.startsWith(`${state.id}|status:`),
    readNowIso(ctx),
    'nothing more is due',
  );
}

/** What the system writes in `Status` and `Actions needed` at every step of a case that asks nothing (no closing). */
const OWN_WORDS = new Set(
  CASE_PHASES.flatMap((p) => (isClosedPhase(p) ? [actionFor(p)] : [actionFor(p), statusFor(p)])),
);

/** Writes the tracked status cells that no member has changed since the system last wrote them, or that are blank. */
export function syncStatusRow(ctx: Context, state: Case, resolution?: string): void {
  const rows = statusRowsOf(ctx);
  const ref = rows.find(state.codeName);
  if (ref === null) {
    recordAudit(ctx, 'status.row-missing', state.id, 'no status row carries this case code name; nothing written');
    noteStatusRowMissing(ctx, state);
    return;
  }
  const last: Record<Tracked, string> = {
    status: state.flags.lastWritten?.status ?? statusFor('screening'),
    actions: state.flags.lastWritten?.actions ?? actionFor('screening'),
    resolution: state.flags.lastWritten?.resolution ?? '',
  };
  const desired: Partial<Record<Tracked, string>> = { status: statusFor(state.phase), actions: actionFor(state.phase) };
  if (resolution !== undefined) desired.resolution = resolution;
  const written: Record<Tracked, string> = { ...last };
  const patch: Partial<Record<Tracked, string>> = {};
  for (const key of Object.keys(desired) as Tracked[]) {
    const want = desired[key] as string;
    const current = rows.tracked(ref, key);
    if (current === want) {
      written[key] = want;
      // A cell cleared (the Delete key over a range) is nobody's text to keep: left, it stayed blank for good. Nor is
      // a Status that is no status, or one in another spelling (`closed`).
      // Nor what the system writes at another step (an open status, an action text): a version restored brings its
      // older words back, and kept as a member's they said `New` and the first step for good.
    } else if (
      current === last[key] ||
      !current ||
      (key === 'status' && caseStatusOf(current) !== current) ||
      OWN_WORDS.has(current)
    ) {
      patch[key] = want;
      written[key] = want;
    } else {
      recordAudit(
        ctx,
        'status.member-edit-kept',
        state.id,
        `${TRACKED_HEADER[key]} was changed by a member; left as it is`,
      );
    }
  }
  if (Object.keys(patch).length) rows.writeTracked(ref, patch);
  state.flags.lastWritten = written;
}

/**
 * Appends a case's status row in memory (intake's, and the sweep's for a row intake could not write): risk columns
 * `Unknown`, `Status` and `Actions needed` of `phase`, the report's date. Returns what it wrote into the tracked
 * cells, for `lastWritten`. Nothing when the tab has no `Code Name` column: such a row could never be found again.
 */
export function appendStatusRow(
  ctx: Context,
  codeName: string,
  receivedAtMs: number,
  phase: CasePhase,
  resolution = '',
): CaseFlags['lastWritten'] | null {
  const rows = statusRowsOf(ctx);
  if (!rows.hasKeyColumn()) return null;
  const written = { status: statusFor(phase), actions: actionFor(phase), resolution };
  rows.append({ ...written, codeName, dateTime: formatSheetTime(receivedAtMs, ctx.clock.timeZone()) });
  return written;
}

const MISSING_ROW_TITLE = 'A status row could not be updated';

/**
 * A case's status row is gone (a member deleted the row or changed its code name) or `copied` (its code name is on
 * several rows). The system never guesses which other row is meant and never adds the row back by itself: deleting
 * a row is a member's edit like any other, and a row put back every hour would fight a deliberate deletion. The
 * committee is told once per disappearance (the flag is cleared when exactly one row is found again, e.g. after
 * Undo). Closed cases are not reported (members tidy finished rows away), nor a case whose row intake never wrote
 * (`statusRowOwed`: the sweep adds it), nor a tab without a `Code Name` column (the sweep's configuration alert
 * covers every row). Returns true when it changed the flags (`setPhase` saves them; other callers must `saveCase`).
 */
export function noteStatusRowMissing(ctx: Context, state: Case, copied = false, gone?: Case[]): boolean {
  if (isClosed(state) || state.flags.statusRowOwed || state.flags.statusRowMissing) return false;
  if (!statusRowsOf(ctx).hasKeyColumn()) return false;
  state.flags.statusRowMissing = readNowIso(ctx);
  recordAudit(
    ctx,
    'status.row-missing-told',
    state.id,
    `the committee was told the status row is ${copied ? 'on several rows' : 'gone'}`,
  );
  if (gone) gone.push(state);
  else tellRowsMissing(ctx, [state], copied);
  return true;
}

/**
 * One alert for the rows one run found gone: a tab restored to an older version, or a Find and replace over the code
 * names, takes many at once, and one alert a case went to every member (three cases, four members: twelve mails).
 */
export function tellRowsMissing(ctx: Context, gone: Case[], copied = false): void {
  const one = gone.length < 2 ? gone[0] : undefined;
  if (gone.length)
    ctx.outbox.alertCommittee(
      MISSING_ROW_TITLE,
      copied
        ? [
            'This code name is on more than one row of the Cases tab (a row was copied).',
            'The case goes on, but the system writes into neither row, and a Status typed into either changes nothing.',
            'Delete the extra row: the one left is kept up to date again.',
          ]
        : [
            ...(one
              ? []
              : [`${gone.length} cases have no row any more: ${gone.map((c) => c.codeName).join(', ')}. For each:`]),
            'The Cases tab has no row for this code name any more (the row was deleted, or its code name was changed).',
            'The case itself goes on (its document, links and reminders are unaffected), but its Status and Actions needed are no longer shown. The system will not write into any other row, and will not add the row back by itself.',
            'To bring it back, undo the deletion (Edit → Undo, or File → Version history) or put the code name back; the system keeps the row up to date again once it finds it.',
          ],
      one?.codeName,
      one?.id,
    );
}

/**
 * The sweep's hourly look at one case's status row (`present`: the tab has exactly one row with its code name,
 * `copied`: several). A row intake could not write is added now (and the flag dropped once a later run sees it, so
 * a write refused at commit is tried again); a row that disappeared or was copied is reported once; a single row
 * found again clears the report. Saves the case only when something changed: the hourly sweep must cost reads only.
 */
export function reconcileStatusRow(
  ctx: Context,
  state: Case,
  row: 'present' | 'missing' | 'copied',
  gone?: Case[],
): void {
  if (!statusRowsOf(ctx).hasKeyColumn()) return;
  const cases = casesOf(ctx);
  if (row === 'copied') {
    if (noteStatusRowMissing(ctx, state, true)) cases.save(state);
    return;
  }
  if (row === 'present') {
    if (!state.flags.statusRowOwed && !state.flags.statusRowMissing) return;
    delete state.flags.statusRowOwed;
    delete state.flags.statusRowMissing;
    cases.save(state);
    return;
  }
  if (state.flags.statusRowOwed) {
    if (!appendCaseStatusRow(ctx, state)) return;
    cases.save(state);
    recordAudit(ctx, 'status.row-added', state.id, 'the status row intake could not write was added');
    return;
  }
  if (noteStatusRowMissing(ctx, state, false, gone)) cases.save(state);
}

/** Appends a case's status row as the case stands now (code name, date, status), noting what was written; false when the tab has no `Code Name` column. */
export function appendCaseStatusRow(ctx: Context, state: Case): boolean {
  const written = appendStatusRow(
    ctx,
    state.codeName,
    Date.parse(state.receivedAt) || readNow(ctx),
    state.phase,
    state.flags.lastWritten?.resolution ?? '',
  );
  if (!written) return false;
  state.flags.lastWritten = written;
  return true;
}

/**
 * Appends a dated entry to a section of the case Doc and, for the record, a dated line under `Log`
 * (`logLine` when the entry's first line only makes sense next to its section's text).
 */
export function recordInDoc(
  ctx: Context,
  state: Case,
  section: string,
  heading: string,
  body: readonly string[] = [],
  logLine = heading,
): void {
  const zone = timeZoneOf(ctx);
  ctx.work.docs.appendToSection(state.docId, section, [datedLine(readNow(ctx), heading, zone), ...body]);
  if (section !== SECTION.log) ctx.work.docs.appendLog(state.docId, datedLine(readNow(ctx), logLine, zone));
}

/**
 * Makes a case's Doc: titled by its code name, in the private folder and private (one Drive call), the case template
 * with `entries` and `logLines`, saved. With `findSince` (ms), a Doc of that title a dead run made since then is found
 * and rebuilt instead (code names are unique); two dead runs could each have made one: the first is kept, the rest,
 * holding only the template, trashed. One found again is placed as before (it may be an older version's, made in My
 * Drive's root). Returns its id.
 */
export function makeCaseDoc(
  ctx: Context,
  codeName: string,
  entries: readonly ReportEntry[],
  logLines: readonly string[],
  findSince: number | null,
): string {
  const folderId = requireProp(ctx, PROP.folderId);
  let docId = '';
  if (findSince !== null) {
    const [found, ...extra] = ctx.work.docs.findByTitle(codeName, findSince, requireProp(ctx, PROP.owner), true);
    docId = found ?? '';
    for (const orphan of extra) trashFile(orphan);
  }
  const made = docId ? null : ctx.work.docs.createIn(codeName, folderId);
  if (made) {
    docId = made.id;
    quotaDay(ctx);
  }
  ctx.work.docs.writeCaseTemplate(docId, entries, logLines);
  ctx.work.docs.save(docId);
  secureCaseDoc(docId, folderId, made?.access);
  return docId;
}

/**
 * When the day of a daily quota of Google's began (`prop`: `PROP.docsDay` for Documents created, `PROP.gmailDay` for
 * Email read/write): one that has ended starts again at a use counted, or a refusal (the day then began earlier, by
 * another script or a person: it comes back within 24 hours of now at the latest). Back 24 hours after it began.
 * `span`: a window of another length (the week of a full storage's notice, `PROP.storageFull`, ADV-565).
 */
export function quotaDay(ctx: Context, prop: string = PROP.docsDay, span = DAY_MS): number {
  const now = readNow(ctx);
  const day = Number(readProp(ctx, prop));
  if (now < day + span) return day;
  writeProp(ctx, prop, String(now));
  return now;
}

/** A daily quota of Google's is spent: a wake-up when it comes back (`quotaDay` + 24 hours), which it returns. */
export function wakeForQuota(ctx: Context, prop: string, what: string): number {
  const back = quotaDay(ctx, prop) + DAY_MS;
  wakeAt(ctx, back, what);
  return back;
}

/**
 * `err` is Google's Documents created quota, spent for the day: the wake-up at its return, which it returns (ADV-443,
 * ADV-456, ADV-463); else 0, and the caller handles `err` as any other failure.
 */
export function waitForDocsQuota(ctx: Context, err: unknown): number {
  return isQuotaSpentForDay(err, 'docs create') ? wakeForQuota(ctx, PROP.docsDay, 'Documents created') : 0;
}

/**
 * A daily quota is spent (ADV-440: Documents created; ADV-442: Email read/write): a wake-up when it comes back, and
 * the committee account told once per quota day. False when it was told already: the caller then records nothing.
 */
export function tellQuotaOnce(
  ctx: Context,
  prop: string,
  what: string,
  message: (p: { backBy: string }) => Message,
): boolean {
  const back = wakeForQuota(ctx, prop, what);
  const discriminator = `${prop}:${back}`;
  if (outboxOf(ctx).has(outboxKey('-', discriminator, 'owner'))) return false;
  const owner = ownerAddressOf(ctx);
  const backBy = committeeTime(ctx, isoOf(back));
  if (owner) queueMail(ctx, buildOwnerMail({ owner, discriminator, message: message({ backBy }), kind: 'quota' }));
  return true;
}

/** Appends a dated line under `Log` only. */
/**
 * An instant as every page, email and Doc line names it: the committee's wall-clock time and its zone
 * (`2026-03-10 09:01 (Etc/UTC)`, Settings `Time zone`); '' for no valid instant.
 */
export function committeeTime(ctx: Context, iso: string): string {
  if (!iso || !isDate(iso)) return '';
  const zone = timeZoneOf(ctx);
  return `${formatForSheet(iso, zone)} (${zone})`;
}

export function logInDoc(ctx: Context, state: Case, line: string): void {
  ctx.work.docs.appendLog(state.docId, datedLine(readNow(ctx), line, timeZoneOf(ctx)));
}

/**
 * Logs a line in the Doc of something already done (a share, a reopening) that a Docs failure must not undo: the line
 * is the only loss, and the Audit tab says so (`doc.log-failed`, with `what` and the error).
 */
export function logInDocOrAudit(ctx: Context, state: Case, line: string, what: string): void {
  writeInDocOrAudit(ctx, state, what, () => logInDoc(ctx, state, line));
}

/** `write` to the Doc, as `logInDocOrAudit`; a Doc that refuses it is the next sweep's access audit's to find or replace. */
export function writeInDocOrAudit(ctx: Context, state: Case, what: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    rethrowEnding(err);
    recordAudit(ctx, 'doc.log-failed', state.id, `${what} not logged in the Doc: ${auditError(err, 150)}`);
    recheckCaseDoc(ctx, state.id);
  }
}

/** How a refusal to a member not cleared for the case begins ("… can vote."), named once to share one string in the bundle. */
export const ONLY_CLEARED_CAN = 'Only members cleared for this case can ';
/** A refusal on a closed case, named once for the same reason. */
export const CASE_CLOSED = 'This case is closed.';

/** The member, if active and cleared for the case right now (latest decision `no-conflict`). */
export function clearedMember(
  ctx: Context,
  clearances: Clearances,
  caseId: string,
  memberId: string,
): CommitteeMember | null {
  const member = memberById(ctx, memberId);
  if (!member || !member.active || !member.id) return null;
  return isCleared(clearances.latest(caseId, member.id)) ? member : null;
}

/** Active members cleared for the case (the people who may see and act on it). */
export function clearedMembers(ctx: Context, clearances: Clearances, caseId: string): CommitteeMember[] {
  return activeMembers(ctx).filter((m) => isCleared(clearances.latest(caseId, m.id)));
}

/**
 * Tells the members cleared for the case something that needs them. Nobody else: a member who is not cleared
 * (silent, or with a conflict) hears nothing about the case; a case nobody is cleared for is the stall alert's
 * business (stalls.ts: the owner and the escalation contact). `title` and `lines` must be name-free; the code name is added. `discriminator` makes it happen once; `only` narrows who hears.
 */
export function tellCaseMembers(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  kind: 'alert' | 'reminder',
  discriminator: string,
  title: string,
  lines: readonly string[],
  only: (memberId: string) => boolean = () => true,
): number {
  const recipients = clearedMembers(ctx, clearances, state.id).filter((m) => only(m.id));
  const message = committeeAlertMessage({ title, lines: [...lines], codeName: state.codeName });
  let queued = 0;
  for (const member of recipients) {
    const added = queueMail(ctx, {
      key: outboxKey(state.id, discriminator, member.id),
      caseId: state.id,
      kind,
      to: member.email,
      ...message,
      delivery: AT_LEAST_ONCE,
      // Reminders reach members as one digest per member per day or week (digests.ts), not one email per case.
      digest: kind === 'reminder',
    });
    if (added) queued++;
  }
  if (queued) recordAudit(ctx, `committee.${kind}`, state.id, `${title} (${queued} members)`);
  return queued;
}

/**
 * Tells the committee account alone about a case (by code name), once per `discriminator`: what tellCaseMembers would
 * say while nobody is cleared for the case yet, so that somebody hears of it. True when it was queued.
 */
export function tellCommitteeAccount(
  ctx: Context,
  state: Case,
  discriminator: string,
  title: string,
  lines: readonly string[],
): boolean {
  const owner = ownerAddressOf(ctx) ?? '';
  if (!owner) return false;
  return queueMail(
    ctx,
    buildAlertMail({
      title,
      lines,
      codeName: state.codeName,
      caseId: state.id,
      member: { id: 'owner', email: owner },
      discriminator,
    }),
  );
}

/**
 * Splits the Doc's `Report` section (its paragraphs) back into answers keyed by Form item title. Only a paragraph that
 * is a title starts an answer, as writeCaseTemplate wrote each question: a reporter's line inside their answer that
 * quotes a question is in the answer's paragraph, and stays in that answer (ADV-522).
 */
export function answersFromReportSection(paragraphs: readonly string[]): Record<string, string> {
  const titles = new Set<string>([...FORM_ITEMS.map((item) => item.title), ...Object.keys(FORMER_TITLES)]);
  const answers: Record<string, string> = {};
  let current: string | null = null;
  for (const paragraph of paragraphs) {
    const line = stripControlCharacters(paragraph);
    const trimmed = line.trim();
    if (titles.has(trimmed)) {
      current = trimmed;
      answers[current] = '';
      continue;
    }
    if (current) answers[current] = answers[current] ? `${answers[current]}\n${line}` : line;
  }
  return answers;
}

/**
 * Who must stay unidentifiable in anything sent to moderators, the escalation contact or the reported
 * person: the reporter and the witnesses, from the registry and from the report itself (which also keeps
 * an unusable email answer as typed), the addresses and handles the reporter added by email (ADV-196), and the reporters
 * and witnesses of the cases about the same people (ADV-199). `reportText` is the report, for the long-quote check.
 */
export function protectedIdentity(
  ctx: Context,
  state: Case,
): { identity: ProtectedIdentity; others: ProtectedIdentity; reportText: string; report: Report } {
  const paragraphs = ctx.work.docs.readParagraphs(state.docId, SECTION.report);
  const reportText = stripControlCharacters(paragraphs.join('\n')).trim();
  const report = parseReport(answersFromReportSection(paragraphs));
  // What the reporter added by replying (filed in their section) names people too: its addresses and handles. Not its
  // words: a reply from a client that quotes without "> " carries our own text, which a letter may well repeat.
  // And those the registry kept of them, and of the report at intake (its names too): a member restoring an earlier
  // version of the Doc, or emptying its Report, takes the words away (ADV-539, ADV-544).
  const named = state.flags.named ?? [];
  const added = [
    ...ctx.work.docs.readSection(state.docId, SECTION.followUp).split('\n').filter(isFiledLine),
    ...named,
  ].join('\n');
  const fromReport = reportIdentity({ ...report, extra: `${report.extra}\n${added}` });
  const unique = (items: string[]) => [...new Set(items.map((s) => s.trim()).filter(Boolean))];
  // Several reports about one person (a person code in common): their reporters and witnesses are protected here too
  // (invariant 7), unless this case reports them, or has them as its own reporter or witness (its follow-up goes to
  // its reporter, who may report the person twice: guarded from herself, and a member learns she is in the other).
  const codes = personCodesOf(state);
  const { reported: r, witnesses: w } = state;
  const reported = (x: string) =>
    [...r.names, ...r.handles, ...w.names, ...w.handles, state.reporterName].some(
      (n) => n && isSamePerson(matchNames(x, n)),
    ) || [...r.emails, ...w.emails, state.reporterEmail].some((e) => e && isSamePerson(matchAddresses(x, e)));
  // Read as a case page reads its earlier cases (Cases, and the archived ones `Flags.earlier` lists): reading every
  // case ever (the archive's rows, all their columns) made a case page wait on the whole history.
  const related = codes.length
    ? casesOf(ctx)
        .mayNameTheSame(state)
        .filter((c) => c.id !== state.id && personCodesOf(c).some((x) => codes.includes(x)))
    : [];
  const of = (pick: (c: Case) => string[]) => related.flatMap(pick).filter((x) => x && !reported(x));
  const others = {
    names: of((c) => [c.reporterName, ...c.witnesses.names]),
    emails: of((c) => [c.reporterEmail, ...c.witnesses.emails]),
    handles: of((c) => c.witnesses.handles),
  };
  return {
    identity: {
      names: unique([
        state.reporterName,
        ...state.witnesses.names,
        ...others.names,
        ...fromReport.names,
        ...named.filter((n) => !n.includes('@')),
      ]),
      emails: unique([state.reporterEmail, ...state.witnesses.emails, ...others.emails, ...fromReport.emails]),
      handles: unique([...state.witnesses.handles, ...others.handles, ...fromReport.handles]),
    },
    others,
    reportText,
    report,
  };
}

/** The redaction guard over every part of a text about to leave the committee; findings carry the part's label. */
export function guardTexts(
  ctx: Context,
  state: Case,
  parts: ReadonlyArray<{ label: string; text: string; others?: boolean }>,
): Array<{ label: string; findings: Finding[] }> {
  const { identity, others, reportText } = protectedIdentity(ctx, state);
  const out: Array<{ label: string; findings: Finding[] }> = [];
  for (const part of parts) {
    // A text to the reporter (`others`) may name their own witnesses; never those of another report.
    const findings = part.others
      ? findIdentifyingText(part.text, others, '')
      : findIdentifyingText(part.text, identity, reportText);
    if (findings.length) out.push({ label: part.label, findings });
  }
  return out;
}
