// The access audit in-process: drift on a case Doc (link sharing, an outsider, a cleared member's lost access) is repaired, logged and told once; a pass is not repeated before its interval.
import { archiveClosedCases } from '../../src/flows/archive';
import { auditAccess, type AuditReport } from '../../src/flows/audit';
import { recordNoConflict } from '../../src/flows/screening';
import { casesOf } from '../../src/records/cases';
import { revokeAccess } from '../../src/workspace/sharing';
import { flowBench, OWNER, type FlowBench } from '../support/in-process';

const ANA = 'ana@example.org';
const MALLORY = 'mallory@example.net';
const REPORT = { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies in the forum, twice.' };

/** A bench with one case, Ana cleared on it (the Doc shared with her). */
function withClearedCase(): { bench: FlowBench; caseId: string; docId: string; codeName: string } {
  const bench = flowBench();
  const { caseId } = bench.report(REPORT);
  bench.flow((ctx) => recordNoConflict(ctx, casesOf(ctx).find(caseId)!, ctx.committee.byEmail(ANA)!, 'screening'));
  const row = bench.registry('Cases')[0];
  return { bench, caseId, docId: row['Doc ID'], codeName: row['Code Name'] };
}

function audit(bench: FlowBench, options: Parameters<typeof auditAccess>[1] = { force: true }): AuditReport {
  return bench.flow((ctx) => auditAccess(ctx, options));
}

describe('access audit', () => {
  test('a Doc nobody touched is checked and reported clean, with nothing written', () => {
    const { bench, docId } = withClearedCase();
    const auditRows = bench.registry('Audit').length;
    const report = audit(bench);
    expect(report).toMatchObject({ checked: 1, drift: [], skipped: false, nextCursor: null });
    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
    expect(
      bench
        .registry('Audit')
        .slice(auditRows)
        .map((a) => a.Event),
    ).not.toContain('audit.drift');
  });

  test('link sharing switched on is switched off, logged in the Doc and the Audit tab', () => {
    const { bench, caseId, docId, codeName } = withClearedCase();
    bench.ws.data.ui.setSharing(OWNER, docId, 'ANYONE_WITH_LINK', 'reader');
    expect(bench.ws.data.file(docId).access).toBe('ANYONE_WITH_LINK');

    const report = audit(bench);
    expect(report.drift).toEqual([{ caseId, codeName, kind: 'link-sharing', repaired: true }]);
    expect(bench.ws.data.file(docId).access).toBe('PRIVATE');
    expect(bench.ws.data.doc(docId).text).toMatch(/link or domain sharing was on; it was turned off/);
    expect(bench.registry('Audit').filter((a) => a.Event === 'audit.link-sharing')).toEqual([
      expect.objectContaining({ 'Case ID': caseId, Detail: 'repaired' }),
    ]);
  });

  test('an outsider added in Drive loses access; the cleared member keeps it', () => {
    const { bench, caseId, docId } = withClearedCase();
    bench.ws.data.ui.addEditor(OWNER, docId, MALLORY);
    expect(bench.ws.data.file(docId).editors).toContain(MALLORY);

    const report = audit(bench);
    expect(report.drift.map((d) => [d.caseId, d.kind, d.repaired])).toEqual([[caseId, 'extra-access', true]]);
    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
  });

  test('a cleared member whose access was removed by hand gets it back', () => {
    const { bench, caseId, docId } = withClearedCase();
    bench.run(() => DriveApp.getFileById(docId).removeEditor(ANA));
    expect(bench.ws.data.file(docId).editors).toEqual([]);

    const report = audit(bench);
    expect(report.drift.map((d) => [d.caseId, d.kind, d.repaired])).toEqual([[caseId, 'missing-editor', true]]);
    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
  });

  test('two findings on one Doc make one alert per member, naming the code name and no outsider', () => {
    const { bench, docId, codeName } = withClearedCase();
    bench.ws.data.ui.setSharing(OWNER, docId, 'ANYONE_WITH_LINK', 'reader');
    bench.ws.data.ui.addEditor(OWNER, docId, MALLORY);
    const before = bench.registry('Outbox').length;
    expect(
      audit(bench)
        .drift.map((d) => d.kind)
        .sort(),
    ).toEqual(['extra-access', 'link-sharing']);
    const alerts = bench.registry('Outbox').slice(before);
    expect(alerts.map((a) => a.Kind)).toEqual(alerts.map(() => 'alert'));
    const recipients = alerts.map((a) => a.To);
    expect(recipients.length).toBeGreaterThan(0);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).not.toContain(MALLORY);
    expect(alerts.every((a) => a.Subject.includes(codeName) || a.Body.includes(codeName))).toBe(true);
  });

  test('a pass is not repeated before its interval unless forced; a Doc Drive lists as changed is checked anyway', () => {
    const { bench, docId } = withClearedCase();
    expect(audit(bench, {}).skipped).toBe(false);
    bench.ws.data.ui.setSharing(OWNER, docId, 'ANYONE_WITH_LINK', 'reader');
    const second = audit(bench, {});
    expect(second).toMatchObject({ skipped: true, checked: 0, changed: 1 });
    expect(second.drift.map((d) => d.kind)).toEqual(['link-sharing']);
    expect(bench.ws.data.file(docId).access).toBe('PRIVATE');
    expect(audit(bench, { force: true })).toMatchObject({ skipped: false, drift: [] });
    expect(bench.ws.data.file(docId).owner).toBe(OWNER);
  });
});

describe('access a Doc inherits from a folder', () => {
  test('a run in the middle of a pass finds the private folder shared through a Doc: the folder is made private, no delete is tried on the Doc', () => {
    const { bench } = withClearedCase();
    const second = bench.report({ ...REPORT, 'Who was involved?': 'Kim Roe' });
    const docId = bench.registry('Cases')[1]['Doc ID'];
    bench.ws.data.ui.share(OWNER, bench.ids.folder, MALLORY, 'writer');
    const removesBefore = bench.ws.snapshot().calls['Drive.Permissions.remove'] ?? 0;
    // A cursor past the first case: this run continues a pass, so the stores (the folder among them) are not checked.
    const report = audit(bench, { cursor: second.caseId, force: true });
    expect(report.stores).toEqual([]);
    expect(report.drift.map((d) => [d.caseId, d.kind, d.repaired])).toEqual([
      [second.caseId, 'inherited-access', true],
    ]);
    expect(bench.ws.data.file(bench.ids.folder).editors).toEqual([]);
    expect(bench.ws.data.file(docId).inSharedFolder).toBe(false);
    expect(bench.ws.data.doc(docId).text).toMatch(/someone had access through the private folder/);
    // One delete, on the folder (where the permission lives); none on the Doc.
    expect((bench.ws.snapshot().calls['Drive.Permissions.remove'] ?? 0) - removesBefore).toBe(1);
  });

  test('a Doc the folder listing showed with inherited access is read again after the folder was repaired: only the first Doc is reported', () => {
    const { bench } = withClearedCase();
    const second = bench.report({ ...REPORT, 'Who was involved?': 'Kim Roe' });
    const third = bench.report({ ...REPORT, 'Who was involved?': 'Lee Park' });
    const thirdDoc = bench.registry('Cases')[2]['Doc ID'];
    bench.ws.data.ui.share(OWNER, bench.ids.folder, MALLORY, 'writer');
    const before = bench.ws.snapshot().calls;
    // Both Docs come from one listing page, made while the folder was still shared; the second Doc's repair made it
    // private, so the third's listed state is stale: it is read again and found clean.
    const report = audit(bench, { cursor: second.caseId, force: true });
    expect(report.drift.map((d) => [d.caseId, d.kind])).toEqual([[second.caseId, 'inherited-access']]);
    expect(report.drift.map((d) => d.caseId)).not.toContain(third.caseId);
    expect(bench.ws.data.doc(thirdDoc).text).not.toMatch(/Access audit/);
    const after = bench.ws.snapshot().calls;
    expect((after['Drive.Files.list'] ?? 0) - (before['Drive.Files.list'] ?? 0)).toBe(1);
  });

  test('a full pass repairs the folder first, so its Docs are found clean', () => {
    const { bench, docId } = withClearedCase();
    bench.ws.data.ui.share(OWNER, bench.ids.folder, MALLORY, 'writer');
    const report = audit(bench);
    expect(report.stores).toEqual([{ store: 'folder', kind: 'extra-access', repaired: true, count: 1 }]);
    expect(report.drift).toEqual([]);
    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
  });

  test('revoking someone whose only access is inherited reports it unconfirmed and tries no delete', () => {
    const { bench, docId } = withClearedCase();
    bench.ws.data.ui.share(OWNER, bench.ids.folder, MALLORY, 'reader');
    const removesBefore = bench.ws.snapshot().calls['Drive.Permissions.remove'] ?? 0;
    expect(bench.run(() => revokeAccess(docId, MALLORY))).toEqual({ removed: false, confirmed: false });
    expect(bench.ws.snapshot().calls['Drive.Permissions.remove'] ?? 0).toBe(removesBefore);
    // A direct share of the same person is removed; the inherited access remains, so it is still not confirmed.
    bench.ws.data.ui.share(OWNER, docId, MALLORY, 'writer');
    expect(bench.run(() => revokeAccess(docId, MALLORY))).toEqual({ removed: true, confirmed: false });
  });
});

describe('the full pass goes over open cases first, archived ones last', () => {
  test('a run whose batch stays among `Cases` reads no archived row; the run that reaches them checks their Docs', () => {
    const bench = flowBench();
    bench.report(REPORT);
    const second = bench.report(REPORT).caseId;
    const old = bench.report(REPORT).caseId;
    bench.flow((ctx) => {
      const kase = casesOf(ctx).find(old)!;
      kase.phase = 'closed';
      kase.closedAt = ctx.clock.nowIso();
      casesOf(ctx).save(kase);
    });
    bench.ws.rt.setClock(bench.ws.rt.now() + 91 * 24 * 3_600_000);
    expect(bench.flow((ctx) => archiveClosedCases(ctx)).archived).toEqual([old]);
    const oldDoc = bench.registry('Archived Cases').find((r) => r['Case ID'] === old)!['Doc ID'];
    bench.ws.data.ui.addEditor(OWNER, oldDoc, MALLORY);

    const archivedCells = `${bench.ids.registry}/Archived Cases`;
    const readsArchived = () =>
      (bench.ws.rt.executions[bench.ws.rt.executions.length - 1].cellsRead[archivedCells] ?? 0) > 0;
    const firstRun = audit(bench, { force: true, maxDocs: 1 });
    expect([firstRun.checked, firstRun.nextCursor, readsArchived()]).toEqual([1, second, false]);
    const secondRun = audit(bench, { maxDocs: 1 });
    // Its batch of one is the last of `Cases`; the next case is archived, so the cursor names it.
    expect([secondRun.checked, secondRun.nextCursor, readsArchived()]).toEqual([1, old, true]);
    const thirdRun = audit(bench, { maxDocs: 1 });
    expect(thirdRun.drift.map((d) => [d.caseId, d.kind, d.repaired])).toEqual([[old, 'extra-access', true]]);
    expect([thirdRun.nextCursor, readsArchived()]).toEqual([null, true]);
    expect(bench.ws.data.file(oldDoc).editors).not.toContain(MALLORY);
  });
});

describe('the full pass reads Docs from the folder listing', () => {
  test('130 Docs take two listing pages and no Files.get of their own; a Doc moved out of the folder is read alone and moved back', () => {
    const bench = flowBench();
    for (let i = 0; i < 130; i++) bench.report({ ...REPORT, 'Who was involved?': `Person ${i}` });
    const docs = bench.registry('Cases').map((c) => c['Doc ID']);
    const elsewhere = bench.ws.data.ui.createFolder(OWNER, 'Somewhere else', []);
    bench.ws.data.ui.moveFile(OWNER, docs[70], elsewhere);
    const before = bench.ws.snapshot().calls;
    const report = audit(bench);
    const after = bench.ws.snapshot().calls;
    expect(report.checked).toBe(130);
    expect(report.drift.map((d) => d.kind)).toEqual(['shared-folder']);
    expect(bench.ws.data.file(docs[70]).parents).toEqual([bench.ids.folder]);
    expect((after['Drive.Files.list'] ?? 0) - (before['Drive.Files.list'] ?? 0)).toBe(2);
    // The four stores at the start of the pass, and the one Doc the listing did not show.
    expect((after['Drive.Files.get'] ?? 0) - (before['Drive.Files.get'] ?? 0)).toBe(5);
  });
});
