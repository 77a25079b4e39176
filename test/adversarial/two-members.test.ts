// Adversarial catalogue, decisions two members take (ADV-347, ADV-319 and the escalation): one cleared member alone never sends the plan outside the committee; a proposal counts only from a voting member still cleared, in the situation it was made in, and the confirming press is the one that acts, once; through the built bundle, invariants after every step.
import {
  ANA,
  BO,
  advance,
  CY,
  DEE,
  ESCALATION,
  EVE,
  MODS,
  OWNER,
  caseAction,
  casePage,
  clear,
  docSection,
  mailsTo,
  moderatorAnswer,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  press,
  recommendCase,
  registryRows,
  setActive,
  startResolutionDesk,
  sweep,
  typeStatus,
  vote,
  writeSection,
} from '../integration/desk';

/** A case Ana, Cy, Dee and Eve are cleared for (Bo too, an adviser) whose recommendation a moderator disagreed with. */
function disagreedCase() {
  const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE, EVE] });
  const kase = recommendCase(desk);
  clear(desk, kase, BO, EVE);
  moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Too lenient for a third time.');
  return { desk, kase };
}

const toBoard = (desk: ReturnType<typeof disagreedCase>['desk']) => desk.ws.mailTo(ESCALATION);

describe('adversarial: decisions two members take', () => {
  it('ADV-357 one cleared member presses "Notify the escalation contact": nothing leaves the committee until a second voting member confirms, and the confirming press sends it once', () => {
    const { desk, kase } = disagreedCase();
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    // Before: Ana's press alone sent the plan, the consequences and the moderators' discussion to the board.
    expect(toBoard(desk)).toEqual([]);
    expect(docSection(desk, kase, 'Log')).toMatch(/Ana Lima proposed: the escalation contact is sent/);
    for (const m of [CY, DEE])
      expect(mailsTo(desk, m.email, /An escalation waits for a second member/)).toHaveLength(1);
    // Ana is no second member, and an adviser decides nothing.
    expect(offers(casePage(desk, ANA, kase), 'escalate')).toBe(false);
    expect(offers(casePage(desk, BO, kase), 'escalate')).toBe(false);
    expect(pageText(casePage(desk, CY, kase))).toMatch(
      /Confirm: notify the escalation contact \(proposed by Ana Lima\)/,
    );
    expect(outcomeOf(caseAction(desk, CY, kase, 'escalate'))).toBe('done');
    expect(toBoard(desk)).toHaveLength(1);
    expect(toBoard(desk)[0].body).toContain('Too lenient for a third time.');
    expect(toBoard(desk)[0].body).not.toMatch(/Ana Lima|Cy Park/);
    expect(docSection(desk, kase, 'Log')).toMatch(/notified of the moderators' disagreement by Cy Park/);
    // Cy's confirmation replayed, and Dee's page: nothing goes twice.
    const replayed = desk.browser.press(open(desk, newestLink(desk, CY.email, 'confirm').url), 'escalate', {});
    expect(outcomeOf(replayed.visit)).toBe('refused');
    expect(offers(casePage(desk, DEE, kase), 'escalate')).toBe(false);
    sweep(desk);
    expect(toBoard(desk)).toHaveLength(1);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'escalation.sent')).toHaveLength(1);
  });

  it('ADV-358 a proposal to escalate lapses with its proposer (a conflict declared, gone from the committee) and with the situation it was made in (a moderator answering, a new vote)', () => {
    const { desk, kase } = disagreedCase();
    caseAction(desk, ANA, kase, 'escalate');
    // Ana declares a conflict: her proposal goes with her; Cy's press proposes anew.
    caseAction(desk, ANA, kase, 'conflict');
    caseAction(desk, CY, kase, 'escalate');
    expect(toBoard(desk)).toEqual([]);
    // The other moderator answers after Cy proposed: Dee's press would send a discussion Cy never saw, so it proposes.
    moderatorAnswer(desk, MODS[1], kase, 'disagree', 'A permanent ban is the only option.');
    expect(pageText(casePage(desk, DEE, kase))).toMatch(/Propose: notify the escalation contact/);
    caseAction(desk, DEE, kase, 'escalate');
    expect(toBoard(desk)).toEqual([]);
    // The committee votes a harsher text and sends it; the moderators disagree again: Dee's proposal about the old text
    // does not let Eve's press send the new one.
    writeSection(desk, CY, kase, 'Proposed consequences', 'A permanent ban from every space.');
    caseAction(desk, CY, kase, 'open-vote');
    for (const m of [CY, DEE, EVE]) vote(desk, m, kase, 'approve');
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'Now it is too harsh.');
    expect(outcomeOf(caseAction(desk, EVE, kase, 'escalate'))).toBe('done');
    expect(toBoard(desk)).toEqual([]);
    // Eve leaves the committee: her proposal goes with her; Cy proposes, Dee confirms.
    setActive(desk, EVE.email, false);
    expect(outcomeOf(caseAction(desk, CY, kase, 'escalate'))).toBe('done');
    expect(toBoard(desk)).toEqual([]);
    expect(outcomeOf(caseAction(desk, DEE, kase, 'escalate'))).toBe('done');
    // A busy day: the alerts of five proposals and the moderators' notices spent the consumer account's 100
    // recipients, so the escalation waits for the quota's next day, when the sweep sends it (once).
    expect(toBoard(desk)).toEqual([]);
    advance(desk, 86_400_000);
    sweep(desk);
    expect(toBoard(desk)).toHaveLength(1);
    expect(toBoard(desk)[0].body).toContain('Now it is too harsh.');
    expect(docSection(desk, kase, 'Log').match(/proposed: the escalation contact is sent/g)).toHaveLength(5);
  });

  it('ADV-359 an override proposed while the moderators were silent lapses when they answer: the second member confirms only what they have seen', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'record-override'))).toBe('done');
    moderatorAnswer(desk, MODS[0], kase, 'disagree', 'The reporter asked us not to act yet.');
    // Before: Cy's press confirmed Ana's override made before the moderators' reasons existed.
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Propose: go ahead without the moderators/);
    caseAction(desk, CY, kase, 'record-override');
    expect(docSection(desk, kase, 'Log')).not.toMatch(/Override proposed by/);
    expect(offers(casePage(desk, CY, kase), 'send-letter')).toBe(false);
  });

  it('ADV-360 a proposal to escalate made before the case was closed from the sheet is no second member\u2019s to confirm once the case is opened again', () => {
    const { desk, kase } = disagreedCase();
    caseAction(desk, ANA, kase, 'escalate');
    // `Resolved`: `Closed` typed over a voted response is put back (ADV-365).
    typeStatus(desk, OWNER, kase, 'Resolved');
    typeStatus(desk, OWNER, kase, 'Ongoing');
    // Before: Ana's proposal about the case as it stood in its first life let Cy's one press send the plan outside.
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Propose: notify the escalation contact/);
    caseAction(desk, CY, kase, 'escalate');
    expect(toBoard(desk)).toEqual([]);
    caseAction(desk, ANA, kase, 'escalate');
    expect(toBoard(desk)).toHaveLength(1);
  });

  it('ADV-383 a case closed from the sheet after the moderators disagreed: no member proposes or confirms the escalation of a closed case', () => {
    const { desk, kase } = disagreedCase();
    caseAction(desk, ANA, kase, 'escalate');
    typeStatus(desk, OWNER, kase, 'Resolved');
    // Before: Cy's press confirmed Ana's proposal and sent the plan and the moderators' words outside the closed case.
    for (const m of [CY, DEE]) expect(offers(casePage(desk, m, kase), 'escalate')).toBe(false);
    expect(pageText(casePage(desk, CY, kase))).not.toMatch(/notify the escalation contact/);
    advance(desk, 3600000);
    expect(toBoard(desk)).toEqual([]);
  });

  it('ADV-384 a proposer leaves the committee and comes back, cleared again: the proposal made before stays lapsed', () => {
    const { desk, kase } = disagreedCase();
    caseAction(desk, EVE, kase, 'escalate');
    setActive(desk, EVE.email, false);
    sweep(desk);
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Propose: notify the escalation contact/);
    setActive(desk, EVE.email, true);
    sweep(desk);
    // Cleared again through the welcome's onboarding page: her screening link from before she left is withdrawn (ADV-561).
    const onboarding = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    press(desk, onboarding, 'onboard', { fields: { 'person-0': 'no-conflict' } });
    expect(outcomeOf(casePage(desk, EVE, kase))).not.toBe('refused');
    // Before: Eve's proposal from before she left stood again, and Cy's one press sent the plan outside the committee.
    expect(pageText(casePage(desk, CY, kase))).toMatch(/Propose: notify the escalation contact/);
    caseAction(desk, CY, kase, 'escalate');
    advance(desk, 3600000);
    expect(toBoard(desk)).toEqual([]);
  });
});
