// The status sheet's privacy lint cannot be asked questions: only real cases' rows, only against their own people, never the Code Name column, and told only to the committee account and the members cleared for the case.
import { runSweep } from '../../src/flows/sweep';
import { declare, flowBench, OWNER, type FlowBench } from '../support/in-process';

const ANA = 'ana@example.org';
const BO = 'bo@example.org';
const CY = 'cy@example.org';
const REPORT = {
  'Your name': 'Rita Park',
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
};
const RESOLUTION = 7;

/** Ana cleared, Cy conflicted, Bo has not answered; the sweep has run once (nothing to lint yet). */
function withCase(): { bench: FlowBench; caseId: string; codeName: string } {
  const bench = flowBench();
  const { caseId } = bench.report(REPORT);
  declare(bench, caseId, ANA, false);
  declare(bench, caseId, CY, true);
  sweep(bench);
  return { bench, caseId, codeName: bench.registry('Cases')[0]['Code Name'] };
}

function sweep(bench: FlowBench) {
  return bench.flow((ctx) => runSweep(ctx), { actor: 'sweep', mail: {} }, { kind: 'trigger', name: 'sweep_' });
}

function lintMail(bench: FlowBench) {
  return bench.ws.mail().filter((m) => /status sheet may identify/i.test(m.subject + m.body));
}

describe('privacy lint', () => {
  test("a case's own reporter in its row is told to the committee account and the cleared member only", () => {
    const { bench, codeName } = withCase();
    bench.ws.data.ui.editCell(ANA, bench.ids.status, 'Cases', 2, RESOLUTION, 'Spoke with Park about it.');
    const report = sweep(bench);
    expect(report.lintFindings).toBe(1);
    expect(
      lintMail(bench)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([ANA, OWNER].sort());
    for (const m of lintMail(bench)) {
      expect(m.body).toContain(codeName);
      expect(m.body).not.toMatch(/Park|Rita/);
    }
    // Told once.
    sweep(bench);
    expect(lintMail(bench)).toHaveLength(2);
  });

  test('a made-up row with a candidate name tells nobody anything about reports', () => {
    const { bench } = withCase();
    // Cy (conflicted) adds a row of their own, fishing for whether "Rita Park" is a reporter.
    bench.ws.data.ui.editCell(CY, bench.ids.status, 'Cases', 3, 4, 'Quiet Lake');
    bench.ws.data.ui.editCell(CY, bench.ids.status, 'Cases', 3, RESOLUTION, 'Rita Park, Sam Doe');
    const report = sweep(bench);
    expect(report.lintFindings).toBe(0);
    expect(lintMail(bench)).toEqual([]);
    expect(bench.ws.mailTo(CY).filter((m) => /identify|name known/i.test(m.body))).toEqual([]);
  });

  test("another case's people in a row, and a surname that equals a code-name word, are not findings", () => {
    const { bench, codeName } = withCase();
    const word = codeName.split(' ')[1];
    // A second report whose reporter's surname is a word of the first case's code name.
    bench.report({ ...REPORT, 'Your name': `Lee ${word}`, 'Who was involved?': 'Kim Vale' });
    bench.ws.data.ui.editCell(ANA, bench.ids.status, 'Cases', 2, RESOLUTION, 'Asked Kim Vale for context.');
    const report = sweep(bench);
    expect(report.lintFindings).toBe(0);
    expect(lintMail(bench)).toEqual([]);
  });

  test('an address or a gendered word in a row that is no case is told to the committee account alone', () => {
    const { bench } = withCase();
    bench.ws.data.ui.editCell(CY, bench.ids.status, 'Cases', 3, RESOLUTION, 'she wrote from x@example.com');
    const report = sweep(bench);
    expect(report.lintFindings).toBe(2);
    expect(new Set(lintMail(bench).flatMap((m) => m.to))).toEqual(new Set([OWNER]));
    expect(
      bench.ws
        .mailTo(BO)
        .concat(bench.ws.mailTo(CY))
        .filter((m) => /identify/i.test(m.body)),
    ).toEqual([]);
  });
});
