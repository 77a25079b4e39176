// The anonymized recommendation to a space's moderators (DESIGN §3.5): redaction guard, at-most-once delivery, signed answers, reminders and escalation.
import { DAY_MS, dayIn } from '../core/deadlines';
import {
  escalationMessage,
  moderatorReminderMessage,
  recommendationMessage,
  recommendationWithdrawnMessage,
} from '../core/messages';
import type { Space } from '../core/settings';
import { lowerTrim, stripControlCharacters, truncate, withoutDeskLinks } from '../core/text';
import { canonicalAddress } from '../core/identity';
import type { Context } from '../workspace/context';
import { ID_PREFIX, LINK_TTL_DAYS } from '../workspace/schema';
import { casesOf, isClosed, type Case } from '../records/cases';
import { clearancesOf, type Clearances } from '../records/clearances';
import { moderationOf, roundStanding, type ModeratorRecord } from '../records/moderation';
import { outboxKey, outboxOf, type OutboxKeys } from '../records/outbox';
import {
  clearedMember,
  recordInDoc,
  SECTION,
  setPhase,
  tellCaseMembers,
  ONLY_CLEARED_CAN,
  CASE_CLOSED,
  writeInDocOrAudit,
} from './case-state';
import { keptOut } from './self-reported';
import { notVoter, ownProposal, proposeOrConfirm, twoMemberHeading, type TwoMembers } from './two-members';
import {
  doneAction,
  planGuarded,
  planPreviews,
  refuseIdentifying,
  tooLongToMail,
  type GuardedPart,
  type Outgoing,
  type Preview,
  refusedAction,
  type SendResult,
} from './outgoing';
import { changedSections, hasPassedVote, readDraft, roundOf, type ActionResult } from './vote';
import { hashText } from '../core/hash';
import { votesOf, type VoteRecord, type VotedTexts } from '../records/votes';
import { splitLetter } from '../core/letter-parts';
import { filedLine, isDatedLine } from '../records/doc-log';
import { memberById, settingsOf, timeZoneOf, replyAddress } from '../workspace/committee';
import { AT_LEAST_ONCE, NEW_CONTACT } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';

/** The title of the members' alert when the moderators disagree (their answer, or one that stands over a new vote). */
export const MODERATORS_DISAGREE = 'The moderators disagree with the recommendation';
/** The recommendation's `About` line when the report names nobody. */
const NAMES_NOBODY = '(the report names nobody)';

/** Longest disagreement kept, and the most of one moderator's words the Doc takes in a round (ADV-322). */
export const MAX_DETAILS_CHARS = 20000;
/**
 * Answers of one moderator the Doc takes in a round, and characters its moderators' section takes in all (as does any
 * section replies by email are filed under: ADV-350).
 */
const MAX_ANSWERS = 6;
export const MAX_SECTION_CHARS = 200000;

/**
 * Why the Doc takes no more of this moderator's answers, or null: a forwarded link posting new answers must not fill
 * it (a Doc holds 1.02 million characters, the case's later entries need room) nor alert the members once an hour for
 * weeks. Counted in the section from the round's recommendation on; beyond, the moderator writes to the committee.
 */
function whyDocFull(ctx: Context, state: Case, moderator: ModeratorRecord, details: string): string | null {
  const text = ctx.work.docs.readSection(state.docId, SECTION.moderators);
  let mine = false;
  let answers = 0;
  let words = 0;
  // The round starts at the system's own dated entry, never at a moderator's words quoting it (ADV-512).
  for (const line of text.split('\n'))
    if (!isDatedLine(line)) words += mine ? line.length : 0;
    else if (line.includes('Recommendation sent to the moderators')) [answers, words, mine] = [0, 0, false];
    else answers += +(mine = line.includes(`(${moderator.email}, `));
  const room = Math.min(MAX_DETAILS_CHARS - words, MAX_SECTION_CHARS - text.length);
  if (answers < MAX_ANSWERS && (!details || details.length <= room)) return null;
  return `${answers < MAX_ANSWERS ? `The case document has room for ${Math.max(room, 0)} more characters of your words` : `You have answered ${answers} times`}: please reply to the committee's email instead.`;
}

/** Email texts live in core; re-exported for callers that knew it here. */

/**
 * The moderators asked in the case's current recommendation round whose answers decide: one kept out since it was
 * sent (a conflict declared, the report found to name them) or taken off the space in Settings (the reported person
 * found to moderate it, ADV-280) is left out, whether they answered before or not.
 */
export function currentRound(ctx: Context, state: Case, clearances = clearancesOf(ctx)): ModeratorRecord[] {
  const ids = new Set(state.flags.recommendation?.moderators ?? []);
  if (!ids.size || state.flags.recommendation?.withdrawn) return [];
  return moderationOf(ctx)
    .forCase(state.id)
    .filter((m) => ids.has(m.id) && !answerNotWanted(ctx, state, clearances, m));
}

/** Puts the case where the answers that still decide put it: an answer given before a conflict no longer counts. */
export function settleModerators(ctx: Context, state: Case, clearances: Clearances): void {
  if (
    !/^moderators-(accepted|disagree)$/.test(state.phase) ||
    state.flags.override ||
    !recommendationInForce(ctx, state)
  )
    return;
  const round = currentRound(ctx, state, clearances);
  const standing = roundStanding(round);
  const phase =
    standing === 'waiting' || standing === 'none'
      ? 'awaiting-moderators'
      : (`moderators-${standing === 'accepted' ? 'accepted' : 'disagree'}` as const);
  if (phase === state.phase) return;
  setPhase(ctx, state, phase);
  if (phase === 'moderators-accepted') tellAccepted(ctx, state, clearances, round);
}

/** Said when the moderators' step is done (accepted, or overridden). */
export const LETTER_CAN_GO = 'The letter to the reported person can now be sent from the case page.';

/**
 * The cleared members hear that the letter may go: once per set of accepting answers, so an acceptance that stands
 * again after a conflict changed the round (ADV-225, ADV-231), or given again after a disagreement (ADV-281), is news;
 * by the hour, as a disagreement: a script posting answers from a forwarded link must not spend the mail quota (ADV-282).
 */
function tellAccepted(ctx: Context, state: Case, clearances: Clearances, round: readonly ModeratorRecord[]): void {
  const accepting = round
    .filter((m) => m.answer === 'accept')
    .map((m) => m.id + m.answeredAt.slice(0, 13))
    .sort();
  tellCaseMembers(
    ctx,
    state,
    clearances,
    'alert',
    `moderators-accept:${state.flags.recommendation?.voteId ?? ''}:${hashText(accepting.join('+'))}`,
    'The moderators accepted the recommendation',
    [LETTER_CAN_GO],
  );
}

/**
 * True when the recommendation on record follows the response vote in force: a newer vote (open, passed or failed)
 * means the moderators' answers and an override are about text that is no longer what would be sent.
 */
export function recommendationInForce(ctx: Context, state: Case): boolean {
  const rec = state.flags.recommendation;
  return !!rec?.voteId && !rec.withdrawn && hasPassedVote(ctx, state.id)?.id === rec.voteId;
}

/** Whether the escalation (its outbox key) goes, or went, to the contact Settings name now (ADV-533, ADV-545). */
const toContact = (ctx: Context, key: string) => outboxOf(ctx).sentTo(key) === settingsOf(ctx).escalationContact;

/**
 * Whether a held recommendation or escalation (its outbox key) may be sent again: only while it is what would go now, not
 * one withdrawn or replaced since, to a moderator who no longer counts, or while a vote runs (ADV-380), nor to an
 * escalation contact Settings no longer name (ADV-533).
 */
export function mayResend(ctx: Context, state: Case, key: string): boolean {
  const [, what = '', to] = key.split('|');
  const kind = what.split(':')[0];
  return (
    !/^(recommendation|escalation)$/.test(kind) ||
    (recommendationInForce(ctx, state) &&
      what.endsWith(`:${state.flags.recommendation?.voteId}`) &&
      (kind === 'escalation' ? toContact(ctx, key) : currentRound(ctx, state).some((m) => m.id === to)))
  );
}

/** Why nothing decided goes out while the committee is still voting on the case (a closing, say). */
export const VOTE_OPEN = 'A vote on this case is open: nothing is sent until it closes.';

/** True while a vote on the case (a response or a closing) is open. */
export function voteIsOpen(ctx: Context, state: Case): boolean {
  return votesOf(ctx).latest(state.id)?.outcome === 'open';
}

/** A moderator's row by id (any round), for the moderator page. */
export function moderatorById(ctx: Context, caseId: string, moderatorId: string): ModeratorRecord | null {
  const record = moderationOf(ctx).byId(moderatorId);
  return record && record.caseId === caseId ? record : null;
}

export { roundStanding } from '../records/moderation';

/**
 * Days a moderator link lives: it outlives the days the email gives them (up to 90), or it would stop before they
 * were up. The same for every moderator link of a case, so its issue time reads back from its expiry (link-revocation).
 */
export function moderatorLinkDays(state: Case): number {
  return LINK_TTL_DAYS.moderator + state.deadlines.moderatorsWithinDays;
}

/** A moderator's signed link to answer (the recommendation, its reminder, a member's fresh links). */
export function moderatorLink(ctx: Context, state: Case, moderatorId: string): string {
  return linkOf(ctx, moderatorId, state.id, 'moderator', moderatorLinkDays(state));
}

/** The Settings space of the case (matched by name, case-insensitively), or null. */
export function spaceOf(ctx: Context, state: Case): Space | null {
  const wanted = lowerTrim(state.space);
  if (!wanted) return null;
  return settingsOf(ctx).spaces.find((s) => lowerTrim(s.name) === wanted) ?? null;
}

/** What the passed vote of the round decided, and which sections of the Doc say something else now. */
export interface Decision {
  vote: VoteRecord | null;
  /** The voted text: what the recommendation and the letter send (empty without a passed vote). */
  texts: VotedTexts;
  /** The Doc's text now. */
  draft: VotedTexts;
  /** Sections changed since the vote, by their Doc titles: shown on the page, never sent. */
  changed: string[];
}

/** The decision in force for the case's current round (DESIGN §7 invariant 9: what is sent is what was voted). */
export function decisionOf(ctx: Context, state: Case, draft: VotedTexts = readDraft(ctx, state)): Decision {
  const vote = hasPassedVote(ctx, state.id, roundOf(state));
  const texts = vote ? vote.texts : { plan: '', consequences: '', letter: '' };
  const changed = vote ? changedSections(vote, draft) : [];
  return { vote, texts, draft, changed };
}

/**
 * The page's warning when the Doc changed after the vote: what goes is the voted text; a new vote sends the new one.
 * `whyNoVote`: why this member may not open that vote (whyCannotOpenVote), so the page never offers what the server
 * refuses them (ADV-393).
 */
export function changedSinceVoteLines(decision: Decision, whyNoVote?: string | false | null): string[] {
  if (!decision.changed.length) return [];
  return [
    `The case document changed after the vote passed (${decision.changed.map((c) => `"${c}"`).join(', ')}). What is sent is the text that was voted, shown here. To send the new text instead, ${whyNoVote ? `a new vote on it must pass. ${whyNoVote}` : 'open a new vote on it.'}`,
  ];
}

/** The neutral description of the behaviour: the voted letter draft's, else the Doc's now (it describes, it does not decide). */
export function behaviourText(decision: Decision): string {
  return splitLetter(decision.texts.letter || decision.draft.letter).behaviour;
}

/** An opaque reference the moderators can quote when they answer: neither the code name nor anything about the case. */
export function referenceFor(state: Case, round: number): string {
  return `CD-${hashText(`${state.id}:${round}`).slice(0, 8).toUpperCase()}`;
}

/**
 * Who the recommendation is about, as the report named them (names, else handles, else addresses): the moderators
 * must know whom to act on, and the reported person is no secret from them.
 */
function reportedText(state: Case): string {
  const { names, handles, emails } = state.reported;
  return (names.length ? names : handles.length ? handles : emails).join(', ');
}

type ReportTexts = { plan: string; consequences: string; behaviour: string; reported: string };

/** What both mails to the moderators' side open their previews with: whom and what, then the plan and consequences. */
function reportPreviews(texts: ReportTexts): Preview[] {
  return [
    { label: 'About', text: texts.reported || NAMES_NOBODY },
    { label: 'What happened', text: texts.behaviour || '(empty)' },
    ...planPreviews(texts),
  ];
}

/** The same parts as the redaction guard names them. */
function reportGuarded(texts: ReportTexts): GuardedPart[] {
  return [{ label: 'What happened', text: texts.behaviour }, ...planGuarded(texts)];
}

/** What the recommendation sends: the voted plan and consequences, whom and what it is about, and its reference. */
export function recommendationOutgoing(
  ctx: Context,
  state: Case,
  decision: Decision = decisionOf(ctx, state),
): Outgoing<{ plan: string; consequences: string; behaviour: string; reported: string; reference: string }> {
  const texts = {
    plan: decision.texts.plan,
    consequences: decision.texts.consequences,
    behaviour: behaviourText(decision),
    reported: reportedText(state),
    reference: referenceFor(state, roundOf(state)),
  };
  return { texts, previews: reportPreviews(texts), guarded: reportGuarded(texts) };
}

/** The moderator's words are still in the Doc's `section`: a version from before them may be restored (ADV-540). */
export const docShows = (section: string, m: ModeratorRecord): boolean =>
  section.includes(stripControlCharacters(m.details).split('\n')[0]);

/** What the escalation contact gets: the voted plan and consequences and the discussion with the moderators. */
export function escalationOutgoing(
  ctx: Context,
  state: Case,
  decision: Decision = decisionOf(ctx, state),
): Outgoing<Parameters<typeof escalationMessage>[0] & { discussion: string; behaviour: string; reported: string }> {
  let whole = ctx.work.docs.readSection(state.docId, SECTION.moderators);
  // A disagreement the registry holds that the Doc no longer shows (a member restored an earlier version) is what the
  // contact is told about: sent as recorded, said so, and the members see it so in the preview (ADV-540).
  for (const m of currentRound(ctx, state))
    if (m.answer === 'disagree' && !docShows(whole, m))
      whole += `\n(The case document no longer shows this answer.) A moderator disagreed (${m.email}, ${m.space}). Their words: ${m.details}`;
  const texts = {
    codeName: state.codeName,
    spaceName: currentRound(ctx, state)[0]?.space ?? state.space,
    plan: decision.texts.plan,
    consequences: decision.texts.consequences,
    discussion: whole,
    behaviour: behaviourText(decision),
    reported: reportedText(state),
    reference: referenceFor(state, roundOf(state)),
  };
  // Three moderators may each write 20,000 characters: past one email, its newest part goes, and the Doc keeps it whole
  // (cutting the record was the only way to send it otherwise).
  for (let keep = whole.length; keep > 0 && tooLongToMail('', escalationMessage(texts));) {
    const tail = whole.slice(-(keep = Math.floor(keep * 0.9)));
    texts.discussion = `${ESCALATION_CUT}\n${tail.slice(tail.indexOf('\n') + 1)}`;
  }
  const { discussion } = texts;
  return {
    texts,
    previews: [...reportPreviews(texts), { label: SECTION.moderators, text: discussion || '(empty)' }],
    guarded: [...reportGuarded(texts), { label: `"${SECTION.moderators}"`, text: discussion }],
  };
}

const ESCALATION_CUT = '(Its start is left out here: too long for one email. The committee keeps it whole.)';

/** What the recommendation lacks before it can go: the voted plan and consequences. */
export function recommendationProblems(texts: { plan: string; consequences: string }): string[] {
  return !texts.plan && !texts.consequences ? ['The vote that passed had no plan and no consequences to send.'] : [];
}

/**
 * What the page says before sending when the moderators would not be told what happened: the seed has the letter
 * drafted with the moderators after their answer, so a missing description warns rather than blocks.
 */
export function recommendationNotes(texts: { behaviour: string }): string[] {
  return texts.behaviour
    ? []
    : [
        `The moderators will not be told what happened unless you describe the behaviour in neutral words at the start of "${SECTION.letter}" in the case document before sending.`,
      ];
}

/**
 * Whether this moderator's answer no longer decides: kept out since it was sent (`keptOut`), or no longer listed in
 * Settings as a moderator of their space (of any space, once the space's row is gone or renamed): a moderator the
 * committee removed (stepped down, account lost) must not accept the recommendation alone from an old link.
 */
export function answerNotWanted(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  moderator: ModeratorRecord,
): boolean {
  return keptOut(ctx, state, clearances, moderator.email) || !listed(ctx, moderator);
}

/** A `Space:` row's listing of a moderator, as the last look at Settings keeps it (settings-edit.ts `spacesSeen`). */
export const rowKey = (name: string, email: string) => hashText(`${lowerTrim(name)} ${canonicalAddress(email)}`);

/**
 * Whether Settings list the moderator for their space (for any space, once its row is gone or renamed, but not once
 * the edit since `was`, the rows' last look, took them off a row that stays: the renamed row may be it, ADV-620).
 */
function listed(ctx: Context, moderator: ModeratorRecord, was: readonly string[] = []): boolean {
  const spaces = settingsOf(ctx).spaces;
  const own = spaces.filter((s) => lowerTrim(s.name) === lowerTrim(moderator.space));
  // By mailbox, as the identity model compares addresses: a Gmail address re-typed without its dot is the same moderator.
  const email = canonicalAddress(moderator.email);
  const on = (s: Space) => s.moderators.some((m) => canonicalAddress(m) === email);
  return own.length
    ? own.some(on)
    : spaces.some(on) && !spaces.some((s) => !on(s) && was.includes(rowKey(s.name, email)));
}

/**
 * The moderators the owner took off their space leave the round for good (ADV-363): their link, perhaps forwarded,
 * takes no answer even once they are listed again, and then the recommendation goes to them anew with a new link.
 */
export function retireUnlisted(ctx: Context, state: Case, was?: readonly string[]): void {
  const rec = state.flags.recommendation;
  if (!rec?.moderators?.length || state.flags.letter || isClosed(state)) return;
  const off = moderationOf(ctx)
    .forCase(state.id)
    .filter((m) => rec.moderators.includes(m.id) && !listed(ctx, m, was))
    .map((m) => m.id);
  if (!off.length) return;
  rec.moderators = rec.moderators.filter((id) => !off.includes(id));
  casesOf(ctx).save(state);
}

/**
 * The space's moderators the recommendation of `voteId` may go to (`keptOut` leaves the others out), once a mailbox, but
 * those it went to already: listed since (the first list was wrong, a moderator left), they are sent it within the round (ADV-323).
 */
export function moderatorsFor(ctx: Context, state: Case, clearances: Clearances, space: Space, voteId = ''): string[] {
  const rec = state.flags.recommendation;
  const ids = rec?.voteId === voteId ? (rec.moderators ?? []) : [];
  const asked = moderationOf(ctx)
    .forCase(state.id)
    .filter((m) => ids.includes(m.id))
    .map((m) => canonicalAddress(m.email));
  // Once a mailbox: a row listing one Gmail mailbox with and without its dot would send it twice (ADV-326).
  return space.moderators.filter(
    (email) =>
      !keptOut(ctx, state, clearances, email) &&
      !asked.includes(canonicalAddress(email)) &&
      !!asked.push(canonicalAddress(email)),
  );
}

/** Why the recommendation cannot be sent by this member now, or null. */
export function whyCannotRecommend(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}send the recommendation.`;
  if (isClosed(state)) return CASE_CLOSED;
  // Of this round: a new round's recommendation follows its own vote (the last round's has no texts to send now).
  const vote = hasPassedVote(ctx, state.id, roundOf(state));
  if (!vote) return 'The recommendation can be sent only after a vote on the plan and consequences has passed.';
  if (voteIsOpen(ctx, state)) return VOTE_OPEN;
  const space = spaceOf(ctx, state);
  // A space gone from Settings since says so below, not "sent": its moderators cannot be asked (ADV-549, ADV-555).
  if (
    space &&
    state.flags.recommendation?.voteId === vote.id &&
    !moderatorsFor(ctx, state, clearances, space, vote.id).length
  )
    return 'The recommendation for this vote has already been sent.';
  if (state.flags.letter) return 'The letter has already been sent.';
  if (!space) {
    // Asked, a moderator still listed under another space answers (ADV-589): the page says why the others cannot.
    if (state.space && currentRound(ctx, state, clearances).length)
      return `Settings no longer list the space "${state.space}": those listed under it alone can no longer answer. Put the name back in its "Space:" row, or record an override to go ahead without them.`;
    return state.space
      ? `Settings list no moderators for the space "${state.space}". Add a "Space: ${state.space}" row, or record an override to go ahead without them.`
      : 'The report does not say which space it happened in, so there are no moderators to ask. Record an override to go ahead without them.';
  }
  if (!space.moderators.length) return `Settings list no valid moderator address for "${space.name}".`;
  if (!moderatorsFor(ctx, state, clearances, space).length)
    return `Every moderator of ${space.name} is named in the report or has a conflict: contact the space another way, or record an override.`;
  return null;
}

/**
 * Sends the plan and consequences to each moderator of the case's space, once per passed vote: the
 * redaction guard first (it refuses and says exactly what it found), then one at-most-once message per
 * moderator with their own signed link. The Doc records what was sent and when.
 */
export function sendRecommendation(ctx: Context, state: Case, clearances: Clearances, memberId: string): SendResult {
  const heading = 'The recommendation was not sent';
  const refusal = whyCannotRecommend(ctx, state, clearances, memberId);
  if (refusal) return refusedAction(heading, [refusal]);
  const vote = hasPassedVote(ctx, state.id);
  const space = spaceOf(ctx, state) as Space;
  const outgoing = recommendationOutgoing(ctx, state);
  const { plan, consequences, behaviour, reported, reference } = outgoing.texts;
  const missing = recommendationProblems(outgoing.texts);
  if (missing.length) return refusedAction(heading, missing);
  const refused = refuseIdentifying(ctx, state, 'recommendation', heading, outgoing.guarded);
  if (refused) return refused;
  const policyDays = state.deadlines.moderatorsWithinDays;
  const compose = (moderatorUrl: string) =>
    recommendationMessage({
      spaceName: space.name,
      plan,
      consequences,
      behaviour,
      reported,
      reference,
      respondWithinDays: policyDays,
      moderatorUrl,
    });
  const long = tooLongToMail('recommendation', compose(ctx.links.webAppUrl()));
  if (long) return refusedAction(heading, [long]);
  const now = readNowIso(ctx);
  const ids: string[] = [];
  const voteId = (vote as { id: string }).id;
  const moderators = moderatorsFor(ctx, state, clearances, space, voteId);
  const earlier = state.flags.recommendation?.voteId === voteId ? state.flags.recommendation : null;
  for (const email of moderators) {
    const moderatorId = ctx.clock.newId(ID_PREFIX.moderator);
    ids.push(moderatorId);
    moderationOf(ctx).add({ caseId: state.id, id: moderatorId, email, space: space.name, sentAt: now });
    const message = compose(moderatorLink(ctx, state, moderatorId));
    const replyTo = replyAddress(ctx);
    queueMail(ctx, {
      key: outboxKey(state.id, `recommendation:${voteId}`, moderatorId),
      caseId: state.id,
      kind: 'recommendation',
      to: email,
      replyTo,
      ...message,
      delivery: 'at-most-once',
    });
  }
  // Sent again to those listed since: the round, its date and the case's phase stay (their reminder counts from theirs).
  state.flags.recommendation = earlier
    ? { ...earlier, moderators: [...(earlier.moderators ?? []), ...ids] }
    : { voteId, at: now, by: memberId, moderators: ids };
  const sentTo = `Recommendation ${earlier ? 'also sent to newly listed' : 'sent to the'} moderators of ${space.name}`;
  // Whom it went to, and why a moderator was left out, go to the Log alone: this section is sent on to the escalation
  // contact, who knows the space's moderators and would learn which of them is in the report (ADV-116, ADV-283).
  const leftOut = space.moderators.some((email) => keptOut(ctx, state, clearances, email))
    ? ' (not to those named in the report or with a conflict)'
    : '';
  recordInDoc(
    ctx,
    state,
    SECTION.moderators,
    `${sentTo}. Answer requested within ${policyDays} days.`,
    [
      `Reference: ${reference}`,
      `About: ${reported || '-'}`,
      `What happened: ${behaviour || '-'}`,
      `Behavioral modification plan: ${plan || '-'}`,
      `Consequences: ${consequences || '-'}`,
    ],
    `${sentTo} (${ids.length} ${ids.length === 1 ? 'address' : 'addresses'}): ${moderators.join(', ')}${leftOut}.`,
  );
  if (earlier) casesOf(ctx).save(state);
  else setPhase(ctx, state, 'awaiting-moderators');
  recordAudit(ctx, 'recommendation.sent', state.id, `${ids.length} moderator(s)`);
  return doneAction('The recommendation is on its way', [
    `It goes to the ${ids.length} ${ids.length === 1 ? 'moderator' : 'moderators'} of ${space.name}, each with a personal link to answer. The case document records what was sent.`,
  ]);
}

/**
 * A vote passed after the recommendation went (a new response, a closing) and no letter went on it: it no longer stands.
 * Its moderators still asked get one notice naming its date and reference alone (no case text, nothing to redact), what
 * still waits for the quota to them is dropped, and their links take no answer for the old text.
 */
export function withdrawRecommendation(ctx: Context, state: Case, clearances: Clearances): void {
  const rec = state.flags.recommendation;
  if (!rec || rec.withdrawn || state.flags.letter) return;
  const round = currentRound(ctx, state, clearances);
  const now = (rec.withdrawn = readNowIso(ctx));
  const day = (at: string) => dayIn(at, timeZoneOf(ctx));
  // Its recommendations and reminders still waiting for the quota: one that never went has nothing to take back.
  const dropped: string[] = [];
  const ours = new RegExp(`^${state.id}\\|(recommendation|moderator-reminder):${rec.voteId}`);
  outboxOf(ctx).dropPendingWhere((k) => ours.test(k) && !!dropped.push(k), now, 'the recommendation no longer stands');
  for (const m of round)
    if (!dropped.includes(outboxKey(state.id, `recommendation:${rec.voteId}`, m.id)))
      queueMail(ctx, {
        key: outboxKey(state.id, `withdrawn:${rec.voteId}`, m.id),
        caseId: state.id,
        kind: 'withdrawn',
        to: m.email,
        replyTo: replyAddress(ctx),
        ...recommendationWithdrawnMessage({
          spaceName: m.space,
          sentOn: day(m.sentAt),
          reference: referenceFor(state, roundOf(state)),
        }),
        delivery: AT_LEAST_ONCE,
      });
  recordInDoc(ctx, state, SECTION.moderators, `Recommendation of ${day(rec.at)} withdrawn: its moderators were told.`);
  casesOf(ctx).save(state);
}

/**
 * Why this moderator's answer cannot be taken, or null. `keptOutNow`: their answer no longer decides (`answerNotWanted`:
 * a member who has since declared a conflict, one the report turns out to name, one removed from Settings); the
 * words say no more than that.
 */
export function whyCannotAnswer(state: Case, moderator: ModeratorRecord | null, keptOutNow = false): string | null {
  if (!moderator) return 'This link is not valid.';
  // Withdrawn (ADV-361): the moderators were emailed not to act on it.
  if (keptOutNow || state.flags.recommendation?.withdrawn)
    return 'This recommendation no longer waits for your answer. Thank you.';
  if (!(state.flags.recommendation?.moderators ?? []).includes(moderator.id)) {
    return 'This recommendation has been replaced by a newer one; please answer the newest email from the committee.';
  }
  if (state.flags.letter) return 'The committee has already acted on this recommendation. Thank you.';
  if (isClosed(state)) return 'This case is closed. Thank you.';
  return null;
}

/**
 * Records a moderator's answer (accept, or disagree with details: required) with its date in the Doc's
 * `Discussions with moderators and organizers`. Disagreement tells the cleared members; acceptance lets the
 * letter go out. An answer may be changed until the letter is sent; repeating it changes nothing.
 */
export function recordModeratorAnswer(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  moderator: ModeratorRecord | null,
  answer: string,
  rawDetails: string,
): ActionResult {
  const heading = 'Your answer was not recorded';
  const refusal = whyCannotAnswer(state, moderator, !!moderator && answerNotWanted(ctx, state, clearances, moderator));
  if (refusal || !moderator) return refusedAction(heading, [refusal ?? 'This link is not valid.']);
  if (answer !== 'accept' && answer !== 'disagree')
    return refusedAction(heading, ['Choose whether you accept the recommendation.']);
  // Kept in the Moderation tab and shown on the members' confirmation pages as typed: a link of theirs pasted in would let
  // a member answer for them (ADV-537).
  const details = truncate(withoutDeskLinks(String(rawDetails ?? '').trim()), MAX_DETAILS_CHARS);
  if (answer === 'disagree' && !details) {
    return refusedAction(heading, ['Please tell the committee why you disagree: the details are required.']);
  }
  if (moderator.answer === answer && moderator.details.trim() === details) {
    return doneAction('Thank you', ['Your answer was already recorded. Nothing changed.']);
  }
  const full = whyDocFull(ctx, state, moderator, details);
  if (full) return refusedAction(heading, [full]);
  const now = readNowIso(ctx);
  moderationOf(ctx).recordAnswer(moderator, answer, details, now);
  recordInDoc(
    ctx,
    state,
    SECTION.moderators,
    `${answer === 'accept' ? 'A moderator accepted the recommendation' : 'A moderator disagreed with the recommendation'} (${moderator.email}, ${moderator.space}).`,
    // Every line after the first marked as a person's words: unmarked, a line typed as a dated entry reads as the
    // system's record (another moderator's answer, which whyDocFull counts: ADV-512).
    details
      ? stripControlCharacters(`Their words: ${details}`)
          .split('\n')
          .map((l, i) => (i ? filedLine(l) : l))
      : [],
  );
  recordAudit(ctx, `moderators.${answer}`, state.id, moderator.id);
  const round = currentRound(ctx, state, clearances).map((m) => (m.id === moderator.id ? moderator : m));
  const standing = roundStanding(round);
  // An answer about text the committee has since voted again (or is voting on again) is kept in the Doc, and moves nothing.
  const target = !recommendationInForce(ctx, state)
    ? null
    : standing === 'disagreed'
      ? 'moderators-disagree'
      : standing === 'accepted'
        ? 'moderators-accepted'
        : null;
  if (target && state.phase === 'voting' && state.flags.beforeClosingVote) {
    // A closing vote runs: one that fails puts the case back where the moderators' answers now put it.
    state.flags.beforeClosingVote = target;
  } else if (target) {
    setPhase(ctx, state, target);
  }
  casesOf(ctx).save(state);
  // Only a disagreement is news: another moderator accepting while one still disagrees changes nothing to tell.
  if (target === 'moderators-disagree' && answer === 'disagree')
    tellCaseMembers(
      ctx,
      state,
      clearances,
      'alert',
      `moderators-disagree:${moderator.id}:${now.slice(0, 13)}`,
      MODERATORS_DISAGREE,
      [
        'Their reply is in the case document, under "Discussions with moderators and organizers".',
        'From the case page you can open a new vote, notify the escalation contact, or record an override.',
      ],
    );
  else if (target === 'moderators-accepted') tellAccepted(ctx, state, clearances, round);
  return doneAction('Thank you', [
    answer === 'accept'
      ? 'Your acceptance has been recorded and the committee has been told.'
      : 'Your disagreement and your details have been recorded, and the committee has been told.',
  ]);
}

/**
 * Reminds, once, each moderator of the current round when nobody of them has answered within the days the
 * case was opened under; the cleared members are told too. Returns how many moderators were reminded.
 */
export function remindModerators(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  outboxKeys: Pick<OutboxKeys, 'has' | 'state'>,
): number {
  retireUnlisted(ctx, state);
  settleModerators(ctx, state, clearances);
  if (state.phase !== 'awaiting-moderators' || isClosed(state) || state.flags.letter) return 0;
  const round = currentRound(ctx, state);
  if (!round.length || roundStanding(round) !== 'waiting') return 0;
  const sentAt = Date.parse(state.flags.recommendation?.at ?? round[0].sentAt);
  if (!Number.isFinite(sentAt)) return 0;
  const dueAt = sentAt + state.deadlines.moderatorsWithinDays * DAY_MS;
  if (readNow(ctx) <= dueAt) return 0;
  let reminded = 0;
  const voteId = state.flags.recommendation?.voteId ?? '';
  const sentKey = (m: ModeratorRecord) => outboxKey(state.id, `recommendation:${voteId}`, m.id);
  // Once in each of the case's lives: opened again from the sheet, the moderators still silent are reminded again, with
  // a link that works (theirs ran out while it was closed; fresh links are for members), ADV-263.
  const life = String(state.flags.reopenedAt ?? '');
  const reminderKey = (m: ModeratorRecord) => outboxKey(state.id, `moderator-reminder:${voteId}${life}`, m.id);
  // One kept out since it was sent (a member who declared a conflict), or removed from Settings, is not asked again:
  // their page refuses.
  const owed = round.filter(
    (m) =>
      !(m.remindedAt > life) &&
      !m.answer &&
      !answerNotWanted(ctx, state, clearances, m) &&
      !outboxKeys.has(reminderKey(m)),
  );
  // When each recommendation went, read together for the moderators still owed a reminder (never a read each).
  const wentAt = outboxOf(ctx).createdAt(
    owed.filter((m) => outboxKeys.state(sentKey(m)) === 'sent').map(sentKey),
    'Updated At',
  );
  for (const moderator of owed) {
    const key = reminderKey(moderator);
    // Their days count from when the recommendation went: one that waited a day for the quota went with its reminder.
    const went = outboxKeys.state(sentKey(moderator));
    if (went === 'pending') continue;
    const at = went === 'sent' ? Date.parse(wentAt.get(sentKey(moderator)) ?? '') : sentAt;
    if (readNow(ctx) <= at + state.deadlines.moderatorsWithinDays * DAY_MS) continue;
    remindModerator(ctx, state, moderator, key);
    moderationOf(ctx).markReminded(moderator, readNowIso(ctx));
    reminded++;
  }
  if (reminded) {
    tellCaseMembers(
      ctx,
      state,
      clearances,
      'reminder',
      `reminder:moderators:${voteId}${life}`, // told again with the moderators (ADV-526)
      'The moderators have not answered the recommendation',
      [
        `They were asked to answer within ${state.deadlines.moderatorsWithinDays} days; a reminder has been sent to them.`,
      ],
    );
    recordAudit(ctx, 'moderators.reminded', state.id, `${reminded} moderator(s)`);
  }
  return reminded;
}

/** Queues a moderator's reminder with a fresh link to answer (the sweep's, or one they asked for: fresh-links.ts). */
export function remindModerator(ctx: Context, state: Case, moderator: ModeratorRecord, key: string): void {
  queueMail(ctx, {
    key,
    caseId: state.id,
    kind: 'reminder',
    to: moderator.email,
    replyTo: replyAddress(ctx),
    ...moderatorReminderMessage({
      spaceName: moderator.space,
      respondWithinDays: state.deadlines.moderatorsWithinDays,
      moderatorUrl: moderatorLink(ctx, state, moderator.id),
    }),
    delivery: AT_LEAST_ONCE,
  });
}

/** When the moderators' round last changed, `from` at the earliest: its recommendation went, or a moderator answered. */
export const roundChangedAt = (ctx: Context, state: Case, from = '') =>
  [state.flags.recommendation?.at ?? '', ...currentRound(ctx, state).map((m) => m.answeredAt)].reduce(
    (a, b) => (b > a ? b : a),
    from,
  );

/** Notifying the escalation contact sends the plan outside the committee: two members decide it, about this round. */
const escalationDecision = (ctx: Context, state: Case): TwoMembers => ({
  flag: 'escalationProposal',
  text: 'the escalation contact is sent the plan, the consequences and the discussion with the moderators',
  what: 'An escalation',
  event: 'escalation',
  since: roundChangedAt(ctx, state),
});

/** The page's heading of the escalation: proposing it, or confirming another member's proposal. */
export const escalationHeading = (ctx: Context, state: Case, clearances: Clearances) =>
  twoMemberHeading(ctx, state, clearances, escalationDecision(ctx, state), 'notify the escalation contact');

/**
 * The outbox key of the escalation decided at `at`: its own, so one dropped for a contact Settings no longer name does
 * not keep the members from notifying the new one (ADV-545).
 */
const NOT_ESCALATED = 'The escalation contact was not notified';

const escalationKey = (state: Case, at: string) =>
  outboxKey(state.id, `escalation:${at}:${state.flags.recommendation?.voteId ?? ''}`, 'contact');

/**
 * An escalation about to go after waiting for the mail quota, checked again: to a contact Settings no longer name it does
 * not go (null), and the case's members are told they can notify the new one (ADV-545).
 */
export function recheckEscalation(ctx: Context, key: string): null | undefined {
  if (toContact(ctx, key)) return undefined;
  const [caseId] = key.split('|');
  ctx.outbox.alertCase(caseId, NOT_ESCALATED, [
    `${NEW_CONTACT}: the message to the old one was not sent. Notify the new one from the case page.`,
  ]);
  // The case Doc, the case's record, says the contact was notified: it says what happened too (ADV-554).
  const state = casesOf(ctx).find(caseId);
  if (state)
    writeInDocOrAudit(ctx, state, 'escalation dropped', () =>
      recordInDoc(
        ctx,
        state,
        SECTION.moderators,
        `The escalation contact (${outboxOf(ctx).sentTo(key)}) was not notified: ${NEW_CONTACT}.`,
      ),
    );
  return null;
}

/** Why the escalation contact cannot be notified by this member now, or null. */
export function whyCannotEscalate(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  const notVoting = notVoter(ctx, clearances, state, memberId);
  if (notVoting) return notVoting;
  if (isClosed(state)) return CASE_CLOSED;
  if (roundStanding(currentRound(ctx, state)) !== 'disagreed')
    return 'The escalation contact can be notified only when the moderators disagree.';
  // Nothing decided goes out while a vote runs: a closing vote may drop the response the contact would be sent.
  if (voteIsOpen(ctx, state)) return VOTE_OPEN;
  if (!recommendationInForce(ctx, state))
    return 'The committee voted again after the moderators disagreed: send them the recommendation of the new vote first.';
  const contact = settingsOf(ctx).escalationContact;
  if (!contact) return 'Settings name no escalation contact. The owner can add one ("Escalation contact").';
  if (keptOut(ctx, state, clearances, contact))
    return 'The escalation contact is named in the report or has a conflict: contact someone else.';
  // Not when it went, or waits, to a contact Settings no longer name: the new one has not been told (ADV-545).
  const done = state.flags.escalation;
  if (
    done &&
    done.at >= (state.flags.recommendation?.at ?? '') &&
    [contact, ''].includes(outboxOf(ctx).sentTo(escalationKey(state, done.at)))
  )
    return 'The escalation contact has already been notified about this disagreement.';
  return ownProposal(ctx, state, clearances, memberId, escalationDecision(ctx, state));
}

/**
 * Notifies the escalation contact (Settings) of the disagreement, through the same redaction guard; at most once per
 * round, once two members decided it (two-members.ts): the confirming press sends. Either press is refused while the
 * guard would refuse the message.
 */
export function notifyEscalation(ctx: Context, state: Case, clearances: Clearances, memberId: string): SendResult {
  const heading = NOT_ESCALATED;
  const refusal = whyCannotEscalate(ctx, state, clearances, memberId);
  if (refusal) return refusedAction(heading, [refusal]);
  const contact = settingsOf(ctx).escalationContact as string;
  const outgoing = escalationOutgoing(ctx, state);
  const parts = outgoing.texts;
  const refused = refuseIdentifying(ctx, state, 'escalation', heading, outgoing.guarded);
  if (refused) return refused;
  const message = escalationMessage(parts);
  const long = tooLongToMail('escalation', message);
  if (long) return refusedAction(heading, [long]);
  return proposeOrConfirm(ctx, state, clearances, memberId, escalationDecision(ctx, state), () => {
    const at = readNowIso(ctx);
    queueMail(ctx, {
      key: escalationKey(state, at),
      caseId: state.id,
      kind: 'escalation',
      to: contact,
      replyTo: replyAddress(ctx),
      ...message,
      delivery: 'at-most-once',
    });
    state.flags.escalation = { at, by: memberId };
    const member = memberById(ctx, memberId);
    const told = `The escalation contact (${contact}) was notified of the moderators' disagreement`;
    // Who sent it goes to the Log alone: this section is what a later escalation sends on.
    recordInDoc(
      ctx,
      state,
      SECTION.moderators,
      `${told}.`,
      // The section it sent is above: copied in again, the moderators' words would stand twice (against its bound,
      // ADV-322) and the next escalation would send the copy too, until it was refused as too long.
      [
        `Sent: ${escalationMessage({ ...parts, discussion: `(this section, as it stood above${parts.discussion.startsWith(ESCALATION_CUT) ? ', its start left out' : ''})` }).body}`,
      ],
      `${told} by ${member?.name || 'a member'}.`,
    );
    casesOf(ctx).save(state);
    recordAudit(ctx, 'escalation.sent', state.id, 'escalation contact notified');
    return doneAction('The escalation contact has been notified', [
      'The message and its date are recorded in the case document.',
    ]);
  });
}
