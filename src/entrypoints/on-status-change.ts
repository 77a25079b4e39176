// Installable onChange trigger of the status spreadsheet: a deleted row, column or tab, which no onEdit trigger hears, acts at once as the owner's edit would: the roster is synced (a member whose row is deleted loses their access then, not at the next sweep) and the Form's places follow Settings.
import { syncRoster } from '../flows/roster';
import { applySettingsEdit } from '../flows/settings-edit';
import { TRIGGER_LOCK_WAIT_MS } from '../workspace/lock';
import { runWaiting } from './runner';

/**
 * The changes of structure that may take a member off `Committee` or a place off `Settings`. The event names no tab or
 * row ("changeType: The type of change (EDIT, INSERT_ROW, INSERT_COLUMN, REMOVE_ROW, REMOVE_COLUMN, INSERT_GRID,
 * REMOVE_GRID, FORMAT, or OTHER)", developers.google.com/apps-script/guides/triggers/events), so any of them does what
 * an edit of `Committee` and of `Settings` would (both idempotent). EDIT is the onEdit trigger's (it fires for every
 * edit here too), and an inserted row or column, or a format, takes nothing off.
 */
const STRUCTURAL = new Set(['REMOVE_ROW', 'REMOVE_COLUMN', 'REMOVE_GRID', 'OTHER']);

export function onStatusChange_(event: unknown): void {
  const startedAt = Date.now();
  const changeType = String((event as { changeType?: unknown } | null)?.changeType ?? '');
  // Members edit the Cases tab all day and each edit also reaches here: those return before any service call.
  if (!STRUCTURAL.has(changeType)) return;
  // Run as the owner, like their Committee edits: it may restore a deleted trigger (at most once an hour).
  runWaiting({ actor: 'roster', startedAt, waitMs: TRIGGER_LOCK_WAIT_MS, checkTriggers: true, mail: {} }, (ctx) => {
    syncRoster(ctx);
    applySettingsEdit(ctx);
  });
}
