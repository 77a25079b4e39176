// Adversarial cases of the committee's Google accounts changing under the desk (ADV-A1…): the Workspace admin renames the committee account; through the built bundle, invariants after every step.
import { COMMITTEE_OPTIONS } from '../support/flows';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';

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

describe('ADV-A1 the Workspace admin renames the committee account', () => {
  it('ADV-A1 the owner can still run setup and selfTest, and the hourly sweep still repairs the triggers', () => {
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

  it('ADV-A1 another account that cannot open the private registry is still refused', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    const run = r.ws.run('setup', [], { user: 'stranger@example.org' });
    expect(run.record.outcome).toBe('error');
    expect(String(run.error)).toContain('belongs to another account');
    expect(scriptProperties(r).get('owner')).toBe(OWNER);
  });
});
