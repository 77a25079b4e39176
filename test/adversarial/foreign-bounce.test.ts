// Adversarial catalogue, delivery failures and receipts from mail systems other than Gmail (ADV-550…): Postfix's bounce with no In-Reply-To, a read receipt; through the built bundle, invariants after every step.
import { ANA, CY, OWNER, docSection, mailsTo, registryRows, sweep, letterSentCase } from '../integration/desk';

const REPORTER = 'rita.quell@example.net';
const SAM = 'sam.doe@example.com';

describe('adversarial: bounces and receipts from other mail systems', () => {
  it("ADV-550 the reported person's own server (Postfix) returns the letter, and the reporter's the acknowledgment, with no In-Reply-To: the members learn they have not arrived", () => {
    const { desk, kase } = letterSentCase();
    desk.ws.postfixBounce(desk.ws.mailTo(SAM)[0], SAM, 'mx.example.com');
    // The reporter's returns its headers alone (text/rfc822-headers).
    desk.ws.postfixBounce(desk.ws.mailTo(REPORTER)[0], REPORTER, 'mail.example.net', true);
    sweep(desk);
    // Before: both waited in the inbox ("it is a delivery failure notice"), told to the committee account alone.
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /The email to the reported person has not arrived[^\n]*\n[\s\S]*unknown user: "sam\.doe"/,
    );
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(/The email to the reporter has not arrived/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /has not arrived/)).toHaveLength(2);
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['filed', 'filed']);
  });

  it("ADV-654 the reported person's server runs qmail and returns the letter as QSBMF (plain text, no report, no In-Reply-To): the members learn it has not arrived", () => {
    const { desk, kase } = letterSentCase();
    const cases = registryRows(desk, 'Cases').length;
    desk.ws.qmailBounce(desk.ws.mailTo(SAM)[0], SAM, 'mx.example.com');
    sweep(desk);
    // Before: it waited as an email that answers nothing, told to the committee account alone with a link to make it a
    // case; nobody deciding the case heard that the letter never arrived.
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /The email to the reported person has not arrived[^\n]*\n[\s\S]*no mailbox here by that name/,
    );
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /has not arrived/)).toHaveLength(1);
    expect(registryRows(desk, 'Inbox').map((r) => r.State)).toEqual(['filed']);
    expect(registryRows(desk, 'Cases')).toHaveLength(cases);
  });

  it("ADV-551 a read receipt (Thunderbird's, References alone) to the letter is no person's email: nobody is told, and it is no case", () => {
    const { desk, kase } = letterSentCase();
    const cases = registryRows(desk, 'Cases').length;
    desk.ws.readReceipt(desk.ws.mailTo(SAM)[0], SAM);
    sweep(desk);
    // Before: a waiting email, the committee account told of it with a link offering to make it a case.
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    expect(docSection(desk, kase, 'Discussions with the reported person')).not.toMatch(/Reply by email/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /reply was filed/)).toEqual([]);
    expect(registryRows(desk, 'Cases')).toHaveLength(cases);
  });
  it('ADV-597 Gmail\u2019s "Delivery Status Notification (Delay)" for the letter is filed as delayed, not as "has not arrived", and nobody is alerted; the failure that follows is', () => {
    const { desk, kase } = letterSentCase();
    // The reported person's server is slow: Gmail retries for 46 more hours (Action: delayed, RFC 3464 §2.3.3).
    desk.ws.bounceMail(desk.ws.mailTo(SAM)[0], SAM, true);
    sweep(desk);
    const section = () => docSection(desk, kase, 'Discussions with the reported person');
    // Before: `The email to the reported person has not arrived`, and each member alerted so: a member sends the
    // letter again, or to another address, while Gmail is still delivering the first.
    expect(section()).not.toMatch(/has not arrived/);
    expect(section()).toMatch(/The email to the reported person is delayed[^\n]*\n[\s\S]*Gmail will retry/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /not arrived|delayed/)).toEqual([]);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    desk.ws.bounceMail(desk.ws.mailTo(SAM)[0], SAM);
    sweep(desk);
    expect(section()).toMatch(/The email to the reported person has not arrived/);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /has not arrived/)).toHaveLength(1);
  });
});
