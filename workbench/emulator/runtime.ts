// The emulator's kernel: virtual clock, executions, per-call accounting, latency, fault injection and crash points.
//
// Every emulated service method goes through Runtime.call(), which is where the emulator counts calls,
// charges simulated time, enforces the 6-minute budget, injects faults with the real messages and kills
// executions at chosen side-effecting calls (crash-recovery tests). Service implementations live in
// sibling files and never bypass call().

import { localizeMessage, type Locale } from './locale';
import { scopeMissingMessage, scopeOf } from './scopes';

/** An error shaped like the ones Apps Script services throw (`name === 'Exception'`). */
export class GasException extends Error {
  constructor(message: string, name = 'Exception') {
    super(message);
    this.name = name;
  }
}

export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
/** What the platform says when it ends an execution (platform reference §3). */
export const MAX_EXECUTION_TIME_MESSAGE = 'Exceeded maximum execution time';

/**
 * Thrown when an execution is killed (the 6-minute limit, an injected crash, a `kill` fault). The bundle sees what
 * the platform throws, "Exceeded maximum execution time", and nothing that names the emulator; why the emulator
 * ended it (`reason`) goes to the execution record. Cannot be "survived": every later call in the same execution
 * throws it again.
 */
export class ExecutionKilled extends Error {
  constructor(readonly reason: string) {
    super(MAX_EXECUTION_TIME_MESSAGE);
    this.name = 'Error';
  }
}

/** The execution record's error for a killed execution: the platform's message, then the emulator's reason when it differs. */
function killedError(reason: string): string {
  return reason === MAX_EXECUTION_TIME_MESSAGE
    ? MAX_EXECUTION_TIME_MESSAGE
    : `${MAX_EXECUTION_TIME_MESSAGE} — ${reason}`;
}

export type ExecutionKind = 'editor' | 'trigger' | 'web' | 'ui';

export interface ExecutionInfo {
  id: number;
  kind: ExecutionKind;
  /** Handler or function name that started the execution. */
  fn: string;
  activeUser: string;
  effectiveUser: string;
  startedAt: number;
}

export interface ExecutionRecord extends ExecutionInfo {
  endedAt: number;
  simulatedMs: number;
  calls: Record<string, number>;
  /** Cells read by getValues/getDisplayValues, by `<spreadsheet id>/<tab>`: what an execution reads, where. */
  cellsRead: Record<string, number>;
  /** Drive v3 Files.get reads by file id (the access audit's unit of work). */
  filesRead: Record<string, number>;
  sideEffects: number;
  outcome: 'ok' | 'error' | 'killed';
  error?: string;
}

/**
 * A fault to inject. `call` is a method key such as `MailApp.sendEmail` or `Drive.Permissions.create`
 * (`*` matches every method). Either `nth` (1-based, counted over the whole run for that key) or `chance`
 * (0..1, drawn from the seeded generator) selects the calls that fail. `kill: true` ends the execution
 * instead of throwing a catchable service error.
 */
export interface FaultSpec {
  call: string;
  nth?: number;
  /** Fail this many consecutive matching calls starting at nth (default 1). */
  times?: number;
  chance?: number;
  message?: string;
  kill?: boolean;
  /**
   * The call takes effect, then throws: a send Google accepted whose answer was lost. Google documents no such
   * case and promises none away; the stricter reading, since a server error says nothing of what was done.
   */
  after?: boolean;
}

/** Per-call simulated latency in ms, by method key, by service prefix (`MailApp`), or `default`. */
export type LatencyModel = Record<string, number>;

/**
 * Default latencies, orders of magnitude from apps-script-platform.md §4.2: batch sheet reads/writes
 * ~100 ms, Doc creation / sharing / mail several hundred ms, Properties ~30–60 ms, builder-style calls
 * that do not reach a backend (getSheetByName, getRange, getBody…) ~0 ms.
 */
export const DEFAULT_LATENCY: LatencyModel = {
  default: 0,
  'SpreadsheetApp.openById': 150,
  'SpreadsheetApp.create': 800,
  'SpreadsheetApp.flush': 100,
  'Range.getValues': 100,
  'Range.getDisplayValues': 100,
  'Range.getValue': 100,
  'Range.setValues': 120,
  'Range.setValue': 120,
  'Range.setNumberFormat': 60,
  'Range.setDataValidation': 60,
  'Range.setBackground': 60,
  'Range.setBackgrounds': 60,
  'Range.setNote': 60,
  'Sheet.appendRow': 150,
  'Sheet.getLastRow': 80,
  'Sheet.protect': 100,
  'Sheet.insertSheet': 200,
  'Spreadsheet.insertSheet': 200,
  'Spreadsheet.addEditor': 400,
  'Spreadsheet.removeEditor': 400,
  'DocumentApp.openById': 300,
  'DocumentApp.create': 1200,
  'Document.saveAndClose': 200,
  'DriveApp.getFileById': 200,
  'DriveApp.getFolderById': 200,
  'DriveApp.createFolder': 500,
  'File.setSharing': 300,
  'File.moveTo': 300,
  'File.getEditors': 150,
  'File.getSharingAccess': 100,
  'File.addEditor': 600,
  'File.removeEditor': 400,
  'Drive.Permissions.create': 500,
  'Drive.Permissions.list': 200,
  'Drive.Permissions.delete': 400,
  'Drive.Permissions.remove': 400,
  'Drive.Permissions.get': 200,
  // One metadata read, like Permissions.list (it can return the permissions too).
  'Drive.Files.get': 200,
  // Sharing through the other Docs-editors classes costs what File sharing costs.
  'Document.addEditor': 600,
  'Document.removeEditor': 400,
  'Folder.addEditor': 600,
  'Folder.removeEditor': 400,
  'Folder.setSharing': 300,
  'Form.addEditor': 600,
  'Form.removeEditor': 400,
  'MailApp.sendEmail': 500,
  'MailApp.getRemainingDailyQuota': 50,
  // The Gmail advanced service: one REST call each, costed like the Drive advanced service's reads and writes (no
  // published figure for Gmail from Apps Script).
  'Gmail.Users.Threads.list': 200,
  'Gmail.Users.Threads.get': 200,
  'Gmail.Users.Messages.get': 200,
  'Gmail.Users.Messages.list': 200,
  'Gmail.Users.Messages.modify': 300,
  'FormApp.create': 1000,
  'FormApp.openById': 300,
  'PropertiesService.getScriptProperties': 0,
  'Properties.getProperty': 30,
  'Properties.getProperties': 40,
  'Properties.setProperty': 60,
  'Properties.setProperties': 60,
  'Properties.deleteProperty': 50,
  'ScriptApp.getProjectTriggers': 150,
  'ScriptApp.deleteTrigger': 200,
  'TriggerBuilder.create': 300,
  'Lock.waitLock': 20,
  'Lock.tryLock': 20,
  'Utilities.computeHmacSha256Signature': 1,
};

/** A small deterministic PRNG (mulberry32), so seeded fault runs reproduce exactly. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RuntimeOptions {
  /** Virtual epoch ms at start. */
  start: number;
  latency?: LatencyModel;
  faults?: FaultSpec[];
  seed?: number;
  /** The account's language: service errors (injected faults included) reach the script in it. Default `en`. */
  locale?: Locale;
  /** Per-cell ms on top of a call's latency (`Range.getValues`: ms per cell read); none by default. */
  cellLatency?: LatencyModel;
}

interface ActiveExecution extends ExecutionInfo {
  simulatedMs: number;
  calls: Record<string, number>;
  cellsRead: Record<string, number>;
  filesRead: Record<string, number>;
  sideEffects: number;
  killed: string | null;
  /** Hooks run when the execution ends normally (flush buffered sheet writes, save Docs). */
  onCommit: Array<() => void>;
  /** Hooks run at every end, killed or not (release locks). */
  onEnd: Array<() => void>;
}

/**
 * Options for one call. `sideEffect` marks calls that change state outside the execution (writes,
 * shares, mail, trigger changes); crash tests kill executions at these. `latencyKey` overrides the key
 * used for latency lookup.
 */
export interface CallOptions {
  sideEffect?: boolean;
}

export class Runtime {
  private nowMs: number;
  readonly latency: LatencyModel;
  /** The cell-proportional part of sheet reads and writes (cost-model.ts); empty unless asked for. */
  readonly cellLatency: LatencyModel;
  /** Every fault list this runtime was given, kept so a fault that never named a call made here can be reported. */
  private readonly faultLists: FaultSpec[][] = [];
  private currentFaults: FaultSpec[] = [];
  get faults(): FaultSpec[] {
    return this.currentFaults;
  }
  set faults(list: FaultSpec[]) {
    this.currentFaults = list;
    this.faultLists.push(list);
  }
  /** The account's language (service error messages follow it). */
  locale: Locale;
  readonly random: () => number;
  /** Totals over the whole run, per method key. */
  readonly totals: Record<string, number> = {};
  readonly executions: ExecutionRecord[] = [];
  private current: ActiveExecution | null = null;
  private nextExecutionId = 1;
  /**
   * Crash plan: when set, the execution whose id (or the next execution, if `execution` is omitted)
   * reaches its `atSideEffect`-th side-effecting call is killed before that call happens.
   */
  crashPlan: { atSideEffect: number; execution?: number } | null = null;
  /**
   * An account's address since its Workspace admin renamed it (original → primary). Only Session reports the new one:
   * the account is the same (its triggers, files and mail stay), the old address "uses the same mailbox" as an alias
   * (Directory API, Manage user aliases), and Drive goes on listing the original address (GAM issue
   * taers232c/GAMADV-XTD3#297: "print drivefileacls appears to report the user's original email address (which is a
   * current alias)"). ❓ Google documents no Session behaviour for a rename: the stricter case, the new primary address.
   */
  readonly primaryAddress = new Map<string, string>();
  /**
   * Scopes an account (lower-case address) left unticked on Google's granular consent screen (scopes.ts): its calls
   * that need one fail. `untickOnPrompt`: what the account leaves unticked when ScriptApp.requireAllScopes shows the
   * consent prompt again in an editor run (default nothing: it grants them all).
   */
  readonly ungranted = new Map<string, Set<string>>();
  untickOnPrompt: string[] = [];
  /** Charges a call to the daily quotas of the user it runs as (daily-quota.ts); throws when one is spent. */
  meter: ((method: string, user: string) => void) | null = null;

  constructor(options: RuntimeOptions) {
    this.nowMs = options.start;
    this.latency = { ...DEFAULT_LATENCY, ...(options.latency ?? {}) };
    this.cellLatency = { ...(options.cellLatency ?? {}) };
    this.faults = options.faults ?? [];
    this.random = createRandom(options.seed ?? 1);
    this.locale = options.locale ?? 'en';
    liveRuntimes.push(this);
  }

  /**
   * Targeted faults (`nth`; not yet reported) whose `call` names no method this runtime ever ran: a misspelled key
   * (`MailApp.send`) or a call the code under test never makes. Such a fault is never injected, and a test built on
   * it passes without testing anything. Reported once each. A fault by `chance` is left out: the property runs give a
   * whole list of services a chance to fail, and a short history makes only some of their calls.
   */
  takeFaultsNeverMatched(): FaultSpec[] {
    const out: FaultSpec[] = [];
    for (const list of this.faultLists) {
      for (const fault of list) {
        if (reportedFaults.has(fault)) continue;
        reportedFaults.add(fault);
        if (fault.nth !== undefined && fault.call !== '*' && !(fault.call in this.totals)) out.push(fault);
      }
    }
    return out;
  }

  now(): number {
    return this.nowMs;
  }

  /** Moves the virtual clock forward (never backward). Trigger firing is the Workspace's job. */
  advanceClock(ms: number): void {
    if (ms < 0) throw new Error('the virtual clock only moves forward');
    this.nowMs += ms;
  }

  setClock(ms: number): void {
    if (ms < this.nowMs) throw new Error('the virtual clock only moves forward');
    this.nowMs = ms;
  }

  get execution(): ExecutionInfo | null {
    return this.current;
  }

  /** The active execution, or an error naming what needed one (services are only reachable inside executions). */
  requireExecution(what: string): ExecutionInfo {
    if (!this.current) throw new Error(`Emulator: ${what} was called outside an execution`);
    return this.current;
  }

  onCommit(hook: () => void): void {
    this.current?.onCommit.push(hook);
  }

  onEnd(hook: () => void): void {
    this.current?.onEnd.push(hook);
  }

  /**
   * Runs `body` as one execution. Executions do not nest: the emulator runs them one after another,
   * as the real platform would serialise them behind the script lock.
   */
  runExecution<T>(
    info: Omit<ExecutionInfo, 'id' | 'startedAt'>,
    body: () => T,
  ): { value?: T; record: ExecutionRecord; error?: unknown } {
    if (this.current) throw new Error(`Emulator: execution ${info.fn} started while ${this.current.fn} is running`);
    const exec: ActiveExecution = {
      ...info,
      id: this.nextExecutionId++,
      startedAt: this.nowMs,
      simulatedMs: 0,
      calls: {},
      cellsRead: {},
      filesRead: {},
      sideEffects: 0,
      killed: null,
      onCommit: [],
      onEnd: [],
    };
    this.current = exec;
    let value: T | undefined;
    let error: unknown;
    let outcome: ExecutionRecord['outcome'] = 'ok';
    try {
      value = body();
    } catch (err) {
      error = err;
      outcome = exec.killed ? 'killed' : 'error';
    }
    if (exec.killed && outcome === 'ok') {
      // The bundle swallowed the kill; the platform would have ended it anyway.
      outcome = 'killed';
      error = new ExecutionKilled(exec.killed);
    }
    try {
      if (outcome !== 'killed') for (const hook of exec.onCommit) hook();
    } finally {
      for (const hook of exec.onEnd) hook();
      this.current = null;
    }
    const record: ExecutionRecord = {
      id: exec.id,
      kind: exec.kind,
      fn: exec.fn,
      activeUser: exec.activeUser,
      effectiveUser: exec.effectiveUser,
      startedAt: exec.startedAt,
      endedAt: this.nowMs,
      simulatedMs: exec.simulatedMs,
      calls: exec.calls,
      cellsRead: exec.cellsRead,
      filesRead: exec.filesRead,
      sideEffects: exec.sideEffects,
      outcome,
      error: exec.killed ? killedError(exec.killed) : error === undefined ? undefined : describeError(error),
    };
    this.executions.push(record);
    return { value, record, error };
  }

  /** Charges simulated time to the execution (Utilities.sleep, lock waits) and enforces the 6-minute limit. */
  spend(ms: number): void {
    const exec = this.current;
    if (!exec) return;
    exec.simulatedMs += ms;
    this.nowMs += ms;
    if (exec.simulatedMs > EXECUTION_LIMIT_MS) this.kill(MAX_EXECUTION_TIME_MESSAGE);
  }

  /** Ends the current execution: this call and every later one throw. */
  kill(message: string): never {
    const exec = this.current;
    if (exec && !exec.killed) exec.killed = message;
    throw new ExecutionKilled(message);
  }

  latencyOf(method: string): number {
    if (method in this.latency) return this.latency[method];
    const service = method.split('.')[0];
    if (service in this.latency) return this.latency[service];
    return this.latency.default ?? 0;
  }

  /** Notes a Drive file read by id in the running execution's record (no charge: the call was charged). */
  noteFileRead(fileId: string): void {
    const exec = this.current;
    if (exec) exec.filesRead[fileId] = (exec.filesRead[fileId] ?? 0) + 1;
  }

  /** Charges the cell-proportional part of a sheet read or write of `cells` cells (a no-op without a cell model). */
  chargeCells(method: string, cells: number, where?: string): void {
    const exec = this.current;
    if (exec && where) exec.cellsRead[where] = (exec.cellsRead[where] ?? 0) + cells;
    const perCell = this.cellLatency[method];
    if (perCell && cells > 0) this.spend(perCell * cells);
  }

  /**
   * The single door to every emulated service method. Counts, charges latency, injects faults and
   * crashes, then runs `fn`.
   */
  call<T>(method: string, fn: () => T, options: CallOptions = {}): T {
    const exec = this.current;
    if (!exec) throw new Error(`Emulator: ${method} was called outside an execution`);
    if (exec.killed) throw new ExecutionKilled(exec.killed);
    if (options.sideEffect) {
      exec.sideEffects += 1;
      const plan = this.crashPlan;
      if (
        plan &&
        (plan.execution === undefined || plan.execution === exec.id) &&
        plan.atSideEffect === exec.sideEffects
      ) {
        this.crashPlan = null;
        this.kill(`Emulator crash injected before side effect #${exec.sideEffects} (${method})`);
      }
    }
    this.totals[method] = (this.totals[method] ?? 0) + 1;
    exec.calls[method] = (exec.calls[method] ?? 0) + 1;
    this.spend(this.latencyOf(method));
    try {
      if (this.ungranted.size) {
        const scope = scopeOf(method);
        if (scope && this.ungranted.get(exec.effectiveUser.toLowerCase())?.has(scope))
          throw new GasException(scopeMissingMessage(method, scope));
      }
      this.meter?.(method, exec.effectiveUser);
      const late = this.injectFault(method);
      const result = fn();
      if (late) throw new GasException(late);
      return result;
    } catch (error) {
      throw this.localized(error);
    }
  }

  /**
   * A service error as the account reads it: in its language (locale.ts). The kill is left in English: the platform
   * ends the execution, the script never reads that text (it shows in the executions list).
   */
  private localized(error: unknown): unknown {
    if (this.locale === 'en' || !(error instanceof GasException)) return error;
    const message = localizeMessage(error.message, this.locale);
    return message === error.message ? error : new GasException(message, error.name);
  }

  /** Throws the fault due now, or returns the message of one due after the call (`after`). */
  private injectFault(method: string): string | null {
    for (const fault of this.faults) {
      if (fault.call !== '*' && fault.call !== method) continue;
      const count = fault.call === '*' ? sum(this.totals) : this.totals[method];
      let hit = false;
      if (fault.nth !== undefined) hit = count >= fault.nth && count < fault.nth + (fault.times ?? 1);
      else if (fault.chance !== undefined) hit = this.random() < fault.chance;
      if (!hit) continue;
      const message = fault.message ?? "We're sorry, a server error occurred. Please wait a bit and try again.";
      if (fault.kill) this.kill(message);
      if (fault.after) return message;
      throw new GasException(message);
    }
    return null;
  }
}

/** Runtimes made in this module instance (one test file under jest), for takeFaultsNeverMatched. */
const liveRuntimes: Runtime[] = [];
const reportedFaults = new WeakSet<FaultSpec>();

/** Faults of every runtime made so far that never named a call made there (see Runtime.takeFaultsNeverMatched). */
export function takeFaultsNeverMatched(): FaultSpec[] {
  return liveRuntimes.flatMap((rt) => rt.takeFaultsNeverMatched());
}

function sum(record: Record<string, number>): number {
  let total = 0;
  for (const key in record) total += record[key];
  return total;
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: string; message: string };
    return `${e.name ?? 'Error'}: ${e.message}`;
  }
  return String(error);
}

const PASS_THROUGH = new Set<string | symbol>([
  'then',
  'toJSON',
  'constructor',
  'asymmetricMatch',
  'nodeType',
  'inspect',
]);

/**
 * Wraps an emulated object so that touching a member the emulator does not implement throws with the
 * member's name instead of returning undefined, so nothing silently passes.
 */
export function guard<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || prop in obj || PASS_THROUGH.has(prop)) return Reflect.get(obj, prop, receiver);
      throw new Error(`Emulator does not implement ${name}.${String(prop)}`);
    },
  });
}
