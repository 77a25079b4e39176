// Transparency statistics through the built bundle: the owner's transparencyReport writes a private spreadsheet of counts per ended period (no name, no code name, no finer date, small counts withheld); anyone else is refused.
import {
  SPACE,
  addSpace,
  setSetting,
  advance,
  expectOk,
  registryRows,
  startDesk,
  submitReport,
  DAY,
  ANA,
  BO,
  OWNER,
  typeStatus,
  sweep,
  linkUrlsIn,
  mailsTo,
  press,
  open,
  outcomeOf,
} from './desk';

function quarterDesk() {
  const desk = startDesk({ start: '2026-03-27T09:00:00Z', members: [ANA, BO] });
  addSpace(desk, SPACE, ['mods@example.org']);
  setSetting(desk, 'Statistics period', 'Quarter');
  expectOk(desk.ws.run('setup'));
  const names = ['Quorra Vell', 'Tamsin Orle', 'Quorra Vell', 'Brannoc Iley'];
  const cases = names.map((name, i) =>
    submitReport(desk, { reported: [name], where: i < 3 ? SPACE : 'Other', reporter: { name: 'Ilsabet Marn' } }),
  );
  return { desk, cases };
}

describe('transparencyReport', () => {
  test('writes counts for the ended quarters to a new spreadsheet in the private folder, shared with nobody', () => {
    const { desk, cases } = quarterDesk();
    advance(desk, 6 * DAY); // into the second quarter: the first has ended
    const result = expectOk(desk.ws.run<{ url: string; lines: string[] }>('transparencyReport', []));
    desk.check();
    const snap = desk.ws.snapshot();
    const sheet = snap.sheets.find((s) => s.spreadsheetName === 'Conduct Desk — transparency statistics by quarter')!;
    expect(sheet.rows).toEqual([
      ['Period', 'Measure', 'Count'],
      ['2026 Q1', 'Reports received', '4'],
      ['2026 Q1', 'People named', '3'],
      ['2026 Q1', 'Spaces', 'withheld: a count would be below 3'],
      // Open cases count only once closed, in the quarter they close: a published quarter never changes.
      ['2026 Q1', 'Cases closed', '0'],
    ]);
    const file = snap.files.find((f) => f.id === sheet.spreadsheetId)!;
    expect(file.parents).toEqual([desk.ids.folder]);
    expect([file.editors, file.viewers, file.access, file.inSharedFolder]).toEqual([[], [], 'PRIVATE', false]);
    expect(result.value!.lines[0]).toContain(result.value!.url);
    // Nothing that names or points at a case or a person, and no date finer than the quarter.
    const text = JSON.stringify(sheet.rows);
    const codes = registryRows(desk, 'Cases').flatMap((c) => [
      c['Code Name'],
      ...((JSON.parse(c.Flags) as { persons: string[] }).persons ?? []),
    ]);
    for (const needle of [...codes, 'Quorra', 'Tamsin', 'Brannoc', 'Ilsabet', 'Other'])
      expect(text).not.toContain(needle);
    expect(text).not.toMatch(/\d{4}-\d\d/);
    expect(cases).toHaveLength(4);
    // The hourly audits leave it alone: it is the owner's, in the owner's folder.
    const mails = desk.ws.snapshot().mail.length;
    advance(desk, 7 * 3600000); // past a new pass of the access audit (at most every 6 hours)
    expect(desk.ws.snapshot().mail.slice(mails)).toEqual([]);
  });

  test('ADV-111 published every quarter, a quarter\u2019s figures never change: the cases open when it was first published count in the quarter they close', () => {
    const { desk, cases } = quarterDesk();
    advance(desk, 6 * DAY); // into the second quarter
    expectOk(desk.ws.run('transparencyReport', []));
    for (const kase of cases.slice(0, 3)) typeStatus(desk, OWNER, kase, 'Closed');
    advance(desk, 92 * DAY); // into the third quarter
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    const [first, second] = desk.ws
      .snapshot()
      .sheets.filter((s) => s.spreadsheetName === 'Conduct Desk — transparency statistics by quarter')
      .map((s) => s.rows.slice(1));
    // Side by side, the two publications give no case's outcome back: the first quarter reads the same in both.
    expect(second.filter((r) => r[0] === '2026 Q1')).toEqual(first);
    expect(second.filter((r) => r[0] === '2026 Q2')).toEqual([
      ['2026 Q2', 'Reports received', '0'],
      ['2026 Q2', 'Cases closed', '3'],
      ['2026 Q2', 'Outcome: closed otherwise', '3'],
    ]);

    // A case reopened and closed again in the third quarter still counts where it first closed.
    typeStatus(desk, OWNER, cases[0], 'Ongoing');
    typeStatus(desk, OWNER, cases[0], 'Closed');
    advance(desk, 92 * DAY); // into the fourth quarter
    expectOk(desk.ws.run('transparencyReport', []));
    const third = desk.ws
      .snapshot()
      .sheets.filter((s) => s.spreadsheetName === 'Conduct Desk — transparency statistics by quarter')[2]
      .rows.slice(1);
    expect(third.filter((r) => String(r[0]) <= '2026 Q2')).toEqual(second);
    expect(third.filter((r) => r[0] === '2026 Q3')).toEqual([
      ['2026 Q3', 'Reports received', '0'],
      ['2026 Q3', 'Cases closed', '0'],
    ]);
  });

  test('a minimum count of 5 withholds the quarter; counted by year, nothing shows until the year has ended', () => {
    const { desk } = quarterDesk();
    setSetting(desk, 'Statistics minimum count', 5);
    advance(desk, 6 * DAY);
    expectOk(desk.ws.run('transparencyReport', []));
    setSetting(desk, 'Statistics period', 'Year');
    expectOk(desk.ws.run('transparencyReport', []));
    const sheets = desk.ws.snapshot().sheets;
    expect(sheets.find((s) => s.spreadsheetName.endsWith('by quarter'))!.rows.slice(1)).toEqual([
      ['2026 Q1', 'Reports received', 'fewer than 5'],
      ['2026 Q1', 'Cases closed', '0'],
    ]);
    expect(sheets.find((s) => s.spreadsheetName.endsWith('by year'))!.rows).toEqual([['Period', 'Measure', 'Count']]);
  });

  test('ADV-58 a year written by quarter is not written again by year, nor a year by quarter: the total would give a withheld quarter back', () => {
    const { desk } = quarterDesk();
    advance(desk, 6 * DAY);
    // One report in the second quarter: "fewer than 3" on its own, and 5 reports in the year.
    submitReport(desk, { reported: ['Tamsin Orle'], where: SPACE, reporter: { name: 'Ilsabet Marn' } });
    desk.ws.rt.setClock(Date.parse('2027-01-04T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    const quarters = () => desk.ws.snapshot().sheets.filter((s) => s.spreadsheetName.endsWith('by quarter'));
    expect(quarters()[0].rows.filter((r) => r[1] === 'Reports received')).toEqual([
      ['2026 Q1', 'Reports received', '4'],
      ['2026 Q2', 'Reports received', 'fewer than 3'],
      ['2026 Q3', 'Reports received', '0'],
      ['2026 Q4', 'Reports received', '0'],
    ]);
    setSetting(desk, 'Statistics period', 'Year');
    expectOk(desk.ws.run('transparencyReport', []));
    const year = desk.ws.snapshot().sheets.find((s) => s.spreadsheetName.endsWith('by year'))!;
    expect(year.rows.slice(1)).toEqual([['2026', 'Reports received', 'withheld: written by quarter before']]);
    // And back: 2026 stays by quarter (the same figures again), 2027's first quarter is new.
    setSetting(desk, 'Statistics period', 'Quarter');
    desk.ws.rt.setClock(Date.parse('2027-04-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    expect(
      quarters()[1]
        .rows.slice(1)
        .filter((r) => r[1] === 'Reports received'),
    ).toEqual([
      ['2026 Q1', 'Reports received', '4'],
      ['2026 Q2', 'Reports received', 'fewer than 3'],
      ['2026 Q3', 'Reports received', '0'],
      ['2026 Q4', 'Reports received', '0'],
      ['2027 Q1', 'Reports received', '0'],
    ]);
  });

  it('ADV-159 the owner sets the committee\u2019s time zone after a publication: the periods keep the zone they were first published in', () => {
    const desk = startDesk({ start: '2026-03-30T09:00:00Z', members: [ANA, BO] });
    for (const name of ['Quorra Vell', 'Tamsin Orle', 'Brannoc Iley'])
      submitReport(desk, { reported: [name], reporter: { name: 'Ilsabet Marn' } });
    // 20:00 on 31 March in UTC (the default zone) is already 1 April in Tokyo.
    desk.ws.rt.setClock(Date.parse('2026-03-31T20:00:00Z'));
    submitReport(desk, { reported: ['Odalys Prenn'], reporter: { name: 'Ilsabet Marn' } });
    setSetting(desk, 'Statistics period', 'Quarter');
    desk.ws.rt.setClock(Date.parse('2026-07-06T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    setSetting(desk, 'Time zone', 'Asia/Tokyo');
    expectOk(desk.ws.run('transparencyReport', []));
    const [first, second] = desk.ws
      .snapshot()
      .sheets.filter((s) => s.spreadsheetName.endsWith('by quarter'))
      .map((s) => s.rows.slice(1).filter((r) => r[1] === 'Reports received'));
    expect(first).toEqual([
      ['2026 Q1', 'Reports received', '4'],
      ['2026 Q2', 'Reports received', '0'],
    ]);
    // Side by side, "4, 0" then "3, fewer than 3" would give the withheld quarter back: one report, sent late on 31 March.
    expect(second).toEqual(first);
  });

  it('ADV-208 the owner makes a March email a case after the first quarter was published: the quarter reads the same in the next publication', () => {
    const desk = startDesk({ start: '2026-03-25T09:00:00Z', members: [ANA, BO] });
    addSpace(desk, SPACE, ['mods@example.org']);
    setSetting(desk, 'Statistics period', 'Quarter');
    expectOk(desk.ws.run('setup'));
    for (const name of ['Quorra Vell', 'Tamsin Orle', 'Brannoc Iley'])
      submitReport(desk, { reported: [name], where: SPACE, reporter: { name: 'Ilsabet Marn' } });
    // A report by email on 30 March waits for the owner, who reads it once the quarter has been published.
    const sender = 'nia.vortel@example.net';
    desk.k.people.push({ reporter: { email: sender }, reported: [{ name: 'Quorra Vell' }], witnesses: [] });
    desk.ws.rt.setClock(Date.parse('2026-03-30T10:00:00Z'));
    desk.ws.receiveMail({ from: sender, to: OWNER, subject: 'Reporting by email', text: 'Rude remarks again.' });
    sweep(desk);
    desk.ws.rt.setClock(Date.parse('2026-04-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    const [link] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/)[0].body, desk.ws.webAppUrl);
    const made = press(desk, open(desk, link), 'make-case', { fields: { involved: 'Quorra Vell' } });
    expect(outcomeOf(made)).toBe('done');
    desk.ws.rt.setClock(Date.parse('2026-07-02T09:00:00Z'));
    expectOk(desk.ws.run('transparencyReport', []));
    desk.check();
    const [first, second] = desk.ws
      .snapshot()
      .sheets.filter((s) => s.spreadsheetName.endsWith('by quarter'))
      .map((s) => s.rows.slice(1));
    expect(first).toEqual([
      ['2026 Q1', 'Reports received', '3'],
      ['2026 Q1', 'People named', '3'],
      [`2026 Q1`, `Space: ${SPACE}`, '3'],
      ['2026 Q1', 'Cases closed', '0'],
    ]);
    // Before, the second read "4, People named 3, Spaces withheld": side by side, one more March report, about a
    // person already named, not in the forum. It counts where the committee took it in.
    expect(second.filter((r) => r[0] === '2026 Q1')).toEqual(first);
    expect(second.filter((r) => r[0] === '2026 Q2')).toEqual([
      ['2026 Q2', 'Reports received', 'fewer than 3'],
      ['2026 Q2', 'Cases closed', '0'],
    ]);
  });

  it('ADV-209 the owner asks for a stricter minimum than Settings can read (60, or "10 reports"): nothing is written, rather than counts of 3 and up', () => {
    const { desk } = quarterDesk();
    advance(desk, 6 * DAY);
    for (const typed of [60, '10 reports']) {
      setSetting(desk, 'Statistics minimum count', typed);
      const result = desk.ws.run('transparencyReport', []);
      // Before, Settings' default stood in: "2026 Q1, Reports received, 4" written for a committee that asked for 60.
      expect(result.record.outcome).not.toBe('ok');
      expect(String(result.record.error)).toContain("Settings row 'Statistics minimum count'");
      expect(String(result.record.error)).toMatch(/nothing was written/i);
    }
    expect(desk.ws.snapshot().sheets.filter((s) => s.spreadsheetName.includes('transparency'))).toEqual([]);
    expect(desk.ws.properties().statisticsYears).toBeUndefined();
    // Corrected, it runs.
    setSetting(desk, 'Statistics minimum count', 50);
    expectOk(desk.ws.run('transparencyReport', []));
  });

  test('only the committee account may run it', () => {
    const { desk } = quarterDesk();
    const before = desk.ws.snapshot().sheets.length;
    for (const user of [ANA.email, 'mallory@example.com']) {
      const result = desk.ws.run('transparencyReport', [], { user });
      expect(result.record.outcome).not.toBe('ok');
      expect(String(result.record.error)).toMatch(/transparencyReport refused/);
    }
    expect(desk.ws.snapshot().sheets.length).toBe(before);
  });
});
