// Withdrawing one member's links at once (issue 14 point 4): the owner types `yes` under `Revoke links` on the Committee tab; links made before are refused with a clear page, and the member gets fresh ones for what is open to them.
import { committeeAlertMessage, MAIL_LIST_MAX } from '../core/messages';
import { canonicalAddress } from '../core/identity';
import type { LinkClaims } from '../core/tokens';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import type { PageView } from '../workspace/pages';
import { LINK_LABEL, LINK_TTL_DAYS, STATUS_TAB, CONFIRM_TTL_DAYS } from '../workspace/schema';
import { casesOf, isClosed } from '../records/cases';
import { clearancesOf, isCleared } from '../records/clearances';
import { outboxKey, outboxOf } from '../records/outbox';
import { votesOf } from '../records/votes';
import { moderationOf } from '../records/moderation';
import { currentRound, moderatorLink, moderatorLinkDays, referenceFor } from './moderators';
import { roundOf } from './vote';
import { onboardingPeople } from './onboarding';
import { resultPage } from './web-router';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { writeProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';
import { memberById, activeMembers } from '../workspace/committee';
import { statusTab, afterCommit } from '../workspace/unit-of-work';
import { lowerTrim } from '../core/text';

/**
 * Script Property: member id → when their links were withdrawn (`at`), whether the cell still says so, whether the
 * email with fresh ones may not be queued yet (`owed`, ADV-587), and when they last came back to the committee (`left`,
 * ADV-561: written on leaving by earlier versions).
 */
const REVOKED_PROP = 'linksRevoked';
/** The Committee tab's optional column the owner types `yes` into. */
export const REVOKE_HEADER = 'Revoke links';
export { CONFIRM_TTL_DAYS };

type Revocations = Record<string, { at?: string; cell?: boolean; owed?: boolean; left?: string }>;

function revocationsOf(ctx: Context): Revocations {
  return ctx.properties.map<Revocations[string]>(REVOKED_PROP);
}

/** Days a link of this action lives (how its issue time is read back from its expiry). */
function ttlDays(act: Exclude<LinkClaims['act'], 'moderator'>): number {
  if (act === 'no-conflict' || act === 'conflict') return LINK_TTL_DAYS.screening;
  if (act === 'confirm') return CONFIRM_TTL_DAYS;
  return LINK_TTL_DAYS[act];
}

/**
 * True when the link was made before its member's links were withdrawn (to the second, as links record time). A
 * moderator link (`d_`) is the member's whose mailbox it went to: withdrawn, it could still accept for the space.
 */
export function isRevoked(ctx: Context, claims: LinkClaims): boolean {
  let sub = claims.sub;
  let days = 0;
  if (claims.act === 'moderator') {
    const kase = casesOf(ctx).find(claims.cid);
    const email = moderationOf(ctx).byId(sub)?.email;
    sub = (email && ctx.committee.byEmail(email)?.id) || '';
    if (kase) days = moderatorLinkDays(kase);
  } else days = ttlDays(claims.act);
  const { at: revoked = '', left = '' } = revocationsOf(ctx)[sub] ?? {};
  // Leaving withdraws the member's own links, not those of a space they still moderate (Settings decide that).
  const at = Date.parse(claims.act !== 'moderator' && left > revoked ? left : revoked);
  if (!Number.isFinite(at)) return false;
  const issuedMs = claims.exp * 1000 - Math.round(days * 86400) * 1000;
  return issuedMs < Math.floor(at / 1000) * 1000;
}

/** The page for a withdrawn link: says so plainly, names nothing. */
export function withdrawnLinkPage(): PageView {
  return resultPage({
    title: 'Link withdrawn',
    heading: 'This link was withdrawn',
    lines: [
      'The committee withdrew it. Nothing was changed. Use the newest email from the committee: it has fresh links.',
    ],
    tone: 'warn',
    outcome: 'refused',
  });
}

function isYes(value: unknown): boolean {
  return value === true || /^(yes|true|y)$/i.test(String(value ?? '').trim());
}

/**
 * Reads `Revoke links` on the Committee tab (the roster sync calls it): a `yes` not yet acted on withdraws that
 * member's links from now and sends them fresh ones; a cleared cell lets a later `yes` withdraw again. Returns the
 * members whose links were withdrawn.
 */
export function syncRevocations(ctx: Context): string[] {
  const rows = statusTab(ctx, STATUS_TAB.committee).asRows();
  const header = (rows[0] ?? []).map((h) => lowerTrim(String(h ?? '')));
  const revokeCol = header.indexOf(REVOKE_HEADER.toLowerCase());
  const emailCol = header.indexOf('email');
  if (revokeCol < 0 || emailCol < 0) return [];
  const revocations = revocationsOf(ctx);
  const done: string[] = [];
  let changed = false;
  for (const row of rows.slice(1)) {
    const email = lowerTrim(String(row[emailCol] ?? ''));
    // By mailbox: a member whose address the owner re-spelled in place keeps the address they joined with.
    const member = email
      ? activeMembers(ctx).find((m) => canonicalAddress(m.email) === canonicalAddress(email))
      : undefined;
    if (!member) continue;
    const stored = revocations[member.id];
    const yes = isYes(row[revokeCol]);
    // Written before the commit that queues the fresh links (a link made in between is withdrawn), so `owed` until that
    // commit: a run that dies between the two leaves it, and the next sends them (ADV-587), under the same key.
    if (yes && !stored?.cell) {
      revocations[member.id] = { ...stored, at: readNowIso(ctx), cell: true, owed: true };
      changed = true;
    } else if (!yes && stored?.cell) {
      revocations[member.id] = { ...stored, cell: false };
      changed = true;
    }
    if (revocations[member.id]?.owed) done.push(member.id);
  }
  if (changed) writeProp(ctx, REVOKED_PROP, JSON.stringify(revocations));
  const keys = outboxOf(ctx).keyIndex();
  const keyOf = (id: string) => outboxKey('-', `fresh-links:${revocations[id].at!}`, id);
  for (const id of done) {
    // Queued and not yet sent (the quota, a held send): nothing again, not another Audit row each hour.
    if (keys.has(keyOf(id))) continue;
    recordAudit(ctx, 'links.revoked', '-', `member ${id}: every earlier link withdrawn`);
    sendFreshLinks(ctx, memberById(ctx, id)!, {
      key: keyOf(id),
      title: 'Your earlier links were withdrawn: fresh ones below',
    });
  }
  // Owed until a commit records the email sent (hooks run after each commit, delivery's too), not merely queued: the
  // committee account may restore a registry from before the queuing, which no mark tells (nothing was sent), and the
  // member kept no working link and got none (ADV-607). Only this sync writes the property after its read, and a later
  // one in this execution reads what it wrote and registers its hook after this one: the last write is the newest.
  afterCommit(ctx, () => {
    for (const id of done.filter((i) => !/^(pending|sending)?$/.test(keys.state(keyOf(i)) ?? ''))) {
      done.splice(done.indexOf(id), 1);
      delete revocations[id].owed;
      writeProp(ctx, REVOKED_PROP, JSON.stringify(revocations));
    }
  });
  return done;
}

/**
 * A member comes back to the committee (ADV-561): every link made for them before is withdrawn, so the year-long Record
 * and Propose links, votes and screenings they kept, or forwarded, do not work again (the welcome brings new ones).
 * Written on return, not on leaving (ADV-575): a run that dies before its commit leaves a member still inactive, whose
 * links are refused anyway.
 */
export function withdrawOnReturn(ctx: Context, memberId: string): void {
  const revocations = revocationsOf(ctx);
  // The welcome brings new links: fresh ones still owed for a revocation (ADV-587) would only double them.
  revocations[memberId] = { ...revocations[memberId], left: readNowIso(ctx), owed: false };
  writeProp(ctx, REVOKED_PROP, JSON.stringify(revocations));
}

/**
 * Fresh links for what is open to the member now: case pages of cases they are cleared for, unanswered screenings,
 * open votes, the Record link and (voting members) the Propose link; with `asked`, instead of those two, the link
 * asked for (a closed case they are still cleared for, their Record or Propose link). One email, sent once (`key`).
 */
export function sendFreshLinks(
  ctx: Context,
  member: CommitteeMember,
  p: { key: string; title: string; asked?: LinkClaims },
): void {
  const clearances = clearancesOf(ctx);
  const keys = outboxOf(ctx).keyIndex();
  // One line per link, `<label> (<code name>): <url>`: the label a person (and the workbench) looks for.
  const lines: string[] = [];
  const cases = casesOf(ctx);
  const asked = p.asked;
  const askedId = asked && asked.cid !== '-' ? asked.cid.split('.')[0] : '';
  // The case whose link was used first, then the others, as many as one email holds (ADV-372): past that, the
  // message would be cut in its outbox cell.
  let listed = 0;
  let more = 0;
  const open = cases.live().filter((kase) => !isClosed(kase));
  for (const kase of [...open.filter((k) => k.id === askedId), ...open.filter((k) => k.id !== askedId)]) {
    const latest = clearances.latest(kase.id, member.id);
    const cleared = isCleared(latest);
    const screening = !cleared && !latest && keys.has(outboxKey(kase.id, 'screening', member.id));
    // Her link to answer as a moderator of the space (withdrawn with the rest), under the reference the email gave.
    const moderating = (kase.flags.letter ? [] : currentRound(ctx, kase, clearances)).filter(
      (m) => ctx.committee.byEmail(m.email)?.id === member.id,
    );
    if (!cleared && !screening && !moderating.length) continue;
    // A case's lines come to about 350 characters each, and the HTML part shows each address twice.
    if (listed++ >= MAIL_LIST_MAX || lines.join('').length > 20_000) {
      more++;
      continue;
    }
    const links: Array<{ label: string; url: string }> = [];
    if (cleared) {
      links.push({
        label: LINK_LABEL.casePage,
        url: linkOf(ctx, member.id, kase.id, 'case', LINK_TTL_DAYS.case),
      });
      const vote = votesOf(ctx).latest(kase.id);
      if (vote && vote.outcome === 'open' && vote.eligible.includes(member.id) && member.role === 'voting')
        links.push({ label: LINK_LABEL.vote, url: linkOf(ctx, member.id, kase.id, 'vote', LINK_TTL_DAYS.vote) });
    } else if (screening) {
      links.push(
        {
          label: LINK_LABEL.noConflict,
          url: linkOf(ctx, member.id, kase.id, 'no-conflict', LINK_TTL_DAYS.screening),
        },
        { label: LINK_LABEL.conflict, url: linkOf(ctx, member.id, kase.id, 'conflict', LINK_TTL_DAYS.screening) },
      );
    }
    for (const l of links) lines.push(`${l.label} (${kase.codeName}): ${l.url}`);
    for (const m of moderating)
      lines.push(`Answer the committee (${referenceFor(kase, roundOf(kase))}): ${moderatorLink(ctx, kase, m.id)}`);
  }
  if (more)
    lines.push(
      `Links for ${more} more open case${more === 1 ? ' are' : 's are'} not listed here (one email lists at most ${MAIL_LIST_MAX}): an old link of one of them asks for its own, one email a day.`,
    );
  const askedCase = askedId ? cases.find(askedId) : undefined;
  // A closed case's page (to reopen it, or read its record): only while the member is still cleared for it.
  if (askedCase && isClosed(askedCase) && isCleared(clearances.latest(askedCase.id, member.id)))
    lines.push(
      `${LINK_LABEL.casePage} (${askedCase.codeName}): ${linkOf(ctx, member.id, askedCase.id, 'case', LINK_TTL_DAYS.case)}`,
    );
  // Past reports still unanswered (a new member's onboarding link lasts 30 days): without this, the member whose link
  // ran out before they answered was told nothing waits, and every past case stayed closed to them for good.
  if (onboardingPeople(ctx, member).people.length)
    lines.push(`${LINK_LABEL.onboarding}: ${linkOf(ctx, member.id, '-', 'onboard', LINK_TTL_DAYS.onboard)}`);
  // Withdrawn (no `asked`), the year-long Record and Propose links of the welcome email come back too: nothing else
  // sends them again, so the member could never record a report or propose a change.
  if (!asked || asked.act === 'record')
    lines.push(`${LINK_LABEL.record}: ${linkOf(ctx, member.id, '-', 'record', LINK_TTL_DAYS.record)}`);
  if ((!asked || asked.act === 'propose') && member.role === 'voting')
    lines.push(`${LINK_LABEL.propose}: ${linkOf(ctx, member.id, '-', 'propose', LINK_TTL_DAYS.propose)}`);
  queueMail(ctx, {
    key: p.key,
    caseId: '-',
    kind: 'alert',
    to: member.email,
    ...committeeAlertMessage({
      title: p.title,
      lines: lines.length ? lines : ['Nothing is waiting for you just now.'],
    }),
    delivery: AT_LEAST_ONCE,
  });
}
