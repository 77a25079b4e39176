// A committee member named in a report whose Doc Google refuses for a while (storage full, the day's Documents limit): once the case exists, she is still kept out of everything.
import {
  ANA,
  BO,
  CY,
  DEE,
  REPORT,
  clear,
  docEditors,
  mailsTo,
  passHours,
  registryRows,
  startResolutionDesk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

describe('a member named in a report that waits for its Doc (ADV-565, ADV-570)', () => {
  it('the automatic conflict recorded before the case exists holds once the Doc comes: no alert, no screening email, no share', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    desk.ws.data.setStorageFull(desk.ws.owner, true);
    desk.k.people.push({ reporter: REPORT.reporter, reported: [{ name: DEE.name }], witnesses: [{ name: CY.name }] });
    const { responseId } = desk.ws.submitForm({
      'Your email address': REPORT.reporter?.email ?? '',
      'Who was involved?': DEE.name,
      'What happened?': `${DEE.name} shouted at me in the call; ${CY.name} saw it.`,
      'Were there witnesses?': CY.name,
      'Is anyone in immediate danger?': 'Yes',
    });
    desk.k.unfinishedResponses.add(responseId);
    passHours(desk, 2);
    expect(mailsTo(desk, ANA.email, /^Urgent: new report/)).toHaveLength(1);
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 1);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    const row = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)!;
    expect(row.Phase).toBe('screening');
    for (const member of [DEE, CY]) {
      const id = registryRows(desk, 'Members').find((m) => m.Email === member.email)!['Member ID'];
      const mine = registryRows(desk, 'Clearances').filter(
        (c) => c['Member ID'] === id && c['Case ID'] === row['Case ID'],
      );
      expect(mine.map((c) => c.Decision)).toEqual(['conflict']);
      expect(desk.ws.mailTo(member.email).filter((m) => m.body.includes(row['Code Name']))).toEqual([]);
    }
    expect(mailsTo(desk, ANA.email, /conflict of interest/)).toHaveLength(1);
    expect(mailsTo(desk, DEE.email, /conflict of interest|Urgent/)).toHaveLength(0);
    const kase = { n: 1, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] };
    clear(desk, kase, ANA, BO);
    expect(docEditors(desk, kase.docId).sort()).toEqual([ANA.email, BO.email].sort());
    passHours(desk, 2);
  });
});
