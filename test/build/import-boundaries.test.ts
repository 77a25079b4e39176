// The layers' import boundaries are lint rules (eslint.config.mjs): each boundary refuses a crossing import and allows the imports its layer is meant to make.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

/**
 * The import-boundary messages ESLint gives each snippet as if it were the file at its path. ESLint loads its
 * config with a dynamic import, which jest's module sandbox refuses, so the linting runs in a child Node.
 */
function boundaryErrors(snippets: Array<{ filePath: string; code: string }>): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const snippets = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const s of snippets) {
        const [result] = await eslint.lintText(s.code, { filePath: s.filePath });
        out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(snippets)], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const CASES: Array<[file: string, from: string, allowed: boolean]> = [
  ['src/core/example.ts', '../workspace/context', false],
  ['src/core/example.ts', '../flows/sweep', false],
  ['src/core/example.ts', '../records/cases', false],
  ['src/core/example.ts', './text', true],
  ['src/workspace/example.ts', '../flows/sweep', false],
  ['src/workspace/example.ts', '../entrypoints/runner', false],
  ['src/workspace/example.ts', '../records/cases', false],
  ['src/workspace/example.ts', '../core/text', true],
  ['src/records/example.ts', '../flows/sweep', false],
  ['src/records/example.ts', '../workspace/table', true],
  ['src/flows/example.ts', '../entrypoints/runner', false],
  ['src/flows/example.ts', '../workspace/context', true],
  ['src/entrypoints/example.ts', '../flows/sweep', true],
  ['src/flows/example.ts', '../../test/support/rehearsal', false],
  ['src/flows/example.ts', '../../scripts/scenario/player', false],
  ['src/flows/example.ts', '../../workbench', false],
  ['src/core/example.ts', 'node:fs', false],
  // The workbench: its index for tests and scripts, its files only for its own conformance tests, and never the reverse.
  ['test/integration/example.ts', '../../workbench', true],
  ['test/integration/example.ts', '../../workbench/emulator/workspace', false],
  ['test/support/example.ts', '../../workbench/people/person', false],
  ['test/scripts/example.test.ts', '../../scripts/scenario/player', true],
  ['test/workbench/emulator/example.test.ts', '../../../workbench/emulator/runtime', true],
  ['test/workbench/people/example.test.ts', '../../../workbench/people/links', true],
  ['scripts/bench/example.ts', '../../workbench', true],
  ['scripts/bench/example.ts', '../../workbench/emulator/runtime', false],
  ['scripts/example.ts', '../workbench/people/html-forms', false],
  ['scripts/scenario/example.ts', '../../test/support/rehearsal', false],
  ['workbench/emulator/example.ts', './runtime', true],
  ['workbench/people/example.ts', '../emulator/contracts', true],
  ['workbench/emulator/example.ts', '../../test/support/rehearsal', false],
  ['workbench/people/example.ts', '../../scripts/scenario/player', false],
];

describe('import boundaries', () => {
  const results = new Map<string, string[]>();
  beforeAll(() => {
    const snippets = CASES.map(([filePath, from]) => ({
      filePath,
      code: `import { x } from '${from}';\nexport const y = x;\n`,
    }));
    boundaryErrors(snippets).forEach((errors, i) => results.set(`${CASES[i][0]}|${CASES[i][1]}`, errors));
  });

  test.each(CASES)('%s importing %s: allowed %s', (file, from, allowed) => {
    const errors = results.get(`${file}|${from}`);
    if (allowed) expect(errors).toEqual([]);
    else expect(errors).toEqual([expect.stringContaining('restricted')]);
  });
});
