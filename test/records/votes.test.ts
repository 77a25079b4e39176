// Unit tests of the vote store: votes of a case oldest first, ballots kept while open, only the counts (or every ballot, when Settings say so) once closed.
import { VoteStore } from '../../src/records/votes';
import { registryTab } from './tables';

function setup() {
  const tab = registryTab('Votes', [
    { 'Vote ID': 'v_0', 'Case ID': 'c_1', Eligible: '["m_1"]', Ballots: '{"m_1":"reject"}', Outcome: 'failed' },
  ]);
  return { tab, votes: new VoteStore(tab.load) };
}

test("an opened vote is the case's latest, with its eligible voters frozen and no ballots", () => {
  const { votes } = setup();
  votes.open({
    id: 'v_1',
    caseId: 'c_1',
    openedBy: 'm_1',
    openedAt: '2026-03-02T10:00:00.000Z',
    eligible: ['m_1', 'm_2', 'm_3'],
    subject: 'response',
    round: 2,
    texts: { plan: 'Plan text', consequences: 'A warning.', letter: '' },
    closesAt: '2026-03-09T10:00:00.000Z',
  });
  expect(votes.forCase('c_1').map((v) => v.id)).toEqual(['v_0', 'v_1']);
  expect(votes.latest('c_1')).toMatchObject({
    id: 'v_1',
    openedBy: 'm_1',
    eligible: ['m_1', 'm_2', 'm_3'],
    ballots: {},
    counts: null,
    outcome: 'open',
    closedAt: '',
    subject: 'response',
    round: 2,
    texts: { plan: 'Plan text', consequences: 'A warning.', letter: '' },
    closesAt: '2026-03-09T10:00:00.000Z',
  });
  // A vote from before texts were frozen reads as a round-1 response vote that froze nothing.
  expect(votes.forCase('c_1')[0]).toMatchObject({
    subject: 'response',
    round: 1,
    texts: { plan: '', consequences: '', letter: '' },
  });
  // And it has no closing time of its own: it is counted from Settings, as before.
  expect(votes.forCase('c_1')[0].closesAt).toBe('');
  expect(votes.latest('c_2')).toBeNull();
});

test('ballots are saved as cast; closing keeps the counts, and who voted how only when asked to', () => {
  const { votes, tab } = setup();
  votes.open({
    id: 'v_1',
    caseId: 'c_1',
    openedBy: 'm_1',
    openedAt: 'then',
    eligible: ['m_1', 'm_2'],
    subject: 'no-violation',
    round: 1,
    texts: { plan: '', consequences: '', letter: '' },
    closesAt: '',
  });
  const vote = votes.latest('c_1')!;
  vote.ballots.m_1 = 'approve';
  votes.saveBallots(vote);
  expect(votes.latest('c_1')!.ballots).toEqual({ m_1: 'approve' });

  votes.close(vote, 'passed', 'now', { approve: 1, reject: 0, abstain: 0 }, false);
  const closed = votes.latest('c_1')!;
  expect(closed).toMatchObject({
    outcome: 'passed',
    closedAt: 'now',
    ballots: {},
    counts: { approve: 1, reject: 0, abstain: 0 },
  });

  votes.close(vote, 'cancelled', 'later', { approve: 1, reject: 0, abstain: 0 }, true);
  expect(votes.latest('c_1')).toMatchObject({
    outcome: 'cancelled',
    ballots: { m_1: 'approve' },
    counts: { approve: 1, reject: 0, abstain: 0 },
  });
  tab.table.write();
  expect(JSON.parse(String(tab.committed()[1].Ballots))).toEqual({
    m_1: 'approve',
    tally: { approve: 1, reject: 0, abstain: 0 },
  });
});

test('damaged cells never count as approvals', () => {
  const tab = registryTab('Votes', [
    {
      'Vote ID': 'v_1',
      'Case ID': 'c_1',
      Eligible: 'oops',
      Ballots: '{"m_1":"approve!","m_2":"abstain"',
      Outcome: '??',
    },
  ]);
  expect(new VoteStore(tab.load).latest('c_1')).toMatchObject({
    eligible: [],
    ballots: {},
    counts: null,
    outcome: 'open',
  });
});
