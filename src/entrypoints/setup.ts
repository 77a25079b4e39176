// Owner-only entry points that create, repair and remove the committee's Workspace objects.
import { runSetup, runUninstall, type SetupOutcome } from '../flows/setup';
import { runWaiting } from './runner';

/** Creates or repairs everything (run from the Apps Script editor as the committee account). */
export function setup(): SetupOutcome {
  return runWaiting({ actor: 'owner', mail: false }, (ctx) => runSetup(ctx));
}

/** Removes the triggers, keeps all data. */
export function uninstall(): { lines: string[] } {
  return runWaiting({ actor: 'owner', mail: false }, (ctx) => runUninstall(ctx));
}
