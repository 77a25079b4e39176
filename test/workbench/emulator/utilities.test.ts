// Conformance tests for Utilities: HMAC/digests as signed bytes, base64 variants, blobs, UUIDs, sleep on the virtual clock, Java date patterns.

import { runError, runOk, workspaceWith } from './test-helpers';

const BUNDLE = `
function hmac(value, key) { return Utilities.computeHmacSha256Signature(value, key); }
function hmacBytes(value, key) {
  return Utilities.computeHmacSha256Signature(Utilities.newBlob(value).getBytes(), Utilities.newBlob(key).getBytes());
}
function hex(bytes) { return bytes.map(function (b) { return ((b + 256) % 256).toString(16).padStart(2, '0'); }).join(''); }
function hmacHex(value, key) { return hex(Utilities.computeHmacSha256Signature(value, key)); }
function isRealArray(bytes) { return Array.isArray(bytes) && bytes instanceof Array; }
function arrayHere() { return Utilities.computeHmacSha256Signature('a', 'b') instanceof Array; }
function digestHex(value) { return hex(Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, value)); }
function b64(value) { return Utilities.base64Encode(value); }
function b64ws(value) { return Utilities.base64EncodeWebSafe(value); }
function unb64(value) { return Utilities.base64Decode(value); }
function unb64ws(value) { return Utilities.base64DecodeWebSafe(value); }
function blob(value) { var b = Utilities.newBlob(value); return [b.getDataAsString(), b.getBytes()]; }
function uuids() { return [Utilities.getUuid(), Utilities.getUuid()]; }
function nap(ms) { Utilities.sleep(ms); return 'awake'; }
function napTwice() { Utilities.sleep(300000); Utilities.sleep(300000); return 'never'; }
function napAndCatch() {
  try { Utilities.sleep(300000); Utilities.sleep(300000); } catch (e) { /* the kill cannot be survived */ }
  return Utilities.getUuid();
}
function fmt(iso, tz, pattern) { return Utilities.formatDate(new Date(iso), tz, pattern); }
function fmtBad() { return Utilities.formatDate('2026-01-01', 'Etc/UTC', 'yyyy'); }
function parse(text, tz, pattern) { var d = Utilities.parseDate(text, tz, pattern); return [d instanceof Date, d.toISOString()]; }
function sprintf() { return Utilities.formatString.apply(Utilities, arguments); }
function enums() { return [Utilities.Charset.UTF_8, Utilities.DigestAlgorithm.SHA_256, Utilities.MacAlgorithm.HMAC_SHA_256]; }
`;

const RFC4231_CASE2 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

describe('Utilities', () => {
  it('computes HMAC-SHA256 as signed Java bytes (RFC 4231 test case 2)', () => {
    const ws = workspaceWith(BUNDLE);
    const bytes = runOk<number[]>(ws, 'hmac', ['what do ya want for nothing?', 'Jefe']);
    const expected = Array.from(Buffer.from(RFC4231_CASE2, 'hex'), (b) => (b > 127 ? b - 256 : b));
    expect(bytes).toEqual(expected);
    expect(Math.min(...bytes)).toBeLessThan(0);
    expect(bytes.every((b) => b >= -128 && b <= 127)).toBe(true);
    expect(runOk(ws, 'hmacHex', ['what do ya want for nothing?', 'Jefe'])).toBe(RFC4231_CASE2);
  });

  it('accepts byte arrays for value and key', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'hmacBytes', ['what do ya want for nothing?', 'Jefe'])).toEqual(
      runOk(ws, 'hmac', ['what do ya want for nothing?', 'Jefe']),
    );
  });

  it('returns arrays of the bundle realm', () => {
    expect(runOk(workspaceWith(BUNDLE), 'arrayHere')).toBe(true);
  });

  it('computes SHA-256 digests', () => {
    expect(runOk(workspaceWith(BUNDLE), 'digestHex', ['abc'])).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('encodes web-safe base64 with the URL alphabet and keeps the = padding', () => {
    const ws = workspaceWith(BUNDLE);
    const bytes = [-5, -1, -66]; // 0xfb 0xff 0xbe
    expect(runOk(ws, 'b64', [bytes])).toBe('+/++');
    expect(runOk(ws, 'b64ws', [bytes])).toBe('-_--');
    expect(runOk(ws, 'b64ws', [[-5, -1]])).toBe('-_8=');
    expect(runOk(ws, 'b64ws', ['a'])).toBe('YQ==');
    expect(runOk(ws, 'b64', ['héllo'])).toBe(Buffer.from('héllo').toString('base64'));
  });

  it('decodes base64 of either alphabet to signed bytes and rejects garbage', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'unb64', ['-_8='])).toEqual([-5, -1]);
    expect(runOk(ws, 'unb64ws', ['-_8='])).toEqual([-5, -1]);
    expect(runOk(ws, 'unb64', ['+/8='])).toEqual([-5, -1]);
    expect(runError(ws, 'unb64', ['not base64!'])).toBe('Could not decode string.');
  });

  // The strict reading (utilities.ts base64ToBuffer): Google does not document unpadded input, and public Apps Script
  // code pads before base64DecodeWebSafe; selfTest's Mailbox line reports what a real account does.
  it('refuses base64 without its = padding, as the Gmail API body data comes (base64url, unpadded)', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runError(ws, 'unb64ws', ['-_8'])).toBe('Could not decode string.');
    expect(runError(ws, 'unb64', ['YQ'])).toBe('Could not decode string.');
    expect(runOk(ws, 'unb64ws', ['YQ=='])).toEqual([97]);
  });

  it('builds blobs from strings', () => {
    expect(runOk(workspaceWith(BUNDLE), 'blob', ['hé'])).toEqual(['hé', [104, -61, -87]]);
  });

  it('returns version-4 UUIDs drawn from the seeded generator', () => {
    const [a, b] = runOk<string[]>(workspaceWith(BUNDLE, { seed: 7 }), 'uuids');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(runOk(workspaceWith(BUNDLE, { seed: 7 }), 'uuids')).toEqual([a, b]);
    expect(runOk<string[]>(workspaceWith(BUNDLE, { seed: 8 }), 'uuids')[0]).not.toBe(a);
  });

  it('sleeps on the virtual clock', () => {
    const ws = workspaceWith(BUNDLE);
    const before = ws.rt.now();
    const result = ws.run('nap', [90_000]);
    expect(result.value).toBe('awake');
    expect(result.record.simulatedMs).toBe(90_000);
    expect(ws.rt.now()).toBe(before + 90_000);
  });

  it('refuses to sleep more than 300000 ms', () => {
    expect(runError(workspaceWith(BUNDLE), 'nap', [300_001])).toMatch(/300000/);
  });

  it('kills an execution past 6 minutes with "Exceeded maximum execution time"', () => {
    const ws = workspaceWith(BUNDLE);
    const result = ws.run('napTwice');
    expect(result.record.outcome).toBe('killed');
    expect((result.error as Error).message).toBe('Exceeded maximum execution time');
    expect(result.value).toBeUndefined();
  });

  it('keeps a killed execution dead even when the bundle catches the kill', () => {
    const ws = workspaceWith(BUNDLE);
    const result = ws.run('napAndCatch');
    expect(result.record.outcome).toBe('killed');
    expect(result.record.calls['Utilities.getUuid']).toBeUndefined();
  });

  it('formats Java patterns with quoted literals, escaped quotes, hh and a', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'fmt', ['2026-03-02T13:05:09.042Z', 'Etc/UTC', "yyyy-MM-dd'T'HH:mm:ss.SSS"])).toBe(
      '2026-03-02T13:05:09.042',
    );
    expect(runOk(ws, 'fmt', ['2026-03-02T13:05:09Z', 'Etc/UTC', "hh:mm a 'o''clock'"])).toBe("01:05 PM o'clock");
    expect(runOk(ws, 'fmt', ['2026-03-02T00:30:00Z', 'Etc/UTC', 'h:mm a, K H k'])).toBe('12:30 AM, 0 0 24');
    expect(runOk(ws, 'fmt', ['2026-03-02T00:30:00Z', 'Etc/UTC', "''yy''"])).toBe("'26'");
  });

  it('formats names, day numbers and weeks in English', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'fmt', ['2026-03-02T12:00:00Z', 'Etc/UTC', 'EEE EEEE d MMM MMMM M MM D u w'])).toBe(
      'Mon Monday 2 Mar March 3 03 61 1 10',
    );
  });

  it('formats across time zones, including the New York DST change on 2026-03-08', () => {
    const ws = workspaceWith(BUNDLE);
    const p = 'yyyy-MM-dd HH:mm:ss z Z XXX';
    expect(runOk(ws, 'fmt', ['2026-03-08T06:59:59Z', 'America/New_York', p])).toBe(
      '2026-03-08 01:59:59 EST -0500 -05:00',
    );
    expect(runOk(ws, 'fmt', ['2026-03-08T07:00:00Z', 'America/New_York', p])).toBe(
      '2026-03-08 03:00:00 EDT -0400 -04:00',
    );
    expect(runOk(ws, 'fmt', ['2026-03-08T07:00:00Z', 'Asia/Kolkata', 'HH:mm Z XXX'])).toBe('12:30 +0530 +05:30');
    expect(runOk(ws, 'fmt', ['2026-03-08T07:00:00Z', 'Etc/UTC', 'HH:mm z X XXX'])).toBe('07:00 UTC Z Z');
    expect(runOk(ws, 'fmt', ['2026-07-01T12:00:00Z', 'Europe/Berlin', 'HH:mm zzzz'])).toBe(
      '14:00 Central European Summer Time',
    );
  });

  it('throws on an unknown pattern letter, an unknown zone and a non-Date argument', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runError(ws, 'fmt', ['2026-03-02T00:00:00Z', 'Etc/UTC', 'yyyy-MM-dd T'])).toMatch(
      /Illegal pattern character 'T'/,
    );
    expect(runError(ws, 'fmt', ['2026-03-02T00:00:00Z', 'Mars/Olympus', 'yyyy'])).toMatch(/timeZone/);
    // Java knows a zone only as the database spells it (any other is GMT on Google): the stricter case, refused.
    expect(runError(ws, 'fmt', ['2026-03-02T00:00:00Z', 'europe/berlin', 'yyyy'])).toMatch(/timeZone \(europe/);
    // A link Intl names otherwise (Asia/Calcutta), in small letters: unknown to Java too.
    expect(runError(ws, 'fmt', ['2026-03-02T00:00:00Z', 'asia/kolkata', 'yyyy'])).toMatch(/timeZone \(asia/);
    expect(runError(ws, 'fmtBad')).toBe(
      "The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
    );
  });

  it('parses numeric patterns in a time zone into a Date of the bundle realm', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'parse', ['2026-03-08 03:30', 'America/New_York', 'yyyy-MM-dd HH:mm'])).toEqual([
      true,
      '2026-03-08T07:30:00.000Z',
    ]);
    expect(runOk(ws, 'parse', ['08/03/2026 11:15 PM', 'Europe/Berlin', 'dd/MM/yyyy hh:mm a'])).toEqual([
      true,
      '2026-03-08T22:15:00.000Z',
    ]);
    expect(runOk(ws, 'parse', ['20260308T0730Z', 'America/New_York', "yyyyMMdd'T'HHmmX"])).toEqual([
      true,
      '2026-03-08T07:30:00.000Z',
    ]);
    expect(runError(ws, 'parse', ['March 8', 'Etc/UTC', 'yyyy-MM-dd'])).toBe('Unparseable date: "March 8"');
  });

  it('formats strings printf-style', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'sprintf', ['%s has %d cases (%.1f%%) %05d|%-4s|', 'Ana', 3, 42.25, 42, 'x'])).toBe(
      'Ana has 3 cases (42.3%) 00042|x   |',
    );
  });

  it('exposes the Charset, DigestAlgorithm and MacAlgorithm enums', () => {
    expect(runOk(workspaceWith(BUNDLE), 'enums')).toEqual(['UTF_8', 'SHA_256', 'HMAC_SHA_256']);
  });
});
