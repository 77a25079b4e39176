// Gmail: every account's mailbox (threads, labels, history ids) fed by MailApp and by people's replies, and the Gmail advanced service (API v1) calls the product makes: Threads.list, Threads.get, Messages.get, Messages.modify.

import type { SentMail } from './contracts';
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
}

/** A reply a person writes to a message they received (scenario step `reply`, tests). */
export interface ReplyInput {
  /** Who replies: the mailbox that received `original`. */
  from: string;
  /** The message replied to, as MailApp sent it. */
  original: SentMail;
  text: string;
  /** Send it from another address than the one the original went to (a person with two addresses). */
  fromAddress?: string;
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

  constructor(private readonly now: () => number) {}

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
    for (const r of recipients) if (r !== sender) this.add({ ...base, mailbox: r, labelIds: ['INBOX', 'UNREAD'] });
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
    const subject = /^re:/i.test(input.original.subject) ? input.original.subject : `Re: ${input.original.subject}`;
    const quoted = input.original.body.split('\n').map((line) => (line ? `> ${line}` : '>'));
    const body = [
      input.text,
      '',
      attributionLine(input.original.at, input.original.name, input.original.from),
      '',
      ...quoted,
    ].join('\n');
    const at = this.now();
    const from = (input.fromAddress ?? input.from).toLowerCase();
    const base = {
      from,
      fromName: '',
      to: [to],
      replyTo: '',
      subject,
      body,
      htmlBody: '',
      at,
      rfcId: `<re${this.seq + 1}.${at}@mail.example>`,
      inReplyTo: rfcOriginal ?? '',
    };
    this.add({ ...base, mailbox: from, labelIds: ['SENT'] }, from === mine.mailbox ? mine.threadId : undefined);
    return this.add({ ...base, mailbox: to, labelIds: ['INBOX', 'UNREAD'] });
  }

  /** A message written from scratch (not a reply) into `to`'s inbox: someone emails the committee directly. */
  receive(p: { from: string; fromName?: string; to: string; subject: string; text: string }): MailboxMessage {
    const at = this.now();
    return this.add({
      mailbox: p.to.toLowerCase(),
      labelIds: ['INBOX', 'UNREAD'],
      from: p.from.toLowerCase(),
      // Most mail programs send the writer's name with the address: `From: Rita Quell <rita@…>`.
      fromName: p.fromName ?? '',
      to: [p.to.toLowerCase()],
      replyTo: '',
      subject: p.subject,
      body: p.text,
      htmlBody: '',
      at,
      rfcId: `<new${this.seq + 1}.${at}@mail.example>`,
      inReplyTo: '',
    });
  }

  /** One mailbox's messages, oldest first (tests, the scenario state). */
  mailbox(address: string): MailboxMessage[] {
    const a = address.toLowerCase();
    return this.messages.filter((m) => m.mailbox === a).map((m) => ({ ...m, labelIds: [...m.labelIds] }));
  }

  private add(m: Omit<MailboxMessage, 'id' | 'threadId' | 'historyId'>, threadId?: string): MailboxMessage {
    const id = (0x18c000000000 + ++this.seq).toString(16);
    // Gmail threads a message with the one it answers (In-Reply-To) when that mailbox holds it.
    const parent = m.inReplyTo ? this.messages.find((x) => x.mailbox === m.mailbox && x.rfcId === m.inReplyTo) : null;
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

/** Base64url without padding, as the Gmail API returns `body.data`. */
function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function headersOf(m: MailboxMessage): Array<{ name: string; value: string }> {
  const h = [
    { name: 'From', value: m.fromName ? `${m.fromName} <${m.from}>` : m.from },
    { name: 'To', value: m.to.join(', ') },
    { name: 'Subject', value: m.subject },
    { name: 'Date', value: new Date(m.at).toUTCString().replace('GMT', '+0000') },
    { name: 'Message-ID', value: m.rfcId },
  ];
  if (m.replyTo) h.push({ name: 'Reply-To', value: m.replyTo });
  if (m.inReplyTo) h.push({ name: 'In-Reply-To', value: m.inReplyTo }, { name: 'References', value: m.inReplyTo });
  return h;
}

function part(partId: string, mimeType: string, text: string) {
  return {
    partId,
    mimeType,
    filename: '',
    headers: [{ name: 'Content-Type', value: `${mimeType}; charset="UTF-8"` }],
    body: { size: Buffer.byteLength(text, 'utf8'), data: base64Url(text) },
  };
}

/** A users.messages resource in `full` format (the API's shape: payload parts, base64url bodies, labelIds). */
function messageResource(m: MailboxMessage, format: string) {
  const base = {
    id: m.id,
    threadId: m.threadId,
    labelIds: [...m.labelIds],
    snippet: m.body.replace(/\s+/g, ' ').slice(0, 120),
    historyId: String(m.historyId),
    internalDate: String(m.at),
    sizeEstimate: Buffer.byteLength(m.body + m.htmlBody, 'utf8') + 600,
  };
  if (format === 'minimal') return base;
  const headers = headersOf(m);
  if (format === 'metadata') return { ...base, payload: { mimeType: 'multipart/alternative', headers } };
  const payload = m.htmlBody
    ? {
        partId: '',
        mimeType: 'multipart/alternative',
        filename: '',
        headers,
        body: { size: 0 },
        parts: [part('0', 'text/plain', m.body), part('1', 'text/html', m.htmlBody)],
      }
    : { ...part('', 'text/plain', m.body), headers: [...headers, ...part('', 'text/plain', '').headers] };
  return { ...base, payload };
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
        if (args?.q !== undefined)
          throw new Error('Emulator does not implement Gmail search queries (q); use labelIds');
        const labels = (args?.labelIds ?? []) as string[];
        const max = Math.min(500, Number(args?.maxResults ?? 100) || 100);
        const start = Number(args?.pageToken ?? 0) || 0;
        const byThread = new Map<string, MailboxMessage[]>();
        for (const m of boxes.messages)
          if (m.mailbox === user && !m.labelIds.includes('TRASH') && !m.labelIds.includes('SPAM'))
            byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);
        // A thread matches when one of its messages carries every label asked for; newest activity first.
        const matching = [...byThread.values()]
          .filter((ms) => ms.some((m) => labels.every((l) => m.labelIds.includes(l))))
          .sort((a, b) => Math.max(...b.map((m) => m.at)) - Math.max(...a.map((m) => m.at)));
        const page = matching.slice(start, start + max).map((ms) => ({
          id: ms[0].threadId,
          snippet: ms[ms.length - 1].body.replace(/\s+/g, ' ').slice(0, 120),
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
    const m = boxes.messages.find((x) => x.mailbox === user && x.id === String(id));
    if (!m) throw apiError('messages', method, 'Requested entity was not found.');
    return m;
  };
  const messages = {
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
          return { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds], historyId: String(m.historyId) };
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
