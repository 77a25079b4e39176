// Unit tests of src/core/replies.ts: which sent messages expect replies and where those are filed, the opaque reference, and a reply's own words without the quoted original.
import {
  findReplyRef,
  htmlToText,
  replierOf,
  replyFooter,
  replyRefOf,
  replySectionOf,
  stripQuotedText,
} from '../../src/core/replies';

describe('reply sections', () => {
  test("the reporter's, the reported person's, a moderator's and the escalation contact's messages expect replies; members' and alerts do not", () => {
    expect(replySectionOf('c_1|ack|reporter')).toBe('Follow-up to the reporter');
    expect(replySectionOf('c_1|status:2|reporter')).toBe('Follow-up to the reporter');
    expect(replySectionOf('c_1|letter:r2|reported-person')).toBe('Discussions with the reported person');
    expect(replySectionOf('c_1|recommendation:v_9|d_abc')).toBe('Discussions with moderators and organizers');
    expect(replySectionOf('c_1|screening|m_abc')).toBeNull();
    // The escalation asks its contact to reply; the same contact's stuck-case alerts do not.
    expect(replySectionOf('c_1|escalation:v_9|contact')).toBe('Discussions with moderators and organizers');
    expect(replySectionOf('c_1|stuck:all-conflicted|contact')).toBeNull();
    expect(replySectionOf('-|inbox:x|owner')).toBeNull();
  });

  test('the notice names who wrote by role, never by name', () => {
    expect(replierOf('c_1|follow-up|reporter')).toBe('the reporter');
    expect(replierOf('c_1|letter|reported-person')).toBe('the reported person');
    expect(replierOf('c_1|moderator-reminder:v_1|d_abc')).toBe('a moderator');
    expect(replierOf('c_1|escalation:v_1|contact')).toBe('the escalation contact');
    expect(replierOf('c_1|screening|m_abc')).toBe('someone');
  });
});

describe('reply references', () => {
  test('are 16 hex characters, stable, distinct per key, and say nothing of the case', () => {
    const ref = replyRefOf('c_123456789012|ack|reporter');
    expect(ref).toMatch(/^[0-9a-f]{16}$/);
    expect(replyRefOf('c_123456789012|ack|reporter')).toBe(ref);
    expect(replyRefOf('c_123456789013|ack|reporter')).not.toBe(ref);
    expect(ref).not.toContain('123456789012');
  });

  test('are found again in a body that ends with the footer, and nowhere else', () => {
    const key = 'c_1|letter|reported-person';
    expect(findReplyRef(`Dear person,\n\nThe letter.${replyFooter(key)}`)).toBe(replyRefOf(key));
    expect(findReplyRef('Ref. 12345 is not one')).toBeNull();
    expect(findReplyRef('Nothing here')).toBeNull();
  });
});

describe('stripQuotedText', () => {
  test('"On … wrote:" ends the own words only as a client writes it, with a time or an address (ADV-517)', () => {
    const own = 'He has started again.\nOn Saturday he wrote:\n"I know where you live."';
    expect(stripQuotedText(`${own}\n\nOn Mon, Mar 2, 2026 at 9:00 AM Desk <c@example.org> wrote:\n> Hello`)).toBe(own);
    expect(
      stripQuotedText(`On Sunday at 23:40 he wrote:\n"Soon."\n\nOn 2 Mar 2026, at 09:00, Desk <c@example.org> wrote:`),
    ).toBe('On Sunday at 23:40 he wrote:\n"Soon."');
    // Thunderbird names no address, only the date.
    expect(stripQuotedText('Yes.\n\nOn 02/03/2026 09:00, Conduct Desk wrote:\n> Hello')).toBe('Yes.');
    expect(stripQuotedText('Yes.\n\nOn 3/2/26 9:00 AM, Conduct Desk wrote:\n> Hello')).toBe('Yes.');
  });

  test("keeps the reply's words above Gmail's attribution line and the quoted lines", () => {
    const text =
      'Thank you.\nI can add more.\n\nOn Mon, Mar 2, 2026 at 9:00 AM Desk <c@example.org> wrote:\n\n> Hello\n> Ref. 0123456789abcdef';
    expect(stripQuotedText(text)).toBe('Thank you.\nI can add more.');
  });

  test('an attribution line wrapped over two lines, "> " quotes alone, an Outlook divider, CRLF', () => {
    expect(
      stripQuotedText('Yes.\r\n\r\nOn Mon, Mar 2, 2026 at 9:00 AM Conduct Desk\r\n<c@example.org> wrote:\r\n> x'),
    ).toBe('Yes.');
    expect(stripQuotedText('Agreed.\n> quoted\n> more')).toBe('Agreed.');
    expect(stripQuotedText('Fine.\n\n-----Original Message-----\nFrom: x')).toBe('Fine.');
  });

  test('the attribution above a "> " quote goes in any language, wrapped or not; Outlook\'s localised dividers too', () => {
    const quote = '\n\n> Hello\n> Ref. 0123456789abcdef';
    for (const attribution of [
      'Am Mo., 2. März 2026 um 09:00 Uhr schrieb Desk <c@example.org>:',
      'Le lun. 2 mars 2026 à 09:00, Desk <c@example.org> a écrit :',
      'El lun, 2 mar 2026 a las 9:00, Desk (<c@example.org>) escribió:',
      'Op ma 2 mrt 2026 om 09:00 schreef Desk <c@example.org>:',
      '2026年3月2日(月) 9:00 Desk <c@example.org>:',
      'Le lun. 2 mars 2026 à 09:00, Conduct Desk <c@example.org> a\nécrit :',
    ])
      expect(stripQuotedText(`Danke.\nMehr später.\n\n${attribution}${quote}`)).toBe('Danke.\nMehr später.');
    expect(stripQuotedText("Bien.\n\n-----Message d'origine-----\nDe : x")).toBe('Bien.');
    expect(stripQuotedText('Gut.\n\n-----Ursprüngliche Nachricht-----\nVon: x')).toBe('Gut.');
  });

  test("the reply's own words stay: an address it gives, a colon before its own quote, a forwarded message", () => {
    expect(stripQuotedText('My other address is a@example.org.\nHe said:\n> you will regret it')).toBe(
      'My other address is a@example.org.\nHe said:',
    );
    expect(stripQuotedText('Write to <a@example.org>\nif needed.\n> quoted')).toBe(
      'Write to <a@example.org>\nif needed.',
    );
    const forwarded =
      'See below.\n\n---------- Forwarded message ---------\nFrom: X <x@example.org>\nYou will regret it';
    expect(stripQuotedText(forwarded)).toBe(forwarded);
  });

  test('answers between the quoted lines keep the whole text (ADV-416); a signature-free top reply still loses the quote', () => {
    const inline =
      'See below.\n\nOn Mon, Mar 2, 2026 at 9:00 AM Desk <c@example.org> wrote:\n> Point one\nNo.\n> Point two\n>\nYes.';
    expect(stripQuotedText(inline)).toBe(inline);
    expect(stripQuotedText('Agreed.\n> quoted\n>\n> more\n')).toBe('Agreed.');
    expect(stripQuotedText('Fine.\n\n-----Original Message-----\nFrom: x\n> y\nz')).toBe('Fine.');
  });

  test('a line that merely starts with "On" stays; a reply with nothing above the quote keeps the whole text', () => {
    expect(stripQuotedText('On Monday I saw it again.\nPlease act.')).toBe('On Monday I saw it again.\nPlease act.');
    expect(stripQuotedText('> only a quote')).toBe('> only a quote');
  });

  test("ADV-599 Outlook's `From:`/`Sent:` header block naming us ends the words, with the rule above it; one naming another is kept", () => {
    const ours = (from: string) => from.includes('c@example.org');
    const block = 'From: Desk <c@example.org>\nSent: Tuesday, March 3, 2026 10:02\nTo: r@example.net\nSubject: Report';
    expect(stripQuotedText(`Yes.\n\n${'_'.repeat(32)}\n${block}\n\nHello`, ours)).toBe('Yes.');
    expect(stripQuotedText(`Oui.\n\nDe : Desk <c@example.org>\nEnvoyé : mardi 3 mars 2026\n\nBonjour`, ours)).toBe(
      'Oui.',
    );
    const pasted = 'He sent me this:\nFrom: Sam <s@example.com>\nSent: Monday\n\nYou will regret it.';
    expect(stripQuotedText(pasted, ours)).toBe(pasted);
    expect(stripQuotedText('Note: see the link.\nAlso: I am free.', ours)).toBe(
      'Note: see the link.\nAlso: I am free.',
    );
  });

  test('ADV-523 an Outlook divider whose "From:" is not ours heads what the person pasted: their words go on', () => {
    const ours = (from: string) => from.includes('c@example.org');
    const pasted = 'He sent me this:\n\n-----Original Message-----\nFrom: Sam <s@example.com>\n\nYou will regret it.';
    expect(
      stripQuotedText(`${pasted}\n\nOn Mon, Mar 2, 2026 at 9:00 AM Desk <c@example.org> wrote:\n> Hello`, ours),
    ).toBe(pasted);
    expect(stripQuotedText('Fine.\n\n-----Original Message-----\n\nFrom: Desk <c@example.org>\nHello', ours)).toBe(
      'Fine.',
    );
    expect(stripQuotedText(pasted, ours)).toBe(pasted);
  });
});

describe('an HTML-only message as text', () => {
  test('breaks and closed blocks become lines, tags and styles go, entities are decoded, unknown ones kept', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><div dir="ltr">Wes &amp; Lee saw it &lt;too&gt;.<br>' +
      'Caf&#233; &#x2014; &nbsp;&bogus; &#0;</div><p>Second</p></body></html>';
    expect(htmlToText(html)).toBe('Wes & Lee saw it <too>.\nCafé —  &bogus; &#0;\nSecond\n');
  });

  test("Gmail's quote keeps its attribution on a line of its own, so only the reply's words remain", () => {
    const html =
      '<div dir="ltr">Thanks</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
      'On Mon, Mar 2, 2026 at 9:00 AM Desk &lt;d@example.org&gt; wrote:<br></div><blockquote>Original</blockquote></div>';
    expect(stripQuotedText(htmlToText(html))).toBe('Thanks');
  });
});
