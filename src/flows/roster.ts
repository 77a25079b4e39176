// Keeps the registry and Drive in step with the owner's Committee tab: new active members get the status sheet and an onboarding link; members made inactive or removed lose every Doc and the sheet.
import { committeeAlertMessage, onboardingMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import { auditError, rethrowEnding } from '../workspace/errors';
import { foldedName, type CommitteeMember } from '../workspace/members';
import { LINK_LABEL, LINK_TTL_DAYS, PROP } from '../workspace/schema';
import { grantEditorSilently, isShareRefused, revokeAccess } from '../workspace/sharing';
import { effectiveUserEmail } from '../workspace/session';
import { normalizeEmail } from '../core/text';
import { casesOf, isClosed } from '../records/cases';
import { AUTOMATIC_NOTE, clearancesOf, isAutomaticConflict } from '../records/clearances';
import { membersOf } from '../records/members';
import { outboxKey, outboxOf } from '../records/outbox';
import { votesOf } from '../records/votes';
import { logInDocOrAudit, USE_GOOGLE_ACCOUNT } from './case-state';
import { syncRevocations, withdrawOnReturn } from './link-revocation';
import { onboardingPeople } from './onboarding';
import { moveChangeSeats, unshareProposals } from './policy-changes';
import { conflictWhereInvolved } from './self-reported';
import { syncMeetingGuests } from './meetings';
import {
  accessWithdrawn,
  grantedAccess,
  noteShareAllowed,
  noteShareRefused,
  REVOCATION_UNCONFIRMED,
  revokeDocAccess,
  shareRefusedToday,
} from './screening';
import { ownerAddressOf } from '../workspace/context';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, writeProp, requireProp, propMap } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';
import { afterCommit } from '../workspace/unit-of-work';

/** What one roster sync did (member ids only). */
export interface RosterReport {
  added: string[];
  offboarded: string[];
  updated: string[];
  problems: string[];
}

function ownerEmail(ctx: Context): string {
  return normalizeEmail(ownerAddressOf(ctx) ?? '') || effectiveUserEmail();
}

/**
 * Compares the Committee tab with registry `Members` and acts on the differences. Idempotent: run it after
 * every edit of the Committee tab and from the sweep; a half-typed row (no valid email yet) is skipped.
 */
export function syncRoster(ctx: Context, hasTime?: () => boolean): RosterReport {
  const report: RosterReport = { added: [], offboarded: [], updated: [], problems: [] };
  const committee = ctx.committee.members();
  const members = membersOf(ctx);
  const owner = ownerEmail(ctx);
  const now = readNowIso(ctx);
  forgetFinishedOffboardings(ctx);
  // Worked out before the loop offboards the members who moved: the registry still has them active.
  const moves = movesOf(ctx, committee);

  for (const member of committee) {
    if (member.registryRef < 0) continue; // inactive and never registered: nothing to undo
    if (member.active) {
      const before = members.at(member.registryRef);
      const edited = members.refresh(member.registryRef, member, now);
      if (edited) report.updated.push(member.id);
      // Back while the sheet's removal was unconfirmed (still `editor`): welcomed all the same, or nothing would ever
      // ask them about the cases their leaving closed to them.
      const welcome = !before.active || (member.sheetAccess !== 'editor' && !shareRefusedToday(ctx, member.email));
      // Voting members propose changes with the link of their welcome email: one made a voting member later gets it now.
      if (before.role === 'adviser' && member.role === 'voting' && !welcome) sendProposeLink(ctx, member, now);
      // Who the member is may have changed (joined, came back, name or address edited): check it against every case.
      if (welcome) carryConflicts(ctx, member);
      if (edited || welcome) conflictWhereInvolved(ctx, member, casesOf(ctx).all());
      // Back: the links made before are withdrawn (ADV-561), written before the return's commit (ADV-575: at the leave it
      // withdrew the links of a member ticked again after a run that died before its commit).
      if (!before.active) withdrawOnReturn(ctx, member.id);
      if (welcome) addMember(ctx, member, owner, report);
      // Made active again before an offboarding finished: it stops here, and a later one counts from its own start.
      forgetOffboarding(ctx, member.id);
    } else if (members.at(member.registryRef).active || member.sheetAccess === 'editor') {
      offboardMember(ctx, member, owner, report, hasTime);
    }
  }

  // Rows deleted from the Committee tab: the registry still knows them, so their access is withdrawn too.
  const listed = new Set(committee.map((m) => m.email));
  for (const row of members.all()) {
    if (!row.email || !row.id || listed.has(row.email)) continue;
    if (!row.active && row.sheetAccess !== 'editor') continue;
    offboardMember(
      ctx,
      {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role === 'adviser' ? 'adviser' : 'voting',
        active: false,
        onboardedAt: '',
        sheetAccess: row.sheetAccess,
        registryRef: row.ref,
        isNew: false,
      },
      owner,
      report,
      hasTime,
    );
  }
  // The owner's `yes` under `Revoke links` withdraws that member's earlier links (link-revocation.ts).
  syncRevocations(ctx);
  for (const move of moves) {
    const to = committee.find((m) => m.email === move.to);
    if (!to) continue;
    // Told even when the welcome waits for a retry (Drive failed the status sheet's share): the move is seen only now.
    tellOwnerAddressMoved(ctx, owner, move, to.id);
    // The same person (as for their conflicts): their seat in an open vote, and any ballot, go with them, even when the
    // welcome must wait for a retry (the move is seen only once: the old id is offboarded). Default deny still holds:
    // the new id votes, and its ballot counts, only once it declares no conflict for the case itself.
    const seats = [...votesOf(ctx).moveSeats(move.id, to.id), ...moveChangeSeats(ctx, move.id, to.id)];
    if (seats.length) recordAudit(ctx, 'vote.seat-moved', '-', `member ${move.id} to ${to.id}: ${seats.join(', ')}`);
  }
  return report;
}

/**
 * The owner typed a new address over a current member's: the new one got the status spreadsheet and the conflict check
 * at once (its page names every reported person), the old one lost everything. A typo does this to a stranger, and
 * nothing else would say so: the committee account is told, with what to do.
 */
function tellOwnerAddressMoved(ctx: Context, owner: string, moved: MovedAddress, toId: string): void {
  const to = normalizeEmail(moved.to);
  queueMail(ctx, {
    key: outboxKey('-', `address-moved:${moved.id}:${toId}`, 'owner'),
    caseId: '-',
    kind: 'alert',
    to: owner,
    ...committeeAlertMessage({
      title: 'A member\u2019s address was changed',
      lines: [
        `${moved.name || 'A member'}: the Committee tab changed their address from ${normalizeEmail(moved.from)} to ${to}.`,
        `${to} now has the status spreadsheet and was sent the welcome email, with the conflict check for any past cases (its page lists the reported people); the old address lost the status spreadsheet and every case document. Case documents reach the new address only after it declares no conflict.`,
        'If the new address is a typo, correct the cell now: the mistyped address then loses the status spreadsheet and its links stop working.',
      ],
    }),
    delivery: AT_LEAST_ONCE,
  });
}

/** A member's address before and after the owner changed it in `Committee`, their name and former member id. */
interface MovedAddress {
  id: string;
  from: string;
  to: string;
  name: string;
}

/**
 * The members the owner moved to a new address: a current member's address gone from `Committee` while a member not
 * yet welcomed appears under the same name. The registry, which still holds the old address, tells it, whatever the
 * edit was: one cell typed over, a pasted row, a row typed anew, or an edit the trigger missed and the sweep syncs
 * (Google gives an edit event's old value for a one-cell edit only). A newcomer who merely shares a departing member's
 * name is kept out of that member's conflicted cases too: the safe direction, and the Audit says so.
 */
function movesOf(ctx: Context, committee: CommitteeMember[]): MovedAddress[] {
  const listed = new Set(committee.map((m) => m.email));
  const gone = membersOf(ctx)
    .all()
    .filter((row) => row.active && row.email && row.id && !listed.has(row.email) && foldedName(row.name));
  if (!gone.length) return [];
  const moves: MovedAddress[] = [];
  for (const to of committee) {
    if (!to.active || to.sheetAccess === 'editor' || !foldedName(to.name)) continue;
    for (const from of gone)
      if (foldedName(from.name) === foldedName(to.name))
        moves.push({ id: from.id, from: from.email, to: to.email, name: from.name });
  }
  return moves;
}

/**
 * A member welcomed under the name of another registry member (one who moved to a new address, however the owner typed
 * it: over the old one, in a row of its own before or after the old row went, or on coming back after leaving) is the
 * same person to the identity model: the conflicts recorded under the other id are recorded for this one before it is
 * welcomed (registry only, automatic ones staying automatic), so onboarding never offers those cases (ADV-28). A
 * newcomer who merely shares the name is kept out of them too: the safe direction. Another name carries nothing.
 */
function carryConflicts(ctx: Context, to: CommitteeMember): void {
  const name = foldedName(to.name);
  if (!name || !to.id) return;
  const clearances = clearancesOf(ctx);
  const now = readNowIso(ctx);
  for (const from of membersOf(ctx).all()) {
    if (!from.id || from.id === to.id || foldedName(from.name) !== name) continue;
    let carried = 0;
    for (const record of clearances.all()) {
      if (record.memberId !== from.id || record.decision !== 'conflict') continue;
      if (clearances.latest(record.caseId, to.id)) continue;
      const note = `carried from member ${from.id}: the same person at a new address`;
      clearances.append({
        caseId: record.caseId,
        memberId: to.id,
        decision: 'conflict',
        at: now,
        via: 'roster',
        share: 'none',
        note: isAutomaticConflict(record) ? `${AUTOMATIC_NOTE}: ${note}` : note,
      });
      carried++;
    }
    if (carried) recordAudit(ctx, 'member.conflicts-carried', '-', `member ${from.id} to ${to.id}; ${carried} case(s)`);
  }
}

/** Status spreadsheet editor (individually, silently where Drive allows) and the onboarding email. */
function addMember(ctx: Context, member: CommitteeMember, owner: string, report: RosterReport): void {
  const statusId = requireProp(ctx, PROP.statusSpreadsheetId);
  const now = readNowIso(ctx);
  let note = '';
  if (member.email !== owner) {
    try {
      const grant = grantEditorSilently(statusId, member.email, {
        afterFailedAttempt: member.sheetAccess === 'failed',
      });
      if (!grant.silent) note = 'status sheet shared with Google\u2019s notification (no Google account)';
      noteShareAllowed(ctx, member.email);
    } catch (err) {
      rethrowEnding(err);
      // Not recorded as editor, so the next sync (the next edit or the sweep) tries again: with the fallback if Drive
      // refuses again, whatever words it uses (no Google account, in the account's language).
      membersOf(ctx).setSheetAccess(member.registryRef, 'failed', now);
      report.problems.push(`member ${member.id}: ${auditError(err)}`);
      recordAudit(ctx, 'member.share-failed', '-', `member ${member.id}: ${auditError(err)}`);
      if (isShareRefused(err)) noteShareRefused(ctx, member, err);
      return;
    }
  }
  membersOf(ctx).setSheetAccess(member.registryRef, 'editor', now);
  recordAudit(ctx, 'member.added', '-', `member ${member.id}; status sheet ${note ? 'fallback' : 'silent'}`);
  if (note) {
    ctx.outbox.alertCommittee('The status spreadsheet was shared with a Google notification', [
      'A new member\u2019s address has no Google account, so Drive refused to share the status spreadsheet silently.',
      USE_GOOGLE_ACCOUNT,
    ]);
  }
  const { people } = onboardingPeople(ctx, member, casesOf(ctx).all());
  const message = onboardingMessage({
    memberName: member.name,
    onboardUrl: people.length ? linkOf(ctx, member.id, '-', 'onboard', LINK_TTL_DAYS.onboard) : '',
    count: people.length,
    // Voting members may propose a change to the Code of Conduct (src/flows/policy-changes.ts): the link comes here.
    proposeUrl: member.role === 'voting' ? linkOf(ctx, member.id, '-', 'propose', LINK_TTL_DAYS.propose) : undefined,
    recordUrl: linkOf(ctx, member.id, '-', 'record', LINK_TTL_DAYS.record),
  });
  // One onboarding email per joining (the instant it was recorded): a member made inactive and active again is
  // asked again. A crash before commit loses the row with the grant, so the retry enqueues the only copy.
  queueMail(ctx, {
    key: outboxKey('-', `onboarding:${now}`, member.id),
    caseId: '-',
    kind: 'onboarding',
    to: member.email,
    ...message,
    delivery: AT_LEAST_ONCE,
  });
  report.added.push(member.id);
}

/** The `Propose a change` link for a member made a voting member after they joined (advisers get none). */
function sendProposeLink(ctx: Context, member: CommitteeMember, now: string): void {
  const url = linkOf(ctx, member.id, '-', 'propose', LINK_TTL_DAYS.propose);
  queueMail(ctx, {
    key: outboxKey('-', `voting-member:${now}`, member.id),
    caseId: '-',
    kind: 'alert',
    to: member.email,
    ...committeeAlertMessage({
      title: 'You are now a voting member of the committee',
      lines: [
        'You vote on the cases you are cleared for, and you may propose a change to the Code of Conduct.',
        `${LINK_LABEL.propose}: ${url}`,
      ],
    }),
    delivery: AT_LEAST_ONCE,
  });
  recordAudit(ctx, 'member.made-voting', '-', `member ${member.id}: Propose a change link sent`);
}

/** Stop revoking and leave the rest to the next sync when less than this is left (the commit and its mail). */
const OFFBOARD_RESERVE_MS = 60 * 1000;

/** When each unfinished offboarding began (PROP.offboarding). */
const offboardingsUnderway = (ctx: Context) => propMap(ctx, PROP.offboarding);

function saveOffboardings(ctx: Context, underway: Record<string, string>): void {
  if (Object.keys(underway).length) writeProp(ctx, PROP.offboarding, JSON.stringify(underway));
  else dropProp(ctx, PROP.offboarding);
}

/** Drops the start of offboardings that are over (a run killed after its commit, before its after-commit hook). */
function forgetFinishedOffboardings(ctx: Context): void {
  const underway = offboardingsUnderway(ctx);
  if (!Object.keys(underway).length) return;
  const rows = new Map(
    membersOf(ctx)
      .all()
      .map((row) => [row.id, row]),
  );
  for (const id of Object.keys(underway)) {
    const row = rows.get(id);
    if (!row || (!row.active && row.sheetAccess !== 'editor')) forgetOffboarding(ctx, id);
  }
}

function forgetOffboarding(ctx: Context, memberId: string): void {
  const underway = offboardingsUnderway(ctx);
  if (!(memberId in underway)) return;
  delete underway[memberId];
  saveOffboardings(ctx, underway);
}

/**
 * Withdraws everything a member held: the status spreadsheet, then every case Doc they were cleared for (each
 * revocation re-read to confirm). Their clearances stop counting (an `inactive` event per case), so if they return
 * they are asked again through onboarding. When Drive is too slow for one execution to do every Doc, it stops while
 * `hasTime` says so, with what it did committed, and the next sync (the sweep within the hour) goes on: the member
 * stays active in the registry until the last Doc is done. The committee is told once, at the end.
 */
export function offboardMember(
  ctx: Context,
  member: CommitteeMember,
  owner: string,
  report: RosterReport,
  hasTime: () => boolean = () => ctx.timeBudget.remaining() > OFFBOARD_RESERVE_MS,
): void {
  const clearances = clearancesOf(ctx);
  const cases = new Map(
    casesOf(ctx)
      .all()
      .map((c) => [c.id, c]),
  );
  const now = readNowIso(ctx);
  const members = membersOf(ctx);
  // The status spreadsheet first: one call, and done again each run until the member is deactivated.
  let sheetRemoved = true;
  if (member.email !== owner) {
    try {
      const outcome = revokeAccess(requireProp(ctx, PROP.statusSpreadsheetId), member.email);
      sheetRemoved = outcome.confirmed;
    } catch (err) {
      rethrowEnding(err);
      sheetRemoved = false;
      recordAudit(ctx, 'member.unshare-failed', '-', `member ${member.id}: ${auditError(err)}`);
    }
  }
  // Mail still waiting for them (the quota, a failed try) would tell a former member of cases they no longer see.
  if (member.id) {
    const dropped = outboxOf(ctx).dropPendingFor(member.id, now, 'the member left the committee');
    if (dropped) recordAudit(ctx, 'member.mail-dropped', '-', `member ${member.id}; ${dropped} message(s) not sent`);
  }
  // Offboarded already, the sheet's removal unconfirmed then: only the sheet is tried again (the committee was told).
  if (!members.at(member.registryRef).active) {
    if (sheetRemoved) members.setSheetAccess(member.registryRef, 'none', now);
    return;
  }
  // Open cases first: what is still being discussed is what a departing member must stop reading soonest.
  const cleared = clearances
    .all()
    .filter((r) => r.memberId === member.id && r.decision === 'no-conflict' && cases.has(r.caseId))
    .sort((a, b) => Number(isClosed(cases.get(a.caseId)!)) - Number(isClosed(cases.get(b.caseId)!)));
  // When this offboarding began, kept before any Doc is touched: a run that pauses, fails or is killed leaves it for
  // the run that finishes, whose alert counts the Docs of every run since.
  const underway = offboardingsUnderway(ctx);
  const since = underway[member.id] ?? now;
  if (cleared.length && !underway[member.id]) saveOffboardings(ctx, { ...underway, [member.id]: now });
  let done = 0;
  for (const record of cleared) {
    if (!hasTime()) break;
    const kase = cases.get(record.caseId)!;
    const outcome = revokeDocAccess(ctx, kase, member);
    const withdrawn = accessWithdrawn(outcome, grantedAccess(record));
    clearances.append({
      caseId: kase.id,
      memberId: member.id,
      decision: 'inactive',
      at: now,
      via: 'roster',
      share: withdrawn ? 'revoked' : 'none',
      note: outcome.confirmed ? '' : REVOCATION_UNCONFIRMED,
    });
    // A Doc that refuses the line (gone from Drive) is the access audit's; the member's access is what matters here.
    logInDocOrAudit(
      ctx,
      kase,
      `${member.name || 'A member'} left the committee; their access was removed.`,
      `offboarding of member ${member.id}`,
    );
    // No longer cleared: off the guest list of the case's meetings at once.
    syncMeetingGuests(ctx, kase, clearances);
    done++;
  }
  // The proposals' Docs too, after the cases': before, they stayed theirs until the hourly sweep.
  unshareProposals(ctx, hasTime);
  if (done < cleared.length) {
    // Made active again before the end, the member must be given the sheet again: the registry says it is gone.
    if (sheetRemoved && member.sheetAccess === 'editor') members.setSheetAccess(member.registryRef, 'none', now);
    recordAudit(
      ctx,
      'member.offboard-paused',
      '-',
      `member ${member.id}; ${cleared.length - done} document(s) still to revoke, at the next sync`,
    );
    return;
  }
  // Every run of this offboarding wrote its events at or after the first run began.
  const mine = clearances.all().filter((r) => r.memberId === member.id && r.decision === 'inactive' && r.at >= since);
  const revoked = mine.filter((r) => r.share === 'revoked').length;
  const unconfirmed = mine.filter((r) => r.note === REVOCATION_UNCONFIRMED).length;
  // Forgotten once this run's events are on disk: a run that dies before its commit counts from the same start.
  if (cleared.length) afterCommit(ctx, () => forgetOffboarding(ctx, member.id));
  members.deactivate(member.registryRef, sheetRemoved ? 'none' : 'editor', now);
  recordAudit(
    ctx,
    'member.offboarded',
    '-',
    `member ${member.id}; ${revoked} document(s) revoked${unconfirmed ? `; ${unconfirmed} unconfirmed` : ''}`,
  );
  const lines = [
    `${member.name || 'A member'} is no longer an active member of the committee.`,
    `Their access to ${revoked ? `${revoked === 1 ? 'one case document' : `${revoked} case documents`} and to ` : ''}the status spreadsheet was removed.`,
  ];
  if (unconfirmed || !sheetRemoved)
    lines.push(
      'Some access could not be confirmed as removed; the access audit will retry. Please check the sharing settings.',
    );
  ctx.outbox.alertCommittee('A member was made inactive', lines);
  report.offboarded.push(member.id);
}
