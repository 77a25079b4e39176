// The owner's transparency statistics (docs/operations.md): the registry's cases reduced to publishable counts (core statistics.ts) and written to a new spreadsheet in the private folder, shared with nobody.
import { statisticsRows, type Outcome, type StatisticsPeriod } from '../core/statistics';
import type { Context } from '../workspace/context';
import { createPrivateSheet } from '../workspace/provision';
import { PROP } from '../workspace/schema';
import { casesOf, isClosed, personCodesOf, type Case } from '../records/cases';

/** How a case ended, as the statistics count it: a letter in any round is a response; else how it closed. */
export function outcomeOf(kase: Case): Outcome {
  const rounds = Array.isArray(kase.flags.rounds) ? (kase.flags.rounds as Array<{ letter?: unknown }>) : [];
  if (kase.flags.letter || rounds.some((r) => r?.letter)) return 'action';
  if (kase.flags.noViolation) return 'no-violation';
  return isClosed(kase) ? 'other' : 'open';
}

/** The statistics as rows, header first: every ended period, small counts withheld (core `statisticsRows`). */
export function transparencyRows(ctx: Context, by: StatisticsPeriod): string[][] {
  const { statisticsMinimum, spaces } = ctx.committee.settings().settings;
  const facts = casesOf(ctx)
    .all()
    .map((k) => ({ receivedAt: k.receivedAt, outcome: outcomeOf(k), space: k.space, persons: personCodesOf(k) }));
  const now = ctx.clock.now();
  return statisticsRows(facts, { by, minimum: statisticsMinimum, spaces: spaces.map((s) => s.name), now });
}

/** Writes the statistics to a new spreadsheet (private folder, owner only) and says where, for the owner to publish. */
export function writeTransparencyReport(ctx: Context): { url: string; lines: string[] } {
  const by = ctx.committee.settings().settings.statisticsPeriod;
  const rows = transparencyRows(ctx, by);
  const name = `Conduct Desk — transparency statistics by ${by}`;
  const url = createPrivateSheet(name, ctx.properties.require(PROP.folderId), rows);
  ctx.audit.record('statistics.written', '-', `by ${by}: ${rows.length - 1} rows`);
  const lines = [`${name}: ${url}`, 'Shared with nobody: copy what you publish (docs/operations.md).'];
  for (const line of lines) ctx.log(line);
  return { url, lines };
}
