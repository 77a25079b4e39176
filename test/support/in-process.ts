// In-process flow tests: src/ imported by the test and run against the emulator's services as globals (Workspace.runInProcess), with no build, no bundle and no vm: milliseconds per flow.
import { resolve } from 'node:path';
import { everyCase } from '../integration/invariants';
import manifest from '../../appsscript.json';
import { onReportSubmit_ } from '../../src/entrypoints/on-report-submit';
import { runExecution, type ExecutionPlan } from '../../src/entrypoints/runner';
import { setup } from '../../src/entrypoints/setup';
import { recordConflict, recordNoConflict } from '../../src/flows/screening';
import { casesOf } from '../../src/records/cases';
import { doGet, doPost } from '../../src/entrypoints/web';
import type { LinkAction } from '../../src/core/tokens';
import type { Context } from '../../src/workspace/context';
import {
  createTrackedWorkspace,
  forkWorkspace,
  parsePage,
  type ExecutionResult,
  type FaultSpec,
  type InProcessOptions,
  type ParsedPage,
  type Locale,
  type SheetSnapshot,
  type WebResponse,
  type Workspace,
  type WorkspaceOptions,
} from '../../workbench';
import { DEFAULT_MEMBERS, OWNER, START, typeSetting as typeRehearsalSetting, type MemberSpec } from './rehearsal';

export { DEFAULT_MEMBERS, OWNER, START };
export type { MemberSpec };

export interface FlowBenchOptions {
  /** Committee rows typed by the owner before the test (no trigger fires). Default: DEFAULT_MEMBERS. */
  members?: MemberSpec[];
  faults?: FaultSpec[];
  noGoogleAccount?: string[];
  mailQuota?: number;
  seed?: number;
  /** The account's language: service errors follow it. */
  locale?: Locale;
  /** Settings rows the owner types after the committee (no trigger fires). */
  settings?: Record<string, string | number | boolean>;
}

export interface FlowBench {
  ws: Workspace;
  ids: { status: string; registry: string; folder: string; form: string };
  /** Runs `fn` as one execution (the owner's, unless `as` says otherwise); throws with its error when it did not end ok. */
  run<T>(fn: () => T, as?: InProcessOptions): T;
  /** Runs `fn` as one execution and returns the record, error included (for executions expected to fail). */
  attempt<T>(fn: () => T, as?: InProcessOptions): ExecutionResult<T>;
  /**
   * Runs `flow` through the execution protocol (lock, open, flow, commit, deliver, commit) in one execution of its
   * own. Default plan: actor `test`, waiting lock, no mail sent (what the flow queued stays pending in `Outbox`).
   */
  flow<T>(flow: (ctx: Context) => T, plan?: Partial<ExecutionPlan<T>>, as?: InProcessOptions): T;
  /** A report arrives: the Form submit trigger's handler runs in-process with the real event (mail delivered). */
  report(answers: Record<string, string | string[]>): { responseId: string; caseId: string };
  /** The owner types a row into the status spreadsheet's `Committee` tab (1-based data row; default the next one). */
  typeMember(member: MemberSpec, dataRow?: number): void;
  /** A respondent submits the Form (no trigger fires); returns the response id and the submit event a trigger would get. */
  submit(answers: Record<string, string | string[]>): { responseId: string; event: unknown };
  /** A signed link the product would mail to the member with this address (`cid` '-' for no case). */
  linkFor(email: string, act: LinkAction, cid?: string): string;
  /** A browser GETs the web app: doGet runs in-process as a web execution; the page as a person's browser reads it. */
  get(url: string): { response: WebResponse; page: ParsedPage };
  /** A browser POSTs form fields to the web app (doPost in-process). */
  post(url: string, fields: Record<string, string>): { response: WebResponse; page: ParsedPage };
  /** A registry tab as records keyed by header. */
  registry(tab: string): Array<Record<string, string>>;
  /** A status tab as records keyed by header. */
  status(tab?: string): Array<Record<string, string>>;
}

/** What the emulator needs from the build: the manifest's time zone and the page templates (HtmlService reads them from here). */
const BASE_OPTIONS: WorkspaceOptions = {
  start: START,
  owner: OWNER,
  timeZone: manifest.timeZone,
  buildDir: resolve(__dirname, '../../src/pages'),
};

function fail(result: ExecutionResult): never {
  throw new Error(`${result.record.fn} ended ${result.record.outcome}: ${result.record.error}`);
}

/** A tab as records keyed by header. */
export function records(sheet: SheetSnapshot): Array<Record<string, string>> {
  const [header, ...rows] = sheet.rows;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [String(name), String(row[i] ?? '')])));
}

/** One set-up Workspace per test file (jest loads modules per file): setup runs once, in-process, and every bench forks it. */
let template: Workspace | null = null;

function setUpTemplate(): Workspace {
  if (template) return template;
  const ws = createTrackedWorkspace(BASE_OPTIONS);
  const result = ws.runInProcess(() => setup(), { name: 'setup' });
  if (result.record.outcome !== 'ok') fail(result);
  template = ws;
  return ws;
}

/** A set-up Workspace of its own (a fork of the file's template) with a committee typed in. */
export function flowBench(options: FlowBenchOptions = {}): FlowBench {
  const { members = DEFAULT_MEMBERS, settings = {}, ...rest } = options;
  const ws = forkWorkspace(setUpTemplate(), { ...BASE_OPTIONS, ...rest });
  const props = ws.properties();
  const ids = {
    status: props.statusSpreadsheetId,
    registry: props.registrySpreadsheetId,
    folder: props.folderId,
    form: props.formId,
  };
  const attempt = <T>(fn: () => T, as: InProcessOptions = {}): ExecutionResult<T> => ws.runInProcess(fn, as);
  const bench: FlowBench = {
    ws,
    ids,
    attempt,
    run: (fn, as) => {
      const result = attempt(fn, as);
      if (result.record.outcome !== 'ok') fail(result);
      return result.value as ReturnType<typeof fn>;
    },
    flow: (flow, plan = {}, as = {}) =>
      bench.run(
        () => {
          const outcome = runExecution({ actor: 'test', lock: 'wait', mail: false, ...plan }, flow);
          if (!outcome.ok) throw new Error('the script lock was busy');
          return outcome.value;
        },
        { name: 'flow', ...as },
      ),
    report: (answers) => {
      const { responseId, event } = bench.submit(answers);
      bench.run(() => onReportSubmit_(event), { kind: 'trigger', name: 'onReportSubmit_' });
      const row = bench.registry('Cases').find((c) => c['Response ID'] === responseId);
      if (!row) throw new Error(`no case for response ${responseId}`);
      return { responseId, caseId: row['Case ID'] };
    },
    typeMember: (m, dataRow) => {
      const row = dataRow === undefined ? ws.data.sheet(ids.status, 'Committee').rows.length + 1 : dataRow + 1;
      [m.name, m.email, m.role ?? 'voting', m.active ?? true].forEach((value, i) =>
        ws.data.ui.editCell(OWNER, ids.status, 'Committee', row, i + 1, value),
      );
    },
    submit: (answers) => {
      const responseId = ws.data.ui.submitForm(ids.form, answers);
      const trigger = ws.triggers().find((t) => t.eventType === 'ON_FORM_SUBMIT' && t.sourceId === ids.form);
      if (!trigger) throw new Error('setup left no submit trigger');
      return { responseId, event: ws.data.formSubmitEvent(ids.form, responseId, trigger.uid) };
    },
    linkFor: (email, act, cid = '-') =>
      bench.flow((ctx) => {
        const member = ctx.committee.byEmail(email);
        if (!member) throw new Error(`no active member ${email}`);
        return ctx.links.linkFor(member.id, cid, act, 30);
      }),
    get: (url) => {
      const response = ws.webInProcess('GET', url, {}, { doGet, doPost });
      return { response, page: parsePage(response.body) };
    },
    post: (url, fields) => {
      const response = ws.webInProcess('POST', url, fields, { doGet, doPost });
      return { response, page: parsePage(response.body) };
    },
    registry: (tab) => registryRecords(ws, ids.registry, tab),
    status: (tab = 'Cases') => records(ws.data.sheet(ids.status, tab)),
  };
  members.forEach((m) => bench.typeMember(m));
  for (const [key, value] of Object.entries(settings)) typeRehearsalSetting(ws, ids.status, key, value);
  return bench;
}

/** The owner types a Settings row in the status spreadsheet (adds it when missing); no trigger fires. */
export function typeSetting(bench: FlowBench, setting: string, value: string | number | boolean): void {
  typeRehearsalSetting(bench.ws, bench.ids.status, setting, value);
}

/** A member answers screening for the case, as the web POST would record it: "no conflict", or a conflict. */
export function declare(bench: FlowBench, caseId: string, email: string, conflict = false): void {
  bench.flow((ctx) => {
    const kase = casesOf(ctx).find(caseId);
    const member = ctx.committee.byEmail(email);
    if (!kase || !member) throw new Error(`no case ${caseId} or no member ${email}`);
    return conflict ? recordConflict(ctx, kase, member, 'screening') : recordNoConflict(ctx, kase, member, 'screening');
  });
}

/** A registry tab's rows; `Cases` means every case (`everyCase`). */
function registryRecords(ws: Workspace, registryId: string, tab: string): Array<Record<string, string>> {
  const rows = records(ws.data.sheet(registryId, tab));
  if (tab !== 'Cases' || !ws.data.sheets(registryId).some((s) => s.name === 'Archived Cases')) return rows;
  return everyCase(rows, records(ws.data.sheet(registryId, 'Archived Cases')));
}
