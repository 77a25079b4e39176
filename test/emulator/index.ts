// Public entry point of the local Google Workspace emulator: the Workspace facade, the runtime kernel and the shared types.

export { Workspace, DEFAULT_WEB_APP_URL, EMULATED_SCRIPT_ID } from './workspace';
export type { DataWorldFactory, WorkspaceDeps } from './workspace';
export {
  Runtime, GasException, ExecutionKilled, guard, createRandom, describeError, DEFAULT_LATENCY, EXECUTION_LIMIT_MS, MAX_EXECUTION_TIME_MESSAGE,
} from './runtime';
export type { ExecutionInfo, ExecutionKind, ExecutionRecord, FaultSpec, LatencyModel, RuntimeOptions, CallOptions } from './runtime';
export type * from './contracts';
export type { LogLine } from './logging';
export { QUOTA_MESSAGE as MAIL_QUOTA_MESSAGE, MAIL_LIMITS } from './mail-app';
export { TOO_MANY_TRIGGERS, MAX_TRIGGERS_PER_USER } from './script-app';
export { LOCK_TIMEOUT } from './lock-service';
export { PROPERTY_QUOTA, MAX_VALUE_BYTES, MAX_STORE_BYTES } from './properties-service';
export { formatJavaDate, parseJavaDate, resolveZone } from './java-date-format';
