// Test helpers for the data services' conformance tests: a runtime plus a DataWorld, and a way to run code as one execution.

import { Runtime, type ExecutionRecord } from '../../../workbench/emulator/runtime';
import { createDataWorld } from '../../../workbench/emulator/data-services';
import type { DataWorld } from '../../../workbench/emulator/contracts';

export const OWNER = 'conduct@example.org';
export const START = Date.parse('2026-03-02T09:00:00Z');

/** The data services as the bundle sees them, typed against @types/google-apps-script. */
export interface DataGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  DocumentApp: GoogleAppsScript.Document.DocumentApp;
  DriveApp: GoogleAppsScript.Drive.DriveApp;
  Drive: GoogleAppsScript.Drive;
  FormApp: GoogleAppsScript.Forms.FormApp;
}

export interface TestWorld {
  rt: Runtime;
  world: DataWorld;
  /** Runs `body` as one execution of `user` (default the owner); rethrows what it threw. */
  run<T>(body: (g: DataGlobals) => T, user?: string): T;
  /** Like run(), but returns the error and the execution record instead of throwing. */
  attempt<T>(body: (g: DataGlobals) => T, user?: string): { value?: T; error?: unknown; record: ExecutionRecord };
}

export function createTestWorld(
  options: {
    timeZone?: string;
    profile?: 'consumer' | 'workspace';
    latency?: Record<string, number>;
    cellLatency?: Record<string, number>;
  } = {},
): TestWorld {
  const rt = new Runtime({ start: START, latency: options.latency, cellLatency: options.cellLatency });
  const world = createDataWorld(rt, {
    owner: OWNER,
    timeZone: options.timeZone ?? 'Etc/UTC',
    profile: options.profile,
  });
  const globals = world.globals() as unknown as DataGlobals;
  const attempt = <T>(body: (g: DataGlobals) => T, user = OWNER) =>
    rt.runExecution({ kind: 'editor', fn: 'test', activeUser: user, effectiveUser: user }, () => body(globals));
  const run = <T>(body: (g: DataGlobals) => T, user = OWNER): T => {
    const result = attempt(body, user);
    if (result.error !== undefined) throw result.error;
    return result.value as T;
  };
  return { rt, world, run, attempt };
}

/** The message of what `fn` throws (fails the test if it does not throw). */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}
