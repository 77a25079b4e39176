// Crash recovery (retention): reopening a purged case whose Doc Drive deleted for good, killed at every side-effecting call in turn; the owner's repeat and the next sweeps must reach the state of a run that never crashed, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['retention: reopening a purged case whose Doc Drive deleted']);
