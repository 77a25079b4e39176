// Crash recovery (the sweep's remaining steps): trigger repair, intake recovery, stalls, the settings check, digests, the roster step and Revoke links, each killed at every side-effecting call of the sweep; the next sweeps must reach the state of a run that never crashed, no alert lost.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'ADV-XG2 sweep: the deleted triggers made again',
  'sweep: a report whose submit trigger never fired',
  'sweep: a case nobody can take',
  'sweep: screening reminders to silent members',
  'sweep: a mistake in Settings told',
  'sweep: reminder digests',
  'sweep: the roster step takes in a changed Committee tab',
  'sweep: Revoke links read by the sweep',
  'ADV-XG3 sweep: the store audit takes back the registry and the Form shared',
  'sweep: person codes for cases opened before pattern awareness',
  'ADV-XG4 settings: a space renamed while a case names it',
]);
