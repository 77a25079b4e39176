// Finds people's names in free text, folded as the identity model folds (invisible characters, other scripts' look-alikes, fullwidth and styled letters, case and accents), on word boundaries (none beside letters of scripts written without spaces), with offsets into the original text.
import { drawBack, foldCodePoint, foldText } from './identity';

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

/**
 * Folds text while remembering where every folded character came from, so that a match found in the
 * folded text can be reported at its real position (a person fixing the text needs the real offset).
 */
export function foldWithOffsets(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length;) {
    // Percent-encoding pasted from a link or a mailto ("Bcc:%20ana@…", "ana%40example.org", "Ana%20Lima") reads as
    // the character it stands for: a person reads the address, so the guard must (a property run, seed 750102035).
    // So do a profile link's UTF-8 ("Jos%C3%A9", ADV-625) and quoted-printable copied from a mail's original
    // ("Jos=C3=A9", a soft line break "Ri=\nta": ADV-626); a sequence that is not UTF-8 is read as typed
    // (decodeURIComponent throws on a missing, stray or overlong byte and on a surrogate).
    const code = /^([%=])([2-7].|[c-f].(\1[89ab].){1,3})|^=\r?\n/i.exec(text.slice(i, i + 12));
    let codePoint = String.fromCodePoint(text.codePointAt(i)!);
    let width = codePoint.length;
    if (code)
      try {
        codePoint = decodeURIComponent(code[0].replace(/=\r?\n|=/g, (s) => (s[1] ? '' : '%')));
        width = code[0].length;
      } catch {
        // Not UTF-8 ("%C1%8A", an overlong "J"; a surrogate): read as typed.
      }
    const piece = foldCodePoint(codePoint);
    for (let k = 0; k < piece.length; k += 1) {
      starts.push(i);
      ends.push(i + width);
    }
    folded += piece;
    i += width;
  }
  return { folded, starts, ends };
}

/** The words of a name, folded, split on anything that is not a letter or digit. */
export function splitNameWords(name: string): string[] {
  return foldText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** How German and Scandinavian names are spelt where a keyboard lacks the letter ("Müller" as "Mueller"). */
const SPELT_OUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', å: 'aa', ø: 'oe' };

/**
 * The word lists a name may be written as: as given, with ä ö ü å ø spelt out ("Jürgen Müller" as "Juergen
 * Mueller"), and with spelt-out vowels drawn back ("Mueller" as "Muller"). The first is the name as given.
 */
export function nameSpellings(name: string): string[][] {
  const given = splitNameWords(name);
  const spelt = splitNameWords(
    String(name)
      .normalize('NFC')
      .replace(/[äöüåø]/giu, (c) => SPELT_OUT[c.toLowerCase()]),
  );
  const out = [given];
  for (const words of [spelt, given.map(drawBack)])
    if (!out.some((known) => known.join(' ') === words.join(' '))) out.push(words);
  return out;
}

/** Name words of at least three letters: shorter ones ("Al", "Bo") match too much ordinary text. */
export function nameTokens(name: string): string[] {
  return splitNameWords(name).filter((w) => (w.match(/\p{L}/gu) ?? []).length >= 3);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SEPARATOR = '[^\\p{L}\\p{N}]{1,3}';

/**
 * Two-letter words of English that are not searched alone (they would match every sentence); any other two-letter
 * name word ("Li", "Wu", "Ng", "Bo") is, since a short surname identifies a person as well as a long one.
 */
const COMMON_TWO_LETTER_WORDS = new Set(
  'am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ye'.split(' '),
);

/**
 * A name's words glued as a handle or a hurried hand writes them: the whole name, and any run of two to four of its
 * words ("OBrien" for "O'Brien", "Vanderberg" for "van der Berg", "Annemarie" for "Anne-Marie"), five letters or more.
 */
export function gluedRuns(words: readonly string[]): string[] {
  const runs = words.length > 4 ? [words.join('')] : [];
  for (let i = 0; i < words.length; i++)
    for (let j = i + 2; j <= Math.min(words.length, i + 4); j++) runs.push(words.slice(i, j).join(''));
  return runs.filter((glued) => glued.length >= 5);
}

/** A compiled matcher for a fixed list of names: build once, then run over many texts (the lint checks every cell). */
export type NameMatcher = (text: string) => TextMatch[];

/**
 * Compiles the full names and the name words of `names` into one regular expression. Words of a full name may be
 * separated by up to three non-word characters, so "Ana Lima", "Ana  Lima", "Ana-Lima", "ana_lima" and "Ana\nLima"
 * all match, and glued together ("analima", in a handle or a URL) too. A name is bounded by non-letters only, so
 * "ana.lima99" is found. Longer needles are tried first, so "Ana Lima" is reported once rather than as "Ana" and
 * "Lima".
 */
export function createNameMatcher(names: readonly string[]): NameMatcher {
  const owner = new Map<string, string>();
  const needles: string[][] = [];
  const addNeedles = (name: string, words: string[]): void => {
    if (words.length === 0) return;
    const candidates: string[][] = [];
    if (words.length > 1) candidates.push(words);
    for (const glued of gluedRuns(words)) candidates.push([glued]);
    for (const w of words) {
      const letters = (w.match(/\p{L}/gu) ?? []).length;
      if (letters >= 3 || (letters === 2 && w.length === 2 && !COMMON_TWO_LETTER_WORDS.has(w))) candidates.push([w]);
    }
    // A one-word name that is a common two-letter word is still searched as a whole name: it is all we have.
    if (words.length === 1 && candidates.length === 0 && words[0].length >= 2) candidates.push(words);
    for (const needle of candidates) {
      const key = needle.join(' ');
      if (owner.has(key)) continue;
      owner.set(key, name.trim());
      needles.push(needle);
    }
  };
  for (const name of names) for (const words of nameSpellings(name)) addNeedles(name, words);
  if (needles.length === 0) return () => [];
  needles.sort((a, b) => b.join(' ').length - a.join(' ').length);
  const alternatives = needles.map((n) => n.map(escapeRegExp).join(SEPARATOR));
  // Scripts written without spaces between words (Chinese, Japanese, Thai, …) give a name no boundary: a letter of
  // theirs does not stop a match, or "田中一郎さんの" would never hold "田中一郎".
  const letter =
    '(?![\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}])\\p{L}';
  const source = `(?<!${letter})(?:${alternatives.join('|')})(?!${letter})`;
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
  const w = foldText(word);
  if (w.length === 0) return false;
  for (const name of names) {
    for (const token of nameTokens(name)) {
      if (w === token || w.includes(token) || token.includes(w)) return true;
    }
  }
  return false;
}
