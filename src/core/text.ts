// Text safety helpers: HTML escaping, spreadsheet formula neutralising, control characters, and email address parsing.

// C0 controls except tab (\x09) and line feed (\x0A), plus DEL and the C1 block. Carriage returns are
// handled separately (turned into line feeds) so Windows line endings keep their line breaks.
// Also the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they
// make a name display as something else ("Trojan Source" style spoofing).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/g;

/** Characters Sheets (and CSV consumers) treat as the start of a formula (OWASP CSV injection, ASVS 1.2.10). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0']);

/**
 * Removes control characters that have no business in report text or mail (they can hide text, break
 * headers, confuse terminals or reorder what a reader sees), keeping tab and line feed. CR LF, lone CR and Unicode's
 * line and paragraph separators become LF: shown as line breaks, they began lines no filed-words mark saw (ADV-514).
 */
export function stripControlCharacters(s: string): string {
  return plainLineBreaks(s).replace(CONTROL_CHARACTERS, '');
}

/**
 * A person's words with each signed link of this desk replaced by plain words: a token acts as the person it was sent
 * to, so one quoted in a reply or pasted into a case Doc let whoever read it there act as them (ADV-534, ADV-535). Found
 * by the token's payload, which always opens `{"v":1,"sub":`, whatever address or mail scanner's redirector carries it;
 * the whole run of text around it goes. Other addresses (evidence) stay.
 */
export function withoutDeskLinks(s: string): string {
  return s.replace(/\S+/g, (run) => (run.includes('eyJ2IjoxLCJzdWIi') ? '[a Conduct Desk link, removed]' : run));
}

/** CR LF, lone CR and Unicode's line and paragraph separators as LF (ADV-514). */
export function plainLineBreaks(s: string): string {
  return s.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/**
 * Escapes text for HTML element content and quoted attribute values. Control characters are removed
 * first so nothing invisible reaches a mail client's HTML parser.
 */
export function escapeHtml(s: string): string {
  return stripControlCharacters(String(s))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Makes a value safe to write into a spreadsheet cell, and the one way the product writes any cell (status tabs,
 * registry tabs, the Audit tab, setup's headers): a string that Sheets would parse as a formula gets a leading
 * apostrophe, which Sheets shows as plain text and does not store in the value. Plain-text (`@`) cells are no
 * exception: what Sheets does there with text starting with = + - @ is undocumented, so the escape is written
 * there too. A string that already starts with an apostrophe gets one more, since Sheets takes the first as the
 * quote prefix and would drop it. Non-strings are returned unchanged (numbers, booleans and Dates cannot become
 * formulas). Reading a cell back gives the original string.
 */
export function toFormulaSafe(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0) return value;
  return FORMULA_TRIGGERS.has(value[0]) || value[0] === "'" ? `'${value}` : value;
}

/**
 * Shortens text to at most `max` characters (UTF-16 units), ending with an ellipsis when it was cut,
 * and never splitting a surrogate pair.
 */
/** The non-empty strings of a stored list (a flag or property read back from JSON); anything else reads as none. */
export function nonEmptyStrings(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string' && id !== '') : [];
}

export function truncate(s: string, max: number): string {
  if (!(max >= 1)) return '';
  if (s.length <= max) return s;
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1; // do not leave half a surrogate pair
  return `${s.slice(0, end)}…`;
}

// A practical subset of RFC 5322: dot-atom local part, hostname labels, alphabetic TLD. No quoted local
// parts, no comments, no IP literals: nobody reports harassment from those, and every extra form is
// another way to smuggle a second recipient or a header into MailApp.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True for exactly one plausible address with no spaces, commas, angle brackets or line breaks. */
export function isValidEmail(s: string): boolean {
  if (typeof s !== 'string' || s.length > 254) return false;
  const at = s.lastIndexOf('@');
  if (at <= 0 || at !== s.indexOf('@')) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]);
}

/** Canonical form used for every comparison and lookup of addresses. */
export function normalizeEmail(s: string): string {
  return lowerTrim(String(s));
}

/** `s` trimmed and lower-cased: how names, keys and headers are compared. */
export function lowerTrim(s: string): string {
  return s.trim().toLowerCase();
}

export type ParsedEmail = { ok: true; email: string } | { ok: false; reason: 'empty' | 'multiple' | 'invalid' };

/**
 * Parses what a person typed into an "email address" box: one address, optionally written as
 * `Name <address>`. Several addresses are refused rather than guessed at, because mailing a second
 * person a receipt about a harassment report is worse than mailing nobody.
 */
export function parseSingleEmail(s: string): ParsedEmail {
  const text = stripControlCharacters(String(s ?? '')).trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const withAt = text.split(/[\s,;]+/).filter((part) => part.includes('@'));
  if (withAt.length > 1) return { ok: false, reason: 'multiple' };
  const angle = /^[^<>@,;]*<([^<>]+)>$/.exec(text);
  const candidate = angle ? angle[1].trim() : text;
  const email = normalizeEmail(candidate);
  return isValidEmail(email) ? { ok: true, email } : { ok: false, reason: 'invalid' };
}

/** Finds email-like substrings in free text (for redaction and linting, not validation). */
export function findEmailsInText(s: string): Array<{ match: string; index: number }> {
  const found: Array<{ match: string; index: number }> = [];
  // The lookbehind starts a match only at the start of a run of address characters: without it a long run
  // with no '@' (a 100,000-character answer) is rescanned from every position, which is quadratic.
  // Letters and digits of any script: internationalised addresses (RFC 6531, "jürgen@müller.de", "ana@почта.рф") are
  // addresses too, and one missed here is one the privacy lint and the people extraction miss (issue 17 review).
  const pattern =
    /(?<![\p{L}\p{M}\p{N}._%+'-])[\p{L}\p{M}\p{N}._%+'-]+@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+/gu;
  for (let m = pattern.exec(s); m !== null; m = pattern.exec(s)) {
    // Trailing dots or dashes belong to the sentence, not the address.
    const match = m[0].replace(/[.-]+$/, '');
    const leading = /^[.'-]+/.exec(match);
    const trimmed = leading ? match.slice(leading[0].length) : match;
    if (trimmed.includes('@') && !trimmed.startsWith('@')) {
      found.push({ match: trimmed, index: m.index + (leading ? leading[0].length : 0) });
    }
  }
  return found;
}

/** Whether `key` is an own property of `o` (not one inherited, such as `constructor` or `__proto__`). */
export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
