// The access audit of the stores that are not case Docs: the private folder, the private registry, the report Form and the status spreadsheet. Drift is repaired where Conduct Desk can and told to the committee account in one message.
import { DAY_MS } from '../core/deadlines';
import { storeDriftMessage } from '../core/messages';
import { hashText } from '../core/hash';
import { canonicalAddress } from '../core/identity';
import { normalizeEmail } from '../core/text';
import { membersOf } from '../records/members';
import type { Context } from '../workspace/context';
import {
  inspectFile,
  makeFolderPrivate,
  moveIntoFolder,
  restoreFromTrash,
  stopPublishing,
  withdrawOffer,
  type FileInspection,
} from '../workspace/drive-audit';
import { rethrowUnpermitted, auditError, errorMessage } from '../workspace/errors';
import { buildOwnerMail } from '../workspace/members';
import { goneArchives, noteArchiveGone } from './archive';
import { PROP } from '../workspace/schema';
import { ensurePrivate, revokeAccess } from '../workspace/sharing';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, readProp, writeProp, propMap } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { activeMembers } from '../workspace/committee';
import { afterCommit, recordIntent } from '../workspace/unit-of-work';

export type StoreName = 'folder' | 'registry' | 'form' | 'status' | 'archive' | 'doc-archive';

export type StoreDriftKind =
  | 'trashed'
  | 'link-sharing'
  | 'reshare-by-editors'
  | 'extra-access'
  | 'unexpected-people'
  | 'outside-folder'
  | 'unreadable'
  | 'repair-failed'
  | 'published'
  | 'offered'
  | 'shared-drive'
  | 'not-owner'
  | 'gone';

export interface StoreDrift {
  store: StoreName;
  kind: StoreDriftKind;
  repaired: boolean;
  /** People concerned, for `extra-access` and `unexpected-people` (a count: the message names nobody). */
  count?: number;
}

/**
 * Who may hold what on each store (DESIGN §1 default deny; setup.ts and roster.ts make it so):
 * * the private folder, the registry and the Form belong to the committee account alone (Form editors see every
 *   response, the registry holds every report); anyone else is removed;
 * * the status spreadsheet is shared with the members as editors (roster.ts), so someone else there is reported, not
 *   removed: the owner may have shared it on purpose, and the roster is the one that adds and removes members;
 * * none of them has link or domain sharing, and editors cannot re-share the registry or the status spreadsheet;
 * * the registry and the Form live in the private folder.
 */
interface StorePolicy {
  store: StoreName;
  prop: string;
  ownerOnly: boolean;
  inFolder: boolean;
  noReshare: boolean;
}

/** The folder first: repairing it also withdraws what its files inherited from it. */
const POLICIES: readonly StorePolicy[] = [
  { store: 'folder', prop: PROP.folderId, ownerOnly: true, inFolder: false, noReshare: false },
  { store: 'registry', prop: PROP.registrySpreadsheetId, ownerOnly: true, inFolder: true, noReshare: true },
  { store: 'form', prop: PROP.formId, ownerOnly: true, inFolder: true, noReshare: false },
  { store: 'status', prop: PROP.statusSpreadsheetId, ownerOnly: false, inFolder: false, noReshare: true },
];

const ARCHIVE_POLICY: StorePolicy = { store: 'archive', prop: '', ownerOnly: true, inFolder: true, noReshare: true };

const STORE_TEXT: Record<StoreName, string> = {
  folder: 'The private folder',
  registry: 'The private registry',
  form: 'The report Form',
  status: 'The status spreadsheet',
  archive: 'An archive spreadsheet',
  'doc-archive': 'The folder of archived case documents',
};

/** What a file moved into a shared drive means (ADV-304), a case Doc's (audit.ts) or a store's. */
export const IN_SHARED_DRIVE =
  'moved into a shared drive, which owns it now: every member of that drive can read it, and only a manager of that drive can take it out (delete it there, or move it out of the drive)';

/**
 * A read that failed: a store in a shared drive (fileAccessOf's `driveId`) is told as such, never as unreadable; one
 * whose permissions Drive did not list is no longer the account's ("only available if the requesting user can share
 * the file", v3 File `permissions`: its owner always can), given away with editors kept from sharing (ADV-566). Its
 * Drive words go to the Audit tab.
 */
function failed(ctx: Context, store: StoreName, err: unknown, kind: StoreDriftKind): StoreDrift {
  recordAudit(ctx, 'audit.store.error', '-', `${store}: ${auditError(err, 120)}`);
  return {
    store,
    kind: (err as { driveId?: string }).driveId
      ? 'shared-drive'
      : /not list the perm/.test(errorMessage(err))
        ? 'not-owner'
        : kind,
    repaired: false,
  };
}

/** Intent key prefix (Context.recordIntent): a run that dies after repairing a store leaves its report to the next. */
export const STORE_INTENT = 'auditStore.';
/** Script Property: hash of the unexpected people last reported on the status spreadsheet (told once, not every pass). */
export const STORE_NOTED_PROP = 'auditStoreNoted';

/** Script Property prefix (then the store): when a lasting finding of DAILY_KINDS was last told, and which. */
const DAILY_MARK = 'auditStoreDrive.';
const DAILY_KINDS: readonly StoreDriftKind[] = ['shared-drive', 'not-owner'];

/** Words the store and case-document audits share (one spelling in the bundle). */
export const DRIFT_WORDS = {
  linkSharing: 'link or domain sharing was on; it was turned off',
  trashed: 'in the trash, where Drive deletes it for good after 30 days; it was restored',
  published: '(anyone with its address could read it); publishing was stopped',
  repairFailed: 'a sharing problem could not be repaired; please check ',
} as const;

function describeDrift(d: StoreDrift): string {
  const who = d.count === 1 ? '1 person' : `${d.count ?? 0} people`;
  const text: Record<StoreDriftKind, string> = {
    trashed: `it was ${DRIFT_WORDS.trashed}`,
    'link-sharing': DRIFT_WORDS.linkSharing,
    'reshare-by-editors': 'editors could change its sharing; that was turned off',
    'extra-access': `${who} besides the committee account had access; removed`,
    'unexpected-people': `${who} who ${d.count === 1 ? 'is not an active member' : 'are not active members'} can open it; remove them in Share unless they should see it (members are added and removed through the Committee tab)`,
    'outside-folder': `it was in ${['folder', 'doc-archive'].includes(d.store) ? 'a shared folder; it was moved back to the top of My Drive' : 'another folder; it was moved back into the private folder'}`,
    unreadable: 'Conduct Desk could not read its sharing; please check it in Drive',
    'repair-failed': `${DRIFT_WORDS.repairFailed}its sharing settings now`,
    published: `it was published to the web while editors could change its sharing ${DRIFT_WORDS.published}`,
    offered: 'someone was offered its ownership; the offer was withdrawn',
    'shared-drive': `it was ${IN_SHARED_DRIVE}`,
    'not-owner':
      'the committee account no longer owns it: its new owner can read and change all of it and who sees it, and should transfer it back to the committee account',
    gone: `Drive says it is gone (deleted for good, or no longer the committee account\u2019s): what it held cannot be read or deleted any more, it will not be checked again, and ${d.store === 'archive' ? 'the year\u2019s next cases go to a new archive' : 'the next purged cases\u2019 documents go to a new folder'}`,
  };
  const line = `${STORE_TEXT[d.store]}: ${text[d.kind]}`;
  return d.repaired || d.kind === 'unexpected-people' || d.kind === 'unreadable' || d.kind === 'gone'
    ? `${line}.`
    : `${line} (NOT repaired).`;
}

/**
 * The stores Drive's changes feed listed, with the sharing it gave for each (audit.ts): only they are checked, and one
 * the feed shows clean costs no call. A change to the private folder reaches what it holds: every store is checked.
 */
export interface ChangedStores {
  changed: ReadonlySet<string>;
  listed: ReadonlyMap<string, FileInspection>;
  /** Those the feed listed as removed (drive-audit.ts ChangedFiles). */
  removed?: ReadonlyMap<string, string>;
}

/** Which stores a check covers: those the feed listed, or every store but those this run checked already. */
export type StoreScope = ChangedStores | { skip: ReadonlySet<string> };

/**
 * Checks every store's sharing once (the audit calls it at the start of a pass), or those the changes feed listed,
 * repairs what it can, records each finding in the Audit tab and tells the committee account in one message. Returns
 * the findings.
 */
export function auditStores(ctx: Context, owner: string, scope?: StoreScope): StoreDrift[] {
  const found: StoreDrift[] = [];
  for (const owed of ctx.work.unsettledIntents<StoreDrift[]>(STORE_INTENT)) {
    // A run that died after repairing: its repairs are told now (and the store is checked again below). Recorded
    // again so the intent belongs to this run's commit, which settles it.
    if (!Array.isArray(owed.value)) continue;
    found.push(...owed.value);
    recordIntent(ctx, owed.key, owed.value);
  }
  const folderId = readProp(ctx, PROP.folderId) ?? '';
  const feed = scope && 'changed' in scope ? scope : null;
  const skip = scope && 'skip' in scope ? scope.skip : new Set<string>();
  const everyStore = !feed || feed.changed.has(folderId);
  const inScope = (id: string) => !skip.has(id) && (everyStore || Boolean(feed?.changed.has(id)));
  const seen = (id: string) => (everyStore ? undefined : feed?.listed.get(id));
  let statusPeople: string[] | null = null;
  for (const policy of POLICIES) {
    const id = readProp(ctx, policy.prop);
    if (!id || !inScope(id)) continue;
    const result =
      policy.store === 'folder' ? auditFolder(ctx, id, owner) : auditStore(ctx, policy, id, owner, folderId, seen(id));
    found.push(...result.drift);
    if (policy.store === 'status') statusPeople = result.unexpected;
    // Back in the account's hands: the next time it goes is told at once (ADV-580).
    if (!result.drift.some((d) => DAILY_KINDS.includes(d.kind))) dropProp(ctx, `${DAILY_MARK}${policy.store}`);
  }
  // One Drive listed as removed, and that does not open, is told once and not checked again (an outage is not listed
  // so): an archive spreadsheet is noted gone; the folder of purged cases' Docs is forgotten, so the next purge makes a
  // new one (ADV-479: the trash emptied, every week's pass told the owner to check the sharing of a folder gone for good).
  const goneNow = (store: 'archive' | 'doc-archive', id: string, drift: StoreDrift[]) => {
    const gone = feed?.removed?.has(id) && drift.some((d) => d.kind === 'unreadable' || d.kind === 'repair-failed');
    found.push(...(gone ? [{ store, kind: 'gone' as const, repaired: false }] : drift));
    return gone;
  };
  // The folder of purged cases' Docs (retention.ts): owner only, like the private folder.
  const docArchive = readProp(ctx, PROP.docArchiveFolderId);
  if (
    docArchive &&
    inScope(docArchive) &&
    goneNow('doc-archive', docArchive, auditFolder(ctx, docArchive, owner, 'doc-archive', seen(docArchive)).drift)
  )
    dropProp(ctx, PROP.docArchiveFolderId);
  // The archive spreadsheets (archive.ts) hold what the registry held: owner only, in the private folder.
  const gone = goneArchives(ctx);
  for (const id of Object.values(propMap(ctx, PROP.archiveSpreadsheets))) {
    if (gone[id] || !inScope(id)) continue;
    if (goneNow('archive', id, auditStore(ctx, ARCHIVE_POLICY, id, owner, folderId, seen(id)).drift))
      noteArchiveGone(ctx, id);
  }
  // The status sheet's unexpected people are told once per change of who they are, not every pass (and only a check
  // of the status sheet says who they are now).
  const before = readProp(ctx, STORE_NOTED_PROP) ?? '';
  const noted = statusPeople === null ? before : statusPeople.length ? hashText(statusPeople.sort().join('\n')) : '';
  // A store left in a shared drive is still read and written (the account keeps its access), one given to a member
  // stays theirs until they give it back: told once a day a store and cause, as a case Doc's (ADV-205's alertCases),
  // not every hour, which nobody reads (ADV-580). The mark (`<ms> <kind>`) moves once the notice is committed: a run
  // that dies before leaves it to the next.
  // Once a run too: a dead run's finding (its intent) is found again.
  const told = new Set<string>();
  const daily = (d: StoreDrift) => {
    const key = `${DAILY_MARK}${d.store}`;
    const [at, kind] = String(readProp(ctx, key)).split(' ');
    if (told.has(key) || (kind === d.kind && readNow(ctx) - Number(at) < DAY_MS)) return false;
    const mark = `${readNow(ctx)} ${d.kind}`;
    told.add(key);
    afterCommit(ctx, () => readProp(ctx, key) === mark || writeProp(ctx, key, mark));
    return true;
  };
  // A dead run's finding is found again when its repair never ran (ADV-618): told once, as the run never killed tells it.
  const kept = found.filter(
    (d, i) =>
      found.findIndex((e) => e.store === d.store && e.kind === d.kind) === i &&
      (DAILY_KINDS.includes(d.kind) ? daily(d) : d.kind !== 'unexpected-people' || noted !== before),
  );
  if (noted !== before) {
    if (noted) writeProp(ctx, STORE_NOTED_PROP, noted);
    else dropProp(ctx, STORE_NOTED_PROP);
  }
  for (const d of kept)
    recordAudit(
      ctx,
      d.store === 'folder' && d.kind !== 'trashed' ? 'audit.folder-shared' : `audit.store.${d.kind}`,
      '-',
      `${d.store}; ${d.repaired ? 'repaired' : 'not repaired'}${d.count ? `; ${d.count} people` : ''}`,
    );
  if (kept.length) {
    const message = storeDriftMessage({
      findings: kept.map(describeDrift),
      unrepaired: kept.some((d) => !d.repaired),
    });
    // One message a check; a run can check the stores the feed listed, then the rest at the start of a full pass.
    const checked = hashText(kept.map((d) => `${d.store}/${d.kind}`).join());
    queueMail(ctx, buildOwnerMail({ owner, discriminator: `store-audit:${readNowIso(ctx)}:${checked}`, message }));
  }
  return kept;
}

interface StoreResult {
  drift: StoreDrift[];
  /** Status spreadsheet only: addresses that can open it and are neither the owner nor a member. */
  unexpected: string[];
}

/** The private folder: shared with nobody, no link sharing (makeFolderPrivate repairs both). */
function auditFolder(
  ctx: Context,
  folderId: string,
  owner: string,
  store: 'folder' | 'doc-archive' = 'folder',
  seen?: FileInspection,
): StoreResult {
  // As the feed gave it: clean costs no call; anything else is read again before it is repaired or reported.
  if (seen && !planFolder(seen, owner, store).length) return { drift: [], unexpected: [] };
  try {
    const state = inspectFile(folderId);
    const drift = planFolder(state, owner, store);
    if (!drift.length) return { drift, unexpected: [] };
    // Announced before the repair: a run that dies after it leaves the report to the next audit.
    recordIntent(ctx, `${STORE_INTENT}${store}`, drift);
    if (state.trashed) restoreFromTrash(folderId, true);
    if (drift.some((d) => d.kind !== 'trashed')) makeFolderPrivate(folderId, owner);
    return { drift, unexpected: [] };
  } catch (err) {
    rethrowUnpermitted(err);
    return { drift: [failed(ctx, store, err, 'repair-failed')], unexpected: [] };
  }
}

/** Everyone the status spreadsheet may be shared with: the owner, active members, and members the roster still has to remove. */
function statusPeopleExpected(ctx: Context, owner: string): Set<string> {
  const out = new Set<string>([owner]);
  for (const m of activeMembers(ctx)) out.add(normalizeEmail(m.email));
  for (const row of membersOf(ctx).all()) if (row.active || row.sheetAccess === 'editor') out.add(row.email);
  // Drive may list a member's account under another form of the address typed (Gmail dots, case): ADV-293.
  return new Set([...out].map(canonicalAddress));
}

/** What is wrong with a folder that must be the committee account's alone. */
function planFolder(state: FileInspection, owner: string, store: 'folder' | 'doc-archive'): StoreDrift[] {
  const others = state.users.filter((email) => email !== owner);
  const direct = others.filter((email) => !state.inheritedOnly.includes(email)).length;
  const drift: StoreDrift[] = [];
  if (state.trashed) drift.push({ store, kind: 'trashed', repaired: true });
  if (state.general !== 'PRIVATE') drift.push({ store, kind: 'link-sharing', repaired: true });
  if (direct) drift.push({ store, kind: 'extra-access', repaired: true, count: direct });
  // Put in a folder shared with someone, it shares what it holds with them (makeFolderPrivate moves it out).
  if (direct < others.length) drift.push({ store, kind: 'outside-folder', repaired: true });
  return drift;
}

/** What is wrong with a store under its policy: the repairs, who to remove, and who to report (status sheet). */
function planStore(
  ctx: Context,
  policy: StorePolicy,
  state: FileInspection,
  owner: string,
  folderId: string,
): { plan: StoreDrift[]; direct: string[]; unexpected: string[] } {
  const { store } = policy;
  const expected = policy.ownerOnly ? new Set([canonicalAddress(owner)]) : statusPeopleExpected(ctx, owner);
  // Access a file only inherits from a folder cannot be removed on the file (Drive refuses): the folder's own
  // repair, or moving the file home, withdraws it.
  const others = state.users.filter((email) => !expected.has(canonicalAddress(email)));
  const direct = others.filter((email) => !state.inheritedOnly.includes(email));
  // Given away (Share → Transfer ownership: immediate within a Workspace, ADV-566): only its owner may change its
  // sharing, so nothing is tried; told, as a case Doc's (ADV-205), until it is back.
  if (state.owner && state.owner !== owner)
    return { plan: [{ store, kind: 'not-owner', repaired: false }], direct: [], unexpected: [] };
  const plan: StoreDrift[] = [];
  // First: a store in the trash keeps working until Drive deletes it, with every record in it.
  if (state.trashed) plan.push({ store, kind: 'trashed', repaired: true });
  // An editor the account offered it to (ADV-276): the status spreadsheet's are the members, so nothing else removes it.
  if (state.offered) plan.push({ store, kind: 'offered', repaired: true });
  if (state.general !== 'PRIVATE') plan.push({ store, kind: 'link-sharing', repaired: true });
  if (policy.noReshare && state.shareableByEditors) plan.push({ store, kind: 'reshare-by-editors', repaired: true });
  if (policy.ownerOnly && direct.length)
    plan.push({ store, kind: 'extra-access', repaired: true, count: direct.length });
  const outside = policy.inFolder && folderId && (state.parents.length !== 1 || state.parents[0] !== folderId);
  if (outside) plan.push({ store, kind: 'outside-folder', repaired: true });
  return { plan, direct, unexpected: policy.ownerOnly ? [] : others };
}

function auditStore(
  ctx: Context,
  policy: StorePolicy,
  id: string,
  owner: string,
  folderId: string,
  seen?: FileInspection,
): StoreResult {
  const { store } = policy;
  // As the feed gave it: clean costs no call; anything else is read again before it is repaired or reported.
  if (seen) {
    const dry = planStore(ctx, policy, seen, owner, folderId);
    if (!dry.plan.length && !dry.unexpected.length) return { drift: [], unexpected: [] };
  }
  let state;
  try {
    state = inspectFile(id);
  } catch (err) {
    rethrowUnpermitted(err);
    const drift = [failed(ctx, store, err, 'unreadable')];
    // Announced too: the changes feed moves past it in this run, so a run that dies before its commit left a store given
    // away (ADV-566) untold until the weekly pass (the crash matrix found it; ADV-580).
    recordIntent(ctx, `${STORE_INTENT}${store}`, drift);
    return { drift, unexpected: [] };
  }
  const { plan, direct, unexpected } = planStore(ctx, policy, state, owner, folderId);
  if (!plan.length)
    return {
      drift: unexpected.length ? [{ store, kind: 'unexpected-people', repaired: false, count: unexpected.length }] : [],
      unexpected,
    };
  // Announced before any repair: a run that dies after repairing leaves the report to the next audit.
  recordIntent(ctx, `${STORE_INTENT}${store}`, plan);
  const done: StoreDrift[] = [];
  try {
    for (const d of plan) {
      if (d.kind === 'trashed') restoreFromTrash(id, false);
      else if (d.kind === 'offered') withdrawOffer(id, state.offered);
      else if (d.kind === 'link-sharing' || d.kind === 'reshare-by-editors') {
        ensurePrivate(id);
        // Editors who could share could publish (ADV-212): the members are the status spreadsheet's editors.
        if (d.kind === 'reshare-by-editors' && stopPublishing(id))
          done.push({ store, kind: 'published', repaired: true });
      } else if (d.kind === 'extra-access') {
        for (const email of direct) if (!revokeAccess(id, email).confirmed) throw new Error('revocation not confirmed');
      } else if (d.kind === 'outside-folder') moveIntoFolder(id, folderId);
      done.push(d);
    }
  } catch (err) {
    rethrowUnpermitted(err);
    recordAudit(ctx, 'audit.store.error', '-', `${store}: ${auditError(err, 120)}`);
    done.push({ store, kind: 'repair-failed', repaired: false });
  }
  if (unexpected.length) done.push({ store, kind: 'unexpected-people', repaired: false, count: unexpected.length });
  return { drift: done, unexpected };
}
