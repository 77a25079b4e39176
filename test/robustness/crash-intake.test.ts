// Crash recovery (intake): each flow is killed at every side-effecting call in turn; the next trigger or a repeat of the action must restore the state of a run that never crashed, with the §7 invariants holding after every step.
import { describeFailures, runCrashMatrix } from '../support/crash-matrix';
import { recordFigure } from '../support/figures';
import { FLOWS } from '../support/flows';

jest.setTimeout(30 * 60 * 1000);

const NAMES = 'intake'.split('|');

describe.each(FLOWS.filter((f) => NAMES.includes(f.name)).map((f) => [f.name, f] as const))('crash matrix: %s', (_, flow) => {
  it('recovers from a crash at every side-effecting call', () => {
    const result = runCrashMatrix(flow);
    recordFigure('crash-matrix', { flow: flow.name, crashPoints: result.points.length, failing: result.points.filter((p) => p.problems.length).length });
    expect(result.sideEffects).toBeGreaterThan(0);
    expect(result.points).toHaveLength(result.sideEffects);
    expect(describeFailures(result)).toBe('');
  });
});
