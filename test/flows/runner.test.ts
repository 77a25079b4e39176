// The execution protocol in-process (src/entrypoints/runner.ts): persist first, mail second, and what delivery recorded — a failed send's Audit row — lands in the registry.
import { runExecution } from '../../src/entrypoints/runner';
import { outboxKey } from '../../src/records/outbox';
import type { Context } from '../../src/workspace/context';
import { flowBench, type FlowBench } from '../support/in-process';

const PERMANENT = 'Invalid email: nobody';

function queueNote(ctx: Context, to: string, caseId = 'c_000000000001'): void {
  ctx.outbox.enqueue({
    key: outboxKey(caseId, 'note', to),
    caseId,
    kind: 'note',
    to,
    subject: 'A note',
    body: 'Hello.',
    htmlBody: '<p>Hello.</p>',
    delivery: 'at-least-once',
  });
}

/** From the next send on, every MailApp.sendEmail fails with `message`. */
function failEverySend(bench: FlowBench, message = PERMANENT): void {
  bench.ws.rt.faults = [
    { call: 'MailApp.sendEmail', nth: (bench.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1, times: 10_000, message },
  ];
}

describe('runExecution', () => {
  test('queued mail is committed, then delivered, then marked sent', () => {
    const bench = flowBench();
    bench.flow((ctx) => queueNote(ctx, 'ana@example.org'), { mail: {} });
    expect(bench.ws.mailTo('ana@example.org').map((m) => m.subject)).toEqual(['A note']);
    expect(bench.registry('Outbox')).toEqual([
      expect.objectContaining({ Key: 'c_000000000001|note|ana@example.org', State: 'sent', Attempts: '1' }),
    ]);
  });

  test('a permanent delivery failure leaves the row failed and its mail.failed Audit row in the registry', () => {
    const bench = flowBench();
    failEverySend(bench);
    bench.flow((ctx) => queueNote(ctx, 'ana@example.org'), { mail: {} });

    expect(bench.ws.mail()).toEqual([]);
    expect(bench.registry('Outbox').find((o) => o.Kind === 'note')).toMatchObject({
      State: 'failed',
      Error: expect.stringContaining(PERMANENT),
    });
    // The committee account is told of the failure, nobody being cleared for the case (its alert fails too, and is not
    // alerted about): one Audit row per failed row.
    const failed = bench.registry('Outbox').filter((o) => o.State === 'failed');
    expect(failed.map((o) => o.Kind).sort()).toEqual(['alert', 'note']);
    expect(failed.find((o) => o.Kind === 'alert')?.Key).toMatch(/\|owner$/);
    expect(
      bench
        .registry('Audit')
        .filter((a) => a.Event === 'mail.failed')
        .map((a) => [a['Case ID'], a.Detail]),
    ).toEqual(failed.map((o) => [o['Case ID'], expect.stringContaining(PERMANENT)]));
  });

  test('a failed report delivery through the form trigger is audited under the case', () => {
    const bench = flowBench();
    failEverySend(bench);
    const { caseId } = bench.report({
      'Your email address': 'rita@example.net',
      'What happened?': 'Shouting at a meetup.',
    });

    const outbox = bench.registry('Outbox');
    expect(outbox.map((o) => o.State)).toEqual(outbox.map(() => 'failed'));
    expect(outbox.filter((o) => o.Kind === 'ack' || o.Kind === 'screening')).toHaveLength(4);
    expect(
      bench
        .registry('Audit')
        .filter((a) => a.Event === 'mail.failed')
        .map((a) => a['Case ID']),
    ).toEqual(outbox.map((o) => o['Case ID']));
    expect(outbox.filter((o) => o.Kind === 'screening').every((o) => o['Case ID'] === caseId)).toBe(true);
    expect(bench.registry('Cases')[0].Phase).toBe('screening');
  });

  test('a transient failure is retried within the execution and the mail goes out once', () => {
    const bench = flowBench();
    bench.ws.rt.faults = [
      {
        call: 'MailApp.sendEmail',
        nth: (bench.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1,
        message: 'Service invoked too many times in a short time: email.',
      },
    ];
    bench.flow((ctx) => queueNote(ctx, 'ana@example.org'), { mail: {} });
    expect(bench.ws.mailTo('ana@example.org')).toHaveLength(1);
    expect(bench.registry('Outbox')[0]).toMatchObject({ State: 'sent', Attempts: '2' });
    expect(bench.registry('Audit').filter((a) => a.Event === 'mail.failed')).toEqual([]);
  });

  test('a flow that throws commits nothing and sends nothing, and releases the lock', () => {
    const bench = flowBench();
    const result = bench.attempt(() =>
      runExecution({ actor: 'test', lock: 'wait', mail: {} }, (ctx) => {
        queueNote(ctx, 'ana@example.org');
        ctx.audit.record('test.event', '-', 'never written');
        throw new Error('the flow broke');
      }),
    );
    expect(result.record).toMatchObject({ outcome: 'error', error: 'Error: the flow broke' });
    expect(bench.registry('Outbox')).toEqual([]);
    expect(bench.registry('Audit').map((a) => a.Event)).not.toContain('test.event');
    expect(bench.ws.mail()).toEqual([]);
    // The next execution takes the lock at once.
    bench.flow((ctx) => queueNote(ctx, 'bo@example.org'), { lock: 'try', mail: {} });
    expect(bench.ws.mailTo('bo@example.org')).toHaveLength(1);
  });

  test('a flow that did not act writes nothing', () => {
    const bench = flowBench();
    bench.flow(
      (ctx) => {
        queueNote(ctx, 'ana@example.org');
        return 'refused';
      },
      { acted: (value) => value !== 'refused', mail: {} },
    );
    expect(bench.registry('Outbox')).toEqual([]);
    expect(bench.ws.mail()).toEqual([]);
  });

  test('a busy lock with `try` runs nothing and reports busy', () => {
    const bench = flowBench();
    bench.ws.holdScriptLock(bench.ws.rt.now() + 10 * 60_000);
    const outcome = bench.run(() =>
      runExecution({ actor: 'test', lock: 'try', mail: {} }, (ctx) => queueNote(ctx, 'ana@example.org')),
    );
    expect(outcome).toEqual({ ok: false });
    expect(bench.registry('Outbox')).toEqual([]);
  });

  test('mail `ifQueued` sends nothing when the flow queued nothing, even with mail pending from before', () => {
    const bench = flowBench();
    bench.flow((ctx) => queueNote(ctx, 'ana@example.org'));
    expect(bench.registry('Outbox')[0].State).toBe('pending');
    bench.flow(() => 'nothing', { mail: { ifQueued: true } });
    expect(bench.ws.mail()).toEqual([]);
    bench.flow(() => 'nothing', { mail: {} });
    expect(bench.ws.mailTo('ana@example.org')).toHaveLength(1);
  });

  test('src reads the virtual clock in-process, and the host globals are back afterwards', () => {
    const bench = flowBench();
    const hostDate = Date;
    bench.ws.rt.advanceClock(90 * 60_000);
    const seen = bench.flow((ctx) => ({
      iso: ctx.clock.nowIso(),
      virtual: bench.ws.rt.now(),
      swapped: Date !== hostDate,
    }));
    expect(Date.parse(seen.iso)).toBe(seen.virtual);
    expect(seen.iso.slice(0, 16)).toBe('2026-03-02T10:30');
    expect(seen.swapped).toBe(true);
    expect(Date).toBe(hostDate);
    expect('SpreadsheetApp' in globalThis).toBe(false);
    expect('MimeType' in globalThis).toBe(false);
  });
});
