// Crash recovery (decisions and rounds): a closing vote's deciding ballot, opening a further-response round and the round's revised letter, each killed at every side-effecting call in turn; a repeat or the next sweep must restore the state of a run that never crashed, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'closing vote: the deciding ballot',
  'round: opening a further response',
  'round: the revised letter',
]);
