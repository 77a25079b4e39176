// A registry made by an older version, between `npm run deploy` and the owner's `setup`: triggers run the new code at once, so reports, sweeps and page actions must work on the old tabs, with nothing lost.
import {
  ANA,
  CY,
  DEE,
  OWNER,
  REPORT,
  caseAction,
  clear,
  newestLink,
  outcomeOf,
  registryRows,
  reportCase,
  startResolutionDesk,
  writeTexts,
  type Desk,
} from './desk';

/** The registry tab as an older version made it: these headers (the last columns, added since) never written. */
function olderTab(desk: Desk, tab: string, added: string[]): void {
  const header = desk.ws.data.sheet(desk.ids.registry, tab).rows[0];
  for (const h of added) desk.ws.data.ui.editCell(OWNER, desk.ids.registry, tab, 1, header.indexOf(h) + 1, '');
  desk.check();
}

describe('a registry from an older version before setup runs', () => {
  test('a vote opens on a Votes tab without the columns added since (Subject, Round, Texts, Reminded At, Closes At)', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, CY, kase);
    olderTab(desk, 'Votes', ['Subject', 'Round', 'Texts', 'Reminded At', 'Closes At']);

    const opened = caseAction(desk, CY, kase, 'open-vote');
    expect(outcomeOf(opened)).toBe('done');
    const votes = registryRows(desk, 'Votes');
    expect(votes.map((v) => v['Case ID'])).toEqual([kase.caseId]);
    expect(votes[0].Texts).not.toBe('');
    expect(Date.parse(votes[0]['Closes At'])).toBeGreaterThan(Date.parse(votes[0]['Opened At']));
    expect(desk.ws.data.sheet(desk.ids.registry, 'Votes').rows[0]).toEqual([
      'Vote ID',
      'Case ID',
      'Opened By',
      'Opened At',
      'Eligible',
      'Ballots',
      'Outcome',
      'Closed At',
      'Subject',
      'Round',
      'Texts',
      'Reminded At',
      'Closes At',
    ]);
  });

  test('a report becomes a case on a Cases tab without its newest column (Closed At)', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    olderTab(desk, 'Cases', ['Closed At']);
    const kase = reportCase(desk);
    expect(registryRows(desk, 'Cases').map((c) => c['Case ID'])).toEqual([kase.caseId]);
    // Screened as usual: Ana has the conflict-of-interest email with her links, the reporter the receipt.
    expect(newestLink(desk, ANA.email, 'no-conflict', kase.caseId).url).toContain(desk.ws.webAppUrl);
    expect(desk.ws.mailTo(REPORT.reporter!.email!)).toHaveLength(1);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'registry.headers-restored')).toEqual([
      expect.objectContaining({ Detail: 'Cases: Closed At' }),
    ]);
  });
});
