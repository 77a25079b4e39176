// The year's archive spreadsheet when someone shares (or gives) a spreadsheet of its name to the committee account: the archive is the committee account's own, in the private folder, and the other file gets nothing.
import { DAY, OWNER, caseWithOpenVote, registryCase, typeStatus, type CaseInfo, type Desk } from './desk';

const ARCHIVE = 'Conduct Desk — private archive 2026';
const STRANGER = 'pat.lurk@example.net';

function archiveIds(desk: Desk): string[] {
  return Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
}

/** A closed case with a vote, whose rows the archive takes 91 days later. */
function closedCase(): { desk: Desk; kase: CaseInfo } {
  const { desk, kase } = caseWithOpenVote();
  typeStatus(desk, OWNER, kase, 'Closed');
  return { desk, kase };
}

/** Runs one sweep as its trigger would, `days` later; returns how it ended. */
function sweepAfter(desk: Desk, days: number): string {
  desk.ws.rt.setClock(desk.ws.rt.now() + days * DAY);
  return desk.ws.run('sweep_', [{}], { kind: 'trigger' }).record.outcome;
}

/** Rows of `tab` in a spreadsheet that hold the case's id. */
function caseRowsIn(desk: Desk, spreadsheetId: string, tab: string, caseId: string): number {
  const sheets = desk.ws.data.sheets(spreadsheetId);
  const sheet = sheets.find((s) => s.name === tab);
  return sheet ? sheet.rows.filter((r) => r.includes(caseId)).length : 0;
}

describe('the year’s archive spreadsheet', () => {
  test('ADV-97 someone shares a spreadsheet named as the year’s archive with the committee account: the archive is made all the same, the committee account’s own, and their file is left untouched', () => {
    const { desk, kase } = closedCase();
    // Anyone can share a file with the committee account, and the archive's name is in the published code.
    const planted = desk.ws.runInProcess(
      () => {
        const ss = SpreadsheetApp.create(ARCHIVE);
        DriveApp.getFileById(ss.getId()).addEditor(OWNER);
        return ss.getId();
      },
      { user: STRANGER },
    );
    expect(planted.error).toBeUndefined();
    const plantedId = String(planted.value);

    expect(sweepAfter(desk, 91)).toBe('ok');
    desk.check();
    const [archive] = archiveIds(desk);
    expect(archive).toBeTruthy();
    expect(archive).not.toBe(plantedId);
    expect(desk.ws.data.file(archive)).toMatchObject({ owner: OWNER, parents: [desk.ids.folder], editors: [] });
    expect(JSON.parse(registryCase(desk, kase).Flags).archived?.in).toBe(archive);
    // The stranger's spreadsheet holds nothing of the committee's.
    for (const tab of ['Clearances', 'Votes', 'Outbox', 'Audit'])
      expect([tab, caseRowsIn(desk, plantedId, tab, kase.caseId)]).toEqual([tab, 0]);
    expect(desk.ws.data.sheets(plantedId).map((s) => s.name)).toEqual(['Sheet1']);
  });

  test('ADV-211 someone in the committee account’s organization makes a spreadsheet named as the year’s archive and gives it to the account: the archive is a new one, and their file gets nothing', () => {
    const { desk, kase } = closedCase();
    const insider = 'lee.near@example.org';
    const made = desk.ws.runInProcess(() => SpreadsheetApp.create(ARCHIVE).getId(), { user: insider });
    const plantedId = String(made.value);
    // Immediate in one Workspace organization; the giver stays an editor (Drive API guide "Transfer file ownership").
    desk.ws.data.ui.transferOwnership(insider, plantedId, OWNER);
    expect(desk.ws.data.file(plantedId)).toMatchObject({ owner: OWNER, editors: [insider] });

    expect(sweepAfter(desk, 91)).toBe('ok');
    desk.check();
    const [archive] = archiveIds(desk);
    expect(archive).not.toBe(plantedId);
    expect(desk.ws.data.file(archive)).toMatchObject({ owner: OWNER, parents: [desk.ids.folder], editors: [] });
    for (const tab of ['Clearances', 'Votes', 'Outbox', 'Audit'])
      expect([tab, caseRowsIn(desk, plantedId, tab, kase.caseId)]).toEqual([tab, 0]);
  });
});
