// Unit tests of Table: header-located columns, in-memory changes, the fewest writes, relocation by key after people rearrange rows, and safe cell values.
import fc from 'fast-check';
import { cellText, Table } from '../../src/workspace/table';
import { FakeSheet } from './fake-sheet';

const CASES = [
  'Safety risk?',
  'Risk of repeating?',
  'Status',
  'Code Name',
  'Date & Time',
  'Actions needed',
  'Resolution',
];

function statusSheet(codes: string[]): FakeSheet {
  return new FakeSheet([CASES, ...codes.map((c) => ['Unknown', 'Unknown', 'New', c, '2026-03-02 09:00', 'x', ''])]);
}

function statusTable(sheet: FakeSheet, options: { deferRows?: boolean } = {}): Table {
  return Table.load(sheet.asSheet(), {
    name: 'status/Cases',
    headers: CASES,
    plainText: false,
    key: 'Code Name',
    relocate: true,
    ...options,
  });
}

describe('reading', () => {
  test('columns are found by header, whatever their order or case', () => {
    const sheet = new FakeSheet([
      ['Email', ' NAME ', 'Extra'],
      ['a@x.org', 'Ann', 'z'],
    ]);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['Name', 'Email', 'Role'], plainText: true });
    expect(table.get(0)).toEqual({ Name: 'Ann', Email: 'a@x.org', Role: '' });
    expect(table.missingHeaders()).toEqual(['Role']);
    expect(() => table.update(0, { Role: 'voting' })).toThrow(/has no "Role" column/);
    // A header outside the table's list is a compile error; an untyped caller still gets a clear error, not a lost write.
    // @ts-expect-error 'Nope' is not one of the headers
    expect(() => table.update(0, { Nope: 'x' })).toThrow(/not one of this table's headers/);
  });

  test('an empty sheet reads as no rows and no headers', () => {
    const table = Table.load(new FakeSheet([]).asSheet(), { name: 't', headers: ['A'], plainText: true });
    expect(table.size()).toBe(0);
    expect(table.missingHeaders()).toEqual(['A']);
    expect(() => table.append({ A: '1' })).toThrow(/the sheet has no "A" column/);
  });

  test('findBy, filterBy and column compare trimmed text, optionally without case', () => {
    const sheet = new FakeSheet([
      ['Key', 'V'],
      [' k1 ', 'a'],
      ['K1', 'b'],
      ['k2', 'c'],
    ]);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['Key', 'V'], plainText: true });
    expect(table.findBy('Key', 'k1')?.values.V).toBe('a');
    expect(table.filterBy('Key', 'k1', true).map((r) => r.values.V)).toEqual(['a', 'b']);
    expect(table.column('Key')).toEqual(['k1', 'K1', 'k2']);
  });
});

describe('cell-level reads', () => {
  test('cellText trims every white space trim() removes, whatever the script, and keeps other edge characters', () => {
    const spaces = ['\u00a0', '\u1680', '\u2003', '\u2028', '\u3000', '\ufeff', '\t', '\n'];
    for (const sp of spaces) expect([sp, cellText(`${sp}Ann${sp}`)]).toEqual([sp, 'Ann']);
    for (const text of ['Ana\u00e9', '\u00e9t\u00e9', 'x', '', '\u4e2d\u6587', 'a\u200bb', '\u0394'])
      expect(cellText(text)).toBe(text.trim());
    expect(cellText(new Date('2026-03-02T09:00:00Z'))).toBe('2026-03-02T09:00:00.000Z');
    expect(cellText(42)).toBe('42');
    expect(cellText(null)).toBe('');
  });

  test('cellText agrees with trim() on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => cellText(text) === text.trim()));
  });

  test('cell, refsWhere and firstRowByValue read what get, filterBy and findBy would', () => {
    const sheet = new FakeSheet([['Key', 'V'], [' k1 ', 'a'], ['K1', 'b'], ['k1', 'c'], ['k2']]);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['Key', 'V', 'W'], plainText: true });
    expect(table.cell(0, 'Key')).toBe(' k1 ');
    expect(table.cell(3, 'V')).toBe(table.get(3).V);
    expect(table.cell(1, 'W')).toBe('');
    expect(() => table.cell(9, 'Key')).toThrow(/no row 9/);
    for (let i = 0; i < 4; i++) {
      // The first two lookups scan, later ones use the index: both must agree.
      expect(table.refsWhere('Key', 'k1')).toEqual([0, 2]);
      expect(table.refsWhere('Key', 'K1', true)).toEqual([0, 1, 2]);
    }
    const rows = table.firstRowByValue('Key');
    expect([...rows]).toEqual([
      ['k1', 0],
      ['K1', 1],
      ['k2', 3],
    ]);
    table.append({ Key: 'k3', V: 'd' });
    expect(rows.has('k3')).toBe(false);
    // @ts-expect-error 'Nope' is not one of the headers (it reads as an empty column at run time)
    expect(table.firstRowByValue('Nope').size).toBe(0);
  });
});

describe('writing', () => {
  test('nothing changed, nothing written', () => {
    const sheet = new FakeSheet([
      ['A', 'B'],
      ['1', '2'],
    ]);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['A', 'B'], plainText: true });
    table.update(0, { A: '1' });
    expect(table.isDirty()).toBe(false);
    expect(table.write()).toMatchObject({ calls: 0 });
    expect(sheet.calls).toEqual(['getValues']);
  });

  test('changed cells of consecutive rows go out as one rectangle; appended rows as one block', () => {
    const sheet = new FakeSheet([
      ['A', 'B', 'C', 'D'],
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10', '11', '12'],
      ['13', '14', '15', '16'],
    ]);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['A', 'B', 'C', 'D'], plainText: true });
    table.update(0, { B: 'b1' });
    table.update(1, { C: 'c2' });
    table.update(3, { D: 'd4' });
    table.append({ A: 'new1' });
    table.append({ B: 'new2' });
    sheet.calls = [];
    table.write();
    expect(sheet.calls).toEqual(['getMaxRows', 'setValues(2,2,2,2)', 'setValues(5,4,1,1)', 'setValues(6,1,2,4)']);
    expect(sheet.grid.slice(1)).toEqual([
      ['1', 'b1', '3', '4'],
      ['5', '6', 'c2', '8'],
      ['9', '10', '11', '12'],
      ['13', '14', '15', 'd4'],
      ['new1', '', '', ''],
      ['', 'new2', '', ''],
    ]);
    // A second write has nothing left to do.
    sheet.calls = [];
    table.write();
    expect(sheet.calls).toEqual([]);
  });

  test('registry tables store strings: booleans, numbers and dates as text, cells cut below the 50,000 limit', () => {
    const sheet = new FakeSheet([['A', 'B', 'C', 'D']]);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['A', 'B', 'C', 'D'], plainText: true });
    table.append({ A: true, B: 42, C: new Date('2026-03-02T09:00:00Z'), D: 'x'.repeat(60000) });
    table.write();
    const [a, b, c, d] = sheet.grid[1] as string[];
    expect([a, b, c]).toEqual(['TRUE', '42', '2026-03-02T09:00:00.000Z']);
    expect(d.length).toBeLessThan(50000);
    expect(d.endsWith('…')).toBe(true);
  });

  test('status values that Sheets would parse as formulas are written with a leading apostrophe', () => {
    const sheet = statusSheet([]);
    const table = statusTable(sheet);
    table.append({ 'Code Name': 'brave otter', 'Actions needed': '=1+1', Resolution: '-' });
    table.write();
    expect(sheet.grid[1][3]).toBe('brave otter');
    expect(sheet.grid[1][5]).toBe("'=1+1");
    expect(sheet.grid[1][6]).toBe("'-");
  });

  test('appending past the grid grows it first (and keeps registry rows plain text)', () => {
    const sheet = new FakeSheet([['A'], ['1'], ['2']], 3, 5);
    const table = Table.load(sheet.asSheet(), { name: 't', headers: ['A'], plainText: true });
    table.append({ A: '3' });
    table.append({ A: '4' });
    table.write();
    expect(sheet.calls).toEqual([
      'getValues',
      'getMaxRows',
      'insertRowsAfter(3,202)',
      'setNumberFormat(4,202)',
      'setValues(4,1,2,1)',
    ]);
    expect(sheet.formats.get('4')).toBe('@');
    expect(sheet.grid.map((r) => r[0])).toEqual(['A', '1', '2', '3', '4']);
  });
});

describe('status rows are found again by code name at write time', () => {
  test('after a person sorted the rows and inserted one, the update lands on the right row', () => {
    const sheet = statusSheet(['zesty yak', 'amber owl', 'quiet fox']);
    const table = statusTable(sheet);
    const row = table.findBy('Code Name', 'zesty yak')!;
    table.update(row.ref, { Status: 'Ongoing' });
    sheet.sortBy(4);
    sheet.insertRowBefore(2);
    const result = table.write();
    expect(result.refused).toEqual([]);
    const target = sheet.grid.find((r) => r[3] === 'zesty yak')!;
    expect(target[2]).toBe('Ongoing');
    expect(sheet.grid.filter((r) => r[2] === 'Ongoing')).toHaveLength(1);
  });

  test("a person's edit of another cell in the same row is kept", () => {
    const sheet = statusSheet(['amber owl']);
    const table = statusTable(sheet);
    table.update(0, { Status: 'Ongoing' });
    sheet.grid[1][6] = 'Verbal warning';
    table.write();
    expect(sheet.grid[1]).toEqual([
      'Unknown',
      'Unknown',
      'Ongoing',
      'amber owl',
      '2026-03-02 09:00',
      'x',
      'Verbal warning',
    ]);
  });

  test.each([
    ['deleted', (s: FakeSheet) => s.deleteRow(2)],
    ['duplicated', (s: FakeSheet) => s.grid.push([...s.grid[1]])],
    [
      'renamed',
      (s: FakeSheet) => {
        s.grid[1][3] = 'other name';
      },
    ],
  ])('a row that was %s is refused, never guessed', (_what, edit) => {
    const sheet = statusSheet(['amber owl', 'quiet fox']);
    const table = statusTable(sheet);
    table.update(0, { Status: 'Resolved' });
    edit(sheet);
    const before = JSON.stringify(sheet.grid);
    const result = table.write();
    expect(result.refused).toEqual(['amber owl']);
    expect(JSON.stringify(sheet.grid)).toBe(before);
  });

  test('an append whose code name is already there is skipped (a retried intake never adds a second row)', () => {
    const sheet = statusSheet(['amber owl']);
    const table = statusTable(sheet);
    table.append({ 'Code Name': 'amber owl', Status: 'New' });
    table.append({ 'Code Name': 'quiet fox', Status: 'New' });
    const result = table.write();
    expect(result.appended).toBe(1);
    expect(sheet.grid.map((r) => r[3])).toEqual(['Code Name', 'amber owl', 'quiet fox']);
  });

  test('appends go below rows a person added after the read', () => {
    const sheet = statusSheet(['amber owl']);
    const table = statusTable(sheet);
    table.append({ 'Code Name': 'quiet fox' });
    sheet.grid.push(['', '', '', 'hand made']);
    table.write();
    expect(sheet.grid.map((r) => r[3])).toEqual(['Code Name', 'amber owl', 'hand made', 'quiet fox']);
  });

  test('an append alone is written with appendRow after a read of the header row, not of the rows', () => {
    const sheet = statusSheet(['amber owl', 'quiet fox']);
    const table = statusTable(sheet);
    const atLoad = sheet.cellsRead;
    table.append({ 'Code Name': 'zesty yak', Status: 'New', Resolution: '=HYPERLINK("x")' });
    const result = table.write();
    expect(result).toEqual({ calls: 3, written: 0, appended: 1, refused: [] });
    // The header row (its 7 cells, as wide as the content), one appendRow; no read of the rows, no grid size.
    expect(sheet.cellsRead - atLoad).toBe(7);
    expect(sheet.calls.slice(-3)).toEqual(['getLastColumn', 'getValues', 'appendRow']);
    expect(sheet.grid[3]).toEqual(['', '', 'New', 'zesty yak', '', '', '\'=HYPERLINK("x")']);
    // The appended row is found again by key when it changes later in the execution.
    table.update(table.findBy('Code Name', 'zesty yak')!.ref, { Status: 'Ongoing' });
    table.write();
    expect(sheet.grid[3][2]).toBe('Ongoing');
  });

  test('an append alone follows a column a person moved after the read; without the code name column it is refused', () => {
    const sheet = statusSheet(['amber owl']);
    const table = statusTable(sheet);
    table.append({ 'Code Name': 'zesty yak', Status: 'New' });
    // Status and Code Name swapped places.
    for (const row of sheet.grid) [row[2], row[3]] = [row[3], row[2]];
    table.write();
    expect(sheet.grid[0].slice(2, 4)).toEqual(['Code Name', 'Status']);
    expect(sheet.grid[2].slice(2, 4)).toEqual(['zesty yak', 'New']);

    // A column a person inserted first pushes ours past the width the execution read: the row still follows.
    const widened = statusSheet(['amber owl']);
    const third = statusTable(widened);
    third.append({ 'Code Name': 'quiet fox', Resolution: 'pending' });
    for (const row of widened.grid) row.unshift(row === widened.grid[0] ? 'Notes' : '');
    third.write();
    expect(widened.grid[2]).toEqual(['', '', '', '', 'quiet fox', '', '', 'pending']);

    const renamed = statusSheet(['amber owl']);
    const second = statusTable(renamed);
    second.append({ 'Code Name': 'quiet fox' });
    renamed.grid[0][3] = 'Name';
    const before = JSON.stringify(renamed.grid);
    expect(second.write().refused).toEqual(['quiet fox']);
    expect(JSON.stringify(renamed.grid)).toBe(before);
  });

  test('property: whatever people do to row order in between, each update reaches exactly its own row', () => {
    const codes = ['a b', 'c d', 'e f', 'g h', 'i j', 'k l'];
    fc.assert(
      fc.property(
        fc.subarray(codes, { minLength: 1 }),
        fc.array(
          fc.oneof(
            fc.constant({ op: 'sort' as const }),
            fc.record({ op: fc.constant('insert' as const), at: fc.integer({ min: 2, max: 8 }) }),
          ),
          { maxLength: 5 },
        ),
        (updated, edits) => {
          const sheet = statusSheet(codes);
          const table = statusTable(sheet);
          for (const code of updated)
            table.update(table.findBy('Code Name', code)!.ref, { Resolution: `done ${code}` });
          for (const e of edits) {
            if (e.op === 'sort') sheet.sortBy(4);
            else sheet.insertRowBefore(Math.min(e.at, sheet.grid.length + 1));
          }
          expect(table.write().refused).toEqual([]);
          for (const row of sheet.grid.slice(1)) {
            const code = row[3] as string | undefined;
            if (!code) continue;
            expect(row[6] ?? '').toBe(updated.includes(code) ? `done ${code}` : '');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('what the pending changes will cost to write (the time budget keeps room for it)', () => {
  test('a setValues per run of consecutive changed rows and one for the appended block, each row its full width; none once written', () => {
    const sheet = statusSheet(['a', 'b', 'c', 'd', 'e']);
    const table = statusTable(sheet);
    expect(table.pendingWrites()).toEqual({ calls: 0, cells: 0 });
    table.update(0, { Status: 'Ongoing' });
    table.update(1, { Status: 'Ongoing', Resolution: 'x' });
    table.update(3, { Status: 'Closed' });
    // Two runs of rows, and the re-read a relocating table makes before writing.
    expect(table.pendingWrites()).toEqual({ calls: 3, cells: 3 * CASES.length });
    table.append({ 'Code Name': 'f' });
    table.append({ 'Code Name': 'g' });
    expect(table.pendingWrites()).toEqual({ calls: 5, cells: 5 * CASES.length });
    // An unchanged value is no change.
    table.update(2, { Status: 'New' });
    expect(table.pendingWrites()).toEqual({ calls: 5, cells: 5 * CASES.length });
    const written = table.write();
    expect(written.calls).toBeLessThanOrEqual(5);
    expect(table.pendingWrites()).toEqual({ calls: 0, cells: 0 });
  });
});

describe('a narrow read: only some columns at load, the rest of a row when it is used', () => {
  const WIDE = [
    'Key',
    'Case',
    'To',
    'Subject',
    'Body',
    'Html',
    'Delivery',
    'State',
    'Attempts',
    'Created',
    'Updated',
    'Error',
  ];
  type Wide = (typeof WIDE)[number];
  const NARROW: Wide[] = ['Key', 'State'];
  const STATES = ['sent', 'pending', 'held', 'digest'];

  /** An outbox-like tab: a key, a state, and ten other columns. */
  function wideSheet(rows: number): FakeSheet {
    const grid: unknown[][] = [WIDE];
    for (let i = 0; i < rows; i++)
      grid.push(
        WIDE.map((h) =>
          h === 'Key' ? `k${i}` : h === 'State' ? STATES[i % 7 === 0 ? 1 + (i % 3) : 0] : `${h}${i % 5}`,
        ),
      );
    return new FakeSheet(grid, rows + 1, 26);
  }

  function load(sheet: FakeSheet, narrow: boolean): Table<Wide> {
    return Table.load(sheet.asSheet(), {
      name: 'registry/Outbox',
      headers: WIDE,
      plainText: true,
      key: 'Key',
      narrow: narrow ? NARROW : undefined,
    });
  }

  /** A narrow table whose narrow columns are read (they are read when a row that was there is first needed). */
  function loadRead(sheet: FakeSheet): Table<Wide> {
    const table = load(sheet, true);
    table.text(0, 'Key');
    return table;
  }

  test('a tab reads its header at load, the narrow columns once a row is needed, whatever its size; one with no rows is read in one call', () => {
    const big = wideSheet(3000);
    const table = load(big, true);
    expect(big.cellsRead).toBe(12);
    expect(table.size()).toBe(3000);
    // Header (12 cells), Key and State: 2 columns of 3,000 rows.
    expect(table.text(2999, 'State')).toBe('sent');
    expect(big.cellsRead).toBe(12 + 2 * 3000);
    expect(table.refsWhere('State', 'pending').length).toBeGreaterThan(0);
    expect(big.cellsRead).toBe(12 + 2 * 3000);

    const small = wideSheet(3);
    expect(load(small, true).get(2).Body).toBe('Body2');
    expect(small.cellsRead).toBe(12 + 2 * 3 + 12);
    const empty = new FakeSheet([WIDE], 1, 26);
    expect(load(empty, true).size()).toBe(0);
    expect(empty.calls.filter((c) => c === 'getValues')).toHaveLength(1);
  });

  test('a row is read whole when one of its other cells is asked for, nearby rows in the same call', () => {
    const sheet = wideSheet(3000);
    const table = loadRead(sheet);
    const before = sheet.cellsRead;
    expect(table.get(10).Body).toBe('Body0');
    expect(sheet.cellsRead - before).toBe(WIDE.length);
    // Rows 20 and 25 are near: one read spans them; row 2900 is far: a read of its own.
    table.fill([20, 25, 2900]);
    expect(sheet.cellsRead - before).toBe(WIDE.length * (1 + 6 + 1));
    expect(table.cell(25, 'To')).toBe('To0');
    expect(table.text(2900, 'Html')).toBe('Html0');
    expect(sheet.cellsRead - before).toBe(WIDE.length * 8);
  });

  test('a scan of a column left out reads that column and the key column once; a scan of whole rows reads every row', () => {
    const sheet = wideSheet(3000);
    const table = loadRead(sheet);
    const atLoad = sheet.cellsRead;
    expect(table.refsWhere('Body', 'Body3')).toHaveLength(600);
    // Body and the key, not adjacent: two reads of one column each.
    expect(sheet.cellsRead - atLoad).toBe(2 * 3000);
    expect(table.column('Body')).toHaveLength(3000);
    expect(sheet.cellsRead - atLoad).toBe(2 * 3000);
    // Adjacent to the key: one read of both.
    expect(table.firstRowByValue('Case').get('Case2')).toBe(2);
    expect(sheet.cellsRead - atLoad).toBe(4 * 3000);
    expect(table.rows()).toHaveLength(3000);
    const whole = sheet.cellsRead;
    expect(table.filterBy('To', 'To1')).toHaveLength(600);
    expect(sheet.cellsRead).toBe(whole);
  });

  test('a row changed under the execution (its key moved) fails the read instead of mixing two rows', () => {
    const sheet = wideSheet(3000);
    const table = loadRead(sheet);
    sheet.deleteRow(5);
    expect(() => table.get(10)).toThrow(/changed while this execution was reading it/);
    expect(() => table.refsWhere('Subject', 'Subject1')).toThrow(/changed while this execution was reading it/);
    expect(() => table.refsWhere('Case', 'Case1')).toThrow(/changed while this execution was reading it/);
  });

  test('rows appended and read back cost no read of the rows before them; they are written below those rows', () => {
    const sheet = wideSheet(3000);
    const table = load(sheet, true);
    const first = table.append({ Key: 'new1', State: 'pending', Body: 'hello' });
    const second = table.append({ Key: 'new2', State: 'pending' });
    expect([first, second]).toEqual([3000, 3001]);
    expect(table.addedRefs()).toEqual([3000, 3001]);
    expect(table.text(first, 'Body')).toBe('hello');
    expect(table.get(second).State).toBe('pending');
    table.fill(table.addedRefs());
    table.write();
    table.update(first, { State: 'sent' });
    table.write();
    expect(sheet.cellsRead).toBe(12);
    expect(sheet.grid[3001][0]).toBe('new1');
    expect(sheet.grid[3001][WIDE.indexOf('State')]).toBe('sent');
    expect(sheet.grid[3002][0]).toBe('new2');
    // A question about the rows that were there reads them, and refs do not move.
    expect(table.refsWhere('Key', 'k5')).toEqual([5]);
    expect(table.refsWhere('Key', 'new2')).toEqual([3001]);
    expect(table.addedRefs()).toEqual([3000, 3001]);
    expect(sheet.cellsRead).toBe(12 + 2 * 3000);
    expect(table.text(3001, 'Key')).toBe('new2');
  });

  test('property: whatever a flow does, a narrow table answers and writes exactly as a whole one', () => {
    const ref = fc.integer({ min: 0, max: 2999 });
    const header = fc.constantFrom(...WIDE);
    const value = fc.constantFrom('sent', 'pending', 'held', 'To1', 'Body2', 'k7', 'k2999', 'new');
    const op = fc.oneof(
      fc.record({ op: fc.constant('get' as const), ref }),
      fc.record({ op: fc.constant('text' as const), ref, header }),
      fc.record({ op: fc.constant('refsWhere' as const), header, value }),
      fc.record({ op: fc.constant('filterBy' as const), header, value }),
      fc.record({ op: fc.constant('firstRowByValue' as const), header }),
      fc.record({ op: fc.constant('rowsAt' as const), refs: fc.array(ref, { maxLength: 4 }) }),
      fc.record({ op: fc.constant('fill' as const), refs: fc.array(ref, { maxLength: 4 }) }),
      fc.record({
        op: fc.constant('update' as const),
        ref,
        patch: fc.dictionary(
          header.filter((h) => h !== 'Key'),
          value,
          { maxKeys: 3 },
        ),
      }),
      fc.record({ op: fc.constant('append' as const), value }),
      fc.record({ op: fc.constant('added' as const) }),
      fc.record({ op: fc.constant('write' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const wholeSheet = wideSheet(3000);
        const narrowSheet = wideSheet(3000);
        const whole = load(wholeSheet, false);
        const narrow = load(narrowSheet, true);
        let appended = 0;
        for (const o of ops) {
          const both = <T>(f: (t: Table<Wide>) => T): void => expect(f(narrow)).toEqual(f(whole));
          if (o.op === 'get') both((t) => t.get(o.ref));
          else if (o.op === 'text') both((t) => t.text(o.ref, o.header));
          else if (o.op === 'refsWhere') both((t) => t.refsWhere(o.header, o.value));
          else if (o.op === 'filterBy') both((t) => t.filterBy(o.header, o.value));
          else if (o.op === 'firstRowByValue') both((t) => [...t.firstRowByValue(o.header)]);
          else if (o.op === 'rowsAt') both((t) => t.rowsAt(o.refs));
          else if (o.op === 'fill') both((t) => t.fill(o.refs));
          else if (o.op === 'update') both((t) => t.update(o.ref, o.patch));
          else if (o.op === 'append') both((t) => t.append({ Key: `new${appended}`, State: o.value }));
          else if (o.op === 'added') both((t) => t.addedRefs().map((r) => t.get(r)));
          else both((t) => t.write().written);
          if (o.op === 'append') appended++;
        }
        whole.write();
        narrow.write();
        expect(narrowSheet.grid).toEqual(wholeSheet.grid);
      }),
      { numRuns: 60 },
    );
  });
});

describe('fillColumns: the columns a pass over every row needs, in bulk', () => {
  const HEADERS = ['Id', 'Code', 'A', 'B', 'C', 'D', 'E'];
  type H = (typeof HEADERS)[number];

  function sheetOf(rows: number): FakeSheet {
    const grid: unknown[][] = [HEADERS];
    for (let i = 0; i < rows; i++) grid.push(HEADERS.map((h) => (h === 'Id' ? `id${i}` : `${h}${i}`)));
    return new FakeSheet(grid, rows + 1, 26);
  }

  function narrowTable(sheet: FakeSheet, narrow: H[] = ['Id', 'Code']): Table<H> {
    const table = Table.load(sheet.asSheet(), {
      name: 'registry/Archived Cases',
      headers: HEADERS,
      plainText: true,
      key: 'Id',
      narrow,
    });
    table.text(0, 'Id');
    return table;
  }

  test('a read per run of columns (the key with the run it adjoins), then every cell of them without a call', () => {
    const sheet = sheetOf(1000);
    const table = narrowTable(sheet);
    const calls = sheet.calls.length;
    const cells = sheet.cellsRead;
    // B and C adjoin each other, E stands alone; the key (Id) adjoins neither: a read of its own to check it.
    table.fillColumns(['C', 'B', 'E', 'Code']);
    expect(sheet.calls.length - calls).toBe(3);
    expect(sheet.cellsRead - cells).toBe(1000 * 4);
    for (let ref = 0; ref < 1000; ref++) expect(table.cell(ref, 'C')).toBe(`C${ref}`);
    expect(table.cell(999, 'E')).toBe('E999');
    expect(sheet.calls.length - calls).toBe(3);
    // Columns read already are not read again; A (next to Code, not to the key): A, then the key.
    table.fillColumns(['B', 'A']);
    expect(sheet.calls.length - calls).toBe(5);
    expect(sheet.cellsRead - cells).toBe(1000 * 4 + 1000 * 2);
    // Next to the key: one read of both.
    const other = sheetOf(100);
    const next = narrowTable(other, ['Id', 'E']);
    const before = other.calls.length;
    next.fillColumns(['Code']);
    expect(other.calls.length - before).toBe(1);
    expect(next.column('Code')[99]).toBe('Code99');
    expect(table.get(7)).toEqual(Object.fromEntries(HEADERS.map((h) => [h, h === 'Id' ? 'id7' : `${h}7`])));
  });

  test('a tab changed under the execution fails it; a table read whole reads nothing', () => {
    const sheet = sheetOf(50);
    const table = narrowTable(sheet);
    sheet.deleteRow(10);
    expect(() => table.fillColumns(['E'])).toThrow(/changed while this execution was reading it/);
    const whole = sheetOf(50);
    const read = Table.load(whole.asSheet(), { name: 't', headers: HEADERS, plainText: true, key: 'Id' });
    const calls = whole.calls.length;
    read.fillColumns(['E']);
    expect(whole.calls.length).toBe(calls);
  });
});

describe('narrowIfCheaper: narrow only when it costs less than the whole tab', () => {
  const HEADERS = ['Id', 'Code', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'Flags'];
  type H = (typeof HEADERS)[number];

  function sheetOf(rows: number): FakeSheet {
    const grid: unknown[][] = [HEADERS];
    for (let i = 0; i < rows; i++) grid.push(HEADERS.map((h) => `${h}${i}`));
    return new FakeSheet(grid, rows + 1, 26);
  }

  const load = (sheet: FakeSheet) =>
    Table.load<H>(sheet.asSheet(), {
      name: 'registry/Cases',
      headers: HEADERS,
      plainText: true,
      key: 'Id',
      narrow: ['Id', 'Code', 'Flags'],
      narrowIfCheaper: true,
    });

  test('a small tab is read whole in one call; a big one its header, then a read per run of the narrow columns', () => {
    const small = sheetOf(20);
    const few = load(small);
    expect(few.text(3, 'Flags')).toBe('Flags3');
    expect(small.calls.filter((c) => c === 'getValues')).toHaveLength(1);
    expect(small.cellsRead).toBe(21 * 10);

    const big = sheetOf(3000);
    const many = load(big);
    expect(many.text(2999, 'Flags')).toBe('Flags2999');
    expect(big.cellsRead).toBe(10 + 3000 * 3);
    // Answers as a whole read gives them: a row asked for whole is read then.
    expect(many.get(5)).toEqual(Object.fromEntries(HEADERS.map((h) => [h, `${h}5`])));
    expect(many.column('A')).toEqual(Array.from({ length: 3000 }, (_, i) => `A${i}`));
  });
});

describe('deferRows: a relocating tab looked up by key and appended to', () => {
  const deferred = (sheet: FakeSheet): Table => statusTable(sheet, { deferRows: true });
  const codes = (n: number) => Array.from({ length: n }, (_, i) => `code ${i}`);
  /** A status sheet with room for its rows and a few more. */
  const sheetOf = (n: number) => {
    const sheet = statusSheet(codes(n));
    sheet.maxRows = n + 10;
    return sheet;
  };

  test('a big tab: the header and the code names at load; keys and an append read no row, and go below rows added since', () => {
    const sheet = sheetOf(2000);
    const table = deferred(sheet);
    expect(sheet.cellsRead).toBe(CASES.length + 2000);
    expect(table.keys()).toEqual(statusTable(sheetOf(2000)).column('Code Name'));
    table.append({ 'Code Name': 'zesty yak', Status: 'New' });
    expect(table.keys().slice(-2)).toEqual(['code 1999', 'zesty yak']);
    sheet.grid.push(['', '', '', 'hand made']);
    expect(table.write()).toEqual({ calls: 3, written: 0, appended: 1, refused: [] });
    expect(sheet.cellsRead).toBe(2 * CASES.length + 2000);
    expect(sheet.grid.slice(-2).map((r) => r[3])).toEqual(['hand made', 'zesty yak']);
    // A code name the load read is not appended a second time.
    table.append({ 'Code Name': 'code 7' });
    expect(table.write().appended).toBe(0);
  });

  test('the rows, when something needs one, are read whole as the tab is then: an update after a sort lands on its row', () => {
    const sheet = sheetOf(2000);
    const table = deferred(sheet);
    table.append({ 'Code Name': 'zesty yak' });
    table.write();
    sheet.sortBy(4);
    sheet.insertRowBefore(2);
    const row = table.findBy('Code Name', 'code 5')!;
    expect(row.values['Code Name']).toBe('code 5');
    expect(table.findBy('Code Name', 'zesty yak')).toBeDefined();
    expect(table.size()).toBe(2002);
    table.update(row.ref, { Status: 'Ongoing' });
    sheet.sortBy(4);
    expect(table.write().refused).toEqual([]);
    expect(sheet.grid.filter((r) => r[2] === 'Ongoing').map((r) => r[3])).toEqual(['code 5']);
  });

  test('rows appended and not written yet before the rows are needed: refused, not moved', () => {
    const table = deferred(sheetOf(2000));
    table.append({ 'Code Name': 'zesty yak' });
    expect(() => table.findBy('Code Name', 'code 5')).toThrow(/appended before the tab's rows were read/);
  });

  test('a small tab is read whole at load, as without deferRows', () => {
    const sheet = sheetOf(30);
    const table = deferred(sheet);
    expect(sheet.calls).toEqual(['getValues']);
    expect(table.keys()).toEqual(codes(30));
    expect(table.findBy('Code Name', 'code 3')?.ref).toBe(3);
  });
});
