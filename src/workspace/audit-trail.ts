// The registry `Audit` tab's new rows for one execution: kept in memory and written by the unit of work's commit, in the same flush as the registry rows they describe.
import type { Clock } from './clock';
import { redactAddresses } from './errors';

/** `At`, `Actor`, `Event`, `Case ID`, `Detail`. */
export type AuditRow = [string, string, string, string, string];

export class AuditTrail {
  private readonly rows: AuditRow[] = [];

  /** `actor` is who acts (`form`, `sweep`, `owner`, `web:<member id>`, …), never a name or address. */
  constructor(
    private readonly clock: Clock,
    readonly actor: string,
  ) {}

  /** Appends to the registry `Audit` tab at commit. `detail` must hold no names, addresses or report text. */
  record(event: string, caseId: string, detail: string): void {
    // Details often carry a service's error text, and some of those name the address that failed.
    this.rows.push([
      this.clock.nowIso(),
      this.actor,
      event,
      caseId || '-',
      redactAddresses(String(detail ?? '')).slice(0, 1000),
    ]);
  }

  /** The rows recorded since the last commit, handed over to be written (the trail is empty afterwards). */
  drain(): AuditRow[] {
    return this.rows.splice(0);
  }
}

/** Appends an Audit row for the execution `ctx` (`AuditTrail.record`): one short call for the many places that record. */
export function recordAudit(ctx: { audit: AuditTrail }, event: string, caseId: string, detail: string): void {
  ctx.audit.record(event, caseId, detail);
}
