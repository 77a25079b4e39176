// Adversarial catalogue, part 2 (ADV-15…ADV-23): tampered, expired, replayed, forged and foreign links, link scanners, and state changes smuggled into GET requests.
import { createHash } from 'node:crypto';

/** A key the desk never had: fixed, so the forged links are the same on every run. */
const FOREIGN_KEY = createHash('sha256').update('a key this desk never issued').digest();
import {
  ANA,
  BO,
  COMMITTEE_OPTIONS,
  CY,
  DEE,
  MODS,
  REPORT_ONE,
  REPORT_TWO,
  recommendationSent,
} from '../support/flows';
import { DAY, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

function start(): Rehearsal {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  r.report(REPORT_ONE.answers, REPORT_ONE.people);
  return r;
}

function isGeneric(body: string): boolean {
  return /data-outcome="invalid"/.test(body) && /This link can.t be used/.test(body);
}

/** POSTs every op a page might have, confirmed, with a token (what a forger or replayer would send). */
function postAllOps(r: Rehearsal, token: string): string[] {
  const ops = [
    'no-conflict',
    'conflict',
    'open-vote',
    'vote',
    'send-recommendation',
    'send-letter',
    'send-letter-again',
    'send-follow-up',
    'reporter-address',
    'waive-follow-up',
    'forget-reporter',
    'accept',
    'disagree',
    'onboard',
    'record-override',
    'bad-faith',
    'close-no-violation',
  ];
  return ops.map(
    (op) =>
      r.post({
        t: token,
        op,
        confirm: 'yes',
        choice: 'approve',
        to: 'sam@example.net',
        details: 'x',
        'person-0': 'no-conflict',
      }).response.body,
  );
}

function flip(text: string, at: number): string {
  const c = text[at];
  return text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

describe('adversarial: links', () => {
  it('ADV-15 a tampered link (payload or signature changed) shows the generic page and changes nothing', () => {
    const r = start();
    const link = r.link(ANA.email, 'no-conflict', 1);
    if (!link) throw new Error('no link');
    const [payload, signature] = link.token.split('.');
    const before = r.fingerprint();
    const variants = [
      `${flip(payload, 5)}.${signature}`,
      `${payload}.${flip(signature, 3)}`,
      `${payload}.`,
      `.${signature}`,
      payload,
      `${payload}.${signature}x`,
      `${Buffer.from(Buffer.from(payload, 'base64url').toString().replace('"no-conflict"', '"case"')).toString('base64url')}.${signature}`,
      '',
      'null',
      '../../etc/passwd',
      '<script>alert(1)</script>',
    ];
    for (const token of variants) {
      expect(isGeneric(r.ws.webGet(r.urlFor(encodeURIComponent(token))).body)).toBe(true);
      for (const body of postAllOps(r, token)) expect(isGeneric(body)).toBe(true);
    }
    expect(r.fingerprint()).toBe(before);
  });

  it('ADV-16 an expired link is refused, GET and POST alike, and grants nothing', () => {
    const r = start();
    const link = r.link(ANA.email, 'no-conflict', 1);
    if (!link) throw new Error('no link');
    // A month goes by (the sweep paused: only the link's age matters here).
    const sweep = r.ws.triggers().find((t) => t.handler === 'sweep_');
    if (sweep) r.ws.disableTrigger(sweep.uid);
    r.advance(31 * DAY);
    if (sweep) r.ws.enableTrigger(sweep.uid);
    const before = r.docEditors(1);
    expect(isGeneric(r.ws.webGet(link.url).body)).toBe(true);
    const result = r.respond(ANA.email, 1, 'no-conflict', {});
    expect(result.ok).toBe(false);
    expect(r.post({ t: link.token, op: 'no-conflict', confirm: 'yes' }).page.outcome).toBe('invalid');
    expect(r.docEditors(1)).toEqual(before);
    expect(r.docEditors(1)).not.toContain(ANA.email);
  });

  it('ADV-17 a replayed "no conflict" cannot undo a later conflict, and replays change nothing else', () => {
    const r = start();
    const noConflict = r.link(ANA.email, 'no-conflict', 1);
    if (!noConflict) throw new Error('no link');
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.respond(ANA.email, 1, 'conflict').ok).toBe(true);
    expect(r.docEditors(1)).not.toContain(ANA.email);
    const before = r.fingerprint();
    for (let i = 0; i < 3; i++) r.post({ t: noConflict.token, op: 'no-conflict', confirm: 'yes' });
    expect(r.docEditors(1)).not.toContain(ANA.email);
    const latest = r
      .registry('Clearances')
      .filter((c) => c['Member ID'] === r.memberId(ANA.email))
      .pop();
    expect(latest?.Decision).toBe('conflict');
    expect(JSON.parse(r.fingerprint()).docs).toEqual(JSON.parse(before).docs);
  });

  it('ADV-18 a forged link (a foreign key, unknown key id, or a member who left) is refused', () => {
    const r = start();
    const link = r.link(BO.email, 'no-conflict', 1);
    if (!link) throw new Error('no link');
    const claims = link.claims;
    const exp = Math.floor(r.ws.rt.now() / 1000) + 3600;
    const forged = [
      r.forge({ ...claims, exp }, FOREIGN_KEY),
      r.forge({ ...claims, exp, kid: 'k-unknown' }, FOREIGN_KEY),
      r.forge({ ...claims, exp, v: 2 }),
      r.forge({ ...claims, exp, sub: 'm_000000000000' }),
      r.forge({ ...claims, exp, sub: '' }),
    ];
    const before = r.fingerprint();
    for (const token of forged) {
      expect(isGeneric(r.ws.webGet(r.urlFor(token)).body)).toBe(true);
      for (const body of postAllOps(r, token)) expect(isGeneric(body)).toBe(true);
    }
    expect(r.fingerprint()).toBe(before);
    // A member made inactive: their own, genuine link stops working.
    r.setActive(BO.email, false);
    expect(isGeneric(r.ws.webGet(link.url).body)).toBe(true);
    expect(r.post({ t: link.token, op: 'no-conflict', confirm: 'yes' }).page.outcome).toBe('invalid');
    expect(r.docEditors(1)).not.toContain(BO.email);
  });

  it('ADV-19 a link acts only on its own case: extra parameters cannot point it at another case', () => {
    const r = start();
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    const one = r.link(CY.email, 'no-conflict', 1);
    const two = r.link(CY.email, 'conflict', 2);
    if (!one || !two) throw new Error('no links');
    // Parameter pollution: a second t, a cid, a case field; the first t (case 1) is the only one that counts.
    const url = `${one.url}&t=${two.token}&cid=${two.claims.cid}&case=${two.claims.cid}`;
    const page = r.ws.webGet(url);
    expect(page.body).toContain(r.kase(1).codeName);
    expect(page.body).not.toContain(r.kase(2).codeName);
    r.post({ t: one.token, op: 'no-conflict', confirm: 'yes', cid: two.claims.cid });
    expect(r.docEditors(1)).toContain(CY.email);
    expect(r.docEditors(2)).not.toContain(CY.email);
    expect(r.registry('Clearances').filter((c) => c['Case ID'] === r.kase(2).caseId)).toHaveLength(0);
  });

  it("ADV-20 a moderator's link used as a member, and a member's link used for a moderator's answer, are refused", () => {
    // Case 1 reported, its vote passed, the recommendation sent (the standard path of test/support/flows.ts).
    const r = Rehearsal.start(COMMITTEE_OPTIONS);
    recommendationSent(r);
    const mod = r.link(MODS[0], 'moderator', 1);
    const casePage = r.link(ANA.email, 'case', 1);
    if (!mod || !casePage) throw new Error('no links');
    const before = r.fingerprint();
    for (const op of [
      'no-conflict',
      'conflict',
      'open-vote',
      'send-letter',
      'send-letter-again',
      'send-follow-up',
      'reporter-address',
      'waive-follow-up',
      'forget-reporter',
      'record-override',
      'vote',
    ]) {
      const page = r.post({ t: mod.token, op, confirm: 'yes', to: 'sam@example.net', choice: 'approve' }).page;
      expect(page.outcome === 'done').toBe(false);
    }
    for (const op of ['accept', 'disagree']) {
      const page = r.post({ t: casePage.token, op, confirm: 'yes', details: 'forged' }).page;
      expect(page.outcome === 'done').toBe(false);
    }
    expect(r.registry('Moderation').every((m) => m.Answer === '')).toBe(true);
    expect(JSON.parse(r.fingerprint()).docs).toEqual(JSON.parse(before).docs);
  });

  it('ADV-21 a mail scanner that follows every link and submits every form unticked changes nothing', () => {
    const r = start();
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1);
    const before = r.fingerprint();
    let submitted = 0;
    for (const person of [ANA.email, BO.email, CY.email, DEE.email]) submitted += r.scan(person, 'all').submitted;
    expect(submitted).toBeGreaterThan(5);
    const after = JSON.parse(r.fingerprint());
    const was = JSON.parse(before);
    expect(after.docs).toEqual(was.docs);
    expect(after.sheets).toEqual(was.sheets);
    expect(after.mail).toBe(was.mail);
    expect(after.shares).toEqual(was.shares);
  });

  it('ADV-22 a scanner that "ticks" with a value other than the page\'s own is not a confirmation', () => {
    const r = start();
    const link = r.link(ANA.email, 'no-conflict', 1);
    if (!link) throw new Error('no link');
    const before = r.fingerprint();
    for (const confirm of ['on', 'true', '1', 'YES', ' yes', 'yes ', 'no', '']) {
      r.post({ t: link.token, op: 'no-conflict', confirm });
    }
    expect(r.docEditors(1)).not.toContain(ANA.email);
    expect(JSON.parse(r.fingerprint()).docs).toEqual(JSON.parse(before).docs);
    expect(r.registry('Clearances')).toHaveLength(0);
  });

  it('ADV-23 a state change smuggled into a GET (op and confirm in the query string) changes nothing', () => {
    const r = start();
    const link = r.link(ANA.email, 'no-conflict', 1);
    if (!link) throw new Error('no link');
    const before = r.fingerprint();
    for (const extra of ['&op=no-conflict&confirm=yes', '&op=conflict&confirm=yes', '&confirm=yes'])
      r.ws.webGet(`${link.url}${extra}`);
    expect(r.fingerprint()).toBe(before);
  });
});
