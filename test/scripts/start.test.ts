// `npm start` as a user runs it: exit status 2 and a message naming the field (or the line and column) for a malformed scenario, 0 and both outputs for a run, failures printed even with --quiet.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const BUNDLE = join(__dirname, 'fixtures', 'mini-desk');

function start(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [join(ROOT, 'scripts', 'start.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scenarioFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('npm start', () => {
  jest.setTimeout(60_000);

  it('exits 2 and names the bad field for a malformed scenario', () => {
    const file = scenarioFile({
      owner: 'conduct@example.org',
      steps: [
        { report: { 'What happened?': 'x' } },
        { after: '1h' },
        { after: '1h' },
        { respond: { member: 'ana@example.org', case: 1, answer: 'yes' } },
      ],
    });
    const r = start([file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a valid scenario:');
    expect(r.stderr).toContain('steps[3].respond.answer must be one of no-conflict, conflict');
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a missing file, broken JSON and unknown options', () => {
    const missing = start([join(tmpdir(), 'no-such-scenario.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/scenario file not found: .*no-such-scenario\.json/);
    const broken = start([scenarioFile('{ "owner": "x@example.org", ')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/is not valid JSON/);
    expect(start(['--frobnicate']).status).toBe(2);
  });

  it('ADV-169 exits 2 naming the problem for a folder, or a file saved as UTF-16, given as the scenario', () => {
    // A folder crashed the runner with a stack trace (EISDIR) and exit status 1, as if the emulator had broken.
    const folder = start([join(ROOT, 'examples')]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/^error: examples is a folder, not a scenario file \(give one of its \.json files/);
    expect(folder.stderr).not.toMatch(/\n\s+at /);
    const utf16 = scenarioFile('');
    writeFileSync(utf16, Buffer.from('\ufeff{"owner": "conduct@example.org", "steps": []}', 'utf16le'));
    const r = start([utf16]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is saved as UTF-16: save it as UTF-8/);
  });

  it('exits 2 for a member not on the committee and a moderator of no space, naming each field', () => {
    const file = scenarioFile({
      owner: 'conduct@example.org',
      committee: [{ name: 'Ana Lima', email: 'ana@example.org' }],
      spaces: [{ name: 'Discourse', moderators: ['mods@example.org'] }],
      steps: [
        { report: { 'What happened?': 'x' } },
        { respond: { member: 'ANA@example.org', case: 1, answer: 'no-conflict' } },
        { respond: { member: 'ann@example.org', case: 1, answer: 'no-conflict' } },
        { moderatorReply: { moderator: 'admins@example.org', case: 1, answer: 'accept' } },
      ],
    });
    const r = start([file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('  - steps[2].respond.member ann@example.org is not on the committee');
    expect(r.stderr).toContain(
      '  - steps[3].moderatorReply.moderator admins@example.org is not a moderator of any space (spaces: Discourse)',
    );
    // Addresses compare case-insensitively: ANA@ is Ana.
    expect(r.stderr).not.toContain('steps[1]');
  });

  it('exits 2 for malformed JSON, giving the line and column and quoting the line', () => {
    const r = start([scenarioFile('{\n  "owner": "conduct@example.org"\n  "steps": []\n}\n')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("is not valid JSON: line 3, column 3: expected ',' or '}' after the value of \"owner\"");
    expect(r.stderr).toContain('    3 |   "steps": []\n      |   ^');
  });

  it('plays a scenario, prints a transcript with a line per simulated day, and writes state.json and index.html', () => {
    const out = mkdtempSync(join(tmpdir(), 'scenario-out-'));
    const file = scenarioFile({
      start: '2026-03-02T22:00:00Z',
      owner: 'conduct@example.org',
      // Bo is inactive, so no screening email reaches him: his answer is refused.
      committee: [
        { name: 'Ana Lima', email: 'ana@example.org' },
        { name: 'Bo Chen', email: 'bo@example.org', active: false },
      ],
      steps: [
        { report: { 'Who was involved?': 'Sam Doe', 'What happened?': '<b>x</b>' } },
        { after: '1d' },
        { respond: { member: 'bo@example.org', case: 1, answer: 'conflict' } },
      ],
    });
    const r = start([file, '--out', out, '--build', BUNDLE]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/── day 2 · Tue 2026-03-03 · 1 case\(s\)/);
    expect(r.stdout).toContain('✉ mail ');
    expect(r.stdout).toContain('→ ana@example.org: "New report: please check for a conflict of interest"');
    expect(r.stdout).toContain(
      '✗ steps[2] respond: bo@example.org could not respond — no email to bo@example.org about case 1 ("amber kite") holds a "Conflict" link',
    );
    expect(r.stdout).toMatch(/wrote .*state\.json and .*index\.html/);
    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
    expect(state.cases).toEqual([expect.objectContaining({ n: 1, codeName: 'amber kite' })]);
    expect(state.triggers.find((t: { handler: string }) => t.handler === 'tick_').fired).toBe(24);
    expect(state.errors).toEqual([expect.objectContaining({ step: 2, action: 'respond', kind: 'refused' })]);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<!doctype html>');
  });

  it('with --quiet prints every failed step (and only failures) before the summary', () => {
    const out = mkdtempSync(join(tmpdir(), 'scenario-out-'));
    const file = scenarioFile({
      owner: 'conduct@example.org',
      committee: [
        { name: 'Ana Lima', email: 'ana@example.org' },
        { name: 'Bo Chen', email: 'bo@example.org', active: false },
      ],
      steps: [
        { report: { 'Who was involved?': 'Sam Doe', 'What happened?': 'x' } },
        { respond: { member: 'bo@example.org', case: 1, answer: 'conflict' } },
        { respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
        { openVote: { member: 'ana@example.org', case: 1 } },
        { vote: { member: 'ana@example.org', case: 1, choice: 'approve' } },
      ],
    });
    const r = start([file, '--out', out, '--build', BUNDLE, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.includes('✗'))).toEqual([
      expect.stringMatching(/✗ steps\[1\] respond: bo@example\.org could not respond — no email to bo@example\.org/),
      expect.stringMatching(
        /✗ steps\[3\] openVote: ana@example\.org could not openVote — no email to ana@example\.org/,
      ),
      expect.stringMatching(/✗ steps\[4\] vote not done: no vote was opened on case 1 \(see steps\[3\] openVote\)$/),
    ]);
    // Quiet: no mail lines, no day lines, no successful steps.
    expect(r.stdout).not.toContain('✉ mail');
    expect(r.stdout).not.toContain('── day');
    expect(r.stdout).not.toContain('answers "no-conflict"');
    expect(r.stdout).toContain('3 step(s) not done or done in part (1 only because an earlier one failed)');
  });
});
