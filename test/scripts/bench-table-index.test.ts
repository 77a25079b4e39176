// The lookup index the benchmark's cost targets rely on (src/workspace/table.ts): findBy/filterBy through it give exactly what a scan gives, through any mix of appends and updates.
import fc from 'fast-check';
import { cellText, Table } from '../../src/workspace/table';

const HEADERS = ['Key', 'State', 'Note'];

/** A sheet as far as reading goes: the Table reads it once at load. */
function fakeSheet(rows: unknown[][]): GoogleAppsScript.Spreadsheet.Sheet {
  return {
    getDataRange: () => ({ getValues: () => rows.map((r) => r.slice()) }),
  } as unknown as GoogleAppsScript.Spreadsheet.Sheet;
}

/** What findBy/filterBy must return: a plain scan over the rows. */
function scan(rows: unknown[][], col: number, value: string, caseless: boolean): number[] {
  const want = caseless ? value.trim().toLowerCase() : value.trim();
  const out: number[] = [];
  rows.forEach((row, ref) => {
    const text = cellText(row[col]);
    if ((caseless ? text.toLowerCase() : text) === want) out.push(ref);
  });
  return out;
}

const value = fc.constantFrom('a', 'A', ' a ', 'b', 'pending', 'sent', '', 'Pending');
type Step =
  | { kind: 'append'; key: string; state: string }
  | { kind: 'update'; at: number; header: string; to: string }
  | { kind: 'find'; header: string; value: string; caseless: boolean };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), key: value, state: value }),
  fc.record({
    kind: fc.constant('update' as const),
    at: fc.nat(40),
    header: fc.constantFrom('Key', 'State'),
    to: value,
  }),
  fc.record({
    kind: fc.constant('find' as const),
    header: fc.constantFrom('Key', 'State'),
    value,
    caseless: fc.boolean(),
  }),
);

describe('Table lookups through the index', () => {
  it('match a scan after any sequence of appends, updates and lookups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value), { maxLength: 12 }),
        fc.array(step, { maxLength: 60 }),
        (initial, steps) => {
          const model: unknown[][] = initial.map(([k, s]) => [k, s, '']);
          const table = Table.load(fakeSheet([HEADERS, ...model]), {
            name: 'test/Outbox',
            headers: HEADERS,
            plainText: true,
            key: 'Key',
          });
          for (const s of steps) {
            if (s.kind === 'append') {
              table.append({ Key: s.key, State: s.state, Note: '' });
              model.push([s.key, s.state, '']);
            } else if (s.kind === 'update') {
              if (!model.length) continue;
              const ref = s.at % model.length;
              table.update(ref, { [s.header]: s.to });
              model[ref][HEADERS.indexOf(s.header)] = s.to;
            } else {
              const col = HEADERS.indexOf(s.header);
              const want = scan(model, col, s.value, s.caseless);
              expect(table.filterBy(s.header, s.value, s.caseless).map((r) => r.ref)).toEqual(want);
              expect(table.findBy(s.header, s.value, s.caseless)?.ref).toEqual(want[0]);
            }
          }
          // And a final check of every value in both columns.
          for (const header of ['Key', 'State']) {
            for (const v of ['a', 'b', 'pending', 'sent', '']) {
              expect(table.filterBy(header, v).map((r) => r.ref)).toEqual(
                scan(model, HEADERS.indexOf(header), v, false),
              );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns copies: changing a result does not change later lookups', () => {
    const table = Table.load(fakeSheet([HEADERS, ['k1', 'pending', ''], ['k2', 'pending', '']]), {
      name: 't',
      headers: HEADERS,
      plainText: true,
    });
    const first = table.filterBy('State', 'pending');
    first.pop();
    expect(table.filterBy('State', 'pending').map((r) => r.ref)).toEqual([0, 1]);
    table.update(0, { State: 'sent' });
    expect(table.filterBy('State', 'pending').map((r) => r.ref)).toEqual([1]);
    expect(table.filterBy('State', 'sent').map((r) => r.ref)).toEqual([0]);
  });
});
