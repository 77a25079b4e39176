// What a person does on one of the web app's pages: finds the form for an operation, ticks the confirmation box, answers for a reported person, and reads a refusal from the result page.
import { choose, isSubmitter, type Control, type HtmlForm, type ParsedPage } from './html-forms';

/** Op values the pages use on their submit buttons (docs/architecture.md "Page forms"), with a label fallback. */
const OPS: Record<string, { ops: string[]; text: RegExp }> = {
  'no-conflict': { ops: ['no-conflict'], text: /\bno conflict\b/i },
  conflict: { ops: ['conflict'], text: /^(?!.*\bno\b).*\bconflict\b/i },
  openVote: { ops: ['open-vote'], text: /\bopen (?:a |the )?vote\b/i },
  vote: { ops: ['vote'], text: /\b(?:cast|record|submit|save)\b.*\bvote\b|^vote$/i },
  sendRecommendation: { ops: ['send-recommendation'], text: /\brecommendation\b/i },
  sendLetter: { ops: ['send-letter'], text: /\bletter\b/i },
  sendFollowUp: { ops: ['send-follow-up'], text: /\bfollow[- ]?up\b/i },
  accept: { ops: ['accept'], text: /^(?!.*\bdis).*\baccept\b/i },
  disagree: { ops: ['disagree'], text: /\bdisagree\b/i },
  onboard: { ops: ['onboard'], text: /\b(?:save|submit|send|confirm)\b/i },
  propose: { ops: ['propose'], text: /\bpropose\b/i },
  record: { ops: ['record'], text: /\brecord the report\b/i },
};

/** Finds the form (and the button to press) that performs `opKey` on a page. */
export function findOperation(
  page: ParsedPage,
  opKey: keyof typeof OPS | string,
): { form: HtmlForm; submitter: Control | null } | null {
  const spec = OPS[opKey] ?? { ops: [opKey], text: /^$/ };
  for (const form of page.forms) {
    const button = form.controls.find((c) => isSubmitter(c) && c.name === 'op' && spec.ops.includes(c.value));
    if (button) return { form, submitter: button };
  }
  for (const form of page.forms) {
    const hidden = form.controls.find(
      (c) => c.tag === 'input' && c.type === 'hidden' && c.name === 'op' && spec.ops.includes(c.value),
    );
    if (hidden) return { form, submitter: form.controls.find(isSubmitter) ?? null };
  }
  for (const form of page.forms) {
    const button = form.controls.find((c) => isSubmitter(c) && spec.text.test(c.label));
    if (button) return { form, submitter: button };
  }
  return null;
}

/** What a person does before pressing the button: tick the confirmation box (and any required box). */
export function confirmAsPerson(form: HtmlForm): void {
  for (const c of form.controls) {
    if (c.tag === 'input' && c.type === 'checkbox' && (c.name === 'confirm' || c.required)) c.checked = true;
  }
}

function normalizeName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * On the onboarding page, answers for one reported person: finds the radio group whose fieldset legend (or a
 * radio's label) names the person and chooses `no-conflict` or `conflict` in it.
 */
export function answerForPerson(form: HtmlForm, person: string, answer: 'no-conflict' | 'conflict'): boolean {
  const want = normalizeName(person);
  const radios = form.controls.filter((c) => c.tag === 'input' && c.type === 'radio' && c.name);
  const groups = new Map<string, Control[]>();
  for (const r of radios) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  for (const [name, group] of groups) {
    const names = group.map((r) => normalizeName(r.legend)).concat(group.map((r) => normalizeName(r.label)));
    if (!names.some((n) => n === want || n.includes(want))) continue;
    if (choose(form, name, answer)) return true;
    const byLabel = group.find((r) =>
      (answer === 'no-conflict' ? /\bno conflict\b/i : /^(?!.*\bno\b).*conflict/i).test(r.label),
    );
    if (byLabel) return choose(form, name, byLabel.value);
  }
  return false;
}

/** Why a result page says the action did not happen: its `data-outcome`, else its `role="alert"` text; '' when it went through. */
export function refusalOf(page: ParsedPage): string {
  if (page.outcome.toLowerCase() === 'done') return '';
  if (['refused', 'invalid', 'error', 'busy', 'expired'].includes(page.outcome.toLowerCase())) {
    return page.alerts.length > 0 ? page.alerts.join(' ') : describePage(page);
  }
  if (page.alerts.length > 0) return page.alerts.join(' ');
  return '';
}

/** A page in a few words for a message: its heading (or title), and the start of its text when it has no heading. */
export function describePage(page: ParsedPage): string {
  const words = [page.heading || page.title, page.heading && page.text ? '' : page.text.slice(0, 160)]
    .filter(Boolean)
    .join(' — ');
  return words ? JSON.stringify(words) : '(empty page)';
}
