// Integrity of decisions: what goes out is what the eligible members voted and what the moderators were asked about.
import {
  acceptPlan,
  ANA,
  BO,
  CY,
  DEE,
  DAY,
  MODS,
  caseAction,
  casePage,
  caseRow,
  clear,
  docSection,
  mailsTo,
  moderatorAnswer,
  newestLink,
  offers,
  open,
  outcomeOf,
  press,
  pageText,
  registryCase,
  registryRows,
  passedCase,
  recommendCase,
  reportCase,
  sendLetter,
  startResolutionDesk,
  vote,
  writeSection,
  writeTexts,
  typeStatus,
  caseWithOpenVote,
  OWNER,
} from './desk';

const SAM = 'sam.doe@example.com';
const HARSHER = 'Permanent removal from every community space.';

describe('the letter after a new vote on changed text', () => {
  test('a late acceptance of the old recommendation, after a new vote on harsher consequences passed, does not open the letter: the moderators are asked about the new text', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    // The consequences are rewritten and voted again before the moderators answer.
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
    // A moderator answers the recommendation they got (the old text): it no longer stands, and its link takes no answer.
    const { token } = newestLink(desk, MODS[1], 'moderator', kase.caseId);
    expect(outcomeOf(desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'accept', confirm: 'yes' }))).toBe('refused');
    desk.check();
    for (const m of MODS) for (const mail of desk.ws.mailTo(m)) expect(mail.body).not.toContain(HARSHER);
    const page = casePage(desk, ANA, kase);
    if (offers(page, 'send-letter')) sendLetter(desk, ANA, kase, SAM);
    // The reported person must not get consequences the moderators were never asked about.
    expect(desk.ws.mailTo(SAM).filter((m) => m.body.includes(HARSHER))).toEqual([]);
    expect(offers(page, 'send-letter')).toBe(false);
  });

  test('after the moderators accepted the old text and a new vote passed, "Send the letter" is not offered until the new recommendation is answered', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    // The gate counts the old vote's acceptance for the new vote.
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
  });

  test('an override recorded for the old vote does not carry over to a new vote on other text', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Too lenient for what happened.');
    caseAction(desk, ANA, kase, 'record-override');
    caseAction(desk, CY, kase, 'record-override');
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
  });

  test('the escalation contact is told about the text the moderators disagreed with, not a newer vote they never saw', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Too lenient for what happened.');
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const page = casePage(desk, ANA, kase);
    if (offers(page, 'escalate')) caseAction(desk, ANA, kase, 'escalate');
    if (offers(casePage(desk, CY, kase), 'escalate')) caseAction(desk, CY, kase, 'escalate');
    // The board would read "the moderators disagree with this recommendation" next to text the moderators never got.
    expect(desk.ws.mailTo('board@example.org').filter((m) => m.body.includes(HARSHER))).toEqual([]);
  });
});

describe('a moderator answers while the committee votes again', () => {
  test('an answer to the old recommendation during a new vote must not stop the new vote from closing', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    expect(registryCase(desk, kase).Phase).toBe('voting');
    // The moderator answers the email they have, while the new vote runs.
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    vote(desk, ANA, kase, 'approve');
    const decisive = vote(desk, CY, kase, 'approve');
    expect(outcomeOf(decisive)).toBe('done');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
  });
});

describe('a moderator answers while the committee votes again (at the deadline)', () => {
  test('a unanimous approval passes although a moderator answered the old recommendation during the vote', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Too lenient.');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    for (let i = 0; i < 8; i++) desk.ws.advance(DAY);
    // All three eligible members approved: the vote passed, whatever the moderators said meanwhile.
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
  });
});

describe('a ballot from a page of an earlier vote', () => {
  test('a vote page left open from a failed vote records nothing on the next vote, on text the member never saw', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    // Dee opens her vote page: it shows the first vote's plan and consequences.
    const stale = open(desk, newestLink(desk, DEE.email, 'vote', kase.caseId).url);
    expect(pageText(stale)).not.toContain(HARSHER);
    vote(desk, ANA, kase, 'reject');
    vote(desk, CY, kase, 'reject');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('failed');
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    // Dee submits the page she still has open.
    press(desk, stale, 'vote', { fields: { choice: 'approve' } });
    expect(JSON.parse(registryRows(desk, 'Votes')[1].Ballots)).toEqual({});
    // With it, one more approval would pass text Dee never approved.
    vote(desk, ANA, kase, 'approve');
    expect(registryRows(desk, 'Votes')[1].Outcome).toBe('open');
  });
});

describe('a closing vote after the response vote passed', () => {
  test('no recommendation is sent while the committee votes on "not a violation", and the failing closing vote is recorded as failed', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk);
    // Dee doubts it is a violation at all and puts closing to the vote.
    expect(outcomeOf(caseAction(desk, DEE, kase, 'close-no-violation'))).toBe('done');
    expect(registryRows(desk, 'Votes')[1].Outcome).toBe('open');
    // Meanwhile Ana sends the recommendation on her own.
    const page = casePage(desk, ANA, kase);
    if (offers(page, 'send-recommendation')) caseAction(desk, ANA, kase, 'send-recommendation');
    // While the committee decides whether there was a violation at all, nothing goes to the moderators.
    const sentDuringClosingVote = desk.ws.mailTo(MODS[0]).length;
    vote(desk, ANA, kase, 'reject');
    expect(outcomeOf(vote(desk, CY, kase, 'reject'))).toBe('done');
    expect(registryRows(desk, 'Votes')[1].Outcome).toBe('failed');
    expect(sentDuringClosingVote).toBe(0);
  });
});

describe('what the members are told of a closing vote', () => {
  it('ADV-298 a vote to close as not a violation passes: the result email says the case is closed, not to send the recommendation', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    expect(outcomeOf(caseAction(desk, DEE, kase, 'close-no-violation'))).toBe('done');
    vote(desk, ANA, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    const [result] = mailsTo(desk, CY.email, /^Vote result/);
    // Before: "The next step is to send the recommendation to the moderators from the case page." for a closed case.
    expect(result.body).not.toMatch(/recommendation/);
    expect(result.body).toMatch(/on closing the case as not a Code of Conduct violation passed/);
    expect(result.body).toMatch(/The case is closed/);
  });

  it('ADV-298 a vote to close as not a violation does not pass: the result email does not ask for a new vote on the plan', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk);
    expect(outcomeOf(caseAction(desk, DEE, kase, 'close-no-violation'))).toBe('done');
    vote(desk, ANA, kase, 'reject');
    vote(desk, CY, kase, 'reject');
    expect(registryCase(desk, kase).Phase).toBe('vote-passed');
    const results = mailsTo(desk, CY.email, /^Vote result/);
    // Before: "Please discuss the plan in the case document and open a new vote", while the voted response stands.
    expect(results.at(-1)?.body).not.toMatch(/open a new vote/);
    expect(results.at(-1)?.body).toMatch(/The case goes on where it was/);
  });
});

describe('closing by a second member', () => {
  test('a proposal lapses when its proposer declares a conflict: one member cannot close the case alone', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Closing decision': 'Second member' } });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    // Ana realises she has a conflict (she knows the reporter) and recuses herself.
    caseAction(desk, ANA, kase, 'conflict');
    // Cy alone "confirms" the proposal of a conflicted member.
    const page = casePage(desk, CY, kase);
    if (offers(page, 'close-no-violation')) caseAction(desk, CY, kase, 'close-no-violation');
    expect(caseRow(desk, kase).Status).not.toBe('Closed');
    expect(docSection(desk, kase, 'Committee discussions')).not.toMatch(/Decided: not a Code of Conduct violation/);
  });
});

describe('closing by a second member (advisers)', () => {
  test('an adviser, who does not vote, can neither propose nor confirm a closing', () => {
    const desk = startResolutionDesk({
      members: [ANA, BO, CY, DEE],
      settings: { 'Closing decision': 'Second member' },
    });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY, DEE);
    const page = casePage(desk, BO, kase);
    if (offers(page, 'bad-faith')) caseAction(desk, BO, kase, 'bad-faith');
    const cy = casePage(desk, CY, kase);
    if (offers(cy, 'bad-faith')) caseAction(desk, CY, kase, 'bad-faith');
    // "Not made in good faith" means the reporter never hears back: it must not rest on a non-voting adviser.
    expect(registryCase(desk, kase)['Bad Faith']).not.toMatch(/true|yes/i);
    expect(offers(page, 'bad-faith')).toBe(false);
  });
});

describe('closing from the sheet before the response went out (two people)', () => {
  test('the confirmation of a member who then declares a conflict no longer counts: a second member cannot close alone', () => {
    // Ana conflicted; Cy and Dee cleared; a vote open. With Closing decision = Vote it is put back (ADV-382).
    const { desk, kase } = caseWithOpenVote({ 'Closing decision': 'Second member' });
    typeStatus(desk, DEE.email, kase, 'Resolved'); // Google names nobody: a proposal
    caseAction(desk, DEE, kase, 'confirm-status'); // Dee's one confirmation
    caseAction(desk, DEE, kase, 'conflict'); // Dee recuses herself
    caseAction(desk, CY, kase, 'confirm-status');
    // Cy alone (with a recused member) must not close the case. (Dee's recusal left the vote's two approvals out of
    // reach, so it closed as not passed then, ADV-377: not cancelled by a closing.)
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['failed']);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
  });
});

describe('a case closed during a vote and reopened', () => {
  test('the vote was cancelled; once reopened the committee can vote again', () => {
    const { desk, kase } = caseWithOpenVote();
    const ballot = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    typeStatus(desk, OWNER, kase, 'Resolved');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['cancelled']);
    // A ballot from a tab opened before: a cancelled vote counted nothing, so it is not told a vote counted (ADV-224).
    const late = press(desk, ballot, 'vote', { fields: { choice: 'approve' } });
    expect(pageText(late)).toMatch(/Your vote was not recorded/);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    // The case must not sit in "voting" with no vote open: a new vote can be opened.
    expect(offers(casePage(desk, CY, kase), 'open-vote')).toBe(true);
  });
});

describe('the letter draft put to the vote', () => {
  test('the vote page shows everything the ballot decides: the frozen letter too', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote', { withLetter: 'yes' });
    // Someone reworks the letter in the Doc while the vote runs; the frozen draft is what will be sent.
    writeSection(desk, ANA, kase, 'Letter to the reported person', 'A softer description.\nImpact: little.');
    const page = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    // Cy reads the vote page to decide: it must show the letter the vote freezes, since that is what goes out.
    expect(pageText(page)).toContain('kept going after being asked to stop');
  });
});

describe('the text a vote is opened on', () => {
  it('ADV-139 a member presses "Open the vote" on a page showing the agreed consequences after another member rewrote them: nothing unseen is frozen', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    // Ana reads the plan and consequences the committee agreed on, with the box "on the text shown above".
    const page = casePage(desk, ANA, kase);
    expect(pageText(page)).not.toContain(HARSHER);
    // Meanwhile Cy rewrites the consequences in the Doc.
    writeSection(desk, CY, kase, 'Proposed consequences', HARSHER);
    const pressed = press(desk, page, 'open-vote');
    // Before, the vote froze Cy's text, which Ana never saw, as what the vote decides and the moderators get.
    for (const v of registryRows(desk, 'Votes')) expect(v.Texts).not.toContain(HARSHER);
    expect(outcomeOf(pressed)).toBe('refused');
    expect(pageText(pressed)).toMatch(/changed since/);
    // Pressed again on the page that now shows it, the vote opens on that text.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    expect(registryRows(desk, 'Votes')[0].Texts).toContain(HARSHER);
  });
});

describe('a vote on changed text that does not pass', () => {
  it('ADV-143 the case goes back to where the standing decision had it: the sheet, the moderators\u2019 reminder, and a further revision can be voted', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const waiting = caseRow(desk, kase)['Actions needed'];
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, CY, kase, 'reject');
    vote(desk, DEE, kase, 'reject');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'failed']);
    // Before, the case fell to "vote failed": the sheet said "Revise plan and vote again" while the decision stood
    // and the moderators had it, and their reminder never came.
    expect(caseRow(desk, kase)['Actions needed']).toBe(waiting);
    for (let i = 0; i < 8; i++) desk.ws.advance(DAY);
    desk.check();
    expect(desk.ws.mailTo(MODS[0]).filter((m) => /^Reminder/.test(m.subject))).toHaveLength(1);
    // The committee meets again and agrees on a middle way: a new vote on it opens.
    writeSection(desk, ANA, kase, 'Proposed consequences', 'A final warning.');
    const page = casePage(desk, CY, kase);
    expect(offers(page, 'open-vote')).toBe(true);
    expect(outcomeOf(caseAction(desk, CY, kase, 'open-vote'))).toBe('done');
  });
});

describe('a moderator disagrees while a vote on changed text runs, and it does not pass', () => {
  it('ADV-144 the disagreement with the recommendation that still stands is acted on once the vote fails: the members are told, the sheet says so', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    // The moderator answers the email they have (the standing text) while the new vote runs: it moves nothing yet.
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Too lenient.');
    vote(desk, CY, kase, 'reject');
    vote(desk, DEE, kase, 'reject');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'failed']);
    // Before, nobody heard of it, and the sheet said "Revise plan and vote again" (or, once the case went back, "Waiting
    // for moderators" for good: no reminder goes once one has answered).
    expect(desk.ws.mailTo(CY.email).filter((m) => /moderators disagree/.test(m.subject))).toHaveLength(1);
    expect(registryCase(desk, kase).Phase).toBe('moderators-disagree');
  });
});

describe('text that displays as something else', () => {
  it('ADV-141 a member writes "52" with a right-to-left override into the consequences: the voters read the number the moderators get', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    // U+202E reverses "52" on screen: a browser (and Google Docs) shows "25 weeks"; mail strips the override.
    writeTexts(desk, ANA, kase, { consequences: 'Removal from the community chat for \u202E52\u202C weeks.' });
    caseAction(desk, ANA, kase, 'open-vote');
    const ballot = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    // Before, the vote page kept the override: Cy approved "25 weeks".
    expect(ballot.response.body).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(pageText(ballot)).toContain('for 52 weeks');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, CY, kase, 'send-recommendation');
    const sent = desk.ws.mailTo(MODS[0]).find((m) => /recommendation/i.test(m.subject));
    expect(sent?.body).toContain('for 52 weeks');
  });
});

describe('a closing proposal from before the committee voted a response', () => {
  test('one member cannot overturn a passed vote by confirming a proposal made before it', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Closing decision': 'Second member' } });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    // Early on, Ana thought it was no violation.
    caseAction(desk, ANA, kase, 'close-no-violation');
    // After discussion the committee votes a response: Ana and Cy approve it.
    caseAction(desk, CY, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('passed');
    // Dee, outvoted, confirms Ana's old proposal.
    const page = casePage(desk, DEE, kase);
    if (offers(page, 'close-no-violation') && /Confirm: close/.test(pageText(page)))
      caseAction(desk, DEE, kase, 'close-no-violation');
    expect(caseRow(desk, kase).Resolution).not.toBe('No violation');
    expect(registryCase(desk, kase).Phase).toBe('vote-passed');
  });
});

describe('the letter address', () => {
  test('the reporter\u2019s address in another spelling of the same mailbox is refused like the address itself', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, { reporter: { name: 'Rita Quell', email: 'rita.quell@gmail.com' } });
    clear(desk, kase, ANA, CY, DEE);
    acceptPlan(desk, kase);
    // Gmail delivers RitaQuell+coc@googlemail.com to rita.quell@gmail.com: the reporter's own mailbox.
    const variant = 'RitaQuell+coc@googlemail.com';
    const page = casePage(desk, ANA, kase);
    press(desk, page, 'send-letter', { fields: { to: variant } });
    expect(desk.ws.mail().filter((m) => m.subject.includes('A message from the Code of Conduct committee'))).toEqual(
      [],
    );
  });
});

describe('a voter who stops being a voting member during the vote', () => {
  test('the ballot of a member made an adviser mid-vote no longer counts (advisers do not vote)', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk, [ANA]);
    // The owner makes Ana an adviser (she stepped down as a voting member).
    const row = desk.members.findIndex((m) => m.email === ANA.email) + 2;
    for (const r of desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 3, 'adviser'))
      expect(r.record.outcome).toBe('ok');
    desk.check();
    vote(desk, CY, kase, 'approve');
    // Two of three needed: only Cy's approval is a voting member's.
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('open');
  });
});

describe('a decided vote undone by one member', () => {
  test('after a passed and accepted decision, a new vote on edited text that nobody else joins fails and leaves the decision standing', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk, [CY, DEE]);
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    expect(offers(casePage(desk, CY, kase), 'send-letter')).toBe(true);
    // Ana, outvoted on nothing but wanting harsher consequences, rewrites them and opens a vote on her text.
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    for (let i = 0; i < 8; i++) desk.ws.advance(DAY);
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'failed']);
    // The two-thirds decision the moderators accepted still stands: its letter can go.
    expect(offers(casePage(desk, CY, kase), 'send-letter')).toBe(true);
  });
});
