// The targets of issue 7, checked against the benchmark's rows: each one met, missed, or not measured in this run.
import { DEFAULT_MAX_DOCS, DEFAULT_PASS_INTERVAL_MS } from '../../src/flows/audit';
import { LISTING_PAGE } from '../../src/workspace/drive-audit';
import { REGISTRY_HEADERS } from '../../src/workspace/schema';
import { HISTORY_HEADERS } from '../../src/records/cases';
import { PUBLISHED_LATENCY } from '../../workbench';
import { CONSUMER_RECIPIENTS, type MailFigures } from './mail';
import type { ResultRow } from './results';
import { CONFLICT_SHARE, OPEN_SHARE } from './world';

const latency = (method: string): number => PUBLISHED_LATENCY[method] ?? PUBLISHED_LATENCY.default ?? 0;

/** Issue 17: every operation within 2x its design-independent bound, in calls and in time. */
export const RATIO_TARGET = 2;
/** Sheets' limit per spreadsheet, every tab's whole grid counted. */
export const MAX_CELLS = 10_000_000;
/** "Flat as closed history grows": the ten-year figure at most this much over the one-year one. */
export const FLAT_TOLERANCE = 1.2;
export const INTAKE_TARGET_MS = 15_000;
export const SWEEP_10K_SIM_MS = 60_000;
export const SWEEP_10K_CPU_MS = 2_000;
/** "Near the 6-minute limit": past the product's own time budget of 4.5 minutes (a 90 s margin to the kill). */
export const EXECUTION_LIMIT_MS = 270_000;
/** Registry tabs read narrow (src/workspace/unit-of-work.ts REGISTRY_NARROW): Outbox and Clearances. */
const NARROW_TABS = 2;

/** Runs of adjacent columns among `wanted`, in the order `headers` lays them out (one read each). */
function columnRuns(headers: readonly string[], wanted: readonly string[]): number {
  const cols = wanted.map((h) => headers.indexOf(h)).sort((a, b) => a - b);
  return cols.filter((c, i) => i === 0 || c !== cols[i - 1] + 1).length;
}

/**
 * The reads intake may add once its history tabs are big enough to read narrow (src/records/cases.ts
 * readHistoryNarrow, each only when the cost model says it costs less than the whole tab): for registry `Cases` and
 * `Archived Cases`, the header and a read per run of the history columns instead of one read; for the status tab, the
 * header and the `Code Name` column instead of one read. A fixed number, whatever the number of cases.
 */
export const INTAKE_NARROW_READS = 2 * columnRuns(REGISTRY_HEADERS.Cases, HISTORY_HEADERS) + 1;
/**
 * 430 KB (250 until issues 14, 16 and 19 added decisions, rounds, confirmations, selfTest, the store audit, meetings
 * and the Code of Conduct change process; 320 until issues 17 and 18 added retention, the archive, the incremental
 * audit, pattern awareness, statistics, replies by email and recorded reports; 352 until issue 17's review fixed the
 * archive's summaries, purges across archives and the person codes of older cases; 360 until lost Docs were replaced
 * and retention and the audit's replacements kept within the time budget; 362 until offboarding was spread over
 * executions and four need-to-know leaks found by an adversarial hunt were closed; 364 until proposal shares got a time
 * budget, copied status rows a rule, the daily Form check its confidentiality settings, and twelve decision-integrity
 * defects found by a hunt were closed; 368 until members could ask for fresh links from an unusable one, mail
 * outlived a MailApp outage and went by its deadlines, and four need-to-know leaks found by a hunt and one in the
 * delivery alerts were closed; 372 until replies were filed by the message they answer, waiting inbox mail was
 * purged and rate-limited, and an emulator-fidelity hunt made meetings and inbox reading work under Google's stricter
 * behaviour; 376 until hunts closed eight defects of the roster's life cycle, fifteen of dates and deadlines across
 * time zones, and those of setup and upgrades; 384 until a deleted row reached the roster through an onChange trigger,
 * a member's move was told by the registry, the Form took the contract's title for the person a report is made for,
 * and hunts closed five defects of setup, rebuild and archive and six of deadlines across time zones; 392 until five
 * hunts closed 30 defects of the Form and intake, the status sheet's protections, the web pages, votes and mail
 * limits; 400 until this stop's hunts and fixes closed 34 defects of identity, intake by email, comments, the audit,
 * the roster, deadlines and the reporter's and reported person's mail; 410 until hunts closed 46 defects of meetings in
 * Calendar (repeating and deleted events), need-to-know across cases, the access audit, sharing drift and shared drives,
 * the moderators and their links, the status sheet over decided cases, votes, mail said sent while it waited, the
 * committee inbox and the reporter's side; the code words and confusables, now spelled out on first use, took load
 * time back; 418 until hunts added 41 adversarial cases: mail through a Google Group, the committee's own addresses and
 * replies from the wrong address, the roster in a shared drive and split Calendar series, moderators' answers, resends
 * and fresh links, closing after a passed response, overdue votes and an override two members decide, the status
 * sheet's reopenings, pastes and risk columns, mail that failed for good, what fills a case Doc, and what the reporter
 * is owed after a close: a waived follow-up and details deleted on request, crash-safe; 430 until hunts closed defects
 * of votes (a closing vote's page, one member holding a passed decision up, changed text, recusals), the moderators
 * (escalations past one email, replies about withdrawn recommendations, resends, withdrawn links), the status sheet and
 * two members' decisions, and lists of cases in one email were bounded); 440 until hunts closed defects of the status
 * sheet's own edits (dragged columns, pasted statuses, retyped headers, renamed Docs), mail under the quota and the rate
 * limit (digests, screening windows, replies answered between the lines) and purge warnings that must go before a purge;
 * 444 until hunts closed defects of mail under Google's quota (a run when the quota comes back, digests checked again as
 * they go, receipts by their case's deadline), the Form's responders, sorts of the status sheet and its rows past the
 * grid, and intakes that never succeed; 446 until hunts closed defects of Google's bulk changes (a version restored, Find
 * and replace), of years of operation (committee mail archived, replies to archived cases read narrow, blank responses)
 * and of the daily quotas besides mail (Documents created in a flood, recording a report meanwhile); 453 until hunts
 * closed defects of Drive refusing shares (what the member and the owner are told, an outage not taken for a refusal),
 * of quotas spent hour after hour (a Doc to replace, the year's archive, an email made a case) with stalled cases told
 * in one email, and of the Inbox tab growing with history (its rows archived); 456 until hunts closed defects of
 * Drive refusals told untruly (an invitation never tried, a retry promised daily and made weekly); 460 until hunts
 * closed defects of pages after a press (a conflict since, details deleted, a ballot no longer counted, bidi text), of
 * years of operation (a trashed Doc shared again, purged mail revived) and of a busy committee (a wake-up lost to the
 * lock, checks of closed cases, a reopening lost to the sweep); 464 until hunts closed defects of the first hour of a
 * registry rollback (a ballot mark moved by another vote's ballot) and of names written encoded (a link's UTF-8,
 * quoted-printable), after stops 57 and 58 made room for their fixes by trims; 465 for one stop, back to 464 once
 * stop 60's trims (one helper each for repeated call forms and texts) took 1.7 KB out, and 463 once stop 61's took
 * 2.1 KB more (rethrowEnding, alertTo and the like): size is a proxy, measured on the
 * minified build; what a member waits for is the parse and initialisation, held to BUNDLE_LOAD_MS below.
 */
export const BUNDLE_BYTES = 463 * 1024;
export const BUNDLE_LOAD_MS = 50;
/** Consumer accounts get 90 minutes of trigger time a day; "far inside" is taken as at most a fifth of it. */
export const CONSUMER_QUOTA_S = 90 * 60;
export const WORKSPACE_QUOTA_S = 6 * 3600;
export const DAILY_SHARE_TARGET = 0.2;

export type Verdict = 'met' | 'missed' | 'not measured';

/** One world's capacity figures: rows per registry tab, and the cells of each spreadsheet's whole grid. */
export interface CapacityFigures {
  cases: number;
  members: number;
  rows: Record<string, number>;
  cells: { registry: number; status: number };
}

export interface TargetResult {
  id: string;
  target: string;
  figure: string;
  verdict: Verdict;
  /** What a figure needs said beside it, or what is missing. */
  note?: string;
  /**
   * A target the product does not claim yet (issue 17's design-independent ratio, the ten-year projection): reported,
   * met or missed, but it does not make the run exit non-zero, so CI's smoke run guards regressions, not aspirations.
   */
  aspiration?: boolean;
  /**
   * A figure timed on the host (CPU milliseconds), not counted (calls, cells, simulated seconds, bytes): a loaded CI
   * machine can miss it by a few milliseconds with nothing changed, so it fails the run only at twice its target.
   */
  hostTimed?: boolean;
}

export interface BundleFigures {
  bytes: number;
  /** Fastest of fresh parses + initialisations in node:vm (contention only adds), and their median. */
  loadMs: number;
  loadMedianMs: number;
}

/** The typical committee of the issue and what its day costs in trigger time. */
export interface DailyEstimate {
  cases: number;
  openCases: number;
  members: number;
  sweepsPerDay: number;
  /** Seconds per idle sweep without its audit share, per Doc audited, per due case, per report. */
  sweepBaseS: number;
  auditPerDocS: number;
  auditDocsPerDay: number;
  dueCasesPerDay: number;
  duePerCaseS: number;
  reportsPerDay: number;
  intakeS: number;
  /**
   * Executions of the installable edit trigger: every edit of the status spreadsheet runs it (counted in the trigger
   * quota). Taken as one edit per open case a week, each priced as the measured roster sync (an upper estimate).
   */
  editsPerDay: number;
  editS: number;
  /** Trigger executions a day: sweeps, submits and edits. */
  executionsPerDay: number;
  /** Mail recipients a day: each report's acknowledgment, screening and access emails, each due case's status email, one reminder digest a member. */
  recipientsPerDay: number;
  /**
   * Google's daily Properties read/write (50,000 on a consumer account) and Email read/write (20,000), every call
   * counted: the hourly sweeps, the reports, a screening page per member for each report, and the edits.
   */
  propertiesPerDay: number;
  gmailPerDay: number;
  totalS: number;
}

/** What the day depends on besides the measured rows (defaults: the seeded worlds' steady state, one report a day). */
export interface DayModel {
  openCases?: number;
  reportsPerDay?: number;
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function rowsOf(rows: ResultRow[], op: ResultRow['op']): ResultRow[] {
  return rows.filter((r) => r.op === op);
}

function byMembers(rows: ResultRow[]): Map<number, ResultRow[]> {
  const out = new Map<number, ResultRow[]>();
  for (const r of rows)
    out.set(
      r.members,
      [...(out.get(r.members) ?? []), r].sort((a, b) => a.cases - b.cases),
    );
  return out;
}

/** The day of a committee with `openCases` open cases out of `cases`, from the measured rows of that world. */
export function estimateDay(
  rows: ResultRow[],
  cases: number,
  members: number,
  model: DayModel = {},
): DailyEstimate | null {
  const find = (op: ResultRow['op']) => rows.find((r) => r.op === op && r.cases === cases && r.members === members);
  const idle = find('sweep-idle');
  const due = find('sweep-due');
  const intake = find('intake');
  const audit = find('audit');
  const roster = find('roster');
  if (!idle || !intake || !audit) return null;
  const docsChecked = Math.max(1, audit.effects.docsAudited);
  const auditPerDocS = audit.simulatedMs / 1000 / docsChecked;
  const sweepBaseS = (idle.simulatedMs - audit.simulatedMs) / 1000;
  // A pass over every Doc takes ceil(N / batch) hourly runs, then waits the pass interval.
  const runsPerPass = Math.ceil(cases / DEFAULT_MAX_DOCS);
  const cycleHours = runsPerPass + DEFAULT_PASS_INTERVAL_MS / 3600000;
  const auditDocsPerDay = Math.min(24 * DEFAULT_MAX_DOCS, (cases * 24) / cycleHours);
  // Each open case past its first follow-up date gets a status email and a reminder once a week.
  const openCases = model.openCases ?? Math.round(cases * OPEN_SHARE);
  const dueCasesPerDay = openCases / 7;
  // A due case costs a Doc entry (open + save) and a status email plus a reminder to each cleared member.
  const mailS = (latency('MailApp.sendEmail') + latency('Properties.setProperty')) / 1000;
  const duePerCaseS =
    (latency('DocumentApp.openById') + latency('Document.saveAndClose')) / 1000 +
    (1 + (1 - CONFLICT_SHARE) * members) * mailS;
  void due;
  const reportsPerDay = model.reportsPerDay ?? 1;
  const intakeS = intake.simulatedMs / 1000;
  const editsPerDay = openCases / 7;
  const editS = (roster?.simulatedMs ?? 0) / 1000;
  const cleared = (1 - CONFLICT_SHARE) * members;
  // A report: the acknowledgment, every member's screening email, an "access granted" to each cleared member. A due
  // case: the reporter's status email; member reminders go out as one digest a member a day (issue 15).
  const recipientsPerDay =
    reportsPerDay * (members + 1 + cleared) + dueCasesPerDay + Math.min(members, dueCasesPerDay * cleared);
  const sweep = find('sweep-hourly') ?? idle;
  const page = find('page');
  const perDay = (service: string) =>
    24 * (sweep.callsByService[service] ?? 0) +
    reportsPerDay * ((intake.callsByService[service] ?? 0) + members * (page?.callsByService[service] ?? 0)) +
    editsPerDay * (roster?.callsByService[service] ?? 0);
  const totalS =
    24 * sweepBaseS +
    auditDocsPerDay * auditPerDocS +
    dueCasesPerDay * duePerCaseS +
    reportsPerDay * intakeS +
    editsPerDay * editS;
  return {
    cases,
    openCases,
    members,
    sweepsPerDay: 24,
    sweepBaseS,
    auditPerDocS,
    auditDocsPerDay,
    dueCasesPerDay,
    duePerCaseS,
    reportsPerDay,
    intakeS,
    editsPerDay,
    editS,
    // Each edit also runs the change trigger (onStatusChange_), which ends before any service call: an execution, no time.
    executionsPerDay: 24 + reportsPerDay + 2 * editsPerDay,
    recipientsPerDay,
    propertiesPerDay: perDay('Properties'),
    gmailPerDay: perDay('Gmail'),
    totalS,
  };
}

export function evaluateTargets(
  rows: ResultRow[],
  bundle: BundleFigures,
  day: DailyEstimate | null,
  capacity: CapacityFigures[] = [],
): TargetResult[] {
  const out: TargetResult[] = [];
  const sizes = [...new Set(rows.map((r) => r.cases))].sort((a, b) => a - b);
  const notMeasured = (id: string, target: string, note: string) =>
    out.push({ id, target, figure: '-', verdict: 'not measured', note });

  // 1. Intake and screening do not grow with the number of cases (intake: beyond the fixed reads of its narrow history).
  for (const op of ['intake', 'screening'] as const) {
    const groups = byMembers(rowsOf(rows, op));
    const figures: string[] = [];
    const allowance = op === 'intake' ? INTAKE_NARROW_READS : 0;
    let flat = true;
    for (const [m, list] of groups) {
      const trips = list.map((r) => r.roundTrips);
      figures.push(`${m} members: ${list.map((r) => `${r.roundTrips}@${r.cases}`).join(', ')}`);
      if (Math.max(...trips) > Math.min(...trips) + allowance) flat = false;
    }
    out.push({
      id: `flat-${op}`,
      target:
        op === 'intake'
          ? `round trips per intake do not grow with the number of cases, beyond the ${INTAKE_NARROW_READS} reads its history tabs take once reading them narrow costs less (a header and a read per run of columns)`
          : 'round trips per screening answer do not grow with the number of cases',
      figure: figures.join('; '),
      verdict: sizes.length < 2 ? 'not measured' : flat ? 'met' : 'missed',
    });
  }

  // 2. The sweep's reads do not grow with the number of cases (only the calls for due work).
  {
    const groups = byMembers(rowsOf(rows, 'sweep-idle'));
    const figures: string[] = [];
    let ok = true;
    for (const [m, list] of groups) {
      // Not growing: no world reads more than the smallest, give or take the one read a narrow tab (Outbox,
      // Clearances) may need for its rows when they do not all fall in the first rows read (at 10 cases one read
      // spans them). A bigger world may read fewer (at 10,000 cases the pass's first run audits 2,000 open cases'
      // Docs and does not reach the archived cases, whose tab it skips).
      const sheet = [...list].sort((a, b) => a.cases - b.cases).map((r) => r.sheetReads);
      if (Math.max(...sheet) > sheet[0] + NARROW_TABS) ok = false;
      if (list.some((r) => r.effects.docsAudited > DEFAULT_MAX_DOCS + LISTING_PAGE)) ok = false;
      const saturated = list.filter((r) => r.cases >= DEFAULT_MAX_DOCS);
      if (saturated.length > 1 && new Set(saturated.map((r) => r.roundTrips)).size > 1) ok = false;
      figures.push(
        `${m} members: sheet reads ${list.map((r) => `${r.sheetReads}@${r.cases}`).join(', ')}; Docs audited ${list.map((r) => `${r.effects.docsAudited}@${r.cases}`).join(', ')}; round trips ${list.map((r) => `${r.roundTrips}@${r.cases}`).join(', ')}`,
      );
    }
    out.push({
      id: 'flat-sweep',
      target: `the idle sweep's reads do not grow with the number of cases (sheet reads never more than at the smallest size, plus one for each of the ${NARROW_TABS} tabs read narrow; at most ${DEFAULT_MAX_DOCS} Docs audited per run, read ${LISTING_PAGE} to a Drive listing page, so at most one page past the batch)`,
      figure: figures.join('; '),
      verdict: sizes.length < 2 ? 'not measured' : ok ? 'met' : 'missed',
    });
  }

  // 3. Every operation within 2x its design-independent bound, in calls and in time (the worse of the two).
  {
    const worse = (r: ResultRow) => Math.max(r.ratio, r.timeRatio);
    const over = rows.filter((r) => worse(r) > RATIO_TARGET).sort((a, b) => worse(b) - worse(a));
    const worst = [...rows].sort((a, b) => worse(b) - worse(a))[0];
    const show = (r: ResultRow) =>
      `${r.op} ${r.cases}x${r.members} ${r.ratio.toFixed(1)}x calls, ${r.timeRatio.toFixed(1)}x time`;
    out.push({
      id: 'ratio',
      target: `every operation within ${RATIO_TARGET}x its design-independent lower bound (calls and simulated time)`,
      figure: over.length
        ? `${over.length} of ${rows.length} over; the worst: ${over.slice(0, 8).map(show).join(', ')}${over.length > 8 ? ' (every ratio: Results)' : ''}`
        : `worst ${worst ? show(worst) : '-'}`,
      verdict: over.length ? 'missed' : 'met',
      aspiration: true,
    });
  }

  // 4. Intake with 15 members under 15 s simulated.
  {
    const list = rowsOf(rows, 'intake').filter((r) => r.members === 15);
    if (!list.length)
      notMeasured('intake-15', 'intake with 15 members under 15 s simulated', 'no 15-member world in this run');
    else {
      const worst = Math.max(...list.map((r) => r.simulatedMs));
      out.push({
        id: 'intake-15',
        target: 'intake with 15 members under 15 s simulated',
        figure: `${fmtS(worst)} (worst over ${list.map((r) => r.cases).join(', ')} cases)`,
        verdict: worst < INTAKE_TARGET_MS ? 'met' : 'missed',
      });
    }
  }

  // 5. The sweep over 10,000 cases under 60 s simulated and 2 s CPU.
  {
    const list = rowsOf(rows, 'sweep-idle').filter((r) => r.cases === 10000);
    if (!list.length)
      notMeasured(
        'sweep-10k',
        'the sweep over 10,000 cases under 60 s simulated and 2 s CPU',
        'no 10,000-case world in this run',
      );
    else {
      const sim = Math.max(...list.map((r) => r.simulatedMs));
      const cpu = Math.max(...list.map((r) => r.bundleCpuMs + r.loadCpuMs));
      out.push({
        id: 'sweep-10k',
        target: 'the sweep over 10,000 cases under 60 s simulated and 2 s CPU',
        figure: `${fmtS(sim)} simulated, ${(cpu / 1000).toFixed(2)} s CPU (bundle + load; worst over ${list.map((r) => r.members).join(', ')} members)`,
        verdict: sim < SWEEP_10K_SIM_MS && cpu < SWEEP_10K_CPU_MS ? 'met' : 'missed',
      });
    }
  }

  // 6. No execution near the 6-minute limit.
  {
    const worst = [...rows].sort((a, b) => b.maxExecutionMs - a.maxExecutionMs)[0];
    out.push({
      id: 'six-minutes',
      target: `no execution near the 6-minute limit (none over ${EXECUTION_LIMIT_MS / 1000} s, the product's time budget)`,
      figure: worst
        ? `longest: ${worst.op} at ${worst.cases} cases x ${worst.members} members, ${fmtS(worst.maxExecutionMs)}`
        : '-',
      verdict: !worst ? 'not measured' : worst.maxExecutionMs <= EXECUTION_LIMIT_MS ? 'met' : 'missed',
    });
  }

  // 7. Daily trigger time of a typical committee.
  if (!day)
    notMeasured(
      'daily',
      'daily trigger time of a typical committee far inside the 90-minute consumer quota',
      'needs the 1,000-case, 15-member world',
    );
  else {
    out.push({
      id: 'daily',
      target: `daily trigger time of a typical committee (${day.openCases} open of ${day.cases} cases, ${day.members} members, hourly sweep, edit-trigger runs included) at most ${DAILY_SHARE_TARGET * 100}% of the 90-minute consumer quota`,
      figure: `${(day.totalS / 60).toFixed(1)} min/day = ${((day.totalS / CONSUMER_QUOTA_S) * 100).toFixed(1)}% of 90 min (${((day.totalS / WORKSPACE_QUOTA_S) * 100).toFixed(1)}% of Workspace's 6 h); ${day.executionsPerDay.toFixed(0)} trigger executions and ${day.recipientsPerDay.toFixed(0)} mail recipients a day (${CONSUMER_RECIPIENTS} on a consumer account)`,
      verdict: day.totalS <= DAILY_SHARE_TARGET * CONSUMER_QUOTA_S ? 'met' : 'missed',
    });
  }

  // 8. Bundle size and load time.
  out.push({
    id: 'bundle-size',
    target: `build/Code.js at most ${BUNDLE_BYTES / 1024} KB`,
    figure: `${(bundle.bytes / 1024).toFixed(1)} KB`,
    verdict: bundle.bytes <= BUNDLE_BYTES ? 'met' : 'missed',
  });
  out.push({
    id: 'bundle-load',
    target: 'bundle parsed and initialised in under 50 ms',
    figure: `${bundle.loadMs.toFixed(1)} ms (fastest of 11 in node:vm, fresh context; median ${bundle.loadMedianMs.toFixed(1)} ms)`,
    verdict: bundle.loadMs < BUNDLE_LOAD_MS ? 'met' : 'missed',
    hostTimed: bundle.loadMs < 2 * BUNDLE_LOAD_MS,
  });

  // 9. Capacity on the full grid: Sheets counts every cell of every tab's grid (maxRows x maxColumns), used or not.
  if (!capacity.length)
    notMeasured('capacity', `every registry within Sheets' ${MAX_CELLS.toLocaleString('en-US')} cells`, 'no world');
  else {
    const over = capacity.filter((c) => Math.max(c.cells.registry, c.cells.status) > MAX_CELLS);
    const worst = [...capacity].sort((a, b) => b.cells.registry - a.cells.registry)[0];
    out.push({
      id: 'capacity',
      target: `every seeded registry and status spreadsheet within Sheets' ${MAX_CELLS.toLocaleString('en-US')} cells, counted on the full grid`,
      figure: over.length
        ? `over: ${over.map((c) => `${c.cases}x${c.members} ${c.cells.registry.toLocaleString('en-US')}`).join(', ')}`
        : `largest: registry of ${worst.cases}x${worst.members}, ${worst.cells.registry.toLocaleString('en-US')} cells`,
      verdict: over.length ? 'missed' : 'met',
    });
  }

  // Checks of the benchmark itself (a sweep with nothing due must send nothing…).
  const problems = rows.flatMap((r) => r.problems.map((p) => `${r.op} ${r.cases}x${r.members}: ${p}`));
  out.push({
    id: 'checks',
    target: 'outcome checks (nothing due sends nothing, intake mails every member, one share per answer…)',
    figure: problems.length ? problems.join('; ') : 'all passed',
    verdict: problems.length ? 'missed' : 'met',
  });
  return out;
}

/** Issue 15: the typical committee at most half a consumer account's daily recipients, the big one within them. */
export const MAIL_TYPICAL_SHARE = 0.5;

/** The mail targets of issue 15, from the mail figures (scripts/bench/mail.ts). */
export function evaluateMailTargets(mail: MailFigures | null): TargetResult[] {
  const out: TargetResult[] = [];
  // Judged at the daily model's report rate and on the mean: mail past a day's quota waits for the next day, lowest
  // class first, so what must fit is the sustained load; the busiest day is shown beside it.
  const day = (id: string) => mail?.days.find((d) => d.profile === id && d.rate === 'model');
  const perDay = (id: string, limit: number, target: string) => {
    const d = day(id);
    if (!d) {
      out.push({
        id: `mail-${id}`,
        target,
        figure: '-',
        verdict: 'not measured',
        note: 'the smoke run measures the small committee only',
      });
      return;
    }
    out.push({
      id: `mail-${id}`,
      target,
      figure: `${d.mean.toFixed(1)} recipients a day on average over ${d.days} days with ${d.reports} report(s); ${d.max} on the busiest day`,
      verdict: d.mean <= limit ? 'met' : 'missed',
    });
  };
  perDay(
    'typical',
    CONSUMER_RECIPIENTS * MAIL_TYPICAL_SHARE,
    `a typical committee (15 members, 30 open cases) sends to at most ${CONSUMER_RECIPIENTS * MAIL_TYPICAL_SHARE} recipients a day on average (half a consumer account's ${CONSUMER_RECIPIENTS})`,
  );
  perDay(
    'big',
    CONSUMER_RECIPIENTS,
    `a big committee (30 members, 100 open cases) stays within a consumer account's ${CONSUMER_RECIPIENTS} recipients a day on average`,
  );
  const flood = mail?.flood;
  if (!flood) {
    out.push({
      id: 'mail-flood',
      target: 'acknowledgments inside their deadline under a flood',
      figure: '-',
      verdict: 'not measured',
    });
    return out;
  }
  out.push({
    id: 'mail-flood',
    target: `under a flood of ${flood.junkReports} reports on a consumer account (${flood.quota} a day), every acknowledgment inside its 24 hours (the day's quota can carry all ${flood.acks}), the urgent alert within the hour, the owner told once`,
    figure: `longest acknowledgment ${flood.maxAckHours.toFixed(1)} h (${flood.acksLate} late), urgent alert after ${flood.urgentAlertMinutes.toFixed(0)} min, ${flood.ownerNotices} notice(s)`,
    verdict: flood.acksLate === 0 && flood.urgentAlertMinutes <= 60 && flood.ownerNotices === 1 ? 'met' : 'missed',
  });
  return out;
}
