// Installable onEdit trigger of the status spreadsheet: the owner's Committee edits sync the roster; Settings edits update the Form's places; a Status edit in Cases closes or reopens a case only for an editor allowed to (else it is a proposal).
import { applySettingsEdit } from '../flows/settings-edit';
import { syncRoster } from '../flows/roster';
import { actOnStatusEdit, type EditedArea } from '../flows/status-edits';
import { STATUS_TAB } from '../workspace/schema';
import { TRIGGER_LOCK_WAIT_MS } from '../workspace/lock';
import { locateColumns } from '../workspace/table';
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

/**
 * The edited area when it reaches the `Status` column, else null (members edit Cases all day: those edits need no
 * execution). When the sheet cannot be read the area is returned: the flow checks the column again.
 */
function statusEditArea(event: unknown): EditedArea | null {
  const range = (event as { range?: GoogleAppsScript.Spreadsheet.Range } | null)?.range;
  if (!range) return null;
  const area = {
    row: range.getRow(),
    numRows: range.getNumRows(),
    column: range.getColumn(),
    numColumns: range.getNumColumns(),
  };
  try {
    const sheet = range.getSheet();
    // Headers found as the tables find them (trimmed, any case): a header retyped `Status ` is still the column.
    const width = sheet.getLastColumn() || 1;
    const cols = locateColumns(sheet.getRange(1, 1, 1, width).getValues()[0], ['Status', 'Code Name']);
    const column = (cols.get('Status') ?? -1) + 1;
    if (column < area.column || column >= area.column + area.numColumns) return null;
    // Read now, before the lock wait: rows moved meanwhile must not carry this editor's edit to another case, nor a
    // Status typed meanwhile by someone else be taken for theirs. A one-cell edit's own value is what they typed.
    const key = cols.get('Code Name') ?? -1;
    if (key < 0) return area;
    const rows = sheet.getRange(area.row, 1, area.numRows, width).getValues();
    const value = (event as { value?: unknown }).value;
    return {
      ...area,
      names: rows.map((r) => String(r[key] ?? '')),
      statuses: rows.map((r) => String(value ?? r[column - 1] ?? '').trim()),
    };
  } catch {
    return area;
  }
}

/**
 * Who edited, as Google tells it: the event's `user` is "a User object, representing the active user, if available
 * (depending on a complex set of security restrictions)"; its address is blank when Google hides it, which on
 * consumer accounts is the rule for anyone but the trigger's owner
 * (https://developers.google.com/apps-script/guides/triggers/events,
 * https://developers.google.com/apps-script/reference/base/session#getActiveUser()). A blank matches nobody.
 */
function editorOf(event: unknown): string {
  const user = (event as { user?: { getEmail?: () => unknown } } | null)?.user;
  try {
    return user && typeof user.getEmail === 'function' ? String(user.getEmail() ?? '').trim() : '';
  } catch {
    return '';
  }
}

export function onStatusEdit_(event: unknown): void {
  const startedAt = Date.now();
  const tab = editedTab(event);
  // Members edit the Cases tab all day and nothing needs doing then; only the owner's tabs change behaviour.
  if (tab === STATUS_TAB.settings) {
    runWaiting({ actor: 'settings', startedAt, waitMs: TRIGGER_LOCK_WAIT_MS, mail: { ifQueued: true } }, (ctx) =>
      applySettingsEdit(ctx),
    );
    return;
  }
  if (tab === STATUS_TAB.cases) {
    // Only an edit that reaches the Status column can ask for a change of state; the flow checks the column.
    const area = statusEditArea(event);
    if (!area) return;
    const editor = editorOf(event);
    runWaiting({ actor: 'sheet', startedAt, waitMs: TRIGGER_LOCK_WAIT_MS, mail: { ifQueued: true } }, (ctx) =>
      actOnStatusEdit(ctx, area, editor),
    );
    return;
  }
  if (tab && tab !== STATUS_TAB.committee) return;
  // The owner's edit runs as the owner: it may restore a deleted trigger (at most once an hour).
  runWaiting({ actor: 'roster', startedAt, waitMs: TRIGGER_LOCK_WAIT_MS, checkTriggers: true, mail: {} }, (ctx) =>
    syncRoster(ctx),
  );
}
