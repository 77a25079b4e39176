// Installable onEdit trigger of the status spreadsheet: an edit of the owner's Committee tab syncs the roster (sheet access, onboarding, offboarding).
import { syncRoster } from '../flows/roster';
import { Context } from '../workspace/context';
import { withScriptLock } from '../workspace/lock';
import { STATUS_TAB } from '../workspace/schema';

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
  // Members edit the Cases tab all day; only the owner's Committee tab changes who holds access.
  if (tab && tab !== STATUS_TAB.committee) return;
  withScriptLock(() => {
    const ctx = Context.open({ actor: 'roster', startedAt });
    syncRoster(ctx);
    ctx.commit();
    ctx.deliverMail();
  });
}
