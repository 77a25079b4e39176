// Deadlines of a case (acknowledge, follow up, moderators) as UTC instants, and how they are shown in the sheet's time zone.

/** The committee's time limits. The seed's defaults; the PSF text has changed before (R11), so these live in Settings. */
export interface Policy {
  acknowledgeWithinHours: number;
  followUpWithinDays: number;
  moderatorsWithinDays: number;
}

/** Seed defaults: acknowledge within 24 hours, follow up (or send a status email) within a week, moderators within a week. */
export const DEFAULT_POLICY: Policy = Object.freeze({
  acknowledgeWithinHours: 24,
  followUpWithinDays: 7,
  moderatorsWithinDays: 7,
});

export interface CaseDeadlines {
  acknowledgeBy: string;
  followUpBy: string;
}

/** An hour and a day in milliseconds, for every deadline and interval the product counts. */
/** An instant (ms since the epoch, a date string, a Date) as ISO text: `new Date(at).toISOString()`, spelt once for the bundle. */
export const isoOf = (at: number | string | Date) => new Date(at).toISOString();
/** Whether Date.parse reads the text as a date (a blank or garbled cell does not). */
export const isDate = (text: string) => Number.isFinite(Date.parse(text));

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Parses an ISO instant, refusing anything that is not a real date (a silent NaN would never be overdue). */
export function parseInstant(iso: string): number {
  const ms = typeof iso === 'string' && iso.trim() !== '' ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid date and time: ${JSON.stringify(iso)}`);
  return ms;
}

/**
 * Adds hours of elapsed time. Deadlines are instants, not wall-clock times, so a daylight-saving
 * change in any zone cannot shift them: "24 hours" is always 24 real hours.
 */
export function addHours(iso: string, hours: number): string {
  if (!Number.isFinite(hours)) throw new RangeError(`Not a number of hours: ${hours}`);
  return isoOf(parseInstant(iso) + hours * HOUR_MS);
}

/**
 * Adds days as exact multiples of 24 hours of elapsed time (not calendar days in some zone), so DST
 * cannot shorten or lengthen a deadline. Across a DST change the local clock time shifts by an hour;
 * the time the person has does not.
 */
export function addDays(iso: string, days: number): string {
  if (!Number.isFinite(days)) throw new RangeError(`Not a number of days: ${days}`);
  return isoOf(parseInstant(iso) + days * DAY_MS);
}

/**
 * `ms` plus calendar months (UTC), as a person counts them: the same day of the month, or the month's last day when
 * it has no such day (31 January plus one month is 28 or 29 February, not 2 or 3 March).
 */
export function addCalendarMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

/**
 * `ms` plus calendar months as a person in `timeZone` counts them: the same day of the month at the same wall-clock
 * time there, or the month's last day when it has no such day. In UTC a case closed on 1 March in Tokyo (still
 * 28 February in UTC) came due on 29 March, three days before the month was up where the committee counts it.
 */
export function addCalendarMonthsIn(ms: number, months: number, timeZone: string): number {
  if (!Number.isFinite(ms) || !Number.isFinite(months)) return NaN;
  const wall = wallClockOf(ms, timeZone);
  const first = new Date(Date.UTC(wall.year, wall.month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const target = Date.UTC(
    first.getUTCFullYear(),
    first.getUTCMonth(),
    Math.min(wall.day, lastDay),
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
  return instantOfWallClock(target, timeZone);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The execution's one formatter of `timeZone` (throws for a zone Intl does not know): making one costs more than the
 * formatting, and the Settings are read, with their zone checked, many times an execution.
 */
function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in `timeZone` (Intl, present in Apps Script V8). */
function wallClockOf(ms: number, timeZone: string): WallClock {
  const format = formatOf(timeZone);
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(whole))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ms - whole,
  };
}

/** The zone's offset from UTC at instant `ms` (ms). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClockOf(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - ms;
}

/**
 * The instant a wall-clock time in `timeZone` names (`wall` as if it were UTC): the earlier one when the clocks went
 * back, and the time pushed forward by the change when the clocks went forward past it.
 */
function instantOfWallClock(wall: number, timeZone: string): number {
  const candidates = new Set<number>();
  for (const probe of [wall, wall - 12 * HOUR_MS, wall + 12 * HOUR_MS])
    candidates.add(wall - offsetAt(probe, timeZone));
  const exact = [...candidates].filter((t) => t + offsetAt(t, timeZone) === wall).sort((a, b) => a - b);
  return exact.length ? exact[0] : Math.max(...candidates);
}

/**
 * Deadlines for a case received at `receivedAtIso` under `policy`. Callers store the result with the
 * case: a later policy change must not move the deadlines of cases already open (R11).
 */
export function computeDeadlines(receivedAtIso: string, policy: Policy): CaseDeadlines {
  return {
    acknowledgeBy: addHours(receivedAtIso, policy.acknowledgeWithinHours),
    followUpBy: addDays(receivedAtIso, policy.followUpWithinDays),
  };
}

/** When the moderators' answer is due, counted from when the recommendation was sent. */
export function computeModeratorDeadline(sentAtIso: string, policy: Policy): string {
  return addDays(sentAtIso, policy.moderatorsWithinDays);
}

/** True once `nowMs` is past the deadline. Throws on an unreadable deadline rather than hiding it. */
export function isOverdue(deadlineIso: string, nowMs: number): boolean {
  return nowMs > parseInstant(deadlineIso);
}

/** True when `timeZone` is an IANA zone this runtime knows (Settings checks it before use). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    formatOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * `timeZone` as the zone database spells it (`europe/berlin` to `Europe/Berlin`): Intl reads any case, Utilities'
 * formatDate and parseDate (Java) only that spelling, and take any other for GMT without a word. A link stays as typed
 * when it is spelt so (every part begins with a capital); else Intl's name of it (`asia/kolkata` to `Asia/Calcutta`).
 */
export function spellTimeZone(timeZone: string): string {
  const spelt = formatOf(timeZone).resolvedOptions().timeZone;
  return spelt.toLowerCase() === timeZone.toLowerCase() || /(^|\/)[^A-Z]/.test(timeZone) ? spelt : timeZone;
}

/**
 * Formats an instant as 'yyyy-MM-dd HH:mm' in an IANA time zone, for display cells. Uses Intl (present
 * in Apps Script V8) rather than the script's time zone, which can differ from the committee's.
 */
export function formatForSheet(iso: string, timeZone: string): string {
  const w = wallClockOf(parseInstant(iso), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** The committee's day of an instant, `yyyy-MM-dd` in `timeZone`: the date people read, and the key of once-a-day mail. */
export function dayIn(iso: string, timeZone: string): string {
  return formatForSheet(iso, timeZone).slice(0, 10);
}

/** The calendar day `days` after `yyyy-MM-dd` (before, when negative). */
export function dayAfter(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return isoOf(Date.UTC(y, m - 1, d + days)).slice(0, 10);
}
