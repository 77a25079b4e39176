// `npm run bench`: measures every operation of the built bundle on seeded worlds of 10 to 10,000 cases and 5 to 50 members, prices them with the published cost model, prints the table, checks the targets of issues 7 and 17 (the ten-year projection included), and writes docs/benchmarks.md, docs/benchmarks.json and the chart (`--smoke`: a quick CI run that only prints and checks).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { attributeGc, CpuMeter, gcReportsSettled } from './bench/measure';
import {
  auditShare,
  answerTheRest,
  openVote,
  runBallot,
  runDueSweep,
  runHourlySweep,
  settleAudit,
  settleChores,
  startAuditPass,
  runIdleSweep,
  runIntake,
  runOnboarding,
  runRoster,
  runScreening,
  type OperationResult,
} from './bench/operations';
import {
  benchmarksMarkdown,
  chartSvg,
  consoleTable,
  machine,
  mailMarkdown,
  renderPng,
  replaceMailSection,
  targetsTable,
} from './bench/report';
import { measureMail, type MailFigures } from './bench/mail';
import { resultsJson, toRow, type ResultRow } from './bench/results';
import {
  estimateDay,
  evaluateMailTargets,
  evaluateTargets,
  type BundleFigures,
  type CapacityFigures,
  type TargetResult,
} from './bench/targets';
import { evaluateHistory, measureHistory, type HistoryPoint } from './bench/ten-years';
import { createWorld, gridCells, type World } from './bench/world';

const ROOT = join(__dirname, '..');

export interface BenchOptions {
  smoke: boolean;
  sizes: Array<{ cases: number; members: number }>;
  write: boolean;
  quiet: boolean;
  /** The mail figures (issue 15): with the worlds, not at all (custom sizes), or alone (`--mail`). */
  mail: 'with' | 'none' | 'only';
  /** The ten-year projection (issue 17): in the full run, or with `--history`. */
  history: boolean;
  /** Internal: this process measures one part alone and writes its figures to `out` (see `measureApart`). */
  part?: { part: Part; out: string };
}

/** What one process measures alone: a world of the table, or a point of the ten-year projection. */
export type Part = { kind: 'world'; cases: number; members: number } | { kind: 'history'; years: number };

type PartFigures = { rows: ResultRow[]; capacity: CapacityFigures } | HistoryPoint;

/** `world:1000x15` or `history:10`, as the parent passes it to a child. */
export function partArg(part: Part): string {
  return part.kind === 'world' ? `world:${part.cases}x${part.members}` : `history:${part.years}`;
}

export function parsePart(text: string): Part {
  const world = /^world:(\d+)x(\d+)$/.exec(text);
  if (world) return { kind: 'world', cases: Number(world[1]), members: Number(world[2]) };
  const history = /^history:(\d+)$/.exec(text);
  if (history) return { kind: 'history', years: Number(history[1]) };
  throw new Error(`bench: --part takes world:<cases>x<members> or history:<years>, not ${text}`);
}

/** The full matrix, largest worlds last. 10,000 cases are measured with the typical roster of 15 only, to keep the run near ten minutes. */
export const FULL_SIZES = [10, 100, 1000, 10000].flatMap((cases) =>
  [5, 15, 50].filter((m) => cases < 10000 || m === 15).map((members) => ({ cases, members })),
);
export const SMOKE_SIZES = [10, 100].map((cases) => ({ cases, members: 5 }));

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    smoke: false,
    sizes: FULL_SIZES,
    write: true,
    quiet: false,
    mail: 'with',
    history: true,
  };
  let cases: number[] | null = null;
  let members: number[] | null = null;
  let part: string | null = null;
  let partOut: string | null = null;
  for (const arg of argv) {
    if (arg.startsWith('--part=')) part = arg.slice(7);
    else if (arg.startsWith('--part-out=')) partOut = arg.slice(11);
    else if (arg === '--smoke') {
      options.smoke = true;
      options.sizes = SMOKE_SIZES;
      options.write = false;
      options.history = false;
    } else if (arg === '--history') options.history = true;
    else if (arg === '--no-history') options.history = false;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--write') options.write = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--mail') {
      options.mail = 'only';
      options.sizes = [];
      options.history = false;
    } else if (arg === '--no-mail') options.mail = 'none';
    else if (arg.startsWith('--cases=')) cases = arg.slice(8).split(',').map(Number);
    else if (arg.startsWith('--members=')) members = arg.slice(10).split(',').map(Number);
    else
      throw new Error(
        `bench: unknown option ${arg} (use --smoke, --mail, --no-mail, --history, --no-history, --cases=10,100, --members=5,15, --no-write)`,
      );
  }
  if (cases || members) {
    const cs = cases ?? [10, 100, 1000];
    const ms = members ?? [5, 15, 50];
    if ([...cs, ...ms].some((n) => !Number.isInteger(n) || n < 1))
      throw new Error('bench: --cases and --members take positive whole numbers');
    options.sizes = cs.flatMap((c) => ms.map((m) => ({ cases: c, members: m })));
    if (!argv.includes('--write')) options.write = false;
    if (options.mail === 'with') options.mail = 'none';
    if (!argv.includes('--history')) options.history = false;
  }
  if (part !== null || partOut !== null) {
    if (part === null || !partOut) throw new Error('bench: --part and --part-out go together');
    options.part = { part: parsePart(part), out: partOut };
  }
  return options;
}

/**
 * Size of build/Code.js and the time to parse and initialise it in a fresh context, each run with a source V8
 * has not cached. The fastest run is the figure (whatever else the machine runs can only add to it); the
 * median is reported next to it.
 */
export function measureBundle(codePath = join(ROOT, 'build', 'Code.js'), runs = 11): BundleFigures {
  const code = readFileSync(codePath, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const source = `${code}\n// run ${i} ${Date.now()} ${Math.random()}`;
    const context = vm.createContext({});
    const start = process.hrtime.bigint();
    new vm.Script(source, { filename: 'Code.js' }).runInContext(context);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    bytes: Buffer.byteLength(code, 'utf8'),
    loadMs: times[0],
    loadMedianMs: times[Math.floor(times.length / 2)],
  };
}

/** Every operation on one world, in an order where each leaves the next a realistic state. */
export async function measureWorld(world: World, log: (line: string) => void): Promise<OperationResult[]> {
  const meter = new CpuMeter(world.ws);
  const out: OperationResult[] = [];
  // V8 reports collections a tick later: wait for them, then attach the full collections to the operation.
  const settle = async (result: OperationResult) => {
    await gcReportsSettled();
    attributeGc(result.measurement.cpu);
  };
  const step = async (label: string, run: () => OperationResult) => {
    const result = run();
    await settle(result);
    out.push(result);
    log(
      `  ${label}: ${result.measurement.roundTrips} round trips, ${(result.measurement.simulatedMs / 1000).toFixed(1)} s simulated`,
    );
    return result;
  };
  settleChores(world);
  startAuditPass(world);
  const idle = await step('idle sweep', () => runIdleSweep(world, meter));
  out.push(auditShare(world, idle));
  // The CPU target is the idle sweep's: take the cheapest of three runs (each a pass's first; a later run may also
  // find a case that just reached its weekly status email, which only adds), since whatever else the machine runs
  // can only add to it.
  for (let i = 0; i < 2; i++) {
    startAuditPass(world);
    const again = runIdleSweep(world, meter);
    await settle(again);
    if (again.measurement.cpu.bundleMs < idle.measurement.cpu.bundleMs) idle.measurement.cpu = again.measurement.cpu;
  }
  // The typical hour: once the audit's full pass is done, a sweep reads only the changes feed (measured where the pass
  // takes at most 10 runs).
  if (settleAudit(world, 11)) await step('hourly sweep', () => runHourlySweep(world, meter));
  await step('intake', () => runIntake(world, meter));
  await step('screening answer', () => runScreening(world, meter, 0));
  // Two more voting members clear themselves so the vote has three eligible voters (not measured).
  runScreening(world, meter, 1);
  runScreening(world, meter, 2);
  answerTheRest(world, 3);
  openVote(world);
  await step('ballot', () => runBallot(world, meter, 1, 'ballot'));
  await step('deciding ballot', () => runBallot(world, meter, 2, 'ballot-deciding'));
  const roster = runRoster(world, meter, 1);
  await settle(roster.result);
  out.push(roster.result);
  log(`  roster sync: ${roster.result.measurement.roundTrips} round trips`);
  await step('onboarding', () => runOnboarding(world, meter, roster.email));
  // Last: a week without a sweep leaves every open case due (and the onboarding's leftover shares pending).
  await step('due sweep', () => runDueSweep(world, meter));
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  const log = (line: string) => {
    if (!options.quiet) console.log(line);
  };
  const started = Date.now();
  if (options.part) {
    writeFileSync(options.part.out, JSON.stringify(await measurePart(options.part.part, log)));
    return 0;
  }
  if (options.mail === 'only') return mailOnly(options, argv, log);
  const bundle = measureBundle();
  const rows: ResultRow[] = [];
  const capacity: CapacityFigures[] = [];
  for (const size of options.sizes) {
    const figures = measureApart({ kind: 'world', ...size }, options.quiet) as {
      rows: ResultRow[];
      capacity: CapacityFigures;
    };
    rows.push(...figures.rows);
    capacity.push(figures.capacity);
  }
  const day = estimateDay(rows, 1000, 15);
  const history: HistoryPoint[] = [];
  if (options.history)
    for (const years of [1, 10]) history.push(measureApart({ kind: 'history', years }, options.quiet) as HistoryPoint);
  const mail: MailFigures | null = options.mail === 'with' ? measureMail({ smoke: options.smoke, log }) : null;
  const mailTargets = mail ? evaluateMailTargets(mail) : [];
  const targets = [...evaluateTargets(rows, bundle, day, capacity), ...evaluateHistory(history), ...mailTargets];
  console.log('');
  console.log(consoleTable(rows));
  console.log('');
  console.log(targetsTable(targets));
  const wallSeconds = (Date.now() - started) / 1000;
  console.log(`\nbench: ${options.sizes.length} world(s) in ${wallSeconds.toFixed(0)} s`);
  if (options.write) {
    const chartMembers = options.sizes.some((s) => s.members === 15) ? 15 : options.sizes[0].members;
    const svg = chartSvg(rows, chartMembers);
    writeFileSync(join(ROOT, 'docs', 'benchmarks.svg'), svg);
    const png = await renderPng(svg, join(ROOT, 'docs', 'benchmarks.png'));
    if (!png) console.log('bench: /usr/bin/chromium not found; wrote docs/benchmarks.svg only');
    const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
    writeFileSync(
      join(ROOT, 'docs', 'benchmarks.md'),
      benchmarksMarkdown({
        rows,
        targets,
        bundle,
        day,
        machine: machine(),
        chartMembers,
        capacity,
        history,
        wallSeconds,
        command,
        ...(mail ? { mail: { figures: mail, targets: mailTargets } } : {}),
      }),
    );
    writeFileSync(
      join(ROOT, 'docs', 'benchmarks.json'),
      `${JSON.stringify(resultsJson({ rows, targets, bundle, day, capacity, history, mail, command }), null, 1)}\n`,
    );
    console.log('bench: wrote docs/benchmarks.md, docs/benchmarks.json, docs/benchmarks.svg and docs/benchmarks.png');
  }
  return exitCode(targets);
}

/**
 * Every missed target is printed; only those the product claims fail the run (CI's smoke run guards regressions).
 * Aspirations (issue 17's 2x design-independent bound, the ten-year projection) are reported missed, never hidden; so is
 * a host-timed figure within twice its target (a busy CI machine's milliseconds are no regression).
 */
export function exitCode(targets: TargetResult[]): number {
  const missed = targets.filter((t) => t.verdict === 'missed');
  if (missed.length) console.log(`bench: ${missed.length} target(s) missed: ${missed.map((t) => t.id).join(', ')}`);
  const failing = missed.filter((t) => !t.aspiration && !t.hostTimed);
  const spared = (why: string, which: TargetResult[]) =>
    which.length && console.log(`bench: of them ${why}: ${which.map((t) => t.id).join(', ')}`);
  spared(
    'aspirations (reported, not failing the run)',
    missed.filter((t) => t.aspiration),
  );
  spared(
    'timed on this host and within twice the target (reported, not failing the run)',
    missed.filter((t) => t.hostTimed),
  );
  return failing.length ? 1 : 0;
}

/**
 * Measures one part in a process of its own and returns its figures. Each world is a fresh Workspace with its own
 * fixed seed, but in one process a world ran on the heap, code caches and compiled code the worlds before it left: the
 * 10,000-case idle sweep took 2.05 s of CPU as the tenth world of the full run and 1.36 s alone (stop 52). Apart, no
 * figure depends on the order the parts are run in.
 */
export function measureApart(part: Part, quiet: boolean): PartFigures {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-desk-bench-'));
  const out = join(dir, 'figures.json');
  try {
    // The same node and loader (tsx) as this process: its execArgv carries them.
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, `--part=${partArg(part)}`, `--part-out=${out}`, ...(quiet ? ['--quiet'] : [])],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (child.status !== 0)
      throw new Error(`bench: measuring ${partArg(part)} failed (exit ${child.status ?? child.signal ?? child.error})`);
    return JSON.parse(readFileSync(out, 'utf8')) as PartFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of one part, measured in this process (the child's side of `measureApart`). */
async function measurePart(part: Part, log: (line: string) => void): Promise<PartFigures> {
  if (part.kind === 'history') return measureHistory(part.years, log);
  const size = { cases: part.cases, members: part.members };
  const t0 = Date.now();
  const world = createWorld(size);
  log(`world ${size.cases} cases x ${size.members} members seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const capacity: CapacityFigures = {
    ...size,
    rows: world.rows,
    cells: { registry: gridCells(world.ws, world.ids.registry), status: gridCells(world.ws, world.ids.status) },
  };
  const context = { openCases: world.spec.openCases };
  const rows = (await measureWorld(world, log)).map((result) =>
    toRow(world.ws, size.cases, size.members, result, context),
  );
  return { rows, capacity };
}

/** `--mail`: the mail figures alone, written in place of docs/benchmarks.md's `## Mail` section. */
function mailOnly(options: BenchOptions, argv: string[], log: (line: string) => void): number {
  const started = Date.now();
  const mail = measureMail({ smoke: options.smoke, log });
  const targets = evaluateMailTargets(mail);
  console.log('');
  console.log(targetsTable(targets));
  console.log(`\nbench: mail figures in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (options.write) {
    const path = join(ROOT, 'docs', 'benchmarks.md');
    const command = `npm run bench -- ${argv.join(' ')}`;
    writeFileSync(path, replaceMailSection(readFileSync(path, 'utf8'), mailMarkdown(mail, targets, command)));
    console.log('bench: wrote the Mail section of docs/benchmarks.md');
  }
  const missed = targets.filter((t) => t.verdict === 'missed');
  if (missed.length) console.log(`bench: ${missed.length} target(s) missed: ${missed.map((t) => t.id).join(', ')}`);
  return missed.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(2);
    },
  );
}
