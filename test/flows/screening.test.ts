// Screening in-process: "no conflict" shares the case Doc silently and records it; "conflict" is recorded, revokes access and is final.
import { completePendingShares, recordConflict, recordNoConflict } from '../../src/flows/screening';
import { casesOf, type Case } from '../../src/records/cases';
import type { Via } from '../../src/records/clearances';
import type { Context } from '../../src/workspace/context';
import type { CommitteeMember } from '../../src/workspace/members';
import { flowBench, type FlowBench, type FlowBenchOptions } from '../support/in-process';

const REPORT = {
  'Your name': 'Rita Alvarez',
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
  'Is anyone in immediate danger?': 'No',
};
const ANA = 'ana@example.org';

/** A bench with one case reported (its mail delivered). */
function withCase(options: FlowBenchOptions = {}): {
  bench: FlowBench;
  caseId: string;
  docId: string;
  codeName: string;
} {
  const bench = flowBench(options);
  const { caseId } = bench.report(REPORT);
  const row = bench.registry('Cases')[0];
  return { bench, caseId, docId: row['Doc ID'], codeName: row['Code Name'] };
}

/** Runs a screening answer as the web POST would: through the protocol, its mail delivered. */
function answer<T>(
  bench: FlowBench,
  caseId: string,
  email: string,
  act: (ctx: Context, kase: Case, member: CommitteeMember, via: Via) => T,
): T {
  return bench.flow(
    (ctx) => {
      const kase = casesOf(ctx).find(caseId);
      const member = ctx.committee.byEmail(email);
      if (!kase || !member) throw new Error('unknown case or member');
      return act(ctx, kase, member, 'screening');
    },
    { actor: 'web:test', lock: 'try', mail: {} },
    { kind: 'web', activeUser: '' },
  );
}

function clearances(bench: FlowBench, email: string) {
  const id = bench.registry('Members').find((m) => m.Email === email)!['Member ID'];
  return bench
    .registry('Clearances')
    .filter((c) => c['Member ID'] === id)
    .map((c) => [c.Decision, c.Share]);
}

describe('screening', () => {
  test('"no conflict" shares the Doc with that member alone, silently, and records it', () => {
    const { bench, caseId, docId } = withCase();
    expect(answer(bench, caseId, ANA, recordNoConflict)).toEqual({ kind: 'granted', share: 'silent' });

    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
    expect(bench.ws.data.shareNotifications()).toEqual([]);
    expect(clearances(bench, ANA)).toEqual([['no-conflict', 'silent']]);
    expect(bench.ws.data.doc(docId).text).toMatch(
      /Ana Lima declared no conflict of interest \(screening\); the document was shared with them\./,
    );
    expect(bench.ws.mailTo(ANA).map((m) => m.subject)).toEqual([
      expect.stringMatching(/conflict of interest/i),
      expect.any(String),
    ]);
    expect(bench.registry('Outbox').find((o) => o.Kind === 'access-granted')).toMatchObject({
      To: ANA,
      State: 'sent',
      'Case ID': caseId,
    });
    expect(bench.registry('Audit').map((a) => a.Event)).toEqual(
      expect.arrayContaining(['clearance.no-conflict', 'share.granted']),
    );
  });

  test('answering "no conflict" again changes nothing', () => {
    const { bench, caseId, docId } = withCase();
    answer(bench, caseId, ANA, recordNoConflict);
    const mailBefore = bench.ws.mail().length;
    expect(answer(bench, caseId, ANA, recordNoConflict)).toMatchObject({ kind: 'already', share: 'silent' });
    expect(clearances(bench, ANA)).toEqual([['no-conflict', 'silent']]);
    expect(bench.ws.data.accessHistory(docId).filter((e) => e.principal === ANA)).toHaveLength(1);
    expect(bench.ws.mail()).toHaveLength(mailBefore);
  });

  test('"conflict" after "no conflict" revokes the access and records the conflict', () => {
    const { bench, caseId, docId, codeName } = withCase();
    answer(bench, caseId, ANA, recordNoConflict);
    expect(answer(bench, caseId, ANA, recordConflict)).toMatchObject({
      kind: 'recorded',
      revoked: true,
      confirmed: true,
    });

    expect(bench.ws.data.file(docId).editors).toEqual([]);
    expect(
      bench.ws.data
        .accessHistory(docId)
        .filter((e) => e.principal === ANA)
        .map((e) => e.change),
    ).toEqual(['grant', 'revoke']);
    expect(clearances(bench, ANA)).toEqual([
      ['no-conflict', 'silent'],
      ['conflict', 'revoked'],
    ]);
    expect(bench.status('Conflicts')).toEqual([expect.objectContaining({ 'Code Name': codeName, Member: 'Ana Lima' })]);
    expect(bench.ws.data.doc(docId).text).toContain(
      'Ana Lima declared a conflict of interest (screening); their access was removed.',
    );
    expect(bench.registry('Outbox').find((o) => o.Kind === 'conflict-recorded')).toMatchObject({
      To: ANA,
      State: 'sent',
    });
  });

  test('a conflict is final: a later "no conflict" shares nothing', () => {
    const { bench, caseId, docId } = withCase();
    expect(answer(bench, caseId, ANA, recordConflict)).toMatchObject({
      kind: 'recorded',
      revoked: false,
      confirmed: true,
    });
    expect(answer(bench, caseId, ANA, recordNoConflict)).toMatchObject({ kind: 'conflict-stands' });
    expect(bench.ws.data.file(docId).editors).toEqual([]);
    expect(bench.ws.data.doc(docId).everHadAccess.filter((e) => e === ANA)).toEqual([]);
    expect(clearances(bench, ANA)).toEqual([['conflict', 'none']]);
  });

  test("without a Google account the share falls back to Google's notification, recorded and told to the members cleared for the case and the committee account", () => {
    const { bench, caseId, docId } = withCase({ noGoogleAccount: [ANA] });
    expect(answer(bench, caseId, ANA, recordNoConflict)).toEqual({ kind: 'granted', share: 'fallback' });
    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
    expect(clearances(bench, ANA)).toEqual([['no-conflict', 'fallback']]);
    expect(bench.ws.data.shareNotifications().map((n) => n.to)).toEqual([ANA]);
    // ADV-206: Ana, now cleared, and the committee account; not Bo and Cy, yet to answer the check.
    expect(
      bench
        .registry('Outbox')
        .filter((o) => o.Kind.startsWith('alert'))
        .map((o) => o.To)
        .sort(),
    ).toEqual(['ana@example.org', 'conduct@example.org']);
  });

  test("in French, Drive's refusal is not recognised by its text: the share waits, and the second refusal falls back, recorded", () => {
    const { bench, caseId, docId } = withCase({ noGoogleAccount: [ANA], locale: 'fr' });
    expect(answer(bench, caseId, ANA, recordNoConflict)).toMatchObject({ kind: 'share-pending' });
    expect(bench.ws.data.file(docId).editors).toEqual([]);
    expect(clearances(bench, ANA)).toEqual([['no-conflict', 'pending']]);

    // The access audit tries the pending share again (the sweep, an hour later): refused again, so it falls back.
    bench.ws.rt.advanceClock(3600_000);
    expect(bench.flow((ctx) => completePendingShares(ctx, () => true))).toEqual({ completed: 1, remaining: 0 });
    expect(bench.ws.data.file(docId).editors).toEqual([ANA]);
    expect(clearances(bench, ANA)).toEqual([['no-conflict', 'fallback']]);
    expect(bench.ws.data.shareNotifications().map((n) => n.to)).toEqual([ANA]);
    const note = bench.registry('Clearances').find((c) => c.Share === 'fallback')!.Note;
    expect(note).toMatch(/refused a silent share to this address again/);
  });

  test('a Drive failure records the answer and leaves the share pending, with nobody given access', () => {
    const { bench, caseId, docId } = withCase();
    bench.ws.rt.faults = [
      { call: 'Drive.Permissions.create', nth: (bench.ws.rt.totals['Drive.Permissions.create'] ?? 0) + 1 },
    ];
    expect(answer(bench, caseId, ANA, recordNoConflict)).toMatchObject({ kind: 'share-pending' });
    expect(bench.ws.data.file(docId).editors).toEqual([]);
    expect(clearances(bench, ANA)).toEqual([['no-conflict', 'pending']]);
    expect(
      bench
        .registry('Audit')
        .filter((a) => a.Event === 'share.failed')
        .map((a) => a['Case ID']),
    ).toEqual([caseId]);
  });

  test('every member is listed in Conflicts by name alike; a member who is the reporter is never listed for it', () => {
    const bench = flowBench({
      members: [
        { name: 'Rita Alvarez', email: 'rita.a@example.org' },
        { name: 'Maria Alvarez', email: 'maria@example.org' },
        { name: 'Ana Lima', email: ANA },
      ],
    });
    const { caseId } = bench.report(REPORT);
    // Rita is the reporter (same name): conflicted at intake, silently, with no screening email.
    expect(bench.ws.mailTo('rita.a@example.org')).toEqual([]);
    answer(bench, caseId, 'rita.a@example.org', recordConflict);
    answer(bench, caseId, 'maria@example.org', recordConflict);
    answer(bench, caseId, ANA, recordConflict);
    expect(bench.status('Conflicts').map((c) => c.Member)).toEqual(['Maria Alvarez', 'Ana Lima']);
  });
});
