// ScriptApp: installable triggers (builders, the 20-per-user limit, deterministic clock schedules on the virtual clock), the web app URL and the enums.

import type { TriggerSnapshot } from './contracts';
import { resolveZone, localFields, utcFromLocal, isoWeek, type Zone } from './java-date-format';
import { GasException } from './runtime';
import { fullScope } from './scopes';
import { AUTHORIZATION_REQUIRED } from './trigger-timing';
import { enumOf, expose, implOf, isDate, signatureError, type ServiceContext } from './service-kit';

export const TOO_MANY_TRIGGERS =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
export const MAX_TRIGGERS_PER_USER = 20;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export const EventType = enumOf('CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED');
export const TriggerSource = enumOf('SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR');
export const AuthMode = enumOf('NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL');
export const AuthorizationStatus = enumOf('REQUIRED', 'NOT_REQUIRED');
export const WeekDay = enumOf('SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY');
const WEEKDAY_INDEX: Record<string, number> = {
  SUNDAY: 0,
  MONDAY: 1,
  TUESDAY: 2,
  WEDNESDAY: 3,
  THURSDAY: 4,
  FRIDAY: 5,
  SATURDAY: 6,
};

type TriggerEventType = TriggerSnapshot['eventType'];
type SourceKind = keyof typeof TriggerSource;

/** A clock schedule as the builder left it. Times of day are wall-clock times in `timeZone`. */
export interface ClockSchedule {
  kind: 'minutes' | 'hours' | 'days' | 'weeks' | 'month' | 'once';
  every: number;
  hour?: number;
  minute?: number;
  weekDay?: number;
  monthDay?: number;
  timeZone: string;
}

export interface TriggerRecord {
  uid: string;
  handler: string;
  eventType: TriggerEventType;
  source: SourceKind;
  sourceId: string | null;
  owner: string;
  disabled: boolean;
  deleted: boolean;
  createdAt: number;
  schedule?: ClockSchedule;
  /** Next instant a clock trigger is due; undefined once a one-off trigger has fired. */
  nextDue?: number;
}

/** All installable triggers of the project, every user's. */
export class TriggerRegistry {
  readonly records: TriggerRecord[] = [];
  private seq = 0;

  nextUid(): string {
    this.seq += 1;
    // Real trigger ids are long decimal strings; these are deterministic.
    return (4034124084959907503n + BigInt(this.seq) * 1000003n).toString();
  }

  active(): TriggerRecord[] {
    return this.records.filter((r) => !r.deleted);
  }

  byUid(uid: string): TriggerRecord | undefined {
    return this.records.find((r) => r.uid === uid && !r.deleted);
  }

  /**
   * The enabled clock trigger that fires first at or before `limit` (creation order breaks ties); `firesAt` gives when
   * a trigger really fires (default its nominal slot, `nextDue`).
   */
  nextDue(
    limit: number,
    firesAt: (r: TriggerRecord) => number = (r) => r.nextDue as number,
  ): TriggerRecord | undefined {
    let best: TriggerRecord | undefined;
    let bestAt = Infinity;
    for (const r of this.records) {
      if (r.deleted || r.disabled || r.nextDue === undefined) continue;
      const at = firesAt(r);
      if (at > limit || at >= bestAt) continue;
      best = r;
      bestAt = at;
    }
    return best;
  }

  /** Disabled triggers do not fire; their schedule still moves on, so enabling one later does not replay missed runs. */
  skipDisabled(limit: number): void {
    for (const r of this.records) {
      if (r.deleted || !r.disabled || r.nextDue === undefined || !r.schedule || r.schedule.kind === 'once') continue;
      while (r.nextDue !== undefined && r.nextDue <= limit) r.nextDue = nextOccurrence(r.schedule, r.nextDue);
    }
  }

  /** After a clock trigger ran: recurring ones move to their next slot after `now`, one-off ones are spent (but stay listed, and still count toward the limit). */
  reschedule(record: TriggerRecord, firedAt: number, now: number): void {
    if (!record.schedule || record.schedule.kind === 'once') {
      record.nextDue = undefined;
      return;
    }
    let next = nextOccurrence(record.schedule, firedAt);
    while (next <= now) next = nextOccurrence(record.schedule, next);
    record.nextDue = next;
  }

  snapshot(): TriggerSnapshot[] {
    return this.active().map((r) => {
      const snap: TriggerSnapshot = {
        uid: r.uid,
        handler: r.handler,
        eventType: r.eventType,
        sourceId: r.sourceId,
        owner: r.owner,
        disabled: r.disabled,
      };
      const every = r.schedule ? periodMs(r.schedule) : undefined;
      if (every !== undefined) snap.everyMs = every;
      if (r.nextDue !== undefined) snap.nextDue = new Date(r.nextDue).toISOString();
      return snap;
    });
  }
}

function periodMs(s: ClockSchedule): number | undefined {
  switch (s.kind) {
    case 'minutes':
      return s.every * MINUTE;
    case 'hours':
      return s.every * HOUR;
    case 'days':
      return s.every * DAY;
    case 'weeks':
      return s.every * 7 * DAY;
    default:
      return undefined;
  }
}

/** The first due instant of a schedule created at `created` (no random jitter: nearMinute and atHour are taken literally). */
export function firstOccurrence(s: ClockSchedule, created: number, onceAt?: number): number {
  const zone = resolveZone(s.timeZone);
  switch (s.kind) {
    case 'once':
      return onceAt as number;
    case 'minutes':
      return created + s.every * MINUTE;
    case 'hours': {
      if (s.minute === undefined) return created + s.every * HOUR;
      // The next instant whose wall-clock minute is `minute`.
      const f = localFields(created, zone);
      let t = utcFromLocal(zone, f.year, f.month, f.day, f.hour, s.minute);
      while (t <= created) t += HOUR;
      return t;
    }
    case 'days':
    case 'weeks':
    case 'month': {
      const f = localFields(created, zone);
      const hour = s.hour ?? f.hour;
      const minute = s.minute ?? (s.hour === undefined ? f.minute : 0);
      for (let i = 0; i < 400; i++) {
        const d = new Date(Date.UTC(f.year, f.month - 1, f.day + i));
        if (s.kind === 'weeks' && d.getUTCDay() !== (s.weekDay ?? f.dayOfWeek)) continue;
        if (s.kind === 'month' && d.getUTCDate() !== s.monthDay) continue;
        const t = utcFromLocal(zone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour, minute);
        if (t > created) return t;
      }
      throw new Error('Emulator: no occurrence found for a clock schedule');
    }
  }
}

/** The slot after `prev` (a previous due instant), keeping wall-clock times across DST changes. */
export function nextOccurrence(s: ClockSchedule, prev: number): number {
  const zone: Zone = resolveZone(s.timeZone);
  switch (s.kind) {
    case 'once':
      return Number.POSITIVE_INFINITY;
    case 'minutes':
      return prev + s.every * MINUTE;
    case 'hours':
      return prev + s.every * HOUR;
    case 'days':
    case 'weeks': {
      // The configured wall time wins over the previous slot's (which a DST gap may have pushed forward).
      const f = localFields(prev, zone);
      const days = s.kind === 'days' ? s.every : 7 * s.every;
      return utcFromLocal(zone, f.year, f.month, f.day + days, s.hour ?? f.hour, s.minute ?? f.minute);
    }
    case 'month': {
      const f = localFields(prev, zone);
      for (let m = 1; m <= 12; m++) {
        const d = new Date(Date.UTC(f.year, f.month - 1 + m, s.monthDay as number));
        if (d.getUTCDate() === s.monthDay)
          return utcFromLocal(
            zone,
            d.getUTCFullYear(),
            d.getUTCMonth() + 1,
            d.getUTCDate(),
            s.hour ?? f.hour,
            s.minute ?? f.minute,
          );
      }
      throw new Error('Emulator: no next month for a clock schedule');
    }
  }
}

/**
 * The time-driven event object. Field values are given in UTC with `timezone: 'UTC'`, as real execution
 * logs show whatever the script's zone (❓ not stated by Google; product code should not read them as local
 * time). `week-of-year` is the ISO week; `day-of-week` is 1 = Monday … 7 = Sunday.
 */
export function clockEvent(uid: string, at: number): Record<string, unknown> {
  const d = new Date(at);
  const dow = d.getUTCDay();
  return {
    authMode: AuthMode.FULL,
    triggerUid: uid,
    timezone: 'UTC',
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    'day-of-month': d.getUTCDate(),
    'day-of-week': dow === 0 ? 7 : dow,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    'week-of-year': isoWeek(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()),
  };
}

// ---------------------------------------------------------------------------------------------------
// The bundle-facing objects

class TriggerImpl {
  constructor(readonly _record: TriggerRecord) {}
  getHandlerFunction(): string {
    return this._record.handler;
  }
  getEventType(): string {
    return this._record.eventType;
  }
  getTriggerSource(): string {
    return this._record.source;
  }
  getTriggerSourceId(): string | null {
    return this._record.sourceId;
  }
  getUniqueId(): string {
    return this._record.uid;
  }
}

/**
 * "Returns the URL of the web app, if it has been deployed; otherwise returns null. If you are running the development
 * mode web app, this returns the development mode url." (developers.google.com/apps-script/reference/script/service).
 * Outside a web request it is not the deployment people use for certain: the editor's runs report the /dev URL, and a
 * script with several deployments may report an older one (configurable: `serviceUrlOutsideWeb`).
 */
class ServiceImpl {
  constructor(private readonly _ctx: ServiceContext) {}
  getUrl(): string | null {
    if (this._ctx.rt.execution?.kind === 'web') return this._ctx.openedUrl ?? this._ctx.webAppUrl;
    return this._ctx.serviceUrlOutsideWeb;
  }
  isEnabled(): boolean {
    return true;
  }
}

/** Shared by the builders: registers a trigger for the current effective user, enforcing the limit. */
class TriggerFactory {
  constructor(
    readonly ctx: ServiceContext,
    readonly registry: TriggerRegistry,
  ) {}

  _create(partial: Omit<TriggerRecord, 'uid' | 'owner' | 'disabled' | 'deleted' | 'createdAt'>): TriggerRecord {
    const owner = this.ctx.rt.requireExecution('TriggerBuilder.create').effectiveUser;
    const mine = this.registry.active().filter((r) => r.owner === owner).length;
    if (mine >= MAX_TRIGGERS_PER_USER) throw new GasException(TOO_MANY_TRIGGERS);
    const record: TriggerRecord = {
      ...partial,
      uid: this.registry.nextUid(),
      owner,
      disabled: false,
      deleted: false,
      createdAt: this.ctx.rt.now(),
    };
    this.registry.records.push(record);
    return record;
  }
}

function exposeTrigger(ctx: ServiceContext, record: TriggerRecord): unknown {
  return expose(ctx.rt, 'Trigger', new TriggerImpl(record));
}

/** Accepts an id or a Form/Spreadsheet/Document object (anything with getId()). */
function sourceIdOf(value: unknown, method: string): string {
  if (typeof value === 'string' && value) return value;
  if (value && typeof value === 'object' && typeof (value as { getId?: unknown }).getId === 'function') {
    return String((value as { getId(): unknown }).getId());
  }
  throw signatureError(method, [value]);
}

/** Every builder's calls are counted as `TriggerBuilder.<method>` (create() carries the trigger service's latency). */
const BUILDER = { sideEffects: ['create'], callName: 'TriggerBuilder' } as const;

class TriggerBuilderImpl {
  constructor(
    private readonly _f: TriggerFactory,
    private readonly _handler: string,
  ) {}
  timeBased(): unknown {
    return expose(this._f.ctx.rt, 'ClockTriggerBuilder', new ClockTriggerBuilderImpl(this._f, this._handler), BUILDER);
  }
  forForm(form: unknown): unknown {
    const id = sourceIdOf(form, 'ScriptApp.TriggerBuilder.forForm');
    return expose(
      this._f.ctx.rt,
      'FormTriggerBuilder',
      new SourceTriggerBuilderImpl(this._f, this._handler, 'FORMS', id, ['ON_FORM_SUBMIT', 'ON_OPEN']),
      BUILDER,
    );
  }
  forSpreadsheet(spreadsheet: unknown): unknown {
    const id = sourceIdOf(spreadsheet, 'ScriptApp.TriggerBuilder.forSpreadsheet');
    return expose(
      this._f.ctx.rt,
      'SpreadsheetTriggerBuilder',
      new SourceTriggerBuilderImpl(this._f, this._handler, 'SPREADSHEETS', id, [
        'ON_EDIT',
        'ON_CHANGE',
        'ON_OPEN',
        'ON_FORM_SUBMIT',
      ]),
      BUILDER,
    );
  }
  forDocument(document: unknown): unknown {
    const id = sourceIdOf(document, 'ScriptApp.TriggerBuilder.forDocument');
    return expose(
      this._f.ctx.rt,
      'DocumentTriggerBuilder',
      new SourceTriggerBuilderImpl(this._f, this._handler, 'DOCUMENTS', id, ['ON_OPEN']),
      BUILDER,
    );
  }
}

/** Form, Spreadsheet and Document trigger builders: pick one event type, then create(). */
class SourceTriggerBuilderImpl {
  private _type: TriggerEventType | null = null;
  constructor(
    private readonly _f: TriggerFactory,
    private readonly _handler: string,
    private readonly _source: SourceKind,
    private readonly _id: string,
    allowed: TriggerEventType[],
  ) {
    if (allowed.includes('ON_FORM_SUBMIT')) this.onFormSubmit = () => this._set('ON_FORM_SUBMIT');
    if (allowed.includes('ON_EDIT')) this.onEdit = () => this._set('ON_EDIT');
    if (allowed.includes('ON_CHANGE')) this.onChange = () => this._set('ON_CHANGE');
    if (allowed.includes('ON_OPEN')) this.onOpen = () => this._set('ON_OPEN');
  }
  onFormSubmit?: () => this;
  onEdit?: () => this;
  onChange?: () => this;
  onOpen?: () => this;
  _set(type: TriggerEventType): this {
    this._type = type;
    return this;
  }
  create(): unknown {
    if (!this._type)
      throw new GasException(
        'The trigger needs an event type (onFormSubmit, onEdit, onChange or onOpen) before create().',
      );
    return exposeTrigger(
      this._f.ctx,
      this._f._create({ handler: this._handler, eventType: this._type, source: this._source, sourceId: this._id }),
    );
  }
}

function intArg(method: string, value: unknown, ok: (n: number) => boolean, message: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw signatureError(method, [value]);
  if (!ok(value)) throw new GasException(message);
  return value;
}

class ClockTriggerBuilderImpl {
  private _kind: ClockSchedule['kind'] | null = null;
  private _every = 1;
  private _hour?: number;
  private _minute?: number;
  private _weekDay?: number;
  private _monthDay?: number;
  private _onceAt?: number;
  private _afterMs?: number;
  private _date?: [number, number, number];
  private _timeZone?: string;

  constructor(
    private readonly _f: TriggerFactory,
    private readonly _handler: string,
  ) {}

  _frequency(kind: ClockSchedule['kind'], every: number): this {
    if (this._kind && this._kind !== kind)
      throw new GasException(
        `Clock trigger frequency already set (${this._kind}); choose one of everyMinutes, everyHours, everyDays, everyWeeks, onMonthDay, at, after, atDate.`,
      );
    this._kind = kind;
    this._every = every;
    return this;
  }
  /** Only 1, 5, 10, 15 or 30 (documented); the error wording is the emulator's ❓. */
  everyMinutes(n: number): this {
    return this._frequency(
      'minutes',
      intArg(
        'ClockTriggerBuilder.everyMinutes',
        n,
        (v) => [1, 5, 10, 15, 30].includes(v),
        `Invalid argument: everyMinutes(${n}). The number of minutes must be 1, 5, 10, 15 or 30.`,
      ),
    );
  }
  /** Strict: the values the editor offers (1, 2, 4, 6, 8, 12); any API-side restriction is ❓. */
  everyHours(n: number): this {
    return this._frequency(
      'hours',
      intArg(
        'ClockTriggerBuilder.everyHours',
        n,
        (v) => [1, 2, 4, 6, 8, 12].includes(v),
        `Invalid argument: everyHours(${n}). The number of hours must be 1, 2, 4, 6, 8 or 12.`,
      ),
    );
  }
  everyDays(n: number): this {
    return this._frequency(
      'days',
      intArg('ClockTriggerBuilder.everyDays', n, (v) => v >= 1, `Invalid argument: everyDays(${n})`),
    );
  }
  everyWeeks(n: number): this {
    return this._frequency(
      'weeks',
      intArg('ClockTriggerBuilder.everyWeeks', n, (v) => v >= 1, `Invalid argument: everyWeeks(${n})`),
    );
  }
  onWeekDay(day: unknown): this {
    const name = String(day);
    if (!(name in WEEKDAY_INDEX)) throw signatureError('ClockTriggerBuilder.onWeekDay', [day]);
    this._weekDay = WEEKDAY_INDEX[name];
    if (!this._kind) this._kind = 'weeks';
    return this;
  }
  onMonthDay(day: number): this {
    this._monthDay = intArg(
      'ClockTriggerBuilder.onMonthDay',
      day,
      (v) => v >= 1 && v <= 31,
      `Invalid argument: onMonthDay(${day})`,
    );
    return this._frequency('month', 1);
  }
  atHour(hour: number): this {
    this._hour = intArg(
      'ClockTriggerBuilder.atHour',
      hour,
      (v) => v >= 0 && v <= 23,
      `Invalid argument: atHour(${hour})`,
    );
    return this;
  }
  nearMinute(minute: number): this {
    this._minute = intArg(
      'ClockTriggerBuilder.nearMinute',
      minute,
      (v) => v >= 0 && v <= 59,
      `Invalid argument: nearMinute(${minute})`,
    );
    return this;
  }
  at(date: unknown): this {
    if (!isDate(date)) throw signatureError('ClockTriggerBuilder.at', [date]);
    this._onceAt = date.getTime();
    return this._frequency('once', 1);
  }
  after(ms: number): this {
    this._afterMs = intArg('ClockTriggerBuilder.after', ms, (v) => v >= 0, `Invalid argument: after(${ms})`);
    return this._frequency('once', 1);
  }
  atDate(year: number, month: number, day: number): this {
    this._date = [year, month, day];
    return this._frequency('once', 1);
  }
  inTimezone(timeZone: string): this {
    try {
      resolveZone(String(timeZone));
    } catch {
      throw new GasException(`Invalid argument: timezone (${timeZone})`);
    }
    this._timeZone = String(timeZone);
    return this;
  }
  create(): unknown {
    if (!this._kind)
      throw new GasException(
        'A clock trigger needs a schedule (everyMinutes, everyHours, everyDays, everyWeeks, onMonthDay, at, after or atDate) before create().',
      );
    if (this._hour !== undefined && !['days', 'weeks', 'month', 'once'].includes(this._kind)) {
      throw new GasException('atHour() can only be used with everyDays(), everyWeeks(), onMonthDay() or atDate().');
    }
    if (this._kind === 'minutes' && this._minute !== undefined)
      throw new GasException('nearMinute() cannot be used with everyMinutes().');
    const now = this._f.ctx.rt.now();
    const timeZone = this._timeZone ?? this._f.ctx.scriptTimeZone;
    const schedule: ClockSchedule = {
      kind: this._kind,
      every: this._every,
      hour: this._hour,
      minute: this._minute,
      weekDay: this._weekDay,
      monthDay: this._monthDay,
      timeZone,
    };
    let onceAt: number | undefined;
    if (this._kind === 'once') {
      if (this._afterMs !== undefined) onceAt = now + this._afterMs;
      else if (this._onceAt !== undefined) onceAt = this._onceAt;
      else if (this._date) {
        // "near midnight (+/- 15 minutes)": deterministic midnight, or atHour/nearMinute when given.
        const [y, m, d] = this._date;
        onceAt = utcFromLocal(resolveZone(timeZone), y, m, d, this._hour ?? 0, this._minute ?? 0);
      }
    }
    const nextDue = firstOccurrence(schedule, now, onceAt);
    return exposeTrigger(
      this._f.ctx,
      this._f._create({
        handler: this._handler,
        eventType: 'CLOCK',
        source: 'CLOCK',
        sourceId: null,
        schedule,
        nextDue,
      }),
    );
  }
}

class ScriptAppImpl {
  constructor(private readonly _f: TriggerFactory) {}

  newTrigger(functionName: string): unknown {
    if (typeof functionName !== 'string' || !functionName) throw signatureError('ScriptApp.newTrigger', [functionName]);
    return expose(this._f.ctx.rt, 'TriggerBuilder', new TriggerBuilderImpl(this._f, functionName));
  }

  /** The current user's installable triggers only; other accounts' triggers are invisible (but still fire). */
  getProjectTriggers(): unknown[] {
    const user = this._f.ctx.rt.requireExecution('ScriptApp.getProjectTriggers').effectiveUser;
    return this._f.ctx.realm.array(
      this._f.registry
        .active()
        .filter((r) => r.owner === user)
        .map((r) => exposeTrigger(this._f.ctx, r)),
    );
  }

  getUserTriggers(source: unknown): unknown[] {
    const id = sourceIdOf(source, 'ScriptApp.getUserTriggers');
    const user = this._f.ctx.rt.requireExecution('ScriptApp.getUserTriggers').effectiveUser;
    return this._f.ctx.realm.array(
      this._f.registry
        .active()
        .filter((r) => r.owner === user && r.sourceId === id)
        .map((r) => exposeTrigger(this._f.ctx, r)),
    );
  }

  deleteTrigger(trigger: unknown): void {
    const impl = implOf(trigger, TriggerImpl);
    if (!impl) throw signatureError('ScriptApp.deleteTrigger', [trigger]);
    impl._record.deleted = true;
  }

  getScriptId(): string {
    return this._f.ctx.scriptId;
  }

  /** The scopes (of `wanted`, or all) the running account left unticked on the consent screen (scopes.ts). */
  private _missing(what: string, wanted?: unknown): string[] {
    const user = this._f.ctx.rt.requireExecution(what).effectiveUser.toLowerCase();
    const left = [...(this._f.ctx.rt.ungranted.get(user) ?? [])];
    if (wanted === undefined) return left;
    if (!Array.isArray(wanted)) throw signatureError(what, [wanted]);
    return left.filter((s) => wanted.map((w) => fullScope(String(w))).includes(s));
  }

  /**
   * "Validates if the user has granted consent for all of the scopes requested by the script … If any consents are
   * missing, then this method ends the current execution and renders an authorization prompt to request the missing
   * scopes", on a surface that supports granular consent, the editor (script-app#requireAllScopes). The emulator ends
   * it with the authorization error (❓ its text); in an editor run the account answers the prompt with
   * `Runtime.untickOnPrompt` (by default it grants everything), so its next run goes through.
   */
  requireAllScopes(authMode: unknown): void {
    this._require('ScriptApp.requireAllScopes', authMode, this._missing('ScriptApp.requireAllScopes'));
  }

  requireScopes(authMode: unknown, scopes: unknown): void {
    this._require('ScriptApp.requireScopes', authMode, this._missing('ScriptApp.requireScopes', scopes));
  }

  private _require(what: string, authMode: unknown, missing: string[]): void {
    if (authMode !== AuthMode.FULL) throw signatureError(what, [authMode]);
    if (!missing.length) return;
    const rt = this._f.ctx.rt;
    const exec = rt.requireExecution(what);
    if (exec.kind === 'editor') {
      const user = exec.effectiveUser.toLowerCase();
      const left = new Set(
        [...(rt.ungranted.get(user) ?? [])].filter((s) => rt.untickOnPrompt.map(fullScope).includes(s)),
      );
      if (left.size) rt.ungranted.set(user, left);
      else rt.ungranted.delete(user);
    }
    throw new GasException(AUTHORIZATION_REQUIRED);
  }

  /**
   * REQUIRED while the running account has not granted every scope (or every one of `scopes`); the URL is null when
   * nothing is required (authorization-info reference). ❓ The URL's form is the emulator's.
   */
  getAuthorizationInfo(authMode: unknown, scopes?: unknown): unknown {
    if (authMode !== AuthMode.FULL) throw signatureError('ScriptApp.getAuthorizationInfo', [authMode]);
    const required = this._missing('ScriptApp.getAuthorizationInfo', scopes).length > 0;
    return expose(this._f.ctx.rt, 'AuthorizationInfo', {
      getAuthorizationStatus: () => (required ? AuthorizationStatus.REQUIRED : AuthorizationStatus.NOT_REQUIRED),
      getAuthorizationUrl: () =>
        required ? 'https://script.google.com/macros/d/' + this._f.ctx.scriptId + '/authorize' : null,
    });
  }

  getService(): unknown {
    return expose(this._f.ctx.rt, 'Service', new ServiceImpl(this._f.ctx));
  }
}

export function createScriptApp(ctx: ServiceContext, registry: TriggerRegistry): GoogleAppsScript.Script.ScriptApp {
  const factory = new TriggerFactory(ctx, registry);
  return expose(ctx.rt, 'ScriptApp', new ScriptAppImpl(factory), {
    sideEffects: ['deleteTrigger'],
    constants: { EventType, TriggerSource, AuthMode, AuthorizationStatus, WeekDay },
  }) as unknown as GoogleAppsScript.Script.ScriptApp;
}
