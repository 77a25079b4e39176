// The registry `Inbox` tab: each message of the committee account's inbox the sweep has read, and what became of it (filed under a case, waiting for the owner, made a case).
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

/**
 * `own`: mail the committee account sent itself (its alerts), left in its inbox and not read again. `kept`: a reply
 * filed from where a person put it out of the inbox (archived, snoozed: ADV-653), never archived by the desk, so a snooze
 * that ends brings it back to the inbox to stay (ADV-663); `filed` ones the desk archives, after a crash too.
 */
export type InboxState = 'filed' | 'kept' | 'waiting' | 'case' | 'own';

export interface InboxRecord {
  ref: number;
  messageId: string;
  threadId: string;
  historyId: string;
  caseId: string;
  from: string;
  receivedAt: string;
  state: InboxState;
  section: string;
}

type InboxHeader = RegistryHeader<typeof REGISTRY_TAB.inbox>;

/** Each record field's column: one table serves reading and writing. */
const COLUMNS = {
  messageId: 'Message ID',
  threadId: 'Thread ID',
  historyId: 'History ID',
  caseId: 'Case ID',
  from: 'From',
  receivedAt: 'Received At',
  state: 'State',
  section: 'Section',
} as const satisfies Record<Exclude<keyof InboxRecord, 'ref'>, InboxHeader>;

/** The columns of the fields given (an update names only what it changes). */
function columnsOf(fields: Partial<Omit<InboxRecord, 'ref'>>): Partial<Record<InboxHeader, string>> {
  const out: Partial<Record<InboxHeader, string>> = {};
  for (const [field, header] of Object.entries(COLUMNS)) {
    const value = fields[field as keyof typeof COLUMNS];
    if (value !== undefined) out[header] = value;
  }
  return out;
}

export class InboxStore extends TableStore<Table<InboxHeader>> {
  byMessage(messageId: string): InboxRecord | null {
    const found = this.table().findBy('Message ID', messageId);
    return found ? this.at(found.ref) : null;
  }

  forThread(threadId: string): InboxRecord[] {
    return this.table()
      .refsWhere('Thread ID', threadId)
      .map((ref) => this.at(ref));
  }

  add(r: Omit<InboxRecord, 'ref'>, at: string): void {
    this.table().append({ ...columnsOf(r), 'Updated At': at });
  }

  update(
    r: InboxRecord,
    patch: Partial<Pick<InboxRecord, 'state' | 'caseId' | 'historyId' | 'section'>>,
    at: string,
  ): void {
    this.table().update(r.ref, { ...columnsOf(patch), 'Updated At': at });
    Object.assign(r, patch);
  }

  /** Waiting emails the owner is still to hear of (their row keeps the reason in `Section` until then), oldest first. */
  owedNotices(): InboxRecord[] {
    return this.forState('waiting').filter((r) => r.section);
  }

  private forState(state: InboxState): InboxRecord[] {
    return this.table()
      .refsWhere('State', state)
      .map((ref) => this.at(ref));
  }

  /** Empties the sender of every message filed under (or made) the case: a retention purge (the reporter's address). */
  forgetSenders(caseId: string, at: string): number {
    const refs = this.table().refsWhere('Case ID', caseId);
    for (const ref of refs) this.table().update(ref, { From: '', 'Updated At': at });
    return refs.length;
  }

  /**
   * Empties the sender of every email still waiting for the owner whose time (`Received At`) is due: an email never
   * made a case keeps its sender no longer than a closed case keeps its reporter's address. It stays in Gmail.
   */
  forgetWaitingSenders(isDue: (receivedAt: string) => boolean, at: string): number {
    const t = this.table();
    const refs = t
      .refsWhere('State', 'waiting')
      .filter((ref) => t.text(ref, 'From') && isDue(t.text(ref, 'Received At')));
    for (const ref of refs) t.update(ref, { From: '', 'Updated At': at });
    return refs.length;
  }

  private at(ref: number): InboxRecord {
    const v = this.table().get(ref);
    const record = { ref } as InboxRecord & Record<string, unknown>;
    for (const [field, header] of Object.entries(COLUMNS)) record[field] = String(v[header] ?? '').trim();
    return record;
  }
}

/** The execution's inbox store (registry `Inbox`, read on first use). */
export const inboxOf = perExecution(
  'records.inbox',
  (ctx: Context) => new InboxStore(() => registryTab(ctx, REGISTRY_TAB.inbox)),
);
