// Who is running this execution, as far as Apps Script will say (the active user is often blank and is never trusted as identity by itself).
import { normalizeEmail } from '../core/text';

/** The active user's address, normalized; '' when Apps Script hides it. */
export function activeUserEmail(): string {
  try {
    return normalizeEmail(Session.getActiveUser().getEmail() ?? '');
  } catch {
    return '';
  }
}

/** The user whose authority the script runs under (the trigger creator / web app deployer). */
export function effectiveUserEmail(): string {
  try {
    return normalizeEmail(Session.getEffectiveUser().getEmail() ?? '');
  } catch {
    return '';
  }
}

/** `yyyy-MM-dd HH:mm z` in `timeZone`, the format of dated Doc log entries. */
export function formatLogTime(ms: number, timeZone: string): string {
  return Utilities.formatDate(new Date(ms), timeZone, 'yyyy-MM-dd HH:mm z');
}

/** `yyyy-MM-dd HH:mm` in `timeZone`, what the status sheet shows. */
export function formatSheetTime(ms: number, timeZone: string): string {
  return Utilities.formatDate(new Date(ms), timeZone, 'yyyy-MM-dd HH:mm');
}

/**
 * Google's address for granting what the committee account left unticked of the script's permissions on Google's
 * consent screen, which lets the script run without them ("granular consent": the calls needing one fail); null when
 * nothing is missing ("This method returns null if no authorization is required", AuthorizationInfo reference). Asked of
 * Google, whatever the account's language.
 */
export function scopesMissing(): string | null {
  try {
    return ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL).getAuthorizationUrl();
  } catch {
    // Asked inside a failed step's handling: a failure here must not end the sweep before its other steps.
    return null;
  }
}
