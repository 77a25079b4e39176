// Votes in-process: a cleared voting member opens a vote, its eligible voters frozen at opening; it passes at two-thirds of them rounded up; advisers neither open nor cast votes.
import type { Choice } from '../../src/core/votes';
import { recordConflict, recordNoConflict } from '../../src/flows/screening';
import { castBallot, openVote, type ActionResult } from '../../src/flows/vote';
import { casesOf } from '../../src/records/cases';
import { clearancesOf } from '../../src/records/clearances';
import { votesOf, type VoteRecord } from '../../src/records/votes';
import { flowBench, type FlowBench, type MemberSpec } from '../support/in-process';

const ANA: MemberSpec = { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' };
const BO: MemberSpec = { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' };
const CY: MemberSpec = { name: 'Cy Park', email: 'cy@example.org', role: 'voting' };
const DEE: MemberSpec = { name: 'Dee Ford', email: 'dee@example.org', role: 'voting' };
const EVE: MemberSpec = { name: 'Eve Nolan', email: 'eve@example.org', role: 'voting' };
const REPORT = { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies in the forum, twice.' };
const TEXTS = { plan: 'Reply politely in the forum.', consequences: 'A written warning.', letter: '' };
/** These tests are about who votes and the tally: the vote need not wait for silent members (see "when a vote may open"). */
const NO_WAIT = { 'Screening window (hours)': 0 };

function withCase(
  members: MemberSpec[],
  settings: Record<string, string | number> = NO_WAIT,
): { bench: FlowBench; caseId: string; docId: string } {
  const bench = flowBench({ members, settings });
  const { caseId } = bench.report(REPORT);
  return { bench, caseId, docId: bench.registry('Cases')[0]['Doc ID'] };
}

function clear(bench: FlowBench, caseId: string, ...members: MemberSpec[]): void {
  for (const m of members)
    bench.flow((ctx) =>
      recordNoConflict(ctx, casesOf(ctx).find(caseId)!, ctx.committee.byEmail(m.email)!, 'screening'),
    );
}

function conflict(bench: FlowBench, caseId: string, ...members: MemberSpec[]): void {
  for (const m of members)
    bench.flow((ctx) => recordConflict(ctx, casesOf(ctx).find(caseId)!, ctx.committee.byEmail(m.email)!, 'screening'));
}

function memberId(bench: FlowBench, m: MemberSpec): string {
  return bench.registry('Members').find((r) => r.Email === m.email)!['Member ID'];
}

function open(bench: FlowBench, caseId: string, by: MemberSpec): ActionResult {
  return bench.flow((ctx) =>
    openVote(ctx, casesOf(ctx).find(caseId)!, clearancesOf(ctx), ctx.committee.byEmail(by.email)!.id, TEXTS),
  );
}

function ballot(bench: FlowBench, caseId: string, by: MemberSpec, choice: Choice): ActionResult {
  return bench.flow((ctx) => {
    const vote = votesOf(ctx).latest(caseId);
    if (!vote) throw new Error('no vote');
    return castBallot(
      ctx,
      casesOf(ctx).find(caseId)!,
      clearancesOf(ctx),
      vote,
      ctx.committee.byEmail(by.email)!.id,
      choice,
    );
  });
}

function latestVote(bench: FlowBench, caseId: string): VoteRecord {
  return bench.flow((ctx) => votesOf(ctx).latest(caseId)!);
}

function phase(bench: FlowBench, caseId: string): string {
  return bench.flow((ctx) => casesOf(ctx).find(caseId)!.phase);
}

describe('opening a vote', () => {
  test('a cleared voting member opens it: the eligible are the cleared active voting members, each sent a link', () => {
    const { bench, caseId, docId } = withCase([ANA, BO, CY, DEE, EVE]);
    clear(bench, caseId, ANA, BO, CY);
    expect(open(bench, caseId, ANA)).toMatchObject({ ok: true, heading: 'The vote is open' });

    const [row] = bench.registry('Votes');
    expect(JSON.parse(row.Eligible).sort()).toEqual([memberId(bench, ANA), memberId(bench, CY)].sort());
    expect(row.Outcome).toBe('open');
    expect(row['Opened By']).toBe(memberId(bench, ANA));
    expect(
      bench
        .registry('Outbox')
        .filter((o) => o.Kind === 'vote')
        .map((o) => [o.To, o.State, o['Case ID']])
        .sort(),
    ).toEqual([
      [ANA.email, 'pending', caseId],
      [CY.email, 'pending', caseId],
    ]);
    expect(bench.ws.data.doc(docId).text).toContain(
      'Vote opened on the plan and consequences below (2 eligible voting members; it passes with 2 approvals).',
    );
    expect(bench.ws.data.doc(docId).text).toContain('Plan: Reply politely in the forum.');
    expect(phase(bench, caseId)).toBe('voting');
    // A second vote cannot be opened while one is open.
    expect(open(bench, caseId, CY)).toMatchObject({ ok: false, lines: ['A vote is already open.'] });
    expect(bench.registry('Votes')).toHaveLength(1);
  });

  test('an adviser cannot open a vote, nor can a member not cleared for the case', () => {
    const { bench, caseId } = withCase([ANA, BO, CY]);
    clear(bench, caseId, BO, CY);
    expect(open(bench, caseId, BO)).toMatchObject({
      ok: false,
      lines: ['Advisers take part in the discussion but do not open or cast votes.'],
    });
    expect(open(bench, caseId, ANA)).toMatchObject({
      ok: false,
      lines: ['Only members cleared for this case can open a vote.'],
    });
    expect(bench.registry('Votes')).toEqual([]);
    expect(bench.registry('Outbox').filter((o) => o.Kind === 'vote')).toEqual([]);
  });

  test('the eligible are frozen at opening: a member cleared afterwards cannot vote and does not move the threshold', () => {
    const { bench, caseId } = withCase([ANA, CY, DEE]);
    clear(bench, caseId, ANA, CY);
    open(bench, caseId, ANA);
    clear(bench, caseId, DEE);
    expect(ballot(bench, caseId, DEE, 'approve')).toMatchObject({
      ok: false,
      lines: ['You are not one of the eligible voters of this vote.'],
    });
    expect(latestVote(bench, caseId)).toMatchObject({
      eligible: [memberId(bench, ANA), memberId(bench, CY)],
      ballots: {},
    });
    expect(bench.registry('Outbox').filter((o) => o.Kind === 'vote' && o.To === DEE.email)).toEqual([]);
  });
});

describe('casting ballots', () => {
  test('with four eligible it passes at the third approval (two-thirds rounded up), not before', () => {
    const { bench, caseId, docId } = withCase([ANA, BO, CY, DEE, EVE]);
    clear(bench, caseId, ANA, BO, CY, DEE, EVE);
    expect(open(bench, caseId, ANA).lines[0]).toContain('It passes with 3 approvals.');
    ballot(bench, caseId, ANA, 'approve');
    ballot(bench, caseId, CY, 'approve');
    expect(bench.registry('Votes')[0].Outcome).toBe('open');
    expect(phase(bench, caseId)).toBe('voting');

    expect(ballot(bench, caseId, DEE, 'approve').lines).toContain(
      'With your vote the vote passed. The members cleared for this case have been told.',
    );
    const [row] = bench.registry('Votes');
    expect(row.Outcome).toBe('passed');
    expect(JSON.parse(row.Ballots)).toEqual({ tally: { approve: 3, reject: 0, abstain: 0 } });
    expect(phase(bench, caseId)).toBe('vote-passed');
    expect(bench.ws.data.doc(docId).text).toMatch(
      /Approve: 3; reject: 0; abstain: 0; not voted: 1; needed to pass: 3 of 4 eligible\./,
    );
    // Every cleared active member hears the result, the adviser included.
    expect(
      bench
        .registry('Outbox')
        .filter((o) => o.Kind === 'vote-result')
        .map((o) => o.To)
        .sort(),
    ).toEqual([ANA, BO, CY, DEE, EVE].map((m) => m.email).sort());
    // A late ballot is refused.
    expect(ballot(bench, caseId, EVE, 'reject')).toMatchObject({
      ok: false,
      heading: 'This vote is closed',
      lines: ['If you voted before it closed, that vote counted; nothing was recorded now.'],
    });
  });

  test('an adviser cleared for the case cannot vote', () => {
    const { bench, caseId } = withCase([ANA, BO, CY]);
    clear(bench, caseId, ANA, BO, CY);
    open(bench, caseId, ANA);
    expect(ballot(bench, caseId, BO, 'approve')).toMatchObject({
      ok: false,
      lines: ['You are not one of the eligible voters of this vote.'],
    });
    expect(JSON.parse(bench.registry('Votes')[0].Ballots)).toEqual({});
    expect(bench.registry('Audit').filter((a) => a.Event.startsWith('vote.ballot'))).toEqual([]);
  });

  test('a vote out of reach fails before everyone has voted, and the case goes back to deliberation', () => {
    const { bench, caseId } = withCase([ANA, CY, DEE, EVE]);
    clear(bench, caseId, ANA, CY, DEE, EVE);
    open(bench, caseId, ANA);
    ballot(bench, caseId, ANA, 'reject');
    expect(bench.registry('Votes')[0].Outcome).toBe('open');
    ballot(bench, caseId, CY, 'abstain');
    expect(bench.registry('Votes')[0].Outcome).toBe('failed');
    expect(phase(bench, caseId)).toBe('vote-failed');
    // A new vote may be opened after a failed one.
    expect(open(bench, caseId, CY)).toMatchObject({ ok: true });
    expect(bench.registry('Votes').map((v) => v.Outcome)).toEqual(['failed', 'open']);
  });

  test('a changed ballot is what counts; repeating it changes nothing', () => {
    const { bench, caseId } = withCase([ANA, CY, DEE, EVE]);
    clear(bench, caseId, ANA, CY, DEE, EVE);
    open(bench, caseId, ANA);
    ballot(bench, caseId, ANA, 'approve');
    ballot(bench, caseId, ANA, 'reject');
    expect(ballot(bench, caseId, ANA, 'reject').lines).toEqual(['You voted: reject. Nothing changed.']);
    // Two cast (the repeat is not one); `#` is the ballot mark's count (ADV-553).
    const { '#': cast, ...ballots } = JSON.parse(bench.registry('Votes')[0].Ballots) as Record<string, unknown>;
    expect([Object.values(ballots), cast]).toEqual([['reject'], 2]);
    expect(
      bench
        .registry('Audit')
        .filter((a) => a.Event.startsWith('vote.ballot'))
        .map((a) => a.Event),
    ).toEqual(['vote.ballot-cast', 'vote.ballot-changed']);
  });
});

describe('when a vote may open', () => {
  test('by default it waits for every voting member to answer screening, or for the 72-hour window to end', () => {
    const { bench, caseId } = withCase([ANA, CY, DEE], {});
    clear(bench, caseId, ANA, CY);
    const early = open(bench, caseId, ANA);
    expect(early.ok).toBe(false);
    expect(early.lines[0]).toMatch(
      /^1 voting member\(s\) have not answered screening yet\. A vote opens when every voting member has answered, or after the screening window ends/,
    );
    expect(bench.registry('Votes')).toEqual([]);
    // Once the silent member answers, the vote opens at once.
    clear(bench, caseId, DEE);
    expect(open(bench, caseId, ANA)).toMatchObject({ ok: true });
    expect(JSON.parse(bench.registry('Votes')[0].Eligible)).toHaveLength(3);
  });

  test('after the window a vote opens with the members cleared so far', () => {
    const { bench, caseId } = withCase([ANA, CY, DEE], {});
    clear(bench, caseId, ANA, CY);
    bench.ws.rt.advanceClock(71 * 3600 * 1000);
    expect(open(bench, caseId, ANA).ok).toBe(false);
    bench.ws.rt.advanceClock(2 * 3600 * 1000);
    expect(open(bench, caseId, ANA)).toMatchObject({ ok: true });
    expect(JSON.parse(bench.registry('Votes')[0].Eligible)).toHaveLength(2);
  });

  test('nobody decides alone: with one eligible voter no vote opens, whatever the window', () => {
    const { bench, caseId } = withCase([ANA, CY]);
    clear(bench, caseId, ANA);
    conflict(bench, caseId, CY);
    const refused = open(bench, caseId, ANA);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.lines[0]).toMatch(
      /^Only 1 voting member\(s\) without a conflict can vote on this case, and a vote needs at least 2/,
    );
    expect(bench.registry('Votes')).toEqual([]);
    expect(phase(bench, caseId)).not.toBe('voting');
  });
});
