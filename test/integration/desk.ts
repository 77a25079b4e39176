// The integration tests' one fixture: a set-up committee in the emulator running the built bundle, reports, signed links read from mail, and people acting on pages through the workbench's Browser, with DESIGN §7's invariants checked after every request.
import { toFormulaSafe } from '../../src/core/text';
import { createHmac } from 'node:crypto';
import {
  Browser,
  decodeEntities,
  type ExecutionResult,
  type FormAnswers,
  type HtmlForm,
  offeredOperations,
  parsePage,
  type PressOptions,
  type SentMail,
  type SheetSnapshot,
  type Visit,
  type WebResponse,
  createTrackedWorkspace,
  forkWorkspace,
  ForkError,
  type Workspace,
  type WorkspaceOptions,
} from '../../workbench';
import { privateBuildDir } from '../support/build-copy';
import { ANA, BO, CY, DEE, EVE, ESCALATION, MODS, SPACE } from '../support/flows';
import {
  DEFAULT_MEMBERS,
  OWNER,
  START,
  workspaceFingerprint,
  type LinkClaims,
  type MemberSpec,
} from '../support/rehearsal';
import { expectInvariants, newKnowledge, type Knowledge, type ReportPeople } from './invariants';

export { DEFAULT_MEMBERS, OWNER, START };
export type { LinkClaims, MemberSpec, Visit };
// The standard committee is the crash matrix's (test/support/flows.ts), so both families of tests speak of the same people.
export { ANA, BO, CY, DEE, EVE, ESCALATION, MODS, SPACE };

export const HOUR = 3600000;
export const DAY = 24 * HOUR;

export interface Desk {
  ws: Workspace;
  k: Knowledge;
  /** What setup recorded in the script properties. */
  ids: { status: string; registry: string; folder: string; form: string };
  /** Members in Committee-tab order (row = index + 2). */
  members: MemberSpec[];
  /** Cases made by `submitReport`, in submission order (case 1 = index 0). */
  cases: CaseInfo[];
  /** The people's browser: every GET and POST a person makes goes through it, and the invariants are checked after each. */
  browser: Browser;
  /** Asserts DESIGN §7's invariants. */
  check(): void;
}

export interface CaseInfo {
  n: number;
  caseId: string;
  codeName: string;
  docId: string;
}

export interface ReportSpec {
  reporter?: { name?: string; email?: string };
  reported: string[];
  witnesses?: string[];
  what?: string;
  /** The answer to "Where did it happen?" (left unanswered when absent). */
  where?: string;
  /** The answer to "Were there witnesses?" when it should say more than the names (a handle, say). */
  witnessAnswer?: string;
  /** "Is anyone in immediate danger?" answered Yes. */
  danger?: boolean;
}

// ------------------------------------------------------------------------------------------------
// Starting a desk

/** Throws with the execution's error when it did not end ok (tests want the bundle's message, not a silent pass). */
export function expectOk<T>(result: ExecutionResult<T>): ExecutionResult<T> {
  if (result.record.outcome !== 'ok')
    throw new Error(`${result.record.fn} ended ${result.record.outcome}: ${result.record.error}`);
  return result;
}

export function expectNoErrors(results: Array<{ error?: unknown; record: { fn: string } }>): void {
  for (const r of results) {
    if (r.error !== undefined)
      throw new Error(`${r.record.fn} failed: ${String((r.error as Error)?.message ?? r.error)}`);
  }
}

/** The desk of a Workspace in which `setup` ran: its ids, a browser for its people, and the checker. */
export function deskFor(ws: Workspace, k: Knowledge = newKnowledge(ws)): Desk {
  const props = ws.properties();
  const check = () => expectInvariants(ws, k);
  return {
    ws,
    k,
    ids: {
      status: props.statusSpreadsheetId,
      registry: props.registrySpreadsheetId,
      folder: props.folderId,
      form: props.formId,
    },
    members: [],
    cases: [],
    browser: new Browser(ws, { afterRequest: check }),
    check,
  };
}

/** A Workspace with the bundle loaded and `setup` run by the owner; the invariants checked. */
function setUpDesk(options: Partial<WorkspaceOptions>): Desk {
  const ws = createTrackedWorkspace({ start: START, owner: OWNER, buildDir: privateBuildDir(), ...options });
  ws.loadBundle();
  const k = newKnowledge(ws);
  expectOk(ws.run('setup'));
  const desk = deskFor(ws, k);
  desk.check();
  return desk;
}

// Set-up desks, one per configuration in a test file, each test starting from a fork of it (workbench/emulator/fork.ts,
// as the rehearsals do): setup, the roster typed in and the Settings made cost about a third of a suite's executions.
// The template is the Workspace a test would have had, built once the same way; CONDUCT_DESK_NO_FORK=1 builds it for
// every test instead (a fork that cannot copy something falls back to that too, never to a mix).
const deskTemplates = new Map<string, Desk>();
/** The options a template is built with and its forks are made with: plain data, so a JSON key tells them apart. */
const FORKABLE_OPTIONS = new Set([
  'members',
  'settings',
  'moderators',
  'latency',
  'mailQuota',
  'timeZone',
  'profile',
  'start',
  'locale',
  'noGoogleAccount',
]);
export const deskForkStats = { forks: 0, builds: 0 };

function fromTemplate(kind: string, options: object, wsOptions: Partial<WorkspaceOptions>, build: () => Desk): Desk {
  const forkable =
    process.env.CONDUCT_DESK_NO_FORK !== '1' && Object.keys(options).every((key) => FORKABLE_OPTIONS.has(key));
  if (!forkable) return countBuild(build());
  const key = `${kind} ${JSON.stringify(options)}`;
  let template = deskTemplates.get(key);
  if (!template) {
    template = build();
    deskTemplates.set(key, template);
  }
  let ws: Workspace;
  try {
    ws = forkWorkspace(template.ws, {
      ...wsOptions,
      start: template.ws.rt.now(),
      owner: template.ws.owner,
      buildDir: template.ws.buildDir,
    });
  } catch (err) {
    if (!(err instanceof ForkError)) throw err;
    return countBuild(build());
  }
  deskForkStats.forks++;
  const desk = deskFor(ws, structuredClone(template.k));
  desk.members.push(...template.members.map((m) => ({ ...m })));
  desk.check();
  return desk;
}

function countBuild(desk: Desk): Desk {
  deskForkStats.builds++;
  return desk;
}

/**
 * A desk whose committee (DEFAULT_MEMBERS unless told) is typed into `Committee` without firing the roster
 * trigger: intake must work from the roster alone (a member with no registry row yet gets one at intake); roster
 * mail is tested with the roster flow.
 */
export function startWorkspace(options: Partial<WorkspaceOptions> & { members?: MemberSpec[] } = {}): Desk {
  const { members = DEFAULT_MEMBERS, ...rest } = options;
  return fromTemplate('workspace', options, rest, () => {
    const desk = setUpDesk(rest);
    members.forEach((m) => addMemberRow(desk, m));
    desk.check();
    return desk;
  });
}

/** A desk whose committee is typed in one cell at a time, each edit firing the roster trigger as in the sheet. */
export function startDesk(options: Partial<WorkspaceOptions> & { members?: MemberSpec[] } = {}): Desk {
  const { members = [], ...rest } = options;
  return fromTemplate('desk', options, rest, () => buildDesk(rest, members));
}

function buildDesk(options: Partial<WorkspaceOptions>, members: MemberSpec[]): Desk {
  const desk = setUpDesk(options);
  for (const member of members) addMember(desk, member);
  return desk;
}

/** A desk with members (Ana, Bo, Cy, Dee unless told), one space with its moderators and an escalation contact. */
export function startResolutionDesk(
  options: {
    members?: MemberSpec[];
    settings?: Record<string, string | number | boolean>;
    moderators?: string[];
    latency?: Record<string, number>;
    mailQuota?: number;
    profile?: 'consumer' | 'workspace';
  } = {},
): Desk {
  const wsOptions = { latency: options.latency, mailQuota: options.mailQuota, profile: options.profile };
  return fromTemplate('resolution', options, wsOptions, () => {
    const desk = buildDesk(wsOptions, options.members ?? [ANA, BO, CY, DEE]);
    addSpace(desk, SPACE, options.moderators ?? MODS);
    setSetting(desk, 'Escalation contact', ESCALATION);
    desk.k.moderatorEmails.add(ESCALATION);
    // These desks test what follows screening: a vote need not wait for silent members unless a test says so
    // (test/integration/decisions.test.ts plays the default 72-hour window).
    const settings = { 'Screening window (hours)': 0, ...options.settings };
    for (const [key, value] of Object.entries(settings)) setSetting(desk, key, value);
    // The Form's "Where did it happen?" choices come from Settings: the owner re-runs setup after adding a space.
    expectOk(desk.ws.run('setup'));
    desk.check();
    return desk;
  });
}

/** The owner types a row into `Committee` in the sheet UI, without firing the roster trigger. */
export function addMemberRow(desk: Desk, m: MemberSpec): void {
  const rows = desk.ws.data.sheet(desk.ids.status, 'Committee').rows;
  const row = rows.length + 1;
  const values: unknown[] = [m.name, m.email, m.role ?? 'voting', m.active ?? true];
  values.forEach((value, i) =>
    desk.ws.data.ui.editCell(desk.ws.owner, desk.ids.status, 'Committee', row, i + 1, value),
  );
  desk.members.push({ ...m });
}

/** The owner types a new row into the Committee tab, one cell at a time (each edit fires onStatusEdit_). */
export function addMember(desk: Desk, member: MemberSpec): void {
  const row = desk.members.length + 2;
  desk.members.push({ ...member }); // a copy: setActive must not change the caller's spec for later desks
  const values = [member.name, member.email, member.role ?? 'voting', member.active ?? true];
  values.forEach((value, i) =>
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, i + 1, value)),
  );
  desk.check();
}

/** The owner ticks or unticks a member's Active box. */
export function setActive(desk: Desk, email: string, active: boolean): void {
  const index = desk.members.findIndex((m) => m.email === email);
  if (index < 0) throw new Error(`no member ${email}`);
  desk.members[index].active = active;
  expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', index + 2, 4, active));
  desk.check();
}

/** Adds a `Space: <name>` row to Settings as the owner in the sheet UI (no trigger), for the Form's places and moderators. */
export function addSpaceRow(desk: Pick<Desk, 'ws' | 'k' | 'ids'>, name: string, moderators: string[]): void {
  const rows = desk.ws.data.sheet(desk.ids.status, 'Settings').rows;
  const row = rows.length + 1;
  desk.ws.data.ui.editCell(desk.ws.owner, desk.ids.status, 'Settings', row, 1, `Space: ${name}`);
  desk.ws.data.ui.editCell(desk.ws.owner, desk.ids.status, 'Settings', row, 2, moderators.join(', '));
  for (const mod of moderators) desk.k.moderatorEmails.add(mod);
}

/** The owner types a Settings value (adds the row when the setting is not there yet); the edit trigger fires. */
export function setSetting(desk: Desk, setting: string, value: string | number | boolean): void {
  const rows = desk.ws.data.sheet(desk.ids.status, 'Settings').rows;
  let row = rows.findIndex((r, i) => i > 0 && String(r[0]).trim() === setting) + 1;
  if (row <= 0) {
    row = rows.length + 1;
    expectNoErrors(desk.ws.editCell(desk.ws.owner, desk.ids.status, 'Settings', row, 1, setting));
  }
  expectNoErrors(desk.ws.editCell(desk.ws.owner, desk.ids.status, 'Settings', row, 2, value));
}

/** A `Space: <name>` setting typed by the owner (the edit trigger fires); its moderators are outsiders to the checker. */
export function addSpace(desk: Desk, name: string, moderators: string[]): void {
  setSetting(desk, `Space: ${name}`, moderators.join(', '));
  for (const m of moderators) desk.k.moderatorEmails.add(m);
}

// ------------------------------------------------------------------------------------------------
// Reports

/** Submits the Form's answers as given (delivered `deliveries` times), tells the checker who is in it, checks the invariants. */
export function submitAnswers(
  desk: Desk,
  answers: FormAnswers,
  people: ReportPeople = {},
  deliveries = 1,
): { responseId: string; results: ExecutionResult[] } {
  desk.k.people.push(people);
  const out = desk.ws.submitForm(answers, { deliveries });
  desk.check();
  return out;
}

/** Submits a report through the Form and returns the new case (from the registry). */
export function submitReport(desk: Desk, spec: ReportSpec): CaseInfo {
  const answers: Record<string, string> = {
    'Who was involved?': spec.reported.join(', '),
    'What happened?': spec.what ?? 'Repeated unwelcome comments in the chat after being asked to stop.',
  };
  if (spec.reporter?.name) answers['Your name'] = spec.reporter.name;
  if (spec.reporter?.email) answers['Your email address'] = spec.reporter.email;
  if (spec.where) answers['Where did it happen?'] = spec.where;
  const witnessAnswer = spec.witnessAnswer ?? (spec.witnesses ?? []).join(', ');
  if (witnessAnswer) answers['Were there witnesses?'] = witnessAnswer;
  if (spec.danger) answers['Is anyone in immediate danger?'] = 'Yes';
  desk.k.people.push({
    reporter: spec.reporter,
    reported: spec.reported.map((name) => ({ name })),
    witnesses: (spec.witnesses ?? []).map((name) => ({ name })),
  });
  const { responseId, results } = desk.ws.submitForm(answers);
  expectNoErrors(results);
  const row = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId);
  if (!row) throw new Error('the report did not become a case');
  const info: CaseInfo = {
    n: desk.cases.length + 1,
    caseId: row['Case ID'],
    codeName: row['Code Name'],
    docId: row['Doc ID'],
  };
  desk.cases.push(info);
  desk.check();
  return info;
}

/** A report with a reporter, a witness (with a handle) and a reported person, in the Discourse space. */
export const REPORT: ReportSpec & { where: string; witnessAnswer: string } = {
  reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' },
  reported: ['Sam Doe'],
  witnesses: ['Wes Tarn'],
  witnessAnswer: 'Wes Tarn (@wtarn)',
  where: SPACE,
  what: 'During the Tuesday release call Sam Doe repeatedly mocked my accent in the public channel even after I asked him to stop, and then sent me private messages.',
};

/** Submits the report (Form answers as in REPORT unless overridden) and returns the case. */
/** `count` reports about Sam Doe (from Rita Quell), each answered "no conflict" by `cleared` and "conflict" by `conflicted`. */
export function clearedCases(desk: Desk, count: number, cleared: MemberSpec, conflicted: MemberSpec): CaseInfo[] {
  const cases: CaseInfo[] = [];
  for (let i = 0; i < count; i++) {
    const kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
    answerLink(desk, newestLink(desk, cleared.email, 'no-conflict', kase.caseId), 'no-conflict');
    answerLink(desk, newestLink(desk, conflicted.email, 'conflict', kase.caseId), 'conflict');
    cases.push(kase);
  }
  return cases;
}

export function reportCase(desk: Desk, spec: Partial<typeof REPORT> = {}): CaseInfo {
  return submitReport(desk, { ...REPORT, ...spec });
}

// ------------------------------------------------------------------------------------------------
// Reading state

export type Row = Record<string, string>;

/**
 * Appends `count` rows to a registry tab as the owner would paste them (plain text, the product's formula-safe
 * writing): `row(i, header)` gives each cell. For tests of narrow reads, which need a big tab.
 */
export function padRegistryTab(
  desk: Desk,
  tab: string,
  count: number,
  row: (i: number, header: string) => string,
): void {
  const g = desk.ws.data.globals() as unknown as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const owner = desk.ws.owner;
  const result = desk.ws.rt.runExecution(
    { kind: 'editor', fn: `test:pad-${tab}`, activeUser: owner, effectiveUser: owner },
    () => {
      const sheet = g.SpreadsheetApp.openById(desk.ids.registry).getSheetByName(tab)!;
      const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
      const rows = Array.from({ length: count }, (_, i) => header.map((h) => toFormulaSafe(row(i, h))));
      const first = sheet.getLastRow() + 1;
      sheet.insertRowsAfter(sheet.getMaxRows(), count);
      sheet.getRange(first, 1, count, header.length).setNumberFormat('@').setValues(rows);
    },
  );
  if (result.error !== undefined) throw result.error;
}

/** Cells of a registry tab each execution since `from` read (executions that read none left out). */
export function registryReads(desk: Desk, tab: string, from: number): Array<{ fn: string; cells: number }> {
  const where = `${desk.ids.registry}/${tab}`;
  return desk.ws.rt.executions
    .slice(from)
    .filter((e) => e.cellsRead[where])
    .map((e) => ({ fn: e.fn, cells: e.cellsRead[where] }));
}

/** A tab as records keyed by header. */
export function records(sheet: Pick<SheetSnapshot, 'rows'>): Row[] {
  if (!sheet.rows.length) return [];
  const header = sheet.rows[0].map((h) => String(h ?? ''));
  return sheet.rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, String(r[i] ?? '')])));
}

export function registryRows(desk: Desk, tab: string): Row[] {
  return records(desk.ws.data.sheet(desk.ids.registry, tab));
}

export function statusRows(desk: Desk, tab = 'Cases'): Row[] {
  return records(desk.ws.data.sheet(desk.ids.status, tab));
}

export function memberId(desk: Desk, email: string): string {
  const row = registryRows(desk, 'Members').find((m) => m.Email === email.toLowerCase());
  if (!row) throw new Error(`no registry member ${email}`);
  return row['Member ID'];
}

export function docEditors(desk: Desk, docId: string): string[] {
  return [...desk.ws.data.doc(docId).editors].sort();
}

export function caseRow(desk: Desk, kase: CaseInfo): Row {
  const row = statusRows(desk, 'Cases').find((r) => r['Code Name'] === kase.codeName);
  if (!row) throw new Error(`no status row for ${kase.codeName}`);
  return row;
}

/** The case's registry row: in `Cases`, or in `Archived Cases` once the archive moved it (Cases wins when in both). */
export function registryCase(desk: Desk, kase: CaseInfo): Row {
  const row = [...registryRows(desk, 'Cases'), ...registryRows(desk, 'Archived Cases')].find(
    (r) => r['Case ID'] === kase.caseId,
  );
  if (!row) throw new Error(`no registry row for ${kase.caseId}`);
  return row;
}

export function docText(desk: Desk, kase: CaseInfo): string {
  return desk.ws.data.doc(kase.docId).text;
}

/** The text under a heading of the case Doc (up to the next heading). */
export function docSection(desk: Desk, kase: CaseInfo, heading: string): string {
  const paragraphs = desk.ws.data.doc(kase.docId).paragraphs;
  const start = paragraphs.findIndex((p) => p.heading !== 'NORMAL' && p.text === heading);
  if (start < 0) return '';
  const out: string[] = [];
  for (let i = start + 1; i < paragraphs.length && paragraphs[i].heading === 'NORMAL'; i++)
    out.push(paragraphs[i].text);
  return out.join('\n');
}

/** Mail to `email` whose subject matches. */
export function mailsTo(desk: Desk, email: string, subject: RegExp): SentMail[] {
  return desk.ws.mailTo(email).filter((m) => subject.test(m.subject));
}

/**
 * Everything a change of state would show: registry and status tabs (the Audit tab excluded: reads are not
 * audited, but a refused write may be), Docs with their access, mail, shares, properties. Equal before and
 * after means nothing changed.
 */
export function stateFingerprint(desk: Desk): string {
  return workspaceFingerprint(desk.ws, desk.ids, { audit: true, formulas: false, triggers: false });
}

// ------------------------------------------------------------------------------------------------
// Links in mail (the tests' knowledge of tokens: the people themselves know only labels)

export interface MailLink {
  url: string;
  token: string;
  claims: LinkClaims;
  mail: SentMail;
}

/** The claims of a token (the payload is signed, not secret: it holds only opaque ids). */
export function claimsOf(token: string): LinkClaims {
  const payload = token.split('.')[0];
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
}

/** The claims of a signed link's token. */
export function linkClaims(url: string): LinkClaims {
  return claimsOf(new URL(url).searchParams.get('t') ?? '');
}

/** Every signed web-app link in a mail's plain-text body. */
export function linksIn(desk: Desk, mail: SentMail): MailLink[] {
  const pattern = new RegExp(`${escapeRegExp(desk.ws.webAppUrl)}\\?t=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g');
  const out: MailLink[] = [];
  for (const m of mail.body.matchAll(pattern)) out.push({ url: m[0], token: m[1], claims: claimsOf(m[1]), mail });
  return out;
}

/** Every web-app link in a text, once each. */
export function linkUrlsIn(text: string, webAppUrl: string): string[] {
  const found = text.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  return [...new Set(found.filter((u) => u.startsWith(webAppUrl) && u.includes('t=')))];
}

/** The newest email to `email` holding a link for `act` (and case `cid` when given): its link. */
export function newestLink(desk: Desk, email: string, act: string, cid?: string): MailLink {
  const mails = desk.ws.mailTo(email).sort((a, b) => b.seq - a.seq);
  for (const mail of mails) {
    const link = linksIn(desk, mail).find((l) => l.claims.act === act && (cid === undefined || l.claims.cid === cid));
    if (link) return link;
  }
  throw new Error(`no ${act} link in ${email}'s mail${cid ? ` for ${cid}` : ''}`);
}

/** Signs arbitrary claims with the deployment's own key (for links the system would never send: expired, foreign…). */
export function forgeToken(desk: Desk, claims: LinkClaims, keyOverride?: Buffer): string {
  const props = desk.ws.properties();
  const keys = JSON.parse(props.hmacKeys) as Record<string, string>;
  const key = keyOverride ?? Buffer.from(keys[claims.kid] ?? keys[props.hmacCurrentKid], 'base64');
  const json = JSON.stringify({
    v: claims.v,
    sub: claims.sub,
    cid: claims.cid,
    act: claims.act,
    exp: claims.exp,
    kid: claims.kid,
  });
  const payload = Buffer.from(json, 'utf8').toString('base64url');
  const signature = createHmac('sha256', key).update(`v1.${payload}`).digest('base64url');
  return `${payload}.${signature}`;
}

export function linkFor(desk: Desk, token: string): string {
  return `${desk.ws.webAppUrl}?t=${token}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ------------------------------------------------------------------------------------------------
// People on pages: every request through the desk's Browser (a forged or replayed POST is the test's own ws.webPost)

/** A person opens a URL (a link from their mail, or one typed in). */
export function open(desk: Desk, url: string): Visit {
  return desk.browser.open(url);
}

/**
 * A person presses the button of operation `op` on a page they have open (ticking its confirmation box unless
 * `tick: false`, setting `fields`); pressing twice on the same page is a stale tab submitted again. Throws when
 * the page offers no such operation.
 */
export function press(desk: Desk, visit: Visit, op: string, options: PressOptions = {}): Visit {
  const pressed = desk.browser.press(visit, op, options);
  if (!pressed.submitted) throw new Error(`${pressed.refusal} on page "${visit.response.title}"`);
  if (pressed.unset.length) throw new Error(`the ${op} form has no field ${pressed.unset.join(', ')}`);
  // An irreversible action asks for a fresh confirmation by mail: the member completes it from their own mailbox.
  const person = memberEmailOfVisit(desk, visit);
  const confirmed = person
    ? desk.browser.completeConfirmation(pressed.visit, person, op, { tick: options.tick })
    : null;
  if (confirmed && !confirmed.submitted) throw new Error(`${confirmed.refusal} after pressing ${op}`);
  return confirmed ? confirmed.visit : pressed.visit;
}

/** The member a page's signed link was made for (by the registry's `Members`), or '' for anyone else. */
export function memberEmailOfVisit(desk: Desk, visit: Visit): string {
  const token = /[?&]t=([^&#]+)/.exec(visit.url)?.[1] ?? '';
  if (!token) return '';
  let sub = '';
  try {
    sub = claimsOf(decodeURIComponent(token)).sub;
  } catch {
    return '';
  }
  return registryRows(desk, 'Members').find((m) => m['Member ID'] === sub)?.Email ?? '';
}

/** A person opening a link and confirming one op (GET the page, tick, POST). */
export function answerLink(desk: Desk, link: MailLink | string, op: string, options: PressOptions = {}): Visit {
  return press(desk, open(desk, typeof link === 'string' ? link : link.url), op, options);
}

/** Members declare "no conflict" through their screening links. */
export function clear(desk: Desk, kase: CaseInfo, ...members: MemberSpec[]): void {
  for (const m of members) answerLink(desk, newestLink(desk, m.email, 'no-conflict', kase.caseId), 'no-conflict');
}

/** A member declares a conflict through their screening "Conflict" link. */
export function answerConflict(desk: Desk, kase: CaseInfo, member: MemberSpec): void {
  answerLink(desk, newestLink(desk, member.email, 'conflict', kase.caseId), 'conflict');
}

/** The member's case page (from their newest "Case page" link for the case). */
export function casePage(desk: Desk, member: MemberSpec, kase: CaseInfo): Visit {
  return open(desk, newestLink(desk, member.email, 'case', kase.caseId).url);
}

/** Opens the case page and presses `op` (ticking its box unless `tick` is false) with `fields` filled in. */
export function caseAction(
  desk: Desk,
  member: MemberSpec,
  kase: CaseInfo,
  op: string,
  fields: Record<string, string> = {},
  tick = true,
): Visit {
  return press(desk, casePage(desk, member, kase), op, { tick, fields });
}

/** Sends the letter to the reported person's address (known to the checker as an outsider). */
export function sendLetter(desk: Desk, member: MemberSpec, kase: CaseInfo, to: string): Visit {
  desk.k.reportedPersonEmails.add(to);
  return caseAction(desk, member, kase, 'send-letter', { to });
}

/**
 * The member votes from their newest vote link for the case. A closed vote shows no form: then the test sends
 * what a page left open in a browser tab would have (a raw POST: no browser would build it from this page).
 */
export function vote(
  desk: Desk,
  member: MemberSpec,
  kase: CaseInfo,
  choice: 'approve' | 'reject' | 'abstain',
  tick = true,
): Visit {
  const link = newestLink(desk, member.email, 'vote', kase.caseId);
  const page = open(desk, link.url);
  if (offers(page, 'vote')) return press(desk, page, 'vote', { tick, fields: { choice } });
  const fields = { t: link.token, op: 'vote', choice, ...(tick ? { confirm: 'yes' } : {}) };
  const response = desk.ws.webPost(desk.ws.webAppUrl, fields);
  desk.check();
  return { url: desk.ws.webAppUrl, response, page: parsePage(response.body) };
}

/** A moderator answers from their newest moderator link for the case. */
export function moderatorAnswer(
  desk: Desk,
  moderator: string,
  kase: CaseInfo,
  op: 'accept' | 'disagree',
  details = '',
  tick = true,
): Visit {
  const page = open(desk, newestLink(desk, moderator, 'moderator', kase.caseId).url);
  return press(desk, page, op, { tick, fields: details ? { details } : {} });
}

// ------------------------------------------------------------------------------------------------
// Reading pages (for assertions: what a person sees, and what a page's forms ask)

type Shown = Visit | WebResponse;

function responseOf(shown: Shown): WebResponse {
  return 'response' in shown ? shown.response : shown;
}

/** True when one of the page's forms performs `op`. */
export function offers(shown: Shown, op: string): boolean {
  const page = 'page' in shown ? shown.page : parsePage(shown.body);
  return offeredOperations(page).includes(op);
}

/**
 * Someone opens every link of the web app written in `text` (a page, an email, a Doc section) and presses `op` where
 * the page offers it: what a reader could do with a link that leaked into people's words (ADV-534..538).
 */
export function pressEveryLink(desk: Desk, text: string, op: string, options: PressOptions = {}): void {
  for (const url of text.match(/https:\/\/script\.google\.com\/\S+/g) ?? []) {
    const page = open(desk, url);
    if (offers(page, op)) press(desk, page, op, options);
  }
}

/** The page's form that performs `op` (its `op` field), as the workbench's HTML reader read it. */
export function formFor(shown: Shown, op: string): HtmlForm {
  const page = 'page' in shown ? shown.page : parsePage(shown.body);
  const form = page.forms.find((f) => f.controls.some((c) => c.name === 'op' && c.value === op));
  if (!form) throw new Error(`no form with op=${op} on page "${responseOf(shown).title}"`);
  return form;
}

export interface FormView {
  checkboxes: Record<string, string>;
  radios: Record<string, string[]>;
  checkedRadios: string[];
}

/** What a form asks of a person: its checkboxes (name → value), radio groups (name → values) and the radios already chosen. */
export function formView(form: HtmlForm): FormView {
  const view: FormView = { checkboxes: {}, radios: {}, checkedRadios: [] };
  for (const c of form.controls) {
    if (c.tag !== 'input') continue;
    if (c.type === 'checkbox') view.checkboxes[c.name] = c.value;
    else if (c.type === 'radio') {
      (view.radios[c.name] ??= []).push(c.value);
      if (c.checked) view.checkedRadios.push(c.name);
    }
  }
  return view;
}

/** The page's outcome marker (`done` / `refused`), '' when none. */
export function outcomeOf(shown: Shown): string {
  return /data-outcome="([a-z]+)"/.exec(responseOf(shown).body)?.[1] ?? '';
}

/**
 * The page for an unusable link as every cause shows it: its "Email me fresh links" form echoes back only the token
 * the requester sent (fresh-links.ts), so the form is left out and the whitespace around it evened out; everything
 * else must be byte for byte the same whatever made the link unusable.
 */
export function genericBody(body: string): string {
  return body
    .replace(
      /<form[^>]*>\s*<input type="hidden" name="t" value="[^"]*">\s*<input type="hidden" name="op" value="fresh-links">[\s\S]*?<\/form>/,
      '',
    )
    .replace(/\s+/g, ' ');
}

/** The visible text of a page (tags stripped), for assertions on what a person reads. */
export function pageText(shown: Shown): string {
  return decodeEntities(
    responseOf(shown)
      .body.replace(/<style[\s\S]*?<\/style>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

// ------------------------------------------------------------------------------------------------
// Doc texts, time

export const PLAN =
  'Do not comment on anyone\u2019s accent or language skills. Do not send private messages to people who have not asked for them.';
export const CONSEQUENCES =
  'A written warning. A repeat within a year leads to a temporary removal from the community chat.';
export const LETTER =
  'In a public call you made repeated comments about a community member\u2019s accent and kept going after being asked to stop.\nImpact: comments like these make people feel unwelcome and less likely to take part.';
export const FOLLOW_UP =
  'Thank you for your report. The committee found that the behaviour broke the Code of Conduct; the person received a written warning and a behaviour plan.';

/** A member replaces a section of the case Doc, as they would in Google Docs. */
export function writeSection(desk: Desk, member: MemberSpec, kase: CaseInfo, section: string, text: string): void {
  desk.ws.data.ui.writeDocSection(member.email, kase.docId, section, text);
  desk.check();
}

/** Writes the plan, consequences, letter and follow-up. */
export function writeTexts(
  desk: Desk,
  member: MemberSpec,
  kase: CaseInfo,
  texts: Partial<{ plan: string; consequences: string; letter: string; followUp: string }> = {},
): void {
  writeSection(desk, member, kase, 'Proposed behavioral modification plan', texts.plan ?? PLAN);
  writeSection(desk, member, kase, 'Proposed consequences', texts.consequences ?? CONSEQUENCES);
  writeSection(desk, member, kase, 'Letter to the reported person', texts.letter ?? LETTER);
  writeSection(desk, member, kase, 'Follow-up to the reporter', texts.followUp ?? FOLLOW_UP);
}

/**
 * `by` puts closing as not a violation to the vote and `voters` approve it (the case closes); with `followUp`, the first
 * of them writes and sends the follow-up explaining why.
 */
export function closeNoViolation(
  desk: Desk,
  kase: CaseInfo,
  by: MemberSpec,
  voters: readonly MemberSpec[],
  followUp?: string,
): void {
  caseAction(desk, by, kase, 'close-no-violation');
  for (const m of voters) vote(desk, m, kase, 'approve');
  if (followUp === undefined) return;
  writeSection(desk, voters[0], kase, 'Follow-up to the reporter', followUp);
  caseAction(desk, voters[0], kase, 'send-follow-up');
}

/**
 * A report emailed to the committee account that the owner makes a case from the sweep's "waits for you" notice
 * (inbox-case.ts): the sender is known to the checker as the reporter. Returns the message, the notice's link and the
 * new case (the registry's second row: a desk with one case before it).
 */
export function emailMadeCase(
  desk: Desk,
  mail: {
    from: string;
    fromName?: string;
    text: string;
    attachments?: Parameters<Desk['ws']['receiveMail']>[0]['attachments'];
  },
): { message: ReturnType<Desk['ws']['receiveMail']>; link: string; kase: CaseInfo } {
  desk.k.people.push({
    reporter: { ...(mail.fromName ? { name: mail.fromName } : {}), email: mail.from },
    reported: [],
    witnesses: [],
  });
  const message = desk.ws.receiveMail({ ...mail, to: OWNER, subject: 'Reporting by email' });
  sweep(desk);
  const [link] = linkUrlsIn(mailsTo(desk, OWNER, /waits for you/)[0].body, desk.ws.webAppUrl);
  expect(outcomeOf(press(desk, open(desk, link), 'make-case'))).toBe('done');
  const row = registryRows(desk, 'Cases')[1];
  return { message, link, kase: { n: 2, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] } };
}

/** An answer in the thread of `first` (an email made a case), as mail clients send it: "Re:", In-Reply-To it. */
export function emailInThread(
  desk: Desk,
  first: ReturnType<Desk['ws']['receiveMail']>,
  from: string,
  text: string,
): ReturnType<Desk['ws']['receiveMail']> {
  const message = desk.ws.receiveMail({ from, to: OWNER, subject: 'Re: Reporting by email', text });
  message.threadId = first.threadId;
  message.inReplyTo = first.rfcId;
  return message;
}

/** Runs the sweep once as its trigger would (one execution), invariants after. */
export function sweep(desk: Desk): void {
  const result = desk.ws.run('sweep_', [{}], { kind: 'trigger' });
  if (result.record.outcome !== 'ok') throw new Error(`sweep_ ended ${result.record.outcome}: ${result.record.error}`);
  desk.check();
}

/** Moves the clock (hourly sweeps fire on the way), invariants after. */
export function advance(desk: Desk, ms: number): void {
  const results = desk.ws.advance(ms);
  for (const r of results)
    if (r.record.outcome !== 'ok') throw new Error(`${r.record.fn} ended ${r.record.outcome}: ${r.record.error}`);
  desk.check();
}

/** Moves the clock an hour at a time, invariants after each; a run that fails is the test's to look at (Google refusing). */
export function passHours(desk: Desk, n: number): void {
  for (let h = 0; h < n; h++) {
    desk.ws.advance(HOUR);
    desk.check();
  }
}

/** Runs the hourly sweeps of `hours` hours, one hour at a time, invariants after each. */
export function sweepHours(desk: Desk, hours: number): void {
  for (let h = 0; h < hours; h++) advance(desk, HOUR);
}

/** Someone types `value` into the case's Status cell in the sheet UI (the onEdit trigger fires as in Sheets). */
export function typeStatus(desk: Desk, who: string, kase: CaseInfo, value: string): void {
  const row = desk.ws.data.sheet(desk.ids.status, 'Cases').rows.findIndex((r) => r[3] === kase.codeName) + 1;
  for (const r of desk.ws.editCell(who, desk.ids.status, 'Cases', row, 3, value))
    if (r.record.outcome !== 'ok') throw new Error(`onStatusEdit_ ended ${r.record.outcome}: ${r.record.error}`);
  desk.check();
}

/** A new case every member (Ana, Cy, Dee) is cleared for, its texts written by Ana, voted through by `voters`. */
export function passedCase(
  desk: Desk,
  voters: MemberSpec[] = [ANA, CY],
  report: Partial<typeof REPORT> = {},
): CaseInfo {
  const kase = reportCase(desk, report);
  clear(desk, kase, ANA, CY, DEE);
  passPlan(desk, kase, voters);
  return kase;
}

/** Ana writes the texts and opens the vote; `voters` approve them. */
export function passPlan(desk: Desk, kase: CaseInfo, voters: MemberSpec[] = [ANA, CY]): void {
  writeTexts(desk, ANA, kase);
  caseAction(desk, ANA, kase, 'open-vote');
  for (const voter of voters) vote(desk, voter, kase, 'approve');
}

/** Google's rate limit (quotas page): the call is refused before anything is sent. */
export const RATE_LIMITED =
  'Service invoked too many times in a short time: email. Try Utilities.sleep(1000) between calls.';

/**
 * A vote passed, and Ana's "send the recommendation" meets MailApp refusing the second moderator's send (and that run's
 * retries) as sent too fast: the confirmation and the first moderator's copy went, the rest waits in the Outbox.
 */
export function recommendationRefused(): { desk: Desk; kase: CaseInfo } {
  const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, BO, CY);
  passPlan(desk, kase);
  const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
  desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sent + 3, times: 3, message: RATE_LIMITED }];
  caseAction(desk, ANA, kase, 'send-recommendation');
  desk.ws.rt.faults = [];
  return { desk, kase };
}

/** passPlan, then `sender` sends the recommendation and the first moderator accepts it: the letter may go. */
export function acceptPlan(
  desk: Desk,
  kase: CaseInfo,
  { voters = [ANA, CY], sender = ANA }: { voters?: MemberSpec[]; sender?: MemberSpec } = {},
): void {
  passPlan(desk, kase, voters);
  caseAction(desk, sender, kase, 'send-recommendation');
  moderatorAnswer(desk, MODS[0], kase, 'accept');
}

/** A case whose letter has gone to `to` (seed step 8): Ana and Cy cleared, voted, recommended by Cy, accepted, sent by Ana. */
export function letterSentCase(to = 'sam.doe@example.com'): { desk: Desk; kase: CaseInfo } {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY);
  acceptPlan(desk, kase, { sender: CY });
  sendLetter(desk, ANA, kase, to);
  return { desk, kase };
}

/** passedCase, voted through by Ana and Cy, with the recommendation sent to the moderators by `sender`. */
export function recommendCase(desk: Desk, sender: MemberSpec = CY): CaseInfo {
  const kase = passedCase(desk);
  caseAction(desk, sender, kase, 'send-recommendation');
  return kase;
}

/** A case Ana is conflicted on and Cy and Dee cleared for, with the texts written and a vote open. */
export function caseWithOpenVote(settings: Record<string, string> = {}): { desk: Desk; kase: CaseInfo } {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings });
  const kase = reportCase(desk);
  answerConflict(desk, kase, ANA);
  clear(desk, kase, CY, DEE);
  writeTexts(desk, CY, kase);
  caseAction(desk, CY, kase, 'open-vote');
  return { desk, kase };
}

/**
 * A case the committee account closed on 5 March 2026 under a purge after one month (its details due on 5 April), the
 * clock at 27 March 23:50, the eve of the week's warning.
 */
export function closedUnderPurge(mailQuota?: number): { desk: Desk; kase: CaseInfo } {
  const desk = startResolutionDesk({ settings: { 'Purge reporter details after (months)': 1 }, mailQuota });
  const kase = reportCase(desk);
  desk.ws.rt.setClock(Date.parse('2026-03-05T10:00:00Z'));
  typeStatus(desk, OWNER, kase, 'Closed');
  desk.ws.rt.setClock(Date.parse('2026-03-27T23:50:00Z'));
  return { desk, kase };
}

/** Moves the clock with no trigger firing (the account idle), then one sweep as its trigger runs it. */
export function jumpAndSweep(desk: Desk, ms: number): void {
  desk.ws.rt.setClock(desk.ws.rt.now() + ms);
  sweep(desk);
}
