// Adversarial catalogue, mail and time as Google runs them (ADV-XM…): MailApp's rate limit, the daily quota, and the clock; through the built bundle, invariants after every step.
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  HOUR,
  MODS,
  advance,
  caseAction,
  clear,
  mailsTo,
  registryRows,
  reportCase,
  startResolutionDesk,
  sweep,
  vote,
  writeTexts,
} from '../integration/desk';

/** Google's rate limit (quotas page): the call is refused before anything is sent. */
const RATE_LIMITED = 'Service invoked too many times in a short time: email. Try Utilities.sleep(1000) between calls.';

describe('adversarial: mail and time', () => {
  it('ADV-XM1 MailApp refuses a moderator recommendation with its rate limit: it goes once, later, and is never held', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    // The member's confirmation goes, then the recommendation to the two moderators one after the other; MailApp refuses
    // the second moderator's send (and the retries of that run) as sent too fast. Nothing was sent: it is a refusal, not an answer after a send.
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 3, times: 3, message: RATE_LIMITED }];
    caseAction(desk, ANA, kase, 'send-recommendation');
    desk.ws.rt.faults = [];
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

  it('ADV-XM2 weekly digests: a third report in one week is still reminded of before its screening window ends', () => {
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
});
