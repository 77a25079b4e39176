// Texts too long for one email (a pasted chat log in the plan or the letter): refused with a reason before anything is voted on or queued, never cut by the Outbox's cells or refused by MailApp's body limit after the member was told it went.
import {
  ANA,
  CONSEQUENCES,
  CY,
  DAY,
  DEE,
  HOUR,
  LETTER,
  MODS,
  PLAN,
  advance,
  caseAction,
  clear,
  moderatorAnswer,
  outcomeOf,
  pageText,
  registryRows,
  reportCase,
  sendLetter,
  startResolutionDesk,
  vote,
  writeSection,
  writeTexts,
} from './desk';

const SAM = 'sam.doe@example.com';
const LINE = 'In the public call you repeated the comments about the accent after being asked to stop, several times. ';
/** About 52,000 characters: a chat log pasted into a section. */
const LOG = Array.from({ length: 500 }, () => LINE).join(' ');

describe('texts too long for one email', () => {
  it('ADV-145 a plan of 52,000 characters (a pasted chat log) is put to the vote', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase, { plan: `${PLAN}\n${LOG}` });
    const opened = caseAction(desk, ANA, kase, 'open-vote');
    // Before, the vote opened and passed, but its frozen texts (JSON in one registry cell) were cut past 50,000
    // characters: the recommendation then said "The vote that passed had no plan and no consequences to send".
    expect(outcomeOf(opened)).toBe('refused');
    expect(pageText(opened)).toMatch(
      /The plan with its consequences and letter draft is too long for one email: .*at most 30,000 characters/,
    );
    expect(registryRows(desk, 'Votes')).toEqual([]);
    expect(desk.ws.mail().filter((m) => /^Vote open/.test(m.subject))).toEqual([]);
    // Shortened, the vote opens and what passes reaches the moderators whole.
    writeSection(desk, ANA, kase, 'Proposed behavioral modification plan', PLAN);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'open-vote'))).toBe('done');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    expect(outcomeOf(caseAction(desk, CY, kase, 'send-recommendation'))).toBe('done');
    for (const m of MODS) expect(desk.ws.mailTo(m).map((x) => x.body.includes(CONSEQUENCES))).toEqual([true]);
  });

  it('ADV-146 a letter whose impact runs to 52,000 characters is sent while the day’s mail quota is spent', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    const [behaviour] = LETTER.split('\n');
    writeTexts(desk, ANA, kase, { letter: `${behaviour}\nImpact: ${LOG}` });
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    caseAction(desk, CY, kase, 'send-recommendation');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    desk.k.reportedPersonEmails.add(SAM);
    // 21 recipients left, 20 of them kept for urgent mail: the confirmation goes, the letter would wait a day.
    desk.ws.setMailQuotaUsed(79);
    const refused = sendLetter(desk, ANA, kase, SAM);
    // Before, the letter was queued: its Outbox cells cut it at 50,000 characters, and the next day the reported
    // person got a letter ending mid-sentence, without "What we ask of you" and "Consequences".
    expect(outcomeOf(refused)).toBe('refused');
    expect(pageText(refused)).toMatch(/The letter is too long for one email: shorten it in the case document/);
    expect(registryRows(desk, 'Outbox').filter((o) => o.Kind === 'letter')).toEqual([]);
    writeSection(desk, ANA, kase, 'Letter to the reported person', LETTER);
    expect(outcomeOf(sendLetter(desk, ANA, kase, SAM))).toBe('done');
    advance(desk, DAY + 2 * HOUR);
    const letters = desk.ws.mailTo(SAM);
    expect(letters.map((m) => m.body.includes(CONSEQUENCES) && m.htmlBody.endsWith('</div>'))).toEqual([true]);
  });
});
