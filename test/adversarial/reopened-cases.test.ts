// Adversarial cases of a case the committee opens again (ADV-519…): what each person is sent and shown after the reopening is true, timely and not duplicated, through the built bundle.
import {
  ANA,
  CY,
  DAY,
  DEE,
  ESCALATION,
  HOUR,
  OWNER,
  advance,
  answerLink,
  casePage,
  caseAction,
  clear,
  docEditors,
  jumpAndSweep,
  mailsTo,
  newestLink,
  offers,
  outcomeOf,
  pageText,
  recommendCase,
  registryCase,
  registryRows,
  reportCase,
  startResolutionDesk,
  typeStatus,
  writeTexts,
} from '../integration/desk';

const NO_ANSWER = /^\[Conduct Desk\] Nobody has answered the conflict-of-interest check/;
const REMINDER = /^\[Conduct Desk\] Reminder: /;
const CHECK = /^New report: please check for a conflict/;

describe('a case opened again', () => {
  it('ADV-519 closed from the sheet before anyone answered its conflict check, opened again days later: the stall alert and the reminders count from the reopening', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    advance(desk, 2 * HOUR);
    typeStatus(desk, OWNER, kase, 'Closed');
    advance(desk, 10 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * HOUR);
    // Before, the window counted from the report ten days back: the owner and the contact were told at once that
    // nobody answered "within 72 hours of the report" and that no sweep ran in the window, and the members reminded.
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(0);
    expect(mailsTo(desk, ESCALATION, NO_ANSWER)).toHaveLength(0);
    expect(mailsTo(desk, ANA.email, REMINDER)).toHaveLength(0);
    // Half the window after the reopening: one reminder each; its end: the owner and the contact, once, truthfully.
    advance(desk, 36 * HOUR);
    expect([mailsTo(desk, ANA.email, REMINDER).length, mailsTo(desk, CY.email, REMINDER).length]).toEqual([1, 1]);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(0);
    advance(desk, 36 * HOUR);
    for (const to of [OWNER, ESCALATION]) {
      expect(mailsTo(desk, to, NO_ANSWER)).toHaveLength(1);
      expect(mailsTo(desk, to, NO_ANSWER)[0].body).toContain(
        'No member declared "no conflict" within 72 hours of its reopening; each silent member was reminded once.',
      );
    }
    advance(desk, 3 * DAY);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, REMINDER)).toHaveLength(1);
  });

  it('ADV-520 closed before a member answered its conflict check, opened again months later when the check\u2019s links had run out: the member is asked again with links that work', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    const checks = (email: string) => mailsTo(desk, email, /^New report: please check for a conflict/).length;
    advance(desk, 2 * HOUR);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 100 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * HOUR);
    // Before, the members' only check was the one of March, its links dead for two months: the reminder and the case
    // page sent them back to it, and the committee account was told to ask them to answer it.
    expect([checks(ANA.email), checks(CY.email)]).toEqual([2, 2]);
    const visit = answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId), 'no-conflict');
    expect(outcomeOf(visit)).toBe('done');
    expect(docEditors(desk, registryCase(desk, kase)['Doc ID'])).toContain(ANA.email);
    // Asked again once, however many sweeps run; closed and opened again while that check's links work, not again.
    advance(desk, 5 * DAY);
    typeStatus(desk, OWNER, kase, 'Closed');
    advance(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * DAY);
    expect([checks(ANA.email), checks(CY.email)]).toEqual([2, 2]);
    expect(outcomeOf(answerLink(desk, newestLink(desk, CY.email, 'conflict', kase.caseId), 'conflict'))).toBe('done');
  });
  it('ADV-524 two voting members cleared, the third silent, closed and opened again months later: the vote waits for the one asked again as it did at the report; a report of danger does not', () => {
    for (const danger of [false, true]) {
      const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Screening window (hours)': 72 } });
      const kase = reportCase(desk, { danger });
      clear(desk, kase, ANA, CY);
      advance(desk, 2 * HOUR);
      typeStatus(desk, OWNER, kase, 'Closed');
      jumpAndSweep(desk, 100 * DAY);
      typeStatus(desk, OWNER, kase, 'Ongoing');
      advance(desk, 2 * HOUR);
      expect(mailsTo(desk, DEE.email, CHECK)).toHaveLength(2);
      writeTexts(desk, ANA, kase);
      // Before, the window counted from the report a hundred days back: Ana could open the vote at once, and Dee, just
      // asked again with links that work, was left out of it (its voters are frozen at its opening).
      const early = casePage(desk, ANA, kase);
      expect(offers(early, 'open-vote')).toBe(danger);
      if (!danger) {
        expect(pageText(early)).toMatch(/1 voting member\(s\) have not answered screening yet/);
        clear(desk, kase, DEE);
        expect(offers(casePage(desk, ANA, kase), 'open-vote')).toBe(true);
      }
      caseAction(desk, ANA, kase, 'open-vote');
      expect(JSON.parse(registryRows(desk, 'Votes')[0].Eligible)).toHaveLength(danger ? 2 : 3);
    }
  });

  it('ADV-525 reminded before it was closed, opened again months later and asked again: each silent member is reminded once more, and the stall alert says so truly', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    advance(desk, 40 * HOUR);
    const reminders = () => [ANA, CY].map((m) => mailsTo(desk, m.email, REMINDER).length);
    expect(reminders()).toEqual([1, 1]);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 100 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * HOUR);
    expect([ANA, CY].map((m) => mailsTo(desk, m.email, CHECK).length)).toEqual([2, 2]);
    // Before, the reminder was once per case: the members asked again were never reminded, and the owner was told at
    // the window's end that "each silent member was reminded once", of a reminder a hundred days old.
    advance(desk, 36 * HOUR);
    expect(reminders()).toEqual([2, 2]);
    advance(desk, 36 * HOUR);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, NO_ANSWER)[0].body).toContain(
      'No member declared "no conflict" within 72 hours of its reopening; each silent member was reminded once.',
    );
    advance(desk, 3 * DAY);
    expect(reminders()).toEqual([2, 2]);
  });

  it('ADV-526 a recommendation the moderators left unanswered, the case opened again months later: the members are told again that the moderators are reminded', () => {
    const desk = startResolutionDesk();
    const kase = recommendCase(desk);
    const told = () =>
      mailsTo(desk, CY.email, REMINDER).filter((m) => m.body.includes('the moderators have not answered')).length;
    advance(desk, 8 * DAY);
    expect(told()).toBe(1);
    typeStatus(desk, OWNER, kase, 'Resolved');
    jumpAndSweep(desk, 91 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * DAY);
    // Before, the members were told once per vote: the moderators were reminded again (ADV-263), the members not.
    expect(told()).toBe(2);
  });
});
