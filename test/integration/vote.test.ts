// Votes through the built bundle: eligibility frozen at opening, two-thirds rounded up, failure when out of reach, ballots changeable until the vote closes; invariants after every step.
import {
  ANA,
  BO,
  CY,
  DEE,
  EVE,
  OWNER,
  answerConflict,
  caseAction,
  casePage,
  caseRow,
  clear,
  docSection,
  forgeToken,
  linkFor,
  mailsTo,
  memberId,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  press,
  registryRows,
  reportCase,
  startResolutionDesk,
  stateFingerprint,
  sweepHours,
  typeStatus,
  vote,
  writeSection,
  writeTexts,
} from './desk';

function votingDesk(members = [ANA, BO, CY, DEE, EVE], settings: Record<string, string> = {}) {
  const desk = startResolutionDesk({ members, settings });
  const kase = reportCase(desk);
  return { desk, kase };
}

describe('opening a vote', () => {
  test('eligible voters are the cleared active voting members: no adviser, no conflicted or silent member', () => {
    const { desk, kase } = votingDesk();
    clear(desk, kase, ANA, BO, CY);
    answerConflict(desk, kase, DEE);
    // EVE never answers.
    writeTexts(desk, ANA, kase);
    expect(offers(casePage(desk, BO, kase), 'open-vote')).toBe(false); // advisers do not open votes
    caseAction(desk, ANA, kase, 'open-vote');
    const [row] = registryRows(desk, 'Votes');
    expect(JSON.parse(row.Eligible).sort()).toEqual([memberId(desk, ANA.email), memberId(desk, CY.email)].sort());
    for (const m of [ANA, CY]) expect(mailsTo(desk, m.email, /^Vote open/)).toHaveLength(1);
    for (const m of [BO, DEE, EVE]) expect(mailsTo(desk, m.email, /^Vote open/)).toHaveLength(0);
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      /Vote opened on the plan and consequences below \(2 eligible voting members; it passes with 2 approvals\)/,
    );
    // A second vote cannot be opened while one is open.
    expect(offers(casePage(desk, CY, kase), 'open-vote')).toBe(false);
  });

  test('an adviser cannot vote even with a link signed for them', () => {
    const { desk, kase } = votingDesk();
    clear(desk, kase, ANA, BO, CY);
    caseAction(desk, ANA, kase, 'open-vote');
    // The link a voting member got, re-signed for the adviser (same case, action and expiry).
    const real = newestLink(desk, ANA.email, 'vote', kase.caseId);
    const token = forgeToken(desk, { ...real.claims, sub: memberId(desk, BO.email) });
    const page = desk.ws.webGet(linkFor(desk, token));
    expect(formsOfVote(page.body)).toBe(false);
    const before = stateFingerprint(desk);
    const response = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'vote', choice: 'approve', confirm: 'yes' });
    desk.check();
    expect(outcomeOf(response)).toBe('refused');
    expect(JSON.parse(registryRows(desk, 'Votes')[0].Ballots)).toEqual({});
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('a member who declares a conflict after the vote opened cannot vote', () => {
    const { desk, kase } = votingDesk();
    clear(desk, kase, ANA, CY, DEE);
    caseAction(desk, ANA, kase, 'open-vote');
    const link = newestLink(desk, DEE.email, 'vote', kase.caseId);
    answerConflict(desk, kase, DEE);
    const page = desk.ws.webGet(link.url);
    expect(formsOfVote(page.body)).toBe(false);
    expect(pageText(page)).toMatch(/not open to you/);
  });
});

function formsOfVote(html: string): boolean {
  return /name="op" value="vote"/.test(html);
}

describe('counting', () => {
  test('a failed vote: rejections make two-thirds unreachable; the case goes back to deliberation and a new vote can pass', () => {
    const { desk, kase } = votingDesk([ANA, BO, CY, DEE]);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'reject');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('open');
    vote(desk, CY, kase, 'reject');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('failed');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Revise plan and vote again');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(/Vote did not pass/);
    expect(mailsTo(desk, DEE.email, /^Vote result/)[0].body).toContain('did not pass');
    // The last voter's page now says the vote is closed; a POST changes nothing.
    const late = vote(desk, DEE, kase, 'approve');
    expect(outcomeOf(late)).toBe('refused');
    expect(pageText(late)).toMatch(/closed/);
    // Revise and vote again.
    writeTexts(desk, ANA, kase, { consequences: 'A verbal warning.' });
    caseAction(desk, CY, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const votes = registryRows(desk, 'Votes');
    expect(votes.map((v) => v.Outcome)).toEqual(['failed', 'passed']);
    expect(caseRow(desk, kase)['Actions needed']).toBe('Send recommendation to moderators');
  });

  test('a vote out of reach fails before everyone has voted (abstaining counts as not approving)', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE, EVE]);
    clear(desk, kase, ANA, CY, DEE, EVE);
    caseAction(desk, ANA, kase, 'open-vote');
    // Four eligible: three approvals needed. One reject and one abstain leave at most two.
    vote(desk, ANA, kase, 'reject');
    vote(desk, CY, kase, 'abstain');
    const [row] = registryRows(desk, 'Votes');
    expect(row.Outcome).toBe('failed');
    expect(JSON.parse(row.Ballots)).toEqual({ tally: { approve: 0, reject: 1, abstain: 1 } });
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(/not voted: 2; needed to pass: 3 of 4 eligible/);
  });

  test('a ballot can be changed until the vote closes, and the change is what counts', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE, EVE]);
    clear(desk, kase, ANA, CY, DEE, EVE);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    const changed = vote(desk, ANA, kase, 'reject');
    expect(pageText(changed)).toContain('You voted: reject');
    // One ballot, changed; `#` counts the ballots cast, changes included (the ballot mark's count, ADV-553).
    expect(JSON.parse(registryRows(desk, 'Votes')[0].Ballots)).toEqual({
      [memberId(desk, ANA.email)]: 'reject',
      '#': 2,
    });
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('open');
    vote(desk, DEE, kase, 'approve');
    const [row] = registryRows(desk, 'Votes');
    expect(row.Outcome).toBe('passed');
    expect(JSON.parse(row.Ballots)).toEqual({ tally: { approve: 3, reject: 0, abstain: 0 } });
    // Closed: EVE can no longer vote, ANA can no longer change.
    expect(outcomeOf(vote(desk, ANA, kase, 'reject'))).toBe('refused');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('passed');
  });

  /** Four cleared voters; Ana and Cy approve, then Cy declares a conflict (three approvals are needed). */
  function recusedAfterApproving() {
    const { desk, kase } = votingDesk([ANA, CY, DEE, EVE]);
    clear(desk, kase, ANA, CY, DEE, EVE);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    answerConflict(desk, kase, CY);
    return { desk, kase };
  }

  test('a member who declares a conflict during the vote recuses: their ballot stops counting, the threshold stays', () => {
    const { desk, kase } = recusedAfterApproving();
    vote(desk, DEE, kase, 'approve');
    // Three approvals cast, but CY's no longer counts: 2 of the 3 needed.
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('open');
    // ADV-176: the case page counts the ballots that count (it said "3 of 4 eligible members have voted").
    expect(pageText(casePage(desk, ANA, kase))).toContain('2 of 4 eligible members have voted');
    vote(desk, EVE, kase, 'approve');
    const [row] = registryRows(desk, 'Votes');
    expect(row.Outcome).toBe('passed');
    expect(JSON.parse(row.Ballots)).toEqual({ tally: { approve: 3, reject: 0, abstain: 0 } });
  });

  it('ADV-295 the vote page counts only the ballots that count once a voter has recused, as the case page does', () => {
    const { desk, kase } = recusedAfterApproving();
    // DEE opens the link of their `Vote open` email: CY's ballot no longer counts.
    const page = open(desk, newestLink(desk, DEE.email, 'vote', kase.caseId).url);
    // Before: "2 of 4 eligible members have voted" while the case page said 1 of 4.
    expect(pageText(page)).toContain('1 of 4 eligible members have voted');
    expect(pageText(casePage(desk, DEE, kase))).toContain('1 of 4 eligible members have voted');
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('2 of 4 eligible members have voted');
  });

  it('ADV-328 a vote cancelled when the case closes records the ballots that count, as the pages counted them', () => {
    const { desk, kase } = recusedAfterApproving();
    // The reporter withdraws; the committee account closes the case from the sheet while the vote is open.
    typeStatus(desk, OWNER, kase, 'Closed');
    const [row] = registryRows(desk, 'Votes');
    expect(row.Outcome).toBe('cancelled');
    // Before: `{"tally":{"approve":2,…}}` and the case page's `Approve 2`, where it had shown 1 of 4 voted.
    expect(JSON.parse(row.Ballots)).toEqual({ tally: { approve: 1, reject: 0, abstain: 0 } });
    expect(pageText(casePage(desk, ANA, kase))).toContain('Approve 1, reject 0, abstain 0');
  });

  it('ADV-329 a vote past its closing time that no sweep has closed yet does not stop a new vote on revised text', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE]);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    // Two approvals of three are needed; only Ana's came. The vote closes after 7 days; the sweep's trigger is held up.
    desk.ws.rt.setClock(desk.ws.rt.now() + 7 * 24 * 3600000 + 5 * 60000);
    writeSection(desk, ANA, kase, 'Proposed consequences', 'A written warning, and a month away from the chat.');
    const page = casePage(desk, ANA, kase);
    // Before: no "Open the vote" (the vote was still `open` in the registry), and a POST said `A vote is already open.`
    expect(offers(page, 'open-vote')).toBe(true);
    expect(pageText(page)).toMatch(/Vote: closed/);
    expect(pageText(page)).not.toMatch(/Cast or change my vote/);
    expect(outcomeOf(press(desk, page, 'open-vote', { tick: true }))).toBe('done');
    const votes = registryRows(desk, 'Votes');
    expect(votes.map((v) => v.Outcome)).toEqual(['failed', 'open']);
    // Closed as the sweep would have closed it: at its time, and the members told its result before the new vote.
    expect(votes[0]['Closed At']).toBe(votes[0]['Closes At']);
    expect(mailsTo(desk, DEE.email, /^Vote result/)[0].body).toContain('did not pass');
    expect(JSON.parse(votes[1].Texts).consequences).toBe('A written warning, and a month away from the chat.');
  });

  it('ADV-329 with `Closing decision` = Second member, a closing confirmed after the vote’s time (no sweep yet) records the vote as it closed, not as cancelled', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE], { 'Closing decision': 'Second member' });
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    // Cy presses `Confirm and close` a minute before the vote's time, and confirms from his mailbox after it.
    const closes = Date.parse(registryRows(desk, 'Votes')[0]['Closes At']);
    desk.ws.rt.setClock(closes - 60000);
    const asked = desk.browser.press(casePage(desk, CY, kase), 'close-no-violation', { tick: true });
    desk.ws.rt.setClock(closes + 5 * 60000);
    const confirmed = desk.browser.completeConfirmation(asked.visit, CY.email, 'close-no-violation', { tick: true });
    desk.check();
    expect(outcomeOf(confirmed!.visit)).toBe('done');
    // Before: `cancelled` ("two members decided …"), and nobody was told the vote had not passed at its time.
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['failed']);
    expect(mailsTo(desk, DEE.email, /^Vote result/)[0].body).toContain('did not pass');
    expect(caseRow(desk, kase).Status).toBe('Closed');
  });

  it('ADV-300 a voter recuses and the vote can no longer pass: it closes as not passed within the hour, not a week later', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE]);
    clear(desk, kase, ANA, CY, DEE);
    caseAction(desk, ANA, kase, 'open-vote');
    // Three eligible: two approvals needed. Ana rejects; Cy approved, then finds a conflict: Dee alone cannot pass it.
    vote(desk, CY, kase, 'approve');
    vote(desk, ANA, kase, 'reject');
    answerConflict(desk, kase, CY);
    sweepHours(desk, 1);
    // Before: still open until its closing time, a week on, with Dee reminded to vote the day before.
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('failed');
    expect(mailsTo(desk, DEE.email, /^Vote result/)[0].body).toContain('did not pass');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Revise plan and vote again');
  });

  it('ADV-224 a member double-clicks "Record my vote" with the ballot that decides the vote: the second answer does not say it was not recorded', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE]);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    const page = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    const first = press(desk, page, 'vote', { fields: { choice: 'approve' } });
    expect(pageText(first)).toMatch(/With your vote the vote passed/);
    // The same form again (a double click): the browser shows this answer.
    const second = press(desk, page, 'vote', { fields: { choice: 'approve' } });
    // Before: `Your vote was not recorded. This vote is closed.` under `The vote is closed: it passed`.
    // A closed vote keeps no ballots (unless Settings say so): the page cannot tell the second click from a late vote.
    expect(pageText(second)).not.toMatch(/not recorded/);
    expect(pageText(second)).toMatch(/This vote is closed\. If you voted before it closed, that vote counted/);
    expect(mailsTo(desk, DEE.email, /passed/i)).toHaveLength(1);
  });

  test('a ballot without the ticked box (a mail scanner) records nothing', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE]);
    clear(desk, kase, ANA, CY, DEE);
    caseAction(desk, ANA, kase, 'open-vote');
    const page = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    const before = stateFingerprint(desk);
    const response = press(desk, page, 'vote', { tick: false, fields: { choice: 'approve' } });
    desk.check();
    expect(outcomeOf(response)).toBe('refused');
    expect(stateFingerprint(desk)).toBe(before);
  });

  it('ADV-140 with "Record individual votes" = Yes, a member who voted and then declared a conflict is not listed among the approvals that decided', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE, EVE], { 'Record individual votes': 'Yes' });
    clear(desk, kase, ANA, CY, DEE, EVE);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    answerConflict(desk, kase, CY);
    vote(desk, DEE, kase, 'approve');
    vote(desk, EVE, kase, 'approve');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('passed');
    const text = docSection(desk, kase, 'Committee discussions');
    expect(text).toMatch(/Approve: 3;/);
    // Before, "Cy Park: approve" beside "Approve: 3": four approvals named, one of them a recused member's.
    expect(text).toMatch(/Individual votes .*Ana Lima: approve; Cy Park: approve \(not counted\); Dee Ford: approve/);
  });

  test('with "Record individual votes" = Yes the Doc says who voted how', () => {
    const { desk, kase } = votingDesk([ANA, CY, DEE], { 'Record individual votes': 'Yes' });
    clear(desk, kase, ANA, CY, DEE);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'abstain');
    vote(desk, DEE, kase, 'approve');
    const text = docSection(desk, kase, 'Committee discussions');
    expect(text).toMatch(/Individual votes .*Ana Lima: approve; Cy Park: abstain; Dee Ford: approve/);
    expect(JSON.parse(registryRows(desk, 'Votes')[0].Ballots)[memberId(desk, CY.email)]).toBe('abstain');
  });
});
