// Session: the active and effective user of the current execution, the script time zone and the temporary active-user key.

import { createHash } from 'node:crypto';
import { expose, type ServiceContext } from './service-kit';

class UserImpl {
  constructor(private readonly _email: string) {}
  getEmail(): string {
    return this._email;
  }
  toString(): string {
    return this._email;
  }
}

class SessionImpl {
  constructor(private readonly _ctx: ServiceContext) {}

  /** Blank when the platform hides the identity (web app executing as the deployer, for outside users). */
  getActiveUser(): unknown {
    return expose(
      this._ctx.rt,
      'User',
      new UserImpl(this.primary(this._ctx.rt.requireExecution('Session.getActiveUser').activeUser)),
    );
  }

  /** The account the script runs as: the trigger's creator, the web app's deployer, or the editor user. */
  getEffectiveUser(): unknown {
    return expose(
      this._ctx.rt,
      'User',
      new UserImpl(this.primary(this._ctx.rt.requireExecution('Session.getEffectiveUser').effectiveUser)),
    );
  }

  /** The address Session reports for an account: its primary one once an admin renamed it (runtime.ts `primaryAddress`). */
  private primary(email: string): string {
    return this._ctx.rt.primaryAddress.get(email) ?? email;
  }

  getScriptTimeZone(): string {
    return this._ctx.scriptTimeZone;
  }

  /**
   * "Gets the language setting of the current user as a string—for example, en for English" (Apps Script reference,
   * Session.getActiveUserLocale): the account's language, which service error messages follow too (locale.ts).
   */
  getActiveUserLocale(): string {
    return this._ctx.rt.locale;
  }

  /** Stable per active user and script; blank users share one key. */
  getTemporaryActiveUserKey(): string {
    const user = this._ctx.rt.requireExecution('Session.getTemporaryActiveUserKey').activeUser;
    return createHash('sha256').update(`${this._ctx.scriptId}\n${user}`).digest('base64').replace(/=+$/, '');
  }
}

export function createSession(ctx: ServiceContext): GoogleAppsScript.Base.Session {
  return expose(ctx.rt, 'Session', new SessionImpl(ctx)) as unknown as GoogleAppsScript.Base.Session;
}
