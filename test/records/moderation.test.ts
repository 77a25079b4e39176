// Unit tests of the moderation store: one row per moderator per round, found by case or by id, with the answer and the reminder recorded on it.
import { ModerationStore } from '../../src/records/moderation';
import { registryTab } from './tables';

test('moderators are added per round and found by case (every round) or by id', () => {
  const tab = registryTab('Moderation');
  const moderation = new ModerationStore(tab.load);
  moderation.add({ caseId: 'c_1', id: 'd_1', email: 'Mods@Example.org', space: 'Discourse', sentAt: 'then' });
  moderation.add({ caseId: 'c_1', id: 'd_2', email: 'other@example.org', space: 'Discourse', sentAt: 'later' });
  moderation.add({ caseId: 'c_2', id: 'd_3', email: 'mods@example.org', space: 'Chat', sentAt: 'later' });
  expect(moderation.forCase('c_1').map((m) => m.id)).toEqual(['d_1', 'd_2']);
  expect(moderation.byId('d_1')).toMatchObject({
    caseId: 'c_1',
    email: 'mods@example.org',
    space: 'Discourse',
    answer: '',
    remindedAt: '',
  });
  expect(moderation.byId('d_9')).toBeNull();
});

test('an answer and a reminder are written to the row and to the record in hand', () => {
  const tab = registryTab('Moderation', [
    { 'Case ID': 'c_1', 'Moderator ID': 'd_1', Moderator: 'mods@example.org', Answer: 'maybe' },
  ]);
  const moderation = new ModerationStore(tab.load);
  const moderator = moderation.byId('d_1')!;
  expect(moderator.answer).toBe('');
  moderation.recordAnswer(moderator, 'disagree', '  Too harsh.  ', 'now');
  moderation.markReminded(moderator, 'earlier');
  expect(moderator).toMatchObject({
    answer: 'disagree',
    details: '  Too harsh.  ',
    answeredAt: 'now',
    remindedAt: 'earlier',
  });
  expect(moderation.byId('d_1')).toEqual(moderator);
  tab.table.write();
  expect(tab.committed()[0]).toMatchObject({
    Answer: 'disagree',
    Details: '  Too harsh.  ',
    'Answered At': 'now',
    'Reminded At': 'earlier',
  });
});
