// Conformance tests for the DataWorld surface the facade uses: people acting in the UI, edit events, snapshots and ids.

import { createTestWorld, OWNER, type TestWorld } from './data-test-helpers';

const ANA = 'ana@example.org';
const OUTSIDER = 'eve@example.net';

/** A status spreadsheet with a header row, two cases, ANA as editor and a protected "Committee" tab. */
function createStatusSheet(t: TestWorld): string {
  return t.run((g) => {
    const ss = g.SpreadsheetApp.create('Status');
    const cases = ss.getSheets()[0].setName('Cases');
    cases.getRange(1, 1, 3, 3).setValues([
      ['Code Name', 'Status', 'Date & Time'],
      ['Calm Heron', 'Open', '2026-03-02 09:00'],
      ['Brave Otter', 'Resolved', '2026-03-01 10:00'],
    ]);
    const committee = ss.insertSheet('Committee');
    committee.appendRow(['Name', 'Email', 'Active']);
    const p = committee.protect();
    p.removeEditors(p.getEditors());
    ss.addEditor(ANA);
    return ss.getId();
  });
}

describe('ui.editCell and edit events', () => {
  it('a person types into a cell as in the UI: formula parsing applies and the old value is reported', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    const info = t.world.ui.editCell(ANA, id, 'Cases', 2, 2, 'Resolved');
    expect(info).toEqual({
      spreadsheetId: id,
      sheetName: 'Cases',
      row: 2,
      column: 2,
      numRows: 1,
      numColumns: 1,
      value: 'Resolved',
      oldValue: 'Open',
      user: ANA,
    });
    t.world.ui.editCell(ANA, id, 'Cases', 4, 1, '=1+1');
    expect(t.world.sheet(id, 'Cases').formulas[3][0]).toBe('=1+1');
  });

  it('editing an empty cell reports no oldValue', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    expect('oldValue' in t.world.ui.editCell(ANA, id, 'Cases', 9, 1, 'x')).toBe(false);
  });

  it('someone without edit access, or outside a protection, is refused', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    expect(() => t.world.ui.editCell(OUTSIDER, id, 'Cases', 2, 2, 'x')).toThrow(
      'You do not have permissions to access the requested document.',
    );
    expect(() => t.world.ui.editCell(ANA, id, 'Committee', 2, 1, 'x')).toThrow(
      'You are trying to edit a protected cell or object.',
    );
  });

  it('editEvent has authMode, triggerUid, user, source, range, value and oldValue for a single cell', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    const info = t.world.ui.editCell(ANA, id, 'Cases', 2, 2, 'Resolved');
    const event = t.world.editEvent(info, 'uid-7') as GoogleAppsScript.Events.SheetsOnEdit & { triggerUid: string };
    expect(Object.keys(event).sort()).toEqual([
      'authMode',
      'oldValue',
      'range',
      'source',
      'triggerUid',
      'user',
      'value',
    ]);
    expect([String(event.authMode), event.triggerUid, event.value, event.oldValue]).toEqual([
      'FULL',
      'uid-7',
      'Resolved',
      'Open',
    ]);
    const seen = t.run(() => [
      event.user.getEmail(),
      event.source.getId(),
      event.range.getA1Notation(),
      event.range.getSheet().getName(),
      event.range.getValue(),
    ]);
    expect(seen).toEqual([ANA, id, 'B2', 'Cases', 'Resolved']);
  });

  it('editEvent for a multi-cell range has no value or oldValue', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    const event = t.world.editEvent(
      {
        spreadsheetId: id,
        sheetName: 'Cases',
        row: 2,
        column: 1,
        numRows: 2,
        numColumns: 2,
        value: 'x',
        oldValue: 'y',
        user: ANA,
      },
      'uid',
    ) as Record<string, unknown>;
    expect('value' in event || 'oldValue' in event).toBe(false);
  });
});

// "value: New cell value after the edit. Only available if the edited range is a single cell." (oldValue likewise),
// and range: "A Range object, representing the cell or range of cells that were edited."
// (https://developers.google.com/apps-script/guides/triggers/events, Google Sheets: Edit)
describe('ui.pasteCells: a multi-cell paste', () => {
  it('writes the block as typed and gives one edit event spanning it, without value or oldValue', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    const info = t.world.ui.pasteCells(ANA, id, 'Cases', 2, 2, [
      ['Closed', '=1+1'],
      ['Open', "'=2"],
    ]);
    expect(info).toEqual({
      spreadsheetId: id,
      sheetName: 'Cases',
      row: 2,
      column: 2,
      numRows: 2,
      numColumns: 2,
      user: ANA,
    });
    const event = t.world.editEvent(info, 'uid') as GoogleAppsScript.Events.SheetsOnEdit;
    expect('value' in event || 'oldValue' in event).toBe(false);
    const range = t.run((g) => {
      void g;
      return [event.range.getA1Notation(), event.range.getNumRows(), event.range.getNumColumns()];
    });
    expect(range).toEqual(['B2:C3', 2, 2]);
    const rows = t.world.sheet(id, 'Cases').rows;
    expect(rows.slice(1, 3).map((r) => r.slice(1, 3))).toEqual([
      ['Closed', 2],
      ['Open', '=2'],
    ]);
  });

  it('a paste reaching a protected cell, or by someone who cannot edit, changes nothing', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    const before = t.world.sheet(id, 'Committee').rows;
    expect(() => t.world.ui.pasteCells(ANA, id, 'Committee', 2, 1, [['Kim', 'kim@example.org', true]])).toThrow();
    expect(() => t.world.ui.pasteCells(OUTSIDER, id, 'Cases', 2, 1, [['x']])).toThrow(
      'You do not have permissions to access the requested document.',
    );
    expect(t.world.sheet(id, 'Committee').rows).toEqual(before);
    t.world.ui.pasteCells(OWNER, id, 'Committee', 2, 1, [
      ['Kim Vale', 'kim@example.org', true],
      ['Lou Park', 'lou@example.org', true],
    ]);
    expect(t.world.sheet(id, 'Committee').rows.slice(1)).toEqual([
      ['Kim Vale', 'kim@example.org', true],
      ['Lou Park', 'lou@example.org', true],
    ]);
  });
});

describe('ui row actions and reads', () => {
  it('sortSheet sorts the rows below the header by a column', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    t.world.ui.sortSheet(ANA, id, 'Cases', 1, true);
    expect(t.world.sheet(id, 'Cases').rows.map((r) => r[0])).toEqual(['Code Name', 'Brave Otter', 'Calm Heron']);
  });

  it('insertRowBefore and deleteRow move rows as in the UI', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    t.world.ui.insertRowBefore(ANA, id, 'Cases', 2);
    expect(t.world.sheet(id, 'Cases').rows.map((r) => r[0])).toEqual(['Code Name', '', 'Calm Heron', 'Brave Otter']);
    t.world.ui.deleteRow(ANA, id, 'Cases', 2);
    expect(t.world.sheet(id, 'Cases').rows.map((r) => r[0])).toEqual(['Code Name', 'Calm Heron', 'Brave Otter']);
  });

  it('readSheet returns values for someone who can open the spreadsheet and refuses others', () => {
    const t = createTestWorld();
    const id = createStatusSheet(t);
    const rows = t.world.ui.readSheet(ANA, id, 'Cases');
    expect(rows[1][2]).toEqual(new Date('2026-03-02T09:00:00Z'));
    expect(() => t.world.ui.readSheet(OUTSIDER, id, 'Cases')).toThrow(
      'You do not have permissions to access the requested document.',
    );
  });
});

describe('ui documents and Drive', () => {
  function createCaseDoc(t: TestWorld): string {
    return t.run((g) => {
      const doc = g.DocumentApp.create('Calm Heron');
      const body = doc.getBody();
      body.appendParagraph('Report').setHeading(g.DocumentApp.ParagraphHeading.HEADING1);
      body.appendParagraph('What happened.');
      body.appendParagraph('Proposed consequences').setHeading(g.DocumentApp.ParagraphHeading.HEADING1);
      body.appendParagraph('TBD');
      body.appendParagraph('Log').setHeading(g.DocumentApp.ParagraphHeading.HEADING1);
      return doc.getId();
    });
  }

  it('openDoc returns the text to someone with access and refuses others', () => {
    const t = createTestWorld();
    const id = createCaseDoc(t);
    expect(t.world.ui.openDoc(OWNER, id)).toContain('What happened.');
    expect(() => t.world.ui.openDoc(ANA, id)).toThrow('You do not have permissions to access the requested document.');
  });

  it('writeDocSection replaces the paragraphs under a heading up to the next heading', () => {
    const t = createTestWorld();
    const id = createCaseDoc(t);
    t.run((g) => g.DriveApp.getFileById(id).addEditor(ANA));
    t.world.ui.writeDocSection(ANA, id, 'Proposed consequences', 'A written warning.\nA one-month ban.');
    expect(t.world.doc(id).paragraphs.map((p) => p.text)).toEqual([
      '',
      'Report',
      'What happened.',
      'Proposed consequences',
      'A written warning.',
      'A one-month ban.',
      'Log',
    ]);
    expect(() => t.world.ui.writeDocSection(OUTSIDER, id, 'Log', 'x')).toThrow(
      'You do not have permissions to access the requested document.',
    );
  });

  it('setSharing and addEditor from the UI change access and are recorded as ui:share', () => {
    const t = createTestWorld();
    const id = createCaseDoc(t);
    t.world.ui.setSharing(OWNER, id, 'ANYONE_WITH_LINK', 'reader');
    t.world.ui.addEditor(OWNER, id, ANA);
    expect(t.world.file(id)).toEqual(expect.objectContaining({ access: 'ANYONE_WITH_LINK', editors: [ANA] }));
    expect(
      t.world
        .accessHistory(id)
        .filter((e) => e.via === 'ui:share')
        .map((e) => e.principal),
    ).toEqual(['anyone', ANA]);
    expect(t.world.shareNotifications().map((n) => n.to)).toEqual([ANA]);
  });

  it('createFolder + moveFile put a Doc in a shared folder: inSharedFolder and everHadAccess show it', () => {
    const t = createTestWorld();
    const id = createCaseDoc(t);
    const folderId = t.world.ui.createFolder(OWNER, 'Shared by mistake', [ANA]);
    t.world.ui.moveFile(OWNER, id, folderId);
    const doc = t.world.doc(id);
    expect(doc.inSharedFolder).toBe(true);
    expect(doc.everHadAccess).toEqual([ANA, OWNER].sort());
    expect(doc.access).toBe('PRIVATE');
  });
});

describe('Snapshots and ids', () => {
  it('every snapshot is JSON-serializable, with Dates as ISO strings', () => {
    const t = createTestWorld();
    const ssId = createStatusSheet(t);
    t.run((g) => {
      const f = g.FormApp.create('Report').setPublished(true).setAcceptingResponses(true);
      g.Drive.Permissions.create({ type: 'anyone', role: 'reader', view: 'published' }, f.getId());
      f.addTextItem().setTitle('What happened?');
      g.DocumentApp.create('Calm Heron');
    });
    const formId = t.world.forms()[0].id;
    t.world.ui.submitForm(formId, { 'What happened?': 'x' });
    const all = {
      sheets: t.world.sheets(ssId),
      docs: t.world.docs(),
      forms: t.world.forms(),
      file: t.world.file(ssId),
      history: t.world.accessHistory(),
      shares: t.world.shares(),
      notes: t.world.shareNotifications(),
    };
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
    expect(all.sheets[0].rows[1][2]).toBe('2026-03-02T09:00:00.000Z');
    expect(all.forms[0].responses[0].answers).toEqual({ 'What happened?': 'x' });
  });

  it('lists spreadsheets and files by name', () => {
    const t = createTestWorld();
    const ssId = createStatusSheet(t);
    expect(t.world.spreadsheetIds()).toEqual([ssId]);
    expect(t.world.findFilesByName('Status').map((f) => f.id)).toEqual([ssId]);
    expect(t.world.sheets(ssId).map((s) => [s.name, s.protected])).toEqual([
      ['Cases', false],
      ['Committee', true],
    ]);
  });

  it('ids are deterministic: two worlds doing the same things get the same ids', () => {
    const ids = [createTestWorld(), createTestWorld()].map((t) => [
      createStatusSheet(t),
      t.run((g) => g.DocumentApp.create('x').getId()),
    ]);
    expect(ids[0]).toEqual(ids[1]);
    expect(new Set(ids[0]).size).toBe(2);
  });

  it('services cannot be used outside an execution', () => {
    const t = createTestWorld();
    const app = t.world.globals().SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    expect(() => app.create('x')).toThrow('outside an execution');
  });
});
