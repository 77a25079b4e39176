// Long work under a slow Google: the sweep over many cases and onboarding with many cases stop cleanly inside the 6-minute limit and resume where they stopped, with nothing lost or doubled.
import type { ExecutionRecord } from '../../workbench';
import { ANA, CY, EVE } from '../support/flows';
import { DAY, HOUR, Rehearsal } from '../support/rehearsal';

jest.setTimeout(15 * 60 * 1000);

const LIMIT_MS = 6 * 60 * 1000;
const PEOPLE = [
  'Arlo Finch',
  'Bea Marsh',
  'Cole Dunn',
  'Dana Voss',
  'Eli Stone',
  'Fay Holt',
  'Gus Reed',
  'Hana Pike',
  'Ivo Lark',
  'Jun Sato',
  'Kit Rowe',
  'Lia Moss',
  'Max Ward',
  'Nia Cole',
  'Oto Bell',
  'Pia Lund',
  'Quin Hart',
  'Rae Nash',
  'Sol Kent',
  'Tea Ruiz',
];

function report(r: Rehearsal, i: number): void {
  const name = PEOPLE[i];
  const reporter = `reporter${i + 1}@example.net`;
  r.report(
    {
      'Your email address': reporter,
      'Who was involved?': name,
      'What happened?': `${name} was rude in a thread (report ${i + 1}).`,
    },
    { reporter: { email: reporter }, reported: [{ name }] },
  );
}

function sweepTrigger(r: Rehearsal): string {
  const t = r.ws.triggers().find((x) => x.handler === 'sweep_');
  if (!t) throw new Error('no sweep trigger');
  return t.uid;
}

function expectAllWithinLimit(records: ExecutionRecord[]): void {
  const over = records
    .filter((e) => e.outcome !== 'ok' || e.simulatedMs >= LIMIT_MS)
    .map((e) => `${e.fn} #${e.id}: ${e.outcome} after ${Math.round(e.simulatedMs / 1000)} s ${e.error ?? ''}`);
  expect(over).toEqual([]);
}

/** A report per person of PEOPLE, then Eve joins, with Drive as slow as `latency` says; `before` counts the runs so far. */
function casesThenEve(latency: Record<string, number>): { r: Rehearsal; before: number } {
  const r = Rehearsal.start({ members: [ANA, CY] });
  for (let i = 0; i < PEOPLE.length; i++) report(r, i);
  r.addMembers([EVE]);
  Object.assign(r.ws.rt.latency, latency);
  return { r, before: r.ws.rt.executions.length };
}
describe('long work', () => {
  it('the sweep over many cases with slow Docs pauses before the limit and resumes at its cursor', () => {
    const r = Rehearsal.start({ members: [ANA] });
    for (let i = 0; i < PEOPLE.length; i++) report(r, i);
    const uid = sweepTrigger(r);
    r.ws.disableTrigger(uid);
    r.advance(8 * DAY);
    r.ws.enableTrigger(uid);
    // Every case now owes its reporter a status email, logged in its Doc; each Doc takes 25 s to open.
    Object.assign(r.ws.rt.latency, { 'DocumentApp.openById': 25_000 });
    const before = r.ws.rt.executions.length;
    const owed = () =>
      r.reports
        .map((_, i) => r.kase(i + 1))
        .filter(
          (c) => !r.registry('Outbox').some((o) => o.Key === `${c.caseId}|status:0|reporter` && o.State === 'sent'),
        );
    let hours = 0;
    while (owed().length && hours < 24) {
      r.advance(HOUR);
      hours++;
    }
    const sweeps = r.ws.rt.executions.slice(before).filter((e) => e.fn === 'sweep_');
    expect(owed()).toEqual([]);
    expect(sweeps.length).toBeGreaterThan(1);
    expectAllWithinLimit(r.ws.rt.executions.slice(before));
    expect(r.registry('Audit').filter((a) => a.Event === 'sweep.paused').length).toBeGreaterThan(0);
    // Each reporter got exactly one status email, although the work was spread over several runs.
    for (let i = 0; i < PEOPLE.length; i++) {
      const status = r.mailTo(`reporter${i + 1}@example.net`).filter((m) => !/received your report/i.test(m.subject));
      expect(status.length).toBe(1);
    }
    // Each status email is logged in its Doc by the sweep after it went (ADV-371): those Docs are slow too, so the
    // logging is spread over the next runs as well; then the cursor is gone and every Doc holds its line once.
    for (let h = 0; h < 6 && r.ws.properties().sweepCursor !== undefined; h++) r.advance(HOUR);
    expect(r.ws.properties().sweepCursor).toBeUndefined();
    expectAllWithinLimit(r.ws.rt.executions.slice(before));
    for (let i = 0; i < PEOPLE.length; i++)
      expect(r.docText(i + 1).match(/Status email sent to the reporter/g)).toHaveLength(1);
  });

  it('onboarding a member onto many cases while Drive is slow shares what fits, then the sweep finishes the rest', () => {
    const { r, before } = casesThenEve({
      'Drive.Permissions.create': 20_000,
      'Drive.Permissions.list': 5_000,
      'Drive.Files.get': 5_000,
    });
    const answered = r.onboard(EVE.email, { noConflict: PEOPLE });
    expect(answered.ok).toBe(true);
    expect(answered.page?.text).toMatch(/more documents? will be shared shortly/i);
    const shared = () => r.reports.filter((_, i) => r.docEditors(i + 1).includes(EVE.email)).length;
    expect(shared()).toBeLessThan(PEOPLE.length);
    let hours = 0;
    while (shared() < PEOPLE.length && hours < 24) {
      r.advance(HOUR);
      hours++;
    }
    expect(shared()).toBe(PEOPLE.length);
    expectAllWithinLimit(r.ws.rt.executions.slice(before));
    // Exactly one no-conflict clearance per case for the new member, each completed.
    const eve = r.memberId(EVE.email);
    const mine = r.registry('Clearances').filter((c) => c['Member ID'] === eve);
    expect(mine).toHaveLength(PEOPLE.length);
    expect(mine.every((c) => c.Decision === 'no-conflict' && c.Share === 'silent')).toBe(true);
  });

  it('ADV-659 onboarding a member who answers "Conflict" for many people while Drive is slow: the page stops in time, and the sweep finishes each conflict as the screening email would', () => {
    const { r, before } = casesThenEve({
      'Drive.Permissions.list': 15_000,
      'Drive.Files.get': 5_000,
      'DocumentApp.openById': 0,
    });
    expect(r.onboard(EVE.email, { conflict: PEOPLE }).ok).toBe(true);
    const eve = r.memberId(EVE.email);
    const mine = () => r.registry('Clearances').filter((c) => c['Member ID'] === eve);
    expect(mine()).toHaveLength(PEOPLE.length);
    expect(mine().some((c) => c.Share === 'pending')).toBe(true);
    let hours = 0;
    while (mine().some((c) => c.Share === 'pending') && hours < 24) {
      r.advance(HOUR);
      hours++;
    }
    expect(mine().every((c) => c.Decision === 'conflict' && c.Share === 'none')).toBe(true);
    expectAllWithinLimit(r.ws.rt.executions.slice(before));
    for (let i = 0; i < PEOPLE.length; i++)
      expect(r.docText(i + 1).match(/Eve Nolan declared a conflict of interest \(onboarding\)/g)).toHaveLength(1);
    // No email per case: the page said what it recorded.
    expect(r.mailTo(EVE.email).filter((m) => /^Conflict recorded/.test(m.subject))).toEqual([]);
  });
});
