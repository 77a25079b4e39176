// Installable triggers: exactly one per handler (form submit, hourly sweep, status-sheet edit and change), repaired by setup and by the sweep's health check, and the one-off run when the day's mail quota comes back.
import { HANDLER } from './schema';

/** Where the triggers must point. */
export interface TriggerTargets {
  formId: string;
  statusSpreadsheetId: string;
}

/** What ensureTriggers did: handlers it created and how many stray or duplicate triggers it deleted. */
export interface TriggerReport {
  created: string[];
  deleted: number;
  kept: string[];
  /** One-off quota wake-ups removed because they had run or were no longer wanted (ours: nobody is told). */
  wakeupsRemoved?: number;
}

interface Wanted {
  handler: string;
  eventType: string;
  sourceId: string | null;
  create(): void;
}

/** Hours between sweeps. */
export const SWEEP_EVERY_HOURS = 1;

function wantedTriggers(targets: TriggerTargets): Wanted[] {
  return [
    {
      handler: HANDLER.reportSubmit,
      eventType: String(ScriptApp.EventType.ON_FORM_SUBMIT),
      sourceId: targets.formId,
      create: () => ScriptApp.newTrigger(HANDLER.reportSubmit).forForm(targets.formId).onFormSubmit().create(),
    },
    {
      handler: HANDLER.sweep,
      eventType: String(ScriptApp.EventType.CLOCK),
      sourceId: null,
      create: () => ScriptApp.newTrigger(HANDLER.sweep).timeBased().everyHours(SWEEP_EVERY_HOURS).create(),
    },
    {
      handler: HANDLER.statusEdit,
      eventType: String(ScriptApp.EventType.ON_EDIT),
      sourceId: targets.statusSpreadsheetId,
      create: () =>
        ScriptApp.newTrigger(HANDLER.statusEdit).forSpreadsheet(targets.statusSpreadsheetId).onEdit().create(),
    },
    {
      // A deleted row or tab reaches no onEdit trigger: only onChange hears a change of structure.
      handler: HANDLER.statusChange,
      eventType: String(ScriptApp.EventType.ON_CHANGE),
      sourceId: targets.statusSpreadsheetId,
      create: () =>
        ScriptApp.newTrigger(HANDLER.statusChange).forSpreadsheet(targets.statusSpreadsheetId).onChange().create(),
    },
  ];
}

/**
 * Makes the project's triggers exactly one per handler, each on the right source: keeps the first that
 * matches, deletes duplicates and ones pointing elsewhere (duplicate triggers are the classic cause of
 * double form-submit events, R1), creates what is missing. One getProjectTriggers read; writes only for drift.
 * Triggers of handlers this project does not know are left alone.
 */
export function ensureTriggers(
  targets: TriggerTargets,
  keepWakeup = '',
  /** Told what the report will say before each change it makes (a run dying right after one still owes its alert). */
  before?: (report: TriggerReport) => void,
  /** Filled as each change is made: a caller whose ScriptApp call failed part way still knows what was done. */
  report: TriggerReport = { created: [], deleted: 0, kept: [] },
): TriggerReport {
  const wanted = wantedTriggers(targets);
  const existing = ScriptApp.getProjectTriggers();
  const satisfied = new Set<string>();
  for (const trigger of existing) {
    const handler = trigger.getHandlerFunction();
    // The quota wake-up still to run is kept; any other (it ran, or was replaced) goes. A one-off trigger may stay
    // listed after it ran (Google documents no removal), and each counts towards the 20 triggers a script may have.
    if (handler === HANDLER.quotaWakeup) {
      if (keepWakeup && trigger.getUniqueId() === keepWakeup) continue;
      ScriptApp.deleteTrigger(trigger);
      report.wakeupsRemoved = (report.wakeupsRemoved ?? 0) + 1;
      continue;
    }
    const want = wanted.find((w) => w.handler === handler);
    if (!want) continue;
    if (matches(trigger, want) && !satisfied.has(handler)) {
      satisfied.add(handler);
      report.kept.push(handler);
      continue;
    }
    before?.({ ...report, deleted: report.deleted + 1 });
    ScriptApp.deleteTrigger(trigger);
    report.deleted++;
  }
  for (const want of wanted) {
    if (satisfied.has(want.handler)) continue;
    before?.({ ...report, created: [...report.created, want.handler] });
    want.create();
    report.created.push(want.handler);
  }
  return report;
}

function matches(trigger: GoogleAppsScript.Script.Trigger, want: Wanted): boolean {
  return (
    String(trigger.getEventType()) === want.eventType &&
    (want.sourceId === null || String(trigger.getTriggerSourceId()) === want.sourceId)
  );
}

/**
 * What ensureTriggers would repair, without repairing it (selfTest): per handler, a missing trigger or more than
 * one, and any of ours on the wrong event or file. Empty when there is exactly one right trigger per handler.
 */
export function triggerProblems(targets: TriggerTargets): string[] {
  const wanted = wantedTriggers(targets);
  const right = new Map<string, number>();
  const problems: string[] = [];
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const want = wanted.find((w) => w.handler === trigger.getHandlerFunction());
    if (!want) continue;
    if (matches(trigger, want)) right.set(want.handler, (right.get(want.handler) ?? 0) + 1);
    else problems.push(`${want.handler} on the wrong event or file`);
  }
  for (const { handler } of wanted) {
    const n = right.get(handler) ?? 0;
    if (n !== 1) problems.unshift(n ? `${n} triggers for ${handler}` : `no trigger for ${handler}`);
  }
  return problems;
}

/**
 * A one-off run of `mailAtQuotaReset_` at `at` (ms): mail left waiting for the day's quota goes the minute the quota
 * comes back, not with the first hourly sweep after it, up to an hour later. Returns the trigger's unique id.
 */
export function createQuotaWakeup(at: number): string {
  return ScriptApp.newTrigger(HANDLER.quotaWakeup).timeBased().at(new Date(at)).create().getUniqueId();
}

/** Deletes every trigger of this project's handlers (uninstall). Returns how many were deleted. */
export function removeTriggers(): number {
  const ours = new Set<string>(Object.values(HANDLER));
  let deleted = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (!ours.has(trigger.getHandlerFunction())) continue;
    ScriptApp.deleteTrigger(trigger);
    deleted++;
  }
  return deleted;
}
