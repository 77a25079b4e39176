// Every test file runs in CI: each belongs to exactly one jest project (the property suites to two, on purpose), and each project is run by a command .ci/run calls.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
/** The npm command of each jest project, and the flag it selects the project with. */
const RUN_BY: Record<string, { script: string; selects: string }> = {
  unit: { script: 'test', selects: '--selectProjects unit integration' },
  integration: { script: 'test', selects: '--selectProjects unit integration' },
  adversarial: { script: 'test:adversarial', selects: '--selectProjects adversarial' },
  deep: { script: 'test:deep', selects: 'scripts/test-deep.mjs' },
  browser: { script: 'test:browser', selects: '--selectProjects browser' },
};

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** The files jest itself lists for a project (its testMatch and ignore patterns, as jest reads them). */
function listed(project: string): string[] {
  const out = spawnSync(join(ROOT, 'node_modules', '.bin', 'jest'), ['--listTests', '--selectProjects', project], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(out.status).toBe(0);
  return out.stdout
    .split('\n')
    .filter((l) => l.endsWith('.test.ts'))
    .map((l) => relative(ROOT, l));
}

test('each test file belongs to exactly one jest project, and CI runs every project', () => {
  const projects = [...readFileSync(join(ROOT, 'jest.config.js'), 'utf8').matchAll(/displayName: '(\w+)'/g)].map(
    (m) => m[1],
  );
  expect([...projects].sort()).toEqual(Object.keys(RUN_BY).sort());
  projects.sort();
  const owners = new Map<string, string[]>();
  for (const project of projects)
    for (const file of listed(project)) owners.set(file, [...(owners.get(file) ?? []), project]);
  const files = testFiles(join(ROOT, 'test')).map((f) => relative(ROOT, f));
  expect(files.length).toBeGreaterThan(200);
  // The property suites alone run twice on purpose: a quick share of their runs in npm test, all of them in test:deep.
  const twice = (f: string) => /\/properties-[^/]*\.test\.ts$/.test(f) && owners.get(f)?.join() === 'deep,integration';
  const strays = files
    .filter((f) => (owners.get(f) ?? []).length !== 1 && !twice(f))
    .map((f) => `${f}: ${owners.get(f)?.join() ?? 'none'}`);
  expect(files.filter(twice)).toHaveLength(4);
  expect(strays).toEqual([]);
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  for (const [project, { script, selects }] of Object.entries(RUN_BY)) {
    expect([project, scripts[script]]).toEqual([project, expect.stringContaining(selects)]);
    expect([project, ci]).toEqual([project, expect.stringMatching(new RegExp(`^npm (run )?${script}\\b`, 'm'))]);
  }
});
