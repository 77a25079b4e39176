// The sweep in-process: it turns a response whose trigger never fired into a case, writes nothing when nothing is due, resumes from a saved cursor when time runs out, and puts back a deleted trigger.
import { TRIGGER_GRACE_MS } from '../../src/flows/intake-recovery';
import { runSweep, type SweepReport } from '../../src/flows/sweep';
import { EXECUTION_LIMIT_MS } from '../../workbench';
import { flowBench, type FlowBench } from '../support/in-process';

const REPORT = { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies in the forum, twice.' };

/** One sweep as its hourly trigger runs it (lock, protocol, mail delivered). */
function sweep(bench: FlowBench, reserveMs?: number): SweepReport {
  return bench.flow(
    (ctx) => runSweep(ctx, reserveMs === undefined ? {} : { reserveMs }),
    { actor: 'sweep', mail: {} },
    { kind: 'trigger', name: 'sweep_', activeUser: '' },
  );
}

function caseIds(bench: FlowBench): string[] {
  return bench.registry('Cases').map((c) => c['Case ID']);
}

describe('sweep', () => {
  test('a response whose submit trigger never fired becomes a case, once', () => {
    const bench = flowBench();
    const { responseId } = bench.submit(REPORT);
    expect(caseIds(bench)).toEqual([]);
    // Within the grace period the response is left for its own trigger.
    expect(sweep(bench).failures).toEqual([]);
    expect(caseIds(bench)).toEqual([]);

    bench.ws.rt.advanceClock(TRIGGER_GRACE_MS);
    const report = sweep(bench);
    expect(report.failures).toEqual([]);
    expect(bench.registry('Cases').map((c) => c['Response ID'])).toEqual([responseId]);
    expect(bench.status('Cases')).toHaveLength(1);
    expect(bench.registry('Audit').filter((a) => a.Event === 'intake.caught-up')).toHaveLength(1);
    sweep(bench);
    expect(bench.registry('Cases')).toHaveLength(1);
  });

  test('with nothing due, a sweep writes nothing to the registry', () => {
    const bench = flowBench();
    bench.report(REPORT);
    sweep(bench);
    const before = JSON.stringify(['Cases', 'Outbox', 'Audit', 'Clearances'].map((tab) => bench.registry(tab)));
    const report = sweep(bench);
    expect(report).toMatchObject({ cases: 1, visited: 1, cursor: null, statusEmails: 0, reminders: 0, failures: [] });
    expect(JSON.stringify(['Cases', 'Outbox', 'Audit', 'Clearances'].map((tab) => bench.registry(tab)))).toBe(before);
  });

  test('out of time, it saves where it stopped; the next sweep resumes there and clears the cursor', () => {
    const bench = flowBench();
    const first = bench.report(REPORT).caseId;
    bench.report({ ...REPORT, 'Who was involved?': 'Kim Vale' });
    // A reserve as long as the execution itself: no time for any case.
    const paused = sweep(bench, EXECUTION_LIMIT_MS);
    expect(paused).toMatchObject({ cases: 2, visited: 0, cursor: first });
    expect(bench.ws.properties().sweepCursor).toBe(first);
    expect(bench.registry('Audit').map((a) => a.Event)).toContain('sweep.paused');

    const resumed = sweep(bench);
    expect(resumed).toMatchObject({ visited: 2, cursor: null });
    expect(bench.ws.properties().sweepCursor).toBeUndefined();
  });

  test('a deleted sweep trigger is put back, exactly one per handler', () => {
    const bench = flowBench();
    const handlers = () =>
      bench.ws
        .triggers()
        .map((t) => t.handler)
        .sort();
    const installed = handlers();
    expect(installed).toContain('sweep_');
    bench.run(() => {
      const trigger = ScriptApp.getProjectTriggers().find((t) => t.getHandlerFunction() === 'sweep_');
      if (trigger) ScriptApp.deleteTrigger(trigger);
    });
    expect(handlers()).not.toContain('sweep_');

    const report = sweep(bench);
    expect(report.failures).toEqual([]);
    expect(handlers()).toEqual(installed);
  });
});
