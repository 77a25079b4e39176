// The sweep's intake recovery: finishes cases whose intake died after writing the registry row, and turns responses that never became a case (an intake killed before its first write, a trigger that did not fire) into cases.
import { DAY_MS, HOUR_MS, isoOf } from '../core/deadlines';
import { docsQuotaMessage, intakeFailedMessage, storageFullMessage } from '../core/messages';
import { isBlankReport } from '../core/report';
import type { Context } from '../workspace/context';
import { buildOwnerMail } from '../workspace/members';
import { auditError, isQuotaSpentForDay, isStorageFull, rethrowEnding } from '../workspace/errors';
import { deleteResponses, listResponses, responseData } from '../workspace/form-responses';
import { PROP } from '../workspace/schema';
import { casesOf } from '../records/cases';
import { outboxKey, outboxOf } from '../records/outbox';
import { committeeTime, quotaDay, tellQuotaOnce } from './case-state';
import { resumeIncompleteIntakes, runIntake } from './intake';
import { ownerAddressOf } from '../workspace/context';
import { readNow, outOfTime } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { readProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';

/**
 * How far back the sweep looks for responses without a case: longer than any pause of the triggers, an `uninstall`
 * with the Form left open among them (two weeks lost every report sent during a longer one); it bounds the retries of
 * a response that keeps failing.
 */
export const RECOVERY_WINDOW_MS = 366 * DAY_MS;
/** Responses are left this long for their own trigger before the sweep takes them over (the trigger fires within seconds). */
export const TRIGGER_GRACE_MS = 5 * 60 * 1000;
/** At most this many filed responses leave the Form per sweep (a Form upgraded with years of responses empties over a few hours). */
const MAX_DELETIONS_PER_SWEEP = 200;
/** At most this many missed responses per sweep (each costs a Doc and mail); the next sweep takes the rest. */
const MAX_PER_SWEEP = 5;
/** Missed responses are taken in, and filed ones deleted, while more than this is left of the execution's budget. */
const RECOVERY_RESERVE_MS = 60 * 1000;
/** A sweep stops trying missed responses after this many failures: whatever fails them may be failing all of them. */
const MAX_FAILURES_PER_SWEEP = 3;

export interface IntakeRecoveryReport {
  resumed: number;
  caught: number;
  /** Responses (or interrupted intakes, by case id) whose intake failed in this sweep: tried again by the next. */
  failed: string[];
  /** The responses a case holds: their Form copies go once the sweep has found the registry whole (deleteFiledCopies). */
  filed: string[];
}

/**
 * One response's intake failed: recorded, and the owner told once for that response (the outbox key is the response
 * id), so one report nothing can open never stops the others nor sends a message every hour. Refused by Google's
 * Documents created quota, it waits for the quota's return (a wake-up then), and the owner is told once per quota
 * day, not once per report of a flood (ADV-440).
 */
function reportIntakeFailure(
  ctx: Context,
  responseId: string,
  receivedAt: number,
  err: unknown,
  expired = false,
): void {
  // Service errors can quote an address ("Invalid email: …"); the Audit tab never holds one.
  const error = auditError(err);
  const docs = isQuotaSpentForDay(error, 'docs create');
  if (docs && !tellQuotaOnce(ctx, PROP.docsDay, 'Documents created', docsQuotaMessage)) return;
  // Drive's "The user's Drive storage quota has been exceeded.": told once a week while it lasts, not once a report,
  // nor to record them by hand (ADV-565). Not resting (no `intake-failed` mark): tried each hour in silence, so a case
  // is made within the hour space comes back.
  const full = isStorageFull(error) && `storage-full:${quotaDay(ctx, PROP.storageFull, 7 * DAY_MS)}`;
  if (full && outboxOf(ctx).has(outboxKey('-', full, 'owner'))) return;
  recordAudit(ctx, 'intake.failed', '-', `a response could not become a case: ${error}`);
  const owner = ownerAddressOf(ctx);
  if (!owner || docs) return;
  const message = full
    ? storageFullMessage()
    : intakeFailedMessage({
        receivedAt: committeeTime(ctx, isoOf(receivedAt)),
        expired,
      });
  queueMail(
    ctx,
    buildOwnerMail({
      owner,
      discriminator: full || `intake-${expired ? 'expired' : 'failed'}:${responseId}`,
      message,
    }),
  );
}

/**
 * A report whose failure the owner was told of is tried once a day (the sweep in the hour of day it came), not every
 * hour for a year, once it has failed for a day: each try cost the run a Doc's creation and an Audit row, and three
 * such reports stopped every sweep before the missed ones after them. An interrupted intake's day is a day of the
 * sweep's tries (`failedTries`), not of age: one that failed once and then waited out a day without a sweep (the
 * trigger off, the day's runtime spent) is not taken for one that always fails (ADV-432).
 */
function rests(ctx: Context, responseId: string, receivedAt: number, failedTries?: number): boolean {
  const age = readNow(ctx) - receivedAt;
  return (
    (failedTries === undefined ? age > DAY_MS : failedTries >= 24) &&
    Math.floor(age / HOUR_MS) % 24 > 0 &&
    outboxOf(ctx).has(outboxKey('-', `intake-failed:${responseId}`, 'owner'))
  );
}

/**
 * The last report the Form trigger took in (its response deleted) has no case: the registry went back to before its
 * intake, and the report is nowhere but in its Doc. Nothing is sent until the committee account puts it back (ADV-548).
 * The Form trigger asks too (ADV-601): a report taken in before any run noticed moved the mark, and hid the lost one.
 */
export function filedLost(ctx: Context): boolean {
  const mark = readProp(ctx, PROP.filedMark);
  return !!mark && mark[0] !== '~' && !casesOf(ctx).responseIds().has(mark) && ctx.outbox.rolledBack(true);
}

/** Runs under the sweep's lock; every intake it starts commits as it goes, like the trigger's own. */
export function recoverIntakes(ctx: Context): IntakeRecoveryReport {
  const failed: string[] = [];
  const resumed = resumeIncompleteIntakes(
    ctx,
    undefined,
    (row, receivedAt, err) => {
      failed.push(row.caseId);
      casesOf(ctx).countFailedTry(row);
      reportIntakeFailure(ctx, row.responseId, receivedAt, err);
    },
    (row) => rests(ctx, row.responseId, Date.parse(row.receivedAt), row.failedTries),
  );
  const formId = readProp(ctx, PROP.formId);
  if (!formId) return { resumed, caught: 0, failed, filed: [] };
  const cases = casesOf(ctx);
  const known = cases.responseIds();
  const filed = cases.filedResponseIds();
  filedLost(ctx);
  const now = readNow(ctx);
  const stubs = listResponses(formId);
  // The archived cases' responses, read only for a response none of the registry's `Cases` holds (normally
  // none: a response leaves the Form within the hour its case is filed, long before the case is archived).
  let archived: Set<string> | null = null;
  const isArchived = (id: string) => (archived ??= cases.archivedResponseIds()).has(id);
  let caught = 0;
  for (const stub of stubs) {
    if (
      // Gone back in time: the report waits in the Form, for the registry put back (ADV-594).
      ctx.outbox.rolled ||
      caught >= MAX_PER_SWEEP ||
      failed.length >= MAX_FAILURES_PER_SWEEP ||
      outOfTime(ctx, RECOVERY_RESERVE_MS)
    )
      break;
    if (!stub.responseId || known.has(stub.responseId) || now - stub.receivedAt < TRIGGER_GRACE_MS) continue;
    if (isArchived(stub.responseId)) {
      known.add(stub.responseId);
      filed.add(stub.responseId);
      continue;
    }
    if (now - stub.receivedAt > RECOVERY_WINDOW_MS) {
      // No longer tried, the Form would keep it, its reporter's identity included, for good: the owner hears once.
      if (!outboxOf(ctx).has(outboxKey('-', `intake-expired:${stub.responseId}`, 'owner')))
        if (isBlankReport(responseData(stub).answers)) filed.add(stub.responseId);
        else reportIntakeFailure(ctx, stub.responseId, stub.receivedAt, 'not tried after a year', true);
      continue;
    }
    if (rests(ctx, stub.responseId, stub.receivedAt)) continue;
    let outcome: ReturnType<typeof runIntake>;
    try {
      const data = responseData(stub);
      // Nothing to keep: it leaves the Form with the filed ones, or every sweep read its answers again, for good.
      if (isBlankReport(data.answers)) {
        filed.add(stub.responseId);
        continue;
      }
      // The report the Form trigger took in while the registry was gone back in time, lost by the repair: its reporter
      // was acknowledged then (ADV-614).
      outcome = runIntake(ctx, { ...data, acked: readProp(ctx, PROP.filedMark) === `~${stub.responseId}` });
    } catch (err) {
      rethrowEnding(err);
      // Left out of `known`: the next sweep tries it again.
      failed.push(stub.responseId);
      reportIntakeFailure(ctx, stub.responseId, stub.receivedAt, err);
      continue;
    }
    known.add(stub.responseId);
    if (outcome.kind !== 'ignored-blank') filed.add(stub.responseId);
    if (outcome.kind === 'created') {
      caught++;
      recordAudit(
        ctx,
        'intake.caught-up',
        outcome.caseId,
        'a response that had not become a case was taken in by the sweep',
      );
    }
  }
  return {
    resumed,
    caught,
    failed,
    filed: stubs
      .map((stub) => stub.responseId)
      .filter((id) => filed.has(id))
      .slice(0, MAX_DELETIONS_PER_SWEEP),
  };
}

/**
 * Retention: a response a finished case holds leaves the Form, reporter identity included; never one whose intake is
 * unfinished (its resumption reads the answers from the Form). Only at the sweep's end, and never while the registry
 * is gone back in time: a case made in it, which the version from just before lacks, is taken in again from its Form
 * copy once repaired (ADV-614).
 */
export function deleteFiledCopies(ctx: Context, filed: string[]): void {
  const deleted = deleteResponses(readProp(ctx, PROP.formId) ?? '', filed, () => !outOfTime(ctx, RECOVERY_RESERVE_MS));
  if (deleted)
    recordAudit(ctx, 'retention.form-copies-deleted', '-', `${deleted} filed responses deleted from the Form`);
}
