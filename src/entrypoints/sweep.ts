// Time-driven trigger handler: deadlines, outbox retries, access audit, privacy lint, trigger health.
import { runSweep } from '../flows/sweep';
import { TRIGGER_LOCK_WAIT_MS } from '../workspace/lock';
import { runExecution } from './runner';
import { HOUR_MS } from '../core/deadlines';
import { PROP } from '../workspace/schema';
import { dropProp } from '../workspace/script-properties';

/** `sweep_(e)`: one batch of the sweep under the script lock; persist first, then send what is pending (retries included). */
export function sweep_(_event: unknown): void {
  sweepWaiting();
}

/**
 * The sweep, waiting `waitMs` for the lock (the wake-up), or trying it for LOCK_WAIT_MS (the hourly sweep). An hourly
 * run the lock stays busy for (a pile-on's intakes) ends quietly: failed, Google mailed the owner an unexplained `Lock
 * timeout`, though the next hour redoes its work; waiting longer would spend the consumer's 90 daily minutes of trigger
 * runtime. Kept out for 3 hours, it fails saying why, so Google's failure email tells the owner (ADV-497).
 */
function sweepWaiting(waitMs?: number): void {
  const at = Date.now();
  // settleFirst: a run interrupted after saving Docs but before its registry writes left entries to undo.
  const run = runExecution(
    { actor: 'sweep', startedAt: at, lock: waitMs ? 'wait' : 'try', waitMs, settleFirst: true, mail: {} },
    (ctx) => {
      dropProp(ctx, PROP.sweepLockedOutAt);
      return runSweep(ctx);
    },
  );
  if (!run.ok) {
    const props = PropertiesService.getScriptProperties();
    const since = Number(props.getProperty(PROP.sweepLockedOutAt)) || at;
    props.setProperty(PROP.sweepLockedOutAt, String(since));
    if (at - since >= 3 * HOUR_MS)
      throw new Error(
        'The hourly sweep has not got the script lock for 3 hours, so deadlines and mail are late: see docs/troubleshooting.md.',
      );
  }
  // Committed and delivered, the run ends failed: Google emails a trigger's owner about failed runs only, and a tab
  // gone stops the roster and the access audit every hour until the owner runs setup.
  else if (run.value.setup) throw run.value.setup;
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
