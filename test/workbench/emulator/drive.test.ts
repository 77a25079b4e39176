// Conformance tests for the emulated DriveApp and Drive v3 advanced service: sharing, general access, folders and access history.

import { createTestWorld, messageOf, OWNER, type DataGlobals, type TestWorld } from './data-test-helpers';

const ANA = 'ana@example.org';
const BO = 'bo@example.org';
const OUTSIDER = 'eve@example.net';
const NO_ACCOUNT = 'reporter@mail.example.com';

function createDoc(t: TestWorld, name = 'Brave Otter'): string {
  return t.run((g) => g.DocumentApp.create(name).getId());
}

function file(g: DataGlobals, id: string): GoogleAppsScript.Drive.File {
  return g.DriveApp.getFileById(id);
}

describe('DriveApp lookups', () => {
  it('getFileById returns the file with its id, name, URL, MIME type and owner', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const info = t.run((g) => {
      const f = file(g, id);
      return [f.getId(), f.getName(), f.getUrl(), f.getMimeType(), f.getOwner().getEmail()];
    });
    expect(info).toEqual([
      id,
      'Brave Otter',
      `https://docs.google.com/document/d/${id}/edit`,
      'application/vnd.google-apps.document',
      OWNER,
    ]);
  });

  it('getFileById throws the same "no item" message for a missing id and for a file the user cannot open', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const message = 'No item with the given ID could be found, or you do not have permission to access it.';
    expect(() => t.run((g) => file(g, 'missing'))).toThrow(message);
    expect(() => t.run((g) => file(g, id), OUTSIDER)).toThrow(message);
  });

  it('createFolder creates a folder in the root; getFolderById, getRootFolder and getParents find it', () => {
    const t = createTestWorld();
    const result = t.run((g) => {
      const folder = g.DriveApp.createFolder('Cases');
      const root = g.DriveApp.getRootFolder();
      const parents = folder.getParents();
      const parentIds: string[] = [];
      while (parents.hasNext()) parentIds.push(parents.next().getId());
      return {
        url: folder.getUrl(),
        id: folder.getId(),
        again: g.DriveApp.getFolderById(folder.getId()).getName(),
        rootId: root.getId(),
        parentIds,
      };
    });
    expect(result.url).toBe(`https://drive.google.com/drive/folders/${result.id}`);
    expect(result.again).toBe('Cases');
    expect(result.parentIds).toEqual([result.rootId]);
  });

  it('moveTo moves a file into a folder; Folder.getFiles lists it', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const names = t.run((g) => {
      const folder = g.DriveApp.createFolder('Private');
      file(g, id).moveTo(folder);
      const files = folder.getFiles();
      const out: string[] = [];
      while (files.hasNext()) out.push(files.next().getName());
      return out;
    });
    expect(names).toEqual(['Brave Otter']);
    expect(t.world.file(id).parents).toHaveLength(1);
  });

  it('setTrashed/isTrashed; only the owner may trash', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addEditor(ANA));
    expect(() => t.run((g) => file(g, id).setTrashed(true), ANA)).toThrow('Access denied: DriveApp.');
    expect(t.run((g) => file(g, id).setTrashed(true).isTrashed())).toBe(true);
  });

  // Strict reading (drive.ts getFilesByName): "all files in the user's Drive that have the given name" names no trash
  // filter (developers.google.com/apps-script/reference/drive/drive-app#getFilesByName(String)).
  it('getFilesByName and getFoldersByName find what is in the trash too, until it is deleted for good', () => {
    const t = createTestWorld();
    const id = createDoc(t, 'Trashed Otter');
    t.run((g) => file(g, id).setTrashed(true));
    const found = (g: DataGlobals) => {
      const it = g.DriveApp.getFilesByName('Trashed Otter');
      const out: Array<[string, boolean]> = [];
      while (it.hasNext()) {
        const f = it.next();
        out.push([f.getId(), f.isTrashed()]);
      }
      return out;
    };
    expect(t.run(found)).toEqual([[id, true]]);
    const folderId = t.run((g) => g.DriveApp.createFolder('Trashed Den').setTrashed(true).getId());
    expect(t.run((g) => g.DriveApp.getFoldersByName('Trashed Den').next().getId())).toBe(folderId);
    t.rt.setClock(t.rt.now() + 31 * 24 * 3600 * 1000);
    expect(t.run(found)).toEqual([]);
  });

  // "Files in the trash are automatically deleted after 30 days" (developers.google.com/workspace/drive/api/guides/delete).
  it('a file 30 days in the trash is deleted for good; one taken out before then stays', () => {
    const t = createTestWorld();
    const kept = createDoc(t, 'Kept Otter');
    const gone = createDoc(t, 'Gone Otter');
    t.run((g) => [kept, gone].forEach((id) => file(g, id).setTrashed(true)));
    t.rt.setClock(t.rt.now() + 29 * 24 * 3600 * 1000);
    t.run((g) => file(g, kept).setTrashed(false));
    expect(t.run((g) => file(g, gone).isTrashed())).toBe(true);
    t.rt.setClock(t.rt.now() + 2 * 24 * 3600 * 1000);
    expect(messageOf(() => t.run((g) => file(g, gone)))).toBe(
      'No item with the given ID could be found, or you do not have permission to access it.',
    );
    expect(messageOf(() => t.run((g) => g.DocumentApp.openById(gone)))).toMatch(/^No item with the given ID/);
    expect(t.run((g) => g.DriveApp.getFilesByName('Gone Otter').hasNext())).toBe(false);
    expect(t.run((g) => file(g, kept).getName())).toBe('Kept Otter');
    expect(t.world.hasFile?.(gone)).toBe(false);
  });

  it('a folder put in the trash takes its owner\u2019s files with it, brings them back, and is deleted with them', () => {
    const t = createTestWorld();
    const folderId = t.run((g) => g.DriveApp.createFolder('Private').getId());
    const [inside, alone] = [createDoc(t, 'Inside Otter'), createDoc(t, 'Alone Otter')];
    t.run((g) => [inside, alone].forEach((id) => file(g, id).moveTo(g.DriveApp.getFolderById(folderId))));
    t.run((g) => file(g, alone).setTrashed(true)); // in the trash on its own, before the folder
    t.run((g) => g.DriveApp.getFolderById(folderId).setTrashed(true));
    expect(t.run((g) => file(g, inside).isTrashed())).toBe(true);
    t.run((g) => g.DriveApp.getFolderById(folderId).setTrashed(false));
    expect(t.run((g) => [file(g, inside).isTrashed(), file(g, alone).isTrashed()])).toEqual([false, true]);
    // Trashed again and left there: 30 days later the folder and what went with it are gone.
    t.run((g) => g.DriveApp.getFolderById(folderId).setTrashed(true));
    t.rt.setClock(t.rt.now() + 31 * 24 * 3600 * 1000);
    expect([t.world.hasFile?.(folderId), t.world.hasFile?.(inside)]).toEqual([false, false]);
  });

  it('a file deleted forever is gone at once, also for a File object in hand', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const message = t.run((g) => {
      const f = file(g, id);
      t.world.deleteForever(id);
      return messageOf(() => f.getName());
    });
    expect(message).toMatch(/^No item with the given ID/);
    expect(messageOf(() => t.run((g) => g.SpreadsheetApp.openById(id)))).toMatch(/^No item with the given ID/);
  });
});

describe('DriveApp sharing', () => {
  it('getEditors includes the owner; getViewers is hierarchical (viewers, editors and owner)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const f = file(g, id);
      f.addEditor(ANA);
      f.addViewer(BO);
      return {
        editors: f.getEditors().map((u) => u.getEmail()),
        viewers: f
          .getViewers()
          .map((u) => u.getEmail())
          .sort(),
      };
    });
    expect(result.editors).toEqual([OWNER, ANA]);
    expect(result.viewers).toEqual([ANA, BO, OWNER].sort());
  });

  it('getEditors is empty for a user without edit access', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addViewer(BO));
    expect(t.run((g) => file(g, id).getEditors(), BO)).toEqual([]);
  });

  it("addEditor sends Google's notification and records a non-silent share", () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addEditor(ANA));
    expect(t.world.shareNotifications()).toEqual([{ at: t.rt.now(), to: ANA, fileId: id, title: 'Brave Otter' }]);
    expect(t.world.shares()).toEqual([
      expect.objectContaining({ docId: id, email: ANA, silent: false, via: 'File.addEditor' }),
    ]);
  });

  it('addEditor promotes a viewer; addEditors adds several', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const editors = t.run((g) => {
      const f = file(g, id);
      f.addViewer(ANA);
      f.addEditor(ANA);
      f.addEditors([BO]);
      return f.getEditors().map((u) => u.getEmail());
    });
    expect(editors).toEqual([OWNER, ANA, BO]);
    expect(t.world.file(id).viewers).toEqual([]);
  });

  it('removeEditor revokes; removeViewer has no effect on an editor', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const f = file(g, id);
      f.addEditors([ANA, BO]);
      f.removeViewer(ANA);
      const afterRemoveViewer = f.getEditors().map((u) => u.getEmail());
      f.removeEditor(BO);
      return { afterRemoveViewer, after: f.getEditors().map((u) => u.getEmail()) };
    });
    expect(result.afterRemoveViewer).toEqual([OWNER, ANA, BO]);
    expect(result.after).toEqual([OWNER, ANA]);
  });

  it('rejects an invalid email address', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(() => t.run((g) => file(g, id).addEditor('not-an-address'))).toThrow('Invalid email: not-an-address');
  });

  it('setSharing changes general access and permission; a PRIVATE file reports NONE', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const states = t.run((g) => {
      const f = file(g, id);
      const initial = [String(f.getSharingAccess()), String(f.getSharingPermission())];
      f.setSharing(g.DriveApp.Access.ANYONE_WITH_LINK, g.DriveApp.Permission.VIEW);
      const shared = [String(f.getSharingAccess()), String(f.getSharingPermission())];
      f.setSharing(g.DriveApp.Access.PRIVATE, g.DriveApp.Permission.EDIT);
      return { initial, shared, back: [String(f.getSharingAccess()), String(f.getSharingPermission())] };
    });
    expect(states).toEqual({
      initial: ['PRIVATE', 'NONE'],
      shared: ['ANYONE_WITH_LINK', 'VIEW'],
      back: ['PRIVATE', 'NONE'],
    });
  });

  it('setSharing rejects OWNER/ORGANIZER/FILE_ORGANIZER, NONE except with ANYONE, and DOMAIN on consumer accounts', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const f = file(g, id);
      const { Access, Permission } = g.DriveApp;
      const refused = [
        messageOf(() => f.setSharing(Access.ANYONE, Permission.OWNER)),
        messageOf(() => f.setSharing(Access.ANYONE, Permission.ORGANIZER)),
        // FILE_ORGANIZER exists live but is missing from the typings.
        messageOf(() =>
          f.setSharing(
            Access.ANYONE,
            (Permission as unknown as Record<string, GoogleAppsScript.Drive.Permission>).FILE_ORGANIZER,
          ),
        ),
        messageOf(() => f.setSharing(Access.PRIVATE, Permission.NONE)),
        messageOf(() => f.setSharing(Access.DOMAIN, Permission.VIEW)),
      ];
      f.setSharing(Access.ANYONE, Permission.NONE);
      return { refused, access: String(f.getSharingAccess()) };
    });
    expect(result.refused).toEqual([
      'Invalid argument: permissionType',
      'Invalid argument: permissionType',
      'Invalid argument: permissionType',
      'Invalid argument: permissionType',
      'Invalid argument: accessType',
    ]);
    expect(result.access).toBe('ANYONE');
  });

  it('DOMAIN sharing works on a Workspace account and admits same-domain users only', () => {
    const t = createTestWorld({ profile: 'workspace' });
    const id = createDoc(t);
    t.run((g) => file(g, id).setSharing(g.DriveApp.Access.DOMAIN_WITH_LINK, g.DriveApp.Permission.VIEW));
    expect(t.run((g) => file(g, id).getName(), ANA)).toBe('Brave Otter');
    expect(() => t.run((g) => file(g, id), OUTSIDER)).toThrow('No item with the given ID');
  });

  it('general access lets anyone open the file', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).setSharing(g.DriveApp.Access.ANYONE_WITH_LINK, g.DriveApp.Permission.VIEW));
    expect(t.run((g) => file(g, id).getName(), OUTSIDER)).toBe('Brave Otter');
  });

  it('setShareableByEditors(false) stops editors from sharing', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const before = t.run((g) => {
      const f = file(g, id);
      f.addEditor(ANA);
      const was = f.isShareableByEditors();
      f.setShareableByEditors(false);
      return [was, f.isShareableByEditors()];
    });
    expect(before).toEqual([true, false]);
    expect(() => t.run((g) => file(g, id).addEditor(BO), ANA)).toThrow('Access denied: DriveApp.');
  });

  it('an editor publishes to the web only while editors may share; the owner stops it through the revisions', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => {
      file(g, id).addEditor(ANA);
      file(g, id).setShareableByEditors(false);
    });
    expect(() => t.world.ui.publishToWeb(ANA, id)).toThrow();
    t.world.ui.setShareableByEditors(OWNER, id, true);
    t.world.ui.publishToWeb(ANA, id);
    expect(t.world.file(id).published).toBe(true);
    const published = () => t.run((g) => g.Drive!.Revisions.list(id).revisions!.filter((r) => r.published).length);
    expect(published()).toBe(1);
    t.run((g) => g.Drive!.Revisions.update({ published: false }, id, '1'));
    expect([published(), t.world.file(id).published]).toEqual([0, false]);
  });
});

describe('Folders and inheritance', () => {
  it('a file in a folder shared with someone is readable by them and sits in a shared folder', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => {
      const folder = g.DriveApp.createFolder('Team');
      folder.addEditor(ANA);
      file(g, id).moveTo(folder);
    });
    expect(t.run((g) => file(g, id).getName(), ANA)).toBe('Brave Otter');
    expect(t.world.file(id).inSharedFolder).toBe(true);
    expect(t.world.file(id).everHadAccess).toEqual([ANA, OWNER].sort());
  });

  it('sharing a folder grants its existing files, recorded as inherited (via folder:<id>)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const folderId = t.run((g) => {
      const folder = g.DriveApp.createFolder('Team');
      file(g, id).moveTo(folder);
      folder.addViewer(BO);
      return folder.getId();
    });
    const events = t.world.accessHistory(id).filter((e) => e.principal === BO);
    expect(events).toEqual([
      expect.objectContaining({ change: 'grant', role: 'reader', via: `folder:${folderId}`, by: OWNER }),
    ]);
  });

  it('a private folder is not a shared folder; one with general access is', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const folderId = t.run((g) => {
      const folder = g.DriveApp.createFolder('Private');
      file(g, id).moveTo(folder);
      return folder.getId();
    });
    expect(t.world.file(id).inSharedFolder).toBe(false);
    t.run((g) =>
      g.DriveApp.getFolderById(folderId).setSharing(g.DriveApp.Access.ANYONE_WITH_LINK, g.DriveApp.Permission.VIEW),
    );
    expect(t.world.file(id).inSharedFolder).toBe(true);
    expect(t.world.file(id).everHadAccess).toContain('anyone');
  });
});

describe('Drive v3 advanced service', () => {
  it('Permissions.create with sendNotificationEmail:false shares silently and returns the permission', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const permission = t.run((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmail: false,
      }),
    );
    expect(permission).toEqual(expect.objectContaining({ role: 'writer', type: 'user', emailAddress: ANA }));
    expect(permission.id).toMatch(/^\d{20}$/);
    expect(t.world.shareNotifications()).toEqual([]);
    expect(t.world.shares()).toEqual([
      expect.objectContaining({ docId: id, email: ANA, silent: true, via: 'Drive.Permissions.create' }),
    ]);
    expect(t.world.accessHistory(id).find((e) => e.principal === ANA)).toEqual(
      expect.objectContaining({ change: 'grant', notified: false }),
    );
  });

  it('sendNotificationEmail defaults to true: a notification goes out', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id));
    expect(t.world.shareNotifications().map((n) => n.to)).toEqual([ANA]);
    expect(t.world.shares()[0].silent).toBe(false);
  });

  it('the v2 parameter name sendNotificationEmails is ignored by v3, so the notification is still sent', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmails: false,
      }),
    );
    expect(t.world.shareNotifications().map((n) => n.to)).toEqual([ANA]);
  });

  it('a silent share to an address without a Google account fails with the real message; a notified one succeeds', () => {
    const t = createTestWorld();
    t.world.setNoGoogleAccount([NO_ACCOUNT]);
    const id = createDoc(t);
    const error = t.attempt((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: NO_ACCOUNT }, id, {
        sendNotificationEmail: false,
      }),
    ).error as Error;
    expect(error.name).toBe('GoogleJsonResponseException');
    expect(error.message).toContain(
      `You are trying to invite ${NO_ACCOUNT}. Since there is no Google account associated with this email address, you must check the "Notify people" box to invite this recipient.`,
    );
    t.run((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: NO_ACCOUNT }, id, {
        sendNotificationEmail: true,
      }),
    );
    expect(t.world.file(id).editors).toEqual([NO_ACCOUNT]);
  });

  it('a suspended account keeps its shares and is shared with silently; a notified share is made but fails for its blocked email', () => {
    const t = createTestWorld({ profile: 'workspace' });
    const id = createDoc(t);
    t.run((g) => file(g, id).addEditor(ANA));
    t.world.suspendAccount(ANA);
    t.world.suspendAccount(BO);
    expect(t.world.file(id).editors).toEqual([ANA]);
    t.run((g) =>
      g.Drive.Permissions.create({ role: 'reader', type: 'user', emailAddress: BO }, id, {
        sendNotificationEmail: false,
      }),
    );
    const other = createDoc(t, 'Calm Heron');
    const error = t.attempt((g) => file(g, other).addEditor(BO)).error as Error;
    expect(error.message).toBe(`Sorry, the items were successfully shared but emails could not be sent to ${BO}.`);
    expect(t.world.file(other).editors).toEqual([BO]);
    expect(t.world.shareNotifications().map((n) => n.to)).toEqual([ANA]);
  });

  it('a Workspace that does not share outside its organisation refuses an outsider every share, silent or notified; an allowlisted domain is shared with', () => {
    const t = createTestWorld({ profile: 'workspace' });
    t.world.setSharingOutside('off');
    const id = createDoc(t);
    const silent = t.attempt((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: OUTSIDER }, id, {
        sendNotificationEmail: false,
      }),
    ).error as Error;
    expect(silent.name).toBe('GoogleJsonResponseException');
    expect(silent.message).toContain("example.org doesn't allow sharing with personal accounts.");
    expect(messageOf(() => t.run((g) => file(g, id).addEditor(OUTSIDER)))).toContain("doesn't allow sharing");
    t.run((g) => file(g, id).addEditor(ANA));
    t.world.setSharingOutside(['example.net']);
    t.run((g) => file(g, id).addEditor(OUTSIDER));
    expect(t.world.file(id).editors).toEqual([ANA, OUTSIDER]);
  });

  it('Permissions.create refuses a user who cannot share, and reports a missing file', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addViewer(BO));
    expect(() =>
      t.run((g) => g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id), BO),
    ).toThrow('The user does not have sufficient permissions for this file.');
    expect(() =>
      t.run((g) => g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, 'nope')),
    ).toThrow('File not found: nope.');
  });

  it('Permissions.list includes the owner and the "anyone" permission, with only kind/id/type/role unless fields asks', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const { plain, detailed } = t.run((g) => {
      g.Drive.Permissions.create({ role: 'reader', type: 'anyone' }, id);
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmail: false,
      });
      return {
        plain: g.Drive.Permissions.list(id).permissions!,
        detailed: g.Drive.Permissions.list(id, { fields: 'permissions(id,role,type,emailAddress)' }).permissions!,
      };
    });
    expect(plain.map((p) => [p.type, p.role])).toEqual([
      ['user', 'owner'],
      ['user', 'writer'],
      ['anyone', 'reader'],
    ]);
    expect(plain[0].emailAddress).toBeUndefined();
    expect(detailed.map((p) => p.emailAddress)).toEqual([OWNER, ANA, undefined]);
    expect(t.world.file(id).access).toBe('ANYONE_WITH_LINK');
  });

  it('Permissions.remove revokes a user; the owner permission cannot be removed', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const p = g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmail: false,
      });
      g.Drive.Permissions.remove(id, p.id!);
      const owner = g.Drive.Permissions.list(id).permissions![0];
      return messageOf(() => g.Drive.Permissions.remove(id, owner.id!));
    });
    expect(t.world.file(id).editors).toEqual([]);
    expect(result).toContain('The owner of a file cannot be removed.');
    expect(
      t.world
        .accessHistory(id)
        .filter((e) => e.principal === ANA)
        .map((e) => e.change),
    ).toEqual(['grant', 'revoke']);
  });

  it('a share with a Google Group is one `group` permission: its members open the file until Permissions.remove takes it', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const group = 'committee-list@example.org';
    t.world.setGroup(group, [ANA, BO]);
    const listed = t.run((g) => {
      g.Drive.Permissions.create({ role: 'reader', type: 'group', emailAddress: group }, id, {
        sendNotificationEmail: false,
      });
      return g.Drive.Permissions.list(id, { fields: 'permissions(id,type,emailAddress,role)' }).permissions!;
    });
    const permission = listed.find((p) => p.emailAddress === group);
    expect(permission).toMatchObject({ type: 'group', role: 'reader' });
    expect(listed.some((p) => p.emailAddress === ANA)).toBe(false);
    expect(t.run((g) => file(g, id).getName(), BO)).toBe('Brave Otter');
    expect(t.world.file(id).everHadAccess).toEqual(expect.arrayContaining([group, ANA, BO]));
    t.run((g) => g.Drive.Permissions.remove(id, permission!.id!));
    expect(() => t.run((g) => file(g, id), BO)).toThrow(/No item/);
  });

  it("ADV-565 an account whose storage is full is refused every new file with Drive's message, and not once space is back", () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.world.setStorageFull(OWNER, true);
    const makers: Array<(g: DataGlobals) => unknown> = [
      (g) => g.DocumentApp.create('Calm Heron'),
      (g) => g.SpreadsheetApp.create('Registry'),
      (g) => g.DriveApp.createFile('notes.txt', 'x'),
    ];
    for (const make of makers) expect(() => t.run(make)).toThrow("The user's Drive storage quota has been exceeded.");
    // Its existing files still open; another account still creates its own.
    expect(t.run((g) => g.DocumentApp.openById(id).getName())).toBe('Brave Otter');
    expect(() => t.run((g) => g.DocumentApp.create('Quiet Lake'), ANA)).not.toThrow();
    t.world.setStorageFull(OWNER, false);
    expect(createDoc(t, 'Calm Heron')).toBeTruthy();
  });

  it('ADV-571 DriveApp reports the account\u2019s storage used and its limit: a personal 15 GB unless set, all of it when full', () => {
    const t = createTestWorld();
    const read = () => t.run((g) => [g.DriveApp.getStorageUsed(), g.DriveApp.getStorageLimit()]);
    expect(read()).toEqual([0, 15 * 1024 ** 3]);
    t.world.setStorageUse(OWNER, 9, 10);
    expect(read()).toEqual([9, 10]);
    t.world.setStorageFull(OWNER, true);
    expect(read()).toEqual([10, 10]);
  });

  it('Changes.list refuses a page token Drive rejected (rejectChangeTokens) and takes a fresh start token', () => {
    const t = createTestWorld();
    const old = t.run((g) => g.Drive.Changes!.getStartPageToken().startPageToken!);
    createDoc(t);
    t.world.rejectChangeTokens();
    expect(() => t.run((g) => g.Drive.Changes!.list(old))).toThrow(/Invalid Value/);
    const fresh = t.run((g) => g.Drive.Changes!.getStartPageToken().startPageToken!);
    const id = createDoc(t, 'Calm Heron');
    const listed = t.run((g) => g.Drive.Changes!.list(fresh, { fields: 'newStartPageToken,changes(fileId)' }));
    expect(listed.changes!.map((c) => c.fileId)).toContain(id);
  });

  it('Changes.list lists a file the user can no longer open as removed, and one they never could not at all', () => {
    const t = createTestWorld();
    const shared = createDoc(t);
    const never = createDoc(t, 'Quiet Lake');
    t.run((g) => file(g, shared).addEditor(ANA));
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken().startPageToken!, ANA);
    t.run((g) => {
      file(g, shared).removeEditor(ANA);
      file(g, never).setName('Quiet Lake 2');
    });
    const listed = t.run((g) => g.Drive.Changes!.list(token, { fields: 'changes(fileId,removed,file(id))' }), ANA);
    expect(listed.changes).toEqual([{ fileId: shared, removed: true }]);
  });

  it('a file moved into a shared drive: the drive owns it, its members read it, and Drive v3 sees it only with supportsAllDrives (DocumentApp opens it)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addEditor(ANA));
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken().startPageToken!);
    const drive = t.world.ui.createSharedDrive(ANA, 'Team', { [OUTSIDER]: 'reader' });
    t.world.ui.moveToSharedDrive(ANA, id, drive);
    expect(t.world.ui.openDoc(OUTSIDER, id)).toBe('');
    expect(t.world.file(id).owner).toBe('');
    expect(() => t.run((g) => g.Drive.Files.get(id, { fields: 'id' }))).toThrow(/File not found/);
    expect(() => t.run((g) => g.Drive.Permissions.list(id))).toThrow(/File not found/);
    const got = t.run((g) =>
      g.Drive.Files.get(id, { fields: 'driveId,permissions(emailAddress,role)', supportsAllDrives: true }),
    );
    expect(got.driveId).toBe(drive);
    expect(got.permissions).toContainEqual({ emailAddress: OUTSIDER, role: 'reader' });
    const feed = (args: Record<string, unknown>) =>
      t.run((g) => g.Drive.Changes!.list(token, { fields: 'changes(fileId,removed)', ...args }).changes);
    expect(feed({})).toEqual([]);
    expect(feed({ supportsAllDrives: true, includeItemsFromAllDrives: true })).toContainEqual({
      fileId: id,
      removed: false,
    });
    // The account, its owner before, keeps access "as its creator" (an editor): the Doc still opens.
    expect(t.run((g) => g.DocumentApp.openById(id).getId())).toBe(id);
  });

  it('there is no Drive.Permissions.delete in Apps Script (the REST delete is exposed as remove)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(() =>
      t.run((g) => (g.Drive.Permissions as unknown as { delete(a: string, b: string): void }).delete(id, 'x')),
    ).toThrow(TypeError);
  });
});

describe('Drive v3 Files.get', () => {
  const FIELDS = 'id,parents,trashed,writersCanShare,permissions(id,type,role,emailAddress,domain,allowFileDiscovery)';

  it('is recorded per file id in the execution record (what the access audit read)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const { record } = t.attempt((g) => {
      g.Drive.Files.get(id);
      g.Drive.Files.get(id, { fields: FIELDS });
    });
    expect(record.filesRead).toEqual({ [id]: 2 });
  });

  it("without fields answers only v3's default set: kind, id, name, mimeType", () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const got = t.run((g) => g.Drive.Files.get(id));
    expect(got).toEqual({
      kind: 'drive#file',
      id,
      name: 'Brave Otter',
      mimeType: 'application/vnd.google-apps.document',
    });
  });

  it('with fields returns exactly what was asked: parents, trashed, writersCanShare and the permissions Permissions.list gives', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const { got, listed, folderId } = t.run((g) => {
      const folder = g.DriveApp.createFolder('Private');
      const f = file(g, id);
      f.moveTo(folder);
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmail: false,
      });
      f.addViewer(BO);
      f.setShareableByEditors(false);
      return {
        got: g.Drive.Files.get(id, { fields: FIELDS }),
        listed: g.Drive.Permissions.list(id, {
          fields: 'permissions(id,type,role,emailAddress,domain,allowFileDiscovery)',
        }).permissions,
        folderId: folder.getId(),
      };
    });
    expect(Object.keys(got).sort()).toEqual(['id', 'parents', 'permissions', 'trashed', 'writersCanShare']);
    expect(got).toMatchObject({ id, parents: [folderId], trashed: false, writersCanShare: false });
    expect(got.permissions).toEqual(listed);
    expect(got.permissions!.map((p) => [p.type, p.role, p.emailAddress])).toEqual([
      ['user', 'owner', OWNER],
      ['user', 'writer', ANA],
      ['user', 'reader', BO],
    ]);
  });

  it('shows link and domain sharing as anyone/domain permissions, in step with DriveApp getSharingAccess', () => {
    const t = createTestWorld({ profile: 'workspace' });
    const id = createDoc(t);
    const read = (g: DataGlobals) => ({
      access: String(file(g, id).getSharingAccess()),
      general: g.Drive.Files.get(id, { fields: FIELDS }).permissions!.filter((p) => p.type !== 'user'),
    });
    const seen = t.run((g) => {
      const out = [read(g)];
      file(g, id).setSharing(g.DriveApp.Access.ANYONE_WITH_LINK, g.DriveApp.Permission.VIEW);
      out.push(read(g));
      file(g, id).setSharing(g.DriveApp.Access.DOMAIN, g.DriveApp.Permission.EDIT);
      out.push(read(g));
      file(g, id).setSharing(g.DriveApp.Access.PRIVATE, g.DriveApp.Permission.VIEW);
      out.push(read(g));
      return out;
    });
    expect(seen).toEqual([
      { access: 'PRIVATE', general: [] },
      {
        access: 'ANYONE_WITH_LINK',
        general: [{ id: 'anyoneWithLink', type: 'anyone', role: 'reader', allowFileDiscovery: false }],
      },
      {
        access: 'DOMAIN',
        general: [
          expect.objectContaining({ type: 'domain', role: 'writer', domain: 'example.org', allowFileDiscovery: true }),
        ],
      },
      { access: 'PRIVATE', general: [] },
    ]);
  });

  it('reports a trashed file as trashed and works on folders', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const got = t.run((g) => {
      file(g, id).setTrashed(true);
      const folder = g.DriveApp.createFolder('Private');
      return {
        doc: g.Drive.Files.get(id, { fields: 'trashed' }),
        folder: g.Drive.Files.get(folder.getId(), { fields: 'mimeType,permissions(role)' }),
      };
    });
    expect(got.doc).toEqual({ trashed: true });
    expect(got.folder).toEqual({ mimeType: 'application/vnd.google-apps.folder', permissions: [{ role: 'owner' }] });
  });

  it('leaves permissions out for a user who cannot share the file (v3: "only available if the requesting user can share")', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => {
      file(g, id).addEditor(ANA);
      file(g, id).addViewer(BO);
    });
    expect(t.run((g) => g.Drive.Files.get(id, { fields: 'id,permissions(id)' }), BO)).toEqual({ id });
    expect(t.run((g) => g.Drive.Files.get(id, { fields: 'permissions(id)' }), ANA).permissions).toHaveLength(3);
    t.run((g) => file(g, id).setShareableByEditors(false));
    expect(t.run((g) => g.Drive.Files.get(id, { fields: 'id,permissions(id)' }), ANA)).toEqual({ id });
  });

  it('gives "File not found: <id>." for a missing file and for one the user cannot open, as a GoogleJsonResponseException', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const missing = t.attempt((g) => g.Drive.Files.get('nope', { fields: 'id' })).error as Error;
    expect(missing.name).toBe('GoogleJsonResponseException');
    expect(missing.message).toBe('API call to drive.files.get failed with error: File not found: nope.');
    expect(() => t.run((g) => g.Drive.Files.get(id, { fields: 'id' }), OUTSIDER)).toThrow(`File not found: ${id}.`);
  });

  it('refuses a field the File resource does not have, and one the emulator does not model fails loudly', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(() => t.run((g) => g.Drive.Files.get(id, { fields: 'id,title' }))).toThrow('Invalid field selection title');
    expect(() => t.run((g) => g.Drive.Files.get(id, { fields: 'permissions(value)' }))).toThrow(
      'Invalid field selection value',
    );
    expect(() => t.run((g) => g.Drive.Files.get(id, { fields: 'md5Checksum' }))).toThrow(/Emulator does not implement/);
  });

  it('is one call charged like Permissions.list, and takes injected faults under its own key', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const { record } = t.attempt((g) => g.Drive.Files.get(id, { fields: FIELDS }));
    expect(record.calls).toEqual({ 'Drive.Files.get': 1 });
    expect(record.simulatedMs).toBe(200);
    expect(record.sideEffects).toBe(0);
    t.rt.faults.push({ call: 'Drive.Files.get', nth: 2, message: 'Internal Error' });
    expect(() => t.run((g) => g.Drive.Files.get(id, { fields: 'id' }))).toThrow('Internal Error');
    expect(t.run((g) => g.Drive.Files.get(id, { fields: 'id' }))).toEqual({ id });
  });
});

describe('Access history', () => {
  it('records every grant and revoke with who did it, how, and when', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addEditor(ANA));
    t.rt.advanceClock(60_000);
    t.run((g) => file(g, id).removeEditor(ANA));
    const history = t.world.accessHistory(id);
    expect(history.map(({ principal, role, change, via, by }) => ({ principal, role, change, via, by }))).toEqual([
      { principal: OWNER, role: 'owner', change: 'grant', via: 'document:create', by: OWNER },
      { principal: ANA, role: 'writer', change: 'grant', via: 'File.addEditor', by: OWNER },
      { principal: ANA, role: 'none', change: 'revoke', via: 'File.removeEditor', by: OWNER },
    ]);
    // Times are virtual-clock instants: the revoke is at least the minute later the clock was moved.
    expect(history[2].at - history[1].at).toBeGreaterThanOrEqual(60_000);
    expect(history[2].at).toBeLessThanOrEqual(t.rt.now());
  });

  it('everHadAccess keeps people whose access was revoked, and counts general access as "anyone"', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => {
      const f = file(g, id);
      f.addEditor(ANA);
      f.removeEditor(ANA);
      f.setSharing(g.DriveApp.Access.ANYONE_WITH_LINK, g.DriveApp.Permission.VIEW);
      f.setSharing(g.DriveApp.Access.PRIVATE, g.DriveApp.Permission.VIEW);
    });
    expect(t.world.file(id).editors).toEqual([]);
    expect(t.world.file(id).access).toBe('PRIVATE');
    expect(t.world.file(id).everHadAccess).toEqual([ANA, 'anyone', OWNER].sort());
  });
});

describe('Accounting', () => {
  it('charges Drive calls under their class-qualified latency keys and flags shares as side effects', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const { record } = t.attempt((g) => {
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmail: false,
      });
      file(g, id).getSharingAccess();
    });
    expect(record.calls).toMatchObject({
      'Drive.Permissions.create': 1,
      'DriveApp.getFileById': 1,
      'File.getSharingAccess': 1,
    });
    expect(record.simulatedMs).toBe(500 + 200 + 100);
    expect(record.sideEffects).toBe(1);
  });
});

// Google: "Users who can access the file or folder are able to edit it. Unless File.setShareableByEditors(shareable)
// is set to false, users can also change the sharing settings."
// (https://developers.google.com/apps-script/reference/drive/permission, EDIT)
describe('A person changing sharing in Drive (ui.share)', () => {
  it('the owner shares with a person (notified, as the dialog does by default) or with anyone with the link', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.world.ui.share(OWNER, id, OUTSIDER, 'reader');
    t.world.ui.share(OWNER, id, 'anyone', 'writer');
    expect(t.world.file(id)).toMatchObject({ viewers: [OUTSIDER], access: 'ANYONE_WITH_LINK' });
    expect(t.world.shareNotifications().map((n) => n.to)).toEqual([OUTSIDER]);
    expect(
      t.world
        .accessHistory(id)
        .filter((e) => e.via === 'ui:share')
        .map((e) => [e.principal, e.role]),
    ).toEqual([
      [OUTSIDER, 'reader'],
      ['anyone', 'writer'],
    ]);
  });

  it('an editor shares while editors may; once the owner turns that off, the editor is refused and nothing changes', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addEditor(ANA));
    t.world.ui.share(ANA, id, BO, 'writer');
    expect(t.world.file(id).editors).toEqual([ANA, BO]);
    t.run((g) => file(g, id).setShareableByEditors(false));
    expect(() => t.world.ui.share(ANA, id, OUTSIDER, 'writer')).toThrow(/cannot change who has access/);
    expect(() => t.world.ui.share(ANA, id, 'anyone', 'reader')).toThrow(/cannot change who has access/);
    expect(t.world.file(id)).toMatchObject({ editors: [ANA, BO], viewers: [], access: 'PRIVATE' });
  });

  it('a viewer and a stranger are refused', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => file(g, id).addViewer(BO));
    expect(() => t.world.ui.share(BO, id, OUTSIDER, 'reader')).toThrow(/cannot change who has access/);
    expect(() => t.world.ui.share(OUTSIDER, id, 'anyone', 'reader')).toThrow(/cannot change who has access/);
    expect(t.world.file(id)).toMatchObject({ viewers: [BO], access: 'PRIVATE' });
  });
});

// "Every user who has access to a folder also has access to all items inside the folder ... This access behavior exists
// in both My Drive and shared drives" (https://developers.google.com/drive/api/guides/limited-expansive-access); the
// Permission resource's permissionDetails say "whether the permissions on this item are inherited or are directly on
// this item" (https://developers.google.com/drive/api/reference/rest/v3/permissions).
describe('Inherited permissions (Drive v3)', () => {
  function docInSharedFolder(t: TestWorld): { id: string; folderId: string } {
    const id = createDoc(t);
    const folderId = t.run((g) => {
      const folder = g.DriveApp.createFolder('Team');
      folder.addEditor(ANA);
      file(g, id).moveTo(folder);
      file(g, id).addViewer(BO);
      return folder.getId();
    });
    return { id, folderId };
  }

  it("lists the folder's grantees on the file, marked inherited, beside the file's own permissions", () => {
    const t = createTestWorld();
    const { id } = docInSharedFolder(t);
    const list = t.run((g) =>
      g.Drive!.Permissions.list(id, { fields: 'permissions(type,role,emailAddress,permissionDetails)' }),
    ).permissions!;
    expect(list.map((p) => [p.emailAddress, p.role, p.permissionDetails?.map((d) => d.inherited)])).toEqual([
      [OWNER, 'owner', [false]],
      [BO, 'reader', [false]],
      [ANA, 'writer', [true]],
    ]);
    // Files.get gives the same, and inheritedFrom is left out (populated only for items in shared drives).
    const viaGet = t.run((g) => g.Drive!.Files.get(id, { fields: 'permissions(emailAddress,permissionDetails)' }));
    expect(viaGet.permissions?.find((p) => p.emailAddress === ANA)?.permissionDetails).toEqual([
      { permissionType: 'file', role: 'writer', inherited: true },
    ]);
  });

  it('a person with a direct and an inherited role has one permission with both details and the higher role', () => {
    const t = createTestWorld();
    const { id } = docInSharedFolder(t);
    t.run((g) => file(g, id).addViewer(ANA));
    const ana = t
      .run((g) => g.Drive!.Permissions.list(id, { fields: 'permissions(emailAddress,role,permissionDetails)' }))
      .permissions!.filter((p) => p.emailAddress === ANA);
    expect(ana).toEqual([
      {
        emailAddress: ANA,
        role: 'writer',
        permissionDetails: [
          { permissionType: 'file', role: 'reader', inherited: false },
          { permissionType: 'file', role: 'writer', inherited: true },
        ],
      },
    ]);
  });

  it('refuses to remove an inherited permission on the file; removing it on the folder, or moving the file out, ends it', () => {
    const t = createTestWorld();
    const { id, folderId } = docInSharedFolder(t);
    const anaId = t
      .run((g) => g.Drive!.Permissions.list(id, { fields: 'permissions(id,emailAddress)' }))
      .permissions!.find((p) => p.emailAddress === ANA)!.id!;
    expect(messageOf(() => t.run((g) => g.Drive!.Permissions.remove(id, anaId)))).toBe(
      'API call to drive.permissions.delete failed with error: The permission is inherited from a parent folder and cannot be removed from this item; change it on the folder.',
    );
    expect(t.run((g) => file(g, id).getName(), ANA)).toBe('Brave Otter');
    t.run((g) => g.Drive!.Permissions.remove(folderId, anaId));
    expect(() => t.run((g) => file(g, id).getName(), ANA)).toThrow(/No item with the given ID/);
    const emails = t
      .run((g) => g.Drive!.Permissions.list(id, { fields: 'permissions(emailAddress)' }))
      .permissions!.map((p) => p.emailAddress);
    expect(emails).toEqual([OWNER, BO]);
  });

  it('removing a direct permission of someone who also inherits one leaves the inherited access', () => {
    const t = createTestWorld();
    const { id } = docInSharedFolder(t);
    t.run((g) => file(g, id).addViewer(ANA));
    const anaId = t
      .run((g) => g.Drive!.Permissions.list(id, { fields: 'permissions(id,emailAddress)' }))
      .permissions!.find((p) => p.emailAddress === ANA)!.id!;
    t.run((g) => g.Drive!.Permissions.remove(id, anaId));
    const ana = t
      .run((g) => g.Drive!.Permissions.list(id, { fields: 'permissions(emailAddress,permissionDetails)' }))
      .permissions!.find((p) => p.emailAddress === ANA);
    expect(ana?.permissionDetails).toEqual([{ permissionType: 'file', role: 'writer', inherited: true }]);
  });
});

describe('Drive v3 Changes', () => {
  it('lists the files changed since a start token, sharing changes included, then a new start token', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const other = createDoc(t);
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken());
    expect(token).toEqual({ kind: 'drive#startPageToken', startPageToken: expect.stringMatching(/^\d+$/) });
    t.run((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
        sendNotificationEmail: false,
      }),
    );
    const list = t.run((g) => g.Drive.Changes!.list(token.startPageToken!));
    expect(list.changes!.map((c) => c.fileId)).toEqual([id]);
    expect(list.changes![0]).toEqual(
      expect.objectContaining({ kind: 'drive#change', changeType: 'file', removed: false, fileId: id }),
    );
    expect(list.nextPageToken).toBeUndefined();
    expect(list.changes!.map((c) => c.fileId)).not.toContain(other);
    // Nothing since: an empty page and the same token again.
    const again = t.run((g) => g.Drive.Changes!.list(list.newStartPageToken!));
    expect(again).toEqual({ kind: 'drive#changeList', changes: [], newStartPageToken: list.newStartPageToken });
  });

  // "removed: Whether the file or shared drive has been removed from this list of changes, for example by deletion or
  // loss of access" (developers.google.com/workspace/drive/api/reference/rest/v3/changes).
  it('lists a file deleted for good, by hand or 30 days after the trash, as removed, to whoever could read it', () => {
    const t = createTestWorld();
    const byHand = createDoc(t);
    const expired = createDoc(t);
    t.run((g) => file(g, byHand).addEditor(ANA));
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    t.world.deleteForever(byHand);
    t.run((g) => file(g, expired).setTrashed(true));
    t.rt.setClock(t.rt.now() + 31 * 24 * 3600 * 1000);
    const fields = 'newStartPageToken,changes(fileId,removed,file(id))';
    const list = t.run((g) => g.Drive.Changes!.list(token, { fields }));
    expect(list.changes).toEqual([
      { fileId: byHand, removed: true },
      { fileId: expired, removed: true },
    ]);
    // ANA could edit the one deleted by hand; the other was never hers to see.
    const hers = t.run((g) => g.Drive.Changes!.list(token, { fields }), ANA);
    expect(hers.changes).toEqual([{ fileId: byHand, removed: true }]);
  });

  it('pages by pageSize (1 to 1000) with nextPageToken; a bad token or size is refused', () => {
    const t = createTestWorld();
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    const ids = [createDoc(t), createDoc(t), createDoc(t)];
    const first = t.run((g) => g.Drive.Changes!.list(token, { pageSize: 2 }));
    expect(first.newStartPageToken).toBeUndefined();
    const rest = t.run((g) => g.Drive.Changes!.list(first.nextPageToken!, { pageSize: 2 }));
    const seen = new Set([...first.changes!, ...rest.changes!].map((c) => c.fileId));
    expect([...ids].every((id) => seen.has(id))).toBe(true);
    expect(rest.newStartPageToken).toBeDefined();
    expect(t.attempt((g) => g.Drive.Changes!.list(token, { pageSize: 1001 })).record.error).toMatch(/page_size/);
    expect(t.attempt((g) => g.Drive.Changes!.list('not-a-token')).record.error).toMatch(
      /API call to drive\.changes\.list failed with error: Invalid Value/,
    );
  });
  it('answers only the fields asked for: a mask without the tokens gets neither, an unknown name is refused', () => {
    const t = createTestWorld();
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    const ids = [createDoc(t), createDoc(t)];
    // The product's mask (drive-audit.ts readChangedFiles): both tokens and two fields of each change.
    const asked = t.run((g) =>
      g.Drive.Changes!.list(token, { pageSize: 1, fields: 'nextPageToken,newStartPageToken,changes(fileId,removed)' }),
    );
    expect(asked).toEqual({ nextPageToken: expect.any(String), changes: [{ fileId: ids[0], removed: false }] });
    const last = t.run((g) =>
      g.Drive.Changes!.list(asked.nextPageToken!, { fields: 'nextPageToken,newStartPageToken,changes(fileId)' }),
    );
    expect(last).toEqual({ newStartPageToken: expect.any(String), changes: [{ fileId: ids[1] }] });
    // Without the tokens in the mask Drive leaves them out: the caller cannot tell where the feed ends.
    const bare = t.run((g) => g.Drive.Changes!.list(token, { pageSize: 1, fields: 'changes(fileId)' }));
    expect(bare).toEqual({ changes: [{ fileId: ids[0] }] });
    const file = t.run((g) => g.Drive.Changes!.list(token, { fields: 'changes(file(id,trashed))' }));
    expect(file.changes![0]).toEqual({ file: { id: ids[0], trashed: false } });
    expect(
      t.attempt((g) => g.Drive.Changes!.list(token, { fields: 'changes(fileId),pageToken' })).record.error,
    ).toMatch(/drive\.changes\.list failed with error: Invalid field selection pageToken/);
    expect(t.attempt((g) => g.Drive.Changes!.list(token, { fields: 'changes(fileID)' })).record.error).toMatch(
      /Invalid field selection fileID/,
    );
  });
});

describe('Drive v3 Changes: content', () => {
  it("lists a change to a file's content (cells written, a Doc saved, a cell a person typed), not only its sharing", () => {
    const t = createTestWorld();
    const docId = createDoc(t);
    const ssId = t.run((g) => g.SpreadsheetApp.create('Registry').getId());
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    const listed = (from: string) =>
      t.run((g) => g.Drive.Changes!.list(from, { fields: 'newStartPageToken,changes(fileId)' }));
    expect(listed(token).changes).toEqual([]);
    t.run((g) => {
      g.SpreadsheetApp.openById(ssId)
        .getSheets()[0]
        .getRange(1, 1)
        .setValues([['x']]);
      const doc = g.DocumentApp.openById(docId);
      doc.getBody().appendParagraph('a line');
      doc.saveAndClose();
    });
    const written = listed(token);
    expect(new Set(written.changes!.map((c) => c.fileId))).toEqual(new Set([ssId, docId]));
    t.world.ui.editCell(OWNER, ssId, 'Sheet1', 2, 1, 'typed');
    expect(listed(written.newStartPageToken!).changes).toEqual([{ fileId: ssId }]);
  });

  it('lists a file changed many times since a token once, at its latest change (an earlier entry is replaced)', () => {
    const t = createTestWorld();
    const ssId = t.run((g) => g.SpreadsheetApp.create('Registry').getId());
    const docId = createDoc(t);
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    for (let i = 0; i < 3; i++)
      t.run((g) =>
        g.SpreadsheetApp.openById(ssId)
          .getSheets()[0]
          .getRange(1, 1)
          .setValues([[i]]),
      );
    t.run((g) =>
      g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, docId, {
        sendNotificationEmail: false,
      }),
    );
    t.run((g) =>
      g.SpreadsheetApp.openById(ssId)
        .getSheets()[0]
        .getRange(1, 1)
        .setValues([['last']]),
    );
    const list = t.run((g) => g.Drive.Changes!.list(token, { fields: 'newStartPageToken,changes(fileId)' }));
    expect(list.changes!.map((c) => c.fileId)).toEqual([docId, ssId]);
  });

  it('gives at most 100 changes a page when their files\u2019 permissions are asked for (the stricter case)', () => {
    const t = createTestWorld();
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    t.run((g) => {
      for (let i = 0; i < 101; i++) g.DocumentApp.create(`Doc ${i}`);
    });
    const page = t.run((g) =>
      g.Drive.Changes!.list(token, {
        pageSize: 1000,
        fields: 'nextPageToken,newStartPageToken,changes(fileId,file(id,permissions(id,role)))',
      }),
    );
    expect(page.changes).toHaveLength(100);
    expect(page.nextPageToken).toBeDefined();
    expect(page.changes![0].file!.permissions![0].role).toBe('owner');
  });
  it("ui.renameFile: an editor's new title is what DriveApp, DocumentApp and Files.get read, Changes.list lists it, a reader may not", () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => {
      file(g, id).addEditor(ANA);
      file(g, id).addViewer(BO);
    });
    const token = t.run((g) => g.Drive.Changes!.getStartPageToken()).startPageToken!;
    t.rt.advanceClock(60_000);
    const renamedAt = new Date(t.rt.now()).toISOString();
    t.world.ui.renameFile(ANA, id, 'Brave Otter - Sam Doe');
    const names = t.run((g) => {
      const got = g.Drive.Files!.get(id, { fields: 'name,modifiedTime' });
      return [file(g, id).getName(), g.DocumentApp.openById(id).getName(), got.name, got.modifiedTime];
    });
    const title = 'Brave Otter - Sam Doe';
    expect(names).toEqual([title, title, title, renamedAt]);
    expect([t.world.file(id).name, t.world.doc(id).title]).toEqual([title, title]);
    const listed = t.run((g) => g.Drive.Changes!.list(token, { fields: 'changes(fileId)' }));
    expect(listed.changes).toEqual([{ fileId: id }]);
    // A reader cannot rename (Drive offers Rename to editors only), nor can someone the file is not shared with.
    expect(() => t.world.ui.renameFile(BO, id, 'Renamed by a reader')).toThrow(/No item|permission/);
    expect(() => t.world.ui.renameFile(OUTSIDER, id, 'Renamed by a stranger')).toThrow(/No item|permission/);
    expect(t.run((g) => file(g, id).getName())).toBe('Brave Otter - Sam Doe');
  });
});

describe('Drive v3 Files.list', () => {
  const ACCESS =
    'nextPageToken,files(id,parents,writersCanShare,permissions(id,type,role,emailAddress,permissionDetails))';

  /** A folder with `n` Docs made an hour apart (oldest first), Ana an editor of each. */
  function folderOfDocs(t: TestWorld, n: number): { folderId: string; ids: string[] } {
    const folderId = t.run((g) => g.DriveApp.createFolder('Private').getId());
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      t.rt.setClock(t.rt.now() + 3600 * 1000);
      ids.push(
        t.run((g) => {
          const id = g.DocumentApp.create(`Doc ${i}`).getId();
          g.DriveApp.getFileById(id).moveTo(g.DriveApp.getFolderById(folderId));
          g.Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: ANA }, id, {
            sendNotificationEmail: false,
          });
          return id;
        }),
      );
    }
    return { folderId, ids };
  }

  it("lists a folder's files oldest first with the permissions Files.get gives, and records each file read", () => {
    const t = createTestWorld();
    const { folderId, ids } = folderOfDocs(t, 3);
    createDoc(t, 'Elsewhere');
    const { value, record } = t.attempt((g) => ({
      list: g.Drive.Files.list({
        q: `'${folderId}' in parents and trashed = false`,
        orderBy: 'createdTime',
        fields: ACCESS,
      }),
      one: g.Drive.Files.get(ids[1], {
        fields: 'id,parents,writersCanShare,permissions(id,type,role,emailAddress,permissionDetails)',
      }),
    }));
    expect(value!.list.files!.map((f) => f.id)).toEqual(ids);
    expect(value!.list.nextPageToken).toBeUndefined();
    expect(value!.list.files![1]).toEqual(value!.one);
    expect(value!.list.files![1].permissions!.map((p) => [p.emailAddress, p.role])).toEqual(
      expect.arrayContaining([
        [OWNER, 'owner'],
        [ANA, 'writer'],
      ]),
    );
    expect(record.calls['Drive.Files.list']).toBe(1);
    for (const id of ids) expect(record.filesRead[id]).toBeGreaterThanOrEqual(1);
  });

  it('answers kind, id, name and mimeType without fields, and leaves trashed files out unless asked for', () => {
    const t = createTestWorld();
    const { folderId, ids } = folderOfDocs(t, 2);
    t.run((g) => g.DriveApp.getFileById(ids[0]).setTrashed(true));
    const plain = t.run((g) => g.Drive.Files.list({ q: `'${folderId}' in parents and trashed = false` }));
    expect(plain.files).toEqual([
      { kind: 'drive#file', id: ids[1], name: 'Doc 1', mimeType: 'application/vnd.google-apps.document' },
    ]);
    const trashed = t.run((g) =>
      g.Drive.Files.list({
        q: `trashed = true and ('${folderId}' in parents or 'nowhere' in parents)`,
        fields: 'files(id)',
      }),
    );
    expect(trashed.files).toEqual([{ id: ids[0] }]);
  });

  it('pages with nextPageToken, at most 100 files a page when permissions are asked for, and filters by createdTime', () => {
    const t = createTestWorld();
    const { folderId, ids } = folderOfDocs(t, 105);
    const q = `'${folderId}' in parents and trashed = false`;
    const first = t.run((g) => g.Drive.Files.list({ q, orderBy: 'createdTime', pageSize: 1000, fields: ACCESS }));
    expect(first.files).toHaveLength(100);
    const rest = t.run((g) =>
      g.Drive.Files.list({ q, orderBy: 'createdTime', pageSize: 1000, fields: ACCESS, pageToken: first.nextPageToken }),
    );
    expect([...first.files!, ...rest.files!].map((f) => f.id)).toEqual(ids);
    expect(rest.nextPageToken).toBeUndefined();
    // Without permissions the page holds what pageSize asks for.
    expect(t.run((g) => g.Drive.Files.list({ q, pageSize: 1000, fields: 'files(id)' })).files).toHaveLength(105);
    const since = t.run((g) => g.Drive.Files.get(ids[100], { fields: 'createdTime' }).createdTime!);
    const recent = t.run((g) =>
      g.Drive.Files.list({ q: `${q} and createdTime >= '${since}'`, orderBy: 'createdTime', fields: 'files(id)' }),
    );
    expect(recent.files!.map((f) => f.id)).toEqual(ids.slice(100));
  });

  it('lists only what the user can see; a bad query, size or token is refused, and a query term it does not model is named', () => {
    const t = createTestWorld();
    const { folderId } = folderOfDocs(t, 1);
    expect(
      t.run((g) => g.Drive.Files.list({ q: `'${folderId}' in parents`, fields: 'files(id)' }), OUTSIDER).files,
    ).toEqual([]);
    expect(t.attempt((g) => g.Drive.Files.list({ q: `'${folderId}' in parents and` })).record.error).toMatch(
      /API call to drive\.files\.list failed with error: Invalid Value/,
    );
    expect(t.attempt((g) => g.Drive.Files.list({ pageSize: 0 })).record.error).toMatch(/page_size/);
    expect(t.attempt((g) => g.Drive.Files.list({ pageToken: 'nope' })).record.error).toMatch(/Invalid Value/);
    expect(t.attempt((g) => g.Drive.Files.list({ q: "name contains 'x'" })).record.error).toMatch(
      /Emulator does not implement the Drive query term name/,
    );
  });
});

describe('Drive v3 Files.create', () => {
  const DOC = 'application/vnd.google-apps.document';

  it('makes an empty Google Doc in the folder given, not re-shareable when asked, that DocumentApp opens', () => {
    const t = createTestWorld();
    const folderId = t.run((g) => g.DriveApp.createFolder('Private').getId());
    const made = t.run((g) =>
      g.Drive.Files.create(
        { name: 'Brave Otter', mimeType: DOC, parents: [folderId], writersCanShare: false },
        null as unknown as GoogleAppsScript.Base.Blob,
        {
          fields: 'id,parents,writersCanShare,permissions(type,role,emailAddress)',
          ignoreDefaultVisibility: true,
        },
      ),
    );
    expect(made).toEqual({
      id: expect.any(String),
      parents: [folderId],
      writersCanShare: false,
      permissions: [{ type: 'user', role: 'owner', emailAddress: OWNER }],
    });
    const text = t.run((g) => {
      const doc = g.DocumentApp.openById(made.id!);
      doc.getBody().appendParagraph('Report');
      doc.saveAndClose();
      return g.DocumentApp.openById(made.id!).getBody().getText();
    });
    expect(text).toContain('Report');
    expect(t.world.file(made.id!)).toMatchObject({ name: 'Brave Otter', parents: [folderId], access: 'PRIVATE' });
    // Without fields: v3's default set.
    const plain = t.run((g) => g.Drive.Files.create({ name: 'Plain', mimeType: DOC }));
    expect(Object.keys(plain).sort()).toEqual(['id', 'kind', 'mimeType', 'name']);
    expect(t.world.file(plain.id!).parents).toHaveLength(1);
  });

  it('refuses a folder the user cannot write to, two parents, content, and kinds it does not model', () => {
    const t = createTestWorld();
    const folderId = t.run((g) => g.DriveApp.createFolder('Private').getId());
    expect(
      t.attempt((g) => g.Drive.Files.create({ name: 'x', mimeType: DOC, parents: [folderId] }), ANA).record.error,
    ).toMatch(/API call to drive\.files\.create failed with error: File not found/);
    expect(
      t.attempt((g) => g.Drive.Files.create({ name: 'x', mimeType: DOC, parents: [folderId, folderId] })).record.error,
    ).toMatch(/drive\.files\.create failed/);
    expect(t.attempt((g) => g.Drive.Files.create({ name: 'x', mimeType: 'text/plain' })).record.error).toMatch(
      /Emulator does not implement Drive\.Files\.create of text\/plain/,
    );
    expect(
      t.attempt((g) =>
        g.Drive.Files.create({ name: 'x', mimeType: DOC }, {
          getBytes: () => [104, 105],
        } as unknown as GoogleAppsScript.Base.Blob),
      ).record.error,
    ).toMatch(/Emulator does not implement Drive\.Files\.create with content/);
  });
});

describe('Drive.Comments (v3 advanced service)', () => {
  it('lists comments and replies people left, with the fields mask required, by modified time, a page at a time', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => g.DriveApp.getFileById(id).addEditor('cy@example.org'));
    const first = t.world.ui.comment('cy@example.org', id, 'One');
    t.rt.setClock(t.rt.now() + 60_000);
    t.world.ui.comment(OWNER, id, 'Two');
    expect(() => t.world.ui.comment(OUTSIDER, id, 'Three')).toThrow(/may not comment/);
    const list = (args: Record<string, unknown>) =>
      t.run(
        (g) => g.Drive.Comments!.list(id, args) as { comments: Array<Record<string, unknown>>; nextPageToken?: string },
      );
    expect(messageOf(() => list({}))).toMatch(/'fields' parameter is required/);
    const all = list({ fields: 'comments(id,content)' });
    expect(all.comments.map((c) => c.content)).toEqual(['One', 'Two']);
    // A reply makes its comment modified again.
    t.rt.setClock(t.rt.now() + 60_000);
    const since = new Date(t.rt.now()).toISOString();
    t.world.ui.comment(OWNER, id, 'A reply', first);
    const changed = list({ fields: 'comments(id,content,replies(content))', startModifiedTime: since });
    expect(
      changed.comments.map((c) => [c.content, (c.replies as Array<{ content: string }>).map((r) => r.content)]),
    ).toEqual([['One', ['A reply']]]);
    const paged = list({ fields: 'nextPageToken,comments(id)', pageSize: 1 });
    expect(paged.nextPageToken).toBe('1');
    expect(messageOf(() => list({ fields: 'comments(id)', pageSize: 101 }))).toMatch(/page_size/);
    // Deleted by the owner: gone, and listed without its content only when asked.
    t.world.ui.deleteComment(OWNER, id, first);
    expect(list({ fields: 'comments(id,content)' }).comments.map((c) => c.content)).toEqual(['Two']);
    expect(list({ fields: 'comments(id,content)', includeDeleted: true }).comments[0].content).toBeUndefined();
  });
});
