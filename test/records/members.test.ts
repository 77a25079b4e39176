// Unit tests of the member store: registry `Members` rows read as written, and only changed cells written back.
import { MemberStore } from '../../src/records/members';
import { registryTab } from './tables';

function setup() {
  const tab = registryTab('Members', [
    {
      'Member ID': 'm_1',
      Email: ' Ana@Example.org ',
      Name: 'Ana',
      Role: 'voting',
      Active: 'true',
      'Sheet Access': 'editor',
      'Updated At': 'then',
    },
    {
      'Member ID': 'm_2',
      Email: 'bo@example.org',
      Name: 'Bo',
      Role: 'adviser',
      Active: 'FALSE',
      'Sheet Access': 'none',
      'Updated At': 'then',
    },
  ]);
  return { tab, members: new MemberStore(tab.load) };
}

test('rows read as written, the address normalised and Active as a checkbox', () => {
  const { members } = setup();
  expect(members.all()).toEqual([
    { ref: 0, id: 'm_1', email: 'ana@example.org', name: 'Ana', role: 'voting', active: true, sheetAccess: 'editor' },
    { ref: 1, id: 'm_2', email: 'bo@example.org', name: 'Bo', role: 'adviser', active: false, sheetAccess: 'none' },
  ]);
});

test('refresh writes only what the Committee tab changed, and says whether it did', () => {
  const { members, tab } = setup();
  expect(members.refresh(0, { name: 'Ana', role: 'voting' }, 'now')).toBe(false);
  expect(tab.table.isDirty()).toBe(false);
  expect(members.refresh(1, { name: 'Bo Chen', role: 'adviser' }, 'now')).toBe(true);
  tab.table.write();
  expect(tab.committed()[1]).toMatchObject({ Name: 'Bo Chen', Role: 'adviser', Active: 'TRUE', 'Updated At': 'now' });
});

test('sheet access, onboarding and leaving are stamped with their time', () => {
  const { members, tab } = setup();
  members.setSheetAccess(1, 'editor', 't1');
  members.markOnboarded(1, 't2');
  members.deactivate(0, 'none', 't3');
  tab.table.write();
  expect(tab.committed()[0]).toMatchObject({ Active: 'FALSE', 'Sheet Access': 'none', 'Updated At': 't3' });
  expect(tab.committed()[1]).toMatchObject({ 'Sheet Access': 'editor', 'Onboarded At': 't2', 'Updated At': 't2' });
});
