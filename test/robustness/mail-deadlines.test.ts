// Mail under Google's daily recipient quota (consumer account, 100 recipients, a fifth kept for urgent alerts) through the bundle: a vote's "closes within a day" reminder goes by the vote's deadline and never after the vote closed, waiting mail goes before newer mail when the quota day resets, the owner's notice counts everything waiting and says when it goes, and alerts are once per committee day.
import {
  ANA,
  BO,
  COMMITTEE_OPTIONS,
  CY,
  DEE,
  EVE,
  MODS,
  moderatorsAccepted,
  REPORTED_ADDRESS,
  REPORT_ONE,
  reportJunk,
  submit,
} from '../support/flows';
import type { SentMail } from '../../workbench';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';

const REMINDER = /A vote closes within a day/;

/** Case 1 with a vote open in which only Ana voted (Cy and Dee are owed the reminder); returns when it closes. */
function openVoteAnaOnly(r: Rehearsal): number {
  submit(r, REPORT_ONE);
  for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
  r.writeTexts(ANA.email, 1);
  expect(r.openVote(ANA.email, 1).ok).toBe(true);
  expect(r.vote(ANA.email, 1, 'approve').ok).toBe(true);
  // Settings `Vote within (days)`: 7 by default.
  return Date.parse(r.registry('Votes')[0]['Opened At']) + 7 * 24 * HOUR;
}

function start(): Rehearsal {
  return Rehearsal.start({ ...COMMITTEE_OPTIONS, profile: 'consumer', mailQuota: 100 });
}

describe('a vote reminder under quota pressure', () => {
  test('reaches the members who have not voted before the vote closes, though a flood fills the quota', () => {
    const r = start();
    const closesAt = openVoteAnaOnly(r);
    // 27 hours before the close the day's quota is spent (its window resets 3 hours before the close), and a
    // flood of 18 reports queues 90 acknowledgment and screening emails; the reminder is queued 3 hours later.
    r.advance(closesAt - 27 * HOUR - r.ws.rt.now());
    r.ws.setMailQuotaUsed(100);
    for (let i = 0; i < 18; i++) reportJunk(r, i);
    r.advance(closesAt - r.ws.rt.now() - 60_000);
    const reminder = (email: string) => r.mailTo(email).filter((m) => REMINDER.test(m.subject + m.body));
    // Before, the reminder was a member reminder, the last class: the new day's quota went to the flood first.
    for (const m of [CY, DEE]) {
      expect(reminder(m.email)).toHaveLength(1);
      expect(reminder(m.email)[0].at).toBeLessThan(closesAt);
    }
    expect(reminder(ANA.email)).toHaveLength(0);
  });

  test('one still waiting for the quota when the vote closes is never sent: the result goes instead', () => {
    const r = start();
    const closesAt = openVoteAnaOnly(r);
    // The quota is spent from just before the reminder is queued (the first sweep less than 24 hours before the
    // close) until half an hour after the vote closes.
    r.advance(closesAt - 24 * HOUR + 30 * 60_000 - r.ws.rt.now());
    r.ws.setMailQuotaUsed(100);
    r.advance(26 * HOUR);
    for (const m of [CY, DEE]) {
      expect(r.mailTo(m.email).filter((x) => REMINDER.test(x.subject + x.body))).toHaveLength(0);
      expect(r.mailTo(m.email).some((x) => /did not pass|passed/i.test(x.subject + x.body))).toBe(true);
    }
    const rows = r.registry('Outbox').filter((o) => o.Key.includes('|vote-reminder:'));
    expect(rows.map((o) => `${o.State} ${o.Error}`)).toEqual(Array(2).fill('digested dropped: the vote closed first'));
  });
});

/** A one-day vote opened with 20 recipients left, all kept for urgent mail: its three `Vote open` emails wait. */
function oneDayVoteWaitingForQuota() {
  const r = start();
  r.setSetting('Vote within (days)', 1);
  submit(r, REPORT_ONE);
  for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
  r.writeTexts(ANA.email, 1);
  r.ws.setMailQuotaUsed(80);
  expect(r.openVote(ANA.email, 1).ok).toBe(true);
  return r;
}

describe('a vote whose emails wait for the quota', () => {
  it('ADV-150 a one-day vote opened while the quota is spent: its emails are still waiting when it closes', () => {
    const r = oneDayVoteWaitingForQuota();
    const closesAt = Date.parse(r.registry('Votes')[0]['Opened At']) + 24 * HOUR;
    r.advance(closesAt - r.ws.rt.now() + 2 * HOUR);
    expect(r.registry('Votes')[0]['Closed At']).not.toBe('');
    // Before, they went with the next quota day, after the close: "It closes on <a time already past>", a link to a
    // closed vote. Dropped like the day-before reminder; the result goes instead.
    for (const m of [ANA, CY, DEE]) {
      expect(r.mailTo(m.email).filter((x) => /^Vote open/.test(x.subject))).toEqual([]);
      expect(r.mailTo(m.email).some((x) => /did not pass|passed/i.test(x.subject + x.body))).toBe(true);
    }
    const rows = r.registry('Outbox').filter((o) => o.Kind === 'vote');
    expect(rows.map((o) => `${o.State} ${o.Error}`)).toEqual(Array(3).fill('digested dropped: the vote closed first'));
  });

  it('ADV-189 a one-day vote opened while the quota is spent: no "closes tomorrow" reminder comes before the email that opened it', () => {
    const r = oneDayVoteWaitingForQuota();
    r.advance(30 * HOUR);
    // Before, the next sweep queued the day-before reminder (the vote closes within 24 hours), which may draw on half
    // the reserve: an hour after the opening each member read "you have not voted … Use the vote link in the email
    // that opened it", an email that never came (dropped at the close).
    for (const m of [ANA, CY, DEE]) {
      const mail = r.mailTo(m.email);
      const opened = mail.findIndex((x) => /^Vote open/.test(x.subject));
      const reminded = mail.findIndex((x) => REMINDER.test(x.subject + x.body));
      expect({ member: m.email, reminded: reminded >= 0 && (opened < 0 || opened > reminded) }).toEqual({
        member: m.email,
        reminded: false,
      });
      expect(mail.some((x) => /did not pass|passed/i.test(x.subject + x.body))).toBe(true);
    }
  });
});

/** A case all three cleared, its plan voted through, with the moderators asked to answer within a day. */
function votedWithOneDayForModerators() {
  const r = start();
  r.setSetting('Moderators within (days)', 1);
  submit(r, REPORT_ONE);
  for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
  r.writeTexts(ANA.email, 1);
  expect(r.openVote(ANA.email, 1).ok).toBe(true);
  for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
  return r;
}

describe('a recommendation that waits for the quota', () => {
  it('ADV-193 moderators asked to answer within 1 day are reminded a day after it reached them, not with it', () => {
    const r = votedWithOneDayForModerators();
    // The day's quota is down to its reserve when the recommendation is confirmed: it waits for the next quota day.
    expect(r.sendRecommendation(ANA.email, 1, { beforePost: () => r.ws.setMailQuotaUsed(80) }).ok).toBe(true);
    r.advance(3 * 24 * HOUR);
    for (const m of MODS) {
      const mail = r.mailTo(m);
      const received = mail.find((x) => /^Code of Conduct recommendation/.test(x.subject))?.at ?? NaN;
      const reminders = mail.filter((x) => /^Reminder/.test(x.subject));
      // Before, the sweep that sent it counted the day from when it was queued and sent the reminder too: "We have not
      // yet heard whether you accept it" came the same minute as the recommendation.
      expect(reminders.map((x) => (x.at - received) / HOUR >= 24)).toEqual([true]);
    }
  });
});

const RITA = 'rita.quell@example.net';

/** The reported person's letter and the reporter's follow-up, as each reached them: [letter, follow-up] (seq, or -1). */
function letterThenFollowUp(r: Rehearsal): number[] {
  const letter = r
    .mailTo(REPORTED_ADDRESS)
    .find((m) => r.registry('Outbox').some((o) => o.Kind === 'letter' && o.Body === m.body));
  const followUp = r
    .mailTo(RITA)
    .find((m) => r.registry('Outbox').some((o) => o.Kind === 'follow-up' && o.Body === m.body));
  return [letter?.seq ?? -1, followUp?.seq ?? -1];
}

describe('the follow-up to the reporter and the letter it reports', () => {
  it('ADV-301 a letter waiting for the quota: the follow-up sent after it waits too, and reaches the reporter after the letter', () => {
    const r = start();
    moderatorsAccepted(r);
    // The day's quota is down to its reserve when the letter is confirmed: it waits for the next quota day.
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, { beforePost: () => r.ws.setMailQuotaUsed(80) }).ok).toBe(true);
    // The page says "The letter was sent: the reporter's follow-up is next"; a member sends it (one recipient is left
    // above the reserve for its confirmation email).
    r.ws.setMailQuotaUsed(79);
    expect(r.sendFollowUp(CY.email, 1).ok).toBe(true);
    expect(
      r
        .registry('Outbox')
        .filter((o) => ['letter', 'follow-up'].includes(o.Kind))
        .map((o) => o.State),
    ).toEqual(['pending', 'pending']);
    r.advance(2 * 24 * HOUR);
    const [letter, followUp] = letterThenFollowUp(r);
    // Before, the follow-up (reporter mail, a more urgent class than the letter) went first: the reporter read what
    // was done before the reported person had heard of it.
    expect(letter).toBeGreaterThan(0);
    expect({ letter, followUpAfterIt: followUp > letter }).toEqual({ letter, followUpAfterIt: true });
  });

  it('ADV-302 while the letter and the follow-up wait for the quota, the case page does not say they were sent', () => {
    const r = start();
    moderatorsAccepted(r);
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, { beforePost: () => r.ws.setMailQuotaUsed(80) }).ok).toBe(true);
    r.ws.setMailQuotaUsed(79);
    expect(r.sendFollowUp(CY.email, 1).ok).toBe(true);
    const page = () => r.get(r.link(CY.email, 'case', 1)?.url ?? '').page.text;
    // Before, `Follow-up to the reporter sent 2026-03-…` from the moment it was queued, a day before it went (and
    // nothing on the page said the letter had not gone either).
    expect(page()).not.toMatch(/Follow-up to the reporter\s*sent/);
    expect(page()).toMatch(/Follow-up to the reporter\s*not sent/);
    expect(page()).toMatch(/Letter to the reported person\s*not sent/);
    r.advance(2 * 24 * HOUR);
    const went = r
      .mailTo(RITA)
      .find((m) => m.subject === r.registry('Outbox').find((o) => o.Kind === 'follow-up')?.Subject);
    const at = new Date(went?.at ?? 0).toISOString().slice(0, 16).replace('T', ' ');
    expect(page()).toMatch(new RegExp(`Follow-up to the reporter\\s*sent ${at}`));
    expect(page()).toMatch(/Letter to the reported person\s*sent \d{4}-/);
  });

  it('ADV-301 a letter held after an interrupted send: the follow-up waits until a person says the letter went', () => {
    const r = start();
    moderatorsAccepted(r);
    // MailApp fails the letter's send (an at-most-once message: it may have gone): it is held for a person.
    expect(
      r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, {
        beforePost: () => (r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1 }]),
      }).ok,
    ).toBe(true);
    r.ws.rt.faults = [];
    expect(r.registry('Outbox').find((o) => o.Kind === 'letter')?.State).toBe('held');
    expect(r.sendFollowUp(CY.email, 1).ok).toBe(true);
    r.advance(2 * HOUR);
    // Before, it went at once: the reporter was told what was done while nobody knew whether the letter had gone.
    expect(r.registry('Outbox').find((o) => o.Kind === 'follow-up')?.State).toBe('pending');
    expect(r.act(ANA.email, 'case', 1, 'held-resend').ok).toBe(true);
    r.advance(2 * HOUR);
    const [letter, followUp] = letterThenFollowUp(r);
    expect(letter).toBeGreaterThan(0);
    expect(followUp).toBeGreaterThan(letter);
  });
  it('ADV-341 a letter and the follow-up wait for the quota, then MailApp refuses the letter for good: the follow-up does not go, the cleared members are told', () => {
    const r = start();
    moderatorsAccepted(r);
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, { beforePost: () => r.ws.setMailQuotaUsed(80) }).ok).toBe(true);
    r.ws.setMailQuotaUsed(79);
    expect(r.sendFollowUp(CY.email, 1).ok).toBe(true);
    // When the quota comes back, MailApp refuses the letter (the follow-up waits for it, ADV-301).
    const letter = () => r.registry('Outbox').find((o) => o.Kind === 'letter')?.State;
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1, message: 'Invalid email: refused' }];
    // Ten minutes at a time: the run when the quota comes back (ADV-420) may be followed within the hour by the sweep
    // that fails the follow-up, whose alerts must not meet the same refusal.
    for (let m = 0; m < 300 && letter() === 'pending'; m++) r.advance(HOUR / 6);
    r.ws.rt.faults = [];
    expect(letter()).toBe('failed');
    r.advance(2 * HOUR);
    const followUp = () => r.registry('Outbox').find((o) => o.Kind === 'follow-up');
    // Before: it went the next hour, to a reporter told what was done while the reported person never was.
    expect(r.mailTo(RITA).filter((m) => m.subject === followUp()?.Subject)).toEqual([]);
    expect(followUp()?.State).toBe('failed');
    expect(r.mailTo(CY.email).filter((m) => /follow-up message failed/.test(m.body))).toHaveLength(1);
  });
  it('ADV-348 a follow-up queued before its letter failed for good leaves the case Resolved: the form that sends it again says the letter never arrived', () => {
    const r = start();
    moderatorsAccepted(r);
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, { beforePost: () => r.ws.setMailQuotaUsed(80) }).ok).toBe(true);
    r.ws.setMailQuotaUsed(79);
    expect(r.sendFollowUp(CY.email, 1).ok).toBe(true);
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1, message: 'Invalid email: refused' }];
    for (let h = 0; h < 50 && r.registry('Outbox').find((o) => o.Kind === 'letter')?.State === 'pending'; h++)
      r.advance(HOUR);
    r.ws.rt.faults = [];
    r.advance(2 * HOUR);
    const page = r.get(r.link(CY.email, 'case', 1)?.url ?? '').page;
    // Typing Closed on a Resolved case changes nothing: this press is the only way on without the letter.
    expect(page.text).toMatch(/Send the follow-up/);
    // Before: offered with no word of the letter, to one member's press.
    expect(page.text).toMatch(/The letter to the reported person was not delivered/);
  });
});

describe("the moderators' answer on the case page", () => {
  it("ADV-303 a recommendation waiting for the quota: the page gives the moderators' day from when it went, not from when it was queued", () => {
    const r = votedWithOneDayForModerators();
    expect(r.sendRecommendation(ANA.email, 1, { beforePost: () => r.ws.setMailQuotaUsed(80) }).ok).toBe(true);
    const answer = () =>
      /Moderators’ answer\s*(received|not sent \(its state: \w+\)|due [^)]*\))/.exec(
        r.get(r.link(CY.email, 'case', 1)?.url ?? '').page.text,
      )?.[1];
    // Before, `due <a day after it was queued>`: a day later the page read the moderators as late, and the members
    // could record an override before the moderators had even been asked (the reminders count from when it went: ADV-193).
    expect(answer()).toMatch(/^not sent/);
    r.advance(26 * HOUR);
    const received = r.mailTo(MODS[0]).find((x) => /^Code of Conduct recommendation/.test(x.subject))?.at ?? NaN;
    const due = new Date(received + 24 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
    expect(answer()).toBe(`due ${due} (Etc/UTC)`);
  });
});

/** Report `i` of a second flood, as reportJunk: a reporter address and a made-up reported person. */
function reportLate(r: Rehearsal, i: number): void {
  const name = `Late Person${String.fromCharCode(65 + i)}`;
  r.report(
    { 'Your email address': `late${i}@example.net`, 'Who was involved?': name, 'What happened?': 'Nothing much.' },
    { reporter: { email: `late${i}@example.net` }, reported: [{ name }] },
  );
}

describe('mail waiting when the quota day resets', () => {
  test('goes before the mail of reports made after the reset, by class then age', () => {
    const r = start();
    // The quota day opened with the welcome emails at 09:00; it is spent from 11:00, and ten reports wait.
    r.advance(2 * HOUR);
    r.ws.setMailQuotaUsed(100);
    for (let i = 0; i < 10; i++) reportJunk(r, i);
    const reset = r.ws.mailQuotaDays().slice(-1)[0].start + 24 * HOUR;
    r.advance(reset - r.ws.rt.now() + 1000);
    // No sweep ran since the reset: ten reports come in before the next one.
    expect(r.registry('Outbox').filter((o) => o.State === 'pending')).toHaveLength(50);
    for (let i = 0; i < 10; i++) reportLate(r, i);
    r.advance(HOUR);
    const seqOf = (to: string, subject: RegExp) => r.mailTo(to).find((m) => subject.test(m.subject))?.seq ?? Infinity;
    const ACK = /^We received your report$/;
    const olderAcks = [...Array(10).keys()].map((i) => seqOf(`junk${i}@example.net`, ACK));
    const newerAcks = [...Array(10).keys()].map((i) => seqOf(`late${i}@example.net`, ACK));
    expect(Math.max(...olderAcks)).toBeLessThan(Math.min(...newerAcks));
    // Every screening email of the earlier reports went within the hour, each before any of the later reports'.
    const rows = r.registry('Outbox');
    const caseOf = (m: SentMail) => rows.find((o) => o.Kind === 'screening' && o.Body === m.body)?.['Case ID'];
    const cases = (from: number, to: number) => [...Array(to - from).keys()].map((i) => r.kase(from + i + 1).caseId);
    const [earlier, later] = [cases(0, 10), cases(10, 20)];
    const older = r.ws.mail().filter((m) => earlier.includes(caseOf(m) ?? ''));
    const newer = r.ws.mail().filter((m) => later.includes(caseOf(m) ?? ''));
    expect(older).toHaveLength(40);
    expect(Math.max(...older.map((m) => m.seq))).toBeLessThan(Math.min(...newer.map((m) => m.seq)));
  });
});

describe("the owner's notice that mail waits", () => {
  test('counts every message waiting when it is sent, and says when they go', () => {
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      members: [ANA, BO, CY, DEE, EVE],
      profile: 'consumer',
      mailQuota: 100,
    });
    const notices = () => r.mailTo(OWNER).filter((m) => /Mail is waiting/.test(m.subject));
    // A report's six emails wait after a MailApp outage (for the next sweep); then a flood of reports.
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1 }];
    submit(r, REPORT_ONE);
    r.ws.rt.faults = [];
    let waitingThen = 0;
    for (let i = 0; i < 15 && !notices().length; i++) {
      reportJunk(r, i);
      waitingThen = r.registry('Outbox').filter((o) => o.State === 'pending').length;
    }
    expect(notices()).toHaveLength(1);
    const body = notices()[0].body;
    // Before, it counted only the messages of the report whose intake ran out: 3 of 9.
    expect(Number(/(\d+) messages? wait/.exec(body)?.[1])).toBe(waitingThen);
    // It said they go out by the moment the quota comes back; they go with the hourly sweep after it.
    const goesBy = Date.parse(`${/They go out by (\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(body)?.[1].replace(' ', 'T')}:00Z`);
    const waiting = r.registry('Outbox').filter((o) => o.State === 'pending');
    r.advance(goesBy - r.ws.rt.now());
    for (const o of waiting) expect(r.registry('Outbox').find((x) => x.Key === o.Key)?.State).toBe('sent');
  });
});

/** Deletes the report trigger, as a person in the editor might: the next sweep re-creates it and alerts the committee. */
function deleteReportTrigger(r: Rehearsal): void {
  const registry = (r.ws as unknown as { registry: { records: Array<{ handler: string; deleted: boolean }> } })
    .registry;
  for (const t of registry.records) if (t.handler === 'onReportSubmit_') t.deleted = true;
}

describe('committee alerts once a day', () => {
  test("count the day in the committee's time zone, not in UTC", () => {
    // Tokyo is 9 hours ahead of UTC: UTC midnight falls at 09:00 in the committee's morning.
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Time zone': 'Asia/Tokyo' },
    });
    const repaired = () => r.mailTo(ANA.email).filter((m) => /triggers were repaired/.test(m.subject));
    // 07:30 in Tokyo (22:30 UTC): the trigger is deleted; the 08:00 sweep repairs it and tells the committee.
    r.advance(Date.parse('2026-03-02T22:30:00Z') - r.ws.rt.now());
    deleteReportTrigger(r);
    r.advance(HOUR);
    expect(repaired()).toHaveLength(1);
    // 09:30 in Tokyo (00:30 UTC, another UTC day): the same again, the same committee day: not told twice.
    r.advance(Date.parse('2026-03-03T00:30:00Z') - r.ws.rt.now());
    deleteReportTrigger(r);
    r.advance(HOUR);
    expect(r.ws.triggers().filter((t) => t.handler === 'onReportSubmit_')).toHaveLength(1);
    expect(repaired()).toHaveLength(1);
    // The next committee day it is told again.
    r.advance(Date.parse('2026-03-03T15:30:00Z') - r.ws.rt.now());
    deleteReportTrigger(r);
    r.advance(HOUR);
    expect(repaired()).toHaveLength(2);
  });

  test("not again while the day before's is still waiting for the quota: both would arrive together", () => {
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      profile: 'consumer',
      mailQuota: 100,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Time zone': 'Asia/Tokyo' },
    });
    const repaired = () => r.mailTo(ANA.email).filter((m) => /triggers were repaired/.test(m.subject));
    // The quota day that opened with the welcome emails at 09:00 UTC is spent from 10:30 UTC (19:30 in Tokyo).
    r.advance(Date.parse('2026-03-02T10:30:00Z') - r.ws.rt.now());
    r.ws.setMailQuotaUsed(100);
    deleteReportTrigger(r);
    r.advance(HOUR);
    // 09:30 in Tokyo (00:30 UTC): a new day wherever it is counted, and the alert of the day before still waits.
    r.advance(Date.parse('2026-03-03T00:30:00Z') - r.ws.rt.now());
    deleteReportTrigger(r);
    r.advance(HOUR);
    expect(r.ws.triggers().filter((t) => t.handler === 'onReportSubmit_')).toHaveLength(1);
    // The quota comes back at 09:00 UTC: the committee hears once.
    r.advance(Date.parse('2026-03-03T11:00:00Z') - r.ws.rt.now());
    expect(repaired()).toHaveLength(1);
  });
});
