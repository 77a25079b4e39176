// Adversarial cases of addresses a reporter writes as a keyboard or a pasted document spells them (ADV-563, ADV-564): the guard protects them as typed plainly.
import {
  ANA,
  CY,
  DEE,
  MODS,
  CONSEQUENCES,
  acceptPlan,
  caseAction,
  clear,
  docSection,
  mailsTo,
  outcomeOf,
  pageText,
  reportCase,
  startResolutionDesk,
  sweep,
  vote,
  writeSection,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

const REPORTER = 'rita.quell@example.net';

/** The plan names `address`, two members vote for it and Cy sends the recommendation: its page's outcome. */
function recommendNaming(desk: Desk, kase: CaseInfo, address: string): string {
  writeSection(desk, ANA, kase, 'Proposed behavioral modification plan', `Do not write to ${address}.`);
  writeSection(desk, ANA, kase, 'Proposed consequences', CONSEQUENCES);
  caseAction(desk, ANA, kase, 'open-vote');
  vote(desk, ANA, kase, 'approve');
  vote(desk, CY, kase, 'approve');
  return outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'));
}

describe('addresses a reporter writes in other spellings', () => {
  it("ADV-563 a witness's address typed in fullwidth (a Japanese keyboard's ＠ and ．) in the story stays protected from the moderators", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, {
      what: 'Sam Doe mocked my accent in the release call; Ola Berg (ｏｌａ．ｂｅｒｇ＠ｅｘａｍｐｌｅ．ｏｒｇ) heard it all.',
    });
    clear(desk, kase, ANA, CY, DEE);
    // Before: sent; the moderators read the witness's address (the checker saw it too, §7 invariant 7).
    expect(recommendNaming(desk, kase, 'ola.berg@example.org')).toBe('refused');
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => /ola\.berg/.test(x.body))).toEqual([]);
  });

  it("ADV-563 the reporter's second address, typed in fullwidth in a reply, is refused as the letter's", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const original = desk.ws
      .mailTo(REPORTER)
      .filter((m) => /received your report/.test(m.subject))
      .pop()!;
    desk.ws.reply({ from: REPORTER, original, text: 'You can also reach me at ｒｑ.ｈｏｍｅ＠example.com.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('ｒｑ.ｈｏｍｅ＠example.com');
    acceptPlan(desk, kase, { sender: CY });
    // Before: the letter "about your behavior" went to the reporter at home.
    const refused = caseAction(desk, ANA, kase, 'send-letter', { to: 'rq.home@example.com' });
    expect(pageText(refused)).toMatch(/belongs to someone the committee must protect/);
    expect(desk.ws.mailTo('rq.home@example.com')).toEqual([]);
  });

  it("ADV-564 a witness's address split by a soft hyphen (pasted from a document) in the story stays protected from the moderators", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, {
      what: 'Sam Doe mocked my accent in the release call; Ola Berg (ola.\u00adberg@example.org) heard it all.',
    });
    clear(desk, kase, ANA, CY, DEE);
    expect(recommendNaming(desk, kase, 'ola.berg@example.org')).toBe('refused');
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => /ola\.berg/.test(x.body))).toEqual([]);
  });
});
