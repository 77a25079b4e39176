// Crash recovery (the reporter's decisions): deleting the reporter's details now and waiving the follow-up, each press killed at every side-effecting call in turn; the member's repeat and the next sweeps (alone, for a decision on file) must reach the state of a run that never crashed, invariants after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'reporter: forget, the proposing press',
  'reporter: forget, the confirming press',
  'reporter: forget, the press that mails the confirmation',
  'reporter: forget, the confirming press (Docs deleted)',
  'reporter: waive the follow-up, the proposing press',
  'reporter: waive the follow-up, the confirming press',
]);
