// The status sheet is no control panel (issue 14 point 3), through the built bundle: a Status typed by someone Google does not name, or by a member not cleared, changes nothing and is a proposal a cleared member confirms or undoes on the case page; the owner's edit acts; invariants (10 among them) after every step.
import {
  ANA,
  answerConflict,
  CY,
  DAY,
  DEE,
  OWNER,
  advance,
  caseAction,
  casePage,
  caseRow,
  docSection,
  mailsTo,
  offers,
  pageText,
  registryCase,
  registryRows,
  reportCase,
  typeStatus,
  caseWithOpenVote,
  clear,
  HOUR,
  jumpAndSweep,
  MODS,
  moderatorAnswer,
  passedCase,
  press,
  sendLetter,
  startResolutionDesk,
  statusRows,
  vote,
  writeSection,
  type Desk,
} from './desk';
import { findViolations } from './invariants';

const REPORTER = 'rita.quell@example.net';
const PROPOSAL = /^\[Conduct Desk\] A status change in the sheet waits for confirmation/;
/** Members' closings typed in the sheet wait for two cleared members only when Settings say so (with Vote: ADV-382). */
const SHEET_PROPOSALS = { 'Closing decision': 'Second member' };

function openVotes(desk: Desk): number {
  return registryRows(desk, 'Votes').filter((v) => v.Outcome === 'open').length;
}

describe('a Status typed in the sheet', () => {
  test('by a conflicted member: nothing is cancelled or stopped, the cleared members are told once', () => {
    const { desk, kase } = caseWithOpenVote(SHEET_PROPOSALS);
    const phase = registryCase(desk, kase).Phase;
    typeStatus(desk, ANA.email, kase, 'Resolved');
    advance(desk, 2 * 3600000);
    expect(openVotes(desk)).toBe(1);
    expect(registryCase(desk, kase).Phase).toBe(phase);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, PROPOSAL)).toHaveLength(0);
    // The deadlines go on: the reporter still gets the status email when the follow-up week passes.
    advance(desk, 8 * DAY);
    expect(mailsTo(desk, REPORTER, /status update/)).toHaveLength(1);
    expect(openVotes(desk) + registryRows(desk, 'Votes').filter((v) => v.Outcome !== 'open').length).toBe(1);
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(1);
  });

  test('typed again and again, a value and its opposite: the cleared members are told once a day, the day\u2019s mail is not spent', () => {
    const { desk, kase } = caseWithOpenVote(SHEET_PROPOSALS);
    for (let i = 0; i < 20; i++) {
      typeStatus(desk, ANA.email, kase, 'Resolved');
      typeStatus(desk, ANA.email, kase, 'Ongoing');
    }
    advance(desk, 2 * 3600000);
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(1);
    // The next day the same value is told again, once.
    advance(desk, DAY);
    typeStatus(desk, ANA.email, kase, 'Resolved');
    advance(desk, 3600000);
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(2);
  });

  test('a cleared member restores the status: the sheet shows the system\u2019s status again', () => {
    const { desk, kase } = caseWithOpenVote(SHEET_PROPOSALS);
    typeStatus(desk, ANA.email, kase, 'Closed');
    const page = casePage(desk, CY, kase);
    expect(pageText(page)).toContain('Confirm: close as Closed');
    expect(offers(page, 'restore-status')).toBe(true);
    caseAction(desk, CY, kase, 'restore-status');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(openVotes(desk)).toBe(1);
    expect(offers(casePage(desk, DEE, kase), 'confirm-status')).toBe(false);
    expect(docSection(desk, kase, 'Log')).toMatch(/Cy Park restored the status to Ongoing/);
  });

  test('two cleared members confirm: the case closes, recorded as theirs; one alone cannot close it before its response went out', () => {
    const { desk, kase } = caseWithOpenVote(SHEET_PROPOSALS);
    typeStatus(desk, DEE.email, kase, 'Resolved'); // Google does not name Dee: a proposal like any other
    expect(openVotes(desk)).toBe(1);
    // Dee may well have typed it: one confirmation is recorded, and nothing closes yet (nobody decides alone).
    expect(pageText(caseAction(desk, DEE, kase, 'confirm-status'))).toMatch(
      /A second member cleared for this case must confirm it too/,
    );
    expect(openVotes(desk)).toBe(1);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(pageText(caseAction(desk, DEE, kase, 'confirm-status'))).toMatch(/nobody closes a case alone/);
    caseAction(desk, CY, kase, 'confirm-status');
    expect(openVotes(desk)).toBe(0);
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    expect(docSection(desk, kase, 'Log')).toMatch(
      /Cy Park set the status to Resolved: reminders and status emails stop/,
    );
    advance(desk, 8 * DAY);
    expect(mailsTo(desk, REPORTER, /status update/)).toHaveLength(0);
  });

  test('the owner\u2019s edit acts at once; reopening by anyone else is a proposal too', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Resolved');
    expect(openVotes(desk)).toBe(0);
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    typeStatus(desk, ANA.email, kase, 'Ongoing');
    advance(desk, 2 * 3600000);
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    expect(mailsTo(desk, CY.email, PROPOSAL)).toHaveLength(1);
    expect(pageText(casePage(desk, CY, kase))).toContain('Confirm: reopen the case (Ongoing)');
    caseAction(desk, DEE, kase, 'confirm-status');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(docSection(desk, kase, 'Log')).toMatch(/Dee Ford set the status back to Ongoing: the case is open again/);
  });

  test('ADV-128 a conflicted member inserts a row while the owner\u2019s Status edit waits for the lock: the owner\u2019s edit acts on the case it was typed for, never on the row that moved under it', () => {
    const { desk, kase } = caseWithOpenVote();
    const other = reportCase(desk, { reported: ['Max Power'] });
    // Ana (conflicted on the first case) proposes closing it: a proposal, the cell still reads Closed.
    typeStatus(desk, ANA.email, kase, 'Closed');
    expect(openVotes(desk)).toBe(1);
    const codeNames = () => desk.ws.data.sheet(desk.ids.status, 'Cases').rows.map((r) => r[3]);
    const first = codeNames().indexOf(kase.codeName);
    expect(codeNames().indexOf(other.codeName)).toBe(first + 1);
    // The owner closes the other case during a long sweep; while the edit's trigger waits, Ana inserts a row above.
    desk.ws.holdScriptLock(desk.ws.rt.now() + 2 * 60000, () =>
      desk.ws.data.ui.insertRowBefore(ANA.email, desk.ids.status, 'Cases', first + 1),
    );
    typeStatus(desk, OWNER, other, 'Closed');
    expect(codeNames().indexOf(kase.codeName)).toBe(first + 1); // where the owner typed
    expect(openVotes(desk)).toBe(1);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(registryCase(desk, other)['Closed At']).not.toBe('');
  });

  test('ADV-129 while the owner has the sheet shared by link, someone signed out types Closed: Google names the owner as the editor, and the edit is only a proposal', () => {
    const { desk, kase } = caseWithOpenVote(SHEET_PROPOSALS);
    // The owner turns on "Anyone with the link can edit" by mistake; a member with a conflict opens the link signed out.
    desk.ws.data.ui.setSharing(OWNER, desk.ids.status, 'ANYONE_WITH_LINK', 'writer');
    typeStatus(desk, '', kase, 'Closed');
    expect(openVotes(desk)).toBe(1);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(1);
    // The hourly audit makes the sheet private again; the owner's own edit then acts as before.
    advance(desk, 3600000);
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(openVotes(desk)).toBe(0);
  });

  test('invariant 10 catches a case closed from the sheet by an editor nobody named', () => {
    const { desk, kase } = caseWithOpenVote();
    // What the product did before: the sweep closed the case for an unnamed editor, as the audit shows.
    const audit = desk.ws.data.sheet(desk.ids.registry, 'Audit');
    const rows = audit.rows.length;
    desk.ws.data.ui.editCell(OWNER, desk.ids.registry, 'Audit', rows + 1, 1, '2026-03-02T10:00:00.000Z');
    desk.ws.data.ui.editCell(OWNER, desk.ids.registry, 'Audit', rows + 1, 2, 'sweep');
    desk.ws.data.ui.editCell(OWNER, desk.ids.registry, 'Audit', rows + 1, 3, 'case.closed-by-member');
    desk.ws.data.ui.editCell(OWNER, desk.ids.registry, 'Audit', rows + 1, 4, kase.caseId);
    desk.ws.data.ui.editCell(OWNER, desk.ids.registry, 'Audit', rows + 1, 5, 'Resolved');
    expect(findViolations(desk.ws, desk.k).filter((v) => v.startsWith('10:'))).toEqual([
      expect.stringContaining(`10: case ${kase.caseId} was changed (case.closed-by-member) by nobody named`),
    ]);
  });
});

describe('rows a member retypes or copies in the sheet', () => {
  /** Types cells of a status tab row as `who`, one edit event a cell (1-based row and columns). */
  function typeCells(desk: Desk, who: string, row: number, cells: Record<number, string>): void {
    for (const [column, value] of Object.entries(cells))
      desk.ws.editCell(who, desk.ids.status, 'Cases', row, Number(column), value);
    desk.check();
  }

  test('a copy of a case\u2019s row: nobody\u2019s Status is read from either row, the committee is told once, and deleting the copy brings the row back', () => {
    const { desk, kase } = caseWithOpenVote(SHEET_PROPOSALS);
    const MISSING = /A status row could not be updated/;
    // A member with a conflict copies the case's row below the others with another Status (code name, then Status).
    const copy = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.length + 1;
    (desk.k.humanCopiedStatusRows ??= new Set()).add(kase.codeName.toLowerCase());
    typeCells(desk, ANA.email, copy, { 4: kase.codeName, 3: 'Closed' });
    advance(desk, 2 * 3600000);
    // Read from the last row, the copy's Status was a proposal the sweep brought back every hour after a cleared
    // member had restored the case's own row; now neither row is read while the system cannot tell which is the case's.
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(0);
    expect(JSON.parse(registryCase(desk, kase).Flags).statusProposal).toBeUndefined();
    const told = mailsTo(desk, CY.email, MISSING);
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/This code name is on more than one row/);
    // Not the owner either: the system will not guess which row is meant.
    typeCells(desk, OWNER, copy, { 3: 'Resolved' });
    advance(desk, DAY);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(openVotes(desk)).toBe(1);
    expect(mailsTo(desk, CY.email, MISSING)).toHaveLength(1);
    // The copy deleted, the case's row is kept and read again: a Status typed there is a proposal as before.
    desk.ws.data.ui.deleteRow(OWNER, desk.ids.status, 'Cases', copy);
    desk.k.humanCopiedStatusRows.delete(kase.codeName.toLowerCase());
    advance(desk, 2 * 3600000);
    expect(JSON.parse(registryCase(desk, kase).Flags).statusRowMissing).toBeUndefined();
    typeStatus(desk, ANA.email, kase, 'Closed');
    advance(desk, 2 * 3600000);
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(1);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('a case opened again from the sheet', () => {
  it('ADV-264 the committee account types a closed case back to Ongoing: the members cleared for it are told, nobody else', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    advance(desk, 3 * DAY);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    advance(desk, 2 * 3600000);
    // Before: only the Doc's log and the Audit tab knew; the cleared members learned it from the sheet, if they looked.
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, /A case is open again/)).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, /A case is open again/)).toEqual([]);
    // Closed and opened again: told again, once each time.
    typeStatus(desk, OWNER, kase, 'Closed');
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * 3600000);
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, /A case is open again/)).toHaveLength(2);
  });
  it('ADV-289 the committee account reopens a case it closed by typing New (or Awaiting moderators): the cell then says where the case really is', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    typeStatus(desk, OWNER, kase, 'New');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(registryCase(desk, kase).Phase).toBe('deliberating');
    // Before: 'New' stayed, kept as a member's own text, for the rest of the case (every later write left it).
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    caseAction(desk, CY, kase, 'open-vote');
    vote(desk, CY, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Send recommendation to moderators');
  });
});

describe('ADV-333 a reopening nobody confirms', () => {
  it('ADV-333 a member with a conflict types Ongoing over a case the committee account closed, and nobody confirms: the sheet says Closed again at once, through the archive, while the case page still offers the reopening', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    typeStatus(desk, ANA.email, kase, 'Ongoing');
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    // Before: the cell said Ongoing for as long as nobody confirmed, while the case stayed closed, was archived and its
    // reporter's details purged on schedule.
    expect(caseRow(desk, kase).Status).toBe('Closed');
    advance(desk, 2 * HOUR);
    expect(caseRow(desk, kase).Status).toBe('Closed');
    for (const m of [CY, DEE]) expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(1);
    expect(pageText(casePage(desk, CY, kase))).toContain('Confirm: reopen the case (Ongoing)');
    // Typed again the next day: put back again; the proposal stands, told once more that day.
    advance(desk, DAY);
    typeStatus(desk, ANA.email, kase, 'Ongoing');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    jumpAndSweep(desk, 100 * DAY);
    expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeTruthy();
    expect(caseRow(desk, kase).Status).toBe('Closed');
    // A cleared member confirms it (their links ran out meanwhile: fresh ones first): open again, and the sheet says so.
    press(desk, casePage(desk, DEE, kase), 'fresh-links');
    expect(pageText(casePage(desk, DEE, kase))).toContain('Confirm: reopen the case (Ongoing)');
    caseAction(desk, DEE, kase, 'confirm-status');
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
  });

  it('ADV-333 the committee account types Closed over the put-back cell: the reopening is withdrawn, as a proposal typed back always was', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    typeStatus(desk, ANA.email, kase, 'Ongoing');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    // Someone Google does not name typing it changes nothing: it may be the member who proposed it.
    typeStatus(desk, ANA.email, kase, 'Closed');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(false);
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
  });
});

describe('ADV-334 statuses pasted over many rows at once', () => {
  const KEPT = /A case closed by a decision is not reopened from the sheet/;
  const PASTED = /^\[Conduct Desk\] 4 statuses were changed in the sheet/;
  /** Pastes `value` into the Status cells of `cases` (adjacent rows, in sheet order) as `who`: one edit event. */
  function pasteStatus(desk: Desk, who: string, cases: { codeName: string }[], value: string): void {
    const rows = statusRows(desk).map((r) => r['Code Name']);
    const first = rows.indexOf(cases[0].codeName) + 2;
    expect(cases.map((c) => rows.indexOf(c.codeName) + 2)).toEqual(cases.map((_, i) => first + i));
    for (const r of desk.ws.pasteCells(
      who,
      desk.ids.status,
      'Cases',
      first,
      3,
      cases.map(() => [value]),
    ))
      expect(r.record.outcome).toBe('ok');
    desk.check();
  }

  it('ADV-334 a member pastes Ongoing down the Status of four cases their votes closed: every cell is put back, and the committee account gets one alert naming the four', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const cases = [1, 2, 3, 4].map(() => reportCase(desk));
    for (const kase of cases) {
      clear(desk, kase, ANA, CY, DEE);
      caseAction(desk, ANA, kase, 'close-no-violation');
      vote(desk, ANA, kase, 'approve');
      vote(desk, CY, kase, 'approve');
    }
    pasteStatus(desk, DEE.email, cases, 'Ongoing');
    for (const kase of cases) expect(caseRow(desk, kase).Status).toBe('Closed');
    advance(desk, 2 * HOUR);
    // Before: one alert a case (4 here; a column pasted over a year's cases, the day's quota of 100 recipients).
    expect(mailsTo(desk, OWNER, KEPT)).toHaveLength(0);
    const told = mailsTo(desk, OWNER, PASTED);
    expect(told).toHaveLength(1);
    for (const kase of cases)
      expect(told[0].body).toContain(`${kase.codeName}: "Ongoing", a case closed by a decision: "Closed" again`);
    // The same paste again (Undo, Redo): not told again.
    pasteStatus(desk, DEE.email, cases, 'Ongoing');
    advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, PASTED)).toHaveLength(1);
  });

  it('ADV-334 a member with a conflict pastes Closed down the Status of four open cases: each cleared member gets one message naming the four', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: SHEET_PROPOSALS });
    const cases = [1, 2, 3, 4].map(() => reportCase(desk));
    for (const kase of cases) {
      answerConflict(desk, kase, ANA);
      clear(desk, kase, CY, DEE);
    }
    pasteStatus(desk, ANA.email, cases, 'Closed');
    advance(desk, 2 * HOUR);
    for (const kase of cases) expect(registryCase(desk, kase)['Closed At']).toBe('');
    // Before: one message a case to each cleared member (4 each here; with 30 rows and 4 members, 120 recipients).
    for (const m of [CY, DEE]) {
      expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(0);
      const told = mailsTo(desk, m.email, PASTED);
      expect(told).toHaveLength(1);
      for (const kase of cases) expect(told[0].body).toContain(`${kase.codeName}: "Closed", case page https://`);
    }
    expect(mailsTo(desk, ANA.email, PASTED)).toHaveLength(0);
    expect(pageText(casePage(desk, CY, cases[2]))).toContain('Confirm: close as Closed');
  });

  it('ADV-334 the same paste whose edit trigger never ran: the hourly sweep tells each cleared member once, naming the four', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: SHEET_PROPOSALS });
    const cases = [1, 2, 3, 4].map(() => reportCase(desk));
    for (const kase of cases) {
      answerConflict(desk, kase, ANA);
      clear(desk, kase, CY, DEE);
    }
    const first = statusRows(desk).findIndex((r) => r['Code Name'] === cases[0].codeName) + 2;
    // The paste lands while the triggers do not run (an outage, the day's trigger time spent): no edit event.
    desk.ws.data.ui.pasteCells(
      ANA.email,
      desk.ids.status,
      'Cases',
      first,
      3,
      cases.map(() => ['Closed']),
    );
    advance(desk, 2 * HOUR);
    for (const kase of cases) expect(registryCase(desk, kase)['Closed At']).toBe('');
    for (const m of [CY, DEE]) {
      // Before: one message a case, as the edit trigger sent them.
      expect(mailsTo(desk, m.email, PROPOSAL)).toHaveLength(0);
      expect(mailsTo(desk, m.email, PASTED)).toHaveLength(1);
    }
  });
});

describe('ADV-335 the risk columns', () => {
  /** Types a risk cell (column 1 `Safety risk?`, 2 `Risk of repeating?`) of the case's row as `who`. */
  function setRisk(desk: Desk, who: string, kase: { codeName: string }, column: number, value: string): void {
    const row = statusRows(desk).findIndex((r) => r['Code Name'] === kase.codeName) + 2;
    for (const r of desk.ws.editCell(who, desk.ids.status, 'Cases', row, column, value))
      expect(r.record.outcome).toBe('ok');
    desk.check();
  }

  it('ADV-335 a member with a conflict sets Safety risk? and Risk of repeating? to No: the cleared members’ case page says nobody cleared for it confirmed them, until one does', () => {
    const { desk, kase } = caseWithOpenVote();
    setRisk(desk, ANA.email, kase, 1, 'No');
    setRisk(desk, ANA.email, kase, 2, 'No');
    const page = casePage(desk, CY, kase);
    // Before: the reminders went away as if the members cleared for the case had weighed the risk.
    expect(pageText(page)).toMatch(/Safety risk\? "No" in the sheet, not confirmed by a member cleared for this case/);
    expect(pageText(page)).toMatch(/Risk of repeating\? "No" in the sheet, not confirmed/);
    expect(offers(page, 'confirm-risk')).toBe(true);
    caseAction(desk, CY, kase, 'confirm-risk');
    expect(pageText(casePage(desk, DEE, kase))).not.toMatch(/Safety risk\?|Risk of repeating\?/);
    expect(docSection(desk, kase, 'Log')).toMatch(/Cy Park confirmed Safety risk\? No, Risk of repeating\? No/);
    // Changed again in the sheet: not confirmed again.
    setRisk(desk, ANA.email, kase, 1, 'Maybe');
    expect(pageText(casePage(desk, DEE, kase))).toMatch(/Safety risk\? "Maybe" in the sheet, not confirmed/);
    expect(pageText(casePage(desk, DEE, kase))).not.toMatch(/Risk of repeating\? "No" in the sheet/);
  });
});

describe('ADV-336 a Status cell cleared', () => {
  it('ADV-336 a member with a conflict clears a case\u2019s Status and Actions needed (the Delete key): the next change of the case writes both again', () => {
    const { desk, kase } = caseWithOpenVote();
    const row = statusRows(desk).findIndex((r) => r['Code Name'] === kase.codeName) + 2;
    for (const r of desk.ws.pasteCells(ANA.email, desk.ids.status, 'Cases', row, 3, [['']]))
      expect(r.record.outcome).toBe('ok');
    desk.ws.editCell(ANA.email, desk.ids.status, 'Cases', row, 6, '');
    desk.check();
    vote(desk, CY, kase, 'approve');
    vote(desk, DEE, kase, 'approve');
    caseAction(desk, CY, kase, 'send-recommendation');
    // Before: both stayed blank for the rest of the case, a blank taken for a member's own text and left as it is.
    expect(caseRow(desk, kase).Status).toBe('Awaiting moderators');
    expect(caseRow(desk, kase)['Actions needed']).not.toBe('');
  });
});

describe('a case closed by a decision, typed back to Ongoing', () => {
  const KEPT = /A case closed by a decision is not reopened from the sheet/;

  it('ADV-286 the committee account (or a member) types Ongoing over a case the vote closed as not a violation: the cell says Closed again and the committee account is told how such a case goes on', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    caseAction(desk, ANA, kase, 'close-no-violation');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    typeStatus(desk, OWNER, kase, 'Ongoing');
    // Before: nothing happened and nobody was told; the cell said Ongoing while the case stayed closed (and was archived
    // and purged on schedule).
    expect(caseRow(desk, kase).Status).toBe('Closed');
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    advance(desk, 2 * HOUR);
    const told = mailsTo(desk, OWNER, KEPT);
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/new report/);
    // Typed again the same day: the cell is put back again, the typist not told twice.
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    advance(desk, 2 * HOUR);
    expect(mailsTo(desk, OWNER, KEPT)).toHaveLength(1);
    // A member's edit (Google does not name them) is put back too; the committee account is told the next day.
    typeStatus(desk, DEE.email, kase, 'New');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    for (const m of [ANA, CY, DEE]) expect(mailsTo(desk, m.email, KEPT)).toHaveLength(0);
    advance(desk, DAY);
    typeStatus(desk, DEE.email, kase, 'Awaiting moderators');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, KEPT)).toHaveLength(2);
    // An edit whose trigger never ran (an outage) is put back by the next hourly sweep.
    const row = statusRows(desk).findIndex((r) => r['Code Name'] === kase.codeName) + 2;
    desk.ws.data.ui.editCell(ANA.email, desk.ids.status, 'Cases', row, 3, 'Ongoing');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    advance(desk, HOUR);
    expect(caseRow(desk, kase).Status).toBe('Closed');
    // The follow-up sent, it is archived months later (its registry rows moved to the year's archive): typed back,
    // put back all the same.
    writeSection(desk, ANA, kase, 'Follow-up to the reporter', 'Not a violation, because of the context.');
    caseAction(desk, ANA, kase, 'send-follow-up');
    jumpAndSweep(desk, 91 * DAY);
    expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeTruthy();
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(caseRow(desk, kase).Status).toBe('Closed');
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, KEPT)).toHaveLength(3);
  });

  it('ADV-286 a case resolved after its letter and follow-up, typed back to Ongoing: put back to Resolved, and the committee account is pointed to a new round', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = passedCase(desk);
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    sendLetter(desk, ANA, kase, 'sam.doe@example.net');
    caseAction(desk, ANA, kase, 'send-follow-up');
    expect(caseRow(desk, kase).Status).toBe('Resolved');
    typeStatus(desk, OWNER, kase, 'Ongoing');
    expect(caseRow(desk, kase).Status).toBe('Resolved');
    advance(desk, 2 * HOUR);
    const told = mailsTo(desk, OWNER, KEPT);
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(/Open a new round/);
  });
});
