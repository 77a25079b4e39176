// The workbench's one entry: the local Google Workspace (emulator/) and the simulated people who act through mailboxes, links and pages (people/), as the tests, the scenario runner and the benchmark use them.
//
// Everything outside workbench/ imports it from here (a lint rule); only the workbench's own conformance tests
// (test/workbench/) reach its files. src/ knows nothing of it: the bundle runs on Google, where it does not exist.

// The emulator: the Workspace facade, the runtime kernel, forks of a set-up Workspace, and the shared types.
export { Workspace, DEFAULT_WEB_APP_URL, EMULATED_SCRIPT_ID } from './emulator/workspace';
export type { DataWorldFactory, WorkspaceDeps } from './emulator/workspace';
export {
  Runtime,
  GasException,
  guard,
  createRandom,
  describeError,
  DEFAULT_LATENCY,
  EXECUTION_LIMIT_MS,
  MAX_EXECUTION_TIME_MESSAGE,
  takeFaultsNeverMatched,
} from './emulator/runtime';
export {
  COST_SOURCES,
  LOCAL_CALL_MS,
  PUBLISHED_CELL_LATENCY,
  PUBLISHED_LATENCY,
  latencySource,
} from './emulator/cost-model';
export type {
  ExecutionInfo,
  ExecutionKind,
  ExecutionRecord,
  FaultSpec,
  LatencyModel,
  RuntimeOptions,
  CallOptions,
} from './emulator/runtime';
export type * from './emulator/contracts';
export type { LogLine } from './emulator/logging';
export { QUOTA_MESSAGE as MAIL_QUOTA_MESSAGE, MAIL_LIMITS } from './emulator/mail-app';
export { DAILY_LIMITS } from './emulator/daily-quota';
export { LOCALES, localizeMessage, type Locale } from './emulator/locale';
export { TOO_MANY_TRIGGERS, MAX_TRIGGERS_PER_USER, clockEvent } from './emulator/script-app';
export { htmlOutputOf } from './emulator/html-service';
export { LOCK_TIMEOUT } from './emulator/lock-service';
export { PROPERTY_QUOTA, MAX_VALUE_BYTES, MAX_STORE_BYTES } from './emulator/properties-service';
export { formatJavaDate, parseJavaDate, resolveZone } from './emulator/java-date-format';
export { createTrackedWorkspace, forkWorkspace, ForkError } from './emulator/fork';

// The people: reading a page's forms as a browser would, finding the labelled link in a mailbox, acting on a page, and
// the one driver (Browser) that does all of it as a person: every GET and POST a person makes goes through it.
export {
  choose,
  cloneForm,
  decodeEntities,
  entriesToFields,
  fill,
  formEntries,
  isSubmitter,
  parsePage,
  resolveUrl,
  sanitizeValue,
  tick,
  tokenize,
} from './people/html-forms';
export type { Control, HtmlForm, ParsedPage } from './people/html-forms';
export {
  candidateLinks,
  extractLinks,
  isAddressedTo,
  LINK_LABELS,
  LINK_NAMES,
  linkIsAbout,
  mailboxNewestFirst,
  mentions,
  pickLink,
  splitNames,
} from './people/links';
export type { CaseClue, LinkChoice, LinkKind, MailLike, MailLink, PickOptions } from './people/links';
export { answerForPerson, confirmAsPerson, describePage, findOperation, refusalOf } from './people/person';
export { Browser, offeredOperations, refusalAfter, setField } from './people/browser';
export type { BrowsedWorkspace, BrowserOptions, BrowserRequest, PressOptions, Pressed, Visit } from './people/browser';
