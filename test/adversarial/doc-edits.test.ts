// Adversarial cases of what members do to a case Doc in Docs and Drive directly (ADV-406): its title, the code name, renamed.
import {
  ANA,
  CY,
  DEE,
  EVE,
  HOUR,
  OWNER,
  advance,
  answerConflict,
  clear,
  docText,
  reportCase,
  startResolutionDesk,
} from '../integration/desk';

describe('ADV-406 a case Doc renamed by a member', () => {
  it('ADV-406 a cleared member titles the Doc with the people in it: the next hourly audit puts the code name back and tells those who may know, naming nobody', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE, EVE] });
    const kase = reportCase(desk);
    answerConflict(desk, kase, EVE);
    clear(desk, kase, ANA, CY, DEE);
    advance(desk, HOUR);
    // Docs: click the title, type. Drive lists the change; the title shows in every Google notification about the Doc
    // (a comment, a mention, the share with Google's notification), as it does in Drive and the browser's tabs.
    desk.ws.data.ui.renameFile(CY.email, kase.docId, `${kase.codeName} - Sam Doe (reported by Rita Quell)`);
    const eveMail = desk.ws.mailTo(EVE.email).length;
    // Before: the title stayed as typed, for good, in a Doc the system otherwise keeps to its code name (§7 invariant 5).
    advance(desk, HOUR);
    expect(desk.ws.data.file(kase.docId).name).toBe(kase.codeName);
    expect(docText(desk, kase)).toContain('the document was renamed; its code name was put back');
    const told = desk.ws.mailTo(OWNER).filter((m) => m.body.includes('its code name was put back'));
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(kase.codeName);
    expect(told[0].body).not.toMatch(/sam doe|rita/i);
    expect(desk.ws.mailTo(EVE.email)).toHaveLength(eveMail);
  });
});
