// Gmail: every account's mailbox (threads, labels, history ids) fed by MailApp and by people's replies, and the Gmail advanced service (API v1) calls the product makes: Threads.list, Threads.get, Messages.get, Messages.modify.

import type { SentMail } from './contracts';
import { escapeHtml } from './html-escape';
import { GasException, guard, type Runtime } from './runtime';

/** One message as one mailbox holds it (a message sent to oneself is one message labelled SENT and INBOX). */
export interface MailboxMessage {
  id: string;
  threadId: string;
  /** Whose mailbox holds it. */
  mailbox: string;
  labelIds: string[];
  historyId: number;
  from: string;
  fromName: string;
  to: string[];
  replyTo: string;
  subject: string;
  body: string;
  htmlBody: string;
  at: number;
  /** The RFC 5322 Message-ID, shared by every mailbox's copy; a reply's In-Reply-To names its original's. */
  rfcId: string;
  inReplyTo: string;
  /** The charset the sender's client wrote the text parts in (absent: UTF-8). */
  charset?: MailCharset;
  /** Files attached (a screenshot): the message is then multipart/mixed, each file a part of its own. */
  attachments?: MailAttachment[];
  /**
   * A delivery failure notice (a bounce): the address that failed, the returned message's plain text and headers,
   * and the host of the server that wrote it when not Gmail's (`postfix`); or a read receipt (`receipt`).
   */
  report?: {
    failed: string;
    original: string;
    delayed: boolean;
    returned?: MailHeader[];
    postfix?: string;
    headersOnly?: boolean;
    receipt?: boolean;
  };
  /** Headers a relay added (a Google Group's List-Id and X-Original-Sender), after the standard ones. */
  extraHeaders?: MailHeader[];
  /** A calendar's message about an event (iMIP): the method of its text/calendar part, `REPLY` for a guest's answer. */
  calendar?: 'REPLY' | 'REQUEST';
  /** When it went to Spam (Gmail's filter, or a person's "Report spam"): Gmail deletes it 30 days on. */
  spamAt?: number;
}

/** A file attached to a message: its name, type and size (its bytes are not modelled). */
export interface MailAttachment {
  filename: string;
  mimeType: string;
  size: number;
}

/**
 * Charsets a person's mail client may write in. The Gmail API hands a part's bytes over as sent (`body.data`, after
 * the transfer encoding only), its charset named in the part's own Content-Type header: MessagePart is "the parsed
 * email structure", not text (https://developers.google.com/gmail/api/reference/rest/v1/users.messages#MessagePart).
 * Nothing documented says Gmail re-encodes to UTF-8, so the stricter reading is modelled: a reader must honour it.
 */
export type MailCharset = 'UTF-8' | 'ISO-8859-1';

/** A reply a person writes to a message they received (scenario step `reply`, tests). */
/** An email written from scratch to `to` (not a reply): `fromName` is the writer's name in its `From`. */
export interface NewMailInput {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
  /**
   * Sent to a Google Group (`group`, its address; `name`, its name) that delivers into `to`'s inbox, from a domain
   * whose DMARC policy is reject or quarantine (yahoo.com, gmail.com): the group rewrites From to its own address,
   * named `'<sender's name>' via <group name>`, keeps the sender in X-Original-Sender and puts them in Reply-To (the
   * group's "reply to author" setting; a group set to reply to the group puts its own address there instead:
   * `replyTo`), and adds List-Id `<group.domain>`, its address with `.` for `@` (headers of Google Groups mail as
   * received: https://pastebin.com/mhijn3yX; mailman issue 641, "When munging the From address due to DMARC, Google
   * Groups adds the original sender using an X-Original-Sender header": https://gitlab.com/mailman/mailman/issues/641).
   * Only the stricter, rewritten case is modelled: a sender whose domain publishes p=none keeps their own From.
   */
  viaGroup?: { group: string; name: string; replyTo?: string };
  /** Headers the sending system adds (a website's contact form relaying a report: `Auto-Submitted: auto-generated`). */
  headers?: MailHeader[];
  /**
   * A calendar's message (iMIP, RFC 6047): its text beside a text/calendar part whose Content-Type names the method
   * (§2.4: "the Content-Type header field MUST contain a method parameter"), as Google Calendar writes a guest's
   * `Accepted: …` to the organizer (a guest's answer, https://support.google.com/calendar/answer/37135), usually with
   * `invite.ics` attached (`attachments`).
   */
  calendar?: 'REPLY' | 'REQUEST';
}

export interface ReplyInput {
  /** Who replies: the mailbox that received `original`. */
  from: string;
  /** The message replied to, as MailApp sent it. */
  original: SentMail;
  text: string;
  /** Send it from another address than the one the original went to (a person with two addresses). */
  fromAddress?: string;
  /** The charset their mail client writes in (older clients and some Outlook set-ups: ISO-8859-1). */
  charset?: MailCharset;
  /**
   * Their client sends HTML only, no text/plain alternative (some webmail and mobile clients, Outlook set to HTML
   * without the plain part): the message is one text/html part, the original quoted in Gmail's blockquote markup.
   */
  htmlOnly?: boolean;
  /**
   * Their client is Outlook (Outlook on the web, new Outlook, Outlook for Windows in HTML mode): no "> " quoting and no
   * "On … wrote:" line, but a header block above the original, `From: <name> <address>`, `Sent:`, `To:`, `Subject:`,
   * under a line of underscores in the plain-text part (the "From: … Sent: … To: … Subject:" Outlook-style headers
   * reply parsers look for, e.g. email_reply_parser ports), in bold under a rule in the HTML.
   */
  outlook?: boolean;
  /** The subject they typed over "Re: …" (Gmail then starts a conversation of its own: `sameConversation`). */
  subject?: string;
  /** Files they attach (a screenshot of what happened). */
  attachments?: MailAttachment[];
  /**
   * Headers their mail system adds after the standard ones: an automatic responder marks its answer `Auto-Submitted:
   * auto-replied` (RFC 3834 §5, "automatic responses such as out of office"; Gmail's vacation responder), Outlook's
   * "Automatic reply:" `Auto-Submitted: auto-generated` and `X-Auto-Response-Suppress: All`, older responders
   * `Precedence: bulk` alone (RFC 3834 §3.1.8 asks responders to read it).
   */
  headers?: MailHeader[];
}

/**
 * Gmail keeps a message in its original's thread only when the subjects match too: "The Subject headers must match"
 * (https://developers.google.com/workspace/gmail/api/guides/threads, adding messages to threads). A reply whose
 * subject was changed starts a new thread, its In-Reply-To notwithstanding. Re:/Fwd:-style prefixes are ignored.
 */
export function sameConversation(a: string, b: string): boolean {
  const base = (s: string) =>
    s
      .replace(/^(\s*(re|fwd?|aw|sv|wg|tr)\s*:)+/i, '')
      .trim()
      .toLowerCase();
  return base(a) === base(b);
}

const LABEL_IDS = ['INBOX', 'SENT', 'UNREAD', 'IMPORTANT', 'STARRED', 'TRASH', 'SPAM', 'DRAFT'];

/** Gmail's English attribution line above quoted text, e.g. "On Mon, Mar 2, 2026 at 9:00 AM Conduct Desk <x@y> wrote:". */
export function attributionLine(at: number, name: string, address: string): string {
  const d = new Date(at);
  const day = d.toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' });
  const date = d.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  return `On ${day}, ${date} at ${time} ${name ? `${name} <${address}>` : address} wrote:`;
}

/** The mailboxes of everyone the emulated world writes to. */
export class Mailboxes {
  readonly messages: MailboxMessage[] = [];
  private seq = 0;
  private history = 1000;
  /** The MailApp message each sent copy came from (by its `seq`), so a reply can find its original. */
  private readonly bySent = new Map<number, string>();

  /**
   * Addresses whose account the Workspace admin suspended or deleted: Gmail returns each message sent to one with its
   * delivery failure notice. Suspended: "the user can no longer sign in to the account, and new email and calendar
   * invitations are blocked. Any shared documents … remain accessible to collaborators" (Admin help, Suspend a user,
   * support.google.com/a/answer/33312), so Drive keeps its shares; Gmail's answer is `550 5.2.1 The email account that
   * you tried to reach is disabled.` (Gmail SMTP errors and codes, support.google.com/a/answer/3726730). Deleted: the
   * account does not exist (`550 5.1.1`).
   */
  readonly closed = new Map<string, 'suspended' | 'deleted'>();

  constructor(readonly now: () => number) {}

  /** Files what MailApp sent: the sender's Sent copy (its own thread) and each recipient's Inbox copy. */
  recordSent(mail: SentMail): void {
    const rfcId = `<cd${mail.seq}.${mail.at}@mail.gmail.com>`;
    this.bySent.set(mail.seq, rfcId);
    const base = {
      from: mail.from,
      fromName: mail.name,
      to: [...mail.to, ...mail.cc],
      replyTo: mail.replyTo,
      subject: mail.subject,
      body: mail.body,
      htmlBody: mail.htmlBody,
      at: mail.at,
      rfcId,
      inReplyTo: '',
    };
    const sender = mail.from.toLowerCase();
    const recipients = [...new Set([...mail.to, ...mail.cc, ...mail.bcc].map((a) => a.toLowerCase()))];
    // Mail to oneself is one message in Sent and Inbox (Gmail does not keep two copies).
    this.add({
      ...base,
      mailbox: sender,
      labelIds: recipients.includes(sender) ? ['SENT', 'INBOX', 'UNREAD'] : ['SENT'],
    });
    for (const r of recipients)
      if (this.closed.has(r)) this.bounce(mail, r);
      else if (r !== sender) this.add({ ...base, mailbox: r, labelIds: ['INBOX', 'UNREAD'] });
  }

  /**
   * A person replies as Gmail writes a reply: "Re: " subject, their text, then the attribution line and the original
   * quoted with "> ". It goes to the original's Reply-To, else its sender; a mailbox that holds the original (the
   * account that sent it) files the reply in the original's thread, any other in a new one.
   */
  reply(input: ReplyInput): MailboxMessage {
    const rfcOriginal = this.bySent.get(input.original.seq);
    const mine = this.messages.find((m) => m.mailbox === input.from.toLowerCase() && m.rfcId === rfcOriginal);
    if (!mine) throw new Error(`Emulator: ${input.from} never received that message`);
    const to = (input.original.replyTo.split(',')[0] || input.original.from).trim().toLowerCase();
    const subject =
      input.subject ??
      (/^re:/i.test(input.original.subject) ? input.original.subject : `Re: ${input.original.subject}`);
    const quoted = input.original.body.split('\n').map((line) => (line ? `> ${line}` : '>'));
    const sender = input.original.name ? `${input.original.name} <${input.original.from}>` : input.original.from;
    const outlook = [
      `From: ${sender}`,
      `Sent: ${new Date(input.original.at).toUTCString()}`,
      `To: ${input.from}`,
      `Subject: ${input.original.subject}`,
    ];
    const body = (
      input.outlook
        ? [input.text, '', '_'.repeat(32), ...outlook, '', input.original.body]
        : [input.text, '', attributionLine(input.original.at, input.original.name, input.original.from), '', ...quoted]
    ).join('\n');
    const at = this.now();
    const from = (input.fromAddress ?? input.from).toLowerCase();
    const html = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');
    const attribution = attributionLine(input.original.at, input.original.name, input.original.from);
    const base = {
      from,
      fromName: '',
      to: [to],
      replyTo: '',
      subject,
      body: input.htmlOnly ? '' : body,
      htmlBody: !input.htmlOnly
        ? ''
        : input.outlook
          ? `<div>${html(input.text)}</div><hr><div id="divRplyFwdMsg">${outlook.map((l) => html(l).replace(/^(\w+:)/, '<b>$1</b>')).join('<br>')}</div>` +
            `<div>${html(input.original.body)}</div>`
          : `<div dir="ltr">${html(input.text)}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">` +
            `${html(attribution)}<br></div><blockquote class="gmail_quote">${html(input.original.body)}</blockquote></div>`,
      at,
      rfcId: `<re${this.seq + 1}.${at}@mail.example>`,
      inReplyTo: rfcOriginal ?? '',
      ...(input.charset ? { charset: input.charset } : {}),
      ...(input.attachments ? { attachments: input.attachments } : {}),
      ...(input.headers ? { extraHeaders: input.headers } : {}),
    };
    const ownThread = from === mine.mailbox && sameConversation(subject, mine.subject) ? mine.threadId : undefined;
    this.add({ ...base, mailbox: from, labelIds: ['SENT'] }, ownThread);
    return this.add({ ...base, mailbox: to, labelIds: ['INBOX', 'UNREAD'] });
  }

  /** A message written from scratch (not a reply) into `to`'s inbox: someone emails the committee directly. */
  receive(p: NewMailInput): MailboxMessage {
    const at = this.now();
    const from = p.from.toLowerCase();
    const via = p.viaGroup && { ...p.viaGroup, group: p.viaGroup.group.toLowerCase() };
    return this.add({
      mailbox: p.to.toLowerCase(),
      labelIds: ['INBOX', 'UNREAD'],
      from: via ? via.group : from,
      // Most mail programs send the writer's name with the address: `From: Rita Quell <rita@…>`.
      fromName: via ? `"'${p.fromName || from}' via ${via.name}"` : (p.fromName ?? ''),
      to: [via ? via.group : p.to.toLowerCase()],
      replyTo: via ? (via.replyTo ?? from) : '',
      ...(via
        ? {
            extraHeaders: [
              { name: 'List-Id', value: `<${via.group.replace('@', '.')}>` },
              { name: 'X-Original-Sender', value: from },
            ],
          }
        : p.headers
          ? { extraHeaders: p.headers }
          : {}),
      subject: p.subject,
      body: p.text,
      htmlBody: '',
      at,
      rfcId: `<new${this.seq + 1}.${at}@mail.example>`,
      inReplyTo: '',
      ...(p.attachments ? { attachments: p.attachments } : {}),
      ...(p.calendar ? { calendar: p.calendar } : {}),
    });
  }

  /**
   * The sender's mail server answers that `failed` (one of `original`'s recipients) does not exist, as Gmail writes
   * it: From `Mail Delivery Subsystem <mailer-daemon@googlemail.com>`, Subject `Delivery Status Notification
   * (Failure)`, In-Reply-To the original's Message-ID, a multipart/report (report-type=delivery-status, RFC 6522):
   * the human part ("** Address not found ** Your message wasn't delivered to …"), the message/delivery-status part
   * (RFC 3464) and the returned message (Gmail bounces as collected in rgl/MailBounceDetector's tests and other
   * public fixtures). Gmail shows it in the original's conversation; the subject differs, so by `sameConversation`
   * (the stricter reading) it starts a thread of its own and a reader finds the original by In-Reply-To.
   */
  bounce(original: SentMail, failed: string, delayed = false): MailboxMessage {
    const at = this.now();
    // A server that does not answer: Gmail first writes `(Delay)` ("Delivery incomplete"), Action: delayed.
    const body = delayed
      ? `** Delivery incomplete **\n\nThere was a temporary problem delivering your message to ${failed}. Gmail ` +
        `will retry for 46 more hours. You'll be notified if the delivery fails permanently.`
      : `** Address not found **\n\nYour message wasn't delivered to ${failed} because the address couldn't be ` +
        `found, or is unable to receive mail.\n\nThe response was:\n\n` +
        (this.closed.get(failed.toLowerCase()) === 'suspended'
          ? '550 5.2.1 The email account that you tried to reach is disabled.'
          : '550 5.1.1 The email account that you tried to reach does not exist.');
    return this.add({
      mailbox: original.from.toLowerCase(),
      labelIds: ['INBOX', 'UNREAD'],
      from: 'mailer-daemon@googlemail.com',
      fromName: 'Mail Delivery Subsystem',
      to: [original.from.toLowerCase()],
      replyTo: '',
      subject: `Delivery Status Notification (${delayed ? 'Delay' : 'Failure'})`,
      body,
      htmlBody: '',
      at,
      rfcId: `<dsn${this.seq + 1}.${at}@mx.google.com>`,
      inReplyTo: this.bySent.get(original.seq) ?? '',
      report: { failed, original: original.body, delayed },
    });
  }

  /** What a mail server's bounce of `original` from `host` has in common: to the sender's inbox, from MAILER-DAEMON. */
  private daemonMail(original: SentMail, host: string) {
    return {
      at: this.now(),
      rfcId: this.bySent.get(original.seq) ?? '',
      mailbox: original.from.toLowerCase(),
      labelIds: ['INBOX', 'UNREAD'],
      from: `MAILER-DAEMON@${host}`,
      to: [original.from.toLowerCase()],
      replyTo: '',
    };
  }

  /**
   * The recipient's server runs qmail (or a clone: netqmail, notqmail) at `host` and cannot deliver `original` to
   * `failed`: qmail-send returns it in QSBMF, "the qmail-send Bounce Message Format" (https://cr.yp.to/proto/qsbmf.txt;
   * detected by rgl/MailBounceDetector's QmailBounceDetector and Sisimai's Lhost::Qmail): From `MAILER-DAEMON@<host>`,
   * Subject `failure notice`, one text/plain part and no MIME report at all, no In-Reply-To; a paragraph per recipient
   * (`<address>:` and the reason), then `--- Below this line is a copy of the message.` and the message itself as text,
   * its headers (Message-ID among them) first. A thread of its own.
   */
  qmailBounce(original: SentMail, failed: string, host: string): MailboxMessage {
    const { at, rfcId, ...common } = this.daemonMail(original, host);
    return this.add({
      ...common,
      fromName: '',
      subject: 'failure notice',
      body:
        `Hi. This is the qmail-send program at ${host}.\nI'm afraid I wasn't able to deliver your message to the ` +
        `following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<${failed}>:\n` +
        `Sorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\n` +
        `Return-Path: <${original.from}>\nMessage-ID: ${rfcId}\nFrom: ${original.from}\nTo: ${failed}\n` +
        `Subject: ${original.subject}\n\n${original.body}`,
      htmlBody: '',
      at,
      rfcId: `<${at}.${this.seq + 1}.qmail@${host}>`,
      inReplyTo: '',
    });
  }

  /**
   * The recipient's own server (Postfix at `host`) accepted `original` and then could not deliver it to `failed`: it
   * returns it as Postfix's bounce(8) writes it: From `MAILER-DAEMON@<host> (Mail Delivery System)`, Subject
   * `Undelivered Mail Returned to Sender`, `Auto-Submitted: auto-replied`, no In-Reply-To (Postfix's bounce
   * templates add none), a multipart/report of report-type=delivery-status (RFC 6522): the notification ("This is the
   * mail system at host …"), message/delivery-status (RFC 3464) and the original as message/rfc822, its headers
   * (Message-ID among them) on the part the API nests in it. Exim's "Mail delivery failed: returning message to
   * sender" and Exchange's "Undeliverable:" are alike in what matters here: no In-Reply-To, the original returned.
   * Its subject differs from the original's and it names none of it: a thread of its own. `headersOnly`: the
   * original's headers alone, as text/rfc822-headers (RFC 6522 §4), as servers return a message over their size
   * limit (Postfix's bounce_size_limit, sendmail's M=) or when the sender asked RET=HDRS (RFC 3461 §4.3).
   */
  postfixBounce(original: SentMail, failed: string, host: string, headersOnly = false): MailboxMessage {
    const { at, rfcId, ...common } = this.daemonMail(original, host);
    return this.add({
      ...common,
      fromName: 'Mail Delivery System',
      subject: 'Undelivered Mail Returned to Sender',
      body:
        `This is the mail system at host ${host}.\n\nI'm sorry to have to inform you that your message could not\n` +
        `be delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n` +
        `<${failed}>: unknown user: "${failed.split('@')[0]}"`,
      htmlBody: '',
      at,
      rfcId: `<${at}.${this.seq + 1}@${host}>`,
      inReplyTo: '',
      report: {
        failed,
        original: original.body,
        delayed: false,
        postfix: host,
        headersOnly,
        returned: [
          { name: 'From', value: original.from },
          { name: 'To', value: failed },
          { name: 'Subject', value: original.subject },
          { name: 'Message-ID', value: rfcId },
        ],
      },
    });
  }

  /**
   * `reader` opens `original` and their Thunderbird sends a read receipt (RFC 8098), as its MDN generator writes one
   * (mozilla-central mailnews/extensions/mdn/src/nsMsgMdnGenerator.cpp): Subject `Return Receipt (displayed) - <the
   * original's>`, no In-Reply-To and no Auto-Submitted, only `References` ("not in the spec … so we could do
   * threading"), a multipart/report of report-type=disposition-notification: a text part, message/disposition-
   * notification (Original-Message-ID) and the original's headers as text/rfc822-headers. Clients send one when the
   * mail asks (Disposition-Notification-To, as Google Workspace's "Request read receipt" does); that is not modelled.
   */
  readReceipt(original: SentMail, reader: string): MailboxMessage {
    const at = this.now();
    const rfcId = this.bySent.get(original.seq) ?? '';
    return this.add({
      mailbox: original.from.toLowerCase(),
      labelIds: ['INBOX', 'UNREAD'],
      from: reader.toLowerCase(),
      fromName: '',
      to: [original.from.toLowerCase()],
      replyTo: '',
      subject: `Return Receipt (displayed) - ${original.subject}`,
      body:
        `This is a Return Receipt for the mail that you sent to ${reader}.\n\nNote: This Return Receipt only ` +
        `acknowledges that the message was displayed on the recipient's computer. There is no guarantee that the ` +
        `recipient has read or understood the message contents.`,
      htmlBody: '',
      at,
      rfcId: `<rr${this.seq + 1}.${at}@mail.example>`,
      inReplyTo: '',
      extraHeaders: [{ name: 'References', value: rfcId }],
      report: { failed: reader, original: original.body, delayed: false, receipt: true, returned: [] },
    });
  }

  /**
   * Gmail's spam filter takes `message`, just delivered, for junk, or a person moves it to Spam ("Report spam", which
   * a delegate can do too): it is labelled SPAM and not INBOX, so an inbox listing never shows it, and Threads.list
   * leaves it out unless asked `includeSpamTrash` ("Include threads from SPAM and TRASH in the results",
   * https://developers.google.com/gmail/api/reference/rest/v1/users.threads/list). Gmail deletes it 30 days later
   * (the Spam folder's banner: "Messages that have been in Spam more than 30 days will be automatically deleted";
   * https://support.google.com/mail/answer/7015314; Report spam and Not spam: .../answer/1366858): `expireSpam`. The API may take SPAM off (Messages.modify; its
   * system labels INBOX, SPAM, TRASH, UNREAD can be added and removed, https://developers.google.com/gmail/api/guides/labels).
   */
  toSpam(message: MailboxMessage): MailboxMessage {
    this.modify(message, ['SPAM'], ['INBOX']);
    return message;
  }

  /** Deletes what has been in Spam for 30 days or more (every read of a mailbox sees it gone). */
  expireSpam(): void {
    const cutoff = this.now() - 30 * 86_400_000;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i];
      if (m.labelIds.includes('SPAM') && (m.spamAt ?? m.at) <= cutoff) this.messages.splice(i, 1);
    }
  }

  /** One mailbox's messages, oldest first (tests, the scenario state). */
  mailbox(address: string): MailboxMessage[] {
    this.expireSpam();
    const a = address.toLowerCase();
    return this.messages.filter((m) => m.mailbox === a).map((m) => ({ ...m, labelIds: [...m.labelIds] }));
  }

  private add(m: Omit<MailboxMessage, 'id' | 'threadId' | 'historyId'>, threadId?: string): MailboxMessage {
    const id = (0x18c000000000 + ++this.seq).toString(16);
    // Gmail threads a message with the one it answers (In-Reply-To) when that mailbox holds it, subjects alike.
    const parent = m.inReplyTo
      ? this.messages.find(
          (x) => x.mailbox === m.mailbox && x.rfcId === m.inReplyTo && sameConversation(x.subject, m.subject),
        )
      : null;
    const message: MailboxMessage = {
      ...m,
      id,
      threadId: threadId ?? parent?.threadId ?? id,
      historyId: ++this.history,
    };
    this.messages.push(message);
    return message;
  }

  /** Applies a label change; the message's history id moves on. */
  modify(message: MailboxMessage, add: string[], remove: string[]): void {
    if (add.includes('SPAM') && !message.labelIds.includes('SPAM')) message.spamAt = this.now();
    message.labelIds = [...new Set([...message.labelIds.filter((l) => !remove.includes(l)), ...add])];
    message.historyId = ++this.history;
  }
}

function apiError(resource: string, method: string, message: string): GasException {
  return new GasException(
    `API call to gmail.users.${resource}.${method} failed with error: ${message}`,
    'GoogleJsonResponseException',
  );
}

/** The bytes a client writing in `charset` sends (ISO-8859-1 cannot say what it lacks: '?', as clients do). */
function encodeText(text: string, charset: MailCharset): Buffer {
  return charset === 'UTF-8' ? Buffer.from(text, 'utf8') : Buffer.from(text.replace(/[\u0100-\uffff]/g, '?'), 'latin1');
}

/** Base64url without padding, as the Gmail API returns `body.data`. */
function base64Url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type MailHeader = { name: string; value: string };

function headersOf(m: MailboxMessage): MailHeader[] {
  const h = [
    { name: 'From', value: m.fromName ? `${m.fromName} <${m.from}>` : m.from },
    { name: 'To', value: m.to.join(', ') },
    { name: 'Subject', value: m.subject },
    { name: 'Date', value: new Date(m.at).toUTCString().replace('GMT', '+0000') },
    { name: 'Message-ID', value: m.rfcId },
  ];
  if (m.replyTo) h.push({ name: 'Reply-To', value: m.replyTo });
  if (m.inReplyTo) h.push({ name: 'In-Reply-To', value: m.inReplyTo }, { name: 'References', value: m.inReplyTo });
  return [...h, ...(m.extraHeaders ?? [])];
}

/**
 * A text part as the API hands it over: lines end in CRLF, as MIME carries text (RFC 2045 §2.10 "lines are
 * delimited by the character sequence CRLF"; the API decodes only the transfer encoding, not the line endings).
 */
function part(partId: string, mimeType: string, text: string, charset: MailCharset = 'UTF-8') {
  const bytes = encodeText(text.replace(/\r?\n/g, '\r\n'), charset);
  return {
    partId,
    mimeType,
    filename: '',
    headers: [{ name: 'Content-Type', value: `${mimeType}; charset="${charset}"` }],
    body: { size: bytes.length, data: base64Url(bytes) },
  };
}

/** "A short part of the message text": its plain text, else its HTML's text, on one line. */
function snippetOf(m: MailboxMessage): string {
  return (m.body || m.htmlBody.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').slice(0, 120);
}

/**
 * `labelIds` as the API writes them: left out when a message has none (archived and read, no category), as JSON from
 * Google's APIs leaves out an empty repeated field ("If a field has the default value in the protocol buffer, it will
 * be omitted in the JSON-encoded data by default", protobuf proto3 JSON mapping; a Gmail client library had to treat a
 * missing `labelIds` of messages.modify as empty: jeremyephron/simplegmail#51, #127).
 */
function labelsOf(m: MailboxMessage): { labelIds?: string[] } {
  return m.labelIds.length ? { labelIds: [...m.labelIds] } : {};
}

/** A users.messages resource in `full` format (the API's shape: payload parts, base64url bodies, labelIds). */
function messageResource(m: MailboxMessage, format: string) {
  const base = {
    id: m.id,
    threadId: m.threadId,
    ...labelsOf(m),
    snippet: snippetOf(m),
    historyId: String(m.historyId),
    internalDate: String(m.at),
    sizeEstimate: Buffer.byteLength(m.body + m.htmlBody, 'utf8') + 600,
  };
  if (format === 'minimal') return base;
  const headers = headersOf(m);
  if (format === 'metadata') return { ...base, payload: { mimeType: 'multipart/alternative', headers } };
  // A calendar's message: its text, then the event as text/calendar (RFC 6047 §2.4), in multipart/alternative.
  const calendar = m.calendar && {
    ...part('1', 'text/calendar', `BEGIN:VCALENDAR\nMETHOD:${m.calendar}\nEND:VCALENDAR`),
    headers: [{ name: 'Content-Type', value: `text/calendar; charset="UTF-8"; method=${m.calendar}` }],
  };
  // A message with no plain text is one text/html part (an HTML-only client's): no empty text/plain beside it.
  // Its text/plain first, then the other form of it (HTML, or the calendar event), as clients write it.
  const alternative = (second: ReturnType<typeof part>) => ({
    partId: '',
    mimeType: 'multipart/alternative',
    filename: '',
    headers,
    body: { size: 0 },
    parts: [part('0', 'text/plain', m.body, m.charset), second],
  });
  const text = calendar
    ? alternative(calendar)
    : !m.body && m.htmlBody
      ? {
          ...part('', 'text/html', m.htmlBody, m.charset),
          headers: [...headers, ...part('', 'text/html', '', m.charset).headers],
        }
      : m.htmlBody
        ? alternative(part('1', 'text/html', m.htmlBody, m.charset))
        : {
            ...part('', 'text/plain', m.body, m.charset),
            headers: [...headers, ...part('', 'text/plain', '', m.charset).headers],
          };
  // Attached files make it multipart/mixed: the text first, then each file as a part with its filename and an
  // attachmentId in place of data ("When present, contains the ID of an external attachment that can be retrieved in
  // a separate messages.attachments.get request", MessagePartBody).
  const payload = m.attachments?.length
    ? {
        partId: '',
        mimeType: 'multipart/mixed',
        filename: '',
        headers,
        body: { size: 0 },
        parts: [
          {
            ...text,
            partId: '0',
            headers: text.headers.filter((h) => h.name === 'Content-Type'),
            // A nested multipart's parts are numbered under it ("0.0", "0.1").
            ...('parts' in text && text.parts
              ? { parts: text.parts.map((p) => ({ ...p, partId: `0.${p.partId}` })) }
              : {}),
          },
          ...m.attachments.map((a, i) => ({
            partId: String(i + 1),
            mimeType: a.mimeType,
            filename: a.filename,
            headers: [
              { name: 'Content-Type', value: `${a.mimeType}; name="${a.filename}"` },
              { name: 'Content-Disposition', value: `attachment; filename="${a.filename}"` },
            ],
            body: { attachmentId: `ANGjdJ${m.id}${i}`, size: a.size },
          })),
        ],
      }
    : text;
  return { ...base, payload: m.report ? reportPayload(m, m.report, headers) : payload };
}

/** A bounce's payload: multipart/report, its human part, its delivery-status part and the returned message; or a read receipt's. */
function reportPayload(m: MailboxMessage, report: NonNullable<MailboxMessage['report']>, headers: MailHeader[]) {
  const action = report.delayed ? 'delayed\nStatus: 4.4.1' : 'failed\nStatus: 5.1.1';
  const status = `Reporting-MTA: dns; ${report.postfix ?? 'googlemail.com'}\n\nFinal-Recipient: rfc822; ${report.failed}\nAction: ${action}`;
  const returned = { ...part('2', 'message/rfc822', ''), body: { size: 0 } };
  // A read receipt (RFC 8098 §3): the disposition, then the original's headers alone as text/rfc822-headers.
  if (report.receipt)
    return {
      partId: '',
      mimeType: 'multipart/report',
      filename: '',
      headers: [
        ...headers,
        { name: 'Content-Type', value: 'multipart/report; report-type=disposition-notification; boundary="mdn"' },
      ],
      body: { size: 0 },
      parts: [
        part('0', 'text/plain', m.body),
        part(
          '1',
          'message/disposition-notification',
          `Final-Recipient: rfc822;${report.failed}\nDisposition: manual-action/MDN-sent-manually; displayed`,
        ),
        part(
          '2',
          'text/rfc822-headers',
          `Subject: ${m.subject.replace(/^Return Receipt \(displayed\) - /, '')}\nMessage-ID: ${m.extraHeaders?.[0]?.value ?? ''}`,
        ),
      ],
    };
  return {
    partId: '',
    mimeType: 'multipart/report',
    filename: '',
    headers: [
      ...headers,
      { name: 'Auto-Submitted', value: 'auto-replied' },
      { name: 'Content-Type', value: 'multipart/report; boundary="000000000000dsn"; report-type=delivery-status' },
    ],
    body: { size: 0 },
    parts: [
      part('0', 'text/plain', m.body),
      part('1', 'message/delivery-status', status),
      // The returned message, its own text part nested (a reader must not take it, with its Ref. line, for the notice).
      // The API nests the returned message's own headers (From, Subject, Message-ID) on its one child part.
      report.headersOnly
        ? part('2', 'text/rfc822-headers', (report.returned ?? []).map((h) => `${h.name}: ${h.value}`).join('\n'))
        : {
            ...returned,
            parts: [
              {
                ...part('2.0', 'text/plain', report.original),
                headers: [...(report.returned ?? []), ...part('', 'text/plain', '').headers],
              },
            ],
          },
    ],
  };
}

/**
 * The Gmail search terms (`q`, "the same query format as the Gmail search box", users.threads.list) the product uses:
 * `in:<label>` and `from:me`, each negated by a leading `-`, `newer_than:<n>d` and `{…}` (any of the terms in it),
 * all to hold. Gmail searches messages, and lists the
 * threads holding one that matches: labels, INBOX too, are on messages, and a search for two labels finds only a
 * conversation "with both labels" on one message (Gmail Help, as quoted in gunar/cleanbox#2). Any other term is not
 * modelled: it fails, so no test passes on a search the emulator would not run as Gmail does.
 */
function searchTerms(q: unknown, user: string, now: number): Array<(m: MailboxMessage) => boolean> {
  if (q === undefined) return [];
  const termOf = (term: string): ((m: MailboxMessage) => boolean) => {
    // `{a b}`: either ("Search for messages that match multiple terms", `{from:amy from:david}`, answer/7190).
    const any = /^\{(.*)\}$/.exec(term);
    if (any) {
      const terms = any[1].split(/\s+/).filter(Boolean).map(termOf);
      return (m) => terms.some((t) => t(m));
    }
    // `newer_than:2d`: received in the last two days ("Search for emails … newer than a time period", answer/7190).
    const days = /^newer_than:(\d+)d$/.exec(term);
    if (days) return (m) => m.at > now - Number(days[1]) * 86_400_000;
    const t = /^(-?)(?:in:(inbox|spam|trash|sent)|from:(me))$/.exec(term);
    if (!t) throw new Error(`Emulator does not implement the Gmail search term ${term}`);
    const has = (m: MailboxMessage) => (t[3] ? m.from.toLowerCase() === user : m.labelIds.includes(t[2].toUpperCase()));
    return (m) => has(m) !== !!t[1];
  };
  return (String(q).match(/\{[^}]*\}|\S+/g) ?? []).map(termOf);
}

/** The Gmail advanced service as the bundle sees it (`Gmail.Users.Threads`, `Gmail.Users.Messages`). */
export function createAdvancedGmail(rt: Runtime, boxes: Mailboxes): unknown {
  const userOf = (method: string, userId: unknown): string => {
    const user = rt.requireExecution(method).effectiveUser.toLowerCase();
    const id = String(userId ?? '');
    // Only the authorised account's own mailbox ("me" or its address); others need domain-wide delegation.
    if (id !== 'me' && id.toLowerCase() !== user) throw apiError('messages', 'get', 'Delegation denied for ' + user);
    return user;
  };
  const formatOf = (args: unknown): string => {
    const f = String((args as { format?: unknown } | undefined)?.format ?? 'full');
    if (!['full', 'metadata', 'minimal', 'raw'].includes(f)) throw apiError('messages', 'get', 'Invalid format');
    if (f === 'raw') throw new Error('Emulator does not implement Gmail format raw');
    return f;
  };
  const threads = {
    list(userId: unknown, args?: Record<string, unknown>) {
      return rt.call('Gmail.Users.Threads.list', () => {
        const user = userOf('Gmail.Users.Threads.list', userId);
        const labels = (args?.labelIds ?? []) as string[];
        const terms = searchTerms(args?.q, user, boxes.now());
        const max = Math.min(500, Number(args?.maxResults ?? 100) || 100);
        const start = Number(args?.pageToken ?? 0) || 0;
        boxes.expireSpam();
        const byThread = new Map<string, MailboxMessage[]>();
        for (const m of boxes.messages)
          if (m.mailbox === user) byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);
        // A thread matches when one of its messages carries every label asked for, Spam and Trash only when asked
        // (includeSpamTrash; labelIds SPAM without it is modelled finding nothing, the stricter reading); newest
        // activity first. Its history id is its newest change, whichever message.
        const counted = (m: MailboxMessage) =>
          !!args?.includeSpamTrash || (!m.labelIds.includes('TRASH') && !m.labelIds.includes('SPAM'));
        const matching = [...byThread.values()]
          .filter((ms) =>
            ms.some((m) => counted(m) && labels.every((l) => m.labelIds.includes(l)) && terms.every((t) => t(m))),
          )
          .sort((a, b) => Math.max(...b.map((m) => m.at)) - Math.max(...a.map((m) => m.at)));
        const page = matching.slice(start, start + max).map((ms) => ({
          id: ms[0].threadId,
          snippet: snippetOf(ms[ms.length - 1]),
          historyId: String(Math.max(...ms.map((m) => m.historyId))),
        }));
        const out: Record<string, unknown> = { resultSizeEstimate: matching.length };
        if (page.length) out.threads = page;
        if (start + max < matching.length) out.nextPageToken = String(start + max);
        return out;
      });
    },
    get(userId: unknown, id: unknown, args?: Record<string, unknown>) {
      return rt.call('Gmail.Users.Threads.get', () => {
        const user = userOf('Gmail.Users.Threads.get', userId);
        const format = formatOf(args);
        boxes.expireSpam();
        const ms = boxes.messages.filter((m) => m.mailbox === user && m.threadId === String(id));
        if (!ms.length) throw apiError('threads', 'get', 'Requested entity was not found.');
        return {
          id: String(id),
          historyId: String(Math.max(...ms.map((m) => m.historyId))),
          messages: ms.map((m) => messageResource(m, format)),
        };
      });
    },
  };
  const find = (method: string, userId: unknown, id: unknown): MailboxMessage => {
    const user = userOf(`Gmail.Users.Messages.${method}`, userId);
    boxes.expireSpam();
    const m = boxes.messages.find((x) => x.mailbox === user && x.id === String(id));
    if (!m) throw apiError('messages', method, 'Requested entity was not found.');
    return m;
  };
  const messages = {
    /**
     * Only the search the product makes: `rfc822msgid:<Message-ID>` ("Messages with a specific Message-ID header",
     * https://support.google.com/mail/answer/7190), Trash and Spam left out as every search does by default.
     */
    list(userId: unknown, args?: Record<string, unknown>) {
      return rt.call('Gmail.Users.Messages.list', () => {
        const user = userOf('Gmail.Users.Messages.list', userId);
        const q = /^rfc822msgid:<?([^<>\s]+)>?$/.exec(String(args?.q ?? ''));
        if (!q) throw new Error('Emulator implements Gmail.Users.Messages.list only with q: rfc822msgid:<id>');
        const found = boxes.messages.filter(
          (m) =>
            m.mailbox === user &&
            m.rfcId === `<${q[1]}>` &&
            !m.labelIds.includes('TRASH') &&
            !m.labelIds.includes('SPAM'),
        );
        const out: Record<string, unknown> = { resultSizeEstimate: found.length };
        if (found.length) out.messages = found.map((m) => ({ id: m.id, threadId: m.threadId }));
        return out;
      });
    },
    get(userId: unknown, id: unknown, args?: Record<string, unknown>) {
      return rt.call('Gmail.Users.Messages.get', () => messageResource(find('get', userId, id), formatOf(args)));
    },
    /** Advanced services take the request body first: modify(resource, userId, id). */
    modify(resource: Record<string, unknown>, userId: unknown, id: unknown) {
      return rt.call(
        'Gmail.Users.Messages.modify',
        () => {
          const m = find('modify', userId, id);
          const add = (resource?.addLabelIds ?? []) as string[];
          const remove = (resource?.removeLabelIds ?? []) as string[];
          for (const l of [...add, ...remove])
            if (!LABEL_IDS.includes(String(l))) throw apiError('messages', 'modify', `Invalid label: ${String(l)}`);
          if (add.includes('SENT') || add.includes('DRAFT'))
            throw apiError('messages', 'modify', `Invalid label: ${add.includes('SENT') ? 'SENT' : 'DRAFT'}`);
          boxes.modify(m, add.map(String), remove.map(String));
          return { id: m.id, threadId: m.threadId, ...labelsOf(m), historyId: String(m.historyId) };
        },
        { sideEffect: true },
      );
    },
  };
  return guard(
    {
      Users: guard(
        { Threads: guard(threads, 'Gmail.Users.Threads'), Messages: guard(messages, 'Gmail.Users.Messages') },
        'Gmail.Users',
      ),
    },
    'Gmail',
  );
}
