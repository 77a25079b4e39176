// Deadlines fixed when they start and days counted as the committee counts them: the screening window, the vote's reminder, retention's warning and purge, read by the people they concern.
import {
  CY,
  DEE,
  HOUR,
  OWNER,
  caseWithOpenVote,
  expectNoErrors,
  mailsTo,
  pageText,
  registryRows,
  sweep,
  memberId,
  vote,
  type Desk,
} from './desk';

/** The owner changes a member's `Role` cell in `Committee` (the edit trigger fires). */
function setRole(desk: Desk, email: string, role: 'voting' | 'adviser'): void {
  const index = desk.members.findIndex((m) => m.email === email);
  desk.members[index].role = role;
  expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', index + 2, 3, role));
  desk.check();
}

describe('deadlines and days as the committee lives them', () => {
  it('ADV-T1 a voting member made an adviser while a vote is open is not told "a vote closes tomorrow and you have not voted"', () => {
    const { desk, kase } = caseWithOpenVote();
    const closes = Date.parse(registryRows(desk, 'Votes')[0]['Closes At']);
    // Dee, cleared and eligible when the vote opened, becomes an adviser: advisers do not vote.
    setRole(desk, DEE.email, 'adviser');
    desk.ws.rt.setClock(closes - 20 * HOUR);
    sweep(desk);
    expect(mailsTo(desk, CY.email, /A vote closes tomorrow/)).toHaveLength(1);
    expect(mailsTo(desk, DEE.email, /A vote closes tomorrow/)).toHaveLength(0);
    // Nor can she vote, from the link the vote's email gave her: the ballot is refused and not recorded.
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('Advisers do not vote.');
    expect(registryRows(desk, 'Votes')[0].Ballots).not.toContain(memberId(desk, DEE.email));
  });
});
