// Offboarding through the built bundle when one execution cannot finish it (Drive slow, a Doc gone, a removal Drive does not confirm): the edit trigger stops in time with what it did committed, the hourly sweep finishes, open cases go first, and the committee is told once, with every Doc counted.
import {
  ANA,
  BO,
  OWNER,
  answerLink,
  clearedCases,
  docEditors,
  newestLink,
  registryRows,
  setActive,
  startDesk,
  submitReport,
  sweepHours,
  typeStatus,
  type CaseInfo,
  type Desk,
} from './desk';

const CASES = 16;

/** Sixteen cases Ana is cleared for (Bo declared a conflict), then Drive slow to list a Doc's sharing (15 s a call). */
function slowOffboarding(): { desk: Desk; cases: CaseInfo[] } {
  const desk = startDesk({ members: [ANA, BO], profile: 'workspace' });
  const cases = clearedCases(desk, CASES, ANA, BO);
  // A revocation lists the Doc's sharing and reads it again to confirm: about 30 s a Doc, sixteen Docs past 6 minutes.
  desk.ws.rt.latency['Drive.Permissions.list'] = 15_000;
  return { desk, cases };
}

const scriptProperties = (desk: Desk) =>
  (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
const holders = (desk: Desk, cases: CaseInfo[]) => cases.filter((c) => docEditors(desk, c.docId).includes(ANA.email));
const anaRow = (desk: Desk) => registryRows(desk, 'Members').find((m) => m.Email === ANA.email)!;
const auditEvents = (desk: Desk, event: string) => registryRows(desk, 'Audit').filter((a) => a.Event === event);
const inactiveAlerts = (desk: Desk, from: number) =>
  desk.ws
    .mail()
    .slice(from)
    .filter((m) => m.subject.includes('A member was made inactive'));

test('a member made inactive while Drive is slow: the edit trigger stops in time, the sweep finishes, one alert counts every Doc', () => {
  const { desk, cases } = slowOffboarding();
  const mailsBefore = desk.ws.mail().length;

  setActive(desk, ANA.email, false); // throws if the edit trigger did not end well (the platform ends one at 6 minutes)
  const left = holders(desk, cases).length;
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThan(CASES);
  expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(ANA.email);
  expect(auditEvents(desk, 'member.offboard-paused')).toHaveLength(1);
  expect(auditEvents(desk, 'member.offboarded')).toHaveLength(0);
  expect(inactiveAlerts(desk, mailsBefore)).toHaveLength(0);
  // Still active in the registry, so the next sync goes on; the sheet is recorded as gone.
  expect(anaRow(desk)).toEqual(expect.objectContaining({ Active: 'TRUE', 'Sheet Access': 'none' }));

  for (let hour = 0; hour < 4 && holders(desk, cases).length; hour++) sweepHours(desk, 1);
  expect(holders(desk, cases)).toEqual([]);
  sweepHours(desk, 1);

  expect(anaRow(desk)).toEqual(expect.objectContaining({ Active: 'FALSE', 'Sheet Access': 'none' }));
  const ana = anaRow(desk)['Member ID'];
  const inactive = registryRows(desk, 'Clearances').filter((c) => c['Member ID'] === ana && c.Decision === 'inactive');
  expect(inactive.map((c) => c['Case ID']).sort()).toEqual(cases.map((c) => c.caseId).sort());
  expect(inactive.every((c) => c.Share === 'revoked')).toBe(true);
  expect(auditEvents(desk, 'member.offboarded')).toHaveLength(1);
  const alerts = inactiveAlerts(desk, mailsBefore);
  expect(alerts).toHaveLength(1);
  expect(alerts[0].to).toEqual([BO.email]);
  expect(alerts[0].body).toContain(`${CASES} case documents`);
  expect(desk.ws.properties().offboarding).toBeUndefined();

  // A run killed after its commit, before it forgot when the offboarding began: the next sync forgets it.
  scriptProperties(desk).set('offboarding', JSON.stringify({ [ana]: '2026-01-01T00:00:00.000Z' }));
  sweepHours(desk, 1);
  expect(desk.ws.properties().offboarding).toBeUndefined();
  expect(inactiveAlerts(desk, mailsBefore)).toHaveLength(1);
});

test('a Doc gone from Drive among them: the edit trigger still ends well, and the one alert counts every Doc revoked', () => {
  const { desk, cases } = slowOffboarding();
  desk.ws.data.deleteForever(cases[1].docId);
  const mailsBefore = desk.ws.mail().length;
  setActive(desk, ANA.email, false); // it failed outright before: the Doc refused the line about the member leaving
  for (let hour = 0; hour < 4 && holders(desk, cases.slice(2)).length; hour++) sweepHours(desk, 1);
  sweepHours(desk, 1);
  expect(holders(desk, cases.slice(2))).toEqual([]);
  const alerts = inactiveAlerts(desk, mailsBefore);
  expect(alerts).toHaveLength(1);
  expect(alerts[0].body).toContain(`${CASES - 1} case documents`);
  expect(alerts[0].body).toContain('Some access could not be confirmed as removed');
});

test('open cases lose the departing member first; closed ones wait for the next run', () => {
  const { desk, cases } = slowOffboarding();
  const open = cases.slice(-4);
  for (const kase of cases.slice(0, -4)) typeStatus(desk, OWNER, kase, 'Closed');
  setActive(desk, ANA.email, false);
  expect(holders(desk, open)).toEqual([]);
  expect(holders(desk, cases).length).toBeGreaterThan(0);
});

test('a status sheet removal Drive did not confirm is tried again alone: the committee is not told a second time', () => {
  const desk = startDesk({ members: [ANA, BO], profile: 'workspace' });
  const kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  answerLink(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId), 'no-conflict');
  const mailsBefore = desk.ws.mail().length;
  // The first removal Drive is asked for is the status sheet's.
  const removals = desk.ws.rt.totals['Drive.Permissions.remove'] ?? 0;
  desk.ws.rt.faults.push({ call: 'Drive.Permissions.remove', nth: removals + 1, message: 'Internal error' });
  setActive(desk, ANA.email, false);
  expect(docEditors(desk, kase.docId)).toEqual([]);
  expect(desk.ws.data.file(desk.ids.status).editors).toContain(ANA.email);
  expect(anaRow(desk)).toEqual(expect.objectContaining({ Active: 'FALSE', 'Sheet Access': 'editor' }));

  sweepHours(desk, 2);
  expect(desk.ws.data.file(desk.ids.status).editors).not.toContain(ANA.email);
  expect(anaRow(desk)).toEqual(expect.objectContaining({ Active: 'FALSE', 'Sheet Access': 'none' }));
  const alerts = inactiveAlerts(desk, mailsBefore);
  expect(alerts).toHaveLength(1);
  expect(alerts[0].body).toContain('Some access could not be confirmed as removed');
});

test('a member cleared for no case: the alert speaks of the status spreadsheet only', () => {
  const desk = startDesk({ members: [ANA, BO], profile: 'workspace' });
  const kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  answerLink(desk, newestLink(desk, ANA.email, 'conflict', kase.caseId), 'conflict');
  const mailsBefore = desk.ws.mail().length;
  setActive(desk, ANA.email, false);
  const alerts = inactiveAlerts(desk, mailsBefore);
  expect(alerts).toHaveLength(1);
  expect(alerts[0].body).toContain('Their access to the status spreadsheet was removed.');
  expect(alerts[0].body).not.toMatch(/case document/);
});

test('made active again before the offboarding finished: the member gets the sheet back and keeps the Docs not yet revoked', () => {
  const { desk, cases } = slowOffboarding();
  const mailsBefore = desk.ws.mail().length;
  setActive(desk, ANA.email, false);
  const kept = holders(desk, cases);
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThan(CASES);
  expect(desk.ws.properties().offboarding).toContain(anaRow(desk)['Member ID']);

  setActive(desk, ANA.email, true);
  sweepHours(desk, 2);
  expect(desk.ws.data.file(desk.ids.status).editors).toContain(ANA.email);
  expect(anaRow(desk)).toEqual(expect.objectContaining({ Active: 'TRUE', 'Sheet Access': 'editor' }));
  expect(holders(desk, cases)).toEqual(kept);
  expect(inactiveAlerts(desk, mailsBefore)).toHaveLength(0);
  expect(desk.ws.properties().offboarding).toBeUndefined();
  // The Docs already revoked are offered again through onboarding.
  const welcome = desk.ws.mailTo(ANA.email).filter((m) => m.subject.includes('conflict check'));
  expect(welcome).toHaveLength(1);
  expect(welcome[0].body).toContain('the one person who has been reported before');
});
