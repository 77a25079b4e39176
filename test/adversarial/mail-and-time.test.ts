// Adversarial catalogue, mail and time as Google runs them (ADV-413 onwards): MailApp's rate limit, the daily quota, and the clock; through the built bundle, invariants after every step.
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  EVE,
  HOUR,
  MODS,
  acceptPlan,
  answerConflict,
  advance,
  caseAction,
  casePage,
  clear,
  docSection,
  mailsTo,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  passPlan,
  press,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  sweep,
  OWNER,
  recommendationRefused,
  RATE_LIMITED,
} from '../integration/desk';

describe('adversarial: mail and time', () => {
  it('ADV-413 MailApp refuses a moderator recommendation with its rate limit: it goes once, later, and is never held', () => {
    // The member's confirmation goes, then the recommendation to the two moderators one after the other; MailApp refuses
    // the second moderator's send (and the retries of that run) as sent too fast. Nothing was sent: it is a refusal, not an answer after a send.
    const { desk } = recommendationRefused();
    expect(mailsTo(desk, MODS[0], /./)).toHaveLength(1);
    sweep(desk);
    sweep(desk);
    // Before, the refusal counted as "may have gone": the recommendation was held until a member checked with the
    // moderator and decided, and the moderator's week never started.
    for (const moderator of MODS) expect(mailsTo(desk, moderator, /./)).toHaveLength(1);
    const recs = registryRows(desk, 'Outbox').filter((r) => r.Kind === 'recommendation');
    expect(recs.map((r) => r.State)).toEqual(['sent', 'sent']);
    for (const m of [ANA, BO, CY]) expect(mailsTo(desk, m.email, /held after an interrupted send/)).toEqual([]);
  });

  it('ADV-414 weekly digests: a third report in one week is still reminded of before its screening window ends', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Reminder digest': 'Weekly' } });
    desk.ws.rt.setClock(Date.parse('2026-03-09T08:00:00Z')); // Monday
    // Cy stays silent on three reports of one week: Monday's reminder is her week's digest, Wednesday's report gets
    // the week's second digest (ADV-192); Thursday's window (72 hours) ends on Sunday, before next week's digest.
    clear(desk, reportCase(desk, { reported: ['Sam Doe'] }), ANA);
    advance(desk, 2 * DAY);
    clear(desk, reportCase(desk, { reported: ['Max Power'] }), ANA);
    advance(desk, DAY);
    const received = desk.ws.rt.now();
    const third = reportCase(desk, { reported: ['Lee Park'] });
    clear(desk, third, ANA);
    advance(desk, 5 * DAY);
    const reminders = mailsTo(desk, CY.email, /Reminder/).filter((m) => m.body.includes(third.codeName));
    // Before, the week's second digest was spent on Wednesday's report: Thursday's waited for Monday 16 March, a day
    // after its window closed and the case went on without her.
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders[0].at).toBeLessThan(received + 72 * HOUR);
    expect(reminders[0].body).toContain('you have not answered its conflict-of-interest check');
    expect(reminders).toHaveLength(1);
    // Still at most one digest a day: three a week here, never one per reminder.
    const days = mailsTo(desk, CY.email, /Reminder/).map((m) => new Date(m.at).toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
  });

  it('ADV-415 screening emails that wait for the quota: the members asked late get the window from their email before a vote opens', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE], settings: { 'Screening window (hours)': 24 } });
    // The day's quota is spent down to its reserve but three: the receipt and the first two screening emails go; Dee's
    // and Eve's wait for the next quota day (a burst of reports, say).
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit - Math.ceil(limit * 0.2) - 3);
    const kase = reportCase(desk);
    const received = desk.ws.rt.now();
    const asked = (m: typeof ANA) => mailsTo(desk, m.email, /conflict of interest/i);
    expect([ANA, CY, DEE, EVE].map((m) => asked(m).length)).toEqual([1, 1, 0, 0]);
    clear(desk, kase, ANA, CY);
    while (!asked(DEE).length) advance(desk, HOUR);
    const dee = asked(DEE)[0].at;
    expect(dee).toBeGreaterThan(received + 24 * HOUR);
    // Dee and Eve were asked minutes ago. Before, the 24 hours counted from the report were over, so Ana opened the
    // vote at once and Dee and Eve, never asked until then, were left out of the decision.
    const page = casePage(desk, ANA, kase);
    expect(pageText(page)).toContain('2 voting member(s) have not answered screening yet');
    expect(offers(page, 'open-vote')).toBe(false);
    // Dee answers within her own 24 hours and is in the vote; Eve, silent, is not waited for past hers.
    advance(desk, 20 * HOUR);
    clear(desk, kase, DEE);
    expect(offers(casePage(desk, ANA, kase), 'open-vote')).toBe(false);
    expect(registryRows(desk, 'Votes')).toEqual([]);
    advance(desk, Math.max(0, dee + 25 * HOUR - desk.ws.rt.now()));
    expect(offers(casePage(desk, ANA, kase), 'open-vote')).toBe(true);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    expect(mailsTo(desk, DEE.email, /^Vote open/)).toHaveLength(1);
    expect(mailsTo(desk, EVE.email, /^Vote open/)).toEqual([]);
  });

  it('ADV-416 the reported person answers the letter between its lines: the answers are filed, not only the line above', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    acceptPlan(desk, kase);
    const sam = 'sam.doe@example.com';
    sendLetter(desk, ANA, kase, sam);
    const [letter] = mailsTo(desk, sam, /./);
    // Point by point, as many people answer a letter: a line on top, then each answer under the line of the letter it
    // answers (Gmail's quote, with its attribution line).
    const sent = desk.ws.reply({ from: sam, original: letter, text: 'Hello,\n\nMy answers are between the lines.' });
    const copy = desk.ws.mailboxes.messages.find((m) => m.rfcId === sent.rfcId && m.mailbox === OWNER)!;
    const lines = copy.body.split('\n');
    lines.splice(
      lines.findIndex((l) => /^> \S/.test(l)) + 1,
      0,
      'I never wrote to her in private: it was all in #general.',
    );
    lines.push('I accept the rest.');
    copy.body = lines.join('\n');
    sweep(desk);
    const section = docSection(desk, kase, 'Discussions with the reported person');
    expect(section).toContain('My answers are between the lines.');
    // Before, everything from the attribution line on was cut as the quoted letter: the cleared members read only
    // "My answers are between the lines." (the email itself archived in the committee account's mailbox, which they
    // cannot open).
    expect(section).toContain('I never wrote to her in private: it was all in #general.');
    expect(section).toContain('I accept the rest.');
    expect(mailsTo(desk, ANA.email, /reply was filed/)).toHaveLength(1);
  });

  it('ADV-417 a receipt that waits for the quota past its deadline: the committee account is not told to acknowledge by hand what goes first', () => {
    const desk = startResolutionDesk({ members: [ANA, CY], settings: { 'Acknowledge within (hours)': 4 } });
    // One recipient is left of the day's quota: the committee account's notice that mail waits takes it; the receipt
    // (and the screening emails) wait for the next quota day, long after the receipt's 4 hours.
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit - 1);
    reportCase(desk);
    const reporter = 'rita.quell@example.net';
    expect(mailsTo(desk, reporter, /./)).toEqual([]);
    expect(mailsTo(desk, OWNER, /Mail is waiting/)).toHaveLength(1);
    advance(desk, 26 * HOUR);
    expect(mailsTo(desk, reporter, /^We received your report$/)).toHaveLength(1);
    // Before, the sweep past the 4 hours queued "has not gone out (its state: pending) … acknowledge the report by hand
    // if needed" to the committee account; it waited for the quota too and went right after the receipt it spoke of:
    // whoever did as it said sent the reporter a second one. The notice that mail waits had said when it goes.
    const told = mailsTo(desk, OWNER, /not been acknowledged/);
    expect(told.map((m) => m.body.split('\n').find((l) => /has not gone out/.test(l)))).toEqual([]);
  });
  it('ADV-418 a letter takes the day\u2019s last recipient and MailApp answers with a server error after it went (Mail reserve 0): held as may have gone, never sent twice', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE], settings: { 'Mail reserve (%)': 0 } });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    acceptPlan(desk, kase);
    const sam = 'sam.doe@example.com';
    desk.k.reportedPersonEmails.add(sam);
    const asked = desk.browser.press(casePage(desk, ANA, kase), 'send-letter', { fields: { to: sam } });
    expect(outcomeOf(asked.visit)).toBe('confirm');
    // The day's quota is spent to its last recipient: the letter takes it; MailApp sends it, then answers with an error.
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit - 1);
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 1, after: true }];
    press(desk, open(desk, newestLink(desk, ANA.email, 'confirm').url), 'send-letter');
    desk.ws.rt.faults = [];
    expect(mailsTo(desk, sam, /./)).toHaveLength(1);
    // Before: what MailApp said was left (nothing) read as the quota spent before the send, so the letter waited for the
    // next quota day as if it had not gone, and went again: the reported person had it twice.
    advance(desk, 26 * HOUR);
    expect(mailsTo(desk, sam, /./)).toHaveLength(1);
    const letters = registryRows(desk, 'Outbox').filter((r) => r.Kind === 'letter');
    expect(letters.map((r) => r.State)).toEqual(['held']);
  });
  it('ADV-419 a member asked late (the screening email waited for the quota) is reminded at half the window from their own email', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE], settings: { 'Screening window (hours)': 24 } });
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit - Math.ceil(limit * 0.2) - 3);
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const asked = (m: typeof ANA) => mailsTo(desk, m.email, /conflict of interest/i);
    while (!asked(EVE).length) advance(desk, HOUR);
    const eve = asked(EVE)[0].at;
    const reminded = () => mailsTo(desk, EVE.email, /^\[Conduct Desk\] Reminder:/).map((m) => m.at);
    // Before: the reminder went with the screening email itself, the case's first 24 hours being long over.
    advance(desk, 11 * HOUR);
    expect(reminded()).toEqual([]);
    advance(desk, 2 * HOUR);
    expect(reminded()).toHaveLength(1);
    expect(reminded()[0] - eve).toBeGreaterThanOrEqual(12 * HOUR);
    // Ana and Cy, asked at once, were never reminded: they answered.
    for (const m of [ANA, CY]) expect(mailsTo(desk, m.email, /^\[Conduct Desk\] Reminder:/)).toEqual([]);
  });
  it('ADV-422 an account in French: MailApp\u2019s rate limit, in French, refuses a moderator\u2019s recommendation; it is held for a person, never sent twice', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    desk.ws.rt.locale = 'fr';
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    passPlan(desk, kase);
    // As ADV-413, but the refusal reaches the script in the account's language: nothing says it is the rate limit.
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 3, message: RATE_LIMITED }];
    caseAction(desk, ANA, kase, 'send-recommendation');
    desk.ws.rt.faults = [];
    advance(desk, 26 * HOUR);
    // An unknown error after a send may follow a send MailApp accepted: the message is held, never tried by itself.
    expect(mailsTo(desk, MODS[0], /./)).toHaveLength(1);
    expect(mailsTo(desk, MODS[1], /./)).toEqual([]);
    const recs = () => registryRows(desk, 'Outbox').filter((r) => r.Kind === 'recommendation');
    expect(recs().map((r) => r.State)).toEqual(['sent', 'held']);
    expect(recs()[1].Error).toMatch(/^Trop d'appels/);
    for (const m of [ANA, BO, CY]) expect(mailsTo(desk, m.email, /held after an interrupted send/)).toHaveLength(1);
    // A member checks with the moderator (nothing came) and sends it again: it goes once.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'held-resend'))).toBe('done');
    sweep(desk);
    expect(mailsTo(desk, MODS[1], /./)).toHaveLength(1);
    expect(mailsTo(desk, MODS[0], /./)).toHaveLength(1);
  });
  it('ADV-423 a digest held by the day\u2019s quota is checked again before it goes: no case a member answered or is now conflicted on', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Screening window (hours)': 24 } });
    const first = reportCase(desk);
    const second = reportCase(desk, { reported: ['Max Power'] });
    clear(desk, first, ANA);
    clear(desk, second, ANA);
    // The day's quota is spent: Cy's and Dee's halfway reminders of both cases are gathered into their digests, which wait.
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit);
    advance(desk, 13 * HOUR);
    const digests = () => registryRows(desk, 'Outbox').filter((r) => r.Kind === 'digest');
    expect(digests().map((r) => r.State)).toEqual(['pending', 'pending']);
    expect(digests()[0].Body).toContain(first.codeName);
    // Cy declares a conflict on the first case; Dee answers "no conflict" on both; their digests still wait.
    answerConflict(desk, first, CY);
    clear(desk, first, DEE);
    clear(desk, second, DEE);
    advance(desk, 26 * HOUR);
    // Before, both went as written when the quota came back: Cy, now conflicted, was sent the first case's code name
    // and a case page link; Dee was told she had not answered the checks she had answered.
    const cy = mailsTo(desk, CY.email, /Reminder/);
    expect(cy).toHaveLength(1);
    expect(cy[0].body).toContain(second.codeName);
    expect(cy[0].body).not.toContain(first.codeName);
    expect(cy[0].subject).toContain(`Reminder: ${second.codeName} needs attention`);
    expect(mailsTo(desk, DEE.email, /Reminder/)).toEqual([]);
  });
  it('ADV-424 a receipt held by the quota goes by its case\u2019s own deadline (Acknowledge within 4 hours), drawing on the reserve, not a day late', () => {
    const desk = startResolutionDesk({ members: [ANA, CY], settings: { 'Acknowledge within (hours)': 4 } });
    // The quota day began hours ago; a busy day has spent it down to the reserve kept for urgent alerts.
    advance(desk, 3 * HOUR);
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit - Math.ceil(limit * 0.2));
    const received = desk.ws.rt.now();
    reportCase(desk);
    advance(desk, HOUR);
    // Before, the receipt was judged by when it was queued plus 24 hours, not by the case's 4: it did not seem to miss
    // its deadline by waiting for the next quota day, so it waited (about 21 hours), the reserve unused.
    const receipts = mailsTo(desk, 'rita.quell@example.net', /^We received your report$/);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].at).toBeLessThan(received + 4 * HOUR);
    // The screening emails, with a day to go, wait for the quota as before.
    expect(mailsTo(desk, CY.email, /conflict of interest/i)).toEqual([]);
  });
  it('ADV-425 the day\u2019s quota is spent before the desk sends anything (another script of the account): the committee account hears once that mail waits, not again an hour later', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY],
      settings: { 'Time zone': 'Pacific/Honolulu', 'Mail reserve (%)': 90 },
    });
    // A day with nothing to send: the desk's quota day is over. Then another script of the committee account spends the
    // new day's quota down to five recipients (the reserve, at 90 %) before the desk's first send; an anonymous report.
    advance(desk, 25 * HOUR);
    const limit = desk.ws.mailQuotaDays().at(-1)?.limit ?? 100;
    desk.ws.setMailQuotaUsed(limit - 5);
    reportCase(desk, { reporter: { name: 'Rita Quell' } });
    expect(mailsTo(desk, OWNER, /Mail is waiting/)).toHaveLength(1);
    // Before, the first notice was named by the UTC date (nothing had gone yet), the next run's by the quota day its
    // own send began: a second notice an hour later, for the same quota day and the same waiting mail.
    advance(desk, 12 * HOUR);
    expect(mailsTo(desk, OWNER, /Mail is waiting/)).toHaveLength(1);
    expect(mailsTo(desk, CY.email, /conflict of interest/i)).toEqual([]);
  });
});
