// The dated entries the system writes into case Docs (`2026-03-02 09:00 UTC — …`): made and recognised in one place, so a reader never mistakes them for members' text.
import { formatLogTime } from '../workspace/session';

/**
 * A dated line in the committee's time zone (Settings `Time zone`, named: `PST`), the format of every entry the system
 * appends to a Doc: the members read it beside the dates of their emails and pages, which use that zone too.
 */
export function datedLine(atMs: number, text: string, timeZone: string): string {
  return `${formatLogTime(atMs, timeZone)} \u2014 ${text}`;
}

const DATED_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d \S+ \u2014 /;

/** True when the line starts as `datedLine` makes them: a record the system wrote, never text to send on. */
export function isDatedLine(line: string): boolean {
  return DATED_LINE.test(line);
}

/**
 * A line of someone's emailed reply as the sweep files it, marked so that a section whose text is sent on (the
 * reporter's follow-up) never sends their own words back to them as the committee's response.
 */
const FILED_MARK = '\u2502 ';

/** `text` as a filed reply line. */
export function filedLine(text: string): string {
  return `${FILED_MARK}${text}`;
}

/** True when the line is a filed reply's, as `filedLine` makes them. */
export function isFiledLine(line: string): boolean {
  return line.startsWith(FILED_MARK.trim());
}
