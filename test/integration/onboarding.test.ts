// Onboarding and offboarding through the built bundle: a new member declares per reported person, only declared-clear cases are shared; a member made inactive or removed loses everything.
import {
  OWNER,
  addMember,
  answerLink,
  docEditors,
  expectNoErrors,
  formFor,
  formView,
  linkFor,
  linksIn,
  memberId,
  newestLink,
  open,
  pageText,
  press,
  registryRows,
  setActive,
  startDesk,
  stateFingerprint,
  statusRows,
  submitReport,
  type CaseInfo,
  type Desk,
  type Visit,
  genericBody,
} from './desk';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };
const CY = { name: 'Cy Park', email: 'cy@example.org' };

interface World {
  desk: Desk;
  sam: CaseInfo;
  kim: CaseInfo;
  samAndLee: CaseInfo;
}

/** A committee with three past cases: Sam Doe; Kim Roe; Sam Doe with Lee Ong. Reporters and witnesses are named too. */
function world(): World {
  const desk = startDesk({ members: [ANA, BO] });
  const sam = submitReport(desk, {
    reporter: { name: 'Rita Quell', email: 'rita@example.net' },
    reported: ['Sam Doe'],
    witnesses: ['Wes Tarn'],
  });
  const kim = submitReport(desk, { reporter: { name: 'Uma Vance' }, reported: ['Kim Roe'] });
  const samAndLee = submitReport(desk, { reported: ['Sam Doe', 'Lee Ong'], witnesses: ['Xia Yorke'] });
  return { desk, sam, kim, samAndLee };
}

function personField(page: Visit, label: string): string {
  const m = new RegExp(`<legend>${label}</legend>[\\s\\S]*?name="(person-\\d+)"`).exec(page.response.body);
  if (!m) throw new Error(`no fieldset for ${label}`);
  return m[1];
}

describe('onboarding', () => {
  test('a new active member gets the status sheet (individually, silently) and an onboarding link; the page lists only reported people, nothing pre-selected', () => {
    const { desk } = world();
    addMember(desk, CY);
    const member = registryRows(desk, 'Members').find((m) => m.Email === CY.email);
    expect(member).toEqual(expect.objectContaining({ Active: 'TRUE', 'Sheet Access': 'editor', 'Onboarded At': '' }));
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(CY.email);
    expect(desk.ws.data.shares().filter((s) => s.docId === desk.ids.status && s.email === CY.email)).toEqual([
      expect.objectContaining({ silent: true }),
    ]);
    expect(desk.ws.data.file(desk.ids.status).access).toBe('PRIVATE');

    const link = newestLink(desk, CY.email, 'onboard');
    expect(link.claims.cid).toBe('-');
    expect(link.mail.body).toContain('3 people');
    expect(link.mail.body).not.toMatch(/Sam|Kim|Lee|Rita|Uma|Wes|Xia/);

    const before = stateFingerprint(desk);
    const page = open(desk, link.url);
    expect(stateFingerprint(desk)).toBe(before);
    const legends = [...page.response.body.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);
    expect(legends).toEqual(['Kim Roe', 'Lee Ong', 'Sam Doe']);
    expect(pageText(page)).not.toMatch(/Rita|Quell|Uma|Vance|Wes|Tarn|Xia|Yorke/);
    const form = formView(formFor(page, 'onboard'));
    expect(Object.keys(form.radios)).toHaveLength(3);
    for (const values of Object.values(form.radios)) expect(values).toEqual(['no-conflict', 'conflict']);
    expect(form.checkedRadios).toEqual([]);
    expect(form.checkboxes).toEqual({ confirm: 'yes' });
  });

  test('"no conflict" shares exactly the cases cleared for every person named; "conflict" is recorded; silence shares nothing', () => {
    const { desk, sam, kim, samAndLee } = world();
    addMember(desk, CY);
    const page = open(desk, newestLink(desk, CY.email, 'onboard').url);
    const choices = { [personField(page, 'Sam Doe')]: 'no-conflict', [personField(page, 'Kim Roe')]: 'conflict' };

    // Unticked: nothing changes.
    const before = stateFingerprint(desk);
    const refused = press(desk, page, 'onboard', { tick: false, fields: choices });
    expect(pageText(refused)).toContain('Please tick the box');
    expect(stateFingerprint(desk)).toBe(before);

    const mailsBefore = desk.ws.mail().length;
    const response = press(desk, page, 'onboard', { fields: choices });
    expect(pageText(response)).toContain('One case document is now shared with you');
    expect(pageText(response)).toContain('one person unanswered');

    expect(docEditors(desk, sam.docId)).toEqual([CY.email]);
    expect(docEditors(desk, kim.docId)).toEqual([]);
    expect(docEditors(desk, samAndLee.docId)).toEqual([]); // Lee Ong was left unanswered
    for (const c of [kim, samAndLee]) expect(desk.ws.data.doc(c.docId).everHadAccess).not.toContain(CY.email);
    expect(desk.ws.data.shares().filter((s) => s.email === CY.email && s.docId === sam.docId)).toEqual([
      expect.objectContaining({ silent: true }),
    ]);

    const cy = memberId(desk, CY.email);
    const mine = registryRows(desk, 'Clearances').filter((c) => c['Member ID'] === cy);
    expect(mine.map((c) => [c['Case ID'], c.Decision, c.Via, c.Share]).sort()).toEqual(
      [
        [sam.caseId, 'no-conflict', 'onboarding', 'silent'],
        [kim.caseId, 'conflict', 'onboarding', 'none'],
      ].sort(),
    );
    expect(statusRows(desk, 'Conflicts')).toEqual([
      expect.objectContaining({ 'Code Name': kim.codeName, Member: 'Cy Park' }),
    ]);
    expect(registryRows(desk, 'Members').find((m) => m.Email === CY.email)?.['Onboarded At']).not.toBe('');
    expect(desk.ws.data.doc(sam.docId).text).toContain('Cy Park declared no conflict of interest (onboarding)');

    const sent = desk.ws.mail().slice(mailsBefore);
    expect(sent.map((m) => [m.to[0], m.subject])).toEqual([[CY.email, 'Access granted: 1 case']]);
    expect(sent[0].body).toContain(`Case ${sam.codeName}`);
    expect(sent[0].body).toContain(`Open the document: https://docs.google.com/document/d/${sam.docId}/edit`);
    expect(sent[0].body).not.toContain(kim.codeName);

    // Coming back: only the undecided case's people remain; answering both clears it.
    const again = open(desk, newestLink(desk, CY.email, 'onboard').url);
    expect([...again.response.body.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1])).toEqual([
      'Lee Ong',
      'Sam Doe',
    ]);
    press(desk, again, 'onboard', {
      fields: { [personField(again, 'Lee Ong')]: 'no-conflict', [personField(again, 'Sam Doe')]: 'no-conflict' },
    });
    expect(docEditors(desk, samAndLee.docId)).toEqual([CY.email]);
    const done = open(desk, newestLink(desk, CY.email, 'onboard').url);
    expect(pageText(done)).toContain('There is nothing for you to declare right now');
    expect(done.page.forms).toEqual([]);
  });

  test('a POST against a list that changed since the page was shown is refused and changes nothing', () => {
    const { desk } = world();
    addMember(desk, CY);
    const page = open(desk, newestLink(desk, CY.email, 'onboard').url);
    const choices = { [personField(page, 'Kim Roe')]: 'no-conflict' };
    submitReport(desk, { reported: ['Abe Fold'] }); // a new report shifts the list
    const before = stateFingerprint(desk);
    const response = press(desk, page, 'onboard', { fields: choices });
    expect(pageText(response)).toContain('The list changed');
    expect(stateFingerprint(desk)).toBe(before);
  });

  it('ADV-228 a new member double-clicks "Save my answers": the second answer says they are recorded, not that nothing changed', () => {
    const { desk, sam, kim } = world();
    addMember(desk, CY);
    const page = open(desk, newestLink(desk, CY.email, 'onboard').url);
    const choices = { [personField(page, 'Sam Doe')]: 'no-conflict', [personField(page, 'Kim Roe')]: 'conflict' };
    press(desk, page, 'onboard', { fields: choices });
    const second = press(desk, page, 'onboard', { fields: choices }); // the browser shows this one
    // Before: `The list changed while you were answering (a new report may have come in). Please check your answers
    // again. Nothing has been changed.` over a list without the two people just answered.
    expect(pageText(second)).not.toMatch(/Nothing has been changed|The list changed/);
    expect(pageText(second)).toContain('your answers are recorded');
    expect(docEditors(desk, sam.docId)).toEqual([CY.email]);
    expect(statusRows(desk, 'Conflicts').filter((r) => r['Code Name'] === kim.codeName)).toHaveLength(1);
    expect(desk.ws.mailTo(CY.email).filter((m) => /^Access granted/.test(m.subject))).toHaveLength(1);
    // Sent back with another answer for Sam Doe, it is a list that changed: refused, nothing changes.
    const before = stateFingerprint(desk);
    const changed = press(desk, page, 'onboard', {
      fields: { ...choices, [personField(page, 'Sam Doe')]: 'conflict' },
    });
    expect(pageText(changed)).toContain('The list changed');
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('members who joined before any case get no onboarding link; a tampered onboarding link gives the generic page', () => {
    const { desk } = world();
    addMember(desk, CY);
    const link = newestLink(desk, CY.email, 'onboard');
    const generic = desk.ws.webGet(desk.ws.webAppUrl).body;
    // A member with no past cases gets no link at all; Ana's onboarding predates every case.
    // (Its only links are `Record a report` and the voting member's `Propose a change`.)
    const welcome = desk.ws.mailTo(ANA.email).filter((m) => m.subject.startsWith('Welcome'));
    expect(welcome.flatMap((m) => linksIn(desk, m)).map((l) => l.claims.act)).toEqual(['record', 'propose']);
    const tamperedCase = `${link.token.split('.')[0].slice(0, -2)}xx.${link.token.split('.')[1]}`;
    expect(genericBody(desk.ws.webGet(linkFor(desk, tamperedCase)).body)).toBe(genericBody(generic));
  });
});

describe('offboarding', () => {
  test('a member made inactive loses every Doc and the status sheet at once; the committee is told; old links stop working', () => {
    const { desk, sam, kim } = world();
    for (const c of [sam, kim]) {
      answerLink(desk, newestLink(desk, BO.email, 'no-conflict', c.caseId), 'no-conflict');
    }
    expect(docEditors(desk, sam.docId)).toEqual([BO.email]);
    const oldLink = newestLink(desk, BO.email, 'no-conflict', sam.caseId);
    const mailsBefore = desk.ws.mail().length;

    setActive(desk, BO.email, false);
    expect(docEditors(desk, sam.docId)).toEqual([]);
    expect(docEditors(desk, kim.docId)).toEqual([]);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(BO.email);
    expect(registryRows(desk, 'Members').find((m) => m.Email === BO.email)).toEqual(
      expect.objectContaining({ Active: 'FALSE', 'Sheet Access': 'none' }),
    );
    const bo = memberId(desk, BO.email);
    expect(
      registryRows(desk, 'Clearances')
        .filter((c) => c['Member ID'] === bo && c.Decision === 'inactive')
        .map((c) => c.Share),
    ).toEqual(['revoked', 'revoked']);
    const alerts = desk.ws
      .mail()
      .slice(mailsBefore)
      .filter((m) => m.subject.includes('A member was made inactive'));
    expect(alerts.map((m) => m.to[0])).toEqual([ANA.email]);
    expect(alerts[0].body).toContain('2 case documents');

    const generic = desk.ws.webGet(desk.ws.webAppUrl).body;
    expect(genericBody(desk.ws.webGet(oldLink.url).body)).toBe(genericBody(generic));
  });

  test('a member whose row is deleted is offboarded at the next sync; made active again, they are asked again', () => {
    const { desk, sam } = world();
    answerLink(desk, newestLink(desk, BO.email, 'no-conflict', sam.caseId), 'no-conflict');
    // The owner deletes Bo's row (row 3), then edits Ana's name: the edit trigger syncs the roster.
    desk.ws.data.ui.deleteRow(OWNER, desk.ids.status, 'Committee', 3);
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 2, 1, 'Ana M. Lima'));
    desk.check();
    expect(docEditors(desk, sam.docId)).toEqual([]);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(BO.email);
    expect(registryRows(desk, 'Members').find((m) => m.Email === BO.email)?.Active).toBe('FALSE');
    expect(registryRows(desk, 'Members').find((m) => m.Email === ANA.email)?.Name).toBe('Ana M. Lima');

    // Bo is added back: the status sheet again, and a fresh onboarding link listing the past cases.
    desk.members.splice(1, 1);
    addMember(desk, BO);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(BO.email);
    const link = newestLink(desk, BO.email, 'onboard');
    const legends = [...desk.ws.webGet(link.url).body.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);
    expect(legends).toEqual(['Kim Roe', 'Lee Ong', 'Sam Doe']);
    expect(docEditors(desk, sam.docId)).toEqual([]); // nothing comes back without a new declaration
  });

  test('ADV-217 a member who leaves and comes back is emailed the links of each case they are cleared for again', () => {
    const { desk, sam } = world();
    // Bo clears Sam's case from the screening email; Cy joins later and clears it on the onboarding page.
    const screening = newestLink(desk, BO.email, 'no-conflict', sam.caseId);
    answerLink(desk, screening, 'no-conflict');
    addMember(desk, CY);
    const onboard = (email = CY.email) => {
      const page = open(desk, newestLink(desk, email, 'onboard').url);
      const fields: Record<string, string> = {};
      for (const [, label, field] of page.response.body.matchAll(
        /<legend>([^<]*)<\/legend>[\s\S]*?name="(person-\d+)"/g,
      ))
        fields[field] = label === 'Sam Doe' ? 'no-conflict' : 'conflict';
      return press(desk, page, 'onboard', { fields });
    };
    onboard();
    const granted = (email: string) => desk.ws.mailTo(email).filter((m) => /^Access granted/.test(m.subject));
    expect([granted(BO.email), granted(CY.email)].map((m) => m.length)).toEqual([1, 1]);
    for (const m of [BO, CY]) setActive(desk, m.email, false);
    for (const m of [BO, CY]) setActive(desk, m.email, true);
    // The screening email's link from before Bo left is withdrawn (ADV-561): Bo clears the case on the onboarding page.
    expect(pageText(open(desk, screening.url))).toMatch(/This link was withdrawn/);
    expect(pageText(onboard(BO.email))).toContain('We have emailed you the links');
    const page = onboard();
    expect(pageText(page)).toContain('We have emailed you the links');
    expect(docEditors(desk, sam.docId).sort()).toEqual([BO.email, CY.email]);
    // Before, each key (case, member; the cases shared) was spent by the first email: the Doc came back in silence,
    // with no link to it or to the case page (from which members vote), whatever the page said.
    expect([granted(BO.email), granted(CY.email)].map((m) => m.length)).toEqual([2, 2]);
    for (const email of [BO.email, CY.email])
      expect(linksIn(desk, granted(email)[1]).map((l) => l.claims.act)).toContain('case');
  });
});
