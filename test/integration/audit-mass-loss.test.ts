// The access audit through the built bundle when many case Docs are lost at once (the private folder deleted for good): the replacements stop while the sweep has time (a few each run even when reading the lost Docs used the audit's share) and the next sweeps finish them, each case getting one new Doc and its members one alert.
import {
  ANA,
  BO,
  clearedCases,
  docEditors,
  registryRows,
  startDesk,
  sweepHours,
  type CaseInfo,
  type Desk,
} from './desk';

const CASES = 16;

/**
 * Sixteen cases Ana is cleared for (Bo declared a conflict), audited once, then every Doc deleted for good, with Drive
 * as slow as `latency` says; `replaced` counts the audit's replacements so far.
 */
function lostDocs(latency: Record<string, number>): { desk: Desk; cases: CaseInfo[]; replaced: () => number } {
  const desk = startDesk({ members: [ANA, BO], profile: 'workspace', latency });
  const cases = clearedCases(desk, CASES, ANA, BO);
  sweepHours(desk, 2);
  for (const kase of cases) desk.ws.data.deleteForever(kase.docId);
  const replaced = () => registryRows(desk, 'Audit').filter((a) => a.Event === 'audit.doc-replaced').length;
  return { desk, cases, replaced };
}

test('sixteen Docs deleted for good at once: replaced over two sweeps, none killed, one Doc and one alert each', () => {
  // Drive slow to make a Doc (20 s a call): the sweep's time budget holds only some of the replacements.
  const { desk, cases, replaced } = lostDocs({ 'Drive.Files.create': 20_000 });
  const { ws } = desk;
  const mailsBefore = ws.mail().length;

  sweepHours(desk, 1); // throws if an execution did not end well (the platform ends one at 6 minutes)
  const first = replaced();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThan(CASES);
  sweepHours(desk, 2);
  expect(replaced()).toBe(CASES);

  const rows = registryRows(desk, 'Cases');
  for (const kase of cases) {
    const docId = rows.find((r) => r['Case ID'] === kase.caseId)!['Doc ID'];
    expect(docId).not.toBe(kase.docId);
    expect(ws.snapshot().docs.filter((d) => d.title === kase.codeName && ws.data.hasFile?.(d.id))).toHaveLength(1);
    expect(docEditors(desk, docId)).toEqual([ANA.email]);
  }
  const news = ws
    .mail()
    .slice(mailsBefore)
    .filter((m) => m.subject.includes('A case has a new document'));
  // Each case's alert once, to Ana only (Bo declared a conflict on every case).
  expect(news.every((m) => m.to.join() === ANA.email)).toBe(true);
  expect(new Set(news.map((m) => m.subject)).size).toBe(CASES);
  expect(news).toHaveLength(CASES);
});

test('lost Docs whose reads use up the audit’s time are still replaced, a few each run', () => {
  // Drive slow to answer a read (20 s a Files.get): checking the sixteen lost Docs takes the audit's whole share.
  const { desk, cases, replaced } = lostDocs({ 'Drive.Files.get': 20_000 });
  const { ws } = desk;
  const counts: number[] = [];
  for (let hour = 0; hour < 8 && replaced() < CASES; hour++) {
    sweepHours(desk, 1);
    counts.push(replaced());
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(replaced()).toBe(CASES);
  const rows = registryRows(desk, 'Cases');
  for (const kase of cases) {
    const docId = rows.find((r) => r['Case ID'] === kase.caseId)!['Doc ID'];
    expect(ws.snapshot().docs.filter((d) => d.title === kase.codeName && ws.data.hasFile?.(d.id))).toHaveLength(1);
    expect(docEditors(desk, docId)).toEqual([ANA.email]);
  }
});
