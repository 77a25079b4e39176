// Unit and property tests for the Code of Conduct change process: the 3-7 day brainstorm, two-thirds of all voting members, advisers reading but not voting, the board's answer and the tab row.

import fc from 'fast-check';
import {
  BRAINSTORM_MAX_DAYS,
  BRAINSTORM_MIN_DAYS,
  CHANGE_REMINDER_EVERY_DAYS,
  CHANGE_VOTE_DAYS,
  POLICY_CHANGES_HEADERS,
  brainstormEndsAt,
  castChangeBallot,
  changeReminderDue,
  changeVoters,
  checkProposal,
  decideChangeVote,
  newProposal,
  openChangeVote,
  policyChangeRow,
  proposalReaders,
  recordBoardAnswer,
  type Proposal,
} from '../../src/core/policy-changes';
import type { Choice } from '../../src/core/votes';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const MEMBERS = [
  { id: 'm_v1', role: 'voting', active: true },
  { id: 'm_v2', role: 'voting', active: true },
  { id: 'm_v3', role: 'voting', active: true },
  { id: 'm_v4', role: 'voting', active: true },
  { id: 'm_v5', role: 'voting', active: true },
  { id: 'm_a1', role: 'adviser', active: true },
  { id: 'm_gone', role: 'voting', active: false },
  { id: 'm_agone', role: 'adviser', active: false },
];

function proposed(days = 3): Proposal {
  return newProposal(1, { title: 'Zorblat clause', text: 'Replace section 2.', days }, 'm_v1', iso(T0));
}

function voting(voters = changeVoters(MEMBERS)): Proposal {
  return openChangeVote(proposed(), voters, T0 + 3 * DAY);
}

function cast(p: Proposal, ballots: Array<[string, Choice]>, at = T0 + 4 * DAY): Proposal {
  let out = p;
  for (const [id, choice] of ballots) {
    const result = castChangeBallot(out, id, choice, at);
    if (!result.ok) throw new Error(`ballot refused: ${result.reason}`);
    out = result.proposal;
  }
  return out;
}

describe('checkProposal', () => {
  it('accepts a title, a text and 3 to 7 days (also as the text a form posts)', () => {
    expect(checkProposal({ title: '  A  title ', text: 'Body\r\ntext', days: '5' })).toEqual({
      ok: true,
      title: 'A title',
      text: 'Body\ntext',
      days: 5,
    });
    for (let d = BRAINSTORM_MIN_DAYS; d <= BRAINSTORM_MAX_DAYS; d += 1) {
      expect(checkProposal({ title: 't', text: 'x', days: d }).ok).toBe(true);
    }
  });

  it.each([2, 8, 0, -3, 3.5, '4 days', '', null, Number.NaN])('refuses %p days', (days) => {
    expect(checkProposal({ title: 't', text: 'x', days })).toEqual({ ok: false, errors: ['days'] });
  });

  it('refuses a missing or overlong title and text', () => {
    expect(checkProposal({ title: ' ', text: '', days: 3 })).toEqual({ ok: false, errors: ['title', 'text'] });
    expect(checkProposal({ title: 'x'.repeat(121), text: 'y'.repeat(20_001), days: 3 })).toEqual({
      ok: false,
      errors: ['title', 'text'],
    });
    expect(checkProposal({ title: 7, text: ['a'], days: 3 }).ok).toBe(false);
  });
});

describe('who reads and who votes', () => {
  it('shares the Doc with active voting members and advisers, never with anyone else', () => {
    expect(proposalReaders(MEMBERS)).toEqual(['m_a1', 'm_v1', 'm_v2', 'm_v3', 'm_v4', 'm_v5']);
    expect(proposalReaders([...MEMBERS, { id: 'm_x', role: 'owner', active: true }])).not.toContain('m_x');
  });

  it('gives the vote to active voting members only: advisers read but do not vote', () => {
    expect(changeVoters(MEMBERS)).toEqual(['m_v1', 'm_v2', 'm_v3', 'm_v4', 'm_v5']);
    const p = voting();
    expect(castChangeBallot(p, 'm_a1', 'approve', T0 + 4 * DAY)).toEqual({ ok: false, reason: 'not-eligible' });
    expect(castChangeBallot(p, 'm_gone', 'approve', T0 + 4 * DAY)).toEqual({ ok: false, reason: 'not-eligible' });
  });
});

describe('the brainstorm window', () => {
  it('ends the chosen number of days after the proposal', () => {
    expect(brainstormEndsAt(proposed(5))).toBe('2026-03-07T09:00:00.000Z');
  });

  it('does not open the vote before the window ends, and opens it once, freezing the voters', () => {
    const p = proposed(3);
    expect(openChangeVote(p, ['m_v1'], T0 + 3 * DAY - 1)).toBe(p);
    const opened = openChangeVote(p, ['m_v2', 'm_v1', 'm_v1'], T0 + 3 * DAY + 5);
    expect(opened.state).toBe('vote');
    expect(opened.eligible).toEqual(['m_v1', 'm_v2']);
    expect(opened.voteClosesAt).toBe(iso(T0 + (3 + CHANGE_VOTE_DAYS) * DAY + 5));
    expect(openChangeVote(opened, ['m_v3'], T0 + 9 * DAY)).toBe(opened);
  });

  it('takes no ballots while brainstorming', () => {
    expect(castChangeBallot(proposed(), 'm_v1', 'approve', T0 + DAY)).toEqual({ ok: false, reason: 'not-open' });
  });
});

describe('two-thirds of all voting members', () => {
  it('with 5 voting members needs 4 approvals even when only 4 vote', () => {
    const three = cast(voting(), [
      ['m_v1', 'approve'],
      ['m_v2', 'approve'],
      ['m_v3', 'approve'],
    ]);
    expect(three.state).toBe('vote');
    // 3 of the 4 who voted approve (75%), but 3 of 5 members is short of two-thirds: it fails.
    const fourVoted = cast(three, [['m_v4', 'reject']]);
    expect(fourVoted.state).toBe('vote');
    expect(decideChangeVote(fourVoted, Date.parse(fourVoted.voteClosesAt)).state).toBe('failed');
    const passed = cast(three, [['m_v4', 'approve']]);
    expect(passed.state).toBe('passed');
    expect(passed.decidedAt).toBe(iso(T0 + 4 * DAY));
  });

  it('fails as soon as two-thirds can no longer be reached', () => {
    const p = cast(voting(), [
      ['m_v1', 'reject'],
      ['m_v2', 'abstain'],
    ]);
    expect(p.state).toBe('failed');
    expect(castChangeBallot(p, 'm_v3', 'approve', T0 + 4 * DAY)).toEqual({ ok: false, reason: 'not-open' });
  });

  it('takes no ballot at or after the deadline', () => {
    const p = voting();
    expect(castChangeBallot(p, 'm_v1', 'approve', Date.parse(p.voteClosesAt))).toEqual({
      ok: false,
      reason: 'not-open',
    });
  });

  it('passes exactly when approvals are at least two-thirds of all voters (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Choice | 'none'>('approve', 'reject', 'abstain', 'none'), {
          minLength: 1,
          maxLength: 12,
        }),
        (choices) => {
          const voters = choices.map((_, i) => `m_${i}`);
          let p = openChangeVote(proposed(), voters, T0 + 3 * DAY);
          const ballots = Object.fromEntries(
            choices.flatMap((c, i) => (c === 'none' ? [] : [[`m_${i}`, c]])),
          ) as Record<string, Choice>;
          p = decideChangeVote({ ...p, ballots }, Date.parse(p.voteClosesAt));
          const approvals = choices.filter((c) => c === 'approve').length;
          expect(p.state).toBe(3 * approvals >= 2 * voters.length ? 'passed' : 'failed');
        },
      ),
    );
  });
});

describe('reminders', () => {
  it('reminds a voter who has not voted every few days until the vote closes', () => {
    const p = voting();
    const opened = Date.parse(p.voteOpenedAt);
    const every = CHANGE_REMINDER_EVERY_DAYS * DAY;
    expect(changeReminderDue(p, 'm_v2', '', opened + every - 1)).toBe(false);
    expect(changeReminderDue(p, 'm_v2', '', opened + every)).toBe(true);
    expect(changeReminderDue(p, 'm_v2', iso(opened + every), opened + every + DAY)).toBe(false);
    expect(changeReminderDue(p, 'm_v2', iso(opened + every), opened + 2 * every)).toBe(true);
    expect(changeReminderDue(p, 'm_v2', '', Date.parse(p.voteClosesAt))).toBe(false);
  });

  it('never reminds an adviser, a voter who voted, or anyone once decided', () => {
    const p = cast(voting(), [['m_v1', 'approve']]);
    const later = T0 + 6 * DAY;
    expect(changeReminderDue(p, 'm_a1', '', later)).toBe(false);
    expect(changeReminderDue(p, 'm_v1', '', later)).toBe(false);
    expect(changeReminderDue(p, 'm_v2', '', later)).toBe(true);
    const passed = cast(p, [
      ['m_v2', 'approve'],
      ['m_v3', 'approve'],
      ['m_v4', 'approve'],
    ]);
    expect(changeReminderDue(passed, 'm_v5', '', later)).toBe(false);
  });
});

describe("the board's answer", () => {
  const passed = () =>
    cast(voting(), [
      ['m_v1', 'approve'],
      ['m_v2', 'approve'],
      ['m_v3', 'approve'],
      ['m_v4', 'approve'],
    ]);

  it('is recorded once for a passed proposal, and is final', () => {
    const approved = recordBoardAnswer(passed(), 'approved', iso(T0 + 20 * DAY));
    expect(approved.state).toBe('board-approved');
    expect(recordBoardAnswer(approved, 'declined', iso(T0 + 21 * DAY))).toBe(approved);
    expect(recordBoardAnswer(passed(), 'declined', iso(T0 + 20 * DAY)).state).toBe('board-declined');
  });

  it('is refused for a proposal that did not pass', () => {
    const p = voting();
    expect(recordBoardAnswer(p, 'approved', iso(T0 + 20 * DAY))).toBe(p);
  });
});

describe('the Policy changes row', () => {
  it('shows number, title, state and dates, and nothing of who proposed or voted', () => {
    const p = cast(voting(), [['m_v1', 'approve']]);
    const row = policyChangeRow(p, (at) => at.slice(0, 10));
    expect(Object.keys(row)).toEqual([...POLICY_CHANGES_HEADERS]);
    expect(row).toEqual({
      Number: '1',
      Title: 'Zorblat clause',
      State: 'Voting',
      Proposed: '2026-03-02',
      'Brainstorm ends': '2026-03-05',
      'Vote closes': '2026-03-12',
      Decided: '',
      'Board answered': '',
    });
    expect(JSON.stringify(row)).not.toMatch(/m_v1|approve/);
  });
});
