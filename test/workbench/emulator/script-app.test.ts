// Conformance tests for ScriptApp triggers: builders, the 20-trigger limit, clock triggers fired by advance(), form and edit triggers.

import { OWNER, START, runError, runOk, workspaceWith } from './test-helpers';

const T0 = Date.parse(START);
const MIN = 60_000;

const BUNDLE = `
function clock(n) { return ScriptApp.newTrigger('tick_').timeBased().everyMinutes(n).create().getUniqueId(); }
function hourly(handler) { return ScriptApp.newTrigger(handler).timeBased().everyHours(1).create().getUniqueId(); }
function daily(hour, minute, tz) {
  var b = ScriptApp.newTrigger('tick_').timeBased().everyDays(1).atHour(hour).nearMinute(minute);
  if (tz) b = b.inTimezone(tz);
  return b.create().getUniqueId();
}
function weekly() { return ScriptApp.newTrigger('tick_').timeBased().everyWeeks(1).onWeekDay(ScriptApp.WeekDay.WEDNESDAY).atHour(8).create().getUniqueId(); }
function at(iso) { return ScriptApp.newTrigger('tick_').timeBased().at(new Date(iso)).create().getUniqueId(); }
function badCombo() { return ScriptApp.newTrigger('tick_').timeBased().everyMinutes(5).atHour(3).create(); }
function once(ms) { return ScriptApp.newTrigger('tick_').timeBased().after(ms).create().getUniqueId(); }
function missing() { return ScriptApp.newTrigger('noSuchHandler_').timeBased().everyMinutes(1).create().getUniqueId(); }
function make(n) { for (var i = 0; i < n; i++) ScriptApp.newTrigger('h' + i + '_').timeBased().everyHours(1).create(); }
function tick_(e) { Logger.log(JSON.stringify(e)); return e; }
function list() {
  return ScriptApp.getProjectTriggers().map(function (t) {
    return [t.getHandlerFunction(), String(t.getEventType()), String(t.getTriggerSource()), t.getTriggerSourceId(), t.getUniqueId()];
  });
}
function removeAll() { ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); }); }
function onSubmit(formId) { return ScriptApp.newTrigger('onReportSubmit_').forForm(formId).onFormSubmit().create().getUniqueId(); }
function onSubmitByObject(formId) { return ScriptApp.newTrigger('onReportSubmit_').forForm(FormApp.openById(formId)).onFormSubmit().create().getUniqueId(); }
function onReportSubmit_(e) { return e.response.getId() + '|' + e.triggerUid; }
function onEditOf(ssId) { return ScriptApp.newTrigger('onSheetEdit_').forSpreadsheet(ssId).onEdit().create().getUniqueId(); }
function onSheetEdit_(e) { return [e.value, e.oldValue, Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail()]; }
function url() { return ScriptApp.getService().getUrl(); }
function enums() { return [ScriptApp.EventType.CLOCK, ScriptApp.EventType.ON_FORM_SUBMIT, ScriptApp.TriggerSource.FORMS, ScriptApp.AuthMode.FULL, ScriptApp.WeekDay.MONDAY]; }
`;

describe('ScriptApp triggers', () => {
  it('refuses a 21st trigger for the same user with the platform message', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'make', [20]);
    expect(runError(ws, 'make', [1])).toBe(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
    expect(ws.triggers()).toHaveLength(20);
  });

  it('counts the limit per user: another account has its own 20, and its triggers are invisible to the owner', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'make', [20]);
    runOk(ws, 'make', [1], { user: 'ana@example.org' });
    expect(runOk<unknown[]>(ws, 'list')).toHaveLength(20);
    expect(runOk<unknown[]>(ws, 'list', [], { user: 'ana@example.org' })).toHaveLength(1);
  });

  it('accepts only 1, 5, 10, 15 or 30 for everyMinutes', () => {
    const ws = workspaceWith(BUNDLE);
    for (const n of [1, 5, 10, 15, 30]) expect(ws.run('clock', [n]).error).toBeUndefined();
    for (const n of [0, 2, 3, 20, 60]) expect(runError(ws, 'clock', [n])).toMatch(/everyMinutes/);
  });

  it('fires a clock trigger from advance() at its due virtual time, as the owner, with the time-driven event', () => {
    const ws = workspaceWith(BUNDLE);
    const created = ws.run('clock', [5]);
    const uid = created.value as string;
    const createdAt = created.record.endedAt; // create() is the last call, so the trigger exists from here
    const results = ws.advance(11 * MIN);
    expect(results.map((r) => r.record.startedAt)).toEqual([createdAt + 5 * MIN, createdAt + 10 * MIN]);
    const first = results[0];
    expect(first.record).toMatchObject({
      kind: 'trigger',
      fn: 'tick_',
      effectiveUser: OWNER,
      activeUser: OWNER,
      outcome: 'ok',
    });
    const at = new Date(createdAt + 5 * MIN);
    expect(first.value).toEqual({
      authMode: 'FULL',
      triggerUid: uid,
      timezone: 'UTC',
      year: 2026,
      month: 3,
      'day-of-month': 2,
      'day-of-week': 1,
      hour: 9,
      minute: 5,
      second: at.getUTCSeconds(),
      'week-of-year': 10,
    });
    expect(ws.rt.now()).toBe(T0 + 11 * MIN + (createdAt - T0));
  });

  it('fires due triggers in chronological order across triggers', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'clock', [10]);
    runOk(ws, 'hourly', ['tick_']);
    const times = ws.advance(65 * MIN).map((r) => r.record.startedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times).toHaveLength(7); // six 10-minute runs and one hourly run
  });

  it('honours atHour and nearMinute in the trigger time zone, keeping wall-clock time across DST', () => {
    const ws = workspaceWith(BUNDLE, { start: '2026-03-06T20:00:00Z' });
    runOk(ws, 'daily', [9, 30, 'America/New_York']);
    const starts = ws.advance(3 * 24 * 60 * MIN).map((r) => new Date(r.record.startedAt).toISOString());
    // 09:30 EST is 14:30Z; New York springs forward on 2026-03-08, so 09:30 EDT is 13:30Z.
    expect(starts).toEqual(['2026-03-07T14:30:00.000Z', '2026-03-08T13:30:00.000Z', '2026-03-09T13:30:00.000Z']);
  });

  it('uses the script time zone for atHour when inTimezone is not given', () => {
    const ws = workspaceWith(BUNDLE, { timeZone: 'Europe/Berlin' });
    runOk(ws, 'daily', [18, 0]);
    expect(ws.advance(24 * 60 * MIN).map((r) => new Date(r.record.startedAt).toISOString())).toEqual([
      '2026-03-02T17:00:00.000Z',
    ]);
  });

  it('schedules weekly triggers on the given weekday and hour, and at(date) triggers once at that instant', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'weekly');
    runOk(ws, 'at', ['2026-03-05T17:45:00Z']);
    const starts = ws.advance(14 * 24 * 60 * MIN).map((r) => new Date(r.record.startedAt).toISOString());
    expect(starts).toEqual(['2026-03-04T08:00:00.000Z', '2026-03-05T17:45:00.000Z', '2026-03-11T08:00:00.000Z']);
  });

  it('refuses atHour on a minutes schedule', () => {
    expect(runError(workspaceWith(BUNDLE), 'badCombo')).toMatch(/atHour/);
  });

  it('does not fire disabled triggers, and does not replay missed runs when they are enabled again', () => {
    const ws = workspaceWith(BUNDLE);
    const uid = runOk<string>(ws, 'clock', [5]);
    ws.disableTrigger(uid);
    expect(ws.advance(30 * MIN)).toEqual([]);
    expect(ws.triggers()[0].disabled).toBe(true);
    ws.enableTrigger(uid);
    expect(ws.advance(5 * MIN)).toHaveLength(1);
  });

  it('fires an after(ms) trigger once; the spent trigger stays listed and counts toward the limit', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'once', [2 * MIN]);
    expect(ws.advance(MIN)).toHaveLength(0);
    expect(ws.advance(10 * MIN)).toHaveLength(1);
    expect(ws.advance(60 * MIN)).toHaveLength(0);
    expect(ws.triggers()).toHaveLength(1);
    expect(ws.triggers()[0].nextDue).toBeUndefined();
  });

  it('records an execution error when the handler is not in the bundle', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'missing');
    const [result] = ws.advance(MIN);
    expect(result.record).toMatchObject({
      kind: 'trigger',
      fn: 'noSuchHandler_',
      outcome: 'error',
      error: 'Exception: Script function not found: noSuchHandler_',
    });
  });

  it('lists the current user triggers with their accessors and deletes them', () => {
    const ws = workspaceWith(BUNDLE);
    const clockUid = runOk<string>(ws, 'clock', [15]);
    const formUid = runOk<string>(ws, 'onSubmit', ['form-1']);
    expect(runOk(ws, 'list')).toEqual([
      ['tick_', 'CLOCK', 'CLOCK', null, clockUid],
      ['onReportSubmit_', 'ON_FORM_SUBMIT', 'FORMS', 'form-1', formUid],
    ]);
    runOk(ws, 'removeAll');
    expect(runOk(ws, 'list')).toEqual([]);
    expect(ws.triggers()).toEqual([]);
  });

  it('fires the form submit trigger once per delivery for the same response, with the form-submit event', () => {
    const ws = workspaceWith(BUNDLE);
    const uid = runOk<string>(ws, 'onSubmitByObject', ['form-1']);
    const { responseId, results } = ws.submitForm({ 'What happened?': 'x' }, { deliveries: 2 });
    expect(results.map((r) => r.value)).toEqual([`${responseId}|${uid}`, `${responseId}|${uid}`]);
    expect(results[0].record).toMatchObject({ kind: 'trigger', fn: 'onReportSubmit_', effectiveUser: OWNER });
  });

  it('fires a blank submit event through the same trigger', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'onSubmit', ['form-1']);
    const results = ws.fireBlankSubmit();
    expect(results).toHaveLength(1);
    expect(results[0].value).toMatch(/^resp-\d+\|/);
  });

  it('does not fire a disabled form submit trigger', () => {
    const ws = workspaceWith(BUNDLE);
    const uid = runOk<string>(ws, 'onSubmit', ['form-1']);
    ws.disableTrigger(uid);
    expect(ws.submitForm({ 'What happened?': 'x' }).results).toEqual([]);
  });

  it('fires installable onEdit triggers of the edited spreadsheet with the edit event', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'onEditOf', ['ss-1']);
    ws.editCell(OWNER, 'ss-1', 'Cases', 2, 3, 'Open');
    const [byMember] = ws.editCell('ana@example.org', 'ss-1', 'Cases', 2, 3, 'Resolved');
    expect(byMember.value).toEqual(['Resolved', 'Open', '', OWNER]);
    expect(ws.editCell(OWNER, 'ss-other', 'Cases', 1, 1, 'x')).toEqual([]);
  });

  it('returns the web app URL from getService().getUrl()', () => {
    expect(runOk(workspaceWith(BUNDLE), 'url')).toBe('https://script.google.com/macros/s/EMULATED/exec');
    expect(runOk(workspaceWith(BUNDLE, { webAppUrl: 'https://script.google.com/macros/s/OTHER/exec' }), 'url')).toBe(
      'https://script.google.com/macros/s/OTHER/exec',
    );
  });

  it('exposes the EventType, TriggerSource, AuthMode and WeekDay enums', () => {
    expect(runOk(workspaceWith(BUNDLE), 'enums')).toEqual(['CLOCK', 'ON_FORM_SUBMIT', 'FORMS', 'FULL', 'MONDAY']);
  });
});

// "Apps Script chooses a time between 9 AM and 10 AM, then keeps that timing consistent from day to day"
// (https://developers.google.com/apps-script/guides/triggers/installable, time-driven triggers), and they may run late.
describe('clock trigger timing (triggerJitter)', () => {
  const HOURLY = `${BUNDLE}\nfunction slow_() { Utilities.sleep(5 * 60 * 1000); return 'done'; }`;
  const startsOf = (seed: number) => {
    const ws = workspaceWith(HOURLY, { triggerJitter: true, seed });
    runOk(ws, 'hourly', ['tick_']);
    return ws.advance(48 * 60 * MIN).map((r) => r.record.startedAt - T0);
  };

  it('fires once per hourly slot, never before it, at one seeded minute kept from hour to hour, now and then late', () => {
    const starts = startsOf(7);
    expect(starts.length).toBeGreaterThanOrEqual(44);
    expect(starts.length).toBeLessThanOrEqual(48);
    const offsets = starts.map((t) => t % (60 * MIN));
    const usual = offsets.filter((o) => o === offsets[0]).length;
    expect(usual).toBeGreaterThan(starts.length / 2); // most firings keep the trigger's minute
    expect(new Set(offsets).size).toBeGreaterThan(1); // some are late
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThan(30 * MIN);
    expect(starts[0]).toBeGreaterThanOrEqual(60 * MIN); // created at T0: its first slot is an hour later, never earlier
  });

  it('is deterministic for a seed and differs between seeds; without triggerJitter triggers fire on their slot', () => {
    expect(startsOf(7)).toEqual(startsOf(7));
    expect(startsOf(7)).not.toEqual(startsOf(8));
    const ws = workspaceWith(HOURLY);
    runOk(ws, 'hourly', ['tick_']);
    const plain = ws.advance(3 * 60 * MIN).map((r) => r.record.startedAt - T0);
    // Created a moment after T0 (the creating execution's own calls): each run exactly an hour after the last.
    expect(plain.map((t) => t - plain[0])).toEqual([0, 60 * MIN, 120 * MIN]);
    expect(plain[0] - 60 * MIN).toBeLessThan(MIN);
  });
});

// Quotas (https://developers.google.com/apps-script/guides/services/quotas): "Triggers total runtime" 90 min / day on a
// consumer account, 6 hr / day on Google Workspace; past it, "Service using too much computer time for one day."
describe('daily trigger runtime quota', () => {
  const SLOW = `${BUNDLE}\nfunction slow_() { Utilities.sleep(5 * 60 * 1000); return 'done'; }`;

  it('a consumer account gets 90 minutes of trigger time a day; after that every trigger fails with Google\u2019s message until the day ends', () => {
    const ws = workspaceWith(SLOW);
    runOk(ws, 'hourly', ['slow_']);
    const day = ws.advance(24 * 60 * MIN);
    const outcomes = day.map((r) => r.record.outcome);
    // Eighteen runs of five minutes use the 90 minutes; the rest of the day's runs fail at once.
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(18);
    expect(day.length).toBeGreaterThan(18);
    for (const r of day.slice(18))
      expect(r.record.error).toMatch(/Service using too much computer time for one day\.$/);
    expect(day[18].record.endedAt - day[18].record.startedAt).toBeLessThan(MIN);
    // A new quota day: runs again.
    const next = ws.advance(2 * 60 * MIN);
    expect(next.map((r) => r.record.outcome)).toContain('ok');
  });

  it('a Workspace account gets 6 hours; editor runs do not count', () => {
    const ws = workspaceWith(SLOW, { profile: 'workspace' });
    runOk(ws, 'hourly', ['slow_']);
    expect(ws.advance(24 * 60 * MIN).every((r) => r.record.outcome === 'ok')).toBe(true);
    const small = workspaceWith(SLOW, { triggerRuntimeMs: 10 * MIN });
    for (let i = 0; i < 3; i++) runOk(small, 'slow_');
    runOk(small, 'hourly', ['slow_']);
    expect(small.advance(4 * 60 * MIN).map((r) => r.record.outcome)).toEqual(['ok', 'ok', 'error', 'error']);
  });
});
