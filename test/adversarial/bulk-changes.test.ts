// Adversarial cases of Google's bulk features over the committee's files (Version history restore, Find and replace, tabs copied or re-created), through the built bundle, invariants after every step.
import {
  ANA,
  CY,
  DEE,
  EVE,
  HOUR,
  OWNER,
  advance,
  caseAction,
  casePage,
  caseRow,
  clear,
  expectNoErrors,
  mailsTo,
  offers,
  registryCase,
  reportCase,
  startResolutionDesk,
  typeStatus,
  outcomeOf,
  writeTexts,
  type Desk,
} from '../integration/desk';

/** `who` restores `version` of the status spreadsheet (File > Version history > Restore this version) with `Cases` on screen. */
function restoreStatus(desk: Desk, who: string, version: unknown): void {
  expectNoErrors(desk.ws.restoreVersion(who, desk.ids.status, version, 'Cases'));
  desk.check();
}

describe('ADV-433 the status spreadsheet restored to an older version', () => {
  it('ADV-433 the committee account restores a version from before a closing and a reopening: neither is undone, and the cleared members are told once', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE, EVE],
      settings: { 'Closing decision': 'Second member' },
    });
    const closed = reportCase(desk);
    clear(desk, closed, ANA, CY, DEE);
    const reopened = reportCase(desk);
    clear(desk, reopened, ANA, CY, DEE);
    typeStatus(desk, OWNER, reopened, 'Closed');
    const version = desk.ws.data.ui.saveVersion(desk.ids.status);
    typeStatus(desk, OWNER, closed, 'Closed');
    typeStatus(desk, OWNER, reopened, 'Ongoing');
    expect(registryCase(desk, closed).Phase).toBe('closed');
    const open = registryCase(desk, reopened).Phase;
    expect(open).not.toBe('closed');
    const before = desk.ws.mailTo(CY.email).length;
    // Before: the restore's edit event named the committee account over every restored cell: the case closed since was
    // reopened and the case reopened since was closed again, on nobody's decision.
    restoreStatus(desk, OWNER, version);
    expect(registryCase(desk, closed).Phase).toBe('closed');
    expect(registryCase(desk, reopened).Phase).toBe(open);
    // The cell of the closed case shows what the system knows again; what the restore asked waits for a cleared member.
    expect(caseRow(desk, closed).Status).toBe('Closed');
    expect(offers(casePage(desk, CY, reopened), 'confirm-status')).toBe(true);
    advance(desk, HOUR);
    expect(registryCase(desk, closed).Phase).toBe('closed');
    expect(registryCase(desk, reopened).Phase).not.toBe('closed');
    expect(desk.ws.mailTo(CY.email).length - before).toBe(1);
    expect(mailsTo(desk, CY.email, /statuses were changed in the sheet/)).toHaveLength(1);
  });
});

describe('ADV-434 the rows of several cases gone at once', () => {
  it('ADV-434 the committee account restores a version from before three reports: each member is told once, naming the three', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const version = desk.ws.data.ui.saveVersion(desk.ids.status);
    const late = [reportCase(desk), reportCase(desk), reportCase(desk)];
    for (const kase of late) (desk.k.humanDeletedStatusRows ??= new Set()).add(kase.codeName.toLowerCase());
    restoreStatus(desk, OWNER, version);
    advance(desk, 3 * HOUR);
    // Before: one alert a case to every member (three cases, four members: twelve mails at once).
    const told = mailsTo(desk, ANA.email, /status row could not be updated/);
    expect(told).toHaveLength(1);
    for (const kase of late) expect(told[0].body).toContain(kase.codeName);
    expect(mailsTo(desk, EVE.email, /status row could not be updated/)).toHaveLength(1);
    for (const kase of late) expect(registryCase(desk, kase)['Closed At']).toBe('');
  });
});

describe('ADV-435 the system\u2019s own older words brought back by a restore', () => {
  it('ADV-435 a version from before a case left screening is restored: its Status and Actions needed follow the case again at its next step', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.status);
    clear(desk, kase, ANA, CY, DEE);
    advance(desk, HOUR);
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    restoreStatus(desk, OWNER, version);
    // The restore's Status asks nothing: the cell says where the case stands again at once.
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    writeTexts(desk, ANA, kase);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    // Before: the restored cells were taken for a member's words and kept for good: the sheet said New and "Members to
    // declare conflicts" while the case was being voted on.
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Vote open');
  });
});

describe('ADV-436 Find and replace over the status sheet', () => {
  it('ADV-436 a member with a conflict replaces Ongoing with Closed all over Cases: no case closes, each cleared member is told once', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE, EVE],
      settings: { 'Closing decision': 'Second member' },
    });
    const cases = [reportCase(desk), reportCase(desk)];
    for (const kase of cases) clear(desk, kase, ANA, CY, DEE);
    advance(desk, HOUR);
    for (const kase of cases) expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expectNoErrors(desk.ws.replaceAll(EVE.email, desk.ids.status, 'Cases', 'ongoing', 'Closed'));
    desk.check();
    advance(desk, HOUR);
    for (const kase of cases) {
      expect(registryCase(desk, kase)['Closed At']).toBe('');
      expect(offers(casePage(desk, CY, kase), 'confirm-status')).toBe(true);
    }
    for (const m of [ANA, CY, DEE])
      expect(mailsTo(desk, m.email, /statuses were changed in the sheet/)).toHaveLength(1);
    expect(mailsTo(desk, EVE.email, /statuses were changed|waits for confirmation/)).toHaveLength(0);
  });
  it('ADV-505 the same replace over two cases each member is cleared for one of: each is told of 1 status, not `1 statuses`', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE, EVE],
      settings: { 'Closing decision': 'Second member' },
    });
    const cases = [reportCase(desk), reportCase(desk)];
    clear(desk, cases[0], ANA, CY);
    clear(desk, cases[1], ANA, DEE);
    advance(desk, HOUR);
    expectNoErrors(desk.ws.replaceAll(EVE.email, desk.ids.status, 'Cases', 'ongoing', 'Closed'));
    desk.check();
    advance(desk, HOUR);
    const subjects = (email: string) =>
      mailsTo(desk, email, /changed in the sheet/).map((m) => m.subject.replace(/^\[Conduct Desk\] /, ''));
    expect(subjects(ANA.email)).toEqual(['2 statuses were changed in the sheet']);
    // Before: `1 statuses were changed in the sheet`.
    for (const m of [CY, DEE]) expect(subjects(m.email)).toEqual(['1 status was changed in the sheet']);
  });
});
