// Time-driven trigger handler: deadlines, outbox retries, access audit, privacy lint, trigger health.
import { runSweep } from '../flows/sweep';
import { runWaiting } from './runner';

/** `sweep_(e)`: one batch of the sweep under the script lock; persist first, then send what is pending (retries included). */
export function sweep_(_event: unknown): void {
  // A run interrupted after saving Docs but before its registry writes left entries to undo (docs/architecture.md).
  runWaiting({ actor: 'sweep', startedAt: Date.now(), settleFirst: true, mail: {} }, (ctx) => runSweep(ctx));
}
