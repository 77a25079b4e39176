// The letter to the reported person (DESIGN §3.6): after a passed vote and the moderators' acceptance (or a recorded override), through the redaction guard, sent at most once.
import { composeLetter } from '../core/messages';
import { isSamePerson, matchAddresses } from '../core/identity';
import { GROUP_ADDRESS_REFUSAL, isGroupAddress } from '../core/settings';
import { parseSingleEmail } from '../core/text';
import type { Context } from '../workspace/context';
import { casesOf, isClosed, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { outboxKey, outboxOf } from '../records/outbox';
import { clearedMember, protectedIdentity, recordInDoc, SECTION, setPhase, ONLY_CLEARED_CAN } from './case-state';
import { notVoter, ownProposal, proposeOrConfirm, twoMemberHeading, type TwoMembers } from './two-members';
import { extractPeople } from '../core/redaction';
import {
  currentRound,
  decisionOf,
  recommendationInForce,
  roundChangedAt,
  roundStanding,
  spaceOf,
  type Decision,
  VOTE_OPEN,
  voteIsOpen,
  LETTER_CAN_GO,
} from './moderators';
import { missingLetterParts, splitLetter, type LetterParts } from '../core/letter-parts';
import {
  doneAction,
  planGuarded,
  planPreviews,
  refuseIdentifying,
  tooLongToMail,
  type Outgoing,
  refusedAction,
  type SendResult,
} from './outgoing';
import { hasPassedVote, roundOf, type ActionResult } from './vote';
import { memberById, settingsOf, replyAddress } from '../workspace/committee';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';

export { splitLetter, type LetterParts } from '../core/letter-parts';

/** Why the gate (passed vote, then moderators' acceptance or an override) is still closed, or null. */
export function letterGate(ctx: Context, state: Case): string | null {
  const vote = hasPassedVote(ctx, state.id, roundOf(state));
  if (!vote) return 'The letter needs a passed vote on the plan and consequences first.';
  if (overrideInForce(state, vote.closedAt)) return null;
  if (state.flags.recommendation && !recommendationInForce(ctx, state))
    return 'The plan or consequences were voted again after the recommendation went to the moderators: send them the recommendation of this vote, or record an override.';
  const standing = roundStanding(currentRound(ctx, state));
  if (standing === 'accepted') return null;
  if (standing === 'disagreed')
    return 'The moderators disagree with the recommendation. Notify the escalation contact, open a new vote, or record an override to send the letter anyway.';
  if (standing === 'waiting')
    return 'The moderators have not accepted the recommendation yet. You can record an override if the committee decided to go ahead without them.';
  return 'The recommendation has not been sent to the moderators yet (or there are none for this space): send it, or record an override.';
}

/** An override counts only for the vote it was recorded after: a later vote on other text needs its own. */
function overrideInForce(state: Case, voteClosedAt: string): boolean {
  const at = state.flags.override?.at;
  return Boolean(at) && String(at) >= voteClosedAt;
}

/**
 * True when `to` reaches a mailbox the redaction guard protects (any spelling: the one identity model, ADV-543): the
 * reporter's (as typed, on file, or given in a reply), the affected person's, a witness's, one the report's own words
 * give, here or in another report about the same person (ADV-222). A typed address the report also gives for a person
 * involved is most likely the reported person's, and may take the letter (ADV-122).
 */
export function isProtectedAddress(ctx: Context, state: Case, to: string): boolean {
  const { identity, report } = protectedIdentity(ctx, state);
  const same = (e: string) => isSamePerson(matchAddresses(e, to));
  return (
    identity.emails.some(same) &&
    !(report.reporterEmailProblem === 'involved' && extractPeople(report.reporterEmailAnswer ?? '').emails.some(same))
  );
}

/** Why this member cannot send the letter now, or null. */
export function whyCannotSendLetter(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}send the letter.`;
  if (state.flags.letter) return 'The letter has already been sent. It is sent only once.';
  if (isClosed(state)) return 'This case is closed.';
  if (voteIsOpen(ctx, state)) return VOTE_OPEN;
  return letterGate(ctx, state);
}

/** The addresses this round's letter went to (one sent before they were kept: as its outbox row says). */
function lettersSent(ctx: Context, state: Case): string[] {
  const to = state.flags.letter?.to;
  return Array.isArray(to) ? to : [outboxOf(ctx).sentTo(letterKey(state))];
}

/** The outbox key of the round's letter (`n` > 1: the same letter sent again to another address). */
export const letterKey = (state: Case, n = 1, round = roundOf(state)) =>
  outboxKey(state.id, `${round > 1 ? `letter:r${round}` : 'letter'}${n > 1 ? `#${n}` : ''}`, 'reported-person');

/**
 * Why the round's letter cannot go to one more address now, or null: a second person the report names, or the right
 * address after a mistyped one (seed: "Follow up with the reported person"). One address per person the report names,
 * and one correction; never an address it already went to.
 */
export function whyCannotSendLetterAgain(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}send the letter.`;
  if (!state.flags.letter) return 'The letter has not been sent yet.';
  if ((isClosed(state) && state.phase !== 'resolved') || state.inArchiveTab) return 'This case is closed.';
  const { names, emails, handles } = state.reported;
  if (lettersSent(ctx, state).length > Math.max(names.length, emails.length, handles.length, 1))
    return 'No further address this round: one per person the report names, and one more.';
  return null;
}

/** The override (seed: "the work group may choose"): of this round's passed vote, and of the moderators' answers so far. */
const overrideDecision = (ctx: Context, state: Case): TwoMembers => ({
  flag: 'overrideProposal',
  text: "the letter may be sent without the moderators' acceptance",
  what: 'An override',
  event: 'letter.override',
  since: roundChangedAt(ctx, state, hasPassedVote(ctx, state.id, roundOf(state))?.closedAt),
});

/** Why this member cannot propose (or confirm) an override now, or null. */
export function whyCannotOverride(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  const notVoting = notVoter(ctx, clearances, state, memberId);
  if (notVoting) return notVoting;
  if (state.flags.letter) return 'The letter has already been sent.';
  if (isClosed(state)) return 'This case is closed.';
  // Of this round: a new round is decided by its own vote, never by the last round's.
  const vote = hasPassedVote(ctx, state.id, roundOf(state));
  if (!vote) return 'An override needs a passed vote first: the committee decides before anything is sent.';
  if (voteIsOpen(ctx, state)) return VOTE_OPEN;
  if (overrideInForce(state, vote.closedAt)) return 'An override is already recorded.';
  const inForce = recommendationInForce(ctx, state);
  if (inForce && roundStanding(currentRound(ctx, state)) === 'accepted')
    return 'The moderators accepted: no override is needed.';
  // The procedure asks the moderators first; an override is for when they disagree, stay silent, or do not exist.
  const space = spaceOf(ctx, state);
  if (!inForce && space && space.moderators.length)
    return 'Send the recommendation to the moderators first: an override is for when they disagree or do not answer.';
  return ownProposal(ctx, state, clearances, memberId, overrideDecision(ctx, state));
}

/** The page's heading of the override: proposing it, or confirming another member's proposal. */
export const overrideHeading = (ctx: Context, state: Case, clearances: Clearances) =>
  twoMemberHeading(
    ctx,
    state,
    clearances,
    overrideDecision(ctx, state),
    'go ahead without the moderators\u2019 acceptance',
  );

/**
 * Going ahead without the moderators is the committee's decision, never one member's (two-members.ts). With one
 * voting member cleared it waits: the owner clears another (nobody decides alone, DESIGN §1).
 */
export function recordOverride(ctx: Context, state: Case, clearances: Clearances, memberId: string): ActionResult {
  const refusal = whyCannotOverride(ctx, state, clearances, memberId);
  if (refusal) return refusedAction('No override was recorded', [refusal]);
  const d = overrideDecision(ctx, state);
  return proposeOrConfirm(ctx, state, clearances, memberId, d, (first) => {
    state.flags.override = { at: readNowIso(ctx), by: memberId };
    // Who decided goes to the Log: the moderators' section is sent on to the escalation contact, who learns no member.
    recordInDoc(
      ctx,
      state,
      SECTION.moderators,
      `Override recorded: ${d.text}.`,
      [],
      `Override proposed by ${memberById(ctx, first)?.name || 'a member'} and confirmed by ${memberById(ctx, memberId)?.name || 'a member'}: ${d.text}.`,
    );
    setPhase(ctx, state, 'moderators-accepted');
    return doneAction('Override recorded', [LETTER_CAN_GO]);
  });
}

/**
 * The letter as it would be sent now: the voted plan and consequences, and the description and impact from the
 * voted letter draft (or, when the vote froze none, from the Doc now), each part once. `problems` names every
 * required part still empty: "Send" is not offered until there is none.
 */
export function prepareLetter(ctx: Context, state: Case, decision: Decision = decisionOf(ctx, state)): LetterTexts {
  const { plan, consequences } = decision.texts;
  const parts = splitLetter(decision.texts.letter || decision.draft.letter, { plan, consequences });
  const missing = missingLetterParts(parts, plan, consequences);
  const problems = missing.length
    ? [
        `The letter needs ${missing.join(', ')}. Write ${missing.length === 1 ? 'it' : 'them'} in the case document ("${SECTION.letter}"; the plan and consequences come from the vote).`,
      ]
    : [];
  return { parts, plan, consequences, problems };
}

/** The letter as prepared now: what the page previews, what the guard checks and what the send sends. */
export interface LetterTexts {
  parts: LetterParts;
  plan: string;
  consequences: string;
  problems: string[];
}

/** What the letter sends: its two parts, the voted plan and the voted consequences. */
export function letterOutgoing(ctx: Context, state: Case, decision?: Decision): Outgoing<LetterTexts> {
  const letter = prepareLetter(ctx, state, decision);
  return {
    texts: letter,
    previews: [
      { label: 'What happened', text: letter.parts.behaviour || '(empty)' },
      { label: 'Its impact', text: letter.parts.impact || '(empty)' },
      ...planPreviews(letter),
    ],
    guarded: [
      { label: 'The letter (behaviour)', text: letter.parts.behaviour },
      { label: 'The letter (impact)', text: letter.parts.impact },
      ...planGuarded(letter),
    ],
  };
}

const LETTER_NOT_SENT = 'The letter was not sent';
const letterNotSent = (lines: string[]): SendResult => refusedAction(LETTER_NOT_SENT, lines);

/**
 * Sends the letter to the address the member typed: one valid address, never the reporter's or a
 * witness's. The redaction guard checks every part; the message is at-most-once and the case remembers it
 * was sent, so a second POST (or a retry) never sends a second letter. The Doc records the text sent.
 */
export function sendLetter(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  rawTo: string,
  again = false,
): SendResult {
  const refusal = (again ? whyCannotSendLetterAgain : whyCannotSendLetter)(ctx, state, clearances, memberId);
  if (refusal) return letterNotSent([refusal]);
  const parsed = parseSingleEmail(String(rawTo ?? ''));
  if (!parsed.ok) {
    const why =
      parsed.reason === 'empty'
        ? 'Type the reported person\u2019s email address.'
        : parsed.reason === 'multiple'
          ? 'Type exactly one email address: the letter goes to the reported person alone.'
          : 'That is not a valid email address.';
    return letterNotSent([why]);
  }
  const to = parsed.email;
  if (isGroupAddress(settingsOf(ctx), to)) return letterNotSent([GROUP_ADDRESS_REFUSAL]);
  if (isProtectedAddress(ctx, state, to)) {
    return letterNotSent([
      'That address belongs to someone the committee must protect (the reporter, the person affected or a witness), not to the reported person.',
    ]);
  }
  // The reported person moderates the space, and the report gave no address to keep them out by: their acceptance
  // alone must not let the letter about them go (seed: consequences may take away their moderator rights).
  const asked = currentRound(ctx, state);
  const theirs = (m: { email: string }) => isSamePerson(matchAddresses(m.email, to));
  if (
    !again &&
    asked.some(theirs) &&
    !overrideInForce(state, hasPassedVote(ctx, state.id)?.closedAt ?? '') &&
    roundStanding(asked.filter((m) => !theirs(m))) !== 'accepted'
  )
    return letterNotSent([
      'That address is the moderator\u2019s whose acceptance lets it go: the person it is about. Have the owner take it off the space in Settings.',
    ]);
  const sent = lettersSent(ctx, state);
  if (again && sent.some((e) => e && isSamePerson(matchAddresses(e, to))))
    return letterNotSent(['The letter already went to that address.']);
  const outgoing = letterOutgoing(ctx, state);
  const { parts, plan, consequences, problems } = outgoing.texts;
  if (problems.length) return letterNotSent(problems);
  const refused = refuseIdentifying(ctx, state, 'letter', LETTER_NOT_SENT, outgoing.guarded);
  if (refused) return refused;
  const message = composeLetter(parts, plan, consequences);
  const long = tooLongToMail('letter', message);
  if (long) return letterNotSent([long]);
  const round = roundOf(state);
  // The recipient is not part of the key: a second POST with another address must not make a second letter. A letter
  // sent again is numbered: each address the member confirmed gets it once.
  queueMail(ctx, {
    key: letterKey(state, again ? sent.length + 1 : 1),
    caseId: state.id,
    kind: 'letter',
    to,
    replyTo: replyAddress(ctx),
    ...message,
    delivery: 'at-most-once',
  });
  state.flags.letter = again
    ? { ...state.flags.letter!, to: [...sent, to] }
    : { at: readNowIso(ctx), by: memberId, to: [to] };
  const member = memberById(ctx, memberId);
  recordInDoc(
    ctx,
    state,
    SECTION.reportedPerson,
    `${round > 1 ? `Revised letter (round ${round})` : 'Letter'} sent ${again ? 'again, to another address' : 'to the reported person'} (${to}) by ${member?.name || 'a member'}.`,
    message.body.split('\n'),
  );
  if (again) casesOf(ctx).save(state);
  else setPhase(ctx, state, nextAfterLetter(state));
  recordAudit(ctx, again ? 'letter.sent-again' : 'letter.sent', state.id, 'letter queued (at most once)');
  return doneAction('The letter is on its way', [
    'It is sent once, from the committee address. The text is recorded in the case document under "Discussions with the reported person".',
  ]);
}

/** After the letter: resolved when there is nobody to follow up with (or it is done), else the follow-up is next. */
export function nextAfterLetter(state: Case): 'letter-sent' | 'resolved' {
  if (state.flags.followUp || state.flags.followUpWaived || state.badFaith || !state.reporterEmail) return 'resolved';
  return 'letter-sent';
}
