// Adversarial catalogue, votes and decisions: a later round closed as "not a violation" after a letter went, two-thirds reached (or lost) with no new ballot, an overdue vote's page, confirmations mailed in one round and used in the next, a closing vote's page, one member stalling a passed decision, a vote on changed text read as the one that passed, and a recusal that settles a vote.
import {
  ANA,
  BO,
  COMMITTEE_OPTIONS,
  CY,
  DEE,
  ESCALATION,
  FLOWS,
  MODS,
  REPORTED_ADDRESS,
  REPORT_ONE,
} from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

/** Round 1's letter went to the reported person; Cy opened round 2 on their context. */
function roundTwo(): Rehearsal {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  FLOWS.find((f) => f.name === 'round: opening a further response')?.prepare(r);
  expect(r.caseOp(CY.email, 1, 'new-round').ok).toBe(true);
  return r;
}

/** Ana, Cy and Dee cleared case 1 (Bo advises) and Ana opened a vote on the written texts: two approvals of three needed. */
function openVote(): Rehearsal {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  clearAllAndWriteTexts(r);
  expect(r.openVote(ANA.email, 1).ok).toBe(true);
  return r;
}

/** The owner types a member's `Role` in `Committee` (the roster trigger runs). */
function setRole(r: Rehearsal, email: string, role: 'voting' | 'adviser'): void {
  const rows = r.ws.data.sheet(r.ids.status, 'Committee').rows;
  const row = rows.findIndex((x, i) => i > 0 && String(x[1]).trim() === email) + 1;
  r.ws.editCell(r.ws.owner, r.ids.status, 'Committee', row, 3, role);
  const m = r.members.find((x) => x.email === email);
  if (m) m.role = role;
  r.check(`role of ${email}`);
}

/** Report one, Ana, Cy and Dee cleared, and Ana writing its plan and consequences: ready for a vote. */
function clearAllAndWriteTexts(r: Rehearsal): void {
  r.report(REPORT_ONE.answers, REPORT_ONE.people);
  for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
  r.writeTexts(ANA.email, 1);
}

describe('adversarial: votes and decisions', () => {
  it('ADV-353 in round 2, after round 1’s letter went to the reported person, the case cannot be closed as not a violation', () => {
    const r = roundTwo();
    const tried = r.caseOp(ANA.email, 1, 'close-no-violation');
    // Before: `Put to the vote: close as not a Code of Conduct violation` was offered; two approvals closed the case
    // as `No violation` while the reported person held a letter saying the committee had found one.
    expect(tried.ok).toBe(false);
    expect(r.registry('Votes').filter((v) => v.Subject === 'no-violation')).toHaveLength(0);
    const page = r.get(r.link(CY.email, 'case', 1)?.url ?? '').page;
    expect(page.text).not.toMatch(/close as not a Code of Conduct violation/);
    // Not in good faith after a letter is no "No violation" either: put to the vote it is refused, as in round 1.
    expect(r.caseOp(ANA.email, 1, 'bad-faith').ok).toBe(false);
    expect(r.registry('Cases')[0].Phase).toBe('deliberating');
    expect(r.docText(1)).not.toMatch(/Decided: not a Code of Conduct violation/);
  });

  it('ADV-354 a ballot that counts again (a voter made an adviser by mistake and put back) reaches two-thirds: the vote passes within the hour', () => {
    const r = openVote();
    expect(r.vote(CY.email, 1, 'approve').ok).toBe(true);
    setRole(r, CY.email, 'adviser');
    expect(r.vote(ANA.email, 1, 'approve').ok).toBe(true);
    expect(r.registry('Votes')[0].Outcome).toBe('open');
    setRole(r, CY.email, 'voting');
    r.advance(HOUR);
    // Before: open for the rest of its week (the sweep closed early only a vote out of reach), the page saying
    // `2 of 3 eligible members have voted; 2 approvals are needed`.
    expect(r.registry('Votes')[0].Outcome).toBe('passed');
    expect(r.mailTo(DEE.email).filter((m) => /^Vote result/.test(m.subject) && /passed/.test(m.body))).toHaveLength(1);
  });

  it('ADV-355 past its closing time, before the sweep records it, the vote page does not say the vote is open', () => {
    const r = openVote();
    expect(r.vote(ANA.email, 1, 'approve').ok).toBe(true);
    const closes = Date.parse(r.registry('Votes')[0]['Closes At']);
    r.ws.rt.setClock(closes + 5 * 60000);
    const page = r.get(r.link(CY.email, 'vote', 1)?.url ?? '').page;
    // Before: `The vote is open: 1 of 3 eligible members have voted, and it passes with 2 approvals. This vote closed on …`.
    expect(page.text).not.toMatch(/The vote is open/);
    expect(page.text).toMatch(/did not pass \(approve 1, reject 0, abstain 0; 2 needed\)/);
    const casePage = r.get(r.link(CY.email, 'case', 1)?.url ?? '').page;
    expect(casePage.text).not.toMatch(/approvals are needed/);
    expect(casePage.text).toMatch(/Approve 1, reject 0, abstain 0; 2 of 3 needed/);
  });

  it('ADV-356 a confirmation mailed in round 1 does not send round 2’s recommendation', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    FLOWS.find((f) => f.name === 'recommendation to moderators')?.prepare(r);
    // Cy asks to send the recommendation (a confirmation goes to his mailbox); Ana sends it first.
    const casePage = r.link(CY.email, 'case', 1);
    expect(r.post({ t: casePage?.token ?? '', op: 'send-recommendation', confirm: 'yes' }).page.outcome).toBe(
      'confirm',
    );
    const confirm = r.link(CY.email, 'confirm');
    expect(r.sendRecommendation(ANA.email, 1).ok).toBe(true);
    for (const m of MODS) expect(r.moderatorReply(m, 1, 'accept').ok).toBe(true);
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS).ok).toBe(true);
    // Within the half hour the reported person answers, round 2 opens and its vote passes on the same text.
    expect(r.caseOp(CY.email, 1, 'new-round').ok).toBe(true);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    for (const m of [ANA, DEE]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    const asked = () => r.mailTo(MODS[0]).filter((m) => m.body.includes(r.kase(1).codeName)).length;
    const before = asked();
    const used = r.post({ t: confirm?.token ?? '', op: 'send-recommendation', confirm: 'yes' }).page;
    // Before: round 2's recommendation went out on Cy's round-1 confirmation, a decision he had not seen.
    expect(used.outcome).toBe('refused');
    expect(used.heading).toMatch(/changed since you asked/);
    expect(asked()).toBe(before);
    expect(r.registry('Cases')[0].Phase).toBe('vote-passed');
  });
  it('ADV-374 a vote to close the case as not a violation reads as that on the vote page, not as a plan and consequences', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    clearAllAndWriteTexts(r);
    expect(r.caseOp(ANA.email, 1, 'close-no-violation').ok).toBe(true);
    const page = r.get(r.link(CY.email, 'vote', 1)?.url ?? '').page;
    // Before: the question sat under `Proposed behavioral modification plan`, `(no response …)` under `Proposed
    // consequences`, and the ballot read `On the plan and consequences above, I`: approving looked like approving a plan.
    expect(page.text).not.toMatch(/Proposed behavioral modification plan|Proposed consequences|plan and consequences/);
    expect(page.text).toMatch(/Put to the vote Close the case: this is not a Code of Conduct violation/);
    expect(page.text).toMatch(/On the question above, I Approve/);
    expect(r.vote(CY.email, 1, 'approve').ok).toBe(true);
    expect(r.vote(DEE.email, 1, 'approve').ok).toBe(true);
    expect(r.registry('Votes')[0].Outcome).toBe('passed');
    // A response vote's page still shows the plan and consequences it decides.
    const other = Rehearsal.start(COMMITTEE_OPTIONS);
    other.report(REPORT_ONE.answers, REPORT_ONE.people);
    for (const m of [ANA, CY, DEE]) expect(other.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    other.writeTexts(ANA.email, 1);
    expect(other.openVote(ANA.email, 1).ok).toBe(true);
    const response = other.get(other.link(CY.email, 'vote', 1)?.url ?? '').page.text;
    expect(response).toMatch(/Proposed consequences A written warning\./);
    expect(response).toMatch(/On the plan and consequences above, I/);
    expect(response).not.toMatch(/Put to the vote/);
  });

  it('ADV-375 one member cannot keep a passed decision suspended by opening vote after vote against it', () => {
    const r = openVote();
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.registry('Cases')[0].Phase).toBe('vote-passed');
    // Dee puts closing to the vote (no text need change); Ana and Cy reject it and the voted response stands again.
    expect(r.caseOp(DEE.email, 1, 'close-no-violation').ok).toBe(true);
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'reject').ok).toBe(true);
    expect(r.registry('Cases')[0].Phase).toBe('vote-passed');
    // Dee again, at once: before, a new closing vote opened each time, and nothing could be sent while it ran.
    const again = r.caseOp(DEE.email, 1, 'close-no-violation');
    expect(again.ok).toBe(false);
    // Nor a trivial edit and a vote on the "changed" text.
    r.writeDoc(DEE.email, 1, 'Proposed consequences', 'A written warning..');
    const revote = r.openVote(DEE.email, 1);
    expect(revote.ok).toBe(false);
    const page = r.get(r.link(DEE.email, 'case', 1)?.url ?? '').page.text;
    expect(page).toMatch(/another member may open the next/);
    expect(r.registry('Votes')).toHaveLength(2);
    expect(r.registry('Cases')[0].Phase).toBe('vote-passed');
    // The decision is not locked in: another member may still put a change to the vote, once.
    expect(r.openVote(CY.email, 1).ok).toBe(true);
    expect(r.registry('Votes')).toHaveLength(3);
  });
  it('ADV-393 a member barred from opening another vote (ADV-375) is not told to open one on the changed text', () => {
    const r = openVote();
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.caseOp(DEE.email, 1, 'close-no-violation').ok).toBe(true);
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'reject').ok).toBe(true);
    r.writeDoc(DEE.email, 1, 'Proposed consequences', 'A final warning.');
    expect(r.openVote(DEE.email, 1).ok).toBe(false);
    // Before, Dee's page offered what the server refuses her: `To send the new text instead, open a new vote on it.`
    const dees = r.get(r.link(DEE.email, 'case', 1)?.url ?? '').page.text;
    expect(dees).toMatch(/The case document changed after the vote passed/);
    expect(dees).not.toMatch(/open a new vote on it/);
    expect(dees).toMatch(
      /To send the new text instead, a new vote on it must pass\. A vote you opened against the decision that passed did not pass: another member may open the next/,
    );
    // Cy may open it, and is told so.
    const cys = r.get(r.link(CY.email, 'case', 1)?.url ?? '').page.text;
    expect(cys).toMatch(/To send the new text instead, open a new vote on it\./);
    expect(r.openVote(CY.email, 1).ok).toBe(true);
  });
  it('ADV-376 a vote on changed text after one passed says so, and which sections changed, in its email and on its page', () => {
    const r = openVote();
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    const approved = r.link(CY.email, 'vote', 1)?.url ?? '';
    // Dee changes one word of the consequences and opens a vote on them.
    r.writeDoc(DEE.email, 1, 'Proposed consequences', 'A final warning.');
    expect(r.openVote(DEE.email, 1).ok).toBe(true);
    const mail = r.mailTo(CY.email).filter((m) => /^Vote open/.test(m.subject));
    expect(mail).toHaveLength(2);
    // Before: the second `Vote open` read word for word as the first, and Cy's old link opened a page like the one he
    // had approved: nothing said this vote would replace the passed decision, nor that the consequences changed.
    expect(mail[1].body).toMatch(/changed text \("Proposed consequences"\)/);
    expect(mail[1].body).toMatch(
      /the text that passed on 2026-03-02 09:01 \(Etc\/UTC\) stands unless this vote passes/,
    );
    expect(mail[0].body).not.toMatch(/changed text/);
    expect(r.docText(1)).toMatch(/This vote is on changed text \("Proposed consequences"\)/);
    const page = r.get(approved).page.text;
    expect(page).toMatch(/changed text \("Proposed consequences"\)/);
    expect(page).toMatch(/Proposed consequences A final warning\./);
    // Cy's ballot is on the text the page showed; the vote it replaces is closed, its page as before.
    expect(r.vote(CY.email, 1, 'reject').ok).toBe(true);
    expect(r.vote(ANA.email, 1, 'reject').ok).toBe(true);
    expect(r.registry('Cases')[0].Phase).toBe('vote-passed');
    expect(r.get(approved).page.text).not.toMatch(/changed text/);
  });
  it('ADV-377 a voter who declares a conflict and leaves two-thirds out of reach closes the vote at once, not at the next sweep', () => {
    const r = openVote();
    // Three eligible, two approvals needed: Cy approves, Ana rejects, then Cy finds a conflict. Dee alone cannot pass it.
    expect(r.vote(CY.email, 1, 'approve').ok).toBe(true);
    expect(r.vote(ANA.email, 1, 'reject').ok).toBe(true);
    const deesPage = r.link(DEE.email, 'vote', 1)?.url ?? '';
    expect(r.conflictFromCasePage(CY.email, 1).ok).toBe(true);
    // Before: open until the next hourly sweep, Dee's page saying `The vote is open: … it passes with 2 approvals`, and
    // her approval answered `With your vote the vote did not pass`.
    expect(r.registry('Votes')[0].Outcome).toBe('failed');
    const page = r.get(deesPage).page.text;
    expect(page).not.toMatch(/The vote is open/);
    expect(page).toMatch(/it did not pass \(approve 0, reject 1, abstain 0; 2 needed\)/);
    expect(r.vote(DEE.email, 1, 'approve').ok).toBe(false);
    expect(
      r.mailTo(DEE.email).filter((m) => /^Vote result/.test(m.subject) && /did not pass/.test(m.body)),
    ).toHaveLength(1);
    // The member with the conflict is told nothing of the result (need to know).
    expect(r.mailTo(CY.email).filter((m) => /^Vote result/.test(m.subject))).toHaveLength(0);
    expect(r.statusRowOf(1)?.['Actions needed']).toBe('Revise plan and vote again');
    r.advance(HOUR);
    expect(r.mailTo(DEE.email).filter((m) => /^Vote result/.test(m.subject))).toHaveLength(1);
  });

  it('ADV-485 a vote opened while the mail quota is spent, then the case closed from the sheet: no `Vote open` email comes for the cancelled vote', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, profile: 'consumer', mailQuota: 100 });
    clearAllAndWriteTexts(r);
    // A busy week: 20 recipients left, all kept for urgent mail, so the three `Vote open` emails wait for the quota.
    r.ws.setMailQuotaUsed(80);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    const votes = () => r.registry('Outbox').filter((o) => o.Kind === 'vote');
    expect(votes().map((o) => o.State)).toEqual(['pending', 'pending', 'pending']);
    r.editCase(r.ws.owner, 1, 'Status', 'Closed');
    expect(r.registry('Votes')[0].Outcome).toBe('cancelled');
    r.advance(30 * HOUR);
    // Before, each member got `Vote open: <code name> … It closes on <a week on>` a day after the vote was cancelled, and
    // its link opened `The vote is closed: it was cancelled`.
    for (const m of [ANA, CY, DEE]) expect(r.mailTo(m.email).filter((x) => /^Vote open/.test(x.subject))).toEqual([]);
    expect(votes().map((o) => `${o.State} ${o.Error}`)).toEqual(
      Array(3).fill('digested dropped: the vote cancelled first'),
    );
  });

  it('ADV-498 a vote its members were emailed about is cancelled by a closing from the sheet: they are told, as of a decided vote', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    clearAllAndWriteTexts(r);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    expect(r.vote(ANA.email, 1, 'approve').ok).toBe(true);
    for (const m of [CY, DEE]) expect(r.mailTo(m.email).filter((x) => /^Vote open/.test(x.subject))).toHaveLength(1);
    r.editCase(r.ws.owner, 1, 'Status', 'Closed');
    expect(r.registry('Votes')[0].Outcome).toBe('cancelled');
    r.advance(HOUR);
    // Before: nothing: Cy and Dee, asked to vote within a week, learnt of it only from their link (`The vote is closed:
    // it was cancelled`), the case document or the case page.
    for (const m of [ANA, CY, DEE]) {
      const told = r.mailTo(m.email).filter((x) => /A vote was cancelled/.test(x.subject));
      expect(told).toHaveLength(1);
      expect(told[0].body).toContain('the status was set to Closed');
    }
  });
  it('ADV-503 a vote opened while the mail quota is spent is cancelled before its `Vote open` emails went: only its opener is told it was cancelled', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, profile: 'consumer', mailQuota: 100 });
    clearAllAndWriteTexts(r);
    r.ws.setMailQuotaUsed(80);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    r.editCase(r.ws.owner, 1, 'Status', 'Closed');
    expect(r.registry('Votes')[0].Outcome).toBe('cancelled');
    r.advance(30 * HOUR);
    const told = (email: string) => r.mailTo(email).filter((m) => /A vote was cancelled/.test(m.subject));
    // Before: Cy and Dee, whose `Vote open` was dropped (ADV-485), got `A vote was cancelled` about a vote they never
    // heard of. Ana opened it.
    for (const m of [CY, DEE]) expect(told(m.email)).toEqual([]);
    expect(told(ANA.email)).toHaveLength(1);
  });

  it('ADV-503 (likewise) an adviser cleared for the case, never asked to vote, is not told the vote was cancelled', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    for (const m of [ANA, BO, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    expect(r.mailTo(BO.email).filter((x) => /^Vote open/.test(x.subject))).toEqual([]);
    r.editCase(r.ws.owner, 1, 'Status', 'Closed');
    r.advance(HOUR);
    for (const m of [ANA, CY, DEE])
      expect(r.mailTo(m.email).filter((x) => /A vote was cancelled/.test(x.subject))).toHaveLength(1);
    // Before: Bo, who advises and never had a vote on it, got `A vote was cancelled`.
    expect(r.mailTo(BO.email).filter((x) => /A vote was cancelled/.test(x.subject))).toEqual([]);
  });
});

describe('adversarial: Settings changed while a vote is open', () => {
  it('ADV-531 `Closing decision` changed from Vote to Second member while a vote on closing runs: two members do not close the case over it', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    clearAllAndWriteTexts(r);
    expect(r.caseOp(ANA.email, 1, 'close-no-violation').ok).toBe(true);
    expect(r.registry('Votes').map((v) => v.Outcome)).toEqual(['open']);
    expect(r.vote(CY.email, 1, 'reject').ok).toBe(true);
    r.setSetting('Closing decision', 'Second member');
    // Before: Ana proposed closing and Dee confirmed it: the case closed as `No violation`, the vote Cy was told
    // decides it (two-thirds, Cy against) cancelled.
    r.caseOp(ANA.email, 1, 'close-no-violation');
    r.caseOp(DEE.email, 1, 'close-no-violation');
    expect(r.registry('Cases')[0].Phase).toBe('voting');
    expect(r.registry('Votes').map((v) => v.Outcome)).toEqual(['open']);
    expect(r.docText(1)).not.toMatch(/Decided: not a Code of Conduct violation/);
    // The vote still decides, under the rule it opened with: Ana's and Dee's approvals (two of three) close the case.
    expect(r.vote(ANA.email, 1, 'approve').ok).toBe(true);
    expect(r.vote(DEE.email, 1, 'approve').ok).toBe(true);
    expect(r.registry('Votes').map((v) => v.Outcome)).toEqual(['passed']);
    expect(r.registry('Cases')[0].Phase).toBe('closed');
  });

  it('ADV-532 `Minimum voters` raised above a running vote\u2019s three voters: nobody is told the case is stuck while that vote decides it', () => {
    const r = openVote();
    r.setSetting('Minimum voters', 4);
    r.advance(4 * HOUR);
    const stuck = (to: string) => r.mailTo(to).filter((m) => /Too few voting members/.test(m.subject + m.body));
    // Before: the committee account and the escalation contact read "no vote can open" within the hour.
    expect(stuck(r.ws.owner)).toEqual([]);
    expect(stuck(ESCALATION)).toEqual([]);
    expect(r.vote(CY.email, 1, 'approve').ok).toBe(true);
    expect(r.vote(DEE.email, 1, 'approve').ok).toBe(true);
    expect(r.registry('Votes').map((v) => v.Outcome)).toEqual(['passed']);
  });
});
