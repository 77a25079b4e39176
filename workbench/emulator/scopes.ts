// OAuth scopes: which scope each service call needs, and the scopes an account left unticked on Google's granular consent screen.
//
// Since January 2025 the consent screen of a run from the Apps Script editor lists each scope with its own checkbox
// ("Granular OAuth consent in Google Apps Script IDE executions", workspaceupdates.googleblog.com, 2025-01-08), and
// "some script executions can start without a user's consent to all required scopes used by the script"
// (developers.google.com/apps-script/reference/script/authorization-info). A call to a service whose scope was left
// unticked then fails. ❓ Google documents no text for it; the emulator uses the one a call outside the manifest's
// scopes gets, which scripts report verbatim ("Specified permissions are not sufficient to call
// DriveApp.createFolder. Required permissions: https://www.googleapis.com/auth/drive").
// ScriptApp.requireAllScopes "ends the current execution and renders an authorization prompt to request the missing
// scopes" where the surface supports granular consent (the editor); elsewhere the execution just ends
// (developers.google.com/apps-script/reference/script/script-app#requireAllScopes(AuthMode)).

export const AUTH = 'https://www.googleapis.com/auth/';

/** The scope a whole service needs (its top-level name), as the manifest grants it (appsscript.json). */
const BY_SERVICE: Record<string, string> = {
  MailApp: 'script.send_mail',
  Gmail: 'gmail.modify',
  SpreadsheetApp: 'spreadsheets',
  DocumentApp: 'documents',
  FormApp: 'forms',
  DriveApp: 'drive',
  Drive: 'drive',
  CalendarApp: 'calendar.events',
};

/** Methods of scope-free services that need one of their own. */
const BY_METHOD: Record<string, string> = {
  'ScriptApp.newTrigger': 'script.scriptapp',
  'ScriptApp.getProjectTriggers': 'script.scriptapp',
  'ScriptApp.getUserTriggers': 'script.scriptapp',
  'ScriptApp.deleteTrigger': 'script.scriptapp',
  'Session.getActiveUser': 'userinfo.email',
  'Session.getEffectiveUser': 'userinfo.email',
};

/**
 * The full scope URL a call key (`DriveApp.getFileById`, `Gmail.Users.Threads.list`) needs, or null. Objects a
 * service hands out (a File, a Sheet) are reached only through a top-level call of the same execution, which is
 * where the scope is checked.
 */
export function scopeOf(method: string): string | null {
  const scope = BY_METHOD[method] ?? BY_SERVICE[method.slice(0, method.indexOf('.'))];
  return scope ? AUTH + scope : null;
}

/** The error of a call whose scope the account did not grant. */
export function scopeMissingMessage(method: string, scope: string): string {
  return `Specified permissions are not sufficient to call ${method}. Required permissions: ${scope}`;
}

/** A scope written short (`calendar.events`) or in full, in full. */
export function fullScope(scope: string): string {
  return scope.startsWith('https://') ? scope : AUTH + scope;
}
