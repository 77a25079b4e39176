// Unit tests for name matching: accent- and case-insensitive, whole words, offsets into the original text.

import fc from 'fast-check';
import { foldText } from '../../src/core/identity';
import {
  findNameMatches,
  foldWithOffsets,
  nameSpellings,
  nameTokens,
  wordOverlapsNames,
} from '../../src/core/name-matching';

describe('foldText', () => {
  it('removes case and diacritics', () => {
    expect(foldText('José ÅNGSTRÖM Łukasz')).toBe('jose angstrom lukasz');
    expect(foldText('Zoë')).toBe(foldText('ZOE'));
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

  it('searches two-letter name words, except common English words unless they are the whole name', () => {
    expect(findNameMatches('Bo went home, bo.', ['Bo Chen']).map((m) => m.index)).toEqual([0, 14]);
    expect(findNameMatches('Ask Li or Wu.', ['Li Wu']).map((m) => m.match)).toEqual(['Li', 'Wu']);
    expect(findNameMatches('He went home', ['He Chen'])).toEqual([]);
    expect(findNameMatches('He went home', ['He']).map((m) => m.index)).toEqual([0]);
  });

  it('finds names glued together, in handles and URLs, with digits after them', () => {
    const names = ['Rita Alvarez'];
    expect(findNameMatches('see github.com/ritaalvarez', names).map((m) => m.match)).toEqual(['ritaalvarez']);
    expect(findNameMatches('ping @rita_alvarez99', names).map((m) => m.match)).toEqual(['rita_alvarez']);
    expect(findNameMatches('RitaAlvarez wrote', names).map((m) => m.match)).toEqual(['RitaAlvarez']);
    expect(findNameMatches('a margarita, please', names)).toEqual([]);
  });

  it('sees through invisible characters and look-alike letters, reporting the original text', () => {
    const text = 'Thanks to Ri\u00adta Аlvarez (Cyrillic А) and Ｒｉｔａ.';
    const found = findNameMatches(text, ['Rita Alvarez']);
    expect(found.map((m) => m.match)).toEqual(['Ri\u00adta Аlvarez', 'Ｒｉｔａ']);
    for (const m of found) expect(text.slice(m.index, m.index + m.match.length)).toBe(m.match);
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

describe('nameSpellings', () => {
  it('spells ä ö ü å ø out and spelt-out vowels back, the name as given first', () => {
    expect(nameSpellings('J\u00fcrgen M\u00fcller')).toEqual([
      ['jurgen', 'muller'],
      ['juergen', 'mueller'],
    ]);
    expect(nameSpellings('Jana Mueller')).toEqual([
      ['jana', 'mueller'],
      ['jana', 'muller'],
    ]);
    expect(nameSpellings('\u00c5se Haas')).toEqual([
      ['ase', 'haas'],
      ['aase', 'haas'],
    ]);
    // "Gael" drawn back would be "gal", an ordinary word: left as it is.
    expect(nameSpellings('Gael Doe')).toEqual([['gael', 'doe']]);
  });

  it('finds each spelling in text, reported at its real place', () => {
    expect(findNameMatches('Ask Ms Mueller first.', ['Jana M\u00fcller'])).toEqual([
      { match: 'Mueller', index: 7, needle: 'Jana M\u00fcller' },
    ]);
    expect(findNameMatches('Ask Ms M\u00fcller first.', ['Jana Mueller']).map((m) => m.match)).toEqual(['M\u00fcller']);
    expect(findNameMatches('He has a gal pal.', ['Gael Haas'])).toEqual([]);
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
