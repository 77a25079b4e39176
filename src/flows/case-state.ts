// A case from deliberation to resolution as the later flows see it: registry row, frozen deadlines, flags, phase, and the status row kept in step without overwriting members' edits.
import { nextActionText, SEND_LETTER_ACTION, statusForPhase, type CaseStatus, type Phase } from '../core/case-model';
import { addDays, DEFAULT_POLICY, type Policy } from '../core/deadlines';
import { committeeAlertMessage } from '../core/messages';
import { findIdentifyingText, type Finding, type ProtectedIdentity } from '../core/redaction';
import { FORM_ITEMS, parseReport, reportIdentity } from '../core/report';
import { normalizeEmail } from '../core/text';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { INTAKE_PHASE, REGISTRY_TAB, STATUS_TAB } from '../workspace/schema';
import { formatLogTime, formatSheetTime, scriptTimeZone } from '../workspace/session';
import { Clearances, isCleared, parsePeople, type PeopleRecord } from './records';

/**
 * Core phases plus the two steps between them that need a person: a passed vote whose recommendation is
 * not sent yet, and moderators' acceptance before the letter goes out.
 */
export type CasePhase = Phase | 'vote-passed' | 'moderators-accepted';

/** The case Doc's sections these flows read from and write to (DESIGN §2 titles). */
export const SECTION = {
  report: 'Report',
  discussions: 'Committee discussions',
  plan: 'Proposed behavioral modification plan',
  consequences: 'Proposed consequences',
  moderators: 'Discussions with moderators and organizers',
  letter: 'Letter to the reported person',
  reportedPerson: 'Discussions with the reported person',
  followUp: 'Follow-up to the reporter',
  log: 'Log',
} as const;

/** What a case was opened under (registry `Deadlines`): a later change of Settings never moves these (R11). */
export interface StoredDeadlines {
  acknowledgeBy: string;
  followUpBy: string;
  moderatorsWithinDays: number;
  followUpDays: number;
}

/** Who did something and when (member id, ISO instant). */
export interface Stamp {
  at: string;
  by: string;
}

/** Small JSON kept in registry `Flags`. Unknown keys written by other flows are preserved. */
export interface CaseFlags {
  /** What the system last wrote into the status row; a cell that differs was edited by a member and is left alone. */
  lastWritten?: { status?: string; actions?: string; resolution?: string };
  /** The recommendation round in force: the vote it follows and its moderators' ids. */
  recommendation?: { voteId: string; at: string; by: string; moderators: string[] };
  override?: Stamp;
  letter?: Stamp;
  followUp?: Stamp;
  escalation?: Stamp;
  noViolation?: Stamp;
  badFaith?: Stamp;
  /** Intake could not write the case's status row (the `Code Name` header was renamed): the sweep adds it, once it can. */
  statusRowOwed?: boolean;
  /** When the system found the case's status row gone (deleted, or its code name changed by a member); told once. */
  statusRowMissing?: string;
  [key: string]: unknown;
}

export interface CaseState {
  ref: number;
  id: string;
  codeName: string;
  docId: string;
  phase: CasePhase;
  receivedAt: string;
  reporterName: string;
  reporterEmail: string;
  reported: PeopleRecord;
  witnesses: PeopleRecord;
  space: string;
  badFaith: boolean;
  deadlines: StoredDeadlines;
  flags: CaseFlags;
  closedAt: string;
}

const KNOWN_PHASES: readonly string[] = [
  'screening', 'deliberating', 'voting', 'vote-failed', 'vote-passed', 'awaiting-moderators', 'moderators-disagree',
  'moderators-accepted', 'letter-sent', 'resolved', 'closed',
];

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

function parseJson(raw: unknown): Record<string, unknown> {
  const text = String(raw ?? '').trim();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

function wholeDays(value: unknown): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : null;
}

/**
 * Reads a case's stored deadlines. A row written before deadlines were stored gets them computed from its
 * receipt under `policy` and `frozen: true`, so the caller stores them once and they never move again.
 */
export function readDeadlines(raw: unknown, receivedAt: string, policy: Policy): { deadlines: StoredDeadlines; frozen: boolean } {
  const stored = parseJson(raw);
  const received = isInstant(receivedAt) ? receivedAt : new Date(0).toISOString();
  const followUpDays = wholeDays(stored.followUpDays);
  const moderatorsWithinDays = wholeDays(stored.moderatorsWithinDays);
  const deadlines: StoredDeadlines = {
    acknowledgeBy: isInstant(stored.acknowledgeBy)
      ? stored.acknowledgeBy
      : new Date(Date.parse(received) + policy.acknowledgeWithinHours * 3600000).toISOString(),
    followUpDays: followUpDays ?? policy.followUpWithinDays,
    followUpBy: isInstant(stored.followUpBy) ? stored.followUpBy : addDays(received, followUpDays ?? policy.followUpWithinDays),
    moderatorsWithinDays: moderatorsWithinDays ?? policy.moderatorsWithinDays,
  };
  const frozen =
    !isInstant(stored.acknowledgeBy) || !isInstant(stored.followUpBy) || followUpDays === null || moderatorsWithinDays === null;
  return { deadlines, frozen };
}

/** The policy of Settings, read only when a case lacks stored deadlines (most pages never need the Settings tab). */
function settingsPolicy(ctx: Context): () => Policy {
  return () => ctx.settings().settings.policy ?? DEFAULT_POLICY;
}

function toState(ctx: Context, ref: number, policy: () => Policy): CaseState | null {
  const table = ctx.registry(REGISTRY_TAB.cases);
  // Cell by cell rather than a whole-row record: the sweep loads every case ever, every hour.
  const cell = (header: string) => table.cell(ref, header);
  const id = String(cell('Case ID') ?? '').trim();
  const docId = String(cell('Doc ID') ?? '').trim();
  const rawPhase = String(cell('Phase') ?? '').trim();
  if (!id || !docId || rawPhase === INTAKE_PHASE) return null;
  const receivedAt = String(cell('Received At') ?? '').trim();
  const closedAt = String(cell('Closed At') ?? '').trim();
  const rawDeadlines = cell('Deadlines');
  const resolveDeadlines = (): StoredDeadlines => {
    let read = readDeadlines(rawDeadlines, receivedAt, DEFAULT_POLICY);
    // Only a case with missing deadlines takes them from Settings (and stores them: they never move again).
    if (read.frozen) read = readDeadlines(rawDeadlines, receivedAt, policy());
    if (read.frozen) {
      ctx.registry(REGISTRY_TAB.cases).update(ref, { Deadlines: JSON.stringify(read.deadlines) });
      ctx.audit('case.deadlines-frozen', id, 'deadlines were missing and have been stored from the current settings');
    }
    return read.deadlines;
  };
  // A closed case's deadlines are read only if something asks (a member reopening it): the hourly sweep loads
  // every case ever, and most are closed.
  const closed = closedAt !== '' || rawPhase === 'resolved' || rawPhase === 'closed';
  let deadlines: StoredDeadlines | null = closed ? null : resolveDeadlines();
  const state: CaseState = {
    ref,
    id,
    codeName: String(cell('Code Name') ?? '').trim(),
    docId,
    phase: (KNOWN_PHASES.includes(rawPhase) ? rawPhase : 'screening') as CasePhase,
    receivedAt,
    reporterName: String(cell('Reporter Name') ?? '').trim(),
    reporterEmail: normalizeEmail(String(cell('Reporter Email') ?? '')),
    reported: parsePeople(cell('Reported')),
    witnesses: parsePeople(cell('Witnesses')),
    space: String(cell('Space') ?? '').trim(),
    badFaith: /^(yes|true)$/i.test(String(cell('Bad Faith') ?? '').trim()),
    get deadlines(): StoredDeadlines {
      if (!deadlines) deadlines = resolveDeadlines();
      return deadlines;
    },
    flags: parseJson(cell('Flags')) as CaseFlags,
    closedAt,
  };
  return state;
}

/** Every finished case, in registry order (one read of registry `Cases`). */
export function loadCases(ctx: Context): CaseState[] {
  const policy = settingsPolicy(ctx);
  const table = ctx.registry(REGISTRY_TAB.cases);
  const out: CaseState[] = [];
  for (let ref = 0; ref < table.size(); ref++) {
    const state = toState(ctx, ref, policy);
    if (state) out.push(state);
  }
  return out;
}

/** One finished case by id, or null. */
export function loadCase(ctx: Context, caseId: string): CaseState | null {
  if (!caseId || caseId === '-') return null;
  const row = ctx.registry(REGISTRY_TAB.cases).findBy('Case ID', caseId);
  if (!row) return null;
  return toState(ctx, row.ref, settingsPolicy(ctx));
}

/** Writes the state's phase, flags, bad-faith mark and closing time back to the registry row (in memory until commit). */
export function saveCase(ctx: Context, state: CaseState): void {
  ctx.registry(REGISTRY_TAB.cases).update(state.ref, {
    Phase: state.phase,
    Flags: JSON.stringify(state.flags),
    'Bad Faith': state.badFaith ? 'yes' : '',
    'Closed At': state.closedAt,
  });
}

/** True once the case was resolved or closed (by the system, or by a member setting `Status` by hand). */
export function isClosed(state: CaseState): boolean {
  return state.closedAt !== '' || state.phase === 'resolved' || state.phase === 'closed';
}

/** The status row cells the system keeps in step, by header. */
const TRACKED = { status: 'Status', actions: 'Actions needed', resolution: 'Resolution' } as const;
type Tracked = keyof typeof TRACKED;

/**
 * Moves the case to `phase` and brings `Status` and `Actions needed` (and `Resolution` when given) in step.
 * A cell is written only while it still holds what the system last wrote there (intake's values when
 * nothing is recorded): a member's own edit is never overwritten. Saves the registry row.
 */
export function setPhase(ctx: Context, state: CaseState, phase: CasePhase, options: { resolution?: string } = {}): void {
  state.phase = phase;
  if ((phase === 'resolved' || phase === 'closed') && !state.closedAt) state.closedAt = ctx.nowIso();
  syncStatusRow(ctx, state, options.resolution);
  saveCase(ctx, state);
}

/** Writes the tracked status cells that no member has changed since the system last wrote them. */
export function syncStatusRow(ctx: Context, state: CaseState, resolution?: string): void {
  const table = ctx.status(STATUS_TAB.cases);
  const row = table.findBy('Code Name', state.codeName, true);
  if (!row) {
    ctx.audit('status.row-missing', state.id, 'no status row carries this case code name; nothing written');
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
  const patch: Record<string, string> = {};
  for (const key of Object.keys(desired) as Tracked[]) {
    const want = desired[key] as string;
    const current = table.text(row.ref, TRACKED[key]);
    if (current === want) {
      written[key] = want;
    } else if (current === last[key]) {
      patch[TRACKED[key]] = want;
      written[key] = want;
    } else {
      ctx.audit('status.member-edit-kept', state.id, `${TRACKED[key]} was changed by a member; left as it is`);
    }
  }
  if (Object.keys(patch).length) table.update(row.ref, patch);
  state.flags.lastWritten = written;
}

/**
 * Appends a case's status row in memory (intake's, and the sweep's for a row intake could not write): risk columns
 * `Unknown`, `Status` and `Actions needed` of `phase`, the report's date. Returns what it wrote into the tracked
 * cells, for `lastWritten`. Nothing when the tab has no `Code Name` column: such a row could never be found again.
 */
export function appendStatusRow(ctx: Context, codeName: string, receivedAtMs: number, phase: CasePhase, resolution = ''): CaseFlags['lastWritten'] | null {
  const table = ctx.status(STATUS_TAB.cases);
  if (!table.has('Code Name')) return null;
  const written = { status: statusFor(phase), actions: actionFor(phase), resolution };
  table.append({
    'Safety risk?': 'Unknown',
    'Risk of repeating?': 'Unknown',
    Status: written.status,
    'Code Name': codeName,
    'Date & Time': formatSheetTime(receivedAtMs, ctx.statusTimeZone()),
    'Actions needed': written.actions,
    Resolution: resolution,
  });
  return written;
}

const MISSING_ROW_TITLE = 'A status row could not be updated';

/**
 * A case's status row is gone (a member deleted the row or changed its code name). The system never guesses
 * which other row is meant and never adds the row back by itself: deleting a row is a member's edit like any
 * other, and a row put back every hour would fight a deliberate deletion. The committee is told once per
 * disappearance (the flag is cleared when the row is found again, e.g. after Undo). Closed cases are not
 * reported (members tidy finished rows away), nor a case whose row intake never wrote (`statusRowOwed`: the
 * sweep adds it), nor a tab without a `Code Name` column (the sweep's configuration alert covers every row).
 * Returns true when it changed the flags (`setPhase` saves them; other callers must `saveCase`).
 */
export function noteStatusRowMissing(ctx: Context, state: CaseState): boolean {
  if (isClosed(state) || state.flags.statusRowOwed || state.flags.statusRowMissing) return false;
  if (!ctx.status(STATUS_TAB.cases).has('Code Name')) return false;
  state.flags.statusRowMissing = ctx.nowIso();
  ctx.audit('status.row-missing-told', state.id, 'the committee was told the status row is gone');
  ctx.alertCommittee(MISSING_ROW_TITLE, [
    'The Cases tab has no row for this code name any more (the row was deleted, or its code name was changed).',
    'The case itself goes on (its document, links and reminders are unaffected), but its Status and Actions needed are no longer shown. The system will not write into any other row, and will not add the row back by itself.',
    'To bring it back, undo the deletion (Edit → Undo, or File → Version history) or put the code name back; the system keeps the row up to date again once it finds it.',
  ], state.codeName, state.id);
  return true;
}

/**
 * The sweep's hourly look at one case's status row (`present`: the tab has a row with its code name). A row intake
 * could not write is added now (and the flag dropped once a later run sees it, so a write refused at commit is
 * tried again); a row that disappeared is reported once; a row found again clears the report. Saves the case
 * only when something changed: the hourly sweep must cost reads only.
 */
export function reconcileStatusRow(ctx: Context, state: CaseState, present: boolean): void {
  if (!ctx.status(STATUS_TAB.cases).has('Code Name')) return;
  if (present) {
    if (!state.flags.statusRowOwed && !state.flags.statusRowMissing) return;
    delete state.flags.statusRowOwed;
    delete state.flags.statusRowMissing;
    saveCase(ctx, state);
    return;
  }
  if (state.flags.statusRowOwed) {
    const written = appendStatusRow(ctx, state.codeName, Date.parse(state.receivedAt) || ctx.now(), state.phase, state.flags.lastWritten?.resolution ?? '');
    if (!written) return;
    state.flags.lastWritten = written;
    saveCase(ctx, state);
    ctx.audit('status.row-added', state.id, 'the status row intake could not write was added');
    return;
  }
  if (noteStatusRowMissing(ctx, state)) saveCase(ctx, state);
}

/** A dated line for the Doc, in the format intake uses (`2026-03-02 09:00 UTC — …`). */
export function dated(ctx: Context, text: string): string {
  return `${formatLogTime(ctx.now(), scriptTimeZone())} — ${text}`;
}

/**
 * Appends a dated entry to a section of the case Doc and, for the record, a dated line under `Log`
 * (`logLine` when the entry's first line only makes sense next to its section's text).
 */
export function recordInDoc(ctx: Context, state: CaseState, section: string, heading: string, body: readonly string[] = [], logLine = heading): void {
  ctx.docs.appendToSection(state.docId, section, [dated(ctx, heading), ...body]);
  if (section !== SECTION.log) ctx.docs.appendLog(state.docId, dated(ctx, logLine));
}

/** Appends a dated line under `Log` only. */
export function logInDoc(ctx: Context, state: CaseState, line: string): void {
  ctx.docs.appendLog(state.docId, dated(ctx, line));
}

/** The member, if active and cleared for the case right now (latest decision `no-conflict`). */
export function clearedMember(ctx: Context, clearances: Clearances, caseId: string, memberId: string): CommitteeMember | null {
  const member = ctx.memberById(memberId);
  if (!member || !member.active || !member.id) return null;
  return isCleared(clearances.latest(caseId, member.id)) ? member : null;
}

/** Active members cleared for the case (the people who may see and act on it). */
export function clearedMembers(ctx: Context, clearances: Clearances, caseId: string): CommitteeMember[] {
  return ctx.activeMembers().filter((m) => isCleared(clearances.latest(caseId, m.id)));
}

/**
 * Tells the members cleared for the case (everyone active when nobody is cleared yet) something that needs
 * them. `title` and `lines` must be name-free; the code name is added. `discriminator` makes it happen once.
 */
export function tellCaseMembers(
  ctx: Context,
  state: CaseState,
  clearances: Clearances,
  kind: 'alert' | 'reminder',
  discriminator: string,
  title: string,
  lines: readonly string[],
): number {
  const cleared = clearedMembers(ctx, clearances, state.id);
  const recipients = cleared.length ? cleared : ctx.activeMembers();
  const message = committeeAlertMessage({ title, lines: [...lines], codeName: state.codeName });
  let queued = 0;
  for (const member of recipients) {
    const added = ctx.enqueueMail({
      key: `${state.id}|${discriminator}|${member.id}`, caseId: state.id, kind, to: member.email,
      subject: message.subject, body: message.body, htmlBody: message.htmlBody, delivery: 'at-least-once',
    });
    if (added) queued++;
  }
  if (queued) ctx.audit(`committee.${kind}`, state.id, `${title} (${queued} members)`);
  return queued;
}

/** Splits the Doc's `Report` section back into answers keyed by Form item title. */
export function answersFromReportSection(text: string): Record<string, string> {
  const titles = new Set<string>(FORM_ITEMS.map((item) => item.title));
  const answers: Record<string, string> = {};
  let current: string | null = null;
  for (const line of text.split('\n')) {
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
 * an unusable email answer as typed). `reportText` is the report, for the long-quote check.
 */
export function protectedIdentity(ctx: Context, state: CaseState): { identity: ProtectedIdentity; reportText: string } {
  const reportText = ctx.docs.readSection(state.docId, SECTION.report);
  const fromReport = reportIdentity(parseReport(answersFromReportSection(reportText)));
  const unique = (items: string[]) => [...new Set(items.map((s) => s.trim()).filter(Boolean))];
  return {
    identity: {
      names: unique([...(state.reporterName ? [state.reporterName] : []), ...state.witnesses.names, ...fromReport.names]),
      emails: unique([...(state.reporterEmail ? [state.reporterEmail] : []), ...state.witnesses.emails, ...fromReport.emails]),
      handles: unique([...state.witnesses.handles, ...fromReport.handles]),
    },
    reportText,
  };
}

/** The redaction guard over every part of a text about to leave the committee; findings carry the part's label. */
export function guardTexts(
  ctx: Context,
  state: CaseState,
  parts: ReadonlyArray<{ label: string; text: string }>,
): Array<{ label: string; findings: Finding[] }> {
  const { identity, reportText } = protectedIdentity(ctx, state);
  const out: Array<{ label: string; findings: Finding[] }> = [];
  for (const part of parts) {
    const findings = findIdentifyingText(part.text, identity, reportText);
    if (findings.length) out.push({ label: part.label, findings });
  }
  return out;
}

/** Opaque id for a vote, moderator, … (prefix + 12 random hex characters). */
export function newId(ctx: Context, prefix: string): string {
  return ctx.newId(prefix);
}
