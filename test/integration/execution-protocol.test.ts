// The execution protocol every entry point shares (src/entrypoints/runner.ts): what mail delivery records — a failed send's Audit row — lands in the registry on every path.
import { ANA, BO, COMMITTEE_OPTIONS, REPORT_ONE, submit } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

const PERMANENT = 'Invalid email: nobody';

/** From now on every MailApp.sendEmail fails permanently. */
function failEverySend(r: Rehearsal): void {
  r.ws.rt.faults = [
    {
      call: 'MailApp.sendEmail',
      nth: (r.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1,
      times: 10_000,
      message: PERMANENT,
    },
  ];
}

function failedRows(r: Rehearsal): { outbox: string[]; audit: string[] } {
  return {
    outbox: r
      .registry('Outbox')
      .filter((o) => o.State === 'failed')
      .map((o) => o.Key),
    audit: r
      .registry('Audit')
      .filter((a) => a.Event === 'mail.failed')
      .map((a) => a['Case ID']),
  };
}

/** Every outbox row that failed has its mail.failed Audit row (one per failure, same case). */
function expectFailuresAudited(r: Rehearsal, before: { outbox: string[]; audit: string[] }): void {
  const after = failedRows(r);
  const newFailures = after.outbox.filter((k) => !before.outbox.includes(k));
  expect(newFailures.length).toBeGreaterThan(0);
  expect(after.audit.length - before.audit.length).toBe(newFailures.length);
  const caseOf = (key: string) => r.registry('Outbox').find((o) => o.Key === key)?.['Case ID'] ?? '';
  expect(after.audit.slice(before.audit.length).sort()).toEqual(newFailures.map(caseOf).sort());
}

describe('a delivery failure is recorded in the Audit tab whichever entry point sent the mail', () => {
  test('web POST: a member answers "no conflict" while every send fails', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: [ANA, BO] });
    submit(r, REPORT_ONE);
    failEverySend(r);
    const before = failedRows(r);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expectFailuresAudited(r, before);
  });

  test('status-sheet edit: the owner adds a member to Committee while every send fails', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: [ANA] });
    submit(r, REPORT_ONE);
    failEverySend(r);
    const before = failedRows(r);
    r.addMembers([BO]);
    expectFailuresAudited(r, before);
  });

  test('form submit: a report arrives while every send fails', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: [ANA, BO] });
    failEverySend(r);
    const before = failedRows(r);
    submit(r, REPORT_ONE);
    expectFailuresAudited(r, before);
  });

  test('sweep: mail left pending by a spent quota fails when the sweep sends it', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: [ANA, BO], mailQuota: 100 });
    r.ws.setMailQuotaUsed(100);
    submit(r, REPORT_ONE);
    expect(r.registry('Outbox').filter((o) => o.State === 'pending').length).toBeGreaterThan(0);
    failEverySend(r);
    const before = failedRows(r);
    // The quota comes back a day later; the hourly sweep is the execution that sends, and fails.
    const sweepsBefore = r.ws.rt.executions.filter((e) => e.fn === 'sweep_').length;
    r.advance(26 * HOUR);
    expect(r.ws.rt.executions.filter((e) => e.fn === 'sweep_').length).toBeGreaterThan(sweepsBefore);
    expectFailuresAudited(r, before);
  });
});
