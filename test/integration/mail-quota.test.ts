// Mail on a consumer account's quota (issue 15): urgent alerts through a flood, acknowledgments first when the quota comes back, the owner told once, digests instead of per-case reminders, and an urgent report naming every member.
import type { SentMail } from '../../workbench';
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, ESCALATION, EVE, SPACE, reportJunk } from '../support/flows';
import { DAY, HOUR, OWNER, Rehearsal } from '../support/rehearsal';

const MEMBERS5 = [ANA, BO, CY, DEE, EVE];

function start(extra: Partial<Parameters<typeof Rehearsal.start>[0]> = {}): Rehearsal {
  return Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS5, profile: 'consumer', mailQuota: 100, ...extra });
}

function outboxRow(r: Rehearsal, key: string): Record<string, string> {
  const row = r.registry('Outbox').find((o) => o.Key === key);
  if (!row) throw new Error(`no outbox row ${key}`);
  return row;
}

/** When the message with this subject to `to` left, or undefined. */
function sentAt(r: Rehearsal, to: string, subject: RegExp): SentMail | undefined {
  return r.mailTo(to).find((m) => subject.test(m.subject));
}

const RECEIVED = /^We received your report$/;
const WAITING = /Mail is waiting/;

describe('a flood of reports on a consumer account', () => {
  test('the urgent alert of a real report goes at once from the reserve, and the owner hears once what waits', () => {
    const r = start();
    for (let i = 0; i < 15; i++) reportJunk(r, i);
    // Fifteen reports at six recipients each do not fit in 100 less the 20% kept: screening emails wait.
    expect(r.registry('Outbox').filter((o) => o.State === 'pending').length).toBeGreaterThan(0);
    const notices = () => r.mailTo(OWNER).filter((m) => WAITING.test(m.subject));
    expect(notices()).toHaveLength(1);
    expect(notices()[0].body).toMatch(/Conflict-of-interest \(screening\) emails: \d+/);
    expect(notices()[0].body).toMatch(/They go out by 2026-03-03 10:01 \(Etc\/UTC\)/);

    r.advance(HOUR);
    const at = r.ws.rt.now();
    r.report(
      {
        'Your email address': 'real@example.net',
        'Who was involved?': 'Vik Oranda',
        'Where did it happen?': SPACE,
        'What happened?': 'Threats of violence at the meetup.',
        'Is anyone in immediate danger?': 'Yes',
      },
      { reporter: { email: 'real@example.net' }, reported: [{ name: 'Vik Oranda' }] },
    );
    const real = r.kase(16);
    for (const m of MEMBERS5) {
      const alert = sentAt(r, m.email, /^Urgent:/);
      // Sent by the intake execution itself (its clock moves with each call), not by a later run.
      expect((alert?.at ?? Infinity) - at).toBeLessThan(60_000);
      expect(alert?.subject).toContain(real.codeName);
    }
    // Still one notice the whole quota day, however many runs find mail waiting.
    r.advance(12 * HOUR);
    expect(notices()).toHaveLength(1);
    expect(r.registry('Audit').filter((a) => a.Event === 'mail.waiting')).toHaveLength(1);

    // When the quota comes back, the real reporter's acknowledgment goes before the screening emails queued earlier.
    r.advance(12 * HOUR);
    const ack = sentAt(r, 'real@example.net', RECEIVED) as SentMail;
    expect(ack).toBeDefined();
    const firstScreeningAfter = r.ws
      .mail()
      .filter((m) => m.at >= ack.at && /involves/i.test(m.subject))
      .map((m) => m.seq);
    expect(firstScreeningAfter.every((seq) => seq > ack.seq)).toBe(true);
    expect(ack.at - at).toBeLessThanOrEqual(24 * HOUR);
    r.advance(2 * DAY);
    expect(r.registry('Outbox').filter((o) => o.State === 'pending')).toEqual([]);
  });
});

describe('a quota that comes back mid-day', () => {
  test('acknowledgments queued while it was spent go first in the first run after it returns, inside their deadline', () => {
    const r = start();
    // The day's quota (whose window opened with the welcome emails at 09:00) is spent by 11:00.
    r.advance(2 * HOUR);
    r.ws.setMailQuotaUsed(100);
    for (let i = 0; i < 3; i++) {
      reportJunk(r, i);
      r.advance(HOUR);
    }
    const thirdReportAt = Date.parse('2026-03-02T13:00:00Z');
    expect(r.registry('Outbox').filter((o) => o.State === 'pending').length).toBe(18);
    // Nothing goes while the quota is spent, not even the owner's notice (it waits in the reserve's place).
    expect(r.ws.mail().filter((m) => m.at > Date.parse('2026-03-02T10:00:00Z'))).toEqual([]);

    r.advance(22 * HOUR);
    const acks = [0, 1, 2].map((i) => sentAt(r, `junk${i}@example.net`, RECEIVED) as SentMail);
    for (const ack of acks) expect(ack).toBeDefined();
    const quotaBack = Date.parse('2026-03-03T09:00:00Z');
    const firstRun = r.ws.mail().find((m) => m.at >= quotaBack) as SentMail;
    // The third reporter hears from us in the first run after the quota returned, before any screening email…
    expect(acks[2].execution).toBe(firstRun.execution);
    const screening = r.ws.mail().filter((m) => /involves/i.test(m.subject));
    expect(Math.min(...screening.map((m) => m.seq))).toBeGreaterThan(Math.max(...acks.map((a) => a.seq)));
    // …and inside the 24 hours the case was opened under.
    expect(acks[2].at).toBeLessThanOrEqual(thirdReportAt + 24 * HOUR);
    expect(outboxRow(r, `${r.kase(3).caseId}|ack|reporter`).State).toBe('sent');
  });
});

describe('a report naming every member', () => {
  test('its urgent alert goes to the committee account and the escalation contact, and to no member', () => {
    const r = start({ members: [ANA, CY] });
    const before = r.ws.mail().length;
    r.report(
      {
        'Who was involved?': 'Ana Lima, Cy Park',
        'Where did it happen?': SPACE,
        'What happened?': 'Both of them ignored a threat made at the sprint.',
        'Is anyone in immediate danger?': 'Yes',
      },
      {
        reported: [
          { name: 'Ana Lima', email: ANA.email },
          { name: 'Cy Park', email: CY.email },
        ],
      },
    );
    const kase = r.kase(1);
    const after = r.ws.mail().slice(before);
    expect(after.filter((m) => [ANA.email, CY.email].includes(m.to[0]))).toEqual([]);
    for (const to of [OWNER, ESCALATION]) {
      const alerts = after.filter((m) => m.to[0] === to && /^Urgent:/.test(m.subject));
      expect(alerts).toHaveLength(1);
      expect(alerts[0].subject).toContain(kase.codeName);
      expect(alerts[0].body).toContain('No committee member could be alerted');
      expect(alerts[0].body).not.toMatch(/Ana|Cy Park|threat/);
    }
    expect(r.registry('Audit').some((a) => a.Event === 'intake.urgent-unrouted')).toBe(true);
  });
});

describe('reminder digests', () => {
  test('two cases due the same day reach each cleared member in one email listing both', () => {
    const r = start({ members: [ANA, CY], profile: 'workspace', mailQuota: undefined });
    reportJunk(r, 0);
    reportJunk(r, 1);
    for (const n of [1, 2]) for (const m of [ANA, CY]) expect(r.respond(m.email, n, 'no-conflict').ok).toBe(true);
    const before = r.mailTo(ANA.email).length;
    r.advance(8 * DAY);
    const digests = r
      .mailTo(ANA.email)
      .slice(before)
      .filter((m) => /Reminders?:/.test(m.subject));
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toBe('[Conduct Desk] Reminders: 2 cases need attention');
    for (const n of [1, 2]) expect(digests[0].body).toContain(`Case page for ${r.kase(n).codeName}:`);
    // No per-case reminder went to a member.
    expect(r.mailTo(ANA.email).filter((m) => /follow-up deadline has passed/.test(m.subject))).toEqual([]);
    // A week on, the next period's reminders make one more digest.
    r.advance(7 * DAY);
    expect(
      r
        .mailTo(ANA.email)
        .slice(before)
        .filter((m) => /Reminders?:/.test(m.subject)),
    ).toHaveLength(2);
  });

  test('weekly digests: reminders of a week wait for its one digest', () => {
    const r = start({ members: [ANA], profile: 'workspace', mailQuota: undefined });
    r.setSetting('Reminder digest', 'Weekly');
    reportJunk(r, 0);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.advance(DAY);
    reportJunk(r, 1);
    expect(r.respond(ANA.email, 2, 'no-conflict').ok).toBe(true);
    // Case 1's follow-up is due on Monday 9 March, case 2's on Tuesday: one digest that week, the second case next week.
    r.advance(9 * DAY);
    const digests = r.mailTo(ANA.email).filter((m) => /Reminders?:/.test(m.subject));
    expect(digests).toHaveLength(1);
    expect(digests[0].body).toContain(r.kase(1).codeName);
    expect(digests[0].body).not.toContain(r.kase(2).codeName);
    r.advance(7 * DAY);
    const later = r.mailTo(ANA.email).filter((m) => /Reminders?:/.test(m.subject));
    expect(later).toHaveLength(2);
    expect(later[1].body).toContain(r.kase(2).codeName);
  });
});
