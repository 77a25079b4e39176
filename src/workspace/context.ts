// One execution's view of the committee's Workspace: a small façade holding its parts (properties, clock, audit trail, unit of work, committee, links, outbox), each with one job (docs/architecture.md "Execution protocol").
import { useVoice, type Voice } from '../core/messages';
import { AuditTrail } from './audit-trail';
import { Clock, DEFAULT_TIME_BUDGET_MS, DOC_SAVE_MS, TimeBudget } from './clock';
import { Committee } from './committee';
import { Links } from './links';
import { Outbox } from './outbox';
import { ScriptProperties, readProp } from './script-properties';
import { PROP } from './schema';
import { UnitOfWork } from './unit-of-work';

export interface ContextOptions {
  /** Who acts, for the audit log: `form`, `sweep`, `owner`, `web:<member id>`, … (never a name or address). */
  actor?: string;
  /** When the execution started (before waiting for the lock); default now. */
  startedAt?: number;
  budgetMs?: number;
}

/**
 * The per-execution Context. Open it after taking the script lock. It only builds the parts and hands each the
 * others it needs; the work is theirs: `ctx.work` reads tabs and Docs and commits them, `ctx.outbox` queues and
 * delivers mail, `ctx.links` signs and checks links, `ctx.committee` knows the members and Settings, `ctx.clock`
 * the time and ids, `ctx.audit` the Audit rows, `ctx.properties` the Script Properties.
 */
export class Context {
  readonly actor: string;
  /** Script Properties, read once here (`getProperties`) and kept in step with every write. */
  readonly properties: ScriptProperties;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  readonly work: UnitOfWork;
  readonly timeBudget: TimeBudget;
  readonly committee: Committee;
  readonly links: Links;
  readonly outbox: Outbox;

  private constructor(options: ContextOptions) {
    this.actor = options.actor ?? 'system';
    this.properties = new ScriptProperties(PropertiesService.getScriptProperties());
    // The time zone is the status spreadsheet's, read only when a flow formats a date for members.
    this.clock = new Clock(
      () => Utilities.getUuid(),
      () => this.work.statusSpreadsheet().getSpreadsheetTimeZone(),
    );
    this.audit = new AuditTrail(this.clock, this.actor);
    // Commit alerts the committee about a status row it could not write; the outbox is built below, before any commit.
    this.work = new UnitOfWork({
      properties: this.properties,
      clock: this.clock,
      audit: this.audit,
      alert: (title, lines, codeName) => this.outbox.alertCommittee(title, lines, codeName),
    });
    this.timeBudget = new TimeBudget(
      options.startedAt ?? Date.now(),
      options.budgetMs ?? DEFAULT_TIME_BUDGET_MS,
      () => this.work.docs.unsavedCount() * DOC_SAVE_MS + this.work.pendingWriteMs(),
    );
    this.committee = new Committee(
      this.work,
      this.clock,
      () => this.properties.get(PROP.owner) ?? '',
      () => this.properties.get(PROP.settingsKept),
    );
    this.links = new Links(
      this.properties,
      this.clock,
      () => ScriptApp.getService().getUrl(),
      (line) => this.log(line),
    );
    this.outbox = new Outbox({
      work: this.work,
      properties: this.properties,
      clock: this.clock,
      audit: this.audit,
      committee: this.committee,
      budget: this.timeBudget,
    });
  }

  /** Opens the Context for this execution: reads every Script Property once. */
  static open(options: ContextOptions = {}): Context {
    const ctx = new Context(options);
    useVoice(parseVoice(readProp(ctx, PROP.voice)));
    return ctx;
  }

  /** A line for the execution log (Logger). Never pass names, addresses or report text. */
  log(line: string): void {
    console.log(line);
  }
}

/** The stored names (Script Property `voice`); null when absent or damaged (the defaults apply). */
export function parseVoice(raw: string | undefined | null): Partial<Voice> | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const out: Partial<Voice> = {};
    if (typeof v.committee === 'string' && v.committee) out.committee = v.committee;
    if (typeof v.community === 'string' && v.community) out.community = v.community;
    return out;
  } catch {
    return null;
  }
}

/**
 * The committee account's address as setup recorded it (Script Property `owner`); undefined before setup. One short
 * call in place of the property read at each of the many places that need it keeps the minified bundle smaller.
 */
export function ownerAddressOf(ctx: { readonly properties: ScriptProperties }): string | undefined {
  return readProp(ctx, PROP.owner);
}
