// Crash recovery (changing the Code of Conduct): proposing, the sweep that opens the vote, and the deciding ballot that sends the text to the board, each killed at every side-effecting call in turn; a repeat or the next sweep must restore the state of a run that never crashed, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'policy change: proposing',
  'policy change: the vote opens',
  'policy change: the deciding ballot',
]);
