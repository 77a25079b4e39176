// Finds people's names in free text: case- and accent-insensitive, on whole-word boundaries, with offsets into the original text.

/** A span of the original text that matched, and the protected value that it matched. */
export interface TextMatch {
  match: string;
  index: number;
  needle: string;
}

/** Folded text plus, for each folded UTF-16 unit, the span of the original text it came from. */
export interface FoldedText {
  folded: string;
  starts: number[];
  ends: number[];
}

const COMBINING_MARK = /\p{M}/gu;

/** Folds one string for matching: lower case, diacritics removed ("José" and "JOSE" compare equal). */
export function foldForMatch(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(COMBINING_MARK, '');
}

/**
 * Folds text while remembering where every folded character came from, so that a match found in the
 * folded text can be reported at its real position (a person fixing the text needs the real offset).
 */
export function foldWithOffsets(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const codePoint of text) {
    const piece = foldForMatch(codePoint);
    for (let k = 0; k < piece.length; k += 1) {
      starts.push(i);
      ends.push(i + codePoint.length);
    }
    folded += piece;
    i += codePoint.length;
  }
  return { folded, starts, ends };
}

/** The words of a name, folded, split on anything that is not a letter or digit. */
export function splitNameWords(name: string): string[] {
  return foldForMatch(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Name words of at least three letters: shorter ones ("Al", "Bo") match too much ordinary text. */
export function nameTokens(name: string): string[] {
  return splitNameWords(name).filter((w) => (w.match(/\p{L}/gu) ?? []).length >= 3);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SEPARATOR = '[^\\p{L}\\p{N}]{1,3}';

/** A compiled matcher for a fixed list of names: build once, then run over many texts (the lint checks every cell). */
export type NameMatcher = (text: string) => TextMatch[];

/**
 * Compiles the full names and the name tokens (three letters or more) of `names` into one regular
 * expression. Words of a full name may be separated by up to three non-word characters, so
 * "Ana Lima", "Ana  Lima", "Ana-Lima" and "Ana\nLima" all match. Longer needles are tried first, so
 * "Ana Lima" is reported once rather than as "Ana" and "Lima".
 */
export function createNameMatcher(names: readonly string[]): NameMatcher {
  const owner = new Map<string, string>();
  const needles: string[][] = [];
  for (const name of names) {
    const words = splitNameWords(name);
    if (words.length === 0) continue;
    const tokens = nameTokens(name);
    const candidates: string[][] = [];
    if (words.length > 1) candidates.push(words);
    for (const token of tokens) candidates.push([token]);
    // A one-word name shorter than three letters is still searched as a whole name: it is all we have.
    if (words.length === 1 && tokens.length === 0 && words[0].length >= 2) candidates.push(words);
    for (const needle of candidates) {
      const key = needle.join(' ');
      if (owner.has(key)) continue;
      owner.set(key, name.trim());
      needles.push(needle);
    }
  }
  if (needles.length === 0) return () => [];
  needles.sort((a, b) => b.join(' ').length - a.join(' ').length);
  const alternatives = needles.map((n) => n.map(escapeRegExp).join(SEPARATOR));
  const source = `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`;
  const pattern = new RegExp(source, 'gu');
  return (text: string) => {
    const { folded, starts, ends } = foldWithOffsets(text);
    const out: TextMatch[] = [];
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m !== null; m = pattern.exec(folded)) {
      if (m[0].length === 0) {
        pattern.lastIndex += 1;
        continue;
      }
      const index = starts[m.index];
      const end = ends[m.index + m[0].length - 1];
      const key = m[0]
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w !== '')
        .join(' ');
      out.push({ match: text.slice(index, end), index, needle: owner.get(key) ?? '' });
    }
    return out;
  };
}

/** Finds the full names and name tokens of `names` in `text` (see createNameMatcher). */
export function findNameMatches(text: string, names: readonly string[]): TextMatch[] {
  return createNameMatcher(names)(text);
}

/** True when a single word (folded) equals, contains or is contained in a token of any of the names. */
export function wordOverlapsNames(word: string, names: readonly string[]): boolean {
  const w = foldForMatch(word);
  if (w.length === 0) return false;
  for (const name of names) {
    for (const token of nameTokens(name)) {
      if (w === token || w.includes(token) || token.includes(w)) return true;
    }
  }
  return false;
}
