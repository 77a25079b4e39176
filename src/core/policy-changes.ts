// The Code of Conduct change process (seed "Changes to Code of Conduct"): a proposal's brainstorm window, its vote by two-thirds of all voting members, the board's answer, and what the `Policy changes` tab may show.
import { addDays, parseInstant, isoOf } from './deadlines';
import { tallyVote, type Choice, type Tally } from './votes';
import { withoutDeskLinks } from './text';

/** The seed: "Brainstorming should be limited to 3-7 days maximum"; the proposer chooses within it. */
export const BRAINSTORM_MIN_DAYS = 3;
export const BRAINSTORM_MAX_DAYS = 7;
/**
 * The seed sets no deadline for the vote. Seven days (within the 30-day lifetime of vote links) lets a member who is
 * away for a few days still vote; a vote that has not reached two-thirds of all voting members by then fails.
 */
export const CHANGE_VOTE_DAYS = 7;
/** A voting member who has not voted is reminded this often while the vote is open. */
export const CHANGE_REMINDER_EVERY_DAYS = 2;
/** Longest title (it is shown in the `Policy changes` tab and in mail subjects). */
export const PROPOSAL_TITLE_MAX = 120;
/** Longest proposed text (it lives in the proposal's Doc; a Sheets cell holds 50,000 characters). */
export const PROPOSAL_TEXT_MAX = 20_000;

/**
 * Where a proposal is. `brainstorm` → `vote` when its window ends; `vote` → `passed` or `failed`; `passed` →
 * `board-approved` or `board-declined` when the board's answer is recorded; `brainstorm` → `ended` when its Doc is
 * gone for good (ADV-510). Nothing moves backwards.
 */
export type ProposalState = 'brainstorm' | 'vote' | 'passed' | 'failed' | 'board-approved' | 'board-declined' | 'ended';

/** How the `Policy changes` tab shows each state. */
export const PROPOSAL_STATE_LABEL: Readonly<Record<ProposalState, string>> = {
  brainstorm: 'Brainstorming',
  vote: 'Voting',
  passed: 'Passed, with the board',
  failed: 'Not passed',
  'board-approved': 'Adopted by the board',
  'board-declined': 'Declined by the board',
  ended: 'Ended: document lost',
};

/** The `Policy changes` tab's columns: nothing but what every member may read (no ballots, no names). */
export const POLICY_CHANGES_HEADERS = [
  'Number',
  'Title',
  'State',
  'Proposed',
  'Brainstorm ends',
  'Vote closes',
  'Decided',
  'Board answered',
] as const;
export type PolicyChangesHeader = (typeof POLICY_CHANGES_HEADERS)[number];

/** The board's answer to a passed proposal. */
export type BoardAnswer = 'approved' | 'declined';

/** One proposal as the registry keeps it. Instants are ISO strings; '' while not reached. */
export interface Proposal {
  /** Numbered from 1 in the order proposed (the scenario's `proposal: n`). */
  n: number;
  title: string;
  text: string;
  /** Member id of the proposer. */
  proposedBy: string;
  proposedAt: string;
  brainstormDays: number;
  state: ProposalState;
  voteOpenedAt: string;
  voteClosesAt: string;
  /** Member ids of the voting members when the vote opened: the denominator of two-thirds (frozen). */
  eligible: string[];
  ballots: Record<string, Choice>;
  decidedAt: string;
  boardSentAt: string;
  boardAnswer: BoardAnswer | '';
  boardAnsweredAt: string;
}

export type ProposalCheck =
  { ok: true; title: string; text: string; days: number } | { ok: false; errors: Array<'title' | 'text' | 'days'> };

/** Checks what a member typed: a title and a text within their limits, a whole number of days from 3 to 7. */
export function checkProposal(input: { title: unknown; text: unknown; days: unknown }): ProposalCheck {
  const title = typeof input.title === 'string' ? input.title.replace(/\s+/g, ' ').trim() : '';
  // Shown to every voting member on their pages and in mail: a link of the proposer's pasted in would let them act as
  // the proposer (ADV-538).
  const text = typeof input.text === 'string' ? withoutDeskLinks(input.text.replace(/\r\n?/g, '\n')).trim() : '';
  const days = typeof input.days === 'string' && /^\s*\d+\s*$/.test(input.days) ? Number(input.days) : input.days;
  const errors: Array<'title' | 'text' | 'days'> = [];
  if (!title || title.length > PROPOSAL_TITLE_MAX) errors.push('title');
  if (!text || text.length > PROPOSAL_TEXT_MAX) errors.push('text');
  if (typeof days !== 'number' || !Number.isInteger(days) || days < BRAINSTORM_MIN_DAYS || days > BRAINSTORM_MAX_DAYS) {
    errors.push('days');
  }
  return errors.length ? { ok: false, errors } : { ok: true, title, text, days: days as number };
}

/** A new proposal `n` (numbered from 1 in the order proposed), in its brainstorm from `nowIso`. */
export function newProposal(
  n: number,
  checked: { title: string; text: string; days: number },
  proposedBy: string,
  nowIso: string,
): Proposal {
  return {
    n,
    title: checked.title,
    text: checked.text,
    proposedBy,
    proposedAt: nowIso,
    brainstormDays: checked.days,
    state: 'brainstorm',
    voteOpenedAt: '',
    voteClosesAt: '',
    eligible: [],
    ballots: {},
    decidedAt: '',
    boardSentAt: '',
    boardAnswer: '',
    boardAnsweredAt: '',
  };
}

/** When the proposal's brainstorm ends: the chosen number of days of elapsed time after it was proposed. */
export function brainstormEndsAt(p: Pick<Proposal, 'proposedAt' | 'brainstormDays'>): string {
  return addDays(p.proposedAt, p.brainstormDays);
}

/** Who may see a proposal's Doc: every active voting member and adviser (the seed's work group), each once. */
export function proposalReaders(members: ReadonlyArray<{ id: string; role: string; active: boolean }>): string[] {
  return uniqueSorted(
    members.filter((m) => m.active && (m.role === 'voting' || m.role === 'adviser')).map((m) => m.id),
  );
}

/**
 * Who votes on a change: every active voting member. Advisers are not voting members, and unlike a case vote
 * there is no conflict-of-interest exclusion: a change to the Code of Conduct concerns no one person.
 */
export function changeVoters(members: ReadonlyArray<{ id: string; role: string; active: boolean }>): string[] {
  return uniqueSorted(members.filter((m) => m.active && m.role === 'voting').map((m) => m.id));
}

function uniqueSorted(ids: string[]): string[] {
  return [...new Set(ids.filter(Boolean))].sort();
}

/**
 * Opens the vote once the brainstorm has ended, freezing the voters: two-thirds is of all of them, whoever votes.
 * Returns the proposal unchanged before its window ends or when it is past its brainstorm.
 */
export function openChangeVote(p: Proposal, voters: readonly string[], nowMs: number): Proposal {
  if (p.state !== 'brainstorm' || nowMs < parseInstant(brainstormEndsAt(p))) return p;
  const openedAt = isoOf(nowMs);
  return {
    ...p,
    state: 'vote',
    voteOpenedAt: openedAt,
    voteClosesAt: addDays(openedAt, CHANGE_VOTE_DAYS),
    eligible: uniqueSorted([...voters]),
  };
}

/**
 * Counts a change vote: approvals needed are two-thirds of all the voters frozen at opening, rounded up. With `voting`
 * (the voting members now), a ballot counts only while its member still is one: one made an adviser or gone no longer votes.
 */
export function tallyChange(p: Pick<Proposal, 'eligible' | 'ballots'>, voting?: readonly string[]): Tally {
  return tallyVote(p.eligible, countedBallots(p, voting));
}

function countedBallots(p: Pick<Proposal, 'ballots'>, voting?: readonly string[]): Proposal['ballots'] {
  return voting ? Object.fromEntries(Object.entries(p.ballots).filter(([id]) => voting.includes(id))) : p.ballots;
}

export type BallotResult = { ok: true; proposal: Proposal } | { ok: false; reason: 'not-open' | 'not-eligible' };

/**
 * Records (or changes) a voter's ballot while the vote is open, then decides it as soon as the outcome is certain:
 * passed when approvals reach two-thirds of all voters, failed when they no longer can.
 */
export function castChangeBallot(
  p: Proposal,
  memberId: string,
  choice: Choice,
  nowMs: number,
  voting?: readonly string[],
): BallotResult {
  if (p.state !== 'vote' || nowMs >= parseInstant(p.voteClosesAt)) return { ok: false, reason: 'not-open' };
  if (!p.eligible.includes(memberId) || (voting && !voting.includes(memberId)))
    return { ok: false, reason: 'not-eligible' };
  return {
    ok: true,
    proposal: decideChangeVote({ ...p, ballots: { ...p.ballots, [memberId]: choice } }, nowMs, voting),
  };
}

/**
 * Closes the vote when its outcome is certain, or at its deadline, where anything short of two-thirds of all
 * voters fails: a member who did not vote counts against the change, as the seed's "of all voting members" says.
 */
export function decideChangeVote(p: Proposal, nowMs: number, voting?: readonly string[]): Proposal {
  if (p.state !== 'vote') return p;
  const outcome = tallyChange(p, voting).outcome;
  const closesAt = parseInstant(p.voteClosesAt);
  const closed = nowMs >= closesAt;
  // Decided when the vote closed, even when the sweep that records it ran late: no ballot is taken after that time.
  const decidedAt = isoOf(closed ? closesAt : nowMs);
  // A decided vote keeps the ballots that counted: its figures do not change when a member leaves later.
  const ballots = countedBallots(p, voting);
  if (outcome === 'passed') return { ...p, ballots, state: 'passed', decidedAt };
  if (outcome === 'failed' || outcome === 'no-eligible' || closed) return { ...p, ballots, state: 'failed', decidedAt };
  return p;
}

/**
 * True when a voter who has not voted is due a reminder: the vote is open, and `every` days have passed since the
 * vote opened or since the last reminder (`lastRemindedAt`, '' for none).
 */
export function changeReminderDue(p: Proposal, memberId: string, lastRemindedAt: string, nowMs: number): boolean {
  if (p.state !== 'vote' || !p.eligible.includes(memberId) || p.ballots[memberId]) return false;
  if (nowMs >= parseInstant(p.voteClosesAt)) return false;
  const since = lastRemindedAt || p.voteOpenedAt;
  return nowMs >= parseInstant(addDays(since, CHANGE_REMINDER_EVERY_DAYS));
}

/** Records the board's answer to a passed proposal; anything else is returned unchanged (the answer is final). */
export function recordBoardAnswer(p: Proposal, answer: BoardAnswer, nowIso: string): Proposal {
  if (p.state !== 'passed') return p;
  return {
    ...p,
    state: answer === 'approved' ? 'board-approved' : 'board-declined',
    boardAnswer: answer,
    boardAnsweredAt: nowIso,
  };
}

/**
 * The proposal's row in the `Policy changes` tab: number, title, state and dates only (who proposed it and who
 * voted how stay in the registry). `formatTime` turns an instant into the sheet's local time.
 */
export function policyChangeRow(p: Proposal, formatTime: (iso: string) => string): Record<PolicyChangesHeader, string> {
  const at = (iso: string) => (iso ? formatTime(iso) : '');
  return {
    Number: String(p.n),
    Title: p.title,
    State: PROPOSAL_STATE_LABEL[p.state],
    Proposed: at(p.proposedAt),
    'Brainstorm ends': at(brainstormEndsAt(p)),
    'Vote closes': at(p.voteClosesAt),
    Decided: at(p.decidedAt),
    'Board answered': at(p.boardAnsweredAt),
  };
}
