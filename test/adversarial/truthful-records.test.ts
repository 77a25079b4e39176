// Adversarial cases on what members read after a killed run or a message that never went: a confirmation request killed before its email, a lapsed proposal offered as a confirmation, and the case Doc's lines about mail (older letters refused, status emails waiting and when they went).
import {
  closeNoViolation,
  acceptPlan,
  ANA,
  CY,
  DEE,
  caseAction,
  casePage,
  clear,
  docSection,
  jumpAndSweep,
  mailsTo,
  offers,
  outcomeOf,
  OWNER,
  pageText,
  registryCase,
  registryRows,
  reportCase,
  sendLetter,
  setSetting,
  startResolutionDesk,
  writeSection,
  sweep,
  typeStatus,
} from '../integration/desk';
import { allowCrashWindow } from '../support/crash-matrix';
import { COMMITTEE_OPTIONS, ESCALATION, FLOWS } from '../support/flows';
import { Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const REPORTER = 'rita.quell@example.net';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const NOT_DELIVERED = /was not delivered: MailApp refused it/g;
const CONFIRM_FORGET = /Confirm: forget reporter/;
const WARNING = /Reporter details of closed cases will be deleted/;

function openCase() {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY, DEE);
  return { desk, kase };
}

/** MailApp refuses for good the message `action` sends after its confirmation email. */
function refused(desk: ReturnType<typeof openCase>['desk'], action: () => unknown): void {
  const nth = (desk.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 2;
  desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, message: 'Invalid email: refused' }];
  action();
  desk.ws.rt.faults = [];
}

describe('adversarial: truthful records after killed runs and mail that never went', () => {
  /** A closed case owing nothing, Cy's proposal to forget its reporter, and Ana's press killed as its email is sent. */
  function confirmationKilled() {
    const { desk, kase } = openCase();
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    jumpAndSweep(desk, DAY);
    caseAction(desk, CY, kase, 'forget-reporter');
    const { rt } = desk.ws;
    const page = casePage(desk, ANA, kase);
    // The 6-minute limit strikes as the confirmation email is sent: its row committed, the email not gone.
    rt.faults = [{ call: 'MailApp.sendEmail', nth: (rt.totals['MailApp.sendEmail'] ?? 0) + 1, kill: true }];
    desk.browser.press(page, 'forget-reporter');
    rt.faults = [];
    expect(rt.executions.at(-1)?.outcome).toBe('killed');
    expect(mailsTo(desk, ANA.email, CONFIRM_FORGET)).toHaveLength(0);
    rt.setClock(rt.now() + 6 * 60 * 1000);
    return { desk, kase };
  }

  it('ADV-368 the press that mails the forget-reporter confirmation is killed before the email went: the case page still offers it to every cleared voting member', () => {
    const { desk, kase } = confirmationKilled();
    // Before: nobody was offered it until the next sweep sent the stale email (the case's mail "waiting").
    expect(offers(casePage(desk, ANA, kase), 'forget-reporter')).toBe(true);
    expect(outcomeOf(caseAction(desk, DEE, kase, 'forget-reporter'))).toBe('done');
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    jumpAndSweep(desk, 2 * HOUR);
    // The stale email went once, with Dee's request (its link dead since the purge); nothing failed or waits.
    expect(mailsTo(desk, ANA.email, CONFIRM_FORGET).length).toBeLessThanOrEqual(1);
    expect(mailsTo(desk, OWNER, /could not be delivered/)).toHaveLength(0);
    expect(registryRows(desk, 'Outbox').filter((o) => o['Case ID'] === kase.caseId && o.State === 'pending')).toEqual(
      [],
    );
  });

  it('ADV-368 the same, and the member presses again: one confirmation email, the one that works', () => {
    const { desk, kase } = confirmationKilled();
    expect(outcomeOf(caseAction(desk, ANA, kase, 'forget-reporter'))).toBe('done');
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    jumpAndSweep(desk, 2 * HOUR);
    // Before the replaced one was dropped: both went with the second press, the first with a dead link.
    expect(mailsTo(desk, ANA.email, CONFIRM_FORGET)).toHaveLength(1);
  });

  it('ADV-369 the proposer of a waiver declares a conflict: the others are offered to propose it, not to confirm it, and a second member still decides', () => {
    const { desk, kase } = openCase();
    caseAction(desk, CY, kase, 'waive-follow-up');
    expect(pageText(casePage(desk, ANA, kase))).toContain('Confirm: the reporter is owed no follow-up');
    caseAction(desk, CY, kase, 'conflict');
    // Before: `Confirm: …`, while Ana's press only proposed it again (Cy's proposal lapsed with his clearance).
    expect(pageText(casePage(desk, ANA, kase))).not.toContain('Confirm: the reporter is owed no follow-up');
    expect(pageText(casePage(desk, ANA, kase))).toContain('Propose: the reporter is owed no follow-up');
    caseAction(desk, ANA, kase, 'waive-follow-up');
    expect(registryCase(desk, kase).Flags).not.toContain('followUpWaived');
    expect(pageText(casePage(desk, DEE, kase))).toContain('Confirm: the reporter is owed no follow-up');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'waive-follow-up'))).toBe('done');
    expect(registryCase(desk, kase).Flags).toContain('followUpWaived');
  });

  it('ADV-370 the first letter MailApp refused for good is sent again before the next sweep: the Doc still says the first was not delivered', () => {
    const { desk, kase } = openCase();
    acceptPlan(desk, kase, { voters: [ANA, DEE] });
    refused(desk, () => sendLetter(desk, ANA, kase, 'sam.doe@example.com'));
    desk.k.reportedPersonEmails.add('sam.doe@example.org');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-letter-again', { to: 'sam.doe@example.org' }))).toBe('done');
    // The follow-up likewise: refused, then sent again (follow-up#2) within the hour.
    refused(desk, () => caseAction(desk, CY, kase, 'send-follow-up'));
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-follow-up'))).toBe('done');
    jumpAndSweep(desk, HOUR);
    jumpAndSweep(desk, HOUR);
    const letters = docSection(desk, kase, 'Discussions with the reported person');
    expect(letters.match(/Letter sent (to the reported person|again, to another address)/g)).toHaveLength(2);
    // Before: only the newest letter's delivery was looked at; the first stood as sent for good.
    expect(letters.match(NOT_DELIVERED)).toHaveLength(1);
    // Named by the date of its own entry: the note follows the second letter's text.
    const first = /^(.+) \u2014 Letter sent to the reported person/m.exec(letters)?.[1];
    expect(letters).toContain(`The email above dated ${first} was not delivered`);
    const followUps = docSection(desk, kase, 'Follow-up to the reporter');
    expect(followUps.match(NOT_DELIVERED)).toHaveLength(1);
    expect(docSection(desk, kase, 'Log').match(NOT_DELIVERED)).toHaveLength(2);
  });

  it('ADV-371 a status email waits for the quota and is dropped when the case closes: the Log never says it was sent; one that goes is logged once', () => {
    const { desk, kase } = openCase();
    desk.ws.rt.setClock(desk.ws.rt.now() + 8 * DAY);
    desk.ws.setMailQuotaUsed(2000);
    sweep(desk);
    expect(registryRows(desk, 'Outbox').find((o) => o.Kind === 'status')?.State).toBe('pending');
    // Before: `Status email sent to the reporter` the moment it was queued.
    expect(docSection(desk, kase, 'Log')).not.toMatch(/Status email sent/);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 2 * DAY);
    expect(mailsTo(desk, REPORTER, /status update/)).toHaveLength(0);
    expect(docSection(desk, kase, 'Log')).not.toMatch(/Status email sent/);

    const other = openCase();
    other.desk.ws.rt.setClock(other.desk.ws.rt.now() + 8 * DAY);
    sweep(other.desk);
    jumpAndSweep(other.desk, 2 * HOUR);
    expect(mailsTo(other.desk, REPORTER, /status update/)).toHaveLength(1);
    expect(docSection(other.desk, other.kase, 'Log').match(/Status email sent to the reporter/g)).toHaveLength(1);
  });

  it('ADV-373 a status email that went hours before the sweep that logs it: the Log says when it went, not when it was logged', () => {
    const { desk, kase } = openCase();
    desk.ws.rt.setClock(desk.ws.rt.now() + 8 * DAY);
    sweep(desk);
    const [sent] = mailsTo(desk, REPORTER, /status update/);
    expect(sent).toBeDefined();
    // No sweep for five hours (a trigger run lost), then the one that writes the line.
    jumpAndSweep(desk, 5 * HOUR);
    const when = new Date(sent.at).toISOString().slice(0, 16).replace('T', ' ');
    const line = /^.*Status email sent to the reporter.*$/m.exec(docSection(desk, kase, 'Log'))?.[0] ?? '';
    // Before: the line carried only the logging sweep's time, five hours after the email went.
    expect(line).toContain(`Status email sent to the reporter (address on file) at ${when} (Etc/UTC):`);
  });
  it('ADV-395 the follow-up to the reporter still waits for the quota on its purge day: neither sent to a purged address nor dropped unrecorded', () => {
    const { desk, kase } = openCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    closeNoViolation(desk, kase, CY, [ANA, DEE]);
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'The committee found no violation: an agreed debate.');
    // Ana confirms from her mailbox once the day's quota is spent: the follow-up is queued, not sent.
    const pressed = desk.browser.press(casePage(desk, ANA, kase), 'send-follow-up', {});
    desk.ws.setMailQuotaUsed(5000);
    expect(desk.browser.completeConfirmation(pressed.visit, ANA.email, 'send-follow-up', {})?.submitted).toBe(true);
    const followUp = () =>
      registryRows(desk, 'Outbox').find((o) => o['Case ID'] === kase.caseId && o.Kind === 'follow-up');
    expect(followUp()?.State).toBe('pending');
    // The quota stays spent day after day, past the month and the week's warning.
    for (let day = 0; day < 45; day++) {
      desk.ws.rt.setClock(desk.ws.rt.now() + DAY);
      desk.ws.setMailQuotaUsed(5000);
      sweep(desk);
    }
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(0);
    // Kept while it waits: the owner's week of warning waits behind it for the quota, and no purge comes before that
    // week has passed since the warning went (ADV-409).
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
    expect(followUp()?.State).toBe('pending');
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(0);
    // The quota back: the follow-up goes to the address still on file, then the warning, and the purge a week after it.
    jumpAndSweep(desk, DAY);
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
    const [warning] = mailsTo(desk, OWNER, WARNING);
    expect(warning).toBeDefined();
    for (let day = 0; day < 10 && registryCase(desk, kase)['Reporter Email']; day++) jumpAndSweep(desk, DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(desk.ws.rt.now() - warning.at).toBeGreaterThanOrEqual(6 * DAY);
    expect(followUp()).toMatchObject({ State: 'sent', To: '', Body: '' });
    jumpAndSweep(desk, 2 * DAY);
    expect(mailsTo(desk, REPORTER, /./)).toHaveLength(2);
    expect(
      registryRows(desk, 'Audit').filter(
        (a) => a['Case ID'] === kase.caseId && /retention.purged/.test(JSON.stringify(a)),
      ),
    ).toHaveLength(1);
  });
  it('ADV-396 a confirmation email still queued (the quota spent) when its case is purged is dropped with a note and an Audit line, never sent', () => {
    const { desk, kase } = openCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    jumpAndSweep(desk, DAY);
    const confirm = () =>
      registryRows(desk, 'Outbox')
        .filter((o) => o['Case ID'] === kase.caseId && o.Kind === 'confirm')
        .at(-1);
    // From the day the owner's purge warning went (the purge waits for it, ADV-409) the quota stays spent, and each day,
    // minutes before the sweep, Cy asks to forget the reporter: the purge comes with a confirmation email queued (its
    // link still within its 30 minutes).
    for (let day = 0; day < 45 && registryCase(desk, kase)['Reporter Email']; day++) {
      desk.ws.rt.setClock(desk.ws.rt.now() + DAY);
      if (mailsTo(desk, OWNER, WARNING).length) {
        desk.ws.setMailQuotaUsed(5000);
        expect(desk.browser.press(casePage(desk, CY, kase), 'forget-reporter', {}).submitted).toBe(true);
        expect(confirm()?.State).toBe('pending');
      }
      sweep(desk);
    }
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    // Before: marked `digested` with no note, as if a digest held it (§7 invariant 3), and the Audit said nothing of it.
    expect(confirm()).toMatchObject({ State: 'digested', To: '', Body: '', Error: 'dropped: purged' });
    const purged = registryRows(desk, 'Audit').find(
      (a) => a['Case ID'] === kase.caseId && /retention\.purged/.test(JSON.stringify(a)),
    );
    expect(JSON.stringify(purged)).toMatch(/1 queued message dropped unsent/);
    // The dropped one is no sent-mail copy.
    const sentCopies = registryRows(desk, 'Outbox').filter((o) => o['Case ID'] === kase.caseId).length - 1;
    expect(JSON.stringify(purged)).toContain(`from ${sentCopies} sent-mail copies`);
    jumpAndSweep(desk, 2 * DAY);
    expect(mailsTo(desk, CY.email, CONFIRM_FORGET)).toHaveLength(0);
  });
  it('ADV-397 the confirming press of an escalation is killed after the Doc was saved: the same confirmation link, pressed again, does it, not "What would be sent has changed"', () => {
    const flow = FLOWS.find((f) => f.name === 'escalation: the confirming press');
    if (!flow) throw new Error('no escalation flow');
    const prepared = Rehearsal.start(COMMITTEE_OPTIONS);
    flow.prepare(prepared);
    // The run killed at its registry write, after it saved its record of the send in the moderators' section.
    let run: Rehearsal | null = null;
    let saved = false;
    for (let k = 1; k < 200 && !run; k++) {
      const fork = prepared.fork();
      let killedId = 0;
      flow.act(fork, () => {
        killedId = fork.ws.rt.executions.length + 1;
        fork.crashNextExecutionAt(k);
      });
      fork.ws.rt.crashPlan = null;
      const at = /\(([^)]+)\)\s*$/.exec(fork.ws.rt.executions.find((e) => e.id === killedId)?.error ?? '')?.[1];
      if (at === 'Document.saveAndClose') saved = true;
      else if (saved && at === 'Range.setValues') {
        allowCrashWindow(fork, killedId);
        run = fork;
      }
    }
    if (!run) throw new Error('no kill between the Doc save and the registry write');
    expect(run.ws.properties().docJournal).toBeTruthy();
    // Ana's link still works (its use was never recorded); she opens it again before any sweep.
    const link = run.link(ANA.email, 'confirm');
    expect(link).not.toBeNull();
    // Before: `What would be sent has changed since you asked`, though nothing a member wrote had changed. A GET
    // settles nothing (it holds no lock), so it says what is so; nothing is shown or done.
    const page = run.get(link?.url ?? '').page.text;
    expect(page).not.toMatch(/has changed since you asked/);
    expect(page).toMatch(/A change to the case is not finished yet.*Nothing was done/);
    expect(run.mailTo(ESCALATION)).toHaveLength(0);
    // Her press sent again (the tab's form, as a browser resubmits it): the POST settles first, then does it, once.
    const sent = run.post({ t: link?.token ?? '', op: 'escalate', confirm: 'yes' }).page.text;
    expect(sent).not.toMatch(/has changed since you asked/);
    expect(run.mailTo(ESCALATION)).toHaveLength(1);
    expect(run.ws.properties().docJournal).toBeUndefined();
  });
});
