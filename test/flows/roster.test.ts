// The roster in-process: an active member in the Committee tab gets the status spreadsheet and an onboarding email; one made inactive or removed loses every Doc and the sheet.
import { recordNoConflict } from '../../src/flows/screening';
import { syncRoster, type RosterReport } from '../../src/flows/roster';
import { casesOf } from '../../src/records/cases';
import { membersOf } from '../../src/records/members';
import { flowBench, OWNER, type FlowBench } from '../support/in-process';

const ANA = 'ana@example.org';
const BO = 'bo@example.org';
const CY = 'cy@example.org';
const REPORT = { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies in the forum, twice.' };

/** What the onStatusEdit_ trigger runs for a Committee edit: the roster sync, mail delivered. */
function sync(bench: FlowBench): RosterReport {
  return bench.flow(
    (ctx) => syncRoster(ctx),
    { actor: 'roster', mail: {} },
    { kind: 'trigger', name: 'onStatusEdit_' },
  );
}

function memberId(bench: FlowBench, email: string): string {
  return bench.registry('Members').find((m) => m.Email === email)!['Member ID'];
}

function onboardingMail(bench: FlowBench, email: string) {
  return bench.registry('Outbox').filter((o) => o.Kind === 'onboarding' && o.To === email);
}

/** A case reported and Ana cleared for it (its Doc shared with her). */
function anaCleared(bench: FlowBench): { caseId: string; docId: string } {
  const { caseId } = bench.report(REPORT);
  bench.flow((ctx) => recordNoConflict(ctx, casesOf(ctx).find(caseId)!, ctx.committee.byEmail(ANA)!, 'screening'), {
    mail: {},
  });
  const docId = bench.registry('Cases')[0]['Doc ID'];
  expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
  return { caseId, docId };
}

describe('roster', () => {
  test('every active member gets the status spreadsheet, silently, and one onboarding email', () => {
    const bench = flowBench();
    const report = sync(bench);

    expect(report.added.sort()).toEqual([ANA, BO, CY].map((e) => memberId(bench, e)).sort());
    expect(bench.ws.data.file(bench.ids.status).editors.sort()).toEqual([ANA, BO, CY]);
    expect(bench.ws.data.shareNotifications()).toEqual([]);
    expect(bench.registry('Members').map((m) => [m.Email, m['Sheet Access']])).toEqual([
      [ANA, 'editor'],
      [BO, 'editor'],
      [CY, 'editor'],
    ]);
    for (const email of [ANA, BO, CY]) {
      expect(onboardingMail(bench, email).map((o) => o.State)).toEqual(['sent']);
      expect(bench.ws.mailTo(email)).toHaveLength(1);
    }
  });

  test('a second sync with nothing changed does nothing', () => {
    const bench = flowBench();
    sync(bench);
    const before = bench.ws.snapshot();
    expect(sync(bench)).toEqual({ added: [], offboarded: [], updated: [], problems: [] });
    expect(bench.ws.mail()).toEqual(before.mail);
    expect(bench.ws.data.accessHistory()).toEqual(before.accessHistory);
  });

  test('adding an active member onboards that member only', () => {
    const bench = flowBench();
    sync(bench);
    bench.typeMember({ name: 'Dee Noor', email: 'dee@example.org' });
    const report = sync(bench);

    expect(report.added).toEqual([memberId(bench, 'dee@example.org')]);
    expect(bench.ws.data.file(bench.ids.status).editors).toContain('dee@example.org');
    expect(
      bench.ws
        .mail()
        .slice(-1)
        .map((m) => m.to),
    ).toEqual([['dee@example.org']]);
    expect(onboardingMail(bench, 'dee@example.org')).toHaveLength(1);
  });

  test('an inactive row is never onboarded', () => {
    const bench = flowBench({
      members: [
        { name: 'Ana Lima', email: ANA },
        { name: 'Dee Noor', email: 'dee@example.org', active: false },
      ],
    });
    sync(bench);
    expect(bench.ws.data.file(bench.ids.status).editors).toEqual([ANA]);
    expect(bench.ws.mailTo('dee@example.org')).toEqual([]);
  });

  test('making a member inactive revokes their Docs and the status spreadsheet, and tells the committee', () => {
    const bench = flowBench();
    sync(bench);
    const { caseId, docId } = anaCleared(bench);
    bench.ws.data.ui.editCell(OWNER, bench.ids.status, 'Committee', 2, 4, false);
    const report = sync(bench);

    const ana = memberId(bench, ANA);
    expect(report.offboarded).toEqual([ana]);
    expect(bench.ws.data.file(docId).editors).toEqual([]);
    expect(bench.ws.data.file(bench.ids.status).editors.sort()).toEqual([BO, CY]);
    expect(
      bench
        .registry('Clearances')
        .filter((c) => c['Member ID'] === ana)
        .map((c) => [c['Case ID'], c.Decision, c.Via, c.Share]),
    ).toEqual([
      [caseId, 'no-conflict', 'screening', 'silent'],
      [caseId, 'inactive', 'roster', 'revoked'],
    ]);
    expect(bench.registry('Members').find((m) => m.Email === ANA)).toMatchObject({
      Active: 'FALSE',
      'Sheet Access': 'none',
    });
    expect(bench.ws.data.doc(docId).text).toContain('Ana Lima left the committee; their access was removed.');
    const told = bench.ws
      .mail()
      .filter((m) => /made inactive/.test(m.subject))
      .flatMap((m) => m.to)
      .sort();
    expect(told).toEqual([BO, CY]);
  });

  test("deleting a member's row revokes their access too", () => {
    const bench = flowBench();
    sync(bench);
    const { docId } = anaCleared(bench);
    bench.ws.data.ui.deleteRow(OWNER, bench.ids.status, 'Committee', 2);
    expect(sync(bench).offboarded).toEqual([memberId(bench, ANA)]);
    expect(bench.ws.data.file(docId).editors).toEqual([]);
    expect(bench.ws.data.file(bench.ids.status).editors).not.toContain(ANA);
  });

  test('a member made active again is onboarded again', () => {
    const bench = flowBench();
    sync(bench);
    bench.ws.data.ui.editCell(OWNER, bench.ids.status, 'Committee', 2, 4, false);
    sync(bench);
    bench.ws.rt.advanceClock(60_000);
    bench.ws.data.ui.editCell(OWNER, bench.ids.status, 'Committee', 2, 4, true);
    expect(sync(bench).added).toEqual([memberId(bench, ANA)]);

    const keys = onboardingMail(bench, ANA).map((o) => o.Key);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect(bench.ws.data.file(bench.ids.status).editors).toContain(ANA);
    const row = bench.flow((ctx) =>
      membersOf(ctx)
        .all()
        .find((m) => m.email === ANA),
    );
    expect(row).toMatchObject({ active: true, sheetAccess: 'editor' });
  });
});
