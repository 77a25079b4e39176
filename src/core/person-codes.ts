// Person code names (pattern awareness): the people a report names, when two of them are one person (the identity model), and the stable two-word code each person keeps across reports.
import { generateCodeName } from './code-names';
import { foldText, isSamePerson, matchAddresses, matchNames } from './identity';

/** People as intake stores them (registry `Reported`), or one person of them. */
export interface PeopleLists {
  names: string[];
  emails: string[];
  handles: string[];
}

/** A person already given a code: the code and what a report said of them. */
export interface KnownPerson {
  code: string;
  person: PeopleLists;
}

/**
 * The people one report names, in the order onboarding lists them: each name is one person; a report that names
 * nobody stands for its handles, else its addresses. When it names exactly one person, its addresses and handles
 * are that person's too (so a later report giving only the address finds them).
 */
export function peopleOf(reported: PeopleLists): PeopleLists[] {
  const { names, emails, handles } = reported;
  const kind = names.length ? 'names' : handles.length ? 'handles' : 'emails';
  const people = reported[kind].map((value) => ({ names: [], emails: [], handles: [], [kind]: [value] }));
  return people.length === 1 ? [{ names: people[0].names, emails, handles }] : people;
}

const handleKey = (handle: string) => foldText(handle).replace(/^@+/, '');

/** Whether two people are one, as the identity model says: a name or an address that matches (likely included), or the same handle. */
export function isSamePersonAs(a: PeopleLists, b: PeopleLists): boolean {
  const any = <T>(xs: T[], ys: T[], same: (x: T, y: T) => boolean) => xs.some((x) => ys.some((y) => same(x, y)));
  return (
    any(a.names, b.names, (x, y) => isSamePerson(matchNames(x, y))) ||
    any(a.emails, b.emails, (x, y) => isSamePerson(matchAddresses(x, y))) ||
    any(a.handles, b.handles, (x, y) => handleKey(x) !== '' && handleKey(x) === handleKey(y))
  );
}

/**
 * A code for each of `people` (one report's, from `peopleOf`): the code of the first known person who is the same
 * person (earliest first: a code, once given, never changes), else a new random code name drawn like a case's,
 * distinct from every code in `taken` (case code names and person codes alike) and echoing none of `names`.
 */
export function assignPersonCodes(
  people: PeopleLists[],
  known: readonly KnownPerson[],
  taken: ReadonlySet<string>,
  random: () => number,
  names: readonly string[],
): string[] {
  const pool = [...known];
  const used = new Set(taken);
  return people.map((person) => {
    const code = pool.find((k) => isSamePersonAs(k.person, person))?.code ?? generateCodeName(random, used, names);
    used.add(code);
    pool.push({ code, person });
    return code;
  });
}
