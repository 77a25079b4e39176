// Adversarial cases on the Committee roster as a busy owner edits it: a cell cleared by mistake must not bring back a member the committee removed.
import {
  ANA,
  BO,
  addMember,
  CY,
  DEE,
  OWNER,
  clear,
  docEditors,
  expectNoErrors,
  registryRows,
  reportCase,
  setActive,
  startResolutionDesk,
  submitReport,
  sweep,
  clearedCases,
  startDesk,
  statusRows,
  sweepHours,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

describe('an inactive member\u2019s Active cell cleared', () => {
  it('ADV-388 the owner clears (the Delete key) the unticked Active box of a member removed for cause: they stay out', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    setActive(desk, BO.email, false);
    expect(docEditors(desk, kase.docId)).not.toContain(BO.email);
    const mailBefore = desk.ws.mailTo(BO.email).length;
    // Bo's row is the third: the Delete key empties the cell (the checkbox goes with it), as for a Role cell (ADV-186).
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 3, 4, ''));
    desk.check();
    const later = submitReport(desk, { reported: ['Quorra Vell'] });
    sweep(desk);
    // Before: an empty Active cell read as active, so Bo was welcomed again (the status spreadsheet, the onboarding page
    // naming every reported person) and sent the new report's screening email.
    expect(
      desk.ws
        .mailTo(BO.email)
        .slice(mailBefore)
        .map((m) => m.subject),
    ).toEqual([]);
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(BO.email);
    expect(docEditors(desk, later.docId)).not.toContain(BO.email);
    expect(registryRows(desk, 'Members').find((m) => m.Email === BO.email)?.Active).toBe('FALSE');
    const told = desk.ws.mailTo(OWNER).filter((m) => /needs a correction/.test(m.subject));
    expect(told.some((m) => /row 3: Active is empty; keeping this member inactive/.test(m.body))).toBe(true);
    // Ticked again on purpose, Bo is welcomed back as any returning member.
    setActive(desk, BO.email, true);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(BO.email);
  });
});

describe('one name under two addresses', () => {
  it('ADV-391 the owner adds a row with a member\u2019s name under their second address: the owner is told they would vote twice', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY] });
    // Ana's row is the second; her second mailbox, typed as a new member by a busy owner.
    addMember(desk, { name: ANA.name, email: 'ana.second@example.net' });
    sweep(desk);
    const told = desk.ws.mailTo(OWNER).filter((m) => /needs a correction/.test(m.subject));
    // Before: nothing said; Ana was welcomed at both addresses, counted twice and given two ballots in every vote.
    expect(
      told.some((m) =>
        /Committee rows 2 and 5 give the same name \(Ana[^)]*\) under two addresses: if they are one person, untick Active on one row/.test(
          m.body,
        ),
      ),
    ).toBe(true);
  });
});

describe('a new member’s address pasted with a character the owner cannot see', () => {
  it('ADV-428 a zero-width space (a chat’s copy) or a Cyrillic а in the Email cell: refused, and the owner is told which character to retype', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY] });
    addMember(desk, { name: 'Fay Moss', email: 'fay\u200b.moss@example.org' });
    addMember(desk, { name: 'Gil Rowe', email: 'gil.r\u043ewe@example.org' });
    sweep(desk);
    const told = desk.ws
      .mailTo(OWNER)
      .filter((m) => /needs a correction/.test(m.subject))
      .map((m) => m.body)
      .join('\n');
    // Before: "email 'fay.moss@example.org' is not a valid address", the character invisible in the mail too: the owner
    // read a good address refused, and the Cyrillic о looked like the Latin one.
    const hint = '(<U+…> marks a character that is invisible or only looks like a letter: retype it)';
    expect(told).toContain(`row 5: email 'fay<U+200B>.moss@example.org' ${hint} is not a valid address; skipping`);
    expect(told).toContain(`row 6: email 'gil.r<U+043E>we@example.org' ${hint} is not a valid address; skipping`);
    // Refused all the same: the cell is who would be shared every case; the system never guesses which mailbox is meant.
    expect(desk.ws.mailTo('fay.moss@example.org')).toEqual([]);
    expect(registryRows(desk, 'Members').map((m) => m.Name)).not.toContain('Fay Moss');
  });
});

describe('the status spreadsheet rebuilt while a member\u2019s offboarding is paused', () => {
  it('ADV-661 the owner unticks a member while Drive is slow (the offboarding pauses), then the sheet is lost and setup rebuilds it: the member is not given it, nor made active again', () => {
    const desk = startDesk({ members: [ANA, BO], profile: 'workspace' });
    const cases = clearedCases(desk, 16, ANA, BO);
    // A revocation lists the Doc's sharing and reads it again: about 30 s a Doc, sixteen Docs past the edit trigger's time.
    desk.ws.rt.latency['Drive.Permissions.list'] = 15_000;
    setActive(desk, ANA.email, false);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'member.offboard-paused')).toHaveLength(1);
    desk.ws.rt.latency['Drive.Permissions.list'] = 0;
    // The owner deletes the status spreadsheet for good and runs setup (troubleshooting.md), before the next sweep.
    desk.ws.data.deleteForever(desk.ids.status);
    (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script.delete(
      'statusSpreadsheetId',
    );
    expect(desk.ws.run('setup').record.outcome).toBe('ok');
    desk.ids.status = desk.ws.properties().statusSpreadsheetId;
    desk.members.find((m) => m.email === ANA.email)!.active = false;
    desk.check();
    // Before: the registry still had Ana active, so the rebuilt sheet was shared with her and its Committee tab ticked her
    // Active: the roster took that as the owner ticking her again, ended the offboarding, and she kept the Docs not yet
    // taken back.
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(ANA.email);
    expect(statusRows(desk, 'Committee').find((r) => r.Email === ANA.email)?.Active).toBe('false');
    sweepHours(desk, 2);
    expect(cases.filter((c) => docEditors(desk, c.docId).includes(ANA.email))).toEqual([]);
    expect(registryRows(desk, 'Members').find((m) => m.Email === ANA.email)?.Active).toBe('FALSE');
    expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(ANA.email);
  });
});
