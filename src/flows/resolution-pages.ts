// Web handlers of the deliberation-to-resolution links: the case page, a member's vote page and a moderator's answer page, registered with the router.
import { registerConfirmAction } from './confirmations';
import { dayIn, isDate } from '../core/deadlines';
import type { Choice } from '../core/votes';
import type { LinkClaims } from '../core/tokens';
import type { Context } from '../workspace/context';
import { docUrl } from '../workspace/links';
import type { PageView } from '../workspace/pages';
import type { Case } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import type { ModeratorRecord } from '../records/moderation';
import { outboxOf } from '../records/outbox';
import { votesOf } from '../records/votes';
import { getCasePage, notClearedLines, postCasePage } from './case-page';
import { clearedMember, loadCase, ONLY_CLEARED_CAN } from './case-state';
import { answerNotWanted, moderatorById, recordModeratorAnswer, whyCannotAnswer } from './moderators';
import {
  castBallot,
  countableBallots,
  NO_VOTE,
  overdue,
  readDraft,
  revoteText,
  roundOf,
  tallyOf,
  whyCannotVote,
} from './vote';
import { isConfirmed, registerAction, type ActionRequest } from './web-router';
import { timeZoneOf } from '../workspace/committee';

type Notice = { tone: 'done' | 'refused'; lines: string[] } | null;

const CLOSING_QUESTION: Record<string, string> = {
  'no-violation': 'Close the case: this is not a Code of Conduct violation. The reporter is told why in the follow-up.',
  'bad-faith': 'Close the case: the report was not made in good faith. The reporter gets no follow-up.',
};

function refusedPage(title: string, heading: string, lines: string[]): PageView {
  return { page: 'case-result', title, data: { heading, notice: lines, noticeTone: 'refused', links: [] } };
}

// ------------------------------------------------------------------------------------------------
// Vote page

function votePage(request: ActionRequest, state: Case, notice: Notice = null): PageView {
  const ctx = request.ctx;
  const member = request.member;
  if (!member) throw new Error('vote page: the router must resolve a member');
  const vote = votesOf(ctx).latest(state.id);
  // The ballot is on the text frozen when the vote opened, not on whatever the Doc says now.
  const question = vote && vote.subject !== 'response' ? CLOSING_QUESTION[vote.subject] : '';
  // A closing vote shows its question alone: under the plan's heading it read as a vote on a plan.
  const { plan, consequences } = vote ? vote.texts : readDraft(ctx, state);
  const refusal = whyCannotVote(ctx, state, clearancesOf(ctx), vote, member.id);
  let summary = NO_VOTE;
  if (vote) {
    const tally = tallyOf(ctx, state, vote);
    // Past its time it is closed, though the sweep has not recorded it yet: its result is the tally's now (ADV-329).
    const outcome =
      vote.outcome === 'open' && overdue(ctx, vote) ? (tally.outcome === 'passed' ? 'passed' : 'failed') : vote.outcome;
    summary =
      outcome === 'open'
        ? `The vote is open: ${vote.eligible.length - tally.notVoted} of ${vote.eligible.length} eligible members have voted, and it passes with ${tally.required} approvals.`
        : `The vote${vote.round < roundOf(state) ? ` of round ${vote.round}` : ''} is closed: it ${outcome === 'passed' ? 'passed' : outcome === 'failed' ? 'did not pass' : 'was cancelled'} (approve ${tally.approve}, reject ${tally.reject}, abstain ${tally.abstain}; ${tally.required} needed).`;
    // A vote on changed text after one passed: an old link opens it on a page like the one the member approved.
    if (outcome === 'open' && !question)
      summary += ` ${revoteText(
        ctx,
        votesOf(ctx)
          .forCase(state.id)
          .filter((v) => v.subject === 'response' && v.round === vote.round && v.outcome === 'passed')
          .pop(),
        vote.texts,
      )}`;
    if (refusal && vote.outcome === 'open') summary = `${summary} ${refusal}`;
  }
  return {
    page: 'vote',
    title: `Vote: ${state.codeName}`,
    data: {
      token: request.token,
      codeName: state.codeName,
      summary,
      // A ballot that no longer counts (the member made an adviser since) is not shown as theirs now (ADV-483).
      current:
        vote && vote.outcome === 'open' ? (countableBallots(ctx, state, clearancesOf(ctx), vote)[member.id] ?? '') : '',
      question,
      plan: plan || '(empty)',
      consequences: consequences || '(empty)',
      docUrl: docUrl(state.docId),
      canVote: !refusal,
      voteId: vote?.id ?? '',
      letter: vote && !question ? vote.texts.letter : '',
      notice: notice ? notice.lines : [],
      noticeTone: notice?.tone ?? '',
    },
  };
}

function voteState(request: ActionRequest): Case | null {
  const { ctx, member, kase } = request;
  if (!member || !kase) return null;
  if (!clearedMember(ctx, clearancesOf(ctx), kase.id, member.id)) return null;
  return loadCase(ctx, kase.id);
}

/** ADV-488: a member who declared a conflict since the vote link went out is told so, as on the case page. */
function notOpenPage({ ctx, member, kase }: ActionRequest): PageView {
  return refusedPage(
    'Vote',
    'This vote is not open to you',
    member && kase ? notClearedLines(ctx, kase, member) : [`${ONLY_CLEARED_CAN}vote on it.`],
  );
}

function getVote(request: ActionRequest): PageView {
  const state = voteState(request);
  if (!state) return notOpenPage(request);
  return votePage(request, state);
}

function postVote(request: ActionRequest): PageView {
  const state = voteState(request);
  if (!state || !request.member) return notOpenPage(request);
  if (request.fields.op !== 'vote')
    return votePage(request, state, {
      tone: 'refused',
      lines: ['Please choose approve, reject or abstain. Nothing has been recorded.'],
    });
  if (!isConfirmed(request))
    return votePage(request, state, {
      tone: 'refused',
      lines: ['Please tick the box to confirm your vote. Nothing has been recorded.'],
    });
  const vote = votesOf(request.ctx).latest(state.id);
  if (!vote) return votePage(request, state, { tone: 'refused', lines: [NO_VOTE] });
  // The ballot is on the text the page showed: a page of an earlier vote counts on nothing. (A form without the field,
  // from a page served before it existed, is taken as before.)
  if (request.fields.vote !== undefined && request.fields.vote !== vote.id)
    return votePage(request, state, {
      tone: 'refused',
      lines: ['This page showed an earlier vote. Nothing has been recorded: check the text below and vote again.'],
    });
  const result = castBallot(
    request.ctx,
    state,
    clearancesOf(request.ctx),
    vote,
    request.member.id,
    String(request.fields.choice ?? '') as Choice,
  );
  const fresh = loadCase(request.ctx, state.id) ?? state;
  return votePage(request, fresh, {
    tone: result.ok ? 'done' : 'refused',
    lines: [result.heading + '.', ...result.lines],
  });
}

// ------------------------------------------------------------------------------------------------
// Moderator page

function authorizeModerator(ctx: Context, claims: LinkClaims): boolean {
  if (!claims.sub.startsWith('d_') || !claims.cid || claims.cid === '-') return false;
  return moderatorById(ctx, claims.cid, claims.sub) !== null;
}

/** The recommendation as it was mailed to this moderator, without the link lines (they are on the page already). */
function sentRecommendation(ctx: Context, state: Case, moderator: ModeratorRecord): string {
  const body = outboxOf(ctx).sentBody(state.id, 'recommendation', moderator.id);
  if (body === null) return '';
  const lines = body.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^https?:\/\//.test(lines[i].trim())) {
      if (out.length && /:\s*$/.test(out[out.length - 1])) out.pop();
      continue;
    }
    out.push(lines[i]);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function moderatorPage(
  request: ActionRequest,
  state: Case,
  moderator: ModeratorRecord,
  notice: Notice = null,
  details = '',
): PageView {
  const notWanted = answerNotWanted(request.ctx, state, clearancesOf(request.ctx), moderator);
  const refusal = whyCannotAnswer(state, moderator, notWanted);
  // Nor once out of the round: taken off the space and listed again (a leaked link, ADV-363), or a round withdrawn or
  // replaced; only a new link, or the email itself, shows it (ADV-560).
  const rec = state.flags.recommendation;
  const gone = notWanted || !!rec?.withdrawn || !rec?.moderators?.includes(moderator.id);
  return {
    page: 'moderator',
    title: `Recommendation for ${moderator.space}`,
    data: {
      token: request.token,
      space: moderator.space,
      // Taken off the space or kept out, the link (perhaps leaked: ADV-363) shows nothing of the case (ADV-381).
      recommendation: gone ? '' : sentRecommendation(request.ctx, state, moderator),
      // Nor the answer it withdrew: the page says only that it no longer waits for one (ADV-394).
      current: gone
        ? ''
        : moderator.answer === 'accept'
          ? 'accepted'
          : moderator.answer === 'disagree'
            ? 'disagreed'
            : '',
      // The committee's day (Settings `Time zone`), as every date it sends: the UTC date was a day off west of UTC.
      answeredOn: isDate(moderator.answeredAt) ? dayIn(moderator.answeredAt, timeZoneOf(request.ctx)) : '',
      details: details || (moderator.answer === 'disagree' ? moderator.details : ''),
      open: !refusal,
      notice: notice ? notice.lines : refusal ? [refusal] : [],
      noticeTone: notice ? notice.tone : refusal ? 'done' : '',
    },
  };
}

function moderatorParts(request: ActionRequest): { state: Case; moderator: ModeratorRecord } | null {
  const { ctx, claims, kase } = request;
  if (!kase) return null;
  const moderator = moderatorById(ctx, kase.id, claims.sub);
  const state = loadCase(ctx, kase.id);
  return moderator && state ? { state, moderator } : null;
}

/** A moderator's link whose case or moderator is no longer on file (a newer email replaced it). */
function staleModeratorLink(): PageView {
  return refusedPage('Recommendation', 'This link can\u2019t be used', [
    'Please use the newest email from the committee.',
  ]);
}

function getModerator(request: ActionRequest): PageView {
  const parts = moderatorParts(request);
  if (!parts) return staleModeratorLink();
  return moderatorPage(request, parts.state, parts.moderator);
}

function postModerator(request: ActionRequest): PageView {
  const parts = moderatorParts(request);
  if (!parts) return staleModeratorLink();
  const { state, moderator } = parts;
  const op = String(request.fields.op ?? '');
  const details = String(request.fields.details ?? '');
  if (op !== 'accept' && op !== 'disagree') {
    return moderatorPage(
      request,
      state,
      moderator,
      { tone: 'refused', lines: ['Please choose whether you accept the recommendation. Nothing has been recorded.'] },
      details,
    );
  }
  if (!isConfirmed(request)) {
    return moderatorPage(
      request,
      state,
      moderator,
      { tone: 'refused', lines: ['Please tick the box to confirm your answer. Nothing has been recorded.'] },
      details,
    );
  }
  const result = recordModeratorAnswer(request.ctx, state, clearancesOf(request.ctx), moderator, op, details);
  const fresh = loadCase(request.ctx, state.id) ?? state;
  const freshModerator = moderatorById(request.ctx, state.id, moderator.id) ?? moderator;
  return moderatorPage(
    request,
    fresh,
    freshModerator,
    { tone: result.ok ? 'done' : 'refused', lines: [result.heading + '.', ...result.lines] },
    result.ok ? '' : details,
  );
}

/** Registers the case page (replacing the minimal one), the vote page and the moderator page. */
export function registerResolutionActions(): void {
  registerAction('case', { subject: 'member', caseScope: 'required', get: getCasePage, post: postCasePage });
  registerConfirmAction();
  registerAction('vote', { subject: 'member', caseScope: 'required', get: getVote, post: postVote });
  registerAction('moderator', {
    subject: 'custom',
    caseScope: 'required',
    authorize: authorizeModerator,
    get: getModerator,
    post: postModerator,
  });
}
