// Code names for cases ("adjective noun"): random, inoffensive, never derived from or echoing anyone's name.

import { nameTokens } from './name-matching';
import { ADJECTIVE_WORDS, NOUN_WORDS } from './code-words';
import { lowerTrim } from './text';

const WORD_SHAPE = /^[a-z]{3,10}$/;

// The lists are generated (scripts/generate/code-words.ts) from friendly-words less the deny list
// (scripts/generate/deny-list.ts: only the generator needs it, so the bundle does not carry it) and common given names
// and surnames ("frost", "hill": a code word that is a name would read as a person and could equal the surname of
// someone in a later report), so the bundle carries only the words it draws from.
// Spelled out on first use, not at load: global code runs again in every execution (a page, an edit, each sweep), and
// only the flows that draw or guard a code name need the words.
let lists: { adjectives: readonly string[]; nouns: readonly string[] } | null = null;

/** The code words: adjectives (friendly-words' `predicates`) and nouns (its `objects`), filtered. */
export function listCodeWords(): { adjectives: readonly string[]; nouns: readonly string[] } {
  return (lists ??= { adjectives: decodeWords(ADJECTIVE_WORDS), nouns: decodeWords(NOUN_WORDS) });
}

/** Spells out a front-coded list (scripts/generate/code-words.ts encodeWords): a digit starts a word and is letters kept from the word before. */
export function decodeWords(text: string): readonly string[] {
  let prev = '';
  return Object.freeze(
    text
      .replace(/\s+/g, '')
      .split(/(?=\d)/)
      .filter(Boolean)
      .map((w) => (prev = /^\d/.test(w) ? prev.slice(0, Number(w[0])) + w.slice(1) : w)),
  );
}

const MAX_ATTEMPTS = 1000;

/**
 * A "name word" longer than this is pasted text, not a name (the longest given names and surnames are well under it):
 * every code-name word is inside such a string, so one long answer would rule out every code name.
 */
export const MAX_NAME_TOKEN_LETTERS = 24;
/** A person's name has a few words; an entry with more is text, and its first words stand for it. */
export const MAX_TOKENS_PER_NAME = 8;

/**
 * The name words a code name must not echo: folded, 3 to 24 letters, at most 8 per name, distinct. Every name given
 * counts, however many: a committee's history holds thousands of name words, and a bound on them (there was one, of
 * 2,000) left the latest reports' names uncompared once the history passed it (issue 17 review). What a draw costs
 * no longer grows with them (`NameGuard`).
 */
export function codeNameTokens(names: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    const tokens = nameTokens(String(name ?? '')).filter((t) => t.length <= MAX_NAME_TOKEN_LETTERS);
    for (const token of tokens.slice(0, MAX_TOKENS_PER_NAME)) seen.add(token);
  }
  return [...seen];
}

/** True when a (folded, lower-case) word equals, contains or is inside one of the tokens. */
function echoesToken(word: string, tokens: readonly string[]): boolean {
  for (const token of tokens) if (word === token || word.includes(token) || token.includes(word)) return true;
  return false;
}

/** Today's code words, and each piece of 3 letters or more of them → the words it is in (built once an execution). */
let wordPieces: { words: ReadonlySet<string>; containing: ReadonlyMap<string, readonly string[]> } | null = null;

function piecesOfWords(): NonNullable<typeof wordPieces> {
  if (wordPieces) return wordPieces;
  const { adjectives, nouns } = listCodeWords();
  const words = new Set([...adjectives, ...nouns]);
  const containing = new Map<string, string[]>();
  for (const word of words) {
    const pieces = new Set<string>();
    for (let i = 0; i + 3 <= word.length; i++) for (let j = i + 3; j <= word.length; j++) pieces.add(word.slice(i, j));
    for (const piece of pieces) {
      const list = containing.get(piece);
      if (list) list.push(word);
      else containing.set(piece, [word]);
    }
  }
  return (wordPieces = { words, containing });
}

/** The longest code word: a token's pieces longer than this are no word. */
const MAX_WORD_LETTERS = 10;

/**
 * What a set of names rules out, worked out once however often a code is drawn against it: the code words that echo
 * one of their tokens (equal to one, inside one, or containing one: the test `isCodeNameAllowed` makes), and the
 * tokens themselves for the word-for-word fallback. A guard `with` more names adds theirs to a copy.
 */
export class NameGuard {
  private constructor(
    /** Code words of today's lists that echo a token. */
    readonly echoed: ReadonlySet<string>,
    /** Every token, in groups (one per `with`), for the word-for-word fallback. */
    private readonly groups: readonly ReadonlySet<string>[],
  ) {}

  static of(names: readonly string[]): NameGuard {
    return NameGuard.empty.with(names);
  }

  static readonly empty = new NameGuard(new Set(), []);

  /** This guard and `names` together (this one is not changed). */
  with(names: readonly string[]): NameGuard {
    const tokens = codeNameTokens(names);
    if (!tokens.length) return this;
    const { words, containing } = piecesOfWords();
    const echoed = new Set(this.echoed);
    for (const token of tokens) {
      for (const word of containing.get(token) ?? []) echoed.add(word);
      for (let i = 0; i + 3 <= token.length; i++) {
        const last = Math.min(token.length, i + MAX_WORD_LETTERS);
        for (let j = i + 3; j <= last; j++) {
          const piece = token.slice(i, j);
          if (words.has(piece)) echoed.add(piece);
        }
      }
    }
    return new NameGuard(echoed, [...this.groups, new Set(tokens)]);
  }

  /** True when a code word is itself one of the tokens. */
  isToken(word: string): boolean {
    return this.groups.some((group) => group.has(word));
  }
}

/** Two words of the lists' shape, not the same word twice (the lists hold no word of the deny list: they are made without them). */
function hasAllowedShape(adjective: string, noun: string): boolean {
  return WORD_SHAPE.test(adjective) && WORD_SHAPE.test(noun) && adjective !== noun;
}

/**
 * True when `codeName` is two lower-case words of 3–10 letters, not the same word twice, and neither equal to,
 * contained in, or containing a name word of any of `reportedNames` (as `codeNameTokens` takes them), ignoring case
 * and accents. Words need not be on today's lists, so code names given under older lists stay valid; the deny list
 * (scripts/generate/deny-list.ts) is applied when the lists are made.
 */
export function isCodeNameAllowed(codeName: string, reportedNames: readonly string[]): boolean {
  const parts = String(codeName).split(' ');
  if (parts.length !== 2) return false;
  const [adjective, noun] = parts;
  if (!hasAllowedShape(adjective, noun)) return false;
  const tokens = codeNameTokens(reportedNames);
  return !echoesToken(adjective, tokens) && !echoesToken(noun, tokens);
}

function pick(list: readonly string[], random: () => number): string {
  const r = random();
  const safe = Number.isFinite(r) ? r : 0;
  const index = Math.min(list.length - 1, Math.max(0, Math.floor(safe * list.length)));
  return list[index];
}

/**
 * How far generation had to go: `names` is the full rule; `exact` compared the names only word for word, because
 * the answers ruled out every adjective or every noun (no list of people does that: it was not a list of names);
 * `unchecked` ignored the names, because they spelled out the word lists themselves.
 */
export type CodeNameRule = 'names' | 'exact' | 'unchecked';

/** A free pair from the words `usable` keeps, drawn at random, then by a full scan; null when there is none. */
function pairFrom(random: () => number, taken: ReadonlySet<string>, usable: (word: string) => boolean): string | null {
  const adjectives = listCodeWords().adjectives.filter(usable);
  const nouns = listCodeWords().nouns.filter(usable);
  if (!adjectives.length || !nouns.length) return null;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const adjective = pick(adjectives, random);
    const noun = pick(nouns, random);
    if (adjective !== noun && !taken.has(`${adjective} ${noun}`)) return `${adjective} ${noun}`;
  }
  for (const adjective of adjectives) {
    for (const noun of nouns)
      if (adjective !== noun && !taken.has(`${adjective} ${noun}`)) return `${adjective} ${noun}`;
  }
  return null;
}

/**
 * Draws "adjective noun" code names until one is unused (compared case-insensitively with `taken`)
 * and allowed for these names. Callers should pass every name they know (the case's reported people, reporter and
 * witnesses, and those of every case on file), as a `NameGuard` when several codes are drawn against the same names.
 *
 * It never fails because of what a report says: when random draws find nothing, the words the names leave are
 * scanned; when the names leave no adjective or no noun, they are compared word for word only; when even that leaves
 * nothing, they are ignored. `onFallback` hears which rule gave the name when it was not the full one. It throws
 * only when every pair of words is taken.
 */
export function generateCodeName(
  random: () => number,
  taken: ReadonlySet<string>,
  reportedNames: readonly string[] | NameGuard,
  onFallback?: (rule: Exclude<CodeNameRule, 'names'>) => void,
): string {
  const takenLower = new Set<string>();
  for (const t of taken) takenLower.add(lowerTrim(String(t)));
  const guard = reportedNames instanceof NameGuard ? reportedNames : NameGuard.of(reportedNames);
  const echoed = guard.echoed;
  const { adjectives, nouns } = listCodeWords();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const adjective = pick(adjectives, random);
    const noun = pick(nouns, random);
    const candidate = `${adjective} ${noun}`;
    if (takenLower.has(candidate) || !hasAllowedShape(adjective, noun)) continue;
    if (!echoed.has(adjective) && !echoed.has(noun)) return candidate;
  }
  const scanned = pairFrom(random, takenLower, (w) => !echoed.has(w));
  if (scanned) return scanned;
  const exact = pairFrom(random, takenLower, (w) => !guard.isToken(w));
  if (exact) {
    onFallback?.('exact');
    return exact;
  }
  const unchecked = pairFrom(random, takenLower, () => true);
  if (unchecked) {
    onFallback?.('unchecked');
    return unchecked;
  }
  throw new Error(
    `Could not find a free code name: all ${takenLower.size} pairs of words are taken. Check the random source.`,
  );
}
