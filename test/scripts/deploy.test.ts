// npm run deploy's checks, without the network: clasp's login and the script id are checked before any long step and each problem says what to do; the push never waits on clasp's manifest prompt; .clasp.json is each installation's own, not a tracked file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_COMMANDS, PLACEHOLDER_SCRIPT_ID, credentialsProblem, main, projectProblem } from '../../scripts/deploy';

const ROOT = join(__dirname, '..', '..');
/** A made-up script id of the real shape is not needed: any non-placeholder text will do. */
const SCRIPT = JSON.stringify({ scriptId: 'made-up-script-id-for-tests', rootDir: 'build' });
const LOGGED_IN = JSON.stringify({ tokens: { default: { type: 'authorized_user', refresh_token: 'made-up' } } });

describe('credentialsProblem (~/.clasprc.json)', () => {
  test('a clasp 3 login, or an older clasp token, passes', () => {
    expect(credentialsProblem(LOGGED_IN)).toBeNull();
    expect(credentialsProblem(JSON.stringify({ token: { refresh_token: 'made-up' } }))).toBeNull();
  });

  test.each([
    ['no file', null],
    ['not JSON', '{'],
    ['logged out (clasp leaves an empty token map)', JSON.stringify({ tokens: {} })],
    ['a token without a refresh token', JSON.stringify({ tokens: { default: { access_token: 'x' } } })],
  ])('%s: says to log in with npx clasp login', (_what, text) => {
    expect(credentialsProblem(text)).toMatch(/npx clasp login\b/);
  });
});

describe('projectProblem (.clasp.json)', () => {
  test('a script id and rootDir build pass (a trailing slash or ./ too)', () => {
    expect(projectProblem(SCRIPT)).toBeNull();
    expect(projectProblem(JSON.stringify({ scriptId: 'x1', rootDir: './build/' }))).toBeNull();
  });

  test.each([
    ['no file', null, /no \.clasp\.json/],
    ['not JSON', 'nope', /not valid JSON/],
    ['the shipped placeholder', JSON.stringify({ scriptId: PLACEHOLDER_SCRIPT_ID, rootDir: 'build' }), /placeholder/],
    ['no script id', JSON.stringify({ rootDir: 'build' }), /none is set/],
  ])('%s: says how to create the project', (_what, text, reason) => {
    const problem = projectProblem(text);
    expect(problem).toMatch(reason);
    expect(problem).toContain('npx clasp create --type standalone --rootDir build');
  });

  test('another rootDir would push the wrong folder', () => {
    expect(projectProblem(JSON.stringify({ scriptId: 'x1', rootDir: 'src' }))).toMatch(/"rootDir": "build"/);
    expect(projectProblem(JSON.stringify({ scriptId: 'x1' }))).toMatch(/"rootDir": "build"/);
  });

  test('the shipped example is the placeholder with rootDir build', () => {
    const example = readFileSync(join(ROOT, '.clasp.json.example'), 'utf8');
    expect(JSON.parse(example)).toEqual({ scriptId: PLACEHOLDER_SCRIPT_ID, rootDir: 'build' });
  });
});

describe('main', () => {
  function dirs(clasprc: string | null, claspJson: string | null): { home: string; root: string } {
    const home = mkdtempSync(join(tmpdir(), 'deploy-home-'));
    const root = mkdtempSync(join(tmpdir(), 'deploy-root-'));
    if (clasprc !== null) writeFileSync(join(home, '.clasprc.json'), clasprc);
    if (claspJson !== null) writeFileSync(join(root, '.clasp.json'), claspJson);
    return { home, root };
  }

  function captured(run: () => number): { status: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    try {
      return { status: run(), out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  test('stops before any command when neither is ready, naming both fixes', () => {
    const r = captured(() => main({ ...dirs(null, null), dryRun: true }));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/npx clasp login/);
    expect(r.err).toMatch(/npx clasp create --type standalone --rootDir build/);
    expect(r.out).toBe('');
  });

  test('stops on the login alone when the project is ready', () => {
    const r = captured(() => main({ ...dirs(JSON.stringify({ tokens: {} }), SCRIPT), dryRun: true }));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/npx clasp login/);
    expect(r.err).not.toMatch(/clasp create/);
  });

  test('when both are ready it checks, builds, then pushes with --force (no manifest prompt)', () => {
    const r = captured(() => main({ ...dirs(LOGGED_IN, SCRIPT), dryRun: true }));
    expect(r.status).toBe(0);
    expect(r.out.split('\n')).toEqual(['$ npm run check', '$ npm run build', '$ npx clasp push --force']);
    expect(DEPLOY_COMMANDS[DEPLOY_COMMANDS.length - 1]).toEqual(['npx', 'clasp', 'push', '--force']);
  });

  test('package.json runs this script for npm run deploy', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.deploy).toBe('tsx scripts/deploy.ts');
  });
});

test('.clasp.json is not tracked and is ignored, so git pull never conflicts with a committee script id', () => {
  const tracked = execFileSync('git', ['ls-files', '.clasp.json'], { cwd: ROOT, encoding: 'utf8' });
  expect(tracked.trim()).toBe('');
  const ignored = execFileSync('git', ['check-ignore', '--no-index', '.clasp.json'], { cwd: ROOT, encoding: 'utf8' });
  expect(ignored.trim()).toBe('.clasp.json');
});
