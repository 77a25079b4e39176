// Adversarial cases on mail that waits (the quota) while what it says stops being true: an access email listing a case the member was since kept out of, a purge warning still unsent on its purge day, a warning that said the Doc is kept when Settings now trash it.
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, REPORT_ONE, REPORT_TWO } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const DAY = 24 * HOUR;

describe('adversarial: mail that waits while its news goes stale', () => {
  it('ADV-XL1 an onboarding access email waits for the quota; the member is then found to be in one of its cases: it never lists that case', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    for (const m of [ANA, BO, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    // A new member, typed "Wes Tran": the report's witness, "Wes Tarn", is not recognised in them.
    const wes = { name: 'Wes Tran', email: 'wes@example.org', role: 'voting' as const };
    r.addMembers([wes]);
    r.advance(HOUR);
    // The day's mail quota is spent when Wes answers: the email telling of both Docs waits.
    r.ws.setMailQuotaUsed(5000);
    expect(r.onboard(wes.email, { noConflict: ['Sam Doe', 'Max Power'] }).ok).toBe(true);
    const waiting = r.registry('Outbox').filter((o) => o.Kind === 'onboarding-access');
    expect(waiting.map((o) => o.State)).toEqual(['pending']);
    expect(r.docEditors(1)).toContain(wes.email);
    // The owner corrects the name: the report's witness, so an automatic conflict (access withdrawn, Wes not told).
    const row = r.ws.data.sheet(r.ids.status, 'Committee').rows.findIndex((x) => x[1] === wes.email) + 1;
    r.ws.editCell(r.ws.owner, r.ids.status, 'Committee', row, 1, 'Wes Tarn');
    r.check('after the correction');
    expect(r.docEditors(1)).not.toContain(wes.email);
    // The quota comes back.
    r.advance(DAY);
    r.advance(2 * HOUR);
    const told = r.mailTo(wes.email).filter((m) => /Access granted/.test(m.subject));
    // Before: "Access granted: 2 cases", the case that names Wes with its Doc and case page links among them.
    expect(told.map((m) => m.subject)).toEqual(['Access granted: 1 case']);
    for (const m of told) expect(`${m.body}\n${m.htmlBody ?? ''}`).not.toContain(r.kase(1).codeName);
    expect(told[0].body).toContain(r.kase(2).codeName);
    expect(r.docEditors(2)).toContain(wes.email);
  });
});
