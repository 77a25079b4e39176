// Transparency statistics: reports received, people named and spaces per ended year or quarter, and the outcomes of the cases closed in it, every count below the minimum withheld so that no cell, nor any difference of cells (in one publication or between two), gives one back (inequalities can: SECURITY.md, Known limits).

import { formatForSheet, isoOf, isDate } from './deadlines';
import { lowerTrim } from './text';

export type StatisticsPeriod = 'year' | 'quarter';

/** How a case ended, coarsely enough to publish (a report's own details never are). */
export type Outcome = 'action' | 'no-violation' | 'other' | 'open';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  action: 'a response was sent to the reported person',
  'no-violation': 'closed as not a violation',
  other: 'closed otherwise',
  open: 'still open',
};

/** One case as the statistics see it: no name, no code name, no date finer than its period. */
export interface CaseFacts {
  receivedAt: string;
  /**
   * When the case was made (intake finished): a report counts from then when later than it was sent. Dated when sent,
   * an email the owner made a case after its quarter was published added one to that quarter, and the two
   * publications side by side described that one report (its space, whether it named someone new).
   */
  filedAt?: string;
  /** When the case closed ('' while open): its outcome counts in that period, so a published period never changes. */
  closedAt: string;
  outcome: Outcome;
  /** The Form's "Where did it happen?" answer. */
  space: string;
  /** Person code names (people named are counted, never shown). */
  persons: string[];
}

export interface StatisticsOptions {
  by: StatisticsPeriod;
  /** Settings' `Statistics minimum count`: a count from 1 to this less one is never shown. */
  minimum: number;
  /** The spaces of Settings: any other answer counts as "Other or not given" (free text could identify). */
  spaces: readonly string[];
  /** Only periods that ended before this instant (ms) are reported: a period is published once, complete. */
  now: number;
  /**
   * The committee's zone (Settings `Time zone`): a period is the committee's year or quarter, as the archive's year
   * is and as the status sheet dates each report. In UTC a report on 31 December evening in Los Angeles counted in
   * the next year, and a quarter was published as ended while it still ran there.
   */
  timeZone: string;
  /**
   * Years already written by the other period: theirs are withheld (a year's total less three published quarters
   * gives the fourth back, and four quarters give a year's withheld breakdown back).
   */
  writtenOtherwise?: ReadonlySet<string>;
}

export const STATISTICS_HEADER = ['Period', 'Measure', 'Count'] as const;
const OTHER_SPACE = 'Other or not given';

/** The period an instant falls in, in `timeZone`: "2026" or "2026 Q1". */
export function periodOf(iso: string, by: StatisticsPeriod, timeZone: string): string {
  const date = formatForSheet(iso, timeZone);
  const year = date.slice(0, 4);
  return by === 'year' ? year : `${year} Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The period that follows one ("2026" → "2027", "2026 Q4" → "2027 Q1"). */
function periodAfter(label: string, by: StatisticsPeriod): string {
  const year = Number(label.slice(0, 4));
  if (by === 'year') return String(year + 1);
  const quarter = Number(label.slice(6));
  return quarter === 4 ? `${year + 1} Q1` : `${year} Q${quarter + 1}`;
}

/**
 * One group of counts that adds up to a shown total (the outcomes, or the spaces, of a period): published only when
 * every non-zero part reaches the minimum. Suppressing a small part alone would not do: the total less the parts
 * shown gives it back, and an "other" bucket or a second suppressed part can be bounded back to it; so the whole
 * breakdown is withheld instead, and no difference of cells gives a part below the minimum back.
 */
function breakdown(period: string, parts: Map<string, number>, minimum: number, what: string): string[][] {
  const shown = [...parts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (shown.some(([, n]) => n < minimum)) return [[period, what, `withheld: a count would be below ${minimum}`]];
  return shown.map(([label, n]) => [period, label, String(n)]);
}

/** A count standing alone: shown from the minimum up, else "fewer than" it (zero is shown: it names nobody). */
function single(n: number, minimum: number): string {
  return n === 0 || n >= minimum ? String(n) : `fewer than ${minimum}`;
}

/**
 * The statistics as sheet rows (header first): per ended period from the first report's on, reports received, people
 * named and spaces (of the reports received in it), and cases closed with their outcomes (of the cases that closed in
 * it). A period with fewer reports than the minimum shows only that, of its reports; no total across periods is given
 * (it would give a withheld period back). Outcomes go by closing, not by arrival: counted by arrival, a case still
 * open at one publication and closed by the next changed its period's outcome counts by one, and the two
 * publications side by side gave that case's outcome back. So every figure of an ended period is final.
 */
export function statisticsRows(facts: readonly CaseFacts[], options: StatisticsOptions): string[][] {
  const { by, minimum, now, timeZone } = options;
  const rows: string[][] = [[...STATISTICS_HEADER]];
  const byPeriod = new Map<string, CaseFacts[]>();
  const closedIn = new Map<string, CaseFacts[]>();
  for (const f of facts) {
    const at = Math.max(Date.parse(f.receivedAt), Date.parse(f.filedAt ?? '') || 0);
    if (!Number.isFinite(at)) continue;
    const period = periodOf(isoOf(at), by, timeZone);
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), f]);
    if (f.outcome === 'open' || !isDate(f.closedAt)) continue;
    const closing = periodOf(isoOf(Date.parse(f.closedAt)), by, timeZone);
    closedIn.set(closing, [...(closedIn.get(closing) ?? []), f]);
  }
  const spaces = new Map(options.spaces.map((s) => [lowerTrim(s), s.trim()]));
  // A period has ended once the committee's present is in a later one (labels of one kind sort as they follow).
  const current = periodOf(isoOf(now), by, timeZone);
  let period: string | undefined = [...byPeriod.keys()].sort()[0];
  while (period !== undefined && period < current) {
    const cases = byPeriod.get(period) ?? [];
    const other = options.writtenOtherwise?.has(period.slice(0, 4));
    rows.push([
      period,
      'Reports received',
      other ? `withheld: written by ${by === 'year' ? 'quarter' : 'year'} before` : single(cases.length, minimum),
    ]);
    if (!other && cases.length >= minimum) {
      rows.push([period, 'People named', single(new Set(cases.flatMap((c) => c.persons)).size, minimum)]);
      const places = new Map<string, number>();
      for (const c of cases) {
        const place = `Space: ${spaces.get(lowerTrim(c.space)) ?? OTHER_SPACE}`;
        places.set(place, (places.get(place) ?? 0) + 1);
      }
      rows.push(...breakdown(period, places, minimum, 'Spaces'));
    }
    if (!other) {
      const closed = closedIn.get(period) ?? [];
      rows.push([period, 'Cases closed', single(closed.length, minimum)]);
      if (closed.length >= minimum) {
        const outcomes = new Map<string, number>();
        for (const c of closed) {
          const label = `Outcome: ${OUTCOME_LABELS[c.outcome]}`;
          outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
        }
        rows.push(...breakdown(period, outcomes, minimum, 'Outcomes'));
      }
    }
    period = periodAfter(period, by);
  }
  return rows;
}
