// Adversarial cases of the registry's `Inbox` tab over years of operation (ADV-460): the rows of replies filed under archived cases, and of the committee account's own old alerts, leave the tab every hourly sweep reads; nothing is filed twice or lost, reopening brings a case's rows back, retention still forgets their senders.
import {
  emailInThread,
  emailMadeCase,
  ANA,
  caseWithOpenVote,
  clear,
  mailsTo,
  CY,
  DAY,
  DEE,
  docSection,
  HOUR,
  jumpAndSweep,
  OWNER,
  records,
  registryCase,
  registryRows,
  reportCase,
  sweep,
  typeStatus,
  type CaseInfo,
  type Desk,
} from '../integration/desk';
import { findViolations } from '../integration/invariants';

jest.setTimeout(10 * 60 * 1000);

const NOOR = 'noor.vale@example.net';
const RITA = 'rita.quell@example.net';

/** The year's archive spreadsheet ids (Script Properties). */
function archives(desk: Desk): string[] {
  return Object.values(JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>);
}

/** Every Inbox row of the archives. */
function archivedInbox(desk: Desk): Record<string, string>[] {
  return archives(desk).flatMap((id) => records(desk.ws.data.sheet(id, 'Inbox')));
}

/** `email` answers their acknowledgment, and the sweep runs. */
function answer(desk: Desk, email: string, text: string): void {
  const ack = desk.ws.mailTo(email).filter((m) => m.body.includes('Ref.'))[0];
  desk.ws.reply({ from: email, original: ack, text });
  sweep(desk);
}

/** Times `text` occurs in the case's reporter section. */
function filedTimes(desk: Desk, kase: CaseInfo, text: string): number {
  return docSection(desk, kase, 'Follow-up to the reporter').split(text).length - 1;
}

/** The executions from `from` on: calls of `call`, and cells read from the registry's Inbox tab. */
function since(desk: Desk, from: number, call: string): { calls: number; inboxCells: number } {
  const runs = desk.ws.rt.executions.slice(from);
  return {
    calls: runs.reduce((n, e) => n + (e.calls[call] ?? 0), 0),
    inboxCells: runs.reduce((n, e) => n + (e.cellsRead[`${desk.ids.registry}/Inbox`] ?? 0), 0),
  };
}

describe('adversarial: the Inbox tab over years', () => {
  it('ADV-460 reporters answer cases that are closed and archived: their Inbox rows leave with the case, each reply is filed once, and reopening brings them back', () => {
    const { desk, kase } = caseWithOpenVote({ 'Purge reporter details after (months)': '0' });
    answer(desk, RITA, 'First answer from Rita.');
    answer(desk, RITA, 'Second answer from Rita.');
    const other = reportCase(desk, { reporter: { name: 'Noor Vale', email: NOOR } });
    clear(desk, other, CY, DEE);
    answer(desk, NOOR, 'First answer from Noor.');
    answer(desk, NOOR, 'Second answer from Noor.');
    const filed = (rows: Record<string, string>[], kases: CaseInfo[]) =>
      rows.filter((r) => r.State === 'filed' && kases.some((k) => k.caseId === r['Case ID']));
    expect(filed(registryRows(desk, 'Inbox'), [kase, other])).toHaveLength(4);
    for (const k of [kase, other]) typeStatus(desk, OWNER, k, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(registryRows(desk, 'Archived Cases').map((r) => r['Case ID'])).toEqual(
      expect.arrayContaining([kase.caseId, other.caseId]),
    );
    // Before: every reply's row stayed in the tab each hourly sweep reads whole, for good.
    expect(filed(registryRows(desk, 'Inbox'), [kase, other])).toEqual([]);
    const moved = filed(archivedInbox(desk), [kase, other]);
    expect(moved).toHaveLength(4);
    expect(new Set(moved.map((r) => r['Message ID'])).size).toBe(4);
    expect(moved.filter((r) => r.From === RITA)).toHaveLength(2);
    // The hours after: no thread is read again, nothing is filed again.
    const from = desk.ws.rt.executions.length;
    for (let h = 0; h < 3; h++) jumpAndSweep(desk, HOUR);
    expect(since(desk, from, 'Gmail.Users.Threads.get').calls).toBe(0);
    // An archived case's reporter writes again: filed once, as before (ADV-400), the earlier replies not again.
    answer(desk, RITA, 'Third answer from Rita.');
    for (let h = 0; h < 2; h++) jumpAndSweep(desk, HOUR);
    for (const text of ['First answer from Rita.', 'Second answer from Rita.', 'Third answer from Rita.'])
      expect(filedTimes(desk, kase, text)).toBe(1);
    for (const text of ['First answer from Noor.', 'Second answer from Noor.'])
      expect(filedTimes(desk, other, text)).toBe(1);
    // Reopened, the case's rows come back, once each.
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeUndefined();
    const back = filed(registryRows(desk, 'Inbox'), [kase]);
    expect(back).toHaveLength(3);
    expect(new Set(back.map((r) => r['Message ID'])).size).toBe(3);
    sweep(desk);
    expect(filedTimes(desk, kase, 'First answer from Rita.')).toBe(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-460 hundreds of the committee account\u2019s own alerts stay in its inbox: the old ones\u2019 rows leave the tab, and none is read again', () => {
    const { desk, kase } = caseWithOpenVote({ 'Purge reporter details after (months)': '0' });
    // Three hundred alerts the account sent itself over months, in its inbox for good (a thread each); the sweep notes
    // each while it is among the newest, ten threads a run.
    for (let i = 0; i < 300; i++) {
      desk.ws.rt.setClock(desk.ws.rt.now() + 2 * HOUR);
      const m = desk.ws.receiveMail({ from: OWNER, to: OWNER, subject: `Conduct Desk: alert ${i}`, text: 'An alert.' });
      m.labelIds.push('SENT');
      if (i % 100 === 99) for (let h = 0; h < 12; h++) jumpAndSweep(desk, HOUR);
    }
    const own = () => registryRows(desk, 'Inbox').filter((r) => r.State === 'own');
    expect(own().length).toBeGreaterThanOrEqual(300);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    // Before: all 300 stayed. The threads the sweep lists (its five pages of 50, newest first) keep theirs.
    expect(own().length).toBeLessThanOrEqual(250);
    expect(archivedInbox(desk).filter((r) => r.State === 'own').length).toBeGreaterThanOrEqual(50);
    const listed = desk.ws
      .mailbox(OWNER)
      .filter((m) => m.labelIds.includes('INBOX'))
      .sort((a, b) => b.at - a.at)
      .slice(0, 250)
      .map((m) => m.threadId);
    const kept = new Set(registryRows(desk, 'Inbox').map((r) => r['Thread ID']));
    expect(listed.filter((t) => !kept.has(t))).toEqual([]);
    // No churn: the hours after read no thread again (a row gone for a listed thread would be read and noted anew).
    const from = desk.ws.rt.executions.length;
    for (let h = 0; h < 3; h++) jumpAndSweep(desk, HOUR);
    const after = since(desk, from, 'Gmail.Users.Threads.get');
    expect(after.calls).toBe(0);
    expect(after.inboxCells).toBeLessThanOrEqual(3 * 9 * 260);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-460 an email made a case, closed and archived, then added to by its sender in its thread: filed under the case from the archive', () => {
    const { desk } = caseWithOpenVote({ 'Purge reporter details after (months)': '0' });
    const sender = 'nia.vortel@example.net';
    const { message: first, kase: made } = emailMadeCase(desk, { from: sender, text: 'Rude remarks.' });
    clear(desk, made, ANA, CY);
    typeStatus(desk, OWNER, made, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    // Before: the row of the email made a case stayed in the tab every hourly sweep reads.
    expect(registryRows(desk, 'Inbox').filter((r) => r['Case ID'] === made.caseId)).toEqual([]);
    expect(
      archivedInbox(desk)
        .filter((r) => r['Case ID'] === made.caseId)
        .map((r) => r.State),
    ).toEqual(['case']);
    // "One more thing", months on, in the same thread (Re:, In-Reply-To it: Gmail threads it).
    emailInThread(desk, first, sender, 'Tess saw it.');
    sweep(desk);
    expect(filedTimes(desk, made, 'Tess saw it.')).toBe(1);
    expect(mailsTo(desk, OWNER, /waits for you/)).toHaveLength(1);
    expect(registryRows(desk, 'Archived Cases').concat(registryRows(desk, 'Cases'))).toHaveLength(2);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-460 Gmail out of reach when the archive lists the inbox: the other tabs move, the Inbox rows follow at the next sweep', () => {
    const { desk, kase } = caseWithOpenVote({ 'Purge reporter details after (months)': '0' });
    answer(desk, RITA, 'An answer from Rita.');
    typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.rt.setClock(desk.ws.rt.now() + 91 * DAY);
    // The sweep lists the inbox and Spam (ADV-574) once to file replies, then the archive lists it: that listing fails.
    const call = 'Gmail.Users.Threads.list';
    desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 3, message: 'Service unavailable' });
    sweep(desk);
    const mine = (rows: Record<string, string>[]) => rows.filter((r) => r['Case ID'] === kase.caseId);
    expect(desk.ws.rt.totals[call]).toBeGreaterThanOrEqual(3);
    expect(mine(registryRows(desk, 'Clearances'))).toEqual([]);
    expect(mine(registryRows(desk, 'Inbox'))).toHaveLength(1);
    expect(desk.ws.properties().archiving).toBeTruthy();
    jumpAndSweep(desk, HOUR);
    expect(mine(registryRows(desk, 'Inbox'))).toEqual([]);
    expect(mine(archivedInbox(desk)).map((r) => r.State)).toEqual(['filed']);
    expect(desk.ws.properties().archiving).toBeUndefined();
    expect(filedTimes(desk, kase, 'An answer from Rita.')).toBe(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  it('ADV-460 a reply filed under a case archived before its purge: retention forgets its sender in the archive', () => {
    const { desk, kase } = caseWithOpenVote({
      'Archive closed cases after (days)': '30',
      'Purge reporter details after (months)': '2',
    });
    answer(desk, RITA, 'An answer from Rita.');
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 31 * DAY);
    const mine = () => archivedInbox(desk).filter((r) => r['Case ID'] === kase.caseId && r.State === 'filed');
    // Before: the row stayed in the registry (forgotten there by the purge) and the archive had none.
    expect(mine().map((r) => r.From)).toEqual([RITA]);
    const purged = () => JSON.parse(registryCase(desk, kase).Flags).purged;
    for (let d = 0; d < 60 && !purged(); d++) jumpAndSweep(desk, DAY);
    expect(purged()).toBeTruthy();
    expect(mine().map((r) => r.From)).toEqual(['']);
    expect(registryRows(desk, 'Inbox').filter((r) => r.From === RITA)).toEqual([]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});
