// The report Form's contract (item titles, kinds, choices) and parsing of a response into a Report.

import { theCommittee, type Voice } from './messages';
import { canonicalAddress, foldText, isSamePerson, matchAddresses, matchNames, nameWords } from './identity';
import { extractPeople, isNonName, type ProtectedIdentity } from './redaction';
import { hasOwn, parseSingleEmail, stripControlCharacters } from './text';

export type FormItemKind = 'text' | 'paragraph' | 'choice';

export interface FormItem {
  title: string;
  kind: FormItemKind;
  required: boolean;
  /** For 'choice' items. */
  choices?: readonly string[];
  helpText: string;
}

export const ITEM = {
  name: 'Your name',
  email: 'Your email address',
  onBehalf: 'Are you reporting on behalf of someone else?',
  affected: 'Who are you reporting on behalf of?',
  involved: 'Who was involved?',
  where: 'Where did it happen?',
  when: 'When did it happen?',
  what: 'What happened?',
  impact: 'How did it affect you?',
  witnesses: 'Were there witnesses?',
  danger: 'Is anyone in immediate danger?',
  extra: 'Anything else we should know?',
} as const;

/**
 * Titles an older version gave a contract item, by the title it has now: setup renames such an item on the Form, and
 * a response or Doc written under the old title (before the upgrade's setup) is still read as that item. Before
 * 2026-12, "Who are you reporting on behalf of?" (DESIGN §3) was asked as "If so, who was affected?".
 */
export const FORMER_TITLES: Readonly<Record<string, string>> = Object.freeze({
  'If so, who was affected?': ITEM.affected,
});

export const OTHER_SPACE = 'Other';
export const DANGER_CHOICES = ['Yes', 'No', 'Not sure'] as const;

/**
 * Shown at the top of the Form: who reads a report, what happens to it, and that anonymous reports are welcome
 * (T9). Set when setup creates the Form; the committee may rewrite it in Forms afterwards, and setup keeps theirs.
 */
export function formDescription(voice: Voice): string {
  return (
    `Use this form to report behaviour in ${voice.community} that may break our Code of Conduct. ` +
    `Every question is optional except what happened, and you may report anonymously. Only members of ` +
    `${theCommittee(voice)} without a conflict of interest read your report. We never tell the person reported, ` +
    'or moderators, who made a report. If you give an email address we send you a short receipt, with no ' +
    'details of your report, and follow up later. If someone is in immediate danger, contact local emergency ' +
    'services first.'
  );
}

/** What reporters see after submitting: what happens next, nothing more. Set, and kept, as the description is. */
export function formConfirmation(voice: Voice): string {
  return (
    `Thank you. Your report has reached ${theCommittee(voice)}. Committee members first check for ` +
    'conflicts of interest; only members without one will read it. If you gave an email address, you will ' +
    'receive a short receipt (with no details of your report) and we will follow up with you. ' +
    'If someone is in immediate danger, please contact local emergency services now.'
  );
}

/**
 * The Form's items, in order. Titles are a contract (scenarios answer by title). Only "What happened?"
 * is required: anonymous and partial reports are allowed. "Where did it happen?" gets the spaces from
 * Settings plus "Other" through buildFormItems; here it only has "Other".
 */
export const FORM_ITEMS: readonly FormItem[] = Object.freeze([
  { title: ITEM.name, kind: 'text', required: false, helpText: 'Optional. Leave blank to report anonymously.' },
  {
    title: ITEM.email,
    kind: 'text',
    required: false,
    helpText: 'Optional. One address, used only to acknowledge your report and follow up with you.',
  },
  { title: ITEM.onBehalf, kind: 'choice', required: false, choices: ['Yes', 'No'], helpText: '' },
  {
    title: ITEM.affected,
    kind: 'text',
    required: false,
    helpText:
      'Optional. The person the behaviour was directed at, if not you. We protect their identity as we protect yours.',
  },
  {
    title: ITEM.involved,
    kind: 'paragraph',
    required: false,
    helpText: 'The name(s) of the person or people whose behaviour you are reporting. Separate names with commas.',
  },
  { title: ITEM.where, kind: 'choice', required: false, choices: [OTHER_SPACE], helpText: '' },
  { title: ITEM.when, kind: 'text', required: false, helpText: 'Date and time, as best you remember.' },
  {
    title: ITEM.what,
    kind: 'paragraph',
    required: true,
    helpText: 'In your own words. Include links or quotes if you have them.',
  },
  {
    title: ITEM.impact,
    kind: 'paragraph',
    required: false,
    // The seed: "where possible, separate out the behavior of the reported person and the impact on the reporter".
    helpText: 'Optional. The impact on you (or on the person affected), apart from what happened.',
  },
  {
    title: ITEM.witnesses,
    kind: 'paragraph',
    required: false,
    helpText: 'Names of anyone who saw it, if you know them. We never share them with the person reported.',
  },
  { title: ITEM.danger, kind: 'choice', required: false, choices: [...DANGER_CHOICES], helpText: '' },
  { title: ITEM.extra, kind: 'paragraph', required: false, helpText: '' },
] satisfies FormItem[]);

/** FORM_ITEMS with the Settings spaces (blank and duplicate names dropped) before "Other". */
export function buildFormItems(spaceNames: readonly string[]): FormItem[] {
  const spaces: string[] = [];
  for (const raw of spaceNames) {
    const name = stripControlCharacters(String(raw)).trim();
    if (
      name !== '' &&
      name.toLowerCase() !== OTHER_SPACE.toLowerCase() &&
      !spaces.some((s) => s.toLowerCase() === name.toLowerCase())
    ) {
      spaces.push(name);
    }
  }
  return FORM_ITEMS.map((item) =>
    item.title === ITEM.where ? { ...item, choices: [...spaces, OTHER_SPACE] } : { ...item },
  );
}

export interface People {
  names: string[];
  emails: string[];
  handles: string[];
}

export interface Report {
  reporterName: string;
  reporterEmail: string | null;
  /** `involved`: the address is also given under "Who was involved?" (most likely the reported person's). */
  reporterEmailProblem: null | 'multiple' | 'invalid' | 'involved' | 'committee';
  /** What was typed in the email box when it could not be used (kept only to protect it, never to mail it). */
  reporterEmailAnswer?: string;
  onBehalf: string;
  /** The person a report was made for ("Who are you reporting on behalf of?"): protected like the reporter. */
  affected: string;
  affectedPeople: People;
  involved: string;
  /** The people "Who was involved?" names, less the reporter, the affected person and the witnesses if it lists them. */
  reported: People;
  space: string;
  when: string;
  what: string;
  impact: string;
  witnesses: string;
  witnessPeople: People;
  /** True for "Yes" and for "Not sure": an uncertain answer still gets the urgent alert. */
  danger: boolean;
  dangerAnswer: string;
  extra: string;
}

function answerText(answers: Record<string, string | string[]>, title: string): string {
  const raw: unknown = hasOwn(answers, title) ? answers[title] : undefined;
  if (raw === undefined || raw === null) return '';
  const joined = Array.isArray(raw) ? raw.map((x) => String(x ?? '')).join(', ') : String(raw);
  return stripControlCharacters(joined);
}

/**
 * Turns Form answers (keyed by item title) into a Report. Missing answers become '', lists are joined
 * with ', ', control characters other than new line and tab are removed, and long text is kept whole.
 * An unusable email answer gives a null address and says why, so intake can note it without guessing.
 */
export function parseReport(answers: Record<string, string | string[]>): Report {
  const get = (title: string) =>
    answerText(answers ?? {}, title) ||
    Object.keys(FORMER_TITLES)
      .filter((former) => FORMER_TITLES[former] === title)
      .map((former) => answerText(answers ?? {}, former))
      .find(Boolean) ||
    '';
  const rawName = get(ITEM.name).trim();
  const involved = get(ITEM.involved);
  const parsed = parseSingleEmail(get(ITEM.email));
  // An address given for a person involved too is most likely the reported person's, typed in the wrong box: it is
  // never mailed (the receipt greets the reporter by name), yet stays protected as typed, in case it is the reporter's.
  const email =
    parsed.ok && extractPeople(involved).emails.some((e) => isSamePerson(matchAddresses(e, parsed.email)))
      ? ({ ok: false, reason: 'involved' } as const)
      : parsed;
  const witnesses = get(ITEM.witnesses);
  const affected = get(ITEM.affected);
  const affectedPeople = extractPeople(affected);
  const witnessPeople = extractPeople(witnesses);
  const reporterName = isNonName(rawName) ? '' : rawName;
  const dangerAnswer = get(ITEM.danger).trim();
  const dangerLower = dangerAnswer.toLowerCase();
  return {
    reporterName,
    reporterEmail: email.ok ? email.email : null,
    reporterEmailProblem: email.ok || email.reason === 'empty' ? null : email.reason,
    ...(email.ok || email.reason === 'empty' ? {} : { reporterEmailAnswer: get(ITEM.email).trim() }),
    onBehalf: get(ITEM.onBehalf).trim(),
    affected,
    affectedPeople,
    involved,
    reported: withoutPeople(
      withoutPeople(extractPeople(involved), [
        { names: reporterName ? [reporterName] : [], emails: parsed.ok ? [parsed.email] : [], handles: [] },
        affectedPeople,
      ]),
      // A witness listed among those involved too ("everyone who was there") is still a witness (DESIGN §3): a reported
      // person is named to every member before "no conflict", and keeps a person code name for years. The answer is
      // free text, so only an entry that is a spelling of the name counts, never a sentence that mentions it.
      [witnessPeople],
      true,
    ),
    space: get(ITEM.where).trim(),
    when: get(ITEM.when),
    what: get(ITEM.what),
    impact: get(ITEM.impact),
    witnesses,
    witnessPeople,
    danger: dangerLower === 'yes' || dangerLower === 'not sure',
    dangerAnswer,
    extra: get(ITEM.extra),
  };
}

/** True when every answer is blank or whitespace (the phantom second submit event, R1). */
export function isBlankReport(answers: Record<string, string | string[]>): boolean {
  if (!answers) return true;
  return Object.values(answers).every((value) => {
    const parts = Array.isArray(value) ? value : [value];
    return parts.every((p) => stripControlCharacters(String(p ?? '')).trim() === '');
  });
}

/** `people` less anyone who is one of `others` (identity model: any spelling of the name, any variant of the address). */
function withoutPeople(people: People, others: readonly People[], spellingsOnly = false): People {
  const names = others.flatMap((o) => [...o.names, ...o.handles]);
  const emails = others.flatMap((o) => o.emails);
  // `spellingsOnly`: no more full words than the name has words ("Wes Tarn saw Sam Doe" is no spelling of "Sam Doe").
  const full = (text: string) => nameWords(text).filter((w) => w.length > 1).length;
  const isOther = (text: string) =>
    names.some((n) => isSamePerson(matchNames(text, n)) && (!spellingsOnly || full(n) <= nameWords(text).length)) ||
    emails.some((e) => isSamePerson(matchAddresses(text, e)));
  return {
    names: people.names.filter((n) => !isOther(n)),
    emails: people.emails.filter((e) => !isOther(e)),
    handles: people.handles.filter((h) => !isOther(h)),
  };
}

/**
 * The addresses and handles `text` names, and a handle the writer gives as theirs without its @ ("I am kestrel77 on
 * Discord", "my username is kes_trel", "I post on GitHub as kes-q2"): only one with a digit, `_`, `.` or `-` inside,
 * which no ordinary word has (ADV-585). Read in the report and in the reporter's emailed replies alike (ADV-593).
 */
export function mentionedIn(text: string): People {
  const mentioned = extractPeople(text);
  for (const [, bare] of text
    .normalize('NFKC')
    .matchAll(
      /(?:\bmy (?:\w+ )?(?:user ?name|handle|nick(?:name)?)(?: is|:)?|\bi(?: am|'m|’m)(?= \S+ on )|\b(?:i|me)\b[^.\n]{0,30}?\bon [\w ]{2,20}? as) ([\p{L}\p{N}_]*(?:[\d_]|[.-](?=[\p{L}\p{N}]))[\p{L}\p{N}_.-]*)/giu,
    ))
    mentioned.handles.push(bare.replace(/[.-]+$/, ''));
  return mentioned;
}

/**
 * What must never reach moderators or the reported person: the names, addresses and handles of the reporter, the
 * person affected (a report made on someone's behalf) and the witnesses, and any address or handle written in the
 * report's own account that is not the reported person's. An email answer that could not be parsed still
 * identifies the reporter, so its address-like parts are kept too.
 */
export function reportIdentity(report: Report): ProtectedIdentity {
  const others = [report.witnessPeople, report.affectedPeople];
  const names = [...(report.reporterName ? [report.reporterName] : []), ...others.flatMap((p) => p.names)];
  const emails = [...(report.reporterEmail ? [report.reporterEmail] : []), ...others.flatMap((p) => p.emails)];
  const handles = others.flatMap((p) => p.handles);
  // Addresses and handles in the account itself ("she wrote to me at kim@…") identify someone too; the reported
  // person's own are left out (the letter and the recommendation may need them).
  const reportedHandles = new Set(report.reported.handles.map((h) => foldText(h)));
  const reportedEmails = new Set(report.reported.emails.map((e) => canonicalAddress(e)));
  for (const text of [report.what, report.impact, report.when, report.extra]) {
    const mentioned = mentionedIn(text);
    emails.push(...mentioned.emails.filter((e) => !reportedEmails.has(canonicalAddress(e))));
    handles.push(...mentioned.handles.filter((h) => !reportedHandles.has(foldText(h))));
  }
  if (report.reporterEmailAnswer) {
    const typed = extractPeople(report.reporterEmailAnswer);
    emails.push(...typed.emails);
    // Malformed addresses ("ana.lima@example") are protected as typed; their local part is searched too.
    emails.push(...report.reporterEmailAnswer.split(/[\s,;<>]+/).filter((part) => part.includes('@')));
  }
  return { names: unique(names), emails: unique(emails.map((e) => e.toLowerCase())), handles: unique(handles) };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items.filter((s) => s.trim() !== ''))];
}
