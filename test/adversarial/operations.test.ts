// Adversarial catalogue, part 4 (ADV-34…ADV-44 and later): quota exhaustion mid-batch, disabled, missing and duplicated triggers, concurrent permission changes, settings changed or poisoned while cases are open, non-owners running setup, lock contention, people rearranging the status sheet, and a busy committee's digests.
import {
  ANA,
  BO,
  COMMITTEE_OPTIONS,
  CY,
  DEE,
  EVE,
  REPORT_ONE,
  REPORT_TWO,
  floodThenReport,
  reportJunk,
  SPACE,
} from '../support/flows';
import { DAY, duplicateTrigger, HOUR, OWNER, Rehearsal, type MemberSpec } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const TWELVE: MemberSpec[] = Array.from({ length: 12 }, (_, i) => ({
  name: `Member Number${i + 1}`,
  email: `member${i + 1}@example.org`,
  role: i % 3 ? 'voting' : 'adviser',
}));

function start(members?: MemberSpec[]): Rehearsal {
  return Rehearsal.start({ ...COMMITTEE_OPTIONS, ...(members ? { members } : {}) });
}

function triggerOf(r: Rehearsal, handler: string) {
  return r.ws.triggers().filter((t) => t.handler === handler);
}

/** Runs the sweep trigger's hours without firing it (the trigger is paused), then one sweep. */
function jump(r: Rehearsal, ms: number): void {
  const sweep = triggerOf(r, 'sweep_').find((t) => !t.disabled);
  if (sweep) r.ws.disableTrigger(sweep.uid);
  r.advance(ms);
  if (sweep) r.ws.enableTrigger(sweep.uid);
  r.sweep();
}

/** The committee account pastes `Closed` over the Status of the flood's 26 rows in one edit. */
function pasteClosedOverFlood(r: Rehearsal): void {
  const rows = r.ws.data.sheet(r.ids.status, 'Cases').rows;
  const status = rows[0].map((h) => String(h).trim().toLowerCase()).indexOf('status') + 1;
  r.ws.pasteCells(
    OWNER,
    r.ids.status,
    'Cases',
    2,
    status,
    Array.from({ length: 26 }, () => ['Closed']),
  );
  r.check();
}

/** Five members on a consumer account with 100 recipients a day: a flood spends the day's quota (ADV-484..500). */
function startConsumerFive(): Rehearsal {
  return Rehearsal.start({
    ...COMMITTEE_OPTIONS,
    members: [ANA, BO, CY, DEE, EVE],
    profile: 'consumer',
    mailQuota: 100,
  });
}

describe('adversarial: operations', () => {
  it('ADV-34 the daily quota running out in the middle of a 12-member screening batch loses and doubles nothing', () => {
    const r = start(TWELVE);
    // 25 of the day's 100 are left, and 20 of them are kept for urgent mail (Settings 'Mail reserve (%)'): 5 fit.
    r.ws.setMailQuotaUsed(75);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const rows = () => r.registry('Outbox').filter((o) => o['Case ID'] === r.kase(1).caseId);
    expect(rows().filter((o) => o.State === 'sent')).toHaveLength(5);
    expect(rows().filter((o) => o.State === 'pending')).toHaveLength(rows().length - 5);
    r.advance(25 * HOUR);
    expect(rows().every((o) => o.State === 'sent')).toBe(true);
    for (const m of TWELVE)
      expect(r.mailTo(m.email).filter((x) => /conflict of interest/i.test(x.subject))).toHaveLength(1);
    const order = r.ws.mail().map((m) => m.to[0]);
    const screeningOrder = rows()
      .filter((o) => o.Kind === 'screening')
      .map((o) => o.To);
    expect(
      order
        .filter((to) => screeningOrder.includes(to) && to !== 'rita.quell@example.net')
        .filter((to, i, a) => a.indexOf(to) === i),
    ).toEqual(screeningOrder);
  });

  it('ADV-35 a form-submit trigger disabled by Google: the sweep still turns the report into a case', () => {
    const r = start();
    const submit = triggerOf(r, 'onReportSubmit_')[0];
    r.ws.disableTrigger(submit.uid);
    r.checkEveryStep = false;
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.caseOf(1)).toBeNull();
    r.k.unfinishedResponses.add(r.reports[0]);
    r.checkEveryStep = true;
    r.advance(2 * HOUR);
    r.k.unfinishedResponses.clear();
    r.check('after the sweep caught up');
    expect(r.caseOf(1)).not.toBeNull();
    expect(r.link(ANA.email, 'no-conflict', 1)).not.toBeNull();
  });

  it('ADV-36 a sweep trigger that disappeared is restored by the next execution that can notice', () => {
    const r = start();
    const registry = (r.ws as unknown as { registry: { records: Array<{ handler: string; deleted: boolean }> } })
      .registry;
    for (const t of registry.records) if (t.handler === 'sweep_') t.deleted = true;
    expect(triggerOf(r, 'sweep_')).toHaveLength(0);
    // Setup has just checked the triggers: for an hour nothing else pays for a check (the sweep's own hourly check
    // covers a healthy installation), so a report right now does not notice yet.
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(triggerOf(r, 'sweep_')).toHaveLength(0);
    // No sweep runs in these two hours (its trigger is gone); the next execution that holds the lock as the owner
    // (here a member's confirmation, a web POST running as the deploying owner) checks and restores it.
    r.advance(2 * HOUR);
    expect(r.ws.rt.executions.some((e) => e.fn === 'sweep_')).toBe(false);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(triggerOf(r, 'sweep_')).toHaveLength(1);
    for (const handler of ['onReportSubmit_', 'onStatusEdit_', 'onStatusChange_'])
      expect(triggerOf(r, handler)).toHaveLength(1);
    expect(r.mailTo(ANA.email).filter((m) => /triggers were repaired/.test(m.subject))).toHaveLength(1);
    // The restored trigger fires again.
    r.advance(2 * HOUR);
    expect(r.ws.rt.executions.some((e) => e.fn === 'sweep_' && e.outcome === 'ok')).toBe(true);
    expect(triggerOf(r, 'sweep_')).toHaveLength(1);
  });

  it('ADV-37 a duplicated sweep trigger doubles no reminder or status email, and is removed', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    duplicateTrigger(r, 'sweep_');
    expect(triggerOf(r, 'sweep_')).toHaveLength(2);
    r.advance(8 * DAY);
    expect(triggerOf(r, 'sweep_')).toHaveLength(1);
    const keys = r.registry('Outbox').map((o) => o.Key);
    expect(new Set(keys).size).toBe(keys.length);
    const statusMails = r.mailTo('rita.quell@example.net').map((m) => m.subject);
    expect(statusMails.length).toBe(
      new Set(
        r
          .registry('Outbox')
          .filter((o) => o.To === 'rita.quell@example.net')
          .map((o) => o.Key),
      ).size,
    );
  });

  it('ADV-38 permission changes racing on one Doc: a hand-made re-share after a conflict is undone and reported', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.respond(CY.email, 1, 'no-conflict').ok).toBe(true);
    const doc = r.kase(1).docId;
    // Cy declares a conflict; at the same moment someone re-adds Cy in the Drive UI (last writer wins).
    expect(r.respond(CY.email, 1, 'conflict').ok).toBe(true);
    r.ws.data.ui.addEditor(r.ws.owner, doc, CY.email);
    // Ana's access is removed by hand at the same time; she is still cleared.
    r.k.humanDrift?.add(doc);
    r.advance(2 * HOUR);
    r.k.humanDrift?.delete(doc);
    expect(r.docEditors(1)).toEqual([ANA.email]);
    expect(
      r.ws.mail().some((m) => /repaired|removed/i.test(m.body) && /not a cleared member|audit/i.test(m.body)),
    ).toBe(true);
  });

  it('ADV-39 settings changed while a case is open: the open case keeps its deadlines, a new case gets the new ones', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const first = JSON.parse(r.registry('Cases')[0].Deadlines) as { followUpBy: string; followUpDays: number };
    r.setSetting('Follow up within (days)', 2);
    r.setSetting('Acknowledge within (hours)', 4);
    r.report(
      { ...REPORT_TWO.answers, 'Your email address': 'second@example.net' },
      { ...REPORT_TWO.people, reporter: { email: 'second@example.net' } },
    );
    const [one, two] = r
      .registry('Cases')
      .map((c) => JSON.parse(c.Deadlines) as { followUpBy: string; followUpDays: number });
    expect(one).toEqual(first);
    expect(one.followUpDays).toBe(7);
    expect(two.followUpDays).toBe(2);
    jump(r, 3 * DAY);
    const statusTo = (to: string) => r.mailTo(to).filter((m) => !/received your report/i.test(m.subject));
    expect(statusTo('second@example.net').length).toBe(1);
    expect(statusTo('rita.quell@example.net').length).toBe(0);
  });

  it('ADV-40 poisoned settings (formulas, out-of-range numbers, an invalid zone, an address with "Bcc:") fall back to defaults and the owner is told', () => {
    const r = start();
    r.setSetting('Acknowledge within (hours)', '=1/0');
    r.setSetting('Follow up within (days)', -5);
    r.setSetting('Time zone', 'Mars/Olympus_Mons');
    r.setSetting('Escalation contact', 'board@example.org\r\nBcc: evil@example.com');
    r.setSetting('Reply-To address', 'one@example.org, evil@example.com');
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const d = JSON.parse(r.registry('Cases')[0].Deadlines) as { followUpDays: number; acknowledgeBy: string };
    expect(d.followUpDays).toBe(7);
    expect(Date.parse(d.acknowledgeBy) - Date.parse(r.registry('Cases')[0]['Received At'])).toBe(24 * HOUR);
    r.advance(2 * HOUR);
    expect(r.mailTo('evil@example.com')).toHaveLength(0);
    expect(r.ws.mail().every((m) => !m.replyTo.includes('evil'))).toBe(true);
    expect(r.mailTo(r.ws.owner).some((m) => /Settings/i.test(m.subject + m.body))).toBe(true);
  });

  it('ADV-41 setup, uninstall, selfTest and transparencyReport refuse anyone but the owner, including a blank user', () => {
    const r = start();
    const before = r.fingerprint();
    for (const user of ['mallory@example.com', '', ANA.email]) {
      for (const fn of ['setup', 'uninstall', 'selfTest', 'transparencyReport']) {
        const result = r.ws.run(fn, fn === 'selfTest' ? [user || 'mallory@example.com'] : [], { user, kind: 'web' });
        expect(result.record.outcome).toBe('error');
      }
    }
    expect(r.fingerprint()).toBe(before);
    expect(triggerOf(r, 'sweep_')).toHaveLength(1);
  });

  it('ADV-42 lock contention: a confirmation during another execution gets "busy" and changes nothing; the retry works; a report waits for the sweep', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const before = r.fingerprint();
    r.ws.holdScriptLock(r.ws.rt.now() + 60_000);
    const busy = r.respond(ANA.email, 1, 'no-conflict');
    expect(busy.ok).toBe(false);
    expect(busy.page?.outcome).toBe('busy');
    expect(JSON.parse(r.fingerprint()).docs).toEqual(JSON.parse(before).docs);
    r.ws.holdScriptLock(r.ws.rt.now() + 10 * 60_000);
    const { responseId, results } = r.ws.submitForm(REPORT_TWO.answers);
    r.reports.push(responseId);
    r.k.people.push(REPORT_TWO.people);
    expect(results.every((x) => x.record.outcome === 'error')).toBe(true);
    r.k.unfinishedResponses.add(responseId);
    r.advance(2 * HOUR);
    r.k.unfinishedResponses.clear();
    r.check('after the lock was released');
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.docEditors(1)).toContain(ANA.email);
    expect(r.caseOf(2)).not.toBeNull();
  });

  it("ADV-43 a member deletes a case's status row: the system never writes into another row, and the committee is told", () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    r.deleteCaseRow(ANA.email, 1);
    const otherBefore = r.statusRowOf(2);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.advance(2 * HOUR);
    expect(r.statusRowOf(2)).toEqual(otherBefore);
    // A deleted row is a member's edit like any other: the system does not put it back (unlike ADV-33, where the
    // system itself never managed to write the row), it tells the committee, once, not every hour.
    expect(r.status().filter((s) => s['Code Name'] === r.kase(1).codeName)).toHaveLength(0);
    const told = () => r.mailTo(ANA.email).filter((m) => /status row could not be updated/i.test(m.subject));
    expect(told()).toHaveLength(1);
    expect(told()[0].subject).toContain(r.kase(1).codeName);
    r.advance(5 * HOUR);
    expect(told()).toHaveLength(1);
    expect(r.status().filter((s) => s['Code Name'] === r.kase(1).codeName)).toHaveLength(0);
    expect(r.statusRowOf(2)).toEqual(otherBefore);
  });

  it("ADV-44 sorting and inserting rows between the system's read and write: every update lands on its own case's row", () => {
    const r = start([ANA, BO, CY, DEE, EVE]);
    for (let i = 0; i < 3; i++)
      r.report(
        { ...REPORT_TWO.answers, 'Who was involved?': `Person Case${i + 1}` },
        { reported: [{ name: `Person Case${i + 1}` }] },
      );
    r.sortCases(ANA.email, 4, false);
    r.insertCasesRow(ANA.email, 2);
    r.insertCasesRow(ANA.email, 4);
    expect(r.respond(BO.email, 2, 'no-conflict').ok).toBe(true);
    r.sortCases(CY.email, 4, true);
    expect(r.respond(DEE.email, 3, 'no-conflict').ok).toBe(true);
    r.advance(2 * HOUR);
    const statusOf = (n: number) => r.statusRowOf(n)?.Status;
    expect(statusOf(1)).toBe('New');
    expect(statusOf(2)).not.toBe('New');
    expect(statusOf(3)).not.toBe('New');
    expect(r.status().filter((s) => s['Code Name']).length).toBe(3);
  });

  it('ADV-123 the owner rewords the Form’s questions in the Forms editor: a report still reads as the same questions', () => {
    const r = start();
    const reworded: Record<string, string> = {
      'Your name': 'Your name (optional)',
      'Were there witnesses?': 'Did anyone else see it?',
      'Is anyone in immediate danger?': 'Is anyone in danger right now?',
    };
    for (const [title, to] of Object.entries(reworded))
      r.ws.data.ui.editFormItem(r.ws.owner, r.ids.form, title, { title: to });
    const { 'Your name': name, 'Were there witnesses?': witnesses, ...rest } = REPORT_ONE.answers;
    r.report(
      {
        ...rest,
        [reworded['Your name']]: name,
        [reworded['Were there witnesses?']]: witnesses,
        [reworded['Is anyone in immediate danger?']]: 'Yes',
      },
      REPORT_ONE.people,
    );
    // Before: no urgent alert, and the reporter's and witness's names were not known as theirs.
    expect(r.mailTo(ANA.email).map((m) => m.subject)).toContainEqual(expect.stringMatching(/^Urgent:/));
    expect(r.registry('Cases')[0]).toMatchObject({ 'Reporter Name': 'Rita Quell' });
    expect(r.registry('Cases')[0].Witnesses).toContain('Wes Tarn');
    // Setup keeps the committee's wording and adds no second copy of a question.
    const titles = () => r.ws.data.forms()[0].items.map((i) => i.title);
    const before = titles();
    r.ws.run('setup');
    expect(titles()).toEqual(before);
  });

  it('ADV-151 the owner rewords the places question, then adds a place in Settings: the Form offers it at once', () => {
    const r = start();
    r.ws.data.ui.editFormItem(r.ws.owner, r.ids.form, 'Where did it happen?', { title: 'Where was this?' });
    // The owner types the new row in Settings (the edit trigger fires for each cell).
    const row = r.ws.data.sheet(r.ids.status, 'Settings').rows.length + 1;
    r.ws.editCell(r.ws.owner, r.ids.status, 'Settings', row, 1, 'Space: Matrix');
    r.ws.editCell(r.ws.owner, r.ids.status, 'Settings', row, 2, 'matrix-mods@example.org');
    r.k.moderatorEmails.add('matrix-mods@example.org');
    // Before: the places were found by the contract's title only, so the reworded question kept its old list for good.
    const where = r.ws.data.forms()[0].items.find((i) => i.title === 'Where was this?');
    expect(where?.choices).toContain('Matrix');
    expect(r.ws.data.forms()[0].items.filter((i) => i.title === 'Where did it happen?')).toEqual([]);
  });

  it('ADV-132 the owner translates the danger question’s choices in the Forms editor (Spanish): a reporter’s "Sí" is the urgent "Yes"', () => {
    const r = start();
    r.ws.data.ui.editFormItem(r.ws.owner, r.ids.form, 'Is anyone in immediate danger?', {
      choices: ['Sí', 'No', 'No estoy seguro'],
    });
    r.report({ ...REPORT_ONE.answers, 'Is anyone in immediate danger?': 'Sí' }, REPORT_ONE.people);
    // Before: "Sí" was read as no danger, and the members were not alerted.
    expect(r.mailTo(ANA.email).map((m) => m.subject)).toContainEqual(expect.stringMatching(/^Urgent:/));
    expect(String(r.registry('Cases')[0].Danger)).toMatch(/^(yes|true)$/i);
    // "No", in any language the choices are in, alerts nobody.
    r.report({ ...REPORT_TWO.answers, 'Is anyone in immediate danger?': 'No' }, REPORT_TWO.people);
    expect(r.mailTo(ANA.email).filter((m) => /^Urgent:/.test(m.subject))).toHaveLength(1);
  });
  it('ADV-372 a member is reminded of more cases than one email holds: the digest lists the oldest whole, and counts the rest', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: [ANA], profile: 'workspace', mailQuota: undefined });
    const CASES = 45;
    // The reports are the setting, not the test: the invariants are checked once they are in, then after every step.
    r.checkEveryStep = false;
    for (let i = 0; i < CASES; i++) {
      reportJunk(r, i);
      expect(r.respond(ANA.email, i + 1, 'no-conflict').ok).toBe(true);
    }
    r.check();
    r.checkEveryStep = true;
    // Every follow-up deadline passes: one reminder per case, all in one daily digest.
    r.advance(8 * DAY);
    const digests = r.mailTo(ANA.email).filter((m) => /Reminders?:/.test(m.subject));
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest.subject).toBe(`[Conduct Desk] Reminders: ${CASES} cases need attention`);
    // The 40 reported first, each with its whole link (the message is not cut to fit a cell: no "…"), then the count.
    const listed = [...digest.body.matchAll(/Case page for ([^:\n]+):\n(\S+)/g)];
    expect(listed.map((m) => m[1])).toEqual(Array.from({ length: 40 }, (_, i) => r.kase(i + 1).codeName));
    for (const [, , url] of listed) expect(url).not.toContain('…');
    expect(digest.body).toContain(
      'And 5 more cases need attention: this email lists 40, unanswered conflict checks first, then the oldest cases.',
    );
    expect(digest.body).not.toContain('…');
    expect(digest.htmlBody).toContain('And 5 more cases need attention');
    // The last listed link opens its case page for the member.
    expect(r.get(listed[39][2]).page.text).toContain(r.kase(40).codeName);

    // The owner withdraws Ana's links: the email of fresh ones holds as many cases as fit, whole, and counts the rest.
    r.ws.editCell(OWNER, r.ids.status, 'Committee', 1, 5, 'Revoke links');
    r.ws.editCell(OWNER, r.ids.status, 'Committee', 2, 5, 'yes');
    r.check();
    const renewed = r.mailTo(ANA.email).filter((m) => /Your earlier links were withdrawn/.test(m.subject));
    expect(renewed).toHaveLength(1);
    const fresh = [...renewed[0].body.matchAll(/Case page \(([^)]+)\): (\S+)/g)];
    expect(fresh.length).toBeGreaterThan(10);
    expect(fresh.length).toBeLessThanOrEqual(40);
    expect(renewed[0].body).not.toContain('…');
    expect(renewed[0].body).toContain(`Links for ${CASES - fresh.length} more open cases are not listed here`);
    const last = fresh[fresh.length - 1];
    expect(r.get(last[2]).page.text).toContain(last[1]);
  });

  it('ADV-385 the owner edits a Settings row other than a space: the edit trigger does not read every case; a Space row edit still does', () => {
    const r = start();
    reportJunk(r, 0);
    /** The owner types a Settings value (the edit trigger fires); returns the cells of `Cases` that execution read. */
    const edit = (setting: string, value: string) => {
      const rows = r.ws.data.sheet(r.ids.status, 'Settings').rows;
      const row = rows.findIndex((v) => v[0] === setting) + 1;
      expect(row).toBeGreaterThan(1);
      const before = r.ws.rt.executions.length;
      r.ws.editCell(OWNER, r.ids.status, 'Settings', row, 2, value);
      r.check();
      const run = r.ws.rt.executions.slice(before).find((e) => e.fn === 'onStatusEdit_');
      expect(run?.outcome).toBe('ok');
      return run?.cellsRead[`${r.ids.registry}/Cases`] ?? 0;
    };
    // Before: every edit of Settings read the whole Cases tab (10,000 cases: 170,000 cells) to find moderators taken off.
    expect(edit('Reminder digest', 'Weekly')).toBe(0);
    expect(edit('Acknowledge within (hours)', '12')).toBe(0);
    // A space's moderators changed: the cases are looked at, at once (ADV-363).
    expect(edit(`Space: ${SPACE}`, 'mods@example.org')).toBeGreaterThan(0);
    expect(edit('Reminder digest', 'Daily')).toBe(0);
  });

  it("ADV-484 the run at the mail quota's return finds the lock held for a minute (a pile-on's intakes): it waits, and the receipt still goes within 24 hours", () => {
    const r = startConsumerFive();
    // 26 reports in a few minutes spend the day's quota and its reserve; a genuine report comes 20 minutes on.
    const at = floodThenReport(r);
    const due = Date.parse(triggerOf(r, 'mailAtQuotaReset_')[0]?.nextDue ?? '');
    expect(due).toBeGreaterThan(r.ws.rt.now());
    r.advance(due - 5000 - r.ws.rt.now());
    // Other executions hold the lock through the wake-up's minute: two reports of danger to a 25-member committee, each
    // intake about 32 s (its 51 emails), back to back.
    r.ws.holdScriptLock(due + 60_000);
    const before = r.ws.rt.executions.length;
    r.advance(2 * DAY);
    const wakeup = r.ws.rt.executions.slice(before).find((e) => e.fn === 'mailAtQuotaReset_');
    expect(wakeup?.outcome).toBe('ok');
    const ack = r.mailTo('rita@example.net').find((m) => /^We received your report$/.test(m.subject));
    // Before, the wake-up failed (`Lock timeout`) after 30 s and the receipt went with the next hourly sweep: 24.66 h.
    expect(((ack?.at ?? Infinity) - at) / HOUR).toBeLessThanOrEqual(24);
  });

  it('ADV-497 the hourly sweep finds the lock held over its 30 s (a pile-on of intakes): it ends quietly, and only a sweep kept out for three hours fails, saying why', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.advance(HOUR);
    const sweeps = () => r.ws.rt.executions.filter((e) => e.fn === 'sweep_');
    const holdAtNextSweep = () => {
      const due = Date.parse(triggerOf(r, 'sweep_')[0]?.nextDue ?? '');
      r.advance(due - 5000 - r.ws.rt.now());
      r.ws.holdScriptLock(due + 60_000);
      r.advance(HOUR - 5000);
    };
    holdAtNextSweep();
    // Before: the run failed with `Lock timeout: another process was holding the lock for too long.`, which Google
    // mails to the owner as a failed trigger, though the next hour's sweep redoes its work.
    expect(sweeps().map((e) => e.outcome)).not.toContain('error');
    const after = sweeps().length;
    r.advance(HOUR);
    expect(
      sweeps()
        .slice(after)
        .map((e) => e.outcome),
    ).toContain('ok');
    // A sweep that never gets the lock is still noticed: after three hours without it, the run fails with why.
    for (let i = 0; i < 4; i++) holdAtNextSweep();
    const failed = sweeps().filter((e) => e.outcome === 'error');
    expect(failed.length).toBeGreaterThan(0);
    expect(String(failed[0].error)).toMatch(/has not got the script lock for 3 hours, so deadlines and mail are late/);
  });

  it("ADV-486 a flood spends the mail quota and the committee account closes its reports from the sheet: their conflict checks still waiting do not take the next day's quota; one opened again asks its silent members", () => {
    const r = startConsumerFive();
    for (let i = 0; i < 26; i++) reportJunk(r, i);
    const screening = (state: string) =>
      r.registry('Outbox').filter((o) => o.Kind === 'screening' && o.State === state);
    const sent = screening('sent').length;
    expect(screening('pending').length).toBeGreaterThan(60);
    // The owner pastes Closed over the flood's 26 rows.
    pasteClosedOverFlood(r);
    expect(r.registry('Cases').every((c) => c.Phase === 'closed')).toBe(true);
    expect(screening('pending')).toEqual([]);
    r.advance(2 * DAY);
    // Before, the next quota day sent the 68 waiting checks of closed cases, `New report: please check for a conflict of
    // interest` to every member, before the mail of anything reported after the flood.
    expect(screening('sent')).toHaveLength(sent);
    expect(r.ws.mail().filter((m) => /check for a conflict/.test(m.subject))).toHaveLength(sent);
    // Opened again: its members who never got the check (all five) get it now.
    const last = r.kase(26).caseId;
    expect(
      r.registry('Outbox').filter((o) => o.Kind === 'screening' && o['Case ID'] === last && o.State !== 'sent'),
    ).toHaveLength(5);
    r.editCase(OWNER, 26, 'Status', 'Ongoing');
    r.advance(HOUR);
    const asked = r.registry('Outbox').filter((o) => o.Kind === 'screening' && o['Case ID'] === last);
    expect(asked.map((o) => o.State)).toEqual(Array(5).fill('sent'));
    // A month on, the checks set aside carry links that expired: another case opened again sends them with fresh links
    // (ADV-516; before, they stayed set aside and its members were never asked).
    r.advance(30 * DAY);
    const before = r.ws.mail().filter((m) => /check for a conflict/.test(m.subject)).length;
    r.editCase(OWNER, 25, 'Status', 'Ongoing');
    r.advance(HOUR);
    expect(r.registry('Cases').find((c) => c['Case ID'] === r.kase(25).caseId)?.Phase).not.toBe('closed');
    expect(r.ws.mail().filter((m) => /check for a conflict/.test(m.subject))).toHaveLength(before + 5);
  });

  it('ADV-500 a conflict check set aside by a closing is put back near the end of its 30-day links and waits for the mail quota past them: it does not go out dead', () => {
    const r = startConsumerFive();
    const start = r.ws.rt.now();
    for (let i = 0; i < 26; i++) reportJunk(r, i);
    pasteClosedOverFlood(r);
    // Day 29 and 20 hours: another flood spends the day's quota, and the owner types the last case back to Ongoing.
    r.advance(29 * DAY + 20 * HOUR - (r.ws.rt.now() - start));
    for (let i = 26; i < 52; i++) reportJunk(r, i);
    const last = r.kase(26).caseId;
    r.editCase(OWNER, 26, 'Status', 'Ongoing');
    r.advance(3 * DAY);
    const checks = r.registry('Outbox').filter((o) => o.Kind === 'screening' && o['Case ID'] === last);
    expect(checks).toHaveLength(5);
    // Before, the five went with the next quota day, after the date they said their links worked until. Those that
    // waited past it go with fresh links (ADV-516): none goes out dead, none is dropped.
    expect(checks.map((o) => o.State)).toEqual(Array(5).fill('sent'));
    for (const o of checks) expect(Date.parse(o['Updated At']) - Date.parse(o['Created At'])).toBeLessThan(30 * DAY);
    expect(r.respond(EVE.email, 26, 'no-conflict').ok).toBe(true);
  });

  it('ADV-516 a case closed while its conflict checks waited for the mail quota is opened again after their links expired: its members are asked with fresh links', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, profile: 'consumer', mailQuota: 100 });
    r.ws.setMailQuotaUsed(100);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const checks = () => r.registry('Outbox').filter((o) => o.Kind === 'screening');
    expect(checks().map((o) => o.State)).toEqual(Array(4).fill('pending'));
    r.editCase(OWNER, 1, 'Status', 'Closed');
    r.advance(31 * DAY);
    expect(r.ws.mail().filter((m) => /check for a conflict/.test(m.subject))).toEqual([]);
    r.editCase(OWNER, 1, 'Status', 'Ongoing');
    r.advance(2 * HOUR);
    r.check();
    // Before, the checks stayed set aside (their links had expired): the members were reminded to answer an email they
    // never got, and the case page sent them back to it.
    expect(checks().map((o) => o.State)).toEqual(Array(4).fill('sent'));
    for (const m of [ANA, BO, CY, DEE])
      expect(r.mailTo(m.email).filter((x) => /check for a conflict/.test(x.subject))).toHaveLength(1);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.docEditors(1)).toContain(ANA.email);
  });

  it('ADV-487 the committee account types a case it closed back to Ongoing while the hourly sweep runs: the case opens again, as it asked', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.editCase(OWNER, 1, 'Status', 'Closed');
    expect(r.registry('Cases')[0].Phase).toBe('closed');
    r.advance(HOUR);
    // The sweep knows no editor: it leaves a change it sees first to the edit's own trigger (ADV-515).
    typeDuringSweep(r, 'Ongoing', () => expect(r.statusRowOf(1)?.Status).toBe('Ongoing'));
    // Before, the owner's trigger found the cell changed since its edit, took it for someone else's and left the case
    // closed, its reopening waiting on the case page for a cleared member, and the sheet saying Closed.
    expect(r.registry('Cases')[0].Phase).not.toBe('closed');
    expect(r.statusRowOf(1)?.Status).not.toBe('Closed');
    expect(JSON.parse(r.registry('Cases')[0].Flags).statusProposal).toBeUndefined();
    for (const m of [ANA, CY, DEE])
      expect(r.mailTo(m.email).filter((x) => /A case is open again/.test(x.subject))).toHaveLength(1);
  });

  /**
   * The committee account types `value` over case 1's Status after the sweep started: its trigger waits for the lock,
   * and runs after `meanwhile` (what the sweep left).
   */
  function typeDuringSweep(r: Rehearsal, value: string, meanwhile = () => {}): void {
    const rows = r.ws.data.sheet(r.ids.status, 'Cases').rows;
    const header = rows[0].map((h) => String(h).trim().toLowerCase());
    const code = r.kase(1).codeName.toLowerCase();
    const row = rows.findIndex((x, i) => i > 0 && String(x[header.indexOf('code name')]).toLowerCase() === code) + 1;
    let typed: Parameters<typeof r.ws.fireEditOf>[2] | undefined;
    r.ws.holdScriptLock(r.ws.rt.now() + 5000, () => {
      typed = r.ws.data.ui.editCell(OWNER, r.ids.status, 'Cases', row, header.indexOf('status') + 1, value);
    });
    r.sweep();
    meanwhile();
    if (!typed) throw new Error('the owner did not type');
    r.ws.fireEditOf(OWNER, r.ids.status, typed);
    r.check();
    r.advance(HOUR);
  }

  it('ADV-515 the committee account closes or reopens a case in the sheet while the hourly sweep runs: nobody is asked to confirm what its own edit then does', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.advance(HOUR);
    const told = (email: string, subject: RegExp) => r.mailTo(email).filter((x) => subject.test(x.subject)).length;
    // Closing: before, the sweep took the owner's Closed for an unknown editor's, put Ongoing back and told the
    // committee account closing was a vote's (Settings `Closing decision`); its trigger then found the cell put back and
    // the case stayed open.
    typeDuringSweep(r, 'Closed');
    expect(r.registry('Cases')[0].Phase).toBe('closed');
    expect(r.statusRowOf(1)?.Status).toBe('Closed');
    expect(told(OWNER, /not from the sheet|waits for confirmation/)).toBe(0);
    // Reopening: before, its members were asked to confirm it, then told it was done.
    typeDuringSweep(r, 'Ongoing');
    expect(r.registry('Cases')[0].Phase).not.toBe('closed');
    expect(r.statusRowOf(1)?.Status).toBe('Ongoing');
    for (const m of [ANA, CY, DEE]) {
      expect(told(m.email, /waits for confirmation/)).toBe(0);
      expect(told(m.email, /A case is open again/)).toBe(1);
    }
    // A Closed whose trigger never ran (no editor known) is still no one's to decide: the next hourly look puts it
    // back and tells the committee account, as before.
    const rows = r.ws.data.sheet(r.ids.status, 'Cases').rows;
    const header = rows[0].map((h) => String(h).trim().toLowerCase());
    r.ws.data.ui.editCell(CY.email, r.ids.status, 'Cases', 2, header.indexOf('status') + 1, 'Closed');
    r.advance(HOUR);
    r.advance(HOUR);
    r.check();
    expect(r.registry('Cases')[0].Phase).not.toBe('closed');
    expect(r.statusRowOf(1)?.Status).not.toBe('Closed');
    expect(told(OWNER, /is closed by a vote, not from the sheet/)).toBe(1);
    // Under `Second member`, before, the sweep asked the cleared members to confirm a closing its trigger then did.
    r.setSetting('Closing decision', 'Second member');
    typeDuringSweep(r, 'Closed');
    expect(r.registry('Cases')[0].Phase).toBe('closed');
    for (const m of [ANA, CY, DEE]) expect(told(m.email, /waits for confirmation/)).toBe(0);
  });
});
