// Narrows a long list of protected names to those that could possibly match some texts, before the (costly) name matcher runs.
import { foldText } from '../core/identity';
import { splitNameWords } from '../core/name-matching';

/**
 * The names that could match anywhere in `texts`. The matcher of core/name-matching finds a name only where
 * a whole folded word of the text equals one of the name's words, so a name none of whose words occurs in
 * the texts cannot match and is left out. The result is exact (the same findings), but the matcher's pattern
 * holds a handful of names instead of every name in the registry: with years of cases that pattern alone
 * cost seconds of CPU per sweep.
 */
export function namesThatCouldAppear(names: readonly string[], texts: Iterable<unknown>): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (typeof text !== 'string' || text === '') continue;
    // The matcher folds code point by code point; folding the whole string (much cheaper per cell) gives the same
    // words except for sigma, lower-cased to "ς" or "σ" by context: words are compared with sigma spelled one way.
    for (const word of foldText(text).split(/[^\p{L}\p{N}]+/u)) if (word) words.add(oneSigma(word));
  }
  return names.filter((name) => splitNameWords(name).some((word) => words.has(oneSigma(word))));
}

function oneSigma(word: string): string {
  return word.includes('\u03c2') ? word.replace(/\u03c2/g, '\u03c3') : word;
}
