// Person code names (pattern awareness): the people a report names, when two of them are one person (the identity model), and the stable two-word code each person keeps across reports.
import { generateCodeName, type NameGuard } from './code-names';
import { canonicalAddress, drawBack, foldText, isSamePerson, matchAddresses, matchNames, nameWords } from './identity';

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
 * nobody stands for its handles, else its addresses. A handle or address goes with the one person whose name it is
 * spelt from ("@qvell" and quorra.vell@… are Quorra Vell's), so a later report giving only it finds them; one spelt
 * from none is a person of its own, after them ("Quorra Vell, @kitmarr" names two people: as one, a report about
 * @kitmarr would have shown on Quorra's case page). Stored codes follow this order, so the first people keep theirs.
 */
export function peopleOf(reported: PeopleLists): PeopleLists[] {
  const kind = reported.names.length ? 'names' : reported.handles.length ? 'handles' : 'emails';
  const people: PeopleLists[] = reported[kind].map((value) => ({
    names: [],
    emails: [],
    handles: [],
    [kind]: [value],
  }));
  const own: PeopleLists[] = [];
  for (const other of ['handles', 'emails'] as const) {
    if (other === kind) continue;
    for (const value of reported[other]) {
      const fits = people.filter((p) => namesOf(p).some((name) => spelledFrom(name, value)));
      if (fits.length === 1) fits[0][other].push(value);
      else own.push({ names: [], emails: [], handles: [], [other]: [value] });
    }
  }
  return [...people, ...own];
}

/** Whether a handle or an address's local part holds a word of the name (3+ letters), or is the name's initials. */
function spelledFrom(name: string, value: string): boolean {
  const text = foldText(value.split('@').filter(Boolean)[0] ?? '').replace(/[^\p{L}\p{N}]/gu, '');
  const words = nameWords(name);
  if (words.length >= 2 && text === words.map((w) => w[0]).join('')) return true;
  return [words, words.map(drawBack)].some((ws) => ws.some((w) => w.length >= 3 && text.includes(w)));
}

const handleKey = (handle: string) => foldText(handle).replace(/^@+/, '');
/**
 * A handle is a name written as one word ("@samdoe" is Sam Doe), as the identity model compares it (self-reported.ts).
 * A description ("his friend", "the speaker", "a man in a red shirt") is no name: the same words in two reports are
 * seldom one person, and a code shared would list one report on the other's case page (ADV-640). A name keeps its
 * capitals ("My Nguyen", "An Le", "Her Vang"; "the organiser Sam Doe" is Sam Doe).
 */
const namesOf = (p: PeopleLists) =>
  [...p.names, ...p.handles].filter(
    (n) =>
      !/^(the|an?|h(is|er)|their|my|our|some(one|body)?)(\s+\p{Ll}\S*)+$/u.test(
        n.trim().replace(/^./, (c) => c.toLowerCase()),
      ),
  );

/** Whether two people are one, as the identity model says: a name or an address that matches (likely included), or the same handle. */
export function isSamePersonAs(a: PeopleLists, b: PeopleLists): boolean {
  const any = <T>(xs: T[], ys: T[], same: (x: T, y: T) => boolean) => xs.some((x) => ys.some((y) => same(x, y)));
  return (
    any(namesOf(a), namesOf(b), (x, y) => isSamePerson(matchNames(x, y))) ||
    any(a.emails, b.emails, (x, y) => isSamePerson(matchAddresses(x, y))) ||
    any(a.handles, b.handles, (x, y) => handleKey(x) !== '' && handleKey(x) === handleKey(y))
  );
}

/** Keys two records of one person always share (a name word or the glued name, a mailbox, a handle): the index. */
function keysOf(person: PeopleLists): string[] {
  const keys = person.emails
    .map((e) => `e${canonicalAddress(e)}`)
    .concat(person.handles.map((h) => `h${handleKey(h)}`));
  for (const name of namesOf(person)) {
    const words = nameWords(name);
    // Drawn back too: "Juergen Mueller" shares no word with "Jürgen Müller" as written.
    for (const ws of [words, words.map(drawBack)]) keys.push(`g${ws.join('')}`, ...ws.map((w) => `w${w}`));
  }
  return keys;
}

/**
 * A coder over the people already known (earliest first): for each of a report's `people` (from `peopleOf`) the code
 * of the first known person who is the same person (so a code, once given, never changes), else a new random code
 * name drawn like a case's, distinct from `taken` (case code names and person codes alike) and echoing none of the
 * `names` given. Known people are indexed once, so coding every case of a long history is not quadratic.
 */
export function personCoder(
  known: readonly KnownPerson[],
  taken: Iterable<string>,
  random: () => number,
): (people: PeopleLists[], names: readonly string[] | NameGuard) => string[] {
  const pool: KnownPerson[] = [];
  const index = new Map<string, number[]>();
  const byCode = new Map<string, PeopleLists[]>();
  const used = new Set(taken);
  const add = (entry: KnownPerson) => {
    used.add(entry.code);
    for (const key of keysOf(entry.person)) index.set(key, [...(index.get(key) ?? []), pool.length]);
    byCode.set(entry.code, [...(byCode.get(entry.code) ?? []), entry.person]);
    pool.push(entry);
  };
  known.forEach(add);
  // A code fits a person every record of it that gives a name may be: "Chris Park" may be Christine Park, but the code
  // does not bridge on to Christopher Park, whom the identity model tells from her (her reports would show on his case
  // page). The same spelling as a record (folded) always fits it. Handles are not names here: one person has several.
  const fits = ({ code, person: known }: KnownPerson, person: PeopleLists) =>
    isSamePersonAs(known, person) &&
    (namesOf(known).some((x) => namesOf(person).some((y) => matchNames(x, y) === 'exact')) ||
      (byCode.get(code) ?? []).every((p) => !p.names.length || !person.names.length || isSamePersonAs(p, person)));
  return (people, names) =>
    people.map((person) => {
      const candidates = [...new Set(keysOf(person).flatMap((key) => index.get(key) ?? []))].sort((x, y) => x - y);
      const found = candidates.find((i) => fits(pool[i], person));
      const code = found === undefined ? generateCodeName(random, used, names) : pool[found].code;
      add({ code, person });
      return code;
    });
}
