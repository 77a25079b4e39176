// The owner renames or deletes the Committee tab, then runs setup as Conduct Desk tells them to: the tab setup makes in its place must not read as a committee of nobody.
import { ANA, BO, OWNER, clear, docEditors, registryRows, startDesk, submitReport, sweep, type Desk } from './desk';

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
