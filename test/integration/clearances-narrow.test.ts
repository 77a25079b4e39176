// The registry `Clearances` read narrow through the built bundle (issue 17): a page about one case reads the tab's `Case ID` column and that case's rows, the sweep the whole tab once; decisions, shares and the invariants are as they were.
import {
  ANA,
  CY,
  DEE,
  clear,
  jumpAndSweep,
  newestLink,
  open,
  padRegistryTab,
  registryReads,
  registryRows,
  reportCase,
  startResolutionDesk,
  type Desk,
} from './desk';

const PADDING = 3000;

/** Fills the registry `Clearances` with other cases' old conflict declarations (no case of this desk names them). */
function padClearances(desk: Desk): void {
  const values = (i: number): Record<string, string> => ({
    'Case ID': `c_old${i % 500}`,
    'Member ID': `m_old${i % 7}`,
    Decision: 'conflict',
    At: '2025-01-01T00:00:00.000Z',
    Via: 'screening',
    Share: 'none',
    Note: '',
  });
  padRegistryTab(desk, 'Clearances', PADDING, (i, h) => values(i)[h] ?? '');
}

const clearanceReads = (desk: Desk, from: number) => registryReads(desk, 'Clearances', from);

describe('a big Clearances tab is read narrow', () => {
  test("a screening page and its answer read the case's rows and one column; the sweep reads the tab once", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    padClearances(desk);
    const rows = registryRows(desk, 'Clearances').length;
    const width = Object.keys(registryRows(desk, 'Clearances')[0]).length;
    expect(rows).toBe(PADDING);

    const from = desk.ws.rt.executions.length;
    open(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId).url);
    const [page] = clearanceReads(desk, from);
    // The header, the Case ID column: nothing of the other cases' rows.
    expect(page).toEqual({ fn: 'doGet', cells: width + rows });

    const answered = desk.ws.rt.executions.length;
    clear(desk, kase, ANA, CY, DEE);
    for (const read of clearanceReads(desk, answered))
      expect([read.fn, read.cells < 2 * rows]).toEqual([read.fn, true]);
    const own = registryRows(desk, 'Clearances').filter((r) => r['Case ID'] === kase.caseId);
    expect(own.map((r) => r.Decision)).toEqual(['no-conflict', 'no-conflict', 'no-conflict']);
    expect(own.every((r) => r.Share !== 'pending')).toBe(true);

    const swept = desk.ws.rt.executions.length;
    jumpAndSweep(desk, 3_600_000);
    const sweepReads = clearanceReads(desk, swept).filter((r) => r.fn === 'sweep_');
    expect(sweepReads).toHaveLength(1);
    // The header, Case ID, then every row whole once at most (a read per case is test/records/clearances.test.ts's).
    expect(sweepReads[0].cells).toBeLessThanOrEqual(width + rows + rows * width + 3 * width);
  });
});
