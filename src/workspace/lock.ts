// The script lock every state-changing entry point runs under (docs/architecture.md "Execution protocol" step 1).

/** How long an execution waits for another to finish before failing loudly (Google's own example value). */
export const LOCK_WAIT_MS = 30000;

/**
 * Runs `body` holding the script lock. `waitLock` throws on timeout, so a trigger fails visibly (and the next
 * sweep picks up anything left) instead of proceeding unlocked. The lock is released even when `body` throws.
 */
export function withScriptLock<T>(body: () => T, waitMs = LOCK_WAIT_MS): T {
  const lock = LockService.getScriptLock();
  lock.waitLock(waitMs);
  try {
    return body();
  } finally {
    lock.releaseLock();
  }
}

/** Like withScriptLock, but returns `busy` instead of throwing when the lock is not free in time (web pages). */
export function tryWithScriptLock<T>(body: () => T, waitMs = LOCK_WAIT_MS): { ok: true; value: T } | { ok: false } {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) return { ok: false };
  try {
    return { ok: true, value: body() };
  } finally {
    lock.releaseLock();
  }
}
