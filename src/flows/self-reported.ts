// A committee member who is themselves named as a reported person: treated as conflicted automatically, so they get no screening email naming them, no urgent alert, and no route to the case.
import { foldForMatch } from '../core/name-matching';
import { normalizeEmail } from '../core/text';
import type { Report } from '../core/report';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { clearancesOf } from '../records/clearances';

/** A name compared as people write it: case, accents and spacing ignored. */
function nameKey(name: string): string {
  return foldForMatch(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The members the report names as reported people: by address, or by full name (a first name alone is not
 * enough: silently excluding every member who shares a first name with someone reported would be wrong too).
 */
export function membersNamedInReport(
  members: readonly CommitteeMember[],
  report: Pick<Report, 'reported'>,
): CommitteeMember[] {
  const emails = new Set(report.reported.emails.map((e) => normalizeEmail(e)).filter(Boolean));
  const names = new Set(
    [...report.reported.names, ...report.reported.handles].map(nameKey).filter((n) => n.includes(' ')),
  );
  return members.filter((m) => (m.email && emails.has(m.email)) || (m.name && names.has(nameKey(m.name))));
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
  report: Pick<Report, 'reported'>,
): Set<string> {
  const named = membersNamedInReport(members, report);
  // Most reports name no member: do not read the Clearances tab for nothing (one read per intake).
  if (!named.length) return new Set();
  const clearances = clearancesOf(ctx);
  for (const member of named) {
    if (clearances.latest(caseId, member.id)?.decision === 'conflict') continue;
    clearances.append({
      caseId,
      memberId: member.id,
      decision: 'conflict',
      at: ctx.clock.nowIso(),
      via: 'screening',
      share: 'none',
      note: 'automatic: the member is named as a reported person',
    });
    ctx.audit.record('clearance.conflict-automatic', caseId, `member ${member.id} is named in the report`);
  }
  return new Set(named.map((m) => m.id));
}
