// Further responses (seed, "Decide further responses"): after the letter, the reported person's context may lead the committee to a new round — a revised plan and consequences, a vote, a revised recommendation and letter, each once per round.
import { restoreArchivedCase } from './archive';
import { docWaits, reviveAfterPurge } from './retention';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { isClosed, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import {
  clearedMember,
  recordInDoc,
  SECTION,
  setPhase,
  tellCaseMembers,
  writeInDocOrAudit,
  ONLY_CLEARED_CAN,
} from './case-state';
import { roundOf, type ActionResult } from './vote';
import { doneAction, refusedAction } from './outgoing';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';

/** The flags one round owns: a new round starts without them (the old ones are kept in `flags.rounds`). */
const ROUND_FLAGS = ['recommendation', 'override', 'letter', 'followUp', 'escalation'] as const;

/** Why this member cannot open a new round now, or null. */
export function whyCannotOpenRound(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}open a new round.`;
  if (!state.flags.letter)
    return 'A new round follows the letter to the reported person, when they give context that may change the response.';
  if (isClosed(state) && state.phase !== 'resolved') return 'This case is closed.';
  return null;
}

/**
 * Opens round N+1: the finished round's steps are kept as its record, the case goes back to deliberation, the Doc
 * records the round with its date, and the cleared members are told. The reported person's context belongs in the
 * Doc's "Discussions with the reported person".
 */
export function openRound(ctx: Context, state: Case, clearances: Clearances, member: CommitteeMember): ActionResult {
  const refusal = whyCannotOpenRound(ctx, state, clearances, member.id);
  if (refusal) return refusedAction('No new round was opened', [refusal]);
  restoreArchivedCase(ctx, state);
  reviveAfterPurge(ctx, state);
  const finished = roundOf(state);
  const record: Record<string, unknown> = { round: finished, closedAt: readNowIso(ctx) };
  for (const key of ROUND_FLAGS) {
    if (state.flags[key] !== undefined) record[key] = state.flags[key];
    delete state.flags[key];
  }
  const history = Array.isArray(state.flags.rounds) ? (state.flags.rounds as unknown[]) : [];
  state.flags.rounds = [...history, record];
  state.flags.round = finished + 1;
  state.closedAt = '';
  // The round opens whether or not the Doc takes its record (a Doc Drive lost while the case was closed is replaced).
  writeInDocOrAudit(ctx, state, 'the new round', () =>
    recordInDoc(
      ctx,
      state,
      SECTION.discussions,
      `Round ${finished + 1} opened by ${member.name || 'a member'}: the reported person's context (under "${SECTION.reportedPerson}") is to be weighed. A revised plan and consequences need a new vote; the revised recommendation and letter follow it.`,
    ),
  );
  setPhase(ctx, state, 'deliberating');
  tellCaseMembers(ctx, state, clearances, 'alert', `round:${finished + 1}`, 'A further response is being considered', [
    `A member opened round ${finished + 1} of this case after the reported person's reply.`,
    'Revise the plan and consequences in the case document, then open a vote from the case page.',
  ]);
  recordAudit(ctx, 'case.round-opened', state.id, `round ${finished + 1}`);
  return doneAction(`Round ${finished + 1} is open`, [
    'Revise the plan and consequences in the case document, then open a vote. The revised recommendation and letter are sent after it passes, once each.',
    ...docWaits(ctx, state),
  ]);
}
