// The identity model's confusables table is what Unicode's confusables.txt says (via unhomoglyph), regenerated here and compared, not a hand-kept copy.
import { LATIN_PROTOTYPES } from '../../src/core/confusables';
import { latinPrototypes, renderConfusables } from '../../scripts/generate/confusables';

test('src/core/confusables.ts holds what the generator makes (npm run generate:confusables)', () => {
  expect(LATIN_PROTOTYPES).toBe(renderConfusables(latinPrototypes()).split('`')[1]);
});

test('the table holds the letters that disguise Latin names, and nothing NFKC already folds', () => {
  const table = new Map(latinPrototypes());
  for (const [from, to] of [
    ['а', 'a'],
    ['е', 'e'],
    ['о', 'o'],
    ['і', 'i'],
    ['Κ', 'k'],
    ['ѕ', 's'],
  ])
    expect(table.get(from)).toBe(to);
  expect(table.has('Ａ')).toBe(false);
  expect(table.size).toBeGreaterThan(500);
});
