// The outbox read narrow through the built bundle (issue 17): an execution reads its keys, cases, kinds and states, whole only the rows it sends, decides about or shows, and a report's intake none of the rows before its own; mail, pages and the invariants are as they were.
import {
  ANA,
  CY,
  DEE,
  DAY,
  MODS,
  OWNER,
  clear,
  jumpAndSweep,
  mailsTo,
  newestLink,
  pageText,
  registryRows,
  reportCase,
  startResolutionDesk,
  typeStatus,
  type Desk,
  recommendCase,
  padRegistryTab,
  registryReads,
} from './desk';

const PADDING = 3000;

/**
 * Fills the registry `Outbox` with committee-wide messages that failed long ago (no flow reads them again, and no
 * mail claims them), so the tab is big enough for a narrow read to pay.
 */
function padOutbox(desk: Desk): void {
  const values: Record<string, string> = {
    'Case ID': '-',
    Kind: 'alert',
    To: desk.ws.owner,
    Subject: 'An old notice',
    Body: 'A notice that could not be delivered.',
    'Html Body': '<p>A notice that could not be delivered.</p>',
    Delivery: 'at-least-once',
    State: 'failed',
    Attempts: '8',
    'Created At': '2025-01-01T00:00:00.000Z',
    'Updated At': '2025-01-02T00:00:00.000Z',
    Error: 'Invalid email: bounced',
  };
  padRegistryTab(desk, 'Outbox', PADDING, (i, h) => (h === 'Key' ? `-|alert:old-${i}|owner` : (values[h] ?? '')));
}

const outboxReads = (desk: Desk, from: number) => registryReads(desk, 'Outbox', from);

describe('a big outbox is read narrow', () => {
  test('intake, screening, a vote, the recommendation and the hourly sweep read keys and states, and send what they always sent', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    padOutbox(desk);
    const from = desk.ws.rt.executions.length;
    const kase = recommendCase(desk);
    jumpAndSweep(desk, 3_600_000);

    const rows = registryRows(desk, 'Outbox').length;
    const width = Object.keys(registryRows(desk, 'Outbox')[0]).length;
    const reads = outboxReads(desk, from);
    expect(reads.map((r) => r.fn)).toEqual(expect.arrayContaining(['onReportSubmit_', 'doPost', 'sweep_']));
    // Key, Case ID, Kind and State of every row, the header, and a few rows whole: far from the whole tab.
    for (const read of reads) expect([read.fn, read.cells < 5 * rows]).toEqual([read.fn, true]);
    expect(width * rows).toBeGreaterThan(14 * rows);

    // What went out is what the outbox holds (desk.check ran the invariants after every step): each moderator has the
    // recommendation once, and its page, built from the sent body, shows it.
    for (const mod of MODS) expect(mailsTo(desk, mod, /recommendation/i)).toHaveLength(1);
    const page = desk.ws.webGet(newestLink(desk, MODS[0], 'moderator', kase.caseId).url);
    expect(pageText(page)).toContain('Whose behavior: Sam Doe');
    expect(registryRows(desk, 'Outbox').filter((r) => r.State === 'pending')).toEqual([]);
    expect(registryRows(desk, 'Outbox').filter((r) => r.State === 'failed')).toHaveLength(PADDING);
  });

  test("a report's intake reads the outbox's header only and sends its own mail; another case's waiting mail goes with the next sweep", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    padOutbox(desk);
    // The first case's mail waits for the quota (spent for the day), which then comes back.
    desk.ws.setMailQuotaUsed(1_000_000);
    const first = reportCase(desk);
    desk.ws.setMailQuotaUsed(0);
    const ofCase = (caseId: string) => registryRows(desk, 'Outbox').filter((r) => r['Case ID'] === caseId);
    expect(ofCase(first.caseId).map((r) => r.State)).toEqual(['pending', 'pending', 'pending', 'pending']);

    const from = desk.ws.rt.executions.length;
    const sentBefore = desk.ws.mail().length;
    const second = reportCase(desk, { reporter: { name: 'Bo Linn', email: 'bo.linn@example.net' } });
    const [intake] = outboxReads(desk, from);
    const width = Object.keys(registryRows(desk, 'Outbox')[0]).length;
    expect(intake).toEqual({ fn: 'onReportSubmit_', cells: width });
    // Its acknowledgment and a screening email to each member, all sent, and nothing of the first case.
    expect(ofCase(second.caseId).map((r) => r.State)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(desk.ws.mail().length - sentBefore).toBe(4);
    expect(ofCase(first.caseId).map((r) => r.State)).toEqual(['pending', 'pending', 'pending', 'pending']);

    jumpAndSweep(desk, 3_600_000);
    expect(ofCase(first.caseId).map((r) => r.State)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(mailsTo(desk, 'rita.quell@example.net', /We received your report/)).toHaveLength(1);
  });

  test("the archive takes a closed case's rows whole out of a big outbox", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    typeStatus(desk, OWNER, kase, 'Closed');
    padOutbox(desk);
    jumpAndSweep(desk, 60 * DAY);
    const ofCase = (rows: Array<Record<string, string>>) => rows.filter((r) => r['Case ID'] === kase.caseId);
    const before = ofCase(registryRows(desk, 'Outbox'));
    expect(before.length).toBeGreaterThan(3);
    expect(before.every((r) => r.To !== '' && r.Body !== '')).toBe(true);
    const from = desk.ws.rt.executions.length;
    jumpAndSweep(desk, 31 * DAY);

    const archiveId = Object.values(
      JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>,
    )[0];
    const archived = desk.ws.data.sheet(archiveId, 'Outbox').rows;
    const header = archived[0].map(String);
    const moved = archived
      .slice(1)
      .map((row) => Object.fromEntries(header.map((h, i) => [h, String(row[i] ?? '')])))
      .filter((r) => r['Case ID'] === kase.caseId);
    // Every cell of every row, addresses and texts included, though the sweep read the tab narrow.
    expect(moved).toEqual(before);
    expect(ofCase(registryRows(desk, 'Outbox'))).toEqual([]);
    expect(registryRows(desk, 'Outbox').filter((r) => r.State === 'failed')).toHaveLength(PADDING);
    const rows = registryRows(desk, 'Outbox').length;
    // Key and State, the Case ID column (with the key) to find the case's rows, those rows whole, and Key and State
    // again once the archive has changed the tab: about 6 cells a row, where whole reads took 30.
    const [sweepRead] = outboxReads(desk, from);
    expect(sweepRead.fn).toBe('sweep_');
    expect(sweepRead.cells).toBeLessThan(7 * rows);
  });
});
