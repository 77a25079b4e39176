// Adversarial catalogue, mail and time as Google runs them (ADV-XM…): MailApp's rate limit, the daily quota, and the clock; through the built bundle, invariants after every step.
import {
  ANA,
  BO,
  CY,
  DEE,
  MODS,
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
});
