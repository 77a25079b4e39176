// Adversarial cases ADV-D1…: a person changes a case Doc's sharing by hand at a moment the access audit's own reads fail, and the audit must still undo it within the hour (found by the property runs' sharing-drift step).
import { ANA, COMMITTEE_OPTIONS, REPORT_ONE } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

describe('adversarial: sharing drift the audit reads through a fault', () => {
  it("ADV-D1 a case Doc opened to the domain before the access audit's first run, whose read fails in that run's full pass, is made private within the next hour, not a week later", () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    const doc = r.kase(1).docId;
    // The domain's default opens the new Doc to anyone in the domain with the link (SECURITY.md, "Link sharing default").
    for (const who of ['anyone', 'domain']) r.k.humanAccess?.add(`${doc}|${who}`);
    r.k.humanDrift?.add(doc);
    r.setDocSharing(r.ws.owner, 1, 'DOMAIN_WITH_LINK', 'reader');
    // The audit's first run starts Drive's changes feed now (what came before is the full pass's alone), and Drive
    // answers its reads of single files with a server error for those minutes.
    const outage = { call: 'Drive.Files.get', chance: 1 };
    r.ws.rt.faults.push(outage);
    r.sweep();
    expect(r.ws.data.doc(doc).access).toBe('DOMAIN_WITH_LINK');
    r.ws.rt.faults.splice(r.ws.rt.faults.indexOf(outage), 1);
    const before = r.mailTo(ANA.email).length;
    r.advance(HOUR);
    // Before: the Doc stayed open to the whole domain until the next full pass, a week later (nothing listed it again).
    expect(r.ws.data.doc(doc).access).toBe('PRIVATE');
    expect(r.docEditors(1)).toEqual([ANA.email]);
    expect(
      r
        .mailTo(ANA.email)
        .slice(before)
        .map((m) => m.body)
        .join('\n'),
    ).toContain('link or domain sharing was on; it was turned off');
    r.k.humanDrift?.delete(doc);
    r.check('after the repair');
  });
});
