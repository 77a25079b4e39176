// Adversarial catalogue, the desk's own signed links travelling in people's words (ADV-534 onwards): a link quoted in a reply, pasted into the case Doc, shown where another person reads it.
import {
  ANA,
  CY,
  DEE,
  MODS,
  OWNER,
  PLAN,
  type CaseInfo,
  type Desk,
  caseAction,
  casePage,
  clear,
  docSection,
  linkUrlsIn,
  mailsTo,
  moderatorAnswer,
  newestLink,
  open,
  outcomeOf,
  pageText,
  press,
  recommendCase,
  registryRows,
  reportCase,
  startResolutionDesk,
  sweep,
  vote,
  writeTexts,
  pressEveryLink,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

const REMOVED = '[a Conduct Desk link, removed]';

/** The moderator's answer on file (the Moderation tab). */
function answerOf(desk: Desk, kase: CaseInfo, moderator: string): string {
  return (
    registryRows(desk, 'Moderation').find((m) => m['Case ID'] === kase.caseId && m.Moderator === moderator)?.Answer ??
    ''
  );
}

describe('adversarial: signed links in people\u2019s words', () => {
  it('ADV-534 a moderator answers by email quoting the recommendation as their client does (a divider the reply reader does not know): no member reading the Doc can answer as them', () => {
    const desk = startResolutionDesk();
    const kase = recommendCase(desk);
    const link = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    const evidence = 'https://github.com/example/project/issues/12';
    // A client that quotes the original under its own divider, unmarked (no "> ", no "On … wrote:"), and a link of
    // the web app wrapped by a mail scanner's redirector in the moderator's own words.
    const sent = desk.ws.reply({ from: MODS[0], original: link.mail, text: 'x' });
    const copy = desk.ws.mailboxes.messages.find((m) => m.rfcId === sent.rfcId && m.mailbox !== MODS[0])!;
    copy.body =
      `We need to discuss this first. The earlier thread: ${evidence}\n` +
      `(my page: https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent(link.url)}&data=05)\n\n` +
      `-------- Original --------\nSubject: ${link.mail.subject}\n\n${link.mail.body}\n`;
    sweep(desk);
    const section = docSection(desk, kase, 'Discussions with moderators and organizers');
    expect(section).toContain('We need to discuss this first.');
    // Every link of the web app a cleared member reads in the Doc, opened and answered as the moderator's page allows.
    for (const url of section.match(/https:\/\/script\.google\.com\/\S+/g) ?? []) {
      const page = open(desk, url);
      if (/data-outcome="(invalid|refused)"/.test(page.response.body)) continue;
      press(desk, page, 'accept');
    }
    // Before, the quoted email was filed whole with the moderator's link in it: Ana opened it from the Doc and the
    // moderator "accepted" the recommendation they had asked to discuss.
    expect(answerOf(desk, kase, MODS[0])).toBe('');
    expect(section).not.toContain(link.token);
    expect(section).toContain(REMOVED);
    // Evidence links stay: the committee needs them.
    expect(section).toContain(evidence);
    // The moderator's own link still works for them.
    expect(outcomeOf(press(desk, open(desk, link.url), 'accept'))).toBe('done');
  });

  it("ADV-535 a member pastes their own case page's link into the plan: the moderators' email and the other voters' pages carry no live link of theirs", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const own = newestLink(desk, ANA.email, 'case', kase.caseId);
    // Ana writes the plan in the Doc with her link for the others (where she keeps the case's timeline).
    writeTexts(desk, ANA, kase, { plan: `${PLAN}\nTimeline of the calls: ${own.url}` });
    caseAction(desk, ANA, kase, 'open-vote');
    const seen = [pageText(open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url))];
    expect(seen[0]).toContain('Timeline of the calls');
    for (const voter of [ANA, CY]) vote(desk, voter, kase, 'approve');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-recommendation'))).toBe('done');
    seen.push(...mailsTo(desk, MODS[0], /./).map((m) => m.body));
    expect(seen[1]).toContain('Timeline of the calls');
    // Before, the vote page and the recommendation to the moderators showed Ana's link: a moderator who opened it had
    // her case page (its meetings, its actions, its document's link), and Cy could act as Ana.
    for (const url of seen[1].match(/https:\/\/script\.google\.com\/\S+/g) ?? [])
      expect(pageText(open(desk, url))).not.toMatch(/^Case /);
    for (const text of seen) expect(text).not.toContain(own.token);
    expect(seen[1]).toContain(REMOVED);
    // Her own link still works for her.
    expect(pageText(open(desk, own.url))).toMatch(/^Case /);
  });

  it('ADV-536 a member forwards their conflict check to the committee address: the committee account reads it on its inbox page and cannot answer for them', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    const check = newestLink(desk, ANA.email, 'no-conflict', kase.caseId);
    desk.ws.receiveMail({
      from: ANA.email,
      to: OWNER,
      subject: `Fwd: ${check.mail.subject}`,
      text: `Do I know this person? Not sure what to press.\n\n---------- Forwarded message ---------\n${check.mail.body}`,
    });
    sweep(desk);
    const [inbox] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/)[0].body, desk.ws.webAppUrl);
    const shown = pageText(open(desk, inbox));
    expect(shown).toContain('Not sure what to press.');
    // Before, the page showed Ana's screening links as she got them: the committee account pressed "No conflict" for
    // her, and she was given the case's Doc without ever answering.
    pressEveryLink(desk, shown, 'no-conflict');
    expect(registryRows(desk, 'Clearances').filter((c) => c['Case ID'] === kase.caseId)).toEqual([]);
    expect(shown).not.toContain(check.token);
    expect(shown).toContain(REMOVED);
  });

  it("ADV-537 a moderator pastes the committee's email into their disagreement: the escalation's confirmation page shows no link of theirs", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const link = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    const details = `We disagree: the warning is not enough. Your email, for reference:\n\n${link.mail.body}`;
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', details))).toBe('done');
    // Ana asks to notify the escalation contact: the confirmation page previews the moderators' answers.
    expect(desk.browser.press(casePage(desk, ANA, kase), 'escalate', { tick: true }).submitted).toBe(true);
    const shown = pageText(open(desk, newestLink(desk, ANA.email, 'confirm').url));
    expect(shown).toContain('the warning is not enough');
    // Before, it showed the pasted email whole, the moderator's link in it: Ana opened it and accepted for them.
    pressEveryLink(desk, shown, 'accept');
    expect(answerOf(desk, kase, MODS[0])).toBe('disagree');
    expect(shown).not.toContain(link.token);
    expect(shown).toContain(REMOVED);
  });

  it('ADV-538 a voting member pastes their own Propose link into a proposed change: the other members\u2019 proposal pages and emails carry no live link of theirs', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const own = newestLink(desk, ANA.email, 'propose');
    const text = `Add a section on zorblat conduct.\nMore changes can be proposed from the page: ${own.url}`;
    press(desk, open(desk, own.url), 'propose', { fields: { title: 'Zorblat clause', text, days: '3' } });
    const seen = [
      pageText(open(desk, newestLink(desk, CY.email, 'change', 'p1').url)),
      ...mailsTo(desk, CY.email, /^Proposed change 1/).map((m) => m.body),
    ];
    expect(seen[0]).toContain('zorblat conduct');
    // Before, both showed Ana's year-long link: Cy opened it and proposed as Ana.
    pressEveryLink(desk, seen.join('\n'), 'propose', { fields: { title: 'As Ana', text: 'Not hers.', days: '3' } });
    expect(registryRows(desk, 'Proposals').map((p) => p.Title)).toEqual(['Zorblat clause']);
    for (const shown of seen) expect(shown).not.toContain(own.token);
    expect(seen[0]).toContain(REMOVED);
  });
});
