// The archive through the built bundle (issue 17): a case closed for the Settings' days leaves the registry's busy tabs for the year's archive spreadsheet, keeps its Cases row, its members' access and de-duplication; reopening brings its rows back; invariants after every step (the crash matrix is test/robustness/crash-archive.test.ts).
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  HOUR,
  OWNER,
  advance,
  mailsTo,
  caseAction,
  casePage,
  caseWithOpenVote,
  offers,
  outcomeOf,
  vote,
  writeTexts,
  clear,
  pageText,
  startResolutionDesk,
  submitReport,
  docEditors,
  expectOk,
  jumpAndSweep,
  registryCase,
  registryRows,
  reportCase,
  sweep,
  typeStatus,
  type CaseInfo,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

const TABS = ['Clearances', 'Votes', 'Outbox'] as const;

/** The case with a vote open (desk.ts), another case, and the first closed by the owner. */
function closedCase(): { desk: Desk; kase: CaseInfo; other: CaseInfo } {
  const { desk, kase } = caseWithOpenVote();
  const other = reportCase(desk, { reported: ['Kim Vale'] });
  typeStatus(desk, OWNER, kase, 'Closed');
  return { desk, kase, other };
}

function rowsOf(desk: Desk, tab: string, caseId: string, spreadsheetId = desk.ids.registry): number {
  const sheet = desk.ws.data.sheet(spreadsheetId, tab);
  const column = sheet.rows[0].indexOf('Case ID');
  return sheet.rows.slice(1).filter((r) => r[column] === caseId).length;
}

function archiveId(desk: Desk): string {
  const ids = Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('closed cases leave the registry for the archive', () => {
  test('90 days after closing, the rows move; the Cases row, access and de-duplication stay', () => {
    const { desk, kase, other } = closedCase();
    const before = Object.fromEntries(TABS.map((t) => [t, rowsOf(desk, t, kase.caseId)]));
    expect(before.Clearances).toBeGreaterThan(0);
    expect(before.Votes).toBe(1);
    jumpAndSweep(desk, 60 * DAY);
    expect(rowsOf(desk, 'Outbox', kase.caseId)).toBe(before.Outbox);
    jumpAndSweep(desk, 31 * DAY);
    const archive = archiveId(desk);
    for (const tab of TABS) {
      expect([tab, rowsOf(desk, tab, kase.caseId)]).toEqual([tab, 0]);
      expect([tab, rowsOf(desk, tab, kase.caseId, archive)]).toEqual([tab, before[tab]]);
    }
    // The open case's rows stay; the archived case's Cases row moves to the registry's `Archived Cases`, with who
    // was cleared: every execution reads open cases only.
    expect(rowsOf(desk, 'Outbox', other.caseId)).toBeGreaterThan(0);
    expect([rowsOf(desk, 'Cases', kase.caseId), rowsOf(desk, 'Archived Cases', kase.caseId)]).toEqual([0, 1]);
    expect(rowsOf(desk, 'Cases', other.caseId)).toBe(1);
    const cleared = JSON.parse(registryCase(desk, kase).Flags).archived.clearances as Record<string, string>;
    expect(Object.values(cleared).sort()).toEqual(['conflict/none', 'no-conflict/silent', 'no-conflict/silent']);
    expect(registryRows(desk, 'Audit').some((a) => a.Event === 'archive.moved')).toBe(true);
    // The archive is private, in the private folder, and read only by the committee account.
    const file = desk.ws.data.file(archive);
    expect(file).toMatchObject({ access: 'PRIVATE', editors: [], viewers: [], parents: [desk.ids.folder] });

    // A week later the full access pass keeps the cleared members on the archived case's Doc, and nobody else.
    jumpAndSweep(desk, 8 * DAY);
    expect(docEditors(desk, kase.docId).sort()).toEqual([CY.email, DEE.email].sort());
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    // The re-delivered Form event of the archived case is still a duplicate.
    const responseId = registryCase(desk, kase)['Response ID'];
    const trigger = desk.ws.triggers().find((t) => t.handler === 'onReportSubmit_')!;
    expectOk(
      desk.ws.run('onReportSubmit_', [desk.ws.data.formSubmitEvent(desk.ids.form, responseId, trigger.uid)], {
        kind: 'trigger',
      }),
    );
    expect([registryRows(desk, 'Cases'), registryRows(desk, 'Archived Cases')].map((r) => r.length)).toEqual([1, 1]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('reopening an archived case brings its rows back, once', () => {
    const { desk, kase } = closedCase();
    jumpAndSweep(desk, 91 * DAY);
    const archived = TABS.map((t) => rowsOf(desk, t, kase.caseId, archiveId(desk)));
    typeStatus(desk, OWNER, kase, 'Ongoing');
    // Every row is back, and the reopening's own alert to the two cleared members (ADV-264) is queued beside them.
    expect(TABS.map((t) => rowsOf(desk, t, kase.caseId))).toEqual([archived[0], archived[1], archived[2] + 2]);
    expect(registryRows(desk, 'Outbox').filter((r) => r.Key.includes('reopened:'))).toHaveLength(2);
    // Its Cases row is back in `Cases` (the copy left in `Archived Cases` is shadowed by it).
    expect(rowsOf(desk, 'Cases', kase.caseId)).toBe(1);
    expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeUndefined();
    sweep(desk);
    const keys = registryRows(desk, 'Outbox').map((r) => r.Key);
    expect(new Set(keys).size).toBe(keys.length);
    // Closed again, it goes back to the archive after another 90 days, updating the rows already there.
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(TABS.map((t) => rowsOf(desk, t, kase.caseId))).toEqual([0, 0, 0]);
    expect([rowsOf(desk, 'Cases', kase.caseId), rowsOf(desk, 'Archived Cases', kase.caseId)]).toEqual([0, 1]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
    const outbox = desk.ws.data
      .sheet(archiveId(desk), 'Outbox')
      .rows.slice(1)
      .map((r) => r[0]);
    expect(new Set(outbox).size).toBe(outbox.length);
  });

  it('ADV-260 the committee account types an archived case open again and the edit\u2019s execution dies: the daily look at archived rows makes it a proposal the cleared members confirm', () => {
    const { desk, kase } = closedCase();
    jumpAndSweep(desk, 91 * DAY);
    expect([rowsOf(desk, 'Cases', kase.caseId), rowsOf(desk, 'Archived Cases', kase.caseId)]).toEqual([0, 1]);
    // The reopening reads the year's archive; the execution dies there (its time, a server error): nothing is saved.
    const call = 'SpreadsheetApp.openById';
    desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 1, kill: true });
    const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === kase.codeName) + 1;
    const edit = desk.ws.editCell(OWNER, desk.ids.status, 'Cases', row, 3, 'Ongoing');
    expect(edit.map((r) => `${r.record.fn} ${r.record.outcome}`)).toContain('onStatusEdit_ killed');
    desk.check();
    // The hourly sweeps read open cases only; once a day the archived ones' rows are read too (the lint): the sheet
    // says Ongoing, so the members cleared for the case are asked to confirm, as for an open case's unknown edit. The
    // first look leaves it to the edit's own trigger, which may be waiting for the lock (ADV-515); the next acts.
    advance(desk, 50 * HOUR);
    const asked = (email: string) => mailsTo(desk, email, /A status change in the sheet waits for confirmation/);
    expect([asked(CY.email).length, asked(DEE.email).length]).toEqual([1, 1]);
    expect(pageText(casePage(desk, DEE, kase))).toContain('Confirm: reopen the case (Ongoing)');
    caseAction(desk, DEE, kase, 'confirm-status');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(rowsOf(desk, 'Cases', kase.caseId)).toBe(1);
    expect(TABS.map((t) => rowsOf(desk, t, kase.caseId) > 0)).toEqual([true, true, true]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('a sweep short of time leaves the rest to the next: no sweep is killed, every row moves once', () => {
    const { desk, kase } = closedCase();
    // Deleting rows is slow here: the first sweep has time for some tabs only.
    desk.ws.rt.latency['Sheet.deleteRows'] = 80_000;
    jumpAndSweep(desk, 91 * DAY);
    expect(desk.ws.properties().archiving).toBeTruthy();
    // The last tab (Audit) waits for the next sweep.
    expect(rowsOf(desk, 'Audit', kase.caseId)).toBeGreaterThan(0);
    for (let i = 0; i < 4 && desk.ws.properties().archiving; i++) jumpAndSweep(desk, 3_600_000);
    expect(desk.ws.properties().archiving).toBeUndefined();
    expect([...TABS, 'Audit'].map((t) => rowsOf(desk, t, kase.caseId))).toEqual([0, 0, 0, 0]);
    const outbox = desk.ws.data
      .sheet(archiveId(desk), 'Outbox')
      .rows.slice(1)
      .map((r) => r[0]);
    expect(new Set(outbox).size).toBe(outbox.length);
    expect(desk.ws.rt.executions.filter((e) => e.outcome === 'killed')).toEqual([]);
  });

  test('0 keeps everything in the registry', () => {
    const { desk, kase } = closedCase();
    const sheet = desk.ws.data.sheet(desk.ids.status, 'Settings');
    const row = sheet.rows.findIndex((r) => r[0] === 'Archive closed cases after (days)') + 1;
    for (const r of desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 2, '0')) expectOk(r);
    jumpAndSweep(desk, 200 * DAY);
    expect(rowsOf(desk, 'Clearances', kase.caseId)).toBeGreaterThan(0);
    expect(desk.ws.properties().archiveSpreadsheets).toBeUndefined();
  });
});

describe('every execution reads open cases only: archived history is read when asked for', () => {
  /** The registry tabs the executions since `from` read a cell of. */
  function tabsRead(desk: Desk, from: number): string[] {
    const prefix = `${desk.ids.registry}/`;
    const tabs = new Set<string>();
    for (const e of desk.ws.rt.executions.slice(from))
      for (const where of Object.keys(e.cellsRead)) if (where.startsWith(prefix)) tabs.add(where.slice(prefix.length));
    return [...tabs].sort();
  }

  test('ADV-207 sending a recommendation (its confirmation page previews it, the redaction guard runs twice) leaves the archived rows unread', () => {
    // Before: the guard looked for other reports about the same person among every case ever, the archive's rows and
    // all their columns, on every view of such a page: the page's wait grew with the committee's history.
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const old = submitReport(desk, { reported: ['Quorra Vell'] });
    clear(desk, old, ANA, BO);
    typeStatus(desk, OWNER, old, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(rowsOf(desk, 'Archived Cases', old.caseId)).toBe(1);
    const unrelated = reportCase(desk, { reported: ['Tamsin Orle'] });
    clear(desk, unrelated, ANA, CY, DEE);
    writeTexts(desk, ANA, unrelated);
    caseAction(desk, ANA, unrelated, 'open-vote');
    for (const voter of [ANA, CY]) vote(desk, voter, unrelated, 'approve');
    expect(offers(casePage(desk, ANA, unrelated), 'send-recommendation')).toBe(true);
    // Pressed, confirmed from the member's mailbox (the page that previews the texts), and sent.
    const from = desk.ws.rt.executions.length;
    expect(outcomeOf(caseAction(desk, ANA, unrelated, 'send-recommendation'))).toBe('done');
    expect(tabsRead(desk, from)).toContain('Cases');
    expect(tabsRead(desk, from)).not.toContain('Archived Cases');
  });

  test("the hourly sweep and an unrelated case's page leave the archived rows unread; a later report about the same person finds its archived case", () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const old = submitReport(desk, { reported: ['Quorra Vell'] });
    clear(desk, old, ANA, BO);
    typeStatus(desk, OWNER, old, 'Closed');
    const unrelated = submitReport(desk, { reported: ['Tamsin Orle'] });
    clear(desk, unrelated, ANA);
    jumpAndSweep(desk, 91 * DAY);
    expect([rowsOf(desk, 'Cases', old.caseId), rowsOf(desk, 'Archived Cases', old.caseId)]).toEqual([0, 1]);

    // An hour later: the sweep reads `Cases` and the busy tabs, never `Archived Cases`.
    let from = desk.ws.rt.executions.length;
    jumpAndSweep(desk, 3_600_000);
    expect(tabsRead(desk, from)).toContain('Cases');
    expect(tabsRead(desk, from)).not.toContain('Archived Cases');
    from = desk.ws.rt.executions.length;
    expect(pageText(casePage(desk, ANA, unrelated))).toMatch(/no earlier report/);
    expect(tabsRead(desk, from)).not.toContain('Archived Cases');

    // An archived case's Doc shared by hand is found from Drive's changes feed within the hour and made private.
    desk.ws.data.ui.setSharing(desk.ws.owner, old.docId, 'ANYONE_WITH_LINK', 'reader');
    desk.k.humanAccess?.add(`${old.docId}|anyone`);
    desk.k.humanDrift?.add(old.docId);
    from = desk.ws.rt.executions.length;
    jumpAndSweep(desk, 3_600_000);
    desk.k.humanDrift?.clear();
    expect(desk.ws.data.doc(old.docId).access).toBe('PRIVATE');
    expect(tabsRead(desk, from)).toContain('Archived Cases');

    // The same person reported again: the new case's page names the archived case to a member cleared for it
    // (read from the archived rows, for this case only), and only counts it for a member who is not.
    const again = submitReport(desk, { reported: ['Q. Vell'] });
    clear(desk, again, ANA, CY);
    const ana = pageText(casePage(desk, ANA, again));
    expect(ana).toContain('Earlier reports about the same person');
    expect(ana).toMatch(new RegExp(`case ${old.codeName} \\(\\w+\\)`));
    const cy = pageText(casePage(desk, CY, again));
    expect(cy).toContain('1 earlier case you are not cleared for');
    expect(cy).not.toContain(old.codeName);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});
