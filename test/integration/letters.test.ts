// The letter to the reported person through the built bundle: gated on a passed vote and the moderators' acceptance (or an override), redaction-guarded, sent at most once; invariants after every step.
import {
  acceptPlan,
  ANA,
  CY,
  DEE,
  DAY,
  MODS,
  OWNER,
  advance,
  caseAction,
  casePage,
  caseRow,
  clear,
  docSection,
  mailsTo,
  moderatorAnswer,
  newestLink,
  offers,
  outcomeOf,
  pageText,
  press,
  registryCase,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  vote,
  writeSection,
  writeTexts,
  PLAN,
  recommendCase,
  passedCase,
  sweep,
} from './desk';

const SAM = 'sam.doe@example.com';
const ALEX = 'alex.roe@example.com';

function recommendedCase() {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  return { desk, kase: recommendCase(desk) };
}

/** A POST as a stale page (or a hand-made request) would send it, with the member's case-page token. */
function postOp(
  desk: ReturnType<typeof recommendedCase>['desk'],
  kase: ReturnType<typeof recommendedCase>['kase'],
  fields: Record<string, string>,
) {
  const { token } = newestLink(desk, ANA.email, 'case', kase.caseId);
  const response = desk.ws.webPost(desk.ws.webAppUrl, { t: token, confirm: 'yes', ...fields });
  desk.check();
  return response;
}

function postLetter(
  desk: ReturnType<typeof recommendedCase>['desk'],
  kase: ReturnType<typeof recommendedCase>['kase'],
  to: string,
) {
  // The checker watches what reaches the reported person; the reporter's own address is not theirs.
  if (!/rita/i.test(to)) desk.k.reportedPersonEmails.add(to.trim().toLowerCase());
  return postOp(desk, kase, { op: 'send-letter', to });
}

describe('the letter to the reported person', () => {
  test('is refused before the moderators accept, and then allowed', () => {
    const { desk, kase } = recommendedCase();
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'send-letter')).toBe(false);
    expect(pageText(page)).toMatch(/The moderators have not accepted the recommendation yet/);
    const refused = postLetter(desk, kase, SAM);
    expect(outcomeOf(refused)).toBe('refused');
    expect(desk.ws.mailTo(SAM)).toHaveLength(0);
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
    expect(desk.ws.mailTo(SAM)).toHaveLength(1);
    expect(caseRow(desk, kase)['Actions needed']).toBe('Follow up with the reporter');
  });

  test('is allowed without the moderators\u2019 acceptance once a member records an override, which the Doc keeps', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'We prefer a permanent ban.');
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
    expect(outcomeOf(caseAction(desk, DEE, kase, 'record-override'))).toBe('done');
    expect(outcomeOf(caseAction(desk, CY, kase, 'record-override'))).toBe('done');
    expect(docSection(desk, kase, 'Log')).toMatch(
      /Override proposed by Dee Ford and confirmed by Cy [^:]*: the letter may be sent without the moderators' acceptance\./,
    );
    expect(offers(casePage(desk, ANA, kase), 'record-override')).toBe(false);
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
    const [letter] = desk.ws.mailTo(SAM);
    expect(letter.body).toContain('Do not comment on anyone');
    expect(letter.body).toContain('Please do not contact the person who made the report');
    expect(letter.replyTo).not.toMatch(/rita/i);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain(
      'Please do not contact the person who made the report',
    );
  });

  test('an override needs a passed vote first', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    expect(offers(casePage(desk, ANA, kase), 'record-override')).toBe(false);
    const response = postOp(desk, kase, { op: 'record-override' });
    expect(outcomeOf(response)).toBe('refused');
    expect(pageText(response)).toMatch(/needs a passed vote first/);
    // Even after a passed vote, the moderators are asked first.
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(offers(casePage(desk, ANA, kase), 'record-override')).toBe(false);
    expect(pageText(postOp(desk, kase, { op: 'record-override' }))).toMatch(
      /Send the recommendation to the moderators first/,
    );
    caseAction(desk, ANA, kase, 'send-recommendation');
    expect(offers(casePage(desk, ANA, kase), 'record-override')).toBe(true);
  });

  test('is sent at most once, even when POSTed twice or with another address', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[1], kase, 'accept');
    const page = casePage(desk, ANA, kase);
    desk.k.reportedPersonEmails.add(SAM);
    // The same page submitted twice (a double click, or the tab sent again).
    const first = press(desk, page, 'send-letter', { fields: { to: SAM } });
    const second = press(desk, page, 'send-letter', { fields: { to: SAM } });
    const third = postLetter(desk, kase, 'other@example.com');
    expect([outcomeOf(first), outcomeOf(second), outcomeOf(third)]).toEqual(['done', 'refused', 'refused']);
    expect(pageText(second)).toMatch(/already been sent/);
    expect(desk.ws.mailTo(SAM)).toHaveLength(1);
    expect(desk.ws.mailTo('other@example.com')).toHaveLength(0);
    const rows = registryRows(desk, 'Outbox').filter((r) => r.Kind === 'letter');
    expect(rows.map((r) => [r.Delivery, r.State])).toEqual([['at-most-once', 'sent']]);
    expect(offers(casePage(desk, CY, kase), 'send-letter')).toBe(false);
  });

  test.each([
    ['an empty address', '', /Type the reported person/],
    ['two addresses', 'sam@example.com, sam2@example.com', /exactly one email address/],
    [
      'a header injection',
      'sam@example.com\nBcc: spy@example.net',
      /exactly one email address|not a valid email address/,
    ],
    ['the reporter\u2019s own address', 'rita.quell@example.net', /belongs to someone the committee must protect/],
    ['not an address', 'Sam Doe', /not a valid email address/],
  ])('refuses %s', (_what, to, message) => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    const response = postLetter(desk, kase, to);
    expect(outcomeOf(response)).toBe('refused');
    expect(pageText(response)).toMatch(message);
    expect(registryRows(desk, 'Outbox').filter((r) => r.Kind === 'letter')).toHaveLength(0);
  });

  test('goes through the redaction guard: a witness named in the letter stops it until it is reworded', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    writeSection(
      desk,
      ANA,
      kase,
      'Letter to the reported person',
      'In a public call, witnessed by Wes, you mocked an accent.\nImpact: people felt unwelcome.',
    );
    const refused = sendLetter(desk, ANA, kase, SAM);
    expect(outcomeOf(refused)).toBe('refused');
    expect(pageText(refused)).toMatch(/a protected name “Wes”/);
    expect(desk.ws.mailTo(SAM)).toHaveLength(0);
    writeSection(
      desk,
      ANA,
      kase,
      'Letter to the reported person',
      'In a public call you mocked an accent.\nImpact: people felt unwelcome.',
    );
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
  });

  test('each required part is there before "Send" is offered, and the letter carries each exactly once', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    // No impact: the seed asks the letter to say what the impact was, so it is not offered.
    writeSection(desk, ANA, kase, 'Letter to the reported person', 'In a public call you mocked an accent.');
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'send-letter')).toBe(false);
    expect(pageText(page)).toMatch(/The letter needs its impact \(a paragraph starting "Impact:"\)/);
    // A stale tab's POST is refused by the send itself, in the same words.
    const { token } = newestLink(desk, ANA.email, 'case', kase.caseId);
    const forced = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'send-letter', to: SAM, confirm: 'yes' });
    desk.check();
    expect(outcomeOf(forced)).toBe('refused');
    expect(desk.ws.mailTo(SAM)).toHaveLength(0);
    // Members who copied the plan into the letter section too: the letter still carries it once.
    writeSection(
      desk,
      ANA,
      kase,
      'Letter to the reported person',
      `In a public call you mocked an accent.\nImpact: people felt unwelcome.\nPlan: ${PLAN}`,
    );
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
    const [letter] = desk.ws.mailTo(SAM);
    expect(letter.body).toContain('In a public call you mocked an accent.');
    expect(letter.body).toContain('people felt unwelcome.');
    expect(letter.body.split(PLAN.slice(0, 30)).length - 1).toBe(1);
  });
  it('ADV-199 two reports about one person: what goes out on one names neither the other report\u2019s reporter nor its witness', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    const second = reportCase(desk, {
      reporter: { name: 'Kit Marr', email: 'kit.marr@example.net' },
      witnesses: ['Ola Berg'],
      witnessAnswer: 'Ola Berg',
      what: 'Sam Doe mocked my accent in the forum thread too.',
    });
    clear(desk, first, ANA, CY, DEE);
    clear(desk, second, ANA, CY, DEE);
    // The committee answers both reports with one response, and the first case's letter describes both incidents.
    writeTexts(desk, ANA, first, {
      letter:
        'In the release call and in a forum thread with Kit Marr you mocked people\u2019s accents; Ola Berg asked you to stop.\nImpact: people stop taking part.',
    });
    caseAction(desk, ANA, first, 'open-vote');
    vote(desk, ANA, first, 'approve');
    vote(desk, CY, first, 'approve');
    const sent = caseAction(desk, CY, first, 'send-recommendation');
    // Before: sent, the moderators read the second report's reporter and witness by name.
    for (const m of MODS) expect(desk.ws.mailTo(m).filter((x) => /Kit Marr|Ola Berg/.test(x.body))).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
    expect(pageText(sent)).toMatch(/redaction guard/);
    expect(second.caseId).not.toBe(first.caseId);
  });
  it('ADV-219 a report names two people and the committee\u2019s one response covers both: each gets the letter, alone', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk, [ANA, CY], { reported: ['Sam Doe', 'Alex Roe'] });
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
    // The seed: "Follow up with the reported person" — Alex Roe is one too. Before, the page offered nothing more
    // and a POST was refused (`The letter has already been sent`): Alex never heard from the committee.
    desk.k.reportedPersonEmails.add(ALEX);
    const page = casePage(desk, CY, kase);
    expect(offers(page, 'send-letter-again')).toBe(true);
    expect(outcomeOf(press(desk, page, 'send-letter-again', { fields: { to: ALEX } }))).toBe('done');
    const [toAlex] = desk.ws.mailTo(ALEX);
    expect(toAlex.to).toEqual([ALEX]);
    expect([...toAlex.cc, ...toAlex.bcc]).toEqual([]);
    expect(toAlex.body).toContain(PLAN);
    expect(toAlex.body).not.toContain(SAM);
    expect(desk.ws.mailTo(SAM)).toHaveLength(1);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /Letter sent again, to another address \(alex\.roe@example\.com\) by Cy/,
    );
    // Once per address (any spelling of the mailbox): the same address again is refused.
    expect(pageText(caseAction(desk, ANA, kase, 'send-letter-again', { to: 'Alex.Roe@example.com' }))).toMatch(
      /already went to that address/,
    );
    expect(desk.ws.mailTo(ALEX)).toHaveLength(1);
    // Alex's reply is filed under the case like Sam's would be.
    desk.ws.reply({ from: ALEX, original: toAlex, text: 'I was not in that call.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('\u2502 I was not in that call.');
  });

  it('ADV-220 the letter goes to a mistyped address: a member sends it again to the right one, once', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    const typo = 'sam.deo@example.com';
    expect(outcomeOf(sendLetter(desk, ANA, kase, typo))).toBe('done');
    // A letter sent before the addresses were kept in Flags: its outbox row still says where it went.
    const g = desk.ws.data.globals() as unknown as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const owner = desk.ws.owner;
    desk.ws.rt.runExecution({ kind: 'editor', fn: 'test:legacy', activeUser: owner, effectiveUser: owner }, () => {
      const sheet = g.SpreadsheetApp.openById(desk.ids.registry).getSheetByName('Cases')!;
      const values = sheet.getDataRange().getValues();
      const [col, row] = [values[0].indexOf('Flags'), values.findIndex((v) => v[0] === kase.caseId)];
      const flags = JSON.parse(String(values[row][col])) as { letter: { to?: string[] } };
      delete flags.letter.to;
      sheet.getRange(row + 1, col + 1).setValue(JSON.stringify(flags));
    });
    expect((JSON.parse(registryCase(desk, kase).Flags) as { letter: { to?: string[] } }).letter.to).toBeUndefined();
    expect(pageText(caseAction(desk, CY, kase, 'send-letter-again', { to: typo }))).toMatch(
      /already went to that address/,
    );
    // The bounce (or a stranger) tells the committee. Before, the letter was "sent" for good: the reported person
    // could be reached only through a new round (a new vote, the moderators asked again).
    desk.k.reportedPersonEmails.add(SAM);
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-letter-again', { to: SAM }))).toBe('done');
    expect(desk.ws.mailTo(SAM)).toHaveLength(1);
    const unref = (body: string) => body.replace(/Ref\. \w+/, '');
    expect(unref(desk.ws.mailTo(SAM)[0].body)).toBe(unref(desk.ws.mailTo(typo)[0].body));
    // The reporter's address is refused here too, and one correction is all a one-person report gets.
    expect(outcomeOf(postOp(desk, kase, { op: 'send-letter-again', to: 'rita.quell@example.net' }))).toBe('refused');
    expect(offers(casePage(desk, ANA, kase), 'send-letter-again')).toBe(false);
    expect(desk.ws.mailTo('rita.quell@example.net').filter((m) => /A message from/.test(m.subject))).toEqual([]);
  });
  it('ADV-317 the letter went to a mistyped address and again to the right one: the stranger who got the first answers it, and the reply waits, never filed as the reported person\u2019s', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    const typo = 'sam.deo@example.com';
    expect(outcomeOf(sendLetter(desk, ANA, kase, typo))).toBe('done');
    desk.k.reportedPersonEmails.add(SAM);
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-letter-again', { to: SAM }))).toBe('done');
    // The mailbox's owner, a stranger, answers the letter that reached them.
    desk.ws.reply({ from: typo, original: desk.ws.mailTo(typo)[0], text: 'I accept all of it and apologise.' });
    sweep(desk);
    // Before: filed under "Discussions with the reported person" as `Reply by email from the reported person`, and the
    // cleared members were told he had answered.
    expect(docSection(desk, kase, 'Discussions with the reported person')).not.toContain('I accept all of it');
    expect(mailsTo(desk, ANA.email, /A reply was filed/)).toEqual([]);
    expect(mailsTo(desk, OWNER, /waits for you/)[0].body).toContain('from another address');
    // Sam's own answer, to the letter a member last sent him, is filed as his.
    desk.ws.reply({ from: SAM, original: desk.ws.mailTo(SAM)[0], text: 'I was not in that call.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /Reply by email from the reported person[^]*I was not in that call/,
    );
  });
  it('ADV-347 one cleared member presses "Go ahead without the moderators\u2019 acceptance": the letter still waits for a second voting member to confirm', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'We prefer a permanent ban.');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'record-override'))).toBe('done');
    // Before: Dee's press alone recorded the override and the letter was offered (seed: "the work group may choose").
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
    expect(outcomeOf(postLetter(desk, kase, SAM))).toBe('refused');
    expect(docSection(desk, kase, 'Log')).toMatch(/Dee Ford proposed: the letter may be sent without/);
    expect(mailsTo(desk, CY.email, /An override waits for a second member/)).toHaveLength(1);
    // Dee pressing again is not a second member.
    expect(offers(casePage(desk, DEE, kase), 'record-override')).toBe(false);
    expect(pageText(casePage(desk, ANA, kase))).toMatch(/Confirm: go ahead without the moderators/);
    // A proposer who declares a conflict withdraws the proposal: Cy's press proposes anew, it does not confirm.
    caseAction(desk, DEE, kase, 'conflict');
    expect(outcomeOf(caseAction(desk, CY, kase, 'record-override'))).toBe('done');
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'record-override'))).toBe('done');
    expect(docSection(desk, kase, 'Log')).toMatch(/Override proposed by Cy [^:]* and confirmed by Ana/);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'letter.override')).toHaveLength(3);
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
  });
  it('ADV-339 the stranger who got the mistyped letter answers it after a new round opened: the reply still waits', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    const typo = 'sam.deo@example.com';
    sendLetter(desk, ANA, kase, typo);
    desk.k.reportedPersonEmails.add(SAM);
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-letter-again', { to: SAM }))).toBe('done');
    // Sam's context makes the committee reconsider: round 2 is open, its revised letter not written yet.
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    desk.ws.reply({ from: typo, original: desk.ws.mailTo(typo)[0], text: 'I accept all of it and apologise.' });
    sweep(desk);
    // Before: the new round set the last letter's addresses aside, and the stranger was filed as the reported person.
    expect(docSection(desk, kase, 'Discussions with the reported person')).not.toContain('I accept all of it');
    expect(mailsTo(desk, OWNER, /waits for you/)[0].body).toContain('from another address');
    // Sam's own answer to the letter he got is still his.
    desk.ws.reply({ from: SAM, original: desk.ws.mailTo(SAM)[0], text: 'I was not in that call.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /Reply by email from the reported person[^]*I was not in that call/,
    );
  });
  it('ADV-238 the letter to a mistyped address bounces: the cleared members learn it has not arrived, and no bounce becomes a case', () => {
    const { desk, kase } = recommendedCase();
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    const typo = 'sam.deo@example.com';
    expect(outcomeOf(sendLetter(desk, ANA, kase, typo))).toBe('done');
    // Gmail first says it retries (a server that does not answer), then that it gave up.
    desk.ws.bounceMail(desk.ws.mailTo(typo)[0], typo, true);
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('Gmail will retry');
    advance(desk, DAY);
    desk.ws.bounceMail(desk.ws.mailTo(typo)[0], typo);
    sweep(desk);
    // Before: it waited for the committee account ("from another address") with a Make a case link; nobody deciding
    // the case heard that the letter never arrived.
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /The email to the reported person has not arrived[^\n]*\n[\s\S]*wasn't delivered to sam\.deo@example\.com/,
    );
    // The delay was filed as delayed and told to nobody (ADV-597): one alert, the failure's.
    for (const member of [ANA, CY, DEE]) expect(mailsTo(desk, member.email, /has not arrived/)).toHaveLength(1);
    const inbox = () => desk.ws.mailbox(OWNER).filter((m) => m.labelIds.includes('INBOX') && m.from !== OWNER);
    expect(inbox()).toEqual([]);
    // A bounce of mail that expects no reply (a member's screening email) waits, makes no case, and the committee
    // account is told which member's mail does not arrive (ADV-576), not sent a notice of the bounce.
    const cases = registryRows(desk, 'Cases').length;
    desk.ws.bounceMail(mailsTo(desk, DEE.email, /.*/)[0], DEE.email);
    sweep(desk);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    expect(mailsTo(desk, OWNER, /does not arrive/)[0].body).toContain(`${DEE.email} returns mail`);
    expect(registryRows(desk, 'Cases')).toHaveLength(cases);
  });
  it('ADV-222 two reports about one person: a member copies the other report\u2019s reporter address into the letter\u2019s address', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    const kit = 'kit.marr@example.net';
    const second = reportCase(desk, {
      reporter: { name: 'Kit Marr', email: kit },
      witnesses: ['Ola Berg (ola.berg@example.org)'],
      witnessAnswer: 'Ola Berg (ola.berg@example.org)',
      what: 'Sam Doe mocked my accent in the forum thread too.',
    });
    clear(desk, first, ANA, CY, DEE);
    clear(desk, second, ANA, CY, DEE);
    acceptPlan(desk, first, { sender: CY });
    // Both Docs open side by side, the address is copied from the wrong one. Before, the letter ("a report about your
    // behavior") went to Kit, who reported Sam: a reporter told of another report and treated as the reported person.
    for (const to of [kit, 'ola.berg@example.org']) {
      const refused = caseAction(desk, ANA, first, 'send-letter', { to });
      expect(pageText(refused)).toMatch(/belongs to someone the committee must protect/);
      expect(desk.ws.mailTo(to).filter((m) => /A message from/.test(m.subject))).toEqual([]);
    }
    expect(outcomeOf(sendLetter(desk, ANA, first, SAM))).toBe('done');
  });
});
