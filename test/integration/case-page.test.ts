// The signed case page through the built bundle: only for cleared members, GET changes nothing, scanners change nothing, a conflict can be declared later, and a half-sent letter waits for a person; invariants after every step.
import {
  ANA,
  BO,
  CY,
  DEE,
  MODS,
  caseAction,
  casePage,
  caseRow,
  clear,
  forgeToken,
  linkFor,
  mailsTo,
  memberId,
  moderatorAnswer,
  open,
  press,
  formView,
  newestLink,
  offers,
  outcomeOf,
  pageText,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  stateFingerprint,
  sweep,
  vote,
  writeTexts,
} from './desk';
import { offeredOperations, parsePage, type Visit } from '../../workbench';

function clearedCase() {
  const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, BO, CY);
  writeTexts(desk, ANA, kase);
  return { desk, kase };
}

describe('who sees the case page', () => {
  test('a member who has not declared "no conflict" sees only the code name and what to do; a conflicted member sees nothing more', () => {
    const { desk, kase } = clearedCase();
    // DEE never answered: the urgent-alert style link (a case-page link) must not open the case.
    const real = newestLink(desk, ANA.email, 'case', kase.caseId);
    const token = forgeToken(desk, { ...real.claims, sub: memberId(desk, DEE.email) });
    const page = desk.ws.webGet(linkFor(desk, token));
    expect(pageText(page)).toMatch(/You have not declared that you have no conflict of interest/);
    expect(pageText(page)).not.toMatch(/Do not comment|written warning|Sam Doe|docs\.google\.com/);
    expect(parsePage(page.body).forms).toHaveLength(0);
    const before = stateFingerprint(desk);
    const post = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'open-vote', confirm: 'yes' });
    desk.check();
    expect(outcomeOf(post)).toBe('refused');
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('an adviser sees the case but is not offered a vote; a voting member is', () => {
    const { desk, kase } = clearedCase();
    const adviser = casePage(desk, BO, kase);
    expect(pageText(adviser)).toContain(kase.codeName);
    expect(offers(adviser, 'open-vote')).toBe(false);
    // Closing is put to the vote (Settings "Closing decision" = Vote): advisers do not open votes.
    expect(offers(adviser, 'close-no-violation')).toBe(false);
    expect(offers(casePage(desk, CY, kase), 'open-vote')).toBe(true);
  });
});

describe('GET shows, POST with a ticked box acts', () => {
  test('opening the page changes nothing; a POST without the box changes nothing', () => {
    const { desk, kase } = clearedCase();
    const before = stateFingerprint(desk);
    const page = casePage(desk, ANA, kase);
    expect(stateFingerprint(desk)).toBe(before);
    // Every state-changing form has its own confirmation box.
    // (Opening a vote also offers to put the letter draft to the vote: a choice, not a confirmation.)
    for (const form of page.page.forms)
      expect(Object.keys(formView(form).checkboxes).filter((name) => name !== 'withLetter')).toEqual(['confirm']);
    const response = press(desk, page, 'open-vote', { tick: false });
    expect(outcomeOf(response)).toBe('refused');
    expect(pageText(response)).toMatch(/Please tick the confirmation box/);
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('a mail scanner that follows every link in the newest email and submits every form changes nothing', () => {
    const { desk, kase } = clearedCase();
    caseAction(desk, ANA, kase, 'open-vote');
    const before = stateFingerprint(desk);
    for (const member of [ANA, CY]) {
      const newest = desk.ws.mailTo(member.email).sort((a, b) => b.seq - a.seq)[0];
      const urls = newest.body.match(/https?:\/\/\S+\?t=\S+/g) ?? [];
      expect(urls.length).toBeGreaterThan(0);
      // The scanner fills in what it can (a vote choice, an address: fields a form lacks stay unsent) but ticks nothing.
      const scan = (page: Visit, fields: Record<string, string>) => {
        for (const op of offeredOperations(page.page))
          expect(desk.browser.press(page, op, { tick: false, fields }).submitted).toBe(true);
      };
      for (const url of urls) scan(open(desk, url), { choice: 'approve', to: 'x@example.com' });
      // and the case page too
      scan(casePage(desk, member, kase), { to: 'x@example.com' });
    }
    desk.check();
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('a member can declare a conflict later from the case page: access ends at once and the page closes', () => {
    const { desk, kase } = clearedCase();
    expect(desk.ws.data.doc(kase.docId).editors).toContain(CY.email);
    const done = caseAction(desk, CY, kase, 'conflict');
    expect(pageText(done)).toMatch(/Your conflict is recorded/);
    expect(desk.ws.data.doc(kase.docId).editors).not.toContain(CY.email);
    expect(registryRows(desk, 'Clearances').filter((r) => r.Decision === 'conflict')).toHaveLength(1);
    expect(pageText(casePage(desk, CY, kase))).toMatch(/A conflict of interest is recorded for you/);
    // Not eligible in a later vote: with one voting member left cleared, nobody may decide alone.
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'open-vote')).toBe(false);
    expect(pageText(page)).toMatch(/Only 1 voting member\(s\) without a conflict can vote on this case/);
    expect(mailsTo(desk, CY.email, /^Vote open/)).toHaveLength(0);
  });

  test('Status follows what happened: New → Ongoing → Awaiting moderators → Ongoing (accepted) → Resolved', () => {
    const { desk, kase } = clearedCase();
    expect(caseRow(desk, kase).Status).toBe('New');
    sweep(desk); // members are cleared: deliberation has begun
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Discuss and write plan in the case document');
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, ANA, kase, 'send-recommendation');
    expect(caseRow(desk, kase).Status).toBe('Awaiting moderators');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    caseAction(desk, BO, kase, 'send-follow-up');
    expect(caseRow(desk, kase)).toMatchObject({ Status: 'Resolved', 'Actions needed': '-' });
  });
});

describe('a letter found half-sent after a crash', () => {
  test('is held, never re-sent by itself, and a person decides on the case page', () => {
    const { desk, kase } = clearedCase();
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    // Ana asks to send the letter; the confirmation goes to her own mailbox.
    desk.k.reportedPersonEmails.add('sam.doe@example.com');
    const asked = desk.browser.press(casePage(desk, ANA, kase), 'send-letter', {
      fields: { to: 'sam.doe@example.com' },
    });
    expect(outcomeOf(asked.visit)).toBe('confirm');
    // The execution that confirms dies at the letter's MailApp.sendEmail (before it happens).
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [
      { call: 'MailApp.sendEmail', nth: sent + 1, kill: true, message: 'Exceeded maximum execution time' },
    ];
    const response = press(desk, open(desk, newestLink(desk, ANA.email, 'confirm').url), 'send-letter');
    expect(response.response.record.outcome).toBe('killed');
    desk.ws.rt.faults = [];
    desk.check();
    expect(registryRows(desk, 'Outbox').find((r) => r.Kind === 'letter')?.State).toBe('sending');
    sweep(desk);
    expect(registryRows(desk, 'Outbox').find((r) => r.Kind === 'letter')?.State).toBe('held');
    expect(desk.ws.mailTo('sam.doe@example.com')).toHaveLength(0);
    expect(mailsTo(desk, ANA.email, /held after an interrupted send/)).toHaveLength(1);
    sweep(desk);
    expect(desk.ws.mailTo('sam.doe@example.com')).toHaveLength(0);
    const withHeld = casePage(desk, ANA, kase);
    expect(offers(withHeld, 'held-sent')).toBe(true);
    expect(offers(withHeld, 'held-resend')).toBe(true);
    expect(offers(withHeld, 'send-letter')).toBe(false);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'held-resend'))).toBe('done');
    expect(desk.ws.mailTo('sam.doe@example.com')).toHaveLength(1);
    expect(registryRows(desk, 'Outbox').find((r) => r.Kind === 'letter')?.State).toBe('sent');
    expect(offers(casePage(desk, ANA, kase), 'held-resend')).toBe(false);
  });

  it('ADV-147 MailApp sends the letter, then answers with a server error', () => {
    const { desk, kase } = clearedCase();
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    desk.k.reportedPersonEmails.add('sam.doe@example.com');
    const asked = desk.browser.press(casePage(desk, ANA, kase), 'send-letter', {
      fields: { to: 'sam.doe@example.com' },
    });
    expect(outcomeOf(asked.visit)).toBe('confirm');
    // The letter's send goes out, and its answer is Google's generic error: nothing says whether it went.
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 1, after: true }];
    press(desk, open(desk, newestLink(desk, ANA.email, 'confirm').url), 'send-letter');
    desk.ws.rt.faults = [];
    sweep(desk);
    sweep(desk);
    // Before, the error counted as transient and the letter was sent again a second later: the reported person got
    // it twice. At most once means a person decides, as after a crash mid-send.
    expect(desk.ws.mailTo('sam.doe@example.com')).toHaveLength(1);
    expect(registryRows(desk, 'Outbox').find((r) => r.Kind === 'letter')?.State).toBe('held');
    expect(mailsTo(desk, ANA.email, /held after an interrupted send/)).toHaveLength(1);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'held-sent'))).toBe('done');
    expect(desk.ws.mailTo('sam.doe@example.com')).toHaveLength(1);
  });
});
