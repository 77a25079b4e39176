// The benchmark's arithmetic without running it: lower bounds from effects, target verdicts (met, missed, not measured), arguments, the chart and the bundle figures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBundle, parseArgs, SMOKE_SIZES } from '../../scripts/bench';
import { lowerBound } from '../../scripts/bench/lower-bound';
import type { Effects, OperationName } from '../../scripts/bench/operations';
import type { MailDayFigures, MailFigures } from '../../scripts/bench/mail';
import { chartSvg, replaceMailSection } from '../../scripts/bench/report';
import type { ResultRow } from '../../scripts/bench/results';
import { BUNDLE_BYTES, evaluateMailTargets, evaluateTargets, type TargetResult } from '../../scripts/bench/targets';

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

describe('lower bounds', () => {
  it('count mail as a send and a journal mark per message plus the batch bookkeeping', () => {
    const quiet = lowerBound('intake', NO_EFFECTS, { members: 5 }).total;
    const mailed = lowerBound('intake', { ...NO_EFFECTS, mails: 6 }, { members: 5 }).total;
    expect(mailed - quiet).toBe(1 + 2 * 6 + 3);
  });

  it('count a new Doc as five round trips and a changed Doc as two, a share as one', () => {
    const base = lowerBound('screening', NO_EFFECTS, { members: 5 }).total;
    expect(lowerBound('screening', { ...NO_EFFECTS, docsCreated: 1 }, { members: 5 }).total - base).toBe(5);
    expect(lowerBound('screening', { ...NO_EFFECTS, docsChanged: 3 }, { members: 5 }).total - base).toBe(6);
    expect(lowerBound('screening', { ...NO_EFFECTS, shares: 4 }, { members: 5 }).total - base).toBe(4);
  });

  it('bound the audit by one read per Doc checked and one per store; the sweep adds the cursor', () => {
    const b = lowerBound('audit', { ...NO_EFFECTS, docsAudited: 104 }, { members: 5 });
    expect(b.total).toBe(4 + 100);
    expect(b.items.map((i) => i.n)).toEqual([4, 100]);
    expect(b.items.every((i) => i.why.length > 0)).toBe(true);
    const idle = (docsAudited: number) =>
      lowerBound('sweep-idle', { ...NO_EFFECTS, docsAudited }, { members: 5 }).total;
    expect(idle(104) - idle(0)).toBe(4 + 100 + 1);
  });
});

describe('targets', () => {
  const flat = [row('intake', 10, 42), row('intake', 100, 42), row('screening', 10, 34), row('screening', 100, 34)];

  it('are met by flat intake and screening within the ratio', () => {
    const t = evaluateTargets(
      flat.map((r) => ({ ...r, roundTrips: r.bound.total, ratio: 1 })),
      BUNDLE,
      null,
    );
    expect(verdict(t, 'flat-intake')).toBe('met');
    expect(verdict(t, 'flat-screening')).toBe('met');
    expect(verdict(t, 'ratio')).toBe('met');
    expect(verdict(t, 'bundle-size')).toBe('met');
    expect(verdict(t, 'sweep-10k')).toBe('not measured');
  });

  it('catch an intake that grows with the number of cases', () => {
    const grown = [row('intake', 10, 42), row('intake', 100, 43)];
    expect(verdict(evaluateTargets(grown, BUNDLE, null), 'flat-intake')).toBe('missed');
  });

  it('miss any operation over 1.2x its bound, the sweeps that run an audit batch included (no allowance)', () => {
    const effects = { ...NO_EFFECTS, docsAudited: 101 };
    const base = row('sweep-idle', 100, 0, { effects });
    const atBound = { ...base, roundTrips: base.bound.total, ratio: 1, byMethod: { 'Drive.Files.get': 101 } };
    expect(verdict(evaluateTargets([atBound], BUNDLE, null), 'ratio')).toBe('met');
    const twoReadsPerDoc = {
      ...atBound,
      roundTrips: base.bound.total + 100,
      byMethod: { 'Drive.Files.get': 101, 'DriveApp.getFileById': 100 },
    };
    twoReadsPerDoc.ratio = twoReadsPerDoc.roundTrips / twoReadsPerDoc.bound.total;
    const t = evaluateTargets([twoReadsPerDoc], BUNDLE, null);
    expect(verdict(t, 'ratio')).toBe('missed');
    expect(t.find((x) => x.id === 'ratio')?.figure).toContain('sweep-idle 100x5');
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

describe('the command line', () => {
  it('runs the smoke sizes with --smoke and writes nothing', () => {
    expect(parseArgs(['--smoke'])).toMatchObject({ smoke: true, write: false, sizes: SMOKE_SIZES });
    expect(parseArgs(['--cases=10', '--members=5,15']).sizes).toEqual([
      { cases: 10, members: 5 },
      { cases: 10, members: 15 },
    ]);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
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
