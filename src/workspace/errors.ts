// Reads and classifies errors thrown by Apps Script services (they cross realms, so never instanceof).

/** The message of anything thrown, without trusting its prototype. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message?: unknown }).message ?? '');
  return String(err);
}

/**
 * An error message safe to show the committee or write to the Audit tab: Apps Script puts the failing address
 * into some messages ("Invalid email: …"), and addresses must never reach alerts or logs (DESIGN §7.5).
 */
export function redactAddresses(message: string): string {
  return message.replace(/[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]*[A-Za-z0-9]/g, '<address>');
}

const TRANSIENT = [
  /timed out/i,
  /server error/i,
  /too many times in a short time/i,
  /try again/i,
  /failed while accessing/i,
  /unable to talk to/i,
  /too many (scripts|lockservice)/i,
  /invoked too many times per second/i,
];

/** True for failures worth retrying inside the time budget (platform reference §3). Daily quotas are never transient. */
export function isTransientError(err: unknown): boolean {
  const message = errorMessage(err);
  if (/for one day/i.test(message)) return false;
  return TRANSIENT.some((pattern) => pattern.test(message));
}

/**
 * True when the execution itself is being ended by the platform (catching it changes nothing; let it go): Apps
 * Script's "Exceeded maximum execution time" (platform reference §3).
 */
export function isExecutionEnding(err: unknown): boolean {
  return /Exceeded maximum execution time/i.test(errorMessage(err));
}
