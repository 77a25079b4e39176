// Retention of a case that was archived, reopened and closed again: its purge must reach every copy the archive made of it (an earlier year's archive spreadsheet, the registry's `Archived Cases` row it left behind).
import {
  DAY,
  OWNER,
  advance,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  startResolutionDesk,
  jumpAndSweep,
  typeStatus,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

const REPORTER = /rita\.quell|Rita Quell|Wes Tarn/;

function archiveIds(desk: Desk): Record<string, string> {
  return JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>;
}

/** Every row of the spreadsheet's tab that names the case, as text. */
function rowsNaming(desk: Desk, spreadsheetId: string, tab: string, caseId: string): string[] {
  const rows = desk.ws.data.sheet(spreadsheetId, tab).rows;
  const column = rows[0].indexOf('Case ID');
  return rows
    .slice(1)
    .filter((r) => r[column] === caseId)
    .map((r) => JSON.stringify(r));
}

describe('a case archived, reopened and closed again is purged everywhere', () => {
  test('archived in one year and again in the next: the first year archive loses the reporter details too', () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk);
    advance(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Closed');
    const caseId = registryCase(desk, kase)['Case ID'];
    jumpAndSweep(desk, 91 * DAY);
    const first = archiveIds(desk)['2026'];
    expect(first).toBeTruthy();
    expect(rowsNaming(desk, first, 'Outbox', caseId).join()).toMatch(REPORTER);

    // Reopened in December, closed again; archived again in March, into the new year's archive.
    desk.ws.rt.setClock(Date.parse('2026-12-10T10:00:00Z'));
    typeStatus(desk, OWNER, kase, 'Ongoing');
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    const second = archiveIds(desk)['2027'];
    expect(second).toBeTruthy();
    expect(rowsNaming(desk, desk.ids.registry, 'Archived Cases', caseId)).toHaveLength(1);

    // A year after the second closing the case is purged: nothing of the reporter stays in either archive.
    jumpAndSweep(desk, 290 * DAY);
    // Warned of then; purged a week after the warning.
    jumpAndSweep(desk, 7 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    expect(rowsNaming(desk, second, 'Outbox', caseId).join()).not.toMatch(REPORTER);
    expect(rowsNaming(desk, first, 'Outbox', caseId).length).toBeGreaterThan(0);
    expect(rowsNaming(desk, first, 'Outbox', caseId).join()).not.toMatch(REPORTER);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('archiving switched off after the reopening: the row left in Archived Cases and the archive lose them too', () => {
    const desk = startResolutionDesk();
    setSetting(desk, 'Purge reporter details after (months)', 6);
    const kase = reportCase(desk);
    advance(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Closed');
    const caseId = registryCase(desk, kase)['Case ID'];
    jumpAndSweep(desk, 91 * DAY);
    const archive = Object.values(archiveIds(desk))[0];
    typeStatus(desk, OWNER, kase, 'Ongoing');
    typeStatus(desk, OWNER, kase, 'Closed');
    setSetting(desk, 'Archive closed cases after (days)', 0);
    jumpAndSweep(desk, 190 * DAY);
    jumpAndSweep(desk, 7 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(rowsNaming(desk, desk.ids.registry, 'Cases', caseId).join()).not.toMatch(REPORTER);
    expect(rowsNaming(desk, desk.ids.registry, 'Archived Cases', caseId).join()).not.toMatch(REPORTER);
    expect(rowsNaming(desk, archive, 'Outbox', caseId).length).toBeGreaterThan(0);
    expect(rowsNaming(desk, archive, 'Outbox', caseId).join()).not.toMatch(REPORTER);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});
