// Pattern awareness: every reported person keeps one person code name across reports (registry `Flags.persons`, owner only), and a case page lists the earlier cases naming the same person that the member is cleared for, and only the number of the others.
import { NameGuard } from '../core/code-names';
import { peopleOf, personCoder } from '../core/person-codes';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { casesNaming, casesOf, personCodesOf, type Case } from '../records/cases';
import { clearancesOf, isAutomaticConflict } from '../records/clearances';
import { statusRowsOf } from '../records/status-rows';
import { clearedMember, statusFor } from './case-state';
import { namesOnFile } from './intake';
import { recordAudit } from '../workspace/audit-trail';

/** Cases coded per sweep at most: drawing a code costs a pass over every code taken, and the sweep has other work. */
const CODE_PER_RUN = 200;

/**
 * Gives person code names to the cases that have none (cases opened before pattern awareness; intake gives a new
 * case its codes as it registers it), earliest first and at most CODE_PER_RUN a run, so an older report's person
 * keeps the code a newer report of the same person already has. Returns how many cases it coded.
 */
export function assignMissingPersonCodes(ctx: Context, cases: Case[]): number {
  const store = casesOf(ctx);
  const missing = cases.filter((kase) => !Array.isArray(kase.flags.persons)).slice(0, CODE_PER_RUN);
  if (!missing.length) return 0;
  const known = store.knownPersons();
  const taken = [...store.codeNames(), ...statusRowsOf(ctx).codeNames()];
  const code = personCoder(known, taken, ctx.clock.random());
  // As at intake: a person code is shown on pages beside names, so it echoes no name on file (a reporter's, a witness's).
  const onFile = NameGuard.of(namesOnFile(store));
  // Cases coded earlier in this run count for the later ones, as the cases already coded do.
  const coded = [...known];
  for (const kase of missing) {
    const people = peopleOf(kase.reported);
    const persons = code(people, onFile.with([...kase.reported.names, ...kase.reported.handles]));
    kase.flags.persons = persons;
    kase.flags.earlier = casesNaming(coded, persons).filter((id) => id !== kase.id);
    persons.forEach((c, i) =>
      coded.push({ code: c, caseId: kase.id, person: people[i] ?? { names: [], emails: [], handles: [] } }),
    );
    store.save(kase);
    // A later case about the same person, coded before this one (its report came in first after the upgrade), lists
    // it too, as intake does for a report taken in late (ADV-158): else it leaves that case's page once archived.
    // Through the sweep's own objects where it has them: a fresh copy saved here would be overwritten by theirs.
    const held = new Map(cases.map((c) => [c.id, c]));
    for (const id of kase.flags.earlier) {
      const later = held.get(id);
      if (!later) store.noteEarlier(kase.id, kase.receivedAt, [id]);
      else if (
        later.receivedAt > kase.receivedAt &&
        Array.isArray(later.flags.earlier) &&
        !later.flags.earlier.includes(kase.id)
      ) {
        later.flags.earlier = [...later.flags.earlier, kase.id];
        store.save(later);
      }
    }
  }
  recordAudit(ctx, 'patterns.coded', '-', `person code names given to ${missing.length} earlier case(s)`);
  return missing.length;
}

/** One person of a case, as its case page shows them to one member. */
export interface PersonPattern {
  code: string;
  /** Earlier cases naming this person that the member is cleared for. */
  cases: Array<{ codeName: string; status: string }>;
  /** How many other earlier cases name this person (those not found in bad faith): a number, nothing else. */
  others: number;
}

/**
 * For each person `state` names: the earlier cases (received before it) naming the same person. Only those the
 * member is cleared for ("no conflict", still active) are named; the rest are only counted, so no member learns
 * a case's code name, state or existence beyond that number.
 */
export function earlierCasesFor(ctx: Context, state: Case, member: CommitteeMember): PersonPattern[] {
  const codes = [...new Set(personCodesOf(state))];
  if (!codes.length) return [];
  const clearances = clearancesOf(ctx);
  // Received before it; at the same instant, before it in the registry (archived rows come first).
  const place = (c: Case) => [c.inArchiveTab ? 0 : 1, c.ref];
  const before = (a: Case, b: Case) => {
    const [pa, pb] = [place(a), place(b)];
    return (
      a.receivedAt < b.receivedAt ||
      (a.receivedAt === b.receivedAt && (pa[0] < pb[0] || (pa[0] === pb[0] && pa[1] < pb[1])))
    );
  };
  const earlier = casesOf(ctx)
    .mayNameTheSame(state)
    .filter((c) => c.id !== state.id && before(c, state));
  return codes.map((code) => {
    const pattern: PersonPattern = { code, cases: [], others: 0 };
    for (const kase of earlier) {
      if (!personCodesOf(kase).includes(code)) continue;
      // A report the committee found not made in good faith is no "pattern of behavior from past reports" (seed,
      // risk questions): a member cleared for it sees it marked so. The others count it like any other: a count that
      // dropped when the committee decided would tell a member with a conflict the finding. A case the member is in
      // is not counted: it would tell them that a report names them (self-reported.ts never does).
      if (clearedMember(ctx, clearances, kase.id, member.id)) {
        const status = statusFor(kase.phase);
        pattern.cases.push({
          codeName: kase.codeName,
          status: kase.badFaith ? `${status}, not made in good faith` : status,
        });
      } else if (!isAutomaticConflict(clearances.latest(kase.id, member.id))) pattern.others++;
    }
    return pattern;
  });
}
