// The access audit: every case Doc PRIVATE, in the private folder only, editors exactly the owner and the cleared active members; the other stores checked at the start of each pass (store-audit.ts); drift is repaired and reported. Every sweep checks the files Drive's changes feed lists; the full pass, batched and resumable, is the weekly backstop.
import { dayIn, formatForSheet, isoOf, isDate } from '../core/deadlines';
import type { Context } from '../workspace/context';
import type { ReportEntry } from '../workspace/docs';
import { errorMessage, rethrowUnpermitted, auditError } from '../workspace/errors';
import { PROP } from '../workspace/schema';
import { effectiveUserEmail } from '../workspace/session';
import { ensurePrivate, grantEditorSilently, isShareRefused, revokeAccess } from '../workspace/sharing';
import {
  inspectFile,
  listFolderAccess,
  makeFolderPrivate,
  type FileInspection,
  moveIntoFolder,
  readChangedFiles,
  readChangesStartToken,
  renameFile,
  restoreFromTrash,
  stopPublishing,
  withdrawOffer,
  type ChangedFiles,
} from '../workspace/drive-audit';
import { canonicalAddress } from '../core/identity';
import { joinNames } from '../core/messages';
import { normalizeEmail } from '../core/text';
import { casesOf, isClosed, trashedByRetention, type Case } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import { committeeTime, logInDocOrAudit, waitForDocsQuota } from './case-state';
import { replaceCaseDoc } from './doc-replacement';
import { syncAllMeetingGuests } from './meetings';
import {
  completePendingShares,
  conflictLost,
  leaveSharePending,
  noteShareAllowed,
  noteShareRefused,
  shareRefusedToday,
} from './screening';
import { auditStores, DRIFT_WORDS, IN_SHARED_DRIVE, STORE_INTENT, type StoreDrift } from './store-audit';
import {
  AUDIT_CURSOR_PROP,
  AUDIT_PASS_PROP,
  isDocGone,
  readRecheck,
  recheckCaseDoc,
  saveRecheck,
  FAILED_READ,
  caseOfEntry,
} from './audit-recheck';
import { memberById, timeZoneOf, activeMembers } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNow, readNowIso, outOfTime } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, readProp, writeProp, requireProp, propMap } from '../workspace/script-properties';
import { recordIntent } from '../workspace/unit-of-work';

export { AUDIT_CURSOR_PROP, AUDIT_PASS_PROP };
/** Script Property: Drive's changes token; every sweep checks the files changed since, then saves the new one. */
export const CHANGES_TOKEN_PROP = 'auditChangesToken';
/** Script Property set while the last read of the changes feed failed. */
const CHANGES_FAILED_PROP = 'auditChangesFailed';
/** Pages of 1,000 changes one sweep reads at most; the rest wait for the next sweep. */
const MAX_CHANGE_PAGES = 5;
/**
 * A new full pass starts at most this often, and a run checks at most DEFAULT_MAX_DOCS Docs, read 100 to a Drive
 * listing page (a Doc the listing does not show is read alone): drift is found within the hour through Drive's changes
 * feed, so the full pass is only the backstop for what the feed may not list (a file whose access changed only through
 * a folder) and costs no more than one pass a week.
 */
export const DEFAULT_PASS_INTERVAL_MS = 7 * 24 * 3600 * 1000;
export const DEFAULT_MAX_DOCS = 2000;

export type DriftKind =
  | 'link-sharing'
  | 'reshare-by-editors'
  | 'extra-access'
  | 'shared-folder'
  | 'missing-editor'
  | 'missing-doc'
  | 'doc-gone'
  | 'doc-back'
  | 'repair-failed'
  | 'folder-shared'
  | 'inherited-access'
  | 'trashed'
  | 'published'
  | 'not-owner'
  | 'renamed'
  | 'shared-drive'
  | 'offered';

export interface Drift {
  caseId: string;
  codeName: string;
  kind: DriftKind;
  repaired: boolean;
}

export interface AuditOptions {
  /** Case id to start at; default the saved cursor (or the first case). */
  cursor?: string;
  /** Returns false when the caller's time budget says stop; default: keep a minute of the execution's budget. */
  hasTime?: () => boolean;
  /** At most this many Docs in this run (default DEFAULT_MAX_DOCS; a large registry is spread over runs). */
  maxDocs?: number;
  /** A new pass starts only this long after the previous one ended (default 6 h); `force` ignores it. */
  passIntervalMs?: number;
  force?: boolean;
  /** Save the cursor in Script Properties (default true). */
  saveCursor?: boolean;
}

export interface AuditReport {
  checked: number;
  /** Case Docs checked because Drive's changes feed listed them. */
  changed: number;
  drift: Drift[];
  /** Recorded "no conflict" shares finished by this run. */
  sharesCompleted: number;
  /** Case id where the next run starts, or null when this run reached the end of the registry. */
  nextCursor: string | null;
  /** True when no pass was due (the previous one ended less than the pass interval ago). */
  skipped: boolean;
  /** What the check of the other stores (folder, registry, Form, status spreadsheet) found: once per pass. */
  stores: StoreDrift[];
  /** Open cases whose Doc is gone and due to be replaced once the report is queued (`replaceLostDocs`). */
  lost: Case[];
  /** Drive's changes token, saved once those are replaced. */
  tokenAfterReplacing?: string;
  /** The last case whose Doc a member's share Drive refused: checked again by the next sweep (ADV-471). */
  refusedIn?: string;
}

const RESERVE_MS = 60 * 1000;
/** How long before a batch's earliest report the listing of the case folders starts (listBatchAccess). */
const LISTING_MARGIN_MS = 24 * 3600 * 1000;

/**
 * Intent key prefix (Context.recordIntent) for the drift a run is about to repair on one Doc: a run that dies
 * after repairing but before committing its report leaves it, and the next audit reports it (and re-checks the
 * Doc), so no repair goes untold.
 */
const REPAIR_INTENT = 'auditRepair.';

const DRIFT_TEXT: Record<DriftKind, string> = {
  'link-sharing': DRIFT_WORDS.linkSharing,
  'reshare-by-editors': 'editors could change sharing; that was turned off',
  'extra-access': 'someone who is not a cleared member had access; it was removed',
  'shared-folder': 'the document was in another folder; it was moved back to the private folder',
  'missing-editor': 'a cleared member had lost access; it was restored',
  'missing-doc': 'the document could not be opened; please check it in Drive',
  'doc-gone':
    'the document is gone from Drive; the case is closed, so nothing replaces it unless it is opened again (told once)',
  'doc-back': 'the document is in Drive again',
  'repair-failed': `${DRIFT_WORDS.repairFailed}the document\u2019s sharing settings now`,
  'folder-shared': 'the private folder was shared; it was made private again',
  'inherited-access':
    'someone had access through the private folder, which had been shared; the folder was made private again',
  trashed: `the document was ${DRIFT_WORDS.trashed}`,
  published: `the document was published to the web while editors could change sharing ${DRIFT_WORDS.published}`,
  'not-owner':
    'the committee account no longer owns the document, so it cannot keep its sharing right: its new owner should transfer it back to the committee account',
  offered: 'someone was offered the document\u2019s ownership; the offer was withdrawn',
  renamed: 'the document was renamed; its code name was put back',
  'shared-drive': `the document was ${IN_SHARED_DRIVE}`,
};

/**
 * Checks a batch of case Docs from the cursor and repairs drift: link sharing switched on, editors allowed to
 * re-share, access by anyone not cleared (or no longer active), a Doc moved into another folder, a cleared
 * member's access removed by hand. Finishes pending shares first. Each finding goes into the Doc's log and
 * the Audit tab, and one alert per person lists those of the cases they are cleared for (code names only).
 */
export function auditAccess(ctx: Context, options: AuditOptions = {}): AuditReport {
  const hasTime = options.hasTime ?? (() => ctx.timeBudget.remaining() > RESERVE_MS);
  const report: AuditReport = {
    checked: 0,
    changed: 0,
    drift: [],
    sharesCompleted: 0,
    nextCursor: null,
    skipped: false,
    stores: [],
    lost: [],
  };
  report.sharesCompleted = completePendingShares(ctx, hasTime).completed;
  syncAllMeetingGuests(ctx);
  const folderId = requireProp(ctx, PROP.folderId);
  const owner = normalizeEmail(ownerAddressOf(ctx) ?? '') || effectiveUserEmail();
  const owedDone = reportOwedRepairs(ctx, folderId, owner, report);
  const storesChecked = auditChangedFiles(ctx, folderId, owner, report, owedDone, hasTime);

  const cursor = options.cursor ?? readProp(ctx, AUDIT_CURSOR_PROP) ?? '';
  const lastPass = Date.parse(readProp(ctx, AUDIT_PASS_PROP) ?? '');
  if (
    !cursor &&
    !options.force &&
    Number.isFinite(lastPass) &&
    readNow(ctx) - lastPass < (options.passIntervalMs ?? DEFAULT_PASS_INTERVAL_MS)
  ) {
    report.skipped = true;
    reportDrift(ctx, report.drift);
    replaceLostDocs(ctx, report, hasTime);
    return report;
  }
  const max = options.maxDocs ?? DEFAULT_MAX_DOCS;
  // The pass goes over `Cases` first, then the archived cases: `Archived Cases` is read only by a run whose batch
  // reaches them (or resumes among them).
  const store = casesOf(ctx);
  let cases = store.live();
  let start = cursor ? cases.findIndex((c) => c.id === cursor) : 0;
  if (start < 0 || start + max >= cases.length) {
    cases = [...cases, ...store.archivedOnly()];
    if (cursor) start = cases.findIndex((c) => c.id === cursor);
  }
  if (start < 0) start = 0;
  // The stores first (the folder before all): repairing the folder withdraws what its files inherited from it.
  if (start === 0 && storesChecked !== 'all')
    report.stores = [...report.stores, ...auditStores(ctx, owner, { skip: storesChecked })];

  // Only this run's batch: reading every case's clearances would cost CPU in proportion to the registry.
  const batch = cases.slice(start, start + max).filter((c) => !owedDone.has(c.id) && !trashedByRetention(c));
  const expected = expectedEditors(ctx, batch);
  const listed = listBatchAccess(ctx, batch, folderId, hasTime);
  const failed: string[] = [];
  let i = start;
  for (; i < cases.length; i++) {
    if (report.checked >= max) break;
    // A Doc the listing showed costs no call unless it needs repair: a slow listing that used the time up still moves
    // the pass on through what it listed, so no run ends with nothing done.
    if (!hasTime() && !listedClean(ctx, cases[i], folderId, owner, expected, listed)) break;
    if (!owedDone.has(cases[i].id)) {
      const before = report.drift.length;
      auditDoc(ctx, cases[i], folderId, owner, expected.get(cases[i].id) ?? new Map(), report, [], listed);
      const failing = report.drift.slice(before).some((d) => d.kind === 'missing-doc' || d.kind === 'repair-failed');
      if (failing || report.refusedIn === cases[i].id) failed.push(cases[i].id);
    }
    report.checked++;
  }
  report.nextCursor = i < cases.length ? cases[i].id : null;
  if (options.saveCursor ?? true) {
    if (report.nextCursor) {
      if (report.nextCursor !== cursor) writeProp(ctx, AUDIT_CURSOR_PROP, report.nextCursor);
    } else {
      dropProp(ctx, AUDIT_CURSOR_PROP);
      writeProp(ctx, AUDIT_PASS_PROP, readNowIso(ctx));
    }
  }
  // A Doc the pass could not read or repair is checked again by the next sweep, not a week later (ADV-449): the changes
  // feed may never list it (drift from before its first token, or through a folder).
  if (failed.length) saveRecheck(ctx, [...readRecheck(ctx), ...failed.map((id) => FAILED_READ + id)]);
  reportDrift(ctx, report.drift);
  replaceLostDocs(ctx, report, hasTime);
  return report;
}

/**
 * Re-checks the Docs an interrupted run was repairing and reports what it repaired together with anything
 * found now (one report, as if the run had not died). Returns the case ids done.
 */
function reportOwedRepairs(ctx: Context, folderId: string, owner: string, report: AuditReport): Set<string> {
  const done = new Set<string>();
  const owed = ctx.work.unsettledIntents<DriftKind[]>(REPAIR_INTENT);
  if (!owed.length) return done;
  const byId = new Map(
    casesOf(ctx)
      .all()
      .map((c) => [c.id, c]),
  );
  const kases = owed.map((o) => byId.get(o.key.slice(REPAIR_INTENT.length))).filter((c): c is Case => Boolean(c));
  const expected = expectedEditors(ctx, kases);
  for (const { key, value } of owed) {
    const kase = byId.get(key.slice(REPAIR_INTENT.length));
    if (!kase) continue;
    auditDoc(ctx, kase, folderId, owner, expected.get(kase.id) ?? new Map(), report, Array.isArray(value) ? value : []);
    done.add(kase.id);
  }
  return done;
}

/**
 * The batch's Docs as Drive lists the private folder and the folder of archived case Docs: a page of 100 files a
 * call instead of one `Files.get` a Doc. Pages are read, oldest file first from a day before the batch's earliest
 * case, until every Doc of the batch was seen, the folders end or time runs out. A Doc not listed (moved to another
 * folder, trashed, or listing failed) is read alone by `auditDoc`, as before.
 */
function listBatchAccess(
  ctx: Context,
  batch: Case[],
  folderId: string,
  hasTime: () => boolean,
): Map<string, FileInspection> {
  const found = new Map<string, FileInspection>();
  const wanted = new Set(batch.map((c) => c.docId).filter(Boolean));
  if (!wanted.size) return found;
  const folders = [folderId, readProp(ctx, PROP.docArchiveFolderId) ?? ''].filter(Boolean);
  const received = batch.map((c) => Date.parse(c.receivedAt)).filter(Number.isFinite);
  // A Doc is made after its report arrives; a day's margin covers clocks, and a Doc made earlier is only read alone.
  const since = received.length ? Math.min(...received) - LISTING_MARGIN_MS : null;
  let token = '';
  try {
    do {
      if (!hasTime()) break;
      const page = listFolderAccess(folders, since, token);
      for (const [id, state] of page.files) if (wanted.delete(id)) found.set(id, state);
      token = page.next;
    } while (token && wanted.size);
  } catch (err) {
    rethrowUnpermitted(err);
    ctx.log(`audit: listing the case folders failed, reading each Doc instead: ${auditError(err)}`);
  }
  return found;
}

/** True when the listing showed this case's Doc with nothing to repair (auditing it then makes no call). */
function listedClean(
  ctx: Context,
  kase: Case,
  folderId: string,
  owner: string,
  expected: Map<string, Map<string, string>>,
  listed: ReadonlyMap<string, FileInspection>,
): boolean {
  if (trashedByRetention(kase)) return true;
  const state = listed.get(kase.docId);
  if (!state) return false;
  return (
    planRepairs(ctx, state, homeFolderOf(ctx, kase, folderId), owner, expected.get(kase.id) ?? new Map(), kase.codeName)
      .kinds.length === 0
  );
}

/** Where a case's Doc belongs: the private folder, or the folder of archived case Docs once retention moved it there. */
function homeFolderOf(ctx: Context, kase: Case, caseFolderId: string): string {
  return kase.flags.docArchived ? (readProp(ctx, PROP.docArchiveFolderId) ?? caseFolderId) : caseFolderId;
}

/** Per case: email → member id of every active member whose latest decision is a completed "no conflict". */
/** The ids of the stores the audit checks: the private folder, the spreadsheets, the Form, the archives. */
function storeIds(ctx: Context): Set<string> {
  const props = [
    PROP.folderId,
    PROP.registrySpreadsheetId,
    PROP.formId,
    PROP.statusSpreadsheetId,
    PROP.docArchiveFolderId,
  ];
  const ids = new Set(props.map((prop) => readProp(ctx, prop) ?? '').filter(Boolean));
  for (const id of Object.values(propMap(ctx, PROP.archiveSpreadsheets))) ids.add(id);
  return ids;
}

/**
 * The cases whose Docs are among the changed files (stores aside): found in registry `Cases`, the archived rows read
 * only for a file `Cases` does not know (a Doc of an archived case, or a file that is no case's).
 */
function changedCases(ctx: Context, ids: Set<string>, stores: ReadonlySet<string>, done: Set<string>): Case[] {
  const store = casesOf(ctx);
  return [...ids]
    .filter((id) => !stores.has(id))
    .map((id) => store.findBy('Doc ID', id))
    .filter((c): c is Case => c !== null && !done.has(c.id));
}

/** True when someone but the account can open the private folder, or it cannot be read: it needs its check (ADV-312). */
function folderOpen(folderId: string, owner: string): boolean {
  try {
    const f = inspectFile(folderId);
    return f.general !== 'PRIVATE' || f.users.some((u) => u !== owner);
  } catch (err) {
    rethrowUnpermitted(err);
    return true;
  }
}

/**
 * Checks the case Docs and stores Drive's changes feed lists since the saved token, and first the Docs an earlier run
 * asked to check again (audit-recheck.ts), then saves the new token (only once all were checked: a run out of time or
 * killed reads the same changes again, and checking twice is harmless). A Doc not reached, or whose check failed
 * (unreadable, a repair Drive refused), is checked again by the next sweep, not left to the weekly pass. A feed Drive
 * fails to read keeps its token and stops nothing else. The first run only saves a token and starts a new full pass,
 * which covers what came before. Returns the stores checked: 'all' when the private folder changed.
 */
function auditChangedFiles(
  ctx: Context,
  folderId: string,
  owner: string,
  report: AuditReport,
  done: Set<string>,
  hasTime: () => boolean,
): ReadonlySet<string> | 'all' {
  const saved = readProp(ctx, CHANGES_TOKEN_PROP);
  let changed: ChangedFiles = { fileIds: [], files: new Map(), removed: new Map(), token: '' };
  try {
    if (saved) changed = readChangedFiles(saved, MAX_CHANGE_PAGES);
    else {
      writeProp(ctx, CHANGES_TOKEN_PROP, readChangesStartToken());
      // Nothing before the token is listed: a new full pass starts now (one ended before it may be days old).
      dropProp(ctx, AUDIT_CURSOR_PROP);
      dropProp(ctx, AUDIT_PASS_PROP);
    }
    dropProp(ctx, CHANGES_FAILED_PROP);
  } catch (err) {
    rethrowUnpermitted(err);
    recordAudit(ctx, 'audit.changes-failed', '-', auditError(err, 120));
    // "If the token is rejected for any reason, it should be discarded" (v3 ChangeList), and Drive's words are in the
    // account's language: a second failure in a row drops the token, so the next run starts afresh (ADV-204).
    if (readProp(ctx, CHANGES_FAILED_PROP)) {
      dropProp(ctx, CHANGES_TOKEN_PROP);
      dropProp(ctx, CHANGES_FAILED_PROP);
    } else writeProp(ctx, CHANGES_FAILED_PROP, '1');
  }
  const ids = new Set(changed.fileIds);
  const stores = storeIds(ctx);
  const changedStores = new Set([...stores].filter((id) => ids.has(id)));
  const listedDocs = ids.size ? changedCases(ctx, ids, stores, done) : [];
  // The private folder put in a folder shared later: the feed lists that folder, not the private folder nor what it
  // holds. A listed file that is no store nor case Doc has the private folder read (one call), not left to the weekly pass.
  if (ids.size > changedStores.size + listedDocs.length && !changedStores.has(folderId) && folderOpen(folderId, owner))
    changedStores.add(folderId);
  // Or a dead run's finding owed (a store given away changes nothing the feed would list again: ADV-580).
  if (changedStores.size || ctx.work.unsettledIntents(STORE_INTENT).length)
    report.stores = auditStores(ctx, owner, {
      changed: changedStores,
      listed: changed.files,
      removed: changed.removed,
    });
  const again = new Map(readRecheck(ctx).map((entry) => [caseOfEntry(entry), entry]));
  const store = casesOf(ctx);
  const cases = [
    ...[...again.keys()].map((id) => store.find(id)).filter((c): c is Case => c !== null && !done.has(c.id)),
    ...listedDocs.filter((c) => !again.has(c.id)),
  ];
  const expected = expectedEditors(ctx, cases);
  const left: string[] = [];
  let outOfTime = false;
  for (const kase of cases) {
    if (outOfTime || !hasTime()) {
      outOfTime = true;
      left.push(again.get(kase.id) ?? kase.id);
      continue;
    }
    const before = report.drift.length;
    auditDoc(
      ctx,
      kase,
      folderId,
      owner,
      expected.get(kase.id) ?? new Map(),
      report,
      [],
      changed.files,
      changed.removed,
    );
    report.changed++;
    done.add(kase.id);
    // A repair Drive refused is tried every sweep. A Doc that cannot be read is read again: after any failed read of a
    // change the feed lists now (ADV-527, property seed 875597936), and after its first failed read whatever put it on
    // the list. Before, a Doc listed for another reason (its stall line refused) whose first read failed was dropped,
    // and sharing changed before the feed's first token waited for the weekly pass (ADV-623, seed 726503004).
    const failed = report.drift.slice(before).filter((d) => !d.repaired);
    const fresh = !again.has(kase.id) || again.get(kase.id) === kase.id || listedDocs.some((c) => c.id === kase.id);
    if (report.refusedIn === kase.id || failed.some((d) => d.kind !== 'missing-doc')) left.push(kase.id);
    else if (failed.length && fresh) left.push(FAILED_READ + kase.id);
  }
  saveRecheck(ctx, left);
  // A Doc the feed listed removed is replaced after the report (replaceLostDocs): the token waits for that, so a run
  // that dies first reads the removal again, with the same time.
  if (!outOfTime && changed.token && changed.token !== saved) {
    if (report.lost.length) report.tokenAfterReplacing = changed.token;
    else writeProp(ctx, CHANGES_TOKEN_PROP, changed.token);
  }
  // Every store was checked when the private folder changed (what it holds inherits its sharing).
  return changedStores.has(folderId) ? 'all' : changedStores;
}

function expectedEditors(ctx: Context, cases: Case[]): Map<string, Map<string, string>> {
  const clearances = clearancesOf(ctx);
  const active = new Map(activeMembers(ctx).map((m) => [m.id, m]));
  const out = new Map<string, Map<string, string>>();
  for (const kase of cases) {
    const map = new Map<string, string>();
    for (const record of clearances.forCase(kase.id)) {
      if (record.decision !== 'no-conflict' || (record.share !== 'silent' && record.share !== 'fallback')) continue;
      const member = active.get(record.memberId);
      if (member) map.set(member.email, member.id);
    }
    out.set(kase.id, map);
  }
  return out;
}

function addDrift(
  ctx: Context,
  report: AuditReport,
  kase: Case,
  kind: DriftKind,
  repaired: boolean,
  detail = '',
): void {
  report.drift.push({ caseId: kase.id, codeName: kase.codeName, kind, repaired });
  recordAudit(ctx, `audit.${kind}`, kase.id, `${repaired ? 'repaired' : 'not repaired'}${detail ? `; ${detail}` : ''}`);
}

/**
 * Checks one Doc and repairs drift. `earlier` is drift an interrupted run announced for this Doc (and may have
 * repaired already): reported with whatever is found now.
 */
function auditDoc(
  ctx: Context,
  kase: Case,
  caseFolderId: string,
  owner: string,
  expected: Map<string, string>,
  report: AuditReport,
  earlier: readonly DriftKind[] = [],
  listed: ReadonlyMap<string, FileInspection> = new Map(),
  removed: ReadonlyMap<string, string> = new Map(),
): void {
  if (trashedByRetention(kase)) return;
  const folderId = homeFolderOf(ctx, kase, caseFolderId);
  let state = listed.get(kase.docId);
  let plan = state ? planRepairs(ctx, state, folderId, owner, expected, kase.codeName) : null;
  // A listing is as old as the batch: what it shows wrong (another Doc's repair may have fixed the folder since) is read
  // again alone before anything is repaired or reported.
  if (!plan || plan.kinds.length) {
    try {
      state = inspectFile(kase.docId);
    } catch (err) {
      rethrowUnpermitted(err);
      for (const kind of new Set(earlier)) addDrift(ctx, report, kase, kind, true);
      // Deleted by retention, its new Doc waiting for the Documents created quota (ADV-467): nothing to check in Drive,
      // and the page and the Audit tab say when it comes (retention.ts `docWaits`), not "(NOT repaired)" every pass.
      if (kase.flags.docDeleted && kase.flags.docQuotaBack) return;
      // A replacement is announced by its own commit (doc-replacement.ts: the cleared members' alert and the Audit
      // line), not by this run's report, which a run killed after that commit would never send.
      // Moved into a shared drive: no longer the account's, replaced now (its members read it; flows stop writing there).
      const { driveId } = err as { driveId?: string };
      if (driveId) {
        kase.flags.docInSharedDrive = driveId;
        addDrift(ctx, report, kase, 'shared-drive', false, driveId);
      }
      if (lostDocDue(ctx, kase, removed.get(kase.docId) ?? (driveId && ''))) report.lost.push(kase);
      else if (driveId || kase.flags.docGoneTold) return;
      // A closed case's Doc taken for gone is told once, as such (ADV-492): before, every weekly pass told its members
      // to check it in Drive, for good. Found again, or the case reopened, the rules above apply anew.
      else if (isDocGone(kase, readNow(ctx))) {
        kase.flags.docGoneTold = readNowIso(ctx);
        casesOf(ctx).save(kase);
        addDrift(ctx, report, kase, 'doc-gone', false);
      } else addDrift(ctx, report, kase, 'missing-doc', false, auditError(err, 120));
      return;
    }
    plan = planRepairs(ctx, state, folderId, owner, expected, kase.codeName);
  }
  if (kase.flags.docMissingSince || kase.flags.docRemoved || kase.flags.docDeleted) {
    // Drive holds it after all (an outage, or access given back): nothing is replaced; one retention left in the
    // trash is taken out below. One told gone is told back (ADV-492).
    if (kase.flags.docGoneTold) addDrift(ctx, report, kase, 'doc-back', true);
    delete kase.flags.docMissingSince;
    delete kase.flags.docRemoved;
    delete kase.flags.docDeleted;
    delete kase.flags.docGoneTold;
    casesOf(ctx).save(kase);
  }
  if (plan.kinds[0] === 'not-owner') return addDrift(ctx, report, kase, 'not-owner', false);
  // Announced before any repair: a run that dies after repairing leaves the report to the next audit.
  if (plan.kinds.length || earlier.length)
    recordIntent(ctx, `${REPAIR_INTENT}${kase.id}`, [...new Set([...earlier, ...plan.kinds])]);
  const found: DriftKind[] = [...earlier];
  try {
    if (plan.kinds.includes('trashed')) {
      restoreFromTrash(kase.docId, false);
      found.push('trashed');
    }
    // First: an offer the editor accepts meanwhile makes the Doc theirs (ADV-205).
    if (state?.offered) {
      withdrawOffer(kase.docId, state.offered);
      found.push('offered');
    }
    const generalAccess = plan.kinds.filter((k) => k === 'link-sharing' || k === 'reshare-by-editors');
    if (generalAccess.length) {
      // Told as repaired only once Drive did it (ADV-205).
      ensurePrivate(kase.docId);
      found.push(...generalAccess);
      // Editors who may change sharing may publish too (support.google.com/drive/answer/114818), and that stays.
      if (generalAccess.includes('reshare-by-editors') && stopPublishing(kase.docId)) found.push('published');
    }
    // The folders first: someone shared the Doc and also holding it through a folder is still listed after their own
    // share goes, and an unconfirmed revocation would leave the Doc in the shared folder until the next run (ADV-451).
    if (plan.kinds.includes('shared-folder')) {
      moveIntoFolder(kase.docId, folderId);
      found.push('shared-folder');
    }
    if (plan.kinds.includes('inherited-access')) {
      makeFolderPrivate(folderId, owner);
      found.push('inherited-access');
    }
    for (const email of plan.extra) {
      const outcome = revokeAccess(kase.docId, email);
      if (!outcome.confirmed) throw new Error('revocation not confirmed');
    }
    if (plan.extra.length) found.push('extra-access');
    if (plan.kinds.includes('renamed')) {
      renameFile(kase.docId, kase.codeName);
      found.push('renamed');
    }
    for (const [email, id] of plan.missing) {
      // Not given back from a registry gone back in time: it may have lost the member's conflict (ADV-542).
      if (ctx.outbox.rolledBack(conflictLost(ctx))) break;
      const record = clearancesOf(ctx).latest(kase.id, id);
      // Refused (today, or now): the share waits with the pending ones, asked again once a day as the notices say; no
      // change left for the changes feed to list, this Doc's next check could be the weekly pass's (ADV-474).
      const wait = (error: string) => record && leaveSharePending(ctx, record, error.slice(0, 200), true);
      if (shareRefusedToday(ctx, email)) {
        wait('Drive refused this address today');
        continue;
      }
      let grant;
      try {
        // The member had the Doc: Drive's silent share refused now is a refusal, in words of any language (no Google
        // account, ADV-277; an account deleted, ADV-471), and only words naming the address get the invitation (ADV-470).
        grant = grantEditorSilently(kase.docId, email, { afterFailedAttempt: true });
      } catch (err) {
        // Refused even with Google's invitation (an account deleted, an admin's policy): the owner is told, once (ADV-448).
        if (!isShareRefused(err)) throw err;
        noteShareRefused(ctx, { id, email }, err);
        wait(errorMessage(err));
        // Checked again next sweep: a refusal known by repetition is told after 6 hours of it, not at a weekly pass
        // that would find it anew each week (ADV-471).
        report.refusedIn = kase.id;
        continue;
      }
      noteShareAllowed(ctx, email);
      if (!grant.silent) {
        if (record)
          clearancesOf(ctx).setShare(
            record,
            'fallback',
            'restored by the access audit with Google\u2019s notification (no Google account)',
          );
      }
      found.push('missing-editor');
    }
  } catch (err) {
    rethrowUnpermitted(err);
    for (const kind of new Set(found)) addDrift(ctx, report, kase, kind, true);
    addDrift(ctx, report, kase, 'repair-failed', false, auditError(err, 120));
    return;
  }
  const kinds = [...new Set(found)];
  for (const kind of kinds) addDrift(ctx, report, kase, kind, true);
  if (kinds.length) {
    // A Docs failure here must not end the audit before its report: the repairs are done (ADV-450).
    logInDocOrAudit(ctx, kase, `Access audit: ${kinds.map((k) => DRIFT_TEXT[k]).join('; ')}.`, 'access audit');
  }
}

/**
 * Whether an open case's Doc that cannot be read is replaced now (doc-replacement.ts): when Drive's changes feed said
 * it was removed (deleted for good, or no longer the committee account's: `docRemoved`, the change's time), or when no
 * read has found it for a week (`docMissingSince`, the first failure, committed with that run). A closed case's Doc is
 * only reported (what it held is what the case is), but its flags are kept: reopened, it is replaced by the rule above.
 */
function lostDocDue(ctx: Context, kase: Case, removedAt: string | undefined): boolean {
  const now = readNow(ctx);
  const since = Date.parse(String(kase.flags.docMissingSince ?? ''));
  const first = !Number.isFinite(since);
  if (first) kase.flags.docMissingSince = isoOf(now);
  const removedNow = removedAt !== undefined && !kase.flags.docRemoved;
  if (removedNow) kase.flags.docRemoved = removedAt || isoOf(now);
  // Written only when it says something new: a Doc failing every weekly pass is not written each time.
  if (first || removedNow) casesOf(ctx).save(kase);
  return !isClosed(kase) && isDocGone(kase, now);
}

/**
 * Replaces the Docs `lostDocDue` found due, once the run's report is queued: each replacement commits (its Doc, shares,
 * alert and Audit line), and a commit settles the intents that vouch for the report of repairs not yet sent. A Doc a
 * dead run made is found again by its title, made since a time every run sees alike: the removal's, as Drive's feed
 * gives it again until its token is saved (after this), or the first failure, committed a week before. One that fails
 * (Drive refusing a new Doc) is tried again by the next sweep. Each takes seconds (a Doc, a share per cleared member, a
 * commit): many at once (the private folder deleted for good) stop while the run has time, and the next sweep does the
 * rest, sent back here by the changes feed (its token left unsaved) and by the recheck list.
 */
const MIN_REPLACEMENTS = 5;

function replaceLostDocs(ctx: Context, report: AuditReport, hasTime: () => boolean): void {
  for (const [i, kase] of report.lost.entries()) {
    // A few each run while the budget lasts, even when the checks used the audit's time: every run makes progress.
    if (!hasTime() && (i >= MIN_REPLACEMENTS || outOfTime(ctx))) {
      saveRecheck(ctx, [...readRecheck(ctx), ...report.lost.slice(i).map((c) => c.id)]);
      ctx.log(`audit: out of time, ${report.lost.length - i} lost Doc(s) left to the next sweep`);
      return;
    }
    const times = [kase.flags.docMissingSince, kase.flags.docRemoved].map((t) => Date.parse(String(t ?? '')));
    const since = Math.min(...times.filter(Number.isFinite));
    // Dates the members read in the new Doc: the committee's day (Settings `Time zone`), not UTC's.
    const zone = timeZoneOf(ctx);
    const missingOn = dayIn(isoOf(since), zone);
    try {
      replaceCaseDoc(ctx, kase, {
        entries: [{ question: 'About this document', answer: lostDocNote(missingOn) }, ...registryEntries(kase, zone)],
        logLine: `The case document could not be found in Drive from ${missingOn}; this one replaces it.`,
        findSince: since,
        clearFlags: ['docMissingSince', 'docRemoved', 'docDeleted', 'docArchived', 'docInSharedDrive', 'docGoneTold'],
        alertTitle: 'A case has a new document',
        alertLines: [
          kase.flags.docInSharedDrive
            ? 'The document of this case was moved into a shared drive (the access audit\u2019s alert says more).'
            : 'The document of this case is gone from Google Drive (deleted, or no longer the committee account\u2019s).',
          'A new case document, holding what the registry keeps of the report, was made and shared with you; the case page links to it. What was written in the earlier one is not in it.',
        ],
        event: 'audit.doc-replaced',
        detail: `the Doc could not be found from ${missingOn}${kase.flags.docRemoved ? ' (Drive listed it as removed)' : ''}; a new one was made`,
      });
    } catch (err) {
      rethrowUnpermitted(err);
      recheckCaseDoc(ctx, kase.id);
      // Google's Documents created quota (ADV-456): tried again in silence, and at its return (a wake-up); the Audit
      // tab says so once per quota day, not a failure line every hour until it is back.
      const back = waitForDocsQuota(ctx, err);
      if (back && kase.flags.docQuotaBack === back) continue;
      if (back) {
        kase.flags.docQuotaBack = back;
        casesOf(ctx).save(kase);
      }
      recordAudit(
        ctx,
        'audit.doc-replace-failed',
        kase.id,
        back
          ? `waits for Google's daily limit on new documents, back by ${committeeTime(ctx, isoOf(back))}`
          : auditError(err, 120),
      );
    }
  }
  if (report.tokenAfterReplacing) writeProp(ctx, CHANGES_TOKEN_PROP, report.tokenAfterReplacing);
}

/** What the new Doc of a case whose Doc was lost says of the old one. */
function lostDocNote(missingOn: string): string {
  return `The earlier document of this case could not be found in Google Drive from ${missingOn}: it was deleted, or it is no longer the committee account's. This document was made in its place. Above the log is what the registry keeps of the report; what was written in the earlier document is not here.`;
}

/** The report as the registry keeps it (the report's own words were only in the lost Doc). */
function registryEntries(kase: Case, zone: string): ReportEntry[] {
  const people = (p: Case['reported']) => [...p.names, ...p.handles, ...p.emails].join(', ');
  const received = isDate(kase.receivedAt) ? `${formatForSheet(kase.receivedAt, zone)} (${zone})` : kase.receivedAt;
  return [
    { question: 'Received', answer: received },
    { question: 'Reporter', answer: [kase.reporterName, kase.reporterEmail].filter(Boolean).join(', ') },
    { question: 'People reported', answer: people(kase.reported) },
    { question: 'Witnesses (and anyone the report was made for)', answer: people(kase.witnesses) },
    { question: 'Where it happened', answer: kase.space },
    { question: 'Anyone in immediate danger', answer: kase.danger ? 'Yes' : 'No' },
  ].filter((entry) => entry.answer.trim() !== '');
}

/** What `auditDoc` will repair on a Doc in this state, decided before touching it (the intent records `kinds`). */
interface RepairPlan {
  kinds: DriftKind[];
  /** Users with access who are neither the owner nor a cleared active member. */
  extra: string[];
  /** Cleared active members (email, member id) who lost their access. */
  missing: Array<[string, string]>;
}

function planRepairs(
  ctx: Context,
  state: FileInspection,
  folderId: string,
  owner: string,
  expected: Map<string, string>,
  title: string,
): RepairPlan {
  // Drive may list a member's account under another form of the address the roster has (Gmail dots, case; ADV-293): the
  // same account, never to be taken away and given back.
  const cleared = new Set([...expected.keys()].map(canonicalAddress));
  const unexpected = state.users.filter((email) => email !== owner && !cleared.has(canonicalAddress(email)));
  // Access a Doc only inherits from a folder cannot be removed on the Doc (Drive refuses): it goes with the folder's
  // sharing (the private folder made private again) or with the Doc moved home (`shared-folder`).
  const extra = unexpected.filter((email) => !state.inheritedOnly.includes(email));
  const inFolder = state.parents.length === 1 && state.parents[0] === folderId;
  const inherited = unexpected.some((email) => state.inheritedOnly.includes(email));
  // A cleared member holding the Doc only through that folder loses it with the repair: given her own share in the same
  // run, not an hour later (ADV-573).
  const holding = new Set(
    state.editors.filter((e) => (inFolder && !inherited) || !state.inheritedOnly.includes(e)).map(canonicalAddress),
  );
  const missing = [...expected].filter(
    ([email, memberId]) => !holding.has(canonicalAddress(email)) && memberById(ctx, memberId),
  );
  const kinds: DriftKind[] = [];
  // Given away by hand (ADV-205): only the owner may change sharing, so nothing is tried; told every sweep until it is back.
  if (state.owner && state.owner !== owner) return { kinds: ['not-owner'], extra: [], missing: [] };
  // Put there by hand (retention's own trashing is skipped before): "Files in the trash are automatically deleted
  // after 30 days" (developers.google.com/workspace/drive/api/guides/delete), and the case's record with them.
  if (state.trashed) kinds.push('trashed');
  if (state.offered) kinds.push('offered');
  if (state.general !== 'PRIVATE') kinds.push('link-sharing');
  if (state.shareableByEditors) kinds.push('reshare-by-editors');
  if (extra.length) kinds.push('extra-access');
  if (!inFolder) kinds.push('shared-folder');
  else if (inherited) kinds.push('inherited-access');
  if (missing.length) kinds.push('missing-editor');
  // Its title shows in Drive and in every Google notification about it: the code name, never what a member typed.
  if (state.name !== title) kinds.push('renamed');
  return { kinds, extra, missing };
}

/** What each person's alert holds, in its title: `$` the plural's `s` (one line, one problem or Doc). */
const TITLE_PARTS = [
  'sharing problem$ it repaired',
  'problem$ it could not repair',
  'case document$ gone from Drive',
  'case document$ back in Drive',
];

/**
 * The title and closing advice of an access audit alert holding these lines (as reportDrift writes them): read from
 * the lines, so mail a line is later taken out of (dropCaseMailFor) is told anew of what is left.
 */
export function driftAlert(own: readonly string[]): { title: string; tail: string[] } {
  const partOf = (line: string) =>
    line.includes(DRIFT_TEXT['doc-gone'])
      ? 2
      : line.includes(DRIFT_TEXT['doc-back'])
        ? 3
        : /NOT repaired/.test(line)
          ? 1
          : 0;
  // Titled by what each person's own lines say (ADV-502): before, `found and repaired sharing problems` also headed a
  // Doc not repaired, one gone from Drive (told once) or one back in it.
  const found = TITLE_PARTS.flatMap((text, i) => {
    const n = own.filter((line) => partOf(line) === i).length;
    return n ? [n > 1 ? text.replace('$', 's') : `a ${text.replace('$', '')}`] : [];
  });
  return {
    title: `The access audit found ${joinNames(found)}`,
    // Advice about sharing where a line is about sharing: not under a Doc gone from Drive or back in it alone (ADV-507).
    tail: own.some((line) => partOf(line) < 2)
      ? [
          'Please remind members never to turn on link sharing, add people to a case document, or move it to another folder.',
        ]
      : [],
  };
}

function reportDrift(ctx: Context, drift: Drift[]): void {
  if (!drift.length) return;
  // Each case's line to who may know of the case (ADV-203): the members cleared for it and the committee account.
  const lines = drift.map(
    (d) =>
      [
        d.codeName ? d.caseId : '',
        `${d.codeName ? `Case ${d.codeName}` : 'Private folder'}: ${DRIFT_TEXT[d.kind]}${d.repaired || d.kind === 'doc-gone' ? '' : ' (NOT repaired)'}.`,
      ] as const,
  );
  ctx.outbox.alertCases(driftAlert, lines);
}
