// Through the built bundle: a case's code name never spells its reporter's address or a witness's handle, and the §7 checker (invariant 5, code names) reads every case's code name against its own report.
import { reportCase, startResolutionDesk } from './desk';
import { findViolations } from './invariants';

/** The code name the seeded desk draws for the standard report (the draw does not depend on the answers). */
function drawnWords(): [string, string] {
  const desk = startResolutionDesk();
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
