// Conformance tests for CalendarApp: createEvent and its options, guests added, removed and listed, the guest-list visibility, and invitations mailed into the one mail log.
//
// References: https://developers.google.com/apps-script/reference/calendar/calendar-app#createEvent(String,Date,Date,Object)
// ("guests: a comma-separated list of email addresses that should be added as guests"; "sendInvites: whether to
// send invitation emails (default: false)"), https://developers.google.com/apps-script/reference/calendar/calendar-event
// (addGuest, removeGuest, getGuestList, setGuestsCanSeeGuests, guestsCanSeeGuests, setVisibility, getVisibility,
// deleteEvent) and
// https://developers.google.com/apps-script/reference/calendar/event-guest (getEmail).

import { runError, runOk, workspaceWith } from './test-helpers';

const START = Date.parse('2026-03-02T09:00:00Z');
const END = START + 3600_000;

const BUNDLE = `
function create(title, options) {
  var e = options ? CalendarApp.createEvent(title, new Date(${START}), new Date(${END}), options)
                  : CalendarApp.createEvent(title, new Date(${START}), new Date(${END}));
  return e.getId();
}
function backwards() { return CalendarApp.createEvent('x', new Date(${END}), new Date(${START})).getId(); }
function notDates() { return CalendarApp.createEvent('x', '${START}', '${END}').getId(); }
function guests(id) { return CalendarApp.getEventById(id).getGuestList().map(function (g) { return g.getEmail(); }); }
function add(id, email) { CalendarApp.getEventById(id).addGuest(email); }
function remove(id, email) { CalendarApp.getEventById(id).removeGuest(email); }
function hide(id) { var e = CalendarApp.getEventById(id); e.setGuestsCanSeeGuests(false); return e.guestsCanSeeGuests(); }
function times(id) { var e = CalendarApp.getDefaultCalendar().getEventById(id); return [e.getTitle(), e.getStartTime().getTime(), e.getEndTime().getTime()]; }
function remove_(id) { CalendarApp.getEventById(id).deleteEvent(); return CalendarApp.getEventById(id) !== null; }
function tag(id, k, v) { CalendarApp.getEventById(id).setTag(k, v); return [CalendarApp.getEventById(id).getTag(k), CalendarApp.getEventById(id).getTag('none')]; }
function priv(id) { var e = CalendarApp.getEventById(id); var before = String(e.getVisibility()); e.setVisibility(CalendarApp.Visibility.PRIVATE); return [before, String(e.getVisibility())]; }
function owned(from, to) { return CalendarApp.getEvents(new Date(from), new Date(to)).map(function (e) { return [e.getTitle(), e.isOwnedByMe()]; }); }
function within(from, to) { return CalendarApp.getEvents(new Date(from), new Date(to)).map(function (e) { return e.getId(); }); }
function occurrences(from, to) { return CalendarApp.getEvents(new Date(from), new Date(to)).map(function (e) { return [e.getId(), e.getStartTime().getTime(), e.isRecurringEvent(), e.getGuestList().map(function (g) { return g.getEmail(); })]; }); }
function first(id) { var e = CalendarApp.getEventById(id); return [e.getStartTime().getTime(), e.isRecurringEvent()]; }
function seriesGuests(id) { return CalendarApp.getEventById(id).getEventSeries().getGuestList().map(function (g) { return g.getEmail(); }); }
function makeSeries() { return CalendarApp.createEventSeries('S', new Date(${START}), new Date(${END}), CalendarApp.newRecurrence().addWeeklyRule().times(2)).getId(); }
function dropSeries(id) { CalendarApp.getEventById(id).getEventSeries().deleteEventSeries(); }
function seriesRemove(id, email) { CalendarApp.getEventById(id).getEventSeries().removeGuest(email); }
`;

describe('CalendarApp', () => {
  it('creates an event on the default calendar with its title and times; guests see each other by default', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk(ws, 'create', ['Case Amber']);
    expect(runOk(ws, 'times', [id])).toEqual(['Case Amber', START, END]);
    const [event] = ws.calendar();
    expect(event).toMatchObject({ title: 'Case Amber', guests: [], guestsCanSeeGuests: true, deleted: false });
    expect(ws.mail()).toEqual([]);
  });

  it('adds the `guests` option silently unless `sendInvites` is true; then each guest gets an invitation in the mail log', () => {
    const ws = workspaceWith(BUNDLE);
    const quiet = runOk(ws, 'create', ['Quiet', { guests: 'a@example.org, b@example.org' }]);
    expect(runOk(ws, 'guests', [quiet])).toEqual(['a@example.org', 'b@example.org']);
    expect(ws.mail()).toEqual([]);
    runOk(ws, 'create', ['Loud', { guests: 'a@example.org,b@example.org', sendInvites: true }]);
    const mail = ws.mail();
    expect(mail.map((m) => m.to)).toEqual([['a@example.org'], ['b@example.org']]);
    expect(mail[0].subject).toContain('Loud');
    // A new event shows its guest list, and so does its invitation.
    expect(mail[0].body).toContain('b@example.org');
  });

  it('addGuest adds once and mails nothing; removeGuest removes, and ignores someone who is not a guest', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk(ws, 'create', ['Case Amber']);
    runOk(ws, 'add', [id, 'a@example.org']);
    runOk(ws, 'add', [id, 'A@example.org']);
    runOk(ws, 'add', [id, 'b@example.org']);
    expect(runOk(ws, 'guests', [id])).toEqual(['a@example.org', 'b@example.org']);
    runOk(ws, 'remove', [id, 'a@example.org']);
    runOk(ws, 'remove', [id, 'nobody@example.org']);
    expect(runOk(ws, 'guests', [id])).toEqual(['b@example.org']);
    expect(ws.mail()).toEqual([]);
    expect(ws.calendar()[0].history.map((h) => [h.change, h.email])).toEqual([
      ['created', ''],
      ['guest-added', 'a@example.org'],
      ['guest-added', 'b@example.org'],
      ['guest-removed', 'a@example.org'],
    ]);
  });

  it('setGuestsCanSeeGuests(false) hides the guest list', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk(ws, 'create', ['Case Amber']);
    expect(runOk(ws, 'hide', [id])).toBe(false);
    expect(ws.calendar()[0].guestsCanSeeGuests).toBe(false);
  });

  it('setVisibility(PRIVATE) makes the event busy to those who see the calendar without being guests', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk(ws, 'create', ['Case Amber', { guests: 'a@example.org' }]);
    expect(ws.calendarSeenByOthers()).toEqual([
      expect.objectContaining({ title: 'Case Amber', guests: ['a@example.org'] }),
    ]);
    expect(runOk(ws, 'priv', [id])).toEqual(['DEFAULT', 'PRIVATE']);
    expect(ws.calendarSeenByOthers()).toEqual([expect.objectContaining({ title: 'busy', guests: [] })]);
  });

  it('an invitation someone else sends is listed by getEvents, and is not owned by the account', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'create', ['Mine']);
    ws.receiveCalendarInvitation({
      from: 'someone@example.org',
      title: 'Theirs',
      start: new Date(START).toISOString(),
      end: new Date(END).toISOString(),
    });
    expect(runOk(ws, 'owned', [START, END])).toEqual([
      ['Mine', true],
      ['Theirs', false],
    ]);
  });

  it('refuses an end before the start and arguments that are not dates', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runError(ws, 'backwards')).toMatch(/start date must be before/);
    expect(runError(ws, 'notDates')).toMatch(/don't match the method signature for CalendarApp.createEvent/);
  });

  // Strict reading (calendar.ts getEventById): the Calendar API keeps a deleted event as `cancelled` and answers it by
  // id (googleapis/google-api-java-client issue 1535), while events.list leaves it out without `showDeleted`
  // (https://developers.google.com/calendar/api/v3/reference/events/list). selfTest's calendar probe checks the account.
  it('still answers a deleted event by id (reads work, changes throw), and getEvents no longer lists it', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk(ws, 'create', ['Case Amber', { guests: 'a@example.org' }]);
    expect(runOk(ws, 'within', [START, END])).toEqual([id]);
    expect(runOk(ws, 'remove_', [id])).toBe(true);
    expect(runOk(ws, 'guests', [id])).toEqual(['a@example.org']);
    expect(runError(ws, 'add', [id, 'b@example.org'])).toMatch(/deleted/);
    expect(runOk(ws, 'within', [START, END])).toEqual([]);
    expect(ws.calendar()[0]).toMatchObject({ deleted: true, guests: ['a@example.org'] });
  });

  // https://developers.google.com/apps-script/reference/calendar/calendar-event#setTag(String,String) ("Sets a key/value
  // tag on the event, for storing custom metadata"), #getTag(String) (null without one) and
  // https://developers.google.com/apps-script/reference/calendar/calendar-app#getEvents(Date,Date) ("Gets all events that
  // occur within a given time range": starting, ending or spanning it).
  it('keeps tags on an event and finds the events that occur within a time range', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk(ws, 'create', ['Case Amber']);
    expect(runOk(ws, 'tag', [id, 'meeting', 'c_1|2026-03-02T09:00:00.000Z'])).toEqual([
      'c_1|2026-03-02T09:00:00.000Z',
      null,
    ]);
    expect(runOk(ws, 'within', [START - 3600_000, START + 60_000])).toEqual([id]);
    expect(runOk(ws, 'within', [END, END + 3600_000])).toEqual([]);
    expect(runOk(ws, 'within', [START - 7200_000, START])).toEqual([]);
  });

  // An event the owner makes repeat by hand (calendar.ts): one id for every occurrence, getEventById "returns only the
  // first event from that series" (calendar-app#getEventById), getEventSeries' guests are the series'. The stricter
  // reading where the reference is silent: a guest changed on one occurrence is changed on it alone.
  it('a repeating event: every occurrence under one id, getEventById the first, guests changed on one occurrence or on the series', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk<string>(ws, 'create', ['Case Amber', { guests: 'a@example.org,b@example.org' }]);
    ws.makeCalendarEventRecurring(id, { everyDays: 7, times: 3 });
    const WEEK = 7 * 24 * 3600_000;
    const ab = ['a@example.org', 'b@example.org'];
    expect(runOk(ws, 'occurrences', [START, START + 5 * WEEK])).toEqual([
      [id, START, true, ab],
      [id, START + WEEK, true, ab],
      [id, START + 2 * WEEK, true, ab],
    ]);
    expect(runOk(ws, 'first', [id])).toEqual([START, true]);
    runOk(ws, 'remove', [id, 'b@example.org']);
    expect(runOk<unknown[][]>(ws, 'occurrences', [START, START + 2 * WEEK]).map((o) => o[3])).toEqual([
      ['a@example.org'],
      ab,
    ]);
    runOk(ws, 'seriesRemove', [id, 'a@example.org']);
    expect(runOk(ws, 'seriesGuests', [id])).toEqual(['b@example.org']);
    expect(ws.calendarOccurrences(id, START, START + 5 * WEEK).map((o) => o.guests)).toEqual([
      ['a@example.org'],
      ['b@example.org'],
      ['b@example.org'],
    ]);
  });

  // https://developers.google.com/apps-script/reference/calendar/calendar-app#createEventSeries(String,Date,Date,EventRecurrence)
  // and event-recurrence (newRecurrence().addWeeklyRule().times(n)), calendar-event-series#deleteEventSeries().
  it('createEventSeries makes an event repeating by its rule; deleteEventSeries deletes every occurrence', () => {
    const ws = workspaceWith(BUNDLE);
    const id = runOk<string>(ws, 'makeSeries');
    const WEEK = 7 * 24 * 3600_000;
    expect(runOk(ws, 'within', [START, START + 4 * WEEK])).toEqual([id, id]);
    expect(runOk(ws, 'first', [id])).toEqual([START, true]);
    runOk(ws, 'dropSeries', [id]);
    expect(runOk(ws, 'within', [START, START + 4 * WEEK])).toEqual([]);
  });
});
