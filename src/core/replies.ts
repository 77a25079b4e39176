// Replies to what the system sends: which sent messages carry a reference, the reference itself, where a reply is filed, and the reply's own words without the quoted original.
import { DOC_SECTIONS } from './case-model';
import { hashText } from './hash';
import { plainLineBreaks } from './text';

/** The footer line of a message that may be answered: an opaque reference, found again in our own Sent copy only. */
const REF_LINE = /^Ref\. ([0-9a-f]{16})$/m;

/** The section titles replies are filed under: core's DOC_SECTIONS, spelled once in the bundle. */
const [, , , , MODERATORS_SECTION, , REPORTED_PERSON_SECTION, REPORTER_SECTION] = DOC_SECTIONS;

/**
 * Where replies from each kind of recipient are filed in the case Doc (the seed's report-document sections), and who
 * the members' notice says wrote (never a name).
 */
const SECTION_OF_RECIPIENT: Array<[RegExp, string, string]> = [
  [/^reporter$/, REPORTER_SECTION, 'the reporter'],
  [/^reported-person$/, REPORTED_PERSON_SECTION, 'the reported person'],
  [/^d_/, MODERATORS_SECTION, 'a moderator'],
];

/**
 * The escalation contact is asked to reply to discuss the disagreement: their answer belongs with the moderators'
 * (the seed's "organizers"). Only that message: the same contact's stuck-case alerts expect no reply.
 */
const ESCALATION_REPLY: [RegExp, string, string] = [/^contact$/, MODERATORS_SECTION, 'the escalation contact'];

function replyKind(key: string): [RegExp, string, string] | undefined {
  const [caseId, what = '', recipient = ''] = key.split('|');
  if (!caseId || caseId === '-') return undefined;
  if (recipient === 'contact') return what.startsWith('escalation:') ? ESCALATION_REPLY : undefined;
  return SECTION_OF_RECIPIENT.find(([re]) => re.test(recipient));
}

/** The Doc section replies to the message with this outbox key belong to, or null when no reply is expected. */
export function replySectionOf(key: string): string | null {
  return replyKind(key)?.[1] ?? null;
}

/** Who wrote a reply to the message with this key, in the words the members' notice uses ('someone' if unknown). */
export function replierOf(key: string): string {
  return replyKind(key)?.[2] ?? 'someone';
}

/** The opaque reference of an outbox key: 64 bits of two FNV-1a hashes, nothing of the case or the recipient readable. */
export function replyRefOf(key: string): string {
  return hashText(key) + hashText(`${key}|ref`);
}

/** The footer the outbox adds to the plain body of a message that may be answered. */
export function replyFooter(key: string): string {
  return `\n\nRef. ${replyRefOf(key)}`;
}

/** The reference in a message's plain text (our own Sent copy), or null. */
export function findReplyRef(text: string): string | null {
  return REF_LINE.exec(text)?.[1] ?? null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of an HTML-only message: a line for each break or closed block, tags and what head/style/script hold
 * dropped, entities decoded (an unknown one kept as written). Gmail's quote ("On … wrote:" in its own block) stays a
 * line of its own, so stripQuotedText finds it.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\b[^>]*>|<\/(p|div|li|tr|h\d|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?)?(\w{1,8});/gi, (entity, hash: string | undefined, name: string) => {
      if (!hash) return ENTITIES[name.toLowerCase()] ?? entity;
      const code = parseInt(name, hash.length > 1 ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
}

// Outlook's divider above the original, as its English, German, French, Spanish, Italian, Portuguese and Dutch
// versions write it. A forwarded message's divider is not among them: what a reporter forwards is evidence.
const ORIGINAL_DIVIDER =
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Mensagem original|Oorspronkelijk bericht)\s*-{2,}$/i;

/**
 * A line that names the sender of what is quoted next, in any language: it ends with ":" and holds an address in
 * angle brackets, as Gmail, Apple Mail and Outlook on the web write it ("Am … schrieb Desk <c@example.org>:").
 */
function isAttribution(line: string): boolean {
  return /<[^<>\s]+@[^<>\s]+>\)?\s*\S*(\s+\S+){0,3}\s*:$/.test(line);
}

/**
 * A reply's own words: everything above the first attribution line ("On … wrote:", which Gmail and most clients may
 * wrap onto two lines) or the first run of "> " lines, or Outlook's "-----Original Message-----" divider above our
 * email (`isOurs` its "From:"); trailing blank lines dropped. Above a "> " run, the line or two naming its sender go too, whatever the client's language
 * ("Am … schrieb Desk <c@…>:", "Le … a écrit :"). A reply with nothing above the quote, or with lines of its own
 * between or below the quoted ones (answers point by point), keeps the whole text rather than lose what was written:
 * the email itself stays in the committee's mailbox, archived, where members cannot read it.
 */
export function stripQuotedText(text: string, isOurs: (from: string) => boolean = () => true): string {
  const lines = plainLineBreaks(text).split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (/^>/.test(line)) {
      end = attributionAbove(lines, i);
      break;
    }
    // A client's "On … wrote:" gives the year (`2026`, Thunderbird's `3/2/26`) or the address; "On Saturday at 23:40 he
    // wrote:" is the person's own words (ADV-517).
    const on = /wrote:$/.test(line) ? line : joined;
    // Outlook quotes under a header block, `From: Desk <c@…>` then `Sent: …` (`De :`, `Envoyé :` in other languages),
    // below a rule of underscores, no "> " (ADV-599): it ends the words when its "From:" names us, as the divider does.
    if (/^\p{L}+ ?: /u.test(line) && /^\p{L}+ ?: /u.test((lines[i + 1] ?? '').trim()) && isOurs(line)) {
      end = /^_{8,}$/.test((lines[i - 1] ?? '').trim()) ? i - 1 : i;
      break;
    }
    // Outlook's divider heads our email only when its "From:" (the next line) names us: under another, a person pasted
    // what someone sent them, evidence above the quote of ours (ADV-523).
    if (
      (ORIGINAL_DIVIDER.test(line) && isOurs(lines.slice(i + 1).find((l) => l.trim()) ?? '')) ||
      (/^On\b/.test(line) && /wrote:$/.test(on) && /@|\b20\d\d\b|\d\/\d+\//.test(on))
    ) {
      end = i;
      break;
    }
  }
  const own = lines.slice(0, end).join('\n').trim();
  // Answers written between the quoted lines (point by point) are the reply's own words too: then it stays whole.
  const quote = lines.findIndex((line, i) => i >= end && /^\s*>/.test(line));
  const inline =
    quote >= 0 && !ORIGINAL_DIVIDER.test(lines[end].trim()) && lines.slice(quote).some((l) => /^\s*[^>\s]/.test(l));
  // Whole, its line breaks made plain too: a bare CR left in would split a filed line in the Doc past its mark (ADV-513).
  return (!inline && own) || lines.join('\n').trim();
}

/** Where the reply's own words end above the quote starting at `quote`: before its attribution, if one is there. */
function attributionAbove(lines: readonly string[], quote: number): number {
  let last = quote - 1;
  while (last >= 0 && !lines[last].trim()) last--;
  if (last < 0) return quote;
  const line = lines[last].trim();
  if (isAttribution(line)) return last;
  // Wrapped over two lines: the address (and the colon) often land on the second.
  if (last > 0 && lines[last - 1].trim() && /:$/.test(line) && isAttribution(`${lines[last - 1].trim()} ${line}`))
    return last - 1;
  return quote;
}
