// The members' web app: reads the request, verifies the signed link, resolves who and which case it is for, and dispatches to one registered handler per link action.
import { MAX_TOKEN_LENGTH, type LinkAction, type LinkClaims } from '../core/tokens';
import type { Context } from '../workspace/context';
import { errorMessage, isPermissionMissing, isQuotaSpentForDay } from '../workspace/errors';
import type { CommitteeMember } from '../workspace/members';
import type { PageView } from '../workspace/pages';
import { ROLLED_BACK_LINE } from '../workspace/schema';
import { casesOf, type Case } from '../records/cases';
import { clearancesOf, isAutomaticConflict } from '../records/clearances';
import { FRESH_LINKS_OP, requestFreshLinks } from './fresh-links';
import { isRevoked, withdrawnLinkPage } from './link-revocation';
import { memberById } from '../workspace/committee';
import { NOT_CHANGED } from '../core/messages';

/** A web request as the router sees it: method, the link's token, and every parameter (first value each). */
export interface WebRequest {
  method: 'GET' | 'POST';
  token: string;
  fields: Record<string, string>;
}

/** What a handler receives once the link is proven and its subject and case resolved. */
export interface ActionRequest {
  ctx: Context;
  method: 'GET' | 'POST';
  claims: LinkClaims;
  /** The token as received (pages put it in their forms' hidden `t` field). */
  token: string;
  /** Request parameters (query and form fields), first value each. */
  fields: Record<string, string>;
  /** The active committee member the link was made for (member links); null for custom subjects. */
  member: CommitteeMember | null;
  /** The case named by the link; null when the action is not about one case (`cid` '-'). */
  kase: Case | null;
}

/**
 * One handler per link action. `get` shows a page and must not change anything (the router never commits
 * after it); `post` may change state (committed after it returns) and must require `confirm=yes` for any
 * change, be idempotent, and refuse ops the link's action does not allow.
 */
export interface ActionHandler {
  /**
   * Who a link may be for. `member` (default): `sub` is an active committee member. `custom`: the handler
   * checks `sub` itself in `authorize` (moderators, for example); returning false shows the generic page.
   */
  subject?: 'member' | 'custom';
  /**
   * `required` (default): `cid` names a finished case. `none`: `cid` must be '-'. `bound`: `cid` is
   * `<case id>.<binding>` (a confirmation bound to one case and one request; the handler checks the binding).
   * `own`: `cid` names something that is not a case (a proposal); the handler resolves it and refuses what it
   * does not know.
   */
  caseScope?: 'required' | 'none' | 'bound' | 'own';
  authorize?(ctx: Context, claims: LinkClaims): boolean;
  get(request: ActionRequest): PageView;
  post(request: ActionRequest): PageView;
}

const handlers = new Map<LinkAction, ActionHandler>();

/** Registers (or replaces) the handler of one link action. New web features plug in here, one call each. */
export function registerAction(action: LinkAction, handler: ActionHandler): void {
  handlers.set(action, handler);
}

/** The registered actions (for tests and diagnostics). */
export function registeredActions(): LinkAction[] {
  return [...handlers.keys()];
}

// ------------------------------------------------------------------------------------------------
// Pages every action shares

/**
 * The one page for every link that cannot be used: malformed, tampered, expired, unknown key, foreign,
 * for an inactive member or an unknown case. It is identical in every case but for the token the requester sent
 * (echoed for the fresh-links form), so it reveals nothing.
 */
export function invalidLinkPage(token = ''): PageView {
  // The token goes back only in the shape a link has (base64url and one dot): it feeds the "Email me fresh links"
  // button, whose answer is the same whoever presses it (fresh-links.ts).
  const echo = token.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) ? token : '';
  return { page: 'invalid', title: 'Link not valid', data: { token: echo } };
}

/** To the committee account opening the web app's bare address: links now carry this deployment's address. */
export function addressRecordedPage(url: string): PageView {
  return resultPage({
    title: 'Web app address recorded',
    heading: 'Web app address recorded',
    lines: [`Links in Conduct Desk's emails now go to ${url}.`],
    notes: [
      'Open the address of a new deployment once like this, signed in as the committee account, after each new deployment.',
    ],
  });
}

/** Shown when the script lock is taken: nothing changed, try again. */
export function busyPage(): PageView {
  return { page: 'busy', title: 'Busy for a moment', data: {} };
}

/** What a person reads when Google refused Conduct Desk a call for a permission not granted (`isPermissionMissing`). */
export const LACKS_PERMISSION = 'Conduct Desk lacks a Google permission until the committee account runs setup again';

/**
 * Shown when something failed unexpectedly; says nothing about the cause, save a daily quota of Google's (another
 * script may spend the account's Properties reads): "a few minutes" would be untrue for up to a day (ADV-444).
 */
export function errorPage(err?: unknown): PageView {
  // Properties' quota also by its service name, which the account's language keeps (`Trop d'appels pour ce service
  // aujourd'hui : properties.`, RomainVialard/ErrorHandler's five languages): every run's first read (ADV-462).
  const daily = isQuotaSpentForDay(err) || / properties\.$/.test(errorMessage(err));
  const heading = daily ? 'Google\u2019s daily limit is used up' : 'Something went wrong';
  return resultPage({
    title: heading,
    heading,
    lines: [
      daily
        ? 'A daily quota Google gives the committee account is used up, so this could not be done now. It comes back within 24 hours: please try again later today or tomorrow.'
        : // Google refused a permission the committee account did not grant: minutes change nothing (ADV-658).
          isPermissionMissing(err)
          ? `${LACKS_PERMISSION}.`
          : 'We could not finish this just now. Please try again in a few minutes.',
    ],
    notes: ['If it keeps happening, reply to the email that brought you here and the committee will help.'],
    tone: 'warn',
    outcome: 'error',
  });
}

/**
 * The outcome page: a heading, a status box of sentences, optional notes and links (first link primary).
 * `outcome` is machine-readable (`data-outcome` on `<main>`): `done` when the person's action happened (or had
 * already happened), `refused` when it was not done, `error` when something failed. Refusals and errors are
 * announced as alerts.
 */
export function resultPage(p: {
  title: string;
  heading: string;
  lines: string[];
  notes?: string[];
  links?: Array<{ label: string; href: string }>;
  tone?: 'ok' | 'warn';
  outcome?: 'done' | 'refused' | 'error' | 'confirm';
}): PageView {
  return {
    page: 'result',
    title: p.title,
    data: {
      heading: p.heading,
      lines: p.lines,
      notes: p.notes ?? [],
      links: p.links ?? [],
      tone: p.tone ?? 'ok',
      outcome: p.outcome ?? 'done',
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Reading requests

/** Reads a doGet/doPost event: the token and every parameter's first value, as plain strings. */
export function parseWebEvent(method: 'GET' | 'POST', event: unknown): WebRequest {
  const e = (event ?? {}) as { parameter?: Record<string, unknown> };
  const fields: Record<string, string> = {};
  const parameter = e.parameter && typeof e.parameter === 'object' ? e.parameter : {};
  for (const key of Object.keys(parameter)) {
    const value = parameter[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return { method, token: (fields.t ?? '').trim(), fields };
}

/** A routed request: the page, and whether a handler ran (only then is there anything to commit). */
export interface Routed {
  view: PageView;
  handled: boolean;
}

/**
 * Resolves and dispatches a request. Any failure to prove the link, find an active subject or a finished
 * case, or a handler for the action gives the same generic page. Identity comes only from the signed link:
 * `Session.getActiveUser()` is never consulted (it is often blank and a blank must never match anyone).
 */
export function routeRequest(ctx: Context, request: WebRequest): Routed {
  const refused: Routed = { view: invalidLinkPage(request.token), handled: false };
  if (!request.token) return refused;
  // Ticked by a person only: a mail scanner submitting the generic page's form ticks nothing and asks for nothing.
  if (request.method === 'POST' && request.fields.op === FRESH_LINKS_OP && request.fields.confirm === 'yes') {
    const asked = requestFreshLinks(ctx, request.token);
    return { view: asked.view, handled: asked.queued };
  }
  const verified = ctx.links.verifyToken(request.token);
  if (!verified.ok) return refused;
  const claims = verified.claims;
  const handler = handlers.get(claims.act);
  if (!handler) return refused;

  let member: CommitteeMember | null = null;
  if ((handler.subject ?? 'member') === 'member') {
    const found = claims.sub.startsWith('m_') ? memberById(ctx, claims.sub) : undefined;
    if (!found || !found.active || !found.id || !found.email) return refused;
    member = found;
  } else if (!handler.authorize || !handler.authorize(ctx, claims)) {
    return refused;
  }
  // The owner withdrew this member's links (Committee tab, `Revoke links`): one made before then says so, her
  // moderator link too when she moderates a space.
  if (isRevoked(ctx, claims)) return { view: withdrawnLinkPage(), handled: false };
  // While a run last found the registry gone back in time, nothing is recorded: the version from just before, which
  // the committee account is told to put back, would drop it unseen (ADV-586). The mark costs no read.
  if (request.method === 'POST' && ctx.outbox.rolled)
    return {
      view: resultPage({
        title: 'Not done',
        heading: 'Not done',
        lines: [ROLLED_BACK_LINE],
        tone: 'warn',
        outcome: 'refused',
      }),
      handled: false,
    };

  let kase: Case | null = null;
  const scope = handler.caseScope ?? 'required';
  if (scope === 'required' || scope === 'bound') {
    kase = casesOf(ctx).find(scope === 'bound' ? claims.cid.split('.')[0] : claims.cid);
    if (!kase) return refused;
    // A member the report names, recognised after their link went out, is never told (self-reported.ts): "your
    // conflict is recorded", one they never declared, would say they are in the report.
    if (member && isAutomaticConflict(clearancesOf(ctx).latest(kase.id, member.id))) return refused;
  } else if (scope === 'none' && claims.cid !== '-') {
    return refused;
  }

  const actionRequest: ActionRequest = {
    ctx,
    method: request.method,
    claims,
    token: request.token,
    fields: request.fields,
    member,
    kase,
  };
  return { view: request.method === 'GET' ? handler.get(actionRequest) : handler.post(actionRequest), handled: true };
}

/** What a page says when its confirmation box was left unticked (the pages that say no more than that). */
export const UNTICKED = `Please tick the box to confirm. ${NOT_CHANGED}`;

/** True when the person ticked the page's confirmation box (the only proof of a human the pages ask for). */
export function isConfirmed(request: ActionRequest): boolean {
  return request.fields.confirm === 'yes';
}
