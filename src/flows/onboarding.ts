// Onboarding: a new member sees the people who have been reported (never reporters or witnesses), declares conflict or none per person, and "none" shares those cases' Docs as screening does.
import { hashText } from '../core/hash';
import { MAIL_LIST_MAX, NOT_CHANGED, onboardingAccessMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import { linkOf, docUrl } from '../workspace/links';
import { type OutgoingMail, AT_LEAST_ONCE } from '../workspace/mailer';
import type { PageView } from '../workspace/pages';
import { LINK_TTL_DAYS } from '../workspace/schema';
import { peopleOf } from '../core/person-codes';
import { escapeRegExp } from '../core/name-matching';
import { casesOf, isClosed, personCodesOf, trashedByRetention, type Case } from '../records/cases';
import { isDocGone } from './audit-recheck';
import { clearancesOf, returnMark } from '../records/clearances';
import { syncMeetingGuests } from './meetings';
import { membersOf } from '../records/members';
import { outboxKey, outboxOf } from '../records/outbox';
import {
  completeShare,
  grantedAccess,
  noteConflict,
  recordConflict,
  refusedLine,
  shareRefusedToday,
} from './screening';
import { casesInvolvingMember } from './self-reported';
import { statusesWere } from './status-edits';
import { driftAlert } from './audit';
import { isConfirmed, registerAction, resultPage, type ActionRequest } from './web-router';
import { readNow, readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { commitWork } from '../workspace/unit-of-work';

/** One reported person on the onboarding page, with the cases (still undecided for this member) that name them. */
export interface OnboardingPerson {
  /** Form field name: `person-<n>`. */
  field: string;
  label: string;
  /** The person code name, or '' for a case given none yet (then grouped by the label). */
  code: string;
  caseIds: string[];
}

function personKey(label: string): string {
  return label.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The people this member still has to answer for: every reported person (by name; by handle or address when
 * a report names nobody) in a case the member has no decision for. Sorted by name, so the page and the POST
 * agree on `person-<n>`; `listKey` fingerprints the list so a POST against a list that changed is refused.
 */
export function onboardingPeople(
  ctx: Context,
  member: CommitteeMember,
  cases: Case[] = casesOf(ctx).all(),
  ownAnswers = false,
): { people: OnboardingPerson[]; listKey: string } {
  const clearances = clearancesOf(ctx);
  const byKey = new Map<string, { labels: string[]; code: string; caseIds: string[] }>();
  // A member is never offered a case they are in (the roster marks those conflicted; this holds even before it runs).
  const involved = new Set(casesInvolvingMember(member, cases).map(({ kase }) => kase.id));
  for (const kase of cases) {
    const latest = clearances.latest(kase.id, member.id);
    // `ownAnswers`: the list as it was before this member's onboarding answers of the last ten minutes (a page sent twice).
    const own = ownAnswers && latest?.via === 'onboarding' && Date.parse(latest.at) > readNow(ctx) - 600000;
    if ((latest && latest.decision !== 'inactive' && !own) || involved.has(kase.id)) continue;
    // Purged, the case no longer knows its reporter and witnesses, so one who joins cannot be told apart: offered only
    // to a member who held it before (coming back), never to a newcomer, whom "no conflict" would give the Doc. Opened
    // again since (`purgedBefore`), it still does not know them.
    if ((kase.flags.purged || kase.flags.purgedBefore) && !latest) continue;
    // Its Doc in the trash under retention: nothing to share, and a share would undo the purge's (ADV-210) for the
    // trash's 30 days. Offered again once the case is opened again (ADV-478).
    if (trashedByRetention(kase)) continue;
    // Grouped by person code name (src/flows/patterns.ts): the same person named twice, spelled two ways, is one entry.
    const codes = personCodesOf(kase);
    // Everyone the screening email names: a person's handles and addresses with their name, and those spelt from no
    // name given (a report naming two people and a third by address) as people of their own (peopleOf), so "no
    // conflict" covers them too.
    const people = peopleOf(kase.reported).map((p, i) => ({
      labels: [...p.names, ...p.handles, ...p.emails],
      code: codes[i] ?? '',
    }));
    if (!people.length) people.push({ labels: [`Case ${kase.codeName} (no person named)`], code: '' });
    const seen = new Set<string>();
    for (const { labels, code } of people) {
      const key = code ? `\u0000${code}` : personKey(labels[0]);
      if (!key) continue;
      const entry = byKey.get(key) ?? { labels: [], code, caseIds: [] };
      byKey.set(key, entry);
      // Every spelling is shown: the member answers for each name the grouped cases use, never for one standing in.
      for (const shown of labels.map((l) => l.replace(/\s+/g, ' ').trim()))
        if (!entry.labels.includes(shown)) entry.labels.push(shown);
      if (!seen.has(key)) entry.caseIds.push(kase.id);
      seen.add(key);
    }
  }
  const order = ([key, e]: [string, { labels: string[] }]) => `${personKey(e.labels[0])}\u0000${key}`;
  const sorted = [...byKey.entries()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const people = sorted.map(([, { labels, code, caseIds }], i) => ({
    field: `person-${i}`,
    label: labels.join(' / '),
    code,
    caseIds,
  }));
  const listKey = hashText(sorted.map(([key, entry]) => `${key}:${entry.caseIds.join(',')}`).join('\n'));
  return { people, listKey };
}

/** What one onboarding answer did. */
export interface OnboardingResult {
  shared: string[];
  conflicts: string[];
  /** Recorded "no conflict" whose Docs are not shared yet (time ran out or Drive failed); the audit finishes them. */
  pending: string[];
  /** Cleared, but closed with their Doc gone from Drive: the audit makes a new one, and shares it, only at a reopening. */
  lost: number;
  fallback: number;
}

/**
 * Records per-case decisions derived from per-person answers: a case is declared a conflict when the member
 * has a conflict with anyone it names, and cleared only when they answered "no conflict" for everyone it
 * names. Everything is committed before Drive is touched; shares then run while time remains.
 */
export function recordOnboarding(
  ctx: Context,
  member: CommitteeMember,
  clearIds: string[],
  conflictIds: string[],
): OnboardingResult {
  if (!member.active || !member.id) throw new Error('recordOnboarding: only active members can be onboarded');
  const clearances = clearancesOf(ctx);
  const cases = new Map(
    casesOf(ctx)
      .all()
      .map((c) => [c.id, c]),
  );
  const now = readNowIso(ctx);
  const involved = new Set(casesInvolvingMember(member, [...cases.values()]).map(({ kase }) => kase.id));
  const undecided = (id: string) => {
    const latest = clearances.latest(id, member.id);
    return cases.has(id) && (!latest || latest.decision === 'inactive');
  };
  const conflictCases = [...new Set(conflictIds)].filter(undecided);
  const conflicting = new Set(conflictCases);
  const clearCases = [...new Set(clearIds)].filter((id) => undecided(id) && !conflicting.has(id) && !involved.has(id));
  const result: OnboardingResult = { shared: [], conflicts: conflictCases, pending: [], lost: 0, fallback: 0 };
  for (const id of conflictCases) noteConflict(ctx, cases.get(id) as Case, member, 'onboarding');
  const records = clearCases.map((id) => {
    recordAudit(ctx, 'clearance.no-conflict', id, `member ${member.id} via onboarding`);
    return clearances.append({
      caseId: id,
      memberId: member.id,
      decision: 'no-conflict',
      at: now,
      via: 'onboarding',
      share: 'pending',
      note: '',
    });
  });
  if (member.registryRef >= 0) membersOf(ctx).markOnboarded(member.registryRef, now);
  commitWork(ctx);
  // Each conflict finished as one declared from the screening email (access, the Doc's line, meetings, the moderators'
  // round, the vote) while the page has time; the sweep finishes the rest (completePendingShares).
  for (const id of conflictCases)
    if (ctx.timeBudget.pageHasTime()) recordConflict(ctx, cases.get(id) as Case, member, 'onboarding');
  // Cleared now: a guest of the meetings already called for these cases.
  for (const id of clearCases) syncMeetingGuests(ctx, cases.get(id) as Case, clearances);

  const granted: Case[] = [];
  for (const record of records) {
    const kase = cases.get(record.caseId) as Case;
    // A closed case's Doc gone from Drive: no share to try (it waits, `pending`, for a reopening: ADV-492), nor "shortly".
    if (isClosed(kase) && isDocGone(kase, readNow(ctx))) {
      result.lost++;
      continue;
    }
    // The member is waiting: what the page has no time for stays `pending` for the sweep (PAGE_WORK_MS).
    if (!ctx.timeBudget.pageHasTime()) {
      result.pending.push(kase.id);
      continue;
    }
    const share = completeShare(ctx, kase, member, record, { accessEmail: false });
    if (share === 'pending') {
      result.pending.push(kase.id);
      continue;
    }
    if (share === 'fallback') result.fallback++;
    result.shared.push(kase.id);
    granted.push(kase);
  }
  if (granted.length) queueMail(ctx, onboardingAccessMail(ctx, member, granted));
  return result;
}

/**
 * One email listing every case shared by an onboarding answer (one message, not one per case: the consumer
 * mail quota is 100 recipients a day). Links use the fixed labels of docs/architecture.md.
 */
export function onboardingAccessMail(ctx: Context, member: CommitteeMember, cases: Case[]): OutgoingMail {
  const message = onboardingAccessMessage({
    memberName: member.name,
    total: cases.length,
    // Only the listed ones get a signed link (ADV-372).
    cases: cases.slice(0, MAIL_LIST_MAX).map((kase) => ({
      codeName: kase.codeName,
      docUrl: docUrl(kase.docId),
      casePageUrl: linkOf(ctx, member.id, kase.id, 'case', LINK_TTL_DAYS.case),
    })),
  });
  // A member back after leaving, cleared for the same cases again, is told again.
  const ids = cases
    .map((c) => c.id + returnMark(clearancesOf(ctx), clearancesOf(ctx).latest(c.id, member.id)))
    .sort()
    .join(',');
  return {
    key: outboxKey('-', `onboarding-access:${hashText(ids)}`, member.id),
    caseId: '-',
    kind: 'onboarding-access',
    to: member.email,
    ...message,
    delivery: AT_LEAST_ONCE,
  };
}

/**
 * A member kept out of a case now (a conflict declared, or found in its report): its mail still waiting for them does not
 * go, nor an onboarding's access email listing it (ADV-407: Doc and case page links to a case they are in), which goes
 * again without it.
 */
export function dropCaseMailFor(
  ctx: Context,
  member: CommitteeMember,
  kase: Case,
  note = 'the member declared a conflict',
): void {
  const at = readNowIso(ctx);
  const outbox = outboxOf(ctx);
  outbox.dropPendingFor(member.id, at, note, kase.id);
  const listed: string[] = [];
  const lists = (body: string, c: Case) => body.includes(`Case ${c.codeName}\n`);
  outbox.dropPendingWhere(
    (key, body) =>
      /^-\|onboarding-access:/.test(key) && key.endsWith(`|${member.id}`) && lists(body, kase) && !!listed.push(body),
    at,
    note,
  );
  const rest = listed.length
    ? casesOf(ctx)
        .all()
        .filter(
          (c) =>
            c.id !== kase.id &&
            listed.some((body) => lists(body, c)) &&
            grantedAccess(clearancesOf(ctx).latest(c.id, member.id)),
        )
    : [];
  if (rest.length) queueMail(ctx, onboardingAccessMail(ctx, member, rest));
  // Mail of several cases filed under none (a paste's alert, the access audit's) goes without the case's lines, its
  // case page link among them; one left with none goes no more (ADV-496).
  const code = escapeRegExp(kase.codeName);
  const line = new RegExp(`^- (Case )?${code}:.*\\n|<li>(Case )?${code}:.*?</li>`, 'gm');
  outbox.dropPendingWhere(
    (key, body, text) => {
      const rest = body.replace(line, '');
      if (!key.startsWith('-|') || !key.endsWith(`|${member.id}`) || rest === body) return false;
      const n = rest.split('\n- ').length - 1;
      // The access audit's title and advice are of what is left (ADV-508): before, `… and a case document gone from
      // Drive` headed mail that no longer held it.
      const was = text('Subject').replace(/^.*?The access audit found /, '');
      const audit = was !== text('Subject') && driftAlert(rest.match(/^- .*/gm) ?? []);
      // "2 statuses were changed in the sheet" (tellPaste) counts what it lists.
      const edit = (s: string) =>
        (audit ? s.replace(`The access audit found ${was}`, audit.title) : s)
          .replace(line, '')
          .replace(/\d+ statuses were/g, statusesWere(n));
      return !n || { Subject: edit(text('Subject')), Body: edit(body), 'Html Body': edit(text('Html Body')) };
    },
    at,
    note,
  );
}

// ------------------------------------------------------------------------------------------------
// The onboarding page (`onboard` links)

function onboardingPage(request: ActionRequest, error = ''): PageView {
  const member = request.member as CommitteeMember;
  const { people, listKey } = onboardingPeople(request.ctx, member);
  return {
    page: 'onboarding',
    title: 'Conflicts of interest: past reports',
    data: {
      token: request.token,
      people: people.map((p) => ({ field: p.field, label: p.label, code: p.code })),
      listKey,
      error,
    },
  };
}

function onboardingPost(request: ActionRequest): PageView {
  const member = request.member as CommitteeMember;
  if (request.fields.op !== 'onboard') return onboardingPage(request, `Please answer below. ${NOT_CHANGED}`);
  if (!isConfirmed(request))
    return onboardingPage(request, `Please tick the box to confirm your answers. ${NOT_CHANGED}`);
  const changed = () =>
    onboardingPage(
      request,
      `The list changed while you were answering (a new report may have come in). Please check your answers again. ${NOT_CHANGED}`,
    );
  let { people, listKey } = onboardingPeople(request.ctx, member);
  // A double click (or the page sent again): the list it showed is the one before the answers the first press saved.
  const again = request.fields.list !== listKey;
  if (again) ({ people, listKey } = onboardingPeople(request.ctx, member, undefined, true));
  if (request.fields.list !== listKey) return changed();
  const clear = new Set<string>();
  const conflict = new Set<string>();
  const skipped: OnboardingPerson[] = [];
  const clearedPeople = new Map<string, number>();
  for (const person of people) {
    const answer = request.fields[person.field];
    if (answer !== 'no-conflict' && answer !== 'conflict') {
      skipped.push(person);
      continue;
    }
    for (const id of person.caseIds) {
      if (answer === 'conflict') conflict.add(id);
      else clearedPeople.set(id, (clearedPeople.get(id) ?? 0) + 1);
    }
  }
  if (skipped.length === people.length)
    return onboardingPage(request, `You did not choose an answer for anyone. ${NOT_CHANGED}`);
  // A case is cleared only when every person it names was answered "no conflict".
  const namesPerCase = new Map<string, number>();
  for (const person of people) for (const id of person.caseIds) namesPerCase.set(id, (namesPerCase.get(id) ?? 0) + 1);
  for (const [id, count] of clearedPeople) if (count === namesPerCase.get(id) && !conflict.has(id)) clear.add(id);
  // Sent again with the same answers only: another answer would be a change this page cannot make.
  const latest = (id: string) => clearancesOf(request.ctx).latest(id, member.id)?.decision;
  if (again && [...clear, ...conflict].some((id) => latest(id) !== (clear.has(id) ? 'no-conflict' : 'conflict')))
    return changed();

  const result = recordOnboarding(request.ctx, member, [...clear], [...conflict]);
  const lines: string[] = [];
  if (result.shared.length)
    lines.push(
      `${result.shared.length === 1 ? 'One case document is' : `${result.shared.length} case documents are`} now shared with you. We have emailed you the links.`,
    );
  const n = result.pending.length;
  // Refused by Drive (ADV-468: an admin's policy, an account deleted): not "shortly", but once a day, as screening says.
  if (n)
    lines.push(
      shareRefusedToday(request.ctx, member.email)
        ? refusedLine(
            request.ctx,
            member.email,
            n === 1 ? 'one document' : `${n} documents`,
            n === 1 ? 'it is' : 'they are',
          )
        : `${n === 1 ? 'One more document' : `${n} more documents`} will be shared shortly; you will get an email when they are.`,
    );
  if (result.lost)
    lines.push(
      `${result.lost === 1 ? 'One case is closed, its document' : `${result.lost} cases are closed, their documents`} gone from Drive: shared, and emailed, if opened again.`,
    );
  if (result.conflicts.length)
    lines.push(
      `Your conflict of interest is recorded for ${result.conflicts.length === 1 ? 'one case' : `${result.conflicts.length} cases`}. You don\u2019t need to explain why.`,
    );
  if (result.fallback)
    lines.push(
      'Your address has no Google account, so Google sent its own invitation emails for the documents. The committee has been told.',
    );
  // Left unanswered here, and still undecided: not one this page's other tab answered (its list is the one before them).
  const unanswered = skipped.filter((p) => p.caseIds.some((id) => !/conflict/.test(latest(id) ?? ''))).length;
  const notes =
    unanswered > 0
      ? [
          `You left ${unanswered === 1 ? 'one person' : `${unanswered} people`} unanswered. Those cases stay closed to you; you can come back to this page with the same link.`,
        ]
      : [];
  if (!lines.length) lines.push('Nothing needed to change.');
  return resultPage({ title: 'Answers recorded', heading: 'Thank you: your answers are recorded', lines, notes });
}

/** Registers the onboarding page (`onboard` links: member, no case). */
export function registerOnboardingAction(): void {
  registerAction('onboard', {
    subject: 'member',
    caseScope: 'none',
    get: (request) => onboardingPage(request),
    post: (request) => onboardingPost(request),
  });
}
