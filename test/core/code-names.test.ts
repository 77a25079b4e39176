// Unit and property tests for code names: shape, deny list, uniqueness and never echoing a reported name.

import fc from 'fast-check';
import words from 'friendly-words/generated/words.json';
import { NameGuard, generateCodeName, isCodeNameAllowed, listCodeWords } from '../../src/core/code-names';
import { DENY_LIST } from '../../scripts/generate/deny-list';
import { GENDERED_WORDS } from '../../src/core/privacy-lint';
import { lintStatusCells } from '../../src/core/privacy-lint';

const { adjectives: ADJECTIVES, nouns: NOUNS } = listCodeWords();

/** A deterministic random source for fast-check-driven tests. */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

describe('word lists', () => {
  it('come from friendly-words predicates and objects', () => {
    const source = words as unknown as { predicates: string[]; objects: string[] };
    expect(ADJECTIVES.every((w) => source.predicates.includes(w))).toBe(true);
    expect(NOUNS.every((w) => source.objects.includes(w))).toBe(true);
  });

  it('are large enough for a lifetime of cases', () => {
    expect(ADJECTIVES.length).toBeGreaterThan(700);
    expect(NOUNS.length).toBeGreaterThan(1500);
    expect(ADJECTIVES.length * NOUNS.length).toBeGreaterThan(1_000_000);
  });

  it('hold only lower-case a-z words of 3 to 10 letters, none denied, no duplicates', () => {
    for (const list of [ADJECTIVES, NOUNS]) {
      expect(new Set(list).size).toBe(list.length);
      expect(list.filter((w) => !/^[a-z]{3,10}$/.test(w) || DENY_LIST.has(w))).toEqual([]);
    }
  });

  it('deny the words the brief names and the gendered words the privacy lint flags', () => {
    for (const w of [
      'abrasive',
      'naked',
      'victim',
      'angry',
      'guilty',
      'crazy',
      'dead',
      'slave',
      'lying',
      'monkey',
      'william',
    ]) {
      expect(DENY_LIST.has(w)).toBe(true);
    }
    for (const w of GENDERED_WORDS) expect(DENY_LIST.has(w)).toBe(true);
    expect(DENY_LIST.size).toBeGreaterThan(300);
  });

  it('filter out denied words that exist in the source lists', () => {
    expect(ADJECTIVES).not.toContain('abrasive');
    expect(ADJECTIVES).not.toContain('angry');
    expect(NOUNS).not.toContain('guilty');
    expect(NOUNS).not.toContain('brother');
    expect(NOUNS).not.toContain('knife');
  });
});

describe('isCodeNameAllowed', () => {
  it('accepts two allowed words and rejects bad shapes', () => {
    expect(isCodeNameAllowed('quiet otter', [])).toBe(true);
    expect(isCodeNameAllowed('quiet', [])).toBe(false);
    expect(isCodeNameAllowed('quiet  otter', [])).toBe(false);
    expect(isCodeNameAllowed('Quiet Otter', [])).toBe(false);
    expect(isCodeNameAllowed('otter otter', [])).toBe(false);
    // A denied word is never drawn: the lists are made without the deny list (scripts/generate/deny-list.ts).
    expect(DENY_LIST.has('angry')).toBe(true);
    expect([...ADJECTIVES, ...NOUNS]).not.toContain('angry');
  });

  it('rejects a word that equals, contains or is inside a name token, ignoring case and accents', () => {
    expect(isCodeNameAllowed('quiet otter', ['Otter Smith'])).toBe(false);
    expect(isCodeNameAllowed('quiet banana', ['Ana Lima'])).toBe(false);
    expect(isCodeNameAllowed('ash otter', ['Ashley Young'])).toBe(false);
    expect(isCodeNameAllowed('quiet lime', ['Limé Park'])).toBe(false);
    // Two-letter tokens are too short to compare.
    expect(isCodeNameAllowed('quiet bottle', ['Bo Chen'])).toBe(true);
  });
});

describe('generateCodeName', () => {
  it('returns "adjective noun" from the lists', () => {
    const name = generateCodeName(seeded(7), new Set(), []);
    const [adjective, noun] = name.split(' ');
    expect(ADJECTIVES).toContain(adjective);
    expect(NOUNS).toContain(noun);
  });

  it('never returns a denied word, a taken name or a word overlapping a reported name (property)', () => {
    const nameArb = fc.oneof(
      fc.constantFrom('Ana Lima', 'Sam Doe', 'Robin Otter', 'Maple Leaf', 'José Núñez', 'Brook Stone'),
      fc.stringMatching(/^[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}$/),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.array(nameArb, { maxLength: 4 }), (seed, names) => {
        const random = seeded(seed);
        const taken = new Set<string>();
        for (let i = 0; i < 20; i += 1) {
          const name = generateCodeName(random, taken, names);
          const [a, n] = name.split(' ');
          expect(DENY_LIST.has(a) || DENY_LIST.has(n)).toBe(false);
          expect(taken.has(name)).toBe(false);
          expect(isCodeNameAllowed(name, names)).toBe(true);
          // Independently of the implementation: no word shares a 3+ letter token with any name.
          for (const person of names) {
            for (const token of person
              .toLowerCase()
              .normalize('NFD')
              .replace(/\p{M}/gu, '')
              .split(/[^a-z]+/)) {
              if (token.length < 3) continue;
              for (const w of [a, n]) expect(w.includes(token) || token.includes(w)).toBe(false);
            }
          }
          taken.add(name);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('treats taken names case-insensitively', () => {
    const first = generateCodeName(seeded(42), new Set(), []);
    const second = generateCodeName(seeded(42), new Set([first.toUpperCase()]), []);
    expect(second).not.toBe(first);
  });

  it('a stuck random source gets the next free pair after 1,000 draws instead of failing the report', () => {
    const first = generateCodeName(() => 0, new Set(), []);
    let calls = 0;
    const second = generateCodeName(
      () => {
        calls += 1;
        return 0;
      },
      new Set([first]),
      [],
    );
    expect(second).not.toBe(first);
    expect(isCodeNameAllowed(second, [])).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(2000);
  });

  it('copes with a random source that returns 1 or NaN', () => {
    expect(
      isCodeNameAllowed(
        generateCodeName(() => 1, new Set(), []),
        [],
      ),
    ).toBe(true);
    expect(
      isCodeNameAllowed(
        generateCodeName(() => NaN, new Set(), []),
        [],
      ),
    ).toBe(true);
  });

  it('produces names the status-sheet lint never flags as gendered (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const name = generateCodeName(seeded(seed), new Set(), []);
        expect(lintStatusCells([[name]], ['Code Name'], [])).toEqual([]);
      }),
    );
  });
});

describe('generateCodeName against a long history of names', () => {
  /** A name word echoing no code word (letters no English word strings together), one per `i`. */
  const filler = (i: number): string =>
    'zqx' +
    i
      .toString(5)
      .split('')
      .map((d) => 'qxzjv'[Number(d)])
      .join('');

  it("every name counts, the latest reports' past the 2,000 words a bound once compared", () => {
    const history = Array.from({ length: 2500 }, (_, i) => filler(i));
    for (const word of [...ADJECTIVES, ...NOUNS]) expect(history.some((n) => n.includes(word))).toBe(false);
    // The latest case's people are named with code words: a third of each list.
    const latest = [...ADJECTIVES.filter((_, i) => i % 3 === 0), ...NOUNS.filter((_, i) => i % 3 === 0)];
    const names = [...history, ...latest];
    const guard = NameGuard.of(names);
    const drawn: string[] = [];
    for (let seed = 1; seed <= 200; seed++) drawn.push(generateCodeName(seeded(seed), new Set(), guard));
    for (const name of drawn) expect(isCodeNameAllowed(name, names)).toBe(true);
    // The same names given as a list rule out the same words.
    for (let seed = 1; seed <= 20; seed++)
      expect(generateCodeName(seeded(seed), new Set(), names)).toBe(drawn[seed - 1]);
  });

  it('a guard with more names rules out theirs as well as its own, and leaves the first guard as it was', () => {
    const first = NameGuard.of([ADJECTIVES[0]]);
    const both = first.with([NOUNS[0]]);
    expect(both.echoed.has(ADJECTIVES[0]) && both.echoed.has(NOUNS[0])).toBe(true);
    expect(first.echoed.has(NOUNS[0])).toBe(false);
    expect(both.isToken(NOUNS[0])).toBe(true);
  });
});

describe('generateCodeName on answers that are not lists of names', () => {
  /** Every word of both lists starts with one of these: as "names", they rule out every word. */
  const prefixes = (): string[] => [...new Set([...ADJECTIVES, ...NOUNS].map((w) => w.slice(0, 3)))];

  it('a single "name" of pasted text longer than any name word does not rule out every word', () => {
    const pasted = [...ADJECTIVES, ...NOUNS].join('');
    const fallbacks: string[] = [];
    const name = generateCodeName(seeded(3), new Set(), [pasted], (rule) => fallbacks.push(rule));
    expect(isCodeNameAllowed(name, [pasted])).toBe(true);
    expect(fallbacks).toEqual([]);
  });

  it('names that rule out every word: they are compared word for word, and said so', () => {
    const everything = prefixes();
    const fallbacks: string[] = [];
    expect(everything.length).toBeLessThan(2000);
    const name = generateCodeName(seeded(5), new Set(), everything, (rule) => fallbacks.push(rule));
    expect(name).toMatch(/^[a-z]{3,10} [a-z]{3,10}$/);
    expect(fallbacks).toEqual(['exact']);
    for (const w of name.split(' ')) expect(everything).not.toContain(w);
  });

  it('names that spell out both word lists are ignored rather than leaving the report without a case', () => {
    const words = [...ADJECTIVES, ...NOUNS];
    const fallbacks: string[] = [];
    const name = generateCodeName(seeded(9), new Set(), words, (rule) => fallbacks.push(rule));
    expect(name.split(' ')).toHaveLength(2);
    expect(fallbacks).toEqual(['unchecked']);
  });

  it('the full rule is kept when it can still be met, even if random draws keep missing', () => {
    // Rule out all but one adjective: random draws rarely hit it, the scan does.
    const keep = ADJECTIVES.find((a) => !NOUNS.some((n) => n.includes(a) || a.includes(n)))!;
    const names = ADJECTIVES.filter((a) => a !== keep && !keep.includes(a) && !a.includes(keep));
    const fallbacks: string[] = [];
    const name = generateCodeName(seeded(11), new Set(), names, (rule) => fallbacks.push(rule));
    expect(fallbacks).toEqual([]);
    expect(isCodeNameAllowed(name, names)).toBe(true);
  });
});
