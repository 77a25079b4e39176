// Crash recovery (the escalation two members decide): the confirming press killed at every side-effecting call in turn; the member's repeat and the next sweeps must reach the state of a run that never crashed, the contact told at most once, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['escalation: the confirming press']);
