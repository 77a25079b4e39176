// Crash recovery (the sweep's remaining steps, and the Settings edit the sweep now catches up): trigger repair, intake recovery, stalls, the settings check, digests, the roster step, Revoke links, the store audit, person codes, a space renamed in Settings, each killed at every side-effecting call; the next sweeps must reach the state of a run that never crashed, no alert lost. About two minutes in all.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'ADV-617 sweep: the deleted triggers made again',
  'sweep: a report whose submit trigger never fired',
  'sweep: a case nobody can take',
  'sweep: screening reminders to silent members',
  'sweep: a mistake in Settings told',
  'sweep: reminder digests',
  'sweep: the roster step takes in a changed Committee tab',
  'sweep: Revoke links read by the sweep',
  'ADV-618 sweep: the store audit takes back the registry and the Form shared',
  'sweep: person codes for cases opened before pattern awareness',
  'ADV-619 settings: a space renamed while a case names it',
]);
