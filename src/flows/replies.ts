// Replies filed where they belong (issue 18): the sweep reads the committee account's inbox, files each reply to what the system sent under its case Doc's section, tells the case's cleared members, and archives it; what it cannot match waits for the owner.
import { DAY_MS, dayIn, isoOf } from '../core/deadlines';
import { committeeAlertMessage, inboxWaitingMessage } from '../core/messages';
import { canonicalAddress } from '../core/identity';
import { findReplyRef, replierOf, replySectionOf, stripQuotedText } from '../core/replies';
import { normalizeEmail, truncate } from '../core/text';
import type { Context } from '../workspace/context';
import { auditError, rethrowEnding } from '../workspace/errors';
import {
  archiveMessage,
  filesNote,
  findByRfcId,
  listInboxThreads,
  readThread,
  type MailMessage,
} from '../workspace/mailbox';
import { buildOwnerMail } from '../workspace/members';
import { senderName } from '../workspace/mailer';
import { PROP, REGISTRY_TAB } from '../workspace/schema';
import { casesOf, isClosed, type Case } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import { inboxOf, type InboxRecord } from '../records/inbox';
import { outboxOf } from '../records/outbox';
import { committeeTime, recordInDoc, SECTION, tellCaseMembers, tellCommitteeAccount } from './case-state';
import { mentionedIn } from '../core/report';
import { isDocGone } from './audit-recheck';
import { filedLine } from '../records/doc-log';
import { archivedMadeCases, archivedReplyRef } from './archive';
import { answerNotWanted, MAX_DETAILS_CHARS, MAX_SECTION_CHARS, moderatorById } from './moderators';
import { timeZoneOf, activeMembers } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNow, readNowIso } from '../workspace/clock';
import { readProp, writeProp } from '../workspace/script-properties';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';
import { registryTab, commitWork } from '../workspace/unit-of-work';

/**
 * Threads listed per page, and read per run (each read is one Gmail call): a flood waits for later runs. Waiting mail
 * stays in the inbox, so a burst of more than a page buries what came before it: later pages are listed too.
 */
const THREADS_LISTED = 50;
const THREADS_READ = 10;
const PAGES_LISTED = 5;
/**
 * A message out of the inbox and not in Spam is read when received this recently (ADV-653), Gmail's `newer_than:2d`:
 * a reply a person archived before the sweep read it. An older one has a row, or had one that left with an archived
 * case (archive.ts keeps a row this long), and is not read again.
 */
export const OUT_MS = 2 * DAY_MS;
/** A waiting email's link to make it a case lasts this long (the owner is told once). */
export const INBOX_LINK_DAYS = 30;
/**
 * Notices of waiting emails to the committee account in any 24 hours: each is a message sent, and a stranger's flood
 * of mail must not spend the day's quota that reports' acknowledgments and screening emails need. The rest wait.
 */
const NOTICES_PER_DAY = 10;

/** What one inbox message is: a reply to one of our messages by the person it went to, or a reason it is not. */
/** `none`: it answers no mail of ours (or a group hides whose it is). */
type Match = ReplyMatch | { kind: 'waiting'; reason: string; none?: 1 };
type ReplyMatch = { kind: 'reply'; kase: Case; section: string; who: string };

/**
 * Reads the inbox and files what it can. Persist first: the Doc entries, the `Inbox` rows and the members' notices
 * are committed together (the Doc journal undoes entries a crash left unvouched), and only then are the filed
 * messages archived; a message still in the inbox whose row says `filed` is archived by the next run, never filed
 * again.
 */
export function fileReplies(ctx: Context, hasTime: () => boolean): number {
  let filed = 0;
  const account = normalizeEmail(ownerAddressOf(ctx) ?? '');
  if (!account) return filed;
  const inbox = inboxOf(ctx);
  // A set: a thread with mail in both the inbox and Spam is listed twice.
  const toArchive = new Set<string>();
  let read = 0;
  // Gmail's history ids only grow ("History IDs increase chronologically", users.history.list): Spam threads are read
  // in that order, and those at or under the mark were read, so each is read once a change.
  let mark = Number(readProp(ctx, PROP.spamMark)) || 0;
  const marked = mark;
  let stuck = false;
  for (const listed of threadsToRead(mark)) {
    const known = inbox.forThread(listed.id);
    // Nothing new since the last read and nothing left to archive: no call at all.
    if (known.some((r) => r.historyId === listed.historyId) && known.every((r) => r.state !== 'filed')) continue;
    if (read >= THREADS_READ || !hasTime()) break;
    read++;
    const thread = readThread(listed.id);
    let retry = false;
    for (const message of thread.messages) {
      const spam = message.labelIds.includes('SPAM');
      // Out of the inbox: in Spam, or archived or snoozed by a person who read it first (ADV-653), which is filed too.
      const out = !message.labelIds.includes('INBOX');
      const seen = inbox.byMessage(message.id);
      if (out && !spam && (seen || message.from == account || message.at < readNow(ctx) - OUT_MS)) continue;
      if (seen) {
        if (seen.state === 'filed') toArchive.add(message.id);
        continue;
      }
      const at = readNowIso(ctx);
      const base = {
        messageId: message.id,
        threadId: message.threadId,
        historyId: thread.historyId,
        from: message.from,
        receivedAt: isoOf(message.at),
        caseId: '',
        section: '',
      };
      // Mail the account sent itself (alerts to the committee account) stays in its inbox, noted so it is not re-read.
      if (message.from === account) {
        inbox.add({ ...base, state: 'own' }, at);
        continue;
      }
      // Through a group that put its own address in From: whose it is, a person decides.
      let match: Match = message.via
        ? { kind: 'waiting', reason: 'it came through a group, which hides the sender\u2019s address', none: 1 }
        : matchReply(ctx, thread.messages, message, account);
      // Spam that answers no mail of ours is not the desk's to judge: it stays there, no row (the owner's Spam folder).
      // One that does, but waits for the owner (a second address, a thread of two cases), is not junk: it waits in the
      // inbox, as it would have from there, not in Spam until Gmail deletes it (ADV-592).
      if (out && match.kind != 'reply' && match.none) continue;
      if (match.kind === 'reply') {
        let full;
        try {
          full = whyNoRoom(ctx, match);
          if (!full) fileReply(ctx, match, message);
        } catch (err) {
          // A case Doc that cannot be written now must not hold back the other replies: the thread is read again next run.
          rethrowEnding(err);
          recordAudit(ctx, 'inbox.file-failed', match.kase.id, auditError(err));
          retry = true;
          continue;
        }
        if (full) match = { kind: 'waiting', reason: full };
      }
      if (match.kind === 'reply') {
        const kept = out && !spam;
        inbox.add({ ...base, caseId: match.kase.id, state: kept ? 'kept' : 'filed', section: match.section }, at);
        if (!kept) toArchive.add(message.id);
        filed++;
      } else {
        // No reason, no notice owed: an automatic reply to no case's email (a member's out-of-office answering an
        // alert) must not spend the owner's notices a person's email needs (ADV-529). It stays in the inbox.
        // A bounce naming an active member's address (their Workspace admin suspended or deleted the account, or it is
        // mistyped, ADV-576): the committee account is told once per address which member and what to do; the bounce
        // owes no notice of its own, which would spend the notices a person's email needs (ADV-529).
        // Which member, by the recipients the notice says failed (ADV-588): its text may hold other addresses, and a
        // delay notice says Gmail still retries.
        const m = activeMembers(ctx).find((x) => x.email !== account && message.failed.includes(x.email));
        if (m)
          queueMail(
            ctx,
            buildOwnerMail({
              owner: account,
              discriminator: `bounced:${m.email}`,
              message: committeeAlertMessage({
                title: `Mail to ${m.name || m.email} does not arrive`,
                lines: [
                  `${m.email} returns mail (account suspended or deleted, or address wrong): fix it on the Committee tab, or untick "Active" if they left.`,
                ],
              }),
            }),
          );
        // Moved before the row is on disk: a crash leaves it in the inbox, read again there.
        if (out) archiveMessage(message.id, 1);
        inbox.add({ ...base, state: 'waiting', section: m ? '' : match.reason }, at);
        recordAudit(ctx, 'inbox.waiting', '-', match.reason || 'an automatic reply to no case');
      }
    }
    // A thread left with a reply to retry keeps no history id, so the next run reads it again.
    const historyId = retry ? '' : thread.historyId;
    for (const r of inbox.forThread(listed.id)) inbox.update(r, { historyId }, readNowIso(ctx));
    // A Spam thread to retry holds the mark below it, or the next thread's would pass it for good.
    if (listed.spam && !(stuck ||= retry)) mark = +listed.historyId;
  }
  tellOwner(ctx, account);
  if (!toArchive.size && mark == marked) return filed;
  // What was filed is on disk before the inbox changes: a crash from here on leaves only archiving to redo.
  commitWork(ctx);
  for (const id of toArchive) {
    const historyId = archiveMessage(id);
    const row = inbox.byMessage(id);
    if (row) for (const r of inbox.forThread(row.threadId)) inbox.update(r, { historyId }, readNowIso(ctx));
  }
  // Last: a run that ends before this reads those Spam threads again (a filed reply then only archived).
  if (mark != marked) writeProp(ctx, PROP.spamMark, String(mark));
  return filed;
}

/**
 * The inbox's threads, then the newest page of Spam's (one call more) changed since the mark, the oldest change first:
 * Gmail's spam filter may take a reply to our mail for junk, which never gets INBOX and is deleted after 30 days
 * (ADV-574). Only a message answering our mail as the inbox's would is filed from Spam.
 */
function* threadsToRead(mark: number): Generator<{ id: string; historyId: string; spam?: 1 }> {
  yield* inboxThreads();
  for (const t of [...inboxThreads(1, mark)].sort((a, b) => +a.historyId - +b.historyId))
    if (+t.historyId > mark) yield { ...t, spam: 1 };
}

/** Why the case Doc takes no more replies under this section now, or null: then it waits for the owner, who can file it. */
export function whyNoRoom(ctx: Context, { kase, section }: Pick<ReplyMatch, 'kase' | 'section'>): string | null {
  // A closed case's Doc taken for gone (audit-recheck.ts) is replaced only if the case is opened again: the reply waits
  // for the owner, not retried hourly for good in silence (ADV-494).
  if (isClosed(kase) && isDocGone(kase, readNow(ctx)))
    return `case ${kase.codeName}'s document is gone from Drive (opened again, the case gets a new one)`;
  return ctx.work.docs.readSection(kase.docId, section).length > MAX_SECTION_CHARS
    ? 'its section of the case document is full'
    : null;
}

/**
 * The inbox's threads, newest first, a page listed only when the one before is used up (the archive lists them too).
 * Spam's, the next page only while this one is changed since the mark to its oldest: a junk wave of more than a page
 * in an hour must not hide an older reply there until Gmail deletes it (ADV-596).
 */
export function* inboxThreads(out?: 1, mark = 0): Generator<{ id: string; historyId: string }> {
  let page: string | undefined;
  for (let n = 0; n < PAGES_LISTED; n++) {
    const { threads, next } = listInboxThreads(THREADS_LISTED, page, out);
    yield* threads;
    if (!(page = next) || +threads[threads.length - 1]?.historyId <= mark) return;
  }
}

/** Every round's flags, the current one last. */
function roundsOf(kase: Case): Array<Case['flags']> {
  return [...(Array.isArray(kase.flags.rounds) ? (kase.flags.rounds as Array<Case['flags']>) : []), kase.flags];
}

/**
 * The recommendation in force a moderator's message (its outbox key) is about, or undefined when it was withdrawn since
 * (ADV-361): its notice, or one whose vote no round's recommendation in force is of (a later vote's replaced it).
 */
function standingOf(kase: Case, key: string): Case['flags']['recommendation'] {
  const vote = /:(v_[0-9a-f]{12})/.exec(key)?.[1];
  return /\|withdrawn:/.test(key)
    ? undefined
    : roundsOf(kase).find((f) => f.recommendation?.voteId === vote && !f.recommendation?.withdrawn)?.recommendation;
}

/**
 * The address the case's newest letter went to, of any round: a new round sets its last letter aside (`Flags.rounds`)
 * until its own goes, and a stranger who got a mistyped one must still not be filed as the reported person (ADV-339).
 */
function newestLetterTo(kase: Case): string | undefined {
  return roundsOf(kase)
    .map((r) => r.letter?.to)
    .filter(Boolean)
    .pop()
    ?.slice(-1)[0];
}

/**
 * A reply belongs to a case when its thread holds one of our own Sent messages with a reference (only the account's
 * Sent copy counts, so text quoted or typed in a reply cannot forge one), that message names an outbox row that
 * expects replies, and the reply comes from the address that row was sent to. The message is the one the reply's
 * In-Reply-To names; failing that, the newest before it, but only when every such message in the thread is of one
 * case: Gmail also groups mail by subject, so two cases' acknowledgments to one reporter can share a thread.
 */
function matchReply(
  ctx: Context,
  thread: readonly MailMessage[],
  reply: MailMessage,
  account: string,
  anyAddress = false,
): Match {
  // A reply whose subject was changed is in a thread of its own (Gmail): the message it answers is looked up.
  const named = reply.inReplyTo && !thread.some((m) => m.rfcId === reply.inReplyTo);
  const original = named ? findByRfcId(reply.inReplyTo) : null;
  const messages = original ? [original, ...thread] : thread;
  const ours = messages.filter(
    (m) => m.labelIds.includes('SENT') && m.from === account && m.at <= reply.at && findReplyRef(m.text),
  );
  let rows = ours.map((m) => outboxOf(ctx).byReplyRef(findReplyRef(m.text) ?? ''));
  // Ours, but gone from the registry: a closed case's mail, moved to the archive with it (archive.ts).
  if (!rows.some(Boolean)) rows = ours.map((m) => archivedReplyRef(ctx, findReplyRef(m.text) ?? ''));
  const answered = ours.findIndex((m) => m.rfcId && m.rfcId === reply.inReplyTo);
  if (answered < 0 && new Set(rows.map((r) => r?.caseId)).size > 1)
    return { kind: 'waiting', reason: 'its thread holds messages of more than one case' };
  let sent = answered >= 0 ? rows[answered] : rows.pop();
  // No message of ours: the sender adding to their email the owner made a case (its thread) writes as its reporter;
  // anyone else there (a reply-all from someone it copied) is not offered as the reporter.
  const same = (r: { state: string; from: string }) =>
    r.state === 'case' && r.from && canonicalAddress(r.from) === canonicalAddress(reply.from);
  // Its row gone with its archived case (archive.ts, ADV-460): the archives are read only for a thread holding an
  // earlier email, so a stranger's first email reads none.
  const made = sent
    ? null
    : (inboxOf(ctx).forThread(reply.threadId).find(same) ??
      (thread.some((m) => m.id !== reply.id && m.at <= reply.at)
        ? archivedMadeCases(ctx, reply.threadId).find(same)
        : undefined));
  if (made) sent = { key: `${made.caseId}||reporter`, caseId: made.caseId, to: made.from } as typeof sent;
  const section = sent ? replySectionOf(sent.key) : null;
  const kase = sent ? casesOf(ctx).find(sent.caseId) : null;
  if (!sent || !section || !kase || !kase.docId)
    return {
      kind: 'waiting',
      // A delay notice owes no notice: the failure, if it comes, says what to do.
      reason: reply.delayed
        ? ''
        : reply.bounce
          ? 'it is a delivery failure notice'
          : reply.auto
            ? ''
            : 'it answers no message whose replies Conduct Desk files',
      none: 1,
    };
  // Filed (the committee account's page files from any address), the Inbox row would name the reporter beside a purged
  // case for good: no purge reaches it again. Waiting, its sender goes with the waiting mail's (retention.ts). Any
  // message the purge emptied (its `To`) says so, not "from another address" (ADV-495).
  if (kase.flags.purged && (/\|reporter$/.test(sent.key) || !sent.to))
    return {
      kind: 'waiting',
      reason: 'it answers a case whose reporter details were deleted under the retention policy',
    };
  // One mailbox, any spelling (identity model): Gmail delivers `ana+coc@` and `a.na@` to `ana@`, whose reply comes from
  // it. A bounce comes from the mail server: the case's members must hear that their email has not arrived. Only one
  // naming our message (In-Reply-To, as Gmail's do): anyone can send a report-type, and a subject alone may thread.
  // The reporter is whoever the address on file names now: a mistyped one a member corrected is a stranger's (ADV-221).
  // Likewise the reported person is whoever the newest letter went to: an earlier one may have reached a stranger.
  const from = canonicalAddress(reply.from);
  const onFile = /\|reporter$/.test(sent.key)
    ? kase.reporterEmail
    : /\|letter/.test(sent.key)
      ? newestLetterTo(kase)
      : undefined;
  if (
    !anyAddress &&
    !(reply.bounce && answered >= 0) &&
    (!sent.to.split(',').some((a) => canonicalAddress(a) === from) ||
      (onFile !== undefined && canonicalAddress(onFile) !== from))
  )
    return { kind: 'waiting', reason: 'it answers a message Conduct Desk sent, but from another address' };
  // A moderator taken off the space, or kept out since (the reported person, ADV-280): their words must not join the
  // moderators' discussion, which the escalation sends on.
  const mod = /\|(d_[^|]*)$/.exec(sent.key);
  const asked = mod && moderatorById(ctx, kase.id, mod[1]);
  // An archived case's moderator (its Moderation rows left with it): still listed for a space, and not kept out.
  const whom = asked || (mod && ({ email: sent.to, space: '' } as Parameters<typeof answerNotWanted>[3]));
  // Nor one taken off the space and listed again: they left the round for good, as their link did (ADV-363, ADV-569).
  const standing = asked && standingOf(kase, sent.key);
  if (
    !anyAddress &&
    whom &&
    ((standing && !standing.moderators?.includes(asked.id)) || answerNotWanted(ctx, kase, clearancesOf(ctx), whom))
  )
    return { kind: 'waiting', reason: 'it is from a moderator whose answer no longer counts' };
  // Filed under the recommendation that stands now, such a reply would read as an answer to it (an acceptance).
  const about =
    asked && !standing
      ? ` (about the recommendation of ${dayIn(asked.sentAt, timeZoneOf(ctx))}, which no longer stands)`
      : '';
  return { kind: 'reply', kase, section, who: replierOf(sent.key) + about };
}

/**
 * The case a waiting email answers from another address than the one written to (a person's second address), or
 * null: the owner may file it there from its inbox page, having read it.
 */
export function matchWaiting(ctx: Context, message: MailMessage): Extract<Match, { kind: 'reply' }> | null {
  const account = normalizeEmail(ownerAddressOf(ctx) ?? '');
  const match = matchReply(ctx, readThread(message.threadId).messages, message, account, true);
  return match.kind === 'reply' ? match : null;
}

/** The reply's own words under its section, dated; the case's cleared members are told (else the committee account), by code name only. */
export function fileReply(
  ctx: Context,
  { kase, section, who }: Extract<Match, { kind: 'reply' }>,
  message: MailMessage,
): void {
  // A bounce: the members can write again to another address (the letter: ADV-219/220; the reporter's: ADV-221).
  // An automatic reply (out of office) says when they may read it, and is never taken for their answer (ADV-528).
  // A delay notice (Gmail still retries, ADV-597): filed as what it is, told to nobody; the failure, if it comes, is.
  const what = message.delayed
    ? `The email to ${who} is delayed (the mail server retries): its notice`
    : message.bounce
      ? `The email to ${who} has not arrived: the mail server's notice`
      : message.auto
        ? `An automatic reply (not written by a person) to the email to ${who}`
        : `Reply by email from ${who}`;
  const account = normalizeEmail(ownerAddressOf(ctx) ?? '');
  const words = stripQuotedText(
    message.text,
    (from) => (!!account && from.toLowerCase().includes(account)) || from.endsWith(`: ${senderName()}`),
  );
  recordInDoc(
    ctx,
    kase,
    section,
    `${what}, received ${committeeTime(ctx, isoOf(message.at))}:`,
    // Attached files are not copied, and the email leaves the inbox: the entry says they exist and where they are;
    // likewise words beyond the bound (ADV-350).
    [
      ...truncate(words, MAX_DETAILS_CHARS).split('\n'),
      ...(words.length > MAX_DETAILS_CHARS
        ? ['(Cut here: the whole email is in the committee account\u2019s mailbox.)']
        : []),
      ...(filesNote(message) ? [filesNote(message)] : []),
    ].map(filedLine),
    `${what} filed under "${section}"`,
  );
  // The addresses and handles the reporter's words name are kept in the registry too, for the redaction guard: the Doc
  // may lose the words (a member restores an earlier version), the purge empties the registry's (ADV-539). A handle
  // given without its @ ("I am kestrel77 on Discord") too, read as in the report (ADV-593).
  const { emails, handles } = mentionedIn(words);
  if (section === SECTION.followUp && emails.length + handles.length) {
    kase.flags.named = [...new Set([...(kase.flags.named ?? []), ...emails, ...handles.map((h) => `@${h}`)])];
    casesOf(ctx).save(kase);
  }
  const title = message.bounce
    ? 'An email of the case has not arrived'
    : message.auto
      ? 'An automatic reply came to an email of the case'
      : 'A reply was filed in the case document';
  const lines = [
    `${message.bounce || message.auto ? what : `A reply by email from ${who}`} was filed under "${section}" in the case document.`,
  ];
  // One notice per section an hour, however many replies: forty replies must not spend the day's mail quota. An
  // automatic reply's is its own, or the person's own reply that hour would go unannounced (ADV-528).
  const discriminator = `${message.auto ? 'auto' : 'reply'}:${section}:${readNowIso(ctx).slice(0, 13)}`;
  // Nobody cleared yet (a reply to the acknowledgment within the hour): the committee account, or nobody would know.
  if (!message.delayed && !tellCaseMembers(ctx, kase, clearancesOf(ctx), 'alert', discriminator, title, lines))
    tellCommitteeAccount(ctx, kase, discriminator, title, lines);
  recordAudit(ctx, 'inbox.filed', kase.id, section);
}

/**
 * The owner hears once per waiting email (its key), with a signed link to see it and make it a case: oldest first, at
 * most NOTICES_PER_DAY in any 24 hours (counted from the outbox), the rest by later runs. A notice queued empties the
 * row's `Section` (the reason), in the same commit.
 */
function tellOwner(ctx: Context, owner: string): void {
  const inbox = inboxOf(ctx);
  const owed = inbox.owedNotices();
  // Nothing owed, nothing to count: the outbox's Key and Created At columns are read only when a notice may go.
  if (!owed.length) return;
  const outbox = registryTab(ctx, REGISTRY_TAB.outbox);
  const created = outbox.column('Created At');
  const since = readNow(ctx) - 86_400_000;
  let told = outbox.column('Key').filter((k, i) => k.startsWith('-|inbox:') && Date.parse(created[i]) > since).length;
  for (const row of owed) {
    if (told++ >= NOTICES_PER_DAY) break;
    noticeWaiting(ctx, owner, row, row.section, `inbox:${row.messageId}`);
    inbox.update(row, { section: '' }, readNowIso(ctx));
  }
}

/** The owner's notice of one waiting email, with its 30-day link; sent again when asked from the expired one (fresh-links.ts). */
export function noticeWaiting(ctx: Context, owner: string, row: InboxRecord, reason: string, key: string): boolean {
  return queueMail(
    ctx,
    buildOwnerMail({
      owner,
      discriminator: key,
      message: inboxWaitingMessage({
        receivedAt: committeeTime(ctx, row.receivedAt),
        reason,
        link: linkOf(ctx, 'owner', row.messageId, 'inbox', INBOX_LINK_DAYS),
      }),
    }),
  );
}
