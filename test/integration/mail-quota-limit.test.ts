// The outbox learns the day's mail quota again each quota day: a quota smaller than one seen before (Google lowered it from 500 to 100 in 2013; an account moves from Workspace to consumer) once kept a reserve larger than the whole day, and no acknowledgment or screening email went out again.
import { ANA, BO, COMMITTEE_OPTIONS, REPORT_ONE, REPORT_TWO, submit } from '../support/flows';
import { DAY, Rehearsal } from '../support/rehearsal';

describe('a daily mail quota smaller than one seen before', () => {
  test('mail still goes out: acknowledgment and screening within a day', () => {
    // A Workspace account (1,500 recipients a day): the outbox records the limit it sees.
    const big = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: [ANA, BO], profile: 'workspace' });
    submit(big, REPORT_ONE);
    expect(JSON.parse(big.ws.properties().mailQuota).limit).toBe(1500);
    // The same desk, its account now given 100 recipients a day.
    const r = big.fork({ mailQuota: 100 });
    r.advance(DAY);
    const before = r.ws.mail().length;
    submit(r, REPORT_TWO);
    r.advance(2 * DAY);
    const after = r.ws.mail().slice(before);
    // REPORT_TWO is anonymous: two screening emails are owed, one per member, each of 1 recipient out of 100.
    for (const m of [ANA, BO]) {
      expect(after.filter((x) => x.to.includes(m.email) && /conflict of interest/i.test(x.subject))).toHaveLength(1);
    }
    expect(r.registry('Outbox').filter((o) => o.State === 'pending')).toEqual([]);
  });
});
