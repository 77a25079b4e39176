// What people outside the committee receive, through the built bundle: the reporter's follow-up carries the committee's words only, and the escalation contact learns no member's name; invariants after every step.
import type { SentMail } from '../../workbench';
import {
  ANA,
  CY,
  DAY,
  HOUR,
  DEE,
  ESCALATION,
  FOLLOW_UP,
  MODS,
  OWNER,
  caseAction,
  docSection,
  jumpAndSweep,
  mailsTo,
  moderatorAnswer,
  outcomeOf,
  passedCase,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  sweep,
  vote,
  writeSection,
  type Desk,
} from './desk';

const REPORTER = 'rita.quell@example.net';
const SAM = 'sam.doe@example.com';
const WITNESS = 'wes.tarn@example.org';
const FOLLOW_UP_SECTION = 'Follow-up to the reporter';
const REVISED = 'A final warning. Any further incident leads to a permanent removal from the community chat.';
const REVISED_FOLLOW_UP = 'After more context, the committee revised the consequences to a final warning.';

/** A case Ana, Cy and Dee are cleared for, its texts written and voted through by Ana and Cy (desk.ts passedCase). */
function passedDesk(
  options: Parameters<typeof startResolutionDesk>[0] = {},
  report: Parameters<typeof reportCase>[1] = {},
) {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE], ...options });
  return { desk, kase: passedCase(desk, [ANA, CY], report) };
}

/** `from` answers the newest email they got, as Gmail writes a reply. */
function reply(desk: Desk, from: string, text: string): SentMail {
  const original = desk.ws.mailTo(from).pop();
  if (!original) throw new Error(`${from} has no email`);
  desk.ws.reply({ from, original, text });
  return original;
}

describe('the reporter', () => {
  it('ADV-114 the reporter’s emailed reply, filed under the follow-up section, is not mailed back to them as the committee’s response', () => {
    const { desk, kase } = passedDesk();
    reply(desk, REPORTER, 'One more thing: Wes Tarn saw it too and is scared to post now.');
    sweep(desk);
    expect(docSection(desk, kase, FOLLOW_UP_SECTION)).toContain('Wes Tarn saw it too');
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, 'mods@example.org', kase, 'accept');
    sendLetter(desk, ANA, kase, SAM);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    const [followUp] = mailsTo(desk, REPORTER, /update on your report/);
    expect(followUp.body).toContain(FOLLOW_UP);
    // The committee's response is the committee's words: not the reporter's own email quoted back as a decision.
    expect(followUp.body).not.toContain('Wes Tarn');
    expect(followUp.body).not.toContain('Reply by email');
    // The Doc keeps the reply where it was filed.
    expect(docSection(desk, kase, FOLLOW_UP_SECTION)).toContain('Wes Tarn saw it too');
  });
});

describe('the reporter after a further round', () => {
  it('ADV-117 the revised follow-up carries the round’s new text, not the first follow-up again', () => {
    const { desk, kase } = passedDesk();
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    sendLetter(desk, ANA, kase, SAM);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    expect(outcomeOf(caseAction(desk, CY, kase, 'new-round'))).toBe('done');
    writeSection(desk, ANA, kase, 'Proposed consequences', REVISED);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, ANA, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    sendLetter(desk, ANA, kase, SAM);
    // A member writes the revised follow-up under the record of the first, as they would in Google Docs.
    const section = docSection(desk, kase, FOLLOW_UP_SECTION);
    expect(section).toMatch(/The text above was sent to the reporter/);
    writeSection(desk, ANA, kase, FOLLOW_UP_SECTION, `${section}\n${REVISED_FOLLOW_UP}`);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'send-follow-up'))).toBe('done');
    const [first, second] = mailsTo(desk, REPORTER, /update on your report/).sort((a, b) => a.seq - b.seq);
    expect(first.body).toContain(FOLLOW_UP);
    expect(second.body).toContain(REVISED_FOLLOW_UP);
    // "Here is what the committee decided": the first decision is no longer it.
    expect(second.body).not.toContain(FOLLOW_UP);
  });
});

describe('the moderators', () => {
  it('ADV-118 the reminder says how long they were given, as Settings had it, not "a week"', () => {
    const { desk, kase } = passedDesk({ settings: { 'Moderators within (days)': 14 } });
    caseAction(desk, CY, kase, 'send-recommendation');
    expect(mailsTo(desk, MODS[0], /recommendation/)[0].body).toContain('within 14 days');
    jumpAndSweep(desk, 14 * DAY + HOUR);
    const [reminder] = mailsTo(desk, MODS[0], /^Reminder/);
    expect(reminder.body).not.toMatch(/a week ago/i);
    expect(reminder.body).toContain('within 14 days');
  });
});

describe('the moderators, about a person the report names by address', () => {
  it('ADV-121 the recommendation says whose behaviour it is: the address the report gave, not "does not name the person"', () => {
    const { desk, kase } = passedDesk({}, { reported: [SAM] });
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    const [recommendation] = mailsTo(desk, MODS[0], /recommendation/);
    expect(recommendation.body).not.toContain('does not name the person');
    expect(recommendation.body).toContain(`Whose behavior:\n${SAM}`);
  });
});

describe('the moderators, given longer than their link lasted', () => {
  it('ADV-119 a moderator answers on day 70 of the 90 days the recommendation gave them, from its link', () => {
    const { desk, kase } = passedDesk({ settings: { 'Moderators within (days)': 90 } });
    caseAction(desk, CY, kase, 'send-recommendation');
    expect(mailsTo(desk, MODS[0], /recommendation/)[0].body).toContain('within 90 days');
    jumpAndSweep(desk, 70 * DAY);
    expect(mailsTo(desk, MODS[0], /^Reminder/)).toEqual([]);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    expect(registryRows(desk, 'Moderation').find((r) => r.Moderator === MODS[0])?.Answer).toBe('accept');
  });
});

describe('the escalation contact', () => {
  it('ADV-115 the escalation after a recorded override names no committee member', () => {
    const { desk, kase } = passedDesk();
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, 'lead-mod@example.org', kase, 'disagree', 'Too lenient for a third time.');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'record-override'))).toBe('done');
    expect(outcomeOf(caseAction(desk, CY, kase, 'record-override'))).toBe('done');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'escalate'))).toBe('done');
    const [toBoard] = desk.ws.mailTo(ESCALATION);
    expect(toBoard.body).toContain('Too lenient for a third time.');
    for (const member of [ANA, CY, DEE]) {
      expect(toBoard.body).not.toContain(member.name);
      expect(toBoard.htmlBody).not.toContain(member.name);
    }
    // The case document still says who decided.
    expect(docSection(desk, kase, 'Log')).toContain(`Override proposed by ${DEE.name} and confirmed by ${CY.name}`);
  });

  it('ADV-116 the escalation does not tell the contact that a moderator of the space was left out for being in the report', () => {
    // The witness moderates the space too: the recommendation rightly goes to the other two alone.
    const { desk, kase } = passedDesk({ moderators: [...MODS, WITNESS] }, { witnessAnswer: `Wes Tarn (${WITNESS})` });
    caseAction(desk, CY, kase, 'send-recommendation');
    expect(desk.ws.mailTo(WITNESS)).toEqual([]);
    moderatorAnswer(desk, MODS[1], kase, 'disagree', 'Too lenient for a third time.');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'escalate'))).toBe('done');
    const [toBoard] = desk.ws.mailTo(ESCALATION);
    expect(toBoard.body).toContain('Too lenient for a third time.');
    // The board knows who moderates the space: being told one was left out as "named in the report" points at them.
    expect(toBoard.body).not.toMatch(/named in the report|with a conflict/);
    expect(toBoard.htmlBody).not.toMatch(/named in the report|with a conflict/);
    // The committee's own record keeps why.
    expect(docSection(desk, kase, 'Log')).toContain('not to those named in the report or with a conflict');
  });

  it('ADV-283 the escalation does not list whom the recommendation went to: the contact, who knows the space has three moderators, cannot tell which one was left out', () => {
    const { desk, kase } = passedDesk({ moderators: [...MODS, WITNESS] }, { witnessAnswer: `Wes Tarn (${WITNESS})` });
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[1], kase, 'disagree', 'Too lenient for a third time.');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'escalate'))).toBe('done');
    const [toBoard] = desk.ws.mailTo(ESCALATION);
    // Before: `Recommendation sent to the moderators of Discourse (2 addresses): mods@…, lead-mod@…`: of three, the
    // one missing is in the report (here the witness) or has a conflict, as ADV-116 meant not to say.
    expect(toBoard.body).not.toMatch(/2 addresses/);
    expect(toBoard.body).not.toContain(MODS[0]);
    expect(toBoard.body).toContain('Recommendation sent to the moderators of Discourse.');
    // The committee's own record keeps whom it went to, and why one was left out.
    expect(docSection(desk, kase, 'Log')).toContain(`(2 addresses): ${MODS.join(', ')}`);
  });

  it('ADV-120 the escalation contact’s reply is filed under the moderators’ section and the case’s members are told', () => {
    const { desk, kase } = passedDesk();
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[1], kase, 'disagree', 'Too lenient for a third time.');
    expect(outcomeOf(caseAction(desk, ANA, kase, 'escalate'))).toBe('done');
    expect(outcomeOf(caseAction(desk, DEE, kase, 'escalate'))).toBe('done');
    // The email asks them to reply to discuss it with the committee.
    expect(desk.ws.mailTo(ESCALATION)[0].body).toMatch(/Please reply to this email/);
    reply(desk, ESCALATION, 'The board supports the moderators: a temporary removal is proportionate here.');
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toContain(
      'a temporary removal is proportionate here',
    );
    for (const member of [ANA, CY, DEE]) {
      const [notice] = mailsTo(desk, member.email, /reply was filed/);
      expect(notice.body).toContain('the escalation contact');
      expect(notice.body).not.toContain('temporary removal');
    }
    expect(desk.ws.mailbox(OWNER).filter((m) => m.labelIds.includes('INBOX') && m.from !== OWNER)).toEqual([]);
  });
});
