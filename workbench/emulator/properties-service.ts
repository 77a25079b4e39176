// PropertiesService: script and per-user string stores with the 9 KB per value and 500 KB per store limits (no document store: the script is standalone).

import { GasException } from './runtime';
import { expose, signatureError, utf8Length, type ServiceContext } from './service-kit';

export const PROPERTY_QUOTA =
  'You have exceeded the property storage quota. Please remove some properties and try again.';
export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;

/** Size of one entry. Strict reading of the limits: the key counts along with the value. */
function entryBytes(key: string, value: string): number {
  return utf8Length(key) + utf8Length(value);
}

export class PropertyStores {
  readonly script = new Map<string, string>();
  readonly users = new Map<string, Map<string, string>>();

  user(email: string): Map<string, string> {
    let store = this.users.get(email);
    if (!store) this.users.set(email, (store = new Map()));
    return store;
  }
}

/** Checks a candidate store against both limits; one message covers both, as observed on the platform. */
function checkLimits(store: Map<string, string>): void {
  let total = 0;
  for (const [k, v] of store) {
    const size = entryBytes(k, v);
    if (size > MAX_VALUE_BYTES) throw new GasException(PROPERTY_QUOTA);
    total += size;
  }
  if (total > MAX_STORE_BYTES) throw new GasException(PROPERTY_QUOTA);
}

class PropertiesImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _store: Map<string, string>,
  ) {}

  getProperty(key: string): string | null {
    const v = this._store.get(String(key));
    return v === undefined ? null : v;
  }

  /** Values are stored as strings. */
  setProperty(key: string, value: unknown): this {
    if (key === undefined || key === null) throw signatureError('Properties.setProperty', [key, value]);
    const next = new Map(this._store);
    next.set(String(key), String(value));
    checkLimits(next);
    this._store.set(String(key), String(value));
    return this;
  }

  /** A copy, not a live view. */
  getProperties(): Record<string, string> {
    const out = this._ctx.realm.object({} as Record<string, string>);
    for (const [k, v] of this._store) out[k] = v;
    return out;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers?: boolean): this {
    if (!properties || typeof properties !== 'object')
      throw signatureError('Properties.setProperties', [properties, deleteAllOthers]);
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this._store);
    for (const [k, v] of Object.entries(properties)) next.set(k, String(v));
    checkLimits(next);
    this._store.clear();
    for (const [k, v] of next) this._store.set(k, v);
    return this;
  }

  deleteProperty(key: string): this {
    this._store.delete(String(key));
    return this;
  }

  deleteAllProperties(): this {
    this._store.clear();
    return this;
  }

  getKeys(): string[] {
    return this._ctx.realm.array([...this._store.keys()]);
  }
}

const WRITES = ['setProperty', 'setProperties', 'deleteProperty', 'deleteAllProperties'];

class PropertiesServiceImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _stores: PropertyStores,
  ) {}

  getScriptProperties(): unknown {
    return expose(this._ctx.rt, 'Properties', new PropertiesImpl(this._ctx, this._stores.script), {
      sideEffects: WRITES,
    });
  }

  /** The store of the user the script runs as (the effective user). */
  getUserProperties(): unknown {
    const user = this._ctx.rt.requireExecution('PropertiesService.getUserProperties').effectiveUser;
    return expose(this._ctx.rt, 'Properties', new PropertiesImpl(this._ctx, this._stores.user(user)), {
      sideEffects: WRITES,
    });
  }

  /** Standalone script: no container document, so null. */
  getDocumentProperties(): null {
    return null;
  }
}

export function createPropertiesService(
  ctx: ServiceContext,
  stores: PropertyStores,
): GoogleAppsScript.Properties.PropertiesService {
  return expose(
    ctx.rt,
    'PropertiesService',
    new PropertiesServiceImpl(ctx, stores),
  ) as unknown as GoogleAppsScript.Properties.PropertiesService;
}
