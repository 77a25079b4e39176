// Adversarial cases of the committee's Google accounts changing under the desk (ADV-558, ADV-559): the Workspace admin renames the committee account; an upgrade asks for a permission not yet granted; through the built bundle, invariants after every step.
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, REPORT_ONE } from '../support/flows';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';
import { allowCrashWindow } from '../support/crash-matrix';

jest.setTimeout(5 * 60 * 1000);

const RENAMED = 'coc-desk@example.org';

function scriptProperties(r: Rehearsal): Map<string, string> {
  return (r.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
}

function deleteTrigger(r: Rehearsal, handler: string): void {
  const registry = (r.ws as unknown as { registry: { records: Array<{ handler: string; deleted: boolean }> } })
    .registry;
  for (const t of registry.records) if (t.handler === handler) t.deleted = true;
}

describe('ADV-558 the Workspace admin renames the committee account', () => {
  it('ADV-558 the owner can still run setup and selfTest, and the hourly sweep still repairs the triggers', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    // Same account, new primary address: Session says the new one; Drive and mail keep the old one as an alias.
    r.ws.rt.primaryAddress.set(OWNER, RENAMED);
    // A trigger deleted meanwhile: the sweep, running as the renamed account, puts it back within the hour.
    deleteTrigger(r, 'onReportSubmit_');
    r.advance(HOUR + 60_000);
    r.check();
    expect(r.ws.triggers().filter((t) => t.handler === 'onReportSubmit_')).toHaveLength(1);
    expect(scriptProperties(r).get('owner')).toBe(RENAMED);
    // Before: `setup refused: this installation belongs to another account`, and the sweep never checked again.
    const setup = r.ws.run('setup');
    expect(setup.error).toBeUndefined();
    expect(setup.record.outcome).toBe('ok');
    expect(r.ws.run('selfTest').record.outcome).toBe('ok');
    r.check();
    expect(r.registry('Audit').filter((a) => a.Event === 'owner.renamed')).toHaveLength(1);
  });

  it('ADV-558 another account that cannot open the private registry is still refused', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    const run = r.ws.run('setup', [], { user: 'stranger@example.org' });
    expect(run.record.outcome).toBe('error');
    expect(String(run.error)).toContain('belongs to another account');
    expect(scriptProperties(r).get('owner')).toBe(OWNER);
  });
});

describe('ADV-581 the sweep\u2019s trigger deleted, the committee account renamed, nothing runs for hours', () => {
  it('ADV-581 the first run that checks tells each member once, with both facts: the trigger re-created, and nothing run since when', () => {
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Time zone': 'Asia/Kolkata' },
    });
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.ws.rt.primaryAddress.set(OWNER, RENAMED);
    deleteTrigger(r, 'sweep_');
    r.advance(5 * HOUR);
    const run = r.ws.rt.executions.length;
    // Ana answers her conflict check: the page, run as the committee account (renamed: ADV-558), checks the triggers.
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.ws.triggers().filter((t) => t.handler === 'sweep_')).toHaveLength(1);
    const alerts = r.ws.mail().filter((m) => m.execution > run && m.to.join() === BO.email && /^\[/.test(m.subject));
    // Before: two alerts from that run, `The automation's triggers were repaired` and `Conduct Desk did not run from …`,
    // the second blaming an upgrade or Google for a deleted trigger.
    expect(alerts.map((m) => m.subject)).toEqual([
      expect.stringMatching(/Conduct Desk did not run from 2026-03-02 14:30 /),
    ]);
    expect(alerts[0].body).toContain('Re-created missing trigger(s): sweep_.');
    expect(alerts[0].body).not.toMatch(/upgrade|outage/);
    r.advance(6 * HOUR);
    r.check();
    expect(r.ws.mail().filter((m) => m.to.join() === BO.email && /did not run|repaired/.test(m.subject))).toHaveLength(
      1,
    );
  });
});

describe('ADV-606 the run that re-creates the sweep\u2019s trigger dies before its commit', () => {
  it('ADV-606 killed at every side effect of the member\u2019s answer that repairs it: each member still learns the trigger was re-created', () => {
    const base = Rehearsal.start(COMMITTEE_OPTIONS);
    base.report(REPORT_ONE.answers, REPORT_ONE.people);
    deleteTrigger(base, 'sweep_');
    // Two hours: not yet `did not run` (three), so the repair's own alert is all that tells the sweep stopped.
    base.advance(2 * HOUR);
    const run = base.ws.rt.executions.length;
    const told = (r: Rehearsal) =>
      r.ws
        .mail()
        .filter(
          (m) =>
            m.execution > run && m.to.join() === BO.email && /Re-created missing trigger\(s\): sweep_/.test(m.body),
        );
    let k = 1;
    for (; k < 200; k++) {
      const r = base.fork();
      r.checkEveryStep = false;
      let killed = 0;
      r.respond(ANA.email, 1, 'no-conflict', {
        beforePost: () => {
          killed = r.ws.rt.executions.length + 1;
          r.crashNextExecutionAt(k);
        },
      });
      r.ws.rt.crashPlan = null;
      if (!/crash injected/.test(r.ws.rt.executions.find((e) => e.id === killed)?.error ?? '')) break;
      allowCrashWindow(r, killed);
      r.checkEveryStep = true;
      // Ana, shown an error, answers again; then the hourly sweeps run.
      r.respond(ANA.email, 1, 'no-conflict');
      r.advance(3 * HOUR);
      r.check();
      expect(r.ws.triggers().filter((t) => t.handler === 'sweep_')).toHaveLength(1);
      // Before: killed after the trigger was made and before the commit, nobody was ever told (the retry found it there).
      // (Twice only where the run died between a send and its journal: the at-least-once window.)
      expect([k, Math.min(told(r).length, 1)]).toEqual([k, 1]);
      expect(told(r).length).toBeLessThanOrEqual(r.k.allowedDuplicateKeys.size ? 2 : 1);
    }
    expect(k).toBeGreaterThan(3);
  });
});

describe('ADV-559 an upgrade asks for a permission the committee account has not granted yet', () => {
  it('ADV-559 every run fails for 30 hours; the first that works again tells the committee from when, once', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    const told = () => r.ws.mail().filter((m) => /Conduct Desk did not run from/.test(m.subject));
    // Every trigger and page fails before any code runs (`Authorization is required to perform that action.`); a
    // report comes meanwhile, and its Form trigger fails too (the checker waits for it until runs work again).
    r.ws.authorizationRequired = true;
    r.checkEveryStep = false;
    r.advance(HOUR);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.advance(30 * HOUR);
    expect(r.ws.rt.executions.slice(-3).map((e) => e.error)).toEqual(
      Array(3).fill('Exception: Authorization is required to perform that action.'),
    );
    expect(told()).toHaveLength(0);
    // The owner runs setup from the editor and grants the permission: runs work again.
    expect(r.ws.run('setup').record.outcome).toBe('ok');
    r.checkEveryStep = true;
    r.advance(3 * HOUR);
    r.check();
    // The reporter is acknowledged, late; before, nobody was told that nothing ran for 31 hours.
    expect(r.mailTo(REPORT_ONE.people.reporter?.email ?? '')).toHaveLength(1);
    const alerts = told();
    // Each member, once (the committee account has Google's own failure emails, and ran setup).
    expect(alerts.map((m) => m.to.join())).toEqual([ANA.email, BO.email, CY.email, DEE.email]);
    expect(alerts[0].subject).toContain('Conduct Desk did not run from 2026-03-02 09:00');
    expect(alerts[0].body).toContain('caught up now, late');
    r.advance(6 * HOUR);
    expect(told()).toHaveLength(alerts.length);
  });

  it('ADV-582 the time it gives is named with the committee\u2019s time zone, as every time a person reads', () => {
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Time zone': 'Asia/Kolkata' },
    });
    r.ws.authorizationRequired = true;
    r.checkEveryStep = false;
    r.advance(5 * HOUR);
    r.ws.authorizationRequired = false;
    r.checkEveryStep = true;
    r.advance(HOUR);
    r.check();
    const told = r.ws.mail().filter((m) => /Conduct Desk did not run from/.test(m.subject));
    // Before: `… did not run from 2026-03-02 14:30`, 09:00 UTC, read in Berlin as 14:30 there, five and a half hours off.
    expect(told.map((m) => m.subject)).toEqual(
      Array(4).fill('[Conduct Desk] Conduct Desk did not run from 2026-03-02 14:30 (Asia/Kolkata)'),
    );
  });
});

describe('ADV-616 the trigger repair fails part way with a ScriptApp error', () => {
  it('ADV-616 two triggers deleted, the second cannot be made this hour: each member still learns the first was re-created', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    deleteTrigger(r, 'onReportSubmit_');
    deleteTrigger(r, 'onStatusEdit_');
    // The Form's trigger is made, then Google fails the status sheet's (a server error the run catches, not a crash).
    const nth = (r.ws.rt.totals['TriggerBuilder.create'] ?? 0) + 2;
    r.ws.rt.faults = [
      {
        call: 'TriggerBuilder.create',
        nth,
        message: 'We\u2019re sorry, a server error occurred. Please wait a bit and try again.',
      },
    ];
    const failed = r.sweep();
    r.ws.rt.faults = [];
    expect(r.ws.triggers().filter((t) => t.handler === 'onReportSubmit_')).toHaveLength(1);
    expect(r.registry('Audit').filter((a) => a.Event === 'sweep.step-failed').length).toBeGreaterThan(0);
    expect(failed.record.outcome).not.toBe('killed');
    r.advance(2 * HOUR);
    r.check();
    expect(r.ws.triggers().filter((t) => t.handler === 'onStatusEdit_')).toHaveLength(1);
    const told = r.ws
      .mail()
      .filter((m) => m.to.join() === BO.email && /triggers were repaired/.test(m.subject))
      .map((m) => m.body)
      .join('\n');
    // Before: the failed run's commit settled the intent that named the Form's trigger, and nothing told it; the next
    // run told only the status sheet's.
    expect(told).toMatch(/Re-created missing trigger\(s\): onReportSubmit_/);
    expect(told).toMatch(/Re-created missing trigger\(s\): onStatusEdit_/);
  });
});
