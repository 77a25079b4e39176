// One row of benchmark results per (world size, operation): the measurement, its lower bound and the derived figures the table, the doc and the targets use.
import { COST_SOURCES, PUBLISHED_CELL_LATENCY, PUBLISHED_LATENCY, type Workspace } from '../../workbench';
import type { MailFigures } from './mail';
import type { BundleFigures, CapacityFigures, DailyEstimate, TargetResult } from './targets';
import type { HistoryPoint } from './ten-years';
import { isRoundTrip } from './measure';
import { lowerBound, type BoundContext, type LowerBound } from './lower-bound';
import type { Effects, OperationName, OperationResult } from './operations';

export interface ResultRow {
  cases: number;
  members: number;
  op: OperationName;
  executions: number;
  roundTrips: number;
  bound: LowerBound;
  /** Round trips over the bound's calls. */
  ratio: number;
  /** Simulated time over the bound's price (both under the cost model). */
  timeRatio: number;
  /** Every call the emulator counted (builders and accessors included), Logger/console excepted. */
  calls: number;
  /** Round trips per method. */
  byMethod: Record<string, number>;
  /** Round trips per service. */
  byService: Record<string, number>;
  /** Every call per service (builders and accessors included). */
  callsByService: Record<string, number>;
  /** Sheet reads (Range.getValues) and Drive reads, for the "reads do not grow" target. */
  sheetReads: number;
  driveReads: number;
  simulatedMs: number;
  /** The longest single execution of the operation. */
  maxExecutionMs: number;
  bundleCpuMs: number;
  loadCpuMs: number;
  emulatorCpuMs: number;
  /** Full collections during the execution (part of the CPU above; mostly tracing the emulated Workspace). */
  fullGcMs: number;
  effects: Effects;
  problems: string[];
}

const DRIVE_READS = new Set([
  'DriveApp.getFileById',
  'DriveApp.getFolderById',
  'Drive.Files.get',
  'Drive.Permissions.list',
  'Drive.Permissions.get',
  'File.getEditors',
  'File.getSharingAccess',
]);

export function toRow(
  ws: Workspace,
  cases: number,
  members: number,
  result: OperationResult,
  context: Partial<BoundContext> = {},
): ResultRow {
  const m = result.measurement;
  const bound = lowerBound(result.op, result.effects, { members, cases, ...context });
  const byMethod: Record<string, number> = {};
  for (const [method, n] of Object.entries(m.calls)) if (isRoundTrip(ws, method)) byMethod[method] = n;
  const callsByService: Record<string, number> = {};
  for (const [method, n] of Object.entries(m.calls)) {
    const service = method.split('.')[0];
    callsByService[service] = (callsByService[service] ?? 0) + n;
  }
  let driveReads = 0;
  for (const [method, n] of Object.entries(byMethod)) if (DRIVE_READS.has(method)) driveReads += n;
  return {
    cases,
    members,
    op: result.op,
    executions: m.records.length,
    roundTrips: m.roundTrips,
    bound,
    ratio: bound.total ? m.roundTrips / bound.total : 1,
    timeRatio: bound.ms ? m.simulatedMs / bound.ms : 1,
    calls: m.totalCalls,
    byMethod,
    byService: m.byService,
    callsByService,
    sheetReads: byMethod['Range.getValues'] ?? 0,
    driveReads,
    simulatedMs: m.simulatedMs,
    maxExecutionMs: Math.max(0, ...m.records.map((r) => r.simulatedMs)),
    bundleCpuMs: m.cpu.bundleMs,
    loadCpuMs: m.cpu.loadMs,
    emulatorCpuMs: m.cpu.emulatorMs,
    fullGcMs: m.cpu.fullGcMs ?? Number.NaN,
    effects: result.effects,
    problems: result.problems,
  };
}

/** Everything one run measured, as docs/benchmarks.json (written by the same run as docs/benchmarks.md). */
export function resultsJson(d: {
  rows: ResultRow[];
  targets: TargetResult[];
  bundle: BundleFigures;
  day: DailyEstimate | null;
  capacity: CapacityFigures[];
  history: HistoryPoint[];
  mail: MailFigures | null;
  command: string;
}): unknown {
  return {
    command: d.command,
    costModel: { latencyMs: PUBLISHED_LATENCY, cellMs: PUBLISHED_CELL_LATENCY, sources: COST_SOURCES },
    bundle: d.bundle,
    targets: d.targets,
    rows: d.rows,
    day: d.day,
    capacity: d.capacity,
    history: d.history,
    mail: d.mail,
  };
}
