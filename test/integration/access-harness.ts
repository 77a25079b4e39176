// Test harness for the access flows: a set-up committee in the emulator, reports, signed links read from members' mail, page forms parsed and submitted as a person (or a scanner) would.
import { createHmac } from 'node:crypto';
import { decodeEntities, parsePage, type SentMail, type WebResponse, Workspace } from '../../workbench';
import { privateBuildDir } from '../support/build-copy';
import { OWNER, type LinkClaims, type MemberSpec } from '../support/rehearsal';

export { OWNER };
import { checkInvariants, newKnowledge, type Knowledge } from './invariants';

export type { MemberSpec };

export interface Desk {
  ws: Workspace;
  k: Knowledge;
  statusId: string;
  registryId: string;
  folderId: string;
  /** Members in Committee-tab order (row = index + 2). */
  members: MemberSpec[];
  /** Cases in submission order (case 1 = index 0). */
  cases: CaseInfo[];
  /** Asserts DESIGN §7's eight invariants. */
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
}

/** A fresh emulator with setup run by the owner and the committee typed into the Committee tab. */
export function startDesk(
  options: {
    members?: MemberSpec[];
    noGoogleAccount?: string[];
    start?: string;
    buildDir?: string;
    latency?: Record<string, number>;
  } = {},
): Desk {
  const buildDir = options.buildDir ?? privateBuildDir();
  const ws = Workspace.create({
    start: options.start ?? '2026-03-02T09:00:00Z',
    owner: OWNER,
    buildDir,
    noGoogleAccount: options.noGoogleAccount,
    latency: options.latency,
  });
  ws.loadBundle();
  const k = newKnowledge(ws);
  const setupResult = ws.run('setup');
  if (setupResult.error)
    throw new Error(`setup failed: ${String((setupResult.error as Error).message ?? setupResult.error)}`);
  const props = ws.properties();
  const desk: Desk = {
    ws,
    k,
    statusId: props.statusSpreadsheetId,
    registryId: props.registrySpreadsheetId,
    folderId: props.folderId,
    members: [],
    cases: [],
    check: () => checkInvariants(ws, k),
  };
  desk.check();
  for (const member of options.members ?? []) addMember(desk, member);
  return desk;
}

/** The owner types a new row into the Committee tab, one cell at a time (each edit fires onStatusEdit_). */
export function addMember(desk: Desk, member: MemberSpec): void {
  const row = desk.members.length + 2;
  desk.members.push({ ...member }); // a copy: setActive must not change the caller's spec for later desks
  const values = [member.name, member.email, member.role ?? 'voting', member.active ?? true];
  values.forEach((value, i) => expectNoErrors(desk.ws.editCell(OWNER, desk.statusId, 'Committee', row, i + 1, value)));
  desk.check();
}

/** The owner ticks or unticks a member's Active box. */
export function setActive(desk: Desk, email: string, active: boolean): void {
  const index = desk.members.findIndex((m) => m.email === email);
  if (index < 0) throw new Error(`no member ${email}`);
  desk.members[index].active = active;
  expectNoErrors(desk.ws.editCell(OWNER, desk.statusId, 'Committee', index + 2, 4, active));
  desk.check();
}

export function expectNoErrors(results: Array<{ error?: unknown; record: { fn: string } }>): void {
  for (const r of results) {
    if (r.error !== undefined)
      throw new Error(`${r.record.fn} failed: ${String((r.error as Error)?.message ?? r.error)}`);
  }
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

// ------------------------------------------------------------------------------------------------
// Reading state

export type Row = Record<string, string>;

function rowsOf(values: unknown[][]): Row[] {
  if (!values.length) return [];
  const header = values[0].map((h) => String(h ?? ''));
  return values.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, String(r[i] ?? '')])));
}

export function registryRows(desk: Desk, tab: string): Row[] {
  return rowsOf(desk.ws.data.sheet(desk.registryId, tab).rows);
}

export function statusRows(desk: Desk, tab: string): Row[] {
  return rowsOf(desk.ws.data.sheet(desk.statusId, tab).rows);
}

export function memberId(desk: Desk, email: string): string {
  const row = registryRows(desk, 'Members').find((m) => m.Email === email.toLowerCase());
  if (!row) throw new Error(`no registry member ${email}`);
  return row['Member ID'];
}

export function docEditors(desk: Desk, docId: string): string[] {
  return [...desk.ws.data.doc(docId).editors].sort();
}

/**
 * Everything a change of state would show: registry and status tabs (the Audit tab excluded: reads are not
 * audited, but a refused write may be), Docs with their access, mail, shares, properties. Equal before and
 * after means nothing changed.
 */
export function stateFingerprint(desk: Desk): string {
  const snap = desk.ws.snapshot();
  const sheets = snap.sheets
    .filter((s) => s.spreadsheetId === desk.registryId || s.spreadsheetId === desk.statusId)
    .map((s) => ({ id: s.spreadsheetId, name: s.name, rows: s.rows }));
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
  }));
  return JSON.stringify({
    sheets,
    docs,
    files,
    mail: snap.mail.length,
    shares: snap.shares,
    notes: snap.shareNotifications,
    props: snap.properties,
  });
}

// ------------------------------------------------------------------------------------------------
// Links in mail

/** What a link's token claims, as a test reads it (the rehearsal's shape). */
export type LinkClaimsSeen = LinkClaims;

export interface MailLink {
  url: string;
  token: string;
  claims: LinkClaimsSeen;
  mail: SentMail;
}

/** The claims of a token (the payload is signed, not secret: it holds only opaque ids). */
export function claimsOf(token: string): LinkClaimsSeen {
  const payload = token.split('.')[0];
  return JSON.parse(
    Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'),
  ) as LinkClaimsSeen;
}

/** Every signed web-app link in a mail's plain-text body. */
export function linksIn(desk: Desk, mail: SentMail): MailLink[] {
  const base = desk.ws.webAppUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${base}\\?t=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g');
  const out: MailLink[] = [];
  for (const m of mail.body.matchAll(pattern)) out.push({ url: m[0], token: m[1], claims: claimsOf(m[1]), mail });
  return out;
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
export function forgeToken(desk: Desk, claims: LinkClaimsSeen, keyOverride?: Buffer): string {
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

// ------------------------------------------------------------------------------------------------
// Pages and forms

export interface PageForm {
  action: string;
  method: string;
  /** Hidden fields (t, op, list…), unescaped. */
  hidden: Record<string, string>;
  /** Checkbox name → value. */
  checkboxes: Record<string, string>;
  /** Radio group name → possible values. */
  radios: Record<string, string[]>;
  /** Radio inputs that arrive pre-selected (there must be none). */
  checkedRadios: string[];
}

/**
 * Every form on a page, read by the workbench's HTML reader (the one the scenario runner and the benchmark use), as
 * the hidden fields, checkboxes and radios these tests submit.
 */
export function formsOf(page: string | WebResponse): PageForm[] {
  const html = typeof page === 'string' ? page : page.body;
  return parsePage(html).forms.map((parsed) => {
    const form: PageForm = {
      action: parsed.action,
      method: parsed.method,
      hidden: {},
      checkboxes: {},
      radios: {},
      checkedRadios: [],
    };
    for (const control of parsed.controls) {
      if (control.tag !== 'input') continue;
      if (control.type === 'hidden') form.hidden[control.name] = control.value;
      else if (control.type === 'checkbox') form.checkboxes[control.name] = control.value;
      else if (control.type === 'radio') {
        (form.radios[control.name] ??= []).push(control.value);
        if (control.checked) form.checkedRadios.push(control.name);
      }
    }
    return form;
  });
}

/** The page's form whose hidden `op` is `op`. */
export function formFor(page: WebResponse, op: string): PageForm {
  const form = formsOf(page.body).find((f) => f.hidden.op === op);
  if (!form) throw new Error(`no form with op=${op} on page "${page.title}"`);
  return form;
}

/** Submits a form as a browser would: hidden fields, plus the ticked boxes and chosen radios given. */
export function submitForm(
  desk: Desk,
  form: PageForm,
  options: { tick?: boolean; choices?: Record<string, string> } = {},
): WebResponse {
  const fields: Record<string, string> = { ...form.hidden };
  if (options.tick) for (const [name, value] of Object.entries(form.checkboxes)) fields[name] = value;
  Object.assign(fields, options.choices ?? {});
  return desk.ws.webPost(form.action, fields);
}

/** A person opening a link and confirming one op (GET the page, tick, POST). */
export function answerLink(desk: Desk, link: MailLink | string, op: string): WebResponse {
  const url = typeof link === 'string' ? link : link.url;
  const page = desk.ws.webGet(url);
  const response = submitForm(desk, formFor(page, op), { tick: true });
  desk.check();
  return response;
}

/** The visible text of a page (tags stripped), for assertions on what a person reads. */
export function pageText(page: WebResponse): string {
  return decodeEntities(page.body.replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}
