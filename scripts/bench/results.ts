// One row of benchmark results per (world size, operation): the measurement, its lower bound and the derived figures the table, the doc and the targets use.
import type { Workspace } from '../../workbench';
import { isRoundTrip } from './measure';
import { lowerBound, type LowerBound } from './lower-bound';
import type { Effects, OperationName, OperationResult } from './operations';

export interface ResultRow {
  cases: number;
  members: number;
  op: OperationName;
  executions: number;
  roundTrips: number;
  bound: LowerBound;
  ratio: number;
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

export function toRow(ws: Workspace, cases: number, members: number, result: OperationResult): ResultRow {
  const m = result.measurement;
  const bound = lowerBound(result.op, result.effects, { members });
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
