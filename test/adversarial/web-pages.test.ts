// Adversarial cases on what the signed pages say to the member who opens them: a case page after its reporter's details were deleted.
import {
  ANA,
  CY,
  DEE,
  caseAction,
  casePage,
  clear,
  closeNoViolation,
  jumpAndSweep,
  outcomeOf,
  pageText,
  registryCase,
  reportCase,
  startResolutionDesk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

const DAY = 24 * 3600 * 1000;

describe('adversarial: what the web pages say', () => {
  it('ADV-W1 the reporter’s details deleted at their request (forget-reporter): the case page says so, and keeps the acknowledgment and follow-up it sent', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    closeNoViolation(desk, kase, CY, [ANA, DEE], 'The committee found no violation: an agreed debate.');
    jumpAndSweep(desk, DAY);
    const before = pageText(casePage(desk, DEE, kase));
    const sent = /Acknowledgment sent Follow-up to the reporter sent \S+ \S+ \(Etc\/UTC\)/.exec(before)?.[0];
    expect(sent).toBeDefined();
    caseAction(desk, CY, kase, 'forget-reporter');
    const confirmed = caseAction(desk, ANA, kase, 'forget-reporter');
    expect(outcomeOf(confirmed)).toBe('done');
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    // Before: the page that confirmed the deletion, and every later one, said the reporter had never left an address,
    // and no longer said that the acknowledgment and the follow-up went.
    for (const text of [pageText(confirmed), pageText(casePage(desk, DEE, kase))]) {
      expect(text).not.toContain('left no usable address');
      expect(text).toMatch(/Reporter contact none: the reporter’s details were deleted \S+ \S+ \(Etc\/UTC\)/);
      expect(text).toContain(sent);
    }
  });
});
