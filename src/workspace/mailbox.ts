// The committee account's own mailbox through the Gmail advanced service (API v1, gmail.modify scope): inbox threads listed, a thread or message read as plain text, a message taken out of the inbox.
import { findReplyRef, htmlToText } from '../core/replies';
import { normalizeEmail } from '../core/text';
import { probePassed } from './platform-probes';

type Message = GoogleAppsScript.Gmail.Schema.Message;
type Part = GoogleAppsScript.Gmail.Schema.MessagePart;

/** One message as the product reads it: who wrote it, when, its labels and its plain text. */
export interface MailMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  from: string;
  /** The writer's name as the From header gives it (`Rita Quell <r@…>`), '' when it gives none. */
  name: string;
  subject: string;
  at: number;
  text: string;
  /** The RFC 5322 Message-ID, and the one its In-Reply-To names (a reply's original): '' when absent. */
  rfcId: string;
  inReplyTo: string;
  /** The names of the files attached (their bytes stay in Gmail). */
  files: string[];
  /**
   * A delivery status notice (RFC 6522 multipart/report, report-type=delivery-status): Gmail's `Delivery Status
   * Notification (Failure)`, or `(Delay)` while it retries; its text says which. A bounce, never a report.
   */
  bounce: boolean;
  /**
   * A bounce's recipients the mail server gave up on, from its message/delivery-status part (RFC 3464 §2.3: per
   * recipient, `Final-Recipient` and `Action: failed`), never from its prose, which may quote the returned message's
   * headers and is in the account's language (ADV-588). `delayed`: it only says the server retries (`Action: delayed`,
   * Gmail's `(Delay)`: "Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently.").
   */
  failed: string[];
  delayed: boolean;
  /**
   * Written by a machine answering a message for a person (ADV-528): an In-Reply-To, and `Auto-Submitted` other than
   * `no` (RFC 3834 §5; Gmail's vacation responder `auto-replied`, Outlook's "Automatic reply:" `auto-generated`) or
   * the `Precedence: bulk`, `junk` or `auto_reply` older responders set alone (§3.1.8). Never a person's words. A
   * first email so marked (a website's contact form relaying a report) is not one: it may be a person's report. A
   * calendar's answer to an invitation (iMIP, RFC 6047: a text/calendar part of method REPLY; Google Calendar's
   * `Accepted:` to the organizer) is one too: Calendar keeps the answer (ADV-530).
   */
  auto: boolean;
  /**
   * A group's own address when the mailing list it is (a Google Group) put it in From: it does so for a sender whose
   * domain publishes DMARC reject or quarantine, naming them in X-Original-Sender and Reply-To, which anyone can
   * write too. `from` is then '' (nobody's reply, no reporter's address); `claim` is who the list says wrote, shown
   * for a person to check.
   */
  via: string;
  claim: string;
}

function gmail(): GoogleAppsScript.Gmail {
  if (typeof Gmail === 'undefined' || !Gmail) throw new Error('The Gmail advanced service is not enabled');
  return Gmail;
}

/** The bare address of a From header (`Name <a@b>` or `a@b`), normalised. */
export function addressOf(header: string): string {
  const m = /<([^<>]+)>\s*$/.exec(header);
  return normalizeEmail(m ? m[1] : header);
}

/**
 * A part's body as text. The REST API documents `data` as a base64url string; Apps Script's advanced services have
 * been seen to hand bytes fields over as byte arrays, so both are read
 * (https://developers.google.com/gmail/api/reference/rest/v1/users.messages.attachments#MessagePartBody). A string
 * is padded to whole quanta first: base64url may come without its `=`, and whether `base64DecodeWebSafe` takes it so
 * is not documented (selfTest's mailbox probe reports it). Its charset is the part's Content-Type's: the API does not
 * re-encode to UTF-8 (workbench/emulator/gmail.ts, MailCharset).
 */
function bodyText(part: Part | undefined): string {
  const data = part?.body?.data as unknown;
  if (!data) return '';
  // Base64 with its `=` padding restored.
  const text = String(data) + '='.repeat((4 - (String(data).length % 4)) % 4);
  const blob = Utilities.newBlob(Array.isArray(data) ? (data as number[]) : Utilities.base64DecodeWebSafe(text));
  // The bytes are as the sender's client wrote them: read them in the charset the part names (ISO-8859-1 and others).
  const charset = /charset="?([\w.:-]+)/i.exec(headerOf(part, 'Content-Type'))?.[1];
  try {
    if (charset) return blob.getDataAsString(charset);
  } catch {
    // a charset Java does not know: read as UTF-8
  }
  return blob.getDataAsString();
}

/** A header of a part (its own Content-Type, say), '' when absent. */
function headerOf(part: Part | undefined, name: string): string {
  return part?.headers?.find((h) => String(h.name).toLowerCase() === name.toLowerCase())?.value ?? '';
}

/** The first body part of a type, depth first (multipart/alternative puts text/plain first); never an attached file. */
function findPart(part: Part | undefined, type: string): Part | undefined {
  if (!part) return undefined;
  if (part.mimeType === type && !part.filename) return part;
  for (const child of part.parts ?? []) {
    const found = findPart(child, type);
    if (found) return found;
  }
  return undefined;
}

/**
 * What a case Doc says of a message's attached files, which are not copied and stay in the committee account's mail
 * (the message is archived once filed or made a case); '' when none.
 */
export function filesNote(message: MailMessage): string {
  return message.files.length ? `Files attached, in the committee account's mail: ${message.files.join(', ')}` : '';
}

/** The names of the attached files, in order. */
function fileNames(part: Part | undefined): string[] {
  return part ? [...(part.filename ? [part.filename] : []), ...(part.parts ?? []).flatMap(fileNames)] : [];
}

function readMessage(m: Message): MailMessage {
  const plain = findPart(m.payload, 'text/plain');
  const header = (name: string) => headerOf(m.payload, name);
  const from = addressOf(header('From'));
  // Or qmail's (QSBMF, cr.yp.to/proto/qsbmf.txt): plain text from MAILER-DAEMON, the message returned in it (ADV-654).
  const bounce = /report-type="?delivery-status/i.test(header('Content-Type')) || /^mailer-daemon@/.test(from);
  // A list's List-Id is its address with `.` for `@` (Google Groups: `<coc.example.org>`).
  const via = /<([^<>]+)>/.exec(header('List-Id'))?.[1].toLowerCase() === from.replace('@', '.') ? from : '';
  const status = bounce ? bodyText(findPart(m.payload, 'message/delivery-status')) : '';
  const failed = status
    .split(/\n\s*\n/)
    .filter((b) => /Action: *failed/i.test(b))
    .map((b) => addressOf(/Final-Recipient:[^;]*;(.*)/i.exec(b)?.[1] ?? ''));
  return {
    id: String(m.id),
    threadId: String(m.threadId),
    labelIds: (m.labelIds ?? []).map(String),
    from: via ? '' : from,
    via,
    claim: via && addressOf(header('X-Original-Sender') || header('Reply-To')),
    // `'Rita Quell' via coc`: the sender's name as the group gives it.
    name: (/^\s*"?([^"<>]*?)"?\s*<[^<>]*>\s*$/.exec(header('From'))?.[1].trim() ?? '').replace(/^'(.*)' via .*/, '$1'),
    subject: header('Subject'),
    at: Number(m.internalDate) || 0,
    // Some clients send HTML alone: its text then, or the reply would be filed empty.
    text: plain ? bodyText(plain) : htmlToText(bodyText(findPart(m.payload, 'text/html'))),
    rfcId: header('Message-ID').trim(),
    // A bounce with none (Postfix's, Exim's, Exchange's) names our message in the one it returns (ADV-550): its
    // message/rfc822 part's headers, or a text/rfc822-headers part's text (RFC 3464 §2, RFC 6522 §3).
    inReplyTo: (
      header('In-Reply-To') ||
      (bounce &&
        (headerOf(findPart(m.payload, 'message/rfc822')?.parts?.[0], 'Message-ID') ||
          /^Message-ID:\s*(\S+)/im.exec(bodyText(findPart(m.payload, 'text/rfc822-headers') ?? plain))?.[1])) ||
      ''
    ).trim(),
    files: fileNames(m.payload),
    bounce,
    failed,
    delayed: !failed.length && /Action: *delayed/i.test(status),
    auto:
      (!!header('In-Reply-To') &&
        (/^(?!no\b)\w/i.test(header('Auto-Submitted')) ||
          /^(bulk|junk|auto_reply)\b/i.test(header('Precedence')) ||
          // Responders older than RFC 3834 mark theirs `X-Autoreply: yes` or `X-Autorespond` alone (ADV-598).
          !!(header('X-Autoreply') || header('X-Autorespond')))) ||
      /method="?reply/i.test(headerOf(findPart(m.payload, 'text/calendar'), 'Content-Type')) ||
      // A read receipt (RFC 8098 report-type=disposition-notification): a program's, threaded or not (ADV-551).
      /disposition-notification/i.test(header('Content-Type')),
  };
}

/**
 * A page of the threads with a message in the inbox, or (`out`) with one someone else wrote that is not: in Spam
 * (which Threads.list leaves out unless includeSpamTrash), or archived or snoozed by a person before the sweep read it
 * (the API shows a snoozed message without INBOX and no label of its own: gauteh/lieer#291) if received in the last
 * `OUT_MS` (replies.ts). Newest first: id and history id (which moves on with any change).
 */
export function listInboxThreads(
  max: number,
  pageToken?: string,
  out?: 1,
): { threads: Array<{ id: string; historyId: string }>; next?: string } {
  const found = gmail().Users!.Threads!.list('me', {
    ...(out
      ? { q: '-in:inbox -in:trash -from:me {in:spam newer_than:2d}', includeSpamTrash: true }
      : { labelIds: ['INBOX'] }),
    maxResults: max,
    ...(pageToken ? { pageToken } : {}),
  });
  const threads = (found.threads ?? []).map((t) => ({ id: String(t.id), historyId: String(t.historyId) }));
  return { threads, next: found.nextPageToken };
}

/** Every message of a thread, oldest first (the API's order), with the thread's history id. */
export function readThread(id: string): { historyId: string; messages: MailMessage[] } {
  const thread = gmail().Users!.Threads!.get('me', id, { format: 'full' });
  return { historyId: String(thread.historyId), messages: (thread.messages ?? []).map(readMessage) };
}

/** One message, or null when it is gone (deleted by a person). */
export function readMailMessage(id: string): MailMessage | null {
  try {
    return readMessage(gmail().Users!.Messages!.get('me', id, { format: 'full' }));
  } catch (err) {
    if (/not found/i.test(String((err as { message?: string })?.message ?? err))) return null;
    throw err;
  }
}

/**
 * The account's message with this RFC Message-ID, or null: Gmail's `rfc822msgid:` search (Message-ID without its
 * angle brackets, as Gmail's search operators page writes it).
 */
export function findByRfcId(rfcId: string): MailMessage | null {
  const found = gmail().Users!.Messages!.list('me', { q: `rfc822msgid:${rfcId.replace(/^<|>$/g, '')}` });
  const id = found.messages?.[0]?.id;
  return id ? readMailMessage(String(id)) : null;
}

/**
 * Takes a message out of the inbox, or out of Spam (which Gmail empties after 30 days, ADV-574): archived, it stays
 * in All Mail; `toInbox`, out of Spam into the inbox, as Gmail's "Not spam" (ADV-592). Answers the message's new
 * history id.
 */
export function archiveMessage(id: string, toInbox?: 1): string {
  const m = gmail().Users!.Messages!.modify(
    toInbox ? { addLabelIds: ['INBOX'], removeLabelIds: ['SPAM'] } : { removeLabelIds: ['INBOX', 'SPAM'] },
    'me',
    id,
  );
  return String(m.historyId ?? '');
}

/**
 * selfTest's mailbox check: the inbox can be listed, and the newest Sent threads are read for a message carrying a
 * reference (replies are matched by our Sent copy in their thread), which Gmail's rfc822msgid: search must find. Sends nothing: before any reporter was written to,
 * it says so, and the check is worth running again after the first report.
 */
export function probeMailbox(): { ok: boolean; detail: string } {
  const inbox = listInboxThreads(1).threads.length;
  // The second listing's search (Spam, and what a person archived or snoozed: ADV-653) run by the account's own Gmail:
  // the emulator models its terms from Gmail's help, and selfTest shows the real one takes them.
  const out = listInboxThreads(9, undefined, 1).threads.length;
  const sent = gmail().Users!.Threads!.list('me', { labelIds: ['SENT'], maxResults: 3 });
  const ours = (sent.threads ?? []).flatMap((t) => readThread(String(t.id)).messages).find((m) => findReplyRef(m.text));
  // A reply whose subject was changed is matched by this search (replies.ts): the sent message must be found by it.
  const search = ours ? `; found by rfc822msgid: ${findByRfcId(ours.rfcId)?.id === ours.id ? 'yes' : 'NO'}` : '';
  // Whether unpadded base64url decodes as it is (bodyText pads it anyway): the emulator assumes not (utilities.ts).
  let unpadded = 'refused';
  try {
    if (Utilities.base64DecodeWebSafe('YQ').length === 1) unpadded = 'accepted';
  } catch {
    // refused, as the emulator models it
  }
  return probePassed(
    `the inbox can be read (${inbox ? 'mail waiting' : 'empty'}); ${
      ours ? 'our sent mail carries its reference' : 'no sent mail with a reference yet: run again after a report'
    }${search}; the search for mail out of the inbox ran (${out} found); unpadded base64url ${unpadded}`,
  );
}
