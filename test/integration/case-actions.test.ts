// The case page's action descriptors: every op has exactly one, the page offers only their ops, and anything else is refused without a change; invariants after every step.
import { CASE_ACTIONS, CASE_OPS, caseActionFor } from '../../src/flows/case-actions';
import { offeredOperations } from '../../workbench';
import {
  ANA,
  BO,
  CY,
  DEE,
  casePage,
  clear,
  newestLink,
  outcomeOf,
  pageText,
  reportCase,
  startResolutionDesk,
  stateFingerprint,
  writeTexts,
} from './desk';

describe('case actions', () => {
  test('every case-page op belongs to exactly one descriptor, and no descriptor claims another op', () => {
    const owned = CASE_ACTIONS.flatMap((action) => [...action.ops]);
    expect([...owned].sort()).toEqual([...CASE_OPS].sort());
    expect(new Set(owned).size).toBe(owned.length);
    for (const op of CASE_OPS) expect(caseActionFor(op)?.ops).toContain(op);
    expect(caseActionFor('delete-everything')).toBeNull();
  });

  test("the page offers only descriptors' ops, and a POST of any other op is refused and changes nothing", () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    writeTexts(desk, ANA, kase);
    const page = casePage(desk, ANA, kase);
    const offered = offeredOperations(page.page);
    expect(offered).toEqual([
      'open-vote',
      'reporter-address',
      'waive-follow-up',
      'call-meeting',
      'bad-faith',
      'close-no-violation',
      'conflict',
    ]);
    for (const op of offered) expect(caseActionFor(op)).not.toBeNull();
    const link = newestLink(desk, ANA.email, 'case', kase.caseId);
    const before = stateFingerprint(desk);
    const post = desk.ws.webPost(desk.ws.webAppUrl, { t: link.token, op: 'delete-everything', confirm: 'yes' });
    desk.check();
    expect(outcomeOf(post)).toBe('refused');
    expect(pageText(post)).toContain('Please choose one of the actions below. Nothing has been changed.');
    expect(stateFingerprint(desk)).toBe(before);
  });
});
