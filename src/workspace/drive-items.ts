// Short spellings of DriveApp's look-ups by id, called from many places (the bundle stays under its size target).

/** DriveApp.getFileById: the file, or Drive's own error when it is gone or not shared with the account. */
export const driveFile = (id: string): GoogleAppsScript.Drive.File => DriveApp.getFileById(id);

/** DriveApp.getFolderById, the same for a folder. */
export const driveFolder = (id: string): GoogleAppsScript.Drive.Folder => DriveApp.getFolderById(id);
