// Deadline-bound mail under Google's daily recipient quota (consumer account, 100 recipients, a fifth kept for urgent alerts): a vote's "closes tomorrow" reminder goes by the vote's deadline, not as a member reminder sent last, and is never sent once the vote has closed.
import { ANA, COMMITTEE_OPTIONS, CY, DEE, REPORT_ONE, reportJunk, submit } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

const REMINDER = /A vote closes tomorrow/;

/** Case 1 with a vote open in which only Ana voted (Cy and Dee are owed the reminder); returns when it closes. */
function openVoteAnaOnly(r: Rehearsal): number {
  submit(r, REPORT_ONE);
  for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
  r.writeTexts(ANA.email, 1);
  expect(r.openVote(ANA.email, 1).ok).toBe(true);
  expect(r.vote(ANA.email, 1, 'approve').ok).toBe(true);
  // Settings `Vote within (days)`: 7 by default.
  return Date.parse(r.registry('Votes')[0]['Opened At']) + 7 * 24 * HOUR;
}

function start(): Rehearsal {
  return Rehearsal.start({ ...COMMITTEE_OPTIONS, profile: 'consumer', mailQuota: 100 });
}

describe('a vote reminder under quota pressure', () => {
  test('reaches the members who have not voted before the vote closes, though a flood fills the quota', () => {
    const r = start();
    const closesAt = openVoteAnaOnly(r);
    // 27 hours before the close the day's quota is spent (its window resets 3 hours before the close), and a
    // flood of 18 reports queues 90 acknowledgment and screening emails; the reminder is queued 3 hours later.
    r.advance(closesAt - 27 * HOUR - r.ws.rt.now());
    r.ws.setMailQuotaUsed(100);
    for (let i = 0; i < 18; i++) reportJunk(r, i);
    r.advance(closesAt - r.ws.rt.now() - 60_000);
    const reminder = (email: string) => r.mailTo(email).filter((m) => REMINDER.test(m.subject + m.body));
    // Before, the reminder was a member reminder, the last class: the new day's quota went to the flood first.
    for (const m of [CY, DEE]) {
      expect(reminder(m.email)).toHaveLength(1);
      expect(reminder(m.email)[0].at).toBeLessThan(closesAt);
    }
    expect(reminder(ANA.email)).toHaveLength(0);
  });

  test('one still waiting for the quota when the vote closes is never sent: the result goes instead', () => {
    const r = start();
    const closesAt = openVoteAnaOnly(r);
    // The quota is spent from just before the reminder is queued (the first sweep less than 24 hours before the
    // close) until half an hour after the vote closes.
    r.advance(closesAt - 24 * HOUR + 30 * 60_000 - r.ws.rt.now());
    r.ws.setMailQuotaUsed(100);
    r.advance(26 * HOUR);
    for (const m of [CY, DEE]) {
      expect(r.mailTo(m.email).filter((x) => REMINDER.test(x.subject + x.body))).toHaveLength(0);
      expect(r.mailTo(m.email).some((x) => /did not pass|passed/i.test(x.subject + x.body))).toBe(true);
    }
    const rows = r.registry('Outbox').filter((o) => o.Key.includes('|vote-reminder:'));
    expect(rows.map((o) => `${o.State} ${o.Error}`)).toEqual(Array(2).fill('digested dropped: the vote closed first'));
  });
});
