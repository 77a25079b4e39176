// The case page in-process (doGet/doPost with the real event): open only to members cleared for the case, it shows the state and the actions open to the member, and changes nothing without a confirmed op.
import { confirmAsPerson, entriesToFields, findOperation, formEntries, refusalOf } from '../../workbench';
import { declare, flowBench, type FlowBench } from '../support/in-process';

const ANA = 'ana@example.org';
const BO = 'bo@example.org';
const CY = 'cy@example.org';
const REPORT = {
  'Your name': 'Rita Alvarez',
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
};
const PLAN = 'Do not message people who have asked you to stop.';
const CONSEQUENCES = 'A written warning.';

function withCase(): { bench: FlowBench; caseId: string; codeName: string; docId: string } {
  // The page's mechanics, not the quorum: one cleared member may open a vote here.
  const bench = flowBench({ settings: { 'Screening window (hours)': 0, 'Minimum voters': 1 } });
  const { caseId } = bench.report(REPORT);
  const row = bench.registry('Cases')[0];
  return { bench, caseId, codeName: row['Code Name'], docId: row['Doc ID'] };
}

function phase(bench: FlowBench, caseId: string): string {
  return bench.registry('Cases').find((c) => c['Case ID'] === caseId)!.Phase;
}

describe('case page', () => {
  test('a cleared member sees the code name, the status and deadlines, and no report text', () => {
    const { bench, caseId, codeName } = withCase();
    declare(bench, caseId, ANA);
    const { page, response } = bench.get(bench.linkFor(ANA, 'case', caseId));
    expect(response.record.outcome).toBe('ok');
    expect(page.heading).toContain(codeName);
    // A deadline already met is shown as met.
    expect(page.text).toMatch(/Acknowledgment\s*sent/);
    expect(page.text).toMatch(/Follow-up to the reporter\s*due 2026-03-09 09:00/);
    expect(page.text).not.toMatch(/Rita|Alvarez|messages after I asked/);
  });

  test('a member with no answer yet, and one with a conflict, are shown nothing of the case', () => {
    const { bench, caseId, codeName } = withCase();
    declare(bench, caseId, CY, true);
    for (const [email, why] of [
      [BO, /You have not declared that you have no conflict/],
      [CY, /A conflict of interest is recorded for you/],
    ] as const) {
      const { page } = bench.get(bench.linkFor(email, 'case', caseId));
      expect(page.heading).toBe('This case page is not open to you');
      expect(page.text).toMatch(why);
      expect(page.forms).toEqual([]);
      expect(page.text).toContain(codeName);
      expect(page.text).not.toMatch(/Sam Doe|Rita/);
    }
  });

  test('GET changes nothing; an op not confirmed, or not known, is refused with nothing changed', () => {
    const { bench, caseId, docId } = withCase();
    declare(bench, caseId, ANA);
    bench.ws.data.ui.writeDocSection(ANA, docId, 'Proposed behavioral modification plan', PLAN);
    bench.ws.data.ui.writeDocSection(ANA, docId, 'Proposed consequences', CONSEQUENCES);
    const url = bench.linkFor(ANA, 'case', caseId);
    const before = [bench.registry('Votes').length, bench.registry('Audit').length, phase(bench, caseId)];
    const { page } = bench.get(url);
    expect([bench.registry('Votes').length, bench.registry('Audit').length, phase(bench, caseId)]).toEqual(before);

    const open = findOperation(page, 'openVote');
    if (!open) throw new Error(`no open-vote form on ${page.text.slice(0, 300)}`);
    const unconfirmed = bench.post(open.form.action, entriesToFields(formEntries(open.form, open.submitter)));
    expect(refusalOf(unconfirmed.page)).not.toBe('');
    const unknown = bench.post(url, {
      t: new URL(url).searchParams.get('t')!,
      op: 'delete-everything',
      confirm: 'yes',
    });
    expect(refusalOf(unknown.page)).not.toBe('');
    expect(bench.registry('Votes')).toHaveLength(0);
  });

  test('a confirmed "open a vote" opens it once; the page then shows the vote and no second opening', () => {
    const { bench, caseId, docId } = withCase();
    declare(bench, caseId, ANA);
    declare(bench, caseId, CY);
    bench.ws.data.ui.writeDocSection(ANA, docId, 'Proposed behavioral modification plan', PLAN);
    bench.ws.data.ui.writeDocSection(ANA, docId, 'Proposed consequences', CONSEQUENCES);
    const url = bench.linkFor(ANA, 'case', caseId);
    const open = findOperation(bench.get(url).page, 'openVote')!;
    confirmAsPerson(open.form);
    const fields = entriesToFields(formEntries(open.form, open.submitter));
    const done = bench.post(open.form.action, fields);
    expect(refusalOf(done.page)).toBe('');
    expect(bench.registry('Votes').map((v) => v.Outcome)).toEqual(['open']);
    // The same POST again (a second tab, a double click) opens nothing more.
    bench.post(open.form.action, fields);
    expect(bench.registry('Votes')).toHaveLength(1);
    const after = bench.get(url).page;
    expect(findOperation(after, 'openVote')).toBeNull();
    expect(after.text).toMatch(/eligible members have voted/);
  });
});
