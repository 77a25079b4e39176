// Crash recovery (access audit): replacing an open case's Doc deleted for good, killed at every side-effecting call in turn; the next sweeps must reach the state of a run that never crashed, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['audit: replacing a case Doc deleted for good']);
