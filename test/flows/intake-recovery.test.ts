// The sweep's intake recovery in-process: one report nothing can open never stops the others, its owner hears once, and it is tried again; an answer that rules out every code name still becomes a case.
import { listCodeWords } from '../../src/core/code-names';
import * as intake from '../../src/flows/intake';
import { recoverIntakes, TRIGGER_GRACE_MS } from '../../src/flows/intake-recovery';
import { flowBench, OWNER, type FlowBench } from '../support/in-process';

const { adjectives: ADJECTIVES, nouns: NOUNS } = listCodeWords();

const REPORT = {
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
};

/** Every word of both code-name lists starts with one of these: as the people involved, they rule out every code name. */
const EVERY_PREFIX = [...new Set([...ADJECTIVES, ...NOUNS].map((w) => w.slice(0, 3)))].join(', ');

function recover(bench: FlowBench) {
  return bench.flow((ctx) => recoverIntakes(ctx));
}

function caseOf(bench: FlowBench, responseId: string) {
  return bench.registry('Cases').find((c) => c['Response ID'] === responseId);
}

function failureMails(bench: FlowBench) {
  return bench.registry('Outbox').filter((m) => m.Key.includes('intake-failed:'));
}

afterEach(() => jest.restoreAllMocks());

describe('an answer that rules out every code name', () => {
  test('the report still becomes a case, under a looser rule the audit names', () => {
    const bench = flowBench();
    const { caseId } = bench.report({ ...REPORT, 'Who was involved?': EVERY_PREFIX });
    const row = bench.registry('Cases').find((c) => c['Case ID'] === caseId)!;
    expect(row.Phase).toBe('screening');
    expect(row['Code Name']).toMatch(/^[a-z]{3,10} [a-z]{3,10}$/);
    const audit = bench.registry('Audit').filter((a) => a.Event === 'intake.code-name-fallback');
    expect(audit.map((a) => a['Case ID'])).toEqual([caseId]);
    expect(audit[0].Detail).not.toContain('Sam');
  });

  test('missed by its trigger, it does not stop the sweep opening the responses after it', () => {
    const bench = flowBench();
    const odd = bench.submit({ ...REPORT, 'Who was involved?': EVERY_PREFIX }).responseId;
    const plain = bench.submit(REPORT).responseId;
    bench.ws.rt.advanceClock(TRIGGER_GRACE_MS + 60_000);
    const report = recover(bench);
    expect(report).toMatchObject({ caught: 2, failed: [] });
    expect(caseOf(bench, odd)?.Phase).toBe('screening');
    expect(caseOf(bench, plain)?.Phase).toBe('screening');
  });
});

describe('a response whose intake keeps failing', () => {
  function failFor(responseId: string) {
    const real = intake.runIntake;
    return jest.spyOn(intake, 'runIntake').mockImplementation((ctx, submission) => {
      if (submission.responseId === responseId) throw new Error('Service error: Documents');
      return real(ctx, submission);
    });
  }

  test('is skipped while the others are opened, told to the owner once, and opened when it works again', () => {
    const bench = flowBench();
    const stuck = bench.submit(REPORT).responseId;
    const other = bench.submit({ ...REPORT, 'Your email address': 'lee@example.net' }).responseId;
    bench.ws.rt.advanceClock(TRIGGER_GRACE_MS + 60_000);
    const spy = failFor(stuck);

    const first = recover(bench);
    expect(first.failed).toEqual([stuck]);
    expect(first.caught).toBe(1);
    expect(caseOf(bench, other)?.Phase).toBe('screening');
    expect(caseOf(bench, stuck)).toBeUndefined();

    for (let hour = 0; hour < 3; hour++) {
      bench.ws.rt.advanceClock(3600_000);
      expect(recover(bench).failed).toEqual([stuck]);
    }
    const mails = failureMails(bench);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ To: OWNER, Kind: 'alert' });
    expect(mails[0].Subject).toBe('[Conduct Desk] A report could not be opened as a case');
    expect(mails[0].Body).not.toMatch(/Sam|rita/);
    expect(bench.registry('Audit').filter((a) => a.Event === 'intake.failed')).toHaveLength(4);

    spy.mockRestore();
    bench.ws.rt.advanceClock(3600_000);
    expect(recover(bench)).toMatchObject({ caught: 1, failed: [] });
    expect(caseOf(bench, stuck)?.Phase).toBe('screening');
    expect(failureMails(bench)).toHaveLength(1);
  });
});
