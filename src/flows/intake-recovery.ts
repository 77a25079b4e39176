// The sweep's intake recovery: finishes cases whose intake died after writing the registry row, and turns responses that never became a case (an intake killed before its first write, a trigger that did not fire) into cases.
import { isBlankReport } from '../core/report';
import type { Context } from '../workspace/context';
import { listResponsesSince, responseData } from '../workspace/form-responses';
import { PROP } from '../workspace/schema';
import { casesOf } from '../records/cases';
import { resumeIncompleteIntakes, runIntake } from './intake';

/** How far back the sweep looks for responses without a case: longer than any plausible trigger outage. */
export const RECOVERY_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
/** Responses are left this long for their own trigger before the sweep takes them over (the trigger fires within seconds). */
export const TRIGGER_GRACE_MS = 5 * 60 * 1000;
/** At most this many missed responses per sweep (each costs a Doc and mail); the next sweep takes the rest. */
const MAX_PER_SWEEP = 5;

export interface IntakeRecoveryReport {
  resumed: number;
  caught: number;
}

/** Runs under the sweep's lock; every intake it starts commits as it goes, like the trigger's own. */
export function recoverIntakes(ctx: Context): IntakeRecoveryReport {
  const resumed = resumeIncompleteIntakes(ctx);
  const formId = ctx.properties.get(PROP.formId);
  if (!formId) return { resumed, caught: 0 };
  const known = casesOf(ctx).responseIds();
  const now = ctx.clock.now();
  let caught = 0;
  for (const stub of listResponsesSince(formId, now - RECOVERY_WINDOW_MS)) {
    if (caught >= MAX_PER_SWEEP || ctx.timeBudget.exhausted(60000)) break;
    if (!stub.responseId || known.has(stub.responseId) || now - stub.receivedAt < TRIGGER_GRACE_MS) continue;
    const data = responseData(stub);
    if (isBlankReport(data.answers)) continue;
    const outcome = runIntake(ctx, data);
    known.add(stub.responseId);
    if (outcome.kind === 'created') {
      caught++;
      ctx.audit.record(
        'intake.caught-up',
        outcome.caseId,
        'a response that had not become a case was taken in by the sweep',
      );
    }
  }
  return { resumed, caught };
}
