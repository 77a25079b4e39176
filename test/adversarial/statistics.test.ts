// Adversarial cases of the transparency statistics (transparencyReport): what a privacy reviewer, the owner and a committee do to the published counts over years of publications; invariants after every step.
import {
  SPACE,
  addSpace,
  setSetting,
  advance,
  expectOk,
  startDesk,
  submitReport,
  DAY,
  ANA,
  BO,
  OWNER,
  typeStatus,
  type Desk,
  jumpAndSweep,
  registryRows,
} from '../integration/desk';

const STATS = 'Conduct Desk — transparency statistics by';

function statsSheets(desk: Desk, by: 'year' | 'quarter'): string[][][] {
  return desk.ws
    .snapshot()
    .sheets.filter((s) => s.spreadsheetName === `${STATS} ${by}`)
    .map((s) => s.rows.slice(1) as string[][]);
}

/** Four reports in the last days of 2026's first quarter, three in the forum. */
function quarterDesk(period: string) {
  const desk = startDesk({ start: '2026-03-27T09:00:00Z', members: [ANA, BO] });
  addSpace(desk, SPACE, ['mods@example.org']);
  setSetting(desk, 'Statistics period', period);
  expectOk(desk.ws.run('setup'));
  const cases = ['Quorra Vell', 'Tamsin Orle', 'Quorra Vell', 'Brannoc Iley'].map((name) =>
    submitReport(desk, { reported: [name], where: SPACE, reporter: { name: 'Ilsabet Marn' } }),
  );
  return { desk, cases };
}

describe('transparency statistics', () => {
  it('ADV-632 the owner types "Quarterly" in Statistics period: nothing is written, rather than a year that can then never be written by quarter', () => {
    const { desk } = quarterDesk('Quarterly');
    desk.ws.rt.setClock(Date.parse('2027-01-04T09:00:00Z'));
    const result = desk.ws.run('transparencyReport', []);
    // Before, Settings' Year stood in: 2026 written by year, and once the typo was corrected, "withheld: written by
    // year before" for each of 2026's quarters, for good.
    expect(result.record.outcome).not.toBe('ok');
    expect(String(result.record.error)).toContain("Settings row 'Statistics period'");
    expect(String(result.record.error)).toMatch(/nothing was written/i);
    expect(desk.ws.snapshot().sheets.filter((s) => s.spreadsheetName.startsWith(STATS))).toEqual([]);
    expect(desk.ws.properties().statisticsYears).toBeUndefined();
    setSetting(desk, 'Statistics period', 'Quarter');
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    expect(statsSheets(desk, 'quarter')[0].filter((r) => r[1] === 'Reports received')).toEqual([
      ['2026 Q1', 'Reports received', '4'],
      ['2026 Q2', 'Reports received', '0'],
      ['2026 Q3', 'Reports received', '0'],
      ['2026 Q4', 'Reports received', '0'],
    ]);
  });

  it('ADV-633 the owner tries transparencyReport before any period has ended, then sets the committee\u2019s time zone: the periods are the committee\u2019s', () => {
    const { desk } = quarterDesk('Quarter');
    // Nothing has ended yet: the sheet holds the header alone.
    expectOk(desk.ws.run('transparencyReport', []));
    expect(statsSheets(desk, 'quarter')).toEqual([[]]);
    setSetting(desk, 'Time zone', 'America/Los_Angeles');
    // 22:00 on 31 March in Los Angeles: the committee's first quarter (05:00 on 1 April in UTC).
    desk.ws.rt.setClock(Date.parse('2026-04-01T05:00:00Z'));
    submitReport(desk, { reported: ['Odalys Prenn'], where: SPACE, reporter: { name: 'Ilsabet Marn' } });
    desk.ws.rt.setClock(Date.parse('2026-07-06T16:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    // Before, the empty first run kept UTC for good: the evening's report counted in the second quarter.
    expect(statsSheets(desk, 'quarter')[1].filter((r) => r[1] === 'Reports received')).toEqual([
      ['2026 Q1', 'Reports received', '5'],
      ['2026 Q2', 'Reports received', '0'],
    ]);
    expect(desk.ws.properties().statisticsZone).toBe('America/Los_Angeles');
  });

  it('ADV-634 the committee account closes the wrong case by a slip and sets it back at once: it counts where it closes for good, with how it ended then', () => {
    const { desk, cases } = quarterDesk('Quarter');
    typeStatus(desk, OWNER, cases[0], 'Closed');
    advance(desk, 60_000);
    typeStatus(desk, OWNER, cases[0], 'Ongoing');
    advance(desk, 6 * DAY); // into the second quarter
    for (const kase of cases.slice(0, 3)) typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.rt.setClock(Date.parse('2026-07-06T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    // Before, the slip counted as a closing in the first quarter ("fewer than 3"), and the second quarter's three
    // closings as two ("fewer than 3", no outcomes) although nothing about the first quarter had been published.
    expect(statsSheets(desk, 'quarter')[0].filter((r) => /^(Cases closed|Outcome)/.test(r[1]))).toEqual([
      ['2026 Q1', 'Cases closed', '0'],
      ['2026 Q2', 'Cases closed', '3'],
      ['2026 Q2', 'Outcome: closed otherwise', '3'],
    ]);
  });

  it('ADV-635 a Statistics minimum count typed badly ("five", -1, 0, or blanked after 4) stops the run; a row never filled in is 3 (guard)', () => {
    const { desk } = quarterDesk('Quarter');
    advance(desk, 6 * DAY);
    setSetting(desk, 'Statistics minimum count', 4);
    for (const typed of ['five', -1, 0, '']) {
      setSetting(desk, 'Statistics minimum count', typed);
      const result = desk.ws.run('transparencyReport', []);
      expect(result.record.outcome).not.toBe('ok');
      expect(String(result.record.error)).toMatch(/Statistics minimum count.*Nothing was written/);
    }
    expect(desk.ws.snapshot().sheets.filter((s) => s.spreadsheetName.startsWith(STATS))).toEqual([]);
    const fresh = quarterDesk('Quarter').desk;
    advance(fresh, 6 * DAY);
    expectOk(fresh.ws.run('transparencyReport', []));
    // Three people named: shown under 3, as it would not be under the 4 typed before.
    expect(statsSheets(fresh, 'quarter')[0]).toContainEqual(['2026 Q1', 'People named', '3']);
  });

  it('ADV-636 the quarter’s cases are archived and their reporters’ details purged between two publications: the quarter reads the same (guard)', () => {
    const { desk, cases } = quarterDesk('Quarter');
    setSetting(desk, 'Purge reporter details after (months)', 1);
    setSetting(desk, 'Archive closed cases after (days)', 30);
    for (const kase of cases.slice(0, 3)) typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.rt.setClock(Date.parse('2026-04-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    for (let week = 0; week < 8; week++) jumpAndSweep(desk, 7 * DAY);
    // The closed cases left `Cases` for `Archived Cases`, their reporters' names purged.
    const archived = registryRows(desk, 'Archived Cases');
    expect(archived).toHaveLength(3);
    expect(archived.map((c) => c['Reporter Name'])).toEqual(['', '', '']);
    desk.ws.rt.setClock(Date.parse('2026-07-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    const [first, second] = statsSheets(desk, 'quarter');
    expect(first).toEqual([
      ['2026 Q1', 'Reports received', '4'],
      ['2026 Q1', 'People named', '3'],
      ['2026 Q1', `Space: ${SPACE}`, '4'],
      ['2026 Q1', 'Cases closed', '3'],
      ['2026 Q1', 'Outcome: closed otherwise', '3'],
    ]);
    expect(second.filter((r) => r[0] === '2026 Q1')).toEqual(first);
  });
  it('ADV-637 the committee account submits the test report deployment.md asks for, then closes it: the statistics leave it out, after its purge and archive too', () => {
    const { desk, cases } = quarterDesk('Quarter');
    setSetting(desk, 'Purge reporter details after (months)', 1);
    setSetting(desk, 'Archive closed cases after (days)', 30);
    // Deployment step 2: a report with the committee account's own address as the reporter (as Google spells it
    // back, capitals and all), then step 7: closed from the sheet.
    const test = submitReport(desk, {
      reported: ['Zorvin Quell'],
      where: SPACE,
      reporter: { name: 'Yandra Pell', email: OWNER.toUpperCase() },
    });
    for (const kase of [...cases.slice(0, 3), test]) typeStatus(desk, OWNER, kase, 'Closed');
    desk.ws.rt.setClock(Date.parse('2026-04-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    for (let week = 0; week < 8; week++) jumpAndSweep(desk, 7 * DAY);
    // The test case's reporter address is purged with the rest, its row archived: the statistics still know it.
    expect(registryRows(desk, 'Archived Cases').map((c) => c['Reporter Email'])).toEqual(['', '', '', '']);
    desk.ws.rt.setClock(Date.parse('2026-07-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    // Before, the rehearsal counted as a fifth report, a fourth person and a fourth closing: once the owner took
    // their own test away by hand, "4 closed" gave back the three the minimum count was there to keep.
    for (const sheet of statsSheets(desk, 'quarter'))
      expect(sheet.filter((r) => r[0] === '2026 Q1')).toEqual([
        ['2026 Q1', 'Reports received', '4'],
        ['2026 Q1', 'People named', '3'],
        ['2026 Q1', `Space: ${SPACE}`, '4'],
        ['2026 Q1', 'Cases closed', '3'],
        ['2026 Q1', 'Outcome: closed otherwise', '3'],
      ]);
  });
});
