// The robustness and adversarial suites' driver: a set-up committee in the emulator (forked from a cached template), reports, links answered from mailboxes by GET and POST as a person would, sheet and Doc edits, and the §7 invariants checked after every step.
import { createHmac } from 'node:crypto';
import {
  answerForPerson,
  Browser,
  choose,
  createTrackedWorkspace,
  type ExecutionResult,
  extractLinks,
  type FaultSpec,
  fill,
  ForkError,
  forkWorkspace,
  type FormAnswers,
  type GeneralAccess,
  type HtmlForm,
  type LatencyModel,
  type ParsedPage,
  parsePage,
  refusalOf,
  type Role,
  type SentMail,
  type WebResponse,
  type Workspace,
  type WorkspaceOptions,
} from '../../workbench';
import { everyCase, findViolations, newKnowledge, type Knowledge, type ReportPeople } from '../integration/invariants';
import { privateBuildDir } from './build-copy';
import { CONFIRMED_OPS } from '../../src/flows/confirmations';

/** The case-page ops whose first POST only mails the member a confirmation link: the product's own list. */
const CONFIRMED_BY_MAIL: readonly string[] = CONFIRMED_OPS;

export const OWNER = 'conduct@example.org';
export const START = '2026-03-02T09:00:00Z';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const DOC_SECTION = {
  plan: 'Proposed behavioral modification plan',
  consequences: 'Proposed consequences',
  letter: 'Letter to the reported person',
  followUp: 'Follow-up to the reporter',
  discussion: 'Committee discussions',
} as const;

export interface MemberSpec {
  name: string;
  email: string;
  role?: 'voting' | 'adviser';
  active?: boolean;
}

/** The committee the rehearsal and the integration fixture type in when a test does not choose one. */
export const DEFAULT_MEMBERS: MemberSpec[] = [
  { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' },
  { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' },
  { name: 'Cy Okafor', email: 'cy@example.org', role: 'voting' },
];

export interface SpaceSpec {
  name: string;
  moderators: string[];
}

export interface RehearsalOptions {
  start?: string;
  owner?: string;
  /** Script time zone (the manifest's); the `Time zone` setting follows it unless `settings` says otherwise. */
  timeZone?: string;
  profile?: 'consumer' | 'workspace';
  mailQuota?: number;
  /** Overrides the profile's other daily quotas (Docs created, Properties read/write…). */
  dailyQuotas?: WorkspaceOptions['dailyQuotas'];
  latency?: LatencyModel;
  faults?: FaultSpec[];
  seed?: number;
  noGoogleAccount?: string[];
  spaces?: SpaceSpec[];
  /** Settings rows typed by the owner before the committee starts (key → value). */
  settings?: Record<string, string | number | boolean>;
  members?: MemberSpec[];
  /** Start from a forked template (default) or run setup for real. */
  fork?: boolean;
  /** Check the §7 invariants after every step (default true). */
  check?: boolean;
}

export interface CaseRef {
  n: number;
  responseId: string;
  caseId: string;
  codeName: string;
  docId: string;
}

export interface LinkClaims {
  v: number;
  sub: string;
  cid: string;
  act: string;
  exp: number;
  kid: string;
}

export interface MailLink {
  url: string;
  token: string;
  label: string;
  claims: LinkClaims;
  mail: SentMail;
}

/** What a person saw after acting on a page. */
export interface ActResult {
  /** The POST went through (the page said done). */
  ok: boolean;
  /** Why not, in the page's words (or why there was nothing to press). */
  refusal: string;
  page: ParsedPage | null;
  response: WebResponse | null;
}

export type CaseOp =
  | 'open-vote'
  | 'send-recommendation'
  | 'send-letter'
  | 'send-follow-up'
  | 'waive-follow-up'
  | 'forget-reporter'
  | 'conflict'
  | 'bad-faith'
  | 'close-no-violation'
  | 'record-override'
  | 'escalate'
  | 'new-round'
  | 'call-meeting'
  | 'reporter-address'
  | 'confirm-status';

// ---------------------------------------------------------------------------------------------------
// Templates: one set-up Workspace per configuration, forked for every rehearsal.

const templates = new Map<string, Workspace>();
/** How many rehearsals had to run setup for real because a fork failed (the fork self-test expects 0). */
export const forkStats = { forks: 0, fallbacks: 0, lastError: '' };

interface TemplateConfig {
  start: string;
  owner: string;
  timeZone?: string;
  profile?: 'consumer' | 'workspace';
  spaces: SpaceSpec[];
  settings: Record<string, string | number | boolean>;
}

function expectOk(result: ExecutionResult, what: string): void {
  if (result.record.outcome !== 'ok')
    throw new Error(`${what}: ${result.record.fn} ended ${result.record.outcome}: ${result.record.error}`);
}

/** Types a Settings row as the owner (adds it when missing), without firing triggers. */
/** The owner types a Settings row: the row with that setting's name, or the first blank row. */
export function typeSetting(ws: Workspace, statusId: string, setting: string, value: string | number | boolean): void {
  const rows = ws.data.sheet(statusId, 'Settings').rows;
  let row = rows.findIndex((r, i) => i > 0 && String(r[0]).trim().toLowerCase() === setting.trim().toLowerCase()) + 1;
  if (row <= 0) {
    row = firstBlankRow(rows);
    ws.data.ui.editCell(ws.owner, statusId, 'Settings', row, 1, setting);
  }
  ws.data.ui.editCell(ws.owner, statusId, 'Settings', row, 2, value);
}

function firstBlankRow(rows: unknown[][]): number {
  for (let i = 1; i < rows.length; i++)
    if (rows[i].every((v) => v === '' || v === null || v === undefined || v === false)) return i + 1;
  return rows.length + 1;
}

/** A Workspace in which `setup` ran (and ran again after the owner typed settings and spaces, as the README says). */
function setUpWorkspace(
  config: TemplateConfig,
  create: (opts: Parameters<typeof createTrackedWorkspace>[0]) => Workspace,
): Workspace {
  const ws = create({
    start: config.start,
    owner: config.owner,
    timeZone: config.timeZone,
    profile: config.profile,
    buildDir: privateBuildDir(),
  });
  ws.loadBundle();
  expectOk(ws.run('setup'), 'setup');
  const statusId = ws.properties().statusSpreadsheetId;
  const settings = { ...config.settings };
  if (config.timeZone && !('Time zone' in settings)) settings['Time zone'] = config.timeZone;
  const entries = Object.entries(settings);
  for (const [k, v] of entries) typeSetting(ws, statusId, k, v);
  for (const space of config.spaces) typeSetting(ws, statusId, `Space: ${space.name}`, space.moderators.join(', '));
  if (entries.length || config.spaces.length) expectOk(ws.run('setup'), 'setup again after settings');
  return ws;
}

function templateFor(config: TemplateConfig): Workspace {
  const key = JSON.stringify(config);
  let template = templates.get(key);
  if (!template) {
    template = setUpWorkspace(config, createTrackedWorkspace);
    templates.set(key, template);
  }
  return template;
}

// ---------------------------------------------------------------------------------------------------

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The claims of a token (the payload is signed, not secret: it holds only opaque ids). */
/**
 * Everything a change would show in: the status and registry tabs (the append-only Audit tab unless `audit`), Docs
 * with their access and history, files, mail, shares and properties (and triggers, cell formulas, trashed files
 * when asked). Equal before and after means nothing changed.
 */
export function workspaceFingerprint(
  ws: Workspace,
  ids: { status: string; registry: string },
  options: { audit: boolean; formulas: boolean; triggers: boolean },
): string {
  const snap = ws.snapshot();
  const sheets = snap.sheets
    .filter(
      (x) =>
        (x.spreadsheetId === ids.registry && (options.audit || x.name !== 'Audit')) || x.spreadsheetId === ids.status,
    )
    .map((x) => ({
      id: x.spreadsheetId,
      name: x.name,
      rows: x.rows,
      ...(options.formulas ? { formulas: x.formulas } : {}),
    }));
  const docs = snap.docs.map((d) => ({
    id: d.id,
    title: d.title,
    text: d.text,
    access: d.access,
    editors: d.editors,
    ever: d.everHadAccess,
  }));
  const files = snap.files.map((f) => ({
    id: f.id,
    editors: f.editors,
    viewers: f.viewers,
    access: f.access,
    parents: f.parents,
    ...(options.formulas ? { trashed: f.trashed } : {}),
  }));
  return JSON.stringify({
    sheets,
    docs,
    files,
    mail: snap.mail.length,
    shares: snap.shares,
    notes: snap.shareNotifications,
    props: snap.properties,
    ...(options.triggers ? { triggers: snap.triggers } : {}),
  });
}

export function claimsOf(token: string): LinkClaims | null {
  try {
    const payload = token.split('.')[0];
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return null;
  }
}

function records(rows: unknown[][]): Array<Record<string, string>> {
  if (!rows.length) return [];
  const [header, ...data] = rows;
  return data.map((row) =>
    Object.fromEntries(
      header.map((h, i) => [String(h), row[i] instanceof Date ? (row[i] as Date).toISOString() : String(row[i] ?? '')]),
    ),
  );
}

export class Rehearsal {
  readonly ws: Workspace;
  readonly k: Knowledge;
  readonly ids: { status: string; registry: string; folder: string; form: string };
  readonly members: MemberSpec[] = [];
  /** Response ids in submission order: case n is reports[n-1]. */
  readonly reports: string[] = [];
  /** Violations found by `check()` when `throwOnViolation` is off (property runs print them). */
  readonly violations: string[] = [];
  checkEveryStep: boolean;
  throwOnViolation = true;
  /** A name for the step being checked, for messages. */
  private stepName = 'start';
  /** Every GET and POST a person makes goes through the workbench's browser; each request is a checked step. */
  private readonly browser: Browser;

  private constructor(ws: Workspace, checkEveryStep: boolean) {
    this.ws = ws;
    this.k = newKnowledge(ws);
    this.checkEveryStep = checkEveryStep;
    this.browser = new Browser(ws, {
      afterRequest: (request) =>
        this.stepDone(request.kind === 'open' ? `GET ${request.url.slice(-12)}` : `submit ${request.fields.op ?? ''}`),
    });
    const props = ws.properties();
    this.ids = {
      status: props.statusSpreadsheetId,
      registry: props.registrySpreadsheetId,
      folder: props.folderId,
      form: props.formId,
    };
  }

  /** A set-up committee: forked from the template for this configuration, members typed in and the roster synced once. */
  static start(options: RehearsalOptions = {}): Rehearsal {
    const config: TemplateConfig = {
      start: options.start ?? START,
      owner: options.owner ?? OWNER,
      timeZone: options.timeZone,
      profile: options.profile,
      spaces: options.spaces ?? [],
      settings: options.settings ?? {},
    };
    const wsOptions = {
      start: config.start,
      owner: config.owner,
      timeZone: config.timeZone,
      profile: config.profile,
      buildDir: privateBuildDir(),
      latency: options.latency,
      faults: options.faults,
      seed: options.seed,
      mailQuota: options.mailQuota,
      dailyQuotas: options.dailyQuotas,
      noGoogleAccount: options.noGoogleAccount,
    };
    let ws: Workspace | null = null;
    if (options.fork !== false) {
      try {
        ws = forkWorkspace(templateFor(config), wsOptions);
        forkStats.forks++;
      } catch (err) {
        if (!(err instanceof ForkError)) throw err;
        forkStats.fallbacks++;
        forkStats.lastError = err.message;
      }
    }
    if (!ws) {
      ws = setUpWorkspace(config, (o) => createTrackedWorkspace({ ...o, ...wsOptions }));
    }
    const r = new Rehearsal(ws, options.check ?? true);
    for (const space of config.spaces) for (const m of space.moderators) r.k.moderatorEmails.add(m.toLowerCase());
    const escalation = config.settings['Escalation contact'];
    if (typeof escalation === 'string' && escalation) r.k.moderatorEmails.add(escalation.toLowerCase());
    if (options.members?.length) r.addMembers(options.members);
    r.check('start');
    return r;
  }

  /**
   * A copy of this rehearsal in its current state (Workspace forked, knowledge copied), for running one prepared
   * situation many ways. This rehearsal stays usable. Faults, seed and latency are the copy's own.
   */
  fork(options: { seed?: number; faults?: FaultSpec[]; latency?: LatencyModel; mailQuota?: number } = {}): Rehearsal {
    const ws = forkWorkspace(this.ws, {
      start: this.ws.rt.now(),
      owner: this.ws.owner,
      timeZone: this.ws.timeZone,
      profile: this.ws.profile,
      buildDir: this.ws.buildDir,
      seed: options.seed,
      faults: options.faults,
      latency: options.latency ?? { ...this.ws.rt.latency },
      mailQuota:
        options.mailQuota ??
        (this.ws as unknown as { mailService: { quota: { limit: number } } }).mailService.quota.limit,
      dailyQuotas: Object.fromEntries(Object.entries(this.ws.dailyQuotas.quotas).map(([k, q]) => [k, q.limit])),
    });
    forkStats.forks++;
    const copy = new Rehearsal(ws, this.checkEveryStep);
    Object.assign(copy.k, structuredClone(this.k));
    copy.members.push(...this.members.map((m) => ({ ...m })));
    copy.reports.push(...this.reports);
    copy.throwOnViolation = this.throwOnViolation;
    copy.stepName = this.stepName;
    return copy;
  }

  // -------------------------------------------------------------------------------------------------
  // Invariants

  /** Asserts DESIGN §7 (or, with `throwOnViolation` off, collects what is wrong). */
  check(step = this.stepName): void {
    const found = findViolations(this.ws, this.k);
    if (!found.length) return;
    const tagged = found.map((v) => `[after ${step}] ${v}`);
    this.violations.push(...tagged);
    if (this.throwOnViolation) throw new Error(`§7 invariants violated:\n${tagged.join('\n')}`);
  }

  private stepDone(step: string): void {
    this.stepName = step;
    if (this.checkEveryStep) this.check(step);
  }

  // -------------------------------------------------------------------------------------------------
  // Roster and settings (the owner in the status spreadsheet)

  /** The owner types members into `Committee` (Active last); one roster sync runs, as the edit trigger would. */
  addMembers(members: MemberSpec[]): ExecutionResult[] {
    const rows = this.ws.data.sheet(this.ids.status, 'Committee').rows;
    let row = firstBlankRow(rows);
    let last: { row: number; active: boolean } | null = null;
    for (const m of members) {
      const values: unknown[] = [m.name, m.email, m.role ?? 'voting'];
      values.forEach((value, i) =>
        this.ws.data.ui.editCell(this.ws.owner, this.ids.status, 'Committee', row, i + 1, value),
      );
      last = { row, active: m.active ?? true };
      if (m !== members[members.length - 1])
        this.ws.data.ui.editCell(this.ws.owner, this.ids.status, 'Committee', row, 4, m.active ?? true);
      this.members.push(m);
      row++;
    }
    const results = last ? this.ws.editCell(this.ws.owner, this.ids.status, 'Committee', last.row, 4, last.active) : [];
    this.stepDone(`adding ${members.length} member(s)`);
    return results;
  }

  /** The owner ticks or unticks a member's Active box (the roster trigger fires). */
  setActive(email: string, active: boolean): ExecutionResult[] {
    const rows = this.ws.data.sheet(this.ids.status, 'Committee').rows;
    const row = rows.findIndex((r, i) => i > 0 && String(r[1]).trim().toLowerCase() === email.toLowerCase()) + 1;
    if (row <= 0) throw new Error(`${email} is not on the Committee tab`);
    const results = this.ws.editCell(this.ws.owner, this.ids.status, 'Committee', row, 4, active);
    const m = this.members.find((x) => x.email.toLowerCase() === email.toLowerCase());
    if (m) m.active = active;
    this.stepDone(`${active ? 'activating' : 'deactivating'} ${email}`);
    return results;
  }

  /** The owner changes a Settings value while cases are open (no trigger: settings are read at each execution). */
  setSetting(setting: string, value: string | number | boolean): void {
    typeSetting(this.ws, this.ids.status, setting, value);
    // The owner's own formula (Settings is plain text, which the emulator does not take as a guard against one).
    if (typeof value === 'string' && /^[=+\-@]/.test(value)) {
      const rows = this.ws.data.sheet(this.ids.status, 'Settings').rows;
      const row = rows.findIndex((r, i) => i > 0 && String(r[0]).trim().toLowerCase() === setting.toLowerCase()) + 1;
      this.k.humanFormulaCells.add(`${this.ids.status}/Settings!R${row}C2`);
    }
    this.stepDone(`setting ${setting}`);
  }

  // -------------------------------------------------------------------------------------------------
  // Reports

  /** A reporter submits the Form (delivered `deliveries` times); returns the case when intake made one. */
  report(
    answers: FormAnswers,
    people: ReportPeople = {},
    deliveries = 1,
  ): { responseId: string; results: ExecutionResult[]; kase: CaseRef | null } {
    this.k.people.push(people);
    const { responseId, results } = this.ws.submitForm(answers, { deliveries });
    this.reports.push(responseId);
    this.stepDone(`report ${this.reports.length}`);
    return { responseId, results, kase: this.caseOf(this.reports.length) };
  }

  /** Google's phantom: a submit event with no answers. */
  blankEvent(): ExecutionResult[] {
    const results = this.ws.fireBlankSubmit();
    this.stepDone('a blank submit event');
    return results;
  }

  /** Case n (1-based, in submission order), or null when its response did not become a case (yet). */
  caseOf(n: number): CaseRef | null {
    const responseId = this.reports[n - 1];
    if (!responseId) return null;
    const row = this.registry('Cases').find((c) => c['Response ID'] === responseId);
    if (!row) return null;
    return { n, responseId, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] };
  }

  kase(n: number): CaseRef {
    const c = this.caseOf(n);
    if (!c) throw new Error(`case ${n} does not exist`);
    return c;
  }

  // -------------------------------------------------------------------------------------------------
  // Stores as a person (or the checker) sees them

  registry(tab: string): Array<Record<string, string>> {
    // Killed between deleting a tab it rebuilt and renaming the new one, the archive leaves the rows under the
    // temporary name (the product takes it as the tab: src/workspace/archive-store.ts finishRebuild).
    const sheets = this.ws.data.sheets(this.ids.registry);
    const sheet = sheets.find((s) => s.name === tab) ?? sheets.find((s) => s.name === `${tab} (rebuilding)`);
    if (!sheet) throw new Error(`the registry has no ${tab} tab`);
    const rows = records(sheet.rows);
    // `Cases` means every case (`everyCase`).
    const archived = tab === 'Cases' ? sheets.find((s) => s.name === 'Archived Cases') : undefined;
    return archived ? everyCase(rows, records(archived.rows)) : rows;
  }

  status(tab = 'Cases'): Array<Record<string, string>> {
    return records(this.ws.data.sheet(this.ids.status, tab).rows);
  }

  statusRowOf(n: number): Record<string, string> | undefined {
    const c = this.kase(n);
    return this.status().find((r) => (r['Code Name'] ?? '').trim().toLowerCase() === c.codeName.toLowerCase());
  }

  memberId(email: string): string {
    const row = this.registry('Members').find((m) => m.Email.toLowerCase() === email.toLowerCase());
    if (!row) throw new Error(`${email} has no Members row`);
    return row['Member ID'];
  }

  docText(n: number): string {
    return this.ws.data.doc(this.kase(n).docId).text;
  }

  docEditors(n: number): string[] {
    return this.ws.data
      .doc(this.kase(n).docId)
      .editors.map((e) => e.toLowerCase())
      .filter((e) => e !== this.k.owner)
      .sort();
  }

  /** Mail sent to `email` (to, cc or bcc), oldest first. */
  mailTo(email: string): SentMail[] {
    return this.ws.mailTo(email);
  }

  /** The bodies of the mail `email` got from their `from`-th message on, one after another: what they were told since. */
  mailBodiesTo(email: string, from = 0): string {
    return this.ws
      .mailTo(email)
      .slice(from)
      .map((m) => m.body)
      .join('\n');
  }

  /**
   * Everything a change would show in: the status and registry tabs (the append-only Audit tab aside), Docs with
   * their access and history, files, mail, shares and properties. Equal before and after means nothing changed.
   */
  fingerprint(): string {
    return workspaceFingerprint(this.ws, this.ids, { audit: false, formulas: true, triggers: true });
  }

  // -------------------------------------------------------------------------------------------------
  // Links and pages

  /** Every signed web-app link in a mail, labelled, with its claims. */
  linksIn(mail: SentMail): MailLink[] {
    const out: MailLink[] = [];
    for (const link of extractLinks(mail)) {
      if (!link.url.startsWith(this.ws.webAppUrl)) continue;
      const token = new URL(link.url).searchParams.get('t') ?? '';
      const claims = claimsOf(token);
      if (claims) out.push({ url: link.url, token, label: link.label, claims, mail });
    }
    // Links only in the HTML part still count (a scanner follows those too).
    const html = mail.htmlBody ?? '';
    const pattern = new RegExp(`${escapeRegExp(this.ws.webAppUrl)}\\?t=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g');
    for (const m of html.matchAll(pattern)) {
      if (out.some((l) => l.token === m[1])) continue;
      const claims = claimsOf(m[1]);
      if (claims) out.push({ url: m[0], token: m[1], label: '', claims, mail });
    }
    return out;
  }

  /** The newest link for `act` (about case n when given) in the person's mailbox, or null. */
  link(person: string, act: string, n?: number): MailLink | null {
    const caseId = n === undefined ? undefined : this.caseOf(n)?.caseId;
    if (n !== undefined && !caseId) return null;
    const mails = this.ws.mailTo(person).sort((a, b) => b.seq - a.seq);
    for (const mail of mails) {
      const found = this.linksIn(mail).find(
        (l) => l.claims.act === act && (caseId === undefined || l.claims.cid === caseId),
      );
      if (found) return found;
    }
    return null;
  }

  /** Every link anyone received. */
  allLinks(): MailLink[] {
    return this.ws.mail().flatMap((m) => this.linksIn(m));
  }

  /** A person opening a URL (a link clicked, an address typed): one GET through the workbench's browser. */
  get(url: string): { response: WebResponse; page: ParsedPage } {
    const { response, page } = this.browser.open(url);
    return { response, page };
  }

  /** POSTs raw fields to the web app (what a forged or replayed request sends: an attacker, not the browser). */
  post(fields: Record<string, string>): { response: WebResponse; page: ParsedPage } {
    const response = this.ws.webPost(this.ws.webAppUrl, fields);
    const page = parsePage(response.body);
    this.stepDone(`POST ${fields.op ?? ''}`);
    return { response, page };
  }

  /**
   * A person acting: opens the newest link of `linkAct` (for case n) from their mail, presses `op` on the page
   * through the workbench's browser (which ticks the confirmation unless `tick: false`, fills the form, and
   * submits it as a browser would). `beforePost` runs between the GET and the POST (crash tests arm the crash
   * plan there).
   */
  act(
    person: string,
    linkAct: string,
    n: number | undefined,
    op: string,
    options: {
      fill?: (form: HtmlForm) => void;
      tick?: boolean;
      beforePost?: () => void;
      /** For an op confirmed by mail: runs before the first POST, the one that mails the confirmation link. */
      beforeRequest?: () => void;
      url?: string;
    } = {},
  ): ActResult {
    const url = options.url ?? this.link(person, linkAct, n)?.url;
    if (!url)
      return {
        ok: false,
        refusal: `no ${linkAct} link in ${person}'s mail${n ? ` for case ${n}` : ''}`,
        page: null,
        response: null,
      };
    // An irreversible op is done by the POST of the confirmation its first POST mails to the person (DESIGN §9):
    // the crash plan is armed before that one, the POST that does the flow's work.
    const confirmed = CONFIRMED_BY_MAIL.includes(op);
    let pressed = this.browser.answerLink(url, op, {
      tick: options.tick,
      fill: options.fill,
      beforeSubmit: confirmed ? options.beforeRequest : options.beforePost,
    });
    const completed = pressed.submitted
      ? this.browser.completeConfirmation(pressed.visit, person, op, {
          tick: options.tick,
          beforeSubmit: confirmed ? options.beforePost : undefined,
        })
      : null;
    if (completed) pressed = completed;
    const { page, response } = pressed.visit;
    if (!pressed.submitted)
      return { ok: false, refusal: `the page offers no ${op}: ${refusalOf(page) || page.heading}`, page, response };
    return { ok: pressed.ok, refusal: pressed.refusal, page, response };
  }

  respond(
    member: string,
    n: number,
    answer: 'no-conflict' | 'conflict',
    options: { beforePost?: () => void; tick?: boolean } = {},
  ): ActResult {
    return this.act(member, answer, n, answer, options);
  }

  /** A conflict declared from the case page (the route a member who learns more later uses). */
  conflictFromCasePage(member: string, n: number): ActResult {
    return this.act(member, 'case', n, 'conflict');
  }

  caseOp(
    member: string,
    n: number,
    op: CaseOp,
    fields: Record<string, string> = {},
    options: { beforePost?: () => void; tick?: boolean } = {},
  ): ActResult {
    return this.act(member, 'case', n, op, {
      ...options,
      fill: (form) => {
        for (const [name, value] of Object.entries(fields)) if (!fill(form, name, value)) choose(form, name, value);
      },
    });
  }

  openVote(member: string, n: number, options: { beforePost?: () => void } = {}): ActResult {
    return this.caseOp(member, n, 'open-vote', {}, options);
  }

  vote(
    member: string,
    n: number,
    choice: 'approve' | 'reject' | 'abstain',
    options: { beforePost?: () => void; tick?: boolean } = {},
  ): ActResult {
    return this.act(member, 'vote', n, 'vote', {
      ...options,
      fill: (form) => {
        choose(form, 'choice', choice);
      },
    });
  }

  sendRecommendation(member: string, n: number, options: { beforePost?: () => void } = {}): ActResult {
    return this.caseOp(member, n, 'send-recommendation', {}, options);
  }

  sendLetter(member: string, n: number, to: string, options: { beforePost?: () => void } = {}): ActResult {
    this.k.reportedPersonEmails.add(to.toLowerCase());
    return this.caseOp(member, n, 'send-letter', { to }, options);
  }

  sendFollowUp(member: string, n: number, options: { beforePost?: () => void } = {}): ActResult {
    return this.caseOp(member, n, 'send-follow-up', {}, options);
  }

  moderatorReply(
    moderator: string,
    n: number,
    answer: 'accept' | 'disagree',
    details = '',
    options: { beforePost?: () => void } = {},
  ): ActResult {
    return this.act(moderator, 'moderator', n, answer, {
      ...options,
      fill: (form) => {
        if (details) fill(form, 'details', details);
      },
    });
  }

  /** A new member answers their onboarding page, per reported person. */
  onboard(
    member: string,
    answers: { noConflict?: string[]; conflict?: string[] },
    options: { beforePost?: () => void } = {},
  ): ActResult {
    return this.act(member, 'onboard', undefined, 'onboard', {
      ...options,
      fill: (form) => {
        for (const p of answers.noConflict ?? []) answerForPerson(form, p, 'no-conflict');
        for (const p of answers.conflict ?? []) answerForPerson(form, p, 'conflict');
      },
    });
  }

  /** A mail scanner: GETs every web-app link in the member's mail and submits every form it finds, ticking nothing. */
  scan(member: string, which: 'newest' | 'all' = 'all'): { fetched: number; submitted: number } {
    const mails = this.ws.mailTo(member).sort((a, b) => b.seq - a.seq);
    const targets = which === 'newest' ? mails.slice(0, 1) : mails;
    let fetched = 0;
    let submitted = 0;
    for (const mail of targets) {
      for (const link of this.linksIn(mail)) {
        fetched++;
        submitted += this.browser.submitEveryForm(this.browser.open(link.url)).length;
      }
    }
    return { fetched, submitted };
  }

  // -------------------------------------------------------------------------------------------------
  // Docs and sheets as people edit them

  writeDoc(member: string, n: number, section: string, text: string): void {
    this.ws.data.ui.writeDocSection(member, this.kase(n).docId, section, text);
    this.stepDone(`writing ${section}`);
  }

  /** Writes plan, consequences, letter and follow-up texts (defaults are neutral and name-free). */
  writeTexts(
    member: string,
    n: number,
    texts: Partial<Record<'plan' | 'consequences' | 'letter' | 'followUp', string>> = {},
  ): void {
    this.writeDoc(
      member,
      n,
      DOC_SECTION.plan,
      texts.plan ?? 'Do not send private messages to people who have not asked for them.',
    );
    this.writeDoc(member, n, DOC_SECTION.consequences, texts.consequences ?? 'A written warning.');
    this.writeDoc(
      member,
      n,
      DOC_SECTION.letter,
      texts.letter ??
        'Comments in a public channel were hurtful to a community member.\nImpact: people felt unwelcome.',
    );
    this.writeDoc(
      member,
      n,
      DOC_SECTION.followUp,
      texts.followUp ?? 'Thank you for your report. The committee acted on it.',
    );
  }

  /** A member types a value into case n's row of `Cases` (onEdit triggers fire). */
  editCase(user: string, n: number, column: string, value: unknown): ExecutionResult[] {
    const rows = this.ws.data.sheet(this.ids.status, 'Cases').rows;
    const header = rows[0].map((h) => String(h).trim().toLowerCase());
    const codeCol = header.indexOf('code name');
    const col = header.indexOf(column.toLowerCase());
    if (col < 0 || codeCol < 0) throw new Error(`Cases has no ${column} column`);
    const code = this.kase(n).codeName.toLowerCase();
    const row = rows.findIndex((r, i) => i > 0 && String(r[codeCol]).trim().toLowerCase() === code) + 1;
    if (row <= 0) throw new Error(`case ${n} has no status row`);
    if (typeof value === 'string' && value.trim())
      (this.k.humanTextCells ??= new Set()).add(`${code}|${String(rows[0][col]).trim()}`);
    const results = this.ws.editCell(user, this.ids.status, 'Cases', row, col + 1, value);
    if (typeof value === 'string' && /^[=+\-@]/.test(value))
      this.k.humanFormulaCells.add(`${this.ids.status}/Cases!R${row}C${col + 1}`);
    this.stepDone(`editing ${column} of case ${n}`);
    return results;
  }

  sortCases(user: string, column: number, ascending: boolean): void {
    this.ws.sortSheet(user, this.ids.status, 'Cases', column, ascending);
    this.stepDone('sorting Cases');
  }

  insertCasesRow(user: string, before: number): void {
    this.ws.data.ui.insertRowBefore(user, this.ids.status, 'Cases', before);
    this.stepDone('inserting a row in Cases');
  }

  /** A member deletes case n's status row (the checker is told a person did it). */
  deleteCaseRow(user: string, n: number): void {
    const code = this.kase(n).codeName.toLowerCase();
    const rows = this.ws.data.sheet(this.ids.status, 'Cases').rows;
    const codeCol = rows[0].map((h) => String(h).trim().toLowerCase()).indexOf('code name');
    const row = rows.findIndex((r, i) => i > 0 && String(r[codeCol]).trim().toLowerCase() === code) + 1;
    if (row <= 0) throw new Error(`case ${n} has no status row`);
    this.ws.data.ui.deleteRow(user, this.ids.status, 'Cases', row);
    (this.k.humanDeletedStatusRows ??= new Set()).add(code);
    this.stepDone(`deleting the status row of case ${n}`);
  }

  /** A member renames a header of `Cases` (the checker follows the rename). */
  renameCasesHeader(user: string, from: string, to: string): ExecutionResult[] {
    const rows = this.ws.data.sheet(this.ids.status, 'Cases').rows;
    const col = rows[0].findIndex((h) => String(h).trim().toLowerCase() === from.toLowerCase());
    if (col < 0) throw new Error(`Cases has no ${from} header`);
    const aliases = (this.k.statusHeaderAliases ??= new Map());
    const canonical = aliases.get(from) ?? from;
    aliases.delete(from);
    if (to !== canonical) aliases.set(to, canonical);
    const results = this.ws.editCell(user, this.ids.status, 'Cases', 1, col + 1, to);
    this.stepDone(`renaming ${from} to ${to}`);
    return results;
  }

  setDocSharing(user: string, n: number, access: GeneralAccess, role: Role = 'reader'): void {
    this.ws.data.ui.setSharing(user, this.kase(n).docId, access, role);
  }

  // -------------------------------------------------------------------------------------------------
  // Time and triggers

  /** Runs the sweep once, as its trigger would. */
  sweep(): ExecutionResult {
    const result = this.ws.run('sweep_', [{}], { kind: 'trigger' });
    this.stepDone('sweep');
    return result;
  }

  /** Moves the clock; due time-driven triggers fire on the way. */
  advance(ms: number): ExecutionResult[] {
    const results = this.ws.advance(ms);
    this.stepDone(`advancing ${Math.round(ms / 60000)} min`);
    return results;
  }

  /** Arms a crash of the next execution at its k-th side-effecting call. */
  crashNextExecutionAt(k: number): void {
    this.ws.rt.crashPlan = { atSideEffect: k, execution: this.ws.rt.executions.length + 1 };
  }

  // -------------------------------------------------------------------------------------------------
  // Forged links (signed with the deployment's own key, or another)

  /** Signs arbitrary claims with the deployment's key (for links the system would never send). */
  forge(claims: Omit<LinkClaims, 'v' | 'kid'> & Partial<Pick<LinkClaims, 'v' | 'kid'>>, key?: Buffer): string {
    const props = this.ws.properties();
    const keys = JSON.parse(props.hmacKeys) as Record<string, string>;
    const kid = claims.kid ?? props.hmacCurrentKid;
    const secret = key ?? Buffer.from(keys[kid] ?? '', 'base64');
    const json = JSON.stringify({
      v: claims.v ?? 1,
      sub: claims.sub,
      cid: claims.cid,
      act: claims.act,
      exp: claims.exp,
      kid,
    });
    const payload = Buffer.from(json, 'utf8').toString('base64url');
    const signature = createHmac('sha256', secret).update(`v1.${payload}`).digest('base64url');
    return `${payload}.${signature}`;
  }

  urlFor(token: string): string {
    return `${this.ws.webAppUrl}?t=${token}`;
  }
}

/**
 * Installs a second copy of a handler's trigger, as when an installation ran twice or a second account added one
 * (R1, R6). The emulator's registry is reached directly: no bundle function creates duplicates on purpose.
 */
export function duplicateTrigger(r: Rehearsal, handler: string): string {
  const registry = (r.ws as unknown as { registry: { records: Array<Record<string, unknown>>; nextUid(): string } })
    .registry;
  const original = registry.records.find((t) => t.handler === handler && !t.deleted);
  if (!original) throw new Error(`no trigger for ${handler}`);
  const uid = registry.nextUid();
  registry.records.push({ ...original, uid });
  return uid;
}
