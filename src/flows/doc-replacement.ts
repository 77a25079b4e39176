// A case whose Doc Drive no longer holds gets a new one, recorded, shared silently with the members the case cleared and announced to them, crash-safe (retention's reopening, the access audit).
import type { Context } from '../workspace/context';
import type { ReportEntry } from '../workspace/docs';
import { casesOf, type Case } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import { datedLine } from '../records/doc-log';
import { makeCaseDoc, tellCaseMembers } from './case-state';
import { completeShare, grantedAccess } from './screening';
import { memberById, timeZoneOf } from '../workspace/committee';
import { readNow } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { commitWork } from '../workspace/unit-of-work';

export interface DocReplacement {
  /** What the new Doc holds above its log, and its first log line. */
  entries: readonly ReportEntry[];
  logLine: string;
  /**
   * A Doc of the case's title made since then (ms) is the one a dead run made: found again, not made twice. It must be
   * a time recorded before the first attempt (code names are unique, so nothing else carries the title).
   */
  findSince: number;
  /** The case flags that said the Doc was gone: removed in the commit that records the new Doc. */
  clearFlags: ReadonlyArray<
    'docDeleted' | 'docMissingSince' | 'docRemoved' | 'docArchived' | 'docInSharedDrive' | 'docGoneTold'
  >;
  /** The members' alert: its title and lines (a case's code name is added by the alert). */
  alertTitle: string;
  alertLines: readonly string[];
  /** The Audit tab's line, in the same commit. */
  event: string;
  detail: string;
}

const REPLACED_DOC_SHARE_NOTE = 'the case document was replaced';

/**
 * Makes the case's new Doc and records it. The shares owed, the members' alert and the Audit line are recorded with
 * the new Doc's id in one commit: a run that dies before sharing leaves the shares pending, for a repeat
 * (`shareReplacedDoc`) or the sweep (completePendingShares). Returns the new Doc's id.
 */
export function replaceCaseDoc(ctx: Context, kase: Case, how: DocReplacement): string {
  const docId = makeCaseDoc(
    ctx,
    kase.codeName,
    how.entries,
    [datedLine(readNow(ctx), how.logLine, timeZoneOf(ctx))],
    how.findSince,
  );
  const cases = casesOf(ctx);
  cases.replaceDoc(kase, docId);
  for (const flag of how.clearFlags) delete kase.flags[flag];
  delete kase.flags.docQuotaBack;
  cases.save(kase);
  const clearances = oweShares(ctx, kase);
  // Told once why there is a new document (not thanked again for an answer given long ago: no access email).
  tellCaseMembers(ctx, kase, clearances, 'alert', `doc-replaced:${docId}`, how.alertTitle, how.alertLines);
  recordAudit(ctx, how.event, kase.id, how.detail);
  commitWork(ctx);
  shareReplacedDoc(ctx, kase);
  return docId;
}

/** Marks the shares of the active members the case cleared as owed (pending) on its Doc, for `shareReplacedDoc`. */
export function oweShares(ctx: Context, kase: Case): ReturnType<typeof clearancesOf> {
  const clearances = clearancesOf(ctx);
  for (const record of clearances.forCase(kase.id)) {
    const member = memberById(ctx, record.memberId);
    if (member?.active && grantedAccess(record)) clearances.setShare(record, 'pending', REPLACED_DOC_SHARE_NOTE);
  }
  return clearances;
}

/** Shares the replaced Doc with the members `replaceCaseDoc` marked (the rest of a run that died sharing). */
export function shareReplacedDoc(ctx: Context, kase: Case): void {
  const clearances = clearancesOf(ctx);
  for (const record of clearances.forCase(kase.id)) {
    if (record.share !== 'pending' || record.note !== REPLACED_DOC_SHARE_NOTE) continue;
    const member = memberById(ctx, record.memberId);
    if (member?.active) completeShare(ctx, kase, member, record, { accessEmail: false });
  }
}
