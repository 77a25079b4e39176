// Through the built bundle: a case's code name never spells its reporter's address or a witness's handle, nor a name of any report already on file, and the §7 checker (invariant 5, code names) reads every code name against the reports on file when it was drawn.
import { expectNoErrors, registryRows, reportCase, startResolutionDesk } from './desk';
import { findViolations, newKnowledge } from './invariants';

/** The code name the seeded desk draws for the `nth` standard report (the draw does not depend on the answers). */
function drawnWords(nth = 1): [string, string] {
  const desk = startResolutionDesk();
  for (let i = 1; i < nth; i++) reportCase(desk);
  const [adjective, noun] = reportCase(desk).codeName.split(' ');
  return [adjective, noun];
}

describe('a code name echoes nothing of its own report', () => {
  const [adjective, noun] = drawnWords();

  test("the reporter's address spelling the drawn words: another code name, and no violation", () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk, { reporter: { name: 'Rita Quell', email: `${adjective}.${noun}@example.net` } });
    expect(kase.codeName.split(' ')).not.toContain(adjective);
    expect(kase.codeName.split(' ')).not.toContain(noun);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test("a witness's handle spelling the drawn words: another code name, and no violation", () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk, { witnessAnswer: `Wes Tarn (@${adjective}_${noun})` });
    expect(kase.codeName.split(' ')).not.toContain(adjective);
    expect(kase.codeName.split(' ')).not.toContain(noun);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});

describe('a code name echoes nothing of the reports already on file', () => {
  const [adjective, noun] = drawnWords(2);

  test("an earlier report's witness handle spelling the second draw: the second case gets another code name", () => {
    const desk = startResolutionDesk();
    const first = reportCase(desk, { witnessAnswer: `Wes Tarn (@${adjective}_${noun})` });
    expect(first.codeName.split(' ')).not.toContain(noun);
    const second = reportCase(desk);
    expect(second.codeName.split(' ')).not.toContain(adjective);
    expect(second.codeName.split(' ')).not.toContain(noun);
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });

  test('the checker: a code name spelling a handle of a case registered before it is a violation, after it is not', () => {
    const desk = startResolutionDesk();
    const first = reportCase(desk);
    const second = reportCase(desk);
    expect(second.codeName).toBe(`${adjective} ${noun}`);
    // The first case's witness handle rewritten by hand to spell the second code name, as if it had been on file
    // when the second was drawn: a checker that had not seen the two cases yet must judge the second against it.
    const rows = registryRows(desk, 'Cases');
    const header = Object.keys(rows[0]);
    const witnesses = JSON.stringify({ names: ['Wes Tarn'], emails: [], handles: [`@${noun}`] });
    const at = rows.findIndex((r) => r['Case ID'] === first.caseId) + 2;
    expectNoErrors(
      desk.ws.editCell(desk.ws.owner, desk.ids.registry, 'Cases', at, header.indexOf('Witnesses') + 1, witnesses),
    );
    const fresh = findViolations(desk.ws, newKnowledge(desk.ws));
    expect(fresh).toEqual([
      `5: case ${second.caseId}'s code name "${second.codeName}" echoes "${noun.toLowerCase()}" from the report of case ${first.caseId}`,
    ]);
    // The desk's own checker saw both cases before the edit: a name on file only after a code name was drawn is not
    // counted against it.
    expect(findViolations(desk.ws, desk.k)).toEqual([]);
  });
});
