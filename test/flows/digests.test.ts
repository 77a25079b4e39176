// The reminder digest's period: a date in the committee's time zone for daily digests, the Monday of the week for weekly ones.
import { digestPeriodOf } from '../../src/flows/digests';

describe('digestPeriodOf', () => {
  test('daily: the date in the committee time zone, not UTC', () => {
    expect(digestPeriodOf('2026-03-02T23:30:00Z', 'Etc/UTC', 'daily')).toBe('2026-03-02');
    expect(digestPeriodOf('2026-03-02T23:30:00Z', 'Europe/Berlin', 'daily')).toBe('2026-03-03');
    expect(digestPeriodOf('2026-03-02T03:30:00Z', 'America/New_York', 'daily')).toBe('2026-03-01');
  });

  test('weekly: every day from Monday to Sunday falls in the week of its Monday', () => {
    const week = ['02', '03', '04', '05', '06', '07', '08'].map((d) =>
      digestPeriodOf(`2026-03-${d}T12:00:00Z`, 'Etc/UTC', 'weekly'),
    );
    expect(new Set(week)).toEqual(new Set(['week-2026-03-02']));
    expect(digestPeriodOf('2026-03-09T00:10:00Z', 'Etc/UTC', 'weekly')).toBe('week-2026-03-09');
    // Sunday evening in New York is already Monday in UTC: the committee's zone decides.
    expect(digestPeriodOf('2026-03-09T02:00:00Z', 'America/New_York', 'weekly')).toBe('week-2026-03-02');
  });
});
