// Fresh links by email from a link that can no longer be used, through the built bundle: they reach only the member the link was made for, only what that member may see, once a day, and the page tells nobody whether an email went; invariants after every step.
import {
  ANA,
  CY,
  DAY,
  DEE,
  EVE,
  OWNER,
  addMember,
  advance,
  answerConflict,
  clear,
  forgeToken,
  linkFor,
  linksIn,
  mailsTo,
  memberId,
  newestLink,
  offers,
  open,
  outcomeOf,
  pageText,
  press,
  reportCase,
  setActive,
  startResolutionDesk,
  stateFingerprint,
  type Desk,
} from './desk';
import type { WebResponse } from '../../workbench';

const FRESH = /The fresh links you asked for/;
const ASKED = /Fresh links asked for/;

/** Ana, Cy and Dee; Ana and Cy cleared for the case, Dee declared a conflict. */
function committee() {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY);
  answerConflict(desk, kase, DEE);
  return { desk, kase };
}

/** The clock jumps (no sweep on the way: nothing else sends anyone fresh links meanwhile). */
function jump(desk: Desk, ms: number): void {
  desk.ws.rt.setClock(desk.ws.rt.now() + ms);
}

/** What anyone sends from the generic page's form: the token back, op fresh-links, the box ticked. */
function askRaw(desk: Desk, token: string, confirm = 'yes'): WebResponse {
  const response = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'fresh-links', confirm });
  desk.check();
  return response;
}

function freshMails(desk: Desk, email: string) {
  return mailsTo(desk, email, FRESH);
}

describe('fresh links from a link that can no longer be used', () => {
  test('an expired case link: the page offers fresh links by email, and they open the case page', () => {
    const { desk, kase } = committee();
    const old = newestLink(desk, ANA.email, 'case', kase.caseId);
    jump(desk, 61 * DAY);
    const refused = open(desk, old.url);
    expect(outcomeOf(refused)).toBe('invalid');
    expect(offers(refused, 'fresh-links')).toBe(true);
    const asked = press(desk, refused, 'fresh-links');
    expect(pageText(asked)).toMatch(ASKED);
    // The page carries no link: the fresh ones are in Ana's mailbox only.
    expect(pageText(asked)).not.toContain(desk.ws.webAppUrl);
    const mails = freshMails(desk, ANA.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toContain(kase.codeName);
    const fresh = linksIn(desk, mails[0]).find((l) => l.claims.act === 'case' && l.claims.cid === kase.caseId);
    expect(fresh).toBeDefined();
    expect(offers(open(desk, fresh!.url), 'close-no-violation')).toBe(true);
  });

  test('ADV-137 a new member whose onboarding link expired before they answered gets a fresh one, while someone is still unanswered', () => {
    const { desk, kase } = committee();
    addMember(desk, EVE);
    const old = newestLink(desk, EVE.email, 'onboard');
    jump(desk, 31 * DAY);
    const refused = open(desk, old.url);
    expect(outcomeOf(refused)).toBe('invalid');
    press(desk, refused, 'fresh-links');
    const mails = freshMails(desk, EVE.email);
    expect(mails).toHaveLength(1);
    // The generic page promised "fresh links to what is waiting for you": the past reports are.
    const fresh = linksIn(desk, mails[0]).find((l) => l.claims.act === 'onboard');
    expect(fresh).toBeDefined();
    const page = open(desk, fresh!.url);
    expect(offers(page, 'onboard')).toBe(true);
    expect(pageText(page)).toContain('Sam Doe');
    expect(press(desk, page, 'onboard', { fields: { 'person-0': 'no-conflict' } }).response.body).toContain(
      'now shared with you',
    );
    expect(desk.ws.data.doc(kase.docId).editors).toContain(EVE.email);
  });

  test('at most one such email a day, however often the button is pressed; the next day another', () => {
    const { desk, kase } = committee();
    const old = newestLink(desk, ANA.email, 'case', kase.caseId);
    jump(desk, 61 * DAY);
    for (let i = 0; i < 4; i++) expect(pageText(askRaw(desk, old.token))).toMatch(ASKED);
    expect(freshMails(desk, ANA.email)).toHaveLength(1);
    jump(desk, DAY);
    askRaw(desk, old.token);
    expect(freshMails(desk, ANA.email)).toHaveLength(2);
  });

  test('a conflicted member asking with their old screening link hears nothing of the case', () => {
    const { desk, kase } = committee();
    const old = newestLink(desk, DEE.email, 'conflict', kase.caseId);
    jump(desk, 31 * DAY);
    askRaw(desk, old.token);
    const mails = freshMails(desk, DEE.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].body).not.toContain(kase.codeName);
    expect(linksIn(desk, mails[0]).filter((l) => l.claims.cid === kase.caseId)).toEqual([]);
  });

  test('the same page, and no email to anyone, for a tampered, foreign-key, left-member or withdrawn link, or an unticked box', () => {
    const { desk, kase } = committee();
    const old = newestLink(desk, ANA.email, 'case', kase.caseId);
    const cyOld = newestLink(desk, CY.email, 'case', kase.caseId);
    jump(desk, 61 * DAY);
    const mailsBefore = desk.ws.mail().length;
    const [payload, signature] = old.token.split('.');
    const tampered = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const foreign = forgeToken(desk, old.claims, Buffer.alloc(32, 7));
    const expected = pageText(askRaw(desk, old.token, 'no'));
    expect(outcomeOf(askRaw(desk, old.token, 'no'))).toBe('invalid');
    const answered = [tampered, foreign, 'not-a-token'].map((t) => pageText(askRaw(desk, t)));
    expect(desk.ws.mail().length).toBe(mailsBefore);
    // Cy leaves the committee (the roster sends what leaving sends); a link made for Cy asks for nothing.
    setActive(desk, CY.email, false);
    const leftBefore = desk.ws.mail().length;
    answered.push(pageText(askRaw(desk, cyOld.token)));
    expect(desk.ws.mail().length).toBe(leftBefore);
    for (const text of answered) expect(text).toMatch(ASKED);
    expect(new Set(answered).size).toBe(1);
    expect(expected).not.toMatch(ASKED);

    // The owner withdraws Ana's links: the withdrawn one asks for nothing more (Ana got fresh ones then).
    const row = desk.members.findIndex((m) => m.email === ANA.email) + 2;
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 1, 5, 'Revoke links');
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 5, 'yes');
    desk.check();
    const before = stateFingerprint(desk);
    expect(pageText(askRaw(desk, old.token))).toMatch(ASKED);
    expect(freshMails(desk, ANA.email)).toHaveLength(0);
    expect(stateFingerprint(desk)).toBe(before);
  });

  test('a forwarded link: whoever presses the button gets nothing; the member the link was for gets the email', () => {
    const { desk, kase } = committee();
    const old = newestLink(desk, ANA.email, 'case', kase.caseId);
    jump(desk, 61 * DAY);
    // Whoever holds the copy sees the one page: no link, no code name, not even the old token back.
    const page = askRaw(desk, old.token);
    expect(page.body).not.toContain(old.token);
    expect(page.body).not.toMatch(/[?&]t=/);
    expect(pageText(page)).not.toContain(kase.codeName);
    const mails = desk.ws.mail().filter((m) => FRESH.test(m.subject));
    expect(mails.map((m) => m.to)).toEqual([[ANA.email]]);
    expect(memberId(desk, ANA.email)).toBe(old.claims.sub);
  });

  test('ADV-253 a member whose links the owner withdrew can still record a report and propose a change from the email that replaces them', () => {
    const { desk } = committee();
    const record = newestLink(desk, ANA.email, 'record');
    const propose = newestLink(desk, ANA.email, 'propose');
    jump(desk, 1000);
    const row = desk.members.findIndex((m) => m.email === ANA.email) + 2;
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 1, 5, 'Revoke links');
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 5, 'yes');
    desk.check();
    // The year-long links of the welcome email are withdrawn with the rest, and nothing else ever sends them again.
    expect(pageText(open(desk, record.url))).toMatch(/This link was withdrawn/);
    expect(pageText(open(desk, propose.url))).toMatch(/This link was withdrawn/);
    const renewed = mailsTo(desk, ANA.email, /Your earlier links were withdrawn/);
    expect(renewed).toHaveLength(1);
    const acts = linksIn(desk, renewed[0]).map((l) => l.claims.act);
    expect(acts).toEqual(expect.arrayContaining(['record', 'propose']));
    expect(offers(open(desk, newestLink(desk, ANA.email, 'record').url), 'record')).toBe(true);
    expect(offers(open(desk, newestLink(desk, ANA.email, 'propose').url), 'propose')).toBe(true);
  });

  test('a scanner that submits every form of the generic page ticks nothing and asks for nothing', () => {
    const { desk, kase } = committee();
    const old = newestLink(desk, ANA.email, 'case', kase.caseId);
    advance(desk, 0);
    jump(desk, 61 * DAY);
    const refused = open(desk, old.url);
    const pages = desk.browser.submitEveryForm(refused);
    expect(pages.length).toBeGreaterThan(0);
    desk.check();
    expect(freshMails(desk, ANA.email)).toHaveLength(0);
    expect(open(desk, linkFor(desk, old.token)).page.outcome).toBe('invalid');
  });

  test("ADV-624 a member yet to answer a case's check gets its check links anew under its code name when the owner withdraws her links, and one with a conflict does not", () => {
    const { desk } = committee();
    const second = reportCase(desk);
    answerConflict(desk, second, CY);
    for (const who of [ANA, CY]) {
      const row = desk.members.findIndex((m) => m.email === who.email) + 2;
      desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 1, 5, 'Revoke links');
      desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 5, 'yes');
    }
    // The checker runs here: a code name in an alert to a member yet to answer is fine on a check link's line only
    // (the check's own page shows the code name with the people reported), and flagged anywhere else.
    desk.check();
    const [renewed] = mailsTo(desk, ANA.email, /Your earlier links were withdrawn/);
    expect(renewed.body).toContain(`No conflict (${second.codeName}): `);
    const check = linksIn(desk, renewed).find((l) => l.claims.act === 'no-conflict' && l.claims.cid === second.caseId);
    expect(pageText(open(desk, check!.url))).toContain(`Case ${second.codeName} involves: Sam Doe`);
    const [cy] = mailsTo(desk, CY.email, /Your earlier links were withdrawn/);
    expect(cy.body).not.toContain(second.codeName);
  });
});
