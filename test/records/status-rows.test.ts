// Unit tests of the status-row store: rows found by code name (any case), the tracked cells, a new row's fixed cells, and a tab whose key header a member renamed.
import { StatusRows } from '../../src/records/status-rows';
import { statusTab } from './tables';

function setup() {
  const tab = statusTab(
    'Cases',
    [
      { Status: 'New', 'Code Name': 'Amber Otter', 'Actions needed': 'Members to declare conflicts' },
      { Status: 'Resolved', 'Code Name': 'Brisk Heron', Resolution: 'Done' },
    ],
    'Code Name',
  );
  return { tab, rows: new StatusRows(tab.load) };
}

test('rows are found by code name whatever its case; statuses by lower-cased code name', () => {
  const { rows } = setup();
  expect(rows.hasKeyColumn()).toBe(true);
  expect(rows.find('amber otter')).toBe(0);
  expect(rows.find('Calm Lynx')).toBeNull();
  expect(rows.codeNames()).toEqual(['Amber Otter', 'Brisk Heron']);
  expect([...rows.statusByCodeName()]).toEqual([
    ['amber otter', 'New'],
    ['brisk heron', 'Resolved'],
  ]);
  expect(rows.tracked(1, 'resolution')).toBe('Done');
});

test('a code name on two rows (a copied row) has no status: the system does not guess which row is the case\u2019s', () => {
  const tab = statusTab(
    'Cases',
    [
      { Status: 'Ongoing', 'Code Name': 'Amber Otter' },
      { Status: 'Resolved', 'Code Name': 'Brisk Heron' },
      { Status: 'Closed', 'Code Name': ' amber otter ' },
    ],
    'Code Name',
  );
  expect([...new StatusRows(tab.load).statusByCodeName()]).toEqual([
    ['amber otter', null],
    ['brisk heron', 'Resolved'],
  ]);
});

test('tracked cells are written to the row the code name finds at commit, and a new row starts with unknown risks', () => {
  const { rows, tab } = setup();
  rows.writeTracked(0, { status: 'Ongoing', actions: 'Vote open' });
  rows.append({
    codeName: 'Calm Lynx',
    dateTime: '2026-03-02 09:00',
    status: 'New',
    actions: 'Members to declare conflicts',
    resolution: '',
  });
  tab.sheet.sortBy(4); // a member sorts by code name in between: rows are found again by it
  tab.table.write();
  expect(tab.committed().map((r) => [r['Code Name'], r.Status, r['Safety risk?']])).toEqual([
    ['Amber Otter', 'Ongoing', ''],
    ['Brisk Heron', 'Resolved', ''],
    ['Calm Lynx', 'New', 'Unknown'],
  ]);
  expect(tab.committed()[2]).toMatchObject({ 'Risk of repeating?': 'Unknown', 'Date & Time': '2026-03-02 09:00' });
});

test('without its Code Name header the tab says so, and the lint finds no code-name column', () => {
  const { tab, rows } = setup();
  expect(rows.grid()).toMatchObject({
    codeNameColumn: 3,
    header: expect.arrayContaining(['Code Name']),
    body: [expect.any(Array), expect.any(Array)],
  });
  tab.sheet.grid[0][3] = 'Case';
  const renamed = new StatusRows(tab.reread);
  expect(renamed.hasKeyColumn()).toBe(false);
  expect(renamed.missingHeaders()).toEqual(['Code Name']);
  expect(renamed.grid().codeNameColumn).toBe(-1);
  expect(renamed.find('Amber Otter')).toBeNull();
});
