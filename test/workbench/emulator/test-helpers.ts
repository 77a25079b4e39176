// Test helpers for the emulator's own conformance tests: a minimal stub DataWorld and tiny hand-written bundles in temp dirs.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  DataWorld,
  ChangeEventInfo,
  EditEventInfo,
  FormAnswers,
  WorkspaceOptions,
} from '../../../workbench/emulator/contracts';
import { guard, type Runtime } from '../../../workbench/emulator/runtime';
import { Workspace } from '../../../workbench/emulator/workspace';

/**
 * Just enough of a DataWorld for the runtime services' tests: forms that record responses and build
 * submit events, an editable cell store, and a FormApp/SpreadsheetApp exposing `openById(id).getId()`.
 */
export function stubDataWorld(
  rt: Runtime,
): DataWorld & { responses: Array<{ formId: string; id: string; answers: FormAnswers }> } {
  const responses: Array<{ formId: string; id: string; answers: FormAnswers }> = [];
  const cells = new Map<string, unknown>();
  let nextResponse = 1;
  const byId = (kind: string) =>
    guard(
      {
        openById: (id: string) =>
          rt.call(`${kind}.openById`, () =>
            guard(
              { getId: () => rt.call(`${kind === 'FormApp' ? 'Form' : 'Spreadsheet'}.getId`, () => id) },
              kind === 'FormApp' ? 'Form' : 'Spreadsheet',
            ),
          ),
      },
      kind,
    );
  const responseObject = (id: string, answers: FormAnswers) =>
    guard(
      {
        getId: () => rt.call('FormResponse.getId', () => id),
        getItemResponses: () =>
          rt.call('FormResponse.getItemResponses', () =>
            Object.entries(answers).map(([title, value]) =>
              guard(
                {
                  getItem: () => guard({ getTitle: () => title }, 'Item'),
                  getResponse: () => value,
                },
                'ItemResponse',
              ),
            ),
          ),
      },
      'FormResponse',
    );
  const unused = (name: string) => () => {
    throw new Error(`stub DataWorld does not implement ${name}`);
  };
  return {
    responses,
    globals: () => ({
      SpreadsheetApp: byId('SpreadsheetApp'),
      DocumentApp: guard({}, 'DocumentApp'),
      DriveApp: guard({}, 'DriveApp'),
      Drive: guard({}, 'Drive'),
      FormApp: byId('FormApp'),
    }),
    setNoGoogleAccount: () => undefined,
    setSharingOutside: () => undefined,
    setNewItemsAccess: () => undefined,
    deleteAccount: () => undefined,
    suspendAccount: () => undefined,
    setListedAddress: () => undefined,
    setGroup: () => undefined,
    rejectChangeTokens: () => undefined,
    setStorageFull: () => undefined,
    setStorageUse: () => undefined,
    setDocsSplitLineBreaks: () => undefined,
    setTrashedFilesOpen: () => undefined,
    deleteForever: unused('deleteForever'),
    ui: {
      editCell(
        user: string,
        spreadsheetId: string,
        sheetName: string,
        row: number,
        column: number,
        value: unknown,
      ): EditEventInfo {
        const key = `${spreadsheetId}/${sheetName}/${row}/${column}`;
        const oldValue = cells.get(key);
        cells.set(key, value);
        return { spreadsheetId, sheetName, row, column, numRows: 1, numColumns: 1, value, oldValue, user };
      },
      pasteCells: unused('ui.pasteCells') as DataWorld['ui']['pasteCells'],
      sortSheet: unused('ui.sortSheet'),
      replaceAll: unused('ui.replaceAll'),
      saveVersion: unused('ui.saveVersion'),
      restoreVersion: unused('ui.restoreVersion'),
      moveColumn: unused('ui.moveColumn'),
      insertRowBefore: unused('ui.insertRowBefore'),
      deleteRow: unused('ui.deleteRow'),
      readSheet: unused('ui.readSheet') as DataWorld['ui']['readSheet'],
      openDoc: unused('ui.openDoc') as DataWorld['ui']['openDoc'],
      writeDocSection: unused('ui.writeDocSection'),
      docVersion: unused('ui.docVersion'),
      restoreDocVersion: unused('ui.restoreDocVersion'),
      writeDocTable: unused('ui.writeDocTable'),
      setSharing: unused('ui.setSharing'),
      addEditor: unused('ui.addEditor'),
      share: unused('ui.share'),
      transferOwnership: unused('ui.transferOwnership'),
      offerOwnership: unused('ui.offerOwnership'),
      createSharedDrive: unused('ui.createSharedDrive'),
      moveToSharedDrive: unused('ui.moveToSharedDrive'),
      acceptOwnership: unused('ui.acceptOwnership'),
      publishToWeb: unused('ui.publishToWeb'),
      setShareableByEditors: unused('ui.setShareableByEditors'),
      unshare: unused('ui.unshare'),
      createFolder: unused('ui.createFolder') as DataWorld['ui']['createFolder'],
      createDoc: unused('ui.createDoc') as DataWorld['ui']['createDoc'],
      moveFile: unused('ui.moveFile'),
      renameFile: unused('ui.renameFile'),
      setTrashed: unused('ui.setTrashed'),
      comment: unused('ui.comment') as DataWorld['ui']['comment'],
      mentionInComment: unused('ui.mentionInComment') as DataWorld['ui']['mentionInComment'],
      deleteComment: unused('ui.deleteComment'),
      setFormResponding: unused('ui.setFormResponding'),
      deleteFormResponse: unused('ui.deleteFormResponse'),
      editFormItem: unused('ui.editFormItem'),
      submitForm(formId: string, answers: FormAnswers): string {
        const id = `resp-${nextResponse++}`;
        responses.push({ formId, id, answers });
        return id;
      },
    },
    formSubmitEvent(formId: string, responseId: string, triggerUid: string): unknown {
      const r = responses.find((x) => x.id === responseId);
      return {
        authMode: 'FULL',
        triggerUid,
        response: responseObject(responseId, r?.answers ?? {}),
        source: { formId },
      };
    },
    blankFormSubmitEvent(formId: string, triggerUid: string): unknown {
      const id = `resp-${nextResponse++}`;
      return { authMode: 'FULL', triggerUid, response: responseObject(id, {}), source: { formId } };
    },
    editEvent(info: EditEventInfo, triggerUid: string): unknown {
      return {
        authMode: 'FULL',
        triggerUid,
        value: info.value,
        oldValue: info.oldValue,
        range: { row: info.row, column: info.column, sheet: info.sheetName },
      };
    },
    changeEvent(info: ChangeEventInfo, triggerUid: string): unknown {
      return { authMode: 'FULL', triggerUid, changeType: info.changeType, source: { id: info.spreadsheetId } };
    },
    findFilesByName: () => [],
    file: unused('file') as DataWorld['file'],
    spreadsheetIds: () => [],
    sheet: unused('sheet') as DataWorld['sheet'],
    sheets: () => [],
    docs: () => [],
    doc: unused('doc') as DataWorld['doc'],
    forms: () => [],
    accessHistory: () => [],
    shares: () => [],
    shareNotifications: () => [],
  };
}

export const OWNER = 'conduct@example.org';
export const START = '2026-03-02T09:00:00Z';

const tempDirs: string[] = [];
// Remove this test file's bundles when it finishes (only when loaded by jest).
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

/** Writes `code` as Code.js (plus optional extra files) into a fresh temp dir. */
export function writeBundle(code: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-bundle-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'Code.js'), code);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A Workspace over a tiny hand-written bundle, with the stub DataWorld, bundle loaded. */
export function workspaceWith(
  code: string,
  options: Partial<WorkspaceOptions> & { files?: Record<string, string> } = {},
): Workspace {
  const { files, ...rest } = options;
  const buildDir = writeBundle(code, files);
  const ws = Workspace.create(
    { start: START, owner: OWNER, timeZone: 'Etc/UTC', ...rest, buildDir },
    { createDataWorld: (rt) => stubDataWorld(rt) },
  );
  ws.loadBundle();
  return ws;
}

/** Runs `fn` and returns its value, failing the test with the execution's error if it threw. */
export function runOk<T = unknown>(ws: Workspace, fn: string, args: unknown[] = [], as?: { user?: string }): T {
  const result = ws.run<T>(fn, args, as);
  if (result.error !== undefined) throw new Error(`${fn} failed: ${result.record.error}`);
  return result.value as T;
}

/** Runs `fn`, expecting it to throw, and returns the error message the bundle saw. */
export function runError(ws: Workspace, fn: string, args: unknown[] = []): string {
  const result = ws.run(fn, args);
  if (result.error === undefined)
    throw new Error(`${fn} was expected to fail but returned ${JSON.stringify(result.value)}`);
  return (result.error as Error).message;
}
