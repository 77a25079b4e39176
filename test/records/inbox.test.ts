// Unit tests of the inbox store: one row per message read from the committee inbox, found by message or thread, its state and the thread's history id updated in place.
import { InboxStore } from '../../src/records/inbox';
import { registryTab } from './tables';

const MESSAGE = {
  messageId: 'm1',
  threadId: 't1',
  historyId: '100',
  caseId: '',
  from: 'nia@example.net',
  receivedAt: '2026-03-02T09:00:00.000Z',
  section: '',
};

test('messages are found by id and by thread; unknown ones are null', () => {
  const inbox = new InboxStore(registryTab('Inbox').load);
  inbox.add({ ...MESSAGE, state: 'waiting' }, 'now');
  inbox.add({ ...MESSAGE, messageId: 'm2', state: 'own' }, 'now');
  inbox.add({ ...MESSAGE, messageId: 'm3', threadId: 't2', state: 'filed', caseId: 'c_1', section: 'Log' }, 'now');
  expect(inbox.byMessage('m1')).toMatchObject({ threadId: 't1', state: 'waiting', from: 'nia@example.net' });
  expect(inbox.byMessage('m9')).toBeNull();
  expect(inbox.forThread('t1').map((r) => [r.messageId, r.state])).toEqual([
    ['m1', 'waiting'],
    ['m2', 'own'],
  ]);
  expect(inbox.forThread('t2')[0]).toMatchObject({ caseId: 'c_1', section: 'Log' });
});

test('an update changes only what it names, on the row and on the record in hand', () => {
  const tab = registryTab('Inbox');
  const inbox = new InboxStore(tab.load);
  inbox.add({ ...MESSAGE, state: 'waiting' }, 'then');
  const row = inbox.byMessage('m1')!;
  inbox.update(row, { historyId: '120' }, 'later');
  expect(inbox.byMessage('m1')).toMatchObject({ state: 'waiting', historyId: '120', caseId: '' });
  inbox.update(row, { state: 'case', caseId: 'c_7' }, 'last');
  expect(row).toMatchObject({ state: 'case', caseId: 'c_7', historyId: '120' });
  expect(inbox.byMessage('m1')).toMatchObject({ state: 'case', caseId: 'c_7', historyId: '120' });
});
