// The emulator's facade: builds the runtime, data world and services, loads the bundle with gas-local into a fresh global, and runs executions, triggers and web requests.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vm from 'node:vm';
import { createContentService, MIME_STRINGS, textOutputOf } from './content-service';
import { createDataWorld } from './data-services';
import type {
  ChangeEventInfo,
  DataWorld,
  EditEventInfo,
  ExecutionResult,
  FormAnswers,
  InProcessOptions,
  MailQuotaDay,
  SentMail,
  ServedPage,
  TriggerSnapshot,
  WebRequester,
  WebResponse,
  WorkspaceApi,
  WorkspaceOptions,
  WorkspaceContents,
  WorkspaceSnapshot,
} from './contracts';
import { escapeHtml } from './html-escape';
import { createHtmlService, htmlOutputOf } from './html-service';
import { createLockService, LockState } from './lock-service';
import { createConsole, createLogger, LogSink, type LogLine } from './logging';
import { DAILY_LIMITS, DailyQuotas } from './daily-quota';
import { createMailApp, type MailService } from './mail-app';
import { createAdvancedGmail, Mailboxes, type MailboxMessage, type NewMailInput, type ReplyInput } from './gmail';
import {
  CalendarStore,
  createCalendarApp,
  occurrenceGuests,
  occurrenceStarts,
  seenWithDetails,
  type CalendarEventRecord,
} from './calendar';
import { PageLog } from './page-log';
import { createPropertiesService, PropertyStores } from './properties-service';
import {
  describeError,
  GasException,
  guard,
  Runtime,
  type ExecutionInfo,
  type ExecutionKind,
  type ExecutionRecord,
} from './runtime';
import { clockEvent, createScriptApp, TriggerRegistry, type TriggerRecord } from './script-app';
import { fullScope } from './scopes';
import type { Realm, ServiceContext } from './service-kit';
import { createSession } from './session';
import {
  AUTHORIZATION_REQUIRED,
  TRIGGER_RUNTIME_EXCEEDED,
  TRIGGER_RUNTIME_MS,
  TriggerQuota,
  triggerDelay,
} from './trigger-timing';
import { createUtilities } from './utilities';

export const DEFAULT_WEB_APP_URL = 'https://script.google.com/macros/s/EMULATED/exec';
export const EMULATED_SCRIPT_ID = '1EmuLatedConductDeskScriptId0000000000000000000000000000';

/** How the Workspace obtains its data half (default: data-services.ts); the facade's own tests pass a stub. */
export type DataWorldFactory = (
  rt: Runtime,
  options: { owner: string; timeZone: string; profile: 'consumer' | 'workspace' },
) => DataWorld;

export interface WorkspaceDeps {
  createDataWorld?: DataWorldFactory;
}

/** Services the emulator does not provide: present as globals so any use throws "Emulator does not implement X.member". */
const UNIMPLEMENTED_SERVICES = [
  'GmailApp',
  'CacheService',
  'UrlFetchApp',
  'Browser',
  'SlidesApp',
  'ContactsApp',
  'GroupsApp',
  'XmlService',
  'Jdbc',
  'Charts',
  'CardService',
  'LanguageApp',
  'Maps',
  'SitesApp',
  'DataStudioApp',
];

/** Base.MimeType (Drive MIME types as strings). */
const BASE_MIME_TYPE = {
  GOOGLE_APPS_SCRIPT: 'application/vnd.google-apps.script',
  GOOGLE_DRAWINGS: 'application/vnd.google-apps.drawing',
  GOOGLE_DOCS: 'application/vnd.google-apps.document',
  GOOGLE_FORMS: 'application/vnd.google-apps.form',
  GOOGLE_SHEETS: 'application/vnd.google-apps.spreadsheet',
  GOOGLE_SITES: 'application/vnd.google-apps.site',
  GOOGLE_SLIDES: 'application/vnd.google-apps.presentation',
  FOLDER: 'application/vnd.google-apps.folder',
  SHORTCUT: 'application/vnd.google-apps.shortcut',
  BMP: 'image/bmp',
  GIF: 'image/gif',
  JPEG: 'image/jpeg',
  PNG: 'image/png',
  SVG: 'image/svg+xml',
  PDF: 'application/pdf',
  CSS: 'text/css',
  CSV: 'text/csv',
  HTML: 'text/html',
  JAVASCRIPT: 'application/javascript',
  PLAIN_TEXT: 'text/plain',
  RTF: 'application/rtf',
  ZIP: 'application/zip',
  MICROSOFT_WORD: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  MICROSOFT_EXCEL: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The manifest's web app access setting; `ANYONE` (a Google account needed) when the manifest does not say. */
function manifestWebAccess(buildDir: string): string {
  const path = join(buildDir, 'appsscript.json');
  if (!existsSync(path)) return 'ANYONE';
  try {
    const access = (JSON.parse(readFileSync(path, 'utf8')) as { webapp?: { access?: unknown } }).webapp?.access;
    return typeof access === 'string' ? access : 'ANYONE';
  } catch {
    return 'ANYONE';
  }
}

/**
 * What Google serves a browser that is not signed in when the web app's access is "Anyone with a Google account"
 * (`ANYONE`): its sign-in page, not the app (developers.google.com/apps-script/manifest/web-app: ANYONE "Any user
 * who is signed in to a Google account"; ANYONE_ANONYMOUS "Any user, signed in or not"). The wording is Google's
 * account page, abridged.
 */
export const GOOGLE_SIGN_IN_TITLE = 'Sign in - Google Accounts';
/**
 * Whom an installable onEdit trigger's event (and active user) names for an edit by `user`: the owner for the owner's
 * edit, a blank for anyone else signed in (the stricter consumer case), and the trigger's owner for someone signed out
 * editing through link sharing (`user` ''), as measured on a real account: "When the anonymous user has edited a
 * cell, e of installedOnEdit(e) has the property of "user":{"email":"### owner's email ###"…}"
 * (tanaikech.github.io/2022/01/04/detecting-operations-to-google-spreadsheet-by-owner-specific-users-and-anonymous-users-using-google-apps-script).
 */
function editorNamed(user: string, owner: string): string {
  return user === owner || user === '' ? owner : '';
}

/**
 * What a browser meets on the web app's address carrying an account index (`…/macros/u/1/s/<id>/exec`) that is not
 * its own: Drive's "page not found", not the app. Google documents only that multi-login "isn't supported for Apps
 * Script, add-ons, or web apps" (developers.google.com/apps-script/guides/projects#fix_issues_with_multiple_google_accounts);
 * the page is as people who met it report (github.com/dwyl/learn-to-send-email-via-google-script/issues/163,
 * github.com/derekantrican/GAS-ICS-Sync/issues/256: "Sorry, unable to open the file at present. Please check the
 * address and try again", tab "Page not found"). The stricter case: every such request from anyone but the owner.
 */
export const UNABLE_TO_OPEN_TITLE = 'Page not found';
const UNABLE_TO_OPEN_PAGE = `<!DOCTYPE html><html><head><title>${UNABLE_TO_OPEN_TITLE}</title></head><body><p>Sorry, unable to open the file at present.</p><p>Please check the address and try again.</p></body></html>`;

/**
 * `url` on the deployment's address `base` with a browser's account index inserted before `/s/` (`/macros/u/1/s/…`):
 * the address as opened (up to `/exec`) and the request without the index; null for any other URL.
 */
function accountIndexed(url: string, base: string): { opened: string; plain: string } | null {
  const m = /^(.*)\/s\/[^/?#]+\/exec/.exec(base);
  if (!m) return null;
  const prefix = `${m[1]}/u/`;
  if (!url.startsWith(prefix)) return null;
  const rest = /^\d+/.exec(url.slice(prefix.length));
  if (!rest) return null;
  const plain = m[1] + url.slice(prefix.length + rest[0].length);
  if (!plain.startsWith(base)) return null;
  return { opened: prefix + rest[0] + base.slice(m[1].length), plain };
}

const GOOGLE_SIGN_IN_PAGE = `<!DOCTYPE html><html><head><title>${GOOGLE_SIGN_IN_TITLE}</title></head><body><h1>Sign in</h1><p>to continue to Google Apps Script</p><form action="https://accounts.google.com/v3/signin/identifier" method="post"><label>Email or phone <input type="email" name="identifier"></label><button>Next</button></form></body></html>`;

function manifestTimeZone(buildDir: string): string | undefined {
  const path = join(buildDir, 'appsscript.json');
  if (!existsSync(path)) return undefined;
  try {
    const tz = (JSON.parse(readFileSync(path, 'utf8')) as { timeZone?: unknown }).timeZone;
    return typeof tz === 'string' ? tz : undefined;
  } catch {
    return undefined;
  }
}

interface Intrinsics {
  Array: ArrayConstructor;
  Date: DateConstructor;
  Object: ObjectConstructor;
  JSON: JSON;
}

/** This realm's own constructors, taken before any in-process execution replaces `Date` on globalThis. */
const HOST_INTRINSICS: Intrinsics = { Array, Date, Object, JSON };

/**
 * `VIRTUAL_DATE_SOURCE` for this realm: a `Date` whose "now" is the virtual clock and whose instances are real
 * Dates (same prototype, so `instanceof Date` holds for them and for Dates made before it was installed).
 */
function virtualDate(RealDate: DateConstructor, now: () => number): DateConstructor {
  const construct = RealDate as unknown as new (...args: unknown[]) => Date;
  const VirtualDate = function (this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(now()).toString();
    if (args.length === 0) return new RealDate(now());
    return new construct(...args);
  } as unknown as DateConstructor & { prototype: Date };
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = () => now();
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  return VirtualDate;
}

/**
 * Installed in the bundle's realm after loading: a `Date` whose "now" is the virtual clock. Instances are the
 * realm's real Dates (same prototype), so `instanceof Date`, formatting and the services' Dates all agree.
 */
const VIRTUAL_DATE_SOURCE = `(function (now) {
  var RealDate = Date;
  function VirtualDate() {
    if (!(this instanceof VirtualDate)) return new RealDate(now()).toString();
    if (arguments.length === 0) return new RealDate(now());
    return new (Function.prototype.bind.apply(RealDate, [null].concat(Array.prototype.slice.call(arguments))))();
  }
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = function () { return now(); };
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  Date = VirtualDate;
})`;

/** Parses `a=1&b=2&a=3` (form encoding: `+` is a space) into `parameters`. */
function addParameters(into: Record<string, string[]>, encoded: string | null): void {
  if (!encoded) return;
  for (const pair of encoded.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    (into[key] ??= []).push(value);
  }
}

export class Workspace implements WorkspaceApi {
  readonly rt: Runtime;
  readonly owner: string;
  readonly data: DataWorld;
  readonly webAppUrl: string;
  readonly timeZone: string;
  readonly buildDir: string;
  readonly profile: 'consumer' | 'workspace';

  private readonly mailService: MailService;
  /** Everyone's mailbox: what MailApp sent and what people replied (gmail.ts). */
  readonly mailboxes: Mailboxes;
  private readonly calendarStore = new CalendarStore();
  private readonly registry = new TriggerRegistry();
  /** Each account's trigger runtime today (the daily quota). */
  private readonly triggerQuota: TriggerQuota;
  /** Documents and Spreadsheets created, Properties and Email read/write today, per account (daily-quota.ts). */
  readonly dailyQuotas: DailyQuotas;
  /** True while the product runs (a bundle or in-process execution): a test's seeding of its world is not charged. */
  private metering = false;
  /** Seed of the clock triggers' minute within their slot and lateness; null: they fire on their nominal slot. */
  private readonly jitterSeed: number | null;
  /** The manifest's `webapp.access` (`ANYONE`: anyone signed in to a Google account; `ANYONE_ANONYMOUS`: anyone). */
  private readonly webAccess: string;
  private readonly lockState = new LockState();
  private readonly propertyStores = new PropertyStores();
  private readonly logSink: LogSink;
  private readonly pageLog = new PageLog();
  private readonly serviceCtx: ServiceContext;
  private readonly services: Record<string, unknown>;
  private context: vm.Context | null = null;
  private bundleLoaded = false;
  private spareContext: vm.Context | null = null;
  private intrinsics: Intrinsics | null = null;
  /** True while `runInProcess` runs: values handed to the code under test are this realm's own. */
  private inProcess = false;

  static create(options: WorkspaceOptions, deps: WorkspaceDeps = {}): Workspace {
    return new Workspace(options, deps);
  }

  private constructor(options: WorkspaceOptions, deps: WorkspaceDeps) {
    const start = typeof options.start === 'number' ? options.start : Date.parse(options.start);
    if (!Number.isFinite(start)) throw new Error(`Emulator: invalid start instant ${String(options.start)}`);
    this.rt = new Runtime({
      start,
      latency: options.latency,
      cellLatency: options.cellLatency,
      faults: options.faults,
      seed: options.seed,
      locale: options.locale,
    });
    this.owner = options.owner;
    this.buildDir = resolve(options.buildDir ?? 'build');
    this.timeZone = options.timeZone ?? manifestTimeZone(this.buildDir) ?? 'Etc/UTC';
    this.webAppUrl = options.webAppUrl ?? DEFAULT_WEB_APP_URL;
    this.profile = options.profile ?? 'consumer';
    this.webAccess = manifestWebAccess(this.buildDir);
    this.triggerQuota = new TriggerQuota(options.triggerRuntimeMs ?? TRIGGER_RUNTIME_MS[this.profile]);
    this.dailyQuotas = new DailyQuotas(this.rt, { ...DAILY_LIMITS[this.profile], ...options.dailyQuotas });
    this.rt.meter = (method, user) => {
      if (this.metering) this.dailyQuotas.charge(method, user);
    };
    this.jitterSeed = options.triggerJitter ? (options.seed ?? 1) : null;
    this.logSink = new LogSink(this.rt, options.echoLogs ?? false);

    const realm: Realm = {
      date: (ms) => new (this.realmIntrinsics().Date)(ms),
      array: (items) => this.realmIntrinsics().Array.from(items),
      object: (value) => this.realmIntrinsics().Object.assign(new (this.realmIntrinsics().Object)(), value),
      context: () => this.realmContext(),
    };
    const ctx: ServiceContext = {
      rt: this.rt,
      owner: this.owner,
      profile: this.profile,
      scriptTimeZone: this.timeZone,
      buildDir: this.buildDir,
      webAppUrl: this.webAppUrl,
      serviceUrlOutsideWeb: options.serviceUrlOutsideWeb === undefined ? this.webAppUrl : options.serviceUrlOutsideWeb,
      openedUrl: null,
      scriptId: EMULATED_SCRIPT_ID,
      realm,
      log: (text) => this.logSink.write(text),
    };
    this.serviceCtx = ctx;
    this.mailboxes = new Mailboxes(() => this.rt.now());
    const mail = createMailApp(ctx, options.mailQuota, (sent) => this.mailboxes.recordSent(sent));
    this.mailService = mail.service;
    this.services = {
      MailApp: mail.api,
      Gmail: createAdvancedGmail(this.rt, this.mailboxes),
      CalendarApp: createCalendarApp(ctx, this.calendarStore, () => this.mailService.sent),
      ScriptApp: createScriptApp(ctx, this.registry),
      LockService: createLockService(ctx, this.lockState),
      PropertiesService: createPropertiesService(ctx, this.propertyStores),
      Session: createSession(ctx),
      Utilities: createUtilities(ctx),
      HtmlService: createHtmlService(ctx),
      ContentService: createContentService(ctx),
      Logger: createLogger(this.rt, this.logSink),
      console: createConsole(this.rt, this.logSink),
    };

    const makeData: DataWorldFactory = deps.createDataWorld ?? createDataWorld;
    this.data = makeData(this.rt, { owner: this.owner, timeZone: this.timeZone, profile: this.profile });
    if (options.noGoogleAccount?.length) this.data.setNoGoogleAccount(options.noGoogleAccount);
    if (options.sharingOutside) this.data.setSharingOutside(options.sharingOutside);
    if (options.newItemsAccess) this.data.setNewItemsAccess(options.newItemsAccess);
  }

  // -------------------------------------------------------------------------------------------------
  // Loading and running the bundle

  /** A fresh global object: the services, the data globals and guarded stand-ins for services we lack. */
  private freshGlobals(): Record<string, unknown> {
    const globals: Record<string, unknown> = { MimeType: guard({ ...BASE_MIME_TYPE }, 'MimeType') };
    for (const name of UNIMPLEMENTED_SERVICES) globals[name] = guard({}, name);
    Object.assign(globals, this.services, this.data.globals());
    return globals;
  }

  /**
   * Loads `<buildDir>/Code.js` with gas-local into a new context whose globals are this Workspace's
   * services. Each execution then gets a fresh load of its own, as on the platform, where global code runs
   * again at the start of every execution and nothing in globals survives from one execution to the next.
   * This first load runs outside any execution, so global code must not call services (it would throw
   * "called outside an execution"); inside executions it may, and those calls are counted.
   */
  loadBundle(): void {
    const codePath = join(this.buildDir, 'Code.js');
    if (!existsSync(codePath)) throw new Error(`Emulator: ${codePath} does not exist (run npm run build first)`);
    this.bundleLoaded = true;
    this.loadContext();
  }

  private loadContext(): void {
    const codePath = `${this.buildDir}/Code.js`;
    let context: vm.Context;
    const script = this.context && compiledBundle(codePath);
    if (script) {
      // What gas-local does (a new context of these globals, the file run in it), without reading and compiling the
      // same 400 KB again for every execution of a test: the global code still runs afresh each time.
      context = vm.createContext(this.freshGlobals());
      script.runInContext(context);
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const gas = require('gas-local') as {
        require(dir: string, globals: object, options: { filter(f: string): boolean }): vm.Context;
      };
      context = gas.require(this.buildDir, this.freshGlobals(), { filter: (f) => f === codePath });
    }
    this.context = context;
    this.intrinsics = vm.runInContext(
      '({ Array: Array, Date: Date, Object: Object, JSON: JSON })',
      context,
    ) as Intrinsics;
    // The bundle's clock is the virtual one: `Date.now()` and `new Date()` inside it read rt.now().
    (vm.runInContext(VIRTUAL_DATE_SOURCE, context) as (now: () => number) => void)(() => this.rt.now());
  }

  /** The bundle's global functions (top-level `function` declarations and `var`s), by name. */
  bundleFunction(name: string): ((...args: unknown[]) => unknown) | undefined {
    const value = this.requireBundle()[name];
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : undefined;
  }

  private requireBundle(): vm.Context {
    if (!this.bundleLoaded || !this.context)
      throw new Error('Emulator: call loadBundle() before running bundle functions');
    return this.context;
  }

  private realmContext(): vm.Context {
    if (this.context) return this.context;
    this.spareContext ??= vm.createContext(this.freshGlobals());
    return this.spareContext;
  }

  private realmIntrinsics(): Intrinsics {
    if (this.inProcess) return HOST_INTRINSICS;
    if (this.context && this.intrinsics) return this.intrinsics;
    return vm.runInContext(
      '({ Array: Array, Date: Date, Object: Object, JSON: JSON })',
      this.realmContext(),
    ) as Intrinsics;
  }

  private metered<T>(body: () => T): T {
    this.metering = true;
    try {
      return body();
    } finally {
      this.metering = false;
    }
  }

  /** Calls a bundle function; a missing one fails like the platform ("Script function not found: name"). */
  private invoke(fn: string, args: unknown[]): unknown {
    const f = this.bundleFunction(fn);
    if (!f) throw new GasException(`Script function not found: ${fn}`);
    return f(...args);
  }

  /** One execution: a fresh global object (the bundle's global code runs again inside it), then `body`. */
  private execute<T>(info: Omit<ExecutionInfo, 'id' | 'startedAt'>, body: () => T): ExecutionResult<T> {
    const { value, record, error } = this.rt.runExecution(info, () => {
      if (this.bundleLoaded) this.loadContext();
      return this.metered(body);
    });
    const result: ExecutionResult<T> = { record };
    if (error !== undefined) result.error = error;
    else result.value = value;
    return result;
  }

  /**
   * The owner has yet to authorize a scope the code now asks for (an upgrade added one): every execution running as
   * the owner that is not the owner's own run from the editor fails before any code runs, with
   * `Authorization is required to perform that action.` (apps-script-platform.md §errors), until the owner runs a
   * function from the editor and grants it ("Review permissions"), which clears this.
   */
  authorizationRequired = false;

  /**
   * The owner (or `user`) leaves these scopes unticked on Google's granular consent screen (`calendar.events` or in
   * full; scopes.ts): from then on that account's calls needing one fail, in every execution, until a prompt of
   * ScriptApp.requireAllScopes in an editor run is answered (`untickOnPrompt`). An empty list grants everything.
   */
  leaveUnticked(scopes: string[], user: string = this.owner): void {
    if (scopes.length) this.rt.ungranted.set(user.toLowerCase(), new Set(scopes.map(fullScope)));
    else this.rt.ungranted.delete(user.toLowerCase());
  }

  /** Scopes `user` (default the owner) has left unticked, in full. */
  untickedScopes(user: string = this.owner): string[] {
    return [...(this.rt.ungranted.get(user.toLowerCase()) ?? [])];
  }

  /** An execution that fails at once: the trigger runtime spent, or a scope not authorized. */
  private refusal(info: Omit<ExecutionInfo, 'id' | 'startedAt'>, message: string): ExecutionResult {
    return this.execute(info, () => {
      throw new GasException(message);
    });
  }

  run<T = unknown>(
    fn: string,
    args: unknown[] = [],
    as: { user?: string; kind?: ExecutionKind } = {},
  ): ExecutionResult<T> {
    this.requireBundle();
    const user = as.user ?? this.owner;
    if (user === this.owner) this.authorizationRequired = false;
    return this.execute(
      { kind: as.kind ?? 'editor', fn, activeUser: user, effectiveUser: user },
      () => this.invoke(fn, args) as T,
    );
  }

  /** Runs a trigger's handler as its owner, as an installable trigger does. */
  private fire(trigger: TriggerRecord, event: unknown, activeUser = trigger.owner): ExecutionResult {
    this.requireBundle();
    const info = { kind: 'trigger', fn: trigger.handler, activeUser, effectiveUser: trigger.owner } as const;
    // Past the day's trigger runtime every trigger of the account fails at once, with Google's quota message.
    if (!this.triggerQuota.allows(trigger.owner, this.rt.now())) return this.refusal(info, TRIGGER_RUNTIME_EXCEEDED);
    if (this.authorizationRequired && trigger.owner === this.owner) return this.refusal(info, AUTHORIZATION_REQUIRED);
    const result = this.execute(info, () => this.invoke(trigger.handler, [event]));
    this.triggerQuota.charge(trigger.owner, result.record.endedAt - result.record.startedAt);
    return result;
  }

  /** Trigger runtime `user` (default the owner) has used in the current quota day, in ms. */
  triggerRuntimeUsed(user: string = this.owner): number {
    return this.triggerQuota.usedMs(user);
  }

  /**
   * Runs `fn` as one execution in this realm, without the bundle: for tests that import src/ and call its flows
   * directly. For the execution's duration the globals the bundle would see (the services, `MimeType`, the guarded
   * stand-ins) are set on `globalThis`, `Date.now()` and `new Date()` read the virtual clock, and the services hand
   * out this realm's Dates and arrays; all of it is put back afterwards, whatever happened. The execution is
   * counted, timed, budgeted and faulted like any other; no trigger fires and the bundle's executions are unchanged.
   */
  runInProcess<T>(fn: () => T, as: InProcessOptions = {}): ExecutionResult<T> {
    const user = as.user ?? this.owner;
    const info = {
      kind: as.kind ?? 'editor',
      fn: as.name ?? 'in-process',
      activeUser: as.activeUser ?? user,
      effectiveUser: user,
    } as const;
    if (this.rt.execution)
      throw new Error(`Emulator: in-process execution ${info.fn} started while ${this.rt.execution.fn} is running`);
    const host = globalThis as unknown as Record<string, unknown>;
    const globals = { ...this.freshGlobals(), Date: virtualDate(HOST_INTRINSICS.Date, () => this.rt.now()) };
    const saved = Object.keys(globals).map((name) => [name, Object.getOwnPropertyDescriptor(host, name)] as const);
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(host, name, { value, writable: true, configurable: true, enumerable: false });
    }
    this.inProcess = true;
    try {
      const { value, record, error } = this.rt.runExecution(info, () => this.metered(fn));
      const result: ExecutionResult<T> = { record };
      if (error !== undefined) result.error = error;
      else result.value = value;
      return result;
    } finally {
      this.inProcess = false;
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(host, name, descriptor);
        else delete host[name];
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Triggers

  advance(ms: number): ExecutionResult[] {
    if (!(ms >= 0)) throw new Error('Emulator: advance() needs a non-negative number of ms');
    const target = this.rt.now() + ms;
    const results: ExecutionResult[] = [];
    for (;;) {
      this.registry.skipDisabled(target);
      // With jitter a trigger fires a seeded delay after its nominal slot (trigger-timing.ts).
      const firesAt = (r: TriggerRecord) =>
        (r.nextDue as number) + (this.jitterSeed === null ? 0 : triggerDelay(this.jitterSeed, r, r.nextDue as number));
      const next = this.registry.nextDue(target, firesAt);
      if (!next || next.nextDue === undefined) break;
      const due = next.nextDue;
      const at = firesAt(next);
      // Late, never early: if an earlier execution ran past this trigger's slot, it fires now.
      if (at > this.rt.now()) this.rt.setClock(at);
      results.push(this.fire(next, clockEvent(next.uid, this.rt.now())));
      if (!next.deleted) this.registry.reschedule(next, due, this.rt.now());
    }
    if (target > this.rt.now()) this.rt.setClock(target);
    return results;
  }

  private eventTriggers(
    eventType: TriggerRecord['eventType'],
    source: TriggerRecord['source'],
    sourceId: string,
  ): TriggerRecord[] {
    return this.registry
      .active()
      .filter((t) => !t.disabled && t.eventType === eventType && t.source === source && t.sourceId === sourceId);
  }

  /** The only form that has a submit trigger (disabled ones included, so a disabled trigger still finds its form). */
  private defaultFormId(): string {
    const ids = [
      ...new Set(
        this.registry
          .active()
          .filter((t) => t.eventType === 'ON_FORM_SUBMIT' && t.source === 'FORMS')
          .map((t) => t.sourceId as string),
      ),
    ];
    if (ids.length !== 1) throw new Error(`Emulator: pass options.formId (${ids.length} forms have a submit trigger)`);
    return ids[0];
  }

  submitForm(
    answers: FormAnswers,
    options: { deliveries?: number; formId?: string; respondentEmail?: string } = {},
  ): { responseId: string; results: ExecutionResult[] } {
    const formId = options.formId ?? this.defaultFormId();
    const responseId = this.data.ui.submitForm(formId, answers, options.respondentEmail);
    const results: ExecutionResult[] = [];
    const deliveries = options.deliveries ?? 1;
    for (let d = 0; d < deliveries; d++) {
      for (const trigger of this.eventTriggers('ON_FORM_SUBMIT', 'FORMS', formId)) {
        results.push(this.fire(trigger, this.data.formSubmitEvent(formId, responseId, trigger.uid)));
      }
    }
    return { responseId, results };
  }

  fireBlankSubmit(formId?: string): ExecutionResult[] {
    const id = formId ?? this.defaultFormId();
    return this.eventTriggers('ON_FORM_SUBMIT', 'FORMS', id).map((t) =>
      this.fire(t, this.data.blankFormSubmitEvent(id, t.uid)),
    );
  }

  /**
   * A person edits a cell; installable onEdit triggers of that spreadsheet run as their owner. The active
   * user, and the event's `user`, is the editor only when it is the owner, blank otherwise: the stricter case
   * (consumer accounts). Google documents `user` as "a User object, representing the active user, if available
   * (depending on a complex set of security restrictions)" and `getActiveUser().getEmail()` as blank when the
   * security policy hides it (https://developers.google.com/apps-script/guides/triggers/events,
   * https://developers.google.com/apps-script/reference/base/session); within one Workspace domain it is often given.
   */
  editCell(
    user: string,
    spreadsheetId: string,
    sheetName: string,
    row: number,
    column: number,
    value: unknown,
  ): ExecutionResult[] {
    return this.fireEdit(
      user,
      spreadsheetId,
      this.data.ui.editCell(user, spreadsheetId, sheetName, row, column, value),
    );
  }

  /**
   * Each installable onEdit trigger of the spreadsheet runs once for this edit, the editor named only when it is the
   * trigger's owner (the stricter consumer case), then the onChange triggers with changeType EDIT.
   */
  private fireEdit(user: string, spreadsheetId: string, info: EditEventInfo): ExecutionResult[] {
    return [
      ...this.eventTriggers('ON_EDIT', 'SPREADSHEETS', spreadsheetId).map((t) =>
        this.fire(
          t,
          this.data.editEvent({ ...info, user: editorNamed(user, t.owner) }, t.uid),
          editorNamed(user, t.owner),
        ),
      ),
      ...this.fireChange(user, spreadsheetId, 'EDIT'),
    ];
  }

  /**
   * A person pastes a block of cells: one edit event for the whole block (its range spans the block; `value` and
   * `oldValue` are "only available if the edited range is a single cell", developers.google.com/apps-script/guides/triggers/events),
   * so each installable onEdit trigger runs once.
   */
  pasteCells(
    user: string,
    spreadsheetId: string,
    sheetName: string,
    row: number,
    column: number,
    block: unknown[][],
    copiedCells = false,
  ): ExecutionResult[] {
    return this.fireEdit(
      user,
      spreadsheetId,
      this.data.ui.pasteCells(user, spreadsheetId, sheetName, row, column, block, copiedCells),
    );
  }

  /**
   * The onEdit triggers of an edit made earlier (`info`, as `data.ui` returned it) run now. Each edit starts its own
   * trigger execution ("An installable edit trigger runs when a user modifies a value in a spreadsheet",
   * developers.google.com/apps-script/guides/triggers/installable), and one that waits in `waitLock` goes on only when
   * the execution holding the script lock releases it ("Attempts to acquire the lock, timing out with an exception
   * after the provided number of milliseconds", reference/lock/lock#waitLock(Integer)): emulated executions run one at
   * a time, so a test that had the edit land during another execution (holdScriptLock's `meanwhile`) runs its triggers
   * after it, on the sheet as that execution left it.
   */
  fireEditOf(user: string, spreadsheetId: string, info: EditEventInfo): ExecutionResult[] {
    return this.fireEdit(user, spreadsheetId, info);
  }

  /**
   * A person inserts a blank row before `row`: a change of structure, which no onEdit trigger hears ("onEdit… runs
   * when a user changes a value in a spreadsheet"); installable onChange triggers run with changeType INSERT_ROW
   * (developers.google.com/apps-script/guides/triggers/events).
   */
  insertRow(user: string, spreadsheetId: string, sheetName: string, row: number): ExecutionResult[] {
    this.data.ui.insertRowBefore(user, spreadsheetId, sheetName, row);
    return this.fireChange(user, spreadsheetId, 'INSERT_ROW');
  }

  /** A person deletes a row: onChange triggers run with changeType REMOVE_ROW, onEdit triggers not at all. */
  deleteRow(user: string, spreadsheetId: string, sheetName: string, row: number): ExecutionResult[] {
    this.data.ui.deleteRow(user, spreadsheetId, sheetName, row);
    return this.fireChange(user, spreadsheetId, 'REMOVE_ROW');
  }

  /**
   * A person sorts a range (Data > Sort range, or a filter's Sort A-Z): every row's cells are rewritten in place.
   * Google's pages do not say whether onEdit hears a sort ("onEdit(e) runs when a user changes a value in a
   * spreadsheet", developers.google.com/apps-script/guides/triggers; no changeType names a sort), and people report
   * that it does, for the whole sorted range. The stricter case for the product is modelled: each installable onEdit
   * trigger runs once, its range the sorted rows across every column, no `value` or `oldValue` (a multi-cell edit),
   * the sorter named as for a typed edit; onChange triggers run with changeType EDIT, as for any edit.
   */
  sortSheet(
    user: string,
    spreadsheetId: string,
    sheetName: string,
    column: number,
    ascending: boolean,
  ): ExecutionResult[] {
    return this.fireEdit(
      user,
      spreadsheetId,
      this.data.ui.sortSheet(user, spreadsheetId, sheetName, column, ascending),
    );
  }

  /**
   * A person replaces text all over a tab (Edit > Find and replace > Replace all). Google's pages do not say which
   * triggers hear it; the stricter case is modelled, as for a paste: each installable onEdit trigger runs once over the
   * area spanning the changed cells, naming the replacer as for a typed edit, then onChange with changeType EDIT.
   * Nothing runs when nothing matched.
   */
  replaceAll(user: string, spreadsheetId: string, sheetName: string, find: string, replace: string): ExecutionResult[] {
    const info = this.data.ui.replaceAll(user, spreadsheetId, sheetName, find, replace);
    return info ? this.fireEdit(user, spreadsheetId, info) : [];
  }

  /**
   * A person restores a version of the spreadsheet (File > Version history > Restore this version): every tab's cells
   * go back at once. Google documents no trigger for a restore; the stricter case for the product is modelled, as for
   * a sort: each installable onEdit trigger runs once over the whole of `sheetName` (the tab on screen), naming the
   * restorer as for a typed edit, no `value` or `oldValue`; then onChange triggers with changeType OTHER ("OTHER" is
   * the changeType of what the others do not name, developers.google.com/apps-script/guides/triggers/events).
   */
  restoreVersion(user: string, spreadsheetId: string, version: unknown, sheetName: string): ExecutionResult[] {
    const info = this.data.ui.restoreVersion(user, spreadsheetId, version, sheetName);
    return [
      ...this.eventTriggers('ON_EDIT', 'SPREADSHEETS', spreadsheetId).map((t) =>
        this.fire(
          t,
          this.data.editEvent({ ...info, user: editorNamed(user, t.owner) }, t.uid),
          editorNamed(user, t.owner),
        ),
      ),
      ...this.fireChange(user, spreadsheetId, 'OTHER'),
    ];
  }

  /** Runs each installable onChange trigger of the spreadsheet once, as the trigger's owner (the editor is `user`). */
  private fireChange(
    user: string,
    spreadsheetId: string,
    changeType: ChangeEventInfo['changeType'],
  ): ExecutionResult[] {
    return this.eventTriggers('ON_CHANGE', 'SPREADSHEETS', spreadsheetId).map((t) =>
      this.fire(
        t,
        this.data.changeEvent({ spreadsheetId, changeType, user: user === t.owner ? user : '' }, t.uid),
        user === t.owner ? user : '',
      ),
    );
  }

  // -------------------------------------------------------------------------------------------------
  // The web app

  /**
   * A browser requests the web app. `as` says who it is: an address (signed in to that Google account), null (not
   * signed in), or, left out, someone signed in whom the app cannot identify (Session.getActiveUser() blank, as for
   * any consumer account but the owner's).
   */
  webGet(url: string, as?: WebRequester): WebResponse {
    return this.web('GET', url, {}, as);
  }

  webPost(url: string, fields: Record<string, string>, as?: WebRequester): WebResponse {
    return this.web('POST', url, fields, as);
  }

  /**
   * The same request answered in this process by `handlers` (the product's doGet/doPost imported from src/), as a
   * web execution with the real event object: flow tests see the page a person would, without a bundle.
   */
  webInProcess(
    method: 'GET' | 'POST',
    url: string,
    fields: Record<string, string>,
    handlers: { doGet(event: unknown): unknown; doPost(event: unknown): unknown },
  ): WebResponse {
    const event = this.webEvent(method, url, fields);
    const fn = method === 'GET' ? 'doGet' : 'doPost';
    const result = this.runInProcess(() => handlers[fn](event), { kind: 'web', name: fn, activeUser: '' });
    return this.served(method, url, fields, this.webResponse(result.record, result.value, result.error));
  }

  /**
   * One request to the web app: the real event object, doGet/doPost as an execution that runs as the
   * deployer (USER_DEPLOYING) with a blank active user, and the page it returned.
   */
  private web(
    method: 'GET' | 'POST',
    url: string,
    fields: Record<string, string> = {},
    as: WebRequester = {},
  ): WebResponse {
    const indexed = accountIndexed(url, this.webAppUrl);
    const event = this.webEvent(method, indexed ? indexed.plain : url, fields);
    const fn = method === 'GET' ? 'doGet' : 'doPost';
    this.requireBundle();
    if (as.user === null && this.webAccess !== 'ANYONE_ANONYMOUS')
      return this.served(method, url, fields, this.signIn());
    // Executing as the owner, the active user is known only when it is the owner (strict: hidden across accounts).
    const activeUser = as.user && as.user.toLowerCase() === this.owner.toLowerCase() ? this.owner : '';
    // An account index is one browser's: anyone but the owner, whose browser it came from, meets Drive's error page.
    if (indexed && !activeUser) return this.served(method, url, fields, this.unableToOpen());
    const info = { kind: 'web', fn, activeUser, effectiveUser: this.owner } as const;
    this.serviceCtx.openedUrl = indexed ? indexed.opened : null;
    try {
      const result = this.authorizationRequired
        ? this.refusal(info, AUTHORIZATION_REQUIRED)
        : this.execute(info, () => this.invoke(fn, [event]));
      return this.served(method, url, fields, this.webResponse(result.record, result.value, result.error));
    } finally {
      this.serviceCtx.openedUrl = null;
    }
  }

  /** Drive's page for an address with another browser's account index: the app does not run. */
  private unableToOpen(): WebResponse {
    const signIn = this.signIn();
    return { ...signIn, body: UNABLE_TO_OPEN_PAGE, title: UNABLE_TO_OPEN_TITLE };
  }

  /** Records a served page in the access log and returns it. */
  private served(
    method: 'GET' | 'POST',
    url: string,
    fields: Record<string, string>,
    response: WebResponse,
  ): WebResponse {
    this.pageLog.record({
      at: this.rt.now(),
      method,
      url,
      fields: { ...fields },
      title: response.title,
      body: response.body,
    });
    return response;
  }

  /** The event object Apps Script hands doGet/doPost for a request to `url` (fields form-encoded for a POST). */
  private webEvent(method: 'GET' | 'POST', url: string, fields: Record<string, string>): Record<string, unknown> {
    if (!url.startsWith(this.webAppUrl))
      throw new Error(`Emulator: ${url} is not under the web app URL ${this.webAppUrl}`);
    let rest = url.slice(this.webAppUrl.length);
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
    const q = rest.indexOf('?');
    const path = q >= 0 ? rest.slice(0, q) : rest;
    if (path && !path.startsWith('/'))
      throw new Error(`Emulator: ${url} is not under the web app URL ${this.webAppUrl}`);
    const queryString = q >= 0 ? rest.slice(q + 1) : null;
    const parameters: Record<string, string[]> = {};
    addParameters(parameters, queryString);
    const event: Record<string, unknown> = {
      queryString,
      parameter: {},
      parameters,
      contextPath: '',
      contentLength: -1,
    };
    // pathInfo is present only when the URL has a path after /exec.
    const pathInfo = path.replace(/^\/+/, '');
    if (pathInfo) event.pathInfo = pathInfo;
    if (method === 'POST') {
      const contents = Object.entries(fields)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`.replace(/%20/g, '+'))
        .join('&');
      const length = Buffer.byteLength(contents, 'utf8');
      addParameters(parameters, contents);
      event.postData = { length, type: 'application/x-www-form-urlencoded', contents, name: 'postData' };
      event.contentLength = length;
    }
    const parameter: Record<string, string> = {};
    for (const [k, values] of Object.entries(parameters)) parameter[k] = values[0];
    event.parameter = parameter;
    return event;
  }

  /** What the browser receives for what doGet/doPost returned (or threw). */
  /** Google's sign-in page: the app does not run (the record says so: no execution, no calls). */
  private signIn(): WebResponse {
    const now = this.rt.now();
    const record: ExecutionRecord = {
      id: -1,
      kind: 'web',
      fn: 'google-sign-in',
      activeUser: '',
      effectiveUser: '',
      startedAt: now,
      endedAt: now,
      simulatedMs: 0,
      calls: {},
      cellsRead: {},
      filesRead: {},
      sideEffects: 0,
      outcome: 'ok',
    };
    return { body: GOOGLE_SIGN_IN_PAGE, mimeType: 'text/html', title: GOOGLE_SIGN_IN_TITLE, record };
  }

  private webResponse(record: ExecutionRecord, value: unknown, error: unknown): WebResponse {
    if (error !== undefined) {
      const message = describeError(error).replace(/^Exception: /, '');
      return {
        body: `<!DOCTYPE html><html><head><title>Error</title></head><body><div>${escapeHtml(message)}</div></body></html>`,
        mimeType: 'text/html',
        title: 'Error',
        record,
      };
    }
    const html = htmlOutputOf(value);
    if (html) return { body: html._content, mimeType: 'text/html', title: html._title, record };
    const text = textOutputOf(value);
    if (text) return { body: text._content, mimeType: MIME_STRINGS[text._mimeType] ?? 'text/plain', title: '', record };
    return { body: 'The script completed but did not return anything.', mimeType: 'text/html', title: '', record };
  }

  // -------------------------------------------------------------------------------------------------
  // State for tests, the scenario runner and the benchmark

  mail(): SentMail[] {
    return this.mailService.sent.map((m) => ({ ...m, to: [...m.to], cc: [...m.cc], bcc: [...m.bcc] }));
  }

  /**
   * A guest (or its organizer) adds someone to an event from their own Calendar (a person, no execution), which the
   * event allows a guest unless guestsCanInviteOthers was turned off; Calendar then mails the new guest its invitation (title and time). Returns
   * whether it was allowed.
   */
  guestInvites(p: { eventId: string; guest: string; invitee: string }): boolean {
    const event = this.calendarStore.events.find((e) => e.id === p.eventId && !e.deleted);
    // The organizer (the account itself, adding a guest by hand) may always; Calendar then asks whether to send its
    // invitation, and the person sends it.
    const organizer = p.guest.toLowerCase() === event?.organizer.toLowerCase();
    if (!event || (!organizer && (!event.guests.includes(p.guest) || !event.guestsCanInviteOthers))) return false;
    if (!event.guests.includes(p.invitee)) event.guests.push(p.invitee);
    event.history.push({ at: new Date(this.rt.now()).toISOString(), change: 'guest-added', email: p.invitee });
    const log = this.mailService.sent;
    log.push({
      at: this.rt.now(),
      seq: log.length,
      from: p.guest,
      to: [p.invitee],
      cc: [],
      bcc: [],
      replyTo: '',
      subject: `Invitation: ${event.title} @ ${event.start}`,
      body: `${event.title}\nWhen: ${event.start} - ${event.end}`,
      htmlBody: '',
      name: 'Google Calendar',
      execution: 0,
    });
    return true;
  }

  /** The owner deletes an event by hand in Calendar (no execution: a person, not the script). */
  deleteCalendarEvent(id: string): void {
    const event = this.calendarStore.events.find((e) => e.id === id && !e.deleted);
    if (!event) throw new Error(`No live calendar event ${id}`);
    event.deleted = true;
    event.history.push({ at: new Date(this.rt.now()).toISOString(), change: 'deleted', email: '' });
  }

  /**
   * The owner restores a deleted event from Calendar's Trash by hand (deleted events stay there 30 days): the same
   * event, its id, guests and tags kept, live again (getEvents lists it).
   */
  restoreCalendarEvent(id: string): void {
    const event = this.calendarStore.events.find((e) => e.id === id && e.deleted);
    if (!event) throw new Error(`No deleted calendar event ${id}`);
    event.deleted = false;
    event.history.push({ at: new Date(this.rt.now()).toISOString(), change: 'restored', email: '' });
  }

  /**
   * The owner changes an event's time by hand in Calendar (no execution: a person), as when accepting a guest's
   * "Propose a new time" ("To change the event to the proposed time", support.google.com/calendar/answer/37135): the
   * same event, its id, guests and tags kept, at new times.
   */
  moveCalendarEvent(id: string, start: string, end: string): void {
    const event = this.calendarStore.events.find((e) => e.id === id && !e.deleted);
    if (!event) throw new Error(`No live calendar event ${id}`);
    event.start = new Date(Date.parse(start)).toISOString();
    event.end = new Date(Date.parse(end)).toISOString();
    event.history.push({ at: new Date(this.rt.now()).toISOString(), change: 'moved', email: '' });
  }

  /**
   * The owner makes an event repeat by hand in Calendar (Edit → "Does not repeat" → Weekly; no execution: a person): the
   * same event, its id, guests and tags kept, its first occurrence at its time and one every `everyDays` days after,
   * `times` in all (none: for ever). See calendar.ts for what CalendarApp then answers.
   */
  makeCalendarEventRecurring(id: string, rule: { everyDays: number; times?: number }): void {
    const event = this.calendarStore.events.find((e) => e.id === id && !e.deleted);
    if (!event) throw new Error(`No live calendar event ${id}`);
    event.recurrence = { ...rule };
    event.history.push({ at: new Date(this.rt.now()).toISOString(), change: 'made-recurring', email: '' });
  }

  /** The owner deletes one occurrence of a repeating event by hand ("This event"): the others stay. */
  deleteCalendarOccurrence(id: string, start: string): void {
    const event = this.calendarStore.events.find((e) => e.id === id && !e.deleted && e.recurrence);
    if (!event) throw new Error(`No live repeating calendar event ${id}`);
    event.cancelled = [...(event.cancelled ?? []), new Date(Date.parse(start)).toISOString()];
    event.history.push({ at: new Date(this.rt.now()).toISOString(), change: 'deleted', email: start });
  }

  /**
   * The owner edits a repeating event from one occurrence on ("This and following events"; no execution: a person): the
   * series ends before `start`, and a new repeating event, with an id of its own, goes on from it with the same title,
   * guests and settings (the Calendar API's way, developers.google.com/calendar/api/guides/recurringevents
   * #modifying_all_following_instances: the original's rule gets an UNTIL, a new event holds the rest). ❓ Whether the
   * tags (extended properties) are copied is on no reference page: they are not (the product may not rely on them).
   * Returns the new event's id.
   */
  splitCalendarSeries(id: string, start: string): string {
    const event = this.calendarStore.events.find((e) => e.id === id && !e.deleted && e.recurrence);
    if (!event?.recurrence) throw new Error(`No live repeating calendar event ${id}`);
    const from = Date.parse(start);
    const every = event.recurrence.everyDays * 24 * 3600 * 1000;
    const before = Math.ceil((from - Date.parse(event.start)) / every);
    if (before < 1) throw new Error('Split at the first occurrence: that is editing "All events"');
    const length = Date.parse(event.end) - Date.parse(event.start);
    const times = event.recurrence.times === undefined ? undefined : event.recurrence.times - before;
    const at = new Date(this.rt.now()).toISOString();
    const next: CalendarEventRecord = {
      ...event,
      id: `${id.replace(/@.*/, '')}_R${new Date(from).toISOString().replace(/[-:]|\.\d+/g, '')}@google.com`,
      start: new Date(from).toISOString(),
      end: new Date(from + length).toISOString(),
      guests: [...event.guests],
      history: [{ at, change: 'created', email: '' }],
      tags: {},
      recurrence: { everyDays: event.recurrence.everyDays, ...(times === undefined ? {} : { times }) },
      exceptions: undefined,
      cancelled: undefined,
    };
    event.recurrence = { ...event.recurrence, times: before };
    event.history.push({ at, change: 'moved', email: `split at ${start}` });
    this.calendarStore.events.push(next);
    return next.id;
  }

  /** The occurrences of an event that overlap [from, to) (itself alone unless it repeats), each with its guests. */
  calendarOccurrences(id: string, from: number, to: number): Array<{ start: string; guests: string[] }> {
    const event = this.calendarStore.events.find((e) => e.id === id);
    if (!event) throw new Error(`No calendar event ${id}`);
    return occurrenceStarts(event, from, to).map((start) => ({ start, guests: [...occurrenceGuests(event, start)] }));
  }

  /**
   * Someone else invites the account to an event of theirs (no execution: a person): Calendar puts it on the default
   * calendar, where getEvents lists it (invitations are added "from everyone" or from known senders, a member among
   * them). Its organizer sees its guests and may edit it; here the invitation lets guests invite others, the worst case.
   * ❓ Google's default for Calendar's "Add invitations to my calendar" is not on a reference page; the stricter case
   * (added from anyone) is modelled. Not checkable by selfTest: the account cannot invite itself as someone else.
   * `CalendarEvent.isOwnedByMe` is documented ("Determines whether you're the owner of the event").
   */
  receiveCalendarInvitation(p: { from: string; title: string; start: string; end: string }): string {
    const at = new Date(this.rt.now()).toISOString();
    const id = `event-${this.calendarStore.events.length + 1}@google.com`;
    this.calendarStore.events.push({
      id,
      title: p.title,
      start: new Date(Date.parse(p.start)).toISOString(),
      end: new Date(Date.parse(p.end)).toISOString(),
      description: '',
      guests: [],
      guestsCanSeeGuests: true,
      guestsCanInviteOthers: true,
      organizer: p.from,
      visibility: 'DEFAULT',
      deleted: false,
      history: [{ at, change: 'created', email: p.from }],
      tags: {},
    });
    return id;
  }

  /** Every calendar event on the account's calendar (its own and invitations), with guests and changes (deleted ones too). */
  calendar(): CalendarEventRecord[] {
    return this.calendarStore.events.map((e) => ({
      ...e,
      guests: [...e.guests],
      history: e.history.map((h) => ({ ...h })),
      tags: { ...e.tags },
      ...(e.recurrence && { recurrence: { ...e.recurrence } }),
      ...(e.cancelled && { cancelled: [...e.cancelled] }),
      ...(e.exceptions && {
        exceptions: Object.fromEntries(Object.entries(e.exceptions).map(([at, g]) => [at, [...g]])),
      }),
    }));
  }

  /**
   * The committee account's calendar as someone in its organisation sees it (Workspace's default internal sharing of a
   * primary calendar, "See all event details"; a guest's own calendar likewise): each live event, private ones as busy.
   */
  calendarSeenByOthers(): Array<ReturnType<typeof seenWithDetails>> {
    return this.calendarStore.events.filter((e) => !e.deleted).map(seenWithDetails);
  }

  pages(from = 0): ServedPage[] {
    return this.pageLog.pages.slice(from).map((p) => ({ ...p, fields: { ...p.fields } }));
  }

  mailQuotaDays(): MailQuotaDay[] {
    return this.mailService.quotaDays();
  }

  /** A person replies to a message they received, as Gmail writes replies (gmail.ts); it lands in the Reply-To's mailbox. */
  reply(input: ReplyInput): MailboxMessage {
    return this.mailboxes.reply(input);
  }

  /** Gmail's spam filter (or a person's "Report spam") puts a delivered message in Spam (gmail.ts, toSpam). */
  toSpam(message: MailboxMessage): MailboxMessage {
    return this.mailboxes.toSpam(message);
  }

  /** `original`'s sender gets Gmail's delivery failure (or delay) notice for `failed`, one of its recipients (gmail.ts). */
  bounceMail(original: SentMail, failed: string, delayed = false): MailboxMessage {
    return this.mailboxes.bounce(original, failed, delayed);
  }

  /**
   * The Workspace admin suspends (or deletes) `email`'s account: every message sent to it from now on comes back to its
   * sender as Gmail's delivery failure notice (gmail.ts `closed`). A deleted account loses its Drive shares too
   * (`data.deleteAccount`); a suspended one keeps them, and Drive's email of a notified share to it fails
   * (`data.suspendAccount`, drive.ts).
   */
  closeMailbox(email: string, why: 'suspended' | 'deleted'): void {
    this.mailboxes.closed.set(email.toLowerCase(), why);
    if (why === 'suspended') this.data.suspendAccount(email);
    else this.data.deleteAccount(email);
  }

  /** Another server than Gmail's (Postfix at `host`) returns `original`, undelivered to `failed` (gmail.ts). */
  postfixBounce(original: SentMail, failed: string, host: string, headersOnly = false): MailboxMessage {
    return this.mailboxes.postfixBounce(original, failed, host, headersOnly);
  }

  /** A qmail server at `host` returns `original`, undelivered to `failed`, as plain text (gmail.ts, QSBMF). */
  qmailBounce(original: SentMail, failed: string, host: string): MailboxMessage {
    return this.mailboxes.qmailBounce(original, failed, host);
  }

  /** `reader`'s Thunderbird sends `original`'s sender a read receipt (gmail.ts). */
  readReceipt(original: SentMail, reader: string): MailboxMessage {
    return this.mailboxes.readReceipt(original, reader);
  }

  /** Someone writes to `to` from scratch (not a reply): it lands in that mailbox's inbox, in a thread of its own. */
  receiveMail(p: NewMailInput): MailboxMessage {
    return this.mailboxes.receive(p);
  }

  /** One mailbox, oldest first, with each message's labels (INBOX, SENT, UNREAD). */
  mailbox(address: string): MailboxMessage[] {
    return this.mailboxes.mailbox(address);
  }

  mailTo(email: string): SentMail[] {
    const e = email.toLowerCase();
    return this.mail().filter((m) => [...m.to, ...m.cc, ...m.bcc].some((a) => a.toLowerCase() === e));
  }

  triggers(): TriggerSnapshot[] {
    return this.registry.snapshot();
  }

  properties(): Record<string, string> {
    return Object.fromEntries(this.propertyStores.script);
  }

  userProperties(user: string): Record<string, string> {
    return Object.fromEntries(this.propertyStores.user(user));
  }

  logs(): LogLine[] {
    return this.logSink.lines.map((l) => ({ ...l }));
  }

  snapshot(): WorkspaceSnapshot {
    const snapshot: WorkspaceSnapshot = {
      ...this.contents(),
      shareNotifications: this.data.shareNotifications(),
      accessHistory: this.data.accessHistory(),
      triggers: this.triggers(),
      calls: { ...this.rt.totals },
      executions: this.rt.executions.map((e) => ({ ...e, calls: { ...e.calls } })),
    };
    // Plain JSON all the way down (Dates as ISO strings, no cross-realm objects).
    return JSON.parse(JSON.stringify(snapshot)) as WorkspaceSnapshot;
  }

  /**
   * What people can see in the Workspace now (files, sheets, Docs, Forms, mail, shares, properties, logs), without
   * the history of executions and access that `snapshot()` adds: the invariants read this after every step, and
   * copying the whole history each time made a long test quadratic in its steps.
   */
  contentSnapshot(): WorkspaceContents {
    return JSON.parse(JSON.stringify(this.contents())) as WorkspaceContents;
  }

  private contents(): WorkspaceContents {
    const d = this.data;
    const ids = new Set<string>([
      ...d.spreadsheetIds(),
      ...d.docs().map((doc) => doc.id),
      ...d.forms().map((f) => f.id),
    ]);
    // Drive's files are those it still holds; the stores' contents (docs, sheets) keep what was deleted for good, for
    // checkers that must still account for it (mail whose outbox row went with a deleted archive).
    const files = d.files ? d.files() : [...ids].filter((id) => d.hasFile?.(id) ?? true).map((id) => d.file(id));
    return {
      now: new Date(this.rt.now()).toISOString(),
      files,
      sheets: d.spreadsheetIds().flatMap((id) => d.sheets(id)),
      docs: d.docs(),
      forms: d.forms(),
      mail: this.mail(),
      shares: d.shares(),
      properties: this.properties(),
      logs: this.logs(),
    };
  }

  // -------------------------------------------------------------------------------------------------
  // Test hooks

  /**
   * Simulates another execution holding the script lock until the virtual instant `untilMs`; `meanwhile` is what
   * people do in the UI while an execution waits for it (a trigger runs after the edit, minutes later when it waits).
   */
  holdScriptLock(untilMs: number, meanwhile?: () => void): void {
    this.lockState.externalHolds.set('script', untilMs);
    if (meanwhile) this.lockState.meanwhile.set('script', meanwhile);
  }

  /** Marks a trigger disabled, as the platform sometimes does; disabled triggers do not fire. */
  disableTrigger(uid: string): void {
    const t = this.registry.byUid(uid);
    if (!t) throw new Error(`Emulator: no trigger ${uid}`);
    t.disabled = true;
  }

  enableTrigger(uid: string): void {
    const t = this.registry.byUid(uid);
    if (!t) throw new Error(`Emulator: no trigger ${uid}`);
    t.disabled = false;
  }

  /** Sets how many recipients `user` (default the owner) has already used in the current quota window. */
  setMailQuotaUsed(n: number, user: string = this.owner): void {
    this.mailService._setUsed(user, n);
  }
}

/** Bundles compiled by path, each kept with the size and time of the file it was read from (a rebuild compiles anew). */
const COMPILED = new Map<string, { stamp: string; script: vm.Script }>();

/** The bundle at `path` compiled once per build: executions after a Workspace's first load run it in fresh contexts. */
function compiledBundle(path: string): vm.Script {
  const stat = statSync(path);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const kept = COMPILED.get(path);
  if (kept?.stamp === stamp) return kept.script;
  const script = new vm.Script(readFileSync(path, 'utf8'), { filename: path });
  COMPILED.set(path, { stamp, script });
  return script;
}
