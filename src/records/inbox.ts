// The registry `Inbox` tab: each message of the committee account's inbox the sweep has read, and what became of it (filed under a case, waiting for the owner, made a case).
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Table } from '../workspace/table';
import { perExecution } from './per-execution';

/** `own`: mail the committee account sent itself (its alerts), left in its inbox and not read again. */
export type InboxState = 'filed' | 'waiting' | 'case' | 'own';

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

export class InboxStore {
  constructor(private readonly table: () => Table<RegistryHeader<typeof REGISTRY_TAB.inbox>>) {}

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
    this.table().append({
      'Message ID': r.messageId,
      'Thread ID': r.threadId,
      'History ID': r.historyId,
      'Case ID': r.caseId,
      From: r.from,
      'Received At': r.receivedAt,
      State: r.state,
      Section: r.section,
      'Updated At': at,
    });
  }

  update(r: InboxRecord, patch: { state?: InboxState; caseId?: string; historyId?: string }, at: string): void {
    this.table().update(r.ref, {
      ...(patch.state ? { State: patch.state } : {}),
      ...(patch.caseId ? { 'Case ID': patch.caseId } : {}),
      ...(patch.historyId ? { 'History ID': patch.historyId } : {}),
      'Updated At': at,
    });
    Object.assign(r, patch);
  }

  private at(ref: number): InboxRecord {
    const v = this.table().get(ref);
    const text = (h: RegistryHeader<typeof REGISTRY_TAB.inbox>) => String(v[h] ?? '').trim();
    return {
      ref,
      messageId: text('Message ID'),
      threadId: text('Thread ID'),
      historyId: text('History ID'),
      caseId: text('Case ID'),
      from: text('From'),
      receivedAt: text('Received At'),
      state: text('State') as InboxState,
      section: text('Section'),
    };
  }
}

/** The execution's inbox store (registry `Inbox`, read on first use). */
export const inboxOf = perExecution(
  'records.inbox',
  (ctx: Context) => new InboxStore(() => ctx.work.registry(REGISTRY_TAB.inbox)),
);
