// Crash recovery (calling a meeting): killed at every side-effecting call in turn (the event created, tagged, hidden; the case saved; each guest added and mailed), a repeat of the request or the next sweep must restore the state of a run that never crashed, invariants after every step, and the calendar must hold one event with the cleared members only.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['meeting: calling one']);
