// Scenario file format (DESIGN §9, docs/scenarios.md): zod schemas, and validation that names the bad field.
import { z } from 'zod';
import { DOC_SECTIONS } from '../../src/core/case-model';
import { FORM_ITEMS } from '../../src/core/report';
import { LOCALES, resolveZone } from '../../workbench';
import { describeAt, findDuplicateNames, locateJsonError } from './json-syntax';
import { checkPeople } from './people';

/** The Form's item titles (DESIGN §3.1), from the product's own Form definition: scenarios answer the report Form by these. */
export const FORM_TITLES: readonly string[] = FORM_ITEMS.map((item) => item.title);

/** The case Doc's section headings (DESIGN §2), in order: the product's own list. */
export { DOC_SECTIONS };

export const DEFAULT_START = '2026-03-02T09:00:00Z';

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:w|d|h|m|s))+$/;
const DURATION_PART_RE = /(\d+(?:\.\d+)?)(w|d|h|m|s)/g;
const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** "2h", "1d", "30m", "1w", "1d12h" → milliseconds. Throws on anything else. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (!DURATION_RE.test(trimmed)) throw new Error(`not a duration: ${text}`);
  let total = 0;
  for (const m of trimmed.matchAll(DURATION_PART_RE)) total += Number(m[1]) * UNIT_MS[m[2]];
  return Math.round(total);
}

/** True for a day on the calendar: Date.parse takes 2026-02-30 as March 2, so the date must survive a round trip. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toISOString().startsWith(text.slice(0, 10));
}

const isoInstant = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)) &&
      isCalendarDate(s),
    {
      message: 'must be an ISO instant with a zone, like 2026-03-02T09:00:00Z',
    },
  );

/** A zone the script can run in: what the emulator's Session and Utilities resolve (IANA names, GMT±hh:mm). */
function isTimeZone(zone: string): boolean {
  try {
    resolveZone(zone);
    return true;
  } catch {
    return false;
  }
}
const email = z.email({ message: 'must be an email address' });
const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });
const duration = z.string().regex(DURATION_RE, { message: 'must be a duration like 30m, 2h, 1d, 1w or 1d12h' });
const caseNumber = z.number().int().min(1);
const cellValue = z.union([z.string(), z.number(), z.boolean()], {
  message: 'must be a string, a number or true/false',
});
const role = z.enum(['voting', 'adviser']);

const memberSchema = z
  .object({
    name: nonEmpty,
    email,
    role: role.default('voting'),
    active: z.boolean().default(true),
  })
  .strict();

const spaceSchema = z
  .object({
    name: nonEmpty.refine((s) => !s.includes(','), { message: 'must not contain a comma' }),
    moderators: z.array(email),
  })
  .strict();

const settingsSchema = z
  .object({
    acknowledgeWithinHours: z.number().positive().optional(),
    followUpWithinDays: z.number().positive().optional(),
    moderatorsWithinDays: z.number().positive().optional(),
    /** Any other `Settings` row, by its `Setting` text (e.g. "Escalation contact"). */
    rows: z.record(z.string().min(1), cellValue).optional(),
  })
  .strict();

const faultSchema = z
  .object({
    call: nonEmpty,
    nth: z.number().int().min(1).optional(),
    times: z.number().int().min(1).optional(),
    chance: z.number().min(0).max(1).optional(),
    message: z.string().optional(),
    kill: z.boolean().optional(),
    after: z.boolean().optional(),
  })
  .strict()
  .refine((f) => (f.nth === undefined) !== (f.chance === undefined), {
    message: 'needs exactly one of nth or chance',
  });

const reportAnswers = z
  .record(z.string(), z.union([z.string(), z.array(z.string())], { message: 'must be a string or a list of strings' }))
  .superRefine((answers, ctx) => {
    for (const title of Object.keys(answers)) {
      if (!(FORM_TITLES as readonly string[]).includes(title)) {
        ctx.addIssue({
          code: 'custom',
          path: [title],
          message: `is not a question on the report Form (questions: ${FORM_TITLES.join('; ')})`,
        });
      }
    }
  });

const memberCase = { member: email, case: caseNumber };

/** One schema per action; the key is the step's action name (a contract, DESIGN §9). */
export const ACTION_SCHEMAS = {
  report: reportAnswers,
  blankEvent: z.literal(true),
  respond: z.object({ ...memberCase, answer: z.enum(['no-conflict', 'conflict']) }).strict(),
  openVote: z.object(memberCase).strict(),
  vote: z.object({ ...memberCase, choice: z.enum(['approve', 'reject', 'abstain']) }).strict(),
  writeDoc: z.object({ ...memberCase, section: z.enum(DOC_SECTIONS), text: z.string() }).strict(),
  sendRecommendation: z.object(memberCase).strict(),
  moderatorReply: z
    .object({
      moderator: email,
      case: caseNumber,
      answer: z.enum(['accept', 'disagree']),
      details: z.string().optional(),
    })
    .strict(),
  // `to` is what a person types on the page, so it is deliberately any text (hostile scenarios try header injection).
  sendLetter: z.object({ ...memberCase, to: nonEmpty }).strict(),
  sendFollowUp: z.object(memberCase).strict(),
  /** A case-page action that has no step of its own, by the `op` the page's form carries. */
  caseAction: z
    .object({
      ...memberCase,
      op: z.enum([
        'bad-faith',
        'close-no-violation',
        'record-override',
        'escalate',
        'conflict',
        'held-sent',
        'held-resend',
        'new-round',
        'confirm-status',
        'restore-status',
        'waive-follow-up',
        'forget-reporter',
        'confirm-risk',
      ]),
    })
    .strict(),
  edit: z
    .object({
      tab: nonEmpty,
      case: caseNumber.optional(),
      member: email.optional(),
      setting: nonEmpty.optional(),
      row: z.number().int().min(1).optional(),
      column: nonEmpty,
      /** One value types one cell; a list of rows pastes a block with its top-left corner there (one edit event). */
      value: z.union([cellValue, z.array(z.array(cellValue).min(1)).min(1)], {
        message: 'must be a string, a number or true/false, or a list of rows of them (a paste)',
      }),
      as: email.optional(),
    })
    .strict()
    .refine((e) => [e.case, e.member, e.setting, e.row].filter((v) => v !== undefined).length === 1, {
      message: 'needs exactly one of case, member, setting or row to find the row',
    })
    .refine((e) => !Array.isArray(e.value) || e.value.every((r) => r.length === (e.value as unknown[][])[0].length), {
      message: 'a pasted block needs rows of the same length',
    }),
  /** A person sorts a tab of the status spreadsheet by one column (the header row stays put). */
  sort: z
    .object({
      tab: nonEmpty,
      column: z.union([nonEmpty, z.number().int().min(1)]),
      ascending: z.boolean().default(true),
      as: email.optional(),
    })
    .strict(),
  /** A person inserts a blank row before sheet row `row` (2 = right under the header). */
  insertRow: z.object({ tab: nonEmpty, row: z.number().int().min(2), as: email.optional() }).strict(),
  /** A person deletes sheet row `row` (the header, row 1, cannot be deleted this way). */
  deleteRow: z.object({ tab: nonEmpty, row: z.number().int().min(2), as: email.optional() }).strict(),
  /**
   * Someone changes a store's sharing in Drive's Share dialog (DESIGN §9): `with` an address (notified, as the dialog
   * does by default) or `anyone` (Anyone with the link). `case` names the case whose Doc is shared (`file: "doc"`).
   */
  share: z
    .object({
      as: email,
      file: z.enum(['registry', 'status', 'form', 'folder', 'doc']),
      case: caseNumber.optional(),
      with: z.union([z.literal('anyone'), email]),
      role: z.enum(['reader', 'writer']),
    })
    .strict()
    .refine((e) => (e.file === 'doc') === (e.case !== undefined), {
      message: 'needs case exactly when file is "doc"',
    }),
  addMember: memberSchema,
  onboard: z
    .object({
      member: email,
      noConflict: z.array(nonEmpty).default([]),
      conflict: z.array(nonEmpty).default([]),
    })
    .strict(),
  scan: z.object({ member: email }).strict(),
  /** The owner runs `setup` again from the Apps Script editor (it is safe to re-run; it brings the Form up to date with Settings). */
  setup: z.literal(true),
  /**
   * The owner runs `selfTest` from the Apps Script editor; `address` is the address it shares a throwaway file with
   * (the first active member when absent). Its printed lines go to state.json `selfTest`.
   */
  selfTest: z.object({ address: email.optional() }).strict(),
  /**
   * A cleared member calls a meeting of the members cleared for the case from its case page: `start` (typed into
   * the page as wall-clock time in the script's time zone, as a person would) and its length in `minutes`.
   */
  callMeeting: z.object({ ...memberCase, start: isoInstant, minutes: z.number().int().min(5).max(480) }).strict(),
  /**
   * A voting member proposes a change to the Code of Conduct or the enforcement procedure (DESIGN §9), from the
   * `Propose a change` link of their welcome email: a title, the text and a brainstorming time of 3 to 7 days.
   */
  proposeChange: z
    .object({ member: email, title: nonEmpty, text: nonEmpty, days: z.number().int().min(3).max(7) })
    .strict(),
  /**
   * A member records a report they received by email or in person (DESIGN §9), from the `Record a report` link of
   * their welcome email: `answers` keyed by the Form's item titles, as `report`; `conflict` ticks "I have a conflict
   * of interest in this report". It becomes the next case number, as a `report` does.
   */
  recordReport: z.object({ member: email, answers: reportAnswers, conflict: z.boolean().optional() }).strict(),
  /**
   * A person replies to an email they received (DESIGN §9): the newest email to `from` whose subject contains
   * `about` (case-insensitive), answered to its Reply-To, else its sender, with `text` above the quoted original as
   * Gmail writes it. Replies to the committee account are filed by the next sweep (src/flows/replies.ts).
   */
  reply: z.object({ from: email, about: nonEmpty, text: nonEmpty }).strict(),
  /** A voting member votes on proposal `n` (numbered from 1), from the `Proposal` link of its newest email. */
  changeVote: z
    .object({ member: email, proposal: z.number().int().min(1), choice: z.enum(['approve', 'reject', 'abstain']) })
    .strict(),
} as const;

export type ActionName = keyof typeof ACTION_SCHEMAS;
export const ACTION_NAMES = Object.keys(ACTION_SCHEMAS) as ActionName[];
type ActionPayload<A extends ActionName> = z.output<(typeof ACTION_SCHEMAS)[A]>;

/** A validated step: an optional wait, then at most one action. */
export type Step = {
  index: number;
  after?: string;
  at?: string;
  note?: string;
  deliveries?: number;
} & ({ action: null } | { [A in ActionName]: { action: A; payload: ActionPayload<A> } }[ActionName]);

const STEP_KEYS = ['after', 'at', 'note', 'deliveries'] as const;
const stepCommon = z.object({
  after: duration.optional(),
  at: isoInstant.optional(),
  note: z.string().optional(),
  deliveries: z.number().int().min(1).optional(),
});

const topSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    start: isoInstant.default(DEFAULT_START),
    owner: email,
    timeZone: nonEmpty
      .superRefine((zone, ctx) => {
        if (!isTimeZone(zone))
          ctx.addIssue({
            code: 'custom',
            message: `${zone} is not a time zone Apps Script knows (an IANA name, like Europe/Paris or America/New_York)`,
          });
      })
      .optional(),
    committee: z.array(memberSchema).default([]),
    spaces: z.array(spaceSchema).default([]),
    settings: settingsSchema.optional(),
    faults: z.array(faultSchema).default([]),
    latency: z.record(z.string(), z.number().min(0)).optional(),
    profile: z.enum(['consumer', 'workspace']).optional(),
    locale: z.enum(LOCALES).optional(),
    mailQuota: z.number().int().min(0).optional(),
    seed: z.number().int().optional(),
    noGoogleAccount: z.array(email).default([]),
    steps: z.array(z.unknown()),
  })
  .strict();

export type Member = z.output<typeof memberSchema>;
export type Space = z.output<typeof spaceSchema>;
export type Scenario = Omit<z.output<typeof topSchema>, 'steps'> & { steps: Step[] };

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`malformed scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** `steps[3].respond.answer`, `report["Who was involved?"]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(scenario)';
}

function describeType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'an object';
    default:
      return expected;
  }
}

interface LooseIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
}

function issueText(issue: LooseIssue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  const where = formatPath(path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [`${where} is required`];
      return [`${where} must be ${describeType(issue.expected ?? '')}`];
    case 'invalid_value':
      if (issue.input === undefined)
        return [`${where} is required (one of ${(issue.values ?? []).map(String).join(', ')})`];
      if (issue.values && issue.values.length === 1) return [`${where} must be ${JSON.stringify(issue.values[0])}`];
      return [`${where} must be one of ${(issue.values ?? []).map(String).join(', ')}`];
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((k) => `${formatPath([...path, k])} is not a known field`);
    case 'too_small':
      if (issue.origin === 'string') return [`${where} must not be empty`];
      if (issue.origin === 'array') return [`${where} must have at least ${String(issue.minimum)} item(s)`];
      return [`${where} must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`];
    case 'too_big':
      return [`${where} must be at most ${String(issue.maximum)}`];
    case 'invalid_format':
      return [`${where} ${issue.message.startsWith('must') ? issue.message : `is not valid (${issue.message})`}`];
    default:
      return [`${where} ${issue.message}`];
  }
}

function issuesOf(result: { success: boolean; error?: { issues: unknown[] } }, prefix: PropertyKey[]): string[] {
  if (result.success || !result.error) return [];
  return result.error.issues.flatMap((i) => issueText(i as LooseIssue, prefix));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseStep(raw: unknown, index: number, reportsBefore: number, problems: string[]): Step | null {
  const prefix: PropertyKey[] = ['steps', index];
  const where = formatPath(prefix);
  if (!isPlainObject(raw)) {
    problems.push(`${where} must be an object`);
    return null;
  }
  const actions = Object.keys(raw).filter((k) => (ACTION_NAMES as string[]).includes(k)) as ActionName[];
  const unknown = Object.keys(raw).filter(
    (k) => !(ACTION_NAMES as string[]).includes(k) && !(STEP_KEYS as readonly string[]).includes(k),
  );
  for (const key of unknown) {
    problems.push(
      `${formatPath([...prefix, key])} is not a known field (a step has after, at, note, and one action: ${ACTION_NAMES.join(', ')})`,
    );
  }
  if (actions.length > 1)
    problems.push(`${where} has several actions (${actions.join(', ')}); put each in its own step`);
  const common = stepCommon.safeParse(raw, { reportInput: true });
  const before = problems.length;
  problems.push(...issuesOf(common, prefix));
  if (raw.after !== undefined && raw.at !== undefined) problems.push(`${where} has both after and at; use one`);
  const action = actions[0];
  if (action === undefined && raw.after === undefined && raw.at === undefined && unknown.length === 0) {
    problems.push(`${where} does nothing: give after, at, or one action (${ACTION_NAMES.join(', ')})`);
  }
  if (raw.deliveries !== undefined && action !== 'report')
    problems.push(`${formatPath([...prefix, 'deliveries'])} only goes with report`);
  let payload: unknown = null;
  if (action !== undefined) {
    const parsed = ACTION_SCHEMAS[action].safeParse(raw[action], { reportInput: true });
    problems.push(...issuesOf(parsed, [...prefix, action]));
    if (parsed.success) {
      payload = parsed.data;
      const caseRef = (parsed.data as { case?: unknown }).case;
      if (typeof caseRef === 'number' && caseRef > reportsBefore) {
        problems.push(
          `${formatPath([...prefix, action, 'case'])} refers to report ${caseRef}, but only ${reportsBefore} report(s) come before this step`,
        );
      }
    }
  }
  if (problems.length > before || !common.success || actions.length > 1) return null;
  const base = {
    index,
    after: common.data.after,
    at: common.data.at,
    note: common.data.note,
    deliveries: common.data.deliveries,
  };
  return (action === undefined ? { ...base, action: null } : { ...base, action, payload }) as Step;
}

/** Validates a parsed JSON value; returns the scenario with defaults filled, or throws ScenarioError listing every problem. */
export function validateScenario(raw: unknown): Scenario {
  const problems: string[] = [];
  if (!isPlainObject(raw)) throw new ScenarioError(['the scenario must be a JSON object']);
  const top = topSchema.safeParse(raw, { reportInput: true });
  problems.push(...issuesOf(top, []));
  const steps: Step[] = [];
  let reports = 0;
  if (Array.isArray(raw.steps)) {
    raw.steps.forEach((rawStep, i) => {
      const step = parseStep(rawStep, i, reports, problems);
      if (isPlainObject(rawStep) && ('report' in rawStep || 'recordReport' in rawStep)) reports += 1;
      if (step) steps.push(step);
    });
  }
  // Duplicates are checked on the raw lists, so they are reported together with any other problem.
  const duplicates = (list: unknown, field: string, listName: string) => {
    if (!Array.isArray(list)) return;
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const value = isPlainObject(item) ? item[field] : undefined;
      if (typeof value !== 'string') return;
      const key = value.trim().toLowerCase();
      if (seen.has(key)) problems.push(`${listName}[${i}].${field} duplicates ${listName}[${seen.get(key)}].${field}`);
      else seen.set(key, i);
    });
  };
  duplicates(raw.committee, 'email', 'committee');
  duplicates(raw.spaces, 'name', 'spaces');
  // Who acts is checked last, on the whole file, because it depends on the order of the steps (addMember).
  problems.push(...checkPeople(raw, ACTION_NAMES));
  if (problems.length > 0 || !top.success) throw new ScenarioError(problems);
  return { ...top.data, steps };
}

/** Parses JSON text (naming the line and column of a syntax error) and validates it. */
export function parseScenarioText(text: string, source = 'scenario'): Scenario {
  // Editors on Windows save a byte-order mark; JSON.parse would call it an unexpected token at line 1.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    throw new ScenarioError([
      `${source} is not valid JSON: ${locateJsonError(body, String((err as { message?: string })?.message ?? err))}`,
    ]);
  }
  // A name given twice (a step copied and half edited) would lose its first value silently: name each, with its line.
  const duplicates = findDuplicateNames(body);
  if (duplicates.length > 0)
    throw new ScenarioError(duplicates.map((d) => `${source}: ${describeAt(body, d.offset, d.message)}`));
  return validateScenario(raw);
}
