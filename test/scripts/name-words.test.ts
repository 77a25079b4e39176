// The code-name exclusion list is what the names package says, not a hand-kept copy: regenerated here and compared, and no code word is a common name.

import { ADJECTIVES, NOUNS } from '../../src/core/code-names';
import { NAME_WORDS } from '../../src/core/name-words';
import { commonNames, nameWords } from '../../scripts/generate/name-words';

test('src/core/name-words.ts holds what the generator makes from @faker-js/faker (npm run generate:names)', () => {
  expect([...NAME_WORDS].sort()).toEqual(nameWords());
});

test('no word a code name is drawn from is a common given name or surname', () => {
  const names = commonNames();
  expect(names.size).toBeGreaterThan(5000);
  for (const w of ['frost', 'hill', 'green', 'park'])
    if (names.has(w)) expect([...ADJECTIVES, ...NOUNS]).not.toContain(w);
  expect([...ADJECTIVES, ...NOUNS].filter((w) => names.has(w))).toEqual([]);
  expect(ADJECTIVES.length).toBeGreaterThan(500);
  expect(NOUNS.length).toBeGreaterThan(500);
});
