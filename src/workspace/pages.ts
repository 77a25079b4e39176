// Renders the web app's HtmlService templates (src/pages/*.html): values printed escaped, one allow-listed raw include, viewport and frame settings.
import { currentVoice, theCommittee } from '../core/messages';
import { stripControlCharacters } from '../core/text';

type Link = { label: string; href: string };

/** An action the member can take now on the case page: its form, preview and what the confirmation box says. */
export type CaseActionView = {
  op: string;
  heading: string;
  description: string;
  previews: Array<{ label: string; text: string }>;
  warnings: string[];
  confirmLabel: string;
  button: string;
  /** The letter asks for the reported person's address. */
  askTo: boolean;
  /** Opening a vote offers to put the letter draft to the vote too (then its wording is frozen with the plan). */
  askLetter: boolean;
  /** Calling a meeting asks for its start (script time zone) and its length in minutes. */
  askMeeting: boolean;
  /** Hidden extra field (held messages name their outbox key). */
  key: string;
  tone: 'primary' | 'secondary';
};
/** The outcome notice of a form page (the `notice` partial): escaped lines and their tone. */
type Notice = { notice: string[]; noticeTone: string };

/**
 * The page contract: each template in src/pages (file name without `.html`) and the variables it prints. A flow
 * that builds a page with a missing or misspelled variable does not compile; test/workspace/pages.test.ts checks
 * that every variable a template reads is listed here.
 */
export type PageData = {
  /** `token`: the unusable link's token, for the "Email me fresh links" button ('' for none). */
  invalid: { token: string };
  busy: Record<string, never>;
  result: {
    heading: string;
    lines: string[];
    notes: string[];
    links: Link[];
    tone: 'ok' | 'warn';
    outcome: 'done' | 'refused' | 'error' | 'confirm';
  };
  'case-result': Notice & { heading: string; links: Link[] };
  screening: {
    token: string;
    codeName: string;
    people: string[];
    mode: string;
    cleared: boolean;
    clearedOn: string;
    trashed: boolean;
    docUrl: string;
    error: string;
  };
  onboarding: {
    token: string;
    people: Array<{ field: string; label: string; code: string }>;
    listKey: string;
    error: string;
  };
  vote: Notice & {
    token: string;
    codeName: string;
    summary: string;
    current: string;
    /** What a closing vote decides, shown instead of the plan and consequences ('' for a response vote). */
    question: string;
    plan: string;
    consequences: string;
    docUrl: string;
    canVote: boolean;
    /** The vote the page shows: a ballot from it counts on that vote only. */
    voteId: string;
    /** The letter draft the vote froze with the plan ('' when the letter is written after the vote). */
    letter: string;
  };
  inbox: Notice & {
    token: string;
    from: string;
    received: string;
    subject: string;
    text: string;
    open: boolean;
    bounce: boolean;
    auto: boolean;
    /** It came through a group that put its own address in From: Make a case asks who wrote. */
    via: boolean;
    file: string;
    spaces: string[];
  };
  moderator: Notice & {
    token: string;
    space: string;
    recommendation: string;
    current: string;
    answeredOn: string;
    details: string;
    open: boolean;
  };
  case: Notice & {
    token: string;
    codeName: string;
    status: string;
    phaseText: string;
    nextAction: string;
    badFaith: boolean;
    docUrl: string;
    deadlines: Array<{ label: string; value: string }>;
    /** `Safety risk?` / `Risk of repeating?` while not set in the status sheet: a reminder each. */
    risks: Array<{ label: string; value: string }>;
    vote: { outcome: string; opened: string; closed: string; summary: string; voteUrl: string } | null;
    moderatorsSpace: string;
    moderatorsStanding: string;
    moderators: Array<{ email: string; answer: string; when: string; details: string }>;
    reporterContact: string;
    actions: CaseActionView[];
    blocked: Array<{ heading: string; reason: string }>;
    memberName: string;
    /** Per person the case names: earlier cases the member is cleared for, and how many others (src/flows/patterns.ts). */
    patterns: Array<{ code: string; cases: Array<{ codeName: string; status: string }>; others: string }>;
  };
  propose: Notice & {
    token: string;
    /** What the member typed, kept when the page refuses it (`title` is the browser title, set on every page). */
    titleValue: string;
    textValue: string;
    daysValue: string;
    minDays: number;
    maxDays: number;
  };
  record: Notice & {
    token: string;
    /** The Form's items (report.ts), each with what the member typed, kept when the page refuses it. */
    items: Array<{ title: string; kind: string; required: boolean; help: string; choices: string[]; value: string }>;
    conflict: boolean;
  };
  proposal: Notice & {
    token: string;
    n: number;
    proposalTitle: string;
    state: string;
    text: string;
    docUrl: string;
    dates: Array<{ label: string; value: string }>;
    summary: string;
    canVote: boolean;
    current: string;
    canRecordBoard: boolean;
  };
};

export type PageName = keyof PageData;

/**
 * What a flow asks the web app to show: a template, the browser title, and exactly that template's variables.
 * Flows build these as plain data; only this file touches HtmlService.
 */
export type PageView = { [P in PageName]: { page: P; title: string; data: PageData[P] } }[PageName];

/**
 * Partials a page may include raw with `<?!= include(name) ?>`: the stylesheet (static, no scriptlets), the page
 * top (head, skip link, header) and the outcome notice of a form page, templates that print their only values
 * (the title; the notice's lines and tone) escaped themselves.
 */
const PARTIALS = new Set(['styles', 'page-top', 'notice']);

/** The only function templates get for `<?!= ?>`: returns a fixed partial's markup, nothing else. */
function createIncluder(title: string, data: Readonly<Record<string, unknown>>): (name: string) => string {
  const include = (name: string): string => {
    if (!PARTIALS.has(name)) throw new Error(`pages: "${name}" is not an includable partial`);
    if (name === 'styles') return HtmlService.createHtmlOutputFromFile(name).getContent();
    const partial = HtmlService.createTemplateFromFile(name) as GoogleAppsScript.HTML.HtmlTemplate &
      Record<string, unknown>;
    partial.title = title;
    partial.committee = currentVoice().committee;
    partial.notice = Array.isArray(data.notice) ? data.notice : [];
    partial.noticeTone = String(data.noticeTone ?? '');
    partial.include = include;
    return partial.evaluate().getContent();
  };
  return include;
}

/**
 * A page's values without control characters and bidi overrides, as every mail prints them (escapeHtml): `<?= ?>`
 * escapes HTML only, so a stranger's email, a moderator's words or a proposal typed with U+202E showed reversed (ADV-476).
 */
function printable(value: unknown): unknown {
  if (typeof value === 'string') return stripControlCharacters(value);
  if (Array.isArray(value)) return value.map(printable);
  // Plain records only: anything else (a Date) is printed as the template would have printed it.
  if (!value || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = printable((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * Evaluates a page template. `url` (the web app URL every form posts to) is always set, as is `title`;
 * the view's data is copied onto the template so scriptlets see it as variables and print it with `<?= ?>`.
 */
export function renderPage(view: PageView, webAppUrl: string): GoogleAppsScript.HTML.HtmlOutput {
  const template = HtmlService.createTemplateFromFile(view.page) as GoogleAppsScript.HTML.HtmlTemplate &
    Record<string, unknown>;
  // The contract typed the data per template; here it is only copied onto the template, key by key.
  const data = printable(view.data) as Readonly<Record<string, unknown>>;
  const title = printable(view.title) as string;
  for (const key of Object.keys(data)) template[key] = data[key];
  template.title = title;
  template.url = webAppUrl;
  // The committee's names (Settings), as every page says them.
  template.committee = currentVoice().committee;
  template.theCommittee = theCommittee();
  template.community = currentVoice().community;
  template.include = createIncluder(title, data);
  return (
    template
      .evaluate()
      .setTitle(title)
      .addMetaTag('viewport', 'width=device-width, initial-scale=1')
      // DEFAULT forbids framing by other sites: nobody can overlay these confirmation pages (clickjacking).
      .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.DEFAULT)
  );
}
