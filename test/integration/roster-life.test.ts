// The committee roster's life as the owner and members live it, through the built bundle: an address re-spelled in place, mail still waiting when a member leaves, and what a departed member can still reach.
import {
  ANA,
  addMember,
  BO,
  DEE,
  EVE,
  HOUR,
  OWNER,
  advance,
  answerConflict,
  caseAction,
  clear,
  docEditors,
  expectNoErrors,
  memberId,
  newestLink,
  open,
  pageText,
  press,
  registryRows,
  reportCase,
  setActive,
  startDesk,
  startResolutionDesk,
  submitReport,
  sweep,
  sweepHours,
  vote,
  writeTexts,
  type Desk,
} from './desk';

const CY = { name: 'Cy Park', email: 'cy.park@gmail.com' };

/** The owner edits one member's Email cell in the Committee tab (the edit trigger fires). */
function editEmail(desk: Desk, from: string, to: string): void {
  const index = desk.members.findIndex((m) => m.email === from);
  desk.members[index].email = to;
  expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', index + 2, 2, to));
  desk.check();
}

/**
 * Ana, Cy and Dee clear the case, pass its vote and send the recommendation; the mail about it that reached
 * `email` (the space's other moderator gets one, so the recommendation did go).
 */
function recommendationTo(
  desk: ReturnType<typeof startResolutionDesk>,
  kase: ReturnType<typeof reportCase>,
  email: string,
) {
  clear(desk, kase, ANA, CY, DEE);
  writeTexts(desk, ANA, kase);
  caseAction(desk, ANA, kase, 'open-vote');
  for (const voter of [ANA, CY, DEE]) vote(desk, voter, kase, 'approve');
  caseAction(desk, CY, kase, 'send-recommendation');
  const recommendations = (to: string) => desk.ws.mailTo(to).filter((m) => /recommendation/i.test(m.subject));
  expect(recommendations('mods@example.org')).toHaveLength(1);
  return recommendations(email);
}

describe('roster life', () => {
  test('the owner re-spells a member\u2019s Gmail address in place (dots): still one member, and the declared conflict stands', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    answerConflict(desk, sam, CY);
    const before = registryRows(desk, 'Members').filter((m) => /cy\.?park/.test(m.Email));
    expect(before).toHaveLength(1);

    editEmail(desk, CY.email, 'cypark@gmail.com');
    sweep(desk);

    const rows = registryRows(desk, 'Members').filter((m) => /cy\.?park/.test(m.Email));
    expect(rows.map((m) => m['Member ID'])).toEqual([before[0]['Member ID']]);
    expect(rows[0].Active).toBe('TRUE');
    // Never asked again about the case they declared a conflict on, so never a way back into its Doc.
    const offered = desk.ws.mailTo('cypark@gmail.com').filter((m) => /onboard|past reports/i.test(m.body));
    for (const mail of offered) {
      const link = /https?:\/\/\S+\?t=[A-Za-z0-9_.-]+/.exec(mail.body)?.[0];
      if (link) expect(pageText(open(desk, link))).not.toContain('Sam Doe');
    }
    expect(desk.ws.data.doc(sam.docId).everHadAccess).not.toContain('cypark@gmail.com');
    expect(docEditors(desk, sam.docId)).not.toContain('cypark@gmail.com');
    const decisions = registryRows(desk, 'Clearances')
      .filter((c) => c['Member ID'] === before[0]['Member ID'] && c['Case ID'] === sam.caseId)
      .map((c) => c.Decision);
    expect(decisions).toEqual(['conflict']);
  });
});

describe('roster life: mail waiting when a member leaves', () => {
  test('a screening email still waiting for the mail quota when the member is made inactive never reaches them', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    desk.ws.setMailQuotaUsed(100); // the day's quota is spent: the report's mail waits for tomorrow
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    expect(desk.ws.mailTo(CY.email).filter((m) => m.body.includes('Sam Doe'))).toEqual([]);
    setActive(desk, CY.email, false);
    advance(desk, 25 * HOUR);
    sweep(desk);
    // The others got theirs: the quota came back.
    expect(desk.ws.mailTo(ANA.email).some((m) => m.body.includes('Sam Doe'))).toBe(true);
    // A former member learns nothing of a report that came after they left.
    expect(desk.ws.mailTo(CY.email).filter((m) => m.body.includes('Sam Doe') || m.body.includes(sam.codeName))).toEqual(
      [],
    );
  });
});

describe('roster life: a row deleted from Committee', () => {
  test('a member whose row is deleted loses the proposal Docs too, not only on paper', () => {
    const desk = startDesk({ members: [ANA, BO] });
    press(desk, open(desk, newestLink(desk, ANA.email, 'propose').url), 'propose', {
      fields: { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' },
    });
    const proposal = () => registryRows(desk, 'Proposals').find((r) => r.Number === '1') as Record<string, string>;
    const docId = proposal()['Doc ID'];
    expect(docEditors(desk, docId)).toContain(BO.email);

    // The owner deletes Bo's row (row 3) rather than unticking Active.
    desk.ws.data.ui.deleteRow(OWNER, desk.ids.status, 'Committee', 3);
    desk.members.splice(1, 1);
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 2, 1, 'Ana M. Lima'));
    sweepHours(desk, 2);

    expect(registryRows(desk, 'Members').find((m) => m.Email === BO.email)?.Active).toBe('FALSE');
    expect(docEditors(desk, docId)).not.toContain(BO.email);
    expect(proposal()['Shared With'] ?? '').not.toContain(memberId(desk, BO.email));
  });
});

describe('roster life: a row deleted from Committee, at once', () => {
  test('ADV-96 the owner deletes a departing member\u2019s row: their access goes with the deletion, not at the next sweep', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    clear(desk, sam, BO);
    expect(docEditors(desk, sam.docId)).toContain(BO.email);

    // A row deletion is a change of structure: Google runs onChange triggers for it (REMOVE_ROW), never onEdit.
    const results = desk.ws.deleteRow(OWNER, desk.ids.status, 'Committee', 3);
    expectNoErrors(results);
    desk.members.splice(1, 1);
    desk.check();

    expect(docEditors(desk, sam.docId)).not.toContain(BO.email);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(BO.email);
    expect(registryRows(desk, 'Members').find((m) => m.Email === BO.email)?.Active).toBe('FALSE');
  });

  test('ADV-96 a member\u2019s edits and inserted rows in Cases start no roster work', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    submitReport(desk, { reported: ['Sam Doe'] });
    const before = desk.ws.rt.executions.length;
    const inserted = desk.ws.insertRow(ANA.email, desk.ids.status, 'Cases', 2);
    const edited = desk.ws.editCell(ANA.email, desk.ids.status, 'Cases', 3, 6, 'Ask the moderators');
    expectNoErrors([...inserted, ...edited]);
    // Each is one short execution of the change trigger (and the edit, of the edit trigger), reading nothing.
    const runs = desk.ws.rt.executions.slice(before);
    expect(runs.map((r) => r.fn).sort()).toEqual(['onStatusChange_', 'onStatusChange_', 'onStatusEdit_']);
    for (const run of runs.filter((r) => r.fn === 'onStatusChange_')) expect(run.calls).toEqual({});
  });
});

describe('roster life: a change of role', () => {
  test('an adviser the owner makes a voting member gets the Propose a change link voting members have', () => {
    const desk = startDesk({ members: [ANA, { ...BO, role: 'adviser' }] });
    expect(() => newestLink(desk, BO.email, 'propose')).toThrow();
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 3, 3, 'voting'));
    desk.members[1].role = 'voting';
    desk.check();
    const done = press(desk, open(desk, newestLink(desk, BO.email, 'propose').url), 'propose', {
      fields: { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' },
    });
    expect(pageText(done)).toMatch(/Proposal 1 is open for discussion/);
    // Made an adviser again, the link they hold proposes nothing.
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 3, 3, 'adviser'));
    desk.members[1].role = 'adviser';
    expect(pageText(open(desk, newestLink(desk, BO.email, 'propose').url))).toContain(
      'Only voting members propose changes',
    );
  });
});

describe('roster life: a member moves to a new address', () => {
  const DAN = { name: 'Dan Ruiz', email: 'dan@example.org' };

  test('the owner types the new address over the old one: the conflicts declared under the old one stand', () => {
    const { desk, sam } = deskWithDanConflicted();
    editEmail(desk, DAN.email, 'dan.ruiz@newjob.example');

    // The old address is offboarded; the new one is welcomed and asked only about Kim Roe's case.
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(DAN.email);
    const page = open(desk, newestLink(desk, 'dan.ruiz@newjob.example', 'onboard').url);
    expect(pageText(page)).toContain('Kim Roe');
    expect(pageText(page)).not.toContain('Sam Doe');
    const dan = memberId(desk, 'dan.ruiz@newjob.example');
    expect(
      registryRows(desk, 'Clearances')
        .filter((c) => c['Member ID'] === dan)
        .map((c) => [c['Case ID'], c.Decision]),
    ).toEqual([[sam.caseId, 'conflict']]);
    expect(desk.ws.data.doc(sam.docId).everHadAccess).not.toContain('dan.ruiz@newjob.example');
  });

  /** Two cases, Sam Doe's and Kim Roe's; Dan declared a conflict on Sam Doe's. */
  function deskWithDanConflicted(): { desk: Desk; sam: ReturnType<typeof submitReport> } {
    const desk = startDesk({ members: [ANA, BO, DAN] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    submitReport(desk, { reported: ['Kim Roe'] });
    answerConflict(desk, sam, DAN);
    return { desk, sam };
  }

  /** What Dan's new address may see: asked about Kim Roe's case only, and Sam Doe's Doc never shared with it. */
  function expectConflictCarried(desk: Desk, sam: { caseId: string; docId: string }, to: string): void {
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(DAN.email);
    const page = open(desk, newestLink(desk, to, 'onboard').url);
    expect(pageText(page)).toContain('Kim Roe');
    expect(pageText(page)).not.toContain('Sam Doe');
    const dan = memberId(desk, to);
    expect(
      registryRows(desk, 'Clearances')
        .filter((c) => c['Member ID'] === dan)
        .map((c) => [c['Case ID'], c.Decision]),
    ).toEqual([[sam.caseId, 'conflict']]);
    expect(desk.ws.data.doc(sam.docId).everHadAccess).not.toContain(to);
  }

  test('ADV-95 the owner pastes the member\u2019s row with the new address (one multi-cell edit, no old value): the conflicts stand', () => {
    const { desk, sam } = deskWithDanConflicted();
    const to = 'dan.ruiz@newjob.example';
    desk.members[2].email = to;
    // Google gives a paste's event no `oldValue`: only the roster's own records tell the old address from the new.
    expectNoErrors(desk.ws.pasteCells(OWNER, desk.ids.status, 'Committee', 4, 1, [[DAN.name, to, 'voting', true]]));
    desk.check();
    expectConflictCarried(desk, sam, to);
    // The committee account hears of it as of a typed-over address (ADV-101).
    const told = desk.ws.mailTo(OWNER).filter((m) => /address was changed/i.test(m.subject));
    expect(told.map((m) => m.body.includes(`${DAN.email} to ${to}`))).toEqual([true]);
  });

  test('ADV-95 the edit trigger missed the owner\u2019s one-cell edit: the sweep that finds the new address carries the conflicts', () => {
    const { desk, sam } = deskWithDanConflicted();
    const to = 'dan.ruiz@newjob.example';
    desk.members[2].email = to;
    // Typed in the sheet with no trigger run (the owner's edit trigger was over its quota, or deleted): the sweep syncs.
    desk.ws.data.ui.editCell(desk.ws.owner, desk.ids.status, 'Committee', 4, 2, to);
    sweep(desk);
    expectConflictCarried(desk, sam, to);
  });

  test('ADV-184 the owner adds the member\u2019s new address as a row of its own, then unticks the old one: the conflicts stand', () => {
    const { desk, sam } = deskWithDanConflicted();
    const to = 'dan.ruiz@newjob.example';
    // Both rows are listed for a while (the new one first, so Dan is never without the committee): no move is seen.
    addMember(desk, { name: DAN.name, email: to });
    setActive(desk, DAN.email, false);
    expectConflictCarried(desk, sam, to);
  });

  test('ADV-184 a member who left comes back under a new address (same name): the conflicts declared before stand', () => {
    const { desk, sam } = deskWithDanConflicted();
    setActive(desk, DAN.email, false);
    sweepHours(desk, 24);
    const to = 'dan.ruiz@newjob.example';
    addMember(desk, { name: DAN.name, email: to });
    expectConflictCarried(desk, sam, to);
  });

  test('a newcomer typed over the row of a member who left (name, address, Active) inherits nothing', () => {
    const desk = startDesk({ members: [ANA, BO, DAN] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    answerConflict(desk, sam, DAN);
    setActive(desk, DAN.email, false);
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 4, 1, 'Fen Quarrow'));
    desk.members[2].name = 'Fen Quarrow';
    editEmail(desk, DAN.email, 'fen@example.org');
    setActive(desk, 'fen@example.org', true);
    const page = open(desk, newestLink(desk, 'fen@example.org', 'onboard').url);
    expect(pageText(page)).toContain('Sam Doe');
  });
});

describe('roster life: a typo typed over a member\u2019s address', () => {
  test('ADV-101 the committee account is told at once what the new address was given, and no case Doc reaches it before its own conflict check', () => {
    const desk = startDesk({ members: [ANA, BO] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    clear(desk, sam, ANA);
    const typo = 'ama@example.org';
    editEmail(desk, ANA.email, typo);

    const told = desk.ws.mailTo(OWNER).filter((m) => /address was changed/i.test(m.subject));
    expect(told).toHaveLength(1);
    expect(told[0].subject).not.toContain(ANA.name);
    expect(told[0].body).toContain(`${ANA.email} to ${typo}`);
    expect(told[0].body).toMatch(/status spreadsheet/);
    expect(told[0].body).toMatch(/typo/);
    // Default deny: the address typed by mistake holds no case Doc until it declares no conflict itself.
    expect(desk.ws.data.doc(sam.docId).everHadAccess).not.toContain(typo);
    sweep(desk);
    expect(desk.ws.mailTo(OWNER).filter((m) => /address was changed/i.test(m.subject))).toHaveLength(1);

    // Corrected at once: the real address is welcomed back; the typo loses the status spreadsheet.
    editEmail(desk, typo, ANA.email);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(typo);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(ANA.email);
  });
});

describe('roster life: one mailbox, two spellings, two roles', () => {
  test('a member with a conflict who moderates the space under another spelling of their Gmail address is not sent the recommendation', () => {
    const GIL = { name: 'Gil Moor', email: 'gil.moor@gmail.com', role: 'voting' as const };
    const desk = startResolutionDesk({
      members: [ANA, GIL, CY, DEE],
      moderators: ['mods@example.org', 'gilmoor@gmail.com'],
    });
    const kase = reportCase(desk);
    answerConflict(desk, kase, GIL);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    for (const voter of [ANA, CY, DEE]) vote(desk, voter, kase, 'approve');
    caseAction(desk, CY, kase, 'send-recommendation');
    const recommendations = (email: string) => desk.ws.mailTo(email).filter((m) => /recommendation/i.test(m.subject));
    expect(recommendations('mods@example.org')).toHaveLength(1);
    // The same mailbox as the member who declared a conflict on the case: nothing of it reaches them.
    expect(recommendations('gilmoor@gmail.com')).toEqual([]);
  });
});

describe('roster life: a member who left still moderates the space', () => {
  const GIL = { name: 'Gil Moor', email: 'gil.moor@gmail.com', role: 'voting' as const };

  test('ADV-185 a member who declared a conflict leaves (the owner deletes their row) and still moderates the space: the recommendation never reaches them', () => {
    const desk = startResolutionDesk({ members: [ANA, GIL, CY, DEE], moderators: ['mods@example.org', GIL.email] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, GIL);
    expectNoErrors(desk.ws.deleteRow(OWNER, desk.ids.status, 'Committee', 3));
    desk.members.splice(1, 1);
    desk.check();
    // The conflict was declared by this person; leaving the committee does not undo it (ADV-28).
    expect(recommendationTo(desk, kase, GIL.email)).toEqual([]);
  });

  test('ADV-188 a member leaves (row deleted), still moderates the space, and is then reported by name: the recommendation about them never reaches them', () => {
    const desk = startResolutionDesk({ members: [ANA, GIL, CY, DEE], moderators: ['mods@example.org', GIL.email] });
    expectNoErrors(desk.ws.deleteRow(OWNER, desk.ids.status, 'Committee', 3));
    desk.members.splice(1, 1);
    desk.check();
    const kase = reportCase(desk, {
      reported: [GIL.name],
      what: 'In the release call Gil Moor mocked my accent in the public channel after I asked him to stop.',
    });
    // The registry still knows whose address it is: the moderator is the person the report names.
    expect(recommendationTo(desk, kase, GIL.email)).toEqual([]);
  });
});

describe('roster life: a Role cell cleared by mistake', () => {
  test('ADV-186 the owner clears a cleared voting member\u2019s Role cell (the Delete key; the drop-down lets a blank through) during a vote: they stay a member, with the Doc and their ballot', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, CY, kase, 'approve');
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 4, 3, ''));
    desk.check();
    sweep(desk);

    expect(docEditors(desk, kase.docId)).toContain(CY.email);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(CY.email);
    expect(desk.ws.mail().filter((m) => m.subject.includes('A member was made inactive'))).toEqual([]);
    // The owner is told what to correct, and what is done meanwhile.
    const told = desk.ws.mailTo(OWNER).filter((m) => /needs a correction/.test(m.subject));
    expect(told.map((m) => /row 4: role '' .*keeping this member's last role \(voting\)/.test(m.body))).toEqual([true]);
    // Cy's approval still counts: Ana's makes two of the three voting members, and the vote passes.
    vote(desk, ANA, kase, 'approve');
    expect(
      desk.ws.mailTo(ANA.email).filter((m) => /passed/.test(m.body) && m.body.includes(kase.codeName)),
    ).not.toEqual([]);
  });
});

describe('roster life: an Email cell mistyped into no address at all', () => {
  test('ADV-187 the owner slips while retyping a cleared member\u2019s Email (a comma for the dot, no domain): they stay a member until it is corrected', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    clear(desk, sam, CY);
    const rowsBefore = registryRows(desk, 'Clearances').length;
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 4, 2, 'cy.park@gmail,com'));
    sweep(desk);

    expect(docEditors(desk, sam.docId)).toContain(CY.email);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(CY.email);
    expect(desk.ws.mail().filter((m) => m.subject.includes('A member was made inactive'))).toEqual([]);
    const told = desk.ws.mailTo(OWNER).filter((m) => /needs a correction/.test(m.subject));
    expect(told.map((m) => /row 4: email 'cy.park@gmail,com' is not a valid address/.test(m.body))).toEqual([true]);
    // Corrected, nothing happened at all: no clearance reset, no second welcome.
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 4, 2, CY.email));
    sweep(desk);
    expect(registryRows(desk, 'Clearances')).toHaveLength(rowsBefore);
    expect(desk.ws.mailTo(CY.email).filter((m) => /Welcome/.test(m.subject))).toHaveLength(1);
  });
});

describe('roster life: two Email cells swapped one at a time', () => {
  test('ADV-216 the owner swaps two members\u2019 addresses between their rows, one cell after the other, while a vote is open: nobody is offboarded', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE, EVE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    // Row 2 is Ana's, row 3 Cy's. Row 2 first: for a moment both rows list Cy's address, and Ana's is in none.
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 2, 2, CY.email));
    desk.check();
    expect(docEditors(desk, kase.docId)).toContain(ANA.email);
    sweep(desk); // the owner pauses before the second cell: the sweep tells them what it read
    const told = desk.ws.mailTo(OWNER).filter((m) => /needs a correction/.test(m.subject));
    expect(told.map((m) => m.body.includes(`keeping ${ANA.email}, last recorded for this name`))).toEqual([true]);
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 3, 2, ANA.email));
    desk.check();
    sweep(desk);
    // Before, the first edit offboarded Ana's address: every Doc taken back, every clearance reset (her approval no
    // longer counted), "Ana Lima is no longer an active member" to the committee, and a new welcome to answer.
    expect(desk.ws.mail().filter((m) => m.subject.includes('A member was made inactive'))).toEqual([]);
    expect(registryRows(desk, 'Clearances').filter((c) => c.Decision !== 'no-conflict')).toEqual([]);
    expect(docEditors(desk, kase.docId)).toEqual(expect.arrayContaining([ANA.email, CY.email]));
    expect(desk.ws.mailTo(ANA.email).filter((m) => /Welcome/.test(m.subject))).toHaveLength(1);
    expect(pageText(open(desk, newestLink(desk, CY.email, 'case', kase.caseId).url))).toContain(
      '1 of 4 eligible members have voted',
    );
    // The rows say what the owner wrote: each address is now under the other name.
    const names = Object.fromEntries(registryRows(desk, 'Members').map((m) => [m.Email, m.Name]));
    expect([names[ANA.email], names[CY.email]]).toEqual([CY.name, ANA.name]);
  });
});

describe('roster life: the Committee header', () => {
  test('the owner renames the Email header by mistake: nobody is offboarded, and putting it back changes nothing', () => {
    const desk = startDesk({ members: [ANA, BO] });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    clear(desk, sam, ANA);
    const before = registryRows(desk, 'Clearances').length;

    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 1, 2, 'E-mail'));
    desk.check();
    sweep(desk);
    expect(docEditors(desk, sam.docId)).toEqual([ANA.email]);
    expect(desk.ws.data.file(desk.ids.status).editors).toEqual(expect.arrayContaining([ANA.email, BO.email]));
    expect(registryRows(desk, 'Members').map((m) => m.Active)).toEqual(['TRUE', 'TRUE']);
    expect(registryRows(desk, 'Clearances')).toHaveLength(before);
    expect(desk.ws.mail().filter((m) => m.subject.includes('A member was made inactive'))).toEqual([]);
    // The owner is told what to correct.
    expect(desk.ws.mailTo(OWNER).some((m) => /missing column/.test(m.body))).toBe(true);

    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 1, 2, 'Email'));
    desk.check();
    expect(docEditors(desk, sam.docId)).toEqual([ANA.email]);
    expect(desk.ws.mailTo(ANA.email).filter((m) => /welcome|onboard/i.test(m.subject))).toHaveLength(1);
  });
});

describe('roster life: back before the status sheet was confirmed removed', () => {
  test('a member made active again while their sheet removal is unconfirmed is welcomed and asked about the cases again', () => {
    const desk = startDesk({ members: [ANA, BO], profile: 'workspace' });
    const sam = submitReport(desk, { reported: ['Sam Doe'] });
    clear(desk, sam, ANA);
    // Drive fails the status sheet's removal (the first removal it is asked for).
    const removals = desk.ws.rt.totals['Drive.Permissions.remove'] ?? 0;
    desk.ws.rt.faults.push({ call: 'Drive.Permissions.remove', nth: removals + 1, message: 'Internal error' });
    setActive(desk, ANA.email, false);
    expect(docEditors(desk, sam.docId)).toEqual([]);
    const welcomes = () => desk.ws.mailTo(ANA.email).filter((m) => m.subject.includes('conflict check'));
    expect(welcomes()).toHaveLength(0); // welcomed before any report

    setActive(desk, ANA.email, true);
    sweep(desk);
    expect(welcomes()).toHaveLength(1);
    const page = open(desk, newestLink(desk, ANA.email, 'onboard').url);
    expect(pageText(page)).toContain('Sam Doe');
  });
});

describe('roster life: a new address while a vote is open', () => {
  test('ADV-214 the owner types a voting member\u2019s new address over the old one while the case\u2019s vote is open: once it declares no conflict again, their ballot counts', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE, EVE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote'); // four eligible, three approvals needed
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const to = 'cy.park@newjob.example';
    editEmail(desk, CY.email, to);
    // The new address declares no conflict itself (default deny, ADV-101), and gets the Doc back.
    const page = open(desk, newestLink(desk, to, 'onboard').url);
    const field = /<legend>Sam Doe<\/legend>[\s\S]*?name="(person-\d+)"/.exec(page.response.body)?.[1] ?? '';
    press(desk, page, 'onboard', { fields: { [field]: 'no-conflict' } });
    desk.check();
    expect(docEditors(desk, kase.docId)).toContain(to);
    // Cy's page offers their vote (the approval they gave stands, and they may change it).
    expect(pageText(open(desk, newestLink(desk, to, 'case', kase.caseId).url))).toContain('2 of 4 eligible members');
    vote(desk, EVE, kase, 'approve');
    // Before, Cy's approval no longer counted and their new address was "not one of the eligible voters": the
    // threshold stayed three of four, so Ana's and Eve's approvals were all that could count and the vote could not pass.
    const passed = (email: string) =>
      desk.ws.mailTo(email).filter((m) => /passed/.test(m.body) && m.body.includes(kase.codeName));
    expect(passed(ANA.email)).toHaveLength(1);
    expect(passed(to)).toHaveLength(1);
  });
});

describe('roster life: a new address while a vote is open, its welcome failing', () => {
  test('ADV-214 the seat moves even when Drive fails the new address\u2019s status-sheet share (the move is seen only once)', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE, EVE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, CY, kase, 'approve');
    const before = memberId(desk, CY.email);
    desk.ws.rt.faults.push({
      call: 'Drive.Permissions.create',
      nth: (desk.ws.rt.totals['Drive.Permissions.create'] ?? 0) + 1,
      message: 'Internal error',
    });
    const to = 'cy.park@newjob.example';
    editEmail(desk, CY.email, to);
    sweep(desk); // the welcome is retried and goes
    const [row] = registryRows(desk, 'Votes');
    expect(JSON.parse(row.Eligible)).toContain(memberId(desk, to));
    expect(JSON.parse(row.Eligible)).not.toContain(before);
    // The ballot moves with its count of ballots cast (the ballot mark's, ADV-553): a count lost read as a restore.
    expect(JSON.parse(row.Ballots)).toEqual({ [memberId(desk, to)]: 'approve', '#': 1 });
    // The committee account hears of the move all the same (ADV-101), once.
    const told = desk.ws.mailTo(OWNER).filter((m) => /address was changed/i.test(m.subject));
    expect(told.map((m) => m.body.includes(`${CY.email} to ${to}`))).toEqual([true]);
  });
});
