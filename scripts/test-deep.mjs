// npm run test:deep: the long suites (1,000 property runs, crash matrices, scenario plays); explores with a fresh printed seed, except in CI, where the fixed seed keeps the verdict the same on every run.
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.CONDUCT_DESK_PROPERTY_RUNS ??= '1000';
const replaying = Boolean(env.CONDUCT_DESK_PROPERTY_SEED);
const inCi = Boolean(env.CI) && env.CI !== 'false';
if (!replaying && !inCi) env.CONDUCT_DESK_RANDOM_SEEDS ??= '1';
const mode = replaying
  ? `replaying seed ${env.CONDUCT_DESK_PROPERTY_SEED}`
  : env.CONDUCT_DESK_RANDOM_SEEDS === '1'
    ? 'fresh seeds (each suite prints its own)'
    : 'the fixed seed (CI)';
console.log(`test:deep: ${env.CONDUCT_DESK_PROPERTY_RUNS} property runs, ${mode}`);

const jest = process.platform === 'win32' ? 'jest.cmd' : 'jest';
const result = spawnSync(`node_modules/.bin/${jest}`, ['--selectProjects', 'deep', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
