// Unit tests for the case lifecycle table: every phase is reachable from screening, every open phase can close, a closed case reopens, and moves the procedure does not have are refused.
import fc from 'fast-check';
import {
  CASE_PHASES,
  CLOSED_PHASES,
  IllegalPhaseMove,
  TRANSITIONS,
  canMove,
  checkMove,
  isClosedPhase,
  type CasePhase,
} from '../../src/core/lifecycle';
import { PHASES } from '../../src/core/case-model';

function reachableFrom(start: CasePhase): Set<CasePhase> {
  const seen = new Set<CasePhase>([start]);
  const queue = [start];
  while (queue.length) {
    for (const next of TRANSITIONS[queue.shift()!]) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

describe('the lifecycle table', () => {
  test('lists every phase the case model knows, plus the two steps between decisions', () => {
    expect([...CASE_PHASES].sort()).toEqual([...PHASES, 'vote-passed', 'moderators-accepted'].sort());
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_PHASES].sort());
  });

  test('every phase is reachable from screening, and only known phases are targets', () => {
    expect([...reachableFrom('screening')].sort()).toEqual([...CASE_PHASES].sort());
    for (const targets of Object.values(TRANSITIONS)) for (const t of targets) expect(CASE_PHASES).toContain(t);
  });

  test('the procedure in order is a path of allowed moves', () => {
    const path: CasePhase[] = [
      'screening',
      'deliberating',
      'voting',
      'vote-passed',
      'awaiting-moderators',
      'moderators-accepted',
      'letter-sent',
      'resolved',
    ];
    for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1], path[i])).toBe(true);
  });

  test('every open phase can close, and a closed case can reopen where it was', () => {
    for (const phase of CASE_PHASES) {
      for (const closed of CLOSED_PHASES) expect(canMove(phase, closed)).toBe(true);
      if (isClosedPhase(phase)) for (const open of CASE_PHASES) expect(canMove(phase, open)).toBe(true);
    }
  });

  test('moves the procedure does not have are refused with both phases named', () => {
    const refused: Array<[CasePhase, CasePhase]> = [
      ['screening', 'letter-sent'],
      ['screening', 'awaiting-moderators'],
      ['deliberating', 'vote-passed'],
      ['vote-failed', 'awaiting-moderators'],
      ['voting', 'letter-sent'],
      ['awaiting-moderators', 'letter-sent'],
      ['letter-sent', 'voting'],
      ['letter-sent', 'awaiting-moderators'],
    ];
    for (const [from, to] of refused) {
      expect(canMove(from, to)).toBe(false);
      expect(() => checkMove(from, to)).toThrow(IllegalPhaseMove);
      expect(() => checkMove(from, to)).toThrow(`from ${from} to ${to}`);
    }
    expect(() => checkMove('intake', 'screening')).toThrow(IllegalPhaseMove);
  });

  test('staying in a phase is always allowed (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...CASE_PHASES), (phase) => checkMove(phase, phase) === phase));
  });

  test('an open case reaches the letter only after the moderators accepted, along any path (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (choices) => {
        let phase: CasePhase = 'screening';
        let accepted = false;
        for (const c of choices) {
          // A closed case reopens where it was (the sweep remembers it), which the table alone cannot say: stop there.
          const options: CasePhase[] = TRANSITIONS[phase].filter((p) => !isClosedPhase(p));
          if (!options.length) return true;
          const next: CasePhase = options[c % options.length];
          if (next === 'letter-sent' && !accepted) return false;
          if (next === 'moderators-accepted') accepted = true;
          if (next === 'voting' || next === 'moderators-disagree') accepted = false;
          phase = next;
        }
        return true;
      }),
    );
  });
});
