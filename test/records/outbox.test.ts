// Unit tests of the outbox store: one key format, the key index a sweep keeps, held messages a person decides about, and what was sent.
import { caseIdOfKey } from '../../src/workspace/mailer';
import { OutboxStore, outboxKey } from '../../src/records/outbox';
import { registryTab } from './tables';

function message(key: string, state: string, more: Record<string, string> = {}) {
  return {
    Key: key,
    'Case ID': caseIdOfKey(key),
    Kind: key.split('|')[1].split(':')[0],
    State: state,
    Body: `body of ${key}`,
    ...more,
  };
}

test('a key is case, kind and recipient, and the case id reads back from it', () => {
  expect(outboxKey('c_1', 'vote:v_1', 'm_1')).toBe('c_1|vote:v_1|m_1');
  expect(outboxKey('-', 'onboarding:2026-03-02T09:00:00.000Z', 'm_1')).toBe(
    '-|onboarding:2026-03-02T09:00:00.000Z|m_1',
  );
  expect(caseIdOfKey(outboxKey('c_1', 'letter', 'reported-person'))).toBe('c_1');
});

test("the key index knows the tab's keys and their current state, and what the flow added", () => {
  const tab = registryTab('Outbox', [message('c_1|ack|reporter', 'pending')]);
  const outbox = new OutboxStore(tab.load);
  const keys = outbox.keyIndex();
  expect(keys.has('c_1|ack|reporter')).toBe(true);
  expect(keys.state('c_1|ack|reporter')).toBe('pending');
  tab.table.update(0, { State: 'sent' });
  expect(keys.state('c_1|ack|reporter')).toBe('sent');
  expect(keys.state('c_1|status:0|reporter')).toBeUndefined();
  tab.table.append(message('c_1|status:0|reporter', 'pending'));
  expect(keys.state('c_1|status:0|reporter')).toBe('pending');
  keys.add('c_1|reminder:ack|m_1');
  expect(keys.has('c_1|reminder:ack|m_1')).toBe(true);
  expect([...outbox.keys()]).toEqual(['c_1|ack|reporter', 'c_1|status:0|reporter']);
});

test('held messages are listed per case and decided once: sent, or back to pending', () => {
  const tab = registryTab('Outbox', [
    message('c_1|letter|reported-person', 'held'),
    message('c_1|recommendation:v_1|d_1', 'held'),
    message('c_2|letter|reported-person', 'held'),
    message('c_1|ack|reporter', 'sent'),
  ]);
  const outbox = new OutboxStore(tab.load);
  expect(outbox.held('c_1').map((m) => m.kind)).toEqual(['letter', 'recommendation']);
  expect(outbox.heldByKey('c_1', 'c_2|letter|reported-person')).toBeNull();
  expect(outbox.heldByKey('c_1', 'c_1|ack|reporter')).toBeNull();
  const letter = outbox.heldByKey('c_1', 'c_1|letter|reported-person')!;
  outbox.decideHeld(letter, false, 'm_1', 'now');
  outbox.decideHeld(outbox.heldByKey('c_1', 'c_1|recommendation:v_1|d_1')!, true, 'm_1', 'now');
  expect(outbox.held('c_1')).toEqual([]);
  tab.table.write();
  expect(tab.committed()[0]).toMatchObject({
    State: 'sent',
    'Updated At': 'now',
    Error: 'marked as sent by member m_1',
  });
  expect(tab.committed()[1]).toMatchObject({ State: 'pending', Error: '' });
});

test('what was sent to a recipient is found by case, kind and recipient', () => {
  const tab = registryTab('Outbox', [
    message('c_1|recommendation:v_1|d_1', 'sent'),
    message('c_1|recommendation:v_2|d_2', 'sent'),
  ]);
  const outbox = new OutboxStore(tab.load);
  expect(outbox.sentBody('c_1', 'recommendation', 'd_2')).toBe('body of c_1|recommendation:v_2|d_2');
  expect(outbox.sentBody('c_1', 'recommendation', 'd_3')).toBeNull();
  expect(outbox.sentBody('c_2', 'recommendation', 'd_1')).toBeNull();
});
