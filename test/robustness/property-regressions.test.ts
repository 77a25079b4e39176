// Named regression tests: every counterexample a property run ever found, replayed from its saved history so it stays green for the right reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findReporterIdentityInOutsiderMail, newKnowledge } from '../integration/invariants';
import { playHistory, type History } from '../support/property-model';
import type { SentMail } from '../../workbench';

jest.setTimeout(10 * 60 * 1000);

function savedHistory(name: string): History {
  return JSON.parse(readFileSync(join(__dirname, 'regressions', `${name}.json`), 'utf8')) as History;
}

/** Replays a saved history and asserts it ends clean: no §7 violation, no failed check, every step played. */
function replayClean(history: History, observe?: Parameters<typeof playHistory>[1]): void {
  const outcome = playHistory(history, observe);
  expect(outcome.violations).toEqual([]);
  expect(outcome.checks).toEqual([]);
  expect(outcome.played).toBe(history.steps.length);
}

function mail(to: string, body: string, cc: string[] = []): SentMail {
  return {
    at: 0,
    seq: 0,
    from: 'conduct@example.org',
    to: [to],
    cc,
    bcc: [],
    replyTo: '',
    subject: 'A message from the Code of Conduct committee',
    body,
    htmlBody: '',
    name: '',
    execution: 0,
  } as SentMail;
}

describe("deliberation, seed -595870742 path 24 (issue 20): a witness shares a surname with the reported person's address", () => {
  const knowledge = () => {
    const k = newKnowledge({ owner: 'conduct@example.org' });
    k.people.push({
      reporter: { name: 'Ana Jaramillo', email: 'rania.rahimi@example.net' },
      reported: [{ email: 'hiba.quispe@example.com' }],
      witnesses: [{ name: 'Łukasz Quispe' }],
    });
    k.reportedPersonEmails.add('hiba.quispe@example.com');
    return k;
  };

  test("the recipient's own address is not a leak, even when it shares a word with a witness's name", () => {
    expect(
      findReporterIdentityInOutsiderMail(
        [mail('hiba.quispe@example.com', 'Please stop posting in that thread.')],
        knowledge(),
      ),
    ).toEqual([]);
  });

  test("the same surname inside the letter's text is a leak, and so is a reporter-side address among the visible recipients", () => {
    const k = knowledge();
    expect(
      findReporterIdentityInOutsiderMail([mail('hiba.quispe@example.com', 'Quispe told us what you wrote.')], k),
    ).toEqual([expect.stringMatching(/carries reporter-side identity "quispe"/i)]);
    expect(
      findReporterIdentityInOutsiderMail(
        [mail('hiba.quispe@example.com', 'Please stop.', ['rania.rahimi@example.net'])],
        k,
      ),
    ).toEqual([expect.stringContaining('lists the reporter-side address rania.rahimi@example.net')]);
  });

  test("the saved history replays with no violation, and the letter did reach the address that shares the witness's surname", () => {
    const history = savedHistory('deliberation-seed-595870742-path-24');
    let lettersToQuispe = 0;
    replayClean(history, (r) => {
      lettersToQuispe = r.ws.snapshot().mail.filter((m) => m.to.includes('hiba.quispe@example.com')).length;
    });
    // The situation that made the checker fire is really played: the letter went to the reported person's address.
    expect(lettersToQuispe).toBeGreaterThan(0);
  });
});

describe('access, seed 20261202 path 19 (issue 13): a member made inactive shares a surname with a witness', () => {
  test("the alert naming the member by their roster name is no leak of the witness's, and the history replays clean", () => {
    const history = savedHistory('access-seed-20261202-path-19');
    let inactiveAlerts = 0;
    replayClean(history, (r) => {
      inactiveAlerts = r.ws.snapshot().mail.filter((m) => /A member was made inactive/.test(m.subject)).length;
    });
    // The situation is really played: members were told of Ana Vasquez leaving while a witness is "Quentin Vasquez".
    expect(inactiveAlerts).toBeGreaterThan(0);
  });
});

describe('deliberation, seed 20261202 path 16 (issue 14): the recommendation names the reported person, who shares a given name with a witness', () => {
  test("the reported person's full name in the moderators' mail is no leak of the witness's, but the witness's own name would be", () => {
    const k = newKnowledge({ owner: 'conduct@example.org' });
    k.people.push({
      reporter: { name: 'Zofia Okonkwo' },
      reported: [{ name: 'Priya Xu' }],
      witnesses: [{ name: 'Priya Takahashi' }],
    });
    k.moderatorEmails.add('mods@example.org');
    expect(findReporterIdentityInOutsiderMail([mail('mods@example.org', 'Whose behavior:\nPriya Xu')], k)).toEqual([]);
    expect(
      findReporterIdentityInOutsiderMail([mail('mods@example.org', 'Whose behavior:\nPriya Xu. Priya saw it.')], k),
    ).toEqual([expect.stringMatching(/carries reporter-side identity "priya"/i)]);
  });

  test('the saved history replays with no violation, and the recommendation did name the reported person', () => {
    const history = savedHistory('deliberation-seed-20261202-path-16');
    let naming = 0;
    replayClean(history, (r) => {
      naming = r.ws
        .snapshot()
        .mail.filter((m) => m.to.includes('mods@example.org') && m.body.includes('Priya Xu')).length;
    });
    expect(naming).toBeGreaterThan(0);
  });
});

describe('deliberation, seed 1536919539 path 11 (issue 17): a member writes in a case whose intake a fault interrupted', () => {
  test('the case has no Doc yet, so nobody writes in one; the sweep finishes the intake and the history replays clean', () => {
    const history = savedHistory('deliberation-seed-1536919539-path-11');
    let interrupted = 0;
    let withoutDoc = 0;
    replayClean(history, (r) => {
      interrupted = r.ws.rt.executions.filter((e) => e.fn === 'onReportSubmit_' && e.outcome !== 'ok').length;
      withoutDoc = r.registry('Cases').filter((c) => !c['Doc ID']).length;
    });
    // The situation is really played: an intake failed part-way, and in the end every case has its Doc.
    expect(interrupted).toBeGreaterThan(0);
    expect(withoutDoc).toBe(0);
  });
});

describe("deliberation, seed 1134017595 path 57: the recommendation names the reported person by an address that holds the reporter's surname", () => {
  test("the reported person's own address in the moderators' mail is no leak of the reporter's surname, but the surname alone would be", () => {
    const k = newKnowledge({ owner: 'conduct@example.org' });
    k.people.push({
      reporter: { name: 'Ines Nakagawa', email: 'fumi.quispe@example.net' },
      reported: [{ email: 'vesna.nakagawa@example.com' }],
      witnesses: [{ name: 'Ines Okonkwo' }],
    });
    k.moderatorEmails.add('mods@example.org');
    expect(
      findReporterIdentityInOutsiderMail([mail('mods@example.org', 'Whose behavior:\nvesna.nakagawa@example.com')], k),
    ).toEqual([]);
    expect(
      findReporterIdentityInOutsiderMail(
        [mail('mods@example.org', 'Whose behavior:\nvesna.nakagawa@example.com, as Nakagawa told us.')],
        k,
      ),
    ).toEqual([expect.stringMatching(/carries reporter-side identity "nakagawa"/i)]);
  });

  test('the saved history replays with no violation, and the recommendation did name the reported person by address', () => {
    const history = savedHistory('deliberation-seed-1134017595-path-57');
    let naming = 0;
    replayClean(history, (r) => {
      naming = r.ws
        .snapshot()
        .mail.filter((m) => m.to.includes('mods@example.org') && m.body.includes('vesna.nakagawa@example.com')).length;
    });
    expect(naming).toBeGreaterThan(0);
  });
});

describe('deliberation, seed 233289317 path 12 (ADV-432): a report whose intake failed under faults, then a week without the sweep', () => {
  test('the history replays clean: once Google behaves, the first sweep takes the report in', () => {
    const history = savedHistory('deliberation-seed-233289317-path-12');
    let failedTries = 0;
    let unfinished = -1;
    replayClean(history, (r) => {
      failedTries = r.registry('Audit').filter((a) => a.Event === 'intake.failed').length;
      unfinished = r.registry('Cases').filter((c) => c.Phase === 'intake').length;
    });
    // The situation is really played: the sweep tried the report and failed, and nothing is left in intake.
    expect(failedTries).toBeGreaterThan(0);
    expect(unfinished).toBe(0);
  });
});

describe("access, seed 1299338146 path 20 (ADV-449): a case Doc's link sharing turned on before the audit's first run, whose read of it a fault failed", () => {
  test('the history replays clean: the next sweep reads the Doc again and makes it private, not the full pass a week later', () => {
    const history = savedHistory('access-seed-1299338146-path-20');
    let unread = 0;
    let repaired = 0;
    replayClean(history, (r) => {
      unread = r.registry('Audit').filter((a) => a.Event === 'audit.missing-doc').length;
      repaired = r.registry('Audit').filter((a) => a.Event === 'audit.link-sharing').length;
    });
    // The situation is really played: the first pass could not read the Doc, and a later run repaired its sharing.
    expect(unread).toBeGreaterThan(0);
    expect(repaired).toBeGreaterThan(0);
  });
});

describe('access, seed 127722864 path 25 (ADV-450): the audit undoes "editors can share", then Docs fails its line in the Doc\'s log', () => {
  test('the history replays clean: the committee account is told of the repair though the log line failed', () => {
    const history = savedHistory('access-seed-127722864-path-25');
    let logFailed = 0;
    replayClean(history, (r) => {
      logFailed = r.registry('Audit').filter((a) => a.Event === 'doc.log-failed').length;
    });
    // The situation is really played: a repair's line could not be written in the Doc.
    expect(logFailed).toBeGreaterThan(0);
  });
});

describe('access, seed 406163538 path 63 (ADV-451): the committee account shares a case Doc with a member and moves it into a folder shared with the same member', () => {
  test('the history replays clean: the audit moves the Doc home before revoking the share, within the hour', () => {
    const history = savedHistory('access-seed-406163538-path-63');
    let failedRepairs = -1;
    let movedBack = 0;
    replayClean(history, (r) => {
      failedRepairs = r.registry('Audit').filter((a) => a.Event === 'audit.repair-failed').length;
      movedBack = r.registry('Audit').filter((a) => a.Event === 'audit.shared-folder').length;
    });
    // The situation is really played: the Doc was moved back from a shared folder, with no repair failing on the way.
    expect(movedBack).toBeGreaterThan(0);
    expect(failedRepairs).toBe(0);
  });
});

describe("access, seed 875597936 path 91 (ADV-527): link sharing turned on while the Doc waits on the recheck list, and Drive fails that run's read too", () => {
  test('the history replays clean: the Doc stays on the recheck list and the next run Drive answers makes it private', () => {
    const history = savedHistory('access-seed-875597936-path-91');
    let events: string[] = [];
    replayClean(history, (r) => {
      events = r.registry('Audit').map((a) => a.Event);
    });
    // The situation is really played: a read failed, then a later run repaired link sharing.
    const unread = events.indexOf('audit.missing-doc');
    expect(unread).toBeGreaterThan(-1);
    expect(events.slice(unread)).toContain('audit.link-sharing');
  });
});

describe("deliberation, seed 20261202 path 125: a case Doc's sharing changed by hand while the day's mail quota is spent", () => {
  test('the history replays clean: the audit repairs the Doc, and its alert to the committee account waits in the Outbox for the quota', () => {
    const history = savedHistory('deliberation-seed-20261202-path-125');
    let waiting = 0;
    let repaired = 0;
    replayClean(history, (r) => {
      waiting = r
        .registry('Outbox')
        .filter(
          (o) => o.To === 'conduct@example.org' && /access audit found/i.test(o.Subject) && o.State === 'pending',
        ).length;
      repaired = r.registry('Audit').filter((a) => a.Event === 'audit.extra-access').length;
    });
    // The situation is really played: the audit repaired the Doc, and the mail quota kept its alert waiting.
    expect(repaired).toBeGreaterThan(0);
    expect(waiting).toBeGreaterThan(0);
  });
});

describe('deliberation, seed 1380406039 path 120: the committee account gives a cleared member whose share is pending the Doc as commenter', () => {
  test('the history replays clean: the pending share makes the member an editor, and no repair is owed an alert', () => {
    const history = savedHistory('deliberation-seed-1380406039-path-120');
    let editor = false;
    let repaired = 0;
    let lateShares = 0;
    const oskar = 'oskar.kowalczyk.2@example.org';
    replayClean(history, (r) => {
      editor = r.ws.data
        .file(r.kase(1).docId)
        .editors.map((e) => e.toLowerCase())
        .includes(oskar);
      // Any drift the audit repaired is written `audit.<kind>` with `repaired` (audit.ts addDrift).
      repaired = r.registry('Audit').filter((a) => a.Event.startsWith('audit.') && /^repaired/.test(a.Detail)).length;
      lateShares = r.registry('Audit').filter((a) => a.Event === 'share.granted' && a.Actor === 'sweep').length;
    });
    // The situation is really played: the member's share failed at first and the sweep finished it, and no repair ran.
    expect(lateShares).toBeGreaterThan(0);
    expect(editor).toBe(true);
    expect(repaired).toBe(0);
  });
});

describe('deliberation, seed 1782581983 path 36 (ADV-573): the committee account moves a case Doc into a folder shared with a cleared member, then takes away her own share', () => {
  test('the history replays clean: the audit that moves the Doc home gives the member her share back in the same run', () => {
    const history = savedHistory('deliberation-seed-1782581983-path-36');
    let events: string[] = [];
    replayClean(history, (r) => {
      events = r.registry('Audit').map((a) => a.Event);
    });
    // The situation is really played: the Doc came back from the shared folder, and the member's share with it, in the
    // same run (both written before that run's commit witness), not by a later run.
    const moved = events.indexOf('audit.shared-folder');
    expect(moved).toBeGreaterThan(-1);
    const run = events.slice(moved, events.indexOf('commit.witness', moved));
    expect(run).toContain('audit.missing-editor');
  });
});

describe('deliberation, seed 750102035 path 49 (ADV-595): the reporter typed a header injection as their address, and a member writes its address percent-encoded into the recommendation', () => {
  test('the history replays clean: the guard refuses the percent-encoded address, and no moderator reads it', () => {
    const history = savedHistory('deliberation-seed-750102035-path-49');
    let consequences = '';
    let toModerators = -1;
    replayClean(history, (r) => {
      const snapshot = r.ws.snapshot();
      consequences = snapshot.docs.map((d) => d.text).join('\n');
      toModerators = snapshot.mail.filter((m) => m.to.includes('mods@example.org')).length;
    });
    // The situation is really played: the case Doc holds the encoded address the recommendation would have carried.
    expect(consequences).toContain('%0d%0aBcc:%20evil@example.com');
    // Both recommendations carried it, so the guard refused both and the moderators got nothing (before the fix: two).
    expect(toModerators).toBe(0);
  });
});

describe("deliberation, seed 726503004 path 42 (ADV-623): the committee account shares case 1's Doc with an uncleared member before the audit's first run, whose read of that Doc Drive fails", () => {
  test('the history replays clean: the next hourly run reads the Doc again and takes the share away', () => {
    const history = savedHistory('deliberation-seed-726503004-path-42');
    let refused = '';
    let editors: string[] = [];
    replayClean(history, (r) => {
      // The situation is really played: the first run's read of case 1's Doc failed after a stall line put it on the
      // audit's recheck list, and the share given by hand is gone by the end.
      refused = r
        .registry('Audit')
        .filter((a) => a.Event === 'audit.missing-doc' && a['Case ID'] === r.kase(1).caseId)
        .map((a) => a.Detail)
        .join('\n');
      editors = r.ws.data.file(r.kase(1).docId).editors;
    });
    expect(refused).toMatch(/timed out/);
    expect(editors).not.toContain('dario.gallagher.4@example.org');
  });
});
