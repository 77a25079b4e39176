// Votes on a case's plan and consequences (DESIGN §3.4): opened by a cleared voting member, eligible voters frozen at opening, two-thirds of them to pass.
import type { CasePhase } from '../core/lifecycle';
import { voteOpenedMessage, voteResultMessage } from '../core/messages';
import { requiredApprovals, tallyVote, isEligibleVoter, type Choice, type Tally } from '../core/votes';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { ID_PREFIX, LINK_TTL_DAYS } from '../workspace/schema';
import { casesOf, isClosed, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { outboxKey } from '../records/outbox';
import { CHOICES, votesOf, type VoteRecord } from '../records/votes';
import { clearedMember, recordInDoc, SECTION, setPhase } from './case-state';

/** Phases from which a new vote may be opened. */
const OPENABLE: readonly CasePhase[] = ['screening', 'deliberating', 'vote-failed', 'moderators-disagree'];

/** A plain outcome for pages: what happened, in a few sentences. */
export interface ActionResult {
  ok: boolean;
  heading: string;
  lines: string[];
}

/** The tally of a vote as it stands (counts only, whatever Settings say about individual votes). */
export function tallyOf(vote: VoteRecord): Tally {
  const tally = tallyVote(vote.eligible, vote.ballots);
  if (vote.counts) {
    const { approve, reject, abstain } = vote.counts;
    return {
      ...tally,
      approve,
      reject,
      abstain,
      notVoted: Math.max(0, vote.eligible.length - approve - reject - abstain),
    };
  }
  return tally;
}

/** Why this member may not open a vote now, or null when they may. */
export function whyCannotOpenVote(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  const member = clearedMember(ctx, clearances, state.id, memberId);
  if (!member) return 'Only members cleared for this case can open a vote.';
  if (member.role !== 'voting') return 'Advisers take part in the discussion but do not open or cast votes.';
  if (isClosed(state)) return 'This case is closed.';
  const latest = votesOf(ctx).latest(state.id);
  if (latest && latest.outcome === 'open') return 'A vote is already open.';
  if (state.flags.letter) return 'The letter has already been sent.';
  if (!OPENABLE.includes(state.phase))
    return 'The current vote has passed; the next step is the recommendation to the moderators.';
  return null;
}

/**
 * Opens a vote: eligible = active voting members (not advisers) cleared for the case, frozen now. Each
 * gets a signed `vote` link; the Doc records the opening with its date.
 */
export function openVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  texts: { plan: string; consequences: string },
): ActionResult {
  const refusal = whyCannotOpenVote(ctx, state, clearances, memberId);
  if (refusal) return { ok: false, heading: 'The vote was not opened', lines: [refusal] };
  const eligible = ctx.committee
    .active()
    .filter((m) => isEligibleVoter(m, clearedMember(ctx, clearances, state.id, m.id) !== null));
  const ids = eligible.map((m) => m.id);
  const required = requiredApprovals(ids.length);
  const voteId = ctx.clock.newId(ID_PREFIX.vote);
  votesOf(ctx).open({ id: voteId, caseId: state.id, openedBy: memberId, openedAt: ctx.clock.nowIso(), eligible: ids });
  recordInDoc(
    ctx,
    state,
    SECTION.discussions,
    `Vote opened on the plan and consequences below (${ids.length} eligible voting members; it passes with ${required} approvals).`,
    [`Plan: ${texts.plan || '(empty)'}`, `Consequences: ${texts.consequences || '(empty)'}`],
    `Vote opened (${ids.length} eligible voting members; it passes with ${required} approvals).`,
  );
  for (const member of eligible) {
    const message = voteOpenedMessage({
      memberName: member.name,
      codeName: state.codeName,
      required,
      eligible: ids.length,
      voteUrl: ctx.links.linkFor(member.id, state.id, 'vote', LINK_TTL_DAYS.vote),
    });
    ctx.outbox.enqueue({
      key: outboxKey(state.id, `vote:${voteId}`, member.id),
      caseId: state.id,
      kind: 'vote',
      to: member.email,
      ...message,
      delivery: 'at-least-once',
    });
  }
  setPhase(ctx, state, 'voting');
  ctx.audit.record('vote.opened', state.id, `${voteId}: ${ids.length} eligible, ${required} needed`);
  return {
    ok: true,
    heading: 'The vote is open',
    lines: [
      `${ids.length} eligible voting members have been sent their vote links. It passes with ${required} approvals.`,
    ],
  };
}

/** Why this member's ballot cannot be taken now, or null. */
export function whyCannotVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  vote: VoteRecord | null,
  memberId: string,
): string | null {
  if (!vote) return 'There is no vote for this case.';
  if (!vote.eligible.includes(memberId)) return 'You are not one of the eligible voters of this vote.';
  const member = clearedMember(ctx, clearances, state.id, memberId);
  if (!member) return 'Only members cleared for this case can vote.';
  if (member.role !== 'voting') return 'Advisers do not vote.';
  if (vote.outcome !== 'open') return 'This vote is closed.';
  return null;
}

/**
 * Records (or changes) a ballot while the vote is open, then counts: it passes as soon as two-thirds of
 * the eligible approve, fails as soon as that is out of reach. The first decided outcome closes it.
 */
export function castBallot(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  vote: VoteRecord,
  memberId: string,
  choice: Choice,
): ActionResult {
  const refusal = whyCannotVote(ctx, state, clearances, vote, memberId);
  if (refusal) return { ok: false, heading: 'Your vote was not recorded', lines: [refusal] };
  if (!CHOICES.includes(choice))
    return { ok: false, heading: 'Your vote was not recorded', lines: ['Choose approve, reject or abstain.'] };
  const changed = vote.ballots[memberId] !== undefined && vote.ballots[memberId] !== choice;
  if (vote.ballots[memberId] === choice) {
    return { ok: true, heading: 'Your vote is recorded', lines: [`You voted: ${choice}. Nothing changed.`] };
  }
  vote.ballots[memberId] = choice;
  votesOf(ctx).saveBallots(vote);
  ctx.audit.record(changed ? 'vote.ballot-changed' : 'vote.ballot-cast', state.id, vote.id);
  const tally = tallyVote(vote.eligible, countableBallots(ctx, state, clearances, vote));
  if (tally.outcome === 'passed' || tally.outcome === 'failed') {
    closeVote(ctx, state, clearances, vote, tally);
    return {
      ok: true,
      heading: 'Your vote is recorded',
      lines: [
        `You voted: ${choice}.`,
        `With your vote the vote ${tally.outcome === 'passed' ? 'passed' : 'did not pass'}. The members cleared for this case have been told.`,
      ],
    };
  }
  return {
    ok: true,
    heading: 'Your vote is recorded',
    lines: [`You voted: ${choice}.`, 'You can change it from the same link until the vote closes.'],
  };
}

/**
 * Ballots that still count: a member who has since declared a conflict (or left the committee) recuses
 * themselves, so their ballot no longer counts, while the eligible set, and so the threshold, stays frozen.
 */
export function countableBallots(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  vote: VoteRecord,
): Record<string, Choice> {
  const out: Record<string, Choice> = {};
  for (const [id, choice] of Object.entries(vote.ballots)) {
    if (clearedMember(ctx, clearances, state.id, id)) out[id] = choice;
  }
  return out;
}

function memberNames(ctx: Context, ids: readonly string[]): Map<string, CommitteeMember | undefined> {
  return new Map(ids.map((id) => [id, ctx.committee.byId(id)]));
}

/**
 * Closes a decided vote: outcome and counts (and who voted how only when Settings keep individual votes)
 * go into the Doc with the dates; the cleared members are told; the case moves on.
 */
function closeVote(ctx: Context, state: Case, clearances: Clearances, vote: VoteRecord, tally: Tally): void {
  const keepIndividual = ctx.committee.settings().settings.recordIndividualVotes;
  const now = ctx.clock.nowIso();
  vote.outcome = tally.outcome === 'passed' ? 'passed' : 'failed';
  vote.closedAt = now;
  const counts = { approve: tally.approve, reject: tally.reject, abstain: tally.abstain };
  votesOf(ctx).close(vote, vote.outcome, now, counts, keepIndividual);
  const lines = [
    `Opened ${vote.openedAt.slice(0, 16).replace('T', ' ')} UTC, closed ${now.slice(0, 16).replace('T', ' ')} UTC.`,
    `Approve: ${tally.approve}; reject: ${tally.reject}; abstain: ${tally.abstain}; not voted: ${tally.notVoted}; needed to pass: ${tally.required} of ${vote.eligible.length} eligible.`,
  ];
  if (keepIndividual) {
    const names = memberNames(ctx, vote.eligible);
    const each = vote.eligible.map(
      (id) => `${names.get(id)?.name || 'a former member'}: ${vote.ballots[id] ?? 'did not vote'}`,
    );
    lines.push(`Individual votes (kept because Settings say so): ${each.join('; ')}.`);
  }
  const verdict = `Vote ${vote.outcome === 'passed' ? 'passed' : 'did not pass'}`;
  // The Log line carries the tally too: members often rewrite "Committee discussions" as they go.
  recordInDoc(
    ctx,
    state,
    SECTION.discussions,
    `${verdict}.`,
    lines,
    `${verdict}: approve ${tally.approve}, reject ${tally.reject}, abstain ${tally.abstain}, not voted ${tally.notVoted}; ${tally.required} of ${vote.eligible.length} needed.`,
  );
  const message = voteResultMessage({
    codeName: state.codeName,
    outcome: tally.outcome,
    approve: tally.approve,
    reject: tally.reject,
    abstain: tally.abstain,
    required: tally.required,
  });
  const recipients = ctx.committee.active().filter((m) => clearedMember(ctx, clearances, state.id, m.id));
  for (const member of recipients) {
    ctx.outbox.enqueue({
      key: outboxKey(state.id, `vote-result:${vote.id}`, member.id),
      caseId: state.id,
      kind: 'vote-result',
      to: member.email,
      ...message,
      delivery: 'at-least-once',
    });
  }
  ctx.audit.record(
    `vote.${vote.outcome}`,
    state.id,
    `${vote.id}: ${tally.approve} approve, ${tally.reject} reject, ${tally.abstain} abstain, ${tally.required} needed`,
  );
  setPhase(ctx, state, vote.outcome === 'passed' ? 'vote-passed' : 'vote-failed');
}

/** Cancels an open vote (the case was closed while it ran). */
export function cancelOpenVote(ctx: Context, state: Case, reason: string): void {
  const vote = votesOf(ctx).latest(state.id);
  if (!vote || vote.outcome !== 'open') return;
  const tally = tallyVote(vote.eligible, vote.ballots);
  const keepIndividual = ctx.committee.settings().settings.recordIndividualVotes;
  const counts = { approve: tally.approve, reject: tally.reject, abstain: tally.abstain };
  votesOf(ctx).close(vote, 'cancelled', ctx.clock.nowIso(), counts, keepIndividual);
  recordInDoc(ctx, state, SECTION.discussions, `Vote cancelled: ${reason}`);
  ctx.audit.record('vote.cancelled', state.id, vote.id);
  casesOf(ctx).save(state);
}

/** True when the case's newest vote passed. */
export function hasPassedVote(ctx: Context, caseId: string): VoteRecord | null {
  const vote = votesOf(ctx).latest(caseId);
  return vote && vote.outcome === 'passed' ? vote : null;
}
