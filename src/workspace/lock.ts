// The script lock every state-changing entry point runs under (docs/architecture.md "Execution protocol" step 1).

/** How long an execution waits for another to finish before failing loudly (Google's own example value). */
export const LOCK_WAIT_MS = 30000;

/**
 * How long an event trigger waits (a report's intake, the owner's Committee edit): its lost run is redone only by
 * the next hourly sweep, so an urgent alert would go out an hour late and a member made inactive keep every Doc that
 * long. A long sweep holds the lock for its whole budget (DEFAULT_TIME_BUDGET_MS, 270 s); waiting 210 s outlasts it
 * from its first minute on, and leaves the waiter 60 s of its own budget and 150 s before the 6-minute limit, which
 * counts the wait (as does the daily trigger runtime). Google states no maximum for waitLock.
 */
export const TRIGGER_LOCK_WAIT_MS = 210 * 1000;

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
