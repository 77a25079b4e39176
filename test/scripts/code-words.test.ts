// The code-name word lists are what the generator makes from friendly-words, the deny list and the names package, not a hand-kept copy, and no code word is a common given name or surname.
import { listCodeWords } from '../../src/core/code-names';
import { codeWords, commonNames } from '../../scripts/generate/code-words';

const { adjectives: ADJECTIVES, nouns: NOUNS } = listCodeWords();

test('src/core/code-words.ts holds what the generator makes (npm run generate:code-words)', () => {
  expect({ adjectives: ADJECTIVES, nouns: NOUNS }).toEqual(codeWords());
});

test('no word a code name is drawn from is a common given name or surname', () => {
  const names = commonNames();
  expect(names.size).toBeGreaterThan(5000);
  for (const w of ['frost', 'hill', 'green', 'august']) expect(names.has(w)).toBe(true);
  expect([...ADJECTIVES, ...NOUNS].filter((w) => names.has(w))).toEqual([]);
  expect(ADJECTIVES.length).toBeGreaterThan(500);
  expect(NOUNS.length).toBeGreaterThan(1000);
});
