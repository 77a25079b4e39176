// The unit of work of one execution: the two spreadsheets and their tabs read at most once, the Docs it opened, the Audit rows, and the commit that writes them back in a fixed order, with the Doc journal and intents that make a crash between its steps recoverable (docs/architecture.md "Execution protocol").
import { finishRebuild } from './archive-store';
import { toFormulaSafe } from '../core/text';
import type { AuditRow, AuditTrail } from './audit-trail';
import { CELL_WRITE_MS, SHEET_FLUSH_MS, SHEET_WRITE_MS, type Clock } from './clock';
import {
  COMMIT_WITNESS,
  decodeDocJournal,
  docJournalKeys,
  encodeDocJournal,
  findWitness,
  type CommitRef,
  type DocJournal,
} from './doc-journal';
import { DocStore } from './docs';
import { auditError, rethrowEnding } from './errors';
import {
  PROP,
  REGISTRY_HEADERS,
  REGISTRY_TAB,
  STATUS_HEADERS_BY_TAB,
  STATUS_TAB,
  type RegistryHeader,
  type RegistryTab,
  type StatusTabHeader,
  type StatusTab,
} from './schema';
import type { ScriptProperties } from './script-properties';
import { ruleCasesRows } from './provision';
import { Table, type TableWriteResult } from './table';
import { openSheet } from './drive-items';

/** A tab setup makes is gone (thrown by the bundle itself, so `instanceof` holds): only the owner can put it back. */
export class SetupNeeded extends Error {}

/** What `commit()` wrote. */
export interface CommitReport {
  tables: Record<string, TableWriteResult>;
  auditRows: number;
  refused: string[];
}

/**
 * A typed key for one value kept for the length of an execution (`work.slot(key, build)`): the record stores
 * and the sweep's parsed cases live there, so every flow of an execution shares them and nothing outlives it.
 */
export interface SlotKey<T> {
  readonly name: string;
  /** Carries `T` for the type checker only. */
  readonly type?: T;
}

export function slotKey<T>(name: string): SlotKey<T> {
  return { name };
}

/** What the unit of work needs from the other parts. */
export interface UnitOfWorkParts {
  properties: ScriptProperties;
  clock: Clock;
  audit: AuditTrail;
  /** Tells the committee about something that needs a person (the outbox's alert); commit calls it for a status row it could not write. */
  alert: (title: string, lines: readonly string[], codeName?: string) => void;
}

/** Script Properties holding intents (`recordIntent`) start with this. */
const INTENT_PREFIX = 'intent.';

const STATUS_KEYS: { [T in StatusTab]?: StatusTabHeader<T> } = { Cases: 'Code Name' };
const REGISTRY_KEYS: { [T in RegistryTab]?: RegistryHeader<T> } = {
  Cases: 'Case ID',
  'Archived Cases': 'Case ID',
  // Not unique: a narrow read checks rows it fills against it (a tab changed under the execution fails it), so a row
  // moved among the rows of its own case between the column read and the row read would go unnoticed (owner-only tab).
  Clearances: 'Case ID',
  Members: 'Member ID',
  Outbox: 'Key',
  Votes: 'Vote ID',
};
/**
 * Registry tabs read narrow (Table `narrow`): the outbox keeps every open case's mail, bodies and addresses
 * included, and most executions only ask which keys exist and in what state.
 */
const REGISTRY_NARROW: { [T in RegistryTab]?: readonly RegistryHeader<T>[] } = {
  Outbox: ['Key', 'State'],
  // A page about one case reads that case's rows only; a flow that goes through many cases reads them all (clearances.ts).
  Clearances: ['Case ID'],
};
/** Registry tabs are written after the status tabs and `Cases` last: its `Phase` marks work as done. */
const REGISTRY_WRITE_ORDER: RegistryTab[] = [
  'Members',
  'Clearances',
  'Votes',
  'Moderation',
  'Proposals',
  'Inbox',
  'Outbox',
  'Archived Cases',
  'Cases',
];

/**
 * Reads are lazy and happen at most once per tab; changes stay in memory until `commit()`, which writes each
 * changed tab in as few `setValues` as possible and flushes once.
 */
export class UnitOfWork {
  /** Case Docs opened or created by this execution (saved by commit). */
  readonly docs = new DocStore();
  private readonly properties: ScriptProperties;
  private readonly clock: Clock;
  private readonly auditTrail: AuditTrail;
  private readonly alert: UnitOfWorkParts['alert'];
  private readonly spreadsheets = new Map<string, GoogleAppsScript.Spreadsheet.Spreadsheet>();
  private readonly statusTables = new Map<StatusTab, Table>();
  private readonly registryTables = new Map<RegistryTab, Table>();
  /** Narrow first reads asked for by a flow (`readNarrow`), each used by the tab's next read only. */
  private readonly narrowAsked = new Map<RegistryTab, readonly string[]>();
  private readonly deferAsked = new Set<StatusTab>();
  /** Run once when a registry tab is first read (the outbox applies its mail journal there). */
  private readonly loadHooks = new Map<RegistryTab, (table: Table) => void>();
  private readonly commitHooks: Array<() => void> = [];
  private readonly slots = new Map<SlotKey<unknown>, unknown>();
  /** This execution's nonce (random); each commit's is `<nonce>.<commit number>`. */
  private nonceBase = '';
  private commits = 0;
  /** This commit must leave a witness row (it journaled Doc entries or recorded intents). */
  private witnessNeeded = false;
  /** Intent properties written by this execution (or taken over from a dead run), deleted after the commit. */
  private readonly intentsToClear = new Set<string>();
  /** Witness lookups already made, by nonce. */
  private readonly witnessCache = new Map<string, boolean>();

  constructor(parts: UnitOfWorkParts) {
    this.properties = parts.properties;
    this.clock = parts.clock;
    this.auditTrail = parts.audit;
    this.alert = parts.alert;
    // A crashed execution's Doc entries are settled before this one changes any Doc (never by unlocked pages:
    // only state-changing flows edit Docs, and they hold the script lock).
    this.docs.beforeFirstEdit = () => this.settleDocJournal();
  }

  /** The value kept under `key` for this execution, built on first use. */
  slot<T>(key: SlotKey<T>, build: () => T): T {
    if (this.slots.has(key)) return this.slots.get(key) as T;
    const value = build();
    this.slots.set(key, value);
    return value;
  }

  // ----------------------------------------------------------------------------------------------
  // Spreadsheets and tables

  /** The status spreadsheet, opened once. */
  statusSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.spreadsheet(this.properties.require(PROP.statusSpreadsheetId));
  }

  /** The private registry, opened once. */
  registrySpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.spreadsheet(this.properties.require(PROP.registrySpreadsheetId));
  }

  /** A tab of the status spreadsheet, read at most once. `Cases` rows are re-located by `Code Name` when written. */
  status<T extends StatusTab>(tab: T): Table<StatusTabHeader<T>> {
    let table = this.statusTables.get(tab) as Table<StatusTabHeader<T>> | undefined;
    if (!table) {
      const sheet = this.requireSheet(this.statusSpreadsheet(), tab, 'status spreadsheet');
      const key = STATUS_KEYS[tab] as StatusTabHeader<T> | undefined;
      const headers: readonly StatusTabHeader<T>[] = STATUS_HEADERS_BY_TAB[tab];
      const deferRows = this.deferAsked.delete(tab);
      table = Table.load(sheet, {
        name: `status/${tab}`,
        headers,
        plainText: false,
        key,
        relocate: Boolean(key),
        deferRows,
        grown: tab === STATUS_TAB.cases ? ruleCasesRows : undefined,
      });
      this.statusTables.set(tab, table);
    }
    return table;
  }

  /** A tab of the private registry, read at most once (then its load hook runs, if one is registered). */
  registry<T extends RegistryTab>(tab: T): Table<RegistryHeader<T>> {
    let table = this.registryTables.get(tab) as Table<RegistryHeader<T>> | undefined;
    if (!table) {
      if (tab === REGISTRY_TAB.audit) throw new Error('The Audit tab is append-only: use recordAudit(ctx, …)');
      const sheet = this.requireSheet(this.registrySpreadsheet(), tab, 'private registry');
      const key = REGISTRY_KEYS[tab] as RegistryHeader<T> | undefined;
      const headers: readonly RegistryHeader<T>[] = REGISTRY_HEADERS[tab];
      const asked = this.narrowAsked.get(tab) as readonly RegistryHeader<T>[] | undefined;
      this.narrowAsked.delete(tab);
      const narrow = (REGISTRY_NARROW[tab] as readonly RegistryHeader<T>[] | undefined) ?? asked;
      const narrowIfCheaper = !REGISTRY_NARROW[tab] && Boolean(asked);
      table = Table.load(sheet, { name: `registry/${tab}`, headers, plainText: true, key, narrow, narrowIfCheaper });
      // Between an upgrade's push and the owner's setup, triggers already run the new code: the columns it added are
      // written here, or every append to the tab would fail until setup ran (a report, a vote, the sweep's commit).
      const restored = table.restoreHeaders();
      if (restored.length) this.auditTrail.record('registry.headers-restored', '-', `${tab}: ${restored.join()}`);
      this.registryTables.set(tab, table);
      this.loadHooks.get(tab)?.(table);
    }
    return table;
  }

  /**
   * Asks that the next read of a registry tab not read yet in this execution read only these columns (its key among
   * them), the rest when something needs it, if that costs less than the whole tab (Table `narrowIfCheaper`): for a flow
   * that looks at a few columns of every row of a tab that grows with every case (intake and the history of cases).
   * Whatever is read, every answer is the same; a tab read already, or read narrow always, is left as it is.
   */
  readNarrow<T extends RegistryTab>(tab: T, headers: readonly RegistryHeader<T>[]): void {
    if (!this.registryTables.has(tab) && !REGISTRY_NARROW[tab]) this.narrowAsked.set(tab, headers);
  }

  /**
   * Asks that the next read of a status tab not read yet in this execution read its header and key column only (Table
   * `deferRows`), the rows when something needs one: for a flow that looks keys up and appends (intake's status row).
   */
  deferStatusRows(tab: StatusTab): void {
    if (!this.statusTables.has(tab) && STATUS_KEYS[tab]) this.deferAsked.add(tab);
  }

  /**
   * Withdraws the `readNarrow` and `deferStatusRows` requests no read has used: they were for the flow that made them
   * (a resumed intake never reads the archived cases), not for what the execution does next.
   */
  dropReadRequests(): void {
    this.narrowAsked.clear();
    this.deferAsked.clear();
  }

  /** A registry tab as `registry` reads it, or null when the registry has none (an install from before the tab). */
  registryIfPresent<T extends RegistryTab>(tab: T): Table<RegistryHeader<T>> | null {
    if (!this.registryTables.has(tab)) {
      const ss = this.registrySpreadsheet();
      if (!ss.getSheetByName(tab) && !finishRebuild(ss, tab)) return null;
    }
    return this.registry(tab);
  }

  /**
   * Forgets every registry tab read so far and every per-execution store built on them: the archive rebuilt the
   * tabs, so rows must be read again (and refs into the old tabs mean nothing).
   */
  forgetRegistry(): void {
    this.registryTables.clear();
    this.slots.clear();
  }

  /** True once this execution has read the registry tab. */
  hasRead(tab: RegistryTab): boolean {
    return this.registryTables.has(tab);
  }

  /** Runs `hook` when `tab` is first read, whoever reads it (one hook per tab). */
  onRegistryLoad<T extends RegistryTab>(tab: T, hook: (table: Table<RegistryHeader<T>>) => void): void {
    this.loadHooks.set(tab, hook as (table: Table) => void);
  }

  /** Runs `hook` at the end of every commit, after the flush and the journal and intent deletes. */
  afterCommit(hook: () => void): void {
    this.commitHooks.push(hook);
  }

  // ----------------------------------------------------------------------------------------------
  // Commit

  /**
   * What the next commit's sheet writes will take (ms), estimated from the tables' pending changes: the time budget
   * keeps room for it, so an execution that changed many rows stops starting work in time to write them.
   */
  pendingWriteMs(): number {
    let calls = 0;
    let cells = 0;
    for (const table of [...this.statusTables.values(), ...this.registryTables.values()]) {
      const pending = table.pendingWrites();
      calls += pending.calls;
      cells += pending.cells;
    }
    return calls ? calls * SHEET_WRITE_MS + cells * CELL_WRITE_MS + SHEET_FLUSH_MS : 0;
  }

  /**
   * Persists everything changed in memory: Docs saved, status tabs (re-located by key), registry tabs
   * (`Cases` last), audit rows, then one flush. A status row that cannot be found exactly once is not
   * written; the committee is told.
   */
  commit(): CommitReport {
    const report: CommitReport = { tables: {}, auditRows: 0, refused: [] };
    const journalKeys = this.journalDocEntries();
    if (this.witnessNeeded) this.auditTrail.record(COMMIT_WITNESS, '-', this.commitNonce());
    this.docs.saveAll();
    // Status spreadsheet: every read a write needs first, then the writes (a read would flush them early).
    const statusWrites: Array<{ tab: StatusTab; name: string; prepared: ReturnType<Table['prepareWrite']> }> = [];
    for (const [tab, table] of this.statusTables) {
      if (table.isDirty()) statusWrites.push({ tab, name: table.name, prepared: table.prepareWrite() });
    }
    for (const { tab, name, prepared } of statusWrites) {
      prepared.apply();
      report.tables[name] = prepared.result;
      if (!prepared.result.refused.length) continue;
      report.refused.push(...prepared.result.refused);
      this.auditTrail.record(
        'status.write-refused',
        '-',
        `${tab}: ${prepared.result.refused.length} row(s) not found exactly once`,
      );
      for (const key of prepared.result.refused) {
        this.alert(
          'A status row could not be updated',
          [
            `The ${tab} tab has no single row for this code name (it was deleted, duplicated or renamed).`,
            'Fix the row by hand; the system will not guess which row is meant.',
          ],
          key,
        );
      }
    }
    const registryTables = REGISTRY_WRITE_ORDER.map((tab) => this.registryTables.get(tab)).filter((t): t is Table =>
      Boolean(t && t.isDirty()),
    );
    // Registry: reads first (grid sizes), then the writes, `Cases` last, then one flush. The registry records
    // what is done (a case's Phase) and must never become durable ahead of the status rows it vouches for: its
    // writes come after the status writes, and no read comes between its writes and the flush (a read flushes
    // pending writes; if the platform's write cache is shared, such a read flushes the status rows first).
    const audit = this.prepareAudit(this.auditTrail.drain());
    const registryWrites = registryTables.map((table) => ({ name: table.name, prepared: table.prepareWrite() }));
    audit.apply();
    report.auditRows = audit.rows;
    for (const { name, prepared } of registryWrites) {
      prepared.apply();
      report.tables[name] = prepared.result;
    }
    // One flush makes every write above durable; an execution that wrote nothing does not pay for it.
    if (registryWrites.length || report.auditRows || statusWrites.length) SpreadsheetApp.flush();
    // The registry now vouches for the Doc entries and intents (the witness row went with it): they are spent.
    for (const key of [...journalKeys, ...this.intentsToClear]) this.properties.delete(key);
    this.intentsToClear.clear();
    this.witnessNeeded = false;
    this.commits++;
    for (const hook of this.commitHooks) hook();
    return report;
  }

  // ----------------------------------------------------------------------------------------------
  // Doc journal and intents

  /**
   * Settles the Doc journal an interrupted execution left behind: if its Audit witness row is in the registry,
   * its commit finished and the journal is only deleted; otherwise the registry never recorded what those Doc
   * entries describe, so they are removed (the action, when repeated, writes them again). Free when there is no
   * journal (the properties were read at open). The sweep calls it; any flow's first Doc edit does too.
   */
  settleDocJournal(): void {
    this.docs.beforeFirstEdit = null;
    const keys = docJournalKeys(this.properties.all());
    if (!keys.length) return;
    const journal = decodeDocJournal(this.properties.all());
    if (journal && !this.witnessed(journal)) {
      let removed = 0;
      for (const [docId, blocks] of journal.docs) {
        try {
          removed += this.docs.removeBlocks(docId, blocks);
        } catch (err) {
          rethrowEnding(err);
          this.auditTrail.record('docs.undo-failed', '-', `Doc ${docId}: ${auditError(err)}`);
        }
      }
      this.auditTrail.record(
        'docs.undone',
        '-',
        `${removed} entr${removed === 1 ? 'y' : 'ies'} of an interrupted execution removed from ${journal.docs.length} Doc(s)`,
      );
    }
    for (const key of keys) this.properties.delete(key);
  }

  /**
   * Writes down, at once (one property write), what a flow is about to do outside the spreadsheets and must
   * report — a Drive repair, say — so that a run dying after the side effect but before its commit is still
   * reported by the next run (`unsettledIntents`). Deleted after the commit that carries the report.
   */
  recordIntent(key: string, value: unknown): void {
    const prop = `${INTENT_PREFIX}${key}`;
    this.properties.set(prop, JSON.stringify({ nonce: this.commitNonce(), at: this.clock.nowIso(), value }));
    this.intentsToClear.add(prop);
    this.witnessNeeded = true;
  }

  /**
   * Intents under `prefix` whose commit never happened (what they announced is still owed), with their keys.
   * Those whose commit finished are deleted. A caller that acts on one must `recordIntent` it again, so it
   * belongs to this run's commit.
   */
  unsettledIntents<T>(prefix: string): Array<{ key: string; value: T }> {
    const out: Array<{ key: string; value: T }> = [];
    for (const [prop, text] of Object.entries(this.properties.all())) {
      if (!prop.startsWith(`${INTENT_PREFIX}${prefix}`) || this.intentsToClear.has(prop)) continue;
      let parsed: CommitRef & { value: T };
      try {
        parsed = JSON.parse(text) as CommitRef & { value: T };
      } catch {
        this.properties.delete(prop);
        continue;
      }
      if (this.witnessed(parsed)) this.properties.delete(prop);
      else out.push({ key: prop.slice(INTENT_PREFIX.length), value: parsed.value });
    }
    return out;
  }

  /**
   * Writes the Doc journal for the entries this commit is about to save (one property write) and queues its
   * witness Audit row, which reaches the sheet in the same flush as the registry rows. Returns the keys to
   * delete once that flush is done; none when no Doc gained an entry.
   */
  private journalDocEntries(): string[] {
    const docs = this.docs.pendingBlocks();
    if (!docs.length) return [];
    const journal: DocJournal = { nonce: this.commitNonce(), at: this.clock.nowIso(), docs };
    const props = encodeDocJournal(journal);
    this.properties.setAll(props);
    this.witnessNeeded = true;
    return Object.keys(props);
  }

  private commitNonce(): string {
    if (!this.nonceBase) this.nonceBase = Utilities.getUuid();
    return `${this.nonceBase}.${this.commits}`;
  }

  /**
   * Whether a commit reached the registry: its witness row is among the Audit rows written since it began,
   * read newest first in pages. When too many rows were written since to search (never in
   * practice: the next Doc edit or sweep settles it), it counts as committed: keeping an entry that may be
   * doubled is better than removing one the registry vouches for.
   */
  private witnessed(commit: CommitRef): boolean {
    const known = this.witnessCache.get(commit.nonce);
    if (known !== undefined) return known;
    const found = this.searchWitness(commit);
    this.witnessCache.set(commit.nonce, found);
    return found;
  }

  private searchWitness(commit: CommitRef): boolean {
    const sheet = this.requireSheet(this.registrySpreadsheet(), REGISTRY_TAB.audit, 'private registry');
    const PAGE = 200;
    let end = sheet.getLastRow();
    for (let page = 0; page < 10; page++) {
      if (end < 2) return false;
      const start = Math.max(2, end - PAGE + 1);
      const found = findWitness(
        commit,
        sheet
          .getRange(start, 1, end - start + 1, 5)
          .getValues()
          .reverse(),
      );
      if (found !== undefined) return found;
      end = start - 1;
    }
    this.auditTrail.record(
      'commit.unconfirmed',
      '-',
      'too many Audit rows since an interrupted execution to confirm it; its Doc entries and intents count as done',
    );
    return true;
  }

  // ----------------------------------------------------------------------------------------------

  private spreadsheet(id: string): GoogleAppsScript.Spreadsheet.Spreadsheet {
    let ss = this.spreadsheets.get(id);
    if (!ss) {
      ss = openSheet(id);
      this.spreadsheets.set(id, ss);
    }
    return ss;
  }

  private requireSheet(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    name: string,
    what: string,
  ): GoogleAppsScript.Spreadsheet.Sheet {
    const sheet = ss.getSheetByName(name) ?? finishRebuild(ss, name);
    if (!sheet) throw new SetupNeeded(`The ${what} has no "${name}" tab: the owner should run setup to repair it.`);
    return sheet;
  }

  /** Reads where the audit rows go (getLastRow, grid size) and returns the write to run. */
  private prepareAudit(auditRows: AuditRow[]): { rows: number; apply(): void } {
    if (!auditRows.length) return { rows: 0, apply: () => undefined };
    const sheet = this.requireSheet(this.registrySpreadsheet(), REGISTRY_TAB.audit, 'private registry');
    const rows = auditRows.map((row) => row.map((v) => toFormulaSafe(v.length >= 50000 ? v.slice(0, 49000) : v)));
    const start = Math.max(sheet.getLastRow(), 1) + 1;
    const end = start + rows.length - 1;
    const maxRows = sheet.getMaxRows();
    const maxColumns = end > maxRows ? sheet.getMaxColumns() : 0;
    return {
      rows: rows.length,
      apply: () => {
        if (end > maxRows) {
          const added = end - maxRows + 500;
          sheet.insertRowsAfter(maxRows, added);
          sheet.getRange(maxRows + 1, 1, added, maxColumns).setNumberFormat('@');
        }
        sheet.getRange(start, 1, rows.length, rows[0].length).setValues(rows);
      },
    };
  }
}

/** A tab of the private registry of the execution `ctx` (`UnitOfWork.registry`): one short call for the bundle. */
export function registryTab<T extends RegistryTab>(ctx: { work: UnitOfWork }, tab: T): Table<RegistryHeader<T>> {
  return ctx.work.registry(tab);
}

/** Commits the execution `ctx`'s changes (`UnitOfWork.commit`). */
export function commitWork(ctx: { work: UnitOfWork }): CommitReport {
  return ctx.work.commit();
}

/** A tab of the status spreadsheet of the execution `ctx` (`UnitOfWork.status`). */
export function statusTab<T extends StatusTab>(ctx: { work: UnitOfWork }, tab: T): Table<StatusTabHeader<T>> {
  return ctx.work.status(tab);
}

/** Runs `hook` once the execution `ctx` has committed (`UnitOfWork.afterCommit`). */
export function afterCommit(ctx: { work: UnitOfWork }, hook: () => void): void {
  ctx.work.afterCommit(hook);
}

/** Records an intent of the execution `ctx`, settled by its commit (`UnitOfWork.recordIntent`). */
export function recordIntent(ctx: { work: UnitOfWork }, key: string, value: unknown): void {
  ctx.work.recordIntent(key, value);
}

/**
 * What a flow about to change something outside the spreadsheets will tell (intent `key`): `intend` announces the lines
 * before each change, `all` adds those a run that died before its commit announced and never told (recorded again, so
 * this run's commit settles them).
 */
export function owedLines(ctx: { work: UnitOfWork }, key: string) {
  const owed = ctx.work.unsettledIntents<string[]>(key).flatMap((i) => i.value);
  const all = (lines: string[]) => [...new Set([...owed, ...lines])];
  const intend = (lines: string[]) => recordIntent(ctx, key, all(lines));
  if (owed.length) intend([]);
  return [all, intend] as const;
}
