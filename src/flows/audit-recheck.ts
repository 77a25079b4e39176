// The case Docs the next access audit checks first, whatever Drive's changes feed lists: a revocation Drive did not confirm (no change to list), a changed Doc the audit could not read, repair or reach.
import type { Context } from '../workspace/context';
import { nonEmptyStrings } from '../core/text';
import type { Case } from '../records/cases';
import { dropProp, readProp, writeProp } from '../workspace/script-properties';

/** Script Property: JSON array of case ids whose Doc the next audit checks before the changes feed's. */
export const RECHECK_PROP = 'auditRecheck';
/** Script Property holding the id of the next case to audit (the audit resumes there). */
export const AUDIT_CURSOR_PROP = 'auditCursor';
/** Script Property: ISO instant the last full pass over every case Doc ended. */
export const AUDIT_PASS_PROP = 'auditPassDoneAt';
/**
 * A case Doc no read has found for this long is taken for gone (Drive answers an outage as it answers a deletion): an
 * open case's is replaced (audit.ts), a purge stops trying to move it (retention.ts).
 */
export const LOST_DOC_AFTER_MS = 7 * 24 * 3600 * 1000;

/** Whether the case's Doc is taken for gone: Drive's changes feed listed it removed, or no read found it for a week. */
export function isDocGone(kase: Case, now: number): boolean {
  const since = Date.parse(String(kase.flags.docMissingSince ?? ''));
  return Boolean(kase.flags.docRemoved) || now - since >= LOST_DOC_AFTER_MS;
}
/** Case ids a property holds comfortably (a value holds 9 KB); beyond it a new full pass checks every Doc. */
const MAX_RECHECK = 200;

/**
 * The list's entries: case ids, each with `!` before it once its Doc's read failed in an audit (FAILED_READ). Why a case is
 * on the list (a revocation unconfirmed, a Doc log that failed) is no read of the Doc: its first failed read keeps it on.
 */
export function readRecheck(ctx: Context): string[] {
  try {
    const ids: unknown = JSON.parse(readProp(ctx, RECHECK_PROP) ?? '[]');
    return nonEmptyStrings(ids);
  } catch {
    return [];
  }
}

/** Marks an entry whose Doc's read failed: a second failure in a row leaves it to the weekly pass (ADV-623). */
export const FAILED_READ = '!';

/** The case id of a list entry. */
export function caseOfEntry(entry: string): string {
  return entry.replace(FAILED_READ, '');
}

/**
 * Saves the list (none: deleted), one entry a case, the last given winning. Too many to hold: a new full pass starts at
 * once, and it checks them all.
 */
export function saveRecheck(ctx: Context, entries: readonly string[]): void {
  const unique = [...new Map(entries.map((entry) => [caseOfEntry(entry), entry])).values()];
  if (unique.join() === readRecheck(ctx).join()) return;
  if (!unique.length) dropProp(ctx, RECHECK_PROP);
  else if (unique.length <= MAX_RECHECK) writeProp(ctx, RECHECK_PROP, JSON.stringify(unique));
  else for (const prop of [RECHECK_PROP, AUDIT_CURSOR_PROP, AUDIT_PASS_PROP]) dropProp(ctx, prop);
}

/** Asks the next audit to check this case's Doc (a revocation Drive did not confirm: the changes feed may not list it). */
export function recheckCaseDoc(ctx: Context, caseId: string): void {
  saveRecheck(ctx, [...readRecheck(ctx), caseId]);
}
