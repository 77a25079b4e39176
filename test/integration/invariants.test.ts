// The checker itself: it must see a leak on every surface a person reads — a page shown to a member not cleared for the case, a member's alert — after Unicode folding, and stay quiet for a cleared member and for a member's own name.
import { findViolations } from './invariants';
import { addMemberRow, registryRows, startWorkspace, submitAnswers, type Desk } from './desk';

const REPORTER = { name: 'Rita Quell', email: 'rita.quell@example.net' };

function withCase(): { h: Desk; caseId: string; ana: string; cy: string } {
  const h = startWorkspace();
  submitAnswers(
    h,
    { 'Your name': REPORTER.name, 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies in the forum.' },
    { reporter: REPORTER, reported: [{ name: 'Sam Doe' }] },
  );
  const caseId = registryRows(h, 'Cases')[0]['Case ID'];
  const id = (email: string) => registryRows(h, 'Members').find((m) => m.Email === email)!['Member ID'];
  return { h, caseId, ana: id('ana@example.org'), cy: id('cy@example.org') };
}

/** Serves a page as if the product had rendered `html` for a link made out to `sub` for case `cid`. */
function servePage(h: Desk, sub: string, cid: string, html: string): void {
  const payload = Buffer.from(JSON.stringify({ sub, cid, act: 'case', exp: 0 })).toString('base64url');
  const url = `${h.ws.webAppUrl}?t=${payload}.signature`;
  const render = () => HtmlService.createHtmlOutput(html).setTitle('Case');
  h.ws.webInProcess('GET', url, {}, { doGet: render, doPost: render });
}

describe('the invariant checker on pages', () => {
  test('a page carrying the reporter, in styled or look-alike letters, to a member not cleared is a violation', () => {
    const { h, caseId, cy } = withCase();
    expect(findViolations(h.ws, h.k)).toEqual([]);
    servePage(h, cy, caseId, '<p>Reported by 𝐑𝐢𝐭𝐚 Qu\u00adell</p>');
    expect(findViolations(h.ws, h.k)).toEqual([
      expect.stringMatching(/^2: a page "Case" shown to cy@example.org carries "rita quell"/),
    ]);
  });

  test('the same page to a member cleared for the case is not; nor is a page naming only the reported person', () => {
    const { h, caseId, ana, cy } = withCase();
    // Ana's "no conflict", recorded in the registry as screening records it.
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Clearances')!;
      sheet.appendRow([caseId, ana, 'no-conflict', '2026-03-02T10:00:00.000Z', 'screening', 'silent', '']);
    });
    servePage(h, ana, caseId, '<p>Reported by Rita Quell</p>');
    servePage(h, cy, caseId, '<p>Case about Sam Doe</p>');
    expect(findViolations(h.ws, h.k)).toEqual([]);
  });

  test("a member's own name is no leak, even when it shares a word with the reporter's", () => {
    const { h, caseId } = withCase();
    addMemberRow(h, { name: 'Quell Moss', email: 'quell@example.org' });
    submitAnswers(
      h,
      { 'Who was involved?': 'Kim Vale', 'What happened?': 'Spam.' },
      { reported: [{ name: 'Kim Vale' }] },
    );
    const quell = registryRows(h, 'Members').find((m) => m.Email === 'quell@example.org')!['Member ID'];
    servePage(h, quell, caseId, '<p>Welcome, Quell Moss.</p>');
    expect(findViolations(h.ws, h.k)).toEqual([]);
  });
});

describe('the invariant checker on other cases named on a case page (pattern awareness)', () => {
  test('a page about one case naming another case its reader is not cleared for is a violation; cleared, it is not', () => {
    const { h, caseId, ana, cy } = withCase();
    submitAnswers(
      h,
      { 'Who was involved?': 'Sam Doe', 'What happened?': 'Again.' },
      { reported: [{ name: 'Sam Doe' }] },
    );
    const [first, second] = registryRows(h, 'Cases');
    expect(first['Case ID']).toBe(caseId);
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Clearances')!;
      for (const id of [caseId, second['Case ID']])
        sheet.appendRow([id, ana, 'no-conflict', '2026-03-02T10:00:00.000Z', 'screening', 'silent', '']);
      sheet.appendRow([second['Case ID'], cy, 'no-conflict', '2026-03-02T10:00:00.000Z', 'screening', 'silent', '']);
    });
    const html = `<p>Earlier: case ${first['Code Name'].toUpperCase()} (Ongoing)</p>`;
    servePage(h, ana, second['Case ID'], html);
    expect(findViolations(h.ws, h.k)).toEqual([]);
    servePage(h, cy, second['Case ID'], html);
    expect(findViolations(h.ws, h.k)).toEqual([
      `2: a page "Case" about case ${second['Case ID']} names case ${caseId} to ${cy}, not cleared for it`,
    ]);
  });
});

describe('the invariant checker on mail to members', () => {
  test('an alert to a member not cleared for the case carrying the reporter, fullwidth, is a violation', () => {
    const { h } = withCase();
    h.ws.runInProcess(() => MailApp.sendEmail('cy@example.org', 'About a case', 'The reporter ＲＩＴＡ wrote again.'));
    expect(findViolations(h.ws, h.k)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2: mail "About a case" to cy@example.org, not cleared .* "rita"/),
      ]),
    );
  });

  test('regression crash-intake-seed-11: a name-like run inside a signed link token is chance, the same word in text is not', () => {
    const { h } = withCase();
    const reporter = h.k.people[0].reporter?.name?.split(' ')[0] ?? '';
    expect(reporter.length).toBeGreaterThan(2);
    const token = `abc5${reporter.toLowerCase()}9def.x_y-z`;
    h.ws.runInProcess(() => MailApp.sendEmail('cy@example.org', 'A link', `Open it: ${h.ws.webAppUrl}?t=${token}`));
    expect(findViolations(h.ws, h.k).filter((x) => x.startsWith('2:') && x.includes('"A link"'))).toEqual([]);
    h.ws.runInProcess(() => MailApp.sendEmail('cy@example.org', 'A name', `Ask 5${reporter}9 about it.`));
    expect(findViolations(h.ws, h.k).filter((x) => x.startsWith('2:') && x.includes('"A name"'))).not.toEqual([]);
  });
});

describe('the invariant checker on the calendar', () => {
  test("a guest of a case's meeting without a recorded no-conflict is a violation; a cleared member is not", () => {
    const { h, caseId, ana } = withCase();
    const kase = registryRows(h, 'Cases')[0];
    h.ws.runInProcess(() => {
      SpreadsheetApp.openById(h.ids.registry)
        .getSheetByName('Clearances')!
        .appendRow([caseId, ana, 'no-conflict', '2026-03-02T10:00:00.000Z', 'screening', 'silent', '']);
      const start = new Date('2026-03-05T15:00:00Z');
      const event = CalendarApp.createEvent(kase['Code Name'], start, new Date(start.getTime() + 3600_000));
      event.setTag('conductDeskMeeting', `${caseId}|${start.toISOString()}`);
      event.addGuest('ana@example.org');
    });
    expect(findViolations(h.ws, h.k)).toEqual([]);
    h.ws.runInProcess(() => {
      const [event] = CalendarApp.getEvents(new Date('2026-03-05T00:00:00Z'), new Date('2026-03-06T00:00:00Z'));
      event.addGuest('cy@example.org');
      // Taken off again at once: having been a guest is enough.
      event.removeGuest('cy@example.org');
    });
    expect(findViolations(h.ws, h.k)).toEqual([
      `2: cy@example.org was made a guest of the meeting "${kase['Code Name']}" without a recorded no-conflict`,
    ]);
  });
});

describe('the invariant checker on meetings', () => {
  test('a guest of a case meeting never cleared for it, and a meeting titled with a name, are violations', () => {
    const { h, caseId } = withCase();
    h.ws.runInProcess(() => {
      const start = new Date('2026-03-09T10:00:00Z');
      const event = CalendarApp.createEvent('Sam Doe', start, new Date(start.getTime() + 3600_000));
      event.setTag('conductDeskMeeting', `${caseId}|${start.toISOString()}`);
      event.addGuest('cy@example.org');
    });
    expect(findViolations(h.ws, h.k)).toEqual([
      expect.stringMatching(/^2: cy@example.org was made a guest of the meeting "Sam Doe"/),
      expect.stringMatching(/^5: the meeting "Sam Doe" carries "sam doe"/),
    ]);
  });
});

describe('the invariant checker on the outbox', () => {
  test('a message cut at the cell limit is a violation (ADV-372)', () => {
    const { h } = withCase();
    expect(findViolations(h.ws, h.k)).toEqual([]);
    const { value: key } = h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Outbox')!;
      const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
      sheet.getRange(2, header.indexOf('Body') + 1).setValue(`${'x'.repeat(49_990)}…`);
      return String(sheet.getRange(2, 1).getValue());
    });
    expect(findViolations(h.ws, h.k)).toContain(`3: outbox row ${key} holds a message cut at the cell's limit`);
  });
});

describe('the invariant checker on everyone the reporter wrote of (ADV-544)', () => {
  /** A report whose story gives a witness's address and handle, declared to the checker with no witness at all. */
  function withStory(): Desk {
    const h = startWorkspace();
    h.k.moderatorEmails.add('mods@example.org');
    submitAnswers(
      h,
      {
        'Your email address': REPORTER.email,
        'Who was involved?': 'Sam Doe (sam.doe@example.com, @samdoe)',
        'What happened?': 'Sam Doe (@samdoe) mocked me; Ola Berg (ola.berg@example.org, @olab) heard it all.',
      },
      { reporter: REPORTER, reported: [{ name: 'Sam Doe' }] },
    );
    return h;
  }
  const sevens = (h: Desk) => findViolations(h.ws, h.k).filter((x) => /^[257]: /.test(x));

  test("a witness's address or handle from the story in a moderator's mail is a violation, though no test declared it", () => {
    const h = withStory();
    expect(sevens(h)).toEqual([]);
    h.ws.runInProcess(() =>
      MailApp.sendEmail('mods@example.org', 'A plan', 'Do not write to ＯＬＡ.berg@example.org.'),
    );
    expect(sevens(h)).toEqual([
      expect.stringMatching(/^7: mail "A plan" to mods@example.org .* "ola\.berg@example\.org"/),
    ]);
    const h2 = withStory();
    h2.ws.runInProcess(() => MailApp.sendEmail('mods@example.org', 'A plan', 'Ask @olab what they heard.'));
    expect(sevens(h2)).toEqual([expect.stringMatching(/^7: mail "A plan" .* "@olab"/)]);
  });

  test("an address the reporter gave in a reply (a second one of theirs) reaches no moderator; the reported person's own address and handle may", () => {
    const h = withStory();
    h.ws.receiveMail({
      from: REPORTER.email,
      to: h.ws.owner,
      subject: 'Re: your report',
      text: 'Or rq.home@example.com.',
    });
    h.ws.runInProcess(() => {
      MailApp.sendEmail('mods@example.org', 'Whose behavior', 'sam.doe@example.com (@samdoe) mocked a member.');
      MailApp.sendEmail('sam.doe@example.com', 'A message', 'About your behavior, @samdoe.');
    });
    expect(sevens(h)).toEqual([]);
    h.ws.runInProcess(() => MailApp.sendEmail('mods@example.org', 'More', 'The reporter is rq.home@example.com.'));
    expect(sevens(h)).toEqual([expect.stringMatching(/^7: mail "More" .* "rq\.home@example\.com"/)]);
  });

  test('a member not cleared for the case reads no address from the story; a cleared one may', () => {
    const h = withStory();
    const caseId = registryRows(h, 'Cases')[0]['Case ID'];
    const ana = registryRows(h, 'Members').find((m) => m.Email === 'ana@example.org')!['Member ID'];
    const cy = registryRows(h, 'Members').find((m) => m.Email === 'cy@example.org')!['Member ID'];
    h.ws.runInProcess(() => {
      SpreadsheetApp.openById(h.ids.registry)
        .getSheetByName('Clearances')!
        .appendRow([caseId, ana, 'no-conflict', '2026-03-02T10:00:00.000Z', 'screening', 'silent', '']);
    });
    servePage(h, ana, caseId, '<p>Witness: ola.berg@example.org</p>');
    expect(sevens(h)).toEqual([]);
    servePage(h, cy, caseId, '<p>Witness: ola.berg@example.org</p>');
    expect(sevens(h)).toEqual([expect.stringMatching(/^2: a page "Case" shown to cy@example.org carries "ola\.berg/)]);
  });
});
