// Replies by email filed where they belong (issue 18), through the built bundle: the reporter's, a moderator's and the reported person's replies under their Doc sections with dates, the cleared members told by code name, the inbox emptied, nothing filed twice, unmatched mail waiting for the owner; invariants after every step.
import type { SentMail } from '../../workbench';
import {
  emailInThread,
  emailMadeCase,
  acceptPlan,
  ANA,
  CY,
  DEE,
  MODS,
  OWNER,
  caseAction,
  clear,
  docSection,
  linkUrlsIn,
  open,
  offers,
  outcomeOf,
  pageText,
  press,
  mailsTo,
  moderatorAnswer,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  SPACE,
  casePage,
  sweep,
  vote,
  writeSection,
  writeTexts,
  CONSEQUENCES,
  DAY,
  jumpAndSweep,
  setSetting,
  typeStatus,
  type Desk,
  letterSentCase,
} from './desk';

const REPORTER = 'rita.quell@example.net';
const SAM = 'sam.doe@example.com';

function openCase() {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY);
  return { desk, kase };
}

/** A person answers the newest email they got whose subject matches, as Gmail writes a reply. */
function reply(desk: Desk, from: string, about: RegExp, text: string, fromAddress?: string): SentMail {
  const original = desk.ws
    .mailTo(from)
    .filter((m) => about.test(m.subject))
    .pop();
  if (!original) throw new Error(`${from} has no email about ${about}`);
  desk.ws.reply({ from, original, text, fromAddress });
  return original;
}

function inboxOf(desk: Desk): string[] {
  return desk.ws
    .mailbox(OWNER)
    .filter((m) => m.labelIds.includes('INBOX') && m.from !== OWNER)
    .map((m) => m.subject);
}

describe('replies by email', () => {
  test("the reporter's reply to the acknowledgment is filed, dated, under the reporter's section; members told by code name; archived once", () => {
    const { desk, kase } = openCase();
    const ack = mailsTo(desk, REPORTER, /.*/)[0];
    expect(ack.body).toMatch(/\nRef\. [0-9a-f]{16}$/);
    expect(ack.replyTo).toBe(OWNER);
    reply(desk, REPORTER, /.*/, 'Thank you. Wes Tarn saw it too and can confirm.\nRita');
    expect(inboxOf(desk)).toHaveLength(1);
    sweep(desk);

    const section = docSection(desk, kase, 'Follow-up to the reporter');
    expect(section).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d .*Reply by email from the reporter, received /);
    expect(section).toContain('Wes Tarn saw it too and can confirm.');
    // The quoted acknowledgment is not filed again.
    expect(section).not.toMatch(/wrote:|^>/m);
    expect(docSection(desk, kase, 'Log')).toContain(
      'Reply by email from the reporter filed under "Follow-up to the reporter"',
    );
    expect(inboxOf(desk)).toEqual([]);
    for (const member of [ANA, CY]) {
      const notice = mailsTo(desk, member.email, /reply was filed/);
      expect(notice).toHaveLength(1);
      expect(notice[0].subject).toContain(kase.codeName);
      expect(notice[0].body).not.toContain('Wes Tarn');
    }
    // Not cleared: not told.
    expect(mailsTo(desk, DEE.email, /reply was filed/)).toHaveLength(0);
    expect(registryRows(desk, 'Inbox').map((r) => [r['Case ID'], r.State])).toEqual([[kase.caseId, 'filed']]);

    // Later sweeps file nothing twice.
    sweep(desk);
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter').match(/Reply by email/g)).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, /reply was filed/)).toHaveLength(1);
  });

  test("a moderator's reply and the reported person's reply go under their own sections", () => {
    const { desk, kase } = openCase();
    clear(desk, kase, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, CY, kase, 'send-recommendation');
    reply(desk, MODS[0], /.*/, 'We can apply the plan from Monday.');
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toMatch(
      /Reply by email from a moderator, received [^\n]*\n(.*\n)?\u2502 We can apply the plan from Monday\./,
    );
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    sendLetter(desk, ANA, kase, SAM);
    reply(desk, SAM, /.*/, 'I understand and I will follow the plan.');
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain(
      'I understand and I will follow the plan.',
    );
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('follow the plan');
    expect(inboxOf(desk)).toEqual([]);
  });

  test("the committee account's own alerts in its inbox are read once and never hold a reply back", () => {
    const { desk, kase } = openCase();
    reply(desk, REPORTER, /.*/, 'One more detail.');
    // Newer than the reply: more of the account's mail to itself than one run reads.
    for (let i = 0; i < 12; i++) desk.ws.receiveMail({ from: OWNER, to: OWNER, subject: `Note ${i}`, text: 'x' });
    sweep(desk);
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('One more detail.');
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'own')).toHaveLength(12);
    // They stay in the inbox, and a later sweep reads none of them again.
    expect(desk.ws.mailbox(OWNER).filter((m) => m.labelIds.includes('INBOX'))).toHaveLength(12);
    const before = desk.ws.rt.totals['Gmail.Users.Threads.get'] ?? 0;
    sweep(desk);
    expect(desk.ws.rt.totals['Gmail.Users.Threads.get'] ?? 0).toBe(before);
  });

  test('a reply whose case Doc cannot be opened now is filed by a later run, once, though its thread was read', () => {
    const { desk, kase } = openCase();
    // The thread already holds a row (a reply from a second address, waiting): the failed one must not be forgotten.
    reply(desk, REPORTER, /.*/, 'From elsewhere.', 'rq.other@example.net');
    desk.k.people.push({ reporter: { email: 'rq.other@example.net' }, reported: [], witnesses: [] });
    sweep(desk);
    reply(desk, REPORTER, /.*/, 'Filed on the second try.');
    const opened = desk.ws.rt.totals['DocumentApp.openById'] ?? 0;
    desk.ws.rt.faults.push({ call: 'DocumentApp.openById', nth: opened + 1, times: 5 });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('second try');
    expect(registryRows(desk, 'Audit').filter((r) => r.Event === 'inbox.file-failed')).toHaveLength(1);
    expect(inboxOf(desk)).toHaveLength(2);
    desk.ws.rt.faults.length = 0;
    sweep(desk);
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter').match(/second try/g)).toHaveLength(1);
    expect(inboxOf(desk)).toEqual(['Re: We received your report']);
  });

  test('a reply from another address than the one written to waits for the owner, who is told once', () => {
    const { desk, kase } = openCase();
    reply(desk, REPORTER, /.*/, 'Sent from my other address.', 'rq.other@example.net');
    desk.k.people.push({ reporter: { email: 'rq.other@example.net' }, reported: [], witnesses: [] });
    sweep(desk);
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('other address');
    expect(inboxOf(desk)).toHaveLength(1);
    const notices = mailsTo(desk, OWNER, /waits for you/);
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain('from another address');
    expect(notices[0].body).not.toContain('rq.other');
    // The owner's own notice lands in the account's inbox too: noted as its own, left there.
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['waiting', 'own']);
  });

  it('ADV-308 after a member corrects a mistyped reporter address, the stranger who got the receipt replies to it: the reply waits, never filed as the reporter\u2019s', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const stranger = 'rita.qeull@example.net';
    const kase = reportCase(desk, { reporter: { name: 'Rita Quell', email: stranger } });
    clear(desk, kase, ANA, CY);
    // The reporter writes in from her own address; Ana corrects the address on file (ADV-221).
    expect(outcomeOf(caseAction(desk, ANA, kase, 'reporter-address', { to: REPORTER }))).toBe('done');
    // The mailbox's owner answers the receipt that reached them.
    reply(
      desk,
      stranger,
      /We received your report/,
      'I withdraw my report. Please close it and do not contact anyone.',
    );
    sweep(desk);
    // Before: filed under "Follow-up to the reporter" as `Reply by email from the reporter`, and the cleared members
    // were told the reporter had replied.
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('I withdraw my report');
    expect(mailsTo(desk, ANA.email, /A reply was filed/)).toEqual([]);
    expect(mailsTo(desk, OWNER, /waits for you/)[0].body).toContain('from another address');
    // The reporter's own reply to what now goes to her is filed as hers.
    desk.ws.rt.setClock(desk.ws.rt.now() + 8 * 24 * 3600 * 1000);
    sweep(desk);
    reply(desk, REPORTER, /status update/, 'Thank you. Wes Tarn saw it too.');
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(
      /Reply by email from the reporter[^]*Wes Tarn saw it too/,
    );
  });
  it('ADV-239 the reporter answers from their phone\u2019s address: the owner files it under its case from the inbox page, never a new case', () => {
    const { desk, kase } = openCase();
    const phone = 'rq.phone@example.net';
    reply(desk, REPORTER, /.*/, 'Sent from my phone: Wes Tarn saw it too.', phone);
    desk.k.people.push({ reporter: { email: phone }, reported: [], witnesses: [] });
    sweep(desk);
    const notice = mailsTo(desk, OWNER, /waits for you/)[0].body;
    expect(notice).toContain('a reply from a second address is filed there under its case');
    const [link] = linkUrlsIn(notice, desk.ws.webAppUrl);
    const page = open(desk, link);
    // Before: the page offered only Make a case (a receipt to the phone address, a conflict check to every member).
    expect(offers(page, 'file-reply')).toBe(true);
    expect(pageText(page)).toContain('the reporter');
    expect(pageText(page)).not.toContain(kase.codeName);
    const filed = press(desk, page, 'file-reply');
    expect(outcomeOf(filed)).toBe('done');
    expect(pageText(filed)).not.toContain(kase.codeName);
    const section = docSection(desk, kase, 'Follow-up to the reporter');
    expect(section).toMatch(
      /Reply by email from the reporter \(from a second address, filed by the committee account\)/,
    );
    expect(section.split('Wes Tarn saw it too.')).toHaveLength(2);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /A reply was filed/)).toHaveLength(1);
    expect(mailsTo(desk, DEE.email, /A reply was filed/)).toEqual([]);
    expect(desk.ws.mailTo(phone)).toEqual([]);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(inboxOf(desk)).toEqual([]);
    // The same page pressed again, or Make a case on it, files nothing twice and makes no case.
    press(desk, page, 'file-reply');
    press(desk, page, 'make-case');
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter').split('Wes Tarn saw it too.')).toHaveLength(2);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(desk.ws.mailTo(phone)).toEqual([]);
  });

  test('an email that answers nothing the system sent waits for the owner', () => {
    const { desk, kase } = openCase();
    desk.ws.receiveMail({ from: 'newcomer@example.net', to: OWNER, subject: 'A problem', text: 'Something happened.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Something happened');
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, /waits for you/)[0].body).toContain(
      'answers no message whose replies Conduct Desk files',
    );
    expect(inboxOf(desk)).toEqual(['A problem']);
  });

  test("a reference typed or quoted in a new email is no match: only Conduct Desk's own Sent copy counts", () => {
    const { desk, kase } = openCase();
    const ref = /Ref\. [0-9a-f]{16}/.exec(mailsTo(desk, REPORTER, /.*/)[0].body)![0];
    desk.ws.receiveMail({
      from: REPORTER,
      to: OWNER,
      subject: 'Re: We received your report',
      text: `Filed?\n\n> ${ref}`,
    });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Filed?');
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['waiting']);
  });

  test('ADV-177 an emailed report names a member and a person reported before: the owner says who it involves, and the case is screened and linked as a Form report', () => {
    // Before: the page asked nothing, so the case named nobody: Dee, the member the email is about, was asked to
    // screen it (one "no conflict" from its Doc), and the reported person got no person code, so no earlier report.
    const { desk, kase } = openCase();
    const sender = 'nia.vortel@example.net';
    desk.k.people.push({
      reporter: { email: sender },
      reported: [{ name: 'Sam Doe' }, { name: DEE.name }],
      witnesses: [],
    });
    desk.ws.receiveMail({ from: sender, to: OWNER, subject: 'Reporting by email', text: 'Rude remarks in the forum.' });
    sweep(desk);
    const [link] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/)[0].body, desk.ws.webAppUrl);
    const page = open(desk, link);
    expect(page.response.body).toMatch(/<input[^>]*name="involved"[^>]*autocomplete="off"/);
    const done = press(desk, page, 'make-case', { fields: { involved: `Sam Doe, ${DEE.name}`, space: SPACE } });
    expect(outcomeOf(done)).toBe('done');
    const [, emailed] = registryRows(desk, 'Cases');
    expect(emailed.Space).toBe(SPACE);
    // Dee is in the report: conflicted from the start, no screening email for it.
    expect(mailsTo(desk, DEE.email, /^New report/)).toHaveLength(1);
    const screening = mailsTo(desk, ANA.email, /^New report/)[1];
    expect(screening.body).toContain('Sam Doe');
    // Sam Doe's person code links the two cases for a member cleared for both.
    const second = { n: 2, caseId: emailed['Case ID'], codeName: emailed['Code Name'], docId: emailed['Doc ID'] };
    clear(desk, second, ANA);
    expect(pageText(casePage(desk, ANA, second))).toContain(kase.codeName);
  });

  test('the owner turns an email waiting in the inbox into a case, exactly as a Form report; once', () => {
    const { desk } = openCase();
    const sender = 'nia.vortel@example.net';
    desk.k.people.push({ reporter: { email: sender }, reported: [], witnesses: [] });
    desk.ws.receiveMail({ from: sender, to: OWNER, subject: 'Reporting by email', text: 'Rude remarks in the forum.' });
    sweep(desk);
    const notice = mailsTo(desk, OWNER, /waits for you/)[0];
    const [link] = linkUrlsIn(notice.body, desk.ws.webAppUrl);
    const page = open(desk, link);
    expect(pageText(page)).toContain('Rude remarks in the forum.');
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    // Without the box ticked nothing happens.
    expect(outcomeOf(press(desk, page, 'make-case', { tick: false }))).not.toBe('done');
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(outcomeOf(press(desk, open(desk, link), 'make-case'))).toBe('done');
    const cases = registryRows(desk, 'Cases');
    expect(cases).toHaveLength(2);
    expect(cases[1]['Reporter Email']).toBe(sender);
    expect(cases[1].Phase).toBe('screening');
    expect(mailsTo(desk, sender, /.*/)).toHaveLength(1);
    // The members are asked about a conflict of interest, as for every report.
    expect(mailsTo(desk, ANA.email, /^New report/)).toHaveLength(2);
    expect(registryRows(desk, 'Inbox').map((r) => [r.State, r['Case ID']])).toEqual([['case', cases[1]['Case ID']]]);
    expect(inboxOf(desk)).toEqual([]);
    // The link again: the case stands, no second one.
    expect(pageText(open(desk, link))).toContain('a case already');
    expect(registryRows(desk, 'Cases')).toHaveLength(2);
  });
  it('ADV-306 a report emailed to the committee account, made a case, then added to by its sender in the same thread: filed under the case, not a second case', () => {
    const { desk } = openCase();
    const sender = 'nia.vortel@example.net';
    const { message: first, kase } = emailMadeCase(desk, { from: sender, text: 'Rude remarks.' });
    clear(desk, kase, ANA, CY);
    // "I forgot": the sender answers their own email, as mail clients do (Re:, In-Reply-To it: Gmail threads it).
    desk.ws.rt.setClock(desk.ws.rt.now() + 60_000);
    emailInThread(desk, first, sender, 'Wes Tarn saw it too.');
    sweep(desk);
    const inThread = registryRows(desk, 'Inbox').filter((r) => r['Thread ID'] === first.threadId);
    expect(inThread.map((r) => [r.State, r['Case ID']])).toEqual([
      ['case', kase.caseId],
      ['filed', kase.caseId],
    ]);
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, /A reply was filed/)).toHaveLength(1);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Wes Tarn saw it too.');
    expect(registryRows(desk, 'Cases')).toHaveLength(2);
    // Someone the email copied answers all in its thread: never filed, nor offered, as the reporter's.
    desk.ws.rt.setClock(desk.ws.rt.now() + 60_000);
    emailInThread(desk, first, SAM, 'Lies.');
    desk.k.people.push({ reporter: { email: SAM }, reported: [], witnesses: [] });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Lies');
    const [ccLink] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/)[1].body, desk.ws.webAppUrl);
    expect(pageText(open(desk, ccLink))).not.toContain('File it under its case');
    // Once retention has purged the reporter's details, the case no longer knows their address: nothing is filed.
    setSetting(desk, 'Purge reporter details after (months)', 1);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 33 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Cases')[1]['Reporter Email']).toBe('');
    emailInThread(desk, first, sender, 'Any news?');
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Any news');
    expect(
      registryRows(desk, 'Inbox')
        .filter((r) => r.State === 'waiting')
        .map((r) => r.From),
    ).toContain(sender);
  });
  it("ADV-196 what the reporter adds by replying to the acknowledgment (their own handle, a witness's address) is protected by the redaction guard like the report", () => {
    const { desk, kase } = openCase();
    clear(desk, kase, DEE);
    // The acknowledgment says "We may write to you if we need more details": the reporter sends them by reply.
    reply(
      desk,
      REPORTER,
      /received your report/,
      'More details: on the forum I post as @kestrel77, and Ola Berg (ola.berg@example.org) saw the messages too.\nRita',
    );
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('@kestrel77');
    // A plan that names the person to leave alone by the handle the reporter gave, and the witness by address.
    const plan = 'Do not send private messages to @kestrel77 on the forum, and do not write to ola.berg@example.org.';
    writeSection(desk, ANA, kase, 'Proposed behavioral modification plan', plan);
    writeSection(desk, ANA, kase, 'Proposed consequences', CONSEQUENCES);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const sent = caseAction(desk, CY, kase, 'send-recommendation');
    // Before: sent, the moderators read "Do not send private messages to @kestrel77 …": who reported, by their handle.
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => /kestrel77|ola\.berg/.test(x.body))).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
    expect(pageText(sent)).toMatch(/redaction guard/);
  });
  it('ADV-197 a reporter who typed a +tag address, and a reported person written to without the dots of their Gmail address, reply from their mailbox: filed under the case', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const tagged = 'kestrel77+coc@example.net';
    const kase = reportCase(desk, { reporter: { name: 'Rita Quell', email: tagged } });
    clear(desk, kase, ANA, CY, DEE);
    // Gmail delivers kestrel77+coc@ to kestrel77@ and the reply comes from the account's own address, without the tag.
    reply(desk, tagged, /received your report/, 'One more detail: it happened twice.', 'kestrel77@example.net');
    desk.k.people.push({ reporter: { email: 'kestrel77@example.net' }, reported: [], witnesses: [] });
    sweep(desk);
    // Before: it waited in the committee inbox ("from another address"); the members deciding the case never heard.
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('it happened twice');
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    acceptPlan(desk, kase, { sender: CY });
    // The member types the address as the report gave it; Gmail's account is sam.doe@gmail.com (dots are ignored).
    sendLetter(desk, ANA, kase, 'SamDoe@gmail.com');
    desk.k.reportedPersonEmails.add('sam.doe@gmail.com');
    reply(desk, 'SamDoe@gmail.com', /message from/, 'I did not mean it that way.', 'sam.doe@gmail.com');
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('I did not mean it that way.');
    expect(inboxOf(desk)).toEqual([]);
  });
  it('ADV-198 an email the owner makes a case is a report by the name its From header gives: the redaction guard protects that name', () => {
    const { desk } = openCase();
    const { kase } = emailMadeCase(desk, {
      from: 'nia.vortel@example.net',
      fromName: 'Nia Vortel',
      text: 'Sam Doe keeps sending me rude private messages on the forum.',
    });
    const row = registryRows(desk, 'Cases')[1];
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase, {
      letter: 'You sent Nia Vortel rude private messages on the forum.\nImpact: it made the forum unwelcoming.',
    });
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    // No space was given, so there are no moderators to ask: the committee goes ahead with an override.
    expect(outcomeOf(caseAction(desk, CY, kase, 'record-override'))).toBe('done');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'record-override'))).toBe('done');
    const sent = sendLetter(desk, CY, kase, SAM);
    // Before: the email's case knew its reporter by address only, so the reported person read "You sent Nia Vortel …".
    expect(mailsTo(desk, SAM, /.*/).filter((x) => /Vortel/.test(x.body))).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
    expect(row['Reporter Name']).toBe('Nia Vortel');
  });
  it('ADV-200 a reporter who replies to the acknowledgment before any member has cleared the case: the committee account is told', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    reply(desk, REPORTER, /received your report/, 'He wrote to me again tonight and I am frightened.');
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('I am frightened');
    // Filed and archived out of the inbox: before, nobody was told (no member was cleared yet), not even the account.
    expect(inboxOf(desk)).toEqual([]);
    const told = mailsTo(desk, OWNER, /reply was filed/);
    expect(told).toHaveLength(1);
    expect(told[0].subject).toContain(kase.codeName);
    expect(told[0].body).not.toContain('frightened');
    for (const m of [ANA, CY, DEE]) expect(mailsTo(desk, m.email, /reply was filed/)).toEqual([]);
  });
});

describe('replies that would fill the case Doc', () => {
  it('ADV-350 the reported person answers the letter with 500 KB emails, then dozens of 20 KB ones: the Doc takes a bounded share, the rest waits for the owner, and the case\u2019s later entries still go in', () => {
    const { desk, kase } = letterSentCase();
    const flood = (i: number, n: number) => `Reply ${i}: ${'You are all wrong about me. '.repeat(n)}`;
    for (let i = 0; i < 3; i++) {
      reply(desk, SAM, /.*/, flood(i, 19000));
      sweep(desk);
    }
    for (let i = 3; i < 40; i++) reply(desk, SAM, /.*/, flood(i, 740));
    sweep(desk);
    sweep(desk);
    reply(desk, REPORTER, /received your report/, 'One more detail.');
    sweep(desk);
    const section = docSection(desk, kase, 'Discussions with the reported person');

    // Before: each reply went in whole (the first alone 532,011 characters); the second filled the Doc's 1.02 million,
    // and from then on the reply was retried every run while every later entry of the case failed.
    expect(section.length).toBeLessThan(250000);
    expect(section).toContain('the whole email is in the committee account');
    expect(registryRows(desk, 'Audit').filter((r) => r.Event === 'inbox.file-failed')).toEqual([]);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('One more detail.');
    writeSection(desk, ANA, kase, 'Committee discussions', 'We met and read his replies.');
    expect(docSection(desk, kase, 'Committee discussions')).toContain('We met and read his replies.');
    // What the Doc did not take waits in the inbox for the owner, told within the day's notices.
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting').length).toBeGreaterThan(20);
    const notices = mailsTo(desk, OWNER, /waits for you/);
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThanOrEqual(10);
    expect(notices[0].body).not.toContain(SAM);
  });
});

describe('an email in a new thread, filed by the owner under the case they name', () => {
  /** The owner's inbox page for the newest email waiting for them. */
  function waitingPage(desk: Desk) {
    const [link] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/).pop()!.body, desk.ws.webAppUrl);
    return { link, page: open(desk, link) };
  }
  const fileUnder = (desk: Desk, page: ReturnType<typeof open>, code: string, who: string, tick = true) =>
    press(desk, page, 'file-case', { fields: { code, who }, tick });

  it('ADV-521 the reported person writes a new email to apologise: the owner files it under the case by its code name, in their section, never as a new case', () => {
    const { desk, kase } = letterSentCase();
    const toSam = desk.ws.mailTo(SAM).length;
    desk.ws.receiveMail({ from: SAM, to: OWNER, subject: 'My apology', text: 'I am sorry for what I said.' });
    sweep(desk);
    expect(mailsTo(desk, OWNER, /waits for you/)[0].body).toContain('answers no message');
    const { link, page } = waitingPage(desk);
    // Before: the page offered only Make a case (Sam the reporter of a new case); the owner copied it in by hand.
    expect(offers(page, 'file-case')).toBe(true);
    // The page names no case: the owner types the code name, so a forwarded link shows none.
    expect(pageText(page)).not.toContain(kase.codeName);
    expect(page.response.body).not.toContain(kase.codeName);
    const filed = fileUnder(desk, page, ` ${kase.codeName.toLowerCase()} `, 'reported-person');
    expect(outcomeOf(filed)).toBe('done');
    expect(pageText(filed)).not.toContain(kase.codeName);
    const section = docSection(desk, kase, 'Discussions with the reported person');
    expect(section).toMatch(/Reply by email from the reported person \(a new email, filed by the committee account\)/);
    expect(section.split('I am sorry for what I said.')).toHaveLength(2);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('I am sorry');
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /A reply was filed/)).toHaveLength(1);
    expect(mailsTo(desk, DEE.email, /A reply was filed/)).toEqual([]);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(registryRows(desk, 'Inbox').map((r) => [r.State, r['Case ID']])).toEqual([['filed', kase.caseId]]);
    expect(inboxOf(desk)).toEqual([]);
    // A double press, a second tab, the link again: filed once, no case made, the page says it is filed.
    expect(pageText(fileUnder(desk, page, kase.codeName, 'reported-person'))).toContain('filed under its case');
    press(desk, page, 'make-case');
    sweep(desk);
    expect(pageText(open(desk, link))).toContain('This email is filed under its case.');
    expect(offers(open(desk, link), 'file-case')).toBe(false);
    expect(docSection(desk, kase, 'Discussions with the reported person').split('I am sorry')).toHaveLength(2);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(desk.ws.mailTo(SAM)).toHaveLength(toSam);
  });

  it('ADV-521 a code name of no case, a typed formula, no box ticked: true pages, nothing filed, the email kept', () => {
    const { desk, kase } = openCase();
    desk.ws.receiveMail({ from: REPORTER, to: OWNER, subject: 'One more thing', text: 'Wes Tarn saw it too.' });
    sweep(desk);
    const { page } = waitingPage(desk);
    const typed = '=HYPERLINK("http://x.example","<b>Mallow</b>")';
    const none = fileUnder(desk, page, typed, 'reporter');
    expect(outcomeOf(none)).toBe('refused');
    expect(pageText(none)).toContain('No case has that code name');
    expect(pageText(none)).toContain('Nothing was changed');
    expect(none.response.body).not.toContain('<b>Mallow');
    expect(pageText(fileUnder(desk, page, kase.codeName, 'reporter', false))).toContain('tick the box');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Wes Tarn saw it too.');
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['waiting']);
    expect(inboxOf(desk)).toEqual(['One more thing']);
    // The reporter writing again and a moderator: each under their own section.
    expect(outcomeOf(fileUnder(desk, page, kase.codeName, 'reporter'))).toBe('done');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(
      /Reply by email from the reporter \(a new email, filed by the committee account\)[^]*Wes Tarn saw it too\./,
    );
    desk.ws.receiveMail({ from: MODS[0], to: OWNER, subject: 'About the case', text: 'We muted him today.' });
    sweep(desk);
    expect(outcomeOf(fileUnder(desk, waitingPage(desk).page, kase.codeName, 'moderator'))).toBe('done');
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toMatch(
      /Reply by email from a moderator \(a new email, filed by the committee account\)[^]*We muted him today\./,
    );
    expect(inboxOf(desk)).toEqual([]);
  });

  it('ADV-521 a closed case takes the email while its Doc exists; a Doc deleted for good, or a purged case, refuses it in plain words and keeps it', () => {
    const { desk, kase } = openCase();
    typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.receiveMail({ from: REPORTER, to: OWNER, subject: 'After the close', text: 'Thank you all.' });
    sweep(desk);
    expect(outcomeOf(fileUnder(desk, waitingPage(desk).page, kase.codeName, 'reporter'))).toBe('done');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Thank you all.');
    desk.ws.data.deleteForever(kase.docId);
    jumpAndSweep(desk, 3600_000);
    desk.ws.receiveMail({ from: REPORTER, to: OWNER, subject: 'Again', text: 'Still grateful.' });
    sweep(desk);
    const gone = fileUnder(desk, waitingPage(desk).page, kase.codeName, 'reporter');
    expect(outcomeOf(gone)).toBe('refused');
    expect(pageText(gone)).toContain('document is gone from Drive');
    expect(inboxOf(desk)).toEqual(['Again']);

    // Purged under the retention policy: the Inbox row would name the sender beside it for good.
    const purged = openCase();
    setSetting(purged.desk, 'Purge reporter details after (months)', 1);
    typeStatus(purged.desk, OWNER, purged.kase, 'Closed');
    jumpAndSweep(purged.desk, 33 * DAY);
    jumpAndSweep(purged.desk, 8 * DAY);
    expect(registryRows(purged.desk, 'Cases')[0]['Reporter Email']).toBe('');
    purged.desk.ws.receiveMail({ from: SAM, to: OWNER, subject: 'Late', text: 'I was never told.' });
    sweep(purged.desk);
    const refused = fileUnder(purged.desk, waitingPage(purged.desk).page, purged.kase.codeName, 'reported-person');
    expect(outcomeOf(refused)).toBe('refused');
    expect(pageText(refused)).toContain('deleted under the retention policy');
    expect(
      registryRows(purged.desk, 'Inbox')
        .filter((r) => r.From === SAM)
        .map((r) => r.State),
    ).toEqual(['waiting']);
    expect(inboxOf(purged.desk)).toEqual(['Late']);
  });
});
