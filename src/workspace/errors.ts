// Reads errors thrown by Apps Script services (they cross realms, so never instanceof); their texts follow the account's language, so callers classify them by what they observe (mailer.ts, sharing.ts).

/** The message of anything thrown, without trusting its prototype. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message?: unknown }).message ?? '');
  return String(err);
}

/**
 * Google's "Service invoked too many times for one day: <service>." (quotas page), the one wording Conduct Desk reads
 * (deployment.md, Language): the service's name stays English in every language ("…aujourd'hui : docs create.",
 * ADV-440), "for one day" only in English. Without `service`, any daily quota.
 */
export function isQuotaSpentForDay(
  err: unknown,
  service?: 'docs create' | 'spreadsheets create' | 'gmail' | 'email',
): boolean {
  const text = errorMessage(err);
  if (service?.endsWith('create')) return new RegExp(service, 'i').test(text);
  return new RegExp(`for one day${service ? `: ${service}` : ''}`, 'i').test(text);
}

/** Drive's "The user's Drive storage quota has been exceeded.": the committee account's Google storage is full (ADV-565). */
export const isStorageFull = (err: unknown) => /storage quota has been/.test(errorMessage(err));

/**
 * An error message safe to show the committee or write to the Audit tab: Apps Script puts the failing address
 * into some messages ("Invalid email: …"), and addresses must never reach alerts or logs (DESIGN §7.5).
 */
export function redactAddresses(message: string): string {
  // Any script's letters (an address at "почта.рф" is an address), and a match starts only where a run of
  // non-separators starts, so a long run without an '@' is not rescanned from every position.
  return message.replace(/(?<![^\s<>"',;:()[\]])[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]*[\p{L}\p{N}]/gu, '<address>');
}

/**
 * An error's text for an Audit line, its addresses redacted before it is cut: cut first, an address straddling the cut
 * would lose its `@` and keep its name (ADV-518).
 */
export function auditError(err: unknown, max = 200): string {
  return redactAddresses(errorMessage(err)).slice(0, max);
}

/**
 * True when the execution itself is being ended by the platform (catching it changes nothing; let it go): Apps
 * Script's "Exceeded maximum execution time" (platform reference §3).
 */
export function isExecutionEnding(err: unknown): boolean {
  return /Exceeded maximum execution time/i.test(errorMessage(err));
}

/**
 * A call refused because the committee account did not grant Conduct Desk a permission (left unticked on Google's
 * granular consent screen, ADV-642): "Specified permissions are not sufficient to call … Required permissions:
 * https://www.googleapis.com/auth/…" (the scope's address stays as it is in every language), or the Google APIs' "Request
 * had insufficient authentication scopes" (ACCESS_TOKEN_SCOPE_INSUFFICIENT). Nothing but setup changes it: it is never
 * a sharing change, an outage or a member's address.
 */
export const isPermissionMissing = (err: unknown) =>
  /googleapis\.com\/auth\/|authentication scopes/i.test(errorMessage(err));

/** Throws `err` again when it is the end of the execution: the first line of every catch that must not swallow it. */
export function rethrowEnding(err: unknown): void {
  if (isExecutionEnding(err)) throw err;
}

/** Throws `err` again when it ends the execution or a permission is missing: a check that meets either judges nothing (ADV-655). */
export function rethrowUnpermitted(err: unknown): void {
  if (isPermissionMissing(err)) throw err;
  rethrowEnding(err);
}
