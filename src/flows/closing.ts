// Closing a case without a voted response ("not a violation", "not made in good faith") is a decision like a response: a vote of the cleared members, or a second cleared member's confirmation when Settings say so.
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { isClosed, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { votesOf } from '../records/votes';
import { CASE_CLOSED, recordInDoc, SECTION, setPhase } from './case-state';
import { notVoter, ownProposal, proposeOrConfirm, type TwoMembers } from './two-members';
import { cancelOpenVote, hasPassedVote, LETTER_SENT, openVote, whyCannotOpenVote, type ActionResult } from './vote';
import { memberById, settingsOf } from '../workspace/committee';
import { doneAction, refusedAction } from './outgoing';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';

export type ClosingKind = 'no-violation' | 'bad-faith';

const KIND_TEXT: Record<ClosingKind, string> = {
  'no-violation': 'to close the case as not a Code of Conduct violation',
  'bad-faith': 'to close the case as a report not made in good faith (the reporter gets no follow-up)',
};

/**
 * Closing as `kind` by two members (Settings `Closing decision` = Second member): its proposal lapses with a response
 * vote that passed after it (the committee decided otherwise), and when the case closes or opens again (case-state.ts).
 */
export const closingDecision = (ctx: Context, state: Case, kind: ClosingKind): TwoMembers => ({
  flag: 'closingProposal',
  kind,
  text: KIND_TEXT[kind],
  what: 'A closing',
  event: 'case.closing',
  since: hasPassedVote(ctx, state.id)?.closedAt,
  section: SECTION.discussions,
});

/**
 * Whether closing is put to a vote: as Settings say, and always once the committee voted a response and its letter
 * has not gone (this round's, or an earlier round's under revision): two members do not undo what two-thirds decided.
 * A closing vote opened before the owner chose Second member decides, as its voters were told (ADV-531).
 */
export function closingByVote(ctx: Context, state: Case): boolean {
  const open = votesOf(ctx).latest(state.id);
  return (
    settingsOf(ctx).closingDecision === 'vote' ||
    responseVoted(ctx, state) ||
    (open?.outcome === 'open' && open.subject !== 'response')
  );
}

/** True once the committee voted a response whose letter has not gone: only a vote closes the case then (ADV-327). */
export function responseVoted(ctx: Context, state: Case): boolean {
  return (
    !state.flags.letter &&
    votesOf(ctx)
      .forCase(state.id)
      .some((v) => v.subject === 'response' && v.outcome === 'passed')
  );
}

/** Why this member cannot start (or confirm) closing the case as `kind`, or null. */
export function whyCannotClose(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  kind: ClosingKind,
): string | null {
  const notVoting = notVoter(ctx, clearances, state, memberId);
  if (notVoting) return notVoting;
  if (isClosed(state)) return CASE_CLOSED;
  if (kind === 'no-violation' && state.flags.letter) return LETTER_SENT;
  if (kind === 'bad-faith') {
    if (state.badFaith) return 'This report is already marked as not made in good faith.';
    if (state.flags.followUp) return 'The follow-up has already been sent to the reporter.';
  }
  if (closingByVote(ctx, state)) return whyCannotOpenVote(ctx, state, clearances, memberId, kind);
  return ownProposal(ctx, state, clearances, memberId, closingDecision(ctx, state, kind));
}

/**
 * A member asks to close the case as `kind`. With `Closing decision` = Vote it opens a vote on it; with Second
 * member it records the proposal (the other cleared members are told) or, when another member proposed the
 * same, confirms it and the case closes.
 */
export function requestClosing(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  member: CommitteeMember,
  kind: ClosingKind,
): ActionResult {
  const refusal = whyCannotClose(ctx, state, clearances, member.id, kind);
  if (refusal) return refusedAction('Nothing was decided', [refusal]);
  if (closingByVote(ctx, state)) return openVote(ctx, state, clearances, member.id, undefined, kind);
  return proposeOrConfirm(ctx, state, clearances, member.id, closingDecision(ctx, state, kind), (first) => {
    cancelOpenVote(ctx, state, `two members decided ${KIND_TEXT[kind]}`);
    applyClosing(
      ctx,
      state,
      kind,
      `proposed by ${memberById(ctx, first)?.name || 'a member'} and confirmed by ${member.name || 'a member'}`,
      member.id,
    );
    return doneAction('The case is closed', closedLines(state, kind));
  });
}

/**
 * Carries out a decided closing: "not a violation" closes the case (the reporter's follow-up explaining why
 * stays due until sent); "not in good faith" waives the follow-up and closes the case, or, after the letter,
 * resolves it. The Doc records who decided and how.
 */
export function applyClosing(ctx: Context, state: Case, kind: ClosingKind, how: string, by: string): void {
  const at = readNowIso(ctx);
  delete state.flags.closingProposal;
  if (kind === 'bad-faith') {
    state.badFaith = true;
    state.flags.badFaith = { at, by };
    recordInDoc(
      ctx,
      state,
      SECTION.discussions,
      `Decided: the report was not made in good faith (${how}). The reporter gets no follow-up and no status emails.`,
    );
    recordAudit(ctx, 'case.bad-faith', state.id, how);
    if (state.flags.letter) setPhase(ctx, state, 'resolved');
    else setPhase(ctx, state, 'closed', { resolution: 'No violation' });
    return;
  }
  state.flags.noViolation = { at, by };
  recordInDoc(
    ctx,
    state,
    SECTION.discussions,
    `Decided: not a Code of Conduct violation (${how}). The case is closed.`,
  );
  setPhase(ctx, state, 'closed', { resolution: 'No violation' });
  recordAudit(ctx, 'case.closed', state.id, `no violation (${how})`);
}

/** What the member is told once a closing took effect. */
export function closedLines(state: Case, kind: ClosingKind): string[] {
  if (kind === 'bad-faith')
    return ['The report is recorded as not made in good faith: the reporter gets no follow-up.'];
  return [
    'Resolution: no violation.',
    ...(state.reporterEmail
      ? [
          'The reporter must still be told why: write the follow-up under "Follow-up to the reporter" in the case document and send it from the case page. Reminders continue until it is sent.',
        ]
      : []),
  ];
}
