// Script Properties for one execution: read once when the Context opens, then kept in step with every write, so reading a property costs no service call.

/** The part of the Properties service this needs (a test can pass an in-memory store). */
export type PropertiesStore = Pick<
  GoogleAppsScript.Properties.Properties,
  'getProperties' | 'setProperty' | 'setProperties' | 'deleteProperty'
>;

export class ScriptProperties {
  private readonly values: Record<string, string>;

  /** Reads every property once (`getProperties`). */
  constructor(private readonly store: PropertiesStore) {
    this.values = { ...store.getProperties() };
  }

  /** Every property as read at open (kept in step with set/setAll/delete). */
  all(): Readonly<Record<string, string>> {
    return this.values;
  }

  get(key: string): string | undefined {
    return this.values[key];
  }

  /** Writes one property now (unbuffered). */
  set(key: string, value: string): void {
    this.store.setProperty(key, value);
    this.values[key] = value;
  }

  /** Writes several properties in one call (a journal split across keys must land together). */
  setAll(values: Record<string, string>): void {
    this.store.setProperties(values);
    Object.assign(this.values, values);
  }

  /** Deletes a property; free when it is not there. */
  delete(key: string): void {
    if (!(key in this.values)) return;
    this.store.deleteProperty(key);
    delete this.values[key];
  }

  /** A property holding a JSON object; `{}` when absent or unreadable (a hand-edited value must not stop a flow). */
  map<T = string>(key: string): Record<string, T> {
    try {
      const parsed: unknown = JSON.parse(this.values[key] ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, T>) : {};
    } catch {
      return {};
    }
  }

  /** A property that setup must have created; a clear error otherwise. */
  require(key: string): string {
    const value = this.values[key];
    if (!value)
      throw new Error(`Conduct Desk is not set up (Script Property "${key}" is missing): the owner must run setup.`);
    return value;
  }
}

/** A property of the execution `ctx` (`ScriptProperties.get`): one short call for the many places that read one. */
export function readProp(ctx: { properties: ScriptProperties }, key: string): string | undefined {
  return ctx.properties.get(key);
}

/** Writes a property of the execution `ctx` now (`ScriptProperties.set`). */
export function writeProp(ctx: { properties: ScriptProperties }, key: string, value: string): void {
  ctx.properties.set(key, value);
}

/** Deletes a property of the execution `ctx` (`ScriptProperties.delete`). */
export function dropProp(ctx: { properties: ScriptProperties }, key: string): void {
  ctx.properties.delete(key);
}

/** A property of the execution `ctx` that must be set (`ScriptProperties.require`). */
export function requireProp(ctx: { properties: ScriptProperties }, key: string): string {
  return ctx.properties.require(key);
}

/** A JSON map property of the execution `ctx` (`ScriptProperties.map`). */
export function propMap<T = string>(ctx: { properties: ScriptProperties }, key: string): Record<string, T> {
  return ctx.properties.map<T>(key);
}
