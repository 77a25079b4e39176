// selfTest on the local Workspace, through the built bundle: every check passes on a set-up desk, each broken platform behaviour shows as its FAIL line with what to do, the throwaway files are gone afterwards, and nobody but the owner may run it.
import { Workspace } from '../../workbench';
import { playScenario } from '../../scripts/scenario/player';
import { validateScenario } from '../../scripts/scenario/schema';
import { buildState } from '../../scripts/scenario/state';
import { privateBuildDir } from '../support/build-copy';
import { ANA, OWNER, START, expectOk, startDesk, startWorkspace, type Desk } from './desk';

/** The name selfTest gives its throwaway files (src/workspace/platform-probes.ts). */
const THROWAWAY = 'Conduct Desk self-test (safe to delete)';

const CHECKS = [
  'Report Form',
  'Form copies',
  'Status tabs',
  'Registry tabs',
  'Silent share',
  'Inherited access',
  'Changes feed',
  'New Doc',
  'Publishing',
  'Trashed Docs',
  'Line breaks',
  'Text cells',
  'Throwaway files',
  'Web app URL',
  'Triggers',
  'Mail quota',
  'Language',
  'Calendar',
  'Mailbox',
  'Link signatures',
  'Time zones',
  'Page POST',
];

function runSelfTest(desk: Desk, address?: string): string[] {
  const result = expectOk(desk.ws.run<{ lines: string[] }>('selfTest', address === undefined ? [] : [address]));
  desk.check();
  return [...result.value!.lines];
}

function lineOf(lines: string[], check: string): string {
  const found = lines.find((l) => l.slice(6).startsWith(`${check}:`));
  if (!found) throw new Error(`no line for ${check}`);
  return found;
}

describe('selfTest', () => {
  test('passes every check on a set-up desk and leaves no file behind', () => {
    const desk = startWorkspace();
    const lines = runSelfTest(desk, 'tester@example.org');
    for (const check of CHECKS) expect(lineOf(lines, check)).toMatch(/^PASS {2}/);
    expect(lines[lines.length - 1]).toBe('selfTest: every check passed.');
    expect(lineOf(lines, 'Language')).toContain('"en"');
    // The emulator's strict reading: a deleted event is still answered by id, and only getEvents tells it is gone.
    expect(lineOf(lines, 'Calendar')).toContain('getEventById still answers it');
    // Its throwaway repeating event is gone too.
    expect(desk.ws.calendar().filter((e) => !e.deleted)).toEqual([]);
    // And base64 without its padding is refused (workbench/emulator/utilities.ts); the mailbox pads it first.
    expect(lineOf(lines, 'Mailbox')).toContain('unpadded base64url refused');
    expect(lineOf(lines, 'Mailbox')).toMatch(/the search for mail out of the inbox ran \(\d+ found\)/);
    // And DriveApp.getFilesByName finds trashed files too (workbench/emulator/drive.ts).
    expect(lineOf(lines, 'Throwaway files')).toContain('removed (still found by name)');
    expect(lineOf(lines, 'Web app URL')).toContain(desk.ws.webAppUrl);
    expect(lineOf(lines, 'Changes feed')).toContain("with the file's sharing");
    // The access audit's repair of a published Doc (ADV-212) ran on a throwaway Doc published for the check.
    expect(lineOf(lines, 'Publishing')).toContain('a published throwaway Doc was found and unpublished');
    // Two shared files, a shared folder with a file in it, a folder with a new Doc in it, a published Doc, a trashed
    // Doc, a Doc with a line break, a spreadsheet: all made, all in the trash.
    const made = desk.ws.data.findFilesByName(THROWAWAY);
    expect(made).toHaveLength(10);
    expect(made.filter((f) => f.mimeType === 'application/vnd.google-apps.document')).toHaveLength(4);
    expect(made.every((f) => f.trashed)).toBe(true);
    // The shares were silent: Google told nobody about the throwaway files.
    expect(desk.ws.data.shareNotifications()).toEqual([]);
    expect(desk.ws.mailTo('tester@example.org')).toEqual([]);
  });

  test('without an address it shares with the first active member, silently', () => {
    const desk = startWorkspace();
    const lines = runSelfTest(desk);
    expect(lineOf(lines, 'Silent share')).toMatch(/^PASS {2}Silent share: the first active member/);
    expect(desk.ws.mailTo(ANA.email)).toEqual([]);
  });

  test('an unpublished Form, an address without a Google account and a missing trigger each show as a FAIL line with what to do', () => {
    const desk = startWorkspace({ noGoogleAccount: ['nobody@example.net'] });
    desk.ws.data.ui.setFormResponding(OWNER, desk.ids.form, { published: false });
    // Someone deletes the sweep's trigger in the editor.
    const deleted = desk.ws.runInProcess(() =>
      ScriptApp.getProjectTriggers()
        .filter((t) => t.getHandlerFunction() === 'sweep_')
        .forEach((t) => ScriptApp.deleteTrigger(t)),
    );
    expect(deleted.error).toBeUndefined();
    const lines = runSelfTest(desk, 'nobody@example.net');
    expect(lineOf(lines, 'Report Form')).toMatch(/^FAIL {2}Report Form: NOT published.* — to do: run setup/);
    expect(lineOf(lines, 'Silent share')).toMatch(
      /^FAIL {2}Silent share: .*Drive refused the silent share.* — to do: /,
    );
    expect(lineOf(lines, 'Triggers')).toBe(
      'FAIL  Triggers: no trigger for sweep_ — to do: run setup, then selfTest again',
    );
    expect(lines[lines.length - 1]).toMatch(/^selfTest: \d+ FAIL/);
    expect(lineOf(lines, 'Throwaway files')).toMatch(/^PASS/);
  });

  test('before setup it runs to the end and says to run setup', () => {
    const ws = Workspace.create({ start: START, owner: OWNER, buildDir: privateBuildDir() });
    ws.loadBundle();
    const lines = [...expectOk(ws.run<{ lines: string[] }>('selfTest', ['tester@example.org'])).value!.lines];
    expect(lineOf(lines, 'Report Form')).toMatch(
      /^FAIL {2}Report Form: setup has not run on this account — to do: run setup/,
    );
    expect(lineOf(lines, 'Triggers')).toMatch(/^FAIL {2}Triggers: setup has not run/);
    expect(lineOf(lines, 'Status tabs')).toMatch(/^FAIL {2}Status tabs: setup has not run.* — to do: run setup/);
    expect(lineOf(lines, 'Web app URL')).toMatch(/^FAIL {2}Web app URL: no web app URL is recorded/);
    expect(lineOf(lines, 'Link signatures')).toMatch(/^PASS/);
    expect(lineOf(lines, 'Throwaway files')).toMatch(/^PASS/);
    expect(ws.data.findFilesByName(THROWAWAY).every((f) => f.trashed)).toBe(true);
  });

  test('a repeating event the calendar cannot read fails the Calendar line, and no throwaway event is left', () => {
    // What ADV-284's fix relies on (calendar.ts guestsHolder): the first occurrence getEventById answers says it repeats.
    const desk = startWorkspace();
    const reads = desk.ws.rt.totals['CalendarEvent.isRecurringEvent'] ?? 0;
    desk.ws.rt.faults.push({ call: 'CalendarEvent.isRecurringEvent', nth: reads + 1, times: 1 });
    const lines = runSelfTest(desk, 'tester@example.org');
    expect(lineOf(lines, 'Calendar')).toMatch(/^FAIL {2}Calendar: .* — to do: meetings cannot be called/);
    expect(desk.ws.calendar().filter((e) => !e.deleted)).toEqual([]);
  });

  test('a calendar the account cannot write fails its own line, and no throwaway event is left', () => {
    const desk = startWorkspace();
    desk.ws.rt.faults.push({ call: 'CalendarEvent.setTag', nth: 1, times: 1 });
    const lines = runSelfTest(desk, 'tester@example.org');
    expect(lineOf(lines, 'Calendar')).toMatch(/^FAIL {2}Calendar: .* — to do: meetings cannot be called/);
    expect(desk.ws.calendar().filter((e) => !e.deleted)).toEqual([]);
    expect(lineOf(lines, 'Link signatures')).toMatch(/^PASS/);
  });

  test('a changes feed that cannot be read fails its own line; the share it made is still removed', () => {
    const desk = startWorkspace();
    desk.ws.rt.faults.push({ call: 'Drive.Changes.list', nth: (desk.ws.rt.totals['Drive.Changes.list'] ?? 0) + 1 });
    const lines = runSelfTest(desk, 'tester@example.org');
    expect(lineOf(lines, 'Changes feed')).toMatch(
      /^FAIL {2}Changes feed: failed: .* — to do: sharing changes will be found/,
    );
    expect(lineOf(lines, 'Throwaway files')).toMatch(/^PASS/);
    expect(lineOf(lines, 'Text cells')).toMatch(/^PASS/);
    const files = desk.ws.data.findFilesByName(THROWAWAY).filter((f) => f.mimeType === 'text/plain');
    expect(files.filter((f) => f.editors.includes('tester@example.org'))).toEqual([]);
  });

  test('ADV-510 the "Trashed Docs" line records whether a trashed Doc opens by id, which Google does not document', () => {
    const desk = startWorkspace();
    expect(lineOf(runSelfTest(desk, 'tester@example.org'), 'Trashed Docs')).toMatch(
      /^PASS {2}Trashed Docs: a trashed Doc opens by id$/,
    );
    desk.ws.data.setTrashedFilesOpen(false);
    expect(lineOf(runSelfTest(desk, 'tester@example.org'), 'Trashed Docs')).toMatch(
      /^PASS {2}Trashed Docs: a trashed Doc does not open by id$/,
    );
  });

  test('ADV-522 Docs that made a paragraph of each line of an answer fail "Line breaks" with what to tell the maintainers', () => {
    const desk = startWorkspace();
    expect(lineOf(runSelfTest(desk, 'tester@example.org'), 'Line breaks')).toMatch(/^PASS {2}Line breaks: kept inside/);
    desk.ws.data.setDocsSplitLineBreaks(true);
    const lines = runSelfTest(desk, 'tester@example.org');
    expect(lineOf(lines, 'Line breaks')).toMatch(
      /^FAIL {2}Line breaks: each line made a paragraph of its own — to do: tell the maintainers: a reporter's line/,
    );
    expect(lineOf(lines, 'Throwaway files')).toMatch(/^PASS/);
  });

  test('a publication the audit cannot stop fails its own line with what to do, and the other checks still run', () => {
    const desk = startWorkspace();
    // The first Revisions.update publishes the throwaway Doc; the second, the audit's own unpublishing, fails.
    desk.ws.rt.faults.push({
      call: 'Drive.Revisions.update',
      nth: (desk.ws.rt.totals['Drive.Revisions.update'] ?? 0) + 2,
    });
    const lines = runSelfTest(desk, 'tester@example.org');
    expect(lineOf(lines, 'Publishing')).toMatch(
      /^FAIL {2}Publishing: failed: .* — to do: a Doc published to the web is not stopped by the access audit/,
    );
    expect(lineOf(lines, 'Text cells')).toMatch(/^PASS/);
    expect(lineOf(lines, 'Throwaway files')).toMatch(/^PASS/);
  });

  test("after a reporter was written to, the mailbox line says Gmail's rfc822msgid: search finds our sent copy", () => {
    const desk = startWorkspace();
    desk.ws.submitForm({ 'What happened?': 'A rude remark in the forum.', 'Your email address': 'rita@example.net' });
    expectOk(desk.ws.run('sweep_', [{}], { kind: 'trigger' }));
    const [ack] = desk.ws.mailTo('rita@example.net');
    // The probe reads the three newest Sent threads: the screening emails went after the acknowledgment.
    for (const m of desk.ws.mailboxes.messages) if (m.rfcId.startsWith(`<cd${ack.seq}.`)) m.at += 60_000;
    expect(lineOf(runSelfTest(desk, 'tester@example.org'), 'Mailbox')).toMatch(
      /^PASS {2}Mailbox: .*our sent mail carries its reference; found by rfc822msgid: yes;/,
    );
  });

  test('a filed report the Form still holds hours later fails "Form copies"; deleted, it passes', () => {
    const desk = startWorkspace();
    desk.ws.rt.faults.push({ call: 'Form.deleteResponse', nth: 1, times: 1000 });
    desk.ws.submitForm({ 'What happened?': 'A rude remark in the forum.' });
    desk.ws.rt.setClock(desk.ws.rt.now() + 3 * 3_600_000);
    expect(lineOf(runSelfTest(desk, 'tester@example.org'), 'Form copies')).toMatch(
      /^FAIL {2}Form copies: 1 filed report\(s\) still in the Form — to do: /,
    );
    desk.ws.rt.faults.length = 0;
    expectOk(desk.ws.run('sweep_', [{}], { kind: 'trigger' }));
    expect(lineOf(runSelfTest(desk, 'tester@example.org'), 'Form copies')).toMatch(/^PASS/);
  });

  test('a faulty HMAC fails its own line and the other checks still run', () => {
    const desk = startWorkspace();
    desk.ws.rt.faults.push({ call: 'Utilities.computeHmacSha256Signature', nth: 1, times: 100 });
    const lines = runSelfTest(desk, 'tester@example.org');
    expect(lineOf(lines, 'Link signatures')).toMatch(/^FAIL {2}Link signatures: failed: .* — to do: do not go live/);
    expect(lineOf(lines, 'Mail quota')).toMatch(/^PASS/);
  });

  test('a French account: the language line names it and quotes an error in French', () => {
    const desk = startWorkspace({ locale: 'fr' });
    const line = lineOf(runSelfTest(desk, 'tester@example.org'), 'Language');
    expect(line).toMatch(/^PASS {2}Language: "fr"; errors read like "Impossible de trouver/);
  });

  test('anyone but the owner, or a user Apps Script does not name, is refused and nothing is created', () => {
    const desk = startWorkspace();
    for (const user of [ANA.email, '']) {
      const result = desk.ws.run('selfTest', ['tester@example.org'], { user });
      expect(result.record.outcome).toBe('error');
      expect(String((result.error as Error).message)).toMatch(/selfTest refused/);
    }
    expect(desk.ws.data.findFilesByName(THROWAWAY)).toEqual([]);
  });

  test('the scenario step { "selfTest": { "address" } } runs it as the owner and state.json keeps its lines', () => {
    const scenario = validateScenario({
      start: START,
      owner: OWNER,
      committee: [{ name: 'Ana Lima', email: ANA.email, role: 'voting' }],
      steps: [{ after: '1h', selfTest: { address: 'tester@example.org' } }, { selfTest: {} }],
    });
    const run = playScenario(scenario, {
      createWorkspace: (options) => Workspace.create(options),
      buildDir: privateBuildDir(),
    });
    const state = buildState(run);
    expect(state.errors).toEqual([]);
    const summaries = state.selfTest.filter((l) => l.startsWith('selfTest: '));
    expect(summaries).toHaveLength(2);
    for (const check of ['Report Form', 'Silent share', 'Triggers', 'Link signatures', 'Page POST'])
      expect(state.selfTest.filter((l) => l.startsWith(`PASS  ${check}:`))).toHaveLength(2);
    expect(state.transcript.join('\n')).toMatch(/runs selfTest: selfTest: /);
  });
});

describe('selfTest before Committee has a member (docs/deployment.md step 9 before step 7)', () => {
  test('the checks that need an address say to add a member, never to tell the maintainers', () => {
    const desk = startWorkspace({ members: [] });
    const lines = runSelfTest(desk);
    for (const check of ['Silent share', 'Inherited access', 'Changes feed']) {
      expect(lineOf(lines, check)).toMatch(/^FAIL {2}.*no address to share with — to do: add a member to Committee/);
      expect(lineOf(lines, check)).not.toContain('maintainers');
    }
  });
});

describe('selfTest on a broken installation (ADV-94)', () => {
  test('a status tab renamed and a registry tab deleted each fail their line with "run setup", the address checks too', () => {
    const desk = startWorkspace();
    const done = desk.ws.runInProcess(() => {
      SpreadsheetApp.openById(desk.ids.status).getSheetByName('Committee')!.setName('Committee (2025)');
      const registry = SpreadsheetApp.openById(desk.ids.registry);
      registry.deleteSheet(registry.getSheetByName('Proposals')!);
    });
    expect(done.error).toBeUndefined();
    const lines = runSelfTest(desk);
    expect(lineOf(lines, 'Status tabs')).toMatch(/^FAIL {2}Status tabs: no "Committee" tab — to do: run setup/);
    expect(lineOf(lines, 'Registry tabs')).toMatch(/^FAIL {2}Registry tabs: no "Proposals" tab — to do: run setup/);
    expect(lineOf(lines, 'Silent share')).toMatch(/^FAIL {2}.*no address to share with — to do: run setup/);
    expect(lines[lines.length - 1]).toMatch(/^selfTest: \d+ FAIL/);

    expectOk(desk.ws.run('setup'));
    const after = runSelfTest(desk);
    expect(lineOf(after, 'Status tabs')).toMatch(/^PASS/);
    expect(lineOf(after, 'Registry tabs')).toMatch(/^PASS/);
  });
});

describe('selfTest on tabs members can edit (ADV-127)', () => {
  test('a Committee protection whose editors were never changed (it mirrors the spreadsheet) fails "Status tabs"; setup narrows it', () => {
    const desk = startDesk({ members: [ANA] });
    // The protection an older setup left: made before any member was an editor, and never changed since.
    const done = desk.ws.runInProcess(() => {
      const committee = SpreadsheetApp.openById(desk.ids.status).getSheetByName('Committee')!;
      committee.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0].remove();
      committee.protect().setDescription('Only the committee account edits this tab; changes by others are refused.');
    });
    expect(done.error).toBeUndefined();
    const lines = runSelfTest(desk);
    expect(lineOf(lines, 'Status tabs')).toMatch(
      /^FAIL {2}Status tabs: members can edit "Committee" — to do: run setup/,
    );
    expectOk(desk.ws.run('setup'));
    expect(lineOf(runSelfTest(desk), 'Status tabs')).toMatch(/^PASS/);
    expect(() => desk.ws.data.ui.editCell(ANA.email, desk.ids.status, 'Committee', 9, 1, 'x')).toThrow(
      /protected cell/,
    );
  });
});

describe('selfTest with the report Form in the trash', () => {
  test('ADV-98 the Form moved to the trash in Drive fails "Report Form" with "run setup"; after setup it passes', () => {
    const desk = startWorkspace();
    desk.ws.data.ui.setTrashed(OWNER, desk.ids.form, true);
    const lines = runSelfTest(desk);
    expect(lineOf(lines, 'Report Form')).toMatch(/^FAIL {2}Report Form: in the trash.* — to do: run setup/);
    expect(lines[lines.length - 1]).toMatch(/^selfTest: \d+ FAIL/);

    expectOk(desk.ws.run('setup'));
    expect(desk.ws.data.file(desk.ids.form).trashed).toBe(false);
    expect(lineOf(runSelfTest(desk), 'Report Form')).toMatch(/^PASS {2}Report Form: published, accepting responses/);
  });
});
