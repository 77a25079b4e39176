// Unit tests for person code names: who a report names, when two records are one person (the identity model), and codes that stay the same across reports.
import fc from 'fast-check';
import { listCodeWords } from '../../src/core/code-names';
import { matchNames } from '../../src/core/identity';
import { isSamePersonAs, peopleOf, personCoder, type KnownPerson, type PeopleLists } from '../../src/core/person-codes';

const { adjectives: ADJECTIVES, nouns: NOUNS } = listCodeWords();

const none = { names: [], emails: [], handles: [] };

/** One report coded against `known`: the coder's first use. */
function assignPersonCodes(
  people: PeopleLists[],
  known: KnownPerson[],
  taken: Set<string>,
  random: () => number,
  names: string[],
): string[] {
  return personCoder(known, taken, random)(people, names);
}

/** A fixed sequence of draws, so codes are repeatable. */
function draws(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('peopleOf', () => {
  test('each name is a person, with the addresses and handles spelt from its name; nobody named falls back to handles, then addresses', () => {
    expect(peopleOf({ names: ['Quorra Vell'], emails: ['qv@example.net'], handles: ['@qvell'] })).toEqual([
      { names: ['Quorra Vell'], emails: ['qv@example.net'], handles: ['@qvell'] },
    ]);
    expect(
      peopleOf({
        names: ['Quorra Vell', 'Tamsin Orle'],
        emails: ['qv@example.net', 't.orle@example.net'],
        handles: [],
      }),
    ).toEqual([
      { ...none, names: ['Quorra Vell'], emails: ['qv@example.net'] },
      { ...none, names: ['Tamsin Orle'], emails: ['t.orle@example.net'] },
    ]);
    // Spelt from no name given (ADV-390): a person of its own, after the named ones, whose codes keep their places.
    expect(peopleOf({ names: ['Quorra Vell'], emails: ['kit@example.net'], handles: ['@kitmarr'] })).toEqual([
      { ...none, names: ['Quorra Vell'] },
      { ...none, handles: ['@kitmarr'] },
      { ...none, emails: ['kit@example.net'] },
    ]);
    expect(peopleOf({ names: [], emails: ['a@example.net'], handles: ['@one', '@two'] })).toEqual([
      { ...none, handles: ['@one'] },
      { ...none, handles: ['@two'] },
      { ...none, emails: ['a@example.net'] },
    ]);
    expect(peopleOf({ names: [], emails: ['one.x@example.net'], handles: ['@one', '@two'] })).toEqual([
      { ...none, handles: ['@one'], emails: ['one.x@example.net'] },
      { ...none, handles: ['@two'] },
    ]);
    expect(peopleOf(none)).toEqual([]);
  });
});

describe('peopleOf, as a property', () => {
  test('property: every name, handle and address is in exactly one person; the named come first, in order; a handle or address joins a named person only when spelt from that name', () => {
    const names = fc.array(fc.constantFrom('Quorra Vell', 'Tamsin Orle', 'Kit Marr', 'O. Prenn'), { maxLength: 3 });
    const handles = fc.array(fc.constantFrom('@qvell', '@kitmarr', '@orle', '@zed', '@tamsin'), { maxLength: 3 });
    const emails = fc.array(fc.constantFrom('qv@example.net', 'kit.marr@example.org', 'x@example.net'), {
      maxLength: 2,
    });
    fc.assert(
      fc.property(fc.record({ names, handles, emails }), (reported) => {
        const people = peopleOf(reported);
        for (const kind of ['names', 'handles', 'emails'] as const)
          expect(people.flatMap((p) => p[kind]).sort()).toEqual([...reported[kind]].sort());
        const lead = reported.names.length ? 'names' : reported.handles.length ? 'handles' : 'emails';
        expect(people.slice(0, reported[lead].length).map((p) => p[lead][0])).toEqual(reported[lead]);
        for (const person of people.filter((p) => p.names.length))
          for (const value of [...person.handles, ...person.emails]) {
            // Kept with the name only when the name's words (3+ letters) or initials are in it.
            const text = value.replace(/@.*$/, '') || value;
            const words = person.names[0]
              .toLowerCase()
              .split(/[^a-z]+/)
              .filter(Boolean);
            const initials = words.map((w) => w[0]).join('');
            expect(
              words.some((w) => w.length >= 3 && text.toLowerCase().includes(w)) ||
                text.replace(/[^a-z]/gi, '').toLowerCase() === initials,
            ).toBe(true);
          }
      }),
      { numRuns: 200 },
    );
  });
});

describe('isSamePersonAs', () => {
  test('names as the identity model matches them, addresses by mailbox, handles folded', () => {
    const quorra = { ...none, names: ['Quorra Vell'] };
    expect(isSamePersonAs(quorra, { ...none, names: ['VELL, Quorra'] })).toBe(true);
    expect(isSamePersonAs(quorra, { ...none, names: ['Q. Vell'] })).toBe(true);
    expect(isSamePersonAs(quorra, { ...none, names: ['Ｑｕｏｒｒａ Vell'] })).toBe(true);
    expect(isSamePersonAs(quorra, { ...none, names: ['Quorra'] })).toBe(false);
    expect(isSamePersonAs(quorra, { ...none, names: ['Tamsin Vell'] })).toBe(false);
    expect(
      isSamePersonAs({ ...none, emails: ['q.vell@gmail.com'] }, { ...none, emails: ['qvell+coc@gmail.com'] }),
    ).toBe(true);
    expect(isSamePersonAs({ ...none, handles: ['@QVell'] }, { ...none, handles: ['qvell'] })).toBe(true);
    expect(isSamePersonAs({ ...none, handles: ['@'] }, { ...none, handles: ['@'] })).toBe(false);
    // A handle is a name glued (ADV-269), as for a member in a report; a first name alone still is not.
    expect(isSamePersonAs(quorra, { ...none, handles: ['@quorravell'] })).toBe(true);
    expect(isSamePersonAs(quorra, { ...none, handles: ['@quorra'] })).toBe(false);
  });
});

describe('personCoder', () => {
  test('a person reported again keeps their code; a new person gets a new one, distinct from every taken code', () => {
    const taken = new Set(['brisk harbor']);
    const [first] = assignPersonCodes(peopleOf({ ...none, names: ['Quorra Vell'] }), [], taken, draws(1), []);
    expect(first).toMatch(/^[a-z]+ [a-z]+$/);
    expect(first).not.toBe('brisk harbor');
    const known: KnownPerson[] = [{ code: first, person: { ...none, names: ['Quorra Vell'] } }];
    const again = assignPersonCodes(
      peopleOf({ ...none, names: ['Vell, Quorra', 'Tamsin Orle'] }),
      known,
      new Set([...taken, first]),
      draws(2),
      [],
    );
    expect(again[0]).toBe(first);
    expect(again[1]).not.toBe(first);
    expect(again[1]).not.toBe('brisk harbor');
  });

  test('a name whose every word has an umlaut, spelt out in a later report, keeps its code (ADV-272)', () => {
    const known: KnownPerson[] = [{ code: 'calm meadow', person: { ...none, names: ['J\u00fcrgen M\u00fcller'] } }];
    for (const name of ['Juergen Mueller', 'juergenmueller'])
      expect(assignPersonCodes(peopleOf({ ...none, names: [name] }), known, new Set(), draws(4), [])).toEqual([
        'calm meadow',
      ]);
  });

  test('two spellings of one new person in one report share a code; the earliest known match wins', () => {
    const codes = assignPersonCodes(
      peopleOf({ ...none, names: ['Quorra Vell', 'Q. Vell'] }),
      [],
      new Set(),
      draws(3),
      [],
    );
    expect(codes[0]).toBe(codes[1]);
    const known: KnownPerson[] = [
      { code: 'calm meadow', person: { ...none, names: ['Q. Vell'] } },
      { code: 'quiet river', person: { ...none, names: ['Quorra Vell'] } },
    ];
    expect(assignPersonCodes([{ ...none, names: ['Quorra Vell'] }], known, new Set(), draws(4), [])).toEqual([
      'calm meadow',
    ]);
  });

  test('property: the index finds what a scan of every known person finds (the earliest same person whose code fits), over many reports', () => {
    const name = fc
      .tuple(
        fc.constantFrom('Quorra', 'Q.', 'Q', 'Tamsin', 'Tam', 'Tamara', 'Odalys'),
        fc.constantFrom('Vell', 'Orle', 'Prenn'),
      )
      .map(([given, family]) => `${given} ${family}`);
    const report = fc.record({
      names: fc.array(fc.oneof(name, fc.constantFrom('QuorraVell', 'Vell')), { maxLength: 2 }),
      emails: fc.array(fc.constantFrom('q.vell@gmail.com', 'qvell+x@gmail.com', 'to@example.net'), { maxLength: 1 }),
      handles: fc.array(fc.constantFrom('@qvell', 'QVELL', '@orle'), { maxLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 12 }), (reports) => {
        const code = personCoder([], [], draws(9));
        const scanned: KnownPerson[] = [];
        for (const r of reports) {
          const people = peopleOf(r);
          const codes = code(people, []);
          people.forEach((person, i) => {
            // The earliest same person whose code fits: the same spelling, or no record of the code named otherwise.
            const fits = (k: KnownPerson) =>
              [...k.person.names, ...k.person.handles].some((x) =>
                [...person.names, ...person.handles].some((y) => matchNames(x, y) === 'exact'),
              ) ||
              scanned
                .filter((s) => s.code === k.code)
                .every((s) => !s.person.names.length || !person.names.length || isSamePersonAs(s.person, person));
            const first = scanned.find((k) => isSamePersonAs(k.person, person) && fits(k));
            if (first) expect(codes[i]).toBe(first.code);
            else expect(scanned.map((k) => k.code)).not.toContain(codes[i]);
            scanned.push({ code: codes[i], person });
          });
        }
      }),
      { numRuns: 100 },
    );
  });

  test('property: codes never repeat a taken code, never echo a name given, and are stable for the same person', () => {
    const word = fc.constantFrom(...ADJECTIVES.slice(0, 40), ...NOUNS.slice(0, 40));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, word), { maxLength: 30 }),
        fc.integer({ min: 1, max: 1e6 }),
        (pairs, seed) => {
          const taken = new Set(pairs.map(([a, b]) => `${a} ${b}`));
          const names = ['Quorra Vell'];
          const [code] = assignPersonCodes([{ ...none, names }], [], taken, draws(seed), names);
          expect(taken.has(code)).toBe(false);
          expect(code).not.toMatch(/quorra|vell/);
          const known = [{ code, person: { ...none, names } }];
          expect(assignPersonCodes([{ ...none, names: ['QUORRA VELL'] }], known, taken, draws(seed + 1), [])).toEqual([
            code,
          ]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
