// Changing the Code of Conduct or the enforcement procedure (seed "Changes to Code of Conduct"): a voting member proposes, the work group brainstorms in the proposal's own Doc, the voting members vote, and a passed text goes to the board.
import { addDays, parseInstant, isoOf } from '../core/deadlines';
import {
  boardDraftMessage,
  changeResultMessage,
  changeVoteMessage,
  committeeAlertMessage,
  type Message,
  NOT_CHANGED,
  proposalOpenedMessage,
} from '../core/messages';
import {
  BRAINSTORM_MAX_DAYS,
  BRAINSTORM_MIN_DAYS,
  PROPOSAL_STATE_LABEL,
  PROPOSAL_TEXT_MAX,
  brainstormEndsAt,
  castChangeBallot,
  changeReminderDue,
  changeVoters,
  checkProposal,
  decideChangeVote,
  newProposal,
  openChangeVote,
  policyChangeRow,
  proposalReaders,
  recordBoardAnswer,
  tallyChange,
  type BoardAnswer,
} from '../core/policy-changes';
import { moveSeat, type Choice } from '../core/votes';
import type { Context } from '../workspace/context';
import { docOpens, isInTrash, trashFile } from '../workspace/docs';
import { auditError, rethrowEnding } from '../workspace/errors';
import { linkOf, docUrl } from '../workspace/links';
import type { CommitteeMember } from '../workspace/members';
import type { PageView } from '../workspace/pages';
import { LINK_TTL_DAYS, PROP, ROLLED_BACK_LINE, STATUS_TAB } from '../workspace/schema';
import { formatSheetTime } from '../workspace/session';
import { grantEditorSilently, isShareRefused, revokeAccess, secureCaseDoc } from '../workspace/sharing';
import { datedLine } from '../records/doc-log';
import { membersOf } from '../records/members';
import { outboxKey } from '../records/outbox';
import { proposalsOf, type ProposalRecord } from '../records/proposals';
import { invalidLinkPage, isConfirmed, registerAction, resultPage, UNTICKED, type ActionRequest } from './web-router';
import { committeeTime, waitForDocsQuota } from './case-state';
import { LOST_DOC_AFTER_MS } from './audit-recheck';
import { noteShareRefused, shareRefusedToday } from './screening';
import { memberById, settingsOf, timeZoneOf, replyAddress } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { ballotLost, markBallot } from './vote';
import { recordAudit } from '../workspace/audit-trail';
import { codeNameTokens } from '../core/code-names';
import { casesOf } from '../records/cases';
import { namesOnFile } from './intake';
import { namesThatCouldAppear } from './name-prefilter';
import { nameSpellings, splitNameWords } from '../core/name-matching';
import { findIdentifyingText, type ProtectedIdentity } from '../core/redaction';
import { queueMail } from '../workspace/outbox';
import { commitWork, statusTab } from '../workspace/unit-of-work';
import { requireProp } from '../workspace/script-properties';

/** The sections of a proposal's Doc: the text the members shape and vote on, their discussion, and the dated log. */
export const PROPOSAL_SECTION = { text: 'Proposed text', discussion: 'Discussion', log: 'Log' } as const;

/** A Doc created by a run that died before recording it is found again by title within this much of the proposal. */
const CLOCK_SLACK_MS = 5 * 60 * 1000;

/** The proposal's Doc title: its number only (the title members gave it is in the Doc and the tab). */
export function proposalDocTitle(n: number): string {
  return `Proposed change ${n} to the Code of Conduct`;
}

/** The `cid` of a proposal's links: `p<n>`. */
export function proposalCid(n: number): string {
  return `p${n}`;
}

function proposalNumberOf(cid: string): number | null {
  const match = /^p([1-9]\d{0,5})$/.exec(cid);
  return match ? Number(match[1]) : null;
}

/** A time for the `Policy changes` tab, in the status spreadsheet's own zone as its other dates. */
function sheetTime(ctx: Context, iso: string): string {
  return iso ? formatSheetTime(parseInstant(iso), ctx.clock.timeZone()) : '';
}

function roster(ctx: Context): Array<{ id: string; role: string; active: boolean }> {
  return ctx.committee.members().filter((m) => m.id);
}

/** The voting members now: a ballot counts, and a reminder goes, only while its member still is one (seed). */
const votingNow = (ctx: Context) => changeVoters(roster(ctx));
/** The tally as it stands: while voting, of the voting members now; once decided, the ballots that decided it. */
const tallyNow = (ctx: Context, rec: ProposalRecord) =>
  tallyChange(rec, rec.state === 'vote' ? votingNow(ctx) : undefined);

function logStep(ctx: Context, rec: ProposalRecord, text: string, more: readonly string[] = []): void {
  try {
    if (rec.docId)
      ctx.work.docs.appendToSection(rec.docId, PROPOSAL_SECTION.log, [
        datedLine(readNow(ctx), text, timeZoneOf(ctx)),
        ...more,
      ]);
  } catch (err) {
    // A Doc gone from Drive loses its log line, not the decision's mail after it (ADV-499).
    rethrowEnding(err);
  }
}

function memberMail(
  ctx: Context,
  member: { id: string; email: string },
  rec: ProposalRecord,
  discriminator: string,
  message: Message,
): boolean {
  return queueMail(ctx, {
    key: outboxKey('-', `change:${rec.n}:${discriminator}`, member.id),
    caseId: '-',
    kind: 'policy-change',
    to: member.email,
    ...message,
    delivery: AT_LEAST_ONCE,
  });
}

// ------------------------------------------------------------------------------------------------
// Proposing

/**
 * Records a voting member's proposal: its row first (committed), then its Doc, its shares and the mail to every
 * reader. A run that dies after the row leaves the rest to the sweep (`sweepPolicyChanges`).
 */
export function proposeChange(
  ctx: Context,
  member: CommitteeMember,
  checked: { title: string; text: string; days: number },
): { record: ProposalRecord; repeated: boolean; back: number } {
  if (!member.active || member.role !== 'voting') throw new Error('proposeChange: only active voting members propose');
  const store = proposalsOf(ctx);
  // A form sent twice (a double click, a retried POST) is one proposal.
  const same = store
    .all()
    .find(
      (p) =>
        p.proposedBy === member.id && p.state === 'brainstorm' && p.title === checked.title && p.text === checked.text,
    );
  if (same) {
    // A retry after a run that died midway finishes what it left (the sweep would too, within the hour).
    return { record: same, repeated: true, back: prepareProposal(ctx, same, inPage(ctx)) };
  }
  const record = store.append(newProposal(store.nextNumber(), checked, member.id, readNowIso(ctx)));
  recordAudit(ctx, 'proposal.opened', '-', `proposal ${record.n} by member ${member.id}, ${checked.days} days`);
  syncPolicyTab(ctx, [record]);
  commitWork(ctx);
  return { record, repeated: false, back: prepareProposal(ctx, record, inPage(ctx)) };
}

/** A page's time for shares: the member who proposed is waiting (PAGE_WORK_MS); the sweep shares the rest. */
const inPage = (ctx: Context) => () => ctx.timeBudget.pageHasTime();

/**
 * Makes the Doc if it is missing, then shares it with every reader not yet holding it (and mails them) while
 * `hasTime` says so; the hourly sweep goes on from there. Refused by Google's Documents created quota, the proposal
 * waits for its return (a wake-up then) and the others go on (ADV-443): returns when it comes back, else 0.
 */
function prepareProposal(ctx: Context, rec: ProposalRecord, hasTime: () => boolean): number {
  try {
    if (!rec.docId && hasTime()) ensureProposalDoc(ctx, rec);
  } catch (err) {
    const back = waitForDocsQuota(ctx, err);
    if (!back) throw err;
    return back;
  }
  if (rec.docId) syncShares(ctx, rec, true, hasTime);
  return 0;
}

/** Creates (or, after a crash, finds) the proposal's Doc, private in the committee's folder. */
function ensureProposalDoc(ctx: Context, rec: ProposalRecord): void {
  const folderId = requireProp(ctx, PROP.folderId);
  const title = proposalDocTitle(rec.n);
  const found = ctx.work.docs.findByTitle(
    title,
    parseInstant(rec.proposedAt) - CLOCK_SLACK_MS,
    requireProp(ctx, PROP.owner),
  );
  for (const orphan of found.slice(1)) trashFile(orphan);
  const made = found[0] ? null : ctx.work.docs.createIn(title, folderId);
  const docId = found[0] ?? made!.id;
  ctx.work.docs.writeSections(docId, rec.title, [
    { heading: PROPOSAL_SECTION.text, lines: rec.text.split('\n') },
    {
      heading: PROPOSAL_SECTION.discussion,
      lines: [
        `Discuss the context and the options here until ${committeeTime(ctx, brainstormEndsAt(rec))}, and edit the proposed text above: the voting members then vote on it as it stands.`,
      ],
    },
    {
      heading: PROPOSAL_SECTION.log,
      lines: [
        datedLine(
          parseInstant(rec.proposedAt),
          `Proposed by ${memberById(ctx, rec.proposedBy)?.name || 'a voting member'}; brainstorming for ${rec.brainstormDays} days, until ${committeeTime(ctx, brainstormEndsAt(rec))}`,
          timeZoneOf(ctx),
        ),
      ],
    },
  ]);
  ctx.work.docs.save(docId);
  secureCaseDoc(docId, folderId, made?.access);
  rec.docId = docId;
  proposalsOf(ctx).save(rec);
  recordAudit(ctx, 'proposal.doc', '-', `proposal ${rec.n}`);
}

/**
 * Shares the Doc, silently and one by one, with every active voting member and adviser not holding it yet (while the
 * proposal is discussed or voted: `grant`), the proposer first, and takes it back from anyone who left (always),
 * while `hasTime` says so. A share that fails or has no time left stays for the next sweep.
 */
function syncShares(ctx: Context, rec: ProposalRecord, grant: boolean, hasTime: () => boolean): void {
  const store = proposalsOf(ctx);
  const readers = new Set(proposalReaders(roster(ctx)));
  const missing = grant ? [...readers].filter((r) => !rec.sharedWith.includes(r)) : [];
  // The proposer opens the Doc from the page that answers them: theirs is the share that cannot wait.
  missing.sort((a, b) => Number(b === rec.proposedBy) - Number(a === rec.proposedBy));
  for (const id of missing) {
    if (!hasTime()) return;
    const member = memberById(ctx, id);
    // Drive refused the address today (ADV-446): asked once a day, as for a case Doc, not at every sweep (ADV-472).
    if (!member?.email || shareRefusedToday(ctx, member.email)) continue;
    // A refused share is kept with the reminders (a map by member) under the address Drive refused: the next sweep
    // takes a second refusal, whatever its words, as Drive's "no Google account" in the account's language (ADV-290).
    const failed = `failed:${id}`;
    try {
      const grant = grantEditorSilently(rec.docId, member.email, {
        afterFailedAttempt: rec.remindedAt[failed] === member.email,
      });
      if (!grant.silent) recordAudit(ctx, 'proposal.share-fallback', '-', `proposal ${rec.n}: ${grant.reason}`);
    } catch (err) {
      rethrowEnding(err);
      rec.remindedAt = { ...rec.remindedAt, [failed]: member.email };
      store.save(rec);
      recordAudit(ctx, 'proposal.share-failed', '-', `proposal ${rec.n}: ${auditError(err)}`);
      if (isShareRefused(err)) noteShareRefused(ctx, member, err);
      continue;
    }
    rec.sharedWith = [...rec.sharedWith, id].sort();
    store.save(rec);
    // Keyed by the share's time: a member back after leaving is shared the Doc, and told, again.
    memberMail(
      ctx,
      member,
      rec,
      `opened:${readNowIso(ctx)}`,
      proposalOpenedMessage({
        memberName: member.name,
        n: rec.n,
        title: rec.title,
        docUrl: docUrl(rec.docId),
        brainstormEndsOn: committeeTime(ctx, brainstormEndsAt(rec)),
        proposalUrl: linkOf(ctx, member.id, proposalCid(rec.n), 'change', LINK_TTL_DAYS.change),
      }),
    );
  }
  for (const id of rec.sharedWith.filter((s) => !readers.has(s))) {
    if (!hasTime()) return;
    // A member whose row was deleted from Committee is known by the registry alone: its address is the one shared with.
    const email = memberById(ctx, id)?.email || membersOf(ctx).byId(id)?.email;
    try {
      if (email && !revokeAccess(rec.docId, email).confirmed) continue;
    } catch (err) {
      rethrowEnding(err);
      continue;
    }
    rec.sharedWith = rec.sharedWith.filter((s) => s !== id);
    store.save(rec);
    recordAudit(ctx, 'proposal.unshared', '-', `proposal ${rec.n}: member ${id} left`);
  }
}

/** Every proposal Doc taken back from the members who left: at once when the roster offboards one, as their case Docs. */
export function unshareProposals(ctx: Context, hasTime: () => boolean): void {
  for (const rec of proposalsOf(ctx).all()) if (rec.docId) syncShares(ctx, rec, false, hasTime);
}

// ------------------------------------------------------------------------------------------------
// The hourly sweep

/** Moves every proposal on: Doc and shares, the vote when the brainstorm ends, reminders, the decision, the board. */
export function sweepPolicyChanges(ctx: Context, hasTime: () => boolean): number {
  const store = proposalsOf(ctx);
  const all = store.all();
  if (!all.length) return 0;
  let moved = 0;
  for (const rec of all) {
    try {
      moved += sweepProposal(ctx, rec, hasTime);
    } catch (err) {
      rethrowEnding(err);
      noteFailure(ctx, rec, err);
    }
  }
  syncPolicyTab(ctx, all);
  return moved;
}

/**
 * A proposal whose Doc cannot be read (deleted, or Drive out) waits: no vote on the text as first proposed, and the
 * other proposals go on (ADV-499). Its first failure is one Audit line; after 6 hours its readers and the committee
 * account are told once what to do. Read again, it goes on and a later failure is told anew. A Doc Drive has not given
 * for a week, and Drive does not hold in its trash, was deleted for good: the proposal ends, so it can be proposed
 * again (ADV-510). One in the trash waits to be restored: whether Apps Script opens a trashed file is not documented
 * (architecture.md), so the stricter case is taken, that it does not.
 * Any other failure (a quota, Google's "Service error", a fault of the code) is no lost Doc: the next sweep retries it
 * and only one lasting 6 hours is told, to the committee account alone (ADV-509).
 */
function noteFailure(ctx: Context, rec: ProposalRecord, err: unknown): void {
  const lost = Boolean(rec.docId) && !docOpens(rec.docId);
  const binned = lost && isInTrash(rec.docId);
  const mark = lost ? 'unread' : 'stuck';
  const since = rec.remindedAt[mark];
  const ms = since ? readNow(ctx) - parseInstant(since) : 0;
  if (!since) {
    rec.remindedAt = { ...rec.remindedAt, [mark]: readNowIso(ctx) };
    recordAudit(ctx, 'proposal.failed', '-', `proposal ${rec.n}: ${auditError(err)}`);
  } else if (lost && !binned && rec.state === 'brainstorm' && ms >= LOST_DOC_AFTER_MS) {
    Object.assign(rec, { state: 'ended', docId: '', decidedAt: readNowIso(ctx) });
    recordAudit(ctx, 'proposal.ended', '-', `proposal ${rec.n}: its document is gone`);
  } else if (ms >= 6 * 3600 * 1000) {
    const message = committeeAlertMessage({
      title: `Proposed change ${rec.n}: ${lost ? 'its document cannot be opened' : 'the hourly sweep fails on it'}`,
      lines: [
        binned
          ? `It has been in the committee account's Drive trash since ${committeeTime(ctx, since)}, so its vote has not opened: restore it there, and the vote opens within the hour.`
          : lost
            ? `Drive has not opened it since ${committeeTime(ctx, since)}: it was deleted for good, or Drive is failing. Its vote waits; if Drive does not give it back by ${committeeTime(ctx, addDays(since, 7))}, the proposal ends then and a voting member can propose it again.`
            : `It has failed since ${committeeTime(ctx, since)} (the Audit tab's proposal.failed line says what); it is tried every hour. If it still fails tomorrow, tell whoever maintains Conduct Desk.`,
      ],
    });
    for (const m of [
      ...(lost ? rec.sharedWith.map((id) => memberById(ctx, id)).filter((m) => m?.active) : []),
      { id: 'owner', email: ownerAddressOf(ctx) ?? '' },
    ])
      if (m?.email) memberMail(ctx, m, rec, `${mark}:${since}`, message);
    return;
  } else return;
  proposalsOf(ctx).save(rec);
}

/** One proposal's step of the sweep: Doc and shares, its vote, reminders, decision and board. */
function sweepProposal(ctx: Context, rec: ProposalRecord, hasTime: () => boolean): number {
  let moved = 0;
  if (rec.state === 'brainstorm' || rec.state === 'vote') prepareProposal(ctx, rec, hasTime);
  // A decided proposal's Doc stays with the members, and leaves with a member who leaves.
  else if (rec.docId) syncShares(ctx, rec, false, hasTime);
  if (rec.state === 'brainstorm' && openVote(ctx, rec)) moved++;
  if (rec.state === 'vote') {
    // Neither decided nor reminded while the registry is gone back in time, as a case vote (ADV-552): it may have lost
    // ballots, and the run fails with what to do (ADV-567).
    if (ctx.outbox.rolledBack(changeBallotLost(ctx, rec))) return moved;
    const decided = decideChangeVote(rec, readNow(ctx), votingNow(ctx));
    if (decided.state !== 'vote') {
      Object.assign(rec, decided);
      finishVote(ctx, rec);
      moved++;
    } else {
      moved += remindVoters(ctx, rec);
    }
  }
  if (rec.state === 'passed' && !rec.boardSentAt && sendToBoard(ctx, rec)) moved++;
  if (rec.remindedAt.unread || rec.remindedAt.stuck) {
    delete rec.remindedAt.unread;
    delete rec.remindedAt.stuck;
    proposalsOf(ctx).save(rec);
  }
  return moved;
}

/** The registry went back in time to before a ballot on this open proposal (the case votes' mark, ADV-567). */
function changeBallotLost(ctx: Context, rec: ProposalRecord): boolean {
  return ballotLost(ctx, { ...rec, id: proposalCid(rec.n) });
}

/** Opens the vote once the brainstorm has ended: the Doc's proposed text is frozen as what is voted. */
function openVote(ctx: Context, rec: ProposalRecord): boolean {
  const opened = openChangeVote(rec, changeVoters(roster(ctx)), readNow(ctx));
  if (opened === rec) return false;
  const fromDoc = rec.docId ? ctx.work.docs.readSection(rec.docId, PROPOSAL_SECTION.text).trim() : '';
  // Frozen in one registry cell and mailed whole to the board: past a proposal's limit it would be cut (a Sheets cell
  // holds 50,000 characters). The vote waits until the work group shortens it; each reader is told once.
  if (fromDoc.length > PROPOSAL_TEXT_MAX) {
    const lines = [
      `Its "${PROPOSAL_SECTION.text}" is longer than 20,000 characters, the most a proposal may have: the vote has not opened.`,
      'Shorten it in its document: the vote opens within the hour after.',
    ];
    const title = `Proposed change ${rec.n}: the vote waits`;
    let told = false;
    for (const id of rec.sharedWith) {
      const member = memberById(ctx, id);
      if (member?.active && member.email)
        told = memberMail(ctx, member, rec, 'too-long', committeeAlertMessage({ title, lines })) || told;
    }
    if (told) logStep(ctx, rec, `${title}. ${lines[0]}`);
    return false;
  }
  Object.assign(rec, opened, { text: fromDoc || rec.text });
  proposalsOf(ctx).save(rec);
  const tally = tallyChange(rec);
  logStep(
    ctx,
    rec,
    `Brainstorm ended; vote open until ${committeeTime(ctx, rec.voteClosesAt)}: ${tally.required} approvals needed of ${rec.eligible.length} voting members. The text put to the vote (what goes to the board if it passes, whatever "${PROPOSAL_SECTION.text}" says by then):`,
    // The work group's record of what it decides: members may go on editing the section above.
    rec.text.split('\n'),
  );
  recordAudit(ctx, 'proposal.vote-opened', '-', `proposal ${rec.n}: ${rec.eligible.length} voters`);
  for (const id of rec.eligible) voteMail(ctx, rec, id, false, 'vote');
  return true;
}

function voteMail(ctx: Context, rec: ProposalRecord, memberId: string, reminder: boolean, discriminator: string): void {
  const member = memberById(ctx, memberId);
  // A voter made an adviser since the vote opened is not asked again: the page takes no ballot from them.
  if (!member?.active || !member.email || member.role !== 'voting') return;
  memberMail(
    ctx,
    member,
    rec,
    discriminator,
    changeVoteMessage({
      memberName: member.name,
      n: rec.n,
      title: rec.title,
      voteUrl: linkOf(ctx, member.id, proposalCid(rec.n), 'change', LINK_TTL_DAYS.change),
      required: tallyChange(rec).required,
      voters: rec.eligible.length,
      closesOn: committeeTime(ctx, rec.voteClosesAt),
      reminder,
    }),
  );
}

/**
 * A voter the owner moved to a new address keeps their seat (and ballot) in a proposal being voted on, under the new
 * member id, which is sent its vote link. Returns the proposals' numbers.
 */
export function moveChangeSeats(ctx: Context, from: string, to: string): number[] {
  const moved: number[] = [];
  for (const rec of proposalsOf(ctx).all()) {
    if (rec.state !== 'vote' || !moveSeat(rec, from, to)) continue;
    proposalsOf(ctx).save(rec);
    voteMail(ctx, rec, to, false, 'vote');
    moved.push(rec.n);
  }
  return moved;
}

/** Reminds each voter who has not voted, every few days until the vote closes. */
function remindVoters(ctx: Context, rec: ProposalRecord): number {
  const now = readNow(ctx);
  const voting = votingNow(ctx);
  let sent = 0;
  for (const id of rec.eligible) {
    if (!voting.includes(id) || !changeReminderDue(rec, id, rec.remindedAt[id] ?? '', now)) continue;
    const at = readNowIso(ctx);
    voteMail(ctx, rec, id, true, `reminder:${at}`);
    rec.remindedAt = { ...rec.remindedAt, [id]: at };
    sent++;
  }
  if (sent) proposalsOf(ctx).save(rec);
  return sent;
}

/** Records a decided vote: the Doc's log, the result to every reader, and a passed text to the board. */
function finishVote(ctx: Context, rec: ProposalRecord): void {
  proposalsOf(ctx).save(rec);
  const tally = tallyNow(ctx, rec);
  const passed = rec.state === 'passed';
  logStep(
    ctx,
    rec,
    `Vote closed: ${passed ? 'passed' : 'not passed'} with ${tally.approve} approvals of ${rec.eligible.length} voting members (${tally.required} needed)`,
  );
  recordAudit(ctx, 'proposal.decided', '-', `proposal ${rec.n}: ${rec.state}`);
  const boardContactSet = Boolean(settingsOf(ctx).boardContact);
  for (const id of rec.sharedWith) {
    const member = memberById(ctx, id);
    if (!member?.active || !member.email) continue;
    memberMail(
      ctx,
      member,
      rec,
      'result',
      changeResultMessage({
        memberName: member.name,
        n: rec.n,
        title: rec.title,
        passed,
        approvals: tally.approve,
        required: tally.required,
        boardContactSet,
        // Any voting member records the board's answer, maybe weeks on: the vote's links last 30 days.
        proposalUrl:
          passed && member.role === 'voting'
            ? linkOf(ctx, member.id, proposalCid(rec.n), 'change', LINK_TTL_DAYS.propose)
            : '',
      }),
    );
  }
  if (passed) sendToBoard(ctx, rec);
}

/**
 * Sends the passed text to `Board contact`, at most once (a run that dies after sending never sends it again: a
 * person checks the held message). Without a contact it waits, and the sweep tries again once the owner sets one.
 */
function sendToBoard(ctx: Context, rec: ProposalRecord): boolean {
  const contact = settingsOf(ctx).boardContact;
  if (!contact) return false;
  const tally = tallyNow(ctx, rec);
  queueMail(ctx, {
    key: outboxKey('-', `change:${rec.n}:board`, 'board'),
    caseId: '-',
    kind: 'policy-board',
    to: contact,
    replyTo: replyAddress(ctx),
    ...boardDraftMessage({
      n: rec.n,
      title: rec.title,
      text: rec.text,
      approvals: tally.approve,
      voters: rec.eligible.length,
    }),
    delivery: 'at-most-once',
  });
  rec.boardSentAt = readNowIso(ctx);
  proposalsOf(ctx).save(rec);
  logStep(ctx, rec, "Final text sent to the board contact as a draft for the board's vote");
  recordAudit(ctx, 'proposal.board-sent', '-', `proposal ${rec.n}`);
  return true;
}

/** Writes the `Policy changes` rows of these proposals, found by number; a row already right is not rewritten. */
function syncPolicyTab(ctx: Context, records: readonly ProposalRecord[]): void {
  const table = statusTab(ctx, STATUS_TAB.policyChanges);
  for (const rec of records) {
    const row = policyChangeRow(rec, (iso) => sheetTime(ctx, iso));
    const existing = table.findBy('Number', String(rec.n));
    if (!existing) {
      table.append(row);
      continue;
    }
    const headers = Object.keys(row) as Array<keyof typeof row>;
    if (headers.some((h) => table.text(existing.ref, h) !== row[h])) table.update(existing.ref, row);
  }
}

// ------------------------------------------------------------------------------------------------
// The pages (`propose` and `change` links)

function proposePage(request: ActionRequest, notice: string[] = [], refused = false): PageView {
  return {
    page: 'propose',
    title: 'Propose a change to the Code of Conduct',
    data: {
      notice,
      noticeTone: refused ? 'refused' : 'done',
      token: request.token,
      titleValue: request.fields.title ?? '',
      textValue: request.fields.text ?? '',
      daysValue: request.fields.days ?? '',
      minDays: BRAINSTORM_MIN_DAYS,
      maxDays: BRAINSTORM_MAX_DAYS,
    },
  };
}

const PROPOSAL_ERRORS = {
  title: 'Please give the proposal a title (at most 120 characters).',
  text: 'Please write the proposed change (at most 20,000 characters).',
  days: `Please choose a brainstorming time of ${BRAINSTORM_MIN_DAYS} to ${BRAINSTORM_MAX_DAYS} days.`,
} as const;

/**
 * Whether a proposal's text names someone of a report (ADV-622): found by the redaction guard among the full names (two
 * words or more), handles and addresses of every case on file, in all the forms it finds (an address's local part alone,
 * its +tag and Gmail spellings, a handle that is also a name's word: ADV-627, ADV-628). A full name's single word
 * ("Sam") passes: members write first names, and a one-word name on file is one.
 */
function namesSomeone(ctx: Context, text: string): boolean {
  const on: ProtectedIdentity = { names: [], emails: [], handles: [] };
  for (const r of casesOf(ctx).peopleOnFile())
    for (const p of [r.reported, r.witnesses, { names: [r.reporterName], handles: [], emails: [r.reporterEmail] }])
      for (const k of ['names', 'emails', 'handles'] as const) on[k].push(...p[k]);
  on.names = namesThatCouldAppear(
    on.names.filter((n) => splitNameWords(n)[1]),
    [text],
  );
  const firstNames = new Set(on.names.flatMap(nameSpellings).flat());
  // An address spans its words; a handle counts alone.
  return findIdentifyingText(text, on, '').some(({ kind, match }) => {
    const [word, more] = splitNameWords(match);
    return kind === 'handle' || !!more || !firstNames.has(word);
  });
}

function proposePost(request: ActionRequest): PageView {
  const { ctx } = request;
  const member = request.member as CommitteeMember;
  if (member.role !== 'voting') return notVotingPage();
  if (request.fields.op !== 'propose' || !isConfirmed(request)) return proposePage(request, [UNTICKED], true);
  const { title, text, days } = request.fields;
  const checked = checkProposal({ title, text, days });
  if (!checked.ok) return proposePage(request, [...checked.errors.map((e) => PROPOSAL_ERRORS[e]), NOT_CHANGED], true);
  // The title goes into every member's subjects and the status sheet's `Policy changes` tab (§7 invariant 5).
  // So does the text, in every member's mail and the proposal's Doc: there a name's single word is ordinary text.
  const onFile = new Set(codeNameTokens(namesOnFile(casesOf(ctx))));
  const named = codeNameTokens([checked.title]).some((w) => onFile.has(w))
    ? 'title'
    : namesSomeone(ctx, checked.text) && 'text';
  if (named)
    return proposePage(
      request,
      [`The ${named} names someone of a report: every member reads it. ${NOT_CHANGED}`],
      true,
    );
  // Each proposal is a Doc shared with, and an email to, every voting member and adviser: a forwarded Propose link
  // (it lasts a year) or a script must not flood them or spend the day's mail quota. A form sent twice is still one.
  const mine = proposalsOf(ctx)
    .all()
    .filter((p) => p.proposedBy === member.id && (p.state === 'brainstorm' || p.state === 'vote'));
  if (mine.length >= 3 && !mine.some((p) => p.title === checked.title && p.text === checked.text))
    return proposePage(
      request,
      [`Three proposals of yours are still open: propose another once one is decided. ${NOT_CHANGED}`],
      true,
    );
  const { record, back } = proposeChange(ctx, member, checked);
  // "Try again in a few minutes" would be untrue for up to a day, and a reworded retry a second proposal (ADV-443).
  if (back)
    return resultPage({
      title: 'Change proposed',
      heading: `Proposal ${record.n} is recorded and waits for Google`,
      lines: [
        `Google's daily limit on new documents is used up: its document is made, shared with every voting member and adviser and each emailed, when the limit comes back, by ${committeeTime(ctx, isoOf(back))}.`,
        'Do not propose it again: reworded, it would be a second proposal.',
      ],
    });
  const readers = proposalReaders(roster(ctx));
  const waiting = readers.filter((id) => !record.sharedWith.includes(id)).length;
  return resultPage({
    title: 'Change proposed',
    heading: `Proposal ${record.n} is open for discussion`,
    lines: [
      waiting
        ? `Its document is shared with ${record.sharedWith.length} of the ${readers.length} voting members and advisers so far, each emailed; the others within the hour.`
        : 'Its document is shared with every voting member and adviser, who have been emailed.',
      `Brainstorming ends on ${committeeTime(ctx, brainstormEndsAt(record))}; the voting members then vote on the text as it stands.`,
    ],
    links: [
      ...(record.docId ? [{ label: 'Open the document', href: docUrl(record.docId) }] : []),
      { label: 'Proposal', href: linkOf(ctx, member.id, proposalCid(record.n), 'change', LINK_TTL_DAYS.change) },
    ],
  });
}

function notVotingPage(): PageView {
  return resultPage({
    title: 'Not available',
    heading: 'Only voting members propose changes',
    lines: [
      'Advisers take part in the discussion in the proposal document, but a proposal is opened by a voting member.',
    ],
    tone: 'warn',
    outcome: 'refused',
  });
}

function proposalOf(request: ActionRequest): ProposalRecord | undefined {
  const n = proposalNumberOf(request.claims.cid);
  return n === null ? undefined : proposalsOf(request.ctx).find(n);
}

/** Said by every refusal of the pages, spelled once. */

const CHOICE_TEXT: Record<Choice, string> = { approve: 'Approve', reject: 'Reject', abstain: 'Abstain' };

function proposalPage(request: ActionRequest, rec: ProposalRecord, notice: string[] = [], refused = false): PageView {
  const { ctx } = request;
  const member = request.member as CommitteeMember;
  // No vote was opened on a proposal brainstorming, nor on one that ended (ADV-510).
  const tally = rec.voteOpenedAt ? tallyNow(ctx, rec) : null;
  const voting = rec.state === 'vote' && readNow(ctx) < parseInstant(rec.voteClosesAt);
  // No vote on ballots the registry lost: one would decide on them, or hide the restore from the sweep (ADV-567).
  const lost = changeBallotLost(ctx, rec);
  // Made an adviser while it is voted on, their ballot no longer counts: not shown as theirs now (ADV-483).
  const current = rec.state === 'vote' && member.role !== 'voting' ? undefined : rec.ballots[member.id];
  const dates = [
    { label: 'Proposed', value: committeeTime(ctx, rec.proposedAt) },
    { label: 'Brainstorming ends', value: committeeTime(ctx, brainstormEndsAt(rec)) },
    { label: 'Vote closes', value: committeeTime(ctx, rec.voteClosesAt) },
    { label: 'Decided', value: committeeTime(ctx, rec.decidedAt) },
    { label: 'Sent to the board', value: committeeTime(ctx, rec.boardSentAt) },
    { label: "Board's answer recorded", value: committeeTime(ctx, rec.boardAnsweredAt) },
  ].filter((d) => d.value);
  return {
    page: 'proposal',
    title: `Proposed change ${rec.n}`,
    data: {
      notice: lost ? [ROLLED_BACK_LINE] : notice,
      noticeTone: refused || lost ? 'refused' : 'done',
      token: request.token,
      n: rec.n,
      proposalTitle: rec.title,
      state: PROPOSAL_STATE_LABEL[rec.state],
      text: rec.text,
      docUrl: rec.docId ? docUrl(rec.docId) : '',
      dates,
      summary: tally
        ? `${tally.approve} of ${rec.eligible.length} voting members approve; ${tally.required} approvals are needed (two-thirds of all voting members).`
        : rec.state === 'ended'
          ? 'It ended without a vote: its document was lost.'
          : rec.remindedAt.unread
            ? 'Its vote waits: its document cannot be opened.'
            : 'The members are discussing this proposal in its document.',
      canVote: voting && !lost && rec.eligible.includes(member.id) && member.role === 'voting',
      current: current ? CHOICE_TEXT[current] : '',
      canRecordBoard: rec.state === 'passed' && member.role === 'voting',
    },
  };
}

function proposalPost(request: ActionRequest, rec: ProposalRecord): PageView {
  const { ctx } = request;
  const member = request.member as CommitteeMember;
  // The page says why when the registry lost ballots on it (ADV-567).
  if (!isConfirmed(request) || changeBallotLost(ctx, rec)) return proposalPage(request, rec, [UNTICKED], true);
  if (request.fields.op === 'vote') {
    const choice = request.fields.choice;
    if (choice !== 'approve' && choice !== 'reject' && choice !== 'abstain')
      return proposalPage(request, rec, [`Please choose Approve, Reject or Abstain. ${NOT_CHANGED}`], true);
    // Voting members vote (ADV-102's rule for case votes): castChangeBallot refuses one made an adviser since it opened.
    const result = castChangeBallot(rec, member.id, choice, readNow(ctx), votingNow(ctx));
    // The same ballot after it decided the vote (a double click): a decided vote keeps the ballots that counted.
    if (!result.ok && result.reason === 'not-open' && rec.ballots[member.id] === choice)
      return proposalPage(request, rec, [`Your vote is recorded: ${CHOICE_TEXT[choice]}.`]);
    if (!result.ok)
      return proposalPage(
        request,
        rec,
        [
          result.reason !== 'not-eligible'
            ? `This vote is not open. ${NOT_CHANGED}`
            : member.role !== 'voting'
              ? `Advisers do not vote. ${NOT_CHANGED}`
              : `Only those who were voting members when the vote opened, and still are, vote on this proposal. ${NOT_CHANGED}`,
        ],
        true,
      );
    Object.assign(rec, result.proposal);
    rec.cast++;
    proposalsOf(ctx).save(rec);
    recordAudit(ctx, 'proposal.ballot', '-', `proposal ${rec.n}: member ${member.id}`);
    // One that decides mails its result, which ADV-541's mark guards; one that does not, its own mark (ADV-567).
    if (rec.state !== 'vote') finishVote(ctx, rec);
    else markBallot(ctx, proposalCid(rec.n), rec.cast);
    syncPolicyTab(ctx, [rec]);
    return proposalPage(request, rec, [`Your vote is recorded: ${CHOICE_TEXT[choice]}.`]);
  }
  if (request.fields.op === 'board') {
    const answer = request.fields.answer;
    // Pressed twice, or on a page open since another member recorded it: the page says what stands (ADV-477).
    if (rec.boardAnswer && (answer === 'approved' || answer === 'declined'))
      return answer === rec.boardAnswer
        ? proposalPage(request, rec, ["The board's answer is recorded."])
        : proposalPage(
            request,
            rec,
            [
              `The board's answer was already recorded ${committeeTime(ctx, rec.boardAnsweredAt)}: it ${rec.boardAnswer === 'approved' ? 'adopted' : 'declined'} the change. It cannot be changed; nothing has been changed now.`,
            ],
            true,
          );
    if ((answer !== 'approved' && answer !== 'declined') || member.role !== 'voting' || rec.state !== 'passed')
      return proposalPage(request, rec, [`The board's answer cannot be recorded here. ${NOT_CHANGED}`], true);
    Object.assign(rec, recordBoardAnswer(rec, answer as BoardAnswer, readNowIso(ctx)));
    proposalsOf(ctx).save(rec);
    logStep(
      ctx,
      rec,
      `The board ${answer === 'approved' ? 'adopted' : 'declined'} the change (recorded by ${member.name})`,
    );
    recordAudit(ctx, 'proposal.board-answer', '-', `proposal ${rec.n}: ${answer} by member ${member.id}`);
    syncPolicyTab(ctx, [rec]);
    return proposalPage(request, rec, ["The board's answer is recorded."]);
  }
  return proposalPage(request, rec, [NOT_CHANGED], true);
}

/** Registers the two pages: proposing (`propose`, no case) and a proposal (`change`, `cid` `p<n>`). */
export function registerPolicyChangeActions(): void {
  registerAction('propose', {
    subject: 'member',
    caseScope: 'none',
    get: (request) => ((request.member as CommitteeMember).role === 'voting' ? proposePage(request) : notVotingPage()),
    post: (request) => proposePost(request),
  });
  registerAction('change', {
    subject: 'member',
    caseScope: 'own',
    get: (request) => {
      const rec = proposalOf(request);
      return rec ? proposalPage(request, rec) : invalidLinkPage();
    },
    post: (request) => {
      const rec = proposalOf(request);
      return rec ? proposalPost(request, rec) : invalidLinkPage();
    },
  });
}
