// `npm run deploy`: checks clasp's login and the script id first and says what to do, then checks the code, builds, and pushes build/ without clasp's manifest prompt.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** What the script id in the shipped example is: a placeholder, never a real project. */
export const PLACEHOLDER_SCRIPT_ID = 'REPLACE_WITH_YOUR_SCRIPT_ID';

const LOGIN = [
  'clasp is not logged in. Log in as the committee account (docs/deployment.md step 2):',
  '  npx clasp login            (or, on a computer without a browser: npx clasp login --no-localhost)',
].join('\n');

const CREATE = [
  'Create the standalone script project as the committee account (docs/deployment.md step 3):',
  '  npx clasp create --type standalone --rootDir build --title "Conduct Desk"',
  'or create it at https://script.google.com and write its Script ID into .clasp.json',
  '(copy .clasp.json.example to .clasp.json and replace the placeholder).',
].join('\n');

/**
 * What is wrong with clasp's credentials file (~/.clasprc.json), or null when it holds a login clasp can use: a
 * `tokens.default` entry with a refresh token (clasp 3), or the token of an older clasp (which clasp 3 still reads).
 * Only the presence of the fields is checked: nothing here reaches Google.
 */
export function credentialsProblem(text: string | null): string | null {
  if (text === null) return LOGIN;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `~/.clasprc.json is not valid JSON.\n${LOGIN}`;
  }
  const store = (parsed ?? {}) as {
    tokens?: Record<string, { refresh_token?: unknown } | undefined>;
    token?: { refresh_token?: unknown };
    refresh_token?: unknown;
  };
  const hasRefresh = (t: { refresh_token?: unknown } | undefined) =>
    typeof t?.refresh_token === 'string' && t.refresh_token !== '';
  if (hasRefresh(store.tokens?.default) || hasRefresh(store.token) || hasRefresh(store)) return null;
  return `~/.clasprc.json holds no login (it is left like this by npx clasp logout).\n${LOGIN}`;
}

/**
 * What is wrong with the project's `.clasp.json`, or null when it names a script and pushes build/ (where
 * `npm run build` writes the bundle, the manifest and the pages).
 */
export function projectProblem(text: string | null): string | null {
  if (text === null) return `There is no .clasp.json, so clasp does not know which script to update.\n${CREATE}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `.clasp.json is not valid JSON.\n${CREATE}`;
  }
  const config = (parsed ?? {}) as { scriptId?: unknown; rootDir?: unknown };
  const scriptId = typeof config.scriptId === 'string' ? config.scriptId.trim() : '';
  if (!scriptId || scriptId === PLACEHOLDER_SCRIPT_ID)
    return `.clasp.json has no script id (${scriptId ? 'it still holds the placeholder' : 'none is set'}).\n${CREATE}`;
  const rootDir = typeof config.rootDir === 'string' ? config.rootDir.replace(/^\.\//, '').replace(/\/+$/, '') : '';
  if (rootDir !== 'build')
    return `.clasp.json must say "rootDir": "build" (it says ${JSON.stringify(config.rootDir ?? null)}): clasp would push the wrong folder.`;
  return null;
}

/** The commands run once the checks pass, in order: check everything, build, push without the manifest prompt. */
export const DEPLOY_COMMANDS: readonly (readonly string[])[] = [
  ['npm', 'run', 'check'],
  ['npm', 'run', 'build'],
  // --force: clasp otherwise asks "Manifest file has been updated. Do you want to push and overwrite?", which stalls a
  // shell with no one to answer; the manifest in build/ is the repository's appsscript.json, which is meant to win.
  ['npx', 'clasp', 'push', '--force'],
];

function readOrNull(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Checks first, then runs each command; returns the exit status. */
export function main(options: { home?: string; root?: string; dryRun?: boolean } = {}): number {
  const home = options.home ?? homedir();
  const root = options.root ?? ROOT;
  const problems = [
    credentialsProblem(readOrNull(join(home, '.clasprc.json'))),
    projectProblem(readOrNull(join(root, '.clasp.json'))),
  ].filter((p): p is string => p !== null);
  if (problems.length) {
    console.error(`npm run deploy stopped before doing anything:\n\n${problems.join('\n\n')}`);
    return 1;
  }
  for (const command of DEPLOY_COMMANDS) {
    console.log(`$ ${command.join(' ')}`);
    if (options.dryRun) continue;
    const result = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`npm run deploy stopped: "${command.join(' ')}" failed. Nothing after it ran.`);
      return result.status ?? 1;
    }
  }
  if (!options.dryRun)
    console.log(
      'Pushed. Now update the web app deployment (docs/deployment.md step 5), run setup, then selfTest (step 9).',
    );
  return 0;
}

if (require.main === module) process.exitCode = main({ dryRun: process.argv.includes('--dry-run') });
