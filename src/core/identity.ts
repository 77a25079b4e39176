// One identity model: when two names, or two addresses, are the same person — text folded the same way everywhere (NFKC, invisible characters removed, cross-script confusables per Unicode TS #39, case and accents), names compared as word sets, addresses as mailboxes.
import { LATIN_PROTOTYPES } from './confusables';
import { lowerTrim } from './text';

/** `exact`: the same spelling once folded; `likely`: written differently but very probably the same person. */
export type IdentityMatch = 'exact' | 'likely' | 'no';

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Unicode's confusable prototypes (confusables.txt) for the characters of other scripts and styles that look like
 * plain Latin letters or digits (generated into confusables.ts, about 850 of its 6,300 entries: the rest map to
 * non-Latin prototypes or are already folded by NFKC). ASCII itself is left as typed: its own entries (m→rn, 0→O,
 * 1→l, I→l) would only conflate ordinary Latin spellings.
 */
let prototypes: ReadonlyMap<string, string> | null = null;

/** The prototypes by character, built on first use: global code runs in every execution, most of which fold nothing. */
function prototypeMap(): ReadonlyMap<string, string> {
  return (prototypes ??= new Map(
    (LATIN_PROTOTYPES.replace(/\s+/g, '').match(/[^a-z0-9][a-z0-9]+/gu) ?? []).map((entry): [string, string] => {
      const from = String.fromCodePoint(entry.codePointAt(0) as number);
      return [from, entry.slice(from.length)];
    }),
  ));
}

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const MARK = /\p{M}/gu;

function prototypesOf(text: string): string {
  const prototype = prototypeMap();
  let out = '';
  for (const ch of text) out += prototype.get(ch) ?? ch;
  return out;
}

/**
 * Code points folded so far in this execution. Folding one takes three normalisations and a few lookups, and the
 * sweep and intake fold every name on file (tens of thousands of names, a few dozen distinct code points); bounded,
 * so a hostile answer of distinct code points cannot make it grow without end.
 */
const FOLDED = new Map<string, string>();
const MAX_FOLDED = 20_000;

/** Folds one code point (its result may be empty, or longer: "ﬁ" gives "fi", a soft hyphen nothing). */
export function foldCodePoint(codePoint: string): string {
  const known = FOLDED.get(codePoint);
  if (known !== undefined) return known;
  const folded = foldFully(codePoint);
  if (FOLDED.size < MAX_FOLDED) FOLDED.set(codePoint, folded);
  return folded;
}

function foldFully(codePoint: string): string {
  // A prototype can itself fold further in the other case ("Δ" gives "δ", whose prototype is "ẟ"): fold until
  // nothing changes, so that folding twice is folding once (three rounds are enough for confusables.txt).
  let current = foldOnce(codePoint);
  for (let round = 0; round < 3; round++) {
    let next = '';
    for (const ch of current) next += foldOnce(ch);
    if (next === current) break;
    current = next;
  }
  return current;
}

function foldOnce(codePoint: string): string {
  // As UTS #39's skeleton: decomposed before the prototypes are looked up ("ö" is "o" and a mark, both dropped).
  const bare = codePoint.normalize('NFKC').replace(DEFAULT_IGNORABLE, '').normalize('NFD').replace(MARK, '');
  // Case folded in full (upper, then lower: "ß" gives "ss", a final "ς" gives "σ"). The skeleton is case-sensitive
  // and this fold is not: Cyrillic "і" has the prototype "i" only in lower case, "н" has "h" only as "Н", Greek "κ"
  // has "k" only as "Κ". Lower case is tried first, then upper, whatever the letter was typed as, so that a name in
  // capitals ("ИВАНОВ", "STRAUSS") folds as the same name in lower case ("Иванов", "Strauß").
  const lower = bare.toUpperCase().toLowerCase().normalize('NFD').replace(MARK, '');
  const viaLower = prototypesOf(lower);
  const viaUpper = prototypesOf(lower.toUpperCase()).toLowerCase();
  const chosen = isAscii(viaLower) ? viaLower : isAscii(viaUpper) ? viaUpper : viaLower;
  return chosen.normalize('NFD').replace(MARK, '').toLowerCase();
}

/**
 * Folds text for comparison: compatibility forms (fullwidth, mathematical, ligatures) to plain letters, default-
 * ignorable characters (soft hyphens, zero-width spaces and joiners, bidi controls) removed, letters of other
 * scripts that look Latin to their Latin prototype, case and accents removed. "Ｒі\u00ADtá" folds to "rita".
 */
export function foldText(text: string): string {
  let out = '';
  for (const codePoint of String(text)) out += foldCodePoint(codePoint);
  return out;
}

/** The words of a name, folded; "Last, First" counts as "First Last" (order does not matter to a match anyway). */
export function nameWords(name: string): string[] {
  const raw = String(name);
  const parts = raw.split(',');
  const ordered = parts.length === 2 && parts[0].trim() && parts[1].trim() ? `${parts[1]} ${parts[0]}` : raw;
  return foldText(ordered)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * A spelt-out vowel drawn back to the letter it stands for, once folded ("mueller" as "muller", which "Müller" folds
 * to). Only in words of four letters or more after it: "Gael" as "gal" or "Coe" as "co" would be ordinary words.
 */
export function drawBack(word: string): string {
  const back = word.replace(/([aou])e/g, '$1');
  return back.length >= 4 ? back : word;
}

/** True when two words of a name can stand for each other: equal, an initial of the other, or a shortening (3+ letters). */
function wordsAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 1) return long.startsWith(short);
  return short.length >= 3 && long.startsWith(short);
}

/** Pairs every word of `fewer` with a distinct agreeing word of `more`; returns how many pairs are equal, or -1. */
function pairWords(fewer: string[], more: string[]): number {
  const used = new Set<number>();
  let equal = 0;
  // Equal words first, so that "Ana A. Lima" pairs "ana" with "ana" and not "a" with "ana".
  const order = [...fewer].sort((x, y) => Number(more.includes(y)) - Number(more.includes(x)) || y.length - x.length);
  for (const word of order) {
    let found = more.findIndex((w, i) => !used.has(i) && w === word);
    if (found >= 0) equal++;
    else found = more.findIndex((w, i) => !used.has(i) && wordsAgree(word, w));
    if (found < 0) return -1;
    used.add(found);
  }
  return equal;
}

/**
 * Whether two written names are one person. Exact: the same words in any order, once folded ("Lima, Ana" and
 * "ANA LIMA"). Likely: a middle name or initial left out or added, a given name shortened or reduced to its
 * initial, or the words glued together — always with two words or more on each side and one full word in
 * common (a first name alone is never enough: that would match half the committee).
 */
export function matchNames(a: string, b: string): IdentityMatch {
  const wa = nameWords(a);
  const wb = nameWords(b);
  if (!wa.length || !wb.length) return 'no';
  const sorted = (w: string[]) => [...w].sort().join(' ');
  if (sorted(wa) === sorted(wb)) return 'exact';
  // Past an exact match, a spelt-out vowel is the letter it stands for: "Mueller" is "Muller", as "Müller" folds.
  const [da, db] = [wa.map(drawBack), wb.map(drawBack)];
  if (sorted(da) === sorted(db)) return 'likely';
  // Glued as written too: drawn back word by word, "Sam Doe" keeps its "Doe" (too short) while "samdoe" loses an "e".
  if ((da.join('') === db.join('') || wa.join('') === wb.join('')) && Math.max(da.length, db.length) >= 2)
    return 'likely';
  const [fewer, more] = da.length <= db.length ? [da, db] : [db, da];
  if (fewer.length < 2) return 'no';
  const equal = pairWords(fewer, more);
  return equal >= 1 && fewer.some((w) => w.length >= 2 && more.includes(w)) ? 'likely' : 'no';
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * Addresses made canonical so far in this execution: the access audit compares every permission of every Doc of a
 * pass (thousands) with the members' addresses, a few dozen distinct ones; bounded as FOLDED is.
 */
const CANONICAL = new Map<string, string>();

/**
 * The mailbox an address delivers to, as far as the address alone tells: folded, a `+tag` dropped (Gmail and
 * Google Workspace deliver `ana+coc@` to `ana@`, as most providers do), and for Gmail the dots of the local
 * part and the googlemail.com alias too (https://support.google.com/mail/answer/7436150).
 */
export function canonicalAddress(email: string): string {
  const key = String(email);
  let known = CANONICAL.get(key);
  if (known === undefined) {
    known = canonicalOf(key);
    if (CANONICAL.size < MAX_FOLDED) CANONICAL.set(key, known);
  }
  return known;
}

function canonicalOf(email: string): string {
  const folded = foldText(email.trim());
  const at = folded.lastIndexOf('@');
  if (at <= 0) return folded;
  let local = folded.slice(0, at);
  let domain = folded.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** Whether two addresses reach the same mailbox: exact when they are written alike (case aside), likely when only a variant. */
export function matchAddresses(a: string, b: string): IdentityMatch {
  const x = lowerTrim(String(a));
  const y = lowerTrim(String(b));
  if (!x || !y) return 'no';
  if (x === y) return 'exact';
  return canonicalAddress(x) === canonicalAddress(y) ? 'likely' : 'no';
}

/** A person as the product knows them: a name, an address, or both. */
export interface PersonRef {
  name?: string;
  email?: string;
}

/** The stronger of the name and the address match (either is enough to take two records for one person). */
export function matchPeople(a: PersonRef, b: PersonRef): IdentityMatch {
  const byEmail = a.email && b.email ? matchAddresses(a.email, b.email) : 'no';
  const byName = a.name && b.name ? matchNames(a.name, b.name) : 'no';
  if (byEmail === 'exact' || byName === 'exact') return 'exact';
  return byEmail === 'likely' || byName === 'likely' ? 'likely' : 'no';
}

/** True unless the match is `no`: who must be kept out is kept out on a likely match too. */
export function isSamePerson(match: IdentityMatch): boolean {
  return match !== 'no';
}
