// The signed case page: where a cleared member sees a case's state and deadlines and does what is open to them now, each action previewed from the Doc and done only on a confirmed POST.
import { DAY_MS, isoOf } from '../core/deadlines';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { linkOf, docUrl } from '../workspace/links';
import { docOpens } from '../workspace/docs';
import { rethrowEnding } from '../workspace/errors';
import type { PageData, PageView } from '../workspace/pages';
import { LINK_TTL_DAYS, ROLLED_BACK_LINE } from '../workspace/schema';
import { isClosed, trashedByRetention, type Case } from '../records/cases';
import { isDocGone } from './audit-recheck';
import { clearancesOf } from '../records/clearances';
import { votesOf } from '../records/votes';
import { CASE_ACTIONS, caseActionFor, type CaseOp, type PageAction, type PageScope } from './case-actions';
import { actionFor, clearedMember, committeeTime, loadCase, SECTION, statusFor } from './case-state';
import { currentRound, decisionOf, docShows, roundStanding, type Decision } from './moderators';
import { guardRefusals } from './outgoing';
import { ballotLost, overdue, roundOf, sweepOpenVote, tallyOf, voteClosesAt } from './vote';
import { outboxKey, outboxOf } from '../records/outbox';
import { earlierCasesFor } from './patterns';
import { followUpKey } from './follow-up';
import { letterKey } from './letters';
import { riskCells } from './status-edits';
import { needsConfirmation, requestConfirmation } from './confirmations';
import { isConfirmed, type ActionRequest } from './web-router';
import { readNow } from '../workspace/clock';
import { NOT_CHANGED } from '../core/messages';

const PHASE_TEXT: Record<string, string> = {
  screening: 'Members are declaring conflicts of interest.',
  deliberating: 'Under discussion: write the plan and consequences in the case document, then open a vote.',
  voting: 'A vote is open: what it decides and how it stands are shown below.',
  'vote-failed': 'The last vote did not pass: revise the plan and consequences, then open a new vote.',
  'vote-passed': 'The vote passed: the recommendation can go to the moderators.',
  'awaiting-moderators': 'Waiting for the moderators to answer the recommendation.',
  'moderators-disagree': 'The moderators disagree with the recommendation.',
  'moderators-accepted': 'The letter to the reported person can be sent.',
  'letter-sent': 'The letter was sent: the reporter\u2019s follow-up is next.',
  resolved: 'Resolved.',
  closed: 'Closed.',
};

/** What a vote decides, as the case page's vote line starts. */
const SUBJECT_PREFIX: Record<string, string> = {
  response: '',
  'no-violation': 'On closing the case as not a violation: ',
  'bad-faith': 'On closing the case as a report not made in good faith: ',
};

const NOT_CONFIRMED = `Please tick the confirmation box of the action you chose. ${NOT_CHANGED}`;

/**
 * The forms of every action open to the member now, and why the next steps that are not open yet are not. Without
 * `withTexts` (the case page a forwarded link opens) no form carries case text: no preview, no guard finding; the
 * confirmation page (confirmations.ts), opened from the member's own mailbox, shows them.
 */
function caseActions(
  scope: PageScope,
  withTexts: boolean,
  failures: unknown[],
): { actions: PageAction[]; blocked: Array<{ heading: string; reason: string }> } {
  const actions: PageAction[] = [];
  const blocked: Array<{ heading: string; reason: string }> = [];
  for (const action of CASE_ACTIONS) {
    // An action whose offer fails (it reads the Doc, and Drive does not give it) is left out; the rest stay.
    try {
      const why = action.whyNot(scope);
      if (why !== null) {
        const shown = action.blocked?.(scope, why);
        if (shown) blocked.push(shown);
        continue;
      }
      const outgoing = action.outgoing?.(scope) ?? null;
      const guardLines =
        withTexts && outgoing?.guarded.length
          ? guardRefusals(scope.ctx, scope.state, outgoing.guarded).map((r) => r.description)
          : [];
      const forms = action.preview(scope, outgoing, guardLines);
      actions.push(...(withTexts ? forms : forms.map((f) => ({ ...f, previews: [] }))));
    } catch (err) {
      rethrowEnding(err);
      failures.push(err);
    }
  }
  return { actions, blocked };
}

const DOC_UNAVAILABLE = [
  'The case document cannot be opened now, so the actions that read it are not shown.',
  'The access audit checks it hourly and replaces a document gone from Drive (a closed case\u2019s once it is open again).',
  // A closed case's Doc taken for gone is read at the weekly pass alone (ADV-492), not hourly (ADV-504).
  'The case is closed and Drive no longer holds its document: the access audit looks for it once a week, and opening the case again makes a new one.',
];

/** What a page built by `buildCasePage` shows: everything open (the case page) or one op with its texts (a confirmation). */
export interface CasePageView {
  only?: CaseOp;
  /** The address the member typed (a letter's confirmation shows it instead of asking again). */
  to?: string;
}

/** The latest vote as the page shows it (counts only), with the member's own vote link while it is open to them. */
function voteSummary(ctx: Context, state: Case, member: CommitteeMember): PageData['case']['vote'] {
  const vote = votesOf(ctx).latest(state.id);
  if (!vote) return null;
  const tally = tallyOf(ctx, state, vote);
  const voted = vote.eligible.length - tally.notVoted;
  // Past its time it is closed, though the hourly sweep has not recorded its result yet (ADV-329).
  const over = vote.outcome === 'open' && overdue(ctx, vote);
  // Its ballots lost to a restore (ADV-553): not the older count, nor a link to the refusal (ADV-568).
  const lost = vote.outcome === 'open' && ballotLost(ctx, vote);
  const mine =
    !over && !lost && vote.outcome === 'open' && vote.eligible.includes(member.id) && member.role === 'voting';
  return {
    outcome:
      (over ? 'closed' : vote.outcome === 'failed' ? 'did not pass' : vote.outcome) +
      // A new round's page shows the last round's vote as that round's: "Vote: passed" read as the revision passing.
      (vote.round < roundOf(state) ? ` in round ${vote.round}` : ''),
    opened: committeeTime(ctx, vote.openedAt),
    closed: committeeTime(ctx, vote.closedAt),
    summary:
      SUBJECT_PREFIX[vote.subject] +
      (lost
        ? ROLLED_BACK_LINE
        : vote.outcome === 'open' && !over
          ? `${voted} of ${vote.eligible.length} eligible members have voted; ${tally.required} approvals are needed.`
          : `Approve ${tally.approve}, reject ${tally.reject}, abstain ${tally.abstain}; ${tally.required} of ${vote.eligible.length} needed.`),
    voteUrl: mine ? linkOf(ctx, member.id, state.id, 'vote', LINK_TTL_DAYS.vote) : '',
  };
}

/** When the reporter's details were last deleted (a purge, `forget-reporter`; the case perhaps opened again since), or ''. */
function detailsDeletedAt(state: Case): string {
  const before = state.flags.purgedBefore;
  return String(state.flags.purged ?? (Array.isArray(before) && before.length ? before[before.length - 1] : ''));
}

/**
 * The deadlines as they stand: one already met says when it was met; one that cannot apply (no reporter address,
 * a report not made in good faith) is not shown; an open vote's closing date is one.
 */
export function caseDeadlines(ctx: Context, state: Case): Array<{ label: string; value: string }> {
  const out: Array<{ label: string; value: string }> = [
    { label: 'Received', value: committeeTime(ctx, state.receivedAt) },
  ];
  // A date gone by says so: a case opened again keeps its first life's deadlines, read otherwise as still to come.
  const due = (iso: string) => `due ${committeeTime(ctx, iso)}${Date.parse(iso) < readNow(ctx) ? ' (passed)' : ''}`;
  const mail = outboxOf(ctx);
  const keys = mail.keyIndex();
  // One that no longer stands awaits no answer (ADV-361).
  const rec = state.flags.recommendation?.withdrawn ? undefined : state.flags.recommendation;
  const recKey = rec ? outboxKey(state.id, `recommendation:${rec.voteId}`, rec.moderators?.[0] ?? '') : '';
  // The rows of the sent messages this page dates, read together: one read, not one a line.
  const sentAt = mail.createdAt(
    [followUpKey(state), letterKey(state), recKey].filter((key) => keys.state(key) === 'sent'),
    'Updated At',
  );
  // When a message went, as the outbox says: one waits for the quota (a follow-up, for its letter too), or is held.
  const wentAt = (key: string, at: string) => {
    const s = keys.state(key);
    return s && s !== 'sent' ? '' : sentAt.get(key) || at;
  };
  const went = (key: string, at: string) => {
    const time = wentAt(key, at);
    return time ? `sent ${committeeTime(ctx, time)}` : `not sent (its state: ${keys.state(key)})`;
  };
  const ack = keys.state(outboxKey(state.id, 'ack', 'reporter'));
  // Deleted (retention, or at the reporter's request) the address is gone, not what was sent to it (ADV-475).
  if (state.reporterEmail || (detailsDeletedAt(state) && ack)) {
    out.push({
      label: 'Acknowledgment',
      // No record of a case opened again from a lost archive: not on file, not unsent (as the sweep reads it, ADV-262).
      value:
        ack === 'sent'
          ? 'sent'
          : !ack && state.flags.archivedBefore
            ? 'not on file'
            : due(state.deadlines.acknowledgeBy),
    });
    if (!state.badFaith) {
      out.push({
        label: 'Follow-up to the reporter',
        value: state.flags.followUp
          ? went(followUpKey(state), state.flags.followUp.at)
          : state.flags.followUpWaived
            ? 'not owed'
            : due(state.deadlines.followUpBy),
      });
    }
  }
  if (state.flags.letter)
    out.push({ label: 'Letter to the reported person', value: went(letterKey(state), state.flags.letter.at) });
  const vote = votesOf(ctx).latest(state.id);
  if (vote && vote.outcome === 'open')
    out.push({ label: 'Vote closes', value: committeeTime(ctx, voteClosesAt(ctx, vote)) });
  if (rec) {
    const answered = roundStanding(currentRound(ctx, state));
    // The moderators' days count from when it went, as their reminder's do (ADV-193).
    const at = wentAt(recKey, rec.at);
    out.push({
      label: 'Moderators\u2019 answer',
      value:
        answered === 'accepted' || answered === 'disagreed'
          ? 'received'
          : at
            ? due(isoOf(Date.parse(at) + state.deadlines.moderatorsWithinDays * DAY_MS))
            : went(recKey, ''),
    });
  }
  return out;
}

/**
 * The seed's risk columns the committee sets in the status sheet (the system writes `Unknown` and never more): while
 * one is not set on an open case, or not confirmed by a cleared member (anyone may type in the sheet), the page says so.
 */
function riskReminders(ctx: Context, state: Case): Array<{ label: string; value: string }> {
  if (state.phase === 'resolved' || state.phase === 'closed') return [];
  return riskCells(ctx, state)
    .filter((r) => !r.confirmed || /^(unknown)?$/i.test(r.value))
    .map(({ header, value }) => ({
      label: header,
      value: `${/^(unknown)?$/i.test(value) ? 'not set yet' : `"${value}" in the sheet, not confirmed by a member cleared for this case`}: weigh it with the risk questions under "Committee discussions" in the case document, then set it in the status sheet and confirm it here`,
    }));
}

/** Everything the case page shows, as plain data for `case.html`. */
export function buildCasePage(
  ctx: Context,
  state: Case,
  member: CommitteeMember,
  token: string,
  notice: { tone: 'done' | 'refused'; lines: string[] } | null = null,
  view: CasePageView = {},
): PageView {
  const failures: unknown[] = [];
  let decision: Decision | undefined;
  try {
    decision = decisionOf(ctx, state);
  } catch (err) {
    rethrowEnding(err);
    failures.push(err);
  }
  const scope = {
    ctx,
    state,
    member,
    clearances: clearancesOf(ctx),
    // The Doc's texts as they stand: an action that needs them is left out when the Doc could not be read.
    get decision(): Decision {
      if (!decision) throw failures[0];
      return decision;
    },
  };
  const all = caseActions(scope, Boolean(view.only), failures);
  // Trashed by the purge, its shares withdrawn (retention.ts): its link would only show Google's `You need access` and
  // its button asking the committee account to share a trashed Doc, so the page says where it is instead (ADV-493).
  const trashedAt = trashedByRetention(state) && String(state.flags.docDeleted ?? '');
  const gone = failures.length > 0 && isClosed(state) && isDocGone(state, readNow(ctx));
  if (failures.length && !trashedAt) {
    // A Doc Drive does not give (deleted, or an outage): the case is still shown, without the actions that read it.
    if (docOpens(state.docId)) throw failures[0];
    notice = {
      tone: notice?.tone ?? 'refused',
      lines: [...(notice?.lines ?? []), DOC_UNAVAILABLE[0], DOC_UNAVAILABLE[gone ? 2 : 1]],
    };
  }
  const actions = view.only
    ? all.actions
        .filter((a) => a.op === view.only)
        .map((a) =>
          a.askTo ? { ...a, askTo: false, description: `${a.description} To: ${view.to || '(no address)'}.` } : a,
        )
    : all.actions;
  const blocked = view.only ? [] : all.blocked;

  const deadlines = caseDeadlines(ctx, state);
  if (trashedAt)
    deadlines.push({
      label: 'Case document',
      value: `in the trash since ${committeeTime(ctx, trashedAt)} (Settings \u201cDelete case Docs when purging\u201d): nobody else can open it, and Drive deletes it 30 days later. Opening the case again brings it back or makes a new one.`,
    });
  const round = currentRound(ctx, state);
  const voteInfo = voteSummary(ctx, state, member);
  // Words the Doc no longer shows (a version from before them restored) are not said to be in it (ADV-557).
  const section =
    decision && round.some((m) => m.details) ? ctx.work.docs.readSection(state.docId, SECTION.moderators) : null;
  const moderators = round.map((m) => ({
    email: m.email,
    answer: m.answer === 'accept' ? 'accepted' : m.answer === 'disagree' ? 'disagreed' : 'no answer yet',
    when: m.answeredAt ? committeeTime(ctx, m.answeredAt) : '',
    // The moderators' words are case text: the Doc holds them, the page a forwarded link opens does not.
    details: view.only
      ? m.details
      : m.details
        ? section === null || docShows(section, m)
          ? '(recorded in the case document)'
          : '(no longer in the case document; an escalation sends them as recorded)'
        : '',
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
      // Nor a link to a closed case's Doc taken for gone (ADV-506): it opens only Google's `not found`.
      docUrl: trashedAt || gone ? '' : docUrl(state.docId),
      deadlines,
      risks: view.only ? [] : riskReminders(ctx, state),
      vote: voteInfo,
      moderatorsSpace: round[0]?.space ?? '',
      moderatorsStanding: roundStanding(round),
      moderators,
      reporterContact: state.reporterEmail
        ? 'the reporter (address on file)'
        : detailsDeletedAt(state)
          ? `none: the reporter\u2019s details were deleted ${committeeTime(ctx, detailsDeletedAt(state))}`
          : 'none: the reporter left no usable address',
      notice: notice ? notice.lines : [],
      noticeTone: notice?.tone ?? '',
      actions,
      blocked,
      memberName: member.name,
      patterns: view.only
        ? []
        : earlierCasesFor(ctx, state, member).map((p) => ({
            ...p,
            others: p.others ? `${p.others} earlier case${p.others > 1 ? 's' : ''} you are not cleared for` : '',
          })),
    },
  };
}

function memberAndCase(request: ActionRequest): { member: CommitteeMember; kase: Case } {
  const { member, kase } = request;
  if (!member || !kase) throw new Error('case page: the router must resolve a member and a case');
  return { member, kase };
}

/** Why a member not (or no longer) cleared sees nothing of the case (its page, a confirmation): the code name only, and what to do. */
export function notClearedLines(ctx: Context, kase: Case, member: CommitteeMember): string[] {
  return clearancesOf(ctx).latest(kase.id, member.id)?.decision === 'conflict'
    ? [`A conflict of interest is recorded for you for case ${kase.codeName}, so this page is closed to you.`]
    : [
        `You have not declared that you have no conflict of interest for case ${kase.codeName}.`,
        'Please answer the conflict-of-interest email for this case first; nothing about it is shown until you do.',
      ];
}

function notClearedPage(ctx: Context, kase: Case, member: CommitteeMember): PageView {
  return {
    page: 'case-result',
    title: 'Case page',
    data: {
      heading: 'This case page is not open to you',
      notice: notClearedLines(ctx, kase, member),
      noticeTone: 'refused',
      links: [],
    },
  };
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

/** The case page's refusal while the registry is found gone back in time (ADV-553). */
export const ROLLED_BACK = { tone: 'refused' as const, lines: [ROLLED_BACK_LINE] };

/** POST: one confirmed op, then the case page again with what happened. */
export function postCasePage(request: ActionRequest): PageView {
  const { member, kase } = memberAndCase(request);
  const ctx = request.ctx;
  const clearances = clearancesOf(ctx);
  if (!clearedMember(ctx, clearances, kase.id, member.id)) return notClearedPage(ctx, kase, member);
  const state = loadCase(ctx, kase.id);
  if (!state) return notClearedPage(ctx, kase, member);
  // A vote past its time is over though the hourly sweep has not recorded it: closed first, as the sweep would.
  sweepOpenVote(ctx, state, clearances);
  // Not on ballots the registry lost (ADV-553): nor may an action close or withdraw the vote, which hides the restore.
  if (ctx.outbox.rolled) return buildCasePage(ctx, state, member, request.token, ROLLED_BACK);
  const op = String(request.fields.op ?? '');
  const action = caseActionFor(op);
  if (!action) {
    return buildCasePage(ctx, state, member, request.token, {
      tone: 'refused',
      lines: [`Please choose one of the actions below. ${NOT_CHANGED}`],
    });
  }
  if (!isConfirmed(request))
    return buildCasePage(ctx, state, member, request.token, { tone: 'refused', lines: [NOT_CONFIRMED] });
  // Nothing irreversible on the word of whoever holds this link: the member confirms from their own mailbox.
  if (needsConfirmation(ctx, op, state, request.fields)) {
    const why = action.whyNot({ ctx, state, member, clearances });
    if (why !== null) return buildCasePage(ctx, state, member, request.token, { tone: 'refused', lines: [why] });
    return requestConfirmation(ctx, state, member, clearances, op as CaseOp, request.fields);
  }
  const result = action.run({ ctx, state, member, clearances, op: op as CaseOp, fields: request.fields, kase });
  if ('page' in result) return result;
  // The page reloads the case from memory, so it shows the state this action left.
  const fresh = loadCase(ctx, kase.id) ?? state;
  return buildCasePage(ctx, fresh, member, request.token, {
    tone: result.ok ? 'done' : 'refused',
    lines: [result.heading + '.', ...result.lines],
  });
}
