// Emulated Google Sheets: the spreadsheet store (grids, protections, validations, buffered writes) and SpreadsheetApp with Spreadsheet, Sheet, Range, Protection and DataValidation.

import { GasException, guard } from './runtime';
import type { SheetSnapshot } from './contracts';
import { createEnum, createUser, isDate, MESSAGES, type DataContext } from './data-core';
import { createSharingMembers, type DriveItem, type DriveStore } from './drive';
import {
  a1Of,
  formatDisplay,
  isValidTimeZone,
  parseA1,
  parseScriptValue,
  parseUserEntered,
  type CellValue,
  type ParsedInput,
} from './sheet-values';

export const MAX_CELL_CHARS = 50000;
export const MAX_SPREADSHEET_CELLS = 10_000_000;
const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;
const DEFAULT_COLUMN_WIDTH = 100;
const DEFAULT_NUMBER_FORMAT = 'General'; // ❓ what getNumberFormat() reports for an unformatted cell
const DEFAULT_BACKGROUND = '#ffffff';

export interface ValidationRule {
  criteria: 'VALUE_IN_LIST' | 'CHECKBOX';
  values: unknown[];
  allowInvalid: boolean;
  helpText: string;
}

/** Everything about a cell besides its value; allocated only for cells that have any of it. */
interface CellExtra {
  formula?: string;
  numberFormat?: string;
  background?: string;
  note?: string;
  fontWeight?: string;
  validation?: ValidationRule;
  style?: Record<string, unknown>;
}

/** One row; rows are copy-on-write while a write window is open so a saved grid stays intact. */
interface SheetRow {
  values: CellValue[];
  extras?: Array<CellExtra | undefined>;
}

interface Grid {
  rows: Array<SheetRow | undefined>;
  maxRows: number;
  maxColumns: number;
  /** True while no cell of the grid has ever held a formula (storeCell clears it): lastRow then reads values only. */
  formulaFree?: boolean;
}

export interface Area {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/**
 * A sheet or range protection. Simplification: range protections keep absolute coordinates (inserting or
 * deleting rows does not move them as it does live).
 */
export interface ProtectionRecord {
  id: number;
  type: 'SHEET' | 'RANGE';
  sheet: SheetRecord;
  area?: Area;
  description: string;
  editors: string[];
  warningOnly: boolean;
  domainEdit: boolean;
  unprotected: Area[];
  /**
   * True until a script (or person) changes the editor list or the domain setting: "the permissions mirror those of
   * the spreadsheet itself, which effectively means that the sheet remains unprotected"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#protect()). `editors` is then unused:
   * every editor of the spreadsheet, present or future, edits the protected cells.
   */
  mirrors: boolean;
}

export interface SheetRecord {
  gid: number;
  name: string;
  grid: Grid;
  hidden: boolean;
  frozenRows: number;
  frozenColumns: number;
  columnWidths: Map<number, number>;
  protections: ProtectionRecord[];
  spreadsheet: SpreadsheetRecord;
}

export interface SpreadsheetRecord {
  id: string;
  item: DriveItem;
  sheets: SheetRecord[];
  timeZone: string;
}

interface WriteWindow {
  saved: Grid;
  fresh: WeakSet<SheetRow>;
}

function cloneRow(row: SheetRow): SheetRow {
  return {
    values: row.values.slice(),
    extras: row.extras?.map((x) => (x ? { ...x, style: x.style ? { ...x.style } : undefined } : undefined)),
  };
}

/** A row's cell notes (0-based column, text) and validation help texts, in column order. */
interface RowMarks {
  notes: Array<[number, string]>;
  helpTexts: string[];
}

/**
 * Snapshots' memo of each row's notes and help texts: a tab formatted down to its last row holds an extras object per
 * cell, and the invariants snapshot every tab after every step. A row changes in place only after `mutableRow` hands
 * it out (the fork's copy-on-write relies on that too), which drops its entry.
 */
const rowMarks = new WeakMap<SheetRow, RowMarks>();

function marksOf(row: SheetRow): RowMarks {
  let marks = rowMarks.get(row);
  if (marks) return marks;
  marks = { notes: [], helpTexts: [] };
  const extras = row.extras ?? [];
  for (let c = 0; c < extras.length; c++) {
    const x = extras[c];
    if (x?.note) marks.notes.push([c, x.note]);
    if (x?.validation?.helpText) marks.helpTexts.push(x.validation.helpText);
  }
  rowMarks.set(row, marks);
  return marks;
}

/**
 * A grid's notes and help texts as `snapshot` reports them, kept until the grid changes: `beginWrite` (every change
 * in an execution, rows inserted, deleted or sorted among them) and `mutableRow` (UI edits too) drop it.
 */
const gridMarks = new WeakMap<
  Grid,
  { notes: Array<{ row: number; column: number; text: string }>; helpTexts: string[] }
>();

function isEmptyValue(value: CellValue | undefined): boolean {
  return value === undefined || value === '';
}

/** Cells hold primitives or host Dates; only Dates need copying (checked cheaply: this runs per cell on big reads). */
function copyValue(value: CellValue | undefined): CellValue {
  if (value === undefined) return '';
  return typeof value === 'object' ? new Date(value.getTime()) : value;
}

function overlaps(a: Area, b: Area): boolean {
  return (
    a.row < b.row + b.numRows &&
    b.row < a.row + a.numRows &&
    a.column < b.column + b.numColumns &&
    b.column < a.column + a.numColumns
  );
}

function contains(outer: Area, inner: Area): boolean {
  return (
    inner.row >= outer.row &&
    inner.column >= outer.column &&
    inner.row + inner.numRows <= outer.row + outer.numRows &&
    inner.column + inner.numColumns <= outer.column + outer.numColumns
  );
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) return 'Object[]';
  return 'Object';
}

function signatureError(args: unknown[], method: string): GasException {
  return new GasException(
    `The parameters (${args.map(typeName).join(',')}) don't match the method signature for SpreadsheetApp.${method}.`,
  );
}

/** setValues-style shape check with the real messages; a ragged row gets the column message. */
function checkShape(data: unknown, area: Area, method: string): unknown[][] {
  if (!Array.isArray(data)) throw signatureError([data], method);
  if (data.length !== area.numRows) {
    throw new GasException(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${area.numRows}.`,
    );
  }
  for (const row of data) {
    if (!Array.isArray(row)) throw signatureError([data], method);
    if (row.length !== area.numColumns) {
      throw new GasException(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${area.numColumns}.`,
      );
    }
  }
  return data as unknown[][];
}

function checkCellLength(value: unknown): void {
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) throw new GasException(MESSAGES.cellTooLong);
}

/**
 * The Sheets store. Writes made inside an execution are buffered: the live grid changes at once (so the
 * execution sees its own writes) but the grid as it was at the last commit point is kept in a write window.
 * A read of the spreadsheet, SpreadsheetApp.flush() or the normal end of the execution commits (drops the
 * window); a killed execution restores the saved grid, losing the unflushed writes. Snapshots and people in
 * the UI see only committed state.
 */

/**
 * A value a person typed into a cell, as the UI stores it: parsed as typed (plain text in an `@` cell), and refused
 * with the UI's message when it breaks the cell's validation rule (❓ the rejection dialog's wording; scripts are not
 * checked, see writeValues).
 */
function parseTypedCell(typed: unknown, x: CellExtra | undefined, row: number, column: number, timeZone: string) {
  const plain = x?.numberFormat === '@';
  const parsed =
    typeof typed === 'string' ? parseUserEntered(typed, plain, timeZone) : parseScriptValue(typed, plain, timeZone);
  const rule = x?.validation;
  if (rule && !rule.allowInvalid && !satisfiesRule(rule, parsed.value, timeZone))
    throw new GasException(
      `The data you entered in cell ${a1Of(row, column, 1, 1)} violates the data validation rules set on this cell.`,
    );
  return parsed;
}

export class SheetsStore {
  readonly spreadsheets = new Map<string, SpreadsheetRecord>();
  private readonly windows = new Map<SheetRecord, WriteWindow>();
  private hookedExecution = -1;
  private nextProtectionId = 1;

  constructor(
    readonly ctx: DataContext,
    readonly drive: DriveStore,
  ) {}

  createSpreadsheet(name: string, owner: string, rows = DEFAULT_ROWS, columns = DEFAULT_COLUMNS): SpreadsheetRecord {
    if (rows * columns > MAX_SPREADSHEET_CELLS) throw new GasException(MESSAGES.tooManyCells);
    const item = this.drive.create('spreadsheet', name, owner);
    const ss: SpreadsheetRecord = { id: item.id, item, sheets: [], timeZone: this.ctx.timeZone };
    ss.sheets.push(this.newSheet(ss, 'Sheet1', 0, rows, columns));
    this.spreadsheets.set(ss.id, ss);
    return ss;
  }

  newSheet(
    ss: SpreadsheetRecord,
    name: string,
    gid: number,
    rows = DEFAULT_ROWS,
    columns = DEFAULT_COLUMNS,
  ): SheetRecord {
    return {
      gid,
      name,
      grid: { rows: [], maxRows: rows, maxColumns: columns, formulaFree: true },
      hidden: false,
      frozenRows: 0,
      frozenColumns: 0,
      columnWidths: new Map(),
      protections: [],
      spreadsheet: ss,
    };
  }

  totalCells(ss: SpreadsheetRecord): number {
    let total = 0;
    for (const sheet of ss.sheets) total += sheet.grid.maxRows * sheet.grid.maxColumns;
    return total;
  }

  requireCellBudget(ss: SpreadsheetRecord, extraCells: number): void {
    if (this.totalCells(ss) + extraCells > MAX_SPREADSHEET_CELLS) throw new GasException(MESSAGES.tooManyCells);
  }

  // ---- write windows --------------------------------------------------------------------------

  /** Opens a write window on `sheet` for the running execution (no-op outside executions: UI edits apply directly). */
  beginWrite(sheet: SheetRecord): void {
    gridMarks.delete(sheet.grid);
    const exec = this.ctx.rt.execution;
    if (!exec) return;
    if (this.hookedExecution !== exec.id) {
      this.hookedExecution = exec.id;
      this.ctx.rt.onCommit(() => this.commitAll());
      this.ctx.rt.onEnd(() => this.rollbackAll());
    }
    if (!this.windows.has(sheet)) {
      const grid = sheet.grid;
      this.windows.set(sheet, {
        saved: {
          rows: grid.rows.slice(),
          maxRows: grid.maxRows,
          maxColumns: grid.maxColumns,
          formulaFree: grid.formulaFree,
        },
        fresh: new WeakSet(),
      });
    }
  }

  /** The row to mutate: copied first if the saved grid still shares it. */
  mutableRow(sheet: SheetRecord, row: number): SheetRow {
    const index = row - 1;
    gridMarks.delete(sheet.grid);
    const window = this.windows.get(sheet);
    let current = sheet.grid.rows[index];
    if (!current) {
      current = { values: [] };
      sheet.grid.rows[index] = current;
      window?.fresh.add(current);
      return current;
    }
    if (window && !window.fresh.has(current)) {
      current = cloneRow(current);
      sheet.grid.rows[index] = current;
      window.fresh.add(current);
    }
    rowMarks.delete(current);
    return current;
  }

  /** A read of a spreadsheet flushes its write cache. */
  commitSpreadsheet(ss: SpreadsheetRecord): void {
    let wrote = false;
    for (const sheet of ss.sheets) wrote = this.windows.delete(sheet) || wrote;
    if (wrote) this.drive.noteContentChange(ss.item);
  }

  commitAll(): void {
    const written = new Set<SpreadsheetRecord>();
    for (const sheet of this.windows.keys()) written.add(sheet.spreadsheet);
    this.windows.clear();
    for (const ss of written) this.drive.noteContentChange(ss.item);
  }

  /** Execution killed: unflushed writes are lost. */
  rollbackAll(): void {
    for (const [sheet, window] of this.windows) sheet.grid = window.saved;
    this.windows.clear();
  }

  hasPendingWrites(ss: SpreadsheetRecord): boolean {
    return ss.sheets.some((s) => this.windows.has(s));
  }

  committedGrid(sheet: SheetRecord): Grid {
    return this.windows.get(sheet)?.saved ?? sheet.grid;
  }

  // ---- grid helpers ---------------------------------------------------------------------------

  lastRow(grid: Grid): number {
    // A tab formatted down to its last row has a row object with extras in each of its 1,000 rows, and tests call
    // this (through getDataRange) thousands of times on such tabs: a grid that never held a formula skips the extras.
    const formulas = !grid.formulaFree;
    for (let r = Math.min(grid.rows.length, grid.maxRows); r >= 1; r--) {
      const row = grid.rows[r - 1];
      if (!row) continue;
      const { values, extras } = row;
      for (let c = 0; c < values.length; c++) if (!isEmptyValue(values[c])) return r;
      if (formulas && extras) for (let c = 0; c < extras.length; c++) if (extras[c]?.formula) return r;
    }
    return 0;
  }

  lastColumn(grid: Grid): number {
    let last = 0;
    for (const row of grid.rows) {
      if (!row) continue;
      for (let c = row.values.length; c > last; c--) {
        if (!isEmptyValue(row.values[c - 1]) || row.extras?.[c - 1]?.formula) {
          last = c;
          break;
        }
      }
    }
    return Math.min(last, grid.maxColumns);
  }

  values(grid: Grid, area: Area): CellValue[][] {
    const out: CellValue[][] = new Array(area.numRows);
    for (let i = 0; i < area.numRows; i++) {
      const row = grid.rows[area.row - 1 + i];
      let line: CellValue[];
      if (!row) {
        line = new Array<CellValue>(area.numColumns).fill('');
      } else {
        // A native slice, then patch holes and Dates: the hot path of every big getValues().
        line = row.values.slice(area.column - 1, area.column - 1 + area.numColumns);
        for (let j = 0; j < line.length; j++) {
          const v = line[j];
          if (v === undefined) line[j] = '';
          else if (typeof v === 'object') line[j] = copyValue(v);
        }
        while (line.length < area.numColumns) line.push('');
      }
      out[i] = line;
    }
    return out;
  }

  extras<T>(grid: Grid, area: Area, pick: (x: CellExtra | undefined) => T): T[][] {
    const out: T[][] = new Array(area.numRows);
    for (let i = 0; i < area.numRows; i++) {
      const row = grid.rows[area.row - 1 + i];
      const line: T[] = new Array(area.numColumns);
      for (let j = 0; j < area.numColumns; j++) line[j] = pick(row?.extras?.[area.column - 1 + j]);
      out[i] = line;
    }
    return out;
  }

  private extraOf(row: SheetRow, index: number): CellExtra {
    if (!row.extras) row.extras = [];
    let x = row.extras[index];
    if (!x) {
      x = {};
      row.extras[index] = x;
    }
    return x;
  }

  /** Stores one parsed input in a cell. */
  private storeCell(sheet: SheetRecord, row: SheetRow, index: number, parsed: ParsedInput): void {
    row.values[index] = parsed.value;
    if (parsed.formula !== undefined) {
      this.extraOf(row, index).formula = parsed.formula;
      sheet.grid.formulaFree = false;
    } else if (row.extras?.[index]?.formula !== undefined) delete row.extras[index]!.formula;
  }

  /** Writes values as setValues does: each string is parsed as typed unless the cell is plain text. */
  writeValues(sheet: SheetRecord, area: Area, data: unknown[][]): void {
    this.beginWrite(sheet);
    const tz = sheet.spreadsheet.timeZone;
    for (let i = 0; i < area.numRows; i++) {
      const row = this.mutableRow(sheet, area.row + i);
      const line = data[i];
      for (let j = 0; j < area.numColumns; j++) {
        const index = area.column - 1 + j;
        const plain = row.extras?.[index]?.numberFormat === '@';
        this.storeCell(sheet, row, index, parseScriptValue(line[j], plain, tz));
      }
    }
  }

  /** Applies `change` to the extras of every cell in `area` (formats, notes, validations…). */
  updateExtras(sheet: SheetRecord, area: Area, change: (x: CellExtra, i: number, j: number) => void): void {
    this.beginWrite(sheet);
    for (let i = 0; i < area.numRows; i++) {
      const row = this.mutableRow(sheet, area.row + i);
      for (let j = 0; j < area.numColumns; j++) change(this.extraOf(row, area.column - 1 + j), i, j);
    }
  }

  clearArea(sheet: SheetRecord, area: Area, formats: boolean): void {
    this.beginWrite(sheet);
    for (let i = 0; i < area.numRows; i++) {
      if (!sheet.grid.rows[area.row - 1 + i]) continue;
      const row = this.mutableRow(sheet, area.row + i);
      for (let j = 0; j < area.numColumns; j++) {
        const index = area.column - 1 + j;
        if (index < row.values.length) row.values[index] = '';
        const x = row.extras?.[index];
        if (!x) continue;
        delete x.formula;
        if (formats) {
          delete x.numberFormat;
          delete x.background;
          delete x.fontWeight;
          delete x.style;
        }
      }
    }
  }

  // ---- protections ----------------------------------------------------------------------------

  /** Throws the protected-cell message when `user` may not edit `area` (owner and protection editors may). */
  assertCanEdit(sheet: SheetRecord, area: Area, user: string): void {
    const owner = sheet.spreadsheet.item.owner.toLowerCase();
    const email = user.toLowerCase();
    if (email === owner) return;
    for (const p of sheet.protections) {
      if (p.warningOnly || p.mirrors || p.editors.includes(email)) continue;
      if (p.type === 'SHEET') {
        if (p.unprotected.some((u) => contains(u, area))) continue;
        throw new GasException(MESSAGES.protectedCell);
      }
      if (p.area && overlaps(p.area, area)) throw new GasException(MESSAGES.protectedCell);
    }
  }

  /** A new protection: it mirrors the spreadsheet until its editors change (then: owner, the editors then, creator). */
  addProtection(sheet: SheetRecord, type: 'SHEET' | 'RANGE', user: string, area?: Area): ProtectionRecord {
    const editors = [
      ...new Set([sheet.spreadsheet.item.owner, ...sheet.spreadsheet.item.editors, user].map((e) => e.toLowerCase())),
    ];
    const record: ProtectionRecord = {
      id: this.nextProtectionId++,
      type,
      sheet,
      area,
      description: '',
      editors,
      warningOnly: false,
      domainEdit: false,
      unprotected: [],
      mirrors: true,
    };
    sheet.protections.push(record);
    return record;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  /** Committed values as getValues() would give them (Dates as ISO strings); an empty sheet gives no rows. */
  snapshot(sheet: SheetRecord): SheetSnapshot {
    const grid = this.committedGrid(sheet);
    const lastRow = this.lastRow(grid);
    const lastColumn = this.lastColumn(grid);
    const area = { row: 1, column: 1, numRows: lastRow, numColumns: lastColumn };
    const rows =
      lastRow === 0 ? [] : this.values(grid, area).map((line) => line.map((v) => (isDate(v) ? v.toISOString() : v)));
    const formulas = lastRow === 0 ? [] : this.extras(grid, area, (x) => x?.formula ?? '');
    let marks = gridMarks.get(grid);
    if (!marks) {
      const notes: Array<{ row: number; column: number; text: string }> = [];
      const helpTexts = new Set<string>();
      grid.rows.forEach((row, r) => {
        if (!row?.extras) return;
        const marks = marksOf(row);
        for (const [c, text] of marks.notes) notes.push({ row: r + 1, column: c + 1, text });
        for (const text of marks.helpTexts) helpTexts.add(text);
      });
      marks = { notes, helpTexts: [...helpTexts] };
      gridMarks.set(grid, marks);
    }
    const notes = marks.notes.map((n) => ({ ...n }));
    const helpTexts = marks.helpTexts;
    return {
      spreadsheetId: sheet.spreadsheet.id,
      spreadsheetName: sheet.spreadsheet.item.name,
      name: sheet.name,
      rows,
      formulas,
      protected: sheet.protections.length > 0,
      notes,
      helpTexts: [...helpTexts],
      protectionDescriptions: sheet.protections.map((p) => p.description).filter(Boolean),
    };
  }

  spreadsheetById(spreadsheetId: string): SpreadsheetRecord {
    const ss = this.spreadsheets.get(spreadsheetId);
    if (!ss) throw new Error(`Emulator: no spreadsheet ${spreadsheetId}`);
    return ss;
  }

  findSheet(spreadsheetId: string, sheetName: string): SheetRecord {
    const ss = this.spreadsheets.get(spreadsheetId);
    if (!ss) throw new Error(`Emulator: no spreadsheet ${spreadsheetId}`);
    const sheet = ss.sheets.find((s) => s.name === sheetName);
    if (!sheet) throw new Error(`Emulator: spreadsheet ${spreadsheetId} has no sheet "${sheetName}"`);
    return sheet;
  }

  // ---- people in the UI (outside executions; each checks the person's access) -----------------

  private requireUiEditor(user: string, ss: SpreadsheetRecord): void {
    if (!this.drive.canWrite(user, ss.item)) throw new GasException(MESSAGES.noDocumentAccess);
  }

  /** Typing a value into one cell. Returns the display strings of the old and new values for the edit event. */
  editCellAsUser(
    user: string,
    sheet: SheetRecord,
    row: number,
    column: number,
    typed: unknown,
  ): { value: string; oldValue?: string } {
    const ss = sheet.spreadsheet;
    this.requireUiEditor(user, ss);
    if (row < 1 || column < 1 || row > sheet.grid.maxRows || column > sheet.grid.maxColumns) {
      throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
    }
    checkCellLength(typed);
    const area = { row, column, numRows: 1, numColumns: 1 };
    this.assertCanEdit(sheet, area, user);
    const current = sheet.grid.rows[row - 1];
    const x = current?.extras?.[column - 1];
    const parsed = parseTypedCell(typed, x, row, column, ss.timeZone);
    const oldRaw = current?.values[column - 1];
    const oldValue = isEmptyValue(oldRaw) ? undefined : formatDisplay(oldRaw!, x?.numberFormat, ss.timeZone);
    this.storeCell(sheet, this.mutableRow(sheet, row), column - 1, parsed);
    this.drive.noteContentChange(ss.item);
    return { value: formatDisplay(parsed.value, x?.numberFormat, ss.timeZone), oldValue };
  }

  /**
   * A block pasted in the UI: every cell parsed as if typed, all or nothing (a paste that reaches a protected cell, or
   * breaks a validation rule, changes nothing). Google fires one edit event for it whose range spans the block.
   * `copiedCells`: cells copied in Sheets (Ctrl+C, Ctrl+V) carry their own formats and validation, which a plain paste
   * puts in place of the destination's (Edit → Paste special offers "Values only" and "Data validation only" to keep
   * them apart); the copied cells here had none, so nothing is checked and the destination's rules are gone.
   */
  pasteAsUser(
    user: string,
    sheet: SheetRecord,
    row: number,
    column: number,
    block: unknown[][],
    copiedCells = false,
  ): void {
    const ss = sheet.spreadsheet;
    this.requireUiEditor(user, ss);
    const numRows = block.length;
    const numColumns = Math.max(0, ...block.map((r) => r.length));
    if (!numRows || !numColumns || block.some((r) => r.length !== numColumns))
      throw new Error('Emulator: a pasted block is a non-empty rectangle of cells');
    if (
      row < 1 ||
      column < 1 ||
      row + numRows - 1 > sheet.grid.maxRows ||
      column + numColumns - 1 > sheet.grid.maxColumns
    )
      throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
    this.assertCanEdit(sheet, { row, column, numRows, numColumns }, user);
    const parsedBlock = block.map((cells, i) =>
      cells.map((typed, j) => {
        checkCellLength(typed);
        const extra = sheet.grid.rows[row + i - 1]?.extras?.[column + j - 1];
        return parseTypedCell(
          typed,
          copiedCells ? { ...extra, validation: undefined } : extra,
          row + i,
          column + j,
          ss.timeZone,
        );
      }),
    );
    parsedBlock.forEach((cells, i) =>
      cells.forEach((parsed, j) => {
        const target = this.mutableRow(sheet, row + i);
        this.storeCell(sheet, target, column + j - 1, parsed);
        if (copiedCells) delete target.extras?.[column + j - 1]?.validation;
      }),
    );
    this.drive.noteContentChange(ss.item);
  }

  /**
   * Sorting, inserting or deleting rows moves every cell below: in a protected sheet (or over a protected range)
   * only the protection's editors may, as with typing. Google's help ("Protect, hide, and edit sheets") says
   * people without permission cannot edit a protected sheet or range but does not spell out sort, insert and
   * delete; this models the stricter reading (refused, with the protected-cell message), and SECURITY.md's checks
   * on a real Workspace include trying it.
   */
  private assertCanMoveRows(user: string, sheet: SheetRecord, fromRow: number): void {
    const numRows = Math.max(1, sheet.grid.maxRows - fromRow + 1);
    this.assertCanEdit(sheet, { row: fromRow, column: 1, numRows, numColumns: sheet.grid.maxColumns }, user);
  }

  /** Sorts the rows below the header; returns the sorted area (1-based), which the edit event spans. */
  sortAsUser(
    user: string,
    sheet: SheetRecord,
    column: number,
    ascending: boolean,
  ): { row: number; numRows: number; numColumns: number } {
    this.requireUiEditor(user, sheet.spreadsheet);
    // Data > Sort range with "data has header row": row 1 (or the frozen rows) stay put.
    const header = Math.max(1, sheet.frozenRows);
    this.assertCanMoveRows(user, sheet, header + 1);
    sortRows(this, sheet, column, ascending, header, user);
    this.drive.noteContentChange(sheet.spreadsheet.item);
    const grid = sheet.grid;
    return { row: header + 1, numRows: Math.max(1, this.lastRow(grid) - header), numColumns: this.lastColumn(grid) };
  }

  /**
   * Edit > Find and replace > Replace all over one tab, "Match case" unticked: every text cell holding `find` has it
   * replaced, the new text read as typed. A protected cell refuses the whole replace (the stricter reading: the dialog's
   * behaviour on a protected match is not documented). Returns the area spanning the changed cells, or null when none.
   */
  replaceAllAsUser(user: string, sheet: SheetRecord, find: string, replace: string): Area | null {
    this.requireUiEditor(user, sheet.spreadsheet);
    const pattern = new RegExp(find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    const hits: Array<[number, number, string]> = [];
    sheet.grid.rows.forEach((line, r) =>
      line?.values.forEach((v, c) => {
        const next = typeof v === 'string' ? v.replace(pattern, () => replace) : v;
        if (next !== v) hits.push([r + 1, c + 1, String(next)]);
      }),
    );
    if (!hits.length) return null;
    for (const [row, column] of hits) this.assertCanEdit(sheet, { row, column, numRows: 1, numColumns: 1 }, user);
    for (const [row, column, text] of hits) {
      const x = sheet.grid.rows[row - 1]?.extras?.[column - 1];
      const parsed = parseTypedCell(text, { ...x, validation: undefined }, row, column, sheet.spreadsheet.timeZone);
      this.storeCell(sheet, this.mutableRow(sheet, row), column - 1, parsed);
    }
    this.drive.noteContentChange(sheet.spreadsheet.item);
    const rows = hits.map((h) => h[0]);
    const columns = hits.map((h) => h[1]);
    const [row, column] = [Math.min(...rows), Math.min(...columns)];
    return { row, column, numRows: Math.max(...rows) - row + 1, numColumns: Math.max(...columns) - column + 1 };
  }

  /** Every tab's committed grid as Version history keeps it (File > Version history), to restore later. */
  versionOf(ss: SpreadsheetRecord): Map<number, Grid> {
    return new Map(ss.sheets.map((sheet) => [sheet.gid, structuredClone(this.committedGrid(sheet))]));
  }

  /**
   * File > Version history > Restore this version: every tab the version had gets its cells back at once (rows added
   * since are gone, values typed since revert); editors may restore ("Only people with edit access can restore",
   * support.google.com/docs/answer/190843). Returns the restored area of `sheetName`, for the edit event.
   */
  restoreVersionAsUser(
    user: string,
    ss: SpreadsheetRecord,
    version: Map<number, Grid>,
    sheetName: string,
  ): { row: number; column: number; numRows: number; numColumns: number } {
    this.requireUiEditor(user, ss);
    for (const sheet of ss.sheets) {
      const grid = version.get(sheet.gid);
      if (grid) sheet.grid = structuredClone(grid);
    }
    this.drive.noteContentChange(ss.item);
    const grid = ss.sheets.find((s) => s.name === sheetName)?.grid;
    return {
      row: 1,
      column: 1,
      numRows: Math.max(1, grid ? this.lastRow(grid) : 1),
      numColumns: grid ? Math.max(1, this.lastColumn(grid)) : 1,
    };
  }

  insertRowAsUser(user: string, sheet: SheetRecord, row: number): void {
    this.requireUiEditor(user, sheet.spreadsheet);
    this.assertCanMoveRows(user, sheet, row);
    insertRows(this, sheet, row, 1, user);
    this.drive.noteContentChange(sheet.spreadsheet.item);
  }

  deleteRowAsUser(user: string, sheet: SheetRecord, row: number): void {
    this.requireUiEditor(user, sheet.spreadsheet);
    this.assertCanMoveRows(user, sheet, row);
    deleteRows(this, sheet, row, 1, user);
    this.drive.noteContentChange(sheet.spreadsheet.item);
  }

  /**
   * Dragging a column's header to another place: its cells move with their values, formats and validation rules, the
   * columns between shift over (Sheet.moveColumns: "Existing data is shifted right to make room for the moved columns
   * while the source columns are removed from the grid"). `to` is the column it ends up in.
   */
  moveColumnAsUser(user: string, sheet: SheetRecord, from: number, to: number): void {
    this.requireUiEditor(user, sheet.spreadsheet);
    const grid = sheet.grid;
    if (![from, to].every((c) => Number.isInteger(c) && c >= 1 && c <= grid.maxColumns))
      throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
    const first = Math.min(from, to);
    this.assertCanEdit(
      sheet,
      { row: 1, column: first, numRows: grid.maxRows, numColumns: Math.max(from, to) - first + 1 },
      user,
    );
    for (let r = 1; r <= grid.rows.length; r++) {
      if (!grid.rows[r - 1]) continue;
      const row = this.mutableRow(sheet, r);
      const move = <T>(cells: T[], blank: T) => {
        while (cells.length < grid.maxColumns) cells.push(blank);
        cells.splice(to - 1, 0, cells.splice(from - 1, 1)[0]);
      };
      move(row.values, '' as CellValue);
      if (row.extras) move(row.extras, undefined);
    }
    this.drive.noteContentChange(sheet.spreadsheet.item);
  }

  readAsUser(user: string, sheet: SheetRecord): CellValue[][] {
    if (!this.drive.canRead(user, sheet.spreadsheet.item)) throw new GasException(MESSAGES.noDocumentAccess);
    const grid = this.committedGrid(sheet);
    const lastRow = this.lastRow(grid);
    if (lastRow === 0) return [];
    return this.values(grid, { row: 1, column: 1, numRows: lastRow, numColumns: this.lastColumn(grid) });
  }

  /** Form responses written to a linked spreadsheet (FormApp destination); applied directly, like Google does. */
  appendDirect(sheet: SheetRecord, values: unknown[]): void {
    const grid = sheet.grid;
    const target = this.lastRow(grid) + 1;
    if (target > grid.maxRows) grid.maxRows = target;
    if (values.length > grid.maxColumns) grid.maxColumns = values.length;
    const row = this.mutableRow(sheet, target);
    // Google stores each answer as the text it is: a response starting with '=' is no formula in the sheet.
    values.forEach((v, j) =>
      this.storeCell(
        sheet,
        row,
        j,
        typeof v === 'string' ? { value: v } : parseScriptValue(v, true, sheet.spreadsheet.timeZone),
      ),
    );
  }
}

function satisfiesRule(rule: ValidationRule, value: CellValue, timeZone: string): boolean {
  if (value === '') return true;
  if (rule.criteria === 'CHECKBOX') return typeof value === 'boolean';
  const shown = formatDisplay(value, undefined, timeZone);
  const list = (rule.values[0] as unknown[] | undefined) ?? [];
  return list.some((item) => String(item) === shown);
}

// ---------------------------------------------------------------------------------------------------
// Row operations shared by Sheet methods and UI actions

function sortKey(value: CellValue | undefined): [number, number | string] {
  if (isEmptyValue(value)) return [9, 0];
  if (typeof value === 'number') return [0, value];
  if (isDate(value)) return [0, value.getTime()];
  if (typeof value === 'string') return [1, value.toLowerCase()];
  return [2, value ? 1 : 0];
}

function sortRows(
  store: SheetsStore,
  sheet: SheetRecord,
  column: number,
  ascending: boolean,
  headerRows: number,
  user: string,
): void {
  const grid = sheet.grid;
  if (column < 1 || column > grid.maxColumns)
    throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
  const last = store.lastRow(grid);
  if (last <= headerRows) return;
  const area = { row: headerRows + 1, column: 1, numRows: last - headerRows, numColumns: grid.maxColumns };
  store.assertCanEdit(sheet, area, user);
  store.beginWrite(sheet);
  const rows = [];
  for (let r = headerRows; r < last; r++) rows.push(grid.rows[r]);
  const direction = ascending ? 1 : -1;
  rows.sort((a, b) => {
    const ka = sortKey(a?.values[column - 1]);
    const kb = sortKey(b?.values[column - 1]);
    // Blank cells always sort last, whichever the direction.
    if (ka[0] === 9 || kb[0] === 9) return ka[0] === kb[0] ? 0 : ka[0] === 9 ? 1 : -1;
    if (ka[0] !== kb[0]) return (ka[0] - kb[0]) * direction;
    if (ka[1] < kb[1]) return -direction;
    if (ka[1] > kb[1]) return direction;
    return 0;
  });
  for (let i = 0; i < rows.length; i++) grid.rows[headerRows + i] = rows[i];
}

function insertRows(store: SheetsStore, sheet: SheetRecord, before: number, count: number, user: string): void {
  const grid = sheet.grid;
  // ❓ wording.
  if (!Number.isInteger(before) || before < 1 || before > grid.maxRows || count < 1)
    throw new GasException('Those rows are out of bounds.');
  store.requireCellBudget(sheet.spreadsheet, count * grid.maxColumns);
  store.assertCanEdit(sheet, { row: before, column: 1, numRows: count, numColumns: grid.maxColumns }, user);
  store.beginWrite(sheet);
  if (before - 1 < grid.rows.length) grid.rows.splice(before - 1, 0, ...new Array<undefined>(count).fill(undefined));
  grid.maxRows += count;
}

/** Tab names compare ignoring case (see requireUniqueName). */
function sameSheetName(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

function deleteRows(store: SheetsStore, sheet: SheetRecord, start: number, count: number, user: string): void {
  const grid = sheet.grid;
  if (!Number.isInteger(start) || start < 1 || count < 1 || start + count - 1 > grid.maxRows)
    throw new GasException('Those rows are out of bounds.');
  // ❓ The message is the Sheets editor's when every non-frozen row is deleted; no Apps Script reference page states
  // it for Sheet.deleteRows. The stricter case is kept: it throws. The product never relies on it (the archive keeps a
  // blank row below the data before deleting every data row: src/workspace/archive-store.ts deleteRowsAt).
  if (grid.maxRows - count <= sheet.frozenRows)
    throw new GasException('Sorry, it is not possible to delete all non-frozen rows.');
  store.assertCanEdit(sheet, { row: start, column: 1, numRows: count, numColumns: grid.maxColumns }, user);
  store.beginWrite(sheet);
  if (start - 1 < grid.rows.length) grid.rows.splice(start - 1, count);
  grid.maxRows -= count;
}

// ---------------------------------------------------------------------------------------------------
// SpreadsheetApp and its classes

const PROTECTION_TYPE = createEnum(['RANGE', 'SHEET'] as const);
const CRITERIA = createEnum([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
] as const);

/** Validation rules handed out by the builder, keyed by the object the script holds. */
const RULES = new WeakMap<object, ValidationRule>();

export class SpreadsheetServices {
  constructor(
    readonly ctx: DataContext,
    readonly store: SheetsStore,
    readonly drive: DriveStore,
  ) {}

  private user(what: string): string {
    return this.ctx.user(what);
  }

  /** The caller must be able to open the spreadsheet (access may have been revoked since it was opened). */
  private reader(ss: SpreadsheetRecord, what: string): string {
    const user = this.user(what);
    if (!this.drive.canRead(user, ss.item)) throw new GasException(MESSAGES.noDocumentAccess);
    return user;
  }

  private writer(ss: SpreadsheetRecord, what: string): string {
    const user = this.user(what);
    this.drive.requireWritable(ss.item, user, 'SpreadsheetApp');
    return user;
  }

  /** A read: flushes this spreadsheet's write cache first. */
  private read<T>(ss: SpreadsheetRecord, method: string, fn: () => T): T {
    return this.ctx.call(method, () => {
      this.reader(ss, method);
      this.store.commitSpreadsheet(ss);
      return fn();
    });
  }

  createSpreadsheetApp(): unknown {
    const ctx = this.ctx;
    const app = {
      ProtectionType: PROTECTION_TYPE,
      DataValidationCriteria: CRITERIA,
      create: (name: string, rows?: number, columns?: number) =>
        ctx.call(
          'SpreadsheetApp.create',
          () => {
            const ss = this.store.createSpreadsheet(
              String(name),
              this.user('SpreadsheetApp.create'),
              rows ?? DEFAULT_ROWS,
              columns ?? DEFAULT_COLUMNS,
            );
            return this.spreadsheetApi(ss);
          },
          true,
        ),
      openById: (id: string) =>
        ctx.call('SpreadsheetApp.openById', () => {
          const item = this.drive.requireOpenable(id, this.user('SpreadsheetApp.openById'), 'spreadsheet');
          return this.spreadsheetApi(this.store.spreadsheets.get(item.id)!);
        }),
      openByUrl: (url: string) =>
        ctx.call('SpreadsheetApp.openByUrl', () => {
          const id = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(String(url))?.[1];
          if (!id) throw new GasException('Invalid argument: url');
          const item = this.drive.requireOpenable(id, this.user('SpreadsheetApp.openByUrl'), 'spreadsheet');
          return this.spreadsheetApi(this.store.spreadsheets.get(item.id)!);
        }),
      flush: () => ctx.call('SpreadsheetApp.flush', () => this.store.commitAll()),
      newDataValidation: () => ctx.call('SpreadsheetApp.newDataValidation', () => this.validationBuilder()),
      // A standalone script has no active spreadsheet.
      getActiveSpreadsheet: () => ctx.call('SpreadsheetApp.getActiveSpreadsheet', () => null),
      getActive: () => ctx.call('SpreadsheetApp.getActive', () => null),
      getUi: () =>
        ctx.call('SpreadsheetApp.getUi', () => {
          throw new GasException('Cannot call SpreadsheetApp.getUi() from this context.');
        }),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.SpreadsheetApp, unknown>>;
    return guard(app, 'SpreadsheetApp');
  }

  validationBuilder(initial?: ValidationRule): unknown {
    const rule: ValidationRule = initial
      ? { ...initial, values: [...initial.values] }
      : { criteria: 'VALUE_IN_LIST', values: [[], true], allowInvalid: true, helpText: '' };
    let configured = Boolean(initial);
    const call = <T>(name: string, fn: () => T) => this.ctx.call(`DataValidationBuilder.${name}`, fn);
    const builder = {
      requireValueInList: (values: unknown[], showDropdown?: boolean) =>
        call('requireValueInList', () => {
          if (!Array.isArray(values)) throw signatureError([values], 'DataValidationBuilder.requireValueInList');
          rule.criteria = 'VALUE_IN_LIST';
          rule.values = [values.map(String), showDropdown ?? true];
          configured = true;
          return self;
        }),
      requireCheckbox: () =>
        call('requireCheckbox', () => {
          rule.criteria = 'CHECKBOX';
          rule.values = [];
          configured = true;
          return self;
        }),
      setAllowInvalid: (allow: boolean) => call('setAllowInvalid', () => ((rule.allowInvalid = Boolean(allow)), self)),
      setHelpText: (text: string) => call('setHelpText', () => ((rule.helpText = String(text)), self)),
      getCriteriaType: () => call('getCriteriaType', () => rule.criteria),
      getCriteriaValues: () => call('getCriteriaValues', () => [...rule.values]),
      getAllowInvalid: () => call('getAllowInvalid', () => rule.allowInvalid),
      getHelpText: () => call('getHelpText', () => rule.helpText),
      build: () =>
        call('build', () => {
          // ❓ wording.
          if (!configured) throw new GasException('You must set a criteria for the data validation rule.');
          return this.validationApi({ ...rule, values: [...rule.values] });
        }),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.DataValidationBuilder, unknown>>;
    const self: unknown = guard(builder, 'DataValidationBuilder');
    return self;
  }

  validationApi(rule: ValidationRule): unknown {
    const call = <T>(name: string, fn: () => T) => this.ctx.call(`DataValidation.${name}`, fn);
    const api = {
      getCriteriaType: () => call('getCriteriaType', () => rule.criteria),
      getCriteriaValues: () => call('getCriteriaValues', () => rule.values.map((v) => (Array.isArray(v) ? [...v] : v))),
      getAllowInvalid: () => call('getAllowInvalid', () => rule.allowInvalid),
      getHelpText: () => call('getHelpText', () => rule.helpText),
      copy: () => call('copy', () => this.validationBuilder(rule)),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.DataValidation, unknown>>;
    const guarded = guard(api, 'DataValidation');
    RULES.set(guarded, rule);
    return guarded;
  }

  spreadsheetApi(ss: SpreadsheetRecord): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Spreadsheet.${name}`, fn, sideEffect);
    const sharing = createSharingMembers(ctx, this.drive, ss.item, 'Spreadsheet', 'SpreadsheetApp');
    const sheetByName = (name: string) => ss.sheets.find((s) => s.name === name);
    // 🟡 Sheets keeps tab names unique ignoring case: "trying to create 2 sheets with the same name but different cases
    // fails, whether you do it from the spreadsheet UI or the API" (https://github.com/socialpoint-labs/sheetfu/pull/26).
    // Whether getSheetByName also ignores case is not documented; it stays exact, so code that looks a tab up, finds
    // none and inserts it fails here when a person retyped the name in another case, as it would live.
    const requireUniqueName = (name: string) => {
      if (ss.sheets.some((s) => sameSheetName(s.name, name)))
        throw new GasException(`A sheet with the name "${name}" already exists. Please enter another name.`);
    };
    const api = {
      ...sharing,
      getId: () => call('getId', () => (this.reader(ss, 'Spreadsheet.getId'), ss.id)),
      getUrl: () => call('getUrl', () => (this.reader(ss, 'Spreadsheet.getUrl'), this.drive.urlOf(ss.item))),
      getName: () => call('getName', () => (this.reader(ss, 'Spreadsheet.getName'), ss.item.name)),
      rename: (name: string) =>
        call(
          'rename',
          () => {
            this.writer(ss, 'Spreadsheet.rename');
            ss.item.name = String(name);
          },
          true,
        ),
      getOwner: () =>
        call('getOwner', () => (this.reader(ss, 'Spreadsheet.getOwner'), createUser(ctx.rt, ss.item.owner))),
      getSheets: () =>
        call('getSheets', () => (this.reader(ss, 'Spreadsheet.getSheets'), ss.sheets.map((s) => this.sheetApi(s)))),
      getNumSheets: () => call('getNumSheets', () => (this.reader(ss, 'Spreadsheet.getNumSheets'), ss.sheets.length)),
      getSheetByName: (name: string) =>
        call('getSheetByName', () => {
          this.reader(ss, 'Spreadsheet.getSheetByName');
          const sheet = sheetByName(String(name));
          return sheet ? this.sheetApi(sheet) : null;
        }),
      getSheetById: (gid: number) =>
        call('getSheetById', () => {
          this.reader(ss, 'Spreadsheet.getSheetById');
          const sheet = ss.sheets.find((s) => s.gid === gid);
          return sheet ? this.sheetApi(sheet) : null;
        }),
      // A standalone script's "active" sheet is the first one.
      getActiveSheet: () =>
        call('getActiveSheet', () => (this.reader(ss, 'Spreadsheet.getActiveSheet'), this.sheetApi(ss.sheets[0]))),
      insertSheet: (...args: unknown[]) =>
        call(
          'insertSheet',
          () => {
            this.writer(ss, 'Spreadsheet.insertSheet');
            let name: string | undefined;
            let index = ss.sheets.length;
            if (typeof args[0] === 'string') {
              name = args[0];
              if (typeof args[1] === 'number') index = args[1];
            } else if (typeof args[0] === 'number') {
              index = args[0];
            }
            if (name === undefined) {
              let n = ss.sheets.length + 1;
              while (sheetByName(`Sheet${n}`)) n++;
              name = `Sheet${n}`;
            }
            requireUniqueName(name);
            this.store.requireCellBudget(ss, DEFAULT_ROWS * DEFAULT_COLUMNS);
            const sheet = this.store.newSheet(ss, name, ctx.nextSheetGid());
            ss.sheets.splice(Math.max(0, Math.min(index, ss.sheets.length)), 0, sheet);
            return this.sheetApi(sheet);
          },
          true,
        ),
      deleteSheet: (sheetApi: unknown) =>
        call(
          'deleteSheet',
          () => {
            const user = this.writer(ss, 'Spreadsheet.deleteSheet');
            const name = (sheetApi as { getName?: () => string })?.getName?.();
            const sheet = ss.sheets.find((s) => s.name === name);
            if (!sheet) throw new GasException('Invalid argument: sheet');
            // ❓ wording.
            if (ss.sheets.length === 1) throw new GasException("You can't remove all the sheets in a document.");
            this.store.assertCanEdit(
              sheet,
              { row: 1, column: 1, numRows: sheet.grid.maxRows, numColumns: sheet.grid.maxColumns },
              user,
            );
            ss.sheets.splice(ss.sheets.indexOf(sheet), 1);
          },
          true,
        ),
      getSpreadsheetTimeZone: () =>
        call('getSpreadsheetTimeZone', () => (this.reader(ss, 'Spreadsheet.getSpreadsheetTimeZone'), ss.timeZone)),
      setSpreadsheetTimeZone: (timeZone: string) =>
        call(
          'setSpreadsheetTimeZone',
          () => {
            this.writer(ss, 'Spreadsheet.setSpreadsheetTimeZone');
            // ❓ wording.
            if (!isValidTimeZone(String(timeZone))) throw new GasException('Invalid argument: timeZone');
            ss.timeZone = String(timeZone);
          },
          true,
        ),
      getRange: (a1: string) =>
        call('getRange', () => {
          this.reader(ss, 'Spreadsheet.getRange');
          const parts = parseA1(a1);
          const sheet = parts.sheetName === undefined ? ss.sheets[0] : sheetByName(parts.sheetName);
          if (!sheet) throw new GasException('Range not found');
          return this.rangeApi(sheet, this.checkArea(sheet, parts.resolve(sheet.grid.maxRows, sheet.grid.maxColumns)));
        }),
      getProtections: (type: unknown) =>
        call('getProtections', () => {
          this.reader(ss, 'Spreadsheet.getProtections');
          return ss.sheets.flatMap((s) =>
            s.protections.filter((p) => p.type === String(type)).map((p) => this.protectionApi(p)),
          );
        }),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.Spreadsheet, unknown>>;
    return guard(api, 'Spreadsheet');
  }

  /** Validates coordinates with the real messages. */
  checkArea(sheet: SheetRecord, area: Area): Area {
    const { row, column, numRows, numColumns } = area;
    if (![row, column, numRows, numColumns].every(Number.isFinite))
      throw new GasException('The coordinates or dimensions of the range are invalid.');
    if (row < 1) throw new GasException('The starting row of the range is too small.');
    if (column < 1) throw new GasException('The starting column of the range is too small.');
    if (numRows < 1) throw new GasException('The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw new GasException('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > sheet.grid.maxRows || column + numColumns - 1 > sheet.grid.maxColumns) {
      throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return area;
  }

  sheetApi(sheet: SheetRecord): unknown {
    const ctx = this.ctx;
    const store = this.store;
    const ss = sheet.spreadsheet;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Sheet.${name}`, fn, sideEffect);
    const whole = (): Area => ({ row: 1, column: 1, numRows: sheet.grid.maxRows, numColumns: sheet.grid.maxColumns });
    const api = {
      getName: () => call('getName', () => (this.reader(ss, 'Sheet.getName'), sheet.name)),
      setName: (name: string) =>
        call(
          'setName',
          () => {
            this.writer(ss, 'Sheet.setName');
            const next = String(name);
            if (ss.sheets.some((s) => s !== sheet && sameSheetName(s.name, next))) {
              throw new GasException(`A sheet with the name "${next}" already exists. Please enter another name.`);
            }
            sheet.name = next;
            return self;
          },
          true,
        ),
      getSheetId: () => call('getSheetId', () => (this.reader(ss, 'Sheet.getSheetId'), sheet.gid)),
      getIndex: () => call('getIndex', () => (this.reader(ss, 'Sheet.getIndex'), ss.sheets.indexOf(sheet) + 1)),
      getParent: () => call('getParent', () => (this.reader(ss, 'Sheet.getParent'), this.spreadsheetApi(ss))),
      getRange: (...args: unknown[]) =>
        call('getRange', () => {
          this.reader(ss, 'Sheet.getRange');
          if (args.length === 1 && typeof args[0] === 'string') {
            const parts = parseA1(args[0]);
            if (parts.sheetName !== undefined && parts.sheetName !== sheet.name)
              throw new GasException('Range not found');
            return this.rangeApi(
              sheet,
              this.checkArea(sheet, parts.resolve(sheet.grid.maxRows, sheet.grid.maxColumns)),
            );
          }
          if (args.length < 2 || args.length > 4 || !args.every((a) => typeof a === 'number'))
            throw signatureError(args, 'Sheet.getRange');
          // ❓ fractional coordinates: Apps Script converts to integers; the emulator truncates.
          const [row, column, numRows = 1, numColumns = 1] = (args as number[]).map((n) =>
            Number.isFinite(n) ? Math.trunc(n) : n,
          );
          return this.rangeApi(sheet, this.checkArea(sheet, { row, column, numRows, numColumns }));
        }),
      getDataRange: () =>
        this.read(ss, 'Sheet.getDataRange', () => {
          const grid = sheet.grid;
          return this.rangeApi(sheet, {
            row: 1,
            column: 1,
            numRows: Math.max(1, store.lastRow(grid)),
            numColumns: Math.max(1, store.lastColumn(grid)),
          });
        }),
      getLastRow: () => this.read(ss, 'Sheet.getLastRow', () => store.lastRow(sheet.grid)),
      getLastColumn: () => this.read(ss, 'Sheet.getLastColumn', () => store.lastColumn(sheet.grid)),
      getMaxRows: () => this.read(ss, 'Sheet.getMaxRows', () => sheet.grid.maxRows),
      getMaxColumns: () => this.read(ss, 'Sheet.getMaxColumns', () => sheet.grid.maxColumns),
      getSheetValues: (row: number, column: number, numRows: number, numColumns: number) =>
        this.read(ss, 'Sheet.getSheetValues', () => {
          const grid = sheet.grid;
          const area = this.checkArea(sheet, {
            row,
            column,
            numRows: numRows === -1 ? store.lastRow(grid) - row + 1 : numRows,
            numColumns: numColumns === -1 ? store.lastColumn(grid) - column + 1 : numColumns,
          });
          return store.values(grid, area);
        }),
      appendRow: (rowContents: unknown[]) =>
        call(
          'appendRow',
          () => {
            const user = this.writer(ss, 'Sheet.appendRow');
            if (!Array.isArray(rowContents)) throw signatureError([rowContents], 'Sheet.appendRow');
            rowContents.forEach(checkCellLength);
            const grid = sheet.grid;
            // "Appends a row to the bottom of the current data region", growing the sheet when it is full.
            const target = store.lastRow(grid) + 1;
            const width = Math.max(1, rowContents.length);
            const extraRows = Math.max(0, target - grid.maxRows);
            const extraColumns = Math.max(0, width - grid.maxColumns);
            store.requireCellBudget(ss, extraRows * Math.max(grid.maxColumns, width) + extraColumns * grid.maxRows);
            store.assertCanEdit(sheet, { row: target, column: 1, numRows: 1, numColumns: width }, user);
            store.beginWrite(sheet);
            ctx.rt.chargeCells('Sheet.appendRow', width);
            grid.maxRows += extraRows;
            grid.maxColumns += extraColumns;
            store.writeValues(sheet, { row: target, column: 1, numRows: 1, numColumns: rowContents.length }, [
              rowContents,
            ]);
            return self;
          },
          true,
        ),
      insertRowBefore: (before: number) =>
        call(
          'insertRowBefore',
          () => {
            insertRows(store, sheet, before, 1, this.writer(ss, 'Sheet.insertRowBefore'));
            return self;
          },
          true,
        ),
      insertRowAfter: (after: number) =>
        call(
          'insertRowAfter',
          () => {
            this.insertAfter(sheet, after, 1);
            return self;
          },
          true,
        ),
      insertRowsBefore: (before: number, howMany: number) =>
        call(
          'insertRowsBefore',
          () => {
            insertRows(store, sheet, before, howMany, this.writer(ss, 'Sheet.insertRowsBefore'));
            return self;
          },
          true,
        ),
      insertRowsAfter: (after: number, howMany: number) =>
        call(
          'insertRowsAfter',
          () => {
            this.insertAfter(sheet, after, howMany);
            return self;
          },
          true,
        ),
      deleteRow: (row: number) =>
        call(
          'deleteRow',
          () => {
            deleteRows(store, sheet, row, 1, this.writer(ss, 'Sheet.deleteRow'));
            return self;
          },
          true,
        ),
      deleteRows: (row: number, howMany: number) =>
        call(
          'deleteRows',
          () => {
            deleteRows(store, sheet, row, howMany, this.writer(ss, 'Sheet.deleteRows'));
          },
          true,
        ),
      setFrozenRows: (rows: number) =>
        call(
          'setFrozenRows',
          () => {
            this.writer(ss, 'Sheet.setFrozenRows');
            if (!Number.isInteger(rows) || rows < 0 || rows >= sheet.grid.maxRows)
              throw new GasException('Invalid argument: rows');
            sheet.frozenRows = rows;
          },
          true,
        ),
      getFrozenRows: () => call('getFrozenRows', () => (this.reader(ss, 'Sheet.getFrozenRows'), sheet.frozenRows)),
      setFrozenColumns: (columns: number) =>
        call(
          'setFrozenColumns',
          () => {
            this.writer(ss, 'Sheet.setFrozenColumns');
            if (!Number.isInteger(columns) || columns < 0 || columns >= sheet.grid.maxColumns)
              throw new GasException('Invalid argument: columns');
            sheet.frozenColumns = columns;
          },
          true,
        ),
      getFrozenColumns: () =>
        call('getFrozenColumns', () => (this.reader(ss, 'Sheet.getFrozenColumns'), sheet.frozenColumns)),
      protect: () =>
        call(
          'protect',
          () => {
            const user = this.writer(ss, 'Sheet.protect');
            // A sheet has at most one sheet protection; protect() hands back the existing one.
            const existing = sheet.protections.find((p) => p.type === 'SHEET');
            if (existing) return this.protectionApi(existing);
            store.assertCanEdit(sheet, whole(), user);
            return this.protectionApi(store.addProtection(sheet, 'SHEET', user));
          },
          true,
        ),
      getProtections: (type: unknown) =>
        call('getProtections', () => {
          this.reader(ss, 'Sheet.getProtections');
          return sheet.protections.filter((p) => p.type === String(type)).map((p) => this.protectionApi(p));
        }),
      sort: (columnPosition: number, ascending?: boolean) =>
        call(
          'sort',
          () => {
            // Sheet.sort leaves the frozen rows in place.
            sortRows(store, sheet, columnPosition, ascending ?? true, sheet.frozenRows, this.writer(ss, 'Sheet.sort'));
            return self;
          },
          true,
        ),
      // Column sizing has no effect on data; calls are still counted (they cost time on the real service).
      autoResizeColumns: (start: number, count: number) =>
        call(
          'autoResizeColumns',
          () => {
            this.writer(ss, 'Sheet.autoResizeColumns');
            void start;
            void count;
            return self;
          },
          true,
        ),
      autoResizeColumn: (column: number) =>
        call(
          'autoResizeColumn',
          () => {
            this.writer(ss, 'Sheet.autoResizeColumn');
            void column;
            return self;
          },
          true,
        ),
      setColumnWidth: (column: number, width: number) =>
        call(
          'setColumnWidth',
          () => {
            this.writer(ss, 'Sheet.setColumnWidth');
            sheet.columnWidths.set(column, width);
            return self;
          },
          true,
        ),
      setColumnWidths: (start: number, count: number, width: number) =>
        call(
          'setColumnWidths',
          () => {
            this.writer(ss, 'Sheet.setColumnWidths');
            for (let c = start; c < start + count; c++) sheet.columnWidths.set(c, width);
            return self;
          },
          true,
        ),
      getColumnWidth: (column: number) =>
        call(
          'getColumnWidth',
          () => (this.reader(ss, 'Sheet.getColumnWidth'), sheet.columnWidths.get(column) ?? DEFAULT_COLUMN_WIDTH),
        ),
      hideSheet: () =>
        call(
          'hideSheet',
          () => {
            this.writer(ss, 'Sheet.hideSheet');
            // ❓ wording.
            if (ss.sheets.every((s) => s === sheet || s.hidden))
              throw new GasException("You can't hide all the sheets in a document.");
            sheet.hidden = true;
            return self;
          },
          true,
        ),
      showSheet: () =>
        call(
          'showSheet',
          () => {
            this.writer(ss, 'Sheet.showSheet');
            sheet.hidden = false;
            return self;
          },
          true,
        ),
      isSheetHidden: () => call('isSheetHidden', () => (this.reader(ss, 'Sheet.isSheetHidden'), sheet.hidden)),
      clear: () =>
        call(
          'clear',
          () => {
            const user = this.writer(ss, 'Sheet.clear');
            store.assertCanEdit(sheet, whole(), user);
            store.clearArea(sheet, whole(), true);
            return self;
          },
          true,
        ),
      clearContents: () =>
        call(
          'clearContents',
          () => {
            const user = this.writer(ss, 'Sheet.clearContents');
            store.assertCanEdit(sheet, whole(), user);
            store.clearArea(sheet, whole(), false);
            return self;
          },
          true,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.Sheet, unknown>>;
    const self: unknown = guard(api, 'Sheet');
    return self;
  }

  private insertAfter(sheet: SheetRecord, after: number, count: number): void {
    const user = this.writer(sheet.spreadsheet, 'Sheet.insertRowsAfter');
    const grid = sheet.grid;
    if (!Number.isInteger(after) || after < 1 || after > grid.maxRows)
      throw new GasException('Those rows are out of bounds.');
    if (after === grid.maxRows) {
      this.store.requireCellBudget(sheet.spreadsheet, count * grid.maxColumns);
      this.store.assertCanEdit(sheet, { row: after, column: 1, numRows: 1, numColumns: grid.maxColumns }, user);
      this.store.beginWrite(sheet);
      grid.maxRows += count;
      return;
    }
    insertRows(this.store, sheet, after + 1, count, user);
  }

  rangeApi(sheet: SheetRecord, area: Area): unknown {
    const ctx = this.ctx;
    const store = this.store;
    const ss = sheet.spreadsheet;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Range.${name}`, fn, sideEffect);
    const read = <T>(name: string, fn: () => T) => this.read(ss, `Range.${name}`, fn);
    const topLeft: Area = { row: area.row, column: area.column, numRows: 1, numColumns: 1 };
    /** Common preamble of every write: edit rights on the file and on any protection covering the range. */
    const editor = (name: string) => {
      const user = this.writer(ss, `Range.${name}`);
      store.assertCanEdit(sheet, area, user);
      return user;
    };
    const fill = <T>(value: T): T[][] =>
      Array.from({ length: area.numRows }, () => new Array<T>(area.numColumns).fill(value));
    const display = (grid: Grid, at: Area) => {
      const values = store.values(grid, at);
      const formats = store.extras(grid, at, (x) => x?.numberFormat);
      return values.map((line, i) => line.map((v, j) => formatDisplay(v, formats[i][j], ss.timeZone)));
    };
    const api = {
      // The cell-proportional part of a read or write (runtime.ts chargeCells; scripts/bench's cost model).
      getValues: () =>
        read(
          'getValues',
          () => (
            ctx.rt.chargeCells('Range.getValues', area.numRows * area.numColumns, `${ss.id}/${sheet.name}`),
            store.values(sheet.grid, area)
          ),
        ),
      getValue: () => read('getValue', () => store.values(sheet.grid, topLeft)[0][0]),
      getDisplayValues: () =>
        read(
          'getDisplayValues',
          () => (
            ctx.rt.chargeCells('Range.getDisplayValues', area.numRows * area.numColumns, `${ss.id}/${sheet.name}`),
            display(sheet.grid, area)
          ),
        ),
      getDisplayValue: () => read('getDisplayValue', () => display(sheet.grid, topLeft)[0][0]),
      getFormulas: () => read('getFormulas', () => store.extras(sheet.grid, area, (x) => x?.formula ?? '')),
      getFormula: () => read('getFormula', () => store.extras(sheet.grid, topLeft, (x) => x?.formula ?? '')[0][0]),
      isBlank: () =>
        read(
          'isBlank',
          () =>
            store.values(sheet.grid, area).every((line) => line.every((v) => v === '')) &&
            store.extras(sheet.grid, area, (x) => x?.formula).every((line) => line.every((f) => !f)),
        ),
      setValues: (values: unknown[][]) =>
        call(
          'setValues',
          () => {
            const data = checkShape(values, area, 'Range.setValues');
            for (const line of data) line.forEach(checkCellLength);
            editor('setValues');
            ctx.rt.chargeCells('Range.setValues', area.numRows * area.numColumns);
            store.writeValues(sheet, area, data);
            return self;
          },
          true,
        ),
      setValue: (value: unknown) =>
        call(
          'setValue',
          () => {
            checkCellLength(value);
            editor('setValue');
            // setValue on a multi-cell range writes the value into every cell.
            store.writeValues(sheet, area, fill(value));
            return self;
          },
          true,
        ),
      setFormula: (formula: string) =>
        call(
          'setFormula',
          () => {
            checkCellLength(formula);
            editor('setFormula');
            const text = String(formula);
            store.writeValues(sheet, area, fill(text.startsWith('=') ? text : `=${text}`));
            return self;
          },
          true,
        ),
      clearContent: () =>
        call(
          'clearContent',
          () => {
            editor('clearContent');
            store.clearArea(sheet, area, false);
            return self;
          },
          true,
        ),
      clear: () =>
        call(
          'clear',
          () => {
            editor('clear');
            store.clearArea(sheet, area, true);
            return self;
          },
          true,
        ),
      clearFormat: () =>
        call(
          'clearFormat',
          () => {
            editor('clearFormat');
            store.updateExtras(sheet, area, (x) => {
              delete x.numberFormat;
              delete x.background;
              delete x.fontWeight;
              delete x.style;
            });
            return self;
          },
          true,
        ),
      clearNote: () =>
        call(
          'clearNote',
          () => {
            editor('clearNote');
            store.updateExtras(sheet, area, (x) => {
              delete x.note;
            });
            return self;
          },
          true,
        ),
      clearDataValidations: () =>
        call(
          'clearDataValidations',
          () => {
            editor('clearDataValidations');
            store.updateExtras(sheet, area, (x) => {
              delete x.validation;
            });
            return self;
          },
          true,
        ),
      getRow: () => call('getRow', () => area.row),
      getColumn: () => call('getColumn', () => area.column),
      getLastRow: () => call('getLastRow', () => area.row + area.numRows - 1),
      getLastColumn: () => call('getLastColumn', () => area.column + area.numColumns - 1),
      getNumRows: () => call('getNumRows', () => area.numRows),
      getNumColumns: () => call('getNumColumns', () => area.numColumns),
      getA1Notation: () => call('getA1Notation', () => a1Of(area.row, area.column, area.numRows, area.numColumns)),
      getSheet: () => call('getSheet', () => this.sheetApi(sheet)),
      getCell: (row: number, column: number) =>
        call('getCell', () => {
          if (row < 1 || column < 1 || row > area.numRows || column > area.numColumns) {
            throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
          }
          return this.rangeApi(sheet, {
            row: area.row + row - 1,
            column: area.column + column - 1,
            numRows: 1,
            numColumns: 1,
          });
        }),
      offset: (rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number) =>
        call('offset', () =>
          this.rangeApi(
            sheet,
            this.checkArea(sheet, {
              row: area.row + rowOffset,
              column: area.column + columnOffset,
              numRows: numRows ?? area.numRows,
              numColumns: numColumns ?? area.numColumns,
            }),
          ),
        ),
      setNumberFormat: (format: string) =>
        call(
          'setNumberFormat',
          () => {
            editor('setNumberFormat');
            store.updateExtras(sheet, area, (x) => {
              x.numberFormat = String(format);
            });
            return self;
          },
          true,
        ),
      setNumberFormats: (formats: string[][]) =>
        call(
          'setNumberFormats',
          () => {
            const data = checkShape(formats, area, 'Range.setNumberFormats');
            editor('setNumberFormats');
            store.updateExtras(sheet, area, (x, i, j) => {
              x.numberFormat = String(data[i][j]);
            });
            return self;
          },
          true,
        ),
      getNumberFormat: () =>
        read(
          'getNumberFormat',
          () => store.extras(sheet.grid, topLeft, (x) => x?.numberFormat ?? DEFAULT_NUMBER_FORMAT)[0][0],
        ),
      getNumberFormats: () =>
        read('getNumberFormats', () => store.extras(sheet.grid, area, (x) => x?.numberFormat ?? DEFAULT_NUMBER_FORMAT)),
      setDataValidation: (rule: unknown) =>
        call(
          'setDataValidation',
          () => {
            const data = rule === null ? undefined : RULES.get(rule as object);
            if (rule !== null && !data) throw signatureError([rule], 'Range.setDataValidation');
            editor('setDataValidation');
            store.updateExtras(sheet, area, (x) => {
              if (data) x.validation = data;
              else delete x.validation;
            });
            return self;
          },
          true,
        ),
      setDataValidations: (rules: unknown[][]) =>
        call(
          'setDataValidations',
          () => {
            const data = checkShape(rules, area, 'Range.setDataValidations');
            editor('setDataValidations');
            store.updateExtras(sheet, area, (x, i, j) => {
              const r = data[i][j] === null ? undefined : RULES.get(data[i][j] as object);
              if (r) x.validation = r;
              else delete x.validation;
            });
            return self;
          },
          true,
        ),
      getDataValidation: () =>
        read('getDataValidation', () => {
          const rule = store.extras(sheet.grid, topLeft, (x) => x?.validation)[0][0];
          return rule ? this.validationApi(rule) : null;
        }),
      getDataValidations: () =>
        read('getDataValidations', () =>
          store.extras(sheet.grid, area, (x) => (x?.validation ? this.validationApi(x.validation) : null)),
        ),
      setBackground: (color: string | null) =>
        call(
          'setBackground',
          () => {
            editor('setBackground');
            store.updateExtras(sheet, area, (x) => {
              if (color === null) delete x.background;
              else x.background = String(color);
            });
            return self;
          },
          true,
        ),
      setBackgrounds: (colors: string[][]) =>
        call(
          'setBackgrounds',
          () => {
            const data = checkShape(colors, area, 'Range.setBackgrounds');
            editor('setBackgrounds');
            store.updateExtras(sheet, area, (x, i, j) => {
              if (data[i][j] === null) delete x.background;
              else x.background = String(data[i][j]);
            });
            return self;
          },
          true,
        ),
      getBackground: () =>
        read(
          'getBackground',
          () => store.extras(sheet.grid, topLeft, (x) => x?.background ?? DEFAULT_BACKGROUND)[0][0],
        ),
      getBackgrounds: () =>
        read('getBackgrounds', () => store.extras(sheet.grid, area, (x) => x?.background ?? DEFAULT_BACKGROUND)),
      setNote: (note: string | null) =>
        call(
          'setNote',
          () => {
            editor('setNote');
            store.updateExtras(sheet, area, (x) => {
              if (note === null || note === '') delete x.note;
              else x.note = String(note);
            });
            return self;
          },
          true,
        ),
      setNotes: (notes: string[][]) =>
        call(
          'setNotes',
          () => {
            const data = checkShape(notes, area, 'Range.setNotes');
            editor('setNotes');
            store.updateExtras(sheet, area, (x, i, j) => {
              const n = data[i][j];
              if (n === null || n === '') delete x.note;
              else x.note = String(n);
            });
            return self;
          },
          true,
        ),
      getNote: () => read('getNote', () => store.extras(sheet.grid, topLeft, (x) => x?.note ?? '')[0][0]),
      getNotes: () => read('getNotes', () => store.extras(sheet.grid, area, (x) => x?.note ?? '')),
      setFontWeight: (weight: string | null) =>
        call(
          'setFontWeight',
          () => {
            editor('setFontWeight');
            store.updateExtras(sheet, area, (x) => {
              if (weight === null) delete x.fontWeight;
              else x.fontWeight = String(weight);
            });
            return self;
          },
          true,
        ),
      setFontWeights: (weights: string[][]) =>
        call(
          'setFontWeights',
          () => {
            const data = checkShape(weights, area, 'Range.setFontWeights');
            editor('setFontWeights');
            store.updateExtras(sheet, area, (x, i, j) => {
              x.fontWeight = String(data[i][j] ?? 'normal');
            });
            return self;
          },
          true,
        ),
      getFontWeight: () =>
        read('getFontWeight', () => store.extras(sheet.grid, topLeft, (x) => x?.fontWeight ?? 'normal')[0][0]),
      // Presentation-only formats: stored so setup scripts work, never affect values.
      setWrap: (wrap: boolean) =>
        call(
          'setWrap',
          () => {
            editor('setWrap');
            this.setStyle(sheet, area, 'wrap', wrap);
            return self;
          },
          true,
        ),
      setFontColor: (color: string) =>
        call(
          'setFontColor',
          () => {
            editor('setFontColor');
            this.setStyle(sheet, area, 'fontColor', color);
            return self;
          },
          true,
        ),
      setHorizontalAlignment: (alignment: string) =>
        call(
          'setHorizontalAlignment',
          () => {
            editor('setHorizontalAlignment');
            this.setStyle(sheet, area, 'horizontalAlignment', alignment);
            return self;
          },
          true,
        ),
      setVerticalAlignment: (alignment: string) =>
        call(
          'setVerticalAlignment',
          () => {
            editor('setVerticalAlignment');
            this.setStyle(sheet, area, 'verticalAlignment', alignment);
            return self;
          },
          true,
        ),
      protect: () =>
        call(
          'protect',
          () => {
            const user = editor('protect');
            return this.protectionApi(store.addProtection(sheet, 'RANGE', user, { ...area }));
          },
          true,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.Range, unknown>>;
    const self: unknown = guard(api, 'Range');
    return self;
  }

  private setStyle(sheet: SheetRecord, area: Area, key: string, value: unknown): void {
    this.store.updateExtras(sheet, area, (x) => {
      x.style = { ...(x.style ?? {}), [key]: value };
    });
  }

  protectionApi(p: ProtectionRecord): unknown {
    const ctx = this.ctx;
    const ss = p.sheet.spreadsheet;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Protection.${name}`, fn, sideEffect);
    /** Only the owner and the protection's editors may change a protection. */
    const manager = (name: string) => {
      const user = this.writer(ss, `Protection.${name}`).toLowerCase();
      if (!p.mirrors && user !== ss.item.owner.toLowerCase() && !p.editors.includes(user))
        throw new GasException(MESSAGES.protectedCell);
      return user;
    };
    /** The editors as Google lists them: while the protection mirrors the spreadsheet, the spreadsheet's. */
    const editorsNow = () =>
      p.mirrors ? [...new Set([ss.item.owner, ...ss.item.editors].map((e) => e.toLowerCase()))] : p.editors;
    /** A change of editors or domain setting ends the mirroring: the list becomes explicit (who can edit now). */
    const settle = (me: string) => {
      if (p.mirrors) p.editors = [...new Set([...editorsNow(), me])];
      p.mirrors = false;
    };
    const api = {
      setDescription: (text: string) =>
        call(
          'setDescription',
          () => {
            manager('setDescription');
            p.description = String(text);
            return self;
          },
          true,
        ),
      getDescription: () => call('getDescription', () => (this.reader(ss, 'Protection.getDescription'), p.description)),
      getProtectionType: () => call('getProtectionType', () => p.type),
      getRange: () =>
        call('getRange', () =>
          this.rangeApi(
            p.sheet,
            p.area ?? { row: 1, column: 1, numRows: p.sheet.grid.maxRows, numColumns: p.sheet.grid.maxColumns },
          ),
        ),
      addEditor: (emailOrUser: unknown) =>
        call(
          'addEditor',
          () => {
            settle(manager('addEditor'));
            const email = String(
              typeof emailOrUser === 'string' ? emailOrUser : (emailOrUser as { getEmail(): string }).getEmail(),
            ).toLowerCase();
            if (!p.editors.includes(email)) p.editors.push(email);
            return self;
          },
          true,
        ),
      addEditors: (emails: string[]) =>
        call(
          'addEditors',
          () => {
            settle(manager('addEditors'));
            for (const e of emails) if (!p.editors.includes(e.toLowerCase())) p.editors.push(e.toLowerCase());
            return self;
          },
          true,
        ),
      removeEditor: (emailOrUser: unknown) =>
        call(
          'removeEditor',
          () => {
            const me = manager('removeEditor');
            settle(me);
            this.removeProtectionEditors(p, [emailOrUser], me);
            return self;
          },
          true,
        ),
      removeEditors: (emailsOrUsers: unknown[]) =>
        call(
          'removeEditors',
          () => {
            const me = manager('removeEditors');
            settle(me);
            this.removeProtectionEditors(p, emailsOrUsers, me);
            return self;
          },
          true,
        ),
      getEditors: () =>
        call(
          'getEditors',
          () => (this.reader(ss, 'Protection.getEditors'), editorsNow().map((e) => createUser(ctx.rt, e))),
        ),
      setWarningOnly: (warningOnly: boolean) =>
        call(
          'setWarningOnly',
          () => {
            manager('setWarningOnly');
            p.warningOnly = Boolean(warningOnly);
            return self;
          },
          true,
        ),
      isWarningOnly: () => call('isWarningOnly', () => p.warningOnly),
      setDomainEdit: (editable: boolean) =>
        call(
          'setDomainEdit',
          () => {
            // "Domain protection is only supported on documents within a domain" (Sheets API, Editors.domainUsersCanEdit);
            // the Protection reference has scripts ask canDomainEdit() first. ❓ wording: the emulator's own.
            if (ctx.profile !== 'workspace')
              throw new GasException('Domain protection is only supported on documents within a domain.');
            settle(manager('setDomainEdit'));
            p.domainEdit = Boolean(editable);
            return self;
          },
          true,
        ),
      canDomainEdit: () => call('canDomainEdit', () => p.domainEdit),
      canEdit: () =>
        call('canEdit', () => {
          const user = this.user('Protection.canEdit').toLowerCase();
          return user === ss.item.owner.toLowerCase() || editorsNow().includes(user);
        }),
      setUnprotectedRanges: (ranges: unknown[]) =>
        call(
          'setUnprotectedRanges',
          () => {
            manager('setUnprotectedRanges');
            p.unprotected = ranges.map((r) => {
              const range = r as {
                getRow(): number;
                getColumn(): number;
                getNumRows(): number;
                getNumColumns(): number;
              };
              return {
                row: range.getRow(),
                column: range.getColumn(),
                numRows: range.getNumRows(),
                numColumns: range.getNumColumns(),
              };
            });
            return self;
          },
          true,
        ),
      getUnprotectedRanges: () =>
        call('getUnprotectedRanges', () => p.unprotected.map((a) => this.rangeApi(p.sheet, a))),
      remove: () =>
        call(
          'remove',
          () => {
            manager('remove');
            p.sheet.protections = p.sheet.protections.filter((q) => q !== p);
          },
          true,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Spreadsheet.Protection, unknown>>;
    const self: unknown = guard(api, 'Protection');
    return self;
  }

  /** "Neither the owner of the spreadsheet nor the current user can be removed." */
  private removeProtectionEditors(p: ProtectionRecord, emailsOrUsers: unknown[], me: string): void {
    const owner = p.sheet.spreadsheet.item.owner.toLowerCase();
    const remove = new Set(
      emailsOrUsers.map((e) =>
        String(typeof e === 'string' ? e : (e as { getEmail(): string }).getEmail()).toLowerCase(),
      ),
    );
    p.editors = p.editors.filter((e) => e === owner || e === me || !remove.has(e));
  }
}
