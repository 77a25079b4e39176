// Members may put a table in a case Doc's section: the plan and consequences read from a table go to the moderators row by row, and entries the system adds to a section that ends in a table land after it.
import {
  ANA,
  CY,
  DEE,
  MODS,
  caseAction,
  clear,
  docSection,
  mailsTo,
  moderatorAnswer,
  outcomeOf,
  reportCase,
  startResolutionDesk,
  vote,
  writeTexts,
} from './desk';

const CONSEQUENCES_TABLE = [
  ['Consequence', 'When'],
  ['A written warning', 'now'],
  ['Removal from the chat for a month', 'if it happens again'],
];

function passedCaseWithTables() {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY, DEE);
  writeTexts(desk, ANA, kase, { consequences: 'As follows:' });
  desk.ws.data.ui.writeDocTable(ANA.email, kase.docId, 'Proposed consequences', CONSEQUENCES_TABLE);
  desk.check();
  caseAction(desk, ANA, kase, 'open-vote');
  vote(desk, ANA, kase, 'approve');
  vote(desk, CY, kase, 'approve');
  return { desk, kase };
}

describe('tables in a case Doc', () => {
  test('the consequences a member put in a table are read row by row, cells in order, and reach the moderators so', () => {
    const { desk, kase } = passedCaseWithTables();
    expect(docSection(desk, kase, 'Proposed consequences')).toContain('A written warning');
    caseAction(desk, CY, kase, 'send-recommendation');
    const mail = mailsTo(desk, MODS[0], /./).at(-1)!;
    expect(mail.body).toContain('As follows:');
    expect(mail.body).toContain('Consequence | When');
    expect(mail.body).toContain('A written warning | now');
    expect(mail.body).toContain('Removal from the chat for a month | if it happens again');
  });

  test('a moderator\u2019s answer is recorded in a section that ends with a table, after the table', () => {
    const { desk, kase } = passedCaseWithTables();
    caseAction(desk, CY, kase, 'send-recommendation');
    desk.ws.data.ui.writeDocTable(ANA.email, kase.docId, 'Discussions with moderators and organizers', [
      ['Asked', 'Answered'],
      ['yes', 'not yet'],
    ]);
    desk.check();
    expect(outcomeOf(moderatorAnswer(desk, MODS[0], kase, 'accept'))).toBe('done');
    const paragraphs = desk.ws.data.doc(kase.docId).paragraphs.map((p) => p.text);
    const table = paragraphs.indexOf('Asked\nAnswered\nyes\nnot yet');
    const next = paragraphs.indexOf('Letter to the reported person');
    expect(table).toBeGreaterThan(0);
    // The answer was written into the section, after the table and before the next heading.
    const between = paragraphs.slice(table + 1, next).join('\n');
    expect(between).toMatch(/accept/i);
  });
});
