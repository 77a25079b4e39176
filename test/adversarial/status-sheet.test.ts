// Adversarial cases of the status spreadsheet members type into (ADV-365…ADV-367, ADV-382): what a busy member or an attacker does in the sheet, through the built bundle, invariants after every step.
import {
  ANA,
  BO,
  CY,
  DEE,
  EVE,
  HOUR,
  OWNER,
  advance,
  answerConflict,
  caseAction,
  casePage,
  caseRow,
  clear,
  expectNoErrors,
  expectOk,
  mailsTo,
  offers,
  outcomeOf,
  pageText,
  registryCase,
  registryRows,
  reportCase,
  setSetting,
  startResolutionDesk,
  typeStatus,
  vote,
  writeTexts,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

const NOT_CLOSED = /^\[Conduct Desk\] A case whose response was voted is not closed from the sheet/;

/** `Closing decision` = Second member; Eve has a conflict, Ana, Cy and Dee are cleared and Ana wrote the texts. */
function secondMemberCase(): { desk: Desk; kase: CaseInfo } {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE], settings: { 'Closing decision': 'Second member' } });
  const kase = reportCase(desk);
  answerConflict(desk, kase, EVE);
  clear(desk, kase, ANA, CY, DEE);
  writeTexts(desk, ANA, kase);
  expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
  return { desk, kase };
}

function passVote(desk: Desk, kase: CaseInfo): void {
  vote(desk, ANA, kase, 'approve');
  vote(desk, CY, kase, 'approve');
  expect(registryCase(desk, kase).Phase).toBe('vote-passed');
}

/** The voted response stands: the case is open, its cell says so, and the recommendation is the next step. */
function expectResponseStands(desk: Desk, kase: CaseInfo): void {
  expect(registryCase(desk, kase).Phase).toBe('vote-passed');
  expect(registryCase(desk, kase)['Closed At']).toBe('');
  expect(caseRow(desk, kase).Status).toBe('Ongoing');
  expect(offers(casePage(desk, CY, kase), 'send-recommendation')).toBe(true);
}

describe('ADV-365 a case whose plan and consequences were voted is closed from the sheet', () => {
  it('ADV-365 the committee account types Closed: the case stays open, the cell is put back, and the account is told why', () => {
    const { desk, kase } = secondMemberCase();
    passVote(desk, kase);
    // Before: the owner's edit closed the case at once, undoing the two-thirds vote.
    typeStatus(desk, OWNER, kase, 'Closed');
    expectResponseStands(desk, kase);
    const [told] = mailsTo(desk, OWNER, NOT_CLOSED);
    expect(told.body).toContain('"Closed" was typed over its status: the sheet says "Ongoing" again');
    expect(told.body).toContain('closing it without them is put to the vote on its case page');
  });

  it('ADV-365 a member with a conflict types Closed and two cleared members would confirm it: nothing to confirm, nothing told to them', () => {
    const { desk, kase } = secondMemberCase();
    passVote(desk, kase);
    const eveMail = desk.ws.mailTo(EVE.email).length;
    typeStatus(desk, EVE.email, kase, 'Closed');
    // Before: a proposal Cy and Dee confirmed on the case page, and the case closed on two members' word.
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(false);
    expectResponseStands(desk, kase);
    expect(mailsTo(desk, OWNER, NOT_CLOSED)).toHaveLength(1);
    expect(mailsTo(desk, CY.email, /waits for confirmation/)).toHaveLength(0);
    expect(desk.ws.mailTo(EVE.email)).toHaveLength(eveMail);
  });

  it('ADV-365 Closed typed while the vote ran, then the vote passes: confirming it on the case page closes nothing', () => {
    const { desk, kase } = secondMemberCase();
    typeStatus(desk, EVE.email, kase, 'Closed');
    passVote(desk, kase);
    const page = caseAction(desk, CY, kase, 'confirm-status');
    expect(pageText(page)).toMatch(/The committee voted this case\u2019s response: only a vote closes it now/);
    // Before: Dee's confirmation made two, and the case closed; now the proposal is gone and the cell put back.
    expect(offers(casePage(desk, DEE, kase), 'confirm-status')).toBe(false);
    expectResponseStands(desk, kase);
    expect(mailsTo(desk, OWNER, NOT_CLOSED)).toHaveLength(1);
  });
});

describe('ADV-366 a tab a member adds to the status spreadsheet', () => {
  const TAB_ALERT = /^\[Conduct Desk\] A tab of the status sheet may identify someone/;

  /** A member adds a tab (the + at the bottom, or a copy of Cases renamed) and types `rows` into it. */
  function addTab(desk: Desk, name: string, rows: string[][]): void {
    const done = desk.ws.runInProcess(() =>
      SpreadsheetApp.openById(desk.ids.status)
        .insertSheet(name)
        .getRange(1, 1, rows.length, rows[0].length)
        .setValues(rows),
    );
    expect(done.error).toBeUndefined();
    desk.check();
  }

  it('ADV-366 a tab naming the reported person, or a copy of Cases holding the reporter’s address: the committee account alone is told, by the tab’s place, once', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    answerConflict(desk, kase, EVE);
    addTab(desk, 'Agenda', [['Topic'], ['Budget for the next release call']]);
    advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, TAB_ALERT)).toHaveLength(0);
    // Before: the lint read only Cases and the comments; every member, Eve too, read the name in the added tab.
    addTab(desk, 'Notes', [['Who'], [`${kase.codeName}: sam doe again?`]]);
    advance(desk, HOUR);
    const [told] = mailsTo(desk, OWNER, TAB_ALERT);
    expect(told.body).toContain('Tab 7 of the status sheet (from the left)');
    expect(told.body).not.toMatch(/sam doe|Notes/i);
    advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, TAB_ALERT)).toHaveLength(1);
    addTab(desk, 'Copy of Cases', [
      ['Code Name', 'Actions needed'],
      [kase.codeName, 'ask RITA.QUELL@example.net'],
    ]);
    advance(desk, HOUR);
    expect(mailsTo(desk, OWNER, TAB_ALERT)).toHaveLength(2);
    for (const m of [ANA, CY, DEE, EVE]) expect(mailsTo(desk, m.email, TAB_ALERT)).toHaveLength(0);
  });

  it('ADV-366 a member pastes 40,000 rows into a tab of their own: each hourly run reads at most 30,000 of its cells, first rows first, and still finds a name at the top', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const rows = Array.from({ length: 40000 }, (_, i) => [`row ${i}`, 'nothing to see']);
    rows[0] = ['Sam Doe', 'again?'];
    const done = desk.ws.runInProcess(() => {
      const sheet = SpreadsheetApp.openById(desk.ids.status).insertSheet('Dump');
      sheet.insertRowsAfter(sheet.getMaxRows(), rows.length - sheet.getMaxRows());
      sheet.getRange(1, 1, rows.length, 2).setValues(rows);
    });
    expect(done.error).toBeUndefined();
    const runs = desk.ws.advance(HOUR);
    const sweep = runs.map((r) => r.record).find((r) => r.fn === 'sweep_');
    // Before: the whole tab every hour (80,000 cells here; a pasted million would take the run and its memory).
    const dump = Object.entries(sweep?.cellsRead ?? {}).filter(([where]) => where.endsWith('/Dump'));
    expect(dump.length).toBe(1);
    expect(dump[0][1]).toBeLessThanOrEqual(30000);
    expect(mailsTo(desk, OWNER, TAB_ALERT)).toHaveLength(1);
  });
});

describe('ADV-367 Resolved and Closed typed over each other', () => {
  it('ADV-367 Resolved typed over a case the vote closed as not a violation, or over one the committee account closed: the sheet says Closed again, as the registry does', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const voted = reportCase(desk);
    const typed = reportCase(desk);
    for (const kase of [voted, typed]) {
      answerConflict(desk, kase, EVE);
      clear(desk, kase, ANA, CY, DEE);
    }
    caseAction(desk, ANA, voted, 'close-no-violation');
    vote(desk, ANA, voted, 'approve');
    vote(desk, CY, voted, 'approve');
    typeStatus(desk, OWNER, typed, 'Closed');
    for (const kase of [voted, typed]) {
      expect(registryCase(desk, kase).Phase).toBe('closed');
      // Before: the cell said Resolved for good (a member's own edit, kept), a no-violation case shown as resolved.
      typeStatus(desk, EVE.email, kase, 'Resolved');
      expect(caseRow(desk, kase).Status).toBe('Closed');
      expect(registryCase(desk, kase).Phase).toBe('closed');
    }
    advance(desk, HOUR);
    const told = mailsTo(desk, OWNER, /A closed case.s status is put back in the sheet/);
    expect(told).toHaveLength(2);
    expect(told[0].body).toContain('"Resolved" was typed over its status: the sheet says "Closed" again');
    expect(desk.ws.mailTo(EVE.email).filter((m) => /put back|not closed from the sheet/.test(m.subject))).toHaveLength(
      0,
    );
    // A reopening waiting for a cleared member is not withdrawn by Resolved typed by someone Google does not name.
    typeStatus(desk, EVE.email, typed, 'Ongoing');
    typeStatus(desk, EVE.email, typed, 'Resolved');
    expect(caseRow(desk, typed).Status).toBe('Closed');
    expect(pageText(casePage(desk, CY, typed))).toContain('Confirm: reopen the case (Ongoing)');
    // The committee account's own Closed typed again over it changes nothing.
    typeStatus(desk, OWNER, typed, 'Closed');
    expect(registryCase(desk, typed).Phase).toBe('closed');
  });
});

describe('ADV-382 Closing decision is Vote: two members close a case from the sheet', () => {
  const BY_VOTE = /^\[Conduct Desk\] A case is closed by a vote, not from the sheet/;

  it('ADV-382 a member types Closed (or Resolved while the response vote runs) and two cleared members confirm it: the cell is put back, nothing closes, the committee account is told', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] }); // Settings' default: Vote
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    const eveMail = desk.ws.mailTo(EVE.email).length;
    typeStatus(desk, EVE.email, kase, 'Closed');
    // Before: a proposal; Cy's and Dee's confirmations closed the case with no vote, as Settings require.
    expect(caseRow(desk, kase).Status).toBe('New');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(false);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    expect(registryCase(desk, kase).Phase).not.toBe('closed');
    const [told] = mailsTo(desk, OWNER, BY_VOTE);
    expect(told.body).toContain('"Closed" was typed over its status: the sheet says "New" again');
    expect(told.body).toContain('Closing is put to a vote (Settings\u2019 "Closing decision"');
    expect(mailsTo(desk, CY.email, /waits for confirmation/)).toHaveLength(0);
    expect(desk.ws.mailTo(EVE.email)).toHaveLength(eveMail);
    expect(pageText(casePage(desk, CY, kase))).toContain('Put to the vote: close as not a Code of Conduct violation');
    // Resolved typed while the response vote runs is no voted response carried out: put back too.
    writeTexts(desk, ANA, kase);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    typeStatus(desk, DEE.email, kase, 'Resolved');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(false);
    expect(registryCase(desk, kase).Phase).toBe('voting');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    // The committee account's own edit still acts at once, as documented.
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(registryCase(desk, kase).Phase).toBe('closed');
  });

  it('ADV-382 a closing typed while Settings said Second member, confirmed after the owner set them to Vote: refused, the cell put back', () => {
    const { desk, kase } = secondMemberCase();
    typeStatus(desk, EVE.email, kase, 'Resolved');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    setSetting(desk, 'Closing decision', 'Vote');
    // Before: Cy's confirmation was recorded and Dee's closed the case with no vote.
    expect(pageText(caseAction(desk, CY, kase, 'confirm-status'))).toMatch(
      /Closing is put to a vote: only a vote closes it now/,
    );
    expect(offers(casePage(desk, DEE, kase), 'confirm-status')).toBe(false);
    expect(registryCase(desk, kase).Phase).toBe('voting');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
  });
});

describe('ADV-546 Closing decision changed to Second member while a closing vote runs', () => {
  it('ADV-546 a member types Closed in the sheet and a second member would confirm it: the cell is put back, the vote decides', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] }); // Settings' default: Vote
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'close-no-violation'))).toBe('done');
    vote(desk, CY, kase, 'reject');
    setSetting(desk, 'Closing decision', 'Second member');
    typeStatus(desk, DEE.email, kase, 'Closed');
    // Before: a proposal Cy confirmed on the case page, closing the case over the vote Cy had voted against.
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(false);
    expect(caseRow(desk, kase).Status).not.toBe('Closed');
    expect(registryCase(desk, kase).Phase).toBe('voting');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['open']);
    const [told] = mailsTo(desk, OWNER, /closed by a vote, not from the sheet/);
    expect(told.body).toContain('"Closed" was typed over its status: the sheet says "Ongoing" again');
    expect(told.body).toContain('Closing is put to a vote (Settings\u2019 "Closing decision", or one open)');
  });
});

describe('ADV-403 a member moves a column of Cases, and the owner runs setup again', () => {
  /** Where a header of the status `Cases` tab is now (1-based), and the case's row. */
  function cellOf(desk: Desk, kase: CaseInfo, header: string): { row: number; column: number } {
    const rows = desk.ws.data.sheet(desk.ids.status, 'Cases').rows;
    const code = rows[0].indexOf('Code Name');
    return { row: rows.findIndex((r) => r[code] === kase.codeName) + 1, column: rows[0].indexOf(header) + 1 };
  }

  /** `who` types `value` into the case's cell under `header`, as in the sheet (the edit trigger fires). */
  function typeInto(desk: Desk, who: string, kase: CaseInfo, header: string, value: string): void {
    const { row, column } = cellOf(desk, kase, header);
    for (const r of desk.ws.editCell(who, desk.ids.status, 'Cases', row, column, value))
      expect(r.record.outcome).toBe('ok');
    desk.check();
  }

  it('ADV-403 Status dragged to the first column, then setup (an upgrade): each drop-down stays on its own column, so the committee account still closes a case from the sheet and a member still records a risk', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    // A member drags the Status column's header to column A (the columns are found by their headers).
    desk.ws.data.ui.moveColumn(ANA.email, desk.ids.status, 'Cases', 3, 1);
    desk.check();
    expect(desk.ws.data.sheet(desk.ids.status, 'Cases').rows[0].slice(0, 4)).toEqual([
      'Status',
      'Safety risk?',
      'Risk of repeating?',
      'Code Name',
    ]);
    expectOk(desk.ws.run('setup'));
    desk.check();
    // Before: setup put the drop-downs back by position: Status got the risk list and Risk of repeating? the
    // statuses, so Sheets refused a risk of Yes and the committee account's Closed alike.
    typeInto(desk, CY.email, kase, 'Risk of repeating?', 'Yes');
    expect(caseRow(desk, kase)['Risk of repeating?']).toBe('Yes');
    typeInto(desk, OWNER, kase, 'Status', 'Closed');
    expect(registryCase(desk, kase).Phase).toBe('closed');
    const { row, column } = cellOf(desk, kase, 'Status');
    expect(() => desk.ws.editCell(EVE.email, desk.ids.status, 'Cases', row, column, 'Maybe')).toThrow(
      /violates the data validation rules/,
    );
  });

  it('ADV-403 the committee account drags Active to the first column of Committee, then runs setup: it still types a new member in', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    desk.ws.data.ui.moveColumn(OWNER, desk.ids.status, 'Committee', 4, 1);
    expectOk(desk.ws.run('setup'));
    desk.check();
    // Before: setup put the Role list on the Email column and the checkbox on Role: Sheets refused Bo's address.
    const row = desk.ws.data.sheet(desk.ids.status, 'Committee').rows.length + 1;
    for (const [column, value] of [BO.name, BO.email, 'voting'].entries())
      expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, column + 2, value));
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 1, true));
    desk.check();
    expect(registryRows(desk, 'Members').find((m) => m.Email === BO.email)).toMatchObject({ Role: 'voting' });
  });
});

describe('ADV-404 a Status pasted from a copied cell, which brings no drop-down with it', () => {
  /** `who` copies a cell reading `value` and pastes it (Ctrl+V) over the case's Status: Sheets checks nothing. */
  function pasteStatus(desk: Desk, who: string, kase: CaseInfo, value: string): void {
    const rows = desk.ws.data.sheet(desk.ids.status, 'Cases').rows;
    const row = rows.findIndex((r) => r[3] === kase.codeName) + 1;
    for (const r of desk.ws.pasteCells(who, desk.ids.status, 'Cases', row, 3, [[value]], true))
      expect(r.record.outcome).toBe('ok');
    desk.check();
  }

  it('ADV-404 the committee account pastes `closed` (or a fullwidth, zero-width-laden Closed from a chat): the case closes and the cell says Closed; a member pastes `Done`: the cell says the status again', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const [lower, wide, done] = [reportCase(desk), reportCase(desk), reportCase(desk)];
    for (const kase of [lower, wide, done]) {
      answerConflict(desk, kase, EVE);
      clear(desk, kase, ANA, CY, DEE);
    }
    // Before: "closed" was no status, so nothing happened, and the cell, a member's own words, was kept for good: the
    // sheet said closed while reminders and deadlines went on.
    pasteStatus(desk, OWNER, lower, 'closed');
    expect(registryCase(desk, lower).Phase).toBe('closed');
    expect(caseRow(desk, lower).Status).toBe('Closed');
    pasteStatus(desk, OWNER, wide, '\uff23losed\u200b');
    expect(registryCase(desk, wide).Phase).toBe('closed');
    expect(caseRow(desk, wide).Status).toBe('Closed');
    const status = caseRow(desk, done).Status;
    pasteStatus(desk, EVE.email, done, 'Done');
    expect(caseRow(desk, done).Status).toBe(status);
    advance(desk, HOUR);
    expect(['New', 'Ongoing']).toContain(caseRow(desk, done).Status);
    expect(registryCase(desk, done).Phase).not.toBe('closed');
    expect(mailsTo(desk, CY.email, /waits for confirmation/)).toHaveLength(0);
  });
});

describe('ADV-405 the Status header retyped with a trailing space (a phone keyboard leaves one) or in small letters', () => {
  it('ADV-405 the committee account types Closed after a member retyped the header: the case closes at once, as before', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const [spaced, small] = [reportCase(desk), reportCase(desk)];
    for (const kase of [spaced, small]) {
      answerConflict(desk, kase, EVE);
      clear(desk, kase, ANA, CY, DEE);
    }
    for (const [kase, header] of [
      [spaced, 'Status '],
      [small, 'status'],
    ] as const) {
      expectNoErrors(desk.ws.editCell(ANA.email, desk.ids.status, 'Cases', 1, 3, header));
      desk.check();
      // Before: the system still wrote the column (its tables find headers trimmed, in any case), but the edit trigger
      // looked for "Status" exactly and ended: the committee account's Closed waited for the sweep, which made it a
      // proposal for the cleared members to confirm.
      typeStatus(desk, OWNER, kase, 'Closed');
      expect(registryCase(desk, kase).Phase).toBe('closed');
    }
    advance(desk, HOUR);
    expect(mailsTo(desk, CY.email, /waits for confirmation/)).toHaveLength(0);
  });
});

describe('ADV-426 the Cases tab sorted while a status someone typed waits for confirmation', () => {
  /** `who` sorts Cases by `Code Name` (Data > Sort range): the onEdit trigger hears the whole sorted range. */
  function sortCases(desk: Desk, who: string): void {
    expectNoErrors(desk.ws.sortSheet(who, desk.ids.status, 'Cases', 4, false));
    desk.check();
  }

  it('ADV-426 a member with a conflict types Closed, then the committee account sorts the sheet: the case stays open and the proposal waits', () => {
    const { desk, kase } = secondMemberCase();
    reportCase(desk);
    typeStatus(desk, EVE.email, kase, 'Closed');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    // Before: the sort's edit event named the committee account over a cell reading Closed: the case closed on its
    // authority, its vote cancelled, though only Eve, who has a conflict, ever asked for it.
    sortCases(desk, OWNER);
    expect(registryCase(desk, kase).Phase).toBe('voting');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    advance(desk, HOUR);
    expect(registryCase(desk, kase).Phase).toBe('voting');
    expect(mailsTo(desk, CY.email, /waits for confirmation/)).toHaveLength(1);
  });

  it('ADV-426 a member with a conflict types Closed over the cell the committee account just set, while its edit waits for the lock: the case stays open', () => {
    const { desk, kase } = secondMemberCase();
    const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === kase.codeName) + 1;
    desk.ws.holdScriptLock(desk.ws.rt.now() + 2 * 60000, () =>
      desk.ws.data.ui.editCell(EVE.email, desk.ids.status, 'Cases', row, 3, 'Closed'),
    );
    // Before: the trigger read the cell after the wait and took Eve's Closed for the committee account's.
    typeStatus(desk, OWNER, kase, caseRow(desk, kase).Status);
    expect(registryCase(desk, kase).Phase).toBe('voting');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
  });

  it('ADV-426 a reopening waits on the case page, then the committee account sorts the sheet: the reopening still waits', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE, EVE],
      settings: { 'Closing decision': 'Second member' },
    });
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    typeStatus(desk, OWNER, kase, 'Closed');
    expect(registryCase(desk, kase).Phase).toBe('closed');
    typeStatus(desk, EVE.email, kase, 'Ongoing');
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    // Before: the sort read as the committee account typing the status the system had put back: the reopening was dropped.
    sortCases(desk, OWNER);
    expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    expect(registryCase(desk, kase).Phase).toBe('closed');
  });
});

describe('ADV-427 a member deletes the empty rows below the cases (tidying the sheet), then reports come', () => {
  it('ADV-427 each new case’s row, added past the end of the grid, still has the drop-downs and the plain-text date', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const first = reportCase(desk);
    const date = caseRow(desk, first)['Date & Time'];
    const last = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.length;
    // Sheets' "Delete rows 3 - 1000", here one row at a time until none is left below the cases.
    for (;;)
      try {
        desk.ws.data.ui.deleteRow(ANA.email, desk.ids.status, 'Cases', last + 1);
      } catch {
        break;
      }
    desk.check();
    for (const kase of [reportCase(desk), reportCase(desk)]) {
      const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === kase.codeName) + 1;
      // Before: the row Sheets added for the case had no rule: a member typed anything into Status and the risks.
      for (const column of [1, 2, 3])
        expect(() => desk.ws.editCell(EVE.email, desk.ids.status, 'Cases', row, column, 'Done')).toThrow(
          /violates the data validation rules/,
        );
      expect(typeof caseRow(desk, kase)['Date & Time']).toBe(typeof date);
      expect(caseRow(desk, kase)['Date & Time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    }
    expectNoErrors(desk.ws.editCell(CY.email, desk.ids.status, 'Cases', last + 1, 1, 'Yes'));
  });
});
