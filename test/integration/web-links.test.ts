// The web app's link security through the built bundle: every bad link gets the same generic page and changes nothing; scanners change nothing; identity comes only from the signed link.
import {
  answerLink,
  claimsOf,
  docEditors,
  forgeToken,
  linkFor,
  linksIn,
  memberId,
  newestLink,
  open,
  pageText,
  press,
  registryRows,
  setActive,
  startDesk,
  stateFingerprint,
  submitReport,
  type Desk,
  type LinkClaims,
  genericBody,
} from './desk';
import { htmlOutputOf } from '../../workbench';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };
/** "Now" in seconds for links: the emulator's virtual clock, which is the only clock the bundle reads. */
let nowSeconds = (): number => {
  throw new Error('no desk started yet');
};
const NOW_S = () => nowSeconds();

function desk(): { desk: Desk; caseId: string; docId: string } {
  const d = startDesk({ members: [ANA, BO] });
  nowSeconds = () => Math.floor(d.ws.rt.now() / 1000);
  const kase = submitReport(d, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  return { desk: d, caseId: kase.caseId, docId: kase.docId };
}

/** GET and a confirmed POST of a link: both must give `expected` and leave everything as it was. */
function expectRefused(d: Desk, token: string, expectedBody: string): void {
  const before = stateFingerprint(d);
  const get = d.ws.webGet(linkFor(d, token));
  const post = d.ws.webPost(d.ws.webAppUrl, { t: token, op: 'no-conflict', confirm: 'yes' });
  d.check();
  expect(genericBody(get.body)).toBe(genericBody(expectedBody));
  expect(genericBody(post.body)).toBe(genericBody(expectedBody));
  expect(stateFingerprint(d)).toBe(before);
}

describe('invalid links', () => {
  test('missing, malformed, tampered, truncated, expired, unknown-key, foreign and out-of-scope links all get the same generic page and change nothing', () => {
    const { desk: d, caseId } = desk();
    const generic = d.ws.webGet(d.ws.webAppUrl).body;
    expect(pageText({ body: generic } as never)).toContain("This link can't be used");
    expect(pageText({ body: generic } as never)).not.toMatch(
      /signature|tamper|unknown|inactive|not a member|no such case/i,
    );

    const good = newestLink(d, ANA.email, 'no-conflict');
    const [payload, signature] = good.token.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const claims = good.claims;
    const forged = (patch: Partial<LinkClaims>) => forgeToken(d, { ...claims, ...patch });
    const swapPayload = Buffer.from(
      JSON.stringify({ ...claims, act: 'no-conflict', sub: memberId(d, BO.email) }),
    ).toString('base64url');

    const bad: Record<string, string> = {
      garbage: 'not-a-token',
      'empty signature': `${payload}.`,
      'signature tampered': `${payload}.${flip(signature, 5)}`,
      'payload tampered': `${flip(payload, 10)}.${signature}`,
      'payload swapped (another member)': `${swapPayload}.${signature}`,
      truncated: good.token.slice(0, -3),
      'extra part': `${good.token}.x`,
      expired: forged({ exp: NOW_S() - 60 }),
      'unknown key id': forgeToken(d, { ...claims, kid: 'kdeadbeef' }, Buffer.alloc(32, 7)),
      'signed with another key': forgeToken(d, claims, Buffer.alloc(32, 9)),
      'unknown case': forged({ cid: 'c_000000000000' }),
      'unknown member': forged({ sub: 'm_000000000000' }),
      'moderator id on a member action': forged({ sub: 'd_000000000000' }),
      'onboarding link naming a case': forged({ act: 'onboard' }),
      'screening link without a case': forged({ cid: '-' }),
      'action nobody serves': forged({ act: 'moderator' }),
    };
    for (const [what, token] of Object.entries(bad)) {
      try {
        expectRefused(d, token, generic);
      } catch (err) {
        throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      }
    }
    expect(registryRows(d, 'Clearances')).toEqual([]);
    expect(d.ws.data.doc(d.cases[0].docId).everHadAccess).toEqual([d.ws.owner]);
    // The untouched link still works afterwards.
    expect(pageText(d.ws.webGet(good.url))).toContain(caseId ? 'Do you have a conflict of interest?' : '');
  });

  test('a link of a member made inactive is refused, and a replayed confirmed POST changes nothing', () => {
    const { desk: d, docId } = desk();
    const link = newestLink(d, BO.email, 'no-conflict');
    const page = open(d, link.url);
    setActive(d, BO.email, false);
    const generic = d.ws.webGet(d.ws.webAppUrl).body;
    const before = stateFingerprint(d);
    // The page left open in a tab, submitted after the member was made inactive.
    const replay = press(d, page, 'no-conflict');
    expect(genericBody(replay.response.body)).toBe(genericBody(generic));
    expect(genericBody(d.ws.webGet(link.url).body)).toBe(genericBody(generic));
    expect(stateFingerprint(d)).toBe(before);
    expect(d.ws.data.doc(docId).everHadAccess).not.toContain(BO.email);
  });

  test('an expired link is refused even though it was genuine (links carry their expiry)', () => {
    const { desk: d } = desk();
    const link = newestLink(d, ANA.email, 'no-conflict');
    expect(Math.abs(link.claims.exp - 30 * 86400 - NOW_S())).toBeLessThan(3600);
    const generic = d.ws.webGet(d.ws.webAppUrl).body;
    expectRefused(d, forgeToken(d, { ...link.claims, exp: NOW_S() - 1 }), generic);
    // The genuine link itself: still good after 29 days, refused after 31 (the clock moves without firing triggers).
    d.ws.rt.advanceClock(29 * 86400 * 1000);
    expect(pageText(d.ws.webGet(link.url))).toContain('Do you have a conflict of interest?');
    d.ws.rt.advanceClock(2 * 86400 * 1000);
    expectRefused(d, link.token, generic);
    expect(d.ws.data.doc(d.cases[0].docId).everHadAccess).toEqual([d.ws.owner]);
  });
});

describe('identity and scanners', () => {
  test('the active user is never identity: a blank or a member\u2019s session without a valid token is refused', () => {
    const { desk: d } = desk();
    const generic = d.ws.webGet(d.ws.webAppUrl).body;
    const before = stateFingerprint(d);
    const event = {
      parameter: { op: 'no-conflict', confirm: 'yes' },
      parameters: {},
      queryString: null,
      contextPath: '',
      contentLength: 0,
    };
    for (const user of ['', ANA.email, d.ws.owner]) {
      const post = d.ws.run('doPost', [event], { user, kind: 'web' });
      expect(post.error).toBeUndefined();
      expect(genericBody(htmlOutputOf(post.value)?._content ?? '')).toBe(genericBody(generic));
    }
    d.check();
    expect(stateFingerprint(d)).toBe(before);
    // Every web request ran with a blank active user, and the answer came from the link alone.
    answerLink(d, newestLink(d, ANA.email, 'no-conflict'), 'no-conflict');
    const webRuns = d.ws.snapshot().executions.filter((e) => e.kind === 'web' && e.fn === 'doPost');
    expect(webRuns.some((e) => e.activeUser === '')).toBe(true);
    expect(docEditors(d, d.cases[0].docId)).toEqual([ANA.email]);
  });

  test('a mail scanner that GETs every link and submits every form without ticking changes nothing', () => {
    const { desk: d } = desk();
    // Give the scanner every kind of mail: screening, access granted (after Ana answers), onboarding (with each
    // member's `Record a report` link and each voting member's `Propose a change` link).
    answerLink(d, newestLink(d, ANA.email, 'no-conflict'), 'no-conflict');
    const before = stateFingerprint(d);
    let pages = 0;
    let forms = 0;
    for (const member of [ANA, BO]) {
      for (const mail of d.ws.mailTo(member.email)) {
        for (const link of linksIn(d, mail)) {
          const page = open(d, link.url);
          pages++;
          forms += d.browser.submitEveryForm(page).length;
          d.check();
        }
      }
    }
    expect({ pages, forms }).toEqual({ pages: 9, forms: expect.any(Number) });
    expect(forms).toBeGreaterThanOrEqual(4);
    expect(stateFingerprint(d)).toBe(before);
  });

  test('pages escape every value and load nothing from elsewhere', () => {
    const d = startDesk({ members: [ANA] });
    submitReport(d, { reported: ['"Sam" <img src=x onerror=alert(1)> O\'Neil'] });
    const page = d.ws.webGet(newestLink(d, ANA.email, 'no-conflict').url);
    expect(page.body).not.toContain('<img');
    expect(page.body).not.toMatch(/<li>[^<]*"/); // quotes in a name arrive as entities
    expect(page.body).toMatch(/<li>[^<]*&quot;/);
    expect(page.body).not.toMatch(/<script\b|<link\b|@import|url\(|<iframe\b/i);
    expect(page.title).toBe('Conflict of interest check');
    // The token only ever appears in the form's hidden field, escaped as an attribute.
    const token = newestLink(d, ANA.email, 'no-conflict').token;
    expect(page.body.split(token).length - 1).toBe(2);
  });

  test('a POST while another execution holds the lock shows the busy page and changes nothing', () => {
    const { desk: d } = desk();
    const page = open(d, newestLink(d, ANA.email, 'no-conflict').url);
    const before = stateFingerprint(d);
    d.ws.holdScriptLock(d.ws.rt.now() + 10 * 60 * 1000);
    const response = press(d, page, 'no-conflict');
    expect(pageText(response)).toContain('Busy for a moment');
    expect(stateFingerprint(d)).toBe(before);
  });

  test('links carry only opaque ids', () => {
    const { desk: d } = desk();
    for (const member of [ANA, BO]) {
      for (const mail of d.ws.mailTo(member.email)) {
        for (const link of linksIn(d, mail)) {
          expect(Object.keys(claimsOf(link.token)).sort()).toEqual(['act', 'cid', 'exp', 'kid', 'sub', 'v']);
          expect(link.url).not.toMatch(/@|Sam|Doe|Rita|%40/);
          expect(link.claims.sub).toMatch(/^m_[0-9a-f]{12}$/);
        }
      }
    }
  });
});
