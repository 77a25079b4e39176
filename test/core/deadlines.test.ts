// Unit tests for deadlines: exact elapsed-time arithmetic across DST, overdue checks and sheet formatting by time zone.

import fc from 'fast-check';
import {
  DEFAULT_POLICY,
  addCalendarMonths,
  addCalendarMonthsIn,
  addDays,
  addHours,
  computeDeadlines,
  computeModeratorDeadline,
  formatForSheet,
  isOverdue,
  isValidTimeZone,
} from '../../src/core/deadlines';

describe('DEFAULT_POLICY', () => {
  it('is the seed procedure: 24 hours, 7 days, 7 days', () => {
    expect(DEFAULT_POLICY.acknowledgeWithinHours).toBe(24);
    expect(DEFAULT_POLICY.followUpWithinDays).toBe(7);
    expect(DEFAULT_POLICY.moderatorsWithinDays).toBe(7);
  });
});

describe('computeDeadlines', () => {
  it('adds 24 hours and 7 days to the received instant', () => {
    expect(computeDeadlines('2026-03-02T09:00:00Z', DEFAULT_POLICY)).toEqual({
      acknowledgeBy: '2026-03-03T09:00:00.000Z',
      followUpBy: '2026-03-09T09:00:00.000Z',
    });
  });

  it('uses the policy it is given, so a stored result keeps the old policy (R11)', () => {
    const opened = computeDeadlines('2026-03-02T09:00:00Z', DEFAULT_POLICY);
    const later = computeDeadlines('2026-03-02T09:00:00Z', { ...DEFAULT_POLICY, followUpWithinDays: 14 });
    expect(later.followUpBy).toBe('2026-03-16T09:00:00.000Z');
    expect(opened.followUpBy).toBe('2026-03-09T09:00:00.000Z');
  });

  it('computes the moderators deadline from when the recommendation was sent', () => {
    expect(computeModeratorDeadline('2026-03-10T12:30:00Z', DEFAULT_POLICY)).toBe('2026-03-17T12:30:00.000Z');
  });

  it('throws on an unreadable date instead of producing a deadline that is never overdue', () => {
    expect(() => computeDeadlines('yesterday', DEFAULT_POLICY)).toThrow(/Not a valid date/);
    expect(() => addDays('', 1)).toThrow(RangeError);
  });
});

describe('addDays / addHours across DST', () => {
  // America/New_York springs forward on 2026-03-08 and Europe/Berlin on 2026-03-29.
  it('keeps exactly 7 × 24 hours across the New York spring change; the local clock moves by an hour', () => {
    const received = '2026-03-05T14:00:00Z'; // 09:00 EST
    const due = addDays(received, 7);
    expect(Date.parse(due) - Date.parse(received)).toBe(7 * 24 * 3600 * 1000);
    expect(formatForSheet(received, 'America/New_York')).toBe('2026-03-05 09:00');
    expect(formatForSheet(due, 'America/New_York')).toBe('2026-03-12 10:00');
  });

  it('keeps exactly 24 hours across the Berlin spring change', () => {
    const received = '2026-03-28T11:00:00Z'; // 12:00 CET
    const due = addHours(received, 24);
    expect(due).toBe('2026-03-29T11:00:00.000Z');
    expect(formatForSheet(received, 'Europe/Berlin')).toBe('2026-03-28 12:00');
    expect(formatForSheet(due, 'Europe/Berlin')).toBe('2026-03-29 13:00');
  });

  it('keeps exact elapsed time across the autumn changes', () => {
    const ny = addDays('2026-10-30T13:00:00Z', 3); // across 2026-11-01
    expect(formatForSheet(ny, 'America/New_York')).toBe('2026-11-02 08:00');
    const berlin = addDays('2026-10-24T10:00:00Z', 7); // across 2026-10-25
    expect(formatForSheet(berlin, 'Europe/Berlin')).toBe('2026-10-31 11:00');
  });

  it('is exact elapsed time for any instant and any number of days (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 0, max: 400 }),
        (ms, days) => {
          const iso = new Date(ms).toISOString();
          expect(Date.parse(addDays(iso, days)) - ms).toBe(days * 86_400_000);
          expect(Date.parse(addHours(iso, days)) - ms).toBe(days * 3_600_000);
        },
      ),
    );
  });
});

describe('isOverdue', () => {
  it('is false up to the deadline and true after it', () => {
    const deadline = '2026-03-03T09:00:00.000Z';
    expect(isOverdue(deadline, Date.parse(deadline) - 1)).toBe(false);
    expect(isOverdue(deadline, Date.parse(deadline))).toBe(false);
    expect(isOverdue(deadline, Date.parse(deadline) + 1)).toBe(true);
  });

  it('throws on an unreadable deadline', () => {
    expect(() => isOverdue('soon', Date.parse('2026-03-02T09:00:00Z'))).toThrow(RangeError);
  });
});

describe('formatForSheet', () => {
  it('formats in the given zone as yyyy-MM-dd HH:mm', () => {
    const iso = '2026-07-07T12:30:00Z';
    expect(formatForSheet(iso, 'Etc/UTC')).toBe('2026-07-07 12:30');
    expect(formatForSheet(iso, 'America/New_York')).toBe('2026-07-07 08:30');
    expect(formatForSheet(iso, 'Europe/Berlin')).toBe('2026-07-07 14:30');
    expect(formatForSheet(iso, 'Asia/Kolkata')).toBe('2026-07-07 18:00');
  });

  it('shows midnight as 00, not 24', () => {
    expect(formatForSheet('2026-07-06T22:00:00Z', 'Europe/Berlin')).toBe('2026-07-07 00:00');
  });

  it('always has the sheet shape (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.constantFrom('Etc/UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Adelaide'),
        (ms, zone) => {
          expect(formatForSheet(new Date(ms).toISOString(), zone)).toMatch(
            /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/,
          );
        },
      ),
    );
  });

  it('rejects an unknown zone', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => formatForSheet('2026-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('addCalendarMonths', () => {
  const at = (iso: string, months: number) => new Date(addCalendarMonths(Date.parse(iso), months)).toISOString();

  test('keeps the day and time of the month, or takes the last day of a shorter month', () => {
    expect(at('2026-03-04T10:00:00.000Z', 12)).toBe('2027-03-04T10:00:00.000Z');
    expect(at('2027-01-31T23:30:00.000Z', 1)).toBe('2027-02-28T23:30:00.000Z');
    expect(at('2028-01-31T08:00:00.000Z', 1)).toBe('2028-02-29T08:00:00.000Z');
    expect(at('2026-08-31T08:00:00.000Z', 1)).toBe('2026-09-30T08:00:00.000Z');
    expect(at('2026-12-15T08:00:00.000Z', 3)).toBe('2027-03-15T08:00:00.000Z');
    expect(addCalendarMonths(Number.NaN, 1)).toBeNaN();
  });

  test('never lands in a later month than the one counted to, and never before the same day a month earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 0, max: 240 }),
        (ms, months) => {
          const from = new Date(ms);
          const to = new Date(addCalendarMonths(ms, months));
          const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
          expect(monthIndex(to)).toBe(monthIndex(from) + months);
          expect(to.getUTCDate()).toBeLessThanOrEqual(from.getUTCDate());
          expect(to.getTime() % 86_400_000).toBe(ms % 86_400_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addCalendarMonthsIn', () => {
  const at = (iso: string, months: number, zone: string) =>
    new Date(addCalendarMonthsIn(Date.parse(iso), months, zone)).toISOString();

  test("counts the committee zone's months: 1 March in Tokyo (28 February in UTC) plus one month is 1 April there", () => {
    expect(at('2027-02-28T23:00:00.000Z', 1, 'Asia/Tokyo')).toBe('2027-03-31T23:00:00.000Z');
    // 30 January 20:00 in Los Angeles (31 January in UTC): 28 February there, not 27.
    expect(at('2026-01-31T04:00:00.000Z', 1, 'America/Los_Angeles')).toBe('2026-03-01T04:00:00.000Z');
    expect(at('2026-03-04T10:00:00.123Z', 2, 'Asia/Kolkata')).toBe('2026-05-04T10:00:00.123Z');
    expect(addCalendarMonthsIn(Number.NaN, 1, 'Asia/Tokyo')).toBeNaN();
  });

  test('keeps the wall-clock time across daylight saving, and a time the clocks skipped goes forward', () => {
    // 10:00 in New York in February (EST) is 10:00 in April (EDT): an hour less of UTC.
    expect(at('2026-02-10T15:00:00.000Z', 2, 'America/New_York')).toBe('2026-04-10T14:00:00.000Z');
    // 02:30 on 8 February; 8 March 02:30 does not exist there (spring forward): 03:30 EDT.
    expect(at('2026-02-08T07:30:00.000Z', 1, 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 on 1 October; 1 November 01:30 happens twice there (fall back): the first one, EDT.
    expect(at('2026-10-01T05:30:00.000Z', 1, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Lord Howe Island's half-hour change: 12:00 in March (+11) is 12:00 in May (+10:30).
    expect(at('2026-03-10T01:00:00.000Z', 2, 'Australia/Lord_Howe')).toBe('2026-05-10T01:30:00.000Z');
  });

  test('in UTC it is addCalendarMonths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 0, max: 240 }),
        (ms, months) => expect(addCalendarMonthsIn(ms, months, 'Etc/UTC')).toBe(addCalendarMonths(ms, months)),
      ),
      { numRuns: 300 },
    );
  });
});
