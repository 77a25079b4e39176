// Property runs (access): Screening, conflicts, roster changes, onboarding, mail scanners, Doc edits by members with and without access, replies to the committee's emails and the case page's other actions, and people changing a case Doc's sharing in Drive; the §7 invariants must hold after every step.
import fc from 'fast-check';
import { assertInvariantsOverHistories, historyArb, stepArbs } from '../support/property-model';

jest.setTimeout(60 * 60 * 1000);

const SHARE = 0.25;
const steps = fc.oneof(
  { weight: 3, arbitrary: stepArbs.report },
  { weight: 5, arbitrary: stepArbs.respond },
  { weight: 1, arbitrary: stepArbs.casePageConflict },
  { weight: 2, arbitrary: stepArbs.roster },
  { weight: 1, arbitrary: stepArbs.addMember },
  { weight: 2, arbitrary: stepArbs.scan },
  { weight: 2, arbitrary: stepArbs.writeDoc },
  { weight: 1, arbitrary: stepArbs.busy },
  { weight: 2, arbitrary: stepArbs.advance },
  { weight: 1, arbitrary: stepArbs.week },
  { weight: 1, arbitrary: stepArbs.reply },
  { weight: 1, arbitrary: stepArbs.caseOp },
  { weight: 4, arbitrary: stepArbs.drift },
);

it('holds the §7 invariants after every step of random histories', () => {
  assertInvariantsOverHistories('access', SHARE, historyArb(steps, { minSteps: 2, maxSteps: 7 }));
});
