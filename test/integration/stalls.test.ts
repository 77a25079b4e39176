// Cases nobody can take (issue 14 point 5) through the built bundle: all conflicted, all named in the report, nobody answering; the owner and the escalation contact are told within the hour, never a conflicted member, and silent members get one reminder; invariants after every step.
import {
  ANA,
  BO,
  CY,
  DAY,
  ESCALATION,
  HOUR,
  OWNER,
  advance,
  answerConflict,
  clear,
  jumpAndSweep,
  mailsTo,
  reportCase,
  setActive,
  setSetting,
  startResolutionDesk,
  submitReport,
  typeStatus,
} from './desk';

const STUCK = /^\[Conduct Desk\] No committee member can take this case/;
const NO_ANSWER = /^\[Conduct Desk\] Nobody has answered the conflict-of-interest check/;
const DIGEST = /^\[Conduct Desk\] Reminders?:/;

/** The screening reminders in `email`'s digests (one digest per member per day, however many cases). */
function screeningReminders(desk: Parameters<typeof mailsTo>[0], email: string) {
  return mailsTo(desk, email, DIGEST).filter((m) => /not answered its conflict-of-interest check/.test(m.body));
}

/** Every mail a committee member got about cases (not the roster's welcome) other than the screening email. */
function memberMailAfterScreening(desk: Parameters<typeof mailsTo>[0], email: string) {
  return mailsTo(desk, email, /./).filter((m) => !/^(New report: please check|Welcome to the)/.test(m.subject));
}

describe('a case nobody can take', () => {
  test('every member declares a conflict: the owner and the escalation contact are told within the hour, the members never', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, ANA);
    answerConflict(desk, kase, CY);
    const seen = { ana: desk.ws.mailTo(ANA.email).length, cy: desk.ws.mailTo(CY.email).length };
    advance(desk, HOUR + 1000);
    const toOwner = mailsTo(desk, OWNER, STUCK);
    const toContact = mailsTo(desk, ESCALATION, STUCK);
    expect(toOwner).toHaveLength(1);
    expect(toContact).toHaveLength(1);
    expect(toOwner[0].subject).toContain(kase.codeName);
    expect(toOwner[0].body).toMatch(/What to do: add a member without a conflict on the Committee tab/);
    // A week and more: the follow-up deadline passes, and still no conflicted member hears of the case.
    advance(desk, 9 * DAY);
    expect(desk.ws.mailTo(ANA.email).slice(seen.ana)).toEqual([]);
    expect(desk.ws.mailTo(CY.email).slice(seen.cy)).toEqual([]);
    // Told once.
    expect(mailsTo(desk, OWNER, STUCK)).toHaveLength(1);
    expect(mailsTo(desk, ESCALATION, STUCK)).toHaveLength(1);
  });

  test('an escalation contact the report names is not told of it: the committee account is, alone', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: [`Sam Doe (${ESCALATION})`] });
    answerConflict(desk, kase, ANA);
    answerConflict(desk, kase, CY);
    advance(desk, HOUR + 1000);
    expect(mailsTo(desk, OWNER, STUCK)).toHaveLength(1);
    expect(desk.ws.mailTo(ESCALATION).filter((m) => m.subject.includes(kase.codeName))).toEqual([]);
  });

  test('an urgent report naming every member and the escalation contact: the committee account alone is told', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    setSetting(desk, 'Escalation contact', ANA.email);
    submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: [ANA.name, CY.name], danger: true });
    expect(mailsTo(desk, OWNER, /^Urgent/)).toHaveLength(1);
    expect(desk.ws.mailTo(ANA.email).filter((m) => /Urgent/.test(m.subject))).toEqual([]);
  });

  test('every member is named in the report: the owner and the escalation contact are told within the hour', () => {
    const ZEB = { name: 'Zebulon Quarrow', email: 'zebulon@example.org', role: 'voting' as const };
    const YSO = { name: 'Ysolde Marbeck', email: 'ysolde@example.org', role: 'voting' as const };
    const desk = startResolutionDesk({ members: [ZEB, YSO] });
    const kase = submitReport(desk, {
      reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' },
      reported: [ZEB.name, YSO.name],
    });
    expect(memberMailAfterScreening(desk, ZEB.email)).toEqual([]);
    advance(desk, HOUR + 1000);
    expect(mailsTo(desk, OWNER, STUCK)).toHaveLength(1);
    expect(mailsTo(desk, ESCALATION, STUCK)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, STUCK)[0].subject).toContain(kase.codeName);
    advance(desk, 9 * DAY);
    expect(memberMailAfterScreening(desk, ZEB.email)).toEqual([]);
    expect(memberMailAfterScreening(desk, YSO.email)).toEqual([]);
  });

  test('nobody answers: one reminder each before the window ends, then the owner and the escalation contact', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    advance(desk, 35 * HOUR);
    expect(screeningReminders(desk, ANA.email)).toHaveLength(0);
    advance(desk, 2 * HOUR);
    expect(screeningReminders(desk, ANA.email)).toHaveLength(1);
    expect(screeningReminders(desk, CY.email)).toHaveLength(1);
    expect(screeningReminders(desk, ANA.email)[0].body).toContain(kase.codeName);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(0);
    // The window (72 hours) ends: within the hour the owner and the contact are told; the members get nothing more.
    advance(desk, 36 * HOUR);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(1);
    expect(mailsTo(desk, ESCALATION, NO_ANSWER)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, NO_ANSWER)[0].body).toMatch(/What to do: ask the members to answer/);
    advance(desk, 8 * DAY);
    expect(screeningReminders(desk, ANA.email)).toHaveLength(1);
    expect(memberMailAfterScreening(desk, ANA.email).map((m) => m.subject)).toEqual([
      screeningReminders(desk, ANA.email)[0].subject,
    ]);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(1);
    // The screening email's links still work: the case is no longer stuck once a member answers.
    clear(desk, kase, ANA);
    advance(desk, 2 * HOUR);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(1);
  });

  test('a member who answered is not reminded, and one member without a conflict is no stall', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    advance(desk, 80 * HOUR);
    expect(screeningReminders(desk, ANA.email)).toHaveLength(0);
    expect(screeningReminders(desk, CY.email)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, NO_ANSWER)).toHaveLength(0);
    expect(mailsTo(desk, OWNER, STUCK)).toHaveLength(0);
  });
});

describe('a case opened again that nobody can decide', () => {
  it('ADV-261 stuck below quorum in its first life, then opened again after a member it cleared left: the owner and the escalation contact are told again', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, BO);
    clear(desk, kase, ANA);
    // Cy is silent past the screening window: one voting member cleared, two needed.
    advance(desk, 76 * HOUR);
    const told = (email: string) => mailsTo(desk, email, /Too few voting members can decide this case/).length;
    expect([told(OWNER), told(ESCALATION)]).toEqual([1, 1]);
    clear(desk, kase, CY);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 100 * DAY);
    // Months later Cy has left; the committee account opens the case again: Ana alone can decide nothing.
    setActive(desk, CY.email, false);
    typeStatus(desk, OWNER, kase, 'Ongoing');
    advance(desk, 2 * HOUR);
    expect([told(OWNER), told(ESCALATION)]).toEqual([2, 2]);
    advance(desk, DAY);
    expect([told(OWNER), told(ESCALATION)]).toEqual([2, 2]);
  });
});
