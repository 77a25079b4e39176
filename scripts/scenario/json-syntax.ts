// Where a scenario file's JSON goes wrong: line, column and a plain-words reason, with the line quoted and marked.
// JSON.parse only sometimes gives an offset (V8 omits it for a bad word like `tru`, and its wording changes between
// Node versions), so after it fails a small scanner walks the text again to find the first error itself.

interface Fault {
  offset: number;
  message: string;
}

class JsonFault extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Nesting deeper than this is not a scenario: give up (JSON.parse's own words are used) rather than overflow the stack. */
const MAX_DEPTH = 500;

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the file';
  if (ch === '\n' || ch === '\r') return 'a line break';
  if (ch === '"') return 'the start of a string';
  return JSON.stringify(ch);
}

class Scanner {
  private i = 0;
  /** Property names given twice in one object: JSON.parse keeps the last and drops the first without a word. */
  readonly duplicates: Fault[] = [];

  constructor(private readonly text: string) {}

  run(): void {
    this.space();
    if (this.i >= this.text.length) throw new JsonFault(0, 'the file is empty');
    this.value(0, false);
    this.space();
    if (this.i < this.text.length)
      throw new JsonFault(
        this.i,
        `unexpected ${describeChar(this.text[this.i])} after the end of the scenario (one JSON object per file)`,
      );
  }

  /** A method, not a getter, so TypeScript does not narrow it across the moves between two reads. */
  private peek(): string | undefined {
    return this.text[this.i];
  }

  private space(): void {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '/' && (this.text[this.i + 1] === '/' || this.text[this.i + 1] === '*'))
        throw new JsonFault(this.i, 'comments are not allowed in JSON (use a "note" field on a step)');
      else return;
    }
  }

  private value(depth: number, afterComma: boolean): void {
    if (depth > MAX_DEPTH) throw new RangeError('nested too deeply to scan');
    const c = this.peek();
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      this.string();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (c === "'") throw new JsonFault(this.i, 'strings take double quotes, not single quotes');
    if ((c === '}' || c === ']') && afterComma)
      throw new JsonFault(
        this.i,
        `a comma before ${JSON.stringify(c)} with nothing after it (JSON allows no trailing comma)`,
      );
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.i, this.i + 40))?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.i += word.length;
      return;
    }
    if (word)
      throw new JsonFault(
        this.i,
        `expected a value, found ${JSON.stringify(word)} (strings take double quotes; the words JSON knows are true, false and null)`,
      );
    throw new JsonFault(
      this.i,
      `expected a value (a string, number, object, list, true, false or null), found ${describeChar(c)}`,
    );
  }

  private object(depth: number): void {
    this.i++; // {
    this.space();
    if (this.peek() === '}') {
      this.i++;
      return;
    }
    let afterComma = false;
    const names = new Map<string, number>();
    for (;;) {
      const c = this.peek();
      if (c === '}' && afterComma)
        throw new JsonFault(this.i, 'a comma before "}" with nothing after it (JSON allows no trailing comma)');
      if (c === "'") throw new JsonFault(this.i, 'property names take double quotes, not single quotes');
      if (c !== '"') {
        const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.i, this.i + 40))?.[0];
        throw new JsonFault(
          this.i,
          word
            ? `property names take double quotes: "${word}"`
            : `expected a property name in double quotes, found ${describeChar(c)}`,
        );
      }
      const nameAt = this.i;
      const name = this.string();
      // The name as JSON.parse reads it (escapes decoded), so "a\u0062" and "ab" are one name, as they are to it.
      const key = JSON.parse(this.text.slice(nameAt, this.i)) as string;
      const first = names.get(key);
      if (first === undefined) names.set(key, nameAt);
      else
        this.duplicates.push({
          offset: nameAt,
          message: `${JSON.stringify(key)} is given twice in one object (first at line ${lineAndColumn(this.text, first).line}); JSON keeps only the last, so the first would be dropped without a word`,
        });
      this.space();
      if (this.peek() !== ':')
        throw new JsonFault(
          this.i,
          `expected ':' after the property name ${JSON.stringify(name)}, found ${describeChar(this.peek())}`,
        );
      this.i++;
      this.space();
      this.value(depth + 1, false);
      const end = this.i;
      this.space();
      if (this.peek() === ',') {
        this.i++;
        this.space();
        afterComma = true;
        continue;
      }
      if (this.peek() === '}') {
        this.i++;
        return;
      }
      throw new JsonFault(
        this.i,
        `expected ',' or '}' after the value of ${JSON.stringify(name)}, found ${describeChar(this.peek())}${this.missingCommaHint(end)}`,
      );
    }
  }

  private array(depth: number): void {
    this.i++; // [
    this.space();
    if (this.peek() === ']') {
      this.i++;
      return;
    }
    let afterComma = false;
    for (let n = 0; ; n++) {
      this.value(depth + 1, afterComma);
      const end = this.i;
      this.space();
      if (this.peek() === ',') {
        this.i++;
        this.space();
        afterComma = true;
        continue;
      }
      if (this.peek() === ']') {
        this.i++;
        return;
      }
      throw new JsonFault(
        this.i,
        `expected ',' or ']' after item ${n} of the list, found ${describeChar(this.peek())}${this.missingCommaHint(end)}`,
      );
    }
  }

  /** A comma forgotten at the end of a line is the usual cause, and the scanner only notices on the next line. */
  private missingCommaHint(valueEnd: number): string {
    if (this.i >= this.text.length || !this.text.slice(valueEnd, this.i).includes('\n')) return '';
    const { line } = lineAndColumn(this.text, valueEnd);
    return ` (is a comma missing at the end of line ${line}?)`;
  }

  /** Scans a string and returns its text (only property names use it, for messages). */
  private string(): string {
    const start = this.i;
    this.i++; // "
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) {
        const at = lineAndColumn(this.text, start);
        throw new JsonFault(
          start,
          `the string that starts at line ${at.line}, column ${at.column} never ends (a missing '"')`,
        );
      }
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\n' || c === '\r')
        throw new JsonFault(this.i, "a line break inside a string (write \\n, or close the string with '\"')");
      if (c < ' ')
        throw new JsonFault(
          this.i,
          `a control character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) inside a string`,
        );
      if (c === '\\') {
        const e = this.text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.i + 2, this.i + 6)))
            throw new JsonFault(this.i, '\\u must be followed by four hexadecimal digits');
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e))
          throw new JsonFault(this.i, `\\${e ?? ''} is not an escape JSON knows (write \\\\ for a backslash)`);
        out += e;
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
  }

  private number(): void {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (!m) throw new JsonFault(this.i, 'not a number JSON knows (like 7, -2 or 1.5)');
    const next = this.text[this.i + m[0].length];
    if (next !== undefined && /[0-9.eE]/.test(next))
      throw new JsonFault(
        this.i,
        `not a number JSON knows (like 7, -2 or 1.5; no leading zeros, a digit after the point): ${JSON.stringify(this.text.slice(this.i, this.i + m[0].length + 1))}`,
      );
    this.i += m[0].length;
  }
}

/** 1-based line and column (in characters as a person counts them) of a UTF-16 offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number; lineStart: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: Array.from(text.slice(lineStart, offset)).length + 1, lineStart };
}

/** The first syntax error in `text`, or null when the scanner finds none. */
export function findJsonError(text: string): Fault | null {
  try {
    new Scanner(text).run();
    return null;
  } catch (err) {
    if (err instanceof JsonFault) return { offset: err.offset, message: err.message };
    if (err instanceof RangeError) return null; // nested too deeply: fall back to what JSON.parse said
    throw err;
  }
}

/** Every property name given twice in one object of `text` (valid JSON), in the order they appear. */
export function findDuplicateNames(text: string): Fault[] {
  const scanner = new Scanner(text);
  try {
    scanner.run();
  } catch (err) {
    if (!(err instanceof JsonFault) && !(err instanceof RangeError)) throw err;
  }
  return scanner.duplicates;
}

const EXCERPT_WIDTH = 100;

/** `line 3, column 5: <reason>`, then the line quoted with a caret under the column. */
export function describeAt(text: string, offset: number, message: string): string {
  const { line, column, lineStart } = lineAndColumn(text, offset);
  const lineEnd = text.indexOf('\n', lineStart);
  let shown = Array.from(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, ''))
    // A tab shows as one space so the caret lines up; other control characters would garble the terminal.
    .map((c) => (c === '\t' ? ' ' : c < ' ' ? '?' : c));
  let caretAt = column - 1;
  // Keep a long line (a minified file) readable: a window around the column.
  if (shown.length > EXCERPT_WIDTH) {
    const from = Math.max(0, Math.min(caretAt - EXCERPT_WIDTH / 2, shown.length - EXCERPT_WIDTH));
    shown = [
      ...(from > 0 ? ['…'] : []),
      ...shown.slice(from, from + EXCERPT_WIDTH),
      ...(from + EXCERPT_WIDTH < shown.length ? ['…'] : []),
    ];
    caretAt = caretAt - from + (from > 0 ? 1 : 0);
  }
  const gutter = String(line);
  return `line ${line}, column ${column}: ${message}\n    ${gutter} | ${shown.join('')}\n    ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, caretAt))}^`;
}

/** What to say about text JSON.parse rejected with `parseMessage`: the scanner's finding, else the offset JSON.parse gave. */
export function locateJsonError(text: string, parseMessage: string): string {
  const fault = findJsonError(text);
  if (fault) return describeAt(text, fault.offset, fault.message);
  const position = /at position (\d+)/.exec(parseMessage);
  if (position) return describeAt(text, Number(position[1]), parseMessage.replace(/ in JSON at position \d+.*$/, ''));
  return parseMessage;
}
