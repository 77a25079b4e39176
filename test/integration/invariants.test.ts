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

describe('the invariant checker on code names in alerts (ADV-624)', () => {
  /** Sends an alert as the outbox records one, so the checker reads it as the product's (its kind from the Outbox). */
  function sendAlert(h: Desk, caseId: string, to: string, subject: string, body: string): void {
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Outbox')!;
      const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
      const row = header.map(() => '');
      const set = (name: string, value: string) => (row[header.indexOf(name)] = value);
      set('Key', `${caseId}|alert:${subject}|${to}`);
      set('Case ID', caseId);
      set('Kind', 'alert');
      set('To', to);
      set('Subject', subject);
      set('Body', body);
      set('State', 'sent');
      sheet.appendRow(row);
      MailApp.sendEmail(to, subject, body);
    });
    // Written as the product writes it: no cell the checker reads as a formula, so the mail is matched to its row.
    expect(findViolations(h.ws, h.k).filter((x) => /^[34]: /.test(x))).toEqual([]);
  }
  const named = (h: Desk, subject: string) =>
    findViolations(h.ws, h.k).filter((x) => x.startsWith(`2: alert "${subject}"`) && x.includes('names case'));

  test("a check link's line under the code name is no violation to a member yet to answer; another line naming it is", () => {
    const { h, caseId } = withCase();
    const code = registryRows(h, 'Cases')[0]['Code Name'];
    sendAlert(
      h,
      caseId,
      'cy@example.org',
      'Fresh links',
      `Hello,\n\n- No conflict (${code}): ${h.ws.webAppUrl}?t=abc.def`,
    );
    expect(named(h, 'Fresh links')).toEqual([]);
    sendAlert(h, caseId, 'cy@example.org', 'News', `Case ${code} has a vote open.`);
    expect(named(h, 'News')).toHaveLength(1);
  });

  test('the same line to a member who declared a conflict for the case is a violation', () => {
    const { h, caseId, cy } = withCase();
    const code = registryRows(h, 'Cases')[0]['Code Name'];
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Clearances')!;
      sheet.appendRow([caseId, cy, 'conflict', '2026-03-02T10:00:00.000Z', 'screening', 'none', '']);
    });
    sendAlert(
      h,
      caseId,
      'cy@example.org',
      'Fresh links',
      `Hello,\n\n- No conflict (${code}): ${h.ws.webAppUrl}?t=abc.def`,
    );
    expect(named(h, 'Fresh links')).toHaveLength(1);
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

describe('the invariant checker on bare handles the reporter says are theirs', () => {
  /** A report whose story names the reporter's handles without `@`, and the reported person's. */
  function withHandles(story: string): Desk {
    const h = startWorkspace();
    h.k.moderatorEmails.add('mods@example.org');
    submitAnswers(
      h,
      { 'Your email address': REPORTER.email, 'Who was involved?': 'Sam Doe (sam_d99)', 'What happened?': story },
      { reporter: REPORTER, reported: [{ name: 'Sam Doe' }] },
    );
    return h;
  }
  const toMods = (h: Desk, body: string) => {
    h.ws.runInProcess(() => MailApp.sendEmail('mods@example.org', 'A plan', body));
    return findViolations(h.ws, h.k).filter((x) => /^[257]: /.test(x));
  };

  test.each([
    ['My username is Kestrel77 on the forum.', 'kestrel77'],
    ['my discord handle: kestrel_77. Sam_d99 mocked me.', 'kestrel_77'],
    ['I am kestrel77 on Discord; sam_d99 kept mocking me.', 'kestrel77'],
    ['I’m on GitHub as kes-trel and sam_d99 closed my issues.', 'kes-trel'],
    ['You can find me on the forum as ｋｅｓｔ_ｑ.', 'kest_q'],
  ])('"%s": %s in a moderator\'s mail is a violation, the reported sam_d99 is not', (story, handle) => {
    const h = withHandles(story);
    expect(toMods(h, 'Please talk to sam_d99 about it.')).toEqual([]);
    expect(toMods(h, `The reporter is ${handle.toUpperCase()} there.`)).toEqual([
      expect.stringMatching(new RegExp(`^7: mail "A plan" to mods@example.org .* "${handle}"`)),
    ]);
  });

  test('sentences that say no handle protect no word: "I am active on Discord", "asked on the forum as well"', () => {
    const h = withHandles(
      'I am active on Discord, I asked on the forum as well, and my username is the same there. My handle was hidden.',
    );
    expect(toMods(h, 'Active users asked as well; the same was hidden.')).toEqual([]);
  });
});

describe('the invariant checker on the address a member corrected the reporter’s to (ADV-221, ADV-232)', () => {
  test('the corrected address, and an address its mail gives, reach no moderator; its mail is the reporter’s words', () => {
    const h = startWorkspace();
    h.k.moderatorEmails.add('mods@example.org');
    submitAnswers(
      h,
      { 'Your email address': 'rita.qeull@example.net', 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude.' },
      { reporter: { name: REPORTER.name, email: 'rita.qeull@example.net' }, reported: [{ name: 'Sam Doe' }] },
    );
    // As the case page's correction writes it (src/flows/reporter-address.ts), then the reporter writes from it.
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Cases')!;
      const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
      sheet.getRange(2, header.indexOf('Reporter Email') + 1).setValue('kq.real@example.net');
    });
    const sevens = () => findViolations(h.ws, h.k).filter((x) => /^[257]: /.test(x));
    expect(sevens()).toEqual([]);
    h.ws.receiveMail({
      from: 'kq.real@example.net',
      to: h.ws.owner,
      subject: 'My report',
      text: 'Or ola.b@example.org.',
    });
    h.ws.runInProcess(() => MailApp.sendEmail('mods@example.org', 'A plan', 'Ask ola.b@example.org.'));
    expect(sevens()).toEqual([expect.stringMatching(/^7: mail "A plan" .* "ola\.b@example\.org"/)]);
    // The registry no longer says it (a purge, or a second correction): the checker remembers it was the reporter's.
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Cases')!;
      const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
      sheet.getRange(2, header.indexOf('Reporter Email') + 1).setValue('');
    });
    h.ws.runInProcess(() => MailApp.sendEmail('mods@example.org', 'More', 'Write to kq.real@example.net.'));
    expect(sevens()).toEqual([
      expect.stringMatching(/^7: mail "A plan" .* "ola\.b@example\.org"/),
      expect.stringMatching(/^7: mail "More" .* "kq\.real@example\.net"/),
    ]);
  });
});

describe('the invariant checker on the other surfaces the emulator keeps', () => {
  const fives = (h: Desk) => findViolations(h.ws, h.k).filter((x) => /^[25]: /.test(x));

  test("a mail's sender name is read: the name a member's inbox lists is a violation when it names the reporter", () => {
    const { h } = withCase();
    h.ws.runInProcess(() => MailApp.sendEmail('cy@example.org', 'A case', 'Open your page.', { name: 'Rita Q.' }));
    expect(fives(h)).toEqual([
      expect.stringMatching(/^5: the sender name "Rita Q\." of "A case" carries "rita"/),
      expect.stringMatching(/^2: mail "A case" to cy@example.org, not cleared .* "rita"/),
    ]);
  });

  test('a spreadsheet or a tab the account names after the reporter is a violation', () => {
    const { h } = withCase();
    expect(fives(h)).toEqual([]);
    h.ws.runInProcess(() => {
      SpreadsheetApp.create('Archive of Quell');
      SpreadsheetApp.create('rita.quell@example.net');
      SpreadsheetApp.openById(h.ids.status).insertSheet('Rita');
    });
    expect(fives(h)).toEqual([
      '5: file name "Archive of Quell" carries "quell"',
      '5: file name "rita.quell@example.net" carries "rita."',
      expect.stringMatching(/^5: tab "Rita" of ".*" carries "rita"/),
    ]);
  });

  test("the report Form's own texts (description, confirmation, a question's help), which anyone reads, name nobody", () => {
    const { h } = withCase();
    // The texts setup gave it, seen at a check as every step's check sees them, are its own words.
    expect(fives(h)).toEqual([]);
    h.ws.runInProcess(() => FormApp.openById(h.ids.form).setConfirmationMessage('Thanks; Sam Doe is already known.'));
    expect(fives(h)).toEqual([expect.stringMatching(/^5: the Form ".*" carries "sam doe" in its own texts/)]);
  });

  test('any event the account puts on its calendar, not only a case meeting, names nobody', () => {
    const { h } = withCase();
    h.ws.runInProcess(() => {
      const start = new Date('2026-03-09T10:00:00Z');
      CalendarApp.createEvent('Committee call', start, new Date(start.getTime() + 3600_000), {
        description: 'About what Rita Quell wrote',
      });
    });
    expect(fives(h)).toEqual(['5: the event "Committee call" carries "rita quell"']);
  });

  test("a page's field values, placeholders and mail links are read; the signed token's hidden field is not", () => {
    const { h, caseId, cy } = withCase();
    const token = `<input type="hidden" name="t" value="x5rita9y">`;
    servePage(h, cy, caseId, `<form>${token}<input name="op" type="hidden" value="reply"></form>`);
    expect(fives(h)).toEqual([]);
    servePage(h, cy, caseId, `<form><input name="to" value="rita.quell@example.net"></form>`);
    servePage(h, cy, caseId, `<p><a href="mailto:rita.quell@example.net">the reporter</a></p>`);
    // (The name's first word is the first needle found in the address.)
    expect(fives(h)).toEqual([
      expect.stringMatching(/^2: a page "Case" shown to cy@example.org carries "rita\."/),
      expect.stringMatching(/^2: a page "Case" shown to cy@example.org carries ":rita\."/),
    ]);
  });

  test("an execution's error message (the Executions list, Cloud logs) naming the reporter is a violation, once read", () => {
    const { h } = withCase();
    h.ws.runInProcess(() => {
      throw new Error('Could not write to rita.quell@example.net');
    });
    const found = fives(h);
    expect(found).toEqual([
      expect.stringMatching(/^5: the error of execution in-process ".*rita\.quell@example\.net" carries "rita\."/),
    ]);
    expect(fives(h)).toEqual(found);
  });
});

describe('the invariant checker on the Conflicts tab and on mail the outbox says went to an outsider', () => {
  const found = (h: Desk, prefix: RegExp) => findViolations(h.ws, h.k).filter((x) => prefix.test(x));

  test("a Conflicts row naming the reporter is a violation; a member's roster name there is not", () => {
    const { h } = withCase();
    const code = registryRows(h, 'Cases')[0]['Code Name'];
    const append = (member: string) =>
      h.ws.runInProcess(() =>
        SpreadsheetApp.openById(h.ids.status).getSheetByName('Conflicts')!.appendRow([code, member, '2026-03-02']),
      );
    append('Ana Lima');
    expect(found(h, /^5: /)).toEqual([]);
    append('Rita Quell');
    expect(found(h, /^5: /)).toEqual(['5: Conflicts cell "Rita Quell" carries "rita quell"']);
  });

  test.each([
    ['a recommendation', 'recommendation', 'mods2@example.org'],
    // SECURITY.md: the redaction guard covers text to the escalation contact as to moderators.
    ['an escalation', 'escalation', 'board2@example.org'],
  ])(
    'mail to the address of %s the outbox sent is checked as an outsider’s, though no test declared it',
    (_label, kind, to) => {
      const { h, caseId } = withCase();
      h.ws.runInProcess(() => {
        const sheet = SpreadsheetApp.openById(h.ids.registry).getSheetByName('Outbox')!;
        const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
        const row = header.map(() => '');
        const set = (name: string, value: string) => (row[header.indexOf(name)] = value);
        set('Key', `${caseId}|${kind}:v1|${to}`);
        set('Case ID', caseId);
        set('Kind', kind);
        set('To', to);
        set('Subject', 'A recommendation');
        set('State', 'pending');
        sheet.appendRow(row);
      });
      expect(found(h, /^7: /)).toEqual([]);
      h.ws.runInProcess(() => MailApp.sendEmail(to, 'Again', 'Rita reported it.'));
      expect(found(h, /^7: /)).toEqual([expect.stringMatching(new RegExp(`^7: mail "Again" to ${to} .* "rita"`))]);
    },
  );
});

describe('the invariant checker beside the cells and files members read', () => {
  test('a note on a status cell naming the reporter is a violation, unless a person wrote it on a cell the test lists', () => {
    const { h } = withCase();
    const code = registryRows(h, 'Cases')[0]['Code Name'];
    const row = h.ws.data.sheet(h.ids.status, 'Cases').rows.findIndex((x) => x.includes(code)) + 1;
    const header = h.ws.data.sheet(h.ids.status, 'Cases').rows[0].map(String);
    h.ws.runInProcess(() =>
      SpreadsheetApp.openById(h.ids.status)
        .getSheetByName('Cases')!
        .getRange(row, header.indexOf('Resolution') + 1)
        .setNote('Ｒｉｔａ asked for an update'),
    );
    expect(findViolations(h.ws, h.k)).toEqual([expect.stringMatching(/^5: the note on Cases!R\d+C\d+ carries "rita"/)]);
    h.k.humanTextCells = new Set([`${code.toLowerCase()}|Resolution`]);
    expect(findViolations(h.ws, h.k)).toEqual([]);
  });

  test('a data-validation help text or a protection description of a status tab naming the reporter is a violation', () => {
    const { h } = withCase();
    h.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(h.ids.status).getSheetByName('Conflicts')!;
      sheet
        .getRange('C2')
        .setDataValidation(
          SpreadsheetApp.newDataValidation().requireValueInList(['a']).setHelpText('Ask Rita').build(),
        );
      sheet.getRange('A1:A2').protect().setDescription('Quell only');
    });
    expect(findViolations(h.ws, h.k)).toEqual([
      '5: a data-validation help text of the status tab "Conflicts" carries "rita": "Ask Rita"',
      '5: a protection description of the status tab "Conflicts" carries "quell": "Quell only"',
    ]);
  });

  test('a cell of the Policy changes tab naming the reporter is a violation', () => {
    const { h } = withCase();
    h.ws.runInProcess(() =>
      SpreadsheetApp.openById(h.ids.status)
        .getSheetByName('Policy changes')!
        .appendRow(['1', 'Rules after Rita Quell']),
    );
    expect(findViolations(h.ws, h.k)).toEqual([
      expect.stringMatching(/^5: Policy changes cell "Rules after Rita Quell" carries "rita quell"/),
    ]);
  });

  test('a Drive description naming the reporter is a violation on the status spreadsheet, not on the case Doc', () => {
    const { h } = withCase();
    const doc = registryRows(h, 'Cases')[0]['Doc ID'];
    h.ws.runInProcess(() => DriveApp.getFileById(doc).setDescription('Reported by Rita Quell'));
    expect(findViolations(h.ws, h.k)).toEqual([]);
    h.ws.runInProcess(() => DriveApp.getFileById(h.ids.status).setDescription('Rita Quell\u2019s case is in row 2'));
    expect(findViolations(h.ws, h.k)).toEqual([
      expect.stringMatching(/^5: the Drive description of ".*" carries "rita quell/),
    ]);
  });
});
