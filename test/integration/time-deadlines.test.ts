// Deadlines fixed when they start and days counted as the committee counts them: the screening window, the vote's reminder, retention's warning and purge, and once-a-day digests and alerts across a change of Time zone, as the people they concern read them.
import {
  ANA,
  EVE,
  CY,
  DEE,
  HOUR,
  DAY,
  OWNER,
  caseWithOpenVote,
  casePage,
  expectNoErrors,
  mailsTo,
  pageText,
  registryRows,
  reportCase,
  setSetting,
  startResolutionDesk,
  sweep,
  memberId,
  vote,
  clear,
  writeTexts,
  advance,
  offers,
  registryCase,
  typeStatus,
  startDesk,
  BO,
  type CaseInfo,
  type Desk,
} from './desk';

const LA = 'America/Los_Angeles';

/** The calendar day of an instant in `zone` (`yyyy-MM-dd`), as a member there reads it. */
function dayIn(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short' }).format(ms);
}

/** The owner changes a member's `Role` cell in `Committee` (the edit trigger fires). */
function setRole(desk: Desk, email: string, role: 'voting' | 'adviser'): void {
  const index = desk.members.findIndex((m) => m.email === email);
  desk.members[index].role = role;
  expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', index + 2, 3, role));
  desk.check();
}

/**
 * The committee account closes `kase` at `closedAt`; from `from` the hourly sweeps run until reporter details go (or
 * `until`). Returns the one purge warning the committee account got and the date it gave for the case.
 */
function closeAndAwaitPurge(desk: Desk, kase: CaseInfo, closedAt: string, from: string, until: string) {
  desk.ws.rt.setClock(Date.parse(closedAt));
  typeStatus(desk, OWNER, kase, 'Closed');
  desk.ws.rt.setClock(Date.parse(from));
  const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
  while (held() && desk.ws.rt.now() < Date.parse(until)) advance(desk, HOUR);
  const warning = mailsTo(desk, OWNER, /Reporter details of closed cases will be deleted/);
  expect(warning).toHaveLength(1);
  const given = new RegExp(`${kase.codeName}: (\\d{4}-\\d{2}-\\d{2})`).exec(warning[0].body)?.[1] ?? '';
  return { warning, given };
}

describe('deadlines and days as the committee lives them', () => {
  it('ADV-102 a voting member made an adviser while a vote is open is not told "a vote closes tomorrow and you have not voted"', () => {
    const { desk, kase } = caseWithOpenVote();
    const closes = Date.parse(registryRows(desk, 'Votes')[0]['Closes At']);
    // Dee, cleared and eligible when the vote opened, becomes an adviser: advisers do not vote.
    setRole(desk, DEE.email, 'adviser');
    desk.ws.rt.setClock(closes - 20 * HOUR);
    sweep(desk);
    expect(mailsTo(desk, CY.email, /A vote closes within a day/)).toHaveLength(1);
    expect(mailsTo(desk, DEE.email, /A vote closes within a day/)).toHaveLength(0);
    // Nor can she vote, from the link the vote's email gave her: the ballot is refused and not recorded.
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('Advisers do not vote.');
    expect(registryRows(desk, 'Votes')[0].Ballots).not.toContain(memberId(desk, DEE.email));
  });

  it('ADV-268 a sweep that comes late, on the day the vote closes, does not say it closes tomorrow', () => {
    const { desk } = caseWithOpenVote();
    setSetting(desk, 'Time zone', LA);
    const zone = LA;
    const closes = Date.parse(registryRows(desk, 'Votes')[0]['Closes At']);
    // No sweep ran from a day before the close until three hours before it (the day's trigger runtime spent, an outage).
    let at = closes - 3 * HOUR;
    while (dayIn(at, zone) !== dayIn(closes, zone)) at += HOUR;
    desk.ws.rt.setClock(at);
    sweep(desk);
    const reminders = desk.ws.mailTo(CY.email).filter((m) => /A vote closes/.test(m.subject));
    expect(reminders).toHaveLength(1);
    // Before: "A vote closes tomorrow and you have not voted", on the day it closes.
    expect(reminders[0].subject).not.toMatch(/tomorrow/);
  });

  it('ADV-103 the owner shortens Screening window (hours) while a member has not answered: the open case keeps the window it was reported under', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE], settings: { 'Screening window (hours)': 72 } });
    const kase = reportCase(desk);
    const received = Date.parse(registryRows(desk, 'Cases')[0]['Received At']);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, CY, kase);
    // Eve has not answered. A day and a half in, the owner shortens the window to 24 hours for future reports.
    advance(desk, 30 * HOUR);
    setSetting(desk, 'Screening window (hours)', 24);
    const page = casePage(desk, CY, kase);
    // The vote still waits for Eve until the 72 hours are up, as the page says.
    expect(offers(page, 'open-vote')).toBe(false);
    expect(pageText(page)).toContain('1 voting member(s) have not answered screening yet');
    const end = new Date(received + 72 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
    expect(pageText(page)).toContain(`screening window ends (${end}, Etc/UTC)`);
    desk.ws.rt.setClock(received + 72 * HOUR + HOUR);
    expect(offers(casePage(desk, CY, kase), 'open-vote')).toBe(true);
  });

  it('ADV-104 a committee in Los Angeles is warned that reporter details go on a date, and they go on that date there', () => {
    const desk = startResolutionDesk({ settings: { 'Time zone': LA, 'Purge reporter details after (months)': 1 } });
    const kase = reportCase(desk);
    // Closed at 20:30 on 4 March in Los Angeles; the account idle until the evening of 28 March there, then the hourly
    // sweeps, until the purge.
    const { given } = closeAndAwaitPurge(desk, kase, '2026-03-05T04:30Z', '2026-03-29T03:50Z', '2026-04-08T00:00Z');
    // The owner reads the committee's day the details go (a week on), and in Los Angeles that is the day they went.
    expect(given).toBe('2026-04-04');
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(dayIn(desk.ws.rt.now(), LA)).toBe(given);
  });

  it('ADV-105 the owner moves the committee Time zone east in the morning there: a member gets one reminder digest that day, not two', () => {
    const BERLIN = 'Europe/Berlin';
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE, EVE],
      settings: { 'Time zone': LA, 'Screening window (hours)': 72 },
    });
    // Two reports two hours apart; Eve answers neither, and is reminded halfway through each window.
    desk.ws.rt.setClock(Date.parse('2026-03-02T16:00:00Z'));
    clear(desk, reportCase(desk), ANA, CY, DEE);
    desk.ws.rt.setClock(Date.parse('2026-03-02T18:00:00Z'));
    clear(desk, reportCase(desk), ANA, CY, DEE);
    desk.ws.rt.setClock(Date.parse('2026-03-04T03:30:00Z'));
    advance(desk, 2 * HOUR); // the first reminder's digest: 20:00 on 3 March in Los Angeles, 05:00 on 4 March in Berlin
    // 06:30 in Berlin: the committee now counts its days there.
    setSetting(desk, 'Time zone', BERLIN);
    advance(desk, 30 * HOUR);
    const digests = mailsTo(desk, EVE.email, /Reminder/).map((m) => dayIn(m.at, BERLIN));
    expect(digests[0]).toBe('2026-03-04');
    // Eve reads two digests on 4 March; the second case waits for the next day's.
    expect(digests.filter((d) => d === '2026-03-04')).toHaveLength(1);
    expect(digests).toContain('2026-03-05');
  });

  it('ADV-192 weekly digests: a member silent on a report made after their week\u2019s digest is reminded before its screening window ends', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Reminder digest': 'Weekly' } });
    desk.ws.rt.setClock(Date.parse('2026-03-09T08:00:00Z')); // Monday
    clear(desk, reportCase(desk, { reported: ['Sam Doe'] }), ANA);
    // Cy is reminded of the first case halfway through its window (Tuesday evening): that is her week's digest.
    advance(desk, 2 * DAY);
    const received = desk.ws.rt.now();
    const second = reportCase(desk, { reported: ['Max Power'] });
    clear(desk, second, ANA);
    advance(desk, 6 * DAY);
    const reminders = mailsTo(desk, CY.email, /Reminder/).filter((m) => m.body.includes(second.codeName));
    // Before, the halfway reminder waited for the next week's digest: Monday 16 March, two days after the 72 hours.
    expect(reminders.map((m) => new Date(m.at).toISOString())).toHaveLength(1);
    expect(reminders[0].at).toBeLessThan(received + 72 * HOUR);
    expect(reminders[0].body).toContain('you have not answered its conflict-of-interest check');
    // Once: the next week's digest does not repeat it.
    expect(mailsTo(desk, CY.email, /Reminder/).filter((m) => m.body.includes(second.codeName))).toHaveLength(1);
  });

  it('ADV-227 a screening window of one hour: a member silent on the report is still reminded before it ends', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Screening window (hours)': '1' } });
    desk.ws.rt.setClock(Date.parse('2026-03-09T08:40:00Z'));
    const kase = reportCase(desk, { reported: ['Sam Doe'] });
    const received = desk.ws.rt.now();
    clear(desk, kase, ANA);
    advance(desk, 2 * DAY);
    const reminders = mailsTo(desk, CY.email, /Reminder/).filter((m) => m.body.includes(kase.codeName));
    // Before, only from half the window (09:10 to 09:40): the hourly sweep at 09:00 came too early and the one at 10:00
    // too late, so Cy was never reminded (and the `Nobody has answered` alert says each silent member was).
    expect(reminders).toHaveLength(1);
    expect(reminders[0].at).toBeLessThan(received + HOUR);
    expect(reminders[0].body).toContain('you have not answered its conflict-of-interest check');
  });

  it('ADV-106 a Los Angeles committee whose day of purges goes on past UTC midnight gets one purge warning that day', () => {
    const desk = startResolutionDesk({ settings: { 'Time zone': LA, 'Purge reporter details after (months)': 1 } });
    const closeAt = (iso: string) => {
      const kase = reportCase(desk);
      desk.ws.rt.setClock(Math.max(Date.parse(iso), desk.ws.rt.now()));
      typeStatus(desk, OWNER, kase, 'Closed');
      return kase;
    };
    // Four cases closed at 13:00 on 1 April there, their details due on 1 May; two closed on 8 April at 15:15 and
    // 17:15 there, due on 8 May, so a week before falls on the afternoon of 1 May.
    desk.ws.rt.setClock(Date.parse('2026-04-01T19:00:00Z'));
    for (let i = 0; i < 4; i++) closeAt('2026-04-01T20:00:00Z');
    const first = closeAt('2026-04-08T22:15:00Z');
    const second = closeAt('2026-04-09T00:15:00Z');
    desk.ws.rt.setClock(Date.parse('2026-04-24T22:00:00Z')); // the four are warned of
    sweep(desk);
    // On 1 May Drive moves each Doc so slowly that a sweep purges one case: the check goes on in the next sweeps,
    // past 17:00 there (midnight UTC).
    desk.ws.rt.latency['File.moveTo'] = 200_000;
    desk.ws.rt.setClock(Date.parse('2026-05-01T22:30:00Z'));
    advance(desk, 4 * HOUR);
    const purgedIn = registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged');
    expect(new Set(purgedIn.map((a) => a.At.slice(0, 13))).size).toBeGreaterThan(2);
    const warnings = mailsTo(desk, OWNER, /Reporter details of closed cases will be deleted/);
    const onFirstMay = warnings.filter((m) => dayIn(m.at, LA) === '2026-05-01');
    // The owner reads one warning that day, and it names both cases due a week on.
    expect(onFirstMay).toHaveLength(1);
    expect(onFirstMay[0].body).toContain(first.codeName);
    expect(onFirstMay[0].body).toContain(second.codeName);
  });

  it('ADV-107 the owner moves the committee Time zone east in the evening: the same alert is not sent again that day in the new zone', () => {
    const desk = startDesk({ members: [ANA, BO] });
    setSetting(desk, 'Time zone', LA);
    const deleteReportTrigger = () => {
      const registry = (desk.ws as unknown as { registry: { records: Array<{ handler: string; deleted: boolean }> } })
        .registry;
      for (const t of registry.records) if (t.handler === 'onReportSubmit_') t.deleted = true;
    };
    const repaired = () => desk.ws.mailTo(ANA.email).filter((m) => /triggers were repaired/.test(m.subject));
    // 16:00 on 2 March in Los Angeles (01:00 on 3 March in Berlin): the trigger is deleted, repaired, told.
    desk.ws.rt.setClock(Date.parse('2026-03-03T00:00:00Z'));
    // The hour's sweep ran on time (a repair after hours without any run is told as `did not run from …`, ADV-581).
    sweep(desk);
    deleteReportTrigger();
    sweep(desk);
    expect(repaired()).toHaveLength(1);
    // The owner makes Berlin the committee's zone; at 03:00 there the same happens again.
    setSetting(desk, 'Time zone', 'Europe/Berlin');
    desk.ws.rt.setClock(Date.parse('2026-03-03T02:00:00Z'));
    deleteReportTrigger();
    sweep(desk);
    // Ana reads that alert once on 3 March in Berlin, as on any other day.
    expect(repaired().map((m) => dayIn(m.at, 'Europe/Berlin'))).toEqual(['2026-03-03']);
  });

  it('ADV-243 the week the clocks go back in Berlin: the owner is still warned a full week before reporter details go', () => {
    const BERLIN = 'Europe/Berlin';
    const desk = startResolutionDesk({ settings: { 'Time zone': BERLIN, 'Purge reporter details after (months)': 1 } });
    const kase = reportCase(desk);
    // Closed at 23:30 on 30 September in Berlin (due 30 October); hourly sweeps through the week whose Sunday
    // (25 October) has 25 hours, until the purge.
    const { warning, given } = closeAndAwaitPurge(
      desk,
      kase,
      '2026-09-30T21:30Z',
      '2026-10-21T20:50Z',
      '2026-11-03T00:00Z',
    );
    // A week as the owner counts it on the calendar: the date given is seven days or more after the day it came.
    const days = (Date.parse(given) - Date.parse(dayIn(warning[0].at, BERLIN))) / DAY;
    expect(days).toBeGreaterThanOrEqual(7);
    expect(given).toBe('2026-10-30');
    expect(dayIn(desk.ws.rt.now(), BERLIN)).toBe(given);
  });

  it('ADV-245 the owner mistypes the Time zone a day before a purge: reporter details still go on the day the warning gave there', () => {
    const desk = startResolutionDesk({ settings: { 'Time zone': LA, 'Purge reporter details after (months)': 1 } });
    const kase = reportCase(desk);
    desk.ws.rt.setClock(Date.parse('2026-03-04T17:00:00Z')); // 09:00 on 4 March in Los Angeles
    typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.rt.setClock(Date.parse('2026-03-27T03:50:00Z'));
    const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
    while (desk.ws.rt.now() < Date.parse('2026-04-02T20:00:00Z')) advance(desk, HOUR);
    const warning = mailsTo(desk, OWNER, /Reporter details of closed cases will be deleted/);
    expect(new RegExp(`${kase.codeName}: (\\d{4}-\\d{2}-\\d{2})`).exec(warning[0].body)?.[1]).toBe('2026-04-04');
    // The afternoon of 2 April there, a slip of the keyboard: the row now names no zone.
    setSetting(desk, 'Time zone', 'America/Los_Angles');
    while (held() && desk.ws.rt.now() < Date.parse('2026-04-08T00:00:00Z')) advance(desk, HOUR);
    // The committee's zone is the one last read, as for any setting typed wrong (ADV-236), and the owner is told.
    expect(dayIn(desk.ws.rt.now(), LA)).toBe('2026-04-04');
    const told = mailsTo(desk, OWNER, /The Settings or Committee tab needs a correction/);
    expect(told.map((m) => m.body).join()).toContain(`'America/Los_Angles' is not a known IANA time zone; using ${LA}`);
  });

  it('ADV-247 the owner moves the Time zone west in the week after a purge warning: reporter details go no earlier than the date it gave', () => {
    const TOKYO = 'Asia/Tokyo';
    const desk = startResolutionDesk({ settings: { 'Time zone': TOKYO, 'Purge reporter details after (months)': 1 } });
    const kase = reportCase(desk);
    desk.ws.rt.setClock(Date.parse('2026-03-05T00:00:00Z')); // 09:00 on 5 March in Tokyo, 16:00 on 4 March in Los Angeles
    typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.rt.setClock(Date.parse('2026-03-27T03:50:00Z'));
    while (desk.ws.rt.now() < Date.parse('2026-04-01T20:00:00Z')) advance(desk, HOUR);
    const warning = mailsTo(desk, OWNER, /Reporter details of closed cases will be deleted/);
    const given = new RegExp(`${kase.codeName}: (\\d{4}-\\d{2}-\\d{2})`).exec(warning[0].body)?.[1] ?? '';
    expect(given).toBe('2026-04-05');
    // The committee now counts its days in Los Angeles.
    setSetting(desk, 'Time zone', LA);
    const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
    while (held() && desk.ws.rt.now() < Date.parse('2026-04-10T00:00:00Z')) advance(desk, HOUR);
    // Not before the date given, read in the zone it was given in or in the new one. Before, on 4 April in Los
    // Angeles (the afternoon of 4 April in Tokyo), a day before either.
    expect(dayIn(desk.ws.rt.now(), LA) >= given && dayIn(desk.ws.rt.now(), TOKYO) >= given).toBe(true);
    expect(mailsTo(desk, OWNER, /Reporter details of closed cases will be deleted/)).toHaveLength(1);
  });
});
