// Signed links: compact HMAC-SHA256 tokens naming a member, a case and an action, with expiry and key version (threat T7).
import { hasOwn } from './text';

export type LinkAction =
  | 'no-conflict'
  | 'conflict'
  | 'case'
  | 'vote'
  | 'moderator'
  | 'onboard'
  | 'confirm'
  | 'propose'
  | 'change'
  | 'record'
  | 'inbox';

export const LINK_ACTIONS: readonly LinkAction[] = [
  'no-conflict',
  'conflict',
  'case',
  'vote',
  'moderator',
  'onboard',
  'confirm',
  'propose',
  'change',
  'record',
  'inbox',
];

/**
 * What a link asserts. Only opaque ids travel in URLs (ASVS 14.2.1): never names, emails or code names.
 * `cid` is '-' when the action is not about one case (onboarding, proposing a change); `p<n>` names proposal n.
 */
export interface LinkClaims {
  v: 1;
  sub: string;
  cid: string;
  act: LinkAction;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Key version, so the secret can be rotated while old links fail cleanly. */
  kid: string;
}

/** HMAC-SHA256 with the secret; Apps Script returns signed bytes (-128..127), which are accepted. */
export type HmacFn = (message: string) => number[] | Uint8Array;

export type VerifyResult =
  { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'unknown-key' };

/** Longest token accepted; real ones are about 200 characters. Bounds the work an attacker can cause. */
export const MAX_TOKEN_LENGTH = 1024;

/** Prefix bound into every signature, so a future format cannot be confused with this one. */
const SIGNING_PREFIX = 'v1.';

// Opaque ids: letters, digits and a little punctuation. No '@' and no spaces, so an email address or a
// person's name cannot be signed into a link by mistake.
const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const CLAIM_KEYS = ['v', 'sub', 'cid', 'act', 'exp', 'kid'] as const;
// Epoch seconds up to the year 5138: anything larger is a bug (milliseconds passed as seconds).
const MAX_EXP = 99_999_999_999;

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_LOOKUP: Record<string, number> = {};
for (let i = 0; i < B64_ALPHABET.length; i += 1) B64_LOOKUP[B64_ALPHABET[i]] = i;

/** Web-safe base64 without padding (RFC 4648 §5). Signed bytes are taken modulo 256. */
export function encodeBase64Url(bytes: number[] | Uint8Array): string {
  let out = '';
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const b0 = bytes[i] & 0xff;
    const b1 = i + 1 < n ? bytes[i + 1] & 0xff : 0;
    const b2 = i + 2 < n ? bytes[i + 2] & 0xff : 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    out += B64_ALPHABET[(triple >> 18) & 63] + B64_ALPHABET[(triple >> 12) & 63];
    if (i + 1 < n) out += B64_ALPHABET[(triple >> 6) & 63];
    if (i + 2 < n) out += B64_ALPHABET[triple & 63];
  }
  return out;
}

/**
 * Strict decoder: web-safe alphabet only, no padding, and the unused low bits of the last character
 * must be zero. Without that last rule two different strings decode to the same bytes, and a tampered
 * token could still verify.
 */
export function decodeBase64Url(s: string): number[] | null {
  if (typeof s !== 'string' || s.length % 4 === 1) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i += 1) {
    const value = B64_LOOKUP[s[i]];
    if (value === undefined || !hasOwn(B64_LOOKUP, s[i])) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** UTF-8 encoding of a JS string; lone surrogates become U+FFFD, as TextEncoder does. */
export function encodeUtf8(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 1) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
      } else {
        cp = 0xfffd;
      }
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** Strict UTF-8 decoding: overlong forms, surrogates, truncated or stray continuation bytes give null. */
export function decodeUtf8(bytes: number[] | Uint8Array): string | null {
  let out = '';
  let i = 0;
  const n = bytes.length;
  const cont = (k: number): number => {
    if (k >= n) return -1;
    const b = bytes[k] & 0xff;
    return (b & 0xc0) === 0x80 ? b & 63 : -1;
  };
  while (i < n) {
    const b0 = bytes[i] & 0xff;
    let cp: number;
    let len: number;
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      const c1 = cont(i + 1);
      if (c1 < 0) return null;
      cp = ((b0 & 31) << 6) | c1;
      len = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      const c1 = cont(i + 1);
      const c2 = cont(i + 2);
      if (c1 < 0 || c2 < 0) return null;
      cp = ((b0 & 15) << 12) | (c1 << 6) | c2;
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return null;
      len = 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      const c1 = cont(i + 1);
      const c2 = cont(i + 2);
      const c3 = cont(i + 3);
      if (c1 < 0 || c2 < 0 || c3 < 0) return null;
      cp = ((b0 & 7) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (cp < 0x10000 || cp > 0x10ffff) return null;
      len = 4;
    } else {
      return null;
    }
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/**
 * Compares two strings in time that depends only on their lengths, not on where they first differ,
 * so response timing does not reveal how much of a forged signature was right.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i += 1) {
    const x = i < a.length ? a.charCodeAt(i) : 0;
    const y = i < b.length ? b.charCodeAt(i) : 0;
    diff |= x ^ y;
  }
  return diff === 0;
}

/** True when the claims have exactly the expected shape and values (shared by signing and verifying). */
export function isValidClaims(value: unknown): value is LinkClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== CLAIM_KEYS.length || !CLAIM_KEYS.every((k) => hasOwn(record, k))) {
    return false;
  }
  if (record.v !== 1) return false;
  if (typeof record.sub !== 'string' || !ID_PATTERN.test(record.sub)) return false;
  if (typeof record.cid !== 'string' || !ID_PATTERN.test(record.cid)) return false;
  if (typeof record.kid !== 'string' || !ID_PATTERN.test(record.kid)) return false;
  if (typeof record.act !== 'string' || !(LINK_ACTIONS as readonly string[]).includes(record.act)) return false;
  const exp = record.exp;
  return typeof exp === 'number' && Number.isInteger(exp) && exp > 0 && exp <= MAX_EXP;
}

/** The one byte-exact serialisation of claims: fixed key order, no whitespace. */
function canonicalJson(c: LinkClaims): string {
  return JSON.stringify({ v: c.v, sub: c.sub, cid: c.cid, act: c.act, exp: c.exp, kid: c.kid });
}

function signPayload(payload: string, hmac: HmacFn): string {
  return encodeBase64Url(hmac(SIGNING_PREFIX + payload));
}

/**
 * Builds `<payload>.<signature>`: both parts web-safe base64 without padding, so the token can be put
 * in a URL query as it is. Throws on invalid claims: signing an email address or a malformed id is a
 * programming error, and failing loudly keeps it out of mail.
 */
export function signLink(claims: LinkClaims, hmac: HmacFn): string {
  if (!isValidClaims(claims)) {
    throw new Error(
      'signLink: claims must be {v:1, sub, cid, act, exp, kid} with opaque ids, a known action and an integer expiry in seconds',
    );
  }
  const payload = encodeBase64Url(encodeUtf8(canonicalJson(claims)));
  const token = `${payload}.${signPayload(payload, hmac)}`;
  if (token.length > MAX_TOKEN_LENGTH) throw new Error('signLink: token would be longer than 1024 characters');
  return token;
}

/**
 * Checks a token: shape, key, signature (constant-time), then expiry. A token only gets the answer
 * 'expired' once its signature is proven, so forgers learn nothing from the reason. A missing key
 * fails closed as 'unknown-key'.
 */
export function verifyLink(token: string, hmacFor: (kid: string) => HmacFn | null, nowMs: number): VerifyResult {
  const proven = proveLink(token, hmacFor);
  if (!proven.ok) return proven;
  if (!(Number.isFinite(nowMs) && nowMs < proven.claims.exp * 1000)) return { ok: false, reason: 'expired' };
  return proven;
}

/**
 * Shape, key and signature of a token, whatever its expiry: the claims of a link this desk made. Only for asking
 * for fresh links by email (an expired link still proves which member it was sent to); never for acting.
 */
export function proveLink(
  token: string,
  hmacFor: (kid: string) => HmacFn | null,
): { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'unknown-key' } {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, reason: 'malformed' };
  }
  const parts = token.split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts;
  const payloadBytes = decodeBase64Url(payload);
  const signatureBytes = decodeBase64Url(signature);
  if (payloadBytes === null || signatureBytes === null || signatureBytes.length !== 32) {
    return { ok: false, reason: 'malformed' };
  }
  const json = decodeUtf8(payloadBytes);
  if (json === null) return { ok: false, reason: 'malformed' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // Only the canonical serialisation is accepted: one set of claims, one token.
  if (!isValidClaims(parsed) || canonicalJson(parsed) !== json) return { ok: false, reason: 'malformed' };
  const hmac = hmacFor(parsed.kid);
  if (!hmac) return { ok: false, reason: 'unknown-key' };
  if (!constantTimeEqual(signPayload(payload, hmac), signature)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, claims: parsed };
}
