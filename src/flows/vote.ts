// Votes on a case's plan and consequences (DESIGN §3.4): opened by a cleared voting member, eligible voters frozen at opening, two-thirds of them to pass.
import type { CasePhase } from '../core/lifecycle';
import { committeeAlertMessage, voteOpenedMessage, voteResultMessage } from '../core/messages';
import { requiredApprovals, tallyVote, isEligibleVoter, type Choice, type Tally } from '../core/votes';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { ID_PREFIX, LINK_TTL_DAYS, PROP, ROLLED_BACK_LINE } from '../workspace/schema';
import { casesOf, isClosed, letterEverSent, type Case } from '../records/cases';
import { clearancesOf, type Clearances } from '../records/clearances';
import { outboxKey, outboxOf, type OutboxKeys } from '../records/outbox';
import { CHOICES, votesOf, type VoteRecord, type VoteSubject, type VotedTexts } from '../records/votes';
import { proposalsOf } from '../records/proposals';
import { formatForSheet, isoOf, isDate } from '../core/deadlines';
import { formatLogTime } from '../workspace/session';
import {
  clearedMember,
  committeeTime,
  recordInDoc,
  SECTION,
  setPhase,
  tellCaseMembers,
  ONLY_CLEARED_CAN,
  CASE_CLOSED,
} from './case-state';
import { moderationOf, roundStanding } from '../records/moderation';
import { refusedAction, doneAction, MAIL_TEXT_CHARS, tooLong } from './outgoing';
import { applyClosing } from './closing';
import { MODERATORS_DISAGREE, withdrawRecommendation } from './moderators';
import { windowStartOf } from './stalls';
import { memberById, settingsOf, activeMembers } from '../workspace/committee';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';
import { commitWork } from '../workspace/unit-of-work';

/** Phases from which a new vote may be opened. */
const OPENABLE: readonly CasePhase[] = ['screening', 'deliberating', 'vote-failed', 'moderators-disagree'];
/** Why a vote on the response cannot open while the one that passed stands (the next step is the recommendation). */
const PASSED = 'The current vote has passed; the next step is the recommendation to the moderators.';
/** Why a member whose vote against a passed decision failed may not open another: repeated, it held the decision up. */
export const ONE_TRY =
  'A vote you opened against the decision that passed did not pass: another member may open the next, so nobody holds a two-thirds decision in suspense alone.';
/** Phases after a passed vote from which a new vote may be opened only when the Doc's text has changed since. */
const REVOTABLE: readonly CasePhase[] = ['vote-passed', 'awaiting-moderators', 'moderators-accepted'];

/** A plain outcome for pages: what happened, in a few sentences. */
export interface ActionResult {
  ok: boolean;
  heading: string;
  lines: string[];
}

/**
 * The tally of a vote as pages show it (counts only, whatever Settings say about individual votes): while it is open,
 * of the ballots that count (a recused member's is not one of the votes), as the tally that closes it.
 */
export function tallyOf(ctx: Context, state: Case, vote: VoteRecord): Tally {
  const tally = tallyVote(
    vote.eligible,
    vote.outcome === 'open' ? countableBallots(ctx, state, clearancesOf(ctx), vote) : vote.ballots,
  );
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

/** The case's current round: 1, then one more for each further response opened after a letter. */
export function roundOf(state: Case): number {
  const round = Number(state.flags.round);
  return Number.isInteger(round) && round > 1 ? round : 1;
}

/** The voting members who would be eligible now: active, not advisers, with a recorded "no conflict". */
export function eligibleVoters(ctx: Context, state: Case, clearances: Clearances): CommitteeMember[] {
  return ctx.committee
    .active()
    .filter((m) => isEligibleVoter(m, clearedMember(ctx, clearances, state.id, m.id) !== null));
}

/**
 * When the screening window of the case ends (ISO): its start, as the stall alerts count it (a reopening while a member
 * asked is silent: one asked again has the window to answer, ADV-524), plus the hours Settings gave at the report.
 */
export function screeningWindowEnd(ctx: Context, state: Case, clearances: Clearances): string {
  const hours = state.deadlines.screeningHours ?? settingsOf(ctx).screeningWindowHours;
  const received = Date.parse(windowStartOf(ctx, state, clearances));
  return isoOf((Number.isFinite(received) ? received : 0) + hours * 3600 * 1000);
}

/** Active voting members who have not answered screening for the case (no record either way). */
export function silentVoters(ctx: Context, state: Case, clearances: Clearances): CommitteeMember[] {
  return activeMembers(ctx).filter((m) => m.role === 'voting' && !clearances.latest(state.id, m.id));
}

/**
 * Why a vote cannot open for the case yet, whoever asks: the screening window (every active voting member has
 * answered, or the window has passed) and the quorum (at least Settings' minimum of eligible voters, so
 * nobody decides alone). Null when both hold.
 */
export function whyVoteMustWait(ctx: Context, state: Case, clearances: Clearances): string | null {
  const settings = settingsOf(ctx);
  const silent = silentVoters(ctx, state, clearances);
  // Someone in immediate danger does not wait three days for silent members (the quorum below still holds).
  const windowEnd = silent.length && !state.danger ? screeningWindowEnd(ctx, state, clearances) : '';
  if (windowEnd && readNow(ctx) < Date.parse(windowEnd)) {
    const zone = settings.timeZone;
    return `${silent.length} voting member(s) have not answered screening yet. A vote opens when every voting member has answered, or after the screening window ends (${formatForSheet(windowEnd, zone)}, ${zone}), so nobody is left out of the decision.`;
  }
  const eligible = eligibleVoters(ctx, state, clearances).length;
  if (eligible < settings.minimumVoters) {
    return `Only ${eligible} voting member(s) without a conflict can vote on this case, and a vote needs at least ${settings.minimumVoters} (Settings "Minimum voters"): nobody decides alone. The committee account and the escalation contact are told when a case is stuck like this.`;
  }
  return null;
}

/**
 * The Doc sections whose text now differs from what `vote` froze, by their Doc titles (the letter only when the vote
 * froze one): what the page shows as changed, and what lets a new vote open after a passed one.
 */
export function changedSections(vote: VoteRecord, now: VotedTexts): string[] {
  const differs = (a: string, b: string) => a.trim() !== b.trim();
  const changed: string[] = [];
  if (differs(vote.texts.plan, now.plan)) changed.push(SECTION.plan);
  if (differs(vote.texts.consequences, now.consequences)) changed.push(SECTION.consequences);
  if (vote.texts.letter && differs(vote.texts.letter, now.letter)) changed.push(SECTION.letter);
  return changed;
}

/** The Doc's plan, consequences and letter draft as written now (three section reads of one Doc). */
export function readDraft(ctx: Context, state: Case): VotedTexts {
  return {
    plan: ctx.work.docs.readSection(state.docId, SECTION.plan),
    consequences: ctx.work.docs.readSection(state.docId, SECTION.consequences),
    letter: ctx.work.docs.readSection(state.docId, SECTION.letter),
  };
}

/** Refusals named once to share one string in the bundle (the vote page says the first too). */
export const NO_VOTE = 'There is no vote for this case.';
const NOT_RECORDED = 'Your vote was not recorded';
/** Why closing as no violation is refused after a letter: shared with whyCannotClose (one string in the bundle). */
export const LETTER_SENT = 'The letter to the reported person has been sent: this was treated as a violation.';

/**
 * Why this member may not open a vote on `subject` now, or null when they may. A response vote after a passed
 * one is open again only when the Doc's text changed since (then the voted text is what would be sent
 * otherwise); `draft` is the Doc's text when the caller has read it.
 */
export function whyCannotOpenVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  subject: VoteSubject = 'response',
  draft?: VotedTexts,
): string | null {
  const member = clearedMember(ctx, clearances, state.id, memberId);
  if (!member) return `${ONLY_CLEARED_CAN}open a vote.`;
  if (member.role !== 'voting') return 'Advisers take part in the discussion but do not open or cast votes.';
  if (isClosed(state)) return CASE_CLOSED;
  const latest = votesOf(ctx).latest(state.id);
  let phase = state.phase;
  if (latest?.outcome === 'open') {
    // One past its time is over, though the hourly sweep has not recorded it yet: a POST closes it first (closeOverdueVote).
    if (!overdue(ctx, latest)) return 'A vote is already open.';
    if (decidingTally(ctx, state, clearances, latest).outcome === 'passed') return PASSED;
    phase = 'vote-failed';
  }
  // A closing after any round's letter would tell the reported person one thing and record another.
  if (subject === 'response' ? state.flags.letter : letterEverSent(state))
    return subject === 'response'
      ? 'The letter of this round has been sent. If the reported person gave more context, open a new round.'
      : LETTER_SENT;
  // A vote against a passed decision suspends it while it runs: after one of theirs failed, the next is another's to open.
  const standing = hasPassedVote(ctx, state.id, roundOf(state));
  const after = standing
    ? votesOf(ctx)
        .forCase(state.id)
        .filter((v) => v.openedAt > standing.openedAt)
    : [];
  if (after.some((v) => v.openedBy === memberId)) return ONE_TRY;
  if (subject === 'response' && REVOTABLE.includes(phase)) {
    // The decision in force, not the newest vote: after a vote on changed text did not pass, the committee may try again.
    if (!standing || !changedSections(standing, draft ?? readDraft(ctx, state)).length) return PASSED;
  } else if (subject === 'response' && !OPENABLE.includes(phase)) {
    return PASSED;
  }
  return whyVoteMustWait(ctx, state, clearances);
}

const SUBJECT_TEXT: Record<VoteSubject, string> = {
  response: 'the plan and consequences below',
  'no-violation': 'closing the case as not a Code of Conduct violation',
  'bad-faith': 'closing the case as a report not made in good faith (the reporter gets no follow-up)',
};

/**
 * Opens a vote: eligible = active voting members (not advisers) cleared for the case, frozen now, and the text
 * it decides frozen with it (the plan and the consequences as the Doc has them now, and the letter draft when the
 * member put it to the vote too): what
 * is sent once it passes is exactly that. Each eligible member gets a signed `vote` link; the Doc records the
 * opening, the frozen text and the date.
 */
export function openVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  draft: VotedTexts = { ...readDraft(ctx, state), letter: '' },
  subject: VoteSubject = 'response',
): ActionResult {
  const refusal = whyCannotOpenVote(ctx, state, clearances, memberId, subject, draft);
  if (refusal) return refusedAction('The vote was not opened', [refusal]);
  const eligible = eligibleVoters(ctx, state, clearances);
  const ids = eligible.map((m) => m.id);
  const required = requiredApprovals(ids.length);
  const voteId = ctx.clock.newId(ID_PREFIX.vote);
  const round = roundOf(state);
  const texts: VotedTexts =
    subject === 'response'
      ? { plan: draft.plan.trim(), consequences: draft.consequences.trim(), letter: draft.letter.trim() }
      : { plan: '', consequences: '', letter: '' };
  // Frozen in one registry cell (cut past 50,000 characters, and the vote then froze nothing), and sent by email.
  if (JSON.stringify(texts).length > MAIL_TEXT_CHARS)
    return refusedAction('The vote was not opened', [tooLong('plan with its consequences and letter draft is')]);
  const closesOn = closesAtFor(ctx, readNowIso(ctx));
  // Asked before the new vote is recorded: once it is, the newest vote is open and no decision "stands".
  const revote = subject === 'response' ? hasPassedVote(ctx, state.id, round) : null;
  const replaces = revoteText(ctx, revote, texts);
  votesOf(ctx).open({
    id: voteId,
    caseId: state.id,
    openedBy: memberId,
    openedAt: readNowIso(ctx),
    eligible: ids,
    subject,
    round,
    texts,
    closesAt: closesOn,
  });
  const roundText = round > 1 ? ` (round ${round})` : '';
  const frozen =
    subject === 'response'
      ? [
          `Plan: ${texts.plan || '(empty)'}`,
          `Consequences: ${texts.consequences || '(empty)'}`,
          ...(texts.letter ? [`Letter draft: ${texts.letter}`] : []),
          'This is the text the vote decides: once it passes, exactly this is sent, whatever the sections say by then.',
          ...(replaces ? [replaces] : []),
        ]
      : [];
  recordInDoc(
    ctx,
    state,
    SECTION.discussions,
    `Vote opened${roundText} on ${SUBJECT_TEXT[subject]} (${ids.length} eligible voting members; it passes with ${required} approvals).`,
    frozen,
    `Vote opened${roundText} on ${subject === 'response' ? 'the plan and consequences' : SUBJECT_TEXT[subject]} (${ids.length} eligible voting members; it passes with ${required} approvals).`,
  );
  // Named with its zone, as the case page and the reminder give it: members live in several zones.
  for (const member of eligible) {
    const message = voteOpenedMessage({
      memberName: member.name,
      codeName: state.codeName,
      required,
      eligible: ids.length,
      voteUrl: linkOf(ctx, member.id, state.id, 'vote', LINK_TTL_DAYS.vote),
      question: subject === 'response' ? '' : SUBJECT_TEXT[subject],
      replaces,
      closesOn: committeeTime(ctx, closesOn),
    });
    queueMail(ctx, {
      key: outboxKey(state.id, `vote:${voteId}`, member.id),
      caseId: state.id,
      kind: 'vote',
      to: member.email,
      ...message,
      delivery: AT_LEAST_ONCE,
    });
  }
  // A closing vote that fails puts the case back where it was (a response vote that passed still stands).
  if (subject !== 'response') state.flags.beforeClosingVote = state.phase;
  // A new vote on changed text after a passed one: if it does not pass, the passed one stands and the case goes back.
  else if (revote) state.flags.beforeRevote = state.phase;
  setPhase(ctx, state, 'voting');
  recordAudit(
    ctx,
    'vote.opened',
    state.id,
    `${voteId}: ${subject}, round ${round}, ${ids.length} eligible, ${required} needed`,
  );
  return doneAction('The vote is open', [
    `${ids.length} eligible voting members have been sent their vote links. It passes with ${required} approvals.`,
  ]);
}

/**
 * What a vote on the response replaces, for its email and page: the vote that passed before it in the round, and which
 * sections differ ('' with none). Read as the one a member approved, a one-word change went unseen.
 */
export function revoteText(ctx: Context, passed: VoteRecord | null | undefined, texts: VotedTexts): string {
  if (!passed) return '';
  const changed = changedSections(passed, texts).map((s) => `"${s}"`);
  return `This vote is on ${changed.length ? `changed text (${changed.join(', ')})` : 'the same text'}: the text that passed on ${committeeTime(ctx, passed.closedAt)} stands unless this vote passes.`;
}

/** When a vote closes by itself: the time fixed when it opened, or for an older vote its opening plus today's `Vote within (days)`. */
export function voteClosesAt(ctx: Context, vote: Pick<VoteRecord, 'openedAt' | 'closesAt'>): string {
  return isDate(vote.closesAt) ? vote.closesAt : closesAtFor(ctx, vote.openedAt);
}

/** True once the vote's closing time has come. */
export function overdue(ctx: Context, vote: VoteRecord): boolean {
  return readNow(ctx) >= Date.parse(voteClosesAt(ctx, vote));
}

/** When a vote opened at `openedAt` closes under today's `Vote within (days)`. */
function closesAtFor(ctx: Context, openedAt: string): string {
  const days = settingsOf(ctx).voteWithinDays;
  return isoOf(Date.parse(openedAt) + days * 24 * 3600 * 1000);
}

/** Why this member's ballot cannot be taken now, or null. */
export function whyCannotVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  vote: VoteRecord | null,
  memberId: string,
): string | null {
  if (!vote) return NO_VOTE;
  if (!vote.eligible.includes(memberId)) return 'You are not one of the eligible voters of this vote.';
  const member = clearedMember(ctx, clearances, state.id, memberId);
  if (!member) return `${ONLY_CLEARED_CAN}vote.`;
  if (member.role !== 'voting') return 'Advisers do not vote.';
  if (vote.outcome !== 'open') return 'This vote is closed.';
  // Nor on ballots the registry lost: a ballot would decide on them, or hide the restore from the sweep (ADV-553).
  if (ballotLost(ctx, vote)) return ROLLED_BACK_LINE;
  // Closed at its time even before the sweep records it (the trigger runs late, or not for a while): a ballot
  // after the time its email gave would decide a vote that had already not passed.
  if (overdue(ctx, vote)) {
    const closesAt = voteClosesAt(ctx, vote);
    return `This vote closed on ${committeeTime(ctx, closesAt)}; its result follows within the hour.`;
  }
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
  // A closed vote keeps no ballots, so a second click on the ballot that closed it cannot be told from a late one:
  // "not recorded" would tell the first that their vote was lost. (A cancelled vote counted nothing.)
  if ((vote?.outcome === 'passed' || vote?.outcome === 'failed') && vote.eligible.includes(memberId))
    return refusedAction('This vote is closed', [
      'If you voted before it closed, that vote counted; nothing was recorded now.',
    ]);
  if (refusal) return refusedAction(NOT_RECORDED, [refusal]);
  if (!CHOICES.includes(choice)) return refusedAction(NOT_RECORDED, ['Choose approve, reject or abstain.']);
  const changed = vote.ballots[memberId] !== undefined && vote.ballots[memberId] !== choice;
  if (vote.ballots[memberId] === choice) {
    return doneAction('Your vote is recorded', [`You voted: ${choice}. Nothing changed.`]);
  }
  vote.ballots[memberId] = choice;
  votesOf(ctx).saveBallots(vote);
  recordAudit(ctx, changed ? 'vote.ballot-changed' : 'vote.ballot-cast', state.id, vote.id);
  const tally = decidingTally(ctx, state, clearances, vote);
  if (tally.outcome === 'passed' || tally.outcome === 'failed') {
    closeVote(ctx, state, clearances, vote, tally);
    return doneAction('Your vote is recorded', [
      `You voted: ${choice}.`,
      `With your vote the vote ${tally.outcome === 'passed' ? 'passed' : 'did not pass'}. The members cleared for this case have been told.`,
    ]);
  }
  // It sends no mail, so no sent mark tells a restore from before it: its own mark does, once committed (ADV-552). It
  // holds the vote's count of ballots cast, changes included, so a restore to before a changed ballot is told too
  // (ADV-553); an execution dying between the commit and the mark leaves a lower count, which raises no false alarm.
  markBallot(ctx, vote.id, vote.cast);
  return doneAction('Your vote is recorded', [
    `You voted: ${choice}.`,
    'You can change it from the same link until the vote closes.',
  ]);
}

/**
 * Ballots that still count: a member who has since declared a conflict (or left the committee, or is no longer a
 * voting member) recuses themselves, so their ballot no longer counts, while the eligible set, and so the threshold,
 * stays frozen.
 */
export function countableBallots(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  vote: VoteRecord,
): Record<string, Choice> {
  const out: Record<string, Choice> = {};
  for (const [id, choice] of Object.entries(vote.ballots)) {
    // A member made an adviser since no longer votes: their ballot goes like a recused member's.
    if (clearedMember(ctx, clearances, state.id, id)?.role === 'voting') out[id] = choice;
  }
  return out;
}

/**
 * The tally that decides a vote: of the ballots that count; and out of reach (failed) once the approvals and the
 * members who may still approve fall short. A voter who declared a conflict never can (it stands: ADV-17); one made an
 * adviser, or gone, may be back before the close.
 */
function decidingTally(ctx: Context, state: Case, clearances: Clearances, vote: VoteRecord): Tally {
  const counted = countableBallots(ctx, state, clearances, vote);
  const tally = tallyVote(vote.eligible, counted);
  const able = vote.eligible.filter(
    (id) => !counted[id] && clearances.latest(state.id, id)?.decision !== 'conflict',
  ).length;
  return tally.outcome === 'open' && tally.approve + able < tally.required ? { ...tally, outcome: 'failed' } : tally;
}

function memberNames(ctx: Context, ids: readonly string[]): Map<string, CommitteeMember | undefined> {
  return new Map(ids.map((id) => [id, memberById(ctx, id)]));
}

/**
 * Closes a decided vote: outcome and counts (and who voted how only when Settings keep individual votes)
 * go into the Doc with the dates; the cleared members are told; the case moves on.
 */
/**
 * `closedAt` is when the vote closed, for the record: now, or its closing time when a sweep that ran late (a trigger
 * skipped, the account's triggers held up) closes it at its deadline; no ballot was taken after that time.
 */
function closeVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  vote: VoteRecord,
  tally: Tally,
  closedAt = readNowIso(ctx),
): void {
  const { recordIndividualVotes: keepIndividual, timeZone: zone } = settingsOf(ctx);
  vote.outcome = tally.outcome === 'passed' ? 'passed' : 'failed';
  vote.closedAt = closedAt;
  const counts = { approve: tally.approve, reject: tally.reject, abstain: tally.abstain };
  votesOf(ctx).close(vote, vote.outcome, closedAt, counts, keepIndividual);
  // The result below tells the members instead.
  dropVoteMail(ctx, state, vote, 'closed');
  const lines = [
    // In the committee's zone, named, as the dated lines around it (the UTC time was the one exception in the Doc).
    `Opened ${formatLogTime(Date.parse(vote.openedAt), zone)}, closed ${formatLogTime(Date.parse(closedAt), zone)}.`,
    `Approve: ${tally.approve}; reject: ${tally.reject}; abstain: ${tally.abstain}; not voted: ${tally.notVoted}; needed to pass: ${tally.required} of ${vote.eligible.length} eligible.`,
  ];
  if (keepIndividual) {
    const names = memberNames(ctx, vote.eligible);
    // A recused member's ballot is listed as such: beside the tally it would read as one more approval.
    const counted = countableBallots(ctx, state, clearances, vote);
    const each = vote.eligible.map(
      (id) =>
        `${names.get(id)?.name || 'a former member'}: ${vote.ballots[id] ?? 'did not vote'}${vote.ballots[id] && !counted[id] ? ' (not counted)' : ''}`,
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
    question: vote.subject === 'response' ? '' : SUBJECT_TEXT[vote.subject],
    stands: Boolean(state.flags.beforeRevote),
  });
  const recipients = activeMembers(ctx).filter((m) => clearedMember(ctx, clearances, state.id, m.id));
  for (const member of recipients) {
    queueMail(ctx, {
      key: outboxKey(state.id, `vote-result:${vote.id}`, member.id),
      caseId: state.id,
      kind: 'vote-result',
      to: member.email,
      ...message,
      delivery: AT_LEAST_ONCE,
    });
  }
  recordAudit(
    ctx,
    `vote.${vote.outcome}`,
    state.id,
    `${vote.id}: ${tally.approve} approve, ${tally.reject} reject, ${tally.abstain} abstain, ${tally.required} needed`,
  );
  // A decision passed after the recommendation went: its moderators must not act on it any more.
  if (vote.outcome === 'passed') withdrawRecommendation(ctx, state, clearances);
  if (vote.subject !== 'response') {
    const before = (state.flags.beforeClosingVote as CasePhase | undefined) ?? 'deliberating';
    delete state.flags.beforeClosingVote;
    if (vote.outcome === 'passed')
      applyClosing(
        ctx,
        state,
        vote.subject,
        `by vote: ${tally.approve} of ${vote.eligible.length} approved`,
        vote.openedBy,
      );
    else setPhase(ctx, state, before);
    return;
  }
  const back = state.flags.beforeRevote as CasePhase | undefined;
  delete state.flags.beforeRevote;
  // The recommendation of the decision that stands was answered while this vote ran (that moved nothing): act on it now.
  const ids = state.flags.recommendation?.moderators ?? [];
  const asked = back === 'awaiting-moderators' && vote.outcome !== 'passed';
  // Read only then: the Moderation tab is no cost of any other vote's close.
  const standing = asked
    ? roundStanding(
        moderationOf(ctx)
          .forCase(state.id)
          .filter((m) => ids.includes(m.id)),
      )
    : 'none';
  const phase: CasePhase =
    vote.outcome === 'passed'
      ? 'vote-passed'
      : standing === 'disagreed'
        ? 'moderators-disagree'
        : standing === 'accepted'
          ? 'moderators-accepted'
          : (back ?? 'vote-failed');
  setPhase(ctx, state, phase);
  if (asked && phase === 'moderators-disagree')
    tellCaseMembers(ctx, state, clearances, 'alert', `moderators-disagree:${vote.id}`, MODERATORS_DISAGREE, [
      `They answered the recommendation that stands while the committee voted again: see "${SECTION.moderators}".`,
    ]);
}

/**
 * Its `Vote open` email or "closes within a day" reminder still waiting for the daily quota would announce a vote that is
 * over: dropped.
 */
function dropVoteMail(ctx: Context, state: Case, vote: VoteRecord, how: string): void {
  const keys = vote.eligible.flatMap((id) =>
    ['vote', 'vote-reminder'].map((kind) => outboxKey(state.id, `${kind}:${vote.id}`, id)),
  );
  outboxOf(ctx).dropPending(keys, readNowIso(ctx), `dropped: the vote ${how} first`);
}

/** Cancels an open vote (the case was closed while it ran). */
export function cancelOpenVote(ctx: Context, state: Case, reason: string): void {
  const vote = votesOf(ctx).latest(state.id);
  if (!vote || vote.outcome !== 'open') return;
  // Counted as the pages count it: a recused member's ballot is not one of the votes (ADV-176, ADV-295).
  const clearances = clearancesOf(ctx);
  const tally = tallyVote(vote.eligible, countableBallots(ctx, state, clearances, vote));
  const keepIndividual = settingsOf(ctx).recordIndividualVotes;
  const counts = { approve: tally.approve, reject: tally.reject, abstain: tally.abstain };
  // Who knew of the vote (ADV-503): its opener, a member who voted, one whose `Vote open` went. Not an adviser, nor one
  // whose email still waited for the quota (dropped below, ADV-485): a cancelled vote they never heard of.
  const keys = outboxOf(ctx).keyIndex();
  const knew = (id: string) =>
    id === vote.openedBy ||
    vote.ballots[id] !== undefined ||
    /^(sent|sending|held)$/.test(keys.state(outboxKey(state.id, `vote:${vote.id}`, id)) ?? '');
  votesOf(ctx).close(vote, 'cancelled', readNowIso(ctx), counts, keepIndividual);
  // ADV-485: a vote opened while the quota was spent, then the case closed from the sheet (or by two members): each
  // member got `Vote open … It closes on <date>` a day later, for a vote already cancelled.
  dropVoteMail(ctx, state, vote, 'cancelled');
  // ADV-498: members asked to vote by a date are told it is over, as of a decided vote (`Vote result`).
  tellCaseMembers(
    ctx,
    state,
    clearances,
    'alert',
    `vote-cancelled:${vote.id}`,
    'A vote was cancelled',
    [`Its vote was cancelled: ${reason}.`],
    knew,
  );
  recordInDoc(ctx, state, SECTION.discussions, `Vote cancelled: ${reason}`);
  recordAudit(ctx, 'vote.cancelled', state.id, vote.id);
  delete state.flags.beforeClosingVote;
  delete state.flags.beforeRevote;
  casesOf(ctx).save(state);
}

/**
 * The response vote in force for the case's current round: its newest passed vote on the plan and consequences
 * (a later closing vote, or a later vote on changed text that did not pass, leaves it standing). Null while a
 * newer one is open, or when none passed.
 */
export function hasPassedVote(ctx: Context, caseId: string, round?: number): VoteRecord | null {
  const votes = votesOf(ctx)
    .forCase(caseId)
    .filter((v) => v.subject === 'response' && (round === undefined || v.round === round));
  // A newer vote that failed or was cancelled leaves the passed one before it standing; an open one suspends it.
  for (let i = votes.length - 1; i >= 0; i--) {
    if (votes[i].outcome === 'passed') return votes[i];
    if (votes[i].outcome === 'open') return null;
  }
  return null;
}

/**
 * The registry went back in time (ADV-552): the open vote holds fewer ballots cast (`#<count>`, ADV-553) than the last
 * ballot mark says. A new round's vote is another row, a closed or withdrawn one keeps no ballots. A mark written before
 * the count (`<member id>`) asks only whether that member, still eligible, has a ballot.
 */
export function ballotLost(ctx: Context, vote: Pick<VoteRecord, 'id' | 'cast' | 'eligible' | 'ballots'>): boolean {
  const [voteId, seen = ''] = (readProp(ctx, PROP.ballotMark) ?? '').split('|');
  // The mark names another vote (or proposal) that lost ballots: a ballot here would move the mark and hide that loss
  // for good, as a second report did the Form's (ADV-601); nothing is decided until the repair (ADV-631).
  if (voteId !== vote.id) return !!voteId && markedBallot(ctx).lost;
  return seen[0] === '#' ? vote.cast < Number(seen.slice(1)) : vote.eligible.includes(seen) && !vote.ballots[seen];
}

/** Whether the registry holds what the ballot mark names (a case vote, a proposal's `p<n>`), and, open, lost ballots of it. */
export function markedBallot(ctx: Context): { held: boolean; lost: boolean } {
  const [id] = (readProp(ctx, PROP.ballotMark) ?? '').split('|');
  const n = /^p(\d+)$/.exec(id)?.[1];
  const rec = n ? proposalsOf(ctx).find(+n) : votesOf(ctx).byId(id);
  const open = rec && ('state' in rec ? rec.state === 'vote' : rec.outcome === 'open');
  return { held: !!rec, lost: !!open && ballotLost(ctx, { ...rec, id }) };
}

/** Marks a ballot that did not decide, once committed: the vote `id` (a proposal's `p<n>`, ADV-567) and its count. */
export function markBallot(ctx: Context, id: string, cast: number): void {
  commitWork(ctx);
  writeProp(ctx, PROP.ballotMark, `${id}|#${cast}`);
}

/**
 * The vote's deadline, for the sweep: a day before it closes, the eligible members who have not voted are reminded
 * once; when it closes with two-thirds not reached, it did not pass (the threshold never drops:
 * silence is not consent). Returns what happened.
 */
export function sweepOpenVote(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  keys?: Pick<OutboxKeys, 'state'>,
  settle = Boolean(keys),
): 'closed' | 'reminded' | null {
  const vote = votesOf(ctx).latest(state.id);
  if (!vote || vote.outcome !== 'open' || isClosed(state)) return null;
  // Nothing is decided on ballots the registry lost (ADV-552), nor by a page's POST closing it past its time (ADV-553).
  const lost = ballotLost(ctx, vote);
  if ((keys || lost) && ctx.outbox.rolledBack(lost)) return null;
  const closesAt = Date.parse(voteClosesAt(ctx, vote));
  const now = readNow(ctx);
  const counted = decidingTally(ctx, state, clearances, vote);
  // At its time; or, in the sweep (or as a voter recuses), before it once the result is certain with no ballot taken: a
  // voter's recusal left two-thirds out of reach, or a ballot that counts again (a role or clearance restored) reached it.
  if (now >= closesAt || (settle && counted.outcome !== 'open')) {
    closeVote(
      ctx,
      state,
      clearances,
      vote,
      { ...counted, outcome: counted.outcome === 'passed' ? 'passed' : 'failed' },
      isoOf(Math.min(now, closesAt)),
    );
    recordAudit(ctx, 'vote.deadline', state.id, vote.id);
    return 'closed';
  }
  // Without `keys` (a page's POST, which closes a vote past its time before it acts), no reminder.
  if (!keys || vote.remindedAt || now < closesAt - 24 * 3600 * 1000) return null;
  // Eligibility was fixed at the opening, but a member made an adviser since cannot vote (whyCannotVote): no reminder.
  // Nor for one whose `Vote open` still waits for the quota: "use the vote link in the email that opened it" would
  // come first (it may draw on the reserve), and that email, when it goes, gives the closing time itself.
  const waiting = vote.eligible.filter(
    (id) =>
      vote.ballots[id] === undefined &&
      clearedMember(ctx, clearances, state.id, id)?.role === 'voting' &&
      keys.state(outboxKey(state.id, `vote:${vote.id}`, id)) !== 'pending',
  );
  votesOf(ctx).markReminded(vote, readNowIso(ctx));
  for (const id of waiting) {
    const member = memberById(ctx, id);
    if (!member) continue;
    const message = committeeAlertMessage({
      // Within a day, not "tomorrow": a late sweep (or the quota) may send it on the day the vote closes.
      title: 'A vote closes within a day and you have not voted',
      lines: [
        `The vote closes on ${committeeTime(ctx, isoOf(closesAt))}. Without two-thirds of all eligible members approving by then, it does not pass.`,
        'Use the vote link in the email that opened it, or the case page.',
      ],
      codeName: state.codeName,
    });
    queueMail(ctx, {
      key: outboxKey(state.id, `vote-reminder:${vote.id}`, member.id),
      caseId: state.id,
      // Its own kind, not a member `reminder` (the last class the outbox sends): under the daily quota it goes by its
      // deadline, the vote's close (mailer.ts KIND_DEADLINE_HOURS). Not gathered into a digest for the same reason.
      kind: 'vote-reminder',
      to: member.email,
      ...message,
      delivery: AT_LEAST_ONCE,
    });
  }
  recordAudit(ctx, 'vote.reminded', state.id, `${vote.id}: ${waiting.length} member(s) reminded`);
  return 'reminded';
}
