// The mail outbox (docs/architecture.md "Mail"): every message is a row keyed by (case, kind, recipient), sent at-least-once or at-most-once, never doubled by a retry.
import { DAY_MS, HOUR_MS, isoOf } from '../core/deadlines';
import { currentVoice, type Message } from '../core/messages';
import { replyFooter, replySectionOf } from '../core/replies';
import { errorMessage, isQuotaSpentForDay, redactAddresses, rethrowEnding } from './errors';
import { CONFIRM_TTL_DAYS, LINK_TTL_DAYS, type REGISTRY_TAB, type RegistryHeader } from './schema';
import type { Table } from './table';

/** The life of the links of the kinds of mail that can wait past it (the rest are sent within a day or two). */
const LINK_DAYS: Record<string, number> = { confirm: CONFIRM_TTL_DAYS, screening: LINK_TTL_DAYS.screening };

/** Why an escalation waiting for the quota was dropped (ADV-545): Outbox's `Error`, the alert and the case Doc say it. */
export const NEW_CONTACT = 'Settings name a new escalation contact';

export type OutboxHeader = RegistryHeader<typeof REGISTRY_TAB.outbox>;
export type OutboxTable = Table<OutboxHeader>;

export type Delivery = 'at-least-once' | 'at-most-once';
/** The usual delivery, named once: the many messages that use it then share one string in the minified bundle. */
export const AT_LEAST_ONCE: Delivery & 'at-least-once' = 'at-least-once';
/** `digest`: a member reminder waiting for that member's digest; `digested`: gathered into one (its key says which). */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'held' | 'failed' | 'digest' | 'digested';

/**
 * A message's logical key, `<case id or ->|<kind>|<recipient>`: kinds that repeat carry a discriminator
 * (`vote:<vote id>`, `status:<n>`), the recipient is a member or moderator id or a role (`reporter`,
 * `reported-person`, `contact`). The outbox keeps at most one message per key, so the key decides what
 * happens once. Every key is made here.
 */
export function outboxKey(caseId: string, kind: string, recipient: string): string {
  return `${caseId}|${kind}|${recipient}`;
}

/** The case id part of an outbox key ('-' when none). */
export function caseIdOfKey(key: string): string {
  return String(key).split('|')[0] || '-';
}

/** A message as flows enqueue it. Bodies come from core/messages.ts; nothing here adds text. */
export interface OutgoingMail {
  /** Logical key (`outboxKey`). */
  key: string;
  caseId: string;
  kind: string;
  to: string;
  cc?: string;
  replyTo?: string;
  subject: string;
  body: string;
  htmlBody: string;
  delivery: Delivery;
  /** A member reminder: kept in the outbox for its key (once per deadline) and sent inside the member's digest. */
  digest?: boolean;
}

/** What one delivery run did, for audit entries and tests. */
export interface DeliveryReport {
  sent: string[];
  failed: Array<{ key: string; error: string }>;
  held: string[];
  /** Left pending for a later run (quota, time budget, transient errors past their retries). */
  deferred: number;
  stoppedBy?: 'quota' | 'time';
  /** Messages per class that did not fit in today's quota (or its share left to them). */
  waiting?: WaitingByClass;
}

/** Sender name shown in recipients' mail clients: the committee's name (Settings `Committee name`). */
export function senderName(): string {
  return currentVoice().committee;
}
/** Transient failures of one message are retried this many times within a run, with 1 s, 2 s, 4 s back-off. */
export const RETRIES_PER_RUN = 3;
/**
 * A message that keeps failing becomes `failed` (and the committee is told) only after this many attempts over all
 * runs AND once it is GIVE_UP_AFTER_MS old: at RETRIES_PER_RUN a run, attempts alone ran out within three hourly
 * runs, so a MailApp outage of a few hours ("We're sorry, a server error occurred. Please wait a bit and try again.",
 * apps-script-platform.md §3) lost the acknowledgment and screening emails of every report made during it.
 */
export const MAX_ATTEMPTS = 8;
export const GIVE_UP_AFTER_MS = 2 * DAY_MS;
/** The journal lives in one Script Property (9 KB per value); past this it is flushed to the sheet and emptied. */
const JOURNAL_FLUSH_CHARS = 7000;
/** Leave this much of the time budget for the final sheet write. */
const MIN_MS_PER_MESSAGE = 5000;

/** Services the delivery protocol needs from the Outbox part (outbox.ts) (kept as an interface so the protocol can be tested alone). */
export interface OutboxHost {
  outbox(): OutboxTable;
  now(): number;
  /** Milliseconds left in this execution's time budget. */
  remainingMs(): number;
  readJournal(): string[];
  /** Writes the journal property now (unbuffered); an empty list deletes it. */
  writeJournal(keys: string[]): void;
  /** Writes the Outbox tab and flushes the spreadsheet, now. */
  persistOutbox(): void;
  /** Tells the committee about a delivery problem (enqueues alert mail; never called for alert mail itself). */
  alert(title: string, lines: string[], caseId: string): void;
  /** Share of the day's quota kept for urgent mail, in percent (Settings); read only when it could matter. */
  reservePercent?(): number;
  readQuotaDay?(): QuotaDay | null;
  writeQuotaDay?(day: QuotaDay): void;
  /**
   * Queues the one notice to the committee account that mail waits (`windowId` names the quota day, so it goes
   * once per day); true when it was queued now.
   */
  noticeOwner?(waiting: WaitingByClass, goesBy: number, windowId: string): boolean;
  /**
   * A digest about to go, checked again (it may have waited days for the quota): its new text, null when nothing in it
   * is due any more, undefined when it stands. A conflict check past its links' life: its text with fresh links, or null.
   */
  recheck?(key: string): Message | null | undefined;
  /**
   * When each case's receipt is due (ms; its own `Acknowledge within` from the report, registry Cases `Deadlines`): a
   * case taken in late, or opened under fewer hours, owes it before queue time plus 24 hours (ADV-424).
   */
  acksDue?(caseIds: readonly string[]): Map<string, number>;
}

/** Outbox row values for a new message. */
export function outboxRow(mail: OutgoingMail, nowIso: string): Record<OutboxHeader, string> {
  return {
    Key: mail.key,
    'Case ID': mail.caseId,
    Kind: mail.kind,
    To: mail.to,
    Cc: mail.cc ?? '',
    'Reply To': mail.replyTo ?? '',
    Subject: mail.subject,
    // A message that may be answered carries an opaque reference: the reply lands in its thread, where the sweep
    // finds our Sent copy and, by the reference, this row (src/flows/replies.ts).
    Body: mail.body + (replySectionOf(mail.key) ? replyFooter(mail.key) : ''),
    'Html Body': mail.htmlBody,
    Delivery: mail.delivery,
    State: mail.digest ? 'digest' : 'pending',
    Attempts: '0',
    'Created At': nowIso,
    'Updated At': nowIso,
    Error: '',
  };
}

/**
 * Adds the message unless its key exists (dedupe). Returns true when it was added. `fresh`: the caller knows no
 * message of this case can exist (intake, in the execution that made the case id), so the keys already in the tab
 * are not read; a key queued earlier in this execution is still found.
 */
export function enqueueMail(outbox: OutboxTable, mail: OutgoingMail, nowIso: string, fresh = false): boolean {
  if (!mail.key || !mail.to) throw new Error('enqueueMail: a message needs a key and a recipient');
  const known = fresh
    ? outbox.addedRefs().some((ref) => outbox.text(ref, 'Key') === mail.key)
    : outbox.refsWhere('Key', mail.key).length > 0;
  if (known) return false;
  outbox.append(outboxRow(mail, nowIso));
  return true;
}

/**
 * Marks rows whose keys are in the journal as sent: those messages went out in a run that died before
 * it could record them. Returns how many rows changed.
 */
export function applyJournal(outbox: OutboxTable, journal: readonly string[], nowIso: string): number {
  if (!journal.length) return 0;
  // By key (the outbox may be read narrow): only the journaled rows still pending or sending are read whole.
  const refs = [...new Set(journal)].flatMap((key) => outbox.refsWhere('Key', key));
  const unsettled = refs.filter((ref) => ['pending', 'sending'].includes(outbox.text(ref, 'State')));
  outbox.fill(unsettled);
  for (const ref of unsettled.sort((a, b) => a - b)) {
    // The dead run's successful attempt was never counted.
    const attempts = String(Number(outbox.text(ref, 'Attempts') || 0) + 1);
    outbox.update(ref, { State: 'sent', Attempts: attempts, 'Updated At': nowIso, Error: '' });
  }
  return unsettled.length;
}

function countRecipients(row: Record<string, unknown>): number {
  const list = (v: unknown) =>
    String(v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean).length;
  return list(row.To) + list(row.Cc);
}

/**
 * True when a failed send was the daily recipient quota. Apps Script words it in the committee account's language
 * ("Service invoked too many times for one day: email." in English, "Trop d'appels pour ce service aujourd'hui :
 * email." in French), so what decides is what MailApp says is left, read after the failure; the English text only
 * saves that read. What is left having fallen since `quota.left` (read before the send) says the send was counted: it
 * may have gone, with a server error after it, even when it took the day's last recipient (ADV-418), so it is no
 * quota refusal, and an at-most-once message is held rather than sent again the next quota day.
 */
function isDailyQuotaSpent(err: unknown, row: Record<string, unknown>, quota: { left: number }): boolean {
  if (isQuotaSpentForDay(err, 'email')) return true;
  try {
    const left = MailApp.getRemainingDailyQuota();
    const counted = left < quota.left;
    quota.left = left;
    return !counted && left < countRecipients(row);
  } catch (readErr) {
    rethrowEnding(readErr);
    return false;
  }
}

/**
 * English messages of failures no retry can mend (a malformed address, a message over a size limit). Only a
 * shortcut: in another language they are not recognised, are retried like any other failure, and become
 * `failed` after MAX_ATTEMPTS and GIVE_UP_AFTER_MS all the same.
 */
const PERMANENT = [
  /^Invalid email/i,
  /^Invalid argument/i,
  /^Limit Exceeded: Email/i,
  /^Argument too large/i,
  /no recipient/i,
];

function isKnownPermanentError(err: unknown): boolean {
  const message = errorMessage(err);
  return PERMANENT.some((pattern) => pattern.test(message));
}

/**
 * Delivery classes, most urgent first (issue 15): urgent safety alerts (and the owner's notice that mail waits),
 * then the reporter's acknowledgment, the reporter's status and follow-up emails, screening, everything else a
 * person acts on (access, votes, moderators, letters, alerts), and member reminders last.
 */
export const MAIL_CLASSES = ['urgent', 'acknowledgment', 'reporter', 'screening', 'other', 'reminder'] as const;
export type MailClass = (typeof MAIL_CLASSES)[number];

/**
 * Kinds the reserved share of the quota is kept for; the owner's purge warning too (one recipient, a day at most):
 * behind a flood's acknowledgments and screening mail it waited for days, and the purge with it. So did the notice
 * of another daily quota spent (one a quota day), which came after that quota was back (ADV-445).
 */
const RESERVED_KINDS = new Set(['urgent', 'mail-waiting', 'purge-warning', 'quota']);

/** The class of a message, from its kind (the outbox keeps no separate column: the kind already says it). */
export function classOfKind(kind: string): MailClass {
  if (RESERVED_KINDS.has(kind)) return 'urgent';
  // A member's fresh confirmation link lives 30 minutes and a person waits for it: it goes with the acknowledgments.
  if (kind === 'ack' || kind === 'confirm') return 'acknowledgment';
  if (kind === 'status' || kind === 'follow-up') return 'reporter';
  if (kind === 'screening') return 'screening';
  if (kind === 'reminder' || kind === 'digest') return 'reminder';
  // A vote reminder is vote mail, and goes with it (KIND_DEADLINE_HOURS gives its own deadline).
  return 'other';
}

/**
 * Hours from queuing to a message's deadline, per class: the acknowledgment's is the procedure's 24 hours
 * (Settings may shorten a case's own, and the sweep's reminder covers a missed one), the others what each
 * step can bear. Within a class the earliest deadline goes first.
 */
export const CLASS_ALLOWANCE_HOURS: Record<MailClass, number> = {
  urgent: 1,
  acknowledgment: 24,
  reporter: 24,
  screening: 24,
  other: 48,
  reminder: 72,
};

/**
 * Kinds with a deadline of their own, in hours from queuing: they go by it within their class, and one that would miss
 * it waiting for the next quota day may draw on half the reserve, as an acknowledgment may. A vote's "closes
 * tomorrow" reminder is queued by the first sweep at or after 24 hours before the vote closes (vote.ts), so the
 * vote closes at most 24 hours after it was queued (one still waiting then is dropped: closeVote in vote.ts).
 */
const KIND_DEADLINE_HOURS = new Map([['vote-reminder', 24]]);

/** A message's deadline (ms): queued at `Created At` plus its kind's or class's allowance; an unreadable time sorts last. */
export function deadlineOf(kind: string, createdAt: string): number {
  const at = Date.parse(createdAt);
  const hours = KIND_DEADLINE_HOURS.get(kind) ?? CLASS_ALLOWANCE_HOURS[classOfKind(kind)];
  return Number.isFinite(at) ? at + hours * HOUR_MS : Infinity;
}

/**
 * What the outbox knows of the account's quota day: the largest remaining quota seen (the day's limit, as far
 * as it can tell: `getRemainingDailyQuota` gives only what is left) and when the current day started.
 * Apps Script's daily quotas "reset 24 h after the first request, not at midnight"
 * (https://developers.google.com/apps-script/guides/services/quotas; apps-script-platform.md §1.1).
 */
export interface QuotaDay {
  limit: number;
  /** When the first message of the current quota day went (ms), or 0 when none has since the last reset. */
  startedAt: number;
  /** The last delivery of everything pending left mail waiting for the quota. */
  waiting?: boolean;
}

/** Waiting messages per class, for the owner's notice. */
export type WaitingByClass = Partial<Record<MailClass, number>>;

/**
 * What a delivery sends: everything pending (`all`: the sweep, pages), or only the rows this execution queued
 * (`own`: a report's intake, which then never reads the messages of other cases; the sweep sends those within the hour).
 */
export type DeliveryScope = 'all' | 'own';

/**
 * Sends what is pending, most urgent first (docs/architecture.md "Mail"):
 * - rows left `sending` by a dead run are at-most-once messages that may or may not have gone: `held`, alert;
 * - pending rows go by class, then earliest deadline; the remaining daily quota is read once, and a message
 *   that does not fit is skipped, never blocking a smaller or more urgent one behind it;
 * - a share of the day's quota (Settings `Mail reserve (%)`) is kept for urgent alerts and the owner's notice;
 *   when mail must wait, the committee account is told once per quota day (what waits, and when it goes);
 * - at-least-once: send, then append the key to the journal property at once; the sheet is marked at the end;
 * - at-most-once: mark `sending` and flush before the send, `sent` after;
 * - `scope` `own`: only the rows this execution appended are looked at (held rows of a dead run wait for the sweep),
 *   unless mail was left waiting for the quota: then everything pending, so the new mail does not overtake it;
 * - transient errors are retried with back-off inside the budget; permanent ones make the row `failed`
 *   and the committee is told. A daily-quota error means nothing more fits today: the rest waits.
 */
export function deliverOutbox(
  host: OutboxHost,
  sleep: (ms: number) => void,
  requested: DeliveryScope = 'all',
): DeliveryReport {
  const outbox = host.outbox();
  const stored = host.readQuotaDay?.() ?? null;
  // Mail left waiting for the quota goes first, by class then deadline: a report's intake after the quota day reset
  // must not spend the new day on its own mail while older acknowledgments and screening emails wait for the sweep.
  const scope = stored?.waiting ? 'all' : requested;
  const report: DeliveryReport = { sent: [], failed: [], held: [], deferred: 0 };
  const iso = () => isoOf(host.now());
  // Lookups by state go through the table's index: the outbox holds every open case's messages. Scoped to this
  // execution's own rows, the others are never read (a half-sent row of an earlier run waits for the sweep).
  const refsIn = (state: string): number[] =>
    scope === 'own'
      ? outbox.addedRefs().filter((ref) => outbox.text(ref, 'State') === state)
      : outbox.refsWhere('State', state);

  // An at-most-once message that may or may not have gone: a person decides, never a retry.
  const hold = (ref: number, values: Record<string, unknown>, error: string) => {
    outbox.update(ref, { State: 'held', 'Updated At': iso(), Error: error });
    report.held.push(String(values.Key));
    host.alert(
      'A message was held after an interrupted send',
      [
        `A ${String(values.Kind)} message may or may not have gone out when an execution stopped or MailApp failed.`,
        'It will not be re-sent by itself. Check with the recipient, then decide on the case page.',
      ],
      String(values['Case ID']),
    );
  };
  for (const row of scope === 'own' ? [] : outbox.filterBy('State', 'sending'))
    hold(row.ref, row.values, 'found half-sent after a crash; a person decides');

  // The case's letters as they stand: `wait` while one waits for the quota or a person (held); `failed` when the newest
  // failed for good after `since` (the follow-up was queued before anyone knew: it fails too, and the cleared members
  // are told, so one sends it again once the letter went to another address, or knowingly: follow-up.ts).
  const letterBlocks = (id: string, since: string) => {
    const all = outbox.refsWhere('Case ID', id);
    outbox.fill(all);
    const refs = all.filter((r) => outbox.text(r, 'Kind') === 'letter');
    const states = refs.map((r) => outbox.text(r, 'State'));
    const last = refs[refs.length - 1];
    return states.some((s) => s === 'pending' || s === 'held')
      ? 'wait'
      : states[states.length - 1] === 'failed' && Date.parse(outbox.text(last, 'Updated At')) >= Date.parse(since)
        ? 'failed'
        : '';
  };
  const processed = new Set<number>();
  // A message that failed through all its retries means MailApp is down: the rest get one try each, no back-off,
  // so an outage of hours does not spend every hourly run (and the daily trigger runtime) sleeping.
  let down = false;
  const pendingRefs = () => {
    const refs = refsIn('pending');
    outbox.fill(refs);
    return refs;
  };
  // Rows from here on were appended by this execution (a table's refs grow with its appends).
  const firstAdded = outbox.addedRefs()[0] ?? Infinity;
  // A receipt is due by its case's deadline (read once for every receipt waiting), any other message by its kind's.
  const acks = new Map<string, number>();
  const due = (ref: number) =>
    (outbox.text(ref, 'Kind') === 'ack' && acks.get(outbox.text(ref, 'Case ID'))) ||
    deadlineOf(outbox.text(ref, 'Kind'), outbox.text(ref, 'Created At'));
  const sortByUrgency = (table: OutboxTable, refs: number[]) => {
    const ids = refs.filter((r) => table.text(r, 'Kind') === 'ack').map((r) => table.text(r, 'Case ID'));
    if (ids.length) host.acksDue?.(ids).forEach((at, id) => acks.set(id, at));
    return sortRefs(table, refs, due);
  };
  let queue = sortByUrgency(outbox, pendingRefs());
  if (!queue.length) {
    if (stored?.waiting) host.writeQuotaDay?.({ ...stored, waiting: false });
    if (outbox.isDirty()) host.persistOutbox();
    // Keys a dead run journaled are marked sent in the sheet now (or already were): the journal can go.
    if (host.readJournal().length) host.writeJournal([]);
    return report;
  }
  let remaining = MailApp.getRemainingDailyQuota();
  const quota = openQuotaDay(host, stored, remaining);
  let reserve: number | null = null;
  // Settings are read only when the reserve could matter (a Workspace day rarely comes near it).
  const reserveNow = (): number => {
    if (reserve === null) reserve = Math.ceil((quota.day.limit * Math.max(0, host.reservePercent?.() ?? 0)) / 100);
    return reserve;
  };
  let journal = host.readJournal().slice();
  let journalChars = JSON.stringify(journal).length;
  const waiting: WaitingByClass = {};
  let ownerTold = false;

  for (;;) {
    while (queue.length) {
      const ref = queue.shift() as number;
      if (processed.has(ref)) continue;
      processed.add(ref);
      const row = outbox.get(ref);
      if (String(row.State) !== 'pending') continue;
      // The reporter hears what was done after the reported person does (seed steps 8 then 10): a follow-up waits while
      // its case's letter waits for the quota or for a person's decision (held), and fails with a letter that failed.
      const letter =
        String(row.Kind) === 'follow-up' ? letterBlocks(String(row['Case ID']), String(row['Created At'])) : '';
      if (letter === 'wait') continue;
      // A confirmation's link lives CONFIRM_TTL_DAYS, a conflict check's 30 days: one that waited longer for the quota
      // (a check put back when its closed case opened again, ADV-500) is dead. A check still due is made again with fresh
      // links (ADV-516): dropped, its member was never asked about the case.
      if (host.now() - Date.parse(String(row['Created At'])) > (LINK_DAYS[String(row.Kind)] ?? 1e9) * DAY_MS) {
        const fresh = String(row.Kind) === 'screening' && host.recheck?.(String(row.Key));
        if (!fresh) {
          outbox.update(ref, { State: 'digested', 'Updated At': iso(), Error: 'dropped: its link had expired' });
          continue;
        }
        const text = { Subject: fresh.subject, Body: fresh.body, 'Html Body': fresh.htmlBody, 'Created At': iso() };
        Object.assign(row, text);
        outbox.update(ref, text);
      }
      if (host.remainingMs() < MIN_MS_PER_MESSAGE) {
        // Out of time: the outer loop ends too (the owner's notice is for quota, not time).
        report.stoppedBy = 'time';
        break;
      }
      const recipients = countRecipients(row);
      const mailClass = classOfKind(String(row.Kind));
      // An acknowledgment (or a vote reminder) that would miss its deadline waiting for the next quota day (and the
      // sweep after it) may draw on half the reserve: the procedure's 24 hours bind, and urgent alerts keep the other half.
      const missesDeadline =
        (mailClass === 'acknowledgment' || KIND_DEADLINE_HOURS.has(String(row.Kind))) &&
        due(ref) < (quota.day.startedAt || host.now()) + DAY_MS + HOUR_MS;
      const kept =
        mailClass !== 'urgent' && recipients > remaining - quota.day.limit * 0.9
          ? missesDeadline
            ? Math.floor(reserveNow() / 2)
            : reserveNow()
          : 0;
      const usable = mailClass === 'urgent' ? remaining : remaining - kept;
      if (recipients > usable) {
        // It waits; a smaller or more urgent message behind it may still fit.
        report.stoppedBy = 'quota';
        waiting[mailClass] = (waiting[mailClass] ?? 0) + 1;
        continue;
      }
      // Only a digest queued by an earlier run can be out of date: checking one costs a read of the outbox's `Error`
      // column, every open case's rows, which a digest built by this run need not pay.
      // An escalation too: Settings may name another contact since (ADV-545).
      if (/^(digest|escalation)$/.test(String(row.Kind)) && ref < firstAdded) {
        const fresh = host.recheck?.(String(row.Key));
        if (fresh === null) {
          // Why, for the owner reading Outbox: an escalation's contact is no longer the one Settings name (ADV-556).
          outbox.update(ref, {
            State: 'digested',
            'Updated At': iso(),
            Error: `dropped: ${row.Kind === 'digest' ? 'nothing in it is due' : NEW_CONTACT}`,
          });
          continue;
        }
        if (fresh) {
          const text = { Subject: fresh.subject, Body: fresh.body, 'Html Body': fresh.htmlBody };
          Object.assign(row, text);
          outbox.update(ref, text);
        }
      }
      const atMostOnce = String(row.Delivery) === 'at-most-once';
      if (atMostOnce) {
        outbox.update(ref, { State: 'sending', 'Updated At': iso() });
        host.persistOutbox();
      }
      const outcome: SendOutcome = letter
        ? { ok: false, attempts: 0, kind: 'permanent', error: 'not sent: its letter failed' }
        : sendWithRetries(row, host, sleep, down ? 1 : RETRIES_PER_RUN, atMostOnce, remaining);
      const attempts = Number(row.Attempts || 0) + outcome.attempts;
      down = !outcome.ok && /transient|refused/.test(outcome.kind) && (down || outcome.attempts === RETRIES_PER_RUN);
      if (outcome.ok) {
        remaining -= recipients;
        quota.markSend();
        outbox.update(ref, { State: 'sent', Attempts: String(attempts), 'Updated At': iso(), Error: '' });
        report.sent.push(String(row.Key));
        if (!atMostOnce) {
          journal.push(String(row.Key));
          journalChars += String(row.Key).length + 3;
          host.writeJournal(journal);
          if (journalChars > JOURNAL_FLUSH_CHARS) {
            host.persistOutbox();
            journal = [];
            journalChars = 2;
            host.writeJournal(journal);
          }
        }
        continue;
      }
      const error = outcome.error.slice(0, 500);
      if (outcome.kind === 'quota') {
        outbox.update(ref, { State: 'pending', Attempts: String(attempts), 'Updated At': iso(), Error: error });
        report.stoppedBy = 'quota';
        waiting[mailClass] = (waiting[mailClass] ?? 0) + 1;
        // MailApp says the day is spent whatever getRemainingDailyQuota said: nothing else fits either.
        remaining = 0;
        continue;
      }
      // MailApp's error does not say the send did not happen (a server error may follow a send it accepted).
      if (atMostOnce && outcome.kind === 'transient') {
        hold(ref, row, `${error} (may have gone); a person decides`);
        continue;
      }
      // Past its deadline a message still goes when MailApp is back: late is better than never (the procedure asks for
      // the acknowledgment "within 24 hours", it does not waive it after), and the sweep tells the committee of a late
      // acknowledgment (sweep.ts, "not acknowledged in time") and of a case nobody screened (stalls.ts).
      const young = host.now() - Date.parse(String(row['Created At'])) < GIVE_UP_AFTER_MS;
      if (outcome.kind === 'refused' || (outcome.kind === 'transient' && (attempts < MAX_ATTEMPTS || young))) {
        outbox.update(ref, { State: 'pending', Attempts: String(attempts), 'Updated At': iso(), Error: error });
        report.deferred++;
        continue;
      }
      outbox.update(ref, { State: 'failed', Attempts: String(attempts), 'Updated At': iso(), Error: error });
      report.failed.push({ key: String(row.Key), error });
      if (String(row.Kind) !== 'alert') {
        host.alert(
          'A message could not be delivered',
          [
            `A ${String(row.Kind)} message failed and will not be retried: ${redactAddresses(error)}`,
            'Check the address or the account, then act from the case page.',
          ],
          String(row['Case ID']),
        );
        // The alert rows were just appended; let this run send them too, in their place.
        queue = sortByUrgency(outbox, queue.concat(pendingRefs().filter((r) => !processed.has(r))));
      }
    }
    // Mail waits for the quota: the owner hears it once per quota day, and the notice itself uses the reserve.
    // A notice that cannot go now would arrive after the mail it announces: then the owner is told on a later day.
    if (ownerTold || report.stoppedBy !== 'quota' || !host.noticeOwner || remaining < 1) break;
    ownerTold = true;
    // A report's intake looked at its own rows only: the notice counts every message left waiting (urgent ones may
    // still use the reserve), or it told the owner of a handful while the earlier cases' mail waited too.
    if (scope === 'own') {
      const others = outbox.refsWhere('State', 'pending').filter((r) => !processed.has(r));
      outbox.fill(others);
      for (const r of others) {
        const c = classOfKind(outbox.text(r, 'Kind'));
        if (c !== 'urgent') waiting[c] = (waiting[c] ?? 0) + 1;
      }
    }
    // Named by the quota day's first send. When nothing went yet the notice, sent now from the reserve, is that send:
    // the day starts with it. Named by the UTC date instead, the next run's notice (named by its send) was a second
    // one for the same quota day (ADV-425); the quota follows no calendar, the committee's or UTC's.
    quota.markSend();
    // The quota comes back 24 h after the day's first request (apps-script-platform.md §1.1), and the waiting mail
    // goes with the first hourly sweep after that: up to an hour later (to the minute shown, rounded up).
    const goesBy = Math.ceil((quota.day.startedAt + DAY_MS + HOUR_MS) / 60_000) * 60_000;
    const windowId = isoOf(quota.day.startedAt).slice(0, 16);
    if (!host.noticeOwner(waiting, goesBy, windowId)) break;
    queue = sortByUrgency(
      outbox,
      pendingRefs().filter((r) => !processed.has(r)),
    );
  }
  if (scope === 'all') quota.day.waiting = report.stoppedBy === 'quota';
  quota.save();
  report.waiting = waiting;
  report.deferred = refsIn('pending').length;
  host.persistOutbox();
  if (journal.length) host.writeJournal([]);
  return report;
}

/** Pending rows by class, then earliest deadline (`due`), then queue order. */
function sortRefs(outbox: OutboxTable, refs: number[], due: (ref: number) => number): number[] {
  const keyed = refs.map((ref) => ({
    ref,
    rank: MAIL_CLASSES.indexOf(classOfKind(outbox.text(ref, 'Kind'))),
    deadline: due(ref),
  }));
  keyed.sort((a, b) => a.rank - b.rank || a.deadline - b.deadline || a.ref - b.ref);
  return keyed.map((k) => k.ref);
}

/**
 * The quota day as this run sees it: a new day begins 24 h after the previous one's first send; the limit is what
 * remained before its first send (the most seen since). Saved only when it changed (a property write about once a
 * day, and when mail starts or stops waiting).
 */
function openQuotaDay(host: OutboxHost, stored: QuotaDay | null, remaining: number) {
  const now = host.now();
  const day: QuotaDay = stored ? { ...stored } : { limit: 0, startedAt: 0 };
  if (day.startedAt && now >= day.startedAt + DAY_MS) day.startedAt = 0;
  // Before the day's first send what is left is the day's whole quota: the limit is learnt again each quota day, so a
  // quota smaller than one seen before (Google lowers it, the account changes) cannot keep the reserve above it.
  day.limit = day.startedAt ? Math.max(day.limit, remaining) : remaining;
  return {
    day,
    markSend: () => {
      if (!day.startedAt) day.startedAt = host.now();
    },
    save: () => {
      if (
        !stored ||
        stored.limit !== day.limit ||
        stored.startedAt !== day.startedAt ||
        !stored.waiting !== !day.waiting
      )
        host.writeQuotaDay?.(day);
    },
  };
}

type SendOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; kind: 'transient' | 'permanent' | 'quota' | 'refused'; error: string };

/**
 * Google's rate limit ("Service invoked too many times in a short time: email. Try Utilities.sleep(1000) between
 * calls.", quotas page) refuses the call: nothing went, so even an at-most-once message is tried again, never held.
 * Google words it in the account's language: another text is an unknown error, and an at-most-once message is held
 * (a person decides; never sent twice, ADV-422), not guessed from the quota left (a send not yet counted may have gone).
 */
const RATE_LIMITED = /too many times in a short time/i;

function sendWithRetries(
  row: Record<string, unknown>,
  host: OutboxHost,
  sleep: (ms: number) => void,
  tries: number,
  atMostOnce: boolean,
  remaining: number,
): SendOutcome {
  let attempts = 0;
  const quota = { left: remaining };
  for (;;) {
    attempts++;
    try {
      const message: GoogleAppsScript.Mail.MailAdvancedParameters = {
        to: String(row.To),
        subject: String(row.Subject),
        body: String(row.Body),
        htmlBody: String(row['Html Body']),
        name: senderName(),
      };
      if (String(row.Cc ?? '')) message.cc = String(row.Cc);
      if (String(row['Reply To'] ?? '')) message.replyTo = String(row['Reply To']);
      MailApp.sendEmail(message);
      return { ok: true, attempts };
    } catch (err) {
      rethrowEnding(err);
      const error = errorMessage(err);
      if (isDailyQuotaSpent(err, row, quota)) return { ok: false, attempts, kind: 'quota', error };
      // Error texts follow the account's language: whatever is not known to be permanent is retried (back-off
      // here, then later runs) and becomes permanent after MAX_ATTEMPTS and GIVE_UP_AFTER_MS.
      if (isKnownPermanentError(err)) return { ok: false, attempts, kind: 'permanent', error };
      const wait = 1000 * 2 ** (attempts - 1);
      const refused = RATE_LIMITED.test(error);
      if (attempts >= tries || (atMostOnce && !refused) || host.remainingMs() < wait + MIN_MS_PER_MESSAGE) {
        return { ok: false, attempts, kind: refused ? 'refused' : 'transient', error };
      }
      sleep(wait);
    }
  }
}
