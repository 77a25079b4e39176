// The signed case page: where a cleared member sees a case's state and deadlines and does what is open to them now, each action previewed from the Doc and done only on a confirmed POST.
import { formatForSheet } from '../core/deadlines';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { docUrl } from '../workspace/links';
import type { PageView } from '../workspace/pages';
import { LINK_TTL_DAYS } from '../workspace/schema';
import { casesOf, isClosed, type Case } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import { outboxOf } from '../records/outbox';
import { votesOf } from '../records/votes';
import { actionFor, clearedMember, loadCase, recordInDoc, SECTION, setPhase, statusFor } from './case-state';
import { followUpText, sendFollowUp, whyCannotFollowUp } from './follow-up';
import { letterGate, prepareLetter, recordOverride, sendLetter, whyCannotOverride, whyCannotSendLetter } from './letters';
import {
  currentRound, guardRefusals, notifyEscalation, readPlan, roundStanding, sendRecommendation, spaceOf,
  whyCannotEscalate, whyCannotRecommend,
} from './moderators';
import { recordConflict } from './screening';
import { cancelOpenVote, openVote, tallyOf, whyCannotOpenVote, type ActionResult } from './vote';
import { isConfirmed, type ActionRequest } from './web-router';

/** Ops the case page accepts; every one changes state and needs the confirmation box. */
export const CASE_OPS = [
  'open-vote', 'send-recommendation', 'record-override', 'send-letter', 'send-follow-up', 'escalate',
  'bad-faith', 'close-no-violation', 'conflict', 'held-sent', 'held-resend',
] as const;
export type CaseOp = (typeof CASE_OPS)[number];

/** One block of text to be sent, as the page previews it. */
export interface Preview {
  label: string;
  text: string;
}

/** An action the member can take now: its form, preview and what the confirmation box says. */
export interface PageAction {
  op: CaseOp;
  heading: string;
  description: string;
  previews: Preview[];
  warnings: string[];
  confirmLabel: string;
  button: string;
  /** The letter asks for the reported person's address. */
  askTo: boolean;
  /** Hidden extra field (held messages name their outbox key). */
  key: string;
  tone: 'primary' | 'secondary';
}

const PHASE_TEXT: Record<string, string> = {
  screening: 'Members are declaring conflicts of interest.',
  deliberating: 'Under discussion: write the plan and consequences in the case document, then open a vote.',
  voting: 'A vote on the plan and consequences is open.',
  'vote-failed': 'The last vote did not pass: revise the plan and consequences, then open a new vote.',
  'vote-passed': 'The vote passed: the recommendation can go to the moderators.',
  'awaiting-moderators': 'Waiting for the moderators to answer the recommendation.',
  'moderators-disagree': 'The moderators disagree with the recommendation.',
  'moderators-accepted': 'The letter to the reported person can be sent.',
  'letter-sent': 'The letter was sent: the reporter\u2019s follow-up is next.',
  resolved: 'Resolved.',
  closed: 'Closed.',
};

const NOT_CONFIRMED = 'Please tick the confirmation box of the action you chose. Nothing has been changed.';

function when(ctx: Context, iso: string): string {
  if (!iso || !Number.isFinite(Date.parse(iso))) return '';
  const zone = ctx.committee.settings().settings.timeZone;
  return `${formatForSheet(iso, zone)} (${zone})`;
}

const KIND_TEXT: Record<string, string> = {
  recommendation: 'the recommendation to a moderator',
  letter: 'the letter to the reported person',
  escalation: 'the message to the escalation contact',
};

/** Everything the case page shows, as plain data for `case.html`. */
export function buildCasePage(ctx: Context, state: Case, member: CommitteeMember, token: string, notice: { tone: 'done' | 'refused'; lines: string[] } | null = null): PageView {
  const clearances = clearancesOf(ctx);
  const actions: PageAction[] = [];
  const blocked: Array<{ heading: string; reason: string }> = [];
  const closed = isClosed(state);
  const { plan, consequences } = readPlan(ctx, state);
  const planPreviews: Preview[] = [
    { label: SECTION.plan, text: plan || '(empty)' },
    { label: SECTION.consequences, text: consequences || '(empty)' },
  ];

  const cannotVote = whyCannotOpenVote(ctx, state, clearances, member.id);
  if (!cannotVote) {
    actions.push({
      op: 'open-vote', heading: 'Open a vote', tone: 'primary', askTo: false, key: '',
      description: 'The eligible voting members cleared for this case each get a personal vote link. It passes with two-thirds of them, rounded up.',
      previews: planPreviews,
      warnings: !plan || !consequences ? ['The plan or the consequences section is empty: voters will see it empty.'] : [],
      confirmLabel: 'I want to open a vote on the plan and consequences shown above', button: 'Open the vote',
    });
  }

  const cannotRecommend = whyCannotRecommend(ctx, state, clearances, member.id);
  if (!cannotRecommend) {
    const space = spaceOf(ctx, state);
    const refusals = guardRefusals(ctx, state, [
      { label: `"${SECTION.plan}"`, text: plan },
      { label: `"${SECTION.consequences}"`, text: consequences },
    ]);
    actions.push({
      op: 'send-recommendation', heading: 'Send the recommendation to the moderators', tone: 'primary', askTo: false, key: '',
      description: `Goes to the ${space?.moderators.length ?? 0} moderator address(es) of ${space?.name ?? 'the space'}, each with a personal link to accept or disagree. It never says who reported.`,
      previews: planPreviews,
      warnings: refusals.map((r) => r.description),
      confirmLabel: 'I have checked that this text does not identify the reporter or any witness', button: 'Send the recommendation',
    });
  } else if (state.phase === 'vote-passed') {
    blocked.push({ heading: 'Recommendation to the moderators', reason: cannotRecommend });
  }

  const cannotOverride = whyCannotOverride(ctx, state, clearances, member.id);
  if (!cannotOverride) {
    actions.push({
      op: 'record-override', heading: 'Go ahead without the moderators\u2019 acceptance', tone: 'secondary', askTo: false, key: '',
      description: 'Records, with your name and the date, that the committee decided to send the letter without the moderators\u2019 acceptance.',
      previews: [], warnings: [],
      confirmLabel: 'The committee decided to send the letter without the moderators\u2019 acceptance', button: 'Record the override',
    });
  }

  const cannotEscalate = whyCannotEscalate(ctx, state, clearances, member.id);
  if (!cannotEscalate) {
    const discussion = ctx.work.docs.readSection(state.docId, SECTION.moderators);
    const refusals = guardRefusals(ctx, state, [
      { label: `"${SECTION.plan}"`, text: plan },
      { label: `"${SECTION.consequences}"`, text: consequences },
      { label: `"${SECTION.moderators}"`, text: discussion },
    ]);
    actions.push({
      op: 'escalate', heading: 'Notify the escalation contact', tone: 'secondary', askTo: false, key: '',
      description: `Sends the plan, the consequences and the discussion with the moderators to ${ctx.committee.settings().settings.escalationContact}.`,
      previews: [...planPreviews, { label: SECTION.moderators, text: discussion || '(empty)' }],
      warnings: refusals.map((r) => r.description),
      confirmLabel: 'I have checked that this text does not identify the reporter or any witness', button: 'Notify the escalation contact',
    });
  }

  const cannotLetter = whyCannotSendLetter(ctx, state, clearances, member.id);
  if (!cannotLetter) {
    const letter = prepareLetter(ctx, state);
    const refusals = guardRefusals(ctx, state, [
      { label: 'The letter (behaviour)', text: letter.parts.behaviour },
      { label: 'The letter (impact)', text: letter.parts.impact },
      { label: `"${SECTION.plan}"`, text: plan },
      { label: `"${SECTION.consequences}"`, text: consequences },
    ]);
    actions.push({
      op: 'send-letter', heading: 'Send the letter to the reported person', tone: 'primary', askTo: true, key: '',
      description: 'Sent once, from the committee address, to the address you type below. It never says who reported.',
      previews: [
        { label: 'What happened', text: letter.parts.behaviour || '(empty)' },
        { label: 'Its impact', text: letter.parts.impact || '(empty)' },
        ...planPreviews,
      ],
      warnings: [...letter.problems, ...letter.notes, ...refusals.map((r) => r.description)],
      confirmLabel: 'I have checked the letter and the address: send it once', button: 'Send the letter',
    });
  } else if (!state.flags.letter && !closed && (state.phase === 'awaiting-moderators' || state.phase === 'moderators-disagree' || state.phase === 'vote-passed')) {
    blocked.push({ heading: 'Letter to the reported person', reason: letterGate(ctx, state) ?? cannotLetter });
  }

  const cannotFollowUp = whyCannotFollowUp(ctx, state, clearances, member.id);
  if (!cannotFollowUp) {
    const text = followUpText(ctx, state);
    actions.push({
      op: 'send-follow-up', heading: 'Send the follow-up to the reporter', tone: 'primary', askTo: false, key: '',
      description: 'Goes to the reporter (address on file), with the text written under "Follow-up to the reporter".',
      previews: [{ label: SECTION.followUp, text: text || '(empty)' }],
      warnings: text ? [] : ['The follow-up section is empty: write it in the case document first.'],
      confirmLabel: 'I have checked the follow-up text: send it to the reporter', button: 'Send the follow-up',
    });
  } else if ((state.flags.letter || state.flags.noViolation) && !state.flags.followUp) {
    blocked.push({ heading: 'Follow-up to the reporter', reason: cannotFollowUp });
  }

  // Messages an interrupted run left `held`: a person decides whether they went.
  for (const held of outboxOf(ctx).held(state.id)) {
    const what = KIND_TEXT[held.kind] ?? `a ${held.kind} message`;
    actions.push({
      op: 'held-sent', heading: `Did ${what} go out?`, tone: 'secondary', askTo: false, key: held.key,
      description: `An execution stopped while sending ${what}; it may or may not have arrived. It is never re-sent by itself. If the recipient got it, mark it as sent.`,
      previews: [], warnings: [], confirmLabel: 'The recipient confirmed they received it', button: 'Mark as sent',
    });
    actions.push({
      op: 'held-resend', heading: `Send ${what} again`, tone: 'secondary', askTo: false, key: held.key,
      description: 'Only if you are sure it did not arrive: it is sent once more.',
      previews: [], warnings: [], confirmLabel: 'I checked: it did not arrive, send it again', button: 'Send it again',
    });
  }

  if (!closed && !state.badFaith && !state.flags.followUp) {
    actions.push({
      op: 'bad-faith', heading: 'Mark the report as not made in good faith', tone: 'secondary', askTo: false, key: '',
      description: 'The reporter then gets no follow-up and no status emails. The case stays open until it is closed.',
      previews: [], warnings: [],
      confirmLabel: 'The committee decided this report was not made in good faith', button: 'Mark as not in good faith',
    });
  }
  if (!closed && !state.flags.letter) {
    actions.push({
      op: 'close-no-violation', heading: 'Close: not a Code of Conduct violation', tone: 'secondary', askTo: false, key: '',
      description: 'Closes the case with the resolution "No violation"; any open vote is cancelled. The follow-up to the reporter can then explain why.',
      previews: [], warnings: [],
      confirmLabel: 'The committee decided this is not a Code of Conduct violation', button: 'Close the case',
    });
  }
  actions.push({
    op: 'conflict', heading: 'Declare a conflict of interest', tone: 'secondary', askTo: false, key: '',
    description: 'If you have found a conflict, for example because of who reported or witnessed this, your access ends at once. No reason is asked.',
    previews: [], warnings: [],
    confirmLabel: 'I have a conflict of interest with someone involved in this report', button: 'Record my conflict',
  });

  const deadlines: Array<{ label: string; value: string }> = [
    { label: 'Received', value: when(ctx, state.receivedAt) },
    { label: 'Acknowledgment due', value: when(ctx, state.deadlines.acknowledgeBy) },
    { label: 'Follow-up to the reporter due', value: state.flags.followUp ? `sent ${when(ctx, state.flags.followUp.at)}` : when(ctx, state.deadlines.followUpBy) },
  ];
  const round = currentRound(ctx, state);
  if (state.flags.recommendation) {
    const due = new Date(Date.parse(state.flags.recommendation.at) + state.deadlines.moderatorsWithinDays * 86400000).toISOString();
    deadlines.push({ label: 'Moderators\u2019 answer due', value: when(ctx, due) });
  }
  const vote = votesOf(ctx).latest(state.id);
  let voteInfo: Record<string, unknown> | null = null;
  if (vote) {
    const tally = tallyOf(vote);
    const voted = vote.eligible.length - tally.notVoted;
    const mine = vote.outcome === 'open' && vote.eligible.includes(member.id) && member.role === 'voting';
    voteInfo = {
      outcome: vote.outcome === 'open' ? 'open' : vote.outcome === 'passed' ? 'passed' : vote.outcome === 'failed' ? 'did not pass' : vote.outcome,
      opened: when(ctx, vote.openedAt),
      closed: when(ctx, vote.closedAt),
      summary: vote.outcome === 'open'
        ? `${voted} of ${vote.eligible.length} eligible members have voted; ${tally.required} approvals are needed.`
        : `Approve ${tally.approve}, reject ${tally.reject}, abstain ${tally.abstain}; ${tally.required} of ${vote.eligible.length} needed.`,
      voteUrl: mine ? ctx.links.linkFor(member.id, state.id, 'vote', LINK_TTL_DAYS.vote) : '',
    };
  }
  const moderators = round.map((m) => ({
    email: m.email,
    answer: m.answer === 'accept' ? 'accepted' : m.answer === 'disagree' ? 'disagreed' : 'no answer yet',
    when: m.answeredAt ? when(ctx, m.answeredAt) : '',
    details: m.details,
  }));

  return {
    page: 'case',
    title: `Case ${state.codeName}`,
    data: {
      token,
      codeName: state.codeName,
      status: statusFor(state.phase),
      phaseText: PHASE_TEXT[state.phase] ?? '',
      nextAction: actionFor(state.phase),
      badFaith: state.badFaith,
      docUrl: docUrl(state.docId),
      deadlines,
      vote: voteInfo,
      moderatorsSpace: round[0]?.space ?? '',
      moderatorsStanding: roundStanding(round),
      moderators,
      reporterContact: state.reporterEmail ? 'the reporter (address on file)' : 'none: the reporter left no usable address',
      notice: notice ? notice.lines : [],
      noticeTone: notice?.tone ?? '',
      actions,
      blocked,
      memberName: member.name,
    },
  };
}

function memberAndCase(request: ActionRequest): { member: CommitteeMember; kase: Case } {
  const { member, kase } = request;
  if (!member || !kase) throw new Error('case page: the router must resolve a member and a case');
  return { member, kase };
}

/** For members who are not (or no longer) cleared: the code name only, and what to do. */
function notClearedPage(ctx: Context, kase: Case, member: CommitteeMember): PageView {
  const latest = clearancesOf(ctx).latest(kase.id, member.id);
  const lines = latest?.decision === 'conflict'
    ? [`A conflict of interest is recorded for you for case ${kase.codeName}, so this page is closed to you.`]
    : [`You have not declared that you have no conflict of interest for case ${kase.codeName}.`, 'Please answer the conflict-of-interest email for this case first; nothing about it is shown until you do.'];
  return { page: 'case-result', title: 'Case page', data: { heading: 'This case page is not open to you', notice: lines, noticeTone: 'refused', links: [] } };
}

/** GET: the case as it stands and the actions open to this member now. Changes nothing. */
export function getCasePage(request: ActionRequest): PageView {
  const { member, kase } = memberAndCase(request);
  const ctx = request.ctx;
  if (!clearedMember(ctx, clearancesOf(ctx), kase.id, member.id)) return notClearedPage(ctx, kase, member);
  const state = loadCase(ctx, kase.id);
  if (!state) return notClearedPage(ctx, kase, member);
  return buildCasePage(ctx, state, member, request.token);
}

/** POST: one confirmed op, then the case page again with what happened. */
export function postCasePage(request: ActionRequest): PageView {
  const { member, kase } = memberAndCase(request);
  const ctx = request.ctx;
  const clearances = clearancesOf(ctx);
  if (!clearedMember(ctx, clearances, kase.id, member.id)) return notClearedPage(ctx, kase, member);
  const state = loadCase(ctx, kase.id);
  if (!state) return notClearedPage(ctx, kase, member);
  const op = String(request.fields.op ?? '') as CaseOp;
  if (!(CASE_OPS as readonly string[]).includes(op)) {
    return buildCasePage(ctx, state, member, request.token, { tone: 'refused', lines: ['Please choose one of the actions below. Nothing has been changed.'] });
  }
  if (!isConfirmed(request)) return buildCasePage(ctx, state, member, request.token, { tone: 'refused', lines: [NOT_CONFIRMED] });
  if (op === 'conflict') {
    const result = recordConflict(ctx, kase, member, 'case-page');
    return {
      page: 'case-result', title: 'Conflict recorded',
      data: {
        heading: 'Your conflict is recorded', noticeTone: 'done', links: [],
        notice: [
          `Your conflict of interest for case ${kase.codeName} is recorded.`,
          result.revoked ? 'Your access to the case document has been removed.' : 'You no longer have access to this case.',
          ...(result.confirmed ? [] : ['We could not confirm that your access was removed. The committee has been told and will check it.']),
        ],
      },
    };
  }
  const result = runOp(ctx, state, member, op, request.fields);
  // The page reloads the case from memory, so it shows the state this action left.
  const fresh = loadCase(ctx, kase.id) ?? state;
  return buildCasePage(ctx, fresh, member, request.token, { tone: result.ok ? 'done' : 'refused', lines: [result.heading + '.', ...result.lines] });
}

function runOp(ctx: Context, state: Case, member: CommitteeMember, op: CaseOp, fields: Record<string, string>): ActionResult {
  const clearances = clearancesOf(ctx);
  switch (op) {
    case 'open-vote':
      return openVote(ctx, state, clearances, member.id, readPlan(ctx, state));
    case 'send-recommendation':
      return sendRecommendation(ctx, state, clearances, member.id);
    case 'record-override':
      return recordOverride(ctx, state, clearances, member.id);
    case 'escalate':
      return notifyEscalation(ctx, state, clearances, member.id);
    case 'send-letter':
      return sendLetter(ctx, state, clearances, member.id, String(fields.to ?? ''));
    case 'send-follow-up':
      return sendFollowUp(ctx, state, clearances, member.id);
    case 'bad-faith':
      return markBadFaith(ctx, state, member);
    case 'close-no-violation':
      return closeNoViolation(ctx, state, member);
    case 'held-sent':
    case 'held-resend':
      return decideHeld(ctx, state, member, String(fields.key ?? ''), op === 'held-resend');
    default:
      return { ok: false, heading: 'Nothing was done', lines: ['Unknown action.'] };
  }
}

/** Marks the report as not made in good faith: no follow-up and no status emails to the reporter. */
export function markBadFaith(ctx: Context, state: Case, member: CommitteeMember): ActionResult {
  if (state.badFaith) return { ok: true, heading: 'Already marked', lines: ['This report is already marked as not made in good faith. Nothing changed.'] };
  if (isClosed(state)) return { ok: false, heading: 'Nothing was changed', lines: ['This case is closed.'] };
  if (state.flags.followUp) return { ok: false, heading: 'Nothing was changed', lines: ['The follow-up has already been sent to the reporter.'] };
  state.badFaith = true;
  state.flags.badFaith = { at: ctx.clock.nowIso(), by: member.id };
  recordInDoc(ctx, state, SECTION.discussions, `Marked as not made in good faith by ${member.name || 'a member'}: the reporter gets no follow-up and no status emails.`);
  if (state.phase === 'letter-sent') setPhase(ctx, state, 'resolved');
  else casesOf(ctx).save(state);
  ctx.audit.record('case.bad-faith', state.id, 'marked as not made in good faith');
  return { ok: true, heading: 'Marked as not made in good faith', lines: ['The reporter will get no follow-up and no status emails. The case document records who decided and when.'] };
}

/** Closes the case as no violation (Resolution "No violation" unless a member wrote their own). */
export function closeNoViolation(ctx: Context, state: Case, member: CommitteeMember): ActionResult {
  if (isClosed(state)) return { ok: true, heading: 'Already closed', lines: ['This case is already closed. Nothing changed.'] };
  if (state.flags.letter) return { ok: false, heading: 'The case was not closed', lines: ['The letter to the reported person has been sent: this was treated as a violation.'] };
  cancelOpenVote(ctx, state, 'the case was closed as no violation');
  state.flags.noViolation = { at: ctx.clock.nowIso(), by: member.id };
  recordInDoc(ctx, state, SECTION.discussions, `Closed as not a Code of Conduct violation by ${member.name || 'a member'}.`);
  setPhase(ctx, state, 'closed', { resolution: 'No violation' });
  ctx.audit.record('case.closed', state.id, 'no violation');
  const next = state.badFaith || !state.reporterEmail ? [] : ['You can now send the reporter a follow-up explaining why: write it under "Follow-up to the reporter" in the case document.'];
  return { ok: true, heading: 'The case is closed', lines: ['Resolution: no violation.', ...next] };
}

/** A person's decision about an at-most-once message an interrupted run left `held`. */
function decideHeld(ctx: Context, state: Case, member: CommitteeMember, key: string, resend: boolean): ActionResult {
  const outbox = outboxOf(ctx);
  const held = outbox.heldByKey(state.id, key);
  if (!held) return { ok: false, heading: 'Nothing was changed', lines: ['That message is not waiting for a decision.'] };
  outbox.decideHeld(held, resend, member.id, ctx.clock.nowIso());
  recordInDoc(ctx, state, SECTION.log, `${member.name || 'A member'} decided about an interrupted ${held.kind} message: ${resend ? 'send it again' : 'it arrived'}.`);
  ctx.audit.record(resend ? 'mail.held-resend' : 'mail.held-sent', state.id, held.kind);
  return { ok: true, heading: resend ? 'It will be sent again' : 'Marked as sent', lines: [] };
}
