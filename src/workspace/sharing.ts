// Who can open a file: silent individual shares, revocation confirmed by re-reading, and forcing files private (DESIGN §1 default deny).
import { canonicalAddress } from '../core/identity';
import { normalizeEmail } from '../core/text';
import { errorMessage, rethrowUnpermitted } from './errors';
import { driveFile, driveFolder } from './drive-items';

/** Outcome of a grant: silent (no Google "shared with you" email), or the recorded fallback and why. */
export type GrantResult = { silent: true } | { silent: false; fallback: 'addEditor'; reason: string };

/**
 * On every Permissions call: without it a file in a shared drive (a member may move the status spreadsheet there) is
 * "not found" (Drive guide "Implement shared drive support"), so a member who leaves would keep it (ADV-311).
 */
const ALL_DRIVES = { supportsAllDrives: true };

const PERMISSION_FIELDS = 'permissions(id,type,role,emailAddress,permissionDetails)';

export function drive(): GoogleAppsScript.Drive {
  if (!Drive) throw new Error('The Drive advanced service (v3) is not enabled in appsscript.json');
  return Drive;
}

/**
 * True for Drive's refusal, in English, to share silently with an address that has no Google account (platform
 * reference §2.3). Only a shortcut: the message follows the committee account's language, so `grantEditorSilently`
 * also recognises the refusal by repetition (`afterFailedAttempt`).
 */
export function isNoGoogleAccountError(err: unknown): boolean {
  return /no Google account associated|check the "Notify people" box/i.test(errorMessage(err));
}

/**
 * Ids of the live (not trashed) files of this exact name and type that `owner` (the committee account) owns, made at
 * or after `createdSinceMs` when given: what a run killed before saving a new file's id made. Owned by the account
 * only: getFilesByName lists files others shared with it too, and the names looked up are known outside it (a code
 * name is in every member's status sheet, an archive's name in the published code), so anyone could share a file so
 * named and have the committee's data written into a file they own (ADV-97, ADV-113). `alone`: only a file no other
 * person or group holds, as a run makes it: in one Workspace organization anyone can give the account a file so named,
 * staying its editor ("Transfer ownership" is immediate there; ADV-211).
 */
export function findOwnFilesByName(
  name: string,
  mimeType: string,
  owner: string,
  createdSinceMs = 0,
  alone = false,
): string[] {
  const ids: string[] = [];
  const files = DriveApp.getFilesByName(name);
  while (files.hasNext()) {
    const file = files.next();
    if (file.getMimeType() !== mimeType || file.isTrashed()) continue;
    if (createdSinceMs && file.getDateCreated().getTime() < createdSinceMs) continue;
    if (normalizeEmail(file.getOwner()?.getEmail() ?? '') !== normalizeEmail(owner)) continue;
    const others = (p: Permission) => p.role !== 'owner' && (p.type === 'user' || p.type === 'group');
    if (alone && readFileAccess(file.getId()).permissions.some(others)) continue;
    ids.push(file.getId());
  }
  return ids;
}

/**
 * Adds `email` as an editor without Google's notification (which would carry the file title): Drive v3
 * `Permissions.create` with `sendNotificationEmail: false`. Falls back to `addEditor` (which notifies; the caller
 * records that) only when Drive refuses the silent share: when it says the address has no Google account, or,
 * whatever its message says in the account's language, when the silent share fails again for the same address
 * after an earlier attempt failed (`afterFailedAttempt`) and its words are not those of a passing fault (Drive can
 * fail for an hour or more; a refusal does not clear). Other errors propagate (the caller leaves the share pending
 * and tries again later); `addEditor` refused too throws an error `isShareRefused` knows (ADV-446).
 */
export function grantEditorSilently(
  fileId: string,
  email: string,
  options: { afterFailedAttempt?: boolean } = {},
): GrantResult {
  const address = normalizeEmail(email);
  let reason: string;
  let again = '';
  try {
    drive().Permissions.create({ role: 'writer', type: 'user', emailAddress: address }, fileId, {
      sendNotificationEmail: false,
      fields: 'id',
      ...ALL_DRIVES,
    });
    return { silent: true };
  } catch (err) {
    rethrowUnpermitted(err);
    if (isNoGoogleAccountError(err)) reason = 'no Google account for this address; Drive refused a silent share';
    else if (options.afterFailedAttempt && !isPassingFault(err)) {
      // Only Drive's "no Google account" refusal names the address ("You are trying to invite <address>", kept in any
      // language): other words (a server error in French) never get Google's invitation, which carries the title and
      // would go out in an outage of silent shares alone; they count toward a refusal by repetition (ADV-470).
      if (!errorMessage(err).toLowerCase().includes(address))
        // eslint-disable-next-line preserve-caught-error -- the message carries Drive's words (es2020 has no `cause`)
        throw new Error(`${SHARE_REFUSED}${AGAIN}: ${errorMessage(err)}`);
      reason = 'Drive refused a silent share to this address again';
      again = AGAIN;
    } else throw err;
  }
  // A file Drive no longer gives is not the address's refusal: that error propagates as it is.
  const file = driveFile(fileId);
  try {
    file.addEditor(address);
  } catch (err) {
    rethrowUnpermitted(err);
    // A server error or rate limit is Drive failing for now, not refusing the address (ADV-454).
    if (isPassingFault(err)) throw err;
    // Refused with Google's invitation too: an admin's sharing policy or an account gone, which no retry changes.
    // eslint-disable-next-line preserve-caught-error -- the message carries Drive's words (es2020 has no `cause`)
    throw new Error(`${SHARE_REFUSED}${again}, even with its notification: ${errorMessage(err)}`);
  }
  return { silent: false, fallback: 'addEditor', reason };
}

/**
 * Drive failing for now, in the words known for it (ADV-454): Apps Script's "We're sorry, a server error occurred.
 * Please wait a bit and try again." and "Service invoked too many times" (as MailApp's in mailer.ts), the Drive API's
 * 5xx `backendError` and its rate limits, sharing's included (developers.google.com/drive/api/guides/handle-errors), and
 * ❓ "Internal Error", as the advanced service words a 500. Other words (another language) count toward a refusal (R11).
 */
const isPassingFault = (err: unknown) =>
  /server error|internal error|backend error|rate ?limit|too many times|try again/i.test(errorMessage(err));

/** Starts the error of a share Drive refused even with its notification (`isShareRefused`). */
const SHARE_REFUSED = 'Drive refused this address';
const AGAIN = ' again';

export const isShareRefused = (err: unknown) => errorMessage(err).startsWith(SHARE_REFUSED);

/**
 * A refusal known only by repetition, its words unknown (another language): an outage of every share looks the same,
 * so it is taken for a refusal only once it lasts (`noteShareRefused`, ADV-461).
 */
export const isRefusedByRepetition = (err: unknown) => errorMessage(err).startsWith(SHARE_REFUSED + AGAIN);

function listPermissions(fileId: string): Permission[] {
  const result = drive().Permissions.list(fileId, { fields: PERMISSION_FIELDS, ...ALL_DRIVES });
  return result.permissions ?? [];
}

/**
 * True when a permission exists on the file only because a folder it is in grants it: Drive v3 lists a folder's
 * grantees on each file inside, with `permissionDetails[].inherited` true, and refuses to delete them on the file.
 * A permission without details (older answers) counts as the file's own.
 */
export function isInheritedOnly(permission: Permission): boolean {
  const details = permission.permissionDetails;
  return Array.isArray(details) && details.length > 0 && details.every((d) => d.inherited === true);
}

function removePermission(fileId: string, permissionId: string): void {
  // Apps Script exposes the v3 `delete` method as `remove` (delete is a reserved word in its older runtime);
  // accept either so the code works with both names.
  const permissions = drive().Permissions as unknown as Record<string, unknown>;
  const fn = ('remove' in permissions ? permissions.remove : permissions.delete) as (
    fileId: string,
    id: string,
    options: object,
  ) => void;
  fn.call(permissions, fileId, permissionId, ALL_DRIVES);
}

/**
 * Removes every permission `email` holds on the file itself, then re-reads the permissions to confirm (Drive
 * permission changes are last-writer-wins). `confirmed` is false while the address still holds any permission,
 * inherited ones included. A Google Group's address is one too: Drive lists it as `type` `group` (ADV-202).
 */
export function revokeAccess(fileId: string, email: string): { removed: boolean; confirmed: boolean } {
  // Drive may list the account under another form of the address (Gmail dots, case; ADV-293): it goes too.
  const address = canonicalAddress(email);
  const heldBy = (list: Permission[]) =>
    list.filter(
      (p) =>
        (p.type === 'user' || p.type === 'group') &&
        p.role !== 'owner' &&
        canonicalAddress(p.emailAddress ?? '') === address,
    );
  const all = heldBy(listPermissions(fileId));
  // Access inherited from a folder is not the file's to remove (Drive refuses the delete): it stays, unconfirmed, for
  // the caller to report; the fix is the folder's sharing or moving the file out of it, never a retried delete.
  const direct = all.filter((p) => !isInheritedOnly(p));
  for (const permission of direct) removePermission(fileId, String(permission.id));
  if (!all.length) return { removed: false, confirmed: true };
  if (!direct.length) return { removed: false, confirmed: false };
  const still = heldBy(listPermissions(fileId)).length > 0;
  return { removed: true, confirmed: !still };
}

/**
 * Removes every permission on the file but its owner's: people, groups, link and domain sharing. A file in the trash
 * stays open to those it is shared with, who "can make a copy" (Drive Help, "Delete files"), until Drive deletes it.
 */
export function withdrawAllAccess(fileId: string): void {
  for (const p of listPermissions(fileId))
    if (p.role !== 'owner' && !isInheritedOnly(p)) removePermission(fileId, String(p.id));
}

type Permission = GoogleAppsScript.Drive_v3.Drive.V3.Schema.Permission;

/** One file's sharing as a single Drive v3 `Files.get` returns it. */
export interface FileAccess {
  /** DriveApp.Access name, from the `anyone` / `domain` permission link or domain sharing creates. */
  access: string;
  shareableByEditors: boolean;
  parents: string[];
  permissions: Permission[];
  /** In its owner's trash (Drive deletes it for good 30 days later). */
  trashed: boolean;
  /** Its title (a case Doc's is its code name). */
  name: string;
}

const FILE_ACCESS_FIELDS =
  'name,driveId,parents,trashed,writersCanShare,permissions(id,type,role,emailAddress,allowFileDiscovery,permissionDetails,pendingOwner)';

/** The DriveApp.Access name general access maps to (discoverable sharing is ANYONE / DOMAIN, link-only *_WITH_LINK). */
function generalAccessOf(permissions: Permission[]): string {
  const anyone = permissions.find((p) => p.type === 'anyone');
  if (anyone) return anyone.allowFileDiscovery ? 'ANYONE' : 'ANYONE_WITH_LINK';
  const domain = permissions.find((p) => p.type === 'domain');
  if (domain) return domain.allowFileDiscovery ? 'DOMAIN' : 'DOMAIN_WITH_LINK';
  return 'PRIVATE';
}

/**
 * General access, re-sharing by editors, parents and every permission of a file in one round trip (Drive v3
 * `Files.get`). Drive leaves `permissions` out when the script cannot share the file; that is refused here
 * rather than read as "nobody has access" (default deny).
 */
export function readFileAccess(fileId: string): FileAccess {
  return fileAccessOf(drive().Files.get(fileId, { fields: FILE_ACCESS_FIELDS, ...ALL_DRIVES }), fileId);
}

/** `readFileAccess`'s fields and the file's id: for a listing or a creation that must answer the same. */
export const FILE_ACCESS_FIELDS_WITH_ID = `id,${FILE_ACCESS_FIELDS}`;

/** A file resource Drive returned with FILE_ACCESS_FIELDS, as FileAccess; permissions missing is refused (default deny). */
export function fileAccessOf(file: GoogleAppsScript.Drive_v3.Drive.V3.Schema.File, fileId: string): FileAccess {
  // A shared drive owns what is moved into it, its members read it: never the account's to keep private (`driveId` on the error).
  const { driveId } = file;
  if (driveId) throw Object.assign(new Error(`file ${fileId} is in shared drive ${driveId}`), { driveId });
  if (!Array.isArray(file.permissions))
    throw new Error(`Drive did not list the permissions of file ${fileId} (the script cannot share it)`);
  return {
    access: generalAccessOf(file.permissions),
    shareableByEditors: file.writersCanShare !== false,
    parents: (file.parents ?? []).map(String),
    permissions: file.permissions,
    trashed: file.trashed === true,
    name: String(file.name ?? ''),
  };
}

/** Turns link and domain sharing off: PRIVATE with VIEW, as setSharing refuses PRIVATE with NONE (the permission is moot). */
export function setPrivate(item: GoogleAppsScript.Drive.File | GoogleAppsScript.Drive.Folder): void {
  item.setSharing(DriveApp.Access.PRIVATE, DriveApp.Permission.VIEW);
}

/** Turns link/domain sharing off for a Drive item and stops editors re-sharing it; true when it had to change. */
export function makePrivate(item: GoogleAppsScript.Drive.File | GoogleAppsScript.Drive.Folder): boolean {
  let changed = false;
  if (String(item.getSharingAccess()) !== 'PRIVATE') {
    setPrivate(item);
    changed = true;
  }
  if (item.isShareableByEditors()) {
    item.setShareableByEditors(false);
    changed = true;
  }
  return changed;
}

/**
 * Makes a file PRIVATE (no link or domain sharing) and stops editors from re-sharing it, then reads the
 * access back. Reads first, so a file that is already right costs no write.
 */
export function ensurePrivate(fileId: string): { changed: boolean; access: string } {
  const file = driveFile(fileId);
  const changed = makePrivate(file);
  const access = changed ? String(file.getSharingAccess()) : 'PRIVATE';
  if (access !== 'PRIVATE') throw new Error(`Drive did not make file ${fileId} private (it reports ${access})`);
  return { changed, access };
}

/**
 * True when a file Drive just made (DocStore.createIn) is already where and as a case Doc belongs: only in `folderId`,
 * no link or domain sharing, editors unable to re-share.
 */
export function isPlacedPrivately(access: FileAccess, folderId: string): boolean {
  return (
    access.access === 'PRIVATE' &&
    !access.shareableByEditors &&
    access.parents.length === 1 &&
    access.parents[0] === folderId
  );
}

/**
 * Puts a new case Doc where it belongs: into the private folder, PRIVATE, not re-shareable by editors.
 * One file lookup; safe to repeat (crash recovery runs it again on a half-placed Doc). `made` is Drive's answer when
 * the Doc was just made (DocStore.createIn): when it shows the Doc placed already, no call is made.
 */
export function secureCaseDoc(docId: string, folderId: string, made?: FileAccess): { access: string } {
  if (made && isPlacedPrivately(made, folderId)) return { access: 'PRIVATE' };
  const file = driveFile(docId);
  file.moveTo(driveFolder(folderId));
  if (String(file.getSharingAccess()) !== 'PRIVATE') {
    setPrivate(file);
    const access = String(file.getSharingAccess());
    if (access !== 'PRIVATE') throw new Error(`Drive did not make the case Doc private (it reports ${access})`);
  }
  if (file.isShareableByEditors()) file.setShareableByEditors(false);
  return { access: 'PRIVATE' };
}
