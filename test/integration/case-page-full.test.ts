// A full case through the built bundle, from report to resolution: case page, vote, moderators, letter, follow-up; invariants after every step.
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  MODS,
  advance,
  caseAction,
  casePage,
  caseRow,
  clear,
  docSection,
  mailsTo,
  moderatorAnswer,
  offers,
  outcomeOf,
  pageText,
  registryCase,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  vote,
  writeTexts,
} from './desk';

describe('a full case from report to resolution', () => {
  test('report → clearance → vote → moderators → letter → follow-up → Resolved', () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk);
    expect(caseRow(desk, kase).Status).toBe('New');

    clear(desk, kase, ANA, BO, CY, DEE);
    writeTexts(desk, ANA, kase);

    // The case page shows the state and offers a vote to a cleared voting member.
    const page = casePage(desk, ANA, kase);
    expect(pageText(page)).toContain(kase.codeName);
    expect(pageText(page)).toContain('the reporter (address on file)');
    expect(pageText(page)).not.toContain('rita.quell@example.net');
    expect(offers(page, 'open-vote')).toBe(true);
    expect(offers(page, 'send-letter')).toBe(false);

    const opened = caseAction(desk, ANA, kase, 'open-vote');
    expect(outcomeOf(opened)).toBe('done');
    expect(caseRow(desk, kase).Status).toBe('Ongoing');
    expect(caseRow(desk, kase)['Actions needed']).toBe('Vote open');
    // Three voting members are cleared; the adviser gets no vote link.
    for (const m of [ANA, CY, DEE]) expect(mailsTo(desk, m.email, /^Vote open/)).toHaveLength(1);
    expect(mailsTo(desk, BO.email, /^Vote open/)).toHaveLength(0);

    expect(outcomeOf(vote(desk, ANA, kase, 'approve'))).toBe('done');
    expect(outcomeOf(vote(desk, CY, kase, 'approve'))).toBe('done');
    // 2 of 3 is two-thirds rounded up: passed.
    const votes = registryRows(desk, 'Votes');
    expect(votes).toHaveLength(1);
    expect(votes[0].Outcome).toBe('passed');
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(/Vote passed/);
    expect(docSection(desk, kase, 'Committee discussions')).toMatch(
      /Approve: 2; reject: 0; abstain: 0; not voted: 1; needed to pass: 2 of 3 eligible/,
    );
    // Without "Record individual votes", who voted how is not kept.
    expect(docSection(desk, kase, 'Committee discussions')).not.toMatch(/Ana Lima: approve/);
    expect(votes[0].Ballots).not.toMatch(/m_/);
    expect(mailsTo(desk, DEE.email, /^Vote result/)).toHaveLength(1);

    const sent = caseAction(desk, CY, kase, 'send-recommendation');
    expect(outcomeOf(sent)).toBe('done');
    expect(caseRow(desk, kase).Status).toBe('Awaiting moderators');
    for (const mod of MODS) {
      const mails = desk.ws.mailTo(mod);
      expect(mails).toHaveLength(1);
      expect(mails[0].body).toContain('Do not comment on anyone');
      expect(mails[0].body).not.toMatch(/Rita|Quell|Wes|Tarn|wtarn/);
    }
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toMatch(
      /Recommendation sent to the moderators of Discourse/,
    );

    // The letter waits for the moderators.
    expect(offers(casePage(desk, ANA, kase), 'send-letter')).toBe(false);
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toMatch(
      /A moderator accepted the recommendation \(mods@example\.org, Discourse\)/,
    );
    expect(caseRow(desk, kase)['Actions needed']).toBe('Send letter and follow-up');

    const letter = sendLetter(desk, ANA, kase, 'sam.doe@example.com');
    expect(outcomeOf(letter)).toBe('done');
    const letters = desk.ws.mailTo('sam.doe@example.com');
    expect(letters).toHaveLength(1);
    expect(letters[0].body).toContain('made repeated comments');
    expect(letters[0].body).toContain('make people feel unwelcome');
    expect(letters[0].body).toContain('A written warning');
    expect(letters[0].cc).toEqual([]);
    expect(letters[0].bcc).toEqual([]);
    expect(docSection(desk, kase, 'Discussions with the reported person')).toMatch(
      /Letter sent to the reported person \(sam\.doe@example\.com\)/,
    );

    const followUp = caseAction(desk, DEE, kase, 'send-follow-up');
    expect(outcomeOf(followUp)).toBe('done');
    const toReporter = mailsTo(desk, 'rita.quell@example.net', /update on your report/);
    expect(toReporter).toHaveLength(1);
    expect(toReporter[0].body).toContain('written warning and a behaviour plan');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toMatch(/sent to the reporter \(address on file\)/);

    expect(caseRow(desk, kase).Status).toBe('Resolved');
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
    expect(registryCase(desk, kase).Phase).toBe('resolved');

    // A closed case gets no status email or reminder however long it waits.
    const before = desk.ws.mail().length;
    advance(desk, 10 * DAY);
    expect(mailsTo(desk, 'rita.quell@example.net', /status update/)).toHaveLength(0);
    expect(
      desk.ws
        .mail()
        .slice(before)
        .filter((m) => /deadline|not answered|acknowledged/i.test(m.subject + m.body)),
    ).toHaveLength(0);
  });
});
