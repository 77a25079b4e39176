// Adversarial cases of a Google Workspace whose administrator's policies change what Conduct Desk's calls do: Drive sharing outside the organisation turned off (or limited to allowlisted domains) when a member's address is outside it, and a member's account deleted by the admin.
import {
  ANA,
  CY,
  DEE,
  OWNER,
  addMember,
  answerLink,
  clear,
  docEditors,
  newestLink,
  passPlan,
  registryRows,
  reportCase,
  startDesk,
  startResolutionDesk,
  submitReport,
  sweepHours,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

/** A member whose address is outside the committee account's organisation (example.org). */
const FAY = { name: 'Fay Moss', email: 'fay@example.net', role: 'voting' as const };

function auditCount(desk: ReturnType<typeof startDesk>, event: string): number {
  return registryRows(desk, 'Audit').filter((a) => a.Event === event).length;
}

describe('a Workspace that does not share outside its organisation', () => {
  it('ADV-446 a member with an address outside it is added: the owner and the member are told once what to do, Drive is asked once a day, and the member is welcomed once the admin allows the domain', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    addMember(desk, FAY);
    sweepHours(desk, 30);
    const told = desk.ws.mailTo(OWNER).filter((m) => /Drive refuses to share with a committee member/.test(m.subject));
    // Before: nothing was told to anyone; every sync (each hour, each edit of the Committee tab) asked Drive twice and
    // wrote `member.share-failed`, for good, and the member never got the status spreadsheet nor the welcome.
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/fay@example\.net/);
    expect(told[0].body).toMatch(/does not allow sharing outside example\.org/);
    expect(told[0].body).toMatch(
      /Ask the Workspace admin to allow sharing with example\.net .*or use an address in example\.org in the Committee tab/,
    );
    const fay = desk.ws.mailTo(FAY.email).map((m) => m.subject);
    expect(fay.filter((s) => /Drive refuses to share with a committee member/.test(s))).toHaveLength(1);
    expect(fay.some((s) => /Welcome/.test(s))).toBe(false);
    expect(auditCount(desk, 'member.share-failed')).toBeLessThanOrEqual(4);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(FAY.email);

    // The admin adds example.net to the allowlisted domains: the next day's try shares it and welcomes Fay.
    desk.ws.data.setSharingOutside(['example.net']);
    sweepHours(desk, 24);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(FAY.email);
    expect(desk.ws.mailTo(FAY.email).some((m) => /Welcome/.test(m.subject))).toBe(true);
    expect(desk.ws.mailTo(OWNER).filter((m) => /Drive refuses to share/.test(m.subject))).toHaveLength(1);
  });

  it('ADV-447 that member declares no conflict on a report: the case Doc is refused once a day, not every hour, nobody else waits, and no other route gives them the Doc', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    addMember(desk, FAY);
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    for (const m of [ANA, CY, FAY])
      answerLink(desk, newestLink(desk, m.email, 'no-conflict', kase.caseId), 'no-conflict');
    const before = auditCount(desk, 'share.failed');
    sweepHours(desk, 2 * 24);
    // Before: every hourly sweep asked Drive again (twice) and wrote `share.failed`: 48 rows in two days, for good.
    expect(auditCount(desk, 'share.failed') - before).toBeLessThanOrEqual(4);
    expect(docEditors(desk, kase.docId)).toEqual(expect.arrayContaining([ANA.email, CY.email]));
    expect(docEditors(desk, kase.docId)).not.toContain(FAY.email);
    expect(desk.ws.data.shareNotifications().some((n) => n.to === FAY.email)).toBe(false);
    expect(
      desk.ws.mailTo(OWNER).filter((m) => /Drive refuses to share with a committee member/.test(m.subject)),
    ).toHaveLength(1);
    expect(
      desk.ws.mailTo(FAY.email).filter((m) => /Drive refuses to share with a committee member/.test(m.subject)),
    ).toHaveLength(1);
  });
});

describe('a member who left their employer: the admin deletes their account', () => {
  it('ADV-448 a cleared voting member\u2019s account is deleted and Drive drops their access: the owner is told once what to do, the cleared members are not told every day of a repair that cannot be made, and the others still decide', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], profile: 'workspace' });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    desk.ws.data.deleteAccount(DEE.email);
    sweepHours(desk, 30);
    const told = desk.ws.mailTo(OWNER).filter((m) => /Drive refuses to share with a committee member/.test(m.subject));
    // Before: each hourly audit shared the Doc again, was refused and wrote `audit.repair-failed`; each day Ana and Cy
    // read that "a sharing problem could not be repaired; please check the document's sharing settings now", and
    // nobody was told that Dee's account was gone.
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/dee@example\.org/);
    expect(told[0].body).toMatch(/its account was probably deleted/);
    expect(told[0].body).toMatch(/another address in the Committee tab, or untick Active/);
    expect(auditCount(desk, 'audit.repair-failed')).toBe(0);
    for (const m of [ANA, CY]) expect(desk.ws.mailTo(m.email).some((x) => /NOT repaired/.test(x.body))).toBe(false);
    expect(docEditors(desk, kase.docId)).not.toContain(DEE.email);
    // Two of the three voters frozen at the vote's opening pass it: Dee's silence blocks nothing.
    passPlan(desk, kase, [ANA, CY]);
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toContain('passed');
  });
});
