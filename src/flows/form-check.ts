// The sweep's daily check that the report Form takes reports (a Form someone unpublished, closed or restricted to the domain receives nothing, silently, so the committee account is told once) and neither shows nor keeps them (settings put back, and the committee account told); and that Google's storage is not nearly full.
import { DAY_MS } from '../core/deadlines';
import { formLeaksClosedMessage, formNotLiveMessage, formNotLiveReasons, storageFullMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import { buildOwnerMail } from '../workspace/members';
import { readFormLivenessById, storagePercent } from '../workspace/form-liveness';
import { PROP } from '../workspace/schema';
import { ownerAddressOf } from '../workspace/context';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, readProp, writeProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { quotaDay } from './case-state';
import { afterCommit, owedLines } from '../workspace/unit-of-work';

/** The Form is looked at once a day: it changes only when a person changes it, and each look costs service calls. */
export const FORM_CHECK_EVERY_MS = DAY_MS;

export interface FormCheckReport {
  /** False when the check was not due (or setup has not made the Form yet). */
  checked: boolean;
  reasons: string[];
  /** True when this check queued the message to the owner. */
  alerted: boolean;
}

/**
 * Once a day with the Form (two Drive reads): from 90% of Google's storage limit, the committee account is told once a
 * week what to free, before Google refuses new Docs (ADV-565), the account's files turn read-only and its Form takes
 * nothing (Google's help, as relayed in drive.ts). A limit of 0 (unlimited, some Workspace plans) warns of nothing.
 */
export function warnStorageLow(ctx: Context): void {
  const percent = storagePercent();
  // Space freed: filling again is news, told at once, not when the earlier notice's week ends (ADV-591). The warning's
  // week ends below 80% only, so a use hovering about 90% is not warned every day.
  if (percent < 100) dropProp(ctx, PROP.storageFull);
  if (percent < 80) dropProp(ctx, PROP.storageLow);
  if (percent >= 90 && isFinite(percent))
    queueMail(
      ctx,
      buildOwnerMail({
        owner: ownerAddressOf(ctx)!,
        // One a week from the warning, as ADV-565's notice (storage full, its week apart). Not the weeks since 1970, which
        // turn on Thursdays at 00:00 UTC: a warning on Wednesday came again the next day (ADV-583).
        discriminator: `storage-low:${quotaDay(ctx, PROP.storageLow, 7 * DAY_MS)}`,
        message: storageFullMessage(percent),
      }),
    );
}

/**
 * Checks the Form when a day has passed since the last check. While it is not live, the owner gets one message per
 * stretch (from the first check that found it so until one finds it live again), not one a day.
 */
export function checkReportForm(ctx: Context): FormCheckReport {
  const formId = readProp(ctx, PROP.formId);
  const owner = ownerAddressOf(ctx);
  const now = readNow(ctx);
  const last = Date.parse(readProp(ctx, PROP.formCheckedAt) ?? '');
  const due = !Number.isFinite(last) || last > now || now - last >= FORM_CHECK_EVERY_MS;
  if (!formId || !owner || !due) return { checked: false, reasons: [], alerted: false };
  // What a run that died before its commit put back is told now (ADV-608): the Form no longer shows it. Each change is
  // announced before it is made (`intent.form`), and the day's check counts once its alerts are committed.
  const [all, intend] = owedLines(ctx, 'form');
  const { liveness, editUrl, fixed: made } = readFormLivenessById(formId, intend);
  const fixed = all(made);
  const at = readNowIso(ctx);
  afterCommit(ctx, () => readProp(ctx, PROP.formCheckedAt) === at || writeProp(ctx, PROP.formCheckedAt, at));
  if (fixed.length) {
    recordAudit(ctx, 'form.settings-restored', '-', fixed.join('; '));
    const message = formLeaksClosedMessage({ changes: fixed, formEditUrl: editUrl });
    queueMail(ctx, buildOwnerMail({ owner, discriminator: `form-leaks:${readNowIso(ctx)}`, message }));
  }
  const reasons = formNotLiveReasons(liveness);
  if (!reasons.length) {
    if (readProp(ctx, PROP.formNotLiveSince)) {
      dropProp(ctx, PROP.formNotLiveSince);
      recordAudit(ctx, 'form.live-again', '-', 'the report Form takes reports again');
    }
    return { checked: true, reasons, alerted: false };
  }
  let since = readProp(ctx, PROP.formNotLiveSince);
  if (!since) {
    since = readNowIso(ctx);
    writeProp(ctx, PROP.formNotLiveSince, since);
  }
  const message = formNotLiveMessage({ reasons, formEditUrl: editUrl });
  const alerted = queueMail(ctx, buildOwnerMail({ owner, discriminator: `form-not-live:${since}`, message }));
  if (alerted) recordAudit(ctx, 'form.not-live', '-', reasons.join(' '));
  return { checked: true, reasons, alerted };
}
