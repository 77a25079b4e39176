// The Doc journal under a crash: an entry a run saved to a Doc before dying ahead of its registry write is undone by the next sweep (and written once when the member repeats the action); an entry whose registry write landed is kept.
import { allowCrashWindow } from '../support/crash-matrix';
import { FLOWS, COMMITTEE_OPTIONS } from '../support/flows';
import { Rehearsal } from '../support/rehearsal';

jest.setTimeout(5 * 60 * 1000);

const FLOW = FLOWS.find((f) => f.name === 'vote: opening');
if (!FLOW) throw new Error('the vote-opening flow is missing from test/support/flows.ts');
const flow = FLOW;

/** The Doc lines the flow adds when nothing goes wrong. */
function linesAddedByFlow(prepared: Rehearsal): string[] {
  const before = new Set(prepared.docText(1).split('\n'));
  const baseline = prepared.fork();
  flow.act(baseline, () => undefined);
  return baseline
    .docText(1)
    .split('\n')
    .filter((line) => line && !before.has(line));
}

/**
 * A fork in which the flow's execution was killed right before the first `method` call that follows an
 * `after` call (found by trying each side effect in turn, as the crash matrix does).
 */
function crashedBefore(prepared: Rehearsal, method: string, after: string): Rehearsal {
  let seenAfter = false;
  for (let k = 1; k < 200; k++) {
    const run = prepared.fork();
    let killedId = 0;
    flow.act(run, () => {
      killedId = run.ws.rt.executions.length + 1;
      run.crashNextExecutionAt(k);
    });
    run.ws.rt.crashPlan = null;
    const record = run.ws.rt.executions.find((e) => e.id === killedId);
    if (record?.outcome !== 'killed') break;
    const at = /\(([^)]+)\)\s*$/.exec(record.error ?? '')?.[1];
    if (at === after) seenAfter = true;
    if (seenAfter && at === method) {
      allowCrashWindow(run, killedId);
      return run;
    }
  }
  throw new Error(`the flow never called ${method} after ${after}`);
}

function countOf(text: string, line: string): number {
  return text.split('\n').filter((l) => l === line).length;
}

/** A Doc line without the date the system puts in front of its entries (`2026-03-02 09:00 UTC — `). */
function undated(line: string): string {
  return line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d [^—]*— /, '');
}

function auditEvents(r: Rehearsal): string[] {
  return r.registry('Audit').map((row) => row.Event);
}

describe('Doc journal', () => {
  const prepared = Rehearsal.start(COMMITTEE_OPTIONS);
  flow.prepare(prepared);
  const added = linesAddedByFlow(prepared);

  it('the flow under test appends to the case Doc', () => {
    expect(added.length).toBeGreaterThan(0);
  });

  it('undoes the entries of a run that died after saving the Doc but before its registry write', () => {
    const run = crashedBefore(prepared, 'Range.setValues', 'Document.saveAndClose');
    // The Doc says more than the registry: the vote is not recorded, its entry is there.
    expect(run.registry('Votes')).toHaveLength(prepared.registry('Votes').length);
    for (const line of added) expect(run.docText(1)).toContain(line);
    expect(run.ws.properties().docJournal).toBeTruthy();

    run.sweep();
    for (const line of added) expect(run.docText(1)).not.toContain(line);
    expect(run.ws.properties().docJournal).toBeUndefined();
    expect(auditEvents(run)).toContain('docs.undone');

    // The member opens the vote again: its entry is written once.
    flow.recover(run);
    expect(run.registry('Votes').length).toBeGreaterThan(prepared.registry('Votes').length);
    const now = run.docText(1).split('\n').map(undated);
    for (const line of added.map(undated))
      expect(now.filter((l) => l === line)).toHaveLength(added.map(undated).filter((l) => l === line).length);
  });

  it('keeps the entries of a run that died after its registry write, before deleting the journal', () => {
    const run = crashedBefore(prepared, 'Properties.deleteProperty', 'Range.setValues');
    expect(run.registry('Votes').length).toBeGreaterThan(prepared.registry('Votes').length);
    expect(run.ws.properties().docJournal).toBeTruthy();

    run.sweep();
    for (const line of added) expect(countOf(run.docText(1), line)).toBe(1);
    expect(run.ws.properties().docJournal).toBeUndefined();
    expect(auditEvents(run)).not.toContain('docs.undone');
    expect(auditEvents(run)).toContain('commit.witness');
  });

  it('leaves no journal behind when nothing crashes', () => {
    const run = prepared.fork();
    flow.act(run, () => undefined);
    expect(run.ws.properties().docJournal).toBeUndefined();
    expect(Object.keys(run.ws.properties()).filter((k) => k.startsWith('intent.'))).toEqual([]);
    for (const line of added) expect(countOf(run.docText(1), line)).toBe(1);
  });
});
