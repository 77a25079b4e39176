// Form-submit trigger handler: turns one report into one case (persist first, mail second).
import { runIntake } from '../flows/intake';
import { responseFromEvent } from '../workspace/forms';
import { runWaiting } from './runner';

/** `onReportSubmit_(e)`: blank and duplicate events change nothing; everything else becomes exactly one case. */
export function onReportSubmit_(event: unknown): void {
  const startedAt = Date.now();
  const response = responseFromEvent(event);
  // A deleted sweep trigger is noticed here too (at most once an hour; nothing at all while the sweep runs), and
  // anything still pending from an earlier, interrupted run goes out with this report's mail.
  runWaiting({ actor: 'form', startedAt, checkTriggers: Boolean(response), mail: response ? {} : false }, (ctx) => {
    if (!response) {
      ctx.audit.record('intake.blank-ignored', '-', 'a submit event without a response was ignored');
      return;
    }
    runIntake(ctx, { responseId: response.responseId, receivedAt: response.receivedAt, answers: response.answers });
  });
}
