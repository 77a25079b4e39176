// Conflict screening: "no conflict" shares the case Doc with that member alone (silently, fallback recorded); "conflict" is recorded and revokes access at once, confirmed by re-reading.
import { canonicalAddress } from '../core/identity';
import { DAY_MS, HOUR_MS } from '../core/deadlines';
import { accessGrantedMessage, committeeAlertMessage, conflictRecordedMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import { auditError, rethrowEnding } from '../workspace/errors';
import { linkOf, docUrl } from '../workspace/links';
import type { CommitteeMember } from '../workspace/members';
import { LINK_TTL_DAYS, PROP } from '../workspace/schema';
import { formatSheetTime } from '../workspace/session';
import { grantEditorSilently, isRefusedByRepetition, isShareRefused, revokeAccess } from '../workspace/sharing';
import { casesOf, isClosed, trashedByRetention, type Case } from '../records/cases';
import { clearancesOf, returnMark, type ClearanceRecord, type ShareState, type Via } from '../records/clearances';
import { conflictsOf } from '../records/conflicts';
import { outboxKey } from '../records/outbox';
import { logInDoc, logInDocOrAudit, USE_GOOGLE_ACCOUNT } from './case-state';
import { settleModerators } from './moderators';
import { sweepOpenVote } from './vote';
import { syncMeetingGuests } from './meetings';
import { dropCaseMailFor, onboardingAccessMail } from './onboarding';
import { isDocGone, recheckCaseDoc } from './audit-recheck';
import { ownerAddressOf } from '../workspace/context';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp, propMap } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { memberById } from '../workspace/committee';
import { commitWork } from '../workspace/unit-of-work';

/** What a member whose conflict is recorded reads when Drive did not confirm their access was removed. */
export const ACCESS_UNCONFIRMED =
  'We could not confirm that your access was removed. The committee has been told and will check it.';

/** What a "no conflict" answer led to. */
export type NoConflictResult =
  | { kind: 'granted'; share: 'silent' | 'fallback' }
  | { kind: 'already'; share: ShareState; at: string }
  /** Recorded, but Drive failed for now (or `refused` the address today, ADV-452): the sweep's audit completes it later. */
  | { kind: 'share-pending'; error: string; refused: boolean; trashed?: boolean }
  /** The member declared a conflict earlier: conflicts are final, nothing is shared. */
  | { kind: 'conflict-stands'; at: string };

/** What a "conflict" answer led to. */
export interface ConflictResult {
  kind: 'recorded' | 'already';
  at: string;
  /** True when the member held access and it was removed. */
  revoked: boolean;
  /** False when the re-read still showed access (or Drive failed): the committee has been told. */
  confirmed: boolean;
}

const VIA_TEXT: Record<string, string> = {
  screening: 'screening',
  onboarding: 'onboarding',
  'case-page': 'case page',
  roster: 'roster change',
  audit: 'access audit',
};

/**
 * How a member appears in the status sheet's `Conflicts` tab: their name as the `Committee` tab (which every member
 * reads) already shows it — the same for every member, so no label marks anyone out as being in a report. A member
 * who is in a report is conflicted on that case automatically and never listed for it (self-reported.ts).
 */
export function memberLabelForSheet(member: CommitteeMember): string {
  return member.name.trim() || `Member ${member.id}`;
}

function accessMail(ctx: Context, kase: Case, member: CommitteeMember, record: ClearanceRecord, again: boolean) {
  const message = accessGrantedMessage({
    memberName: member.name,
    codeName: kase.codeName,
    docUrl: docUrl(kase.docId),
    casePageUrl: linkOf(ctx, member.id, kase.id, 'case', LINK_TTL_DAYS.case),
    again,
  });
  // Given back after a removal: its own message each day it happens, not the first grant's key (ADV-474).
  const mark = `${returnMark(clearancesOf(ctx), record)}${again ? `:${readNowIso(ctx).slice(0, 10)}` : ''}`;
  return {
    key: outboxKey(kase.id, `access-granted${mark}`, member.id),
    caseId: kase.id,
    kind: 'access-granted',
    to: member.email,
    ...message,
    delivery: AT_LEAST_ONCE,
  };
}

/** Script Property: each address Drive refused even with its notification, and the (UTC) day it last did (`?<since>`: suspected, ADV-461). */
const REFUSED_PROP = 'shareRefused';

/** True when Drive refused this address today: its shares wait for the next day, not for every sync (ADV-446). */
export function shareRefusedToday(ctx: Context, email: string): boolean {
  return propMap(ctx, REFUSED_PROP)[email] === readNowIso(ctx).slice(0, 10);
}

/**
 * Why Drive refused `email` even with its invitation, as far as the addresses tell (ADV-453): Drive's words for it are
 * undocumented and in the account's language (R11), and a consumer account's address may be at any domain. Only a
 * Workspace outside the member's domain can have the policy; a Gmail account has none, so only a deleted account is left.
 */
export function refusalCause(ctx: Context, email: string) {
  // One identity model (core/identity.ts): googlemail.com is gmail.com, a consumer account with no admin policy.
  const [home = '', domain] = [ownerAddressOf(ctx) ?? '', email].map((a) => canonicalAddress(a).split('@')[1]);
  const gone = 'the Google account of this address was';
  const policy = domain !== home && home !== 'gmail.com';
  return {
    cause: policy
      ? `either the committee\u2019s Google Workspace does not allow sharing outside ${home}, or ${gone} deleted`
      : `${gone} probably deleted`,
    domain: policy ? domain : '',
    home,
    /** What changes it, told to the member (the owner's own steps are not theirs to take, ADV-455). */
    remedy: `It changes when ${policy ? `the Workspace admin allows sharing with ${domain}, or when ` : ''}the committee gives you another address in the Committee tab; Conduct Desk tries again once a day`,
  };
}

/** What a member Drive refuses reads on a page (ADV-452, and onboarding's ADV-468): `what`, and when they hear. */
export function refusedLine(ctx: Context, email: string, what: string, when: string): string {
  const { cause, remedy } = refusalCause(ctx, email);
  return `Google Drive refused to share ${what} with your address, ${email}: ${cause}. The committee account was told by email. ${remedy}, and you will get an email when ${when} shared.`;
}

/**
 * Drive refused the member a share even with Google's invitation (an admin's policy on sharing outside the
 * organisation, or an account deleted): noted for the day, and the owner and the member told once for the address.
 * A refusal known only by repetition counts once Drive has refused the address for 6 hours (`?<since>` until then,
 * shares still tried at each sync): an outage fails both shares too, in words of the account's language that
 * `isPassingFault` cannot know (ADV-461).
 */
export function noteShareRefused(ctx: Context, member: Pick<CommitteeMember, 'id' | 'email'>, err: unknown) {
  const refused = propMap(ctx, REFUSED_PROP);
  const was = refused[member.email] ?? '';
  const age = readNow(ctx) - Date.parse(was.slice(1));
  // Refused on an earlier day, or for 6 hours; a suspicion a day old is an earlier outage's, not this refusal's start.
  const known = !isRefusedByRepetition(err) || (was && was[0] !== '?') || (age >= 6 * HOUR_MS && age < DAY_MS);
  // Once per refusal: an address Drive shared with since (`noteShareAllowed`) is told again (ADV-466).
  const since = refused[`allowed:${member.email}`];
  refused[member.email] = known ? readNowIso(ctx).slice(0, 10) : age < 6 * HOUR_MS ? was : `?${readNowIso(ctx)}`;
  writeProp(ctx, REFUSED_PROP, JSON.stringify(refused));
  if (!known) return;
  recordAudit(ctx, 'member.share-refused', '-', `member ${member.id}: ${auditError(err)}`);
  const owner = ownerAddressOf(ctx) ?? '';
  const { cause, domain, home, remedy } = refusalCause(ctx, member.email);
  const title = 'Drive refuses to share with a committee member';
  const message = committeeAlertMessage({
    title,
    lines: [
      `Google Drive refused to share the committee\u2019s documents with ${member.email}: ${cause}. Until that changes they open none; Conduct Desk tries again once a day.`,
      (domain
        ? `If the committee account is in a Google Workspace, ask its admin to allow sharing with ${domain} (Admin console > Drive and Docs > Sharing settings), or use an address in ${home} in the Committee tab. Otherwise g`
        : 'G') + 'ive them another address in the Committee tab, or untick Active.',
    ],
  });
  // The member reads what happened to their address and what changes it, not the owner's steps (ADV-455). Neither
  // says Google's invitation was tried: a refusal in words naming no address never tries it (ADV-470, ADV-473).
  const theirs = committeeAlertMessage({
    title,
    lines: [
      `Google Drive refused to share the committee\u2019s documents with your address, ${member.email}: ${cause}. The committee account was told.`,
      `${remedy}.`,
    ],
  });
  for (const [to, id, text] of [
    [owner, 'owner', message],
    [member.email, member.id, theirs],
  ] as const)
    queueMail(ctx, {
      key: outboxKey('-', `share-refused:${member.email}${since ? `:${since}` : ''}`, id),
      caseId: '-',
      kind: 'alert',
      to,
      ...text,
      delivery: AT_LEAST_ONCE,
    });
}

/**
 * Drive shared with an address it refused (the admin allowed its domain): a later refusal (the policy changed back, the
 * account deleted) is news, told once again (ADV-466). Before, the owner and the member were told once for good.
 */
export function noteShareAllowed(ctx: Context, email: string): void {
  const refused = propMap(ctx, REFUSED_PROP);
  if (!(email in refused)) return;
  // One write: the refusal's day goes, and the time that keys the next refusal's notices comes.
  refused[`allowed:${email}`] = readNowIso(ctx);
  delete refused[email];
  writeProp(ctx, REFUSED_PROP, JSON.stringify(refused));
}

/** The note a clearance keeps while its share failed and waits for another attempt. */
const SHARE_FAILED_NOTE = 'share failed, will retry: ';

/** Marks a pending share of a Doc the member had, whose access was removed and could not be given back (audit.ts). */
const RESTORE_MARK = 'access removed; ';

/**
 * Leaves the share pending: the sweep's `completePendingShares` tries it again (an address Drive refused, once a day).
 * `restore`: the member had the Doc (the access audit's repair), told as given back, not as a new declaration.
 */
export function leaveSharePending(ctx: Context, record: ClearanceRecord, error: string, restore = false): void {
  clearancesOf(ctx).setShare(record, 'pending', `${SHARE_FAILED_NOTE}${restore ? RESTORE_MARK : ''}${error}`);
}

/**
 * Shares the Doc for a recorded `no-conflict` event (Share `pending`): silently, or through Drive's
 * notifying fallback when the address has no Google account (recorded, committee told). Appends the dated
 * Doc log entry and, with `accessEmail`, queues the member's email with the Doc and case page links.
 * A Drive failure leaves the event `pending` for the audit to finish; it never throws for one.
 */
export function completeShare(
  ctx: Context,
  kase: Case,
  member: CommitteeMember,
  record: ClearanceRecord,
  options: { accessEmail: boolean },
): ShareState {
  const clearances = clearancesOf(ctx);
  let state: 'silent' | 'fallback';
  let fallbackNote = '';
  // A registry gone back in time may have lost the member's conflict (ADV-542): no share until it is put back.
  if (shareRefusedToday(ctx, member.email) || ctx.outbox.rolledBack(conflictLost(ctx, kase.id))) return 'pending';
  const again = record.share === 'pending' && record.note.startsWith(SHARE_FAILED_NOTE + RESTORE_MARK);
  try {
    // A second failure for the same share is taken as Drive's refusal, whatever language its message is in, unless its
    // words are a passing fault's (ADV-454).
    const afterFailedAttempt = record.share === 'pending' && record.note.startsWith(SHARE_FAILED_NOTE);
    const grant = grantEditorSilently(kase.docId, member.email, { afterFailedAttempt });
    state = grant.silent ? 'silent' : 'fallback';
    if (!grant.silent) fallbackNote = `${grant.reason}; shared with Google\u2019s notification`;
  } catch (err) {
    rethrowEnding(err);
    const error = auditError(err);
    leaveSharePending(ctx, record, error, again);
    recordAudit(ctx, 'share.failed', kase.id, `member ${member.id}: ${error}`);
    if (isShareRefused(err)) noteShareRefused(ctx, member, err);
    return 'pending';
  }
  clearances.setShare(record, state, fallbackNote);
  noteShareAllowed(ctx, member.email);
  // The share is done: a Docs hiccup must not throw away its record (the audit would share again, and a notifying
  // fallback would notify twice).
  logInDocOrAudit(
    ctx,
    kase,
    `${member.name || 'A member'} ${again ? 'had lost access; ' : `declared no conflict of interest (${VIA_TEXT[record.via] ?? record.via}); `}the document was shared with them${again ? ' again' : ''}${state === 'fallback' ? ' (Google sent its own notification)' : ''}.`,
    `share of member ${member.id}`,
  );
  recordAudit(ctx, 'share.granted', kase.id, `member ${member.id}; ${state}; via ${record.via}`);
  if (state === 'fallback') {
    // Need-to-know: the members cleared for the case and the committee account, not every member (ADV-206).
    ctx.outbox.alertCase(kase.id, 'A case document was shared with a Google notification', [
      'A member declared no conflict, but their address has no Google account, so Drive refused to share the document silently.',
      'It was shared with Google\u2019s own invitation email instead, which shows the document title (the code name only).',
      USE_GOOGLE_ACCOUNT,
    ]);
  }
  if (options.accessEmail) queueMail(ctx, accessMail(ctx, kase, member, record, again));
  return state;
}

/**
 * A member declares no conflict for a case. Idempotent: a repeat changes nothing; an earlier conflict
 * stands. The decision is committed before Drive is touched, so no share ever precedes its record.
 */
export function recordNoConflict(ctx: Context, kase: Case, member: CommitteeMember, via: Via): NoConflictResult {
  if (!member.active || !member.id) throw new Error('recordNoConflict: only active members can be cleared');
  const clearances = clearancesOf(ctx);
  const latest = clearances.latest(kase.id, member.id);
  if (latest?.decision === 'conflict') return { kind: 'conflict-stands', at: latest.at };
  let record = latest;
  if (latest?.decision === 'no-conflict' && latest.share !== 'pending')
    return { kind: 'already', share: latest.share, at: latest.at };
  if (!record || record.decision !== 'no-conflict') {
    record = clearances.append({
      caseId: kase.id,
      memberId: member.id,
      decision: 'no-conflict',
      at: readNowIso(ctx),
      via,
      share: 'pending',
      note: '',
    });
    recordAudit(ctx, 'clearance.no-conflict', kase.id, `member ${member.id} via ${via}`);
    commitWork(ctx);
  }
  // Its Doc in the trash under retention, its shares withdrawn (ADV-210): shared with nobody there, the share waits for
  // a reopening, as completePendingShares leaves it (ADV-490).
  if (trashedByRetention(kase)) return { kind: 'share-pending', error: '', refused: false, trashed: true };
  // Cleared now: a guest of the meetings already called for the case.
  syncMeetingGuests(ctx, kase, clearances);
  const share = completeShare(ctx, kase, member, record, { accessEmail: true });
  if (share === 'pending')
    return { kind: 'share-pending', error: record.note, refused: shareRefusedToday(ctx, member.email) };
  return { kind: 'granted', share: share as 'silent' | 'fallback' };
}

/**
 * Revokes every direct permission the member holds on the Doc and re-reads to confirm; tells the committee
 * when it cannot confirm. Returns whether access was removed and whether its absence is confirmed.
 */
export function revokeDocAccess(
  ctx: Context,
  kase: Case,
  member: Pick<CommitteeMember, 'id' | 'email'>,
): { revoked: boolean; confirmed: boolean } {
  let outcome: { removed: boolean; confirmed: boolean };
  try {
    outcome = revokeAccess(kase.docId, member.email);
  } catch (err) {
    rethrowEnding(err);
    recordAudit(ctx, 'revoke.failed', kase.id, `member ${member.id}: ${auditError(err)}`);
    outcome = { removed: false, confirmed: false };
  }
  if (!outcome.confirmed) {
    // No change reached Drive, so its changes feed will not list the Doc: the next sweep's audit checks it by name.
    recheckCaseDoc(ctx, kase.id);
    ctx.outbox.alertCase(kase.id, 'Access to a case document could not be confirmed as removed', [
      'A member who must not have access may still be able to open the document.',
      'The access audit will retry; please check the document\u2019s sharing settings now.',
    ]);
  }
  return { revoked: outcome.removed, confirmed: outcome.confirmed };
}

/** A clearance's note when Drive did not confirm the revocation (the access audit retries it). */
export const REVOCATION_UNCONFIRMED = 'revocation not confirmed';

/** True when the event left the member with access the system granted (a completed "no conflict" share). */
export function grantedAccess(record: ClearanceRecord | null): boolean {
  return Boolean(
    record && record.decision === 'no-conflict' && (record.share === 'silent' || record.share === 'fallback'),
  );
}

/**
 * Whether access the system had granted is gone now: removed by this run, or confirmed absent after a grant
 * (a run that removed it died before recording so; its retry must still say `revoked`, not `none`).
 */
export function accessWithdrawn(outcome: { revoked: boolean; confirmed: boolean }, granted: boolean): boolean {
  return outcome.revoked || (granted && outcome.confirmed);
}

/**
 * The last declared conflict (`PROP.conflictMark`) is not in the registry: it went back to an older version (ADV-542).
 * A conflict stands for good (recordNoConflict), and the archive drops the mark with the case's rows. `only`: looked at
 * when the mark is of that case, whose rows are read already (another's would cost a read; the mark of the last message
 * sent, the conflict's own confirmation among them, stands guard there).
 */
export function conflictLost(ctx: Context, only?: string): boolean {
  const [caseId, memberId] = (readProp(ctx, PROP.conflictMark) ?? '').split('|');
  return (
    !!memberId && (!only || only === caseId) && clearancesOf(ctx).latest(caseId, memberId)?.decision !== 'conflict'
  );
}

/**
 * A member declares a conflict for a case: recorded in registry `Clearances` and the status sheet's
 * `Conflicts` tab (no reason, ever), committed, then any access is revoked at once and re-read to confirm.
 * Allowed at any time, also after a "no conflict". Idempotent.
 */
export function recordConflict(ctx: Context, kase: Case, member: CommitteeMember, via: Via): ConflictResult {
  if (!member.id) throw new Error('recordConflict: the member has no id');
  const clearances = clearancesOf(ctx);
  const latest = clearances.latest(kase.id, member.id);
  if (latest?.decision === 'conflict' && latest.share !== 'pending')
    return { kind: 'already', at: latest.at, revoked: false, confirmed: true };
  const record = latest?.decision === 'conflict' ? latest : noteConflict(ctx, kase, member, via);
  if (record !== latest) {
    commitWork(ctx);
    writeProp(ctx, PROP.conflictMark, `${kase.id}|${member.id}`);
  }
  // Always revoke, whatever the records say: a human or a crashed run may have left a permission behind.
  const outcome = revokeDocAccess(ctx, kase, member);
  const revoked = accessWithdrawn(outcome, grantedAccess(record === latest ? clearances.previous(record) : latest));
  clearancesOf(ctx).setShare(record, revoked ? 'revoked' : 'none', outcome.confirmed ? '' : REVOCATION_UNCONFIRMED);
  logInDoc(
    ctx,
    kase,
    `${member.name || 'A member'} declared a conflict of interest (${VIA_TEXT[via] ?? via})${revoked ? '; their access was removed' : ''}.`,
  );
  // Off the guest list of the case's meetings at once, whatever the Doc's revocation said.
  syncMeetingGuests(ctx, kase, clearances);
  // Not one email per case for the onboarding page's answers (the daily recipient quota): the page said what it recorded.
  if (via !== 'onboarding') queueMail(ctx, conflictMail(kase, member));
  // A member who moderates the space and answered the recommendation before: their answer no longer decides.
  settleModerators(ctx, kase, clearances);
  // Their recusal may leave two-thirds out of reach: the vote closes now, not an hour on, while pages call it open.
  sweepOpenVote(ctx, kase, clearances, undefined, true);
  return { kind: 'recorded', at: record.at, revoked, confirmed: outcome.confirmed };
}

/**
 * Records a declared conflict, its share `pending` until recordConflict (the page's, or the sweep's completePendingShares)
 * has revoked access and told the case: in registry `Clearances`, the sheet's `Conflicts` tab (no reason, ever) and the
 * Log. The case's mail still waiting for them (the quota, a failed try: a meeting's invitation, the access email) would
 * reach them after they stepped out of it.
 */
export function noteConflict(ctx: Context, kase: Case, member: CommitteeMember, via: Via): ClearanceRecord {
  const record = clearancesOf(ctx).append({
    caseId: kase.id,
    memberId: member.id,
    decision: 'conflict',
    at: readNowIso(ctx),
    via,
    share: 'pending',
    note: '',
  });
  conflictsOf(ctx).append({
    codeName: kase.codeName,
    member: memberLabelForSheet(member),
    date: formatSheetTime(readNow(ctx), ctx.clock.timeZone()),
  });
  recordAudit(ctx, 'clearance.conflict', kase.id, `member ${member.id} via ${via}`);
  dropCaseMailFor(ctx, member, kase);
  return record;
}

function conflictMail(kase: Case, member: CommitteeMember) {
  const message = conflictRecordedMessage({ memberName: member.name, codeName: kase.codeName });
  return {
    key: outboxKey(kase.id, 'conflict-recorded', member.id),
    caseId: kase.id,
    kind: 'conflict-recorded',
    to: member.email,
    ...message,
    delivery: AT_LEAST_ONCE,
  };
}

/**
 * Finishes shares recorded but not done (a Drive failure, or onboarding that ran out of time), oldest first,
 * while time remains. Only for active members whose latest decision is still `no-conflict`. Called by the
 * access audit (and so by the sweep). Returns how many were completed and how many remain.
 */
export function completePendingShares(ctx: Context, hasTime: () => boolean): { completed: number; remaining: number } {
  const clearances = clearancesOf(ctx);
  // A conflict recorded by a run that died before revoking (or before telling the member) is finished here:
  // its page only says "already recorded", so nobody would ever repeat the action that completes it.
  // Found through the table's index on `Share`: pending events are few, the tab holds every clearance ever.
  const unfinished = clearances.latestWithShare('pending');
  const pendingConflicts = unfinished.filter((r) => r.decision === 'conflict');
  const pending = unfinished.filter((r) => r.decision === 'no-conflict');
  if (!pending.length && !pendingConflicts.length) return { completed: 0, remaining: 0 };
  // By id: pending shares are few, and an archived case's row is read only when one is for it.
  const store = casesOf(ctx);
  const cases = { get: (caseId: string) => store.find(caseId) ?? undefined };
  for (const record of pendingConflicts) {
    const kase = cases.get(record.caseId);
    const member = memberById(ctx, record.memberId);
    if (!kase || !member || !hasTime()) continue;
    recordConflict(ctx, kase, member, record.via as Via);
  }
  let completed = 0;
  let remaining = 0;
  // Onboarding answers can leave thousands of shares for later: those members get one email per run listing
  // what was shared (one per Doc would use up the daily recipient quota), as the onboarding page itself does.
  const onboarded = new Map<string, { member: CommitteeMember; cases: Case[] }>();
  for (const record of pending) {
    const kase = cases.get(record.caseId);
    const member = memberById(ctx, record.memberId);
    if (!kase || !member || !member.active) continue;
    // A closed case's Doc the audit found gone is not replaced while it is closed: the share waits for the new Doc. One
    // retention put in the trash, its shares withdrawn (ADV-210), waits for a reopening to take it out (ADV-478).
    if (trashedByRetention(kase) || (isClosed(kase) && isDocGone(kase, readNow(ctx)))) continue;
    if (!hasTime()) {
      remaining++;
      continue;
    }
    const digest = record.via === 'onboarding';
    if (completeShare(ctx, kase, member, record, { accessEmail: !digest }) === 'pending') {
      remaining++;
      continue;
    }
    completed++;
    if (digest) {
      const entry = onboarded.get(member.id) ?? { member, cases: [] };
      entry.cases.push(kase);
      onboarded.set(member.id, entry);
    }
  }
  for (const { member, cases: shared } of onboarded.values()) queueMail(ctx, onboardingAccessMail(ctx, member, shared));
  return { completed, remaining };
}
