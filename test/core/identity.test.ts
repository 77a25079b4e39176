// The identity model: folding sees through invisible characters, other scripts' look-alikes, fullwidth and styled letters; names match as word sets; addresses as mailboxes.
import fc from 'fast-check';
import {
  canonicalAddress,
  foldText,
  matchAddresses,
  matchNames,
  matchPeople,
  nameWords,
} from '../../src/core/identity';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const word = fc
  .array(fc.constantFrom(...LETTERS), { minLength: 2, maxLength: 9 })
  .map((cs) => cs.join(''))
  .map((w) => w[0].toUpperCase() + w.slice(1));
const fullName = fc.array(word, { minLength: 2, maxLength: 4 }).map((ws) => ws.join(' '));

/** Invisible characters a hostile writer slips into a name (all Default_Ignorable_Code_Point). */
const INVISIBLE = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u034f', '\u202e', '\u2066'];
/** Cyrillic and Greek letters drawn like Latin ones. */
const LOOKALIKE: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  x: 'х',
  y: 'у',
  i: 'і',
  s: 'ѕ',
  j: 'ј',
  A: 'Α',
  B: 'Β',
  E: 'Ε',
  K: 'Κ',
  M: 'Μ',
  T: 'Τ',
};

function fullwidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
}
function mathBold(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) =>
    String.fromCodePoint((c <= 'Z' ? 0x1d400 : 0x1d41a) + c.toLowerCase().charCodeAt(0) - 97),
  );
}

describe('foldText', () => {
  test('examples: each disguise folds to the plain name', () => {
    expect(foldText('Ri\u00adta Al\u200bvarez')).toBe('rita alvarez');
    expect(foldText('Rіtа Аlvarez')).toBe('rita alvarez'); // Cyrillic і, а, А
    expect(foldText('Ｒｉｔａ')).toBe('rita');
    expect(foldText('𝐑𝐢𝐭𝐚 𝒜𝓁𝓋𝒶𝓇𝑒𝓏')).toBe('rita alvarez');
    expect(foldText('ÁLVAREZ, Łukasz Øre')).toBe('alvarez, lukasz ore');
    expect(foldText('ﬁona')).toBe('fiona');
  });

  test('ASCII text is only lower-cased (ordinary spellings are not conflated)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...' abcdefmnrl01IO.-_@'.split('')) }), (s) => {
        expect(foldText(s)).toBe(s.toLowerCase());
      }),
    );
  });

  test('regressions found by the properties below: prototypes that fold further, and case-only prototypes', () => {
    for (const s of ['ᐎ', 'ᐬ', 'Δ']) expect(foldText(foldText(s))).toBe(foldText(s));
    expect(foldText('Κa Αa')).toBe('ka aa'); // Greek capitals: their prototypes exist only in upper case
  });

  test('folding is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => expect(foldText(foldText(s))).toBe(foldText(s))));
  });

  test('invisible characters anywhere change nothing', () => {
    fc.assert(
      fc.property(fullName, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE))), (name, inserts) => {
        let disguised = name;
        for (const [at, ch] of inserts) {
          const i = at % (disguised.length + 1);
          disguised = disguised.slice(0, i) + ch + disguised.slice(i);
        }
        expect(foldText(disguised)).toBe(foldText(name));
      }),
    );
  });

  test('look-alike letters from other scripts, fullwidth and mathematical letters fold to the Latin name', () => {
    fc.assert(
      fc.property(fullName, fc.func(fc.boolean()), (name, swap) => {
        const lookalike = [...name].map((c, i) => (LOOKALIKE[c] && swap(c, i) ? LOOKALIKE[c] : c)).join('');
        expect(foldText(lookalike)).toBe(foldText(name));
        expect(foldText(fullwidth(name))).toBe(foldText(name));
        expect(foldText(mathBold(name))).toBe(foldText(name));
      }),
    );
  });
});

describe('matchNames', () => {
  test('examples', () => {
    expect(matchNames('Ana Lima', 'ANA LIMA')).toBe('exact');
    expect(matchNames('Lima, Ana', 'Ana Lima')).toBe('exact');
    expect(matchNames('Lima Ana', 'Ana Lima')).toBe('exact');
    expect(matchNames('Ana Lima', 'Ana Maria Lima')).toBe('likely');
    expect(matchNames('A. Lima', 'Ana Lima')).toBe('likely');
    expect(matchNames('Ana M. Lima', 'Ana Maria Lima')).toBe('likely');
    expect(matchNames('Sam Doe', 'Samuel Doe')).toBe('likely');
    expect(matchNames('AnaLima', 'Ana Lima')).toBe('likely');
    // A short word ending in a vowel and e is not drawn back alone, so neither is the glued name (ADV-270).
    expect(matchNames('samdoe', 'Sam Doe')).toBe('likely');
    expect(matchNames('JoePark', 'Joe Park')).toBe('likely');
    expect(matchNames('𝐀𝐧𝐚 𝐋𝐢𝐦𝐚', 'Ana Lima')).toBe('exact');
    expect(matchNames('Ana', 'Ana Lima')).toBe('no');
    expect(matchNames('Ana Souza', 'Ana Lima')).toBe('no');
    expect(matchNames('Jane Doe', 'John Doe')).toBe('no');
    expect(matchNames('', 'Ana Lima')).toBe('no');
  });

  test('symmetric, and exact for the same words in any order', () => {
    fc.assert(fc.property(fullName, fullName, (a, b) => expect(matchNames(a, b)).toBe(matchNames(b, a))));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.nat(), (words, k) => {
        const turned = [...words.slice(k % words.length), ...words.slice(0, k % words.length)];
        expect(matchNames(words.join(' '), turned.join(' '))).toBe('exact');
      }),
    );
  });

  test('a middle name or initial added to a name of two words or more is likely the same person', () => {
    fc.assert(
      fc.property(word, word, word, (first, middle, last) => {
        fc.pre(new Set([first, middle, last].map((w) => w.toLowerCase())).size === 3);
        expect(matchNames(`${first} ${last}`, `${first} ${middle} ${last}`)).not.toBe('no');
        expect(matchNames(`${first} ${last}`, `${first} ${middle[0]}. ${last}`)).not.toBe('no');
      }),
    );
  });

  test('an umlaut spelt out or drawn back is likely the same person; a short word is not drawn back', () => {
    expect(matchNames('J\u00fcrgen M\u00fcller', 'Juergen Mueller')).toBe('likely');
    expect(matchNames('Jana Mueller', 'Jana Muller')).toBe('likely');
    expect(matchNames('S\u00f8ren Lund', 'Soeren Lund')).toBe('likely');
    expect(matchNames('Gael Lund', 'Gal Lund')).toBe('no');
    expect(matchNames('Jana Mueller', 'Jana Miller')).toBe('no');
  });

  test('words come out folded, "Last, First" turned round', () => {
    expect(nameWords('Lima, Ána')).toEqual(['ana', 'lima']);
    expect(nameWords('O\u2019Brien-Smith')).toEqual(['o', 'brien', 'smith']);
  });
});

describe('addresses', () => {
  test('Gmail ignores dots and +tags and answers at googlemail.com too; other domains drop the +tag', () => {
    expect(canonicalAddress('A.Na.Lima+coc@GoogleMail.com')).toBe('analima@gmail.com');
    expect(canonicalAddress('ana.lima+coc@example.org')).toBe('ana.lima@example.org');
    expect(matchAddresses('ana@example.org', 'ANA@example.org ')).toBe('exact');
    expect(matchAddresses('ana.lima@gmail.com', 'analima@googlemail.com')).toBe('likely');
    expect(matchAddresses('ana+coc@example.org', 'ana@example.org')).toBe('likely');
    expect(matchAddresses('ana.lima@example.org', 'analima@example.org')).toBe('no');
    expect(matchAddresses('аna@example.org', 'ana@example.org')).toBe('likely'); // Cyrillic а: the same to a reader
  });

  test('any dotting and tagging of a Gmail address is the same mailbox', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LETTERS), { minLength: 3, maxLength: 12 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        fc.option(word),
        (letters, dots, tag) => {
          const local = letters.map((c, i) => (dots[i] && i > 0 ? `.${c}` : c)).join('');
          const variant = `${local}${tag ? `+${tag}` : ''}@gmail.com`;
          expect(matchAddresses(variant, `${letters.join('')}@gmail.com`)).not.toBe('no');
        },
      ),
    );
  });

  test('a person matches by either name or address', () => {
    expect(matchPeople({ name: 'Ana Lima', email: 'x@example.org' }, { name: 'Lima, Ana' })).toBe('exact');
    expect(matchPeople({ email: 'ana+a@example.org' }, { name: 'Bo', email: 'ana@example.org' })).toBe('likely');
    expect(matchPeople({ name: 'Ana' }, { email: 'ana@example.org' })).toBe('no');
  });
});
