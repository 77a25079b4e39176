// The owner's transparency statistics (docs/operations.md): the registry's cases reduced to publishable counts (core statistics.ts) and written to a new spreadsheet in the private folder, shared with nobody; a year is written by one period only.
import { statisticsRows, type StatisticsPeriod } from '../core/statistics';
import type { Context } from '../workspace/context';
import { createPrivateSheet } from '../workspace/provision';
import { PROP } from '../workspace/schema';
import { caseOutcome, casesOf, isClosed, personCodesOf } from '../records/cases';
import { settingsOf, timeZoneOf } from '../workspace/committee';
import { readNow } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp, requireProp } from '../workspace/script-properties';

/**
 * The zone the statistics bound their periods in: the first publication's, whatever Settings say now (else Settings'):
 * periods bounded in another zone move the reports near their edges, and two publications side by side give those
 * back (ADV-159: "4, 0" then "3, fewer than 3").
 */
export function statisticsZoneOf(ctx: Context): string {
  return readProp(ctx, PROP.statisticsZone) || timeZoneOf(ctx);
}

/**
 * The statistics as rows, header first: every ended period, small counts withheld (core `statisticsRows`), and the
 * years once written by the other period withheld whole; `record` then notes the years these rows write, by `by`.
 */
export function transparencyRows(ctx: Context, by: StatisticsPeriod): { rows: string[][]; record: () => void } {
  const { settings, problems } = ctx.committee.settings();
  const { statisticsMinimum, spaces } = settings;
  // Not the default in its place: "60" or "10 reports" asked for more withheld than 3 withholds (ADV-209), and
  // "Quarterly" written by Year held that year against its quarters for good (ADV-632).
  const unread = problems.find((p) => /^Settings row 'Statistics (minimum|period)/.test(p));
  if (unread)
    throw new Error(`${unread.replace(/; using \w+$/, '')}: correct it, then run again. Nothing was written.`);
  const timeZone = statisticsZoneOf(ctx);
  const facts = casesOf(ctx)
    .all()
    .filter((k) => !k.flags.rehearsal)
    .map((k) => ({
      receivedAt: k.receivedAt,
      filedAt: k.flags.filedAt,
      // Counted at its first closing, however it ended later: a reopening changes no period already published.
      closedAt: k.flags.firstClosed?.at ?? (isClosed(k) ? k.closedAt : ''),
      outcome: k.flags.firstClosed?.outcome ?? caseOutcome(k),
      space: k.space,
      persons: personCodesOf(k),
    }));
  const now = readNow(ctx);
  let years: Record<string, unknown> = {};
  try {
    years = Object(JSON.parse(readProp(ctx, PROP.statisticsYears) ?? '{}'));
  } catch {
    // Unreadable (edited by hand): every year counts as not written yet, as before this record existed.
  }
  const writtenOtherwise = new Set(Object.keys(years).filter((y) => years[y] !== by));
  const rows = statisticsRows(facts, {
    by,
    minimum: statisticsMinimum,
    spaces: spaces.map((s) => s.name),
    now,
    timeZone,
    writtenOtherwise,
  });
  const record = () => {
    // A run that wrote no period published nothing: the zone is kept from the first that did (ADV-633).
    if (rows.length < 2) return;
    for (const [period] of rows.slice(1)) if (!writtenOtherwise.has(period.slice(0, 4))) years[period.slice(0, 4)] = by;
    writeProp(ctx, PROP.statisticsYears, JSON.stringify(years));
    writeProp(ctx, PROP.statisticsZone, timeZone);
  };
  return { rows, record };
}

/** Writes the statistics to a new spreadsheet (private folder, owner only) and says where, for the owner to publish. */
export function writeTransparencyReport(ctx: Context): { url: string; lines: string[] } {
  const by = settingsOf(ctx).statisticsPeriod;
  const { rows, record } = transparencyRows(ctx, by);
  const name = `Conduct Desk — transparency statistics by ${by}`;
  const url = createPrivateSheet(name, requireProp(ctx, PROP.folderId), rows);
  // Written now, so a run that failed before the sheet existed does not hold a year against the other period.
  record();
  recordAudit(ctx, 'statistics.written', '-', `by ${by}: ${rows.length - 1} rows`);
  const lines = [`${name}: ${url}`, 'Shared with nobody: copy what you publish (docs/operations.md).'];
  for (const line of lines) ctx.log(line);
  return { url, lines };
}
