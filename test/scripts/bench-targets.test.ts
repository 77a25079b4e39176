// The benchmark's arithmetic without running it: lower bounds from effects, target verdicts (met, missed, not measured), arguments, the chart and the bundle figures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCode, measureBundle, parseArgs, parsePart, partArg, SMOKE_SIZES } from '../../scripts/bench';
import { lowerBound, priceOf } from '../../scripts/bench/lower-bound';
import type { Effects, OperationName } from '../../scripts/bench/operations';
import type { MailDayFigures, MailFigures } from '../../scripts/bench/mail';
import { chartSvg, replaceMailSection } from '../../scripts/bench/report';
import type { ResultRow } from '../../scripts/bench/results';
import {
  BUNDLE_BYTES,
  estimateDay,
  evaluateMailTargets,
  evaluateTargets,
  INTAKE_NARROW_READS,
  type TargetResult,
} from '../../scripts/bench/targets';
import { evaluateHistory, type HistoryPoint } from '../../scripts/bench/ten-years';
import { PUBLISHED_CELL_LATENCY, PUBLISHED_LATENCY } from '../../workbench';

const NO_EFFECTS: Effects = {
  mails: 0,
  recipients: 0,
  shares: 0,
  docsCreated: 0,
  docsChanged: 0,
  revocations: 0,
  docsAudited: 0,
};

function row(op: OperationName, cases: number, roundTrips: number, patch: Partial<ResultRow> = {}): ResultRow {
  const effects = { ...NO_EFFECTS, ...(patch.effects ?? {}) };
  const bound = lowerBound(op, effects, { members: 5 });
  return {
    cases,
    members: 5,
    op,
    executions: 1,
    roundTrips,
    bound,
    ratio: roundTrips / bound.total,
    timeRatio: 1000 / bound.ms,
    calls: roundTrips * 3,
    byMethod: {},
    byService: {},
    callsByService: {},
    sheetReads: 8,
    driveReads: 0,
    simulatedMs: 1000,
    maxExecutionMs: 1000,
    bundleCpuMs: 10,
    loadCpuMs: 5,
    emulatorCpuMs: 1,
    fullGcMs: 0,
    problems: [],
    ...patch,
    effects,
  };
}

const BUNDLE = { bytes: 200 * 1024, loadMs: 20, loadMedianMs: 25 };
const verdict = (targets: TargetResult[], id: string) => targets.find((t) => t.id === id)?.verdict;

describe('lower bounds (design-independent)', () => {
  it('price a new Doc as one Files.create with a parent, a Doc written as one batchUpdate, one call per share and email', () => {
    const base = lowerBound('screening', NO_EFFECTS, { members: 5 });
    const more = lowerBound(
      'screening',
      { ...NO_EFFECTS, docsCreated: 1, docsChanged: 3, shares: 4, mails: 2 },
      {
        members: 5,
      },
    );
    expect(more.total - base.total).toBe(1 + 3 + 4 + 2);
    const added = more.items.filter((i) => !base.items.some((b) => b.what === i.what));
    expect(added.map((i) => [i.method, i.n])).toEqual([
      ['Drive.Files.create', 1],
      ['Docs.Documents.batchUpdate', 3],
      ['Drive.Permissions.create', 4],
      ['MailApp.sendEmail', 2],
    ]);
    expect(more.ms - base.ms).toBeCloseTo(
      PUBLISHED_LATENCY['Drive.Files.create'] +
        3 * PUBLISHED_LATENCY['Docs.Documents.batchUpdate'] +
        4 * PUBLISHED_LATENCY['Drive.Permissions.create'] +
        2 * PUBLISHED_LATENCY['MailApp.sendEmail'],
    );
  });

  it('take nothing from the product: no journal, flush or audit-log item, and no call the cost model does not price', () => {
    for (const op of ['intake', 'screening', 'roster', 'onboarding', 'ballot-deciding', 'sweep-due'] as const) {
      const b = lowerBound(op, { ...NO_EFFECTS, mails: 3 }, { members: 5, cases: 100, openCases: 20 });
      expect(b.items.map((i) => i.method)).not.toContain('SpreadsheetApp.flush');
      expect(b.items.map((i) => i.method)).not.toContain('Properties.setProperty');
      expect(b.items.filter((i) => /audit|journal/i.test(i.what))).toEqual([]);
      for (const i of b.items) {
        expect(PUBLISHED_LATENCY[i.method]).toBeGreaterThan(1);
        expect(i.why.length).toBeGreaterThan(10);
      }
    }
  });

  it('bound the idle sweep by a property, the changes feed and the inbox, the audit by the feed, whatever the Docs', () => {
    const audit = lowerBound('audit', { ...NO_EFFECTS, docsAudited: 104 }, { members: 5 });
    expect(audit.items.map((i) => i.method)).toEqual(['Drive.Changes.list']);
    expect(lowerBound('sweep-idle', { ...NO_EFFECTS, docsAudited: 104 }, { members: 5 }).total).toBe(3);
  });

  it('price the cells a bound must read: the onboarding page lists every reported person', () => {
    const small = lowerBound('onboarding', NO_EFFECTS, { members: 5, cases: 10 });
    const big = lowerBound('onboarding', NO_EFFECTS, { members: 5, cases: 10_000 });
    expect(big.total).toBe(small.total);
    expect(big.ms - small.ms).toBeCloseTo(
      2 * 9_990 * PUBLISHED_CELL_LATENCY['Range.getValues'] + 9_990 * 7 * PUBLISHED_CELL_LATENCY['Range.setValues'],
    );
    expect(priceOf(big.items)).toBe(big.ms);
  });
});

describe('targets', () => {
  const flat = [row('intake', 10, 42), row('intake', 100, 42), row('screening', 10, 34), row('screening', 100, 34)];

  it('are met by flat intake and screening within the ratio', () => {
    const t = evaluateTargets(
      flat.map((r) => ({ ...r, roundTrips: r.bound.total, ratio: 1, timeRatio: 1 })),
      BUNDLE,
      null,
    );
    expect(verdict(t, 'flat-intake')).toBe('met');
    expect(verdict(t, 'flat-screening')).toBe('met');
    expect(verdict(t, 'ratio')).toBe('met');
    expect(verdict(t, 'bundle-size')).toBe('met');
    expect(verdict(t, 'sweep-10k')).toBe('not measured');
  });

  it('catch an intake that grows with the number of cases beyond the fixed reads of its narrow history', () => {
    const within = [row('intake', 10, 42), row('intake', 10000, 42 + INTAKE_NARROW_READS)];
    expect(verdict(evaluateTargets(within, BUNDLE, null), 'flat-intake')).toBe('met');
    const grown = [row('intake', 10, 42), row('intake', 10000, 43 + INTAKE_NARROW_READS)];
    expect(verdict(evaluateTargets(grown, BUNDLE, null), 'flat-intake')).toBe('missed');
    // Screening has no such allowance: one more is missed.
    const screening = [row('screening', 10, 42), row('screening', 100, 43)];
    expect(verdict(evaluateTargets(screening, BUNDLE, null), 'flat-screening')).toBe('missed');
  });

  it("judge the idle sweep's tab reads as not growing: fewer at a bigger size is met, more than the smallest size and a read per narrow tab is missed", () => {
    const sweep = (cases: number, sheetReads: number) => row('sweep-idle', cases, 40, { sheetReads });
    // A pass whose first run at 10,000 cases does not reach the archived cases skips their tab (the 2026-12-03 run).
    const fewer = [sweep(10, 13), sweep(1000, 13), sweep(10_000, 12)];
    expect(verdict(evaluateTargets(fewer, BUNDLE, null), 'flat-sweep')).toBe('met');
    // One more for a narrow tab's rows is not growth (15 at 10 cases, 16 above, in the 2026-12-03 run); three more is.
    expect(verdict(evaluateTargets([sweep(10, 15), sweep(100, 16)], BUNDLE, null), 'flat-sweep')).toBe('met');
    const grown = [sweep(10_000, 16), sweep(10, 13), sweep(1000, 13)];
    expect(verdict(evaluateTargets(grown, BUNDLE, null), 'flat-sweep')).toBe('missed');
  });

  it('miss any operation over 2x its bound in calls or in time, as an aspiration that does not fail the run', () => {
    const base = row('sweep-idle', 100, 0);
    const atBound = { ...base, roundTrips: base.bound.total, ratio: 1, timeRatio: 1.9 };
    expect(verdict(evaluateTargets([atBound], BUNDLE, null), 'ratio')).toBe('met');
    const slow = { ...atBound, timeRatio: 2.5 };
    const t = evaluateTargets([slow], BUNDLE, null);
    expect(verdict(t, 'ratio')).toBe('missed');
    expect(t.find((x) => x.id === 'ratio')?.figure).toContain('sweep-idle 100x5');
    expect(t.find((x) => x.id === 'ratio')?.aspiration).toBe(true);
    expect(verdict(evaluateTargets([{ ...atBound, ratio: 2.1 }], BUNDLE, null), 'ratio')).toBe('missed');
    expect(exitCode(t.filter((x) => x.id === 'ratio'))).toBe(0);
    expect(exitCode([{ id: 'checks', target: '', figure: '', verdict: 'missed' }])).toBe(1);
  });

  it('miss a bundle load over 50 ms, failing the run only at twice that: CPU milliseconds depend on how busy the host is', () => {
    const load = (loadMs: number) =>
      evaluateTargets([], { ...BUNDLE, loadMs }, null).filter((x) => x.id === 'bundle-load' || x.id === 'bundle-size');
    expect(load(49).map((x) => x.verdict)).toEqual(['met', 'met']);
    expect(exitCode(load(54))).toBe(0);
    expect(verdict(load(54), 'bundle-load')).toBe('missed');
    expect(exitCode(load(100))).toBe(1);
  });

  it('count capacity on the full grid and miss a spreadsheet over 10 million cells', () => {
    const capacity = (registry: number) => [{ cases: 10, members: 5, rows: {}, cells: { registry, status: 1000 } }];
    expect(verdict(evaluateTargets([], BUNDLE, null, capacity(10_000_000)), 'capacity')).toBe('met');
    expect(verdict(evaluateTargets([], BUNDLE, null, capacity(10_000_001)), 'capacity')).toBe('missed');
    expect(verdict(evaluateTargets([], BUNDLE, null), 'capacity')).toBe('not measured');
  });

  it('miss a bundle over the size target, an execution past the budget and a failed outcome check', () => {
    const t = evaluateTargets(
      [row('sweep-due', 100, 10, { maxExecutionMs: 300_000, problems: ['sent twice'] })],
      { ...BUNDLE, bytes: BUNDLE_BYTES + 1 },
      null,
    );
    expect(verdict(t, 'bundle-size')).toBe('missed');
    expect(verdict(t, 'six-minutes')).toBe('missed');
    expect(verdict(t, 'checks')).toBe('missed');
  });
});

describe('the daily totals', () => {
  it('add the edit-trigger executions and count mail recipients', () => {
    const rows = [
      row('sweep-idle', 1000, 10, { simulatedMs: 10_000 }),
      row('audit', 1000, 5, { simulatedMs: 2_000, effects: { ...NO_EFFECTS, docsAudited: 104 } }),
      row('intake', 1000, 10, { simulatedMs: 20_000 }),
      row('roster', 1000, 10, { simulatedMs: 7_000 }),
    ].map((r) => ({ ...r, members: 15 }));
    const day = estimateDay(rows, 1000, 15, { openCases: 70, reportsPerDay: 1 });
    expect(day).not.toBeNull();
    expect(day?.editsPerDay).toBe(10);
    expect(day?.editS).toBe(7);
    // Each edit runs the edit trigger and the change trigger.
    expect(day?.executionsPerDay).toBe(24 + 1 + 2 * 10);
    // A report: acknowledgment, 15 screening, 12.75 access; 10 due cases: 10 status emails, at most 15 digests.
    expect(day?.recipientsPerDay).toBeCloseTo(16 + 12.75 + 10 + 15);
    const without = estimateDay(
      rows.filter((r) => r.op !== 'roster'),
      1000,
      15,
      { openCases: 70 },
    );
    expect((day?.totalS ?? 0) - (without?.totalS ?? 0)).toBeCloseTo(70);
  });
});

describe('the ten-year projection', () => {
  const point = (years: number, sweepMs: number, pageMs: number, patch: Partial<HistoryPoint> = {}): HistoryPoint => ({
    years,
    cases: 300 * years,
    rows: [
      row('sweep-hourly', 300 * years, 10, { simulatedMs: sweepMs }),
      row('page', 300 * years, 3, { simulatedMs: pageMs }),
    ],
    cells: { registry: 1_000_000, status: 500_000, archiveMax: 2_000_000, archives: years },
    registryRows: {},
    propertiesBytes: 1000,
    driveFiles: 3000,
    day: null,
    ...patch,
  });
  const verdicts = (points: HistoryPoint[]) =>
    Object.fromEntries(evaluateHistory(points).map((t) => [t.id, t.verdict]));

  it('is not measured without the worlds, and judges flat waits at 1.2x from 1 to 10 years', () => {
    expect(verdicts([])).toEqual({
      'history-flat-sweep-hourly': 'not measured',
      'history-flat-page': 'not measured',
      'ten-years': 'not measured',
    });
    const v = verdicts([point(1, 10_000, 1_000), point(10, 12_000, 1_300)]);
    expect(v['history-flat-sweep-hourly']).toBe('met');
    expect(v['history-flat-page']).toBe('missed');
  });

  it('misses the limits when a figure is over, or the day was not estimated', () => {
    const day = estimateDay([row('sweep-idle', 3000, 10), row('audit', 3000, 5), row('intake', 3000, 10)], 3000, 5, {
      openCases: 50,
      reportsPerDay: 1,
    });
    expect(verdicts([point(10, 1, 1, { day })])['ten-years']).toBe('met');
    expect(verdicts([point(10, 1, 1, { day: null })])['ten-years']).toBe('missed');
    const over = point(10, 1, 1, { day, cells: { registry: 10_000_001, status: 1, archiveMax: 1, archives: 10 } });
    expect(evaluateHistory([over]).find((t) => t.id === 'ten-years')?.figure).toContain('OVER');
  });
});

describe('the command line', () => {
  it('runs the smoke sizes with --smoke and writes nothing', () => {
    expect(parseArgs(['--smoke'])).toMatchObject({ smoke: true, write: false, sizes: SMOKE_SIZES, history: false });
    expect(parseArgs([]).history).toBe(true);
    expect(parseArgs(['--cases=10']).history).toBe(false);
    expect(parseArgs(['--cases=10', '--history']).history).toBe(true);
    expect(parseArgs(['--cases=10', '--members=5,15']).sizes).toEqual([
      { cases: 10, members: 5 },
      { cases: 10, members: 15 },
    ]);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
  });

  it('hands a child process one part to measure alone, spelled the same both ways, and refuses half of it', () => {
    for (const part of [
      { kind: 'world' as const, cases: 10000, members: 15 },
      { kind: 'history' as const, years: 10 },
    ]) {
      expect(parsePart(partArg(part))).toEqual(part);
      expect(parseArgs([`--part=${partArg(part)}`, '--part-out=/tmp/f.json']).part).toEqual({
        part,
        out: '/tmp/f.json',
      });
    }
    expect(parseArgs([]).part).toBeUndefined();
    expect(() => parseArgs(['--part=world:10x5'])).toThrow(/go together/);
    expect(() => parseArgs(['--part-out=/tmp/f.json'])).toThrow(/go together/);
    expect(() => parsePart('world:10')).toThrow(/world:<cases>x<members>/);
  });

  it('measures the mail figures with the worlds, alone with --mail, and not with custom sizes', () => {
    expect(parseArgs([]).mail).toBe('with');
    expect(parseArgs(['--mail'])).toMatchObject({ mail: 'only', sizes: [], write: true });
    expect(parseArgs(['--cases=10']).mail).toBe('none');
    expect(parseArgs(['--no-mail']).mail).toBe('none');
  });
});

describe('the mail targets (issue 15)', () => {
  const day = (profile: MailDayFigures['profile'], mean: number, max: number): MailDayFigures => ({
    profile,
    rate: 'model',
    members: 15,
    open: 30,
    days: 7,
    reports: 1,
    perDay: [max],
    mean,
    max,
    byWhat: {},
  });
  const flood = {
    members: 5,
    junkReports: 15,
    quota: 100,
    urgentAlertMinutes: 0.1,
    realAckHours: 22,
    maxAckHours: 23,
    acksLate: 0,
    acks: 16,
    ownerNotices: 1,
    stillPending: 0,
  };
  const verdicts = (figures: MailFigures) =>
    Object.fromEntries(evaluateMailTargets(figures).map((t) => [t.id, t.verdict]));

  it('judges the typical committee against half the consumer quota and the big one against all of it, on the mean', () => {
    expect(verdicts({ days: [day('typical', 50, 60), day('big', 100, 130)], flood })).toEqual({
      'mail-typical': 'met',
      'mail-big': 'met',
      'mail-flood': 'met',
    });
    expect(verdicts({ days: [day('typical', 50.5, 50.5), day('big', 101, 101)], flood })).toEqual({
      'mail-typical': 'missed',
      'mail-big': 'missed',
      'mail-flood': 'met',
    });
  });

  it('misses the flood target for one late acknowledgment, a slow urgent alert or a second notice', () => {
    expect(verdicts({ days: [], flood: { ...flood, acksLate: 1 } })['mail-flood']).toBe('missed');
    expect(verdicts({ days: [], flood: { ...flood, urgentAlertMinutes: 61 } })['mail-flood']).toBe('missed');
    expect(verdicts({ days: [], flood: { ...flood, ownerNotices: 2 } })['mail-flood']).toBe('missed');
    expect(verdicts({ days: [], flood: null })['mail-typical']).toBe('not measured');
  });

  it('puts the Mail section in place of the old one, or before Capacity', () => {
    const doc = '# B\n\n## Targets\n\nt\n\n## Capacity\n\nc\n';
    const once = replaceMailSection(doc, '## Mail\n\nfirst');
    expect(once).toBe('# B\n\n## Targets\n\nt\n\n## Mail\n\nfirst\n\n## Capacity\n\nc\n');
    expect(replaceMailSection(once, '## Mail\n\nsecond')).toBe(
      '# B\n\n## Targets\n\nt\n\n## Mail\n\nsecond\n\n## Capacity\n\nc\n',
    );
  });
});

describe('the chart', () => {
  it('draws one curve per operation measured at several sizes', () => {
    const rows = [
      row('intake', 10, 42),
      row('intake', 100, 42),
      row('sweep-idle', 10, 36),
      row('sweep-idle', 100, 216),
    ];
    const svg = chartSvg(rows, 5);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(4); // two operations, two panels
    expect(svg).toContain('killed at 6 min');
  });
});

describe('the bundle figures', () => {
  it('measure size and a load time for a small script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    const file = join(dir, 'Code.js');
    writeFileSync(
      file,
      'var X = (function () { var a = []; for (var i = 0; i < 1000; i++) a.push(i); return a; })();\nfunction doGet() { return X.length; }\n',
    );
    const figures = measureBundle(file, 3);
    expect(figures.bytes).toBeGreaterThan(50);
    expect(figures.loadMs).toBeGreaterThan(0);
    expect(figures.loadMedianMs).toBeGreaterThanOrEqual(figures.loadMs);
  });
});
