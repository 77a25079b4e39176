// Property runs (deliberation): the whole procedure driven forward with random choices (who clears, what is written, how people vote, what moderators answer), random steps slipped in between, faults and time zones; the §7 invariants must hold after every step.
import fc from 'fast-check';
import { recordFigure } from '../support/figures';
import { playHistory, procedureArb, propertyParameters } from '../support/property-model';

jest.setTimeout(60 * 60 * 1000);

const SHARE = 0.15;

it('holds the §7 invariants after every step of the procedure played with random choices', () => {
  const params = propertyParameters(SHARE);
  let runs = 0;
  let stepsPlayed = 0;
  fc.assert(
    fc.property(procedureArb, (history) => {
      const outcome = playHistory(history);
      runs++;
      stepsPlayed += outcome.played;
      const problems = [...outcome.violations, ...outcome.checks];
      if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}`);
    }),
    params,
  );
  recordFigure('properties', { file: 'deliberation', runs, steps: stepsPlayed });
  expect(runs).toBe(params.numRuns);
});
