// The incremental access audit retries within the hour what it could not settle: a revocation Drive failed, a changed Doc it could not read or repair, and the changes feed itself failing never leave a conflicted member's access for the weekly pass.
import {
  answerLink,
  docEditors,
  newestLink,
  registryRows,
  startDesk,
  submitReport,
  type Desk,
  sweepHours,
  HOUR,
} from './desk';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };
const OUTSIDER = 'outsider@example.com';

/** One case Ana is cleared for, its Doc shared with her, and a full pass done (the next is a week away). */
function clearedCase() {
  const desk = startDesk({ members: [ANA, BO] });
  const one = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', one.caseId), 'no-conflict');
  sweepHours(desk, 2);
  expect(docEditors(desk, one.docId)).toEqual([ANA.email]);
  expect(desk.ws.properties().auditPassDoneAt).toBeTruthy();
  return { desk, one };
}

function failNext(desk: Desk, call: string, times = 1): void {
  desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 1, times });
}

describe('the incremental access audit retries what it could not settle', () => {
  test('a conflict declared after "no conflict" whose revocation Drive failed is removed by the next sweep', () => {
    const { desk, one } = clearedCase();
    failNext(desk, 'Drive.Permissions.remove');
    answerLink(desk, newestLink(desk, ANA.email, 'conflict', one.caseId), 'conflict');
    expect(docEditors(desk, one.docId)).toEqual([ANA.email]); // Drive refused; the member was told the audit retries
    sweepHours(desk, 1);
    expect(docEditors(desk, one.docId)).toEqual([]);
    expect(registryRows(desk, 'Audit').map((r) => r.Event)).toContain('audit.extra-access');
  });

  test('a changed Doc Drive failed to read once is checked again by the next sweep', () => {
    const { desk, one } = clearedCase();
    desk.ws.data.ui.addEditor(desk.ws.owner, one.docId, OUTSIDER);
    desk.k.humanAccess?.add(`${one.docId}|${OUTSIDER}`);
    desk.k.humanDrift?.add(one.docId);
    failNext(desk, 'Drive.Files.get');
    sweepHours(desk, 1);
    expect(desk.ws.data.file(one.docId).editors).toContain(OUTSIDER); // not read this hour
    sweepHours(desk, 1);
    desk.k.humanDrift?.clear();
    desk.check();
    expect(desk.ws.data.file(one.docId).editors).toEqual([ANA.email]);
  });

  test('a repair Drive refused once on a changed Doc is tried again by the next sweep', () => {
    const { desk, one } = clearedCase();
    desk.ws.data.ui.addEditor(desk.ws.owner, one.docId, OUTSIDER);
    desk.k.humanAccess?.add(`${one.docId}|${OUTSIDER}`);
    desk.k.humanDrift?.add(one.docId);
    failNext(desk, 'Drive.Permissions.remove');
    sweepHours(desk, 1);
    expect(desk.ws.data.file(one.docId).editors).toContain(OUTSIDER);
    expect(registryRows(desk, 'Audit').map((r) => r.Event)).toContain('audit.repair-failed');
    sweepHours(desk, 1);
    desk.k.humanDrift?.clear();
    desk.check();
    expect(desk.ws.data.file(one.docId).editors).toEqual([ANA.email]);
  });

  test('a changes feed that keeps failing does not stop the weekly full pass', () => {
    const { desk, one } = clearedCase();
    failNext(desk, 'Drive.Changes.list', 10000);
    desk.ws.data.ui.setSharing(desk.ws.owner, one.docId, 'ANYONE_WITH_LINK', 'reader');
    desk.k.humanAccess?.add(`${one.docId}|anyone`);
    desk.k.humanDrift?.add(one.docId);
    desk.ws.rt.setClock(desk.ws.rt.now() + 7 * 24 * HOUR);
    sweepHours(desk, 2);
    desk.k.humanDrift?.clear();
    desk.check();
    expect(desk.ws.data.doc(one.docId).access).toBe('PRIVATE');
  });
  test('ADV-204 Drive rejects the saved changes token: the audit starts afresh, and drift is repaired within hours, not at the weekly pass', () => {
    const { desk, one } = clearedCase();
    // "If the token is rejected for any reason, it should be discarded" (v3 ChangeList): Drive gives no reason.
    desk.ws.data.rejectChangeTokens();
    desk.ws.data.ui.setSharing(desk.ws.owner, one.docId, 'ANYONE_WITH_LINK', 'reader');
    desk.k.humanAccess?.add(`${one.docId}|anyone`);
    desk.k.humanDrift?.add(one.docId);
    sweepHours(desk, 3);
    desk.k.humanDrift?.clear();
    desk.check();
    expect(desk.ws.data.doc(one.docId).access).toBe('PRIVATE');
    // The fresh token is read from then on: the next drift is repaired within the hour.
    desk.ws.data.ui.addEditor(desk.ws.owner, one.docId, OUTSIDER);
    desk.k.humanAccess?.add(`${one.docId}|${OUTSIDER}`);
    sweepHours(desk, 1);
    expect(docEditors(desk, one.docId)).toEqual([ANA.email]);
  });
});
