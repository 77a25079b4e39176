// Finding the signed link a person would click: by its label, in the newest email about the right case (docs/scenarios.md "How links are chosen").
import { tokenize } from './html-forms';

/** What a link is for, as the people who follow links need it (mirrors the token actions of src/core/tokens.ts). */
export type LinkKind =
  | 'no-conflict'
  | 'conflict'
  | 'case'
  | 'vote'
  | 'moderator'
  | 'onboard'
  | 'confirm'
  | 'propose'
  | 'proposal'
  | 'record';

/**
 * Which labels mean which link. The fixed labels of docs/architecture.md ("No conflict", "Conflict", "Case page",
 * "Vote", "Respond", "Onboarding") match as prefixes, and so does the longer wording src/core/messages.ts uses
 * ("I have no conflict of interest (…)", "Case page (votes and sending)", "Answer the committee", "Check for conflicts").
 */
export const LINK_LABELS: Record<LinkKind, RegExp> = {
  'no-conflict': /^(?:no conflict|i have no conflict)\b/i,
  conflict: /^(?:conflict|i have a conflict|declare a conflict|record a conflict)\b/i,
  case: /^case page\b/i,
  vote: /^vote\b/i,
  moderator: /^(?:respond|answer the committee)\b/i,
  onboard: /^(?:onboarding|check for conflicts)\b/i,
  confirm: /^confirm\b/i,
  propose: /^propose a change\b/i,
  proposal: /^proposal\b/i,
  record: /^record a report\b/i,
};

/** How the transcript names each kind of link (the architecture's fixed labels). */
export const LINK_NAMES: Record<LinkKind, string> = {
  'no-conflict': 'No conflict',
  conflict: 'Conflict',
  case: 'Case page',
  vote: 'Vote',
  moderator: 'Respond',
  onboard: 'Onboarding',
  confirm: 'Confirm',
  propose: 'Propose a change',
  proposal: 'Proposal',
  record: 'Record a report',
};

export interface MailLike {
  seq?: number;
  at?: number;
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  body: string;
  htmlBody?: string;
}

export interface MailLink {
  /** `No conflict` in `No conflict: https://…`, or the line before a URL standing alone when it ends in ':', or the anchor text; '' when unlabelled. */
  label: string;
  url: string;
  /** The code name most recently mentioned before the link (the subject counts as before the body), or ''. */
  context: string;
}

/** What the runner knows about a case to tell its emails apart. */
export interface CaseClue {
  n: number;
  codeName: string;
  /** Names the reporter gave under "Who was involved?" (a screening email names them). */
  reportedNames: string[];
  /** When the report was submitted: no email about the case is older. */
  reportedAt: number;
}

const URL_RE = /https?:\/\/[^\s<>"')\]]+/g;

function cleanLabel(text: string): string {
  return text
    .replace(/^[\s\-*•·>]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Built patterns by flags and phrase: a long scenario asks for the same few names across every line of every mail. */
const wordPatterns = new Map<string, RegExp>();

function wordRe(phrase: string, flags = 'iu'): RegExp {
  const key = `${flags}\u0000${phrase}`;
  let re = wordPatterns.get(key);
  if (!re) {
    if (wordPatterns.size >= 10_000) wordPatterns.clear();
    re = new RegExp(
      `(?<![\\p{L}\\p{N}])${escapeRegExp(phrase.trim()).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`,
      flags,
    );
    wordPatterns.set(key, re);
  }
  return re;
}

/**
 * The words of `text` (maximal runs of letters and digits), lowercased, with the one letter /iu folds to ASCII that
 * toLowerCase keeps (ſ; the Kelvin sign K already becomes k).
 */
function wordsOf(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/\u017f/g, 's')
      .match(/[\p{L}\p{N}]+/gu) ?? [],
  );
}

/** Each phrase's leading ASCII word, lowercased; '' when the phrase does not start with one (then any text may match). */
const leadingWords = new Map<string, string>();

/**
 * False when a text whose words are `words` cannot mention `phrase` as whole words: a match puts the phrase's leading
 * ASCII word (ended by a character that is neither letter nor digit) in the text as a word of its own.
 */
function mayMention(words: Set<string>, phrase: string): boolean {
  let word = leadingWords.get(phrase);
  if (word === undefined) {
    if (leadingWords.size >= 10_000) leadingWords.clear();
    const lead = /^([a-z0-9]+)(?:[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]|$)/i.exec(phrase.trim());
    word = lead ? lead[1].toLowerCase() : '';
    leadingWords.set(phrase, word);
  }
  return word === '' || words.has(word);
}

/** True when `text` names `phrase` as whole words, case-insensitively (`words`: wordsOf(text), when known). */
export function mentions(text: string, phrase: string, words?: Set<string>): boolean {
  if (phrase.trim() === '') return false;
  if (words && !mayMention(words, phrase)) return false;
  return wordRe(phrase).test(text);
}

/** The last of `codeNames` mentioned in `text` (by position), or ''. */
function lastMentioned(text: string, codeNames: string[]): string {
  let best = '';
  let bestAt = -1;
  for (const name of codeNames) {
    if (!name.trim()) continue;
    for (const m of text.matchAll(wordRe(name, 'giu'))) {
      if ((m.index ?? -1) > bestAt) {
        bestAt = m.index ?? -1;
        best = name;
      }
    }
  }
  return best;
}

/**
 * Every link in a mail, labelled. The plain body is read first: a link is `Label: <url>` on one line, or `Label:`
 * on a line and the URL alone on the next. When the plain body has no link at all the HTML anchors are read.
 */
export function extractLinks(
  mail: Pick<MailLike, 'subject' | 'body' | 'htmlBody'>,
  allCodeNames: string[] = [],
): MailLink[] {
  // Only names whose leading word the mail holds can be mentioned in it: its lines are matched against those alone.
  const words = wordsOf(`${mail.subject}\n${mail.body}`);
  let codeNames = allCodeNames.filter((name) => mayMention(words, name));
  const links: MailLink[] = [];
  let context = lastMentioned(mail.subject, codeNames);
  let pendingLabel = '';
  for (const line of mail.body.split(/\r?\n/)) {
    const urls = [...line.matchAll(URL_RE)];
    if (urls.length === 0) {
      context = lastMentioned(line, codeNames) || context;
      const label = /^(.*\S)\s*:\s*$/.exec(line);
      pendingLabel = label ? cleanLabel(label[1]) : line.trim() === '' ? pendingLabel : '';
      continue;
    }
    let cursor = 0;
    for (const m of urls) {
      const before = line.slice(cursor, m.index);
      context = lastMentioned(before, codeNames) || context;
      const inline = /([^:]*):\s*$/.exec(before);
      const label = inline ? cleanLabel(inline[1]) : before.trim() === '' && cursor === 0 ? pendingLabel : '';
      links.push({ label, url: m[0].replace(/[.,;]+$/, ''), context });
      cursor = (m.index ?? 0) + m[0].length;
    }
    pendingLabel = '';
    context = lastMentioned(line.slice(cursor), codeNames) || context;
  }
  if (links.length > 0 || !mail.htmlBody) return links;
  // The anchors' texts are read with their entities decoded, which the raw words would not show: every name counts.
  codeNames = allCodeNames;
  context = lastMentioned(mail.subject, codeNames);
  let open: { href: string; text: string[]; context: string } | null = null;
  for (const tok of tokenize(mail.htmlBody)) {
    if (tok.kind === 'text') {
      if (open) open.text.push(tok.text);
      else context = lastMentioned(tok.text, codeNames) || context;
    } else if (tok.kind === 'open' && tok.tag === 'a' && tok.attrs.href) {
      open = { href: tok.attrs.href, text: [], context };
    } else if (tok.kind === 'close' && tok.tag === 'a' && open) {
      if (/^https?:\/\//i.test(open.href))
        links.push({ label: cleanLabel(open.text.join('')), url: open.href, context: open.context });
      open = null;
    }
  }
  return links;
}

/** True when the mail was addressed to the person (to, cc or bcc). */
export function isAddressedTo(mail: MailLike, person: string): boolean {
  const p = person.trim().toLowerCase();
  return [...mail.to, ...(mail.cc ?? []), ...(mail.bcc ?? [])].some((a) => a.trim().toLowerCase() === p);
}

/** The person's mails, newest first (by send order). */
export function mailboxNewestFirst<M extends MailLike>(mails: M[], person: string): M[] {
  return mails
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => isAddressedTo(m, person))
    .sort((a, b) => (b.m.seq ?? b.i) - (a.m.seq ?? a.i))
    .map(({ m }) => m);
}

/**
 * Whether a link in a mail can be about the target case, judged as a person would from what the mail says:
 * 1. a code name mentioned before the link (or in the subject) decides;
 * 2. else a code name mentioned anywhere in the mail decides;
 * 3. else the reported people it names decide (screening emails name them);
 * 4. else a screening link (no-conflict / conflict) is about a report that named nobody: a screening email always
 *    names the reported people when there are any;
 * 5. else (a mail that says nothing about which case, like a recommendation to moderators) it can be about any case
 *    reported before it was sent.
 * A mail older than the report is never about it.
 */
export function linkIsAbout(
  mail: MailLike,
  link: MailLink,
  target: CaseClue,
  cases: CaseClue[],
  kind?: LinkKind,
): boolean {
  if (mail.at !== undefined && mail.at < target.reportedAt) return false;
  if (link.context) return link.context === target.codeName;
  const text = `${mail.subject}\n${mail.body}`;
  const words = wordsOf(text);
  const named = cases.filter((c) => c.codeName && mentions(text, c.codeName, words));
  if (named.length > 0) return named.some((c) => c.n === target.n);
  const involved = cases.filter((c) => c.reportedNames.some((p) => mentions(text, p, words)));
  if (involved.length > 0) return involved.some((c) => c.n === target.n);
  if ((kind === 'no-conflict' || kind === 'conflict') && target.reportedNames.length > 0) return false;
  return true;
}

export interface LinkChoice<M extends MailLike> {
  url: string;
  mail: M;
  label: string;
}

export interface PickOptions {
  /** The case the action is about (omitted for onboarding). */
  target?: CaseClue;
  /** Every case known so far, to tell which case a mail is about. */
  cases?: CaseClue[];
  /** Only links under this URL count (the web app's). */
  urlPrefix?: string;
  /** Stop after this many candidates (a person looks at the newest few, and older mail need not be read). */
  limit?: number;
}

/**
 * The candidate links of kind `kind` in the person's mailbox, best first: newest mail first, and within a mail
 * in reading order. The first one is what a person would click; the rest are where they would look next.
 */
export function candidateLinks<M extends MailLike>(
  mails: M[],
  person: string,
  kind: LinkKind,
  options: PickOptions = {},
): Array<LinkChoice<M>> {
  const cases = options.cases ?? [];
  const codeNames = [...new Set([...cases.map((c) => c.codeName), options.target?.codeName ?? ''].filter(Boolean))];
  const out: Array<LinkChoice<M>> = [];
  for (const mail of mailboxNewestFirst(mails, person)) {
    for (const link of extractLinks(mail, codeNames)) {
      if (!LINK_LABELS[kind].test(link.label)) continue;
      if (options.urlPrefix && !link.url.startsWith(options.urlPrefix)) continue;
      if (options.target && !linkIsAbout(mail, link, options.target, cases, kind)) continue;
      out.push({ url: link.url, mail, label: link.label });
      if (out.length === options.limit) return out;
    }
  }
  return out;
}

/** The link a person would click: labelled for `kind`, in their newest email holding one (about the target case). */
export function pickLink<M extends MailLike>(
  mails: M[],
  person: string,
  kind: LinkKind,
  options: PickOptions = {},
): LinkChoice<M> | null {
  return candidateLinks(mails, person, kind, { ...options, limit: 1 })[0] ?? null;
}

/** Splits a "Who was involved?" answer into names: by commas, semicolons, new lines and " and ". */
export function splitNames(answer: string | string[] | undefined): string[] {
  const text = Array.isArray(answer) ? answer.join(', ') : (answer ?? '');
  return text
    .split(/[,;\n]|\s+and\s+|\s*&\s*/i)
    .map((s) => s.trim())
    .filter((s) => s.length >= 2 && !/@/.test(s));
}
