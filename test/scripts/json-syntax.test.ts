// Where a scenario's JSON goes wrong: line and column, a reason in plain words, the line quoted; and the scanner agrees with JSON.parse on what is valid.
import fc from 'fast-check';
import { findJsonError, lineAndColumn, locateJsonError } from '../../scripts/scenario/json-syntax';

function parseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be invalid JSON`);
}

/** The first line of what the runner says: `line L, column C: reason`. */
function headline(text: string): string {
  return locateJsonError(text, parseMessage(text)).split('\n')[0];
}

describe('locateJsonError', () => {
  it.each([
    [
      '{\n  "owner": "a@example.org"\n  "steps": []\n}',
      `line 3, column 3: expected ',' or '}' after the value of "owner", found the start of a string (is a comma missing at the end of line 2?)`,
    ],
    [
      '{ "steps": [\n  { "after": "1h" },\n] }',
      'line 3, column 1: a comma before "]" with nothing after it (JSON allows no trailing comma)',
    ],
    [
      '{ "owner": "a@example.org", }',
      'line 1, column 29: a comma before "}" with nothing after it (JSON allows no trailing comma)',
    ],
    [
      '{ "owner" "a@example.org" }',
      `line 1, column 11: expected ':' after the property name "owner", found the start of a string`,
    ],
    ["{ 'owner': 1 }", 'line 1, column 3: property names take double quotes, not single quotes'],
    ['{ owner: 1 }', 'line 1, column 3: property names take double quotes: "owner"'],
    [
      '{ "a": tru }',
      'line 1, column 8: expected a value, found "tru" (strings take double quotes; the words JSON knows are true, false and null)',
    ],
    [
      '{ "a": 01 }',
      'line 1, column 8: not a number JSON knows (like 7, -2 or 1.5; no leading zeros, a digit after the point): "01"',
    ],
    [
      '{\n  // the owner\n  "owner": 1 }',
      'line 2, column 3: comments are not allowed in JSON (use a "note" field on a step)',
    ],
    [
      '{ "a": "one\ntwo" }',
      `line 1, column 12: a line break inside a string (write \\n, or close the string with '"')`,
    ],
    ['{ "a": "C:\\dir" }', 'line 1, column 11: \\d is not an escape JSON knows (write \\\\ for a backslash)'],
    ['{ "a": "open', `line 1, column 8: the string that starts at line 1, column 8 never ends (a missing '"')`],
    [
      '{ "a": 1 }\n{ "b": 2 }',
      'line 2, column 1: unexpected "{" after the end of the scenario (one JSON object per file)',
    ],
    ['{ "a": [1, 2 }', `line 1, column 14: expected ',' or ']' after item 1 of the list, found "}"`],
    ['   \n', 'line 1, column 1: the file is empty'],
    [
      '{ "owner": ',
      'line 1, column 12: expected a value (a string, number, object, list, true, false or null), found the end of the file',
    ],
  ])('%j → %s', (text, expected) => {
    expect(headline(text)).toBe(expected);
  });

  it('quotes the line with a caret under the column, tabs and wide characters included', () => {
    expect(locateJsonError('{\n\t"name": "Zoë ✓"\n\t"owner": 1 }', '')).toBe(
      `line 3, column 2: expected ',' or '}' after the value of "name", found the start of a string (is a comma missing at the end of line 2?)\n    3 |  "owner": 1 }\n      |  ^`,
    );
    expect(lineAndColumn('"😀", x', 6)).toEqual({ line: 1, column: 6, lineStart: 0 });
  });

  it('shows a window of a very long line around the column', () => {
    const text = `{"steps": [${'{"after": "1h"}, '.repeat(40)}{"after": "1h"} {"after": "2h"}]}`;
    const [head, quoted, caret] = locateJsonError(text, parseMessage(text)).split('\n');
    expect(head).toMatch(/^line 1, column \d+: expected ',' or '\]' after item 40 of the list/);
    expect(quoted.length).toBeLessThan(120);
    expect(quoted.startsWith('    1 | …')).toBe(true);
    // The caret sits under the second object's opening brace.
    expect(quoted[caret.indexOf('^')]).toBe('{');
    expect(quoted.slice(caret.indexOf('^'))).toMatch(/^\{"after": "2h"\}/);
  });

  it('falls back to the offset JSON.parse gave when the scanner finds nothing', () => {
    expect(locateJsonError('{"a": 1}', 'Unexpected token in JSON at position 3')).toBe(
      'line 1, column 4: Unexpected token\n    1 | {"a": 1}\n      |    ^',
    );
    expect(locateJsonError('{"a": 1}', 'something else')).toBe('something else');
    // Nesting no scenario has: the scanner gives up rather than risk the stack.
    const deep = `${'['.repeat(600)}1,${']'.repeat(599)}`;
    expect(findJsonError(deep)).toBeNull();
    expect(locateJsonError(deep, parseMessage(deep))).toBe(parseMessage(deep));
  });
});

describe('findJsonError', () => {
  /** A valid document with one character inserted, deleted or replaced by one JSON cares about. */
  const mutated = fc
    .tuple(
      fc.json({ maxDepth: 3 }),
      fc.nat(),
      fc.constantFrom('insert', 'delete', 'replace'),
      fc.constantFrom(...'{}[]:,"\\ \n\t-.0e1tfn/\'x'.split('')),
    )
    .map(([json, at, how, ch]) => {
      const i = json.length === 0 ? 0 : at % json.length;
      if (how === 'insert') return json.slice(0, i) + ch + json.slice(i);
      if (how === 'delete') return json.slice(0, i) + json.slice(i + 1);
      return json.slice(0, i) + ch + json.slice(i + 1);
    });

  it('finds an error exactly when JSON.parse rejects the text, inside the text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const fault = findJsonError(text);
        expect(fault === null).toBe(valid);
        if (fault) expect(fault.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });
});
