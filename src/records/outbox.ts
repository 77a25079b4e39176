// The registry `Outbox` tab as the flows read it: which message keys exist and in what state, the messages a person must decide about, and what was sent. Enqueuing and delivery are the mailer's (src/workspace/mailer.ts).
import { replyRefOf, replySectionOf } from '../core/replies';
import type { Context } from '../workspace/context';
import { outboxKey, type OutboxTable } from '../workspace/mailer';
import { REGISTRY_TAB } from '../workspace/schema';
import { perExecution, TableStore } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

export { outboxKey };

/** The outbox's message keys as a long-running flow goes: those in the tab, plus those it queued itself. */
export interface OutboxKeys {
  has(key: string): boolean;
  add(key: string): void;
  /** The state of the message with this key, or undefined when there is none. */
  state(key: string): string | undefined;
}

/** A message's texts as the outbox holds them. */
export type MailText = Record<'Subject' | 'Body' | 'Html Body', string>;

/** A member reminder waiting for the member's digest. */
export interface DigestEntry {
  ref: number;
  key: string;
  caseId: string;
  /** The key's discriminator (`reminder:ack`, `reminder:follow-up:<n>`, …): what the case needs. */
  discriminator: string;
  memberId: string;
}

/** An at-most-once message an interrupted run left `held`: a person says whether it went. */
export interface HeldMessage {
  ref: number;
  key: string;
  kind: string;
}

export class OutboxStore extends TableStore<OutboxTable> {
  /**
   * One pass over the `Key` column finds every key and its row (a scan per case would be quadratic; a column
   * copy, a Set and the table's index cost three passes over 100,000s of rows). A message's state is read from
   * its row when asked, so it is current.
   */
  keyIndex(): OutboxKeys {
    const table = this.table();
    const rows = table.firstRowByValue('Key');
    const size = table.size();
    const added = new Set<string>();
    return {
      has: (key) => rows.has(key) || added.has(key),
      add: (key) => {
        if (!rows.has(key)) added.add(key);
      },
      state: (key) => {
        const ref = rows.get(key);
        if (ref !== undefined) return table.text(ref, 'State');
        if (table.size() === size) return undefined;
        // Queued by this execution after the pass (rare: the sweep queues no acknowledgments).
        const [later] = table.refsWhere('Key', key);
        return later === undefined ? undefined : table.text(later, 'State');
      },
    };
  }

  /** Every key in the tab now (a snapshot). */
  keys(): Set<string> {
    return new Set(this.table().column('Key'));
  }

  /** Member reminders not yet gathered into a digest. */
  awaitingDigest(): DigestEntry[] {
    return this.entries('State', 'digest');
  }

  /** The member reminders gathered into the digest `key`. */
  digestedIn(key: string): DigestEntry[] {
    return this.entries('Error', `in ${key}`);
  }

  private entries(column: 'State' | 'Error', value: string): DigestEntry[] {
    const table = this.table();
    const refs = table.refsWhere(column, value);
    table.fill(refs);
    return refs.map((ref) => {
      const key = table.text(ref, 'Key');
      const parts = key.split('|');
      return {
        ref,
        key,
        caseId: table.text(ref, 'Case ID'),
        discriminator: parts.slice(1, -1).join('|'),
        memberId: parts[parts.length - 1] ?? '',
      };
    });
  }

  /** True when a message with this key exists. */
  has(key: string): boolean {
    return this.table().refsWhere('Key', key).length > 0;
  }

  /** When each existing message of these keys was queued (ISO; or last changed: sent), their rows read together. */
  createdAt(keys: readonly string[], column: 'Created At' | 'Updated At' = 'Created At'): Map<string, string> {
    const table = this.table();
    const found = keys.flatMap((key) =>
      table
        .refsWhere('Key', key)
        .slice(0, 1)
        .map((ref) => [key, ref] as const),
    );
    table.fill(found.map(([, ref]) => ref));
    return new Map(found.map(([key, ref]) => [key, table.text(ref, column)]));
  }

  /** The reminders went out inside the digest `digestKey` (or never will: `note` says why). */
  markDigested(entries: readonly DigestEntry[], at: string, note: string): void {
    const table = this.table();
    table.fill(entries.map((e) => e.ref));
    for (const e of entries) table.update(e.ref, { State: 'digested', 'Updated At': at, Error: note });
  }

  /**
   * Pending messages that must not go (any more) on their own: kept, `digested` with the note, `dropped: <why>` (as
   * reminders of a closed case) or `in <key>` (the email that holds them, ADV-459).
   */
  dropPending(keys: readonly string[], at: string, note: string): void {
    const table = this.table();
    const refs = keys.flatMap((key) => table.refsWhere('Key', key));
    table.fill(refs);
    for (const ref of refs)
      if (table.text(ref, 'State') === 'pending')
        table.update(ref, { State: 'digested', 'Updated At': at, Error: note });
  }

  /**
   * Pending messages whose key (and text body) passes `test`, dropped as `dropPending` does; or, when it gives their
   * texts back changed, kept with those (the rest of an alert about several cases, ADV-496).
   */
  dropPendingWhere(
    test: (key: string, body: string, text: (column: keyof MailText) => string) => boolean | MailText,
    at: string,
    note: string,
  ): number {
    const table = this.table();
    const refs = table.refsWhere('State', 'pending');
    table.fill(refs);
    let n = 0;
    for (const ref of refs) {
      const out = test(table.text(ref, 'Key'), table.text(ref, 'Body'), (column) => table.text(ref, column));
      if (!out) continue;
      table.update(ref, out === true ? { State: 'digested', 'Updated At': at, Error: `dropped: ${note}` } : out);
      n++;
    }
    return n;
  }

  /** The case's messages set aside with `note` whose key passes `test`: pending again. */
  revive(caseId: string, note: string, at: string, test: (key: string) => boolean): void {
    const table = this.table();
    const refs = table.refsWhere('Case ID', caseId);
    table.fill(refs);
    for (const ref of refs)
      if (table.text(ref, 'Error') === note && test(table.text(ref, 'Key')))
        table.update(ref, { State: 'pending', 'Updated At': at, Error: '' });
  }

  /** Pending messages to one member (keys ending `|<member id>`), of one case if given (keys `<case id>|…`). */
  dropPendingFor(memberId: string, at: string, note: string, caseId = ''): number {
    return this.dropPendingWhere(
      (key) => key.endsWith(`|${memberId}`) && key.startsWith(caseId && `${caseId}|`),
      at,
      note,
    );
  }

  /** The case's messages waiting for a person's decision. */
  held(caseId: string): HeldMessage[] {
    const table = this.table();
    const held = table.refsWhere('State', 'held');
    table.fill(held);
    return held
      .filter((ref) => table.text(ref, 'Case ID') === caseId)
      .map((ref) => ({ ref, key: table.text(ref, 'Key'), kind: table.text(ref, 'Kind') }));
  }

  /** The held message with this key, if it belongs to the case. */
  heldByKey(caseId: string, key: string): HeldMessage | null {
    const table = this.table();
    const [ref] = table.refsWhere('Key', key);
    if (ref === undefined || table.text(ref, 'Case ID') !== caseId || table.text(ref, 'State') !== 'held') return null;
    return { ref, key: table.text(ref, 'Key'), kind: table.text(ref, 'Kind') };
  }

  /**
   * A person's decision about a held message: send it again, or it arrived (`by` is recorded with it). Sent again, its
   * link's token is replaced by `link`'s, if given: the one it was queued with may have run out since (ADV-511).
   */
  decideHeld(message: HeldMessage, resend: boolean, by: string, at: string, link = ''): void {
    const table = this.table();
    const fresh = (column: 'Body' | 'Html Body') =>
      table.text(message.ref, column).replace(/(?<=[?&;]t=)[\w.-]+/g, link.slice(link.lastIndexOf('t=') + 2));
    table.update(message.ref, {
      State: resend ? 'pending' : 'sent',
      'Updated At': at,
      Error: resend ? '' : `marked as sent by member ${by}`,
      ...(link && { Body: fresh('Body'), 'Html Body': fresh('Html Body') }),
    });
  }

  /**
   * The sent message a reply reference names (core/replies.ts): key, case and recipient address, or null. The
   * references are computed once per execution over the keys that expect replies (one pass, no stored column).
   */
  byReplyRef(ref: string): { key: string; caseId: string; to: string } | null {
    if (!this.refs) {
      this.refs = new Map();
      for (const key of this.table().column('Key')) if (replySectionOf(key)) this.refs.set(replyRefOf(key), key);
    }
    const key = this.refs.get(ref);
    const row = key ? this.table().findBy('Key', key) : undefined;
    return row && key ? { key, caseId: String(row.values['Case ID']), to: String(row.values.To) } : null;
  }

  private refs: Map<string, string> | null = null;

  /** When the message with this key was queued (ISO), or ''. */
  queuedAt(key: string): string {
    return String(this.table().findBy('Key', key)?.values['Created At'] ?? '');
  }

  /** The address the message with this key went to ('' when there is none). */
  sentTo(key: string): string {
    return String(this.table().findBy('Key', key)?.values.To ?? '');
  }

  /** The text body of the first message of `kind` for the case whose recipient is `recipient`, or null. */
  sentBody(caseId: string, kind: string, recipient: string): string | null {
    const suffix = `|${recipient}`;
    const table = this.table();
    const refs = table.refsWhere('Case ID', caseId);
    table.fill(refs);
    const ref = refs.find((r) => table.text(r, 'Kind') === kind && table.text(r, 'Key').endsWith(suffix));
    return ref === undefined ? null : String(table.cell(ref, 'Body'));
  }
}

/** The execution's outbox store (registry `Outbox`, read on first use; loading it applies the mail journal). */
export const outboxOf = perExecution(
  'records.outbox',
  (ctx: Context) => new OutboxStore(() => registryTab(ctx, REGISTRY_TAB.outbox)),
);
