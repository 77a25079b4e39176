// Retention of an archived case when the archive spreadsheet fails for a moment (a quota or server error) in the middle of the purge: the sent-mail copies in the archive are still emptied on a later day.
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
  type CaseInfo,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

type Rt = { call: (m: string, fn: () => unknown, o?: unknown) => unknown; totals: Record<string, number> };

/** A case closed, archived 92 days later, warned of, its 4-month purge due: the clock stands at the purge day, no sweep run yet. */
function purgeDay(): { desk: Desk; kase: CaseInfo; archiveId: string } {
  const desk = startResolutionDesk();
  setSetting(desk, 'Purge reporter details after (months)', 4);
  const kase = reportCase(desk);
  advance(desk, 2 * DAY);
  typeStatus(desk, OWNER, kase, 'Closed');
  jumpAndSweep(desk, 92 * DAY);
  const ids = Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
  expect(ids).toHaveLength(1);
  const closedAt = Date.parse(registryCase(desk, kase)['Closed At']);
  // The week's warning (the purge never comes without it), then the day the purge is due.
  jumpAndSweep(desk, closedAt + 117 * DAY - desk.ws.rt.now());
  desk.ws.rt.setClock(closedAt + 125 * DAY);
  return { desk, kase, archiveId: ids[0] };
}

/** Which `SpreadsheetApp.openById` of the purge sweep opens the archive to empty its copies (a dry run of the same world). */
function archiveOpenOrdinal(): number {
  const { desk, archiveId } = purgeDay();
  const rt = desk.ws.rt as unknown as Rt & { current?: { cellsRead: Record<string, number> } };
  let lastOpen = 0;
  let found = 0;
  const call = rt.call.bind(rt);
  rt.call = (m, fn, o) => {
    if (m === 'SpreadsheetApp.openById') lastOpen = (rt.totals[m] ?? 0) + 1;
    const out = call(m, fn, o);
    if (!found && (rt.current?.cellsRead[`${archiveId}/Outbox`] ?? 0) > 0) found = lastOpen;
    return out;
  };
  desk.ws.run('sweep_', [{}], { kind: 'trigger' });
  return found;
}

function archivedOutbox(desk: Desk, archiveId: string, caseId: string): string[][] {
  const rows = desk.ws.data.sheet(archiveId, 'Outbox').rows;
  const col = (h: string) => rows[0].indexOf(h);
  return rows
    .slice(1)
    .filter((r) => r[col('Case ID')] === caseId)
    .map((r) => [String(r[col('To')]), String(r[col('Body')])]);
}

test('a server error on the archive during the purge leaves its sent-mail copies to a later day, not forever', () => {
  const nth = archiveOpenOrdinal();
  expect(nth).toBeGreaterThan(0);
  const { desk, kase, archiveId } = purgeDay();
  const caseId = registryCase(desk, kase)['Case ID'];
  expect(archivedOutbox(desk, archiveId, caseId).some(([to]) => to === 'rita.quell@example.net')).toBe(true);
  desk.ws.rt.faults.push({
    call: 'SpreadsheetApp.openById',
    nth,
    message: 'Service Spreadsheets failed while accessing document with id ' + archiveId + '.',
  });
  const failed = desk.ws.run('sweep_', [{}], { kind: 'trigger' });
  expect(failed.record.outcome).toBe('ok');
  expect(registryRows(desk, 'Audit').some((a) => a.Event === 'sweep.step-failed')).toBe(true);
  // The registry does not wait for the archive (a spreadsheet someone deleted would never answer): its details go
  // today, and the case owes the archive's copies.
  expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  expect(JSON.parse(registryCase(desk, kase).Flags).purgeArchivesOwed).toEqual([archiveId]);
  for (let day = 0; day < 3; day++) jumpAndSweep(desk, DAY);
  expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  const rows = archivedOutbox(desk, archiveId, caseId);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toEqual(['', '']);
  expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
  expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged-archive')).toHaveLength(1);
  expect(JSON.parse(registryCase(desk, kase).Flags).purgeArchivesOwed).toBeUndefined();
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});

test('an archive deleted for good is owed nothing once Drive lists it removed: no failure a day, one line saying why', () => {
  const { desk, kase, archiveId } = purgeDay();
  desk.ws.data.deleteForever(archiveId);
  jumpAndSweep(desk, DAY); // the purge: the archive does not open, the case owes it; the feed lists it removed
  expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  expect(JSON.parse(desk.ws.properties().archivesGone ?? '{}')).toHaveProperty([archiveId]);
  for (let day = 0; day < 3; day++) jumpAndSweep(desk, DAY);
  expect(JSON.parse(registryCase(desk, kase).Flags).purgeArchivesOwed).toBeUndefined();
  const audit = registryRows(desk, 'Audit');
  // At most the purge's own day failed on the archive, never the days after.
  expect(audit.filter((a) => a.Event === 'sweep.step-failed').length).toBeLessThanOrEqual(1);
  expect(audit.filter((a) => a.Event === 'retention.purged-archive').map((a) => a.Detail)).toEqual([
    'the archive that held the sent-mail copies is gone from Drive: nothing is left there to delete',
  ]);
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});

test('ADV-480 the case is opened again before the next day empties the archive\u2019s copies: what comes back from the archive holds no reporter address', () => {
  const nth = archiveOpenOrdinal();
  const { desk, kase, archiveId } = purgeDay();
  const caseId = registryCase(desk, kase)['Case ID'];
  desk.ws.rt.faults.push({
    call: 'SpreadsheetApp.openById',
    nth,
    message: 'Service Spreadsheets failed while accessing document with id ' + archiveId + '.',
  });
  expect(desk.ws.run('sweep_', [{}], { kind: 'trigger' }).record.outcome).toBe('ok');
  desk.ws.rt.faults.length = 0;
  expect(JSON.parse(registryCase(desk, kase).Flags).purgeArchivesOwed).toEqual([archiveId]);
  // Two hours later the committee account opens the case again: its rows come back from the archive, which opens now.
  desk.ws.rt.setClock(desk.ws.rt.now() + 2 * 3600000);
  typeStatus(desk, OWNER, kase, 'Ongoing');
  const mail = () => registryRows(desk, 'Outbox').filter((r) => r['Case ID'] === caseId);
  expect(mail().length).toBeGreaterThan(0);
  // Before: the acknowledgment's copy came back whole (`To` rita.quell@example.net, its text) and stayed in the registry
  // after the next day emptied the archive's, until the case was closed and purged again.
  for (const copy of mail()) expect([copy.To, copy.Body]).toEqual(['', '']);
  jumpAndSweep(desk, DAY);
  for (const row of archivedOutbox(desk, archiveId, caseId)) expect(row).toEqual(['', '']);
  expect(JSON.stringify(registryRows(desk, 'Outbox'))).not.toContain('rita.quell');
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});
