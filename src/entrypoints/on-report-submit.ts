// Form-submit trigger handler: turns one report into one case (persist first, mail second).
import { runIntake } from '../flows/intake';
import { deleteResponses } from '../workspace/form-responses';
import { responseFromEvent } from '../workspace/forms';
import { PROP } from '../workspace/schema';
import { runWaiting } from './runner';

/** `onReportSubmit_(e)`: blank and duplicate events change nothing; everything else becomes exactly one case. */
export function onReportSubmit_(event: unknown): void {
  const startedAt = Date.now();
  const response = responseFromEvent(event);
  // A deleted sweep trigger is noticed here too (at most once an hour; nothing at all while the sweep runs). Only
  // the mail this execution queued goes: other cases' messages (an earlier run's leftovers) are the hourly sweep's,
  // so a report's intake never reads them (the outbox holds every open case's mail).
  const mail = response ? { scope: 'own' as const } : false;
  runWaiting({ actor: 'form', startedAt, checkTriggers: Boolean(response), mail }, (ctx) => {
    if (!response) {
      ctx.audit.record('intake.blank-ignored', '-', 'a submit event without a response was ignored');
      return;
    }
    const outcome = runIntake(ctx, {
      responseId: response.responseId,
      receivedAt: response.receivedAt,
      answers: response.answers,
    });
    // Retention: the case holds the report now (committed), so the Form's copy goes. Killed before this line, the
    // sweep deletes it; never before the commit, or an interrupted intake could not be resumed.
    const formId = ctx.properties.get(PROP.formId);
    if (outcome.kind !== 'ignored-blank' && formId) deleteResponses(formId, [response.responseId]);
  });
}
