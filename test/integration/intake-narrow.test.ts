// A report's intake in a big registry through the built bundle: it reads a few columns of the archived cases and the status sheet's code names, not their whole tabs, and still names the case away from every name on file and every code name taken, and still knows a re-delivered response whose case is archived.
import {
  ANA,
  CY,
  DAY,
  DEE,
  OWNER,
  clear,
  expectNoErrors,
  expectOk,
  jumpAndSweep,
  padRegistryTab,
  registryRows,
  reportCase,
  startResolutionDesk,
  statusRows,
  typeStatus,
  type CaseInfo,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

const ARCHIVED = 3000;
const STATUS = 1200;
/** What intake reads of each case row: Case ID, Code Name, Response ID, the reporter's name and address, Reported, Witnesses, Flags. */
const HISTORY_COLUMNS = 8;

interface Echo {
  /** The Reporter Name of one archived row. */
  reporter?: string;
  /** The code name of one hand-made status row. */
  statusCode?: string;
}

/** Old archived cases: the same few people, a code name each; one row's reporter as `echo` says. */
function padArchived(desk: Desk, echo: Echo): void {
  const people = JSON.stringify({ names: ['Pim Ray'], emails: [], handles: [] });
  padRegistryTab(desk, 'Archived Cases', ARCHIVED, (i, h) => {
    const values: Record<string, string> = {
      'Case ID': `c_old${i}`,
      'Code Name': `old case${i}`,
      'Response ID': `old-response-${i}`,
      'Received At': '2024-01-01T00:00:00.000Z',
      'Doc ID': `doc-old-${i}`,
      Phase: 'closed',
      'Reporter Name': i === 2500 && echo.reporter ? echo.reporter : 'Ola Vent',
      Reported: people,
      Witnesses: people,
      Flags: '{}',
      'Closed At': '2024-02-01T00:00:00.000Z',
    };
    return values[h] ?? '';
  });
}

/** Rows people keep in the status sheet's Cases tab (old cases, by hand); one with `echo`'s code name. */
function padStatus(desk: Desk, echo: Echo): void {
  const g = desk.ws.data.globals() as unknown as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const result = desk.ws.rt.runExecution(
    { kind: 'editor', fn: 'test:pad-status', activeUser: desk.ws.owner, effectiveUser: desk.ws.owner },
    () => {
      const sheet = g.SpreadsheetApp.openById(desk.ids.status).getSheetByName('Cases')!;
      const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
      const code = (i: number) => (i === 700 && echo.statusCode ? echo.statusCode : `old case${i}`);
      const cells: Record<string, (i: number) => string> = { 'Code Name': code, Status: () => 'Closed' };
      const rows = Array.from({ length: STATUS }, (_, i) => header.map((h) => cells[h]?.(i) ?? ''));
      const first = sheet.getLastRow() + 1;
      sheet.insertRowsAfter(sheet.getMaxRows(), STATUS);
      sheet.getRange(first, 1, STATUS, header.length).setValues(rows);
    },
  );
  if (result.error !== undefined) throw result.error;
}

/**
 * DESIGN §7's violations but those of the padded rows (old cases with no Form response behind them, made up for the
 * size of the tab).
 */
function violations(desk: Desk): string[] {
  return findViolations(desk.ws, desk.k).filter((v) => !/\bc_old\d+\b/.test(v));
}

/** The second report, through the Form (the desk's own helper checks every invariant, the padded rows' too). */
function submitSecond(desk: Desk): CaseInfo {
  desk.k.people.push({
    reporter: { name: 'Bo Linn', email: 'bo.linn@example.net' },
    reported: [{ name: 'Kim Vale' }],
  });
  const { responseId, results } = desk.ws.submitForm({
    'Who was involved?': 'Kim Vale',
    'What happened?': 'Repeated unwelcome comments in the chat after being asked to stop.',
    'Your name': 'Bo Linn',
    'Your email address': 'bo.linn@example.net',
  });
  expectNoErrors(results);
  const row = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)!;
  return { n: 2, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] };
}

/** Cells one execution read of a tab. */
function cellsRead(desk: Desk, execution: number, spreadsheetId: string, tab: string): number {
  return desk.ws.rt.executions[execution].cellsRead[`${spreadsheetId}/${tab}`] ?? 0;
}

/** A desk whose first case is archived, with a big history padded in; then a second report. */
function secondReport(echo: Echo): { desk: Desk; archived: CaseInfo; kase: CaseInfo; intake: number } {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const archived = reportCase(desk);
  clear(desk, archived, ANA, CY, DEE);
  typeStatus(desk, OWNER, archived, 'Closed');
  jumpAndSweep(desk, 60 * DAY);
  jumpAndSweep(desk, 31 * DAY);
  expect(registryRows(desk, 'Archived Cases').map((r) => r['Case ID'])).toEqual([archived.caseId]);
  padArchived(desk, echo);
  padStatus(desk, echo);
  const intake = desk.ws.rt.executions.length;
  const kase = submitSecond(desk);
  return { desk, archived, kase, intake };
}

describe("a report's intake in a big registry reads the history's few columns", () => {
  // The code name the seeded desk draws for the second report when nothing on file echoes it.
  const probe = secondReport({});
  const drawn = probe.kase.codeName;

  test('the archived cases: eight columns of their rows; the status sheet: its code names; a re-delivered archived response is still a duplicate', () => {
    const { desk, archived, intake } = probe;
    const rows = ARCHIVED + 1;
    const width = Object.keys(registryRows(desk, 'Archived Cases')[0]).length;
    // The header, then the eight columns every row (never the rest: 17 columns).
    expect(cellsRead(desk, intake, desk.ids.registry, 'Archived Cases')).toBe(width + HISTORY_COLUMNS * rows);
    expect(width).toBe(17);
    // The header and the Code Name column; the header again before its row is appended. Not the 7 columns of each row.
    const statusWidth = Object.keys(statusRows(desk)[0]).length;
    const statusBefore = STATUS + 1;
    expect(cellsRead(desk, intake, desk.ids.status, 'Cases')).toBe(2 * statusWidth + statusBefore);
    expect(statusRows(desk).filter((r) => r['Code Name'] === drawn)).toHaveLength(1);

    const responseId = registryRows(desk, 'Archived Cases')[0]['Response ID'];
    const trigger = desk.ws.triggers().find((t) => t.handler === 'onReportSubmit_')!;
    const again = desk.ws.rt.executions.length;
    expectOk(
      desk.ws.run('onReportSubmit_', [desk.ws.data.formSubmitEvent(desk.ids.form, responseId, trigger.uid)], {
        kind: 'trigger',
      }),
    );
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'intake.duplicate-ignored')).toEqual([
      expect.objectContaining({ 'Case ID': archived.caseId }),
    ]);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(registryRows(desk, 'Archived Cases')).toHaveLength(rows);
    // The eight columns, then the row found, whole (its phase); the status sheet not at all.
    expect(cellsRead(desk, again, desk.ids.registry, 'Archived Cases')).toBe(width + HISTORY_COLUMNS * rows + width);
    expect(cellsRead(desk, again, desk.ids.status, 'Cases')).toBe(0);
    expect(violations(desk)).toEqual([]);
  });

  test("an archived case's reporter spelling the drawn words, deep in the tab: another code name", () => {
    const { desk, kase } = secondReport({ reporter: drawn.replace(/\b\w/g, (c) => c.toUpperCase()) });
    for (const word of drawn.split(' ')) expect(kase.codeName.split(' ')).not.toContain(word);
    expect(violations(desk)).toEqual([]);
  });

  test('a hand-made status row holding the drawn code name: another code name', () => {
    const { desk, kase } = secondReport({ statusCode: drawn });
    expect(kase.codeName).not.toBe(drawn);
    expect(statusRows(desk).filter((r) => r['Code Name'] === kase.codeName)).toHaveLength(1);
    expect(violations(desk)).toEqual([]);
  });
});
