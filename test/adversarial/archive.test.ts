// Adversarial cases of the archive (issue 17) touched by hand: the year's archive spreadsheet sorted or pruned by the committee account, then a case archived in it opened again; invariants after every step.
import {
  ANA,
  CY,
  DAY,
  DEE,
  OWNER,
  caseAction,
  caseWithOpenVote,
  casePage,
  clear,
  docEditors,
  expectNoErrors,
  jumpAndSweep,
  registryRows,
  sweep,
  typeStatus,
  memberId,
  pageText,
  reportCase,
  startResolutionDesk,
  vote,
  writeTexts,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

function archiveOfYear(desk: Desk): string {
  const ids = Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** Latest decision per member of the case in the registry's Clearances tab (row order: the last row wins). */
function latestDecisions(desk: Desk, kase: CaseInfo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of registryRows(desk, 'Clearances')) if (r['Case ID'] === kase.caseId) out[r['Member ID']] = r.Decision;
  return out;
}

/** The open-vote case (Ana conflicted, Cy and Dee cleared), Dee declaring a conflict later, closed and archived. */
function archivedAfterLateConflict(): { desk: Desk; kase: CaseInfo } {
  const { desk, kase } = caseWithOpenVote();
  caseAction(desk, DEE, kase, 'conflict');
  expect(docEditors(desk, kase.docId)).toEqual([CY.email]);
  typeStatus(desk, OWNER, kase, 'Closed');
  jumpAndSweep(desk, 91 * DAY);
  expect(registryRows(desk, 'Clearances').filter((r) => r['Case ID'] === kase.caseId)).toEqual([]);
  return { desk, kase };
}

/**
 * The owner edits the year's archive by hand (`edit`, with its id), then reopens the case: who was cleared comes back
 * from the summary (Ana and Dee conflicted, Cy cleared and the Doc's one editor), and the vote Cy opened from the archive.
 */
function reopenAfterHandEdit(edit: (archive: string) => void): { desk: Desk; kase: CaseInfo } {
  const { desk, kase } = archivedAfterLateConflict();
  const archive = archiveOfYear(desk);
  expect(desk.ws.runInProcess(() => edit(archive)).error).toBeUndefined();
  typeStatus(desk, OWNER, kase, 'Ongoing');
  sweep(desk);
  const latest = latestDecisions(desk, kase);
  expect([ANA, CY, DEE].map((m) => latest[memberId(desk, m.email)])).toEqual(['conflict', 'no-conflict', 'conflict']);
  expect(docEditors(desk, kase.docId)).toEqual([CY.email]);
  expect(registryRows(desk, 'Votes').filter((r) => r['Case ID'] === kase.caseId)).toHaveLength(1);
  return { desk, kase };
}

describe('the archive spreadsheet touched by hand, then a case archived in it opened again', () => {
  it('ADV-645 the committee account sorts the archive\u2019s Clearances tab by Decision: a member who declared a conflict after clearing does not get the Doc back on reopening', () => {
    const { desk, kase } = archivedAfterLateConflict();
    const archive = archiveOfYear(desk);
    // Data > Sort range A\u2192Z on `Decision`: Dee's earlier `no-conflict` now below her later `conflict`.
    expectNoErrors(desk.ws.sortSheet(OWNER, archive, 'Clearances', 3, true));
    typeStatus(desk, OWNER, kase, 'Ongoing');
    sweep(desk);
    const dee = memberId(desk, DEE.email);
    expect(latestDecisions(desk, kase)[dee]).toBe('conflict');
    expect(latestDecisions(desk, kase)[memberId(desk, ANA.email)]).toBe('conflict');
    expect(docEditors(desk, kase.docId)).toEqual([CY.email]);
  });

  it('ADV-646 the committee account deletes the archive’s Clearances tab: reopening restores who was cleared from the summary, and says so', () => {
    const { desk, kase } = reopenAfterHandEdit((archive) => {
      const ss = SpreadsheetApp.openById(archive);
      ss.deleteSheet(ss.getSheetByName('Clearances')!);
    });
    expect(
      registryRows(desk, 'Audit').filter((a) => a.Event === 'archive.unreachable' && a['Case ID'] === kase.caseId),
    ).toHaveLength(1);
  });

  it('ADV-647 the committee account clears the archive’s Clearances rows by hand (the tab kept): reopening restores who was cleared from the summary', () => {
    reopenAfterHandEdit((archive) => {
      const sheet = SpreadsheetApp.openById(archive).getSheetByName('Clearances')!;
      sheet.deleteRows(2, sheet.getLastRow() - 1);
    });
  });

  it('ADV-651 the committee account sorts the archive\u2019s Votes tab by Outcome: the reopened case\u2019s page shows its newest vote, not the one before it', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    // A first vote fails (both reject); a second, on rewritten texts, is cancelled when the account closes the case.
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    for (const voter of [ANA, CY]) vote(desk, voter, kase, 'reject');
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(pageText(casePage(desk, ANA, kase))).toContain('Vote: cancelled');
    jumpAndSweep(desk, 91 * DAY);
    // Data > Sort range A\u2192Z on `Outcome`: the cancelled vote now above the one that failed before it.
    expectNoErrors(desk.ws.sortSheet(OWNER, archiveOfYear(desk), 'Votes', 7, true));
    typeStatus(desk, OWNER, kase, 'Ongoing');
    sweep(desk);
    // Before: the rows came back in the sheet's order, and the last is the case's newest vote (`Votes.latest`): the
    // page said the committee's last vote did not pass, with the first vote's count and dates.
    const shown = pageText(casePage(desk, ANA, kase));
    expect(shown).toContain('Vote: cancelled');
    expect(shown).not.toContain('did not pass');
  });
});
