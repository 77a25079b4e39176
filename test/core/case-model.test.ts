// Unit tests for the case vocabulary: seed columns and sections, phase mapping, and header-based lookups.

import fc from 'fast-check';
import {
  CASE_STATUSES,
  DOC_SECTIONS,
  PHASES,
  RISK_CHOICES,
  STATUS_HEADERS,
  findColumns,
  findRowsByKey,
  caseStatusOf,
  isCaseStatus,
  nextActionText,
  statusForPhase,
} from '../../src/core/case-model';
import { lintStatusCells } from '../../src/core/privacy-lint';

describe('constants', () => {
  it('match the seed', () => {
    expect(STATUS_HEADERS).toEqual([
      'Safety risk?',
      'Risk of repeating?',
      'Status',
      'Code Name',
      'Date & Time',
      'Actions needed',
      'Resolution',
    ]);
    expect(DOC_SECTIONS).toHaveLength(9);
    expect(DOC_SECTIONS[0]).toBe('Report');
    expect(DOC_SECTIONS[DOC_SECTIONS.length - 1]).toBe('Log');
    expect(CASE_STATUSES).toEqual(['New', 'Ongoing', 'Awaiting moderators', 'Resolved', 'Closed']);
    expect(RISK_CHOICES).toEqual(['Unknown', 'Yes', 'No', 'Maybe']);
  });
});

describe('phases', () => {
  it('map to statuses', () => {
    expect(statusForPhase('screening')).toBe('New');
    expect(statusForPhase('voting')).toBe('Ongoing');
    expect(statusForPhase('awaiting-moderators')).toBe('Awaiting moderators');
    expect(statusForPhase('resolved')).toBe('Resolved');
    expect(statusForPhase('closed')).toBe('Closed');
    for (const p of PHASES) expect(isCaseStatus(statusForPhase(p))).toBe(true);
  });

  it('give vague action texts that pass the privacy lint', () => {
    expect(nextActionText('screening')).toBe('Members to declare conflicts');
    expect(nextActionText('voting')).toBe('Vote open');
    expect(nextActionText('closed')).toBe('-');
    const rows = PHASES.map((p) => [nextActionText(p)]);
    expect(lintStatusCells(rows, ['Actions needed'], [])).toEqual([]);
  });
});

describe('caseStatusOf', () => {
  it('reads a status in any case, with stray spaces or invisible characters, and nothing else', () => {
    expect(caseStatusOf('Closed')).toBe('Closed');
    expect(caseStatusOf(' closed\u00a0')).toBe('Closed');
    expect(caseStatusOf('\uff23losed\u200b')).toBe('Closed');
    expect(caseStatusOf('AWAITING MODERATORS')).toBe('Awaiting moderators');
    for (const text of ['', 'Done', 'Closed.', 'Rita Quell', 'closedd']) expect(caseStatusOf(text)).toBe('');
  });
});

describe('findColumns', () => {
  it('finds columns by trimmed, case-insensitive header, in any order', () => {
    const header = ['  code name ', 'STATUS', 'Notes', 'Resolution'];
    expect(findColumns(header, ['Code Name', 'Status', 'Resolution'])).toEqual({
      ok: true,
      index: { 'Code Name': 0, Status: 1, Resolution: 3 },
    });
  });

  it('lists every missing column', () => {
    expect(findColumns(['Status'], ['Code Name', 'Status', 'Resolution'])).toEqual({
      ok: false,
      missing: ['Code Name', 'Resolution'],
    });
  });

  it('uses the first of duplicated headers and tolerates non-string cells', () => {
    expect(findColumns([null, 3, 'Status', 'status'], ['Status'])).toEqual({ ok: true, index: { Status: 2 } });
  });

  it('finds every required column wherever it is moved (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...STATUS_HEADERS], { minLength: 7, maxLength: 7 }), (order) => {
        const result = findColumns(order, STATUS_HEADERS);
        expect(result.ok).toBe(true);
        if (result.ok) for (const h of STATUS_HEADERS) expect(order[result.index[h]]).toBe(h);
      }),
    );
  });
});

describe('findRowsByKey', () => {
  const rows = [
    ['Yes', 'quiet otter'],
    ['No', ' Quiet Otter '],
    ['No', 'amber comet'],
    ['No', ''],
  ];

  it('returns every matching row, trimmed and case-insensitive', () => {
    expect(findRowsByKey(rows, 1, 'quiet otter')).toEqual([0, 1]);
    expect(findRowsByKey(rows, 1, 'amber comet')).toEqual([2]);
    expect(findRowsByKey(rows, 1, 'missing one')).toEqual([]);
  });

  it('never matches a blank key', () => {
    expect(findRowsByKey(rows, 1, '')).toEqual([]);
    expect(findRowsByKey(rows, 1, '   ')).toEqual([]);
  });
});
