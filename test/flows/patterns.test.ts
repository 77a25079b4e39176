// Pattern awareness in-process: cases opened before person code names existed all get their codes, however long the history, before the archive takes them out of the sweep's sight.
import { runSweep, type SweepReport } from '../../src/flows/sweep';
import { casesOf } from '../../src/records/cases';
import { flowBench, type FlowBench } from '../support/in-process';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One sweep as its hourly trigger runs it (lock, protocol, mail delivered). */
function sweep(bench: FlowBench): SweepReport {
  return bench.flow(
    (ctx) => runSweep(ctx),
    { actor: 'sweep', mail: {} },
    { kind: 'trigger', name: 'sweep_', activeUser: '' },
  );
}

/** A case's flags, wherever its row is (`Cases` or `Archived Cases`). */
function flagsOf(bench: FlowBench, caseId: string): { persons?: string[]; earlier?: string[] } {
  const row = bench.registry('Cases').find((c) => c['Case ID'] === caseId);
  return JSON.parse(row?.Flags || '{}') as { persons?: string[]; earlier?: string[] };
}

describe('person codes of cases opened before pattern awareness', () => {
  test('a closed history longer than one backfill run (200 cases) is coded in full, and a new report finds its oldest cases', () => {
    const bench = flowBench({ settings: { 'Screening window (hours)': 0 }, mailQuota: 100_000 });
    const ids: string[] = [];
    for (let i = 0; i < 201; i++) {
      const reported = i === 200 ? 'Quorra Vell' : `Person${i} Test${i}`;
      ids.push(bench.report({ 'Who was involved?': reported, 'What happened?': 'Rude replies.' }).caseId);
    }
    // As an install upgraded after years finds them: every case closed, none given person codes yet.
    bench.flow((ctx) => {
      const store = casesOf(ctx);
      for (const kase of store.live()) {
        kase.phase = 'closed';
        kase.closedAt = ctx.clock.nowIso();
        delete kase.flags.persons;
        delete kase.flags.earlier;
        store.save(kase);
      }
    });
    bench.ws.rt.setClock(bench.ws.rt.now() + 91 * DAY_MS);
    // The first sweep after the upgrade codes 200 cases, then runs the archive (all its mail long sent: a quota that
    // holds nothing back); the next sweep codes the rest.
    sweep(bench);
    bench.ws.rt.setClock(bench.ws.rt.now() + HOUR_MS);
    sweep(bench);
    expect(ids.filter((id) => !flagsOf(bench, id).persons?.length)).toEqual([]);

    // The person of the last legacy case is reported again: the new case lists that case as an earlier one.
    const again = bench.report({ 'Who was involved?': 'Q. Vell', 'What happened?': 'Rude replies again.' }).caseId;
    expect(flagsOf(bench, again).persons).toEqual(flagsOf(bench, ids[200]).persons);
    expect(flagsOf(bench, again).earlier).toEqual([ids[200]]);
  });
});

describe('person codes the sweep gives never echo a name on file', () => {
  /** One report by `reporter` about Quorra Vell, opened before pattern awareness, then coded by the sweep. */
  function backfilledCode(reporter: string): string {
    const bench = flowBench({ seed: 17 });
    const { caseId } = bench.report({
      'Your name': reporter,
      'Who was involved?': 'Quorra Vell',
      'What happened?': 'Rude replies.',
    });
    bench.flow((ctx) => {
      const kase = casesOf(ctx).find(caseId)!;
      delete kase.flags.persons;
      delete kase.flags.earlier;
      casesOf(ctx).save(kase);
    });
    sweep(bench);
    return flagsOf(bench, caseId).persons![0];
  }

  test("the reporter's name rules a word out, as it does for codes given at intake", () => {
    // The code this world draws; then the same world with a reporter whose surname is that code's noun.
    const drawn = backfilledCode('Ilsabet Marn');
    const noun = drawn.split(' ')[1];
    const surname = noun[0].toUpperCase() + noun.slice(1);
    const code = backfilledCode(`Ilsabet ${surname}`);
    expect(code).toMatch(/^[a-z]+ [a-z]+$/);
    expect(code.split(' ')).not.toContain(noun);
  });
});
