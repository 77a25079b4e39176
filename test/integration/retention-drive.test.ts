// Retention through the built bundle when Drive does not do its part: a closed case's Doc gone from Drive (its details, and every later case's, still purged on their day, the Doc's part recorded once) and a Drive too slow for one run to purge every case due (the next runs finish them, none killed).
import {
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
  desk.ws.data.deleteForever?.(lost.docId);
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

test('more cases due than one run can purge (Drive slow to move a Doc): the next hourly runs finish them, none killed', () => {
  const desk = startDesk({
    members: [{ name: 'Ana Lima', email: 'ana@example.org' }],
    profile: 'workspace',
    latency: { 'File.moveTo': 30_000 },
  });
  setSetting(desk, 'Purge reporter details after (months)', 1);
  const cases = Array.from({ length: 16 }, (_, i) =>
    submitReport(desk, {
      reporter: { name: `Rita Quell${i}`, email: `rita.quell${i}@example.net` },
      reported: ['Sam Doe'],
    }),
  );
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
