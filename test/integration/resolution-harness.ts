// Test harness for deliberation to resolution: a committee with spaces and settings, cleared members, Doc sections written as members, and the case, vote and moderator pages used as a person would.
import type { SentMail, WebResponse } from '../../workbench';
import {
  answerLink,
  expectNoErrors,
  formFor,
  formsOf,
  newestLink,
  pageText,
  registryRows,
  startDesk,
  statusRows,
  submitForm,
  submitReport,
  type CaseInfo,
  type Desk,
  type MemberSpec,
  type ReportSpec,
} from './access-harness';
import { privateBuildDir } from '../support/build-copy';
import { ANA, BO, CY, DEE, EVE, ESCALATION, MODS, SPACE } from '../support/flows';

// The standard committee is the crash matrix's (test/support/flows.ts), so both families of tests speak of the same people.
export { ANA, BO, CY, DEE, EVE, ESCALATION, MODS, SPACE };

/** A report with a reporter, a witness (with a handle) and a reported person, in the Discourse space. */
export const REPORT: ReportSpec & { where: string; witnessAnswer: string } = {
  reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' },
  reported: ['Sam Doe'],
  witnesses: ['Wes Tarn'],
  witnessAnswer: 'Wes Tarn (@wtarn)',
  where: SPACE,
  what: 'During the Tuesday release call Sam Doe repeatedly mocked my accent in the public channel even after I asked him to stop, and then sent me private messages.',
};

export const PLAN =
  'Do not comment on anyone\u2019s accent or language skills. Do not send private messages to people who have not asked for them.';
export const CONSEQUENCES =
  'A written warning. A repeat within a year leads to a temporary removal from the community chat.';
export const LETTER =
  'In a public call you made repeated comments about a community member\u2019s accent and kept going after being asked to stop.\nImpact: comments like these make people feel unwelcome and less likely to take part.';
export const FOLLOW_UP =
  'Thank you for your report. The committee found that the behaviour broke the Code of Conduct; the person received a written warning and a behaviour plan.';

export interface ResolutionDesk extends Desk {
  /** Settings rows as the owner typed them. */
  setSetting(setting: string, value: string | number | boolean): void;
}

/** A set-up desk with members, one space with its moderators and an escalation contact. */
export function startResolutionDesk(
  options: {
    members?: MemberSpec[];
    settings?: Record<string, string | number | boolean>;
    moderators?: string[];
    latency?: Record<string, number>;
  } = {},
): ResolutionDesk {
  const desk = startDesk({
    members: options.members ?? [ANA, BO, CY, DEE],
    buildDir: privateBuildDir(),
    latency: options.latency,
  }) as ResolutionDesk;
  desk.setSetting = (setting, value) => setSetting(desk, setting, value);
  addSpace(desk, SPACE, options.moderators ?? MODS);
  desk.setSetting('Escalation contact', ESCALATION);
  desk.k.moderatorEmails.add(ESCALATION);
  for (const [key, value] of Object.entries(options.settings ?? {})) desk.setSetting(key, value);
  // The Form's "Where did it happen?" choices come from Settings: the owner re-runs setup after adding a space.
  const rerun = desk.ws.run('setup');
  if (rerun.record.outcome !== 'ok') throw new Error(`setup failed: ${rerun.record.error}`);
  desk.check();
  return desk;
}

/** The owner types a Settings value (adds the row when the setting is not there yet). */
export function setSetting(desk: Desk, setting: string, value: string | number | boolean): void {
  const rows = desk.ws.data.sheet(desk.statusId, 'Settings').rows;
  let row = rows.findIndex((r, i) => i > 0 && String(r[0]).trim() === setting) + 1;
  if (row <= 0) {
    row = rows.length + 1;
    expectNoErrors(desk.ws.editCell(desk.ws.owner, desk.statusId, 'Settings', row, 1, setting));
  }
  expectNoErrors(desk.ws.editCell(desk.ws.owner, desk.statusId, 'Settings', row, 2, value));
}

export function addSpace(desk: Desk, name: string, moderators: string[]): void {
  setSetting(desk, `Space: ${name}`, moderators.join(', '));
  for (const m of moderators) desk.k.moderatorEmails.add(m);
}

/** Submits the report (Form answers as in REPORT unless overridden) and returns the case. */
export function reportCase(desk: Desk, spec: Partial<typeof REPORT> = {}): CaseInfo {
  return submitReport(desk, { ...REPORT, ...spec });
}

export { submitReport };

/** Members declare "no conflict" through their screening links. */
export function clear(desk: Desk, kase: CaseInfo, ...members: MemberSpec[]): void {
  for (const m of members) answerLink(desk, newestLink(desk, m.email, 'no-conflict', kase.caseId), 'no-conflict');
}

/** A member declares a conflict through their screening "Conflict" link. */
export function answerConflict(desk: Desk, kase: CaseInfo, member: MemberSpec): void {
  answerLink(desk, newestLink(desk, member.email, 'conflict', kase.caseId), 'conflict');
}

/** A member replaces a section of the case Doc, as they would in Google Docs. */
export function writeSection(desk: Desk, member: MemberSpec, kase: CaseInfo, section: string, text: string): void {
  desk.ws.data.ui.writeDocSection(member.email, kase.docId, section, text);
  desk.check();
}

/** Writes the plan, consequences, letter and follow-up. */
export function writeTexts(
  desk: Desk,
  member: MemberSpec,
  kase: CaseInfo,
  texts: Partial<{ plan: string; consequences: string; letter: string; followUp: string }> = {},
): void {
  writeSection(desk, member, kase, 'Proposed behavioral modification plan', texts.plan ?? PLAN);
  writeSection(desk, member, kase, 'Proposed consequences', texts.consequences ?? CONSEQUENCES);
  writeSection(desk, member, kase, 'Letter to the reported person', texts.letter ?? LETTER);
  writeSection(desk, member, kase, 'Follow-up to the reporter', texts.followUp ?? FOLLOW_UP);
}

/** The member's case page (from their newest "Case page" link for the case). */
export function casePage(desk: Desk, member: MemberSpec, kase: CaseInfo): WebResponse {
  const page = desk.ws.webGet(newestLink(desk, member.email, 'case', kase.caseId).url);
  desk.check();
  return page;
}

/** True when the page offers the op. */
export function offers(page: WebResponse, op: string): boolean {
  return formsOf(page.body).some((f) => f.hidden.op === op);
}

/** GET the case page, tick the op's box (unless `tick: false`), POST with extra fields; invariants after. */
export function caseAction(
  desk: Desk,
  member: MemberSpec,
  kase: CaseInfo,
  op: string,
  fields: Record<string, string> = {},
  tick = true,
): WebResponse {
  const page = casePage(desk, member, kase);
  const response = submitForm(desk, formFor(page, op), { tick, choices: fields });
  desk.check();
  return response;
}

/** The member votes from their newest vote link for the case. */
export function vote(
  desk: Desk,
  member: MemberSpec,
  kase: CaseInfo,
  choice: 'approve' | 'reject' | 'abstain',
  tick = true,
): WebResponse {
  const link = newestLink(desk, member.email, 'vote', kase.caseId);
  const page = desk.ws.webGet(link.url);
  const form = formsOf(page.body).find((f) => f.hidden.op === 'vote');
  // A closed vote shows no form: POST what a page left open in a browser tab would have sent.
  const response = form
    ? submitForm(desk, form, { tick, choices: { choice } })
    : desk.ws.webPost(desk.ws.webAppUrl, { t: link.token, op: 'vote', choice, ...(tick ? { confirm: 'yes' } : {}) });
  desk.check();
  return response;
}

/** A moderator answers from their newest moderator link for the case. */
export function moderatorAnswer(
  desk: Desk,
  moderator: string,
  kase: CaseInfo,
  op: 'accept' | 'disagree',
  details = '',
  tick = true,
): WebResponse {
  const page = desk.ws.webGet(newestLink(desk, moderator, 'moderator', kase.caseId).url);
  const response = submitForm(desk, formFor(page, op), { tick, choices: details ? { details } : {} });
  desk.check();
  return response;
}

/** The page's outcome marker (`done` / `refused`), '' when none. */
export function outcomeOf(page: WebResponse): string {
  return /data-outcome="([a-z]+)"/.exec(page.body)?.[1] ?? '';
}

/** Sends the letter to the reported person's address (known to the checker as an outsider). */
export function sendLetter(desk: Desk, member: MemberSpec, kase: CaseInfo, to: string): WebResponse {
  desk.k.reportedPersonEmails.add(to);
  return caseAction(desk, member, kase, 'send-letter', { to });
}

/** Runs the sweep once as its trigger would (one execution), invariants after. */
export function sweep(desk: Desk): void {
  const result = desk.ws.run('sweep_', [{}], { kind: 'trigger' });
  if (result.record.outcome !== 'ok') throw new Error(`sweep_ ended ${result.record.outcome}: ${result.record.error}`);
  desk.check();
}

/** Moves the clock (hourly sweeps fire on the way), invariants after. */
export function advance(desk: Desk, ms: number): void {
  const results = desk.ws.advance(ms);
  for (const r of results)
    if (r.record.outcome !== 'ok') throw new Error(`${r.record.fn} ended ${r.record.outcome}: ${r.record.error}`);
  desk.check();
}

export const HOUR = 3600000;
export const DAY = 24 * HOUR;

/** Mail to `email` whose subject matches. */
export function mailsTo(desk: Desk, email: string, subject: RegExp): SentMail[] {
  return desk.ws.mailTo(email).filter((m) => subject.test(m.subject));
}

export function caseRow(desk: Desk, kase: CaseInfo): Record<string, string> {
  const row = statusRows(desk, 'Cases').find((r) => r['Code Name'] === kase.codeName);
  if (!row) throw new Error(`no status row for ${kase.codeName}`);
  return row;
}

export function registryCase(desk: Desk, kase: CaseInfo): Record<string, string> {
  const row = registryRows(desk, 'Cases').find((r) => r['Case ID'] === kase.caseId);
  if (!row) throw new Error(`no registry row for ${kase.caseId}`);
  return row;
}

export function docText(desk: Desk, kase: CaseInfo): string {
  return desk.ws.data.doc(kase.docId).text;
}

/** The text under a heading of the case Doc (up to the next heading). */
export function docSection(desk: Desk, kase: CaseInfo, heading: string): string {
  const paragraphs = desk.ws.data.doc(kase.docId).paragraphs;
  const start = paragraphs.findIndex((p) => p.heading !== 'NORMAL' && p.text === heading);
  if (start < 0) return '';
  const out: string[] = [];
  for (let i = start + 1; i < paragraphs.length && paragraphs[i].heading === 'NORMAL'; i++)
    out.push(paragraphs[i].text);
  return out.join('\n');
}

export { pageText, registryRows, statusRows, newestLink, formFor, submitForm };
