// Conflict screening through the built bundle: default deny, silent individual sharing, conflict at any time, repeat-safety, fallback recording (DESIGN §3.3, invariants after every step).
import {
  answerLink,
  docEditors,
  formFor,
  formView,
  memberId,
  newestLink,
  open,
  pageText,
  press,
  registryRows,
  startDesk,
  stateFingerprint,
  statusRows,
  submitReport,
  type Desk,
} from './desk';
import { offeredOperations } from '../../workbench';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' as const };
const CY = { name: 'Cy Park', email: 'cy@example.org' };

function deskWithCase(options: { noGoogleAccount?: string[] } = {}): {
  desk: Desk;
  caseId: string;
  docId: string;
  codeName: string;
} {
  const desk = startDesk({ members: [ANA, BO, CY], noGoogleAccount: options.noGoogleAccount });
  const kase = submitReport(desk, {
    reporter: { name: 'Rita Quell', email: 'rita@example.net' },
    reported: ['Sam Doe'],
    witnesses: ['Wes Tarn'],
  });
  return { desk, ...kase };
}

describe('screening: no conflict', () => {
  test('the screening email names the reported person, never the reporter or witnesses, and grants nothing by itself', () => {
    const { desk, docId } = deskWithCase();
    const mail = newestLink(desk, ANA.email, 'no-conflict').mail;
    expect(mail.body).toContain('Sam Doe');
    expect(mail.body).not.toMatch(/Rita|Quell|rita@example\.net|Wes|Tarn/);
    expect(docEditors(desk, docId)).toEqual([]);
    expect(desk.ws.data.doc(docId).everHadAccess).toEqual([desk.ws.owner]);
  });

  test('GET shows a confirmation page and changes nothing', () => {
    const { desk, codeName } = deskWithCase();
    const before = stateFingerprint(desk);
    const page = open(desk, newestLink(desk, ANA.email, 'no-conflict').url);
    expect(stateFingerprint(desk)).toBe(before);
    expect(pageText(page)).toContain('I have no conflict of interest with the people involved in this report');
    expect(pageText(page)).toContain(codeName);
    expect(pageText(page)).toContain('Sam Doe');
    const form = formFor(page, 'no-conflict');
    expect(form.method).toBe('post');
    expect(form.action).toBe(desk.ws.webAppUrl);
    expect(Object.keys(formView(form).checkboxes)).toEqual(['confirm']);
  });

  test('POST without the ticked box changes nothing and asks again', () => {
    const { desk } = deskWithCase();
    const page = open(desk, newestLink(desk, ANA.email, 'no-conflict').url);
    const before = stateFingerprint(desk);
    const response = press(desk, page, 'no-conflict', { tick: false });
    expect(stateFingerprint(desk)).toBe(before);
    expect(pageText(response)).toContain('Please tick the box');
    expect(formFor(response, 'no-conflict')).toBeTruthy();
  });

  test('a confirmed "no conflict" shares the Doc with that member alone, silently, records it, logs it and mails the links', () => {
    const { desk, caseId, docId, codeName } = deskWithCase();
    const mailsBefore = desk.ws.mail().length;
    const response = answerLink(desk, newestLink(desk, ANA.email, 'no-conflict'), 'no-conflict');
    expect(pageText(response)).toContain('You have access');

    expect(docEditors(desk, docId)).toEqual([ANA.email]);
    const shares = desk.ws.data.shares().filter((s) => s.docId === docId);
    expect(shares).toEqual([
      expect.objectContaining({ email: ANA.email, silent: true, via: 'Drive.Permissions.create' }),
    ]);
    expect(desk.ws.data.shareNotifications().filter((n) => n.fileId === docId)).toEqual([]);

    const clearance = registryRows(desk, 'Clearances');
    expect(clearance).toEqual([
      expect.objectContaining({
        'Case ID': caseId,
        'Member ID': memberId(desk, ANA.email),
        Decision: 'no-conflict',
        Via: 'screening',
        Share: 'silent',
      }),
    ]);
    expect(desk.ws.data.doc(docId).text).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ — Ana Lima declared no conflict of interest \(screening\); the document was shared with them\./,
    );

    const newMail = desk.ws.mail().slice(mailsBefore);
    expect(newMail.map((m) => m.to)).toEqual([[ANA.email]]);
    expect(newMail[0].subject).toBe(`Access granted: ${codeName}`);
    expect(newMail[0].body).toContain(`https://docs.google.com/document/d/${docId}/edit`);
    const casePage = newestLink(desk, ANA.email, 'case', caseId);
    expect(casePage.claims.sub).toBe(memberId(desk, ANA.email));

    // Bo and Cy said nothing: silence means no access.
    for (const other of [BO.email, CY.email]) expect(desk.ws.data.doc(docId).everHadAccess).not.toContain(other);
  });

  test('repeating the POST is harmless: one record, one share, one email', () => {
    const { desk, docId } = deskWithCase();
    const page = open(desk, newestLink(desk, ANA.email, 'no-conflict').url);
    press(desk, page, 'no-conflict');
    const after = stateFingerprint(desk);
    // The same page submitted again (a double click, or the tab sent again).
    const again = press(desk, page, 'no-conflict');
    expect(pageText(again)).toContain('You already have access');
    expect(stateFingerprint(desk)).toBe(after);
    expect(registryRows(desk, 'Clearances')).toHaveLength(1);
    expect(desk.ws.data.shares().filter((s) => s.docId === docId)).toHaveLength(1);
    expect(desk.ws.mailTo(ANA.email).filter((m) => m.subject.startsWith('Access granted'))).toHaveLength(1);
  });

  test('an address without a Google account gets the recorded fallback, and the committee is told', () => {
    const { desk, docId, codeName } = deskWithCase({ noGoogleAccount: [CY.email] });
    const response = answerLink(desk, newestLink(desk, CY.email, 'no-conflict'), 'no-conflict');
    expect(pageText(response)).toContain('no Google account');
    expect(docEditors(desk, docId)).toEqual([CY.email]);
    expect(desk.ws.data.shares().filter((s) => s.docId === docId)).toEqual([
      expect.objectContaining({ email: CY.email, silent: false }),
    ]);
    const record = registryRows(desk, 'Clearances').find((c) => c['Member ID'] === memberId(desk, CY.email));
    expect(record).toEqual(expect.objectContaining({ Share: 'fallback' }));
    expect(record?.Note).toMatch(/no Google account/);
    const alerts = desk.ws
      .mail()
      .filter((m) => m.subject.includes('A case document was shared with a Google notification'));
    // ADV-206: the member cleared for the case and the committee account; Ana and Bo, yet to answer, are not told.
    expect(alerts.map((m) => m.to[0]).sort()).toEqual([CY.email, desk.ws.owner].sort());
    expect(alerts[0].subject).toContain(codeName);
  });
});

describe('ADV-469 the same alert again the same day', () => {
  test('ADV-469 a second address without a Google account: the Audit tab says who was already alerted, not "(0 people)"', () => {
    const { desk } = deskWithCase({ noGoogleAccount: [CY.email, ANA.email] });
    for (const m of [CY, ANA]) answerLink(desk, newestLink(desk, m.email, 'no-conflict'), 'no-conflict');
    const alerted = registryRows(desk, 'Audit').filter((a) => a.Event === 'case.alerted');
    // Before: the second read "(1 people)", as if Cy and the committee account had not been told.
    expect(alerted.map((a) => a.Detail)).toEqual([
      'A case document was shared with a Google notification (2 alerted)',
      'A case document was shared with a Google notification (1 alerted, 2 already alerted)',
    ]);
    // Already alerted indeed: the committee account and Cy have the one alert each.
    for (const to of [desk.ws.owner, CY.email])
      expect(desk.ws.mailTo(to).filter((m) => /A case document was shared with a Google/.test(m.subject))).toHaveLength(
        1,
      );
  });
});

describe('screening: alerts about a case go to those cleared for it', () => {
  test('ADV-206 a removal Drive did not confirm is told to the members cleared for the case and the committee account only', () => {
    // Before: to every active member, Bo (yet to answer the check) too, with the code name.
    const { desk, codeName } = deskWithCase();
    for (const m of [ANA, CY]) answerLink(desk, newestLink(desk, m.email, 'no-conflict'), 'no-conflict');
    const removes = desk.ws.rt.totals['Drive.Permissions.remove'] ?? 0;
    desk.ws.rt.faults = [{ call: 'Drive.Permissions.remove', nth: removes + 1, times: 5 }];
    answerLink(desk, newestLink(desk, CY.email, 'conflict'), 'conflict');
    desk.ws.rt.faults = [];
    const alerts = desk.ws.mail().filter((m) => m.subject.includes('could not be confirmed as removed'));
    expect(alerts.map((m) => m.to[0]).sort()).toEqual([ANA.email, desk.ws.owner].sort());
    expect(alerts[0].subject).toContain(codeName);
  });
});

describe('screening: who the page names', () => {
  test('ADV-135 the page that grants names everyone the screening email named: a handle beside a name, an address alone', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['sam.doe@example.com'] });
    submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Max Power', '@troll42'] });
    const named = [
      { caseId: desk.cases[0].caseId, people: ['sam.doe@example.com'] },
      { caseId: desk.cases[1].caseId, people: ['Max Power', 'troll42'] },
    ];
    for (const { caseId, people } of named) {
      const link = newestLink(desk, ANA.email, 'no-conflict', caseId);
      const page = pageText(open(desk, link.url));
      for (const person of people) {
        expect(link.mail.body).toContain(person);
        // Before "Confirm: no conflict" (I have no conflict of interest with the people involved), the page lists them.
        expect(page).toMatch(new RegExp(`involves: .*${person.replace(/[.@]/g, '\\$&')}.* If you have no conflict`));
      }
    }
  });
});

describe('screening: conflict', () => {
  test('"conflict" is recorded without a reason, in Conflicts and the registry, and never grants', () => {
    const { desk, caseId, docId, codeName } = deskWithCase();
    const page = open(desk, newestLink(desk, BO.email, 'conflict').url);
    expect(offeredOperations(page.page)).toEqual(['conflict']);
    expect(page.response.body).not.toMatch(/<textarea|type="text"/); // no reason is ever asked
    const response = answerLink(desk, newestLink(desk, BO.email, 'conflict'), 'conflict');
    expect(pageText(response)).toContain('Your conflict is recorded');
    expect(registryRows(desk, 'Clearances')).toEqual([
      expect.objectContaining({ 'Case ID': caseId, Decision: 'conflict', Share: 'none' }),
    ]);
    expect(statusRows(desk, 'Conflicts')).toEqual([
      expect.objectContaining({ 'Code Name': codeName, Member: 'Bo Chen' }),
    ]);
    expect(desk.ws.data.doc(docId).everHadAccess).not.toContain(BO.email);
    expect(desk.ws.mailTo(BO.email).some((m) => m.subject === `Conflict recorded: ${codeName}`)).toBe(true);
  });

  test('a conflict declared after "no conflict" revokes at once (re-read confirms) and the no-conflict link cannot undo it', () => {
    const { desk, docId } = deskWithCase();
    answerLink(desk, newestLink(desk, ANA.email, 'no-conflict'), 'no-conflict');
    expect(docEditors(desk, docId)).toEqual([ANA.email]);

    // Later, from the same email's "No conflict" link page, Ana records a conflict.
    const noConflictLink = newestLink(desk, ANA.email, 'no-conflict');
    const response = answerLink(desk, noConflictLink, 'conflict');
    expect(pageText(response)).toContain('Your access to the case document has been removed');
    expect(docEditors(desk, docId)).toEqual([]);
    const history = desk.ws.data.accessHistory(docId).filter((e) => e.principal === ANA.email);
    expect(history.map((e) => e.change)).toEqual(['grant', 'revoke']);
    const decisions = registryRows(desk, 'Clearances').map((c) => [c.Decision, c.Share]);
    expect(decisions).toEqual([
      ['no-conflict', 'silent'],
      ['conflict', 'revoked'],
    ]);
    expect(desk.ws.data.doc(docId).text).toContain(
      'Ana Lima declared a conflict of interest (screening); their access was removed.',
    );

    // The no-conflict link no longer offers "no conflict"; a forged POST of it changes nothing.
    const page = desk.ws.webGet(noConflictLink.url);
    expect(pageText(page)).toContain('Your conflict is recorded');
    const before = stateFingerprint(desk);
    const forged = desk.ws.webPost(desk.ws.webAppUrl, { t: noConflictLink.token, op: 'no-conflict', confirm: 'yes' });
    desk.check();
    expect(pageText(forged)).toContain('A conflict is recorded for you');
    expect(stateFingerprint(desk)).toBe(before);
    expect(docEditors(desk, docId)).toEqual([]);
  });

  test('the Conflict link can never grant, even with a forged op', () => {
    const { desk, docId } = deskWithCase();
    const link = newestLink(desk, CY.email, 'conflict');
    const before = stateFingerprint(desk);
    const response = desk.ws.webPost(desk.ws.webAppUrl, { t: link.token, op: 'no-conflict', confirm: 'yes' });
    desk.check();
    expect(stateFingerprint(desk)).toBe(before);
    expect(pageText(response)).toContain('Nothing has been changed');
    expect(desk.ws.data.doc(docId).everHadAccess).not.toContain(CY.email);
  });

  test('a conflict declared through the case page revokes too', () => {
    const { desk, caseId, docId } = deskWithCase();
    answerLink(desk, newestLink(desk, ANA.email, 'no-conflict'), 'no-conflict');
    const casePage = open(desk, newestLink(desk, ANA.email, 'case', caseId).url);
    expect(offeredOperations(casePage.page)).toContain('conflict');
    answerLink(desk, newestLink(desk, ANA.email, 'case', caseId), 'conflict');
    expect(docEditors(desk, docId)).toEqual([]);
    expect(registryRows(desk, 'Clearances').map((c) => c.Via)).toEqual(['screening', 'case-page']);
  });

  test('a member who never answers never gets access, whatever others do', () => {
    const { desk, docId } = deskWithCase();
    answerLink(desk, newestLink(desk, ANA.email, 'no-conflict'), 'no-conflict');
    answerLink(desk, newestLink(desk, BO.email, 'conflict'), 'conflict');
    desk.ws.advance(3 * 24 * 3600 * 1000);
    desk.check();
    expect(desk.ws.data.doc(docId).everHadAccess.sort()).toEqual([ANA.email, desk.ws.owner].sort());
  });
});
