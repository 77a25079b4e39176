// The crash matrix: runs a flow once to count its side-effecting calls, then kills it at each of them in turn and checks that recovery reaches the state of the run that was never killed.
import type { ExecutionRecord } from '../../workbench';
import { normalState, type NormalState } from './normalize';
import { Rehearsal } from './rehearsal';
import { recordFigure } from './figures';
import { COMMITTEE_OPTIONS, FLOWS, type FlowSpec } from './flows';

export interface CrashPoint {
  k: number;
  /** The method the execution was about to call when it died (from the emulator's kill message). */
  at: string;
  problems: string[];
  held: string[];
}

export interface MatrixResult {
  flow: string;
  sideEffects: number;
  points: CrashPoint[];
}

function nextExecutionId(r: Rehearsal): number {
  return r.ws.rt.executions.length + 1;
}

function recordOf(r: Rehearsal, id: number): ExecutionRecord | undefined {
  return r.ws.rt.executions.find((e) => e.id === id);
}

/**
 * After a killed execution, tells the checker what that one crash may legitimately leave: an at-least-once
 * message sent but not yet journaled (it will go again: the one window no protocol closes) and a report whose
 * intake is unfinished until the sweep completes it.
 */
export function allowCrashWindow(r: Rehearsal, executionId: number): void {
  const journal = new Set<string>(JSON.parse(r.ws.properties().outboxJournal ?? '[]') as string[]);
  const outbox = r.registry('Outbox');
  for (const mail of r.ws.mail().filter((m) => m.execution === executionId)) {
    const same = (o: (typeof outbox)[number]) =>
      o.To.toLowerCase() === mail.to.join(',').toLowerCase() && o.Subject === mail.subject && o.Body === mail.body;
    // The same text may have gone before under another key (a daily alert): the one this send was for is not yet sent.
    const row = outbox.find((o) => same(o) && o.State !== 'sent') ?? outbox.find(same);
    if (row && row.Delivery === 'at-least-once' && row.State !== 'sent' && !journal.has(row.Key))
      r.k.allowedDuplicateKeys.add(row.Key);
  }
  for (const responseId of r.reports) {
    const c = r.registry('Cases').find((x) => x['Response ID'] === responseId);
    if (!c || c.Phase === 'intake') r.k.unfinishedResponses.add(responseId);
  }
  // A report a member recorded is known by its registry row alone (no Form response behind it).
  for (const c of r.registry('Cases'))
    if (c['Response ID'].startsWith('rec:') && c.Phase === 'intake') r.k.unfinishedResponses.add(c['Response ID']);
}

function diff(expected: NormalState, actual: NormalState): string[] {
  const out: string[] = [];
  for (const key of Object.keys(expected) as Array<keyof NormalState>) {
    const a = JSON.stringify(actual[key]);
    const e = JSON.stringify(expected[key]);
    if (a === e) continue;
    if (key === 'alerts') {
      // A crash may make the system report a repair it then made (an extra alert); it must never lose one.
      const lost = expected.alerts.filter((x) => !actual.alerts.includes(x)).map((x) => x.slice(0, 300));
      if (lost.length) out.push(`committee alerts lost: ${lost.join(' ‖ ')}`);
      continue;
    }
    if (key === 'cases') {
      out.push(...diffCases(expected.cases, actual.cases));
      continue;
    }
    const ea = expected[key] as unknown[];
    const aa = actual[key] as unknown[];
    const missing = ea
      .filter((x) => !aa.some((y) => JSON.stringify(y) === JSON.stringify(x)))
      .map((x) => JSON.stringify(x).slice(0, 400));
    const extra = aa
      .filter((x) => !ea.some((y) => JSON.stringify(y) === JSON.stringify(x)))
      .map((x) => JSON.stringify(x).slice(0, 400));
    const count = (list: unknown[]) => {
      const m = new Map<string, number>();
      for (const x of list) m.set(JSON.stringify(x), (m.get(JSON.stringify(x)) ?? 0) + 1);
      return m;
    };
    const ec = count(ea);
    const ac = count(aa);
    const multiplicity = [...new Set([...ec.keys(), ...ac.keys()])]
      .filter((x) => ec.get(x) !== ac.get(x) && ec.has(x) && ac.has(x))
      .map((x) => `${x.slice(0, 200)} ×${ac.get(x)} (expected ×${ec.get(x)})`);
    out.push(
      `${key} differs from the run without a crash${missing.length ? `; missing: ${missing.join(' ‖ ')}` : ''}${extra.length ? `; extra: ${extra.join(' ‖ ')}` : ''}${multiplicity.length ? `; ${multiplicity.join(' ‖ ')}` : ''}`,
    );
  }
  return out;
}

function lineDiff(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  const missing = e.filter((l) => !a.includes(l));
  const extra = a.filter((l) => !e.includes(l));
  const repeated = a.filter((l, i) => a.indexOf(l) !== i && e.indexOf(l) === e.lastIndexOf(l));
  return (
    [
      missing.length ? `missing lines: ${missing.join(' | ')}` : '',
      extra.length ? `extra lines: ${extra.join(' | ')}` : '',
      repeated.length ? `repeated lines: ${repeated.join(' | ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')
      .slice(0, 800) || 'same lines, different order'
  );
}

function diffCases(expected: Array<Record<string, unknown>>, actual: Array<Record<string, unknown>>): string[] {
  const out: string[] = [];
  expected.forEach((e, i) => {
    const a = actual[i] ?? {};
    for (const field of new Set([...Object.keys(e), ...Object.keys(a)])) {
      const ev = JSON.stringify(e[field]);
      const av = JSON.stringify(a[field]);
      if (ev === av) continue;
      if (field === 'docText' && typeof e[field] === 'string' && typeof a[field] === 'string')
        out.push(`case ${i + 1} Doc text differs: ${lineDiff(e[field] as string, a[field] as string)}`);
      else out.push(`case ${i + 1} ${field}: expected ${String(ev).slice(0, 300)}, got ${String(av).slice(0, 300)}`);
    }
  });
  return out;
}

/** Prepares the flow once, then plays it with no crash and with a crash at every side effect. */
export function runCrashMatrix(flow: FlowSpec, options: { onlyK?: number[] } = {}): MatrixResult {
  const prepared = Rehearsal.start(COMMITTEE_OPTIONS);
  flow.prepare(prepared);

  const baseline = prepared.fork();
  let target = 0;
  flow.act(baseline, () => {
    target = nextExecutionId(baseline);
  });
  const baseRecord = recordOf(baseline, target);
  if (!baseRecord) throw new Error(`${flow.name}: the flow started no execution after arming`);
  if (baseRecord.outcome !== 'ok')
    throw new Error(`${flow.name}: the flow failed without a crash: ${baseRecord.error}`);
  flow.recover(baseline);
  flow.settle?.(baseline);
  baseline.check('baseline end');

  const points: CrashPoint[] = [];
  const ks = options.onlyK ?? Array.from({ length: baseRecord.sideEffects }, (_, i) => i + 1);
  for (const k of ks) {
    const run = prepared.fork();
    run.checkEveryStep = false;
    const problems: string[] = [];
    let killedId = 0;
    try {
      flow.act(run, () => {
        killedId = nextExecutionId(run);
        run.crashNextExecutionAt(k);
      });
    } catch (err) {
      problems.push(`the step around the crash threw: ${String((err as Error).message ?? err).slice(0, 300)}`);
    }
    run.ws.rt.crashPlan = null;
    const record = recordOf(run, killedId);
    const at = /\(([^)]+)\)\s*$/.exec(record?.error ?? '')?.[1] ?? '?';
    if (record?.outcome !== 'killed')
      problems.push(
        `the execution was not killed at side effect ${k} (outcome ${record?.outcome}, ${record?.sideEffects} side effects)`,
      );
    allowCrashWindow(run, killedId);
    run.throwOnViolation = false;
    run.check(`the crash at side effect ${k} (${at})`);
    run.checkEveryStep = true;
    try {
      flow.recover(run);
      flow.settle?.(run);
    } catch (err) {
      problems.push(`recovery threw: ${String((err as Error).message ?? err).slice(0, 300)}`);
    }
    run.k.unfinishedResponses.clear();
    run.check('recovery');
    problems.push(...run.violations);
    const heldRows = run.registry('Outbox').filter((o) => o.State === 'held');
    const held = heldRows.map((o) => o.Key);
    for (const row of heldRows) {
      const copies = run.ws
        .mail()
        .filter(
          (m) =>
            m.to.join(',').toLowerCase() === row.To.toLowerCase() && m.subject === row.Subject && m.body === row.Body,
        ).length;
      if (copies > 1) problems.push(`held message ${row.Key} went out ${copies} times`);
    }
    const ignoreKeys = new Set(held);
    problems.push(...diff(normalState(baseline, { ignoreKeys }), normalState(run, { ignoreKeys })));
    points.push({ k, at, problems, held });
  }
  return { flow: flow.name, sideEffects: baseRecord.sideEffects, points };
}

/** A readable report of the crash points that did not recover. */
export function describeFailures(result: MatrixResult): string {
  return result.points
    .filter((p) => p.problems.length)
    .map(
      (p) =>
        `${result.flow}: crash at side effect ${p.k}/${result.sideEffects} (${p.at}):\n  - ${p.problems.join('\n  - ')}`,
    )
    .join('\n');
}

/**
 * One jest test per named flow (test/support/flows.ts): killed at every side-effecting call in turn, each
 * recovery must reach the state of the run that never crashed. Records the figures for the closing note.
 */
export function describeCrashMatrices(names: readonly string[]): void {
  const flows = FLOWS.filter((f) => names.includes(f.name));
  const unknown = names.filter((n) => !flows.some((f) => f.name === n));
  if (unknown.length) throw new Error(`no such flow in test/support/flows.ts: ${unknown.join(', ')}`);
  describe.each(flows.map((f) => [f.name, f] as const))('crash matrix: %s', (_, flow) => {
    it('recovers from a crash at every side-effecting call', () => {
      const result = runCrashMatrix(flow);
      recordFigure('crash-matrix', {
        flow: flow.name,
        crashPoints: result.points.length,
        failing: result.points.filter((p) => p.problems.length).length,
      });
      expect(result.sideEffects).toBeGreaterThan(0);
      expect(result.points).toHaveLength(result.sideEffects);
      expect(describeFailures(result)).toBe('');
    });
  });
}
