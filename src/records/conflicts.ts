// The status spreadsheet's `Conflicts` tab: one row per declared conflict (code name, member, date), never a reason; every member can read it.
import type { Context } from '../workspace/context';
import { STATUS_TAB, type StatusTabHeader } from '../workspace/schema';
import type { Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { statusTab } from '../workspace/unit-of-work';

export type ConflictHeader = StatusTabHeader<typeof STATUS_TAB.conflicts>;

export class ConflictsTab extends TableStore<Table<ConflictHeader>> {
  /** `member` is how the sheet may show them (see memberLabelForSheet); `date` as the sheet shows times. */
  append(entry: { codeName: string; member: string; date: string }): void {
    this.table().append({ 'Code Name': entry.codeName, Member: entry.member, Date: entry.date });
  }
}

/** The execution's `Conflicts` tab (read on first use). */
export const conflictsOf = perExecution(
  'records.conflicts',
  (ctx: Context) => new ConflictsTab(() => statusTab(ctx, STATUS_TAB.conflicts)),
);
