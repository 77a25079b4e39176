// A store that exists by id but fails to open for a moment (a server error, lost access) or sits in the trash: setup and the archive stop and say so (or take it out of the trash), and never make a new store in its place that would leave the committee's records behind.
import {
  DAY,
  OWNER,
  registryRows,
  reportCase,
  startResolutionDesk,
  startWorkspace,
  jumpAndSweep,
  typeStatus,
  type Desk,
} from './desk';
import { expectInvariants, findViolations } from './invariants';

const SERVER_ERROR = 'We\u2019re sorry, a server error occurred. Please wait a bit and try again.';

/** Every Drive lookup by id fails for the next `times` calls, as in a Drive outage. */
function failDriveLookups(desk: Desk, times = 1000): void {
  for (const call of ['DriveApp.getFileById', 'DriveApp.getFolderById'])
    desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 1, times, message: SERVER_ERROR });
}

function clearFaults(desk: Desk): void {
  desk.ws.rt.faults.length = 0;
}

function filesNamed(desk: Desk, part: string): string[] {
  return desk.ws
    .snapshot()
    .files.filter((f) => f.name.includes(part) && !f.trashed)
    .map((f) => f.id);
}

test('setup run again during a Drive outage fails and keeps every store: no second registry, status sheet, Form or folder', () => {
  const desk = startWorkspace({ members: [] });
  const before = desk.ws.properties();
  const files = desk.ws.snapshot().files.length;
  failDriveLookups(desk);
  const run = desk.ws.run('setup');
  expect(run.record.outcome).toBe('error');
  expect(String(run.record.error)).toContain('nothing was made in its place');
  expect(String(run.record.error)).toContain('Try again later');
  const after = desk.ws.properties();
  for (const key of ['statusSpreadsheetId', 'registrySpreadsheetId', 'formId', 'folderId'])
    expect([key, after[key]]).toEqual([key, before[key]]);
  expect(desk.ws.snapshot().files.length).toBe(files);

  clearFaults(desk);
  const again = desk.ws.run('setup');
  expect(again.record.outcome).toBe('ok');
  expect(desk.ws.properties().registrySpreadsheetId).toBe(before.registrySpreadsheetId);
  expect(desk.ws.snapshot().files.length).toBe(files);
  expectInvariants(desk.ws, desk.k);
});

test('an archive run during a Drive outage makes no second archive for the year; the next run archives into the first', () => {
  const desk = startResolutionDesk();
  const first = reportCase(desk);
  const second = reportCase(desk, { reported: ['Quinn Vell'] });
  typeStatus(desk, OWNER, first, 'Closed');
  jumpAndSweep(desk, 92 * DAY);
  const ids = JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>;
  expect(Object.keys(ids)).toEqual(['2026']);
  const archives = filesNamed(desk, 'private archive');
  expect(archives).toEqual([ids['2026']]);

  typeStatus(desk, OWNER, second, 'Closed');
  desk.ws.rt.setClock(desk.ws.rt.now() + 92 * DAY);
  failDriveLookups(desk);
  const failed = desk.ws.run('sweep_', [{}], { kind: 'trigger' });
  clearFaults(desk);
  expect(failed.record.outcome).toBe('ok');
  expect(new Date(desk.ws.rt.now()).getUTCFullYear()).toBe(2026);
  expect(desk.ws.properties().archiveSpreadsheets).toBe(JSON.stringify(ids));
  expect(filesNamed(desk, 'private archive')).toEqual(archives);
  expect(registryRows(desk, 'Audit').some((a) => a.Event === 'sweep.step-failed' && a.Detail.includes('archive'))).toBe(
    true,
  );

  jumpAndSweep(desk, 7 * DAY);
  expect(filesNamed(desk, 'private archive')).toEqual(archives);
  const archived = registryRows(desk, 'Archived Cases').map((r) => r['Code Name']);
  expect(archived).toEqual(expect.arrayContaining([first.codeName, second.codeName]));
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
});

test('setup takes a registry in the trash out of it and goes on with it: no new, empty one', () => {
  const desk = startWorkspace({ members: [] });
  const registry = desk.ids.registry;
  const files = desk.ws.snapshot().files.length;
  desk.ws.data.ui.setTrashed(OWNER, registry, true);
  const run = desk.ws.run('setup');
  expect(run.record.outcome).toBe('ok');
  expect(
    desk.ws
      .logs()
      .map((l) => l.text)
      .join('\n'),
  ).toContain('restored the private registry from the trash');
  expect(desk.ws.data.file(registry).trashed).toBe(false);
  expect(desk.ws.properties().registrySpreadsheetId).toBe(registry);
  expect(desk.ws.snapshot().files.length).toBe(files);
  expectInvariants(desk.ws, desk.k);
});
