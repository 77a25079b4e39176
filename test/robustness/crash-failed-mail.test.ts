// Crash recovery (mail that failed): a follow-up sent again after MailApp refused it, the sweep's "not delivered" Doc line, its Log line of a status email once it went, and its "A purge waits for mail" alert, each killed at every side-effecting call in turn; the repeat and the next sweeps must reach the state of a run that never crashed, no message lost or sent twice.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'follow-up: sent again after MailApp refused it',
  'sweep: noting a letter that was not delivered',
  'sweep: logging a status email once it went',
  'sweep: a purge waits for a held letter',
]);
