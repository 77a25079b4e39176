// LockService: one script lock per project and one user lock per user, exclusive across executions, released when an execution ends.
//
// Executions run one at a time in the emulator, so another execution can only be "holding" a lock through
// the test hook `holdScriptLock(untilMs)`, which simulates a concurrent execution. Waiting is charged to
// the virtual clock (and so to the 6-minute budget).

import { GasException } from './runtime';
import { expose, signatureError, type ServiceContext } from './service-kit';

export const LOCK_TIMEOUT = 'Lock timeout: another process was holding the lock for too long.';

interface Holder {
  execution: number;
  lock: LockImpl;
}

export class LockState {
  readonly holders = new Map<string, Holder>();
  /** Simulated concurrent executions: lock key → virtual instant until which they hold it. */
  readonly externalHolds = new Map<string, number>();
  /** What people do while an execution waits out a simulated hold (run once, when the wait ends). */
  readonly meanwhile = new Map<string, () => void>();
}

class LockImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _state: LockState,
    private readonly _key: string,
  ) {}

  tryLock(timeoutInMillis: number): boolean {
    return this._acquire('Lock.tryLock', timeoutInMillis);
  }

  waitLock(timeoutInMillis: number): void {
    if (!this._acquire('Lock.waitLock', timeoutInMillis)) throw new GasException(LOCK_TIMEOUT);
  }

  hasLock(): boolean {
    const exec = this._ctx.rt.execution;
    const holder = this._state.holders.get(this._key);
    return !!exec && !!holder && holder.lock === this && holder.execution === exec.id;
  }

  releaseLock(): void {
    if (this.hasLock()) this._state.holders.delete(this._key);
  }

  _acquire(method: string, timeout: unknown): boolean {
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)
      throw signatureError(method, [timeout]);
    const rt = this._ctx.rt;
    const exec = rt.requireExecution(method);
    const holder = this._state.holders.get(this._key);
    if (holder && holder.execution !== exec.id)
      this._state.holders.delete(this._key); // stale: that execution has ended
    else if (holder && holder.lock === this) return true;
    else if (holder) {
      // Another Lock object of the same execution holds it (a second getScriptLock()). Whether the real
      // lock is re-entrant is not documented (❓); the stricter reading is modelled: it waits out the
      // timeout and fails, as community fakes assume.
      rt.spend(timeout);
      return false;
    }
    const until = this._state.externalHolds.get(this._key);
    if (until !== undefined && until > rt.now()) {
      const wait = until - rt.now();
      if (wait > timeout) {
        rt.spend(timeout);
        return false;
      }
      rt.spend(wait);
      this._state.externalHolds.delete(this._key);
      const act = this._state.meanwhile.get(this._key);
      this._state.meanwhile.delete(this._key);
      act?.();
    }
    this._state.holders.set(this._key, { execution: exec.id, lock: this });
    rt.onEnd(() => {
      if (this._state.holders.get(this._key)?.lock === this) this._state.holders.delete(this._key);
    });
    return true;
  }
}

class LockServiceImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _state: LockState,
  ) {}

  getScriptLock(): unknown {
    return expose(this._ctx.rt, 'Lock', new LockImpl(this._ctx, this._state, 'script'));
  }

  getUserLock(): unknown {
    const user = this._ctx.rt.requireExecution('LockService.getUserLock').effectiveUser;
    return expose(this._ctx.rt, 'Lock', new LockImpl(this._ctx, this._state, `user:${user}`));
  }

  /** Standalone scripts and web apps have no container document. */
  getDocumentLock(): null {
    return null;
  }
}

export function createLockService(ctx: ServiceContext, state: LockState): GoogleAppsScript.Lock.LockService {
  return expose(ctx.rt, 'LockService', new LockServiceImpl(ctx, state)) as unknown as GoogleAppsScript.Lock.LockService;
}
