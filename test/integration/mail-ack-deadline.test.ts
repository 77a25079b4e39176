// Acknowledgments keep the procedure's 24 hours in a flood of reports on a consumer account (100 recipients a day, a fifth kept for urgent alerts): one that would wait past its deadline for the next quota day draws on half the reserve; before, reporters 13 and 14 were acknowledged after 24.97 h while the reserve sat unused.
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, EVE, reportJunk } from '../support/flows';
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
});
