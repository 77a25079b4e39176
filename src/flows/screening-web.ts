// The screening pages behind the "No conflict" / "Conflict" links (and a minimal case page): GET shows a confirmation form, POST with a ticked box records the answer.
import { formatForSheet, isDate } from '../core/deadlines';
import type { LinkAction } from '../core/tokens';
import { linkOf, docUrl } from '../workspace/links';
import type { PageView } from '../workspace/pages';
import { LINK_TTL_DAYS, ROLLED_BACK_LINE } from '../workspace/schema';
import { isPermissionMissing } from '../workspace/errors';
import { trashedByRetention } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import { screeningPeople } from './intake';
import { ACCESS_UNCONFIRMED, recordConflict, recordNoConflict, refusedLine } from './screening';
import {
  isConfirmed,
  LACKS_PERMISSION,
  registerAction,
  resultPage,
  type ActionHandler,
  type ActionRequest,
} from './web-router';
import { timeZoneOf } from '../workspace/committee';
import { NOT_CHANGED } from '../core/messages';

type ScreeningAction = Extract<LinkAction, 'no-conflict' | 'conflict' | 'case'>;

/**
 * What each link may do. The "No conflict" link can also record a conflict (a member may find one at any
 * time, from the same links); the "Conflict" link and the case page can never grant access.
 */
const ALLOWED_OPS: Record<ScreeningAction, readonly string[]> = {
  'no-conflict': ['no-conflict', 'conflict'],
  conflict: ['conflict'],
  case: ['conflict'],
};

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

/** "2 March 2026" from an ISO instant (UTC date; '' when unreadable): unambiguous in every locale. */
export function readableDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1]}` : '';
}

const NOT_CONFIRMED = `Please tick the box to confirm your answer. ${NOT_CHANGED}`;
const UNKNOWN_OP = `Please choose one of the options below. ${NOT_CHANGED}`;

function requireParts(request: ActionRequest) {
  const { member, kase } = request;
  if (!member || !kase) throw new Error('screening: the router must resolve a member and a case');
  return { member, kase };
}

/** The confirmation page for this link, reflecting what the member already declared. */
function screeningPage(request: ActionRequest, action: ScreeningAction, error = ''): PageView {
  const { member, kase } = requireParts(request);
  const latest = clearancesOf(request.ctx).latest(kase.id, member.id);
  if (latest?.decision === 'conflict') return conflictRecordedPage(kase.codeName, latest.at, false);
  const cleared = latest?.decision === 'no-conflict' && latest.share !== 'pending';
  // A member with no answer yet reaches the case page only by an old or forwarded link: it never grants.
  const mode =
    action === 'no-conflict' && !cleared
      ? 'no-conflict'
      : action === 'case' && cleared
        ? 'case'
        : action === 'case'
          ? 'conflict'
          : action;
  return {
    page: 'screening',
    title:
      mode === 'conflict'
        ? 'Record a conflict of interest'
        : cleared
          ? 'Your access to this case'
          : 'Conflict of interest check',
    data: {
      token: request.token,
      codeName: kase.codeName,
      // Everyone the screening email named: a page listing only the names left out a handle or an address, and
      // the box below says "no conflict with the people involved".
      people: screeningPeople(kase.reported, [kase.reporterName, ...kase.witnesses.names]),
      mode,
      cleared,
      // The committee's day (Settings `Time zone`): the UTC date was a day late for an evening answer west of UTC.
      clearedOn:
        cleared && latest && isDate(latest.at) ? readableDate(formatForSheet(latest.at, timeZoneOf(request.ctx))) : '',
      docUrl: cleared ? docUrl(kase.docId) : '',
      // Pressing shares nothing while retention keeps the Doc in the trash (ADV-490): the page says so first (ADV-501).
      trashed: trashedByRetention(kase),
      error,
    },
  };
}

function conflictRecordedPage(codeName: string, at: string, revoked: boolean, unconfirmed = false): PageView {
  const lines = [`Your conflict of interest for case ${codeName} is recorded${at ? ` (${readableDate(at)})` : ''}.`];
  if (revoked) lines.push('Your access to the case document has been removed.');
  lines.push(
    'You won\u2019t get access to this case or take part in its discussion or vote, and you don\u2019t need to explain why.',
  );
  const notes = unconfirmed ? [ACCESS_UNCONFIRMED] : ['If you chose this by mistake, please tell the committee.'];
  return resultPage({
    title: 'Conflict recorded',
    heading: 'Your conflict is recorded',
    lines,
    notes,
    tone: unconfirmed ? 'warn' : 'ok',
  });
}

function grantedPage(request: ActionRequest, share: string, repeat: boolean): PageView {
  const { member, kase } = requireParts(request);
  const lines = [
    repeat
      ? `You already declared no conflict for case ${kase.codeName}, and its document is shared with you.`
      : `Thank you. You declared no conflict of interest for case ${kase.codeName}, and its document is now shared with you alone.`,
  ];
  if (share === 'fallback') {
    lines.push(
      'Your address has no Google account, so Google could not share the document silently and sent you its own invitation email. The committee has been told.',
    );
  }
  const notes = [
    repeat ? 'Nothing was changed.' : 'We have also emailed you the link to the document and to the case page.',
    'If you later find a conflict of interest, for example because of who reported this, use the "Conflict" link in the same email at any time.',
  ];
  return resultPage({
    title: 'Access granted',
    heading: repeat ? 'You already have access' : 'You have access',
    lines,
    notes,
    links: [
      { label: 'Open the case document', href: docUrl(kase.docId) },
      { label: 'Case page', href: linkOf(request.ctx, member.id, kase.id, 'case', LINK_TTL_DAYS.case) },
    ],
  });
}

function post(request: ActionRequest, action: ScreeningAction): PageView {
  const { member, kase } = requireParts(request);
  const op = request.fields.op ?? '';
  if (!ALLOWED_OPS[action].includes(op)) return screeningPage(request, action, UNKNOWN_OP);
  if (!isConfirmed(request)) return screeningPage(request, action, NOT_CONFIRMED);
  const via = action === 'case' ? 'case-page' : 'screening';
  if (op === 'conflict') {
    const result = recordConflict(request.ctx, kase, member, via);
    return conflictRecordedPage(kase.codeName, result.at, result.revoked, !result.confirmed);
  }
  const result = recordNoConflict(request.ctx, kase, member, via);
  switch (result.kind) {
    case 'granted':
      return grantedPage(request, result.share, false);
    case 'already':
      return grantedPage(request, result.share, true);
    case 'conflict-stands':
      return resultPage({
        title: 'Conflict recorded',
        heading: 'A conflict is recorded for you',
        lines: [
          `You declared a conflict of interest for case ${kase.codeName} on ${readableDate(result.at)}, so its document can\u2019t be shared with you.`,
          'Nothing was changed.',
        ],
        notes: ['If that was a mistake, please tell the committee.'],
        tone: 'warn',
        outcome: 'refused',
      });
    case 'share-pending': {
      const missing = isPermissionMissing(result.error);
      // Drive refused this address even with its invitation (noted today, or by this press): no retry within the hour
      // changes that, and the committee account was told what does (ADV-452).
      return resultPage({
        title: 'Answer recorded',
        heading: 'Your answer is recorded',
        lines: [
          `You declared no conflict of interest for case ${kase.codeName}.`,
          result.trashed
            ? 'The case is closed and its document is in the trash, so it is not shared with you. If the case is opened again, it is, and you will get an email.'
            : result.refused
              ? refusedLine(request.ctx, member.email, 'the document', 'the document is')
              : request.ctx.outbox.rolled
                ? ROLLED_BACK_LINE
                : // Google's words in the note (ADV-655): no retry shares it until the owner grants the permission.
                  `${missing ? LACKS_PERMISSION : 'Google Drive did not respond in time'}, so the document is not shared yet${missing ? '' : '. It will be retried automatically'}, and you will get an email when it is done.`,
        ],
        tone: 'warn',
      });
    }
  }
  return screeningPage(request, action);
}

function handlerFor(action: ScreeningAction): ActionHandler {
  return {
    subject: 'member',
    caseScope: 'required',
    get: (request) => screeningPage(request, action),
    post: (request) => post(request, action),
  };
}

/**
 * Registers the screening links and a minimal case page (the cleared member's document link and the way to
 * declare a conflict later). The full case page (votes, sending) replaces `case` with its own handler.
 */
export function registerScreeningActions(): void {
  registerAction('no-conflict', handlerFor('no-conflict'));
  registerAction('conflict', handlerFor('conflict'));
  registerAction('case', handlerFor('case'));
}
