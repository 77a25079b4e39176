// A purged case opened again through the built bundle: its Doc comes back where the cleared members work (from the folder of archived case documents, or out of the trash), and closed again it is warned of and purged again; a Doc retention puts in the trash is shared with nobody there (ADV-210); invariants after every step.
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  EVE,
  OWNER,
  addMember,
  answerConflict,
  advance,
  caseAction,
  clear,
  docEditors,
  jumpAndSweep,
  mailsTo,
  newestLink,
  open,
  pageText,
  press,
  registryCase,
  registryRows,
  reportCase,
  setActive,
  setSetting,
  startResolutionDesk,
  sweep,
  typeStatus,
  type CaseInfo,
  type Desk,
  type Visit,
} from './desk';
import { findViolations } from './invariants';

const WARNING = /Reporter details of closed cases will be deleted/;

function flagsOf(desk: Desk, kase: CaseInfo): Record<string, unknown> {
  return JSON.parse(registryCase(desk, kase).Flags || '{}') as Record<string, unknown>;
}

function events(desk: Desk, event: string): number {
  return registryRows(desk, 'Audit').filter((a) => a.Event === event).length;
}

/** A case closed by the owner and purged a month later (warned of, then purged a week after the warning). */
function purgedCase(deleteDocs: boolean): { desk: Desk; kase: CaseInfo; editors: string[] } {
  const desk = startResolutionDesk();
  setSetting(desk, 'Purge reporter details after (months)', 1);
  if (deleteDocs) setSetting(desk, 'Delete case Docs when purging', 'Yes');
  const kase = reportCase(desk);
  clear(desk, kase, ANA);
  const editors = docEditors(desk, kase.docId);
  expect(editors).toContain(ANA.email);
  advance(desk, 2 * DAY);
  typeStatus(desk, OWNER, kase, 'Closed');
  jumpAndSweep(desk, 25 * DAY);
  jumpAndSweep(desk, 7 * DAY);
  expect(events(desk, 'retention.purged')).toBe(1);
  expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  return { desk, kase, editors };
}

describe('a purged case opened again', () => {
  test('its Doc leaves the folder of archived case documents for the private folder, shared as before; closed again, it is purged again', () => {
    const { desk, kase, editors } = purgedCase(false);
    const archiveFolder = desk.ws.properties().docArchiveFolderId;
    expect(desk.ws.data.file(kase.docId).parents).toEqual([archiveFolder]);

    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(desk.ws.data.file(kase.docId).parents).toEqual([desk.ids.folder]);
    expect(docEditors(desk, kase.docId)).toEqual(editors);
    const flags = flagsOf(desk, kase);
    expect(flags.purged).toBeUndefined();
    expect(flags.docArchived).toBeUndefined();
    expect(flags.purgedBefore).toHaveLength(1);
    expect(events(desk, 'retention.doc-restored')).toBe(1);
    // The weekly audit pass finds the Doc where it belongs: nothing to repair, nothing moved back.
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    expect(desk.ws.data.file(kase.docId).parents).toEqual([desk.ids.folder]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);

    // Closed again: warned of again and purged again, the Doc back in the folder of archived case documents.
    const warningsBefore = mailsTo(desk, OWNER, WARNING).length;
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 25 * DAY);
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(warningsBefore + 1);
    jumpAndSweep(desk, 7 * DAY);
    expect(events(desk, 'retention.purged')).toBe(2);
    expect(desk.ws.data.file(kase.docId).parents).toEqual([archiveFolder]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-258 the witness of a purged case joins the committee after it was opened again: onboarding never offers it', () => {
    const { desk, kase } = purgedCase(false);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    // Opened again, the case still does not know who reported or saw it: the purge's deletions stand (ADV-157).
    expect(registryCase(desk, kase).Witnesses).toBe('');
    const WES = { name: 'Wes Tarn', email: 'wes.tarn@example.org', role: 'voting' as const };
    addMember(desk, WES);
    jumpAndSweep(desk, DAY);
    // Welcomed with no onboarding link, or one whose page does not offer Sam Doe: one "no conflict" there would give
    // the witness the Doc that names them and the reporter.
    let page: Visit | null = null;
    try {
      page = open(desk, newestLink(desk, WES.email, 'onboard').url);
    } catch {
      // No email carries an onboarding link: nothing is offered.
    }
    const field = page && /<legend>Sam Doe<\/legend>[\s\S]*?name="(person-\d+)"/.exec(page.response.body)?.[1];
    if (page && field) press(desk, page, 'onboard', { fields: { [field]: 'no-conflict' } });
    expect(field ? 'offered' : 'not offered').toBe('not offered');
    expect(docEditors(desk, kase.docId)).toEqual([ANA.email]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('a Doc Settings had trashed comes back out of the trash, while Drive still keeps it', () => {
    const { desk, kase, editors } = purgedCase(true);
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);

    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(desk.ws.data.file(kase.docId).trashed).toBe(false);
    expect(desk.ws.data.file(kase.docId).parents).toEqual([desk.ids.folder]);
    expect(docEditors(desk, kase.docId)).toEqual(editors);
    expect(flagsOf(desk, kase).docDeleted).toBeUndefined();
    // The case's work goes on in the Doc: the reopening is written in it.
    expect(desk.ws.snapshot().docs.find((d) => d.title === kase.codeName)?.text).toMatch(/open again/);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('a Doc Drive deleted for good (30 days in the trash) is replaced: private, shared with the cleared members only, who are told why', () => {
    const { desk, kase, editors } = purgedCase(true);
    // Bo never answered screening (not cleared): he must not get the new Doc either.
    expect(editors).not.toContain(BO.email);
    const oldDoc = kase.docId;
    jumpAndSweep(desk, 31 * DAY);
    expect(desk.ws.data.hasFile?.(oldDoc)).toBe(false);
    const mailsBefore = mailsTo(desk, ANA.email, /new document/).length;

    typeStatus(desk, OWNER, kase, 'Ongoing');
    const row = registryCase(desk, kase);
    expect(row.Phase).not.toBe('closed');
    const newDoc = row['Doc ID'];
    expect(newDoc).not.toBe(oldDoc);
    const file = desk.ws.data.file(newDoc);
    expect(file).toMatchObject({ name: kase.codeName, access: 'PRIVATE', parents: [desk.ids.folder], trashed: false });
    expect(docEditors(desk, newDoc)).toEqual(editors);
    expect(docEditors(desk, newDoc)).not.toContain(BO.email);
    const text = desk.ws.data.doc(newDoc).text;
    expect(text).toMatch(/earlier document of this case was deleted on \d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/open again/);
    expect(events(desk, 'retention.doc-replaced')).toBe(1);
    expect(events(desk, 'retention.doc-restore-failed')).toBe(0);
    expect(flagsOf(desk, kase).docDeleted).toBeUndefined();
    expect(mailsTo(desk, ANA.email, /new document/)).toHaveLength(mailsBefore + 1);
    expect(mailsTo(desk, BO.email, /new document/)).toHaveLength(0);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);

    // The week's access pass finds the new Doc as it should be; closed again, it is purged again.
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 25 * DAY);
    jumpAndSweep(desk, 7 * DAY);
    expect(events(desk, 'retention.purged')).toBe(2);
    expect(desk.ws.data.file(newDoc).trashed).toBe(true);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('a reopening killed while sharing the new Doc: the sweep finishes the shares, and no second Doc is made', () => {
    const { desk, kase, editors } = purgedCase(true);
    jumpAndSweep(desk, 31 * DAY);
    const call = 'Drive.Permissions.create';
    desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 1, kill: true });
    const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === kase.codeName) + 1;
    const runs = desk.ws.editCell(OWNER, desk.ids.status, 'Cases', row, 3, 'Ongoing');
    expect(runs.map((r) => r.record.outcome)).toContain('killed');
    const newDoc = registryCase(desk, kase)['Doc ID'];
    expect(newDoc).not.toBe(kase.docId);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);

    const accessMails = mailsTo(desk, ANA.email, /Access granted/).length;
    sweep(desk);
    expect(registryCase(desk, kase)['Doc ID']).toBe(newDoc);
    expect(docEditors(desk, newDoc)).toEqual(editors);
    // Told once why there is a new document, not thanked again for a screening answer given long ago (the access
    // email's key is the screening's, kept through the purge).
    expect(mailsTo(desk, ANA.email, /new document/)).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, /Access granted/)).toHaveLength(accessMails);
    // Shared as a share owed (pending), not repaired as drift by the access audit.
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    expect(events(desk, 'share.granted')).toBeGreaterThan(0);
    expect(
      desk.ws.snapshot().docs.filter((d) => d.title === kase.codeName && desk.ws.data.hasFile?.(d.id)),
    ).toHaveLength(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('when Drive cannot bring the Doc back, the case is opened again all the same and the Audit tab says why', () => {
    const { desk, kase } = purgedCase(true);
    const call = 'File.setTrashed';
    desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 1, message: 'File not found' });
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(registryCase(desk, kase).Phase).not.toBe('closed');
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    expect(events(desk, 'retention.doc-restore-failed')).toBe(1);
    expect(flagsOf(desk, kase).docDeleted).toBeTruthy();
    expect(flagsOf(desk, kase).purgedBefore).toHaveLength(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
    // The next sweep's access audit checks the Doc of the case now open and takes it out of the trash.
    sweep(desk);
    expect(desk.ws.data.file(kase.docId).trashed).toBe(false);
    expect(registryCase(desk, kase)['Doc ID']).toBe(kase.docId);
    expect(flagsOf(desk, kase).docDeleted).toBeUndefined();
    expect(flagsOf(desk, kase).docMissingSince).toBeUndefined();
    expect(events(desk, 'audit.trashed')).toBe(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('a Doc deleted from the trash before its 30 days is replaced by the access audit a week after the reopening', () => {
    const { desk, kase } = purgedCase(true);
    desk.ws.data.deleteForever(kase.docId); // the trash emptied by hand
    sweep(desk);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(events(desk, 'retention.doc-restore-failed')).toBe(1);
    expect(flagsOf(desk, kase).docMissingSince).toBeTruthy();
    sweep(desk); // checked again at once: still not found, not yet a week
    expect(registryCase(desk, kase)['Doc ID']).toBe(kase.docId);
    jumpAndSweep(desk, 8 * DAY);
    const newDoc = registryCase(desk, kase)['Doc ID'];
    expect(newDoc).not.toBe(kase.docId);
    expect(events(desk, 'audit.doc-replaced')).toBe(1);
    expect(flagsOf(desk, kase).docDeleted).toBeUndefined();
    expect(docEditors(desk, newDoc).length).toBeGreaterThan(0);
    expect(mailsTo(desk, ANA.email, /A case has a new document/)).toHaveLength(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('a case Doc retention put in the trash', () => {
  test('ADV-210 nobody it was shared with can open it, or copy it, for its 30 days in the trash', () => {
    // "If you're the owner of the file, people you shared it with can make a copy" of it in the trash (Drive Help,
    // "Delete files"; developers.google.com/workspace/drive/api/guides/delete: "If you're not the file owner but still
    // want a copy of the trashed file ... Make a copy of the file"): only removing them withdraws their access.
    const { desk, kase } = purgedCase(true);
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    expect(docEditors(desk, kase.docId)).toEqual([]);
    expect(() => desk.ws.data.ui.openDoc(ANA.email, kase.docId)).toThrow();
    expect(desk.ws.data.ui.openDoc(OWNER, kase.docId)).toContain('Rita Quell');
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('a purged case opened again whose Doc Drive deleted for good while it was closed', () => {
  test('the access audit, which heard of it then, gives it a new Doc in the private folder within the hour, and keeps it there', () => {
    const { desk, kase } = purgedCase(false);
    desk.ws.data.deleteForever(kase.docId);
    sweep(desk); // Drive's changes feed lists it removed: only reported while the case is closed
    expect(flagsOf(desk, kase).docRemoved).toBeTruthy();
    jumpAndSweep(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(events(desk, 'retention.doc-restore-failed')).toBe(1);
    expect(flagsOf(desk, kase).docArchived).toBeUndefined();
    jumpAndSweep(desk, 3600000);
    const docId = registryCase(desk, kase)['Doc ID'];
    expect(docId).not.toBe(kase.docId);
    expect(events(desk, 'audit.doc-replaced')).toBe(1);
    expect(desk.ws.data.file(docId).parents).toEqual([desk.ids.folder]);
    expect(docEditors(desk, docId)).toEqual([ANA.email]);
    // The next full pass finds it where it belongs: nothing moved, nothing reported.
    const findings = registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.')).length;
    jumpAndSweep(desk, 8 * DAY);
    expect(desk.ws.data.file(docId).parents).toEqual([desk.ids.folder]);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.')).length).toBe(findings);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('a purged case opened again that nobody on the committee can take', () => {
  it('ADV-288 the stall alert does not advise adding a member (a newcomer is never asked about a purged case): it says who can take it', () => {
    const desk = startResolutionDesk();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    for (const m of [BO, CY, DEE]) answerConflict(desk, kase, m);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 25 * DAY);
    jumpAndSweep(desk, 7 * DAY);
    expect(events(desk, 'retention.purged')).toBe(1);
    // The one member cleared for it leaves; a newcomer joins (and is not asked about it: ADV-258).
    setActive(desk, ANA.email, false);
    addMember(desk, EVE);
    advance(desk, 2 * 3600000);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * 3600000);
    const stalls = desk.ws.mailTo(OWNER).filter((m) => /can take this case|has answered the conflict/.test(m.subject));
    expect(stalls).toHaveLength(1);
    // Before: "add a member without a conflict on the Committee tab (a new member is asked about open cases)", though
    // Eve was not, and no newcomer will be; and "each silent member was reminded once", though nobody was silent.
    expect(stalls[0].body).not.toMatch(/a new member is asked about open cases/);
    expect(stalls[0].body).toMatch(/held it before/);
    expect(stalls[0].body).not.toMatch(/each silent member was reminded once/);
    expect(mailsTo(desk, EVE.email, /conflict/i).filter((m) => m.body.includes(kase.codeName))).toEqual([]);
  });
});

describe('ADV-463 a purged case opened again whose Doc Drive deleted for good, on a day the Documents created quota is spent', () => {
  it('ADV-463 the reopening stands, the page says when the new Doc comes, and the sweep makes it once the quota is back', () => {
    const { desk, kase, editors } = purgedCase(true);
    jumpAndSweep(desk, 31 * DAY);
    expect(desk.ws.data.hasFile?.(kase.docId)).toBe(false);
    const docs = desk.ws.dailyQuotas.quotas.docsCreated;
    docs.setUsed(desk.ws.owner, docs.limit);
    const from = registryRows(desk, 'Audit').length;
    const told = mailsTo(desk, ANA.email, /new document/).length;
    // Someone the sheet does not name types Ongoing; Ana, cleared for the case, confirms it on the case page.
    typeStatus(desk, BO.email, kase, 'Ongoing');
    const page = pageText(caseAction(desk, ANA, kase, 'confirm-status'));
    // Before: "Google's daily limit is used up … please try again later today or tomorrow", and the case stayed
    // closed: no retry could work before the quota came back, and the reopening was lost.
    expect(page).toMatch(/Done: Ongoing/);
    expect(page).toMatch(
      /A new case document is made when Google\u2019s daily limit on new documents is back, by \d{4}-\d\d-\d\d \d\d:\d\d \(Etc\/UTC\)/,
    );
    expect(page).not.toMatch(/try again|went wrong/i);
    expect(registryCase(desk, kase).Phase).not.toBe('closed');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    const since = () => registryRows(desk, 'Audit').slice(from);
    expect(since().filter((a) => a.Event === 'retention.doc-waits')).toHaveLength(1);
    for (let h = 0; h < 26; h++) advance(desk, 3600000);
    // Back: one new Doc, shared with the cleared member only, who is told once; no sweep step failed meanwhile.
    const newDoc = registryCase(desk, kase)['Doc ID'];
    expect(newDoc).not.toBe(kase.docId);
    const made = desk.ws.data.docs().filter((d) => d.title === kase.codeName && d.id !== kase.docId);
    expect(made.map((d) => d.id)).toEqual([newDoc]);
    expect(docEditors(desk, newDoc)).toEqual(editors);
    expect(desk.ws.data.doc(newDoc).text).toMatch(/earlier document of this case was deleted on/);
    expect(
      since()
        .filter((a) => /^retention\.doc-(waits|replaced)$/.test(a.Event))
        .map((a) => a.Event),
    ).toEqual(['retention.doc-waits', 'retention.doc-replaced']);
    expect(since().filter((a) => a.Event === 'sweep.step-failed')).toEqual([]);
    expect(flagsOf(desk, kase).docQuotaBack).toBeUndefined();
    expect(mailsTo(desk, ANA.email, /new document/)).toHaveLength(told + 1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-463 the committee account sets the Status back in the sheet: the case opens, and gets its one new Doc once the quota is back', () => {
    const { desk, kase, editors } = purgedCase(true);
    jumpAndSweep(desk, 31 * DAY);
    const docs = desk.ws.dailyQuotas.quotas.docsCreated;
    docs.setUsed(desk.ws.owner, docs.limit);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(events(desk, 'retention.doc-waits')).toBe(1);
    for (let h = 0; h < 26; h++) advance(desk, 3600000);
    const newDoc = registryCase(desk, kase)['Doc ID'];
    expect(newDoc).not.toBe(kase.docId);
    expect(docEditors(desk, newDoc)).toEqual(editors);
    expect([events(desk, 'retention.doc-waits'), events(desk, 'retention.doc-replaced')]).toEqual([1, 1]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('ADV-467 the access audit while a reopened case\u2019s new Doc waits for the Documents created quota', () => {
  it('ADV-467 tells no one "could not be opened … NOT repaired" of the Doc retention deleted; the new one comes once', () => {
    const { desk, kase, editors } = purgedCase(true);
    jumpAndSweep(desk, 31 * DAY);
    const docs = desk.ws.dailyQuotas.quotas.docsCreated;
    docs.setUsed(desk.ws.owner, docs.limit);
    const before = [ANA.email, OWNER].map(
      (e) => desk.ws.mailTo(e).filter((m) => /NOT repaired|could not be opened/.test(m.body)).length,
    );
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(events(desk, 'retention.doc-waits')).toBe(1);
    // The quota stays spent for eight days: the access audit's weekly pass reads the case's Doc meanwhile.
    for (let h = 0; h < 8 * 24; h++) {
      docs.setUsed(desk.ws.owner, docs.limit);
      advance(desk, 3600000);
    }
    // Before: "the document could not be opened; please check it in Drive (NOT repaired)", to Ana and the account.
    expect(
      [ANA.email, OWNER].map(
        (e) => desk.ws.mailTo(e).filter((m) => /NOT repaired|could not be opened/.test(m.body)).length,
      ),
    ).toEqual(before);
    for (let h = 0; h < 26; h++) advance(desk, 3600000);
    const newDoc = registryCase(desk, kase)['Doc ID'];
    expect(newDoc).not.toBe(kase.docId);
    expect(docEditors(desk, newDoc)).toEqual(editors);
    expect(events(desk, 'retention.doc-replaced')).toBe(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});
