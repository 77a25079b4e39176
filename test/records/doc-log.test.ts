// Unit tests of the dated Doc entries: made in the script's time zone, and told apart from members' text by their shape alone.
import { datedLine, isDatedLine } from '../../src/records/doc-log';

const globals = globalThis as Record<string, unknown>;

beforeEach(() => {
  globals.Session = { getScriptTimeZone: () => 'Etc/UTC' };
  globals.Utilities = {
    formatDate: (date: Date, _zone: string, pattern: string) => {
      expect(pattern).toBe('yyyy-MM-dd HH:mm z');
      return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    },
  };
});

afterEach(() => {
  delete globals.Session;
  delete globals.Utilities;
});

test("a dated line is the time, a dash, then the text; only such lines read as the system's entries", () => {
  const line = datedLine(Date.parse('2026-03-02T09:00:00Z'), 'Vote opened');
  expect(line).toBe('2026-03-02 09:00 UTC \u2014 Vote opened');
  expect(isDatedLine(line)).toBe(true);
  expect(isDatedLine('We met on 2026-03-02 09:00 UTC \u2014 and agreed.')).toBe(false);
  expect(isDatedLine('2026-03-02 09:00 UTC - a hyphen, typed by a member')).toBe(false);
});
