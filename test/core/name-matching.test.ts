// Unit tests for name matching: accent- and case-insensitive, whole words, offsets into the original text.

import fc from 'fast-check';
import {
  findNameMatches,
  foldForMatch,
  foldWithOffsets,
  nameTokens,
  wordOverlapsNames,
} from '../../src/core/name-matching';

describe('foldForMatch', () => {
  it('removes case and diacritics', () => {
    expect(foldForMatch('José ÅNGSTRÖM Łukasz')).toBe('jose angstrom łukasz');
    expect(foldForMatch('Zoë')).toBe(foldForMatch('ZOE'));
  });

  it('keeps a map back to the original text', () => {
    const { folded, starts, ends } = foldWithOffsets('Aé😀b');
    expect(folded).toBe('ae😀b');
    expect(starts).toEqual([0, 1, 2, 2, 4]);
    expect(ends).toEqual([1, 2, 4, 4, 5]);
  });
});

describe('nameTokens', () => {
  it('keeps words of three letters or more', () => {
    expect(nameTokens('Bo Chen')).toEqual(['chen']);
    expect(nameTokens("Seán O'Brien-Murphy")).toEqual(['sean', 'brien', 'murphy']);
  });
});

describe('findNameMatches', () => {
  it('finds a full name once, with its real offset', () => {
    const text = 'Yesterday  ANA   LIMA spoke.';
    expect(findNameMatches(text, ['Ana Lima'])).toEqual([{ match: 'ANA   LIMA', index: 11, needle: 'Ana Lima' }]);
  });

  it('finds tokens on their own, ignoring accents, and respects word boundaries', () => {
    const text = 'Jose said hi. Banana bread. Joseph came.';
    const found = findNameMatches(text, ['José Ramírez']);
    expect(found.map((f) => f.match)).toEqual(['Jose']);
  });

  it('finds names written with accents when the protected name has none', () => {
    const text = 'Ask Zoë about it';
    expect(findNameMatches(text, ['Zoe Park'])).toEqual([{ match: 'Zoë', index: 4, needle: 'Zoe Park' }]);
  });

  it('does not search two-letter tokens unless they are the whole name', () => {
    expect(findNameMatches('Bo went home, Bo.', ['Bo Chen'])).toEqual([]);
    expect(findNameMatches('Bo went home', ['Bo']).map((m) => m.index)).toEqual([0]);
  });

  it('reports the match at the same text the index points to (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('Ana Lima', 'José', 'Łukasz Nowak', 'Zoë'),
        fc.string(),
        (before, name, after) => {
          const text = `${before} ${name} ${after}`;
          for (const m of findNameMatches(text, [name])) {
            expect(text.slice(m.index, m.index + m.match.length)).toBe(m.match);
          }
          expect(findNameMatches(text, [name]).length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('wordOverlapsNames', () => {
  it('matches equal, containing and contained words', () => {
    expect(wordOverlapsNames('lima', ['Ana Lima'])).toBe(true);
    expect(wordOverlapsNames('banana', ['Ana Lima'])).toBe(true);
    expect(wordOverlapsNames('ash', ['Ashley Young'])).toBe(true);
    expect(wordOverlapsNames('otter', ['Ana Lima'])).toBe(false);
  });
});
