// Meetings of the members cleared for a case (procedure step 2): a calendar event titled by the code name alone, whose guests are always exactly the case's cleared members.
import { meetingInvitationMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import { auditError, rethrowEnding } from '../workspace/errors';
import type { CommitteeMember } from '../workspace/members';
import { formatForSheet, isoOf } from '../core/deadlines';
import {
  changeEventGuests,
  eventIdsAhead,
  findOrCreatePrivateEvent,
  eventGuests,
  parseWallClock,
  listEventsAhead,
  type EventsAhead,
} from '../workspace/calendar';
import { casesOf, isClosed, type Case } from '../records/cases';
import { clearancesOf, returnMark, type Clearances } from '../records/clearances';
import { outboxKey, outboxOf } from '../records/outbox';
import { clearedMember, clearedMembers, recordInDoc, SECTION, ONLY_CLEARED_CAN } from './case-state';
import type { ActionResult } from './vote';
import { timeZoneOf } from '../workspace/committee';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { doneAction, refusedAction } from './outgoing';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { commitWork } from '../workspace/unit-of-work';

/** One meeting called for a case (kept in the case's flags): the calendar event and when it takes place. */
export interface Meeting {
  eventId: string;
  start: string;
  minutes: number;
  by: string;
  /** Deleted by hand in Calendar: no longer held, but followed again if restored from Calendar's Trash. */
  deleted?: boolean;
  /** Made to repeat by hand in Calendar: never over while the case is open (`start` stays its first occurrence's). */
  recurring?: boolean;
}

const MAX_MINUTES = 8 * 60;

/** The zone a meeting's time is typed and read in: the committee's (Settings `Time zone`), as every other time members read. */
export const meetingZone = (ctx: Context): string => timeZoneOf(ctx);

/** The meetings of a case, oldest first. */
export function meetingsOf(state: Case): Meeting[] {
  return Array.isArray(state.flags.meetings) ? (state.flags.meetings as Meeting[]) : [];
}

/** Why this member may not call a meeting for the case now, or null when they may. */
export function whyCannotCallMeeting(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}call a meeting.`;
  if (isClosed(state)) return 'This case is closed.';
  return null;
}

/**
 * The instant a form's start field names: an ISO instant with its offset as is, or the page's `datetime-local`
 * value (`yyyy-MM-ddTHH:mm`, no offset) read as wall-clock time in the committee's time zone (named on the form). Null when neither.
 */
export function parseMeetingStart(ctx: Context, text: string): number | null {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
    const ms = parseWallClock(value, meetingZone(ctx));
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

/**
 * Calls a meeting: an event on the owner's calendar titled by the code name alone (no description, no case
 * text), guests hidden from each other before anyone is added, then each cleared member added and told by
 * mail. Guests are added one by one rather than with createEvent's `guests`/`sendInvites`: Calendar's own
 * invitations would go out before the guest list can be hidden. The date goes into `Committee discussions`.
 */
export function callMeeting(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  member: CommitteeMember,
  startText: string,
  minutesText: string,
): ActionResult {
  const refused = (line: string): ActionResult => refusedAction('No meeting was called', [line]);
  const why = whyCannotCallMeeting(ctx, state, clearances, member.id);
  if (why) return refused(why);
  const start = parseMeetingStart(ctx, startText);
  if (start === null) return refused('The start is not a date and time.');
  if (start <= readNow(ctx)) return refused('The start must be in the future.');
  const minutes = Number(minutesText);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > MAX_MINUTES)
    return refused(`The duration must be a whole number of minutes from 5 to ${MAX_MINUTES}.`);
  // A second press (a stale tab, or a retry after a crash) calls nothing new: it finishes the guests of the first, unless
  // that sync finds its event deleted in Calendar (then forgotten: this call makes a new one).
  const called = () => meetingsOf(state).some((m) => !m.deleted && Date.parse(m.start) === start);
  if (called()) {
    syncMeetingGuests(ctx, state, clearances);
    if (called()) return refused('A meeting at this time is already called for this case.');
  }
  // Each meeting emails every guest at once and grows the case's row: a forwarded case link (or a script) calling one
  // after another would flood the members and spend the day's mail quota the reports' screening emails need.
  // A repeating one counts while it has a time in the next 35 days: one whose times are all past no longer blocks.
  const ahead = meetingsOf(state).some((m) => m.recurring) ? eventIdsAhead(readNow(ctx)) : [];
  const toCome = (m: Meeting) => !m.deleted && notOver(ctx, m) && (!m.recurring || ahead.includes(m.eventId));
  if (meetingsOf(state).filter(toCome).length >= MEETINGS_AHEAD)
    return refused('Five meetings of this case are still to come: call another once one has taken place.');
  const eventId = findOrCreatePrivateEvent(
    state.codeName,
    start,
    start + minutes * 60_000,
    `${state.id}|${isoOf(start)}`,
  );
  const meeting: Meeting = { eventId, start: isoOf(start), minutes, by: member.id };
  state.flags.meetings = [...meetingsOf(state), meeting];
  casesOf(ctx).save(state);
  recordAudit(ctx, 'meeting.called', state.id, `by member ${member.id}; ${meeting.start}, ${minutes} min`);
  const when = formatForSheet(meeting.start, meetingZone(ctx));
  recordInDoc(
    ctx,
    state,
    SECTION.discussions,
    `${member.name || 'A member'} called a meeting of the members cleared for this case: ${when} (${meetingZone(ctx)}), ${minutes} minutes.`,
  );
  commitWork(ctx);
  const invited = syncMeetingGuests(ctx, state, clearances);
  return doneAction('The meeting is called', [
    `${when} (${meetingZone(ctx)}), ${minutes} minutes.`,
    `${invited} member(s) cleared for this case are invited; members cleared later are added, and a member who declares a conflict is removed.`,
  ]);
}

/**
 * Makes the guests of every meeting of the case that has not ended exactly its cleared members: adds the
 * missing (and tells them by mail, once per meeting), removes anyone else at once. Called wherever a clearance
 * changes, and by the access audit. Returns how many cleared members the meetings should have.
 */
export function syncMeetingGuests(
  ctx: Context,
  state: Case,
  clearances: Clearances = clearancesOf(ctx),
  /** The access audit's: the events ahead, listed once for every case (a meeting over at its recorded time among them). */
  ahead?: EventsAhead,
): number {
  const all = meetingsOf(state);
  if (all.some((m) => m.recurring && !m.deleted)) followSplitSeries(ctx, state, all, ahead);
  const audit = ahead?.ids;
  const meetings = all.filter((m) => notOver(ctx, m) || audit?.includes(m.eventId));
  // An invitation still waiting (the quota) when its meeting is over would only say when it was.
  dropInvitations(
    ctx,
    state,
    all.filter((m) => !meetings.includes(m)),
    'over',
  );
  if (!meetings.length) return 0;
  const wanted = new Map(clearedMembers(ctx, clearances, state.id).map((m) => [m.email.toLowerCase(), m]));
  for (const meeting of meetings) {
    try {
      syncOne(ctx, state, meeting, wanted, clearances, audit);
    } catch (err) {
      // A calendar failure never stops the clearance that called this; the access audit (each sweep) retries.
      rethrowEnding(err);
      recordAudit(ctx, 'meeting.sync-failed', state.id, `${meeting.eventId}: ${auditError(err)}`);
    }
  }
  return wanted.size;
}

/**
 * A repeating meeting changed "This and following events" goes on as a new series of the same title (the code name) and
 * guests: followed as a meeting of the case from now on, or a member who declares a conflict would stay its guest.
 */
function followSplitSeries(ctx: Context, state: Case, all: Meeting[], ahead?: EventsAhead): void {
  try {
    const series = (ahead ?? listEventsAhead(readNow(ctx))).ownSeries(state.codeName);
    for (const eventId of new Set(series)) {
      const found = all.some((m) => m.eventId === eventId) ? null : eventGuests(eventId);
      if (!found) continue;
      const start = isoOf(found.start);
      all.push({
        eventId,
        start,
        minutes: Math.round((found.end - found.start) / 6e4),
        by: all[0].by,
        recurring: true,
      });
      state.flags.meetings = all;
      casesOf(ctx).save(state);
      recordAudit(ctx, 'meeting.split', state.id, eventId);
    }
  } catch (err) {
    rethrowEnding(err);
    recordAudit(ctx, 'meeting.sync-failed', state.id, auditError(err));
  }
}

/** Brings one meeting's times to the event's and, while it has not ended, its guests to `wanted`: removes the others, adds and tells the missing. */
function syncOne(
  ctx: Context,
  state: Case,
  meeting: Meeting,
  wanted: Map<string, CommitteeMember>,
  clearances: Clearances,
  audit?: string[],
): void {
  const found = eventGuests(meeting.eventId);
  // Deleted by hand in Calendar: marked (its time may be called again) and the Doc says it is off. Kept, not forgotten:
  // one restored from Calendar's Trash (its id kept) is followed again, or a member with a conflict would stay its guest.
  const flipped = !found !== Boolean(meeting.deleted);
  if (flipped) {
    meeting.deleted = !found;
    casesOf(ctx).save(state);
    recordAudit(ctx, found ? 'meeting.restored' : 'meeting.deleted', state.id, meeting.eventId);
  }
  const said = `The meeting of ${invitationTime(ctx, meeting)} was `;
  if (!found) {
    if (flipped) {
      dropInvitations(ctx, state, [meeting], 'deleted');
      recordInDoc(ctx, state, SECTION.discussions, `${said}deleted in Calendar: it will not take place.`);
    }
    return;
  }
  // The time Calendar has now: the committee account may have moved the event (accepting a guest's "Propose a new
  // time", support.google.com/calendar/answer/37135). Kept, or the meeting would count as over at its first time
  // while the event is still to come, its guests no longer kept to the cleared members.
  const start = isoOf(found.start);
  const minutes = Math.round((found.end - found.start) / 60_000);
  const moved = start !== meeting.start || minutes !== meeting.minutes;
  // Made to repeat by hand: its first time (all getEventById answers) is no end; its guests are the series'.
  if (moved || found.recurring !== Boolean(meeting.recurring)) {
    Object.assign(meeting, { start, minutes, recurring: found.recurring });
    casesOf(ctx).save(state);
  }
  if (found.end > readNow(ctx) || found.recurring) {
    const { guests } = found;
    const remove = guests.filter((email) => !wanted.has(email));
    const add = [...wanted.values()].filter((m) => !guests.includes(m.email.toLowerCase()));
    if (remove.length || add.length)
      changeEventGuests(
        meeting.eventId,
        add.map((m) => m.email),
        remove,
      );
    if (remove.length) recordAudit(ctx, 'meeting.guest-removed', state.id, `${remove.length} guest(s)`);
    // Clearance changes take guests off at once: someone never cleared whom the audit finds is drift (added in Calendar
    // by hand: the reported person picked from its suggestions), reported as a Doc's is; Calendar may have mailed them.
    const cleared = (email: string) => {
      const m = ctx.committee.byEmail(email);
      for (let r = m ? clearances.latest(state.id, m.id) : null; r; r = clearances.previous(r))
        if (r.decision === 'no-conflict') return true;
      return false;
    };
    if (audit && remove.some((email) => !cleared(email)))
      ctx.outbox.alertCase(state.id, 'Someone not cleared was a guest of a meeting', [
        `Someone never cleared for the case, added in Calendar by hand, was a guest of its meeting (${invitationTime(ctx, meeting)}): removed.`,
        'Calendar may have emailed them the code name and time.',
      ]);
    for (const member of add) recordAudit(ctx, 'meeting.guest-added', state.id, `member ${member.id}`);
    // Every guest is told once (the outbox key dedupes): a run that died after adding a guest, before telling them,
    // is finished by the next one, which finds the guest already there.
    // A member back after leaving (offboarding took them off the event) is told again.
    for (const member of wanted.values())
      queueMail(
        ctx,
        invitationMail(ctx, state, meeting, member, returnMark(clearances, clearances.latest(state.id, member.id))),
      );
  }
  // Last: a Doc that cannot be opened must not keep the guests from being put right.
  if (flipped) recordInDoc(ctx, state, SECTION.discussions, `${said}restored in Calendar.`);
  if (moved)
    recordInDoc(
      ctx,
      state,
      SECTION.discussions,
      `The meeting was moved in Calendar to ${invitationTime(ctx, meeting)}, ${minutes} minutes.`,
    );
}

/** Re-checks the guests of every open case's meetings (the access audit: a sync a calendar failure interrupted). */
export function syncAllMeetingGuests(ctx: Context): void {
  const clearances = clearancesOf(ctx);
  let ahead: EventsAhead | undefined;
  for (const kase of casesOf(ctx).live())
    if (meetingsOf(kase).length && !isClosed(kase)) {
      try {
        ahead ??= listEventsAhead(readNow(ctx));
      } catch (err) {
        rethrowEnding(err);
        ahead = { ids: [], ownSeries: () => [] };
      }
      syncMeetingGuests(ctx, kase, clearances, ahead);
    }
}

/** Meetings of a case that may be still to come at once (ADV-256). */
const MEETINGS_AHEAD = 5;

/** A meeting whose end, as last recorded from Calendar, is still ahead, or that repeats. */
const notOver = (ctx: Context, m: Meeting) => m.recurring || Date.parse(m.start) + m.minutes * 60_000 > readNow(ctx);

/** Drops the invitations to these meetings still waiting (the quota): they would only name a time that is not held. */
function dropInvitations(ctx: Context, state: Case, meetings: Meeting[], why: string): void {
  const keys = meetings.map((m) => `${state.id}|meeting:${m.eventId}`);
  if (keys.length)
    outboxOf(ctx).dropPendingWhere(
      (key) => keys.some((k) => key.startsWith(k)),
      readNowIso(ctx),
      `the meeting was ${why}`,
    );
}

const invitationTime = (ctx: Context, meeting: Meeting) =>
  `${formatForSheet(meeting.start, meetingZone(ctx))} (${meetingZone(ctx)})`;

/** The member's invitation: the code name and the time, nothing of the case and nobody else's name. */
function invitationMail(ctx: Context, state: Case, meeting: Meeting, member: CommitteeMember, back: string) {
  const when = invitationTime(ctx, meeting) + (meeting.recurring ? ', the first, repeating' : '');
  return {
    key: outboxKey(state.id, `meeting:${meeting.eventId}${back}`, member.id),
    caseId: state.id,
    kind: 'meeting-invitation',
    to: member.email,
    ...meetingInvitationMessage({ memberName: member.name, codeName: state.codeName, when, minutes: meeting.minutes }),
    delivery: AT_LEAST_ONCE,
  };
}
