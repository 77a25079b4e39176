// The archive (Settings `Archive closed cases after (days)`): once a week, the rows of cases closed that long move from the registry's Clearances, Votes, Moderation, Outbox, Inbox and Audit tabs to the year's archive spreadsheet, so every execution reads in proportion to open cases; the Cases row stays, with a summary of who was cleared; reopening brings the rows back.
import { DAY_MS, isoOf } from '../core/deadlines';
import { nonEmptyStrings } from '../core/text';
import { replyRefOf } from '../core/replies';
import type { Context } from '../workspace/context';
import { isQuotaSpentForDay, auditError, rethrowEnding } from '../workspace/errors';
import { formatSheetTime } from '../workspace/session';
import {
  ensureRegistryTab,
  findSpreadsheetByName,
  openSpreadsheet,
  readTab,
  removalPlan,
  removeRows,
  rowsInMemory,
  upsertRows,
  type TabRows,
} from '../workspace/archive-store';
import { CELL_WRITE_MS, SHEET_FLUSH_MS, SHEET_WRITE_MS, readNow, readNowIso, outOfTime } from '../workspace/clock';
import type { Table } from '../workspace/table';
import { ensureRegistry, StoreUnopenable, type StepResult } from '../workspace/provision';
import {
  ARCHIVE_SPREADSHEET_NAME,
  ARCHIVED_TABS,
  PROP,
  ROLLBACK_MARKS,
  REGISTRY_HEADERS,
  REGISTRY_TAB,
  type RegistryTab,
} from '../workspace/schema';
import { casesOf, isClosed, owesFollowUp, type Case } from '../records/cases';
import { clearancesOf, isAutomaticConflict, type Clearances } from '../records/clearances';
import { perExecution } from '../records/per-execution';
import { committeeTime, wakeForQuota } from './case-state';
import { inboxThreads, OUT_MS } from './replies';
import { settingsOf, timeZoneOf } from '../workspace/committee';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, readProp, writeProp, requireProp, propMap } from '../workspace/script-properties';
import { registryTab, commitWork } from '../workspace/unit-of-work';

type ArchivedTab = (typeof ARCHIVED_TABS)[number];

/** The archive runs at most this often: each run rewrites the registry's five busiest tabs. */
export const ARCHIVE_EVERY_MS = 7 * DAY_MS;
/**
 * Time an archive run needs left to start, and to take on each tab: a tab's leaving rows are written into the archive
 * and deleted from the registry, so it is begun only with room to finish; what is left waits for the next sweep
 * (`archiving` stays set).
 */
export const ARCHIVE_START_RESERVE_MS = 120_000;
const TAB_RESERVE_MS = 60_000;
/**
 * Rows (of Clearances, Votes, Moderation and Outbox) one run moves at most: a registry that never ran the archive (an
 * install upgraded after years) catches up over several weekly runs, each bounded, instead of one that cannot finish.
 */
const MAX_ROWS_PER_RUN = 15_000;
/** Audit rows younger than this stay whatever their case (an interrupted execution's witness is looked for there). */
const RECENT_AUDIT_MS = 30 * DAY_MS;

/** What a Cases row keeps of an archived case: when, where, and each member's latest clearance `decision/share`. */
export interface ArchiveSummary {
  at: string;
  in: string;
  clearances: Record<string, string>;
}

/** The columns that identify one row of each tab, in the registry and in the archive alike. */
const IDENTITY: Record<ArchivedTab, readonly string[]> = {
  Clearances: ['Case ID', 'Member ID', 'At', 'Decision', 'Via'],
  Votes: ['Vote ID'],
  Moderation: ['Case ID', 'Moderator ID', 'Sent At'],
  Outbox: ['Key'],
  Inbox: ['Message ID'],
  Audit: ['At', 'Actor', 'Event', 'Case ID', 'Detail'],
};

export interface ArchiveReport {
  /** Cases whose rows moved this run. */
  archived: string[];
  /** Rows that left the registry. */
  rows: number;
}

/** The archives that held the case's rows before it was reopened (they keep their copies: src/flows/retention.ts). */
export function archivesBefore(kase: Pick<Case, 'flags'>): string[] {
  return nonEmptyStrings(kase.flags.archivedBefore);
}

/** Every archive spreadsheet holding copies of the case's rows: the one it is in now, and those it was in before. */
export function archivesOf(kase: Pick<Case, 'flags'>): string[] {
  const now = archiveOf(kase)?.in;
  return [...new Set([...(now ? [now] : []), ...archivesBefore(kase)])];
}

/** The case's archive summary, or null when its rows are in the registry. */
export function archiveOf(kase: Pick<Case, 'flags'>): ArchiveSummary | null {
  const value = kase.flags.archived as ArchiveSummary | undefined;
  return value && typeof value === 'object' && typeof value.in === 'string' ? value : null;
}

/** The archive would run now: a run was cut short, or the weekly one is due (Settings' days above 0). */
export function archiveDue(ctx: Context): boolean {
  if (readProp(ctx, PROP.archiving)) return true;
  if (settingsOf(ctx).archiveAfterDays <= 0) return false;
  const now = readNow(ctx);
  const last = Date.parse(readProp(ctx, PROP.archivedAt) ?? '');
  return !(Number.isFinite(last) && last <= now && now - last < ARCHIVE_EVERY_MS);
}

/** The archive is due and some case in `Cases` has been closed long enough for it (the sweep has them read). */
export function archiveWaits(ctx: Context): boolean {
  if (!archiveDue(ctx)) return false;
  if (readProp(ctx, PROP.archiving)) return true;
  const days = settingsOf(ctx).archiveAfterDays;
  const now = readNow(ctx);
  return casesOf(ctx)
    .live()
    .some((c) => isClosed(c) && c.closedAt && !archiveOf(c) && now - Date.parse(c.closedAt) >= days * DAY_MS);
}

/**
 * Moves the rows of cases closed for the Settings' days to the archive. Crash-safe in steps, each repeatable: the
 * cases are marked archived (with their clearance summary) and committed; per tab, their rows are written into the
 * archive (matched by identity, so a second run updates instead of adding), flushed, then taken out of the registry
 * the cheaper way (`removalPlan`: deleted in place, or the tab rebuilt under a temporary name that replaces it once
 * complete); last their Cases rows go to `Archived Cases` the same way. A run moves at most MAX_ROWS_PER_RUN rows and
 * leaves `archiving` set while more waits. The sweep runs it last, and the execution's tables are forgotten after it:
 * mail delivery and the last commit read the tabs again.
 */
export function archiveClosedCases(ctx: Context): ArchiveReport {
  const report: ArchiveReport = { archived: [], rows: 0 };
  if (!archiveDue(ctx)) return report;
  const days = settingsOf(ctx).archiveAfterDays;
  const now = readNow(ctx);
  const interrupted = Boolean(readProp(ctx, PROP.archiving));
  if (outOfTime(ctx, ARCHIVE_START_RESERVE_MS)) return report;
  // A case with mail still to go stays (its rows are the mail).
  const outbox = registryTab(ctx, REGISTRY_TAB.outbox);
  const waiting = ['pending', 'sending', 'held', 'digest'].flatMap((state) => outbox.refsWhere('State', state));
  outbox.fill(waiting);
  const mailWaits = new Set(waiting.map((ref) => outbox.text(ref, 'Case ID')));
  const store = casesOf(ctx);
  const cases = store.all();
  const eligible = cases.filter(
    (c) =>
      days > 0 &&
      isClosed(c) &&
      c.closedAt &&
      !archiveOf(c) &&
      now - Date.parse(c.closedAt) >= days * DAY_MS &&
      !owesFollowUp(c) &&
      !mailWaits.has(c.id) &&
      // The sweep gives person codes to `Cases` rows only, at most 200 a run (patterns.ts): a case archived before it
      // got its codes would never get them, and no later report about the same person would find it.
      Array.isArray(c.flags.persons),
  );
  // A run cut short first finishes the cases it marked (their Cases rows still in `Cases`); then the next are taken, a
  // bounded share a run.
  const unfinished = store.live().some((c) => archiveOf(c) && isClosed(c));
  const due = unfinished ? [] : boundedByRows(ctx, eligible);
  // More waits: the next sweep goes on (not a week later).
  const more = due.length < eligible.length;
  if (!due.length && !interrupted) {
    writeProp(ctx, PROP.archivedAt, readNowIso(ctx));
    return report;
  }
  writeProp(ctx, PROP.archiving, readNowIso(ctx));
  // The committee's year (Settings' time zone), not UTC's: a case archived on New Year's Eve evening in America goes into
  // the archive of the year the committee lived it in.
  const zone = timeZoneOf(ctx);
  let archiveId: string;
  try {
    archiveId = ensureArchive(ctx, Number(formatSheetTime(now, zone).slice(0, 4)));
  } catch (err) {
    // Google's Spreadsheets created quota spent (ADV-457): nothing is lost, the archive waits (`archiving` stays set)
    // and runs at the quota's return (a wake-up), told once per quota day, not a failed step every hour. Its service's
    // name is not confirmed (daily-quota.ts ❓): any daily quota Google words in English counts too.
    if (!isQuotaSpentForDay(err, 'spreadsheets create') && !isQuotaSpentForDay(err)) throw err;
    const told = readNow(ctx) < Number(readProp(ctx, PROP.sheetsDay)) + DAY_MS;
    const back = wakeForQuota(ctx, PROP.sheetsDay, 'Spreadsheets created');
    if (!told)
      recordAudit(
        ctx,
        'archive.waits',
        '-',
        `the archive of the year waits for Google's daily limit on new spreadsheets, back by ${committeeTime(ctx, isoOf(back))}`,
      );
    return report;
  }
  const clearances = clearancesOf(ctx);
  for (const kase of due) {
    const summary: ArchiveSummary = { at: readNowIso(ctx), in: archiveId, clearances: {} };
    summarizeClearances(clearances, kase.id, summary);
    kase.flags.archived = summary;
    store.save(kase);
    report.archived.push(kase.id);
  }

  // Every case marked archived and still closed leaves, this run's, any an interrupted run marked, and the rows an
  // archived case gained since (a member who left, or was onboarded onto it). Those events count only through the
  // summary once their rows are in the archive, so the summary takes them first, in the same commit; a share or mail
  // still pending keeps the case's rows here until it settles (the audit and the outbox read the registry only).
  const pendingShares = new Set(clearances.latestWithShare('pending').map((record) => record.caseId));
  const clearanceRows = registryTab(ctx, REGISTRY_TAB.clearances);
  const leaving = new Set<string>();
  for (const kase of cases) {
    const summary = archiveOf(kase);
    if (!summary || !isClosed(kase)) continue;
    const earlier = !report.archived.includes(kase.id);
    if (earlier && (pendingShares.has(kase.id) || mailWaits.has(kase.id))) continue;
    if (earlier && clearanceRows.refsWhere('Case ID', kase.id).length) {
      summarizeClearances(clearances, kase.id, summary);
      store.save(kase);
    }
    leaving.add(kase.id);
  }
  commitWork(ctx);

  const registry = ctx.work.registrySpreadsheet();
  let finished = true;
  for (const tab of ARCHIVED_TABS) {
    if (outOfTime(ctx, TAB_RESERVE_MS)) {
      finished = false;
      break;
    }
    // The busy tabs as this execution already read them (committed above: they match the sheet); only the
    // append-only Audit tab, which no flow reads, is read here.
    const read =
      tab === 'Audit'
        ? auditRows(registry, now)
        : tab === 'Inbox'
          ? inboxRows(ctx, now)
          : tableRows(
              registryTab(ctx, REGISTRY_TAB[lowerFirst(tab)]),
              tab === 'Outbox' ? oldCommitteeMail(ctx, now) : null,
            );
    // Gmail out of reach (the Inbox's listing): the next sweep goes on, as after a run cut short.
    if (!read && tab === 'Inbox') finished = false;
    if (!read) continue;
    const { header } = read;
    const positions: number[] = [];
    for (let i = 0; i < read.size; i++) if (read.leaves(i, leaving)) positions.push(i);
    if (!positions.length) continue;
    // Begun only with room for what it takes: the rows written into the archive, and their removal.
    const plan = removalPlan(read.size, header.length, positions);
    const takes = writeMs(positions.length, header.length) + plan.ms;
    if (outOfTime(ctx, TAB_RESERVE_MS + takes)) {
      finished = false;
      break;
    }
    upsertRows(archiveId, tab, header, read.rowsAt(positions), (h, row) => identityOf(tab, h, row));
    report.rows += removeRows(registry, tab, header, read, positions, plan);
  }
  // Last, once their other rows have left: the Cases rows themselves, so every execution reads open cases only.
  if (finished && outOfTime(ctx, TAB_RESERVE_MS)) finished = false;
  else if (finished) {
    const moved = moveCaseRows(ctx, leaving);
    if (moved === null) finished = false;
    else report.rows += moved;
  }
  ctx.work.forgetRegistry();
  // The marks may name rows moved out (ADV-541, ADV-542): the next send and conflict set them again.
  if (report.rows) for (const key of ROLLBACK_MARKS) dropProp(ctx, key);
  if (finished && !more) {
    dropProp(ctx, PROP.archiving);
    writeProp(ctx, PROP.archivedAt, readNowIso(ctx));
  }
  recordAudit(
    ctx,
    'archive.moved',
    '-',
    `${report.archived.length} closed cases archived; ${report.rows} rows moved to the archive`,
  );
  return report;
}

/**
 * Moves the `Cases` rows of the leaving cases to the registry's `Archived Cases` tab: written there (over a copy an
 * earlier run or a reopened case left) and committed, then taken out of `Cases` (`removalPlan`). Killed in between, the
 * case is in both tabs, read from `Cases` (src/records/cases.ts), and the next run moves it again. Returns the rows.
 */
function moveCaseRows(ctx: Context, leaving: ReadonlySet<string>): number | null {
  const cases = registryTab(ctx, REGISTRY_TAB.cases);
  const moving = cases.filter((values) => leaving.has(String(values['Case ID']).trim()));
  if (!moving.length) return 0;
  const width = REGISTRY_HEADERS.Cases.length;
  const positions = moving.map((row) => row.ref);
  const plan = removalPlan(cases.size(), width, positions);
  if (outOfTime(ctx, TAB_RESERVE_MS + 2 * writeMs(moving.length, width) + plan.ms)) return null;
  ensureRegistryTab(ctx.work.registrySpreadsheet(), REGISTRY_TAB.archivedCases);
  const archived = registryTab(ctx, REGISTRY_TAB.archivedCases);
  const copies = moving.map(({ values }) => archived.refsWhere('Case ID', String(values['Case ID']).trim())[0]);
  // The copies rewritten, read in one go when the tab was read narrow (intake's history read earlier in this run).
  archived.fill(copies.filter((ref): ref is number => ref !== undefined));
  moving.forEach(({ values }, i) => {
    const ref = copies[i];
    if (ref === undefined) archived.append(values);
    else archived.update(ref, values);
  });
  commitWork(ctx);
  const read = tableRows(cases);
  return removeRows(ctx.work.registrySpreadsheet(), REGISTRY_TAB.cases, read.header, read, positions, plan);
}

/** Writes the member's latest clearance event of the case (its summary's, or a later row's) into `summary`. */
function summarizeClearances(clearances: Clearances, caseId: string, summary: ArchiveSummary): void {
  for (const record of clearances.forCase(caseId))
    summary.clearances[record.memberId] =
      `${record.decision}/${record.share}${isAutomaticConflict(record) ? '/auto' : ''}`;
}

/** About what writing `rows` rows `width` wide takes (the time budget's estimate, src/workspace/clock.ts). */
function writeMs(rows: number, width: number): number {
  return 2 * SHEET_WRITE_MS + SHEET_FLUSH_MS + rows * width * CELL_WRITE_MS;
}

/**
 * The cases to archive this run, earliest closed first, while their rows in the registry's busy tabs add up to at most
 * MAX_ROWS_PER_RUN (the first always, however many it has).
 */
function boundedByRows(ctx: Context, eligible: Case[]): Case[] {
  const tables = (['clearances', 'votes', 'moderation', 'outbox'] as const).map((tab) =>
    registryTab(ctx, REGISTRY_TAB[tab]),
  );
  const sorted = [...eligible].sort((a, b) => a.closedAt.localeCompare(b.closedAt));
  const out: Case[] = [];
  let rows = 0;
  for (const kase of sorted) {
    const own = tables.reduce((n, table) => n + table.refsWhere('Case ID', kase.id).length, 0);
    if (out.length && rows + own > MAX_ROWS_PER_RUN) break;
    out.push(kase);
    rows += own;
  }
  return out;
}

/** The archive spreadsheet of `year`, made (owner only, in the private folder, the registry's tabs) when missing. */
function ensureArchive(ctx: Context, year: number): string {
  const ids = propMap(ctx, PROP.archiveSpreadsheets);
  const owner = requireProp(ctx, PROP.owner);
  const name = `${ARCHIVE_SPREADSHEET_NAME} ${year}`;
  const known = ids[year] ?? findSpreadsheetByName(name, owner);
  // Gone (deleted from the trash), or out of reach now: Drive answers alike. An outage passes, so the year's archive is
  // replaced only once it has not opened for a week of runs; until then the step fails (and retries) as in any outage.
  // The cases archived in it keep their own link to it (their summaries), and the store audit still checks it.
  const failing = propMap(ctx, PROP.archivesFailing);
  const since = known ? Date.parse(failing[known] ?? '') : NaN;
  // One Drive listed as removed is replaced at once: no outage answers so.
  const gone = known ? goneArchives(ctx)[known] : undefined;
  const replace = Boolean(gone) || (Number.isFinite(since) && readNow(ctx) - since >= ARCHIVE_EVERY_MS);
  let step: StepResult;
  try {
    step = ensureRegistry(
      known,
      owner,
      requireProp(ctx, PROP.folderId),
      undefined,
      name,
      `archive of ${year}`,
      // Every registry tab but `Archived Cases`: an archived case's Cases row stays in the registry, in that tab.
      (Object.keys(REGISTRY_HEADERS) as RegistryTab[]).filter((tab) => tab !== REGISTRY_TAB.archivedCases),
      replace ? 'replace' : 'stop',
    );
  } catch (err) {
    if (known && err instanceof StoreUnopenable && !failing[known]) {
      failing[known] = readNowIso(ctx);
      writeProp(ctx, PROP.archivesFailing, JSON.stringify(failing));
    }
    throw err;
  }
  if (step.lost) {
    ids[`${year} (could not be opened since ${String(failing[step.lost] ?? gone).slice(0, 10)})`] = step.lost;
    recordAudit(
      ctx,
      'archive.unreachable',
      '-',
      `the archive of ${year} ${gone ? 'is gone from Drive' : 'has not opened for a week'}: a new one was made`,
    );
  }
  if (known && failing[known]) {
    delete failing[known];
    if (Object.keys(failing).length) writeProp(ctx, PROP.archivesFailing, JSON.stringify(failing));
    else dropProp(ctx, PROP.archivesFailing);
  }
  if (ids[year] !== step.id) {
    ids[year] = step.id;
    writeProp(ctx, PROP.archiveSpreadsheets, JSON.stringify(ids));
  }
  return step.id;
}

/**
 * The archives Drive's changes feed listed as removed, with when (audit.ts hears it; store-audit.ts records it): what
 * they held cannot be read or purged any more, so nothing is tried on them again.
 */
export function goneArchives(ctx: Context): Record<string, string> {
  return propMap(ctx, PROP.archivesGone);
}

/** Records that Drive listed this archive as removed (once). */
export function noteArchiveGone(ctx: Context, id: string): void {
  const gone = goneArchives(ctx);
  if (gone[id]) return;
  gone[id] = readNowIso(ctx);
  writeProp(ctx, PROP.archivesGone, JSON.stringify(gone));
}

function identityOf(tab: ArchivedTab, header: readonly unknown[], row: readonly unknown[]): string {
  return IDENTITY[tab].map((h) => String(row[header.indexOf(h)] ?? '').trim()).join('\u0001');
}

/**
 * Brings an archived case's rows back into the registry (a case reopened, or given a new round): its votes, mail
 * keys and clearances count again. Appended through the execution's tables, so they commit with the flow.
 *
 * The archive may not open: deleted (from a trash emptied, or 30 days after it was trashed), or out of reach now;
 * Drive answers alike (platform reference §3). Or its Clearances tab is gone (deleted by hand, ADV-646). The reopening
 * does not wait on it: who was cleared is what the summary keeps, written back as Clearances rows (the members whose
 * later events are rows already keep those), so access and need-to-know stay as they were; an archive that does not
 * open keeps the case's earlier votes, moderation rounds and sent-mail records, and the Audit tab says so.
 */
export function restoreArchivedCase(ctx: Context, kase: Case): void {
  const summary = archiveOf(kase);
  if (!summary) return;
  let lost = '';
  let archive: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
  try {
    archive = openSpreadsheet(summary.in);
  } catch (err) {
    rethrowEnding(err);
    lost = `its archive could not be opened (${auditError(err, 120)})`;
  }
  if (archive && !appendArchivedRows(ctx, kase, archive)) lost = 'its archive lost its clearances';
  // Told when the archive did not open, or when the summary stood in for its Clearances (not for a case that cleared
  // nobody, nor one whose rows an interrupted archive run left in the registry).
  let told = !archive;
  if (lost) {
    const clearances = clearancesOf(ctx);
    for (const { ref, ...event } of clearances.forCase(kase.id))
      if (ref < 0) told = !!clearances.append({ ...event, note: 'from the archive summary' });
    if (told)
      recordAudit(
        ctx,
        'archive.unreachable',
        kase.id,
        `the case was opened again but ${lost}: its clearances were restored from the summary${archive ? '' : ', its earlier votes, moderation rounds and mail records were not'}`,
      );
  }
  const store = casesOf(ctx);
  store.bringBack(kase);
  // The archive keeps its copies of the rows: a purge must still find them, whichever year's archive takes the case next.
  kase.flags.archivedBefore = [...new Set([...archivesBefore(kase), summary.in])];
  delete kase.flags.archived;
  store.save(kase);
  recordAudit(ctx, 'archive.restored', kase.id, 'the case was opened again: its rows are back in the registry');
}

/**
 * Appends the case's rows of the archive's busy tabs to the registry's, but those already there. False when the
 * archive's Clearances tab holds none of the case's rows: deleted, emptied or made anew by hand (ADV-646).
 */
function appendArchivedRows(ctx: Context, kase: Case, archive: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  let cleared = false;
  for (const tab of ARCHIVED_TABS) {
    if (tab === 'Audit') continue;
    const read = readTab(archive, tab);
    if (tab === 'Clearances') cleared = !!read?.rows.some((row) => row.includes(kase.id));
    if (!read) continue;
    const { header, rows } = read;
    // Clearances and votes in the order they were made (a member's last decides, ADV-645; the last vote is the case's
    // newest, `Votes.latest`, ADV-651), whatever order a hand sort left them in; the other tabs have neither column,
    // and a stable sort keeps their rows as they are.
    const at = header.findIndex((h) => h === 'At' || h === 'Opened At');
    (rows as string[][]).sort((a, b) => +(a[at] > b[at]) || -(a[at] < b[at]));
    const caseColumn = header.indexOf('Case ID');
    const table = registryTab(ctx, REGISTRY_TAB[lowerFirst(tab)]);
    // Rows an interrupted archive run left in the registry are there already.
    const present = new Set(
      table.filterBy('Case ID', kase.id).map((r) =>
        identityOf(
          tab,
          IDENTITY[tab],
          IDENTITY[tab].map((h) => (r.values as Record<string, unknown>)[h]),
        ),
      ),
    );
    // A member with clearance rows here already (a conflict declared on onboarding, a leaving, since the archiving;
    // or every row, left by an interrupted archive run) keeps them as their latest: appended after them, an archived
    // `no-conflict` would read as newer and give back a Doc the member had declared a conflict on.
    const memberColumn = header.indexOf('Member ID');
    const later =
      tab === 'Clearances'
        ? new Set(
            table.filterBy('Case ID', kase.id).map((r) => String((r.values as Record<string, unknown>)['Member ID'])),
          )
        : null;
    for (const row of rows) {
      if (String(row[caseColumn] ?? '').trim() !== kase.id || present.has(identityOf(tab, header, row))) continue;
      if (later?.has(String(row[memberColumn] ?? ''))) continue;
      table.append(Object.fromEntries(header.map((h, i) => [String(h), row[i] as string])) as never);
    }
  }
  return cleared;
}

/** A tab's rows as the archive goes through them: whether row `i` leaves, the rows at some positions, all rows. */
interface ArchivedTabRead extends TabRows {
  header: unknown[];
  leaves(i: number, leaving: ReadonlySet<string>): boolean;
  rowsAt(positions: readonly number[]): unknown[][];
}

/**
 * The Outbox rows of the committee's digests and purge warnings sent over 30 days ago: their keys name a day or week
 * no later run asks about again, and they would pile up in the tab every execution reads, a member's a day, for good.
 */
function oldCommitteeMail(ctx: Context, now: number): (i: number) => boolean {
  const outbox = registryTab(ctx, REGISTRY_TAB.outbox);
  const [keys, states] = [outbox.column('Key'), outbox.column('State')];
  return (i) =>
    states[i] === 'sent' &&
    now - Date.parse(/^-\|(?:digest|purge-warning):(?:week-)?([\d-]{10})/.exec(keys[i])?.[1] ?? '') >= RECENT_AUDIT_MS;
}

/**
 * The Inbox rows that leave (ADV-460): each message the sweep ever read has one, so the tab the hourly sweep reads whole
 * grew with every reply and alert for good. A reply filed under a case leaves with the case; an alert of the account's
 * own (it stays in its inbox) once it is not recent. Neither while its thread is among those the sweep lists (its
 * newest pages, replies.ts): a row is what keeps a message still in the inbox from being read as new (a reply filed
 * again), and a thread past them is read again only with a new message, whose own row it gets. Moving rows beats
 * reading the tab narrow or skipping threads by history id: either still reads a cell or more per row ever read. An
 * email made a case leaves with its case too (its thread's link to it is then read from the archive, replies.ts); not
 * while received within `OUT_MS`, when a message archived without a row is read as new (ADV-653). Kept:
 * waiting emails, the owner's to decide on: gone, one still in the inbox would be read as new and told of again.
 */
function inboxRows(ctx: Context, now: number): ArchivedTabRead | null {
  let listed: Set<string>;
  try {
    listed = new Set([...inboxThreads()].map((t) => t.id));
  } catch (err) {
    // Gmail out of reach: the rows wait for the next sweep (`archiving` stays set), the other tabs do not.
    rethrowEnding(err);
    return null;
  }
  const table = registryTab(ctx, REGISTRY_TAB.inbox);
  const [threads, states, received] = (['Thread ID', 'State', 'Received At'] as const).map((h) => table.column(h));
  const read = tableRows(table);
  return {
    ...read,
    leaves: (i, leaving) =>
      !listed.has(threads[i]) &&
      (/^(filed|kept|case)$/.test(states[i])
        ? now - Date.parse(received[i]) > OUT_MS && read.leaves(i, leaving)
        : states[i] === 'own' && now - Date.parse(received[i]) >= RECENT_AUDIT_MS),
  };
}

/** A registry table: which rows leave is read from `Case ID` (or `alsoLeaves`); only the rows that move are read whole (a narrow read). */
function tableRows(
  table: Pick<Table<'Case ID'>, 'header' | 'size' | 'column' | 'rowsAt' | 'asRows'>,
  alsoLeaves: ((i: number) => boolean) | null = null,
): ArchivedTabRead {
  let caseIds: string[] | null = null;
  return {
    header: table.header(),
    size: table.size(),
    // One scan of the column (a narrow table reads just that column), not a lookup per row.
    leaves: (i, leaving) => leaving.has((caseIds ??= table.column('Case ID'))[i]) || Boolean(alsoLeaves?.(i)),
    rowsAt: (positions) => table.rowsAt(positions),
    all: () => table.asRows().slice(1),
  };
}

/** The append-only Audit tab, read here: a case's entries leave with it, the committee-wide ones once not recent. */
function auditRows(registry: GoogleAppsScript.Spreadsheet.Spreadsheet, now: number): ArchivedTabRead | null {
  const read = readTab(registry, REGISTRY_TAB.audit);
  if (!read) return null;
  const { header, rows } = read;
  const caseColumn = header.indexOf('Case ID');
  const atColumn = header.indexOf('At');
  return {
    ...rowsInMemory(rows),
    header,
    leaves: (i, leaving) => {
      const row = rows[i];
      if (now - Date.parse(String(row[atColumn] ?? '')) < RECENT_AUDIT_MS) return false;
      const caseId = String(row[caseColumn] ?? '').trim();
      return leaving.has(caseId) || caseId === '-' || caseId === '';
    },
    rowsAt: (positions) => positions.map((i) => rows[i]),
  };
}

function lowerFirst(tab: Exclude<ArchivedTab, 'Audit'>): 'clearances' | 'votes' | 'moderation' | 'outbox' | 'inbox' {
  return (tab.charAt(0).toLowerCase() + tab.slice(1)) as 'clearances' | 'votes' | 'moderation' | 'outbox' | 'inbox';
}

/**
 * Per execution: the archives' sent messages to a reporter, reported person or moderator, by reply reference, and the
 * archives not read yet. Read newest year first and only until the reference is found (a reply months on answers a
 * case archived lately), and only the columns up to `To`: ten years of archives, bodies and all, made one reply's
 * run read millions of cells.
 */
const archivedRefsOf = perExecution('flows.archivedReplyRefs', (ctx: Context) => ({
  refs: new Map<string, { key: string; caseId: string; to: string }>(),
  left: archivesNewestFirst(ctx),
}));

/** The archive spreadsheets that can still be read, newest year first. */
function archivesNewestFirst(ctx: Context): string[] {
  const gone = goneArchives(ctx);
  const years = Object.entries(propMap(ctx, PROP.archiveSpreadsheets)).sort(([a], [b]) => b.localeCompare(a));
  return [...new Set(years.map(([, id]) => String(id)))].filter((id) => !gone[id]);
}

function readArchivedRefs(id: string, refs: Map<string, { key: string; caseId: string; to: string }>): void {
  try {
    const sheet = openSpreadsheet(id).getSheetByName(REGISTRY_TAB.outbox);
    const last = sheet?.getLastRow() ?? 0;
    if (!sheet || !last) return;
    const [header, ...rows] = sheet.getRange(1, 1, last, REGISTRY_HEADERS.Outbox.indexOf('To') + 1).getValues();
    const at = (h: string) => header.indexOf(h);
    for (const row of rows) {
      const [key, caseId, to] = [at('Key'), at('Case ID'), at('To')].map((i) => String(row[i] ?? ''));
      if (/\|(reporter|reported-person|d_[^|]*)$/.test(key)) refs.set(replyRefOf(key), { key, caseId, to });
    }
  } catch (err) {
    rethrowEnding(err);
  }
}

/**
 * The archived message a reply's reference names (its key, case and recipients), or null. Read only for a reply to a
 * message of ours the registry's `Outbox` no longer holds: an archived case's, whose reporter (or reported person, or a
 * moderator, ADV-412) writes back months on, and was filed nowhere.
 */
export function archivedReplyRef(ctx: Context, ref: string): { key: string; caseId: string; to: string } | null {
  const { refs, left } = archivedRefsOf(ctx);
  while (!refs.has(ref) && left.length) readArchivedRefs(left.shift() as string, refs);
  return refs.get(ref) ?? null;
}

/**
 * Per execution: the emails the owner made cases of, by thread, from the archives' `Inbox` tabs (their rows move with
 * their cases, ADV-460), and the archives not read yet; newest year first, only until the thread is found, and only
 * the columns up to `State`.
 */
const archivedMadeOf = perExecution('flows.archivedMadeCases', (ctx: Context) => ({
  threads: new Map<string, Array<{ caseId: string; from: string; state: string }>>(),
  left: archivesNewestFirst(ctx),
}));

/** The Inbox rows of an email made a case in this thread, from the archives (the sender's next email is its reporter's). */
export function archivedMadeCases(
  ctx: Context,
  threadId: string,
): Array<{ caseId: string; from: string; state: string }> {
  const { threads, left } = archivedMadeOf(ctx);
  while (!threads.has(threadId) && left.length) {
    try {
      const sheet = openSpreadsheet(left.shift() as string).getSheetByName(REGISTRY_TAB.inbox);
      const last = sheet?.getLastRow() ?? 0;
      if (!sheet || last < 2) continue;
      const [header, ...rows] = sheet.getRange(1, 1, last, REGISTRY_HEADERS.Inbox.indexOf('State') + 1).getValues();
      const [thread, caseId, from, state] = ['Thread ID', 'Case ID', 'From', 'State'].map((h) => header.indexOf(h));
      for (const row of rows) {
        if (String(row[state]) !== 'case') continue;
        const id = String(row[thread]);
        threads.set(id, [
          ...(threads.get(id) ?? []),
          { caseId: String(row[caseId]), from: String(row[from]), state: 'case' },
        ]);
      }
    } catch (err) {
      rethrowEnding(err);
    }
  }
  return threads.get(threadId) ?? [];
}
