// One execution's view of the committee's Workspace: properties, tables, Docs, links, audit and mail, read lazily once and written back once (docs/architecture.md "Execution protocol").
import type { LinkAction, LinkClaims, HmacFn, VerifyResult } from '../core/tokens';
import { signLink, verifyLink } from '../core/tokens';
import { normalizeEmail } from '../core/text';
import { hashText } from '../core/hash';
import { DocStore } from './docs';
import { errorMessage, isExecutionEnding, redactAddresses } from './errors';
import {
  COMMIT_WITNESS, decodeDocJournal, docJournalKeys, encodeDocJournal, findWitness, type CommitRef, type DocJournal,
} from './doc-journal';
import {
  applyJournal, caseIdOfKey, deliverOutbox, enqueueMail as addToOutbox, type DeliveryReport, type OutgoingMail, type OutboxHost,
} from './mailer';
import {
  PROP, REGISTRY_HEADERS, REGISTRY_TAB, STATUS_HEADERS_BY_TAB, STATUS_TAB,
  type RegistryHeader, type RegistryTab, type StatusTabHeader, type StatusTab,
} from './schema';
import { readSigningKeys, type SigningKeys } from './secret';
import { Table, type TableWriteResult } from './table';
import { readCommittee, readSettings, type CommitteeMember, type SettingsView } from './members';
import { buildAlertMail } from './members';

/** What saving one changed Doc at commit is expected to cost (Docs round trip), for the time budget. */
export const DOC_SAVE_MS = 250;

/** Stop starting new work this long after the execution began (the platform kills at 6 minutes). */
export const DEFAULT_TIME_BUDGET_MS = 4.5 * 60 * 1000;

/** Elapsed and remaining time of this execution against its budget. */
export class TimeBudget {
  /**
   * `owedMs` is work already started that will cost time later in this execution (Doc saves at commit):
   * loops that check the budget must leave room for it, or a sweep that touched hundreds of Docs overruns
   * its budget while saving them.
   */
  constructor(readonly startedAt: number, readonly limitMs: number, private readonly owedMs: () => number = () => 0) {}
  elapsed(): number {
    return Date.now() - this.startedAt;
  }
  remaining(): number {
    return this.limitMs - this.elapsed() - this.owedMs();
  }
  /** True when less than `reserveMs` is left. */
  exhausted(reserveMs = 0): boolean {
    return this.remaining() <= reserveMs;
  }
}

export interface ContextOptions {
  /** Who acts, for the audit log: `form`, `sweep`, `owner`, `web:<member id>`, … (never a name or address). */
  actor?: string;
  /** When the execution started (before waiting for the lock); default now. */
  startedAt?: number;
  budgetMs?: number;
}

/** What `commit()` wrote. */
export interface CommitReport {
  tables: Record<string, TableWriteResult>;
  auditRows: number;
  refused: string[];
}

type AuditRow = [string, string, string, string, string];

/** Script Properties holding intents (`recordIntent`) start with this. */
const INTENT_PREFIX = 'intent.';

const STATUS_KEYS: { [T in StatusTab]?: StatusTabHeader<T> } = { Cases: 'Code Name' };
const REGISTRY_KEYS: { [T in RegistryTab]?: RegistryHeader<T> } = {
  Cases: 'Case ID', Members: 'Member ID', Outbox: 'Key', Votes: 'Vote ID',
};
/** Registry tabs are written after the status tabs and `Cases` last: its `Phase` marks work as done. */
const REGISTRY_WRITE_ORDER: RegistryTab[] = ['Members', 'Clearances', 'Votes', 'Moderation', 'Outbox', 'Cases'];

/**
 * The per-execution Context. Open it after taking the script lock. Reads are lazy and happen at most once
 * per tab; changes stay in memory until `commit()`, which writes each changed tab in as few `setValues` as
 * possible and flushes once; `deliverMail()` then sends what the flow enqueued.
 */
export class Context {
  readonly actor: string;
  readonly timeBudget: TimeBudget;
  /** Case Docs opened or created by this execution (saved by commit). */
  readonly docs = new DocStore();
  private readonly propsStore: GoogleAppsScript.Properties.Properties;
  private readonly propValues: Record<string, string>;
  private readonly spreadsheets = new Map<string, GoogleAppsScript.Spreadsheet.Spreadsheet>();
  private readonly statusTables = new Map<StatusTab, Table>();
  private readonly registryTables = new Map<RegistryTab, Table>();
  private readonly auditRows: AuditRow[] = [];
  private settingsView: SettingsView | null = null;
  private committeeView: CommitteeMember[] | null = null;
  private keys: SigningKeys | null | undefined;
  private rng: (() => number) | null = null;
  private timeZone: string | null = null;
  private journalToClear = false;
  /** This execution's nonce (random); each commit's is `<nonce>.<commit number>`. */
  private nonceBase = '';
  private commits = 0;
  /** This commit must leave a witness row (it journaled Doc entries or recorded intents). */
  private witnessNeeded = false;
  /** Intent properties written by this execution (or taken over from a dead run), deleted after the commit. */
  private readonly intentsToClear = new Set<string>();
  /** Witness lookups already made, by nonce. */
  private readonly witnessCache = new Map<string, boolean>();
  private webAppUrlCache: string | null = null;

  private constructor(options: ContextOptions) {
    this.actor = options.actor ?? 'system';
    this.timeBudget = new TimeBudget(options.startedAt ?? Date.now(), options.budgetMs ?? DEFAULT_TIME_BUDGET_MS, () => this.docs.unsavedCount() * DOC_SAVE_MS);
    this.propsStore = PropertiesService.getScriptProperties();
    this.propValues = { ...this.propsStore.getProperties() };
    // A crashed execution's Doc entries are settled before this one changes any Doc (never by unlocked pages:
    // only state-changing flows edit Docs, and they hold the script lock).
    this.docs.beforeFirstEdit = () => this.settleDocJournal();
  }

  /** Opens the Context for this execution: reads every Script Property once. */
  static open(options: ContextOptions = {}): Context {
    return new Context(options);
  }

  // ----------------------------------------------------------------------------------------------
  // Time, ids, properties

  now(): number {
    return Date.now();
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Script Properties as read at open (kept in step with setProperty/deleteProperty). */
  get props(): Readonly<Record<string, string>> {
    return this.propValues;
  }

  /** Writes one property now (unbuffered). */
  setProperty(key: string, value: string): void {
    this.propsStore.setProperty(key, value);
    this.propValues[key] = value;
  }

  deleteProperty(key: string): void {
    if (!(key in this.propValues)) return;
    this.propsStore.deleteProperty(key);
    delete this.propValues[key];
  }

  /** A property that setup must have created; a clear error otherwise. */
  requireProp(key: string): string {
    const value = this.propValues[key];
    if (!value) throw new Error(`Conduct Desk is not set up (Script Property "${key}" is missing): the owner must run setup.`);
    return value;
  }

  /** An opaque id: prefix + 12 hex characters of a random UUID (never derived from a person). */
  newId(prefix: string): string {
    return prefix + Utilities.getUuid().replace(/-/g, '').slice(0, 12);
  }

  /** A random source for this execution (code names), seeded from one random UUID. */
  random(): () => number {
    if (!this.rng) this.rng = seededRandom(Utilities.getUuid());
    return this.rng;
  }

  // ----------------------------------------------------------------------------------------------
  // Spreadsheets and tables

  /** The status spreadsheet, opened once. */
  statusSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.spreadsheet(this.requireProp(PROP.statusSpreadsheetId));
  }

  /** The private registry, opened once. */
  registrySpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.spreadsheet(this.requireProp(PROP.registrySpreadsheetId));
  }

  /** The status spreadsheet's time zone (what members see), read once. */
  statusTimeZone(): string {
    if (this.timeZone === null) this.timeZone = this.statusSpreadsheet().getSpreadsheetTimeZone() || 'Etc/UTC';
    return this.timeZone;
  }

  /** A tab of the status spreadsheet, read at most once. `Cases` rows are re-located by `Code Name` when written. */
  status<T extends StatusTab>(tab: T): Table<StatusTabHeader<T>> {
    let table = this.statusTables.get(tab) as Table<StatusTabHeader<T>> | undefined;
    if (!table) {
      const sheet = this.requireSheet(this.statusSpreadsheet(), tab, 'status spreadsheet');
      const key = STATUS_KEYS[tab] as StatusTabHeader<T> | undefined;
      const headers: readonly StatusTabHeader<T>[] = STATUS_HEADERS_BY_TAB[tab];
      table = Table.load(sheet, { name: `status/${tab}`, headers, plainText: false, key, relocate: Boolean(key) });
      this.statusTables.set(tab, table);
    }
    return table;
  }

  /** A tab of the private registry, read at most once. Loading `Outbox` applies the mail journal (see mailer.ts). */
  registry<T extends RegistryTab>(tab: T): Table<RegistryHeader<T>> {
    let table = this.registryTables.get(tab) as Table<RegistryHeader<T>> | undefined;
    if (!table) {
      if (tab === REGISTRY_TAB.audit) throw new Error('The Audit tab is append-only: use ctx.audit()');
      const sheet = this.requireSheet(this.registrySpreadsheet(), tab, 'private registry');
      const key = REGISTRY_KEYS[tab] as RegistryHeader<T> | undefined;
      const headers: readonly RegistryHeader<T>[] = REGISTRY_HEADERS[tab];
      table = Table.load(sheet, { name: `registry/${tab}`, headers, plainText: true, key });
      this.registryTables.set(tab, table);
      if (tab === REGISTRY_TAB.outbox) {
        const journal = this.readJournal();
        if (journal.length) {
          // The table just cached, asked for again so that it is typed as the Outbox (`tab` narrows, `T` does not).
          applyJournal(this.registry(REGISTRY_TAB.outbox), journal, this.nowIso());
          this.journalToClear = true;
        }
      }
    }
    return table;
  }

  /** Parsed `Settings` (defaults filled in, problems kept for the owner). */
  settings(): SettingsView {
    if (!this.settingsView) this.settingsView = readSettings(this.status(STATUS_TAB.settings));
    return this.settingsView;
  }

  /**
   * The `Committee` roster joined with registry `Members` (opaque ids). An active member with no `Members`
   * row yet gets one now with an empty `Onboarded At`, so links can be signed for them; onboarding mail and
   * sheet access are the roster flow's decision.
   */
  committee(): CommitteeMember[] {
    if (!this.committeeView) this.committeeView = readCommittee(this.status(STATUS_TAB.committee), this.registry(REGISTRY_TAB.members), this);
    return this.committeeView;
  }

  /** Active members with a usable address. */
  activeMembers(): CommitteeMember[] {
    return this.committee().filter((m) => m.active && m.id);
  }

  memberById(id: string): CommitteeMember | undefined {
    return this.committee().find((m) => m.id === id);
  }

  memberByEmail(email: string): CommitteeMember | undefined {
    const wanted = normalizeEmail(email);
    return wanted ? this.committee().find((m) => m.email === wanted) : undefined;
  }

  // ----------------------------------------------------------------------------------------------
  // Signed links

  /** The current key's HmacFn; throws when setup has not created the keys. */
  hmac(): HmacFn {
    const keys = this.signingKeys();
    if (!keys) throw new Error('Conduct Desk has no signing key: the owner must run setup.');
    return keys.hmacFor(keys.currentKid) as HmacFn;
  }

  /** The web app URL (Script Property, else the deployed service's URL); '' when not deployed. */
  webAppUrl(): string {
    if (this.webAppUrlCache === null) {
      let url = this.propValues[PROP.webAppUrl] ?? '';
      if (!url) {
        try {
          url = ScriptApp.getService().getUrl() ?? '';
        } catch (err) {
          this.log(`web app URL unavailable: ${errorMessage(err)}`);
        }
      }
      this.webAppUrlCache = url;
    }
    return this.webAppUrlCache;
  }

  /** `<webAppUrl>?t=<token>` for member/moderator `sub`, case `cid` ('-' for none), `act`, valid `ttlDays`. */
  linkFor(sub: string, cid: string, act: LinkAction, ttlDays: number): string {
    const keys = this.signingKeys();
    if (!keys) throw new Error('Conduct Desk has no signing key: the owner must run setup.');
    const url = this.webAppUrl();
    if (!url) throw new Error('The web app is not deployed: the owner must deploy it (Deploy → New deployment → Web app) and run setup again.');
    const claims: LinkClaims = { v: 1, sub, cid, act, exp: Math.floor(this.now() / 1000) + Math.round(ttlDays * 86400), kid: keys.currentKid };
    return `${url}${url.includes('?') ? '&' : '?'}t=${signLink(claims, keys.hmacFor(keys.currentKid) as HmacFn)}`;
  }

  /** Checks a token from a link (any known kid; constant-time; expiry against the clock). */
  verifyToken(token: string): VerifyResult {
    const keys = this.signingKeys();
    return verifyLink(token, (kid) => (keys ? keys.hmacFor(kid) : null), this.now());
  }

  // ----------------------------------------------------------------------------------------------
  // Audit, mail, alerts, logs

  /** Appends to the registry `Audit` tab at commit. `detail` must hold no names, addresses or report text. */
  audit(event: string, caseId: string, detail: string): void {
    // Details often carry a service's error text, and some of those name the address that failed.
    this.auditRows.push([this.nowIso(), this.actor, event, caseId || '-', redactAddresses(String(detail ?? '')).slice(0, 1000)]);
  }

  /** Queues a message in the outbox (deduped by key). Returns true when it was new. */
  enqueueMail(mail: OutgoingMail): boolean {
    return addToOutbox(this.registry(REGISTRY_TAB.outbox), mail, this.nowIso());
  }

  /**
   * Tells every active member about something that needs a person: `title` and `lines` must be name-free;
   * `codeName` adds the case's code name. The same alert goes at most once a day per member.
   */
  alertCommittee(title: string, lines: readonly string[], codeName?: string, caseId?: string): number {
    let queued = 0;
    const day = this.nowIso().slice(0, 10);
    const discriminator = `alert:${day}:${hashText([title, ...lines, codeName ?? ''].join('\n'))}`;
    for (const member of this.activeMembers()) {
      const mail = buildAlertMail({ title, lines, codeName, caseId: caseId || '-', member, discriminator });
      if (this.enqueueMail(mail)) queued++;
    }
    this.audit('committee.alerted', caseId || '-', `${title} (${queued} members)`);
    return queued;
  }

  /** A line for the execution log (Logger). Never pass names, addresses or report text. */
  log(line: string): void {
    console.log(line);
  }

  // ----------------------------------------------------------------------------------------------
  // Commit and delivery

  /**
   * Persists everything changed in memory: Docs saved, status tabs (re-located by key), registry tabs
   * (`Cases` last), audit rows, then one flush. A status row that cannot be found exactly once is not
   * written; the committee is told.
   */
  commit(): CommitReport {
    const report: CommitReport = { tables: {}, auditRows: 0, refused: [] };
    const journalKeys = this.journalDocEntries();
    if (this.witnessNeeded) this.audit(COMMIT_WITNESS, '-', this.commitNonce());
    this.docs.saveAll();
    // Status spreadsheet: every read a write needs first, then the writes (a read would flush them early).
    const statusWrites: Array<{ tab: StatusTab; name: string; prepared: ReturnType<Table['prepareWrite']> }> = [];
    for (const [tab, table] of this.statusTables) {
      if (table.isDirty()) statusWrites.push({ tab, name: table.name, prepared: table.prepareWrite() });
    }
    for (const { tab, name, prepared } of statusWrites) {
      prepared.apply();
      report.tables[name] = prepared.result;
      if (!prepared.result.refused.length) continue;
      report.refused.push(...prepared.result.refused);
      this.audit('status.write-refused', '-', `${tab}: ${prepared.result.refused.length} row(s) not found exactly once`);
      for (const key of prepared.result.refused) {
        this.alertCommittee('A status row could not be updated', [
          `The ${tab} tab has no single row for this code name (it was deleted, duplicated or renamed).`,
          'Fix the row by hand; the system will not guess which row is meant.',
        ], key);
      }
    }
    const registryTables = REGISTRY_WRITE_ORDER.map((tab) => this.registryTables.get(tab)).filter((t): t is Table => Boolean(t && t.isDirty()));
    // Registry: reads first (grid sizes), then the writes, `Cases` last, then one flush. The registry records
    // what is done (a case's Phase) and must never become durable ahead of the status rows it vouches for: its
    // writes come after the status writes, and no read comes between its writes and the flush (a read flushes
    // pending writes; if the platform's write cache is shared, such a read flushes the status rows first).
    const audit = this.prepareAudit();
    const registryWrites = registryTables.map((table) => ({ name: table.name, prepared: table.prepareWrite() }));
    audit.apply();
    report.auditRows = audit.rows;
    for (const { name, prepared } of registryWrites) {
      prepared.apply();
      report.tables[name] = prepared.result;
    }
    // One flush makes every write above durable; an execution that wrote nothing does not pay for it.
    if (registryWrites.length || report.auditRows || statusWrites.length) SpreadsheetApp.flush();
    // The registry now vouches for the Doc entries and intents (the witness row went with it): they are spent.
    for (const key of [...journalKeys, ...this.intentsToClear]) this.deleteProperty(key);
    this.intentsToClear.clear();
    this.witnessNeeded = false;
    this.commits++;
    if (this.journalToClear) {
      // The rows the journal vouched for are now marked sent in the sheet.
      this.writeJournal([]);
      this.journalToClear = false;
    }
    return report;
  }

  /**
   * Settles the Doc journal an interrupted execution left behind: if its Audit witness row is in the registry,
   * its commit finished and the journal is only deleted; otherwise the registry never recorded what those Doc
   * entries describe, so they are removed (the action, when repeated, writes them again). Free when there is no
   * journal (the properties were read at open). The sweep calls it; any flow's first Doc edit does too.
   */
  settleDocJournal(): void {
    this.docs.beforeFirstEdit = null;
    const keys = docJournalKeys(this.propValues);
    if (!keys.length) return;
    const journal = decodeDocJournal(this.propValues);
    if (journal && !this.witnessed(journal)) {
      let removed = 0;
      for (const [docId, blocks] of journal.docs) {
        try {
          removed += this.docs.removeBlocks(docId, blocks);
        } catch (err) {
          if (isExecutionEnding(err)) throw err;
          this.audit('docs.undo-failed', '-', `Doc ${docId}: ${errorMessage(err).slice(0, 200)}`);
        }
      }
      this.audit('docs.undone', '-', `${removed} entr${removed === 1 ? 'y' : 'ies'} of an interrupted execution removed from ${journal.docs.length} Doc(s)`);
    }
    for (const key of keys) this.deleteProperty(key);
  }

  /**
   * Writes the Doc journal for the entries this commit is about to save (one property write) and queues its
   * witness Audit row, which reaches the sheet in the same flush as the registry rows. Returns the keys to
   * delete once that flush is done; none when no Doc gained an entry.
   */
  private journalDocEntries(): string[] {
    const docs = this.docs.pendingBlocks();
    if (!docs.length) return [];
    const journal: DocJournal = { nonce: this.commitNonce(), at: this.nowIso(), docs };
    const props = encodeDocJournal(journal);
    this.propsStore.setProperties(props);
    Object.assign(this.propValues, props);
    this.witnessNeeded = true;
    return Object.keys(props);
  }

  private commitNonce(): string {
    if (!this.nonceBase) this.nonceBase = Utilities.getUuid();
    return `${this.nonceBase}.${this.commits}`;
  }

  /**
   * Writes down, at once (one property write), what a flow is about to do outside the spreadsheets and must
   * report — a Drive repair, say — so that a run dying after the side effect but before its commit is still
   * reported by the next run (`unsettledIntents`). Deleted after the commit that carries the report.
   */
  recordIntent(key: string, value: unknown): void {
    const prop = `${INTENT_PREFIX}${key}`;
    this.setProperty(prop, JSON.stringify({ nonce: this.commitNonce(), at: this.nowIso(), value }));
    this.intentsToClear.add(prop);
    this.witnessNeeded = true;
  }

  /**
   * Intents under `prefix` whose commit never happened (what they announced is still owed), with their keys.
   * Those whose commit finished are deleted. A caller that acts on one must `recordIntent` it again, so it
   * belongs to this run's commit.
   */
  unsettledIntents<T>(prefix: string): Array<{ key: string; value: T }> {
    const out: Array<{ key: string; value: T }> = [];
    for (const [prop, text] of Object.entries(this.propValues)) {
      if (!prop.startsWith(`${INTENT_PREFIX}${prefix}`) || this.intentsToClear.has(prop)) continue;
      let parsed: CommitRef & { value: T };
      try {
        parsed = JSON.parse(text) as CommitRef & { value: T };
      } catch {
        this.deleteProperty(prop);
        continue;
      }
      if (this.witnessed(parsed)) this.deleteProperty(prop);
      else out.push({ key: prop.slice(INTENT_PREFIX.length), value: parsed.value });
    }
    return out;
  }

  /**
   * Whether a commit reached the registry: its witness row is among the Audit rows written since it began,
   * read newest first in pages. When too many rows were written since to search (never in
   * practice: the next Doc edit or sweep settles it), it counts as committed: keeping an entry that may be
   * doubled is better than removing one the registry vouches for.
   */
  private witnessed(commit: CommitRef): boolean {
    const known = this.witnessCache.get(commit.nonce);
    if (known !== undefined) return known;
    const found = this.searchWitness(commit);
    this.witnessCache.set(commit.nonce, found);
    return found;
  }

  private searchWitness(commit: CommitRef): boolean {
    const sheet = this.requireSheet(this.registrySpreadsheet(), REGISTRY_TAB.audit, 'private registry');
    const PAGE = 200;
    let end = sheet.getLastRow();
    for (let page = 0; page < 10; page++) {
      if (end < 2) return false;
      const start = Math.max(2, end - PAGE + 1);
      const found = findWitness(commit, sheet.getRange(start, 1, end - start + 1, 5).getValues().reverse());
      if (found !== undefined) return found;
      end = start - 1;
    }
    this.audit('commit.unconfirmed', '-', 'too many Audit rows since an interrupted execution to confirm it; its Doc entries and intents count as done');
    return true;
  }

  /** True when this execution read the outbox (it queued or looked at mail); pages that did not can skip delivery. */
  touchedOutbox(): boolean {
    return this.registryTables.has(REGISTRY_TAB.outbox);
  }

  /** Sends pending outbox mail within the time budget (mailer.ts has the protocol), then records failures. */
  deliverMail(budgetMs?: number): DeliveryReport {
    const deadline = budgetMs === undefined ? null : this.now() + budgetMs;
    const host: OutboxHost = {
      outbox: () => this.registry(REGISTRY_TAB.outbox),
      now: () => this.now(),
      remainingMs: () => Math.min(this.timeBudget.remaining(), deadline === null ? Infinity : deadline - this.now()),
      readJournal: () => this.readJournal(),
      writeJournal: (keys) => this.writeJournal(keys),
      persistOutbox: () => {
        const outbox = this.registry(REGISTRY_TAB.outbox);
        if (outbox.isDirty()) outbox.write();
        SpreadsheetApp.flush();
      },
      alert: (title, lines, caseId) => {
        this.alertCommittee(title, lines, this.codeNameOf(caseId), caseId);
      },
    };
    const report = deliverOutbox(host, (ms) => Utilities.sleep(ms));
    for (const failure of report.failed) this.audit('mail.failed', caseIdOfKey(failure.key), failure.error.slice(0, 200));
    for (const key of report.held) this.audit('mail.held', caseIdOfKey(key), 'at-most-once message found half-sent');
    return report;
  }

  // ----------------------------------------------------------------------------------------------

  private readJournal(): string[] {
    const raw = this.propValues[PROP.outboxJournal];
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  }

  private writeJournal(keys: readonly string[]): void {
    if (keys.length) this.setProperty(PROP.outboxJournal, JSON.stringify(keys));
    else this.deleteProperty(PROP.outboxJournal);
  }

  private codeNameOf(caseId: string): string | undefined {
    if (!caseId || caseId === '-') return undefined;
    const row = this.registry(REGISTRY_TAB.cases).findBy('Case ID', caseId);
    return row ? String(row.values['Code Name']) : undefined;
  }

  private signingKeys(): SigningKeys | null {
    if (this.keys === undefined) this.keys = readSigningKeys(this.propValues);
    return this.keys;
  }

  private spreadsheet(id: string): GoogleAppsScript.Spreadsheet.Spreadsheet {
    let ss = this.spreadsheets.get(id);
    if (!ss) {
      ss = SpreadsheetApp.openById(id);
      this.spreadsheets.set(id, ss);
    }
    return ss;
  }

  private requireSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, name: string, what: string): GoogleAppsScript.Spreadsheet.Sheet {
    const sheet = ss.getSheetByName(name);
    if (!sheet) throw new Error(`The ${what} has no "${name}" tab: the owner should run setup to repair it.`);
    return sheet;
  }

  /** Reads where the audit rows go (getLastRow, grid size) and returns the write to run. */
  private prepareAudit(): { rows: number; apply(): void } {
    if (!this.auditRows.length) return { rows: 0, apply: () => undefined };
    const sheet = this.requireSheet(this.registrySpreadsheet(), REGISTRY_TAB.audit, 'private registry');
    const rows = this.auditRows.splice(0).map((row) => row.map((v) => (v.length >= 50000 ? v.slice(0, 49000) : v)));
    const start = Math.max(sheet.getLastRow(), 1) + 1;
    const end = start + rows.length - 1;
    const maxRows = sheet.getMaxRows();
    const maxColumns = end > maxRows ? sheet.getMaxColumns() : 0;
    return {
      rows: rows.length,
      apply: () => {
        if (end > maxRows) {
          const added = end - maxRows + 500;
          sheet.insertRowsAfter(maxRows, added);
          sheet.getRange(maxRows + 1, 1, added, maxColumns).setNumberFormat('@');
        }
        sheet.getRange(start, 1, rows.length, rows[0].length).setValues(rows);
      },
    };
  }
}

export { caseIdOfKey, hashText };

/** xorshift128 seeded from a UUID's 128 bits: reproducible under the emulator's seeded getUuid. */
export function seededRandom(uuid: string): () => number {
  const hex = (uuid.replace(/[^0-9a-f]/gi, '') + '0'.repeat(32)).slice(0, 32);
  const state = [0, 8, 16, 24].map((i) => parseInt(hex.slice(i, i + 8), 16) >>> 0);
  if (!state.some((s) => s !== 0)) state[0] = 1;
  return () => {
    let t = state[3];
    const s = state[0];
    state[3] = state[2];
    state[2] = state[1];
    state[1] = s;
    t ^= t << 11;
    t ^= t >>> 8;
    state[0] = (t ^ s ^ (s >>> 19)) >>> 0;
    return state[0] / 4294967296;
  };
}
