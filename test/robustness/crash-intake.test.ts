// Crash recovery (intake): each flow is killed at every side-effecting call in turn; the next trigger or a repeat of the action must restore the state of a run that never crashed, with the §7 invariants holding after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['intake', 'intake: a member records a report']);
