// Trigger health outside the sweep: a sweep trigger someone deleted can only be restored by an execution that still runs, so form submits, page actions and owner edits check the triggers when nobody has for an hour; and the one-off run when the day's mail quota comes back.
import { HOUR_MS, isoOf } from '../core/deadlines';
import { committeeTime } from './case-state';
import { normalizeEmail } from '../core/text';
import type { Context } from '../workspace/context';
import { auditError, rethrowEnding } from '../workspace/errors';
import { PROP } from '../workspace/schema';
import { effectiveUserEmail } from '../workspace/session';
import type { DeliveryReport } from '../workspace/mailer';
import { createQuotaWakeup, ensureTriggers, type TriggerReport } from '../workspace/triggers';
import { ownerAddressOf } from '../workspace/context';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, readProp, writeProp } from '../workspace/script-properties';
import { afterCommit, owedLines } from '../workspace/unit-of-work';

/**
 * How old the last check may be before an execution other than the sweep checks again. The hourly sweep checks
 * (and records the time) every run, so while it is alive no other execution pays for a check; once it has not
 * run for an hour (its trigger deleted or disabled) the next locked execution looks, at most once an hour.
 */
export const TRIGGER_CHECK_EVERY_MS = HOUR_MS;

const MISSED = 'Reports, edits or deadlines missed meanwhile are taken in and caught up now, late.';

/** What `uninstall` records instead of a time: the owner removed the triggers on purpose, so nothing but setup restores them. */
export const TRIGGERS_REMOVED = 'removed by uninstall';

/**
 * True when `email` (Session's) is the committee account setup recorded. An admin may rename the account (ADV-558):
 * Session then reports the new address while triggers, files and mail stay the account's, so an address that can open
 * the private registry (shared with nobody) is the same account, recorded from then on. Before, every owner-only run
 * (setup, selfTest) was refused as `another account`, and the trigger checks never ran again.
 */
export function isOwner(ctx: Context, email: string): boolean {
  const owner = normalizeEmail(ownerAddressOf(ctx) ?? '');
  if (!owner || !email) return false;
  if (email === owner) return true;
  try {
    ctx.work.registrySpreadsheet();
  } catch (err) {
    rethrowEnding(err);
    return false;
  }
  writeProp(ctx, PROP.owner, email);
  recordAudit(ctx, 'owner.renamed', '-', 'the committee account has a new address');
  return true;
}

/**
 * True when this execution runs as the owner recorded by setup. `getProjectTriggers` lists only the effective
 * user's triggers: run as anyone else, it would see none and create a second set owned by that person.
 */
function runsAsOwner(ctx: Context): boolean {
  return isOwner(ctx, effectiveUserEmail());
}

/**
 * Makes the triggers exactly one per handler, records when, and tells the committee when one had to be
 * re-created or removed (reports, edits or sweeps may have been missed meanwhile). Null when setup has not
 * recorded the form, the status spreadsheet and the owner yet, or when this execution does not run as the owner.
 * Call only while holding the script lock: two executions repairing at once could each create a trigger.
 */
export function repairTriggers(ctx: Context): TriggerReport | null {
  const formId = readProp(ctx, PROP.formId);
  const statusSpreadsheetId = readProp(ctx, PROP.statusSpreadsheetId);
  if (!formId || !statusSpreadsheetId || !runsAsOwner(ctx)) return null;
  // A run that died after repairing, before its commit, left the alert owed (ADV-606): the trigger is back, so only the
  // intent, written before each change, still tells it.
  const [all, intend] = owedLines(ctx, 'triggers');
  const told = (r: Pick<TriggerReport, 'created' | 'deleted'>) =>
    all([
      // One line a trigger: a run that finishes one a killed run began tells the same lines as one never killed.
      ...r.created.map((h) => `Re-created missing trigger(s): ${h}.`),
      ...(r.deleted ? [`Removed ${r.deleted} duplicate or misdirected trigger(s).`] : []),
    ]);
  const result: TriggerReport = { created: [], deleted: 0, kept: [] };
  let failed: unknown;
  try {
    ensureTriggers({ formId, statusSpreadsheetId }, wakeupToKeep(ctx), (r) => intend(told(r)), result);
  } catch (err) {
    // A ScriptApp error part way (ADV-616): the triggers already made or removed are told all the same, in this run's
    // commit, which settles the intent; then the run fails as before.
    rethrowEnding(err);
    failed = err;
  }
  if (result.created.length || result.deleted)
    recordAudit(
      ctx,
      'triggers.repaired',
      '-',
      `created ${result.created.join(', ') || 'none'}; removed ${result.deleted}`,
    );
  noteTriggerCheck(ctx, told(result));
  if (failed) throw failed;
  return result;
}

/**
 * Records the time of a check (the sweep makes one every hour). One over three hours old means nothing ran since
 * (ADV-559): Google refused every run, most often because an upgrade asks for a permission the committee account has
 * not yet granted (`Authorization is required to perform that action.`), and mails that only to that account, in its
 * own words. The first run that works again tells the committee from when, and that what fell due is being caught up.
 */
export function noteTriggerCheck(ctx: Context, repaired: string[] = []): void {
  const last = readProp(ctx, PROP.triggersCheckedAt) ?? '';
  const now = readNowIso(ctx);
  const note = () => writeProp(ctx, PROP.triggersCheckedAt, now);
  const late = readNow(ctx) - Date.parse(last) > 3 * HOUR_MS;
  // A trigger re-created after hours without a run is one event, told once with both facts (ADV-581): it, not an
  // upgrade or Google, is why nothing ran. Dated as every time a person reads, in the committee's zone.
  if (late || repaired.length)
    ctx.outbox.alertCommittee(
      late
        ? `Conduct Desk did not run from ${committeeTime(ctx, last)}`
        : 'The automation\u2019s triggers were repaired',
      [
        ...(repaired.length
          ? repaired
          : [
              'Google ran none of its triggers meanwhile: most often an upgrade waits for the committee account to run setup and allow it, or Google had an outage.',
            ]),
        MISSED,
      ],
    );
  // The time moves once the alert is committed: a run that dies before then leaves it to the next (the crash matrices
  // found it lost), and one that dies after is told again under the same day's key, which the outbox drops.
  if (late) afterCommit(ctx, note);
  else note();
}

/** Two minutes' margin past the quota's return: the wake-up must not find the old day still spent. */
const WAKEUP_MARGIN_MS = 2 * 60_000;

function readWakeup(ctx: Context): { id: string; at: number } | null {
  const stored = ctx.properties.map<unknown>(PROP.quotaWakeup);
  const at = Number(stored.at);
  return typeof stored.id === 'string' && stored.id && Number.isFinite(at) ? { id: stored.id, at } : null;
}

/**
 * The id of the quota wake-up still to run, for `ensureTriggers` to keep; '' when there is none (one that has run is
 * forgotten here, and its trigger removed by the check).
 */
export function wakeupToKeep(ctx: Context): string {
  const wakeup = readWakeup(ctx);
  if (wakeup && wakeup.at > readNow(ctx)) return wakeup.id;
  if (wakeup) dropProp(ctx, PROP.quotaWakeup);
  return '';
}

/**
 * After a delivery that left mail waiting for the day's quota: one run (`mailAtQuotaReset_`) two minutes after the
 * quota comes back, 24 h after the day's first send (apps-script-platform.md §1.1). Without it the mail went with the first
 * hourly sweep after that, up to an hour later: an acknowledgment waiting since a report made within the hour after
 * the day's first send missed the procedure's 24 hours. One wake-up per quota day, made only by the owner's
 * executions (a trigger belongs to whoever creates it); if it cannot be made, the hourly sweep sends the mail.
 */
export function wakeForQuota(ctx: Context, report: DeliveryReport): void {
  if (report.stoppedBy !== 'quota' && !Object.values(report.waiting ?? {}).some((n) => n)) return;
  wakeAt(ctx, ctx.outbox.quotaBackAt(), 'mail');
}

/**
 * The one wake-up two minutes after a daily quota (`what`) comes back at `back`; the earliest still to come is kept:
 * its sweep makes the later one again if the other quota still keeps work waiting (ADV-440: Documents created).
 */
export function wakeAt(ctx: Context, back: number | null, what: string): void {
  const now = readNow(ctx);
  if (back === null || back <= now) return;
  const at = back + WAKEUP_MARGIN_MS;
  const stored = readWakeup(ctx);
  if ((stored && stored.at > now && stored.at <= at) || !runsAsOwner(ctx)) return;
  try {
    // Replaced, not added: one wake-up at a time (the check removes any other).
    const id = createQuotaWakeup(at);
    writeProp(ctx, PROP.quotaWakeup, JSON.stringify({ id, at }));
    recordAudit(ctx, 'mail.wakeup', '-', `a run when the ${what} quota comes back, at ${isoOf(at)}`);
  } catch (err) {
    rethrowEnding(err);
    recordAudit(ctx, 'mail.wakeup-failed', '-', auditError(err));
  }
}

/** True when the triggers were checked less than `TRIGGER_CHECK_EVERY_MS` ago (a readable time, not ahead of the clock). */
export function triggerCheckFresh(ctx: Context): boolean {
  const checked = Date.parse(readProp(ctx, PROP.triggersCheckedAt) ?? '');
  const now = readNow(ctx);
  return Number.isFinite(checked) && checked <= now && now - checked < TRIGGER_CHECK_EVERY_MS;
}

/** True when no execution has checked the triggers for `TRIGGER_CHECK_EVERY_MS` (or the time is unreadable); never after `uninstall`. */
export function triggerCheckDue(ctx: Context): boolean {
  return readProp(ctx, PROP.triggersCheckedAt) !== TRIGGERS_REMOVED && !triggerCheckFresh(ctx);
}

/**
 * The check a form submit, a page action or an owner's edit makes on the way: nothing (not even a call) unless
 * it is due. A failure never stops the person's action; the time is recorded anyway, so a trigger service that is
 * down costs one failed call an hour, not one per execution.
 */
export function checkTriggersIfDue(ctx: Context): TriggerReport | null {
  if (!triggerCheckDue(ctx)) return null;
  try {
    return repairTriggers(ctx);
  } catch (err) {
    rethrowEnding(err);
    const message = auditError(err);
    recordAudit(ctx, 'triggers.check-failed', '-', message);
    ctx.log(`trigger check failed: ${message}`);
    try {
      writeProp(ctx, PROP.triggersCheckedAt, readNowIso(ctx));
    } catch (again) {
      rethrowEnding(again);
    }
    return null;
  }
}
