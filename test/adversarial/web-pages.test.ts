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
  closeNoViolation,
  expectNoErrors,
  jumpAndSweep,
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
  type Desk,
  startResolutionDesk,
  vote,
} from '../integration/desk';
import { COMMITTEE_OPTIONS } from '../support/flows';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const DAY = 24 * HOUR;

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

  it('ADV-G2 the reporter\u2019s details deleted (forget-reporter) where Settings trash purged case Docs: the case page says where the Doc is, not a link to it', () => {
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
