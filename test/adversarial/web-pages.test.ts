// Adversarial cases on what the signed pages say to the member who opens them: a confirmation opened after a conflict was declared, the page confirming a reporter's details deleted, a ballot no longer counted, a case page after the details were deleted, a stranger's email shown with bidi overrides, and the board's answer to a proposed change recorded twice.
import {
  ANA,
  BO,
  CY,
  DEE,
  EVE,
  advance,
  caseAction,
  caseWithOpenVote,
  casePage,
  clear,
  docEditors,
  closeNoViolation,
  expectNoErrors,
  jumpAndSweep,
  linkUrlsIn,
  mailsTo,
  memberId,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  press,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  startDesk,
  type CaseInfo,
  type Desk,
  startResolutionDesk,
  sweep,
  typeStatus,
  vote,
} from '../integration/desk';
import { COMMITTEE_OPTIONS } from '../support/flows';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const DAY = 24 * HOUR;

/** Rita reports by email to the committee account ("He shouted."): the sweep tells the account it waits for it. */
function receiveEmailReport(desk: Desk): void {
  desk.k.people.push({ reporter: { email: 'rita.vell@example.net' }, reported: [], witnesses: [] });
  desk.ws.receiveMail({ from: 'rita.vell@example.net', to: OWNER, subject: 'Reporting by email', text: 'He shouted.' });
  sweep(desk);
}

/**
 * With `Delete case Docs when purging`: a case Ana, Cy and Dee were cleared for (Bo never answered), closed, and Cy's
 * half of forget-reporter pressed (Ana's confirms it).
 */
function closedAskedToForget(desk: Desk): CaseInfo {
  setSetting(desk, 'Delete case Docs when purging', 'yes');
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY, DEE);
  typeStatus(desk, OWNER, kase, 'Closed');
  caseAction(desk, CY, kase, 'forget-reporter');
  return kase;
}

describe('adversarial: what the web pages say', () => {
  /** A case closed as no violation, a day on (its follow-up sent), Ana, Cy and Dee cleared. */
  function closedCase() {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    jumpAndSweep(desk, DAY);
    return { desk, kase };
  }

  const confirmLink = (desk: Desk, email: string) => newestLink(desk, email, 'confirm').url;

  it('ADV-481 a member asks to confirm an action, then declares a conflict of interest, then opens the confirmation link: the page says why nothing was done, not to start again from a case page closed to them', () => {
    const { desk, kase } = closedCase();
    caseAction(desk, CY, kase, 'forget-reporter');
    expect(desk.browser.press(casePage(desk, ANA, kase), 'forget-reporter', {}).submitted).toBe(true);
    caseAction(desk, ANA, kase, 'conflict');
    const page = open(desk, confirmLink(desk, ANA.email));
    const text = pageText(page);
    // Before: `Nothing was done. Start again from the case page.`: the case page says it is closed to her.
    expect(text).not.toContain('Start again from the case page');
    expect(text).toContain(`Nothing was done. A conflict of interest is recorded for you for case ${kase.codeName}`);
    expect(outcomeOf(page)).toBe('refused');
    expect(offers(page, 'forget-reporter')).toBe(false);
    expect(registryCase(desk, kase)['Reporter Email']).not.toBe('');
  });

  it('ADV-482 two members confirm forget-reporter: the confirming page says what was deleted and what stays', () => {
    const { desk, kase } = closedCase();
    caseAction(desk, CY, kase, 'forget-reporter');
    const text = pageText(caseAction(desk, ANA, kase, 'forget-reporter'));
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    // Before: `Done.` and nothing more, on a page whose state reads `Closed.`.
    expect(text).toContain(
      'The reporter’s details are deleted. Their name and address and the witnesses are deleted from the registry and its copies of sent mail.',
    );
    expect(text).toContain('The case stays listed, with who was reported and what was decided.');
    expect(text).toContain(
      'The case document, with the report as written, is kept in the folder of archived case documents.',
    );
  });

  it('ADV-493 the reporter\u2019s details deleted (forget-reporter) where Settings trash purged case Docs: the case page says where the Doc is, not a link to it', () => {
    const { desk, kase } = closedCase();
    setSetting(desk, 'Delete case Docs when purging', 'Yes');
    caseAction(desk, CY, kase, 'forget-reporter');
    const confirmed = caseAction(desk, ANA, kase, 'forget-reporter');
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    const later = () => casePage(desk, DEE, kase);
    const pages = [confirmed, later()];
    jumpAndSweep(desk, 31 * DAY); // Drive has deleted it for good
    pages.push(later());
    for (const page of pages) {
      const text = pageText(page);
      // Before: `Open the case document`, a link to Google's `You need access` page (the purge withdrew every share),
      // whose button asks the committee account to share a Doc in its trash; and once Drive deleted it, the page said
      // the access audit checks it hourly, which it does not for a Doc retention trashed.
      expect(page.response.body).not.toContain(kase.docId);
      expect(text).not.toContain('Open the case document');
      expect(text).not.toContain('checks it hourly');
      expect(text).toMatch(
        /Case document in the trash since \S+ \S+ \(Etc\/UTC\) \(Settings “Delete case Docs when purging”\): nobody else can open it, and Drive deletes it 30 days later\. Opening the case again brings it back or makes a new one\./,
      );
    }
  });

  it('ADV-483 a voting member votes, then is made an adviser while the vote is open: their vote page no longer shows the ballot as theirs now', () => {
    const { desk, kase } = caseWithOpenVote();
    vote(desk, DEE, kase, 'approve');
    const index = desk.members.findIndex((m) => m.email === DEE.email);
    desk.members[index].role = 'adviser';
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', index + 2, 3, 'adviser'));
    const text = pageText(open(desk, newestLink(desk, DEE.email, 'vote', kase.caseId).url));
    // Before: `Your vote now: approve.` over a tally of `0 of 2 eligible members have voted`: the ballot counts no more.
    expect(text).toContain('0 of 2 eligible members have voted');
    expect(text).toContain('Advisers do not vote.');
    expect(text).not.toContain('Your vote now');
  });

  it('ADV-483 a voting member votes on a proposed change, then is made an adviser while it is voted on: the proposal page no longer shows the ballot as theirs now', () => {
    const desk = startDesk({ members: [ANA, BO, CY, DEE, EVE] });
    press(desk, open(desk, newestLink(desk, ANA.email, 'propose').url), 'propose', {
      fields: { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' },
    });
    advance(desk, 3 * DAY + HOUR);
    const link = newestLink(desk, CY.email, 'change', 'p1').url;
    press(desk, open(desk, link), 'vote', { fields: { choice: 'approve' } });
    expect(pageText(open(desk, link))).toContain('Your vote now: Approve');
    const index = desk.members.findIndex((m) => m.email === CY.email);
    desk.members[index].role = 'adviser';
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', index + 2, 3, 'adviser'));
    const text = pageText(open(desk, link));
    // Before: `Your vote now: Approve.` over `0 of 4 voting members approve`, and no ballot to change it with.
    expect(text).toContain('0 of 4 voting members approve');
    expect(text).not.toContain('Your vote now');
  });

  it('ADV-488 a member opens their vote link after declaring a conflict of interest for the case: the page says their conflict is recorded, not only that cleared members vote', () => {
    const { desk, kase } = caseWithOpenVote();
    const link = newestLink(desk, DEE.email, 'vote', kase.caseId).url;
    caseAction(desk, DEE, kase, 'conflict');
    for (const page of [open(desk, link), vote(desk, DEE, kase, 'approve')]) {
      const text = pageText(page);
      // Before: `Only members cleared for this case can vote on it.`, as if she had never been cleared.
      expect(text).toContain(
        `A conflict of interest is recorded for you for case ${kase.codeName}, so this page is closed to you.`,
      );
      expect(text).not.toContain('Only members cleared');
      expect(outcomeOf(page)).toBe('refused');
      expect(offers(page, 'vote')).toBe(false);
    }
    expect(registryRows(desk, 'Votes')[0].Ballots).not.toContain(memberId(desk, DEE.email));
  });

  it('ADV-489 the committee account makes an email in its inbox a case from one tab, the case is closed, and it presses again in a second tab: the page says the email is that case already', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    reportCase(desk);
    receiveEmailReport(desk);
    const [link] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/)[0].body, desk.ws.webAppUrl);
    const [first, second] = [open(desk, link), open(desk, link)];
    expect(pageText(press(desk, first, 'make-case', { fields: { involved: 'Sam Doe' } }))).toContain(
      'The email is now a case',
    );
    const row = registryRows(desk, 'Cases')[1];
    const kase = { n: 2, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] };
    typeStatus(desk, OWNER, kase, 'Closed');
    const again = press(desk, second, 'make-case', { fields: { involved: 'Sam Doe' } });
    const text = pageText(again);
    // Before: `The email is now a case. Its code name is <code name>. The members are asked about conflicts of interest
    // as for any report.`, of a case made before and closed since, and the audit said it was made a case twice.
    expect(text).toContain(`This email is a case already: ${kase.codeName}.`);
    expect(text).not.toMatch(/now a case|members are asked/);
    expect(offers(again, 'make-case')).toBe(false);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'inbox.case')).toHaveLength(1);
    expect(pageText(open(desk, link))).toContain(`This email is a case already: ${kase.codeName}.`);
  });

  it('ADV-490 the reporter’s details are deleted at their request and the case document trashed; a member who never answered its conflict check then presses "No conflict": the trashed document is not shared, and the page says so', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = closedAskedToForget(desk);
    expect(pageText(caseAction(desk, ANA, kase, 'forget-reporter'))).toContain('The case document went to the trash');
    expect(docEditors(desk, kase.docId)).toEqual([]);
    const page = press(desk, open(desk, newestLink(desk, BO.email, 'no-conflict', kase.caseId).url), 'no-conflict');
    const text = pageText(page);
    // Before: `its document is now shared with you alone`, an `Access granted` email, and Bo an editor of the Doc the
    // deletion had trashed with its shares withdrawn (ADV-210), for its 30 days there.
    expect(docEditors(desk, kase.docId)).toEqual([]);
    expect(mailsTo(desk, BO.email, /Access granted/)).toEqual([]);
    expect(text).toContain(`You declared no conflict of interest for case ${kase.codeName}.`);
    expect(text).toContain('The case is closed and its document is in the trash, so it is not shared with you.');
    expect(text).not.toContain('shared with you alone');
    // What it says of a reopening holds: the Doc comes out of the trash, and Bo's share with it.
    typeStatus(desk, OWNER, kase, 'Ongoing');
    jumpAndSweep(desk, HOUR);
    expect(docEditors(desk, kase.docId)).toContain(BO.email);
    expect(mailsTo(desk, BO.email, /Access granted/)).toHaveLength(1);
  });

  it('ADV-501 a member who never answered a closed case’s conflict check opens it after retention trashed the case document: the page before pressing does not promise to share it', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = closedAskedToForget(desk);
    caseAction(desk, ANA, kase, 'forget-reporter');
    const text = pageText(open(desk, newestLink(desk, BO.email, 'no-conflict', kase.caseId).url));
    // Before: `the case document will be shared with you alone`, of a Doc in the trash that pressing does not share.
    expect(text).not.toContain('shared with you alone');
    expect(text).toContain('the case is closed and its document is in the trash, so it is not shared with you unless');
  });

  it('ADV-491 the committee account opens the link to an email waiting in its inbox after the link’s 30 days and asks for a fresh one: it comes, and makes the email a case', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    receiveEmailReport(desk);
    const notices = () => mailsTo(desk, OWNER, /waits for you/);
    const [old] = linkUrlsIn(notices()[0].body, desk.ws.webAppUrl);
    jumpAndSweep(desk, 31 * DAY);
    const expired = open(desk, old);
    expect(outcomeOf(expired)).toBe('invalid');
    expect(pageText(press(desk, expired, 'fresh-links'))).toContain('an email with fresh links is on its way');
    sweep(desk);
    // Before: nothing came (the button knew committee members only), and nothing ever sent a link to the email again.
    expect(notices()).toHaveLength(2);
    const [fresh] = linkUrlsIn(notices()[1].body, desk.ws.webAppUrl);
    expect(pageText(press(desk, open(desk, fresh), 'make-case', { fields: { involved: 'Sam Doe' } }))).toContain(
      'The email is now a case',
    );
    // Asked again the same day, or once it is a case, no more comes.
    press(desk, open(desk, old), 'fresh-links');
    sweep(desk);
    expect(notices()).toHaveLength(2);
  });

  it('ADV-475 the reporter’s details deleted at their request (forget-reporter): the case page says so, and keeps the acknowledgment and follow-up it sent', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    jumpAndSweep(desk, DAY);
    const before = pageText(casePage(desk, DEE, kase));
    const sent = /Acknowledgment sent Follow-up to the reporter sent \S+ \S+ \(Etc\/UTC\)/.exec(before)?.[0];
    expect(sent).toBeDefined();
    caseAction(desk, CY, kase, 'forget-reporter');
    const confirmed = caseAction(desk, ANA, kase, 'forget-reporter');
    expect(outcomeOf(confirmed)).toBe('done');
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    // Before: the page that confirmed the deletion, and every later one, said the reporter had never left an address,
    // and no longer said that the acknowledgment and the follow-up went.
    for (const text of [pageText(confirmed), pageText(casePage(desk, DEE, kase))]) {
      expect(text).not.toContain('left no usable address');
      expect(text).toMatch(/Reporter contact none: the reporter’s details were deleted \S+ \S+ \(Etc\/UTC\)/);
      expect(text).toContain(sent);
    }
  });

  it('ADV-476 a stranger’s email to the committee inbox with bidi overrides (Trojan Source): its page shows the text as the case document would keep it', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    // Displayed, `\u202E52\u202C` reads "25": the subject and the text say a different number from the one they hold.
    r.ws.receiveMail({
      from: 'nia.vortel@example.net',
      to: OWNER,
      subject: 'Banned for \u202E52\u202C weeks',
      text: 'He threatened me \u202E52\u202C times.\r\nPlease help.',
    });
    r.advance(HOUR);
    const link = r.link(OWNER, 'inbox');
    expect(link).not.toBeNull();
    const { response, page } = r.get(link!.url);
    expect(page.text).toContain('He threatened me 52 times.');
    // Before: the page printed the overrides (HtmlService's `<?= ?>` escapes HTML only), as no mail and no Doc does.
    expect(response.body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\r]/);
  });

  it('ADV-477 the board’s answer to a passed change recorded twice (a double click, or a second member’s page open since): the second page says what stands', () => {
    const desk = startDesk({ members: [ANA, BO, CY, DEE, EVE] });
    setSetting(desk, 'Board contact', 'board-secretary@example.org');
    press(desk, open(desk, newestLink(desk, ANA.email, 'propose').url), 'propose', {
      fields: { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' },
    });
    advance(desk, 3 * DAY + HOUR);
    for (const m of [ANA, CY, DEE])
      press(desk, open(desk, newestLink(desk, m.email, 'change', 'p1').url), 'vote', { fields: { choice: 'approve' } });
    const proposal = () => registryRows(desk, 'Proposals').find((p) => p.Number === '1');
    expect(proposal()?.State).toBe('passed');
    const cys = open(desk, newestLink(desk, CY.email, 'change', 'p1').url);
    const dees = open(desk, newestLink(desk, DEE.email, 'change', 'p1').url);
    press(desk, cys, 'board', { fields: { answer: 'approved' } });
    expect(proposal()?.State).toBe('board-approved');
    // Before: both said `The board's answer cannot be recorded here. Nothing has been changed.`, to the member whose
    // first press had recorded it and to one who read the board's minutes otherwise, with no word of what stands.
    const again = pageText(press(desk, cys, 'board', { fields: { answer: 'approved' } }));
    expect(again).toContain("The board's answer is recorded.");
    expect(again).not.toMatch(/cannot be recorded here|Nothing has been changed/);
    const other = pageText(press(desk, dees, 'board', { fields: { answer: 'declined' } }));
    expect(other).toMatch(/The board's answer was already recorded \S+ \S+ \(Etc\/UTC\): it adopted the change\./);
    expect(proposal()?.State).toBe('board-approved');
  });
});
