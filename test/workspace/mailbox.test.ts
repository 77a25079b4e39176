// The committee mailbox through the Gmail advanced service (src/workspace/mailbox.ts), in process against the emulator: From addresses, plain text out of multipart and single-part messages, a message gone, archiving.
import { addressOf, archiveMessage, listInboxThreads, readMailMessage, readThread } from '../../src/workspace/mailbox';
import { flowBench } from '../support/in-process';

test('addressOf reads the bare address of a From header, normalised', () => {
  expect(addressOf('Nia Vortel <Nia.Vortel@Example.net>')).toBe('nia.vortel@example.net');
  expect(addressOf(' nia@example.net ')).toBe('nia@example.net');
});

test("a thread reads as its messages' plain text, labels and senders; archiving takes the reply out of the inbox", () => {
  const bench = flowBench();
  const owner = bench.ws.owner;
  bench.run(() =>
    MailApp.sendEmail({
      to: 'nia@example.net',
      subject: 'Hi',
      body: 'Plain é',
      htmlBody: '<p>Html</p>',
      replyTo: owner,
    }),
  );
  const reply = bench.ws.reply({ from: 'nia@example.net', original: bench.ws.mail().pop()!, text: 'Answer' });
  const [listed] = bench.run(() => listInboxThreads(10).threads);
  const thread = bench.run(() => readThread(listed.id));
  expect(thread.messages.map((m) => [m.from, m.labelIds.includes('INBOX'), m.text.split(/\r?\n/)[0]])).toEqual([
    [owner, false, 'Plain é'],
    ['nia@example.net', true, 'Answer'],
  ]);
  expect(thread.messages[1].subject).toBe('Re: Hi');
  expect(bench.run(() => archiveMessage(reply.id))).toMatch(/^\d+$/);
  expect(bench.run(() => listInboxThreads(10).threads)).toEqual([]);
  expect(bench.run(() => readMailMessage(reply.id))?.text).toMatch(/^Answer/);
  expect(bench.run(() => readMailMessage('ffffff'))).toBeNull();
});
