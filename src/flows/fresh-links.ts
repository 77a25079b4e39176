// Asking for fresh links from a link that can no longer be used: the fresh ones go by email to the member the old link was made for, never onto the page, and the page says the same whatever happened.
import { dayIn } from '../core/deadlines';
import type { Context } from '../workspace/context';
import type { PageView } from '../workspace/pages';
import { outboxKey, outboxOf } from '../records/outbox';
import { isRevoked, sendFreshLinks } from './link-revocation';
import { resultPage } from './web-router';
import type { LinkClaims } from '../core/tokens';
import { clearancesOf } from '../records/clearances';
import { loadCase } from './case-state';
import { inboxOf } from '../records/inbox';
import { noticeWaiting } from './replies';
import { answerNotWanted, moderatorById, remindModerator, whyCannotAnswer } from './moderators';
import { memberById, timeZoneOf } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';

/** The `op` the generic page's button sends. */
export const FRESH_LINKS_OP = 'fresh-links';

/**
 * Acts on a POST from the generic page's "Email me fresh links" button. Only a link this desk signed counts, and
 * only for a member still on the committee whose links were not withdrawn since; it may have expired (that is the
 * point). The fresh links go to the address on file, so a copied or forwarded link gives its holder nothing, and a
 * member gets at most one such email a day (committee date), so the button cannot be used to flood anyone.
 * Returns whether anything was queued (only then is there anything to commit) and the one page everyone sees.
 */
export function requestFreshLinks(ctx: Context, token: string): { view: PageView; queued: boolean } {
  const view = freshLinksAskedPage();
  const claims = token ? ctx.links.authenticClaims(token) : null;
  if (!claims || isRevoked(ctx, claims)) return { view, queued: false };
  const day = dayIn(readNowIso(ctx), timeZoneOf(ctx));
  if (claims.act === 'moderator') return { view, queued: freshModeratorLink(ctx, claims, day) };
  // The committee account's link to an email still waiting in its inbox (ADV-491): its one notice went, and nothing else
  // links the email again once the link's 30 days are over.
  const row = claims.act === 'inbox' && claims.sub === 'owner' && inboxOf(ctx).byMessage(claims.cid);
  if (row)
    return {
      view,
      queued:
        row.state === 'waiting' &&
        noticeWaiting(
          ctx,
          String(ownerAddressOf(ctx)),
          row,
          'a fresh link was asked for',
          `inbox:${row.messageId}:${day}`,
        ),
    };
  const member = claims.sub.startsWith('m_') ? memberById(ctx, claims.sub) : undefined;
  if (!member || !member.active || !member.id || !member.email) return { view, queued: false };
  const key = outboxKey('-', `fresh-links:asked:${day}`, member.id);
  if (outboxOf(ctx).keyIndex().has(key)) return { view, queued: false };
  sendFreshLinks(ctx, member, { key, title: 'The fresh links you asked for', asked: claims });
  recordAudit(ctx, 'links.fresh', '-', `member ${member.id}: fresh links emailed on request`);
  return { view, queued: true };
}

/**
 * A moderator's link to answer, again, to the address it went to (once a day): while their answer is still awaited, a
 * moderator outside the committee has no other way to a link once theirs ran out (ADV-324).
 */
function freshModeratorLink(ctx: Context, claims: LinkClaims, day: string): boolean {
  const m = moderatorById(ctx, claims.cid, claims.sub);
  const state = m && loadCase(ctx, m.caseId);
  if (!m || !state || m.answer || whyCannotAnswer(state, m, answerNotWanted(ctx, state, clearancesOf(ctx), m)))
    return false;
  const key = outboxKey(state.id, `fresh-links:asked:${day}`, m.id);
  if (outboxOf(ctx).keyIndex().has(key)) return false;
  remindModerator(ctx, state, m, key);
  return true;
}

/** The same page for a real member, a stranger and a forger: it tells none of them whether an email went. */
function freshLinksAskedPage(): PageView {
  return resultPage({
    title: 'Fresh links',
    heading: 'Fresh links asked for',
    lines: [
      'If this link was made for you and you are still on the committee, an email with fresh links is on its way to the address the committee has for you. It may take a few minutes.',
    ],
    notes: [
      'Nothing else was changed. One such email is sent a day at most. If none comes, reply to any email from the committee.',
    ],
  });
}
