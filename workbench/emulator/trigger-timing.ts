// When clock triggers really fire (a seeded minute within their slot, sometimes late) and the daily trigger runtime quota (90 minutes on a consumer account, 6 hours on Workspace).
//
// Google: time-driven triggers are randomized: "if you create a recurring 9 AM trigger, Apps Script chooses a time
// between 9 AM and 10 AM, then keeps that timing consistent from day to day" (guides/triggers/installable), and they
// can run late (apps-script-platform.md §3: up to about an hour off their nominal time; `after(ms)` never early).
// Quotas (guides/services/quotas): "Triggers total runtime" 90 min / day (consumer) and 6 hr / day (Workspace);
// past it executions fail with "Service using too much computer time for one day."

import type { TriggerRecord } from './script-app';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The message Google's quotas page gives for the exhausted daily trigger runtime. */
export const TRIGGER_RUNTIME_EXCEEDED = 'Service using too much computer time for one day.';
/** An execution after an upgrade added a scope the owner has not yet authorized (apps-script-platform.md §errors). */
export const AUTHORIZATION_REQUIRED = 'Authorization is required to perform that action.';

/** Daily trigger runtime per account kind (quotas page). */
export const TRIGGER_RUNTIME_MS = { consumer: 90 * MINUTE, workspace: 6 * HOUR } as const;

/** A firing is late about one time in eight, by 1 to 15 minutes (❓ Google gives no rate: a model, seeded). */
const LATE_ONE_IN = 8;
const LATE_MAX_MINUTES = 15;

/** FNV-1a over a string, for seeded per-trigger and per-slot draws that do not depend on call order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * How far after its nominal slot a recurring clock trigger fires: a fixed offset per trigger within the slot's first
 * hour (or within the period, when shorter), in whole seconds, plus now and then a few minutes of lateness. A one-off
 * trigger (`at`, `after`, `atDate`) is never early and late as often and by as much as a recurring one: Google says
 * only "Specifies when the trigger runs" of `at` and, of `after`, that "the actual duration might vary"
 * (reference/script/clock-trigger-builder), so the stricter case is modelled.
 */
export function triggerDelay(seed: number, trigger: Pick<TriggerRecord, 'uid' | 'schedule'>, slot: number): number {
  const s = trigger.schedule;
  if (!s) return 0;
  if (s.kind === 'once') {
    const draw = hash(`${seed}|${trigger.uid}|${slot}`);
    return draw % LATE_ONE_IN === 0 ? (1 + (draw % LATE_MAX_MINUTES)) * MINUTE : 0;
  }
  const period =
    s.kind === 'minutes' ? s.every * MINUTE : s.kind === 'hours' ? s.every * HOUR : s.kind === 'days' ? DAY : 7 * DAY;
  // A trigger given a minute (nearMinute) keeps it: "plus or minus 15 minutes" is not modelled.
  const window = s.minute !== undefined ? 0 : Math.min(period, HOUR);
  const offset = window ? (hash(`${seed}|${trigger.uid}`) % Math.floor(window / 1000)) * 1000 : 0;
  const draw = hash(`${seed}|${trigger.uid}|${slot}`);
  const late = period >= HOUR && draw % LATE_ONE_IN === 0 ? (1 + (draw % LATE_MAX_MINUTES)) * MINUTE : 0;
  return offset + late;
}

/**
 * Each account's trigger runtime in its current quota day. A day starts with the first trigger execution after the
 * previous one ended and lasts 24 hours (❓ Google does not say when the day turns; the emulator's mail quota day
 * is modelled the same way).
 */
export class TriggerQuota {
  readonly days = new Map<string, { start: number; usedMs: number }>();
  limitMs: number;

  constructor(limitMs: number) {
    this.limitMs = limitMs;
  }

  /** True when `user` has trigger runtime left at `now` (opening a new day when the last one has ended). */
  allows(user: string, now: number): boolean {
    const day = this.days.get(user);
    if (!day || now >= day.start + DAY) {
      this.days.set(user, { start: now, usedMs: 0 });
      return true;
    }
    return day.usedMs < this.limitMs;
  }

  charge(user: string, ms: number): void {
    const day = this.days.get(user);
    if (day) day.usedMs += ms;
  }

  usedMs(user: string): number {
    return this.days.get(user)?.usedMs ?? 0;
  }
}
