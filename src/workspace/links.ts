// Signed links: the HMAC keys and the web app URL of this execution (ctx.links), making links with the current key and verifying tokens against any known one; and reading tokens out of web requests.
import {
  proveLink,
  signLink,
  verifyLink,
  type HmacFn,
  type LinkAction,
  type LinkClaims,
  type VerifyResult,
} from '../core/tokens';
import { formatForSheet, isoOf } from '../core/deadlines';
import type { Clock } from './clock';
import { errorMessage } from './errors';
import { PROP } from './schema';
import type { ScriptProperties } from './script-properties';
import { readSigningKeys, type SigningKeys } from './secret';

/**
 * Makes and checks signed links. Keys come from the Script Properties read at open; the URL from them or, when
 * the owner has not set one, from the deployed service (`serviceUrl`, asked at most once per execution).
 */
export class Links {
  private keys: SigningKeys | null | undefined;
  private url: string | null = null;

  constructor(
    private readonly properties: ScriptProperties,
    private readonly clock: Clock,
    private readonly serviceUrl: () => string,
    private readonly log: (line: string) => void,
  ) {}

  /** The current key's HmacFn; throws when setup has not created the keys. */
  hmac(): HmacFn {
    const keys = this.requireKeys();
    return keys.hmacFor(keys.currentKid) as HmacFn;
  }

  /** The web app URL (Script Property, else the deployed service's URL); '' when not deployed. */
  webAppUrl(): string {
    if (this.url === null) {
      let url = withoutAccountIndex(this.properties.get(PROP.webAppUrl) ?? '');
      if (!url) {
        try {
          // Outside a web request Apps Script may answer with the /dev test URL ("If you are running the development mode
          // web app, this returns the development mode url", reference/script/service#getUrl): only the script's editors
          // can open it, so a link to it would be dead for every member. No URL: nothing is sent until there is one.
          url = this.serviceUrl() ?? '';
          if (isTestDeploymentUrl(url)) url = '';
        } catch (err) {
          this.log(`web app URL unavailable: ${errorMessage(err)}`);
        }
      }
      this.url = url;
    }
    return this.url;
  }

  /** `<webAppUrl>?t=<token>` for member/moderator `sub`, case `cid` ('-' for none), `act`, valid `ttlDays`. */
  linkFor(sub: string, cid: string, act: LinkAction, ttlDays: number): string {
    const keys = this.requireKeys();
    const url = this.webAppUrl();
    if (!url)
      throw new Error(
        'No web app address for links: the owner must deploy the web app and open its /exec address once, signed in as the committee account.',
      );
    const claims: LinkClaims = {
      v: 1,
      sub,
      cid,
      act,
      exp: Math.floor(this.clock.now() / 1000) + Math.round(ttlDays * 86400),
      kid: keys.currentKid,
    };
    return `${url}${url.includes('?') ? '&' : '?'}t=${signLink(claims, keys.hmacFor(keys.currentKid) as HmacFn)}`;
  }

  /** Checks a token from a link (any known kid; constant-time; expiry against the clock). */
  verifyToken(token: string): VerifyResult {
    const keys = this.signingKeys();
    return verifyLink(token, (kid) => (keys ? keys.hmacFor(kid) : null), this.clock.now());
  }

  /** The claims of a link this desk signed, expired or not (null for anything else): see `proveLink`. */
  authenticClaims(token: string): LinkClaims | null {
    const keys = this.signingKeys();
    const proven = proveLink(token, (kid) => (keys ? keys.hmacFor(kid) : null));
    return proven.ok ? proven.claims : null;
  }

  private requireKeys(): SigningKeys {
    const keys = this.signingKeys();
    if (!keys) throw new Error('Conduct Desk has no signing key: the owner must run setup.');
    return keys;
  }

  private signingKeys(): SigningKeys | null {
    if (this.keys === undefined) this.keys = readSigningKeys(this.properties.all());
    return this.keys;
  }
}

/** The `t` parameter of a doGet/doPost event ('' when absent). Only the first value counts. */
export function tokenFromRequest(event: unknown): string {
  const e = event as { parameter?: Record<string, unknown> } | null | undefined;
  const value = e?.parameter?.t;
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * When a link made now for `ttlDays` stops working, for the text of emails: `yyyy-MM-dd HH:mm (zone)` in the
 * committee's zone, to the minute (never after the token's own expiry, as `linkFor` signs it). A bare UTC date read
 * "until 2 April" where it was still 1 April: a member west of UTC found the link dead on the day the email gave.
 */
export function linkExpiryText(nowMs: number, ttlDays: number, timeZone: string): string {
  const expMs = (Math.floor(nowMs / 1000) + Math.round(ttlDays * 86400)) * 1000;
  return `${formatForSheet(isoOf(expMs), timeZone)} (${timeZone})`;
}

/**
 * The deployment's address without the `/u/<n>` Google puts in it for the n-th account signed in to one browser
 * (`…/macros/u/1/s/<id>/exec`): that index is the owner's browser's, and anyone else following it meets "Sorry, unable
 * to open the file at present" instead of the web app (ADV-577; docs/troubleshooting.md).
 */
export function withoutAccountIndex(url: string): string {
  return url.replace(/\/u\/\d+(?=\/s\/)/, '');
}

/** True for the `/dev` URL of a script's test deployment (only the script's editors can open it). */
export function isTestDeploymentUrl(url: string): boolean {
  return /\/dev\/?(\?|#|$)/.test(url);
}

/** A case Doc's URL (the format Drive gives Docs; members open it signed in with their own account). */
export function docUrl(docId: string): string {
  return `https://docs.google.com/document/d/${encodeURIComponent(docId)}/edit`;
}

/** A signed link of the execution `ctx` (`Links.linkFor`): one short call for the many places that make one. */
export function linkOf(ctx: { links: Links }, sub: string, cid: string, act: LinkAction, ttlDays: number): string {
  return ctx.links.linkFor(sub, cid, act, ttlDays);
}
