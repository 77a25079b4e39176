// Scenario validation: defaults, durations, who may act in a step, JSON syntax errors by line and column, and messages that name the bad field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTION_NAMES,
  ACTION_SCHEMAS,
  ScenarioError,
  parseDuration,
  parseScenarioText,
  validateScenario,
} from '../../scripts/scenario/schema';
import { CASE_OPS } from '../../src/flows/case-actions';

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
const committee = [{ name: 'Ana Lima', email: 'ana@example.org' }];

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1d12h', 129_600_000],
    ['90s', 90_000],
    ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '2', 'h', '2 days', '-1h', '1y'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });
});

describe('validateScenario', () => {
  it('fills the documented defaults', () => {
    const s = validateScenario({
      owner: OWNER,
      committee: [{ name: 'Ana Lima', email: 'ana@example.org' }],
      steps: [report, { onboard: { member: 'ana@example.org' } }],
    });
    expect(s.start).toBe('2026-03-02T09:00:00Z');
    expect(s.committee[0]).toEqual({ name: 'Ana Lima', email: 'ana@example.org', role: 'voting', active: true });
    expect(s.faults).toEqual([]);
    expect(s.spaces).toEqual([]);
    expect(s.steps[0]).toMatchObject({ index: 0, action: 'report' });
    expect(s.steps[1]).toMatchObject({
      action: 'onboard',
      payload: { member: 'ana@example.org', noConflict: [], conflict: [] },
    });
  });

  it('accepts the example of DESIGN §9 as written', () => {
    const design = {
      start: '2026-03-02T09:00:00Z',
      owner: OWNER,
      committee: [
        { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' },
        { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' },
      ],
      spaces: [{ name: 'Discourse', moderators: ['mods@example.org'] }],
      settings: { acknowledgeWithinHours: 24, followUpWithinDays: 7, moderatorsWithinDays: 7 },
      faults: [{ call: 'MailApp.sendEmail', nth: 3, message: 'Service invoked too many times for one day: email.' }],
      steps: [
        {
          report: { 'Your email address': 'r@example.net', 'Who was involved?': 'Sam Doe', 'What happened?': '…' },
          deliveries: 2,
        },
        { after: '2h', respond: { member: 'ana@example.org', case: 1, answer: 'no-conflict' } },
        { after: '1d', openVote: { member: 'ana@example.org', case: 1 } },
        { vote: { member: 'ana@example.org', case: 1, choice: 'approve' } },
        {
          writeDoc: {
            member: 'ana@example.org',
            case: 1,
            section: 'Proposed consequences',
            text: 'A written warning.',
          },
        },
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
      'report',
      'respond',
      'openVote',
      'vote',
      'writeDoc',
      'sendRecommendation',
      'moderatorReply',
      'sendLetter',
      'sendFollowUp',
      'edit',
      'edit',
      null,
    ]);
    expect(s.steps[0].deliveries).toBe(2);
  });

  it('takes the account language at the top level, en or fr, and names any other', () => {
    expect(validateScenario({ owner: OWNER, locale: 'fr', steps: [] }).locale).toBe('fr');
    expect(validateScenario({ owner: OWNER, steps: [] }).locale).toBeUndefined();
    expect(problemsOf({ owner: OWNER, locale: 'de', steps: [] })).toEqual(['locale must be one of en, fr']);
  });

  it('offers as caseAction every case-page op that takes no field and has no step of its own, and no other', () => {
    const ops = ACTION_SCHEMAS.caseAction.shape.op.options;
    // Steps of their own (they carry fields or follow a link other than the case page's form).
    const ownStep = ['open-vote', 'send-recommendation', 'send-letter', 'send-follow-up', 'call-meeting'];
    // Ops whose form carries a typed field no caseAction step gives.
    const withFields = ['send-letter-again', 'reporter-address'];
    expect([...ops].sort()).toEqual(CASE_OPS.filter((op) => ![...ownStep, ...withFields].includes(op)).sort());
  });

  it('names the bad enum value with its allowed values', () => {
    const problems = problemsOf({
      owner: OWNER,
      committee,
      steps: [
        report,
        { after: '1h' },
        { after: '1h' },
        { respond: { member: 'ana@example.org', case: 1, answer: 'maybe' } },
      ],
    });
    expect(problems).toEqual(['steps[3].respond.answer must be one of no-conflict, conflict']);
  });

  it('names missing fields, wrong types, unknown fields and bad emails', () => {
    const problems = problemsOf({
      owner: 'not-an-email',
      committee: [{ name: 'Ana', email: 'ana@example.org', role: 'chair' }],
      steps: [
        report,
        { vote: { member: 'ana@example.org', case: 1 } },
        { edit: { tab: 'Cases', case: 1, column: 'Status', value: null } },
        { frob: 1 },
      ],
      extra: true,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'owner must be an email address',
        'committee[0].role must be one of voting, adviser',
        'extra is not a known field',
        'steps[1].vote.choice is required (one of approve, reject, abstain)',
        'steps[2].edit.value must be a string, a number or true/false, or a list of rows of them (a paste)',
      ]),
    );
    expect(problems.some((p) => p.startsWith('steps[3].frob is not a known field'))).toBe(true);
    expect(problemsOf({ owner: OWNER, steps: [{ setup: 'yes' }] })).toEqual(['steps[0].setup must be true']);
  });

  it('rejects a case number that no earlier report gives', () => {
    const problems = problemsOf({
      owner: OWNER,
      committee,
      steps: [report, { respond: { member: 'ana@example.org', case: 2, answer: 'conflict' } }],
    });
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
      steps: [
        { after: '2 days' },
        { blankEvent: true, scan: { member: 'a@example.org' } },
        { scan: { member: 'a@example.org' }, deliveries: 2 },
        {},
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'steps[0].after must be a duration like 30m, 2h, 1d, 1w or 1d12h',
        'steps[1] has several actions (blankEvent, scan); put each in its own step',
        'steps[2].deliveries only goes with report',
      ]),
    );
    expect(problems.some((p) => p.startsWith('steps[3] does nothing'))).toBe(true);
  });

  it('rejects duplicate members, faults without a selector, and an edit without a row selector', () => {
    const problems = problemsOf({
      owner: OWNER,
      committee: [
        { name: 'A', email: 'a@example.org' },
        { name: 'B', email: 'A@example.org' },
      ],
      faults: [{ call: 'MailApp.sendEmail' }],
      steps: [{ edit: { tab: 'Settings', column: 'Value', value: 3 } }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'committee[1].email duplicates committee[0].email',
        'faults[0] needs exactly one of nth or chance',
        'steps[0].edit needs exactly one of case, member, setting or row to find the row',
      ]),
    );
  });

  it('requires owner and steps', () => {
    expect(problemsOf({})).toEqual(['owner is required', 'steps is required']);
    expect(problemsOf([])).toEqual(['the scenario must be a JSON object']);
  });

  it('reports a JSON syntax error with its source name, line and column', () => {
    expect(() => parseScenarioText('{ "owner": ', 'broken.json')).toThrow(
      /broken\.json is not valid JSON: line 1, column 12: /,
    );
    const text = '{\n  "owner": "conduct@example.org",\n  "steps": [\n    { "after": "1h" },\n  ]\n}';
    let problems: string[] = [];
    try {
      parseScenarioText(text, 'trailing.json');
    } catch (err) {
      problems = (err as ScenarioError).problems;
    }
    expect(problems).toEqual([
      'trailing.json is not valid JSON: line 5, column 3: a comma before "]" with nothing after it (JSON allows no trailing comma)\n    5 |   ]\n      |   ^',
    ]);
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseScenarioText(`\uFEFF${JSON.stringify({ owner: OWNER, steps: [{ after: '1h' }] })}`).owner).toBe(OWNER);
  });
});

describe('who acts in a step', () => {
  const spaces = [{ name: 'Discourse', moderators: ['mods@example.org'] }];

  it('rejects a member who is not on the committee, in every step that names one, naming the field', () => {
    const stranger = 'zed@example.org';
    const steps = [
      report,
      { respond: { member: stranger, case: 1, answer: 'conflict' } },
      { openVote: { member: stranger, case: 1 } },
      { vote: { member: stranger, case: 1, choice: 'approve' } },
      { writeDoc: { member: stranger, case: 1, section: 'Committee discussions', text: 'x' } },
      { sendRecommendation: { member: stranger, case: 1 } },
      { sendLetter: { member: stranger, case: 1, to: 'sam@example.net' } },
      { sendFollowUp: { member: stranger, case: 1 } },
      { caseAction: { member: stranger, case: 1, op: 'escalate' } },
      { callMeeting: { member: stranger, case: 1, start: '2026-03-05T17:00:00Z', minutes: 60 } },
      { edit: { tab: 'Committee', member: stranger, column: 'Active', value: false } },
      { onboard: { member: stranger } },
      { scan: { member: stranger } },
      { proposeChange: { member: stranger, title: 't', text: 'x', days: 3 } },
      { changeVote: { member: stranger, proposal: 1, choice: 'approve' } },
      { recordReport: { member: stranger, answers: { 'What happened?': 'x' } } },
    ];
    const problems = problemsOf({ owner: OWNER, committee, spaces, steps });
    const actions = steps.slice(1).map((st) => Object.keys(st)[0]);
    expect(problems).toEqual(
      actions.map((action, i) =>
        expect.stringMatching(
          new RegExp(
            `^steps\\[${i + 1}\\]\\.${action}\\.member zed@example\\.org is not on the committee \\(not in committee, nor added by an earlier addMember step`,
          ),
        ),
      ),
    );
    // Every action whose schema has a member field is in this test, so a new one cannot go unchecked unnoticed.
    const withMember = ACTION_NAMES.filter(
      (a) => 'member' in ((ACTION_SCHEMAS[a] as unknown as { shape?: object }).shape ?? {}),
    );
    expect([...actions].sort()).toEqual([...withMember].sort());
  });

  it('takes a recordReport as a report: answers by Form title, the next case number, its reporter a mailbox', () => {
    const steps = [
      {
        recordReport: {
          member: 'ana@example.org',
          conflict: true,
          answers: { 'What happened?': 'x', 'Your email address': 'q@example.net' },
        },
      },
      { respond: { member: 'ana@example.org', case: 1, answer: 'conflict' } },
      { scan: { member: 'q@example.net' } },
    ];
    const scenario = validateScenario({ owner: OWNER, committee, spaces, steps });
    expect(scenario.steps[0]).toMatchObject({ action: 'recordReport', payload: { conflict: true } });
    const bad = problemsOf({
      owner: OWNER,
      committee,
      spaces,
      steps: [
        { recordReport: { member: 'ana@example.org', answers: { 'What hapened?': 'x' } } },
        { openVote: { member: 'ana@example.org', case: 2 } },
      ],
    });
    expect(bad.join('\n')).toMatch(
      /steps\[0\]\.recordReport\.answers\["What hapened\?"\] is not a question on the report Form/,
    );
    expect(bad.join('\n')).toMatch(/steps\[1\]\.openVote\.case refers to report 2, but only 1 report\(s\) come before/);
  });

  it('refuses a brainstorm outside 3 to 7 days and a proposal number below 1', () => {
    const member = committee[0].email;
    const problems = problemsOf({
      owner: OWNER,
      committee,
      spaces,
      steps: [
        { proposeChange: { member, title: 't', text: 'x', days: 8 } },
        { changeVote: { member, proposal: 0, choice: 'approve' } },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^steps\[0\]\.proposeChange\.days/),
      expect.stringMatching(/^steps\[1\]\.changeVote\.proposal/),
    ]);
  });

  it('compares addresses case-insensitively and counts members added by an earlier addMember step only', () => {
    expect(() =>
      validateScenario({
        owner: OWNER,
        committee,
        steps: [report, { respond: { member: 'Ana@Example.ORG', case: 1, answer: 'conflict' } }],
      }),
    ).not.toThrow();
    const gus = { name: 'Gus Ortiz', email: 'Gus@example.org' };
    const problems = problemsOf({
      owner: OWNER,
      committee,
      steps: [
        { onboard: { member: 'gus@example.org' } },
        { addMember: gus },
        { onboard: { member: 'gus@example.org' } },
        { scan: { member: 'GUS@example.org' } },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^steps\[0\]\.onboard\.member gus@example\.org is not on the committee/),
    ]);
  });

  it('counts a member whose addMember step has another mistake, so one typo gives one problem', () => {
    const problems = problemsOf({
      owner: OWNER,
      steps: [
        { addMember: { name: 'Gus Ortiz', email: 'gus@example.org', role: 'chair' } },
        { onboard: { member: 'gus@example.org' } },
      ],
    });
    expect(problems).toEqual(['steps[0].addMember.role must be one of voting, adviser']);
  });

  it("reports a wrong member together with the step's other problems, and suggests the nearest address", () => {
    const problems = problemsOf({
      owner: OWNER,
      committee,
      steps: [report, { vote: { member: 'anna@example.org', case: 1, choice: 'yes' } }],
    });
    expect(problems).toEqual([
      'steps[1].vote.choice must be one of approve, reject, abstain',
      'steps[1].vote.member anna@example.org is not on the committee (not in committee, nor added by an earlier addMember step) (did you mean ana@example.org?)',
    ]);
    // A malformed address is reported as such, once.
    expect(problemsOf({ owner: OWNER, committee, steps: [report, { openVote: { member: 'ana', case: 1 } }] })).toEqual([
      'steps[1].openVote.member must be an email address',
    ]);
  });

  it('rejects a moderator of no space, and accepts one from spaces, a Space setting row, or an earlier edit of one', () => {
    const reply = (moderator: string) => ({ moderatorReply: { moderator, case: 1, answer: 'accept' } });
    expect(problemsOf({ owner: OWNER, committee, spaces, steps: [report, reply('ana@example.org')] })).toEqual([
      'steps[1].moderatorReply.moderator ana@example.org is not a moderator of any space (spaces: Discourse)',
    ]);
    expect(problemsOf({ owner: OWNER, steps: [report, reply('mod@example.org')] })).toEqual([
      'steps[1].moderatorReply.moderator mod@example.org is not a moderator of any space (spaces: none)',
    ]);
    expect(() =>
      validateScenario({
        owner: OWNER,
        committee,
        spaces,
        settings: { rows: { 'Space: GitHub': 'maintainers@example.org, triage@example.org' } },
        steps: [
          report,
          reply('MODS@example.org'),
          reply('triage@example.org'),
          { edit: { tab: 'Settings', setting: 'Space: Matrix', column: 'Value', value: 'ops@example.org' } },
          reply('ops@example.org'),
        ],
      }),
    ).not.toThrow();
    // The edit counts only from the step after it.
    expect(
      problemsOf({
        owner: OWNER,
        steps: [
          report,
          reply('ops@example.org'),
          { edit: { tab: 'Settings', setting: 'Space: Matrix', column: 'Value', value: 'ops@example.org' } },
        ],
      }),
    ).toEqual([expect.stringMatching(/^steps\[1\]\.moderatorReply\.moderator ops@example\.org is not a moderator/)]);
  });

  it('lets a mail scanner read any mailbox the scenario gives: a member, a moderator, the owner or an earlier reporter', () => {
    const withReporter = { report: { 'Your email address': 'riley@example.net', 'What happened?': 'x' } };
    expect(() =>
      validateScenario({
        owner: OWNER,
        committee,
        spaces,
        steps: [
          withReporter,
          { scan: { member: 'ana@example.org' } },
          { scan: { member: 'mods@example.org' } },
          { scan: { member: OWNER } },
          { scan: { member: 'Riley@example.net' } },
        ],
      }),
    ).not.toThrow();
    expect(
      problemsOf({ owner: OWNER, committee, steps: [{ scan: { member: 'riley@example.net' } }, withReporter] }),
    ).toEqual([
      'steps[0].scan.member riley@example.net is not on the committee (not in committee, nor added by an earlier addMember step, nor a moderator, the owner or an earlier reporter)',
    ]);
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
    for (const a of [
      'report',
      'respond',
      'openVote',
      'vote',
      'sendRecommendation',
      'moderatorReply',
      'sendLetter',
      'sendFollowUp',
      'addMember',
      'onboard',
      'scan',
      'writeDoc',
      'edit',
    ]) {
      expect(actions).toContain(a);
    }
    const reports = s.steps.filter((st) => st.action === 'report');
    expect(reports.some((st) => (st.deliveries ?? 1) > 1)).toBe(true);
    expect(
      reports.some(
        (st) => st.action === 'report' && !('Your email address' in st.payload) && !('Your name' in st.payload),
      ),
    ).toBe(true);
    expect(reports.some((st) => st.action === 'report' && st.payload['Is anyone in immediate danger?'] === 'Yes')).toBe(
      true,
    );
    expect(s.steps.some((st) => st.action === 'moderatorReply' && st.payload.answer === 'disagree')).toBe(true);
    expect(s.steps.some((st) => st.action === 'respond' && st.payload.answer === 'conflict')).toBe(true);
    // One member never answers anything.
    const acting = new Set(
      s.steps.flatMap((st) =>
        st.action && st.action !== 'scan' && 'member' in (st.payload as object)
          ? [(st.payload as { member: string }).member]
          : [],
      ),
    );
    expect(s.committee.some((m) => !acting.has(m.email))).toBe(true);
    const days = s.steps.reduce((ms, st) => ms + (st.after ? parseDuration(st.after) : 0), 0) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(14);
  });
});

describe('values a person types into a scenario', () => {
  it('ADV-166 names a time zone Apps Script does not know (exit 2), instead of a run whose setup fails', () => {
    // A misspelled zone passed validation, then setup threw "Invalid argument: timeZone" and every step failed.
    expect(problemsOf({ owner: OWNER, timeZone: 'Europe/Pariss', steps: [] })).toEqual([
      'timeZone Europe/Pariss is not a time zone Apps Script knows (an IANA name, like Europe/Paris or America/New_York)',
    ]);
    for (const zone of ['Europe/Paris', 'America/New_York', 'Etc/UTC', 'UTC', 'GMT+02:00'])
      expect(() => validateScenario({ owner: OWNER, timeZone: zone, steps: [] })).not.toThrow();
  });

  it('ADV-167 names a date that is not on the calendar, instead of rolling it over to another day', () => {
    // Date.parse takes 2026-02-30 as March 2: a rehearsal silently started (or met) on another day.
    const message = 'must be an ISO instant with a zone, like 2026-03-02T09:00:00Z';
    expect(
      problemsOf({
        owner: OWNER,
        committee,
        start: '2026-02-30T09:00:00Z',
        steps: [
          report,
          { at: '2026-04-31T10:00:00+02:00' },
          { callMeeting: { member: 'ana@example.org', case: 1, start: '2026-03-03T24:30:00Z', minutes: 30 } },
        ],
      }),
    ).toEqual([`start ${message}`, `steps[1].at ${message}`, `steps[2].callMeeting.start ${message}`]);
    expect(() =>
      validateScenario({ owner: OWNER, start: '2028-02-29T23:59:59.5-05:00', steps: [{ at: '2028-03-01T00:00:00Z' }] }),
    ).not.toThrow();
  });
});

describe('a name given twice in one object', () => {
  it('ADV-171 is named with its line, instead of JSON keeping the last and dropping the first without a word', () => {
    // A step copied and half edited: two "respond" keys in one step, or two "steps" lists. JSON.parse keeps the last.
    const text = [
      '{ "owner": "conduct@example.org",',
      '  "committee": [{ "name": "Ana Lima", "email": "ana@example.org", "email": "cy@example.org" }],',
      '  "steps": [',
      '    { "report": { "What happened?": "x" } },',
      '    { "respond": { "member": "ana@example.org", "case": 1, "answer": "no-conflict" },',
      '      "respond": { "member": "ana@example.org", "case": 1, "answer": "conflict" } }',
      '  ] }',
    ].join('\n');
    let problems: string[] = [];
    try {
      parseScenarioText(text, 'dup.json');
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems = err.problems;
    }
    expect(problems.map((p) => p.split('\n')[0])).toEqual([
      'dup.json: line 2, column 67: "email" is given twice in one object (first at line 2); JSON keeps only the last, so the first would be dropped without a word',
      'dup.json: line 6, column 7: "respond" is given twice in one object (first at line 5); JSON keeps only the last, so the first would be dropped without a word',
    ]);
    // The same name in different objects, or written with an escape in one object, is read as JSON reads it.
    expect(() =>
      parseScenarioText('{ "owner": "conduct@example.org", "steps": [{ "after": "1h" }, { "after": "2h" }] }'),
    ).not.toThrow();
    expect(() =>
      parseScenarioText('{ "owner": "a@example.org", "own\\u0065r": "b@example.org", "steps": [] }'),
    ).toThrow(/"owner" is given twice/);
  });
});
