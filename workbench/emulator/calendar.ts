// CalendarApp: the owner's default calendar, its timed events, their guests (added, removed, listed) and the invitations Calendar mails to guests, recorded in the same mail log as MailApp.
//
// Reference: https://developers.google.com/apps-script/reference/calendar/calendar-app (createEvent, getEventById),
// https://developers.google.com/apps-script/reference/calendar/calendar-event (addGuest, removeGuest, getGuestList,
// setGuestsCanSeeGuests, guestsCanSeeGuests, setVisibility, getVisibility, deleteEvent, setTag, getTag) and
// .../calendar/event-guest (getEmail);
// CalendarApp.getEvents(startTime, endTime): "Gets all events that occur within a given time range" (an event that
// starts within it, ends within it, or spans it).
//
// Recurring events (the owner picks "Does not repeat → Weekly" by hand in Calendar: workspace.ts
// makeCalendarEventRecurring): every occurrence shares the series' id ("Gets the unique iCalUID of the event"; "in
// recurring events, all occurrences of one event have different ids while they all share the same iCalUIDs", events
// resource `iCalUID`), getEvents lists each occurrence in the range, and getEventById returns "only the first event from
// that series" (calendar-app#getEventById: "Multiple events may have the same ID if they are part of an event series").
// isRecurringEvent: "Determines whether the event is part of an event series"; getEventSeries: "Gets the series of
// recurring events that this event belongs to", whose addGuest/removeGuest/getGuestList act on the series
// (calendar-event-series). ❓ Whether CalendarEvent.addGuest/removeGuest on one occurrence reaches the series is on no
// reference page: the stricter case is modelled, it changes that occurrence alone (an exception, as the Calendar API's
// instances are), and a series change does not reach an occurrence changed on its own. ❓ Likewise whether getEventById
// still answers a first occurrence deleted on its own (the API keeps it as a `cancelled` instance): it does here.
import type { SentMail } from './contracts';
import { parseAddressList } from './mail-app';
import { GasException } from './runtime';
import { expose, implOf, signatureError, type ServiceContext } from './service-kit';

/** One change to an event, oldest first (state.json's calendar `history`). */
export interface CalendarChange {
  at: string;
  change:
    | 'created'
    | 'guest-added'
    | 'guest-removed'
    | 'guests-hidden'
    | 'guests-shown'
    | 'visibility'
    | 'invite-others'
    | 'moved'
    | 'made-recurring'
    | 'deleted'
    | 'restored';
  email: string;
}

/** An event as the tests and the scenario runner see it. */
export interface CalendarEventRecord {
  id: string;
  title: string;
  start: string;
  end: string;
  description: string;
  guests: string[];
  guestsCanSeeGuests: boolean;
  /** Whether guests may invite others (Calendar's default: yes), from their own calendar. */
  guestsCanInviteOthers: boolean;
  /** Who made the event: the account for its own events, another person for an invitation it received. */
  organizer: string;
  /** CalendarApp.Visibility: `DEFAULT` (the calendar's sharing decides) until setVisibility. */
  visibility: CalendarVisibility;
  deleted: boolean;
  history: CalendarChange[];
  /** Extended properties set with setTag ("a key/value tag on the event, for storing custom metadata"). */
  tags: Record<string, string>;
  /** Made to repeat by hand: an occurrence every `everyDays` days from `start`, `times` of them (none: for ever). */
  recurrence?: { everyDays: number; times?: number };
  /** The guests of occurrences changed on their own (keyed by the occurrence's start): the series' do not reach them. */
  exceptions?: Record<string, string[]>;
  /** The starts of occurrences deleted on their own ("This event"): getEvents leaves them out. */
  cancelled?: string[];
}

const DAY_MS = 24 * 3600 * 1000;

/** The starts (ISO) of an event's occurrences that overlap [from, to): itself alone unless it repeats. */
export function occurrenceStarts(e: CalendarEventRecord, from: number, to: number): string[] {
  const start = Date.parse(e.start);
  const length = Date.parse(e.end) - start;
  const out: string[] = [];
  const times = e.recurrence ? (e.recurrence.times ?? Infinity) : 1;
  for (let i = 0; i < times; i++) {
    const at = start + i * (e.recurrence?.everyDays ?? 0) * DAY_MS;
    if (at >= to) break;
    const iso = new Date(at).toISOString();
    if (at + length > from && !e.cancelled?.includes(iso)) out.push(iso);
  }
  return out;
}

/** The guests of one occurrence (its own list when it was changed on its own, else the series'). */
export function occurrenceGuests(e: CalendarEventRecord, at: string): string[] {
  return e.exceptions?.[at] ?? e.guests;
}

/**
 * Where invitation mail goes: the Workspace's one mail log, so every check that reads mail reads invitations too
 * (a function, so a forked Workspace's copied log is the one written).
 */
export type MailLog = () => SentMail[];

/** CalendarApp.Visibility's values. */
export type CalendarVisibility = 'DEFAULT' | 'PUBLIC' | 'PRIVATE' | 'CONFIDENTIAL';
const VISIBILITY: Record<CalendarVisibility, CalendarVisibility> = {
  DEFAULT: 'DEFAULT',
  PUBLIC: 'PUBLIC',
  PRIVATE: 'PRIVATE',
  CONFIDENTIAL: 'CONFIDENTIAL',
};

/**
 * The event as someone sees it who was given "See all event details" of the calendar it is on, without being a guest:
 * on a Workspace account, what every person of the organisation is given by default for a primary calendar (the
 * admin's internal sharing default; the guests' own calendars likewise). "See all event details: this person can
 * view the details of all events except those marked as private"; a private one shows as busy (support.google.com/
 * calendar/answer/34580: "only you and other calendar owners (those with 'Make changes to events' privileges and
 * higher) can see the event and its details"). Details include the guest list (support.google.com/a/answer/60765).
 */
export function seenWithDetails(e: CalendarEventRecord): {
  title: string;
  start: string;
  end: string;
  guests: string[];
} {
  const hidden = e.visibility === 'PRIVATE' || e.visibility === 'CONFIDENTIAL';
  return { title: hidden ? 'busy' : e.title, start: e.start, end: e.end, guests: hidden ? [] : [...e.guests] };
}

export class CalendarStore {
  readonly events: CalendarEventRecord[] = [];
}

class EventGuestImpl {
  constructor(private readonly _email: string) {}
  getEmail(): string {
    return this._email;
  }
}

class CalendarEventImpl {
  /** This occurrence's start (the event's own unless it repeats). */
  private readonly _at: string;
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _record: CalendarEventRecord,
    at?: string,
  ) {
    this._at = at ?? _record.start;
  }

  getId(): string {
    return this._record.id;
  }
  getTitle(): string {
    return this._record.title;
  }
  getDescription(): string {
    return this._record.description;
  }
  getStartTime(): Date {
    return this._ctx.realm.date(Date.parse(this._at));
  }
  getEndTime(): Date {
    return this._ctx.realm.date(Date.parse(this._at) + Date.parse(this._record.end) - Date.parse(this._record.start));
  }
  /** "Determines whether the event is part of an event series." */
  isRecurringEvent(): boolean {
    return Boolean(this._record.recurrence);
  }
  /** "Gets the series of recurring events that this event belongs to." */
  getEventSeries(): unknown {
    return expose(this._ctx.rt, 'CalendarEventSeries', new CalendarEventSeriesImpl(this._ctx, this._record), {
      sideEffects: ['addGuest', 'removeGuest', 'deleteEventSeries'],
    });
  }
  guestsCanSeeGuests(): boolean {
    return this._record.guestsCanSeeGuests;
  }
  guestsCanInviteOthers(): boolean {
    return this._record.guestsCanInviteOthers;
  }
  /** "Sets whether guests can invite other guests." */
  setGuestsCanInviteOthers(value: unknown): this {
    if (typeof value !== 'boolean') throw signatureError('CalendarEvent.setGuestsCanInviteOthers', [value]);
    this.#live();
    if (this._record.guestsCanInviteOthers !== value) {
      this._record.guestsCanInviteOthers = value;
      this.#note('invite-others', String(value));
    }
    return this;
  }
  /** "Determines whether the event is owned by the effective user": false for an invitation someone else sent. */
  isOwnedByMe(): boolean {
    return this._record.organizer.toLowerCase() === this._ctx.owner.toLowerCase();
  }

  /**
   * "Adds a guest to the event." No invitation is mailed: the reference names no notification for addGuest (only
   * createEvent's `sendInvites`), and scripts that add guests are reported to tell them themselves.
   */
  addGuest(email: unknown): this {
    if (typeof email !== 'string') throw signatureError('CalendarEvent.addGuest', [email]);
    const [address] = parseAddressList(email);
    if (!address) throw new GasException(`Invalid argument: ${email}`);
    this.#live();
    const guests = this.#guests(true);
    if (!guests.some((g) => g.toLowerCase() === address.toLowerCase())) {
      guests.push(address);
      this.#note('guest-added', address);
    }
    return this;
  }

  /** "Removes a guest from the event." Removing someone who is not a guest changes nothing. */
  removeGuest(email: unknown): this {
    if (typeof email !== 'string') throw signatureError('CalendarEvent.removeGuest', [email]);
    this.#live();
    const guests = this.#guests(true);
    const i = guests.findIndex((g) => g.toLowerCase() === email.trim().toLowerCase());
    if (i >= 0) {
      const [removed] = guests.splice(i, 1);
      this.#note('guest-removed', removed);
    }
    return this;
  }

  /** The guests, without the owner (getGuestList() leaves the owner out unless asked with `true`). */
  getGuestList(includeOwner?: unknown): EventGuestImpl[] {
    const emails = includeOwner === true ? [this._ctx.owner, ...this.#guests(false)] : this.#guests(false);
    return this._ctx.realm.array(emails.map((e) => expose(this._ctx.rt, 'EventGuest', new EventGuestImpl(e))));
  }

  /** "Sets whether guests can see other guests." */
  setGuestsCanSeeGuests(value: unknown): this {
    if (typeof value !== 'boolean') throw signatureError('CalendarEvent.setGuestsCanSeeGuests', [value]);
    this.#live();
    if (this._record.guestsCanSeeGuests !== value) {
      this._record.guestsCanSeeGuests = value;
      this.#note(value ? 'guests-shown' : 'guests-hidden', '');
    }
    return this;
  }

  /** "Sets the visibility of the event." */
  setVisibility(value: unknown): this {
    const v = String(value) as CalendarVisibility;
    if (!(v in VISIBILITY)) throw signatureError('CalendarEvent.setVisibility', [value]);
    this.#live();
    if (this._record.visibility !== v) {
      this._record.visibility = v;
      this.#note('visibility', v);
    }
    return this;
  }

  /** "Gets the visibility of the event." */
  getVisibility(): CalendarVisibility {
    return this._record.visibility;
  }

  /** "Sets a key/value tag on the event, for storing custom metadata." */
  setTag(key: unknown, value: unknown): this {
    if (typeof key !== 'string' || typeof value !== 'string')
      throw signatureError('CalendarEvent.setTag', [key, value]);
    this.#live();
    this._record.tags[key] = value;
    return this;
  }

  /** "Gets a tag value of the event", or null when it has none. */
  getTag(key: unknown): string | null {
    if (typeof key !== 'string') throw signatureError('CalendarEvent.getTag', [key]);
    return Object.prototype.hasOwnProperty.call(this._record.tags, key) ? this._record.tags[key] : null;
  }

  deleteEvent(): void {
    this.#live();
    this._record.deleted = true;
    this.#note('deleted', '');
  }

  /**
   * The guest list this object reads and changes: the series' for the series (or an event that does not repeat), else
   * this occurrence's, made its own (an exception) before it is changed.
   */
  #guests(change: boolean): string[] {
    const r = this._record;
    if (this._at === SERIES || !r.recurrence) return r.guests;
    if (change && !r.exceptions?.[this._at]) r.exceptions = { ...r.exceptions, [this._at]: [...r.guests] };
    return occurrenceGuests(r, this._at);
  }

  #live(): void {
    if (this._record.deleted) throw new GasException('The event has been deleted.');
  }

  #note(change: CalendarChange['change'], email: string): void {
    this._record.history.push({ at: new Date(this._ctx.rt.now()).toISOString(), change, email });
  }
}

/** Marks the object getEventSeries returns: the whole series, not one occurrence. */
const SERIES = 'series';

/** CalendarEventSeries: the series' id, title, tags and guests (what the product may use of it). */
class CalendarEventSeriesImpl {
  readonly #event: CalendarEventImpl;
  constructor(ctx: ServiceContext, record: CalendarEventRecord) {
    this.#event = new CalendarEventImpl(ctx, record, SERIES);
  }
  getId(): string {
    return this.#event.getId();
  }
  getTitle(): string {
    return this.#event.getTitle();
  }
  getTag(key: unknown): string | null {
    return this.#event.getTag(key);
  }
  getGuestList(includeOwner?: unknown): EventGuestImpl[] {
    return this.#event.getGuestList(includeOwner);
  }
  /** "Adds a guest to the event" (every occurrence not changed on its own). */
  addGuest(email: unknown): this {
    this.#event.addGuest(email);
    return this;
  }
  /** "Removes a guest from the event" (every occurrence not changed on its own). */
  removeGuest(email: unknown): this {
    this.#event.removeGuest(email);
    return this;
  }
  /** "Deletes the event series." */
  deleteEventSeries(): void {
    this.#event.deleteEvent();
  }
}

/**
 * CalendarApp.newRecurrence(): an EventRecurrence; addDailyRule/addWeeklyRule return a RecurrenceRule whose times(n)
 * ("Sets the rule to only apply to a specific number of recurrences") returns it again, and which createEventSeries takes
 * as the recurrence (a RecurrenceRule has EventRecurrence's methods). One rule is all the product's selfTest needs.
 */
class EventRecurrenceImpl {
  rule: { everyDays: number; times?: number } | null = null;
  addDailyRule(): this {
    this.rule = { everyDays: 1 };
    return this;
  }
  addWeeklyRule(): this {
    this.rule = { everyDays: 7 };
    return this;
  }
  times(n: unknown): this {
    if (typeof n !== 'number' || !this.rule) throw signatureError('RecurrenceRule.times', [n]);
    this.rule.times = n;
    return this;
  }
}

/** The event object the bundle sees; its guest changes are side effects (crash tests may stop an execution there). */
function exposeEvent(ctx: ServiceContext, record: CalendarEventRecord, at?: string): unknown {
  return expose(ctx.rt, 'CalendarEvent', new CalendarEventImpl(ctx, record, at), {
    sideEffects: [
      'addGuest',
      'removeGuest',
      'setGuestsCanSeeGuests',
      'setGuestsCanInviteOthers',
      'setVisibility',
      'deleteEvent',
      'setTag',
    ],
  });
}

/** CalendarApp and the default calendar share these methods (CalendarApp acts on the default calendar). */
class CalendarServiceImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _store: CalendarStore,
    private readonly _mail: MailLog,
  ) {}

  getDefaultCalendar(): this {
    return this;
  }

  getId(): string {
    return this._ctx.owner;
  }

  /**
   * createEvent(title, startTime, endTime[, options]): options `description`, `location`, `guests` ("a
   * comma-separated list of email addresses that should be added as guests") and `sendInvites` ("whether to
   * send invitation emails (default: false)"). A new event lets guests see each other until told otherwise.
   */
  /** createEventSeries(title, startTime, endTime, recurrence): an event that repeats by the rule; returns the series. */
  createEventSeries(title: unknown, start: unknown, end: unknown, recurrence: unknown): unknown {
    const rule = implOf(recurrence, EventRecurrenceImpl)?.rule;
    if (!rule) throw signatureError('CalendarApp.createEventSeries', [title, start, end, recurrence]);
    const event = implOf(this.createEvent(title, start, end), CalendarEventImpl) as CalendarEventImpl;
    const record = this._store.events[this._store.events.length - 1];
    record.recurrence = { ...rule };
    return event.getEventSeries();
  }

  /** newRecurrence(): "Creates a new recurrence object, which can be used to create rules for event recurrence." */
  newRecurrence(): unknown {
    return expose(this._ctx.rt, 'EventRecurrence', new EventRecurrenceImpl());
  }

  createEvent(title: unknown, start: unknown, end: unknown, options?: unknown): unknown {
    // Dates come from the bundle's realm, so `instanceof Date` would not match them.
    const isDate = (v: unknown) => Object.prototype.toString.call(v) === '[object Date]';
    if (typeof title !== 'string' || !isDate(start) || !isDate(end))
      throw signatureError('CalendarApp.createEvent', [title, start, end, options]);
    const startMs = (start as Date).getTime();
    const endMs = (end as Date).getTime();
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
      throw signatureError('CalendarApp.createEvent', [title, start, end, options]);
    if (endMs < startMs) throw new GasException('Event start date must be before event end date.');
    const opts = (options ?? {}) as { description?: unknown; guests?: unknown; sendInvites?: unknown };
    const guests = parseAddressList(opts.guests);
    const at = new Date(this._ctx.rt.now()).toISOString();
    const record: CalendarEventRecord = {
      id: `event-${this._store.events.length + 1}@google.com`,
      title,
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      description: opts.description === undefined ? '' : String(opts.description),
      guests,
      guestsCanSeeGuests: true,
      guestsCanInviteOthers: true,
      organizer: this._ctx.owner,
      visibility: 'DEFAULT',
      deleted: false,
      history: [
        { at, change: 'created', email: '' },
        ...guests.map((email) => ({ at, change: 'guest-added' as const, email })),
      ],
      tags: {},
    };
    this._store.events.push(record);
    if (opts.sendInvites === true) for (const guest of guests) this.#invite(record, guest);
    return exposeEvent(this._ctx, record);
  }

  /**
   * The event with this id, or null when there is none. A deleted event is still answered (its reads work, its changes
   * throw): the strict reading. The reference says only "null if the event doesn't exist", and the Calendar API keeps a
   * deleted event as `cancelled` and returns it from events.get (googleapis/google-api-java-client issue 1535), so
   * code must not take a non-null answer for a live event; getEvents, like events.list without `showDeleted`
   * (developers.google.com/calendar/api/v3/reference/events/list), leaves it out. selfTest's calendar probe
   * (platform-probes.ts probeCalendar) reports which the real account does.
   */
  getEventById(id: unknown): unknown {
    if (typeof id !== 'string') throw signatureError('CalendarApp.getEventById', [id]);
    const record = this._store.events.find((e) => e.id === id);
    return record ? exposeEvent(this._ctx, record) : null;
  }

  /** getEvents(startTime, endTime): the live events (each occurrence of a repeating one) within the range, in start order. */
  getEvents(start: unknown, end: unknown): unknown[] {
    const isDate = (v: unknown) => Object.prototype.toString.call(v) === '[object Date]';
    if (!isDate(start) || !isDate(end)) throw signatureError('CalendarApp.getEvents', [start, end]);
    const from = (start as Date).getTime();
    const to = (end as Date).getTime();
    const within = this._store.events
      .filter((e) => !e.deleted)
      .flatMap((e) => occurrenceStarts(e, from, to).map((at) => ({ e, at })));
    within.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return this._ctx.realm.array(within.map(({ e, at }) => exposeEvent(this._ctx, e, at)));
  }

  /** An invitation as Calendar mails it: the title, the time, the description, and the guests only when visible. */
  #invite(record: CalendarEventRecord, guest: string): void {
    const exec = this._ctx.rt.requireExecution('CalendarApp.createEvent');
    const log = this._mail();
    const guestLine = record.guestsCanSeeGuests ? [`Guests: ${[this._ctx.owner, ...record.guests].join(', ')}`] : [];
    log.push({
      at: this._ctx.rt.now(),
      seq: log.length,
      from: this._ctx.owner,
      to: [guest],
      cc: [],
      bcc: [],
      replyTo: '',
      subject: `Invitation: ${record.title} @ ${record.start}`,
      body: [record.title, `When: ${record.start} - ${record.end}`, record.description, ...guestLine]
        .filter(Boolean)
        .join('\n'),
      htmlBody: '',
      name: 'Google Calendar',
      execution: exec.id,
    });
  }
}

export function createCalendarApp(
  ctx: ServiceContext,
  store: CalendarStore,
  mail: MailLog,
): GoogleAppsScript.Calendar.CalendarApp {
  return expose(ctx.rt, 'CalendarApp', new CalendarServiceImpl(ctx, store, mail), {
    sideEffects: ['createEvent', 'createEventSeries'],
    constants: { Visibility: VISIBILITY },
  }) as unknown as GoogleAppsScript.Calendar.CalendarApp;
}
