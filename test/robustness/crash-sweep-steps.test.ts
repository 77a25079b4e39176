// Crash recovery (sweep steps no other matrix kills the sweep in): the daily Form check that puts the Form's settings back, a resolved case's purge day, killed at every side-effecting call in turn; the next sweeps must reach the state of a run that never crashed, no alert lost.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['sweep: the Form\u2019s settings put back', 'sweep: the purge day of a resolved case']);
