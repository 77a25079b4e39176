// Property runs (intake): Reports of every shape: hostile text, names, addresses, blank and duplicate deliveries, busy locks, time zones and DST, seeded transient faults; the §7 invariants must hold after every step.
import fc from 'fast-check';
import { assertInvariantsOverHistories, historyArb, stepArbs } from '../support/property-model';

jest.setTimeout(60 * 60 * 1000);

const SHARE = 0.35;
const steps = fc.oneof(
  { weight: 6, arbitrary: stepArbs.report },
  { weight: 1, arbitrary: stepArbs.blank },
  { weight: 1, arbitrary: stepArbs.busy },
  { weight: 2, arbitrary: stepArbs.advance },
  { weight: 1, arbitrary: stepArbs.week },
  { weight: 1, arbitrary: stepArbs.sheet },
);

it('holds the §7 invariants after every step of random histories', () => {
  assertInvariantsOverHistories('intake', SHARE, historyArb(steps, { maxSteps: 4 }));
});
