// Names and column layouts of every store the system keeps (docs/architecture.md "Stores and schemas"); one place, so flows never spell a header twice.
import { STATUS_HEADERS } from '../core/case-model';
import { POLICY_CHANGES_HEADERS } from '../core/policy-changes';
import { COMMITTEE_HEADERS as CORE_COMMITTEE_HEADERS, SETTINGS_HEADER } from '../core/settings';

/**
 * Formats rows of a sheet as plain text (every row and column unless told): typed-in values then stay as written, and
 * raw writes cannot become formulas. One place, so each store's tabs are formatted alike.
 */
export function formatAsText(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  first = 1,
  count = sheet.getMaxRows(),
  columns = sheet.getMaxColumns(),
): void {
  sheet.getRange(first, 1, count, columns).setNumberFormat('@');
}

/** Script Properties keys (owner only). */
export const PROP = {
  statusSpreadsheetId: 'statusSpreadsheetId',
  registrySpreadsheetId: 'registrySpreadsheetId',
  folderId: 'folderId',
  formId: 'formId',
  webAppUrl: 'webAppUrl',
  /** When the committee account last opened the web app and its address was recorded from that request. */
  webAppUrlSeenAt: 'webAppUrlSeenAt',
  hmacKeys: 'hmacKeys',
  hmacCurrentKid: 'hmacCurrentKid',
  owner: 'owner',
  outboxJournal: 'outboxJournal',
  /**
   * The key of the last message delivery marked sent, and `<case id>|<member id>` of the last declared conflict: outside
   * the registry, they outlive its restore to an older version, which lost them (ADV-541, ADV-542); and the Form response
   * of the last report taken in, whose case the registry must hold (ADV-548); `<vote id>|<member id>` of the last ballot,
   * which sends no mail unless it decides (ADV-552).
   */
  sentMark: 'sentMark',
  conflictMark: 'conflictMark',
  filedMark: 'filedMark',
  ballotMark: 'ballotMark',
  /** Set while a run last found the registry gone back in time (ADV-586): every page's POST is refused, at no read. */
  rolled: 'rolled',
  /** The mail quota day as the outbox saw it: JSON `{limit, startedAt, waiting}` (mailer.ts `QuotaDay`). */
  mailQuota: 'mailQuota',
  /**
   * The one-off run at the moment the day's mail quota comes back, while mail waits for it: JSON `{id, at}` (the
   * trigger's unique id, its time in ms). The trigger health check keeps that trigger and removes it once it has run.
   */
  quotaWakeup: 'quotaWakeup',
  /** When the day of Google's Documents created quota began (ms): the first case Doc made since the last one ended. */
  docsDay: 'docsDay',
  /** The same for Email read/write, from its first refusal (ADV-442). */
  gmailDay: 'gmailDay',
  /** The same for Spreadsheets created, from its first refusal (the archive's new spreadsheet, ADV-457). */
  sheetsDay: 'sheetsDay',
  /** When the week of the committee account's notice that its Google storage is full began (ms, ADV-565); dropped once
   * the daily check sees space freed (ADV-591). */
  storageFull: 'storageFull',
  /** The same for its warning that the storage is nearly full (ADV-571, ADV-583); dropped below 80%. */
  storageLow: 'storageLow',
  sweepCursor: 'sweepCursor',
  /** When the hourly sweep first found the script lock busy, while it has not got it since (ms; entrypoints/sweep.ts). */
  sweepLockedOutAt: 'sweepLockedOutAt',
  /** When an execution last made the triggers exactly one per handler (setup, the sweep, or a due check elsewhere). */
  triggersCheckedAt: 'triggersCheckedAt',
  /** When the sweep last checked that the report Form takes reports (once a day). */
  formCheckedAt: 'formCheckedAt',
  /** When the daily check first found the Form not taking reports (the owner is told once per such stretch). */
  formNotLiveSince: 'formNotLiveSince',
  /**
   * The `Committee name` and `Community name` settings as JSON `{committee, community}`, kept by setup, a Settings
   * edit and the sweep: pages and mail read them here, with the properties every execution reads anyway, rather
   * than read the Settings tab for them.
   */
  voice: 'voice',
  /** The Settings values last read, JSON `{"<row>": value}`: a value typed wrong later keeps the committee's choice. */
  settingsKept: 'settingsKept',
  /**
   * Hashes of the Form's description and confirmation message as setup last wrote them (JSON). Setup rewrites a
   * text for new names only while the Form still shows exactly what it wrote: a committee's own wording is kept.
   */
  formTextsWritten: 'formTextsWritten',
  /** When the sweep last applied retention (once a day: purges and their warnings). */
  retentionCheckedAt: 'retentionCheckedAt',
  /** The committee day's first sweep that found retention off (months 0): warnings given before it no longer hold. */
  retentionOffAt: 'retentionOffAt',
  /** The archive spreadsheets, JSON `{"<year>": "<spreadsheet id>"}` (owner only, in the private folder). */
  archiveSpreadsheets: 'archiveSpreadsheets',
  /**
   * The id of a status spreadsheet setup made while a registry was already recorded (the one before was deleted or
   * lost): setup rebuilds it from the registry, and drops this once that is saved (status-rebuild.ts).
   */
  statusRebuild: 'statusRebuild',
  archivesFailing: 'archivesFailing',
  /**
   * Archives Drive's changes feed listed as removed (deleted for good, or no longer the committee account's), JSON
   * `{"<spreadsheet id>": "<when>"}`: no longer checked, owed nothing by retention, the year's replaced at once.
   */
  archivesGone: 'archivesGone',
  /** When the sweep last moved closed cases' rows to the archive (at most once a week). */
  archivedAt: 'archivedAt',
  /** A hash of the `Space:` rows the last Settings edit took moderators off against, then each listing's (settings-edit.ts). */
  spacesSeen: 'spacesSeen',
  lintArchivedAt: 'lintArchivedAt',
  /** When the lint last read the status spreadsheet's comments: the next run reads those changed since. */
  commentsLintedAt: 'commentsLintedAt',
  /** The years the transparency statistics were written for, JSON `{"<year>": "year" | "quarter"}` (statistics.ts). */
  statisticsYears: 'statisticsYears',
  /** The time zone the statistics were first written in: their periods keep it (statistics.ts). */
  statisticsZone: 'statisticsZone',
  /** Set while an archive run works: an interrupted run is finished by the next sweep, whatever the week. */
  archiving: 'archiving',
  /** The folder of archived case Docs (retention moves a purged case's Doc there; owner only, never shared). */
  docArchiveFolderId: 'docArchiveFolderId',
  /** When setup sent the members already on the committee their `Record a report` link (once; recorded-reports.ts). */
  recordLinksSent: 'recordLinksSent',
  /**
   * Offboardings one execution could not finish, JSON `{"<member id>": "<when the first run began>"}`: the next sync
   * goes on, and the committee's alert at the end counts the Docs of every run since then (roster.ts).
   */
  offboarding: 'offboarding',
  /** The history id of the newest Spam thread the sweep read for replies (Gmail's history ids only grow; replies.ts). */
  spamMark: 'spamMark',
} as const;

export const STATUS_SPREADSHEET_NAME = 'Conduct Desk — status';
export const REGISTRY_SPREADSHEET_NAME = 'Conduct Desk — private registry';
/** The archive spreadsheet of one year: `<this> <year>`. */
export const ARCHIVE_SPREADSHEET_NAME = 'Conduct Desk — private archive';
/** The marks a restore of the registry is told by: a new registry, or the archive moving rows, drops them. */
export const ROLLBACK_MARKS = [PROP.sentMark, PROP.conflictMark, PROP.filedMark, PROP.ballotMark, PROP.rolled];
/** A page's line while the registry is found gone back in time (ADV-547, ADV-553). */
export const ROLLED_BACK_LINE =
  'The committee\u2019s records were put back to an older version: nothing is done until the committee account repairs them. Use this link again tomorrow.';
/** Registry tabs whose rows of an archived case move to the archive (`Cases`, `Members`, `Proposals` stay). */
export const ARCHIVED_TABS = ['Clearances', 'Votes', 'Moderation', 'Outbox', 'Inbox', 'Audit'] as const;
/** Suffix of a registry tab being rebuilt by the archive (it replaces the tab of that name when complete). */
export const REBUILDING_SUFFIX = ' (rebuilding)';
export const FOLDER_NAME = 'Conduct Desk — case documents (private)';
/** Where a case Doc goes when retention purges its case (unless the committee chose to delete Docs). */
export const DOC_ARCHIVE_FOLDER_NAME = 'Conduct Desk — archived case documents (private)';
export const FORM_TITLE = 'Report a Code of Conduct concern';

/** Tabs of the status spreadsheet (committee members can see these). */
export const STATUS_TAB = {
  cases: 'Cases',
  committee: 'Committee',
  conflicts: 'Conflicts',
  settings: 'Settings',
  policyChanges: 'Policy changes',
} as const;
export type StatusTab = (typeof STATUS_TAB)[keyof typeof STATUS_TAB];
/** The status tabs only the committee account edits (sheet protections setup makes). */
export const OWNER_ONLY_STATUS_TABS: readonly StatusTab[] = [
  STATUS_TAB.committee,
  STATUS_TAB.conflicts,
  STATUS_TAB.settings,
  STATUS_TAB.policyChanges,
];

/** The seed's status columns, in order (DESIGN §2; core STATUS_HEADERS). */
export const CASES_HEADERS = STATUS_HEADERS;
export const COMMITTEE_HEADERS = CORE_COMMITTEE_HEADERS;
export const CONFLICTS_HEADERS = ['Code Name', 'Member', 'Date'] as const;
export const SETTINGS_HEADERS = SETTINGS_HEADER;

export const STATUS_HEADERS_BY_TAB = {
  Cases: CASES_HEADERS,
  Committee: COMMITTEE_HEADERS,
  Conflicts: CONFLICTS_HEADERS,
  Settings: SETTINGS_HEADERS,
  'Policy changes': POLICY_CHANGES_HEADERS,
} as const satisfies Record<StatusTab, readonly string[]>;
/** The headers of one status tab, as a union: what `ctx.work.status(tab)` accepts. */
export type StatusTabHeader<T extends StatusTab> = (typeof STATUS_HEADERS_BY_TAB)[T][number];

/** Tabs of the private registry (owner only; every tab formatted plain text and written raw). */
export const REGISTRY_TAB = {
  cases: 'Cases',
  members: 'Members',
  clearances: 'Clearances',
  votes: 'Votes',
  moderation: 'Moderation',
  outbox: 'Outbox',
  audit: 'Audit',
  proposals: 'Proposals',
  inbox: 'Inbox',
  archivedCases: 'Archived Cases',
} as const;
export type RegistryTab = (typeof REGISTRY_TAB)[keyof typeof REGISTRY_TAB];

/** The registry's `Cases` columns, shared by `Archived Cases`. */
const CASE_HEADERS = [
  'Case ID',
  'Code Name',
  'Response ID',
  'Received At',
  'Doc ID',
  'Phase',
  'Reporter Name',
  'Reporter Email',
  'Reporter Email Problem',
  'Reported',
  'Witnesses',
  'Space',
  'Danger',
  'Bad Faith',
  'Deadlines',
  'Flags',
  'Closed At',
] as const;

export const REGISTRY_HEADERS = {
  Cases: CASE_HEADERS,
  Members: ['Member ID', 'Email', 'Name', 'Role', 'Active', 'Onboarded At', 'Sheet Access', 'Updated At'],
  Clearances: ['Case ID', 'Member ID', 'Decision', 'At', 'Via', 'Share', 'Note'],
  Votes: [
    'Vote ID',
    'Case ID',
    'Opened By',
    'Opened At',
    'Eligible',
    'Ballots',
    'Outcome',
    'Closed At',
    'Subject',
    'Round',
    'Texts',
    'Reminded At',
    'Closes At',
  ],
  Moderation: [
    'Case ID',
    'Moderator ID',
    'Moderator',
    'Space',
    'Sent At',
    'Answer',
    'Details',
    'Answered At',
    'Reminded At',
  ],
  Outbox: [
    'Key',
    'Case ID',
    'Kind',
    'To',
    'Cc',
    'Reply To',
    'Subject',
    'Body',
    'Html Body',
    'Delivery',
    'State',
    'Attempts',
    'Created At',
    'Updated At',
    'Error',
  ],
  Audit: ['At', 'Actor', 'Event', 'Case ID', 'Detail'],
  Proposals: [
    'Number',
    'Title',
    'Text',
    'Proposed By',
    'Proposed At',
    'Brainstorm Days',
    'State',
    'Doc ID',
    'Shared With',
    'Vote Opened At',
    'Vote Closes At',
    'Eligible',
    'Ballots',
    'Decided At',
    'Board Sent At',
    'Board Answer',
    'Board Answered At',
    'Reminded At',
  ],
  // Mail in the committee account's inbox the sweep has read (src/flows/replies.ts): filed under a case, waiting for
  // the owner, made a case, or the account's own (its alerts to itself). `History ID` is the thread's when last read: an unchanged waiting thread is not re-read.
  Inbox: ['Message ID', 'Thread ID', 'History ID', 'Case ID', 'From', 'Received At', 'State', 'Section', 'Updated At'],
  // The Cases rows of archived cases (src/flows/archive.ts): read only by what looks at closed history.
  'Archived Cases': CASE_HEADERS,
} as const satisfies Record<RegistryTab, readonly string[]>;
/** The headers of one registry tab, as a union: what `ctx.work.registry(tab)` accepts. */
export type RegistryHeader<T extends RegistryTab> = (typeof REGISTRY_HEADERS)[T][number];

/** Registry `Cases.Phase` while intake has persisted the row but not finished the case (crash recovery looks for it). */
export const INTAKE_PHASE = 'intake';

/** Prefixes of opaque ids (docs/architecture.md "Ids"). */
export const ID_PREFIX = { case: 'c_', member: 'm_', moderator: 'd_', vote: 'v_' } as const;

/**
 * Link lifetimes in days (docs/architecture.md "Signed links"). `propose` lives a year: it comes with the welcome email
 * and every proposal email, and a member may want to propose a change long after joining.
 */
/** A confirmation link lives 30 minutes (flows/confirmations.ts); one still waiting for the quota after that is dropped. */
export const CONFIRM_TTL_DAYS = 30 / 1440;

// `record` lives a year too: a member records a report they were given whenever it happens (recorded-reports.ts).
export const LINK_TTL_DAYS = {
  screening: 30,
  vote: 30,
  onboard: 30,
  case: 60,
  moderator: 60,
  propose: 365,
  change: 30,
  record: 365,
  inbox: 30,
} as const;

/** Fixed labels of action links in emails (docs/architecture.md "Links in email"). */
export const LINK_LABEL = {
  noConflict: 'No conflict',
  conflict: 'Conflict',
  casePage: 'Case page',
  openDoc: 'Open the document',
  vote: 'Vote',
  respond: 'Respond',
  onboarding: 'Onboarding',
  propose: 'Propose a change',
  proposal: 'Proposal',
  record: 'Record a report',
  makeCase: 'Make a case',
} as const;

/** Names of the trigger handlers setup installs (DESIGN §4). */
export const HANDLER = {
  reportSubmit: 'onReportSubmit_',
  sweep: 'sweep_',
  statusEdit: 'onStatusEdit_',
  statusChange: 'onStatusChange_',
  quotaWakeup: 'mailAtQuotaReset_',
} as const;

/** Google's MIME type of a Doc (Drive search results are filtered on it). */
export const DOC_MIME_TYPE = 'application/vnd.google-apps.document';

/** Sheets refuses cells longer than this; registry writes are cut below it (the full text lives in the Doc). */
export const CELL_CHAR_LIMIT = 50000;
