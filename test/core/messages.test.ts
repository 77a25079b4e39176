// Unit and property tests for outgoing mail: no names in subjects, screening never names reporter or witnesses, hostile input escaped.

import fc from 'fast-check';
import {
  accessGrantedMessage,
  acknowledgmentMessage,
  committeeAlertMessage,
  composeLetter,
  conflictRecordedMessage,
  escalationMessage,
  followUpMessage,
  formNotLiveMessage,
  formNotLiveReasons,
  intakeFailedMessage,
  MAIL_LIST_MAX,
  joinNames,
  letterMessage,
  moderatorReminderMessage,
  onboardingAccessMessage,
  onboardingMessage,
  purgeWarningMessage,
  reminderDigestMessage,
  PURGE_WARNING_LISTED,
  recommendationMessage,
  screeningMessage,
  statusUpdateMessage,
  storeDriftMessage,
  urgentAlertMessage,
  useVoice,
  voteOpenedMessage,
  voteResultMessage,
  type Message,
} from '../../src/core/messages';

/** Strings rich in what matters here: C0/C1 controls, HTML specials, accents and astral characters. */
const hostileString = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('<', '>', '"', "'", '&', '=', 'é', '\u202e', '😀'),
  ),
  maxLength: 40,
});

const URL = 'https://script.google.com/macros/s/abc/exec?t=eyJ2IjoxfQ.sig&a=1';

/** Every template, built with the given person names wherever a template takes a name. */
function allMessages(names: { member: string; reporter: string; reported: string[] }): Message[] {
  return [
    acknowledgmentMessage({ followUpDays: 7 }),
    acknowledgmentMessage({ followUpDays: 1 }),
    urgentAlertMessage({ codeName: 'quiet otter', casePageUrl: URL }),
    screeningMessage({
      memberName: names.member,
      reportedNames: names.reported,
      noConflictUrl: URL,
      conflictUrl: URL,
      expiresOn: '2026-03-16',
    }),
    accessGrantedMessage({ memberName: names.member, codeName: 'quiet otter', docUrl: URL, casePageUrl: URL }),
    conflictRecordedMessage({ memberName: names.member, codeName: 'quiet otter' }),
    onboardingMessage({ memberName: names.member, onboardUrl: URL, count: 3 }),
    onboardingMessage({ memberName: names.member, onboardUrl: URL, count: 0 }),
    voteOpenedMessage({ memberName: names.member, codeName: 'quiet otter', voteUrl: URL, required: 4, eligible: 6 }),
    voteResultMessage({ codeName: 'quiet otter', outcome: 'passed', approve: 4, reject: 1, abstain: 0, required: 4 }),
    voteResultMessage({ codeName: 'quiet otter', outcome: 'failed', approve: 1, reject: 4, abstain: 1, required: 4 }),
    recommendationMessage({
      spaceName: 'Discourse',
      plan: 'No private messages.',
      consequences: 'A warning.',
      moderatorUrl: URL,
      respondWithinDays: 7,
    }),
    moderatorReminderMessage({ spaceName: 'Discourse', moderatorUrl: URL, respondWithinDays: 7 }),
    letterMessage({
      behaviour: 'Repeated interruptions.',
      impact: 'People felt unwelcome.',
      plan: 'Let others finish.',
      consequences: 'A warning.',
    }),
    followUpMessage({ text: 'We issued a warning.' }),
    statusUpdateMessage({}),
    committeeAlertMessage({
      title: 'Deadline reminder',
      lines: ['Acknowledgment due in 2 hours'],
      codeName: 'quiet otter',
    }),
    storeDriftMessage({
      findings: ['The private registry: link or domain sharing was on; it was turned off.'],
      unrepaired: false,
    }),
    reminderDigestMessage({
      period: 'daily',
      items: [{ codeName: 'quiet otter', needs: ['a deadline has passed'], casePageUrl: URL }],
      total: 2,
    }),
  ];
}

const nameArb = fc
  .tuple(fc.stringMatching(/^[A-Z][a-z]{3,8}$/), fc.stringMatching(/^[A-Z][a-z]{3,8}$/))
  .map(([a, b]) => `Zq${a} Xv${b}`); // prefixes keep generated names from colliding with template words

describe('subjects', () => {
  it("never contain a person's name (property)", () => {
    fc.assert(
      fc.property(nameArb, nameArb, fc.array(nameArb, { minLength: 1, maxLength: 3 }), (member, reporter, reported) => {
        for (const m of allMessages({ member, reporter, reported })) {
          for (const n of [member, reporter, ...reported]) {
            for (const part of n.split(' ')) expect(m.subject).not.toContain(part);
          }
          expect(m.subject).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('carry the alert prefix and at most the code name', () => {
    expect(committeeAlertMessage({ title: 'Access drift repaired', lines: [], codeName: 'quiet otter' }).subject).toBe(
      '[Conduct Desk] Access drift repaired (quiet otter)',
    );
    expect(committeeAlertMessage({ title: 'Trigger health', lines: ['x'] }).subject).toBe(
      '[Conduct Desk] Trigger health',
    );
  });

  it('cannot carry a header injection', () => {
    const m = committeeAlertMessage({ title: 'Hi\r\nBcc: evil@example.com', lines: [] });
    expect(m.subject).not.toMatch(/[\r\n]/);
  });
});

describe('screeningMessage', () => {
  it('names the reported people as the procedure asks', () => {
    const m = screeningMessage({
      memberName: 'Ana',
      reportedNames: ['Sam Doe', 'Kim Lee'],
      noConflictUrl: URL,
      conflictUrl: URL,
      expiresOn: '16 March',
    });
    expect(m.body).toContain('We have a report that involves Sam Doe and Kim Lee.');
    expect(m.body).toContain('You do not need to give a reason');
    expect(m.body).toContain('If you do not answer, you will not get access');
    expect(m.body).toContain(URL);
    expect(m.htmlBody).toContain(`href="${URL.replace(/&/g, '&amp;')}"`);
  });

  it('handles a report that names nobody', () => {
    const m = screeningMessage({
      memberName: 'Ana',
      reportedNames: [],
      noConflictUrl: URL,
      conflictUrl: URL,
      expiresOn: '16 March',
    });
    expect(m.body).toContain('does not name the person');
  });

  it("never contains the reporter's or witnesses' names (property)", () => {
    fc.assert(
      fc.property(
        nameArb,
        fc.array(nameArb, { maxLength: 3 }),
        fc.array(nameArb, { maxLength: 3 }),
        nameArb,
        (reporter, witnesses, reported, member) => {
          const protectedNames = [reporter, ...witnesses].filter((n) => !reported.includes(n) && n !== member);
          const m = screeningMessage({
            memberName: member,
            reportedNames: reported,
            noConflictUrl: URL,
            conflictUrl: URL,
            expiresOn: '2026-03-16',
          });
          for (const n of protectedNames) {
            for (const part of n.split(' ')) {
              fc.pre(![member, ...reported].some((x) => x.includes(part)));
              expect(m.body).not.toContain(part);
              expect(m.htmlBody).not.toContain(part);
            }
          }
          for (const n of reported) expect(m.body).toContain(n);
        },
      ),
    );
  });
});

describe('content rules', () => {
  it('acknowledgment says what happens next and nothing about the report', () => {
    const m = acknowledgmentMessage({ followUpDays: 7 });
    expect(m.body).toMatch(/^Hello,\n/);
    expect(m.body).toContain('within 7 days');
    expect(m.body).toContain('the Code of Conduct committee');
  });

  it('member messages carry the code name and links only', () => {
    const m = accessGrantedMessage({
      memberName: 'Ana',
      codeName: 'quiet otter',
      docUrl: 'https://docs.google.com/document/d/1',
      casePageUrl: URL,
    });
    expect(m.subject).toBe('Access granted: quiet otter');
    expect(m.body).toContain('https://docs.google.com/document/d/1');
  });

  it('the recommendation promises not to share who reported', () => {
    const m = recommendationMessage({
      spaceName: 'Discourse',
      plan: 'Plan text',
      consequences: 'Consequence text',
      moderatorUrl: URL,
      respondWithinDays: 7,
    });
    expect(m.body).toContain('We will not share who made the report');
    expect(m.body).toContain('Plan text');
    expect(m.body).toContain('Consequence text');
    expect(m.body).toContain('within 7 days');
  });

  it('the letter discourages contacting the reporter and offers to pass on an apology', () => {
    const m = letterMessage({ behaviour: 'B', impact: 'I', plan: 'P', consequences: 'C' });
    expect(m.body).toContain('Please do not contact the person who made the report');
    expect(m.body).toContain('accept the apology on their behalf');
  });

  it('the vote message states the threshold', () => {
    expect(
      voteOpenedMessage({ memberName: 'Ana', codeName: 'quiet otter', voteUrl: URL, required: 4, eligible: 6 }).body,
    ).toContain('4 approvals out of 6 eligible members');
    expect(
      voteResultMessage({ codeName: 'quiet otter', outcome: 'failed', approve: 1, reject: 4, abstain: 1, required: 4 })
        .subject,
    ).toBe('Vote result: quiet otter did not pass');
  });

  it('every message is signed by the committee in both renderings', () => {
    for (const m of allMessages({ member: 'Ana', reporter: 'Bo', reported: ['Sam'] })) {
      expect(m.body.endsWith('With care,\nthe Code of Conduct committee')).toBe(true);
      expect(m.htmlBody).toContain('the Code of Conduct committee');
    }
  });

  it('joins names naturally', () => {
    expect(joinNames(['A'])).toBe('A');
    expect(joinNames(['A', 'B'])).toBe('A and B');
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(joinNames([' ', 'A'])).toBe('A');
  });
});

describe('HTML escaping of hostile input', () => {
  const hostile = `<script>alert("x")</script>' onmouseover='x' \u0000\u0007<img src=x onerror=alert(1)>`;

  it('escapes every interpolated value in every template', () => {
    const messages = [
      ...allMessages({ member: hostile, reporter: hostile, reported: [hostile] }),
      recommendationMessage({
        spaceName: hostile,
        plan: hostile,
        consequences: hostile,
        moderatorUrl: URL,
        respondWithinDays: 7,
      }),
      letterMessage({ behaviour: hostile, impact: hostile, plan: hostile, consequences: hostile }),
      followUpMessage({ text: hostile }),
      committeeAlertMessage({ title: hostile, lines: [hostile], codeName: hostile }),
      urgentAlertMessage({ codeName: hostile, casePageUrl: URL }),
    ];
    for (const m of messages) {
      expect(m.htmlBody).not.toContain('<script');
      expect(m.htmlBody).not.toContain('<img');
      expect(m.htmlBody).not.toMatch(/' onmouseover/);
      // eslint-disable-next-line no-control-regex
      expect(m.htmlBody).not.toMatch(/[\x00-\x08\x0B-\x1F]/);
      // eslint-disable-next-line no-control-regex
      expect(m.body).not.toMatch(/[\x00-\x08\x0B-\x1F]/);
      // eslint-disable-next-line no-control-regex
      expect(m.subject).not.toMatch(/[\x00-\x1F]/);
    }
  });

  it('never makes a javascript: URL clickable', () => {
    const m = urgentAlertMessage({ codeName: 'quiet otter', casePageUrl: 'javascript:alert(1)' });
    expect(m.htmlBody).not.toContain('href="javascript');
    expect(m.htmlBody).toContain('javascript:alert(1)');
  });

  it('only emits the tags the templates themselves use (property)', () => {
    const allowed = new Set(['div', 'p', 'br', 'a', 'span', 'strong', 'blockquote', 'ul', 'li']);
    fc.assert(
      fc.property(hostileString, hostileString, (a, b) => {
        const messages = [
          letterMessage({ behaviour: a, impact: b, plan: a, consequences: b }),
          screeningMessage({
            memberName: a,
            reportedNames: [b, a],
            noConflictUrl: URL,
            conflictUrl: URL,
            expiresOn: b,
          }),
          committeeAlertMessage({ title: a, lines: [b], codeName: a }),
        ];
        for (const m of messages) {
          for (const tag of m.htmlBody.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g))
            expect(allowed.has(tag[1].toLowerCase())).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('statusUpdateMessage', () => {
  it('names the follow-up period the committee configured, not always a week', () => {
    expect(statusUpdateMessage({}).body).toContain('longer than a week');
    expect(statusUpdateMessage({ followUpDays: 14 }).body).toContain('longer than 14 days');
    expect(statusUpdateMessage({ followUpDays: 14 }).body).not.toContain('a week');
  });
});

describe('composeLetter', () => {
  it('is the full letter when the committee wrote an impact paragraph', () => {
    const parts = { behaviour: 'Repeated interruptions.', impact: 'People felt unwelcome.' };
    expect(composeLetter(parts, 'Let others finish.', 'A warning.')).toEqual(
      letterMessage({ ...parts, plan: 'Let others finish.', consequences: 'A warning.' }),
    );
  });

  it('drops the empty impact heading from both renderings when there is no impact paragraph', () => {
    const m = composeLetter({ behaviour: 'Repeated interruptions.', impact: '' }, 'Let others finish.', 'A warning.');
    expect(m.subject).toBe('A message from the Code of Conduct committee');
    expect(m.body).not.toContain('Its impact');
    expect(m.htmlBody).not.toContain('Its impact');
    expect(m.body).toContain('What happened:\nRepeated interruptions.\n\nWhat we ask of you:\nLet others finish.');
    expect(m.htmlBody).toContain('Consequences');
  });
});

describe('escalationMessage', () => {
  const p = {
    codeName: 'quiet otter',
    spaceName: 'Discourse',
    plan: 'No private messages.',
    consequences: 'A warning.',
    discussion: 'We think a ban <b>is</b> needed.',
  };

  it('carries the plan, the consequences and the discussion, and says who reported is not shared', () => {
    const m = escalationMessage(p);
    expect(m.subject).toBe('Code of Conduct: moderators disagree with a recommendation (quiet otter)');
    expect(m.body).toMatch(
      /^Hello,\n\nThe Code of Conduct committee recommended a response to a report about behavior in Discourse/,
    );
    expect(m.body).toContain('We do not share who made the report.');
    expect(m.body).toContain(
      'Behavioral modification plan:\nNo private messages.\n\nConsequences:\nA warning.\n\nDiscussion with the moderators:\nWe think a ban <b>is</b> needed.',
    );
    expect(m.body.endsWith('With care,\nthe Code of Conduct committee')).toBe(true);
  });

  it('escapes the HTML body and shows empty parts as "-"', () => {
    const m = escalationMessage({ ...p, spaceName: '', plan: '', consequences: '' });
    expect(m.htmlBody).toContain('We think a ban &lt;b&gt;is&lt;/b&gt; needed.');
    expect(m.htmlBody).not.toContain('<b>');
    expect(m.body).toContain('behavior in our community');
    expect(m.body).toContain('Behavioral modification plan:\n-\n');
  });
});

describe('onboardingMessage', () => {
  test('one person reported before is said in the singular; several in the plural', () => {
    const one = onboardingMessage({ memberName: 'Ana', onboardUrl: URL, count: 1 }).body;
    expect(one).toContain('a conflict of interest with the one person who has been reported before.');
    const three = onboardingMessage({ memberName: 'Ana', onboardUrl: URL, count: 3 }).body;
    expect(three).toContain('a conflict of interest with any of the 3 people who have been reported before.');
  });
});

describe('onboardingAccessMessage', () => {
  const one = { codeName: 'quiet otter', docUrl: 'https://docs.google.com/document/d/1', casePageUrl: URL };
  const two = { codeName: 'brave fox', docUrl: 'https://docs.google.com/document/d/2', casePageUrl: URL };

  it('lists each shared case with its document and case page, and counts them in the subject only', () => {
    const m = onboardingAccessMessage({ memberName: 'Ana', cases: [one, two] });
    expect(m.subject).toBe('Access granted: 2 cases');
    expect(m.body).toMatch(
      /^Hello Ana,\n\nThank you for answering the onboarding check\. 2 case documents are now shared with you:/,
    );
    expect(m.body).toContain(
      `Case quiet otter\nOpen the document: https://docs.google.com/document/d/1\nCase page: ${URL}`,
    );
    expect(m.body).toContain('Case brave fox');
    expect(m.htmlBody).toContain('<a href="https://docs.google.com/document/d/2">Open the document</a>');
  });

  it('speaks of one case in the singular and greets without a name', () => {
    const m = onboardingAccessMessage({ memberName: '', cases: [one] });
    expect(m.subject).toBe('Access granted: 1 case');
    expect(m.body).toMatch(
      /^Hello,\n\nThank you for answering the onboarding check\. One case document is now shared with you:/,
    );
    expect(m.htmlBody).toContain(`href="${URL.replace(/&/g, '&amp;')}"`);
  });
});

describe('lists of cases in one email (ADV-372)', () => {
  // A signed link as long as a real deployment's (about 300 characters), and one far longer.
  const realUrl = `${URL}${'x'.repeat(240)}`;
  const hugeUrl = `${URL}${'x'.repeat(1500)}`;
  const code = 'incomprehensible thermodynamics';
  const within = (m: Message) => {
    // One outbox cell (50,000 characters, less the margin tooLongToMail keeps) and MailApp's 200 KB, both parts.
    expect(Math.max(m.body.length, m.htmlBody.length)).toBeLessThan(49_000);
    expect(Buffer.byteLength(m.body + m.htmlBody, 'utf8')).toBeLessThanOrEqual(200 * 1024);
  };
  const digestOf = (url: string) => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      codeName: `${code} ${i}`,
      needs: ['you have not answered its conflict-of-interest check: please answer the email "New report"', 'x'],
      casePageUrl: `${url}${i}`,
    }));
    return reminderDigestMessage({ period: 'weekly', items, total: items.length });
  };

  it('a digest of 5,000 cases lists the first MAIL_LIST_MAX whole and counts the rest', () => {
    const m = digestOf(realUrl);
    within(m);
    expect(m.subject).toBe('[Conduct Desk] Reminders: 5000 cases need attention');
    expect(m.body.match(/Case page for /g)).toHaveLength(MAIL_LIST_MAX);
    expect(m.body).toContain(`${realUrl}${MAIL_LIST_MAX - 1}\n`);
    expect(m.body).not.toContain(`${realUrl}${MAIL_LIST_MAX}\n`);
    expect(m.body).toContain(
      `And ${5000 - MAIL_LIST_MAX} more cases need attention: this email lists ${MAIL_LIST_MAX},`,
    );
  });

  it('links five times as long shorten the list: every listed link whole, the rest counted', () => {
    const m = digestOf(hugeUrl);
    within(m);
    const listed = m.body.match(/Case page for /g)?.length ?? 0;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(MAIL_LIST_MAX);
    expect(m.body).toContain(`${hugeUrl}${listed - 1}\n`);
    expect(m.body).toContain(`And ${5000 - listed} more cases need attention: this email lists ${listed},`);
  });

  it('an alert of 2,000 lines with links (a paste over 2,000 rows) lists as many as fit and counts the rest', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `${code} ${i}: "Resolved", case page ${realUrl}${i}`);
    const m = committeeAlertMessage({ title: '2000 statuses were changed in the sheet', lines });
    within(m);
    const listed = m.body.match(/^- incomprehensible/gm)?.length ?? 0;
    expect(listed).toBeGreaterThan(50);
    expect(m.body).toContain(`${realUrl}${listed - 1}\n`);
    expect(m.body).toContain(`- And ${2000 - listed} more, not listed: one email holds no more.`);
    expect(committeeAlertMessage({ title: 'One', lines: lines.slice(0, 3) }).body).not.toContain('more, not listed');
  });

  it('a digest within the limit lists every case and adds no count', () => {
    const items = [{ codeName: code, needs: ['a deadline has passed'], casePageUrl: URL }];
    const m = reminderDigestMessage({ period: 'daily', items, total: 1 });
    expect(m.subject).toBe(`[Conduct Desk] Reminder: ${code} needs attention`);
    expect(m.body).not.toMatch(/more cases? needs?/);
  });

  it('an onboarding that shared 5,000 documents lists the first MAIL_LIST_MAX and points to the rest in Drive', () => {
    const cases = Array.from({ length: 5000 }, (_, i) => ({
      codeName: `${code} ${i}`,
      docUrl: `https://docs.google.com/document/d/${'d'.repeat(44)}${i}`,
      casePageUrl: `${realUrl}${i}`,
    }));
    const m = onboardingAccessMessage({ memberName: 'Ana', cases, total: cases.length });
    within(m);
    expect(m.subject).toBe('Access granted: 5000 cases');
    expect(m.body.match(/^Case page: /gm)).toHaveLength(MAIL_LIST_MAX);
    expect(m.body).toContain(
      `And ${5000 - MAIL_LIST_MAX} more documents: Google Drive lists them under "Shared with me".`,
    );
    expect(m.htmlBody).toContain(`And ${5000 - MAIL_LIST_MAX} more documents`);
  });
});

describe('the report Form not taking reports', () => {
  test('one reason per obstacle; none when the Form is live', () => {
    expect(formNotLiveReasons({ published: true, acceptingResponses: true, domainOnly: false })).toEqual([]);
    expect(formNotLiveReasons({ published: false, acceptingResponses: false, domainOnly: false })).toEqual([
      'The report Form is not published: nobody can open it.',
    ]);
    const closedAndDomain = formNotLiveReasons({ published: true, acceptingResponses: false, domainOnly: true });
    expect(closedAndDomain).toHaveLength(2);
    expect(closedAndDomain[0]).toMatch(/closed/);
    expect(closedAndDomain[1]).toMatch(/own domain/);
    expect(
      formNotLiveReasons({ published: true, acceptingResponses: true, domainOnly: false, restricted: true }),
    ).toEqual(['The report Form only accepts the people it is shared with: the community cannot answer it.']);
  });

  test('the message lists the reasons, says how to fix it, and links the Form only by an http(s) address', () => {
    const reasons = formNotLiveReasons({ published: false, acceptingResponses: false, domainOnly: true });
    const m = formNotLiveMessage({ reasons, formEditUrl: 'https://docs.google.com/forms/d/abc/edit' });
    expect(m.subject).toBe('[Conduct Desk] The report Form is not taking reports');
    for (const r of reasons) expect(m.body).toContain(r);
    expect(m.body).toMatch(/Run setup/);
    expect(m.htmlBody).toContain('href="https://docs.google.com/forms/d/abc/edit"');
    const unsafe = formNotLiveMessage({ reasons, formEditUrl: 'javascript:alert(1)' });
    expect(unsafe.htmlBody).not.toContain('href="javascript:');
  });
});

describe('the sharing of the stores changed', () => {
  test('lists each finding, and says whether something is left for the owner to do', () => {
    const findings = ['The report Form: 1 person besides the committee account had access; removed.', '<b>x</b>'];
    const done = storeDriftMessage({ findings, unrepaired: false });
    expect(done.subject).toBe("[Conduct Desk] The sharing of Conduct Desk's files was changed");
    expect(done.body).toContain(findings[0]);
    expect(done.body).toMatch(/Everything listed was put right/);
    expect(done.htmlBody).not.toContain('<b>x</b>');
    expect(storeDriftMessage({ findings, unrepaired: true }).body).toMatch(/could not be repaired by Conduct Desk/);
  });
});

describe('the warning before a purge', () => {
  const cases = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      codeName: `Case ${i}`,
      on: `2027-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    }));

  test('names at most PURGE_WARNING_LISTED cases and counts the rest, so a first check after an upgrade stays readable', () => {
    const m = purgeWarningMessage({ cases: cases(PURGE_WARNING_LISTED + 7), deleteDocs: false });
    expect(m.body).toContain(`Case ${PURGE_WARNING_LISTED - 1}:`);
    expect(m.body).not.toContain(`Case ${PURGE_WARNING_LISTED}:`);
    expect(m.body).toContain('and 7 more closed cases');
    expect(purgeWarningMessage({ cases: cases(PURGE_WARNING_LISTED), deleteDocs: false }).body).not.toMatch(
      /more closed/,
    );
  });

  test('says what happens to the Docs as Settings have it', () => {
    expect(purgeWarningMessage({ cases: cases(1), deleteDocs: false }).body).toMatch(/Each case Doc is kept/);
    const trashed = purgeWarningMessage({ cases: cases(1), deleteDocs: true }).body;
    expect(trashed).toMatch(/goes to the trash/);
    expect(trashed).not.toMatch(/is kept/);
  });
});

describe('a report that could not be opened as a case', () => {
  test('says when it arrived and where it is kept, and that it is tried again', () => {
    const m = intakeFailedMessage({ receivedAt: '2026-03-02 09:00 (Etc/UTC)' });
    expect(m.subject).toBe('[Conduct Desk] A report could not be opened as a case');
    expect(m.body).toContain('The report received 2026-03-02 09:00 (Etc/UTC) could not be turned into a case.');
    expect(m.body).toMatch(/tries it again every hour/);
    expect(m.body).toMatch(/intake\.failed/);
  });
});

describe("the committee's own words (Settings `Committee name`, `Community name`)", () => {
  afterEach(() => useVoice(null));

  const LETTER = { behaviour: 'b', impact: 'i', plan: 'p', consequences: 'c' };

  test('every message is signed with the committee name, and outside mail names it and the community', () => {
    useVoice({ committee: 'Quillfeather Conduct Team', community: 'the Quillfeather project' });
    for (const m of allMessages({ member: 'Orla Vantree', reporter: 'Pim Ostrander', reported: ['Zed Quorrin'] }))
      expect(m.body.endsWith('With care,\nthe Quillfeather Conduct Team')).toBe(true);
    const letter = letterMessage(LETTER);
    expect(letter.subject).toBe('A message from the Quillfeather Conduct Team');
    expect(letter.body).toContain(
      'The Quillfeather Conduct Team has reviewed a report about your behavior in the Quillfeather project.',
    );
    expect(acknowledgmentMessage({ followUpDays: 7 }).body).toContain(
      'Thank you for writing to the Quillfeather Conduct Team.',
    );
    const rec = recommendationMessage({
      spaceName: 'Forum',
      plan: 'p',
      consequences: 'c',
      moderatorUrl: URL,
      respondWithinDays: 7,
    });
    expect(rec.body).toContain('The Quillfeather Conduct Team has reviewed a report about behavior in Forum');
    expect(moderatorReminderMessage({ spaceName: 'Forum', moderatorUrl: URL, respondWithinDays: 7 }).body).toContain(
      'Thank you for helping keep the Quillfeather project safe.',
    );
    expect(onboardingMessage({ memberName: 'Orla Vantree', onboardUrl: URL, count: 0 }).subject).toBe(
      'Welcome to the Quillfeather Conduct Team',
    );
  });

  test('a name that starts with "The" gets no second article; HTML in a name is escaped', () => {
    useVoice({ committee: 'The <b>Conduct</b> Circle' });
    const m = letterMessage(LETTER);
    expect(m.subject).toBe('A message from The <b>Conduct</b> Circle');
    expect(m.body).toContain('\nThe <b>Conduct</b> Circle has reviewed');
    expect(m.htmlBody).toContain('The &lt;b&gt;Conduct&lt;/b&gt; Circle');
    expect(m.htmlBody).not.toContain('<b>Conduct</b>');
  });

  test('blank names, line breaks and control characters fall back or are flattened', () => {
    useVoice({ committee: '  ', community: 'the\r\nQuill\u0007 project' });
    const m = letterMessage(LETTER);
    expect(m.subject).toBe('A message from the Code of Conduct committee');
    expect(m.body).toContain('your behavior in the Quill project.');
  });
});
