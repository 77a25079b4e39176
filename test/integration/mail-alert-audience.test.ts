// Who hears of one case's mail problems, through the built bundle: the members cleared for the case and the committee account, never a member with a conflict or one still to answer the check; invariants after every step.
import {
  ANA,
  CY,
  DEE,
  EVE,
  HOUR,
  OWNER,
  advance,
  answerConflict,
  caseAction,
  clear,
  reportCase,
  startResolutionDesk,
  submitReport,
  writeTexts,
  type Desk,
} from './desk';

const PROBLEM = /could not be delivered/i;

/** The next `times` MailApp sends fail as Google refuses a malformed address (permanent: never retried). */
function failNextSends(desk: Desk, times = 1): void {
  const nth = (desk.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 1;
  desk.ws.rt.faults.push({ call: 'MailApp.sendEmail', nth, times, message: 'Invalid email: x' });
}

function problemRecipients(desk: Desk): string[] {
  return desk.ws
    .mail()
    .filter((m) => PROBLEM.test(m.body))
    .flatMap((m) => m.to);
}

describe('a case message that cannot be delivered', () => {
  test('is told to the members cleared for the case and the committee account only', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, ANA);
    clear(desk, kase, CY, DEE);
    // Eve never answers the check.
    writeTexts(desk, CY, kase);
    failNextSends(desk);
    caseAction(desk, CY, kase, 'open-vote');
    advance(desk, HOUR);
    const told = problemRecipients(desk);
    expect(told).toEqual(expect.arrayContaining([CY.email, DEE.email, OWNER]));
    expect(told).not.toContain(ANA.email);
    expect(told).not.toContain(EVE.email);
  });

  test('before anyone is cleared, the committee account alone hears, not one member', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    failNextSends(desk);
    submitReport(desk, { reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' }, reported: ['Sam Doe'] });
    advance(desk, HOUR);
    expect(problemRecipients(desk)).toEqual([OWNER]);
  });
});
