// Conformance tests for the emulated SpreadsheetApp: each `it` pins one documented (or deliberately modelled) behaviour.

import { createTestWorld, messageOf, OWNER, type DataGlobals, type TestWorld } from './data-test-helpers';

const MEMBER = 'ana@example.org';
const OUTSIDER = 'eve@example.net';

function withSheet<T>(
  t: TestWorld,
  body: (sheet: GoogleAppsScript.Spreadsheet.Sheet, g: DataGlobals, ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => T,
): T {
  return t.run((g) => {
    const ss = g.SpreadsheetApp.create('Status');
    return body(ss.getSheets()[0], g, ss);
  });
}

function createSpreadsheet(t: TestWorld, name = 'Status'): string {
  return t.run((g) => g.SpreadsheetApp.create(name).getId());
}

describe('SpreadsheetApp.create and Spreadsheet', () => {
  it('creates a spreadsheet with a Google-looking id, its URL, its name and one sheet "Sheet1"', () => {
    const t = createTestWorld();
    const info = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      return { id: ss.getId(), url: ss.getUrl(), name: ss.getName(), sheets: ss.getSheets().map((s) => s.getName()) };
    });
    expect(info.id).toMatch(/^1[0-9A-Za-z]{43}$/);
    expect(info.url).toBe(`https://docs.google.com/spreadsheets/d/${info.id}/edit`);
    expect(info.name).toBe('Status');
    expect(info.sheets).toEqual(['Sheet1']);
  });

  it('gives the creator ownership, in their root folder, PRIVATE', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const file = t.world.file(id);
    expect(file.owner).toBe(OWNER);
    expect(file.access).toBe('PRIVATE');
    expect(file.editors).toEqual([]);
    expect(t.run((g) => g.SpreadsheetApp.openById(id).getOwner()?.getEmail())).toBe(OWNER);
  });

  it('openById throws the Drive "no item" message for an id that does not exist', () => {
    const t = createTestWorld();
    expect(() => t.run((g) => g.SpreadsheetApp.openById('1nope'))).toThrow(
      'No item with the given ID could be found, or you do not have permission to access it.',
    );
  });

  it('openById throws "You do not have permissions to access the requested document." for someone without access', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    expect(() => t.run((g) => g.SpreadsheetApp.openById(id), OUTSIDER)).toThrow(
      'You do not have permissions to access the requested document.',
    );
  });

  it('getSheetByName returns null for a missing sheet and the sheet otherwise', () => {
    const t = createTestWorld();
    const [missing, found] = withSheet(t, (_s, _g, ss) => [
      ss.getSheetByName('Nope'),
      ss.getSheetByName('Sheet1')?.getName(),
    ]);
    expect(missing).toBeNull();
    expect(found).toBe('Sheet1');
  });

  it('insertSheet adds a named tab, refuses a duplicate name, and deleteSheet removes a tab', () => {
    const t = createTestWorld();
    const result = withSheet(t, (_s, _g, ss) => {
      ss.insertSheet('Cases');
      const duplicate = messageOf(() => ss.insertSheet('Cases'));
      ss.deleteSheet(ss.getSheetByName('Sheet1')!);
      return { names: ss.getSheets().map((s) => s.getName()), duplicate };
    });
    expect(result.names).toEqual(['Cases']);
    expect(result.duplicate).toBe('A sheet with the name "Cases" already exists. Please enter another name.');
  });

  it('tab names are unique ignoring case: insertSheet and setName refuse a name that differs only in case', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s, _g, ss) => {
      ss.insertSheet('Audit');
      const inserted = messageOf(() => ss.insertSheet('audit'));
      const renamed = messageOf(() => s.setName('AUDIT'));
      // Renaming a tab to its own name in another case is not a clash with itself.
      const own = ss.getSheetByName('Audit')!.setName('AUDIT').getName();
      return { inserted, renamed, own, names: ss.getSheets().map((x) => x.getName()) };
    });
    expect(result.inserted).toBe('A sheet with the name "audit" already exists. Please enter another name.');
    expect(result.renamed).toBe('A sheet with the name "AUDIT" already exists. Please enter another name.');
    expect(result.own).toBe('AUDIT');
    expect(result.names).toEqual(['Sheet1', 'AUDIT']);
  });

  it('refuses to delete the only sheet', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s, _g, ss) => messageOf(() => ss.deleteSheet(s)))).toBe(
      "You can't remove all the sheets in a document.",
    );
  });

  it('reports and changes the spreadsheet time zone (default: the account time zone)', () => {
    const t = createTestWorld({ timeZone: 'America/Denver' });
    const zones = withSheet(t, (_s, _g, ss) => {
      const before = ss.getSpreadsheetTimeZone();
      ss.setSpreadsheetTimeZone('Europe/Berlin');
      return [before, ss.getSpreadsheetTimeZone()];
    });
    expect(zones).toEqual(['America/Denver', 'Europe/Berlin']);
  });

  it('addEditor/removeEditor change getEditors, which includes the owner; Google notifies the new editor', () => {
    const t = createTestWorld();
    const [afterAdd, afterRemove] = withSheet(t, (_s, _g, ss) => {
      ss.addEditor(MEMBER);
      const added = ss.getEditors().map((u) => u.getEmail());
      ss.removeEditor(MEMBER);
      return [added, ss.getEditors().map((u) => u.getEmail())];
    });
    expect(afterAdd).toEqual([OWNER, MEMBER]);
    expect(afterRemove).toEqual([OWNER]);
    expect(t.world.shareNotifications().map((n) => n.to)).toEqual([MEMBER]);
  });

  it('getEditors returns an empty array to a user without edit access', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.addViewer(MEMBER);
      return ss.getId();
    });
    expect(t.run((g) => g.SpreadsheetApp.openById(id).getEditors(), MEMBER)).toEqual([]);
  });

  it('a viewer can read but not write', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.getSheets()[0].getRange('A1').setValue('x');
      ss.addViewer(MEMBER);
      return ss.getId();
    });
    const range = (g: DataGlobals) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1');
    expect(t.run((g) => range(g).getValue(), MEMBER)).toBe('x');
    expect(() => t.run((g) => range(g).setValue('y'), MEMBER)).toThrow('Access denied: SpreadsheetApp.');
  });

  it('has no active spreadsheet in a standalone script', () => {
    const t = createTestWorld();
    expect(t.run((g) => g.SpreadsheetApp.getActiveSpreadsheet())).toBeNull();
  });

  it('throws with the member name when the bundle reaches an unimplemented member', () => {
    const t = createTestWorld();
    expect(() =>
      t.run((g) => (g.SpreadsheetApp as unknown as { newConditionalFormatRule(): void }).newConditionalFormatRule()),
    ).toThrow('Emulator does not implement SpreadsheetApp.newConditionalFormatRule');
  });
});

describe('Sheet geometry', () => {
  it('a new sheet has 1000 rows and 26 columns', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => [s.getMaxRows(), s.getMaxColumns()])).toEqual([1000, 26]);
  });

  it('getLastRow and getLastColumn are 0 on an empty sheet, and count only cells with content', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      const empty = [s.getLastRow(), s.getLastColumn()];
      s.getRange('A5').setBackground('#ff0000');
      const formatted = [s.getLastRow(), s.getLastColumn()];
      s.getRange('C2').setValue('x');
      return { empty, formatted, filled: [s.getLastRow(), s.getLastColumn()] };
    });
    expect(result.empty).toEqual([0, 0]);
    expect(result.formatted).toEqual([0, 0]);
    expect(result.filled).toEqual([2, 3]);
  });

  it('a formula whose value is empty still counts as content for getLastRow and getDataRange, on a formatted tab too', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      // Formatted down to the last row: every row then has cell extras, and lastRow skips them only while no formula
      // was ever written (Grid.formulaFree).
      s.getRange(1, 1, 1000, 3).setNumberFormat('@');
      s.getRange('A1').setValue('header');
      const before = s.getLastRow();
      s.getRange('B7').setFormula('=""');
      return { before, after: s.getLastRow(), value: s.getRange('B7').getValue(), rows: s.getDataRange().getNumRows() };
    });
    expect(result).toEqual({ before: 1, after: 7, value: '', rows: 7 });
  });

  it('getDataRange on an empty sheet is A1 with [[""]]', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => [s.getDataRange().getA1Notation(), s.getDataRange().getValues()])).toEqual([
      'A1',
      [['']],
    ]);
  });

  it('getDataRange spans A1 to the last row and column with content', () => {
    const t = createTestWorld();
    const notation = withSheet(t, (s) => {
      s.getRange(1, 1, 2, 3).setValues([
        ['a', 'b', 'c'],
        [1, 2, 3],
      ]);
      return s.getDataRange().getA1Notation();
    });
    expect(notation).toBe('A1:C2');
  });

  it.each([
    [[0, 1], 'The starting row of the range is too small.'],
    [[1, 0], 'The starting column of the range is too small.'],
    [[1, 1, 0, 1], 'The number of rows in the range must be at least 1.'],
    [[1, 1, 1, 0], 'The number of columns in the range must be at least 1.'],
    [[1000, 1, 2, 1], 'The coordinates of the range are outside the dimensions of the sheet.'],
    [[1, 27], 'The coordinates of the range are outside the dimensions of the sheet.'],
    [[NaN, 1], 'The coordinates or dimensions of the range are invalid.'],
  ])('getRange(%j) throws "%s"', (args, message) => {
    const t = createTestWorld();
    const sheet = (s: GoogleAppsScript.Spreadsheet.Sheet) => s as unknown as { getRange(...a: number[]): unknown };
    expect(withSheet(t, (s) => messageOf(() => sheet(s).getRange(...(args as number[]))))).toBe(message);
  });

  it('getRange with a non-number argument reports the signature mismatch', () => {
    const t = createTestWorld();
    const message = withSheet(t, (s) =>
      messageOf(() => (s as unknown as { getRange(a: unknown, b: unknown): void }).getRange(null, 1)),
    );
    expect(message).toBe(
      "The parameters (null,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
    );
  });

  it('getRange(a1) understands cells, blocks, whole columns and open-ended ranges', () => {
    const t = createTestWorld();
    const notations = withSheet(t, (s) => {
      const dims = (r: GoogleAppsScript.Spreadsheet.Range) => [
        r.getRow(),
        r.getColumn(),
        r.getNumRows(),
        r.getNumColumns(),
      ];
      return [
        dims(s.getRange('B3')),
        dims(s.getRange('A1:C2')),
        dims(s.getRange('A:B')),
        dims(s.getRange('A2:C')),
        dims(s.getRange("'Sheet1'!B2")),
      ];
    });
    expect(notations).toEqual([
      [3, 2, 1, 1],
      [1, 1, 2, 3],
      [1, 1, 1000, 2],
      [2, 1, 999, 3],
      [2, 2, 1, 1],
    ]);
  });

  it('getRange(a1) with bad notation throws "Range not found"', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => messageOf(() => s.getRange('A1:B2:C3')))).toBe('Range not found');
  });

  it('Range reports its row, column, size and A1 notation', () => {
    const t = createTestWorld();
    const r = withSheet(t, (s) => {
      const range = s.getRange(2, 3, 4, 2);
      return [
        range.getRow(),
        range.getColumn(),
        range.getNumRows(),
        range.getNumColumns(),
        range.getA1Notation(),
        range.getLastRow(),
        range.getLastColumn(),
      ];
    });
    expect(r).toEqual([2, 3, 4, 2, 'C2:D5', 5, 4]);
  });

  it('appendRow writes after the last row with content', () => {
    const t = createTestWorld();
    const values = withSheet(t, (s) => {
      s.appendRow(['Header']);
      s.getRange('B5').setNote('notes do not count as content');
      s.appendRow(['first']);
      s.appendRow(['second']);
      return s.getRange(1, 1, 4, 1).getValues();
    });
    expect(values).toEqual([['Header'], ['first'], ['second'], ['']]);
  });

  it('appendRow grows the sheet when it is full (rows and columns)', () => {
    const t = createTestWorld();
    const dims = t.run((g) => {
      const s = g.SpreadsheetApp.create('Small', 2, 2).getSheets()[0];
      s.appendRow(['a', 'b']);
      s.appendRow(['c', 'd']);
      s.appendRow(['e', 'f', 'g']);
      return [s.getMaxRows(), s.getMaxColumns(), s.getLastRow(), s.getRange(3, 3).getValue()];
    });
    expect(dims).toEqual([3, 3, 3, 'g']);
  });

  it('insertRowBefore shifts rows down and grows the sheet; deleteRow shifts them up and shrinks it', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      s.getRange(1, 1, 3, 1).setValues([['a'], ['b'], ['c']]);
      s.insertRowBefore(2);
      const inserted = { values: s.getRange(1, 1, 4, 1).getValues(), max: s.getMaxRows() };
      s.deleteRow(1);
      return { inserted, deleted: s.getRange(1, 1, 3, 1).getValues(), max: s.getMaxRows() };
    });
    expect(result.inserted).toEqual({ values: [['a'], [''], ['b'], ['c']], max: 1001 });
    expect(result.deleted).toEqual([[''], ['b'], ['c']]);
    expect(result.max).toBe(1000);
  });

  it('setFrozenRows + sort(column, ascending) sorts below the frozen header, blanks last', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      s.getRange(1, 1, 5, 2).setValues([
        ['Name', 'n'],
        ['b', 2],
        ['', 9],
        ['a', 3],
        ['c', 1],
      ]);
      s.setFrozenRows(1);
      s.sort(2, false);
      const desc = s.getRange(1, 1, 5, 2).getValues();
      s.sort(1);
      return {
        desc,
        asc: s
          .getRange(1, 1, 5, 1)
          .getValues()
          .map((r) => r[0]),
        frozen: s.getFrozenRows(),
      };
    });
    expect(result.desc).toEqual([
      ['Name', 'n'],
      ['', 9],
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    expect(result.asc).toEqual(['Name', 'a', 'b', 'c', '']);
    expect(result.frozen).toBe(1);
  });

  it('autoResizeColumns changes nothing but is counted as a call', () => {
    const t = createTestWorld();
    const { record } = t.attempt((g) => g.SpreadsheetApp.create('S').getSheets()[0].autoResizeColumns(1, 3));
    expect(record.calls['Sheet.autoResizeColumns']).toBe(1);
  });

  it('setColumnWidth is reflected by getColumnWidth (default 100)', () => {
    const t = createTestWorld();
    expect(
      withSheet(t, (s) => {
        s.setColumnWidth(2, 240);
        return [s.getColumnWidth(1), s.getColumnWidth(2)];
      }),
    ).toEqual([100, 240]);
  });

  it('hideSheet hides a tab but refuses to hide the last visible one', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s, _g, ss) => {
      const refused = messageOf(() => s.hideSheet());
      ss.insertSheet('Other');
      s.hideSheet();
      return { refused, hidden: s.isSheetHidden() };
    });
    expect(result.refused).toBe("You can't hide all the sheets in a document.");
    expect(result.hidden).toBe(true);
  });

  it('setName renames a sheet', () => {
    const t = createTestWorld();
    expect(
      withSheet(t, (s, _g, ss) => {
        s.setName('Cases');
        return ss.getSheetByName('Cases')?.getName();
      }),
    ).toBe('Cases');
  });
});

describe('Range values', () => {
  it('empty cells read back as ""', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => [s.getRange(2, 2, 2, 2).getValues(), s.getRange('Z1000').getValue()])).toEqual([
      [
        ['', ''],
        ['', ''],
      ],
      '',
    ]);
  });

  it('setValues with the wrong number of rows throws the real message', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => messageOf(() => s.getRange(1, 1, 2, 2).setValues([['a', 'b']])))).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });

  it('setValues with the wrong number of columns throws the real message', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => messageOf(() => s.getRange(1, 1, 1, 2).setValues([['a', 'b', 'c']])))).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 3 but the range has 2.',
    );
  });

  it('a ragged row triggers the column message', () => {
    const t = createTestWorld();
    expect(withSheet(t, (s) => messageOf(() => s.getRange(1, 1, 2, 2).setValues([['a', 'b'], ['c']])))).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  it('setValue on a multi-cell range fills every cell; getValue reads the top-left cell', () => {
    const t = createTestWorld();
    expect(
      withSheet(t, (s) => {
        s.getRange('A1:B2').setValue('x');
        return [s.getRange('A1:B2').getValues(), s.getRange('A1:B2').getValue()];
      }),
    ).toEqual([
      [
        ['x', 'x'],
        ['x', 'x'],
      ],
      'x',
    ]);
  });

  it('a string starting with "=" becomes a formula: getFormulas has it, getValues a computed value', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      s.getRange('A1:B1').setValues([['=1+2*3', '=VLOOKUP(1)']]);
      return {
        values: s.getRange('A1:B1').getValues(),
        formulas: s.getRange('A1:B1').getFormulas(),
        formula: s.getRange('A1').getFormula(),
      };
    });
    expect(result.values).toEqual([[7, '#NAME?']]);
    expect(result.formulas).toEqual([['=1+2*3', '=VLOOKUP(1)']]);
    expect(result.formula).toBe('=1+2*3');
  });

  it('strings starting with "+", "-" or "@" that are not plain numbers become formulas (stricter model)', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      s.getRange('A1:D1').setValues([['-Sam said hi', '+1 555 0100', '@everyone', '-5']]);
      return { formulas: s.getRange('A1:D1').getFormulas(), values: s.getRange('A1:D1').getValues() };
    });
    expect(result.formulas).toEqual([['=-Sam said hi', '=+1 555 0100', '=@everyone', '']]);
    expect(result.values[0][3]).toBe(-5);
  });

  it('in a plain-text cell (number format "@") numbers and dates stay text', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      const range = s.getRange('A1:C1');
      range.setNumberFormat('@');
      range.setValues([['TRUE', '00123', '2026-03-02']]);
      return { values: range.getValues(), formulas: range.getFormulas(), format: s.getRange('A1').getNumberFormat() };
    });
    expect(result.values).toEqual([['TRUE', '00123', '2026-03-02']]);
    expect(result.formulas).toEqual([['', '', '']]);
    expect(result.format).toBe('@');
  });

  // ❓ Undocumented: what Sheets does with text starting with = + - @ in a plain-text cell. The emulator takes the
  // strict reading (a formula, as in any cell) so that only an apostrophe-escaped write is known to be safe.
  it('in a plain-text cell a string starting with = + - @ is still a formula unless escaped with an apostrophe', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      const range = s.getRange('A1:D2');
      range.setNumberFormat('@');
      range.setValues([
        ['=1+2', '+1+2', '-2', '@x'],
        ["'=1+2", "'+1+2", "'-2", "'@x"],
      ]);
      return { values: range.getValues(), formulas: range.getFormulas() };
    });
    expect(result.formulas[0]).toEqual(['=1+2', '=+1+2', '=-2', '=@x']);
    expect(result.values[0].slice(0, 3)).toEqual([3, 3, -2]);
    expect(result.values[1]).toEqual(['=1+2', '+1+2', '-2', '@x']);
    expect(result.formulas[1]).toEqual(['', '', '', '']);
  });

  it('a leading apostrophe forces text and is not part of the value', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      s.getRange('A1:B1').setValues([["'=1+2", "'42"]]);
      s.getRange('A2:B2').setNumberFormat('@');
      s.getRange('A2:B2').setValues([["'=1+2", "''quoted"]]);
      return { values: s.getRange('A1:B2').getValues(), formulas: s.getRange('A1:B2').getFormulas() };
    });
    expect(result.values).toEqual([
      ['=1+2', '42'],
      ['=1+2', "'quoted"],
    ]);
    expect(result.formulas).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  it('numeric strings become numbers and TRUE/FALSE become booleans in ordinary cells', () => {
    const t = createTestWorld();
    expect(
      withSheet(t, (s) => {
        s.getRange('A1:E1').setValues([['42', '3.5', '1,000', 'TRUE', 'false']]);
        return s.getRange('A1:E1').getValues();
      }),
    ).toEqual([[42, 3.5, 1000, true, false]]);
  });

  it('date-like strings become Dates, read as wall time in the spreadsheet time zone', () => {
    const t = createTestWorld();
    const values = withSheet(t, (s, _g, ss) => {
      s.getRange('A1:B1').setValues([['2026-03-02 09:00', '3/2/2026']]);
      ss.setSpreadsheetTimeZone('Europe/Berlin');
      s.getRange('C1').setValue('2026-03-02 09:00');
      return s.getRange('A1:C1').getValues();
    });
    expect(values[0][0]).toEqual(new Date('2026-03-02T09:00:00Z'));
    expect(values[0][1]).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(values[0][2]).toEqual(new Date('2026-03-02T08:00:00Z'));
  });

  it('Date objects written come back as equal Dates (copies)', () => {
    const t = createTestWorld();
    const written = new Date('2026-03-04T10:30:00Z');
    const back = withSheet(t, (s) => {
      s.getRange('A1').setValue(written);
      return s.getRange('A1').getValue();
    });
    expect(back).toEqual(written);
    expect(back).not.toBe(written);
  });

  it('getDisplayValues returns strings (numbers, booleans, dates in the sheet time zone, number formats)', () => {
    const t = createTestWorld();
    const shown = withSheet(t, (s) => {
      s.getRange('A1:D1').setValues([[42, true, new Date('2026-03-02T09:05:00Z'), 0.5]]);
      s.getRange('D1').setNumberFormat('0.00');
      s.getRange('E1').setNumberFormat('yyyy-mm-dd hh:mm');
      s.getRange('E1').setValue(new Date('2026-03-02T09:05:00Z'));
      return s.getRange('A1:E1').getDisplayValues();
    });
    expect(shown).toEqual([['42', 'TRUE', '3/2/2026 9:05:00', '0.50', '2026-03-02 09:05']]);
  });

  it('a cell holds at most 50,000 characters', () => {
    const t = createTestWorld();
    const messages = withSheet(t, (s) => [
      messageOf(() => s.getRange('A1').setValue('x'.repeat(50001))),
      messageOf(() => s.getRange('A1:B1').setValues([['ok', 'y'.repeat(50001)]])),
      s.getRange('A2').setValue('z'.repeat(50000)).getValue().length,
    ]);
    expect(messages).toEqual([
      'Your input contains more than the maximum of 50000 characters in a single cell.',
      'Your input contains more than the maximum of 50000 characters in a single cell.',
      50000,
    ]);
  });

  it('a spreadsheet holds at most 10,000,000 cells', () => {
    const t = createTestWorld();
    const message = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Big', 10000, 1000);
      return messageOf(() => ss.insertSheet('More'));
    });
    expect(message).toBe(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
  });

  it('clearContent removes values and formulas but keeps formats', () => {
    const t = createTestWorld();
    const result = withSheet(t, (s) => {
      const r = s.getRange('A1:B1');
      r.setNumberFormat('@').setBackground('#eeeeee');
      r.setValues([['a', 'b']]);
      s.getRange('C1').setValue('=1+1');
      s.getRange('A1:C1').clearContent();
      return {
        values: s.getRange('A1:C1').getValues(),
        formulas: s.getRange('A1:C1').getFormulas(),
        format: r.getNumberFormat(),
        bg: r.getBackground(),
      };
    });
    expect(result).toEqual({ values: [['', '', '']], formulas: [['', '', '']], format: '@', bg: '#eeeeee' });
  });

  // Its speed is the benchmark's business (npm run bench), not a timed test's: a busy machine would fail it by chance.
  it('getValues on a 10,000 × 15 sheet returns every row, as copies', () => {
    const t = createTestWorld();
    const data = Array.from({ length: 10000 }, (_, i) => Array.from({ length: 15 }, (_, j) => `r${i}c${j}`));
    const { first, last, again } = t.run((g) => {
      const s = g.SpreadsheetApp.create('Big', 10000, 15).getSheets()[0];
      s.getRange(1, 1, 10000, 15).setValues(data);
      const values = s.getDataRange().getValues();
      const lastCell = values[9999][14];
      values[0][0] = 'changed';
      return { first: values.length, last: lastCell, again: s.getRange('A1').getValue() };
    });
    expect(first).toBe(10000);
    expect(last).toBe('r9999c14');
    expect(again).toBe('r0c0');
  });
});

describe('Formats, validation, notes', () => {
  it('setNumberFormats sets per-cell formats; an unformatted cell reports "General"', () => {
    const t = createTestWorld();
    const formats = withSheet(t, (s) => {
      s.getRange('A1:B1').setNumberFormats([['@', '0.00']]);
      return [s.getRange('A1:C1').getNumberFormats(), messageOf(() => s.getRange('A1:B1').setNumberFormats([['@']]))];
    });
    expect(formats[0]).toEqual([['@', '0.00', 'General']]);
    expect(formats[1]).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  it('requireValueInList validation round-trips through getDataValidation', () => {
    const t = createTestWorld();
    const rule = withSheet(t, (s, g) => {
      const built = g.SpreadsheetApp.newDataValidation()
        .requireValueInList(['Open', 'Resolved'], true)
        .setAllowInvalid(false)
        .build();
      s.getRange('C2:C10').setDataValidation(built);
      const v = s.getRange('C5').getDataValidation()!;
      return {
        type: String(v.getCriteriaType()),
        values: v.getCriteriaValues(),
        allowInvalid: v.getAllowInvalid(),
        none: s.getRange('D5').getDataValidation(),
      };
    });
    expect(rule).toEqual({
      type: 'VALUE_IN_LIST',
      values: [['Open', 'Resolved'], true],
      allowInvalid: false,
      none: null,
    });
  });

  it('a rejecting validation stops a person typing an invalid value in the UI', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.getSheets()[0]
        .getRange('A1:A5')
        .setDataValidation(
          g.SpreadsheetApp.newDataValidation().requireValueInList(['Open', 'Closed']).setAllowInvalid(false).build(),
        );
      return ss.getId();
    });
    expect(() => t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 1, 'Maybe')).toThrow(
      'The data you entered in cell A2 violates the data validation rules set on this cell.',
    );
    expect(t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 1, 'Open').value).toBe('Open');
  });

  it('a column dragged elsewhere takes its validation along; cells copied and pasted bring their own (none)', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      const sheet = ss.getSheets()[0];
      sheet.getRange('A1:C1').setValues([['One', 'Two', 'Three']]);
      sheet
        .getRange('C2:C5')
        .setDataValidation(
          g.SpreadsheetApp.newDataValidation().requireValueInList(['Open', 'Closed']).setAllowInvalid(false).build(),
        );
      return ss.getId();
    });
    t.world.ui.moveColumn(OWNER, id, 'Sheet1', 3, 1);
    expect(t.world.ui.readSheet(OWNER, id, 'Sheet1')[0]).toEqual(['Three', 'One', 'Two']);
    expect(() => t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 1, 'Maybe')).toThrow(/violates the data validation/);
    t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 3, 'Maybe');
    expect(() => t.world.ui.pasteCells(OWNER, id, 'Sheet1', 3, 1, [['Maybe']])).toThrow(/violates/);
    t.world.ui.pasteCells(OWNER, id, 'Sheet1', 3, 1, [['Maybe']], true);
    t.world.ui.editCell(OWNER, id, 'Sheet1', 3, 1, 'Perhaps');
    expect(t.world.ui.readSheet(OWNER, id, 'Sheet1').map((r) => r[0])).toEqual(['Three', '', 'Perhaps']);
  });

  it('setBackground/setBackgrounds/getBackground (default white)', () => {
    const t = createTestWorld();
    const colors = withSheet(t, (s) => {
      s.getRange('A1').setBackground('#ff0000');
      s.getRange('B1:C1').setBackgrounds([['#00ff00', '#0000ff']]);
      return [s.getRange('A1').getBackground(), s.getRange('B1:D1').getBackgrounds()];
    });
    expect(colors).toEqual(['#ff0000', [['#00ff00', '#0000ff', '#ffffff']]]);
  });

  it('setNote/getNote (default "")', () => {
    const t = createTestWorld();
    expect(
      withSheet(t, (s) => {
        s.getRange('A1').setNote('why');
        return [s.getRange('A1').getNote(), s.getRange('A2').getNote()];
      }),
    ).toEqual(['why', '']);
  });

  it('setFontWeight/getFontWeight (default normal)', () => {
    const t = createTestWorld();
    expect(
      withSheet(t, (s) => {
        s.getRange('A1:B1').setFontWeight('bold');
        return [s.getRange('B1').getFontWeight(), s.getRange('C1').getFontWeight()];
      }),
    ).toEqual(['bold', 'normal']);
  });
});

describe('Protections', () => {
  function protectedSpreadsheet(t: TestWorld): string {
    return t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.addEditor(MEMBER);
      const p = ss.getSheets()[0].protect().setDescription('owner only');
      p.removeEditors(p.getEditors());
      return ss.getId();
    });
  }

  it('a new sheet protection lists the owner, the spreadsheet editors and its creator; removeEditors keeps owner and self', () => {
    const t = createTestWorld();
    const result = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.addEditor(MEMBER);
      const p = ss.getSheets()[0].protect();
      const before = p.getEditors().map((u) => u.getEmail());
      p.removeEditors(p.getEditors());
      return {
        before,
        after: p.getEditors().map((u) => u.getEmail()),
        description: p.setDescription('d').getDescription(),
      };
    });
    expect(result.before).toEqual([OWNER, MEMBER]);
    expect(result.after).toEqual([OWNER]);
    expect(result.description).toBe('d');
  });

  it('a protection whose editors nobody changed mirrors the spreadsheet: an editor added later edits it (Sheet.protect())', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.getSheets()[0].protect().setDescription('owner only');
      const second = ss.insertSheet('Two').protect();
      second.addEditor(OWNER);
      second.removeEditors(second.getEditors());
      ss.addEditor(MEMBER);
      return ss.getId();
    });
    t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1').setValue('x'), MEMBER);
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([['x']]);
    expect(() =>
      t.run((g) => g.SpreadsheetApp.openById(id).getSheetByName('Two')?.getRange('A1').setValue('x'), MEMBER),
    ).toThrow('You are trying to edit a protected cell or object.');
  });

  it('a spreadsheet editor who is not a protection editor cannot write to a protected sheet', () => {
    const t = createTestWorld();
    const id = protectedSpreadsheet(t);
    expect(() =>
      t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1').setValue('x'), MEMBER),
    ).toThrow(
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
    );
    expect(() => t.world.ui.editCell(MEMBER, id, 'Sheet1', 1, 1, 'x')).toThrow(
      'You are trying to edit a protected cell or object.',
    );
  });

  it('nor sort, insert or delete its rows in the UI (each moves protected cells); the owner can', () => {
    const t = createTestWorld();
    const id = protectedSpreadsheet(t);
    t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 1, 'b');
    t.world.ui.editCell(OWNER, id, 'Sheet1', 3, 1, 'a');
    const refused = 'You are trying to edit a protected cell or object.';
    expect(() => t.world.ui.sortSheet(MEMBER, id, 'Sheet1', 1, true)).toThrow(refused);
    expect(() => t.world.ui.insertRowBefore(MEMBER, id, 'Sheet1', 2)).toThrow(refused);
    expect(() => t.world.ui.deleteRow(MEMBER, id, 'Sheet1', 2)).toThrow(refused);
    t.world.ui.sortSheet(OWNER, id, 'Sheet1', 1, true);
    expect(
      t.world.ui
        .readSheet(OWNER, id, 'Sheet1')
        .slice(1, 3)
        .map((r) => r[0]),
    ).toEqual(['a', 'b']);
  });

  it('the owner always edits, and an added protection editor can too', () => {
    const t = createTestWorld();
    const id = protectedSpreadsheet(t);
    t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1').setValue('owner'));
    t.run((g) =>
      g.SpreadsheetApp.openById(id)
        .getSheets()[0]
        .getProtections(g.SpreadsheetApp.ProtectionType.SHEET)[0]
        .addEditor(MEMBER),
    );
    t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A2').setValue('member'), MEMBER);
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([['owner'], ['member']]);
  });

  it('setWarningOnly lets others edit; remove() drops the protection; canEdit tells who may edit', () => {
    const t = createTestWorld();
    const id = protectedSpreadsheet(t);
    const canEdit = t.run(
      (g) =>
        g.SpreadsheetApp.openById(id).getSheets()[0].getProtections(g.SpreadsheetApp.ProtectionType.SHEET)[0].canEdit(),
      MEMBER,
    );
    t.run((g) =>
      g.SpreadsheetApp.openById(id)
        .getSheets()[0]
        .getProtections(g.SpreadsheetApp.ProtectionType.SHEET)[0]
        .setWarningOnly(true),
    );
    t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1').setValue('warned'), MEMBER);
    const left = t.run((g) => {
      const sheet = g.SpreadsheetApp.openById(id).getSheets()[0];
      sheet.getProtections(g.SpreadsheetApp.ProtectionType.SHEET)[0].remove();
      return sheet.getProtections(g.SpreadsheetApp.ProtectionType.SHEET).length;
    });
    expect(canEdit).toBe(false);
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([['warned']]);
    expect(left).toBe(0);
  });

  it('setDomainEdit throws on a consumer account (no domain), where canDomainEdit is false; a Workspace account sets it', () => {
    const domainEdit = (t: TestWorld, id: string) =>
      t.run((g) => {
        const p = g.SpreadsheetApp.openById(id).getSheets()[0].getProtections(g.SpreadsheetApp.ProtectionType.SHEET)[0];
        return [p.canDomainEdit(), messageOf(() => p.setDomainEdit(true))];
      });
    const consumer = createTestWorld();
    expect(domainEdit(consumer, protectedSpreadsheet(consumer))).toEqual([
      false,
      'Domain protection is only supported on documents within a domain.',
    ]);
    const workspace = createTestWorld({ profile: 'workspace' });
    const id = protectedSpreadsheet(workspace);
    const set = workspace.run((g) => {
      const p = g.SpreadsheetApp.openById(id).getSheets()[0].getProtections(g.SpreadsheetApp.ProtectionType.SHEET)[0];
      return p.setDomainEdit(true).canDomainEdit();
    });
    expect(set).toBe(true);
  });

  it('a range protection blocks only the cells it covers; getProtections separates SHEET and RANGE', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.addEditor(MEMBER);
      const p = ss.getSheets()[0].getRange('A1:A5').protect();
      p.removeEditors(p.getEditors());
      return ss.getId();
    });
    const counts = t.run((g) => {
      const sheet = g.SpreadsheetApp.openById(id).getSheets()[0];
      return [
        sheet.getProtections(g.SpreadsheetApp.ProtectionType.RANGE).length,
        sheet.getProtections(g.SpreadsheetApp.ProtectionType.SHEET).length,
      ];
    });
    expect(counts).toEqual([1, 0]);
    t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getRange('B1').setValue('free'), MEMBER);
    expect(() =>
      t.run(
        (g) =>
          g.SpreadsheetApp.openById(id)
            .getSheets()[0]
            .getRange('A3:B3')
            .setValues([['x', 'y']]),
        MEMBER,
      ),
    ).toThrow('You are trying to edit a protected cell or object.');
  });
});

describe('Buffered writes', () => {
  it('an execution sees its own writes at once, but nobody else does before a flush', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const seen = t.run((g) => {
      const range = g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1');
      range.setValue('pending');
      const outside = t.world.sheet(id, 'Sheet1').rows;
      const inside = range.getValue();
      return { outside, inside };
    });
    expect(seen.outside).toEqual([]);
    expect(seen.inside).toBe('pending');
  });

  it('SpreadsheetApp.flush() commits pending writes', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const afterFlush = t.run((g) => {
      g.SpreadsheetApp.openById(id).getSheets()[0].getRange('A1').setValue('flushed');
      g.SpreadsheetApp.flush();
      return t.world.sheet(id, 'Sheet1').rows;
    });
    expect(afterFlush).toEqual([['flushed']]);
  });

  it('a read of the spreadsheet commits its pending writes', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const afterRead = t.run((g) => {
      const sheet = g.SpreadsheetApp.openById(id).getSheets()[0];
      sheet.getRange('A1').setValue('read-flushed');
      sheet.getLastRow();
      return t.world.sheet(id, 'Sheet1').rows;
    });
    expect(afterRead).toEqual([['read-flushed']]);
  });

  it('the normal end of the execution commits', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].appendRow(['committed at end']));
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([['committed at end']]);
  });

  it('a killed execution loses its unflushed writes but keeps what was flushed', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const { record } = t.attempt((g) => {
      const sheet = g.SpreadsheetApp.openById(id).getSheets()[0];
      sheet.appendRow(['kept']);
      g.SpreadsheetApp.flush();
      sheet.appendRow(['lost']);
      sheet.insertRowBefore(1);
      t.rt.kill('Exceeded maximum execution time');
    });
    expect(record.outcome).toBe('killed');
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([['kept']]);
    expect(t.run((g) => g.SpreadsheetApp.openById(id).getSheets()[0].getMaxRows())).toBe(1000);
  });

  it('a crash injected at a write kills before the write happens', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    t.rt.crashPlan = { atSideEffect: 2 };
    const { record } = t.attempt((g) => {
      const sheet = g.SpreadsheetApp.openById(id).getSheets()[0];
      sheet.getRange('A1').setValue('first');
      sheet.getRange('A2').setValue('second');
    });
    expect(record.outcome).toBe('killed');
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([]);
  });
});

describe('Accounting', () => {
  it('counts calls under class-qualified names and charges their latency', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const { record } = t.attempt((g) => {
      const ss = g.SpreadsheetApp.openById(id);
      ss.getSheets()[0].getRange('A1:B2').getValues();
      ss.getSheets()[0]
        .getRange('A1:B2')
        .setValues([
          [1, 2],
          [3, 4],
        ]);
    });
    expect(record.calls).toMatchObject({
      'SpreadsheetApp.openById': 1,
      'Spreadsheet.getSheets': 2,
      'Sheet.getRange': 2,
      'Range.getValues': 1,
      'Range.setValues': 1,
    });
    expect(record.simulatedMs).toBe(150 + 100 + 120);
    expect(record.sideEffects).toBe(1);
  });

  it('charges reads and writes per cell on top of the call when a cell model is given (the bench cost model)', () => {
    const cellLatency = { 'Range.getValues': 0.5, 'Range.setValues': 2, 'Sheet.appendRow': 3 };
    const t = createTestWorld({ cellLatency, latency: { default: 1 } });
    const id = createSpreadsheet(t);
    const { record } = t.attempt((g) => {
      const sheet = g.SpreadsheetApp.openById(id).getSheets()[0];
      sheet.getRange(1, 1, 10, 4).getValues();
      sheet.getDataRange().getValues();
      sheet.getRange(1, 1, 2, 3).setValues([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      sheet.appendRow(['a', 'b']);
    });
    // Latency per call as before (openById 150, getValues 100 twice, setValues 120, appendRow 150; every other call
    // the default of 1 ms: getSheets, getRange twice, getDataRange), plus 40 + 1 cells read (the empty sheet's data
    // range is A1), 6 cells written and 2 appended.
    expect(record.simulatedMs).toBeCloseTo(150 + 200 + 120 + 150 + 4 + (40 + 1) * 0.5 + 6 * 2 + 2 * 3);
  });

  it('records the cells each execution read, by spreadsheet and tab, with or without a cell model', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const { record } = t.attempt((g) => {
      const ss = g.SpreadsheetApp.openById(id);
      const sheet = ss.getSheets()[0];
      sheet.getRange(1, 1, 10, 4).getValues();
      sheet.getRange(1, 1, 2, 3).getDisplayValues();
      ss.insertSheet('Other').getRange(1, 1, 5, 2).getValues();
    });
    const first = Object.keys(record.cellsRead).find((k) => !k.endsWith('/Other'))!;
    expect(first.startsWith(`${id}/`)).toBe(true);
    expect(record.cellsRead).toEqual({ [first]: 46, [`${id}/Other`]: 10 });
  });

  it('charges no cell cost by default (the tests keep the flat per-call model)', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    const { record } = t.attempt((g) =>
      g.SpreadsheetApp.openById(id).getSheets()[0].getRange(1, 1, 100, 26).getValues(),
    );
    expect(record.simulatedMs).toBe(150 + 100);
  });
});

describe('Version history and Find and replace in the UI', () => {
  it('Restore this version puts back every tab\u2019s cells as they were (rows added since gone, values typed since undone)', () => {
    const t = createTestWorld();
    const id = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Status');
      ss.addEditor(MEMBER);
      ss.insertSheet('Two').getRange('A1').setValue('kept');
      ss.getSheets()[0]
        .getRange('A1:B1')
        .setValues([['Status', 'Code Name']]);
      return ss.getId();
    });
    t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 1, 'New');
    const version = t.world.ui.saveVersion(id);
    t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 1, 'Closed');
    t.world.ui.editCell(OWNER, id, 'Sheet1', 3, 2, 'late case');
    t.world.ui.editCell(OWNER, id, 'Two', 1, 1, 'changed');
    expect(() => t.world.ui.restoreVersion(OUTSIDER, id, version, 'Sheet1')).toThrow(
      'You do not have permissions to access the requested document.',
    );
    const event = t.world.ui.restoreVersion(MEMBER, id, version, 'Sheet1');
    expect(t.world.sheet(id, 'Sheet1').rows).toEqual([
      ['Status', 'Code Name'],
      ['New', ''],
    ]);
    expect(t.world.sheet(id, 'Two').rows).toEqual([['kept']]);
    expect(event).toEqual({
      spreadsheetId: id,
      sheetName: 'Sheet1',
      row: 1,
      column: 1,
      numRows: 2,
      numColumns: 2,
      user: MEMBER,
    });
  });

  it('Replace all replaces in every text cell whatever the case, spans the changed cells, and touches no protected cell', () => {
    const t = createTestWorld();
    const id = createSpreadsheet(t);
    t.world.ui.editCell(OWNER, id, 'Sheet1', 2, 3, 'Ongoing');
    t.world.ui.editCell(OWNER, id, 'Sheet1', 4, 3, 'still ongoing');
    t.world.ui.editCell(OWNER, id, 'Sheet1', 3, 1, 'Closed');
    const event = t.world.ui.replaceAll(OWNER, id, 'Sheet1', 'ongoing', 'Closed');
    expect(t.world.sheet(id, 'Sheet1').rows.map((r) => r[2])).toEqual(['', 'Closed', '', 'still Closed']);
    expect(event).toEqual({
      spreadsheetId: id,
      sheetName: 'Sheet1',
      row: 2,
      column: 3,
      numRows: 3,
      numColumns: 1,
      user: OWNER,
    });
    expect(t.world.ui.replaceAll(OWNER, id, 'Sheet1', 'nothing here', 'x')).toBeNull();
    t.run((g) => {
      const ss = g.SpreadsheetApp.openById(id);
      ss.addEditor(MEMBER);
      const p = ss.getSheets()[0].getRange('A3').protect();
      p.removeEditors(p.getEditors());
    });
    expect(() => t.world.ui.replaceAll(MEMBER, id, 'Sheet1', 'closed', 'Open')).toThrow(
      'You are trying to edit a protected cell or object.',
    );
    expect(t.world.sheet(id, 'Sheet1').rows[1][2]).toBe('Closed');
  });
});
