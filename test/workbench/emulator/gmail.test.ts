// Conformance tests for the mailboxes and the Gmail advanced service: MailApp's Sent and Inbox copies, replies in their original's thread with Gmail's quoting, threads.list by label, threads.get and messages.get in the API's `full` shape (payload parts, base64url bodies, labelIds), messages.modify and the API's errors.
//
// References: https://developers.google.com/gmail/api/reference/rest/v1/users.threads/list (labelIds: "only return
// threads with labels that match all of the specified label IDs"), .../users.threads/get, .../users.messages/modify
// (addLabelIds, removeLabelIds; scopes https://mail.google.com/ or gmail.modify), .../users.messages.attachments#MessagePartBody
// ("data: the body data of a MIME message part as a base64url encoded string"), and
// https://developers.google.com/apps-script/advanced/gmail (the advanced service takes the API's objects and
// parameters; a request body comes first).

import { OWNER, runError, runOk, workspaceWith } from './test-helpers';

const BUNDLE = `
function send(to, subject, body, replyTo, html) {
  var m = { to: to, subject: subject, body: body, name: 'Desk' };
  if (replyTo) m.replyTo = replyTo;
  if (html) m.htmlBody = html;
  MailApp.sendEmail(m);
}
function inbox(max) { return Gmail.Users.Threads.list('me', { labelIds: ['INBOX'], maxResults: max || 100 }); }
function thread(id) { return Gmail.Users.Threads.get('me', id, { format: 'full' }); }
function message(id) { return Gmail.Users.Messages.get('me', id); }
function archive(id) { return Gmail.Users.Messages.modify({ removeLabelIds: ['INBOX'] }, 'me', id); }
function modify(body, id) { return Gmail.Users.Messages.modify(body, 'me', id); }
function other(id) { return Gmail.Users.Threads.list('someone@example.net'); }
function search(q) { return Gmail.Users.Threads.list('me', { q: q || 'is:unread', includeSpamTrash: true }); }
function spam(include) { return Gmail.Users.Threads.list('me', { labelIds: ['SPAM'], includeSpamTrash: include }); }
function decode(data) { while (data.length % 4) data += '='; return Utilities.newBlob(Utilities.base64DecodeWebSafe(data)).getDataAsString(); }
function byRfcId(id) { return Gmail.Users.Messages.list('me', { q: 'rfc822msgid:' + id }); }
function decodeAs(data, charset) { while (data.length % 4) data += '='; return Utilities.newBlob(Utilities.base64DecodeWebSafe(data)).getDataAsString(charset); }
`;

describe('mailboxes and the Gmail advanced service', () => {
  it("files MailApp's message in the sender's Sent and each recipient's Inbox; mail to oneself is one message in both", () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Hello', 'Body']);
    runOk(ws, 'send', [OWNER, 'Note to self', 'Body']);
    expect(ws.mailbox(OWNER).map((m) => [m.subject, m.labelIds])).toEqual([
      ['Hello', ['SENT']],
      ['Note to self', ['SENT', 'INBOX', 'UNREAD']],
    ]);
    expect(ws.mailbox('ana@example.org').map((m) => [m.subject, m.labelIds])).toEqual([['Hello', ['INBOX', 'UNREAD']]]);
  });

  it("a reply written in ISO-8859-1 comes as that client's bytes, its charset named in the part's Content-Type", () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line', OWNER]);
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'Café', charset: 'ISO-8859-1' });
    const got = runOk(ws, 'message', [reply.id]) as {
      payload: { headers: Array<{ name: string; value: string }>; body: { data: string; size: number } };
    };
    expect(got.payload.headers.find((h) => h.name === 'Content-Type')!.value).toBe('text/plain; charset="ISO-8859-1"');
    // Read as UTF-8 (getDataAsString's default) the é is lost; read in the charset named, it is not.
    expect(runOk(ws, 'decode', [got.payload.body.data])).toMatch(/^Caf\ufffd\r\n/);
    expect(runOk(ws, 'decodeAs', [got.payload.body.data, 'ISO-8859-1'])).toMatch(/^Café\r\n/);
    expect(runOk(ws, 'decodeAs', [got.payload.body.data, 'windows-1252'])).toMatch(/^Café\r\n/);
    expect(runError(ws, 'decodeAs', [got.payload.body.data, 'no-such-charset'])).toMatch(/Invalid argument: charset/);
  });

  it("a reply from an HTML-only client is one text/html part, the original in Gmail's quote markup", () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line <one>', OWNER]);
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'A & B', htmlOnly: true });
    const got = runOk(ws, 'message', [reply.id]) as {
      snippet: string;
      payload: { mimeType: string; parts?: unknown[]; body: { data: string } };
    };
    expect(got.payload.mimeType).toBe('text/html');
    expect(got.payload.parts).toBeUndefined();
    expect(got.snippet).toMatch(/^ ?A &amp; B On Mon/);
    expect(runOk(ws, 'decode', [got.payload.body.data])).toMatch(
      /^<div dir="ltr">A &amp; B<\/div><br><div class="gmail_quote">.*wrote:<br><\/div><blockquote class="gmail_quote">Line &lt;one&gt;/,
    );
  });

  it('a reply whose subject was changed starts a thread of its own; rfc822msgid: finds the original', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line', OWNER]);
    const [original] = ws.mail();
    const kept = ws.reply({ from: 'ana@example.org', original, text: 'Same', subject: 'RE:  your REPORT' });
    const changed = ws.reply({ from: 'ana@example.org', original, text: 'New', subject: 'About Friday' });
    const sent = ws.mailbox(OWNER).find((m) => m.labelIds.includes('SENT'))!;
    expect(kept.threadId).toBe(sent.threadId);
    expect(changed.threadId).toBe(changed.id);
    expect(changed.inReplyTo).toBe(sent.rfcId);
    const found = runOk(ws, 'byRfcId', [sent.rfcId.replace(/^<|>$/g, '')]) as { messages: Array<{ id: string }> };
    expect(found.messages.map((m) => m.id)).toEqual([sent.id]);
    expect(runOk(ws, 'byRfcId', ['nobody@example.org'])).toEqual({ resultSizeEstimate: 0 });
  });

  it('a reply with files attached is multipart/mixed: the text first, each file a part with its name and no data', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line', OWNER]);
    const attachments = [{ filename: 'shot.png', mimeType: 'image/png', size: 1200 }];
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'See', attachments });
    const got = runOk(ws, 'message', [reply.id]) as {
      payload: {
        mimeType: string;
        parts: Array<{ mimeType: string; filename: string; body: { data?: string; attachmentId?: string } }>;
      };
    };
    expect(got.payload.mimeType).toBe('multipart/mixed');
    expect(got.payload.parts.map((p) => [p.mimeType, p.filename])).toEqual([
      ['text/plain', ''],
      ['image/png', 'shot.png'],
    ]);
    expect(runOk(ws, 'decode', [got.payload.parts[0].body.data!])).toMatch(/^See\r\n/);
    expect(got.payload.parts[1].body.data).toBeUndefined();
    expect(got.payload.parts[1].body.attachmentId).toBeTruthy();
  });

  it('text parts come with CRLF line endings, as MIME carries text', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line', OWNER]);
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'One\nTwo' });
    const got = runOk(ws, 'message', [reply.id]) as { payload: { body: { data: string } } };
    expect(runOk(ws, 'decode', [got.payload.body.data])).toMatch(/^One\r\nTwo\r\n\r\nOn .* wrote:\r\n\r\n> Line$/);
  });

  it("a reply goes to the Reply-To, quotes the original as Gmail does, and joins the sender's thread", () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line one\n\nLine two', OWNER]);
    const [original] = ws.mail();
    const reply = ws.reply({ from: 'ana@example.org', original, text: 'Thanks!' });
    expect(reply.mailbox).toBe(OWNER);
    expect(reply.subject).toBe('Re: Your report');
    expect(reply.body).toMatch(
      /^Thanks!\n\nOn Mon, Mar 2, 2026 at 9:00 AM Desk <conduct@example\.org> wrote:\n\n> Line one\n>\n> Line two$/,
    );
    const sent = ws.mailbox(OWNER).find((m) => m.labelIds.includes('SENT'))!;
    expect(reply.threadId).toBe(sent.threadId);
    // Without a Reply-To it goes to the sender; a mailbox that never held the original starts a thread of its own.
    runOk(ws, 'send', ['bo@example.org', 'Other', 'Body', 'elsewhere@example.net']);
    const elsewhere = ws.reply({ from: 'bo@example.org', original: ws.mail()[1], text: 'Hi' });
    expect(elsewhere.mailbox).toBe('elsewhere@example.net');
    expect(elsewhere.threadId).toBe(elsewhere.id);
    expect(() => ws.reply({ from: 'cy@example.org', original, text: 'x' })).toThrow(/never received/);
  });

  it('lists inbox threads newest first and reads them in the API shape: labelIds, headers, base64url text and html parts', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Plain', 'Plain body é', OWNER]);
    runOk(ws, 'send', ['ana@example.org', 'Rich', 'Text part', OWNER, '<p>Html part</p>']);
    expect(runOk(ws, 'inbox', [])).toEqual({ resultSizeEstimate: 0 });
    ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'First' });
    ws.advance(60_000);
    ws.reply({ from: 'ana@example.org', original: ws.mail()[1], text: 'Second' });
    const listed = runOk(ws, 'inbox', []) as { threads: Array<{ id: string; historyId: string }> };
    expect(listed.threads).toHaveLength(2);
    const rich = runOk(ws, 'thread', [listed.threads[0].id]) as {
      messages: Array<{
        labelIds: string[];
        internalDate: string;
        payload: {
          mimeType: string;
          headers: Array<{ name: string; value: string }>;
          parts: Array<{ mimeType: string; body: { data: string; size: number } }>;
        };
      }>;
    };
    expect(rich.messages.map((m) => m.labelIds)).toEqual([['SENT'], ['INBOX', 'UNREAD']]);
    const [ours] = rich.messages;
    expect(ours.payload.mimeType).toBe('multipart/alternative');
    expect(ours.payload.parts.map((p) => p.mimeType)).toEqual(['text/plain', 'text/html']);
    expect(ours.payload.parts[0].body.data).not.toMatch(/[+/=]/);
    expect(runOk(ws, 'decode', [ours.payload.parts[0].body.data])).toBe('Text part');
    expect(ours.payload.headers.find((h) => h.name === 'From')!.value).toBe(`Desk <${OWNER}>`);
    expect(typeof ours.internalDate).toBe('string');
    const plain = runOk(ws, 'thread', [listed.threads[1].id]) as {
      messages: Array<{ id: string; payload: { mimeType: string; body: { data: string } } }>;
    };
    expect(plain.messages[0].payload.mimeType).toBe('text/plain');
    expect(runOk(ws, 'decode', [plain.messages[0].payload.body.data])).toBe('Plain body é');
    // One page of one thread, with the token for the next.
    expect(runOk(ws, 'inbox', [1])).toMatchObject({ nextPageToken: '1', resultSizeEstimate: 2 });
  });

  it("mail through a Google Group comes From the group, named `'<sender>' via <group>`, the sender in X-Original-Sender and Reply-To, List-Id the group", () => {
    const ws = workspaceWith(BUNDLE);
    ws.receiveMail({
      from: 'Rita.Vale@example.net',
      fromName: 'Rita Vale',
      to: OWNER,
      subject: 'Report',
      text: 'Hello',
      viaGroup: { group: 'coc@example.org', name: 'coc' },
    });
    const listed = runOk(ws, 'inbox', []) as { threads: Array<{ id: string }> };
    const read = runOk(ws, 'thread', [listed.threads[0].id]) as {
      messages: Array<{ payload: { headers: Array<{ name: string; value: string }> } }>;
    };
    const header = (name: string) => read.messages[0].payload.headers.find((h) => h.name === name)?.value;
    expect(header('From')).toBe(`"'Rita Vale' via coc" <coc@example.org>`);
    expect(header('To')).toBe('coc@example.org');
    expect(header('Reply-To')).toBe('rita.vale@example.net');
    expect(header('X-Original-Sender')).toBe('rita.vale@example.net');
    expect(header('List-Id')).toBe('<coc.example.org>');
  });

  it('messages.modify archives (INBOX removed), moves the history id on, and refuses unknown and system-only labels', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'S', 'B', OWNER]);
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'R' });
    const before = reply.historyId;
    const done = runOk(ws, 'archive', [reply.id]) as { labelIds: string[]; historyId: string };
    expect(done.labelIds).toEqual(['UNREAD']);
    expect(Number(done.historyId)).toBeGreaterThan(before);
    expect(runOk(ws, 'inbox', [])).toEqual({ resultSizeEstimate: 0 });
    runOk(ws, 'archive', [reply.id]); // archiving again is harmless
    expect(String(runError(ws, 'modify', [{ addLabelIds: ['NOPE'] }, reply.id]))).toMatch(
      /API call to gmail\.users\.messages\.modify failed with error: Invalid label: NOPE/,
    );
    expect(String(runError(ws, 'modify', [{ addLabelIds: ['SENT'] }, reply.id]))).toMatch(/Invalid label: SENT/);
    expect(String(runError(ws, 'message', ['ffff']))).toMatch(/Requested entity was not found\./);
    expect(String(runError(ws, 'thread', ['ffff']))).toMatch(
      /gmail\.users\.threads\.get failed with error: Requested entity/,
    );
    expect(String(runError(ws, 'other', []))).toMatch(/Delegation denied/);
    expect(String(runError(ws, 'search', []))).toMatch(/does not implement the Gmail search term is:unread/);
  });

  it('a message left with no label (archived and read) comes without labelIds, from messages.modify and messages.get alike', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'S', 'B', OWNER]);
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'R' });
    const done = runOk(ws, 'modify', [{ removeLabelIds: ['INBOX', 'UNREAD'] }, reply.id]) as Record<string, unknown>;
    expect(done).not.toHaveProperty('labelIds');
    expect(runOk(ws, 'message', [reply.id])).not.toHaveProperty('labelIds');
    const thread = runOk(ws, 'thread', [reply.threadId]) as { messages: Array<Record<string, unknown>> };
    expect(thread.messages.map((m) => m.labelIds)).toEqual([['SENT'], undefined]);
  });

  it('a message in Spam has no INBOX, is listed only with includeSpamTrash, and is deleted 30 days on (ADV-574)', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line', OWNER]);
    const reply = ws.toSpam(ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'Junk?' }));
    expect(reply.labelIds).toEqual(['UNREAD', 'SPAM']);
    expect(runOk(ws, 'inbox', [])).toEqual({ resultSizeEstimate: 0 });
    expect(runOk(ws, 'spam', [false])).toEqual({ resultSizeEstimate: 0 });
    const listed = runOk(ws, 'spam', [true]) as { threads: Array<{ id: string; historyId: string }> };
    expect(listed.threads.map((t) => [t.id, t.historyId])).toEqual([[reply.threadId, String(reply.historyId)]]);
    // Its thread holds the Sent original too; threads.get reads both.
    expect((runOk(ws, 'thread', [reply.threadId]) as { messages: unknown[] }).messages).toHaveLength(2);
    ws.rt.setClock(ws.rt.now() + 30 * 86_400_000);
    expect(runOk(ws, 'spam', [true])).toEqual({ resultSizeEstimate: 0 });
    expect(ws.mailbox(OWNER).map((m) => m.id)).not.toContain(reply.id);
    // Taken out of Spam before then (archived), it stays.
    const kept = ws.toSpam(ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'Not junk' }));
    runOk(ws, 'modify', [{ removeLabelIds: ['INBOX', 'SPAM'] }, kept.id]);
    ws.rt.setClock(ws.rt.now() + 31 * 86_400_000);
    expect(ws.mailbox(OWNER).map((m) => m.id)).toContain(kept.id);
  });

  it('a search (q) matches messages and lists their threads: `-in:inbox -in:trash -from:me {in:spam newer_than:2d}` finds a reply in Spam or archived in the last two days, not our Sent mail alone, nor a thread in the inbox (ADV-653)', () => {
    const ws = workspaceWith(BUNDLE);
    const q = '-in:inbox -in:trash -from:me {in:spam newer_than:2d}';
    runOk(ws, 'send', ['ana@example.org', 'Your report', 'Line', OWNER]);
    runOk(ws, 'send', ['cy@example.org', 'Other', 'Line', OWNER]);
    expect(runOk(ws, 'search', [q])).toEqual({ resultSizeEstimate: 0 });
    const reply = ws.reply({ from: 'ana@example.org', original: ws.mail()[0], text: 'R' });
    expect(runOk(ws, 'search', [q])).toEqual({ resultSizeEstimate: 0 });
    runOk(ws, 'archive', [reply.id]);
    const found = runOk(ws, 'search', [q]) as { threads: Array<{ id: string }> };
    expect(found.threads.map((t) => t.id)).toEqual([reply.threadId]);
    expect((runOk(ws, 'search', ['in:sent']) as { threads: unknown[] }).threads).toHaveLength(2);
    ws.toSpam(ws.mailboxes.messages.find((m) => m.id === reply.id)!);
    expect((runOk(ws, 'search', [q]) as { threads: unknown[] }).threads).toHaveLength(1);
    runOk(ws, 'modify', [{ addLabelIds: ['TRASH'], removeLabelIds: ['SPAM'] }, reply.id]);
    expect(runOk(ws, 'search', [q])).toEqual({ resultSizeEstimate: 0 });
    runOk(ws, 'modify', [{ removeLabelIds: ['TRASH'] }, reply.id]);
    ws.rt.setClock(ws.rt.now() + 2 * 86_400_000);
    expect(runOk(ws, 'search', [q])).toEqual({ resultSizeEstimate: 0 });
    // In Spam, any age (Gmail deletes it at 30 days).
    ws.toSpam(ws.mailboxes.messages.find((m) => m.id === reply.id)!);
    expect((runOk(ws, 'search', [q]) as { threads: unknown[] }).threads).toHaveLength(1);
  });
});
