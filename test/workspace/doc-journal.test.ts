// Unit tests of the Doc journal's pure parts: property encoding (split past the 9 KB value limit), the witness search over Audit rows, and locating an entry to undo.
import fc from 'fast-check';
import {
  DOC_JOURNAL_KEY,
  COMMIT_WITNESS,
  decodeDocJournal,
  docJournalKeys,
  encodeDocJournal,
  findWitness,
  hashBlock,
  locateBlock,
  type DocJournal,
} from '../../src/workspace/doc-journal';

const DOC = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';

function journalOf(docCount: number, blocksPerDoc = 2): DocJournal {
  return {
    nonce: 'f2c1a7e0-1111-4222-8333-944455556666',
    at: '2026-03-02T09:00:00.000Z',
    docs: Array.from({ length: docCount }, (_, i) => [
      `${DOC}${i}`,
      Array.from({ length: blocksPerDoc }, (__, j) => hashBlock([`line ${i}.${j}`])),
    ]),
  };
}

describe('encodeDocJournal / decodeDocJournal', () => {
  it('keeps a small journal in one property and reads it back', () => {
    const journal = journalOf(3);
    const props = encodeDocJournal(journal);
    expect(Object.keys(props)).toEqual([DOC_JOURNAL_KEY]);
    expect(decodeDocJournal(props)).toEqual(journal);
    expect(docJournalKeys(props)).toEqual([DOC_JOURNAL_KEY]);
  });

  it('splits a journal of many Docs into parts that each fit a Script Property value', () => {
    const journal = journalOf(400);
    const props = encodeDocJournal(journal);
    expect(Object.keys(props).length).toBeGreaterThan(2);
    for (const value of Object.values(props)) expect(Buffer.byteLength(value, 'utf8')).toBeLessThanOrEqual(9 * 1024);
    expect(decodeDocJournal(props)).toEqual(journal);
    expect(docJournalKeys(props).sort()).toEqual(Object.keys(props).sort());
  });

  it('round-trips any journal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 4 }), (docs, blocks) => {
        const journal = journalOf(docs, blocks);
        expect(decodeDocJournal(encodeDocJournal(journal))).toEqual(journal);
      }),
      { numRuns: 50 },
    );
  });

  it('treats a missing part or a torn value as no journal instead of throwing', () => {
    const props = encodeDocJournal(journalOf(400));
    const torn = { ...props };
    delete torn[`${DOC_JOURNAL_KEY}.2`];
    expect(decodeDocJournal(torn)).toBeNull();
    expect(decodeDocJournal({ [DOC_JOURNAL_KEY]: '{"nonce":' })).toBeNull();
    expect(decodeDocJournal({})).toBeNull();
    expect(docJournalKeys({ other: 'x' })).toEqual([]);
  });
});

describe('findWitness', () => {
  const journal = journalOf(1);
  const row = (at: string, event: string, detail: string) => [at, 'web', event, '-', detail];

  it("finds the commit's witness row among newer rows", () => {
    const rows = [
      row('2026-03-02T10:00:00.000Z', 'sweep.done', ''),
      row('2026-03-02T09:00:00.000Z', COMMIT_WITNESS, journal.nonce),
    ];
    expect(findWitness(journal, rows)).toBe(true);
  });

  it('answers false once it reaches a row older than the journal', () => {
    const rows = [
      row('2026-03-02T09:30:00.000Z', COMMIT_WITNESS, 'another-nonce'),
      row('2026-03-02T08:59:59.000Z', 'vote.opened', ''),
    ];
    expect(findWitness(journal, rows)).toBe(false);
  });

  it('answers undefined when the rows end first (the caller reads further back)', () => {
    expect(findWitness(journal, [row('2026-03-02T09:30:00.000Z', 'mail.sent', '')])).toBeUndefined();
    expect(findWitness(journal, [])).toBeUndefined();
  });
});

describe('locateBlock', () => {
  const texts = [
    'Report',
    'What happened?',
    'Log',
    '2026-03-02 09:00 UTC — Report received.',
    '2026-03-02 10:00 UTC — Vote opened.',
    'Detail',
  ];

  it('finds a multi-paragraph entry by its hash', () => {
    expect(locateBlock(texts, hashBlock(texts.slice(4, 6)))).toBe(4);
    expect(locateBlock(texts, hashBlock(texts.slice(0, 1)))).toBe(0);
  });

  it('finds the newest of two identical entries', () => {
    const doubled = [...texts, texts[4], texts[5]];
    expect(locateBlock(doubled, hashBlock(texts.slice(4, 6)))).toBe(6);
  });

  it('answers -1 when the entry is gone or was edited', () => {
    expect(locateBlock(texts, hashBlock(['2026-03-02 11:00 UTC — Vote opened.']))).toBe(-1);
    expect(locateBlock(texts.slice(0, 4), hashBlock(texts.slice(4, 6)))).toBe(-1);
  });
});
