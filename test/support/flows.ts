// The procedure's flows as the crash matrix drives them: one standard committee and report, how to reach the moment before each flow, the flow itself (with the moment its execution starts), and what recovery looks like.
import { choose, fill, type FormAnswers } from '../../workbench';
import type { ReportPeople } from '../integration/invariants';
import { HOUR, Rehearsal, type ActResult, type MemberSpec, type RehearsalOptions } from './rehearsal';

export const ANA: MemberSpec = { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' };
export const BO: MemberSpec = { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' };
export const CY: MemberSpec = { name: 'Cy Park', email: 'cy@example.org', role: 'voting' };
export const DEE: MemberSpec = { name: 'Dee Ford', email: 'dee@example.org', role: 'voting' };
export const EVE: MemberSpec = { name: 'Eve Nolan', email: 'eve@example.org', role: 'voting' };
export const MODS = ['mods@example.org', 'lead-mod@example.org'];
export const SPACE = 'Discourse';
export const ESCALATION = 'board@example.org';
export const BOARD_CONTACT = 'board-secretary@example.org';
export const REPORTED_ADDRESS = 'sam.doe@example.net';

export const COMMITTEE_OPTIONS: RehearsalOptions = {
  spaces: [{ name: SPACE, moderators: MODS }],
  settings: { 'Escalation contact': ESCALATION },
  members: [ANA, BO, CY, DEE],
};

export interface ReportSpec {
  answers: FormAnswers;
  people: ReportPeople;
}

/** The standard report: a reporter with a name and address, one reported person, one witness. */
export const REPORT_ONE: ReportSpec = {
  answers: {
    'Your name': 'Rita Quell',
    'Your email address': 'rita.quell@example.net',
    'Who was involved?': 'Sam Doe',
    'Where did it happen?': SPACE,
    'When did it happen?': 'Last Tuesday during the release call',
    'What happened?': 'Sam Doe mocked my accent in the public channel after I asked him to stop.',
    'Were there witnesses?': 'Wes Tarn',
  },
  people: {
    reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' },
    reported: [{ name: 'Sam Doe', email: REPORTED_ADDRESS }],
    witnesses: [{ name: 'Wes Tarn' }],
  },
};

/** A second, anonymous report about someone else. */
export const REPORT_TWO: ReportSpec = {
  answers: {
    'Who was involved?': 'Max Power',
    'Where did it happen?': SPACE,
    'What happened?': 'Max Power posted insults in a thread.',
  },
  people: { reported: [{ name: 'Max Power' }] },
};

/** Report number `i` of a flood: a reporter address and a made-up reported person, no danger. */
export function reportJunk(r: Rehearsal, i: number): void {
  const name = `Junk Person${String.fromCharCode(65 + i)}`;
  r.report(
    {
      'Your email address': `junk${i}@example.net`,
      'Who was involved?': name,
      'Where did it happen?': SPACE,
      'What happened?': 'Nothing in particular.',
    },
    { reporter: { email: `junk${i}@example.net` }, reported: [{ name }] },
  );
}

/**
 * 26 reports in a few minutes spend a consumer account's mail quota and its reserve (as ADV-420); a genuine report,
 * Rita's about Zed Quorrin, comes 20 minutes after the first. Returns when it came.
 */
export function floodThenReport(r: Rehearsal): number {
  const first = r.ws.rt.now();
  for (let i = 0; i < 26; i++) reportJunk(r, i);
  r.advance(20 * 60_000 - (r.ws.rt.now() - first));
  const at = r.ws.rt.now();
  r.report(
    {
      'Your email address': 'rita@example.net',
      'Who was involved?': 'Zed Quorrin',
      'Where did it happen?': SPACE,
      'What happened?': 'A message in the forum.',
    },
    { reporter: { email: 'rita@example.net' }, reported: [{ name: 'Zed Quorrin' }] },
  );
  return at;
}

export function submit(r: Rehearsal, spec: ReportSpec): void {
  r.report(spec.answers, spec.people);
}

function must(result: { ok: boolean; refusal: string }, what: string): void {
  if (!result.ok) throw new Error(`${what} was refused: ${result.refusal}`);
}

/** Ana, Cy and Dee cleared; the plan, consequences, letter and follow-up written by Ana. */
function deliberating(r: Rehearsal): void {
  submit(r, REPORT_ONE);
  for (const m of [ANA, CY, DEE]) must(r.respond(m.email, 1, 'no-conflict'), `${m.email} no-conflict`);
  r.writeTexts(ANA.email, 1);
}

function votePassed(r: Rehearsal): void {
  deliberating(r);
  must(r.openVote(ANA.email, 1), 'opening the vote');
  // Two of three eligible voters: the vote passes (two-thirds, rounded up) and closes.
  for (const m of [ANA, CY]) must(r.vote(m.email, 1, 'approve'), `${m.email} vote`);
}

/** Case 1's vote passed and the recommendation went to the moderators. */
export function recommendationSent(r: Rehearsal): void {
  votePassed(r);
  must(r.sendRecommendation(ANA.email, 1), 'sending the recommendation');
}

/** As recommendationSent, and every moderator accepted. */
export function moderatorsAccepted(r: Rehearsal): void {
  recommendationSent(r);
  for (const m of MODS) must(r.moderatorReply(m, 1, 'accept'), `${m} accept`);
}

function letterSent(r: Rehearsal): void {
  moderatorsAccepted(r);
  must(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS), 'sending the letter');
}

/** The letter went and the reported person's context is recorded: the committee opens round 2. */
function roundTwoOpened(r: Rehearsal): void {
  letterSent(r);
  r.writeDoc(ANA.email, 1, 'Discussions with the reported person', 'They replied with context about the thread.');
  must(r.caseOp(CY.email, 1, 'new-round'), 'opening round 2');
}

/** Round 2's revised consequences voted and accepted by the moderators: the revised letter is next. */
function roundTwoAccepted(r: Rehearsal): void {
  roundTwoOpened(r);
  r.writeDoc(ANA.email, 1, 'Proposed consequences', 'A reminder of the Code of Conduct, without a formal warning.');
  must(r.openVote(ANA.email, 1), 'opening the round-2 vote');
  for (const m of [ANA, CY]) must(r.vote(m.email, 1, 'approve'), `${m.email} round-2 vote`);
  must(r.sendRecommendation(ANA.email, 1), 'sending the revised recommendation');
  for (const m of MODS) must(r.moderatorReply(m, 1, 'accept'), `${m} accept`);
}

/** Ana proposes a change to the Code of Conduct from her welcome email's `Propose a change` link. */
function proposeChange(r: Rehearsal, options: { beforePost?: () => void } = {}): ActResult {
  return r.act(ANA.email, 'propose', undefined, 'propose', {
    ...options,
    fill: (form) => {
      fill(form, 'title', 'Zorblat clause');
      fill(form, 'text', 'Add a section on zorblat conduct.');
      fill(form, 'days', '3');
    },
  });
}

/** A member's ballot on proposal 1, from the newest `Proposal` link about it in their mail. */
function changeBallot(r: Rehearsal, member: string, options: { beforePost?: () => void } = {}): ActResult {
  const link = r.ws
    .mailTo(member)
    .sort((a, b) => b.seq - a.seq)
    .flatMap((m) => r.linksIn(m))
    .find((l) => l.claims.act === 'change' && l.claims.cid === 'p1');
  if (!link) throw new Error(`no proposal link in ${member}'s mail`);
  return r.act(member, 'change', undefined, 'vote', {
    ...options,
    url: link.url,
    fill: (form) => {
      choose(form, 'choice', 'approve');
    },
  });
}

/** Proposal 1 is in its vote, Ana approved: Cy's approval is the deciding one (2 of the 3 voting members). */
function changeVoteOpen(r: Rehearsal): void {
  r.setSetting('Board contact', BOARD_CONTACT);
  must(proposeChange(r), 'proposing a change');
  r.advance(3 * 24 * HOUR + HOUR);
  must(changeBallot(r, ANA.email), 'ana ballot on proposal 1');
}

/** Ana records the standard report from her `Record a report` link (it reached her by email), with no conflict. */
function recordReport(r: Rehearsal, options: { beforePost?: () => void } = {}): ActResult {
  const result = r.act(ANA.email, 'record', undefined, 'record', {
    ...options,
    fill: (form) => {
      for (const [title, value] of Object.entries(REPORT_ONE.answers)) fill(form, title, String(value));
    },
  });
  // Numbered as a report once its registry row exists, so the comparison names its case as it names a Form's.
  for (const c of r.registry('Cases'))
    if (c['Response ID'].startsWith('rec:') && !r.reports.includes(c['Response ID'])) r.reports.push(c['Response ID']);
  return result;
}

/** A person's action that the matrix kills once where armed; recovery is that person trying again, then the sweeps. */
function retried(
  action: (r: Rehearsal, options: { beforePost?: () => void }) => unknown,
): Pick<FlowSpec, 'act' | 'recover'> {
  return {
    act: (r, arm) => {
      action(r, { beforePost: arm });
    },
    recover: (r) => {
      action(r, {});
      sweepsRun(r);
    },
  };
}

/** Recovery everywhere includes the next sweeps: two hours of the clock with the hourly trigger firing. */
function sweepsRun(r: Rehearsal): void {
  r.advance(2 * HOUR);
}

function sweepTrigger(r: Rehearsal): string {
  const t = r.ws.triggers().find((x) => x.handler === 'sweep_' && !x.disabled);
  if (!t) throw new Error('no sweep trigger');
  return t.uid;
}

/**
 * A resolved case (letter and follow-up sent) a month after purge was set to one month: warned of 26 days after the
 * resolution, its purge day comes a week later. `heldLetter`: MailApp refuses the letter once (a server error).
 */
function reachPurgeDay(r: Rehearsal, heldLetter: boolean): void {
  moderatorsAccepted(r);
  r.setSetting('Purge reporter details after (months)', 1);
  const nth = (r.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 2;
  if (heldLetter)
    r.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, message: 'We\u2019re sorry, a server error occurred.' }];
  must(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS), 'sending the letter');
  r.ws.rt.faults = [];
  must(r.sendFollowUp(CY.email, 1), 'sending the follow-up');
  withSweepHeld(r, () => {
    r.advance(26 * 24 * HOUR);
    r.sweep();
    r.advance(8 * 24 * HOUR);
  });
}

/** Runs `body` with the sweep's trigger held back (time moves, no sweep fires), then lets it fire again. */
function withSweepHeld(r: Rehearsal, body: () => void): void {
  const uid = sweepTrigger(r);
  r.ws.disableTrigger(uid);
  body();
  r.ws.enableTrigger(uid);
}

/** The clock moves on with the sweep held back, so that one sweep finds a lot to do. */
function dueWorkPiledUp(r: Rehearsal): void {
  submit(r, REPORT_ONE);
  submit(r, REPORT_TWO);
  must(r.respond(ANA.email, 1, 'no-conflict'), 'ana no-conflict');
  must(r.respond(CY.email, 2, 'no-conflict'), 'cy no-conflict');
  withSweepHeld(r, () => {
    r.advance(8 * 24 * HOUR);
  });
  // A member writes a name into the shared sheet, and someone turns link sharing on for a Doc by hand.
  r.editCase(ANA.email, 1, 'Resolution', 'Talked to Sam Doe');
  const doc = r.kase(2).docId;
  r.k.humanAccess?.add(`${doc}|anyone`);
  r.k.humanDrift?.add(doc);
  r.ws.data.ui.setSharing(r.ws.owner, doc, 'ANYONE_WITH_LINK', 'reader');
}

/** Case 1 closed as no violation, its follow-up sent and delivered: nothing is owed, no mail waits. */
function followUpDelivered(r: Rehearsal): void {
  deliberating(r);
  must(r.caseOp(ANA.email, 1, 'close-no-violation'), 'opening the closing vote');
  for (const m of [CY, ANA]) must(r.vote(m.email, 1, 'approve'), `${m.email} closing vote`);
  must(r.sendFollowUp(ANA.email, 1), 'sending the follow-up');
  sweepsRun(r);
}

/** As followUpDelivered, and Cy proposed deleting the reporter's details now: Ana's press confirms it. */
function forgetProposed(r: Rehearsal): void {
  followUpDelivered(r);
  must(r.caseOp(CY.email, 1, 'forget-reporter'), 'proposing to forget the reporter');
}

/** MailApp refuses for good the message `action` sends after its confirmation email (never retried: state failed). */
function refusedForGood(r: Rehearsal, action: () => unknown): void {
  const nth = (r.ws.rt.totals['MailApp.sendEmail'] ?? 0) + 2;
  r.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth, message: 'Invalid email: refused' }];
  action();
  r.ws.rt.faults = [];
}

/** Two closed cases (no violation, by votes): case 1 and case 2, adjacent rows of the status sheet. */
function twoClosedByVotes(r: Rehearsal): void {
  submit(r, REPORT_ONE);
  submit(r, REPORT_TWO);
  for (const n of [1, 2]) {
    for (const m of [ANA, CY, DEE]) must(r.respond(m.email, n, 'no-conflict'), `${m.email} no-conflict on ${n}`);
    must(r.caseOp(ANA.email, n, 'close-no-violation'), `closing case ${n}`);
    for (const m of [CY, ANA]) must(r.vote(m.email, n, 'approve'), `${m.email} closing vote on ${n}`);
  }
}

/** Dee pastes `value` (`Ongoing` unless given) over the Status cells of cases 1 and 2 at once (one edit event). */
function pasteOngoing(r: Rehearsal, value = 'Ongoing'): void {
  const rows = r.ws.data.sheet(r.ids.status, 'Cases').rows;
  const codeCol = rows[0].map((h) => String(h).trim().toLowerCase()).indexOf('code name');
  const row = rows.findIndex((x) => String(x[codeCol]).toLowerCase() === r.kase(1).codeName.toLowerCase()) + 1;
  r.ws.pasteCells(DEE.email, r.ids.status, 'Cases', row, 3, [[value], [value]]);
}

/** Two open cases: Ana and Cy cleared for both, Dee declared a conflict with both. */
function twoOpenDeeConflicted(r: Rehearsal): void {
  submit(r, REPORT_ONE);
  submit(r, REPORT_TWO);
  for (const n of [1, 2]) {
    for (const m of [ANA, CY]) must(r.respond(m.email, n, 'no-conflict'), `${m.email} no-conflict on ${n}`);
    must(r.respond(DEE.email, n, 'conflict'), `dee conflict on ${n}`);
  }
}

/** The committee account closed case 1 from the sheet; Bo (not cleared) typed Ongoing: the reopening waits (ADV-333). */
function reopeningProposed(r: Rehearsal): void {
  deliberating(r);
  r.editCase(r.ws.owner, 1, 'Status', 'Closed');
  r.editCase(BO.email, 1, 'Status', 'Ongoing');
}

/** Someone deletes the project's triggers of these handlers in the Apps Script editor (the sweep's stays). */
function triggersDeleted(r: Rehearsal, handlers: string[]): void {
  const registry = (r.ws as unknown as { registry: { records: Array<{ handler: string; deleted: boolean }> } })
    .registry;
  for (const t of registry.records) if (handlers.includes(t.handler)) t.deleted = true;
}

/** The owner types into the Committee tab with no trigger firing (the sweep's roster step is the first to see it). */
function committeeTyped(r: Rehearsal, row: number, values: unknown[]): void {
  values.forEach((v, i) => r.ws.data.ui.editCell(r.ws.owner, r.ids.status, 'Committee', row, i + 1, v));
}

/** The row of the Committee tab holding `email`. */
function committeeRow(r: Rehearsal, email: string): number {
  const rows = r.ws.data.sheet(r.ids.status, 'Committee').rows;
  return rows.findIndex((x, i) => i > 0 && String(x[1]).toLowerCase() === email) + 1;
}

export interface FlowSpec {
  name: string;
  /** Brings a fresh standard committee to the moment before the flow. */
  prepare(r: Rehearsal): void;
  /** Runs the flow; `arm` is called right before the execution the matrix may kill. */
  act(r: Rehearsal, arm: () => void): void;
  /** What happens next in life: the person tries again where a person would, and the sweeps run. */
  recover(r: Rehearsal): void;
  /** Clears what a test told the checker about a person's own doing, once the system has had the chance to repair it. */
  settle?(r: Rehearsal): void;
}

export const FLOWS: FlowSpec[] = [
  {
    name: 'intake',
    prepare: () => undefined,
    act: (r, arm) => {
      arm();
      submit(r, REPORT_ONE);
    },
    recover: sweepsRun,
  },
  {
    // Recovery: the member, shown an error, sends the same answers again from the link (one case), and the sweeps run.
    name: 'intake: a member records a report',
    prepare: (r) => void r.k.people.push(REPORT_ONE.people),
    ...retried((r, o) => recordReport(r, o)),
  },
  {
    name: 'screening: no conflict',
    prepare: (r) => submit(r, REPORT_ONE),
    ...retried((r, o) => r.respond(ANA.email, 1, 'no-conflict', o)),
  },
  {
    name: 'screening: conflict',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(ANA.email, 1, 'no-conflict'), 'no-conflict');
    },
    ...retried((r, o) => r.respond(ANA.email, 1, 'conflict', o)),
  },
  {
    name: 'onboarding: a member is added',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      submit(r, REPORT_TWO);
    },
    act: (r, arm) => {
      arm();
      r.addMembers([EVE]);
    },
    recover: sweepsRun,
  },
  {
    name: 'onboarding: the new member answers',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      submit(r, REPORT_TWO);
      r.addMembers([EVE]);
    },
    ...retried((r, o) => r.onboard(EVE.email, { noConflict: ['Sam Doe'], conflict: ['Max Power'] }, o)),
  },
  {
    name: 'offboarding',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(ANA.email, 1, 'no-conflict'), 'ana');
      must(r.respond(CY.email, 1, 'no-conflict'), 'cy');
    },
    act: (r, arm) => {
      arm();
      r.setActive(CY.email, false);
    },
    recover: sweepsRun,
  },
  {
    name: 'vote: opening',
    prepare: deliberating,
    ...retried((r, o) => r.openVote(ANA.email, 1, o)),
  },
  {
    name: 'vote: a ballot',
    // The deciding ballot: it closes the vote and tells the cleared members.
    prepare: (r) => {
      deliberating(r);
      must(r.openVote(ANA.email, 1), 'open vote');
      must(r.vote(CY.email, 1, 'approve'), 'cy');
    },
    ...retried((r, o) => r.vote(ANA.email, 1, 'approve', o)),
  },
  {
    name: 'recommendation to moderators',
    prepare: votePassed,
    ...retried((r, o) => r.sendRecommendation(ANA.email, 1, o)),
  },
  {
    name: 'moderator reply',
    prepare: recommendationSent,
    ...retried((r, o) => r.moderatorReply(MODS[0], 1, 'disagree', 'We think a warning is not enough here.', o)),
  },
  {
    // Two members decide it (ADV-357): Cy proposed; Ana's confirming press is the one that sends it, at most once.
    name: 'escalation: the confirming press',
    prepare: (r) => {
      recommendationSent(r);
      must(r.moderatorReply(MODS[0], 1, 'disagree', 'We think a warning is not enough here.'), 'disagreeing');
      must(r.caseOp(CY.email, 1, 'escalate'), 'proposing the escalation');
    },
    ...retried((r, o) => r.caseOp(ANA.email, 1, 'escalate', {}, o)),
  },
  {
    name: 'letter to the reported person',
    prepare: moderatorsAccepted,
    ...retried((r, o) => r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, o)),
  },
  {
    name: 'follow-up to the reporter',
    prepare: letterSent,
    ...retried((r, o) => r.sendFollowUp(ANA.email, 1, o)),
  },
  {
    name: 'closing vote: the deciding ballot',
    // A vote on closing as "not a violation": its deciding ballot closes the case (and keeps the follow-up due).
    prepare: (r) => {
      deliberating(r);
      must(r.caseOp(ANA.email, 1, 'close-no-violation'), 'opening the closing vote');
      must(r.vote(CY.email, 1, 'approve'), 'cy');
    },
    ...retried((r, o) => r.vote(ANA.email, 1, 'approve', o)),
  },
  {
    name: 'round: opening a further response',
    prepare: (r) => {
      letterSent(r);
      r.writeDoc(ANA.email, 1, 'Discussions with the reported person', 'They replied with context about the thread.');
    },
    ...retried((r, o) => r.caseOp(CY.email, 1, 'new-round', {}, o)),
  },
  {
    name: 'round: the revised letter',
    prepare: roundTwoAccepted,
    ...retried((r, o) => r.sendLetter(ANA.email, 1, REPORTED_ADDRESS, o)),
  },
  {
    name: 'reporter: forget, the proposing press',
    prepare: followUpDelivered,
    ...retried((r, o) => r.caseOp(CY.email, 1, 'forget-reporter', {}, o)),
  },
  {
    // The decision is committed as due before Drive is touched (the Doc unshared and trashed, or moved): the next
    // sweep's retention check finishes it (a year before its date); Ana's press again is refused, nothing mailed.
    name: 'reporter: forget, the confirming press',
    prepare: forgetProposed,
    ...retried((r, o) => r.caseOp(ANA.email, 1, 'forget-reporter', {}, o)),
  },
  {
    // The first step of Ana's press: the POST that mails her the confirmation link (nothing is decided yet). Its
    // email still queued (killed before it went) is no mail of the case waiting (ADV-368): the page offers the press
    // again at once, Ana presses again (her new request drops the stale email), then the sweeps run.
    name: 'reporter: forget, the press that mails the confirmation',
    prepare: forgetProposed,
    act: (r, arm) => void r.act(ANA.email, 'case', 1, 'forget-reporter', { beforeRequest: arm }),
    recover: (r) => {
      r.caseOp(ANA.email, 1, 'forget-reporter');
      sweepsRun(r);
    },
  },
  {
    // As above, with Settings deleting case Docs at a purge: the Doc is unshared, then trashed.
    name: 'reporter: forget, the confirming press (Docs deleted)',
    prepare: (r) => {
      r.setSetting('Delete case Docs when purging', 'Yes');
      forgetProposed(r);
    },
    ...retried((r, o) => r.caseOp(ANA.email, 1, 'forget-reporter', {}, o)),
  },
  {
    // The first press: Cy's proposal is recorded (Log, Audit) and the others are told; his press again is refused.
    name: 'reporter: waive the follow-up, the proposing press',
    prepare: letterSent,
    ...retried((r, o) => r.caseOp(CY.email, 1, 'waive-follow-up', {}, o)),
  },
  {
    // The letter went: the waiver drops the queued status emails and resolves the case (ADV-319, ADV-337).
    name: 'reporter: waive the follow-up, the confirming press',
    prepare: (r) => {
      letterSent(r);
      must(r.caseOp(CY.email, 1, 'waive-follow-up'), 'proposing the waiver');
    },
    ...retried((r, o) => r.caseOp(ANA.email, 1, 'waive-follow-up', {}, o)),
  },
  {
    // MailApp refused the follow-up for good and the sweep noted it in the Doc (ADV-340, ADV-343): sent again under
    // `follow-up#2`, once.
    name: 'follow-up: sent again after MailApp refused it',
    prepare: (r) => {
      letterSent(r);
      refusedForGood(r, () => r.sendFollowUp(ANA.email, 1));
      sweepsRun(r);
    },
    ...retried((r, o) => r.sendFollowUp(CY.email, 1, o)),
  },
  {
    // The sweep notes a letter MailApp refused for good under its Doc entry, once (ADV-343, `Flags.failedNoted`).
    name: 'sweep: noting a letter that was not delivered',
    prepare: (r) => {
      moderatorsAccepted(r);
      withSweepHeld(r, () => {
        refusedForGood(r, () => r.sendLetter(ANA.email, 1, REPORTED_ADDRESS));
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // A status email went with the last sweep: this one writes its Log line (ADV-371, `Flags.statusUnlogged`), once.
    name: 'sweep: logging a status email once it went',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(ANA.email, 1, 'no-conflict'), 'ana no-conflict');
      withSweepHeld(r, () => {
        r.advance(8 * 24 * HOUR);
        r.sweep();
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // The purge day of a resolved case whose letter is held (a server error): the cleared members and the committee
    // account are told once that day (ADV-344, `A purge waits for mail`).
    name: 'sweep: a purge waits for a held letter',
    prepare: (r) => reachPurgeDay(r, true),
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // A member not cleared types Ongoing over a case the committee account closed: the reopening waits for a cleared
    // member and the cell is put back to Closed at once (ADV-333). Typed again after the crash.
    name: 'status: a reopening put back in the cell',
    prepare: (r) => {
      deliberating(r);
      r.editCase(r.ws.owner, 1, 'Status', 'Closed');
    },
    act: (r, arm) => {
      arm();
      r.editCase(BO.email, 1, 'Status', 'Ongoing');
    },
    recover: (r) => {
      r.editCase(BO.email, 1, 'Status', 'Ongoing');
      sweepsRun(r);
    },
  },
  {
    // A cleared member confirms the reopening typed in the sheet (ADV-333): the case opens again and the cell says
    // Ongoing; pressed again after the crash (refused once it is done), then the sweeps.
    name: 'status: a reopening confirmed on the case page',
    prepare: reopeningProposed,
    ...retried((r, o) => r.caseOp(CY.email, 1, 'confirm-status', {}, o)),
  },
  {
    // The other direction of ADV-334: Dee, with a conflict, pastes Closed over two open cases: with `Closing decision`
    // Second member both wait for a cleared member (with Vote they are put back, ADV-382), each cleared member told once
    // for the paste; the same paste again (the retry) is not told again.
    name: 'status: a paste of Closed over open cases',
    prepare: (r) => {
      r.setSetting('Closing decision', 'Second member');
      twoOpenDeeConflicted(r);
    },
    act: (r, arm) => {
      arm();
      pasteOngoing(r, 'Closed');
    },
    recover: (r) => {
      pasteOngoing(r, 'Closed');
      sweepsRun(r);
    },
  },
  {
    // Ongoing pasted over two cases closed by votes: both cells put back, one alert for the paste (ADV-334); the same
    // paste again (the person's retry) is not told again.
    name: 'status: a paste over cases closed by votes',
    prepare: twoClosedByVotes,
    act: (r, arm) => {
      arm();
      pasteOngoing(r);
    },
    recover: (r) => {
      pasteOngoing(r);
      sweepsRun(r);
    },
  },
  {
    name: 'archive: a closed case leaves the registry',
    // The case is marked archived and committed; its rows go into the year's archive (flushed); each busy registry
    // tab is rebuilt under a temporary name that replaces it once complete: the next sweep finishes a killed run.
    prepare: (r) => {
      letterSent(r);
      r.editCase(r.ws.owner, 1, 'Status', 'Closed');
      withSweepHeld(r, () => {
        r.advance(91 * 24 * HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    name: 'retention: reopening a purged case whose Doc Drive deleted',
    // The owner sets the status back; the case's Doc is gone for good (trashed by the purge, 30 days in the trash): a
    // new Doc is made (found again by its title after a crash), committed with the shares it owes marked pending, then
    // shared. Typing the status again, or the sweep, finishes the shares; there is never a second Doc. (The members'
    // case links expired with the 60 days: the status sheet is the way back to such a case.)
    prepare: (r) => {
      letterSent(r);
      r.setSetting('Purge reporter details after (months)', 1);
      r.setSetting('Delete case Docs when purging', 'Yes');
      r.editCase(r.ws.owner, 1, 'Status', 'Resolved');
      withSweepHeld(r, () => {
        // Warned of a month after the resolution, purged a week later, and the trashed Doc gone 30 days after that.
        for (const days of [26, 8, 31]) {
          r.advance(days * 24 * HOUR);
          r.sweep();
        }
      });
    },
    act: (r, arm) => {
      arm();
      r.editCase(r.ws.owner, 1, 'Status', 'Ongoing');
    },
    recover: (r) => {
      r.editCase(r.ws.owner, 1, 'Status', 'Ongoing');
      sweepsRun(r);
    },
  },
  {
    name: 'audit: replacing a case Doc deleted for good',
    // The owner deletes an open case's Doc for good; the next sweep's access audit hears of it from Drive's changes
    // feed: the first failure is committed (its time finds a dead run's new Doc again by title), a new Doc is made,
    // recorded with the shares it owes and the members' alert in one commit, then shared. A sweep killed anywhere
    // leaves the feed's token where it was: the next reads the same removal, or the pending shares are finished.
    // Another case's Doc had link sharing turned on in the same hour: its repair is reported by the run's alert, which
    // the replacement's commit must not leave unsent (the intent vouching for it is settled by a commit).
    prepare: (r) => {
      deliberating(r);
      submit(r, REPORT_TWO);
      must(r.respond(ANA.email, 2, 'no-conflict'), 'ana no-conflict on case 2');
      r.sweep(); // the audit's changes token is saved: the feed lists what follows
      withSweepHeld(r, () => {
        // The sharing first: Drive's feed lists it before the deletion, so its repair comes first in the run.
        const doc = r.kase(2).docId;
        r.k.humanAccess?.add(`${doc}|anyone`);
        r.k.humanDrift?.add(doc);
        r.ws.data.ui.setSharing(r.ws.owner, doc, 'ANYONE_WITH_LINK', 'reader');
        r.ws.data.deleteForever(r.kase(1).docId);
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
    settle: (r) => r.k.humanDrift?.clear(),
  },
  {
    name: 'audit: the private registry given to a member',
    // The committee account makes Ana the registry's owner by mistake (ADV-566); the next sweep's store audit tells the
    // committee account once, and marks the day's notice only once it is committed (ADV-580): a sweep killed before
    // leaves the notice to the next, never to the next day.
    prepare: (r) => {
      submit(r, REPORT_ONE);
      r.sweep(); // the audit's changes token is saved: the feed lists what follows
      withSweepHeld(r, () => {
        r.ws.data.ui.transferOwnership(r.ws.owner, r.ids.registry, ANA.email);
        r.k.humanDrift?.add(r.ids.registry);
        r.k.humanAccess?.add(`${r.ids.registry}|${ANA.email}`);
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    name: 'meeting: calling one',
    // The event is created, tagged and hidden, the case records it, then each cleared member is added and mailed: a
    // repeat after a crash finds the tagged event (never a second one) and finishes its guests.
    prepare: deliberating,
    ...retried((r, o) => r.caseOp(ANA.email, 1, 'call-meeting', { start: '2026-03-09T10:00', minutes: '60' }, o)),
  },
  {
    name: 'policy change: proposing',
    prepare: (r) => r.setSetting('Board contact', BOARD_CONTACT),
    ...retried((r, o) => proposeChange(r, o)),
  },
  {
    name: 'policy change: the vote opens',
    prepare: (r) => {
      must(proposeChange(r), 'proposing a change');
      withSweepHeld(r, () => {
        r.advance(3 * 24 * HOUR + HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    name: 'policy change: the deciding ballot',
    // It passes the proposal and sends the text to the board contact (at most once).
    prepare: changeVoteOpen,
    ...retried((r, o) => changeBallot(r, CY.email, o)),
  },
  {
    name: 'replies: filing a reply',
    // The sweep files the reporter's reply (Doc entry, Inbox row, the members' notice, committed together) and then
    // archives it: a crash before the commit files it on the next run, one after leaves only the archiving.
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(ANA.email, 1, 'no-conflict'), 'ana no-conflict');
      const ack = r.ws.mailTo('rita.quell@example.net').find((m) => /received your report/.test(m.subject));
      if (!ack) throw new Error('no acknowledgment');
      r.ws.reply({ from: 'rita.quell@example.net', original: ack, text: 'It happened again yesterday.' });
      r.ws.receiveMail({ from: 'nobody.known@example.net', to: r.k.owner, subject: 'Hello', text: 'A question.' });
      r.k.people.push({ reporter: { email: 'nobody.known@example.net' }, reported: [], witnesses: [] });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    name: 'replies: filing a reply from Spam',
    // Gmail's spam filter took the reporter's reply for junk (ADV-574), beside a stranger's junk: the reply is filed
    // and archived out of Spam, and only then does the Spam mark move past it; a crash before that reads it again.
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(ANA.email, 1, 'no-conflict'), 'ana no-conflict');
      const ack = r.ws.mailTo('rita.quell@example.net').find((m) => /received your report/.test(m.subject));
      if (!ack) throw new Error('no acknowledgment');
      r.ws.toSpam(r.ws.reply({ from: 'rita.quell@example.net', original: ack, text: 'It happened again yesterday.' }));
      r.ws.toSpam(r.ws.receiveMail({ from: 'offers@example.biz', to: r.k.owner, subject: 'Deal', text: 'Buy now.' }));
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // The owner clicks "View results summary" in the Forms editor (ADV-608); the sweep's daily Form check puts it back
    // (a change to the Form outside the spreadsheets) and tells the committee account: a run killed between the two
    // must still leave the account told.
    name: 'sweep: the Form\u2019s settings put back',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      withSweepHeld(r, () => {
        const g = r.ws.data.globals() as unknown as { FormApp: GoogleAppsScript.Forms.FormApp };
        const done = r.ws.rt.runExecution(
          { kind: 'editor', fn: 'test:summary', activeUser: r.ws.owner, effectiveUser: r.ws.owner },
          () => g.FormApp.openById(r.ids.form).setPublishingSummary(true),
        );
        if (done.error) throw new Error(String(done.error));
        r.advance(25 * HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // A resolved case's purge day (retention, from the sweep): the reporter's details deleted from the registry, its Doc
    // and its Form copy, the members told. No other matrix kills the sweep in the purge itself.
    name: 'sweep: the purge day of a resolved case',
    prepare: (r) => reachPurgeDay(r, false),
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // Someone deletes the Form's and the status sheet's triggers (ADV-617): the sweep's trigger repair makes them
    // again and tells the committee, a report sent meanwhile is taken in by the sweep's intake recovery.
    name: 'ADV-617 sweep: the deleted triggers made again',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      triggersDeleted(r, ['onReportSubmit_', 'onStatusEdit_']);
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // Google never fired the submit trigger of a report (R1): the sweep's intake recovery makes its case.
    name: 'sweep: a report whose submit trigger never fired',
    prepare: (r) => {
      const uid = r.ws.triggers().find((t) => t.handler === 'onReportSubmit_' && !t.disabled)!.uid;
      r.ws.disableTrigger(uid);
      // Until the sweep runs, the report is not yet a case: the checker is told so only after the submit.
      r.checkEveryStep = false;
      withSweepHeld(r, () => {
        submit(r, REPORT_ONE);
        r.advance(HOUR);
      });
      r.ws.enableTrigger(uid);
      r.k.unfinishedResponses.add(r.reports[0]);
      r.checkEveryStep = true;
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // Every voting member declared a conflict: the sweep's stall check tells the committee account and the escalation
    // contact that nobody can take the case (stalls.ts), once.
    name: 'sweep: a case nobody can take',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      withSweepHeld(r, () => {
        for (const m of [ANA, CY, DEE]) must(r.respond(m.email, 1, 'conflict'), `${m.email} conflict`);
        r.advance(3 * 24 * HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // A screening nobody answers: the sweep's reminders to the silent members (stalls.ts, the other start point).
    name: 'sweep: screening reminders to silent members',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      withSweepHeld(r, () => r.advance(3 * 24 * HOUR));
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // The owner mistypes a setting: the sweep's settings check tells the members and the committee account, once.
    name: 'sweep: a mistake in Settings told',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      withSweepHeld(r, () => {
        r.setSetting('Reminder digest', 'sometimes');
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // Weekly digests: the reminders of a member's open cases gathered into one email by the sweep (digests.ts).
    name: 'sweep: reminder digests',
    prepare: (r) => {
      r.setSetting('Reminder digest', 'daily');
      submit(r, REPORT_ONE);
      submit(r, REPORT_TWO);
      withSweepHeld(r, () => r.advance(3 * 24 * HOUR));
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // The owner adds Eve and unticks Dee on the Committee tab and no edit trigger fires: the sweep's roster step
    // onboards Eve and withdraws Dee's access to the open case's Doc.
    name: 'sweep: the roster step takes in a changed Committee tab',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(DEE.email, 1, 'no-conflict'), 'dee no-conflict');
      withSweepHeld(r, () => {
        const rows = r.ws.data.sheet(r.ids.status, 'Committee').rows;
        let row = rows.length + 1;
        while (row > 2 && rows[row - 2].every((v) => v === '' || v === null || v === undefined)) row--;
        committeeTyped(r, row, [EVE.name, EVE.email, 'voting', true]);
        r.members.push({ ...EVE });
        r.ws.data.ui.editCell(r.ws.owner, r.ids.status, 'Committee', committeeRow(r, DEE.email), 4, false);
        // A copy: the shared DEE spec stays active for the other flows.
        const i = r.members.findIndex((m) => m.email === DEE.email);
        r.members[i] = { ...r.members[i], active: false };
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // The owner types yes under Revoke links for Dee and no edit trigger fires: the sweep's roster step withdraws her
    // links and sends her fresh ones (link-revocation.ts), once.
    name: 'sweep: Revoke links read by the sweep',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      must(r.respond(DEE.email, 1, 'no-conflict'), 'dee no-conflict');
      withSweepHeld(r, () => {
        r.ws.data.ui.editCell(r.ws.owner, r.ids.status, 'Committee', 1, 5, 'Revoke links');
        r.ws.data.ui.editCell(r.ws.owner, r.ids.status, 'Committee', committeeRow(r, DEE.email), 5, 'yes');
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // Someone turns link sharing on for the private registry and adds a stranger as an editor of the Form: the sweep's
    // store audit (store-audit.ts) takes both back and tells the committee account once (`intent.` before each repair).
    name: 'ADV-618 sweep: the store audit takes back the registry and the Form shared',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      r.sweep(); // the audit's changes token is saved: the feed lists what follows
      withSweepHeld(r, () => {
        r.ws.data.ui.setSharing(r.ws.owner, r.ids.registry, 'ANYONE_WITH_LINK', 'reader');
        r.ws.data.ui.addEditor(r.ws.owner, r.ids.form, 'stranger@example.net');
        r.k.humanDrift?.add(r.ids.registry);
        r.k.humanDrift?.add(r.ids.form);
        r.k.humanAccess?.add(`${r.ids.registry}|anyone`);
        r.k.humanAccess?.add(`${r.ids.form}|stranger@example.net`);
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
    settle: (r) => r.k.humanDrift?.clear(),
  },
  {
    // Two cases about Sam Doe opened before pattern awareness (no person codes in their Flags): the sweep's persons
    // step codes both, the later one listing the earlier (patterns.ts), in the sweep's one commit.
    name: 'sweep: person codes for cases opened before pattern awareness',
    prepare: (r) => {
      submit(r, REPORT_ONE);
      submit(r, { ...REPORT_ONE, answers: { ...REPORT_ONE.answers, 'What happened?': 'Sam Doe insulted me again.' } });
      withSweepHeld(r, () => {
        const rows = r.ws.data.sheet(r.ids.registry, 'Cases').rows;
        const col = rows[0].indexOf('Flags');
        rows.forEach((row, i) => {
          if (!i) return;
          const flags = JSON.parse(String(row[col] || '{}')) as Record<string, unknown>;
          delete flags.persons;
          delete flags.earlier;
          r.ws.data.ui.editCell(r.ws.owner, r.ids.registry, 'Cases', i + 1, col + 1, JSON.stringify(flags));
        });
        r.advance(HOUR);
      });
    },
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
  },
  {
    // The owner renames the space a case names (`Space: Discourse` to `Space: Forum`) in Settings: the edit's run puts
    // the Form's places right and tells the committee account the case's space is gone (settings-edit.ts, ADV-549).
    name: 'ADV-619 settings: a space renamed while a case names it',
    prepare: (r) => submit(r, REPORT_ONE),
    act: (r, arm) => {
      const rows = r.ws.data.sheet(r.ids.status, 'Settings').rows;
      const row = rows.findIndex((x) => String(x[0]).trim() === `Space: ${SPACE}`) + 1;
      arm();
      r.ws.editCell(r.ws.owner, r.ids.status, 'Settings', row, 1, 'Space: Forum');
    },
    recover: sweepsRun,
  },
  {
    name: 'sweep',
    prepare: dueWorkPiledUp,
    act: (r, arm) => {
      arm();
      r.sweep();
    },
    recover: sweepsRun,
    settle: (r) => r.k.humanDrift?.clear(),
  },
];
