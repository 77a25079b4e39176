// The data half of the emulator: assembles Drive, Sheets, Docs and Forms into a DataWorld (globals, browser actions, events, snapshots).

import { addComment, deleteComment } from './comments';
import { GasException, type Runtime } from './runtime';
import type { DataWorld, EditEventInfo, FileSnapshot, FormAnswers, GeneralAccess, Role } from './contracts';
import { createUser, DataContext, MESSAGES, type DataWorldOptions } from './data-core';
import { DocsStore, DocumentServices } from './docs';
import { createAdvancedDrive, createDriveApp, DriveStore, type SharingPermission } from './drive';
import { FormServices, FormsStore } from './forms';
import { SheetsStore, SpreadsheetServices } from './sheets';

export type { DataWorldOptions } from './data-core';

/** What a person meets who may not change a file's sharing (Drive shows no Share dialog; the wording is the emulator's). */
export const SHARE_REFUSAL = (user: string): string =>
  `Emulator: ${user} cannot change who has access to this file (only its owner can, and its editors when the owner lets editors share)`;

const ROLE_PERMISSION: Record<Role, SharingPermission> = {
  owner: 'EDIT',
  writer: 'EDIT',
  commenter: 'COMMENT',
  reader: 'VIEW',
};

/**
 * Creates the Sheets/Docs/Drive/Forms world. `globals()` are what the bundle sees; every member goes through
 * `rt.call` and acts as the execution's effective user. `ui` is people in a browser (outside executions).
 */
export function createDataWorld(rt: Runtime, options: DataWorldOptions): DataWorld {
  const ctx = new DataContext(rt, options);
  const drive = new DriveStore(ctx);
  const sheets = new SheetsStore(ctx, drive);
  const docs = new DocsStore(ctx, drive);
  const forms = new FormsStore(ctx, drive, sheets);
  const spreadsheetServices = new SpreadsheetServices(ctx, sheets, drive);
  const documentServices = new DocumentServices(ctx, docs, drive);
  const formServices = new FormServices(ctx, forms, drive, sheets);

  const globals = {
    SpreadsheetApp: spreadsheetServices.createSpreadsheetApp(),
    DocumentApp: documentServices.createDocumentApp(),
    DriveApp: createDriveApp(ctx, drive),
    Drive: createAdvancedDrive(ctx, drive, (name, owner, parentId) => docs.create(name, owner, parentId).item),
    FormApp: formServices.createFormApp(),
  };

  const fileOrThrow = (id: string) => {
    const item = drive.get(id);
    if (!item) throw new Error(`Emulator: no file ${id}`);
    return item;
  };

  const ui: DataWorld['ui'] = {
    editCell(user, spreadsheetId, sheetName, row, column, value) {
      const sheet = sheets.findSheet(spreadsheetId, sheetName);
      const { value: shown, oldValue } = sheets.editCellAsUser(user, sheet, row, column, value);
      const info: EditEventInfo = {
        spreadsheetId,
        sheetName,
        row,
        column,
        numRows: 1,
        numColumns: 1,
        value: shown,
        user,
      };
      if (oldValue !== undefined) info.oldValue = oldValue;
      return info;
    },
    pasteCells(user, spreadsheetId, sheetName, row, column, block, copiedCells) {
      sheets.pasteAsUser(user, sheets.findSheet(spreadsheetId, sheetName), row, column, block, copiedCells);
      // A multi-cell edit has no value or oldValue (editEvent leaves them out for any range but one cell).
      return { spreadsheetId, sheetName, row, column, numRows: block.length, numColumns: block[0].length, user };
    },
    sortSheet(user, spreadsheetId, sheetName, column, ascending) {
      const area = sheets.sortAsUser(user, sheets.findSheet(spreadsheetId, sheetName), column, ascending);
      // A multi-cell edit: no value, no oldValue.
      return { spreadsheetId, sheetName, column: 1, ...area, user };
    },
    replaceAll(user, spreadsheetId, sheetName, find, replace) {
      const area = sheets.replaceAllAsUser(user, sheets.findSheet(spreadsheetId, sheetName), find, replace);
      // A multi-cell edit has no value or oldValue; one cell replaced is a one-cell edit with its new value.
      return area && { spreadsheetId, sheetName, ...area, user };
    },
    saveVersion(spreadsheetId) {
      return sheets.versionOf(sheets.spreadsheetById(spreadsheetId));
    },
    restoreVersion(user, spreadsheetId, version, sheetName) {
      const ss = sheets.spreadsheetById(spreadsheetId);
      const area = sheets.restoreVersionAsUser(user, ss, version as ReturnType<SheetsStore['versionOf']>, sheetName);
      // A multi-cell edit: no value, no oldValue.
      return { spreadsheetId, sheetName, ...area, user };
    },
    moveColumn(user, spreadsheetId, sheetName, from, to) {
      sheets.moveColumnAsUser(user, sheets.findSheet(spreadsheetId, sheetName), from, to);
    },
    insertRowBefore(user, spreadsheetId, sheetName, row) {
      sheets.insertRowAsUser(user, sheets.findSheet(spreadsheetId, sheetName), row);
    },
    deleteRow(user, spreadsheetId, sheetName, row) {
      sheets.deleteRowAsUser(user, sheets.findSheet(spreadsheetId, sheetName), row);
    },
    readSheet(user, spreadsheetId, sheetName) {
      return sheets.readAsUser(user, sheets.findSheet(spreadsheetId, sheetName));
    },
    openDoc(user, docId) {
      return docs.openAsUser(user, docId);
    },
    writeDocTable(user, docId, heading, rows) {
      docs.writeTableAsUser(user, docId, heading, rows);
    },
    writeDocSection(user, docId, heading, text) {
      docs.writeSectionAsUser(user, docId, heading, text);
    },
    docVersion(docId) {
      return docs.version(docId);
    },
    restoreDocVersion(user, docId, version) {
      docs.restoreVersionAsUser(user, docId, version as ReturnType<typeof docs.version>);
    },
    setSharing(user, fileId, access: GeneralAccess, role: Role) {
      const item = fileOrThrow(fileId);
      if (!drive.canShare(user, item)) throw new GasException(MESSAGES.noDocumentAccess);
      drive.setGeneralAccess(item, access, ROLE_PERMISSION[role], 'ui:share', user);
    },
    addEditor(user, fileId, email) {
      const item = fileOrThrow(fileId);
      if (!drive.canShare(user, item)) throw new GasException(MESSAGES.noDocumentAccess);
      // The Share dialog's "Notify people" box is ticked by default.
      drive.grantUser(item, email, 'writer', { via: 'ui:share', by: user, notify: true });
    },
    share(user, fileId, withWho, role) {
      const item = fileOrThrow(fileId);
      // Owners share; editors too unless the owner turned that off ("Unless File.setShareableByEditors(shareable) is
      // set to false, users can also change the sharing settings", developers.google.com/apps-script/reference/drive/permission).
      // Drive's Share dialog is not offered to anyone else; the emulator refuses with its own words.
      if (!drive.canShare(user, item)) throw new GasException(SHARE_REFUSAL(user));
      if (withWho === 'anyone')
        drive.setGeneralAccess(item, 'ANYONE_WITH_LINK', ROLE_PERMISSION[role], 'ui:share', user);
      // The Share dialog's "Notify people" box is ticked by default.
      else drive.grantUser(item, withWho, role, { via: 'ui:share', by: user, notify: true });
    },
    unshare(user, fileId, email) {
      const item = fileOrThrow(fileId);
      if (!drive.canShare(user, item)) throw new GasException(SHARE_REFUSAL(user));
      drive.revokeUser(item, email, 'all', 'ui:share', user);
    },
    createFolder(user, name, sharedWith) {
      const folder = drive.create('folder', name, user);
      for (const email of sharedWith)
        drive.grantUser(folder, email, 'writer', { via: 'ui:share', by: user, notify: true });
      return folder.id;
    },
    createDoc(user, title, sharedWith) {
      const doc = docs.create(title, user);
      for (const email of sharedWith)
        drive.grantUser(drive.get(doc.id)!, email, 'writer', { via: 'ui:share', by: user, notify: true });
      return doc.id;
    },
    transferOwnership(user, fileId, newOwner) {
      const item = fileOrThrow(fileId);
      // Only the owner transfers a file; the previous owner stays an editor (Drive's Share dialog, "Transfer ownership").
      if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.noDocumentAccess);
      drive.transferOwnership(item, newOwner.toLowerCase(), 'ui:transfer', user);
    },
    createSharedDrive(user, name, members) {
      return drive.createSharedDrive(name, { ...members, [user.toLowerCase()]: 'writer' }, user).id;
    },
    moveToSharedDrive(user, fileId, driveId) {
      const item = fileOrThrow(fileId);
      const root = drive.get(driveId);
      if (!root?.driveId || !drive.canWrite(user, item) || !drive.canWrite(user, root))
        throw new GasException(MESSAGES.noDocumentAccess);
      drive.moveToSharedDrive(item, root, user);
    },
    offerOwnership(user, fileId, newOwner) {
      const item = fileOrThrow(fileId);
      const email = newOwner.toLowerCase();
      if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.noDocumentAccess);
      // Drive's words (reason `pendingOwnerWriterRequired`, googleapis/google-api-python-client#2741).
      if (!item.editors.includes(email))
        throw new GasException(
          'The target user cannot be a pending owner because the target user does not have a writer role for the file.',
        );
      item.pendingOwner = email;
      // "the prospective new owner receives an email notification" (guides/transfer-file).
      drive.notifications.push({ at: rt.now(), to: email, fileId: item.id, title: item.name });
      drive.noteChange(item);
    },
    acceptOwnership(user, fileId) {
      const item = fileOrThrow(fileId);
      if (item.pendingOwner !== user.toLowerCase()) throw new GasException(MESSAGES.noDocumentAccess);
      drive.transferOwnership(item, item.pendingOwner, 'ui:accept-ownership', user);
    },
    publishToWeb(user, fileId) {
      const item = fileOrThrow(fileId);
      if (!drive.canShare(user, item)) throw new GasException(SHARE_REFUSAL(user));
      item.published = true;
    },
    setShareableByEditors(user, fileId, shareable) {
      const item = fileOrThrow(fileId);
      if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.noDocumentAccess);
      item.shareableByEditors = shareable;
      drive.noteChange(item);
    },
    moveFile(user, fileId, folderId) {
      const item = fileOrThrow(fileId);
      const folder = fileOrThrow(folderId);
      if (folder.kind !== 'folder') throw new Error(`Emulator: ${folderId} is not a folder`);
      if (!drive.canWrite(user, item) || !drive.canWrite(user, folder))
        throw new GasException(MESSAGES.noDocumentAccess);
      drive.move(item, folder, 'ui:move', user);
    },
    renameFile(user, fileId, name) {
      const item = fileOrThrow(fileId);
      if (!drive.canWrite(user, item)) throw new GasException(MESSAGES.noDocumentAccess);
      item.name = name;
      item.updatedAt = rt.now();
      drive.noteChange(item);
    },
    comment(user, fileId, content, replyTo) {
      return addComment(drive, fileOrThrow(fileId), user, content, rt.now(), replyTo);
    },
    mentionInComment(user, fileId, content, confirmShare) {
      const item = fileOrThrow(fileId);
      const id = addComment(drive, item, user, content, rt.now());
      for (const [, email] of content.matchAll(/[+@]([^\s@+]+@[^\s@,;]+\.[a-z]+)/gi)) {
        // Docs mails the mentioned person the comment; one without access is offered a share, which only someone who
        // may share the file can make (an editor of a case Doc may not: writersCanShare is off).
        drive.notifications.push({ at: rt.now(), to: email.toLowerCase(), fileId: item.id, title: item.name });
        if (confirmShare && !drive.canRead(email, item) && drive.canShare(user, item))
          drive.grantUser(item, email, 'commenter', { via: 'ui:mention', by: user, notify: true });
      }
      return id;
    },
    deleteComment(user, fileId, commentId) {
      const item = fileOrThrow(fileId);
      if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.noDocumentAccess);
      deleteComment(item, commentId, rt.now());
    },
    setTrashed(user, fileId, trashed) {
      const item = fileOrThrow(fileId);
      // As File.setTrashed: in My Drive only the owner can trash an item.
      if (drive.roleOf(user, item) !== 'owner') throw new GasException(MESSAGES.noDocumentAccess);
      drive.setTrashed(item, trashed);
    },
    submitForm(formId, answers: FormAnswers, respondentEmail?: string) {
      return forms.submit(formId, answers, respondentEmail);
    },
    setFormResponding(user, formId, change) {
      const form = forms.find(formId);
      if (!drive.canWrite(user, form.item)) throw new GasException(MESSAGES.noDocumentAccess);
      forms.setResponding(form, change);
    },
    deleteFormResponse(user, formId, responseId) {
      const form = forms.find(formId);
      if (!drive.canWrite(user, form.item)) throw new GasException(MESSAGES.noDocumentAccess);
      if (!form.responses.some((r) => r.id === responseId))
        throw new Error(`Emulator: the form has no response ${responseId}`);
      form.responses = form.responses.filter((r) => r.id !== responseId);
    },
    editFormItem(user, formId, title, change) {
      const form = forms.find(formId);
      if (!drive.canWrite(user, form.item)) throw new GasException(MESSAGES.noDocumentAccess);
      const at = form.items.findIndex((i) => i.title === title);
      if (at < 0) throw new Error(`Emulator: the form has no question "${title}"`);
      if (change.remove) form.items.splice(at, 1);
      else {
        if (change.helpText !== undefined) form.items[at].helpText = change.helpText;
        if (change.title !== undefined) form.items[at].title = change.title;
        if (change.choices !== undefined) form.items[at].choices = [...change.choices];
      }
    },
  };

  return {
    globals: () => globals,
    setNoGoogleAccount(emails) {
      drive.noGoogleAccount.clear();
      for (const email of emails) drive.noGoogleAccount.add(email.toLowerCase());
    },
    setSharingOutside(policy) {
      drive.sharingOutside = Array.isArray(policy) ? policy.map((d) => d.toLowerCase()) : policy;
    },
    setNewItemsAccess(access) {
      drive.newItemsAccess = access;
    },
    deleteAccount: (email) => drive.deleteAccount(email),
    suspendAccount: (email, suspended) => drive.suspendAccount(email, suspended),
    setListedAddress(address, listed) {
      drive.listedAddress.set(address.toLowerCase(), listed.toLowerCase());
    },
    setGroup(address, members) {
      drive.groups.set(address.toLowerCase(), new Set(members.map((m) => m.toLowerCase())));
    },
    rejectChangeTokens: () => drive.rejectChangeTokens(),
    setStorageUse: (user, used, limit) => drive.storageUse.set(user, { used, limit }),
    setStorageFull: (user, full) => {
      if (full) drive.storageFull.add(user);
      else drive.storageFull.delete(user);
    },
    setDocsSplitLineBreaks: (on) => {
      docs.splitsLineBreaks = on;
    },
    setTrashedFilesOpen: (on) => {
      drive.trashedOpenable = on;
    },
    ui,
    formSubmitEvent: (formId, responseId, triggerUid) => formServices.submitEvent(formId, responseId, triggerUid),
    blankFormSubmitEvent: (formId, triggerUid) => formServices.blankSubmitEvent(formId, triggerUid),
    editEvent(info, triggerUid) {
      const sheet = sheets.findSheet(info.spreadsheetId, info.sheetName);
      const event: Record<string, unknown> = {
        authMode: 'FULL',
        triggerUid,
        user: createUser(rt, info.user),
        source: spreadsheetServices.spreadsheetApi(sheet.spreadsheet),
        range: spreadsheetServices.rangeApi(sheet, {
          row: info.row,
          column: info.column,
          numRows: info.numRows,
          numColumns: info.numColumns,
        }),
      };
      // "Only available if the edited range is a single cell"; oldValue is absent when the cell was empty.
      if (info.numRows === 1 && info.numColumns === 1) {
        if (info.value !== undefined) event.value = info.value;
        if (info.oldValue !== undefined) event.oldValue = info.oldValue;
      }
      return event;
    },
    changeEvent(info, triggerUid) {
      return {
        authMode: 'FULL',
        changeType: info.changeType,
        triggerUid,
        user: createUser(rt, info.user),
        source: spreadsheetServices.spreadsheetApi(sheets.spreadsheetById(info.spreadsheetId)),
      };
    },
    findFilesByName: (name) =>
      drive
        .all()
        .filter((i) => !i.rootOf && i.name === name)
        .map((i) => drive.snapshot(i)),
    hasFile: (id) => drive.get(id) !== undefined,
    file(id): FileSnapshot {
      return drive.snapshot(fileOrThrow(id));
    },
    deleteForever(id) {
      drive.deleteForever(fileOrThrow(id).id);
    },
    backdateFile(id, createdAt) {
      const item = fileOrThrow(id);
      if (!(createdAt <= item.createdAt)) throw new Error('Emulator: a file can only be backdated');
      item.createdAt = createdAt;
    },
    spreadsheetIds: () => [...sheets.spreadsheets.keys()],
    sheet: (spreadsheetId, sheetName) => sheets.snapshot(sheets.findSheet(spreadsheetId, sheetName)),
    sheets(spreadsheetId) {
      const ss = sheets.spreadsheets.get(spreadsheetId);
      if (!ss) throw new Error(`Emulator: no spreadsheet ${spreadsheetId}`);
      return ss.sheets.map((s) => sheets.snapshot(s));
    },
    docs: () => [...docs.documents.values()].map((d) => docs.snapshot(d)),
    doc: (id) => docs.snapshot(docs.find(id)),
    forms: () => [...forms.forms.values()].map((f) => forms.snapshot(f)),
    accessHistory: (fileId) =>
      (fileId === undefined ? [...drive.history] : drive.history.filter((e) => e.fileId === fileId)).map((e) => ({
        ...e,
      })),
    shares: () => drive.shareLog.map((s) => ({ ...s })),
    shareNotifications: () => drive.notifications.map((n) => ({ ...n })),
  };
}
