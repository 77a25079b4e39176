// The outbox of one execution: queuing mail in registry `Outbox`, alerting the committee, delivering what is pending after the commit, and the mail journal that records sends a dying run could not (mailer.ts has the protocol).
import { DAY_MS, dayAfter, dayIn, formatForSheet, isoOf } from '../core/deadlines';
import { hashText } from '../core/hash';
import { MAIL_CLASS_LABELS, mailWaitingMessage, type Message } from '../core/messages';
import type { AuditTrail } from './audit-trail';
import type { Clock, TimeBudget } from './clock';
import type { Committee } from './committee';
import {
  applyJournal,
  caseIdOfKey,
  deliverOutbox,
  enqueueMail,
  MAIL_CLASSES,
  outboxKey,
  type DeliveryReport,
  type DeliveryScope,
  type QuotaDay,
  type WaitingByClass,
  type OutboxHost,
  type OutgoingMail,
  AT_LEAST_ONCE,
} from './mailer';
import { buildAlertMail, type CommitteeMember } from './members';
import { PROP, REGISTRY_TAB } from './schema';
import type { ScriptProperties } from './script-properties';
import type { UnitOfWork } from './unit-of-work';

/** What the outbox needs from the other parts. */
export interface OutboxParts {
  work: UnitOfWork;
  properties: ScriptProperties;
  clock: Clock;
  audit: AuditTrail;
  committee: Committee;
  budget: TimeBudget;
}

export class Outbox {
  private readonly work: UnitOfWork;
  private readonly properties: ScriptProperties;
  private readonly clock: Clock;
  private readonly audit: AuditTrail;
  private readonly committee: Committee;
  private readonly budget: TimeBudget;
  /** The journal was applied to the Outbox tab read by this execution: delete it once a commit has written those rows. */
  private journalToClear = false;
  /**
   * The registry was found gone back in time (rolledBack), by this execution or by the last that looked (ADV-586): a
   * member's page says so (ADV-547) and records nothing, which the version from just before would drop.
   */
  rolled: boolean;
  /** This execution found it (rolledBack). */
  private found = false;
  /** What this execution's delivery sends (deliverOwnOnly). */
  private scope: DeliveryScope = 'all';
  /** Checks a digest (or a conflict check past its links, ADV-516) again before it goes (set by the runner). */
  recheck?: (key: string) => Message | null | undefined;
  /** When each case's receipt is due (ms), read from its registry row: set by the runner, as `recheck` is. */
  acksDue?: (caseIds: readonly string[]) => Map<string, number>;
  /** The members cleared for a case (setCaseAudience); null: none known, the committee account alone is told. */
  private caseAudience: ((caseId: string) => ReadonlyArray<Pick<CommitteeMember, 'id' | 'email'>>) | null = null;

  constructor(parts: OutboxParts) {
    this.work = parts.work;
    this.properties = parts.properties;
    this.clock = parts.clock;
    this.audit = parts.audit;
    this.committee = parts.committee;
    this.budget = parts.budget;
    this.rolled = !!this.properties.get(PROP.rolled);
    // Whoever reads the Outbox tab first (a flow, a record store, delivery), it must see the sends the journal
    // recorded, or a retry would send them again.
    this.work.onRegistryLoad(REGISTRY_TAB.outbox, (table) => {
      const journal = this.readJournal();
      if (!journal.length) return;
      applyJournal(table, journal, this.clock.nowIso());
      this.journalToClear = true;
    });
    this.work.afterCommit(() => {
      if (!this.journalToClear) return;
      // The rows the journal vouched for are now marked sent in the sheet.
      this.writeJournal([]);
      this.journalToClear = false;
    });
  }

  /**
   * Queues a message in the outbox (deduped by key). Returns true when it was new. `fresh`: no message of this case
   * can exist yet (see enqueueMail), so the tab's earlier rows are not read.
   */
  enqueue(mail: OutgoingMail, options: { fresh?: boolean } = {}): boolean {
    return enqueueMail(this.work.registry(REGISTRY_TAB.outbox), mail, this.clock.nowIso(), options.fresh);
  }

  /**
   * Tells every active member about something that needs a person: `title` and `lines` must be name-free;
   * `codeName` adds the case's code name. The same alert goes at most once a day per member: the committee's day
   * (Settings `Time zone`, as the digests count theirs), since a UTC date turns at 09:00 in Tokyo and 16:00 in
   * California, and a condition the hourly sweep keeps finding was told twice in the members' morning or afternoon.
   * Nor again while yesterday's is still waiting for the mail quota: both would arrive together.
   */
  alertCommittee(title: string, lines: readonly string[], codeName?: string, caseId?: string): number {
    const people = this.committee.active();
    const queued = this.alertPeople(people, title, lines, codeName, caseId || '-');
    this.audit.record('committee.alerted', caseId || '-', describeAlert(title, queued, people.length));
    return queued;
  }

  /**
   * Who may hear of one case's mail problems: the flows know who is cleared (the runner sets it). Unset, only the
   * committee account hears (default deny).
   */
  setCaseAudience(audience: (caseId: string) => ReadonlyArray<Pick<CommitteeMember, 'id' | 'email'>>): void {
    this.caseAudience = audience;
  }

  /**
   * Tells the members cleared for the case and the committee account, never a member with a conflict or one still
   * to answer the check: "an acknowledgment could not be delivered" tells whoever reads it that the reporter gave
   * an address, and only a cleared member can act on it from the case page. Once a day, as alertCommittee.
   */
  alertCase(caseId: string, title: string, lines: readonly string[]): number {
    const people = [...(this.caseAudience?.(caseId) ?? [])];
    const owner = this.properties.get(PROP.owner) ?? '';
    if (owner && !people.some((p) => p.email.toLowerCase() === owner.toLowerCase()))
      people.push({ id: 'owner', email: owner });
    const queued = this.alertPeople(people, title, lines, this.codeNameOf(caseId), caseId);
    this.audit.record('case.alerted', caseId, describeAlert(title, queued, people.length));
    return queued;
  }

  /**
   * One alert per person about several cases: each `[caseId, line]` goes to alertCase's audience (the members cleared
   * for it and the committee account), a line of no case (`''`) to every active member and the account; `alert` of
   * their own lines gives the title heading each and the advice (`tail`) ending it. A member with a conflict never reads of the case (ADV-203).
   */
  alertCases(
    alert: (own: readonly string[]) => { title: string; tail: readonly string[] },
    lines: ReadonlyArray<readonly [string, string]>,
  ): void {
    const owner = { id: 'owner', email: this.properties.get(PROP.owner) ?? '' };
    const people = new Map<string, [Pick<CommitteeMember, 'id' | 'email'>, string[]]>();
    for (const [caseId, line] of lines)
      for (const p of [...(caseId ? (this.caseAudience?.(caseId) ?? []) : this.committee.active()), owner]) {
        const key = p.email.toLowerCase();
        if (key && !people.has(key)) people.set(key, [p, []]);
        people.get(key)?.[1].push(line);
      }
    let queued = 0;
    for (const [p, own] of people.values()) {
      const { title, tail } = alert(own);
      queued += this.alertPeople([p], title, own, undefined, '-', tail);
    }
    this.audit.record(
      'committee.alerted',
      '-',
      describeAlert(alert(lines.map((l) => l[1])).title, queued, people.size),
    );
  }

  private alertPeople(
    people: ReadonlyArray<Pick<CommitteeMember, 'id' | 'email'>>,
    title: string,
    lines: readonly string[],
    codeName: string | undefined,
    caseId: string,
    tail: readonly string[] = [],
  ): number {
    let queued = 0;
    const zone = this.committee.settings().settings.timeZone;
    const dayOf = (ms: number) => dayIn(isoOf(ms), zone);
    const hash = hashText([title, ...lines, ...tail, codeName ?? ''].join('\n'));
    const today = dayOf(this.clock.now());
    const discriminator = `alert:${today}:${hash}`;
    // The calendar day before, not the date 24 hours ago: across a daylight-saving night that was two days back (the
    // clocks went forward) or today (they went back), and the previous day's alert still waiting went unseen.
    const yesterday = `alert:${dayAfter(today, -1)}:${hash}`;
    const tomorrow = `alert:${dayAfter(today, 1)}:${hash}`;
    const outbox = this.work.registry(REGISTRY_TAB.outbox);
    for (const member of people) {
      const mail = buildAlertMail({ title, lines, codeName, caseId, member, discriminator, tail });
      const before = outbox.refsWhere('Key', outboxKey(mail.caseId, yesterday, member.id));
      if (before.some((ref) => outbox.text(ref, 'State') === 'pending')) continue;
      // Settings' `Time zone` moved since: the alert queued under the old zone's date may be today's in the new one.
      const near = [yesterday, tomorrow].flatMap((d) => outbox.refsWhere('Key', outboxKey(mail.caseId, d, member.id)));
      if (near.some((ref) => dayOf(Date.parse(outbox.text(ref, 'Created At'))) === today)) continue;
      if (this.enqueue(mail)) queued++;
    }
    return queued;
  }

  /** True when this execution read the outbox (it queued or looked at mail); pages that did not can skip delivery. */
  touched(): boolean {
    return this.work.hasRead(REGISTRY_TAB.outbox);
  }

  /**
   * This execution's delivery sends only the mail it queued (`DeliveryScope` `own`): a new case's intake, so it reads
   * none of the outbox's other rows; other cases' waiting mail is the sweep's.
   */
  deliverOwnOnly(): void {
    this.scope = 'own';
  }

  /**
   * Whether the registry went back in time (ADV-541): the message last marked sent is not `sent` in it (Version
   * history, Undo, an older copy), or the caller found the last declared conflict lost (`lost`, ADV-542). Its rows
   * would send again what went and give a case Doc back to a member who declared a conflict: nothing is sent and no
   * access given until the committee account puts the registry back.
   */
  rolledBack(lost = false): boolean {
    if ((this.found ||= lost || !this.sentHeld())) if (!this.rolled) this.properties.set(PROP.rolled, '1');
    this.rolled ||= this.found;
    return this.found;
  }

  /** The message last marked sent (Script Property `sentMark`) is `sent` in the registry, or there is none. */
  sentHeld(): boolean {
    const mark = this.properties.get(PROP.sentMark);
    const outbox = this.work.registry(REGISTRY_TAB.outbox);
    const [ref] = mark ? outbox.refsWhere('Key', mark) : [];
    return !mark || (ref !== undefined && outbox.text(ref, 'State') === 'sent');
  }

  /** Sends pending outbox mail within the time budget (mailer.ts has the protocol), then records failures. */
  deliver(budgetMs?: number): DeliveryReport {
    // The run fails with what to do: Google mails the committee account each failed run's error (a mail of ours would
    // go with the rest). A new case's intake sends only its own new mail: it neither reads the other rows (no check)
    // nor moves the mark, unless mail waits for the quota (then it sends everything pending, as the sweep does).
    const own = this.scope === 'own' && !this.waitsForQuota();
    // The registry repaired: pages act again. Only the sweep decides it, having read the other marks on its way (the
    // filed report's, the open votes' ballots): any other run checks the sent-mail mark alone, and a roster edit took a
    // restore only a ballot or filed-report mark told for repaired.
    if (!own && this.audit.actor === 'sweep' && !this.rolledBack() && this.rolled) {
      this.properties.delete(PROP.rolled);
      this.rolled = false;
    }
    // Nor while a run last found it so (`rolled`, the sweep has cleared it above once repaired): a roster edit's delivery,
    // checking the sent-mail mark alone, sent and moved it to a row the version from just before lacks (ADV-605).
    if (!own && this.rolled)
      throw new Error(
        'The private registry went back to an older version, losing mail sent, conflicts declared and reports taken in since: nothing is sent and no case document shared. Restore its version from just before (File > Version history; or put back its id, if Script Properties name an old copy), then redo your change by hand.',
      );
    const deadline = budgetMs === undefined ? null : this.clock.now() + budgetMs;
    const host: OutboxHost = {
      outbox: () => this.work.registry(REGISTRY_TAB.outbox),
      now: () => this.clock.now(),
      remainingMs: () => Math.min(this.budget.remaining(), deadline === null ? Infinity : deadline - this.clock.now()),
      readJournal: () => this.readJournal(),
      writeJournal: (keys) => this.writeJournal(keys),
      persistOutbox: () => {
        const outbox = this.work.registry(REGISTRY_TAB.outbox);
        if (outbox.isDirty()) outbox.write();
        SpreadsheetApp.flush();
      },
      // A case's mail problem goes to who may know of the case; one about no case (an alert itself never) to all.
      alert: (title, lines, caseId) => {
        if (caseId && caseId !== '-') this.alertCase(caseId, title, lines);
        else this.alertCommittee(title, lines);
      },
      reservePercent: () => this.committee.settings().settings.mailReservePercent,
      readQuotaDay: () => this.readQuotaDay(),
      writeQuotaDay: (day) => this.properties.set(PROP.mailQuota, JSON.stringify(day)),
      noticeOwner: (waiting, goesBy, windowId) => this.noticeOwner(waiting, goesBy, windowId),
      recheck: (key) => this.recheck?.(key),
      acksDue: (ids) => this.acksDue?.(ids) ?? new Map<string, number>(),
    };
    const report = deliverOutbox(host, (ms) => Utilities.sleep(ms), this.scope);
    const last = report.sent[report.sent.length - 1];
    if (last && !own) this.properties.set(PROP.sentMark, last);
    for (const failure of report.failed)
      this.audit.record('mail.failed', caseIdOfKey(failure.key), failure.error.slice(0, 200));
    for (const key of report.held)
      this.audit.record('mail.held', caseIdOfKey(key), 'at-most-once message found half-sent');
    return report;
  }

  /** The last delivery of everything pending left mail waiting for the day's quota (the owner is told when it goes). */
  waitsForQuota(): boolean {
    return !!this.readQuotaDay()?.waiting;
  }

  /** When the day's quota comes back (24 h after the day's first send); null when no send of this day is known. */
  quotaBackAt(): number | null {
    const day = this.readQuotaDay();
    return day?.startedAt ? day.startedAt + DAY_MS : null;
  }

  private readQuotaDay(): QuotaDay | null {
    const raw = this.properties.get(PROP.mailQuota);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<QuotaDay>;
      const limit = Number(parsed.limit);
      const startedAt = Number(parsed.startedAt);
      return Number.isFinite(limit) && Number.isFinite(startedAt)
        ? { limit, startedAt, waiting: !!parsed.waiting }
        : null;
    } catch {
      return null;
    }
  }

  /** The one message of the quota day telling the committee account what waits and when it goes. */
  private noticeOwner(waiting: WaitingByClass, goesBy: number, windowId: string): boolean {
    const owner = this.properties.get(PROP.owner);
    if (!owner) return false;
    const zone = this.committee.settings().settings.timeZone;
    const message = mailWaitingMessage({
      waiting: MAIL_CLASSES.map((c) => ({ label: MAIL_CLASS_LABELS[c], messages: waiting[c] ?? 0 })),
      goesBy: `${formatForSheet(isoOf(goesBy), zone)} (${zone})`,
      reservePercent: this.committee.settings().settings.mailReservePercent,
    });
    const queued = this.enqueue({
      key: outboxKey('-', `mail-waiting:${windowId}`, 'owner'),
      caseId: '-',
      kind: 'mail-waiting',
      to: owner,
      ...message,
      delivery: AT_LEAST_ONCE,
    });
    if (queued) {
      const total = Object.values(waiting).reduce((n, v) => n + (v ?? 0), 0);
      this.audit.record('mail.waiting', '-', `${total} message(s) wait for the quota; the committee account was told`);
    }
    return queued;
  }

  private readJournal(): string[] {
    const raw = this.properties.get(PROP.outboxJournal);
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  }

  private writeJournal(keys: readonly string[]): void {
    if (keys.length) this.properties.set(PROP.outboxJournal, JSON.stringify(keys));
    else this.properties.delete(PROP.outboxJournal);
  }

  private codeNameOf(caseId: string): string | undefined {
    if (!caseId || caseId === '-') return undefined;
    const row = this.work.registry(REGISTRY_TAB.cases).findBy('Case ID', caseId);
    return row ? String(row.values['Code Name']) : undefined;
  }
}

/**
 * The Audit line of an alert (ADV-469): who it was queued for now, and who already had it (queued earlier today, or
 * yesterday's still waiting for the mail quota), not "(0 people)", which read as if nobody had been told.
 */
function describeAlert(title: string, queued: number, all: number): string {
  return `${title} (${queued} alerted${all > queued ? `, ${all - queued} already alerted` : ''})`;
}

/** Queues mail in the execution `ctx`'s outbox (`Outbox.enqueue`): one short call for the many places that send. */
export function queueMail(ctx: { outbox: Outbox }, mail: OutgoingMail, options?: { fresh?: boolean }): boolean {
  return ctx.outbox.enqueue(mail, options);
}
