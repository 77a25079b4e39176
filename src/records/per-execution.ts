// One store per execution and kind: every flow of an execution sees the records another one parsed or changed.
import type { Context } from '../workspace/context';

/** Wraps a store factory so each Context gets exactly one store (built on first use; it reads its tab lazily). */
export function perExecution<T>(build: (ctx: Context) => T): (ctx: Context) => T {
  const stores = new WeakMap<Context, T>();
  return (ctx) => {
    let store = stores.get(ctx);
    if (!store) {
      store = build(ctx);
      stores.set(ctx, store);
    }
    return store;
  };
}
