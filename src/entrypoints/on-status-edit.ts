// Installable onEdit trigger of the status spreadsheet: the owner's Committee edits sync the roster; Settings edits update the Form's places.
import { applySettingsEdit } from '../flows/settings-edit';
import { syncRoster } from '../flows/roster';
import { STATUS_TAB } from '../workspace/schema';
import { runWaiting } from './runner';

/** The edited tab's name, or '' when the event does not say (then the roster is synced anyway: it is idempotent). */
function editedTab(event: unknown): string {
  const range = (event as { range?: { getSheet?: () => { getName(): string } } } | null)?.range;
  try {
    return range?.getSheet ? String(range.getSheet().getName()) : '';
  } catch {
    return '';
  }
}

export function onStatusEdit_(event: unknown): void {
  const startedAt = Date.now();
  const tab = editedTab(event);
  // Members edit the Cases tab all day and nothing needs doing then; only the owner's tabs change behaviour.
  if (tab === STATUS_TAB.settings) {
    runWaiting({ actor: 'settings', startedAt, mail: { ifQueued: true } }, (ctx) => applySettingsEdit(ctx));
    return;
  }
  if (tab && tab !== STATUS_TAB.committee) return;
  // The owner's edit runs as the owner: it may restore a deleted trigger (at most once an hour).
  runWaiting({ actor: 'roster', startedAt, checkTriggers: true, mail: {} }, (ctx) => syncRoster(ctx));
}
