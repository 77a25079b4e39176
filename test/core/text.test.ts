// Unit tests for text safety helpers: HTML escaping, formula neutralising, control characters and email parsing.

import fc from 'fast-check';
import {
  escapeHtml,
  findEmailsInText,
  isValidEmail,
  normalizeEmail,
  parseSingleEmail,
  stripControlCharacters,
  toFormulaSafe,
  truncate,
  withoutDeskLinks,
} from '../../src/core/text';

/** Strings rich in what matters here: C0/C1 controls, HTML specials, accents and astral characters. */
const hostileString = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('<', '>', '"', "'", '&', '=', 'é', '\u202e', '😀'),
  ),
  maxLength: 40,
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('neutralises a script tag', () => {
    const out = escapeHtml('<script>alert(1)</script>');
    expect(out).not.toContain('<script');
    expect(out).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('removes C0 control characters but keeps new lines and tabs', () => {
    expect(escapeHtml('a\u0000b\u0007c\u001bd\te\nf')).toBe('abcd\te\nf');
  });

  it('never leaves a raw < > " \' or control character (property)', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F]/);
        // Every & starts an entity we produced.
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
  });
});

describe('toFormulaSafe', () => {
  it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx', '=IMPORTXML("http://x")'])('prefixes %j', (s) => {
    expect(toFormulaSafe(s)).toBe(`'${s}`);
  });

  it('doubles a leading apostrophe, which Sheets would otherwise take as the quote prefix and drop', () => {
    expect(toFormulaSafe("'quoted'")).toBe("''quoted'");
  });

  it('leaves ordinary strings and non-strings unchanged', () => {
    expect(toFormulaSafe('home shelf')).toBe('home shelf');
    expect(toFormulaSafe('')).toBe('');
    expect(toFormulaSafe(42)).toBe(42);
    expect(toFormulaSafe(true)).toBe(true);
    const d = new Date(0);
    expect(toFormulaSafe(d)).toBe(d);
    expect(toFormulaSafe(null)).toBeNull();
  });

  it('never returns a string starting with a formula trigger (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = toFormulaSafe(s) as string;
        expect(out === '' || !'=+-@\t\r\n'.includes(out[0])).toBe(true);
        expect(out.endsWith(s)).toBe(true);
      }),
    );
  });
});

describe('stripControlCharacters', () => {
  it('turns CR LF and CR into LF and drops other controls', () => {
    expect(stripControlCharacters('a\r\nb\rc\u0000d\u007fe\u0085f')).toBe('a\nb\ncdef');
  });

  it('ADV-514 makes Unicode\u2019s line and paragraph separators plain line breaks, which the Doc\u2019s filed-words mark then sees', () => {
    expect(stripControlCharacters('a\u2028b\u2029c')).toBe('a\nb\nc');
  });
});

describe('withoutDeskLinks (ADV-534)', () => {
  // A signed link's payload opens {"v":1,"sub": in web-safe base64, whatever follows.
  const token = `${Buffer.from('{"v":1,"sub":"m_0123456789ab","cid":"-"}').toString('base64url')}.c2lnbmF0dXJl`;
  it('replaces a desk link however it is carried, and keeps other addresses and the line breaks', () => {
    const text = `See https://script.google.com/macros/s/X/exec?t=${token}\nwrapped <https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fscript.google.com%2Fexec%3Ft%3D${token}&data=1>\nevidence https://github.com/o/r/issues/1?t=abc`;
    expect(withoutDeskLinks(text)).toBe(
      'See [a Conduct Desk link, removed]\nwrapped [a Conduct Desk link, removed]\nevidence https://github.com/o/r/issues/1?t=abc',
    );
  });
  it('takes linear time on a long run without spaces', () => {
    const long = 'x'.repeat(500_000);
    expect(withoutDeskLinks(long)).toBe(long);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('ab😀cd', 4);
    expect(out).toBe('ab…');
  });

  it('never exceeds max (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 50 }), (s, max) => {
        expect(truncate(s, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('isValidEmail', () => {
  it.each(['ana@example.org', 'a.b+tag@sub.example.co.uk', "o'brien@example.ie", 'x_y@ex-ample.com'])(
    'accepts %s',
    (s) => {
      expect(isValidEmail(s)).toBe(true);
    },
  );

  it.each([
    '',
    'ana',
    'ana@',
    '@example.org',
    'ana@example',
    'ana @example.org',
    'ana@example.org, bo@example.org',
    'ana@example.org\nBcc: evil@example.com',
    'ana@example.org\r\n',
    'a..b@example.org',
    '.a@example.org',
    'a@-example.org',
    'a@b@example.org',
    'Ana <ana@example.org>',
    'ana@example.1',
  ])('rejects %j', (s) => {
    expect(isValidEmail(s)).toBe(false);
  });

  it('rejects anything containing whitespace, a comma or a line break (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(' ', ',', '\n', '\r', ';'), fc.string(), (a, sep, b) => {
        expect(isValidEmail(`${a}${sep}${b}@example.org`)).toBe(false);
      }),
    );
  });
});

describe('parseSingleEmail', () => {
  it('normalises one address', () => {
    expect(normalizeEmail('  Ana@Example.ORG ')).toBe('ana@example.org');
    expect(parseSingleEmail('  Ana@Example.ORG ')).toEqual({ ok: true, email: 'ana@example.org' });
    expect(parseSingleEmail('Ana Lima <ana@example.org>')).toEqual({ ok: true, email: 'ana@example.org' });
  });

  it('names the problem', () => {
    expect(parseSingleEmail('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseSingleEmail('a@example.org, b@example.org')).toEqual({ ok: false, reason: 'multiple' });
    expect(parseSingleEmail('a@example.org b@example.org')).toEqual({ ok: false, reason: 'multiple' });
    expect(parseSingleEmail('not an address')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseSingleEmail('a@example.org\nBcc: x@evil.com')).toEqual({ ok: false, reason: 'multiple' });
  });
});

describe('findEmailsInText', () => {
  it('finds addresses with their positions, without sentence punctuation', () => {
    const text = 'Write to ana@example.org. Or bo.chen@mail.example.com!';
    expect(findEmailsInText(text)).toEqual([
      { match: 'ana@example.org', index: 9 },
      { match: 'bo.chen@mail.example.com', index: 29 },
    ]);
  });

  it('finds internationalised addresses, in any script, whole', () => {
    expect(findEmailsInText('Mail jürgen@müller.de or ana@почта.рф, or 田中@例え.jp.').map((e) => e.match)).toEqual([
      'jürgen@müller.de',
      'ana@почта.рф',
      '田中@例え.jp',
    ]);
  });

  it('stays linear on a long run of address characters without an @ (quadratic rescanning outlasts the timeout)', () => {
    const text = 'ü'.repeat(200_000) + ' ana@example.org';
    expect(findEmailsInText(text).map((e) => e.match)).toEqual(['ana@example.org']);
  });
});
