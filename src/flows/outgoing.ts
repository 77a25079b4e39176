// What a case action sends, built once for the page's preview, the redaction guard and the send; and the guard's one refusal (Audit row and page lines).
import { describeFindings, type Finding } from '../core/redaction';
import { encodeUtf8 } from '../core/tokens';
import type { Context } from '../workspace/context';
import { CELL_CHAR_LIMIT } from '../workspace/schema';
import type { Case } from '../records/cases';
import { guardTexts, SECTION } from './case-state';
import type { ActionResult } from './vote';
import { recordAudit } from '../workspace/audit-trail';

/** One part of an outgoing text, labelled as the member knows it (a Doc section, a part of the letter). */
export interface GuardedPart {
  label: string;
  text: string;
  /** Goes to the reporter: checked for the people of other reports about the same person only. */
  others?: boolean;
}

/** One block of text to be sent, as the page previews it. */
export interface Preview {
  label: string;
  text: string;
}

/**
 * An outgoing text: what the message is built from (`texts`), what the case page shows of it (`previews`) and
 * what the redaction guard checks (`guarded`). One builder per action makes all three, so the page never
 * previews a text other than the one the send would guard and send.
 */
export interface Outgoing<T> {
  texts: T;
  previews: Preview[];
  guarded: GuardedPart[];
}

/** The plan and consequences as the page previews them. */
export function planPreviews(texts: { plan: string; consequences: string }): Preview[] {
  return [
    { label: SECTION.plan, text: texts.plan || '(empty)' },
    { label: SECTION.consequences, text: texts.consequences || '(empty)' },
  ];
}

/** The plan and consequences as the redaction guard names them. */
export function planGuarded(texts: { plan: string; consequences: string }): GuardedPart[] {
  return [
    { label: `"${SECTION.plan}"`, text: texts.plan },
    { label: `"${SECTION.consequences}"`, text: texts.consequences },
  ];
}

/** What a vote may freeze (plan, consequences, letter draft, as JSON in one registry cell): its mail then fits (below). */
export const MAIL_TEXT_CHARS = 30_000;

/**
 * Why a message cannot go as one email, or null. Until it is sent each part waits in one `Outbox` cell, and the table
 * cuts text past Sheets' 50,000 characters: a letter queued while the quota was spent went the next day without its
 * consequences. MailApp refuses a body over 200 KB on a consumer account (`Limit Exceeded: Email Body Size.`; plain
 * and HTML parts counted together, the stricter reading; apps-script-platform.md §1.2).
 */
export function tooLongToMail(what: string, m: { body: string; htmlBody: string }): string | null {
  return Math.max(m.body.length, m.htmlBody.length) < CELL_CHAR_LIMIT - 1000 &&
    encodeUtf8(m.body + m.htmlBody).length <= 200 * 1024
    ? null
    : tooLong(`${what} is`);
}

/** The refusal's line: `what` with its verb ("letter is"). */
export function tooLong(what: string): string {
  return `The ${what} too long for one email: shorten it in the case document (at most ${MAIL_TEXT_CHARS.toLocaleString('en')} characters in all).`;
}

/** A refusal of the redaction guard, for the member's page only (it quotes what it found). */
export interface GuardRefusal {
  label: string;
  findings: Finding[];
  description: string;
}

export interface SendResult extends ActionResult {
  refusals?: GuardRefusal[];
}

/** An action refused before anything happened: its heading and the lines that say why (one place builds the shape). */
export function refusedAction(heading: string, lines: string[]): ActionResult {
  return { ok: false, heading, lines };
}

/** An action that went through: its heading and the lines that say what happened (one place builds the shape). */
export function doneAction(heading: string, lines: string[]): ActionResult {
  return { ok: true, heading, lines };
}

/** Runs the guard and words each refusal for the member's page. */
export function guardRefusals(ctx: Context, state: Case, parts: readonly GuardedPart[]): GuardRefusal[] {
  return guardTexts(ctx, state, parts).map((r) => ({
    ...r,
    description: `${r.label}: ${describeFindings(r.findings)}`,
  }));
}

/**
 * The send's guard: null when nothing identifying was found, else the refusal (one `redaction.refused` Audit row
 * counting the findings, never quoting them, and the lines that tell the member what to reword).
 */
export function refuseIdentifying(
  ctx: Context,
  state: Case,
  what: string,
  heading: string,
  parts: readonly GuardedPart[],
): SendResult | null {
  const refusals = guardRefusals(ctx, state, parts);
  if (!refusals.length) return null;
  recordAudit(
    ctx,
    'redaction.refused',
    state.id,
    `${what}: ${refusals.map((r) => r.findings.length).reduce((a, b) => a + b, 0)} finding(s)`,
  );
  return {
    ok: false,
    heading,
    lines: [
      'The redaction guard found text that could identify the reporter or a witness. Reword it in the case document, then try again.',
      ...refusals.map((r) => r.description),
    ],
    refusals,
  };
}
