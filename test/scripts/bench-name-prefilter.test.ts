// The prefilter that keeps the privacy lint cheap on a large registry (src/flows/name-prefilter.ts) never changes what the name matcher finds.
import fc from 'fast-check';
import { findNameMatches, foldWithOffsets } from '../../src/core/name-matching';
import { lintStatusCells } from '../../src/core/privacy-lint';
import { namesThatCouldAppear } from '../../src/flows/name-prefilter';

const WORDS = [
  'Ana',
  'Lima',
  'José',
  'JOSE',
  'Bo',
  'Chen',
  'O\u2019Neil',
  'Ana-Lima',
  'Zoë',
  'zoe',
  'Müller',
  'muller',
  'Σίσυφος',
  'al',
  'Li',
];
const FILLER = [
  'Ongoing',
  'Warning',
  'he',
  'her team',
  'see doc',
  '-',
  ' ',
  ', ',
  '  ',
  '\n',
  'x@example.org',
  '07/07 8:30am',
];

const name = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '  ', '-'))
  .map(([w, sep]) => w.join(sep));
// Joined by a space, glued ("@RitaQuell", "lima99", ADV-165) or at an '@'.
const text = fc
  .tuple(fc.array(fc.constantFrom(...WORDS, ...FILLER, '99'), { maxLength: 8 }), fc.constantFrom(' ', '', '@'))
  .map(([parts, joiner]) => parts.join(joiner));

describe('namesThatCouldAppear', () => {
  it('keeps every name the matcher would find in the texts', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), fc.array(text, { minLength: 1, maxLength: 6 }), (names, texts) => {
        const kept = namesThatCouldAppear(names, texts);
        for (const t of texts) expect(findNameMatches(t, kept)).toEqual(findNameMatches(t, names));
      }),
      { numRuns: 120 },
    );
  });

  it('ADV-627 keeps a name the matcher finds only once decoded (percent-encoded UTF-8, quoted-printable)', () => {
    const names = ['\u0141ukasz \u017bak', 'Jos\u00e9 Wojcik'];
    for (const t of ['forum.example.org/u/%C5%81ukasz_%C5%BBak', '=C5=81ukasz =C5=BBak', 'Jos%C3%A9 W=\nojcik']) {
      expect(findNameMatches(t, names)).not.toEqual([]);
      expect(findNameMatches(t, namesThatCouldAppear(names, [t]))).toEqual(findNameMatches(t, names));
    }
  });

  it('gives the lint the same findings on a status sheet', () => {
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 10 }),
        fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { maxLength: 6 }),
        (names, rows) => {
          const header = ['Status', 'Actions needed', 'Resolution'];
          expect(lintStatusCells(rows, header, namesThatCouldAppear(names, rows.flat()))).toEqual(
            lintStatusCells(rows, header, names),
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps a name whenever a word of it is a whole word of the text as the matcher folds it, for any text', () => {
    const letters = fc.constantFrom(
      'a',
      'Σ',
      'ς',
      'σ',
      'İ',
      'é',
      'e\u0301',
      'ß',
      'Ǆ',
      'ﬁ',
      'Ω',
      '1',
      ' ',
      '-',
      '\u0301',
      'Ⅻ',
      'ı',
    );
    fc.assert(
      fc.property(
        fc.array(letters, { maxLength: 12 }).map((a) => a.join('')),
        (text) => {
          const folded = foldWithOffsets(text).folded;
          for (const word of folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
            // A name made of exactly that word must survive the filter.
            expect(namesThatCouldAppear([word], [text])).toEqual([word]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('drops names none of whose words occur', () => {
    expect(namesThatCouldAppear(['Ana Lima', 'Bo Chen', 'Zoë'], ['Waiting for moderators', 'ana said'])).toEqual([
      'Ana Lima',
    ]);
    expect(namesThatCouldAppear(['Zoë'], ['ZOE'])).toEqual(['Zoë']);
  });

  it('ADV-165 keeps a name the matcher finds glued, beside digits or inside Japanese', () => {
    // Before: only whole words of the text were compared, so each of these names was dropped and the lint was silent.
    expect(namesThatCouldAppear(['Rita Quell'], ['Asked @RitaQuell for an update'])).toEqual(['Rita Quell']);
    expect(namesThatCouldAppear(['Ana Lima'], ['see lima99 on the forum'])).toEqual(['Ana Lima']);
    expect(namesThatCouldAppear(['田中一郎'], ['田中一郎さんの件'])).toEqual(['田中一郎']);
    expect(namesThatCouldAppear(['Rita Quell'], ['Waiting for moderators'])).toEqual([]);
  });
});
