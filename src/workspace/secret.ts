// The HMAC signing keys in Script Properties: generation at setup, and the HmacFn that signs and checks links (core/tokens.ts).
import type { HmacFn } from '../core/tokens';
import { encodeUtf8 } from '../core/tokens';
import { PROP } from './schema';
import { hasOwn } from '../core/text';

/** `hmacKeys` property: kid → base64 of 32 random bytes. Old kids stay so links signed before a rotation still verify until they expire. */
export type Keyring = Record<string, string>;

/** Parses the keyring property; a damaged value reads as empty (links then fail closed as unknown-key). */
export function parseKeyring(raw: string | null | undefined): Keyring {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Keyring = {};
    for (const [kid, value] of Object.entries(parsed as Record<string, unknown>))
      if (typeof value === 'string' && value) out[kid] = value;
    return out;
  } catch {
    return {};
  }
}

/**
 * 32 random bytes, base64. Apps Script has no CSPRNG API; getUuid() is a random (v4) UUID, so hashing four
 * of them (488 random bits) with SHA-256 gives a full-entropy 256-bit key.
 */
export function generateKeyMaterial(): string {
  const seed = [Utilities.getUuid(), Utilities.getUuid(), Utilities.getUuid(), Utilities.getUuid()].join(':');
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, seed, Utilities.Charset.UTF_8);
  return Utilities.base64Encode(bytes);
}

/** A short key id: `k` + 8 characters of a UUID (ids in tokens must be opaque and URL-safe). */
export function generateKid(): string {
  return `k${Utilities.getUuid().replace(/-/g, '').slice(0, 8)}`;
}

function toSignedBytes(bytes: number[]): number[] {
  return bytes.map((b) => (b > 127 ? b - 256 : b));
}

/** An HmacFn over one key: HMAC-SHA256 of the message's UTF-8 bytes, keyed by the decoded key bytes. */
export function hmacForKey(keyBase64: string): HmacFn {
  const key = Utilities.base64Decode(keyBase64);
  return (message: string) => Utilities.computeHmacSha256Signature(toSignedBytes(encodeUtf8(message)), key);
}

/** Keys found in the properties: the current kid and a lookup for any kid (null when unknown). */
export interface SigningKeys {
  currentKid: string;
  hmacFor(kid: string): HmacFn | null;
}

/** Reads the signing keys from already-loaded Script Properties; null when setup has not created them. */
export function readSigningKeys(props: Readonly<Record<string, string>>): SigningKeys | null {
  const keyring = parseKeyring(props[PROP.hmacKeys]);
  const currentKid = props[PROP.hmacCurrentKid] ?? '';
  if (!currentKid || !keyring[currentKid]) return null;
  const cache = new Map<string, HmacFn>();
  return {
    currentKid,
    hmacFor(kid: string): HmacFn | null {
      if (!hasOwn(keyring, kid)) return null;
      let fn = cache.get(kid);
      if (!fn) {
        fn = hmacForKey(keyring[kid]);
        cache.set(kid, fn);
      }
      return fn;
    },
  };
}
