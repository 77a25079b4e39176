// The Doc journal: which paragraphs an execution appended to case Docs, kept in Script Properties until the registry vouches for them, so a crash between saving Docs and writing the registry never leaves a Doc entry twice.
import { hashText } from '../core/hash';

/**
 * One appended block: its paragraph count and the FNV-1a hash of its paragraphs' texts joined by '\n'. The texts
 * themselves stay out of Script Properties (they hold report details; properties are readable by any editor of
 * the script project).
 */
export type JournalBlock = [count: number, hash: string];

/** What one commit appended, Doc by Doc, and the nonce of the Audit row that proves the commit finished. */
export interface DocJournal {
  nonce: string;
  /** When the commit began (ISO): Audit rows older than this cannot be its witness. */
  at: string;
  docs: Array<[docId: string, blocks: JournalBlock[]]>;
}

/** The Script Property holding the journal (and `docJournal.1`, `.2`, … when it is too long for one value). */
export const DOC_JOURNAL_KEY = 'docJournal';

/**
 * The Audit event whose detail is the nonce of a commit whose registry writes reached the sheet: the witness
 * for that commit's Doc journal and intents (context.ts).
 */
export const COMMIT_WITNESS = 'commit.witness';

/** Script Properties hold at most 9 KB per value; stay well under it (the journal is ASCII). */
const PART_CHARS = 8000;

/** The hash a block is journaled under (its paragraphs as Docs returns them). */
export function hashBlock(texts: readonly string[]): JournalBlock {
  return [texts.length, hashText(texts.join('\n'))];
}

/** The properties to write for `journal`: one value when it fits, else a head naming the parts. */
export function encodeDocJournal(journal: DocJournal): Record<string, string> {
  const text = JSON.stringify(journal);
  if (text.length <= PART_CHARS) return { [DOC_JOURNAL_KEY]: text };
  const parts: Record<string, string> = {};
  let count = 0;
  for (let i = 0; i < text.length; i += PART_CHARS)
    parts[`${DOC_JOURNAL_KEY}.${++count}`] = text.slice(i, i + PART_CHARS);
  parts[DOC_JOURNAL_KEY] = JSON.stringify({ parts: count });
  return parts;
}

/** Every property key the stored journal occupies (to delete them all). */
export function docJournalKeys(props: Readonly<Record<string, string>>): string[] {
  if (!props[DOC_JOURNAL_KEY]) return [];
  return [DOC_JOURNAL_KEY, ...Object.keys(props).filter((k) => k.startsWith(`${DOC_JOURNAL_KEY}.`))];
}

/** The stored journal, or null when there is none or it cannot be read (a torn or hand-edited value). */
export function decodeDocJournal(props: Readonly<Record<string, string>>): DocJournal | null {
  const head = props[DOC_JOURNAL_KEY];
  if (!head) return null;
  try {
    let parsed = JSON.parse(head) as Partial<DocJournal> & { parts?: number };
    if (typeof parsed.parts === 'number') {
      let text = '';
      for (let i = 1; i <= parsed.parts; i++) {
        const part = props[`${DOC_JOURNAL_KEY}.${i}`];
        if (part === undefined) return null;
        text += part;
      }
      parsed = JSON.parse(text) as Partial<DocJournal>;
    }
    if (typeof parsed.nonce !== 'string' || typeof parsed.at !== 'string' || !Array.isArray(parsed.docs)) return null;
    return { nonce: parsed.nonce, at: parsed.at, docs: parsed.docs };
  } catch {
    return null;
  }
}

/** A commit to look for: its nonce, and an instant no later than its witness row's. */
export interface CommitRef {
  nonce: string;
  at: string;
}

/**
 * Whether the commit finished, judged from the Audit tab's rows read newest first (each `[time, actor, event,
 * caseId, detail]`): its witness row appears before any row older than `commit.at`. `undefined` when the rows
 * given end before either is found (the caller reads further back).
 */
export function findWitness(commit: CommitRef, newestFirst: ReadonlyArray<readonly unknown[]>): boolean | undefined {
  for (const row of newestFirst) {
    if (String(row[2]) === COMMIT_WITNESS && String(row[4]) === commit.nonce) return true;
    const at = String(row[0] ?? '');
    if (at && at < commit.at) return false;
  }
  return undefined;
}

/**
 * Where `block` sits in `texts` (the Doc's paragraphs), searching from the end (the newest entry is the one
 * to undo); -1 when it is not there (already undone, or a member deleted it).
 */
export function locateBlock(texts: readonly string[], block: JournalBlock): number {
  const [count, hash] = block;
  for (let start = texts.length - count; start >= 0; start--) {
    if (hashText(texts.slice(start, start + count).join('\n')) === hash) return start;
  }
  return -1;
}
