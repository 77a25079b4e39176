// Adversarial cases of a handle the reporter gives as theirs without an `@` ("I am kestrel77 on Discord", ADV-585): the redaction guard protects it as it does an @handle.
import {
  ANA,
  CY,
  DEE,
  MODS,
  CONSEQUENCES,
  caseAction,
  clear,
  docSection,
  mailsTo,
  outcomeOf,
  registryCase,
  reportCase,
  startResolutionDesk,
  sweep,
  vote,
  writeSection,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

/** The plan says `plan`, two members vote for it and Cy sends the recommendation: its page's outcome. */
function recommend(desk: Desk, kase: CaseInfo, plan: string): string {
  writeSection(desk, ANA, kase, 'Proposed behavioral modification plan', plan);
  writeSection(desk, ANA, kase, 'Proposed consequences', CONSEQUENCES);
  caseAction(desk, ANA, kase, 'open-vote');
  vote(desk, ANA, kase, 'approve');
  vote(desk, CY, kase, 'approve');
  return outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'));
}

describe('a handle the reporter gives as theirs without an @', () => {
  it.each([
    ['I am kestrel77 on Discord; Sam Doe mocked my accent in the release call there.', 'kestrel77'],
    ['Sam Doe mocked my accent on the forum (my username is kes_trel).', 'kes_trel'],
    ['Sam Doe closed every issue I opened on GitHub as kes-q2.', 'kes-q2'],
  ])('ADV-585 "%s": a plan naming %s is refused, the moderators read nothing', (what, handle) => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, { what });
    clear(desk, kase, ANA, CY, DEE);
    // Before: sent; the moderators read the reporter's handle (the §7 checker saw it too: invariant 7).
    expect(recommend(desk, kase, `Do not answer ${handle} in public threads.`)).toBe('refused');
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => x.body.includes(handle))).toEqual([]);
  });

  it('ADV-585 "I am active on Discord" gives no handle: a plan saying "stay active on Discord" goes', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, { what: 'I am active on Discord and Sam Doe mocked my accent there.' });
    clear(desk, kase, ANA, CY, DEE);
    expect(recommend(desk, kase, 'Sam may stay active on Discord but must stop mocking accents.')).toBe('done');
  });
});

describe('a handle the reporter gives without an @ in an email reply to the acknowledgment', () => {
  const REPORTER = 'rita.quell@example.net';
  /** The reporter answers the acknowledgment (as ADV-196); the sweep files it under `Follow-up to the reporter`. */
  function reporterReplies(desk: Desk, kase: CaseInfo, text: string): void {
    const original = desk.ws
      .mailTo(REPORTER)
      .filter((m) => /received your report/.test(m.subject))
      .pop()!;
    desk.ws.reply({ from: REPORTER, original, text });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain(text);
  }

  it.each([
    ['One more thing: I am kestrel77 on Discord, where it went on.', 'kestrel77'],
    ['He found me on the forum too (my username is kes_trel).', 'kes_trel'],
  ])('ADV-593 reply "%s": a plan naming %s is refused, even once the Doc lost the reply', (text, handle) => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const before = desk.ws.data.ui.docVersion(kase.docId);
    reporterReplies(desk, kase, text);
    // The registry keeps it as it keeps an @handle the reply gives (ADV-539): a member may restore an earlier version.
    expect(registryCase(desk, kase).Flags).toContain(handle);
    desk.ws.data.ui.restoreDocVersion(ANA.email, kase.docId, before);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain(handle);
    // Before: sent; the moderators read the reporter's handle (invariant 7).
    expect(recommend(desk, kase, `Do not answer ${handle} in public threads.`)).toBe('refused');
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => x.body.includes(handle))).toEqual([]);
  });
});
