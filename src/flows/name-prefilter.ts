// Narrows a long list of protected names to those that could possibly match some texts, before the (costly) name matcher runs.
import { foldWithOffsets, gluedRuns, nameSpellings } from '../core/name-matching';

/**
 * The names that could match anywhere in `texts`. Whatever the matcher of core/name-matching finds holds one of the
 * name's words of two letters or more, its longest word, or a glued run of its words, folded; a name none of which
 * occurs in the texts folded as the matcher folds them ("Jos%C3%A9" is José, ADV-627) cannot match and is left out.
 * Searched as substrings, not as whole words: the matcher finds "lima" in "lima99", "ritaquell" in "@RitaQuell" and
 * "田中一郎" in "田中一郎さんの" (ADV-165). The result is exact (the same findings), but the matcher's pattern holds a
 * handful of names instead of every name in the registry: with years of cases that pattern alone cost seconds of CPU
 * per sweep.
 */
export function namesThatCouldAppear(names: readonly string[], texts: Iterable<unknown>): string[] {
  const folded: string[] = [];
  for (const text of texts) if (typeof text === 'string' && text !== '') folded.push(foldWithOffsets(text).folded);
  const all = folded.join('\n');
  if (all === '') return [];
  // Every spelling the matcher searches ("Mueller" for "Müller").
  return names.filter((name) =>
    nameSpellings(name).some((words) => {
      const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
      return [longest, ...words.filter((w) => w.length >= 2), ...gluedRuns(words)].some((w) => w && all.includes(w));
    }),
  );
}
