// Crash recovery (access, and the store audit's notice of a registry given away): each flow is killed at every side-effecting call in turn; the next trigger or a repeat of the action must restore the state of a run that never crashed, with the §7 invariants holding after every step.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices([
  'screening: no conflict',
  'screening: conflict',
  'onboarding: a member is added',
  'onboarding: the new member answers',
  'offboarding',
  'audit: the private registry given to a member',
]);
