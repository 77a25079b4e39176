// Cases nobody can move (issue 14 point 5): every member conflicted or named, or no answer within the screening window — the owner and the escalation contact are told within the hour, never a conflicted member; silent members are reminded once, from halfway through the window (after it, when no sweep ran in it).
import { DAY_MS, HOUR_MS } from '../core/deadlines';
import { committeeAlertMessage, digestNeedFor, SCREENING_REMINDER } from '../core/messages';
import { DEFAULT_SCREENING_WINDOW_HOURS, type Settings } from '../core/settings';
import type { Context } from '../workspace/context';
import { buildAlertMail } from '../workspace/members';
import { type OutgoingMail, AT_LEAST_ONCE } from '../workspace/mailer';
import { slotKey } from '../workspace/unit-of-work';
import { casesOf, isClosed, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { outboxKey, outboxOf, type OutboxKeys } from '../records/outbox';
import { logInDocOrAudit } from './case-state';
import { keptOut } from './self-reported';
import { settingsOf, activeMembers } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { LINK_TTL_DAYS } from '../workspace/schema';
import { freshCheck } from './intake';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';

/** The stall alerts' window when Settings' `Screening window (hours)` is 0 (votes need not wait; a silent committee still must be noticed). */
export const FALLBACK_SCREENING_WINDOW_HOURS = DEFAULT_SCREENING_WINDOW_HOURS;

/**
 * The hours after a report during which members are expected to answer screening: those Settings gave when it came
 * (a later change must not cut short the time a silent member was given), or today's for a case from before.
 */
export function screeningWindowHours(settings: Settings, state: Case): number {
  const hours = state.deadlines.screeningHours ?? settings.screeningWindowHours;
  return hours > 0 ? hours : FALLBACK_SCREENING_WINDOW_HOURS;
}

/** When the members' time to answer began: the report, or the case's latest reopening (ADV-519: not stalled at once). */
export function screeningStartOf(state: Case): number {
  return Date.parse(String(state.flags.reopenedAt || state.receivedAt));
}

/**
 * The screening window's start, for the stall alerts and the vote (ADV-524): a reopening only while a member asked is
 * silent; one never asked (joined since) is nobody to wait for (ADV-288). The outbox is read only for a reopened case.
 */
export function windowStartOf(ctx: Context, state: Case, clearances: Clearances, keys?: OutboxKeys): string {
  const at = state.flags.reopenedAt;
  return String(
    (at && silentAsked(ctx, state, clearances, keys ?? outboxOf(ctx).keyIndex()).length && at) || state.receivedAt,
  );
}

/** A member's screening reminder, once in each of the case's lives: one asked again after a reopening is reminded again (ADV-525). */
function reminderKey(state: Case, id: string): string {
  return outboxKey(state.id, SCREENING_REMINDER + (state.flags.reopenedAt ? `:${state.flags.reopenedAt}` : ''), id);
}

/** The active members sent the case's conflict check who have not answered it. */
function silentAsked(ctx: Context, state: Case, clearances: Clearances, keys: OutboxKeys) {
  return ctx.committee
    .active()
    .filter((m) => keys.has(outboxKey(state.id, 'screening', m.id)) && !clearances.latest(state.id, m.id));
}

/** Settings' screening window (hours), whatever a case stored. */
function settingsWindowHours(settings: Settings): number {
  return settings.screeningWindowHours > 0 ? settings.screeningWindowHours : FALLBACK_SCREENING_WINDOW_HOURS;
}

export type StallReason = 'all-conflicted' | 'no-answer' | 'below-quorum';

export interface StallReport {
  alerts: number;
  reminders: number;
}

/**
 * Why nobody can take the case now, or null. `all-conflicted`: every active member declared a conflict or was
 * named in the report (intake records that as a conflict), or nobody is active. `no-answer`: the screening window
 * has passed and nobody declared "no conflict".
 */
export function stallOf(ctx: Context, state: Case, clearances: Clearances, keys: OutboxKeys): StallReason | null {
  if (isClosed(state)) return null;
  const active = activeMembers(ctx);
  const latest = active.map((m) => clearances.latest(state.id, m.id)?.decision ?? null);
  const received = Date.parse(windowStartOf(ctx, state, clearances, keys));
  const settings = settingsOf(ctx);
  const windowOver =
    Number.isFinite(received) && readNow(ctx) >= received + screeningWindowHours(settings, state) * HOUR_MS;
  if (latest.includes('no-conflict')) {
    // Cleared members, but fewer voting ones than a vote needs once everyone who will answer has: nobody may decide.
    // Not while a vote runs: it decides with the voters it opened with, `Minimum voters` raised since or not (ADV-532).
    const answered = active.every((m, i) => m.role !== 'voting' || latest[i] !== null);
    const voters = active.filter((m, i) => m.role === 'voting' && latest[i] === 'no-conflict').length;
    return (answered || windowOver) && voters < settings.minimumVoters && !hasDecided(state) && state.phase !== 'voting'
      ? 'below-quorum'
      : null;
  }
  if (latest.every((d) => d === 'conflict')) return 'all-conflicted';
  if (windowOver) return 'no-answer';
  return null;
}

/** True once a vote on the case passed: the case moved on, whoever is cleared now. */
function hasDecided(state: Case): boolean {
  return Boolean(state.flags.recommendation || state.flags.letter || state.flags.override);
}

/** What the owner and the escalation contact read: what is stuck and what to do, the code name only. */
function stallText(
  reason: StallReason,
  hours: number,
  minimumVoters: number,
  reminded: { silent: number; reminded: number },
  purged: boolean,
  since: string,
): { title: string; lines: string[] } {
  // A purged case no longer knows its reporter and witnesses: a newcomer is never asked about it (onboarding.ts).
  const add = purged
    ? 'make active again a member who held it before (its reporter details are deleted: a new member is never asked about it)'
    : 'add a member without a conflict on the Committee tab (a new member is asked about open cases)';
  if (reason === 'below-quorum')
    return {
      title: 'Too few voting members can decide this case',
      lines: [
        `Fewer than ${minimumVoters} voting members without a conflict can vote on it (Settings "Minimum voters"): nobody decides alone, so no vote can open.`,
        `What to do: ${add}, or ask the escalation contact to handle it.`,
      ],
    };
  return reason === 'all-conflicted'
    ? {
        title: 'No committee member can take this case',
        lines: [
          'Every active member has a conflict or is named in the report: nobody on the committee can see or act on it.',
          `What to do: ${add}, or ask the escalation contact to handle it.`,
        ],
      }
    : {
        title: 'Nobody has answered the conflict-of-interest check',
        lines: [
          `No member declared "no conflict" within ${hours} hours of ${since}; ${remindedText(reminded)}`,
          `What to do: ask the members to answer their screening email, or ${add}.`,
        ],
      };
}

/** Whether the silent members were reminded: a sweep that did not run in the window's second half could not (ADV-248). */
function remindedText({ silent, reminded }: { silent: number; reminded: number }): string {
  if (!silent) return 'no member now active is left to answer.';
  if (reminded >= silent) return 'each silent member was reminded once.';
  const why = 'no sweep ran in the second half of the window';
  return reminded
    ? `${reminded} of the ${silent} silent members were reminded; ${why} for the others, who get a reminder now.`
    : `No reminder went: ${why}. The silent members get a reminder now.`;
}

/**
 * The sweep's look at one case: alerts the owner and the escalation contact once per reason when the case is
 * stuck (never a member with a conflict: an escalation contact who is a member conflicted for the case is left
 * out), and reminds each member who was sent the screening email and has not answered, once, from half the window
 * (late when no sweep ran in it), with fresh links. Writes nothing when nothing is due.
 */
export function sweepStalls(ctx: Context, state: Case, clearances: Clearances, keys: OutboxKeys): StallReport {
  const report: StallReport = { alerts: 0, reminders: 0 };
  if (isClosed(state)) return report;
  const settings = settingsOf(ctx);
  waitForScreeningMail(ctx, state, keys, settings);
  askAgain(ctx, state, clearances, keys);
  const hours = screeningWindowHours(settings, state);
  const reason = stallOf(ctx, state, clearances, keys);
  if (reason) report.alerts = alertStall(ctx, state, clearances, keys, reason, hours, settings);
  if (reason !== 'all-conflicted') report.reminders = remindSilentMembers(ctx, state, clearances, keys, hours);
  return report;
}

/**
 * A reopened case's silent members whose newest check's links ran out are asked again with fresh links (ADV-520): the
 * reminder, the case page and the stall alert send them back to that check. Each such check is keyed by the 30-day
 * span since the report it was made in: one made before the last span has run out, and none is read before then.
 */
function askAgain(ctx: Context, state: Case, clearances: Clearances, keys: OutboxKeys): void {
  const ttl = LINK_TTL_DAYS.screening * DAY_MS;
  const now = readNow(ctx);
  const span = Math.floor((now - Date.parse(state.receivedAt)) / ttl);
  // A purged case no longer knows whom its check must leave out (freshCheck).
  if (!state.flags.reopenedAt || state.flags.purgedBefore || !(span > 0)) return;
  const check = (m: { id: string }, n = span) => outboxKey(state.id, n ? `screening:${n}` : 'screening', m.id);
  const silent = silentAsked(ctx, state, clearances, keys).filter(
    (m) => keys.state(check(m, 0)) === 'sent' && !keys.has(check(m)),
  );
  // Their rows read together (the outbox's keys are read already: none when nobody is silent).
  const made = outboxOf(ctx).createdAt(silent.flatMap((m) => [check(m, 0), check(m, span - 1)]));
  for (const m of silent) {
    const lapsed = [0, span - 1].every((n) => !(Date.parse(made.get(check(m, n)) ?? '') + ttl > now));
    const message = lapsed && freshCheck(ctx, check(m));
    if (message)
      queueMail(ctx, {
        key: check(m),
        caseId: state.id,
        kind: 'screening',
        to: m.email,
        ...message,
        delivery: AT_LEAST_ONCE,
      });
  }
}

/**
 * A member whose screening email still waits for the day's mail quota has not been asked yet: the window runs on to
 * Settings' hours from now, as for a report taken in late (intake.ts, ADV-246), so no vote opens without the members
 * asked last and no stall is told before they had their time (ADV-415). One queued by this run goes with it.
 */
function waitForScreeningMail(ctx: Context, state: Case, keys: OutboxKeys, settings: Settings): void {
  const base = settings.screeningWindowHours;
  const hours = Math.ceil((readNow(ctx) - screeningStartOf(state)) / HOUR_MS) + base;
  if (
    base &&
    hours > screeningWindowHours(settings, state) &&
    ctx.outbox.waitsForQuota() &&
    activeMembers(ctx).some((m) => keys.state(outboxKey(state.id, 'screening', m.id)) === 'pending')
  )
    casesOf(ctx).setScreeningHours(state, hours);
}

function alertStall(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  keys: OutboxKeys,
  reason: StallReason,
  hours: number,
  settings: Settings,
): number {
  // Once per reason in each of the case's lives: a case opened again that nobody can take is told again (ADV-261).
  const discriminator = `stuck:${reason}${state.flags.reopenedAt ? `:${state.flags.reopenedAt}` : ''}`;
  const owner = (ownerAddressOf(ctx) ?? '').trim();
  const contact = (settings.escalationContact ?? '').trim();
  const recipients: Array<{ id: string; email: string }> = [];
  if (owner) recipients.push({ id: 'owner', email: owner });
  // Never a contact the report names or who has a conflict: the committee account is told alone then.
  if (contact && contact.toLowerCase() !== owner.toLowerCase() && !keptOut(ctx, state, clearances, contact))
    recipients.push({ id: 'contact', email: contact });
  const due = recipients.filter((r) => !keys.has(outboxKey(state.id, discriminator, r.id)));
  if (!due.length) return 0;
  // Members who were sent the screening email and are silent, and how many of them a reminder reached.
  const silent = silentAsked(ctx, state, clearances, keys);
  const reminded = silent.filter((m) => keys.has(reminderKey(state, m.id))).length;
  const { title, lines } = stallText(
    reason,
    hours,
    settings.minimumVoters,
    { silent: silent.length, reminded },
    Boolean(state.flags.purged || state.flags.purgedBefore),
    windowStartOf(ctx, state, clearances, keys) === state.receivedAt ? 'the report' : 'its reopening',
  );
  const queued = due.length;
  // Queued together after the cases are swept (`tellStalls`): one email per recipient however many cases (ADV-459).
  for (const member of due) {
    const mail = buildAlertMail({ title, lines, codeName: state.codeName, caseId: state.id, member, discriminator });
    ctx.work.slot(STALLS, () => []).push({ mail, code: state.codeName, title, lines });
    keys.add(mail.key);
  }
  if (queued) {
    // A Doc Drive no longer gives (lost, or a reopened case's that waits for a new one, ADV-464) costs the line only:
    // it failed the sweep's case step every hour, its cases' alerts and every later case's deadlines with it.
    logInDocOrAudit(
      ctx,
      state,
      `Nobody can take the case (${reason}): the committee account${due.some((r) => r.id === 'contact') ? ' and the escalation contact were' : ' was'} told.`,
      'the stall alert',
    );
    recordAudit(ctx, 'case.stuck', state.id, `${reason}; ${queued} recipient(s) told`);
  }
  return queued;
}

const STALLS = slotKey<Array<{ mail: OutgoingMail; code: string; title: string; lines: string[] }>>('stalls');

/**
 * Queues the run's stall alerts (ADV-459): a recipient told of one case gets its alert; told of several (a junk flood
 * nobody answered), one email listing them by code name. Each case's own alert is queued too, and marked gone in that
 * email in the same commit: told once, never lost, whatever kills the run.
 */
export function tellStalls(ctx: Context): void {
  const byTo = new Map<string, Array<{ mail: OutgoingMail; code: string; title: string; lines: string[] }>>();
  for (const a of ctx.work.slot(STALLS, () => []).splice(0)) byTo.set(a.mail.to, [...(byTo.get(a.mail.to) ?? []), a]);
  for (const [to, alerts] of byTo) {
    for (const a of alerts) queueMail(ctx, a.mail);
    if (alerts.length < 2) continue;
    const all = buildAlertMail({
      title: `Nobody can take ${alerts.length} cases`,
      lines: alerts.map((a) => `${a.code}: ${a.title}.`),
      caseId: '-',
      member: { id: alerts[0].mail.key.split('|').pop() as string, email: to },
      discriminator: `stuck:${readNowIso(ctx)}`,
      tail: [...new Set(alerts.flatMap((a) => a.lines))],
    });
    queueMail(ctx, all);
    outboxOf(ctx).dropPending(
      alerts.map((a) => a.mail.key),
      readNowIso(ctx),
      `in ${all.key}`,
    );
  }
}

/**
 * One reminder to each member who was sent the screening email and has not answered, from half the window (after its
 * end when no sweep ran in it). It goes into the member's reminder digest (digests.ts: one email per member per day or week, however many
 * cases): a flood of reports must not spend the day's mail quota on reminders.
 */
function remindSilentMembers(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  keys: OutboxKeys,
  hours: number,
): number {
  const received = screeningStartOf(state);
  const now = readNow(ctx);
  // From half the window, or earlier so two hourly sweeps fall in it: from half of one hour, none might. Late too, once:
  // a reminder no sweep could send in the window (an outage) still asks the silent members the stuck case needs.
  const half = (window: number) => Math.max(0, Math.min(window / 2, window - 2)) * HOUR_MS;
  const from = received + half(hours);
  if (!Number.isFinite(received) || now < from) return 0;
  // A member whose screening email went late (it waited for the quota, ADV-415) is reminded at half the Settings
  // window from that email, not at once: the case's window was moved on for them (ADV-419).
  const own = half(settingsWindowHours(settingsOf(ctx)));
  const asked = (member: { id: string }) => outboxKey(state.id, 'screening', member.id);
  // Only members who were sent the screening email (a member who joined later is asked through onboarding), silent,
  // not yet reminded, and not still waiting for that email.
  const silent = silentAsked(ctx, state, clearances, keys).filter(
    (m) => !keys.has(reminderKey(state, m.id)) && keys.state(asked(m)) !== 'pending',
  );
  // When their screening emails went: their outbox rows read together, once for the case.
  const wentAt = silent.length ? outboxOf(ctx).createdAt(silent.map(asked), 'Updated At') : new Map<string, string>();
  let queued = 0;
  for (const member of silent) {
    const key = reminderKey(state, member.id);
    const went = Date.parse(wentAt.get(asked(member)) ?? '');
    if (went > received + HOUR_MS && now < went + own) continue;
    const message = committeeAlertMessage({
      title: digestNeedFor(SCREENING_REMINDER),
      lines: [],
      codeName: state.codeName,
    });
    if (
      queueMail(ctx, {
        key,
        caseId: state.id,
        kind: 'reminder',
        to: member.email,
        ...message,
        delivery: AT_LEAST_ONCE,
        digest: true,
      })
    )
      queued++;
    keys.add(key);
  }
  if (queued) recordAudit(ctx, 'screening.reminded', state.id, `${queued} member(s) reminded once`);
  return queued;
}
