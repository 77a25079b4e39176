// Redaction guard: finds what could identify the reporter or witnesses in text bound for moderators or the reported person.

import { canonicalAddress, foldText } from './identity';
import { createNameMatcher, foldWithOffsets } from './name-matching';
import { findEmailsInText, lowerTrim, normalizeEmail, truncate } from './text';

/** Who must stay unidentifiable: the reporter and the witnesses. */
export interface ProtectedIdentity {
  names: string[];
  emails: string[];
  handles: string[];
}

export type FindingKind = 'name' | 'email' | 'handle' | 'quote';

export interface Finding {
  kind: FindingKind;
  match: string;
  index: number;
}

/** Shortest run of words copied from the report that counts as a quote. */
export const QUOTE_MIN_WORDS = 12;

const WORD_CHAR = /[\p{L}\p{N}]/u;

// Characters that can be part of an email address or a handle: a match must not continue into them.
const ADDRESS_CHAR = /[A-Za-z0-9._%+'-]/;

function findLiteral(folded: string, needle: string, isBoundaryChar: (ch: string | undefined) => boolean): number[] {
  const out: number[] = [];
  if (needle === '') return out;
  for (let i = folded.indexOf(needle); i !== -1; i = folded.indexOf(needle, i + 1)) {
    const before = folded[i - 1];
    const after = folded[i + needle.length];
    // A trailing dot ends a sentence, not an address: "write to ana@example.org." still matches.
    const afterOk = !isBoundaryChar(after) || (after === '.' && !isBoundaryChar(folded[i + needle.length + 1]));
    if (!isBoundaryChar(before) && afterOk) out.push(i);
  }
  return out;
}

function isAddressChar(ch: string | undefined): boolean {
  return ch !== undefined && (ADDRESS_CHAR.test(ch) || WORD_CHAR.test(ch) || ch === '@');
}

function findEmails(text: string, emails: readonly string[]): Finding[] {
  const { folded, starts, ends } = foldWithOffsets(text);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const mailboxes = new Set<string>();
  for (const raw of emails) {
    const email = foldText(normalizeEmail(raw));
    if (email === '' || seen.has(email)) continue;
    seen.add(email);
    const mailbox = canonicalAddress(email);
    mailboxes.add(mailbox);
    const needles = new Set([email]);
    // The local part alone often is the person's handle elsewhere ("ana.lima" on the forum); its mailbox's too
    // ("kestrel77" for "kestrel77+coc@…").
    for (const address of [email, mailbox]) {
      const at = address.indexOf('@');
      if (at >= 3) needles.add(address.slice(0, at));
    }
    for (const needle of needles) {
      for (const i of findLiteral(folded, needle, isAddressChar)) {
        const index = starts[i];
        findings.push({ kind: 'email', match: text.slice(index, ends[i + needle.length - 1]), index });
      }
    }
  }
  // Another spelling of a protected mailbox (a +tag, Gmail's dots, googlemail.com) is that person, as everywhere else.
  for (const e of findEmailsInText(folded))
    if (mailboxes.has(canonicalAddress(e.match))) {
      const index = starts[e.index];
      findings.push({ kind: 'email', match: text.slice(index, ends[e.index + e.match.length - 1]), index });
    }
  return findings;
}

function findHandles(text: string, handles: readonly string[]): Finding[] {
  const { folded, starts, ends } = foldWithOffsets(text);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const raw of handles) {
    const core = foldText(String(raw).trim().replace(/^@+/, ''));
    if (core === '' || seen.has(core)) continue;
    seen.add(core);
    const isHandleChar = (ch: string | undefined) => ch !== undefined && (WORD_CHAR.test(ch) || ch === '_');
    for (const i of findLiteral(folded, core, isHandleChar)) {
      const withAt = i > 0 && folded[i - 1] === '@';
      // Very short handles are only matched with their '@', or they would match ordinary words.
      if (core.length < 3 && !withAt) continue;
      const startFolded = withAt ? i - 1 : i;
      const index = starts[startFolded];
      findings.push({ kind: 'handle', match: text.slice(index, ends[i + core.length - 1]), index });
    }
  }
  return findings;
}

interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** Words for quote detection: letters and digits only, case and accents folded, apostrophes dropped. */
function splitWords(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  const pattern = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push({ word: foldText(m[0]).replace(/['\u2019]/g, ''), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function findQuotes(text: string, reportText: string): Finding[] {
  const reportWords = splitWords(reportText).map((w) => w.word);
  if (reportWords.length < QUOTE_MIN_WORDS) return [];
  const grams = new Set<string>();
  for (let i = 0; i + QUOTE_MIN_WORDS <= reportWords.length; i += 1) {
    grams.add(reportWords.slice(i, i + QUOTE_MIN_WORDS).join(' '));
  }
  const words = splitWords(text);
  const findings: Finding[] = [];
  let runStart = -1;
  let runEnd = -1; // index of the last word covered by the current run
  const flush = () => {
    if (runStart < 0) return;
    const index = words[runStart].start;
    findings.push({ kind: 'quote', match: text.slice(index, words[runEnd].end), index });
    runStart = -1;
  };
  for (let i = 0; i + QUOTE_MIN_WORDS <= words.length; i += 1) {
    const gram = words
      .slice(i, i + QUOTE_MIN_WORDS)
      .map((w) => w.word)
      .join(' ');
    if (!grams.has(gram)) continue;
    if (runStart >= 0 && i > runEnd) flush();
    if (runStart < 0) runStart = i;
    runEnd = i + QUOTE_MIN_WORDS - 1;
  }
  flush();
  return findings;
}

/**
 * Everything in `text` that could identify a protected person: their full names and name tokens
 * (three letters or more; case, accents and word boundaries respected), their email addresses and
 * the local part alone, their handles with or without '@', and any run of twelve or more words
 * copied from the report. Sorted by position; `index` is a UTF-16 offset into `text`.
 */
export function findIdentifyingText(text: string, protectedIds: ProtectedIdentity, reportText: string): Finding[] {
  const findings: Finding[] = [
    ...createNameMatcher(protectedIds.names)(text).map((m): Finding => ({
      kind: 'name',
      match: m.match,
      index: m.index,
    })),
    ...findEmails(text, protectedIds.emails),
    ...findHandles(text, protectedIds.handles),
    ...findQuotes(text, reportText),
  ];
  // The same span found twice (a name that is also an address's local part) is reported once, with
  // the most specific kind; a name inside a matched address or handle is part of that finding.
  const priority = (f: Finding): number =>
    f.kind === 'email' && f.match.includes('@') ? 0 : f.kind === 'handle' ? 1 : f.kind === 'name' ? 2 : 3;
  const bySpan = new Map<string, Finding>();
  for (const f of findings.filter((x) => x.kind !== 'quote')) {
    const key = `${f.index}:${f.match.length}`;
    const existing = bySpan.get(key);
    if (!existing || priority(f) < priority(existing)) bySpan.set(key, f);
  }
  const spans = [...bySpan.values()];
  const kept = spans.filter(
    (f) =>
      !spans.some(
        (a) =>
          a !== f &&
          (a.kind === 'email' || a.kind === 'handle') &&
          a.index <= f.index &&
          f.index + f.match.length <= a.index + a.match.length &&
          a.match.length > f.match.length,
      ),
  );
  return [...kept, ...findings.filter((x) => x.kind === 'quote')].sort(
    (a, b) => a.index - b.index || b.match.length - a.match.length,
  );
}

const KIND_LABEL: Record<FindingKind, string> = {
  name: 'a protected name',
  email: 'a protected email address',
  handle: 'a protected handle',
  quote: 'a passage copied word for word from the report',
};

/**
 * One sentence saying exactly what was found and where, so a member can fix the text. It quotes the
 * matched text, so it is for cleared committee members only (the case page), never for mail or logs:
 * use summarizeFindings there.
 */
export function describeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'Nothing identifying was found.';
  const parts = findings.map((f) => {
    const shown = f.kind === 'quote' ? truncate(f.match.replace(/\s+/g, ' '), 60) : f.match;
    const words = f.kind === 'quote' ? ` (${f.match.split(/\s+/).filter(Boolean).length} words)` : '';
    return `${KIND_LABEL[f.kind]} “${shown}”${words} at character ${f.index + 1}`;
  });
  return `This text mentions ${joinList(parts)}. Remove or reword ${findings.length === 1 ? 'it' : 'them'} before sending.`;
}

/** Counts only ("2 names, 1 email address"): safe for alerts and logs because it quotes nothing. */
export function summarizeFindings(findings: readonly Finding[]): string {
  const counts: Record<FindingKind, number> = { name: 0, email: 0, handle: 0, quote: 0 };
  for (const f of findings) counts[f.kind] += 1;
  const nouns: Record<FindingKind, [string, string]> = {
    name: ['name', 'names'],
    email: ['email address', 'email addresses'],
    handle: ['handle', 'handles'],
    quote: ['quoted passage', 'quoted passages'],
  };
  const parts = (Object.keys(counts) as FindingKind[])
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${counts[k] === 1 ? nouns[k][0] : nouns[k][1]}`);
  return parts.length === 0 ? 'nothing identifying' : parts.join(', ');
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1]}`;
}

/** Answers that mean "nobody" rather than a name. */
const NON_NAMES = new Set(
  "none|no|n/a|na|n.a.|unknown|nobody|no one|noone|no-one|not sure|unsure|anonymous|anon|yes|idk|i don't know|i dont know|don't know|dont know|-|--|?|nil|me|myself|i|us".split(
    '|',
  ),
);

/** True for answers like "none", "n/a" or "unknown" that name nobody. */
export function isNonName(s: string): boolean {
  return (
    NON_NAMES.has(
      s
        .trim()
        .toLowerCase()
        .replace(/[.!]+$/, '')
        .replace(/\s+/g, ' '),
    ) || NON_NAMES.has(lowerTrim(s))
  );
}

function dedupeCaseInsensitive(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const key = foldText(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/**
 * Splits a free-text answer about people ("Who was involved?", "Were there witnesses?") into names,
 * email addresses and @handles. Addresses and handles are taken out first (also from inside
 * parentheses), then parenthetical remarks are dropped, then the rest is split on commas, semicolons,
 * new lines, " and ", "&" and "/". Answers meaning "nobody" are dropped.
 */
export function extractPeople(freeText: string): { names: string[]; emails: string[]; handles: string[] } {
  // Compatibility forms as the letters they stand for: a Japanese keyboard's fullwidth `＠` and `．` write an address
  // too (ADV-563), as does one a soft hyphen or zero-width space split, pasted from a document (ADV-564); one not found
  // here is no one the guard protects. Only between ASCII address characters: inside words of other scripts (a
  // Persian name's zero-width non-joiner) they are spelling.
  let text = String(freeText ?? '')
    .normalize('NFKC')
    .replace(/(?<=[\w.%+'@-])\p{Default_Ignorable_Code_Point}+(?=[\w.%+'@-])/gu, '');
  const emails: string[] = [];
  for (const e of findEmailsInText(text)) emails.push(normalizeEmail(e.match));
  for (const e of findEmailsInText(text)) text = text.split(e.match).join(' ');
  const handles: string[] = [];
  text = text.replace(
    /(^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_][\p{L}\p{N}_.-]{0,63})/gu,
    (_all, lead: string, handle: string) => {
      handles.push(handle.replace(/[.-]+$/, ''));
      return `${lead} `;
    },
  );
  // A profile link names one person, by the account in its path ("https://x.com/samdoe/status/1", "linkedin.com/in/sam-
  // doe"; a Mastodon "/@samdoe" is a handle above); a site alone names no one. Split at its slashes, "https" and
  // "github.com" were people, the same in every report giving a link there (ADV-638).
  text = text.replace(
    /\b(?:\w+:\/\/|(?=[\w-]+\.[\w.-]+\/))[^\s/,;<>()]*([^\s,;<>()]*)/gi,
    (_url, path: string) => `,${path.split(/[/?#]/).find((s) => s && !/^(in|u|users?|profile)$/i.test(s)) ?? ''},`,
  );
  // Parenthetical remarks describe people ("(the organiser)"); nested or unclosed ones are cut to the end of the line.
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' ');
  }
  text = text.replace(/[([][^\n]*/g, ' ').replace(/[()[\]<>]/g, ' ');
  // "n/a" would otherwise be split on its slash into two one-letter "names"; pronouns ("Sam Doe, he/him", "they/them")
  // into people "he" and "him", and a mailto link's scheme was one too: the same in every report that gives them, so
  // one person code linked those reports (ADV-639). Only as a pair: "He" alone may be a family name.
  text = text.replace(/(^|[^\p{L}])(n\/a|(s?he|they|xe|ze|it)\/[\p{L}/]+|mailto:)(?!\p{L})/giu, '$1 ');
  const names = text
    // The list commas of other scripts too (「、」 ， ； ، ؛): CJK names have no spaces to match a part of the list by.
    // Not the comma before a suffix ("Sam Doe, Jr."): as a person of its own it was one in every report (ADV-641).
    .split(/(?:,(?!\s*(?:[js]r|phd)\b)|[;\n\r&/、，；､،؛])+|\s+and\s+/i)
    .map((part) =>
      part
        .replace(/\s+/g, ' ')
        .replace(/^[\s\-–—:.'"“”‘’*•]+|[\s\-–—:.'"“”‘’*•?!]+$/g, '')
        .trim(),
    )
    .filter((part) => part !== '' && !isNonName(part) && /\p{L}/u.test(part));
  return {
    names: dedupeCaseInsensitive(names),
    emails: dedupeCaseInsensitive(emails),
    handles: dedupeCaseInsensitive(handles.filter((h) => h !== '')),
  };
}

/** The names part of extractPeople. */
export function extractNames(freeText: string): string[] {
  return extractPeople(freeText).names;
}
