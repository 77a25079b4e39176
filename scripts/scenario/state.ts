// The run's outcome as data: out/state.json (DESIGN §9 names are a contract), built from the emulator snapshot and the player's records.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parsePage,
  type AccessEvent,
  type ExecutionRecord,
  type SentMail,
  type TriggerSnapshot,
} from '../../workbench';
import type { CaseRef, PlayResult, RunError, StepRecord } from './player';

/** A sent mail as state.json shows it: the emulator's record with its time as an ISO instant. */
export interface MailOut extends Omit<SentMail, 'at'> {
  at: string;
  /** True for the `alerts` list: subject starts with "[Conduct Desk]" or it went to the committee address. */
  alert: boolean;
}

export interface AccessOut {
  at: string;
  principal: string;
  role: string;
  change: 'grant' | 'revoke';
  via: string;
  notified?: boolean;
  by: string;
}

export interface DocOut {
  id: string;
  title: string;
  text: string;
  paragraphs: Array<{ heading: string; text: string }>;
  access: string;
  editors: string[];
  everHadAccess: string[];
  inSharedFolder: boolean;
  /** Case number when the Doc belongs to a case of this run. */
  case: number | null;
  accessHistory: AccessOut[];
}

export interface ExecutionOut {
  id: number;
  kind: string;
  fn: string;
  activeUser: string;
  effectiveUser: string;
  startedAt: string;
  endedAt: string;
  simulatedSeconds: number;
  outcome: string;
  error?: string;
  calls: Record<string, number>;
}

export interface ScenarioState {
  scenario: {
    name: string;
    description: string;
    start: string;
    end: string;
    owner: string;
    webAppUrl: string;
    steps: number;
  };
  cases: CaseRef[];
  /** Every tab of the status spreadsheet as rows, header first. */
  sheets: Record<string, unknown[][]>;
  /** The owner-only registry, for people checking the run (it holds reporter identity: never share an out/ folder). */
  registry: Record<string, unknown[][]>;
  docs: DocOut[];
  mail: MailOut[];
  alerts: MailOut[];
  /**
   * MailApp's daily recipient quota, per quota day (it begins with the account's first request after the previous
   * one ended and lasts 24 hours, not midnight to midnight): when it began, whose it is, recipients sent, the limit.
   */
  quota: Array<{ day: string; user: string; recipients: number; limit: number }>;
  /**
   * Every page a person saw, in order: when, who (the step's actor), the link (the URL their browser requested), the
   * page's main heading and its text as visible (tags, styles and scripts left out).
   */
  pages: Array<{ at: string; person: string; link: string; heading: string; text: string }>;
  shares: Array<{ at: string; docId: string; email: string; silent: boolean; via: string }>;
  shareNotifications: Array<{ at: string; to: string; fileId: string; title: string }>;
  triggers: Array<TriggerSnapshot & { fired: number; failed: number; lastFired: string | null }>;
  /** Every Form at the end of the run: whether the community could answer it, and how many responses it holds. */
  forms: Array<{ id: string; published: boolean; acceptingResponses: boolean; responses: number }>;
  /** What every `selfTest` step printed, in order: a PASS or FAIL line per check and a summary line per run. */
  selfTest: string[];
  /**
   * The committee account's inbox at the end of the run: what still waits there (a reply filed under its case is
   * archived; one the sweep could not match, or any other email, stays for the owner).
   */
  committeeInbox: Array<{ at: string; from: string; subject: string }>;
  /**
   * The owner's calendar at the end of the run: every event the script created (a meeting's title is the case's
   * code name), its start, its guests now, and every change to it (`created`, `guest-added`, `guest-removed`,
   * `guests-hidden`, `deleted`) with when and whom.
   */
  calendar: Array<{
    title: string;
    start: string;
    end: string;
    guests: string[];
    guestsCanSeeGuests: boolean;
    history: Array<{ at: string; change: string; email: string }>;
  }>;
  calls: Record<string, number>;
  simulatedSeconds: Array<{ execution: number; fn: string; kind: string; startedAt: string; seconds: number }>;
  executions: ExecutionOut[];
  errors: RunError[];
  steps: StepRecord[];
  logs: Array<{ at: string; execution: number; text: string }>;
  /** Script Property names only: values hold the HMAC secret. */
  propertyNames: string[];
  transcript: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function accessOut(e: AccessEvent): AccessOut {
  return {
    at: iso(e.at),
    principal: e.principal,
    role: e.role,
    change: e.change,
    via: e.via,
    ...(e.notified === undefined ? {} : { notified: e.notified }),
    by: e.by,
  };
}

function executionOut(r: ExecutionRecord): ExecutionOut {
  return {
    id: r.id,
    kind: r.kind,
    fn: r.fn,
    activeUser: r.activeUser,
    effectiveUser: r.effectiveUser,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    simulatedSeconds: r.simulatedMs / 1000,
    outcome: r.outcome,
    ...(r.error === undefined ? {} : { error: r.error }),
    calls: r.calls,
  };
}

/** Gathers everything a person (or a test) wants to look at after the run. */
export function buildState(run: PlayResult): ScenarioState {
  const { ws, scenario } = run;
  const snap = ws.snapshot();
  const owner = scenario.owner.toLowerCase();
  const mailOut = (m: SentMail): MailOut => ({
    ...m,
    at: iso(m.at),
    alert: m.subject.startsWith('[Conduct Desk]') || [...m.to, ...m.cc].some((a) => a.toLowerCase() === owner),
  });
  const mail = snap.mail.map(mailOut);
  const tabsOf = (id: string | null) => {
    const tabs: Record<string, unknown[][]> = {};
    if (!id) return tabs;
    for (const sheet of snap.sheets.filter((s) => s.spreadsheetId === id)) tabs[sheet.name] = sheet.rows;
    return tabs;
  };
  const caseOfDoc = new Map(run.cases.map((c) => [c.docId, c.n]));
  const docs: DocOut[] = snap.docs.map((d) => ({
    id: d.id,
    title: d.title,
    text: d.text,
    paragraphs: d.paragraphs,
    access: d.access,
    editors: d.editors,
    everHadAccess: d.everHadAccess,
    inSharedFolder: d.inSharedFolder,
    case: caseOfDoc.get(d.id) ?? null,
    accessHistory: snap.accessHistory.filter((e) => e.fileId === d.id).map(accessOut),
  }));
  const triggerRuns = snap.executions.filter((e) => e.kind === 'trigger');
  const triggers = snap.triggers.map((t) => {
    const runs = triggerRuns.filter((e) => e.fn === t.handler);
    return {
      ...t,
      fired: runs.length,
      failed: runs.filter((e) => e.outcome !== 'ok').length,
      lastFired: runs.length ? iso(runs[runs.length - 1].startedAt) : null,
    };
  });
  return {
    scenario: {
      name: scenario.name ?? '',
      description: scenario.description ?? '',
      start: scenario.start,
      end: snap.now,
      owner: scenario.owner,
      webAppUrl: ws.webAppUrl,
      steps: scenario.steps.length,
    },
    cases: run.cases,
    sheets: tabsOf(run.statusSpreadsheetId),
    registry: tabsOf(run.registrySpreadsheetId),
    docs,
    mail,
    alerts: mail.filter((m) => m.alert),
    pages: run.pages.map((p) => {
      const page = parsePage(p.body);
      return { at: iso(p.at), person: p.person, link: p.link, heading: page.heading || page.title, text: page.text };
    }),
    quota: ws.mailQuotaDays().map((d) => ({ day: iso(d.start), user: d.user, recipients: d.used, limit: d.limit })),
    shares: snap.shares.map((s) => ({ at: iso(s.at), docId: s.docId, email: s.email, silent: s.silent, via: s.via })),
    shareNotifications: snap.shareNotifications.map((n) => ({ ...n, at: iso(n.at) })),
    triggers,
    forms: snap.forms.map((f) => ({
      id: f.id,
      published: f.settings.published === true,
      acceptingResponses: f.settings.acceptingResponses === true,
      responses: f.responses.length,
    })),
    selfTest: run.selfTest,
    committeeInbox: ws
      .mailbox(owner)
      .filter((m) => m.labelIds.includes('INBOX') && m.from !== owner)
      .map((m) => ({ at: iso(m.at), from: m.from, subject: m.subject })),
    calendar: ws.calendar().map((e) => ({
      title: e.title,
      start: e.start,
      end: e.end,
      guests: e.guests,
      guestsCanSeeGuests: e.guestsCanSeeGuests,
      history: e.history,
    })),
    calls: snap.calls,
    simulatedSeconds: snap.executions.map((e) => ({
      execution: e.id,
      fn: e.fn,
      kind: e.kind,
      startedAt: iso(e.startedAt),
      seconds: e.simulatedMs / 1000,
    })),
    executions: snap.executions.map(executionOut),
    errors: run.errors,
    steps: run.steps,
    logs: snap.logs.map((l) => ({ at: iso(l.at), execution: l.execution, text: l.text })),
    propertyNames: Object.keys(snap.properties).sort(),
    transcript: run.transcript,
  };
}

/** Writes state.json and index.html into `dir`; returns their paths. */
export function writeOutputs(dir: string, state: ScenarioState, html: string): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'state.json');
  const page = join(dir, 'index.html');
  writeFileSync(json, `${JSON.stringify(state, null, 2)}\n`);
  writeFileSync(page, html);
  return { json, html: page };
}
