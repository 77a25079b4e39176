// The reporter's follow-up (DESIGN §3.6): what was done, or why it was not a violation; none for reports not made in good faith.
import { followUpMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import { casesOf, isClosed, owesFollowUp, personCodesOf, type Case } from '../records/cases';
import type { Clearances } from '../records/clearances';
import { isDatedLine, isFiledLine } from '../records/doc-log';
import { outboxKey, outboxOf } from '../records/outbox';
import { isSamePerson, matchAddresses } from '../core/identity';
import { GROUP_ADDRESS_REFUSAL, isGroupAddress } from '../core/settings';
import { parseSingleEmail } from '../core/text';
import {
  clearedMember,
  dropStatusEmails,
  logInDoc,
  recordInDoc,
  SECTION,
  setPhase,
  ONLY_CLEARED_CAN,
} from './case-state';
import { doneAction, refusedAction, refuseIdentifying, tooLongToMail, type Outgoing } from './outgoing';
import { roundOf, type ActionResult } from './vote';
import { mailSettled, purgeNow } from './retention';
import { letterKey } from './letters';
import { notVoter, ownProposal, proposeOrConfirm, type TwoMembers } from './two-members';
import { memberById, settingsOf, replyAddress } from '../workspace/committee';
import { AT_LEAST_ONCE } from '../workspace/mailer';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { queueMail } from '../workspace/outbox';
import { commitWork } from '../workspace/unit-of-work';

/** The outbox key of the round's follow-up (`#n`: sent again after MailApp refused the one before for good). */
export const followUpKey = (state: Case, n = state.flags.followUp?.n ?? 1, round = roundOf(state)) =>
  outboxKey(state.id, `${round > 1 ? `follow-up:r${round}` : 'follow-up'}${n > 1 ? `#${n}` : ''}`, 'reporter');

/** Why the follow-up cannot be sent by this member now, or null. */
export function whyCannotFollowUp(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}send the follow-up.`;
  if (state.badFaith) return 'This report is marked as not made in good faith: no follow-up is sent.';
  // A group listed since the case took the address (ADV-352): the sweep drops it within the hour; never sent meanwhile.
  if (!state.reporterEmail || isGroupAddress(settingsOf(ctx), state.reporterEmail))
    return 'The reporter left no usable email address, so there is nobody to write to.';
  // One that failed for good (MailApp refused it, or its letter failed) never reached the reporter: it may go again.
  const keys = outboxOf(ctx).keyIndex();
  if (state.flags.followUp && keys.state(followUpKey(state)) !== 'failed')
    return 'The follow-up has already been sent.';
  if (state.flags.followUpWaived) return NOT_OWED;
  // A closed case sends no letter (a reported person with no address, closed by hand once the moderators acted): the
  // reporter is still told what was done (seed, "Follow up with the reporter"), never before the letter could go.
  if (!state.flags.letter && !state.flags.noViolation && !isClosed(state)) {
    return 'The follow-up comes after the letter to the reported person, or once the case is closed (closed as no violation, it explains why).';
  }
  // Not before the reported person was told (seed steps 8 then 10): a letter refused for good is sent to another
  // address first, or the committee closes the case to go on without it.
  if (!isClosed(state) && letterFailed(ctx, state))
    return 'The letter could not be delivered: send it to another address, or close the case to go on without it.';
  return null;
}

/** True when MailApp refused the round's last letter for good: the reported person was never told. */
export const letterFailed = (ctx: Context, state: Case) =>
  outboxOf(ctx).keyIndex().state(letterKey(state, state.flags.letter?.to?.length)) === 'failed';

/**
 * The text the follow-up would carry now (the Doc's `Follow-up to the reporter`), without the dated entries the
 * system records there: after an interrupted send, the retry must not mail the reporter the record of the first
 * attempt (it names the member who sent it); and the reporter's own emailed replies, filed in this section, are theirs,
 * not the committee's response.
 */
export function followUpText(ctx: Context, state: Case): string {
  const lines = ctx.work.docs.readSection(state.docId, SECTION.followUp).split('\n');
  const own = (from: number) =>
    lines
      .slice(from)
      .filter((line) => !isDatedLine(line) && !isFiledLine(line))
      .join('\n')
      .trim();
  // A later round's follow-up is what members wrote under the record of the last one sent: the reporter was told the
  // earlier decision already, and reading it again as "what the committee decided" would mislead. Nothing written
  // under it (the old text rewritten in place): the whole section.
  let sent = -1;
  lines.forEach((line, i) => {
    if (isDatedLine(line) && line.includes(SENT_RECORD)) sent = i;
  });
  return (sent >= 0 && own(sent + 1)) || own(0);
}

/** How the Doc records a follow-up sent (followed by who sent it). */
const SENT_RECORD = 'The text above was sent to the reporter (address on file)';

/**
 * What the follow-up sends: the committee's text, as the page previews it. It goes to the reporter, so the redaction
 * guard looks only for the reporters and witnesses of other reports about the same person (ADV-201).
 */
export function followUpOutgoing(ctx: Context, state: Case): Outgoing<{ text: string }> {
  const text = followUpText(ctx, state);
  return {
    texts: { text },
    previews: [{ label: SECTION.followUp, text: text || '(empty)' }],
    guarded: [{ label: `"${SECTION.followUp}"`, text, others: true }],
  };
}

/**
 * Sends the follow-up to the reporter's address on file (never shown on a page) with the text the
 * committee wrote in the Doc, records it there with its date, and resolves the case once the letter is out.
 */
export function sendFollowUp(ctx: Context, state: Case, clearances: Clearances, memberId: string): ActionResult {
  const heading = 'The follow-up was not sent';
  const refusal = whyCannotFollowUp(ctx, state, clearances, memberId);
  if (refusal) return refusedAction(heading, [refusal]);
  const outgoing = followUpOutgoing(ctx, state);
  const { text } = outgoing.texts;
  if (!text) {
    return refusedAction(heading, [`Write the follow-up in the case document under "${SECTION.followUp}" first.`]);
  }
  const refused = refuseIdentifying(ctx, state, 'follow-up', heading, outgoing.guarded);
  if (refused) return refused;
  const message = followUpMessage({ text });
  const long = tooLongToMail('follow-up', message);
  if (long) return refusedAction(heading, [long]);
  const n = (state.flags.followUp?.n ?? 0) + 1;
  queueMail(ctx, {
    // One follow-up per round: after a further response, the reporter hears what the final round decided.
    key: followUpKey(state, n),
    caseId: state.id,
    kind: 'follow-up',
    to: state.reporterEmail,
    replyTo: replyAddress(ctx),
    ...message,
    delivery: AT_LEAST_ONCE,
  });
  state.flags.followUp = { at: readNowIso(ctx), by: memberId, n };
  const member = memberById(ctx, memberId);
  const who = member?.name || 'a member';
  recordInDoc(
    ctx,
    state,
    SECTION.followUp,
    `${SENT_RECORD} by ${who}.`,
    [],
    `Follow-up sent to the reporter (address on file) by ${who}.`,
  );
  if (state.phase === 'letter-sent') setPhase(ctx, state, 'resolved');
  else casesOf(ctx).save(state);
  recordAudit(ctx, 'follow-up.sent', state.id, 'follow-up queued');
  return doneAction('The follow-up is on its way', [
    'It goes to the reporter (address on file). The case document records when it was sent.',
  ]);
}

const NOT_OWED = 'Nothing more is owed to the reporter.';

/** The reporter's requests two voting members decide (two-members.ts): the flag of the first's proposal, what it decides. */
const REPORTER_DECISIONS = {
  'waive-follow-up': ['waiver', 'the reporter is owed no follow-up', 'follow-up.waived'],
  'forget-reporter': ['forget', 'the reporter\u2019s details are deleted now', 'reporter.forgotten'],
} as const;
export type ReporterOp = keyof typeof REPORTER_DECISIONS;

export const reporterDecision = (op: ReporterOp): TwoMembers => {
  const [flag, text, event] = REPORTER_DECISIONS[op];
  return { flag, text, event, what: 'A decision for the reporter' };
};

/** Why this member cannot propose (or confirm) `op`, or null. */
export function whyCannotDecideForReporter(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  op: ReporterOp,
): string | null {
  const notVoting = notVoter(ctx, clearances, state, memberId);
  if (notVoting) return notVoting;
  // Erased sooner than the purge: only what the purge would erase, once nothing is owed or waiting to go (it empties
  // the mail copies), never while the case is open (the redaction guard needs who reported).
  if (op === 'waive-follow-up') {
    if (state.flags.followUpWaived || state.badFaith || !state.reporterEmail || state.flags.followUp) return NOT_OWED;
  } else if (
    !isClosed(state) ||
    owesFollowUp(state) ||
    // Decided already (due: the run that purged it ended on the way; the next sweep finishes it, retention.ts).
    state.flags.purged ||
    state.flags.purgeDue ||
    !mailSettled(ctx, state) ||
    // Nor while another report about the same person may still send mail (open, or its follow-up owed): its guard
    // protects this reporter too (ADV-199).
    casesOf(ctx)
      .live()
      .some((c) => (!isClosed(c) || owesFollowUp(c)) && personCodesOf(c).some((x) => personCodesOf(state).includes(x)))
  )
    return 'Only a closed case that owes the reporter nothing, has no mail waiting and no other case about the same person still open.';
  return ownProposal(ctx, state, clearances, memberId, reporterDecision(op));
}

/**
 * The reporter was told another way or asked not to be contacted (`waive-follow-up`: nothing more goes to them, the
 * purge counts from the closing, owesFollowUp), or asked for their details to be deleted (`forget-reporter`: purged
 * now, retention.ts). Decisions nobody takes alone (a member with a conflict is never cleared): two voting members.
 */
export function decideForReporter(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  op: ReporterOp,
): ActionResult {
  const refusal = whyCannotDecideForReporter(ctx, state, clearances, memberId, op);
  if (refusal) return refusedAction('Nothing was decided', [refusal]);
  const d = reporterDecision(op);
  return proposeOrConfirm(ctx, state, clearances, memberId, d, () => {
    const stamp = { at: readNowIso(ctx), by: memberId };
    logInDoc(ctx, state, `${memberById(ctx, memberId)?.name || 'A member'} confirmed: ${d.text}.`);
    if (op === 'forget-reporter') {
      // Committed as due before Drive is touched: a run killed in between leaves the next sweep (retention.ts) to
      // finish it, and the audit leaves its Doc alone meanwhile.
      state.flags.purgeDue = stamp;
      casesOf(ctx).save(state);
      commitWork(ctx);
      purgeNow(ctx, state);
      // "Done." alone on a page reading "Closed." said nothing of what went and what stays (ADV-482).
      const f = state.flags;
      return doneAction('The reporter\u2019s details are deleted', [
        `Their name and address and the witnesses are deleted from the registry and its copies of sent mail${f.purgeArchivesOwed ? ' (the archive\u2019s copies at the next daily check)' : ''}.`,
        f.docDeleted
          ? 'The case document went to the trash (Drive empties it after 30 days).'
          : f.docArchived
            ? 'The case document, with the report as written, is kept in the folder of archived case documents.'
            : 'Drive did not move the case document yet: it is tried again daily.',
        'The case stays listed, with who was reported and what was decided.',
      ]);
    } else {
      state.flags.followUpWaived = stamp;
      dropStatusEmails(ctx, state);
      // The letter went and only the follow-up was left: nothing is (ADV-337).
      if (state.phase === 'letter-sent') setPhase(ctx, state, 'resolved');
    }
    casesOf(ctx).save(state);
    return doneAction(`Done: ${d.text}`, []);
  });
}

/** Why this member cannot correct the reporter's address on file now, or null. */
export function whyCannotReaddress(ctx: Context, state: Case, clearances: Clearances, memberId: string): string | null {
  if (!clearedMember(ctx, clearances, state.id, memberId)) return `${ONLY_CLEARED_CAN}correct it.`;
  // Purged (or decided so), an address typed now would stay for good: no later purge reaches a case already purged.
  if (state.flags.purged || state.flags.purgeDue)
    return 'The reporter\u2019s details of this case were deleted under the retention policy: none is kept again.';
  return state.badFaith ? 'Nothing is sent to the reporter of a report not made in good faith.' : null;
}

/**
 * Replaces the reporter's address on file with the one a member typed (a mistyped Form answer: the reporter wrote in
 * from their own), so the status emails and the follow-up stop going to a stranger. Never a reported person's address;
 * the address typed in the Form stays in the Doc's `Report`, still protected.
 */
export function correctReporterAddress(
  ctx: Context,
  state: Case,
  clearances: Clearances,
  memberId: string,
  raw: string,
): ActionResult {
  const heading = 'The address was not changed';
  const refusal = whyCannotReaddress(ctx, state, clearances, memberId);
  if (refusal) return refusedAction(heading, [refusal]);
  const parsed = parseSingleEmail(raw);
  if (!parsed.ok) return refusedAction(heading, ['Type exactly one email address: the reporter\u2019s own.']);
  if (isGroupAddress(settingsOf(ctx), parsed.email)) return refusedAction(heading, [GROUP_ADDRESS_REFUSAL]);
  // Or another report about the same person does (a person code in common): the reported person, as the reporter.
  const codes = personCodesOf(state);
  const related = casesOf(ctx)
    .mayNameTheSame(state)
    .filter((c) => personCodesOf(c).some((x) => codes.includes(x)));
  if ([state, ...related].some((c) => c.reported.emails.some((e) => isSamePerson(matchAddresses(e, parsed.email)))))
    return refusedAction(heading, ['A report gives that address for a person involved.']);
  casesOf(ctx).setReporterEmail(state, parsed.email);
  const who = memberById(ctx, memberId)?.name || 'A member';
  recordInDoc(ctx, state, SECTION.log, `${who} corrected the reporter\u2019s address (now on file).`);
  recordAudit(ctx, 'reporter.readdressed', state.id, `by member ${memberId}`);
  return doneAction('The address is corrected', []);
}
