// The owner's calendar through CalendarApp: a meeting event with a hidden guest list, its guests read, added and removed one by one.

/** A new event titled `title` with no guests yet, whose guests will not see each other; returns its id. */
export function createPrivateEvent(title: string, startMs: number, endMs: number): string {
  const event = CalendarApp.createEvent(title, new Date(startMs), new Date(endMs));
  // Before anyone is added: nobody may ever see who else is invited.
  event.setGuestsCanSeeGuests(false);
  return event.getId();
}

/** The guests of an event (lower-cased addresses), or null when the event is gone (deleted by hand). */
export function eventGuests(eventId: string): string[] | null {
  const event = CalendarApp.getEventById(eventId);
  return event ? event.getGuestList().map((g) => g.getEmail().toLowerCase()) : null;
}

/** Adds and removes guests of an event; addGuest sends no invitation of its own (the flow mails its own). */
export function changeEventGuests(eventId: string, add: readonly string[], remove: readonly string[]): void {
  const event = CalendarApp.getEventById(eventId);
  if (!event) return;
  for (const email of remove) event.removeGuest(email);
  for (const email of add) event.addGuest(email);
}

/** A `yyyy-MM-ddTHH:mm` wall-clock time in `timeZone`, as an instant (NaN when it is not one). */
export function parseWallClock(text: string, timeZone: string): number {
  return Utilities.parseDate(text, timeZone, "yyyy-MM-dd'T'HH:mm").getTime();
}
