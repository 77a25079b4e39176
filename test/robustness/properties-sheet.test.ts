// Property runs (sheet): Human edits of the status sheet (sort, insert, delete, rename a header, Status and Resolution) interleaved with the flows and the sweep; the §7 invariants must hold after every step.
import fc from 'fast-check';
import { recordFigure } from '../support/figures';
import { historyArb, playHistory, propertyParameters, stepArbs } from '../support/property-model';

jest.setTimeout(60 * 60 * 1000);

const SHARE = 0.25;
const steps = fc.oneof(
  { weight: 3, arbitrary: stepArbs.report },
  { weight: 2, arbitrary: stepArbs.respond },
  { weight: 6, arbitrary: stepArbs.sheet },
  { weight: 1, arbitrary: stepArbs.roster },
  { weight: 3, arbitrary: stepArbs.advance },
  { weight: 1, arbitrary: stepArbs.week },
);

it('holds the §7 invariants after every step of random histories', () => {
  const params = propertyParameters(SHARE);
  let runs = 0;
  let stepsPlayed = 0;
  fc.assert(
    fc.property(historyArb(steps, { minSteps: 2, maxSteps: 7 }), (history) => {
      const outcome = playHistory(history);
      runs++;
      stepsPlayed += outcome.played;
      const problems = [...outcome.violations, ...outcome.checks];
      if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}`);
    }),
    params,
  );
  recordFigure('properties', { file: 'sheet', runs, steps: stepsPlayed });
  expect(runs).toBe(params.numRuns);
});
