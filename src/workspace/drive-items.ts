// Short spellings of the look-ups by id of Drive items and of the apps that open them, called from many places (the
// bundle stays under its size target).

/** DriveApp.getFileById: the file, or Drive's own error when it is gone or not shared with the account. */
export const driveFile = (id: string): GoogleAppsScript.Drive.File => DriveApp.getFileById(id);

/** DriveApp.getFolderById, the same for a folder. */
export const driveFolder = (id: string): GoogleAppsScript.Drive.Folder => DriveApp.getFolderById(id);

/** SpreadsheetApp.openById. */
export const openSheet = (id: string): GoogleAppsScript.Spreadsheet.Spreadsheet => SpreadsheetApp.openById(id);

/** FormApp.openById. */
export const openForm = (id: string): GoogleAppsScript.Forms.Form => FormApp.openById(id);

/** DocumentApp.openById. */
export const openDoc = (id: string): GoogleAppsScript.Document.Document => DocumentApp.openById(id);
