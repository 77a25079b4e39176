// Adversarial cases of a handle the reporter gives as theirs without an `@` ("I am kestrel77 on Discord", ADV-585): the redaction guard protects it as it does an @handle.
import {
  ANA,
  CY,
  DEE,
  MODS,
  CONSEQUENCES,
  caseAction,
  clear,
  mailsTo,
  outcomeOf,
  reportCase,
  startResolutionDesk,
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
