// The letter and the follow-up in-process: the letter waits for a passed vote and the moderators' acceptance (or an override), goes once to one address that is not the reporter's; the follow-up then goes to the reporter and resolves the case.
import { setup } from '../../src/entrypoints/setup';
import { sendFollowUp } from '../../src/flows/follow-up';
import { recordOverride, sendLetter } from '../../src/flows/letters';
import { moderatorById, recordModeratorAnswer, sendRecommendation } from '../../src/flows/moderators';
import { recordNoConflict } from '../../src/flows/screening';
import { castBallot, openVote, type ActionResult } from '../../src/flows/vote';
import { casesOf, type Case } from '../../src/records/cases';
import { clearancesOf } from '../../src/records/clearances';
import { votesOf } from '../../src/records/votes';
import type { Context } from '../../src/workspace/context';
import { flowBench, typeSetting, type FlowBench, type MemberSpec } from '../support/in-process';

const ANA: MemberSpec = { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' };
const CY: MemberSpec = { name: 'Cy Park', email: 'cy@example.org', role: 'voting' };
const SPACE = 'Discourse';
const MOD = 'mods@example.org';
const REPORTER = 'rita.quell@example.net';
const REPORTED = 'sam@example.com';
const PLAN = 'Do not send private messages to people who have not asked for them.';
const CONSEQUENCES = 'A written warning.';
const LETTER = 'You sent repeated unsolicited private messages.\nImpact: people feel unwelcome and stop taking part.';
const FOLLOW_UP = 'Thank you for your report. The person received a written warning and a behaviour plan.';
const SECTIONS = {
  plan: 'Proposed behavioral modification plan',
  consequences: 'Proposed consequences',
  letter: 'Letter to the reported person',
  followUp: 'Follow-up to the reporter',
};

function onCase<T>(bench: FlowBench, caseId: string, fn: (ctx: Context, state: Case) => T): T {
  return bench.flow((ctx) => fn(ctx, casesOf(ctx).find(caseId)!));
}

function memberId(bench: FlowBench, m: MemberSpec): string {
  return bench.registry('Members').find((r) => r.Email === m.email)!['Member ID'];
}

/** A case in a space with one moderator, both members cleared, every section written, the vote passed and the recommendation sent. */
function recommendedCase(): { bench: FlowBench; caseId: string; docId: string } {
  const bench = flowBench({ members: [ANA, CY] });
  typeSetting(bench, `Space: ${SPACE}`, MOD);
  bench.run(() => setup(), { name: 'setup' });
  const { caseId } = bench.report({
    'Your name': 'Rita Quell',
    'Your email address': REPORTER,
    'Who was involved?': 'Sam Doe',
    'What happened?': 'Sam kept sending me private messages after I asked him to stop.',
    'Where did it happen?': SPACE,
  });
  const docId = bench.registry('Cases')[0]['Doc ID'];
  for (const m of [ANA, CY])
    onCase(bench, caseId, (ctx, state) => recordNoConflict(ctx, state, ctx.committee.byEmail(m.email)!, 'screening'));
  bench.ws.data.ui.writeDocSection(ANA.email, docId, SECTIONS.plan, PLAN);
  bench.ws.data.ui.writeDocSection(ANA.email, docId, SECTIONS.consequences, CONSEQUENCES);
  bench.ws.data.ui.writeDocSection(ANA.email, docId, SECTIONS.letter, LETTER);
  bench.ws.data.ui.writeDocSection(ANA.email, docId, SECTIONS.followUp, FOLLOW_UP);
  onCase(bench, caseId, (ctx, state) => openVote(ctx, state, clearancesOf(ctx), memberId(bench, ANA)));
  for (const m of [ANA, CY])
    onCase(bench, caseId, (ctx, state) =>
      castBallot(ctx, state, clearancesOf(ctx), votesOf(ctx).latest(caseId)!, memberId(bench, m), 'approve'),
    );
  onCase(bench, caseId, (ctx, state) => sendRecommendation(ctx, state, clearancesOf(ctx), memberId(bench, ANA)));
  expect(bench.registry('Moderation').map((m) => m.Moderator)).toEqual([MOD]);
  return { bench, caseId, docId };
}

function accept(bench: FlowBench, caseId: string): void {
  const id = bench.registry('Moderation')[0]['Moderator ID'];
  onCase(bench, caseId, (ctx, state) =>
    recordModeratorAnswer(ctx, state, clearancesOf(ctx), moderatorById(ctx, caseId, id), 'accept', ''),
  );
}

function letter(bench: FlowBench, caseId: string, to: string, by: MemberSpec = ANA): ActionResult {
  return onCase(bench, caseId, (ctx, state) => sendLetter(ctx, state, clearancesOf(ctx), memberId(bench, by), to));
}

function followUp(bench: FlowBench, caseId: string, by: MemberSpec = CY): ActionResult {
  return onCase(bench, caseId, (ctx, state) => sendFollowUp(ctx, state, clearancesOf(ctx), memberId(bench, by)));
}

function phase(bench: FlowBench, caseId: string): string {
  return onCase(bench, caseId, (_ctx, state) => state.phase);
}

function outbox(bench: FlowBench, kind: string) {
  return bench.registry('Outbox').filter((o) => o.Kind === kind);
}

describe('the letter to the reported person', () => {
  test('waits for the moderators: refused while they have not answered, nothing queued', () => {
    const { bench, caseId } = recommendedCase();
    expect(letter(bench, caseId, REPORTED)).toMatchObject({
      ok: false,
      lines: [expect.stringMatching(/^The moderators have not accepted the recommendation yet\./)],
    });
    expect(outbox(bench, 'letter')).toEqual([]);
    expect(phase(bench, caseId)).toBe('awaiting-moderators');
  });

  test("after the moderators' acceptance it is queued once, at most once, to the address typed, and the Doc records it", () => {
    const { bench, caseId, docId } = recommendedCase();
    accept(bench, caseId);
    expect(letter(bench, caseId, REPORTED)).toMatchObject({ ok: true, heading: 'The letter is on its way' });

    const rows = outbox(bench, 'letter');
    expect(rows.map((o) => [o.To, o.Delivery, o.State])).toEqual([[REPORTED, 'at-most-once', 'pending']]);
    expect(rows[0].Body).toContain('You sent repeated unsolicited private messages.');
    expect(rows[0].Body).toContain('people feel unwelcome and stop taking part.');
    expect(rows[0].Body).toContain(PLAN);
    expect(rows[0].Body).not.toMatch(/Rita|Quell|rita\.quell/);
    expect(bench.ws.data.doc(docId).text).toContain(`Letter sent to the reported person (${REPORTED}) by Ana Lima.`);
    expect(phase(bench, caseId)).toBe('letter-sent');
    // A second send, even to another address, makes no second letter.
    expect(letter(bench, caseId, 'other@example.com', CY)).toMatchObject({
      ok: false,
      lines: ['The letter has already been sent. It is sent only once.'],
    });
    expect(outbox(bench, 'letter')).toHaveLength(1);
  });

  test("never goes to the reporter's address, nor to more than one address", () => {
    const { bench, caseId } = recommendedCase();
    accept(bench, caseId);
    expect(letter(bench, caseId, REPORTER.toUpperCase()).lines[0]).toMatch(
      /belongs to someone the committee must protect/,
    );
    expect(letter(bench, caseId, `${REPORTED}, x@example.com`).lines).toEqual([
      'Type exactly one email address: the letter goes to the reported person alone.',
    ]);
    expect(outbox(bench, 'letter')).toEqual([]);
    expect(phase(bench, caseId)).toBe('moderators-accepted');
  });

  test('an override two members record while the moderators stay silent opens the gate, and the Doc names who decided', () => {
    const { bench, caseId, docId } = recommendedCase();
    const override = (m: MemberSpec) =>
      onCase(bench, caseId, (ctx, state) => recordOverride(ctx, state, clearancesOf(ctx), memberId(bench, m)));
    expect(override(CY)).toMatchObject({ ok: true, heading: 'A second member must confirm it' });
    expect(override(CY)).toMatchObject({ ok: false, lines: ['A second member must confirm it.'] });
    expect(phase(bench, caseId)).not.toBe('moderators-accepted');
    expect(override(ANA)).toMatchObject({ ok: true, heading: 'Override recorded' });
    expect(bench.ws.data.doc(docId).text).toContain(
      "Override proposed by Cy Park and confirmed by Ana Lima: the letter may be sent without the moderators' acceptance.",
    );
    expect(phase(bench, caseId)).toBe('moderators-accepted');
    expect(letter(bench, caseId, REPORTED)).toMatchObject({ ok: true });
    expect(outbox(bench, 'letter').map((o) => o.To)).toEqual([REPORTED]);
  });
});

describe('the follow-up to the reporter', () => {
  test('comes after the letter: refused before it, then queued to the address on file and the case resolved', () => {
    const { bench, caseId, docId } = recommendedCase();
    accept(bench, caseId);
    expect(followUp(bench, caseId).lines[0]).toMatch(/^The follow-up comes after the letter/);
    expect(outbox(bench, 'follow-up')).toEqual([]);

    letter(bench, caseId, REPORTED);
    expect(followUp(bench, caseId)).toMatchObject({ ok: true, heading: 'The follow-up is on its way' });
    const rows = outbox(bench, 'follow-up');
    expect(rows.map((o) => [o.To, o.Delivery, o.State])).toEqual([[REPORTER, 'at-least-once', 'pending']]);
    expect(rows[0].Body).toContain(FOLLOW_UP);
    expect(bench.ws.data.doc(docId).text).toContain(
      'The text above was sent to the reporter (address on file) by Cy Park.',
    );
    expect(phase(bench, caseId)).toBe('resolved');
    expect(followUp(bench, caseId, ANA).lines).toEqual(['The follow-up has already been sent.']);
    expect(outbox(bench, 'follow-up')).toHaveLength(1);
  });
});
