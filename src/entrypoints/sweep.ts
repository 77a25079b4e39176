// Time-driven trigger handler: deadlines, outbox retries, access audit, privacy lint, trigger health.
import { runSweep } from '../flows/sweep';
import { TRIGGER_LOCK_WAIT_MS } from '../workspace/lock';
import { runWaiting } from './runner';

/** `sweep_(e)`: one batch of the sweep under the script lock; persist first, then send what is pending (retries included). */
export function sweep_(_event: unknown): void {
  sweepWaiting();
}

/** The sweep, waiting `waitMs` for the lock (LOCK_WAIT_MS unless told). */
function sweepWaiting(waitMs?: number): void {
  // A run interrupted after saving Docs but before its registry writes left entries to undo (docs/architecture.md).
  const report = runWaiting({ actor: 'sweep', startedAt: Date.now(), waitMs, settleFirst: true, mail: {} }, (ctx) =>
    runSweep(ctx),
  );
  // Committed and delivered, the run ends failed: Google emails a trigger's owner about failed runs only, and a tab
  // gone stops the roster and the access audit every hour until the owner runs setup.
  if (report.setup) throw report.setup;
}

/**
 * `mailAtQuotaReset_(e)`: the one-off run two minutes after the day's mail quota comes back, while mail waits for it
 * (trigger-health.ts `wakeForQuota`): a sweep, which sends what waited and removes this trigger. It waits for the lock
 * as an event trigger does (ADV-484): lost to a run holding it over 30 s (a pile-on's intakes, a report of danger to a
 * big committee), the receipts it exists for went with the next hourly sweep, past the procedure's 24 hours.
 */
export function mailAtQuotaReset_(_event: unknown): void {
  sweepWaiting(TRIGGER_LOCK_WAIT_MS);
}
