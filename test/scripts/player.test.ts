// The scenario player end to end on a tiny hand-written bundle: setup, the virtual clock firing a time-driven trigger, links, pages, scanners, errors, and the outputs.
import { join } from 'node:path';
import { Workspace } from '../../workbench';
import { playScenario, type PlayResult } from '../../scripts/scenario/player';
import { renderHtml } from '../../scripts/scenario/render-html';
import { validateScenario } from '../../scripts/scenario/schema';
import { buildState, type ScenarioState } from '../../scripts/scenario/state';

const BUNDLE = join(__dirname, 'fixtures', 'mini-desk');
const OWNER = 'conduct@example.org';

function play(raw: unknown): { run: PlayResult; state: ScenarioState } {
  const run = playScenario(validateScenario(raw), { createWorkspace: (o) => Workspace.create(o), buildDir: BUNDLE });
  return { run, state: buildState(run) };
}

const committee = [
  { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' },
  { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' },
  { name: 'Eli Novak', email: 'eli@example.org', role: 'voting' },
];

describe('a scenario with advancing time', () => {
  const { run, state } = play({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    steps: [{ after: '3h' }, { after: '30m' }],
  });

  it('fires the time-driven trigger setup created, on the virtual clock, and state.json shows it', () => {
    const trigger = state.triggers.find((t) => t.handler === 'tick_');
    expect(trigger).toMatchObject({ eventType: 'CLOCK', fired: 3, failed: 0 });
    const ticks = state.executions.filter((e) => e.fn === 'tick_');
    expect(ticks.map((e) => [e.kind, e.outcome])).toEqual([
      ['trigger', 'ok'],
      ['trigger', 'ok'],
      ['trigger', 'ok'],
    ]);
    expect(ticks[0].startedAt >= '2026-03-02T10:00:00').toBe(true);
    expect(trigger?.lastFired && trigger.lastFired < '2026-03-02T12:30:00.000Z').toBe(true);
    expect(run.ws.properties().ticks).toBe('3');
    expect(state.scenario.end.startsWith('2026-03-02T12:30')).toBe(true);
    expect(state.simulatedSeconds.filter((s) => s.fn === 'tick_')).toHaveLength(3);
    expect(state.calls['TriggerBuilder.create']).toBeGreaterThanOrEqual(1);
  });

  it('survives a JSON round trip with every output name of DESIGN §9', () => {
    const json = JSON.parse(JSON.stringify(state));
    for (const key of [
      'cases',
      'sheets',
      'docs',
      'mail',
      'shares',
      'triggers',
      'calls',
      'simulatedSeconds',
      'errors',
      'alerts',
      'executions',
      'quota',
      'forms',
    ]) {
      expect(json).toHaveProperty(key);
    }
    expect(json.forms).toEqual([{ id: expect.any(String), published: true, acceptingResponses: true, responses: 0 }]);
    expect(json.sheets.Cases[0]).toEqual([
      'Safety risk?',
      'Risk of repeating?',
      'Status',
      'Code Name',
      'Date & Time',
      'Actions needed',
      'Resolution',
    ]);
    expect(json.errors).toEqual([]);
  });

  it('counts the mail quota per quota day: recipients sent and the limit (DESIGN §9 `quota`)', () => {
    const sent = state.mail.reduce((n, m) => n + m.to.length + m.cc.length + m.bcc.length, 0);
    expect(state.quota.reduce((n, d) => n + d.recipients, 0)).toBe(sent);
    for (const day of state.quota) {
      expect(day.limit).toBe(1500);
      expect(day.recipients).toBeLessThanOrEqual(day.limit);
      expect(Date.parse(day.day)).not.toBeNaN();
    }
  });
});

describe('a scenario with people', () => {
  const { run, state } = play({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    committee,
    spaces: [{ name: 'Discourse', moderators: ['mods@example.org'] }],
    settings: { acknowledgeWithinHours: 12 },
    steps: [
      {
        report: {
          'Your email address': 'riley@example.net',
          'Who was involved?': 'Sam Doe',
          'What happened?': 'Rude replies.',
        },
        deliveries: 2,
      },
      { after: '10m', scan: { member: 'eli@example.org' } },
      { respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
      { respond: { member: 'bo@example.org', case: 1, answer: 'conflict' } },
      { report: { 'Who was involved?': 'Alex Rivers', 'What happened?': 'Threats.' } },
      { after: '1h', respond: { member: 'eli@example.org', case: 2, answer: 'no-conflict' } },
      { writeDoc: { member: 'ana@example.org', case: 1, section: 'Committee discussions', text: 'In scope.' } },
      { writeDoc: { member: 'bo@example.org', case: 1, section: 'Committee discussions', text: 'Peek.' } },
      { vote: { member: 'ana@example.org', case: 1, choice: 'approve' } },
      { edit: { tab: 'Cases', case: 1, column: 'Status', value: 'Ongoing' } },
      { addMember: { name: 'Gus Ortiz', email: 'gus@example.org' } },
      { edit: { tab: 'Committee', member: 'bo@example.org', column: 'Active', value: false } },
    ],
  });
  const posts = () =>
    JSON.parse(run.ws.properties().posts ?? '[]') as Array<{ t: string; op: string; confirm: string }>;

  it('writes settings and the committee through the status sheet as the owner, firing onEdit', () => {
    expect(state.sheets.Settings).toEqual([
      ['Setting', 'Value', 'Notes'],
      ['Acknowledge within (hours)', 12, 'hours'],
      ['', '', 'Add "Space: <name>" rows below.'],
      ['Space: Discourse', 'mods@example.org', ''],
    ]);
    expect(state.sheets.Committee).toEqual([
      ['Name', 'Email', 'Role', 'Active'],
      ['Ana Lima', 'ana@example.org', 'voting', true],
      ['Bo Chen', 'bo@example.org', 'adviser', false],
      ['Eli Novak', 'eli@example.org', 'voting', true],
      ['Gus Ortiz', 'gus@example.org', 'voting', true],
    ]);
    // 3 settings cells + 4 cells per member × 4 members + 1 edit of Bo + 1 edit of Cases.
    expect(Number(run.ws.properties().edits)).toBe(3 + 16 + 1 + 1);
    // Setup runs again after Settings, so the Form can offer the spaces.
    expect(run.ws.properties().setupRuns).toBe('2');
    expect(state.executions.filter((e) => e.fn === 'setup').map((e) => e.activeUser)).toEqual([OWNER, OWNER]);
    // The owner's edits run with the owner as active user; another person's edit runs with a blank one (the platform hides it).
    expect(
      state.executions
        .filter((e) => e.fn === 'onEdit_')
        .map((e) => e.activeUser)
        .filter((u) => u !== OWNER),
    ).toEqual(['']);
  });

  it('maps case numbers to the registry in submission order', () => {
    expect(state.cases).toEqual([
      expect.objectContaining({ n: 1, codeName: 'amber kite', caseId: 'c_1' }),
      expect.objectContaining({ n: 2, codeName: 'brave otter', caseId: 'c_2' }),
    ]);
    expect(run.reports).toHaveLength(2);
  });

  it('follows the right link, ticks the box and posts; a scanner posts without ticking and grants nothing', () => {
    const p = posts();
    // The emulator decodes query parameters, as Apps Script does.
    expect(p.filter((x) => x.confirm === '').map((x) => x.t)).toEqual(['nc.1.eli@example.org', 'c.1.eli@example.org']);
    expect(p.filter((x) => x.confirm === 'yes').map((x) => [x.op, x.t])).toEqual([
      ['no-conflict', 'nc.1.ana@example.org'],
      ['conflict', 'c.1.bo@example.org'],
      ['no-conflict', 'nc.2.eli@example.org'],
    ]);
    const doc1 = state.docs.find((d) => d.case === 1);
    expect(doc1?.editors).toEqual(expect.arrayContaining(['ana@example.org']));
    expect(doc1?.everHadAccess).not.toContain('eli@example.org');
    expect(state.docs.find((d) => d.case === 2)?.editors).toContain('eli@example.org');
  });

  it('writes the Doc as a member who can open it, and records the refusal for one who cannot', () => {
    expect(state.docs.find((d) => d.case === 1)?.text).toContain('In scope.');
    expect(state.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          step: 7,
          action: 'writeDoc',
          kind: 'refused',
          reason: expect.stringContaining('bo@example.org cannot write "Committee discussions"'),
        }),
        expect.objectContaining({
          step: 8,
          action: 'vote',
          kind: 'refused',
          reason:
            'no email to ana@example.org about case 1 ("amber kite") holds a "Vote" link (2 email(s) in the mailbox)',
        }),
      ]),
    );
    expect(state.errors.filter((e) => e.kind === 'refused')).toHaveLength(2);
  });

  it('edits Cases as the first active voting member, found by code name', () => {
    expect(state.sheets.Cases[1]).toEqual([
      'Unknown',
      'Unknown',
      'Ongoing',
      'amber kite',
      '2026-03-02T09:00:00.000Z',
      'Conflict check',
      '',
    ]);
    expect(state.steps.find((s) => s.step === 9)).toMatchObject({
      actor: 'a committee member',
      outcome: 'ok',
      summary: 'sets Cases › Status (row 2) to "Ongoing"',
    });
    const accessLog = run.ws.data.accessHistory(run.statusSpreadsheetId ?? '');
    expect(accessLog.some((e) => e.principal === 'ana@example.org' && e.change === 'grant')).toBe(true);
  });

  it('keeps the mail, per person, with ISO times', () => {
    // Two members active at each report (Ana, Eli; Bo is an adviser but active too) → 3 + 3 screening emails.
    expect(state.mail).toHaveLength(6);
    expect(state.mail[0]).toMatchObject({
      at: expect.stringMatching(/^2026-03-02T09:00:\d\d\.\d{3}Z$/),
      to: ['ana@example.org'],
      subject: 'New report: please check for a conflict of interest',
    });
    expect(state.alerts).toEqual([]);
    expect(state.transcript.some((l) => l.includes('mail scanner of eli@example.org: followed 2 link(s)'))).toBe(true);
  });

  it('renders every value escaped in a self-contained page', () => {
    const html = renderHtml(state);
    expect(html).toContain('<h2>Status spreadsheet, as the committee sees it</h2>');
    expect(html).toContain('Add &quot;Space: &lt;name&gt;&quot; rows below.');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).toContain('amber kite');
    expect(html).toContain('ana@example.org');
  });
});

describe('runner errors', () => {
  it('records a failed setup and goes on, refusing what needs it and still moving the clock', () => {
    const run = playScenario(
      validateScenario({ owner: OWNER, committee, steps: [{ report: { 'What happened?': 'x' } }, { after: '2h' }] }),
      {
        createWorkspace: (o) =>
          Workspace.create({
            ...o,
            faults: [{ call: 'FormApp.create', nth: 1, message: 'Service unavailable: Forms' }],
          }),
        buildDir: BUNDLE,
      },
    );
    // The report could not happen because setup failed: one error, the setup's, with the report as its follow-on.
    expect(run.errors).toEqual([
      expect.objectContaining({
        step: 'setup',
        action: 'setup',
        kind: 'execution',
        reason: 'setup failed: Exception: Service unavailable: Forms',
        followOns: [
          expect.objectContaining({
            step: 0,
            action: 'report',
            missing: 'no Form takes reports',
            reason: expect.stringMatching(/^the Form did not accept report 1: no Form has a submit trigger/),
          }),
        ],
      }),
    ]);
    expect(run.steps.find((s) => s.step === 0)).toMatchObject({
      outcome: 'refused',
      summary: 'not done: no Form takes reports (see setup)',
    });
    expect(run.ws.rt.now()).toBeGreaterThanOrEqual(Date.parse('2026-03-02T11:00:00Z'));
    expect(run.cases).toEqual([]);
    // Setup got as far as the status spreadsheet, so the roster was still entered.
    expect(run.steps.find((s) => s.step === 'committee')).toMatchObject({ outcome: 'ok' });
  });

  it('makes everything that needed what a failed setup did not create a follow-on of the setup', () => {
    const run = playScenario(
      validateScenario({
        owner: OWNER,
        committee,
        steps: [
          { report: { 'What happened?': 'x' } },
          { edit: { tab: 'Settings', setting: 'Acknowledge within (hours)', column: 'Value', value: 2 } },
          { respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
        ],
      }),
      {
        createWorkspace: (o) =>
          Workspace.create({
            ...o,
            faults: [{ call: 'SpreadsheetApp.create', nth: 1, message: 'Service unavailable: Spreadsheets' }],
          }),
        buildDir: BUNDLE,
      },
    );
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatchObject({
      step: 'setup',
      kind: 'execution',
      reason: 'setup failed: Exception: Service unavailable: Spreadsheets',
    });
    expect(run.errors[0].followOns?.map((f) => [f.step, f.action, f.missing])).toEqual([
      ['committee', 'committee', 'there is no status spreadsheet'],
      [0, 'report', 'no Form takes reports'],
      [1, 'edit', 'there is no status spreadsheet'],
      [2, 'respond', 'case 1 does not exist'],
    ]);
    expect(run.transcript.filter((l) => l.includes('✗')).map((l) => l.replace(/^\[[^\]]+\] /, ''))).toEqual([
      expect.stringMatching(/^ *✗ .* setup failed: Exception: Service unavailable: Spreadsheets \(during setup\)$/),
      '✗ committee not done: there is no status spreadsheet (see setup)',
      '✗ steps[0] report not done: no Form takes reports (see setup)',
      '✗ steps[1] edit not done: there is no status spreadsheet (see setup)',
      '✗ steps[2] respond not done: case 1 does not exist (see setup)',
    ]);
  });

  it('records steps about a case that intake never created as follow-ons of the failed intake', () => {
    const run = playScenario(
      validateScenario({
        owner: OWNER,
        committee,
        steps: [
          { report: { 'What happened?': 'x' } },
          { respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
          { openVote: { member: 'ana@example.org', case: 1 } },
        ],
      }),
      {
        createWorkspace: (o) =>
          Workspace.create({
            ...o,
            faults: [
              { call: 'DocumentApp.create', nth: 1, message: 'Service Documents failed while accessing document.' },
            ],
          }),
        buildDir: BUNDLE,
      },
    );
    expect(run.errors).toEqual([
      expect.objectContaining({
        step: 0,
        action: 'report',
        kind: 'execution',
        reason: expect.stringContaining('onReport_ failed: Exception: Service Documents failed'),
        followOns: [
          expect.objectContaining({
            step: 1,
            action: 'respond',
            missing: 'intake did not create case 1',
            reason: expect.stringMatching(/^case 1 \(response .+\) is not in the registry: intake did not create it$/),
          }),
          expect.objectContaining({ step: 2, action: 'openVote', missing: 'intake did not create case 1' }),
        ],
      }),
    ]);
    expect(run.transcript.filter((l) => l.includes('✗'))).toEqual([
      expect.stringMatching(
        /✗ .*onReport_ failed: Exception: Service Documents failed.* \(during steps\[0\] report\)$/,
      ),
      expect.stringMatching(/✗ steps\[1\] respond not done: intake did not create case 1 \(see steps\[0\] report\)$/),
      expect.stringMatching(/✗ steps\[2\] openVote not done: intake did not create case 1 \(see steps\[0\] report\)$/),
    ]);
  });
});

describe('a refused step and the steps that depend on it', () => {
  // The mini bundle's Form has no "Where did it happen?" question, so the Form refuses this report.
  const refusedReport = { report: { 'Who was involved?': 'Sam Doe', 'Where did it happen?': 'Discourse' } };
  const lines: Array<{ line: string; kind: string }> = [];
  const run = playScenario(
    validateScenario({
      owner: OWNER,
      committee,
      steps: [
        refusedReport,
        { after: '1h', respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
        { writeDoc: { member: 'ana@example.org', case: 1, section: 'Committee discussions', text: 'x' } },
        { edit: { tab: 'Cases', case: 1, column: 'Status', value: 'Ongoing' } },
        { report: { 'Who was involved?': 'Alex Rivers', 'What happened?': 'Threats.' } },
        // The mini bundle sends no case page link, so opening the vote is refused; the vote can then only fail too.
        { openVote: { member: 'ana@example.org', case: 2 } },
        { vote: { member: 'ana@example.org', case: 2, choice: 'approve' } },
        { vote: { member: 'eli@example.org', case: 2, choice: 'reject' } },
      ],
    }),
    { createWorkspace: (o) => Workspace.create(o), buildDir: BUNDLE, log: (line, kind) => lines.push({ line, kind }) },
  );
  const failures = run.transcript.filter((l) => l.includes('✗'));

  it('reports the refusal once, with its step, action and cause, and the steps it stopped as follow-ons', () => {
    expect(run.errors).toEqual([
      expect.objectContaining({
        step: 0,
        action: 'report',
        kind: 'refused',
        count: 1,
        reason: expect.stringMatching(
          /^the Form did not accept report 1: Emulator: form \S+ has no item titled "Where did it happen\?"$/,
        ),
        followOns: [
          expect.objectContaining({
            step: 1,
            action: 'respond',
            missing: 'case 1 does not exist',
            reason: 'case 1 does not exist: the Form did not accept its report',
          }),
          expect.objectContaining({ step: 2, action: 'writeDoc', missing: 'case 1 does not exist' }),
          expect.objectContaining({ step: 3, action: 'edit', missing: 'case 1 does not exist' }),
        ],
      }),
      expect.objectContaining({
        step: 5,
        action: 'openVote',
        kind: 'refused',
        reason: expect.stringMatching(
          /^no email to ana@example.org about case 2 \("amber kite"\) holds a "Case page" link/,
        ),
        followOns: [
          expect.objectContaining({ step: 6, action: 'vote', missing: 'no vote was opened on case 2' }),
          expect.objectContaining({ step: 7, action: 'vote', missing: 'no vote was opened on case 2' }),
        ],
      }),
    ]);
  });

  it('prints one full line per cause and a short pointer for each step it stopped', () => {
    expect(failures).toEqual([
      expect.stringMatching(
        /^\[Mon 03-02 09:00\] ✗ steps\[0\] report: reporter could not report — the Form did not accept report 1: .*"Where did it happen\?"$/,
      ),
      '[Mon 03-02 10:00] ✗ steps[1] respond not done: case 1 does not exist (see steps[0] report)',
      '[Mon 03-02 10:00] ✗ steps[2] writeDoc not done: case 1 does not exist (see steps[0] report)',
      '[Mon 03-02 10:00] ✗ steps[3] edit not done: case 1 does not exist (see steps[0] report)',
      expect.stringMatching(
        /^\[Mon 03-02 10:00\] ✗ steps\[5\] openVote: ana@example.org could not openVote — no email to ana@example.org about case 2/,
      ),
      '[Mon 03-02 10:00] ✗ steps[6] vote not done: no vote was opened on case 2 (see steps[5] openVote)',
      '[Mon 03-02 10:00] ✗ steps[7] vote not done: no vote was opened on case 2 (see steps[5] openVote)',
    ]);
    // The Form's words appear once in the whole transcript, not once per step that needed the case.
    expect(run.transcript.join('\n').match(/has no item titled/g)).toHaveLength(1);
    expect(lines.filter((l) => l.kind === 'failure').map((l) => l.line)).toEqual(failures);
  });

  it('keeps every step in the timeline, refused, with the short reason', () => {
    expect(run.steps.filter((s) => typeof s.step === 'number').map((s) => [s.step, s.outcome])).toEqual([
      [0, 'refused'],
      [1, 'refused'],
      [2, 'refused'],
      [3, 'refused'],
      [4, 'ok'],
      [5, 'refused'],
      [6, 'refused'],
      [7, 'refused'],
    ]);
    expect(run.steps.find((s) => s.step === 6)?.summary).toBe(
      'not done: no vote was opened on case 2 (see steps[5] openVote)',
    );
  });

  it('reports a dependent step in full when what it needs was done, or never tried', () => {
    const again = playScenario(
      validateScenario({
        owner: OWNER,
        committee,
        steps: [
          { report: { 'Who was involved?': 'Sam Doe', 'What happened?': 'x' } },
          { vote: { member: 'ana@example.org', case: 1, choice: 'approve' } },
        ],
      }),
      { createWorkspace: (o) => Workspace.create(o), buildDir: BUNDLE },
    );
    expect(again.errors).toEqual([
      expect.objectContaining({
        step: 1,
        action: 'vote',
        reason: expect.stringMatching(/^no email to ana@example.org about case 1/),
      }),
    ]);
    expect(again.errors[0].followOns).toBeUndefined();
  });
});

describe('people changing the rows of a tab (sort, insertRow, deleteRow)', () => {
  const report = (who: string) => ({
    report: { 'Who was involved?': who, 'What happened?': 'Rude replies in the forum, twice.' },
  });
  const { run, state } = play({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    committee,
    steps: [
      report('Sam Doe'),
      report('Kim Vale'),
      { after: '1m', sort: { tab: 'Cases', column: 'Code Name', ascending: false } },
      { insertRow: { tab: 'Cases', row: 2 } },
      { deleteRow: { tab: 'Cases', row: 2 } },
      { sort: { tab: 'Cases', column: 'Nope', as: 'ana@example.org' } },
      { deleteRow: { tab: 'Cases', row: 40 } },
    ],
  });

  test('a member sorts Cases, inserts a blank row and deletes it; the rows follow', () => {
    const codes = state.sheets.Cases.slice(1).map((r) => String(r[3]));
    expect(codes).toEqual([...run.cases.map((c) => c.codeName)].sort().reverse());
    expect(
      state.steps.filter((s) => ['sort', 'insertRow', 'deleteRow'].includes(s.action)).map((s) => s.outcome),
    ).toEqual(['ok', 'ok', 'ok', 'refused', 'refused']);
  });

  test('a column or a row that is not there is refused, saying which', () => {
    const reasons = state.errors.map((e) => e.reason).join('\n');
    expect(reasons).toMatch(/the "Cases" tab has no "Nope" column/);
    expect(reasons).toMatch(/the "Cases" tab has no row 40/);
  });
});

describe('someone changing a store\u2019s sharing in Drive (share)', () => {
  const { state, run } = play({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    committee,
    steps: [
      { share: { as: OWNER, file: 'registry', with: 'outsider.qx@example.net', role: 'writer' } },
      { share: { as: OWNER, file: 'form', with: 'anyone', role: 'reader' } },
      { share: { as: 'ana@example.org', file: 'registry', with: 'anyone', role: 'reader' } },
      { share: { as: OWNER, file: 'folder', with: 'anyone', role: 'reader' } },
    ],
  });

  test('the owner shares; a member who cannot open the file is refused by Drive, and a missing store is refused too', () => {
    expect(state.steps.filter((s) => s.action === 'share').map((s) => s.outcome)).toEqual([
      'ok',
      'ok',
      'refused',
      'refused',
    ]);
    const props = run.ws.properties();
    expect(run.ws.data.file(props.registrySpreadsheetId).editors).toEqual(['outsider.qx@example.net']);
    expect(run.ws.data.file(props.formId).access).toBe('ANYONE_WITH_LINK');
    const reasons = state.errors.map((e) => e.reason).join('\n');
    expect(reasons).toMatch(/ana@example\.org cannot share the registry: .*cannot change who has access/);
    expect(reasons).toMatch(/there is no folder to share/);
  });

  test('a share step needs a case exactly when it shares a case Doc', () => {
    const base = { start: '2026-03-02T09:00:00Z', owner: OWNER };
    expect(() =>
      validateScenario({ ...base, steps: [{ share: { as: OWNER, file: 'doc', with: 'anyone', role: 'reader' } }] }),
    ).toThrow(/needs case exactly when file is "doc"/);
    expect(() =>
      validateScenario({
        ...base,
        steps: [{ share: { as: OWNER, file: 'registry', case: 1, with: 'anyone', role: 'reader' } }],
      }),
    ).toThrow(/needs case exactly when file is "doc"/);
  });
});

describe('an edit whose value is a list of rows: a paste', () => {
  const { run, state } = play({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    steps: [
      {
        edit: {
          tab: 'Committee',
          row: 2,
          column: 'Name',
          value: [
            ['Kim Vale', 'kim@example.org', 'voting', true],
            ['Lou Park', 'lou@example.org', 'adviser', true],
          ],
        },
      },
    ],
  });

  test('pastes the block as the owner and fires onEdit once for it', () => {
    expect(state.sheets.Committee.slice(1)).toEqual([
      ['Kim Vale', 'kim@example.org', 'voting', true],
      ['Lou Park', 'lou@example.org', 'adviser', true],
    ]);
    expect(Number(run.ws.properties().edits)).toBe(1);
    expect(state.steps.find((s) => s.action === 'edit')?.outcome).toBe('ok');
  });

  test('a block with rows of different lengths is refused when the scenario is read', () => {
    expect(() =>
      validateScenario({
        start: '2026-03-02T09:00:00Z',
        owner: OWNER,
        steps: [{ edit: { tab: 'Committee', row: 2, column: 'Name', value: [['a', 'b'], ['c']] } }],
      }),
    ).toThrow(/a pasted block needs rows of the same length/);
  });
});

describe('a person replying to an email (reply)', () => {
  const { run, state } = play({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    committee,
    steps: [
      { report: { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies.' } },
      { reply: { from: 'ana@example.org', about: 'NEW REPORT', text: 'Seen, thanks.' } },
      { reply: { from: 'ana@example.org', about: 'no such subject', text: 'Lost.' } },
    ],
  });

  test('answers the newest email whose subject holds `about`, to its sender (no Reply-To), quoting it as Gmail does', () => {
    const [answer] = run.ws.mailbox(OWNER).filter((m) => m.labelIds.includes('INBOX'));
    expect(answer).toMatchObject({
      from: 'ana@example.org',
      subject: 'Re: New report: please check for a conflict of interest',
    });
    expect(answer.body).toMatch(/^Seen, thanks\.\n\nOn .* wrote:\n\n> We have a report that involves Sam Doe\./);
    expect(state.committeeInbox).toEqual([
      { at: new Date(answer.at).toISOString(), from: 'ana@example.org', subject: answer.subject },
    ]);
  });

  test('an email that is not there is a refusal in errors, and the run goes on', () => {
    expect(run.errors.map((e) => [e.step, e.kind, e.reason])).toEqual([
      [2, 'refused', expect.stringContaining('no email whose subject contains "no such subject"')],
    ]);
    expect(run.steps.filter((s) => typeof s.step === 'number')).toHaveLength(3);
  });
});

describe('steps at the same instant (at)', () => {
  test('ADV-168 an instant the scenario already reached is no error: the clock only ran on while people acted', () => {
    // Setup and each step take simulated seconds, so `at: start`, or two steps at the same instant, found the clock
    // a few seconds past and were recorded in errors ("before the clock") though the scenario went forward.
    const { run, state } = play({
      start: '2026-03-02T09:00:00Z',
      owner: OWNER,
      committee,
      steps: [
        { at: '2026-03-02T09:00:00Z', report: { 'Who was involved?': 'Sam Doe', 'What happened?': 'x' } },
        { at: '2026-03-02T11:00:00Z', respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
        { at: '2026-03-02T11:00:00Z', respond: { member: 'eli@example.org', case: 1, answer: 'no-conflict' } },
        { after: '1h', note: 'to its author this is 12:00, though the clock ran on while people acted' },
        { at: '2026-03-02T12:00:00Z', respond: { member: 'bo@example.org', case: 1, answer: 'no-conflict' } },
        { at: '2026-03-02T10:00:00Z', note: 'the author went back in time: that is an error' },
      ],
    });
    expect(state.errors.map((e) => [e.step, e.reason])).toEqual([
      [5, expect.stringMatching(/^at 2026-03-02T10:00:00Z is before the clock/)],
    ]);
    expect(run.steps.filter((s) => typeof s.step === 'number').map((s) => s.outcome)).toEqual(Array(6).fill('ok'));
    expect(run.transcript.filter((l) => l.includes('✗'))).toHaveLength(1);
  });
});
