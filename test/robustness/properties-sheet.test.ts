// Property runs (sheet): Human edits of the status sheet (sort, insert, delete, rename a header, Status and Resolution) interleaved with the flows and the sweep; the §7 invariants must hold after every step.
import fc from 'fast-check';
import { assertInvariantsOverHistories, historyArb, stepArbs } from '../support/property-model';

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
  assertInvariantsOverHistories('sheet', SHARE, historyArb(steps, { minSteps: 2, maxSteps: 7 }));
});
