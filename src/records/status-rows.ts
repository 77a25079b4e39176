// The status spreadsheet's `Cases` tab as the system keeps it: one row per case found by its code name (never by position), the cells the system writes, and the tab whole for the privacy lint.
import type { Context } from '../workspace/context';
import { STATUS_TAB, type StatusTabHeader } from '../workspace/schema';
import { locateColumns, type Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { statusTab } from '../workspace/unit-of-work';
import { lowerTrim } from '../core/text';

export type StatusRowHeader = StatusTabHeader<typeof STATUS_TAB.cases>;

/** The header rows are found by: without it no row can be found again, so nothing is added or changed. */
export const STATUS_KEY_HEADER: StatusRowHeader = 'Code Name';

/** The cells the system keeps in step with a case's phase (members may edit them; see case-state.ts). */
export interface TrackedCells {
  status: string;
  actions: string;
  resolution: string;
}
export type Tracked = keyof TrackedCells;

/** The column of each tracked cell (also how audit entries name it). */
export const TRACKED_HEADER: Readonly<Record<Tracked, StatusRowHeader>> = {
  status: 'Status',
  actions: 'Actions needed',
  resolution: 'Resolution',
};

/** The tab as members left it, for the privacy lint: header row, data rows, and where the code names are (-1: nowhere). */
export interface StatusGrid {
  header: string[];
  body: unknown[][];
  codeNameColumn: number;
  /** Where `Status` is (-1: nowhere), found as the tables find headers (trimmed, in any case). */
  statusColumn: number;
}

export class StatusRows extends TableStore<Table<StatusRowHeader>> {
  /** For messages: which tab a refused write was meant for. */
  get name(): string {
    return this.table().name;
  }

  /** True when the tab has its `Code Name` column (a member may have renamed the header). */
  hasKeyColumn(): boolean {
    return this.table().has(STATUS_KEY_HEADER);
  }

  /** Headers a member renamed or deleted. */
  missingHeaders(): StatusRowHeader[] {
    return this.table().missingHeaders();
  }

  /** The row of this code name (case-insensitive), or null. */
  find(codeName: string): number | null {
    const row = this.table().findBy(STATUS_KEY_HEADER, codeName, true);
    return row ? row.ref : null;
  }

  /** Every row's code name (a list, not refs: a tab whose rows are deferred answers from its key column). */
  codeNames(): string[] {
    return this.table().keys();
  }

  /** True when a row has this code name (case-insensitive), as `find` would say, without needing the rows. */
  has(codeName: string): boolean {
    const wanted = lowerTrim(codeName);
    return this.codeNames().some((code) => code.toLowerCase() === wanted);
  }

  /**
   * `Status` by lower-cased code name, for every row (one pass; the sweep looks at every case); null for a code name
   * on several rows (a member copied a row): writes to it are refused until a person removes the copy (the commit
   * finds no single row), and its Status is not read either. Read from the last row, a copy nobody looked at brought
   * back every hour a proposal a cleared member had rejected in the row the system keeps.
   */
  statusByCodeName(): Map<string, string | null> {
    const table = this.table();
    const out = new Map<string, string | null>();
    const codes = table.column(STATUS_KEY_HEADER);
    const statuses = table.column('Status');
    codes.forEach((code, i) => {
      const key = lowerTrim(code);
      out.set(key, out.has(key) ? null : (statuses[i] ?? ''));
    });
    return out;
  }

  /** What the row's tracked cells hold now (trimmed). */
  tracked(ref: number, cell: Tracked): string {
    return this.table().text(ref, TRACKED_HEADER[cell]);
  }

  /** A cell the committee sets (`Safety risk?`, `Risk of repeating?`), trimmed; '' when a member removed its column. */
  risk(ref: number, header: 'Safety risk?' | 'Risk of repeating?'): string {
    return this.table().has(header) ? this.table().text(ref, header) : '';
  }

  /** Writes tracked cells of the row (in memory; the commit finds the row again by its code name). */
  writeTracked(ref: number, cells: Partial<TrackedCells>): void {
    const patch: Partial<Record<StatusRowHeader, string>> = {};
    for (const key of Object.keys(cells) as Tracked[]) patch[TRACKED_HEADER[key]] = cells[key] as string;
    this.table().update(ref, patch);
  }

  /** Adds a case's row: both risk columns `Unknown`, the tracked cells given. */
  append(row: { codeName: string; dateTime: string } & TrackedCells): void {
    this.table().append({
      'Safety risk?': 'Unknown',
      'Risk of repeating?': 'Unknown',
      Status: row.status,
      'Code Name': row.codeName,
      'Date & Time': row.dateTime,
      'Actions needed': row.actions,
      Resolution: row.resolution,
    });
  }

  grid(): StatusGrid {
    const rows = this.table().asRows();
    const header = (rows[0] ?? []).map((h) => String(h ?? ''));
    const cols = locateColumns(header, [STATUS_KEY_HEADER, 'Status']);
    return {
      header,
      body: rows.slice(1),
      codeNameColumn: cols.get(STATUS_KEY_HEADER) ?? -1,
      statusColumn: cols.get('Status') ?? -1,
    };
  }
}

/** The execution's view of the status `Cases` tab (read on first use; its writes re-locate rows by code name). */
export const statusRowsOf = perExecution(
  'records.statusRows',
  (ctx: Context) => new StatusRows(() => statusTab(ctx, STATUS_TAB.cases)),
);
