// Emulated Drive: the file/folder store with owners, sharing, general access and access history, plus DriveApp and the Drive v3 advanced service (Permissions, Files.get).

import { createComments } from './comments';
import { GasException, guard } from './runtime';
import type { AccessEvent, FileSnapshot, GeneralAccess, Role, ShareRecord } from './contracts';
import {
  createEnum,
  createIterator,
  createUser,
  emailOf,
  MESSAGES,
  requireValidEmail,
  type DataContext,
} from './data-core';

export type ItemKind = 'folder' | 'spreadsheet' | 'document' | 'form' | 'file';
export type SharingPermission = 'VIEW' | 'COMMENT' | 'EDIT' | 'NONE';

export const MIME_TYPES: Record<ItemKind, string> = {
  folder: 'application/vnd.google-apps.folder',
  spreadsheet: 'application/vnd.google-apps.spreadsheet',
  document: 'application/vnd.google-apps.document',
  form: 'application/vnd.google-apps.form',
  file: 'text/plain',
};

export const ACCESS_NAMES = ['ANYONE', 'ANYONE_WITH_LINK', 'DOMAIN', 'DOMAIN_WITH_LINK', 'PRIVATE'] as const;
export const PERMISSION_NAMES = ['VIEW', 'EDIT', 'COMMENT', 'OWNER', 'ORGANIZER', 'FILE_ORGANIZER', 'NONE'] as const;

export interface DriveItem {
  id: string;
  kind: ItemKind;
  name: string;
  description: string;
  owner: string;
  editors: string[];
  commenters: string[];
  viewers: string[];
  access: GeneralAccess;
  /** The role general access grants; NONE while access is PRIVATE. */
  permission: SharingPermission;
  parents: string[];
  trashed: boolean;
  /** When it was last put in the trash (Drive deletes it for good 30 days later: `expireTrash`). */
  trashedAt?: number;
  /**
   * The folder whose trashing put it in the trash with it: "explicitlyTrashed: Whether the file has been explicitly
   * trashed, as opposed to recursively trashed from a parent folder" (Drive v3 File); restoring that folder restores it.
   */
  trashedWith?: string;
  shareableByEditors: boolean;
  /**
   * Published to the web (File → Share → Publish to web): "anyone who has the URL to your publication can view" it,
   * whatever the sharing (support.google.com/drive/answer/183965). Drive v3 keeps it on the revisions (`published`),
   * not in any permission; whether the changes feed lists it is not documented, so the emulator does not.
   */
  published?: boolean;
  /**
   * An editor the owner offered the file to ("Transfer ownership" between consumer accounts): "Drive doesn't transfer
   * ownership between two consumer accounts until the prospective new owner explicitly consents"; the offer is the
   * editor's permission with `pendingOwner=true`, accepted by them at any time
   * (developers.google.com/workspace/drive/api/guides/transfer-file).
   */
  pendingOwner?: string;
  /**
   * A Form's "Anyone with the link" responder: a Drive permission `{ type: 'anyone', role: 'reader', view: 'published' }`
   * that Permissions.list shows only with `includePermissionsForView: 'published'` (Forms API guide "Publish and manage
   * responders", googleworkspace/python-samples forms/snippets/anyone_with_link_responder.py). ❓ Whether publishing a
   * Form through Apps Script or the API adds it is not documented: without it a published Form is "Restricted", answered
   * only by the people it is shared with, the stricter case modelled here (selfTest's Form line checks the account).
   */
  anyoneResponds?: boolean;
  createdAt: number;
  updatedAt: number;
  /** Set on each user's "My Drive" root folder. */
  rootOf?: string;
  /**
   * The shared drive (Workspace) the item is in: the id of that drive's root folder, whose editors and viewers are the
   * drive's members. "Shared drives support files owned by an organization rather than an individual user"
   * (developers.google.com/workspace/drive/api/guides/about-shareddrives): such an item has no owner (`owner` '').
   */
  driveId?: string;
  content?: string;
  /** Principals and their roles as of the last access change; history events are diffs against it. */
  effective: Map<string, Role>;
}

const ROLE_RANK: Record<Role | 'none', number> = { none: 0, reader: 1, commenter: 2, writer: 3, owner: 4 };
const PERMISSION_ROLE: Record<SharingPermission, Role | 'none'> = {
  VIEW: 'reader',
  COMMENT: 'commenter',
  EDIT: 'writer',
  NONE: 'none',
};

const TRASH_KEPT_MS = 30 * 24 * 3600 * 1000;
const TRASH_CHECK_MS = 3600 * 1000;

function maxRole(a: Role | 'none', b: Role | 'none'): Role | 'none' {
  return ROLE_RANK[a] >= ROLE_RANK[b] ? a : b;
}

function domainOf(email: string): string {
  return email.split('@')[1]?.toLowerCase() ?? '';
}

/** A stable numeric permission id per address, like Drive's per-user permission ids. */
export function permissionIdOf(email: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < email.length; i++) {
    h1 = Math.imul(h1 ^ email.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + email.charCodeAt(i), 2246822519) >>> 0;
  }
  return (String(h1).padStart(10, '0') + String(h2).padStart(10, '0')).slice(0, 20);
}

export interface GrantOptions {
  via: string;
  by: string;
  /** Whether Google's "shared with you" email goes out. */
  notify: boolean;
}

/**
 * The Drive store. Every item (folders, Docs-editors files, plain files) lives here with its sharing; the
 * Sheets, Docs and Forms stores keep only their content and look sharing up here.
 */
export class DriveStore {
  readonly items = new Map<string, DriveItem>();
  readonly history: AccessEvent[] = [];
  readonly shareLog: ShareRecord[] = [];
  readonly notifications: Array<{ at: number; to: string; fileId: string; title: string }> = [];
  readonly noGoogleAccount = new Set<string>();
  /**
   * A Workspace admin's "Sharing outside of <organisation>" (Admin console > Drive and Docs > Sharing settings,
   * support.google.com/a/answer/60781): `on` (the default), `off` ("users can't share ... Invitations to items created
   * in Docs, Sheets, and Slides" with external users), or the allowlisted domains it may share with. It governs the
   * files' owner, the committee account ("Users can't share files they don't own beyond what is allowed for the file
   * owners"). Forms' responders are not limited ("users can still share forms with external responders").
   */
  sharingOutside: 'on' | 'off' | string[] = 'on';
  /**
   * A Workspace admin's general access default for new items (Admin console > Drive and Docs > Sharing settings,
   * support.google.com/a/answer/60781: "When users in <organisation> create items, the default access will be"):
   * `PRIVATE` (the default), or the organisation with the link. Drive v3 `files.create` documents it for API calls too
   * (`ignoreDefaultVisibility`: "Domain administrators can choose to make all uploaded files visible to the domain by
   * default; this parameter bypasses that behavior for the request"). ❓ Whether Apps Script's
   * SpreadsheetApp/DocumentApp/FormApp.create and DriveApp.createFolder follow it is not documented: the stricter case
   * is modelled, every new item the organisation's, with view access.
   */
  newItemsAccess: 'PRIVATE' | 'DOMAIN_WITH_LINK' = 'PRIVATE';
  /** Accounts of the owner's organisation its admin deleted (`deleteAccount`): Drive refuses any share to them. */
  readonly deletedAccounts = new Set<string>();
  /**
   * Accounts an admin suspended (`suspendAccount`). Their shares stay ("Shared documents are still accessible to
   * collaborators", "New email and calendar invitations are blocked": Admin help, Suspend a user,
   * support.google.com/a/answer/33312). ❓ Google documents no refusal of a share to one: a silent share is made; a
   * notified one is made too but fails for its blocked email, in the words Drive answers when a share's email cannot be
   * sent ("Sorry, the items were successfully shared but emails could not be sent to …", GAM 7.34.04 release notes).
   */
  readonly suspendedAccounts = new Set<string>();
  /**
   * Address shared with → the address Drive lists on the account's permission: a Gmail dot or case variant of the
   * account's address (Gmail ignores dots, support.google.com/mail/answer/7436150), or a renamed account's original
   * address, now an alias ("print drivefileacls appears to report the user's original email address (which is a
   * current alias)", GAM issue taers232c/GAMADV-XTD3#297). Shares and removals by address reach that permission.
   */
  readonly listedAddress = new Map<string, string>();
  /**
   * Google Groups (group address → member addresses). A file shared with a group's address is shared with the group:
   * its members open it, and Drive v3 lists one permission of `type` `group` with the group's `emailAddress` ("The type
   * of the grantee. Valid values are: user, group, domain, anyone", Permission resource), never one per member.
   */
  readonly groups = new Map<string, Set<string>>();
  /**
   * Accounts whose Google storage is full (a test's `ws.data.drive.storageFull.add(owner)`, ADV-565). Drive then refuses
   * every new file they would own, with the Drive API's `The user's Drive storage quota has been exceeded.`
   * (`storageQuotaExceeded`, quoted in zond/android-diplicity#93, apache/opendal#4071, ericberman/MyFlightbookWeb#294);
   * Google's help lists "You cannot create new Google file types such as Google Docs, Sheets, Slides, Drawings, Forms"
   * among the effects (as relayed by the ncsu.edu and umich.edu help pages; Google's own page was not reachable here).
   * Gmail goes on sending ("Your email will not be affected, and you can still send and receive emails", same pages; a
   * consumer account over quota was seen still sending while Gmail warned it would "soon be unable to send or receive
   * emails", webapps.stackexchange.com question 86582): mail is not modelled as refused. ❓ Not modelled: the same pages
   * say nobody can edit the owner's files nor submit its Forms until space is freed; Apps Script's own wording of the
   * error (DocumentApp.create rather than the Drive API) is not documented.
   */
  readonly storageFull = new Set<string>();
  /**
   * What `DriveApp.getStorageUsed()` and `getStorageLimit()` give an account (bytes; a test's `setStorageUse`, ADV-571):
   * "the number of bytes the user is currently storing in Drive" and "is allowed to store in Drive" (Apps Script
   * reference, as quoted by @types/google-apps-script). Unset: nothing used of a personal account's 15 GB; a full
   * storage (above) reports the limit used. Drive API v3 `About.storageQuota.limit` is "not present if the user has
   * unlimited storage" (some Workspace plans): ❓ what Apps Script then returns is undocumented; a test sets 0.
   */
  readonly storageUse = new Map<string, { used: number; limit: number }>();
  /**
   * Drive's change log (v3 `changes`): one entry per change to an item's metadata or sharing, in order; a page token
   * is the 1-based position of the next entry. Only the item changed is logged: whether the files in a folder whose
   * sharing changed are listed too is not documented, so the stricter case (they are not) is modelled and selfTest
   * checks on a real account that a sharing change to a file is listed at all.
   */
  readonly changes: Array<{ fileId: string; at: number }> = [];
  /**
   * Each file's latest entry in `changes` (1-based). "Since changes represent the current state of an item, individual
   * change entries may be invalidated and replaced with a newer change entry for the corresponding item"
   * (developers.google.com/workspace/drive/api/guides/about-changes): a list skips an entry a later one replaced, so
   * a file written many times since a token is listed once, with its state now.
   */
  readonly latestChange = new Map<string, number>();
  /**
   * Page tokens below this position are refused (`Invalid Value`): "If the token is rejected for any reason, it should
   * be discarded, and pagination should be restarted" (v3 ChangeList `nextPageToken`). Google names no cause, so a
   * test says when (`ws.data.rejectChangeTokens()`).
   */
  changeTokensValidFrom = 0;
  /**
   * Items deleted for good, as they were: the change log lists a deletion to whoever could read the item then
   * (`removed`: "Whether the file or shared drive has been removed from this list of changes, for example by deletion
   * or loss of access", developers.google.com/workspace/drive/api/reference/rest/v3/changes).
   */
  readonly deleted = new Map<string, DriveItem>();
  private readonly roots = new Map<string, string>();
  private trashCheckedAt = -Infinity;

  constructor(private readonly ctx: DataContext) {}

  get(id: unknown): DriveItem | undefined {
    this.expireTrash();
    return typeof id === 'string' ? this.items.get(id) : undefined;
  }

  /** Every item Drive still holds (the trash expired first). */
  all(): DriveItem[] {
    this.expireTrash();
    return [...this.items.values()];
  }

  /**
   * "Files in the trash are automatically deleted after 30 days"
   * (developers.google.com/workspace/drive/api/guides/delete): an item trashed that long is deleted for good, so a
   * File object in hand, `openById` and every listing stop finding it. Checked at most once a simulated hour (a
   * deletion up to an hour late is still "after 30 days"), so a lookup stays cheap in worlds of thousands of files.
   */
  expireTrash(): void {
    const now = this.ctx.rt.now();
    if (now - this.trashCheckedAt < TRASH_CHECK_MS) return;
    this.trashCheckedAt = now;
    for (const item of [...this.items.values()])
      if (item.trashed && item.trashedAt !== undefined && now >= item.trashedAt + TRASH_KEPT_MS) this.remove(item);
  }

  /** Puts an item in the trash or takes it out (the clock of its deletion starts when it goes in). */
  setTrashed(item: DriveItem, trashed: boolean): void {
    this.markTrashed(item, trashed);
    delete item.trashedWith;
    if (item.kind !== 'folder') return;
    // A folder takes what it holds with it, and brings back what went with it: v3 File `trashed` is "Whether the file
    // has been trashed, either explicitly or from a trashed parent folder", `explicitlyTrashed` "as opposed to
    // recursively trashed from a parent folder". "Only the owner may trash a file": what others own in it stays. What
    // was in the trash on its own stays there when the folder comes back.
    for (const descendant of this.descendants(item)) {
      if (trashed && !descendant.trashed && descendant.owner === item.owner) {
        this.markTrashed(descendant, true);
        descendant.trashedWith = item.id;
      } else if (!trashed && descendant.trashedWith === item.id) {
        this.markTrashed(descendant, false);
        delete descendant.trashedWith;
      }
    }
  }

  private markTrashed(item: DriveItem, trashed: boolean): void {
    if (trashed && !item.trashed) item.trashedAt = this.ctx.rt.now();
    item.trashed = trashed;
    item.updatedAt = this.ctx.rt.now();
    this.noteChange(item);
  }

  /** Deletes an item for good at once, as "Delete forever" in the trash (or emptying it) does. */
  deleteForever(id: string): void {
    const item = this.items.get(id);
    if (item) this.remove(item);
  }

  /** Deletes an item for good; the change log lists the deletion (`deleted`). */
  private remove(item: DriveItem): void {
    this.items.delete(item.id);
    this.deleted.set(item.id, item);
    this.noteChange(item);
  }

  /** Creates an item owned by `owner`, in `parentId` or the owner's root folder. */
  create(kind: ItemKind, name: string, owner: string, parentId?: string): DriveItem {
    if (this.storageFull.has(owner)) throw new GasException("The user's Drive storage quota has been exceeded.");
    const now = this.ctx.rt.now();
    const item: DriveItem = {
      id: this.ctx.nextFileId(),
      kind,
      name,
      description: '',
      owner,
      editors: [],
      commenters: [],
      viewers: [],
      access: this.newItemsAccess,
      permission: this.newItemsAccess === 'PRIVATE' ? 'NONE' : 'VIEW',
      parents: [parentId ?? this.rootFolder(owner).id],
      trashed: false,
      shareableByEditors: true,
      createdAt: now,
      updatedAt: now,
      effective: new Map(),
    };
    this.items.set(item.id, item);
    this.sync(item, `${kind}:create`, owner);
    this.noteChange(item);
    return item;
  }

  /** Each user's "My Drive" root, created on first use. Never shared. */
  rootFolder(email: string): DriveItem {
    const existing = this.roots.get(email);
    if (existing) return this.items.get(existing)!;
    const now = this.ctx.rt.now();
    const root: DriveItem = {
      id: '0A' + this.ctx.nextFileId().slice(1, 20) + 'Uk9PVA',
      kind: 'folder',
      name: 'My Drive',
      description: '',
      owner: email,
      editors: [],
      commenters: [],
      viewers: [],
      access: 'PRIVATE',
      permission: 'NONE',
      parents: [],
      trashed: false,
      shareableByEditors: true,
      createdAt: now,
      updatedAt: now,
      rootOf: email,
      effective: new Map([[email, 'owner']]),
    };
    this.items.set(root.id, root);
    this.roots.set(email, root.id);
    return root;
  }

  /** The role `user` holds on `item` by any route: owner, direct share, a parent folder, or general access. */
  roleOf(user: string, item: DriveItem, seen = new Set<string>()): Role | 'none' {
    const email = user.toLowerCase();
    // Someone signed out ('') reaches only what "anyone with the link" may: their edits are anonymous.
    if (!email) return item.access.startsWith('ANYONE') ? PERMISSION_ROLE[item.permission] : 'none';
    if (item.owner.toLowerCase() === email) return 'owner';
    let role: Role | 'none' = 'none';
    if (item.editors.includes(email)) role = 'writer';
    else if (item.commenters.includes(email)) role = 'commenter';
    else if (item.viewers.includes(email)) role = 'reader';
    for (const [group, members] of this.groups) {
      if (!members.has(email)) continue;
      if (item.editors.includes(group)) role = maxRole(role, 'writer');
      else if (item.commenters.includes(group)) role = maxRole(role, 'commenter');
      else if (item.viewers.includes(group)) role = maxRole(role, 'reader');
    }
    const general = PERMISSION_ROLE[item.permission];
    if (item.access === 'ANYONE' || item.access === 'ANYONE_WITH_LINK') role = maxRole(role, general);
    if ((item.access === 'DOMAIN' || item.access === 'DOMAIN_WITH_LINK') && domainOf(email) === domainOf(item.owner))
      role = maxRole(role, general);
    seen.add(item.id);
    for (const parentId of item.parents) {
      const parent = this.items.get(parentId);
      if (!parent || seen.has(parentId)) continue;
      const inherited = this.roleOf(email, parent, seen);
      // A folder's owner edits what is put in it; it does not own it.
      role = maxRole(role, inherited === 'owner' ? 'writer' : inherited);
    }
    return role;
  }

  canRead(user: string, item: DriveItem): boolean {
    return this.roleOf(user, item) !== 'none';
  }

  canWrite(user: string, item: DriveItem): boolean {
    const role = this.roleOf(user, item);
    return role === 'owner' || role === 'writer';
  }

  /**
   * Owners share; editors too unless the owner turned that off (setShareableByEditors(false)). In a shared drive an
   * editor always may: "writersCanShare: Can't restrict sharing by role in shared drives" (Drive API guide
   * "Shared drive versus My Drive API differences"; the drive's own restrictions are not modelled).
   */
  canShare(user: string, item: DriveItem): boolean {
    const role = this.roleOf(user, item);
    return role === 'owner' || (role === 'writer' && (item.shareableByEditors || !!item.driveId));
  }

  /** Who can open the item and how, by every route; general access appears as `anyone` / `domain`. */
  principals(item: DriveItem, seen = new Set<string>()): Map<string, Role> {
    const out = new Map<string, Role>();
    const add = (who: string, role: Role | 'none') => {
      if (role === 'none') return;
      const current = out.get(who);
      if (!current || ROLE_RANK[role] > ROLE_RANK[current]) out.set(who, role);
    };
    // A shared drive's item has no owner ('').
    if (item.owner) add(item.owner, 'owner');
    for (const e of item.editors) add(e, 'writer');
    for (const e of item.commenters) add(e, 'commenter');
    for (const e of item.viewers) add(e, 'reader');
    if (item.access !== 'PRIVATE')
      add(item.access.startsWith('DOMAIN') ? 'domain' : 'anyone', PERMISSION_ROLE[item.permission]);
    seen.add(item.id);
    for (const parentId of item.parents) {
      const parent = this.items.get(parentId);
      if (!parent || seen.has(parentId)) continue;
      for (const [who, role] of this.principals(parent, seen)) add(who, role === 'owner' ? 'writer' : role);
    }
    return out;
  }

  /** Recomputes who can open `item` and appends the differences to the access history. */
  sync(item: DriveItem, via: string, by: string, notified?: { email: string; notify: boolean }): void {
    const next = this.principals(item);
    // A group's members hold what the group holds: the history names each of them too.
    for (const [who, role] of [...next])
      for (const member of this.groups.get(who) ?? [])
        if (ROLE_RANK[role] > ROLE_RANK[next.get(member) ?? 'none']) next.set(member, role);
    const at = this.ctx.rt.now();
    for (const [who, role] of next) {
      if (item.effective.get(who) === role) continue;
      const event: AccessEvent = { at, fileId: item.id, principal: who, role, change: 'grant', via, by };
      if (notified && notified.email === who) event.notified = notified.notify;
      this.history.push(event);
    }
    for (const [who] of item.effective) {
      if (!next.has(who))
        this.history.push({ at, fileId: item.id, principal: who, role: 'none', change: 'revoke', via, by });
    }
    item.effective = next;
    item.updatedAt = at;
  }

  /** Syncs an item and, for a folder, everything below it (inherited access is labelled `folder:<id>`). */
  syncTree(item: DriveItem, via: string, by: string, notified?: { email: string; notify: boolean }): void {
    this.noteChange(item);
    this.sync(item, via, by, notified);
    if (item.kind !== 'folder') return;
    for (const descendant of this.descendants(item)) this.sync(descendant, `folder:${item.id}`, by);
  }

  /** Refuses every page token issued so far; an entry of no file moves the next start token past them. */
  rejectChangeTokens(): void {
    this.changes.push({ fileId: '', at: this.ctx.rt.now() });
    this.changeTokensValidFrom = this.changes.length + 1;
  }

  /** Logs a change to `item` in Drive's change log (`changes`). */
  noteChange(item: DriveItem): void {
    this.changes.push({ fileId: item.id, at: this.ctx.rt.now() });
    this.latestChange.set(item.id, this.changes.length);
  }

  /**
   * A write to a file's content (cells, a Doc's body, a Form response) made durable: Drive's change log lists
   * "a change made to a file or shared drive's content or metadata"
   * (developers.google.com/workspace/drive/api/guides/change-overview), and the file's modifiedTime moves.
   */
  noteContentChange(item: DriveItem): void {
    item.updatedAt = this.ctx.rt.now();
    this.noteChange(item);
  }

  children(folder: DriveItem): DriveItem[] {
    const out: DriveItem[] = [];
    for (const item of this.all()) if (item.parents.includes(folder.id)) out.push(item);
    return out;
  }

  descendants(folder: DriveItem): DriveItem[] {
    const out: DriveItem[] = [];
    const seen = new Set<string>([folder.id]);
    const queue = [folder];
    while (queue.length) {
      const current = queue.shift()!;
      for (const child of this.children(current)) {
        if (seen.has(child.id)) continue;
        seen.add(child.id);
        out.push(child);
        if (child.kind === 'folder') queue.push(child);
      }
    }
    return out;
  }

  /**
   * Shares `item` with one person. A viewer given edit is promoted; a lower role than the one held is a
   * no-op (addViewer on an editor "has no effect"). Records the share and, if sent, Google's notification.
   */
  grantUser(
    item: DriveItem,
    rawEmail: string,
    role: 'writer' | 'commenter' | 'reader',
    options: GrantOptions,
  ): boolean {
    const valid = requireValidEmail(rawEmail);
    const refused = this.shareOutRefusal(item, valid);
    if (refused) throw new GasException(refused);
    const email = this.listedAddress.get(valid) ?? valid;
    if (email === item.owner.toLowerCase()) return false;
    const current: Role | 'none' = item.editors.includes(email)
      ? 'writer'
      : item.commenters.includes(email)
        ? 'commenter'
        : item.viewers.includes(email)
          ? 'reader'
          : 'none';
    if (ROLE_RANK[current] >= ROLE_RANK[role]) return false;
    this.removeDirect(item, email);
    (role === 'writer' ? item.editors : role === 'commenter' ? item.commenters : item.viewers).push(email);
    const at = this.ctx.rt.now();
    this.shareLog.push({ at, docId: item.id, email, silent: !options.notify, via: options.via });
    const blocked = options.notify && this.suspendedAccounts.has(email);
    if (options.notify && !blocked) this.notifications.push({ at, to: email, fileId: item.id, title: item.name });
    this.syncTree(item, options.via, options.by, { email, notify: options.notify && !blocked });
    if (blocked) throw new GasException(MESSAGES.sharedNotSent(email));
    return true;
  }

  /** Drive's refusal to share `item` with `email` under the owner's organisation's policy, or null. */
  shareOutRefusal(item: DriveItem, email: string): string | null {
    // ❓ Google documents no wording for a share to a deleted user of the organisation: Apps Script's for a bad grantee.
    if (this.deletedAccounts.has(email)) return 'Invalid argument: permission.value';
    const policy = this.sharingOutside;
    const home = domainOf(item.owner);
    const domain = domainOf(email);
    if (policy === 'on' || domain === home || (Array.isArray(policy) && policy.includes(domain))) return null;
    return MESSAGES.shareOutNotPermitted(home);
  }

  /**
   * An admin deletes a user of the organisation. ❓ Google documents what becomes of the user's own files, not of
   * their permissions on others': the stricter case is modelled (the permissions go, listed in the changes feed as any
   * sharing change; the address has no Google account any more, and a share to it is refused even notified).
   */
  /** An admin suspends (or restores) a user of the organisation: see `suspendedAccounts`. */
  suspendAccount(rawEmail: string, suspended = true): void {
    if (suspended) this.suspendedAccounts.add(rawEmail.toLowerCase());
    else this.suspendedAccounts.delete(rawEmail.toLowerCase());
  }

  deleteAccount(rawEmail: string): void {
    const email = rawEmail.toLowerCase();
    this.deletedAccounts.add(email);
    this.noGoogleAccount.add(email);
    for (const item of this.all())
      if ([...item.editors, ...item.commenters, ...item.viewers].includes(email))
        this.revokeUser(item, email, 'all', 'admin:delete-user', 'admin');
  }

  /** Removes a direct share. `scope` 'editor' only drops an editor; 'viewer' only a viewer/commenter. */
  revokeUser(item: DriveItem, rawEmail: string, scope: 'editor' | 'viewer' | 'all', via: string, by: string): void {
    const email = this.listedAddress.get(rawEmail.toLowerCase()) ?? rawEmail.toLowerCase();
    const isEditor = item.editors.includes(email);
    if (scope === 'editor' && !isEditor) return;
    if (scope === 'viewer' && isEditor) return;
    this.removeDirect(item, email);
    this.syncTree(item, via, by);
  }

  private removeDirect(item: DriveItem, email: string): void {
    // An offer of ownership lives on the editor's permission: it goes with it.
    if (item.pendingOwner === email) delete item.pendingOwner;
    item.editors = item.editors.filter((e) => e !== email);
    item.commenters = item.commenters.filter((e) => e !== email);
    item.viewers = item.viewers.filter((e) => e !== email);
  }

  setGeneralAccess(
    item: DriveItem,
    access: GeneralAccess,
    permission: SharingPermission,
    via: string,
    by: string,
  ): void {
    item.access = access;
    item.permission = access === 'PRIVATE' ? 'NONE' : permission;
    this.syncTree(item, via, by);
  }

  move(item: DriveItem, folder: DriveItem, via: string, by: string): void {
    item.parents = [folder.id];
    this.syncTree(item, via, by);
  }

  transferOwnership(item: DriveItem, newOwner: string, via: string, by: string): void {
    const previous = item.owner;
    delete item.pendingOwner;
    this.removeDirect(item, newOwner);
    item.owner = newOwner;
    if (!item.editors.includes(previous)) item.editors.push(previous);
    this.syncTree(item, via, by);
  }

  /** A shared drive: its root folder, owned by no one, its members the root's editors and viewers (a manager too). */
  createSharedDrive(name: string, members: Record<string, 'writer' | 'reader'>, by: string): DriveItem {
    const root = this.create('folder', name, by);
    root.owner = '';
    root.parents = [];
    root.driveId = root.id;
    for (const [email, role] of Object.entries(members)) (role === 'writer' ? root.editors : root.viewers).push(email);
    this.syncTree(root, 'ui:shared-drive', by);
    return root;
  }

  /**
   * Moves a file into a shared drive: "Moving files and folders to a shared drive changes ownership from the user to
   * the shared drive"; "only members of the shared drive and people the file is directly shared with can access the
   * file"; an owner who is not a member "lose[s] ownership but can still access the file as its creator" (an editor
   * here); access the file held from its My Drive folders is not copied (support.google.com/a/answer/7374057).
   */
  moveToSharedDrive(item: DriveItem, root: DriveItem, by: string): void {
    const previous = item.owner;
    item.owner = '';
    item.driveId = root.driveId;
    item.parents = [root.id];
    if (!item.editors.includes(previous)) item.editors.push(previous);
    this.syncTree(item, 'ui:move-to-shared-drive', by);
  }

  /** Every principal that ever held access by any route; general access counts as `anyone`. */
  everHadAccess(id: string): string[] {
    const out = new Set<string>();
    for (const event of this.history) {
      if (event.fileId !== id || event.change !== 'grant') continue;
      out.add(event.principal === 'domain' ? 'anyone' : event.principal);
    }
    return [...out].sort();
  }

  /** True when some ancestor folder is shared beyond its owner or has general access (DESIGN §7.1). */
  inSharedFolder(item: DriveItem): boolean {
    const seen = new Set<string>([item.id]);
    const queue = [...item.parents];
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const folder = this.items.get(id);
      if (!folder) continue;
      const others = [...folder.editors, ...folder.commenters, ...folder.viewers].filter(
        (e) => e !== folder.owner.toLowerCase(),
      );
      if (others.length > 0 || folder.access !== 'PRIVATE') return true;
      queue.push(...folder.parents);
    }
    return false;
  }

  snapshot(item: DriveItem): FileSnapshot {
    return {
      id: item.id,
      name: item.name,
      mimeType: MIME_TYPES[item.kind],
      owner: item.owner,
      editors: [...item.editors],
      viewers: [...item.commenters, ...item.viewers],
      access: item.access,
      parents: [...item.parents],
      trashed: item.trashed,
      published: Boolean(item.published),
      everHadAccess: this.everHadAccess(item.id),
      inSharedFolder: this.inSharedFolder(item),
      shareableByEditors: item.shareableByEditors,
      ...(item.description ? { description: item.description } : {}),
    };
  }

  /** The URL Google gives each kind of item. */
  urlOf(item: DriveItem): string {
    switch (item.kind) {
      case 'spreadsheet':
        return `https://docs.google.com/spreadsheets/d/${item.id}/edit`;
      case 'document':
        return `https://docs.google.com/document/d/${item.id}/edit`;
      case 'form':
        return `https://docs.google.com/forms/d/${item.id}/edit`;
      case 'folder':
        return `https://drive.google.com/drive/folders/${item.id}`;
      default:
        return `https://drive.google.com/file/d/${item.id}/view?usp=drivesdk`;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checks shared by the services (each throws the message the real service would)

  /** The item if `user` can open it, else the Drive "no item" message (same text for missing and forbidden). */
  requireReadable(id: unknown, user: string, kind?: ItemKind | 'any-file'): DriveItem {
    const item = this.get(id);
    if (!item || !this.canRead(user, item)) throw new GasException(MESSAGES.noItem);
    if (kind === 'any-file' && item.kind === 'folder') throw new GasException(MESSAGES.noItem);
    if (kind && kind !== 'any-file' && item.kind !== kind) throw new GasException(MESSAGES.noItem);
    return item;
  }

  /**
   * For SpreadsheetApp/DocumentApp/FormApp.openById. ❓ A missing id gives the Drive "no item" text
   * (reference §3 lists it for openById); an existing file the user cannot open gives "You do not have
   * permissions to access the requested document."
   */
  /**
   * Whether `DocumentApp.openById` (and the other services' `openById`) open a trashed file. Google does not document it
   * (docs/architecture.md, "taken out of the trash"); open by default, and a test turns it off for the stricter case.
   */
  trashedOpenable = true;

  requireOpenable(id: unknown, user: string, kind: ItemKind): DriveItem {
    const item = this.get(id);
    if (!item || item.kind !== kind || (item.trashed && !this.trashedOpenable)) throw new GasException(MESSAGES.noItem);
    if (!this.canRead(user, item)) throw new GasException(MESSAGES.noDocumentAccess);
    return item;
  }

  requireWritable(item: DriveItem, user: string, service: string): void {
    if (!this.canRead(user, item)) throw new GasException(MESSAGES.noDocumentAccess);
    if (!this.canWrite(user, item)) throw new GasException(MESSAGES.accessDenied(service));
  }

  requireSharable(item: DriveItem, user: string, service: string): void {
    if (!this.canShare(user, item)) throw new GasException(MESSAGES.accessDenied(service));
  }
}

// ---------------------------------------------------------------------------------------------------
// Sharing members common to File, Folder, Spreadsheet, Document and Form

/** addEditor/removeEditor/getEditors… as the Docs-editors classes expose them, bound to one Drive item. */
export function createSharingMembers(
  ctx: DataContext,
  drive: DriveStore,
  item: DriveItem,
  className: string,
  service: string,
) {
  const user = () => ctx.user(`${className}.sharing`);
  const users = (emails: string[]) => emails.map((e) => createUser(ctx.rt, e));
  return {
    addEditor(emailOrUser: unknown) {
      return ctx.call(
        `${className}.addEditor`,
        () => {
          const me = user();
          drive.requireSharable(item, me, service);
          // DriveApp/SpreadsheetApp/DocumentApp addEditor always send Google's notification (no way to turn it off).
          drive.grantUser(item, emailOf(emailOrUser), 'writer', {
            via: `${className}.addEditor`,
            by: me,
            notify: true,
          });
        },
        true,
      );
    },
    addEditors(emails: unknown) {
      return ctx.call(
        `${className}.addEditors`,
        () => {
          const me = user();
          drive.requireSharable(item, me, service);
          for (const email of asArray(emails))
            drive.grantUser(item, emailOf(email), 'writer', { via: `${className}.addEditors`, by: me, notify: true });
        },
        true,
      );
    },
    addViewer(emailOrUser: unknown) {
      return ctx.call(
        `${className}.addViewer`,
        () => {
          const me = user();
          drive.requireSharable(item, me, service);
          drive.grantUser(item, emailOf(emailOrUser), 'reader', {
            via: `${className}.addViewer`,
            by: me,
            notify: true,
          });
        },
        true,
      );
    },
    addViewers(emails: unknown) {
      return ctx.call(
        `${className}.addViewers`,
        () => {
          const me = user();
          drive.requireSharable(item, me, service);
          for (const email of asArray(emails))
            drive.grantUser(item, emailOf(email), 'reader', { via: `${className}.addViewers`, by: me, notify: true });
        },
        true,
      );
    },
    removeEditor(emailOrUser: unknown) {
      return ctx.call(
        `${className}.removeEditor`,
        () => {
          const me = user();
          drive.requireSharable(item, me, service);
          drive.revokeUser(item, emailOf(emailOrUser), 'editor', `${className}.removeEditor`, me);
        },
        true,
      );
    },
    removeViewer(emailOrUser: unknown) {
      return ctx.call(
        `${className}.removeViewer`,
        () => {
          const me = user();
          drive.requireSharable(item, me, service);
          // "This method has no effect if the user is an editor, not a viewer or commenter."
          drive.revokeUser(item, emailOf(emailOrUser), 'viewer', `${className}.removeViewer`, me);
        },
        true,
      );
    },
    getEditors() {
      return ctx.call(`${className}.getEditors`, () => {
        const me = user();
        // "If the user who executes the script does not have edit access, this method returns an empty array."
        if (!drive.canWrite(me, item)) return [];
        // Live behaviour (gas-fakes oddities): the owner is included.
        return users([item.owner, ...item.editors]);
      });
    },
    getViewers() {
      return ctx.call(`${className}.getViewers`, () => {
        const me = user();
        if (!drive.canRead(me, item)) return [];
        // Live behaviour is hierarchical: viewers, commenters, editors and the owner.
        return users([...new Set([...item.viewers, ...item.commenters, ...item.editors, item.owner])]);
      });
    },
  };
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new GasException(`Invalid argument: ${String(value)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// DriveApp

const ACCESS = createEnum(ACCESS_NAMES);
const PERMISSION = createEnum(PERMISSION_NAMES);

export function createDriveApp(ctx: DataContext, drive: DriveStore): unknown {
  const me = (what: string) => ctx.user(what);

  const driveApp = {
    Access: ACCESS,
    Permission: PERMISSION,
    getFileById: (id: string) =>
      ctx.call('DriveApp.getFileById', () =>
        createItemApi(ctx, drive, drive.requireReadable(id, me('DriveApp.getFileById'), 'any-file')),
      ),
    getFolderById: (id: string) =>
      ctx.call('DriveApp.getFolderById', () =>
        createItemApi(ctx, drive, drive.requireReadable(id, me('DriveApp.getFolderById'), 'folder')),
      ),
    getStorageUsed: () =>
      ctx.call('DriveApp.getStorageUsed', () => {
        const user = me('DriveApp.getStorageUsed');
        const use = storageOf(drive, user);
        return drive.storageFull.has(user) ? use.limit : use.used;
      }),
    getStorageLimit: () =>
      ctx.call('DriveApp.getStorageLimit', () => storageOf(drive, me('DriveApp.getStorageLimit')).limit),
    getRootFolder: () =>
      ctx.call('DriveApp.getRootFolder', () =>
        createItemApi(ctx, drive, drive.rootFolder(me('DriveApp.getRootFolder'))),
      ),
    createFolder: (name: string) =>
      ctx.call(
        'DriveApp.createFolder',
        () => createItemApi(ctx, drive, drive.create('folder', String(name), me('DriveApp.createFolder'))),
        true,
      ),
    createFile: (name: string, content?: string) =>
      ctx.call(
        'DriveApp.createFile',
        () => {
          const item = drive.create('file', String(name), me('DriveApp.createFile'));
          item.content = content === undefined ? '' : String(content);
          return createItemApi(ctx, drive, item);
        },
        true,
      ),
    // Files in the trash are found too, the strict reading: the reference ("all files in the user's Drive that have the
    // given name", developers.google.com/apps-script/reference/drive/drive-app#getFilesByName(String)) names no trash
    // filter, unlike searchFiles' `trashed = false`, and scripts check isTrashed() on what it gives. selfTest's
    // Throwaway files line reports what the account does.
    getFilesByName: (name: string) =>
      ctx.call('DriveApp.getFilesByName', () => {
        const user = me('DriveApp.getFilesByName');
        const found = drive.all().filter((i) => i.kind !== 'folder' && i.name === name && drive.canRead(user, i));
        return createIterator(
          ctx.rt,
          found.map((i) => createItemApi(ctx, drive, i)),
          'FileIterator',
        );
      }),
    getFoldersByName: (name: string) =>
      ctx.call('DriveApp.getFoldersByName', () => {
        const user = me('DriveApp.getFoldersByName');
        // In the trash too, as getFilesByName.
        const found = drive
          .all()
          .filter((i) => i.kind === 'folder' && !i.rootOf && i.name === name && drive.canRead(user, i));
        return createIterator(
          ctx.rt,
          found.map((i) => createItemApi(ctx, drive, i)),
          'FolderIterator',
        );
      }),
  } satisfies Partial<Record<keyof GoogleAppsScript.Drive.DriveApp, unknown>>;
  return guard(driveApp, 'DriveApp');
}

/** An account's Google storage as DriveApp reports it (DriveStore.storageUse). */
function storageOf(drive: DriveStore, user: string): { used: number; limit: number } {
  return drive.storageUse.get(user) ?? { used: 0, limit: 15 * 1024 ** 3 };
}

/** A File or Folder object over one Drive item. */
export function createItemApi(ctx: DataContext, drive: DriveStore, item: DriveItem): unknown {
  const className = item.kind === 'folder' ? 'Folder' : 'File';
  const me = () => ctx.user(className);
  /** Every member re-checks access: a File object obtained earlier stops working once access is revoked. */
  const readable = () => {
    const user = me();
    if (!drive.canRead(user, item) || !drive.get(item.id)) throw new GasException(MESSAGES.noItem);
    return user;
  };
  const writable = () => {
    const user = readable();
    if (!drive.canWrite(user, item)) throw new GasException(MESSAGES.accessDenied('DriveApp'));
    return user;
  };
  const sharing = createSharingMembers(ctx, drive, item, className, 'DriveApp');
  const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`${className}.${name}`, fn, sideEffect);

  const api = {
    ...sharing,
    getId: () => call('getId', () => (readable(), item.id)),
    getName: () => call('getName', () => (readable(), item.name)),
    setName: (name: string) =>
      call(
        'setName',
        () => {
          writable();
          item.name = String(name);
          item.updatedAt = ctx.rt.now();
          drive.noteChange(item);
          return self;
        },
        true,
      ),
    getDescription: () => call('getDescription', () => (readable(), item.description)),
    setDescription: (text: string) =>
      call(
        'setDescription',
        () => {
          writable();
          item.description = String(text);
          return self;
        },
        true,
      ),
    getUrl: () => call('getUrl', () => (readable(), drive.urlOf(item))),
    getMimeType: () => call('getMimeType', () => (readable(), MIME_TYPES[item.kind])),
    getOwner: () => call('getOwner', () => (readable(), createUser(ctx.rt, item.owner))),
    getDateCreated: () => call('getDateCreated', () => (readable(), new Date(item.createdAt))),
    getLastUpdated: () => call('getLastUpdated', () => (readable(), new Date(item.updatedAt))),
    getAccess: (emailOrUser: unknown) =>
      call('getAccess', () => {
        readable();
        const role = drive.roleOf(emailOf(emailOrUser), item);
        return ({ owner: 'OWNER', writer: 'EDIT', commenter: 'COMMENT', reader: 'VIEW', none: 'NONE' } as const)[role];
      }),
    getSharingAccess: () => call('getSharingAccess', () => (readable(), item.access)),
    getSharingPermission: () => call('getSharingPermission', () => (readable(), item.permission)),
    setSharing: (accessType: unknown, permissionType: unknown) =>
      call(
        'setSharing',
        () => {
          const user = readable();
          drive.requireSharable(item, user, 'DriveApp');
          const { access, permission } = validateSharing(ctx, accessType, permissionType);
          drive.setGeneralAccess(item, access, permission, `${className}.setSharing`, user);
          return self;
        },
        true,
      ),
    isShareableByEditors: () => call('isShareableByEditors', () => (readable(), item.shareableByEditors)),
    setShareableByEditors: (shareable: boolean) =>
      call(
        'setShareableByEditors',
        () => {
          const user = readable();
          if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.accessDenied('DriveApp'));
          item.shareableByEditors = Boolean(shareable);
          drive.noteChange(item);
          return self;
        },
        true,
      ),
    getParents: () =>
      call('getParents', () => {
        const user = readable();
        const parents = item.parents
          .map((id) => drive.get(id))
          .filter((p): p is DriveItem => !!p && drive.canRead(user, p));
        return createIterator(
          ctx.rt,
          parents.map((p) => createItemApi(ctx, drive, p)),
          'FolderIterator',
        );
      }),
    moveTo: (destination: unknown) =>
      call(
        'moveTo',
        () => {
          const user = writable();
          const folder = drive.get(idOfApiObject(destination));
          if (!folder || folder.kind !== 'folder' || !drive.canWrite(user, folder))
            throw new GasException(MESSAGES.accessDenied('DriveApp'));
          drive.move(item, folder, `${className}.moveTo`, user);
          return self;
        },
        true,
      ),
    isTrashed: () => call('isTrashed', () => (readable(), item.trashed)),
    setTrashed: (trashed: boolean) =>
      call(
        'setTrashed',
        () => {
          const user = readable();
          // In My Drive only the owner can trash an item.
          if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.accessDenied('DriveApp'));
          drive.setTrashed(item, Boolean(trashed));
          return self;
        },
        true,
      ),
  } satisfies Partial<Record<keyof GoogleAppsScript.Drive.File, unknown>>;

  if (item.kind === 'folder') {
    const folderOnly = {
      getFiles: () =>
        call('getFiles', () => {
          const user = readable();
          const files = drive.children(item).filter((c) => c.kind !== 'folder' && !c.trashed && drive.canRead(user, c));
          return createIterator(
            ctx.rt,
            files.map((f) => createItemApi(ctx, drive, f)),
            'FileIterator',
          );
        }),
      getFolders: () =>
        call('getFolders', () => {
          const user = readable();
          const folders = drive
            .children(item)
            .filter((c) => c.kind === 'folder' && !c.trashed && drive.canRead(user, c));
          return createIterator(
            ctx.rt,
            folders.map((f) => createItemApi(ctx, drive, f)),
            'FolderIterator',
          );
        }),
      getFilesByName: (name: string) =>
        call('getFilesByName', () => {
          const user = readable();
          const files = drive
            .children(item)
            .filter((c) => c.kind !== 'folder' && !c.trashed && c.name === name && drive.canRead(user, c));
          return createIterator(
            ctx.rt,
            files.map((f) => createItemApi(ctx, drive, f)),
            'FileIterator',
          );
        }),
      getFoldersByName: (name: string) =>
        call('getFoldersByName', () => {
          const user = readable();
          const folders = drive
            .children(item)
            .filter((c) => c.kind === 'folder' && !c.trashed && c.name === name && drive.canRead(user, c));
          return createIterator(
            ctx.rt,
            folders.map((f) => createItemApi(ctx, drive, f)),
            'FolderIterator',
          );
        }),
      createFolder: (name: string) =>
        call(
          'createFolder',
          () => {
            const user = writable();
            return createItemApi(ctx, drive, drive.create('folder', String(name), user, item.id));
          },
          true,
        ),
      createFile: (name: string, content?: string) =>
        call(
          'createFile',
          () => {
            const user = writable();
            const file = drive.create('file', String(name), user, item.id);
            file.content = content === undefined ? '' : String(content);
            return createItemApi(ctx, drive, file);
          },
          true,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Drive.Folder, unknown>>;
    Object.assign(api, folderOnly);
  }
  const self: unknown = guard(api, className);
  return self;
}

/** The id behind an emulated Folder/File/Spreadsheet/Document object (or an id string). */
export function idOfApiObject(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { getId?: unknown }).getId === 'function')
    return String((value as { getId: () => unknown }).getId());
  return undefined;
}

/**
 * setSharing's documented rejections: OWNER/ORGANIZER/FILE_ORGANIZER are never accepted, NONE only with
 * ANYONE, DOMAIN* not on consumer accounts. ❓ the exception texts are not documented.
 */
function validateSharing(
  ctx: DataContext,
  accessType: unknown,
  permissionType: unknown,
): { access: GeneralAccess; permission: SharingPermission } {
  const access = String(accessType) as GeneralAccess;
  const permission = String(permissionType);
  if (!(ACCESS_NAMES as readonly string[]).includes(access)) throw new GasException('Invalid argument: accessType');
  if (!(PERMISSION_NAMES as readonly string[]).includes(permission))
    throw new GasException('Invalid argument: permissionType');
  if (permission === 'OWNER' || permission === 'ORGANIZER' || permission === 'FILE_ORGANIZER')
    throw new GasException('Invalid argument: permissionType');
  if (permission === 'NONE' && access !== 'ANYONE') throw new GasException('Invalid argument: permissionType');
  if (access.startsWith('DOMAIN') && ctx.profile === 'consumer') throw new GasException('Invalid argument: accessType');
  return { access, permission: permission as SharingPermission };
}

// ---------------------------------------------------------------------------------------------------
// Drive advanced service (v3)

/** Advanced-service errors carry the API call in the message and are GoogleJsonResponseExceptions. */
function apiError(
  method: string,
  message: string,
  resource: 'permissions' | 'files' | 'changes' = 'permissions',
): GasException {
  return new GasException(
    `API call to drive.${resource}.${method} failed with error: ${message}`,
    'GoogleJsonResponseException',
  );
}

/** One entry of a v3 Permission's `permissionDetails`: where this principal's role on the item comes from. */
/** ❓ The wording is the emulator's: Drive refuses to delete, on an item, a permission the item inherits from a folder. */
export const INHERITED_PERMISSION_REFUSAL =
  'The permission is inherited from a parent folder and cannot be removed from this item; change it on the folder.';

interface PermissionDetail {
  permissionType: 'file';
  role: Role;
  inherited: boolean;
}

interface PermissionResource {
  kind: 'drive#permission';
  id: string;
  type: 'user' | 'group' | 'anyone' | 'domain';
  role: Role;
  emailAddress?: string;
  domain?: string;
  allowFileDiscovery?: boolean;
  displayName?: string;
  permissionDetails?: PermissionDetail[];
  pendingOwner?: boolean;
  view?: 'published';
}

/** The id the emulator gives a Form's "Anyone with the link" responder permission (Drive's own is opaque). */
const ANYONE_RESPONDS_ID = 'anyoneWithLinkResponds';

/**
 * The item's permissions as Drive v3 lists them. Access is expansive: "Every user who has access to a folder also has
 * access to all items inside the folder ... This access behavior exists in both My Drive and shared drives"
 * (developers.google.com/drive/api/guides/limited-expansive-access), so a folder's grantees appear on each item in it,
 * their `permissionDetails` saying `inherited: true` ("Details of whether the permissions on this item are inherited
 * or are directly on this item", Permission resource). `inheritedFrom` is left out: the reference populates it only
 * for items in shared drives. A person holding both a direct and an inherited role has one permission with both
 * details and the higher role. ❓ Inherited link or domain sharing of a folder is not listed on its items here.
 */
function permissionsOf(drive: DriveStore, item: DriveItem, forView?: unknown): PermissionResource[] {
  const out: PermissionResource[] = [];
  if (forView === 'published' && item.anyoneResponds)
    out.push({ kind: 'drive#permission', id: ANYONE_RESPONDS_ID, type: 'anyone', role: 'reader', view: 'published' });
  const inherited = new Map<string, Role>();
  const seen = new Set<string>([item.id]);
  for (const parentId of item.parents) {
    const parent = drive.get(parentId);
    if (!parent || seen.has(parentId)) continue;
    for (const [who, role] of drive.principals(parent, seen)) {
      if (!who.includes('@') || who === item.owner.toLowerCase()) continue;
      // A folder's owner edits what is put in it; it does not own it.
      const held: Role = role === 'owner' ? 'writer' : role;
      const current = inherited.get(who);
      if (!current || ROLE_RANK[held] > ROLE_RANK[current]) inherited.set(who, held);
    }
  }
  const user = (email: string, role: Role, details: PermissionDetail[]): PermissionResource => ({
    kind: 'drive#permission',
    id: permissionIdOf(email),
    type: drive.groups.has(email) ? 'group' : 'user',
    role,
    emailAddress: email,
    displayName: email.split('@')[0],
    permissionDetails: details,
  });
  const direct = (email: string, role: Role) => {
    const details: PermissionDetail[] = [{ permissionType: 'file', role, inherited: false }];
    const from = inherited.get(email);
    inherited.delete(email);
    if (!from) return user(email, role, details);
    details.push({ permissionType: 'file', role: from, inherited: true });
    return user(email, ROLE_RANK[from] > ROLE_RANK[role] ? from : role, details);
  };
  if (item.owner) out.push(direct(item.owner, 'owner'));
  for (const e of item.editors)
    out.push({ ...direct(e, 'writer'), ...(item.pendingOwner === e ? { pendingOwner: true } : {}) });
  for (const e of item.commenters) out.push(direct(e, 'commenter'));
  for (const e of item.viewers) out.push(direct(e, 'reader'));
  for (const [email, role] of inherited)
    out.push(user(email, role, [{ permissionType: 'file', role, inherited: true }]));
  const generalRole = PERMISSION_ROLE[item.permission];
  if (item.access !== 'PRIVATE' && generalRole !== 'none') {
    const discoverable = item.access === 'ANYONE' || item.access === 'DOMAIN';
    if (item.access.startsWith('ANYONE')) {
      out.push({
        kind: 'drive#permission',
        id: discoverable ? 'anyone' : 'anyoneWithLink',
        type: 'anyone',
        role: generalRole,
        allowFileDiscovery: discoverable,
      });
    } else {
      out.push({
        kind: 'drive#permission',
        id: `domain:${domainOf(item.owner)}`,
        type: 'domain',
        role: generalRole,
        domain: domainOf(item.owner),
        allowFileDiscovery: discoverable,
      });
    }
  }
  return out;
}

/**
 * v3 returns a partial resource unless `fields` asks for more: permissions.list/get give only kind, id,
 * type and role by default (🟡 several client-library issues report emailAddress missing without `fields`).
 */
function selectFields(permission: PermissionResource, fields: string | undefined): Record<string, unknown> {
  if (fields === undefined)
    return { kind: permission.kind, id: permission.id, type: permission.type, role: permission.role };
  const inner = /permissions\(([^)]*)\)/.exec(fields)?.[1] ?? fields;
  if (inner.includes('*') || /(^|,)\s*permissions\s*(,|$)/.test(fields)) return { ...permission };
  const wanted = inner
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const out: Record<string, unknown> = {};
  for (const key of wanted) if (key in permission) out[key] = (permission as unknown as Record<string, unknown>)[key];
  return out;
}

/** Fields of the v3 Permission resource (a sub-selection naming anything else is refused like a bad field). */
const PERMISSION_FIELDS = new Set([
  'kind',
  'id',
  'type',
  'role',
  'emailAddress',
  'domain',
  'allowFileDiscovery',
  'displayName',
  'photoLink',
  'expirationTime',
  'deleted',
  'pendingOwner',
  'view',
  'permissionDetails',
  'teamDrivePermissionDetails',
  'inheritedPermissionsDisabled',
]);

/** Fields of the v3 File resource the emulator models (see fileField). */
const MODELLED_FILE_FIELDS = new Set([
  'driveId',
  'kind',
  'id',
  'name',
  'mimeType',
  'description',
  'parents',
  'trashed',
  'writersCanShare',
  'permissions',
  'permissionIds',
  'owners',
  'ownedByMe',
  'shared',
  'createdTime',
  'modifiedTime',
  'webViewLink',
]);

/** Real v3 File fields the emulator does not model: asking for one fails loudly instead of returning nothing. */
const UNMODELLED_FILE_FIELDS = new Set([
  'appProperties',
  'capabilities',
  'contentHints',
  'contentRestrictions',
  'copyRequiresWriterPermission',
  'explicitlyTrashed',
  'exportLinks',
  'fileExtension',
  'folderColorRgb',
  'fullFileExtension',
  'hasAugmentedPermissions',
  'hasThumbnail',
  'headRevisionId',
  'iconLink',
  'imageMediaMetadata',
  'isAppAuthorized',
  'labelInfo',
  'lastModifyingUser',
  'linkShareMetadata',
  'md5Checksum',
  'sha1Checksum',
  'sha256Checksum',
  'modifiedByMe',
  'modifiedByMeTime',
  'originalFilename',
  'properties',
  'quotaBytesUsed',
  'resourceKey',
  'sharedWithMeTime',
  'sharingUser',
  'shortcutDetails',
  'size',
  'spaces',
  'starred',
  'teamDriveId',
  'thumbnailLink',
  'thumbnailVersion',
  'trashedTime',
  'trashingUser',
  'version',
  'videoMediaMetadata',
  'viewedByMe',
  'viewedByMeTime',
  'viewersCanCopyContent',
  'webContentLink',
  'inheritedPermissionsDisabled',
  'downloadRestrictions',
]);

/**
 * Parses a `fields` mask (`a,b(c,d),e/f`) into top-level names and their sub-selections (null: the whole value).
 * Throws `Invalid field selection` for an unbalanced mask.
 */
function parseFieldMask(
  mask: string,
  method: string,
  resource: 'files' | 'permissions' | 'changes',
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const add = (raw: string) => {
    const part = raw.trim();
    if (!part) return;
    const open = part.indexOf('(');
    const slash = part.indexOf('/');
    if (open > 0 && (slash < 0 || open < slash) && part.endsWith(')'))
      out.set(part.slice(0, open).trim(), part.slice(open + 1, -1));
    else if (slash > 0) out.set(part.slice(0, slash).trim(), part.slice(slash + 1));
    else out.set(part, null);
  };
  let depth = 0;
  let start = 0;
  for (let i = 0; i < mask.length; i++) {
    const ch = mask[i];
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) break;
    else if (ch === ',' && depth === 0) {
      add(mask.slice(start, i));
      start = i + 1;
    }
  }
  // ❓ the wording for a malformed mask is not documented; Drive answers 400 "Invalid field selection" for bad names.
  if (depth !== 0) throw apiError(method, `Invalid field selection ${mask}`, resource);
  add(mask.slice(start));
  return out;
}

/** One permission with only the sub-fields asked for (`*` or no sub-selection: all of it). */
function pickPermission(
  permission: PermissionResource,
  selection: string | null,
  method: string,
): Record<string, unknown> {
  if (selection === null || selection.trim() === '*') return { ...permission };
  const out: Record<string, unknown> = {};
  for (const key of parseFieldMask(selection, method, 'files').keys()) {
    // ❓ Drive's exact text for a bad nested field is not documented; modelled like a bad top-level field.
    if (!PERMISSION_FIELDS.has(key)) throw apiError(method, `Invalid field selection ${key}`, 'files');
    if (key in permission) out[key] = (permission as unknown as Record<string, unknown>)[key];
  }
  return out;
}

/**
 * The v3 File resource of `item` as `user` sees it. `permissions` and `permissionIds` are "only available if the
 * requesting user can share the file" (v3 reference): for anyone else they are left out, not empty.
 */
function fileField(
  drive: DriveStore,
  item: DriveItem,
  user: string,
  key: string,
): { present: boolean; value?: unknown } {
  const canShare = drive.canShare(user, item);
  switch (key) {
    case 'kind':
      return { present: true, value: 'drive#file' };
    case 'id':
      return { present: true, value: item.id };
    case 'name':
      return { present: true, value: item.name };
    case 'mimeType':
      return { present: true, value: MIME_TYPES[item.kind] };
    case 'description':
      return item.description ? { present: true, value: item.description } : { present: false };
    // ❓ like DriveApp.getParents, only the parents the user can open are listed.
    case 'parents':
      return {
        present: true,
        value: item.parents.filter((id) => {
          const p = drive.get(id);
          return !!p && drive.canRead(user, p);
        }),
      };
    case 'trashed':
      return { present: true, value: item.trashed };
    // "driveId: The ID of the shared drive where the file is located" (populated only there: shared-drives-diffs guide).
    case 'driveId':
      return item.driveId ? { present: true, value: item.driveId } : { present: false };
    case 'writersCanShare':
      return { present: true, value: item.shareableByEditors };
    case 'permissions':
      return canShare ? { present: true, value: permissionsOf(drive, item) } : { present: false };
    case 'permissionIds':
      return canShare ? { present: true, value: permissionsOf(drive, item).map((p) => p.id) } : { present: false };
    case 'owners':
      return {
        present: true,
        value: [
          {
            kind: 'drive#user',
            emailAddress: item.owner,
            displayName: item.owner.split('@')[0],
            me: item.owner.toLowerCase() === user.toLowerCase(),
            permissionId: permissionIdOf(item.owner),
          },
        ],
      };
    case 'ownedByMe':
      return { present: true, value: item.owner.toLowerCase() === user.toLowerCase() };
    case 'shared':
      return { present: true, value: permissionsOf(drive, item).length > 1 };
    case 'createdTime':
      return { present: true, value: new Date(item.createdAt).toISOString() };
    case 'modifiedTime':
      return { present: true, value: new Date(item.updatedAt).toISOString() };
    case 'webViewLink':
      return { present: true, value: drive.urlOf(item) };
    default:
      return { present: false };
  }
}

/**
 * Drive v3 `files.get` (metadata only). Without `fields` v3 answers its default set (kind, id, name, mimeType);
 * with `fields` exactly what was asked for, `*` for everything the emulator models.
 */
function getFile(
  drive: DriveStore,
  item: DriveItem,
  user: string,
  fields: string | undefined,
): Record<string, unknown> {
  const mask =
    fields === undefined
      ? new Map<string, string | null>([
          ['kind', null],
          ['id', null],
          ['name', null],
          ['mimeType', null],
        ])
      : parseFieldMask(fields, 'get', 'files');
  if (mask.has('*')) for (const key of MODELLED_FILE_FIELDS) if (!mask.has(key)) mask.set(key, null);
  mask.delete('*');
  const out: Record<string, unknown> = {};
  for (const [key, selection] of mask) {
    if (UNMODELLED_FILE_FIELDS.has(key))
      throw new Error(`Emulator does not implement the Drive.Files.get field ${key}`);
    if (!MODELLED_FILE_FIELDS.has(key)) throw apiError('get', `Invalid field selection ${key}`, 'files');
    const field = fileField(drive, item, user, key);
    if (!field.present) continue;
    if (key === 'permissions')
      out[key] = (field.value as PermissionResource[]).map((p) => pickPermission(p, selection, 'get'));
    else if (key === 'owners' && selection !== null && selection.trim() !== '*') {
      const wanted = [...parseFieldMask(selection, 'get', 'files').keys()];
      out[key] = (field.value as Array<Record<string, unknown>>).map((o) =>
        Object.fromEntries(wanted.filter((k) => k in o).map((k) => [k, o[k]])),
      );
    } else out[key] = field.value;
  }
  return out;
}

/** The change fields Drive v3 defines (changes resource); `file` may carry its own sub-selection. */
const CHANGE_FIELDS = new Set(['kind', 'changeType', 'removed', 'fileId', 'time', 'file', 'driveId', 'drive']);
const CHANGE_LIST_FIELDS = new Set(['kind', 'nextPageToken', 'newStartPageToken', 'changes']);

/** A parsed `fields` mask of changes.list: the top-level names asked for, and within `changes(...)` the change fields. */
interface ChangeListMask {
  top: Map<string, string | null>;
  /** null: `changes` asked for whole (or `*`); undefined: not asked for. */
  changes: Map<string, string | null> | null | undefined;
}

/**
 * changes.list honours `fields` as every v3 method does (https://developers.google.com/workspace/drive/api/guides/fields-parameter,
 * "return only the fields you need"): a token left out of the mask is not in the answer. A caller that asks for
 * `changes(fileId)` alone gets neither `nextPageToken` nor `newStartPageToken` and cannot tell where the feed ends, so
 * the emulator answers only what was asked for, as Drive does. Unknown names are refused ("Invalid field selection").
 */
function changeListMask(fields: string): ChangeListMask {
  if (fields.trim() === '*') return { top: new Map([...CHANGE_LIST_FIELDS].map((k) => [k, null])), changes: null };
  const top = parseFieldMask(fields, 'list', 'changes');
  for (const key of top.keys())
    if (!CHANGE_LIST_FIELDS.has(key)) throw apiError('list', `Invalid field selection ${key}`, 'changes');
  const selection = top.get('changes');
  if (selection === undefined) return { top, changes: undefined };
  if (selection === null || selection.trim() === '*') return { top, changes: null };
  const changes = parseFieldMask(selection, 'list', 'changes');
  for (const key of changes.keys())
    if (!CHANGE_FIELDS.has(key)) throw apiError('list', `Invalid field selection ${key}`, 'changes');
  return { top, changes };
}

/** The change list with only what `mask` asks for. */
function selectChangeList(full: Record<string, unknown>, mask: ChangeListMask): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of mask.top.keys()) {
    if (!(key in full)) continue;
    if (key !== 'changes' || !mask.changes) {
      out[key] = full[key];
      continue;
    }
    const wanted = [...mask.changes.keys()];
    out.changes = (full.changes as Array<Record<string, unknown>>).map((change) =>
      Object.fromEntries(wanted.filter((k) => k in change).map((k) => [k, change[k]])),
    );
  }
  return out;
}

/** One node of a parsed Drive `q`: the subset of the query language the emulator models. */
type QueryNode =
  | { op: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { op: 'not'; node: QueryNode }
  | { op: 'test'; test: (item: DriveItem) => boolean };

/**
 * Parses the subset of Drive's search query language (developers.google.com/workspace/drive/api/guides/search-files)
 * the product uses: `'<id>' in parents`, `trashed = true|false`, `mimeType = '<type>'`, `createdTime <op> '<RFC 3339>'`
 * (UTC unless a zone is given), joined by `and` / `or` / `not` with parentheses. Anything else is refused, so code that
 * relies on a term the emulator does not know fails here instead of passing untested.
 */
function parseDriveQuery(q: string): QueryNode {
  const tokens: string[] = [];
  const re = /\s*('(?:[^'\\]|\\.)*'|\(|\)|!=|<=|>=|=|<|>|[A-Za-z_]+)/y;
  let at = 0;
  while (at < q.length) {
    if (/^\s*$/.test(q.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(q);
    if (!m) throw apiError('list', 'Invalid Value', 'files');
    tokens.push(m[1]);
    at = re.lastIndex;
  }
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++];
  const literal = (): string => {
    const t = take();
    if (!t || !t.startsWith("'")) throw apiError('list', 'Invalid Value', 'files');
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  };
  const term = (): QueryNode => {
    const t = take();
    if (t === undefined || t === ')') throw apiError('list', 'Invalid Value', 'files');
    if (t === '(') {
      const node = or();
      if (take() !== ')') throw apiError('list', 'Invalid Value', 'files');
      return node;
    }
    if (t === 'not') return { op: 'not', node: term() };
    if (t?.startsWith("'")) {
      const value = t.slice(1, -1).replace(/\\(.)/g, '$1');
      if (take() !== 'in' || take() !== 'parents')
        throw new Error(`Emulator does not implement the Drive query term near ${t}`);
      return { op: 'test', test: (item) => item.parents.includes(value) };
    }
    const op = take();
    if (t === 'trashed' && (op === '=' || op === '!=')) {
      const value = take();
      if (value !== 'true' && value !== 'false') throw apiError('list', 'Invalid Value', 'files');
      return { op: 'test', test: (item) => (item.trashed === (value === 'true')) === (op === '=') };
    }
    if (t === 'mimeType' && (op === '=' || op === '!=')) {
      const value = literal();
      return { op: 'test', test: (item) => (MIME_TYPES[item.kind] === value) === (op === '=') };
    }
    if (t === 'createdTime' && ['<', '<=', '>', '>=', '=', '!='].includes(op)) {
      const text = literal();
      // RFC 3339; without an offset Drive reads the time as UTC (search-files guide).
      const when = Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);
      if (!Number.isFinite(when)) throw apiError('list', 'Invalid Value', 'files');
      const compare: Record<string, (a: number) => boolean> = {
        '<': (a) => a < when,
        '<=': (a) => a <= when,
        '>': (a) => a > when,
        '>=': (a) => a >= when,
        '=': (a) => a === when,
        '!=': (a) => a !== when,
      };
      return { op: 'test', test: (item) => compare[op](item.createdAt) };
    }
    throw new Error(`Emulator does not implement the Drive query term ${String(t)} ${String(op)}`);
  };
  // `and` binds tighter than `or`: each level joins the level below it.
  const joined = (op: 'and' | 'or', operand: () => QueryNode) => (): QueryNode => {
    let node = operand();
    while (peek() === op) {
      take();
      node = { op, left: node, right: operand() };
    }
    return node;
  };
  const and = joined('and', term);
  const or = joined('or', and);
  const root = or();
  if (i !== tokens.length) throw apiError('list', 'Invalid Value', 'files');
  return root;
}

function matchesQuery(node: QueryNode, item: DriveItem): boolean {
  switch (node.op) {
    case 'and':
      return matchesQuery(node.left, item) && matchesQuery(node.right, item);
    case 'or':
      return matchesQuery(node.left, item) || matchesQuery(node.right, item);
    case 'not':
      return !matchesQuery(node.node, item);
    default:
      return node.test(item);
  }
}

/**
 * Drive v3 `files.list` page size. ❓ Drive documents 1 to 1,000 (default 100) and that "partial or empty result pages
 * are possible even before the end of the list"; the emulator takes the stricter case and returns at most 100 files a
 * page when their permissions are asked for (callers must follow `nextPageToken`, never infer the end from a short page).
 */
const FILES_LIST_PERMISSIONS_PAGE = 100;

/** Makes a Google Doc (the Docs store's record and its Drive item) for `Files.create`: data-services.ts wires it. */
export type CreateDocument = (name: string, owner: string, parentId: string) => DriveItem;

export function createAdvancedDrive(ctx: DataContext, drive: DriveStore, createDocument?: CreateDocument): unknown {
  // "you must include the supportsAllDrives=true query parameter" on files.get, files.list, changes.list and the
  // permissions methods; without it "shared drive items are not returned"
  // (developers.google.com/workspace/drive/api/guides/enable-shareddrives): a shared drive's item is "not found".
  const sees = (item: DriveItem | undefined, user: string, args?: Record<string, unknown>): item is DriveItem =>
    !!item && drive.canRead(user, item) && (!item.driveId || args?.supportsAllDrives === true);
  const findFile = (method: string, fileId: unknown, user: string, args?: Record<string, unknown>) => {
    const item = drive.get(fileId);
    if (!sees(item, user, args)) throw apiError(method, `File not found: ${String(fileId)}.`);
    return item;
  };

  const permissions = {
    create(resource: Record<string, unknown>, fileId: string, optionalArgs?: Record<string, unknown>) {
      return ctx.call(
        'Drive.Permissions.create',
        () => {
          const user = ctx.user('Drive.Permissions.create');
          const item = findFile('create', fileId, user, optionalArgs);
          if (!drive.canShare(user, item))
            throw apiError('create', 'The user does not have sufficient permissions for this file.');
          const role = String(resource?.role ?? '') as Role;
          const type = String(resource?.type ?? '');
          if (!['owner', 'writer', 'commenter', 'reader'].includes(role))
            throw apiError('create', 'Invalid permission role.');
          // Only the v3 name is honoured: a v2-style `sendNotificationEmails` is not a v3 parameter and is ignored,
          // so the notification still goes out (apps-script-platform.md §2.3).
          const notify = optionalArgs?.sendNotificationEmail !== false;
          if (resource?.view !== undefined) {
            // Only Forms have a `published` view, and only its "Anyone with the link" responder is modelled. ❓ wording.
            if (resource.view !== 'published' || item.kind !== 'form' || type !== 'anyone' || role !== 'reader')
              throw apiError('create', 'Invalid sharing request.');
            item.anyoneResponds = true;
            drive.noteChange(item);
            return permissionsOf(drive, item, 'published')[0];
          }
          if (type === 'user' || type === 'group') {
            const email = requireValidEmail(String(resource.emailAddress ?? ''));
            if (!notify && drive.noGoogleAccount.has(email)) throw apiError('create', MESSAGES.noGoogleAccount(email));
            const refused = drive.shareOutRefusal(item, email);
            if (refused) throw apiError('create', refused);
            if (role === 'owner') {
              if (optionalArgs?.transferOwnership !== true)
                throw apiError(
                  'create',
                  "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
                );
              drive.transferOwnership(item, email, 'Drive.Permissions.create', user);
              drive.notifications.push({ at: ctx.rt.now(), to: email, fileId: item.id, title: item.name });
            } else {
              try {
                drive.grantUser(item, email, role, { via: 'Drive.Permissions.create', by: user, notify });
              } catch (err) {
                if (err instanceof GasException) throw apiError('create', err.message);
                throw err;
              }
            }
            // ❓ v3 may return only kind/id/type/role here too; the emulator returns the address as well.
            const listed = drive.listedAddress.get(email) ?? email;
            return { kind: 'drive#permission', id: permissionIdOf(listed), type, role, emailAddress: listed };
          }
          if (type === 'anyone' || type === 'domain') {
            if (role === 'owner') throw apiError('create', 'Invalid permission role.');
            if (type === 'domain' && ctx.profile === 'consumer') throw apiError('create', 'Invalid sharing request.');
            const discoverable = resource.allowFileDiscovery === true;
            const access: GeneralAccess =
              type === 'anyone'
                ? discoverable
                  ? 'ANYONE'
                  : 'ANYONE_WITH_LINK'
                : discoverable
                  ? 'DOMAIN'
                  : 'DOMAIN_WITH_LINK';
            const permission: SharingPermission =
              role === 'writer' ? 'EDIT' : role === 'commenter' ? 'COMMENT' : 'VIEW';
            drive.setGeneralAccess(item, access, permission, 'Drive.Permissions.create', user);
            return permissionsOf(drive, item).find((p) => p.type === type);
          }
          throw apiError('create', 'Invalid permission type.');
        },
        true,
      );
    },
    list(fileId: string, optionalArgs?: Record<string, unknown>) {
      return ctx.call('Drive.Permissions.list', () => {
        const user = ctx.user('Drive.Permissions.list');
        const item = findFile('list', fileId, user, optionalArgs);
        const fields = optionalArgs?.fields === undefined ? undefined : String(optionalArgs.fields);
        const list = permissionsOf(drive, item, optionalArgs?.includePermissionsForView).map((p) =>
          selectFields(p, fields),
        );
        return fields === undefined ? { kind: 'drive#permissionList', permissions: list } : { permissions: list };
      });
    },
    /** Only what the product asks: withdrawing an offer of ownership (`pendingOwner: false` on the editor's permission). */
    update(resource: Record<string, unknown>, fileId: string, permissionId: string) {
      return ctx.call(
        'Drive.Permissions.update',
        () => {
          const user = ctx.user('Drive.Permissions.update');
          const item = findFile('update', fileId, user);
          if (!drive.canShare(user, item))
            throw apiError('update', 'The user does not have sufficient permissions for this file.');
          const found = permissionsOf(drive, item).find((p) => p.id === permissionId);
          if (!found) throw apiError('update', `Permission not found: ${permissionId}.`);
          if (Object.keys(resource ?? {}).join() !== 'pendingOwner' || resource.pendingOwner !== false)
            throw new Error('Emulator implements Drive.Permissions.update only for { pendingOwner: false }');
          if (item.pendingOwner === found.emailAddress) delete item.pendingOwner;
          drive.noteChange(item);
          return { ...found, pendingOwner: false };
        },
        true,
      );
    },
    get(fileId: string, permissionId: string, optionalArgs?: Record<string, unknown>) {
      return ctx.call('Drive.Permissions.get', () => {
        const user = ctx.user('Drive.Permissions.get');
        const item = findFile('get', fileId, user, optionalArgs);
        const found = permissionsOf(drive, item).find((p) => p.id === permissionId);
        if (!found) throw apiError('get', `Permission not found: ${permissionId}.`);
        const fields = optionalArgs?.fields === undefined ? undefined : String(optionalArgs.fields);
        return selectFields(found, fields);
      });
    },
    // Apps Script exposes the REST `delete` method as `remove` (typings: PermissionsCollection.remove).
    remove(fileId: string, permissionId: string, optionalArgs?: Record<string, unknown>) {
      return ctx.call(
        'Drive.Permissions.remove',
        () => {
          const user = ctx.user('Drive.Permissions.remove');
          const item = findFile('delete', fileId, user, optionalArgs);
          if (!drive.canShare(user, item))
            throw apiError('delete', 'The user does not have sufficient permissions for this file.');
          const found = permissionsOf(drive, item, 'published').find((p) => p.id === permissionId);
          if (!found) throw apiError('delete', `Permission not found: ${permissionId}.`);
          if (found.view) {
            item.anyoneResponds = false;
            drive.noteChange(item);
            return;
          }
          // ❓ wording.
          if (found.role === 'owner') throw apiError('delete', 'The owner of a file cannot be removed.');
          // Under expansive access an inherited permission belongs to the folder: it is changed there, not on the item
          // (limited-expansive-access guide). ❓ Drive's exact words for the refusal are not documented.
          const details = found.permissionDetails ?? [];
          if (details.length && details.every((d) => d.inherited))
            throw apiError('delete', INHERITED_PERMISSION_REFUSAL);
          if (found.type === 'user' || found.type === 'group')
            drive.revokeUser(item, found.emailAddress!, 'all', 'Drive.Permissions.remove', user);
          else drive.setGeneralAccess(item, 'PRIVATE', 'NONE', 'Drive.Permissions.remove', user);
        },
        true,
      );
    },
  } satisfies Partial<Record<keyof GoogleAppsScript.Drive_v3.Drive.V3.Collection.PermissionsCollection, unknown>>;
  // There is no `Drive.Permissions.delete` in Apps Script; calling it fails the way a missing method does live.
  const withMissingDelete = Object.assign(permissions, {
    delete: () => {
      throw new TypeError(
        'Drive.Permissions.delete is not a function (Apps Script names the REST delete method Drive.Permissions.remove)',
      );
    },
  });
  const files = {
    get(fileId: string, optionalArgs?: Record<string, unknown>) {
      return ctx.call('Drive.Files.get', () => {
        ctx.rt.noteFileRead(fileId);
        const user = ctx.user('Drive.Files.get');
        if (optionalArgs?.alt === 'media')
          throw new Error('Emulator does not implement Drive.Files.get with alt: media (file content)');
        // Same text for a missing file and one the user cannot open (Drive answers 404 for both).
        const item = drive.get(fileId);
        if (!sees(item, user, optionalArgs)) throw apiError('get', `File not found: ${String(fileId)}.`, 'files');
        return getFile(drive, item, user, optionalArgs?.fields === undefined ? undefined : String(optionalArgs.fields));
      });
    },
    // https://developers.google.com/workspace/drive/api/reference/rest/v3/files/create: metadata only, a Google Doc
    // (`mimeType` application/vnd.google-apps.document) made empty where `parents` says (one parent at most: "requests
    // that specify more than one parent fail"), `writersCanShare` as given. Uploaded content and other kinds are not
    // modelled and are refused by name.
    create(resource: Record<string, unknown>, mediaData?: unknown, optionalArgs?: Record<string, unknown>) {
      return ctx.call(
        'Drive.Files.create',
        () => {
          const user = ctx.user('Drive.Files.create');
          if (mediaData !== undefined && mediaData !== null)
            throw new Error('Emulator does not implement Drive.Files.create with content');
          for (const key of Object.keys(optionalArgs ?? {}))
            if (!['fields', 'ignoreDefaultVisibility', 'supportsAllDrives'].includes(key))
              throw new Error(`Emulator does not implement the Drive.Files.create parameter ${key}`);
          for (const key of Object.keys(resource ?? {}))
            if (!['name', 'mimeType', 'parents', 'writersCanShare', 'description'].includes(key))
              throw new Error(`Emulator does not implement the Drive.Files.create field ${key}`);
          if (resource?.mimeType !== MIME_TYPES.document || !createDocument)
            throw new Error(`Emulator does not implement Drive.Files.create of ${String(resource?.mimeType)}`);
          const parents = resource.parents === undefined ? [] : (resource.parents as unknown[]).map(String);
          if (!Array.isArray(resource.parents) && resource.parents !== undefined)
            throw apiError('create', 'Invalid Value', 'files');
          // ❓ the exact refusal for two parents is not documented for files.create; files.update's is this one.
          if (parents.length > 1) throw apiError('create', 'Increasing the number of parents is not allowed.', 'files');
          const parent = parents.length ? drive.get(parents[0]) : drive.rootFolder(user);
          if (!parent || parent.kind !== 'folder' || !drive.canRead(user, parent))
            throw apiError('create', `File not found: ${parents[0]}.`, 'files');
          if (!drive.canWrite(user, parent))
            throw apiError('create', 'The user does not have sufficient permissions for this file.', 'files');
          const name = resource.name === undefined ? 'Untitled document' : String(resource.name);
          // `ignoreDefaultVisibility`: the organisation's default for new items never applies, not even for a moment.
          const byDefault = drive.newItemsAccess;
          if (optionalArgs?.ignoreDefaultVisibility === true) drive.newItemsAccess = 'PRIVATE';
          let item: DriveItem;
          try {
            item = createDocument(name, user, parent.id);
          } finally {
            drive.newItemsAccess = byDefault;
          }
          if (resource.writersCanShare !== undefined) item.shareableByEditors = resource.writersCanShare !== false;
          if (resource.description !== undefined) item.description = String(resource.description);
          const fields = optionalArgs?.fields === undefined ? undefined : String(optionalArgs.fields);
          return getFile(drive, item, user, fields);
        },
        true,
      );
    },
    // https://developers.google.com/workspace/drive/api/reference/rest/v3/files/list: files matching `q` that the user
    // can see, `pageSize` at a time with `nextPageToken` while more remain; `fields` as for files.get inside `files(...)`.
    list(optionalArgs?: Record<string, unknown>) {
      return ctx.call('Drive.Files.list', () => {
        const user = ctx.user('Drive.Files.list');
        const args = optionalArgs ?? {};
        for (const key of Object.keys(args))
          if (!['q', 'pageSize', 'pageToken', 'orderBy', 'fields', 'supportsAllDrives'].includes(key))
            throw new Error(`Emulator does not implement the Drive.Files.list parameter ${key}`);
        const query = args.q === undefined ? null : parseDriveQuery(String(args.q));
        const size = args.pageSize === undefined ? 100 : Number(args.pageSize);
        if (!Number.isInteger(size) || size < 1 || size > 1000)
          throw apiError('list', `Invalid value at 'page_size' (${String(args.pageSize)})`, 'files');
        const orderBy = args.orderBy === undefined ? null : String(args.orderBy).trim();
        if (orderBy !== null && orderBy !== 'createdTime')
          throw new Error(`Emulator does not implement the Drive.Files.list orderBy ${orderBy}`);
        const token =
          args.pageToken === undefined
            ? 0
            : /^L\d+$/.test(String(args.pageToken))
              ? Number(String(args.pageToken).slice(1))
              : NaN;
        if (!Number.isFinite(token)) throw apiError('list', 'Invalid Value', 'files');
        // Without `fields`, v3 answers kind, id, name and mimeType of each file (fields-parameter guide).
        const fields =
          args.fields === undefined ? 'nextPageToken,kind,files(kind,id,name,mimeType)' : String(args.fields);
        const top = parseFieldMask(fields, 'list', 'files');
        for (const key of top.keys())
          if (!['kind', 'nextPageToken', 'files', 'incompleteSearch'].includes(key))
            throw apiError('list', `Invalid field selection ${key}`, 'files');
        const fileMask = top.has('files') ? (top.get('files') ?? '*') : null;
        const wantsPermissions = fileMask !== null && /(^|[,(\s])permissions\b/.test(fileMask);
        const pageSize = wantsPermissions ? Math.min(size, FILES_LIST_PERMISSIONS_PAGE) : size;
        const matching = drive
          .all()
          .filter((item) => !item.rootOf && sees(item, user, args) && (!query || matchesQuery(query, item)))
          .sort((a, b) =>
            orderBy === 'createdTime'
              ? a.createdAt - b.createdAt || a.id.localeCompare(b.id)
              : b.updatedAt - a.updatedAt || a.id.localeCompare(b.id),
          );
        const page = matching.slice(token, token + pageSize);
        const out: Record<string, unknown> = {};
        if (top.has('kind')) out.kind = 'drive#fileList';
        if (top.has('incompleteSearch')) out.incompleteSearch = false;
        if (top.has('nextPageToken') && token + pageSize < matching.length) out.nextPageToken = `L${token + pageSize}`;
        if (fileMask !== null)
          out.files = page.map((item) => {
            ctx.rt.noteFileRead(item.id);
            return getFile(drive, item, user, fileMask);
          });
        return out;
      });
    },
  } satisfies Partial<Record<keyof GoogleAppsScript.Drive_v3.Drive.V3.Collection.FilesCollection, unknown>>;
  // https://developers.google.com/workspace/drive/api/reference/rest/v3/changes: a start token for future changes,
  // then the changes since a token, `pageSize` (1 to 1000, default 100) at a time, `nextPageToken` while more remain,
  // `newStartPageToken` on the last page. The feed lists what the user can see.
  const changes = {
    getStartPageToken() {
      return ctx.call('Drive.Changes.getStartPageToken', () => {
        ctx.user('Drive.Changes.getStartPageToken');
        return { kind: 'drive#startPageToken', startPageToken: String(drive.changes.length + 1) };
      });
    },
    list(pageToken: string, optionalArgs?: Record<string, unknown>) {
      return ctx.call('Drive.Changes.list', () => {
        const user = ctx.user('Drive.Changes.list');
        const start = /^[1-9]\d*$/.test(String(pageToken)) ? Number(pageToken) : NaN;
        if (!Number.isFinite(start) || start > drive.changes.length + 1 || start < drive.changeTokensValidFrom)
          throw apiError('list', 'Invalid Value', 'changes');
        const size = optionalArgs?.pageSize === undefined ? 100 : Number(optionalArgs.pageSize);
        if (!Number.isInteger(size) || size < 1 || size > 1000)
          throw apiError('list', `Invalid value at 'page_size' (${String(optionalArgs?.pageSize)})`, 'changes');
        const fields = optionalArgs?.fields === undefined ? undefined : String(optionalArgs.fields);
        // Checked before anything is read, as Drive refuses a bad mask whatever the feed holds.
        const mask = fields === undefined ? null : changeListMask(fields);
        const out: Array<Record<string, unknown>> = [];
        const fileMask = mask?.changes?.get('file');
        // As files.list (FILES_LIST_PERMISSIONS_PAGE): ❓ "partial or empty result pages are possible", so the stricter
        // case, at most 100 changes a page when their files' permissions are asked for.
        const wantsPermissions =
          fileMask === null || (fileMask !== undefined && /(^|[,(\s])permissions\b/.test(fileMask));
        const pageSize = wantsPermissions ? Math.min(size, FILES_LIST_PERMISSIONS_PAGE) : size;
        let next = start;
        for (; next <= drive.changes.length && out.length < pageSize; next++) {
          const change = drive.changes[next - 1];
          if ((drive.latestChange.get(change.fileId) ?? next) > next) continue;
          const item = drive.get(change.fileId);
          const gone = item ? undefined : drive.deleted.get(change.fileId);
          if (gone) {
            if (drive.canRead(user, gone))
              out.push({
                kind: 'drive#change',
                changeType: 'file',
                removed: true,
                fileId: gone.id,
                time: new Date(change.at).toISOString(),
              });
            continue;
          }
          // A shared drive's item is left out of a feed read without supportsAllDrives and includeItemsFromAllDrives.
          if (!item || (item.driveId && !(optionalArgs?.supportsAllDrives && optionalArgs.includeItemsFromAllDrives)))
            continue;
          // "removed ... for example by deletion or loss of access": a file the user could open and no longer can.
          if (!drive.canRead(user, item)) {
            if (drive.everHadAccess(item.id).includes(user.toLowerCase()))
              out.push({
                kind: 'drive#change',
                changeType: 'file',
                removed: true,
                fileId: item.id,
                time: new Date(change.at).toISOString(),
              });
            continue;
          }
          out.push({
            kind: 'drive#change',
            changeType: 'file',
            removed: false,
            fileId: item.id,
            time: new Date(change.at).toISOString(),
            file:
              fileMask === undefined || fileMask === null
                ? { kind: 'drive#file', id: item.id, name: item.name, mimeType: MIME_TYPES[item.kind] }
                : getFile(drive, item, user, fileMask),
          });
        }
        const more = next <= drive.changes.length;
        const full: Record<string, unknown> = {
          kind: 'drive#changeList',
          changes: out,
          ...(more ? { nextPageToken: String(next) } : { newStartPageToken: String(next) }),
        };
        return mask === null ? full : selectChangeList(full, mask);
      });
    },
  };
  // One revision stands for a Doc's publication (its head, republished as it changes: `publishAuto`).
  const revisions = {
    list(fileId: string) {
      return ctx.call('Drive.Revisions.list', () => {
        const item = findFile('list', fileId, ctx.user('Drive.Revisions.list'));
        return { revisions: [{ id: '1', published: Boolean(item.published), publishAuto: Boolean(item.published) }] };
      });
    },
    update(resource: Record<string, unknown>, fileId: string, revisionId: string) {
      return ctx.call(
        'Drive.Revisions.update',
        () => {
          const user = ctx.user('Drive.Revisions.update');
          const item = findFile('update', fileId, user);
          if (revisionId !== '1') throw apiError('update', `Revision not found: ${revisionId}.`);
          // Who may publish may stop it (support.google.com/drive/answer/114818).
          if (!drive.canShare(user, item))
            throw apiError('update', 'The user does not have sufficient permissions for this file.');
          // The API publishes as well as stops it (developers.google.com/drive/api/reference/rest/v3/revisions:
          // `published`, Docs Editors files only); selfTest publishes a throwaway Doc to check the audit can stop it.
          if (typeof resource.published === 'boolean') item.published = resource.published;
          return { id: '1', published: Boolean(item.published) };
        },
        true,
      );
    },
  };
  return guard(
    {
      Permissions: guard(withMissingDelete, 'Drive.Permissions'),
      Revisions: guard(revisions, 'Drive.Revisions'),
      Files: guard(files, 'Drive.Files'),
      Changes: guard(changes, 'Drive.Changes'),
      Comments: createComments(ctx, drive),
    },
    'Drive',
  );
}
