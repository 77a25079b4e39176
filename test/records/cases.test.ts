// Unit tests of the case store: finished cases read from registry `Cases` (JSON parsed on first use), deadlines fixed once, state written back, and intake's row steps.
import { DEFAULT_POLICY, type Policy } from '../../src/core/deadlines';
import { CaseStore, casesNaming, isClosed, type CaseStoreHost } from '../../src/records/cases';
import { registryTab } from './tables';

const DEADLINES = JSON.stringify({
  acknowledgeBy: '2026-03-03T09:00:00.000Z',
  followUpBy: '2026-03-09T09:00:00.000Z',
  moderatorsWithinDays: 7,
  followUpDays: 7,
});

function finished(id: string, more: Record<string, string> = {}) {
  return {
    'Case ID': id,
    'Code Name': `Code ${id}`,
    'Response ID': `r-${id}`,
    'Received At': '2026-03-02T09:00:00.000Z',
    'Doc ID': `doc-${id}`,
    Phase: 'deliberating',
    Deadlines: DEADLINES,
    Flags: '{}',
    ...more,
  };
}

function store(
  rows: ReadonlyArray<Record<string, string>>,
  policy: Policy = DEFAULT_POLICY,
  archivedRows?: ReadonlyArray<Record<string, string>>,
) {
  const tab = registryTab('Cases', rows);
  const archived = archivedRows ? registryTab('Archived Cases', archivedRows) : null;
  let archivedReads = 0;
  const audits: string[] = [];
  let policyAsked = 0;
  const host: CaseStoreHost = {
    policy: () => {
      policyAsked++;
      return policy;
    },
    audit: (event, caseId) => audits.push(`${event} ${caseId}`),
  };
  const archivedTable = () => {
    archivedReads++;
    return archived ? archived.load() : null;
  };
  return {
    tab,
    archived,
    audits,
    policyAsked: () => policyAsked,
    archivedReads: () => archivedReads,
    cases: new CaseStore(tab.load, archivedTable, host),
  };
}

describe('reading cases', () => {
  test('only finished cases are cases: a row intake has not finished, or without a Doc or id, is skipped', () => {
    const { cases } = store([
      finished('c_1'),
      finished('c_2', { Phase: 'intake' }),
      finished('c_3', { 'Doc ID': '' }),
      finished('', {}),
      finished('c_5', { Phase: 'resolved' }),
    ]);
    expect(cases.all().map((c) => c.id)).toEqual(['c_1', 'c_5']);
    expect(cases.find('c_1')?.codeName).toBe('Code c_1');
    expect(cases.find('c_2')).toBeNull();
    expect(cases.find('-')).toBeNull();
    expect(cases.find('')).toBeNull();
    expect(cases.find('c_9')).toBeNull();
  });

  test('cells are read as the flows need them: trimmed, the address normalised, an unknown phase read as screening', () => {
    const { cases } = store([
      finished('c_1', {
        'Code Name': '  Amber Otter ',
        'Reporter Email': ' Reporter@Example.NET ',
        'Reporter Name': ' Rae ',
        Phase: 'sideways',
        'Bad Faith': 'YES',
        Space: ' Discourse ',
      }),
    ]);
    const kase = cases.find('c_1');
    expect(kase).toMatchObject({
      codeName: 'Amber Otter',
      reporterEmail: 'reporter@example.net',
      reporterName: 'Rae',
      phase: 'screening',
      badFaith: true,
      space: 'Discourse',
    });
  });

  test('people and flags are parsed on first use; a damaged cell reads as nobody and no flags', () => {
    const { cases } = store([
      finished('c_1', {
        Reported: JSON.stringify({ names: [' Sam Doe ', ''], emails: ['sam@example.net'] }),
        Flags: '{"letter":{"at":"x","by":"m_1"}}',
      }),
      finished('c_2', { Reported: '{not json', Witnesses: '[]', Flags: '[1,2]' }),
    ]);
    const [one, two] = cases.all();
    expect(one.reported).toEqual({ names: ['Sam Doe'], emails: ['sam@example.net'], handles: [] });
    expect(one.flags.letter).toEqual({ at: 'x', by: 'm_1' });
    expect(one.flags).toBe(one.flags);
    expect(two.reported).toEqual({ names: [], emails: [], handles: [] });
    expect(two.witnesses).toEqual({ names: [], emails: [], handles: [] });
    expect(two.flags).toEqual({});
  });

  test('a misspelled header is a compile error, not an empty column', () => {
    const { tab } = store([finished('c_1')]);
    // @ts-expect-error 'Cse ID' is not a header of registry Cases
    expect(tab.table.cell(0, 'Cse ID')).toBe('');
    expect(tab.table.cell(0, 'Case ID')).toBe('c_1');
  });
});

describe('deadlines', () => {
  test('stored deadlines are read as stored, without asking Settings or writing anything', () => {
    const { cases, tab, policyAsked, audits } = store([finished('c_1')]);
    const kase = cases.settleDeadlines(cases.find('c_1')!);
    expect(kase.deadlines).toEqual(JSON.parse(DEADLINES));
    expect(policyAsked()).toBe(0);
    expect(audits).toEqual([]);
    expect(tab.table.isDirty()).toBe(false);
  });

  test('a row without deadlines takes them from Settings once and stores them, so they never move again', () => {
    const policy: Policy = { ...DEFAULT_POLICY, followUpWithinDays: 3 };
    const { cases, tab, audits } = store([finished('c_1', { Deadlines: '' })], policy);
    const kase = cases.settleDeadlines(cases.find('c_1')!);
    expect(kase.deadlines.followUpDays).toBe(3);
    expect(kase.deadlines.followUpBy).toBe('2026-03-05T09:00:00.000Z');
    expect(audits).toEqual(['case.deadlines-frozen c_1']);
    tab.table.write();
    expect(JSON.parse(String(tab.committed()[0].Deadlines))).toEqual(kase.deadlines);
    expect(cases.find('c_1')!.deadlines).toEqual(kase.deadlines);
    expect(audits).toHaveLength(1);
  });

  test('a closed case keeps its missing deadlines missing until something asks for them', () => {
    const { cases, tab, audits } = store([
      finished('c_1', { Deadlines: '', 'Closed At': '2026-03-04T00:00:00.000Z', Phase: 'closed' }),
    ]);
    const kase = cases.settleDeadlines(cases.find('c_1')!);
    expect(isClosed(kase)).toBe(true);
    expect(audits).toEqual([]);
    expect(tab.table.isDirty()).toBe(false);
    void kase.deadlines;
    expect(audits).toEqual(['case.deadlines-frozen c_1']);
  });
});

describe('writing cases', () => {
  test('save writes the phase, flags, bad-faith mark and closing time, and no other cell', () => {
    const { cases, tab } = store([finished('c_1', { Flags: '{"other":1}' })]);
    const kase = cases.find('c_1')!;
    kase.phase = 'closed';
    kase.flags.noViolation = { at: '2026-03-04T00:00:00.000Z', by: 'm_1' };
    kase.badFaith = true;
    kase.closedAt = '2026-03-04T00:00:00.000Z';
    cases.save(kase);
    tab.table.write();
    expect(tab.committed()[0]).toMatchObject({
      ...finished('c_1'),
      Phase: 'closed',
      'Bad Faith': 'yes',
      'Closed At': '2026-03-04T00:00:00.000Z',
      Flags: JSON.stringify({ other: 1, noViolation: { at: '2026-03-04T00:00:00.000Z', by: 'm_1' } }),
    });
  });

  test('intake: the row is registered unfinished, gains its Doc, owes its status row, then is finished', () => {
    const { cases, tab } = store([
      finished('c_1', { 'Reporter Name': 'Old Reporter', Witnesses: '{"names":["Wyn"]}' }),
    ]);
    const row = cases.register({
      caseId: 'c_2',
      codeName: 'Amber Otter',
      responseId: 'r-2',
      receivedAt: '2026-03-05T09:00:00.000Z',
      reporterName: 'Rae',
      reporterEmail: 'rae@example.net',
      reporterEmailProblem: '',
      reported: { names: ['Sam'], emails: [], handles: ['@sam'] },
      witnesses: { names: [], emails: [], handles: [] },
      space: 'Discourse',
      danger: true,
      deadlines: JSON.parse(DEADLINES),
    });
    expect(row).toMatchObject({ caseId: 'c_2', codeName: 'Amber Otter', docId: '', phase: 'intake' });
    expect(cases.find('c_2')).toBeNull();
    expect(cases.unfinishedIntakes().map((r) => r.caseId)).toEqual(['c_2']);
    expect(cases.intakeByResponse('r-2')).toEqual(row);
    expect([...cases.responseIds()]).toEqual(['r-c_1', 'r-2']);
    expect(cases.codeNames()).toEqual(['Code c_1', 'Amber Otter']);
    expect(cases.peopleOnFile().map((p) => [p.reporterName, ...p.reported.handles, ...p.witnesses.names])).toEqual([
      ['Old Reporter', 'Wyn'],
      ['Rae', '@sam'],
    ]);

    cases.setDocId(row, 'doc-2');
    cases.oweStatusRow(row);
    cases.finishIntake(row, '2026-03-02T09:00:05.000Z');
    expect(row.phase).toBe('screening');
    expect(cases.unfinishedIntakes()).toEqual([]);
    const kase = cases.find('c_2')!;
    expect(kase).toMatchObject({
      docId: 'doc-2',
      phase: 'screening',
      reporterEmail: 'rae@example.net',
      space: 'Discourse',
    });
    expect(kase.flags).toEqual({ statusRowOwed: true, filedAt: '2026-03-02T09:00:05.000Z' });
    tab.table.write();
    expect(tab.committed()[1]).toMatchObject({ Danger: 'yes', Deadlines: DEADLINES, 'Bad Faith': '', 'Closed At': '' });
  });
});

describe('archived cases (registry `Archived Cases`, src/flows/archive.ts)', () => {
  const archivedFlags = JSON.stringify({ archived: { at: '2026-06-01T00:00:00.000Z', in: 'ss', clearances: {} } });
  const rows = () =>
    store(
      [finished('c_open'), finished('c_both', { Phase: 'closed', 'Closed At': '2026-03-05T00:00:00.000Z' })],
      DEFAULT_POLICY,
      [
        finished('c_old', { Phase: 'closed', Flags: archivedFlags, 'Closed At': '2026-03-04T00:00:00.000Z' }),
        finished('c_both', { Phase: 'closed', Flags: archivedFlags, 'Closed At': '2026-03-05T00:00:00.000Z' }),
      ],
    );

  test('live() and a find of a case in `Cases` never read the archived rows; all() does, a case in both counted once as `Cases` has it', () => {
    const { cases, archivedReads } = rows();
    expect(cases.live().map((c) => c.id)).toEqual(['c_open', 'c_both']);
    expect(cases.find('c_open')?.inArchiveTab).toBeUndefined();
    expect(cases.find('c_both')?.flags.archived).toBeUndefined();
    expect(cases.intakeByResponse('r-c_open')?.caseId).toBe('c_open');
    expect(archivedReads()).toBe(0);
    expect(cases.all().map((c) => c.id)).toEqual(['c_old', 'c_open', 'c_both']);
    expect(archivedReads()).toBe(1);
  });

  test('findBy a code name (any case) or a Doc reads the archived rows only when `Cases` has none', () => {
    const { cases, archivedReads } = rows();
    expect(cases.findBy('Code Name', ' code C_OPEN ')?.id).toBe('c_open');
    expect(cases.findBy('Doc ID', 'doc-c_both')?.inArchiveTab).toBeUndefined();
    expect(archivedReads()).toBe(0);
    expect(cases.findBy('Code Name', 'Code c_old')?.inArchiveTab).toBe(true);
    expect(cases.findBy('Doc ID', 'doc-c_old')?.id).toBe('c_old');
    expect(cases.findBy('Doc ID', 'doc-nobody')).toBeNull();
    expect(cases.findBy('Code Name', '  ')).toBeNull();
    expect(archivedReads()).toBe(1);
  });

  test('a case only archived is found there, saved there, and brought back into `Cases` as it stands', () => {
    const { cases, tab, archived } = rows();
    const old = cases.find('c_old')!;
    expect(old.inArchiveTab).toBe(true);
    expect(cases.intakeByResponse('r-c_old')?.caseId).toBe('c_old');
    expect(cases.archivedResponseIds().has('r-c_old')).toBe(true);
    expect(cases.responseIds().has('r-c_old')).toBe(false);
    old.flags.purged = 'now';
    old.flags.persons = ['quiet heron'];
    cases.blank(old, ['Reporter Name']);
    cases.save(old);
    expect(JSON.parse(String(archived!.table.cell(0, 'Flags'))).purged).toBe('now');
    expect(tab.table.size()).toBe(2);
    cases.bringBack(old);
    expect(old.inArchiveTab).toBe(false);
    delete old.flags.archived;
    cases.save(old);
    expect(tab.table.size()).toBe(3);
    expect(cases.live().map((c) => c.id)).toEqual(['c_open', 'c_both', 'c_old']);
    expect(cases.find('c_old')?.flags).toEqual({ purged: 'now', persons: ['quiet heron'] });
    expect(cases.all().filter((c) => c.id === 'c_old')).toHaveLength(1);
    // Named once though its row is in both tabs now.
    expect(casesNaming(cases.knownPersons(), ['quiet heron'])).toEqual(['c_old']);
  });

  test('code names, people on file and person codes count the archived rows too; a store without the tab reads none', () => {
    const { cases } = rows();
    expect(cases.codeNames()).toEqual(expect.arrayContaining(['Code c_old', 'Code c_open']));
    expect(cases.peopleOnFile()).toHaveLength(4);
    const bare = store([finished('c_1')]);
    expect(bare.cases.all().map((c) => c.id)).toEqual(['c_1']);
    expect(bare.cases.find('c_9')).toBeNull();
    expect(bare.cases.codeNames()).toEqual(['Code c_1']);
  });
});
