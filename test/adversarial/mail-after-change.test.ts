// Adversarial cases on mail that waits (the quota) while what it says stops being true: an access email listing a case the member was since kept out of, a purge warning still unsent on its purge day, a warning that said the Doc is kept when Settings now trash it.
import {
  advance,
  closedUnderPurge,
  mailsTo,
  OWNER,
  registryCase,
  registryRows,
  setSetting,
  startResolutionDesk,
  sweep,
} from '../integration/desk';
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, REPORT_ONE, REPORT_TWO } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const DAY = 24 * HOUR;
const REPORTER = 'rita.quell@example.net';
const WARNING = /Reporter details of closed cases will be deleted/;

/** A case closed on 5 March under a purge after one month (its details due on 5 April), the clock at 27 March. */
function closedForPurge() {
  const { desk, kase } = closedUnderPurge();
  const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
  const purgedAt = () =>
    Date.parse(
      registryRows(desk, 'Audit').find((a) => a.Event === 'retention.purged' && a['Case ID'] === kase.caseId)?.At ?? '',
    );
  return { desk, kase, held, purgedAt };
}

describe('adversarial: mail that waits while its news goes stale', () => {
  it('ADV-407 an onboarding access email waits for the quota; the member is then found to be in one of its cases: it never lists that case', () => {
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

  it('ADV-408 Delete case Docs switched to Yes after a purge warning that said each Doc is kept: the Doc goes to the trash only after a warning saying so', () => {
    const { desk, kase, held, purgedAt } = closedForPurge();
    while (desk.ws.rt.now() < Date.parse('2026-03-30T00:00:00Z')) advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, WARNING).map((m) => m.body)).toEqual([
      expect.stringContaining('Each case Doc is kept, in the folder of archived case documents.'),
    ]);
    // A week before the date, someone tidies Settings: Docs are to be trashed at the purge from now on.
    setSetting(desk, 'Delete case Docs when purging', 'Yes');
    while (held() && desk.ws.rt.now() < Date.parse('2026-05-01T00:00:00Z')) advance(desk, 6 * HOUR);
    expect(held()).toBe(false);
    // Before: trashed on 5 April, the only warning having said the Doc would be kept.
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    const told = mailsTo(desk, OWNER, WARNING).filter((m) => /Each case Doc goes to the trash/.test(m.body));
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(kase.codeName);
    expect(purgedAt() - told[0].at).toBeGreaterThanOrEqual(6 * DAY);
  });

  it('ADV-409 the purge warning waits for the mail quota past its date: no purge until a week after it went', () => {
    const { desk, held, purgedAt } = closedForPurge();
    // A flood of reports: every day's quota is spent, the owner's warning among what waits.
    while (desk.ws.rt.now() < Date.parse('2026-04-09T00:00:00Z')) {
      desk.ws.setMailQuotaUsed(5000);
      advance(desk, HOUR);
    }
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(0);
    // Before: purged on 5 April, the warning still unsent.
    expect(held()).toBe(true);
    while (held() && desk.ws.rt.now() < Date.parse('2026-05-01T00:00:00Z')) advance(desk, 6 * HOUR);
    expect(held()).toBe(false);
    const [warning] = mailsTo(desk, OWNER, WARNING);
    expect(warning).toBeDefined();
    expect(purgedAt() - warning.at).toBeGreaterThanOrEqual(6 * DAY);

    // The warning went; a message of the case queued after it (the reporter writes back, the committee account is told)
    // waits for the quota on the purge day: the purge waits for it too, and says why.
    const later = closedForPurge();
    while (later.desk.ws.rt.now() < Date.parse('2026-04-03T10:00:00Z')) advance(later.desk, HOUR);
    expect(mailsTo(later.desk, OWNER, WARNING)).toHaveLength(1);
    const [ack] = later.desk.ws.mailTo(REPORTER).filter((m) => m.body.includes('Ref.'));
    later.desk.ws.reply({ from: REPORTER, original: ack, text: 'Thank you for letting me know.' });
    while (later.desk.ws.rt.now() < Date.parse('2026-04-07T00:00:00Z')) {
      later.desk.ws.setMailQuotaUsed(5000);
      advance(later.desk, HOUR);
    }
    expect(later.held()).toBe(true);
    const waits = registryRows(later.desk, 'Outbox').filter((o) => /A purge waits for mail/.test(o.Subject));
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) expect(w.Body).toMatch(/not sent yet: it goes by itself/);
    while (later.held() && later.desk.ws.rt.now() < Date.parse('2026-04-20T00:00:00Z')) advance(later.desk, 6 * HOUR);
    expect(later.held()).toBe(false);
  });

  it('ADV-430 a flood of reports spends every day\u2019s mail quota down to its reserve from the week before the purge date: the warning still goes a week before, and the purge comes on its date', () => {
    // A small daily quota (10 recipients; `Mail reserve (%)` 20 keeps 2) stands for a big one and a bigger flood.
    const { desk, kase } = closedUnderPurge(10);
    const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
    // A report every 8 hours, each an acknowledgment and four screening emails: more than a day's quota takes.
    for (let n = 1; desk.ws.rt.now() < Date.parse('2026-04-06T00:00:00Z'); n++) {
      desk.k.people.push({ reported: [{ name: `Person Flood${n}` }] });
      desk.ws.submitForm({ 'Who was involved?': `Person Flood${n}`, 'What happened?': 'Rude remarks in the chat.' });
      for (let h = 0; h < 8; h++) desk.ws.advance(HOUR);
    }
    desk.check();
    expect(
      registryRows(desk, 'Outbox').filter((o) => o.Kind === 'screening' && o.State === 'pending').length,
    ).toBeGreaterThan(0);
    const [warning] = mailsTo(desk, OWNER, WARNING);
    // Before: the warning, an ordinary alert, waited behind the reporters' and screening mail and never drew on the
    // reserve: unsent on 5 April, the purge waited for it (ADV-409) for as long as the flood lasted.
    expect(warning).toBeDefined();
    expect(warning.at).toBeLessThan(Date.parse('2026-03-30T00:00:00Z'));
    expect(held()).toBe(false);
  });

  it('ADV-411 a report no run took in for over a year is no longer tried: the committee account is told, without a name, that the Form still holds it', () => {
    const desk = startResolutionDesk();
    // Its trigger never fired, and no sweep that tried it succeeded, for over a year (a year's runs jumped over).
    const answers = {
      'Your name': 'Rita Quell',
      'Your email address': REPORTER,
      'Who was involved?': 'Sam Doe',
      'What happened?': 'Sam Doe mocked my accent in the public channel.',
    };
    const { responseId } = desk.ws.submitForm(answers, { deliveries: 0 });
    desk.k.unfinishedResponses.add(responseId);
    desk.k.people.push({ reporter: { name: 'Rita Quell', email: REPORTER }, reported: [{ name: 'Sam Doe' }] });
    desk.check();
    desk.ws.rt.setClock(desk.ws.rt.now() + 367 * DAY);
    sweep(desk);
    sweep(desk);
    const told = mailsTo(desk, OWNER, /A report was never opened as a case/);
    // Before: nothing; the response, reporter identity included, stayed in the Form for good, and nobody knew.
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/still in the Form/);
    expect(`${told[0].subject}\n${told[0].body}`).not.toMatch(/Rita|Quell|rita\.quell|Sam|Doe|accent/);
    expect(registryRows(desk, 'Cases')).toHaveLength(0);
  });
});

describe('adversarial: mail about several cases waits while a member declares a conflict', () => {
  it('ADV-496 a paste over two cases is told while the mail quota is spent; a member then declares a conflict with one of them: the waiting alert no longer names it', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.setSetting('Closing decision', 'Second member');
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    for (const n of [1, 2]) for (const m of [ANA, CY]) expect(r.respond(m.email, n, 'no-conflict').ok).toBe(true);
    r.advance(HOUR);
    r.ws.setMailQuotaUsed(5000);
    // Dee pastes Closed over both Status cells: each cleared member's alert (one for the paste) waits for the quota.
    const rows = r.ws.data.sheet(r.ids.status, 'Cases').rows;
    const code = rows[0].map((h) => String(h).trim().toLowerCase()).indexOf('code name');
    const first = Math.min(...[1, 2].map((n) => rows.findIndex((x) => x[code] === r.kase(n).codeName))) + 1;
    r.ws.pasteCells(DEE.email, r.ids.status, 'Cases', first, 3, [['Closed'], ['Closed']]);
    r.check('after the paste');
    const pasted = (o: Record<string, string>) => /status-paste/.test(o.Key) && o.State === 'pending';
    expect(r.registry('Outbox').filter(pasted)).toHaveLength(2);
    expect(r.respond(CY.email, 1, 'conflict').ok).toBe(true);
    r.advance(DAY);
    r.advance(2 * HOUR);
    const told = (email: string) => r.mailTo(email).filter((m) => /(status was|statuses were) changed/.test(m.subject));
    // Before: Cy got "2 statuses were changed in the sheet" a day after the conflict, case 1's code name and case page link in it.
    expect(told(CY.email).map((m) => m.subject)).toEqual(['[Conduct Desk] 1 status was changed in the sheet']);
    for (const m of told(CY.email)) expect(`${m.body}\n${m.htmlBody ?? ''}`).not.toContain(r.kase(1).codeName);
    expect(told(CY.email)[0].body).toContain(r.kase(2).codeName);
    expect(told(ANA.email).map((m) => m.subject)).toEqual(['[Conduct Desk] 2 statuses were changed in the sheet']);
  });
});

describe('adversarial: the access audit\u2019s alert waits while a member declares a conflict', () => {
  it('ADV-508 the access audit repairs two cases\u2019 link sharing while the mail quota is spent; a member then declares a conflict with one: the waiting alert\u2019s title counts what is left', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    for (const n of [1, 2]) for (const m of [ANA, CY]) expect(r.respond(m.email, n, 'no-conflict').ok).toBe(true);
    r.advance(2 * HOUR);
    r.ws.setMailQuotaUsed(5000);
    for (const n of [1, 2]) {
      const doc = r.kase(n).docId;
      r.k.humanAccess?.add(`${doc}|anyone`);
      r.k.humanDrift?.add(doc);
      r.setDocSharing(r.ws.owner, n, 'ANYONE_WITH_LINK', 'reader');
    }
    r.sweep();
    expect(r.respond(CY.email, 1, 'conflict').ok).toBe(true);
    r.advance(DAY);
    r.advance(2 * HOUR);
    const told = (email: string) => r.mailTo(email).filter((m) => /The access audit found/.test(m.subject));
    // Before: Cy's read `The access audit found sharing problems it repaired` above the one line left in it.
    expect(told(CY.email).map((m) => m.subject)).toEqual([
      '[Conduct Desk] The access audit found a sharing problem it repaired',
    ]);
    expect(told(CY.email)[0].body).toContain('The access audit found a sharing problem it repaired.');
    expect(told(CY.email)[0].htmlBody).toContain('The access audit found a sharing problem it repaired.');
    expect(told(CY.email)[0].htmlBody).not.toContain('problems');
    expect(told(CY.email)[0].body).not.toContain(r.kase(1).codeName);
    expect(told(ANA.email).map((m) => m.subject)).toEqual([
      '[Conduct Desk] The access audit found sharing problems it repaired',
    ]);
  });
});
