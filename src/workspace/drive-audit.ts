// Drive reads and repairs the access audit needs beyond sharing.ts: one file's whole access picture (general access, re-sharing, parents, permissions), moving it home, and un-sharing the private folder.
import { normalizeEmail } from '../core/text';

/** Everything the audit checks about one file, as plain data. */
export interface FileInspection {
  /** `PRIVATE`, or the kind of general access a permission grants (`ANYONE`, `DOMAIN`). */
  general: string;
  shareableByEditors: boolean;
  parents: string[];
  owner: string;
  /** Users with writer access (owner excluded), normalized. */
  editors: string[];
  /** Every user with any direct access except the owner (editors, commenters, readers), normalized. */
  users: string[];
}

type Permission = GoogleAppsScript.Drive_v3.Drive.V3.Schema.Permission;

function listPermissions(fileId: string): Permission[] {
  if (!Drive) throw new Error('The Drive advanced service (v3) is not enabled in appsscript.json');
  return Drive.Permissions.list(fileId, { fields: 'permissions(id,type,role,emailAddress)' }).permissions ?? [];
}

/**
 * Reads one file's access in three calls (getFileById, its parents, Permissions.list). General access is taken
 * from the `anyone` / `domain` permissions, which is what link or domain sharing creates.
 */
export function inspectFile(fileId: string): FileInspection {
  const file = DriveApp.getFileById(fileId);
  const parents: string[] = [];
  const iterator = file.getParents();
  while (iterator.hasNext()) parents.push(iterator.next().getId());
  const shareableByEditors = file.isShareableByEditors();
  const state: FileInspection = { general: 'PRIVATE', shareableByEditors, parents, owner: '', editors: [], users: [] };
  for (const p of listPermissions(fileId)) {
    if (p.type === 'anyone') state.general = 'ANYONE';
    else if (p.type === 'domain') state.general = state.general === 'PRIVATE' ? 'DOMAIN' : state.general;
    else if (p.type === 'user' || p.type === 'group') {
      const email = normalizeEmail(p.emailAddress ?? '');
      if (!email) continue;
      if (p.role === 'owner') {
        state.owner = email;
        continue;
      }
      state.users.push(email);
      if (p.role === 'writer') state.editors.push(email);
    }
  }
  return state;
}

/** Moves a file into `folderId`, out of every other folder (DriveApp.File.moveTo). */
export function moveIntoFolder(fileId: string, folderId: string): void {
  DriveApp.getFileById(fileId).moveTo(DriveApp.getFolderById(folderId));
}

/**
 * Makes the private folder private again: no general access and nobody but the owner. Returns true when it
 * had to change something. Reads first, so a folder that is already right costs two calls.
 */
export function makeFolderPrivate(folderId: string, owner: string): boolean {
  const folder = DriveApp.getFolderById(folderId);
  const others = listPermissions(folderId).filter((p) => p.role !== 'owner' && normalizeEmail(p.emailAddress ?? '') !== owner);
  if (!others.length) return false;
  if (others.some((p) => p.type === 'anyone' || p.type === 'domain')) folder.setSharing(DriveApp.Access.PRIVATE, DriveApp.Permission.VIEW);
  for (const p of others) {
    if (p.type === 'user' || p.type === 'group') Drive!.Permissions.remove(folderId, String(p.id));
  }
  const left = listPermissions(folderId).filter((p) => p.role !== 'owner' && normalizeEmail(p.emailAddress ?? '') !== owner);
  if (left.length) throw new Error('the private folder is still shared after the repair');
  return true;
}
