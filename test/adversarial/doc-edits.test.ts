// Adversarial cases of what members do to a case Doc in Docs and Drive directly: its title renamed (ADV-406), an earlier version restored (ADV-539), its Report emptied (ADV-544).
import {
  ANA,
  CY,
  DAY,
  DEE,
  EVE,
  HOUR,
  ESCALATION,
  MODS,
  OWNER,
  advance,
  answerConflict,
  caseAction,
  casePage,
  clear,
  jumpAndSweep,
  docSection,
  docText,
  mailsTo,
  moderatorAnswer,
  outcomeOf,
  pageText,
  recommendCase,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  startResolutionDesk,
  sweep,
  typeStatus,
  vote,
  writeSection,
  CONSEQUENCES,
  acceptPlan,
  sendLetter,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

const REPORTER = 'rita.quell@example.net';

/** The reporter answers the acknowledgment, as Gmail writes a reply; the sweep files it under `Follow-up to the reporter`. */
function reporterReplies(desk: Desk, kase: CaseInfo, text: string): void {
  const original = desk.ws
    .mailTo(REPORTER)
    .filter((m) => /received your report/.test(m.subject))
    .pop()!;
  desk.ws.reply({ from: REPORTER, original, text });
  sweep(desk);
  expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain(text.split('\n')[0]);
}

describe('ADV-406 a case Doc renamed by a member', () => {
  it('ADV-406 a cleared member titles the Doc with the people in it: the next hourly audit puts the code name back and tells those who may know, naming nobody', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    advance(desk, HOUR);
    // Docs: click the title, type. Drive lists the change; the title shows in every Google notification about the Doc
    // (a comment, a mention, the share with Google's notification), as it does in Drive and the browser's tabs.
    desk.ws.data.ui.renameFile(CY.email, kase.docId, `${kase.codeName} - Sam Doe (reported by Rita Quell)`);
    const eveMail = desk.ws.mailTo(EVE.email).length;
    // Before: the title stayed as typed, for good, in a Doc the system otherwise keeps to its code name (§7 invariant 5).
    advance(desk, HOUR);
    expect(desk.ws.data.file(kase.docId).name).toBe(kase.codeName);
    expect(docText(desk, kase)).toContain('the document was renamed; its code name was put back');
    const told = desk.ws.mailTo(OWNER).filter((m) => m.body.includes('its code name was put back'));
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(kase.codeName);
    expect(told[0].body).not.toMatch(/sam doe|rita/i);
    expect(desk.ws.mailTo(EVE.email)).toHaveLength(eveMail);
  });
});

describe('ADV-539 a case Doc restored to an earlier version', () => {
  it("ADV-539 a member restores the Doc to a version before the reporter's filed reply: the handle and address it gave stay protected from the moderators", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    // Ana drafts the plan; Cy reworks it the next day; Ana, preferring hers, restores her version (File > Version
    // history > "Restore this version"). In between, the reporter answered the acknowledgment and the sweep filed it.
    writeSection(desk, ANA, kase, 'Proposed consequences', CONSEQUENCES);
    const anas = desk.ws.data.ui.docVersion(kase.docId);
    reporterReplies(
      desk,
      kase,
      'More details: on the forum I post as @kestrel77, and Ola Berg (ola.berg@example.org) saw the messages too.',
    );
    desk.ws.data.ui.restoreDocVersion(ANA.email, kase.docId, anas);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('kestrel77');
    writeSection(
      desk,
      ANA,
      kase,
      'Proposed behavioral modification plan',
      'Do not send private messages to @kestrel77 on the forum, and do not write to ola.berg@example.org.',
    );
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const sent = caseAction(desk, CY, kase, 'send-recommendation');
    // Before: sent; the moderators read who reported (their forum handle) and the witness's address (invariant 7).
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => /kestrel77|ola\.berg/.test(x.body))).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
    expect(pageText(sent)).toMatch(/redaction guard/);
  });
  it('ADV-539 what the registry keeps of the reporter’s reply is deleted with the reporter’s details at the purge', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    setSetting(desk, 'Purge reporter details after (months)', 1);
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    reporterReplies(desk, kase, 'On the forum I post as @kestrel77.');
    expect(registryCase(desk, kase).Flags).toContain('kestrel77');
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, Date.parse(registryCase(desk, kase)['Closed At']) + 25 * DAY - desk.ws.rt.now());
    jumpAndSweep(desk, 8 * DAY);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    expect(JSON.stringify(registryRows(desk, 'Cases'))).not.toContain('kestrel77');
  });
});

describe('ADV-540 a case Doc restored to before the moderators disagreed', () => {
  it("ADV-540 a member restores the Doc to a version before a moderator's disagreement, then the committee escalates: the escalation contact still reads the moderator's words", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    const before = desk.ws.data.ui.docVersion(kase.docId);
    const words = 'Too lenient: he did the same to three newcomers last month, and a warning changed nothing then.';
    moderatorAnswer(desk, MODS[0], kase, 'disagree', words);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toContain('three newcomers');
    // Cy restores the version of the morning (to undo an edit of his), which had no answer yet.
    desk.ws.data.ui.restoreDocVersion(CY.email, kase.docId, before);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).not.toContain('three newcomers');
    caseAction(desk, ANA, kase, 'escalate');
    caseAction(desk, CY, kase, 'escalate');
    const sent = desk.ws.mailTo(ESCALATION);
    expect(sent).toHaveLength(1);
    // Before: the board was told the moderators disagree, and not what they said (the Doc no longer showed it).
    expect(sent[0].body).toContain('three newcomers');
  });
  it("ADV-557 after such a restore the case page does not send members to the case document for the moderator's reasons", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, ANA);
    const before = desk.ws.data.ui.docVersion(kase.docId);
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Too lenient: he did the same to three newcomers last month.');
    expect(pageText(casePage(desk, CY, kase))).toContain(
      'disagreed (2026-03-02 09:01 (Etc/UTC)) (recorded in the case document)',
    );
    desk.ws.data.ui.restoreDocVersion(CY.email, kase.docId, before);
    // Before: `(recorded in the case document)`, where a member looked for them and found nothing.
    const shown = pageText(casePage(desk, CY, kase));
    expect(shown).toContain('(no longer in the case document; an escalation sends them as recorded)');
    expect(shown).not.toContain('recorded in the case document)');
    expect(shown).not.toContain('three newcomers');
  });
});

describe('ADV-543 the letter address checked against everyone the guard protects', () => {
  it("ADV-543 a member types a witness's address from the report's story, or the reporter's second address from her reply, as the letter's: refused", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, {
      what: 'Sam Doe mocked my accent in the release call; Ola Berg (ola.berg@example.org) heard it all.',
    });
    clear(desk, kase, ANA, CY, DEE);
    reporterReplies(desk, kase, 'You can also reach me at rq.home@example.com.');
    acceptPlan(desk, kase, { sender: CY });
    // Before: the letter about Sam's behavior went to Ola, a witness (or to the reporter at home).
    for (const to of ['ola.berg@example.org', 'rq.home@example.com']) {
      const refused = caseAction(desk, ANA, kase, 'send-letter', { to });
      expect(pageText(refused)).toMatch(/belongs to someone the committee must protect/);
      expect(desk.ws.mailTo(to).filter((m) => /A message from/.test(m.subject))).toEqual([]);
    }
    expect(outcomeOf(sendLetter(desk, ANA, kase, 'sam.doe@example.com'))).toBe('done');
  });
});

describe('ADV-544 a case Doc whose Report section a member emptied', () => {
  it("ADV-544 the witness address the report's story gave stays protected from the moderators", () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, {
      what: 'Sam Doe mocked my accent in the release call; Ola Berg (ola.berg@example.org) heard it all.',
    });
    clear(desk, kase, ANA, CY, DEE);
    // Ana selects the report's text to quote it elsewhere and types over it (or restores the Doc's first version).
    writeSection(desk, ANA, kase, 'Report', '');
    expect(docText(desk, kase)).not.toContain('ola.berg');
    writeSection(desk, ANA, kase, 'Proposed behavioral modification plan', 'Do not write to ola.berg@example.org.');
    writeSection(desk, ANA, kase, 'Proposed consequences', CONSEQUENCES);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const sent = caseAction(desk, CY, kase, 'send-recommendation');
    // Before: sent; the moderators read the witness's address, which only the Doc held.
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => /ola\.berg/.test(x.body))).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
  });
});
