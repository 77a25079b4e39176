// Member reminders as one digest per member per day or week (Settings `Reminder digest`): code names, what each case needs, and links.
import { DAY_MS, dayIn, HOUR_MS, isoOf } from '../core/deadlines';
import {
  MAIL_LIST_MAX,
  digestNeedFor,
  reminderDigestMessage,
  SCREENING_REMINDER,
  type Message,
} from '../core/messages';
import type { DigestPeriod } from '../core/settings';
import type { Context } from '../workspace/context';
import { LINK_TTL_DAYS } from '../workspace/schema';
import { casesOf, isClosed, owesFollowUp, type Case } from '../records/cases';
import { clearancesOf, isCleared } from '../records/clearances';
import { outboxKey, outboxOf, type DigestEntry } from '../records/outbox';
import { screeningStartOf, screeningWindowHours } from './stalls';
import { memberById, settingsOf } from '../workspace/committee';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';

/**
 * The digest period holding `nowIso` in the committee's time zone: its date (`2026-03-02`) for daily digests, the
 * Monday of its week (`week-2026-03-02`) for weekly ones. A member gets one digest per period (and one more for a
 * screening reminder that cannot wait).
 */
export function digestPeriodOf(nowIso: string, timeZone: string, period: DigestPeriod): string {
  const date = dayIn(nowIso, timeZone);
  if (period === 'daily') return date;
  const day = new Date(`${date}T00:00:00Z`);
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  return `week-${monday.toISOString().slice(0, 10)}`;
}

/**
 * The members whose digest of the period before or after `period` was queued within `period` as the committee counts
 * it now: the owner moved Settings' `Time zone` since (east, the new zone's day had begun; west, it had not ended), and
 * a second digest that day would follow the first by hours.
 */
function hadDigestIn(ctx: Context, memberIds: readonly string[], period: string, zone: string, kind: DigestPeriod) {
  const start = Date.parse(`${period.replace('week-', '')}T00:00:00Z`);
  const around = [-1, 1].map((n) => {
    const date = isoOf(start + n * (kind === 'daily' ? 1 : 7) * DAY_MS).slice(0, 10);
    return `digest:${kind === 'daily' ? date : `week-${date}`}`;
  });
  const keys = memberIds.flatMap((id) => around.map((d) => outboxKey('-', d, id)));
  const created = outboxOf(ctx).createdAt(keys);
  const had = new Set<string>();
  memberIds.forEach((id, i) => {
    for (const key of keys.slice(2 * i, 2 * i + 2)) {
      const at = created.get(key);
      if (at && digestPeriodOf(at, zone, kind) === period) had.add(id);
    }
  });
  return had;
}

/**
 * Gathers every member's waiting reminders into that member's digest for the current period, unless the member
 * already had one in it (then they wait for the next period). Reminders of a case closed meanwhile, or of a member
 * no longer active or no longer cleared for the case (or, for a screening reminder, who answered), are dropped. The digest is queued and its reminders marked `digested` in the same commit, so
 * a crash either does both or neither. Returns how many digests were queued.
 */
const SCREENING_NEED = digestNeedFor(SCREENING_REMINDER);

export function queueReminderDigests(ctx: Context): number {
  const outbox = outboxOf(ctx);
  const waiting = outbox.awaitingDigest();
  if (!waiting.length) return 0;
  const settings = settingsOf(ctx);
  const period = digestPeriodOf(readNowIso(ctx), settings.timeZone, settings.reminderDigest);
  const now = readNowIso(ctx);
  const byMember = new Map<string, DigestEntry[]>();
  for (const entry of waiting) byMember.set(entry.memberId, [...(byMember.get(entry.memberId) ?? []), entry]);
  const cases = casesOf(ctx);
  const had = hadDigestIn(ctx, [...byMember.keys()], period, settings.timeZone, settings.reminderDigest);
  const windowEndsIn = (caseId: string) => {
    const kase = cases.find(caseId);
    const end = kase ? screeningStartOf(kase) + screeningWindowHours(settings, kase) * HOUR_MS : NaN;
    return end > Date.parse(now) && digestPeriodOf(isoOf(end), settings.timeZone, settings.reminderDigest) === period;
  };
  let queued = 0;
  for (const [memberId, entries] of byMember) {
    const member = memberById(ctx, memberId);
    if (!member || !member.active) {
      outbox.markDigested(entries, now, 'dropped: the member is no longer active');
      continue;
    }
    let key = outboxKey('-', `digest:${period}`, memberId);
    let due = entries;
    if (outbox.has(key) || had.has(memberId)) {
      // A screening reminder whose window ends this period would reach them after it in the next digest: it goes now,
      // alone, in a digest of its own: once for its case (a week may hold several reports' windows, ADV-414).
      due = entries.filter((e) => e.discriminator.startsWith(SCREENING_REMINDER) && windowEndsIn(e.caseId));
      if (!due.length) continue;
      key = outboxKey('-', `digest:${period}:screening:${due[0].caseId}`, memberId);
      if (outbox.has(key)) continue;
    }
    const open = keepDue(ctx, cases, due);
    if (!open.length) continue;
    const { message, total } = digestOf(ctx, cases, memberId, open);
    queueMail(ctx, { key, caseId: '-', kind: 'digest', to: member.email, ...message, delivery: AT_LEAST_ONCE });
    outbox.markDigested(open, now, `in ${key}`);
    recordAudit(ctx, 'reminders.digest', '-', `${total} case(s) for member ${memberId}`);
    queued++;
  }
  return queued;
}

/**
 * The reminders still due to their member; the others are dropped, with why: their case closed (or what they remind
 * of was done), or the member may no longer hear of the case: a reminder goes only to one still to answer its check,
 * or cleared; a conflict declared (or a leaving) since drops it.
 */
function keepDue(ctx: Context, cases: ReturnType<typeof casesOf>, entries: readonly DigestEntry[]): DigestEntry[] {
  const now = readNowIso(ctx);
  return entries.filter((entry) => {
    const kase = cases.find(entry.caseId);
    // Nor one about the follow-up once it is sent or waived (on an open case too, ADV-319).
    const done =
      (kase?.flags.followUp || kase?.flags.followUpWaived) && entry.discriminator.startsWith('reminder:follow-up');
    const latest = kase ? clearancesOf(ctx).latest(kase.id, entry.memberId) : null;
    const note =
      !kase || (isClosed(kase) && !owesFollowUp(kase)) || done
        ? done
          ? 'nothing more is due'
          : 'the case is closed'
        : (entry.discriminator.startsWith(SCREENING_REMINDER) ? latest : !isCleared(latest))
          ? 'no longer due to the member'
          : '';
    if (note) outboxOf(ctx).markDigested([entry], now, `dropped: ${note}`);
    return !note;
  });
}

/**
 * A member's digest of these reminders. Unanswered conflict checks (their window ends soonest), then the oldest cases:
 * only these get a signed link (ADV-372). The rest are counted, and their reminders are done with this digest: a case
 * still due is reminded of again in the next period.
 */
function digestOf(ctx: Context, cases: ReturnType<typeof casesOf>, memberId: string, open: readonly DigestEntry[]) {
  const items = new Map<string, { kase: Case; needs: string[] }>();
  for (const entry of open) {
    const kase = cases.find(entry.caseId) as Case;
    const need = digestNeedFor(entry.discriminator);
    const item = items.get(kase.id) ?? { kase, needs: [] };
    items.set(kase.id, item);
    if (!item.needs.includes(need)) item.needs.push(need);
  }
  const checkFirst = (needs: string[]) => (needs.includes(SCREENING_NEED) ? 0 : 1);
  const listed = [...items.values()]
    .sort((a, b) => checkFirst(a.needs) - checkFirst(b.needs) || a.kase.receivedAt.localeCompare(b.kase.receivedAt))
    .slice(0, MAIL_LIST_MAX)
    .map(({ kase, needs }) => ({
      codeName: kase.codeName,
      needs,
      casePageUrl: linkOf(ctx, memberId, kase.id, 'case', LINK_TTL_DAYS.case),
    }));
  const period = settingsOf(ctx).reminderDigest;
  return { message: reminderDigestMessage({ period, items: listed, total: items.size }), total: items.size };
}

/**
 * A digest about to go, checked again: it may have waited days for the day's quota (ADV-423). Its reminders no longer
 * due (answered, a conflict since, the case closed) are dropped and it is written again from the rest: undefined
 * when all still stand, null when none does (it does not go).
 */
export function recheckDigest(ctx: Context, key: string): Message | null | undefined {
  const outbox = outboxOf(ctx);
  const entries = outbox.digestedIn(key);
  const cases = casesOf(ctx);
  const open = keepDue(ctx, cases, entries);
  if (open.length === entries.length) return undefined;
  return open.length && memberById(ctx, open[0].memberId)?.active
    ? digestOf(ctx, cases, open[0].memberId, open).message
    : null;
}
