// Utilities: HMAC and digests as signed Java bytes, base64 (web-safe keeps '=' padding), blobs, seeded UUIDs, sleep on the virtual clock, Java-pattern dates and sprintf-style formatString.

import { createHash, createHmac } from 'node:crypto';
import * as vm from 'node:vm';
import {
  formatJavaDate,
  InvalidTimeZoneError,
  parseJavaDate,
  resolveZone,
  UnparseableDateError,
} from './java-date-format';
import { GasException } from './runtime';
import {
  charsetOf,
  enumOf,
  expose,
  isDate,
  signatureError,
  toBuffer,
  toSignedBytes,
  type Charset,
  type ServiceContext,
} from './service-kit';

export const MAX_SLEEP_MS = 300_000;

export const CharsetEnum = enumOf('US_ASCII', 'UTF_8');
export const DigestAlgorithm = enumOf('MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512');
export const MacAlgorithm = enumOf('HMAC_MD5', 'HMAC_SHA_1', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512');

const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};
const NODE_HMAC: Record<string, string> = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

function decodeString(buf: Buffer, charset: Charset): string {
  return charset === 'US_ASCII' ? buf.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd') : buf.toString('utf8');
}

/** Bytes decoded by a Java charset name; an unknown name throws, as Java's Charset.forName does. */
function decodeNamed(buf: Buffer, name: string): string {
  // ISO-8859-1 proper (WHATWG's decoder would read it as windows-1252).
  if (/^(iso-?8859-1|iso_8859_1|latin1|l1)$/i.test(name)) return buf.toString('latin1');
  try {
    return new TextDecoder(name).decode(buf);
  } catch {
    throw new GasException(`Invalid argument: charset (${name})`);
  }
}

/**
 * Decodes standard or web-safe base64 (either alphabet: live `base64Decode` accepts web-safe input, platform reference
 * §2 [GF-TESTUTIL]); rejects other characters and, the strict reading, input without its `=` padding. Google does not
 * say whether unpadded input decodes; public Apps Script code pads before `base64DecodeWebSafe` (`while (s.length % 4)
 * s += '='`), which suggests it does not. selfTest's mailbox probe (src/workspace/mailbox.ts) reports what the account does.
 */
function base64ToBuffer(encoded: unknown, method: string): Buffer {
  if (typeof encoded !== 'string') throw signatureError(method, [encoded]);
  const compact = encoded.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new GasException('Could not decode string.');
  }
  return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

class BlobImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private _bytes: Buffer,
    private _contentType: string | null,
    private _name: string | null,
  ) {}
  getBytes(): number[] {
    return this._ctx.realm.array(toSignedBytes(this._bytes));
  }
  /**
   * "Gets the data of this blob as a string with the specified encoding" (reference, Blob.getDataAsString(charset)):
   * a Java charset name ('ISO-8859-1', 'windows-1252', 'UTF-8'), or a Utilities.Charset value.
   */
  getDataAsString(charset?: string): string {
    if (charset === undefined || charset === null || charset === 'UTF_8' || charset === 'US_ASCII')
      return decodeString(this._bytes, charsetOf(charset));
    return decodeNamed(this._bytes, String(charset));
  }
  setDataFromString(data: string, charset?: string): this {
    this._bytes = toBuffer(String(data), charsetOf(charset));
    return this;
  }
  setBytes(data: number[]): this {
    this._bytes = toBuffer(data);
    return this;
  }
  getContentType(): string | null {
    return this._contentType;
  }
  setContentType(contentType: string): this {
    this._contentType = contentType;
    return this;
  }
  getName(): string | null {
    return this._name;
  }
  setName(name: string): this {
    this._name = name;
    return this;
  }
  isGoogleType(): boolean {
    return false;
  }
  copyBlob(): unknown {
    return exposeBlob(this._ctx, Buffer.from(this._bytes), this._contentType, this._name);
  }
  getBlob(): this {
    return this;
  }
}

function exposeBlob(ctx: ServiceContext, bytes: Buffer, contentType: string | null, name: string | null): unknown {
  return expose(ctx.rt, 'Blob', new BlobImpl(ctx, bytes, contentType, name));
}

/** Bytes of a Blob (ours) or of a string / byte array argument. */
function bytesOf(value: unknown, charset: Charset): Buffer {
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { getBytes?: unknown }).getBytes === 'function'
  ) {
    return toBuffer((value as { getBytes(): number[] }).getBytes());
  }
  return toBuffer(value, charset);
}

/** printf-style formatting (`%s %d %i %f %e %x %o %c %%` with flags, width and precision). */
export function formatString(template: string, args: unknown[]): string {
  let next = 0;
  return String(template).replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeExXoc%])/g,
    (whole, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      if (next >= args.length) return whole;
      const arg = args[next++];
      let out: string;
      const num = Number(arg);
      switch (conv) {
        case 's':
          out = typeof arg === 'object' && arg !== null && !isDate(arg) ? JSON.stringify(arg) : String(arg);
          if (precision) out = out.slice(0, Number(precision));
          break;
        case 'd':
        case 'i':
          out = Number.isFinite(num) ? String(Math.trunc(num)) : 'NaN';
          break;
        case 'f':
          out = Number.isFinite(num) ? num.toFixed(precision === undefined ? 6 : Number(precision)) : String(num);
          break;
        case 'e':
        case 'E':
          out = num.toExponential(precision === undefined ? 6 : Number(precision));
          if (conv === 'E') out = out.toUpperCase();
          break;
        case 'x':
        case 'X':
          out = Math.trunc(num).toString(16);
          if (conv === 'X') out = out.toUpperCase();
          break;
        case 'o':
          out = Math.trunc(num).toString(8);
          break;
        case 'c':
          out = typeof arg === 'number' ? String.fromCharCode(arg) : String(arg).charAt(0);
          break;
        default:
          out = String(arg);
      }
      if ('dieEf'.includes(conv) && Number.isFinite(num) && num >= 0) {
        if (flags.includes('+')) out = '+' + out;
        else if (flags.includes(' ')) out = ' ' + out;
      }
      const w = width ? Number(width) : 0;
      if (out.length < w) {
        if (flags.includes('-')) out = out.padEnd(w);
        else if (flags.includes('0') && 'dieEfxXo'.includes(conv)) {
          const sign = /^[+\- ]/.test(out) ? out[0] : '';
          out = sign + out.slice(sign.length).padStart(w - sign.length, '0');
        } else out = out.padStart(w);
      }
      return out;
    },
  );
}

class UtilitiesImpl {
  constructor(private readonly _ctx: ServiceContext) {}

  computeHmacSha256Signature(value: unknown, key: unknown, charset?: unknown): number[] {
    return this._hmac('sha256', value, key, charset);
  }

  computeHmacSignature(algorithm: unknown, value: unknown, key: unknown, charset?: unknown): number[] {
    const alg = NODE_HMAC[String(algorithm)];
    if (!alg) throw signatureError('Utilities.computeHmacSignature', [algorithm, value, key]);
    return this._hmac(alg, value, key, charset);
  }

  computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
    const alg = NODE_DIGEST[String(algorithm)];
    if (!alg) {
      if (String(algorithm) === 'MD2') throw new Error('Emulator does not implement Utilities.computeDigest with MD2');
      throw signatureError('Utilities.computeDigest', [algorithm, value]);
    }
    const digest = createHash(alg)
      .update(toBuffer(value, charsetOf(charset)))
      .digest();
    return this._ctx.realm.array(toSignedBytes(digest));
  }

  /** Standard alphabet, with padding. */
  base64Encode(data: unknown, charset?: unknown): string {
    return bytesOf(data, charsetOf(charset)).toString('base64');
  }

  /** URL-safe alphabet (`-`, `_`). Apps Script keeps the `=` padding (scripts strip it themselves); Node's base64url would not. */
  base64EncodeWebSafe(data: unknown, charset?: unknown): string {
    return bytesOf(data, charsetOf(charset)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  base64Decode(encoded: unknown): number[] {
    return this._ctx.realm.array(toSignedBytes(base64ToBuffer(encoded, 'Utilities.base64Decode')));
  }

  base64DecodeWebSafe(encoded: unknown): number[] {
    return this._ctx.realm.array(toSignedBytes(base64ToBuffer(encoded, 'Utilities.base64DecodeWebSafe')));
  }

  newBlob(data: unknown, contentType?: string, name?: string): unknown {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : toBuffer(data);
    return exposeBlob(this._ctx, bytes, contentType ?? (typeof data === 'string' ? 'text/plain' : null), name ?? null);
  }

  /** A version-4 UUID drawn from the runtime's seeded generator, so runs reproduce. */
  getUuid(): string {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(this._ctx.rt.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Waits on the virtual clock; counts toward the execution's 6 minutes. */
  sleep(milliseconds: unknown): void {
    if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds))
      throw signatureError('Utilities.sleep', [milliseconds]);
    if (milliseconds < 0 || milliseconds > MAX_SLEEP_MS) {
      throw new GasException(
        `Invalid argument: milliseconds (${milliseconds}). The maximum allowed value is 300000 (or 5 minutes).`,
      );
    }
    this._ctx.rt.spend(Math.floor(milliseconds));
  }

  formatDate(date: unknown, timeZone: unknown, format: unknown): string {
    if (!isDate(date) || typeof timeZone !== 'string' || typeof format !== 'string')
      throw signatureError('Utilities.formatDate', [date, timeZone, format]);
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new GasException('Invalid argument: date');
    try {
      return formatJavaDate(ms, resolveZone(timeZone), format);
    } catch (err) {
      throw asGasError(err);
    }
  }

  parseDate(date: unknown, timeZone: unknown, format: unknown): Date {
    if (typeof date !== 'string' || typeof timeZone !== 'string' || typeof format !== 'string')
      throw signatureError('Utilities.parseDate', [date, timeZone, format]);
    try {
      return this._ctx.realm.date(parseJavaDate(date, resolveZone(timeZone), format, this._ctx.rt.now()));
    } catch (err) {
      throw asGasError(err);
    }
  }

  formatString(template: string, ...args: unknown[]): string {
    return formatString(template, args);
  }

  jsonStringify(obj: unknown): string {
    return JSON.stringify(obj);
  }

  jsonParse(jsonString: string): unknown {
    const json = vm.runInContext('JSON', this._ctx.realm.context()) as JSON;
    return json.parse(String(jsonString));
  }

  _hmac(alg: string, value: unknown, key: unknown, charset: unknown): number[] {
    const cs = charsetOf(charset);
    const mac = createHmac(alg, toBuffer(key, cs)).update(toBuffer(value, cs)).digest();
    return this._ctx.realm.array(toSignedBytes(mac));
  }
}

function asGasError(err: unknown): Error {
  if (err instanceof GasException) return err;
  if (err instanceof InvalidTimeZoneError || err instanceof UnparseableDateError) return new GasException(err.message);
  if (err instanceof Error) return new GasException(`Invalid argument: ${err.message}`);
  return new GasException(String(err));
}

export function createUtilities(ctx: ServiceContext): GoogleAppsScript.Utilities.Utilities {
  return expose(ctx.rt, 'Utilities', new UtilitiesImpl(ctx), {
    constants: { Charset: CharsetEnum, DigestAlgorithm, MacAlgorithm },
  }) as unknown as GoogleAppsScript.Utilities.Utilities;
}
