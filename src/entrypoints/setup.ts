// Owner-only entry points that create, repair and remove the committee's Workspace objects.
import { runSetup, runUninstall, type SetupOutcome } from '../flows/setup';
import { Context } from '../workspace/context';
import { withScriptLock } from '../workspace/lock';

/** Creates or repairs everything (run from the Apps Script editor as the committee account). */
export function setup(): SetupOutcome {
  return withScriptLock(() => runSetup(Context.open({ actor: 'owner' })));
}

/** Removes the triggers, keeps all data. */
export function uninstall(): { lines: string[] } {
  return withScriptLock(() => runUninstall(Context.open({ actor: 'owner' })));
}
