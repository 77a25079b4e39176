// Crash recovery (the status sheet): a reopening put back in its Status cell and confirmed on the case page, and pastes over several cases (Ongoing over closed ones, Closed over open ones) told in one alert, each run killed at every side-effecting call in turn; the person's repeat and the next sweeps must reach the state of a run that never crashed.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'status: a reopening put back in the cell',
  'status: a reopening confirmed on the case page',
  'status: a paste over cases closed by votes',
  'status: a paste of Closed over open cases',
]);
