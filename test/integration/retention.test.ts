// Retention through the built bundle (issue 17): the Form's copy of a report goes once the case holds it, and a case closed for the Settings' months loses its reporter details (the committee account warned a week before), crash-safe; invariants after every step.
import {
  ANA,
  DAY,
  OWNER,
  caseAction,
  clear,
  outcomeOf,
  addMember,
  advance,
  docEditors,
  mailsTo,
  newestLink,
  open,
  pageText,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  startResolutionDesk,
  jumpAndSweep,
  typeStatus,
  type CaseInfo,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

/** The member's onboarding page as shown, or '' when no email carries its link. */
function tryOnboardingPage(desk: Desk, email: string): string {
  try {
    return pageText(open(desk, newestLink(desk, email, 'onboard').url));
  } catch {
    return '';
  }
}

const PURGE_SETTING = 'Purge reporter details after (months)';
const WARNING = /Reporter details of closed cases will be deleted/;

function heldResponses(desk: Desk): string[] {
  return desk.ws.data.forms()[0].responses.map((r) => r.id);
}

describe('the Form keeps no copy of a filed report', () => {
  test('the submit trigger files the report and the next sweep, finding the registry whole, deletes the response (ADV-614); the Doc has the report', () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk);
    expect(heldResponses(desk)).toHaveLength(1);
    advance(desk, 3600000);
    expect(heldResponses(desk)).toEqual([]);
    expect(desk.ws.data.forms()[0].submitted).toHaveLength(1);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('rita.quell@example.net');
    expect(desk.ws.snapshot().docs.find((d) => d.title === kase.codeName)?.text).toContain('mocked my accent');
  });

  test('a sweep killed at the deletion leaves the case whole, and the next sweep deletes the copy', () => {
    const desk = startResolutionDesk();
    const calls = () => desk.ws.rt.totals['Form.deleteResponse'] ?? 0;
    const { responseId } = desk.ws.submitForm({
      'Your name': 'Rita Quell',
      'Your email address': 'rita.quell@example.net',
      'What happened?': 'Mocked my accent in the release call.',
      'Who was involved?': 'Sam Doe',
    });
    desk.ws.rt.faults.push({ call: 'Form.deleteResponse', nth: calls() + 1, kill: true });
    expect(desk.ws.advance(3600000).some((r) => r.record.outcome === 'killed')).toBe(true);
    expect(heldResponses(desk)).toEqual([responseId]);
    expect(registryRows(desk, 'Cases').map((c) => c.Phase)).toEqual(['screening']);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
    advance(desk, 2 * 3600000);
    expect(heldResponses(desk)).toEqual([]);
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
    expect(registryRows(desk, 'Audit').some((a) => a.Event === 'retention.form-copies-deleted')).toBe(true);
  });

  test('a response whose trigger never fired is taken in by the sweep and deleted in the same run, never before', () => {
    const desk = startResolutionDesk();
    const trigger = desk.ws.triggers().find((t) => t.handler === 'onReportSubmit_')!;
    desk.ws.disableTrigger(trigger.uid);
    const { responseId } = desk.ws.submitForm({ 'What happened?': 'A rude remark in the forum.' });
    expect(heldResponses(desk)).toEqual([responseId]);
    advance(desk, 2 * 3600000);
    expect(registryRows(desk, 'Cases').map((c) => c['Response ID'])).toEqual([responseId]);
    expect(heldResponses(desk)).toEqual([]);
  });
});

test('filed responses left in a slow Form are deleted while the sweep has time, the rest by the next sweeps', () => {
  const desk = startResolutionDesk();
  // Four intakes: their responses wait in the Form for the sweep.
  for (let i = 0; i < 4; i++) reportCase(desk);
  expect(heldResponses(desk)).toHaveLength(4);
  // Forms taking 100 s a deletion: four in one run would outlast the six minutes the platform gives it.
  desk.ws.rt.latency['Form.deleteResponse'] = 100_000;
  const counts: number[] = [];
  for (let hour = 0; hour < 4 && heldResponses(desk).length; hour++) {
    advance(desk, 3600000); // throws if the sweep did not end well
    counts.push(heldResponses(desk).length);
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[0]).toBeLessThan(4);
  expect(heldResponses(desk)).toEqual([]);
  expect(registryRows(desk, 'Cases')).toHaveLength(4);
});

describe('reporter details leave the registry months after a case closes', () => {
  function closedCase(months: number | string): { desk: Desk; kase: CaseInfo } {
    const desk = startResolutionDesk();
    setSetting(desk, PURGE_SETTING, months);
    const kase = reportCase(desk);
    advance(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Closed');
    return { desk, kase };
  }

  test('a week before, the committee account is told once; on the day, the cells and sent-mail copies are emptied', () => {
    const { desk, kase } = closedCase(1);
    const closedAt = Date.parse(registryCase(desk, kase)['Closed At']);
    const outboxBefore = registryRows(desk, 'Outbox').filter(
      (r) => r['Case ID'] === registryCase(desk, kase)['Case ID'],
    );
    expect(outboxBefore.some((r) => r.To === 'rita.quell@example.net')).toBe(true);
    // 23 days after closing: more than a week before the month is up; no warning yet.
    jumpAndSweep(desk, closedAt + 23 * DAY - desk.ws.rt.now());
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(0);
    jumpAndSweep(desk, 2 * DAY);
    const warnings = mailsTo(desk, OWNER, WARNING);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].body).toContain(kase.codeName);
    expect(warnings[0].body).not.toMatch(/Rita|Quell|Sam Doe|Wes Tarn/);
    jumpAndSweep(desk, 2 * DAY);
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(1);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('rita.quell@example.net');

    jumpAndSweep(desk, 5 * DAY);
    const row = registryCase(desk, kase);
    expect([row['Reporter Name'], row['Reporter Email'], row.Witnesses]).toEqual(['', '', '']);
    expect(row.Reported).toContain('Sam Doe');
    const outbox = registryRows(desk, 'Outbox').filter((r) => r['Case ID'] === row['Case ID']);
    expect(outbox.length).toBe(outboxBefore.length);
    for (const r of outbox) expect([r.To, r.Body, r['Html Body']]).toEqual(['', '', '']);
    expect(JSON.stringify(registryRows(desk, 'Cases'))).not.toMatch(/Rita Quell|rita\.quell|Wes Tarn/);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    // The Doc is kept, in the folder of archived case documents: private, and the audit leaves it there.
    expect(desk.ws.snapshot().docs.find((d) => d.title === kase.codeName)?.text).toContain('Rita Quell');
    const folder = desk.ws.properties().docArchiveFolderId;
    expect(desk.ws.data.file(kase.docId).parents).toEqual([folder]);
    expect(desk.ws.data.file(folder)).toMatchObject({ access: 'PRIVATE', editors: [], viewers: [] });
    jumpAndSweep(desk, 8 * DAY);
    expect(desk.ws.data.file(kase.docId).parents).toEqual([folder]);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    jumpAndSweep(desk, 2 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
  });

  it('ADV-232 the reporter address a member corrected (its used confirmation kept in the case flags) is purged with the rest', () => {
    const desk = startResolutionDesk();
    setSetting(desk, PURGE_SETTING, 1);
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    const real = 'rita.real@example.net';
    expect(outcomeOf(caseAction(desk, ANA, kase, 'reporter-address', { to: real }))).toBe('done');
    expect(registryCase(desk, kase)['Reporter Email']).toBe(real);
    advance(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, Date.parse(registryCase(desk, kase)['Closed At']) + 25 * DAY - desk.ws.rt.now());
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    // Before: the confirmation the member used stayed in Flags with the address typed in it, past the purge.
    expect(JSON.stringify(registryRows(desk, 'Cases'))).not.toContain('rita.real');
    expect(JSON.stringify(registryRows(desk, 'Outbox'))).not.toContain('rita.real');
  });

  test('a case past its date that was never warned of (the months lowered) is warned of first and purged a week later', () => {
    const { desk, kase } = closedCase(12);
    jumpAndSweep(desk, 60 * DAY);
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(0);
    // Say 1 typed for 12: the case is two months past the new date.
    setSetting(desk, PURGE_SETTING, 1);
    jumpAndSweep(desk, DAY);
    const warnings = mailsTo(desk, OWNER, WARNING);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].body).toContain(kase.codeName);
    expect(warnings[0].body).toContain(new Date(desk.ws.rt.now() + 7 * DAY).toISOString().slice(0, 10));
    expect(registryCase(desk, kase)['Reporter Email']).toBe('rita.quell@example.net');
    for (let day = 1; day < 7; day++) {
      jumpAndSweep(desk, DAY);
      expect([day, registryCase(desk, kase)['Reporter Email']]).toEqual([day, 'rita.quell@example.net']);
    }
    jumpAndSweep(desk, DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(1);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-157 the witness (or the reporter) of a purged case joins the committee: onboarding never offers it', () => {
    const { desk, kase } = closedCase(1);
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase).Witnesses).toBe('');
    // The registry no longer knows who reported or saw it (self-reported.ts cannot tell them): the case is not
    // offered, so no "no conflict" hands the witness the Doc that still names the reporter.
    for (const [name, email] of [
      ['Wes Tarn', 'wes.tarn@example.org'],
      ['Rita Quell', 'rita.quell@example.net'],
    ]) {
      addMember(desk, { name, email, role: 'voting' });
      jumpAndSweep(desk, DAY);
      // Welcomed all the same (the status sheet), with no onboarding link, or one whose page does not offer Sam Doe.
      const welcome = desk.ws
        .mailTo(email)
        .map((m) => m.body)
        .join('\n');
      expect(welcome).not.toBe('');
      expect([name, tryOnboardingPage(desk, email)]).not.toEqual([name, expect.stringContaining('Sam Doe')]);
      expect(docEditors(desk, kase.docId)).not.toContain(email);
    }
  });

  /** Jumps to 180 days after the case closed, then 8 more: warned of, then purged, as six months say. */
  function expectPurgedAtSixMonths(desk: Desk, kase: CaseInfo, typed: string): void {
    const closedAt = Date.parse(registryCase(desk, kase)['Closed At']);
    jumpAndSweep(desk, closedAt + 180 * DAY - desk.ws.rt.now());
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(1);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    const told = mailsTo(desk, OWNER, /needs a correction/);
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(
      `Settings row '${PURGE_SETTING}': '${typed}' must be a whole number from 0 to 120; using 6`,
    );
  }

  it('ADV-233 the owner types "6 months" for the purge: the details go after six months, not the default twelve', () => {
    const { desk, kase } = closedCase('6 months');
    expectPurgedAtSixMonths(desk, kase, '6 months');
  });

  it('ADV-234 the committee chose 6 months, then the owner types "six": six months stand, not the default twelve', () => {
    const { desk, kase } = closedCase(6);
    jumpAndSweep(desk, DAY);
    setSetting(desk, PURGE_SETTING, 'six');
    expectPurgedAtSixMonths(desk, kase, 'six');
  });

  test('0 keeps the details; an open case is never purged', () => {
    const kept = closedCase(0);
    jumpAndSweep(kept.desk, 400 * DAY);
    expect(registryCase(kept.desk, kept.kase)['Reporter Email']).toBe('rita.quell@example.net');
    const desk = startResolutionDesk();
    setSetting(desk, PURGE_SETTING, 1);
    const open = reportCase(desk);
    jumpAndSweep(desk, 90 * DAY);
    expect(registryCase(desk, open)['Reporter Email']).toBe('rita.quell@example.net');
  });

  test('"Delete case Docs when purging" Yes: the Doc goes to the trash and the audit does not miss it', () => {
    const { desk, kase } = closedCase(1);
    setSetting(desk, 'Delete case Docs when purging', 'Yes');
    jumpAndSweep(desk, 25 * DAY);
    const [warning] = mailsTo(desk, OWNER, WARNING);
    expect(warning.body).toContain('goes to the trash');
    expect(warning.body).not.toContain('is kept');
    expect(desk.ws.data.file(kase.docId).trashed).toBe(false);
    jumpAndSweep(desk, 7 * DAY);
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    expect(JSON.parse(registryCase(desk, kase).Flags).docDeleted).toBeTruthy();
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
  });

  test('a case archived before its purge loses its details in the archive too', () => {
    const { desk, kase } = closedCase(4);
    jumpAndSweep(desk, 92 * DAY);
    const ids = Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
    expect(ids).toHaveLength(1);
    const archived = () => {
      const rows = desk.ws.data.sheet(ids[0], 'Outbox').rows;
      const col = (h: string) => rows[0].indexOf(h);
      return rows
        .slice(1)
        .filter((r) => r[col('Case ID')] === registryCase(desk, kase)['Case ID'])
        .map((r) => [r[col('To')], r[col('Body')]]);
    };
    expect(archived().some(([to]) => to === 'rita.quell@example.net')).toBe(true);
    jumpAndSweep(desk, 25 * DAY);
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(1);
    jumpAndSweep(desk, 15 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(archived().length).toBeGreaterThan(0);
    for (const row of archived()) expect(row).toEqual(['', '']);
  });

  test('killed in the middle of the purge, the next day finishes it exactly once', () => {
    const { desk, kase } = closedCase(1);
    const closedAt = Date.parse(registryCase(desk, kase)['Closed At']);
    jumpAndSweep(desk, closedAt + 25 * DAY - desk.ws.rt.now());
    desk.ws.rt.setClock(closedAt + 32 * DAY);
    const writes = desk.ws.rt.totals['Range.setValues'] ?? 0;
    desk.ws.rt.faults.push({ call: 'Range.setValues', nth: writes + 1, kill: true });
    const crashed = desk.ws.run('sweep_', [{}], { kind: 'trigger' });
    expect(crashed.record.outcome).toBe('killed');
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
    jumpAndSweep(desk, DAY);
    const row = registryCase(desk, kase);
    expect([row['Reporter Name'], row['Reporter Email']]).toEqual(['', '']);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
  });
});
