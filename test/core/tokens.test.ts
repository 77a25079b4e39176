// Unit and property tests for signed links: encoding, strict parsing, signature, expiry and key versions.

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  constantTimeEqual,
  decodeBase64Url,
  decodeUtf8,
  encodeBase64Url,
  encodeUtf8,
  proveLink,
  signLink,
  verifyLink,
  type HmacFn,
  type LinkClaims,
} from '../../src/core/tokens';
import { PROPOSAL_TITLE_MAX } from '../../src/core/policy-changes';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const hmacWith =
  (secret: string): HmacFn =>
  (message) =>
    createHmac('sha256', secret).update(message, 'utf8').digest();
/** Apps Script's computeHmacSha256Signature returns signed bytes; the token code must accept them. */
const signedBytesHmac =
  (secret: string): HmacFn =>
  (message) =>
    [...createHmac('sha256', secret).update(message, 'utf8').digest()].map((b) => (b > 127 ? b - 256 : b));
const keys: Record<string, HmacFn> = { k1: hmacWith(SECRET), k2: hmacWith('another-secret') };
const hmacFor = (kid: string): HmacFn | null => keys[kid] ?? null;

const NOW = Date.UTC(2026, 2, 2, 9, 0, 0);
const claims: LinkClaims = {
  v: 1,
  sub: 'm_7f3a',
  cid: 'c_0001',
  act: 'no-conflict',
  exp: NOW / 1000 + 3600,
  kid: 'k1',
};

const idArb = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
const claimsArb: fc.Arbitrary<LinkClaims> = fc.record({
  v: fc.constant(1 as const),
  sub: idArb,
  cid: fc.oneof(idArb, fc.constant('-')),
  act: fc.constantFrom('no-conflict', 'conflict', 'case', 'vote', 'moderator', 'onboard' as const),
  exp: fc.integer({ min: NOW / 1000 + 1, max: NOW / 1000 + 10 * 365 * 86400 }),
  kid: fc.constantFrom('k1', 'k2'),
});

describe('base64url', () => {
  it('matches Node for random bytes, without padding (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = encodeBase64Url(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeBase64Url(encoded)).toEqual([...bytes]);
      }),
    );
  });

  it('takes signed bytes modulo 256', () => {
    expect(encodeBase64Url([-1, -128, 127])).toBe(encodeBase64Url([255, 128, 127]));
  });

  it('rejects padding, foreign characters, impossible lengths and non-zero spare bits', () => {
    expect(decodeBase64Url('QQ==')).toBeNull();
    expect(decodeBase64Url('QQ+/')).toBeNull();
    expect(decodeBase64Url('Q')).toBeNull();
    expect(decodeBase64Url('QQ')).toEqual([65]);
    expect(decodeBase64Url('QR')).toBeNull(); // same byte as "QQ" with spare bits set
    expect(decodeBase64Url('')).toEqual([]);
  });
});

describe('UTF-8', () => {
  it('matches Node for any string of valid code points (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(encodeUtf8(s)).toEqual([...Buffer.from(s, 'utf8')]);
        expect(decodeUtf8(encodeUtf8(s))).toBe(s);
      }),
    );
  });

  it('rejects malformed byte sequences', () => {
    expect(decodeUtf8([0xc0, 0x80])).toBeNull(); // overlong NUL
    expect(decodeUtf8([0xed, 0xa0, 0x80])).toBeNull(); // surrogate
    expect(decodeUtf8([0xe2, 0x82])).toBeNull(); // truncated
    expect(decodeUtf8([0x80])).toBeNull(); // stray continuation
    expect(decodeUtf8([0xf5, 0x80, 0x80, 0x80])).toBeNull(); // beyond U+10FFFF
  });
});

describe('constantTimeEqual', () => {
  it('agrees with === (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });

  it('does not treat a prefix as equal', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});

describe('signLink / verifyLink', () => {
  it('round-trips any valid claims (property)', () => {
    fc.assert(
      fc.property(claimsArb, (c) => {
        const token = signLink(c, keys[c.kid]);
        expect(token.length).toBeLessThanOrEqual(1024);
        expect(encodeURIComponent(token)).toBe(token);
        expect(verifyLink(token, hmacFor, NOW)).toEqual({ ok: true, claims: c });
      }),
    );
  });

  it('accepts signatures computed from signed bytes, as Apps Script returns them', () => {
    const token = signLink(claims, signedBytesHmac(SECRET));
    expect(verifyLink(token, hmacFor, NOW)).toEqual({ ok: true, claims });
  });

  it('fails on any single-character change (property)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %';
    fc.assert(
      fc.property(claimsArb, fc.nat(), fc.constantFrom(...alphabet.split('')), (c, at, ch) => {
        const token = signLink(c, keys[c.kid]);
        const i = at % token.length;
        fc.pre(token[i] !== ch);
        const tampered = token.slice(0, i) + ch + token.slice(i + 1);
        expect(verifyLink(tampered, hmacFor, NOW).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('fails once expired, and only then', () => {
    const token = signLink(claims, keys.k1);
    expect(verifyLink(token, hmacFor, claims.exp * 1000 - 1).ok).toBe(true);
    expect(verifyLink(token, hmacFor, claims.exp * 1000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyLink(token, hmacFor, claims.exp * 1000 + 86_400_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('fails after expiry whatever the claims (property)', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 10 ** 9 }), (c, lateMs) => {
        expect(verifyLink(signLink(c, keys[c.kid]), hmacFor, c.exp * 1000 + lateMs)).toEqual({
          ok: false,
          reason: 'expired',
        });
      }),
    );
  });

  it('reports a bad signature for the wrong key and unknown-key for a missing one', () => {
    const forged = signLink(claims, hmacWith('attacker-guess'));
    expect(verifyLink(forged, hmacFor, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    const rotated = signLink({ ...claims, kid: 'k9' }, keys.k1);
    expect(verifyLink(rotated, hmacFor, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('reports bad-signature rather than expired for a forged expired token', () => {
    const forged = signLink({ ...claims, exp: 1 }, hmacWith('attacker-guess'));
    expect(verifyLink(forged, hmacFor, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('proveLink gives the claims of a token this key signed, expired or not, and nothing for a forgery', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 10 ** 9 }), (c, lateMs) => {
        const token = signLink(c, keys[c.kid]);
        expect(verifyLink(token, hmacFor, c.exp * 1000 + lateMs).ok).toBe(false);
        expect(proveLink(token, hmacFor)).toEqual({ ok: true, claims: c });
        expect(proveLink(signLink(c, hmacWith('attacker-guess')), hmacFor).ok).toBe(false);
      }),
    );
    expect(proveLink(signLink({ ...claims, kid: 'k9' }, keys.k1), hmacFor)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it("does not let one key version verify another version's tokens", () => {
    const token = signLink({ ...claims, kid: 'k2' }, keys.k1);
    expect(verifyLink(token, hmacFor, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  describe('strict parsing', () => {
    /** Signs an arbitrary JSON payload with the real key, bypassing signLink's own checks. */
    const forgeWithKey = (json: string): string => {
      const payload = encodeBase64Url(encodeUtf8(json));
      return `${payload}.${encodeBase64Url(keys.k1(`v1.${payload}`))}`;
    };
    const base = { v: 1, sub: 'm_1', cid: 'c_1', act: 'vote', exp: NOW / 1000 + 60, kid: 'k1' };

    it('accepts the canonical payload', () => {
      expect(verifyLink(forgeWithKey(JSON.stringify(base)), hmacFor, NOW).ok).toBe(true);
    });

    it.each([
      ['an extra field', { ...base, admin: true }],
      ['a missing field', { v: 1, sub: 'm_1', cid: 'c_1', act: 'vote', exp: base.exp }],
      ['a wrong version', { ...base, v: 2 }],
      ['a string expiry', { ...base, exp: String(base.exp) }],
      ['a fractional expiry', { ...base, exp: base.exp + 0.5 }],
      ['an action not allowed', { ...base, act: 'grant-all' }],
      ['an email as subject', { ...base, sub: 'ana@example.org' }],
      ['an empty subject', { ...base, sub: '' }],
      ['a numeric case id', { ...base, cid: 7 }],
    ])('rejects %s as malformed even with a valid signature', (_label, payload) => {
      expect(verifyLink(forgeWithKey(JSON.stringify(payload)), hmacFor, NOW)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    });

    it('rejects a non-canonical serialisation of valid claims', () => {
      const reordered = JSON.stringify({
        kid: base.kid,
        v: 1,
        sub: base.sub,
        cid: base.cid,
        act: base.act,
        exp: base.exp,
      });
      expect(verifyLink(forgeWithKey(reordered), hmacFor, NOW)).toEqual({ ok: false, reason: 'malformed' });
      expect(verifyLink(forgeWithKey(JSON.stringify(base, null, 1)), hmacFor, NOW)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    });

    it.each([
      ['empty', ''],
      ['no dot', 'abc'],
      ['three parts', 'a.b.c'],
      ['empty signature', 'eyJ2IjoxfQ.'],
      ['not base64', 'a$b.c$d'],
      ['not JSON', `${encodeBase64Url(encodeUtf8('hello'))}.${encodeBase64Url(new Uint8Array(32))}`],
      ['short signature', `${encodeBase64Url(encodeUtf8('{}'))}.${encodeBase64Url(new Uint8Array(16))}`],
    ])('rejects %s as malformed', (_label, token) => {
      expect(verifyLink(token, hmacFor, NOW)).toEqual({ ok: false, reason: 'malformed' });
    });

    it('rejects tokens longer than 1024 characters before doing any work', () => {
      let asked = false;
      const long = `${'A'.repeat(1000)}.${'B'.repeat(43)}`;
      expect(
        verifyLink(
          long,
          () => {
            asked = true;
            return null;
          },
          NOW,
        ),
      ).toEqual({ ok: false, reason: 'malformed' });
      expect(asked).toBe(false);
    });
  });

  it('refuses to sign invalid claims', () => {
    expect(() => signLink({ ...claims, sub: 'ana@example.org' }, keys.k1)).toThrow(/opaque ids/);
    expect(() => signLink({ ...claims, exp: 1.5 }, keys.k1)).toThrow();
    expect(() => signLink({ ...claims, act: 'delete' as never }, keys.k1)).toThrow();
    expect(() => signLink({ ...claims, extra: 1 } as unknown as LinkClaims, keys.k1)).toThrow();
  });

  it('puts no readable name, email or code name in the URL (payload is ids only)', () => {
    const token = signLink(claims, keys.k1);
    const payload = Buffer.from(token.split('.')[0], 'base64url').toString('utf8');
    expect(JSON.parse(payload)).toEqual(claims);
    expect(payload).not.toMatch(/@/);
  });

  it("is longer than a proposed change's title may be, so a title needs no cleaning of links (ADV-538 cleans the text)", () => {
    // The shortest claims a desk could sign (one-character ids, the shortest action, an expiry of one second) and a
    // 32-byte signature: a title (blanks collapsed, refused beyond its limit) cannot hold a whole token that works.
    const token = signLink({ v: 1, sub: 'a', cid: '-', act: 'case', exp: 1, kid: 'k' }, hmacWith(SECRET));
    expect(proveLink(token, () => hmacWith(SECRET)).ok).toBe(true);
    expect(token.length).toBeGreaterThan(PROPOSAL_TITLE_MAX);
  });
});
