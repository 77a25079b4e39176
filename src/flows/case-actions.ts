// The case page's actions, one descriptor each: who may and why not, what the page previews, what it sends (one builder for the preview, the redaction guard and the send) and what it does.
import type { Context } from '../workspace/context';
import type { CommitteeMember } from '../workspace/members';
import type { CaseActionView, PageView } from '../workspace/pages';
import { casesOf, isClosed, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { outboxOf } from '../records/outbox';
import { clearedMember, logInDoc, recordInDoc, SECTION } from './case-state';
import {
  correctReporterAddress,
  followUpOutgoing,
  sendFollowUp,
  letterFailed,
  decideForReporter,
  reporterDecision,
  type ReporterOp,
  whyCannotDecideForReporter,
  whyCannotFollowUp,
  whyCannotReaddress,
} from './follow-up';
import {
  letterGate,
  letterOutgoing,
  prepareLetter,
  recordOverride,
  type LetterTexts,
  sendLetter,
  whyCannotOverride,
  overrideHeading,
  whyCannotSendLetter,
  whyCannotSendLetterAgain,
} from './letters';
import {
  changedSinceVoteLines,
  escalationHeading,
  escalationOutgoing,
  mayResend,
  moderatorLink,
  notifyEscalation,
  moderatorsFor,
  recommendationOutgoing,
  recommendationNotes,
  recommendationProblems,
  type Decision,
  sendRecommendation,
  spaceOf,
  whyCannotEscalate,
  whyCannotRecommend,
} from './moderators';
import { doneAction, planPreviews, refusedAction, type Outgoing } from './outgoing';
import { callMeeting, meetingsOf, meetingZone, whyCannotCallMeeting } from './meetings';
import { ACCESS_UNCONFIRMED, recordConflict } from './screening';
import {
  closingByVote,
  closingDecision,
  requestClosing,
  responseVoted,
  whyCannotClose,
  type ClosingKind,
} from './closing';
import { proposerOf, twoMemberHeading } from './two-members';
import { openRound, whyCannotOpenRound } from './rounds';
import { docWaits } from './retention';
import {
  applyStatusCell,
  applyStatusChange,
  needsSecondMember,
  proposalOf,
  proposalPeople,
  restoreStatusCell,
  reopens,
  riskCells,
  undoesVote,
} from './status-edits';
import { statusRowsOf } from '../records/status-rows';
import { ONE_TRY, openVote, readDraft, whyCannotOpenVote, type ActionResult } from './vote';
import type { VotedTexts } from '../records/votes';
import { hashText } from '../core/hash';
import { settingsOf } from '../workspace/committee';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';

/** Ops the case page accepts; every one changes state and needs the confirmation box. */
export const CASE_OPS = [
  'open-vote',
  'send-recommendation',
  'record-override',
  'send-letter',
  'send-letter-again',
  'send-follow-up',
  'reporter-address',
  'waive-follow-up',
  'forget-reporter',
  'escalate',
  'bad-faith',
  'close-no-violation',
  'conflict',
  'held-sent',
  'held-resend',
  'new-round',
  'call-meeting',
  'confirm-status',
  'restore-status',
  'confirm-risk',
] as const;
export type CaseOp = (typeof CASE_OPS)[number];

/** An action the member can take now (the page contract's shape), with its op narrowed to the case page's ops. */
export type PageAction = CaseActionView & { op: CaseOp };

/** What an action sees: the execution, the case as loaded now, the member acting and the case's clearances. */
export interface CaseScope {
  ctx: Context;
  state: Case;
  member: CommitteeMember;
  clearances: Clearances;
}

/** What an action sees on the page: the decision in force and the Doc's text now, read once per page. */
export interface PageScope extends CaseScope {
  decision: Decision;
}

/** What an action sees when it runs: the op pressed, the form's fields, and the case as the link named it. */
export interface RunScope extends CaseScope {
  op: CaseOp;
  fields: Record<string, string>;
  kase: Case;
}

/**
 * One case-page action. The page shows its forms when `whyNot` says nothing stands in the way, else the
 * reason when `blocked` names it; the POST of one of its `ops` calls `run`, which checks again (the flows refuse
 * in their own words). `outgoing` is the one builder of the text the action sends: the page previews it,
 * the redaction guard checks it (on the page as a warning, at the send as a refusal) and the send sends it.
 */
export interface CaseAction<T = unknown> {
  ops: readonly CaseOp[];
  whyNot(scope: CaseScope): string | null;
  /** When the action is not open: a heading and reason to show under "not yet", or null to show nothing. */
  blocked?(scope: CaseScope, why: string): { heading: string; reason: string } | null;
  outgoing?(scope: PageScope): Outgoing<T>;
  /** The forms the page shows, from `outgoing`'s text (null without one) and the guard's findings in it. */
  preview(scope: PageScope, outgoing: Outgoing<T> | null, guardLines: string[]): PageAction[];
  run(scope: RunScope): ActionResult | PageView;
}

/** The decision the page already read, when `whyNot` is asked by the page (a POST's scope has none). */
function pageDecision(scope: CaseScope): Decision | undefined {
  return (scope as Partial<PageScope>).decision;
}

/** The changed-since-the-vote warning as this member may act on it (a new vote theirs to open, or not). */
function changedLines({ ctx, state, clearances, member, decision }: PageScope): string[] {
  return changedSinceVoteLines(
    decision,
    decision.changed.length > 0 && whyCannotOpenVote(ctx, state, clearances, member.id, 'response', decision.draft),
  );
}

/** An action's check or run that is a flow of (ctx, state, clearances, memberId, ...more), called with the scope's. */
function forMember<A extends unknown[], R>(
  flow: (ctx: Context, state: Case, clearances: Clearances, memberId: string, ...more: A) => R,
  ...more: A
): (scope: CaseScope) => R {
  return ({ ctx, state, clearances, member }) => flow(ctx, state, clearances, member.id, ...more);
}

/** The same for a flow that also takes the address typed in the form (`to`). */
function toAddress<A extends unknown[], R>(
  flow: (ctx: Context, state: Case, clearances: Clearances, memberId: string, to: string, ...more: A) => R,
  ...more: A
): (scope: RunScope) => R {
  return ({ ctx, state, clearances, member, fields }) =>
    flow(ctx, state, clearances, member.id, String(fields.to ?? ''), ...more);
}

type FormText = Pick<PageAction, 'heading' | 'description' | 'confirmLabel' | 'button'>;

/** A form with the defaults most actions share (secondary, no preview, no address, no key). */
function form(op: CaseOp, text: FormText, more: Partial<PageAction> = {}): PageAction {
  return {
    op,
    tone: 'secondary',
    askTo: false,
    askLetter: false,
    askMeeting: false,
    key: '',
    previews: [],
    warnings: [],
    ...text,
    ...more,
  };
}

/** A refusal that changed nothing, with its one reason. */
const unchanged = (reason: string): ActionResult => refusedAction('Nothing was changed', [reason]);

const CHECKED_TEXT = 'I have checked that this text does not identify the reporter or any witness';

/** The Doc's text a vote form showed, hashed: the vote opens only on that text (the form's `key`). */
const draftKey = (d: VotedTexts) => hashText(JSON.stringify([d.plan, d.consequences, d.letter]));

const openVoteAction: CaseAction = {
  ops: ['open-vote'],
  // The page read the Doc once (PageScope.decision); a POST's check reads it itself when it must.
  whyNot: (scope) =>
    whyCannotOpenVote(
      scope.ctx,
      scope.state,
      scope.clearances,
      scope.member.id,
      'response',
      pageDecision(scope)?.draft,
    ),
  blocked: ({ state }, why) =>
    why === ONE_TRY || ['screening', 'deliberating', 'vote-failed'].includes(state.phase)
      ? { heading: 'Vote', reason: why }
      : null,
  preview: ({ decision }) => {
    const draft = decision.draft;
    return [
      form(
        'open-vote',
        {
          heading: decision.vote ? 'Open a new vote on the changed text' : 'Open a vote',
          description:
            'The eligible voting members cleared for this case each get a personal vote link. It passes with two-thirds of them, rounded up. The text below is frozen when the vote opens: if it passes, exactly this is what is sent.',
          confirmLabel: 'I want to open a vote on the text shown above',
          button: 'Open the vote',
        },
        {
          tone: 'primary',
          key: draftKey(draft),
          askLetter: draft.letter.trim() !== '',
          previews: [
            ...planPreviews(draft),
            ...(draft.letter.trim() ? [{ label: SECTION.letter, text: draft.letter }] : []),
          ],
          warnings:
            !draft.plan || !draft.consequences
              ? ['The plan or the consequences section is empty: voters will see it empty.']
              : [],
        },
      ),
    ];
  },
  run: ({ ctx, state, clearances, member, fields }) => {
    const draft = readDraft(ctx, state);
    // The box says "on the text shown above": a section rewritten since the page was read is not frozen unseen. (A
    // form without the key, from a page served before it existed, is taken as before.)
    if (fields.key && fields.key !== draftKey(draft))
      return refusedAction('The vote was not opened', [
        'The case document changed since this page showed it. Check the text below, then open the vote.',
      ]);
    // The letter's wording is voted only when the member says so; otherwise it is written after the vote.
    return openVote(ctx, state, clearances, member.id, fields.withLetter === 'yes' ? draft : { ...draft, letter: '' });
  },
};

const recommendationAction: CaseAction<{
  plan: string;
  consequences: string;
  behaviour: string;
  reported: string;
  reference: string;
}> = {
  ops: ['send-recommendation'],
  whyNot: forMember(whyCannotRecommend),
  // Or waiting for moderators of a space Settings no longer name: what to do (ADV-555), and, while one asked still listed
  // under another space can answer (ADV-589), that the others cannot.
  blocked: ({ ctx, state }, why) =>
    state.phase === 'vote-passed' || (state.phase === 'awaiting-moderators' && !spaceOf(ctx, state))
      ? { heading: 'Recommendation to the moderators', reason: why }
      : null,
  outgoing: ({ ctx, state, decision }) => recommendationOutgoing(ctx, state, decision),
  preview: (scope, outgoing, guardLines) => {
    const { ctx, state, clearances, decision } = scope;
    const space = spaceOf(ctx, state);
    return [
      form(
        'send-recommendation',
        {
          heading: 'Send the recommendation to the moderators',
          // Sent already, it goes to those listed since alone (ADV-323).
          description: `Goes to ${space ? moderatorsFor(ctx, state, clearances, space, decision.vote?.id).length : 0} moderator address(es) of ${space?.name ?? 'the space'} not yet asked, each with a personal link to accept or disagree. It never says who reported.`,
          confirmLabel: CHECKED_TEXT,
          button: 'Send the recommendation',
        },
        {
          tone: 'primary',
          previews: outgoing?.previews ?? [],
          warnings: [
            ...(outgoing ? [...recommendationProblems(outgoing.texts), ...recommendationNotes(outgoing.texts)] : []),
            ...changedLines(scope),
            ...guardLines,
          ],
        },
      ),
    ];
  },
  run: forMember(sendRecommendation),
};

const overrideAction: CaseAction = {
  ops: ['record-override'],
  whyNot: forMember(whyCannotOverride),
  preview: ({ ctx, state, clearances }) => [
    form('record-override', {
      heading: overrideHeading(ctx, state, clearances),
      description:
        'Records, with your name and the date, that the committee decided to send the letter without the moderators\u2019 acceptance. A second voting member confirms.',
      confirmLabel: 'The committee decided to send the letter without the moderators\u2019 acceptance',
      button: 'Record the override',
    }),
  ],
  run: forMember(recordOverride),
};

const escalateAction: CaseAction<{
  plan: string;
  consequences: string;
  discussion: string;
  behaviour: string;
  reported: string;
}> = {
  ops: ['escalate'],
  whyNot: forMember(whyCannotEscalate),
  outgoing: ({ ctx, state, decision }) => escalationOutgoing(ctx, state, decision),
  preview: ({ ctx, state, clearances }, outgoing, guardLines) => [
    form(
      'escalate',
      {
        heading: escalationHeading(ctx, state, clearances),
        description: `Sends the plan, the consequences and the discussion with the moderators to ${settingsOf(ctx).escalationContact} once a second voting member confirms: the confirming press sends it.`,
        confirmLabel: CHECKED_TEXT,
        button: 'Notify the escalation contact',
      },
      { previews: outgoing?.previews ?? [], warnings: guardLines },
    ),
  ],
  run: forMember(notifyEscalation),
};

const LETTER_CHECKED = 'I have checked the letter and the address: send it once';

const letterAction: CaseAction<LetterTexts> = {
  ops: ['send-letter'],
  // "Send" is not offered while a required part of the letter is empty.
  whyNot: (scope) =>
    whyCannotSendLetter(scope.ctx, scope.state, scope.clearances, scope.member.id) ??
    prepareLetter(scope.ctx, scope.state, pageDecision(scope)).problems[0] ??
    null,
  blocked: ({ ctx, state }, why) =>
    !state.flags.letter &&
    !isClosed(state) &&
    (state.phase === 'awaiting-moderators' ||
      state.phase === 'moderators-disagree' ||
      state.phase === 'vote-passed' ||
      state.phase === 'moderators-accepted')
      ? { heading: 'Letter to the reported person', reason: letterGate(ctx, state) ?? why }
      : null,
  outgoing: ({ ctx, state, decision }) => letterOutgoing(ctx, state, decision),
  preview: (scope, outgoing, guardLines) => [
    form(
      'send-letter',
      {
        heading: 'Send the letter to the reported person',
        description:
          'Sent once, from the committee address, to the address you type below. It never says who reported.',
        confirmLabel: LETTER_CHECKED,
        button: 'Send the letter',
      },
      {
        tone: 'primary',
        askTo: true,
        previews: outgoing?.previews ?? [],
        warnings: [...(outgoing?.texts.problems ?? []), ...changedLines(scope), ...guardLines],
      },
    ),
  ],
  run: toAddress(sendLetter),
};

/** The round's letter once more: to a second person the report names, or the right address after a mistyped one. */
const letterAgainAction: CaseAction<LetterTexts> = {
  ops: ['send-letter-again'],
  whyNot: forMember(whyCannotSendLetterAgain),
  outgoing: ({ ctx, state, decision }) => letterOutgoing(ctx, state, decision),
  preview: (_scope, outgoing, guardLines) => [
    form(
      'send-letter-again',
      {
        heading: 'Send the letter to another address',
        description:
          'The same letter, once, to another person the report names or to the right address after a wrong one.',
        confirmLabel: LETTER_CHECKED,
        button: 'Send the letter there',
      },
      { askTo: true, previews: outgoing?.previews ?? [], warnings: guardLines },
    ),
  ],
  run: toAddress(sendLetter, true),
};

const followUpAction: CaseAction<{ text: string }> = {
  ops: ['send-follow-up'],
  whyNot: forMember(whyCannotFollowUp),
  blocked: ({ state }, why) =>
    (state.flags.letter || state.flags.noViolation) && !state.flags.followUp
      ? { heading: 'Follow-up to the reporter', reason: why }
      : null,
  outgoing: ({ ctx, state }) => followUpOutgoing(ctx, state),
  preview: ({ ctx, state }, outgoing) => [
    form(
      'send-follow-up',
      {
        heading: 'Send the follow-up to the reporter',
        description: 'Goes to the reporter (address on file), with the text written under "Follow-up to the reporter".',
        confirmLabel: 'I have checked the follow-up text: send it to the reporter',
        button: 'Send the follow-up',
      },
      {
        tone: 'primary',
        previews: outgoing?.previews ?? [],
        warnings: [
          ...(outgoing?.texts.text ? [] : ['The follow-up section is empty: write it in the case document first.']),
          // A resolved case (its follow-up queued before the letter failed) offers it again: say what it goes ahead of.
          ...(letterFailed(ctx, state)
            ? [
                'The letter to the reported person was not delivered: send it again first, unless the committee decided to go on without it.',
              ]
            : []),
        ],
      },
    ),
  ],
  run: forMember(sendFollowUp),
};

/** The reporter wrote in from another address than the one they typed: the follow-ups go there from now on. */
const readdressAction: CaseAction = {
  ops: ['reporter-address'],
  whyNot: forMember(whyCannotReaddress),
  preview: () => [
    form(
      'reporter-address',
      {
        heading: 'Correct the reporter\u2019s address',
        description:
          'The reporter mistyped it in the Form and wrote to us from their own: what goes to the reporter goes there.',
        confirmLabel: 'The reporter wrote to us from this address',
        button: 'Correct the address',
      },
      { askTo: true },
    ),
  ],
  run: toAddress(correctReporterAddress),
};

/** A request of the reporter two voting members decide (follow-up.ts): one proposes, the second's press confirms. */
const reporterAction = (op: ReporterOp, what: string, description: string, confirmLabel: string): CaseAction => ({
  ops: [op],
  whyNot: forMember(whyCannotDecideForReporter, op),
  preview: ({ ctx, state, clearances }) => [
    form(op, {
      heading: twoMemberHeading(ctx, state, clearances, reporterDecision(op), what),
      description: `${description} A second voting member confirms.`,
      confirmLabel,
      button: 'Record it',
    }),
  ],
  run: forMember(decideForReporter, op),
});

const KIND_TEXT: Record<string, string> = {
  recommendation: 'the recommendation to a moderator',
  letter: 'the letter to the reported person',
  escalation: 'the message to the escalation contact',
};

/** Messages an interrupted run left `held`: a person decides whether they went (two forms per message). */
const heldAction: CaseAction = {
  ops: ['held-sent', 'held-resend'],
  whyNot: ({ ctx, state }) => (outboxOf(ctx).held(state.id).length ? null : 'No message is waiting for a decision.'),
  preview: ({ ctx, state }) =>
    outboxOf(ctx)
      .held(state.id)
      .flatMap((held) => {
        const what = KIND_TEXT[held.kind] ?? `a ${held.kind} message`;
        return [
          form(
            'held-sent',
            {
              heading: `Did ${what} go out?`,
              description: `An execution stopped while sending ${what}; it may or may not have arrived. It is never re-sent by itself. If the recipient got it, mark it as sent.`,
              confirmLabel: 'The recipient confirmed they received it',
              button: 'Mark as sent',
            },
            { key: held.key },
          ),
          // Not what no longer stands, nor to a moderator who no longer counts (ADV-380).
          ...(mayResend(ctx, state, held.key)
            ? [
                form(
                  'held-resend',
                  {
                    heading: `Send ${what} again`,
                    description: 'Only if you are sure it did not arrive: it is sent once more.',
                    confirmLabel: 'I checked: it did not arrive, send it again',
                    button: 'Send it again',
                  },
                  { key: held.key },
                ),
              ]
            : []),
        ];
      }),
  run: ({ ctx, state, member, fields, op }) =>
    decideHeld(ctx, state, member, String(fields.key ?? ''), op === 'held-resend'),
};

/** The form of a closing decision: open a vote on it, propose it, or confirm another member's proposal. */
function closingForm(scope: CaseScope, kind: ClosingKind, op: CaseOp): PageAction {
  const byVote = closingByVote(scope.ctx, scope.state);
  const d = closingDecision(scope.ctx, scope.state, kind);
  const confirming = !byVote && proposerOf(scope.ctx, scope.state, scope.clearances, d) !== undefined;
  const what =
    kind === 'no-violation'
      ? {
          name: 'not a Code of Conduct violation',
          after: 'The follow-up to the reporter then explains why; it stays due until sent.',
        }
      : { name: 'a report not made in good faith', after: 'The reporter then gets no follow-up and no status emails.' };
  const heading = byVote
    ? `Put to the vote: close as ${what.name}`
    : twoMemberHeading(scope.ctx, scope.state, scope.clearances, d, `close as ${what.name}`);
  const description = byVote
    ? `Opens a vote of the cleared voting members on closing the case as ${what.name}; it closes if two-thirds approve. ${what.after}`
    : confirming
      ? `A second member's confirmation decides it: the case closes now, and any open vote is cancelled. ${what.after}`
      : `Nothing changes until a second member cleared for this case confirms it (Settings "Closing decision"). ${what.after}`;
  return form(op, {
    heading,
    description,
    confirmLabel: `The committee should close this case as ${what.name}`,
    button: byVote ? 'Open the vote' : confirming ? 'Confirm and close' : 'Propose closing',
  });
}

const badFaithAction: CaseAction = {
  ops: ['bad-faith'],
  whyNot: forMember(whyCannotClose, 'bad-faith'),
  preview: (scope) => [closingForm(scope, 'bad-faith', 'bad-faith')],
  run: ({ ctx, state, clearances, member }) => requestClosing(ctx, state, clearances, member, 'bad-faith'),
};

const closeNoViolationAction: CaseAction = {
  ops: ['close-no-violation'],
  whyNot: forMember(whyCannotClose, 'no-violation'),
  preview: (scope) => [closingForm(scope, 'no-violation', 'close-no-violation')],
  run: ({ ctx, state, clearances, member }) => requestClosing(ctx, state, clearances, member, 'no-violation'),
};

/** A Status someone typed in the sheet that nobody allowed to has confirmed (status-edits.ts): confirm it, or put the system's back. */
const statusProposalAction: CaseAction = {
  ops: ['confirm-status', 'restore-status'],
  whyNot: ({ state }) => (proposalOf(state) ? null : 'No status change waits for confirmation.'),
  preview: ({ state }) => {
    const status = proposalOf(state)?.status ?? '';
    const closing = /^(resolved|closed)$/i.test(status);
    return [
      form(
        'confirm-status',
        {
          heading: closing ? `Confirm: close as ${status}` : `Confirm: reopen the case (${status})`,
          description: `Someone typed "${status}" in the sheet. ${closing ? 'Closing cancels any open vote and stops reminders and status emails.' : 'The case reopens where it was.'}`,
          confirmLabel: `The committee decided this: ${closing ? `close the case as ${status}` : 'reopen the case'}`,
          button: closing ? `Close as ${status}` : 'Reopen the case',
        },
        { key: status },
      ),
      form(
        'restore-status',
        {
          heading: 'Restore the status',
          description: 'The sheet shows the case\u2019s real status again; nothing else changes.',
          confirmLabel: 'The committee did not decide this change',
          button: 'Restore the status',
        },
        { key: status },
      ),
    ];
  },
  run: ({ ctx, state, member, clearances, op, fields }) => {
    const proposal = proposalOf(state);
    const cell = statusRowsOf(ctx).find(state.codeName);
    const now = cell === null ? '' : statusRowsOf(ctx).tracked(cell, 'status');
    // A reopening waits with the cell put back (status-edits.ts): the cell is not what it asks.
    const moved =
      !proposal ||
      proposal.status !== String(fields.key ?? '') ||
      (now !== proposal.status && !reopens(state, proposal.status));
    // A closing typed before the response vote passed is not confirmed after it: only a vote closes it now (ADV-327).
    if (moved || undoesVote(ctx, state, proposal.status)) {
      // Brought in step with what the sheet says now, as an unknown edit: a closing of a voted case is put back.
      applyStatusCell(ctx, state, now, null, clearances);
      return unchanged(
        moved
          ? 'The status in the sheet changed meanwhile.'
          : `${responseVoted(ctx, state) ? 'The committee voted this case\u2019s response' : 'Closing is put to a vote'}: only a vote closes it now.`,
      );
    }
    if (op === 'restore-status') {
      restoreStatusCell(ctx, state, { kind: 'member', member });
      return doneAction('The status is restored', []);
    }
    if (needsSecondMember(state, proposal.status)) {
      // Only people still cleared stand behind it: a member who since declared a conflict or left recused themselves.
      const people = new Set(
        [...proposalPeople(proposal)].filter((id) => clearedMember(ctx, clearances, state.id, id) !== null),
      );
      if (people.has(member.id))
        return unchanged(
          'A second member cleared for this case must confirm it: nobody closes a case alone before its response went out.',
        );
      if (people.size < 1) {
        // The editor is unknown (it may have been this member): one more cleared member must confirm too.
        state.flags.statusProposal = { ...proposal, confirmedBy: [...(proposal.confirmedBy ?? []), member.id] };
        casesOf(ctx).save(state);
        recordAudit(ctx, 'status.confirmed-once', state.id, `${proposal.status}; by member ${member.id}`);
        return doneAction('Your confirmation is recorded', [
          'A second member cleared for this case must confirm it too before the case closes.',
        ]);
      }
    }
    applyStatusChange(ctx, state, proposal.status, { kind: 'member', member });
    return doneAction(`Done: ${proposal.status}`, docWaits(ctx, state));
  },
};

/** The risk cells as the sheet has them, one text ("Safety risk? No, Risk of repeating? Maybe"). */
const riskText = (ctx: Context, state: Case) =>
  riskCells(ctx, state)
    .map((r) => `${r.header} ${r.value || '(blank)'}`)
    .join(', ');

/** Risk cells anyone may have typed (status-edits.ts `riskCells`): a cleared member confirms them as the committee's. */
const riskAction: CaseAction = {
  ops: ['confirm-risk'],
  whyNot: ({ ctx, state }) =>
    !isClosed(state) && riskCells(ctx, state).some((r) => !r.confirmed && !/^(unknown)?$/i.test(r.value))
      ? null
      : 'No risk to confirm.',
  preview: ({ ctx, state }) => [
    form(
      'confirm-risk',
      {
        heading: 'Confirm the risk set in the sheet',
        description: `${riskText(ctx, state)}. Every member can type in the sheet, one with a conflict too.`,
        confirmLabel: 'The members cleared for this case weighed the risk so',
        button: 'Confirm the risk',
      },
      { key: riskText(ctx, state) },
    ),
  ],
  run: ({ ctx, state, member, fields }) => {
    const text = riskText(ctx, state);
    if (text !== String(fields.key ?? '')) return unchanged('The risk in the sheet changed meanwhile.');
    state.flags.risk = Object.fromEntries(riskCells(ctx, state).map((r) => [r.header, r.value]));
    casesOf(ctx).save(state);
    logInDoc(ctx, state, `${member.name || 'A member'} confirmed ${text}.`);
    recordAudit(ctx, 'risk.confirmed', state.id, `by member ${member.id}`);
    return doneAction('The risk is confirmed', []);
  },
};

/** Always open to a cleared member; it ends their access, so it answers with its own page, not the case page. */
const conflictAction: CaseAction = {
  ops: ['conflict'],
  whyNot: () => null,
  preview: () => [
    form('conflict', {
      heading: 'Declare a conflict of interest',
      description:
        'If you have found a conflict, for example because of who reported or witnessed this, your access ends at once. No reason is asked.',
      confirmLabel: 'I have a conflict of interest with someone involved in this report',
      button: 'Record my conflict',
    }),
  ],
  run: ({ ctx, kase, member }) => {
    const result = recordConflict(ctx, kase, member, 'case-page');
    return {
      page: 'case-result',
      title: 'Conflict recorded',
      data: {
        heading: 'Your conflict is recorded',
        noticeTone: 'done',
        links: [],
        notice: [
          `Your conflict of interest for case ${kase.codeName} is recorded.`,
          result.revoked
            ? 'Your access to the case document has been removed.'
            : 'You no longer have access to this case.',
          ...(result.confirmed ? [] : [ACCESS_UNCONFIRMED]),
        ],
      },
    };
  },
};

const newRoundAction: CaseAction = {
  ops: ['new-round'],
  whyNot: forMember(whyCannotOpenRound),
  preview: () => [
    form('new-round', {
      heading: 'Open a new round (further response)',
      description: `If the reported person gave context that may change the response, record it in the case document under "${SECTION.reportedPerson}", then open a new round: a revised plan and consequences, a new vote, and a revised recommendation and letter.`,
      confirmLabel: 'The committee will re-evaluate the plan and consequences',
      button: 'Open a new round',
    }),
  ],
  run: ({ ctx, state, clearances, member }) => openRound(ctx, state, clearances, member),
};

/** A meeting of the members cleared for the case (procedure step 2): a calendar event titled by the code name alone. */
const meetingAction: CaseAction = {
  ops: ['call-meeting'],
  whyNot: forMember(whyCannotCallMeeting),
  preview: ({ ctx, state }) => [
    form(
      'call-meeting',
      {
        heading: 'Call a meeting of the members cleared for this case',
        description: `Every member cleared for this case, and nobody else, gets a calendar invitation titled "${state.codeName}" with no case text; guests do not see each other. Members cleared later are added and a member who declares a conflict is removed at once. The time is in ${meetingZone(ctx)}.${meetingsOf(state).length ? ` Meetings called so far: ${meetingsOf(state).length}.` : ''}`,
        confirmLabel: 'Invite the members cleared for this case to this meeting',
        button: 'Call the meeting',
      },
      { askMeeting: true },
    ),
  ],
  run: ({ ctx, state, clearances, member, fields }) =>
    callMeeting(ctx, state, clearances, member, String(fields.start ?? ''), String(fields.minutes ?? '')),
};

/** Every case-page action, in the order the page shows them. */
export const CASE_ACTIONS: readonly CaseAction[] = [
  openVoteAction,
  recommendationAction,
  overrideAction,
  escalateAction,
  letterAction,
  letterAgainAction,
  followUpAction,
  readdressAction,
  reporterAction(
    'waive-follow-up',
    'the reporter is owed no follow-up',
    'Nothing more goes to the reporter.',
    'The reporter was told another way, or asked not to be contacted',
  ),
  reporterAction(
    'forget-reporter',
    'delete the reporter\u2019s details now',
    'Deleted now as the purge would on its date.',
    'The reporter asked us to delete their details',
  ),
  newRoundAction,
  meetingAction,
  heldAction,
  badFaithAction,
  closeNoViolationAction,
  statusProposalAction,
  riskAction,
  conflictAction,
] as CaseAction[];

/** The action a POSTed op belongs to, or null for anything else. */
export function caseActionFor(op: string): CaseAction | null {
  return CASE_ACTIONS.find((action) => (action.ops as readonly string[]).includes(op)) ?? null;
}

/** A person's decision about an at-most-once message an interrupted run left `held`. */
function decideHeld(ctx: Context, state: Case, member: CommitteeMember, key: string, resend: boolean): ActionResult {
  const outbox = outboxOf(ctx);
  const held = outbox.heldByKey(state.id, key);
  if (!held) return unchanged('That message is not waiting for a decision.');
  if (resend && !mayResend(ctx, state, key))
    return unchanged('It is not sent again: what it carries no longer stands, or its recipient no longer counts.');
  // A recommendation's link lives 60 days and the days to answer: one sent again later goes with a new one (ADV-511).
  outbox.decideHeld(
    held,
    resend,
    member.id,
    readNowIso(ctx),
    resend && held.kind === 'recommendation' ? moderatorLink(ctx, state, key.split('|')[2]) : '',
  );
  recordInDoc(
    ctx,
    state,
    SECTION.log,
    `${member.name || 'A member'} decided about an interrupted ${held.kind} message: ${resend ? 'send it again' : 'it arrived'}.`,
  );
  recordAudit(ctx, resend ? 'mail.held-resend' : 'mail.held-sent', state.id, held.kind);
  return doneAction(resend ? 'It will be sent again' : 'Marked as sent', []);
}
