// Unit tests for the Settings and Committee tabs: defaults, fallbacks with clear messages, and member parsing.

import fc from 'fast-check';
import {
  DEFAULT_SETTINGS_ROWS,
  loosenedSettings,
  nextKept,
  parseCommittee,
  parseSettings,
} from '../../src/core/settings';

describe('parseSettings', () => {
  it('reads the default rows without problems, giving the seed policy', () => {
    const { settings, problems } = parseSettings(DEFAULT_SETTINGS_ROWS);
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      policy: { acknowledgeWithinHours: 24, followUpWithinDays: 7, moderatorsWithinDays: 7 },
      escalationContact: null,
      boardContact: null,
      replyAddress: null,
      groupAddresses: [],
      recordIndividualVotes: false,
      timeZone: 'Etc/UTC',
      spaces: [],
      mailReservePercent: 20,
      reminderDigest: 'daily',
      voice: { committee: 'Code of Conduct committee', community: 'our community' },
      screeningWindowHours: 72,
      minimumVoters: 2,
      closingDecision: 'vote',
      voteWithinDays: 7,
      purgeAfterMonths: 12,
      archiveAfterDays: 90,
      deleteDocsOnPurge: false,
      statisticsMinimum: 3,
      statisticsPeriod: 'year',
    });
  });

  it('reads the statistics period, Year or Quarter, falling back to Year with a message', () => {
    expect(parseSettings([['Statistics period', ' QUARTER ']]).settings.statisticsPeriod).toBe('quarter');
    const bad = parseSettings([['Statistics period', 'month']]);
    expect(bad.settings.statisticsPeriod).toBe('year');
    expect(bad.problems).toEqual(["Settings row 'Statistics period': 'month' must be Year or Quarter; using Year"]);
  });

  it('reads the statistics minimum count, 2 to 50, falling back to 3 with a message', () => {
    expect(parseSettings([['Statistics minimum count', '5']]).settings.statisticsMinimum).toBe(5);
    const bad = parseSettings([['Statistics minimum count', '1']]);
    expect(bad.settings.statisticsMinimum).toBe(3);
    expect(bad.problems).toEqual([
      "Settings row 'Statistics minimum count': '1' must be a whole number from 2 to 50; using 3",
    ]);
  });

  it('ADV-233/SE2 an unreadable number never reads laxer than the owner wrote or the committee last chose', () => {
    const read = (key: string, value: unknown, kept?: string) => {
      const { settings, problems } = parseSettings([[key, value]], kept);
      expect(problems.filter((p) => p.startsWith(`Settings row '${key}'`))).toHaveLength(1);
      return settings;
    };
    // A unit or decimals: the number written, rounded to the strict side, when stricter than the fallback.
    expect(read('Purge reporter details after (months)', '6 months').purgeAfterMonths).toBe(6);
    expect(read('Purge reporter details after (months)', 6.5).purgeAfterMonths).toBe(6);
    expect(read('Purge reporter details after (months)', '18 months').purgeAfterMonths).toBe(12);
    expect(read('Purge reporter details after (months)', '0.5').purgeAfterMonths).toBe(12);
    expect(read('Purge reporter details after (months)', '-6').purgeAfterMonths).toBe(12);
    expect(read('Purge reporter details after (months)', new Date('2026-06-12')).purgeAfterMonths).toBe(12);
    expect(read('Purge reporter details after (months)', '1e3').purgeAfterMonths).toBe(12);
    expect(read('Minimum voters', '3 members').minimumVoters).toBe(3);
    expect(read('Minimum voters', '2,5').minimumVoters).toBe(3);
    expect(read('Minimum voters', '1 member').minimumVoters).toBe(2);
    expect(read('Acknowledge within (hours)', '12 hours').policy.acknowledgeWithinHours).toBe(12);
    expect(read('Acknowledge within (hours)', '48h').policy.acknowledgeWithinHours).toBe(24);
    expect(read('Statistics minimum count', '10 reports').statisticsMinimum).toBe(10);
    // No number: the value last read stands (0 for the purge keeps for good, so "2 months" is stricter than it).
    const kept = JSON.stringify({
      'Purge reporter details after (months)': 6,
      'Minimum voters': 4,
      'Delete case Docs when purging': true,
    });
    expect(read('Purge reporter details after (months)', 'six', kept).purgeAfterMonths).toBe(6);
    expect(read('Minimum voters', 'three', kept).minimumVoters).toBe(4);
    expect(read('Delete case Docs when purging', 'Yes.', kept).deleteDocsOnPurge).toBe(true);
    expect(
      read('Purge reporter details after (months)', '2 months', '{"Purge reporter details after (months)": 0}'),
    ).toMatchObject({ purgeAfterMonths: 2 });
    expect(read('Purge reporter details after (months)', 'six', 'not json').purgeAfterMonths).toBe(12);
    // A value cleared (or its row deleted) after one was read: that one stands, told; never read, the default, silent.
    expect(read('Minimum voters', '', kept).minimumVoters).toBe(4);
    expect(read('Delete case Docs when purging', ' ', kept).deleteDocsOnPurge).toBe(true);
    expect(parseSettings([['Minimum voters', '']]).problems).toEqual([]);
    // What was read is what is kept; a fallback keeps the last value, never a guess.
    expect(parseSettings([['Minimum voters', '5']]).kept).toEqual({ 'Minimum voters': 5 });
    expect(parseSettings([['Minimum voters', '5 people']], kept).kept).toEqual(JSON.parse(kept));
    expect(parseSettings([['Minimum voters', '5 people']]).kept).toEqual({});
  });

  it('ADV-237 tells a change that keeps or shows more, never a stricter one or a first read', () => {
    const before = JSON.stringify({
      'Purge reporter details after (months)': 6,
      'Delete case Docs when purging': true,
      'Record individual votes': false,
      'Statistics minimum count': 5,
    });
    const now = (row: string, value: unknown) => loosenedSettings(before, { [row]: value });
    expect(now('Purge reporter details after (months)', 24)).toEqual([
      "Settings row 'Purge reporter details after (months)' changed from 6 to 24",
    ]);
    expect(now('Purge reporter details after (months)', 0)).toHaveLength(1);
    expect(now('Purge reporter details after (months)', 3)).toEqual([]);
    expect(now('Delete case Docs when purging', false)).toEqual([
      "Settings row 'Delete case Docs when purging' changed from Yes to No",
    ]);
    expect(now('Record individual votes', true)).toHaveLength(1);
    expect(now('Statistics minimum count', 3)).toHaveLength(1);
    expect(now('Statistics minimum count', 10)).toEqual([]);
    expect(loosenedSettings(undefined, { 'Purge reporter details after (months)': 0 })).toEqual([]);
  });

  it('ADV-242 numbers each change of the values kept, so the same raise made again is a change of its own', () => {
    const purge = (months: number) => ({ 'Purge reporter details after (months)': months });
    const first = nextKept(JSON.stringify(purge(12)), purge(24))!;
    expect(first.change).toBe(1);
    expect(nextKept(first.text, purge(24))).toBeNull();
    const back = nextKept(first.text, purge(12))!;
    const again = nextKept(back.text, purge(24))!;
    expect([back.change, again.change]).toEqual([2, 3]);
    // The count is no Settings value: the values kept read back as they were.
    expect(parseSettings([['Purge reporter details after (months)', 'six']], again.text).kept).toEqual(purge(24));
    expect(nextKept(undefined, purge(12))).toEqual({
      text: JSON.stringify({ ...purge(12), '#changes': 1 }),
      change: 1,
    });
  });

  it('reads the decision settings, falling back with a message on a bad value', () => {
    const good = parseSettings([
      ['Setting', 'Value'],
      ['Screening window (hours)', '48'],
      ['Minimum voters', '3'],
      ['Closing decision', 'Second  member'],
      ['Vote within (days)', '10'],
    ]);
    expect(good.problems).toEqual([]);
    expect(good.settings).toMatchObject({
      screeningWindowHours: 48,
      minimumVoters: 3,
      closingDecision: 'second member',
      voteWithinDays: 10,
    });
    const bad = parseSettings([
      ['Setting', 'Value'],
      ['Minimum voters', '0'],
      ['Closing decision', 'chair decides'],
    ]);
    expect(bad.settings).toMatchObject({ minimumVoters: 2, closingDecision: 'vote' });
    expect(bad.problems).toEqual([
      "Settings row 'Closing decision': 'chair decides' must be Vote or Second member; using Vote",
      "Settings row 'Minimum voters': '0' must be a whole number from 1 to 15; using 2",
    ]);
  });

  it("reads the committee's and the community's names: one line, blank means the default, too long is cut and said", () => {
    const named = parseSettings([
      ['Setting', 'Value'],
      ['Committee name', '  Quillfeather Conduct\n Team '],
      ['Community name', 'the Quillfeather project'],
    ]);
    expect(named.problems).toEqual([]);
    expect(named.settings.voice).toEqual({
      committee: 'Quillfeather Conduct Team',
      community: 'the Quillfeather project',
    });
    const blank = parseSettings([
      ['Setting', 'Value'],
      ['Committee name', ''],
      ['Community name', '   '],
    ]);
    expect(blank.problems).toEqual([]);
    expect(blank.settings.voice).toEqual({ committee: 'Code of Conduct committee', community: 'our community' });
    const long = parseSettings([
      ['Setting', 'Value'],
      ['Committee name', 'x'.repeat(120)],
    ]);
    expect(long.settings.voice.committee).toHaveLength(80);
    expect(long.problems).toEqual(["Settings row 'Committee name': longer than 80 characters; using the first 80"]);
  });

  it('reads the mail reserve and the reminder digest period, falling back with a message on a bad value', () => {
    const good = parseSettings([
      ['Setting', 'Value'],
      ['Mail reserve (%)', '35'],
      ['Reminder digest', 'Weekly'],
    ]);
    expect(good.problems).toEqual([]);
    expect(good.settings).toMatchObject({ mailReservePercent: 35, reminderDigest: 'weekly' });
    const bad = parseSettings([
      ['Setting', 'Value'],
      ['Mail reserve (%)', '95'],
      ['Reminder digest', 'hourly'],
    ]);
    expect(bad.settings).toMatchObject({ mailReservePercent: 20, reminderDigest: 'daily' });
    expect(bad.problems).toEqual([
      "Settings row 'Reminder digest': 'hourly' must be Daily or Weekly; using Daily",
      "Settings row 'Mail reserve (%)': '95' must be a whole number from 0 to 90; using 20",
    ]);
  });

  it('has a note for every setting row', () => {
    for (const row of DEFAULT_SETTINGS_ROWS.slice(1)) expect(row[2].length).toBeGreaterThan(10);
  });

  it('reads values typed as numbers, booleans or text, with the header anywhere', () => {
    const { settings, problems } = parseSettings([
      ['Notes', 'Value', 'Setting'],
      ['', 48, 'Acknowledge within (hours)'],
      ['', ' 14 ', 'follow up within (days)'],
      ['', true, 'Record individual votes'],
      ['', 'Europe/Berlin', 'Time zone'],
      ['', 'Board@Example.org', 'Escalation contact'],
      ['', 'Secretary@Board.Example.org', 'Board contact'],
      ['', 'mods@example.org, Lead@Example.org', 'Space: Discourse'],
      ['', '', ''],
    ]);
    expect(problems).toEqual([]);
    expect(settings.policy).toMatchObject({
      acknowledgeWithinHours: 48,
      followUpWithinDays: 14,
      moderatorsWithinDays: 7,
    });
    expect(settings.recordIndividualVotes).toBe(true);
    expect(settings.timeZone).toBe('Europe/Berlin');
    expect(settings.escalationContact).toBe('board@example.org');
    expect(settings.boardContact).toBe('secretary@board.example.org');
    expect(settings.spaces).toEqual([{ name: 'Discourse', moderators: ['mods@example.org', 'lead@example.org'] }]);
  });

  it('falls back per value with a message naming the row and the value', () => {
    const { settings, problems } = parseSettings([
      ['Setting', 'Value', 'Notes'],
      ['Follow up within (days)', '0', ''],
      ['Acknowledge within (hours)', 'soon', ''],
      ['Record individual votes', 'perhaps', ''],
      ['Time zone', 'Mars/Olympus', ''],
      ['Reply-To address', 'a@example.org, b@example.org', ''],
      ['Colour', 'blue', ''],
      ['Follow up within (days)', '9', ''],
      ['Space: Discourse', 'mods@example.org, not-an-address', ''],
      ['Space: Chat', '', ''],
      ['Space:', 'x@example.org', ''],
      ['Space: discourse', 'y@example.org', ''],
    ]);
    expect(settings.policy).toEqual({ acknowledgeWithinHours: 24, followUpWithinDays: 7, moderatorsWithinDays: 7 });
    expect(settings.recordIndividualVotes).toBe(false);
    expect(settings.timeZone).toBe('Etc/UTC');
    expect(settings.replyAddress).toBeNull();
    expect(settings.spaces).toEqual([
      { name: 'Discourse', moderators: ['mods@example.org'] },
      { name: 'Chat', moderators: [] },
    ]);
    expect(problems).toEqual([
      "Settings row 'Colour': unknown setting; ignoring it",
      "Settings row 'Follow up within (days)': listed twice; using the first row",
      "Settings row 'Space:': the space has no name; skipping it",
      "Settings row 'Space: discourse': the space 'discourse' is listed twice; using the first row",
      "Settings row 'Acknowledge within (hours)': 'soon' must be a whole number from 1 to 336; using 24",
      "Settings row 'Follow up within (days)': '0' must be a whole number from 1 to 90; using 7",
      "Settings row 'Record individual votes': 'perhaps' must be Yes or No; using No",
      "Settings row 'Time zone': 'Mars/Olympus' is not a known IANA time zone; using Etc/UTC",
      "Settings row 'Reply-To address': 'a@example.org, b@example.org' is not one email address; leaving it unset",
      "Settings row 'Space: Discourse': moderator address 'not-an-address' is not a valid email address; skipping it",
      "Settings row 'Space: Chat': no valid moderator addresses; recommendations for this space cannot be sent",
    ]);
  });

  it('always yields a usable policy, whatever the cells hold (property)', () => {
    const cell = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'Acknowledge within (hours)',
              'Follow up within (days)',
              'Moderators within (days)',
              'Time zone',
              'Record individual votes',
              'Other',
            ),
            cell,
          ),
        ),
        (pairs) => {
          const { settings } = parseSettings(pairs.map(([k, v]) => [k, v, '']));
          expect(Number.isInteger(settings.policy.acknowledgeWithinHours)).toBe(true);
          expect(settings.policy.acknowledgeWithinHours).toBeGreaterThanOrEqual(1);
          expect(settings.policy.followUpWithinDays).toBeGreaterThanOrEqual(1);
          expect(settings.policy.followUpWithinDays).toBeLessThanOrEqual(90);
          expect(typeof settings.recordIndividualVotes).toBe('boolean');
        },
      ),
    );
  });
});

describe('parseCommittee', () => {
  const header = ['Name', 'Email', 'Role', 'Active'];

  it('reads members with normalised emails and Active as TRUE/FALSE or Yes/No', () => {
    const { members, problems } = parseCommittee([
      header,
      ['Ana Lima', ' Ana@Example.org ', 'voting', true],
      ['Bo Chen', 'bo@example.org', 'Adviser', 'No'],
      ['Cy Diaz', 'cy@example.org', 'voting', 'yes'],
      ['', '', '', ''],
    ]);
    expect(problems).toEqual([]);
    expect(members).toEqual([
      { name: 'Ana Lima', email: 'ana@example.org', role: 'voting', active: true },
      { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser', active: false },
      { name: 'Cy Diaz', email: 'cy@example.org', role: 'voting', active: true },
    ]);
  });

  it('warns when two active rows give one name under two mailboxes: one person would vote twice (ADV-391)', () => {
    const twice = parseCommittee([
      header,
      ['Ana Lima', 'ana@example.org', 'voting', true],
      ['Bo Chen', 'bo@example.org', 'voting', true],
      [' ANA  lima', 'ana.lima@example.net', 'voting', true],
    ]);
    expect(twice.members.map((m) => m.email)).toEqual(['ana@example.org', 'bo@example.org', 'ana.lima@example.net']);
    expect(twice.problems).toEqual([
      'Committee rows 2 and 4 give the same name (Ana Lima) under two addresses: if they are one person, untick Active on one row, or they are counted and vote twice',
    ]);
    // One of them inactive (an address being moved, the old row unticked): nothing to say.
    const moved = parseCommittee([
      header,
      ['Ana Lima', 'ana@example.org', 'voting', false],
      ['Ana Lima', 'ana.lima@example.net', 'voting', true],
    ]);
    expect(moved.problems).toEqual([]);
  });

  it('locates columns by header in any order', () => {
    const { members } = parseCommittee([
      ['active', ' ROLE ', 'email', 'name'],
      [false, 'voting', 'ana@example.org', 'Ana'],
    ]);
    expect(members).toEqual([{ name: 'Ana', email: 'ana@example.org', role: 'voting', active: false }]);
  });

  it('reports and skips bad emails, duplicates and unknown roles; odd Active values fail closed', () => {
    const { members, problems } = parseCommittee([
      header,
      ['Ana', 'ana@example.org', 'voting', ''],
      ['Ana again', 'ANA@example.org', 'voting', true],
      ['Bad', 'not an email', 'voting', true],
      ['Role', 'role@example.org', 'chair', true],
      ['Odd', 'odd@example.org', 'adviser', 'sometimes'],
    ]);
    expect(members).toEqual([
      { name: 'Ana', email: 'ana@example.org', role: 'voting', active: true },
      { name: 'Odd', email: 'odd@example.org', role: 'adviser', active: false },
    ]);
    expect(problems).toEqual([
      'Committee row 3: ana@example.org is a member already listed (the same mailbox as an earlier row); using the first row',
      "Committee row 4: email 'not an email' is not a valid address; skipping this member",
      "Committee row 5: role 'chair' must be 'voting' or 'adviser'; skipping this member",
      "Committee row 6: Active 'sometimes' must be TRUE/FALSE or Yes/No; treating as not active",
    ]);
  });

  it('reads a current member\u2019s unreadable Role or Email as last recorded, unless another row lists that address (ADV-186, ADV-187)', () => {
    const last = {
      lastRole: (email: string) => (email === 'cy@example.org' ? ('voting' as const) : undefined),
      lastAddress: (name: string) => ({ 'Dee Ford': 'dee@example.org', 'Ana Lima': 'ana@example.org' })[name],
    };
    const { members, problems } = parseCommittee(
      [
        header,
        ['Ana Lima', '', 'voting', false],
        ['Ana Lima', 'ana@example.org', 'voting', true],
        ['Cy Park', 'cy@example.org', '', true],
        ['Dee Ford', 'dee@example,org', 'adviser', true],
        ['Fen Quarrow', 'fen@example', 'voting', true],
      ],
      last,
    );
    expect(members).toEqual([
      { name: 'Ana Lima', email: 'ana@example.org', role: 'voting', active: true },
      { name: 'Cy Park', email: 'cy@example.org', role: 'voting', active: true },
      { name: 'Dee Ford', email: 'dee@example.org', role: 'adviser', active: true },
    ]);
    expect(problems).toEqual([
      "Committee row 2: email '' is not a valid address; skipping this member",
      "Committee row 4: role '' must be 'voting' or 'adviser'; keeping this member's last role (voting)",
      "Committee row 5: email 'dee@example,org' is not a valid address; keeping dee@example.org, last recorded for this name",
      "Committee row 6: email 'fen@example' is not a valid address; skipping this member",
    ]);
  });

  it('reads a current member\u2019s Email typed over with another row\u2019s address (a swap half done) as last recorded', () => {
    const lastAddress = (name: string) => ({ 'Ana Lima': 'ana@example.org', 'Cy Park': 'cy@example.org' })[name];
    const { members, problems } = parseCommittee(
      [header, ['Ana Lima', 'cy@example.org', 'voting', true], ['Cy Park', 'cy@example.org', 'adviser', true]],
      { lastAddress },
    );
    expect(members.map((m) => `${m.name} ${m.email} ${m.role}`)).toEqual([
      'Ana Lima ana@example.org voting',
      'Cy Park cy@example.org adviser',
    ]);
    expect(problems).toEqual([
      "Committee row 2: email 'cy@example.org' is in another row too; keeping ana@example.org, last recorded for this name",
    ]);
  });

  it('takes variants of one mailbox for one member, and refuses the committee account in any spelling', () => {
    const { members, problems } = parseCommittee(
      [
        header,
        ['Ana', 'ana.lima@gmail.com', 'voting', true],
        ['Ana (coc)', 'analima+coc@googlemail.com', 'voting', true],
        ['Bo', 'bo@example.org', 'voting', true],
        ['Bo too', 'bo+work@example.org', 'adviser', true],
        ['Desk', 'Conduct+desk@example.org', 'voting', true],
      ],
      { committeeAccount: 'conduct@example.org' },
    );
    expect(members.map((m) => m.email)).toEqual(['ana.lima@gmail.com', 'bo@example.org']);
    expect(problems).toEqual([
      'Committee row 3: analima+coc@googlemail.com is a member already listed (the same mailbox as an earlier row); using the first row',
      'Committee row 5: bo+work@example.org is a member already listed (the same mailbox as an earlier row); using the first row',
      'Committee row 6: conduct+desk@example.org is the committee account itself, which owns every case document and is never a member (it cannot declare conflicts); skipping this row',
    ]);
  });

  it('reports a missing header column and an empty tab', () => {
    expect(parseCommittee([['Name', 'Email']])).toEqual({
      members: [],
      problems: ["Committee tab: missing column(s) 'Role', 'Active' in the header row"],
    });
    expect(parseCommittee([]).problems).toHaveLength(1);
  });
});

describe('the retired "Committee address" setting', () => {
  it('is reported as no longer used, and sets nothing', () => {
    const { settings, problems } = parseSettings([
      ['Setting', 'Value', 'Notes'],
      ['Committee address', 'all-members@example.org', ''],
    ]);
    expect(settings.replyAddress).toBeNull();
    expect(problems).toEqual([
      "Settings row 'Committee address': no longer used; replies now reach the committee account alone. If they must go elsewhere, put an address that reaches no member with a conflict (never a forwarding alias) in 'Reply-To address', then delete this row",
    ]);
  });
});
