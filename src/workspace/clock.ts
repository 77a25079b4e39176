// Clock and ids for one execution: the current time, opaque ids, a seeded random source, the members' time zone and the time budget.
import { isoOf } from '../core/deadlines';

/** What saving one changed Doc at commit is expected to cost (Docs round trip), for the time budget. */
export const DOC_SAVE_MS = 250;
/**
 * A sheet write and a flush, and each cell written, as the time budget estimates a commit: one setValues of 4,000
 * cells took about 610 ms once flushed, about 120 ms of it the call and 100 ms the flush (a measurement quoted on Stack
 * Overflow, "What is faster: ScriptDb or SpreadsheetApp?"; platform reference §4.2 gives 50–150 ms a batch write).
 */
export const SHEET_WRITE_MS = 120;
export const SHEET_FLUSH_MS = 100;
export const CELL_WRITE_MS = 0.1;
/**
 * A sheet read and each cell it returns, as a table weighs a narrow read: one getValues() of 240,000 text cells took
 * about 7.4 s, 0.031 ms a cell (a measurement published on qiita.com, platform reference §4.2), on top of the call
 * itself (50–150 ms a batch read, §4.2).
 */
export const SHEET_READ_MS = 100;
export const CELL_READ_MS = 0.031;
/** A structural change (rows deleted or inserted): no published measurement; planned as a tab inserted, 200 ms. */
export const ROW_DELETE_MS = 200;

/** Stop starting new work this long after the execution began (the platform kills at 6 minutes). */
export const DEFAULT_TIME_BUDGET_MS = 4.5 * 60 * 1000;

/**
 * A member is waiting for the page: it starts slow work (Doc shares, about a second each) for at most this long and
 * leaves the rest to the hourly sweep. With years of cases or a big committee the page would otherwise take minutes.
 */
export const PAGE_WORK_MS = 30 * 1000;

/** Elapsed and remaining time of this execution against its budget. */
export class TimeBudget {
  /**
   * `owedMs` is work already started that will cost time later in this execution (Doc saves at commit):
   * loops that check the budget must leave room for it, or a sweep that touched hundreds of Docs overruns
   * its budget while saving them.
   */
  constructor(
    readonly startedAt: number,
    readonly limitMs: number,
    private readonly owedMs: () => number = () => 0,
  ) {}
  elapsed(): number {
    return Date.now() - this.startedAt;
  }
  remaining(): number {
    return this.limitMs - this.elapsed() - this.owedMs();
  }
  /** True when less than `reserveMs` is left. */
  exhausted(reserveMs = 0): boolean {
    return this.remaining() <= reserveMs;
  }
  /**
   * True while a page may start more slow work for the member waiting for it (PAGE_WORK_MS), a minute of the
   * execution kept for what follows the work (the commit, the mail).
   */
  pageHasTime(): boolean {
    return this.elapsed() <= PAGE_WORK_MS && !this.exhausted(60 * 1000);
  }
}

/**
 * Time and ids. `uuid` is the platform's random UUID (Utilities.getUuid) and `readTimeZone` reads the status
 * spreadsheet's zone; both are passed in so a test can build a Clock from plain functions.
 */
export class Clock {
  private rng: (() => number) | null = null;
  private zone: string | null = null;

  constructor(
    private readonly uuid: () => string,
    private readonly readTimeZone: () => string,
  ) {}

  now(): number {
    return Date.now();
  }

  nowIso(): string {
    return isoOf(this.now());
  }

  /** An opaque id: prefix + 12 hex characters of a random UUID (never derived from a person). */
  newId(prefix: string): string {
    return prefix + this.uuid().replace(/-/g, '').slice(0, 12);
  }

  /** A random source for this execution (code names), seeded from one random UUID. */
  random(): () => number {
    if (!this.rng) this.rng = seededRandom(this.uuid());
    return this.rng;
  }

  /** The status spreadsheet's time zone (what members see), read once and only when asked for. */
  timeZone(): string {
    if (this.zone === null) this.zone = this.readTimeZone() || 'Etc/UTC';
    return this.zone;
  }
}

/** xorshift128 seeded from a UUID's 128 bits: reproducible under the emulator's seeded getUuid. */
export function seededRandom(uuid: string): () => number {
  const hex = (uuid.replace(/[^0-9a-f]/gi, '') + '0'.repeat(32)).slice(0, 32);
  const state = [0, 8, 16, 24].map((i) => parseInt(hex.slice(i, i + 8), 16) >>> 0);
  if (!state.some((s) => s !== 0)) state[0] = 1;
  return () => {
    let t = state[3];
    const s = state[0];
    state[3] = state[2];
    state[2] = state[1];
    state[1] = s;
    t ^= t << 11;
    t ^= t >>> 8;
    state[0] = (t ^ s ^ (s >>> 19)) >>> 0;
    return state[0] / 4294967296;
  };
}

/** An execution's time now, in milliseconds: one short call for the many places that ask (a smaller bundle). */
export function readNow(ctx: { clock: Clock }): number {
  return ctx.clock.now();
}

/** An execution's time now, as ISO text (for records and stamps). */
export function readNowIso(ctx: { clock: Clock }): string {
  return ctx.clock.nowIso();
}

/** True when the execution `ctx` has less than `reserveMs` of its time left (`TimeBudget.exhausted`). */
export function outOfTime(ctx: { timeBudget: TimeBudget }, reserveMs?: number): boolean {
  return ctx.timeBudget.exhausted(reserveMs);
}
