// Scenario validation: defaults, durations, and messages that name the bad field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError, parseDuration, parseScenarioText, validateScenario } from '../../scripts/scenario/schema';

const OWNER = 'conduct@example.org';

function problemsOf(raw: unknown): string[] {
  try {
    validateScenario(raw);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  throw new Error('expected the scenario to be rejected');
}

const report = { report: { 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies.' } };

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000], ['2h', 7_200_000], ['1d', 86_400_000], ['1w', 604_800_000], ['1d12h', 129_600_000], ['90s', 90_000], ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '2', 'h', '2 days', '-1h', '1y'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });
});

describe('validateScenario', () => {
  it('fills the documented defaults', () => {
    const s = validateScenario({ owner: OWNER, committee: [{ name: 'Ana Lima', email: 'ana@example.org' }], steps: [report, { onboard: { member: 'ana@example.org' } }] });
    expect(s.start).toBe('2026-03-02T09:00:00Z');
    expect(s.committee[0]).toEqual({ name: 'Ana Lima', email: 'ana@example.org', role: 'voting', active: true });
    expect(s.faults).toEqual([]);
    expect(s.spaces).toEqual([]);
    expect(s.steps[0]).toMatchObject({ index: 0, action: 'report' });
    expect(s.steps[1]).toMatchObject({ action: 'onboard', payload: { member: 'ana@example.org', noConflict: [], conflict: [] } });
  });

  it('accepts the example of DESIGN §9 as written', () => {
    const design = {
      start: '2026-03-02T09:00:00Z', owner: OWNER,
      committee: [{ name: 'Ana Lima', email: 'ana@example.org', role: 'voting' }, { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' }],
      spaces: [{ name: 'Discourse', moderators: ['mods@example.org'] }],
      settings: { acknowledgeWithinHours: 24, followUpWithinDays: 7, moderatorsWithinDays: 7 },
      faults: [{ call: 'MailApp.sendEmail', nth: 3, message: 'Service invoked too many times for one day: email.' }],
      steps: [
        { report: { 'Your email address': 'r@example.net', 'Who was involved?': 'Sam Doe', 'What happened?': '…' }, deliveries: 2 },
        { after: '2h', respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
        { after: '1d', openVote: { member: 'ana@example.org', case: 1 } },
        { vote: { member: 'ana@example.org', case: 1, choice: 'approve' } },
        { writeDoc: { member: 'ana@example.org', case: 1, section: 'Proposed consequences', text: 'A written warning.' } },
        { sendRecommendation: { member: 'ana@example.org', case: 1 } },
        { moderatorReply: { moderator: 'mods@example.org', case: 1, answer: 'accept' } },
        { sendLetter: { member: 'ana@example.org', case: 1, to: 'sam@example.net' } },
        { sendFollowUp: { member: 'ana@example.org', case: 1 } },
        { edit: { tab: 'Cases', case: 1, column: 'Status', value: 'Resolved' } },
        { edit: { tab: 'Committee', member: 'bo@example.org', column: 'Active', value: false } },
        { after: '8d' },
      ],
    };
    const s = validateScenario(design);
    expect(s.steps.map((st) => st.action)).toEqual([
      'report', 'respond', 'openVote', 'vote', 'writeDoc', 'sendRecommendation', 'moderatorReply', 'sendLetter', 'sendFollowUp', 'edit', 'edit', null,
    ]);
    expect(s.steps[0].deliveries).toBe(2);
  });

  it('names the bad enum value with its allowed values', () => {
    const problems = problemsOf({ owner: OWNER, steps: [report, { after: '1h' }, { after: '1h' }, { respond: { member: 'ana@example.org', case: 1, answer: 'maybe' } }] });
    expect(problems).toEqual(['steps[3].respond.answer must be one of no-conflict, conflict']);
  });

  it('names missing fields, wrong types, unknown fields and bad emails', () => {
    const problems = problemsOf({
      owner: 'not-an-email',
      committee: [{ name: 'Ana', email: 'ana@example.org', role: 'chair' }],
      steps: [report, { vote: { member: 'ana@example.org', case: 1 } }, { edit: { tab: 'Cases', case: 1, column: 'Status', value: null } }, { frob: 1 }],
      extra: true,
    });
    expect(problems).toEqual(expect.arrayContaining([
      'owner must be an email address',
      'committee[0].role must be one of voting, adviser',
      'extra is not a known field',
      'steps[1].vote.choice is required (one of approve, reject, abstain)',
      'steps[2].edit.value must be a string, a number or true/false',
    ]));
    expect(problems.some((p) => p.startsWith('steps[3].frob is not a known field'))).toBe(true);
    expect(problemsOf({ owner: OWNER, steps: [{ setup: 'yes' }] })).toEqual(['steps[0].setup must be true']);
  });

  it('rejects a case number that no earlier report gives', () => {
    const problems = problemsOf({ owner: OWNER, steps: [report, { respond: { member: 'ana@example.org', case: 2, answer: 'conflict' } }] });
    expect(problems).toEqual(['steps[1].respond.case refers to report 2, but only 1 report(s) come before this step']);
  });

  it('rejects a question that is not on the Form, quoting the title', () => {
    const problems = problemsOf({ owner: OWNER, steps: [{ report: { 'Who was invlved?': 'Sam' } }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^steps\[0\]\.report\["Who was invlved\?"\] is not a question on the report Form/);
  });

  it('rejects durations, several actions, deliveries without a report, and empty steps', () => {
    const problems = problemsOf({
      owner: OWNER,
      steps: [{ after: '2 days' }, { blankEvent: true, scan: { member: 'a@example.org' } }, { scan: { member: 'a@example.org' }, deliveries: 2 }, {}],
    });
    expect(problems).toEqual(expect.arrayContaining([
      'steps[0].after must be a duration like 30m, 2h, 1d, 1w or 1d12h',
      'steps[1] has several actions (blankEvent, scan); put each in its own step',
      'steps[2].deliveries only goes with report',
    ]));
    expect(problems.some((p) => p.startsWith('steps[3] does nothing'))).toBe(true);
  });

  it('rejects duplicate members, faults without a selector, and an edit without a row selector', () => {
    const problems = problemsOf({
      owner: OWNER,
      committee: [{ name: 'A', email: 'a@example.org' }, { name: 'B', email: 'A@example.org' }],
      faults: [{ call: 'MailApp.sendEmail' }],
      steps: [{ edit: { tab: 'Settings', column: 'Value', value: 3 } }],
    });
    expect(problems).toEqual(expect.arrayContaining([
      'committee[1].email duplicates committee[0].email',
      'faults[0] needs exactly one of nth or chance',
      'steps[0].edit needs exactly one of case, member, setting or row to find the row',
    ]));
  });

  it('requires owner and steps', () => {
    expect(problemsOf({})).toEqual(['owner is required', 'steps is required']);
    expect(problemsOf([])).toEqual(['the scenario must be a JSON object']);
  });

  it('reports a JSON syntax error with its source name', () => {
    expect(() => parseScenarioText('{ "owner": ', 'broken.json')).toThrow(/broken\.json is not valid JSON/);
  });
});

describe('the shipped examples', () => {
  const dir = join(__dirname, '..', '..', 'examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('include the built-in rehearsal and at least two more', () => {
    expect(files).toContain('rehearsal.json');
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s is a valid scenario', (file) => {
    const s = parseScenarioText(readFileSync(join(dir, file), 'utf8'), file);
    expect(s.steps.length).toBeGreaterThan(0);
  });

  it('the rehearsal covers what issue 2 asks of it', () => {
    const s = parseScenarioText(readFileSync(join(dir, 'rehearsal.json'), 'utf8'));
    const actions = new Set(s.steps.map((st) => st.action));
    for (const a of ['report', 'respond', 'openVote', 'vote', 'sendRecommendation', 'moderatorReply', 'sendLetter', 'sendFollowUp', 'addMember', 'onboard', 'scan', 'writeDoc', 'edit']) {
      expect(actions).toContain(a);
    }
    const reports = s.steps.filter((st) => st.action === 'report');
    expect(reports.some((st) => (st.deliveries ?? 1) > 1)).toBe(true);
    expect(reports.some((st) => st.action === 'report' && !('Your email address' in st.payload) && !('Your name' in st.payload))).toBe(true);
    expect(reports.some((st) => st.action === 'report' && st.payload['Is anyone in immediate danger?'] === 'Yes')).toBe(true);
    expect(s.steps.some((st) => st.action === 'moderatorReply' && st.payload.answer === 'disagree')).toBe(true);
    expect(s.steps.some((st) => st.action === 'respond' && st.payload.answer === 'conflict')).toBe(true);
    // One member never answers anything.
    const acting = new Set(s.steps.flatMap((st) => (st.action && st.action !== 'scan' && 'member' in (st.payload as object) ? [(st.payload as { member: string }).member] : [])));
    expect(s.committee.some((m) => !acting.has(m.email))).toBe(true);
    const days = s.steps.reduce((ms, st) => ms + (st.after ? parseDuration(st.after) : 0), 0) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(14);
  });
});
