// Adversarial cases around a space's moderators: a recommendation that no longer stands, a forwarded link, escalation and the per-answer limits.
import {
  ANA,
  answerConflict,
  passPlan,
  CONSEQUENCES,
  CY,
  DEE,
  EVE,
  ESCALATION,
  MODS,
  caseAction,
  clear,
  DAY,
  jumpAndSweep,
  linksIn,
  casePage,
  docSection,
  mailsTo,
  moderatorAnswer,
  newestLink,
  offers,
  open,
  outcomeOf,
  passedCase,
  PLAN,
  press,
  pageText,
  recommendCase,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  SPACE,
  startResolutionDesk,
  sweep,
  typeStatus,
  OWNER,
  vote,
  writeSection,
  writeTexts,
} from '../integration/desk';

const HARSHER = 'A temporary removal from the community chat for four weeks.';

/** What a moderator holding the first recommendation's link can do now, and what they were told. */
function oldLinkState(desk: ReturnType<typeof startResolutionDesk>, link: { url: string; token: string }) {
  const page = open(desk, link.url);
  const post = desk.ws.webPost(desk.ws.webAppUrl, { t: link.token, op: 'accept', confirm: 'yes' });
  desk.check();
  return { page, post };
}

describe('a recommendation the committee no longer stands by', () => {
  it('ADV-361 a new vote passes on harsher consequences, or the committee votes to close as no violation: the moderators are told it no longer stands, anonymously, and their old link takes no answer', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const old = MODS.map((m) => newestLink(desk, m, 'moderator', kase.caseId));
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
    // Before: nothing reached them, and the old link still recorded `accept` (and said the committee was told) for
    // the text nobody stands by any more.
    for (const m of MODS) {
      const notices = mailsTo(desk, m, /no longer stands/);
      expect(notices).toHaveLength(1);
      expect(notices[0].body).not.toMatch(/Rita|Quell|Wes|Tarn|accent|removal|warning/i);
      expect(notices[0].body).not.toContain(kase.codeName);
      expect(notices[0].body).toMatch(/CD-[0-9A-F]{8}/);
    }
    expect(pageText(casePage(desk, ANA, kase))).not.toMatch(/Moderators\u2019 answer/);
    const { page, post } = oldLinkState(desk, old[0]);
    expect(offers(page, 'accept')).toBe(false);
    expect(pageText(page)).toMatch(/no longer waits for your answer/);
    expect(outcomeOf(post)).toBe('refused');
    expect(registryRows(desk, 'Moderation').every((r) => r.Answer === '')).toBe(true);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).not.toMatch(/A moderator accepted/);
    // The new recommendation reaches them, and its link takes their answer.
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    expect(registryCase(desk, kase).Phase).toBe('moderators-accepted');
    // The committee now votes to close the case as no violation: the second recommendation is withdrawn the same way.
    const second = newestLink(desk, MODS[1], 'moderator', kase.caseId);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    vote(desk, CY, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    expect(registryCase(desk, kase).Phase).toBe('closed');
    for (const m of MODS) expect(mailsTo(desk, m, /no longer stands/)).toHaveLength(2);
    expect(outcomeOf(oldLinkState(desk, second).post)).toBe('refused');
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
  });
});

describe('replies by email to a recommendation that no longer stands', () => {
  it('ADV-379 a moderator answers the `no longer stands` notice by email (`We accept, please go ahead.`), another answers the withdrawn recommendation itself, after the new one went: both are filed as about the withdrawn recommendation, and the members are told so', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    const [notice] = mailsTo(desk, MODS[0], /no longer stands/);
    const [withdrawn] = mailsTo(desk, MODS[1], /^Code of Conduct recommendation for/);
    desk.ws.reply({ from: MODS[0], original: notice, text: 'We accept, please go ahead.' });
    desk.ws.reply({ from: MODS[1], original: withdrawn, text: 'Fine by us, we agree with it.' });
    sweep(desk);
    const section = docSection(desk, kase, 'Discussions with moderators and organizers');
    // Before: each was filed as `Reply by email from a moderator`, under the new recommendation's entry, where the
    // members read it as the moderators' acceptance of the text now asked about (and one may propose an override on it).
    const stale =
      /Reply by email from a moderator \(about the recommendation of 2026-03-02, which no longer stands\), received [^\n]*\n[^\n]*/g;
    const filed = (section.match(stale) ?? []).join('\n');
    expect(filed).toContain('We accept, please go ahead.');
    expect(filed).toContain('Fine by us, we agree with it.');
    const told = mailsTo(desk, ANA.email, /A reply was filed/);
    expect(told.length).toBeGreaterThan(0);
    expect(told[told.length - 1].body).toMatch(/no longer stands/);
    // A reply to the recommendation that stands is filed as before.
    const [current] = mailsTo(desk, MODS[0], /^Code of Conduct recommendation for/).slice(-1);
    desk.ws.reply({ from: MODS[0], original: current, text: 'Four weeks is right.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toMatch(
      /Reply by email from a moderator, received [^\n]*\n[^\n]*Four weeks is right/,
    );
  });
});

describe('the escalation and the limits on the moderators\u2019 words', () => {
  it('ADV-362 the moderators disagree in two rounds at length and the escalation contact is notified each time: the Doc keeps their words once, and the second escalation goes', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const first = `First round: ${'The warning is not enough for what we saw. '.repeat(400)}`;
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', first))).toBe('done');
    // A second voting member confirms the escalation (ADV-357): the confirming press sends it.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    expect(outcomeOf(caseAction(desk, CY, kase, 'escalate'))).toBe('done');
    // The committee votes harsher consequences; the moderators disagree again, at the same length.
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    const second = `Second round: ${'Four weeks is still too lenient, we think. '.repeat(400)}`;
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', second))).toBe('done');
    const count = (text: string, part: string) => text.split(part).length - 1;
    // Before: the Doc copied each escalation's whole email, this section included, under it: the moderator's words
    // stood twice in the Doc (counted twice against the section's bound), and the second escalation, carrying the
    // first one's copy too, was refused as too long for one email.
    expect(count(docSection(desk, kase, 'Discussions with moderators and organizers'), 'First round: ')).toBe(1);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    const escalated = caseAction(desk, CY, kase, 'escalate');
    expect(pageText(escalated)).not.toMatch(/too long/);
    expect(outcomeOf(escalated)).toBe('done');
    const toBoard = desk.ws.mailTo(ESCALATION);
    expect(toBoard).toHaveLength(2);
    expect(count(toBoard[1].body, 'First round: ')).toBe(1);
    expect(count(toBoard[1].body, 'Second round: ')).toBe(1);
    expect(count(docSection(desk, kase, 'Discussions with moderators and organizers'), 'Second round: ')).toBe(1);
  });
  it('ADV-378 three moderators disagree at length (17,000 characters each, within the 20,000 each may write): the escalation still goes, its start cut with a line saying so, and the Doc keeps every word', () => {
    const third = 'chat-mod@example.org';
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], moderators: [...MODS, third] });
    const kase = recommendCase(desk, CY);
    const words = [...MODS, third].map((m, i) =>
      `Moderator ${i + 1}: ${'We saw far worse than the plan allows for. '.repeat(400)}`.trim(),
    );
    [...MODS, third].forEach((m, i) =>
      expect(outcomeOf(moderatorAnswer(desk, m, kase, 'disagree', words[i]))).toBe('done'),
    );
    // Before: refused (`The escalation is too long for one email: shorten it in the case document`): the committee
    // could tell the contact only by deleting the moderators' words from the record the seed asks it to keep.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    const escalated = caseAction(desk, CY, kase, 'escalate');
    expect(pageText(escalated)).not.toMatch(/too long/);
    expect(outcomeOf(escalated)).toBe('done');
    const [toBoard] = desk.ws.mailTo(ESCALATION);
    expect(toBoard.body).toContain(words[2]);
    expect(toBoard.body).toMatch(/left out here: too long for one email/);
    expect(toBoard.body.length).toBeLessThan(50000);
    const section = docSection(desk, kase, 'Discussions with moderators and organizers');
    for (const w of words) expect(section).toContain(w);
    expect(section).toMatch(/its start left out/);
  });
});

describe('a recommendation held after an interrupted send', () => {
  /** A passed case whose recommendation to the first moderator MailApp sent, then answered with a server error. */
  function heldRecommendation() {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk);
    expect(outcomeOf(desk.browser.press(casePage(desk, CY, kase), 'send-recommendation').visit)).toBe('confirm');
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 1, after: true }];
    press(desk, open(desk, newestLink(desk, CY.email, 'confirm').url), 'send-recommendation');
    desk.ws.rt.faults = [];
    sweep(desk);
    const held = () => registryRows(desk, 'Outbox').filter((r) => r.Kind === 'recommendation' && r.State === 'held');
    expect(held()).toHaveLength(1);
    expect(held()[0].To).toBe(MODS[0]);
    expect(offers(casePage(desk, ANA, kase), 'held-resend')).toBe(true);
    return { desk, kase };
  }
  const recommendations = (desk: ReturnType<typeof startResolutionDesk>) =>
    mailsTo(desk, MODS[0], /^Code of Conduct recommendation for/).length;

  it('ADV-380 the committee then passes harsher consequences (the recommendation no longer stands), or the owner takes that moderator off the space: `Send it again` is neither offered nor done', () => {
    const { desk, kase } = heldRecommendation();
    writeSection(desk, ANA, kase, 'Proposed consequences', HARSHER);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(mailsTo(desk, MODS[0], /no longer stands/)).toHaveLength(1);
    // Before: the page still offered `Send the recommendation to a moderator again`, and pressing it sent the text
    // nobody stands by to the moderator just told not to act on it.
    const page = casePage(desk, ANA, kase);
    expect(offers(page, 'held-resend')).toBe(false);
    expect(offers(page, 'held-sent')).toBe(true);
    // The owner takes the moderator off the space; a page opened before posts its resend: refused, nothing goes.
    const before = heldRecommendation();
    const stale = casePage(before.desk, ANA, before.kase);
    setSetting(before.desk, `Space: ${SPACE}`, MODS[1]);
    expect(offers(casePage(before.desk, ANA, before.kase), 'held-resend')).toBe(false);
    const count = recommendations(before.desk);
    expect(outcomeOf(press(before.desk, stale, 'held-resend', { tick: true }))).toBe('refused');
    sweep(before.desk);
    expect(recommendations(before.desk)).toBe(count);
    expect(
      registryRows(before.desk, 'Outbox').find((r) => r.Kind === 'recommendation' && r.To === MODS[0])?.State,
    ).toBe('held');
  });

  it('ADV-511 `Send it again` is pressed after the link the held email carries ran out (60 days plus the days to answer): the email that goes carries one that works', () => {
    // MailApp answers with a server error without sending (a resend is then no second copy).
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk);
    expect(outcomeOf(desk.browser.press(casePage(desk, CY, kase), 'send-recommendation').visit)).toBe('confirm');
    const nth = (desk.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, message: 'We\u2019re sorry, a server error occurred.' }];
    press(desk, open(desk, newestLink(desk, CY.email, 'confirm').url), 'send-recommendation');
    desk.ws.rt.faults = [];
    expect(registryRows(desk, 'Outbox').filter((r) => r.Kind === 'recommendation' && r.State === 'held')).toHaveLength(
      1,
    );
    jumpAndSweep(desk, 80 * DAY);
    expect(outcomeOf(press(desk, casePage(desk, ANA, kase), 'held-resend', { tick: true }))).toBe('done');
    sweep(desk);
    const [resent] = mailsTo(desk, MODS[0], /^Code of Conduct recommendation for/).sort((a, b) => b.seq - a.seq);
    const links = linksIn(desk, resent).filter((l) => l.claims.act === 'moderator');
    expect(links).toHaveLength(1);
    // Before: the link made when it was first queued, which opened `This link has expired`.
    expect(links[0].claims.exp * 1000).toBeGreaterThan(desk.ws.rt.now() + 60 * DAY);
    expect(offers(open(desk, links[0].url), 'accept')).toBe(true);
    for (const text of [resent.body, resent.htmlBody]) expect(text).toContain(links[0].token);
  });
});

describe('a forwarded moderator link', () => {
  it('ADV-363 a moderator forwarded their link; the owner takes them off the space, then lists them again to give them a new one: the forwarded link stays dead and the moderator answers from the new one', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const forwarded = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    setSetting(desk, `Space: ${SPACE}`, MODS[1]);
    expect(outcomeOf(oldLinkState(desk, forwarded).post)).toBe('refused');
    setSetting(desk, `Space: ${SPACE}`, MODS.join(', '));
    // Before: listed again, the same link took answers again (whoever it was forwarded to could accept for the
    // space), and the page offered no way to send the moderator a new one (`already been sent`).
    const { page, post } = oldLinkState(desk, forwarded);
    expect(offers(page, 'accept')).toBe(false);
    expect(outcomeOf(post)).toBe('refused');
    expect(registryRows(desk, 'Moderation').every((r) => r.Answer === '')).toBe(true);
    expect(registryCase(desk, kase).Phase).toBe('awaiting-moderators');
    expect(offers(casePage(desk, ANA, kase), 'send-recommendation')).toBe(true);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-recommendation'))).toBe('done');
    expect(mailsTo(desk, MODS[0], /^Code of Conduct recommendation/)).toHaveLength(2);
    expect(mailsTo(desk, MODS[1], /^Code of Conduct recommendation/)).toHaveLength(1);
    const fresh = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    expect(fresh.claims.sub).not.toBe(forwarded.claims.sub);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    expect(registryCase(desk, kase).Phase).toBe('moderators-accepted');
    expect(outcomeOf(oldLinkState(desk, forwarded).post)).toBe('refused');
  });
});

describe('what a moderator link shows once its holder no longer counts', () => {
  it('ADV-381 a moderator\u2019s link leaked (pasted in a public chat); the owner takes them off the space: whoever opens it reads neither the plan nor whom it is about', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const leaked = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    expect(pageText(open(desk, leaked.url))).toContain(PLAN);
    setSetting(desk, `Space: ${SPACE}`, MODS[1]);
    const page = pageText(open(desk, leaked.url));
    expect(page).toMatch(/no longer waits for your answer/);
    // Before: the page still showed the whole recommendation (whose behaviour, what happened, the plan and the
    // consequences) to whoever held the link, for as long as it lived: taking the moderator off withdrew only the answer.
    for (const text of [PLAN, CONSEQUENCES, 'Sam Doe', 'accent']) expect(page).not.toContain(text);
    // The moderator still listed reads it as before.
    expect(pageText(open(desk, newestLink(desk, MODS[1], 'moderator', kase.caseId).url))).toContain(PLAN);
  });

  it('ADV-394 a moderator who answered is taken off the space: their page no longer shows their answer, only that none is awaited', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const link = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', 'The plan names the wrong channel.'))).toBe(
      'done',
    );
    expect(pageText(open(desk, link.url))).toMatch(/Your answer so far: disagreed/);
    setSetting(desk, `Space: ${SPACE}`, MODS[1]);
    const page = pageText(open(desk, link.url));
    expect(page).toMatch(/no longer waits for your answer/);
    // Before: `Your answer so far: disagreed (<day>).` under it, to whoever holds the link, though the answer is withdrawn.
    expect(page).not.toMatch(/Your answer so far/);
    expect(page).not.toMatch(/disagreed|wrong channel/);
  });
});

describe('a moderator the report names by a handle', () => {
  it('ADV-364 the report names the reported person and a witness by their handles (`@samdoe`, `@wtarn`), and the space\u2019s moderators include samdoe@ and wtarn@ addresses: the recommendation goes to the others only', () => {
    const named = ['samdoe@example.org', 'wtarn@example.org'];
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], moderators: [...named, 'sam@example.org', MODS[1]] });
    const kase = reportCase(desk, { reported: ['Sam Doe (@samdoe)'], witnesses: ['Wes Tarn (@wtarn)'] });
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    // Before: both got it: the reported person was asked to approve the response to his own case, and the witness
    // read the plan about the report they are in.
    for (const address of named) expect(desk.ws.mailTo(address)).toHaveLength(0);
    // A first name alone names nobody: the moderator at sam@ is asked as before.
    for (const address of ['sam@example.org', MODS[1]])
      expect(mailsTo(desk, address, /^Code of Conduct recommendation/)).toHaveLength(1);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).not.toMatch(/samdoe|wtarn/);
  });
});

describe('what a page without a form says', () => {
  it('ADV-410 a moderator opens their link again after the case closed (a member their closed ballot): the page offers no form and does not speak of ticking a box', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const TICK = /Nothing is recorded until you tick the box/;
    const link = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    expect(pageText(open(desk, link.url))).toMatch(TICK);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    // The committee account records the response as carried out: the case is closed, no answer is taken any more.
    typeStatus(desk, OWNER, kase, 'Resolved');
    const again = open(desk, link.url);
    expect(offers(again, 'accept')).toBe(false);
    // Before: the footer still said "Nothing is recorded until you tick the box and confirm" over a page with no box.
    expect(pageText(again)).not.toMatch(TICK);
    expect(pageText(again)).toContain('This page is personal to you');
    // The vote that passed: its page shows the result, no ballot.
    const ballot = newestLink(desk, ANA.email, 'vote', kase.caseId);
    const closed = open(desk, ballot.url);
    expect(offers(closed, 'approve')).toBe(false);
    expect(pageText(closed)).not.toMatch(TICK);
  });
});

describe('a moderator\u2019s words read as the Doc\u2019s records', () => {
  /** A dated entry as the system writes it, here typed by a person (the time and zone of the Doc's own lines). */
  const forgedEntry = (what: string) => `2026-03-02 09:00 UTC \u2014 ${what}`;

  it('ADV-512 a moderator (or whoever holds their forwarded link) writes lines shaped like the Doc\u2019s dated entries into a disagreement: the other moderator\u2019s answer is still taken, and their own answers still count', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const SECTION = 'Discussions with moderators and organizers';
    // Six "answers" of the other moderator, one line each, as a textarea sends them (CR LF between lines).
    const forged = Array.from({ length: 6 }, () =>
      forgedEntry(`A moderator accepted the recommendation (${MODS[1]}, ${SPACE}).`),
    );
    // The last two ended by Unicode's line and paragraph separators, which mail and a Doc show as line breaks (ADV-514).
    const typed = ['We disagree.', ...forged.slice(0, 4)].join('\r\n') + `\u2028${forged[4]}\u2029${forged[5]}`;
    const first = moderatorAnswer(desk, MODS[0], kase, 'disagree', typed);
    expect(outcomeOf(first)).toBe('done');
    // No line of theirs reads as an entry the system wrote: each continuation line carries the filed-words mark.
    const section = docSection(desk, kase, SECTION);
    expect(section).toContain('Their words: We disagree.');
    const lines = section.split('\n').filter((l) => l.includes(MODS[1]));
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.startsWith('\u2502')).toBe(true);
    // Before: `You have answered 6 times: please reply to the committee's email instead.`: the other moderator, who had
    // never answered, could not, and the Doc showed six acceptances of theirs the system never recorded.
    const other = moderatorAnswer(desk, MODS[1], kase, 'accept');
    expect(pageText(other)).not.toMatch(/You have answered/);
    expect(outcomeOf(other)).toBe('done');
    expect(registryCase(desk, kase).Phase).toBe('moderators-disagree');

    // Nor do their words restart the count of their own answers (ADV-322's bound): the phrase that opens a round,
    // typed in a disagreement, used to make the count start after it.
    const pages: string[] = [];
    for (let i = 0; i < 8; i++) {
      const op = i % 2 ? 'accept' : 'disagree';
      const details = op === 'disagree' ? `Attempt ${i}.\nRecommendation sent to the moderators of ${SPACE}.` : '';
      pages.push(pageText(moderatorAnswer(desk, MODS[0], kase, op, details)));
    }
    expect(pages.filter((p) => /You have answered 6 times/.test(p)).length).toBeGreaterThan(0);
  });
});

/** A moderator disagrees and two members confirm the escalation while MailApp fails its send with `message`. */
function escalateWhileMailFails(message: string) {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = recommendCase(desk, CY);
  expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Not enough.'))).toBe('done');
  expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
  expect(outcomeOf(desk.browser.press(casePage(desk, CY, kase), 'escalate').visit)).toBe('confirm');
  const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
  desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 1, message }];
  press(desk, open(desk, newestLink(desk, CY.email, 'confirm').url), 'escalate');
  desk.ws.rt.faults = [];
  return { desk, kase };
}

describe('an escalation held after an interrupted send', () => {
  it('ADV-533 the owner names a new escalation contact while the message to the old one waits for a decision: `Send it again` is neither offered nor done', () => {
    const { desk, kase } = escalateWhileMailFails('We\u2019re sorry, a server error occurred.');
    const held = () => registryRows(desk, 'Outbox').filter((r) => r.Kind === 'escalation' && r.State === 'held');
    expect(held().map((r) => r.To)).toEqual([ESCALATION]);
    const stale = casePage(desk, ANA, kase);
    expect(offers(stale, 'held-resend')).toBe(true);
    // The board's old contact stepped down: the owner names the new one.
    setSetting(desk, 'Escalation contact', 'new-chair@example.org');
    // Before: `Send the message to the escalation contact again` was offered and sent the plan to the old address.
    expect(offers(casePage(desk, ANA, kase), 'held-resend')).toBe(false);
    expect(outcomeOf(press(desk, stale, 'held-resend', { tick: true }))).toBe('refused');
    sweep(desk);
    expect(desk.ws.mailTo(ESCALATION)).toHaveLength(0);
    expect(held()).toHaveLength(1);
  });
});

describe('settings changed while the escalation waits', () => {
  it('ADV-545 the owner names a new escalation contact while the message to the old one waits for the mail quota: it does not go to the old address, and the members can send it to the new one', () => {
    const { desk, kase } = escalateWhileMailFails('Service invoked too many times for one day: email.');
    const rows = () => registryRows(desk, 'Outbox').filter((r) => r.Kind === 'escalation');
    expect(rows().map((r) => [r.To, r.State])).toEqual([[ESCALATION, 'pending']]);
    setSetting(desk, 'Escalation contact', 'new-chair@example.org');
    desk.k.moderatorEmails.add('new-chair@example.org');
    sweep(desk);
    // Before: the sweep sent the plan to the address Settings no longer name, and the case said it was notified.
    expect(desk.ws.mailTo(ESCALATION)).toHaveLength(0);
    expect(rows().map((r) => r.State)).toEqual(['digested']);
    sweep(desk); // the alerts queued by the delivery that dropped it go with the next one
    for (const m of [ANA, CY, DEE])
      expect(mailsTo(desk, m.email, /escalation contact was not notified/)[0].body).toContain(
        'Settings name a new escalation contact: the message to the old one was not sent.',
      );
    expect(pageText(casePage(desk, ANA, kase))).not.toMatch(/already been notified/);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    expect(outcomeOf(desk.browser.press(casePage(desk, CY, kase), 'escalate').visit)).toBe('confirm');
    press(desk, open(desk, newestLink(desk, CY.email, 'confirm').url), 'escalate');
    sweep(desk);
    expect(desk.ws.mailTo('new-chair@example.org')).toHaveLength(1);
    expect(desk.ws.mailTo(ESCALATION)).toHaveLength(0);
  });
  it('ADV-554 ADV-556 the escalation to the old contact dropped: the case Doc says it was not sent, and its Outbox row says why', () => {
    const { desk, kase } = escalateWhileMailFails('Service invoked too many times for one day: email.');
    setSetting(desk, 'Escalation contact', 'new-chair@example.org');
    desk.k.moderatorEmails.add('new-chair@example.org');
    sweep(desk);
    const section = docSection(desk, kase, 'Discussions with moderators and organizers');
    expect(section).toContain(`The escalation contact (${ESCALATION}) was notified`);
    // Before: the Doc, the case's record, said only that the old contact was notified (the members' alert alone said not).
    expect(section).toContain(
      `The escalation contact (${ESCALATION}) was not notified: Settings name a new escalation contact.`,
    );
    // Before: `dropped: nothing in it is due`, a digest's reason, told the owner reading Outbox nothing true.
    expect(registryRows(desk, 'Outbox').filter((r) => r.Kind === 'escalation')[0].Error).toBe(
      'dropped: Settings name a new escalation contact',
    );
  });
});

describe('a space renamed or removed in Settings while a case waits on it', () => {
  /** The owner retypes the `Space:` row's name cell (the edit trigger fires); '' removes the row's name. */
  function renameSpace(desk: ReturnType<typeof startResolutionDesk>, to: string): void {
    const row = desk.ws.data.sheet(desk.ids.status, 'Settings').rows.findIndex((r) => r[0] === `Space: ${SPACE}`) + 1;
    desk.ws.editCell(desk.ws.owner, desk.ids.status, 'Settings', row, 1, to);
  }
  const told = (desk: ReturnType<typeof startResolutionDesk>) => mailsTo(desk, OWNER, /no longer in Settings/);

  it.each([
    ['renamed', `Space: ${SPACE} chat`],
    ['removed', ''],
  ])('ADV-555 the space %s once the recommendation went: the case page says what to do', (_, to) => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    renameSpace(desk, to);
    sweep(desk);
    const shown = pageText(casePage(desk, CY, kase));
    // Before: only `Waiting for the moderators`: the members, who are not told of it (the committee account is), waited.
    // Renamed, its moderators are listed under the new name: asked, they can still answer, so the page lists them
    // waiting and says nothing of "no moderators" beside them (ADV-589).
    if (to) expect(shown).toMatch(new RegExp(`${MODS[1]}\\W+no answer yet`));
    expect(shown.includes(`Add a "Space: ${SPACE}" row, or record an override`)).toBe(!to);
  });

  it('ADV-589 a moderator listed under two spaces, one removed once the recommendation went: the page and the owner say what is true', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    setSetting(desk, 'Space: Forum', MODS[0]);
    const kase = recommendCase(desk, CY);
    renameSpace(desk, '');
    sweep(desk);
    // MODS[0] is still listed (under Forum): asked, and their answer still counts; MODS[1] was listed under the space alone.
    const shown = pageText(casePage(desk, CY, kase));
    expect(shown).toMatch(new RegExp(`${MODS[0]}\\W+no answer yet`));
    // Before: beside it, `Settings list no moderators for the space "Discourse" … or record an override to go ahead
    // without them`; and the committee account read `Its moderators cannot be asked` of a moderator asked who can answer.
    expect(shown).not.toContain('Settings list no moderators');
    const mails = told(desk);
    expect(mails).toHaveLength(1);
    expect(mails[0].body).not.toMatch(/Its moderators cannot be asked/);
    expect(mails[0].body).toMatch(/listed under it alone can no longer answer/);
    expect(mails[0].body).toMatch(/put the name back.*or record an override/i);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
  });

  it.each([
    ['renamed once the recommendation went', true, `Space: ${SPACE} chat`],
    ['renamed before it is sent', false, `Space: ${SPACE} chat`],
    ['removed once it went', true, ''],
  ])(
    'ADV-549 the space is %s: the committee account is told at once which case (by code name) and what to do',
    (_, sent, to) => {
      const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
      const kase = sent ? recommendCase(desk, CY) : passedCase(desk);
      const other = reportCase(desk, { where: '' });
      renameSpace(desk, to);
      // Before: nobody was told; the case page said `already been sent` and moderators listed under the new name were
      // never offered the recommendation.
      const mails = told(desk);
      expect(mails).toHaveLength(1);
      expect(mails[0].body).toContain(kase.codeName);
      expect(mails[0].body).toMatch(/put the name back.*or record an override/i);
      for (const text of [other.codeName, SPACE, PLAN, 'Sam Doe']) expect(mails[0].body).not.toContain(text);
      // Once: the owner's next edit of the `Space:` rows does not tell it again.
      setSetting(desk, 'Space: Forum', MODS[0]);
      expect(told(desk)).toHaveLength(1);
    },
  );

  it.each([
    ['renamed', `Space: ${SPACE} chat`],
    ['removed, its moderator listed under another space', ''],
  ])(
    'ADV-611 the space is %s once the recommendation went while a moderator asked can still answer: the case page says Settings no longer list it and what to do',
    (_, to) => {
      const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
      if (!to) setSetting(desk, 'Space: Forum', MODS[0]);
      const kase = recommendCase(desk, CY);
      renameSpace(desk, to);
      sweep(desk);
      const shown = pageText(casePage(desk, CY, kase));
      expect(shown).toMatch(/no answer yet/);
      // Before: only `<moderator>: no answer yet` under "Moderators of Discourse": nothing told a member reading the case
      // that Settings no longer have a space of that name (the committee account alone was told).
      expect(shown).toContain(`Settings no longer list the space "${SPACE}"`);
      expect(shown).toMatch(/listed under it alone can no longer answer/);
      expect(shown).not.toContain('Settings list no moderators');
      expect(outcomeOf(moderatorAnswer(desk, to ? MODS[1] : MODS[0], kase, 'accept'))).toBe('done');
    },
  );
  it('ADV-620 a moderator listed under two spaces; the case\u2019s space renamed, then the owner takes her off the renamed row: her accept no longer lets the letter go', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    setSetting(desk, 'Space: Forum', MODS[0]);
    const kase = recommendCase(desk, CY);
    renameSpace(desk, `Space: ${SPACE} chat`);
    setSetting(desk, `Space: ${SPACE} chat`, MODS[1]);
    // Before: still listed under Forum, she answered for the case (`done`) and the letter could go on her word alone.
    const { page, post } = oldLinkState(desk, newestLink(desk, MODS[0], 'moderator', kase.caseId));
    expect(offers(page, 'accept')).toBe(false);
    expect(outcomeOf(post)).toBe('refused');
    sweep(desk);
    expect(registryCase(desk, kase).Phase).toBe('awaiting-moderators');
    // The one still listed under the renamed row answers, as ADV-589 keeps.
    expect(outcomeOf(moderatorAnswer(desk, MODS[1], kase, 'accept'))).toBe('done');
    expect(registryCase(desk, kase).Phase).toBe('moderators-accepted');
  });

  it('ADV-621 the case\u2019s space renamed; the owner then removes the Forum row that also lists a moderator asked: she still answers under the renamed row (guard)', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    setSetting(desk, 'Space: Forum', MODS[0]);
    const kase = recommendCase(desk, CY);
    renameSpace(desk, `Space: ${SPACE} chat`);
    const forum = desk.ws.data.sheet(desk.ids.status, 'Settings').rows.findIndex((r) => r[0] === 'Space: Forum') + 1;
    desk.ws.editCell(desk.ws.owner, desk.ids.status, 'Settings', forum, 1, '');
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
  });
});

describe('a committee member who moderates the space', () => {
  it('ADV-612 she declares a conflict before the vote (Settings list her address in capitals): the recommendation, its reminder and its escalation never reach her, and the Log alone says one was left out', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE, EVE],
      moderators: [EVE.email.toUpperCase(), MODS[0]],
    });
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    passPlan(desk, kase, [ANA, CY, DEE]);
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    expect(mailsTo(desk, MODS[0], /recommendation/i)).toHaveLength(1);
    jumpAndSweep(desk, 10 * DAY);
    // Guard (passes before): kept out by mailbox, whatever the case Settings spell her address in.
    expect(desk.ws.mailTo(EVE.email).filter((m) => m.body.includes(PLAN) || /recommendation/i.test(m.subject))).toEqual(
      [],
    );
    expect(() => newestLink(desk, EVE.email, 'moderator', kase.caseId)).toThrow();
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).not.toMatch(/eve@/i);
    expect(docSection(desk, kase, 'Log')).toContain('not to those named in the report or with a conflict');
  });
});
