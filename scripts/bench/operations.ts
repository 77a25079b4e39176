// The benchmarked operations, each driven through the real entry points as people and triggers use them (Form submit, signed links GET then POST, the owner's sheet edit, the hourly trigger), with what each one observably did.
import {
  Browser,
  choose,
  clockEvent,
  type ExecutionRecord,
  type ExecutionResult,
  type HtmlForm,
  type LinkKind,
  type Visit,
} from '../../workbench';
import { summarize, type CpuMeter, type Measurement } from './measure';
import { personName, SPACE, type World } from './world';
import { AUDIT_CURSOR_PROP, AUDIT_PASS_PROP } from '../../src/flows/audit';

/** What an operation did that the cost model counts (observed on the workspace, not taken from the code). */
export interface Effects {
  /** Messages that left through MailApp. */
  mails: number;
  /** Recipients of those messages. */
  recipients: number;
  /** Drive shares made (silent or fallback). */
  shares: number;
  /** Docs created by the operation. */
  docsCreated: number;
  /** Existing Docs whose text the operation changed. */
  docsChanged: number;
  /** Access removed from Docs (revocations). */
  revocations: number;
  /** Case Docs the access audit read: alone (Files.get) or on a page of the folder listing (Files.list). */
  docsAudited: number;
}

export interface OperationResult {
  op: OperationName;
  measurement: Measurement;
  effects: Effects;
  /** Checks the benchmark makes on the outcome (a sweep with nothing due sends nothing…); failures are listed. */
  problems: string[];
}

export const OPERATIONS = [
  'intake',
  'screening',
  'roster',
  'onboarding',
  'ballot',
  'ballot-deciding',
  'sweep-idle',
  'sweep-hourly',
  'sweep-due',
  'audit',
  'page',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

export const OPERATION_LABELS: Record<OperationName, string> = {
  intake: 'intake (form submit)',
  screening: 'screening answer (GET + POST no-conflict)',
  roster: 'roster sync (owner adds a member)',
  onboarding: 'onboarding answer (GET + POST, all no-conflict)',
  ballot: 'ballot (GET + POST, vote stays open)',
  'ballot-deciding': 'ballot that decides the vote (GET + POST)',
  'sweep-idle': "sweep, nothing due (a run of the access audit's full pass)",
  'sweep-hourly': 'sweep, nothing due, between audit passes (the typical hour)',
  'sweep-due': 'sweep, many cases due (+7 days)',
  audit: 'access audit (share of the idle sweep)',
  page: "a member's page (GET of the screening page)",
};

function expectOk(result: ExecutionResult | { record: ExecutionRecord; error?: unknown }, what: string): void {
  if (result.record.outcome !== 'ok')
    throw new Error(`bench: ${what} ended ${result.record.outcome}: ${result.record.error}`);
}

/** Counts of what the workspace holds, to tell what an operation changed. */
interface Marks {
  mails: number;
  shares: number;
  docs: Map<string, string>;
  revokes: number;
}

/** Every case Doc's text as the owner sees it (cheap: no access-history walk, unlike the full snapshot). */
function docFingerprints(world: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of world.docIds) out.set(id, world.ws.data.ui.openDoc(world.ws.owner, id));
  return out;
}

/** Learns the Docs intake created from the registry's `Doc ID` column. */
function refreshDocIds(world: World): void {
  const rows = world.ws.data.sheet(world.ids.registry, 'Cases').rows;
  const col = rows[0].indexOf('Doc ID');
  const known = new Set(world.docIds);
  for (const row of rows.slice(1)) {
    const id = String(row[col] ?? '');
    if (id && !known.has(id)) world.docIds.push(id);
  }
}

function mark(world: World): Marks {
  const history = world.ws.data.accessHistory();
  return {
    mails: world.ws.mail().length,
    shares: world.ws.data.shares().length,
    docs: docFingerprints(world),
    revokes: history.filter((e) => e.change === 'revoke' && e.principal !== 'anyone' && e.principal !== 'domain')
      .length,
  };
}

function effectsSince(world: World, before: Marks, measurement: Measurement): Effects {
  const after = mark(world);
  const mails = world.ws.mail().slice(before.mails);
  let docsChanged = 0;
  for (const [id, print] of after.docs) if (before.docs.get(id) !== print) docsChanged++;
  const docsCreated = measurement.calls['DocumentApp.create'] ?? 0;
  if (docsCreated) refreshDocIds(world);
  return {
    mails: mails.length,
    recipients: mails.reduce((n, m) => n + m.to.length + m.cc.length + m.bcc.length, 0),
    shares: after.shares - before.shares,
    docsCreated,
    docsChanged,
    revocations: after.revokes - before.revokes,
    // The audit reads Docs 100 to a listing page, or alone with Files.get (the stores it reads are not Docs).
    docsAudited: docsRead(world, measurement.records),
  };
}

/** The case Docs the executions read with Drive's Files.get or saw on a page of Files.list. */
function docsRead(world: World, records: ExecutionRecord[]): number {
  const docs = new Set(world.docIds);
  let n = 0;
  for (const record of records)
    for (const [id, count] of Object.entries(record.filesRead)) if (docs.has(id)) n += count;
  return n;
}

/** Runs `body` (which returns the execution records it caused) as one measured operation. */
function measureOp(world: World, meter: CpuMeter, op: OperationName, body: () => ExecutionRecord[]): OperationResult {
  const before = mark(world);
  const { value: records, cpu } = meter.time(body);
  const measurement = summarize(world.ws, records, cpu);
  return { op, measurement, effects: effectsSince(world, before, measurement), problems: [] };
}

// ---------------------------------------------------------------------------------------------------
// People in a browser

/** The person's browser on this world's web app (the workbench's one driver: every GET and POST goes through it). */
function browserOf(world: World): Browser {
  return new Browser(world.ws);
}

function newestLink(world: World, person: string, kind: LinkKind): string {
  const link = browserOf(world).findLink(person, kind);
  if (!link) throw new Error(`bench: ${person} has no "${kind}" link in their mail`);
  return link.url;
}

function get(world: World, url: string): Visit {
  const visit = browserOf(world).open(url);
  expectOk(visit.response, `GET ${url.slice(0, 60)}`);
  return visit;
}

/** Presses the button for `op` on the page as a person would: ticks the confirmation box, fills what `fill` says. */
function post(world: World, shown: Visit, op: string, fill?: (form: HtmlForm) => void): Visit {
  const pressed = browserOf(world).press(shown, op, { fill });
  if (!pressed.submitted) throw new Error(`bench: the page "${shown.page.title}" has no "${op}" form`);
  expectOk(pressed.visit.response, `POST ${op}`);
  const result = pressed.visit.page;
  if (result.outcome === 'refused' || /not valid|went wrong/i.test(result.title)) {
    throw new Error(`bench: POST ${op} was refused: ${result.title} ${result.alerts.join(' ')}`);
  }
  return pressed.visit;
}

// ---------------------------------------------------------------------------------------------------
// The operations

/** A new report through the Form; the submit trigger runs intake. */
export function runIntake(world: World, meter: CpuMeter): OperationResult {
  // Counted per world: a module-wide counter made each world's report (and its cells) depend on the worlds before it.
  const reportCounter = ++world.reports;
  const answers = {
    'Your name': personName(900000 + reportCounter, 29),
    'Your email address': `new-reporter${reportCounter}@example.net`,
    'Who was involved?': personName(900000 + reportCounter, 31),
    'Where did it happen?': SPACE,
    'When did it happen?': 'Yesterday evening',
    'What happened?':
      'A long description of what happened in the community space, in the reporter\u2019s own words. '.repeat(8),
    'Is anyone in immediate danger?': 'No',
  };
  const result = measureOp(world, meter, 'intake', () => {
    const { results } = world.ws.submitForm(answers);
    if (results.length !== 1) throw new Error(`bench: the form has ${results.length} submit triggers`);
    expectOk(results[0], 'intake');
    return results.map((r) => r.record);
  });
  const want = world.spec.members + 1;
  if (result.effects.mails !== want)
    result.problems.push(`intake sent ${result.effects.mails} messages, expected ${want}`);
  return result;
}

/** A member answers "no conflict" for the newest case through their screening link (GET the page, POST the confirmation). */
export function runScreening(world: World, meter: CpuMeter, memberIndex = 0): OperationResult {
  const member = world.members[memberIndex];
  const result = measureOp(world, meter, 'screening', () => {
    const url = newestLink(world, member.email, 'no-conflict');
    const shown = get(world, url);
    const done = post(world, shown, 'no-conflict');
    return [shown.response.record, done.response.record];
  });
  if (result.effects.shares !== 1) result.problems.push(`the answer made ${result.effects.shares} shares, expected 1`);
  return result;
}

/** A member opens their screening page for the newest case (GET only): what a member waits for. */
export function runPage(world: World, meter: CpuMeter, memberIndex = 0): OperationResult {
  const member = world.members[memberIndex];
  return measureOp(world, meter, 'page', () => [
    get(world, newestLink(world, member.email, 'no-conflict')).response.record,
  ]);
}

/** The owner adds a member to `Committee`: the row's cells are typed, the last one (Active) fires the roster sync. */
export function runRoster(world: World, meter: CpuMeter, index: number): { result: OperationResult; email: string } {
  const email = `newcomer${index}@example.org`;
  const rows = world.ws.data.sheet(world.ids.status, 'Committee').rows.length;
  const row = rows + 1;
  const ui = world.ws.data.ui;
  ui.editCell(world.ws.owner, world.ids.status, 'Committee', row, 1, personName(800000 + index, 37));
  ui.editCell(world.ws.owner, world.ids.status, 'Committee', row, 2, email);
  ui.editCell(world.ws.owner, world.ids.status, 'Committee', row, 3, 'voting');
  const result = measureOp(world, meter, 'roster', () => {
    const results = world.ws.editCell(world.ws.owner, world.ids.status, 'Committee', row, 4, true);
    results.forEach((r) => expectOk(r, 'roster sync'));
    return results.map((r) => r.record);
  });
  if (result.effects.mails !== 1)
    result.problems.push(`the roster sync sent ${result.effects.mails} messages, expected 1 onboarding email`);
  return { result, email };
}

/** The new member opens the onboarding link and answers "no conflict" for every reported person. */
export function runOnboarding(world: World, meter: CpuMeter, email: string): OperationResult {
  return measureOp(world, meter, 'onboarding', () => {
    const url = newestLink(world, email, 'onboard');
    const shown = get(world, url);
    const done = post(world, shown, 'onboard', (form) => {
      // "No conflict" in every person's radio group (one pass: thousands of people at 10,000 cases).
      for (const c of form.controls)
        if (c.tag === 'input' && c.type === 'radio' && /^person-/.test(c.name)) c.checked = c.value === 'no-conflict';
    });
    return [shown.response.record, done.response.record];
  });
}

/**
 * The other members answer "conflict" on the newest case (not measured): a vote opens only once every voting member
 * has answered screening or the screening window has passed (issue 14), and the ballots measured need three voters.
 */
export function answerTheRest(world: World, fromIndex: number): void {
  for (const member of world.members.slice(fromIndex)) {
    const url = newestLink(world, member.email, 'conflict');
    post(world, get(world, url), 'conflict');
  }
}

/** Opens a vote on the newest case from member 0's case page (not measured), so ballots can be cast. */
export function openVote(world: World): void {
  const member = world.members[0];
  const url = newestLink(world, member.email, 'case');
  const shown = get(world, url);
  post(world, shown, 'openVote');
}

/** A member casts a ballot through their vote link. */
export function runBallot(
  world: World,
  meter: CpuMeter,
  memberIndex: number,
  op: 'ballot' | 'ballot-deciding',
): OperationResult {
  const member = world.members[memberIndex];
  return measureOp(world, meter, op, () => {
    const url = newestLink(world, member.email, 'vote');
    const shown = get(world, url);
    const done = post(world, shown, 'vote', (form) => choose(form, 'choice', 'approve'));
    return [shown.response.record, done.response.record];
  });
}

function sweepNow(world: World): ExecutionRecord {
  const trigger = world.ws.triggers().find((t) => t.handler === 'sweep_');
  if (!trigger) throw new Error('bench: setup installed no sweep trigger');
  const result = world.ws.run('sweep_', [clockEvent(trigger.uid, world.ws.rt.now())], { kind: 'trigger' });
  expectOk(result, 'sweep_');
  return result.record;
}

/** The hourly trigger in the steady state: nothing is due, so nothing may be sent or written. */
export function runIdleSweep(world: World, meter: CpuMeter): OperationResult {
  const result = measureOp(world, meter, 'sweep-idle', () => [sweepNow(world)]);
  if (result.effects.mails) result.problems.push(`a sweep with nothing due sent ${result.effects.mails} messages`);
  const writes = result.measurement.calls['Range.setValues'] ?? 0;
  if (writes) result.problems.push(`a sweep with nothing due wrote ${writes} ranges`);
  return result;
}

/**
 * Runs unmeasured sweeps (the clock moves only by their own simulated time) until one reads no Doc: the access audit's
 * full pass is done and the next sweeps read only Drive's changes feed. False if it takes more than `maxRuns`.
 */
export function settleAudit(world: World, maxRuns: number): boolean {
  for (let i = 0; i < maxRuns; i++) {
    const calls = sweepNow(world).calls;
    if (!(calls['Drive.Files.get'] ?? 0) && !(calls['Drive.Files.list'] ?? 0)) return true;
  }
  return false;
}

/**
 * The week since the last full pass has gone by: the next sweep starts a new pass at the first case (its stores, then
 * its first batch of Docs). The chores' sweeps may have finished a pass already; the measured run is a pass's first.
 */
export function startAuditPass(world: World): void {
  // Seeding, as the world's rows are: the Script Properties as the product leaves them a week after a pass.
  const script = (world.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
  script.delete(AUDIT_PASS_PROP);
  script.delete(AUDIT_CURSOR_PROP);
}

/**
 * One unmeasured sweep before anything is measured: the product's own weekly and daily chores (the archive moving
 * closed cases' rows, retention, the Form check) bring the seeded world to the state the product keeps, so the
 * measured sweeps have nothing due. Returns the last sweep's record.
 */
export function settleChores(world: World): ExecutionRecord {
  sweepNow(world);
  // A big registry's first archive run may not fit beside the day's other chores: the next sweeps finish it, as
  // they would on the account (at most a few; the measured operations then see the state the product keeps).
  for (let i = 0; i < SETTLE_RUNS && archiveUnsettled(world); i++) sweepNow(world);
  // What the chores told the committee account (a purge warning) stays in its inbox: the next sweep reads it once and
  // notes it (its `Inbox` row, world.ts seedInbox), as the hour after any alert does.
  return sweepNow(world);
}

const SETTLE_RUNS = 12;

/** The archive has not run yet, or a run of it was cut short (`archiving`, src/flows/archive.ts). */
function archiveUnsettled(world: World): boolean {
  const props = world.ws.properties();
  return !props.archivedAt || Boolean(props.archiving);
}

/** The hourly sweep once the audit's pass is done: nothing due, nothing to read but the changes feed. */
export function runHourlySweep(world: World, meter: CpuMeter): OperationResult {
  const result = runIdleSweep(world, meter);
  return { ...result, op: 'sweep-hourly' };
}

/** The Drive part of the idle sweep: the access audit of the Docs it checked this run. */
export function auditShare(world: World, sweep: OperationResult): OperationResult {
  const drive = /^(DriveApp|File|Folder|FileIterator|FolderIterator|Drive)\./;
  const records = sweep.measurement.records.map((r) => ({
    ...r,
    calls: Object.fromEntries(Object.entries(r.calls).filter(([m]) => drive.test(m))),
    simulatedMs: Object.entries(r.calls)
      .filter(([m]) => drive.test(m))
      .reduce((ms, [m, n]) => ms + world.ws.rt.latencyOf(m) * n, 0),
  }));
  // CPU is measured per execution, not per step: the audit's share of it is not known (reported as "-").
  const cpu = { totalMs: Number.NaN, emulatorMs: Number.NaN, loadMs: Number.NaN, bundleMs: Number.NaN };
  const measurement = summarize(world.ws, records, cpu);
  return { op: 'audit', measurement, effects: { ...sweep.effects, mails: 0, recipients: 0 }, problems: [] };
}

/** A week passes without a sweep (the clock jumps): every open case's follow-up period turns, moderators are late. */
export function runDueSweep(world: World, meter: CpuMeter): OperationResult {
  world.ws.rt.setClock(world.ws.rt.now() + 7 * 24 * 3600 * 1000);
  return measureOp(world, meter, 'sweep-due', () => [sweepNow(world)]);
}

/** A member answers "no conflict" through their newest screening link, unmeasured (the mail figures' committees). */
export function answerNoConflict(world: World, email: string): void {
  post(world, get(world, newestLink(world, email, 'no-conflict')), 'no-conflict');
}
