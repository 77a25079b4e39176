// Adversarial catalogue, machine-written mail (ADV-528…): out-of-office answers and other automatic replies arriving in a case's threads, never filed or announced as a person's words; through the built bundle, invariants after every step.
import type { SentMail } from '../../workbench';
import {
  ANA,
  CY,
  DEE,
  HOUR,
  MODS,
  OWNER,
  advance,
  clear,
  docSection,
  linkUrlsIn,
  mailsTo,
  offers,
  open,
  pageText,
  registryRows,
  reportCase,
  startResolutionDesk,
  sweep,
  type Desk,
  letterSentCase,
} from '../integration/desk';

const REPORTER = 'rita.quell@example.net';
const SAM = 'sam.doe@example.com';
/** Gmail's vacation responder (RFC 3834 §5: an automatic response marks itself `auto-replied`). */
const VACATION = [{ name: 'Auto-Submitted', value: 'auto-replied' }];
/** Outlook's "Automatic reply:" (Exchange): `auto-generated`, and no automatic answer to it wanted. */
const OUTLOOK = [
  { name: 'Auto-Submitted', value: 'auto-generated' },
  { name: 'X-Auto-Response-Suppress', value: 'All' },
];

function newest(desk: Desk, to: string): SentMail {
  const mail = desk.ws.mailTo(to).pop();
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

describe('adversarial: machine-written mail', () => {
  it("ADV-528 the reported person's out-of-office answer to the letter is filed as automatic, never as their reply; their real reply the same hour is announced", () => {
    const { desk, kase } = letterSentCase();
    const letter = newest(desk, SAM);
    desk.ws.reply({
      from: SAM,
      original: letter,
      text: 'I am away until 20 March with no access to email.',
      headers: VACATION,
    });
    sweep(desk);
    const section = () => docSection(desk, kase, 'Discussions with the reported person');
    // Before: `Reply by email from the reported person`, and the members were told the reported person replied.
    expect(section()).not.toMatch(/Reply by email from the reported person/);
    expect(section()).toMatch(/An automatic reply \(not written by a person\) to the email to the reported person/);
    expect(section()).toContain('I am away until 20 March');
    for (const member of [ANA, CY]) {
      expect(mailsTo(desk, member.email, /reply was filed/)).toEqual([]);
      expect(mailsTo(desk, member.email, /automatic reply/i)).toHaveLength(1);
    }
    // Their own answer within the hour is filed as theirs, and its notice is not taken for the automatic one's.
    desk.ws.reply({ from: SAM, original: letter, text: 'Back early: I read it and I accept the plan.' });
    sweep(desk);
    expect(section()).toMatch(/Reply by email from the reported person[^\n]*\n(.*\n)?\u2502 Back early/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /reply was filed/)).toHaveLength(1);
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['filed', 'filed']);
  });

  it("ADV-528 the reporter's Outlook \u201cAutomatic reply:\u201d to the acknowledgment (a thread of its own) is not the reporter's reply", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    const ack = newest(desk, REPORTER);
    desk.ws.reply({
      from: REPORTER,
      original: ack,
      subject: `Automatic reply: ${ack.subject}`,
      text: 'I am out of the office until Monday.',
      headers: OUTLOOK,
    });
    sweep(desk);
    const section = docSection(desk, kase, 'Follow-up to the reporter');
    expect(section).not.toMatch(/Reply by email from the reporter/);
    expect(section).toMatch(/An automatic reply \(not written by a person\) to the email to the reporter/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /reply was filed/)).toEqual([]);
  });

  it('ADV-528 an automatic answer from another address (a list awaiting its moderator) waits, and its page offers no case', () => {
    const { desk } = letterSentCase();
    // The moderator's address is a list: its software answers the recommendation's thread itself, older ones
    // marking it `Precedence: bulk` alone.
    const rec = mailsTo(desk, MODS[0], /.*/)[0];
    desk.ws.reply({
      from: MODS[0],
      fromAddress: 'coc-mods-owner@example.org',
      original: rec,
      subject: 'Your message to coc-mods awaits moderator approval',
      text: 'Your mail to coc-mods is being held until the list moderator can review it for approval.',
      headers: [{ name: 'Precedence', value: 'bulk' }],
    });
    sweep(desk);
    const [link] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/).pop()!.body, desk.ws.webAppUrl);
    const page = open(desk, link);
    expect(pageText(page)).toMatch(/an automatic reply/i);
    expect(offers(page, 'make-case')).toBe(false);
  });

  it("ADV-529 the members' responders answering the committee's mail do not spend the committee account's notices of waiting email", () => {
    const { desk } = letterSentCase();
    // Summer: each member's responder (one that answers every message, as some hosts' do) answers all they were sent.
    let answered = 0;
    for (const member of [ANA, CY, DEE])
      for (const original of desk.ws.mailTo(member.email)) {
        desk.ws.reply({ from: member.email, original, text: 'I am on holiday until 1 September.', headers: VACATION });
        answered++;
      }
    expect(answered).toBeGreaterThan(10);
    sweep(desk);
    // Then a person writes to the committee: its notice goes within the hour, not the next day.
    const stranger = 'kit.marr@example.net';
    desk.k.people.push({ reporter: { email: stranger }, reported: [], witnesses: [] });
    desk.ws.receiveMail({
      from: stranger,
      to: OWNER,
      subject: 'A report',
      text: 'Someone was rude to me in the chat.',
    });
    advance(desk, HOUR);
    const notices = mailsTo(desk, OWNER, /waits for you/);
    // Before: ten notices of holiday answers, and none of the report until the next day.
    expect(notices).toHaveLength(1);
    expect(pageText(open(desk, linkUrlsIn(notices[0].body, desk.ws.webAppUrl)[0]))).toContain('rude to me in the chat');
    // The holiday answers wait in the committee account's inbox, noted, never read again.
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(answered + 1);
    // A first email marked automatic, answering nothing (a website's contact form relaying a report), is still a
    // person's: told, and it can be made a case.
    desk.ws.receiveMail({
      from: 'forms@example.org',
      to: OWNER,
      subject: 'Contact form: conduct report',
      text: 'Lee Park sent: the moderator deleted my posts twice.',
      headers: [{ name: 'Auto-Submitted', value: 'auto-generated' }],
    });
    desk.k.people.push({ reporter: { email: 'forms@example.org' }, reported: [], witnesses: [] });
    advance(desk, HOUR);
    const relayed = mailsTo(desk, OWNER, /waits for you/);
    expect(relayed).toHaveLength(2);
    expect(offers(open(desk, linkUrlsIn(relayed[1].body, desk.ws.webAppUrl)[0]), 'make-case')).toBe(true);
  });

  it("ADV-530 Google Calendar's answers to the case meeting's invitation (`Accepted:`, `Declined:`) are not waiting email the committee account is told of", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const before = mailsTo(desk, OWNER, /waits for you/).length;
    // The committee account organises the meeting; each guest's answer comes to it from the guest's address.
    for (const [member, answer] of [
      [ANA, 'Accepted'],
      [CY, 'Declined'],
      [DEE, 'Tentatively accepted'],
      [CY, 'Accepted'],
    ] as const)
      desk.ws.receiveMail({
        from: member.email,
        fromName: member.name,
        to: OWNER,
        subject: `${answer}: ${kase.codeName} @ Mon Mar 9, 2026 10am - 11am (UTC) (${OWNER})`,
        text: `${member.name} has ${answer.toLowerCase()} this invitation.`,
        calendar: 'REPLY',
        attachments: [{ filename: 'invite.ics', mimeType: 'application/ics', size: 1800 }],
      });
    advance(desk, HOUR);
    // Before: four notices, each offering to make a member's answer a case.
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(before);
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(4);
  });
  it('ADV-598 an out-of-office marked only `X-Autoreply: yes` or `X-Autorespond` (responders older than RFC 3834) is not filed or announced as the person\u2019s reply', () => {
    const { desk, kase } = letterSentCase();
    desk.ws.reply({
      from: SAM,
      original: newest(desk, SAM),
      subject: 'Out of Office',
      text: 'I am away until 20 March.',
      headers: [{ name: 'X-Autoreply', value: 'yes' }],
    });
    desk.ws.reply({
      from: REPORTER,
      original: newest(desk, REPORTER),
      text: 'Thank you for your email. I will answer on my return.',
      headers: [{ name: 'X-Autorespond', value: 'Thank you for your email' }],
    });
    sweep(desk);
    // Before: `Reply by email from the reported person` (and from the reporter), the members told each replied.
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(/An automatic reply \(not written/);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(/An automatic reply \(not written/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /reply was filed/)).toEqual([]);
  });
});
