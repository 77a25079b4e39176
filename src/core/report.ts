// The report Form's contract (item titles, kinds, choices) and parsing of a response into a Report.

import { extractPeople, isNonName, type ProtectedIdentity } from './redaction';
import { parseSingleEmail, stripControlCharacters } from './text';

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
  involved: 'Who was involved?',
  where: 'Where did it happen?',
  when: 'When did it happen?',
  what: 'What happened?',
  witnesses: 'Were there witnesses?',
  danger: 'Is anyone in immediate danger?',
  extra: 'Anything else we should know?',
} as const;

export const OTHER_SPACE = 'Other';
export const DANGER_CHOICES = ['Yes', 'No', 'Not sure'] as const;

/** Shown at the top of the Form: what happens to a report, and that anonymous reports are welcome (T9). */
export const FORM_DESCRIPTION =
  'Use this form to report behaviour that may break our Code of Conduct. Every question is optional ' +
  'except what happened, and you may report anonymously. Only committee members without a conflict ' +
  'of interest read your report. We never tell the person reported, or moderators, who made a report. ' +
  'If you give an email address we send you a short receipt, with no details of your report, and ' +
  'follow up later. If someone is in immediate danger, contact local emergency services first.';

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
  reporterEmailProblem: null | 'multiple' | 'invalid';
  /** What was typed in the email box when it could not be used (kept only to protect it, never to mail it). */
  reporterEmailAnswer?: string;
  onBehalf: string;
  involved: string;
  reported: People;
  space: string;
  when: string;
  what: string;
  witnesses: string;
  witnessPeople: People;
  /** True for "Yes" and for "Not sure": an uncertain answer still gets the urgent alert. */
  danger: boolean;
  dangerAnswer: string;
  extra: string;
}

function answerText(answers: Record<string, string | string[]>, title: string): string {
  const raw: unknown = Object.prototype.hasOwnProperty.call(answers, title) ? answers[title] : undefined;
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
  const get = (title: string) => answerText(answers ?? {}, title);
  const rawName = get(ITEM.name).trim();
  const email = parseSingleEmail(get(ITEM.email));
  const involved = get(ITEM.involved);
  const witnesses = get(ITEM.witnesses);
  const dangerAnswer = get(ITEM.danger).trim();
  const dangerLower = dangerAnswer.toLowerCase();
  return {
    reporterName: isNonName(rawName) ? '' : rawName,
    reporterEmail: email.ok ? email.email : null,
    reporterEmailProblem: email.ok || email.reason === 'empty' ? null : email.reason,
    ...(email.ok || email.reason === 'empty' ? {} : { reporterEmailAnswer: get(ITEM.email).trim() }),
    onBehalf: get(ITEM.onBehalf).trim(),
    involved,
    reported: extractPeople(involved),
    space: get(ITEM.where).trim(),
    when: get(ITEM.when),
    what: get(ITEM.what),
    witnesses,
    witnessPeople: extractPeople(witnesses),
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

/**
 * What must never reach moderators or the reported person: the reporter's and witnesses' names,
 * addresses and handles. An email answer that could not be parsed still identifies the reporter, so
 * its address-like parts are kept too.
 */
export function reportIdentity(report: Report): ProtectedIdentity {
  const names = [...(report.reporterName ? [report.reporterName] : []), ...report.witnessPeople.names];
  const emails = [...(report.reporterEmail ? [report.reporterEmail] : []), ...report.witnessPeople.emails];
  const handles = [...report.witnessPeople.handles];
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
