// Adversarial catalogue, what people do in the committee account's Gmail before the hourly sweep reads it (ADV-653, ADV-663): a reply archived, snoozed or labelled by hand must still reach its case; through the built bundle, invariants after every step.
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
  type Desk,
} from '../integration/desk';

const REPORTER = 'rita.quell@example.net';
const SAM = 'sam.doe@example.com';

/** A person in Gmail archives (or snoozes: the API shows a snoozed message without INBOX) the message `id`. */
function takeOutOfInbox(desk: Desk, id: string, add: string[] = []): void {
  desk.ws.mailboxes.modify(
    desk.ws.mailboxes.messages.find((m) => m.id === id)!,
    add,
    ['INBOX'],
  );
}

describe('adversarial: the committee account\u2019s Gmail as people use it', () => {
  it('ADV-653 a member reads the reporter\u2019s reply and archives it, and snoozes the reported person\u2019s answer, before the hourly sweep: both are filed once, left where the member put them', () => {
    const { desk, kase } = letterSentCase();
    const ack = desk.ws.mailTo(REPORTER)[0];
    const letter = desk.ws.mailTo(SAM)[0];
    const archived = desk.ws.reply({ from: REPORTER, original: ack, text: 'Wes Tarn saw it too.' });
    const snoozed = desk.ws.reply({ from: SAM, original: letter, text: 'I did not mean it that way.' });
    takeOutOfInbox(desk, archived.id);
    desk.ws.mailboxes.modify(
      desk.ws.mailboxes.messages.find((m) => m.id === archived.id)!,
      [],
      ['UNREAD'],
    );
    takeOutOfInbox(desk, snoozed.id, ['STARRED']);
    sweep(desk);
    // Before: neither had INBOX, so the sweep never read them: the words never reached the case, nobody was told.
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('Wes Tarn saw it too.');
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('I did not mean it that way.');
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /reply was filed/)).toHaveLength(2);
    const labels = (id: string) => desk.ws.mailbox(OWNER).find((m) => m.id === id)!.labelIds;
    expect(labels(archived.id)).not.toContain('INBOX');
    expect(labels(snoozed.id)).toEqual(['UNREAD', 'STARRED']);
    // The snooze ends (Gmail puts the message back in the inbox): nothing is filed twice.
    desk.ws.mailboxes.modify(
      desk.ws.mailboxes.messages.find((m) => m.id === snoozed.id)!,
      ['INBOX'],
      [],
    );
    jumpAndSweep(desk, HOUR);
    jumpAndSweep(desk, HOUR);
    expect(docSection(desk, kase, 'Discussions with the reported person').match(/did not mean it/g)).toHaveLength(1);
    expect(docSection(desk, kase, 'Follow-up to the reporter').match(/Wes Tarn/g)).toHaveLength(1);
    // Filed from where the member put them, and kept there (ADV-663).
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'kept')).toHaveLength(2);
  });

  it('ADV-663 a member snoozes the reported person’s answer until tomorrow morning and the sweep files it meanwhile: when the snooze ends it is back in the inbox and stays there, as the member asked Gmail', () => {
    const { desk, kase } = letterSentCase();
    const snoozed = desk.ws.reply({ from: SAM, original: desk.ws.mailTo(SAM)[0], text: 'I did not mean it that way.' });
    takeOutOfInbox(desk, snoozed.id);
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('I did not mean it that way.');
    // The snooze ends: Gmail puts it back in the inbox, where the member wanted to find it.
    jumpAndSweep(desk, 18 * HOUR);
    const message = () => desk.ws.mailbox(OWNER).find((m) => m.id === snoozed.id)!;
    desk.ws.mailboxes.modify(
      desk.ws.mailboxes.messages.find((m) => m.id === snoozed.id)!,
      ['INBOX'],
      [],
    );
    expect(message().labelIds).toContain('INBOX');
    jumpAndSweep(desk, HOUR);
    jumpAndSweep(desk, HOUR);
    // Before, its `filed` row read as a filing whose archiving a crash had cut short: the next sweep archived it, and
    // the member's reminder was gone within the hour.
    expect(message().labelIds).toContain('INBOX');
    expect(docSection(desk, kase, 'Discussions with the reported person').match(/did not mean it/g)).toHaveLength(1);
  });

  it('ADV-653 the hourly runs stop for three days: a reply archived by hand that long ago is not read (its window is two days), one in Spam still is', () => {
    const { desk, kase } = letterSentCase();
    const ack = desk.ws.mailTo(REPORTER)[0];
    const letter = desk.ws.mailTo(SAM)[0];
    const archived = desk.ws.reply({ from: REPORTER, original: ack, text: 'Wes Tarn saw it too.' });
    takeOutOfInbox(desk, archived.id);
    desk.ws.toSpam(desk.ws.reply({ from: SAM, original: letter, text: 'I did not mean it that way.' }));
    jumpAndSweep(desk, 3 * DAY);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toContain('I did not mean it that way.');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Wes Tarn');
  });

  it('ADV-653 a stranger\u2019s email a member archived is theirs: no row, no notice, read once', () => {
    const { desk } = letterSentCase();
    const rows = registryRows(desk, 'Inbox').length;
    const junk = desk.ws.receiveMail({ from: 'offers@example.biz', to: OWNER, subject: 'Cheap watches', text: 'Buy.' });
    takeOutOfInbox(desk, junk.id);
    sweep(desk);
    const reads = desk.ws.rt.totals['Gmail.Users.Threads.get'] ?? 0;
    jumpAndSweep(desk, HOUR);
    jumpAndSweep(desk, HOUR);
    expect(desk.ws.rt.totals['Gmail.Users.Threads.get'] ?? 0).toBe(reads);
    expect(registryRows(desk, 'Inbox')).toHaveLength(rows);
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
  });
});
