// Unit tests of the Conflicts tab: one row per declared conflict, and nothing else (never a reason).
import { ConflictsTab } from '../../src/records/conflicts';
import { statusTab } from './tables';

test('a declared conflict is one row: code name, member, date', () => {
  const tab = statusTab('Conflicts');
  new ConflictsTab(tab.load).append({ codeName: 'Amber Otter', member: 'Ana', date: '2026-03-02 09:00' });
  tab.table.write();
  expect(tab.committed()).toEqual([{ 'Code Name': 'Amber Otter', Member: 'Ana', Date: '2026-03-02 09:00' }]);
});
