// The registry `Clearances` tab: append-only conflict-of-interest events per (case, member), parsed lazily; the latest event of a pair decides.
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Cell, RowRecord, Table } from '../workspace/table';
import { casesOf, parseObject } from './cases';
import { perExecution } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

export type ClearanceHeader = RegistryHeader<typeof REGISTRY_TAB.clearances>;

/**
 * A clearance event (registry `Clearances`, append-only). Decisions: `no-conflict`, `conflict`, and
 * `inactive` (the member left the committee; their earlier clearance no longer counts). `Share` says what
 * happened to Drive access for this event: `pending` (recorded, not shared yet), `silent`, `fallback`
 * (Drive refused a silent share; Google notified the member), `revoked`, `none` (there was nothing to do).
 */
export type Decision = 'no-conflict' | 'conflict' | 'inactive';
export type ShareState = 'pending' | 'silent' | 'fallback' | 'revoked' | 'none';
export type Via = 'screening' | 'onboarding' | 'case-page' | 'roster' | 'audit';

export interface ClearanceRecord {
  ref: number;
  caseId: string;
  memberId: string;
  decision: Decision;
  at: string;
  via: string;
  share: ShareState;
  note: string;
}

const DECISIONS: readonly string[] = ['no-conflict', 'conflict', 'inactive'];
const SHARES: readonly string[] = ['pending', 'silent', 'fallback', 'revoked', 'none'];

/** A Clearances row as a record, read cell by cell (no whole-row record: the sweep reads thousands of them). */
function toClearance(table: Table<ClearanceHeader>, ref: number): ClearanceRecord | null {
  return clearanceOf(ref, (header) => table.cell(ref, header));
}

/**
 * The columns a pass over every case reads first: who decided what, and the shares the access audit finishes every
 * hour (`latestWithShare`); `LATER` when asked.
 */
const FIRST: ClearanceHeader[] = ['Member ID', 'Decision', 'Share'];
const LATER: ClearanceHeader[] = ['At', 'Via', 'Note'];

/**
 * Rows read by columns (`FIRST`) as records whose other fields read `LATER` for every row on first use: a row read
 * alone would be a call each, and the hourly sweep asks only who decided what (half the cells of every row). A class
 * per table, not getters defined on each record: the sweep makes one per clearance row of every open case (30,000 at
 * 10,000 cases), and accessors defined per object made them slow to build and to collect. Spread such a record and
 * `at`, `via` and `note` stay behind (they live on the class): name the fields.
 */
function lazyClearances(table: Table<ClearanceHeader>): (ref: number) => ClearanceRecord | null {
  const later = (ref: number, header: ClearanceHeader): string => {
    table.fillColumns(LATER);
    return String(table.cell(ref, header) ?? '').trim();
  };
  class LazyClearance implements ClearanceRecord {
    private laterAt?: string;
    private laterVia?: string;
    private laterNote?: string;
    constructor(
      readonly ref: number,
      public caseId: string,
      public memberId: string,
      public decision: Decision,
      public share: ShareState,
    ) {}
    get at(): string {
      return (this.laterAt ??= later(this.ref, 'At'));
    }
    // setShare and the flows: the new value, whatever the row held (nothing to read).
    set at(value: string) {
      this.laterAt = value;
    }
    get via(): string {
      return (this.laterVia ??= later(this.ref, 'Via'));
    }
    set via(value: string) {
      this.laterVia = value;
    }
    get note(): string {
      return (this.laterNote ??= later(this.ref, 'Note'));
    }
    set note(value: string) {
      this.laterNote = value;
    }
  }
  return (ref) => {
    const decision = String(table.cell(ref, 'Decision') ?? '').trim();
    if (!DECISIONS.includes(decision)) return null;
    const share = String(table.cell(ref, 'Share') ?? '').trim();
    return new LazyClearance(
      ref,
      String(table.cell(ref, 'Case ID') ?? '').trim(),
      String(table.cell(ref, 'Member ID') ?? '').trim(),
      decision as Decision,
      (SHARES.includes(share) ? share : 'none') as ShareState,
    );
  };
}

function clearanceOf(ref: number, cell: (header: ClearanceHeader) => Cell | undefined): ClearanceRecord | null {
  const decision = String(cell('Decision') ?? '').trim();
  if (!DECISIONS.includes(decision)) return null;
  const share = String(cell('Share') ?? '').trim();
  return {
    ref,
    caseId: String(cell('Case ID') ?? '').trim(),
    memberId: String(cell('Member ID') ?? '').trim(),
    decision: decision as Decision,
    at: String(cell('At') ?? '').trim(),
    via: String(cell('Via') ?? '').trim(),
    share: (SHARES.includes(share) ? share : 'none') as ShareState,
    note: String(cell('Note') ?? '').trim(),
  };
}

/**
 * All clearance events of one execution, from the tab read narrow: the latest event per (case, member).
 * Parsed lazily: a page about one case parses only that case's rows (found through the table's index), and
 * the whole tab is parsed once, the first time a flow asks for every pair. Each event has one record object,
 * shared by every caller, so `setShare` on a record is seen everywhere.
 */
export class Clearances {
  private readonly table: Table<ClearanceHeader>;
  private readonly lazy: (ref: number) => ClearanceRecord | null;
  /** Parsed events by row. */
  private readonly byRef = new Map<number, ClearanceRecord>();
  /** Latest event per (case, member), for the cases loaded so far (every case once `all()` ran). */
  private readonly latestByPair = new Map<string, ClearanceRecord>();
  private readonly membersByCase = new Map<string, Set<string>>();
  private readonly casesLoaded = new Set<string>();
  private allLoaded = false;
  /** Every row's `FIRST` columns are read (a pass over many cases): rows not read whole are parsed lazily. */
  private byColumns = false;

  constructor(
    table: Table<ClearanceHeader>,
    private readonly archived: ArchivedClearances = { of: () => null, cases: () => [] },
  ) {
    this.table = table;
    this.lazy = lazyClearances(table);
  }

  /** The member's latest decision for the case, or null when they never answered (silence: no access). */
  latest(caseId: string, memberId: string): ClearanceRecord | null {
    this.loadCase(caseId);
    return this.latestByPair.get(pairKey(caseId, memberId)) ?? null;
  }

  /** Latest events of one case, one per member who ever answered. */
  forCase(caseId: string): ClearanceRecord[] {
    this.loadCase(caseId);
    const members = this.membersByCase.get(caseId);
    return members ? [...members].map((m) => this.latestByPair.get(pairKey(caseId, m)) as ClearanceRecord) : [];
  }

  /** The pair's event just before `record`, or null: what the member held when `record` was made. */
  previous(record: ClearanceRecord): ClearanceRecord | null {
    let found: ClearanceRecord | null = null;
    // The case's rows as `loadCase` read them (whole, or by columns): reading them whole here was a read per case.
    for (const ref of this.table.refsWhere('Case ID', record.caseId)) {
      if (ref >= record.ref || (found && ref < found.ref)) continue;
      const event = this.recordAt(ref);
      if (event && event.memberId === record.memberId) found = event;
    }
    return found;
  }

  /** Latest events whose `Share` is `share`, in row order (through the table's index: `pending` ones are few). */
  latestWithShare(share: ShareState): ClearanceRecord[] {
    const out: ClearanceRecord[] = [];
    for (const row of this.table.filterBy('Share', share)) {
      const record = this.recordAt(row.ref, row.values);
      if (record && record.share === share && this.latest(record.caseId, record.memberId) === record) out.push(record);
    }
    return out;
  }

  /** Latest events, all pairs, in the order the pairs first appear in the tab (for the audit and offboarding). */
  all(): ClearanceRecord[] {
    if (!this.allLoaded) {
      this.latestByPair.clear();
      this.membersByCase.clear();
      for (const caseId of this.archived.cases()) this.loadArchived(caseId);
      // Every row whole in one read (the tab is read narrow: a row at a time would be a read each); the rest of each
      // row only, when a pass over the cases read their decisions already.
      if (this.byColumns) this.table.fillColumns(LATER);
      else this.table.fill();
      for (let ref = 0; ref < this.table.size(); ref++) {
        const record = this.recordAt(ref);
        if (record) this.setLatest(record);
      }
      this.allLoaded = true;
    }
    return [...this.latestByPair.values()];
  }

  /** Appends an event and makes it the pair's latest. */
  append(event: Omit<ClearanceRecord, 'ref'>): ClearanceRecord {
    this.loadCase(event.caseId);
    const ref = this.table.append({
      'Case ID': event.caseId,
      'Member ID': event.memberId,
      Decision: event.decision,
      At: event.at,
      Via: event.via,
      Share: event.share,
      Note: event.note,
    });
    const record: ClearanceRecord = { ...event, ref };
    this.byRef.set(ref, record);
    this.setLatest(record);
    return record;
  }

  /** Changes the Share outcome (and note) of an event in place: it describes what that event did to Drive. */
  setShare(record: ClearanceRecord, share: ShareState, note?: string): void {
    const patch: Partial<Record<ClearanceHeader, string>> = { Share: share };
    if (note !== undefined) patch.Note = note;
    // An archived case's summary has no row: the change holds for this execution (a later event is a new row).
    if (record.ref >= 0) this.table.update(record.ref, patch);
    record.share = share;
    if (note !== undefined) record.note = note;
  }

  private recordAt(ref: number, values?: RowRecord<ClearanceHeader>): ClearanceRecord | null {
    let record = this.byRef.get(ref);
    if (!record) {
      const parsed = values
        ? clearanceOf(ref, (header) => values[header])
        : this.byColumns
          ? this.lazy(ref)
          : toClearance(this.table, ref);
      if (!parsed) return null;
      record = parsed;
      this.byRef.set(ref, record);
    }
    return record;
  }

  /**
   * An archived case's latest events, from the summary its Cases row keeps (archive.ts): the member's decision and
   * share as they stood, as records without a row (`ref` -1). Events after the archiving (rows) come later and win.
   */
  private loadArchived(caseId: string): void {
    const summary = this.archived.of(caseId);
    if (!summary) return;
    for (const [memberId, value] of Object.entries(summary.clearances)) {
      const [decision, share, automatic] = String(value).split('/');
      if (!DECISIONS.includes(decision)) continue;
      this.setLatest({
        ref: -1,
        caseId,
        memberId,
        decision: decision as Decision,
        at: summary.at,
        via: 'archive',
        share: (SHARES.includes(share) ? share : 'none') as ShareState,
        note: automatic === 'auto' ? AUTOMATIC_NOTE : '',
      });
    }
  }

  /** Parses the rows of one case (in row order, so the last event of each pair wins). */
  private loadCase(caseId: string): void {
    if (this.allLoaded || this.casesLoaded.has(caseId)) return;
    // The tab is read narrow (Case ID): one case's rows are read whole when it is first asked about; from the
    // second case on, every row's decision at once, so a flow that goes through many cases reads the tab once, not
    // per case (lazyClearances: the rest of the rows when a field of theirs is first asked for).
    if (this.casesLoaded.size && !this.byColumns) {
      this.table.fillColumns(FIRST);
      this.byColumns = true;
    }
    this.casesLoaded.add(caseId);
    this.loadArchived(caseId);
    const refs = this.table.refsWhere('Case ID', caseId);
    if (!this.byColumns) this.table.fill(refs);
    for (const ref of refs) {
      const record = this.recordAt(ref);
      if (record) this.setLatest(record);
    }
  }

  private setLatest(record: ClearanceRecord): void {
    this.latestByPair.set(pairKey(record.caseId, record.memberId), record);
    let members = this.membersByCase.get(record.caseId);
    if (!members) this.membersByCase.set(record.caseId, (members = new Set()));
    members.add(record.memberId);
  }
}

/** Where an archived case's clearance summary is read (the Cases row's `archived` flag; archive.ts). */
export interface ArchivedClearances {
  of(caseId: string): { at: string; clearances: Record<string, string> } | null;
  /** Every archived case's id. */
  cases(): string[];
}

/** The execution's one Clearances index (built on first use, then shared by every flow in the execution). */
export const clearancesOf = perExecution('records.clearances', (ctx: Context) => {
  const summaryOf = (flags: Record<string, unknown>) => {
    const value = flags.archived as { at: string; clearances: Record<string, string> } | undefined;
    return value && typeof value.clearances === 'object' && value.clearances ? value : null;
  };
  return new Clearances(registryTab(ctx, REGISTRY_TAB.clearances), {
    of: (caseId) => {
      // Asked for every case the sweep goes through, and few were ever archived: most flags are not parsed at all.
      const text = casesOf(ctx).flagsTextOf(caseId);
      return text.includes('"archived"') ? summaryOf(parseObject(text)) : null;
    },
    cases: () =>
      casesOf(ctx)
        .all()
        .filter((c) => summaryOf(c.flags))
        .map((c) => c.id),
  });
});

function pairKey(caseId: string, memberId: string): string {
  return `${caseId}|${memberId}`;
}

/** True when the event entitles the member to the Doc (they still need to be active). */
/** How an automatic conflict's note begins (self-reported.ts: the member is in the report). */
export const AUTOMATIC_NOTE = 'automatic';

/** A conflict the system recorded because the report names the member: the member is never told of it. */
export function isAutomaticConflict(record: ClearanceRecord | null): boolean {
  return record?.decision === 'conflict' && record.note.startsWith(AUTOMATIC_NOTE);
}

export function isCleared(record: ClearanceRecord | null): boolean {
  return !!record && record.decision === 'no-conflict';
}

/**
 * What keys the mail a member is owed once per clearance (access links, a meeting's invitation): '' for a first one,
 * `@<time they left>` for one after leaving (an `inactive` event before it), so a returning member is told again.
 */
export function returnMark(clearances: Clearances, record: ClearanceRecord | null): string {
  const before = record && clearances.previous(record);
  return before?.decision === 'inactive' ? `@${before.at}` : '';
}
