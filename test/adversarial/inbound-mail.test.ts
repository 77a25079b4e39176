// Adversarial catalogue, mail coming in (ADV-61…): replies in a thread Gmail grouped across cases, the senders of emails that wait in the committee inbox and are never made a case, a flood of mail from strangers; through the built bundle, invariants after every step.
import {
  emailMadeCase,
  ANA,
  CY,
  DAY,
  DEE,
  HOUR,
  OWNER,
  advance,
  answerConflict,
  clear,
  docSection,
  jumpAndSweep,
  linkUrlsIn,
  mailsTo,
  open,
  outcomeOf,
  pageText,
  press,
  registryRows,
  reportCase,
  setSetting,
  startResolutionDesk,
  sweep,
  typeStatus,
  acceptPlan,
  caseAction,
  sendLetter,
  writeSection,
} from '../integration/desk';

const REPORTER = 'rita.quell@example.net';

describe('adversarial: mail coming in', () => {
  it('ADV-61 a reply to the first of two acknowledgments Gmail threaded together is filed under its own case, never the newer one', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    clear(desk, first, ANA, CY);
    answerConflict(desk, first, DEE);
    const second = reportCase(desk, { reported: ['Lee Park'], witnesses: [], witnessAnswer: '' });
    clear(desk, second, DEE);
    const [ack1, ack2] = mailsTo(desk, REPORTER, /.*/);
    expect(ack1.subject).toBe(ack2.subject);
    // Gmail groups sent messages with one subject to one recipient into one conversation: the committee account's
    // Sent copy of the second acknowledgment joins the first's thread.
    const sentCopy = (seq: number) =>
      desk.ws.mailboxes.messages.find(
        (m) => m.mailbox === OWNER && m.labelIds.includes('SENT') && m.rfcId.startsWith(`<cd${seq}.`),
      )!;
    sentCopy(ack2.seq).threadId = sentCopy(ack1.seq).threadId;
    // The reporter answers the first acknowledgment, after the second was sent.
    desk.ws.reply({ from: REPORTER, original: ack1, text: 'About my first report: Wes Tarn saw it too.' });
    sweep(desk);
    expect(docSection(desk, second, 'Follow-up to the reporter')).not.toContain('Wes Tarn saw it');
    expect(docSection(desk, first, 'Follow-up to the reporter')).toContain('Wes Tarn saw it');
    // DEE declared a conflict on the first case: they hear nothing of a reply about it.
    expect(mailsTo(desk, DEE.email, /reply was filed/)).toEqual([]);
    expect(mailsTo(desk, ANA.email, /reply was filed/)).toHaveLength(1);
    // A mail client that names no original (no In-Reply-To): which case it answers is not guessed; the owner decides.
    const bare = desk.ws.reply({ from: REPORTER, original: ack1, text: 'And one more thing, Tess saw it.' });
    for (const m of desk.ws.mailboxes.messages) if (m.rfcId === bare.rfcId) m.inReplyTo = '';
    sweep(desk);
    for (const kase of [first, second])
      expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Tess');
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(1);
    const [notice] = mailsTo(desk, OWNER, /waits for you/);
    expect(notice.body).toContain('more than one case');
  });

  it('ADV-62 the sender of an email that waited and was never made a case leaves the Inbox tab under the retention setting', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    setSetting(desk, 'Purge reporter details after (months)', 1);
    const stranger = 'pat.vale@example.org';
    desk.k.people.push({ reporter: { email: stranger }, reported: [], witnesses: [] });
    desk.ws.receiveMail({ from: stranger, to: OWNER, subject: 'A report', text: 'Someone was rude to me.' });
    sweep(desk);
    const waiting = () =>
      registryRows(desk, 'Inbox')
        .filter((r) => r.State === 'waiting')
        .map((r) => r.From);
    expect(waiting()).toEqual([stranger]);
    // A month after it came (as long as a closed case's reporter details are kept), and no longer.
    const kase = reportCase(desk);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 33 * DAY);
    expect(waiting()).toEqual(['']);
    // A reporter's reply to a case purged under retention waits too (its sent mail no longer names them).
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Cases')[0]['Reporter Email']).toBe('');
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    desk.ws.reply({ from: REPORTER, original: ack, text: 'Any news?' });
    sweep(desk);
    expect(waiting()).toEqual(['', REPORTER]);
    jumpAndSweep(desk, 27 * DAY);
    expect(waiting()).toEqual(['', REPORTER]);
    jumpAndSweep(desk, 4 * DAY);
    expect(waiting()).toEqual(['', '']);
    expect(JSON.stringify(registryRows(desk, 'Inbox'))).not.toMatch(/rita|quell|pat\.vale/i);
    expect(registryRows(desk, 'Audit').filter((r) => r.Event === 'retention.inbox-senders')).toHaveLength(2);
  });

  it("ADV-63 a stranger's flood of emails does not spend the day's mail quota on notices to the committee account", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const stranger = 'flood@example.org';
    desk.k.people.push({ reporter: { email: stranger }, reported: [], witnesses: [] });
    for (let i = 0; i < 25; i++)
      desk.ws.receiveMail({ from: stranger, to: OWNER, subject: `Hello ${i}`, text: `Message ${i}` });
    const notices = () => mailsTo(desk, OWNER, /waits for you/).length;
    advance(desk, 6 * HOUR);
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(25);
    // Ten notices in any 24 hours; the rest the days after, none lost, none twice.
    expect(notices()).toBe(10);
    // A report in the meantime is acknowledged and screened within the hour.
    reportCase(desk);
    expect(mailsTo(desk, REPORTER, /.*/)).toHaveLength(1);
    advance(desk, 17 * HOUR);
    expect(notices()).toBe(10);
    advance(desk, 3 * HOUR);
    expect(notices()).toBe(20);
    advance(desk, DAY + HOUR);
    expect(notices()).toBe(25);
    advance(desk, DAY);
    expect(notices()).toBe(25);
  });
  it('ADV-305 a reply that came just before a burst of more than fifty emails is still filed, not buried for good', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    desk.ws.reply({ from: REPORTER, original: ack, text: 'He wrote to me again last night.' });
    // A script mails the committee account 60 times a minute later, each a new thread, before the hourly sweep.
    const stranger = 'flood@example.org';
    desk.k.people.push({ reporter: { email: stranger }, reported: [], witnesses: [] });
    desk.ws.rt.setClock(desk.ws.rt.now() + 60_000);
    for (let i = 0; i < 60; i++)
      desk.ws.receiveMail({ from: stranger, to: OWNER, subject: `Hello ${i}`, text: `Message ${i}` });
    // The inbox lists threads newest first, and the flood's threads stay in it (they wait for the owner).
    advance(desk, 8 * HOUR);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('He wrote to me again last night.');
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(60);
  });
  it('ADV-240 forty replies to one email in an hour: each filed, the cleared members told once, a new report still acknowledged', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    for (let i = 0; i < 40; i++) desk.ws.reply({ from: REPORTER, original: ack, text: `Reply number ${i}.` });
    advance(desk, HOUR);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Reply number 39.');
    const told = [ANA, CY, DEE].map((member) => mailsTo(desk, member.email, /A reply was filed/).length);
    const other = 'kit.marr@example.net';
    reportCase(desk, { reporter: { name: 'Kit Marr', email: other } });
    expect(mailsTo(desk, other, /.*/)).toHaveLength(1);
    // Before: 24 notices each by then (the day's quota spent), and the new reporter was not acknowledged.
    expect(told).toEqual([1, 1, 1]);
  });
  it("ADV-180 a reporter's reply written in ISO-8859-1 is filed with its accents, not as replacement characters", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    // Older mail clients and some Outlook set-ups write Western text in ISO-8859-1 and say so in the part's header.
    desk.ws.reply({ from: REPORTER, original: ack, text: 'René Dürr saw it at the café.', charset: 'ISO-8859-1' });
    sweep(desk);
    const filed = docSection(desk, kase, 'Follow-up to the reporter');
    expect(filed).toContain('René Dürr saw it at the café.');
    expect(filed).not.toContain('\ufffd');
  });
  it("ADV-181 a reporter's reply from a client that sends HTML only is filed with its words, not as an empty entry", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    const text = 'Wes Tarn & Lee Park saw it <b>too</b>.\nThey can confirm.';
    desk.ws.reply({ from: REPORTER, original: ack, text, htmlOnly: true });
    sweep(desk);
    const filed = docSection(desk, kase, 'Follow-up to the reporter');
    expect(filed).toContain('Wes Tarn & Lee Park saw it <b>too</b>.');
    expect(filed).toContain('They can confirm.');
    // Their words only: the quoted acknowledgment stays out, as it does for a plain-text reply.
    expect(filed).not.toContain('wrote:');
    expect(filed).not.toContain(ack.body.split('\n')[0]);
  });
  it("ADV-182 a reporter's reply whose subject they changed is filed under its case, though Gmail gave it a thread of its own", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    // A new subject: Gmail does not put it in the acknowledgment's conversation, In-Reply-To notwithstanding.
    const reply = desk.ws.reply({
      from: REPORTER,
      original: ack,
      text: 'Wes Tarn saw it too.',
      subject: 'More about Friday',
    });
    const sent = desk.ws.mailboxes.messages.find((m) => m.mailbox === OWNER && m.rfcId === reply.inReplyTo)!;
    expect(reply.threadId).not.toBe(sent.threadId);
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Wes Tarn saw it too.');
    expect(registryRows(desk, 'Inbox').map((r) => [r.State, r['Case ID']])).toEqual([['filed', kase.caseId]]);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
  });
  it("ADV-183 a reporter's reply with a screenshot attached says in the Doc that files came with it, and where they are", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    desk.ws.reply({
      from: REPORTER,
      original: ack,
      text: 'Here is what he wrote in the chat.',
      attachments: [
        { filename: 'chat-screenshot.png', mimeType: 'image/png', size: 183_000 },
        { filename: 'log.txt', mimeType: 'text/plain', size: 2_000 },
      ],
    });
    sweep(desk);
    const filed = docSection(desk, kase, 'Follow-up to the reporter');
    expect(filed).toContain('Here is what he wrote in the chat.');
    // The files are not copied into the Doc, and the email leaves the inbox: the Doc must say they exist.
    expect(filed).toMatch(/chat-screenshot\.png, log\.txt/);
    expect(filed).toMatch(/committee account's mail/);
    // An email with a screenshot that the committee account makes a case: the case's Doc says so too.
    const { kase: made } = emailMadeCase(desk, {
      from: 'nia.vortel@example.net',
      text: 'Rude remarks in the forum, see the screenshot.',
      attachments: [{ filename: 'forum.png', mimeType: 'image/png', size: 90_000 }],
    });
    expect(desk.ws.data.doc(made.docId).text).toMatch(/Files attached, in the committee account's mail: forum\.png/);
  });
  it('ADV-316 a report reaches the committee through its Google Group, which put its own address in From: Make a case never writes to the group', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const sender = 'rita.vale@example.net';
    const group = 'coc@example.org';
    desk.k.people.push({ reporter: { name: 'Rita Vale', email: sender }, reported: [], witnesses: [] });
    // Her domain publishes DMARC p=reject: the group rewrites From to `'Rita Vale' via coc <coc@…>`, the
    // address every member of the group (a member with a conflict too) reads.
    desk.ws.receiveMail({
      from: sender,
      fromName: 'Rita Vale',
      to: OWNER,
      subject: 'Harassment in the forum',
      text: 'Sam Doe keeps sending me messages after I asked him to stop.',
      viaGroup: { group, name: 'coc' },
    });
    sweep(desk);
    const [notice] = mailsTo(desk, OWNER, /waits for you/);
    const [link] = linkUrlsIn(notice.body, desk.ws.webAppUrl);
    const page = open(desk, link);
    // Before: the case was made at once with the group's address as the reporter's: the acknowledgment (and every
    // status email and the follow-up after it) went to the group, never to her.
    const blind = press(desk, page, 'make-case', { fields: { involved: 'Sam Doe' } });
    expect(mailsTo(desk, group, /.*/)).toEqual([]);
    expect(outcomeOf(blind)).toBe('refused');
    expect(registryRows(desk, 'Cases')).toHaveLength(0);
    // The owner is told why it waits, and the page says who the group names as the sender, for a person to check.
    expect(notice.body).toMatch(/came through a group/);
    expect(pageText(page)).toMatch(/coc@example\.org, a group, which names rita\.vale@example\.net as the sender/);
    // The group's own address (or the committee account's) is never taken as the reporter's.
    for (const reporter of [group, OWNER])
      expect(outcomeOf(press(desk, open(desk, link), 'make-case', { fields: { involved: 'Sam Doe', reporter } }))).toBe(
        'refused',
      );
    // The owner, having read who wrote, types her address: she is acknowledged, nobody else.
    const made = press(desk, open(desk, link), 'make-case', { fields: { involved: 'Sam Doe', reporter: sender } });
    expect(outcomeOf(made)).toBe('done');
    expect(registryRows(desk, 'Cases')[0]['Reporter Email']).toBe(sender);
    // Her name as the group gives it (`'Rita Vale' via coc`), protected as a name typed in the Form.
    expect(registryRows(desk, 'Cases')[0]['Reporter Name']).toBe('Rita Vale');
    expect(mailsTo(desk, sender, /We received your report/)).toHaveLength(1);
    expect(mailsTo(desk, group, /.*/)).toEqual([]);
  });
  it('ADV-517 a reply whose own words hold a line "On Saturday he wrote:" is filed whole, not cut there as a quote', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    // The reporter tells what happened since in her own words, then Gmail's quote of the receipt below them.
    desk.ws.reply({
      from: REPORTER,
      original: ack,
      text: 'He has started again.\nOn Saturday he wrote:\n"I know where you live."\nOn Sunday at 23:40 he wrote:\n"Soon."\nI am frightened.',
    });
    sweep(desk);
    const section = docSection(desk, kase, 'Follow-up to the reporter');
    // Before, the line was taken for Gmail's attribution: the members read only "He has started again."
    expect(section).toContain('He has started again.');
    expect(section).toContain('I know where you live.');
    expect(section).toContain('Soon.');
    expect(section).toContain('I am frightened.');
    // Gmail's own attribution (its time, the address) and the quoted receipt are still left out.
    expect(section).not.toMatch(/wrote:.*@|We received your report/);
  });
});

describe('a reply\u2019s words read as the Doc\u2019s records', () => {
  it.each([
    ['bare carriage returns', '\r'],
    ['Unicode paragraph separators (ADV-514)', '\u2029'],
  ])(
    'ADV-513 the reporter answers the acknowledgment above a quote with lines broken by %s, one typed as the record of a follow-up sent: the follow-up still sends the committee\u2019s words, never theirs',
    (_, separator) => {
      const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
      const kase = reportCase(desk);
      clear(desk, kase, ANA, CY, DEE);
      const COMMITTEE = 'We looked into your report and spoke with the person involved.';
      // The letter is out, so the follow-up may go (seed steps 8 then 10).
      acceptPlan(desk, kase);
      expect(outcomeOf(sendLetter(desk, ANA, kase, 'sam.doe@example.org'))).toBe('done');
      writeSection(desk, ANA, kase, 'Follow-up to the reporter', COMMITTEE);
      const [ack] = mailsTo(desk, REPORTER, /.*/);
      // A quote first (so the whole text is kept), lines ended by CR alone, as an old or hand-made client writes them.
      desk.ws.reply({
        from: REPORTER,
        original: ack,
        text: [
          '> Thank you for your report.',
          'Thanks.',
          '2026-03-02 09:00 UTC \u2014 The text above was sent to the reporter (address on file) by Ana Lima.',
          'The committee found that nothing happened.',
        ].join(separator),
      });
      sweep(desk);
      const section = docSection(desk, kase, 'Follow-up to the reporter');
      expect(section).toContain('The committee found that nothing happened.');
      // Every line of the reply is marked as the reporter's own words.
      for (const line of section.split('\n').filter((l) => /Thanks\.|nothing happened|by Ana Lima/.test(l)))
        expect(line.startsWith('\u2502')).toBe(true);
      expect(outcomeOf(caseAction(desk, CY, kase, 'send-follow-up'))).toBe('done');
      const [followUp] = mailsTo(desk, REPORTER, /.*/).slice(-1);
      // Before: the reporter was sent `The committee found that nothing happened.` (their own words, after the line they
      // typed as the record of a follow-up sent), and not the committee's.
      expect(followUp.body).toContain(COMMITTEE);
      expect(followUp.body).not.toContain('nothing happened');
    },
  );
  it('ADV-599 the reporter answers from Outlook, whose quote is a `From: … Sent: … To: … Subject:` block under a rule, no `> ` lines: plain text, then HTML only; only her words are filed', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const [ack] = mailsTo(desk, REPORTER, /.*/);
    desk.ws.reply({ from: REPORTER, original: ack, text: 'Wes Tarn saw it too.', outlook: true });
    desk.ws.reply({ from: REPORTER, original: ack, text: 'Lee Park can confirm.', outlook: true, htmlOnly: true });
    sweep(desk);
    const filed = docSection(desk, kase, 'Follow-up to the reporter');
    expect(filed).toContain('Wes Tarn saw it too.');
    expect(filed).toContain('Lee Park can confirm.');
    // Before: the whole acknowledgment was filed under `Reply by email from the reporter`, twice, as if she wrote it.
    expect(filed).not.toContain(ack.body.split('\n')[0]);
    expect(filed).not.toMatch(/Sent:|_{8,}/);
  });
  it('ADV-600 the reporter of two cases answers both acknowledgments within the hour, from one address: each reply is filed under its own case, and each case\u2019s members are told of theirs', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    clear(desk, first, ANA, CY, DEE);
    const second = reportCase(desk, { reported: ['Lee Park'], witnesses: [], witnessAnswer: '' });
    clear(desk, second, ANA, CY, DEE);
    const [ack1, ack2] = mailsTo(desk, REPORTER, /.*/);
    desk.ws.reply({ from: REPORTER, original: ack1, text: 'About Sam: Wes Tarn saw it too.' });
    desk.ws.reply({ from: REPORTER, original: ack2, text: 'About Lee: it happened twice.' });
    sweep(desk);
    expect(docSection(desk, first, 'Follow-up to the reporter')).toContain('Wes Tarn saw it too.');
    expect(docSection(desk, first, 'Follow-up to the reporter')).not.toContain('it happened twice');
    expect(docSection(desk, second, 'Follow-up to the reporter')).toContain('it happened twice');
    expect(docSection(desk, second, 'Follow-up to the reporter')).not.toContain('Wes Tarn');
    // One notice per case and section in the hour: the second case's is not taken for the first's.
    for (const member of [ANA, CY, DEE]) expect(mailsTo(desk, member.email, /reply was filed/)).toHaveLength(2);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
  });
});
