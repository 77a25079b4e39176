// Decisions nobody takes alone (DESIGN §1): a voting member cleared for the case proposes, the others are told, a second confirms, and the confirming press is the one that acts.
import type { Context } from '../workspace/context';
import { casesOf, type Case, type Stamp } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { clearedMember, recordInDoc, SECTION, tellCaseMembers } from './case-state';
import type { ActionResult } from './vote';
import { doneAction } from './outgoing';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { memberById } from '../workspace/committee';

/** What a decision of two members is; each flow states its own and when it may be proposed (its whyCannot). */
export interface TwoMembers {
  /** The flag its proposal waits in; `kind` tells apart decisions that share one (closing). */
  flag: string;
  kind?: string;
  /** What it decides ("the letter may be sent …", or "to close …"), for the Doc, the alert and the Audit tab. */
  text: string;
  /** Who is told a proposal waits ("An override"). */
  what: string;
  event: string;
  /** A proposal made before this (a vote, the moderators' answer) was about another situation: it lapsed. */
  since?: string;
  /** Where the proposal is written (the Log when unset). */
  section?: string;
}

export const VOTERS_ONLY = 'Only voting members cleared for this case decide it.';
const SECOND = 'A second member must confirm it';
export const SECOND_ONLY = `${SECOND}.`;

/** VOTERS_ONLY unless the member is a voting member cleared for the case now. */
export const notVoter = (ctx: Context, clearances: Clearances, state: Case, memberId: string) =>
  clearedMember(ctx, clearances, state.id, memberId)?.role === 'voting' ? null : VOTERS_ONLY;

/**
 * Who proposed `d`, while the proposal stands: made in the situation as it is now (in this life of the case: not before
 * it was opened again), by a member still a voting member cleared for the case (one who declared a conflict or left
 * took it with them, for good: cleared again after leaving, they propose again).
 */
export function proposerOf(ctx: Context, state: Case, clearances: Clearances, d: TwoMembers): string | undefined {
  const p = state.flags[d.flag] as (Stamp & { kind?: string }) | undefined;
  return p &&
    p.kind === d.kind &&
    p.at >= (d.since ?? '') &&
    p.at >= String(state.flags.reopenedAt ?? '') &&
    (clearances.latest(state.id, p.by)?.at ?? '') <= p.at &&
    !notVoter(ctx, clearances, state, p.by)
    ? p.by
    : undefined;
}

/** SECOND_ONLY for the member whose proposal stands, else null. */
export const ownProposal = (ctx: Context, state: Case, clearances: Clearances, memberId: string, d: TwoMembers) =>
  proposerOf(ctx, state, clearances, d) === memberId ? SECOND_ONLY : null;

/** The case page's heading of `d`: "Propose: …", or "Confirm: … (proposed by …)". */
export function twoMemberHeading(ctx: Context, state: Case, clearances: Clearances, d: TwoMembers, what: string) {
  const first = proposerOf(ctx, state, clearances, d);
  return first
    ? `Confirm: ${what} (proposed by ${memberById(ctx, first)?.name || 'another member'})`
    : `Propose: ${what}`;
}

/**
 * The member's press (its whyCannot already passed): with another's proposal standing it confirms, and `confirm` acts
 * (told who proposed); else it records the member's proposal and tells the case's other cleared members. The Doc and
 * the Audit tab record each press.
 */
export function proposeOrConfirm(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  d: TwoMembers,
  confirm: (first: string) => ActionResult,
): ActionResult {
  const first = proposerOf(ctx, state, clearances, d);
  const said = `${first ? 'confirmed' : 'proposed'}${d.text.startsWith('to ') ? ' ' : ': '}${d.text}`;
  recordAudit(ctx, d.event, state.id, `${said} (member ${memberId})`);
  if (first) {
    delete state.flags[d.flag];
    return confirm(first);
  }
  const at = readNowIso(ctx);
  state.flags[d.flag] = { at, by: memberId, kind: d.kind };
  recordInDoc(ctx, state, d.section ?? SECTION.log, `${memberById(ctx, memberId)?.name || 'A member'} ${said}.`);
  casesOf(ctx).save(state);
  // Each proposal is news: one made again after an earlier lapsed is told again.
  tellCaseMembers(ctx, state, clearances, 'alert', `${d.flag}:${at}`, `${d.what} waits for a second member`, [
    `A member proposed${said.slice(8)}.`,
    'Nothing is done until a second voting member cleared for this case confirms it on the case page.',
  ]);
  return doneAction(SECOND, ['The other members cleared for this case have been told.']);
}
