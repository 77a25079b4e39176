// The access audit through the built bundle's sweep: drift made by people (link sharing, extra editors, a Doc moved into a shared folder, a shared private folder) is repaired and reported, and a member's account Drive lists under another form of her address is hers (ADV-293, ADV-294); pending shares are finished; long runs resume.
import {
  addMember,
  answerLink,
  docEditors,
  memberId,
  newestLink,
  registryRows,
  setActive,
  startDesk,
  submitReport,
  type CaseInfo,
  type Desk,
  sweepHours,
  typeStatus,
  HOUR,
  OWNER,
} from './desk';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };
const OUTSIDER = 'outsider@example.com';
const FRIEND = 'friend@example.com';

function twoCases(): { desk: Desk; one: CaseInfo; two: CaseInfo } {
  const desk = startDesk({ members: [ANA, BO] });
  const one = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  const two = submitReport(desk, { reporter: { name: 'Uma Vance' }, reported: ['Kim Roe'] });
  for (const c of [one, two]) answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', c.caseId), 'no-conflict');
  answerLink(desk, newestLink(desk, BO.email, 'conflict', one.caseId), 'conflict');
  sweepHours(desk, 2); // the first pass finds nothing
  return { desk, one, two };
}

function auditEvents(desk: Desk): string[] {
  return registryRows(desk, 'Audit')
    .map((r) => r.Event)
    .filter((e) => e.startsWith('audit.'));
}

describe('access audit', () => {
  test('a clean workspace passes without findings, alerts or writes to Drive', () => {
    const { desk, one, two } = twoCases();
    expect(auditEvents(desk)).toEqual([]);
    expect(desk.ws.mail().filter((m) => m.subject.includes('access audit'))).toEqual([]);
    expect(desk.ws.properties().auditPassDoneAt).toBeTruthy();
    for (const c of [one, two]) expect(docEditors(desk, c.docId)).toEqual([ANA.email]);
    // A week later, the next full pass: Drive is read, never written.
    const writes = [
      'File.moveTo',
      'File.setSharing',
      'File.setShareableByEditors',
      'Drive.Permissions.create',
      'Drive.Permissions.remove',
    ];
    const before = desk.ws.snapshot().calls;
    const reads = before['Drive.Files.get'] ?? 0;
    desk.ws.rt.setClock(desk.ws.rt.now() + 7 * 24 * HOUR);
    sweepHours(desk, 1);
    const after = desk.ws.snapshot().calls;
    for (const method of writes) expect([method, after[method] ?? 0]).toEqual([method, before[method] ?? 0]);
    // The Docs come 100 to a listing page: one page for both. Files.get reads the stores at the start of the pass
    // (private folder, Form, status spreadsheet), never a Doc; the registry, which the last sweep wrote, came with its
    // sharing in Drive's changes feed (content changes are listed too) and was clean; no other Drive read.
    expect((after['Drive.Files.list'] ?? 0) - (before['Drive.Files.list'] ?? 0)).toBe(1);
    expect((after['Drive.Changes.list'] ?? 0) - (before['Drive.Changes.list'] ?? 0)).toBeGreaterThan(0);
    expect((after['Drive.Files.get'] ?? 0) - reads).toBe(3);
    for (const method of ['DriveApp.getFileById', 'DriveApp.getFolderById'])
      expect([method, after[method] ?? 0]).toEqual([method, before[method] ?? 0]);
    // One permission list, the daily Form check's: who may answer the Form (its `published` view, ADV-421).
    expect((after['Drive.Permissions.list'] ?? 0) - (before['Drive.Permissions.list'] ?? 0)).toBe(1);
  });

  const GMAIL = { name: 'Ana Lima', email: 'ana.lima@gmail.com' };
  const LISTED = 'analima@gmail.com';

  /** Ana's account is analima@gmail.com; the owner typed it with a dot, which reaches the same mailbox and account. */
  function clearedUnderDottedAddress() {
    const desk = startDesk();
    desk.ws.data.setListedAddress(GMAIL.email, LISTED);
    for (const m of [GMAIL, BO]) addMember(desk, m);
    const kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
    desk.k.humanAccess?.add(`${kase.docId}|${LISTED}`);
    answerLink(desk, newestLink(desk, GMAIL.email, 'no-conflict', kase.caseId), 'no-conflict');
    return { desk, kase };
  }

  test('ADV-293 Drive lists a cleared member\u2019s Gmail account under her address without its dots: the audit neither removes her nor tells anyone a stranger had the Doc, every hour', () => {
    const { desk, kase } = clearedUnderDottedAddress();
    sweepHours(desk, 4);
    expect(docEditors(desk, kase.docId)).toEqual([LISTED]);
    expect(auditEvents(desk)).toEqual([]);
    expect(desk.ws.mail().filter((m) => /not a cleared member|access audit/.test(`${m.subject}\n${m.body}`))).toEqual(
      [],
    );
    // Shared once, at her clearance; never taken away and given back.
    expect(
      desk.ws.data
        .shares()
        .filter((s) => s.docId === kase.docId)
        .map((s) => s.email),
    ).toEqual([LISTED]);
    expect(desk.ws.data.doc(kase.docId).everHadAccess.filter((e) => e !== desk.ws.owner)).toEqual([LISTED]);
  });

  test('ADV-294 a member with that account leaves: the status spreadsheet and her case Docs are taken from her account', () => {
    const { desk, kase } = clearedUnderDottedAddress();
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(LISTED);
    setActive(desk, GMAIL.email, false);
    sweepHours(desk, 1);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(LISTED);
    expect(docEditors(desk, kase.docId)).toEqual([]);
  });

  test('a case Doc someone put in the trash is taken out within the hour, before Drive deletes it for good', () => {
    const { desk, one, two } = twoCases();
    const { ws } = desk;
    // A person does what no case Doc should see (the checker would count the case without its Doc until repaired).
    ws.data.ui.setTrashed(ws.owner, one.docId, true);
    sweepHours(desk, 1); // Drive's changes feed lists the trashed Doc
    desk.check();
    expect(ws.data.file(one.docId).trashed).toBe(false);
    expect(ws.data.file(one.docId).parents).toEqual([desk.ids.folder]);
    expect(docEditors(desk, one.docId)).toEqual([ANA.email]);
    expect(auditEvents(desk)).toEqual(['audit.trashed']);
    expect(ws.data.doc(one.docId).text).toContain(
      'Access audit: the document was in the trash, where Drive deletes it for good after 30 days; it was restored.',
    );
    // A week later, the other case's Doc: the week's full pass (which lists only what is not in the trash) reads it alone.
    ws.data.ui.setTrashed(ws.owner, two.docId, true);
    ws.rt.setClock(ws.rt.now() + 7 * 24 * HOUR);
    sweepHours(desk, 1);
    expect(auditEvents(desk)).toEqual(['audit.trashed', 'audit.trashed']);
    desk.check();
    expect(ws.data.file(two.docId).trashed).toBe(false);
    // 31 days on, both Docs are still there.
    ws.rt.setClock(ws.rt.now() + 31 * 24 * HOUR);
    expect([ws.data.hasFile?.(one.docId), ws.data.hasFile?.(two.docId)]).toEqual([true, true]);
  });

  test('the private folder put in the trash, case Docs and all, is taken out within the hour with every Doc in it', () => {
    const { desk, one, two } = twoCases();
    const { ws } = desk;
    // Drive trashes what the folder holds with it; left there 30 days, the cases' records would go with it.
    ws.data.ui.setTrashed(ws.owner, desk.ids.folder, true);
    expect([one, two].map((c) => ws.data.file(c.docId).trashed)).toEqual([true, true]);
    sweepHours(desk, 1);
    expect([desk.ids.folder, one.docId, two.docId].map((id) => ws.data.file(id).trashed)).toEqual([
      false,
      false,
      false,
    ]);
    for (const c of [one, two]) expect(docEditors(desk, c.docId)).toEqual([ANA.email]);
    ws.rt.setClock(ws.rt.now() + 31 * 24 * HOUR);
    expect([desk.ids.folder, one.docId, two.docId].map((id) => ws.data.hasFile?.(id))).toEqual([true, true, true]);
    desk.check();
  });

  test('an open case whose Doc was deleted for good gets a new one within the hour, shared with its cleared members only', () => {
    const { desk, one, two } = twoCases();
    const { ws } = desk;
    const mailsBefore = ws.mail().length;
    ws.data.deleteForever(one.docId); // the owner emptied the trash, or deleted it with the API
    sweepHours(desk, 1); // Drive's changes feed lists it as removed
    const row = registryRows(desk, 'Cases').find((r) => r['Case ID'] === one.caseId)!;
    const newId = row['Doc ID'];
    expect(newId).not.toBe(one.docId);
    expect(row.Flags).not.toContain('docMissingSince');
    const made = ws.data.file(newId);
    expect([made.name, made.parents, made.access, made.trashed]).toEqual([
      one.codeName,
      [desk.ids.folder],
      'PRIVATE',
      false,
    ]);
    // Ana is cleared; Bo declared a conflict on this case and gets neither the Doc nor the news.
    expect(docEditors(desk, newId)).toEqual([ANA.email]);
    const text = ws.data.doc(newId).text;
    expect(text).toContain('could not be found in Google Drive from');
    expect(text).toContain('Sam Doe');
    expect(text).toContain('Rita Quell');
    const news = ws
      .mail()
      .slice(mailsBefore)
      .filter((m) => m.subject.includes('A case has a new document'));
    expect(news.map((m) => m.to)).toEqual([[ANA.email]]);
    expect(news[0].body).toContain(one.codeName);
    expect(auditEvents(desk)).toEqual(['audit.doc-replaced']);
    // Announced by its own commit, to the cleared members only: the access audit's alert to all members says nothing.
    expect(
      ws
        .mail()
        .slice(mailsBefore)
        .filter((m) => m.subject.includes('access audit')),
    ).toEqual([]);
    expect(docEditors(desk, two.docId)).toEqual([ANA.email]);
    ws.rt.setClock(ws.rt.now() + 7 * 24 * HOUR);
    sweepHours(desk, 1);
    expect(auditEvents(desk)).toEqual(['audit.doc-replaced']);
    expect(ws.data.file(newId).trashed).toBe(false);
  });

  test('ADV-113 a member with a conflict shares a Doc titled with the case\u2019s code name once its Doc is lost: the replacement is never theirs', () => {
    const { desk, one } = twoCases();
    const { ws } = desk;
    ws.data.deleteForever(one.docId);
    // Bo declared a conflict on this case, reads its code name in the status sheet, and plants a Doc of that title.
    const planted = ws.data.ui.createDoc(BO.email, one.codeName, [OWNER]);
    sweepHours(desk, 1);
    const newId = registryRows(desk, 'Cases').find((r) => r['Case ID'] === one.caseId)!['Doc ID'];
    expect(newId).not.toBe(planted);
    expect(ws.data.file(newId).owner).toBe(OWNER);
    expect(docEditors(desk, newId)).toEqual([ANA.email]);
    // Nothing of the report reaches the planted Doc, which Bo owns.
    expect(ws.data.doc(planted).text).not.toMatch(/Sam Doe|Rita Quell/);
    desk.check();
  });

  test('ADV-211 a member with a conflict makes a Doc titled with the case\u2019s code name once its Doc is lost and gives it to the committee account: the replacement is never one they can open', () => {
    const { desk, one } = twoCases();
    const { ws } = desk;
    ws.data.deleteForever(one.docId);
    // In one Workspace organization "Transfer ownership" is immediate, the previous owner "downgraded to writer"
    // (developers.google.com/workspace/drive/api/guides/transfer-file): the Doc is the committee account's, Bo its editor.
    const planted = ws.data.ui.createDoc(BO.email, one.codeName, []);
    ws.data.ui.transferOwnership(BO.email, planted, OWNER);
    (desk.k.humanFiles ??= new Set()).add(planted);
    expect(ws.data.file(planted).owner).toBe(OWNER);
    sweepHours(desk, 1);
    const newId = registryRows(desk, 'Cases').find((r) => r['Case ID'] === one.caseId)!['Doc ID'];
    expect(newId).not.toBe(planted);
    expect(docEditors(desk, newId)).toEqual([ANA.email]);
    expect(ws.data.doc(newId).everHadAccess).not.toContain(BO.email);
    expect(ws.data.doc(planted).text).not.toMatch(/Sam Doe|Rita Quell/);
    desk.check();
  });

  test('ADV-212 the committee account lets editors change a case Doc\u2019s sharing and a cleared member publishes it to the web meanwhile: the audit stops the publication too', () => {
    const { desk, one } = twoCases();
    const { ws } = desk;
    (desk.k.humanDrift ??= new Set()).add(one.docId);
    ws.data.ui.setShareableByEditors(OWNER, one.docId, true);
    // Editors publish only while they may change sharing (support.google.com/drive/answer/114818): Ana now can.
    ws.data.ui.publishToWeb(ANA.email, one.docId);
    expect(ws.data.file(one.docId).published).toBe(true);
    sweepHours(desk, 1);
    desk.k.humanDrift.delete(one.docId);
    expect(auditEvents(desk)).toEqual(expect.arrayContaining(['audit.reshare-by-editors', 'audit.published']));
    expect(ws.data.file(one.docId).published).toBe(false);
    const [alert] = ws.mail().filter((m) => m.to.includes(ANA.email) && m.subject.includes('access audit'));
    expect(alert.body).toMatch(/published to the web/);
    desk.check();
  });

  test('ADV-212 the same for the status spreadsheet: a member who could change its sharing published it (roster, conflicts) to the web; the audit stops it and tells the committee account', () => {
    const { desk } = twoCases();
    const { ws } = desk;
    ws.data.ui.setShareableByEditors(OWNER, desk.ids.status, true);
    ws.data.ui.publishToWeb(BO.email, desk.ids.status);
    sweepHours(desk, 1);
    expect(ws.data.file(desk.ids.status).published).toBe(false);
    expect(auditEvents(desk)).toEqual(expect.arrayContaining(['audit.store.published']));
    const [told] = ws.mail().filter((m) => m.to.includes(OWNER) && /published to the web/.test(m.body));
    expect(told).toBeDefined();
    desk.check();
  });

  test('a Doc Drive failed to read is replaced only after a week of not being found; one found again never is', () => {
    const { desk, one, two } = twoCases();
    const { ws } = desk;
    const lost = 'No item with the given ID could be found, or you do not have permission to access it.';
    // Drive's changes feed fails all along: nothing says the Doc was removed, only the weekly pass's reads fail.
    ws.rt.faults.push({ call: 'Drive.Changes.list', chance: 1, message: 'We\u2019re sorry, a server error occurred.' });
    ws.data.deleteForever(one.docId);
    // In the next pass Drive fails every listing and read as well (an outage answers as a deletion does).
    const outage = [
      { call: 'Drive.Files.list', chance: 1, message: lost },
      { call: 'Drive.Files.get', chance: 1, message: lost },
    ];
    ws.rt.faults.push(...outage);
    ws.rt.setClock(ws.rt.now() + 7 * 24 * HOUR);
    sweepHours(desk, 1);
    ws.rt.faults.splice(-outage.length, outage.length);
    const caseRow = (c: CaseInfo) => registryRows(desk, 'Cases').find((r) => r['Case ID'] === c.caseId)!;
    const docEvents = () => auditEvents(desk).filter((e) => e === 'audit.missing-doc' || e === 'audit.doc-replaced');
    expect([caseRow(one).Flags, caseRow(two).Flags]).toEqual([
      expect.stringContaining('docMissingSince'),
      expect.stringContaining('docMissingSince'),
    ]);
    expect([caseRow(one)['Doc ID'], caseRow(two)['Doc ID']]).toEqual([one.docId, two.docId]);
    // Each Doc the pass could not read is read once more by the next run (ADV-449), which the outage failed too.
    const missed = Array<string>(4).fill('audit.missing-doc');
    expect(docEvents()).toEqual(missed);
    // A week on, the next pass: the deleted Doc is replaced; the other is found again and keeps its Doc.
    ws.rt.setClock(ws.rt.now() + 7 * 24 * HOUR);
    sweepHours(desk, 1);
    expect(docEvents()).toEqual([...missed, 'audit.doc-replaced']);
    expect(caseRow(one)['Doc ID']).not.toBe(one.docId);
    expect(docEditors(desk, caseRow(one)['Doc ID'])).toEqual([ANA.email]);
    expect(caseRow(two)['Doc ID']).toBe(two.docId);
    expect([caseRow(one).Flags, caseRow(two).Flags].join()).not.toContain('docMissingSince');
  });

  test('a closed case\u2019s Doc deleted for good is reported once as gone, never replaced (ADV-492)', () => {
    const { desk, one } = twoCases();
    const { ws } = desk;
    typeStatus(desk, OWNER, one, 'Closed');
    ws.data.deleteForever(one.docId);
    sweepHours(desk, 1);
    ws.rt.setClock(ws.rt.now() + 8 * 24 * HOUR);
    sweepHours(desk, 1);
    expect(registryRows(desk, 'Cases').find((r) => r['Case ID'] === one.caseId)!['Doc ID']).toBe(one.docId);
    // Listed removed by Drive's changes feed: told gone once, not `could not be opened` at every pass (ADV-492).
    expect(auditEvents(desk)).toEqual(['audit.doc-gone']);
    expect(ws.snapshot().docs.filter((d) => d.title === one.codeName && ws.data.hasFile?.(d.id))).toEqual([]);
  });

  test('a closed case\u2019s Doc deleted for good, then the case reopened: replaced within the hour', () => {
    const { desk, one } = twoCases();
    const { ws } = desk;
    const row = () => registryRows(desk, 'Cases').find((r) => r['Case ID'] === one.caseId)!;
    typeStatus(desk, OWNER, one, 'Closed');
    ws.data.deleteForever(one.docId);
    sweepHours(desk, 1); // Drive's changes feed lists it removed: a closed case's Doc is only reported
    expect(row()['Doc ID']).toBe(one.docId);
    expect(row().Flags).toContain('docRemoved');
    sweepHours(desk, 2); // read once more from the audit's recheck list, told gone already: nothing more
    const reported = auditEvents(desk);
    expect(reported).toEqual(['audit.doc-gone']);
    ws.rt.setClock(ws.rt.now() + 3 * 24 * HOUR);
    typeStatus(desk, OWNER, one, 'Ongoing');
    expect(registryRows(desk, 'Audit').map((r) => r.Event)).toContain('doc.log-failed');
    const mailsBefore = ws.mail().length;
    sweepHours(desk, 1); // days before the next full pass: the reopening asked the audit to look at it
    const newId = row()['Doc ID'];
    expect(newId).not.toBe(one.docId);
    expect(auditEvents(desk)).toEqual([...reported, 'audit.doc-replaced']);
    expect(docEditors(desk, newId)).toEqual([ANA.email]);
    const news = ws
      .mail()
      .slice(mailsBefore)
      .filter((m) => m.subject.includes('A case has a new document'));
    expect(news.map((m) => m.to)).toEqual([[ANA.email]]);
  });

  test('a share owed on a closed case’s lost Doc waits for the reopening, not retried every hour', () => {
    const { desk, two } = twoCases();
    const { ws } = desk;
    const row = () => registryRows(desk, 'Cases').find((r) => r['Case ID'] === two.caseId)!;
    const failures = () => registryRows(desk, 'Audit').filter((r) => r.Event === 'share.failed').length;
    ws.rt.faults.push({ call: 'Drive.Permissions.create', nth: (ws.rt.totals['Drive.Permissions.create'] ?? 0) + 1 });
    answerLink(desk, newestLink(desk, BO.email, 'no-conflict', two.caseId), 'no-conflict');
    expect(failures()).toBe(1);
    typeStatus(desk, OWNER, two, 'Closed');
    ws.data.deleteForever(two.docId);
    sweepHours(desk, 24);
    // The first sweep tries the share before its audit finds the Doc gone; after that the share waits.
    expect(failures()).toBeLessThanOrEqual(2);
    const bo = memberId(desk, BO.email);
    const boOnTwo = registryRows(desk, 'Clearances').filter(
      (c) => c['Member ID'] === bo && c['Case ID'] === two.caseId,
    );
    expect(boOnTwo.map((c) => c.Share)).toEqual(['pending']);

    // Reopened: the audit replaces the Doc within the hour, and the next sweep makes the share owed on it.
    typeStatus(desk, OWNER, two, 'Ongoing');
    sweepHours(desk, 2);
    const newId = row()['Doc ID'];
    expect(newId).not.toBe(two.docId);
    expect(docEditors(desk, newId).sort()).toEqual([ANA.email, BO.email].sort());
    expect(ws.mailTo(BO.email).filter((m) => m.subject === `Access granted: ${two.codeName}`)).toHaveLength(1);
  });

  test('link sharing, extra editors (an outsider, a conflicted member) and a Doc moved into a shared folder are repaired and reported', () => {
    const { desk, one, two } = twoCases();
    const { ws, k } = desk;
    // People do what the procedure warns against.
    ws.data.ui.setSharing(ws.owner, one.docId, 'ANYONE_WITH_LINK', 'reader');
    ws.data.ui.addEditor(ws.owner, one.docId, OUTSIDER);
    ws.data.ui.addEditor(ws.owner, one.docId, BO.email);
    const shared = ws.data.ui.createFolder(ANA.email, 'Committee stuff', [FRIEND]);
    ws.data.ui.moveFile(ANA.email, two.docId, shared);
    for (const who of ['anyone', OUTSIDER, BO.email]) k.humanAccess?.add(`${one.docId}|${who}`);
    k.humanAccess?.add(`${two.docId}|${FRIEND}`);
    k.humanDrift?.add(one.docId);
    k.humanDrift?.add(two.docId);
    desk.check();
    expect(ws.data.doc(one.docId).access).toBe('ANYONE_WITH_LINK');
    expect(ws.data.doc(two.docId).inSharedFolder).toBe(true);

    const mailsBefore = ws.mail().length;
    sweepHours(desk, 1); // Drive's changes feed lists both Docs: checked within the hour
    k.humanDrift?.clear();
    desk.check(); // invariant 1 holds again for both Docs

    expect(ws.data.doc(one.docId).access).toBe('PRIVATE');
    expect(docEditors(desk, one.docId)).toEqual([ANA.email]);
    expect(ws.data.file(one.docId).viewers).toEqual([]);
    expect(ws.data.file(two.docId).parents).toEqual([desk.ids.folder]);
    expect(ws.data.doc(two.docId).inSharedFolder).toBe(false);
    expect(docEditors(desk, two.docId)).toEqual([ANA.email]);

    expect(auditEvents(desk).sort()).toEqual(
      ['audit.extra-access', 'audit.link-sharing', 'audit.shared-folder'].sort(),
    );
    expect(ws.data.doc(one.docId).text).toMatch(
      /Access audit: link or domain sharing was on; it was turned off; someone who is not a cleared member had access; it was removed\./,
    );
    expect(ws.data.doc(two.docId).text).toContain(
      'Access audit: the document was in another folder; it was moved back to the private folder.',
    );

    const alerts = ws
      .mail()
      .slice(mailsBefore)
      .filter((m) => m.subject.includes('access audit'));
    // Bo, with a conflict on one and no answer on two, is told of neither (ADV-203); the committee account of both.
    expect(alerts.map((m) => m.to[0]).sort()).toEqual([ANA.email, ws.owner].sort());
    expect(alerts[0].body).toContain(`Case ${one.codeName}: link or domain sharing was on`);
    expect(alerts[0].body).toContain(`Case ${two.codeName}: the document was in another folder`);
    expect(alerts[0].body).not.toMatch(/outsider|friend|Sam|Kim|Rita|Uma/i);

    // Repaired drift stays repaired: the next pass finds nothing new.
    const events = auditEvents(desk).length;
    sweepHours(desk, 7);
    expect(auditEvents(desk)).toHaveLength(events);
  });

  test('with nothing changed an idle sweep reads the changes feed once and no Doc; a change is checked within the hour', () => {
    const { desk, one } = twoCases();
    const { ws, k } = desk;
    sweepHours(desk, 1);
    const before = ws.snapshot().calls;
    sweepHours(desk, 3);
    const idle = ws.snapshot().calls;
    expect((idle['Drive.Changes.list'] ?? 0) - (before['Drive.Changes.list'] ?? 0)).toBe(3);
    expect((idle['Drive.Files.get'] ?? 0) - (before['Drive.Files.get'] ?? 0)).toBe(0);
    // A member writing in the Doc is a change Drive lists too; its sharing comes in the feed, clean: no read.
    ws.data.ui.writeDocSection(ANA.email, one.docId, 'Committee discussions', 'We should talk to the moderators.');
    sweepHours(desk, 1);
    expect((ws.snapshot().calls['Drive.Files.get'] ?? 0) - (idle['Drive.Files.get'] ?? 0)).toBe(0);
    expect(auditEvents(desk)).toEqual([]);
    ws.data.ui.addEditor(ws.owner, one.docId, OUTSIDER);
    k.humanAccess?.add(`${one.docId}|${OUTSIDER}`);
    k.humanDrift?.add(one.docId);
    sweepHours(desk, 1);
    k.humanDrift?.clear();
    desk.check();
    expect(ws.data.file(one.docId).editors).not.toContain(OUTSIDER);
    expect(auditEvents(desk)).toEqual(['audit.extra-access']);
    // One Doc read for the one change, not one per case.
    const after = ws.snapshot().calls;
    expect((after['Drive.Files.get'] ?? 0) - (idle['Drive.Files.get'] ?? 0)).toBe(1);
  });

  test('a private folder shared by hand is made private again', () => {
    const { desk, one, two } = twoCases();
    const { ws, k } = desk;
    ws.data.ui.addEditor(ws.owner, desk.ids.folder, OUTSIDER);
    for (const c of [one, two]) {
      k.humanAccess?.add(`${c.docId}|${OUTSIDER}`);
      k.humanDrift?.add(c.docId);
    }
    k.humanDrift?.add(desk.ids.folder);
    desk.check();
    sweepHours(desk, 7);
    k.humanDrift?.clear();
    desk.check();
    expect(ws.data.file(desk.ids.folder).editors).toEqual([]);
    for (const c of [one, two]) expect(ws.data.doc(c.docId).inSharedFolder).toBe(false);
    expect(auditEvents(desk)).toContain('audit.folder-shared');
  });

  test('the registry, the Form and the status spreadsheet shared in Drive are repaired by the next pass, and the owner told once', () => {
    const { desk } = twoCases();
    const { ws } = desk;
    const registry = ws.properties().registrySpreadsheetId;
    const form = ws.properties().formId;
    const status = ws.properties().statusSpreadsheetId;
    ws.data.ui.share(ws.owner, registry, OUTSIDER, 'writer');
    ws.data.ui.share(ws.owner, form, 'anyone', 'writer');
    ws.data.ui.share(ws.owner, status, 'anyone', 'reader');
    // A member may not re-share the status spreadsheet (setup turned that off), and cannot reach the registry.
    expect(() => ws.data.ui.share(ANA.email, status, FRIEND, 'writer')).toThrow(/cannot change who has access/);
    expect(() => ws.data.ui.share(ANA.email, registry, FRIEND, 'reader')).toThrow(/cannot change who has access/);
    for (const id of [registry, form, status]) desk.k.humanDrift?.add(id);
    desk.check();

    const mailsBefore = ws.mail().length;
    sweepHours(desk, 7);
    desk.k.humanDrift?.clear();
    desk.check(); // invariant 1 holds again for the registry and the folder
    expect(ws.data.file(registry)).toMatchObject({ editors: [], viewers: [], access: 'PRIVATE' });
    expect(ws.data.file(form).access).toBe('PRIVATE');
    expect(ws.data.file(status).access).toBe('PRIVATE');
    const told = ws
      .mail()
      .slice(mailsBefore)
      .filter((m) => m.subject.includes("sharing of Conduct Desk's files"));
    expect(told.map((m) => m.to)).toEqual([[ws.owner]]);
    expect(told[0].body).toContain('The private registry: 1 person besides the committee account had access; removed.');
    expect(told[0].body).toContain('The report Form: link or domain sharing was on; it was turned off.');
    expect(told[0].body).toContain('The status spreadsheet: link or domain sharing was on; it was turned off.');
    expect(told[0].body).not.toMatch(/outsider|friend/i);
    expect(auditEvents(desk)).toEqual(expect.arrayContaining(['audit.store.extra-access', 'audit.store.link-sharing']));
  });

  test('a share Drive failed to make is finished by the sweep, with the member\u2019s email, and never given to anyone else', () => {
    const desk = startDesk({ members: [ANA, BO] });
    const one = submitReport(desk, { reported: ['Sam Doe'] });
    const { ws } = desk;
    ws.rt.faults.push({ call: 'Drive.Permissions.create', nth: (ws.rt.totals['Drive.Permissions.create'] ?? 0) + 1 });
    const response = answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', one.caseId), 'no-conflict');
    expect(response.response.body).toContain('Your answer is recorded');
    expect(docEditors(desk, one.docId)).toEqual([]);
    expect(registryRows(desk, 'Clearances')).toEqual([
      expect.objectContaining({ Decision: 'no-conflict', Share: 'pending' }),
    ]);

    sweepHours(desk, 1);
    expect(docEditors(desk, one.docId)).toEqual([ANA.email]);
    expect(registryRows(desk, 'Clearances')).toEqual([
      expect.objectContaining({ Decision: 'no-conflict', Share: 'silent' }),
    ]);
    expect(ws.mailTo(ANA.email).filter((m) => m.subject === `Access granted: ${one.codeName}`)).toHaveLength(1);
    expect(ws.data.doc(one.docId).everHadAccess.sort()).toEqual([ANA.email, ws.owner].sort());
  });

  test.each([
    [
      'its folder listing fails, so each Doc is read alone',
      { faults: [{ call: 'Drive.Files.list', nth: 1, times: 1000 }], latency: {} },
    ],
    ['a page of its folder listing takes 45 s', { faults: [], latency: { 'Drive.Files.list': 45000 } }],
  ])(
    'when Drive is slow and %s, the audit stops within its budget and the next sweep resumes where it stopped',
    (_, how) => {
      const desk = startDesk({
        members: [ANA],
        latency: { 'Drive.Files.get': 45000, ...how.latency },
        faults: how.faults,
      });
      const cases: CaseInfo[] = [];
      for (let i = 0; i < 6; i++)
        cases.push(submitReport(desk, { reported: [`Person ${String.fromCharCode(65 + i)}ndo`] }));
      const last = cases[cases.length - 1];
      desk.ws.data.ui.setSharing(desk.ws.owner, last.docId, 'ANYONE_WITH_LINK', 'reader');
      desk.k.humanAccess?.add(`${last.docId}|anyone`);
      desk.k.humanDrift?.add(last.docId);

      sweepHours(desk, 1);
      const cursor = desk.ws.properties().auditCursor;
      expect(cursor).toBeTruthy();
      expect(cursor).not.toBe(cases[0].caseId);
      expect(desk.ws.data.doc(last.docId).access).toBe('ANYONE_WITH_LINK'); // not reached yet
      for (const run of desk.ws.snapshot().executions.filter((e) => e.fn === 'sweep_')) {
        expect(run.outcome).toBe('ok');
        expect(run.simulatedMs).toBeLessThan(6 * 60 * 1000);
      }

      sweepHours(desk, 2);
      desk.k.humanDrift?.clear();
      desk.check();
      expect(desk.ws.data.doc(last.docId).access).toBe('PRIVATE');
      expect(desk.ws.properties().auditCursor).toBeUndefined();
      expect(desk.ws.properties().auditPassDoneAt).toBeTruthy();
    },
  );
});
