// Probe (scratch): a witness address typed in fullwidth in the story.
import {
  ANA,
  CY,
  DEE,
  MODS,
  caseAction,
  clear,
  mailsTo,
  reportCase,
  startResolutionDesk,
  vote,
  writeSection,
  CONSEQUENCES,
  outcomeOf,
} from '../integration/desk';

describe('probe', () => {
  it('fullwidth witness address in the story', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = reportCase(desk, {
      what: 'Sam Doe mocked my accent in the release call; Ola Berg (ｏｌａ．ｂｅｒｇ＠ｅｘａｍｐｌｅ．ｏｒｇ) heard it all.',
    });
    clear(desk, kase, ANA, CY, DEE);
    writeSection(desk, ANA, kase, 'Proposed behavioral modification plan', 'Do not write to ola.berg@example.org.');
    writeSection(desk, ANA, kase, 'Proposed consequences', CONSEQUENCES);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, ANA, kase, 'approve');
    vote(desk, CY, kase, 'approve');
    const sent = caseAction(desk, CY, kase, 'send-recommendation');
    for (const m of MODS) expect(mailsTo(desk, m, /.*/).filter((x) => /ola\.berg/.test(x.body))).toEqual([]);
    expect(outcomeOf(sent)).toBe('refused');
  });
});
