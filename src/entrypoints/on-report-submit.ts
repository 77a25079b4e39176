// Form-submit trigger handler: turns one report into one case (persist first, mail second).
import { runIntake } from '../flows/intake';
import { filedLost } from '../flows/intake-recovery';
import { readHistoryNarrow } from '../records/cases';
import { responseFromEvent } from '../workspace/forms';
import { PROP } from '../workspace/schema';
import { TRIGGER_LOCK_WAIT_MS } from '../workspace/lock';
import { runWaiting } from './runner';
import { recordAudit } from '../workspace/audit-trail';
import { writeProp } from '../workspace/script-properties';

/** `onReportSubmit_(e)`: blank and duplicate events change nothing; everything else becomes exactly one case. */
export function onReportSubmit_(event: unknown): void {
  const startedAt = Date.now();
  const response = responseFromEvent(event);
  // A deleted sweep trigger is noticed here too (at most once an hour; nothing at all while the sweep runs). A new
  // case's intake sends only its own mail (runIntake); a re-delivered event sends whatever is pending, so the mail of
  // a run that died sending goes out with it.
  runWaiting(
    {
      actor: 'form',
      startedAt,
      waitMs: TRIGGER_LOCK_WAIT_MS,
      checkTriggers: Boolean(response),
      mail: response ? {} : false,
    },
    (ctx) => {
      if (!response) {
        recordAudit(ctx, 'intake.blank-ignored', '-', 'a submit event without a response was ignored');
        return;
      }
      // The registry is gone back in time (ADV-586): a case made now, its Form copy deleted, the version from just
      // before would not hold. The report waits in the Form; the sweep takes it in once repaired (ADV-594). Its
      // delivery checks no mark, so it does not take the registry for repaired when only the sweep's marks tell.
      // Nor when the last report taken in has no case (ADV-601): the intake reads the Cases column anyway.
      readHistoryNarrow(ctx);
      if (ctx.outbox.rolled || filedLost(ctx)) return ctx.outbox.deliverOwnOnly();
      const outcome = runIntake(ctx, {
        responseId: response.responseId,
        receivedAt: response.receivedAt,
        answers: response.answers,
      });
      // Its id outlives a restore of the registry to before the case, which the sweep notices (ADV-548): one write. The
      // Form's copy stays until a sweep has found the registry whole (deleteFiledCopies, ADV-614).
      if (outcome.kind !== 'ignored-blank') writeProp(ctx, PROP.filedMark, response.responseId);
    },
  );
}
