// Unit and property tests for committee votes: the two-thirds threshold, early pass/fail and eligibility.

import fc from 'fast-check';
import { isEligibleVoter, moveSeat, requiredApprovals, tallyVote, type Choice } from '../../src/core/votes';

describe('requiredApprovals', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 4],
    [6, 4],
    [7, 5],
    [9, 6],
    [10, 7],
  ])('%i eligible need %i', (n, required) => {
    expect(requiredApprovals(n)).toBe(required);
  });

  it('returns 1 when nobody is eligible', () => {
    expect(requiredApprovals(0)).toBe(1);
  });

  it('is the smallest count that is at least two-thirds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const r = requiredApprovals(n);
        expect(3 * r).toBeGreaterThanOrEqual(2 * n);
        expect(3 * (r - 1)).toBeLessThan(2 * n);
        expect(r).toBeLessThanOrEqual(n);
      }),
    );
  });
});

describe('tallyVote', () => {
  const eligible = ['a', 'b', 'c', 'd', 'e', 'f']; // 6 eligible → 4 needed

  it('is open until decided', () => {
    expect(tallyVote(eligible, { a: 'approve' })).toEqual({
      approve: 1,
      reject: 0,
      abstain: 0,
      notVoted: 5,
      required: 4,
      outcome: 'open',
    });
  });

  it('passes as soon as approvals reach the threshold', () => {
    expect(tallyVote(eligible, { a: 'approve', b: 'approve', c: 'approve', d: 'approve' }).outcome).toBe('passed');
  });

  it('fails as soon as the threshold is out of reach, abstentions counting against it', () => {
    expect(tallyVote(eligible, { a: 'reject', b: 'abstain' }).outcome).toBe('open');
    expect(tallyVote(eligible, { a: 'reject', b: 'abstain', c: 'abstain' }).outcome).toBe('failed');
  });

  it('ignores ballots from people who are not eligible', () => {
    const t = tallyVote(['a', 'b', 'c'], { a: 'approve', x: 'approve', y: 'approve' });
    expect(t).toMatchObject({ approve: 1, notVoted: 2, required: 2, outcome: 'open' });
  });

  it('counts duplicated eligible ids once and corrupted ballots as not voted', () => {
    const t = tallyVote(['a', 'a', 'b'], { a: 'approve', b: 'maybe' as Choice });
    expect(t).toMatchObject({ approve: 1, notVoted: 1, required: 2, outcome: 'open' });
  });

  it("reports 'no-eligible' when nobody can vote", () => {
    expect(tallyVote([], { a: 'approve' })).toEqual({
      approve: 0,
      reject: 0,
      abstain: 0,
      notVoted: 0,
      required: 1,
      outcome: 'no-eligible',
    });
  });

  const choice = fc.constantFrom<Choice>('approve', 'reject', 'abstain');
  const scenario = fc.integer({ min: 1, max: 15 }).chain((n) =>
    fc.record({
      eligible: fc.constant(Array.from({ length: n }, (_, i) => `m${i}`)),
      order: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => `m${i}`)),
      choices: fc.array(choice, { minLength: n, maxLength: n }),
      strangers: fc.dictionary(fc.stringMatching(/^x[0-9]{1,3}$/), choice),
    }),
  );

  it('counts add up and the outcome matches the definition (property)', () => {
    fc.assert(
      fc.property(scenario, ({ eligible: ids, order, choices, strangers }) => {
        const ballots: Record<string, Choice> = { ...strangers };
        order.forEach((id, i) => (ballots[id] = choices[i]));
        const t = tallyVote(ids, ballots);
        expect(t.approve + t.reject + t.abstain + t.notVoted).toBe(ids.length);
        expect(t.required).toBe(requiredApprovals(ids.length));
        const expected = t.approve >= t.required ? 'passed' : t.approve + t.notVoted < t.required ? 'failed' : 'open';
        expect(t.outcome).toBe(expected);
      }),
    );
  });

  it('is monotonic: once decided, more ballots never change the outcome (property)', () => {
    fc.assert(
      fc.property(scenario, ({ eligible: ids, order, choices }) => {
        const ballots: Record<string, Choice> = {};
        let decided: string | null = null;
        let approvals = 0;
        order.forEach((id, i) => {
          ballots[id] = choices[i];
          const t = tallyVote(ids, ballots);
          expect(t.approve).toBeGreaterThanOrEqual(approvals);
          approvals = t.approve;
          if (decided) expect(t.outcome).toBe(decided);
          else if (t.outcome !== 'open') decided = t.outcome;
        });
        // When everyone has voted the vote is always decided.
        if (order.length === ids.length) expect(tallyVote(ids, ballots).outcome).not.toBe('open');
      }),
    );
  });
});

describe('isEligibleVoter', () => {
  it('requires an active voting member who is cleared for the case', () => {
    expect(isEligibleVoter({ role: 'voting', active: true }, true)).toBe(true);
    expect(isEligibleVoter({ role: 'adviser', active: true }, true)).toBe(false);
    expect(isEligibleVoter({ role: 'voting', active: false }, true)).toBe(false);
    expect(isEligibleVoter({ role: 'voting', active: true }, false)).toBe(false);
    expect(isEligibleVoter({ role: 'Voting', active: true }, true)).toBe(false);
  });
});

describe('moveSeat', () => {
  it('gives the seat and its ballot to the new id, and the threshold is unchanged', () => {
    const vote = { eligible: ['a', 'b', 'c'], ballots: { b: 'approve' } as Record<string, Choice> };
    expect(moveSeat(vote, 'b', 'b2')).toBe(true);
    expect(vote).toEqual({ eligible: ['a', 'b2', 'c'], ballots: { b2: 'approve' } });
    expect(tallyVote(vote.eligible, vote.ballots).required).toBe(2);
  });

  it('moves nothing when the old id has no seat or the new one has one already', () => {
    const vote = { eligible: ['a', 'b'], ballots: { a: 'reject' } as Record<string, Choice> };
    expect(moveSeat(vote, 'x', 'y')).toBe(false);
    expect(moveSeat(vote, 'a', 'b')).toBe(false);
    expect(vote).toEqual({ eligible: ['a', 'b'], ballots: { a: 'reject' } });
  });
});
