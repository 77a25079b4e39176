// Unit tests of the clearance store: append-only events per (case, member), the latest deciding, parsed per case on demand and shared by every caller.
import { Clearances, isCleared, type ClearanceRecord } from '../../src/records/clearances';
import { Table } from '../../src/workspace/table';
import { FakeSheet } from '../workspace/fake-sheet';
import { registryTab } from './tables';

/** A record's fields by name: a record read by columns keeps `at`, `via` and `note` on its class, out of a spread. */
function plain(r: ClearanceRecord): ClearanceRecord {
  const { ref, caseId, memberId, decision, at, via, share, note } = r;
  return { ref, caseId, memberId, decision, at, via, share, note };
}

function event(caseId: string, memberId: string, decision: string, share = 'silent', at = '2026-03-02T10:00:00.000Z') {
  return {
    'Case ID': caseId,
    'Member ID': memberId,
    Decision: decision,
    At: at,
    Via: 'screening',
    Share: share,
    Note: '',
  };
}

test('the latest event of a pair decides; silence is no decision; a row with an unknown decision is ignored', () => {
  const tab = registryTab('Clearances', [
    event('c_1', 'm_1', 'no-conflict'),
    event('c_1', 'm_2', 'no-conflict'),
    event('c_1', 'm_1', 'conflict', 'revoked'),
    event('c_1', 'm_2', 'maybe'),
    event('c_2', 'm_1', 'no-conflict', 'pending'),
  ]);
  const clearances = new Clearances(tab.table);
  expect(clearances.latest('c_1', 'm_1')?.decision).toBe('conflict');
  expect(isCleared(clearances.latest('c_1', 'm_2'))).toBe(true);
  expect(clearances.latest('c_1', 'm_3')).toBeNull();
  expect(isCleared(null)).toBe(false);
  expect(clearances.forCase('c_1').map((r) => `${r.memberId}:${r.decision}`)).toEqual([
    'm_1:conflict',
    'm_2:no-conflict',
  ]);
  expect(clearances.previous(clearances.latest('c_1', 'm_1')!)?.decision).toBe('no-conflict');
  expect(clearances.latestWithShare('pending').map((r) => r.caseId)).toEqual(['c_2']);
  expect(clearances.all()).toHaveLength(3);
});

test('an appended event becomes the latest, and setShare changes the one record every caller holds', () => {
  const tab = registryTab('Clearances', [event('c_1', 'm_1', 'conflict', 'none')]);
  const clearances = new Clearances(tab.table);
  const record = clearances.append({
    caseId: 'c_1',
    memberId: 'm_2',
    decision: 'no-conflict',
    at: 'now',
    via: 'onboarding',
    share: 'pending',
    note: '',
  });
  expect(clearances.latest('c_1', 'm_2')).toBe(record);
  expect(clearances.latestWithShare('pending')).toEqual([record]);
  clearances.setShare(record, 'fallback', 'notified');
  expect(clearances.latest('c_1', 'm_2')).toMatchObject({ share: 'fallback', note: 'notified' });
  expect(clearances.latestWithShare('pending')).toEqual([]);
  tab.table.write();
  expect(tab.committed()[1]).toEqual({
    'Case ID': 'c_1',
    'Member ID': 'm_2',
    Decision: 'no-conflict',
    At: 'now',
    Via: 'onboarding',
    Share: 'fallback',
    Note: 'notified',
  });
});

describe('read narrow (Case ID), as the registry reads the tab', () => {
  const HEADERS = ['Case ID', 'Member ID', 'Decision', 'At', 'Via', 'Share', 'Note'] as const;

  /** The tab holding `rows`, loaded as the registry loads it: read narrow by `Case ID`. */
  function loadNarrow(rows: unknown[][]) {
    const sheet = new FakeSheet([[...HEADERS], ...rows], rows.length + 1, HEADERS.length);
    const table = Table.load(sheet.asSheet(), {
      name: 'registry/Clearances',
      headers: HEADERS,
      plainText: true,
      key: 'Case ID',
      narrow: ['Case ID'],
    });
    return { sheet, table, clearances: new Clearances(table) };
  }

  /** 3,000 events of 500 cases, each case's rows spread over the whole tab. */
  function narrowTab() {
    return loadNarrow(
      Array.from({ length: 3000 }, (_, i) => HEADERS.map((h) => event(`c_${i % 500}`, `m_${i % 7}`, 'no-conflict')[h])),
    );
  }
  const reads = (sheet: FakeSheet) => sheet.calls.filter((c) => c === 'getValues').length;

  test("one case reads the Case ID column and that case's rows; many cases read every row once, never a read per case", () => {
    const one = narrowTab();
    expect(
      one.clearances
        .forCase('c_3')
        .map((r) => r.memberId)
        .sort(),
    ).toEqual(['m_1', 'm_2', 'm_3', 'm_4', 'm_5', 'm_6']);
    // The header, the column, the case's 6 rows (500 rows apart: a read each), nothing else.
    expect(one.sheet.cellsRead).toBe(7 + 3000 + 6 * 7);

    const many = narrowTab();
    for (let c = 0; c < 100; c++) expect(many.clearances.forCase(`c_${c}`)).toHaveLength(6);
    // The first case's rows, then who decided what and the shares, by column (Case ID to Decision, Share).
    expect(reads(many.sheet)).toBeLessThanOrEqual(2 + 6 + 2);
    expect(many.sheet.cellsRead).toBeLessThanOrEqual(7 + 3000 + 6 * 7 + 3000 * 4);
    expect(many.clearances.all()).toHaveLength(3000);
    // The rest of every row once (At and Via, Note, with Case ID to check the rows did not move).
    expect(reads(many.sheet)).toBeLessThanOrEqual(2 + 6 + 2 + 3);
  });

  test('a pass over many cases reads the dates, vias and notes once, when one is first asked for, as they are', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      HEADERS.map(
        (h) =>
          ({
            ...event(`c_${i % 500}`, `m_${i % 7}`, i % 2 ? 'no-conflict' : 'conflict', i % 3 ? 'silent' : 'none'),
            At: `2026-03-02T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
            Note: `note ${i}`,
          })[h],
      ),
    );
    const load = () => loadNarrow(rows);
    const whole = load();
    const expected = whole.clearances.all().map(plain);
    const lazy = load();
    for (let c = 0; c < 500; c++) lazy.clearances.forCase(`c_${c}`);
    const before = reads(lazy.sheet);
    const record = lazy.clearances.latest('c_7', 'm_0') as NonNullable<ReturnType<Clearances['latest']>>;
    expect(record.share).toBe(expected.find((r) => r.ref === record.ref)?.share);
    expect(reads(lazy.sheet)).toBe(before);
    expect(record.note).toBe(`note ${record.ref}`);
    expect(reads(lazy.sheet)).toBe(before + 3);
    expect(lazy.clearances.all().map(plain)).toEqual(expected);
    expect(reads(lazy.sheet)).toBe(before + 3);
    // setShare on a record read by columns: the record every caller holds, and the row written whole.
    lazy.clearances.setShare(record, 'revoked', 'gone');
    expect(lazy.clearances.latest('c_7', 'm_0')).toMatchObject({ share: 'revoked', note: 'gone', at: record.at });
    lazy.table.write();
    expect(lazy.sheet.grid[record.ref + 1]).toEqual([
      'c_7',
      'm_0',
      rows[record.ref][2],
      rows[record.ref][3],
      'screening',
      'revoked',
      'gone',
    ]);
  });
});
