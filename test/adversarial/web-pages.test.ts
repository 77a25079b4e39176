// Adversarial cases on what the signed pages say to the member who opens them: a case page after its reporter's details were deleted, and a stranger's email shown with bidi overrides.
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
import { COMMITTEE_OPTIONS } from '../support/flows';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';

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

  it('ADV-W2 a stranger’s email to the committee inbox with bidi overrides (Trojan Source): its page shows the text as the case document would keep it', () => {
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    // Displayed, `\u202E52\u202C` reads "25": the subject and the text say a different number from the one they hold.
    r.ws.receiveMail({
      from: 'nia.vortel@example.net',
      to: OWNER,
      subject: 'Banned for \u202E52\u202C weeks',
      text: 'He threatened me \u202E52\u202C times.\r\nPlease help.',
    });
    r.advance(HOUR);
    const link = r.link(OWNER, 'inbox');
    expect(link).not.toBeNull();
    const { response, page } = r.get(link!.url);
    expect(page.text).toContain('He threatened me 52 times.');
    // Before: the page printed the overrides (HtmlService's `<?= ?>` escapes HTML only), as no mail and no Doc does.
    expect(response.body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\r]/);
  });
});
