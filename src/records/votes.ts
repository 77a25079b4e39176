// The registry `Votes` tab: one row per vote on a case's plan and consequences, its eligible voters frozen at opening and its ballots (or only their counts, once closed).
import { moveSeat, type Choice } from '../core/votes';
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

export type VoteHeader = RegistryHeader<typeof REGISTRY_TAB.votes>;

export const CHOICES: readonly Choice[] = ['approve', 'reject', 'abstain'];

export type VoteOutcomeState = 'open' | 'passed' | 'failed' | 'no-eligible' | 'cancelled';
const OUTCOMES: readonly string[] = ['open', 'passed', 'failed', 'no-eligible', 'cancelled'];

export interface BallotCounts {
  approve: number;
  reject: number;
  abstain: number;
}

/** What a vote decides: a response (plan and consequences), or closing the case without one. */
export type VoteSubject = 'response' | 'no-violation' | 'bad-faith';
const SUBJECTS: readonly string[] = ['response', 'no-violation', 'bad-faith'];

/**
 * The text a vote decides, frozen when it opens: what the recommendation and the letter send once it passes,
 * whatever the Doc says by then (DESIGN §7 invariant 9). `letter` is the letter section when it was written
 * at opening (then it was voted too); empty when the committee writes the letter after the vote.
 */
export interface VotedTexts {
  plan: string;
  consequences: string;
  letter: string;
}

export interface VoteRecord {
  ref: number;
  id: string;
  caseId: string;
  openedBy: string;
  openedAt: string;
  eligible: string[];
  /** Member id → choice while the vote is open (and after it, when Settings keep individual votes). */
  ballots: Record<string, Choice>;
  /** Counts kept after closing when individual votes are not kept. */
  counts: BallotCounts | null;
  /** Ballots cast on an open vote so far, changes included: the ballot mark's count (ADV-552). */
  cast: number;
  outcome: VoteOutcomeState;
  closedAt: string;
  subject: VoteSubject;
  /** The case's round (1, then one more per further response) the vote belongs to. */
  round: number;
  texts: VotedTexts;
  /** When the members who had not voted were last reminded (ISO), or ''. */
  remindedAt: string;
  /**
   * When it closes (ISO), fixed at opening as its email says: a later `Vote within (days)` must not move it (R11).
   * '' for a vote opened before this was stored (then it is counted from the setting, as it was).
   */
  closesAt: string;
}

function parseTexts(raw: unknown): VotedTexts {
  try {
    const parsed = JSON.parse(String(raw ?? '')) as Record<string, unknown>;
    if (parsed && typeof parsed === 'object')
      return {
        plan: String(parsed.plan ?? ''),
        consequences: String(parsed.consequences ?? ''),
        letter: String(parsed.letter ?? ''),
      };
  } catch {
    // A vote from before texts were frozen (or a damaged cell) froze nothing: the senders refuse rather than guess.
  }
  return { plan: '', consequences: '', letter: '' };
}

function parseList(raw: unknown): string[] {
  try {
    const parsed = JSON.parse(String(raw ?? '')) as unknown;
    return Array.isArray(parsed) ? parsed.map(String).filter(Boolean) : [];
  } catch {
    return [];
  }
}

/** The key of `Ballots` holding how many were cast (no member id starts with `#`). */
const CAST = '#';

/** An open vote's `Ballots` cell: its ballots and their count, which a seat moved keeps (the ballot mark reads it). */
function ballotsCell(vote: VoteRecord): string {
  return JSON.stringify({ ...vote.ballots, [CAST]: vote.cast });
}

function parseBallots(raw: unknown): { ballots: Record<string, Choice>; counts: BallotCounts | null; cast: number } {
  const ballots: Record<string, Choice> = {};
  let counts: BallotCounts | null = null;
  let cast = 0;
  try {
    const parsed = JSON.parse(String(raw ?? '')) as Record<string, unknown>;
    if (parsed && typeof parsed === 'object') {
      const tally = parsed.tally as Record<string, unknown> | undefined;
      if (tally && typeof tally === 'object') {
        counts = {
          approve: Number(tally.approve) || 0,
          reject: Number(tally.reject) || 0,
          abstain: Number(tally.abstain) || 0,
        };
      }
      cast = Number(parsed[CAST]) || 0;
      for (const [id, choice] of Object.entries(parsed)) {
        if (id !== 'tally' && (CHOICES as readonly string[]).includes(String(choice))) ballots[id] = choice as Choice;
      }
    }
  } catch {
    // A damaged cell counts as no ballots (never as approvals).
  }
  return { ballots, counts, cast };
}

export class VoteStore extends TableStore<Table<VoteHeader>> {
  /** Votes of one case, oldest first. */
  forCase(caseId: string): VoteRecord[] {
    return this.table()
      .refsWhere('Case ID', caseId)
      .map((ref) => this.voteAt(ref));
  }

  /** The vote of this id (the ballot mark's, ADV-615). */
  byId(id: string): VoteRecord | undefined {
    const [ref] = this.table().refsWhere('Vote ID', id);
    return ref === undefined ? undefined : this.voteAt(ref);
  }

  /** The case's newest vote, or null. */
  latest(caseId: string): VoteRecord | null {
    const votes = this.forCase(caseId);
    return votes.length ? votes[votes.length - 1] : null;
  }

  /** Appends an open vote with no ballots yet. */
  open(v: {
    id: string;
    caseId: string;
    openedBy: string;
    openedAt: string;
    eligible: readonly string[];
    subject: VoteSubject;
    round: number;
    texts: VotedTexts;
    closesAt: string;
  }): void {
    this.table().append({
      'Vote ID': v.id,
      'Case ID': v.caseId,
      'Opened By': v.openedBy,
      'Opened At': v.openedAt,
      Eligible: JSON.stringify(v.eligible),
      Ballots: '{}',
      Outcome: 'open',
      'Closed At': '',
      Subject: v.subject,
      Round: String(v.round),
      Texts: JSON.stringify(v.texts),
      'Reminded At': '',
      'Closes At': v.closesAt,
    });
  }

  /** Moves a member's seat in every open vote, with their ballot, to their new id (`moveSeat`); the ids of those votes. */
  moveSeats(from: string, to: string): string[] {
    const moved: string[] = [];
    for (const { ref } of this.table().filterBy('Outcome', 'open')) {
      const vote = this.voteAt(ref);
      if (!moveSeat(vote, from, to)) continue;
      this.table().update(ref, { Eligible: JSON.stringify(vote.eligible), Ballots: ballotsCell(vote) });
      moved.push(vote.id);
    }
    return moved;
  }

  /** Records when the members who had not voted were reminded. */
  markReminded(vote: VoteRecord, at: string): void {
    vote.remindedAt = at;
    this.table().update(vote.ref, { 'Reminded At': at });
  }

  /** Writes the ballots of an open vote as they stand in `vote.ballots`, one more cast. */
  saveBallots(vote: VoteRecord): void {
    vote.cast++;
    this.table().update(vote.ref, { Ballots: ballotsCell(vote) });
  }

  /**
   * Closes a vote with its final counts. Who voted how survives only with `keepIndividual` (Settings decide
   * whether it is kept at all); otherwise only the counts do.
   */
  close(
    vote: VoteRecord,
    outcome: 'passed' | 'failed' | 'cancelled',
    closedAt: string,
    counts: BallotCounts,
    keepIndividual: boolean,
  ): void {
    this.table().update(vote.ref, {
      Outcome: outcome,
      'Closed At': closedAt,
      Ballots: JSON.stringify(keepIndividual ? { ...vote.ballots, tally: counts } : { tally: counts }),
    });
  }

  private voteAt(ref: number): VoteRecord {
    const v = this.table().get(ref);
    const { ballots, counts, cast } = parseBallots(v.Ballots);
    const outcome = String(v.Outcome ?? '').trim();
    return {
      ref,
      id: String(v['Vote ID'] ?? '').trim(),
      caseId: String(v['Case ID'] ?? '').trim(),
      openedBy: String(v['Opened By'] ?? '').trim(),
      openedAt: String(v['Opened At'] ?? '').trim(),
      eligible: parseList(v.Eligible),
      ballots,
      counts,
      cast,
      outcome: (OUTCOMES.includes(outcome) ? outcome : 'open') as VoteOutcomeState,
      closedAt: String(v['Closed At'] ?? '').trim(),
      subject: (SUBJECTS.includes(String(v.Subject ?? '').trim())
        ? String(v.Subject).trim()
        : 'response') as VoteSubject,
      round: Math.max(1, Number.parseInt(String(v.Round ?? ''), 10) || 1),
      texts: parseTexts(v.Texts),
      remindedAt: String(v['Reminded At'] ?? '').trim(),
      closesAt: String(v['Closes At'] ?? '').trim(),
    };
  }
}

/** The execution's vote store (registry `Votes`, read on first use). */
export const votesOf = perExecution(
  'records.votes',
  (ctx: Context) => new VoteStore(() => registryTab(ctx, REGISTRY_TAB.votes)),
);
