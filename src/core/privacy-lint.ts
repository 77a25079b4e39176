// Privacy lint of the status sheet: the seed wants it vague, name-free and gender-neutral, and members edit it by hand.

import { createNameMatcher } from './name-matching';
import { findEmailsInText } from './text';

/** Gendered words the seed asks the status sheet to avoid ("Use gender neutral language"). Whole words only. */
export const GENDERED_WORDS: ReadonlySet<string> = new Set(
  "he she him her his hers himself herself man woman men women guy guys gal gals girl girls boy boys lady ladies gentleman gentlemen male female lad lass dude bro mr mrs ms miss mister sir madam maam ma\u2019am ma'am husband wife boyfriend girlfriend brother sister mother father mom mum dad son daughter uncle aunt nephew niece grandmother grandfather grandma grandpa fiance fiancee widow widower king queen prince princess actress waitress chairman chairwoman spokesman spokeswoman businessman businesswoman".split(
    ' ',
  ),
);

export interface LintFinding {
  /** 0-based index into `rows` (the data rows, without the header). */
  row: number;
  /** The header of the column, or "Column N" when the header cell is blank. */
  column: string;
  reason: 'name' | 'gendered' | 'email';
  match: string;
}

function findGenderedWords(text: string): string[] {
  const found: string[] = [];
  // Words with an optional inner apostrophe, so "ma'am" is seen whole and "he's" is seen as "he".
  const pattern = /[\p{L}]+(?:['\u2019][\p{L}]+)?/gu;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const word = m[0].toLowerCase();
    if (GENDERED_WORDS.has(word)) {
      found.push(m[0]);
      continue;
    }
    const apostrophe = word.search(/['\u2019]/);
    if (apostrophe > 0 && GENDERED_WORDS.has(word.slice(0, apostrophe))) found.push(m[0].slice(0, apostrophe));
  }
  return found;
}

/**
 * Checks every string cell of the status sheet's data rows for known names (full names and tokens of
 * three letters or more), email addresses and gendered words. Non-string cells (dates, numbers,
 * booleans) cannot carry a name and are skipped.
 */
export function lintStatusCells(
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  header: readonly string[],
  knownNames: readonly string[],
): LintFinding[] {
  const findings: LintFinding[] = [];
  const findNames = createNameMatcher(knownNames);
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (typeof cell !== 'string' || cell.trim() === '') return;
      const headerCell = header[c];
      const column = typeof headerCell === 'string' && headerCell.trim() !== '' ? headerCell.trim() : `Column ${c + 1}`;
      const emails = findEmailsInText(cell);
      for (const e of emails) findings.push({ row: r, column, reason: 'email', match: e.match });
      // Names inside an address were already reported as the address.
      let rest = cell;
      for (const e of emails) rest = rest.split(e.match).join(' ');
      for (const m of findNames(rest)) findings.push({ row: r, column, reason: 'name', match: m.match });
      for (const word of findGenderedWords(rest)) findings.push({ row: r, column, reason: 'gendered', match: word });
    });
  });
  return findings;
}
