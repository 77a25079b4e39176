// Plays a validated scenario against the emulator: setup, roster and settings through the status sheet's UI, then every step as the person would do it.
import {
  answerForPerson,
  Browser,
  candidateLinks,
  choose,
  describePage,
  extractLinks,
  fill,
  LINK_NAMES,
  mailboxNewestFirst,
  mentions,
  offeredOperations,
  refusalOf,
  splitNames,
  tick,
  type CaseClue,
  type ExecutionResult,
  type HtmlForm,
  type LinkKind,
  type SentMail,
  type Visit,
  type WorkspaceApi,
  type WorkspaceOptions,
} from '../../workbench';
import { parseDuration, type Member, type Scenario, type Step } from './schema';
import { formatForSheet } from '../../src/core/deadlines';

export const STATUS_SPREADSHEET_NAME = 'Conduct Desk — status';
export const REGISTRY_SPREADSHEET_NAME = 'Conduct Desk — private registry';

/** What the scenario could not do, or an execution its step caused that failed. */
export interface RunError {
  /** 0-based index into `steps`, or `setup` / `settings` / `committee` for the runner's own preparation. */
  step: number | 'setup' | 'settings' | 'committee';
  action: string;
  reason: string;
  /** ISO instant of the first occurrence. */
  at: string;
  /** `refused`: the person could not do it; `execution`: an execution the step caused (a trigger, a page) failed. */
  kind: 'refused' | 'execution';
  /** How many times the same failure happened within the step (trigger failures repeat while time advances). */
  count: number;
  /**
   * Later steps not done only because of this failure (the case it should have made does not exist, a vote that was
   * never opened cannot be cast): each is listed here once instead of repeating this cause as errors of its own.
   */
  followOns?: FollowOn[];
}

/** A step that could not be done because of an earlier failure; `reason` is what that step itself ran into. */
export interface FollowOn {
  step: RunError['step'];
  action: string;
  /** What was missing, in a few words ("case 1 does not exist"). */
  missing: string;
  reason: string;
  at: string;
}

export interface CaseRef {
  n: number;
  responseId: string;
  caseId: string;
  codeName: string;
  docId: string;
  /** The member who recorded the report on their page (a `recordReport` step); absent for Form reports. */
  recordedBy?: string;
}

/** One line of the timeline: a step the scenario took, who did it, and what came of it. */
export interface StepRecord {
  step: number | 'setup' | 'settings' | 'committee';
  at: string;
  actor: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'refused' | 'partial';
  mails: Array<{ seq: number; to: string[]; subject: string }>;
  executions: number[];
  /** Cells a person typed in the status spreadsheet during the step (so checkers can tell their formulas from the system's). */
  cells: Array<{ spreadsheetId: string; tab: string; row: number; column: number; value: unknown }>;
}

/** A page as a person's browser received it (before it is reduced to its visible text for state.json). */
export interface SeenPage {
  at: number;
  person: string;
  link: string;
  method: 'GET' | 'POST';
  title: string;
  body: string;
}

export interface PlayResult {
  ws: WorkspaceApi;
  /** Every page a person saw, in order. */
  pages: SeenPage[];
  scenario: Scenario;
  errors: RunError[];
  cases: CaseRef[];
  steps: StepRecord[];
  transcript: string[];
  statusSpreadsheetId: string | null;
  registrySpreadsheetId: string | null;
  /** Response ids in submission order (case n = index n-1). */
  reports: string[];
  /** The lines every `selfTest` step printed, run after run. */
  selfTest: string[];
}

export interface PlayOptions {
  /** Makes the Workspace (injectable so tests can hand in a bundle dir or their own emulator). */
  createWorkspace: (options: WorkspaceOptions) => WorkspaceApi;
  buildDir?: string;
  /**
   * Receives each transcript line as it is produced (default: nothing; the lines are also returned). `kind` is
   * `failure` for a step not done (or done in part) and a failed execution, so a quiet caller can keep just those.
   */
  log?: (line: string, kind: LineKind) => void;
  /** Called after setup, settings, committee and every step, with the step's record: tests check invariants here. */
  onStep?: (record: StepRecord, ws: WorkspaceApi) => void;
}

export type LineKind = 'failure' | 'info';

/** The link each scenario action follows. */
export const ACTION_LINKS = {
  openVote: 'case',
  vote: 'vote',
  sendRecommendation: 'case',
  moderatorReply: 'moderator',
  sendLetter: 'case',
  sendFollowUp: 'case',
  onboard: 'onboard',
} as const satisfies Record<string, LinkKind>;

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** An instant as `yyyy-MM-ddTHH:mm` wall-clock time in `timeZone`: what a datetime-local field holds. */
export function wallClock(ms: number, timeZone: string): string {
  // The product's own sheet format (`yyyy-MM-dd HH:mm` in the zone), with the field's `T`.
  return formatForSheet(new Date(ms).toISOString(), timeZone).replace(' ', 'T');
}

/** `Mon 03-02 09:00` in UTC: short enough for a transcript, unambiguous within a scenario. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function errorText(err: unknown): string {
  return String((err as { message?: string })?.message ?? err);
}

/** `steps[3] respond` as the validator names steps; the preparation by its name (`setup`). */
function stepLabel(step: RunError['step'], action: string): string {
  return typeof step === 'number' ? `steps[${step}] ${action}` : step === action ? step : `${step} ${action}`;
}

/**
 * The step a step needs before it, on the same case: a vote needs an opened vote, a moderator's answer needs the
 * recommendation, the follow-up needs the letter. While the needed step has only ever been refused, a refusal of
 * the dependent one is a follow-on of it, not news. (Only pairs where the product offers no other way.)
 */
const PREREQUISITES: Partial<Record<string, { action: string; missing: (n: number) => string }>> = {
  vote: { action: 'openVote', missing: (n) => `no vote was opened on case ${n}` },
  moderatorReply: {
    action: 'sendRecommendation',
    missing: (n) => `no recommendation went to the moderators for case ${n}`,
  },
  sendFollowUp: { action: 'sendLetter', missing: (n) => `no letter was sent for case ${n}` },
};

interface CellRef {
  row: number;
  column: number;
}

/** The scenario runner: one instance per run. */
class Player {
  readonly ws: WorkspaceApi;
  /** Every GET and POST a person makes goes through the workbench's browser. */
  private readonly browser: Browser;
  readonly errors: RunError[] = [];
  readonly steps: StepRecord[] = [];
  readonly transcript: string[] = [];
  readonly reports: string[] = [];
  /** Registry id of each report a member recorded → that member (state.json `cases[].recordedBy`). */
  private readonly recordedBy = new Map<string, string>();
  /** What each selfTest run printed (state.json `selfTest`). */
  readonly selfTestLines: string[] = [];
  /** Every page a person's browser showed, with who it was (state.json `pages`). */
  readonly pagesSeen: SeenPage[] = [];
  /** Who is acting in the current step (the person whose browser makes the requests). */
  private actor = '';
  /** Per report (index n-1): its step, when it was submitted and whom it names, for telling emails apart. */
  private readonly reportClues: Array<{ step: number; at: number; names: string[] }> = [];
  /**
   * What a failure left missing (`case 1`, `status spreadsheet`, `report form`) → the error that reported it; a later
   * step that needs it is that error's follow-on.
   */
  private readonly missing = new Map<string, RunError>();
  /** `openVote 1` → done, or the error of its refusal while it was never done (see PREREQUISITES). */
  private readonly prerequisites = new Map<string, RunError | 'done'>();
  cases: CaseRef[] = [];
  private mailSeen = 0;
  private executionsSeen = 0;
  private readonly dayStart: number;
  /**
   * The latest instant the scenario itself named (its start, an `at`, plus each `after`). The clock runs past it
   * while people act (every execution takes simulated seconds), so only an `at` before this went back in time.
   */
  private scenarioClock: number;
  private readonly seenFailures = new Set<string>();
  /** Cells typed since the last record. */
  private readonly typedCells: StepRecord['cells'] = [];
  statusId: string | null = null;
  registryId: string | null = null;

  constructor(
    readonly scenario: Scenario,
    private readonly options: PlayOptions,
  ) {
    const start = Date.parse(scenario.start);
    this.dayStart = Math.floor(start / DAY_MS) * DAY_MS;
    this.scenarioClock = start;
    this.ws = options.createWorkspace({
      start,
      owner: scenario.owner,
      faults: scenario.faults,
      latency: scenario.latency,
      profile: scenario.profile,
      locale: scenario.locale,
      mailQuota: scenario.mailQuota,
      seed: scenario.seed,
      timeZone: scenario.timeZone,
      noGoogleAccount: scenario.noGoogleAccount,
      buildDir: options.buildDir,
    });
    this.browser = new Browser(this.ws, {
      afterRequest: (request, response) =>
        this.pagesSeen.push({
          at: this.now,
          person: this.actor,
          link: request.url,
          method: request.method,
          title: response.title,
          body: response.body,
        }),
    });
  }

  private get now(): number {
    return this.ws.rt.now();
  }

  private say(line: string, kind: LineKind = 'info'): void {
    this.transcript.push(line);
    this.options.log?.(line, kind);
  }

  private sayAt(line: string, at = this.now, kind: LineKind = 'info'): void {
    this.say(`[${formatClock(at)}] ${line}`, kind);
  }

  private isAlert(mail: SentMail): boolean {
    const owner = this.scenario.owner.toLowerCase();
    return mail.subject.startsWith('[Conduct Desk]') || [...mail.to, ...mail.cc].some((a) => a.toLowerCase() === owner);
  }

  /** Prints and returns the mail sent since the last call. */
  private takeNewMail(): SentMail[] {
    const all = this.ws.mail();
    const fresh = all.slice(this.mailSeen);
    this.mailSeen = all.length;
    // One message to several people in the same minute is one line: the reader sees who was told, not copies.
    const lines: Array<{ head: string; subject: string; who: string[] }> = [];
    for (const m of fresh) {
      const head = `${this.isAlert(m) ? '⚠ alert' : '✉ mail '} ${formatClock(m.at)}`;
      const who = [...m.to, ...m.cc.map((a) => `cc ${a}`), ...m.bcc.map((a) => `bcc ${a}`)];
      const last = lines[lines.length - 1];
      if (last && last.head === head && last.subject === m.subject) last.who.push(...who);
      else lines.push({ head, subject: m.subject, who });
    }
    for (const line of lines) this.say(`    ${line.head} → ${line.who.join(', ')}: ${JSON.stringify(line.subject)}`);
    return fresh;
  }

  private takeNewExecutions(): number[] {
    const records = this.ws.rt.executions;
    const fresh = records.slice(this.executionsSeen);
    this.executionsSeen = records.length;
    return fresh.map((r) => r.id);
  }

  private addError(
    step: RunError['step'],
    action: string,
    reason: string,
    kind: RunError['kind'],
    at = this.now,
  ): RunError {
    const existing = this.errors.find(
      (e) => e.step === step && e.action === action && e.reason === reason && e.kind === kind,
    );
    if (existing) {
      existing.count += 1;
      return existing;
    }
    const error: RunError = { step, action, reason, at: iso(at), kind, count: 1 };
    this.errors.push(error);
    return error;
  }

  /** Records failed executions among `results` as errors of the step; prints each distinct failure once. */
  private noteFailures(step: RunError['step'], action: string, results: ExecutionResult[]): number {
    let failed = 0;
    for (const r of results) {
      if (r.record.outcome === 'ok') continue;
      failed++;
      const reason = `${r.record.fn} ${r.record.outcome === 'killed' ? 'was killed' : 'failed'}: ${r.record.error ?? 'unknown error'}`;
      this.addError(step, action, reason, 'execution', r.record.startedAt);
      const key = `${r.record.fn}|${r.record.error}`;
      if (!this.seenFailures.has(key)) {
        this.seenFailures.add(key);
        this.say(`    ✗ ${formatClock(r.record.startedAt)} ${reason} (during ${stepLabel(step, action)})`, 'failure');
      }
    }
    return failed;
  }

  private record(
    step: StepRecord['step'],
    actor: string,
    action: string,
    summary: string,
    outcome: StepRecord['outcome'],
    at: number,
  ): void {
    const mails = this.takeNewMail();
    const record: StepRecord = {
      step,
      at: iso(at),
      actor,
      action,
      summary,
      outcome,
      mails: mails.map((m) => ({ seq: m.seq, to: m.to, subject: m.subject })),
      executions: this.takeNewExecutions(),
      cells: this.typedCells.splice(0),
    };
    this.steps.push(record);
    this.options.onStep?.(record, this.ws);
  }

  // ------------------------------------------------------------------------------------------------
  // Spreadsheet lookups (as the snapshot shows them; a person sees the same values)

  private locateSpreadsheets(): void {
    const props = this.ws.properties();
    const byName = (name: string) => this.ws.data.findFilesByName(name).find((f) => !f.trashed)?.id ?? null;
    this.statusId = props.statusSpreadsheetId || byName(STATUS_SPREADSHEET_NAME);
    this.registryId = props.registrySpreadsheetId || byName(REGISTRY_SPREADSHEET_NAME);
  }

  private readTab(spreadsheetId: string | null, tab: string): unknown[][] | null {
    if (!spreadsheetId) return null;
    try {
      return this.ws.data.sheet(spreadsheetId, tab).rows;
    } catch {
      return null;
    }
  }

  private static columnOf(header: unknown[], name: string): number {
    const want = name.trim().toLowerCase();
    return header.findIndex(
      (h) =>
        String(h ?? '')
          .trim()
          .toLowerCase() === want,
    );
  }

  /** Registry ids of the reports members recorded on their page (`rec:…`: no Form response behind them). */
  private recordedResponseIds(): string[] {
    if (!this.registryId) this.locateSpreadsheets();
    const [header, ...data] = this.readTab(this.registryId, 'Cases') ?? [[]];
    const col = Player.columnOf(header ?? [], 'Response ID');
    return col < 0 ? [] : data.map((r) => String(r[col] ?? '')).filter((id) => id.startsWith('rec:'));
  }

  /** Re-learns case n → code name and doc id from the private registry. */
  private refreshCases(): CaseRef[] {
    if (!this.registryId || !this.statusId) this.locateSpreadsheets();
    const rows = this.readTab(this.registryId, 'Cases');
    const fresh: CaseRef[] = [];
    if (rows && rows.length > 0) {
      const [header, ...data] = rows;
      const col = (n: string) => Player.columnOf(header, n);
      const [cResponse, cCode, cDoc, cCase] = [col('Response ID'), col('Code Name'), col('Doc ID'), col('Case ID')];
      this.reports.forEach((responseId, i) => {
        if (!responseId) return;
        const row = cResponse >= 0 ? data.find((r) => String(r[cResponse]) === responseId) : undefined;
        if (!row) return;
        fresh.push({
          n: i + 1,
          ...(this.recordedBy.has(responseId) ? { recordedBy: this.recordedBy.get(responseId) } : {}),
          responseId,
          caseId: cCase >= 0 ? String(row[cCase] ?? '') : '',
          codeName: cCode >= 0 ? String(row[cCode] ?? '') : '',
          docId: cDoc >= 0 ? String(row[cDoc] ?? '') : '',
        });
      });
    }
    for (const c of fresh) {
      if (!this.cases.some((k) => k.n === c.n)) this.say(`    case ${c.n} is "${c.codeName}" (Doc ${c.docId || '?'})`);
    }
    this.cases = fresh;
    return fresh;
  }

  private caseRef(n: number): CaseRef {
    const ref = this.cases.find((c) => c.n === n);
    if (ref && ref.codeName) return ref;
    if (n > this.reports.length) throw new Refusal(`case ${n} was never reported`);
    const needs = { key: `case ${n}`, missing: `case ${n} does not exist` };
    if (this.reports[n - 1] === '')
      throw new Refusal(`case ${n} does not exist: the Form did not accept its report`, needs);
    throw new Refusal(`case ${n} (response ${this.reports[n - 1]}) is not in the registry: intake did not create it`, {
      ...needs,
      missing: `intake did not create case ${n}`,
    });
  }

  private requireStatus(): string {
    if (!this.statusId) this.locateSpreadsheets();
    if (!this.statusId) {
      throw new Refusal(`there is no status spreadsheet ("${STATUS_SPREADSHEET_NAME}"): setup did not create it`, {
        key: 'status spreadsheet',
        missing: 'there is no status spreadsheet',
      });
    }
    return this.statusId;
  }

  /**
   * The error that already accounts for `key` being missing: the first refusal that ran into it, else the failure
   * that must have caused it (setup failing leaves no spreadsheet or Form; intake failing during the report step
   * leaves no case). Null when nothing earlier explains it: then this refusal is the one to report in full.
   */
  private rootOf(key: string): RunError | null {
    const known = this.missing.get(key);
    if (known) return known;
    if (key === 'status spreadsheet' || key === 'report form') {
      return this.errors.find((e) => e.step === 'setup' && e.kind === 'execution') ?? null;
    }
    const caseN = /^case (\d+)$/.exec(key);
    const reportStep = caseN ? this.reportClues[Number(caseN[1]) - 1]?.step : undefined;
    if (reportStep === undefined) return null;
    return this.errors.find((e) => e.step === reportStep && e.action === 'report' && e.kind === 'execution') ?? null;
  }

  /** Why a refused step is a follow-on of an earlier failure (and of which), or null when its refusal is news. */
  private followOnOf(err: Refusal, step?: Step): { root: RunError; missing: string } | null {
    if (err instanceof PartialRefusal) return null;
    if (err.needs) {
      const root = this.rootOf(err.needs.key);
      return root ? { root, missing: err.needs.missing } : null;
    }
    if (!step) return null;
    const prerequisite = PREREQUISITES[step.action ?? ''];
    const n = caseOf(step);
    if (!prerequisite || typeof n !== 'number') return null;
    const state = this.prerequisites.get(`${prerequisite.action} ${n}`);
    return state && state !== 'done' ? { root: state, missing: prerequisite.missing(n) } : null;
  }

  private tabRows(tab: string): unknown[][] {
    const rows = this.readTab(this.requireStatus(), tab);
    if (!rows) throw new Refusal(`the status spreadsheet has no "${tab}" tab`);
    if (rows.length === 0) throw new Refusal(`the "${tab}" tab has no header row`);
    return rows;
  }

  private column(tab: string, header: unknown[], name: string): number {
    const index = Player.columnOf(header, name);
    if (index < 0)
      throw new Refusal(
        `the "${tab}" tab has no "${name}" column (headers: ${header.map(String).filter(Boolean).join(', ')})`,
      );
    return index + 1;
  }

  /** 1-based row whose `keyColumn` equals `key` (case-insensitive, trimmed). */
  private rowBy(tab: string, keyColumn: string, key: string): CellRef & { rows: unknown[][] } {
    const rows = this.tabRows(tab);
    const column = this.column(tab, rows[0], keyColumn);
    const want = key.trim().toLowerCase();
    const index = rows.findIndex(
      (r, i) =>
        i > 0 &&
        String(r[column - 1] ?? '')
          .trim()
          .toLowerCase() === want,
    );
    if (index < 0) throw new Refusal(`no row of "${tab}" has ${keyColumn} "${key}"`);
    return { row: index + 1, column, rows };
  }

  /** The first row below the header that is blank (tabs may carry unticked checkboxes or validation further down, and note-only rows). */
  private firstEmptyRow(rows: unknown[][]): number {
    for (let i = 1; i < rows.length; i++) {
      if (rows[i].every((v) => v === '' || v === null || v === undefined || v === false)) return i + 1;
    }
    return rows.length + 1;
  }

  /** Who edits a tab when the step does not say: the owner for every tab but `Cases`, a voting member for `Cases`. */
  private editorOf(tab: string, as: string | undefined): string {
    return as ?? (tab.toLowerCase() === 'cases' ? this.firstActiveVotingMember() : this.scenario.owner);
  }

  /**
   * A change to a tab's rows made in the spreadsheet's UI (sort, insert, delete). Google fires no onEdit trigger for
   * these (they are onChange events, which the product does not install), so none runs here; a protected tab refuses.
   */
  /** A change of structure (sort, insert, delete): the executions it starts (onChange triggers) are checked like an edit's. */
  private structural(
    user: string,
    tab: string,
    what: string,
    change: (spreadsheetId: string) => ExecutionResult[] | void,
    step: RunError['step'],
  ): void {
    let results: ExecutionResult[] | void;
    try {
      results = change(this.requireStatus());
    } catch (err) {
      throw new Refusal(`${user} cannot ${what} in ${tab}: ${errorText(err)}`);
    }
    if (results) this.noteFailures(step, what, results);
  }

  private edit(
    user: string,
    tab: string,
    row: number,
    column: number,
    value: unknown,
    step: RunError['step'],
    action: string,
  ): ExecutionResult[] {
    let results: ExecutionResult[];
    const spreadsheetId = this.requireStatus();
    // A list of rows is a paste: Google fires one edit event for the block, without value or oldValue.
    const block = Array.isArray(value) ? (value as unknown[][]) : null;
    try {
      results = block
        ? this.ws.pasteCells(user, spreadsheetId, tab, row, column, block)
        : this.ws.editCell(user, spreadsheetId, tab, row, column, value);
    } catch (err) {
      throw new Refusal(`${user} cannot ${block ? 'paste into' : 'edit'} ${tab}!R${row}C${column}: ${errorText(err)}`);
    }
    if (block)
      block.forEach((cells, i) =>
        cells.forEach((cell, j) =>
          this.typedCells.push({ spreadsheetId, tab, row: row + i, column: column + j, value: cell }),
        ),
      );
    else this.typedCells.push({ spreadsheetId, tab, row, column, value });
    this.noteFailures(step, action, results);
    return results;
  }

  /** The owner types a Committee row: name, email, role, then Active last, so the row is complete when it becomes active. */
  private appendMember(member: Member, step: RunError['step'], action: string): void {
    const rows = this.tabRows('Committee');
    const header = rows[0];
    const cols = {
      name: this.column('Committee', header, 'Name'),
      email: this.column('Committee', header, 'Email'),
      role: this.column('Committee', header, 'Role'),
      active: this.column('Committee', header, 'Active'),
    };
    const existing = rows.findIndex(
      (r, i) =>
        i > 0 &&
        String(r[cols.email - 1] ?? '')
          .trim()
          .toLowerCase() === member.email.toLowerCase(),
    );
    const row = existing > 0 ? existing + 1 : this.firstEmptyRow(rows);
    this.edit(this.scenario.owner, 'Committee', row, cols.name, member.name, step, action);
    this.edit(this.scenario.owner, 'Committee', row, cols.email, member.email, step, action);
    this.edit(this.scenario.owner, 'Committee', row, cols.role, member.role, step, action);
    this.edit(this.scenario.owner, 'Committee', row, cols.active, member.active, step, action);
  }

  /** The owner sets one `Settings` row (found by its `Setting` text, appended when missing). */
  private setSetting(setting: string, value: unknown): void {
    const rows = this.tabRows('Settings');
    const header = rows[0];
    const cSetting = this.column('Settings', header, 'Setting');
    const cValue = this.column('Settings', header, 'Value');
    const found = rows.findIndex(
      (r, i) =>
        i > 0 &&
        String(r[cSetting - 1] ?? '')
          .trim()
          .toLowerCase() === setting.trim().toLowerCase(),
    );
    if (found > 0) {
      this.edit(this.scenario.owner, 'Settings', found + 1, cValue, value, 'settings', 'settings');
      return;
    }
    const row = this.firstEmptyRow(rows);
    this.edit(this.scenario.owner, 'Settings', row, cSetting, setting, 'settings', 'settings');
    this.edit(this.scenario.owner, 'Settings', row, cValue, value, 'settings', 'settings');
  }

  /** The first active voting member on the Committee tab: who edits `Cases` in an `edit` step. */
  private firstActiveVotingMember(): string {
    try {
      const rows = this.tabRows('Committee');
      const header = rows[0];
      const [cEmail, cRole, cActive] = ['Email', 'Role', 'Active'].map((n) => Player.columnOf(header, n));
      const row = rows.slice(1).find(
        (r) =>
          String(r[cRole] ?? '')
            .trim()
            .toLowerCase() === 'voting' &&
          (r[cActive] === true || String(r[cActive]).toUpperCase() === 'TRUE'),
      );
      if (row && cEmail >= 0) return String(row[cEmail]);
    } catch {
      /* fall back to the scenario's roster */
    }
    const member = this.scenario.committee.find((m) => m.role === 'voting' && m.active);
    if (!member) throw new Refusal('there is no active voting member to edit Cases as');
    return member.email;
  }

  // ------------------------------------------------------------------------------------------------
  // The web app, as a browser

  private clues(): CaseClue[] {
    return this.reportClues.map((r, i) => ({
      n: i + 1,
      codeName: this.cases.find((c) => c.n === i + 1)?.codeName ?? '',
      reportedNames: r.names,
      reportedAt: r.at,
    }));
  }

  /**
   * The page behind the link a person would click: the newest labelled link about the case. When the page that
   * opens names another case (and not this one), the person goes back and tries the next email, as anyone would.
   */
  private openLink(person: string, kind: LinkKind, caseN?: number): Visit {
    const clues = this.clues();
    const target = caseN === undefined ? undefined : clues[caseN - 1];
    if (caseN !== undefined) this.caseRef(caseN);
    const candidates = candidateLinks(this.ws.mail(), person, kind, {
      target,
      cases: clues,
      urlPrefix: this.ws.webAppUrl,
      limit: 5,
    });
    if (candidates.length === 0) {
      const about = caseN === undefined ? '' : ` about case ${caseN} ("${target?.codeName}")`;
      const count = mailboxNewestFirst(this.ws.mail(), person).length;
      throw new Refusal(
        `no email to ${person}${about} holds a "${LINK_NAMES[kind]}" link (${count} email(s) in the mailbox)`,
      );
    }
    let last: Visit | null = null;
    for (const candidate of candidates) {
      const opened = this.openPage(candidate.url);
      last = opened;
      if (!target) return opened;
      const shown = `${opened.page.title}\n${opened.page.text}`;
      const others = clues.filter((c) => c.n !== target.n && c.codeName && mentions(shown, c.codeName));
      if (others.length === 0 || mentions(shown, target.codeName)) return opened;
    }
    if (!last) throw new Refusal('no link could be opened');
    return last;
  }

  private openPage(url: string): Visit {
    const visit = this.browse(() => this.browser.open(url), url);
    if (visit.response.record.outcome !== 'ok')
      throw new Refusal(`opening the page failed: ${visit.response.record.error}`);
    return visit;
  }

  /** A request the browser cannot make (an address outside the web app, a malformed URL) is a refusal, not a crash. */
  private browse<T>(request: () => T, url: string): T {
    try {
      return request();
    } catch (err) {
      throw new Refusal(`the browser could not load ${url}: ${errorText(err)}`);
    }
  }

  /** Link → page → the form for `opKey` → fill → submit; refuses with the page's own words when it cannot. */
  private act(
    person: string,
    kind: LinkKind,
    caseN: number | undefined,
    opKey: string,
    fillForm: (form: HtmlForm) => string[] = () => [],
  ): string {
    return this.pressOn(this.openLink(person, kind, caseN), person, kind, opKey, fillForm);
  }

  /** Presses `opKey` on an open page as `person`, completing a mailed confirmation; the result page described. */
  private pressOn(
    visit: Visit,
    person: string,
    kind: LinkKind,
    opKey: string,
    fillForm: (form: HtmlForm) => string[] = () => [],
  ): string {
    let problems: string[] = [];
    const pressed = this.browse(
      () => this.browser.press(visit, opKey, { fill: (form) => (problems = fillForm(form)) }),
      visit.url,
    );
    if (!pressed.submitted) {
      const ops = offeredOperations(visit.page);
      throw new Refusal(
        `the page behind the "${LINK_NAMES[kind]}" link offers no ${opKey} (page: ${describePage(visit.page)}${ops.length ? `; it offers: ${ops.join(', ')}` : '; no forms'})`,
      );
    }
    // DESIGN §9: a fresh confirmation sent to the member's own address is completed from their newest email.
    const confirmed = this.browse(() => this.browser.completeConfirmation(pressed.visit, person, opKey), visit.url);
    if (confirmed && !confirmed.submitted) throw new Refusal(confirmed.refusal);
    const { page: result, response } = (confirmed ?? pressed).visit;
    if (response.record.outcome !== 'ok') throw new Refusal(`the page failed on submit: ${response.record.error}`);
    const refusal = refusalOf(result);
    if (refusal) throw new Refusal(`the page refused: ${refusal}`);
    if (problems.length > 0) throw new PartialRefusal(problems.join('; '), `→ ${describePage(result)}`);
    return `→ ${describePage(result)}`;
  }

  private scan(member: string): string {
    const newest = mailboxNewestFirst(this.ws.mail(), member)[0];
    if (!newest) throw new Refusal(`${member} has no email to scan`);
    const links = extractLinks(
      newest,
      this.cases.map((c) => c.codeName),
    );
    let fetched = 0;
    let submitted = 0;
    let skipped = 0;
    for (const link of links) {
      if (!link.url.startsWith(this.ws.webAppUrl)) {
        skipped++;
        continue;
      }
      fetched++;
      let visit: Visit;
      try {
        visit = this.openPage(link.url);
      } catch {
        continue; // a scanner shrugs at a page that does not load
      }
      try {
        submitted += this.browser.submitEveryForm(visit).length;
      } catch {
        // same: nothing to retry
      }
    }
    return `followed ${fetched} link(s) in "${newest.subject}", submitted ${submitted} form(s) without ticking anything${skipped ? `, skipped ${skipped} link(s) outside the web app` : ''}`;
  }

  // ------------------------------------------------------------------------------------------------
  // Time

  /** Moves the clock to `target`, day by day so the transcript gets a progress line per simulated day. */
  private advanceTo(target: number, step: RunError['step'], action: string): void {
    while (this.now < target) {
      const nextMidnight = (Math.floor(this.now / DAY_MS) + 1) * DAY_MS;
      const until = Math.min(target, nextMidnight);
      const results = this.ws.advance(until - this.now);
      this.noteFailures(step, action, results);
      this.takeNewMail();
      if (this.now >= nextMidnight) this.sayDay();
    }
  }

  private sayDay(): void {
    const day = Math.floor((this.now - this.dayStart) / DAY_MS) + 1;
    const d = new Date(this.now);
    const triggerRuns = this.ws.rt.executions.filter((e) => e.kind === 'trigger').length;
    this.say(
      `── day ${day} · ${WEEKDAYS[d.getUTCDay()]} ${d.toISOString().slice(0, 10)} · ${this.cases.length} case(s), ${this.ws.mail().length} mail(s), ${triggerRuns} trigger run(s), ${this.errors.length} error(s) so far ──`,
    );
  }

  // ------------------------------------------------------------------------------------------------

  run(): void {
    const start = this.now;
    this.say(
      `Scenario${this.scenario.name ? ` "${this.scenario.name}"` : ''}: ${this.scenario.steps.length} step(s) from ${iso(start)} (times below are UTC)`,
    );
    this.say(`── day 1 · ${WEEKDAYS[new Date(start).getUTCDay()]} ${iso(start).slice(0, 10)} ──`);
    this.prepare();
    for (const step of this.scenario.steps) this.playStep(step);
    this.refreshCases();
    this.takeNewMail();
    this.say(
      `Done at ${iso(this.now)}: ${this.cases.length} case(s), ${this.ws.mail().length} mail(s), ${this.errors.length} error(s).`,
    );
  }

  private prepare(): void {
    const startedAt = this.now;
    this.ws.loadBundle();
    const setup = this.ws.run('setup', [], { user: this.scenario.owner, kind: 'editor' });
    this.sayAt(
      `${this.scenario.owner} runs setup from the Apps Script editor${setup.record.outcome === 'ok' ? '' : ' — it failed'}`,
    );
    this.noteFailures('setup', 'setup', [setup]);
    this.locateSpreadsheets();
    this.record(
      'setup',
      this.scenario.owner,
      'setup',
      setup.record.outcome === 'ok' ? 'setup ran' : `setup failed: ${setup.record.error}`,
      setup.record.outcome === 'ok' ? 'ok' : 'refused',
      startedAt,
    );

    const settings = this.scenario.settings;
    const settingRows: Array<[string, unknown]> = [];
    if (settings?.acknowledgeWithinHours !== undefined)
      settingRows.push(['Acknowledge within (hours)', settings.acknowledgeWithinHours]);
    if (settings?.followUpWithinDays !== undefined)
      settingRows.push(['Follow up within (days)', settings.followUpWithinDays]);
    if (settings?.moderatorsWithinDays !== undefined)
      settingRows.push(['Moderators within (days)', settings.moderatorsWithinDays]);
    for (const space of this.scenario.spaces) settingRows.push([`Space: ${space.name}`, space.moderators.join(', ')]);
    for (const [k, v] of Object.entries(settings?.rows ?? {})) settingRows.push([k, v]);
    if (settingRows.length > 0) {
      const at = this.now;
      try {
        for (const [setting, value] of settingRows) this.setSetting(setting, value);
        this.sayAt(`${this.scenario.owner} fills Settings: ${settingRows.map(([k]) => k).join(', ')}`, at);
        // Setup is what puts the Settings spaces on the Form ("Where did it happen?"), so the owner runs it again.
        const again = this.ws.run('setup', [], { user: this.scenario.owner, kind: 'editor' });
        this.noteFailures('settings', 'setup', [again]);
        this.sayAt(
          `${this.scenario.owner} runs setup again so the Form offers the spaces${again.record.outcome === 'ok' ? '' : ' — it failed'}`,
        );
        this.record(
          'settings',
          this.scenario.owner,
          'settings',
          `${settingRows.length} setting(s) written, setup run again`,
          'ok',
          at,
        );
      } catch (err) {
        this.refuse('settings', 'settings', this.scenario.owner, err, at);
      }
    }
    if (this.scenario.committee.length > 0) {
      const at = this.now;
      try {
        for (const member of this.scenario.committee) this.appendMember(member, 'committee', 'committee');
        this.sayAt(
          `${this.scenario.owner} enters the committee: ${this.scenario.committee.map((m) => `${m.email} (${m.role}${m.active ? '' : ', inactive'})`).join(', ')}`,
          at,
        );
        this.record(
          'committee',
          this.scenario.owner,
          'committee',
          `${this.scenario.committee.length} member(s) entered`,
          'ok',
          at,
        );
      } catch (err) {
        this.refuse('committee', 'committee', this.scenario.owner, err, at);
      }
    }
  }

  /**
   * Records a step not done: one `errors` entry and one transcript line naming the step, its action and the cause.
   * A step refused only because an earlier failure left something missing is that failure's follow-on instead: a
   * short line pointing at it, and an entry in its `followOns`, so one cause is reported once.
   */
  private refuse(step: RunError['step'], action: string, actor: string, err: unknown, at: number, played?: Step): void {
    const label = stepLabel(step, action);
    if (err instanceof PartialRefusal) {
      this.addError(step, action, err.message, 'refused', at);
      this.sayAt(`✗ ${label} done only in part: ${actor} — ${err.message} ${err.result}`, at, 'failure');
      this.record(step, actor, action, `${err.message} ${err.result}`, 'partial', at);
      return;
    }
    // Whatever else goes wrong in a step (an emulator limit, a runner bug) is recorded too, and the run goes on.
    const reason = err instanceof Refusal ? err.message : `unexpected: ${errorText(err)}`;
    const followOn = err instanceof Refusal ? this.followOnOf(err, played) : null;
    let root: RunError;
    if (followOn) {
      root = followOn.root;
      root.followOns = [...(root.followOns ?? []), { step, action, missing: followOn.missing, reason, at: iso(at) }];
      const summary = `not done: ${followOn.missing} (see ${stepLabel(root.step, root.action)})`;
      this.sayAt(`✗ ${label} ${summary}`, at, 'failure');
      this.record(step, actor, action, summary, 'refused', at);
    } else {
      root = this.addError(step, action, reason, 'refused', at);
      this.sayAt(`✗ ${label}: ${actor || 'the runner'} could not ${action} — ${reason}`, at, 'failure');
      this.record(step, actor, action, reason, 'refused', at);
    }
    if (err instanceof Refusal) {
      // Whatever this step needed, or should have made, is now accounted for by `root`.
      if (err.needs && !this.missing.has(err.needs.key)) this.missing.set(err.needs.key, root);
      for (const key of err.leaves) if (!this.missing.has(key)) this.missing.set(key, root);
    }
    const n = played ? caseOf(played) : undefined;
    if (played?.action && typeof n === 'number' && this.prerequisites.get(`${played.action} ${n}`) !== 'done') {
      this.prerequisites.set(`${played.action} ${n}`, root);
    }
  }

  private playStep(step: Step): void {
    const i = step.index;
    if (step.after !== undefined) {
      this.advanceTo(this.now + parseDuration(step.after), i, step.action ?? 'after');
      // The scenario's own timeline: `start`, then `after 2h` is 11:00 to its author, whatever the clock ran on meanwhile.
      this.scenarioClock += parseDuration(step.after);
    }
    if (step.at !== undefined) {
      const target = Date.parse(step.at);
      // Two steps at one instant, or `at` the start: the clock ran on a few seconds while people acted; act now.
      if (target < this.scenarioClock) {
        const reason = `at ${step.at} is before the clock (${iso(this.now)}); acting now`;
        this.addError(i, step.action ?? 'at', reason, 'refused');
        this.sayAt(`✗ ${stepLabel(i, step.action ?? 'at')}: ${reason}`, this.now, 'failure');
      } else {
        this.advanceTo(target, i, step.action ?? 'at');
        this.scenarioClock = target;
      }
    }
    if (step.note) this.sayAt(`# ${step.note}`);
    if (step.action === null) {
      this.record(i, '', 'wait', `clock at ${iso(this.now)}`, 'ok', this.now);
      return;
    }
    const at = this.now;
    const actor = actorOf(step, this.scenario.owner);
    this.actor = actor;
    try {
      const summary = this.perform(step);
      this.sayAt(`${actor}: ${summary}`, at);
      this.refreshCases();
      this.record(i, actor, step.action, summary, 'ok', at);
      const n = caseOf(step);
      if (typeof n === 'number') this.prerequisites.set(`${step.action} ${n}`, 'done');
    } catch (err) {
      this.refreshCases();
      this.refuse(i, step.action, actor, err, at, step);
    }
  }

  private perform(step: Step): string {
    const i = step.index;
    switch (step.action) {
      case 'report': {
        const answers = step.payload;
        const deliveries = step.deliveries ?? 1;
        const at = this.now;
        let submitted: { responseId: string; results: ExecutionResult[] };
        try {
          submitted = this.ws.submitForm(answers, { deliveries });
        } catch (err) {
          // Keep the numbering of the scenario's reports: later steps name cases by their report's position.
          this.reports.push('');
          this.reportClues.push({ step: i, at, names: splitNames(answers['Who was involved?']) });
          // With no submit trigger there is no Form to take the report at all (setup failed): say so, not the emulator's words.
          const noForm = !this.ws.triggers().some((t) => t.eventType === 'ON_FORM_SUBMIT' && !t.disabled);
          const needs = noForm ? { key: 'report form', missing: 'no Form takes reports' } : undefined;
          throw new Refusal(
            `the Form did not accept report ${this.reports.length}: ${noForm ? 'no Form has a submit trigger (setup did not install one)' : errorText(err)}`,
            needs,
            [`case ${this.reports.length}`],
          );
        }
        const { responseId, results } = submitted;
        this.reports.push(responseId);
        this.reportClues.push({ step: i, at, names: splitNames(answers['Who was involved?']) });
        this.noteFailures(i, 'report', results);
        const reporter = answers['Your email address'] ? 'a reporter who gave an address' : 'an anonymous reporter';
        const danger = String(answers['Is anyone in immediate danger?'] ?? '')
          .toLowerCase()
          .startsWith('y')
          ? ', immediate danger'
          : '';
        return `${reporter} submits report ${this.reports.length}${danger}${deliveries > 1 ? ` (delivered ${deliveries} times)` : ''}`;
      }
      case 'blankEvent': {
        let results: ExecutionResult[];
        try {
          results = this.ws.fireBlankSubmit();
        } catch (err) {
          throw new Refusal(`no blank event could fire: ${errorText(err)}`);
        }
        this.noteFailures(i, 'blankEvent', results);
        return 'a blank form-submit event fires';
      }
      case 'respond': {
        const { member, case: n, answer } = step.payload;
        return `answers "${answer}" for case ${n} ${this.act(member, answer, n, answer)}`;
      }
      case 'openVote': {
        const { member, case: n } = step.payload;
        return `opens the vote on case ${n} ${this.act(member, ACTION_LINKS.openVote, n, 'openVote')}`;
      }
      case 'vote': {
        const { member, case: n, choice: c } = step.payload;
        return `votes ${c} on case ${n} ${this.act(member, ACTION_LINKS.vote, n, 'vote', (form) => (choose(form, 'choice', c) ? [] : [`the vote page has no "${c}" choice`]))}`;
      }
      case 'writeDoc': {
        const { member, case: n, section, text } = step.payload;
        const ref = this.caseRef(n);
        try {
          this.ws.data.ui.writeDocSection(member, ref.docId, section, text);
        } catch (err) {
          throw new Refusal(`${member} cannot write "${section}" in the Doc of case ${n}: ${errorText(err)}`);
        }
        return `writes "${section}" in the Doc of case ${n} (${text.length} characters)`;
      }
      case 'sendRecommendation': {
        const { member, case: n } = step.payload;
        return `sends the recommendation to the moderators for case ${n} ${this.act(member, ACTION_LINKS.sendRecommendation, n, 'sendRecommendation')}`;
      }
      case 'moderatorReply': {
        const { moderator, case: n, answer, details } = step.payload;
        return `answers "${answer}" on case ${n} ${this.act(
          moderator,
          ACTION_LINKS.moderatorReply,
          n,
          answer,
          (form) => {
            if (details === undefined) return [];
            return fill(form, 'details', details) ? [] : ['the moderator page has no details field'];
          },
        )}`;
      }
      case 'sendLetter': {
        const { member, case: n, to } = step.payload;
        return `sends the letter for case ${n} ${this.act(member, ACTION_LINKS.sendLetter, n, 'sendLetter', (form) => (fill(form, 'to', to) ? [] : ['the case page has no "to" field for the address']))}`;
      }
      case 'sendFollowUp': {
        const { member, case: n } = step.payload;
        return `sends the follow-up to the reporter for case ${n} ${this.act(member, ACTION_LINKS.sendFollowUp, n, 'sendFollowUp')}`;
      }
      case 'caseAction': {
        const { member, case: n, op } = step.payload;
        return `does "${op}" on the case page of case ${n} ${this.act(member, 'case', n, op)}`;
      }
      case 'callMeeting': {
        const { member, case: n, start, minutes } = step.payload;
        // The page's field is a datetime-local: the member types the wall-clock time in the zone the page names.
        const visit = this.openLink(member, 'case', n);
        const zone = /The time is in (\S+)\./.exec(visit.page.text)?.[1] ?? this.ws.timeZone;
        const local = wallClock(Date.parse(start), zone);
        const outcome = this.pressOn(visit, member, 'case', 'call-meeting', (form) =>
          fill(form, 'start', local) && fill(form, 'minutes', String(minutes))
            ? []
            : ['the case page has no start and minutes fields for the meeting'],
        );
        return `calls a meeting for case ${n} at ${local} (${zone}), ${minutes} minutes ${outcome}`;
      }
      case 'edit': {
        const e = step.payload;
        const user = this.editorOf(e.tab, e.as);
        const rows = this.tabRows(e.tab);
        let row: number;
        if (e.case !== undefined) row = this.rowBy(e.tab, 'Code Name', this.caseRef(e.case).codeName).row;
        else if (e.member !== undefined)
          row = this.rowBy(e.tab, Player.columnOf(rows[0], 'Email') >= 0 ? 'Email' : 'Member', e.member).row;
        else if (e.setting !== undefined) row = this.rowBy(e.tab, 'Setting', e.setting).row;
        else row = e.row ?? 0;
        const column = this.column(e.tab, rows[0], e.column);
        this.edit(user, e.tab, row, column, e.value, i, 'edit');
        if (Array.isArray(e.value))
          return `pastes ${e.value.length} row(s) of ${e.value[0].length} cell(s) into ${e.tab} from ${e.column} (row ${row})`;
        return `sets ${e.tab} › ${e.column} (row ${row}) to ${JSON.stringify(e.value)}`;
      }
      case 'sort': {
        const e = step.payload;
        const user = this.editorOf(e.tab, e.as);
        const rows = this.tabRows(e.tab);
        const column = typeof e.column === 'number' ? e.column : this.column(e.tab, rows[0], e.column);
        this.structural(
          user,
          e.tab,
          `sort by column ${column}`,
          (id) => this.ws.sortSheet(user, id, e.tab, column, e.ascending),
          i,
        );
        return `sorts ${e.tab} by ${JSON.stringify(e.column)}, ${e.ascending ? 'ascending' : 'descending'}`;
      }
      case 'insertRow': {
        const e = step.payload;
        const user = this.editorOf(e.tab, e.as);
        this.tabRows(e.tab);
        this.structural(
          user,
          e.tab,
          `insert a row before row ${e.row}`,
          (id) => this.ws.insertRow(user, id, e.tab, e.row),
          i,
        );
        return `inserts a blank row before ${e.tab} row ${e.row}`;
      }
      case 'deleteRow': {
        const e = step.payload;
        const user = this.editorOf(e.tab, e.as);
        const rows = this.tabRows(e.tab);
        if (e.row > rows.length) throw new Refusal(`the "${e.tab}" tab has no row ${e.row} (it has ${rows.length})`);
        this.structural(user, e.tab, `delete row ${e.row}`, (id) => this.ws.deleteRow(user, id, e.tab, e.row), i);
        return `deletes ${e.tab} row ${e.row}`;
      }
      case 'share': {
        const e = step.payload;
        const props = this.ws.properties();
        const ids: Record<string, string | undefined> = {
          registry: props.registrySpreadsheetId,
          status: props.statusSpreadsheetId,
          form: props.formId,
          folder: props.folderId,
        };
        const fileId = e.file === 'doc' ? this.caseRef(e.case ?? 0).docId : ids[e.file];
        const what = e.file === 'doc' ? `the Doc of case ${e.case}` : `the ${e.file}`;
        if (!fileId) throw new Refusal(`there is no ${e.file} to share: setup did not create it`);
        try {
          this.ws.data.ui.share(e.as, fileId, e.with, e.role);
        } catch (err) {
          throw new Refusal(`${e.as} cannot share ${what}: ${errorText(err)}`);
        }
        return `shares ${what} with ${e.with === 'anyone' ? 'anyone with the link' : e.with} as ${e.role === 'writer' ? 'editor' : 'viewer'} (in Drive)`;
      }
      case 'addMember': {
        const m = step.payload;
        this.appendMember(m, i, 'addMember');
        return `adds ${m.email} to the Committee tab (${m.role}${m.active ? ', active' : ', inactive'})`;
      }
      case 'proposeChange': {
        const { member, title, text, days } = step.payload;
        return `proposes a change "${title}" (${days} days of brainstorming) ${this.act(
          member,
          'propose',
          undefined,
          'propose',
          (form) => {
            const missing = (['title', 'text', 'days'] as const).filter(
              (name) => !fill(form, name, name === 'days' ? String(days) : name === 'title' ? title : text),
            );
            return missing.length ? [`the propose page has no ${missing.join(', ')} field`] : [];
          },
        )}`;
      }
      case 'recordReport': {
        const { member, answers, conflict } = step.payload;
        const known = new Set(this.recordedResponseIds());
        const at = this.now; // before the page's execution: its mail is about this report
        let outcome: string;
        try {
          outcome = this.act(member, 'record', undefined, 'record', (form) => {
            if (conflict) tick(form, 'conflict');
            const missing = Object.entries(answers)
              .filter(([title, value]) => !fill(form, title, Array.isArray(value) ? value.join(', ') : value))
              .map(([title]) => title);
            return missing.length ? [`the record page has no field "${missing.join('", "')}"`] : [];
          });
        } finally {
          // Numbered as a report whatever happened, so later steps' case numbers stay the scenario's.
          const id = this.recordedResponseIds().find((r) => !known.has(r)) ?? '';
          this.reports.push(id);
          if (id) this.recordedBy.set(id, member);
          this.reportClues.push({ step: i, at, names: splitNames(answers['Who was involved?']) });
        }
        return `records report ${this.reports.length}, received by email or in person${conflict ? ', declaring a conflict of interest' : ''} ${outcome}`;
      }
      case 'changeVote': {
        const { member, proposal: n, choice: c } = step.payload;
        // The newest email about proposed change n holding its `Proposal` link (subjects say "proposed change <n>").
        const about = new RegExp(`\\bproposed change ${n}\\b`, 'i');
        const link = candidateLinks(this.ws.mail(), member, 'proposal', { urlPrefix: this.ws.webAppUrl }).find((l) =>
          about.test(l.mail.subject),
        );
        if (!link) throw new Refusal(`no email to ${member} about proposed change ${n} holds a "Proposal" link`);
        return `votes ${c} on proposed change ${n} ${this.pressOn(
          this.openPage(link.url),
          member,
          'proposal',
          'vote',
          (form) => (choose(form, 'choice', c) ? [] : [`the proposal page has no "${c}" choice`]),
        )}`;
      }
      case 'onboard': {
        const { member, noConflict, conflict } = step.payload;
        return `answers the onboarding page (no conflict: ${noConflict.length}, conflict: ${conflict.length}) ${this.act(
          member,
          ACTION_LINKS.onboard,
          undefined,
          'onboard',
          (form) => {
            const missing: string[] = [];
            for (const p of noConflict) if (!answerForPerson(form, p, 'no-conflict')) missing.push(p);
            for (const p of conflict) if (!answerForPerson(form, p, 'conflict')) missing.push(p);
            return missing.length ? [`not listed on the onboarding page: ${missing.join(', ')}`] : [];
          },
        )}`;
      }
      case 'scan':
        return this.scan(step.payload.member);
      case 'setup': {
        const result = this.ws.run('setup', [], { user: this.scenario.owner, kind: 'editor' });
        this.noteFailures(i, 'setup', [result]);
        return `runs setup again from the Apps Script editor${result.record.outcome === 'ok' ? '' : ` — it failed: ${result.record.error}`}`;
      }
      case 'selfTest': {
        const address = step.payload.address;
        const result = this.ws.run<{ lines: string[] }>('selfTest', address ? [address] : [], {
          user: this.scenario.owner,
          kind: 'editor',
        });
        this.noteFailures(i, 'selfTest', [result]);
        if (result.record.outcome !== 'ok') return `runs selfTest — it failed: ${result.record.error}`;
        const lines = [...(result.value?.lines ?? [])];
        this.selfTestLines.push(...lines);
        return `runs selfTest: ${lines[lines.length - 1] ?? ''}`;
      }
      case 'reply': {
        const { from, about, text } = step.payload;
        const original = this.ws
          .mailTo(from)
          .filter((m) => m.subject.toLowerCase().includes(about.toLowerCase()))
          .pop();
        if (!original) throw new Refusal(`${from} has no email whose subject contains "${about}"`);
        const sent = this.ws.reply({ from, original, text });
        return `replies to "${original.subject}" (to ${sent.mailbox})`;
      }
      default:
        throw new Refusal(`unknown action ${String((step as unknown as { action: unknown }).action)}`);
    }
  }
}

/** The case number a step acts on, if it names one. */
function caseOf(step: Step): number | undefined {
  if (step.action === null) return undefined;
  const n = (step.payload as unknown as { case?: unknown }).case;
  return typeof n === 'number' ? n : undefined;
}

function actorOf(step: Step, owner: string): string {
  if (step.action === null) return '';
  const p = step.payload as unknown as Record<string, unknown>;
  switch (step.action) {
    case 'report':
      return 'reporter';
    case 'blankEvent':
      return 'Google Forms';
    case 'moderatorReply':
      return String(p.moderator);
    case 'reply':
      return String(p.from);
    case 'addMember':
    case 'setup':
    case 'selfTest':
      return owner;
    case 'share':
      return String(p.as);
    case 'edit':
    case 'sort':
    case 'insertRow':
    case 'deleteRow':
      return String(p.as ?? (String(p.tab).toLowerCase() === 'cases' ? 'a committee member' : owner));
    case 'scan':
      return `mail scanner of ${String(p.member)}`;
    default:
      return String(p.member ?? '');
  }
}

/** The person could not do what the step asks (no link, refused page, no access). */
export class Refusal extends Error {
  /**
   * @param needs what the step needed and did not find (`case 1`, `status spreadsheet`, `report form`), with a few
   *   words saying so: the first refusal for a `key` is reported in full, later ones point back to it.
   * @param leaves what the step should have made and did not (a refused report leaves its case missing).
   */
  constructor(
    message: string,
    readonly needs?: { key: string; missing: string },
    readonly leaves: string[] = [],
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** The action went through but part of what the step asked could not be filled in. */
class PartialRefusal extends Refusal {
  constructor(
    message: string,
    readonly result: string,
  ) {
    super(message);
    this.name = 'PartialRefusal';
  }
}

/** Plays the scenario to the end; never throws for what the scenario's people do (only for a broken emulator or bundle). */
export function playScenario(scenario: Scenario, options: PlayOptions): PlayResult {
  const player = new Player(scenario, options);
  player.run();
  return {
    ws: player.ws,
    scenario,
    errors: player.errors,
    cases: player.cases,
    steps: player.steps,
    transcript: player.transcript,
    reports: player.reports,
    selfTest: player.selfTestLines,
    pages: player.pagesSeen,
    statusSpreadsheetId: player.statusId,
    registrySpreadsheetId: player.registryId,
  };
}
