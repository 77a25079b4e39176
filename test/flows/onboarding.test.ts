// Onboarding in-process: a member who joins later answers per reported person on the onboarding page (doGet/doPost in-process); "no conflict" shares those cases, "conflict" records them, the list guards against change.
import { syncRoster } from '../../src/flows/roster';
import {
  answerForPerson,
  confirmAsPerson,
  entriesToFields,
  findOperation,
  formEntries,
  pickLink,
  refusalOf,
  type ParsedPage,
} from '../../workbench';
import { flowBench, type FlowBench, type MemberSpec } from '../support/in-process';

const DEE: MemberSpec = { name: 'Dee Ford', email: 'dee@example.org', role: 'voting' };
const FIRST = {
  'Your name': 'Rita Alvarez',
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
  'Were there witnesses?': 'Wes Tarn',
};
const SECOND = {
  'Who was involved?': 'Sam Doe, Kim Vale',
  'What happened?': 'Both of them mocked a newcomer in the chat.',
};

/** Two cases reported before Dee joins; Dee typed into Committee and the roster synced (her onboarding email sent). */
function deeJoins(): { bench: FlowBench; first: string; second: string } {
  const bench = flowBench();
  const first = bench.report(FIRST).caseId;
  const second = bench.report(SECOND).caseId;
  bench.typeMember(DEE);
  bench.flow((ctx) => syncRoster(ctx), { actor: 'roster', mail: {} }, { kind: 'trigger', name: 'onStatusEdit_' });
  return { bench, first, second };
}

function onboardingUrl(bench: FlowBench): string {
  const link = pickLink(bench.ws.mail(), DEE.email, 'onboard', { urlPrefix: bench.ws.webAppUrl });
  if (!link) throw new Error('Dee has no onboarding link');
  return link.url;
}

/** Answers on the page as a person would: a radio per person, the confirmation box, the submit button. */
function answer(
  bench: FlowBench,
  page: ParsedPage,
  answers: Record<string, 'no-conflict' | 'conflict'>,
  confirm = true,
) {
  const found = findOperation(page, 'onboard');
  if (!found) throw new Error('the onboarding page has no form');
  for (const [person, choice] of Object.entries(answers))
    expect(answerForPerson(found.form, person, choice)).toBe(true);
  if (confirm) confirmAsPerson(found.form);
  return bench.post(found.form.action, entriesToFields(formEntries(found.form, found.submitter)));
}

function decisions(bench: FlowBench): Array<[string, string]> {
  const id = bench.registry('Members').find((m) => m.Email === DEE.email)!['Member ID'];
  return bench
    .registry('Clearances')
    .filter((c) => c['Member ID'] === id)
    .map((c) => [c['Case ID'], c.Decision]);
}

function docOf(bench: FlowBench, caseId: string): string {
  return bench.registry('Cases').find((c) => c['Case ID'] === caseId)!['Doc ID'];
}

describe('onboarding', () => {
  test('the page lists the reported people only, once each, with nothing pre-selected', () => {
    const { bench } = deeJoins();
    const { page } = bench.get(onboardingUrl(bench));
    const legends = [...new Set(page.forms.flatMap((f) => f.controls.map((c) => c.legend)).filter(Boolean))];
    expect(legends).toEqual(['Kim Vale', 'Sam Doe']);
    expect(page.text).not.toMatch(/Rita|Alvarez|Wes Tarn/);
    expect(page.forms.flatMap((f) => f.controls).filter((c) => c.type === 'radio' && c.checked)).toEqual([]);
  });

  test('"no conflict" for everyone a case names shares it; a conflict with anyone it names keeps it closed', () => {
    const { bench, first, second } = deeJoins();
    const { page } = bench.get(onboardingUrl(bench));
    const result = answer(bench, page, { 'Sam Doe': 'no-conflict', 'Kim Vale': 'conflict' });
    expect(refusalOf(result.page)).toBe('');
    expect(result.page.text).toMatch(/One case document is now shared with you/);
    expect(result.page.text).toMatch(/conflict of interest is recorded for one case/);

    expect(decisions(bench).sort()).toEqual(
      [
        [first, 'no-conflict'],
        [second, 'conflict'],
      ].sort(),
    );
    expect(bench.ws.data.file(docOf(bench, first)).editors).toContain(DEE.email);
    expect(bench.ws.data.file(docOf(bench, second)).editors).not.toContain(DEE.email);
    expect(bench.status('Conflicts').map((r) => Object.values(r).join(' '))).toEqual([
      expect.stringContaining(bench.registry('Cases').find((c) => c['Case ID'] === second)!['Code Name']),
    ]);
    // One email lists what was shared, whatever the number of cases.
    expect(bench.registry('Outbox').filter((o) => o.Kind === 'onboarding-access' && o.To === DEE.email)).toHaveLength(
      1,
    );
  });

  test('answers without the confirmation box change nothing', () => {
    const { bench } = deeJoins();
    const { page } = bench.get(onboardingUrl(bench));
    const result = answer(bench, page, { 'Sam Doe': 'no-conflict', 'Kim Vale': 'no-conflict' }, false);
    expect(result.page.text).toMatch(/tick the box/i);
    expect(decisions(bench)).toEqual([]);
  });

  test('a list that changed while the member answered is refused, and nothing is recorded', () => {
    const { bench } = deeJoins();
    const { page } = bench.get(onboardingUrl(bench));
    bench.report({ 'Who was involved?': 'Lou Marsh', 'What happened?': 'Spam in every channel.' });
    const result = answer(bench, page, { 'Sam Doe': 'no-conflict', 'Kim Vale': 'no-conflict' });
    expect(result.page.text).toMatch(/list changed while you were answering/);
    expect(decisions(bench)).toEqual([]);
  });

  test('answering again changes nothing already decided', () => {
    const { bench } = deeJoins();
    const url = onboardingUrl(bench);
    answer(bench, bench.get(url).page, { 'Sam Doe': 'conflict' });
    const after = decisions(bench);
    const again = bench.get(url).page;
    // Sam's cases are decided, so only nobody (or nothing new) is left to answer.
    expect(again.text).not.toMatch(/Sam Doe/);
    expect(decisions(bench)).toEqual(after);
  });
});
