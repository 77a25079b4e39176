// The report Form takes reports: setup publishes it, opens it to responses and beyond the domain, and says so; the sweep checks once a day and tells the owner once when someone made it stop.
import { Workspace } from '../../workbench';
import { privateBuildDir } from '../support/build-copy';
import { OWNER, START, expectOk, startWorkspace, type Desk } from './desk';
import { expectInvariants } from './invariants';

const HOUR = 3600000;
const DAY = 24 * HOUR;
const NOT_LIVE = /The report Form is not taking reports/;

function formSettings(ws: Workspace): Record<string, unknown> {
  return ws.data.forms()[0].settings;
}

function advance(h: Desk, ms: number): void {
  for (const r of h.ws.advance(ms)) expect(r.record.outcome).toBe('ok');
  expectInvariants(h.ws, h.k);
}

function notLiveMail(ws: Workspace) {
  return ws.mailTo(OWNER).filter((m) => NOT_LIVE.test(m.subject));
}

describe('setup makes the Form take reports', () => {
  test('a fresh install publishes the Form and opens it; a reporter outside the domain can submit', () => {
    const ws = Workspace.create({ start: START, owner: OWNER, buildDir: privateBuildDir() });
    ws.loadBundle();
    const lines = expectOk(ws.run<{ lines: string[] }>('setup')).value!.lines.join('\n');
    expect(lines).toMatch(/published the Form/);
    expect(lines).not.toMatch(/Reports cannot arrive/);
    expect(formSettings(ws)).toMatchObject({ published: true, acceptingResponses: true, requireLogin: false });
    const { responseId } = ws.submitForm({ 'What happened?': 'A rude remark' }, { respondentEmail: 'r@else.net' });
    expect(ws.data.forms()[0].submitted.map((r) => r.id)).toEqual([responseId]);
  });

  test('on a Workspace account setup lifts the domain restriction new Forms get', () => {
    const h = startWorkspace({ members: [], profile: 'workspace' });
    expect(formSettings(h.ws)).toMatchObject({ published: true, acceptingResponses: true, requireLogin: false });
    expect(() =>
      h.ws.submitForm({ 'What happened?': 'x' }, { respondentEmail: 'someone@community.net' }),
    ).not.toThrow();
  });

  test('re-running setup publishes again a Form someone unpublished, and says so', () => {
    const h = startWorkspace({ members: [] });
    h.ws.data.ui.setFormResponding(OWNER, h.ids.form, { published: false });
    expect(() => h.ws.submitForm({ 'What happened?': 'x' })).toThrow(/not published/);
    const rerun = expectOk(h.ws.run<{ lines: string[] }>('setup'));
    expect(rerun.value!.lines.join('\n')).toMatch(/published the Form/);
    expect(formSettings(h.ws)).toMatchObject({ published: true, acceptingResponses: true });
  });
});

describe("the sweep's daily check", () => {
  test('a live Form costs one look a day and no mail', () => {
    const h = startWorkspace({ members: [] });
    advance(h, 2 * DAY + HOUR);
    const looks = h.ws.snapshot().calls['Form.isPublished'] ?? 0;
    // setup's two looks (before and after opening), then one per day of sweeps.
    expect(looks).toBeGreaterThanOrEqual(3);
    expect(looks).toBeLessThanOrEqual(5);
    expect(notLiveMail(h.ws)).toEqual([]);
  });

  test('an unpublished Form: the owner is told once, not daily; once live again, a new stop is told again', () => {
    const h = startWorkspace({ members: [] });
    h.ws.data.ui.setFormResponding(OWNER, h.ids.form, { published: false });
    advance(h, DAY + HOUR);
    const first = notLiveMail(h.ws);
    expect(first).toHaveLength(1);
    expect(first[0].body).toMatch(/not published/);
    expect(first[0].body).toMatch(/Run setup/);
    advance(h, 3 * DAY);
    expect(notLiveMail(h.ws)).toHaveLength(1);

    h.ws.data.ui.setFormResponding(OWNER, h.ids.form, { published: true, acceptingResponses: true });
    advance(h, DAY + HOUR);
    expect(h.ws.properties().formNotLiveSince).toBeUndefined();
    h.ws.data.ui.setFormResponding(OWNER, h.ids.form, { acceptingResponses: false });
    advance(h, DAY + HOUR);
    const all = notLiveMail(h.ws);
    expect(all).toHaveLength(2);
    expect(all[1].body).toMatch(/closed/);
  });

  test('a Workspace Form restricted to the domain again is reported', () => {
    const h = startWorkspace({ members: [], profile: 'workspace' });
    h.ws.data.ui.setFormResponding(OWNER, h.ids.form, { requireLogin: true });
    advance(h, DAY + HOUR);
    const mail = notLiveMail(h.ws);
    expect(mail).toHaveLength(1);
    expect(mail[0].body).toMatch(/own domain/);
  });
});

describe('the daily check keeps the Form from showing or keeping reports', () => {
  test('a response spreadsheet linked and a summary published by the owner: put back within a day, the owner told once, and the next report reaches no spreadsheet', () => {
    const h = startWorkspace({ members: [] });
    const g = h.ws.data.globals() as unknown as {
      FormApp: GoogleAppsScript.Forms.FormApp;
      SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    };
    // The owner clicks "Link to Sheets" and "View results summary" in the Forms editor.
    const linked = h.ws.rt.runExecution(
      { kind: 'editor', fn: 'test:link', activeUser: OWNER, effectiveUser: OWNER },
      () => {
        const form = g.FormApp.openById(h.ids.form);
        const sheet = g.SpreadsheetApp.create('Report responses');
        form.setDestination(g.FormApp.DestinationType.SPREADSHEET, sheet.getId());
        form.setPublishingSummary(true);
        form.setCollectEmail(true);
        return sheet.getId();
      },
    );
    expect(linked.error).toBeUndefined();
    advance(h, DAY + HOUR);
    const form = h.ws.data.forms()[0];
    expect(form.settings).toMatchObject({ publishingSummary: false, collectEmail: false });
    const told = h.ws.mailTo(OWNER).filter((m) => /The report Form's settings were put back/.test(m.subject));
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/unlinked the Form from its response spreadsheet/);
    expect(told[0].body).toMatch(/summary of all responses/);
    expect(told[0].body).toMatch(/respondents' addresses/);
    // A report sent now lands in no spreadsheet: the linked one still has only its header row.
    h.ws.submitForm({ 'What happened?': 'A rude remark from Zed Quill' });
    advance(h, 2 * DAY);
    const kept = h.ws.data.sheet(String(linked.value), 'Form Responses 1').rows;
    expect(kept).toHaveLength(1);
    expect(h.ws.mailTo(OWNER).filter((m) => /settings were put back/.test(m.subject))).toHaveLength(1);
  });

  test('ADV-126 the owner makes "Your name" and "Your email address" required in the Forms editor: anonymous reports are possible again within a day, and the owner is told', () => {
    const h = startWorkspace({ members: [] });
    const g = h.ws.data.globals() as unknown as { FormApp: GoogleAppsScript.Forms.FormApp };
    const made = h.ws.rt.runExecution(
      { kind: 'editor', fn: 'test:require', activeUser: OWNER, effectiveUser: OWNER },
      () => {
        const form = g.FormApp.openById(h.ids.form);
        for (const item of form.getItems())
          if (/^Your (name|email address)$/.test(item.getTitle())) item.asTextItem().setRequired(true);
        // "Limit to 1 response" too: a respondent must sign in to a Google account (the emulator refuses one who is not).
        form.setLimitOneResponsePerUser(true);
      },
    );
    expect(made.error).toBeUndefined();
    expect(() => h.ws.submitForm({ 'What happened?': 'A rude remark from Zed Quill' })).toThrow(/sign in/);
    expect(() =>
      h.ws.submitForm({ 'What happened?': 'A rude remark from Zed Quill' }, { respondentEmail: 'r@else.net' }),
    ).toThrow(/required/);
    advance(h, DAY + HOUR);
    // Before: still required, nobody told — a reporter could no longer report without giving a name and an address.
    h.ws.submitForm({ 'What happened?': 'A rude remark from Zed Quill' });
    const told = h.ws.mailTo(OWNER).filter((m) => /The report Form's settings were put back/.test(m.subject));
    expect(told.map((m) => m.body)).toEqual([expect.stringMatching(/"Your email address" optional again/)]);
    expect(told[0].body).toMatch(/stopped requiring a Google sign-in/);
  });
});
