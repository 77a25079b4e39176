// Cell value semantics for the emulated Sheets: input parsing "as if typed", formulas, time zones, display formats and A1 notation.

import { GasException } from './runtime';
import { isDate } from './data-core';

export type CellValue = string | number | boolean | Date;

export interface ParsedInput {
  value: CellValue;
  formula?: string;
}

// ---------------------------------------------------------------------------------------------------
// Time zones (dates typed into a sheet are wall-clock times in the spreadsheet's zone)

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function toWallTime(epoch: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epoch))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

function offsetAt(epoch: number, timeZone: string): number {
  const w = toWallTime(epoch, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epoch / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given time. */
export function fromWallTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - offsetAt(guess, timeZone);
  const second2 = guess - offsetAt(first, timeZone);
  return second2;
}

// ---------------------------------------------------------------------------------------------------
// Input parsing (Sheets API USER_ENTERED, which is what setValue(s) use)

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (GROUPED_NUMBER.test(t)) return Number(t.replace(/,/g, ''));
  if (PERCENT.test(t)) return Number(t.slice(0, -1)) / 100;
  return undefined;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function hour24(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase() === 'pm';
  return (hour % 12) + (pm ? 12 : 0);
}

/** Recognises the date/time spellings an en_US sheet turns into dates; anything else is not a date. */
export function parseDateLike(text: string, timeZone: string): Date | undefined {
  const t = text.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDate(y, mo, d)) return undefined;
    const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return undefined;
    return new Date(fromWallTime(y, mo, d, h, mi, s, timeZone));
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/.exec(t);
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDate(y, mo, d)) return undefined;
    const h = hour24(Number(m[4] ?? 0), m[7]);
    const [mi, s] = [Number(m[5] ?? 0), Number(m[6] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return undefined;
    return new Date(fromWallTime(y, mo, d, h, mi, s, timeZone));
  }
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$/.exec(t);
  if (m) {
    // A time alone is a time on Sheets' day zero, 1899-12-30.
    const h = hour24(Number(m[1]), m[4]);
    const [mi, s] = [Number(m[2]), Number(m[3] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return undefined;
    return new Date(fromWallTime(1899, 12, 30, h, mi, s, timeZone));
  }
  return undefined;
}

/**
 * How a string typed into (or written by setValue(s) to) a cell is stored.
 *
 * - A leading apostrophe forces text and is not part of the value, in every cell (the quote prefix).
 * - '=' starts a formula, and so, in the STRICTER reading of an undocumented case, does a leading '+', '-' or '@'
 *   on any string that is not a plain number (Sheets' UI does this for "-foo").
 * - ❓ Plain-text cells (number format '@'): Google documents that they keep numbers and dates as text, and
 *   nothing about text that starts with '=', '+', '-' or '@' (the Sheets API's ValueInputOption.USER_ENTERED says
 *   values are parsed "as if the user typed them into the UI", the number formats reference does not say a
 *   format stops a formula). The emulator takes the strict reading: such a string is a formula in a plain-text cell
 *   too unless it starts with the apostrophe, so code that writes user text must escape it wherever it writes.
 * - Numbers, TRUE/FALSE and en_US date spellings are converted outside plain-text cells; everything else stays text.
 */
export function parseUserEntered(raw: string, plainText: boolean, timeZone: string): ParsedInput {
  if (raw === '') return { value: raw };
  // Fast path for ordinary text: numbers, dates and formulas never start with a letter, and only TRUE/FALSE
  // (t/f) among letter-initial strings convert. Keeps 150,000-cell writes quick.
  const first = raw.charCodeAt(0) | 0x20;
  if (first >= 0x61 && first <= 0x7a && (plainText || (first !== 0x74 && first !== 0x66))) return { value: raw };
  if (raw.startsWith("'")) return { value: raw.slice(1) };
  if (raw.length > 1 && raw.startsWith('=')) return { value: evaluateFormula(raw), formula: raw };
  const signed = raw.length > 1 && (raw.startsWith('+') || raw.startsWith('-') || raw.startsWith('@'));
  if (plainText) {
    if (!signed) return { value: raw };
    const formula = '=' + raw;
    return { value: evaluateFormula(formula), formula };
  }
  const number = parseNumber(raw);
  if (number !== undefined) return { value: number };
  if (signed) {
    const formula = '=' + raw;
    return { value: evaluateFormula(formula), formula };
  }
  const upper = raw.trim().toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE' };
  const date = parseDateLike(raw, timeZone);
  if (date) return { value: date };
  return { value: raw };
}

/** Converts a value handed to setValue(s)/appendRow into what the cell stores. */
export function parseScriptValue(raw: unknown, plainText: boolean, timeZone: string): ParsedInput {
  if (raw === null || raw === undefined) return { value: '' };
  if (typeof raw === 'string') return parseUserEntered(raw, plainText, timeZone);
  if (typeof raw === 'number') return { value: Number.isFinite(raw) ? raw : '#NUM!' };
  if (typeof raw === 'boolean') return { value: raw };
  if (isDate(raw)) return { value: new Date(raw.getTime()) };
  return parseUserEntered(String(raw), plainText, timeZone);
}

// ---------------------------------------------------------------------------------------------------
// Formula placeholder evaluation: literal arithmetic and string literals; anything else is #NAME?

export function evaluateFormula(formula: string): CellValue {
  const body = formula.slice(1).trim();
  const literal = /^"([^"]*)"$/.exec(body);
  if (literal) return literal[1];
  if (/[A-Za-z_@]/.test(body)) return '#NAME?';
  try {
    const result = evaluateArithmetic(body);
    if (!Number.isFinite(result)) return '#DIV/0!';
    return result;
  } catch {
    return '#ERROR!';
  }
}

function evaluateArithmetic(text: string): number {
  const tokens = text.match(/\d+\.?\d*(?:e[+-]?\d+)?|\.\d+|[-+*/^()]|\S/gi) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const primary = (): number => {
    const t = take();
    if (t === undefined) throw new Error('end');
    if (t === '(') {
      const v = sum();
      if (take() !== ')') throw new Error('paren');
      return v;
    }
    if (t === '-') return -power();
    if (t === '+') return power();
    const n = Number(t);
    if (Number.isNaN(n)) throw new Error('token');
    return n;
  };
  const power = (): number => {
    const base = primary();
    if (peek() === '^') {
      take();
      return Math.pow(base, power());
    }
    return base;
  };
  const product = (): number => {
    let v = power();
    while (peek() === '*' || peek() === '/') v = take() === '*' ? v * power() : v / power();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = take() === '+' ? v + product() : v - product();
    return v;
  };
  const result = sum();
  if (pos !== tokens.length) throw new Error('trailing');
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Display values

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

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

function isDatePattern(format: string): boolean {
  return /[yd]|h|s/i.test(format.replace(/"[^"]*"/g, '')) && !/^[#0.,%]+$/.test(format);
}

/** Formats a date with a Sheets number-format pattern (yyyy, mm, dd, hh, mm, ss, am/pm; m after h is minutes). */
export function formatSheetsDate(date: Date, format: string, timeZone: string): string {
  const w = toWallTime(date.getTime(), timeZone);
  const tokens = format.match(/"[^"]*"|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|a\/p|./gi) ?? [];
  const twelveHour = tokens.some((t) => /^(am\/pm|a\/p)$/i.test(t));
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const lower = token.toLowerCase();
    const previous =
      tokens
        .slice(0, i)
        .reverse()
        .find((t) => /^[a-z]/i.test(t))
        ?.toLowerCase() ?? '';
    const next =
      tokens
        .slice(i + 1)
        .find((t) => /^[a-z]/i.test(t))
        ?.toLowerCase() ?? '';
    const minutes = previous.startsWith('h') || next.startsWith('s');
    const hour = twelveHour ? ((w.hour + 11) % 12) + 1 : w.hour;
    switch (lower) {
      case 'yyyy':
        out += String(w.year);
        break;
      case 'yy':
        out += pad(w.year % 100);
        break;
      case 'mmmm':
        out += MONTHS[w.month - 1];
        break;
      case 'mmm':
        out += MONTHS[w.month - 1].slice(0, 3);
        break;
      case 'mm':
        out += minutes ? pad(w.minute) : pad(w.month);
        break;
      case 'm':
        out += minutes ? String(w.minute) : String(w.month);
        break;
      case 'dddd':
        out += DAYS[w.weekday];
        break;
      case 'ddd':
        out += DAYS[w.weekday].slice(0, 3);
        break;
      case 'dd':
        out += pad(w.day);
        break;
      case 'd':
        out += String(w.day);
        break;
      case 'hh':
        out += pad(hour);
        break;
      case 'h':
        out += String(hour);
        break;
      case 'ss':
        out += pad(w.second);
        break;
      case 's':
        out += String(w.second);
        break;
      case 'am/pm':
        out += w.hour < 12 ? 'AM' : 'PM';
        break;
      case 'a/p':
        out += w.hour < 12 ? 'A' : 'P';
        break;
      default:
        out += token.startsWith('"') ? token.slice(1, -1) : token;
    }
  }
  return out;
}

function formatNumber(value: number, format: string): string {
  if (format.endsWith('%')) {
    const decimals = (format.split('.')[1] ?? '').replace('%', '').length;
    return (value * 100).toFixed(decimals) + '%';
  }
  if (/^[#0,]+(\.[0#]+)?$/.test(format)) {
    const decimals = (format.split('.')[1] ?? '').length;
    const fixed = value.toFixed(decimals);
    if (!format.includes(',')) return fixed;
    const [whole, fraction] = fixed.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return fraction === undefined ? grouped : `${grouped}.${fraction}`;
  }
  return String(value);
}

/** What getDisplayValues() shows for a stored value under a number format (en_US locale). */
export function formatDisplay(value: CellValue, format: string | undefined, timeZone: string): string {
  if (value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (isDate(value)) {
    if (format && format !== '@' && format !== 'General' && isDatePattern(format))
      return formatSheetsDate(value, format, timeZone);
    const w = toWallTime(value.getTime(), timeZone);
    if (w.year === 1899 && w.month === 12 && w.day === 30) return formatSheetsDate(value, 'h:mm:ss', timeZone);
    if (w.hour === 0 && w.minute === 0 && w.second === 0) return formatSheetsDate(value, 'm/d/yyyy', timeZone);
    return formatSheetsDate(value, 'm/d/yyyy h:mm:ss', timeZone);
  }
  if (format && format !== '@' && format !== 'General') return formatNumber(value, format);
  return String(value);
}

// ---------------------------------------------------------------------------------------------------
// A1 notation

export function columnLetter(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(row: number, column: number, numRows: number, numColumns: number): string {
  const start = `${columnLetter(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return start;
  return `${start}:${columnLetter(column + numColumns - 1)}${row + numRows - 1}`;
}

export interface A1Parts {
  sheetName?: string;
  resolve(maxRows: number, maxColumns: number): { row: number; column: number; numRows: number; numColumns: number };
}

/** Parses 'A1', 'A1:C3', 'A:C', '2:5', 'A2:C', optionally prefixed by a sheet name ('Cases'!A1 or Cases!A1). */
export function parseA1(notation: string): A1Parts {
  const text = String(notation).trim();
  let sheetName: string | undefined;
  let rest = text;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = text.slice(0, bang);
    if (sheetName.startsWith("'") && sheetName.endsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    rest = text.slice(bang + 1);
  }
  const [first, second, extra] = rest.split(':');
  if (extra !== undefined) throw new GasException('Range not found');
  const part = (p: string) => {
    const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/.exec(p);
    if (!m || (!m[1] && !m[2])) throw new GasException('Range not found');
    return { column: m[1] ? columnNumber(m[1]) : undefined, row: m[2] ? Number(m[2]) : undefined };
  };
  const a = part(first);
  if (second === undefined) {
    if (a.column === undefined || a.row === undefined || a.row < 1) throw new GasException('Range not found');
    return { sheetName, resolve: () => ({ row: a.row!, column: a.column!, numRows: 1, numColumns: 1 }) };
  }
  const b = part(second);
  return {
    sheetName,
    resolve(maxRows, maxColumns) {
      const r1 = a.row ?? 1;
      const c1 = a.column ?? 1;
      const r2 = b.row ?? (a.row === undefined || b.column !== undefined ? maxRows : r1);
      const c2 = b.column ?? (a.column === undefined || b.row !== undefined ? maxColumns : c1);
      if (r1 < 1 || r2 < 1) throw new GasException('Range not found');
      const [top, bottom] = r1 <= r2 ? [r1, r2] : [r2, r1];
      const [left, right] = c1 <= c2 ? [c1, c2] : [c2, c1];
      return { row: top, column: left, numRows: bottom - top + 1, numColumns: right - left + 1 };
    },
  };
}
