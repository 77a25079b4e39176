// No source of chance in the tests: the host's clock and random generators appear only where exploration or a rebuild wait needs them (issue 20).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** What a test must never read: the host's clock, its random generators, wall-clock timers. */
const CHANCE =
  /\bMath\.random\(|\bDate\.now\(|\bnew Date\(\s*\)|\brandomBytes\(|\brandomUUID\(|\bperformance\.now\(|\bprocess\.hrtime\b|\bgetRandomValues\(/;

/** The only places allowed to, and why. */
const ALLOWED: Record<string, string> = {
  'test/support/seeds.ts': 'draws an exploration seed when CONDUCT_DESK_RANDOM_SEEDS=1, and prints it',
  'test/build/determinism.test.ts': 'names the patterns it forbids',
};

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(filesUnder(path));
    else if (/\.(ts|mjs|js)$/.test(name)) out.push(path);
  }
  return out;
}

test('tests, the test support, the emulator and the scenario runner read no host clock and no random generator', () => {
  const roots = ['test', 'workbench', 'scripts/scenario'].map((d) => join(ROOT, d));
  const files = roots.flatMap(filesUnder).map((f) => relative(ROOT, f));
  expect(files.length).toBeGreaterThan(50);
  const offenders: string[] = [];
  for (const file of files) {
    if (ALLOWED[file]) continue;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // Comments may talk about the clock; code may not read it.
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        if (CHANCE.test(code)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(offenders).toEqual([]);
});

test('the pattern catches each way of reading chance', () => {
  for (const text of [
    'Math.random()',
    'Date.now()',
    'new Date()',
    'randomBytes(32)',
    'crypto.randomUUID()',
    'performance.now()',
    'process.hrtime.bigint()',
  ]) {
    expect(CHANCE.test(text)).toBe(true);
  }
  for (const text of ["new Date('2026-03-02T09:00:00Z')", 'ws.rt.now()', 'createRandom(7)'])
    expect(CHANCE.test(text)).toBe(false);
});
