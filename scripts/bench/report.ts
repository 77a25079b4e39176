// Renders benchmark results: the console table, docs/benchmarks.md and the cost-versus-cases chart (SVG, rendered to PNG with headless chromium).
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { COST_SOURCES, LOCAL_CALL_MS, PUBLISHED_CELL_LATENCY, PUBLISHED_LATENCY, latencySource } from '../../workbench';
import { DEFAULT_MAX_DOCS, DEFAULT_PASS_INTERVAL_MS } from '../../src/flows/audit';
import { OPERATIONS, OPERATION_LABELS, type OperationName } from './operations';
import { DEFAULT_MAIL_RESERVE_PERCENT } from '../../src/core/settings';
import { CONSUMER_RECIPIENTS, REPORT_RATES, WORKSPACE_RECIPIENTS, type MailFigures } from './mail';
import type { ResultRow } from './results';
import {
  FLAT_TOLERANCE,
  MAX_CELLS,
  RATIO_TARGET,
  type BundleFigures,
  type CapacityFigures,
  type DailyEstimate,
  type TargetResult,
} from './targets';
import { BIG_COMMITTEE, DRIVE_ITEMS, type HistoryPoint } from './ten-years';
import { CONFLICT_SHARE, HISTORY_DAYS, OPEN_SHARE, OPEN_WINDOW_DAYS } from './world';

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const s1 = (ms: number) => (ms / 1000).toFixed(1);

/** Pads a table for the terminal. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const HEADER = [
  'operation',
  'cases',
  'members',
  'round trips',
  'bound',
  'ratio',
  'bound s',
  'time ratio',
  'calls',
  'simulated s',
  'bundle CPU ms',
  'of it full GC',
  'load ms',
];

function cells(r: ResultRow): string[] {
  return [
    r.op,
    n0(r.cases),
    String(r.members),
    n0(r.roundTrips),
    n0(r.bound.total),
    r.ratio.toFixed(2),
    s1(r.bound.ms),
    r.timeRatio.toFixed(1),
    n0(r.calls),
    s1(r.simulatedMs),
    n0(r.bundleCpuMs),
    n0(r.fullGcMs),
    n0(r.loadCpuMs),
  ];
}

/** The console table: every row, grouped by operation. */
export function consoleTable(rows: ResultRow[]): string {
  const sorted = sortRows(rows);
  return formatTable(HEADER, sorted.map(cells));
}

export function sortRows(rows: ResultRow[]): ResultRow[] {
  return [...rows].sort(
    (a, b) => OPERATIONS.indexOf(a.op) - OPERATIONS.indexOf(b.op) || a.members - b.members || a.cases - b.cases,
  );
}

export function targetsTable(targets: TargetResult[]): string {
  return targets
    .map(
      (t) =>
        `${t.verdict.toUpperCase().padEnd(12)} ${t.target}\n             ${t.figure}${t.note ? `\n             (${t.note})` : ''}`,
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The machine

export interface Machine {
  date: string;
  node: string;
  nproc: number;
  cpu: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1].trim();
  } catch {
    // not Linux: os.cpus() said it
  }
  return { date: new Date().toISOString().slice(0, 10), node: process.version, nproc: cpus().length, cpu };
}

// ---------------------------------------------------------------------------------------------------
// The chart

const COLORS: Record<OperationName, string> = {
  intake: '#1f77b4',
  screening: '#ff7f0e',
  roster: '#8c564b',
  onboarding: '#e377c2',
  ballot: '#2ca02c',
  'ballot-deciding': '#98df8a',
  'sweep-idle': '#d62728',
  'sweep-due': '#9467bd',
  audit: '#7f7f7f',
  page: '#17becf',
  'sweep-hourly': '#bcbd22',
};

interface Panel {
  title: string;
  yLabel: string;
  value: (r: ResultRow) => number;
  log: boolean;
  lines?: Array<{ y: number; label: string }>;
}

function ticks(min: number, max: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
    return out;
  }
  const step = niceStep((max - min) / 5);
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step / 2; v += step) out.push(v);
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cost-versus-cases curves for one roster size: round trips per operation (log-log) and the simulated time of
 * its longest execution, with the time budget and the 6-minute kill drawn in.
 */
export function chartSvg(rows: ResultRow[], members: number): string {
  const data = rows.filter((r) => r.members === members);
  const ops = OPERATIONS.filter((op) => data.some((r) => r.op === op));
  const panels: Panel[] = [
    { title: 'Round trips per operation', yLabel: 'round trips (log)', value: (r) => r.roundTrips, log: true },
    {
      title: 'Longest execution (simulated)',
      yLabel: 'seconds (log)',
      value: (r) => r.maxExecutionMs / 1000,
      log: true,
      lines: [
        { y: 270, label: 'time budget 4.5 min' },
        { y: 360, label: 'killed at 6 min' },
      ],
    },
  ];
  const W = 560;
  const H = 380;
  const M = { left: 64, right: 36, top: 40, bottom: 48 };
  const legendH = 24 * Math.ceil(ops.length / 3) + 16;
  const width = W * panels.length;
  const height = H + legendH + 36;
  const xs = [...new Set(data.map((r) => r.cases))].sort((a, b) => a - b);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">Conduct Desk: cost versus number of cases (${members} members, emulator latency model)</text>`,
  );
  panels.forEach((panel, p) => {
    const ox = p * W;
    const oy = 30;
    const pw = W - M.left - M.right;
    const ph = H - M.top - M.bottom;
    const values = data
      .map(panel.value)
      .filter((v) => v > 0)
      .concat((panel.lines ?? []).map((l) => l.y));
    const yMin = panel.log ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 0;
    const yMax = panel.log ? 10 ** Math.ceil(Math.log10(Math.max(...values))) : Math.max(...values) * 1.1;
    const xMin = xs[0] ?? 1;
    const xMax = xs[xs.length - 1] ?? 10;
    const sx = (x: number) =>
      ox +
      M.left +
      (xMax === xMin ? pw / 2 : ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * pw);
    const sy = (y: number) =>
      oy +
      M.top +
      ph -
      (panel.log
        ? ((Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph
        : ((y - yMin) / (yMax - yMin)) * ph);
    parts.push(
      `<text x="${ox + M.left + pw / 2}" y="${oy + 24}" text-anchor="middle" font-size="14" font-weight="bold">${esc(panel.title)}</text>`,
    );
    for (const t of ticks(yMin, yMax, panel.log)) {
      if (t < yMin || t > yMax) continue;
      parts.push(`<line x1="${ox + M.left}" x2="${ox + M.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e5e5"/>`);
      parts.push(
        `<text x="${ox + M.left - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11">${t >= 1 ? n0(t) : t}</text>`,
      );
    }
    for (const x of xs) {
      parts.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${oy + M.top}" y2="${oy + M.top + ph}" stroke="#f0f0f0"/>`);
      parts.push(`<text x="${sx(x)}" y="${oy + M.top + ph + 16}" text-anchor="middle" font-size="11">${n0(x)}</text>`);
    }
    parts.push(`<rect x="${ox + M.left}" y="${oy + M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    parts.push(
      `<text x="${ox + M.left + pw / 2}" y="${oy + M.top + ph + 36}" text-anchor="middle" font-size="12">cases in the registry (log)</text>`,
    );
    parts.push(
      `<text transform="translate(${ox + 16},${oy + M.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(panel.yLabel)}</text>`,
    );
    (panel.lines ?? []).forEach((l, k) => {
      parts.push(
        `<line x1="${ox + M.left}" x2="${ox + M.left + pw}" y1="${sy(l.y)}" y2="${sy(l.y)}" stroke="#b00" stroke-dasharray="6 4"/>`,
      );
      // The lower line's label goes under it, the upper one's above, so two close lines stay readable.
      parts.push(
        `<text x="${ox + M.left + 4}" y="${k === 0 ? sy(l.y) + 13 : sy(l.y) - 4}" font-size="11" fill="#b00">${esc(l.label)}</text>`,
      );
    });
    for (const op of ops) {
      const series = data.filter((r) => r.op === op).sort((a, b) => a.cases - b.cases);
      const pts = series.map((r) => `${sx(r.cases).toFixed(1)},${sy(panel.value(r)).toFixed(1)}`);
      if (pts.length > 1)
        parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${COLORS[op]}" stroke-width="2"/>`);
      for (const pt of pts) {
        const [x, y] = pt.split(',');
        parts.push(`<circle cx="${x}" cy="${y}" r="3.5" fill="${COLORS[op]}"/>`);
      }
    }
  });
  ops.forEach((op, i) => {
    const x = 24 + (i % 3) * (width / 3);
    const y = H + 40 + Math.floor(i / 3) * 24;
    parts.push(`<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${COLORS[op]}" stroke-width="3"/>`);
    parts.push(`<text x="${x + 32}" y="${y + 4}" font-size="12">${esc(OPERATION_LABELS[op])}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders an SVG to PNG with headless chromium (playwright-core); returns false when chromium is missing. */
export async function renderPng(svg: string, path: string): Promise<boolean> {
  const { existsSync } = await import('node:fs');
  if (!existsSync('/usr/bin/chromium')) return false;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  });
  try {
    const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 1200);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 800);
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path, clip: { x: 0, y: 0, width, height } });
    return true;
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// docs/benchmarks.md

export interface DocInput {
  rows: ResultRow[];
  targets: TargetResult[];
  bundle: BundleFigures;
  day: DailyEstimate | null;
  machine: Machine;
  chartMembers: number;
  capacity: CapacityFigures[];
  /** The ten-year projection (empty when not measured). */
  history?: HistoryPoint[];
  wallSeconds: number;
  command: string;
  /** The mail figures of issue 15, with their targets (absent when not measured). */
  mail?: { figures: MailFigures; targets: TargetResult[] };
}

/** A Markdown table: the first column left-aligned, the rest right-aligned (numbers) unless `text` says otherwise. */
function mdTable(header: string[], rows: string[][], text = false): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 || text ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const VERDICT_MARK: Record<TargetResult['verdict'], string> = {
  met: 'met',
  missed: '**missed**',
  'not measured': 'not measured',
};

export function benchmarksMarkdown(d: DocInput): string {
  const out: string[] = [];
  const rep = (op: OperationName) => {
    const list = d.rows.filter((r) => r.op === op);
    return list.find((r) => r.cases === 1000 && r.members === 15) ?? list[list.length - 1];
  };
  out.push('# Benchmarks');
  out.push('');
  out.push(
    'What Conduct Desk costs in Apps Script terms, measured by `npm run bench` (`npm run bench -- --smoke` is the CI',
  );
  out.push(
    'guard: 10 and 100 cases with 5 members, non-zero exit when a target the product claims is missed). Generated by',
  );
  out.push(
    '`scripts/bench.ts` with the same figures in `benchmarks.json`; do not edit by hand (the prose lives in `scripts/bench/report.ts`).',
  );
  out.push('');
  out.push(
    `Run on ${d.machine.date}: \`${d.command}\`, ${d.machine.nproc} CPUs (${d.machine.cpu}), Node ${d.machine.node}; the whole run took ${Math.round(d.wallSeconds)} s.`,
  );
  out.push('');
  out.push('![Cost versus cases](benchmarks.png)');
  out.push('');
  out.push('## What is measured');
  out.push('');
  out.push(
    'Every operation runs the real `build/Code.js` in the emulator (`workbench/emulator`), through the entry point a person or',
  );
  out.push(
    'a trigger uses: the Form submit trigger, signed links (GET the page, then POST the confirmation as a person would, ticking',
  );
  out.push(
    'the box), the owner typing a row into `Committee` (the installable edit trigger), the hourly clock trigger. Nothing is',
  );
  out.push("called behind the bundle's back.");
  out.push('');
  out.push(
    '* **Calls**: every service method the emulator counted (`Logger`/`console` excluded), builders and accessors included.',
  );
  out.push(
    '* **Round trips**: the calls the cost model charges more than 1 ms, i.e. those that reach a Google backend (a sheet',
  );
  out.push(
    '  read or write, a flush, a Doc open or save, a share, an email, a lock, a property read or write). `getSheetByName`,',
  );
  out.push(
    `  \`getRange\`, \`Body.appendParagraph\`, HMAC signing and the like are served from objects already in hand (${LOCAL_CALL_MS} ms each: no call is free) and`,
  );
  out.push('  are not counted. The ratio compares round trips with the design-independent lower bound.');
  out.push(
    "* **Simulated time**: the cost model (below) summed over the execution's calls: a latency for every call, plus a",
  );
  out.push(
    '  per-cell part for sheet reads and writes, so a read of 150,000 rows costs what published measurements say, not a flat',
  );
  out.push("  100 ms. The time ratio compares it with the bound's price under the same model.");
  out.push(
    '* **CPU**: `process.cpuUsage()` around the execution, split three ways: time inside emulated service methods (the',
  );
  out.push(
    "  emulator's own work, excluded), loading the bundle into a fresh global (parse + initialise, which Apps Script also does",
  );
  out.push(
    '  at the start of every execution: the "load" column) and the rest, the bundle\'s own code (the "bundle CPU" column).',
  );
  out.push(
    "  Figures are from a JIT-warm Node process on the machine above; expect Apps Script's V8 to be slower. The idle",
  );
  out.push(
    "  sweep's is the cheapest of three consecutive runs (each the first run of an audit pass; other load only adds); the",
  );
  out.push(
    '  access audit\'s share of its sweep\'s CPU is not measured separately ("-"). A full collection runs before each',
  );
  out.push(
    '  operation, outside the measurement; "of it full GC" is the time of full (mark-compact) collections during it, as',
  );
  out.push(
    "  V8 reports them: they trace the whole heap, which here is mostly the emulated Workspace, not the bundle's data.",
  );
  out.push('');
  out.push('### The worlds');
  out.push('');
  out.push(
    `Each size is a fresh Workspace: \`setup\` run by the owner, the committee in \`Committee\` and registry \`Members\` (every fifth`,
  );
  out.push(
    'member an adviser), one community space with a moderator, and the cases written straight into the stores in the schemas of',
  );
  out.push(
    'docs/architecture.md. Each world is a fresh emulated Workspace with its own fixed seed (7), nothing carried over from the',
  );
  out.push(
    "worlds run before it (the bench's own report counter lives on the world), and measured in a node process of its own (CPU",
  );
  out.push(
    "time depends on what ran in the process before), so a world's figures do not depend on the order the worlds are run in.",
  );
  out.push('The stores hold');
  out.push(`registry rows, status rows, a private Doc per case in the private folder shared silently with the members`);
  out.push(
    `cleared for it, clearances (${Math.round(CONFLICT_SHARE * 100)}% conflicts), conflicts rows, votes and moderation rounds. ${Math.round(OPEN_SHARE * 100)}% of the cases are`,
  );
  out.push(
    `open (received in the last ${OPEN_WINDOW_DAYS} days, in every phase from screening to letter sent), the rest resolved or closed over the`,
  );
  out.push(
    `${Math.round(HISTORY_DAYS / 365)} years before. The outbox holds the open cases' messages, all sent: acknowledgments, screening and access`,
  );
  out.push(
    'emails, every status email and follow-up reminder of the periods passed so far, so the steady state has nothing due.',
  );
  out.push(
    "Closed cases' old messages are not seeded in these worlds (the ten-year worlds below seed them, in the archive's steady",
  );
  out.push(
    "state); retention's state is: a case closed over 12 months ago has its reporter details purged, its owner warned before.",
  );
  out.push(
    "The committee account's mail as the sweep has read it (registry `Inbox`), per case: two replies filed, one alert of the",
  );
  out.push(
    "account's own left in its inbox; an email made a case one case in ten, an email waiting for the owner one in twenty.",
  );
  out.push('');
  out.push(
    "The sequence per world: unmeasured sweeps for the product's own weekly and daily chores (the archive, retention, the",
  );
  out.push(
    "Form check; more than one only while the archive's first catch-up is unfinished, a bounded share a run, at most 13), then the hourly sweep with nothing due, the first run of an access audit full pass (the week since the last pass is made to have gone by; the audit reported on",
  );
  out.push(
    "its own); sweeps, unmeasured, until the pass is done, then the typical hour's sweep, which reads only Drive's changes",
  );
  out.push('feed (worlds where the pass takes at most 10 runs, every size here); a report');
  out.push(
    'through the Form; member 1 answers "no conflict" (members 2 and 3 too, not measured), member 1 opens a vote; member 2\'s',
  );
  out.push(
    "ballot (the vote stays open) and member 3's (it decides); the owner adds a member (roster sync) and the newcomer answers",
  );
  out.push(
    'the onboarding page "no conflict" for every reported person; last, the clock jumps a week without a sweep and the sweep',
  );
  out.push(
    "runs with every open case's follow-up period turned, moderators late and the onboarding's leftover shares pending.",
  );
  out.push('');
  out.push(costModelMarkdown());

  out.push('## Lower bounds');
  out.push('');
  out.push(
    'What the platform allows whatever the design (`scripts/bench/lower-bound.ts`): the state any design must read and write',
  );
  out.push(
    'for the operation (a row is a row whatever the schema; the per-cell price counts its width), the script lock where two',
  );
  out.push(
    'executions could collide, where the stores are (one Script Property), and the cheapest call for each effect the operation',
  );
  out.push(
    'observably had: one Drive v3 `Files.create` with the private folder as parent for a new Doc, one Docs API `batchUpdate`',
  );
  out.push(
    'for a Doc written, one `Permissions.create` per share, one `sendEmail` per message (links are signed per member), one',
  );
  out.push(
    "`appendRow` for a new record, Drive's changes feed for the audit. Nothing of the product's design is in it: no journal",
  );
  out.push(
    `mark, no flush per commit, no audit log, no re-read. Priced with the cost model above. Target: within ${RATIO_TARGET}x, in calls and in`,
  );
  out.push(
    'time; a ratio over it is reported as missed. The items, for the 1,000-case, 15-member world (or the largest measured):',
  );
  out.push('');
  for (const op of OPERATIONS) {
    const r = rep(op);
    if (!r) continue;
    out.push(
      `**${OPERATION_LABELS[op]}**: ${r.bound.total} calls, ${s1(r.bound.ms)} s at ${n0(r.cases)} cases × ${r.members} members (measured: ${n0(r.roundTrips)} round trips, ${s1(r.simulatedMs)} s)`,
    );
    out.push('');
    for (const i of r.bound.items)
      out.push(`* ${i.n} × \`${i.method}\`${i.cells ? ` (${n0(i.cells)} cells)` : ''} — ${i.what}: ${i.why}`);
    out.push('');
  }

  out.push('## Results');
  out.push('');
  out.push(
    'Per operation and world size (cases × members). Round trips by method are listed for the 1,000 × 15 world further down.',
  );
  out.push('');
  for (const op of OPERATIONS) {
    const list = sortRows(d.rows.filter((r) => r.op === op));
    if (!list.length) continue;
    out.push(`### ${OPERATION_LABELS[op]}`);
    out.push('');
    out.push(
      mdTable(
        [
          'cases × members',
          'round trips',
          'bound',
          'ratio',
          'bound s',
          'time ratio',
          'calls',
          'Docs',
          'shares',
          'emails',
          'simulated s',
          'bundle CPU ms',
          'of it full GC',
          'load ms',
        ],
        list.map((r) => [
          `${n0(r.cases)} × ${r.members}`,
          n0(r.roundTrips),
          n0(r.bound.total),
          r.ratio.toFixed(2),
          s1(r.bound.ms),
          r.timeRatio.toFixed(1),
          n0(r.calls),
          n0(r.effects.docsCreated + r.effects.docsChanged),
          n0(r.effects.shares),
          n0(r.effects.mails),
          s1(r.simulatedMs),
          n0(r.bundleCpuMs),
          n0(r.fullGcMs),
          n0(r.loadCpuMs),
        ]),
      ),
    );
    out.push('');
  }
  out.push('### Calls by service and method (1,000 cases × 15 members, or the largest measured)');
  out.push('');
  out.push('Round trips by method, then every call by service (builders and accessors included):');
  out.push('');
  for (const op of OPERATIONS) {
    const r = rep(op);
    if (!r) continue;
    out.push(
      `* **${op}**: ${Object.entries(r.byMethod)
        .sort((a, b) => b[1] - a[1])
        .map(([m, n]) => `${m} ${n}`)
        .join(', ')}`,
    );
    out.push(
      `  — all calls: ${Object.entries(r.callsByService)
        .sort((a, b) => b[1] - a[1])
        .map(([m, n]) => `${m} ${n}`)
        .join(', ')}`,
    );
  }
  out.push('');

  out.push('## Targets');
  out.push('');
  out.push(
    mdTable(
      ['target', 'figure', 'verdict'],
      d.targets.map((t) => [
        t.target,
        t.figure.replace(/\|/g, '/'),
        VERDICT_MARK[t.verdict] +
          (t.aspiration ? ' (aspiration: reported, does not fail the run)' : '') +
          (t.hostTimed && t.verdict === 'missed'
            ? ' (timed on this host, within twice the target: does not fail the run)'
            : '') +
          (t.note && t.verdict !== 'met' ? `: ${t.note}` : ''),
      ]),
      true,
    ),
  );
  out.push('');
  if (d.day) {
    const day = d.day;
    out.push('### Daily trigger time of a typical committee');
    out.push('');
    out.push(
      `${day.openCases} open cases out of ${n0(day.cases)}, ${day.members} members, the sweep every hour, one report a day:`,
    );
    out.push('');
    out.push(
      `* 24 sweeps × ${day.sweepBaseS.toFixed(1)} s (the idle sweep without its audit share) = ${((24 * day.sweepBaseS) / 60).toFixed(1)} min`,
    );
    out.push(
      `* access audit: ${n0(day.auditDocsPerDay)} Doc checks a day × ${day.auditPerDocS.toFixed(2)} s = ${((day.auditDocsPerDay * day.auditPerDocS) / 60).toFixed(1)} min (at most ${DEFAULT_MAX_DOCS} Docs a run; a new pass ${DEFAULT_PASS_INTERVAL_MS / 3600000} h after the last one ended)`,
    );
    out.push(
      `* due work: ${day.dueCasesPerDay.toFixed(0)} cases a day reach a weekly status email × ${day.duePerCaseS.toFixed(1)} s (Doc entry, status email, reminder to each cleared member) = ${((day.dueCasesPerDay * day.duePerCaseS) / 60).toFixed(1)} min`,
    );
    out.push(
      `* ${day.reportsPerDay} report × ${day.intakeS.toFixed(1)} s = ${((day.reportsPerDay * day.intakeS) / 60).toFixed(1)} min`,
    );
    out.push(
      `* edit-trigger executions: every edit of the status spreadsheet runs the installable edit trigger, which counts in the quota (and the change trigger, which ends before any service call); taken as one edit per open case a week, ${day.editsPerDay.toFixed(1)} a day × ${day.editS.toFixed(1)} s (priced as the measured roster sync, an upper estimate) = ${((day.editsPerDay * day.editS) / 60).toFixed(1)} min`,
    );
    out.push('');
    out.push(
      `Total **${(day.totalS / 60).toFixed(1)} minutes a day**: ${((day.totalS / 5400) * 100).toFixed(1)}% of the 90 minutes of a consumer account, ${((day.totalS / 21600) * 100).toFixed(1)}% of Workspace's 6 hours,`,
    );
    out.push(
      `in ${day.executionsPerDay.toFixed(0)} trigger executions; and **${day.recipientsPerDay.toFixed(0)} mail recipients a day** (each report's acknowledgment, screening and "access granted" emails, each due case's status email, and at most one reminder digest a member a day; ${CONSUMER_RECIPIENTS} on a consumer account; the Mail section measures them day by day).`,
    );
    out.push('');
  }
  if (d.history?.length) out.push(historyMarkdown(d.history), '');
  out.push('### Bundle');
  out.push('');
  out.push(
    `\`build/Code.js\` is ${(d.bundle.bytes / 1024).toFixed(1)} KB (esbuild, minified); parsing and initialising it in a fresh \`node:vm\` context takes`,
  );
  out.push(
    `${d.bundle.loadMs.toFixed(1)} ms (fastest of 11 runs, each with a source V8 has not cached; median ${d.bundle.loadMedianMs.toFixed(1)} ms). Per execution, the`,
  );
  out.push('emulator\'s load through gas-local is the "load ms" column.');
  out.push('');
  if (d.mail) out.push(mailMarkdown(d.mail.figures, d.mail.targets), '');
  out.push(CAPACITY_AND_NOTES(d));
  return out.join('\n') + '\n';
}

/**
 * The `## Mail` section: recipients a day per committee profile against the two quotas, the flood, and the mail
 * targets. `npm run bench -- --mail` measures only this and puts it in place of the section already there.
 */
export function mailMarkdown(figures: MailFigures, targets: TargetResult[], command = ''): string {
  const out: string[] = [];
  out.push('## Mail');
  out.push('');
  out.push(
    'MailApp counts recipients (to, cc and bcc each), ' +
      `${CONSUMER_RECIPIENTS} a day on a consumer account and ${WORKSPACE_RECIPIENTS.toLocaleString('en-US')} on Google Workspace; the day begins with the first`,
  );
  out.push(
    'request after the previous one ended. Each committee below starts from the steady state of the worlds above (cases open',
  );
  out.push(
    `for ${OPEN_WINDOW_DAYS} days, nothing due) and lives a week on the emulator's clock: the hourly sweep, and new reports (seven in ten`,
  );
  out.push(
    `with a reporter address), each screened "no conflict" by the members without a conflict (${Math.round((1 - CONFLICT_SHARE) * 100)}%) through their links.`,
  );
  out.push(
    `Recipients are counted per day from the mail that left.${command ? ` Measured by \`${command}\`.` : ''} Reports arrive at two rates:`,
  );
  out.push('');
  for (const rate of Object.values(REPORT_RATES)) out.push(`* ${rate.label};`);
  out.push('');
  out.push(
    'at the second, a report to a committee of 30 costs about 56 recipients (acknowledgment, 30 screening emails, 25 "access',
  );
  out.push('granted"), and those per-case messages, which the procedure needs, dominate the day.');
  out.push('');
  // Issue 15's decision, kept with the figures it rests on.
  out.push(
    "**What a consumer account can carry.** The issue's targets (the typical committee at most half of the 100 a day, the",
    'big one within it) are met at the first rate, the daily model the rest of this document uses. At the second, faster',
    'rate a committee of 30 needs more: every report must reach every member (screening) and its reporter',
    '(acknowledgment), about 53 recipients a day at 12 reports a week before any reminder, which no design avoids. Such a',
    'committee belongs on a Google Workspace account (1,500 a day), or should set `Reminder digest` to Weekly. When mail',
    'must wait anyway, the reserve keeps urgent alerts going and the committee account is told once (below). Left for',
    'later: the "access granted" email repeats what the screening page already showed the member (about 43 a day of the',
    "big committee's); folding it into that page would bring it near 100.",
  );
  out.push('');
  const kinds = [...new Set(figures.days.flatMap((d) => Object.keys(d.byWhat)))].sort();
  out.push(
    mdTable(
      [
        'committee',
        'report rate',
        'members',
        'open cases',
        'reports in the week',
        'recipients a day (mean)',
        'busiest day',
        `mean / ${CONSUMER_RECIPIENTS}`,
        `mean / ${WORKSPACE_RECIPIENTS}`,
        ...kinds.map((k) => `${k} (a day)`),
      ],
      figures.days.map((d) => [
        d.profile,
        `${REPORT_RATES[d.rate].openDays} days open`,
        String(d.members),
        String(d.open),
        String(d.reports),
        d.mean.toFixed(1),
        String(d.max),
        `${Math.round((d.mean / CONSUMER_RECIPIENTS) * 100)}%`,
        `${((d.mean / WORKSPACE_RECIPIENTS) * 100).toFixed(1)}%`,
        ...kinds.map((k) => (d.byWhat[k] ?? 0).toFixed(1)),
      ]),
    ),
  );
  out.push('');
  out.push(
    "Before issue 15 every member reminder was its own email to every cleared member, once a week per open case: by the issue's own estimate the stress",
  );
  out.push(
    "world (15 members, 200 open cases) queued about 440 recipients a day, 4.4 times a consumer account's quota. Reminders now",
  );
  out.push(
    'reach each member as one digest a day (Settings `Reminder digest`, or one a week) listing every case that needs them.',
  );
  const flood = figures.flood;
  if (flood) {
    out.push('');
    out.push(
      `**A flood on a consumer account** (${flood.quota} recipients a day, ${flood.members} members): ${flood.junkReports} junk reports within two hours, then a`,
    );
    out.push(
      'real report saying someone is in danger, then three days of hourly sweeps. The outbox sends the most urgent class first',
    );
    out.push(
      "(urgent alerts, acknowledgments, the reporter's status and follow-up emails, screening, the rest, reminders) and keeps",
    );
    out.push(
      `${DEFAULT_MAIL_RESERVE_PERCENT}% of the day (Settings \`Mail reserve (%)\`) for urgent alerts and its one notice to the committee account.`,
    );
    out.push('');
    out.push(
      mdTable(
        ['figure', 'value'],
        [
          ['urgent alert reached every member after', `${flood.urgentAlertMinutes.toFixed(1)} min`],
          ["the real reporter's acknowledgment after", `${flood.realAckHours.toFixed(1)} h`],
          ['longest wait for an acknowledgment', `${flood.maxAckHours.toFixed(1)} h`],
          ['acknowledgments past their 24 hours', `${flood.acksLate} of ${flood.acks}`],
          ['notices to the committee account that mail waits', String(flood.ownerNotices)],
          ['messages still waiting after three days', String(flood.stillPending)],
        ],
        true,
      ),
    );
  }
  out.push('');
  out.push(
    mdTable(
      ['target', 'figure', 'verdict'],
      targets.map((t) => [t.target, t.figure, VERDICT_MARK[t.verdict]]),
      true,
    ),
  );
  return out.join('\n');
}

/** `markdown` with its `## Mail` section replaced by `section` (or put before `## Capacity` when it has none). */
export function replaceMailSection(markdown: string, section: string): string {
  const start = markdown.indexOf('\n## Mail\n');
  if (start >= 0) {
    const next = markdown.indexOf('\n## ', start + 1);
    return `${markdown.slice(0, start + 1)}${section}\n${next >= 0 ? markdown.slice(next) : '\n'}`;
  }
  const capacity = markdown.indexOf('\n## Capacity\n');
  if (capacity < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
  return `${markdown.slice(0, capacity + 1)}${section}\n\n${markdown.slice(capacity + 1)}`;
}

/** The cost model: every call's figure with its source, the per-cell part, and what every other call costs. */
function costModelMarkdown(): string {
  const out: string[] = [];
  out.push('### The cost model');
  out.push('');
  out.push(
    '`PUBLISHED_LATENCY` and `PUBLISHED_CELL_LATENCY` in `workbench/emulator/cost-model.ts` (the tests keep the flat',
  );
  out.push(
    "`DEFAULT_LATENCY` of `runtime.ts`, without a cell cost). A read costs its call's figure plus a price per cell read, a",
  );
  out.push('write its figure plus a price per cell written:');
  out.push('');
  out.push(
    mdTable(
      ['call', 'per call ms', 'per cell ms', 'source'],
      Object.entries(PUBLISHED_CELL_LATENCY).map(([m, c]) => [
        `\`${m}\``,
        String(PUBLISHED_LATENCY[m] ?? LOCAL_CALL_MS),
        String(c),
        m.startsWith('Range.get') ? 'QIITA: 7.4 s / 240,000 cells' : 'SO-SCRIPTDB: (610 − 120 − 100) ms / 4,000 cells',
      ]),
      true,
    ),
  );
  out.push('');
  out.push(
    `Every other call, ms each (any call not listed, a builder, an accessor or a Docs element edit, costs ${LOCAL_CALL_MS} ms: no call is free):`,
  );
  out.push('');
  const bySource = new Map<string, string[]>();
  for (const [m, v] of Object.entries(PUBLISHED_LATENCY)) {
    if (m === 'default' || v === LOCAL_CALL_MS) continue;
    const source = latencySource(m);
    bySource.set(source, [...(bySource.get(source) ?? []), `\`${m}\` ${v}`]);
  }
  for (const [source, list] of bySource) out.push(`* [${source}]: ${list.join(' · ')}`);
  out.push('');
  out.push(
    'Sources (published measurements, old and noisy: orders of magnitude, as the platform reference \u00a74.2 says of them):',
  );
  out.push('');
  for (const [key, text] of Object.entries(COST_SOURCES)) out.push(`* [${key}] ${text}`);
  out.push('');
  return out.join('\n');
}

/** The ten-year projection: the big committee at 1 and 10 years, its waits and every limit. */
function historyMarkdown(points: HistoryPoint[]): string {
  const out: string[] = [];
  out.push('## Ten years of a big committee');
  out.push('');
  out.push(
    `A committee taking ${BIG_COMMITTEE.perYear} reports a year with ${BIG_COMMITTEE.members} members, seeded with one and with ten years of history in`,
  );
  out.push(
    `the archive's steady state (issue 17): ${BIG_COMMITTEE.openCases} cases open, and the Clearances, Votes, Moderation,`,
  );
  out.push(
    `Outbox and Audit rows of cases closed more than ${BIG_COMMITTEE.archiveAfterDays} days ago (Settings \`Archive closed cases after (days)\` 90, moved by`,
  );
  out.push(
    'the weekly run) in one archive spreadsheet per year, owner only, with tabs as Sheets creates them (26 columns; Outbox',
  );
  out.push(
    "and Audit rows counted into the grid, not written). An archived case's Doc is no longer shared with members; reporter",
  );
  out.push(
    'details are purged 12 months after closing. Every Cases row is seeded in `Cases`; the first, unmeasured sweep runs the',
  );
  out.push(
    "product's own archive, which moves archived cases' rows to the registry's `Archived Cases` tab (the rows below are",
  );
  out.push(
    'counted after it): the sweep and the pages read `Cases` only. `Inbox` rows (the mail proportions above) are seeded in the',
  );
  out.push('registry, where the sweep writes them; the same archive run moves those of archived cases and old alerts.');
  out.push('');
  out.push(
    mdTable(
      [
        'years',
        'cases',
        'registry rows (Cases / Archived Cases / Clearances / Outbox / Inbox)',
        'idle sweep s (audit pass)',
        'hourly sweep s',
        "member's page s",
        'intake s',
        'registry cells',
        'largest archive cells',
        'properties bytes',
        'Drive files',
        'trigger min a day',
        'recipients a day',
        'Properties r/w a day',
        'Gmail r/w a day',
      ],
      points.map((p) => {
        const at = (op: string) => p.rows.find((r) => r.op === op);
        return [
          String(p.years),
          n0(p.cases),
          `${n0(p.registryRows.Cases ?? 0)} / ${n0(p.registryRows['Archived Cases'] ?? 0)} / ${n0(p.registryRows.Clearances ?? 0)} / ${n0(p.registryRows.Outbox ?? 0)} / ${n0(p.registryRows.Inbox ?? 0)}`,
          s1(at('sweep-idle')?.simulatedMs ?? Number.NaN),
          s1(at('sweep-hourly')?.simulatedMs ?? Number.NaN),
          s1(at('page')?.simulatedMs ?? Number.NaN),
          s1(at('intake')?.simulatedMs ?? Number.NaN),
          n0(p.cells.registry),
          n0(p.cells.archiveMax),
          n0(p.propertiesBytes),
          n0(p.driveFiles),
          p.day ? (p.day.totalS / 60).toFixed(1) : '-',
          p.day ? p.day.recipientsPerDay.toFixed(0) : '-',
          p.day ? n0(p.day.propertiesPerDay) : '-',
          p.day ? n0(p.day.gmailPerDay) : '-',
        ];
      }),
    ),
  );
  out.push('');
  out.push(
    `Limits: ${n0(MAX_CELLS)} cells per spreadsheet (every tab's whole grid), 500 KB of Script Properties, 90 minutes of`,
  );
  out.push(
    `trigger runtime and ${CONSUMER_RECIPIENTS} mail recipients a day on a consumer account, ${n0(DRIVE_ITEMS)} Drive items (the creation cap Google`,
  );
  out.push(
    `enforced in 2023, the strictest reading). "Flat" is at most ${FLAT_TOLERANCE}x from 1 to 10 years; the verdicts are in Targets.`,
  );
  return out.join('\n');
}

/** Registry size per world on the full grid, and the cells a full history would need against Sheets' 10 million. */
function CAPACITY_AND_NOTES(d: DocInput): string {
  const out: string[] = [];
  out.push('## Capacity');
  out.push('');
  out.push(
    "Sheets allows 10 million cells per spreadsheet and counts every tab's whole grid (maxRows × maxColumns), used or not:",
  );
  out.push(
    'the registry tabs are as wide as Sheets made them (26 columns). Rows the seeded worlds hold, the grid cells of the',
  );
  out.push(
    'registry and status spreadsheets as seeded, and the cells the registry would hold with the full history of messages and',
  );
  out.push(
    'audit entries and no archive (about one outbox row and two audit rows per member per case, each 26 cells wide):',
  );
  out.push('');
  const WIDTH = 26;
  out.push(
    mdTable(
      [
        'cases × members',
        'Cases',
        'Clearances',
        'Outbox (open cases)',
        'registry grid cells',
        'status grid cells',
        'registry cells with full history',
      ],
      d.capacity.map((c) => {
        const full =
          d.capacity.length &&
          (c.cases +
            c.rows.Clearances +
            (c.rows.Votes ?? 0) +
            (c.rows.Moderation ?? 0) +
            c.cases * (1 + 3 * c.members) +
            c.cases * (2 + 2 * c.members)) *
            WIDTH;
        return [
          `${n0(c.cases)} × ${c.members}`,
          n0(c.rows.Cases),
          n0(c.rows.Clearances),
          n0(c.rows.Outbox),
          `${n0(c.cells.registry)}${c.cells.registry > MAX_CELLS ? ' (over)' : ''}`,
          n0(c.cells.status),
          `${n0(full)}${full > MAX_CELLS ? ' (over)' : ''}`,
        ];
      }),
    ),
  );
  out.push('');
  out.push(NOTES);
  return out.join('\n');
}

const NOTES = `## Changes made to reach the targets

* **Lookups by value** (\`Table.findBy\`/\`filterBy\`, src/workspace/table.ts) go through a per-column index, built on
  the third lookup of a column and kept up to date by appends and updates: the sweep and the outbox looked keys up
  per case and per message, each a scan of a tab with 100,000s of rows (13 s of CPU per sweep at 1,000 cases).
  Tables no longer copy every row at load, and only the status tabs (which find rows again by code name) keep
  each row's original key.
* **Clearances** (src/records/clearances.ts) are parsed per case on demand; every pair only when a flow needs them all.
  Pending shares are found through the index on \`Share\`; the audit computes expected editors for its batch only.
* **The sweep** parses the cases once per run (deadlines and lint shared them), checks whether this period's
  status email and reminders are queued before building any text, and gives the privacy lint only the names one
  of whose words occurs in the sheet (src/flows/name-prefilter.ts; exact: same findings, a pattern of a handful of
  names instead of every name in the registry).
* **Docs** (src/workspace/docs.ts) are saved only when changed (a vote page that shows the plan no longer saves
  the Doc), and the time budget counts the saves still owed at commit, so a sweep that touched hundreds of Docs
  stops in time instead of overrunning its budget while saving them.
* **Pages**: a case's Settings are read only when its stored deadlines are missing; a POST that queued no mail
  does not read the outbox; a POST delivers mail for at most 45 s. Onboarding shares for at most 30 s on the page
  and the rest through the sweep, with one email per member per run instead of one per Doc.
* **The access audit reads each Doc once** (src/workspace/sharing.ts \`readFileAccess\`): one Drive v3
  \`Files.get(id, {fields: 'parents,writersCanShare,permissions(id,type,role,emailAddress,allowFileDiscovery)'})\`
  instead of \`DriveApp.getFileById\` (parents, re-share flag) plus \`Drive.Permissions.list\`; the private folder is
  read the same way and looked up through DriveApp only when it must be repaired. The audit, and the sweeps that run
  an audit batch, were at the design-based bound used until issue 17.
* **The full pass reads the case folders' listing** (issue 17; src/workspace/drive-audit.ts \`listFolderAccess\`): Drive
  v3 \`Files.list\` of the private folder and the archived Docs' folder, oldest first from the batch's earliest report,
  with the same fields inside \`files(...)\`: 100 Docs a call instead of one. A Doc the listing does not show, or shows
  needing a repair, is read alone first. At 1,000 cases × 15 members a pass run went from 100 Docs in 33.6 s to all
  1,000 in about 9 s; at 10,000 cases from 100 Docs in 48.5 s to 2,000 in about 29 s (measured while making the
  change). The seeded Docs carry their report's arrival as Drive's creation time, as a committee's would.
* **The sweep's CPU** (10,000 cases): one pass over the outbox's \`Key\` column gives both the keys already queued and
  each message's row (it was a column copy, a Set and the table's index: three passes over ~150,000 rows); registry
  rows are read cell by cell (\`Table.cell\`) instead of as whole-row records where thousands are read (cases,
  clearances, the audit's case list, the check for interrupted intakes); \`cellText\` hands back strings with nothing
  to trim as they are, and the scans before an index is built compare strings directly.
* **The build** is minified (esbuild \`minify\`): 340 KB became 220 KB, and loading it takes about half the time.
* **The outbox is read narrow** (issue 17; Table \`narrow\`, src/workspace/table.ts): at any size an execution
  reads its header and the \`Key\` and \`State\` columns only (2 of 15 cells a row), another column when a flow scans it
  (with the key, to detect a tab changed under the execution), and a row's addresses and texts when that row is sent,
  decided about, shown, purged or archived. At 10,000 cases × 15 members the idle sweep went from 112.8 s to about
  48 s and intake from 99.8 s to about 36 s (measured while making the change); the model prices cells, not bytes,
  so on Apps Script, where the left-out cells hold the message bodies, the saving is larger than these figures.
* **A report's intake reads none of the outbox's rows**: the narrow columns are read only when a flow needs a row that
  was there at load, and intake needs none: a new case's mail is queued without reading the keys already in the tab
  (intake checks the new case id is unused, so no message can carry it) and it delivers only what it queued; other
  cases' waiting mail is the hourly sweep's. And its status row is appended with \`appendRow\` after a read of the
  status tab's header row, where the commit re-read the whole tab to find its end (rows are found again by code name
  only when one changes). Intake at 15 members, measured while making the two changes: 10 cases 14.4 to 14.1 to
  14.0 s, 1,000 cases 16.3 to 15.1 to 14.7 s, 10,000 cases 33.9 to 23.7 to 21.4 s.
* **A report's intake reads a few columns of the case history**: the code name and person codes need the case id,
  code name, response id, reporter, reported people, witnesses and flags of every case on file, and the status tab's
  code names, so intake asks for those columns of registry \`Cases\` and \`Archived Cases\` and for the status tab's
  header and \`Code Name\` column (its rows are read whole, with the header, only if something needs one), each only
  when the cost model says it costs less than the whole tab; a small registry is still read in one call. Every pass
  over the case rows reads what it needs of all of them in bulk, never a row at a time. At 10,000 cases intake read
  about 90,000 cells where it read 240,000: 21.5 to 17.8 s (72 to 79 round trips); 1,000 cases 14.8 to 14.7 s (only
  the status tab is big enough), 10 cases 14.1 s unchanged (measured while making the change).
* **Clearances are read narrow** (\`Case ID\`): a page about one case reads that column and the case's rows whole; an
  execution that asks about a second case reads every row in one more read (never a read per case). A screening answer
  (page and confirmation) at 15 members, measured while making the change: 1,000 cases 8.5 to 7.6 s, 10,000 cases
  31.4 to 20.3 s; the idle sweep, which reads the column before the rows, 6.7 to 7.1 s and 24.2 to 25.4 s.
* **A pass over many cases reads who decided what, not the whole Clearances rows**: from the second case an execution
  asks about it reads every row's \`Member ID\`, \`Decision\` and \`Share\` (the hourly sweep's stalls, reminders and audit
  need no more), and \`At\`, \`Via\` and \`Note\` of every row in one more read only when a flow first asks for one of
  them (src/records/clearances.ts; a row changed is still read whole first). The hourly sweep at 15 members, measured
  while making the change: 1,000 cases 6.3 to 6.1 s (Clearances 24,352 to 15,262 cells; 39 to 40 round trips),
  10,000 cases 25.7 to 23.0 s (242,392 to 151,537 cells); the idle sweep at 1,000 cases 9.6 to 9.5 s.

## Notes and what is left open

* **The bound counts no crash safety**: it is what the platform allows whatever the design, so the product's journal
  marks, flushes per commit point and audit log are part of what the ratio measures, with its reads of whole tabs.
* **The outbox holds every open case's messages** (one row per message, a few per member per case): the archive moves a
  closed case's rows, and its Audit lines, to the year's archive spreadsheet once it has been closed for the Settings'
  days, and brings them back if the case is reopened (the ten-year section above measures the registry in the state it
  keeps). What stays is proportional to the open cases: the 10,000-case worlds, with 2,000 open cases, keep about
  160,000 outbox rows, which every execution that sends mail reads narrow (\`Key\` and \`State\`), except a report's
  intake: it queues the new case's mail without reading the keys already there and sends only what it queued (the
  sweep sends other cases' waiting mail), so it reads the tab's header alone. A quiet hour reads the \`Key\` column for
  its deadline checks (whether each open case's acknowledgment, status email and reminders exist), not for delivery:
  a Script Property saying that no row waits, tried on a branch (perf-sweep) and not merged, saved only the \`State\`
  column (the hourly sweep at 10,000 cases 23.0 to 17.9 s, at 1,000 cases 6.1 to 5.6 s), for two more property calls
  on every page, 1.5 KB of bundle and a crash-safety rule on every write of the tab. Keeping sent keys out of the sheet
  altogether, or a next-due record that lets a quiet hour read no tab at all, is what would bring the sweep near its
  bound; neither is built.
* **The access audit cannot come within 2x of its bound by design**: the bound is Drive's changes feed alone, and the
  issue that set it also keeps the weekly full pass as the backstop for what the feed misses. The pass reads Docs from
  Drive's listing of the case folders, 100 a call, up to 2,000 a run (it read one Doc a call, 100 a run, before: a
  1,000-case pass took 10 hourly runs of 100 Files.get each, now one run of 10 listing pages). The audit's ratio and
  the idle sweep's (the first run of a pass) measure that pass.
* **Onboarding a member is one share and one Doc entry per case they are cleared for** (about a second of Google time per
  case). The onboarding page shares for at most 30 s and leaves the rest to the sweep, which shares while its time budget
  lasts and sends the member one email per run listing what it shared. With thousands of past cases that is hours of
  trigger time spread over days, which a consumer account's 90 minutes a day cannot absorb at 10,000 cases.
* **The sweep's CPU at 10,000 cases is about its 2 s target, and over it in this run**: 0.9 to 1.8 s over the runs
  of earlier stops, depending on what else shared the two CPUs; 1.83, 2.30, 2.19, 2.40 and 2.11 s in the last five
  full runs (the figure above is this run's). The host varies between runs more than the code does: at stop 47,
  minutes after its run, with nothing else running, five idle sweeps of the stop-46 bundle took at least 2.41 s of
  bundle CPU and five of stop 47's at least 1.91 s (a throwaway script); that stop's changes to the sweep's clearance
  records, archive summary lookups and mailbox lookups are in that difference. What is left is reading everything every hour: 10,000 cases parsed, 150,000 clearances indexed by case,
  one pass over 150,000 outbox keys, and the garbage all that leaves. Two things inflate it here and not on Apps Script: the
  emulator hands the bundle arrays made in another V8 context (gas-local), which slows the bundle's loops over them,
  and young-generation collections of garbage the emulator made can land in the bundle's time (full collections
  are rare during the operations: the column above). The archive (issue 17) now keeps closed cases (80% of them)
  out of the tabs the sweep reads, once they have been closed for the Settings' days.
* **Known optimism in the cost model**: \`Sheet.getLastRow\` and the grid-extent calls (\`getDataRange\`, \`getMaxRows\`…)
  are priced at DEFAULT_LATENCY's 80 ms, half the 160 ms a call that BUGBUGNOW measured; Drive, Docs and mail figures
  are planning figures, not measurements (no published timing was found). Raising them only raises the ratios above.
* **Sheet reads are priced per cell** (0.031 ms a cell read, 0.1 ms a cell written, on top of the call; the cost
  model above). Until issue 17 the model charged a flat 100 ms whatever the size, and left calls it did not list
  (\`getDataRange\`, \`Form.getResponses\`, \`File.setShareableByEditors\`, Docs element calls) free.
`;
