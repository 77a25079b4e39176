// The registry `Cases` tab as the one Case model every flow shares: finished cases read (JSON parsed on first use), their state written back, and the steps of a case that intake is still building.
import { addDays, DEFAULT_POLICY, HOUR_MS, type Policy, isoOf, isDate } from '../core/deadlines';
import { isCasePhase, isClosedPhase, type CasePhase } from '../core/lifecycle';
import { peopleOf, type KnownPerson } from '../core/person-codes';
import type { Outcome } from '../core/statistics';
import { normalizeEmail } from '../core/text';
import type { Context } from '../workspace/context';
import { INTAKE_PHASE, REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Cell, Table } from '../workspace/table';
import { perExecution } from './per-execution';
import { settingsOf } from '../workspace/committee';
import { recordAudit } from '../workspace/audit-trail';
import { registryTab } from '../workspace/unit-of-work';

export type CaseHeader = RegistryHeader<typeof REGISTRY_TAB.cases>;
export type CasesTable = Table<CaseHeader>;

/** People named in a report, as intake stores them (registry `Reported` / `Witnesses` JSON). */
export interface PeopleRecord {
  names: string[];
  emails: string[];
  handles: string[];
}

/** What a case was opened under (registry `Deadlines`): a later change of Settings never moves these (R11). */
export interface StoredDeadlines {
  acknowledgeBy: string;
  followUpBy: string;
  moderatorsWithinDays: number;
  followUpDays: number;
  /** Settings' `Screening window (hours)` when the report came; absent on cases from before it was stored (Settings' now). */
  screeningHours?: number;
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
  recommendation?: { voteId: string; at: string; by: string; moderators: string[]; withdrawn?: string };
  override?: Stamp;
  /** The first member's proposal of the override, waiting for a second (letters.ts). */
  overrideProposal?: Stamp;
  /** `to`: the addresses the round's letter went to (absent on letters sent before they were kept). */
  letter?: Stamp & { to?: string[] };
  /** `n`: the sends of the round's follow-up (followUpKey). */
  followUp?: Stamp & { n?: number };
  /** The outbox keys of the letters and follow-ups whose failure the Doc records (sweep.ts). */
  failedNoted?: string[];
  /** Status emails queued and not yet logged, by outbox key: the due time the Log line gives once it went (sweep.ts). */
  statusUnlogged?: Record<string, string>;
  /** The committee decided the reporter is owed no follow-up (told another way, or asked not to be contacted). */
  followUpWaived?: Stamp;
  /** The first member's proposal of that decision, waiting for a second. */
  waiver?: Stamp;
  escalation?: Stamp;
  noViolation?: Stamp;
  badFaith?: Stamp;
  /** Intake could not write the case's status row (the `Code Name` header was renamed): the sweep adds it, once it can. */
  statusRowOwed?: boolean;
  /** When the system found the case's status row gone (deleted, or its code name changed by a member); told once. */
  statusRowMissing?: string;
  /** Person code names of the people the report names, in core `peopleOf` order (src/flows/patterns.ts). */
  persons?: string[];
  /** The cases already on file naming any of those people when the codes were given (src/flows/patterns.ts). */
  earlier?: string[];
  /**
   * The case's first closing and how it ended then (`caseOutcome`): the transparency statistics count it there, so a
   * reopening does not change a period already published (src/core/statistics.ts); one undone in its own quarter, which
   * no publication counted, is forgotten (`setPhase`, ADV-634).
   */
  firstClosed?: { at: string; outcome: Outcome };
  /**
   * When intake finished: the statistics count the report from then if later than it was sent (an email the owner
   * took up, a response the sweep caught up), so it changes no period already published (src/core/statistics.ts).
   */
  filedAt?: string;
  /**
   * The committee account gave its own address as the reporter's: deployment's test report (docs/deployment.md), which
   * the transparency statistics leave out; kept here, as the address is purged with the reporter's details (ADV-637).
   */
  rehearsal?: 1;
  /** Who the report (at intake) and the reporter's filed replies name, for the redaction guard; purged (ADV-539, ADV-544). */
  named?: string[];
  [key: string]: unknown;
}

/**
 * A finished case (intake done, Doc recorded). `reported`, `witnesses`, `flags` and `deadlines` are parsed on
 * first use: the sweep and the audit load every case ever, and most callers look at a few fields. Never put
 * `reported` anywhere but the pages and mails that must show it.
 */
export interface Case {
  /** The row in its tab (`Cases`, or `Archived Cases` when `inArchiveTab`). */
  readonly ref: number;
  /** The row is in the registry's `Archived Cases` tab (src/flows/archive.ts), not `Cases`. */
  readonly inArchiveTab?: boolean;
  readonly id: string;
  readonly codeName: string;
  readonly docId: string;
  phase: CasePhase;
  readonly receivedAt: string;
  readonly reporterName: string;
  readonly reporterEmail: string;
  readonly reported: PeopleRecord;
  readonly witnesses: PeopleRecord;
  readonly space: string;
  badFaith: boolean;
  /** The report said someone is in immediate danger. */
  readonly danger: boolean;
  /** Resolved on first use; a row without stored deadlines gets them from Settings, stored once (see `readDeadlines`). */
  readonly deadlines: StoredDeadlines;
  /** One object per Case: change its keys, then `save`. */
  readonly flags: CaseFlags;
  closedAt: string;
}

/** A registry row intake is building or has built (its phase is `intake` until the case is finished). */
export interface IntakeRow {
  ref: number;
  caseId: string;
  codeName: string;
  responseId: string;
  docId: string;
  phase: string;
  /** A report a member recorded (no Form response to re-read): what intake needs to finish it after a crash. */
  recorded?: unknown;
  /** When the report came (ISO). */
  receivedAt: string;
  /** The committee account was told the Form no longer holds its response (`Flags.responseMissingTold`). */
  missingTold?: boolean;
  /** How many of the sweep's tries to finish it failed (`Flags.failedTries`). */
  failedTries: number;
}

/** The registry row of a new case, as intake appends it (phase `intake`, no Doc yet). */
export interface NewCase {
  caseId: string;
  codeName: string;
  responseId: string;
  receivedAt: string;
  reporterName: string;
  reporterEmail: string;
  reporterEmailProblem: string;
  reported: PeopleRecord;
  witnesses: PeopleRecord;
  space: string;
  danger: boolean;
  deadlines: StoredDeadlines;
  /** Person code names (core `personCoder`), kept in `Flags`. */
  persons?: string[];
  /** Cases on file naming those people (`Flags.earlier`). */
  earlier?: string[];
  /** Who the report protects, kept where no edit of the Doc reaches (`Flags.named`, ADV-544). */
  named?: string[];
  /** A recorded report's answers, kept in `Flags` only until intake finishes (src/flows/recorded-reports.ts). */
  recorded?: unknown;
  /** The committee account reported (`Flags.rehearsal`). */
  rehearsal?: boolean;
}

/** The people one registry row protects or names: what the privacy checks compare against. */
export interface PeopleOnFile {
  reporterName: string;
  reporterEmail: string;
  reported: PeopleRecord;
  witnesses: PeopleRecord;
}

/** What the store needs besides its tab: the policy for rows without stored deadlines, and the audit log. */
export interface CaseStoreHost {
  policy(): Policy;
  audit(event: string, caseId: string, detail: string): void;
}

/** A person given a code, and the case (archived or not) that named them. */
export interface KnownCasePerson extends KnownPerson {
  caseId: string;
}

/**
 * The cases naming any of these person code names, once each (a reopened case is in both case tabs): what a case
 * records at intake (`Flags.earlier`) so that its page finds them without reading the archived rows
 * (src/flows/patterns.ts).
 */
export function casesNaming(known: readonly KnownCasePerson[], codes: readonly string[]): string[] {
  return [...new Set(known.filter((k) => codes.includes(k.code)).map((k) => k.caseId))];
}

/** Parses a people JSON cell; anything damaged reads as nobody (never throws on a hand-edited cell). */
export function parsePeople(raw: unknown): PeopleRecord {
  const empty: PeopleRecord = { names: [], emails: [], handles: [] };
  const text = String(raw ?? '').trim();
  if (!text) return empty;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x ?? '').trim()).filter(Boolean) : []);
    return { names: list(parsed?.names), emails: list(parsed?.emails), handles: list(parsed?.handles) };
  } catch {
    return empty;
  }
}

/** A JSON object cell as an object ({} when blank, broken or not an object). */
export function parseObject(raw: unknown): Record<string, unknown> {
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
  return typeof value === 'string' && isDate(value);
}

function wholeDays(value: unknown): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : null;
}

/**
 * Reads a case's stored deadlines. A row written before deadlines were stored gets them computed from its
 * receipt under `policy` and `frozen: true`, so the caller stores them once and they never move again.
 */
export function readDeadlines(
  raw: unknown,
  receivedAt: string,
  policy: Policy,
): { deadlines: StoredDeadlines; frozen: boolean } {
  const stored = parseObject(raw);
  const received = isInstant(receivedAt) ? receivedAt : isoOf(0);
  const followUpDays = wholeDays(stored.followUpDays);
  const moderatorsWithinDays = wholeDays(stored.moderatorsWithinDays);
  const deadlines: StoredDeadlines = {
    acknowledgeBy: isInstant(stored.acknowledgeBy)
      ? stored.acknowledgeBy
      : isoOf(Date.parse(received) + policy.acknowledgeWithinHours * HOUR_MS),
    followUpDays: followUpDays ?? policy.followUpWithinDays,
    followUpBy: isInstant(stored.followUpBy)
      ? stored.followUpBy
      : addDays(received, followUpDays ?? policy.followUpWithinDays),
    moderatorsWithinDays: moderatorsWithinDays ?? policy.moderatorsWithinDays,
  };
  const hours = Number(stored.screeningHours);
  if (stored.screeningHours !== undefined && Number.isInteger(hours) && hours >= 0) deadlines.screeningHours = hours;
  const frozen =
    !isInstant(stored.acknowledgeBy) ||
    !isInstant(stored.followUpBy) ||
    followUpDays === null ||
    moderatorsWithinDays === null;
  return { deadlines, frozen };
}

/** `readDeadlines` under the defaults, then, only for a row with missing deadlines, under the Settings' `policy`. */
function readDeadlinesOrPolicy(raw: unknown, receivedAt: string, policy: () => Policy) {
  const read = readDeadlines(raw, receivedAt, DEFAULT_POLICY);
  return read.frozen ? readDeadlines(raw, receivedAt, policy()) : read;
}

/**
 * When each case's receipt is due (ms), for the mailer: only the rows of `caseIds` are read, as the mailer reads its
 * own (a report's intake reads none of the other rows' deadlines).
 */
export function acknowledgeDeadlines(ctx: Context, caseIds: readonly string[]): Map<string, number> {
  const cases = registryTab(ctx, REGISTRY_TAB.cases);
  const refs = caseIds.flatMap((id) => cases.refsWhere('Case ID', id));
  cases.fill(refs);
  const policy = () => settingsOf(ctx).policy ?? DEFAULT_POLICY;
  return new Map(
    refs.map((ref) => {
      const read = readDeadlinesOrPolicy(cases.text(ref, 'Deadlines'), cases.text(ref, 'Received At'), policy);
      return [cases.text(ref, 'Case ID'), Date.parse(read.deadlines.acknowledgeBy)];
    }),
  );
}

/**
 * True when a closed case still owes the reporter the follow-up (seed, "Follow up with the reporter"): why it was not
 * a violation, or what was done once the letter went (the case typed `Resolved` before the follow-up). Its deadline
 * and reminders go on although the case is closed, and the purge waits.
 */
export function owesFollowUp(kase: Pick<Case, 'flags' | 'badFaith' | 'reporterEmail'>): boolean {
  return (
    Boolean(kase.flags.noViolation || kase.flags.letter) &&
    !kase.flags.followUp &&
    !kase.flags.followUpWaived &&
    !kase.badFaith &&
    Boolean(kase.reporterEmail)
  );
}

/** True once a letter went to the reported person, in this round or an earlier one. */
export function letterEverSent(kase: Pick<Case, 'flags'>): boolean {
  const rounds = Array.isArray(kase.flags.rounds) ? (kase.flags.rounds as Array<{ letter?: unknown }>) : [];
  return Boolean(kase.flags.letter || rounds.some((r) => r?.letter));
}

/** How a case ended, as the statistics count it: a letter in any round is a response; else how it closed. */
export function caseOutcome(kase: Case): Outcome {
  if (letterEverSent(kase)) return 'action';
  if (kase.flags.noViolation) return 'no-violation';
  return isClosed(kase) ? 'other' : 'open';
}

/** True once the case was resolved or closed (by the system, or by a member setting `Status` by hand). */
export function isClosed(kase: Pick<Case, 'closedAt' | 'phase'>): boolean {
  return kase.closedAt !== '' || isClosedPhase(kase.phase);
}

/**
 * Retention trashed the case's Doc (Settings asked): not audited, nor shared (ADV-210). A case opened again whose Doc
 * retention could not bring back keeps the flag: its Doc is checked (taken out of the trash, or replaced).
 */
export function trashedByRetention(kase: Pick<Case, 'closedAt' | 'phase' | 'flags'>): boolean {
  return Boolean(kase.flags.docDeleted || kase.flags.purgeDue) && isClosed(kase);
}

/** The case's person code names (none before they are given: src/flows/patterns.ts). */
export function personCodesOf(kase: { flags: CaseFlags }): string[] {
  const codes = kase.flags.persons;
  return Array.isArray(codes) ? codes.map(String) : [];
}

function trimmed(value: Cell | undefined): string {
  return String(value ?? '').trim();
}

/**
 * The registry's cases: `Cases` holds every open case and those closed recently; `Archived Cases` the rows of cases
 * the archive moved (src/flows/archive.ts). The second tab is read only when asked for history: a case not found among
 * the first (`find`), every case (`all` and the lists built on it); `live` and the hot paths never read it. A case in
 * both tabs (an archive run killed between writing one and rebuilding the other, or a case reopened) is the `Cases` one.
 */
export class CaseStore {
  private readonly current: CaseRows;
  private archivedRows: CaseRows | null | undefined;

  constructor(
    table: () => CasesTable,
    private readonly archivedTable: () => CasesTable | null,
    private readonly host: CaseStoreHost,
  ) {
    this.current = new CaseRows(table, host, false);
  }

  /** Every finished case in `Cases` (open, and closed but not yet archived), in registry order. */
  live(): Case[] {
    return this.current.all();
  }

  /**
   * The cases that may name the same people as `state`: those in registry `Cases`, and the archived ones among the
   * cases on file when `state` got its person codes (`Flags.earlier`), so only those rows of `Archived Cases` are
   * read: what a page or a send reads follows the open cases, not the history. A case coded before that list
   * existed reads every case.
   */
  mayNameTheSame(state: Case): Case[] {
    const recorded = state.flags.earlier;
    if (!Array.isArray(recorded)) return this.all();
    const live = this.live();
    const liveIds = new Set(live.map((c) => c.id));
    const archived = recorded
      .map(String)
      .filter((id) => !liveIds.has(id))
      .map((id) => this.find(id))
      .filter((c): c is Case => c !== null);
    return [...archived, ...live];
  }

  /** Every finished case, the archived ones first (they are the older), then `Cases` in registry order. */
  all(): Case[] {
    const live = this.current.all();
    return [...this.archivedOnly(), ...live];
  }

  /** The archived cases that are not back in `Cases`, in their tab's order (reads `Archived Cases`). */
  archivedOnly(): Case[] {
    const archived = this.archivedRowsOf();
    if (!archived) return [];
    const liveIds = new Set(this.current.column('Case ID'));
    return archived.all().filter((c) => !liveIds.has(c.id));
  }

  /** One finished case by id, or null (unknown, or intake not finished): `Cases` first, then the archived rows. */
  find(caseId: string): Case | null {
    if (!caseId || caseId === '-') return null;
    if (this.current.has(caseId)) return this.current.find(caseId);
    return this.archivedRowsOf()?.find(caseId) ?? null;
  }

  /** The `Flags` text of the finished case with this id ('' when none): one key looked up without building the case. */
  flagsTextOf(caseId: string): string {
    if (!caseId || caseId === '-') return '';
    if (this.current.has(caseId)) return this.current.flagsTextOf(caseId);
    return this.archivedRowsOf()?.flagsTextOf(caseId) ?? '';
  }

  /**
   * The finished case whose code name (any case) or Doc is this, or null: `Cases` first, the archived rows read only
   * when `Cases` has none (a status edit of a closed case's row, a change Drive reports on an archived case's Doc).
   */
  findBy(header: 'Code Name' | 'Doc ID', value: string): Case | null {
    if (!value.trim()) return null;
    return this.current.findBy(header, value) ?? this.archivedRowsOf()?.findBy(header, value) ?? null;
  }

  /**
   * Fixes an open case's deadlines now: a row without them takes Settings' and stores them, so they never move
   * again. The deliberation flows and the sweep call it on every case they load; a closed case's deadlines are
   * left alone until something asks for them (a member reopening it).
   */
  settleDeadlines(kase: Case): Case {
    if (!isClosed(kase)) void kase.deadlines;
    return kase;
  }

  /** Writes the case's phase, flags, bad-faith mark and closing time back to its row (in memory until commit). */
  save(kase: Case): void {
    this.rowsOf(kase).update(kase.ref, {
      Phase: kase.phase,
      Flags: JSON.stringify(kase.flags),
      'Bad Faith': kase.badFaith ? 'yes' : '',
      'Closed At': kase.closedAt,
    });
  }

  /**
   * A new case received before some of the cases on file naming the same people (`ids`: a report the sweep took in
   * after its trigger was missed) joins their `Flags.earlier`: their pages read the archived cases from that list only,
   * and lost it once it was archived (ADV-158).
   */
  noteEarlier(caseId: string, receivedAt: string, ids: readonly string[]): void {
    for (const kase of ids.map((id) => this.find(id))) {
      const earlier = kase?.flags.earlier;
      if (!kase || kase.receivedAt <= receivedAt || !Array.isArray(earlier) || earlier.includes(caseId)) continue;
      kase.flags.earlier = [...earlier, caseId];
      this.save(kase);
    }
  }

  /** Moves the end of the case's screening window (stalls.ts: members whose screening email waited were asked late). */
  setScreeningHours(kase: Case, hours: number): void {
    kase.deadlines.screeningHours = hours;
    this.rowsOf(kase).update(kase.ref, { Deadlines: JSON.stringify(kase.deadlines) });
  }

  /** Replaces the reporter's address on file (a member's correction of a mistyped one, follow-up.ts). */
  setReporterEmail(kase: Case, email: string): void {
    (kase as { reporterEmail: string }).reporterEmail = email;
    this.rowsOf(kase).update(kase.ref, { 'Reporter Email': email, 'Reporter Email Problem': '' });
  }

  /** Leaves the case without a reporter address, for `problem` (as intake would have: `Reporter Email Problem`). */
  dropReporterEmail(kase: Case, problem: string): void {
    (kase as { reporterEmail: string }).reporterEmail = '';
    this.rowsOf(kase).update(kase.ref, { 'Reporter Email': '', 'Reporter Email Problem': problem });
  }

  /** Points the case at a new Doc (its own deleted for good, retention.ts `reviveAfterPurge`). */
  replaceDoc(kase: Case, docId: string): void {
    this.rowsOf(kase).update(kase.ref, { 'Doc ID': docId });
    (kase as { docId: string }).docId = docId;
  }

  /**
   * Empties these cells of the case's row (retention), wherever the row is, and of the copy a reopened case left in
   * `Archived Cases` (`bringBack`): it holds the same details until the case is archived again.
   */
  blank(kase: Case, headers: readonly CaseHeader[]): void {
    const patch = Object.fromEntries(headers.map((h) => [h, '']));
    this.rowsOf(kase).update(kase.ref, patch);
    const archived = kase.inArchiveTab ? null : this.archivedRowsOf();
    for (const ref of archived?.refsOf(kase.id) ?? []) {
      // A copy's Flags keep who the report names, for the redaction guard (ADV-539, ADV-544): they go with the rest.
      const { named: _named, ...flags } = parseObject(archived?.record(ref).Flags);
      archived?.update(ref, { ...patch, Flags: JSON.stringify(flags) });
    }
  }

  /**
   * Brings an archived case's row back into `Cases` (a case reopened): appended as it stands, and `kase` now names
   * that row. The copy left in `Archived Cases` is shadowed by it and overwritten when the case is archived again.
   */
  bringBack(kase: Case): void {
    if (!kase.inArchiveTab) return;
    const archived = this.archivedRowsOf();
    if (!archived) return;
    const ref = this.current.appendRecord(archived.record(kase.ref));
    Object.assign(kase as { ref: number; inArchiveTab?: boolean }, { ref, inArchiveTab: false });
  }

  /** True when a row, finished or not, archived or not, has this case id (a new case id must be unused). */
  hasId(caseId: string): boolean {
    return this.current.has(caseId) || Boolean(this.archivedRowsOf()?.has(caseId));
  }

  /** The code name of every row, finished or not, archived or not (a new code name must differ from all of them). */
  codeNames(): string[] {
    return [...(this.archivedRowsOf()?.column('Code Name') ?? []), ...this.current.column('Code Name')];
  }

  /** The Form response of every row in `Cases`, finished or not. */
  responseIds(): Set<string> {
    return new Set(this.current.column('Response ID'));
  }

  /** The Form response of every archived row (read on demand: a response normally leaves the Form long before). */
  archivedResponseIds(): Set<string> {
    return new Set(this.archivedRowsOf()?.column('Response ID') ?? []);
  }

  /** The Form responses whose case is finished, in `Cases` (`archived`: in `Archived Cases` too): the Form's copy may go. */
  filedResponseIds(archived = false): Set<string> {
    const out = this.current.filedResponseIds();
    if (archived) for (const id of this.archivedRowsOf()?.filedResponseIds() ?? []) out.add(id);
    return out;
  }

  /** The reporter, reported people and witnesses of every row, finished or not, archived or not, for the privacy checks. */
  peopleOnFile(): PeopleOnFile[] {
    return [...(this.archivedRowsOf()?.peopleOnFile() ?? []), ...this.current.peopleOnFile()];
  }

  /** Every person given a code so far, finished rows or not, archived first (earliest first), with their case. */
  knownPersons(): KnownCasePerson[] {
    return [...(this.archivedRowsOf()?.knownPersons() ?? []), ...this.current.knownPersons()];
  }

  /**
   * The row made from this Form response, finished or not: in `Cases`, else among the archived rows (a Form event
   * delivered again long after, or a response the Form kept: it must stay a duplicate).
   */
  intakeByResponse(responseId: string): IntakeRow | null {
    return this.current.intakeByResponse(responseId) ?? this.archivedRowsOf()?.intakeByResponse(responseId) ?? null;
  }

  /** Rows whose intake was interrupted (phase still `intake`), in registry order. */
  unfinishedIntakes(): IntakeRow[] {
    return this.current.unfinishedIntakes();
  }

  /** Appends a new case's row (phase `intake`, no Doc); returns it. */
  register(c: NewCase): IntakeRow {
    return this.current.register(c);
  }

  setDocId(row: IntakeRow, docId: string): void {
    this.current.setDocId(row, docId);
  }

  /** Marks the row so the sweep adds the status row intake could not write (other flags kept). */
  oweStatusRow(row: IntakeRow): void {
    this.current.oweStatusRow(row);
  }

  /** Marks the row: the committee account was told its Form response is gone. */
  tellResponseMissing(row: IntakeRow): void {
    this.current.flagIntake(row, { responseMissingTold: true });
    row.missingTold = true;
  }

  /** Counts one more of the sweep's tries to finish the row that failed. */
  countFailedTry(row: IntakeRow): void {
    row.failedTries++;
    this.current.flagIntake(row, { failedTries: row.failedTries });
  }

  /** Intake is done at `at`: the case enters screening (other flows skip the row until then). */
  finishIntake(row: IntakeRow, at: string): void {
    this.current.finishIntake(row, at);
  }

  private rowsOf(kase: Case): CaseRows {
    const archived = kase.inArchiveTab ? this.archivedRowsOf() : null;
    return archived ?? this.current;
  }

  private archivedRowsOf(): CaseRows | null {
    if (this.archivedRows === undefined) {
      const table = this.archivedTable();
      this.archivedRows = table ? new CaseRows(() => table, this.host, true) : null;
    }
    return this.archivedRows;
  }
}

/**
 * The columns the history of cases is read through when a new case is registered (`hasId`, `codeNames`,
 * `intakeByResponse`, `peopleOnFile`, `knownPersons`): intake reads only these of the case tabs when that costs less
 * (`readHistoryNarrow`), and those methods read what they need of every row in bulk, never a row at a time.
 */
export const HISTORY_HEADERS: readonly CaseHeader[] = [
  'Case ID',
  'Code Name',
  'Response ID',
  'Reporter Name',
  'Reporter Email',
  'Reported',
  'Witnesses',
  'Flags',
];
const PEOPLE_HEADERS: readonly CaseHeader[] = ['Reporter Name', 'Reporter Email', 'Reported', 'Witnesses'];

/** What an interrupted intake needs of a row's `Flags`: a recorded report's answers, whether a lost response was told, and its failed tries. */
function pick(flags: Record<string, unknown>): Pick<IntakeRow, 'recorded' | 'missingTold' | 'failedTries'> {
  return {
    recorded: flags.recorded,
    missingTold: flags.responseMissingTold === true,
    failedTries: Number(flags.failedTries) || 0,
  };
}

/**
 * One tab of case rows (`Cases` or `Archived Cases`) read as Cases. A tab may have been read narrow (intake's
 * `readHistoryNarrow`): a method that goes through every row reads the cells it needs of all of them first.
 */
class CaseRows {
  constructor(
    private readonly table: () => CasesTable,
    private readonly host: CaseStoreHost,
    private readonly archivedTab: boolean,
  ) {}

  all(): Case[] {
    const table = this.table();
    table.fill();
    const out: Case[] = [];
    for (let ref = 0; ref < table.size(); ref++) {
      const kase = this.caseAt(ref);
      if (kase) out.push(kase);
    }
    return out;
  }

  has(caseId: string): boolean {
    return this.table().refsWhere('Case ID', caseId).length > 0;
  }

  refsOf(caseId: string): number[] {
    return this.table().refsWhere('Case ID', caseId);
  }

  findBy(header: 'Code Name' | 'Doc ID', value: string): Case | null {
    const caseless = header === 'Code Name';
    const refs = this.table().refsWhere(header, value.trim(), caseless);
    this.table().fill(refs);
    for (const ref of refs) {
      const kase = this.caseAt(ref);
      if (kase) return kase;
    }
    return null;
  }

  find(caseId: string): Case | null {
    const refs = this.table().refsWhere('Case ID', caseId);
    this.table().fill(refs);
    for (const ref of refs) {
      const kase = this.caseAt(ref);
      if (kase && kase.id === caseId) return kase;
    }
    return null;
  }

  flagsTextOf(caseId: string): string {
    const table = this.table();
    const refs = table.refsWhere('Case ID', caseId);
    table.fill(refs);
    // As `find`: the first row with this id that intake finished.
    for (const ref of refs) {
      if (trimmed(table.cell(ref, 'Case ID')) !== caseId || !trimmed(table.cell(ref, 'Doc ID'))) continue;
      if (trimmed(table.cell(ref, 'Phase')) !== INTAKE_PHASE) return String(table.cell(ref, 'Flags') ?? '');
    }
    return '';
  }

  update(ref: number, patch: Partial<Record<CaseHeader, Cell>>): void {
    this.table().update(ref, patch);
  }

  record(ref: number): Partial<Record<CaseHeader, Cell>> {
    return this.table().get(ref);
  }

  appendRecord(record: Partial<Record<CaseHeader, Cell>>): number {
    return this.table().append(record);
  }

  column(header: CaseHeader): string[] {
    return this.table().column(header);
  }

  /** The Form responses whose case is finished: the Doc holds the report, so the Form's copy may go. */
  filedResponseIds(): Set<string> {
    const table = this.table();
    table.fillColumns(['Response ID', 'Doc ID', 'Phase']);
    const out = new Set<string>();
    for (let ref = 0; ref < table.size(); ref++) {
      const id = trimmed(table.cell(ref, 'Response ID'));
      if (id && trimmed(table.cell(ref, 'Doc ID')) && String(table.cell(ref, 'Phase')) !== INTAKE_PHASE) out.add(id);
    }
    return out;
  }

  /** The reporter, reported people and witnesses of every row, finished or not, for the privacy checks. */
  peopleOnFile(): PeopleOnFile[] {
    const table = this.table();
    table.fillColumns(PEOPLE_HEADERS);
    const out: PeopleOnFile[] = [];
    for (let ref = 0; ref < table.size(); ref++) {
      out.push({
        reporterName: trimmed(table.cell(ref, 'Reporter Name')),
        reporterEmail: normalizeEmail(String(table.cell(ref, 'Reporter Email') ?? '')),
        reported: parsePeople(table.cell(ref, 'Reported')),
        witnesses: parsePeople(table.cell(ref, 'Witnesses')),
      });
    }
    return out;
  }

  /** Every person given a code so far, finished rows or not, in registry order (earliest first). */
  knownPersons(): KnownCasePerson[] {
    const table = this.table();
    table.fillColumns(['Flags', 'Reported', 'Case ID']);
    const out: KnownCasePerson[] = [];
    for (let ref = 0; ref < table.size(); ref++) {
      const codes = personCodesOf({ flags: parseObject(table.cell(ref, 'Flags')) });
      const people = peopleOf(parsePeople(table.cell(ref, 'Reported')));
      const caseId = trimmed(table.cell(ref, 'Case ID'));
      codes.forEach((code, i) =>
        out.push({ code, caseId, person: people[i] ?? { names: [], emails: [], handles: [] } }),
      );
    }
    return out;
  }

  // ----------------------------------------------------------------------------------------------
  // Intake: the row is written first (phase `intake`), then the Doc id, then the phase that finishes it.

  /** The row made from this Form response, finished or not. */
  intakeByResponse(responseId: string): IntakeRow | null {
    const refs = this.table().refsWhere('Response ID', responseId);
    return refs.length ? this.intakeRowAt(refs[0]) : null;
  }

  /** Rows whose intake was interrupted (phase still `intake`), in registry order. */
  unfinishedIntakes(): IntakeRow[] {
    const table = this.table();
    // Through the index (trimmed text), then the exact test: the sweep runs this over every case.
    const refs = table
      .refsWhere('Phase', INTAKE_PHASE)
      .filter((ref) => String(table.cell(ref, 'Phase')) === INTAKE_PHASE);
    table.fill(refs);
    return refs.map((ref) => this.intakeRowAt(ref));
  }

  /** Appends a new case's row (phase `intake`, no Doc); returns it. */
  register(c: NewCase): IntakeRow {
    const ref = this.table().append({
      'Case ID': c.caseId,
      'Code Name': c.codeName,
      'Response ID': c.responseId,
      'Received At': c.receivedAt,
      'Doc ID': '',
      Phase: INTAKE_PHASE,
      'Reporter Name': c.reporterName,
      'Reporter Email': c.reporterEmail,
      'Reporter Email Problem': c.reporterEmailProblem,
      Reported: JSON.stringify(c.reported),
      Witnesses: JSON.stringify(c.witnesses),
      Space: c.space,
      Danger: c.danger ? 'yes' : 'no',
      'Bad Faith': '',
      Deadlines: JSON.stringify({
        acknowledgeBy: c.deadlines.acknowledgeBy,
        followUpBy: c.deadlines.followUpBy,
        moderatorsWithinDays: c.deadlines.moderatorsWithinDays,
        followUpDays: c.deadlines.followUpDays,
        screeningHours: c.deadlines.screeningHours,
      }),
      Flags: JSON.stringify({
        ...(c.persons ? { persons: c.persons } : {}),
        ...(c.earlier ? { earlier: c.earlier } : {}),
        ...(c.named?.length ? { named: c.named } : {}),
        ...(c.recorded ? { recorded: c.recorded } : {}),
        ...(c.rehearsal ? { rehearsal: 1 } : {}),
      }),
      'Closed At': '',
    });
    return this.intakeRowAt(ref);
  }

  setDocId(row: IntakeRow, docId: string): void {
    this.table().update(row.ref, { 'Doc ID': docId });
    row.docId = docId;
  }

  /** Marks the row so the sweep adds the status row intake could not write (other flags kept). */
  oweStatusRow(row: IntakeRow): void {
    this.flagIntake(row, { statusRowOwed: true });
  }

  /** Sets flags of an intake's row, the others kept. */
  flagIntake(row: IntakeRow, patch: Record<string, unknown>): void {
    const flags = parseObject(this.table().cell(row.ref, 'Flags') || '{}');
    this.table().update(row.ref, { Flags: JSON.stringify({ ...flags, ...patch }) });
  }

  /** Intake is done at `at` (`Flags.filedAt`): the case enters screening (other flows skip the row until then). */
  finishIntake(row: IntakeRow, at: string): void {
    // A recorded report's answers leave the registry: the Doc holds them now.
    const { recorded: _recorded, ...flags } = parseObject(this.table().cell(row.ref, 'Flags') || '{}');
    this.table().update(row.ref, { Phase: 'screening', Flags: JSON.stringify({ ...flags, filedAt: at }) });
    row.phase = 'screening';
  }

  // ----------------------------------------------------------------------------------------------

  private intakeRowAt(ref: number): IntakeRow {
    const table = this.table();
    return {
      ref,
      caseId: String(table.cell(ref, 'Case ID')),
      codeName: String(table.cell(ref, 'Code Name')),
      responseId: String(table.cell(ref, 'Response ID')),
      docId: String(table.cell(ref, 'Doc ID')),
      phase: String(table.cell(ref, 'Phase')),
      ...pick(parseObject(table.cell(ref, 'Flags') || '{}')),
      receivedAt: String(table.cell(ref, 'Received At')),
    };
  }

  /** The row as a Case, or null while intake has not finished it. Cell by cell: no whole-row record per case. */
  private caseAt(ref: number): Case | null {
    const table = this.table();
    const cell = (header: CaseHeader) => table.cell(ref, header);
    const id = trimmed(cell('Case ID'));
    const docId = trimmed(cell('Doc ID'));
    const rawPhase = trimmed(cell('Phase'));
    if (!id || !docId || rawPhase === INTAKE_PHASE) return null;
    const receivedAt = trimmed(cell('Received At'));
    const rawReported = cell('Reported');
    const rawWitnesses = cell('Witnesses');
    const rawDeadlines = cell('Deadlines');
    const rawFlags = cell('Flags');
    const host = this.host;
    let reported: PeopleRecord | null = null;
    let witnesses: PeopleRecord | null = null;
    let flags: CaseFlags | null = null;
    let deadlines: StoredDeadlines | null = null;
    const resolveDeadlines = (): StoredDeadlines => {
      // Only a case with missing deadlines takes them from Settings (and stores them: they never move again).
      const read = readDeadlinesOrPolicy(rawDeadlines, receivedAt, () => host.policy());
      if (read.frozen) {
        table.update(ref, { Deadlines: JSON.stringify(read.deadlines) });
        host.audit(
          'case.deadlines-frozen',
          id,
          'deadlines were missing and have been stored from the current settings',
        );
      }
      return read.deadlines;
    };
    return {
      ref,
      ...(this.archivedTab ? { inArchiveTab: true } : {}),
      id,
      codeName: trimmed(cell('Code Name')),
      docId,
      // A phase the lifecycle does not know (a hand-edited cell) reads as the start of the procedure.
      phase: isCasePhase(rawPhase) ? rawPhase : 'screening',
      receivedAt,
      reporterName: trimmed(cell('Reporter Name')),
      reporterEmail: normalizeEmail(String(cell('Reporter Email') ?? '')),
      get reported(): PeopleRecord {
        if (!reported) reported = parsePeople(rawReported);
        return reported;
      },
      get witnesses(): PeopleRecord {
        if (!witnesses) witnesses = parsePeople(rawWitnesses);
        return witnesses;
      },
      space: trimmed(cell('Space')),
      badFaith: /^(yes|true)$/i.test(trimmed(cell('Bad Faith'))),
      danger: /^(yes|true)$/i.test(trimmed(cell('Danger'))),
      get deadlines(): StoredDeadlines {
        if (!deadlines) deadlines = resolveDeadlines();
        return deadlines;
      },
      get flags(): CaseFlags {
        if (!flags) flags = parseObject(rawFlags) as CaseFlags;
        return flags;
      },
      closedAt: trimmed(cell('Closed At')),
    };
  }
}

/**
 * Before the case tabs are read in this execution: read only the HISTORY_HEADERS columns of them when that costs less
 * than the whole tabs (a report's intake, which reads a few columns of every case on file to name the new one).
 */
export function readHistoryNarrow(ctx: Context): void {
  ctx.work.readNarrow(REGISTRY_TAB.cases, HISTORY_HEADERS);
  ctx.work.readNarrow(REGISTRY_TAB.archivedCases, HISTORY_HEADERS);
}

/** The execution's case store (registry `Cases`, read on first use). */
export const casesOf = perExecution(
  'records.cases',
  (ctx: Context) =>
    new CaseStore(
      () => registryTab(ctx, REGISTRY_TAB.cases),
      () => ctx.work.registryIfPresent(REGISTRY_TAB.archivedCases),
      {
        policy: () => settingsOf(ctx).policy ?? DEFAULT_POLICY,
        audit: (event, caseId, detail) => recordAudit(ctx, event, caseId, detail),
      },
    ),
);
