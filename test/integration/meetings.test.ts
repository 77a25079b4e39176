// Calling a meeting of the members cleared for a case (procedure step 2): only they are guests, kept in step with every clearance change, the title is the code name alone, and the Doc records the date; invariants after every step.
import {
  ANA,
  EVE,
  advance,
  answerConflict,
  addMember,
  newestLink,
  open,
  press,
  BO,
  CY,
  DEE,
  caseAction,
  clear,
  docSection,
  outcomeOf,
  OWNER,
  registryRows,
  reportCase,
  setActive,
  sweep,
  startResolutionDesk,
  type CaseInfo,
  type Desk,
} from './desk';

const DAY = 24 * 3600 * 1000;

function guestsOf(desk: Desk): string[] {
  const [event] = desk.ws.calendar();
  return [...event.guests].sort();
}

function invitations(desk: Desk, email: string, kase: CaseInfo) {
  return desk.ws.mailTo(email).filter((m) => m.subject === `Meeting: case ${kase.codeName}`);
}

function callMeeting(desk: Desk, kase: CaseInfo) {
  const start = new Date(desk.ws.rt.now() + 2 * DAY).toISOString();
  // The page's datetime-local field holds wall-clock time in the script's zone (Etc/UTC here), as a person types it.
  const page = caseAction(desk, ANA, kase, 'call-meeting', { start: start.slice(0, 16), minutes: '45' });
  desk.check();
  return { page, start };
}

describe('meetings', () => {
  /** Ana and Bo are cleared and guests of a meeting the committee account then made weekly in Calendar. */
  function weeklyMeetingOfAnaAndBo() {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    const [{ id, start }] = desk.ws.calendar();
    desk.ws.makeCalendarEventRecurring(id, { everyDays: 7 });
    return { desk, kase, id, start };
  }

  test('only the cleared members are guests, under the code name alone, and the Doc records the date', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    desk.check();
    const { page, start } = callMeeting(desk, kase);
    expect(outcomeOf(page)).toBe('done');
    const [event] = desk.ws.calendar();
    expect(event.title).toBe(kase.codeName);
    expect(event.description).toBe('');
    expect(event.start).toBe(`${start.slice(0, 16)}:00.000Z`);
    expect(Date.parse(event.end) - Date.parse(event.start)).toBe(45 * 60_000);
    expect(event.guestsCanSeeGuests).toBe(false);
    // Hidden before anyone was added: no guest ever saw the list.
    expect(event.history.findIndex((h) => h.change === 'guests-hidden')).toBeLessThan(
      event.history.findIndex((h) => h.change === 'guest-added'),
    );
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    for (const m of [ANA, BO]) expect(invitations(desk, m.email, kase)).toHaveLength(1);
    for (const m of [CY, DEE]) expect(invitations(desk, m.email, kase)).toHaveLength(0);
    for (const mail of invitations(desk, BO.email, kase)) expect(mail.body).not.toContain(ANA.email);
    // Pressing again with the same time (a stale tab) calls nothing new.
    const again = caseAction(desk, ANA, kase, 'call-meeting', { start: start.slice(0, 16), minutes: '45' });
    desk.check();
    expect(outcomeOf(again)).toBe('refused');
    expect(desk.ws.calendar()).toHaveLength(1);
    expect(invitations(desk, BO.email, kase)).toHaveLength(1);
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      new RegExp(`called a meeting of the members cleared for this case: ${start.slice(0, 10)} ${start.slice(11, 16)}`),
    );
  });

  test('a member cleared later is added; a conflict or leaving removes them at once', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    clear(desk, kase, CY);
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email, CY.email].sort());
    expect(invitations(desk, CY.email, kase)).toHaveLength(1);

    caseAction(desk, BO, kase, 'conflict');
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email, CY.email].sort());

    setActive(desk, CY.email, false);
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email]);
    // Nobody uncleared was ever a guest.
    const added = desk.ws
      .calendar()[0]
      .history.filter((h) => h.change === 'guest-added')
      .map((h) => h.email);
    expect(added).not.toContain(DEE.email);
  });

  test('a member who joins and declares no conflict through onboarding is added and told', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    addMember(desk, EVE);
    desk.check();
    const page = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    const field = /<legend>Sam Doe<\/legend>[\s\S]*?name="(person-\d+)"/.exec(page.response.body)?.[1] ?? '';
    press(desk, page, 'onboard', { fields: { [field]: 'no-conflict' } });
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email, EVE.email].sort());
    expect(invitations(desk, EVE.email, kase)).toHaveLength(1);
  });

  test('ADV-213 a guest who leaves the committee and comes back before the meeting is invited again, by email', () => {
    // Bo clears the case and is invited; the owner unticks Bo's Active (Bo is taken off the guest list with the Doc),
    // then ticks it again; Bo declares no conflict on the onboarding page: back on the guest list, and told.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    expect(invitations(desk, BO.email, kase)).toHaveLength(1);
    setActive(desk, BO.email, false);
    expect(guestsOf(desk)).toEqual([ANA.email]);
    setActive(desk, BO.email, true);
    const page = open(desk, newestLink(desk, BO.email, 'onboard').url);
    const field = /<legend>Sam Doe<\/legend>[\s\S]*?name="(person-\d+)"/.exec(page.response.body)?.[1] ?? '';
    press(desk, page, 'onboard', { fields: { [field]: 'no-conflict' } });
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    // Before, the invitation's key (case, meeting, member) was spent by the first one: Bo was put back on the event in
    // silence, with nothing in their mail saying a meeting of the case is called, nor when.
    expect(invitations(desk, BO.email, kase)).toHaveLength(2);
    sweep(desk);
    desk.check();
    expect(invitations(desk, BO.email, kase)).toHaveLength(2);
  });

  test('ADV-152 a guest the owner\u2019s name correction shows to be the report\u2019s witness leaves the meeting with the Doc, not at the next sweep', () => {
    // Typed as "Wes Tran"; the report's witness is "Wes Tarn". Wes clears the case and is invited; the owner corrects the
    // name: the roster marks the conflict automatically (self-reported.ts) and takes the Doc back at once.
    const wes = { name: 'Wes Tran', email: 'wes@example.org', role: 'voting' as const };
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE, wes] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, wes);
    callMeeting(desk, kase);
    expect(guestsOf(desk)).toEqual([ANA.email, wes.email].sort());
    const row = desk.members.findIndex((m) => m.email === wes.email) + 2;
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 1, 'Wes Tarn');
    desk.check();
    expect(
      registryRows(desk, 'Clearances')
        .filter((c) => c.Decision === 'conflict')
        .map((c) => c.Note),
    ).toEqual([expect.stringMatching(/^automatic/)]);
    // Before, the Doc went at once but the event kept Wes as a guest (its time, its code name on their calendar) until
    // the next sweep's access audit.
    expect(guestsOf(desk)).toEqual([ANA.email]);
  });

  test('ADV-153 someone in the committee account\u2019s organisation looks at its calendar, or at a guest\u2019s: the meeting shows as busy', () => {
    // A Workspace's primary calendars are shared with everyone in the organisation, "See all event details", unless
    // the admin chose otherwise: a member with a conflict (or the reported person, on staff) sees every event not
    // marked private, its title and its guest list.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    const [seen] = desk.ws.calendarSeenByOthers();
    // Before: { title: <the code name>, guests: [ana, bo] }: who is cleared for which case, to the whole organisation.
    expect(seen.title).toBe('busy');
    expect(seen.guests).toEqual([]);
    // Private before anyone was added.
    const { history } = desk.ws.calendar()[0];
    expect(history.findIndex((h) => h.change === 'visibility' && h.email === 'PRIVATE')).toBeGreaterThan(-1);
    expect(history.findIndex((h) => h.change === 'visibility')).toBeLessThan(
      history.findIndex((h) => h.change === 'guest-added'),
    );
  });

  test('ADV-155 a member with a conflict invites the committee account to an event of theirs titled with the code name, at the time the meeting is called', () => {
    // The code name is in the status sheet; Calendar puts an invitation from a known sender on the account's calendar.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    const at = `${new Date(desk.ws.rt.now() + 2 * DAY).toISOString().slice(0, 16)}:00.000Z`;
    const planted = desk.ws.receiveCalendarInvitation({
      from: DEE.email,
      title: kase.codeName,
      start: at,
      end: new Date(Date.parse(at) + 45 * 60_000).toISOString(),
    });
    const { page } = callMeeting(desk, kase);
    expect(outcomeOf(page)).toBe('done');
    const events = desk.ws.calendar();
    // Before: the meeting adopted Dee's event (its title and times matched) and added the cleared members to it: Dee,
    // its organizer, saw who was cleared for the case, and could rewrite what their calendars showed.
    expect(events.find((e) => e.id === planted)?.guests).toEqual([]);
    const own = events.filter((e) => e.id !== planted);
    expect(own).toHaveLength(1);
    expect(own[0].organizer).toBe(OWNER);
    expect([...own[0].guests].sort()).toEqual([ANA.email, BO.email].sort());
  });

  test('ADV-156 a guest adds a colleague (who has a conflict) to the meeting from their own Calendar', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    const [event] = desk.ws.calendar();
    // Before: Calendar's default let every guest invite others: Dee was added and mailed Google's invitation (the code
    // name and the time), and stayed a guest until the next sweep's audit.
    expect(desk.ws.guestInvites({ eventId: event.id, guest: BO.email, invitee: DEE.email })).toBe(false);
    desk.check();
    expect(desk.ws.mailTo(DEE.email).filter((m) => m.subject.startsWith('Invitation:'))).toHaveLength(0);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    // Turned off before anyone was added.
    expect(event.history.findIndex((h) => h.change === 'invite-others')).toBeLessThan(
      event.history.findIndex((h) => h.change === 'guest-added'),
    );
  });

  test('ADV-249 a meeting moved in Calendar (a guest\u2019s proposed time, accepted) is kept to the cleared members after its first time has passed', () => {
    // Calendar lets a guest propose a new time and the organizer accept it: the same event, days later. Ana and Bo are
    // guests; the committee account accepts a time three days on; the first time passes; Bo declares a conflict and Cy
    // clears the case.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    const [event] = desk.ws.calendar();
    const moved = Date.parse(event.start) + 3 * DAY;
    desk.ws.moveCalendarEvent(event.id, new Date(moved).toISOString(), new Date(moved + 45 * 60_000).toISOString());
    advance(desk, 2 * DAY + 3 * 3600_000);
    caseAction(desk, BO, kase, 'conflict');
    clear(desk, kase, CY);
    desk.check();
    // Before: the meeting counted as over at its first time: Bo, with a conflict, stayed a guest of the moved event,
    // and Cy, cleared, was never added nor told.
    expect(guestsOf(desk)).toEqual([ANA.email, CY.email].sort());
    const iso = new Date(moved).toISOString();
    expect(invitations(desk, CY.email, kase).map((m) => m.body)).toEqual([
      expect.stringContaining(`${iso.slice(0, 10)} ${iso.slice(11, 16)} (`),
    ]);
    expect(docSection(desk, kase, 'Committee discussions')).toContain(
      `The meeting was moved in Calendar to ${iso.slice(0, 10)} ${iso.slice(11, 16)} (`,
    );
  });

  test('ADV-250 a member who declares a conflict while their invitation waits for the mail quota is not sent it when the quota comes back', () => {
    // Cy clears the case on a day whose mail quota is spent: Cy is put on the guest list and the invitation (with the
    // access email) waits. Cy then declares a conflict from the screening email: off the guest list at once.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    desk.ws.setMailQuotaUsed(1_000_000);
    clear(desk, kase, CY);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email, CY.email].sort());
    const before = desk.ws.mailTo(CY.email).length;
    answerConflict(desk, kase, CY);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    advance(desk, DAY + 2 * 3600_000);
    // Before: when the quota came back, Cy, with a conflict and no longer a guest, was sent the meeting's time ("It is
    // in your Google Calendar") and the access email's links to the case document and page.
    const after = desk.ws.mailTo(CY.email).slice(before);
    expect(invitations(desk, CY.email, kase)).toHaveLength(0);
    expect(after.map((m) => m.subject)).toEqual([expect.stringMatching(/conflict/i)]);
  });

  test('ADV-250 a guest the owner\u2019s name correction shows to be the report\u2019s witness is not sent the invitation still waiting for the quota', () => {
    const wes = { name: 'Wes Tran', email: 'wes@example.org', role: 'voting' as const };
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE, wes] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    callMeeting(desk, kase);
    desk.ws.setMailQuotaUsed(1_000_000);
    clear(desk, kase, wes);
    const before = desk.ws.mailTo(wes.email).length;
    const row = desk.members.findIndex((m) => m.email === wes.email) + 2;
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 1, 'Wes Tarn');
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email]);
    advance(desk, DAY + 2 * 3600_000);
    // Before: the invitation and the access email went to the witness when the quota came back. Nothing is sent to a
    // member a report names (the committee account alone is told).
    expect(desk.ws.mailTo(wes.email).slice(before)).toEqual([]);
  });

  test('ADV-251 the committee account adds the reported person to the meeting by hand in Calendar: the sweep takes them off and tells the case\u2019s members', () => {
    // The chair, signed in as the committee account, adds "Sam" to the event and picks Calendar's suggestion: the
    // reported person, who gets Calendar's invitation (the code name and the time).
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    const sam = 'sam.doe@example.net';
    const eventId = desk.ws.calendar()[0].id;
    desk.k.humanAccess?.add(`${eventId}|${sam}`);
    expect(desk.ws.guestInvites({ eventId, guest: OWNER, invitee: sam })).toBe(true);
    sweep(desk);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    // Before: removed in silence (an Audit row): nobody learned that someone not cleared had been sent the meeting.
    const told = (email: string) =>
      desk.ws
        .mailTo(email)
        .filter((m) =>
          /never cleared for the case, added in Calendar by hand, was a guest of its meeting/.test(m.body),
        );
    for (const who of [ANA.email, BO.email, OWNER]) expect(told(who)).toHaveLength(1);
    for (const who of [CY.email, DEE.email]) expect(told(who)).toHaveLength(0);
    sweep(desk);
    expect(told(ANA.email)).toHaveLength(1);
  });

  test('ADV-252 an invitation still waiting for the mail quota when its meeting is over is not sent', () => {
    // A meeting called for three hours on; Cy clears the case on a day whose quota is spent: Cy is a guest, and the
    // invitation waits. The quota returns the next morning, long after the meeting.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    const start = new Date(desk.ws.rt.now() + 3 * 3600_000).toISOString().slice(0, 16);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'call-meeting', { start, minutes: '45' }))).toBe('done');
    desk.ws.setMailQuotaUsed(1_000_000);
    const before = desk.ws.mailTo(CY.email).length;
    clear(desk, kase, CY);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email, CY.email].sort());
    advance(desk, DAY + 2 * 3600_000);
    // Before: it went with the quota, the next day: "A meeting of the members cleared for case …" at a time long past.
    expect(invitations(desk, CY.email, kase)).toEqual([]);
    // What else waited (the access email with the case's links) still goes.
    expect(desk.ws.mailTo(CY.email).slice(before).length).toBeGreaterThan(0);
  });

  test('a calendar failure never stops a conflict; the next sweep removes the member', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    const removals = desk.ws.rt.totals['CalendarEvent.removeGuest'] ?? 0;
    desk.ws.rt.faults = [{ call: 'CalendarEvent.removeGuest', nth: removals + 1, message: 'Service error: Calendar' }];
    caseAction(desk, BO, kase, 'conflict');
    desk.ws.rt.faults = [];
    desk.check();
    const bo = registryRows(desk, 'Clearances').filter((c) => c.Decision === 'conflict');
    expect(bo).toHaveLength(1);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    sweep(desk);
    desk.check();
    expect(guestsOf(desk)).toEqual([ANA.email]);
    // Bo was cleared, then declared a conflict: no drift to report (ADV-251 is about someone never cleared).
    expect(desk.ws.mailTo(ANA.email).filter((m) => /was a guest of its meeting/.test(m.body))).toEqual([]);
  });

  // CalendarApp may still answer a deleted event by id (workbench/emulator/calendar.ts getEventById, the strict
  // reading): a meeting the owner deleted by hand must not be taken for a live one, nor anyone invited to it.
  test('a meeting deleted by hand in Calendar gets no new guest and no invitation', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    desk.ws.deleteCalendarEvent(desk.ws.calendar()[0].id);
    const adds = desk.ws.rt.totals['CalendarEvent.addGuest'] ?? 0;
    clear(desk, kase, CY);
    sweep(desk);
    desk.check();
    expect(desk.ws.rt.totals['CalendarEvent.addGuest'] ?? 0).toBe(adds);
    expect(guestsOf(desk)).toEqual([ANA.email, BO.email].sort());
    expect(invitations(desk, CY.email, kase)).toHaveLength(0);
  });

  test('ADV-265 a meeting deleted by hand in Calendar is recorded in the Doc, and one can be called again at its time', () => {
    // The chair, signed in as the committee account, deletes the meeting in Calendar (the time no longer suits).
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    const { start } = callMeeting(desk, kase);
    const when = `${start.slice(0, 10)} ${start.slice(11, 16)} (`;
    desk.ws.deleteCalendarEvent(desk.ws.calendar()[0].id);
    sweep(desk);
    // Before: the Doc still said only that the meeting was called, and calling it again at that time was refused
    // ("A meeting at this time is already called for this case") though Calendar had no event.
    expect(docSection(desk, kase, 'Committee discussions')).toContain(`The meeting of ${when}`);
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(/was deleted in Calendar/);
    const again = caseAction(desk, ANA, kase, 'call-meeting', { start: start.slice(0, 16), minutes: '45' });
    desk.check();
    expect(outcomeOf(again)).toBe('done');
    const live = () => desk.ws.calendar().filter((e) => !e.deleted);
    expect(live().map((e) => [...e.guests].sort())).toEqual([[ANA.email, BO.email].sort()]);
    expect(invitations(desk, BO.email, kase)).toHaveLength(2);
    // Deleted again and called again at once, with no sweep between: the call itself finds the event gone.
    desk.ws.deleteCalendarEvent(live()[0].id);
    const third = caseAction(desk, ANA, kase, 'call-meeting', { start: start.slice(0, 16), minutes: '45' });
    desk.check();
    expect(outcomeOf(third)).toBe('done');
    expect(live()).toHaveLength(1);
    expect(docSection(desk, kase, 'Committee discussions').match(/was deleted in Calendar/g)).toHaveLength(2);
  });

  test('ADV-265 a meeting deleted in Calendar and restored from its Trash is kept to the cleared members again', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    const { start } = callMeeting(desk, kase);
    const id = desk.ws.calendar()[0].id;
    desk.ws.deleteCalendarEvent(id);
    sweep(desk);
    desk.ws.restoreCalendarEvent(id);
    sweep(desk);
    caseAction(desk, BO, kase, 'conflict');
    clear(desk, kase, CY);
    desk.check();
    // Had the case forgotten the deleted meeting, Bo (a conflict now) would stay a guest of the restored event, and Cy,
    // cleared, would never be added nor told.
    expect(guestsOf(desk)).toEqual([ANA.email, CY.email].sort());
    expect(invitations(desk, CY.email, kase)).toHaveLength(1);
    expect(docSection(desk, kase, 'Committee discussions')).toContain(
      `The meeting of ${start.slice(0, 10)} ${start.slice(11, 16)} (Etc/UTC) was restored in Calendar.`,
    );
  });

  test.each([
    ['before its first time, a conflict after it', 0, 2 * DAY + 3 * 3600_000],
    ['before its first time, a conflict before it', 0, DAY],
    ['after its first time, a conflict after it', 2 * DAY + 3 * 3600_000, 2 * DAY + 3 * 3600_000],
  ])(
    'ADV-284 a meeting the committee account makes weekly in Calendar %s is kept to the cleared members at every later occurrence',
    (_when, madeWeeklyAfter, conflictAfter) => {
      // The chair, signed in as the committee account, edits the event: "Does not repeat" → Weekly. Every occurrence is
      // the same event (one id); CalendarApp.getEventById answers only the first. Ana and Bo are guests; after the
      // first time (or before it) Bo declares a conflict and Cy clears the case.
      const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
      const kase = reportCase(desk);
      clear(desk, kase, ANA, BO);
      const { start } = callMeeting(desk, kase);
      const id = desk.ws.calendar()[0].id;
      advance(desk, madeWeeklyAfter);
      desk.ws.makeCalendarEventRecurring(id, { everyDays: 7 });
      advance(desk, conflictAfter - madeWeeklyAfter);
      const before = desk.ws.mailTo(BO.email).length;
      caseAction(desk, BO, kase, 'conflict');
      clear(desk, kase, CY);
      // The sweep's access audit within the hour.
      advance(desk, 3600_000);
      const now = desk.ws.rt.now();
      const later = desk.ws.calendarOccurrences(id, now, now + 5 * 7 * DAY);
      expect(later).toHaveLength(5);
      // Before: the meeting counted as over after its first time (the only one getEventById answers): Bo, with a
      // conflict, stayed a guest of every later occurrence (the code name and times on their calendar), and Cy,
      // cleared, was never added nor told.
      for (const o of later) expect([o.start, [...o.guests].sort()]).toEqual([o.start, [ANA.email, CY.email].sort()]);
      const toBo = desk.ws.mailTo(BO.email).slice(before);
      expect(
        toBo.filter((m) => m.name === 'Google Calendar' || m.subject === `Meeting: case ${kase.codeName}`),
      ).toEqual([]);
      expect(invitations(desk, CY.email, kase).map((m) => m.body)).toEqual([
        expect.stringContaining(`${start.slice(0, 10)} ${start.slice(11, 16)} (Etc/UTC), the first, repeating`),
      ]);
    },
  );

  test('ADV-285 the committee account deletes the first occurrence of a meeting it made weekly: the later ones are still kept to the cleared members', () => {
    // "Skip this week": the chair deletes the first occurrence alone ("This event"); the series goes on.
    const { desk, kase, id, start } = weeklyMeetingOfAnaAndBo();
    desk.ws.deleteCalendarOccurrence(id, start);
    sweep(desk);
    caseAction(desk, BO, kase, 'conflict');
    clear(desk, kase, CY);
    desk.check();
    const now = desk.ws.rt.now();
    const later = desk.ws.calendarOccurrences(id, now, now + 5 * 7 * DAY);
    expect(later).toHaveLength(4);
    // Before: getEventById still answered the deleted first occurrence, which getEvents no longer lists: the whole
    // meeting was taken for deleted (`… was deleted in Calendar: it will not take place`) and no longer followed; Bo,
    // with a conflict, stayed a guest of every later occurrence.
    for (const o of later) expect([o.start, [...o.guests].sort()]).toEqual([o.start, [ANA.email, CY.email].sort()]);
    expect(docSection(desk, kase, 'Committee discussions')).not.toContain('was deleted in Calendar');
  });

  test('ADV-313 the committee account changes a weekly meeting from its third time on (“This and following events”, a new series): a member who then declares a conflict is taken off the new series too', () => {
    const { desk, kase, id, start } = weeklyMeetingOfAnaAndBo();
    sweep(desk);
    // The chair moves the meeting from its third time on: Calendar ends the series before it and goes on with a new
    // event of its own id, the same title and guests (Ana and Bo).
    const next = desk.ws.splitCalendarSeries(id, new Date(Date.parse(start) + 14 * DAY).toISOString());
    caseAction(desk, BO, kase, 'conflict');
    clear(desk, kase, CY);
    advance(desk, 3600_000);
    const now = desk.ws.rt.now();
    const later = desk.ws.calendarOccurrences(next, now, now + 5 * 7 * DAY);
    expect(later.length).toBeGreaterThan(0);
    // Before: the new series was no meeting of the case: Bo, with a conflict, stayed its guest (the code name and every
    // later time on his calendar), and Cy, cleared, was never added.
    for (const o of later) expect([o.start, [...o.guests].sort()]).toEqual([o.start, [ANA.email, CY.email].sort()]);
    desk.check();
  });

  test('ADV-314 five meetings the committee account made repeat a few times, all over: a cleared member can still call a new one', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    for (let i = 1; i <= 5; i++) {
      const start = new Date(desk.ws.rt.now() + i * 3600_000).toISOString().slice(0, 16);
      expect(outcomeOf(caseAction(desk, ANA, kase, 'call-meeting', { start, minutes: '30' }))).toBe('done');
    }
    // Each made to repeat twice (this week and next), by hand in Calendar: eight days on, none has a time to come.
    for (const { id } of desk.ws.calendar()) desk.ws.makeCalendarEventRecurring(id, { everyDays: 7, times: 2 });
    sweep(desk);
    advance(desk, 8 * DAY);
    const start = new Date(desk.ws.rt.now() + DAY).toISOString().slice(0, 16);
    // Before: `Five meetings of this case are still to come` for as long as the case was open (a repeating meeting
    // never counted as over).
    expect(outcomeOf(caseAction(desk, ANA, kase, 'call-meeting', { start, minutes: '30' }))).toBe('done');
  });

  test('ADV-266 the invitation does not tell a member whose address is not a Google account that the meeting is in their Google Calendar', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    callMeeting(desk, kase);
    // Bo's address (example.org) has no Google Calendar: addGuest puts the event on no calendar of theirs and sends nothing.
    const [mail] = invitations(desk, BO.email, kase);
    // Before: "It is in your Google Calendar under the case's code name."
    expect(mail.body).not.toMatch(/It is in your Google Calendar/);
    expect(mail.body).toMatch(/If your address is a Google account/);
  });

  test('a start in the past or a silly length is refused and calls nothing', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    const past = new Date(desk.ws.rt.now() - DAY).toISOString();
    expect(outcomeOf(caseAction(desk, ANA, kase, 'call-meeting', { start: past, minutes: '30' }))).toBe('refused');
    const later = new Date(desk.ws.rt.now() + DAY).toISOString();
    expect(outcomeOf(caseAction(desk, ANA, kase, 'call-meeting', { start: later, minutes: '0' }))).toBe('refused');
    desk.check();
    expect(desk.ws.calendar()).toEqual([]);
  });

  test('ADV-256 whoever holds a cleared member\u2019s forwarded case link calls meeting after meeting, each at another time: the members\u2019 mailboxes and the day\u2019s quota are not flooded', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    const token = newestLink(desk, ANA.email, 'case', kase.caseId).token;
    let last = '';
    for (let i = 1; i <= 40; i++) {
      const start = new Date(desk.ws.rt.now() + i * DAY).toISOString().slice(0, 16);
      last = desk.ws.webPost(desk.ws.webAppUrl, {
        t: token,
        op: 'call-meeting',
        confirm: 'yes',
        start,
        minutes: '30',
      }).body;
    }
    desk.check();
    expect(invitations(desk, BO.email, kase).length).toBeLessThanOrEqual(5);
    expect(desk.ws.calendar().length).toBeLessThanOrEqual(5);
    expect(last).toMatch(/meetings of this case are still to come/);
    // A report that arrives that day still reaches every member.
    const second = reportCase(desk);
    for (const m of [ANA, BO, CY, DEE]) expect(newestLink(desk, m.email, 'no-conflict', second.caseId)).toBeDefined();
  });
});
