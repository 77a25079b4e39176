import fc from 'fast-check';
import { historyArb, playHistory, stepArbs } from './property-model';
jest.setTimeout(600000);
it('prof', () => {
  const steps = fc.oneof(stepArbs.report, stepArbs.advance, stepArbs.respond, stepArbs.week);
  const t = Date.now();
  fc.assert(fc.property(historyArb(steps, { maxSteps: 4 }), (h) => { playHistory(h); }), { numRuns: 25, seed: 42 });
  console.log('25 runs', Date.now() - t);
});
