// The seed's documentation where people decide (issue 18) through the built bundle: the Form asks the impact apart from the behaviour (and setup adds that question to an older Form in place, keeping the committee's wording), the case page reminds cleared members of the two risk columns while unset and lists the seed's example plans and consequences, and the screening page lists the seed's conflict-of-interest examples; invariants after every step.
import {
  ANA,
  BO,
  CY,
  OWNER,
  caseRow,
  casePage,
  clear,
  docSection,
  newestLink,
  open,
  pageText,
  reportCase,
  startResolutionDesk,
  startWorkspace,
  submitAnswers,
  registryRows,
} from './desk';

describe('the impact on the reporter, apart from the behaviour', () => {
  test('the Form asks it, optionally, right after "What happened?"; intake files it under Report', () => {
    const desk = startWorkspace({ members: [ANA] });
    const form = desk.ws.data.forms().find((f) => f.id === desk.ids.form)!;
    const titles = form.items.map((i) => i.title);
    expect(titles.indexOf('How did it affect you?')).toBe(titles.indexOf('What happened?') + 1);
    const item = form.items.find((i) => i.title === 'How did it affect you?')!;
    expect(item).toMatchObject({ type: 'PARAGRAPH_TEXT', required: false });
    submitAnswers(
      desk,
      {
        'Who was involved?': 'Zeph Mallory',
        'What happened?': 'Mocking replies in the help channel.',
        'How did it affect you?': 'I stopped asking questions there.',
      },
      { reported: [{ name: 'Zeph Mallory' }] },
    );
    const [row] = registryRows(desk, 'Cases');
    const kase = { n: 1, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] };
    expect(docSection(desk, kase, 'Report')).toMatch(
      /What happened\?\s*Mocking replies in the help channel\.\s*How did it affect you\?\s*I stopped asking questions there\./,
    );
  });

  test("setup adds the question to an older Form in its place, and leaves the committee's own wording alone", () => {
    const desk = startWorkspace({ members: [] });
    const { ws, ids } = desk;
    // A Form made by an earlier version, which the committee has since reworded in the Forms editor.
    ws.data.ui.editFormItem(OWNER, ids.form, 'How did it affect you?', { remove: true });
    ws.data.ui.editFormItem(OWNER, ids.form, 'What happened?', { helpText: 'Tell us in your own words, zorblat.' });
    const result = ws.run('setup');
    expect(result.record.outcome).toBe('ok');
    expect((result.value as { lines: string[] }).lines.join('\n')).toContain(
      'added the missing Form question "How did it affect you?"',
    );
    const form = ws.data.forms().find((f) => f.id === ids.form)!;
    const titles = form.items.map((i) => i.title);
    expect(titles.indexOf('How did it affect you?')).toBe(titles.indexOf('What happened?') + 1);
    expect(titles).toHaveLength(new Set(titles).size);
    expect(form.items.find((i) => i.title === 'What happened?')?.helpText).toBe('Tell us in your own words, zorblat.');
    // Run again: nothing more is added or moved.
    ws.run('setup');
    expect(
      ws.data
        .forms()
        .find((f) => f.id === ids.form)!
        .items.map((i) => i.title),
    ).toEqual(titles);
    desk.check();
  });
});

describe('the case page', () => {
  function world() {
    const desk = startResolutionDesk({ members: [ANA, BO, CY] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    return { desk, kase };
  }

  function setRisk(desk: ReturnType<typeof world>['desk'], codeName: string, column: number, value: string): void {
    const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === codeName) + 1;
    for (const r of desk.ws.editCell(ANA.email, desk.ids.status, 'Cases', row, column, value))
      expect(r.record.outcome).toBe('ok');
    desk.check();
  }

  test('reminds the cleared members of "Safety risk?" and "Risk of repeating?" while each is unset, and the sheet stays theirs', () => {
    const { desk, kase } = world();
    expect(caseRow(desk, kase)['Safety risk?']).toBe('Unknown');
    const first = pageText(casePage(desk, ANA, kase));
    expect(first).toMatch(/Safety risk\? not set yet: weigh it with the risk questions/);
    expect(first).toMatch(/Risk of repeating\? not set yet/);
    setRisk(desk, kase.codeName, 1, 'No');
    const second = pageText(casePage(desk, ANA, kase));
    expect(second).not.toMatch(/Safety risk\? not set yet/);
    expect(second).toMatch(/Risk of repeating\? not set yet/);
    setRisk(desk, kase.codeName, 2, 'Maybe');
    expect(pageText(casePage(desk, BO, kase))).not.toMatch(/not set yet/);
    // The system never wrote the committee's answers over.
    expect(caseRow(desk, kase)).toMatchObject({ 'Safety risk?': 'No', 'Risk of repeating?': 'Maybe' });
  });

  test("lists the seed's example plans and consequences to adapt in the Doc, and changes nothing by it", () => {
    const { desk, kase } = world();
    const text = pageText(casePage(desk, ANA, kase));
    for (const example of [
      'Requiring that the reported person not send private messages to a community member',
      'Removing a person from membership of relevant organizations',
      'A verbal or emailed warning',
      'Temporarily removing the reported person from the online community',
      'Publishing an account of the incident',
    ])
      expect(text).toContain(example);
    expect(docSection(desk, kase, 'Proposed consequences')).toBe('');
  });
});

describe('the screening page', () => {
  test("lists the seed's conflict-of-interest examples, all seven", () => {
    const desk = startResolutionDesk({ members: [ANA, BO] });
    reportCase(desk);
    const text = pageText(open(desk, newestLink(desk, BO.email, 'no-conflict').url));
    for (const example of [
      'is your manager',
      'romantic or platonic relationship',
      'is your metamour',
      'is your family member',
      'is your direct client',
      'someone you work closely with',
      'a maintainer who regularly reviews your contributions',
    ])
      expect(text).toContain(example);
  });
});
