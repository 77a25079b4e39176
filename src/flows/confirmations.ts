// Irreversible case-page actions take a second step a forwarded email cannot complete (issue 14 point 4): a 30-minute, single-use link bound to member, case, op and a hash of what will be done, mailed fresh to the member's own address; the page it opens previews exactly that and completes it.
import { DAY_MS, dayIn, isoOf } from '../core/deadlines';
import { hashText } from '../core/hash';
import { committeeAlertMessage } from '../core/messages';
import { parseSingleEmail } from '../core/text';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import type { PageView } from '../workspace/pages';
import { docJournalKeys } from '../workspace/doc-journal';
import { LINK_TTL_DAYS } from '../workspace/schema';
import { casesOf, type Case } from '../records/cases';
import { clearancesOf, type Clearances } from '../records/clearances';
import { outboxKey, outboxOf } from '../records/outbox';
import { caseActionFor, type CaseOp } from './case-actions';
import { buildCasePage, notClearedLines, ROLLED_BACK } from './case-page';
import { clearedMember, loadCase } from './case-state';
import { CONFIRM_TTL_DAYS } from './link-revocation';
import { isProtectedAddress } from './letters';
import { decisionOf } from './moderators';
import { roundOf, sweepOpenVote } from './vote';
import { isConfirmed, registerAction, resultPage, type ActionRequest } from './web-router';
import { timeZoneOf } from '../workspace/committee';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { linkOf } from '../workspace/links';

/** The ops that cannot be undone: each needs the fresh confirmation. */
export const CONFIRMED_OPS: readonly CaseOp[] = [
  'send-recommendation',
  'send-letter',
  'send-letter-again',
  'send-follow-up',
  'reporter-address',
  'waive-follow-up',
  'forget-reporter',
  'escalate',
  'close-no-violation',
  'bad-faith',
];

/** Confirmation emails one member may be sent in a day (committee date), whatever the case or op. */
const CONFIRMS_A_DAY = 10;

/** One confirmation waiting in the case's flags, by its nonce. */
interface Pending {
  member: string;
  op: CaseOp;
  to: string;
  key: string;
  binding: string;
  exp: string;
  /** When it was used: kept (not deleted) until it expires, so a second press of the same form is told so. */
  used?: string;
}

/**
 * True when the op must be confirmed from the member's mailbox: an irreversible op whose request the flow would not
 * refuse outright (a letter to no address, two addresses or a protected one is refused at once, changing nothing).
 */
export function needsConfirmation(ctx: Context, op: string, state: Case, fields: Record<string, string>): boolean {
  if (!(CONFIRMED_OPS as readonly string[]).includes(op)) return false;
  if (!op.startsWith('send-letter')) return true;
  const parsed = parseSingleEmail(String(fields.to ?? ''));
  return parsed.ok && !isProtectedAddress(ctx, state, parsed.email);
}

function pendingOf(state: Case): Record<string, Pending> {
  const raw = state.flags.confirmations;
  return raw && typeof raw === 'object' ? (raw as Record<string, Pending>) : {};
}

/** What the op will do, hashed: the op, what the member typed, the text it sends as the preview shows it, and the round. */
function bindingOf(
  ctx: Context,
  state: Case,
  member: CommitteeMember,
  clearances: Clearances,
  op: CaseOp,
  fields: { to: string; key: string },
): string {
  const action = caseActionFor(op);
  const outgoing = action?.outgoing?.({ ctx, state, member, clearances, decision: decisionOf(ctx, state) }) ?? null;
  // The round too: a new round's decision on the same text is not what a confirmation asked in the last one was about.
  return hashText(JSON.stringify([op, fields.to, fields.key, outgoing?.previews ?? [], roundOf(state)]));
}

/**
 * The case page's POST of an irreversible op: nothing is done; a confirmation link goes to the member's own address
 * (replacing any earlier one for the same op) and the page says where to look.
 */
export function requestConfirmation(
  ctx: Context,
  state: Case,
  member: CommitteeMember,
  clearances: Clearances,
  op: CaseOp,
  fields: Record<string, string>,
): PageView {
  const typed = { to: String(fields.to ?? '').trim(), key: String(fields.key ?? '') };
  const now = readNow(ctx);
  const pending = pendingOf(state);
  // What is bound is the Doc as the registry vouches for it: a killed run's unvouched entries (an escalation's own
  // record, in the section it sends) are undone first, as the send itself does.
  ctx.work.settleDocJournal();
  const binding = bindingOf(ctx, state, member, clearances, op, typed);
  const page = resultPage({
    title: 'Confirm from your mailbox',
    heading: 'Confirm from your own mailbox',
    lines: [
      'Nothing is done yet: a confirmation link went to your address. It shows what will be done or sent; it works once, for 30 minutes.',
    ],
    outcome: 'confirm',
  });
  const ttl = CONFIRM_TTL_DAYS * DAY_MS;
  // A double click asks twice within the minute: a second email would kill the first one's link (Gmail threads them).
  for (const p of Object.values(pending))
    if (
      p.member === member.id &&
      p.op === op &&
      !p.used &&
      p.binding === binding &&
      Date.parse(p.exp) - ttl > now - 60000
    )
      return page;
  // Each ask is an email to the member, sent at once: whoever holds a forwarded case link (or a script) pressing again
  // and again would flood their mailbox and spend the day's quota the reports' screening emails need. The newest works.
  const day = dayIn(readNowIso(ctx), timeZoneOf(ctx));
  let asked = 0;
  for (const k of outboxOf(ctx).keys()) if (k.includes(`|confirm:${day}:`) && k.endsWith(`|${member.id}`)) asked++;
  if (asked >= CONFIRMS_A_DAY)
    return resultPage({
      title: 'Confirm from your mailbox',
      heading: 'No more confirmations today',
      lines: [
        `Nothing was done or sent: ${CONFIRMS_A_DAY} confirmations went to your address today. Use the newest one, or ask again tomorrow.`,
      ],
      tone: 'warn',
      outcome: 'refused',
    });
  const gone = Object.keys(pending).filter(
    (n) => Date.parse(pending[n].exp) <= now || (pending[n].member === member.id && pending[n].op === op),
  );
  for (const nonce of gone) delete pending[nonce];
  // The email of one replaced that a killed press left queued would carry a dead link: it is not sent.
  if (gone.length)
    outboxOf(ctx).dropPendingWhere((k) => gone.some((n) => k.includes(`:${n}|`)), readNowIso(ctx), 'replaced');
  const nonce = ctx.clock.newId('n');
  pending[nonce] = { member: member.id, op, ...typed, binding, exp: isoOf(now + ttl) };
  state.flags.confirmations = pending;
  casesOf(ctx).save(state);
  const url = linkOf(ctx, member.id, `${state.id}.${nonce}`, 'confirm', CONFIRM_TTL_DAYS);
  queueMail(ctx, {
    key: outboxKey(state.id, `confirm:${day}:${nonce}`, member.id),
    caseId: state.id,
    kind: 'confirm',
    to: member.email,
    // `Confirm: <url>`: the label the member (and the workbench) looks for; the page shows what will be done.
    ...committeeAlertMessage({
      title: `Confirm: ${op.replace(/-/g, ' ')}`,
      lines: [`Confirm: ${url}`, 'Works once, for 30 minutes. Not you? Tell the committee account.'],
      codeName: state.codeName,
    }),
    delivery: AT_LEAST_ONCE,
  });
  recordAudit(ctx, 'confirm.requested', state.id, `${op} by member ${member.id}`);
  return page;
}

/** A confirmation that cannot be used (spent, replaced, outdated, or its text changed): nothing was done. */
function spentPage(
  heading = 'This confirmation link can no longer be used',
  lines = ['Nothing was done. Start again from the case page.'],
): PageView {
  return resultPage({
    title: 'Confirmation not valid',
    heading,
    lines,
    tone: 'warn',
    outcome: 'refused',
  });
}

/** The case page's own token for the member, for the page the confirmation ends on. */
function caseToken(ctx: Context, member: CommitteeMember, state: Case): string {
  const url = linkOf(ctx, member.id, state.id, 'case', LINK_TTL_DAYS.case);
  return /[?&]t=([^&#]+)/.exec(url)?.[1] ?? '';
}

/** Resolves a confirmation link: the cleared member, the case, and the pending confirmation it names, or a page. */
function resolve(
  request: ActionRequest,
): { member: CommitteeMember; state: Case; clearances: Clearances; nonce: string; pending: Pending } | PageView {
  const { ctx, member, kase } = request;
  if (!member || !kase) return spentPage();
  const clearances = clearancesOf(ctx);
  const state = loadCase(ctx, kase.id);
  if (!state) return spentPage();
  // A conflict declared since the request: "start again from the case page" sent them to a page closed to them (ADV-481).
  if (!clearedMember(ctx, clearances, kase.id, member.id))
    return spentPage(undefined, ['Nothing was done.', ...notClearedLines(ctx, kase, member)]);
  const nonce = request.claims.cid.split('.')[1] ?? '';
  const pending = pendingOf(state)[nonce];
  if (!pending || pending.member !== member.id || Date.parse(pending.exp) <= readNow(ctx)) return spentPage();
  // A double click (or the tab sent again) reaches here after the first press did the op: "Nothing was done" was untrue.
  if (pending.used)
    return buildCasePage(ctx, state, member, caseToken(ctx, member, state), {
      tone: 'refused',
      lines: ['This confirmation was already used: it works once, so nothing more was done. The case stands as below.'],
    });
  if (bindingOf(ctx, state, member, clearances, pending.op, pending) !== pending.binding)
    // A GET settles nothing (no lock): a killed (or running) run's unvouched Doc entries may be all that differs (ADV-397).
    return docJournalKeys(ctx.properties.all()).length
      ? spentPage('A change to the case is not finished yet')
      : spentPage('What would be sent has changed since you asked');
  return { member, state, clearances, nonce, pending };
}

/** GET: the preview of exactly what will be done, and the one form that does it. Changes nothing. */
function getConfirm(request: ActionRequest): PageView {
  const found = resolve(request);
  if ('page' in found) return found;
  const { member, state, pending } = found;
  return buildCasePage(
    request.ctx,
    state,
    member,
    request.token,
    { tone: 'done', lines: ['Check what will be done or sent below, then confirm it.'] },
    { only: pending.op, to: pending.to },
  );
}

/** POST: the confirmed op, once; then the case page. */
function postConfirm(request: ActionRequest): PageView {
  // As the request did (and the sweep does), under the POST's lock: the binding is of the Doc the registry vouches for.
  request.ctx.work.settleDocJournal();
  const found = resolve(request);
  if ('page' in found) return found;
  const { ctx } = request;
  const { member, state, clearances, nonce, pending } = found;
  const token = caseToken(ctx, member, state);
  if (!isConfirmed(request) || String(request.fields.op ?? '') !== pending.op)
    return buildCasePage(
      ctx,
      state,
      member,
      request.token,
      { tone: 'refused', lines: ['Please tick the confirmation box. Nothing has been done.'] },
      { only: pending.op, to: pending.to },
    );
  // As the case page's POST: a vote past its time is closed first (a closing then cancels no vote that already ended);
  // on ballots the registry lost, nothing is done, and the link still works once it is put back (ADV-553).
  sweepOpenVote(ctx, state, clearances);
  if (ctx.outbox.rolled) return buildCasePage(ctx, state, member, token, ROLLED_BACK);
  const pendingNow = pendingOf(state);
  pendingNow[nonce] = { ...pending, used: readNowIso(ctx) };
  state.flags.confirmations = pendingNow;
  casesOf(ctx).save(state);
  recordAudit(ctx, 'confirm.used', state.id, `${pending.op} by member ${member.id}`);
  const action = caseActionFor(pending.op);
  if (!action) return spentPage();
  const result = action.run({
    ctx,
    state,
    member,
    clearances,
    op: pending.op,
    fields: { to: pending.to, key: pending.key, confirm: 'yes', op: pending.op },
    kase: state,
  });
  if ('page' in result) return result;
  const fresh = loadCase(ctx, state.id) ?? state;
  return buildCasePage(ctx, fresh, member, token, {
    tone: result.ok ? 'done' : 'refused',
    lines: [result.heading + '.', ...result.lines],
  });
}

export function registerConfirmAction(): void {
  registerAction('confirm', { subject: 'member', caseScope: 'bound', get: getConfirm, post: postConfirm });
}
