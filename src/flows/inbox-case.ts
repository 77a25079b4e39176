// The owner turns an email waiting in the committee account's inbox into a case (issue 18): a signed link from the owner's notice shows the email; confirming runs intake on it, exactly as for a Form report.
import { isoOf } from '../core/deadlines';
import { canonicalAddress } from '../core/identity';
import { parseSingleEmail, withoutDeskLinks } from '../core/text';
import type { PageView } from '../workspace/pages';
import { archiveMessage, filesNote, readMailMessage, type MailMessage } from '../workspace/mailbox';
import { inboxOf, type InboxRecord } from '../records/inbox';
import { casesOf } from '../records/cases';
import { committeeTime } from './case-state';
import { runIntake, type IntakeOutcome } from './intake';
import { waitLine } from './recorded-reports';
import { fileReply, matchWaiting, whyNoRoom } from './replies';
import { replierOf, replySectionOf } from '../core/replies';
import { isConfirmed, registerAction, resultPage, UNTICKED, type ActionRequest } from './web-router';
import { settingsOf } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { commitWork } from '../workspace/unit-of-work';

const TITLE = 'An email in the committee inbox';

/** The intake response id of an email made a case: unique per message, so a repeated confirmation finds the case. */
const responseIdOf = (messageId: string) => `mail:${messageId}`;

function partsOf(request: ActionRequest): { row: InboxRecord; message: MailMessage } | null {
  const row = inboxOf(request.ctx).byMessage(request.claims.cid);
  const message = row ? readMailMessage(row.messageId) : null;
  return row && message ? { row, message } : null;
}

function inboxPage(request: ActionRequest, row: InboxRecord, message: MailMessage, notice: string[] = []): PageView {
  // Its code name, for the committee account to find it by; not yet while it waits for Google's Documents quota (ADV-465).
  const made = row.state === 'case' && casesOf(request.ctx).find(row.caseId);
  return {
    page: 'inbox',
    title: TITLE,
    data: {
      token: request.token,
      from: message.via
        ? `${message.via}, a group, which names ${message.claim || 'nobody'} as the sender`
        : message.from,
      via: !!message.via,
      received: committeeTime(request.ctx, isoOf(message.at)),
      subject: message.subject,
      // A member's email forwarded here carries their links: the committee account must not be able to act as them (ADV-536).
      text: withoutDeskLinks(message.text),
      // A bounce says an email has not arrived: never a report.
      open: row.state === 'waiting' && !message.bounce && !message.auto,
      bounce: message.bounce,
      auto: message.auto,
      // Who was written to, when it answers a case's email from another address (no case detail: the owner files it).
      file: (row.state === 'waiting' && !message.bounce && matchWaiting(request.ctx, message)?.who) || '',
      spaces: settingsOf(request.ctx).spaces.map((s) => s.name),
      notice: notice.length
        ? notice
        : row.state === 'waiting'
          ? []
          : [
              row.state === 'case'
                ? `This email is a case already${made ? `: ${made.codeName}` : ''}.`
                : 'This email is filed under its case.',
            ],
      noticeTone: notice.length ? 'refused' : 'done',
    },
  };
}

const gone = () =>
  resultPage({
    title: TITLE,
    heading: 'This email can\u2019t be found',
    lines: ['It may have been deleted from the committee account. Nothing was changed.'],
    outcome: 'refused',
    tone: 'warn',
  });

/** Who may have written an email the owner files under a case they name: the recipient part of an outbox key (replies.ts). */
const WRITERS: Record<string, string> = { reporter: 'reporter', 'reported-person': 'reported-person', moderator: 'd_' };

/**
 * The case the owner named for an email in a new thread (ADV-521: the reported person's apology, the reporter writing
 * again), filed under the section a reply from the writer chosen would go to; or why not, in the owner's words.
 */
function namedCase(request: ActionRequest): Parameters<typeof fileReply>[1] | string {
  const kase = casesOf(request.ctx).findBy('Code Name', String(request.fields.code ?? ''));
  const key = `${kase?.id}||${WRITERS[String(request.fields.who)]}`;
  const section = replySectionOf(key);
  if (!kase) return 'No case has that code name: type it as the status sheet shows it.';
  if (!section) return 'Choose who wrote it.';
  // Filed, the Inbox row would name its sender beside a purged case for good (as replies.ts refuses the reporter's).
  const full = kase.flags.purged
    ? `case ${kase.codeName}'s details were deleted under the retention policy`
    : whyNoRoom(request.ctx, { kase, section });
  if (full) return `It can\u2019t be filed: ${full}. It stays in the inbox.`;
  return { kind: 'reply', kase, section, who: `${replierOf(key)} (a new email, filed by the committee account)` };
}

function postInbox(request: ActionRequest): PageView {
  const parts = partsOf(request);
  if (!parts) return gone();
  const { row, message } = parts;
  const { ctx } = request;
  // A bounce is never a report, an email filed under its case is not made one, and one made a case already (a second
  // tab, a second press) is not made it again: its page says so, never "now a case" of one perhaps closed since (ADV-489).
  if (message.bounce || row.state !== 'waiting') return inboxPage(request, row, message);
  if (!isConfirmed(request)) return inboxPage(request, row, message, [UNTICKED]);
  const { op } = request.fields;
  if (op === 'file-reply' || op === 'file-case') {
    const second = op === 'file-reply' && matchWaiting(ctx, message);
    const match =
      op === 'file-case'
        ? namedCase(request)
        : second && { ...second, who: `${second.who} (from a second address, filed by the committee account)` };
    if (!match) return inboxPage(request, row, message);
    if (typeof match === 'string') return inboxPage(request, row, message, [`${match} Nothing was changed.`]);
    fileReply(ctx, match, message);
    inboxOf(ctx).update(row, { state: 'filed', caseId: match.kase.id, section: match.section }, readNowIso(ctx));
    // Filed before it leaves the inbox, as the sweep files (replies.ts).
    commitWork(ctx);
    archiveMessage(message.id);
    return resultPage({
      title: TITLE,
      heading: 'The email is filed under its case',
      lines: [`It is in the case document under "${match.section}"; the members cleared for the case were told.`],
    });
  }
  // An automatic reply is never a report: made one, its acknowledgment would answer a responder (ADV-528).
  if (op !== 'make-case' || message.auto) return inboxPage(request, row, message);
  // The email is the report: its sender the reporter (acknowledged like any reporter), its text what happened; who
  // it involves and where, as the owner read them, are the Form's answers (the screening, the person codes and the
  // moderators need them: without them no member named in the email was kept out).
  const involved = String(request.fields.involved ?? '').trim();
  const space = String(request.fields.space ?? '');
  const spaces = settingsOf(ctx).spaces.map((s) => s.name);
  // Through a group, From is the group's: the owner types the sender's address, never the group's or the account's.
  const typed = parseSingleEmail(String(request.fields.reporter ?? ''));
  const from = message.via ? (typed.ok ? typed.email : '') : message.from;
  const account = canonicalAddress(String(ownerAddressOf(ctx)));
  if (message.via && (!from || [message.via, account].includes(canonicalAddress(from))))
    return inboxPage(request, row, message, ['Type the address of the person who wrote, as you checked it.']);
  const responseId = responseIdOf(message.id);
  let outcome: IntakeOutcome | null = null;
  let line: string | null = null;
  try {
    outcome = runIntake(ctx, {
      responseId,
      receivedAt: message.at,
      answers: {
        // The name the sender gave identifies them as their address does (the redaction guard, the privacy lint).
        'Your name': message.name,
        'Your email address': from,
        ...(involved ? { 'Who was involved?': involved } : {}),
        ...(spaces.includes(space) ? { 'Where did it happen?': space } : {}),
        'What happened?': message.text,
        'Anything else we should know?': `Received by email. Subject: ${message.subject}\n${filesNote(message)}`.trim(),
      },
    });
  } catch (err) {
    // Google's Documents created quota (ADV-458), or a full storage (ADV-572): the case is registered with the answers,
    // and the sweep finishes it once Google takes its Doc; the owner's action is done, not to be pressed again ("try
    // again later" lost it).
    line = waitLine(ctx, err);
    if (!line) throw err;
  }
  const waits = outcome ? null : casesOf(ctx).intakeByResponse(responseId);
  const caseId = waits?.caseId ?? (outcome?.kind === 'ignored-blank' ? '' : outcome?.caseId) ?? '';
  const codeName = waits?.codeName ?? (caseId && casesOf(ctx).find(caseId)?.codeName);
  if (!codeName) return gone();
  inboxOf(ctx).update(row, { state: 'case', caseId }, readNowIso(ctx));
  // Not a case yet while it waits for Google (the Documents created quota, ADV-465; storage): the sweep makes it one.
  recordAudit(
    ctx,
    'inbox.case',
    caseId,
    `an email in the committee inbox was ${waits ? 'recorded by the owner; its case waits for Google' : 'made a case by the owner'}`,
  );
  archiveMessage(message.id);
  return resultPage({
    title: TITLE,
    heading: waits ? 'The email is recorded and waits for Google' : 'The email is now a case',
    lines: [
      `Its code name is ${codeName}.`,
      line || 'The members are asked about conflicts of interest as for any report.',
    ],
  });
}

/** The `inbox` link: for the committee account alone (`sub` is `owner`), naming one email the sweep left waiting. */
export function registerInboxAction(): void {
  registerAction('inbox', {
    subject: 'custom',
    caseScope: 'own',
    authorize: (_ctx, claims) => claims.sub === 'owner',
    get: (request) => {
      const parts = partsOf(request);
      return parts ? inboxPage(request, parts.row, parts.message) : gone();
    },
    post: postInbox,
  });
}
