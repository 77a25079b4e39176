// Integration-test harness: a fresh emulated Workspace with the built bundle, set up by the owner, a committee, and helpers that check the invariants after every step.
import {
  type ExecutionResult,
  type FormAnswers,
  type SheetSnapshot,
  Workspace,
  type WorkspaceOptions,
} from '../../workbench';
import { privateBuildDir } from '../support/build-copy';
import { expectInvariants, newKnowledge, type Knowledge, type ReportPeople } from './invariants';
import { DEFAULT_MEMBERS, OWNER, START, type MemberSpec } from '../support/rehearsal';

export { DEFAULT_MEMBERS, OWNER, START };
export type { MemberSpec };

export interface Harness {
  ws: Workspace;
  k: Knowledge;
  ids: { status: string; registry: string; folder: string; form: string };
}

/** Throws with the execution's error when it did not end ok (tests want the bundle's message, not a silent pass). */
export function expectOk<T>(result: ExecutionResult<T>): ExecutionResult<T> {
  if (result.record.outcome !== 'ok')
    throw new Error(`${result.record.fn} ended ${result.record.outcome}: ${result.record.error}`);
  return result;
}

/** A Workspace with the bundle loaded and setup run by the owner, invariants checked. */
export function startWorkspace(options: Partial<WorkspaceOptions> & { members?: MemberSpec[] } = {}): Harness {
  const { members = DEFAULT_MEMBERS, ...rest } = options;
  const ws = Workspace.create({ start: START, owner: OWNER, buildDir: privateBuildDir(), ...rest });
  ws.loadBundle();
  const k = newKnowledge(ws);
  expectOk(ws.run('setup'));
  const props = ws.properties();
  const h: Harness = {
    ws,
    k,
    ids: {
      status: props.statusSpreadsheetId,
      registry: props.registrySpreadsheetId,
      folder: props.folderId,
      form: props.formId,
    },
  };
  expectInvariants(ws, k);
  members.forEach((m) => addMemberRow(h, m));
  expectInvariants(ws, k);
  return h;
}

/**
 * The owner adds a row to `Committee`, typed in the sheet UI. The roster trigger is not fired: intake must
 * work from the roster alone (a member with no registry row yet gets one at intake); roster mail is tested
 * with the roster flow.
 */
export function addMemberRow(h: Harness, m: MemberSpec): void {
  const rows = h.ws.data.sheet(h.ids.status, 'Committee').rows;
  const row = rows.length + 1;
  const values: unknown[] = [m.name, m.email, m.role ?? 'voting', m.active ?? true];
  values.forEach((value, i) => h.ws.data.ui.editCell(h.ws.owner, h.ids.status, 'Committee', row, i + 1, value));
}

/** Adds a `Space: <name>` row to Settings as the owner (for the Form's places and moderators). */
export function addSpaceRow(h: Harness, name: string, moderators: string[]): void {
  const rows = h.ws.data.sheet(h.ids.status, 'Settings').rows;
  const row = rows.length + 1;
  h.ws.data.ui.editCell(h.ws.owner, h.ids.status, 'Settings', row, 1, `Space: ${name}`);
  h.ws.data.ui.editCell(h.ws.owner, h.ids.status, 'Settings', row, 2, moderators.join(', '));
  for (const mod of moderators) h.k.moderatorEmails.add(mod);
}

/** Submits a report (delivered `deliveries` times), tells the checker who is in it, checks the invariants. */
export function submitReport(
  h: Harness,
  answers: FormAnswers,
  people: ReportPeople = {},
  deliveries = 1,
): { responseId: string; results: ExecutionResult[] } {
  h.k.people.push(people);
  const out = h.ws.submitForm(answers, { deliveries });
  expectInvariants(h.ws, h.k);
  return out;
}

/** A tab as records keyed by header. */
export function records(sheet: SheetSnapshot): Array<Record<string, string>> {
  const [header, ...rows] = sheet.rows;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [String(name), String(row[i] ?? '')])));
}

export function registryRows(h: Harness, tab: string): Array<Record<string, string>> {
  return records(h.ws.data.sheet(h.ids.registry, tab));
}

export function statusRows(h: Harness, tab = 'Cases'): Array<Record<string, string>> {
  return records(h.ws.data.sheet(h.ids.status, tab));
}

/** Decodes the claims of a signed link (payload only; the signature is the product's business). */
export function linkClaims(url: string): { sub: string; cid: string; act: string; exp: number } {
  const token = new URL(url).searchParams.get('t') ?? '';
  const payload = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
}

/** Every web-app link in a text. */
export function linksIn(text: string, webAppUrl: string): string[] {
  const found = text.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  return [...new Set(found.filter((u) => u.startsWith(webAppUrl) && u.includes('t=')))];
}
