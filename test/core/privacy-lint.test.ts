// Unit and property tests for the status-sheet privacy lint: known names, addresses and gendered words.

import fc from 'fast-check';
import { GENDERED_WORDS, lintStatusCells } from '../../src/core/privacy-lint';
import { STATUS_HEADERS } from '../../src/core/case-model';

const header = [...STATUS_HEADERS];

function row(cells: Partial<Record<(typeof STATUS_HEADERS)[number], unknown>>): unknown[] {
  return header.map((h) => cells[h] ?? '');
}

describe('lintStatusCells', () => {
  it("passes the seed's own example rows", () => {
    const rows = [
      row({
        'Safety risk?': 'Yes',
        'Risk of repeating?': 'Yes',
        Status: 'Ongoing',
        'Code Name': 'home shelf',
        'Date & Time': '07/07 8:30am and 07/08 12:30pm',
        'Actions needed': 'Team on the lookout for reported person',
        Resolution: 'Temporary ban for the remainder of the event, reevaluate attendance for next year',
      }),
      row({
        'Safety risk?': 'No',
        'Risk of repeating?': 'Maybe',
        Status: 'Resolved',
        'Code Name': 'stunned bulb',
        'Date & Time': '07/07 8:00pm',
        'Actions needed': '-',
        Resolution: 'Verbal warning',
      }),
    ];
    expect(lintStatusCells(rows, header, ['Sam Doe', 'Ana Lima'])).toEqual([]);
  });

  it('finds known names and name tokens with row and column', () => {
    const rows = [
      row({ Resolution: 'Verbal warning' }),
      row({ 'Actions needed': 'Talk to doe about it', Resolution: 'Banned Ana Lima' }),
    ];
    expect(lintStatusCells(rows, header, ['Sam Doe', 'Ana Lima'])).toEqual([
      { row: 1, column: 'Actions needed', reason: 'name', match: 'doe' },
      { row: 1, column: 'Resolution', reason: 'name', match: 'Ana Lima' },
    ]);
  });

  it('finds gendered words as whole words only, in any case', () => {
    const rows = [
      row({
        'Actions needed': 'Ask HIM to stop; she agreed. Mr. X. Watch his messages',
        Resolution: 'Theme hiss shell mankind',
      }),
    ];
    const found = lintStatusCells(rows, header, []);
    expect(found.map((f) => [f.reason, f.match])).toEqual([
      ['gendered', 'HIM'],
      ['gendered', 'she'],
      ['gendered', 'Mr'],
      ['gendered', 'his'],
    ]);
  });

  it('finds contractions of gendered pronouns', () => {
    const found = lintStatusCells([row({ Resolution: "He's been warned" })], header, []);
    expect(found).toEqual([{ row: 0, column: 'Resolution', reason: 'gendered', match: 'He' }]);
  });

  it('finds email addresses, once each (the name inside is part of the address)', () => {
    const found = lintStatusCells([row({ 'Actions needed': 'Mail sam.doe@example.net' })], header, ['Sam Doe']);
    expect(found).toEqual([{ row: 0, column: 'Actions needed', reason: 'email', match: 'sam.doe@example.net' }]);
  });

  it('finds an internationalised address in a cell, whole', () => {
    const found = lintStatusCells([row({ 'Actions needed': 'Mail ana@почта.рф today' })], header, []);
    expect(found).toEqual([{ row: 0, column: 'Actions needed', reason: 'email', match: 'ana@почта.рф' }]);
  });

  it('skips non-string cells and names unlabeled columns', () => {
    const rows = [[new Date('2026-03-02T09:00:00Z'), 42, true, null, undefined, 'quiet otter', '-', '', 'She left']];
    expect(lintStatusCells(rows, header, ['Sam'])).toEqual([
      { row: 0, column: 'Column 9', reason: 'gendered', match: 'She' },
    ]);
  });

  it('flags every gendered word wherever it appears (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...[...GENDERED_WORDS].filter((w) => /^[a-z]+$/.test(w))),
        fc.constantFrom('', 'Ask ', 'ok. '),
        (word, prefix) => {
          const found = lintStatusCells([row({ Resolution: `${prefix}${word.toUpperCase()} later` })], header, []);
          expect(found).toContainEqual({ row: 0, column: 'Resolution', reason: 'gendered', match: word.toUpperCase() });
        },
      ),
    );
  });

  it('never flags text made only of neutral words (property)', () => {
    const neutral = [
      'warning',
      'ban',
      'team',
      'they',
      'them',
      'their',
      'person',
      'reported',
      'event',
      'review',
      'temporary',
      'the',
      'for',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...neutral), { maxLength: 12 }), (ws) => {
        expect(lintStatusCells([row({ Resolution: ws.join(' ') })], header, ['Sam Doe'])).toEqual([]);
      }),
    );
  });
});
