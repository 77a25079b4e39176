// Adversarial cases of a Google Workspace whose administrator's policies change what Conduct Desk's calls do: Drive sharing outside the organisation turned off (or limited to allowlisted domains) when a member's address is outside it, and a member's account deleted by the admin.
import {
  ANA,
  CY,
  DEE,
  OWNER,
  addMember,
  answerLink,
  clear,
  addSpace,
  SPACE,
  typeStatus,
  DAY,
  docEditors,
  docText,
  jumpAndSweep,
  newestLink,
  open,
  pageText,
  passPlan,
  press,
  type Desk,
  registryRows,
  reportCase,
  startDesk,
  startResolutionDesk,
  submitReport,
  sweepHours,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

/** A member of the organisation, added while Drive fails. */
const FAY_INSIDE = { name: 'Gus Hale', email: 'gus@example.org', role: 'voting' as const };

/** A member whose address is outside the committee account's organisation (example.org). */
const FAY = { name: 'Fay Moss', email: 'fay@example.net', role: 'voting' as const };

/** The Drive refusal's notice in someone's mail. */
function refusalMail(desk: Desk, email: string) {
  return desk.ws.mailTo(email).filter((m) => /Drive refuses to share with a committee member/.test(m.subject));
}

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
      /If the committee account is in a Google Workspace, ask its admin to allow sharing with example\.net .*or use an address in example\.org in the Committee tab/,
    );
    const fay = desk.ws.mailTo(FAY.email).map((m) => m.subject);
    expect(fay.filter((s) => /Drive refuses to share with a committee member/.test(s))).toHaveLength(1);
    expect(fay.some((s) => /Welcome/.test(s))).toBe(false);
    // Drive's words for the policy name no address: Google's invitation was never tried, so no mail says it was (ADV-473:
    // before, both read "refused … even with its invitation").
    expect(desk.ws.data.shareNotifications().some((n) => n.to === FAY.email)).toBe(false);
    for (const m of [told[0], ...refusalMail(desk, FAY.email)]) expect(m.body).not.toMatch(/invitation/);
    // Tried at each hourly sync until Drive has refused for 6 hours (a refusal known by repetition, ADV-461), then once a day.
    expect(auditCount(desk, 'member.share-failed')).toBeLessThanOrEqual(10);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(FAY.email);

    // The admin adds example.net to the allowlisted domains: the next day's try shares it and welcomes Fay.
    desk.ws.data.setSharingOutside(['example.net']);
    sweepHours(desk, 24);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(FAY.email);
    expect(desk.ws.mailTo(FAY.email).some((m) => /Welcome/.test(m.subject))).toBe(true);
    expect(desk.ws.mailTo(OWNER).filter((m) => /Drive refuses to share/.test(m.subject))).toHaveLength(1);
  });

  it('ADV-466 months after the admin allowed the domain (the member welcomed), sharing outside is turned off again: the owner and the member are told once more, not never', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    addMember(desk, FAY);
    // Refused for 7 hours: told once Drive has refused for 6 (ADV-461).
    sweepHours(desk, 7);
    desk.ws.data.setSharingOutside(['example.net']);
    sweepHours(desk, 24);
    expect(desk.ws.mailTo(FAY.email).some((m) => /Welcome/.test(m.subject))).toBe(true);
    expect([refusalMail(desk, OWNER), refusalMail(desk, FAY.email)].map((m) => m.length)).toEqual([1, 1]);
    // Months later the policy is changed back, and Fay declares no conflict on a new report.
    jumpAndSweep(desk, 60 * 24 * 3600000);
    desk.ws.data.setSharingOutside('off');
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    answerLink(desk, newestLink(desk, FAY.email, 'no-conflict', kase.caseId), 'no-conflict');
    sweepHours(desk, 3 * 24);
    // Before: the notice went once for the address, for good: nobody heard that Fay no longer gets any document.
    expect([refusalMail(desk, OWNER), refusalMail(desk, FAY.email)].map((m) => m.length)).toEqual([2, 2]);
    expect(docEditors(desk, kase.docId)).not.toContain(FAY.email);
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
    // Hourly until Drive has refused for 6 hours (ADV-461), then once a day.
    expect(auditCount(desk, 'share.failed') - before).toBeLessThanOrEqual(8);
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
    expect(told[0].body).toMatch(/the Google account of this address was probably deleted/);
    expect(told[0].body).toMatch(/another address in the Committee tab, or untick Active/);
    expect(auditCount(desk, 'audit.repair-failed')).toBe(0);
    for (const m of [ANA, CY]) expect(desk.ws.mailTo(m.email).some((x) => /NOT repaired/.test(x.body))).toBe(false);
    expect(docEditors(desk, kase.docId)).not.toContain(DEE.email);
    // Two of the three voters frozen at the vote's opening pass it: Dee's silence blocks nothing.
    passPlan(desk, kase, [ANA, CY]);
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toContain('passed');
  });
});

describe('what a member whose share Drive refuses reads', () => {
  it('ADV-452 a member outside the organisation presses "no conflict", and one whose account was deleted: the page says Drive refused their address, why as far as is known, that the committee account was told and what changes it, not that Drive did not respond', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    addMember(desk, FAY);
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    // Refused since Fay was added, for 6 hours (noted today, ADV-461): this press does not even ask Drive.
    sweepHours(desk, 7);
    const fay = answerLink(desk, newestLink(desk, FAY.email, 'no-conflict', kase.caseId), 'no-conflict').page.text;
    // Before: "Google Drive did not respond in time, so the document is not shared yet. It will be retried
    // automatically", and the retry an hour later was never made (once a day), nor could it change anything.
    expect(fay).not.toMatch(/did not respond in time|retried automatically/);
    expect(fay).toMatch(/Google Drive refused to share the document with your address, fay@example\.net/);
    expect(fay).toMatch(
      /either the committee\u2019s Google Workspace does not allow sharing outside example\.org, or the Google account of this address was deleted/,
    );
    expect(fay).toMatch(/The committee account was told by email/);
    expect(fay).toMatch(
      /It changes when the Workspace admin allows sharing with example\.net, or when the committee gives you another address in the Committee tab; Conduct Desk tries again once a day, and you will get an email when the document is shared/,
    );
    expect(refusalMail(desk, OWNER)).toHaveLength(1);

    // Dee's account is deleted: this very press is refused (nothing noted before it).
    desk.ws.data.deleteAccount(DEE.email);
    expect(desk.ws.properties().shareRefused ?? '').not.toMatch(/dee@/);
    const dee = answerLink(desk, newestLink(desk, DEE.email, 'no-conflict', kase.caseId), 'no-conflict').page.text;
    expect(dee).not.toMatch(/did not respond in time/);
    expect(dee).toMatch(
      /Google Drive refused to share the document with your address, dee@example\.org: the Google account of this address was probably deleted\. The committee account was told by email\. It changes when the committee gives you another address in the Committee tab;/,
    );
    expect(
      refusalMail(desk, OWNER)
        .map((m) => m.body)
        .join(),
    ).toMatch(/dee@example\.org/);
  });

  it('ADV-468 a new member whose account is deleted before they answer the onboarding page about two past cases: it says Drive refused their address, not that the documents will be shared shortly', () => {
    const desk = startDesk({ members: [ANA, CY], profile: 'workspace' });
    for (const reported of ['Quorra Vell', 'Orin Lake']) submitReport(desk, { reported: [reported] });
    addMember(desk, DEE);
    desk.ws.data.deleteAccount(DEE.email);
    const page = open(desk, newestLink(desk, DEE.email, 'onboard').url);
    const fields = Object.fromEntries(
      [...page.response.body.matchAll(/name="(person-\d+)"/g)].map((m) => [m[1], 'no-conflict']),
    );
    const text = pageText(press(desk, page, 'onboard', { fields }));
    // Before: "2 more documents will be shared shortly; you will get an email when they are", for good: Drive refuses
    // the address, tried once a day.
    expect(text).not.toMatch(/shared shortly/);
    expect(text).toMatch(
      /Google Drive refused to share 2 documents with your address, dee@example\.org: the Google account of this address was probably deleted\. The committee account was told by email\. It changes when the committee gives you another address in the Committee tab;.* you will get an email when they are shared/,
    );
    expect(refusalMail(desk, OWNER)).toHaveLength(1);
  });

  it('ADV-453 on a consumer account a member at another domain has their account deleted: the owner and the member read that either a Workspace policy or a deleted account is the cause, and with a Gmail committee account only the deleted account', () => {
    const desk = startDesk({ members: [ANA, CY, DEE] });
    addMember(desk, FAY);
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    desk.ws.data.deleteAccount(FAY.email);
    const page = answerLink(desk, newestLink(desk, FAY.email, 'no-conflict', kase.caseId), 'no-conflict').page.text;
    const [told] = refusalMail(desk, OWNER);
    // Before: "the Workspace does not allow sharing outside example.org", as a fact, on an account with no Workspace,
    // and nothing about the account being gone.
    expect(told.body).not.toMatch(/: the Workspace does not allow/);
    expect(told.body).toMatch(
      /fay@example\.net: either the committee\u2019s Google Workspace does not allow sharing outside example\.org, or the Google account of this address was deleted/,
    );
    expect(told.body).toMatch(
      /If the committee account is in a Google Workspace, ask its admin to allow sharing with example\.net .*Otherwise give them another address in the Committee tab, or untick Active/,
    );
    expect(refusalMail(desk, FAY.email)[0].body).toMatch(
      /either the committee\u2019s Google Workspace does not allow sharing outside example\.org, or the Google account of this address was deleted/,
    );
    expect(page).toMatch(
      /either the committee\u2019s Google Workspace does not allow sharing outside example\.org, or/,
    );

    // A Gmail committee account belongs to no Workspace: no admin policy to blame, only the deleted account.
    const gmail = 'coc.desk@gmail.com';
    const own = startDesk({ owner: gmail });
    for (const m of [ANA, CY, FAY]) {
      const row = own.members.length + 2;
      own.members.push({ ...m });
      [m.name, m.email, m.role, true].forEach((v, i) =>
        own.ws.editCell(gmail, own.ids.status, 'Committee', row, i + 1, v),
      );
    }
    const other = submitReport(own, { reported: ['Quorra Vell'] });
    own.ws.data.deleteAccount(FAY.email);
    const seen = answerLink(own, newestLink(own, FAY.email, 'no-conflict', other.caseId), 'no-conflict').page.text;
    const [mail] = refusalMail(own, gmail);
    // Before: "the Workspace does not allow sharing outside gmail.com. … Ask the Workspace admin to allow sharing with
    // example.net", of a Workspace that cannot exist.
    for (const text of [seen, mail.body]) {
      expect(text).not.toMatch(/Workspace/);
      expect(text).toMatch(/fay@example\.net.*: the Google account of this address was probably deleted/);
    }
    expect(mail.body).toMatch(/Give them another address in the Committee tab, or untick Active/);
  });

  it('ADV-455 the member Drive refuses reads, in their own mail, what happened to their address and what changes it, not the steps the committee account is asked to take', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    addMember(desk, FAY);
    sweepHours(desk, 7);
    const [theirs] = refusalMail(desk, FAY.email);
    // Before: the owner's mail, word for word: "Until then they open none … Ask the Workspace admin to allow sharing
    // with example.net (Admin console > …), or use an address in example.org in the Committee tab", to the member.
    expect(theirs.body).not.toMatch(/untick Active|Give them|Admin console|they open none/);
    expect(theirs.body).toMatch(
      /refused to share the committee\u2019s documents with your address, fay@example\.net: either the committee\u2019s Google Workspace does not allow sharing outside example\.org, or the Google account of this address was deleted\. The committee account was told\./,
    );
    expect(theirs.body).toMatch(
      /It changes when the Workspace admin allows sharing with example\.net, or when the committee gives you another address in the Committee tab; Conduct Desk tries again once a day\./,
    );
    expect(refusalMail(desk, OWNER)[0].body).toMatch(/Admin console > Drive and Docs > Sharing settings/);
  });
});

describe('Drive failing for a while is not Drive refusing', () => {
  it('ADV-454 shares fail with server errors for over an hour: the member who declared no conflict and a member added meanwhile get their Doc and welcome within the hour after, and nobody is told of a refusal', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace' });
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    // Every share fails, silent or notifying, as in an outage (by chance 1: with the fix no notifying share is tried).
    desk.ws.rt.faults = ['Drive.Permissions.create', 'File.addEditor'].map((call) => ({ call, chance: 1 }));
    const page = answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId), 'no-conflict').page.text;
    expect(page).toMatch(/Google Drive did not respond in time/);
    addMember(desk, FAY_INSIDE);
    sweepHours(desk, 2);
    desk.ws.rt.faults = [];
    sweepHours(desk, 1);
    // Before: the second failure was taken for Drive's refusal: Ana, Gus and the owner read that their accounts were
    // "probably deleted", and Ana waited for the next day's try for a Doc she should have had within the hour.
    for (const who of [OWNER, ANA.email, FAY_INSIDE.email]) expect(refusalMail(desk, who)).toHaveLength(0);
    expect(auditCount(desk, 'member.share-refused')).toBe(0);
    expect(docEditors(desk, kase.docId)).toContain(ANA.email);
    expect(desk.ws.mailTo(ANA.email).some((m) => /^Access granted/.test(m.subject))).toBe(true);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(FAY_INSIDE.email);
    expect(desk.ws.mailTo(FAY_INSIDE.email).some((m) => /Welcome/.test(m.subject))).toBe(true);
    // Nor was a flaky silent share taken for an address without a Google account: no invitation, no such alert.
    expect(desk.ws.data.shareNotifications()).toHaveLength(0);
    expect(desk.ws.mailTo(OWNER).some((m) => /shared with a Google notification/.test(m.subject))).toBe(false);
  });

  it('ADV-461 on a committee account in French, shares fail with server errors for over an hour: nobody is told of a refusal and the members have their Doc and welcome within the hour after', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', locale: 'fr' });
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    // Apps Script's server error reaches the script in French (`Une erreur est survenue sur le serveur…`): no English
    // word of a passing fault, so only a rule independent of the language can tell the outage from a refusal.
    desk.ws.rt.faults = ['Drive.Permissions.create', 'File.addEditor'].map((call) => ({ call, chance: 1 }));
    answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId), 'no-conflict');
    addMember(desk, FAY_INSIDE);
    sweepHours(desk, 2);
    // Before: the second failure was taken for Drive's refusal: Ana, Gus and the owner read that their accounts were
    // "probably deleted", and Drive was not asked again for a day.
    for (const who of [OWNER, ANA.email, FAY_INSIDE.email]) expect(refusalMail(desk, who)).toHaveLength(0);
    expect(auditCount(desk, 'member.share-refused')).toBe(0);
    desk.ws.rt.faults = [];
    sweepHours(desk, 1);
    for (const who of [OWNER, ANA.email, FAY_INSIDE.email]) expect(refusalMail(desk, who)).toHaveLength(0);
    expect(docEditors(desk, kase.docId)).toContain(ANA.email);
    expect(desk.ws.mailTo(ANA.email).some((m) => /^Access granted/.test(m.subject))).toBe(true);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(FAY_INSIDE.email);
    expect(desk.ws.mailTo(FAY_INSIDE.email).some((m) => /Welcome/.test(m.subject))).toBe(true);
    expect(desk.ws.data.shareNotifications()).toHaveLength(0);

    // A real refusal in French (ADV-446) is still told once, after 6 hours of refusals, and then asked once a day.
    const refusing = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off', locale: 'fr' });
    addMember(refusing, FAY);
    sweepHours(refusing, 5);
    expect(refusalMail(refusing, OWNER)).toHaveLength(0);
    sweepHours(refusing, 25);
    expect(refusalMail(refusing, OWNER)).toHaveLength(1);
    expect(refusalMail(refusing, FAY.email)).toHaveLength(1);
    expect(auditCount(refusing, 'member.share-failed')).toBeLessThanOrEqual(10);
  });
  it('ADV-470 on a committee account in French, only silent shares fail with server errors for hours (Google\u2019s invitation still goes out): no invitation with the Doc\u2019s title, no false "no Google account" alert, and the members get their Doc and welcome within the hour after', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', locale: 'fr' });
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    desk.ws.rt.faults = [{ call: 'Drive.Permissions.create', chance: 1 }];
    answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId), 'no-conflict');
    addMember(desk, FAY_INSIDE);
    sweepHours(desk, 3);
    // Before: the second failure (French words of a server error) was taken for Drive's refusal and the notifying
    // share worked: Google's invitation (the Doc's title) went to Ana and Gus, and the committee read that their
    // addresses had "no Google account".
    expect(desk.ws.data.shareNotifications()).toHaveLength(0);
    expect(desk.ws.mailTo(OWNER).some((m) => /shared with a Google notification/.test(m.subject))).toBe(false);
    desk.ws.rt.faults = [];
    sweepHours(desk, 1);
    expect(docEditors(desk, kase.docId)).toContain(ANA.email);
    expect(desk.ws.mailTo(ANA.email).some((m) => /^Access granted/.test(m.subject))).toBe(true);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(FAY_INSIDE.email);
    expect(desk.ws.data.shareNotifications()).toHaveLength(0);
    for (const who of [OWNER, ANA.email, FAY_INSIDE.email]) expect(refusalMail(desk, who)).toHaveLength(0);
  });
  it('ADV-471 on a committee account in French, a cleared member\u2019s account is deleted and Drive drops their access: the access audit\u2019s repair is refused, and the owner and the member are told within a day, once', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', locale: 'fr' });
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    clear(desk, kase, ANA, CY, DEE);
    desk.ws.data.deleteAccount(DEE.email);
    sweepHours(desk, 30);
    // Before: Drive's French words were none the audit knew on a first try: each hourly audit wrote
    // `audit.repair-failed`, for good, and nobody was told that Dee's account was gone. Taken for a refusal at once, it
    // was a suspicion (`?<since>`) no hourly audit checked again: found anew at each weekly pass, never told.
    expect(refusalMail(desk, OWNER)).toHaveLength(1);
    expect(refusalMail(desk, OWNER)[0].body).toMatch(/dee@example\.org/);
    expect(refusalMail(desk, DEE.email)).toHaveLength(1);
    expect(auditCount(desk, 'audit.repair-failed')).toBe(0);
    sweepHours(desk, 24 * 8);
    expect(refusalMail(desk, OWNER)).toHaveLength(1);
    expect(auditCount(desk, 'audit.repair-failed')).toBe(0);
    expect(desk.ws.data.shareNotifications()).toHaveLength(0);
    expect(docEditors(desk, kase.docId)).not.toContain(DEE.email);
  });
  it('ADV-474 a cleared member outside the organisation loses the case Doc while sharing outside is turned off: once the admin allows the domain again, the access audit gives it back within a day, as the notice says, not at the next weekly pass', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace' });
    addMember(desk, FAY);
    sweepHours(desk, 1);
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    clear(desk, kase, ANA, CY, FAY);
    expect(docEditors(desk, kase.docId)).toContain(FAY.email);
    // The admin turns sharing outside off; someone tidying the Doc's sharing removes Fay (a share Drive lists).
    desk.ws.data.setSharingOutside('off');
    desk.ws.runInProcess(() => DriveApp.getFileById(kase.docId).removeEditor(FAY.email));
    sweepHours(desk, 8);
    const told = refusalMail(desk, OWNER);
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/tries again once a day/);
    expect(docEditors(desk, kase.docId)).not.toContain(FAY.email);
    // The admin allows example.net: the next day's try gives Fay the Doc back.
    desk.ws.data.setSharingOutside(['example.net']);
    sweepHours(desk, 26);
    // Before: the audit asked Drive only while the refusal was new; once it was noted, no hourly audit looked at the
    // Doc again (Drive's changes feed lists nothing more), and Fay waited for the weekly full pass.
    expect(docEditors(desk, kase.docId)).toContain(FAY.email);
    expect(refusalMail(desk, OWNER)).toHaveLength(1);
    expect(desk.ws.data.shareNotifications().some((n) => n.to === FAY.email)).toBe(false);
    // Told as given back, not as a second declaration: the Doc's log and Fay's mail (she was told of the refusal).
    expect(docText(desk, kase)).toMatch(/Fay Moss had lost access; the document was shared with them again\./);
    expect(docText(desk, kase).match(/Fay Moss declared no conflict/g)).toHaveLength(1);
    const back = desk.ws.mailTo(FAY.email).filter((m) => /^Access granted/.test(m.subject));
    expect(back.map((m) => /was removed; it is given back/.test(m.body))).toEqual([false, true]);
  });
  it('ADV-472 a voting member Drive refuses (sharing outside turned off) while a change to the policy is proposed: the proposal\u2019s Doc is asked for them once a day, not at every hourly sweep', () => {
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    addMember(desk, FAY);
    sweepHours(desk, 8);
    const fields = { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' };
    press(desk, open(desk, newestLink(desk, CY.email, 'propose').url), 'propose', { fields });
    sweepHours(desk, 24);
    // Before: each hourly sweep asked Drive twice for Fay's share of the proposal's Doc and wrote a
    // `proposal.share-failed` line: 24 a day in the Audit tab, for the whole discussion.
    expect(auditCount(desk, 'proposal.share-failed')).toBeLessThanOrEqual(2);
    expect(refusalMail(desk, OWNER)).toHaveLength(1);
    const docId = registryRows(desk, 'Proposals')[0]!['Doc ID']!;
    expect(docEditors(desk, docId)).toContain(CY.email);
    expect(docEditors(desk, docId)).not.toContain(FAY.email);
  });
});

describe('a Workspace whose new items are open to the organisation by default', () => {
  it('ADV-652 the admin makes every new item open to the organisation with the link: the statistics the owner has not published yet, the registry, archives and case Docs stay the owner\u2019s alone', () => {
    const desk = startDesk({ members: [ANA, CY], profile: 'workspace', newItemsAccess: 'DOMAIN_WITH_LINK' });
    addSpace(desk, SPACE, ['mods@example.org']);
    expect(desk.ws.run('setup').record.outcome).toBe('ok');
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    typeStatus(desk, OWNER, kase, 'Closed');
    // Past the quarter (the statistics) and the 90 days after closing (the year's archive).
    jumpAndSweep(desk, 200 * DAY);
    expect(desk.ws.run('transparencyReport', []).record.outcome).toBe('ok');
    const made = desk.ws.contentSnapshot().files.filter((f) => f.owner === OWNER && !f.trashed);
    const names = made.map((f) => f.name).join(' | ');
    for (const name of ['transparency statistics', 'registry', 'archive', kase.codeName])
      expect(names.toLowerCase()).toContain(name.toLowerCase());
    // The Form is the organisation's to answer (readers of a Form are its responders); everything else the owner's.
    const open = made.filter((f) => f.access !== 'PRIVATE' && f.mimeType !== 'application/vnd.google-apps.form');
    // Before, the statistics spreadsheet was created with the organisation's default: open to all of it by link
    // before the owner had decided to publish it.
    expect(open.map((f) => `${f.name}: ${f.access}`)).toEqual([]);
    // selfTest records, on a real account, whether the default reaches what Apps Script creates (the emulator says it
    // does, the stricter case), and passes either way.
    const lines = desk.ws.run<{ lines: string[] }>('selfTest').value!.lines;
    expect(lines.find((l) => /Text cells:/.test(l))).toMatch(/^PASS .*the new spreadsheet was DOMAIN_WITH_LINK$/);
    const plain = startDesk({ members: [ANA, CY], profile: 'workspace' });
    const plainLines = plain.ws.run<{ lines: string[] }>('selfTest').value!.lines;
    expect(plainLines.find((l) => /Text cells:/.test(l))).toMatch(/^PASS .*the new spreadsheet was PRIVATE$/);
  });
});
