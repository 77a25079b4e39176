// The code-name exclusion list is what the names package says, not a hand-kept copy: regenerated here and compared, and no code word is a common name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { ADJECTIVES, NOUNS } from '../../src/core/code-names';
import { commonNames, nameWords, renderNameWords } from '../../scripts/names/name-words';

test('src/core/name-words.ts is what the generator makes from @faker-js/faker (npm run generate:names)', async () => {
  const committed = readFileSync(join(__dirname, '../../src/core/name-words.ts'), 'utf8');
  const generated = await format(renderNameWords(nameWords()), {
    parser: 'typescript',
    printWidth: 120,
    singleQuote: true,
  });
  expect(committed).toBe(generated);
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
