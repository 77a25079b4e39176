// The registry `Members` tab as the roster flow keeps it: each member's opaque id, what the system last knew of them, and the access it gave them. Rows are created by ctx.committee.members() (src/workspace/members.ts).
import type { MemberRole } from '../core/settings';
import { canonicalAddress } from '../core/identity';
import { normalizeEmail } from '../core/text';
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Cell, Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

export type MemberHeader = RegistryHeader<typeof REGISTRY_TAB.members>;

/** `editor` once the roster flow has shared the status spreadsheet with the member. */
/** `failed`: Drive refused the status sheet's silent share once; the next try takes its refusal as one (ADV-278). */
export type SheetAccess = 'editor' | 'none' | 'failed';

/** One registry row, as written (the `Committee` tab is the truth for name, role and active). */
export interface MemberRow {
  ref: number;
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  sheetAccess: string;
}

function isTrue(value: Cell | undefined): boolean {
  return String(value).toUpperCase() === 'TRUE';
}

export class MemberStore extends TableStore<Table<MemberHeader>> {
  at(ref: number): MemberRow {
    const v = this.table().get(ref);
    return {
      ref,
      id: String(v['Member ID'] ?? ''),
      email: normalizeEmail(String(v.Email ?? '')),
      name: String(v.Name ?? ''),
      role: String(v.Role ?? ''),
      active: isTrue(v.Active),
      sheetAccess: String(v['Sheet Access'] ?? ''),
    };
  }

  /** The row of a member id, or undefined (one who left stays in the registry after their Committee row is gone). */
  byId(id: string): MemberRow | undefined {
    const ref = this.table().refsWhere('Member ID', id)[0];
    return ref === undefined ? undefined : this.at(ref);
  }

  /** The rows of this mailbox (`canonicalAddress`): a member who left, their Committee row deleted, is still here. */
  atMailbox(email: string): MemberRow[] {
    const mailbox = canonicalAddress(normalizeEmail(email));
    const table = this.table();
    const out: MemberRow[] = [];
    // The address cell first, the whole row only for a match: the sweep asks this for every moderator of every case.
    for (let ref = 0; ref < table.size(); ref++) {
      if (canonicalAddress(normalizeEmail(String(table.cell(ref, 'Email') ?? ''))) !== mailbox) continue;
      const row = this.at(ref);
      if (row.id) out.push(row);
    }
    return out;
  }

  all(): MemberRow[] {
    const table = this.table();
    const out: MemberRow[] = [];
    for (let ref = 0; ref < table.size(); ref++) out.push(this.at(ref));
    return out;
  }

  /** Brings the row's name and role in line with the Committee tab and marks it active; true when anything changed. */
  refresh(ref: number, member: { name: string; role: MemberRole }, at: string): boolean {
    const row = this.at(ref);
    const patch: Partial<Record<MemberHeader, string>> = {};
    if (row.name !== member.name) patch.Name = member.name;
    if (row.role !== member.role) patch.Role = member.role;
    if (!row.active) patch.Active = 'TRUE';
    if (!Object.keys(patch).length) return false;
    this.table().update(ref, { ...patch, 'Updated At': at });
    return true;
  }

  setSheetAccess(ref: number, access: SheetAccess, at: string): void {
    this.table().update(ref, { 'Sheet Access': access, 'Updated At': at });
  }

  markOnboarded(ref: number, at: string): void {
    this.table().update(ref, { 'Onboarded At': at, 'Updated At': at });
  }

  /** The member left: inactive, with whatever status-sheet access could not be confirmed removed. */
  deactivate(ref: number, sheetAccess: SheetAccess, at: string): void {
    this.table().update(ref, { Active: 'FALSE', 'Sheet Access': sheetAccess, 'Updated At': at });
  }
}

/** The execution's member store (registry `Members`, the same table ctx.committee.members() reads and extends). */
export const membersOf = perExecution(
  'records.members',
  (ctx: Context) => new MemberStore(() => registryTab(ctx, REGISTRY_TAB.members)),
);
