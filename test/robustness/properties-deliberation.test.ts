// Property runs (deliberation): the whole procedure driven forward with random choices (who clears, what is written, how people vote, what moderators answer), random steps slipped in between, faults and time zones; the §7 invariants must hold after every step.
import fc from 'fast-check';
import { recordFigure } from '../support/figures';
import { CLOCKS, committeeArb, historyArb, playHistory, propertyParameters, reportArb, stepArbs, type History, type Step } from '../support/property-model';

jest.setTimeout(60 * 60 * 1000);

const SHARE = 0.2;

const interleaved: fc.Arbitrary<Step> = fc.oneof(
  stepArbs.advance, stepArbs.week, stepArbs.sheet, stepArbs.scan, stepArbs.respond, stepArbs.casePageConflict, stepArbs.roster, stepArbs.writeDoc, stepArbs.busy,
);

/** The procedure in order for case 1, with random people and choices, and random steps inserted anywhere. */
const procedureArb: fc.Arbitrary<History> = fc
  .record({
    base: historyArb(fc.constant({ kind: 'blank' } as Step), { minSteps: 0, maxSteps: 0 }),
    committee: committeeArb,
    report: reportArb,
    answers: fc.array(fc.constantFrom('no-conflict' as const, 'no-conflict' as const, 'conflict' as const), { minLength: 12, maxLength: 12 }),
    writer: fc.nat({ max: 11 }),
    texts: fc.array(stepArbs.writeDoc, { minLength: 4, maxLength: 4 }),
    votes: fc.array(fc.constantFrom('approve' as const, 'approve' as const, 'approve' as const, 'reject' as const, 'abstain' as const), { minLength: 12, maxLength: 12 }),
    moderators: fc.array(fc.constantFrom('accept' as const, 'accept' as const, 'disagree' as const), { minLength: 2, maxLength: 2 }),
    extra: fc.array(fc.tuple(fc.nat({ max: 40 }), interleaved), { maxLength: 4 }),
    clock: fc.constantFrom(...CLOCKS),
  })
  .map((x) => {
    const n = x.committee.length;
    const sections = ['plan', 'consequences', 'letter', 'followUp'] as const;
    const steps: Step[] = [
      { kind: 'report', report: { ...x.report, answers: { ...x.report.answers, 'Where did it happen?': 'Discourse' } } },
      ...x.committee.map((_, i) => ({ kind: 'respond' as const, member: i, kase: 1, answer: x.answers[i] })),
      ...x.texts.map((t, i) => ({ ...t, member: x.writer % n, kase: 1, section: sections[i] })),
      { kind: 'openVote', member: x.writer % n, kase: 1 },
      ...x.committee.map((_, i) => ({ kind: 'vote' as const, member: i, kase: 1, choice: x.votes[i] })),
      { kind: 'recommend', member: x.writer % n, kase: 1 },
      ...x.moderators.map((answer, i) => ({ kind: 'moderator' as const, moderator: i, kase: 1, answer })),
      { kind: 'letter', member: x.writer % n, kase: 1 },
      { kind: 'followUp', member: x.writer % n, kase: 1 },
    ];
    for (const [at, step] of x.extra) steps.splice(at % (steps.length + 1), 0, step);
    return { ...x.base, clock: x.clock, committee: x.committee, steps };
  });

it('holds the §7 invariants after every step of the procedure played with random choices', () => {
  const params = propertyParameters(SHARE);
  let runs = 0;
  let stepsPlayed = 0;
  fc.assert(
    fc.property(procedureArb, (history) => {
      const outcome = playHistory(history);
      runs++;
      stepsPlayed += outcome.played;
      const problems = [...outcome.violations, ...outcome.checks];
      if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}`);
    }),
    params,
  );
  recordFigure('properties', { file: 'deliberation', runs, steps: stepsPlayed });
  expect(runs).toBe(params.numRuns);
});
