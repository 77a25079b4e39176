// One sheet tab held in memory for one execution: read once, columns found by header, rows changed in memory, written back in as few calls as possible.
import { lowerTrim, toFormulaSafe, truncate } from '../core/text';
import { CELL_READ_MS, SHEET_READ_MS } from './clock';
import { CELL_CHAR_LIMIT } from './schema';

/** A cell value as Sheets returns it. */
export type Cell = string | number | boolean | Date;
/** A row keyed by header text. Missing headers read as ''. */
export type RowRecord<H extends string = string> = Record<H, Cell>;
/** A row and its position in this table (0-based over data rows; stable for the execution). */
export interface TableRow<H extends string = string> {
  readonly ref: number;
  readonly values: RowRecord<H>;
}

export interface TableOptions<H extends string = string> {
  /** For messages and audit entries, e.g. `registry/Outbox`. */
  name: string;
  /** Headers this code reads and writes; appends fill exactly these (others stay blank). */
  headers: readonly H[];
  /**
   * Registry tabs: every cell is formatted plain text and values are written as strings (cut below the cell
   * limit). Every value, on every tab, passes through `toFormulaSafe` (a plain-text format is not relied on).
   */
  plainText: boolean;
  /**
   * Header whose value identifies a row. With `relocate`, rows are found again by this key at write time
   * (humans sort, insert and delete rows of the status sheet between our read and our write) and a write is
   * refused unless the key matches exactly one row; an append whose key is already present is skipped.
   */
  key?: H;
  relocate?: boolean;
  /**
   * A narrow read (registry tabs that grow with every message, never relocating): the load reads the header only;
   * these columns (the key among them) are read when a caller first needs a row that was there at load, whatever the
   * tab's size (one way to read it, so every test exercises it, and the calls an execution makes do not change as the
   * tab grows). An execution that only appends rows and reads them back (intake queueing a new case's mail) never
   * reads the rows before them. The other cells of a row are read when the row is first used (`fill`), a run of rows
   * in one call, and another column when a caller scans it. Every accessor reads what it returns first, so a caller
   * sees the same rows either way (test/workspace/table.test.ts holds the two against each other).
   */
  narrow?: readonly H[];
  /**
   * With `narrow`, for a caller that asks for it for one execution (intake, through the unit of work): the narrow read
   * only when it costs less than the whole tab by the cost model (clock.ts; the header, then a read per run of adjacent
   * narrow columns, laid out as `headers` lists them), otherwise the whole tab as without `narrow`. A small tab costs
   * one call either way; a big one mostly cells.
   */
  narrowIfCheaper?: boolean;
  /** Rules for rows a write adds past the grid's end, which Sheets gives none of the rows above (the `Cases` drop-downs). */
  grown?: (
    sheet: GoogleAppsScript.Spreadsheet.Sheet,
    from: number,
    count: number,
    colOf: (header: string) => number,
  ) => void;
  /**
   * A relocating tab an execution only looks keys up in and appends to (intake's status row): the load reads the
   * header and the key column, when that costs less than the whole tab, and `keys()` answers from them. The rows are
   * read whole, in one read of the tab as it is then (header included: a person may have moved a column), when
   * something first needs one; a relocating table's rows are found again by key at write time, so nothing depends on
   * their positions in between. Rows appended before that must be written first (their refs would not survive it).
   */
  deferRows?: boolean;
}

/** What `write()` did; refusals name the key of each row that could not be written safely. */
export interface TableWriteResult {
  calls: number;
  written: number;
  appended: number;
  refused: string[];
}

/** Finds each wanted header in a header row (trimmed, case-insensitive), -1 when absent. */
export function locateColumns(headerRow: readonly unknown[], wanted: readonly string[]): Map<string, number> {
  const normalized = headerRow.map((h) => lowerTrim(String(h ?? '')));
  const map = new Map<string, number>();
  for (const header of wanted) map.set(header, normalized.indexOf(lowerTrim(header)));
  return map;
}

/** Text of a cell for comparisons: Dates as ISO, everything trimmed. */
export function cellText(value: unknown): string {
  // Most cells are strings with nothing to trim: return them as they are (this runs for every row of every index).
  if (typeof value === 'string') return hasNoEdgeSpace(value) ? value : value.trim();
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && typeof (value as Date).toISOString === 'function')
    return (value as Date).toISOString();
  return String(value).trim();
}

/**
 * True when `text` certainly starts and ends with a character `trim()` keeps: printable ASCII or any code point
 * below U+1680 other than U+00A0 (every white space and line terminator trim() removes is one of those or higher).
 */
function hasNoEdgeSpace(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  return first > 32 && last > 32 && first !== 0xa0 && last !== 0xa0 && first < 0x1680 && last < 0x1680;
}

/**
 * `H` is the union of the tab's headers (schema.ts keeps them as `as const` tuples): a header this code does not
 * know is a compile error instead of a column that silently reads as ''.
 */
export class Table<H extends string = string> {
  readonly name: string;
  private readonly options: TableOptions<H>;
  private readonly sheet: GoogleAppsScript.Spreadsheet.Sheet;
  private headerRow: unknown[];
  private cols: Map<string, number>;
  /** Rows as read (index = ref), then appended rows. */
  private data: Cell[][];
  private readCount: number;
  /** Key value of each read row at read time (relocation finds them again by it). */
  private originalKeys: string[];
  private dirty = new Map<number, Set<number>>();
  private pendingKey = '';
  private pending = { calls: 0, cells: 0 };
  /** Writes planned by prepareWrite(), run by its apply(). */
  private ops: Array<() => void> = [];
  /**
   * Lookup indexes for findBy/filterBy, built on first use per column (and case mode) and kept up to date by
   * append() and update(): the sweep and the outbox look rows up by key thousands of times per execution,
   * and a scan per lookup made them quadratic in the number of rows.
   */
  private indexes = new Map<string, Map<string, Ref>>();
  /** Lookups per column so far: the first two are plain scans, an index is built from the third on. */
  private lookups = new Map<string, number>();
  /** Rows already entered in the indexes (appends past it are added on the next lookup). */
  private indexedRows = 0;
  private columnsOf: Map<string, number> | null = null;
  private columnList: number[] = [];
  /** After a narrow read: 1 for each read row whose cells outside `narrowCols` are not read yet. */
  private partial: Uint8Array | null = null;
  private partialLeft = 0;
  /** The columns read for every row: the narrow read's, then each column a scan read (`fillColumn`). */
  private readonly narrowCols = new Set<number>();
  /**
   * After a narrow load: the rows that were there at load and are not read at all yet (refs below it are holes in
   * `data` until `readDeferred` reads their narrow columns), 0 once read. Appended rows come after them.
   */
  private deferred = 0;
  /** The narrow read's column positions, kept for `readDeferred`. */
  private deferredCols: number[] = [];
  /** Rows the tab had when this execution read it: refs from here on are rows this execution appended. */
  private rowsAtLoad: number;
  /**
   * `deferRows`: the rows that were there at load are not read yet (holes in `data`, read whole by `readRows`), and
   * their keys as the load read them (trimmed text, in sheet order; positions are not refs).
   */
  private rowsDeferred = false;
  private keysAtLoad: string[] = [];

  private constructor(
    sheet: GoogleAppsScript.Spreadsheet.Sheet,
    values: unknown[][],
    options: TableOptions<H>,
    narrow: { cols: number[]; rows: number } | null = null,
    deferred: { rows: number; keys: string[] } | null = null,
  ) {
    this.sheet = sheet;
    this.options = options;
    this.name = options.name;
    const isEmpty = values.length === 0 || (values.length === 1 && values[0].every((v) => v === '' || v === null));
    this.headerRow = isEmpty ? [] : values[0].slice();
    this.cols = locateColumns(this.headerRow, options.headers);
    // getValues() returns fresh arrays: they are ours to change, no copy needed (a registry tab has 100,000s of rows).
    this.data = isEmpty ? [] : (values.slice(1) as Cell[][]);
    if (narrow) {
      // Holes, not rows: nothing of them is read yet (readDeferred), and appended rows still get refs after them.
      this.data.length = narrow.rows;
      this.deferred = narrow.rows;
      this.deferredCols = narrow.cols;
    }
    if (deferred) {
      this.data.length = deferred.rows;
      this.rowsDeferred = true;
      this.keysAtLoad = deferred.keys;
    }
    this.readCount = this.data.length;
    this.rowsAtLoad = this.data.length;
    // Holes (deferred rows) have no key yet: `map` skips them.
    this.originalKeys = this.options.relocate ? this.keysNow() : [];
  }

  /**
   * Reads the whole tab with one `getDataRange().getValues()`; a tab with `narrow` columns and rows under its header,
   * its header and those columns only (a read per run of adjacent columns; with `narrowIfCheaper`, only when that costs
   * less); a `deferRows` tab, its header and key column when they cost less.
   */
  static load<H extends string>(sheet: GoogleAppsScript.Spreadsheet.Sheet, options: TableOptions<H>): Table<H> {
    if (options.deferRows && options.relocate && options.key) return Table.loadDeferred(sheet, options, options.key);
    const range = sheet.getDataRange();
    const narrow = options.narrow;
    if (!narrow?.length || options.relocate || !options.key || !narrow.includes(options.key))
      return new Table<H>(sheet, range.getValues() as unknown[][], options);
    const height = range.getNumRows();
    const width = range.getNumColumns();
    if (height < 2) return new Table<H>(sheet, range.getValues() as unknown[][], options);
    if (options.narrowIfCheaper) {
      const expected = narrow.map((h) => options.headers.indexOf(h));
      const narrowMs =
        readMs(1, width) + runsOf(expected).reduce((ms, [first, last]) => ms + readMs(height - 1, last - first + 1), 0);
      if (narrowMs >= readMs(height, width)) return new Table<H>(sheet, range.getValues() as unknown[][], options);
    }
    const header = sheet.getRange(1, 1, 1, width).getValues()[0] as unknown[];
    const cols = [...locateColumns(header, narrow).values()];
    // A column the owner renamed or removed: the whole tab, so missingHeaders() and the rest behave as they always have.
    if (cols.some((c) => c < 0)) return new Table<H>(sheet, range.getValues() as unknown[][], options);
    return new Table<H>(sheet, [header], options, { cols, rows: height - 1 });
  }

  /** `deferRows`: the header and the key column when they cost less than the whole tab, else the whole tab. */
  private static loadDeferred<H extends string>(
    sheet: GoogleAppsScript.Spreadsheet.Sheet,
    options: TableOptions<H>,
    key: H,
  ): Table<H> {
    const range = sheet.getDataRange();
    const height = range.getNumRows();
    const width = range.getNumColumns();
    if (height < 2 || readMs(1, width) + readMs(height - 1, 1) >= readMs(height, width))
      return new Table<H>(sheet, range.getValues() as unknown[][], options);
    const header = sheet.getRange(1, 1, 1, width).getValues()[0] as unknown[];
    const keyCol = locateColumns(header, [key]).get(key) ?? -1;
    // Without its key column the tab is read whole, as it always was (nothing can be appended to it anyway).
    if (keyCol < 0) return new Table<H>(sheet, range.getValues() as unknown[][], options);
    const keys = sheet
      .getRange(2, keyCol + 1, height - 1, 1)
      .getValues()
      .map((row) => cellText(row[0]));
    return new Table<H>(sheet, [header], options, null, { rows: height - 1, keys });
  }

  /** Each row's key, in row order. */
  private keysNow(): string[] {
    return this.data.map((row) => this.keyOf(row));
  }

  /** The column of `header` in the sheet, -1 when the sheet lacks it. */
  private colOf(header: string | undefined): number {
    return this.cols.get(header as string) ?? -1;
  }

  /** The row at `ref`, read whole first. */
  private wholeRow(ref: number): Cell[] {
    this.need([ref]);
    if (this.partial?.[ref] === 1) this.fill([ref]);
    return this.rowAt(ref);
  }

  /** The row at `ref` as memory holds it; no such row is a fault. */
  private rowAt(ref: number): Cell[] {
    const row = this.data[ref];
    if (!row) throw this.fault(`no row ${ref}`);
    return row;
  }

  /** An error naming this tab, for a row or header it cannot give. */
  private fault(what: string): Error {
    return new Error(`${this.name}: ${what}`);
  }

  /**
   * `deferRows`: reads the rows that were there at load, whole, with the header, in one read of the tab as it is now
   * (as a load would have); rows appended and written since are among them. Refs are positions in this read.
   */
  private readRows(): void {
    if (this.data.length > this.readCount)
      throw this.fault(`rows were appended before the tab's rows were read; write them first`);
    const fresh = this.sheet.getDataRange().getValues() as unknown[][];
    const isEmpty = fresh.length === 0 || (fresh.length === 1 && fresh[0].every((v) => v === '' || v === null));
    this.rowsDeferred = false;
    this.keysAtLoad = [];
    this.headerRow = isEmpty ? [] : fresh[0].slice();
    this.cols = locateColumns(this.headerRow, this.options.headers);
    this.data = isEmpty ? [] : (fresh.slice(1) as Cell[][]);
    this.readCount = this.data.length;
    this.rowsAtLoad = this.data.length;
    this.originalKeys = this.keysNow();
    this.dropIndexes();
  }

  /**
   * The key of every row as trimmed text, rows appended by this execution included (`column(key)`), without reading the
   * rows of a `deferRows` table: then the key column as the load read it, and the keys of the rows appended since.
   * A list of keys, not of refs.
   */
  keys(): string[] {
    const key = this.options.key;
    if (!key) return [];
    if (!this.rowsDeferred) return this.column(key);
    const added: string[] = [];
    for (let ref = this.rowsAtLoad; ref < this.data.length; ref++) added.push(this.keyOf(this.data[ref]));
    return this.keysAtLoad.concat(added);
  }

  /**
   * Reads the narrow columns of the rows that were there at load (a read per run of adjacent columns), once, before
   * anything that needs those rows. Refs do not move: appended rows keep theirs, and rows this execution already
   * wrote below them are not read again.
   */
  private readDeferred(): void {
    const count = this.deferred;
    if (!count) return;
    this.deferred = 0;
    const width = this.headerRow.length;
    const rows: Cell[][] = [];
    for (let r = 0; r < count; r++) rows.push(new Array<Cell>(width).fill(''));
    for (const [first, last] of runsOf(this.deferredCols)) {
      const block = this.sheet.getRange(2, first + 1, count, last - first + 1).getValues() as Cell[][];
      for (let r = 0; r < block.length; r++) for (let c = first; c <= last; c++) rows[r][c] = block[r][c - first];
    }
    // A packed array again (the holes made it sparse), the appended rows after the rows read.
    this.data = rows.concat(this.data.slice(count));
    for (const col of this.deferredCols) this.narrowCols.add(col);
    this.partial = new Uint8Array(count).fill(1);
    this.partialLeft = count;
  }

  /** The rows this execution appended (refs from the tab's size at load on), in order; reads none of the others. */
  addedRefs(): number[] {
    const out: number[] = [];
    for (let ref = this.rowsAtLoad; ref < this.data.length; ref++) out.push(ref);
    return out;
  }

  /** Reads the deferred rows first when any of `refs` (every row, without refs) is one of them. */
  private need(refs?: Iterable<number>): void {
    if (this.rowsDeferred) {
      // Rows still only in memory (appended, not written) are there already; any other is read with all the others.
      if (refs === undefined) return this.readRows();
      for (const ref of refs) if (ref < this.readCount) return this.readRows();
      return;
    }
    if (!this.deferred) return;
    if (refs === undefined) return this.readDeferred();
    for (const ref of refs) if (ref < this.deferred) return this.readDeferred();
  }

  /**
   * Reads the cells a narrow read left out of these rows (rows already whole are skipped): one read per run of rows,
   * nearby runs merged when reading the rows between costs less than another call. A row's key must read as it did
   * at load: a tab changed under the execution fails it instead of mixing two rows.
   */
  fill(refs?: Iterable<number>): void {
    const list = refs === undefined ? undefined : [...refs];
    this.need(list);
    refs = list;
    const partial = this.partial;
    if (!partial || !this.partialLeft) return;
    const wanted = refs === undefined ? null : [...new Set(refs)].filter((ref) => partial[ref] === 1);
    if (wanted && !wanted.length) return;
    const sorted = wanted ? wanted.sort((a, b) => a - b) : allPartial(partial);
    const width = this.headerRow.length;
    // A gap narrower than this costs less to read through than a call of its own.
    const gapRows = Math.floor(SHEET_READ_MS / (Math.max(width, 1) * CELL_READ_MS));
    const keyCol = this.colOf(this.options.key);
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] - sorted[j] - 1 <= gapRows) j++;
      const first = sorted[i];
      const block = this.sheet.getRange(first + 2, 1, sorted[j] - first + 1, width).getValues() as Cell[][];
      block.forEach((cells, offset) => {
        const ref = first + offset;
        if (partial[ref] !== 1) return;
        if (cellText(cells[keyCol]) !== cellText(this.data[ref][keyCol]))
          throw this.fault(`row ${ref + 2} changed while this execution was reading it; try again`);
        const row = this.data[ref];
        for (let c = 0; c < width; c++) if (!this.narrowCols.has(c)) row[c] = cells[c] ?? '';
        partial[ref] = 0;
        this.partialLeft--;
      });
      i = j + 1;
    }
  }

  /** True when the cells of `col` in row `ref` are not read yet. */
  private unread(ref: number, col: number): boolean {
    return this.partial !== null && this.partial[ref] === 1 && !this.narrowCols.has(col);
  }

  /** A scan of a column a narrow read left out: that column of every row still partial, in one read (`fillCols`). */
  private fillColumn(col: number): void {
    this.fillCols([col]);
  }

  /**
   * Reads these columns of every row a narrow read left partial, for a caller that goes through every row reading a
   * few cells of each (`cell()` on a column not read reads the rest of that row: a call per row). One read per run of
   * adjacent columns, the key column with them (in a run it adjoins, else on its own) so a tab changed under the
   * execution fails it. A scan of one column (`fillColumn`) is the same with one. Nothing to read on a table read whole.
   */
  fillColumns(headers: readonly H[]): void {
    this.fillCols(headers.map((h) => this.colOf(h)));
  }

  /** `fillColumns` by column position (a column absent, -1, or read already is skipped). */
  private fillCols(wanted: readonly number[]): void {
    this.need();
    const partial = this.partial;
    if (!partial || !this.partialLeft) return;
    const cols = wanted.filter((c) => c >= 0 && !this.narrowCols.has(c));
    if (!cols.length) return;
    const keyCol = this.colOf(this.options.key);
    const runs = runsOf(cols);
    const adjoining = runs.find(([first, last]) => first - 1 === keyCol || last + 1 === keyCol);
    if (adjoining) adjoining[keyCol < adjoining[0] ? 0 : 1] = keyCol;
    else runs.push([keyCol, keyCol]);
    const rows = partial.length;
    const read = new Map<number, Cell[]>();
    for (const [first, last] of runs) {
      const block = this.sheet.getRange(2, first + 1, rows, last - first + 1).getValues() as Cell[][];
      for (let c = first; c <= last; c++)
        read.set(
          c,
          block.map((r) => r[c - first]),
        );
    }
    const keys = read.get(keyCol) as Cell[];
    for (let ref = 0; ref < rows; ref++) {
      if (partial[ref] !== 1) continue;
      if (cellText(keys[ref]) !== cellText(this.data[ref][keyCol]))
        throw this.fault(`row ${ref + 2} changed while this execution was reading it; try again`);
      for (const col of cols) this.data[ref][col] = (read.get(col) as Cell[])[ref] ?? '';
    }
    for (const col of cols) this.narrowCols.add(col);
  }

  /** Expected headers the sheet does not have (a human renamed or deleted them). */
  missingHeaders(): H[] {
    return this.options.headers.filter((h) => this.colOf(h) < 0);
  }

  /**
   * Writes each missing header whose own column's header cell is blank (a tab made by an older version, before the
   * columns added since) in one call, so this execution can append and update; a header a person renamed is left as
   * it is. Returns the headers written. For registry tabs, which the system alone writes.
   */
  restoreHeaders(): H[] {
    const row = this.headerRow.slice();
    const written = this.missingHeaders().filter((h) => {
      const at = this.options.headers.indexOf(h);
      if (cellText(row[at])) return false;
      while (row.length <= at) row.push('');
      row[at] = h;
      return true;
    });
    if (!written.length) return written;
    this.sheet.getRange(1, 1, 1, row.length).setValues([row.map(toFormulaSafe)]);
    this.headerRow = row;
    this.cols = locateColumns(row, this.options.headers);
    return written;
  }

  has(header: H): boolean {
    return this.colOf(header) >= 0;
  }

  size(): number {
    return this.data.length;
  }

  /** The row as a record over the expected headers. */
  get(ref: number): RowRecord<H> {
    const row = this.wholeRow(ref);
    const record = {} as RowRecord<H>;
    const headers = this.options.headers;
    const cols = this.headerColumns();
    for (let i = 0; i < headers.length; i++) {
      const col = cols[i];
      record[headers[i]] = col >= 0 && col < row.length ? (row[col] ?? '') : '';
    }
    return record;
  }

  /** The column of each expected header (-1 when absent), looked up once per column layout: get() runs per row. */
  private headerColumns(): number[] {
    if (this.columnsOf !== this.cols) {
      this.columnsOf = this.cols;
      this.columnList = this.options.headers.map((h) => this.colOf(h));
    }
    return this.columnList;
  }

  /** One cell as get() gives it ('' when the column or the cell is missing), without building the whole record. */
  cell(ref: number, header: H): Cell {
    this.need([ref]);
    const row = this.rowAt(ref);
    const col = this.colOf(header);
    if (col >= 0 && this.unread(ref, col)) this.fill([ref]);
    return col >= 0 && col < row.length ? (row[col] ?? '') : '';
  }

  /** One cell as trimmed text ('' when the column is missing). */
  text(ref: number, header: H): string {
    const col = this.colOf(header);
    if (col < 0) return '';
    this.need([ref]);
    if (this.unread(ref, col)) this.fill([ref]);
    return cellText(this.data[ref]?.[col]);
  }

  rows(): TableRow<H>[] {
    this.fill();
    return this.data.map((_, ref) => ({ ref, values: this.get(ref) }));
  }

  find(predicate: (values: RowRecord<H>, ref: number) => boolean): TableRow<H> | undefined {
    this.fill();
    for (let ref = 0; ref < this.data.length; ref++) {
      const values = this.get(ref);
      if (predicate(values, ref)) return { ref, values };
    }
    return undefined;
  }

  filter(predicate: (values: RowRecord<H>, ref: number) => boolean): TableRow<H>[] {
    this.fill();
    const out: TableRow<H>[] = [];
    for (let ref = 0; ref < this.data.length; ref++) {
      const values = this.get(ref);
      if (predicate(values, ref)) out.push({ ref, values });
    }
    return out;
  }

  /** First row whose `header` cell equals `value` (trimmed text; case-insensitive when `caseless`). */
  findBy(header: H, value: string, caseless = false): TableRow<H> | undefined {
    const refs = this.refsBy(header, value, caseless);
    return refs.length ? { ref: refs[0], values: this.get(refs[0]) } : undefined;
  }

  /** Every row whose `header` cell equals `value`. */
  filterBy(header: H, value: string, caseless = false): TableRow<H>[] {
    const refs = this.refsBy(header, value, caseless);
    this.fill(refs);
    return refs.map((ref) => ({ ref, values: this.get(ref) }));
  }

  /** The refs of the rows filterBy() would return (for callers that read a few cells of each). */
  refsWhere(header: H, value: string, caseless = false): number[] {
    return this.refsBy(header, value, caseless);
  }

  /** The header row as read. A copy. */
  header(): unknown[] {
    return this.headerRow.slice();
  }

  /** The rows at these refs as getValues() shaped them (read whole first). Copies. */
  rowsAt(refs: readonly number[]): unknown[][] {
    this.fill(refs);
    return refs.map((ref) => this.rowAt(ref).slice());
  }

  /** The tab as getValues() shaped it: header row first, then every row (appended ones included). Copies. */
  asRows(): unknown[][] {
    this.fill();
    return [this.headerRow.slice(), ...this.data.map((row) => row.slice())];
  }

  /**
   * Each distinct value of one column (trimmed text) and the first row holding it, in one pass: for a caller that
   * tests thousands of values and reads a few of their rows (cheaper than a column copy, a Set and an index).
   * A snapshot: rows appended later are not in it.
   */
  firstRowByValue(header: H): Map<string, number> {
    const col = this.colOf(header);
    const out = new Map<string, number>();
    if (col < 0) return out;
    this.fillColumn(col);
    for (let ref = 0; ref < this.data.length; ref++) {
      const text = cellText(this.data[ref][col]);
      if (!out.has(text)) out.set(text, ref);
    }
    return out;
  }

  /** All values of one column as trimmed text. */
  column(header: H): string[] {
    const col = this.colOf(header);
    if (col < 0) return [];
    this.fillColumn(col);
    return this.data.map((row) => cellText(row[col]));
  }

  /** Changes cells of one row in memory; only cells whose value really changes are marked for writing. */
  update(ref: number, patch: Partial<RowRecord<H>>): void {
    // A changed row is whole in memory: its write may span any of its cells.
    const row = this.wholeRow(ref);
    for (const [header, value] of Object.entries(patch) as Array<[H, Cell | undefined]>) {
      if (value === undefined || this.isAbsentColumn(header)) continue;
      const col = this.requireColumn(header);
      while (row.length <= col) row.push('');
      if (sameCell(row[col], value)) continue;
      this.reindex(ref, col, row[col], value);
      row[col] = value;
      this.markDirty(ref, col);
    }
  }

  /** Adds a row in memory; returns its ref. Unknown headers throw (nothing is silently dropped). */
  append(record: Partial<RowRecord<H>>): number {
    const width = Math.max(this.headerRow.length, 1);
    const row: Cell[] = new Array(width).fill('');
    for (const [header, value] of Object.entries(record) as Array<[H, Cell | undefined]>) {
      if (value === undefined || this.isAbsentColumn(header)) continue;
      row[this.requireColumn(header)] = value;
    }
    this.data.push(row);
    return this.data.length - 1;
  }

  isDirty(): boolean {
    return this.dirty.size > 0 || this.data.length > this.readCount;
  }

  /**
   * What writing the pending changes will take, at most: a `setValues` per run of consecutive changed rows, the appended
   * block and the grid growth it may need, the re-read of a relocating table, each row its full width. An estimate for
   * the time budget, kept until the changes change.
   */
  pendingWrites(): { calls: number; cells: number } {
    const key = `${this.dirty.size}|${this.data.length}|${this.readCount}`;
    if (this.pendingKey === key) return this.pending;
    const refs = [...this.dirty.keys()].sort((a, b) => a - b);
    let calls = 0;
    let previous = -2;
    for (const ref of refs) {
      if (ref !== previous + 1) calls++;
      previous = ref;
    }
    const appended = Math.max(0, this.data.length - this.readCount);
    if (appended) calls += 2;
    if (calls && this.options.relocate) calls++;
    this.pending = { calls, cells: (refs.length + appended) * Math.max(this.headerRow.length, 1) };
    this.pendingKey = key;
    return this.pending;
  }

  /**
   * Writes changed rows' spans and appended rows (one block). Registry tables write straight from memory;
   * relocating tables first re-read the tab (one call) and find each row again by its key.
   */
  write(): TableWriteResult {
    const prepared = this.prepareWrite();
    prepared.apply();
    return prepared.result;
  }

  /**
   * Does every read a write needs (the relocating re-read, the grid size) and returns the writes to run.
   * UnitOfWork.commit prepares all tables of a spreadsheet before applying any, because on Apps Script a read
   * flushes the pending writes: reads interleaved with writes would make a commit durable piece by piece.
   */
  prepareWrite(): { result: TableWriteResult; apply(): void } {
    const result: TableWriteResult = { calls: 0, written: 0, appended: 0, refused: [] };
    this.ops = [];
    if (this.isDirty()) {
      if (!this.options.relocate && this.missingHeaders().length && this.data.length > this.readCount) {
        throw this.fault(`cannot append, missing headers: ${this.missingHeaders().join(', ')}`);
      }
      if (this.options.relocate && this.options.key) {
        if (!this.dirty.size && this.data.length - this.readCount <= APPEND_ROW_MAX) this.planAppendOnly(result);
        else this.planRelocating(result);
      } else this.planDirect(result);
    }
    const ops = this.ops;
    this.ops = [];
    return { result, apply: () => ops.forEach((op) => op()) };
  }

  private planDirect(result: TableWriteResult): void {
    const updates = new Map<number, Set<number>>();
    for (const [ref, cols] of this.dirty) if (ref < this.readCount) updates.set(ref + 2, cols);
    const rowsBySheetRow = new Map<number, Cell[]>();
    for (const sheetRow of updates.keys()) rowsBySheetRow.set(sheetRow, this.data[sheetRow - 2]);
    result.calls += this.writeUpdateBlocks(updates, rowsBySheetRow);
    result.written = updates.size;

    const appended = this.data.slice(this.readCount);
    if (appended.length) {
      result.calls += this.writeAppendBlock(this.readCount + 2, appended);
      result.appended = appended.length;
    }
    this.readCount = this.data.length;
    // Only relocating tables find rows again by their original key.
    if (this.options.relocate) this.originalKeys = this.keysNow();
    this.dirty.clear();
  }

  private planRelocating(result: TableWriteResult): void {
    const keyHeader = this.options.key as string;
    const fresh = this.sheet.getDataRange().getValues() as Cell[][];
    result.calls += 1;
    const freshHeader = fresh.length ? fresh[0] : [];
    const freshCols = locateColumns(freshHeader, this.options.headers);
    const freshKeyCol = freshCols.get(keyHeader) ?? -1;
    const freshRows = fresh.slice(1);
    if (freshKeyCol < 0) {
      // Without the key column nothing can be located safely; refuse everything rather than guess.
      for (const ref of this.dirty.keys()) result.refused.push(this.originalKeys[ref] ?? this.keyOf(this.data[ref]));
      for (const row of this.data.slice(this.readCount)) result.refused.push(this.keyOf(row));
      this.dirty.clear();
      this.data.length = this.readCount;
      this.dropIndexes();
      return;
    }
    const positions = new Map<string, number[]>();
    freshRows.forEach((row, i) => {
      const key = cellText(row[freshKeyCol]);
      if (key === '') return;
      const list = positions.get(key) ?? [];
      list.push(i);
      positions.set(key, list);
    });

    const updates = new Map<number, Set<number>>();
    const rowsBySheetRow = new Map<number, Cell[]>();
    for (const [ref, cols] of this.dirty) {
      if (ref >= this.readCount) continue;
      const key = this.originalKeys[ref];
      const found = key ? (positions.get(key) ?? []) : [];
      if (found.length !== 1) {
        result.refused.push(key || `(row ${ref + 2})`);
        continue;
      }
      const target = freshRows[found[0]].slice();
      const freshColsSet = new Set<number>();
      for (const col of cols) {
        const header = this.headerAt(col);
        const freshCol = header ? (freshCols.get(header) ?? -1) : -1;
        if (freshCol < 0) continue;
        while (target.length <= freshCol) target.push('');
        target[freshCol] = this.data[ref][col];
        freshColsSet.add(freshCol);
      }
      if (!freshColsSet.size) continue;
      updates.set(found[0] + 2, freshColsSet);
      rowsBySheetRow.set(found[0] + 2, target);
    }
    result.calls += this.writeUpdateBlocks(updates, rowsBySheetRow);
    result.written = updates.size;

    const toAppend: Cell[][] = [];
    for (const row of this.data.slice(this.readCount)) {
      const key = this.keyOf(row);
      if (key && positions.has(key)) continue; // already there (a retried intake): never a second row
      toAppend.push(this.inColumnsOf(row, freshCols, freshHeader.length));
    }
    if (toAppend.length) {
      result.calls += this.writeAppendBlock(fresh.length + 1, toAppend, freshCols);
      result.appended = toAppend.length;
    }
    // Adopt the sheet as it now is, so later reads in this execution see true positions.
    this.headerRow = freshHeader.slice();
    this.cols = freshCols;
    for (const [sheetRow, row] of rowsBySheetRow) freshRows[sheetRow - 2] = row;
    if (this.rowsDeferred) {
      // The tab is read whole now: what `readRows` would have done.
      this.rowsDeferred = false;
      this.keysAtLoad = [];
      this.rowsAtLoad = freshRows.length;
    }
    this.data = freshRows.concat(toAppend);
    this.dropIndexes();
    this.readCount = this.data.length;
    this.originalKeys = this.keysNow();
    this.dirty.clear();
  }

  /**
   * A relocating table with appends and nothing else to write (intake's status row): no row must be found again, so
   * the tab is not re-read; the header row is (a person may have moved or added a column) and each row goes out with
   * `appendRow`, which lands below whatever rows people added since (a full grid is grown first, with the tab's
   * rules). Duplicates are the caller's to rule out (intake and the sweep look the code name up before appending); a
   * key appended twice in this execution is still skipped. Without the key column nothing is written (refused), as
   * in planRelocating.
   */
  private planAppendOnly(result: TableWriteResult): void {
    // Numeric coordinates (documented); the header as wide as the sheet's content is now, moved columns included.
    const freshHeader = this.sheet
      .getRange(1, 1, 1, Math.max(this.sheet.getLastColumn(), 1))
      .getValues()[0] as unknown[];
    const grows = this.options.grown;
    const lastRow = grows ? this.sheet.getLastRow() : 0;
    const maxRows = grows ? this.sheet.getMaxRows() : 0;
    result.calls += grows ? 4 : 2;
    const freshCols = locateColumns(freshHeader, this.options.headers);
    const appended = this.data.slice(this.readCount);
    const keyCol = this.colOf(this.options.key);
    if ((freshCols.get(this.options.key as string) ?? -1) < 0 || keyCol < 0) {
      for (const row of appended) result.refused.push(this.keyOf(row));
      this.data.length = this.readCount;
      this.dropIndexes();
      return;
    }
    // The keys the load read stand for the rows not read yet (`deferRows`), as the rows' keys do once read.
    const seen = new Set([...this.originalKeys, ...this.keysAtLoad]);
    const kept: Cell[][] = [];
    for (const row of appended) {
      const key = this.keyOf(row);
      if (key && seen.has(key)) continue;
      seen.add(key);
      kept.push(row);
    }
    // appendRow grows a full grid by bare rows: room is made first, with the tab's rules.
    if (grows && lastRow + kept.length > maxRows)
      result.calls += this.grow(maxRows, lastRow + kept.length - maxRows + 100, freshHeader.length, freshCols);
    for (const row of kept) {
      const target = this.inColumnsOf(row, freshCols, freshHeader.length).map((value) => this.toSheetValue(value));
      this.ops.push(() => this.sheet.appendRow(target));
      result.calls += 1;
    }
    result.appended = kept.length;
    // Rows stay as this execution read them (positions do not matter: a later write finds rows again by key).
    this.data = this.data.slice(0, this.readCount).concat(kept);
    this.dropIndexes();
    this.readCount = this.data.length;
    this.originalKeys = this.keysNow();
  }

  /** A row of ours laid out in the sheet's columns as just re-read (`width` cells; headers the sheet lacks left out). */
  private inColumnsOf(row: Cell[], freshCols: Map<string, number>, width: number): Cell[] {
    const target: Cell[] = new Array(Math.max(width, 1)).fill('');
    for (const header of this.options.headers) {
      const from = this.colOf(header);
      const to = freshCols.get(header) ?? -1;
      if (from >= 0 && to >= 0) target[to] = row[from] ?? '';
    }
    return target;
  }

  /** Writes updated rows, merging consecutive rows into one rectangle each. Returns the number of calls. */
  private writeUpdateBlocks(updates: Map<number, Set<number>>, rows: Map<number, Cell[]>): number {
    const sheetRows = [...updates.keys()].sort((a, b) => a - b);
    let calls = 0;
    let i = 0;
    while (i < sheetRows.length) {
      let j = i;
      while (j + 1 < sheetRows.length && sheetRows[j + 1] === sheetRows[j] + 1) j++;
      let minCol = Infinity;
      let maxCol = -1;
      for (let k = i; k <= j; k++) {
        for (const col of updates.get(sheetRows[k]) as Set<number>) {
          minCol = Math.min(minCol, col);
          maxCol = Math.max(maxCol, col);
        }
      }
      const block: unknown[][] = [];
      for (let k = i; k <= j; k++) {
        // update() fills a row before changing it; writing a row not read whole would blank its other cells.
        if (this.partial?.[sheetRows[k] - 2] === 1) throw this.fault(`row ${sheetRows[k]} is not read whole`);
        const row = rows.get(sheetRows[k]) as Cell[];
        const slice: unknown[] = [];
        for (let c = minCol; c <= maxCol; c++) slice.push(this.toSheetValue(row[c] ?? ''));
        block.push(slice);
      }
      const top = sheetRows[i];
      const left = minCol + 1;
      const width = maxCol - minCol + 1;
      this.ops.push(() => this.sheet.getRange(top, left, block.length, width).setValues(block));
      calls += 1;
      i = j + 1;
    }
    return calls;
  }

  /** Adds `added` rows after the grid's last, plain text on a registry tab, with the tab's rules; returns the calls. */
  private grow(maxRows: number, added: number, width: number, cols: Map<string, number>): number {
    const plainText = this.options.plainText;
    this.ops.push(() => {
      this.sheet.insertRowsAfter(maxRows, added);
      // New rows do not reliably inherit the plain-text format; without it raw writes could become formulas.
      if (plainText)
        this.sheet.getRange(maxRows + 1, 1, added, Math.max(width, this.sheet.getMaxColumns())).setNumberFormat('@');
      this.options.grown?.(this.sheet, maxRows + 1, added, (h) => (cols.get(h) ?? -1) + 1);
    });
    return plainText ? 3 : 1;
  }

  /** Writes appended rows as one block starting at `startRow`, growing the grid first when needed. */
  private writeAppendBlock(startRow: number, rows: Cell[][], cols = this.cols): number {
    let calls = 0;
    const width = Math.max(...rows.map((r) => r.length), 1);
    const block = rows.map((r) => {
      const out: unknown[] = [];
      for (let c = 0; c < width; c++) out.push(this.toSheetValue(r[c] ?? ''));
      return out;
    });
    const endRow = startRow + block.length - 1;
    const maxRows = this.sheet.getMaxRows();
    calls += 1;
    if (endRow > maxRows) calls += this.grow(maxRows, endRow - maxRows + 200, width, cols);
    this.ops.push(() => this.sheet.getRange(startRow, 1, block.length, width).setValues(block));
    return calls + 1;
  }

  private toSheetValue(value: Cell): unknown {
    if (this.options.plainText) {
      let text: string;
      if (typeof value === 'object' && value !== null) text = cellText(value);
      else if (typeof value === 'boolean') text = value ? 'TRUE' : 'FALSE';
      else text = String(value ?? '');
      return toFormulaSafe(text.length >= CELL_CHAR_LIMIT ? truncate(text, CELL_CHAR_LIMIT - 10) : text);
    }
    return toFormulaSafe(value);
  }

  /**
   * A known header that people removed from a tab they edit (the status sheet): its values are skipped rather
   * than failing the whole execution; the sweep tells the committee the column is missing. Registry tabs, which
   * only the owner can edit, stay strict.
   */
  private isAbsentColumn(header: string): boolean {
    return Boolean(this.options.relocate) && this.cols.get(header) === -1;
  }

  private requireColumn(header: string): number {
    const col = this.cols.get(header);
    if (col === undefined) throw this.fault(`"${header}" is not one of this table's headers`);
    if (col < 0) throw this.fault(`the sheet has no "${header}" column`);
    return col;
  }

  private headerAt(col: number): string | undefined {
    for (const [header, c] of this.cols) if (c === col) return header;
    return undefined;
  }

  private keyOf(row: Cell[] | undefined): string {
    const key = this.options.key;
    if (!key || !row) return '';
    const col = this.colOf(key);
    return col >= 0 ? cellText(row[col]) : '';
  }

  private refsBy(header: string, value: string, caseless: boolean): number[] {
    const col = this.colOf(header);
    if (col < 0) return [];
    this.fillColumn(col);
    const wanted = caseless ? lowerTrim(value) : value.trim();
    const key = `${col}|${caseless ? 'i' : 's'}`;
    const seen = this.lookups.get(key) ?? 0;
    this.lookups.set(key, seen + 1);
    if (seen < 2 && !this.indexes.has(key)) {
      // One or two lookups (a page about one case, the outbox's pending and sending rows) cost less as scans
      // than building an index, which allocates an entry per row.
      const out: number[] = [];
      for (let ref = 0; ref < this.data.length; ref++) {
        const cell = this.data[ref][col];
        // A string cell without edge spaces either is the value or (case-sensitive) cannot be: no conversion needed.
        if (
          cell === wanted ||
          ((caseless || typeof cell !== 'string' || !hasNoEdgeSpace(cell)) && indexText(cell, caseless) === wanted)
        )
          out.push(ref);
      }
      return out;
    }
    const hit = this.indexFor(col, caseless).get(wanted);
    return hit === undefined ? [] : typeof hit === 'number' ? [hit] : hit.slice();
  }

  /** The column's index (cell text → refs, ascending), built once and brought up to date with appended rows. */
  private indexFor(col: number, caseless: boolean): Map<string, Ref> {
    if (this.indexedRows > this.data.length) this.dropIndexes();
    if (this.indexedRows < this.data.length) {
      for (const [key, index] of this.indexes) {
        const [c, mode] = key.split('|');
        for (let ref = this.indexedRows; ref < this.data.length; ref++)
          addRef(index, indexText(this.data[ref][Number(c)], mode === 'i'), ref);
      }
      this.indexedRows = this.data.length;
    }
    const key = `${col}|${caseless ? 'i' : 's'}`;
    let index = this.indexes.get(key);
    if (!index) {
      index = new Map();
      for (let ref = 0; ref < this.data.length; ref++) addRef(index, indexText(this.data[ref][col], caseless), ref);
      this.indexes.set(key, index);
    }
    return index;
  }

  /** Moves a row between index entries when one of its indexed cells changes. */
  private reindex(ref: number, col: number, before: unknown, after: unknown): void {
    if (ref >= this.indexedRows) return; // not indexed yet: it is added with its new value on the next lookup
    for (const caseless of [false, true]) {
      const index = this.indexes.get(`${col}|${caseless ? 'i' : 's'}`);
      if (!index) continue;
      removeRef(index, indexText(before, caseless), ref);
      addRef(index, indexText(after, caseless), ref);
    }
  }

  private dropIndexes(): void {
    this.indexes.clear();
    this.indexedRows = 0;
  }

  private markDirty(ref: number, col: number): void {
    if (ref >= this.readCount) return; // appended rows are written whole anyway
    const set = this.dirty.get(ref) ?? new Set<number>();
    set.add(col);
    this.dirty.set(ref, set);
  }
}

/**
 * Appends to a relocating table up to this many rows go out one `appendRow` each (150 ms, no read of the tab); more
 * go as one block after a re-read, which costs a read of the whole tab but one write.
 */
const APPEND_ROW_MAX = 2;

/** What reading `rows` rows of `cols` columns in one call costs by the cost model (clock.ts). */
function readMs(rows: number, cols: number): number {
  return SHEET_READ_MS + rows * cols * CELL_READ_MS;
}

/** Runs of adjacent column positions, as [first, last] pairs. */
function runsOf(cols: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(cols)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const col of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === col - 1) last[1] = col;
    else runs.push([col, col]);
  }
  return runs;
}

/** The refs of every row still to fill. */
function allPartial(partial: Uint8Array): number[] {
  const out: number[] = [];
  for (let ref = 0; ref < partial.length; ref++) if (partial[ref] === 1) out.push(ref);
  return out;
}

function indexText(value: unknown, caseless: boolean): string {
  const text = cellText(value);
  return caseless ? text.toLowerCase() : text;
}

/** An index entry: one row (most keys are unique), or the rows in ascending order. */
type Ref = number | number[];

/** Adds `ref` to the entry for `text`, keeping refs ascending (findBy returns the first row). */
function addRef(index: Map<string, Ref>, text: string, ref: number): void {
  const entry = index.get(text);
  if (entry === undefined) {
    index.set(text, ref);
    return;
  }
  const refs = typeof entry === 'number' ? [entry] : entry;
  let at = refs.length;
  while (at > 0 && refs[at - 1] > ref) at--;
  if (refs[at - 1] !== ref) refs.splice(at, 0, ref);
  if (typeof entry === 'number') index.set(text, refs);
}

function removeRef(index: Map<string, Ref>, text: string, ref: number): void {
  const entry = index.get(text);
  if (entry === undefined) return;
  if (typeof entry === 'number') {
    if (entry === ref) index.delete(text);
    return;
  }
  const at = entry.indexOf(ref);
  if (at >= 0) entry.splice(at, 1);
  if (entry.length === 1) index.set(text, entry[0]);
  else if (!entry.length) index.delete(text);
}

function sameCell(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return cellText(a) === cellText(b) && typeof a === typeof b;
}
