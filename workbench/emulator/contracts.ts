// The emulator's internal contracts: what the data services (Sheets, Docs, Drive, Forms) offer the Workspace facade, and the facade's public shape.
//
// Two files implement these: `data-services.ts` (DataWorld: SpreadsheetApp, DocumentApp, DriveApp, the
// Drive v3 advanced service, FormApp, plus the "person in a browser" operations and snapshots) and
// `workspace.ts` (Workspace: loads the bundle with gas-local, assembles the globals, runs executions,
// fires triggers, serves the web app, holds MailApp/ScriptApp/LockService/PropertiesService/Session/
// Utilities/HtmlService/ContentService). Tests, the scenario runner and the benchmark use Workspace only.

import type { CalendarEventRecord } from './calendar';
import type { ExecutionKind, ExecutionRecord, FaultSpec, LatencyModel, Runtime } from './runtime';
import type { Locale } from './locale';
import type { MailAttachment, MailboxMessage, ReplyInput } from './gmail';

// ---------------------------------------------------------------------------------------------------
// Drive-level records shared by every file type

export type GeneralAccess = 'PRIVATE' | 'ANYONE' | 'ANYONE_WITH_LINK' | 'DOMAIN' | 'DOMAIN_WITH_LINK';
export type Role = 'owner' | 'writer' | 'commenter' | 'reader';

/** One change of who could open a file, kept forever (DESIGN §6 "the full history of who held access when"). */
export interface AccessEvent {
  at: number;
  fileId: string;
  /** An email, or `anyone` / `domain` for general access changes. */
  principal: string;
  role: Role | 'none';
  change: 'grant' | 'revoke';
  /** What did it: `Drive.Permissions.create`, `File.addEditor`, `ui:share`, `folder:<id>` (inherited)… */
  via: string;
  /** For grants: whether the person was notified by Google's "shared with you" email. */
  notified?: boolean;
  by: string;
}

export interface ShareRecord {
  at: number;
  docId: string;
  email: string;
  silent: boolean;
  via: string;
}

export interface FileSnapshot {
  id: string;
  name: string;
  mimeType: string;
  owner: string;
  editors: string[];
  viewers: string[];
  access: GeneralAccess;
  parents: string[];
  trashed: boolean;
  /** Published to the web (File → Share → Publish to web): anyone with its URL reads it. */
  published?: boolean;
  /** Emails that ever held access by any route (direct, folder, or general access counted as `anyone`). */
  everHadAccess: string[];
  /** True when some ancestor folder is shared with anyone besides its owner, or has general access. */
  inSharedFolder: boolean;
  /** The owner let editors change its sharing ("Editors can change permissions and share"). */
  shareableByEditors?: boolean;
  /** Its Drive description (File.setDescription, Drive v3 `description`): Drive's details pane shows it to all it is shared with. */
  description?: string;
}

export interface SheetSnapshot {
  spreadsheetId: string;
  spreadsheetName: string;
  name: string;
  /** Values as getValues() would return them, Dates as ISO strings. */
  rows: unknown[][];
  formulas: string[][];
  protected: boolean;
  /** Cell notes (Range.setNote), 1-based: every editor and viewer of the spreadsheet reads them on hover. */
  notes?: Array<{ row: number; column: number; text: string }>;
  /** The data-validation help texts of its cells, each once: shown to whoever edits or types in such a cell. */
  helpTexts?: string[];
  /** Its protections' descriptions (Protection.setDescription): Data > Protect sheets and ranges lists them to every editor. */
  protectionDescriptions?: string[];
}

export interface DocSnapshot {
  id: string;
  title: string;
  text: string;
  /** Paragraphs with their heading level ('NORMAL' or 'HEADING1'…). */
  paragraphs: Array<{ heading: string; text: string }>;
  access: GeneralAccess;
  editors: string[];
  everHadAccess: string[];
  inSharedFolder: boolean;
}

export interface FormResponseSnapshot {
  id: string;
  timestamp: string;
  answers: Record<string, string | string[]>;
}

export interface FormSnapshot {
  id: string;
  title: string;
  items: Array<{ id: number; title: string; type: string; required: boolean; helpText: string; choices?: string[] }>;
  /** What the Form holds now (the script may delete responses). */
  responses: FormResponseSnapshot[];
  /** Every response ever submitted, deleted ones too (the world's record, for checkers). */
  submitted: FormResponseSnapshot[];
  settings: Record<string, unknown>;
  editors: string[];
}

/** Answer map keyed by Form item title (DESIGN §9 `report`). */
export type FormAnswers = Record<string, string | string[]>;

/** Minimal description of an installable-trigger source event the data world raises for the facade. */
export interface EditEventInfo {
  spreadsheetId: string;
  sheetName: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  value?: unknown;
  oldValue?: unknown;
  user: string;
}

/**
 * What an installable onChange trigger is told: the spreadsheet and the kind of change, never which cells
 * ("changeType: The type of change (EDIT, INSERT_ROW, INSERT_COLUMN, REMOVE_ROW, REMOVE_COLUMN, INSERT_GRID,
 * REMOVE_GRID, FORMAT, or OTHER)", developers.google.com/apps-script/guides/triggers/events, Change).
 */
export interface ChangeEventInfo {
  spreadsheetId: string;
  changeType:
    | 'EDIT'
    | 'INSERT_ROW'
    | 'INSERT_COLUMN'
    | 'REMOVE_ROW'
    | 'REMOVE_COLUMN'
    | 'INSERT_GRID'
    | 'REMOVE_GRID'
    | 'FORMAT'
    | 'OTHER';
  user: string;
}

/**
 * The data half of the emulator. Created once per Workspace with the runtime; `globals()` returns the
 * objects the bundle sees (all guarded, all calls through runtime.call).
 */
export interface DataWorld {
  globals(): { SpreadsheetApp: unknown; DocumentApp: unknown; DriveApp: unknown; Drive: unknown; FormApp: unknown };

  /** Addresses that have no Google account: a silent share to them fails with the real message. */
  setNoGoogleAccount(emails: string[]): void;
  /** The Workspace admin's "Sharing outside of <organisation>": `off`, or the allowlisted domains (drive.ts). */
  setSharingOutside(policy: 'on' | 'off' | string[]): void;
  /** The Workspace admin's general access default for new items: the organisation with the link (drive.ts). */
  setNewItemsAccess(access: 'PRIVATE' | 'DOMAIN_WITH_LINK'): void;
  /** The Workspace admin deletes this user of the organisation: their Drive permissions go, shares to them fail. */
  deleteAccount(email: string): void;
  /** The Workspace admin suspends (or restores) this user: their shares stay, a notified share's email fails (drive.ts). */
  suspendAccount(email: string, suspended?: boolean): void;
  /** Drive lists a permission shared with `address` as `listed` (a Gmail variant, a renamed account's old address). */
  setListedAddress(address: string, listed: string): void;

  /** A Google Group: sharing a file with its address shares it with these members (Drive lists a `group` permission). */
  setGroup(address: string, members: string[]): void;

  /** Drive refuses every changes page token issued so far, as it may "for any reason" (drive.ts). */
  rejectChangeTokens(): void;
  /** `user`'s Google storage is full (or has space again): Drive refuses every new file they would own (drive.ts). */
  setStorageFull(user: string, full: boolean): void;
  /** What DriveApp reports of `user`'s Google storage, in bytes (drive.ts `storageUse`). */
  setStorageUse(user: string, used: number, limit: number): void;

  /** Docs makes a paragraph of each line of `appendParagraph`'s text (undocumented either way: docs.ts). */
  setDocsSplitLineBreaks(on: boolean): void;
  /** Whether a service's `openById` opens a trashed file (undocumented either way: drive.ts). */
  setTrashedFilesOpen(on: boolean): void;

  // People acting in a browser, outside any execution. Each checks that `user` may do it (throws
  // `You do not have permissions to access the requested document.` otherwise) and records access history.
  ui: {
    /** Sets one cell as typed in the UI (formula parsing applies), returns the edit event to fire. */
    editCell(
      user: string,
      spreadsheetId: string,
      sheetName: string,
      row: number,
      column: number,
      value: unknown,
    ): EditEventInfo;
    /**
     * Pastes a block of cells (rows of values) with its top-left corner at row, column, each parsed as typed; returns
     * the one edit event Google fires for it, whose range spans the block (no `value`, no `oldValue`). `copiedCells`:
     * cells copied in Sheets, which bring their own (no) validation in place of the destination's.
     */
    pasteCells(
      user: string,
      spreadsheetId: string,
      sheetName: string,
      row: number,
      column: number,
      block: unknown[][],
      copiedCells?: boolean,
    ): EditEventInfo;
    /** Sorts the data rows (below the header) by a column, as Data > Sort range does. */
    sortSheet(
      user: string,
      spreadsheetId: string,
      sheetName: string,
      column: number,
      ascending: boolean,
    ): EditEventInfo;
    /** Edit > Find and replace > Replace all over one tab; the edit event spans the changed cells (null: none changed). */
    replaceAll(
      user: string,
      spreadsheetId: string,
      sheetName: string,
      find: string,
      replace: string,
    ): EditEventInfo | null;
    /** A version of the spreadsheet as File > Version history keeps it (every tab's cells now), to restore later. */
    saveVersion(spreadsheetId: string): unknown;
    /** Restores a saved version (File > Version history > Restore this version); the edit event spans `sheetName`. */
    restoreVersion(user: string, spreadsheetId: string, version: unknown, sheetName: string): EditEventInfo;
    /** Drags column `from` (its header) to column `to`: its cells move with their formats and validation rules. */
    moveColumn(user: string, spreadsheetId: string, sheetName: string, from: number, to: number): void;
    insertRowBefore(user: string, spreadsheetId: string, sheetName: string, row: number): void;
    deleteRow(user: string, spreadsheetId: string, sheetName: string, row: number): void;
    /** Reads a sheet as that user sees it (values). */
    readSheet(user: string, spreadsheetId: string, sheetName: string): unknown[][];
    /** Opens a Doc as that user: its text, or throws when they have no access. */
    openDoc(user: string, docId: string): string;
    /** Replaces the paragraphs under a heading (up to the next heading of the same or higher level). */
    writeDocSection(user: string, docId: string, heading: string, text: string): void;
    /** Inserts a table (rows of cell texts) at the end of the section under a heading, as a person does in Docs. */
    writeDocTable(user: string, docId: string, heading: string, rows: string[][]): void;
    /** A version of a Doc as its version history lists it (the body as last saved), to restore later. */
    docVersion(docId: string): unknown;
    /** An editor restores that version (File > Version history > "Restore this version"): later edits leave the body. */
    restoreDocVersion(user: string, docId: string, version: unknown): void;
    setSharing(user: string, fileId: string, access: GeneralAccess, role: Role): void;
    addEditor(user: string, fileId: string, email: string): void;
    /**
     * A person changes a file's sharing in Drive's Share dialog: `withWho` an address (notified, as the dialog's
     * default) or `anyone` (general access "Anyone with the link"). Refused unless `user` may share the file.
     */
    share(user: string, fileId: string, withWho: string, role: 'reader' | 'commenter' | 'writer'): void;
    /** A person removes someone's direct share in the Share dialog (refused unless `user` may share the file). */
    unshare(user: string, fileId: string, email: string): void;
    /** The owner makes someone else the file's owner in the Share dialog; the owner stays an editor. */
    transferOwnership(user: string, fileId: string, newOwner: string): void;
    /** A Workspace user makes a shared drive (they its manager) with these members; returns its id. */
    createSharedDrive(user: string, name: string, members: Record<string, 'writer' | 'reader'>): string;
    /**
     * Drags a file into a shared drive (Workspace): `user` edits the file ("If your admin enables the setting to allow
     * file editors to move files into a shared drive, you may move files on which you're an editor",
     * support.google.com/drive/answer/13045066) and is a member who may add files there.
     */
    moveToSharedDrive(user: string, fileId: string, driveId: string): void;
    /**
     * Between consumer accounts: the owner offers the file to one of its editors (`pendingOwner`), who becomes its owner
     * only on accepting (`acceptOwnership`, refused once the offer is withdrawn or the editor removed).
     */
    offerOwnership(user: string, fileId: string, newOwner: string): void;
    acceptOwnership(user: string, fileId: string): void;
    /**
     * A person publishes a Doc to the web (File → Share → Publish to web): the owner, or an editor while editors may
     * change sharing ("If the option ... isn't selected, collaborators won't see Publish", support.google.com/drive/answer/114818).
     */
    publishToWeb(user: string, fileId: string): void;
    /** The owner ticks or unticks "Editors can change permissions and share". */
    setShareableByEditors(user: string, fileId: string, shareable: boolean): void;
    createFolder(user: string, name: string, sharedWith: string[]): string;
    /** A person makes a Google Doc in their own Drive and shares it with `sharedWith` (editors, notified). Returns its id. */
    createDoc(user: string, title: string, sharedWith: string[]): string;
    moveFile(user: string, fileId: string, folderId: string): void;
    /** An editor renames a file (Docs: click the title; Drive: Rename): its name changes, and Drive lists the change. */
    renameFile(user: string, fileId: string, name: string): void;
    /**
     * A person comments on a file in its editor (a spreadsheet's cell comment is a Drive comment), or replies to the
     * comment `replyTo`: every commenter and editor reads it. Returns the comment's id.
     */
    comment(user: string, fileId: string, content: string, replyTo?: string): string;
    /**
     * A person comments mentioning `+address` (or `@address`): Docs mails each mentioned person the comment and, when
     * they cannot open the file, asks the commenter whether to share it with them (`confirmShare`: the commenter says
     * yes; a commenter who may not share the file cannot). ❓ Google's help on comment mentions is not in the stored
     * reference pages: the share, when made, is a commenter's permission with Google's notification, as a share is.
     */
    mentionInComment(user: string, fileId: string, content: string, confirmShare: boolean): string;
    /** The file's owner deletes a comment (and its replies) in the editor. */
    deleteComment(user: string, fileId: string, commentId: string): void;
    /** A person moves a file to the trash in Drive, or restores it from there (in My Drive, its owner only). */
    setTrashed(user: string, fileId: string, trashed: boolean): void;
    /** Submits the form as a respondent; does NOT fire triggers (the facade does). Returns the response id. */
    submitForm(formId: string, answers: FormAnswers, respondentEmail?: string): string;
    /**
     * An editor of the form changes who can respond in the Forms editor: Publish / Unpublish, the "Accepting
     * responses" switch, "Restrict to users in <domain>" (Workspace accounts only), Responders "Anyone with the link"
     * or "Restricted" (`anyoneResponds`, drive.ts).
     */
    setFormResponding(
      user: string,
      formId: string,
      change: { published?: boolean; acceptingResponses?: boolean; requireLogin?: boolean; anyoneResponds?: boolean },
    ): void;
    /** An editor of the form deletes one response in the Forms editor (Responses, Individual, Delete). */
    deleteFormResponse(user: string, formId: string, responseId: string): void;
    /** An editor of the form rewrites one question's title, help text or choices, or deletes it, in the Forms editor. */
    editFormItem(
      user: string,
      formId: string,
      title: string,
      change: { helpText?: string; title?: string; choices?: string[]; remove?: boolean },
    ): void;
  };

  /** A FormApp submit event object for a stored response, shaped like the real one (response, source, triggerUid…). */
  formSubmitEvent(formId: string, responseId: string, triggerUid: string): unknown;
  /** A blank submit event (Nov 2019 phantom): a response with no item answers and a new id. */
  blankFormSubmitEvent(formId: string, triggerUid: string): unknown;
  /** An installable onEdit event object for the bundle. */
  editEvent(info: EditEventInfo, triggerUid: string): unknown;
  /** An installable onChange event object for the bundle (no range: Google gives the spreadsheet and the kind of change). */
  changeEvent(info: ChangeEventInfo, triggerUid: string): unknown;

  /** Ids of everything, for the snapshot and for tests that look things up by name. */
  findFilesByName(name: string): FileSnapshot[];
  file(id: string): FileSnapshot;
  /** Whether Drive still holds the file (not deleted for good). */
  hasFile?(id: string): boolean;
  /** Every Drive item (folders included) for the snapshot. Optional: without it the snapshot lists spreadsheets, Docs and Forms. */
  files?(): FileSnapshot[];
  /**
   * History seeding, not a Workspace action: a file the benchmark's world seeds stands for one made when its report
   * arrived, years before the simulation's clock (Drive's `createdTime`, which Drive queries and orders by). Only
   * into the past, never after the file's current creation time.
   */
  backdateFile?(fileId: string, createdAt: number): void;
  /** A person deletes a file for good (Drive's "Delete forever", or emptying the trash): no service finds it again. */
  deleteForever(fileId: string): void;
  spreadsheetIds(): string[];
  sheet(spreadsheetId: string, sheetName: string): SheetSnapshot;
  sheets(spreadsheetId: string): SheetSnapshot[];
  docs(): DocSnapshot[];
  doc(id: string): DocSnapshot;
  forms(): FormSnapshot[];
  accessHistory(fileId?: string): AccessEvent[];
  shares(): ShareRecord[];
  /** Google's own "X shared a document with you" notifications (they carry the file title). */
  shareNotifications(): Array<{ at: number; to: string; fileId: string; title: string }>;
}

// ---------------------------------------------------------------------------------------------------
// The facade

export interface WorkspaceOptions {
  /** ISO instant or epoch ms where the virtual clock starts. */
  start: string | number;
  /** The committee account: owns every file, runs triggers and the web app. */
  owner: string;
  /** Script time zone (the manifest's); default from build/appsscript.json, else Etc/UTC. */
  timeZone?: string;
  latency?: LatencyModel;
  /** Per-cell ms of sheet reads and writes on top of `latency` (runtime.ts `chargeCells`); none by default. */
  cellLatency?: LatencyModel;
  faults?: FaultSpec[];
  seed?: number;
  /** 'consumer' (100 recipients/day, 90 min triggers) or 'workspace' (1,500). Default consumer. */
  profile?: 'consumer' | 'workspace';
  /** The account's language: service error messages follow it (locale.ts). Default `en`. */
  locale?: Locale;
  /**
   * Clock triggers fire at a seeded minute within their slot and now and then a few minutes late, as Google's do
   * (trigger-timing.ts). Default false: on their nominal slot.
   */
  triggerJitter?: boolean;
  /** Overrides the profile's daily trigger runtime (90 minutes consumer, 6 hours Workspace), in ms. */
  triggerRuntimeMs?: number;
  /**
   * What ScriptApp.getService().getUrl() answers outside a web request (editor and trigger runs): default the web app
   * URL; the /dev URL or an older deployment's as Google may answer; null for a script with no web app deployment.
   */
  serviceUrlOutsideWeb?: string | null;
  /** Overrides the profile's daily recipient quota. */
  mailQuota?: number;
  /** Overrides the profile's other daily quotas (daily-quota.ts): Docs and Spreadsheets created, Properties and Gmail read/write. */
  dailyQuotas?: Partial<Record<'docsCreated' | 'spreadsheetsCreated' | 'properties' | 'gmail', number>>;
  /** Folder with Code.js and the .html pages; default `build`. */
  buildDir?: string;
  /** Web app URL the emulator serves doGet/doPost under. */
  webAppUrl?: string;
  /** Addresses without a Google account (silent shares fail). */
  noGoogleAccount?: string[];
  /** A Workspace admin's "Sharing outside of <organisation>": `off`, or the allowlisted domains; default on. */
  sharingOutside?: 'off' | string[];
  /** A Workspace admin's general access default for new items, `DOMAIN_WITH_LINK`; default private. */
  newItemsAccess?: 'DOMAIN_WITH_LINK';
  /** Mirror each execution's Logger/console output to the host console. Default false (kept in `logs`). */
  echoLogs?: boolean;
}

export type { MailAttachment, MailboxMessage, ReplyInput } from './gmail';

export interface SentMail {
  at: number;
  /** Index of the message in send order. */
  seq: number;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string;
  subject: string;
  body: string;
  htmlBody: string;
  name: string;
  execution: number;
}

/** One user's quota day: it begins with the first request after the previous one ended, and lasts 24 hours. */
export interface MailQuotaDay {
  user: string;
  start: number;
  used: number;
  limit: number;
}

export interface TriggerSnapshot {
  uid: string;
  handler: string;
  eventType: 'CLOCK' | 'ON_FORM_SUBMIT' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_OPEN';
  sourceId: string | null;
  owner: string;
  disabled: boolean;
  /** For clock triggers: period in ms, and the next due instant (ISO). */
  everyMs?: number;
  nextDue?: string;
}

/** Who makes a web request: `user` an address (signed in), null (not signed in); left out, someone signed in. */
export interface WebRequester {
  user?: string | null;
}

export interface WebResponse {
  /** The HTML (HtmlOutput content) or text (TextOutput) the page returned. */
  body: string;
  mimeType: string;
  title: string;
  record: ExecutionRecord;
}

export interface ExecutionResult<T = unknown> {
  value?: T;
  error?: unknown;
  record: ExecutionRecord;
}

/** A page the web app served: the request (method, URL, form fields) and what came back. */
export interface ServedPage {
  at: number;
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
  title: string;
  body: string;
}

export interface WorkspaceSnapshot {
  now: string;
  files: FileSnapshot[];
  sheets: SheetSnapshot[];
  docs: DocSnapshot[];
  forms: FormSnapshot[];
  mail: SentMail[];
  shares: ShareRecord[];
  shareNotifications: Array<{ at: number; to: string; fileId: string; title: string }>;
  accessHistory: AccessEvent[];
  triggers: TriggerSnapshot[];
  properties: Record<string, string>;
  calls: Record<string, number>;
  executions: ExecutionRecord[];
  logs: Array<{ at: number; execution: number; text: string }>;
}

/** `WorkspaceSnapshot` without the history of executions, calls, triggers and access (`Workspace.contentSnapshot`). */
export type WorkspaceContents = Pick<
  WorkspaceSnapshot,
  'now' | 'files' | 'sheets' | 'docs' | 'forms' | 'mail' | 'shares' | 'properties' | 'logs'
>;

/** Who runs an in-process execution, and how it is recorded. */
export interface InProcessOptions {
  /** The effective user (default the owner); also the active user unless `activeUser` says otherwise. */
  user?: string;
  /** The active user when it differs (`''` for a trigger that runs for someone else, a web request). */
  activeUser?: string;
  kind?: ExecutionKind;
  /** The name in the execution record (default `in-process`). */
  name?: string;
}

/** The surface tests, the scenario runner and the benchmark use (implemented by `Workspace` in workspace.ts). */
export interface WorkspaceApi {
  readonly rt: Runtime;
  readonly owner: string;
  readonly data: DataWorld;
  readonly webAppUrl: string;
  /** The script's time zone (the manifest's `timeZone`). */
  readonly timeZone: string;
  /** Every calendar event the script created, with its guests and changes (deleted ones too). */
  calendar(): CalendarEventRecord[];
  /** Loads build/Code.js (gas-local, fresh global object). Must be called before run(). */
  loadBundle(): void;
  /** Runs a global function of the bundle as one execution. */
  run<T = unknown>(fn: string, args?: unknown[], as?: { user?: string; kind?: ExecutionKind }): ExecutionResult<T>;
  /**
   * Runs `fn` (src/ code imported by a test, no bundle) as one execution, with the services as globals of this
   * realm and its `Date` on the virtual clock for the duration; everything is restored afterwards.
   */
  runInProcess<T>(fn: () => T, as?: InProcessOptions): ExecutionResult<T>;
  /** Moves the clock, firing every time-driven trigger due on the way, at its due instant, in order. */
  advance(ms: number): ExecutionResult[];
  /** Submits the Form and fires its submit trigger(s) `deliveries` times for the same response. */
  submitForm(
    answers: FormAnswers,
    options?: { deliveries?: number; formId?: string; respondentEmail?: string },
  ): { responseId: string; results: ExecutionResult[] };
  /** Fires the submit trigger with a blank event (no answers). */
  fireBlankSubmit(formId?: string): ExecutionResult[];
  /** A person edits a cell in the status spreadsheet's UI; installable onEdit triggers fire. */
  editCell(
    user: string,
    spreadsheetId: string,
    sheetName: string,
    row: number,
    column: number,
    value: unknown,
  ): ExecutionResult[];
  /** A person pastes a block of cells in the status spreadsheet's UI; installable onEdit triggers fire once for it. */
  pasteCells(
    user: string,
    spreadsheetId: string,
    sheetName: string,
    row: number,
    column: number,
    block: unknown[][],
    copiedCells?: boolean,
  ): ExecutionResult[];
  /** A person inserts a blank row (onChange triggers run, INSERT_ROW). */
  insertRow(user: string, spreadsheetId: string, sheetName: string, row: number): ExecutionResult[];
  /** A person deletes a row (onChange triggers run, REMOVE_ROW; no onEdit). */
  deleteRow(user: string, spreadsheetId: string, sheetName: string, row: number): ExecutionResult[];
  /** A person sorts a tab's data rows by a column (onEdit triggers run once for the sorted rows, then onChange: EDIT). */
  sortSheet(
    user: string,
    spreadsheetId: string,
    sheetName: string,
    column: number,
    ascending: boolean,
  ): ExecutionResult[];
  /** A person replaces text all over a tab (Find and replace > Replace all; onEdit over the changed cells, then onChange: EDIT). */
  replaceAll(user: string, spreadsheetId: string, sheetName: string, find: string, replace: string): ExecutionResult[];
  /** A person restores a saved version of a spreadsheet (onEdit over `sheetName`'s cells, then onChange: OTHER). */
  restoreVersion(user: string, spreadsheetId: string, version: unknown, sheetName: string): ExecutionResult[];
  /** GET/POST the web app as a browser would (doGet/doPost as an execution, executeAs the owner). */
  webGet(url: string, as?: WebRequester): WebResponse;
  webPost(url: string, fields: Record<string, string>, as?: WebRequester): WebResponse;
  /** The same request answered in this process by the product's own doGet/doPost (flow tests; no bundle). */
  webInProcess(
    method: 'GET' | 'POST',
    url: string,
    fields: Record<string, string>,
    handlers: { doGet(event: unknown): unknown; doPost(event: unknown): unknown },
  ): WebResponse;
  mail(): SentMail[];
  mailTo(email: string): SentMail[];
  /** The pages the web app served, oldest first, from the `from`-th on (0: all; not in snapshots, which stay lean). */
  pages(from?: number): ServedPage[];
  /** Every quota day of MailApp's daily recipient quota so far, per user: when it began, recipients used, the limit. */
  mailQuotaDays(): MailQuotaDay[];
  /** A person replies to a message they received (to its Reply-To, else its sender), quoting it as Gmail does. */
  reply(input: ReplyInput): MailboxMessage;
  /** Someone writes to `to` from scratch: a new thread in that mailbox's inbox. */
  receiveMail(p: {
    from: string;
    to: string;
    subject: string;
    text: string;
    attachments?: MailAttachment[];
  }): MailboxMessage;
  /** One mailbox, oldest first, with each message's labels. */
  mailbox(address: string): MailboxMessage[];
  triggers(): TriggerSnapshot[];
  properties(): Record<string, string>;
  snapshot(): WorkspaceSnapshot;
}
