// Clock triggers as Google runs them (a seeded minute within the hour, sometimes late) and the daily trigger runtime quota: the product's week comes out the same as with triggers on the hour, and stays far inside the quota.
import { Workspace } from '../../workbench';
import { expectNoErrors, startDesk, submitReport, type Desk } from './desk';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };
const HOUR = 3600 * 1000;

/** A week: a report nobody screens, then hour after hour of sweeps; every mail as `to | subject`, and the sweeps' start minutes. */
function week(triggerJitter: boolean): { desk: Desk; mail: string[]; minutes: Set<number> } {
  const desk = startDesk({ members: [ANA, BO], triggerJitter, seed: 11 });
  submitReport(desk, { reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' }, reported: ['Sam Doe'] });
  const minutes = new Set<number>();
  for (let h = 0; h < 8 * 24; h++) {
    const results = desk.ws.advance(HOUR);
    expectNoErrors(results);
    for (const r of results) minutes.add(new Date(r.record.startedAt).getUTCMinutes());
    desk.check();
  }
  const mail = desk.ws
    .mail()
    .map((m) => `${m.to.join(',')} | ${m.subject}`)
    .sort();
  return { desk, mail, minutes };
}

describe('clock triggers at a random minute, sometimes late', () => {
  const onTime = week(false);
  const jittered = week(true);

  it('really fire off the hour (the emulator models it)', () => {
    expect(onTime.minutes.size).toBe(1);
    expect(jittered.minutes.size).toBeGreaterThan(1);
  });

  it('change nothing the committee or the reporter gets: the same messages, to the same people', () => {
    expect(jittered.mail).toEqual(onTime.mail);
    expect(jittered.mail.length).toBeGreaterThan(3);
  });

  it('keep a week of hourly sweeps far inside the 90 minutes of trigger time a consumer account has each day', () => {
    const ws: Workspace = jittered.desk.ws;
    expect(ws.snapshot().executions.filter((e) => /too much computer time/.test(e.error ?? ''))).toEqual([]);
    expect(ws.triggerRuntimeUsed()).toBeLessThan(30 * 60 * 1000);
  });
});
