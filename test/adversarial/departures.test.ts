// People who stop being who a signed link was made for: a moderator taken off their space and listed again, a member who leaves the committee and comes back.
import {
  ANA,
  CONSEQUENCES,
  CY,
  DEE,
  MODS,
  PLAN,
  SPACE,
  answerConflict,
  caseAction,
  clear,
  mailsTo,
  moderatorAnswer,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  recommendCase,
  reportCase,
  setActive,
  setSetting,
  startResolutionDesk,
  vote,
  writeSection,
  registryRows,
  press,
  casePage,
  type Row,
  pressEveryLink,
  docSection,
  sweep,
} from '../integration/desk';

/** What the recommendation tells its moderators, none of which a link out of its round may show. */
const RECOMMENDED = [PLAN, CONSEQUENCES, 'Sam Doe', 'accent'];
const REMOVED = '[a Conduct Desk link, removed]';

describe('a moderator link once its moderator is out of the round', () => {
  it('ADV-560 a moderator\u2019s link leaked; the owner takes them off the space and lists them again to send a new one: the leaked link shows nothing of the recommendation', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const leaked = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    setSetting(desk, `Space: ${SPACE}`, MODS[1]);
    setSetting(desk, `Space: ${SPACE}`, MODS.join(', '));
    const page = open(desk, leaked.url);
    expect(offers(page, 'accept')).toBe(false);
    // Before: listed again, the moderator counted again for `answerNotWanted`, so the page of the retired link showed
    // the whole recommendation (whose behaviour, what happened, plan, consequences) for as long as it lived.
    for (const text of RECOMMENDED) expect(pageText(page)).not.toContain(text);
    // The new link, sent to the moderator alone, shows it and takes the answer.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-recommendation'))).toBe('done');
    const fresh = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    expect(fresh.claims.sub).not.toBe(leaked.claims.sub);
    expect(pageText(open(desk, fresh.url))).toContain(PLAN);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    for (const text of RECOMMENDED) expect(pageText(open(desk, leaked.url))).not.toContain(text);
  });

  it('ADV-569 a moderator taken off the space and listed again answers the old recommendation email: their words are not filed as the moderators\u2019, which the escalation sends on', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const [old] = mailsTo(desk, MODS[0], /^Code of Conduct recommendation for/);
    setSetting(desk, `Space: ${SPACE}`, MODS[1]);
    setSetting(desk, `Space: ${SPACE}`, MODS.join(', '));
    desk.ws.reply({ from: MODS[0], original: old, text: 'We disagree: drop the consequences entirely.' });
    sweep(desk);
    // Before: filed as `Reply by email from a moderator` under the recommendation that stands, as if its round's answer.
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).not.toContain('drop the consequences');
    // Sent anew, the moderator's answer to the new email is filed.
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-recommendation'))).toBe('done');
    const [fresh] = mailsTo(desk, MODS[0], /^Code of Conduct recommendation for/).slice(-1);
    desk.ws.reply({ from: MODS[0], original: fresh, text: 'Four weeks is right.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toContain('Four weeks is right.');
  });

  it('ADV-560 a recommendation the committee replaced with a new vote: the first round\u2019s links show neither its text nor the answer given on them', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const first = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', 'The plan names the wrong channel.'))).toBe(
      'done',
    );
    writeSection(
      desk,
      ANA,
      kase,
      'Proposed consequences',
      'A temporary removal from the community chat for four weeks.',
    );
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(mailsTo(desk, MODS[0], /no longer stands/)).toHaveLength(1);
    const page = pageText(open(desk, first.url));
    expect(page).toMatch(/no longer waits for your answer/);
    for (const text of [...RECOMMENDED, 'wrong channel', 'Your answer so far']) expect(page).not.toContain(text);
  });
});

describe('a member who left the committee and came back', () => {
  it('ADV-561 the links from before the leave stay withdrawn once she is active again; the welcome email\u2019s new ones work', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    answerConflict(desk, kase, DEE);
    const kept = [
      newestLink(desk, ANA.email, 'case', kase.caseId),
      newestLink(desk, ANA.email, 'record'),
      newestLink(desk, ANA.email, 'propose'),
    ];
    setActive(desk, ANA.email, false);
    for (const link of kept) expect(outcomeOf(open(desk, link.url))).toBe('invalid');
    setActive(desk, ANA.email, true);
    // Before: active again, every link she kept (or forwarded) while away worked again: the year-long `Record a report`
    // and `Propose a change` links of her first welcome, screenings and votes still running.
    for (const link of kept) {
      const page = open(desk, link.url);
      expect(pageText(page)).toMatch(/This link was withdrawn/);
      expect(offers(page, 'record') || offers(page, 'propose')).toBe(false);
    }
    const posted = desk.ws.webPost(desk.ws.webAppUrl, { t: kept[1].token, op: 'record', confirm: 'yes' });
    desk.check();
    expect(pageText(posted)).toMatch(/This link was withdrawn/);
    // The welcome that brings her back carries new ones.
    const record = newestLink(desk, ANA.email, 'record');
    const propose = newestLink(desk, ANA.email, 'propose');
    expect(record.token).not.toBe(kept[1].token);
    expect(offers(open(desk, record.url), 'record')).toBe(true);
    expect(offers(open(desk, propose.url), 'propose')).toBe(true);
  });
});

/**
 * A registry cell as a version before ADV-534..538 left it (those versions kept people's words with links in them),
 * written as the owner typing into the registry would.
 */
function storeAsBefore(
  desk: ReturnType<typeof startResolutionDesk>,
  tab: string,
  match: (row: Row) => boolean,
  header: string,
  value: string,
): void {
  const col = desk.ws.data.sheet(desk.ids.registry, tab).rows[0].indexOf(header);
  const index = registryRows(desk, tab).findIndex(match);
  expect(col >= 0 && index >= 0).toBe(true);
  desk.ws.data.ui.editCell(desk.ws.owner, desk.ids.registry, tab, index + 2, col + 1, value);
  expect(registryRows(desk, tab)[index][header]).toBe(value);
}

describe('links stored in people\u2019s words before the upgrade that removes them (ADV-534..538)', () => {
  it('ADV-562 a moderator\u2019s disagreement kept, by a version before ADV-537, with their link in the pasted email: the escalation\u2019s confirmation page shows no link of theirs', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    const link = newestLink(desk, MODS[0], 'moderator', kase.caseId);
    const words = 'We disagree: the warning is not enough.';
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'disagree', words))).toBe('done');
    storeAsBefore(
      desk,
      'Moderation',
      (r) => r.Moderator === MODS[0],
      'Details',
      `${words} Your email, for reference:\n\n${link.mail.body}`,
    );
    expect(desk.browser.press(casePage(desk, ANA, kase), 'escalate', { tick: true }).submitted).toBe(true);
    const shown = pageText(open(desk, newestLink(desk, ANA.email, 'confirm').url));
    expect(shown).toContain('Your email, for reference');
    // Before: the page showed the moderator's link twice (their answer, and the discussion the escalation contact is
    // sent, as the Doc no longer held those words): Ana opened it and accepted for them.
    pressEveryLink(desk, shown, 'accept');
    expect(registryRows(desk, 'Moderation').find((r) => r.Moderator === MODS[0])?.Answer).toBe('disagree');
    expect(shown).not.toContain(link.token);
    expect(shown).toContain(REMOVED);
  });

  it('ADV-562 a proposed change kept, by a version before ADV-538, with its proposer\u2019s Propose link in its text: the other members\u2019 pages carry no live link of theirs', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const own = newestLink(desk, ANA.email, 'propose');
    const text = 'Add a section on zorblat conduct.';
    press(desk, open(desk, own.url), 'propose', { fields: { title: 'Zorblat clause', text, days: '3' } });
    storeAsBefore(desk, 'Proposals', (r) => r.Title === 'Zorblat clause', 'Text', `${text}\nMore from: ${own.url}`);
    const seen = pageText(open(desk, newestLink(desk, CY.email, 'change', 'p1').url));
    expect(seen).toContain('zorblat conduct');
    // Before: Cy's page showed Ana's year-long link: Cy opened it and proposed as Ana.
    pressEveryLink(desk, seen, 'propose', { fields: { title: 'As Ana', text: 'Not hers.', days: '3' } });
    expect(registryRows(desk, 'Proposals').map((p) => p.Title)).toEqual(['Zorblat clause']);
    expect(seen).not.toContain(own.token);
    expect(seen).toContain(REMOVED);
  });
});

describe('a member who moderates a space leaves the committee', () => {
  it('ADV-561 her links as a member are withdrawn; her link as a moderator of the space stays as long as Settings list her', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], moderators: [DEE.email, MODS[1]] });
    const kase = recommendCase(desk, CY);
    const moderating = newestLink(desk, DEE.email, 'moderator', kase.caseId);
    const record = newestLink(desk, DEE.email, 'record');
    setActive(desk, DEE.email, false);
    expect(outcomeOf(open(desk, record.url))).toBe('invalid');
    const page = open(desk, moderating.url);
    expect(offers(page, 'accept')).toBe(true);
    expect(pageText(page)).toContain(PLAN);
  });
});
