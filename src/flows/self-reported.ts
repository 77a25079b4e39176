// A committee member who is themselves in a report (the reported person, the reporter or a witness), recognised by the identity model: conflicted automatically, so they get no screening email naming them, no urgent alert, and no route to the case.
import { isSamePerson, matchAddresses, matchNames, nameWords } from '../core/identity';
import { extractPeople } from '../core/redaction';
import type { People, Report } from '../core/report';
import type { Context } from '../workspace/context';
import { buildAlertMail, type CommitteeMember } from '../workspace/members';
import type { Case } from '../records/cases';
import { AUTOMATIC_NOTE, clearancesOf, type Clearances } from '../records/clearances';
import { membersOf } from '../records/members';
import { syncMeetingGuests } from './meetings';
import { dropCaseMailFor } from './onboarding';
import { revokeDocAccess } from './screening';
import { ownerAddressOf } from '../workspace/context';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';

/** What a member is in a report. */
export type ReportRole = 'reported person' | 'reporter' | 'witness';

/** True when the member is one of `people`: by address (any variant of their mailbox) or by name (never a first name alone). */
function isAmong(member: CommitteeMember, people: People): boolean {
  if (member.email && people.emails.some((e) => isSamePerson(matchAddresses(member.email, e)))) return true;
  if (!member.name) return false;
  // A handle is a name written as one word ("@analima", "ana_lima"): the identity model compares it glued.
  // "Doe, Sam" was split at its comma, as a list is, into "Doe" and "Sam": two one-word names side by side are tried
  // as one name too (a likely match keeps a member out; a first name alone still never does).
  const one = (n: string | undefined) => n !== undefined && nameWords(n).length === 1;
  const names = [
    ...people.names,
    ...people.names.flatMap((n, i) => (one(n) && one(people.names[i - 1]) ? [`${people.names[i - 1]} ${n}`] : [])),
    ...people.handles.map((h) => h.replace(/^@+/, '')),
  ];
  return names.some((n) => isSamePerson(matchNames(member.name, n)));
}

/**
 * The members a report involves, with their role: named as a reported person, the reporter (by the name or address
 * they gave) or a witness. Compared with the identity model: another order of the words, a middle name left out,
 * styled or look-alike letters and the address variants of one mailbox are the same person.
 */
export function membersInvolvedInReport(
  members: readonly CommitteeMember[],
  report: Pick<Report, 'reported' | 'reporterName' | 'reporterEmail' | 'reporterEmailAnswer' | 'witnessPeople'>,
): Array<{ member: CommitteeMember; role: ReportRole }> {
  const reporter: People = {
    names: report.reporterName ? [report.reporterName] : [],
    // An address not mailed (several, or one also given for a person involved) still names whoever holds it.
    emails: report.reporterEmail ? [report.reporterEmail] : extractPeople(report.reporterEmailAnswer ?? '').emails,
    handles: [],
  };
  const out: Array<{ member: CommitteeMember; role: ReportRole }> = [];
  for (const member of members) {
    const role: ReportRole | null = isAmong(member, report.reported)
      ? 'reported person'
      : isAmong(member, reporter)
        ? 'reporter'
        : isAmong(member, report.witnessPeople)
          ? 'witness'
          : null;
    if (role) out.push({ member, role });
  }
  return out;
}

/** The automatic conflict of a member the report involves, in the Clearances tab and the Audit log. */
function recordInvolvement(
  ctx: Context,
  clearances: Clearances,
  caseId: string,
  member: CommitteeMember,
  role: string,
  via: 'screening' | 'roster',
): void {
  clearances.append({
    caseId,
    memberId: member.id,
    decision: 'conflict',
    at: readNowIso(ctx),
    via,
    share: 'none',
    note: `${AUTOMATIC_NOTE}: the member is the ${role} in this report`,
  });
  recordAudit(ctx, 'clearance.conflict-automatic', caseId, `member ${member.id} is in the report`);
}

/**
 * Records an automatic conflict for each member the report names (registry only: no email to them, nothing in
 * the shared Conflicts tab that would tell them a report about them exists). Returns their member ids.
 * Default deny already keeps them out; the record makes the exclusion explicit for every later route
 * (onboarding, the case page, votes) and for the committee's own records.
 */
export function recordSelfReportedConflicts(
  ctx: Context,
  caseId: string,
  members: readonly CommitteeMember[],
  report: Pick<Report, 'reported' | 'reporterName' | 'reporterEmail' | 'reporterEmailAnswer' | 'witnessPeople'>,
  codeName = '',
): Set<string> {
  const named = membersInvolvedInReport(members, report);
  // Most reports name no member: do not read the Clearances tab for nothing (one read per intake).
  if (!named.length) return new Set();
  const clearances = clearancesOf(ctx);
  for (const { member, role } of named) {
    if (clearances.latest(caseId, member.id)?.decision === 'conflict') continue;
    recordInvolvement(ctx, clearances, caseId, member, role, 'screening');
    tellOwnerOfInvolvement(ctx, member, [codeName || caseId], `involved:${member.id}:${caseId}`);
  }
  return new Set(named.map(({ member }) => member.id));
}

/** A case's people in the shape the report had (the registry keeps them). */
type ReportPeople = Pick<Report, 'reported' | 'reporterName' | 'reporterEmail' | 'witnessPeople'>;

/**
 * Whether the report names the person at `address` (by address; by name too when they are or were a member). Such a person,
 * an escalation contact or a moderator, is sent nothing about the case: they could read it as the report about them.
 */
export function namesAddress(ctx: Context, address: string, report: ReportPeople): boolean {
  // Not a member: the mailbox's own name stands for theirs, as the guard reads it (ADV-163): a report naming `@samdoe`
  // names the moderator at samdoe@… (ADV-364).
  const name =
    ctx.committee.byEmail(address)?.name ?? membersOf(ctx).atMailbox(address)[0]?.name ?? address.split('@')[0];
  return membersInvolvedInReport([{ id: '', email: address, name } as CommitteeMember], report).length > 0;
}

/**
 * Whether the person at `email` is kept out of the case's mail: the report names them, or they are a member with a
 * conflict on it. A moderator or escalation contact who is also in the report would read the plan about themselves,
 * and their answer would decide it.
 */
export function keptOut(ctx: Context, kase: Case, clearances: Clearances, email: string): boolean {
  // Through the registry's rows of the mailbox: one who left, their Committee row deleted, keeps the conflict (ADV-28).
  if (
    membersOf(ctx)
      .atMailbox(email)
      .some((row) => clearances.latest(kase.id, row.id)?.decision === 'conflict')
  )
    return true;
  return namesAddress(ctx, email, peopleOfCase(kase));
}

export function peopleOfCase(kase: Case): ReportPeople {
  return {
    reported: kase.reported,
    reporterName: kase.reporterName,
    reporterEmail: kase.reporterEmail || null,
    witnessPeople: kase.witnesses,
  };
}

/** The cases of `cases` that involve this member (as the reported person, the reporter or a witness), with the role. */
export function casesInvolvingMember(
  member: CommitteeMember,
  cases: readonly Case[],
): Array<{ kase: Case; role: ReportRole }> {
  const out: Array<{ kase: Case; role: ReportRole }> = [];
  for (const kase of cases) {
    const [found] = membersInvolvedInReport([member], peopleOfCase(kase));
    if (found) out.push({ kase, role: found.role });
  }
  return out;
}

/**
 * Who a member is, checked whenever it can change (added, made active again, name or address edited): every case
 * that involves them becomes an automatic conflict — access withdrawn if they held it, nothing in the shared
 * Conflicts tab, nothing sent to them — and the committee account alone is told, without saying how they are
 * involved. Returns the ids of the cases newly marked.
 */
export function conflictWhereInvolved(ctx: Context, member: CommitteeMember, cases: readonly Case[]): string[] {
  if (!member.id) return [];
  const involved = casesInvolvingMember(member, cases);
  if (!involved.length) return [];
  const clearances = clearancesOf(ctx);
  const marked: string[] = [];
  for (const { kase, role } of involved) {
    const latest = clearances.latest(kase.id, member.id);
    if (latest?.decision === 'conflict') continue;
    if (latest?.decision === 'no-conflict') revokeDocAccess(ctx, kase, member);
    recordInvolvement(ctx, clearances, kase.id, member, role, 'roster');
    // Off the guest list of the case's meetings with the Doc, not at the next sweep's audit; and nothing of the case
    // still waiting for them goes.
    if (latest?.decision === 'no-conflict') {
      syncMeetingGuests(ctx, kase, clearances);
      dropCaseMailFor(ctx, member, kase, 'the member is in the report');
    }
    marked.push(kase.id);
  }
  const codeNames = involved.filter(({ kase }) => marked.includes(kase.id)).map(({ kase }) => kase.codeName);
  tellOwnerOfInvolvement(ctx, member, codeNames, `involved:${member.id}:${[...marked].sort().join(',')}`);
  return marked;
}

/** Tells the committee account alone that a member was marked conflicted because a report names them. */
function tellOwnerOfInvolvement(
  ctx: Context,
  member: Pick<CommitteeMember, 'name' | 'email'>,
  codeNames: readonly string[],
  discriminator: string,
): void {
  const owner = ownerAddressOf(ctx);
  if (!owner || !codeNames.length) return;
  const one = codeNames.length === 1;
  queueMail(
    ctx,
    buildAlertMail({
      title: 'A member is named in a report',
      lines: [
        `${member.name || member.email} is named in ${one ? 'case' : 'cases'} ${codeNames.join(', ')}, so Conduct Desk marked them as having a conflict of interest there: they cannot open, discuss or vote on ${one ? 'it' : 'them'}.`,
        'They were not told. This message goes to the committee account only.',
      ],
      caseId: '-',
      member: { id: 'owner', email: owner },
      discriminator,
    }),
  );
}
