// Adversarial cases where the local Workspace was kinder than Google: the built bundle against behaviour Google documents (or, where it does not, the stricter reading), with the invariants checked after every step.
import { expectInvariants } from '../integration/invariants';
import { expectOk, OWNER, REPORT, reportCase, startResolutionDesk, type Desk } from '../integration/desk';

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
});
