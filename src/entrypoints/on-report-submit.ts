// Form-submit trigger handler: turns one report into one case (persist first, mail second).
import { runIntake } from '../flows/intake';
import { checkTriggersIfDue } from '../flows/trigger-health';
import { Context } from '../workspace/context';
import { responseFromEvent } from '../workspace/forms';
import { withScriptLock } from '../workspace/lock';

/** `onReportSubmit_(e)`: blank and duplicate events change nothing; everything else becomes exactly one case. */
export function onReportSubmit_(event: unknown): void {
  const startedAt = Date.now();
  const response = responseFromEvent(event);
  withScriptLock(() => {
    const ctx = Context.open({ actor: 'form', startedAt });
    if (!response) {
      ctx.audit('intake.blank-ignored', '-', 'a submit event without a response was ignored');
      ctx.commit();
      return;
    }
    runIntake(ctx, { responseId: response.responseId, receivedAt: response.receivedAt, answers: response.answers });
    // A deleted sweep trigger is noticed here too (at most once an hour; nothing at all while the sweep runs).
    checkTriggersIfDue(ctx);
    ctx.commit();
    // Mail second: anything still pending from an earlier, interrupted run goes out too.
    ctx.deliverMail();
    ctx.commit();
  });
}
