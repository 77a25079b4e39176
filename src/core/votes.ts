// Committee votes on a plan and consequences: two-thirds of the eligible members, rounded up (PSF procedure).
import { hasOwn } from './text';

export type Choice = 'approve' | 'reject' | 'abstain';

export type VoteOutcome = 'open' | 'passed' | 'failed' | 'no-eligible';

export interface Tally {
  approve: number;
  reject: number;
  abstain: number;
  notVoted: number;
  required: number;
  outcome: VoteOutcome;
}

/**
 * Approvals needed: two-thirds of the eligible, rounded up (integer arithmetic, no float edge cases).
 * With nobody eligible it returns 1, which no tally can reach; tallyVote reports 'no-eligible'.
 */
export function requiredApprovals(eligibleCount: number): number {
  const n = Math.floor(eligibleCount);
  if (!(n > 0)) return 1;
  return Math.floor((2 * n + 2) / 3);
}

/**
 * Counts a vote. Only ballots from eligible ids count, and each eligible id once. It passes as soon as
 * approvals reach the threshold and fails as soon as they no longer can: abstentions and rejections
 * both count against reaching it. The eligible set should be frozen when the vote opens; callers
 * should also record the first decided outcome rather than recount after late ballot changes.
 */
export function tallyVote(eligible: readonly string[], ballots: Readonly<Record<string, Choice>>): Tally {
  const voters = [...new Set(eligible)];
  const required = requiredApprovals(voters.length);
  let approve = 0;
  let reject = 0;
  let abstain = 0;
  for (const id of voters) {
    if (!hasOwn(ballots, id)) continue;
    const choice: unknown = ballots[id];
    if (choice === 'approve') approve += 1;
    else if (choice === 'reject') reject += 1;
    else if (choice === 'abstain') abstain += 1;
    // Anything else (a corrupted registry cell) counts as not voted.
  }
  const notVoted = voters.length - approve - reject - abstain;
  let outcome: VoteOutcome;
  if (voters.length === 0) outcome = 'no-eligible';
  else if (approve >= required) outcome = 'passed';
  else if (approve + notVoted < required) outcome = 'failed';
  else outcome = 'open';
  return { approve, reject, abstain, notVoted, required, outcome };
}

/** Active voting members (not advisers) who declared no conflict for the case. */
export function isEligibleVoter(member: { role: string; active: boolean }, cleared: boolean): boolean {
  return member.active === true && member.role === 'voting' && cleared === true;
}

/**
 * Gives a voter's seat in a vote, with their ballot, to their new member id (the same person at a new address, so the
 * frozen threshold keeps a seat they can fill). False when `from` holds no seat or `to` holds one already.
 */
export function moveSeat(
  v: { eligible: string[]; ballots: Record<string, Choice> },
  from: string,
  to: string,
): boolean {
  const seat = v.eligible.indexOf(from);
  if (seat < 0 || v.eligible.includes(to)) return false;
  v.eligible[seat] = to;
  if (v.ballots[from]) v.ballots[to] = v.ballots[from];
  delete v.ballots[from];
  return true;
}
