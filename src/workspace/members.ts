// The committee as flows see it: the owner's `Committee` roster joined with the registry's opaque member ids, the parsed `Settings`, and committee alert mail.
import { committeeAlertMessage, type Message } from '../core/messages';
import { findColumns } from '../core/case-model';
import { COMMITTEE_HEADERS, parseCommittee, parseSettings, type MemberRole, type Settings } from '../core/settings';
import { canonicalAddress, foldText } from '../core/identity';
import { normalizeEmail } from '../core/text';
import { outboxKey, type OutgoingMail, AT_LEAST_ONCE } from './mailer';
import { ID_PREFIX, type REGISTRY_TAB, type RegistryHeader } from './schema';
import type { Table } from './table';

/** One roster member, with the registry id links are signed for ('' for an inactive member never registered). */
export interface CommitteeMember {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  active: boolean;
  /** ISO instant the member answered onboarding, '' when not (yet). */
  onboardedAt: string;
  /** `editor` once the roster flow has shared the status spreadsheet, else `none`. */
  sheetAccess: string;
  /** Ref of the member's row in registry `Members` (-1 when none). */
  registryRef: number;
  /** True when this execution created the registry row (a member the roster flow has not seen yet). */
  isNew: boolean;
}

/** Parsed Settings and the problems found in the tab (told to the owner by setup and the sweep). */
export interface SettingsView {
  settings: Settings;
  problems: string[];
  /** The values read from their rows, or kept from an earlier read (Script Property `settingsKept`). */
  kept: Record<string, unknown>;
}

/** What `readCommittee` needs from the clock (kept small so it can be tested with fakes). */
export interface MemberIds {
  newId(prefix: string): string;
  nowIso(): string;
}

export function readSettings(settingsTab: Table, kept?: string): SettingsView {
  return parseSettings(settingsTab.asRows(), kept);
}

/**
 * Joins the Committee tab (source of truth for name, role and active) with registry Members (source of the
 * opaque id). Active members without a Members row get one now (Onboarded At empty, Sheet Access none).
 */
export function readCommittee(
  committeeTab: Table,
  membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>,
  ids: MemberIds,
  committeeAccount = '',
  groups: string[] = [],
): CommitteeMember[] {
  const rows = committeeTab.asRows();
  // A header renamed or deleted, or the tab cleared, by mistake would read as nobody on the committee: every member
  // offboarded, every Doc taken back by the audit, every case "stuck". Until it is back, the committee is the one the
  // registry last knew (the sweep tells the owner what to correct, configuration.ts). So is a tab with no row below
  // its header: the one setup makes for a Committee tab renamed or deleted (members are removed by unticking Active).
  if (listsNoMember(rows) || !findColumns(rows[0] ?? [], [...COMMITTEE_HEADERS]).ok)
    return lastKnownCommittee(membersTab);
  const { members } = parseCommittee(rows, {
    committeeAccount,
    groups,
    lastRole: (email) => lastRoleIn(membersTab, email),
    wasInactive: (email) => wasInactiveIn(membersTab, email),
    lastAddress: (name) => lastAddressIn(membersTab, name),
  });
  const out: CommitteeMember[] = [];
  for (const member of members) {
    let email = normalizeEmail(member.email);
    let row = membersTab.findBy('Email', email, true) ?? sameMailbox(membersTab, email);
    // The owner re-spelled the address in place (dots, +tag, googlemail.com): the same mailbox is the same member, with
    // the id their conflicts are recorded under, and Drive knows them by the address they were shared with.
    if (row) email = normalizeEmail(String(row.values.Email ?? '')) || email;
    let isNew = false;
    if (!row && member.active) {
      const now = ids.nowIso();
      const ref = membersTab.append({
        'Member ID': ids.newId(ID_PREFIX.member),
        Email: email,
        Name: member.name,
        Role: member.role,
        Active: 'TRUE',
        'Onboarded At': '',
        'Sheet Access': 'none',
        'Updated At': now,
      });
      row = { ref, values: membersTab.get(ref) };
      isNew = true;
    }
    out.push({
      id: row ? String(row.values['Member ID']) : '',
      name: member.name,
      email,
      role: member.role,
      active: member.active,
      onboardedAt: row ? String(row.values['Onboarded At'] ?? '') : '',
      sheetAccess: row ? String(row.values['Sheet Access'] ?? 'none') || 'none' : 'none',
      registryRef: row ? row.ref : -1,
      isNew,
    });
  }
  return out;
}

/** The role registry `Members` last recorded for an active member at this mailbox, if any. */
export function lastRoleIn(
  membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>,
  email: string,
): MemberRole | undefined {
  const row = rowOf(membersTab, email);
  if (!row || String(row.values.Active).toUpperCase() !== 'TRUE') return undefined;
  return row.values.Role === 'adviser' ? 'adviser' : 'voting';
}

/** Whether registry `Members` last recorded a member at this mailbox as inactive (one who left, or was removed). */
export function wasInactiveIn(membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>, email: string): boolean {
  const row = rowOf(membersTab, email);
  return !!row && String(row.values.Active).toUpperCase() !== 'TRUE';
}

function rowOf(membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>, email: string) {
  return membersTab.findBy('Email', normalizeEmail(email), true) ?? sameMailbox(membersTab, normalizeEmail(email));
}

/** A person's name as the roster compares names: folded, spaces collapsed ("ANA  Líma" is "ana lima"). */
export function foldedName(name: string): string {
  return foldText(name).replace(/\s+/g, ' ').trim();
}

/** The address registry `Members` last recorded for an active member of this name (folded), if any. */
export function lastAddressIn(
  membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>,
  name: string,
): string | undefined {
  const wanted = foldedName(name);
  const row = membersTab.find(
    (v) => String(v.Active).toUpperCase() === 'TRUE' && foldedName(String(v.Name ?? '')) === wanted,
  );
  return row ? normalizeEmail(String(row.values.Email ?? '')) || undefined : undefined;
}

/** True when the Committee tab (as `asRows` reads it) has no row below its header. */
export function listsNoMember(rows: unknown[][]): boolean {
  return !rows.slice(1).some((r) => r.join('').trim());
}

/** The committee as registry `Members` last recorded it (what the roster sync made of the tab). */
function lastKnownCommittee(membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>): CommitteeMember[] {
  return membersTab
    .rows()
    .filter(({ values }) => values['Member ID'] && values.Email)
    .map(({ ref, values }) => ({
      id: String(values['Member ID']),
      name: String(values.Name ?? ''),
      email: normalizeEmail(String(values.Email)),
      role: values.Role === 'adviser' ? 'adviser' : 'voting',
      active: String(values.Active).toUpperCase() === 'TRUE',
      onboardedAt: String(values['Onboarded At'] ?? ''),
      sheetAccess: String(values['Sheet Access'] ?? 'none') || 'none',
      registryRef: ref,
      isNew: false,
    }));
}

/** The registry row of another spelling of this mailbox (the Committee tab lists each mailbox once), if any. */
function sameMailbox(membersTab: Table<RegistryHeader<typeof REGISTRY_TAB.members>>, email: string) {
  const mailbox = canonicalAddress(email);
  return membersTab.find((values) => canonicalAddress(normalizeEmail(String(values.Email ?? ''))) === mailbox);
}

/** An alert to one member as an outbox message (at-least-once; key `caseId|<discriminator>|memberId`). */
export function buildAlertMail(p: {
  title: string;
  lines: readonly string[];
  codeName?: string;
  caseId: string;
  member: Pick<CommitteeMember, 'id' | 'email'>;
  discriminator: string;
  tail?: readonly string[];
}): OutgoingMail {
  const message = committeeAlertMessage({ title: p.title, lines: [...p.lines], codeName: p.codeName, tail: p.tail });
  return {
    key: outboxKey(p.caseId, p.discriminator, p.member.id),
    caseId: p.caseId,
    kind: 'alert',
    to: p.member.email,
    ...message,
    delivery: AT_LEAST_ONCE,
  };
}

/** A message to the committee account alone (`-|<discriminator>|owner`: once per discriminator), at least once. */
export function buildOwnerMail(p: {
  owner: string;
  discriminator: string;
  message: Message;
  kind?: string;
}): OutgoingMail {
  return {
    key: outboxKey('-', p.discriminator, 'owner'),
    caseId: '-',
    kind: p.kind ?? 'alert',
    to: p.owner,
    subject: p.message.subject,
    body: p.message.body,
    htmlBody: p.message.htmlBody,
    delivery: AT_LEAST_ONCE,
  };
}
