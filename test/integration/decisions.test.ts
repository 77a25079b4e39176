// Decisions the committee actually made (issue 14), through the built bundle with the invariants after every step: the voted text is the sent text, nobody decides alone, closing is a decision, votes have a deadline, and further responses open a new round.
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  ESCALATION,
  HOUR,
  LETTER,
  MODS,
  OWNER,
  advance,
  caseAction,
  casePage,
  caseRow,
  clear,
  answerConflict,
  docSection,
  jumpAndSweep,
  mailsTo,
  moderatorAnswer,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  press,
  registryCase,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  typeStatus,
  vote,
  writeSection,
  writeTexts,
} from './desk';

const SAM = 'sam.doe@example.com';
const REVISED = 'A final warning, and removal from the community chat for one month.';

/** A case whose members ANA, CY and DEE are all cleared, with the Doc written (window and quorum met). */
function clearedCase(settings: Record<string, string | number> = {}) {
  const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE], settings });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, BO, CY, DEE);
  writeTexts(desk, ANA, kase);
  return { desk, kase };
}

function passVote(desk: ReturnType<typeof clearedCase>['desk'], kase: ReturnType<typeof clearedCase>['kase']): void {
  expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
  vote(desk, ANA, kase, 'approve');
  vote(desk, CY, kase, 'approve');
  expect(registryRows(desk, 'Votes').at(-1)?.Outcome).toBe('passed');
}

describe('the voted text is the sent text', () => {
  test('a consequence changed after the vote is not sent: the page shows the difference, the moderators and the reported person get the voted text', () => {
    const { desk, kase } = clearedCase();
    passVote(desk, kase);
    writeSection(desk, DEE, kase, 'Proposed consequences', 'Permanent removal from the community.');
    const page = casePage(desk, ANA, kase);
    expect(pageText(page)).toMatch(/The case document changed after the vote passed \("Proposed consequences"\)/);
    // A new vote on the changed text is offered, next to sending the voted one.
    expect(offers(page, 'open-vote')).toBe(true);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-recommendation'))).toBe('done');
    for (const mail of desk.ws.mailTo(MODS[0])) {
      expect(mail.body).toContain('A written warning.');
      expect(mail.body).not.toContain('Permanent removal');
    }
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    sendLetter(desk, ANA, kase, SAM);
    const [letter] = desk.ws.mailTo(SAM);
    expect(letter.body).toContain('A written warning.');
    expect(letter.body).not.toContain('Permanent removal');
    // The Doc records the frozen text with the vote.
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      /This is the text the vote decides: once it passes, exactly this is sent/,
    );
  });

  test('a new vote on the changed text sends the new text, once more to the moderators', () => {
    const { desk, kase } = clearedCase();
    passVote(desk, kase);
    caseAction(desk, ANA, kase, 'send-recommendation');
    writeSection(desk, ANA, kase, 'Proposed consequences', REVISED);
    passVote(desk, kase);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-recommendation'))).toBe('done');
    const latest = desk.ws.mailTo(MODS[0]).sort((a, b) => b.seq - a.seq)[0];
    expect(latest.body).toContain(REVISED);
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
  });

  test('the letter draft is voted only when the member says so; then later edits to it are not sent', () => {
    const { desk, kase } = clearedCase();
    caseAction(desk, ANA, kase, 'open-vote', { withLetter: 'yes' });
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(JSON.parse(registryRows(desk, 'Votes')[0].Texts).letter).toBe(LETTER);
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    writeSection(desk, ANA, kase, 'Letter to the reported person', 'Something else.\nImpact: none.');
    sendLetter(desk, ANA, kase, SAM);
    expect(desk.ws.mailTo(SAM)[0].body).toContain('kept going after being asked to stop');
    expect(desk.ws.mailTo(SAM)[0].body).not.toContain('Something else.');
  });
});

describe('nobody decides alone', () => {
  test('by default a vote waits 72 hours for silent voting members, and they are not left out when they answer', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Screening window (hours)': 72 } });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    writeTexts(desk, ANA, kase);
    const early = casePage(desk, ANA, kase);
    expect(offers(early, 'open-vote')).toBe(false);
    expect(pageText(early)).toMatch(/1 voting member\(s\) have not answered screening yet/);
    advance(desk, 72 * HOUR + 5 * 60 * 1000);
    expect(offers(casePage(desk, ANA, kase), 'open-vote')).toBe(true);
    caseAction(desk, ANA, kase, 'open-vote');
    expect(JSON.parse(registryRows(desk, 'Votes')[0].Eligible)).toHaveLength(2);
  });

  test('a report that someone is in immediate danger does not wait for silent members; the quorum still holds', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Screening window (hours)': 72 } });
    const kase = reportCase(desk, { danger: true });
    clear(desk, kase, ANA, CY);
    writeTexts(desk, ANA, kase);
    expect(offers(casePage(desk, ANA, kase), 'open-vote')).toBe(true);
    caseAction(desk, ANA, kase, 'open-vote');
    expect(JSON.parse(registryRows(desk, 'Votes')[0].Eligible)).toHaveLength(2);
  });

  test('with one member left without a conflict no vote opens, and closing cannot be decided by them alone either', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    answerConflict(desk, kase, CY);
    writeTexts(desk, ANA, kase);
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'open-vote')).toBe(false);
    expect(offers(page, 'close-no-violation')).toBe(false);
    expect(offers(page, 'bad-faith')).toBe(false);
    expect(pageText(page)).toMatch(/nobody decides alone/);
    expect(registryRows(desk, 'Votes')).toEqual([]);
    expect(caseRow(desk, kase).Status).not.toBe('Closed');
  });

  test('with Closing decision "Second member", one member proposes and a second confirms; the proposer cannot confirm alone', () => {
    const { desk, kase } = clearedCase({ 'Closing decision': 'Second member' });
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    expect(caseRow(desk, kase).Status).not.toBe('Closed');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(/Ana Lima proposed to close the case/);
    // The proposer's page offers no confirmation of their own proposal.
    expect(offers(casePage(desk, ANA, kase), 'close-no-violation')).toBe(false);
    const other = casePage(desk, CY, kase);
    expect(pageText(other)).toMatch(/Confirm: close as not a Code of Conduct violation \(proposed by Ana Lima\)/);
    expect(outcomeOf(caseAction(desk, CY, kase, 'close-no-violation'))).toBe('done');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      /Decided: not a Code of Conduct violation \(proposed by Ana Lima and confirmed by Cy Park\)/,
    );
  });
});

describe('votes have a deadline', () => {
  test('members who have not voted are reminded once the day before; at the deadline the vote closes with the ballots cast', () => {
    const { desk, kase } = clearedCase();
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    expect(pageText(casePage(desk, ANA, kase))).toMatch(/Vote closes/);
    advance(desk, 6 * DAY + 2 * HOUR);
    const reminded = (email: string) => mailsTo(desk, email, /A vote closes within a day/);
    expect(reminded(CY.email)).toHaveLength(1);
    expect(reminded(DEE.email)).toHaveLength(1);
    expect(reminded(ANA.email)).toHaveLength(0);
    advance(desk, DAY);
    expect(reminded(CY.email)).toHaveLength(1);
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('failed');
    expect(registryCase(desk, kase).Phase).toBe('vote-failed');
  });
});

/** A cleared case taken through its vote, recommendation, letter and follow-up to `Resolved`. */
function resolvedCase(): ReturnType<typeof clearedCase> {
  const { desk, kase } = clearedCase();
  passVote(desk, kase);
  caseAction(desk, ANA, kase, 'send-recommendation');
  moderatorAnswer(desk, MODS[0], kase, 'accept');
  sendLetter(desk, ANA, kase, SAM);
  caseAction(desk, ANA, kase, 'send-follow-up');
  expect(caseRow(desk, kase).Status).toBe('Resolved');
  return { desk, kase };
}

describe('further responses', () => {
  test('after the letter a new round revises the response: a new vote, a revised recommendation and letter, each once, and a revised follow-up', () => {
    const { desk, kase } = resolvedCase();

    writeSection(
      desk,
      CY,
      kase,
      'Discussions with the reported person',
      'They replied that the remarks were a quotation from a film.',
    );
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(/Round 2 opened by Cy Park/);
    // The round's steps start again: no letter before a new vote passes.
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
    writeSection(desk, ANA, kase, 'Proposed consequences', REVISED);
    passVote(desk, kase);
    expect(registryRows(desk, 'Votes').map((v) => v.Round)).toEqual(['1', '2']);
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    sendLetter(desk, ANA, kase, SAM);
    const letters = desk.ws.mailTo(SAM).sort((a, b) => a.seq - b.seq);
    expect(letters).toHaveLength(2);
    expect(letters[1].body).toContain(REVISED);
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'After more context, the consequences were revised.');
    caseAction(desk, ANA, kase, 'send-follow-up');
    expect(mailsTo(desk, 'rita.quell@example.net', /update on your report/)).toHaveLength(2);
    expect(caseRow(desk, kase).Status).toBe('Resolved');
  });
});

describe('a new round before its vote', () => {
  it('ADV-296 a new round: until its own vote passes, the page offers no recommendation on the last round\u2019s decision', () => {
    const { desk, kase } = resolvedCase();
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    const page = casePage(desk, ANA, kase);
    // Before: "Send the recommendation" was offered with "The vote that passed had no plan and no consequences to send".
    expect(offers(page, 'send-recommendation')).toBe(false);
    expect(pageText(page)).not.toMatch(/The vote that passed had no plan/);
    // The round's vote does not pass: still nothing of round 1's decision is offered again.
    writeSection(desk, ANA, kase, 'Proposed consequences', REVISED);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, ANA, kase, 'reject');
    vote(desk, CY, kase, 'reject');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Revise plan and vote again');
    expect(offers(casePage(desk, ANA, kase), 'send-recommendation')).toBe(false);
  });

  it('ADV-296 with no moderators to ask, no override is offered before the round\u2019s vote passes (it failed with "Something went wrong")', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    // The report names no space: there are no moderators to ask.
    const kase = reportCase(desk, { where: '' });
    clear(desk, kase, ANA, BO, CY, DEE);
    writeTexts(desk, ANA, kase);
    passVote(desk, kase);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'record-override'))).toBe('done');
    expect(outcomeOf(caseAction(desk, CY, kase, 'record-override'))).toBe('done');
    sendLetter(desk, ANA, kase, SAM);
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    // Before: offered, and pressing it ended in "Something went wrong" (the case cannot move from deliberating).
    expect(offers(casePage(desk, ANA, kase), 'record-override')).toBe(false);
    const { token } = newestLink(desk, ANA.email, 'case', kase.caseId);
    const pressed = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'record-override', confirm: 'yes' });
    desk.check();
    expect(outcomeOf(pressed)).toBe('refused');
    expect(pageText(pressed)).toMatch(/An override needs a passed vote first/);
    expect(caseRow(desk, kase)['Actions needed']).toBe('Discuss and write plan in the case document');
  });
});

describe('what stands after a voted response', () => {
  it('ADV-327 with `Closing decision` = Second member, two members cannot close a case whose response the committee voted: closing it goes to a vote', () => {
    const { desk, kase } = clearedCase({ 'Closing decision': 'Second member' });
    passVote(desk, kase);
    // Before: `Propose: close as …`, and Cy's `Confirm and close` closed the case on two members' word.
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Put to the vote: close as not a Code of Conduct violation/);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    expect(offers(casePage(desk, CY, kase), 'close-no-violation')).toBe(false);
    expect(registryRows(desk, 'Votes').map((v) => [v.Subject, v.Outcome])).toEqual([
      ['response', 'passed'],
      ['no-violation', 'open'],
    ]);
    vote(desk, CY, kase, 'reject');
    vote(desk, DEE, kase, 'reject');
    // It did not pass: the voted response stands, and the recommendation is still the next step.
    expect(registryCase(desk, kase).Phase).toBe('vote-passed');
    expect(offers(casePage(desk, ANA, kase), 'send-recommendation')).toBe(true);
  });

  it('ADV-331 while a vote on closing the case as not a violation runs, the escalation contact is not sent the response it may drop', () => {
    const { desk, kase } = clearedCase();
    passVote(desk, kase);
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[1], kase, 'disagree', 'A warning is too harsh for a quotation.');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    expect(registryRows(desk, 'Votes').at(-1)?.Subject).toBe('no-violation');
    // Before: `Notify the escalation contact` was offered, and sent the plan and consequences to the board.
    expect(offers(casePage(desk, CY, kase), 'escalate')).toBe(false);
    expect(desk.ws.mailTo(ESCALATION)).toHaveLength(0);
    vote(desk, CY, kase, 'reject');
    vote(desk, DEE, kase, 'reject');
    // The closing did not pass: the response and the moderators' disagreement stand, and the contact may be told.
    expect(offers(casePage(desk, CY, kase), 'escalate')).toBe(true);
  });

  it('ADV-332 a vote on revised consequences after the moderators accepted does not pass: the result email says the voted response stands', () => {
    const { desk, kase } = clearedCase();
    passVote(desk, kase);
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    writeSection(desk, ANA, kase, 'Proposed consequences', REVISED);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, CY, kase, 'reject');
    vote(desk, DEE, kase, 'reject');
    const [result] = mailsTo(desk, DEE.email, /^Vote result: .* did not pass/);
    // Before: `Please discuss the plan in the case document and open a new vote when it is ready.`, while the letter
    // on the accepted recommendation was the next step.
    expect(result.body).not.toMatch(/open a new vote/);
    expect(result.body).toContain(
      'The case goes on where it was before this vote: the plan and consequences voted before stand.',
    );
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(true);
  });

  it('ADV-330 in a new round, before its vote, the case page and the vote page give the last round’s vote as that round’s', () => {
    const { desk, kase } = resolvedCase();
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    // Before: `Vote: passed`, as if the revision the round is for had passed.
    expect(pageText(casePage(desk, ANA, kase))).toMatch(/Vote: passed in round 1/);
    const page = open(desk, newestLink(desk, ANA.email, 'vote', kase.caseId).url);
    expect(pageText(page)).toMatch(/The vote of round 1 is closed: it passed/);
  });
});

describe('a new round on a resolved case whose Doc Drive deleted for good', () => {
  test('the round opens, the Audit tab says the Doc did not take its record, and the next hour the case has a new Doc', () => {
    const { desk, kase } = resolvedCase();
    advance(desk, HOUR); // the access audit's first run: from now on Drive's changes feed tells it what changed
    desk.ws.data.deleteForever(kase.docId);
    advance(desk, 2 * HOUR); // Drive's changes feed lists it removed: reported only while the case is closed
    // The case page still opens, without the actions that read the Doc, and says why.
    const page = casePage(desk, CY, kase);
    expect(pageText(page)).toMatch(/The case document cannot be opened now/);
    expect(offers(page, 'new-round')).toBe(true);
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(registryRows(desk, 'Audit').map((a) => a.Event)).toContain('doc.log-failed');
    advance(desk, HOUR);
    const docId = registryCase(desk, kase)['Doc ID'];
    expect(docId).not.toBe(kase.docId);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'audit.doc-replaced')).toHaveLength(1);
    expect(desk.ws.data.doc(docId).text).toContain('could not be found in Google Drive');
  });
});

describe('a case closed from the sheet and opened again', () => {
  it('ADV-259 a closing a member proposed before the case was closed (and archived) is not a second member\u2019s to confirm once it is open again', () => {
    const { desk, kase } = clearedCase({ 'Closing decision': 'Second member' });
    const told = (email: string) => mailsTo(desk, email, /A closing waits for a second member/).length;
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    expect(told(CY.email)).toBe(1);
    // The reporter withdrew; the committee account closes the case, and it is archived 90 days later.
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(registryRows(desk, 'Archived Cases').map((c) => c['Code Name'])).toEqual([kase.codeName]);
    // New evidence: the committee account opens the case again.
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(caseRow(desk, kase).Status).not.toBe('Closed');
    // Ana's proposal was about the case as it stood then: one press of Cy's would close it on it. (Their case page
    // links ran out while it was closed: each asks for fresh ones, as the refusing page offers.)
    const freshPage = (member: typeof ANA) => {
      press(desk, casePage(desk, member, kase), 'fresh-links');
      return casePage(desk, member, kase);
    };
    const page = pageText(freshPage(CY));
    expect(page).not.toMatch(/proposed by Ana Lima/);
    expect(page).toMatch(/Propose: close as not a Code of Conduct violation/);
    // Proposed again, it is news again to the other cleared members (its alert is not the first life's).
    expect(outcomeOf(press(desk, freshPage(ANA), 'close-no-violation', { tick: true }))).toBe('done');
    expect(told(CY.email)).toBe(2);
    expect(outcomeOf(caseAction(desk, CY, kase, 'close-no-violation'))).toBe('done');
    expect(registryCase(desk, kase).Phase).toBe('closed');
  });
});
