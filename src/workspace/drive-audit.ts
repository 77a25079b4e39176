// Drive reads and repairs the access audit needs beyond sharing.ts: one file's whole access picture (general access, re-sharing, parents, permissions), moving it home, and un-sharing the private folder.
import { isoOf } from '../core/deadlines';
import { normalizeEmail } from '../core/text';
import {
  drive,
  FILE_ACCESS_FIELDS_WITH_ID,
  fileAccessOf,
  isInheritedOnly,
  readFileAccess,
  type FileAccess,
  setPrivate,
} from './sharing';
import { driveFile, driveFolder } from './drive-items';

/** Everything the audit checks about one file, as plain data. */
export interface FileInspection {
  /** DriveApp.Access name: `PRIVATE`, or the link or domain sharing a permission grants (sharing.ts). */
  general: string;
  shareableByEditors: boolean;
  parents: string[];
  owner: string;
  /** Users with writer access (owner excluded), normalized. */
  editors: string[];
  /** Every user with any access except the owner (editors, commenters, readers), normalized. */
  users: string[];
  /**
   * Users whose every permission on the file is inherited from a folder it is in (Drive v3 `permissionDetails`,
   * `inherited: true`): they cannot be removed on the file, only on the folder or by moving the file out of it.
   */
  inheritedOnly: string[];
  /** In its owner's trash. */
  trashed: boolean;
  /** The permission id of an editor the owner offered the file to (`pendingOwner`; accepted, it is theirs): '' for none. */
  offered: string;
  name: string;
}

/**
 * Reads one file's access in one call (Drive v3 Files.get via readFileAccess). General access is taken from the
 * `anyone` / `domain` permissions, which is what link or domain sharing creates.
 */
export function inspectFile(fileId: string): FileInspection {
  return inspectionOf(readFileAccess(fileId));
}

/** Takes a store (a file, or a folder) out of its owner's trash. */
export function restoreFromTrash(id: string, folder: boolean): void {
  (folder ? driveFolder(id) : driveFile(id)).setTrashed(false);
}

/** Takes a file or folder out of the trash if it is there; true when it was (one lookup, then the write if needed). */
export function takeOutOfTrash(id: string, folder: boolean): boolean {
  const item = folder ? driveFolder(id) : driveFile(id);
  if (!item.isTrashed()) return false;
  item.setTrashed(false);
  return true;
}

/** A file's access, read by `Files.get` or listed with its folder, as the audit checks it. */
export function inspectionOf(file: FileAccess): FileInspection {
  const state: FileInspection = {
    general: file.access,
    shareableByEditors: file.shareableByEditors,
    parents: file.parents,
    owner: '',
    editors: [],
    users: [],
    inheritedOnly: [],
    trashed: file.trashed,
    offered: '',
    name: file.name,
  };
  for (const p of file.permissions) {
    if (p.type !== 'user' && p.type !== 'group') continue;
    const email = normalizeEmail(p.emailAddress ?? '');
    if (!email) continue;
    if (p.role === 'owner') {
      state.owner = email;
      continue;
    }
    state.users.push(email);
    if (p.role === 'writer') state.editors.push(email);
    if (isInheritedOnly(p)) state.inheritedOnly.push(email);
    if (p.pendingOwner) state.offered = String(p.id);
  }
  return state;
}

/** Files asked for a page of a folder listing (Drive allows up to 1,000; a page may come back shorter). */
export const LISTING_PAGE = 100;

/** A page of the files in some folders, with each file's access, and where the next page starts. */
export interface FolderPage {
  files: Map<string, FileInspection>;
  /** Drive's `nextPageToken`, or '' after the last page. */
  next: string;
}

/**
 * One page (up to 100 files) of the files in `folderIds` that are not in the trash, oldest first, each with what
 * `inspectFile` reads (Drive v3 `files.list`, the fields of `Files.get` inside `files(...)`). Files created before
 * `createdSince` (ms) are left out. A page may be short before the end (files.list reference): only an empty `next`
 * ends the listing.
 */
export function listFolderAccess(
  folderIds: readonly string[],
  createdSince: number | null,
  pageToken: string,
): FolderPage {
  const parents = folderIds.map((id) => `'${id.replace(/['\\]/g, '\\$&')}' in parents`).join(' or ');
  const since =
    createdSince !== null && Number.isFinite(createdSince)
      ? ` and createdTime >= '${isoOf(createdSince).replace(/\.\d{3}Z$/, 'Z')}'`
      : '';
  const list = drive().Files!.list({
    q: `(${parents}) and trashed = false${since}`,
    orderBy: 'createdTime',
    pageSize: LISTING_PAGE,
    ...(pageToken ? { pageToken } : {}),
    fields: `nextPageToken,files(${FILE_ACCESS_FIELDS_WITH_ID})`,
  });
  const files = new Map<string, FileInspection>();
  // A file without its permissions (one the script cannot share) is left to `inspectFile`, which refuses it alone.
  for (const file of list.files ?? [])
    if (file.id && Array.isArray(file.permissions))
      files.set(String(file.id), inspectionOf(fileAccessOf(file, String(file.id))));
  return { files, next: String(list.nextPageToken ?? '') };
}

/**
 * Stops the publication of every published revision of a Doc (File → Share → Publish to web, Drive v3 `published`,
 * which no permission shows); true when there was one.
 */
export function stopPublishing(fileId: string): boolean {
  const revisions = drive().Revisions!;
  let found = false;
  let pageToken = '';
  do {
    const list = revisions.list(fileId, { fields: 'nextPageToken,revisions(id,published)', pageSize: 1000, pageToken });
    for (const r of list.revisions ?? [])
      if (r.published) {
        revisions.update({ published: false }, fileId, String(r.id));
        found = true;
      }
    pageToken = String(list.nextPageToken ?? '');
  } while (pageToken);
  return found;
}

/**
 * Withdraws the owner's offer of the file to an editor: between consumer accounts "Drive doesn't transfer ownership ...
 * until the prospective new owner explicitly consents" (developers.google.com/workspace/drive/api/guides/transfer-file).
 */
export function withdrawOffer(fileId: string, permissionId: string): void {
  drive().Permissions.update({ pendingOwner: false }, fileId, permissionId);
}

/** Gives a file back its title (a case Doc's is its code name). */
export function renameFile(fileId: string, name: string): void {
  driveFile(fileId).setName(name);
}

/** Moves a file into `folderId`, out of every other folder (DriveApp.File.moveTo). */
export function moveIntoFolder(fileId: string, folderId: string): void {
  driveFile(fileId).moveTo(driveFolder(folderId));
}

/**
 * Makes the private folder private again: no general access and nobody but the owner (out of a shared folder it was put
 * in). Returns what it had to do: '' nothing, `moved` (out of a shared folder), `private`. Reads first, so a folder that is
 * already right costs one call. Setup's check of the folder too (ADV-292).
 */
export function makeFolderPrivate(folderId: string, owner: string): '' | 'moved' | 'private' {
  const othersOf = () =>
    readFileAccess(folderId).permissions.filter(
      (p) => p.role !== 'owner' && normalizeEmail(p.emailAddress ?? '') !== owner,
    );
  const others = othersOf();
  if (!others.length) return '';
  if (others.some((p) => p.type === 'anyone' || p.type === 'domain')) setPrivate(driveFolder(folderId));
  for (const p of others)
    if ((p.type === 'user' || p.type === 'group') && !isInheritedOnly(p))
      Drive!.Permissions.remove(folderId, String(p.id));
  // What is left it holds from a folder it was put in (expansive access): back to the top of My Drive, where setup made it.
  if (!othersOf().length) return 'private';
  driveFolder(folderId).moveTo(DriveApp.getRootFolder());
  if (othersOf().length) throw new Error('the private folder is still shared after the repair');
  return 'moved';
}

/** Files changed since a saved Drive changes token, and the token to save once they are checked. */
export interface ChangedFiles {
  fileIds: string[];
  /**
   * Each changed file's sharing as the feed gave it (its latest state): checked as a listing is, with no call of its
   * own unless something looks wrong. A file the feed gave without its permissions is read alone.
   */
  files: Map<string, FileInspection>;
  /**
   * Files whose latest change is `removed`: "removed from this list of changes, for example by deletion or loss of
   * access" (developers.google.com/workspace/drive/api/reference/rest/v3/changes). For a file the committee account
   * owns, gone for it. With the change's time: the same on every read of the feed.
   */
  removed: Map<string, string>;
  /** Where the next read starts: the feed's `newStartPageToken`, or its `nextPageToken` when pages remain. */
  token: string;
}

/** Drive's token for changes from now on (v3 changes.getStartPageToken). */
export function readChangesStartToken(): string {
  return String(drive().Changes!.getStartPageToken().startPageToken ?? '');
}

/**
 * The distinct files changed since `token` (v3 changes.list, at most `maxPages` pages), each with its sharing: what
 * the incremental access audit checks, so its cost follows the changes, not the number of Docs. Drive lists a change
 * to a file's content too (a Doc or a sheet written), so most of what it lists is clean: the sharing comes in the same
 * call, never a read per file.
 */
export function readChangedFiles(token: string, maxPages: number): ChangedFiles {
  const ids = new Set<string>();
  const files = new Map<string, FileInspection>();
  const removed = new Map<string, string>();
  let next = token;
  for (let page = 0; page < maxPages; page++) {
    const list = drive().Changes!.list(next, {
      pageSize: 1000,
      // A case Doc moved into a shared drive is listed only so (enable-shareddrives guide); it is then read alone.
      supportsAllDrives: true,
      includeItemsFromAllDrives: true,
      fields: `nextPageToken,newStartPageToken,changes(fileId,removed,time,file(${FILE_ACCESS_FIELDS_WITH_ID}))`,
    });
    for (const change of list.changes ?? []) {
      const id = change.fileId;
      if (!id) continue;
      ids.add(id);
      if (change.removed) removed.set(id, String(change.time ?? ''));
      else removed.delete(id);
      // The latest change of a file wins; one without permissions (removed, or not ours to share) is read alone.
      if (!change.removed && change.file && !change.file.driveId && Array.isArray(change.file.permissions))
        files.set(id, inspectionOf(fileAccessOf(change.file, id)));
      else files.delete(id);
    }
    if (list.newStartPageToken) return { fileIds: [...ids], files, removed, token: String(list.newStartPageToken) };
    if (!list.nextPageToken) break;
    next = String(list.nextPageToken);
  }
  return { fileIds: [...ids], files, removed, token: next };
}
