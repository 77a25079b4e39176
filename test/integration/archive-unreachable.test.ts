// The archive spreadsheets when one is gone (deleted from the trash, or out of reach), through the built bundle: an archived case opens again from the summary its Cases row keeps, with need-to-know intact, and the year's next cases go to a new archive; and the year an archive is for is the committee's; invariants after every step.
import {
  CY,
  DAY,
  DEE,
  OWNER,
  caseWithOpenVote,
  casePage,
  docEditors,
  jumpAndSweep,
  mailsTo,
  pageText,
  registryCase,
  registryRows,
  setSetting,
  sweep,
  typeStatus,
} from './desk';
import { findViolations } from './invariants';

function archiveIds(desk: ReturnType<typeof caseWithOpenVote>['desk']): string[] {
  return Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
}

/** An archived case whose archive is then deleted for good, opened again from its summary (the feed failing or not). */
function reopenedWithArchiveGone(feedFails: boolean) {
  const { desk, kase } = caseWithOpenVote();
  typeStatus(desk, OWNER, kase, 'Closed');
  jumpAndSweep(desk, 91 * DAY);
  const [archive] = archiveIds(desk);
  expect(archive).toBeTruthy();
  const cleared = JSON.parse(registryCase(desk, kase).Flags).archived.clearances as Record<string, string>;
  expect(Object.keys(cleared)).toHaveLength(3);
  if (feedFails)
    desk.ws.rt.faults.push({
      call: 'Drive.Changes.list',
      chance: 1,
      message: 'We\u2019re sorry, a server error occurred.',
    });
  desk.ws.data.deleteForever(archive);

  typeStatus(desk, OWNER, kase, 'Ongoing');
  expect(registryCase(desk, kase).Phase).not.toBe('closed');
  expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeUndefined();
  const audit = registryRows(desk, 'Audit').filter((a) => a.Event === 'archive.unreachable');
  expect(audit).toHaveLength(1);
  expect(audit[0].Detail).toMatch(/clearances were restored from the summary/);
  // Who was cleared is written back as rows, one per member of the summary.
  const rows = registryRows(desk, 'Clearances').filter((r) => r['Case ID'] === kase.caseId);
  expect(rows.map((r) => `${r.Decision}/${r.Share}`).sort()).toEqual(Object.values(cleared).sort());
  expect(docEditors(desk, kase.docId).sort()).toEqual([CY.email, DEE.email].sort());
  expect(findViolations(desk.ws, desk.k)).toEqual([]);

  // The hourly sweep and the week's access pass find nothing to repair: without the rows, the pass would take the
  // Doc from the cleared members (access by someone not cleared) once the summary no longer counts.
  sweep(desk);
  jumpAndSweep(desk, 8 * DAY);
  const findings = registryRows(desk, 'Audit').filter(
    (a) => a.Event.startsWith('audit.') && a.Event !== 'audit.changes-failed',
  );
  expect(findings.filter((a) => a['Case ID'] === kase.caseId)).toEqual([]);
  expect(docEditors(desk, kase.docId).sort()).toEqual([CY.email, DEE.email].sort());
  expect(findViolations(desk.ws, desk.k)).toEqual([]);
  return { desk, kase, archive, findings: findings.map((a) => [a.Event, a.Detail.split(/[:;]/)[0]]) };
}

describe('an archived case whose archive is gone', () => {
  test('opens again from its summary, with need-to-know intact; Drive listing the archive removed, the owner is told once and the year gets a new archive at once', () => {
    const { desk, kase, archive, findings } = reopenedWithArchiveGone(false);
    // Told within the hour, as Drive's changes feed lists it removed, and not by every weekly pass after.
    expect(findings).toEqual([
      ['audit.store.error', 'archive'],
      ['audit.store.gone', 'archive'],
    ]);
    const told = desk.ws.mail().filter((m) => m.body.includes('An archive spreadsheet: Drive says it is gone'));
    expect(told).toHaveLength(1);
    expect(JSON.parse(desk.ws.properties().archivesGone ?? '{}')).toHaveProperty([archive]);

    // Closed again in the same year, it is archived again at once, into a new archive.
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    const flags = JSON.parse(registryCase(desk, kase).Flags);
    expect(flags.archived?.in).toBeTruthy();
    expect(flags.archived.in).not.toBe(archive);
    expect(desk.ws.data.hasFile?.(flags.archived.in)).toBe(true);
    expect(desk.ws.properties().archivesFailing).toBeUndefined();
    const replaced = registryRows(desk, 'Audit')
      .filter((a) => a.Event === 'archive.unreachable')
      .pop();
    expect(replaced?.Detail).toMatch(/is gone from Drive: a new one was made/);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-262 opened again without its mail records, the case does not tell its members the reporter was never acknowledged', () => {
    const { desk } = reopenedWithArchiveGone(false);
    // The acknowledgment went at intake; its record was in the lost archive. Told otherwise, a member would
    // acknowledge the report again by hand, months after.
    expect(mailsTo(desk, 'rita.quell@example.net', /We received your report/)).toHaveLength(1);
    const told = (email: string) => desk.ws.mailTo(email).filter((m) => /not been acknowledged/.test(m.body)).length;
    expect([told(CY.email), told(DEE.email), told(OWNER)]).toEqual([0, 0, 0]);
  });

  it('ADV-287 opened again without its mail records, the case page does not say the acknowledgment is due on a day months past', () => {
    const { desk, kase } = reopenedWithArchiveGone(false);
    const text = pageText(casePage(desk, CY, kase));
    // Before: "Acknowledgment due 2026-03-03 09:00 (Etc/UTC)", the first life's date, read as still to do.
    expect(text).toContain('Acknowledgment not on file');
    expect(text).not.toMatch(/Acknowledgment due/);
  });

  test('without Drive saying it was removed, the archive is reported at each weekly pass and replaced only after a week of failed runs', () => {
    const { desk, kase, archive, findings } = reopenedWithArchiveGone(true);
    // Each weekly pass reports it (an outage answers as a deletion does).
    expect(findings).toEqual([
      ['audit.store.error', 'archive'],
      ['audit.store.unreadable', 'archive'],
    ]);
    expect(desk.ws.properties().archivesGone).toBeUndefined();

    // Closed again in the same year, it is archived again: into a new archive, not the one that is gone, once that has
    // not opened for a week (an outage passes: until then the run fails and retries, as in any outage).
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeUndefined();
    expect(JSON.parse(desk.ws.properties().archivesFailing ?? '{}')).toHaveProperty([archive]);
    jumpAndSweep(desk, 8 * DAY);
    const flags = JSON.parse(registryCase(desk, kase).Flags);
    expect(flags.archived?.in).toBeTruthy();
    expect(flags.archived.in).not.toBe(archive);
    expect(desk.ws.data.hasFile?.(flags.archived.in)).toBe(true);
    expect(desk.ws.properties().archivesFailing).toBeUndefined();
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('an archived case whose archive is in the trash', () => {
  test('opens again with its rows: the archive is taken out of the trash first, not counted on to open there', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    const [archive] = archiveIds(desk);
    desk.ws.data.ui.setTrashed(desk.ws.owner, archive, true);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(desk.ws.data.file(archive).trashed).toBe(false);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'archive.unreachable')).toEqual([]);
    expect(registryRows(desk, 'Votes').filter((r) => r['Case ID'] === kase.caseId)).toHaveLength(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe("the archive's year", () => {
  test("is the committee's year: archived on New Year's Eve evening in Los Angeles, it goes into that year's archive", () => {
    const { desk, kase } = caseWithOpenVote();
    setSetting(desk, 'Time zone', 'America/Los_Angeles');
    typeStatus(desk, OWNER, kase, 'Closed');
    // 20:00 on 31 December in Los Angeles is already 1 January in UTC; the first sweep since the closing archives.
    desk.ws.rt.setClock(Date.parse('2027-01-01T04:00:00Z'));
    sweep(desk);
    expect(JSON.parse(registryCase(desk, kase).Flags).archived?.in).toBeTruthy();
    expect(Object.keys(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}'))).toEqual(['2026']);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});
