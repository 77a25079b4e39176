// One store per execution and kind: every flow of an execution sees the records another one parsed or changed.
import type { Context } from '../workspace/context';
import { slotKey } from '../workspace/unit-of-work';

/**
 * Wraps a store factory so each execution gets exactly one store (built on first use; it reads its tab lazily).
 * The store lives in a typed slot of the execution's unit of work, so it ends with the execution.
 */
export function perExecution<T>(name: string, build: (ctx: Context) => T): (ctx: Context) => T {
  const key = slotKey<T>(name);
  return (ctx) => ctx.work.slot(key, () => build(ctx));
}

/** A store over one tab, which `table` opens on first use: the one constructor every record store shares. */
export class TableStore<T> {
  constructor(protected readonly table: () => T) {}
}
