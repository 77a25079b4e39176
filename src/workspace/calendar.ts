// The owner's calendar through CalendarApp: a private meeting event with a hidden guest list, its guests read, added and removed one by one.
import { DAY_MS } from '../core/deadlines';

/** The tag that marks the product's meeting events with the meeting they are (an opaque case id and start). */
const MEETING_TAG = 'conductDeskMeeting';

/**
 * The event for the meeting `key` titled `title`, guests hidden from each other: the account's own already on the calendar
 * (a run that died after creating it, before the case recorded it: tagged with `key`, or, when it died before the
 * tag, untagged with this very title and time), else a new one, tagged at once and hidden before anyone is added.
 * Returns its id.
 */
export function findOrCreatePrivateEvent(title: string, startMs: number, endMs: number, key: string): string {
  const found = CalendarApp.getEvents(new Date(startMs), new Date(endMs)).find((e) => {
    // Only the account's own: anyone can invite it to an event titled with a code name the status sheet shows, and
    // that event's organizer would see (and could edit) whatever the meeting adds to it.
    if (!e.isOwnedByMe()) return false;
    const tag = e.getTag(MEETING_TAG);
    if (tag !== null) return tag === key;
    return e.getTitle() === title && e.getStartTime().getTime() === startMs && e.getEndTime().getTime() === endMs;
  });
  const event = found ?? CalendarApp.createEvent(title, new Date(startMs), new Date(endMs));
  if (event.getTag(MEETING_TAG) === null) event.setTag(MEETING_TAG, key);
  // Before anyone is added: nobody may ever see who else is invited.
  if (event.guestsCanSeeGuests()) event.setGuestsCanSeeGuests(false);
  // Nor add anyone: Calendar lets guests invite others by default, and mails whoever they add.
  event.setGuestsCanInviteOthers(false);
  // Private: a Workspace shares primary calendars with the whole organisation ("See all event details", guest list
  // included) unless its admin chose otherwise; a private event shows there, and on the guests' calendars, as busy.
  event.setVisibility(CalendarApp.Visibility.PRIVATE);
  return event.getId();
}

/**
 * The event with this id while it is still on the calendar, else null. getEventById alone is not enough: the Calendar
 * API keeps a deleted event as `cancelled` and answers it when asked by id (events.get; googleapis/google-api-java-client
 * issue 1535), and CalendarApp may hand it back too, so the event must also be listed by getEvents over its own times
 * (events.list leaves deleted events out unless `showDeleted`: developers.google.com/calendar/api/v3/reference/events/list).
 */
function liveEvent(eventId: string): GoogleAppsScript.Calendar.CalendarEvent | null {
  const event = CalendarApp.getEventById(eventId);
  if (!event) return null;
  const listed =
    CalendarApp.getEvents(event.getStartTime(), event.getEndTime()).some((e) => e.getId() === eventId) ||
    // A series whose first occurrence alone was deleted ("This event") goes on, and getEventById may answer that one.
    (event.isRecurringEvent() && eventIdsAhead(Date.now()).includes(eventId));
  return listed ? event : null;
}

/**
 * What guests are read and changed on: the event, or the whole series when the committee account made it repeat by hand
 * ("Determines whether the event is part of an event series"; getEventSeries: "Gets the series of recurring events that
 * this event belongs to", whose addGuest/removeGuest/getGuestList act on the series). getEventById answers "only the
 * first event from that series" (calendar-app#getEventById), and no reference page says that a guest changed on that
 * occurrence leaves the later ones too.
 */
const guestsHolder = (event: GoogleAppsScript.Calendar.CalendarEvent) =>
  event.isRecurringEvent() ? event.getEventSeries() : event;

/**
 * The guests of an event (lower-cased addresses), its times as Calendar has them (a series': its first occurrence's) and
 * whether it repeats, or null when the event is gone (deleted by hand).
 */
export function eventGuests(
  eventId: string,
): { guests: string[]; start: number; end: number; recurring: boolean } | null {
  const event = liveEvent(eventId);
  return event
    ? {
        guests: guestsHolder(event)
          .getGuestList()
          .map((g) => g.getEmail().toLowerCase()),
        start: event.getStartTime().getTime(),
        end: event.getEndTime().getTime(),
        recurring: event.isRecurringEvent(),
      }
    : null;
}

/** Adds and removes guests of an event (of every occurrence of a series); addGuest sends no invitation of its own (the flow mails its own). */
export function changeEventGuests(eventId: string, add: readonly string[], remove: readonly string[]): void {
  const event = liveEvent(eventId);
  if (!event) return;
  const holder = guestsHolder(event);
  for (const email of remove) holder.removeGuest(email);
  for (const email of add) holder.addGuest(email);
}

/** The account's events in the next 35 days, listed once for every case a run looks at. */
export interface EventsAhead {
  /**
   * Every event's id (an occurrence of a series under the series' id: getId "Gets the unique iCalUID of the event",
   * which every occurrence shares): a meeting over at its recorded time that is among them was made to repeat (weekly,
   * monthly) after that time.
   */
  ids: string[];
  /**
   * The account's own repeating events titled `title`: a series edited "This and following events" goes on as a new
   * event of its own id, title and guests (Calendar API guide "Recurring events", modifying all following instances),
   * which the case must follow too.
   */
  ownSeries(title: string): string[];
}

export function listEventsAhead(now: number): EventsAhead {
  const events = CalendarApp.getEvents(new Date(now), new Date(now + 35 * DAY_MS));
  return {
    ids: events.map((e) => e.getId()),
    ownSeries: (title) =>
      events.filter((e) => e.isRecurringEvent() && e.isOwnedByMe() && e.getTitle() === title).map((e) => e.getId()),
  };
}

export const eventIdsAhead = (now: number): string[] => listEventsAhead(now).ids;

/** A `yyyy-MM-ddTHH:mm` wall-clock time in `timeZone`, as an instant (NaN when it is not one). */
export function parseWallClock(text: string, timeZone: string): number {
  return Utilities.parseDate(text, timeZone, "yyyy-MM-dd'T'HH:mm").getTime();
}
