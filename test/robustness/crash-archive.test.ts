// Crash recovery (the archive): the weekly sweep that moves a closed case's rows to the year's archive, killed at every side-effecting call in turn; the next sweeps must reach the state of a run that never crashed, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['archive: a closed case leaves the registry']);
