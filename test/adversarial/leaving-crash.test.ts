// A member's leaving, coming back or `Revoke links`, killed at every side effect in turn: her links are withdrawn exactly when she left or the owner said so, and fresh ones always follow.
import { COMMITTEE_OPTIONS, CY, DEE } from '../support/flows';
import { Rehearsal, HOUR, OWNER } from '../support/rehearsal';
import { allowCrashWindow } from '../support/crash-matrix';

jest.setTimeout(20 * 60 * 1000);

/** Kills the next execution `act` starts at each side effect in turn; `then` sees the fork and whether it died. */
function everyCrash(base: Rehearsal, act: (r: Rehearsal) => void, then: (r: Rehearsal, k: number) => void): number {
  let k = 1;
  for (; k < 400; k++) {
    const r = base.fork();
    const killedId = r.ws.rt.executions.length + 1;
    r.checkEveryStep = false;
    r.crashNextExecutionAt(k);
    act(r);
    r.ws.rt.crashPlan = null;
    r.checkEveryStep = true;
    if (!/crash injected/.test(r.ws.rt.executions.find((e) => e.id === killedId)?.error ?? '')) break;
    allowCrashWindow(r, killedId);
    then(r, k);
  }
  return k - 1;
}

const withdrawn = (r: Rehearsal, url: string) => /This link was withdrawn/.test(r.get(url).page.text);
const registryActive = (r: Rehearsal) => r.registry('Members').find((m) => m.Email === CY.email)?.Active === 'TRUE';

describe('ADV-575 a leaving or a return killed mid-way', () => {
  it('ADV-575 the owner unticks Cy by mistake, the run dies, she is ticked again: her links work unless the leave was committed', () => {
    const base = Rehearsal.start(COMMITTEE_OPTIONS);
    const record = base.link(CY.email, 'record')!;
    const points = everyCrash(
      base,
      (r) => r.setActive(CY.email, false),
      (r, k) => {
        const left = !registryActive(r);
        r.setActive(CY.email, true);
        r.advance(2 * HOUR);
        // Before: the withdrawal was written before the leave's commit; a run that died between the two withdrew every
        // link of a member who never left, and nothing sent her new ones (no welcome: she was never inactive).
        expect([k, withdrawn(r, record.url)]).toEqual([k, left]);
      },
    );
    expect(points).toBeGreaterThan(3);
  });

  it('ADV-575 her return killed at every side effect: once back, her old links are withdrawn and the welcome\u2019s work', () => {
    const base = Rehearsal.start(COMMITTEE_OPTIONS);
    const record = base.link(CY.email, 'record')!;
    base.setActive(CY.email, false);
    base.advance(2 * HOUR);
    const points = everyCrash(
      base,
      (r) => r.setActive(CY.email, true),
      (r, k) => {
        r.advance(2 * HOUR);
        expect([k, registryActive(r), withdrawn(r, record.url)]).toEqual([k, true, true]);
        const fresh = r.link(CY.email, 'record')!;
        expect([k, fresh.token !== record.token, withdrawn(r, fresh.url)]).toEqual([k, true, false]);
      },
    );
    expect(points).toBeGreaterThan(3);
  });
});

/** Dee's `Revoke links` column added and an hour passed: the world, her record link, her Committee row and her fresh-links mail. */
function revokeLinksWorld() {
  // Dee, not Cy: setActive above leaves the shared CY spec inactive for later tests in this file.
  const base = Rehearsal.start(COMMITTEE_OPTIONS);
  const record = base.link(DEE.email, 'record')!;
  const rows = base.ws.data.sheet(base.ids.status, 'Committee').rows;
  const row = rows.findIndex((x, i) => i > 0 && String(x[1]).toLowerCase() === DEE.email) + 1;
  base.ws.data.ui.editCell(base.ws.owner, base.ids.status, 'Committee', 1, 5, 'Revoke links');
  base.advance(HOUR);
  const fresh = (r: Rehearsal) => r.mailTo(DEE.email).filter((m) => /earlier links were withdrawn/.test(m.subject));
  return { base, record, row, fresh };
}

describe('ADV-587 the owner\u2019s `Revoke links` killed mid-way', () => {
  it('ADV-587 the owner types yes under Revoke links for Dee and the run dies: her old links are withdrawn and exactly one email brings fresh ones', () => {
    const { base, record, row, fresh } = revokeLinksWorld();
    const points = everyCrash(
      base,
      (r) => r.ws.editCell(r.ws.owner, r.ids.status, 'Committee', row, 5, 'yes'),
      (r, k) => {
        r.advance(2 * HOUR);
        // Before: the revocation was written before the commit that queues the email; a run that died between the two
        // withdrew every link and the next sync, reading the revocation done, sent no fresh ones.
        // One email (a send the run died before recording goes again, the same text: allowCrashWindow).
        const sent = fresh(r);
        expect([k, withdrawn(r, record.url), new Set(sent.map((m) => m.body)).size]).toEqual([k, true, 1]);
        const renewed = r.linksIn(sent[0]).find((l) => l.claims.act === 'record')!;
        expect([k, withdrawn(r, renewed.url)]).toEqual([k, false]);
      },
    );
    expect(points).toBeGreaterThan(3);
  });

  it('ADV-607 the run acting on Revoke links dies, then the committee account restores a registry version from before it: Dee still gets fresh links that work, and her old ones stay withdrawn', () => {
    const { base, record, row, fresh } = revokeLinksWorld();
    const version = base.ws.data.ui.saveVersion(base.ids.registry);
    const points = everyCrash(
      base,
      (r) => r.ws.editCell(r.ws.owner, r.ids.status, 'Committee', row, 5, 'yes'),
      (r, k) => {
        r.checkEveryStep = false;
        r.ws.restoreVersion(OWNER, r.ids.registry, version, 'Cases');
        r.advance(24 * HOUR);
        // Before: killed after the commit that queued the email and before it went, the restore dropped its row and
        // nothing owed it any more (no mark tells a restore from before any send): every link withdrawn, none sent.
        // (Killed after the send and before its mark, she is sent a second email: its links work too.)
        const sent = fresh(r);
        expect([k, withdrawn(r, record.url), sent.length > 0]).toEqual([k, true, true]);
        const renewed = r.linksIn(sent[sent.length - 1]).find((l) => l.claims.act === 'record')!;
        expect([k, withdrawn(r, renewed.url)]).toEqual([k, false]);
      },
    );
    expect(points).toBeGreaterThan(3);
  });
});
