// Builds a benchmark world: the built bundle in a fresh emulated Workspace, set up by the owner, with a roster and years of case history written straight into the stores in the schemas of docs/architecture.md.
import { DOC_SECTIONS, nextActionText, statusForPhase } from '../../src/core/case-model';
import { addCalendarMonths } from '../../src/core/deadlines';
import { listCodeWords } from '../../src/core/code-names';
import { createRandom, PUBLISHED_CELL_LATENCY, PUBLISHED_LATENCY, Workspace } from '../../workbench';

const { adjectives: ADJECTIVES, nouns: NOUNS } = listCodeWords();

export const OWNER = 'conduct@example.org';
export const MODERATOR = 'mods@example.org';
export const SPACE = 'Discourse';
/** The virtual instant every benchmark world is measured at (a Monday, 09:00 UTC). */
export const START = '2026-03-02T09:00:00Z';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Share of cases still open; the rest are resolved or closed (a committee's steady state). */
export const OPEN_SHARE = 0.2;
/** Open cases were received within this many days; closed ones before that, over `HISTORY_DAYS`. */
export const OPEN_WINDOW_DAYS = 60;
export const HISTORY_DAYS = 5 * 365;
/** Share of (case, member) pairs where the member declared a conflict. */
export const CONFLICT_SHARE = 0.15;
/**
 * The committee account's mail, as the hourly sweep has read it (registry `Inbox`, src/flows/replies.ts; ADV-460), per
 * case: its reporter (or the reported person, or a moderator) answers twice over its life, each reply filed under the
 * case and archived out of Gmail's inbox; the account sends itself one alert about it (a reply filed before anyone was
 * cleared, a message held, a purge warning), which stays in its inbox; one case in ten came in as an email the owner
 * made a case (archived out of the inbox); and one email in twenty cases (a stranger's, a bounce nobody matched) waits
 * in the inbox for good, the owner told. An estimate for a committee that answers by email, written down so the idle
 * sweep's figures include the tab: every row sits in the registry, where the product writes it; the product's own
 * archive run (operations.ts settleChores) moves what it moves.
 */
export const INBOX_REPLIES_PER_CASE = 2;
export const INBOX_OWN_ALERTS_PER_CASE = 1;
export const INBOX_MADE_CASE_EVERY = 10;
export const INBOX_WAITING_EVERY = 20;

export interface WorldSpec {
  cases: number;
  members: number;
  /** PRNG seed: the same spec and seed give the same world. */
  seed?: number;
  /** Daily mail recipients (default: a billion, so operations are measured without the quota in the way). */
  mailQuota?: number;
  /** Days of closed history before the open window (default HISTORY_DAYS). */
  historyDays?: number;
  /** Open cases (default OPEN_SHARE of the cases). */
  openCases?: number;
  /**
   * The archive's steady state (issue 17): closed cases closed longer ago than this many days keep only their Cases
   * row in the registry; their Clearances, Votes and Moderation rows are in one archive spreadsheet per year (owner
   * only) and their Docs are no longer shared with members. 0: no archive (every row in the registry).
   */
  archiveAfterDays?: number;
}

export interface SeededMember {
  id: string;
  name: string;
  email: string;
  role: 'voting' | 'adviser';
}

export interface SeededCase {
  id: string;
  codeName: string;
  docId: string;
  phase: string;
  open: boolean;
  receivedAt: number;
  reporterEmail: string;
  reported: string;
  /** Member ids cleared ("no conflict", shared silently unless archived). */
  cleared: string[];
  /** Closed and archived: rows in the year's archive spreadsheet, the Doc no longer shared with members. */
  archived: boolean;
}

export interface World {
  ws: Workspace;
  spec: Required<WorldSpec>;
  ids: { status: string; registry: string; folder: string; form: string };
  members: SeededMember[];
  cases: SeededCase[];
  /** Ids of every case Doc (seeded ones, then those intake creates during the benchmark). */
  docIds: string[];
  /** Rows written per registry tab (for the capacity figures). */
  rows: Record<string, number>;
  /** Reports submitted so far (each a fresh reporter): per world, so no figure depends on the worlds run before. */
  reports: number;
  /** Archive spreadsheets by year (the archive's steady state only). */
  archives: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------
// Names: made-up, never English words, so the privacy lint and the code-name filter see no accidental overlap.

const ONSETS = ['br', 'dr', 'k', 'kr', 'qu', 'v', 'z', 'zh', 'x', 'th', 'gw', 'j', 'pl', 'sv', 'tz'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ae', 'io', 'ou'];
const CODAS = ['x', 'rk', 'nd', 'lq', 'zz', 'vv', 'mb', 'sk', 'th', 'rq'];

function word(n: number): string {
  const a = ONSETS[n % ONSETS.length];
  const b = VOWELS[Math.floor(n / ONSETS.length) % VOWELS.length];
  const c = CODAS[Math.floor(n / (ONSETS.length * VOWELS.length)) % CODAS.length];
  const d = VOWELS[Math.floor(n / (ONSETS.length * VOWELS.length * CODAS.length)) % VOWELS.length];
  const w = `${a}${b}${c}${d}`;
  return w[0].toUpperCase() + w.slice(1);
}

/** A unique made-up person name for index `n` (two words from a 9,600-word space each). */
export function personName(n: number, salt: number): string {
  return `${word(n * 7 + salt)} ${word(n * 13 + salt * 31 + 5)}`;
}

/** Unique code names without randomness (adjective × noun), as intake would have made them. */
export function codeNameFor(i: number): string {
  const a = ADJECTIVES[i % ADJECTIVES.length];
  const b = NOUNS[(Math.floor(i / ADJECTIVES.length) * 7919) % NOUNS.length];
  return `${a} ${b}`;
}

function hexId(prefix: string, random: () => number): string {
  let out = prefix;
  for (let i = 0; i < 12; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function sheetTime(ms: number): string {
  return iso(ms).slice(0, 16).replace('T', ' ');
}

// ---------------------------------------------------------------------------------------------------
// Running seeding code as the owner, outside the measurements

type Globals = {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  DocumentApp: GoogleAppsScript.Document.DocumentApp;
  DriveApp: GoogleAppsScript.Drive.DriveApp;
  Drive: GoogleAppsScript.Drive;
};

/**
 * Runs `body` as one owner execution with every latency set to zero, so seeding neither moves the virtual
 * clock nor runs into the 6-minute limit. The calls are still counted (on the seeding execution's record).
 */
export function seedExecution<T>(ws: Workspace, name: string, body: (g: Globals) => T): T {
  const latency = ws.rt.latency;
  const saved = { ...latency };
  const cells = ws.rt.cellLatency;
  const savedCells = { ...cells };
  for (const key of Object.keys(latency)) latency[key] = 0;
  for (const key of Object.keys(cells)) delete cells[key];
  try {
    const g = ws.data.globals() as unknown as Globals;
    const result = ws.rt.runExecution({ kind: 'editor', fn: name, activeUser: ws.owner, effectiveUser: ws.owner }, () =>
      body(g),
    );
    if (result.error !== undefined) throw result.error;
    return result.value as T;
  } finally {
    for (const key of Object.keys(latency)) delete latency[key];
    Object.assign(latency, saved);
    Object.assign(cells, savedCells);
  }
}

/**
 * The cells a spreadsheet holds against Sheets' 10 million: every tab's whole grid (maxRows × maxColumns), which is
 * what the limit counts, not the columns in use.
 */
export function gridCells(ws: Workspace, spreadsheetId: string): number {
  return seedExecution(ws, 'bench:grid-cells', (g) =>
    g.SpreadsheetApp.openById(spreadsheetId)
      .getSheets()
      .reduce((n, sheet) => n + sheet.getMaxRows() * sheet.getMaxColumns(), 0),
  );
}

/** Appends `rows` below the last row of a tab in one write, growing the grid (and its plain-text format) first. */
function appendBlock(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: unknown[][], plainText: boolean): void {
  if (!rows.length) return;
  const start = Math.max(sheet.getLastRow(), 1) + 1;
  const end = start + rows.length - 1;
  const maxRows = sheet.getMaxRows();
  if (end > maxRows) {
    const added = end - maxRows + 100;
    sheet.insertRowsAfter(maxRows, added);
    if (plainText) sheet.getRange(maxRows + 1, 1, added, sheet.getMaxColumns()).setNumberFormat('@');
  }
  sheet.getRange(start, 1, rows.length, rows[0].length).setValues(rows);
}

// ---------------------------------------------------------------------------------------------------

/** Texts the seeded outbox rows carry (one shared string each: the emulator keeps references, not copies). */
const BODY =
  'Hello,\n\n' +
  'This message was sent by the committee. '.repeat(30) +
  '\n\nWith care,\nthe Code of Conduct committee';
const HTML = `<div style="font-family:Arial">${'<p>This message was sent by the committee.</p>'.repeat(30)}</div>`;

const OPEN_PHASES = [
  'deliberating',
  'voting',
  'awaiting-moderators',
  'deliberating',
  'letter-sent',
  'vote-failed',
] as const;
/**
 * A Workspace with the bundle loaded, `setup` run by the owner (web app URL and signing keys in place), the
 * committee in the `Committee` tab and registry `Members`, one community space, and `spec.cases` cases with
 * their Docs (private, in the private folder, shared silently with the members cleared for them), status rows,
 * clearances, conflicts, votes, moderation rounds and the outbox of the open cases' messages, all sent.
 *
 * The history is a steady state measured at START: nothing is due (every acknowledgment and every status email
 * and reminder of the current follow-up period has gone out, moderators were asked less than a week ago).
 */
export function createWorld(input: WorldSpec): World {
  const spec: Required<WorldSpec> = {
    seed: 7,
    mailQuota: 1_000_000_000,
    historyDays: HISTORY_DAYS,
    openCases: input.cases === 0 ? 0 : Math.max(1, Math.round(input.cases * OPEN_SHARE)),
    archiveAfterDays: 0,
    ...input,
  };
  const historyDays = spec.historyDays;
  const random = createRandom(spec.seed);
  // BENCH_BUILD_DIR points at another build (an unminified one, to read CPU profiles).
  const buildDir = process.env.BENCH_BUILD_DIR || undefined;
  const ws = Workspace.create({
    start: START,
    owner: OWNER,
    mailQuota: spec.mailQuota,
    profile: 'workspace',
    seed: spec.seed,
    buildDir,
    // The cost model of scripts/bench (workbench/emulator/cost-model.ts): every call priced, sheet reads and writes per
    // cell too. A fresh Workspace per world, with its own seed: nothing carries over from a world run before.
    latency: PUBLISHED_LATENCY,
    cellLatency: PUBLISHED_CELL_LATENCY,
  });
  ws.loadBundle();
  const setup = ws.run('setup');
  if (setup.record.outcome !== 'ok') throw new Error(`bench: setup failed: ${setup.record.error}`);
  const props = ws.properties();
  const ids = {
    status: props.statusSpreadsheetId,
    registry: props.registrySpreadsheetId,
    folder: props.folderId,
    form: props.formId,
  };
  const now = ws.rt.now();
  // The steady state holds for a few hours: what falls due within 6 hours of now is seeded as done (sent, purged or
  // warned of), so "nothing due" stays true while sweeps that each read a large registry for minutes of simulated time
  // finish the access audit's pass (scripts/bench/operations.ts settleAudit).
  const horizon = now + 6 * HOUR;

  const members: SeededMember[] = Array.from({ length: spec.members }, (_, i) => ({
    id: hexId('m_', random),
    name: personName(i, 3),
    email: `member${i + 1}@example.org`,
    role: i % 5 === 4 ? 'adviser' : 'voting',
  }));

  const openCount = Math.min(spec.cases, spec.openCases);
  const closedCount = spec.cases - openCount;
  const cases: SeededCase[] = [];
  const rows = {
    Cases: [] as unknown[][],
    Clearances: [] as unknown[][],
    Votes: [] as unknown[][],
    Moderation: [] as unknown[][],
    Outbox: [] as unknown[][],
    Inbox: [] as unknown[][],
  };
  // Rows of archived cases by year closed (the archive's steady state): the same tabs, in the archive spreadsheet.
  const archived: Record<string, { Clearances: unknown[][]; Votes: unknown[][]; Moderation: unknown[][] }> = {};
  const archivedByYear: Record<number, number> = {};
  const archivedOutbox: Record<number, number> = {};
  const emailOf = (mid: string) => members.find((m) => m.id === mid)?.email ?? '';
  const statusRows: unknown[][] = [];
  const conflictRows: unknown[][] = [];
  const outbox = (key: string, caseId: string, kind: string, to: string, at: number) => {
    rows.Outbox.push([
      key,
      caseId,
      kind,
      to,
      '',
      '',
      `Code of Conduct: ${kind}`,
      BODY,
      HTML,
      'at-least-once',
      'sent',
      '1',
      iso(at),
      iso(at + 60000),
      '',
    ]);
  };

  for (let i = 0; i < spec.cases; i++) {
    const open = i >= closedCount;
    // Oldest first, as intake appends them.
    const receivedAt = open
      ? now -
        OPEN_WINDOW_DAYS * DAY +
        Math.floor(((i - closedCount + 0.5) / openCount) * (OPEN_WINDOW_DAYS * DAY - 2 * HOUR))
      : now -
        (OPEN_WINDOW_DAYS + historyDays) * DAY +
        Math.floor(((i + 0.5) / Math.max(closedCount, 1)) * historyDays * DAY);
    const newestOpen = open && i >= spec.cases - Math.max(1, Math.round(openCount * 0.1));
    const drawn = !open
      ? i % 4 === 0
        ? 'closed'
        : 'resolved'
      : newestOpen
        ? 'screening'
        : OPEN_PHASES[i % OPEN_PHASES.length];
    // A vote closes within its 7 days (Settings `Vote within (days)`): a case reported longer ago than a vote's life
    // after screening is past its vote; undecided, it waits for a new one.
    const phase = drawn === 'voting' && receivedAt < now - 9 * DAY ? 'vote-failed' : drawn;
    const id = hexId('c_', random);
    const codeName = codeNameFor(i);
    const hasEmail = i % 10 < 7;
    const reporterEmail = hasEmail ? `reporter${i + 1}@example.net` : '';
    // Some people are reported more than once.
    const reportedIndex = i % 6 === 5 && i > 10 ? i - 7 : i;
    const reported = personName(reportedIndex, 11);
    const witnesses =
      i % 3 === 0 ? { names: [personName(i, 17)], emails: [], handles: [] } : { names: [], emails: [], handles: [] };
    const cleared: string[] = [];
    const conflicted: string[] = [];
    if (phase !== 'screening') {
      members.forEach((m, j) => ((i * 31 + j * 17) % 100 < CONFLICT_SHARE * 100 ? conflicted : cleared).push(m.id));
    }
    // Closed cases: retention's state as the daily check leaves it (reporter details purged 12 months after closing,
    // the owner warned a week before), and the archive's (rows moved once closed longer than archiveAfterDays).
    const closedAt = receivedAt + 20 * DAY;
    const purgeOn = addCalendarMonths(closedAt, 12);
    const purged = !open && purgeOn <= horizon;
    const isArchived = !open && spec.archiveAfterDays > 0 && closedAt < now - spec.archiveAfterDays * DAY;
    const year = new Date(closedAt).getUTCFullYear();
    const tabs = isArchived ? (archived[year] ??= { Clearances: [], Votes: [], Moderation: [] }) : rows;
    if (isArchived) archivedByYear[year] = (archivedByYear[year] ?? 0) + 1;
    const flags: Record<string, unknown> = {
      ...(purged ? { purged: iso(purgeOn) } : {}),
      ...(!open && purgeOn - 7 * DAY <= horizon ? { purgeWarned: iso(closedAt) } : {}),
      lastWritten: { status: statusForPhase(phase), actions: nextActionText(phase), resolution: open ? '' : 'Warning' },
      // Intake gives every case its person code names (src/flows/patterns.ts): the same person, the same code.
      persons: [codeNameFor(reportedIndex + 20_000_000)],
    };
    const followUpBy = receivedAt + 7 * DAY;
    if (!open) flags.followUp = { at: iso(receivedAt + 6 * DAY), by: members[0]?.id ?? '' };
    const voteId = hexId('v_', random);
    const voters = cleared.filter((mid) => members.find((m) => m.id === mid)?.role === 'voting');
    const hadVote = !open ? i % 5 < 3 : ['voting', 'awaiting-moderators', 'letter-sent', 'vote-failed'].includes(phase);
    if (hadVote) {
      const outcome = phase === 'voting' ? 'open' : phase === 'vote-failed' ? 'failed' : 'passed';
      // An open vote in the steady state: half its voters have approved, not yet the two-thirds that decide it.
      const cast = Math.min(Math.floor(voters.length / 2), Math.ceil((2 * voters.length) / 3) - 1);
      const ballots =
        outcome === 'open'
          ? JSON.stringify(Object.fromEntries(voters.slice(0, Math.max(0, cast)).map((v) => [v, 'approve'])))
          : JSON.stringify({
              tally: {
                approve: outcome === 'passed' ? voters.length : 0,
                reject: outcome === 'failed' ? voters.length : 0,
                abstain: 0,
              },
            });
      // Open votes are spread over their 7-day life (an older one would be closed by the first sweep): in the steady
      // state as many close in a week as open, each with its reminder and its result.
      const openedAt =
        outcome === 'open' ? Math.max(receivedAt + 2 * DAY, now - ((i * 37) % 144) * HOUR) : receivedAt + 2 * DAY;
      tabs.Votes.push([
        voteId,
        id,
        voters[0] ?? '',
        iso(openedAt),
        JSON.stringify(voters),
        ballots,
        outcome,
        outcome === 'open' ? '' : iso(receivedAt + 3 * DAY),
        'response',
        '1',
        JSON.stringify({ plan: 'Reply to the content of posts only.', consequences: 'A written warning.', letter: '' }),
        '',
      ]);
    }
    const hadRound = !open ? hadVote : phase === 'awaiting-moderators' || phase === 'letter-sent';
    if (hadRound) {
      // Open rounds were sent less than a week ago, so no moderator reminder is due.
      const sentAt = open ? Math.max(receivedAt + 3 * DAY, now - 3 * DAY) : receivedAt + 3 * DAY;
      const modRowId = hexId('d_', random);
      flags.recommendation = { voteId, at: iso(sentAt), by: voters[0] ?? '', moderators: [modRowId] };
      const answered = phase !== 'awaiting-moderators';
      tabs.Moderation.push([
        id,
        modRowId,
        MODERATOR,
        SPACE,
        iso(sentAt),
        answered ? 'accept' : '',
        '',
        answered ? iso(sentAt + DAY) : '',
        '',
      ]);
      if (phase === 'letter-sent' || !open) flags.letter = { at: iso(sentAt + 2 * DAY), by: voters[0] ?? '' };
    }
    rows.Cases.push([
      id,
      codeName,
      `resp_${i + 1}`,
      iso(receivedAt),
      '',
      phase,
      purged ? '' : personName(i, 23),
      purged ? '' : reporterEmail,
      '',
      JSON.stringify({ names: [reported], emails: [], handles: [] }),
      purged ? '' : JSON.stringify(witnesses),
      SPACE,
      'no',
      '',
      JSON.stringify({
        acknowledgeBy: iso(receivedAt + 24 * HOUR),
        followUpBy: iso(followUpBy),
        moderatorsWithinDays: 7,
        followUpDays: 7,
      }),
      JSON.stringify(flags),
      open ? '' : iso(closedAt),
    ]);
    statusRows.push([
      'No',
      'Maybe',
      statusForPhase(phase),
      codeName,
      sheetTime(receivedAt),
      nextActionText(phase),
      open ? '' : 'Warning',
    ]);
    for (const mid of cleared)
      tabs.Clearances.push([id, mid, 'no-conflict', iso(receivedAt + 2 * HOUR), 'screening', 'silent', '']);
    for (const mid of conflicted) {
      tabs.Clearances.push([id, mid, 'conflict', iso(receivedAt + 2 * HOUR), 'screening', 'none', '']);
      conflictRows.push([codeName, members.find((m) => m.id === mid)?.name ?? '', sheetTime(receivedAt + 2 * HOUR)]);
    }
    if (open) {
      // The messages of open cases: what the sweep would otherwise find due (acknowledgment, every status email
      // and follow-up reminder of the periods passed so far).
      if (reporterEmail) outbox(`${id}|ack|reporter`, id, 'ack', reporterEmail, receivedAt);
      for (const m of members) outbox(`${id}|screening|${m.id}`, id, 'screening', m.email, receivedAt);
      for (const mid of cleared)
        outbox(
          `${id}|access-granted|${mid}`,
          id,
          'access-granted',
          members.find((m) => m.id === mid)?.email ?? '',
          receivedAt + 2 * HOUR,
        );
      // What the stall check (src/flows/stalls.ts) sent by now, 72 hours being Settings' screening window: each
      // silent member's one reminder from half the window, the owner's alert once nobody was cleared in it.
      if (!cleared.length) {
        const window = 72 * HOUR;
        if (horizon >= receivedAt + window / 2)
          for (const m of members)
            outbox(`${id}|screening-reminder|${m.id}`, id, 'reminder', m.email, receivedAt + window / 2);
        const stuck = members.length && conflicted.length === members.length ? 'all-conflicted' : 'no-answer';
        if (stuck === 'all-conflicted' || horizon >= receivedAt + window)
          outbox(`${id}|stuck:${stuck}|owner`, id, 'alert', OWNER, receivedAt + window);
      }
      if (horizon > followUpBy) {
        const periods = Math.floor((horizon - followUpBy) / (7 * DAY));
        const recipients = cleared.length ? cleared : members.map((m) => m.id);
        for (let p = 0; p <= periods; p++) {
          const at = followUpBy + p * 7 * DAY;
          if (reporterEmail) outbox(`${id}|status:${p}|reporter`, id, 'status', reporterEmail, at);
          for (const mid of recipients)
            outbox(
              `${id}|reminder:follow-up:${p}|${mid}`,
              id,
              'reminder',
              members.find((m) => m.id === mid)?.email ?? '',
              at,
            );
        }
      }
    }
    seedInbox(ws, rows.Inbox, random, {
      i,
      id,
      receivedAt,
      from: purged ? '' : reporterEmail || `person${i + 1}@example.net`,
    });
    if (!open && spec.archiveAfterDays > 0) {
      // What a closed case's messages hold, in the registry until archived, then in its archive (counted, not written).
      const messages = 1 + members.length + cleared.length + 3 * (1 + cleared.length);
      if (isArchived) archivedOutbox[year] = (archivedOutbox[year] ?? 0) + messages;
      else {
        if (reporterEmail) outbox(`${id}|ack|reporter`, id, 'ack', purged ? '' : reporterEmail, receivedAt);
        for (const m of members) outbox(`${id}|screening|${m.id}`, id, 'screening', m.email, receivedAt);
        for (const mid of cleared)
          outbox(`${id}|access-granted|${mid}`, id, 'access-granted', emailOf(mid), receivedAt + 2 * HOUR);
        for (let p = 0; p < 3; p++) {
          const at = followUpBy + p * 7 * DAY;
          if (reporterEmail) outbox(`${id}|status:${p}|reporter`, id, 'status', purged ? '' : reporterEmail, at);
          for (const mid of cleared) outbox(`${id}|reminder:follow-up:${p}|${mid}`, id, 'reminder', emailOf(mid), at);
        }
      }
    }
    cases.push({
      id,
      codeName,
      docId: '',
      phase,
      open,
      receivedAt,
      reporterEmail,
      reported,
      cleared,
      archived: isArchived,
    });
  }

  seedExecution(ws, 'bench:seed-roster', (g) => {
    const status = g.SpreadsheetApp.openById(ids.status);
    appendBlock(
      status.getSheetByName('Committee') as GoogleAppsScript.Spreadsheet.Sheet,
      members.map((m) => [m.name, m.email, m.role, true]),
      false,
    );
    appendBlock(
      status.getSheetByName('Settings') as GoogleAppsScript.Spreadsheet.Sheet,
      [[`Space: ${SPACE}`, MODERATOR, '']],
      false,
    );
    const registry = g.SpreadsheetApp.openById(ids.registry);
    const at = iso(now - (OPEN_WINDOW_DAYS + HISTORY_DAYS + 30) * DAY);
    appendBlock(
      registry.getSheetByName('Members') as GoogleAppsScript.Spreadsheet.Sheet,
      members.map((m) => [m.id, m.email, m.name, m.role, 'TRUE', at, 'editor', at]),
      true,
    );
    for (const m of members) {
      g.Drive.Permissions.create(
        { role: 'writer', type: 'user', emailAddress: m.email } as GoogleAppsScript.Drive_v3.Drive.V3.Schema.Permission,
        ids.status,
        { sendNotificationEmail: false },
      );
    }
  });

  // The owner re-runs setup after adding the space, as docs/ tell them to: the Form then offers it.
  const again = ws.run('setup');
  if (again.record.outcome !== 'ok') throw new Error(`bench: setup (second run) failed: ${again.record.error}`);

  // Docs in batches, so one seeding execution never holds thousands of open documents.
  const folderOf = (g: Globals) => g.DriveApp.getFolderById(ids.folder);
  for (let start = 0; start < cases.length; start += 500) {
    seedExecution(ws, 'bench:seed-docs', (g) => {
      const folder = folderOf(g);
      const heading2 = g.DocumentApp.ParagraphHeading.HEADING2;
      const normal = g.DocumentApp.ParagraphHeading.NORMAL;
      for (const kase of cases.slice(start, start + 500)) {
        const doc = g.DocumentApp.create(kase.codeName);
        const body = doc.getBody();
        body.getParagraphs()[0].setText('Report');
        body.getParagraphs()[0].setHeading(heading2);
        for (const line of [
          'Who was involved?',
          kase.reported,
          'What happened?',
          'A description of what happened, in the reporter\u2019s words.',
        ]) {
          body.appendParagraph(line).setHeading(normal);
        }
        for (const heading of DOC_SECTIONS.slice(1)) body.appendParagraph(heading).setHeading(heading2);
        body
          .appendParagraph(`${sheetTime(kase.receivedAt)} UTC \u2014 Report received through the Form`)
          .setHeading(normal);
        doc.saveAndClose();
        kase.docId = doc.getId();
        const file = g.DriveApp.getFileById(kase.docId);
        file.moveTo(folder);
        file.setShareableByEditors(false);
        for (const mid of kase.archived ? [] : kase.cleared) {
          const email = members.find((m) => m.id === mid)?.email as string;
          g.Drive.Permissions.create(
            {
              role: 'writer',
              type: 'user',
              emailAddress: email,
            } as GoogleAppsScript.Drive_v3.Drive.V3.Schema.Permission,
            kase.docId,
            { sendNotificationEmail: false },
          );
        }
      }
    });
  }
  cases.forEach((kase, i) => {
    rows.Cases[i][4] = kase.docId;
    // Each Doc was made when its report arrived (intake makes it a minute or so later), not at the seeding instant:
    // the access audit lists the folders by creation time (src/flows/audit.ts listBatchAccess).
    ws.data.backdateFile?.(kase.docId, kase.receivedAt + 60 * 1000);
  });

  seedExecution(ws, 'bench:seed-tables', (g) => {
    const registry = g.SpreadsheetApp.openById(ids.registry);
    for (const [tab, block] of Object.entries(rows))
      appendBlock(registry.getSheetByName(tab) as GoogleAppsScript.Spreadsheet.Sheet, block, true);
    const status = g.SpreadsheetApp.openById(ids.status);
    appendBlock(status.getSheetByName('Cases') as GoogleAppsScript.Spreadsheet.Sheet, statusRows, false);
    appendBlock(status.getSheetByName('Conflicts') as GoogleAppsScript.Spreadsheet.Sheet, conflictRows, false);
    if (spec.archiveAfterDays > 0) {
      // The Audit tab keeps what the archive has not moved yet: about 2 + 2 per member rows per case (grid only).
      const kept = cases.filter((c) => !c.archived).length + 1;
      growGrid(registry.getSheetByName('Audit') as GoogleAppsScript.Spreadsheet.Sheet, kept * (2 + 2 * members.length));
    }
  });

  // One archive spreadsheet per year closed, owner only, with the registry's tabs as Sheets creates them (26 columns):
  // Clearances, Votes and Moderation rows written; Outbox and Audit rows counted into the grid, not written.
  const archives: Record<string, string> = {};
  for (const year of Object.keys(archivedByYear).map(Number)) {
    archives[year] = seedExecution(ws, 'bench:seed-archive', (g) => {
      const registry = g.SpreadsheetApp.openById(ids.registry);
      const archive = g.SpreadsheetApp.create(`Conduct Desk archive ${year}`);
      const first = archive.getSheets()[0];
      const block = archived[year] ?? { Clearances: [], Votes: [], Moderation: [] };
      // Inbox: the product's archive run moves the rows it moves there (seedInbox).
      const written: Record<string, unknown[][]> = { ...block, Outbox: [], Inbox: [], Audit: [] };
      for (const tab of ['Clearances', 'Votes', 'Moderation', 'Outbox', 'Inbox', 'Audit']) {
        const from = registry.getSheetByName(tab) as GoogleAppsScript.Spreadsheet.Sheet;
        const sheet = archive.insertSheet(tab);
        const header = from.getRange(1, 1, 1, from.getLastColumn()).getValues();
        sheet.getRange(1, 1, 1, header[0].length).setValues(header);
        appendBlock(sheet, written[tab], true);
      }
      archive.deleteSheet(first);
      growGrid(archive.getSheetByName('Outbox') as GoogleAppsScript.Spreadsheet.Sheet, archivedOutbox[year] ?? 0);
      growGrid(
        archive.getSheetByName('Audit') as GoogleAppsScript.Spreadsheet.Sheet,
        archivedByYear[year] * (2 + 2 * members.length),
      );
      return archive.getId();
    });
  }

  const counts: Record<string, number> = {};
  for (const [tab, block] of Object.entries(rows)) counts[tab] = block.length;
  counts.Members = members.length;
  return { ws, spec, ids, members, cases, docIds: cases.map((c) => c.docId), rows: counts, reports: 0, archives };
}

/**
 * One case's share of the committee account's mail (INBOX_* above): `Inbox` rows (Message ID, Thread ID, History ID,
 * Case ID, From, Received At, State, Section, Updated At), and the messages still in Gmail's inbox (the account's own
 * alert, a waiting email) with the history id the sweep last saw, so nothing is new to it.
 */
function seedInbox(
  ws: Workspace,
  rows: unknown[][],
  random: () => number,
  c: { i: number; id: string; receivedAt: number; from: string },
): void {
  const row = (
    m: { id: string; threadId: string; historyId: number | string },
    caseId: string,
    from: string,
    at: number,
    state: string,
  ) => rows.push([m.id, m.threadId, String(m.historyId), caseId, from, iso(at), state, '', iso(at + HOUR)]);
  const inInbox = (from: string, subject: string, at: number) => {
    const m = ws.mailboxes.receive({ from, to: OWNER, subject, text: 'A message.' });
    // Received then, not at the seeding instant (the inbox lists threads newest first).
    (m as { at: number }).at = at;
    if (from === OWNER) m.labelIds.push('SENT');
    return m;
  };
  const thread = hexId('t', random);
  for (let r = 0; r < INBOX_REPLIES_PER_CASE; r++)
    row(
      { id: hexId('r', random), threadId: thread, historyId: '' },
      c.id,
      c.from,
      c.receivedAt + (r + 1) * 3 * DAY,
      'filed',
    );
  for (let a = 0; a < INBOX_OWN_ALERTS_PER_CASE; a++) {
    const at = c.receivedAt + (a + 1) * HOUR;
    row(inInbox(OWNER, `Conduct Desk: an alert (${c.i}.${a})`, at), '', OWNER, at, 'own');
  }
  if (c.i % INBOX_MADE_CASE_EVERY === 3)
    row({ id: hexId('e', random), threadId: hexId('t', random), historyId: '' }, c.id, c.from, c.receivedAt, 'case');
  if (c.i % INBOX_WAITING_EVERY === 7) {
    const at = c.receivedAt + DAY;
    // Its sender forgotten by retention, as a purged case's reporter is.
    const from = c.from ? `sender${c.i + 1}@example.com` : '';
    row(inInbox(`sender${c.i + 1}@example.com`, `A question (${c.i})`, at), '', from, at, 'waiting');
  }
}

/** Grows a tab's grid to hold `rows` rows below its header (the cells count against the limit, written or not). */
function growGrid(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: number): void {
  const maxRows = sheet.getMaxRows();
  const want = Math.max(sheet.getLastRow(), 1) + rows;
  if (want > maxRows) sheet.insertRowsAfter(maxRows, want - maxRows);
}
