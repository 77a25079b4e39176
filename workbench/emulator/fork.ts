// Forks an emulated Workspace that has already run `setup`, so property runs and crash matrices pay for setup once per configuration instead of once per run.
//
// Why: `setup` formats whole columns of eight tabs and costs ~0.5 s of host time; a thousand property runs each
// needing a fresh, set-up Workspace would spend minutes on it. A fork is a new Workspace (fresh services, fresh
// closures) whose state holders — the runtime's clock and records, the Drive/Sheets/Docs/Forms stores, mail,
// triggers, locks, properties and logs — receive a deep copy of a template's state. The emulator keeps all of
// its state in those holders (checked by test/robustness/fork.test.ts: a fork's snapshot equals its template's
// and changing one never touches the other). Anything the copier does not understand (a closure, a proxy, a
// weak collection) aborts the fork with ForkError, and callers fall back to a real setup: never a silent mix.
// Sheet rows (most of a set-up Workspace: one small object per formatted cell) are shared copy-on-write: from the
// fork on, the template's SheetsStore and the fork's each copy a row before their first change to it, so neither
// ever changes a row the other holds.
// Each fork draws ids and UUIDs from generators of its own, seeded by (seed, point in history): two forks of one
// state with one seed replay the same ids (the crash matrix compares them), and no fork repeats its template's.
import { types } from 'node:util';
import * as dataCoreModule from './data-core';
import * as docsModule from './docs';
import * as driveModule from './drive';
import * as formsModule from './forms';
import * as sheetsModule from './sheets';
import { createRandom } from './runtime';
import { Workspace } from './workspace';
import type { WorkspaceOptions } from './contracts';

export class ForkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForkError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Capturing the data world's state holders: they live in createDataWorld's closure, so the constructors
// are wrapped (once per module registry) to remember every instance made while a Workspace is created.

type Ctor = new (...args: never[]) => object;
let capture: object[] | null = null;
let installed = false;

function wrapExport(module: object, name: string): void {
  const exports = module as Record<string, unknown>;
  const Original = exports[name] as Ctor;
  if (typeof Original !== 'function') throw new ForkError(`emulator export ${name} is missing`);
  const Captured = class extends (Original as new (...args: unknown[]) => object) {
    constructor(...args: unknown[]) {
      super(...args);
      capture?.push(this);
    }
  };
  Object.defineProperty(Captured, 'name', { value: Original.name });
  try {
    Object.defineProperty(exports, name, { value: Captured, writable: true, configurable: true, enumerable: true });
  } catch (err) {
    throw new ForkError(`cannot wrap emulator export ${name}: ${String(err)}`);
  }
}

const HOLDER_CLASSES: Array<[object, string]> = [
  [dataCoreModule, 'DataContext'],
  [driveModule, 'DriveStore'],
  [sheetsModule, 'SheetsStore'],
  [docsModule, 'DocsStore'],
  [formsModule, 'FormsStore'],
];

function installCapture(): void {
  if (installed) return;
  for (const [module, name] of HOLDER_CLASSES) wrapExport(module, name);
  installed = true;
}

/** The data-world state holders of a Workspace, by class name (the first instance of each). */
type DataHolders = Record<string, object>;
const holdersOf = new WeakMap<Workspace, DataHolders>();

/** Creates a Workspace and remembers its data-world holders (needed to fork from it or into it). */
export function createTrackedWorkspace(options: WorkspaceOptions): Workspace {
  installCapture();
  const captured: object[] = [];
  capture = captured;
  let ws: Workspace;
  try {
    ws = Workspace.create(options);
  } finally {
    capture = null;
  }
  const holders: DataHolders = {};
  for (const [, name] of HOLDER_CLASSES) {
    const found = captured.find((o) => o.constructor?.name === name);
    if (!found) throw new ForkError(`the data world did not construct a ${name}`);
    holders[name] = found;
  }
  holdersOf.set(ws, holders);
  return ws;
}

// ---------------------------------------------------------------------------------------------------
// Deep copy with a memo that maps template objects to their fork's counterparts.

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Copies a tree of plain data (arrays, plain objects, Dates, primitives) with no sharing inside it: the rows of a
 * sheet grid, which are most of a set-up Workspace's objects (one small object per formatted cell). No memo,
 * so it is several times faster than the general copy; anything else in there aborts the fork.
 */
function cloneTree(value: unknown): unknown {
  if (isPrimitive(value)) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      out[i] = isPrimitive(item) ? item : cloneTree(item);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  // A plain object of any realm: a Version history restore's structuredClone makes the outer realm's under jest.
  if (
    proto === Object.prototype ||
    (proto !== null && Object.getPrototypeOf(proto) === null && !Array.isArray(value))
  ) {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key in source) {
      const item = source[key];
      out[key] = isPrimitive(item) ? item : cloneTree(item);
    }
    return out;
  }
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime());
  throw new ForkError(`a sheet row holds a ${Object.prototype.toString.call(value)}`);
}

/**
 * The rows each SheetsStore may change in place: the rows it made or copied since it was last forked or made by a
 * fork. Any other row in its grids may be shared with a template or a fork, and is copied before its first change.
 * (Rows used to be frozen instead: freezing every formatted cell of every tab cost ~1.5 s per template, more than a
 * fork saves on a template used by a few tests.)
 */
const ownedRows = new WeakMap<object, WeakSet<object>>();

/**
 * A template's sheet rows, shared with the fork copy-on-write: the fork gets its own array of references, and both
 * stores copy a shared row before changing it (see `installCopyOnWrite`). Every row change in the emulator goes
 * through `SheetsStore.mutableRow` (test/robustness/fork.test.ts changes both sides and compares).
 */
function shareRows(rows: unknown[]): unknown[] {
  return rows.slice();
}

type RowStore = { mutableRow(sheet: { grid: { rows: unknown[] } }, row: number): unknown };

/** Makes every row `store` holds now shared (copied before its first change), hooking its `mutableRow` once. */
function installCopyOnWrite(store: object): void {
  const hooked = ownedRows.has(store);
  ownedRows.set(store, new WeakSet());
  if (hooked) return;
  const original = (store as RowStore).mutableRow;
  if (typeof original !== 'function') throw new ForkError('SheetsStore has no mutableRow: the fork cannot share rows');
  Object.defineProperty(store, 'mutableRow', {
    configurable: true,
    writable: true,
    value(this: RowStore, sheet: { grid: { rows: unknown[] } }, row: number): unknown {
      const owned = ownedRows.get(this) as WeakSet<object>;
      const rows = sheet.grid.rows;
      const current = rows[row - 1];
      if (current && !owned.has(current as object)) rows[row - 1] = cloneTree(current);
      const out = original.call(this, sheet, row) as object;
      owned.add(out);
      return out;
    },
  });
}

/** A sheet grid: `{ rows, maxRows, maxColumns }` (its rows are shared copy-on-write). */
function isGrid(value: Record<string, unknown>): boolean {
  return Array.isArray(value.rows) && typeof value.maxRows === 'number' && typeof value.maxColumns === 'number';
}

/** Deep copy. Arrays and plain objects (the bulk: sheet rows and cells) take a fast path; paths are built only for errors. */
function cloneValue(value: unknown, memo: Map<unknown, unknown>, path: string): unknown {
  if (isPrimitive(value)) return value;
  const known = memo.get(value);
  if (known !== undefined || memo.has(value)) return known;
  if (typeof value === 'function') throw new ForkError(`cannot copy a function at ${path}`);
  if (types.isProxy(value)) throw new ForkError(`cannot copy a proxy at ${path}`);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    memo.set(value, out);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      out[i] = isPrimitive(item) ? item : cloneValue(item, memo, path);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string | symbol, unknown> = proto === null ? Object.create(null) : {};
    memo.set(value, out);
    const source = value as Record<string | symbol, unknown>;
    const grid = isGrid(source as Record<string, unknown>);
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (grid && key === 'rows') out[key] = shareRows(item as unknown[]);
      else out[key] = isPrimitive(item) ? item : cloneValue(item, memo, path);
    }
    for (const sym of Object.getOwnPropertySymbols(source)) {
      if (WRAPPER_LINKS.has(sym.description ?? '')) continue;
      out[sym] = cloneValue(source[sym], memo, `${path}.${String(sym)}`);
    }
    return out;
  }
  const tag = Object.prototype.toString.call(value);
  switch (tag) {
    case '[object Date]': {
      const out = new Date((value as Date).getTime());
      memo.set(value, out);
      return out;
    }
    case '[object RegExp]': {
      const re = value as RegExp;
      const out = new RegExp(re.source, re.flags);
      memo.set(value, out);
      return out;
    }
    case '[object Map]': {
      const out = new Map();
      memo.set(value, out);
      for (const [k, v] of value as Map<unknown, unknown>)
        out.set(cloneValue(k, memo, `${path}<key>`), cloneValue(v, memo, `${path}<value>`));
      return out;
    }
    case '[object Set]': {
      const out = new Set();
      memo.set(value, out);
      for (const v of value as Set<unknown>) out.add(cloneValue(v, memo, `${path}<item>`));
      return out;
    }
    case '[object WeakMap]':
    case '[object WeakSet]':
    case '[object Promise]':
      throw new ForkError(`cannot copy a ${tag} at ${path}`);
    default:
      break;
  }
  if (ArrayBuffer.isView(value)) {
    const out = (value as Uint8Array).slice();
    memo.set(value, out);
    return out;
  }
  const out = Object.create(proto) as object;
  memo.set(value, out);
  copyOwn(value as object, out, memo, path, []);
  return out;
}

const WRAPPER_LINKS = new Set(['emulator.exposed', 'emulator.impl']);

function copyOwn(from: object, to: object, memo: Map<unknown, unknown>, path: string, skip: readonly string[]): void {
  for (const key of Reflect.ownKeys(from)) {
    if (typeof key === 'string' && skip.includes(key)) continue;
    // Links between an implementation and the guarded object the bundle sees: the fork has its own.
    if (typeof key === 'symbol' && WRAPPER_LINKS.has(key.description ?? '')) continue;
    const desc = Object.getOwnPropertyDescriptor(from, key);
    if (!desc) continue;
    if ('value' in desc) desc.value = cloneValue(desc.value, memo, `${path}.${String(key)}`);
    else throw new ForkError(`cannot copy accessor ${path}.${String(key)}`);
    Object.defineProperty(to, key, desc);
  }
}

// ---------------------------------------------------------------------------------------------------

type Internals = {
  rt: Record<string, unknown>;
  mailService: object;
  mailboxes: object;
  calendarStore: object;
  registry: object;
  triggerQuota: object;
  dailyQuotas: { quotas: Record<string, { limit: number }> };
  lockState: object;
  propertyStores: object;
  logSink: object;
  context: unknown;
  intrinsics: unknown;
  bundleLoaded: boolean;
};

function internals(ws: Workspace): Internals {
  return ws as unknown as Internals;
}

/** What of each facade-level holder stays the fork's own (configuration made from the fork's options). */
const FACADE_SKIP: Record<string, readonly string[]> = {
  // The quota days are state; their limits are the fork's own (put back after the copy: quotaLimits).
  mailService: ['ctx', 'bodyLimit', 'onSent'],
  mailboxes: ['now'],
  calendarStore: [],
  registry: [],
  triggerQuota: ['limitMs'],
  dailyQuotas: [],
  lockState: [],
  propertyStores: [],
  logSink: ['rt', 'echo'],
  pageLog: [],
};
/** The daily quotas' limits (the fork's options): read before the copy, and put back after it when given. */
function quotaLimits(ws: Internals, put?: number[]): number[] {
  const quotas = [(ws.mailService as { quota: { limit: number } }).quota, ...Object.values(ws.dailyQuotas.quotas)];
  return quotas.map((q, i) => (put ? (q.limit = put[i]) : q.limit));
}

/** Runtime fields carried over: the clock and the records. Latency, faults, crash plan and the random source are the fork's. */
const RUNTIME_FIELDS = ['nowMs', 'totals', 'executions', 'nextExecutionId'] as const;

/**
 * A new Workspace in the template's state, with the fork's own options for what is per run (faults, seed,
 * latency, mail quota, addresses without Google accounts). The template must be idle (no execution running).
 * Throws ForkError when the emulator holds state the copier cannot reproduce.
 */
export function forkWorkspace(template: Workspace, options: WorkspaceOptions): Workspace {
  const from = internals(template);
  const fromHolders = holdersOf.get(template);
  if (!fromHolders) throw new ForkError('the template was not created with createTrackedWorkspace');
  if ((from.rt as { execution?: unknown }).execution)
    throw new ForkError('the template is in the middle of an execution');
  const fork = createTrackedWorkspace(options);
  const to = internals(fork);
  const toHolders = holdersOf.get(fork) as DataHolders;
  const seed = options.seed ?? 1;

  const memo = new Map<unknown, unknown>();
  memo.set(template, fork);
  memo.set(from.rt, to.rt);
  for (const name of Object.keys(FACADE_SKIP))
    memo.set((from as unknown as Record<string, unknown>)[name], (to as unknown as Record<string, unknown>)[name]);
  for (const name of Object.keys(fromHolders)) memo.set(fromHolders[name], toHolders[name]);
  // Random sources are closures: the fork draws from its own, seeded so that its ids never repeat the template's.
  const fromCtx = fromHolders.DataContext as Record<string, unknown>;
  const toCtx = toHolders.DataContext as Record<string, unknown>;
  const point = template.rt.executions.length;
  const freshIds = createRandom((0x9e3779b9 ^ Math.imul(seed, 2654435761) ^ point) >>> 0);
  // The runtime's generator makes Utilities.getUuid (the product's ids): a fork must not replay the sequence its
  // template already used, or a member added after the fork would get the id of one added before it.
  const freshUuids = createRandom(
    (0x85ebca6b ^ Math.imul(seed + 1, 0xc2b2ae35) ^ Math.imul(point + 1, 0x27d4eb2f)) >>> 0,
  );
  memo.set(fromCtx.random, freshIds);
  memo.set(from.rt.random, freshUuids);
  Object.defineProperty(to.rt, 'random', { value: freshUuids, writable: true, configurable: true });

  for (const name of Object.keys(fromHolders)) {
    // A fork's own copy-on-write hook (`mutableRow`) is not state: forking a fork installs a fresh one.
    copyOwn(
      fromHolders[name],
      toHolders[name],
      memo,
      name,
      name === 'DataContext' ? ['rt', 'owner', 'timeZone', 'profile'] : ['ctx', 'mutableRow'],
    );
  }
  Object.defineProperty(toCtx, 'random', { value: freshIds, writable: true, configurable: true });
  installCopyOnWrite(toHolders.SheetsStore);
  installCopyOnWrite(fromHolders.SheetsStore);
  const limits = quotaLimits(to);
  for (const [name, skip] of Object.entries(FACADE_SKIP)) {
    copyOwn(
      (from as unknown as Record<string, object>)[name],
      (to as unknown as Record<string, object>)[name],
      memo,
      name,
      skip,
    );
  }
  quotaLimits(to, limits);
  for (const field of RUNTIME_FIELDS) {
    if (!(field in from.rt)) throw new ForkError(`the runtime has no field ${field}`);
    to.rt[field] = cloneValue(from.rt[field], memo, `rt.${field}`);
  }
  if (fork.rt.now() !== template.rt.now()) throw new ForkError('the fork did not take over the clock');
  if (options.noGoogleAccount?.length) fork.data.setNoGoogleAccount(options.noGoogleAccount);
  if (options.sharingOutside) fork.data.setSharingOutside(options.sharingOutside);
  if (options.newItemsAccess) fork.data.setNewItemsAccess(options.newItemsAccess);
  // The bundle reloads at every execution; until then the template's realm serves for Dates and arrays.
  to.context = from.context;
  to.intrinsics = from.intrinsics;
  to.bundleLoaded = from.bundleLoaded;
  return fork;
}
