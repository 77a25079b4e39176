// Adversarial cases where the local Workspace was kinder than Google: the built bundle against behaviour Google documents (or, where it does not, the stricter reading), with the invariants checked after every step.
import { expectInvariants } from '../integration/invariants';
import {
  ANA,
  clear,
  docText,
  expectOk,
  mailsTo,
  OWNER,
  REPORT,
  reportCase,
  startResolutionDesk,
  type Desk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

const HOUR = 3600000;
const DAY = 24 * HOUR;
const RESPONDERS = /let anyone with the link answer the Form/;

function advance(desk: Desk, ms: number): void {
  for (const r of desk.ws.advance(ms)) expect(r.record.outcome).toBe('ok');
  expectInvariants(desk.ws, desk.k);
}

function setupLines(desk: Desk): string {
  return expectOk(desk.ws.run<{ lines: string[] }>('setup')).value!.lines.join('\n');
}

function selfTestFormLine(desk: Desk): string {
  const lines = expectOk(desk.ws.run<{ lines: string[] }>('selfTest')).value!.lines;
  return lines.find((l) => /Report Form:/.test(l)) ?? '';
}

describe('adversarial: platform fidelity', () => {
  it('ADV-421 a published Form is "Restricted" until anyone with the link may answer it: setup makes it so, the daily check and selfTest tell when the owner restricts it again', () => {
    // Setup (in startWorkspace) publishes the new Form and adds its "Anyone with the link" responder: a reporter with
    // no Google account reports.
    const desk = startResolutionDesk();
    const first = reportCase(desk);
    expect(first.codeName).toBeTruthy();
    expect(desk.ws.mailTo(REPORT.reporter!.email!).length).toBeGreaterThan(0);
    expect(selfTestFormLine(desk)).toMatch(/^PASS {2}Report Form: /);
    expectInvariants(desk.ws, desk.k);

    // The owner picks Responders: Restricted in the Forms publish dialog; the community can no longer answer.
    desk.ws.data.ui.setFormResponding(OWNER, desk.ids.form, { anyoneResponds: false });
    expect(() => desk.ws.submitForm({ 'What happened?': 'A rude remark' })).toThrow(/Restricted/);
    advance(desk, DAY + HOUR);
    const told = desk.ws.mailTo(OWNER).filter((m) => /The report Form is not taking reports/.test(m.subject));
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/only accepts the people it is shared with/);
    expect(told[0].body).toMatch(/anyone with its link/);
    expect(selfTestFormLine(desk)).toMatch(/^FAIL {2}Report Form: .*answered only by the people it is shared with/);

    // Setup puts the responder back and says so; reports come in again, and a second run changes nothing.
    expect(setupLines(desk)).toMatch(RESPONDERS);
    expectInvariants(desk.ws, desk.k);
    reportCase(desk, { what: 'He did it again in the forum thread about the release.' });
    expect(setupLines(desk)).not.toMatch(RESPONDERS);
    expect(desk.ws.data.forms()[0].submitted).toHaveLength(2);
    expectInvariants(desk.ws, desk.k);
  });

  it("ADV-642 the owner unticks Calendar and Gmail on Google's granular consent screen: selfTest says to run setup again, and setup asks Google for them until they are granted", () => {
    const desk = startResolutionDesk();
    // The committee account's consent screen lists each permission with its own checkbox (granular consent, 2025):
    // the owner left "View and edit events on all your calendars" and the Gmail one unticked.
    desk.ws.leaveUnticked(['calendar.events', 'gmail.modify']);
    const before = expectOk(desk.ws.run<{ lines: string[] }>('selfTest')).value!.lines;
    expect(before.find((l) => /Calendar:/.test(l))).toMatch(/^FAIL .*run setup again to authorize/);
    expect(before.find((l) => /Mailbox:/.test(l))).toMatch(/^FAIL .*run setup again to grant the Gmail permission/);
    expect(before.find((l) => /Permissions:/.test(l))).toMatch(/^FAIL .*left unticked.*to do: run setup/);

    // As selfTest says, the owner runs setup: it stops at once and Google asks for the two permissions again (the
    // execution ends: nothing is set up on half the permissions); this time the owner ticks them.
    const asked = desk.ws.run('setup');
    expect(asked.record.error).toMatch(/Authorization is required/);
    expect(desk.ws.untickedScopes()).toEqual([]);
    expect(setupLines(desk)).not.toMatch(/FAIL/);
    const after = expectOk(desk.ws.run<{ lines: string[] }>('selfTest')).value!.lines;
    expect(after.find((l) => /Calendar:/.test(l))).toMatch(/^PASS/);
    expect(after.find((l) => /Mailbox:/.test(l))).toMatch(/^PASS/);
    expect(after.find((l) => /Permissions:/.test(l))).toMatch(/^PASS {2}Permissions: every permission/);
    expectInvariants(desk.ws, desk.k);
  });

  it('ADV-643 an installation whose Gmail permission was left unticked: each hourly run ends failed naming it (Google mails the owner), and once setup has it granted the reply is filed', () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    // Installed by an earlier version, whose setup did not ask again: the Gmail permission was left unticked.
    desk.ws.leaveUnticked(['gmail.modify']);
    const [ack] = mailsTo(desk, REPORT.reporter!.email!, /.*/);
    desk.ws.reply({ from: REPORT.reporter!.email!, original: ack, text: 'One more thing: Wes Tarn saw it too.' });
    const sweeps = desk.ws.advance(2 * HOUR).filter((r) => r.record.fn === 'sweep_');
    expect(sweeps.length).toBeGreaterThan(0);
    // Google emails the owner about failed runs only: each run ends failed, with Google's words naming the permission.
    for (const r of sweeps) {
      expect(r.record.outcome).toBe('error');
      expect(r.record.error).toMatch(/Required permissions: https:\/\/www\.googleapis\.com\/auth\/gmail\.modify/);
    }
    expectInvariants(desk.ws, desk.k);
    expect(docText(desk, kase)).not.toContain('Wes Tarn saw it too');

    // The owner runs setup: Google asks for the permission, the owner allows it, setup runs; the next run files the reply.
    expect(desk.ws.run('setup').record.error).toMatch(/Authorization is required/);
    expectOk(desk.ws.run('setup'));
    advance(desk, HOUR);
    expect(docText(desk, kase)).toContain('Wes Tarn saw it too');
  });

  it('ADV-644 the committee account reads a filed reply in Gmail, leaving it with no label (the API then sends no labelIds); the reporter writes again in that thread and the new reply is filed (guard)', () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    const reporter = REPORT.reporter!.email!;
    const [ack] = mailsTo(desk, reporter, /.*/);
    const first = desk.ws.reply({ from: reporter, original: ack, text: 'First addition: it happened twice.' });
    advance(desk, HOUR);
    expect(docText(desk, kase)).toContain('it happened twice');
    // The owner opens the thread in Gmail: the archived reply is read, so it keeps no label at all.
    const filed = desk.ws.mailboxes.messages.find((m) => m.id === first.id)!;
    desk.ws.mailboxes.modify(filed, [], ['INBOX', 'UNREAD']);
    expect(filed.labelIds).toEqual([]);
    desk.ws.reply({ from: reporter, original: ack, text: 'Second addition: Wes Tarn saw it too.' });
    advance(desk, HOUR);
    const text = docText(desk, kase);
    expect(text).toContain('Wes Tarn saw it too');
    expect(text.split('it happened twice').length).toBe(2);
  });
});
