// The access audit of the stores that are not case Docs, in-process: the registry, the Form, the status spreadsheet and the private folder shared by people in Drive are repaired where Conduct Desk can, and the committee account is told once.
import { auditAccess, type AuditReport } from '../../src/flows/audit';
import { flowBench, OWNER, type FlowBench } from '../support/in-process';

const OUTSIDER = 'outsider.qx@example.net';
const ANA = 'ana@example.org';

function audit(bench: FlowBench): AuditReport {
  return bench.flow((ctx) => auditAccess(ctx, { force: true }));
}

/** The committee account's audit messages queued since `from` (outbox rows). */
function ownerReports(bench: FlowBench, from: number): Array<Record<string, string>> {
  return bench
    .registry('Outbox')
    .slice(from)
    .filter((m) => m.To === OWNER && m.Subject.includes("sharing of Conduct Desk's files"));
}

function events(bench: FlowBench, from: number): string[] {
  return bench
    .registry('Audit')
    .slice(from)
    .map((a) => `${a.Event} ${a.Detail}`)
    .filter((e) => e.startsWith('audit.'));
}

describe('access audit of the stores', () => {
  test('untouched stores pass with nothing repaired, recorded or sent', () => {
    const bench = flowBench();
    const outbox = bench.registry('Outbox').length;
    const auditRows = bench.registry('Audit').length;
    expect(audit(bench).stores).toEqual([]);
    expect(ownerReports(bench, outbox)).toEqual([]);
    expect(events(bench, auditRows)).toEqual([]);
  });

  test('the registry shared with an outsider and by link is made owner-only again, and the owner is told once', () => {
    const bench = flowBench();
    const { registry } = bench.ids;
    bench.ws.data.ui.share(OWNER, registry, OUTSIDER, 'writer');
    bench.ws.data.ui.share(OWNER, registry, 'anyone', 'reader');
    const outbox = bench.registry('Outbox').length;
    const auditRows = bench.registry('Audit').length;

    const report = audit(bench);
    expect(report.stores).toEqual([
      { store: 'registry', kind: 'link-sharing', repaired: true },
      { store: 'registry', kind: 'extra-access', repaired: true, count: 1 },
    ]);
    expect(bench.ws.data.file(registry)).toMatchObject({ editors: [], viewers: [], access: 'PRIVATE' });
    const mails = ownerReports(bench, outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0].Body).toContain('The private registry: link or domain sharing was on; it was turned off.');
    expect(mails[0].Body).toContain(
      'The private registry: 1 person besides the committee account had access; removed.',
    );
    expect(mails[0].Body).not.toContain(OUTSIDER);
    expect(events(bench, auditRows)).toEqual([
      'audit.store.link-sharing registry; repaired',
      'audit.store.extra-access registry; repaired; 1 people',
    ]);
    // Repaired drift stays repaired.
    const again = bench.registry('Outbox').length;
    expect(audit(bench).stores).toEqual([]);
    expect(ownerReports(bench, again)).toEqual([]);
  });

  test('a Form editor added by hand (editors see every response) and the Form moved out of the folder are undone', () => {
    const bench = flowBench();
    const { form, folder } = bench.ids;
    bench.ws.data.ui.share(OWNER, form, OUTSIDER, 'writer');
    bench.ws.data.ui.moveFile(OWNER, form, bench.ws.data.ui.createFolder(OWNER, 'Forms', []));
    const outbox = bench.registry('Outbox').length;

    expect(
      audit(bench)
        .stores.map((d) => `${d.store} ${d.kind} ${d.repaired}`)
        .sort(),
    ).toEqual(['form extra-access true', 'form outside-folder true']);
    expect(bench.ws.data.file(form)).toMatchObject({ editors: [], parents: [folder] });
    expect(ownerReports(bench, outbox)).toHaveLength(1);
  });

  test('the status spreadsheet: link sharing is turned off; a non-member is reported (not removed), once', () => {
    const bench = flowBench();
    const { status } = bench.ids;
    bench.ws.data.ui.share(OWNER, status, 'anyone', 'writer');
    bench.ws.data.ui.share(OWNER, status, OUTSIDER, 'reader');
    bench.ws.data.ui.share(OWNER, status, ANA, 'writer'); // a member: expected
    const outbox = bench.registry('Outbox').length;

    expect(audit(bench).stores).toEqual([
      { store: 'status', kind: 'link-sharing', repaired: true },
      { store: 'status', kind: 'unexpected-people', repaired: false, count: 1 },
    ]);
    expect(bench.ws.data.file(status)).toMatchObject({ access: 'PRIVATE', viewers: [OUTSIDER], editors: [ANA] });
    const mails = ownerReports(bench, outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0].Body).toMatch(/The status spreadsheet: 1 person who is not an active member can open it/);
    expect(mails[0].Body).toMatch(/could not be repaired by Conduct Desk/);

    // The same person is not reported every pass; someone new is.
    const again = bench.registry('Outbox').length;
    expect(audit(bench).stores).toEqual([]);
    expect(ownerReports(bench, again)).toEqual([]);
    bench.ws.data.ui.share(OWNER, status, 'second.qx@example.net', 'reader');
    expect(audit(bench).stores).toEqual([{ store: 'status', kind: 'unexpected-people', repaired: false, count: 2 }]);
  });

  test('the private folder shared by hand is made private again and reported to the owner, not to the members', () => {
    const bench = flowBench();
    const { folder } = bench.ids;
    bench.ws.data.ui.share(OWNER, folder, OUTSIDER, 'reader');
    const outbox = bench.registry('Outbox').length;
    const auditRows = bench.registry('Audit').length;
    expect(audit(bench).stores).toEqual([{ store: 'folder', kind: 'extra-access', repaired: true, count: 1 }]);
    expect(bench.ws.data.file(folder).viewers).toEqual([]);
    expect(events(bench, auditRows)).toEqual(['audit.folder-shared folder; repaired; 1 people']);
    const queued = bench.registry('Outbox').slice(outbox);
    expect(queued.map((m) => m.To)).toEqual([OWNER]);
  });

  test('the registry and the private folder moved to the trash are restored before Drive deletes them, and the owner is told', () => {
    const bench = flowBench();
    const { registry, folder } = bench.ids;
    bench.ws.data.ui.setTrashed(OWNER, registry, true);
    bench.ws.data.ui.setTrashed(OWNER, folder, true);
    const outbox = bench.registry('Outbox').length;
    const auditRows = bench.registry('Audit').length;

    expect(audit(bench).stores).toEqual([
      { store: 'folder', kind: 'trashed', repaired: true },
      { store: 'registry', kind: 'trashed', repaired: true },
    ]);
    expect(bench.ws.data.file(registry).trashed).toBe(false);
    expect(bench.ws.data.file(folder).trashed).toBe(false);
    const mails = ownerReports(bench, outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0].Body).toContain('The private registry: it was in the trash');
    expect(mails[0].Body).toContain('The private folder: it was in the trash');
    expect(mails[0].Body).toMatch(/Everything listed was put right/);
    expect(events(bench, auditRows)).toEqual([
      'audit.store.trashed folder; repaired',
      'audit.store.trashed registry; repaired',
    ]);
    expect(audit(bench).stores).toEqual([]);
  });

  test('a member who may not share a store is refused by Drive, and the audit then finds nothing', () => {
    const bench = flowBench();
    // The status spreadsheet is not re-shareable by its editors; the registry is not shared with members at all.
    bench.ws.data.ui.share(OWNER, bench.ids.status, ANA, 'writer');
    expect(() => bench.ws.data.ui.share(ANA, bench.ids.status, OUTSIDER, 'writer')).toThrow(/cannot change who/);
    expect(() => bench.ws.data.ui.share(ANA, bench.ids.registry, 'anyone', 'reader')).toThrow(/cannot change who/);
    expect(audit(bench).stores).toEqual([]);
  });
});

describe('a store audit that dies after repairing', () => {
  test('the next audit tells the owner what the dead run repaired, once', () => {
    const bench = flowBench();
    const { registry } = bench.ids;
    bench.ws.data.ui.share(OWNER, registry, OUTSIDER, 'writer');
    // Killed at the read that confirms the outsider's removal: the removal happened, the run never committed.
    const lists = bench.ws.snapshot().calls['Drive.Permissions.list'] ?? 0;
    bench.ws.rt.faults.push({ call: 'Drive.Permissions.list', nth: lists + 2, kill: true });
    const outbox = bench.registry('Outbox').length;
    expect(() => audit(bench)).toThrow();
    expect(bench.ws.data.file(registry).editors).toEqual([]);
    expect(ownerReports(bench, outbox)).toEqual([]);

    const next = audit(bench);
    expect(next.stores).toEqual([{ store: 'registry', kind: 'extra-access', repaired: true, count: 1 }]);
    const mails = ownerReports(bench, outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0].Body).toContain(
      'The private registry: 1 person besides the committee account had access; removed.',
    );
    // Settled: a later audit finds and tells nothing.
    expect(audit(bench).stores).toEqual([]);
  });
});
