// Mail exactly-once under faults: quota exhaustion mid-batch, transient errors retried with bounded back-off, permanent errors reported, and at-most-once messages held (never re-sent) after a crash.
import type { ExecutionRecord } from '../../workbench';
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, EVE, REPORTED_ADDRESS, REPORT_ONE, submit } from '../support/flows';
import { DAY, HOUR, OWNER, Rehearsal, type RehearsalOptions } from '../support/rehearsal';
import { GIVE_UP_AFTER_MS, MAX_ATTEMPTS, RETRIES_PER_RUN } from '../../src/workspace/mailer';
import { allowCrashWindow } from '../support/crash-matrix';

const QUOTA_MESSAGE = 'Service invoked too many times for one day: email.';
const SERVER_ERROR = "We're sorry, a server error occurred. Please wait a bit and try again.";
const SHEETS_TIMEOUT =
  'Service Spreadsheets timed out while accessing document with id 1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg.';
const MEMBERS5 = [ANA, BO, CY, DEE, EVE];

function outbox(r: Rehearsal): Array<Record<string, string>> {
  return r.registry('Outbox');
}

/** The outbox keys of the mail that went out, in send order (matched by recipient, subject and body). */
function sentKeys(r: Rehearsal): string[] {
  const rows = outbox(r);
  return r.ws.mail().map((m) => {
    const row = rows.find(
      (o) => o.To.toLowerCase() === m.to.join(',').toLowerCase() && o.Subject === m.subject && o.Body === m.body,
    );
    return row?.Key ?? `(no row: ${m.subject})`;
  });
}

/** Makes the next `times` MailApp.sendEmail calls fail with `message` (counted from now: members' welcome mail went out already). */
function failNextSends(r: Rehearsal, message: string, times = 1, skip = 0): void {
  const nth = (r.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1 + skip;
  r.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, times, message }];
}

function start(members = MEMBERS5, extra: Partial<RehearsalOptions> = {}): Rehearsal {
  return Rehearsal.start({ ...COMMITTEE_OPTIONS, members, ...extra });
}

function executionsSince(r: Rehearsal, before: number): ExecutionRecord[] {
  return r.ws.rt.executions.slice(before);
}

describe('mail under quota exhaustion', () => {
  it('sends what fits, keeps the rest pending in order, and sends it in order when the quota comes back', () => {
    // No share kept for urgent mail here: this test is about what fits (test/integration/mail-quota.test.ts has the reserve).
    const r = start(MEMBERS5, {
      mailQuota: 100,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Mail reserve (%)': 0 },
    });
    r.ws.setMailQuotaUsed(97);
    submit(r, REPORT_ONE);
    const rows = outbox(r).filter((o) => o['Case ID'] === r.kase(1).caseId);
    const created = rows.map((o) => o.Key);
    expect(created).toHaveLength(6); // acknowledgment + five screening emails
    const caseMail = () => sentKeys(r).filter((k) => created.includes(k));
    expect(caseMail()).toEqual(created.slice(0, 3));
    expect(rows.slice(3).map((o) => o.State)).toEqual(['pending', 'pending', 'pending']);
    expect(rows.some((o) => o.State === 'failed')).toBe(false);

    // Hourly sweeps while the day's quota is spent send nothing and lose nothing.
    const callsBefore = r.ws.rt.totals['MailApp.sendEmail'];
    r.advance(20 * HOUR);
    expect(r.ws.rt.totals['MailApp.sendEmail']).toBe(callsBefore);
    expect(
      outbox(r)
        .filter((o) => o.State === 'pending')
        .map((o) => o.Key),
    ).toEqual(created.slice(3));

    // The quota window resets 24 h after its first use; the next sweep sends the rest, in order, once each.
    r.advance(6 * HOUR);
    expect(caseMail()).toEqual(created);
    expect(
      outbox(r)
        .filter((o) => created.includes(o.Key))
        .every((o) => o.State === 'sent'),
    ).toBe(true);
  });

  it('treats the daily-quota error itself as "wait for tomorrow", not as a failure', () => {
    const r = start(MEMBERS5);
    failNextSends(r, QUOTA_MESSAGE, 1, 1);
    submit(r, REPORT_ONE);
    const created = outbox(r)
      .filter((o) => o['Case ID'] === r.kase(1).caseId)
      .map((o) => o.Key);
    expect(sentKeys(r).filter((k) => created.includes(k))).toEqual(created.slice(0, 1));
    const second = outbox(r).find((o) => o.Key === created[1]);
    expect(second?.State).toBe('pending');
    expect(second?.Error).toContain('too many times for one day');
    expect(outbox(r).filter((o) => o.State === 'pending')).toHaveLength(5);
    r.advance(2 * HOUR);
    expect(sentKeys(r).filter((k) => created.includes(k))).toEqual(created);
    expect(r.registry('Audit').some((a) => a.Event === 'mail.failed')).toBe(false);
  });
});

describe('mail under transient errors', () => {
  it.each([
    ['a server error', SERVER_ERROR],
    ['a Spreadsheets time-out', SHEETS_TIMEOUT],
  ])('retries %s with 1 s then 2 s back-off inside the same execution', (_, message) => {
    const r = start([ANA, BO]);
    failNextSends(r, message, 2, 1);
    const before = r.ws.rt.executions.length;
    submit(r, REPORT_ONE);
    const intake = executionsSince(r, before).find((e) => e.fn === 'onReportSubmit_') as ExecutionRecord;
    expect(intake.outcome).toBe('ok');
    expect(intake.calls['Utilities.sleep']).toBe(2);
    expect(intake.calls['MailApp.sendEmail']).toBe(5); // 3 messages, the second needed three attempts
    const caseRows = outbox(r).filter((o) => o['Case ID'] === r.kase(1).caseId);
    expect(caseRows[1].State).toBe('sent');
    expect(caseRows[1].Attempts).toBe('3');
    expect(sentKeys(r).filter((k) => caseRows.some((o) => o.Key === k))).toEqual(caseRows.map((o) => o.Key));
  });

  it('gives up on a failing message only once it has MAX_ATTEMPTS and is GIVE_UP_AFTER_MS old, then tells the committee once', () => {
    // One member, an anonymous report: one screening email, and MailApp failing every send until it is given up.
    const r = start([ANA]);
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1, message: SERVER_ERROR }];
    const before = r.ws.rt.executions.length;
    r.report(
      { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude remarks in chat.' },
      { reported: [{ name: 'Sam Doe' }] },
    );
    const screening = () => outbox(r).find((o) => o.Kind === 'screening') as Record<string, string>;
    const createdAt = Date.parse(screening()['Created At']);
    expect(screening().State).toBe('pending');
    expect(Number(screening().Attempts)).toBe(RETRIES_PER_RUN);
    // Attempts alone no longer give up: past MAX_ATTEMPTS within hours, the message still waits for MailApp.
    r.advance(6 * HOUR);
    expect(Number(screening().Attempts)).toBeGreaterThan(MAX_ATTEMPTS);
    expect(screening().State).toBe('pending');
    // Bounded in age: given up by the first run after GIVE_UP_AFTER_MS, not before.
    let failedAt = 0;
    while (!failedAt && r.ws.rt.now() < createdAt + GIVE_UP_AFTER_MS + 3 * HOUR) {
      r.advance(HOUR);
      if (screening().State === 'failed') failedAt = Date.parse(screening()['Updated At']);
    }
    expect(failedAt - createdAt).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    expect(failedAt - createdAt).toBeLessThanOrEqual(GIVE_UP_AFTER_MS + 2 * HOUR);
    // Bounded in attempts: at most RETRIES_PER_RUN per run, one run an hour.
    expect(Number(screening().Attempts)).toBeLessThanOrEqual(RETRIES_PER_RUN * (GIVE_UP_AFTER_MS / HOUR + 3));
    // MailApp comes back: the committee hears once, and the message given up is never sent by itself.
    r.ws.rt.faults = [];
    r.advance(2 * HOUR);
    // Ana never answered the check (her screening email is the one that failed): the committee account hears.
    const alerts = r.mailTo(OWNER).filter((m) => /could not be delivered/i.test(m.body));
    expect(alerts).toHaveLength(1);
    expect(r.mailTo(ANA.email).filter((m) => /could not be delivered/i.test(m.body))).toHaveLength(0);
    expect(r.registry('Audit').filter((a) => a.Event === 'mail.failed')).toHaveLength(1);
    r.advance(2 * DAY);
    expect(screening().State).toBe('failed');
    expect(r.ws.mail().filter((m) => m.subject === screening().Subject)).toHaveLength(0);
    // No execution came near the 6-minute limit while backing off.
    for (const e of executionsSince(r, before)) expect(e.simulatedMs).toBeLessThan(6 * 60 * 1000);
  });

  it('a MailApp outage of three hours loses no acknowledgment or screening email, and sends each once', () => {
    const r = start(MEMBERS5);
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1, message: SERVER_ERROR }];
    const outageEnds = r.ws.rt.now() + 3 * HOUR;
    const before = r.ws.rt.executions.length;
    submit(r, REPORT_ONE);
    const caseId = r.kase(1).caseId;
    const rows = () => outbox(r).filter((o) => o['Case ID'] === caseId);
    expect(rows()).toHaveLength(6); // acknowledgment + five screening emails
    // Hourly sweeps meet the outage: every attempt fails, nothing is given up.
    r.advance(outageEnds - r.ws.rt.now());
    expect(Number(rows()[0].Attempts)).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(rows().map((o) => o.State)).toEqual(Array(6).fill('pending'));
    // Each run backs off for its first message only (1 s, 2 s): MailApp is down, the others get one try each.
    const outageRuns = executionsSince(r, before);
    expect(outageRuns.length).toBeGreaterThanOrEqual(3);
    for (const e of outageRuns) expect(e.calls['Utilities.sleep'] ?? 0).toBeLessThanOrEqual(RETRIES_PER_RUN - 1);
    r.ws.rt.faults = [];
    r.advance(2 * HOUR);
    expect(rows().map((o) => o.State)).toEqual(Array(6).fill('sent'));
    expect(
      r.mailTo(REPORT_ONE.people.reporter?.email ?? '').filter((m) => /received your report/i.test(m.subject)),
    ).toHaveLength(1);
    for (const m of MEMBERS5)
      expect(r.mailTo(m.email).filter((x) => /conflict of interest/i.test(x.subject))).toHaveLength(1);
    expect(
      sentKeys(r)
        .filter((k) => k.startsWith(`${caseId}|`))
        .sort(),
    ).toEqual(
      rows()
        .map((o) => o.Key)
        .sort(),
    );
    expect(r.registry('Audit').some((a) => a.Event === 'mail.failed')).toBe(false);
    expect(r.ws.mail().some((m) => /could not be delivered/i.test(m.body))).toBe(false);
  });
});

describe('mail past its deadline', () => {
  it('an acknowledgment held up past its 24 hours by an outage still goes, once, and the committee is told it was late', () => {
    const r = start(MEMBERS5);
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', chance: 1, message: SERVER_ERROR }];
    submit(r, REPORT_ONE);
    const ack = () => outbox(r).find((o) => o.Key === `${r.kase(1).caseId}|ack|reporter`) as Record<string, string>;
    r.advance(30 * HOUR);
    expect(ack().State).toBe('pending');
    r.ws.rt.faults = [];
    r.advance(2 * HOUR);
    expect(ack().State).toBe('sent');
    const reporter = REPORT_ONE.people.reporter?.email ?? '';
    expect(r.mailTo(reporter).filter((m) => /received your report/i.test(m.subject))).toHaveLength(1);
    // Nobody is cleared for the case yet: the committee account hears that the receipt was late.
    expect(r.mailTo(OWNER).filter((m) => /not been acknowledged in time/i.test(m.subject + m.body))).toHaveLength(1);
  });
});

describe('mail under permanent errors', () => {
  it('does not retry an invalid address, marks it failed and tells the committee', () => {
    const r = start([ANA, BO]);
    failNextSends(r, 'Invalid email: x', 1, 1);
    submit(r, REPORT_ONE);
    const failed = outbox(r).filter((o) => o.State === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].Attempts).toBe('1');
    expect(failed[0].Error).toContain('Invalid email');
    const alerted = r.ws.mail().filter((m) => /could not be delivered/i.test(m.body));
    expect(alerted.length).toBeGreaterThan(0);
    const calls = r.ws.rt.totals['MailApp.sendEmail'];
    r.advance(3 * HOUR);
    expect(outbox(r).find((o) => o.Key === failed[0].Key)?.State).toBe('failed');
    // Later runs send only new mail (none is due), never the failed message again.
    expect(r.ws.rt.totals['MailApp.sendEmail']).toBe(calls);
  });

  it('a member whose roster address is malformed misses their email; everyone else gets theirs', () => {
    const r = start([ANA, { name: 'Typo Member', email: 'typo@example', role: 'voting' }, CY]);
    submit(r, REPORT_ONE);
    // Either the roster check skips the address or MailApp refuses it; it is never retried into a loop or marked sent.
    expect(outbox(r).filter((o) => o.To === 'typo@example' && o.State !== 'failed')).toHaveLength(0);
    expect(r.mailTo(ANA.email).some((m) => /conflict of interest/i.test(m.subject))).toBe(true);
    expect(r.mailTo(CY.email).some((m) => /conflict of interest/i.test(m.subject))).toBe(true);
    expect(r.mailTo('typo@example')).toHaveLength(0);
  });
});

describe('at-most-once messages after a crash', () => {
  /** The standard case with the vote passed and the moderators' acceptance in hand, ready for the letter. */
  function readyForLetter(): Rehearsal {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    submit(r, REPORT_ONE);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.sendRecommendation(ANA.email, 1).ok).toBe(true);
    for (const m of COMMITTEE_OPTIONS.spaces?.[0].moderators ?? [])
      expect(r.moderatorReply(m, 1, 'accept').ok).toBe(true);
    return r;
  }

  const letters = (r: Rehearsal) => r.mailTo(REPORTED_ADDRESS);
  const letterRow = (r: Rehearsal) => outbox(r).find((o) => o.Kind === 'letter');

  /** The side-effect index of the first MailApp.sendEmail in the POST of `act` (found by killing a copy right there). */
  function firstSendIndex(prepared: Rehearsal, act: (r: Rehearsal, beforePost: () => void) => void): number {
    const probe = prepared.fork();
    probe.checkEveryStep = false;
    let id = 0;
    act(probe, () => {
      id = probe.ws.rt.executions.length + 1;
      probe.ws.rt.faults = [
        {
          call: 'MailApp.sendEmail',
          nth: (probe.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1,
          kill: true,
          message: 'probe',
        },
      ];
    });
    const record = probe.ws.rt.executions.find((e) => e.id === id);
    if (record?.outcome !== 'killed') throw new Error('the POST sent no mail');
    return record.sideEffects;
  }

  /** Crashes the letter's POST just before its send (offset 0) or at the next side effect after it (offset 1), where `pick` holds. */
  function crashLetterWhere(prepared: Rehearsal, pick: (r: Rehearsal) => boolean): Rehearsal {
    const send = firstSendIndex(prepared, (r, beforePost) =>
      r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, { beforePost }),
    );
    for (const k of [send, send + 1, send + 2]) {
      const r = prepared.fork();
      r.checkEveryStep = false;
      r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, { beforePost: () => r.crashNextExecutionAt(k) });
      r.ws.rt.crashPlan = null;
      if (pick(r)) {
        r.checkEveryStep = true;
        r.check('after the crash');
        return r;
      }
    }
    throw new Error('no crash point matched');
  }

  it('holds a letter marked sending before it went out: never sent by itself, the committee is told', () => {
    const prepared = readyForLetter();
    const r = crashLetterWhere(prepared, (x) => letterRow(x)?.State === 'sending' && letters(x).length === 0);
    r.advance(2 * HOUR);
    expect(letterRow(r)?.State).toBe('held');
    expect(letters(r)).toHaveLength(0);
    const heldAlerts = r.mailTo(ANA.email).filter((m) => /held/i.test(m.subject + m.body));
    expect(heldAlerts.length).toBeGreaterThan(0);
    r.advance(10 * DAY);
    expect(letterRow(r)?.State).toBe('held');
    expect(letters(r)).toHaveLength(0);
    expect(r.registry('Audit').some((a) => a.Event === 'mail.held')).toBe(true);
  });

  it('holds a letter that went out just before the crash: it is never sent a second time', () => {
    const prepared = readyForLetter();
    const r = crashLetterWhere(prepared, (x) => letterRow(x)?.State === 'sending' && letters(x).length === 1);
    r.advance(2 * HOUR);
    expect(letterRow(r)?.State).toBe('held');
    // The member tries again from the case page: the system does not send it again by itself.
    r.sendLetter(ANA.email, 1, REPORTED_ADDRESS);
    r.advance(10 * DAY);
    expect(letters(r)).toHaveLength(1);
    expect(letterRow(r)?.State).toBe('held');
  });

  it('holds a recommendation to the moderators found half-sent', () => {
    const r0 = Rehearsal.start(COMMITTEE_OPTIONS);
    submit(r0, REPORT_ONE);
    for (const m of [ANA, CY, DEE]) expect(r0.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r0.writeTexts(ANA.email, 1);
    expect(r0.openVote(ANA.email, 1).ok).toBe(true);
    for (const m of [ANA, CY]) expect(r0.vote(m.email, 1, 'approve').ok).toBe(true);
    let found: Rehearsal | null = null;
    const send = firstSendIndex(r0, (r, beforePost) => r.sendRecommendation(ANA.email, 1, { beforePost }));
    for (const k of [send, send + 1]) {
      if (found) break;
      const r = r0.fork();
      r.checkEveryStep = false;
      r.sendRecommendation(ANA.email, 1, { beforePost: () => r.crashNextExecutionAt(k) });
      r.ws.rt.crashPlan = null;
      if (outbox(r).some((o) => o.Kind === 'recommendation' && o.State === 'sending')) found = r;
    }
    if (!found) throw new Error('no crash point left a recommendation sending');
    const r = found;
    r.checkEveryStep = true;
    r.advance(2 * HOUR);
    const rec = outbox(r).filter((o) => o.Kind === 'recommendation');
    expect(rec.some((o) => o.State === 'held')).toBe(true);
    const before = r.ws
      .mail()
      .filter((m) =>
        rec.some((o) => o.Subject === m.subject && o.To.toLowerCase() === m.to.join(',').toLowerCase()),
      ).length;
    r.advance(8 * DAY);
    const after = r.ws
      .mail()
      .filter((m) =>
        rec.some((o) => o.Subject === m.subject && o.To.toLowerCase() === m.to.join(',').toLowerCase()),
      ).length;
    expect(after).toBe(before);
  });
});

describe('at-least-once messages after a crash', () => {
  it('a message journaled before the crash is marked sent by the next run, not sent again', () => {
    const prepared = start([ANA, BO]);
    let checked = 0;
    for (let k = 1; k < 120; k++) {
      const r = prepared.fork();
      r.checkEveryStep = false;
      r.k.unfinishedResponses.clear();
      r.crashNextExecutionAt(k);
      r.report(REPORT_ONE.answers, REPORT_ONE.people);
      r.ws.rt.crashPlan = null;
      const journal = JSON.parse(r.ws.properties().outboxJournal ?? '[]') as string[];
      const rec = r.ws.rt.executions[r.ws.rt.executions.length - 1];
      if (rec.outcome !== 'killed') break;
      if (!journal.length) continue;
      // The one message sent but not yet journaled (if the crash fell there) may go twice; nothing else may.
      allowCrashWindow(r, rec.id);
      const allowed = [...r.k.allowedDuplicateKeys];
      expect(allowed.length).toBeLessThanOrEqual(1);
      expect(allowed.filter((key) => journal.includes(key))).toEqual([]);
      checked++;
      r.checkEveryStep = true;
      r.advance(2 * HOUR);
      for (const key of journal) {
        const row = outbox(r).find((o) => o.Key === key) as Record<string, string>;
        expect(row.State).toBe('sent');
        const copies = r.ws
          .mail()
          .filter((m) => m.subject === row.Subject && m.to.join(',') === row.To && m.body === row.Body);
        expect(copies).toHaveLength(1);
      }
      expect(r.ws.properties().outboxJournal).toBeUndefined();
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('the outbox key', () => {
  it('dedupes every logical message: a report delivered three times mails each person once', () => {
    const r = start([ANA, BO]);
    r.report(REPORT_ONE.answers, REPORT_ONE.people, 3);
    const subjects = r.ws.mail().map((m) => `${m.to.join(',')}|${m.subject}`);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(r.mailTo(REPORT_ONE.people.reporter?.email ?? '')).toHaveLength(1);
    expect(outbox(r).filter((o) => o['Case ID'] === r.kase(1).caseId)).toHaveLength(3);
  });
});
