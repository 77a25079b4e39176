// Unit tests of small pure pieces of the workspace layer: keyring parsing, the seeded random source, alert hashing, error classification.
import { hashText } from '../../src/core/hash';
import { seededRandom } from '../../src/workspace/clock';
import { caseIdOfKey } from '../../src/workspace/mailer';
import { isExecutionEnding } from '../../src/workspace/errors';
import { parseKeyring, readSigningKeys } from '../../src/workspace/secret';
import { tokenFromRequest, withoutAccountIndex } from '../../src/workspace/links';

describe('keyring', () => {
  test.each([[undefined], [''], ['not json'], ['[1,2]'], ['null'], ['{"k1": 5}']])(
    'a damaged value %p reads as empty',
    (raw) => {
      expect(parseKeyring(raw as string | undefined)).toEqual({});
    },
  );

  test('keeps every kid with a string key', () => {
    expect(parseKeyring('{"k1":"AAA","k2":"BBB","k3":""}')).toEqual({ k1: 'AAA', k2: 'BBB' });
  });

  test('without a current kid that exists there are no signing keys (links fail closed)', () => {
    expect(readSigningKeys({ hmacKeys: '{"k1":"AAA"}' })).toBeNull();
    expect(readSigningKeys({ hmacKeys: '{"k1":"AAA"}', hmacCurrentKid: 'k2' })).toBeNull();
    const keys = readSigningKeys({ hmacKeys: '{"k1":"AAA"}', hmacCurrentKid: 'k1' });
    expect(keys?.currentKid).toBe('k1');
    expect(keys?.hmacFor('nope')).toBeNull();
    expect(keys?.hmacFor('__proto__')).toBeNull();
  });
});

test('the seeded random source is reproducible, in [0, 1), and differs by seed', () => {
  const a = seededRandom('123e4567-e89b-42d3-a456-426614174000');
  const b = seededRandom('123e4567-e89b-42d3-a456-426614174000');
  const c = seededRandom('00000000-0000-4000-8000-000000000001');
  const xs = Array.from({ length: 1000 }, () => a());
  expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
  expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  expect(new Set(xs.map((x) => Math.floor(x * 10))).size).toBe(10);
  expect(c()).not.toBe(seededRandom('123e4567-e89b-42d3-a456-426614174000')());
  expect(seededRandom('')()).toBeGreaterThanOrEqual(0);
});

test('alert discriminators are stable and short; outbox keys give their case id', () => {
  expect(hashText('a')).toBe(hashText('a'));
  expect(hashText('a')).not.toBe(hashText('b'));
  expect(hashText('x'.repeat(10000))).toMatch(/^[0-9a-f]{8}$/);
  expect(caseIdOfKey('c_1|ack|reporter')).toBe('c_1');
  expect(caseIdOfKey('')).toBe('-');
});

test('errors: kills are recognised, from this realm or another', () => {
  expect(isExecutionEnding(new Error('Exceeded maximum execution time'))).toBe(true);
  // From another realm (the bundle catches what the platform threw): the message is all there is to read.
  expect(isExecutionEnding({ name: 'Error', message: 'Exceeded maximum execution time' })).toBe(true);
  expect(isExecutionEnding(new Error('Invalid email'))).toBe(false);
});

test('the token is read from the t parameter only', () => {
  expect(tokenFromRequest({ parameter: { t: ' abc.def ' } })).toBe('abc.def');
  expect(tokenFromRequest({ parameter: {} })).toBe('');
  expect(tokenFromRequest(null)).toBe('');
  expect(tokenFromRequest({ parameter: { t: ['x'] } })).toBe('');
});

describe('ADV-577 the web app address without a browser account index', () => {
  test.each([
    ['https://script.google.com/macros/u/1/s/AKfy/exec', 'https://script.google.com/macros/s/AKfy/exec'],
    ['https://script.google.com/macros/u/12/s/AKfy/exec', 'https://script.google.com/macros/s/AKfy/exec'],
    [
      'https://script.google.com/a/macros/club.org/u/1/s/AKfy/exec',
      'https://script.google.com/a/macros/club.org/s/AKfy/exec',
    ],
    // A Google Workspace account's forms, and the plain one, are kept as they are.
    [
      'https://script.google.com/a/macros/club.org/s/AKfy/exec',
      'https://script.google.com/a/macros/club.org/s/AKfy/exec',
    ],
    [
      'https://script.google.com/a/club.org/macros/s/AKfy/exec',
      'https://script.google.com/a/club.org/macros/s/AKfy/exec',
    ],
    ['https://script.google.com/macros/s/AKfy/exec', 'https://script.google.com/macros/s/AKfy/exec'],
    ['', ''],
  ])('%s -> %s', (url, canonical) => {
    expect(withoutAccountIndex(url)).toBe(canonical);
  });
});
