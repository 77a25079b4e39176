// A committee member who is themselves in a report (the reported person, the reporter or a witness), recognised by the identity model: conflicted automatically, so they get no screening email naming them, no urgent alert, and no route to the case.
import { isSamePerson, matchAddresses, matchNames } from '../core/identity';
import type { People, Report } from '../core/report';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { clearancesOf } from '../records/clearances';

/** What a member is in a report. */
export type ReportRole = 'reported person' | 'reporter' | 'witness';

/** True when the member is one of `people`: by address (any variant of their mailbox) or by name (never a first name alone). */
function isAmong(member: CommitteeMember, people: People): boolean {
  if (member.email && people.emails.some((e) => isSamePerson(matchAddresses(member.email, e)))) return true;
  if (!member.name) return false;
  // A handle is a name written as one word ("@analima", "ana_lima"): the identity model compares it glued.
  const names = [...people.names, ...people.handles.map((h) => h.replace(/^@+/, ''))];
  return names.some((n) => isSamePerson(matchNames(member.name, n)));
}

/**
 * The members a report involves, with their role: named as a reported person, the reporter (by the name or address
 * they gave) or a witness. Compared with the identity model: another order of the words, a middle name left out,
 * styled or look-alike letters and the address variants of one mailbox are the same person.
 */
export function membersInvolvedInReport(
  members: readonly CommitteeMember[],
  report: Pick<Report, 'reported' | 'reporterName' | 'reporterEmail' | 'witnessPeople'>,
): Array<{ member: CommitteeMember; role: ReportRole }> {
  const reporter: People = {
    names: report.reporterName ? [report.reporterName] : [],
    emails: report.reporterEmail ? [report.reporterEmail] : [],
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
  report: Pick<Report, 'reported' | 'reporterName' | 'reporterEmail' | 'witnessPeople'>,
): Set<string> {
  const named = membersInvolvedInReport(members, report);
  // Most reports name no member: do not read the Clearances tab for nothing (one read per intake).
  if (!named.length) return new Set();
  const clearances = clearancesOf(ctx);
  for (const { member, role } of named) {
    if (clearances.latest(caseId, member.id)?.decision === 'conflict') continue;
    clearances.append({
      caseId,
      memberId: member.id,
      decision: 'conflict',
      at: ctx.clock.nowIso(),
      via: 'screening',
      share: 'none',
      note: `automatic: the member is the ${role} in this report`,
    });
    ctx.audit.record('clearance.conflict-automatic', caseId, `member ${member.id} is in the report`);
  }
  return new Set(named.map(({ member }) => member.id));
}
