// Acknowledgments keep the procedure's 24 hours in a flood of reports on a consumer account (100 recipients a day, a fifth kept for urgent alerts): one that would wait past its deadline for the next quota day draws on half the reserve (before, reporters 13 and 14 were acknowledged after 24.97 h while the reserve sat unused), and what waits goes when the quota comes back, not with the hourly sweep after it (ADV-420).
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, EVE, floodThenReport, reportJunk } from '../support/flows';
import { DAY, HOUR, Rehearsal } from '../support/rehearsal';

const MEMBERS5 = [ANA, BO, CY, DEE, EVE];

describe('a flood of reports on a consumer account', () => {
  test('every reporter is acknowledged within 24 hours of the report', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS5, profile: 'consumer', mailQuota: 100 });
    const at: number[] = [];
    for (let i = 0; i < 15; i++) {
      at.push(r.ws.rt.now());
      reportJunk(r, i);
    }
    // The day's quota less its reserve is spent: mail waits.
    expect(r.registry('Outbox').some((o) => o.State === 'pending')).toBe(true);
    // No urgent alert all day: the reserve is untouched.
    expect(r.ws.mail().some((m) => /^Urgent:/.test(m.subject))).toBe(false);
    r.advance(2 * DAY);
    const late: string[] = [];
    for (let i = 0; i < 15; i++) {
      const ack = r.mailTo(`junk${i}@example.net`).find((m) => /^We received your report$/.test(m.subject));
      expect(ack).toBeDefined();
      const hours = ((ack?.at ?? Infinity) - at[i]) / HOUR;
      if (hours > 24) late.push(`reporter ${i}: acknowledged after ${hours.toFixed(2)} h`);
    }
    expect(late).toEqual([]);
  });

  test("ADV-420 the report after the day's first send: its acknowledgment goes when the quota comes back, not with the hourly sweep after it", () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS5, profile: 'consumer', mailQuota: 100 });
    // 26 reports in a few minutes spend the day's quota and its reserve; a genuine report comes 20 minutes on.
    const at = floodThenReport(r);
    expect(r.mailTo('rita@example.net')).toEqual([]);
    // One run waits for the minutes the quota comes back (24 h after the day's first send), beside the four triggers.
    const handlers = () =>
      r.ws
        .triggers()
        .map((t) => t.handler)
        .sort();
    expect(handlers()).toEqual(['mailAtQuotaReset_', 'onReportSubmit_', 'onStatusChange_', 'onStatusEdit_', 'sweep_']);
    r.advance(2 * DAY);
    const ack = r.mailTo('rita@example.net').find((m) => /^We received your report$/.test(m.subject));
    expect(ack).toBeDefined();
    // Before, it went with the first hourly sweep after the quota came back: 24.66 hours after the report.
    expect(((ack?.at ?? Infinity) - at) / HOUR).toBeLessThanOrEqual(24);
    // Each quota day that leaves mail waiting has one wake-up, still to come; one that ran is removed, and nobody is
    // told of a trigger repaired.
    const wakeups = () => r.ws.triggers().filter((t) => t.handler === 'mailAtQuotaReset_');
    expect(wakeups().length).toBeLessThanOrEqual(1);
    for (const w of wakeups()) expect(Date.parse(w.nextDue ?? '')).toBeGreaterThan(r.ws.rt.now());
    r.advance(3 * DAY);
    expect(r.registry('Outbox').filter((o) => o.State === 'pending')).toEqual([]);
    expect(handlers()).toEqual(['onReportSubmit_', 'onStatusChange_', 'onStatusEdit_', 'sweep_']);
    expect(r.ws.mail().filter((m) => /triggers were repaired/.test(m.subject))).toEqual([]);
    expect(r.ws.properties().quotaWakeup).toBeUndefined();
  });
});
