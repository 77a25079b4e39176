// Clearance events recorded for a case after it was archived (a member leaving, a member onboarded, a conflict declared) must keep counting once a later archive run moves them out of the registry, and once the case is reopened.
import {
  ANA,
  BO,
  CY,
  DAY,
  EVE,
  OWNER,
  addMember,
  casePage,
  clear,
  docEditors,
  jumpAndSweep,
  newestLink,
  open,
  pageText,
  press,
  registryRows,
  reportCase,
  setActive,
  startResolutionDesk,
  submitReport,
  sweep,
  typeStatus,
  type CaseInfo,
} from './desk';
import { findViolations } from './invariants';

function rowsOf(rows: Array<Record<string, string>>, caseId: string): number {
  return rows.filter((r) => r['Case ID'] === caseId).length;
}

/** A case about Quorra Vell that Ana and Cy cleared, closed and archived 91 days later. */
function archivedCase(): { desk: ReturnType<typeof startResolutionDesk>; old: CaseInfo } {
  const desk = startResolutionDesk({ members: [ANA, BO, CY] });
  const old = reportCase(desk, { reported: ['Quorra Vell'] });
  clear(desk, old, ANA, CY);
  typeStatus(desk, OWNER, old, 'Closed');
  jumpAndSweep(desk, 91 * DAY);
  return { desk, old };
}

describe('a clearance event recorded after a case was archived', () => {
  test('a member who left is not given the archived Doc back when they return, after another archive run', () => {
    const { desk, old } = archivedCase();
    expect(rowsOf(registryRows(desk, 'Archived Cases'), old.caseId)).toBe(1);
    expect(docEditors(desk, old.docId).sort()).toEqual([ANA.email, CY.email].sort());

    // Cy leaves: access withdrawn, an `inactive` event recorded for the archived case.
    setActive(desk, CY.email, false);
    expect(docEditors(desk, old.docId)).toEqual([ANA.email]);
    expect(rowsOf(registryRows(desk, 'Clearances'), old.caseId)).toBe(1);

    // Another case closes and is archived: the run takes the archived case's new event with it.
    const next = reportCase(desk, { reported: ['Tamsin Orle'] });
    clear(desk, next, ANA);
    typeStatus(desk, OWNER, next, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(rowsOf(registryRows(desk, 'Archived Cases'), next.caseId)).toBe(1);

    // Cy comes back: no Doc until they answer (the weekly access pass included), and asked again
    // through onboarding about the archived case.
    setActive(desk, CY.email, true);
    jumpAndSweep(desk, 8 * DAY);
    expect(docEditors(desk, old.docId)).toEqual([ANA.email]);
    const link = newestLink(desk, CY.email, 'onboard');
    const legends = [...desk.ws.webGet(link.url).body.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);
    expect(legends).toContain('Quorra Vell');
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('a member onboarded onto an archived case keeps its Doc after another archive run and the access pass', () => {
    const desk = startResolutionDesk({ members: [ANA, BO] });
    const old = reportCase(desk, { reported: ['Quorra Vell'] });
    clear(desk, old, ANA);
    typeStatus(desk, OWNER, old, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(rowsOf(registryRows(desk, 'Archived Cases'), old.caseId)).toBe(1);

    addMember(desk, EVE);
    const page = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    const field = /<legend>Quorra Vell<\/legend>[\s\S]*?name="(person-\d+)"/.exec(page.response.body)?.[1] ?? '';
    expect(field).not.toBe('');
    press(desk, page, 'onboard', { fields: { [field]: 'no-conflict' } });
    expect(docEditors(desk, old.docId).sort()).toEqual([ANA.email, EVE.email].sort());

    const next = reportCase(desk, { reported: ['Tamsin Orle'] });
    clear(desk, next, ANA);
    typeStatus(desk, OWNER, next, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(rowsOf(registryRows(desk, 'Clearances'), old.caseId)).toBe(0);
    jumpAndSweep(desk, 8 * DAY);
    expect(docEditors(desk, old.docId).sort()).toEqual([ANA.email, EVE.email].sort());
    expect(registryRows(desk, 'Audit').filter((a) => a.Event.startsWith('audit.'))).toEqual([]);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  describe('the case reopened before another archive run', () => {
    /** Cy cleared the case; it is archived; Cy leaves, comes back and answers "conflict" on the onboarding page. */
    function conflictAfterArchiving(): { desk: ReturnType<typeof startResolutionDesk>; old: CaseInfo } {
      const { desk, old } = archivedCase();
      setActive(desk, CY.email, false);
      setActive(desk, CY.email, true);
      const page = open(desk, newestLink(desk, CY.email, 'onboard').url);
      const field = /<legend>Quorra Vell<\/legend>[\s\S]*?name="(person-\d+)"/.exec(page.response.body)![1];
      press(desk, page, 'onboard', { fields: { [field]: 'conflict' } });
      expect(docEditors(desk, old.docId)).toEqual([ANA.email]);
      return { desk, old };
    }

    test('a conflict declared since the archiving stands: no Doc, no case page, no earlier case named', () => {
      const { desk, old } = conflictAfterArchiving();
      typeStatus(desk, OWNER, old, 'Ongoing');
      sweep(desk);
      jumpAndSweep(desk, 8 * DAY); // the weekly access pass too
      expect(docEditors(desk, old.docId)).toEqual([ANA.email]);
      expect(pageText(casePage(desk, CY, old))).not.toContain(old.codeName);
      const later = submitReport(desk, { reported: ['Quorra Vell'] });
      clear(desk, later, ANA, CY);
      expect(pageText(casePage(desk, CY, later))).not.toContain(old.codeName);
    });

    test('a member who left since the archiving is not cleared again by the reopening', () => {
      const { desk, old } = archivedCase();
      setActive(desk, CY.email, false);
      typeStatus(desk, OWNER, old, 'Ongoing');
      setActive(desk, CY.email, true);
      jumpAndSweep(desk, 8 * DAY);
      expect(docEditors(desk, old.docId)).toEqual([ANA.email]);
    });
  });
});
