// Unit and property tests for the redaction guard and for splitting free-text answers into people.

import fc from 'fast-check';
import {
  describeFindings,
  extractNames,
  extractPeople,
  findIdentifyingText,
  summarizeFindings,
  type ProtectedIdentity,
} from '../../src/core/redaction';

const ids: ProtectedIdentity = {
  names: ['Ana Lima', 'José Núñez'],
  emails: ['ana.lima@example.org'],
  handles: ['@nightowl'],
};

const REPORT =
  'During the evening session someone kept interrupting me and then followed me to the hallway where they ' +
  'said things about my accent that made me feel unwelcome at the conference.';

describe('findIdentifyingText', () => {
  it('finds a full name once, at its real position', () => {
    const text = 'We spoke with Ana Lima yesterday.';
    expect(findIdentifyingText(text, ids, '')).toEqual([{ kind: 'name', match: 'Ana Lima', index: 14 }]);
  });

  it('finds single name tokens, case- and accent-insensitively, on word boundaries only', () => {
    const text = 'LIMA was there. Jose too. Banana. Limasol.';
    const found = findIdentifyingText(text, ids, '');
    expect(found).toEqual([
      { kind: 'name', match: 'LIMA', index: 0 },
      { kind: 'name', match: 'Jose', index: 16 },
    ]);
  });

  it('finds accented spellings of unaccented names and the reverse', () => {
    const found = findIdentifyingText(
      'Ask ANÁ or nunez.',
      { names: ['Ana Silva', 'José Núñez'], emails: [], handles: [] },
      '',
    );
    expect(found.map((f) => f.match)).toEqual(['ANÁ', 'nunez']);
  });

  it('finds an email address and its local part alone', () => {
    const protectedIds = { names: ['Ana Lima'], emails: ['a.lima.42@example.org'], handles: [] };
    const text = 'Contact A.LIMA.42@Example.org or a.lima.42 on the forum.';
    expect(findIdentifyingText(text, protectedIds, '')).toEqual([
      { kind: 'email', match: 'A.LIMA.42@Example.org', index: 8 },
      { kind: 'email', match: 'a.lima.42', index: 33 },
    ]);
  });

  it('reads percent-encoding as the characters it stands for (seed 750102035): an address, a +tag spelling and a name pasted from a link', () => {
    const protectedIds = { names: ['Ana Lima'], emails: ['ana.lima@example.org'], handles: [] };
    const text = 'Bcc:%20ana.lima@example.org, ANA.LIMA%2Bcoc%40example.org and Ana%20Lima.';
    expect(findIdentifyingText(text, protectedIds, '').map((f) => [f.kind, f.match])).toEqual([
      ['email', 'ana.lima@example.org'],
      ['email', 'ANA.LIMA%2Bcoc%40example.org'],
      ['name', 'Ana%20Lima'],
    ]);
    // A percent sign that encodes nothing printable is left as it is.
    expect(findIdentifyingText('100%0A of it, 50%ZZ', protectedIds, '')).toEqual([]);
  });

  it('ADV-625 reads percent-encoded UTF-8 as the letters it stands for (a profile link copied from the address bar), keeping offsets; an invalid sequence stays as written', () => {
    const protectedIds = { names: ['José Wojcik', 'Łukasz Nowak'], emails: [], handles: [] };
    const text = 'See forum.example.org/u/Jos%C3%A9_Wojcik and %C5%81ukasz, %c5%81UKASZ.';
    expect(findIdentifyingText(text, protectedIds, '').map((f) => [f.match, f.index])).toEqual([
      ['Jos%C3%A9_Wojcik', 24],
      ['%C5%81ukasz', 45],
      ['%c5%81UKASZ', 58],
    ]);
    // Not UTF-8 (a lead byte without its continuation, an overlong "J", a lone continuation): read as typed.
    for (const odd of ['%C5ukasz', '%C1%8Aose', 'Jos%A9', 'Jos%C3%'])
      expect(findIdentifyingText(`Ask ${odd}.`, { names: ['Łukasz', 'José'], emails: [], handles: [] }, '')).toEqual(
        [],
      );
    // Four bytes too: an emoji before the name does not shift it.
    expect(findIdentifyingText('%F0%9F%98%80Jos%C3%A9', protectedIds, '')).toEqual([
      { kind: 'name', match: 'Jos%C3%A9', index: 12 },
    ]);
  });

  it('ADV-626 reads quoted-printable as the text it encodes (pasted from "Show original"): =XX bytes and soft line breaks', () => {
    const protectedIds = { names: ['José Wojcik', 'Rita Quell'], emails: [], handles: [] };
    expect(findIdentifyingText('Ask Jos=C3=A9, Ri=\nta and Qu=\r\nell.', protectedIds, '').map((f) => f.match)).toEqual(
      ['Jos=C3=A9', 'Ri=\nta', 'Qu=\r\nell'],
    );
    // An equals sign that encodes nothing is left as it is.
    expect(findIdentifyingText('Rita=Quell, x=zz Rita', protectedIds, '').map((f) => f.match)).toEqual([
      'Rita=Quell',
      'Rita',
    ]);
  });

  it('already reads a name split by zero-width characters or a soft hyphen, or across a line break (guards)', () => {
    const protectedIds = { names: ['Rita Quell'], emails: [], handles: [] };
    for (const text of ['Ri\u200bta', 'Ri\u00adta', 'Ri\u2060ta', 'Rita\nQuell', 'Rita\r\n Quell'])
      expect(findIdentifyingText(text, protectedIds, '').map((f) => f.match)).toEqual([text]);
  });

  it('reports a span once when a local part is also the name', () => {
    const found = findIdentifyingText('Ask ana.lima please', ids, '');
    expect(found).toEqual([{ kind: 'name', match: 'ana.lima', index: 4 }]);
  });

  it('finds handles with or without @', () => {
    const found = findIdentifyingText('Posted by @NightOwl, and nightowl replied; nightowls ignored.', ids, '');
    expect(found).toEqual([
      { kind: 'handle', match: '@NightOwl', index: 10 },
      { kind: 'handle', match: 'nightowl', index: 25 },
    ]);
  });

  it('finds a run of twelve words copied from the report, ignoring case and punctuation', () => {
    const copy = 'Note: someone KEPT interrupting me, and then followed me to the hallway — where they said things.';
    const found = findIdentifyingText(copy, { names: [], emails: [], handles: [] }, REPORT);
    expect(found).toHaveLength(1);
    expect(found[0].kind).toBe('quote');
    expect(found[0].match).toBe(
      'someone KEPT interrupting me, and then followed me to the hallway — where they said things',
    );
    expect(found[0].index).toBe(6);
  });

  it('does not treat eleven shared words as a quote', () => {
    const eleven = 'someone kept interrupting me and then followed me to the hallway';
    expect(eleven.split(' ')).toHaveLength(11);
    expect(findIdentifyingText(eleven, { names: [], emails: [], handles: [] }, REPORT)).toEqual([]);
  });

  it('finds nothing in neutral text', () => {
    const plan = 'The reported person will not send private messages to other members for six months.';
    expect(findIdentifyingText(plan, ids, REPORT)).toEqual([]);
  });

  it('always finds an inserted protected name, whatever surrounds it (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('Ana Lima', 'ana', 'LIMA', 'José', 'nunez'),
        fc.string(),
        (before, name, after) => {
          const text = `${before} ${name} ${after}`;
          const found = findIdentifyingText(text, ids, '');
          expect(
            found.some(
              (f) =>
                f.kind === 'name' &&
                f.index <= before.length + 1 &&
                f.index + f.match.length >= before.length + 1 + name.length,
            ),
          ).toBe(true);
          for (const f of found) expect(text.slice(f.index, f.index + f.match.length)).toBe(f.match);
        },
      ),
    );
  });

  it('always finds a copied passage of at least twelve words (property)', () => {
    const reportWords = REPORT.split(' ');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: reportWords.length - 12 }),
        fc.integer({ min: 12, max: 20 }),
        (start, len) => {
          const passage = reportWords
            .slice(start, start + len)
            .join(' ')
            .toUpperCase();
          const found = findIdentifyingText(`Summary: ${passage}`, { names: [], emails: [], handles: [] }, REPORT);
          expect(found.some((f) => f.kind === 'quote')).toBe(true);
        },
      ),
    );
  });
});

describe('describeFindings / summarizeFindings', () => {
  it('says exactly what was found and where', () => {
    const text = 'We spoke with Ana Lima (ana.lima@example.org).';
    const found = findIdentifyingText(text, ids, '');
    const sentence = describeFindings(found);
    expect(sentence).toContain('a protected name “Ana Lima” at character 15');
    expect(sentence).toContain('a protected email address “ana.lima@example.org” at character 25');
    expect(describeFindings([])).toBe('Nothing identifying was found.');
  });

  it('summarises with counts only, quoting nothing', () => {
    const found = findIdentifyingText('Ana Lima and José wrote from ana.lima@example.org', ids, '');
    const summary = summarizeFindings(found);
    expect(summary).toBe('2 names, 1 email address');
    expect(summary).not.toMatch(/ana|jos/i);
  });
});

describe('extractPeople / extractNames', () => {
  it('splits on commas, semicolons, new lines, and, &, /', () => {
    expect(extractNames('Sam Doe, Kim Lee; Alex Poe\nRiver Song and Jo March & Lee Chan / Max Power')).toEqual([
      'Sam Doe',
      'Kim Lee',
      'Alex Poe',
      'River Song',
      'Jo March',
      'Lee Chan',
      'Max Power',
    ]);
  });

  it('drops answers that mean nobody, and empty pieces', () => {
    expect(extractNames('none')).toEqual([]);
    expect(extractNames('N/A')).toEqual([]);
    expect(extractNames('No')).toEqual([]);
    expect(extractNames('Unknown.')).toEqual([]);
    expect(extractNames(' , ;\n')).toEqual([]);
    expect(extractNames('Yes, Kim Lee')).toEqual(['Kim Lee']);
  });

  it('keeps names that contain "and" inside a word', () => {
    expect(extractNames('Sandy Anderson and Andrea')).toEqual(['Sandy Anderson', 'Andrea']);
  });

  it('strips parentheticals and takes out emails and handles', () => {
    expect(extractPeople('Sam Doe (sam@example.net, the organiser), @kimlee on Discord; Bo <bo@example.com>')).toEqual({
      names: ['Sam Doe', 'on Discord', 'Bo'],
      emails: ['sam@example.net', 'bo@example.com'],
      handles: ['kimlee'],
    });
  });

  it('takes out an internationalised address as an address, not as a name and a handle', () => {
    expect(extractPeople('Jürgen Weiß <jürgen@müller.de>; ana@почта.рф')).toEqual({
      names: ['Jürgen Weiß'],
      emails: ['jürgen@müller.de', 'ana@почта.рф'],
      handles: [],
    });
  });

  it('deduplicates case-insensitively', () => {
    expect(extractNames('Sam Doe, sam doe, SAM DOE')).toEqual(['Sam Doe']);
  });

  it('never returns blank, "none"-like or bracketed pieces (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const { names, emails } = extractPeople(s);
        for (const n of names) {
          expect(n.trim()).toBe(n);
          expect(n).not.toBe('');
          expect(['none', 'no', 'n/a', 'unknown']).not.toContain(n.toLowerCase());
          expect(n).not.toMatch(/[()[\]<>,;\n]/);
        }
        for (const e of emails) expect(e).toContain('@');
      }),
    );
  });
});
