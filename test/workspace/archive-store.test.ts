// Unit tests of how the archive takes rows out of a registry tab: deleted in place when they are together, the tab rebuilt when they are scattered in a small tab.
import { removalPlan, removeRows, rowsInMemory } from '../../src/workspace/archive-store';
import { Workspace } from '../../workbench';

describe('removalPlan', () => {
  test('rows together at the top of a long history are deleted in place: one call per run of rows', () => {
    const plan = removalPlan(
      100_000,
      7,
      Array.from({ length: 15_000 }, (_, i) => i),
    );
    expect(plan.how).toBe('delete');
    expect(plan.ms).toBe(200);
  });

  test("a week's cases scattered among open ones in a small tab: the tab is rebuilt, its cost the cells it keeps", () => {
    const scattered = Array.from({ length: 150 }, (_, i) => i * 20);
    const plan = removalPlan(4_000, 7, scattered);
    expect(plan.how).toBe('rebuild');
    // Four writes and a flush, then every kept row and the header, 7 cells each at 0.1 ms.
    expect(plan.ms).toBeCloseTo(4 * 120 + 100 + (4_000 - 150 + 1) * 7 * 0.1);
    expect(plan.ms).toBeLessThan(150 * 200);
  });

  test('duplicate positions count once', () => {
    expect(removalPlan(10, 7, [3, 3, 4])).toEqual({ how: 'delete', ms: 200 });
  });
});

describe('removeRows deleting in place', () => {
  test('every data row of a tab with no spare row leaves: a blank plain-text row is kept under the header', () => {
    const ws = Workspace.create({ start: '2026-03-02T09:00:00Z', owner: 'conduct@example.org' });
    const left = ws.runInProcess(() => {
      const ss = SpreadsheetApp.create('registry');
      const sheet = ss.getSheets()[0].setName('Votes');
      const rows = [
        ['v_1', 'c_1'],
        ['v_2', 'c_1'],
      ];
      sheet.getRange(1, 1, 3, 2).setValues([['Vote ID', 'Case ID'], ...rows]);
      sheet.setFrozenRows(1);
      sheet.deleteRows(4, sheet.getMaxRows() - 3);
      const removed = removeRows(ss, 'Votes', ['Vote ID', 'Case ID'], rowsInMemory(rows), [0, 1], { how: 'delete' });
      return { removed, maxRows: sheet.getMaxRows(), values: sheet.getDataRange().getValues() };
    }).value!;
    expect(left.removed).toBe(2);
    expect(left.maxRows).toBe(2);
    expect(left.values).toEqual([['Vote ID', 'Case ID']]);
  });

  test('scattered rows go bottom-up, one deleteRows per run, the rows between them kept in order', () => {
    const ws = Workspace.create({ start: '2026-03-02T09:00:00Z', owner: 'conduct@example.org' });
    const { values, calls } = (() => {
      const { record, value } = ws.runInProcess(() => {
        const ss = SpreadsheetApp.create('registry');
        const sheet = ss.getSheets()[0].setName('Votes');
        const rows = ['a', 'b', 'c', 'd', 'e', 'f'].map((v) => [v]);
        sheet.getRange(1, 1, 7, 1).setValues([['Vote ID'], ...rows]);
        removeRows(ss, 'Votes', ['Vote ID'], rowsInMemory(rows), [0, 2, 3, 5], { how: 'delete' });
        return sheet.getDataRange().getValues();
      });
      return { values: value, calls: record.calls['Sheet.deleteRows'] };
    })();
    expect(values).toEqual([['Vote ID'], ['b'], ['e']]);
    expect(calls).toBe(3);
  });
});
