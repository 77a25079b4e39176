// Adversarial catalogue, the committee account's Gmail as Google and people shape it (ADV-574…): replies Gmail's spam filter (or a person's "Report spam") puts in Spam, which never has INBOX and is deleted after 30 days; through the built bundle, invariants after every step.
import {
  ANA,
  CY,
  DAY,
  HOUR,
  OWNER,
  docSection,
  jumpAndSweep,
  mailsTo,
  registryRows,
  sweep,
  letterSentCase,
  answerConflict,
  clear,
  reportCase,
  startResolutionDesk,
  writeSection,
  DEE,
  type Desk,
} from '../integration/desk';

const REPORTER = 'rita.quell@example.net';
const SAM = 'sam.doe@example.com';

/** The `State` of the Inbox rows added since the tab held `from` rows. */
function inboxStatesSince(desk: Desk, from: number): string[] {
  return registryRows(desk, 'Inbox')
    .map((r) => r.State)
    .slice(from);
}

describe('adversarial: replies in the committee account\u2019s Spam', () => {
  it("ADV-574 Gmail's spam filter takes the reporter's reply, the reported person's answer to the letter (subject changed) and a bounce for junk: all are filed, and taken out of Spam before Gmail deletes them", () => {
    const { desk, kase } = letterSentCase();
    const ack = desk.ws.mailTo(REPORTER)[0];
    const letter = desk.ws.mailTo(SAM)[0];
    const spam = [
      desk.ws.reply({ from: REPORTER, original: ack, text: 'Thank you. Wes Tarn saw it too.' }),
      desk.ws.reply({ from: SAM, original: letter, text: 'I did not mean it that way.', subject: 'About your email' }),
      desk.ws.bounceMail(desk.ws.mailTo(REPORTER)[0], 'nobody@example.net'),
    ].map((m) => desk.ws.toSpam(m));
    sweep(desk);
    // Before: none has INBOX, so the sweep never read them; 30 days on, Gmail deleted them, the words lost.
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Wes Tarn saw it too.');
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('I did not mean it that way.');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(/The email to the reporter has not arrived/);
    // One notice a section: the reporter's reply, the reported person's.
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /reply was filed/)).toHaveLength(2);
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['filed', 'filed', 'filed']);
    // Archived out of Spam (not into the inbox): in All Mail, where Gmail keeps them and the attached files.
    const held = () => desk.ws.mailbox(OWNER).filter((m) => spam.some((s) => s.id === m.id));
    expect(held().map((m) => m.labelIds.filter((l) => l === 'SPAM' || l === 'INBOX'))).toEqual([[], [], []]);
    jumpAndSweep(desk, 31 * DAY);
    expect(held()).toHaveLength(3);
    expect(docSection(desk, kase, 'Follow-up to the reporter').match(/Wes Tarn saw it too/g)).toHaveLength(1);
  });

  it("ADV-574 a stranger's email in Spam is not the desk's to judge: no row, no notice, read once; the owner's `Not spam` makes it a waiting email", () => {
    const { desk } = letterSentCase();
    const rows = registryRows(desk, 'Inbox').length;
    const junk = desk.ws.toSpam(
      desk.ws.receiveMail({ from: 'offers@example.biz', to: OWNER, subject: 'Cheap watches', text: 'Buy now.' }),
    );
    sweep(desk);
    expect(registryRows(desk, 'Inbox')).toHaveLength(rows);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    expect(desk.ws.mailbox(OWNER).find((m) => m.id === junk.id)?.labelIds).toContain('SPAM');
    // Read once: the next sweeps spend no read on it (the Spam mark), only the one listing.
    const reads = desk.ws.rt.totals['Gmail.Users.Threads.get'] ?? 0;
    jumpAndSweep(desk, HOUR);
    jumpAndSweep(desk, HOUR);
    expect(desk.ws.rt.totals['Gmail.Users.Threads.get'] ?? 0).toBe(reads);
    // A person's email Gmail took for spam: the owner finds it in Spam and presses Not spam (back to the inbox).
    const report = desk.ws.toSpam(
      desk.ws.receiveMail({ from: 'noor.vale@example.net', to: OWNER, subject: 'A report', text: 'At the meetup…' }),
    );
    sweep(desk);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    desk.ws.mailboxes.modify(
      desk.ws.mailboxes.messages.find((m) => m.id === report.id)!,
      ['INBOX'],
      ['SPAM'],
    );
    jumpAndSweep(desk, HOUR);
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
    expect(inboxStatesSince(desk, rows)).toEqual(['waiting']);
    // Gmail deletes the junk after 30 days.
    jumpAndSweep(desk, 31 * DAY);
    expect(desk.ws.mailbox(OWNER).find((m) => m.id === junk.id)).toBeUndefined();
  });

  it('ADV-574 a delegate reads, stars, labels or marks unread the reporter\u2019s reply before the sweep, or reports it as spam: filed once', () => {
    const { desk, kase } = letterSentCase();
    const ack = desk.ws.mailTo(REPORTER)[0];
    const first = desk.ws.reply({ from: REPORTER, original: ack, text: 'First answer.' });
    for (const [add, remove] of [
      [[], ['UNREAD']],
      [['STARRED'], []],
      [['UNREAD', 'IMPORTANT'], []],
    ])
      desk.ws.mailboxes.modify(
        desk.ws.mailboxes.messages.find((m) => m.id === first.id)!,
        add,
        remove,
      );
    const second = desk.ws.reply({ from: REPORTER, original: ack, text: 'Second answer.' });
    desk.ws.toSpam(desk.ws.mailboxes.messages.find((m) => m.id === second.id)!);
    sweep(desk);
    jumpAndSweep(desk, HOUR);
    const section = docSection(desk, kase, 'Follow-up to the reporter');
    expect(section.match(/First answer\./g)).toHaveLength(1);
    expect(section.match(/Second answer\./g)).toHaveLength(1);
    // After the filing, a delegate reports the archived reply as spam: it is not filed again.
    desk.ws.toSpam(desk.ws.mailboxes.messages.find((m) => m.id === first.id)!);
    jumpAndSweep(desk, HOUR);
    expect(docSection(desk, kase, 'Follow-up to the reporter').match(/First answer\./g)).toHaveLength(1);
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'filed')).toHaveLength(2);
  });

  it('ADV-592 the reporter answers the acknowledgment from a second address and Gmail puts it in Spam: it waits in the inbox for the owner, with the notice, as it would have from the inbox', () => {
    const { desk } = letterSentCase();
    const rows = registryRows(desk, 'Inbox').length;
    const ack = desk.ws.mailTo(REPORTER)[0];
    const second = desk.ws.toSpam(
      desk.ws.reply({ from: REPORTER, fromAddress: 'rita.q@example.org', original: ack, text: 'Wes Tarn saw it.' }),
    );
    sweep(desk);
    // Before: no row, no notice, left in Spam for Gmail to delete after 30 days, though it answers the desk's mail.
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
    expect(inboxStatesSince(desk, rows)).toEqual(['waiting']);
    const held = () => desk.ws.mailbox(OWNER).find((m) => m.id === second.id);
    expect(held()?.labelIds).toContain('INBOX');
    expect(held()?.labelIds).not.toContain('SPAM');
    jumpAndSweep(desk, 31 * DAY);
    expect(held()).toBeDefined();
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
  });
  /** After a sweep: the one notice gives `reason`, one new row waits, and the message is in the inbox, out of Spam, for good. */
  function expectWaitsInInbox(desk: Desk, rows: number, id: string, reason: string): void {
    const told = mailsTo(desk, OWNER, /waits for you/);
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(reason);
    expect(
      registryRows(desk, 'Inbox')
        .slice(rows)
        .map((r) => r.State),
    ).toEqual(['waiting']);
    const held = () => desk.ws.mailbox(OWNER).find((m) => m.id === id);
    expect(held()?.labelIds).toContain('INBOX');
    expect(held()?.labelIds).not.toContain('SPAM');
    jumpAndSweep(desk, 31 * DAY);
    expect(held()?.labelIds).toContain('INBOX');
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(1);
  }

  it('ADV-592 a reply in Spam in a thread holding two cases\u2019 acknowledgments, naming neither: it waits in the inbox for the owner, with the notice', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    clear(desk, first, ANA, CY);
    answerConflict(desk, first, DEE);
    const second = reportCase(desk, { reported: ['Lee Park'], witnesses: [], witnessAnswer: '' });
    clear(desk, second, DEE);
    const [ack1, ack2] = mailsTo(desk, REPORTER, /.*/);
    // Gmail threads the Sent copies of two messages with one subject to one recipient together (as ADV-61).
    const sentCopy = (seq: number) =>
      desk.ws.mailboxes.messages.find(
        (m) => m.mailbox === OWNER && m.labelIds.includes('SENT') && m.rfcId.startsWith(`<cd${seq}.`),
      )!;
    sentCopy(ack2.seq).threadId = sentCopy(ack1.seq).threadId;
    const rows = registryRows(desk, 'Inbox').length;
    // A mail client that names no original (no In-Reply-To), and Gmail's spam filter takes it for junk.
    const reply = desk.ws.reply({ from: REPORTER, original: ack1, text: 'And one more thing, Tess saw it.' });
    for (const m of desk.ws.mailboxes.messages) if (m.rfcId === reply.rfcId) m.inReplyTo = '';
    desk.ws.toSpam(desk.ws.mailboxes.messages.find((m) => m.id === reply.id)!);
    sweep(desk);
    for (const kase of [first, second])
      expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Tess');
    expectWaitsInInbox(desk, rows, reply.id, 'its thread holds messages of more than one case');
  });

  it('ADV-592 the reported person answers the letter into a full section of the case Doc, and Gmail puts it in Spam: it waits in the inbox for the owner, with the notice', () => {
    const { desk, kase } = letterSentCase();
    // The section is past what the desk files into (MAX_SECTION_CHARS): `whyNoRoom` sends the answer to the owner.
    writeSection(desk, ANA, kase, 'Discussions with the reported person', 'Notes of the call. '.repeat(10600));
    const rows = registryRows(desk, 'Inbox').length;
    const answer = desk.ws.toSpam(
      desk.ws.reply({ from: SAM, original: desk.ws.mailTo(SAM)[0], text: 'I did not mean it that way.' }),
    );
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).not.toContain('I did not mean it');
    expectWaitsInInbox(desk, rows, answer.id, 'its section of the case document is full');
  });
  it('ADV-596 the reporter\u2019s reply in Spam, then a junk wave of sixty Spam threads within the hour: the reply is still filed before Gmail deletes it', () => {
    const { desk, kase } = letterSentCase();
    const ack = desk.ws.mailTo(REPORTER)[0];
    const reply = desk.ws.toSpam(desk.ws.reply({ from: REPORTER, original: ack, text: 'Wes Tarn saw it too.' }));
    desk.ws.rt.setClock(desk.ws.rt.now() + 60_000);
    for (let i = 0; i < 60; i++)
      desk.ws.toSpam(
        desk.ws.receiveMail({ from: `offers${i}@example.biz`, to: OWNER, subject: `Deal ${i}`, text: 'Buy now.' }),
      );
    // Threads.list gives Spam newest first, a page at a time (maxResults, pageToken): the reply is on the second page.
    for (let h = 0; h < 8; h++) jumpAndSweep(desk, HOUR);
    // Before: only the first page was listed; the Spam mark passed it as its junk was read, so the reply (older, its
    // history id lower) was never read, and Gmail deleted it after 30 days.
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Wes Tarn saw it too.');
    jumpAndSweep(desk, 31 * DAY);
    expect(desk.ws.mailbox(OWNER).find((m) => m.id === reply.id)).toBeDefined();
  });
});
