// Java SimpleDateFormat formatting and parsing with IANA time zones (via Intl), for Utilities.formatDate/parseDate and trigger schedules.
//
// Apps Script's Utilities.formatDate(date, timeZone, pattern) is Java's SimpleDateFormat in the en_US
// locale. This module reproduces the pattern letters Apps Script code uses (G y Y M L w W D d F E u a H k
// K h m s S z Z X, quoted literals with '' as an escaped quote) and throws on letters Java rejects.

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A resolved time zone: offsets and display names at an instant. */
export interface Zone {
  id: string;
  /** Offset from UTC in ms at `utcMs` (positive east of Greenwich). */
  offsetMs(utcMs: number): number;
  shortName(utcMs: number): string;
  longName(utcMs: number): string;
}

const zoneCache = new Map<string, Zone>();

function fixedZone(id: string, offsetMinutes: number): Zone {
  const name = offsetMinutes === 0 ? 'GMT' : `GMT${formatOffset(offsetMinutes * MINUTE, true)}`;
  return {
    id,
    offsetMs: () => offsetMinutes * MINUTE,
    shortName: () => name,
    longName: () => (offsetMinutes === 0 ? 'Greenwich Mean Time' : name),
  };
}

/**
 * Resolves a Java/IANA zone id. Java silently falls back to GMT for unknown ids; the emulator throws
 * instead (strict), so a misspelt zone in the product is caught by tests rather than shifting times.
 */
export function resolveZone(id: string): Zone {
  const cached = zoneCache.get(id);
  if (cached) return cached;
  let zone: Zone;
  const custom = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(id);
  if (custom) {
    const minutes = custom[1] ? (custom[1] === '-' ? -1 : 1) * (Number(custom[2]) * 60 + Number(custom[3] ?? 0)) : 0;
    zone = fixedZone(id, minutes);
    if (id === 'UTC') zone = { ...zone, shortName: () => 'UTC', longName: () => 'Coordinated Universal Time' };
  } else {
    let numeric: Intl.DateTimeFormat;
    try {
      numeric = new Intl.DateTimeFormat('en-US', {
        timeZone: id,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new InvalidTimeZoneError(id);
    }
    // Java looks an id up as spelt (TimeZone.getTimeZone: an id it does not know is GMT), Intl in any case: an id Intl
    // spells otherwise only in its case (`europe/berlin`) is unknown to Java; modelled as the stricter case, refused.
    // A link Intl resolves to another name (`asia/kolkata` to `Asia/Calcutta`) is no safer: TimeZone.getTimeZone
    // "returns the GMT zone if the given ID cannot be understood" (docs.oracle.com/javase/8/docs/api/java/util/
    // TimeZone.html#getTimeZone-java.lang.String-), and the database begins every part of a name with a capital.
    const spelt = numeric.resolvedOptions().timeZone;
    if (spelt !== id && (spelt.toLowerCase() === id.toLowerCase() || /(^|\/)[^A-Z]/.test(id)))
      throw new InvalidTimeZoneError(id);
    const shortFmt = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'short' });
    const longFmt = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'long' });
    const offsetMs = (utcMs: number): number => {
      const whole = Math.floor(utcMs / 1000) * 1000;
      const parts: Record<string, string> = {};
      for (const p of numeric.formatToParts(new Date(whole))) parts[p.type] = p.value;
      let year = Number(parts.year);
      if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
      const local = Date.UTC(
        year,
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
        Number(parts.second),
      );
      return local - whole;
    };
    const nameOf = (fmt: Intl.DateTimeFormat, utcMs: number): string => {
      const raw = fmt.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
      // Intl writes "GMT+1"; Java writes "GMT+01:00" for zones without an abbreviation.
      const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(raw);
      return m ? `GMT${m[1]}${m[2].padStart(2, '0')}:${m[3] ?? '00'}` : raw;
    };
    zone = { id, offsetMs, shortName: (ms) => nameOf(shortFmt, ms), longName: (ms) => nameOf(longFmt, ms) };
  }
  zoneCache.set(id, zone);
  return zone;
}

export class InvalidTimeZoneError extends Error {
  constructor(readonly zoneId: string) {
    super(`Invalid argument: timeZone (${zoneId})`);
  }
}

/** Wall-clock fields of an instant in a zone. `dayOfWeek` 0 = Sunday (JS convention). */
export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  dayOfWeek: number;
  dayOfYear: number;
  offsetMs: number;
}

export function localFields(utcMs: number, zone: Zone): LocalFields {
  const offsetMs = zone.offsetMs(utcMs);
  const d = new Date(utcMs + offsetMs);
  const year = d.getUTCFullYear();
  const dayOfYear = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / DAY) + 1;
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    dayOfWeek: d.getUTCDay(),
    dayOfYear,
    offsetMs,
  };
}

/**
 * The instant of a wall-clock time in a zone. In a DST gap the time is pushed forward (Java's lenient
 * calendar: 02:30 on a spring-forward day becomes 03:30); in an overlap the earlier instant wins.
 */
export function utcFromLocal(
  zone: Zone,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const firstGuess = local - zone.offsetMs(local);
  const candidates = new Set<number>([firstGuess, local - zone.offsetMs(firstGuess)]);
  // Also try the offsets a few hours either side, which covers both sides of a transition.
  for (const shift of [-6, 6]) candidates.add(local - zone.offsetMs(firstGuess + shift * 3_600_000));
  const matching = [...candidates].filter((c) => c + zone.offsetMs(c) === local).sort((a, b) => a - b);
  if (matching.length) return matching[0];
  // Gap: the offset in force just before the transition pushes the wall time forward.
  return Math.max(...candidates);
}

/** ISO-8601 week of year (weeks start Monday; week 1 holds the first Thursday). */
export function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / DAY + 1) / 7);
}

/** Java en_US week fields: weeks start Sunday and week 1 is the week holding January 1st. */
function usWeek(f: LocalFields): { week: number; weekYear: number } {
  const jan1Dow = new Date(Date.UTC(f.year, 0, 1)).getUTCDay();
  const week = Math.floor((f.dayOfYear - 1 + jan1Dow) / 7) + 1;
  // The last days of December belong to week 1 of next year when that week holds January 1st.
  const nextJan1Dow = new Date(Date.UTC(f.year + 1, 0, 1)).getUTCDay();
  const daysToNextYear = Math.floor((Date.UTC(f.year + 1, 0, 1) - Date.UTC(f.year, f.month - 1, f.day)) / DAY);
  if (nextJan1Dow !== 0 && daysToNextYear <= nextJan1Dow) return { week: 1, weekYear: f.year + 1 };
  return { week, weekYear: f.year };
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

function formatOffset(offsetMs: number, colon: boolean, hoursOnly = false): string {
  const total = Math.round(offsetMs / MINUTE);
  const sign = total < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(total) / 60);
  const m = Math.abs(total) % 60;
  if (hoursOnly) return `${sign}${pad(h, 2)}`;
  return `${sign}${pad(h, 2)}${colon ? ':' : ''}${pad(m, 2)}`;
}

type Token = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

const PATTERN_LETTERS = new Set('GyYMLwWDdFEuaHkKhmsSzZX'.split(''));
const patternCache = new Map<string, Token[]>();

/** Splits a SimpleDateFormat pattern into fields and literals; throws like Java on unknown letters or an unclosed quote. */
export function tokenizePattern(pattern: string): Token[] {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const tokens: Token[] = [];
  const pushLiteral = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        pushLiteral("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= pattern.length) throw new Error(`Illegal pattern: unterminated quote in "${pattern}"`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j++];
      }
      pushLiteral(text);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      if (!PATTERN_LETTERS.has(ch)) throw new Error(`Illegal pattern character '${ch}'`);
      let j = i;
      while (pattern[j] === ch) j++;
      tokens.push({ kind: 'field', letter: ch, count: j - i });
      i = j;
      continue;
    }
    pushLiteral(ch);
    i++;
  }
  patternCache.set(pattern, tokens);
  return tokens;
}

/** Java SimpleDateFormat(pattern, Locale.US) with the given zone. */
export function formatJavaDate(utcMs: number, zone: Zone, pattern: string): string {
  const f = localFields(utcMs, zone);
  let out = '';
  for (const t of tokenizePattern(pattern)) {
    if (t.kind === 'literal') {
      out += t.text;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case 'G':
        out += f.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
        out += n === 2 ? pad(f.year % 100, 2) : pad(f.year, n);
        break;
      case 'Y': {
        const wy = usWeek(f).weekYear;
        out += n === 2 ? pad(wy % 100, 2) : pad(wy, n);
        break;
      }
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[f.month - 1] : n === 3 ? MONTHS[f.month - 1].slice(0, 3) : pad(f.month, n);
        break;
      case 'w':
        out += pad(usWeek(f).week, n);
        break;
      case 'W': {
        const firstDow = new Date(Date.UTC(f.year, f.month - 1, 1)).getUTCDay();
        out += pad(Math.floor((f.day - 1 + firstDow) / 7) + 1, n);
        break;
      }
      case 'D':
        out += pad(f.dayOfYear, n);
        break;
      case 'd':
        out += pad(f.day, n);
        break;
      case 'F':
        out += pad(Math.floor((f.day - 1) / 7) + 1, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[f.dayOfWeek] : DAYS[f.dayOfWeek].slice(0, 3);
        break;
      case 'u':
        out += pad(f.dayOfWeek === 0 ? 7 : f.dayOfWeek, n);
        break;
      case 'a':
        out += f.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(f.hour, n);
        break;
      case 'k':
        out += pad(f.hour === 0 ? 24 : f.hour, n);
        break;
      case 'K':
        out += pad(f.hour % 12, n);
        break;
      case 'h':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n);
        break;
      case 'm':
        out += pad(f.minute, n);
        break;
      case 's':
        out += pad(f.second, n);
        break;
      case 'S':
        out += pad(f.millisecond, n);
        break;
      case 'z':
        out += n >= 4 ? zone.longName(utcMs) : zone.shortName(utcMs);
        break;
      case 'Z':
        out += formatOffset(f.offsetMs, false);
        break;
      case 'X':
        if (n > 3) throw new Error('invalid ISO 8601 format: length=' + n);
        if (f.offsetMs === 0) {
          out += 'Z';
          break;
        }
        out += n === 1 ? formatOffset(f.offsetMs, false, true) : formatOffset(f.offsetMs, n === 3);
        break;
      default:
        throw new Error(`Illegal pattern character '${t.letter}'`);
    }
  }
  return out;
}

export class UnparseableDateError extends Error {
  constructor(text: string) {
    super(`Unparseable date: "${text}"`);
  }
}

const NUMERIC_LETTERS = new Set('yYMLwWDdFuHkKhmsS'.split(''));

/**
 * Java SimpleDateFormat.parse (lenient, as Java's default is): numeric fields, month and day names,
 * AM/PM, quoted literals and zone offsets (Z, X, z as GMT±hh:mm or a short name the zone itself uses).
 * Trailing text after the pattern is ignored, as Java does.
 */
export function parseJavaDate(text: string, zone: Zone, pattern: string, nowMs: number): number {
  const tokens = tokenizePattern(pattern);
  let pos = 0;
  let year = 1970,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
    ms = 0;
  let pm: boolean | null = null;
  let hour12: number | null = null;
  let offsetMs: number | null = null;
  const fail = (): never => {
    throw new UnparseableDateError(text);
  };
  const readNumber = (maxDigits: number | null): number => {
    let j = pos;
    if (text[j] === '-' || text[j] === '+') j++;
    const start = j;
    while (j < text.length && /[0-9]/.test(text[j]) && (maxDigits === null || j - start < maxDigits)) j++;
    if (j === start) fail();
    const value = Number(text.slice(pos, j));
    pos = j;
    return value;
  };
  const readName = (names: string[]): number => {
    const rest = text.slice(pos).toLowerCase();
    let best = -1;
    let bestLen = 0;
    names.forEach((name, idx) => {
      for (const candidate of [name, name.slice(0, 3)]) {
        if (rest.startsWith(candidate.toLowerCase()) && candidate.length > bestLen) {
          best = idx;
          bestLen = candidate.length;
        }
      }
    });
    if (best < 0) fail();
    pos += bestLen;
    return best;
  };
  const readOffset = (): number => {
    if (text[pos] === 'Z') {
      pos++;
      return 0;
    }
    const m = /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})?/.exec(text.slice(pos));
    if (m) {
      pos += m[0].length;
      return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * MINUTE;
    }
    if (text.startsWith('GMT', pos) || text.startsWith('UTC', pos)) {
      pos += 3;
      return 0;
    }
    fail();
    return 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'literal') {
      if (text.slice(pos, pos + t.text.length) !== t.text) {
        // Java lets a run of whitespace in the pattern match any whitespace.
        if (/^\s+$/.test(t.text) && /\s/.test(text[pos] ?? '')) {
          while (/\s/.test(text[pos] ?? '')) pos++;
          continue;
        }
        fail();
      }
      pos += t.text.length;
      continue;
    }
    const next = tokens[i + 1];
    const abutting = next !== undefined && next.kind === 'field' && NUMERIC_LETTERS.has(next.letter);
    const width = abutting ? t.count : null;
    switch (t.letter) {
      case 'y':
      case 'Y': {
        const start = pos;
        const v = readNumber(width);
        // Java: a y/yy year given as exactly two digits lands within [now - 80 years, now + 20 years).
        if (t.count <= 2 && pos - start === 2) {
          const floor = new Date(nowMs).getUTCFullYear() - 80;
          year = Math.floor(floor / 100) * 100 + v;
          if (year < floor) year += 100;
        } else year = v;
        break;
      }
      case 'M':
      case 'L':
        month = t.count >= 3 ? readName(MONTHS) + 1 : readNumber(width);
        break;
      case 'd':
        day = readNumber(width);
        break;
      case 'E':
        readName(DAYS);
        break;
      case 'u':
      case 'F':
      case 'w':
      case 'W':
      case 'D':
        readNumber(width);
        break;
      case 'H':
        hour = readNumber(width);
        break;
      case 'k':
        hour = readNumber(width) % 24;
        break;
      case 'K':
      case 'h':
        hour12 = readNumber(width) % 12;
        break;
      case 'm':
        minute = readNumber(width);
        break;
      case 's':
        second = readNumber(width);
        break;
      case 'S':
        ms = readNumber(width);
        break;
      case 'a': {
        const rest = text.slice(pos, pos + 2).toUpperCase();
        if (rest !== 'AM' && rest !== 'PM') fail();
        pm = rest === 'PM';
        pos += 2;
        break;
      }
      case 'G':
        if (/^(AD|BC)/i.test(text.slice(pos))) pos += 2;
        else fail();
        break;
      case 'Z':
      case 'X':
        offsetMs = readOffset();
        break;
      case 'z': {
        const probe = Date.UTC(year, month - 1, day, hour, minute);
        const names = [zone.shortName(probe), zone.shortName(probe - 180 * DAY), zone.shortName(probe + 180 * DAY)];
        const hit = names.find((n) => text.startsWith(n, pos));
        if (hit && !/^GMT[+-]/.test(hit)) {
          pos += hit.length;
          offsetMs = null; // the zone itself interprets the wall time
        } else offsetMs = readOffset();
        break;
      }
      default:
        fail();
    }
  }
  if (hour12 !== null) hour = hour12 + (pm ? 12 : 0);
  else if (pm !== null && pm && hour < 12) hour += 12;
  if (offsetMs !== null) return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
  return utcFromLocal(zone, year, month, day, hour, minute, second, ms);
}
