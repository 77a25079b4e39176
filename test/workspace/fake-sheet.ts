// A small in-memory Sheet for unit tests of src/workspace: a grid with a size, counted getValues/setValues, and the shape errors of the real one.

export class FakeSheet {
  grid: unknown[][];
  maxRows: number;
  maxColumns: number;
  formats = new Map<string, string>();
  calls: string[] = [];
  /** Cells returned by every getValues so far. */
  cellsRead = 0;

  constructor(rows: unknown[][], maxRows = 1000, maxColumns = 26) {
    this.grid = rows.map((r) => r.slice());
    this.maxRows = maxRows;
    this.maxColumns = maxColumns;
  }

  private lastRow(): number {
    for (let r = this.grid.length - 1; r >= 0; r--)
      if ((this.grid[r] ?? []).some((v) => v !== '' && v !== undefined)) return r + 1;
    return 0;
  }

  private lastColumn(): number {
    return Math.max(
      0,
      ...this.grid.map((r) => {
        for (let c = r.length - 1; c >= 0; c--) if (r[c] !== '' && r[c] !== undefined) return c + 1;
        return 0;
      }),
    );
  }

  getDataRange() {
    const rows = Math.max(this.lastRow(), 1);
    const cols = Math.max(this.lastColumn(), 1);
    return this.getRange(1, 1, rows, cols);
  }

  getLastRow() {
    this.calls.push('getLastRow');
    return this.lastRow();
  }

  getMaxRows() {
    this.calls.push('getMaxRows');
    return this.maxRows;
  }

  getLastColumn() {
    this.calls.push('getLastColumn');
    return this.lastColumn();
  }

  getMaxColumns() {
    return this.maxColumns;
  }

  insertRowsAfter(after: number, n: number) {
    this.calls.push(`insertRowsAfter(${after},${n})`);
    this.maxRows += n;
  }

  /** Appends after the last row with content, growing the grid when it is full (Sheet.appendRow). */
  appendRow(values: unknown[]) {
    this.calls.push('appendRow');
    const row = this.lastRow() + 1;
    if (row > this.maxRows) this.maxRows = row;
    if (values.length > this.maxColumns) this.maxColumns = values.length;
    while (this.grid.length < row) this.grid.push([]);
    this.grid[row - 1] = values.slice();
    return this;
  }

  getRange(row: number, col: number, numRows = 1, numCols = 1) {
    if (row + numRows - 1 > this.maxRows || col + numCols - 1 > this.maxColumns) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return {
      getNumRows: () => numRows,
      getNumColumns: () => numCols,
      getValues: () => {
        this.calls.push('getValues');
        this.cellsRead += numRows * numCols;
        const out: unknown[][] = [];
        for (let r = 0; r < numRows; r++) {
          const line: unknown[] = [];
          for (let c = 0; c < numCols; c++) line.push(this.grid[row - 1 + r]?.[col - 1 + c] ?? '');
          out.push(line);
        }
        return out;
      },
      setValues: (values: unknown[][]) => {
        this.calls.push(`setValues(${row},${col},${numRows},${numCols})`);
        if (values.length !== numRows)
          throw new Error(
            `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${numRows}.`,
          );
        values.forEach((line, r) => {
          if (line.length !== numCols)
            throw new Error(
              `The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${numCols}.`,
            );
          while (this.grid.length < row + r) this.grid.push([]);
          const target = this.grid[row - 1 + r];
          line.forEach((v, c) => {
            while (target.length < col + c) target.push('');
            target[col - 1 + c] = v;
          });
        });
      },
      setNumberFormat: (format: string) => {
        this.calls.push(`setNumberFormat(${row},${numRows})`);
        for (let r = 0; r < numRows; r++) this.formats.set(String(row + r), format);
      },
    };
  }

  /** What a person does: sort the data rows by a column. */
  sortBy(column: number): void {
    const [header, ...rows] = this.grid;
    rows.sort((a, b) => String(a[column - 1] ?? '').localeCompare(String(b[column - 1] ?? '')));
    this.grid = [header, ...rows];
  }

  /** What a person does: insert an empty row before `row`. */
  insertRowBefore(row: number): void {
    this.grid.splice(row - 1, 0, []);
  }

  deleteRow(row: number): void {
    this.grid.splice(row - 1, 1);
  }

  asSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    return this as unknown as GoogleAppsScript.Spreadsheet.Sheet;
  }
}
