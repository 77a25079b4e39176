// The case lifecycle as data: every phase a case can be in and the moves allowed between them; a move the table does not list is refused, never made silently.

/**
 * Every phase of a finished case, in procedure order. `vote-passed` and `moderators-accepted` are the steps
 * between the vote and the recommendation, and between the moderators' answer and the letter.
 */
export const CASE_PHASES = [
  'screening',
  'deliberating',
  'voting',
  'vote-failed',
  'vote-passed',
  'awaiting-moderators',
  'moderators-disagree',
  'moderators-accepted',
  'letter-sent',
  'resolved',
  'closed',
] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

/** Phases in which a case is over: reminders and the reporter's status emails stop. */
export const CLOSED_PHASES: readonly CasePhase[] = ['resolved', 'closed'];
const OPEN_PHASES: readonly CasePhase[] = CASE_PHASES.filter((p) => !CLOSED_PHASES.includes(p));

/**
 * Where each phase may go, and why (the flow that makes the move is named). Every open phase may close: a
 * member's `Status` edit or "close as no violation" ends a case wherever it is. A closed case reopens where it
 * was when a member sets `Status` back (the sweep), so a closed phase may go back to any open one.
 */
export const TRANSITIONS: Readonly<Record<CasePhase, readonly CasePhase[]>> = {
  // The first "no conflict" moves screening on (sweep); a cleared member may open a vote before that (vote).
  screening: ['deliberating', 'voting', ...CLOSED_PHASES],
  deliberating: ['voting', ...CLOSED_PHASES],
  // The deciding ballot passes or fails the vote (vote); a closing vote that fails puts the case back where it was.
  voting: [
    'vote-passed',
    'vote-failed',
    'screening',
    'deliberating',
    'awaiting-moderators',
    'moderators-disagree',
    'moderators-accepted',
    ...CLOSED_PHASES,
  ],
  'vote-failed': ['voting', ...CLOSED_PHASES],
  // The recommendation goes to the moderators; with no moderators to ask, an override lets the letter go (letters).
  // A new vote after a passed one: the Doc's text changed since, or a closing is put to the vote (vote, closing).
  'vote-passed': ['awaiting-moderators', 'moderators-accepted', 'voting', ...CLOSED_PHASES],
  'awaiting-moderators': ['moderators-disagree', 'moderators-accepted', 'voting', ...CLOSED_PHASES],
  // After a disagreement: another answer, an override, or a new vote (moderators, letters, vote).
  // Or back to waiting: the only answer was given by a moderator kept out since (a conflict declared; moderators).
  'moderators-disagree': ['moderators-accepted', 'awaiting-moderators', 'voting', ...CLOSED_PHASES],
  // A moderator may change their answer until the letter goes; the letter leads to the follow-up (letters).
  'moderators-accepted': ['moderators-disagree', 'awaiting-moderators', 'letter-sent', 'voting', ...CLOSED_PHASES],
  // A further response (the reported person gave more context) opens a new round (rounds).
  'letter-sent': ['deliberating', ...CLOSED_PHASES],
  resolved: [...OPEN_PHASES, 'closed'],
  closed: [...OPEN_PHASES, 'resolved'],
};

/** Thrown when a flow asks for a move the lifecycle does not allow: a bug to fix, never a state to write. */
export class IllegalPhaseMove extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`A case cannot move from ${from} to ${to}.`);
    this.name = 'IllegalPhaseMove';
  }
}

export function isCasePhase(value: string): value is CasePhase {
  return (CASE_PHASES as readonly string[]).includes(value);
}

export function isClosedPhase(phase: string): boolean {
  return (CLOSED_PHASES as readonly string[]).includes(phase);
}

/** True when `from` may become `to`. Staying where it is is always allowed (writing it again changes nothing). */
export function canMove(from: string, to: CasePhase): boolean {
  if (from === to) return true;
  return isCasePhase(from) && TRANSITIONS[from].includes(to);
}

/** The phase to write, or an IllegalPhaseMove: a flow that asks for a move the table does not list is refused. */
export function checkMove(from: string, to: CasePhase): CasePhase {
  if (!canMove(from, to)) throw new IllegalPhaseMove(from, to);
  return to;
}
