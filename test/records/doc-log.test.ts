// Unit tests of the dated Doc entries: made in the committee's time zone, named, and told apart from members' text by their shape alone.
import { datedLine, isDatedLine } from '../../src/records/doc-log';

const globals = globalThis as Record<string, unknown>;

const zones: string[] = [];

beforeEach(() => {
  zones.length = 0;
  globals.Utilities = {
    formatDate: (date: Date, zone: string, pattern: string) => {
      expect(pattern).toBe('yyyy-MM-dd HH:mm z');
      zones.push(zone);
      return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    },
  };
});

afterEach(() => {
  delete globals.Utilities;
});

test("a dated line is the time, a dash, then the text; only such lines read as the system's entries", () => {
  const line = datedLine(Date.parse('2026-03-02T09:00:00Z'), 'Vote opened', 'Etc/UTC');
  expect(line).toBe('2026-03-02 09:00 UTC \u2014 Vote opened');
  expect(zones).toEqual(['Etc/UTC']);
  expect(isDatedLine(line)).toBe(true);
  expect(isDatedLine('We met on 2026-03-02 09:00 UTC \u2014 and agreed.')).toBe(false);
  expect(isDatedLine('2026-03-02 09:00 UTC - a hyphen, typed by a member')).toBe(false);
});
