// Shared plumbing for the emulated data services: the context every service receives, deterministic ids, users, errors.

import { createRandom, GasException, guard, type Runtime } from './runtime';

/** Real messages (apps-script-platform.md §3). Kept in one place so services and tests agree on the text. */
export const MESSAGES = {
  noItem: 'No item with the given ID could be found, or you do not have permission to access it.',
  noDocumentAccess: 'You do not have permissions to access the requested document.',
  // ❓ the wording a script gets when it writes without edit rights is not documented; this is the pattern
  // Apps Script uses for other services ("Access denied: DriveApp.").
  accessDenied: (service: string) => `Access denied: ${service}.`,
  protectedCell:
    // ❓ wording (the UI dialog's text, reproduced by community fakes for script writes too).
    'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
  cellTooLong: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  tooManyCells: 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  lastParagraph: "Can't remove the last paragraph in a document section.",
  invalidEmail: (email: string) => `Invalid email: ${email}`,
  noGoogleAccount: (email: string) =>
    `You are trying to invite ${email}. Since there is no Google account associated with this email address, you must check the "Notify people" box to invite this recipient.`,
  // Drive's `shareOutNotPermitted` refusal as GAM records it (taers232c/GAMADV-XTD3 GamUpdates 6.03.14: "400:
  // shareOutNotPermitted - Bad Request. User message: ..."). ❓ Google documents no wording; the same words are used for
  // any address outside the organisation, and for DriveApp's addEditor too.
  shareOutNotPermitted: (domain: string) =>
    `Bad Request. User message: "This email address is linked to a personal Google Account. ${domain} doesn't allow sharing with personal accounts."`,
  // A share made whose email could not go (a suspended account's mail is blocked): Drive's words as GAM 7.34.04 shows them.
  sharedNotSent: (email: string) =>
    `Sorry, the items were successfully shared but emails could not be sent to ${email}.`,
};

export interface DataWorldOptions {
  owner: string;
  timeZone: string;
  /** 'consumer' accounts cannot use DOMAIN sharing (apps-script-platform.md §2.3). Default consumer. */
  profile?: 'consumer' | 'workspace';
}

/** Everything a service file needs: the runtime, the options, ids and the effective user. */
export class DataContext {
  readonly rt: Runtime;
  readonly owner: string;
  readonly timeZone: string;
  readonly profile: 'consumer' | 'workspace';
  private readonly random: () => number;
  private itemCounter = 1000;

  constructor(rt: Runtime, options: DataWorldOptions) {
    this.rt = rt;
    this.owner = options.owner;
    this.timeZone = options.timeZone;
    this.profile = options.profile ?? 'consumer';
    // A generator of its own, so ids do not depend on how many faults the runtime drew.
    this.random = createRandom(0x5eed1d);
  }

  /** The user whose authority the current execution runs under (every data operation acts as them). */
  user(what: string): string {
    return this.rt.requireExecution(what).effectiveUser;
  }

  /** Shorthand for rt.call with the side-effect flag. */
  call<T>(method: string, fn: () => T, sideEffect = false): T {
    return this.rt.call(method, fn, { sideEffect });
  }

  /** A Drive id: '1' + 43 base62 characters, like the ones Google issues for Docs editors files. */
  nextFileId(): string {
    return '1' + this.base62(43);
  }

  /** A published form id (the `/forms/d/e/<id>/viewform` part). */
  nextPublishedFormId(): string {
    return '1FAIpQLS' + this.base62(48);
  }

  /** A form response id; real ones are opaque strings starting with `2_ABaOnu`. */
  nextResponseId(): string {
    return '2_ABaOnu' + this.base62(62);
  }

  /** Form item ids are positive 32-bit-ish integers. */
  nextItemId(): number {
    this.itemCounter += 1;
    return 100000000 + Math.floor(this.random() * 1900000000) + this.itemCounter;
  }

  /** Sheet ids (gid): the first sheet is 0, later ones are large integers. */
  nextSheetGid(): number {
    return 1 + Math.floor(this.random() * 2000000000);
  }

  private base62(length: number): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.random() * 62)];
    return out;
  }
}

/** Apps Script `User` (Session, getOwner, getEditors). Its getters are service calls too, so they are counted. */
export function createUser(rt: Runtime, email: string): GoogleAppsScript.Drive.User {
  const user = {
    getEmail: () => rt.call('User.getEmail', () => email),
    getName: () => rt.call('User.getName', () => email.split('@')[0]),
    getDomain: () => rt.call('User.getDomain', () => email.split('@')[1] ?? ''),
    getPhotoUrl: () => rt.call('User.getPhotoUrl', () => ''),
    toString: () => email,
  } satisfies Partial<Record<keyof GoogleAppsScript.Drive.User, unknown>> & { toString(): string };
  return guard(user, 'User') as unknown as GoogleAppsScript.Drive.User;
}

/** Accepts an email string or a User object, as the real addEditor/removeEditor overloads do. */
export function emailOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && typeof (value as { getEmail?: unknown }).getEmail === 'function') {
    return String((value as { getEmail: () => string }).getEmail()).trim();
  }
  throw new GasException(`Invalid argument: ${String(value)}`);
}

const EMAIL_PATTERN = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

export function requireValidEmail(email: string): string {
  if (!EMAIL_PATTERN.test(email)) throw new GasException(MESSAGES.invalidEmail(email));
  return email.toLowerCase();
}

/** Cross-realm safe Date test: bundles run in a vm context whose Date is not the host's. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** Builds a frozen enum object whose values are their own names (String(enum.X) === 'X', like the real ones print). */
export function createEnum<K extends string>(names: readonly K[]): Readonly<Record<K, K>> {
  const out = {} as Record<K, K>;
  for (const name of names) out[name] = name;
  return Object.freeze(out);
}

/** An Apps Script style iterator (hasNext/next) over a snapshot of items, taken when it was created. */
export function createIterator<T>(
  rt: Runtime,
  items: T[],
  className: string,
): { hasNext(): boolean; next(): T; getContinuationToken(): string } {
  let index = 0;
  return guard(
    {
      hasNext: () => rt.call(`${className}.hasNext`, () => index < items.length),
      next: () =>
        rt.call(`${className}.next`, () => {
          // ❓ wording of the exhausted-iterator error.
          if (index >= items.length)
            throw new GasException('Cannot retrieve the next object: iterator has reached the end.');
          return items[index++];
        }),
      getContinuationToken: () => rt.call(`${className}.getContinuationToken`, () => String(index)),
    },
    className,
  );
}
