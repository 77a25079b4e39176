// Setup and uninstall through the built bundle: what setup creates, that it repairs instead of duplicating, and that nobody but the owner can run it.
import { FORM_ITEMS } from '../../src/core/report';
import { DEFAULT_SETTINGS_ROWS } from '../../src/core/settings';
import { Workspace } from '../../workbench';
import { OWNER, START, addSpaceRow, expectOk, records, startWorkspace } from './desk';
import { privateBuildDir } from '../support/build-copy';
import { expectInvariants, newKnowledge } from './invariants';

const STATUS_TITLE = 'Conduct Desk — status';
const REGISTRY_TITLE = 'Conduct Desk — private registry';
const CASES_HEADERS = [
  'Safety risk?',
  'Risk of repeating?',
  'Status',
  'Code Name',
  'Date & Time',
  'Actions needed',
  'Resolution',
];
const HANDLERS = ['onReportSubmit_', 'sweep_', 'onStatusEdit_', 'onStatusChange_'];

/** Everything a refused run must leave untouched. */
function durableState(ws: Workspace): string {
  const s = ws.snapshot();
  return JSON.stringify({
    files: s.files,
    sheets: s.sheets,
    docs: s.docs,
    forms: s.forms,
    mail: s.mail,
    shares: s.shares,
    triggers: s.triggers,
    properties: s.properties,
  });
}

describe('setup as the owner', () => {
  test('creates the status spreadsheet with the seed columns, drop-downs, plain-text dates and owner-only tabs', () => {
    const { ws, k, ids } = startWorkspace({ members: [] });
    const tabs = ws.data
      .sheets(ids.status)
      .map((s) => s.name)
      .sort();
    expect(tabs).toEqual(['Cases', 'Committee', 'Conflicts', 'Policy changes', 'Settings']);
    expect(ws.data.sheet(ids.status, 'Cases').rows[0]).toEqual(CASES_HEADERS);
    expect(ws.data.sheet(ids.status, 'Committee').rows[0]).toEqual(['Name', 'Email', 'Role', 'Active']);
    expect(ws.data.sheet(ids.status, 'Conflicts').rows[0]).toEqual(['Code Name', 'Member', 'Date']);
    expect(ws.data.sheet(ids.status, 'Settings').rows.filter((r) => String(r[0]) !== '')).toEqual(
      DEFAULT_SETTINGS_ROWS.filter((r) => r[0] !== '').map((r) => [r[0], r[1], r[2]]),
    );
    for (const tab of ['Committee', 'Conflicts', 'Settings', 'Policy changes'])
      expect(ws.data.sheet(ids.status, tab).protected).toBe(true);
    expect(ws.data.sheet(ids.status, 'Cases').protected).toBe(false);

    // Drop-downs refuse anything off the list; dates typed in stay text (the column is plain text).
    expect(() => ws.data.ui.editCell(OWNER, ids.status, 'Cases', 2, 3, 'Bogus')).toThrow(
      /violates the data validation/,
    );
    expect(() => ws.data.ui.editCell(OWNER, ids.status, 'Cases', 2, 1, 'Perhaps')).toThrow(
      /violates the data validation/,
    );
    ws.data.ui.editCell(OWNER, ids.status, 'Cases', 2, 2, 'Maybe');
    ws.data.ui.editCell(OWNER, ids.status, 'Cases', 2, 3, 'Resolved');
    ws.data.ui.editCell(OWNER, ids.status, 'Cases', 2, 5, '2026-03-02 09:00');
    expect(ws.data.sheet(ids.status, 'Cases').rows[1].slice(1, 5)).toEqual([
      'Maybe',
      'Resolved',
      '',
      '2026-03-02 09:00',
    ]);
    expect(ws.data.sheet(ids.status, 'Cases').formulas.flat().filter(Boolean)).toEqual([]);
    expectInvariants(ws, k);
  });

  test('only the owner can edit Committee, Conflicts and Settings; members can edit Cases', () => {
    const { ws, ids } = startWorkspace({ members: [] });
    ws.data.ui.addEditor(OWNER, ids.status, 'ana@example.org');
    for (const tab of ['Committee', 'Conflicts', 'Settings']) {
      expect(() => ws.data.ui.editCell('ana@example.org', ids.status, tab, 5, 1, 'x')).toThrow(/protected/);
    }
    ws.data.ui.editCell('ana@example.org', ids.status, 'Cases', 2, 7, 'Verbal warning');
    expect(ws.data.sheet(ids.status, 'Cases').rows[1][6]).toBe('Verbal warning');
  });

  test('creates the private registry and folder, shared with nobody, registry tabs plain text', () => {
    const { ws, ids } = startWorkspace({ members: [] });
    const registry = ws.data.file(ids.registry);
    const folder = ws.data.file(ids.folder);
    expect(registry.name).toBe(REGISTRY_TITLE);
    expect(registry.parents).toEqual([ids.folder]);
    for (const f of [registry, folder, ws.data.file(ids.form)]) {
      expect(f.access).toBe('PRIVATE');
      expect(f.editors.filter((e) => e !== OWNER)).toEqual([]);
      expect(f.viewers).toEqual([]);
      expect(f.inSharedFolder).toBe(false);
    }
    expect(ws.data.file(ids.status).access).toBe('PRIVATE');
    expect(
      ws.data
        .sheets(ids.registry)
        .map((s) => s.name)
        .sort(),
    ).toEqual([
      'Archived Cases',
      'Audit',
      'Cases',
      'Clearances',
      'Inbox',
      'Members',
      'Moderation',
      'Outbox',
      'Proposals',
      'Votes',
    ]);
    expect(ws.data.sheet(ids.registry, 'Cases').rows[0].slice(0, 6)).toEqual([
      'Case ID',
      'Code Name',
      'Response ID',
      'Received At',
      'Doc ID',
      'Phase',
    ]);
    expect(ws.data.sheet(ids.registry, 'Outbox').rows[0]).toContain('Delivery');
    // Plain text keeps numbers and dates as text; against formulas only the apostrophe is relied on (the emulator
    // takes the strict reading of the undocumented case: in an @ cell too, "=1+1" typed is a formula).
    ws.data.ui.editCell(OWNER, ids.registry, 'Audit', 5, 4, '2026-03-02');
    ws.data.ui.editCell(OWNER, ids.registry, 'Audit', 5, 5, "'=1+1");
    expect(ws.data.sheet(ids.registry, 'Audit').formulas.flat().filter(Boolean)).toEqual([]);
    expect(ws.data.sheet(ids.registry, 'Audit').rows[4].slice(3, 5)).toEqual(['2026-03-02', '=1+1']);
  });

  test('creates the report Form with the contract titles, collecting nothing and linked to nothing', () => {
    const { ws, ids } = startWorkspace({ members: [] });
    const form = ws.data.forms().find((f) => f.id === ids.form)!;
    expect(form.items.map((i) => i.title)).toEqual(FORM_ITEMS.map((i) => i.title));
    expect(form.items.find((i) => i.title === 'Where did it happen?')?.choices).toEqual(['Other']);
    expect(form.items.find((i) => i.title === 'Your email address')?.required).toBe(false);
    expect(form.items.find((i) => i.title === 'Your name')?.required).toBe(false);
    expect(form.settings).toMatchObject({
      collectEmail: false,
      publishingSummary: false,
      allowResponseEdits: false,
      destinationId: null,
    });
    expect(String(form.settings.confirmationMessage)).toMatch(/what happens next|conflicts of interest/i);
    expect(form.editors.filter((e) => e !== OWNER)).toEqual([]);
    expect(ws.data.file(ids.form).parents).toEqual([ids.folder]);
  });

  test('installs exactly one trigger per handler, on the right sources, and a signing key', () => {
    const { ws, ids } = startWorkspace({ members: [] });
    const triggers = ws.triggers();
    expect(triggers.map((t) => t.handler).sort()).toEqual([...HANDLERS].sort());
    expect(triggers.find((t) => t.handler === 'onReportSubmit_')).toMatchObject({
      eventType: 'ON_FORM_SUBMIT',
      sourceId: ids.form,
      owner: OWNER,
    });
    expect(triggers.find((t) => t.handler === 'onStatusEdit_')).toMatchObject({
      eventType: 'ON_EDIT',
      sourceId: ids.status,
    });
    expect(triggers.find((t) => t.handler === 'onStatusChange_')).toMatchObject({
      eventType: 'ON_CHANGE',
      sourceId: ids.status,
    });
    expect(triggers.find((t) => t.handler === 'sweep_')).toMatchObject({ eventType: 'CLOCK', everyMs: 3600000 });
    const props = ws.properties();
    const keys = JSON.parse(props.hmacKeys) as Record<string, string>;
    expect(Object.keys(keys)).toEqual([props.hmacCurrentKid]);
    expect(Buffer.from(keys[props.hmacCurrentKid], 'base64')).toHaveLength(32);
    expect(props.webAppUrl).toBe(ws.webAppUrl);
    expect(props.owner).toBe(OWNER);
  });

  test('prints what it created, the links and what to do next — and no secret', () => {
    const ws = Workspace.create({ start: START, owner: OWNER, buildDir: privateBuildDir() });
    ws.loadBundle();
    const result = expectOk(ws.run<{ lines: string[]; links: Record<string, string> }>('setup'));
    const printed = ws
      .logs()
      .map((l) => l.text)
      .join('\n');
    const props = ws.properties();
    expect(printed).toContain('Status spreadsheet: created');
    expect(printed).toContain('What to do next');
    expect(printed).toMatch(
      /Share the Form's link with the community: https:\/\/docs\.google\.com\/forms\/\S+\/viewform/,
    );
    expect(printed).toContain(ws.webAppUrl);
    expect(result.value?.links.statusSpreadsheet).toContain(props.statusSpreadsheetId);
    expect(printed).not.toContain(JSON.parse(props.hmacKeys)[props.hmacCurrentKid]);
  });
});

describe('setup is safe to re-run', () => {
  test('three runs leave one of everything and exactly one trigger per handler', () => {
    const { ws, k, ids } = startWorkspace({ members: [] });
    const before = ws.properties();
    for (let i = 0; i < 2; i++) {
      expectOk(ws.run('setup'));
      expectInvariants(ws, k);
    }
    expect(ws.properties()).toEqual(before);
    const names = ws
      .snapshot()
      .files.filter((f) => !f.trashed)
      .map((f) => f.name);
    expect(names.filter((n) => n === STATUS_TITLE)).toHaveLength(1);
    expect(names.filter((n) => n === REGISTRY_TITLE)).toHaveLength(1);
    expect(ws.data.forms()).toHaveLength(1);
    expect(
      ws
        .triggers()
        .map((t) => t.handler)
        .sort(),
    ).toEqual([...HANDLERS].sort());
    expect(ws.data.sheet(ids.status, 'Settings').rows.filter((r) => String(r[0]).trim() !== '')).toHaveLength(
      DEFAULT_SETTINGS_ROWS.filter((r) => r[0] !== '').length,
    );
    expect(ws.data.forms()[0].items).toHaveLength(FORM_ITEMS.length);
    const lastRun = ws
      .logs()
      .map((l) => l.text)
      .join('\n');
    expect(lastRun).toMatch(/Status spreadsheet: in order/);
    expect(lastRun).toMatch(/Triggers: in order/);
  });

  test('repairs what people broke: a cleared header, deleted settings, a Form editor, a new space', () => {
    const { ws, k, ids } = startWorkspace({ members: [] });
    ws.data.ui.editCell(OWNER, ids.status, 'Cases', 1, 6, '');
    const settings = records(ws.data.sheet(ids.status, 'Settings'));
    const followUpRow = settings.findIndex((r) => r.Setting === 'Follow up within (days)') + 2;
    ws.data.ui.deleteRow(OWNER, ids.status, 'Settings', followUpRow);
    ws.data.ui.addEditor(OWNER, ids.form, 'eve@example.org');
    addSpaceRow({ ws, k, ids }, 'Discourse', ['mods@example.org']);
    expectOk(ws.run('setup'));
    expect(ws.data.sheet(ids.status, 'Cases').rows[0]).toEqual(CASES_HEADERS);
    expect(
      records(ws.data.sheet(ids.status, 'Settings')).some(
        (r) => r.Setting === 'Follow up within (days)' && r.Value === '7',
      ),
    ).toBe(true);
    const form = ws.data.forms()[0];
    expect(form.editors.filter((e) => e !== OWNER)).toEqual([]);
    expect(form.items.find((i) => i.title === 'Where did it happen?')?.choices).toEqual(['Discourse', 'Other']);
    expectInvariants(ws, k);
  });

  test('a renamed header is reported, not overwritten', () => {
    const { ws, ids } = startWorkspace({ members: [] });
    ws.data.ui.editCell(OWNER, ids.status, 'Cases', 1, 7, 'Outcome');
    const result = expectOk(ws.run<{ warnings: string[] }>('setup'));
    expect(ws.data.sheet(ids.status, 'Cases').rows[0][6]).toBe('Outcome');
    expect(result.value?.warnings.join('\n')).toMatch(/"Resolution" is missing and its place holds "Outcome"/);
  });

  test('re-creates a store that was deleted', () => {
    const { ws, k, ids } = startWorkspace({ members: [] });
    ws.run('uninstall');
    expect(ws.triggers()).toEqual([]);
    expectOk(ws.run('setup'));
    expect(
      ws
        .triggers()
        .map((t) => t.handler)
        .sort(),
    ).toEqual([...HANDLERS].sort());
    expect(ws.properties().statusSpreadsheetId).toBe(ids.status);
    expectInvariants(ws, k);
  });
});

describe('owner only', () => {
  test('a refused attempt leaves nothing behind, and the owner can still set up afterwards', () => {
    const { ws, k } = startWorkspace({ members: [] });
    expectOk(ws.run('uninstall'));
    const before = durableState(ws);
    const refused = ws.run('setup', [], { user: 'mallory@example.org' });
    expect(refused.record.outcome).toBe('error');
    expect(durableState(ws)).toBe(before);
    expect(ws.snapshot().files.filter((f) => f.owner === 'mallory@example.org')).toEqual([]);
    expectOk(ws.run('setup'));
    expect(
      ws
        .triggers()
        .map((t) => t.handler)
        .sort(),
    ).toEqual([...HANDLERS].sort());
    expectInvariants(ws, k);
  });

  test('another user cannot re-run setup or uninstall on an installed project; nothing changes', () => {
    const { ws, k } = startWorkspace({ members: [] });
    const before = durableState(ws);
    for (const fn of ['setup', 'uninstall']) {
      const result = ws.run(fn, [], { user: 'mallory@example.org' });
      expect(result.record.outcome).toBe('error');
      expect(String((result.error as Error).message)).toMatch(new RegExp(`${fn} refused`));
    }
    expect(durableState(ws)).toBe(before);
    expectInvariants(ws, k);
  });

  test('a blank active user (identity hidden) is refused', () => {
    const ws = Workspace.create({ start: START, owner: OWNER, buildDir: privateBuildDir() });
    ws.loadBundle();
    const before = durableState(ws);
    const result = ws.run('setup', [], { user: '' });
    expect(result.record.outcome).toBe('error');
    expect(String((result.error as Error).message)).toMatch(/did not say who is running it/);
    expect(durableState(ws)).toBe(before);
  });

  test('uninstall by the owner removes the triggers and keeps every file and property', () => {
    const { ws, k, ids } = startWorkspace({ members: [] });
    const files = ws
      .snapshot()
      .files.map((f) => f.id)
      .sort();
    const result = expectOk(ws.run<{ lines: string[] }>('uninstall'));
    expect(ws.triggers()).toEqual([]);
    expect(
      ws
        .snapshot()
        .files.map((f) => f.id)
        .sort(),
    ).toEqual(files);
    expect(ws.properties().statusSpreadsheetId).toBe(ids.status);
    expect(result.value?.lines.join('\n')).toMatch(/All data is kept/);
    // What keeps going, or stops, that a committee would not guess: retention, and the pages of links already sent.
    expect(result.value?.lines.join('\n')).toMatch(/Retention stops too/);
    expect(result.value?.lines.join('\n')).toMatch(/archive the web app \(Deploy \u2192 Manage deployments\)/);
    expectInvariants(ws, k);
  });
});

test('the knowledge helper starts empty', () => {
  const k = newKnowledge({ owner: 'X@Example.org' } as Workspace);
  expect(k.owner).toBe('x@example.org');
  expect(k.people).toEqual([]);
});
