// Plays the deliberation-to-resolution scenarios (examples/) through the scenario runner and the real bundle, checking the invariants after every step and the cases, mails, Doc entries and rows a committee would expect in state.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitNames, Workspace } from '../../workbench';
import { playScenario, type StepRecord } from '../../scripts/scenario/player';
import { parseScenarioText, type Scenario } from '../../scripts/scenario/schema';
import { buildState, type DocOut, type MailOut, type ScenarioState } from '../../scripts/scenario/state';
import { findViolations, newKnowledge, type Knowledge } from './invariants';
import { privateBuildDir } from '../support/build-copy';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** What the checker must know from the scenario: people in reports, moderators and the escalation contact, letters' recipients. */
function knowledgeOf(scenario: Scenario, ws: Workspace): Knowledge {
  const k = newKnowledge(ws);
  for (const step of scenario.steps) {
    if (step.action === 'report') {
      const a = step.payload;
      const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : (v ?? '')).trim();
      k.people.push({
        reporter: { name: one(a['Your name']) || undefined, email: one(a['Your email address']) || undefined },
        reported: splitNames(a['Who was involved?']).map((name) => ({ name })),
        witnesses: splitNames(a['Were there witnesses?']).map((name) => ({ name: name.replace(/^@/, '') })),
      });
    }
    if (step.action === 'sendLetter') k.reportedPersonEmails.add(step.payload.to.trim().toLowerCase());
  }
  for (const space of scenario.spaces) for (const m of space.moderators) k.moderatorEmails.add(m.toLowerCase());
  const escalation = scenario.settings?.rows?.['Escalation contact'];
  if (typeof escalation === 'string' && escalation) k.moderatorEmails.add(escalation.toLowerCase());
  return k;
}

function noteHumanFormulas(k: Knowledge, record: StepRecord): void {
  for (const cell of record.cells) {
    if (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value))
      k.humanFormulaCells.add(`${cell.spreadsheetId}/${cell.tab}!R${cell.row}C${cell.column}`);
  }
}

interface Played {
  state: ScenarioState;
  violations: string[];
}

function play(file: string): Played {
  const scenario = parseScenarioText(readFileSync(join(EXAMPLES, file), 'utf8'), file);
  const violations: string[] = [];
  let k: Knowledge | null = null;
  const run = playScenario(scenario, {
    createWorkspace: (options) => Workspace.create(options),
    buildDir: privateBuildDir(),
    onStep: (record, ws) => {
      k ??= knowledgeOf(scenario, ws as Workspace);
      noteHumanFormulas(k, record);
      for (const v of findViolations(ws as Workspace, k))
        violations.push(`after ${String(record.step)} (${record.action}): ${v}`);
    },
  });
  return { state: buildState(run), violations };
}

const to = (state: ScenarioState, email: string, subject?: RegExp): MailOut[] =>
  state.mail.filter((m) => m.to.includes(email) && (!subject || subject.test(m.subject)));

function caseDoc(state: ScenarioState, n = 1): DocOut {
  const doc = state.docs.find((d) => d.case === n);
  if (!doc) throw new Error(`no Doc for case ${n}`);
  return doc;
}

/** The text under one heading of a Doc. */
function section(doc: DocOut, heading: string): string {
  const start = doc.paragraphs.findIndex((p) => p.heading !== 'NORMAL' && p.text === heading);
  const out: string[] = [];
  for (let i = start + 1; start >= 0 && i < doc.paragraphs.length && doc.paragraphs[i].heading === 'NORMAL'; i++)
    out.push(doc.paragraphs[i].text);
  return out.join('\n');
}

/** The status row of case n, keyed by header. */
function statusRow(state: ScenarioState, n = 1): Record<string, string> {
  const [header, ...rows] = state.sheets.Cases;
  const code = state.cases.find((c) => c.n === n)?.codeName;
  const row = rows.find((r) => r[header.indexOf('Code Name')] === code);
  if (!row) throw new Error(`no status row for case ${n}`);
  return Object.fromEntries(header.map((h, i) => [String(h), String(row[i] ?? '')]));
}

function registry(state: ScenarioState, tab: string): Array<Record<string, string>> {
  const [header, ...rows] = state.registry[tab];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), String(r[i] ?? '')])));
}

describe('full-case.json', () => {
  let p: Played;
  beforeAll(() => {
    p = play('full-case.json');
  }, 300_000);

  test('invariants hold after every step and no step was refused', () => {
    expect(p.violations).toEqual([]);
    expect(p.state.errors).toEqual([]);
  });

  test('one case, resolved, with the vote, the moderators\u2019 answer, the letter and the follow-up in its Doc', () => {
    const { state } = p;
    expect(state.cases).toHaveLength(1);
    expect(statusRow(state)).toMatchObject({ Status: 'Resolved', 'Actions needed': '-' });
    const doc = caseDoc(state);
    expect(section(doc, 'Committee discussions')).toMatch(
      /Vote passed\.\nOpened .*\nApprove: 2; reject: 0; abstain: 0; not voted: 1; needed to pass: 2 of 3 eligible\./,
    );
    expect(section(doc, 'Discussions with moderators and organizers')).toMatch(
      /A moderator accepted the recommendation \(mods@example\.org, Discourse\)/,
    );
    expect(section(doc, 'Discussions with the reported person')).toMatch(
      /Letter sent to the reported person \(sam\.doe@example\.com\) by Ana Lima\./,
    );
    expect(section(doc, 'Follow-up to the reporter')).toMatch(/sent to the reporter \(address on file\) by Dev Patel/);
    expect(registry(state, 'Votes').map((v) => v.Outcome)).toEqual(['passed']);
  });

  test('each person got what the procedure says, and nothing identifying left the committee', () => {
    const { state } = p;
    expect(to(state, 'rita.quell@example.net').map((m) => m.subject)).toEqual([
      'We received your report',
      'An update on your report',
    ]);
    expect(to(state, 'mods@example.org').map((m) => m.subject)).toEqual([
      'Code of Conduct recommendation for Discourse',
    ]);
    expect(to(state, 'sam.doe@example.com').map((m) => m.subject)).toEqual([
      'A message from the Code of Conduct committee',
    ]);
    for (const m of [...to(state, 'mods@example.org'), ...to(state, 'sam.doe@example.com')])
      expect(m.body).not.toMatch(/Rita|Quell|Wes|Tarn/);
    for (const v of ['ana@example.org', 'carmen@example.org', 'dev@example.org'])
      expect(to(state, v, /^Vote open/)).toHaveLength(1);
    expect(to(state, 'bo@example.org', /^Vote open/)).toHaveLength(0);
    expect(to(state, 'rita.quell@example.net', /status update/)).toHaveLength(0);
    expect(state.alerts.filter((m) => /deadline|not answered/.test(m.subject))).toHaveLength(0);
  });
});

describe('failed-vote.json', () => {
  let p: Played;
  beforeAll(() => {
    p = play('failed-vote.json');
  }, 300_000);

  test('invariants hold; the first vote fails, the second passes, and the case is resolved', () => {
    expect(p.violations).toEqual([]);
    expect(p.state.errors).toEqual([]);
    expect(registry(p.state, 'Votes').map((v) => v.Outcome)).toEqual(['failed', 'passed']);
    // A member rewrote "Committee discussions" after the first vote; the Log keeps both results.
    const log = section(caseDoc(p.state), 'Log');
    expect(log).toMatch(/Vote did not pass: approve 2, reject 1, abstain 1, not voted 0; 3 of 4 needed\./);
    expect(log).toMatch(/Vote passed: approve 3, reject 0, abstain 0, not voted 1; 3 of 4 needed\./);
    expect(to(p.state, 'noor@example.net', /status update/)).toHaveLength(1);
    expect(statusRow(p.state).Status).toBe('Resolved');
  });
});

describe('moderator-disagreement.json', () => {
  let p: Played;
  beforeAll(() => {
    p = play('moderator-disagreement.json');
  }, 300_000);

  test('invariants hold and every step went through', () => {
    expect(p.violations).toEqual([]);
    expect(p.state.errors).toEqual([]);
  });

  test('the disagreement is recorded, the committee told, the board notified once, and a second round accepted', () => {
    const { state } = p;
    const moderators = section(caseDoc(state), 'Discussions with moderators and organizers');
    expect(moderators).toMatch(
      /A moderator disagreed with the recommendation \(chat-lead@example\.org, Chat\)\.\nTheir words: This is the third such joke/,
    );
    expect(moderators).toMatch(
      /The escalation contact \(board@example\.org\) was notified of the moderators' disagreement\./,
    );
    expect(section(caseDoc(state), 'Log')).toMatch(
      /The escalation contact \(board@example\.org\) was notified of the moderators' disagreement by Carmen Ruiz\./,
    );
    for (const m of ['ana@example.org', 'carmen@example.org', 'dev@example.org'])
      expect(to(state, m, /moderators disagree/)).toHaveLength(1);
    const board = to(state, 'board@example.org');
    expect(board).toHaveLength(1);
    expect(board[0].body).toContain('third such joke');
    expect(board[0].body).not.toMatch(/Jo Vance|lenaq|jo\.vance/);
    expect(to(state, 'chat-lead@example.org', /recommendation for Chat$/)).toHaveLength(2);
    // Between them, that the first no longer stands once the second round's vote passed (ADV-361).
    expect(to(state, 'chat-lead@example.org', /no longer stands/)).toHaveLength(1);
    expect(registry(state, 'Votes').map((v) => v.Outcome)).toEqual(['passed', 'passed']);
    expect(to(state, 'max.rook@example.com')).toHaveLength(1);
    expect(to(state, 'max.rook@example.com')[0].body).toContain('A two-week removal from the chat');
    expect(statusRow(state).Status).toBe('Resolved');
  });
});

describe('missed-deadline.json', () => {
  let p: Played;
  beforeAll(() => {
    p = play('missed-deadline.json');
  }, 300_000);

  test('invariants hold and every step went through', () => {
    expect(p.violations).toEqual([]);
    expect(p.state.errors).toEqual([]);
  });

  test('one status email per missed deadline, reminders naming the case, one moderators\u2019 reminder, all stopping at resolution', () => {
    const { state } = p;
    const code = state.cases[0].codeName;
    const status = to(state, 'ivy.marsh@example.net', /status update/);
    expect(status.map((m) => m.at.slice(0, 10))).toEqual(['2026-09-14', '2026-09-21']);
    // Member reminders arrive in their daily digest (issue 15), naming the case by its code name.
    for (const m of ['ana@example.org', 'carmen@example.org']) {
      const digests = to(state, m, /^\[Conduct Desk\] Reminders?:/);
      const reminders = digests.filter((d) => /a follow-up deadline to the reporter has passed/.test(d.body));
      expect(reminders).toHaveLength(2);
      expect(reminders[0].subject).toContain(code);
      expect(digests.filter((d) => /the moderators have not answered/.test(d.body))).toHaveLength(1);
    }
    // Bo never answered the conflict check: one reminder to answer it (issue 14: silent members are reminded once
    // before the screening window ends), and no other case mail: no deadline reminders, nothing about the case.
    const toBo = to(state, 'bo@example.org').filter((m) => m.subject.includes(code));
    expect(toBo).toHaveLength(1);
    expect(toBo[0].body).toMatch(/you have not answered its conflict-of-interest check/);
    expect(toBo[0].body).not.toMatch(/follow-up deadline|moderators/);
    expect(to(state, 'organizers@example.org', /^Reminder/)).toHaveLength(1);
    const log = section(caseDoc(state), 'Log');
    expect(log.match(/Status email sent to the reporter/g)).toHaveLength(2);
    const resolvedAt = Date.parse(registry(state, 'Cases')[0]['Closed At']);
    expect(state.mail.filter((m) => Date.parse(m.at) > resolvedAt + 60_000)).toEqual([]);
    expect(statusRow(state).Status).toBe('Resolved');
  });
});

describe('conflicted-majority.json', () => {
  let p: Played;
  beforeAll(() => {
    p = play('conflicted-majority.json');
  }, 300_000);

  test('invariants hold; only the two cleared members vote, conflicted members get nothing', () => {
    expect(p.violations).toEqual([]);
    const { state } = p;
    const [vote] = registry(state, 'Votes');
    expect(JSON.parse(vote.Eligible)).toHaveLength(2);
    expect(vote.Outcome).toBe('passed');
    for (const m of ['dev@example.org', 'eli@example.org', 'farah@example.org']) {
      expect(to(state, m, /^(Vote|Access granted)/)).toHaveLength(0);
      expect(caseDoc(state).everHadAccess).not.toContain(m);
    }
    // The refusals a conflicted member meets are recorded, not faked.
    expect(state.errors.map((e) => e.action).sort()).toEqual(['openVote', 'vote', 'writeDoc']);
  });
});

describe('bad-faith.json', () => {
  let p: Played;
  beforeAll(() => {
    p = play('bad-faith.json');
  }, 300_000);

  test('invariants hold; the committee votes the report was not made in good faith, which closes it; the reporter gets nothing after the acknowledgment', () => {
    expect(p.violations).toEqual([]);
    const { state } = p;
    expect(statusRow(state)).toMatchObject({ Status: 'Closed', Resolution: 'No violation' });
    expect(registry(state, 'Cases')[0]['Bad Faith']).toBe('yes');
    expect(to(state, 'hal.brandt@example.net').map((m) => m.subject)).toEqual(['We received your report']);
    expect(section(caseDoc(state), 'Committee discussions')).toMatch(
      /Vote opened on closing the case as a report not made in good faith[\s\S]*Decided: the report was not made in good faith \(by vote: 2 of 2 approved\)/,
    );
    // The only refused step is the follow-up the case page does not offer.
    expect(state.errors.map((e) => e.action)).toEqual(['sendFollowUp']);
  });
});
