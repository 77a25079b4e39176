// Jest setup for every project: fast-check draws from one fixed seed unless a replay or exploration is asked for, so the same tree gives the same verdict on every run.
import fc from 'fast-check';

/** The seed every property in `npm test` (and CI's `npm run test:deep`) uses. Changing it is a deliberate act. */
export const FIXED_SEED = 20261202;

/**
 * `CONDUCT_DESK_PROPERTY_SEED=n` replays seed n; `CONDUCT_DESK_RANDOM_SEEDS=1` explores with a fresh seed, printed
 * so a failure can be replayed. Anything else (npm test, CI) is the fixed seed.
 */
export function chooseSeed(env: NodeJS.ProcessEnv): { seed: number; how: 'fixed' | 'asked' | 'random' } {
  const asked = env.CONDUCT_DESK_PROPERTY_SEED;
  if (asked !== undefined && asked.trim() !== '' && Number.isInteger(Number(asked)))
    return { seed: Number(asked), how: 'asked' };
  // Exploration is the one place chance is wanted, and the seed is printed.
  if (env.CONDUCT_DESK_RANDOM_SEEDS === '1')
    return { seed: (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0, how: 'random' };
  return { seed: FIXED_SEED, how: 'fixed' };
}

const { seed, how } = chooseSeed(process.env);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
if (how !== 'fixed') {
  const file = expect.getState().testPath ?? '';
  process.stdout.write(
    `fast-check seed ${seed} (${how}) for ${file.replace(/^.*\/test\//, 'test/')}; replay with CONDUCT_DESK_PROPERTY_SEED=${seed}\n`,
  );
}
