// The recommendation to moderators in-process: after a passed vote the plan and consequences go, once, to each moderator of the case's space (Settings `Space: <name>`); a moderator's accept moves the case on to the letter.
import type { Choice } from '../../src/core/votes';
import { setup } from '../../src/entrypoints/setup';
import { moderatorById, recordModeratorAnswer, sendRecommendation } from '../../src/flows/moderators';
import { recordNoConflict } from '../../src/flows/screening';
import { castBallot, openVote, type ActionResult } from '../../src/flows/vote';
import { casesOf, type Case } from '../../src/records/cases';
import { clearancesOf } from '../../src/records/clearances';
import { votesOf } from '../../src/records/votes';
import type { Context } from '../../src/workspace/context';
import { flowBench, OWNER, typeSetting, type FlowBench, type MemberSpec } from '../support/in-process';

const ANA: MemberSpec = { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' };
const CY: MemberSpec = { name: 'Cy Park', email: 'cy@example.org', role: 'voting' };
const DEE: MemberSpec = { name: 'Dee Ford', email: 'dee@example.org', role: 'voting' };
const SPACE = 'Discourse';
const MODS = ['mods@example.org', 'lead-mod@example.org'];
const PLAN = 'Do not send private messages to people who have not asked for them.';
const CONSEQUENCES = 'A written warning.';
const BEHAVIOUR = 'Replies in the forum were dismissive of other contributors, twice.';
const REPORT = {
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Rude replies in the forum, twice.',
  'Where did it happen?': SPACE,
};

function onCase<T>(bench: FlowBench, caseId: string, fn: (ctx: Context, state: Case) => T): T {
  return bench.flow((ctx) => fn(ctx, casesOf(ctx).find(caseId)!));
}

function memberId(bench: FlowBench, m: MemberSpec): string {
  return bench.registry('Members').find((r) => r.Email === m.email)!['Member ID'];
}

/**
 * A committee with the space and its moderators in Settings (setup re-run, as the owner does, so the Form offers
 * it), a case reported in that space, everyone cleared, the plan and consequences written and the vote passed.
 */
function passedCase(): { bench: FlowBench; caseId: string; docId: string } {
  const bench = flowBench({ members: [ANA, CY, DEE] });
  typeSetting(bench, `Space: ${SPACE}`, MODS.join(', '));
  bench.run(() => setup(), { name: 'setup' });
  const { caseId } = bench.report(REPORT);
  const docId = bench.registry('Cases')[0]['Doc ID'];
  for (const m of [ANA, CY, DEE])
    onCase(bench, caseId, (ctx, state) => recordNoConflict(ctx, state, ctx.committee.byEmail(m.email)!, 'screening'));
  bench.ws.data.ui.writeDocSection(ANA.email, docId, 'Proposed behavioral modification plan', PLAN);
  bench.ws.data.ui.writeDocSection(ANA.email, docId, 'Proposed consequences', CONSEQUENCES);
  bench.ws.data.ui.writeDocSection(ANA.email, docId, 'Letter to the reported person', BEHAVIOUR);
  onCase(bench, caseId, (ctx, state) => openVote(ctx, state, clearancesOf(ctx), memberId(bench, ANA)));
  for (const m of [ANA, CY]) {
    onCase(bench, caseId, (ctx, state) =>
      castBallot(ctx, state, clearancesOf(ctx), votesOf(ctx).latest(caseId)!, memberId(bench, m), 'approve' as Choice),
    );
  }
  expect(bench.registry('Votes')[0].Outcome).toBe('passed');
  return { bench, caseId, docId };
}

function recommend(bench: FlowBench, caseId: string, by: MemberSpec): ActionResult {
  return onCase(bench, caseId, (ctx, state) => sendRecommendation(ctx, state, clearancesOf(ctx), memberId(bench, by)));
}

function moderatorIdOf(bench: FlowBench, email: string): string {
  return bench.registry('Moderation').find((m) => m.Moderator === email)!['Moderator ID'];
}

function answer(bench: FlowBench, caseId: string, email: string, choice: string, details = ''): ActionResult {
  const id = moderatorIdOf(bench, email);
  return onCase(bench, caseId, (ctx, state) =>
    recordModeratorAnswer(ctx, state, clearancesOf(ctx), moderatorById(ctx, caseId, id), choice, details),
  );
}

function phase(bench: FlowBench, caseId: string): string {
  return onCase(bench, caseId, (_ctx, state) => state.phase);
}

describe('the recommendation to moderators', () => {
  test('after a passed vote it is queued once to each moderator of the space, at most once, and the Doc records it', () => {
    const { bench, caseId, docId } = passedCase();
    expect(recommend(bench, caseId, CY)).toMatchObject({ ok: true, heading: 'The recommendation is on its way' });

    expect(bench.registry('Moderation').map((m) => [m['Case ID'], m.Moderator, m.Space, m.Answer])).toEqual(
      MODS.map((email) => [caseId, email, SPACE, '']),
    );
    const outbox = bench.registry('Outbox').filter((o) => o.Kind === 'recommendation');
    expect(outbox.map((o) => [o.To, o.Delivery, o.State])).toEqual(
      MODS.map((email) => [email, 'at-most-once', 'pending']),
    );
    for (const row of outbox) {
      expect(row.Body).toContain(PLAN);
      expect(row.Body).toContain(CONSEQUENCES);
      // Whom and what it is about (the reported person, the behaviour in the committee's neutral words, a reference),
      // never the report's own words.
      expect(row.Body).toContain('Whose behavior:\nSam Doe');
      expect(row.Body).toContain(BEHAVIOUR);
      expect(row.Body).toMatch(/quote our reference CD-[0-9A-F]{8}\./);
      expect(row.Body).not.toMatch(/Rude replies/);
    }
    expect(bench.ws.data.doc(docId).text).toContain(
      `Recommendation sent to the moderators of ${SPACE} (2 addresses): ${MODS.join(', ')}.`,
    );
    expect(phase(bench, caseId)).toBe('awaiting-moderators');
    // Once per passed vote.
    expect(recommend(bench, caseId, ANA)).toMatchObject({
      ok: false,
      lines: ['The recommendation for this vote has already been sent.'],
    });
    expect(bench.registry('Outbox').filter((o) => o.Kind === 'recommendation')).toHaveLength(2);
    expect(bench.registry('Moderation')).toHaveLength(2);
  });

  test('a case in a space Settings do not list is refused, with nothing queued', () => {
    const { bench, caseId } = passedCase();
    // The owner renames the space in Settings after the report came in.
    const row = bench.ws.data.sheet(bench.ids.status, 'Settings').rows.findIndex((r) => r[0] === `Space: ${SPACE}`) + 1;
    bench.ws.data.ui.editCell(OWNER, bench.ids.status, 'Settings', row, 1, 'Space: Matrix');
    expect(recommend(bench, caseId, ANA)).toMatchObject({ ok: false });
    expect(recommend(bench, caseId, ANA).lines[0]).toContain('Settings list no moderators for the space "Discourse"');
    expect(bench.registry('Moderation')).toEqual([]);
    expect(bench.registry('Outbox').filter((o) => o.Kind === 'recommendation')).toEqual([]);
    expect(phase(bench, caseId)).toBe('vote-passed');
  });
});

describe("a moderator's answer", () => {
  test('an acceptance is recorded with its date, moves the case on to the letter and tells the cleared members', () => {
    const { bench, caseId, docId } = passedCase();
    recommend(bench, caseId, ANA);
    expect(answer(bench, caseId, MODS[1], 'accept')).toMatchObject({ ok: true, heading: 'Thank you' });

    const row = bench.registry('Moderation').find((m) => m.Moderator === MODS[1])!;
    expect(row.Answer).toBe('accept');
    expect(row['Answered At']).not.toBe('');
    expect(bench.registry('Moderation').find((m) => m.Moderator === MODS[0])!.Answer).toBe('');
    expect(phase(bench, caseId)).toBe('moderators-accepted');
    expect(bench.ws.data.doc(docId).text).toContain(`A moderator accepted the recommendation (${MODS[1]}, ${SPACE}).`);
    expect(
      bench
        .registry('Outbox')
        .filter((o) => o.Kind === 'alert' && /accepted the recommendation/.test(o.Subject + o.Body))
        .map((o) => o.To)
        .sort(),
    ).toEqual([ANA, CY, DEE].map((m) => m.email).sort());
    // Repeating it changes nothing.
    expect(answer(bench, caseId, MODS[1], 'accept').lines).toEqual([
      'Your answer was already recorded. Nothing changed.',
    ]);
    expect(bench.registry('Audit').filter((a) => a.Event === 'moderators.accept')).toHaveLength(1);
  });

  test('a disagreement needs details; with them the case goes to moderators-disagree', () => {
    const { bench, caseId, docId } = passedCase();
    recommend(bench, caseId, ANA);
    expect(answer(bench, caseId, MODS[0], 'disagree')).toMatchObject({
      ok: false,
      lines: ['Please tell the committee why you disagree: the details are required.'],
    });
    expect(bench.registry('Moderation').every((m) => m.Answer === '')).toBe(true);
    answer(bench, caseId, MODS[0], 'disagree', 'A warning is too mild for a repeat.');
    expect(phase(bench, caseId)).toBe('moderators-disagree');
    expect(bench.ws.data.doc(docId).text).toContain('Their words: A warning is too mild for a repeat.');
    // Another moderator accepting while one disagrees does not move the case on.
    answer(bench, caseId, MODS[1], 'accept');
    expect(phase(bench, caseId)).toBe('moderators-disagree');
  });
});
