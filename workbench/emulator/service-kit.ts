// Shared plumbing for the runtime services: the context they receive, and `expose`, which routes every method through Runtime.call and guards the object.

import type * as vm from 'node:vm';
import { GasException, guard, type Runtime } from './runtime';

/** The bundle's realm: values handed to the bundle are built with its own constructors, so `instanceof` works inside it. */
export interface Realm {
  date(ms: number): Date;
  array<T>(items: readonly T[]): T[];
  object<T extends object>(value: T): T;
  /** The vm context the bundle runs in (a plain context with the services when no bundle is loaded). */
  context(): vm.Context;
}

/** What every runtime service gets from the Workspace. */
export interface ServiceContext {
  rt: Runtime;
  owner: string;
  profile: 'consumer' | 'workspace';
  /** The manifest time zone. */
  scriptTimeZone: string;
  buildDir: string;
  webAppUrl: string;
  /**
   * What ScriptApp.getService().getUrl() answers outside a web request: the deployment's /exec URL, the /dev URL, an
   * older deployment's, or null (no web app deployment). Inside a web request it is the URL the request came in on.
   */
  serviceUrlOutsideWeb: string | null;
  /**
   * Inside a web request opened on the deployment's address with a browser's account index (`/macros/u/1/s/…`), that
   * address: getUrl() repeats the address as opened (the stricter case, reported by people who met it; Google does not
   * document it). Null otherwise.
   */
  openedUrl: string | null;
  scriptId: string;
  realm: Realm;
  /** Appends a line to the execution log. */
  log(text: string): void;
}

/** Symbol under which an exposed object keeps its implementation (for the facade, never for the bundle). */
export const IMPL = Symbol('emulator.impl');
/** Symbol under which an implementation finds the exposed object that wraps it. */
export const EXPOSED = Symbol('emulator.exposed');

export interface ExposeOptions {
  /** Methods that change state outside the execution (crash tests kill executions at these). */
  sideEffects?: readonly string[];
  /** Prefix of the call keys when it differs from the class name shown in errors (e.g. every builder counts as `TriggerBuilder`). */
  callName?: string;
  /** Constant members (enums) copied onto the exposed object. */
  constants?: Record<string, unknown>;
}

/**
 * Builds the object the bundle sees: each public method of `impl` (own or inherited, not starting with
 * `_`) becomes a wrapper that goes through `rt.call('<name>.<method>')`; methods returning `impl` return the
 * exposed object, so chaining stays on the guarded surface. Anything else throws "Emulator does not implement".
 */
export function expose<T extends object>(rt: Runtime, name: string, impl: T, options: ExposeOptions = {}): T {
  const sideEffects = new Set(options.sideEffects ?? []);
  const target: Record<string | symbol, unknown> = {};
  const wrapper = guard(target, name) as unknown as T;
  for (const method of methodNames(impl)) {
    const key = `${options.callName ?? name}.${method}`;
    const sideEffect = sideEffects.has(method);
    target[method] = function exposedMethod(...args: unknown[]): unknown {
      return rt.call(
        key,
        () => {
          const result = (impl as Record<string, (...a: unknown[]) => unknown>)[method](...args);
          return result === impl ? wrapper : result;
        },
        { sideEffect },
      );
    };
  }
  if (options.constants) Object.assign(target, options.constants);
  Object.defineProperty(target, IMPL, { value: impl });
  Object.defineProperty(impl, EXPOSED, { value: wrapper, configurable: true });
  if (!('toString' in target && Object.prototype.hasOwnProperty.call(target, 'toString'))) {
    Object.defineProperty(target, 'toString', { value: () => name, enumerable: false });
  }
  return wrapper;
}

function methodNames(impl: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = impl; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key === 'constructor' || key.startsWith('_')) continue;
      const desc = Object.getOwnPropertyDescriptor(o, key);
      if (desc && typeof desc.value === 'function') names.add(key);
    }
  }
  return [...names];
}

/** The implementation behind an exposed object, if it is one of ours of that class. */
export function implOf<T>(value: unknown, ctor: abstract new (...args: never[]) => T): T | null {
  if (!value || typeof value !== 'object') return null;
  const impl = (value as Record<symbol, unknown>)[IMPL];
  return impl instanceof ctor ? impl : null;
}

/** A frozen enum whose members are their own names, as strings (`ScriptApp.EventType.CLOCK === 'CLOCK'`). */
export function enumOf<K extends string>(...names: K[]): Readonly<Record<K, K>> {
  const e = {} as Record<K, K>;
  for (const n of names) e[n] = n;
  return Object.freeze(e);
}

/** Apps Script's type names in signature errors. */
function gasTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value))
    return value.length > 0 && value.every((v) => typeof v === 'number') ? 'number[]' : 'Object[]';
  if (isDate(value)) return 'Date';
  return 'Object';
}

/** `The parameters (String,number) don't match the method signature for Utilities.formatDate.` */
export function signatureError(method: string, args: readonly unknown[]): GasException {
  return new GasException(
    `The parameters (${args.map(gasTypeName).join(',')}) don't match the method signature for ${method}.`,
  );
}

/** A Date from any realm. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

export type Charset = 'UTF_8' | 'US_ASCII';

/** Bytes of a string or a Java byte array (signed or unsigned numbers). */
export function toBuffer(value: unknown, charset: Charset = 'UTF_8'): Buffer {
  if (typeof value === 'string') {
    if (charset === 'US_ASCII') return Buffer.from(value.replace(/[\u0080-\uffff]/g, '?'), 'latin1');
    return Buffer.from(value, 'utf8');
  }
  if (Array.isArray(value) || value instanceof Uint8Array || value instanceof Int8Array) {
    return Buffer.from(Array.from(value as ArrayLike<number>, (b) => Number(b) & 0xff));
  }
  throw new GasException(`Invalid argument: expected a string or a byte array, got ${gasTypeName(value)}`);
}

/** Java bytes: signed, -128..127. */
export function toSignedBytes(buf: Uint8Array): number[] {
  return Array.from(new Int8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

export function charsetOf(value: unknown): Charset {
  if (value === undefined || value === null) return 'UTF_8';
  const s = String(value);
  if (s === 'UTF_8' || s === 'US_ASCII') return s;
  throw new GasException(`Invalid argument: charset (${s})`);
}

/** Bytes of a string as UTF-8 (sizes in the quota checks). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
