// Unit and property tests for the transparency statistics: periods, outcomes and spaces counted, and no count below the minimum shown or recoverable from the cells that are.
import fc from 'fast-check';
import { OUTCOME_LABELS, periodOf, statisticsRows, type CaseFacts, type Outcome } from '../../src/core/statistics';

const NOW = Date.parse('2027-01-15T00:00:00Z');
const OPTIONS = { by: 'year' as const, minimum: 3, spaces: ['Forum', 'Chat'], now: NOW, timeZone: 'Etc/UTC' };

/** Cases received in 2026, each closed (unless `outcome` is open) five days later, in the same year. */
function facts(n: number, overrides: Partial<CaseFacts> = {}): CaseFacts[] {
  return Array.from({ length: n }, (_, i) => {
    const fact = {
      receivedAt: `2026-0${(i % 9) + 1}-10T12:00:00.000Z`,
      closedAt: `2026-0${(i % 9) + 1}-15T12:00:00.000Z`,
      outcome: 'action' as Outcome,
      space: 'Forum',
      persons: [`person ${i}`],
      ...overrides,
    };
    return fact.outcome === 'open' ? { ...fact, closedAt: '' } : fact;
  });
}

describe('periodOf', () => {
  test('years and quarters, in UTC for a committee on UTC', () => {
    expect(periodOf('2026-03-31T23:59:59.000Z', 'year', 'Etc/UTC')).toBe('2026');
    expect(periodOf('2026-03-31T23:59:59.000Z', 'quarter', 'Etc/UTC')).toBe('2026 Q1');
    expect(periodOf('2026-04-01T00:00:00.000Z', 'quarter', 'Etc/UTC')).toBe('2026 Q2');
    expect(periodOf('2026-12-01T00:00:00.000Z', 'quarter', 'Etc/UTC')).toBe('2026 Q4');
  });

  test("in the committee's zone: 31 December 23:30 in Los Angeles is that year's, 00:30 on 1 January in Kolkata the next", () => {
    expect(periodOf('2027-01-01T07:30:00.000Z', 'year', 'America/Los_Angeles')).toBe('2026');
    expect(periodOf('2027-01-01T07:30:00.000Z', 'quarter', 'America/Los_Angeles')).toBe('2026 Q4');
    expect(periodOf('2026-12-31T19:00:00.000Z', 'year', 'Asia/Kolkata')).toBe('2027');
    expect(periodOf('2026-03-31T13:00:00.000Z', 'quarter', 'Australia/Lord_Howe')).toBe('2026 Q2');
  });
});

describe('statisticsRows', () => {
  test('a year with enough reports: received, people named and spaces, then the cases closed and their outcomes; the free-text space is "other"', () => {
    const rows = statisticsRows(
      [...facts(3), ...facts(3, { outcome: 'no-violation', space: 'a pub near the venue' })],
      OPTIONS,
    );
    expect(rows).toEqual([
      ['Period', 'Measure', 'Count'],
      ['2026', 'Reports received', '6'],
      ['2026', 'People named', '3'],
      ['2026', 'Space: Forum', '3'],
      ['2026', 'Space: Other or not given', '3'],
      ['2026', 'Cases closed', '6'],
      ['2026', `Outcome: ${OUTCOME_LABELS.action}`, '3'],
      ['2026', `Outcome: ${OUTCOME_LABELS['no-violation']}`, '3'],
    ]);
  });

  test('a breakdown holding a count below the minimum is withheld whole; a small period shows only "fewer than"', () => {
    const rows = statisticsRows([...facts(4), ...facts(1, { outcome: 'no-violation', space: 'chat' })], OPTIONS);
    expect(rows).toContainEqual(['2026', 'Outcomes', 'withheld: a count would be below 3']);
    expect(rows).toContainEqual(['2026', 'Spaces', 'withheld: a count would be below 3']);
    expect(rows.some((r) => r[1].startsWith('Outcome:') || r[1].startsWith('Space:'))).toBe(false);
    expect(statisticsRows(facts(2), OPTIONS)).toEqual([
      ['Period', 'Measure', 'Count'],
      ['2026', 'Reports received', 'fewer than 3'],
      ['2026', 'Cases closed', 'fewer than 3'],
    ]);
  });

  test('only ended periods, gaps shown as 0, no total across periods', () => {
    const rows = statisticsRows(
      [...facts(3, { receivedAt: '2024-05-01T00:00:00Z' }), ...facts(3, { receivedAt: '2027-01-02T00:00:00Z' })],
      OPTIONS,
    );
    expect(rows.map((r) => `${r[0]}|${r[1]}`).filter((r) => r.includes('Reports'))).toEqual([
      '2024|Reports received',
      '2025|Reports received',
      '2026|Reports received',
    ]);
    expect(rows).toContainEqual(['2025', 'Reports received', '0']);
    expect(statisticsRows([], OPTIONS)).toEqual([['Period', 'Measure', 'Count']]);
  });

  test('a report made a case after its period ended counts in the period it was made one (ADV-208)', () => {
    const late = facts(1, { filedAt: '2027-01-03T10:00:00.000Z', closedAt: '', outcome: 'open' });
    expect(statisticsRows([...facts(3), ...late], OPTIONS).filter((r) => r[1] === 'Reports received')).toEqual([
      ['2026', 'Reports received', '3'],
    ]);
    const later = { ...OPTIONS, now: Date.parse('2028-01-02T00:00:00Z') };
    expect(statisticsRows([...facts(3), ...late], later).filter((r) => r[1] === 'Reports received')).toEqual([
      ['2026', 'Reports received', '3'],
      ['2027', 'Reports received', 'fewer than 3'],
    ]);
  });

  test('a year written by the other period is withheld whole (ADV-58)', () => {
    expect(statisticsRows(facts(4), { ...OPTIONS, writtenOtherwise: new Set(['2026']) })).toEqual([
      ['Period', 'Measure', 'Count'],
      ['2026', 'Reports received', 'withheld: written by quarter before'],
    ]);
  });

  test('a period once published never changes: cases still open then are counted in the period they close (a later publication would otherwise give one case\u2019s outcome back by difference)', () => {
    const day = 24 * 3600 * 1000;
    const fact = fc
      .record({
        received: fc.integer({ min: Date.parse('2023-01-01T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') }),
        // Made a case late, now and then (an email the owner took up, a response the sweep caught up: ADV-208).
        filedAfterDays: fc.constantFrom(0, 0, 1, 40, 95),
        closesAfterDays: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
        outcome: fc.constantFrom<Outcome>('action', 'no-violation', 'other'),
        space: fc.constantFrom('Forum', 'Chat', ''),
        persons: fc.array(fc.constantFrom('calm otter', 'brisk harbor', 'quiet river'), { maxLength: 2 }),
      })
      .map((f) => {
        const filed = f.received + f.filedAfterDays * day;
        return { ...f, filed, closed: f.closesAfterDays === undefined ? undefined : filed + f.closesAfterDays * day };
      });
    type Fact = {
      received: number;
      filed: number;
      closed?: number;
      outcome: Outcome;
      space: string;
      persons: string[];
    };
    /** The registry as a run at `at` sees it: cases made by then, closed only if closed by then. */
    const asOf = (all: Fact[], at: number): CaseFacts[] =>
      all
        .filter((f) => f.filed <= at)
        .map((f) => {
          const closed = f.closed !== undefined && f.closed <= at;
          return {
            receivedAt: new Date(f.received).toISOString(),
            filedAt: new Date(f.filed).toISOString(),
            closedAt: closed ? new Date(f.closed!).toISOString() : '',
            outcome: closed ? f.outcome : 'open',
            space: f.space,
            persons: f.persons,
          };
        });
    fc.assert(
      fc.property(
        fc.array(fact, { maxLength: 50 }),
        fc.integer({ min: 2, max: 4 }),
        fc.constantFrom<'year' | 'quarter'>('year', 'quarter'),
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 900 }),
        (all, minimum, by, first, laterDays) => {
          const options = { ...OPTIONS, minimum, by };
          const earlier = statisticsRows(asOf(all, first), { ...options, now: first }).slice(1);
          const later = statisticsRows(asOf(all, first + laterDays * day), {
            ...options,
            now: first + laterDays * day,
          }).slice(1);
          const published = new Set(earlier.map((r) => r[0]));
          expect(later.filter((r) => published.has(r[0]))).toEqual(earlier);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('property: no cell shows a count from 1 to minimum - 1, every shown breakdown adds up to its total, and no row names a person', () => {
    const fact = fc
      .record({
        received: fc.integer({ min: Date.parse('2023-01-01T00:00:00Z'), max: Date.parse('2027-03-01T00:00:00Z') }),
        closesAfterDays: fc.integer({ min: 0, max: 400 }),
        outcome: fc.constantFrom<Outcome>('action', 'no-violation', 'other', 'open'),
        space: fc.constantFrom('Forum', 'forum ', 'Chat', '', 'somewhere else'),
        persons: fc.array(fc.constantFrom('calm otter', 'brisk harbor', 'quiet river', 'amber field'), {
          maxLength: 2,
        }),
      })
      .map(({ received, closesAfterDays, ...rest }) => ({
        ...rest,
        receivedAt: new Date(received).toISOString(),
        closedAt: rest.outcome === 'open' ? '' : new Date(received + closesAfterDays * 24 * 3600 * 1000).toISOString(),
      }));
    fc.assert(
      fc.property(
        fc.array(fact, { maxLength: 60 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom<'year' | 'quarter'>('year', 'quarter'),
        (all, minimum, by) => {
          const rows = statisticsRows(all, { ...OPTIONS, minimum, by }).slice(1);
          const byPeriod = new Map<string, string[][]>();
          for (const row of rows) byPeriod.set(row[0], [...(byPeriod.get(row[0]) ?? []), row]);
          for (const [period, cells] of byPeriod) {
            for (const [, measure, count] of cells) {
              expect(`${measure} ${count}`).not.toMatch(/calm otter|brisk harbor|quiet river|amber field/);
              if (/^\d+$/.test(count)) expect(Number(count) === 0 || Number(count) >= minimum).toBe(true);
              else expect(count).toMatch(/^(fewer than|withheld)/);
            }
            const total = cells.find((c) => c[1] === 'Reports received')![2];
            // The period's true total agrees with what is shown.
            const truth = all.filter((f) => periodOf(f.receivedAt, by, 'Etc/UTC') === period).length;
            expect(total).toBe(truth === 0 || truth >= minimum ? String(truth) : `fewer than ${minimum}`);
            if (!/^\d+$/.test(total))
              expect(cells.filter((c) => c[1] === 'People named' || /^Spaces?\b/.test(c[1]))).toEqual([]);
            const closed = cells.find((c) => c[1] === 'Cases closed')![2];
            const closedTruth = all.filter(
              (f) => f.outcome !== 'open' && periodOf(f.closedAt, by, 'Etc/UTC') === period,
            ).length;
            expect(closed).toBe(
              closedTruth === 0 || closedTruth >= minimum ? String(closedTruth) : `fewer than ${minimum}`,
            );
            // A shown breakdown is complete: the total less the parts shown is 0, so nothing hidden can be worked out.
            for (const [prefix, of] of [
              ['Outcome:', closed],
              ['Space:', total],
            ]) {
              const parts = cells.filter((c) => c[1].startsWith(prefix));
              if (parts.length) expect(parts.reduce((sum, c) => sum + Number(c[2]), 0)).toBe(Number(of));
            }
          }
          // Only periods that have ended.
          for (const period of byPeriod.keys())
            expect(period < periodOf(new Date(NOW).toISOString(), by, 'Etc/UTC')).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
