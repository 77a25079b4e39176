// The benchmark's cost model: a latency for every Apps Script call and a per-cell cost for sheet reads and writes, each figure with the published measurement it comes from (tests keep runtime.ts's DEFAULT_LATENCY, without a cell cost).
import { DEFAULT_LATENCY, type LatencyModel } from './runtime';

/** Where a figure comes from. The keys are the references of /work/shared/reference/apps-script-platform.md §4. */
export const COST_SOURCES: Record<string, string> = {
  QIITA: 'qiita.com/shi-suzuki/items/d23c6c7e4a0bbe2831af: one getValues() of 240,000 text cells took about 7.4 s',
  'SO-SCRIPTDB':
    'stackoverflow.com "What is faster: ScriptDb or SpreadsheetApp?": one setValues() of 4,000 cells under 50 ms, 610 ms once flushed; 400 row writes each flushed about 12 s',
  BUGBUGNOW:
    'bugbugnow.net/2019/03/GoogleAppsScript-speed-up.html: getLastRow() in a loop condition, 1,000 calls in 160 s; the same loop of 1,000 Logger.log calls with getLastRow() read once, 780 ms',
  ZIRITIONE: 'ziritione.org Apps Script performance post (100 runs): getProperty avg 30 ms, setProperty avg 62 ms',
  'BEST-PRACTICES':
    'developers.google.com/apps-script/guides/support/best-practices: calls to Sheets, Docs, Drive… are far slower than JavaScript; batch reads and writes',
  PLANNING:
    'no published measurement found (apps-script-platform.md §4.2): the reference\u2019s planning range, 300\u20131,500 ms for Doc creation, sharing and mail, 50\u2013150 ms for a batch sheet read or write',
};

/**
 * Per-cell ms on top of the call's own latency. Reads: 7.4 s / 240,000 cells = 0.031 ms a cell [QIITA]. Writes: a
 * 4,000-cell setValues made durable took 610 ms [SO-SCRIPTDB]; less the call (120 ms) and the flush (100 ms) that
 * leaves 390 ms / 4,000 = 0.1 ms a cell, charged at the write (the flush that follows keeps its flat cost).
 */
export const PUBLISHED_CELL_LATENCY: LatencyModel = {
  'Range.getValues': 0.031,
  'Range.getDisplayValues': 0.031,
  'Range.setValues': 0.1,
  'Sheet.appendRow': 0.1,
};

/**
 * A host call that reaches no backend (a builder, an accessor, a Docs element edit kept in the open document until
 * it is saved): 1,000 Logger.log calls with their loop took 780 ms [BUGBUGNOW], so 0.8 ms each. No call is free.
 */
export const LOCAL_CALL_MS = 0.8;

/**
 * Every call's latency: DEFAULT_LATENCY's figures (their sources below), calls it left at 0 charged as reaching
 * their backend, and everything else a local call. The benchmark uses it with PUBLISHED_CELL_LATENCY.
 */
export const PUBLISHED_LATENCY: LatencyModel = {
  ...DEFAULT_LATENCY,
  default: LOCAL_CALL_MS,
  'PropertiesService.getScriptProperties': LOCAL_CALL_MS,
  // The grid's extent must be known, as for getLastRow (160 ms a call [BUGBUGNOW]; DEFAULT_LATENCY's 80 kept for both).
  'Sheet.getDataRange': 80,
  'Sheet.getLastColumn': 80,
  'Sheet.getMaxRows': 80,
  'Sheet.getMaxColumns': 80,
  // One read of the Form's stored responses, as a Forms or Drive metadata read [PLANNING].
  'Form.getResponses': 300,
  'Form.getResponse': 300,
  'Form.deleteResponse': 300,
  'FormApp.openByUrl': 300,
  // Drive metadata writes and reads [PLANNING], as File.setSharing and Files.get.
  'File.setShareableByEditors': 300,
  'File.setTrashed': 300,
  'File.getParents': 200,
  'Drive.Files.update': 300,
  'Drive.Files.create': 500,
  'Drive.Files.list': 200,
  'Drive.Changes.getStartPageToken': 200,
  'Drive.Changes.list': 200,
  'DriveApp.getFoldersByName': 200,
  'DriveApp.getFilesByName': 200,
  // The account's storage figures, read once a day by the sweep (ADV-571): a Drive metadata read each [PLANNING].
  'DriveApp.getStorageUsed': 200,
  'DriveApp.getStorageLimit': 200,
  'Folder.createFolder': 500,
  'Folder.getFiles': 200,
  // The Docs API's one-call edit, the cheapest way to append to a Doc (the bound's unit for a Doc written) [PLANNING].
  'Docs.Documents.batchUpdate': 300,
  // Sharing and trash state of a file or folder is Drive metadata: reads as File.getEditors/getSharingAccess, writes as
  // File.setSharing [PLANNING].
  'File.getViewers': 150,
  // The owner is Drive metadata as the editors are (the lookups by name that adopt only the account's own files).
  'File.getOwner': 150,
  'File.isShareableByEditors': 100,
  'File.isTrashed': 100,
  'Folder.getEditors': 150,
  'Folder.getViewers': 150,
  'Folder.getSharingAccess': 100,
  'Folder.isShareableByEditors': 100,
  'Folder.isTrashed': 100,
  'Folder.setShareableByEditors': 300,
  'Form.getEditors': 150,
  // A Form's settings and items are written one call at a time (setup, the daily Form check) [PLANNING].
  'Form.setAcceptingResponses': 300,
  'Form.setPublished': 300,
  'Form.setRequireLogin': 300,
  'Form.setCollectEmail': 300,
  'Form.setLimitOneResponsePerUser': 300,
  'Form.setAllowResponseEdits': 300,
  'Form.setConfirmationMessage': 300,
  'Form.setDescription': 300,
  'Form.setPublishingSummary': 300,
  'Form.addMultipleChoiceItem': 300,
  'Form.addParagraphTextItem': 300,
  'Form.addTextItem': 300,
  'MultipleChoiceItem.setChoiceValues': 300,
  // Protections and sheet properties are spreadsheet metadata, as Sheet.protect and Range.setNumberFormat.
  'Sheet.getProtections': 100,
  'Protection.setDescription': 60,
  'Sheet.setFrozenRows': 60,
  'Sheet.setName': 60,
  // Rows deleted or inserted change the sheet's structure, one backend write each, priced as a tab inserted [PLANNING].
  'Sheet.deleteRows': 200,
  'Sheet.insertRowsAfter': 200,
  'Spreadsheet.deleteSheet': 200,
  'Lock.releaseLock': 20,
  // Calendar events are one backend write each [PLANNING].
  'CalendarApp.getDefaultCalendar': 150,
  'Calendar.createEvent': 500,
  'CalendarEvent.addGuest': 300,
  'CalendarEvent.removeGuest': 300,
  // A Doc's body is loaded with the document (DocumentApp.openById); its element calls are local until saved.
  'Document.getBody': LOCAL_CALL_MS,
};

/** The source of each DEFAULT_LATENCY figure, for the report. */
export function latencySource(method: string): string {
  if (/^Properties\.(get|set|delete)Propert/.test(method)) return 'ZIRITIONE';
  if (method === 'Sheet.getLastRow' || method.startsWith('Sheet.getMax') || method === 'Sheet.getDataRange')
    return 'BUGBUGNOW';
  if (/^(Range|Sheet|SpreadsheetApp)\./.test(method) && PUBLISHED_LATENCY[method] !== LOCAL_CALL_MS)
    return 'PLANNING, BEST-PRACTICES';
  if (PUBLISHED_LATENCY[method] === undefined || PUBLISHED_LATENCY[method] === LOCAL_CALL_MS) return 'BUGBUGNOW';
  return 'PLANNING';
}
