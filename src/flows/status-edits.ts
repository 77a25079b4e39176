// Status edits in the shared sheet (issue 14 point 3): a `Status` that closes or reopens a case acts only for the owner or a member cleared for the case, as Google names the editor; anyone else's edit is a proposal a cleared member confirms or undoes on the case page.
import { caseStatusOf, isCaseStatus } from '../core/case-model';
import { dayIn } from '../core/deadlines';
import { hashText } from '../core/hash';
import type { CasePhase } from '../core/lifecycle';
import { restoreArchivedCase } from './archive';
import { reviveAfterPurge } from './retention';
import type { Context } from '../workspace/context';
import { buildAlertMail, type CommitteeMember } from '../workspace/members';
import { LINK_TTL_DAYS, PROP } from '../workspace/schema';
import { readFileAccess } from '../workspace/sharing';
import { casesOf, isClosed, type Case } from '../records/cases';
import { clearancesOf, type Clearances } from '../records/clearances';
import { statusRowsOf } from '../records/status-rows';
import {
  clearedMember,
  clearedMembers,
  logInDoc,
  logInDocOrAudit,
  setPhase,
  statusFor,
  tellCaseMembers,
} from './case-state';
import { cancelOpenVote } from './vote';
import { closingByVote, responseVoted } from './closing';
import { timeZoneOf, activeMembers } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';
import { requireProp } from '../workspace/script-properties';
import { lowerTrim } from '../core/text';

const CLOSING_STATUSES: Record<string, CasePhase> = { resolved: 'resolved', closed: 'closed' };

/** A Status change someone made in the sheet that nobody allowed to make it has confirmed yet. */
export interface StatusProposal {
  status: string;
  at: string;
  /** The cleared member Google named as its editor, when it did (their own edit, waiting for a second member). */
  by?: string;
  /** Cleared members who confirmed it so far (a closing before the response went out needs two people). */
  confirmedBy?: string[];
}

/**
 * True when the change would close a case whose voted response has not gone out: that is a decision nobody takes
 * alone (issue 14), so it needs two people — the owner, or two members cleared for the case.
 */
export function needsSecondMember(state: Case, status: string): boolean {
  return changeAsked(state, status) === 'close' && !state.flags.letter;
}

/** The members who stand behind a proposal so far (its named editor and its confirmers). */
export function proposalPeople(proposal: StatusProposal): Set<string> {
  return new Set([proposal.by ?? '', ...(proposal.confirmedBy ?? [])].filter(Boolean));
}

/** Who acted on a case: the committee account, or a member cleared for it. */
export type Author = { kind: 'owner' } | { kind: 'member'; member: CommitteeMember };

/** The case's open proposal, if any. */
export function proposalOf(state: Case): StatusProposal | null {
  return (state.flags.statusProposal as StatusProposal | undefined) ?? null;
}

/**
 * The editor as an author for this case, or null. `editor` is the address Google gave for the edit: blank when it
 * hides who edited (on consumer accounts it usually does for anyone but the trigger's owner), and a blank never
 * matches anyone. Compared as written (case and spaces aside), not as mailboxes (`canonicalAddress`): that model keeps
 * people out on a likely match; granting on one would let an account at a look-alike (`аna@`, Cyrillic а) or a
 * `+tag` address, a different Google account, act as a cleared member. An unmatched edit is only a proposal.
 */
export function authorOf(ctx: Context, clearances: Clearances, state: Case, editor: string): Author | null {
  const email = lowerTrim(editor);
  if (!email) return null;
  if (email === lowerTrim(ownerAddressOf(ctx) ?? '')) return { kind: 'owner' };
  const member = activeMembers(ctx).find((m) => m.email.toLowerCase() === email);
  const cleared = member ? clearedMember(ctx, clearances, state.id, member.id) : null;
  return cleared ? { kind: 'member', member: cleared } : null;
}

/**
 * ADV-515: true when the hourly (or the daily archived) look finds a Status asking a change it did not see last time: the
 * edit's own trigger may wait for the lock this sweep holds (TRIGGER_LOCK_WAIT_MS) to act for the editor Google names.
 * Taken as an unknown editor's, the owner's `Ongoing` (or `Closed`) was put back or mailed as waiting for confirmation,
 * then done by that trigger. The next look acts on it when no trigger did (its run died, the trigger is down).
 */
export function awaitsItsTrigger(ctx: Context, state: Case, cell: string): boolean {
  const status = caseStatusOf(cell);
  const seen = state.flags.statusSeen;
  const fresh = !!changeAsked(state, status) && proposalOf(state)?.status !== status && seen !== status;
  if (!fresh && seen === undefined) return false;
  // Seen before: this look acts on it (or the cell says something else now), and the next change is new again.
  if (fresh) state.flags.statusSeen = status;
  else delete state.flags.statusSeen;
  casesOf(ctx).save(state);
  return fresh;
}

/** What a Status value asks of a case: close it, reopen it (a case a person closed), or nothing. */
function changeAsked(state: Case, status: string): 'close' | 'reopen' | null {
  if (!status || !isCaseStatus(status)) return null;
  const closing = CLOSING_STATUSES[status.toLowerCase()];
  if (closing && !isClosed(state)) return 'close';
  if (!closing && state.flags.closedByMember && isClosed(state)) return 'reopen';
  return null;
}

/**
 * Brings the case in step with its `Status` cell. `editor`: the address Google named for the edit ('' when it
 * named nobody), or null when nobody knows who typed it (the sweep's hourly look). The owner's or a cleared member's
 * edit acts at once; any other becomes a proposal (once per value): nothing is cancelled or stopped, and the members
 * cleared for the case (the committee account when there are none) are told. A cell put back drops the proposal.
 */
export function applyStatusCell(
  ctx: Context,
  state: Case,
  statusCell: string,
  editor: string | null,
  clearances: Clearances,
  told?: Told[],
): void {
  // Text that is no status (a cell pasted from another brings no drop-down) is put back: the cell never shows what the
  // case is not, and a member's words there were kept for good. A status in another spelling is that status.
  const typed = statusCell;
  statusCell = caseStatusOf(typed);
  if (typed && !statusCell) {
    putBack(ctx, state);
    return;
  }
  const asked = changeAsked(state, statusCell);
  const proposal = proposalOf(state);
  if (!asked) {
    // An open status over a case a decision closed (a vote, two members, the follow-up after the letter) is not the
    // sheet's to undo: the cell is put back, so it never says the case goes on while it is archived and purged. Nor is
    // the other closing status over a closed case (`Resolved` over a case closed as no violation): the cell agrees.
    if (
      isCaseStatus(statusCell) &&
      isClosed(state) &&
      statusCell.toLowerCase() !== statusFor(state.phase).toLowerCase()
    )
      keepDecidedStatus(ctx, state, statusCell, told);
    // Another open status over an open case asks nothing (a version restored brings an older one back): the cell says
    // where the case stands again, and a closing proposed meanwhile is dropped, as when the cell is put back by hand.
    else if (statusCell && !isClosed(state) && statusCell !== statusFor(state.phase)) putBack(ctx, state);
    // A reopening waiting for confirmation stands while the cell shows the status the system put back, unless the
    // committee account (or a cleared member Google names) types that status itself: it withdraws it, as before.
    else if (proposal && (!reopens(state, proposal.status) || (editor && authorOf(ctx, clearances, state, editor)))) {
      delete state.flags.statusProposal;
      casesOf(ctx).save(state);
    }
    return;
  }
  const author = editor === null ? null : authorOf(ctx, clearances, state, editor);
  // A case whose response the committee voted closes without it only by a vote, from the sheet as on its page
  // (ADV-327): the owner's `Closed`, or two members' (a proposal confirmed), undid what two-thirds decided. So does
  // any case whose closing Settings put to a vote, but for the committee account's own edit.
  if (undoesVote(ctx, state, statusCell, author?.kind === 'owner'))
    return keepDecidedStatus(ctx, state, statusCell, told, author?.kind === 'member' ? author.member : undefined);
  // A cleared member closing a case before its response went out waits for a second member: nobody decides alone.
  if (author && !(author.kind === 'member' && needsSecondMember(state, statusCell))) {
    applyStatusChange(ctx, state, statusCell, author);
    return;
  }
  const next: StatusProposal =
    proposal?.status === statusCell
      ? proposal
      : {
          status: statusCell,
          at: readNowIso(ctx),
          ...(author?.kind === 'member' ? { by: author.member.id } : {}),
        };
  // A reopening waits on the case page with the cell put back: left as typed, the sheet said the case went on while
  // it stayed closed, was archived and purged, for as long as nobody confirmed.
  if (asked === 'reopen') writeOwnStatus(ctx, state, next);
  if (next === proposal) return;
  state.flags.statusProposal = next;
  casesOf(ctx).save(state);
  recordAudit(ctx, 'status.proposed', state.id, `${statusCell}; editor ${editor ? 'not cleared' : 'unknown'}`);
  if (told) told.push({ state, status: statusCell });
  else tellProposal(ctx, state, clearances, statusCell);
}

/**
 * True when only a vote may close the case as `status` before its letter: `Closed` over a voted response (not
 * `Resolved`: it carried out, ADV-194), and, unless `byOwner`, any closing without one when Settings `Closing
 * decision` is Vote or a closing vote runs (two members' confirmation of a typed Status went round it).
 */
export function undoesVote(ctx: Context, state: Case, status: string, byOwner = false): boolean {
  if (!needsSecondMember(state, status)) return false;
  if (responseVoted(ctx, state)) return status.toLowerCase() === 'closed';
  // Nor while a closing vote runs that opened under Vote: it decides, Settings changed since or not (ADV-546).
  return !byOwner && closingByVote(ctx, state);
}

/** True when `status` would open again a case a person closed (a proposal of it stands with the cell put back). */
export function reopens(state: Case, status: string): boolean {
  return changeAsked(state, status) === 'reopen';
}

/** Tells what one edit (or one sweep's look at the cells) asked: several cases in one alert a recipient. */
export function tellStatusChanges(ctx: Context, told: Told[], clearances: Clearances): void {
  if (told.length > 1) tellPaste(ctx, told, clearances);
  else
    for (const t of told) {
      if (t.kept) tellKept(ctx, t.state, t.status, t.kept, t.by);
      else tellProposal(ctx, t.state, clearances, t.status);
    }
}

/** The committee's day (Settings `Time zone`), as the other once-a-day mail counts it. */
const today = (ctx: Context) => dayIn(readNowIso(ctx), timeZoneOf(ctx));

/** What one edit asks to tell: the case, the value typed, and what the cell says again when it was put back. */
export interface Told {
  state: Case;
  status: string;
  kept?: string;
  /** The cleared member Google named as the typist, told too. */
  by?: CommitteeMember;
}

/** `1 status was`, `2 statuses were`: a member cleared for one of the pasted cases is told of one (ADV-505). */
export const statusesWere = (n: number) => `${n} status${n > 1 ? 'es were' : ' was'}`;

/**
 * Tells of the cases one paste (or an hour's edits the trigger missed) changed in one alert a recipient (each cleared member of the cases they are cleared
 * for; the committee account of the rest), once per day and paste: one alert a case filled the committee's inbox and
 * took a busy day's mail quota (a column pasted over thirty cases, four members: 120 recipients).
 */
function tellPaste(ctx: Context, told: Told[], clearances: Clearances): void {
  const owner = ownerAddressOf(ctx) ?? '';
  const lists = new Map<string, { id: string; email: string; lines: string[] }>();
  const add = (id: string, email: string, line: string) => {
    if (!lists.has(id)) lists.set(id, { id, email, lines: [] });
    lists.get(id)?.lines.push(line);
  };
  for (const { state, status, kept } of told) {
    const cleared = kept ? [] : clearedMembers(ctx, clearances, state.id);
    for (const m of cleared)
      add(
        m.id,
        m.email,
        `${state.codeName}: "${status}", case page ${linkOf(ctx, m.id, state.id, 'case', LINK_TTL_DAYS.case)}`,
      );
    if (!cleared.length && owner)
      add(
        'owner',
        owner,
        `${state.codeName}: "${status}"${kept ? `, ${isClosed(state) ? 'a case closed by a decision' : responseVoted(ctx, state) ? 'a voted response' : 'closed by a vote'}: "${kept}" again` : ''}`,
      );
  }
  const day = today(ctx);
  const key = hashText(day + told.map((t) => t.state.id + t.status).join());
  for (const r of lists.values())
    queueMail(
      ctx,
      buildAlertMail({
        title: `${statusesWere(r.lines.length)} changed in the sheet`,
        lines: r.lines,
        // After the list, which then holds cases alone: one a member is kept out of since goes from it (ADV-496).
        tail: [
          'Nothing changed: a cleared member confirms or restores each on its case page. A case closed by a decision is not reopened from the sheet; one whose response was voted (or Settings say so) is closed only by a vote.',
        ],
        caseId: '-',
        member: r,
        discriminator: `status-paste:${key}`,
      }),
    );
}

/**
 * Tells the members cleared for the case about a proposal, each with their case page link: once a day per case and
 * value. Once per proposal let anyone typing a value and its opposite in turn send a message to every cleared member
 * at each edit, until the day's mail quota was gone and the next report's screening mail with it.
 */
function tellProposal(ctx: Context, state: Case, clearances: Clearances, status: string): void {
  // The committee's day (Settings `Time zone`), as the other once-a-day mail counts it: the UTC date turned in a
  // Los Angeles afternoon, and the same proposal was told twice in two hours.
  const day = today(ctx);
  const discriminator = `status-proposal:${hashText(`${status.toLowerCase()}|${day}`)}`;
  const lines = (link: string) => [
    `Someone set this case's Status to "${status}" in the sheet. Nothing changed: the vote and deadlines go on.`,
    'Confirm it or restore the status on the case page. Closing a case before its response went out needs two people cleared for it.',
    ...(link ? [`Case page: ${link}`] : []),
  ];
  const cleared = clearedMembers(ctx, clearances, state.id);
  const recipients: Array<{ id: string; email: string; link: string }> = cleared.map((m) => ({
    id: m.id,
    email: m.email,
    link: linkOf(ctx, m.id, state.id, 'case', LINK_TTL_DAYS.case),
  }));
  const owner = ownerAddressOf(ctx) ?? '';
  if (!recipients.length && owner) recipients.push({ id: 'owner', email: owner, link: '' });
  for (const r of recipients)
    queueMail(
      ctx,
      buildAlertMail({
        title: 'A status change in the sheet waits for confirmation',
        lines: lines(r.link),
        codeName: state.codeName,
        caseId: state.id,
        member: r,
        discriminator,
      }),
    );
}

function authorTag(author: Author): string {
  return author.kind === 'owner' ? 'by owner' : `by member ${author.member.id}`;
}

function authorName(author: Author): string {
  return author.kind === 'owner' ? 'The committee account' : author.member.name || 'A member';
}

/**
 * Closes or reopens the case as `status` says, for `author`: closing cancels any open vote and stops reminders and
 * status emails; reopening puts the case back where it was. Drops any proposal. Returns false when the status no
 * longer asks for a change.
 */
export function applyStatusChange(ctx: Context, state: Case, status: string, author: Author): boolean {
  const asked = changeAsked(state, status);
  delete state.flags.statusProposal;
  if (asked === 'close') {
    // The open vote is cancelled: reopening goes back to where the case was before it, never to a vote that is gone.
    const before =
      state.phase === 'voting'
        ? ((state.flags.beforeClosingVote as CasePhase | undefined) ??
          (state.flags.beforeRevote as CasePhase | undefined) ??
          'deliberating')
        : state.phase;
    state.flags.closedByMember = {
      phase: before,
      at: readNowIso(ctx),
      by: author.kind === 'owner' ? 'owner' : author.member.id,
    };
    cancelOpenVote(ctx, state, `the status was set to ${status}`);
    setPhase(ctx, state, CLOSING_STATUSES[status.toLowerCase()]);
    logInDoc(ctx, state, `${authorName(author)} set the status to ${status}: reminders and status emails stop.`);
    recordAudit(ctx, 'case.closed-by-member', state.id, `${status}; ${authorTag(author)}`);
    return true;
  }
  if (asked === 'reopen') {
    restoreArchivedCase(ctx, state);
    reviveAfterPurge(ctx, state);
    const byMember = state.flags.closedByMember as { phase?: string };
    const previous = (byMember.phase ?? 'deliberating') as CasePhase;
    delete state.flags.closedByMember;
    // A new life: what stalls it is news again (stalls.ts keys its alerts by it).
    state.flags.reopenedAt = readNowIso(ctx);
    state.closedAt = '';
    // The cell's value (typed to ask for the reopening, or put back while it waited) is not a member's own text to
    // keep: the cell shows where the case stands.
    const rows = statusRowsOf(ctx);
    const ref = rows.find(state.codeName);
    state.flags.lastWritten = {
      ...state.flags.lastWritten,
      status: ref === null ? status : rows.tracked(ref, 'status'),
    };
    setPhase(ctx, state, previous);
    // The case is open again whether or not its Doc takes the line (a purged case's Doc Drive could not bring back, a
    // Doc lost while the case was closed): one that does not is the next sweep's access audit's to find or replace.
    logInDocOrAudit(
      ctx,
      state,
      `${authorName(author)} set the status back to ${status}: the case is open again.`,
      'the reopening',
    );
    recordAudit(ctx, 'case.reopened-by-member', state.id, `${status}; ${authorTag(author)}`);
    // As a new round is: the members cleared for it learn it from their mail, not from the sheet if they look.
    tellCaseMembers(
      ctx,
      state,
      clearancesOf(ctx),
      'alert',
      `reopened:${state.flags.reopenedAt}`,
      'A case is open again',
      [`Its status was set back to ${status} in the sheet: the case goes on where it stood when it was closed.`],
    );
    return true;
  }
  casesOf(ctx).save(state);
  return false;
}

/** Writes the system's own status back into the case's `Status` cell, its proposal `kept` or dropped; returns the status. */
function writeOwnStatus(ctx: Context, state: Case, kept?: StatusProposal): string {
  const rows = statusRowsOf(ctx);
  const ref = rows.find(state.codeName);
  const status = statusFor(state.phase);
  if (ref !== null) rows.writeTracked(ref, { status });
  state.flags.lastWritten = { ...(state.flags.lastWritten ?? {}), status };
  if (kept) state.flags.statusProposal = kept;
  else delete state.flags.statusProposal;
  casesOf(ctx).save(state);
  return status;
}

/** Writes the system's status back into the cell; a reopening waiting for confirmation stands (ADV-333). */
function putBack(ctx: Context, state: Case): string {
  const waiting = proposalOf(state);
  return writeOwnStatus(ctx, state, waiting && reopens(state, waiting.status) ? waiting : undefined);
}

/**
 * A case closed by a decision typed back open: the cell is put back and the committee account (Google seldom names a
 * member who edits) is told, once a day per case (a paste over several: tellPaste), how such a case goes on. Reopening
 * it from the sheet would let one person undo what the cleared members decided (nobody decides alone).
 */
function keepDecidedStatus(ctx: Context, state: Case, typed: string, told?: Told[], by?: CommitteeMember): void {
  const status = putBack(ctx, state);
  recordAudit(ctx, 'status.kept', state.id, `${typed} over ${status}`);
  if (told) told.push({ state, status: typed, kept: status, by });
  else tellKept(ctx, state, typed, status, by);
}

/** The alert of one decided case typed back open, or of a voted one typed closed: to the committee account and the cleared member Google named. */
function tellKept(ctx: Context, state: Case, typed: string, status: string, by?: CommitteeMember): void {
  const email = ownerAddressOf(ctx);
  const open = !isClosed(state);
  const voted = responseVoted(ctx, state);
  for (const member of [...(email ? [{ id: 'owner', email }] : []), ...(by ? [by] : [])])
    queueMail(
      ctx,
      buildAlertMail({
        title: open
          ? voted
            ? 'A case whose response was voted is not closed from the sheet'
            : 'A case is closed by a vote, not from the sheet'
          : CLOSING_STATUSES[typed.toLowerCase()]
            ? 'A closed case\u2019s status is put back in the sheet'
            : 'A case closed by a decision is not reopened from the sheet',
        lines: [
          `"${typed}" was typed over its status: the sheet says "${status}" again; nothing changed.`,
          open
            ? voted
              ? 'Its members voted its plan and consequences: closing it without them is put to the vote on its case page (Resolved records them carried out).'
              : 'Closing is put to a vote (Settings\u2019 "Closing decision", or one open): a cleared member puts it to the vote on its case page.'
            : state.flags.letter
              ? 'New context? A cleared member presses Open a new round on its case page.'
              : 'Its members decided to close it: new information is a new report (the Form, or Record a report).',
        ],
        codeName: state.codeName,
        caseId: state.id,
        member,
        discriminator: `status-kept:${today(ctx)}`,
      }),
    );
}

/** Writes the system's own status back into the case's `Status` cell (a proposal rejected) and drops the proposal. */
export function restoreStatusCell(ctx: Context, state: Case, author: Author): void {
  const status = writeOwnStatus(ctx, state);
  logInDoc(ctx, state, `${authorName(author)} restored the status to ${status}.`);
  recordAudit(ctx, 'status.restored', state.id, `${status}; ${authorTag(author)}`);
}

/**
 * The case's risk cells as the sheet has them, each with whether a member cleared for the case confirmed that value:
 * every member types there, one with a conflict too, and Google seldom names who did, while the seed's risk questions
 * are the cleared members' to weigh. None when the case has no row.
 */
export function riskCells(ctx: Context, state: Case): Array<{ header: string; value: string; confirmed: boolean }> {
  const rows = statusRowsOf(ctx);
  const ref = rows.find(state.codeName);
  const confirmed = (state.flags.risk ?? {}) as Record<string, string>;
  return ref === null
    ? []
    : (['Safety risk?', 'Risk of repeating?'] as const).map((header) => {
        const value = rows.risk(ref, header);
        return { header, value, confirmed: confirmed[header] === value };
      });
}

/** The edited area of the `Cases` tab, as the onEdit event gives it (1-based sheet rows and columns). */
export interface EditedArea {
  row: number;
  numRows: number;
  column: number;
  numColumns: number;
  /** The code names the edited rows held when the trigger began, before it waited for the lock. */
  names?: string[];
  /** Their `Status` cells then (a one-cell edit's typed value). */
  statuses?: string[];
}

/**
 * The installable onEdit trigger's part: when the edit covers the `Status` column, each edited row's case is
 * brought in step with its cell for the editor Google named ('' when it named nobody).
 */
export function actOnStatusEdit(ctx: Context, area: EditedArea, editor: string): number {
  const { body, codeNameColumn, statusColumn } = statusRowsOf(ctx).grid();
  if (statusColumn < 0 || codeNameColumn < 0) return 0;
  if (statusColumn + 1 < area.column || statusColumn + 1 >= area.column + area.numColumns) return 0;
  // Someone signed out editing through "anyone with the link" is named as the trigger's owner (measured, ADV-129):
  // while the sheet is shared so, an edit naming the owner may be anyone's, and is a proposal like any unknown one.
  const owner = lowerTrim(ownerAddressOf(ctx) ?? '');
  if (owner && lowerTrim(editor) === owner) {
    if (readFileAccess(requireProp(ctx, PROP.statusSpreadsheetId)).access.startsWith('ANYONE')) editor = '';
  }
  const cases = casesOf(ctx);
  const clearances = clearancesOf(ctx);
  // A code name on several rows (a copied row) is nobody's row: the system will not guess which is the case's, for
  // a Status as for its writes (the sweep tells the committee).
  const keyOf = (row: unknown[]) => lowerTrim(String(row[codeNameColumn] ?? ''));
  const seen = new Map<string, number>();
  for (const row of body) seen.set(keyOf(row), (seen.get(keyOf(row)) ?? 0) + 1);
  const wholeRows = area.column <= codeNameColumn + 1 && codeNameColumn + 1 < area.column + area.numColumns;
  let acted = 0;
  const told: Told[] = [];
  for (let r = Math.max(area.row, 2); r < area.row + area.numRows; r++) {
    // A row inserted, deleted or sorted while the trigger waited moves another case under the edited row: the edit is
    // the case the row held then, found again by name (else the editor's authority closed whatever moved there).
    const named = area.names?.[r - area.row];
    const row = named === undefined ? body[r - 2] : body.find((b) => keyOf(b) === lowerTrim(named));
    if (!row || (seen.get(keyOf(row)) ?? 0) > 1) continue;
    // Archived cases (a closed case a member reopens) are read only when `Cases` has none of that name.
    const kase = cases.findBy('Code Name', String(row[codeNameColumn] ?? ''));
    if (!kase) continue;
    const state = cases.settleDeadlines(kase);
    const cell = String(row[statusColumn] ?? '').trim();
    // A cell is the editor's only as they left it, and, in an edit over several cells, only when it says something the
    // system did not already know: Google fires onEdit for a sort (and a paste) over the whole range, naming the
    // sorter, and a Closed someone with a conflict typed, waiting for confirmation, was taken for theirs.
    // Nor is a Status in an edit that rewrote the rows' code names too (a version restored, rows pasted whole): the
    // restore's event names the restorer over every cell it put back, old statuses that would have closed or reopened.
    const typed = area.statuses?.[r - area.row] ?? cell;
    const single = area.numRows * area.numColumns < 2;
    const proposal = proposalOf(state);
    // ADV-487: an hourly sweep that ran while this trigger waited for the lock read the cell first, took the typed
    // reopening for an unknown editor's proposal and put the cell back: the value typed is still this editor's.
    const aside =
      single &&
      typed !== cell &&
      !proposal?.by &&
      proposal?.status === caseStatusOf(typed) &&
      cell === state.flags.lastWritten?.status;
    const mine =
      (typed === cell || aside) &&
      (single || (!wholeRows && ![state.flags.lastWritten?.status, proposal?.status].includes(cell)));
    applyStatusCell(ctx, state, aside ? typed : cell, mine ? editor : '', clearances, told);
    acted++;
  }
  tellStatusChanges(ctx, told, clearances);
  return acted;
}
