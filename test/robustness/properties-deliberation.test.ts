// Property runs (deliberation): the whole procedure driven forward with random choices (who clears, what is written, how people vote, what moderators answer), random steps slipped in between, faults and time zones; the §7 invariants must hold after every step.
import { assertInvariantsOverHistories, procedureArb } from '../support/property-model';

jest.setTimeout(60 * 60 * 1000);

const SHARE = 0.15;

it('holds the §7 invariants after every step of the procedure played with random choices', () => {
  assertInvariantsOverHistories('deliberation', SHARE, procedureArb);
});
