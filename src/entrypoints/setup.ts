// Owner-only entry points that create, repair and remove the committee's Workspace objects.
import { runSetup, runUninstall, type SetupOutcome } from '../flows/setup';
import { runWaiting } from './runner';

/** Creates or repairs everything (run from the Apps Script editor as the committee account). */
export function setup(): SetupOutcome {
  // Google's consent screen lets each permission be unticked, and the script then runs without it (granular consent):
  // every one is needed, so the editor asks again for any missing and this run ends until all are granted (ADV-642).
  ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
  return runWaiting({ actor: 'owner', mail: false }, (ctx) => runSetup(ctx));
}

/** Removes the triggers, keeps all data. */
export function uninstall(): { lines: string[] } {
  return runWaiting({ actor: 'owner', mail: false }, (ctx) => runUninstall(ctx));
}
