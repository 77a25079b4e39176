// The trigger check outside the sweep (src/flows/trigger-health.ts) through the built bundle: what it costs, how often it runs, who may run it, and that uninstall stays uninstalled; invariants after every step.
import { ANA, BO, COMMITTEE_OPTIONS, REPORT_ONE, REPORT_TWO } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

jest.setTimeout(5 * 60 * 1000);

const CHECK = 'ScriptApp.getProjectTriggers';

type Registry = { records: Array<{ handler: string; deleted: boolean; disabled: boolean }> };

function registryOf(r: Rehearsal): Registry {
  return (r.ws as unknown as { registry: Registry }).registry;
}

function sweepTriggers(r: Rehearsal) {
  return r.ws.triggers().filter((t) => t.handler === 'sweep_');
}

/** Executions since `mark` (an index into the execution log), by handler, with how many trigger checks each made. */
function checksSince(r: Rehearsal, mark: number): Array<{ fn: string; checks: number }> {
  return r.ws.rt.executions.slice(mark).map((e) => ({ fn: e.fn, checks: e.calls[CHECK] ?? 0 }));
}

function scriptProperties(r: Rehearsal): Map<string, string> {
  return (r.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
}

describe('trigger health outside the sweep', () => {
  it('costs nothing while the sweep runs: only the sweep looks at the triggers', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.advance(3 * HOUR);
    const mark = r.ws.rt.executions.length;
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.advance(HOUR);
    const runs = checksSince(r, mark);
    expect(runs.filter((e) => e.fn !== 'sweep_').map((e) => e.checks)).toEqual(
      runs.filter((e) => e.fn !== 'sweep_').map(() => 0),
    );
    expect(runs.filter((e) => e.fn === 'sweep_').map((e) => e.checks)).toEqual([1]);
  });

  it('with the sweep disabled, other executions check at most once an hour and repair nothing that is in order', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    for (const t of registryOf(r).records) if (t.handler === 'sweep_') t.disabled = true;
    r.advance(2 * HOUR);
    let mark = r.ws.rt.executions.length;
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    expect(checksSince(r, mark).map((e) => e.checks)).toEqual([1, 0, 0, 0]);
    r.advance(HOUR + 60_000);
    mark = r.ws.rt.executions.length;
    expect(r.respond(BO.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.respond(BO.email, 2, 'no-conflict').ok).toBe(true);
    expect(checksSince(r, mark).map((e) => e.checks)).toEqual([0, 1, 0, 0]);
    // A disabled trigger is still a trigger: exactly one per handler, nothing re-created, nobody alerted.
    expect(sweepTriggers(r)).toHaveLength(1);
    expect(r.ws.mail().some((m) => /triggers were repaired/.test(m.subject))).toBe(false);
  });

  it('a deleted sweep trigger is restored by a report once the last check is an hour old, and the committee is told once', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    for (const t of registryOf(r).records) if (t.handler === 'sweep_') t.deleted = true;
    r.advance(HOUR + 60_000);
    const mark = r.ws.rt.executions.length;
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(checksSince(r, mark).map((e) => e.checks)).toEqual([1]);
    expect(sweepTriggers(r)).toHaveLength(1);
    expect(
      r.ws
        .triggers()
        .map((t) => t.handler)
        .sort(),
    ).toEqual(['onReportSubmit_', 'onStatusChange_', 'onStatusEdit_', 'sweep_']);
    const told = r.mailTo(ANA.email).filter((m) => /triggers were repaired/.test(m.subject));
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('Re-created missing trigger(s): sweep_');
    r.advance(3 * HOUR);
    expect(r.mailTo(ANA.email).filter((m) => /triggers were repaired/.test(m.subject))).toHaveLength(1);
  });

  it('a POST with an invalid link never checks, and an execution under another address than the recorded owner checks only as the committee account renamed (ADV-558)', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    for (const t of registryOf(r).records) if (t.handler === 'sweep_') t.deleted = true;
    r.advance(2 * HOUR);
    let mark = r.ws.rt.executions.length;
    r.post({ t: 'not-a-token', op: 'no-conflict', confirm: 'yes' });
    expect(checksSince(r, mark).map((e) => e.checks)).toEqual([0]);
    // Setup recorded another address than the one this execution runs under. Another account's triggers would not be
    // ours, but only the committee account opens the private registry (shared with nobody): this is it, renamed by
    // its admin (ADV-558), so it checks, restores the sweep's trigger and is recorded as the owner from then on.
    const props = scriptProperties(r);
    const owner = props.get('owner') ?? '';
    props.set('owner', 'someone.else@example.org');
    mark = r.ws.rt.executions.length;
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(checksSince(r, mark).map((e) => e.checks)).toEqual([0, 1]);
    expect(sweepTriggers(r)).toHaveLength(1);
    expect(props.get('owner')).toBe(owner);
  });

  it('after uninstall no page action puts the triggers back; setup does', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.ws.run('uninstall').record.outcome).toBe('ok');
    r.advance(3 * HOUR);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.ws.triggers()).toEqual([]);
    expect(r.ws.run('setup').record.outcome).toBe('ok');
    expect(
      r.ws
        .triggers()
        .map((t) => t.handler)
        .sort(),
    ).toEqual(['onReportSubmit_', 'onStatusChange_', 'onStatusEdit_', 'sweep_']);
  });
});
