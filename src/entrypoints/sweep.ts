// Time-driven trigger handler: deadlines, outbox retries, access audit, privacy lint, trigger health.
import { runSweep } from '../flows/sweep';
import { Context } from '../workspace/context';
import { withScriptLock } from '../workspace/lock';

/** `sweep_(e)`: one batch of the sweep under the script lock; persist first, then send what is pending (retries included). */
export function sweep_(_event: unknown): void {
  const startedAt = Date.now();
  withScriptLock(() => {
    const ctx = Context.open({ actor: 'sweep', startedAt });
    // A run interrupted after saving Docs but before its registry writes left entries to undo (docs/architecture.md).
    ctx.settleDocJournal();
    runSweep(ctx);
    ctx.commit();
    ctx.deliverMail();
    ctx.commit();
  });
}
