// The owner renames or deletes a tab: until setup runs, Google must tell them (a failed sweep run), and the tab setup makes in place of Committee must not read as a committee of nobody.
import {
  ANA,
  BO,
  HOUR,
  OWNER,
  clear,
  docEditors,
  registryRows,
  startDesk,
  submitReport,
  sweep,
  type Desk,
} from './desk';

/** The owner renames a status tab in Sheets (the tab's menu → Rename). */
function renameTab(desk: Desk, from: string, to: string): void {
  desk.ws.runInProcess(() => {
    const app = (globalThis as unknown as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp })
      .SpreadsheetApp;
    app.openById(desk.ids.status).getSheetByName(from)!.setName(to);
  });
  desk.check();
}

test('the Committee tab renamed, then setup run: nobody is offboarded, and the owner is told to type the members in', () => {
  const desk = startDesk({ members: [ANA, BO] });
  const sam = submitReport(desk, { reported: ['Sam Doe'] });
  clear(desk, sam, ANA);
  const clearances = registryRows(desk, 'Clearances').length;

  renameTab(desk, 'Committee', 'Committee (2025)');
  const setup = desk.ws.run<{ warnings: string[] }>('setup');
  expect(setup.record.outcome).toBe('ok');
  desk.check();
  sweep(desk);

  expect(docEditors(desk, sam.docId)).toEqual([ANA.email]);
  expect(desk.ws.data.file(desk.ids.status).editors).toEqual(expect.arrayContaining([ANA.email, BO.email]));
  expect(registryRows(desk, 'Members').map((m) => m.Active)).toEqual(['TRUE', 'TRUE']);
  expect(registryRows(desk, 'Clearances')).toHaveLength(clearances);
  expect(desk.ws.mail().filter((m) => m.subject.includes('A member was made inactive'))).toEqual([]);
  // What setup printed, and what the sweep mailed, say what to do.
  expect(setup.value?.warnings.join('\n')).toMatch(/Committee tab lists no member/);
  expect(desk.ws.mailTo(OWNER).some((m) => /Committee tab lists no member/.test(m.body))).toBe(true);
});

test('a tab renamed: the hourly sweep does the rest of its work and ends failed, so Google emails the owner what to do', () => {
  const desk = startDesk({ members: [ANA, BO] });
  renameTab(desk, 'Committee', 'Committee (2025)');
  // Google emails a trigger's owner about the runs that failed, never about errors a script caught and went on from.
  const runs = desk.ws.advance(HOUR).filter((r) => r.record.fn === 'sweep_');
  desk.check();
  expect(runs.map((r) => r.record.outcome)).toEqual(['error']);
  expect(String(runs[0].record.error)).toContain('The status spreadsheet has no "Committee" tab');
  expect(String(runs[0].record.error)).toContain('run setup');
  // The rest of the sweep ran, and what it did was saved before the run ended.
  expect(
    registryRows(desk, 'Audit').some((a) => a.Event === 'sweep.step-failed' && a.Detail.startsWith('roster')),
  ).toBe(true);
});
