// The reporter's follow-up through the built bundle: after the letter or a "no violation" closing, never for bad-faith reports, the address never shown; invariants after every step.
import {
  closeNoViolation,
  acceptPlan,
  ANA,
  answerConflict,
  advance,
  CY,
  DEE,
  docEditors,
  FOLLOW_UP,
  caseAction,
  casePage,
  caseRow,
  clear,
  docSection,
  mailsTo,
  newestLink,
  offers,
  outcomeOf,
  pageText,
  press,
  registryCase,
  registryRows,
  reportCase,
  sendLetter,
  setSetting,
  jumpAndSweep,
  OWNER,
  startResolutionDesk,
  sweep,
  submitReport,
  typeStatus,
  vote,
  writeSection,
} from './desk';

const REPORTER = 'rita.quell@example.net';
const DAY = 24 * 3600 * 1000;

function openCase(report: Parameters<typeof reportCase>[1] = {}) {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk, report);
  clear(desk, kase, ANA, CY, DEE);
  return { desk, kase };
}

/** An open case whose plan passed its vote and whose recommendation a moderator accepted. */
function acceptedCase() {
  const { desk, kase } = openCase();
  acceptPlan(desk, kase, { voters: [ANA, DEE] });
  return { desk, kase };
}

describe('the follow-up to the reporter', () => {
  test('closing as no violation lets the follow-up explain why; the case stays Closed with resolution "No violation"', () => {
    const { desk, kase } = openCase();
    expect(offers(casePage(desk, ANA, kase), 'send-follow-up')).toBe(false);
    // Closing is a decision: it opens a vote of the cleared members, and nothing closes until two-thirds approve.
    expect(outcomeOf(caseAction(desk, CY, kase, 'close-no-violation'))).toBe('done');
    expect(registryRows(desk, 'Votes').map((v) => [v.Subject, v.Outcome])).toEqual([['no-violation', 'open']]);
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    vote(desk, ANA, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    vote(desk, DEE, kase, 'approve');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('passed');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    expect(caseRow(desk, kase).Resolution).toBe('No violation');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      /Decided: not a Code of Conduct violation \(by vote: 2 of 3 approved\)\. The case is closed\./,
    );

    // The follow-up section is empty: refused until written.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('refused');
    const why =
      'Thank you for your report. The committee looked at it carefully and found that the comments did not break the Code of Conduct, because they were part of an agreed debate format.';
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', why);
    const page = casePage(desk, ANA, kase);
    expect(pageText(page)).toContain('the reporter (address on file)');
    expect(page.response.body).not.toContain(REPORTER);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    const mails = mailsTo(desk, REPORTER, /update on your report/);
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toContain('agreed debate format');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(
      /The text above was sent to the reporter \(address on file\) by Ana Lima\./,
    );
    expect(caseRow(desk, kase).Status).toBe('Closed');
    // Sent once: no second follow-up.
    expect(offers(casePage(desk, CY, kase), 'send-follow-up')).toBe(false);
  });

  it('ADV-160 a case closed as no violation whose follow-up is still unwritten when its purge date comes keeps the reporter\u2019s address', () => {
    const { desk, kase } = openCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    expect(outcomeOf(caseAction(desk, CY, kase, 'close-no-violation'))).toBe('done');
    vote(desk, ANA, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    // The committee is slow to write why: past the month, past the week's warning.
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'The committee found no violation: an agreed debate.');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
    // Sent, the purge comes in its turn (a week's warning first).
    jumpAndSweep(desk, DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  });

  test('a report marked as not made in good faith gets no follow-up', () => {
    const { desk, kase } = openCase();
    expect(outcomeOf(caseAction(desk, ANA, kase, 'bad-faith'))).toBe('done');
    expect(registryCase(desk, kase)['Bad Faith']).not.toBe('yes');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(registryCase(desk, kase)['Bad Faith']).toBe('yes');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      /Decided: the report was not made in good faith \(by vote: 2 of 3 approved\)/,
    );
    expect(caseRow(desk, kase).Status).toBe('Closed');
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'This will not be sent.');
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'send-follow-up')).toBe(false);
    expect(pageText(page)).toMatch(/Marked as not made in good faith/);
    // The follow-up deadline cannot apply any more: the page does not show it.
    expect(pageText(page)).not.toMatch(/Follow-up to the reporter/);
    const { token } = newestLink(desk, ANA.email, 'case', kase.caseId);
    const forced = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'send-follow-up', confirm: 'yes' });
    desk.check();
    expect(outcomeOf(forced)).toBe('refused');
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(0);
  });

  test('after the letter, the follow-up resolves the case; an anonymous report resolves with the letter', () => {
    const { desk, kase } = acceptedCase();
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    caseAction(desk, CY, kase, 'send-follow-up');
    expect(mailsTo(desk, REPORTER, /update on your report/)[0].body).toContain(FOLLOW_UP.slice(0, 40));
    expect(caseRow(desk, kase).Status).toBe('Resolved');

    const anonymous = reportCase(desk, { reporter: {} });
    clear(desk, anonymous, ANA, CY);
    acceptPlan(desk, anonymous);
    sendLetter(desk, ANA, anonymous, 'sam.doe@example.com');
    expect(caseRow(desk, anonymous).Status).toBe('Resolved');
    expect(pageText(casePage(desk, ANA, anonymous))).toContain('none: the reporter left no usable address');
  });

  test('a member\u2019s own Status, Actions needed and Resolution are never overwritten', () => {
    const { desk, kase } = openCase();
    const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === kase.codeName) + 1;
    desk.ws.editCell(ANA.email, desk.ids.status, 'Cases', row, 6, 'Team on the lookout');
    desk.ws.editCell(ANA.email, desk.ids.status, 'Cases', row, 7, 'Pending the next event');
    desk.check();
    caseAction(desk, ANA, kase, 'close-no-violation');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Team on the lookout');
    vote(desk, CY, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Team on the lookout');
    expect(caseRow(desk, kase).Resolution).toBe('Pending the next event');
    expect(registryRows(desk, 'Audit').some((r) => r.Event === 'status.member-edit-kept')).toBe(true);
  });
  test('a case closed as no violation keeps the follow-up due: the cleared members are reminded until it is sent', () => {
    const { desk, kase } = openCase();
    caseAction(desk, ANA, kase, 'close-no-violation');
    vote(desk, CY, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    advance(desk, 8 * DAY);
    const reminders = desk.ws
      .mail()
      .filter(
        (m) =>
          m.to.includes(ANA.email) &&
          m.body.includes(`${kase.codeName}: a follow-up deadline to the reporter has passed`),
      );
    expect(reminders.length).toBeGreaterThan(0);
    // The case is closed, so the reporter is not told it is "still being worked on".
    expect(mailsTo(desk, REPORTER, /still working|status/i)).toHaveLength(0);
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'The committee found no breach of the Code of Conduct.');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    const before = desk.ws.mail().length;
    advance(desk, 8 * DAY);
    expect(
      desk.ws
        .mail()
        .slice(before)
        .filter((m) => /explaining why/.test(m.body)),
    ).toHaveLength(0);
  });
  it('ADV-194 a case decided and enforced by the moderators, with no address for the reported person, is closed by hand: the reporter still gets the follow-up', () => {
    // A pseudonymous chat account: the moderators accepted and removed it, there is nobody to write the letter to.
    const { desk, kase } = acceptedCase();
    typeStatus(desk, OWNER, kase, 'Resolved');
    expect(registryCase(desk, kase).Phase).toMatch(/closed|resolved/);
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'The moderators removed the account from the chat.');
    // Before: refused ("The follow-up comes after the letter to the reported person, or after the case is closed as
    // no violation"): the seed's "what action was taken" could never reach the reporter.
    const sent = caseAction(desk, CY, kase, 'send-follow-up');
    expect(pageText(sent)).not.toMatch(/comes after the letter/);
    expect(outcomeOf(sent)).toBe('done');
    expect(mailsTo(desk, REPORTER, /update on your report/)[0].body).toContain('removed the account from the chat');
    // Once only.
    expect(offers(casePage(desk, CY, kase), 'send-follow-up')).toBe(false);
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
  });
  it('ADV-307 a case whose letter went out is typed Resolved before the follow-up: the follow-up stays owed, reminded and unpurged', () => {
    const { desk, kase } = acceptedCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    // A busy committee account: the letter is out, so the case is "resolved".
    typeStatus(desk, OWNER, kase, 'Resolved');
    expect(registryCase(desk, kase).Phase).toBe('resolved');
    // Past the week: the cleared members are reminded that the reporter is owed what was done (their daily digest).
    jumpAndSweep(desk, 8 * DAY);
    jumpAndSweep(desk, DAY);
    const digests = mailsTo(desk, ANA.email, /Reminders?:/);
    expect(digests.filter((d) => /a follow-up deadline to the reporter has passed/.test(d.body))).not.toHaveLength(0);
    // Before: no reminder, and a month on the purge deleted the address: "what action was taken" could never go.
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
    expect(offers(casePage(desk, ANA, kase), 'send-follow-up')).toBe(true);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
    expect(mailsTo(desk, REPORTER, /status update/)).toHaveLength(0);
  });
  it('ADV-319 the reporter asked not to be contacted: two cleared members record that no follow-up is owed, and the purge goes on its day', () => {
    const { desk, kase } = openCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    caseAction(desk, CY, kase, 'close-no-violation');
    vote(desk, ANA, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    // The reporter phoned: "do not write to me again". One member alone cannot silence a reporter.
    expect(outcomeOf(caseAction(desk, CY, kase, 'waive-follow-up'))).toBe('done');
    expect(offers(casePage(desk, CY, kase), 'waive-follow-up')).toBe(false);
    expect(offers(casePage(desk, ANA, kase), 'send-follow-up')).toBe(true);
    const waived = caseAction(desk, ANA, kase, 'waive-follow-up');
    expect(outcomeOf(waived)).toBe('done');
    // Not `Done.` alone (ADV-482).
    expect(pageText(waived)).toContain('Done: the reporter is owed no follow-up.');
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'send-follow-up')).toBe(false);
    expect(pageText(page)).toMatch(/Follow-up to the reporter\s*not owed/);
    expect(docSection(desk, kase, 'Log')).toMatch(/confirmed: the reporter is owed no follow-up/);
    expect(registryRows(desk, 'Audit').some((a) => a.Event === 'follow-up.waived')).toBe(true);
    // Before: no way to say so, and the address stayed for good (the purge waits for a follow-up that never goes).
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(mailsTo(desk, REPORTER, /update/).map((m) => m.subject)).toEqual([]);
  });
  it('ADV-320 a status email waiting for the quota when the case is closed never reaches the reporter after the close', () => {
    const { desk, kase } = openCase();
    // The week passes with the day's quota spent: the status email ("still working on it") waits.
    desk.ws.rt.setClock(desk.ws.rt.now() + 8 * DAY);
    desk.ws.setMailQuotaUsed(2000);
    sweep(desk);
    expect(registryRows(desk, 'Outbox').find((o) => o.Kind === 'status')?.State).toBe('pending');
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(registryCase(desk, kase).Phase).toBe('closed');
    jumpAndSweep(desk, 2 * DAY);
    // Before: the reporter read "the committee is still working on your report" a day after the case was closed.
    expect(mailsTo(desk, REPORTER, /status update/)).toHaveLength(0);
  });
  it('ADV-321 the reporter asks for their details to be deleted once the case is closed: two members delete them now, as the purge would', () => {
    const { desk, kase } = openCase();
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    // "Please delete everything you hold about me." Purge date: a year from now (the default 12 months).
    expect(outcomeOf(caseAction(desk, CY, kase, 'forget-reporter'))).toBe('done');
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
    expect(offers(casePage(desk, CY, kase), 'forget-reporter')).toBe(false);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'forget-reporter'))).toBe('done');
    // Before: nothing to press; the details stayed until the purge a year later.
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(registryCase(desk, kase)['Reporter Name']).toBe('');
    expect(registryRows(desk, 'Outbox').filter((o) => o['Case ID'] === kase.caseId && o.To.includes(REPORTER))).toEqual(
      [],
    );
    expect(registryRows(desk, 'Audit').map((a) => a.Event)).toEqual(
      expect.arrayContaining(['reporter.forgotten', 'retention.purged']),
    );
    // Nothing is sent twice: the follow-up's record stands.
    jumpAndSweep(desk, 8 * DAY);
    expect(mailsTo(desk, REPORTER, /update/)).toHaveLength(1);
    expect(offers(casePage(desk, ANA, kase), 'forget-reporter')).toBe(false);
  });
  it('ADV-349 the confirming press killed once Drive trashed the Doc: nobody presses again, the next sweep finishes the purge and the Doc stays unshared in the trash', () => {
    const { desk, kase } = openCase();
    setSetting(desk, 'Delete case Docs when purging', 'Yes');
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    jumpAndSweep(desk, DAY);
    caseAction(desk, CY, kase, 'forget-reporter');
    // The 6-minute limit strikes at the first registry write after Drive trashed the Doc: the run's last commit.
    const { rt } = desk.ws;
    rt.faults.push({
      call: 'Range.setValues',
      get nth() {
        return desk.ws.data.file(kase.docId).trashed ? rt.totals['Range.setValues'] : Infinity;
      },
      kill: true,
    });
    caseAction(desk, ANA, kase, 'forget-reporter');
    rt.faults.pop();
    expect(rt.executions.at(-1)?.outcome).toBe('killed');
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    // Before: the case was not marked at all (Flags without purgeDue); pressing again looked like a first proposal.
    expect(registryCase(desk, kase).Flags).toContain('"purgeDue"');
    expect(offers(casePage(desk, ANA, kase), 'forget-reporter')).toBe(false);
    jumpAndSweep(desk, 2 * 3600 * 1000);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(registryCase(desk, kase).Flags).toContain('"purged"');
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    expect(docEditors(desk, kase.docId)).toEqual([]);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
  });
  it('ADV-321 an open case cannot have its reporter forgotten: the redaction guard still needs who reported', () => {
    const { desk, kase } = openCase();
    expect(offers(casePage(desk, ANA, kase), 'forget-reporter')).toBe(false);
    const { token } = newestLink(desk, ANA.email, 'case', kase.caseId);
    expect(outcomeOf(desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'forget-reporter', confirm: 'yes' }))).toBe(
      'refused',
    );
    desk.check();
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
  });
  it('ADV-337 the follow-up waived after the letter (or before it): the case is resolved, not left waiting for a follow-up nobody may send', () => {
    const { desk, kase } = acceptedCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    // The reporter heard the outcome from the moderator and asked not to be written to again.
    caseAction(desk, CY, kase, 'waive-follow-up');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'waive-follow-up'))).toBe('done');
    // Before: "Ongoing", "Follow up with the reporter" for good, and the reporter's address kept for good.
    expect(caseRow(desk, kase).Status).toBe('Resolved');
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    // Waived while the plan is still with the moderators: the letter then resolves the case.
    const second = reportCase(desk, { reporter: { name: 'Kit Marr', email: 'kit.marr@example.net' } });
    clear(desk, second, ANA, CY, DEE);
    acceptPlan(desk, second, { voters: [ANA, DEE] });
    caseAction(desk, CY, second, 'waive-follow-up');
    caseAction(desk, DEE, second, 'waive-follow-up');
    sendLetter(desk, ANA, second, 'sam.doe@example.com');
    expect(caseRow(desk, second).Status).toBe('Resolved');
    expect(mailsTo(desk, 'kit.marr@example.net', /update/)).toEqual([]);
  });
  it("ADV-338 a reporter forgotten while another report about the same person is open: that case's guard still knows them", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    const kit = 'kit.marr@example.net';
    const second = reportCase(desk, {
      reporter: { name: 'Kit Marr', email: kit },
      what: 'Sam Doe mocked my accent in the forum thread too.',
    });
    clear(desk, first, ANA, CY, DEE);
    clear(desk, second, ANA, CY, DEE);
    caseAction(desk, ANA, first, 'close-no-violation');
    vote(desk, CY, first, 'approve');
    vote(desk, DEE, first, 'approve');
    writeSection(desk, ANA, first, 'Follow-up to the reporter', 'The committee found no violation.');
    caseAction(desk, ANA, first, 'send-follow-up');
    // Rita asks for her details to be deleted while Kit's report about the same person is still open.
    for (const m of [CY, ANA])
      if (offers(casePage(desk, m, first), 'forget-reporter')) caseAction(desk, m, first, 'forget-reporter');
    caseAction(desk, ANA, second, 'close-no-violation');
    vote(desk, CY, second, 'approve');
    vote(desk, DEE, second, 'approve');
    writeSection(desk, ANA, second, 'Follow-up to the reporter', 'Rita Quell reported the same call; no breach.');
    const sent = caseAction(desk, ANA, second, 'send-follow-up');
    advance(desk, 3600 * 1000);
    // Before: the erasure went through, and Kit then read who else had reported.
    expect(mailsTo(desk, kit, /update on your report/)).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
    expect(registryCase(desk, first)['Reporter Email']).toBe(REPORTER);
    const { token } = newestLink(desk, CY.email, 'case', first.caseId);
    desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'forget-reporter', confirm: 'yes' });
    desk.check();
    expect(registryCase(desk, first)['Reporter Email']).toBe(REPORTER);
  });
  it('ADV-338 a reporter forgotten while another report about the same person, closed, still owes its follow-up: refused too', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    const kit = 'kit.marr@example.net';
    const second = reportCase(desk, { reporter: { name: 'Kit Marr', email: kit } });
    clear(desk, first, ANA, CY, DEE);
    clear(desk, second, ANA, CY, DEE);
    for (const kase of [first, second]) {
      caseAction(desk, ANA, kase, 'close-no-violation');
      vote(desk, CY, kase, 'approve');
      vote(desk, DEE, kase, 'approve');
    }
    writeSection(desk, ANA, first, 'Follow-up to the reporter', 'The committee found no violation.');
    caseAction(desk, ANA, first, 'send-follow-up');
    for (const m of [CY, ANA])
      if (offers(casePage(desk, m, first), 'forget-reporter')) caseAction(desk, m, first, 'forget-reporter');
    writeSection(desk, ANA, second, 'Follow-up to the reporter', 'Rita Quell reported the same call; no breach.');
    caseAction(desk, ANA, second, 'send-follow-up');
    advance(desk, 3600 * 1000);
    // Before: Kit read who else had reported.
    expect(mailsTo(desk, kit, /update on your report/)).toEqual([]);
    expect(registryCase(desk, first)['Reporter Email']).toBe(REPORTER);
  });
  it('ADV-201 two reports about one person: the follow-up to one reporter names neither the other reporter nor their witness', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    const kit = 'kit.marr@example.net';
    const second = reportCase(desk, {
      reporter: { name: 'Kit Marr', email: kit },
      witnesses: ['Ola Berg'],
      witnessAnswer: 'Ola Berg',
      what: 'Sam Doe mocked my accent in the forum thread too.',
    });
    clear(desk, first, ANA, CY, DEE);
    clear(desk, second, ANA, CY, DEE);
    caseAction(desk, ANA, first, 'close-no-violation');
    vote(desk, CY, first, 'approve');
    vote(desk, DEE, first, 'approve');
    // The committee's reply to Rita, written with Kit's report open beside it.
    writeSection(
      desk,
      ANA,
      first,
      'Follow-up to the reporter',
      'Kit Marr reported the same call and Ola Berg saw it; the committee found no breach in either.',
    );
    const sent = caseAction(desk, ANA, first, 'send-follow-up');
    advance(desk, 3600 * 1000);
    // Before: Rita read who else had reported, and their witness.
    expect(mailsTo(desk, REPORTER, /update on your report/)).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
    // The reporter's own witness is theirs to read (the follow-up goes to them): Wes Tarn is no finding.
    writeSection(desk, ANA, first, 'Follow-up to the reporter', 'We spoke to Wes Tarn; the committee found no breach.');
    expect(outcomeOf(caseAction(desk, ANA, first, 'send-follow-up'))).toBe('done');
    expect(mailsTo(desk, kit, /update on your report/)).toEqual([]);
  });
  it('ADV-271 a reporter who reported the same person twice: the follow-up to one case may greet them by name', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = reportCase(desk);
    const second = reportCase(desk, {
      witnesses: ['Ola Berg'],
      witnessAnswer: 'Ola Berg',
      what: 'Sam Doe mocked my accent in the forum thread too.',
    });
    clear(desk, first, ANA, CY, DEE);
    // Ana has a conflict with the second report (its witness, say): nothing of it is hers to learn.
    answerConflict(desk, second, ANA);
    clear(desk, second, CY, DEE);
    caseAction(desk, ANA, first, 'close-no-violation');
    vote(desk, CY, first, 'approve');
    vote(desk, DEE, first, 'approve');
    writeSection(desk, ANA, first, 'Follow-up to the reporter', 'Dear Rita Quell, the committee found no breach.');
    const sent = caseAction(desk, ANA, first, 'send-follow-up');
    // Before: refused, `This text mentions a name “Rita Quell”`: the reporter was guarded from herself, as the reporter
    // of the other report about Sam, and Ana learnt that Rita is in the case she is not cleared for.
    expect(pageText(sent)).not.toMatch(/redaction guard/);
    expect(outcomeOf(sent)).toBe('done');
    advance(desk, 3600 * 1000);
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
  });
  it('ADV-221 a reporter mistyped their address and writes in from the right one: a member corrects it, and the status email and the follow-up reach the reporter, not the stranger', () => {
    const stranger = 'rita.qeull@example.net';
    const { desk, kase } = openCase({ reporter: { name: 'Rita Quell', email: stranger } });
    // The reporter never got the receipt and writes to the committee from their real address. Before, the case page
    // offered no way to correct the address on file: every status email and the follow-up kept going to the stranger.
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'reporter-address')).toBe(true);
    expect(pageText(page)).toContain('The reporter\u2019s email address');
    expect(outcomeOf(press(desk, page, 'reporter-address', { fields: { to: REPORTER } }))).toBe('done');
    expect(docSection(desk, kase, 'Log')).toMatch(/Ana Lima corrected the reporter\u2019s address/);
    expect(docSection(desk, kase, 'Log')).not.toContain(REPORTER);
    // The reported person's address, or a second address, is refused.
    expect(pageText(caseAction(desk, CY, kase, 'reporter-address', { to: 'a@example.net, b@example.net' }))).toMatch(
      /exactly one email address/,
    );
    jumpAndSweep(desk, 8 * DAY);
    expect(mailsTo(desk, REPORTER, /status update/)).toHaveLength(1);
    acceptPlan(desk, kase, { voters: [ANA, DEE] });
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
    expect(desk.ws.mailTo(stranger).map((m) => m.subject)).toEqual(['We received your report']);
    // The mistyped address stays protected: the letter cannot go to it.
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
    expect(pageText(caseAction(desk, CY, kase, 'send-letter-again', { to: stranger }))).toMatch(/must protect/);
  });
  it('ADV-274 a member is asked to correct the reporter\u2019s address to one an earlier report gave for the reported person: refused', () => {
    const sam = 'sam.doe@example.com';
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    submitReport(desk, { reported: [`Sam Doe (${sam})`] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    // Sam writes in as "the reporter, whose address was mistyped"; this report does not give his address, the first did.
    const answer = pageText(caseAction(desk, ANA, kase, 'reporter-address', { to: sam }));
    // Before: corrected, and the status emails and the follow-up (which may name the reporter's witnesses) went to Sam.
    expect(answer).toMatch(/gives that address for a person involved/);
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
  });
});

describe('mail that failed for good', () => {
  /** MailApp refuses the message the action sends after its confirmation email (a permanent error: never retried). */
  const refused = (desk: ReturnType<typeof openCase>['desk'], action: () => unknown) => {
    const nth = (desk.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 2;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, message: 'Invalid email: refused' }];
    action();
    desk.ws.rt.faults = [];
  };
  const stateOf = (desk: ReturnType<typeof openCase>['desk'], kind: string) =>
    registryRows(desk, 'Outbox')
      .filter((o) => o.Kind === kind)
      .map((o) => o.State);

  it('ADV-340 a follow-up MailApp refused for good can be sent again from the case page, and reaches the reporter', () => {
    const { desk, kase } = acceptedCase();
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    refused(desk, () => caseAction(desk, CY, kase, 'send-follow-up'));
    expect(stateOf(desk, 'follow-up')).toEqual(['failed']);
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Follow-up to the reporter\s*not sent \(its state: failed\)/);
    // The Doc, which cleared members read, says so too (before: only `The text above was sent to the reporter`).
    jumpAndSweep(desk, 3600 * 1000);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(/The email above was not delivered/);
    // Before: refused ("The follow-up has already been sent"), and the reporter was never told what was done.
    expect(pageText(caseAction(desk, CY, kase, 'send-follow-up'))).not.toMatch(/already been sent/);
    const [went] = mailsTo(desk, REPORTER, /update on your report/);
    expect([went.body.includes(FOLLOW_UP.slice(0, 40)), went.body.includes('not delivered')]).toEqual([true, false]);
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Follow-up to the reporter\s*sent \d{4}-/);
    // Once: sent, it is not offered again.
    expect(offers(casePage(desk, CY, kase), 'send-follow-up')).toBe(false);
  });

  it('ADV-341 a letter MailApp refused for good: the follow-up waits until the letter went to another address', () => {
    const { desk, kase } = acceptedCase();
    refused(desk, () => sendLetter(desk, ANA, kase, 'sam.doe@example.com'));
    expect(stateOf(desk, 'letter')).toEqual(['failed']);
    expect(pageText(casePage(desk, CY, kase))).toMatch(
      /Letter to the reported person\s*not sent \(its state: failed\)/,
    );
    // Before: sent at once, and the reporter read what was done while the reported person had never been told.
    const page = casePage(desk, CY, kase);
    expect(offers(page, 'send-follow-up')).toBe(false);
    expect(pageText(page)).toMatch(/Follow-up to the reporter: The letter could not be delivered/);
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(0);
    desk.k.reportedPersonEmails.add('sam.doe@example.org');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-letter-again', { to: 'sam.doe@example.org' }))).toBe('done');
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-follow-up'))).toBe('done');
    const letter = desk.ws.mailTo('sam.doe@example.org')[0]?.at ?? NaN;
    const followUp = mailsTo(desk, REPORTER, /update on your report/);
    expect(followUp.map((m) => m.at >= letter)).toEqual([true]);
  });

  it('ADV-341 the committee closes a case whose letter failed: the follow-up goes without it, and the purge is not held up', () => {
    const { desk, kase } = acceptedCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    refused(desk, () => sendLetter(desk, ANA, kase, 'sam.doe@example.com'));
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-follow-up'))).toBe('done');
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  });

  it('ADV-343 a letter MailApp refused for good: the case document, which the cleared members read, says it was not delivered', () => {
    const { desk, kase } = acceptedCase();
    refused(desk, () => sendLetter(desk, ANA, kase, 'sam.doe@example.com'));
    jumpAndSweep(desk, 3600 * 1000);
    jumpAndSweep(desk, 3600 * 1000);
    const section = docSection(desk, kase, 'Discussions with the reported person');
    // Before: only `Letter sent to the reported person (sam.doe@example.com) by Ana Lima.`, true-sounding for good.
    expect(section).toMatch(/Letter sent to the reported person/);
    expect(section.match(/The email above was not delivered: MailApp refused it/g)).toHaveLength(1);
  });

  it('ADV-344 a letter held after an interrupted send on a resolved case: on the purge day the cleared members hear why the reporter details are kept', () => {
    const { desk, kase } = acceptedCase();
    setSetting(desk, 'Purge reporter details after (months)', 1);
    const nth = (desk.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 2;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, message: 'We\u2019re sorry, a server error occurred.' }];
    sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    desk.ws.rt.faults = [];
    caseAction(desk, CY, kase, 'send-follow-up');
    expect(stateOf(desk, 'letter')).toEqual(['held']);
    jumpAndSweep(desk, 40 * DAY);
    jumpAndSweep(desk, 8 * DAY);
    // The committee account was told the details go; they stay while the letter waits for a person's decision.
    expect(registryCase(desk, kase)['Reporter Email']).toBe(REPORTER);
    // Before: nothing more was said, for good: the warning read as done and nobody knew to decide.
    expect(mailsTo(desk, CY.email, /A purge waits for mail/)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, /A purge waits for mail/)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, /A purge waits for mail/)[0].body).toContain('held: decide on the case page');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'held-resend'))).toBe('done');
    jumpAndSweep(desk, 3600 * 1000);
    expect(mailsTo(desk, REPORTER, /update on your report/)).toHaveLength(1);
    jumpAndSweep(desk, DAY);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  });

  it('ADV-342 after the follow-up is waived on an open case, a reminder waiting for the digest does not go', () => {
    const settings = { 'Reminder digest': 'Weekly', 'Follow up within (days)': '1' };
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    // The first period's reminder is the week's digest; the second's waits for next week's.
    jumpAndSweep(desk, 1.5 * DAY);
    jumpAndSweep(desk, DAY);
    const waiting = () =>
      registryRows(desk, 'Outbox').filter((o) => o.State === 'digest' && o.Key.includes('reminder:follow-up'));
    expect(waiting().length).toBeGreaterThan(0);
    caseAction(desk, CY, kase, 'waive-follow-up');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'waive-follow-up'))).toBe('done');
    const waived = desk.ws.rt.now();
    jumpAndSweep(desk, 8 * DAY);
    // Before: next week's digest still told each member "a follow-up deadline to the reporter has passed".
    const told = [ANA, CY, DEE].flatMap((m) => desk.ws.mailTo(m.email).filter((x) => x.at > waived));
    expect(told.filter((x) => /follow-up deadline to the reporter/.test(x.body)).map((x) => x.to)).toEqual([]);
  });
});
