// The case vocabulary shared by every store: statuses, status-sheet columns, Doc sections, phases, and header-based lookups.
import { foldText } from './identity';

export const CASE_STATUSES = ['New', 'Ongoing', 'Awaiting moderators', 'Resolved', 'Closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RISK_CHOICES = ['Unknown', 'Yes', 'No', 'Maybe'] as const;
export type RiskChoice = (typeof RISK_CHOICES)[number];

/** The seed's status spreadsheet columns, in the seed's order. */
export const STATUS_HEADERS = [
  'Safety risk?',
  'Risk of repeating?',
  'Status',
  'Code Name',
  'Date & Time',
  'Actions needed',
  'Resolution',
] as const;
export type StatusHeader = (typeof STATUS_HEADERS)[number];

/** The seed's report-document sections, used as the case Doc's headings, in order. */
export const DOC_SECTIONS = [
  'Report',
  'Committee discussions',
  'Proposed behavioral modification plan',
  'Proposed consequences',
  'Discussions with moderators and organizers',
  'Letter to the reported person',
  'Discussions with the reported person',
  'Follow-up to the reporter',
  'Log',
] as const;
export type DocSection = (typeof DOC_SECTIONS)[number];

export type Phase =
  | 'screening'
  | 'deliberating'
  | 'voting'
  | 'vote-failed'
  | 'awaiting-moderators'
  | 'moderators-disagree'
  | 'letter-sent'
  | 'resolved'
  | 'closed';

export const PHASES: readonly Phase[] = [
  'screening',
  'deliberating',
  'voting',
  'vote-failed',
  'awaiting-moderators',
  'moderators-disagree',
  'letter-sent',
  'resolved',
  'closed',
];

const STATUS_FOR_PHASE: Record<Phase, CaseStatus> = {
  screening: 'New',
  deliberating: 'Ongoing',
  voting: 'Ongoing',
  'vote-failed': 'Ongoing',
  'awaiting-moderators': 'Awaiting moderators',
  'moderators-disagree': 'Ongoing',
  'letter-sent': 'Ongoing',
  resolved: 'Resolved',
  closed: 'Closed',
};

// Vague on purpose: members with a conflict can read the status sheet, so these say what kind of
// step is next, never what happened or who is involved (seed: "Keep resolutions and notes vague").
const NEXT_ACTION: Record<Phase, string> = {
  screening: 'Members to declare conflicts',
  deliberating: 'Discuss and write plan in the case document',
  voting: 'Vote open',
  'vote-failed': 'Revise plan and vote again',
  'awaiting-moderators': 'Waiting for moderators',
  'moderators-disagree': 'Review moderators\u2019 reply',
  'letter-sent': 'Follow up with the reporter',
  resolved: '-',
  closed: '-',
};

/** The status-sheet `Status` value for a phase. */
export function statusForPhase(phase: Phase): CaseStatus {
  return STATUS_FOR_PHASE[phase];
}

/** Text for the `Actions needed` column: vague, name-free and gender-neutral. */
export function nextActionText(phase: Phase): string {
  return NEXT_ACTION[phase];
}

/** Action text once moderators accepted and the letter and follow-up are still to send. */
export const SEND_LETTER_ACTION = 'Send letter and follow-up';

function normalizeHeader(value: unknown): string {
  return String(value ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * Finds columns by their header text, trimmed and case-insensitive, because members may reorder or
 * re-case columns. The first matching column wins. Returns 0-based indexes keyed by the names asked for.
 */
export function findColumns(
  header: readonly unknown[],
  required: readonly string[],
): { ok: true; index: Record<string, number> } | { ok: false; missing: string[] } {
  const positions = new Map<string, number>();
  header.forEach((cell, i) => {
    const key = normalizeHeader(cell);
    if (key !== '' && !positions.has(key)) positions.set(key, i);
  });
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const name of required) {
    const at = positions.get(normalizeHeader(name));
    if (at === undefined) missing.push(name);
    else index[name] = at;
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, index };
}

/**
 * All rows whose cell in `columnIndex` equals `key` (trimmed, case-insensitive). Callers refuse to write
 * unless exactly one row matches: rows are found by code name, never by position (R8).
 */
export function findRowsByKey(rows: ReadonlyArray<ReadonlyArray<unknown>>, columnIndex: number, key: string): number[] {
  const wanted = normalizeHeader(key);
  if (wanted === '') return [];
  const out: number[] = [];
  rows.forEach((row, i) => {
    if (normalizeHeader(row[columnIndex]) === wanted) out.push(i);
  });
  return out;
}

/** True when a value is one of the status sheet's statuses (members may type anything). */
export function isCaseStatus(value: unknown): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(String(value));
}

/**
 * The status a Status cell says, as a person reads it: `closed`, or a fullwidth or zero-width-laden `Closed` pasted from
 * a chat, is `Closed` (a cell pasted from another brings its own drop-down, or none, in place of the column's); '' for
 * any other text.
 */
export function caseStatusOf(value: unknown): CaseStatus | '' {
  const text = String(value ?? '').trim();
  if (isCaseStatus(text)) return text;
  const folded = foldText(text);
  return CASE_STATUSES.find((s) => s.toLowerCase() === folded) ?? '';
}
