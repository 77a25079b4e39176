// The facade over the real data services (data-services.ts): form-submit and edit triggers receive the data world's real event objects, and the snapshot carries its files.

import { Workspace } from '../../../workbench/emulator/workspace';
import { OWNER, START, writeBundle, runOk } from './test-helpers';

const BUNDLE = `
function setup() {
  var form = FormApp.create('Report').setPublished(true).setAcceptingResponses(true);
  Drive.Permissions.create({ type: 'anyone', role: 'reader', view: 'published' }, form.getId());
  form.addTextItem().setTitle('What happened?');
  ScriptApp.newTrigger('onReportSubmit_').forForm(form).onFormSubmit().create();
  var ss = SpreadsheetApp.create('Status');
  ScriptApp.newTrigger('onStatusEdit_').forSpreadsheet(ss).onEdit().create();
  return [form.getId(), ss.getId(), ss.getSheets()[0].getName()];
}
function onReportSubmit_(e) {
  return [e.triggerUid, e.response.getId(), e.response.getItemResponses().map(function (r) { return [r.getItem().getTitle(), r.getResponse()]; })];
}
function onStatusEdit_(e) { return [e.value, e.range.getA1Notation(), Session.getEffectiveUser().getEmail(), e.user.getEmail()]; }
function share(id, email) { DriveApp.getFileById(id).addEditor(email); }
`;

function workspace(): Workspace {
  const ws = Workspace.create({ start: START, owner: OWNER, timeZone: 'Etc/UTC', buildDir: writeBundle(BUNDLE) });
  ws.loadBundle();
  return ws;
}

describe('Workspace with the real data services', () => {
  it('fires the form submit trigger with the data world event, once per delivery', () => {
    const ws = workspace();
    runOk(ws, 'setup');
    const uid = ws.triggers().find((t) => t.eventType === 'ON_FORM_SUBMIT')!.uid;
    const { responseId, results } = ws.submitForm({ 'What happened?': 'Something' }, { deliveries: 2 });
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.record.outcome).toBe('ok');
      expect(r.value).toEqual([uid, responseId, [['What happened?', 'Something']]]);
    }
  });

  it('fires the spreadsheet edit trigger with the data world edit event', () => {
    const ws = workspace();
    const [, ssId, sheetName] = runOk<string[]>(ws, 'setup');
    const [result] = ws.editCell(OWNER, ssId, sheetName, 2, 3, 'Resolved');
    expect(result.record.outcome).toBe('ok');
    expect(result.value).toEqual(['Resolved', 'C2', OWNER, OWNER]);
  });

  it("names no editor but the trigger's owner in the edit event's user (the stricter, consumer-account case)", () => {
    const ws = workspace();
    const [, ssId, sheetName] = runOk<string[]>(ws, 'setup');
    runOk(ws, 'share', [ssId, 'ana@example.org']);
    const [result] = ws.editCell('ana@example.org', ssId, sheetName, 2, 3, 'Resolved');
    expect(result.record.outcome).toBe('ok');
    expect(result.value).toEqual(['Resolved', 'C2', OWNER, '']);
  });

  it('includes the data world in a JSON-serializable snapshot', () => {
    const ws = workspace();
    const [formId, ssId] = runOk<string[]>(ws, 'setup');
    const snap = ws.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.files.map((f) => f.id).sort()).toEqual([formId, ssId].sort());
    expect(snap.triggers.map((t) => t.eventType).sort()).toEqual(['ON_EDIT', 'ON_FORM_SUBMIT']);
  });
});
