// MailApp: sendEmail in its four signatures with the platform's validation errors and the daily recipient quota, recording every sent message.

import type { MailQuotaDay, SentMail } from './contracts';
import { DailyQuota } from './daily-quota';
import { GasException } from './runtime';
import { expose, type ServiceContext, signatureError, utf8Length } from './service-kit';

export const QUOTA_MESSAGE = 'Service invoked too many times for one day: email.';
const MAX_RECIPIENTS_PER_MESSAGE = 50;
const MAX_SUBJECT = 250;

/** Daily recipients and body size per profile (apps-script-platform.md §1.1, §1.2). */
export const MAIL_LIMITS = {
  consumer: { recipientsPerDay: 100, bodyBytes: 200 * 1024 },
  workspace: { recipientsPerDay: 1500, bodyBytes: 400 * 1024 },
} as const;

const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const NAMED_ADDRESS = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/;

interface MailOptions {
  to?: unknown;
  cc?: unknown;
  bcc?: unknown;
  replyTo?: unknown;
  subject?: unknown;
  body?: unknown;
  htmlBody?: unknown;
  name?: unknown;
  noReply?: unknown;
  attachments?: unknown;
  inlineImages?: unknown;
}

/** Splits a comma-separated recipient list and validates every address (`Invalid email: <addr>`). */
export function parseAddressList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const out: string[] = [];
  for (const raw of String(value).split(',')) {
    const token = raw.trim();
    if (!token) continue;
    const named = NAMED_ADDRESS.exec(token);
    const address = named ? named[2].trim() : token;
    if (!ADDRESS.test(address)) throw new GasException(`Invalid email: ${token}`);
    out.push(address);
  }
  return out;
}

export class MailService {
  readonly sent: SentMail[] = [];
  /** The rolling quota window: it resets 24 h after the first send, not at midnight. */
  private readonly quota: DailyQuota;
  private readonly bodyLimit: number;

  constructor(
    private readonly ctx: ServiceContext,
    quota?: number,
    /** Files each sent message in the mailboxes (gmail.ts): the sender's Sent, the recipients' Inbox. */
    private readonly onSent: (mail: SentMail) => void = () => undefined,
  ) {
    const limits = MAIL_LIMITS[ctx.profile];
    this.quota = new DailyQuota(ctx.rt, quota ?? limits.recipientsPerDay, QUOTA_MESSAGE);
    this.bodyLimit = limits.bodyBytes;
  }

  sendEmail(...args: unknown[]): void {
    const options = normalizeArguments(args);
    if (options.attachments !== undefined || options.inlineImages !== undefined) {
      throw new Error('Emulator does not implement MailApp.sendEmail attachments/inlineImages');
    }
    const to = parseAddressList(options.to);
    const cc = parseAddressList(options.cc);
    const bcc = parseAddressList(options.bcc);
    const replyToList = parseAddressList(options.replyTo);
    const recipients = to.length + cc.length + bcc.length;
    if (recipients === 0) throw new GasException('Failed to send email: no recipient');
    const subject = options.subject === undefined || options.subject === null ? '' : String(options.subject);
    if (subject.length > MAX_SUBJECT) throw new GasException('Argument too large: subject');
    if (recipients > MAX_RECIPIENTS_PER_MESSAGE)
      throw new GasException('Limit Exceeded: Email Recipients Per Message.');
    const body = options.body === undefined || options.body === null ? '' : String(options.body);
    const htmlBody = options.htmlBody === undefined || options.htmlBody === null ? '' : String(options.htmlBody);
    // Both parts travel in the message, so both count toward the body limit (strict reading of "body size").
    if (utf8Length(body) + utf8Length(htmlBody) > this.bodyLimit)
      throw new GasException('Limit Exceeded: Email Body Size.');
    const user = this.ctx.rt.requireExecution('MailApp.sendEmail').effectiveUser;
    // Strict: a message whose recipients do not all fit in what is left of the quota is refused whole.
    this.quota.charge(user, recipients);
    const noReply = options.noReply === true && this.ctx.profile === 'workspace';
    const exec = this.ctx.rt.requireExecution('MailApp.sendEmail');
    this.sent.push({
      at: this.ctx.rt.now(),
      seq: this.sent.length,
      // noReply is honoured only for Workspace accounts ("not Gmail users"); consumer mail stays from the user.
      from: noReply ? `noreply@${user.split('@')[1] ?? 'example.org'}` : user,
      to,
      cc,
      bcc,
      replyTo: replyToList.join(','),
      subject,
      body,
      htmlBody,
      name: options.name === undefined || options.name === null ? '' : String(options.name),
      execution: exec.id,
    });
    this.onSent(this.sent[this.sent.length - 1]);
  }

  getRemainingDailyQuota(): number {
    const user = this.ctx.rt.requireExecution('MailApp.getRemainingDailyQuota').effectiveUser;
    return this.quota.remaining(user);
  }

  /** Every quota day so far, for the scenario runner's state and the benchmark. */
  quotaDays(): MailQuotaDay[] {
    return this.quota.days();
  }

  /** Test hook: recipients already used today by `user`. */
  _setUsed(user: string, used: number): void {
    this.quota.setUsed(user, used);
  }
}

function normalizeArguments(args: unknown[]): MailOptions {
  if (args.length === 1 && args[0] && typeof args[0] === 'object') return { ...(args[0] as MailOptions) };
  if (args.length === 3) return { to: args[0], subject: args[1], body: args[2] };
  if (args.length === 4 && typeof args[3] === 'string')
    return { to: args[0], replyTo: args[1], subject: args[2], body: args[3] };
  if (args.length === 4 && (args[3] === undefined || args[3] === null || typeof args[3] === 'object')) {
    const extra = (args[3] ?? {}) as MailOptions;
    return { ...extra, to: args[0], subject: args[1], body: args[2] };
  }
  throw signatureError('MailApp.sendEmail', args);
}

export function createMailApp(
  ctx: ServiceContext,
  quota?: number,
  onSent?: (mail: SentMail) => void,
): { api: GoogleAppsScript.Mail.MailApp; service: MailService } {
  const service = new MailService(ctx, quota, onSent);
  const api = expose(ctx.rt, 'MailApp', service, {
    sideEffects: ['sendEmail'],
  }) as unknown as GoogleAppsScript.Mail.MailApp;
  return { api, service };
}
