// Retention through the built bundle when Drive does not do its part: a closed case's Doc gone from Drive (its details, and every later case's, still purged on their day, the Doc's part recorded once) and a Drive too slow for one run to purge every case due (the next runs finish them, none killed).
import { addCalendarMonths } from '../../src/core/deadlines';
import {
  ANA,
  DAY,
  OWNER,
  advance,
  jumpAndSweep,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  startDesk,
  startResolutionDesk,
  submitReport,
  typeStatus,
  mailsTo,
  type CaseInfo,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

test('a closed case whose Doc was deleted for good is purged on its day, and the case after it too', () => {
  const desk = startResolutionDesk();
  setSetting(desk, 'Purge reporter details after (months)', 1);
  const lost = reportCase(desk);
  const next = reportCase(desk, { reporter: { name: 'Uma Vance', email: 'uma.vance@example.net' } });
  advance(desk, 2 * 24 * 3600000);
  typeStatus(desk, OWNER, lost, 'Closed');
  typeStatus(desk, OWNER, next, 'Closed');
  desk.ws.data.deleteForever(lost.docId);
  const closedAt = Date.parse(registryCase(desk, next)['Closed At']);
  jumpAndSweep(desk, closedAt + 25 * DAY - desk.ws.rt.now());
  jumpAndSweep(desk, 7 * DAY);
  for (const kase of [lost, next]) {
    const row = registryCase(desk, kase);
    expect([kase.codeName, row['Reporter Name'], row['Reporter Email']]).toEqual([kase.codeName, '', '']);
  }
  expect(JSON.stringify(registryRows(desk, 'Cases'))).not.toMatch(/Rita Quell|rita\.quell|Uma Vance|uma\.vance/);
  const events = registryRows(desk, 'Audit').map((a) => a.Event);
  expect(events.filter((e) => e === 'retention.purged')).toHaveLength(2);
  expect(events).not.toContain('sweep.step-failed');
  // The access audit had heard from Drive's changes feed that it was removed: nothing is owed, nothing retried.
  expect(events.filter((e) => e.startsWith('retention.doc-'))).toEqual(['retention.doc-gone']);
  expect(JSON.parse(registryCase(desk, lost).Flags).purgeDocOwed).toBeUndefined();
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});

/** A committee purging after a month, with Drive taking 30 s to move a Doc; `report(i)` files the i-th report. */
function slowDrive(): { desk: Desk; report: (i: number) => CaseInfo } {
  const desk = startDesk({
    members: [ANA],
    profile: 'workspace',
    latency: { 'File.moveTo': 30_000 },
  });
  setSetting(desk, 'Purge reporter details after (months)', 1);
  const report = (i: number) =>
    submitReport(desk, {
      reporter: { name: `Rita Quell${i}`, email: `rita.quell${i}@example.net` },
      reported: ['Sam Doe'],
    });
  return { desk, report };
}

test('more cases due than one run can purge (Drive slow to move a Doc): the next hourly runs finish them, none killed', () => {
  const { desk, report } = slowDrive();
  const cases = Array.from({ length: 16 }, (_, i) => report(i));
  for (const kase of cases) typeStatus(desk, OWNER, kase, 'Closed');
  const closedAt = Date.parse(registryCase(desk, cases[15])['Closed At']);
  jumpAndSweep(desk, closedAt + 25 * DAY - desk.ws.rt.now());
  const purged = () => registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged').length;
  jumpAndSweep(desk, 7 * DAY); // throws if an execution did not end well (the platform ends one at 6 minutes)
  const first = purged();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThan(cases.length);
  for (let hour = 0; hour < 3; hour++) advance(desk, 3600000);
  expect(purged()).toBe(cases.length);
  expect(JSON.stringify(registryRows(desk, 'Cases'))).not.toMatch(/Rita Quell|rita\.quell/);
  const folder = desk.ws.properties().docArchiveFolderId;
  for (const kase of cases) expect(desk.ws.data.file(kase.docId).parents).toEqual([folder]);
  // Once all are done, the check waits a day again: the next hour purges and moves nothing.
  const moves = desk.ws.rt.totals['File.moveTo'] ?? 0;
  advance(desk, 3600000);
  expect(desk.ws.rt.totals['File.moveTo'] ?? 0).toBe(moves);
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});

test('Drive refusing the Doc on the purge day: the details go that day, the Doc moves the next day', () => {
  const desk = startResolutionDesk();
  setSetting(desk, 'Purge reporter details after (months)', 1);
  const kase = reportCase(desk);
  typeStatus(desk, OWNER, kase, 'Closed');
  const closedAt = Date.parse(registryCase(desk, kase)['Closed At']);
  jumpAndSweep(desk, closedAt + 25 * DAY - desk.ws.rt.now());
  desk.ws.rt.faults.push({ call: 'File.moveTo', chance: 1, message: 'We\u2019re sorry, a server error occurred.' });
  jumpAndSweep(desk, 7 * DAY);
  desk.ws.rt.faults.pop();
  const row = registryCase(desk, kase);
  expect([row['Reporter Name'], row['Reporter Email']]).toEqual(['', '']);
  expect(JSON.parse(row.Flags).purgeDocOwed).toBeTruthy();
  expect(desk.ws.data.file(kase.docId).parents).toEqual([desk.ids.folder]);
  const events = () => registryRows(desk, 'Audit').map((a) => a.Event);
  expect(events().filter((e) => e.startsWith('retention.doc-') || e === 'retention.purged')).toEqual([
    'retention.doc-failed',
    'retention.purged',
  ]);
  jumpAndSweep(desk, DAY);
  expect(desk.ws.data.file(kase.docId).parents).toEqual([desk.ws.properties().docArchiveFolderId]);
  expect(JSON.parse(registryCase(desk, kase).Flags).purgeDocOwed).toBeUndefined();
  expect(events().filter((e) => e.startsWith('retention.doc-') || e === 'retention.purged')).toEqual([
    'retention.doc-failed',
    'retention.purged',
  ]);
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});

test('a case that comes due for its warning while a slow day of purges goes on is warned of, a week before its purge', () => {
  const { desk, report } = slowDrive();
  const many = Array.from({ length: 16 }, (_, i) => report(i));
  for (const kase of many) typeStatus(desk, OWNER, kase, 'Closed');
  const closedAt = Date.parse(registryCase(desk, many[15])['Closed At']);
  // Closed a week less half an hour later: warned of in the run that starts the sixteen's purges. Closed a week and an
  // hour later: its warning falls an hour into that day, while the purges go on, in a run of its own.
  desk.ws.rt.setClock(closedAt + 7 * DAY - 1800000);
  const early = report(16);
  typeStatus(desk, OWNER, early, 'Closed');
  desk.ws.rt.setClock(closedAt + 7 * DAY + 3600000);
  const late = report(17);
  typeStatus(desk, OWNER, late, 'Closed');
  const purgeDay = addCalendarMonths(closedAt, 1);
  jumpAndSweep(desk, purgeDay - 7 * DAY + 60000 - desk.ws.rt.now());
  jumpAndSweep(desk, purgeDay + 60000 - desk.ws.rt.now());
  for (let hour = 0; hour < 4; hour++) advance(desk, 3600000);
  for (let day = 0; day < 10; day++) jumpAndSweep(desk, DAY);
  const purgedAt = (kase: CaseInfo) =>
    Date.parse(
      registryRows(desk, 'Audit').find(
        (a) => a.Event === 'retention.purged' && a['Case ID'] === registryCase(desk, kase)['Case ID'],
      )?.At ?? '',
    );
  const warnedAt = (kase: CaseInfo) =>
    mailsTo(desk, OWNER, /Reporter details of closed cases will be deleted/).find((m) => m.body.includes(kase.codeName))
      ?.at ?? NaN;
  for (const kase of [...many, early, late]) {
    expect([kase.codeName, Number.isFinite(purgedAt(kase))]).toEqual([kase.codeName, true]);
    expect([kase.codeName, purgedAt(kase) - warnedAt(kase) >= 7 * DAY - 3600000]).toEqual([kase.codeName, true]);
  }
});
