// Adversarial cases on pattern awareness: a person code name must follow one person, never bridge two people through an ambiguous spelling (a shortened name, an initial), or one's history shows on the other's case page.
import {
  ANA,
  CY,
  DEE,
  EVE,
  addMember,
  answerConflict,
  casePage,
  clear,
  docEditors,
  newestLink,
  open,
  pageText,
  press,
  registryRows,
  startResolutionDesk,
  submitReport,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

function personCodes(desk: Desk, kase: CaseInfo): string[] {
  const row = registryRows(desk, 'Cases').find((c) => c['Case ID'] === kase.caseId)!;
  return (JSON.parse(row.Flags || '{}') as { persons?: string[] }).persons ?? [];
}

/**
 * Sam's report (Ana cleared, Cy conflicted), then Kit's (Ana and Cy cleared), each naming someone else beside what
 * both share (a link's site, pronouns, a description, a suffix).
 */
function twoReports(sam: string[], kit: string[]) {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const first = submitReport(desk, { reported: sam });
  clear(desk, first, ANA);
  answerConflict(desk, first, CY);
  const second = submitReport(desk, { reported: kit });
  clear(desk, second, ANA, CY);
  return { desk, sam: first, kit: second };
}

/** Kit's report is not linked to Sam's: no person code in common, no earlier case on Ana's page, no count on Cy's. */
function expectUnlinked(desk: Desk, sam: CaseInfo, kit: CaseInfo): void {
  expect(personCodes(desk, kit).filter((c) => personCodes(desk, sam).includes(c))).toEqual([]);
  expect(pageText(casePage(desk, ANA, kit))).not.toContain(`case ${sam.codeName}`);
  expect(pageText(casePage(desk, CY, kit))).not.toContain('not cleared for');
}

/** The people the onboarding page asks about, one legend each. */
const legendsOf = (body: string) => [...body.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);

describe('two people bridged by an ambiguous spelling', () => {
  it('ADV-387 Christine Park, then "Chris Park", then Christopher Park: Christopher does not take Christine\u2019s person code', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const christine = submitReport(desk, { reported: ['Christine Park'] });
    // "Chris" may be Christine (or Christopher): the identity model calls it likely, so it keeps her code.
    const chris = submitReport(desk, { reported: ['Chris Park'] });
    const christopher = submitReport(desk, { reported: ['Christopher Park'] });
    for (const kase of [christine, chris, christopher]) clear(desk, kase, ANA, CY);
    expect(personCodes(desk, chris)).toEqual(personCodes(desk, christine));
    // Before: Christopher took the code through "Chris", though the identity model says he is not Christine: his case
    // page listed her report as an earlier one about him, and a new member answered for both as one person.
    expect(personCodes(desk, christopher)).not.toEqual(personCodes(desk, christine));
    expect(pageText(casePage(desk, ANA, christopher))).not.toContain(`case ${christine.codeName}`);
    addMember(desk, EVE);
    const visit = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    expect(legendsOf(visit.response.body)).toEqual(['Christine Park / Chris Park', 'Christopher Park']);
  });

  it('ADV-387 a person reported again under a spelling of their own keeps their code, a variant that fits every report too', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = submitReport(desk, { reported: ['Christine Park'] });
    submitReport(desk, { reported: ['Chris Park'] });
    const again = submitReport(desk, { reported: ['Christine M. Park'] });
    const initial = submitReport(desk, { reported: ['C. Park'] });
    expect(personCodes(desk, again)).toEqual(personCodes(desk, first));
    expect(personCodes(desk, initial)).toEqual(personCodes(desk, first));
  });
});

describe('a handle or address spelt from no name the report gives', () => {
  it('ADV-390 "Quorra Vell, @kitmarr", then "@kitmarr", then "Quorra Vell": the handle is a person of its own, so Quorra\u2019s case page does not list the report about @kitmarr', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const both = submitReport(desk, { reported: ['Quorra Vell', '@kitmarr'] });
    const kit = submitReport(desk, { reported: ['@kitmarr'] });
    const quorra = submitReport(desk, { reported: ['Quorra Vell'] });
    for (const kase of [both, kit, quorra]) clear(desk, kase, ANA, CY);
    // Before: one person of the name and the handle, so the report about @kitmarr took Quorra's code and showed on
    // her case page as an earlier report about her.
    const [quorraCode, kitCode] = personCodes(desk, both);
    expect(kitCode).toBeDefined();
    expect(personCodes(desk, kit)).toEqual([kitCode]);
    expect(personCodes(desk, quorra)).toEqual([quorraCode]);
    const page = pageText(casePage(desk, ANA, quorra));
    expect(page).toContain(`case ${both.codeName}`);
    expect(page).not.toContain(`case ${kit.codeName}`);
    expect(pageText(casePage(desk, ANA, kit))).toContain(`case ${both.codeName}`);
  });

  it('ADV-390 a handle or address spelt from the one name stays with that person: "Quorra Vell, @qvell, quorra.vell@example.net"', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const first = submitReport(desk, { reported: ['Quorra Vell', '@qvell', 'quorra.vell@example.net'] });
    const byHandle = submitReport(desk, { reported: ['@qvell'] });
    const byAddress = submitReport(desk, { reported: ['quorra.vell@example.net'] });
    expect(personCodes(desk, first)).toHaveLength(1);
    expect(personCodes(desk, byHandle)).toEqual(personCodes(desk, first));
    expect(personCodes(desk, byAddress)).toEqual(personCodes(desk, first));
  });
});

describe('the onboarding page names everyone the screening email names', () => {
  const legendsOf = (body: string) => [...body.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);
  const fieldOf = (body: string, legend: string) =>
    new RegExp(`<legend>${legend}</legend>[\\s\\S]*?name="(person-\\d+)"`).exec(body)![1];

  it('ADV-389 a report naming two people and a third by address: a new member is asked about the address too', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = submitReport(desk, { reported: ['Quorra Vell', 'Tamsin Orle', 'kit.marr@example.org'] });
    const screening = desk.ws.mailTo(ANA.email).find((m) => m.body.includes('kit.marr@example.org'));
    expect(screening).toBeDefined();
    // Eve is Kit Marr's friend: she would declare a conflict, if only she were asked about him.
    addMember(desk, EVE);
    const visit = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    const body = visit.response.body;
    // Before: only "Quorra Vell" and "Tamsin Orle", so two "no conflict" answers shared the Doc of a report about Kit.
    expect(legendsOf(body)).toEqual(['kit.marr@example.org', 'Quorra Vell', 'Tamsin Orle']);
    press(desk, visit, 'onboard', {
      fields: { [fieldOf(body, 'Quorra Vell')]: 'no-conflict', [fieldOf(body, 'Tamsin Orle')]: 'no-conflict' },
    });
    expect(docEditors(desk, kase.docId)).not.toContain(EVE.email);
  });

  it('ADV-389 a report naming one person and a handle: the entry shows the handle, as the screening email does', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    submitReport(desk, { reported: ['Quorra Vell', '@kitmarr'] });
    addMember(desk, EVE);
    const visit = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    // Before: "Quorra Vell" alone; the handle Eve knows as her friend's was never shown to her. A handle spelt from no
    // name given is a person of its own (ADV-390), answered for apart.
    expect(legendsOf(visit.response.body)).toEqual(['kitmarr', 'Quorra Vell']);
  });
});

describe('a profile link under "Who was involved?"', () => {
  it('ADV-638 "https://github.com/samdoe", then "https://github.com/kitmarr": the link\u2019s scheme and site are no person, so the two reports are not linked; "Sam Doe" is', () => {
    const { desk, sam, kit } = twoReports(['https://github.com/samdoe'], ['https://github.com/kitmarr']);
    const named = submitReport(desk, { reported: ['Sam Doe'] });
    clear(desk, named, ANA);
    // Before: "https", "github.com" and the handle were three people, and the first two took the first report's codes,
    // so Kit's case page listed Sam's report as an earlier one about the same person, and told Cy (conflicted on it)
    // that one exists.
    expectUnlinked(desk, sam, kit);
    expect(pageText(casePage(desk, ANA, named))).toContain(`case ${sam.codeName}`);
    addMember(desk, EVE);
    const visit = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    expect(legendsOf(visit.response.body)).toEqual(['kitmarr', 'samdoe / Sam Doe']);
  });
});

describe('pronouns given with a name', () => {
  it('ADV-639 "Sam Doe, he/him", then "Kit Marr, he/him": pronouns are no person, so Kit\u2019s case page does not list the report about Sam', () => {
    const { desk, sam, kit } = twoReports(['Sam Doe', 'he/him'], ['Kit Marr', 'he/him']);
    const them = submitReport(desk, { reported: ['Tamsin Orle', 'they/them', 'mailto:tamsin@example.org'] });
    // Before: "he" and "him" were two more people of each report, the same spelling in both, so one person code each:
    // Kit's case page listed Sam's report as an earlier one about the same person, and told Cy (conflicted on it) that
    // one exists. "mailto" was a person too.
    expect(personCodes(desk, sam)).toHaveLength(1);
    expect(personCodes(desk, kit)).toHaveLength(1);
    expect(personCodes(desk, them)).toHaveLength(1);
    expectUnlinked(desk, sam, kit);
    addMember(desk, EVE);
    const visit = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    expect(legendsOf(visit.response.body)).toEqual(['Kit Marr', 'Sam Doe', 'Tamsin Orle / tamsin@example.org']);
  });
});

describe('a person described, not named', () => {
  it('ADV-640 "Sam Doe and his friend", then "Kit Marr and his friend": the two friends are not one person, so Kit\u2019s case page does not list the report about Sam', () => {
    const { desk, sam, kit } = twoReports(['Sam Doe', 'his friend'], ['Kit Marr', 'his friend']);
    const pal = submitReport(desk, { reported: ['his pal Sam Doe'] });
    // A name still links: "My Nguyen" (a given name, not a description) keeps its code, and a description holding a name is that person.
    const my = submitReport(desk, { reported: ['My Nguyen'] });
    const again = submitReport(desk, { reported: ['My Nguyen'] });
    // Before: "his friend", the same words in both reports, took one person code: Kit's case page listed Sam's report
    // as an earlier one about the same person, and told Cy (conflicted on it) that one exists.
    expectUnlinked(desk, sam, kit);
    expect(personCodes(desk, again)).toEqual(personCodes(desk, my));
    expect(personCodes(desk, pal)).toEqual([personCodes(desk, sam)[0]]);
    addMember(desk, EVE);
    const visit = open(desk, newestLink(desk, EVE.email, 'onboard').url);
    expect(legendsOf(visit.response.body)).toEqual([
      'his friend',
      'his friend',
      'Kit Marr',
      'My Nguyen',
      'Sam Doe / his pal Sam Doe',
    ]);
  });
});

describe('a name suffix after a comma', () => {
  it('ADV-641 "Sam Doe, Jr.", then "Kit Marr, Jr.": the suffix is part of the name, no person of its own shared by both reports', () => {
    const { desk, sam, kit } = twoReports(['Sam Doe, Jr.'], ['Kit Marr, Jr.']);
    const senior = submitReport(desk, { reported: ['Sam Doe, Sr.'] });
    const plain = submitReport(desk, { reported: ['Sam Doe'] });
    // Before: "Jr" was a person of each report, the same spelling in both and so one person code: Kit's case page
    // listed Sam's report as an earlier one about the same person, and told Cy (conflicted on it) that one exists.
    expectUnlinked(desk, sam, kit);
    // Father and son are two people; the name without a suffix may be either, and is the first one's (ADV-387).
    expect(personCodes(desk, senior)).not.toEqual(personCodes(desk, sam));
    expect(personCodes(desk, plain)).toEqual(personCodes(desk, sam));
  });
});
