// Measures one benchmark operation: service calls per method from the emulator's execution records, round trips under the latency model, simulated time, and the CPU time of the bundle's own code with the emulator's share taken out.
import { constants, performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ExecutionRecord, Workspace } from '../../workbench';

/** Methods the emulator counts that are not service calls (execution log output, charged 0 ms). */
const NOT_SERVICE_CALLS = /^(Logger|console)\./;

/**
 * A round trip is a call the latency model charges more than 1 ms: it reaches a Google backend (a sheet
 * read, a Doc save, a share, an email, a lock, a property). Calls it charges 0–1 ms are builders and
 * accessors served from objects already in hand (getSheetByName, getRange, Body.appendParagraph, HMAC…).
 */
export function isRoundTrip(ws: Workspace, method: string): boolean {
  return !NOT_SERVICE_CALLS.test(method) && ws.rt.latencyOf(method) > 1;
}

export interface CpuSplit {
  /** Everything the execution spent, in ms. */
  totalMs: number;
  /** Inside emulated service methods (the emulator's own work, not the bundle's). */
  emulatorMs: number;
  /** Loading the bundle into a fresh global (parse + initialise), which the platform also does per execution. */
  loadMs: number;
  /** The bundle's own code: total − emulator − load. */
  bundleMs: number;
  /**
   * Full (mark-compact) collections during the execution, pauses and incremental marking: they trace the whole
   * heap, which here is mostly the emulated Workspace. Part of bundleMs; filled in by attributeGc() once V8 has
   * reported them.
   */
  fullGcMs?: number;
  /** The execution's wall-clock window (performance.now()), to match GC reports to it. */
  window?: [number, number];
}

const gcEntries: PerformanceEntry[] = [];
let gcObserver: PerformanceObserver | null = null;

/** Starts recording V8's garbage collections (reported asynchronously, a little after they happen). */
export function observeGc(): void {
  if (gcObserver) return;
  gcObserver = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
  gcObserver.observe({ entryTypes: ['gc'] });
}

/** Waits for V8's pending GC reports (they arrive on a later tick). */
export function gcReportsSettled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}

/** Full-collection time inside a measurement's window (call after gcReportsSettled()). */
export function attributeGc(cpu: CpuSplit): void {
  if (!cpu.window) return;
  const [from, to] = cpu.window;
  let ms = 0;
  for (const e of gcEntries) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR && kind !== constants.NODE_PERFORMANCE_GC_INCREMENTAL) continue;
    if (e.startTime >= from && e.startTime <= to) ms += e.duration;
  }
  cpu.fullGcMs = ms;
}

export interface Measurement {
  records: ExecutionRecord[];
  /** Calls per method, summed over the records (Logger/console left out). */
  calls: Record<string, number>;
  totalCalls: number;
  roundTrips: number;
  /** Round trips per service (`SpreadsheetApp`, `Range`, `MailApp`, …). */
  byService: Record<string, number>;
  simulatedMs: number;
  cpu: CpuSplit;
}

let gc: (() => void) | null | undefined;

/** A full collection, when V8 lets us ask for one (the flag can be set at run time). */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

function cpuNowMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Wraps the runtime's single door to the services and the facade's bundle loader, so the CPU time of an
 * execution can be split between the emulator, the bundle load and the bundle's own code.
 */
export class CpuMeter {
  private depth = 0;
  emulatorMs = 0;
  loadMs = 0;

  constructor(ws: Workspace) {
    const rt = ws.rt;
    const call = rt.call.bind(rt);
    rt.call = <T>(method: string, fn: () => T, options?: { sideEffect?: boolean }): T => {
      if (this.depth > 0) return call(method, fn, options);
      this.depth++;
      const start = cpuNowMs();
      try {
        return call(method, fn, options);
      } finally {
        this.emulatorMs += cpuNowMs() - start;
        this.depth--;
      }
    };
    // The facade re-loads the bundle at the start of every execution (as the platform does); time it apart.
    const host = ws as unknown as { loadContext: () => void };
    const load = host.loadContext.bind(ws);
    host.loadContext = () => {
      const start = cpuNowMs();
      try {
        load();
      } finally {
        this.loadMs += cpuNowMs() - start;
      }
    };
  }

  /**
   * Runs `body` and returns its CPU split. A full garbage collection runs first, outside the measurement, so an
   * execution does not pay for the garbage of what ran before it (seeding a 10,000-case world leaves a lot).
   */
  time<T>(body: () => T): { value: T; cpu: CpuSplit } {
    collectGarbage();
    observeGc();
    const emulator0 = this.emulatorMs;
    const load0 = this.loadMs;
    const wallStart = performance.now();
    const start = cpuNowMs();
    const value = body();
    const totalMs = cpuNowMs() - start;
    const wallEnd = performance.now();
    const emulatorMs = this.emulatorMs - emulator0;
    const loadMs = this.loadMs - load0;
    return {
      value,
      cpu: {
        totalMs,
        emulatorMs,
        loadMs,
        bundleMs: Math.max(0, totalMs - emulatorMs - loadMs),
        window: [wallStart, wallEnd],
      },
    };
  }
}

/** Sums execution records into one measurement. */
export function summarize(ws: Workspace, records: ExecutionRecord[], cpu: CpuSplit): Measurement {
  const calls: Record<string, number> = {};
  let totalCalls = 0;
  let roundTrips = 0;
  const byService: Record<string, number> = {};
  let simulatedMs = 0;
  for (const record of records) {
    simulatedMs += record.simulatedMs;
    for (const [method, n] of Object.entries(record.calls)) {
      if (NOT_SERVICE_CALLS.test(method)) continue;
      calls[method] = (calls[method] ?? 0) + n;
      totalCalls += n;
      if (isRoundTrip(ws, method)) {
        roundTrips += n;
        const service = method.split('.')[0];
        byService[service] = (byService[service] ?? 0) + n;
      }
    }
  }
  return { records, calls, totalCalls, roundTrips, byService, simulatedMs, cpu };
}
