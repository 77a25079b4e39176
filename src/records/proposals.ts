// The registry `Proposals` tab: one row per proposed change to the Code of Conduct or the enforcement procedure, with its Doc, who it is shared with, its frozen voters and ballots, and the board's answer.
import type { BoardAnswer, Proposal, ProposalState } from '../core/policy-changes';
import type { Choice } from '../core/votes';
import { withoutDeskLinks } from '../core/text';
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

export type ProposalHeader = RegistryHeader<typeof REGISTRY_TAB.proposals>;

const STATES: readonly string[] = [
  'brainstorm',
  'vote',
  'passed',
  'failed',
  'board-approved',
  'board-declined',
  'ended',
];
const CHOICES: readonly string[] = ['approve', 'reject', 'abstain'];

/** A proposal with what the flow keeps beside the rules: its row, its Doc, shares and reminders. */
export interface ProposalRecord extends Proposal {
  ref: number;
  /** '' until the Doc is made (a crash in between leaves it for the sweep). */
  docId: string;
  /** Member ids the Doc is shared with now. */
  sharedWith: string[];
  /** Member id → when that voter was last reminded (ISO). */
  remindedAt: Record<string, string>;
  /** Ballots cast, changes included, kept under `#` in `Ballots`: the ballot mark reads it (ADV-567). */
  cast: number;
}

function parseJson(raw: unknown): unknown {
  try {
    return JSON.parse(String(raw ?? '')) as unknown;
  } catch {
    return null;
  }
}

function parseList(raw: unknown): string[] {
  const parsed = parseJson(raw);
  return Array.isArray(parsed) ? parsed.map(String).filter(Boolean) : [];
}

function parseMap(raw: unknown): Record<string, string> {
  const parsed = parseJson(raw);
  const out: Record<string, string> = {};
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export class ProposalStore extends TableStore<Table<ProposalHeader>> {
  /** Every proposal, in number order (a damaged row is skipped rather than guessed). */
  all(): ProposalRecord[] {
    const table = this.table();
    const out: ProposalRecord[] = [];
    for (const { ref } of table.rows()) {
      const text = (h: ProposalHeader) => table.text(ref, h);
      const n = Number(text('Number'));
      const state = text('State');
      if (!Number.isInteger(n) || n < 1 || !STATES.includes(state)) continue;
      const ballots: Record<string, Choice> = {};
      const cells = parseMap(text('Ballots'));
      for (const [id, choice] of Object.entries(cells)) if (CHOICES.includes(choice)) ballots[id] = choice as Choice;
      const answer = text('Board Answer');
      out.push({
        ref,
        n,
        title: text('Title'),
        // Without links of the desk, which a version before ADV-538 kept: every voting member's page shows it (ADV-562).
        text: withoutDeskLinks(String(table.cell(ref, 'Text') ?? '')),
        proposedBy: text('Proposed By'),
        proposedAt: text('Proposed At'),
        brainstormDays: Number(text('Brainstorm Days')),
        state: state as ProposalState,
        docId: text('Doc ID'),
        sharedWith: parseList(text('Shared With')),
        voteOpenedAt: text('Vote Opened At'),
        voteClosesAt: text('Vote Closes At'),
        eligible: parseList(text('Eligible')),
        ballots,
        decidedAt: text('Decided At'),
        boardSentAt: text('Board Sent At'),
        boardAnswer: answer === 'approved' || answer === 'declined' ? (answer as BoardAnswer) : '',
        boardAnsweredAt: text('Board Answered At'),
        remindedAt: parseMap(text('Reminded At')),
        cast: Number(cells['#']) || 0,
      });
    }
    return out.sort((a, b) => a.n - b.n);
  }

  /** Proposal `n`, or undefined. */
  find(n: number): ProposalRecord | undefined {
    return this.all().find((p) => p.n === n);
  }

  /** The number the next proposal gets: one more than the highest so far. */
  nextNumber(): number {
    return this.all().reduce((max, p) => Math.max(max, p.n), 0) + 1;
  }

  /** Adds a new proposal's row; returns it with its ref. */
  append(p: Proposal): ProposalRecord {
    const record: ProposalRecord = { ...p, ref: -1, docId: '', sharedWith: [], remindedAt: {}, cast: 0 };
    record.ref = this.table().append(rowOf(record));
    return record;
  }

  /** Writes the record's cells back (in memory; committed with the execution). */
  save(record: ProposalRecord): void {
    this.table().update(record.ref, rowOf(record));
  }
}

function rowOf(p: ProposalRecord): Record<ProposalHeader, string> {
  return {
    Number: String(p.n),
    Title: p.title,
    Text: p.text,
    'Proposed By': p.proposedBy,
    'Proposed At': p.proposedAt,
    'Brainstorm Days': String(p.brainstormDays),
    State: p.state,
    'Doc ID': p.docId,
    'Shared With': JSON.stringify(p.sharedWith),
    'Vote Opened At': p.voteOpenedAt,
    'Vote Closes At': p.voteClosesAt,
    Eligible: JSON.stringify(p.eligible),
    Ballots: JSON.stringify({ ...p.ballots, '#': String(p.cast) }),
    'Decided At': p.decidedAt,
    'Board Sent At': p.boardSentAt,
    'Board Answer': p.boardAnswer,
    'Board Answered At': p.boardAnsweredAt,
    'Reminded At': JSON.stringify(p.remindedAt),
  };
}

/** The execution's `Proposals` tab (read on first use). */
export const proposalsOf = perExecution(
  'records.proposals',
  (ctx: Context) => new ProposalStore(() => registryTab(ctx, REGISTRY_TAB.proposals)),
);
