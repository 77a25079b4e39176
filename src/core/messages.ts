// Every outgoing email as a pure function: subject, plain-text body and escaped HTML body, in a calm, plain voice.

import { escapeHtml, stripControlCharacters, truncate } from './text';
import type { VoteOutcome } from './votes';

export interface Message {
  subject: string;
  body: string;
  htmlBody: string;
}

/** The committee's and the community's names, as the `Settings` rows `Committee name` and `Community name` give them. */
export interface Voice {
  committee: string;
  community: string;
}

export const DEFAULT_VOICE: Readonly<Voice> = Object.freeze({
  committee: 'Code of Conduct committee',
  community: 'our community',
});

/**
 * The voice every message of this execution speaks in. One script serves one committee, so it is set once per
 * execution (when the Context opens, and again when Settings is read) rather than passed to each message: no
 * message, present or future, can then forget to name the committee as it asked to be named.
 */
let voice: Voice = { ...DEFAULT_VOICE };

/** Sets the names messages use from now on in this execution (blank parts fall back to the defaults). */
export function useVoice(next: Partial<Voice> | null | undefined): void {
  const pick = (v: unknown, fallback: string) => {
    const text = oneLine(v);
    return text === '' ? fallback : truncate(text, 80);
  };
  voice = {
    committee: pick(next?.committee, DEFAULT_VOICE.committee),
    community: pick(next?.community, DEFAULT_VOICE.community),
  };
}

/** The names messages use now. */
export function currentVoice(): Voice {
  return { ...voice };
}

/** "the Code of Conduct committee"; a name that already starts with "the" is kept as it is. */
export function theCommittee(v: Voice = voice): string {
  return /^the\s/i.test(v.committee) ? v.committee : `the ${v.committee}`;
}

/** The same at the start of a sentence. */
function startSentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
export const ALERT_PREFIX = '[Conduct Desk]';

/** The end of every web page answer that changed nothing (a box left unticked, an option not chosen). */
export const NOT_CHANGED = 'Nothing has been changed.';

/** Building blocks shared by the text and HTML renderings, so both always say the same thing. */
type Block =
  | { p: string }
  | { link: { label: string; url: string } }
  | { section: { heading: string; text: string } }
  | { list: string[] };

/** Subjects are one line, short, and free of anything a mail header could be tricked with. */
function cleanSubject(s: string): string {
  return truncate(oneLine(s), 150);
}

function clean(s: unknown): string {
  return stripControlCharacters(String(s ?? ''));
}

/** Text on one line: a name, a place. */
function oneLine(s: unknown): string {
  return clean(s).replace(/\s+/g, ' ').trim();
}

/** Only http(s) URLs become links; anything else (javascript:, data:) is shown as text and never clickable. */
function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url);
}

function renderText(greeting: string, blocks: readonly Block[]): string {
  const out: string[] = [greeting, ''];
  for (const b of blocks) {
    if ('p' in b) out.push(clean(b.p), '');
    else if ('link' in b) out.push(`${clean(b.link.label)}:`, clean(b.link.url), '');
    else if ('section' in b) out.push(`${clean(b.section.heading)}:`, clean(b.section.text).trim() || '-', '');
    else out.push(...b.list.map((item) => `- ${clean(item)}`), '');
  }
  out.push('With care,', theCommittee());
  return out.join('\n');
}

function multiline(s: string): string {
  return escapeHtml(s).replace(/\n/g, '<br>');
}

/** How every HTML mail body opens (its font and size), named once so the bundle holds the style one time. */
const MAIL_HTML_OPEN = '<div style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222">';

/** How a quoted section opens, and how every HTML mail body closes: each held once in the bundle. */
const QUOTE_OPEN = '<blockquote style="margin:0 0 1em 0;padding-left:12px;border-left:3px solid #ccc">';
function closeHtml(): string[] {
  return [`<p>With care,<br>${escapeHtml(theCommittee())}</p>`, '</div>'];
}

function renderHtml(greeting: string, blocks: readonly Block[]): string {
  const out: string[] = [MAIL_HTML_OPEN];
  out.push(`<p>${escapeHtml(greeting)}</p>`);
  for (const b of blocks) {
    if ('p' in b) {
      out.push(`<p>${multiline(b.p)}</p>`);
    } else if ('link' in b) {
      const url = clean(b.link.url);
      out.push(
        isSafeUrl(url)
          ? `<p><a href="${escapeHtml(url)}">${escapeHtml(b.link.label)}</a><br><span style="font-size:12px;color:#555">${escapeHtml(url)}</span></p>`
          : `<p>${escapeHtml(b.link.label)}: ${escapeHtml(url)}</p>`,
      );
    } else if ('section' in b) {
      out.push(
        `<p><strong>${escapeHtml(b.section.heading)}</strong></p>`,
        `${QUOTE_OPEN}${multiline(clean(b.section.text).trim() || '-')}</blockquote>`,
      );
    } else {
      out.push(`<ul>${b.list.map((item) => `<li>${multiline(item)}</li>`).join('')}</ul>`);
    }
  }
  out.push(...closeHtml());
  return out.join('\n');
}

function compose(subject: string, greeting: string, blocks: readonly Block[]): Message {
  return { subject: cleanSubject(subject), body: renderText(greeting, blocks), htmlBody: renderHtml(greeting, blocks) };
}

/** An alert to the committee: its subject after ALERT_PREFIX. */
function alertTo(title: string, blocks: readonly Block[]): Message {
  return compose(`${ALERT_PREFIX} ${title}`, 'Hello,', blocks);
}

function greet(name: string | undefined): string {
  const n = oneLine(name);
  return n === '' ? 'Hello,' : `Hello ${truncate(n, 80)},`;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  const list = names.map(oneLine).filter((n) => n !== '');
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Mail to the reporter greets no one by name: nobody checked the address they typed, and a receipt greeting them at a
 * mistyped (or shared) address would tell its reader who reported (ADV-131).
 */
const REPORTER_GREETING = 'Hello,';

/** Receipt to the reporter. Says what happens next and nothing about the report itself (T9). */
export function acknowledgmentMessage(p: { followUpDays: number }): Message {
  return compose('We received your report', REPORTER_GREETING, [
    { p: `Thank you for writing to ${theCommittee()}. We have received your report, and we take it seriously.` },
    { p: 'What happens next:' },
    {
      list: [
        'Committee members first check whether they have a conflict of interest. Only members without one read your report.',
        'They discuss it and decide on a response. We may write to you if we need more details.',
        `We will follow up with you within ${plural(p.followUpDays, 'day', 'days')}. If it takes longer, we will let you know how it is going.`,
      ],
    },
    { p: 'We will not tell the person you reported, or any moderators, who made the report.' },
    { p: 'If anyone is in immediate danger, please contact local emergency services first.' },
  ]);
}

/** To the committee when a report says someone may be in danger. Code name and link only. */
export function urgentAlertMessage(p: { codeName: string; casePageUrl?: string }): Message {
  const url = p.casePageUrl;
  return compose(`Urgent: new report ${clean(p.codeName)} may involve immediate danger`, 'Hello,', [
    dangerSaid(p.codeName),
    // No page yet: Google refuses the case its Doc for now (storage full, daily limit spent), so no check either (ADV-570).
    {
      p: url
        ? 'Please answer the conflict-of-interest email for this report as soon as you can. Members without a conflict can then open the case page:'
        : 'Google refuses it a document for now, so its conflict-of-interest email comes later. Tell whoever holds the committee account: they can read it now.',
    },
    ...(url ? [{ link: { label: 'Case page', url } }] : []),
  ]);
}

/** The urgent alerts' opening line, the report's code name only. */
const dangerSaid = (codeName: string) => ({
  p: `A new report, code name "${clean(codeName).trim()}", says someone may be in immediate danger.`,
});

/**
 * Conflict check sent to every active member. The only message that names anyone: the reported
 * people, as the procedure requires ("We have a report that involves …"), never the reporter or witnesses.
 */
export function screeningMessage(p: {
  memberName: string;
  reportedNames: string[];
  noConflictUrl: string;
  conflictUrl: string;
  expiresOn: string;
}): Message {
  const names = joinNames(p.reportedNames);
  const opening =
    names === ''
      ? 'We have a report that does not name the person it is about.'
      : `We have a report that involves ${names}.`;
  return compose('New report: please check for a conflict of interest', greet(p.memberName), [
    { p: opening },
    {
      p:
        'Please tell us whether you have a conflict of interest: for example, if you manage, work closely with, ' +
        'are related to, or have a close relationship with someone involved. You do not need to give a reason, ' +
        'and nobody will ask for one.',
    },
    { link: { label: 'I have no conflict of interest (gives me access to the case document)', url: p.noConflictUrl } },
    { link: { label: 'I have a conflict of interest', url: p.conflictUrl } },
    {
      p:
        'Each link opens a page where you confirm your answer; nothing changes until you do. If you do not answer, ' +
        'you will not get access to the case. If you later find you have a conflict, for example because of who ' +
        'reported or witnessed it, please declare it then: your access will be removed.',
    },
    { p: `These links work until ${clean(p.expiresOn)}. Please do not forward this email.` },
  ]);
}

/** To a member who declared no conflict: the Doc has been shared with them. */
export function accessGrantedMessage(p: {
  memberName: string;
  codeName: string;
  docUrl: string;
  casePageUrl: string;
  /** Given back after the member's access was removed (src/flows/audit.ts). */
  again?: boolean;
}): Message {
  return compose(`Access granted: ${clean(p.codeName)}`, greet(p.memberName), [
    {
      p: p.again
        ? `Your access to the case document of "${clean(p.codeName)}" was removed; it is given back, and you can open it again.`
        : `Thank you for confirming that you have no conflict of interest for "${clean(p.codeName)}". You can now open its case document.`,
    },
    { link: { label: 'Case document', url: p.docUrl } },
    { link: { label: 'Case page (votes and sending)', url: p.casePageUrl } },
    { p: 'Please keep the document to yourself and do not share it or change its sharing settings.' },
  ]);
}

/** To a member who declared a conflict. No case details, and no question about why. */
export function conflictRecordedMessage(p: { memberName: string; codeName: string }): Message {
  return compose(`Conflict recorded: ${clean(p.codeName)}`, greet(p.memberName), [
    {
      p: `Thank you. We have recorded that you have a conflict of interest for "${clean(p.codeName)}". You will not be given access to it, and you will not receive its details.`,
    },
    { p: 'If you chose this by mistake, please tell the committee.' },
  ]);
}

/** Welcome to a new member: declare conflicts with people reported in past cases before getting access. */
export function onboardingMessage(p: {
  memberName: string;
  onboardUrl: string;
  count: number;
  /** A voting member's link to propose a change to the Code of Conduct (kept: it lasts a year). */
  proposeUrl?: string;
  /** The member's link to record a report they received by email or in person (lasts a year). */
  recordUrl?: string;
}): Message {
  const propose: Block[] = [
    ...(p.recordUrl ? recordLinkBlocks(p.recordUrl) : []),
    ...(p.proposeUrl
      ? [
          {
            p: 'To propose a change to the Code of Conduct or the enforcement procedure, keep this email and use this link:',
          },
          { link: { label: 'Propose a change', url: p.proposeUrl } },
        ]
      : []),
  ];
  if (p.count <= 0) {
    return compose(`Welcome to ${theCommittee()}`, greet(p.memberName), [
      { p: 'Welcome to the committee. There are no past reports for you to check for conflicts of interest.' },
      { p: 'When a new report arrives, you will receive an email asking whether you have a conflict of interest.' },
      ...propose,
    ]);
  }
  return compose(`Welcome to ${theCommittee()}: conflict check`, greet(p.memberName), [
    {
      p:
        `Welcome to the committee. Before you can see past cases, please tell us whether you have a conflict of ` +
        (p.count === 1
          ? 'interest with the one person who has been reported before.'
          : `interest with any of the ${plural(p.count, 'person', 'people')} who have been reported before.`),
    },
    { link: { label: 'Check for conflicts', url: p.onboardUrl } },
    {
      p:
        'The page lists their names. You answer for each person, and you do not need to give a reason. ' +
        'You will get access only to the cases where you confirm you have no conflict. Please keep the list to yourself.',
    },
    ...propose,
  ]);
}

function recordLinkBlocks(url: string): Block[] {
  return [
    {
      p: 'If someone reports something to you by email or in person, record it with this link (keep this email): it becomes a case like a report made through the form.',
    },
    { link: { label: 'Record a report', url } },
  ];
}

/** Once, to each member who joined before reports could be recorded by members: their link to do so. */
export function recordLinkMessage(p: { memberName: string; recordUrl: string }): Message {
  return compose('Recording a report you received', greet(p.memberName), recordLinkBlocks(p.recordUrl));
}

/** To each eligible voter when a vote opens. */
export function voteOpenedMessage(p: {
  memberName: string;
  codeName: string;
  voteUrl: string;
  required: number;
  eligible: number;
  /** What the vote decides when it is not the plan and consequences (closing without a response). */
  question?: string;
  /** When the vote closes, as the committee's time zone shows it; '' when not said. */
  closesOn?: string;
  /** For a vote after one passed: what it replaces and which sections changed. */
  replaces?: string;
}): Message {
  const what = p.question
    ? `on ${p.question}`
    : 'on the behavioral modification plan and consequences as written in the case document when it opened (that text is what will be sent if it passes)';
  return compose(`Vote open: ${clean(p.codeName)}`, greet(p.memberName), [
    { p: `A vote is open for "${clean(p.codeName)}" ${what}.${p.replaces ? ` ${clean(p.replaces)}` : ''}` },
    {
      p:
        `It passes with ${plural(p.required, 'approval', 'approvals')} out of ${plural(p.eligible, 'eligible member', 'eligible members')} ` +
        '(two-thirds, rounded up). Abstaining counts the same as not approving.' +
        (p.closesOn ? ` It closes on ${clean(p.closesOn)}.` : ''),
    },
    { link: { label: 'Vote', url: p.voteUrl } },
  ]);
}

const OUTCOME_TEXT: Record<VoteOutcome, string> = {
  passed: 'passed',
  failed: 'did not pass',
  open: 'is still open',
  'no-eligible': 'could not be held: no member is eligible to vote',
};

/** To the cleared members when a vote is decided. Counts only, never who voted how. */
export function voteResultMessage(p: {
  codeName: string;
  outcome: VoteOutcome;
  approve: number;
  reject: number;
  abstain: number;
  required: number;
  /** What a vote to close the case without a response decided (as the `Vote open` email put it); '' for a response. */
  question?: string;
  /** A vote on changed text after a passed one: if it does not pass, the decision voted before stands. */
  stands?: boolean;
}): Message {
  // A closing vote decides no plan: passed, the case is closed; failed, it goes on where it was, as after a failed revote.
  const next =
    p.outcome !== 'passed' && (p.question || p.stands)
      ? `The case goes on where it was before this vote${p.stands ? ': the plan and consequences voted before stand' : ''}.`
      : p.question
        ? 'The case is closed. The case page says what is still owed.'
        : p.outcome === 'passed'
          ? 'The next step is to send the recommendation to the moderators from the case page.'
          : p.outcome === 'failed'
            ? 'Please discuss the plan in the case document and open a new vote when it is ready.'
            : 'No action is needed yet.';
  return compose(`Vote result: ${clean(p.codeName)} ${OUTCOME_TEXT[p.outcome].split(':')[0]}`, 'Hello,', [
    {
      p: `The vote on "${clean(p.codeName)}"${p.question ? ` on ${clean(p.question)}` : ''} ${OUTCOME_TEXT[p.outcome]}.`,
    },
    {
      list: [`Approve: ${p.approve}`, `Reject: ${p.reject}`, `Abstain: ${p.abstain}`, `Needed to pass: ${p.required}`],
    },
    { p: next },
  ]);
}

/** The anonymized recommendation to a space's moderators (seed: do not say who reported). */
export function recommendationMessage(p: {
  spaceName: string;
  plan: string;
  consequences: string;
  moderatorUrl: string;
  respondWithinDays: number;
  /** The behaviour in neutral words (the letter's description). */
  behaviour?: string;
  /** Who the report is about, as it named them. */
  reported?: string;
  /** An opaque reference to quote when answering by email. */
  reference?: string;
}): Message {
  const space = oneLine(p.spaceName);
  return compose(recommendationFor(space), `Hello ${space} moderators,`, [
    {
      p:
        `${startSentence(theCommittee())} has reviewed a report about behavior in ${space} and voted on a response. ` +
        'We recommend the following. We will not share who made the report, and we have left out details that could identify them.',
    },
    { section: { heading: 'Whose behavior', text: p.reported || 'The report does not name the person.' } },
    ...(p.behaviour ? [{ section: { heading: 'What happened', text: p.behaviour } }] : []),
    { section: { heading: 'Behavioral modification plan', text: p.plan } },
    { section: { heading: 'Consequences', text: p.consequences } },
    {
      p:
        `Please tell us within ${plural(p.respondWithinDays, 'day', 'days')} whether you accept this response. ` +
        'If you disagree, please tell us why, with as much detail or context as you can.',
    },
    { link: { label: 'Answer the committee', url: p.moderatorUrl } },
    ...(p.reference
      ? [{ p: `If you write to us about it instead, please quote our reference ${clean(p.reference)}.` }]
      : []),
  ]);
}

/** The subject the moderators' emails about a space's recommendation share. */
function recommendationFor(space: string): string {
  return `Code of Conduct recommendation for ${truncate(space, 60)}`;
}

/** Reminder to moderators who have not answered, naming the days they were given (Settings, as the recommendation did). */
export function moderatorReminderMessage(p: {
  spaceName: string;
  moderatorUrl: string;
  respondWithinDays: number;
}): Message {
  const space = oneLine(p.spaceName);
  return compose(`Reminder: ${recommendationFor(space)}`, `Hello ${space} moderators,`, [
    {
      p: `We sent you a recommended response to a Code of Conduct report and asked you to answer within ${plural(p.respondWithinDays, 'day', 'days')}. We have not yet heard whether you accept it.`,
    },
    { link: { label: 'Answer the committee', url: p.moderatorUrl } },
    { p: `Thank you for helping keep ${voice.community} safe.` },
  ]);
}

/** To the moderators when the recommendation they were sent no longer stands: its date and reference alone, no case text. */
export function recommendationWithdrawnMessage(p: { spaceName: string; sentOn: string; reference: string }): Message {
  const space = oneLine(p.spaceName);
  return compose(`${recommendationFor(space)} no longer stands`, `Hello ${space} moderators,`, [
    {
      p: `The recommendation we sent you on ${p.sentOn} (reference ${clean(p.reference)}) no longer stands: please do not act on it. If we need your answer on another, we will send it.`,
    },
  ]);
}

/**
 * The letter to the reported person: behavior in neutral words, its impact, the plan and the
 * consequences. It discourages contacting the reporter and offers to pass on an apology.
 */
export function letterMessage(p: { behaviour: string; impact: string; plan: string; consequences: string }): Message {
  return compose(`A message from ${theCommittee()}`, 'Hello,', [
    {
      p: `${startSentence(theCommittee())} has reviewed a report about your behavior in ${voice.community}. We are writing to tell you what we found and what happens next.`,
    },
    { section: { heading: 'What happened', text: p.behaviour } },
    { section: { heading: 'Its impact', text: p.impact } },
    { section: { heading: 'What we ask of you', text: p.plan } },
    { section: { heading: 'Consequences', text: p.consequences } },
    {
      p:
        'Please do not contact the person who made the report, or anyone you think was involved, to discuss it. ' +
        'If you would like to apologize, you can write to us and we will accept the apology on their behalf.',
    },
    { p: 'If there is context you think we should consider, please reply to this email.' },
  ]);
}

/** The follow-up to the reporter, with the text the committee wrote in the case document. */
export function followUpMessage(p: { text: string }): Message {
  return compose('An update on your report', REPORTER_GREETING, [
    { p: 'Thank you again for your report. Here is what the committee decided.' },
    { section: { heading: 'Our response', text: p.text } },
    { p: 'If you have questions, or anything else you would like us to know, please reply to this email.' },
  ]);
}

/** To the reporter when deliberation takes longer than the follow-up deadline. No details. */
export function statusUpdateMessage(p: { followUpDays?: number }): Message {
  // The promise made in the acknowledgment follows Settings, so the status email names the same period.
  const period =
    p.followUpDays === undefined || p.followUpDays === 7 ? 'a week' : plural(p.followUpDays, 'day', 'days');
  return compose('Your report: a status update', REPORTER_GREETING, [
    {
      p: `We want to let you know that the committee is still working on your report. Deliberation is taking longer than ${period}, and we have not forgotten you.`,
    },
    {
      p: 'We will write again when we have decided on a response. If anything has changed, or anyone is in danger, please reply to this email.',
    },
  ]);
}

/**
 * Alerts to the committee (silent-share fallback, moderator disagreement, access drift, lint findings,
 * trigger health, deadline reminders). Callers must keep `title` and `lines` free of names and case details.
 */
export function committeeAlertMessage(p: {
  title: string;
  lines: string[];
  codeName?: string;
  tail?: readonly string[];
}): Message {
  const code = p.codeName && clean(p.codeName).trim() !== '' ? ` (${clean(p.codeName).trim()})` : '';
  const all = p.lines.map((l) => clean(l).trim()).filter((l) => l !== '');
  const tail = (p.tail ?? []).map((l) => clean(l).trim());
  // However many cases an alert is about (a paste over a thousand rows), it goes whole (ADV-372); the bound cuts the
  // list only, so its closing advice (`tail`) is never among the lines cut (ADV-392).
  const lines = fitList(all, (l) => l, all.length, tail.join('').length);
  if (all.length > lines.length)
    lines.push(`And ${all.length - lines.length} more, not listed: one email holds no more.`);
  return alertTo(`${clean(p.title)}${code}`, [
    { p: `${clean(p.title).trim()}${code}.`.replace(/\.\.$/, '.') },
    ...(lines.length > 0 ? [{ list: lines } as Block] : []),
    ...tail.map((t) => ({ p: t })),
  ]);
}

/** To a member invited to a meeting of the members cleared for a case: the code name and the time, nothing else. */
export function meetingInvitationMessage(p: {
  memberName: string;
  codeName: string;
  when: string;
  minutes: number;
}): Message {
  const code = clean(p.codeName).trim();
  return compose(`Meeting: case ${code}`, greet(p.memberName), [
    {
      p: `A meeting of the members cleared for case ${code}: ${clean(p.when)}, ${plural(p.minutes, 'minute', 'minutes')}.`,
    },
    {
      p: 'If your address is a Google account, it is in your Google Calendar under the case\u2019s code name. The guest list is not shown to guests.',
    },
  ]);
}

/**
 * The letter as sent: `letterMessage` when the committee wrote an impact paragraph, else the same letter
 * without an empty impact heading.
 */
export function composeLetter(
  parts: { behaviour: string; impact: string },
  plan: string,
  consequences: string,
): Message {
  const full = letterMessage({ behaviour: parts.behaviour, impact: parts.impact || '-', plan, consequences });
  if (parts.impact) return full;
  const dropText = (body: string) => body.replace(/\nIts impact:\n-\n/, '');
  const dropHtml = (html: string) =>
    html.replace(/<p><strong>Its impact<\/strong><\/p>\s*<blockquote[^>]*>-<\/blockquote>\s*/, '');
  return { subject: full.subject, body: dropText(full.body), htmlBody: dropHtml(full.htmlBody) };
}

/** To the escalation contact: plan, consequences and the discussion with the moderators (as members may have edited it). */
export function escalationMessage(p: {
  codeName: string;
  spaceName: string;
  plan: string;
  consequences: string;
  discussion: string;
  behaviour?: string;
  reported?: string;
  reference?: string;
}): Message {
  const parts: Array<[string, string]> = [
    ['Whose behavior', p.reported || 'The report does not name the person.'],
    ...(p.behaviour ? [['What happened', p.behaviour] as [string, string]] : []),
    ['Behavioral modification plan', p.plan || '-'],
    ['Consequences', p.consequences || '-'],
    ['Discussion with the moderators', p.discussion || '-'],
  ];
  const intro = `${startSentence(theCommittee())} recommended a response to a report about behavior in ${p.spaceName || voice.community}, and the moderators disagree. We are letting you know, as our procedure provides. We do not share who made the report.`;
  const reply = `Please reply to this email if you would like to discuss it with the committee${p.reference ? ` (our reference: ${p.reference})` : ''}.`;
  const body = [
    'Hello,',
    '',
    intro,
    '',
    ...parts.flatMap(([h, t]) => [`${h}:`, t, '']),
    reply,
    '',
    'With care,',
    theCommittee(),
  ].join('\n');
  const htmlBody = [
    MAIL_HTML_OPEN,
    '<p>Hello,</p>',
    `<p>${escapeHtml(intro)}</p>`,
    ...parts.map(([h, t]) => `<p><strong>${escapeHtml(h)}</strong></p>${QUOTE_OPEN}${multiline(t)}</blockquote>`),
    `<p>${escapeHtml(reply)}</p>`,
    ...closeHtml(),
  ].join('\n');
  return {
    subject: `Code of Conduct: moderators disagree with a recommendation (${truncate(p.codeName, 60)})`,
    body,
    htmlBody,
  };
}

/**
 * To a member who answered the onboarding check: the case Docs now shared with them, each with its case page. `cases`
 * holds at most MAIL_LIST_MAX of them (those get signed links); `total` counts every one, the rest by number only.
 */
export function onboardingAccessMessage(p: {
  memberName: string;
  cases: ReadonlyArray<{ codeName: string; docUrl: string; casePageUrl: string }>;
  total?: number;
}): Message {
  const total = p.total ?? p.cases.length;
  const shown = fitList(p.cases, (c) => c.codeName + c.docUrl + c.casePageUrl, MAIL_LIST_MAX);
  const greeting = p.memberName ? `Hello ${p.memberName},` : 'Hello,';
  const intro =
    total === 1
      ? 'Thank you for answering the onboarding check. One case document is now shared with you:'
      : `Thank you for answering the onboarding check. ${total} case documents are now shared with you:`;
  const more =
    total > shown.length
      ? [
          `And ${plural(total - shown.length, 'more document', 'more documents')}: Google Drive lists them under "Shared with me".`,
        ]
      : [];
  const outro =
    'Please keep the documents to yourself and do not change their sharing settings. If you later find a conflict of interest in one of these cases, declare it from its case page: your access will be removed.';
  const text = [greeting, '', intro, ''];
  for (const e of shown)
    text.push(`Case ${e.codeName}`, `Open the document: ${e.docUrl}`, `Case page: ${e.casePageUrl}`, '');
  text.push(...more.flatMap((l) => [l, '']), outro, '', 'With care,', theCommittee());
  const html = [
    MAIL_HTML_OPEN,
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...shown.map(
      (e) =>
        `<p><strong>Case ${escapeHtml(e.codeName)}</strong><br><a href="${escapeHtml(e.docUrl)}">Open the document</a> · <a href="${escapeHtml(e.casePageUrl)}">Case page</a></p>`,
    ),
    ...more.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p>${escapeHtml(outro)}</p>`,
    ...closeHtml(),
  ];
  return {
    subject: total === 1 ? 'Access granted: 1 case' : `Access granted: ${total} cases`,
    body: text.join('\n'),
    htmlBody: html.join('\n'),
  };
}

/** One case in a member's reminder digest: its code name, what it needs (name-free), and the member's case page. */
export interface DigestItem {
  codeName: string;
  needs: string[];
  casePageUrl: string;
}

/**
 * The cases one email lists with their links (a digest, the documents an onboarding shared; under 1 KB each with both
 * parts): a whole message stays far under the outbox cell's 50,000 characters and MailApp's 200 KB (ADV-372). Before,
 * a busy member's digest was cut mid-link in the cell, and the cases past the cut went unmentioned.
 */
export const MAIL_LIST_MAX = 40;

/**
 * The first items of `items`, at most `max`, while the HTML part they make (`htmlOf`: the characters an item puts
 * there, a link's address shown as well as followed) stays within 44,000 characters less the `kept` characters the
 * message adds after the list: long links or code names shorten the list, never cut a message.
 */
function fitList<T>(items: readonly T[], htmlOf: (item: T) => string, max = items.length, kept = 0): T[] {
  let chars = kept;
  const shown: T[] = [];
  for (const item of items.slice(0, max)) {
    chars += htmlOf(item).length + 200;
    if (chars > 44_000 && shown.length) break;
    shown.push(item);
  }
  return shown;
}

/**
 * One email per member per day (or week) gathering every reminder of that period: code names, what each case
 * needs in fixed words, and links. Nothing else: the member opens the case page for the rest. `items` holds at most
 * MAIL_LIST_MAX in the order listed; `total` counts every case, the rest named only by number.
 */
export function reminderDigestMessage(p: {
  period: 'daily' | 'weekly';
  items: readonly DigestItem[];
  total: number;
}): Message {
  const count = plural(p.total, 'case needs', 'cases need');
  const blocks: Block[] = [
    {
      p: `${count} the committee's attention${p.period === 'weekly' ? ' this week' : ' today'}. Each case page says what is due and lets you act.`,
    },
  ];
  const shown = fitList(
    p.items,
    (i) => i.codeName.repeat(2) + i.needs.join('') + i.casePageUrl.repeat(2),
    MAIL_LIST_MAX,
  );
  for (const item of shown) {
    const code = clean(item.codeName).trim();
    blocks.push({ p: `${code}: ${item.needs.map((n) => clean(n).trim()).join('; ')}.` });
    blocks.push({ link: { label: `Case page for ${code}`, url: item.casePageUrl } });
  }
  if (p.total > shown.length)
    blocks.push({
      p: `And ${plural(p.total - shown.length, 'more case needs', 'more cases need')} attention: this email lists ${shown.length}, unanswered conflict checks first, then the oldest cases. The status sheet lists every case by its code name.`,
    });
  return alertTo(
    p.total === 1
      ? `Reminder: ${clean(p.items[0].codeName).trim()} needs attention`
      : `Reminders: ${p.total} cases need attention`,
    blocks,
  );
}

/** The outbox discriminator of the screening reminder, `:<reopening>` after it in a reopened case (src/flows/stalls.ts). */
export const SCREENING_REMINDER = 'screening-reminder';

/** What a member reminder says in a digest, by its outbox discriminator (`reminder:ack`, `reminder:follow-up:<n>`, …). */
export function digestNeedFor(discriminator: string): string {
  if (discriminator.startsWith(SCREENING_REMINDER))
    return 'you have not answered its conflict-of-interest check: please answer the email "New report"';
  if (discriminator.startsWith('reminder:ack')) return 'the reporter has not been acknowledged in time';
  if (discriminator.startsWith('reminder:follow-up')) return 'a follow-up deadline to the reporter has passed';
  if (discriminator.startsWith('reminder:moderators')) return 'the moderators have not answered the recommendation';
  return 'a deadline has passed';
}

/** The outbox's delivery classes as the owner's notice names them (src/workspace/mailer.ts has the classes). */
export const MAIL_CLASS_LABELS: Readonly<Record<string, string>> = {
  urgent: 'Urgent alerts',
  acknowledgment: 'Acknowledgments to reporters',
  reporter: 'Status and follow-up emails to reporters',
  screening: 'Conflict-of-interest (screening) emails',
  other: 'Other messages to members and moderators',
  reminder: 'Reminder digests to members',
};

/** How many messages of each class wait, as the owner's notice lists them. */
export interface WaitingMail {
  label: string;
  messages: number;
}

/**
 * To the committee account, once per quota day, when mail must wait for the quota: what waits and by when it
 * goes. Counts and classes only; no case, no address.
 */
export function mailWaitingMessage(p: {
  waiting: readonly WaitingMail[];
  goesBy: string;
  reservePercent: number;
}): Message {
  const total = p.waiting.reduce((n, w) => n + w.messages, 0);
  return alertTo(`Mail is waiting for tomorrow's quota`, [
    {
      p: `Today's email quota of this account is used up, except the ${p.reservePercent}% kept for urgent alerts. ${plural(total, 'message waits', 'messages wait')}:`,
    },
    { list: p.waiting.filter((w) => w.messages > 0).map((w) => `${w.label}: ${w.messages}`) },
    {
      p: `They go out by ${clean(p.goesBy)}, with the first hourly run after the quota comes back, most urgent first: acknowledgments before screening emails, reminders last. You will not get this notice again today.`,
    },
    {
      p: 'If something cannot wait, write to the person from the committee account directly. A Google Workspace account has a larger daily quota than a personal one.',
    },
  ]);
}

/** What stops the report Form taking reports, as setup and the daily check find it. */
export interface FormLiveness {
  published: boolean;
  acceptingResponses: boolean;
  /** Responders must sign in to an account of the committee's own domain (a Workspace setting). */
  domainOnly: boolean;
  /** Published, but answered only by the people it is shared with (no "Anyone with the link" responder). */
  restricted?: boolean;
}

/** One line per reason the Form takes no reports from the community; empty when it is live. */
export function formNotLiveReasons(state: FormLiveness): string[] {
  const reasons: string[] = [];
  if (!state.published) reasons.push('The report Form is not published: nobody can open it.');
  else if (!state.acceptingResponses) reasons.push('The report Form is closed: it does not accept responses.');
  if (state.domainOnly)
    reasons.push(
      "The report Form only accepts people signed in to the committee's own domain: the community cannot answer it.",
    );
  if (state.restricted)
    reasons.push('The report Form only accepts the people it is shared with: the community cannot answer it.');
  return reasons;
}

/** To the committee account: the Form takes no reports (sent once per outage by the daily check). */
export function formNotLiveMessage(p: { reasons: readonly string[]; formEditUrl: string }): Message {
  return alertTo('The report Form is not taking reports', [
    { p: 'Conduct Desk checked the report Form today: nobody in the community can send a report through it.' },
    { list: p.reasons.map((r) => clean(r).trim()).filter((r) => r !== '') },
    {
      p: 'Run setup from the Apps Script editor: it publishes the Form, opens it to responses and to anyone with its link, and says whether that worked. Or open the Form and publish it yourself.',
    },
    ...(p.formEditUrl ? [{ link: { label: 'Open the Form', url: p.formEditUrl } } as Block] : []),
  ]);
}

/** To the committee account: the daily check put back Form settings that showed or kept reports, or named reporters. */
export function formLeaksClosedMessage(p: { changes: readonly string[]; formEditUrl: string }): Message {
  return alertTo(`The report Form's settings were put back`, [
    {
      p: 'Someone changed the report Form so that it showed or kept reports beyond their case, or named reporters. Conduct Desk:',
    },
    { list: p.changes.map((c) => clean(c).trim()) },
    ...(p.formEditUrl ? [{ link: { label: 'Open the Form', url: p.formEditUrl } } as Block] : []),
  ]);
}

/**
 * To the committee account, a week ahead: the closed cases whose reporter details will be deleted from the private
 * registry (Settings' retention). Code names and dates only; the owner may reopen a case or lengthen the setting.
 */
/** Cases a purge warning lists by name; the rest are counted (a first check after an upgrade can warn of thousands). */
export const PURGE_WARNING_LISTED = 50;

/** `cases` in date order; `deleteDocs`: Settings' "Delete case Docs when purging" is Yes. */
export function purgeWarningMessage(p: {
  cases: ReadonlyArray<{ codeName: string; on: string }>;
  deleteDocs: boolean;
}): Message {
  const more = p.cases.length - PURGE_WARNING_LISTED;
  return alertTo('Reporter details of closed cases will be deleted', [
    {
      p: `As your Settings ask, Conduct Desk will delete the reporter\u2019s name and address and the witnesses of these closed cases from its private registry and its copies of sent mail, on the date given. ${p.deleteDocs ? 'Each case Doc goes to the trash then, as Settings ask ("Delete case Docs when purging").' : 'Each case Doc is kept, in the folder of archived case documents.'}`,
    },
    {
      list: [
        ...p.cases.slice(0, PURGE_WARNING_LISTED).map((c) => `${clean(c.codeName)}: ${clean(c.on)}`),
        ...(more > 0 ? [`and ${more} more closed case${more === 1 ? '' : 's'}, from the latest date above on`] : []),
      ],
    },
    {
      p: 'To keep them longer, raise "Purge reporter details after (months)" in the Settings tab (or set it to 0) before then.',
    },
  ]);
}

/**
 * To the committee account: what the access audit found in the sharing of the stores that are not case Docs (the
 * private registry, the report Form, the status spreadsheet, the private folder), in one message per run. Names no
 * person and no case: the lines say which file and what changed.
 */
export function storeDriftMessage(p: { findings: readonly string[]; unrepaired: boolean }): Message {
  return alertTo(`The sharing of Conduct Desk's files was changed`, [
    {
      p: 'The access audit checked who can open the private registry, the report Form, the status spreadsheet and the private folder, and found:',
    },
    { list: p.findings.map((f) => clean(f).trim()).filter((f) => f !== '') },
    {
      p: p.unrepaired
        ? 'Some of it could not be repaired by Conduct Desk: open the file in Drive, choose Share, and put it right as each line says.'
        : 'Everything listed was put right. Please remind members never to share these files or turn on link sharing.',
    },
  ]);
}

/**
 * When a report says someone may be in danger and no member can be told (every active member is named in it, or
 * there is none): to the committee account and the escalation contact. Code name only; no link, since neither
 * holds a member's signed link.
 */
export function urgentUnroutedMessage(p: {
  codeName: string;
  toOwner: boolean;
  waitsIn?: string;
  /** Members alerted, told to ask this account (ADV-590). */
  told?: number;
}): Message {
  const code = clean(p.codeName).trim();
  const none = p.told ? '' : ' and no member could be told';
  return compose(`Urgent: report ${code} may involve immediate danger${none}`, 'Hello,', [
    dangerSaid(code),
    {
      p: p.told
        ? 'Members were alerted but cannot read it yet.'
        : 'No committee member could be alerted: every active member is named in the report or has a conflict, or the committee has no active member.',
    },
    {
      // Google refusing the case its Doc (ADV-565, ADV-440), the report is where intake left it (ADV-579).
      p: p.toOwner
        ? `${p.waitsIn ? `Google refuses it a case document for now: it is in ${p.waitsIn}` : 'The report is in the private registry and its case document, which this account owns'}. Please read it now and decide who should act.`
        : 'You are the escalation contact. The committee account holds the report; please get in touch with it, or with whoever manages it, now.',
    },
  ]);
}

/**
 * To the committee account: a report that could not become a case (sent once per response). Says when it arrived,
 * so the owner can find it among the Form's responses, and nothing of what it says.
 */
export function intakeFailedMessage(p: { receivedAt: string; expired?: boolean }): Message {
  // Past the sweep's window (a year): no longer tried, and the Form would keep it for good (ADV-411).
  if (p.expired)
    return alertTo('A report was never opened as a case', [
      {
        p: `The report received ${clean(p.receivedAt).trim()} has not become a case in over a year, and Conduct Desk no longer tries it. It is still in the Form\u2019s responses, with whatever its reporter gave about themselves.`,
      },
      {
        p: 'Record it by hand if nobody has, then delete that response from the Form: Conduct Desk deletes a response only once a case holds it. You will not get this message again for this report.',
      },
    ]);
  return alertTo('A report could not be opened as a case', [
    {
      p: `The report received ${clean(p.receivedAt).trim()} could not be turned into a case. It is kept safe in the Form's responses.`,
    },
    {
      p: 'Conduct Desk tries it again every hour for a day, then once a day; the other reports go on being opened meanwhile. You will not get this message again for this report.',
    },
    {
      p: 'If no new case for it appears in the status spreadsheet within a day, open the Form\u2019s responses from that time and record the report by hand, and look at the Audit tab of the private registry (event "intake.failed") for the error.',
    },
  ]);
}

/** Reports waiting for Google are not to be recorded by hand (ADV-440, ADV-565). */
const NOT_BY_HAND = 'Do not record them yourself: each would become a second case.';

/**
 * To the committee account, once a week while it lasts: its Google storage is full and reports wait (ADV-565), or
 * `percent` full, 90 or more, before that happens (ADV-571).
 */
export function storageFullMessage(percent?: number): Message {
  return alertTo(percent ? `Google Drive is ${percent}% full` : 'Google Drive is full', [
    {
      p: `While it is full, Google refuses new documents and nobody can edit this account\u2019s files: reports wait (their reporters acknowledged) and become cases within the hour space is freed. ${NOT_BY_HAND} To free space: empty the trash, delete large files or mail.`,
    },
  ]);
}

/** To the committee account, once per quota day: Google's Documents created quota is spent and reports wait (ADV-440). */
export function docsQuotaMessage(p: { backBy: string }): Message {
  return alertTo('Reports wait for Google\u2019s daily limit on new documents', [
    {
      p: 'Google lets an account create only so many documents a day (250 on a Gmail account, 1,500 on Google Workspace), and they are used up, most likely by a flood of reports through the Form. The reports since then are kept safe.',
    },
    {
      p: `Conduct Desk opens them as cases and acknowledges their reporters when the limit comes back, by ${clean(p.backBy).trim()}. ${NOT_BY_HAND} If junk keeps coming, stop the Form accepting responses for a while.`,
    },
  ]);
}

/** To the committee account, once per quota day: Google's Email read/write quota is spent and replies wait (ADV-442). */
export function gmailQuotaMessage(p: { backBy: string }): Message {
  return alertTo('Replies by email wait for Google\u2019s daily limit', [
    {
      p: `Google's daily limit on reading the account's email (20,000 on a Gmail account, 50,000 on Google Workspace) is used up, most likely by another script or add-on of the account. Replies to the committee's emails wait in the inbox and are filed under their cases when it comes back, by ${clean(p.backBy).trim()}. Email still goes out. If another script reads this mailbox often, stop it.`,
    },
  ]);
}

// ------------------------------------------------------------------------------------------------
// Changes to the Code of Conduct or the enforcement procedure (src/flows/policy-changes.ts)

/** To every active voting member and adviser when a member proposes a change: the title, the Doc and the dates. */
export function proposalOpenedMessage(p: {
  memberName: string;
  n: number;
  title: string;
  docUrl: string;
  brainstormEndsOn: string;
  proposalUrl: string;
}): Message {
  return compose(`Proposed change ${p.n}: ${clean(p.title)}`, greet(p.memberName), [
    {
      p: `A member of ${theCommittee()} proposes a change to the Code of Conduct or the enforcement procedure: "${clean(p.title)}".`,
    },
    {
      p:
        `Please discuss it in its document until ${clean(p.brainstormEndsOn)}: give context, suggest options, and edit ` +
        'the proposed text. The voting members then vote on the text as it stands at that time.',
    },
    { link: { label: 'Open the document', url: p.docUrl } },
    { link: { label: 'Proposal', url: p.proposalUrl } },
  ]);
}

/** To each active voting member when a proposal's vote opens (and, as a reminder, to those who have not voted). */
export function changeVoteMessage(p: {
  memberName: string;
  n: number;
  title: string;
  voteUrl: string;
  required: number;
  voters: number;
  closesOn: string;
  reminder: boolean;
}): Message {
  return compose(
    `${p.reminder ? 'Reminder: vote' : 'Vote open'} on proposed change ${p.n}: ${clean(p.title)}`,
    greet(p.memberName),
    [
      {
        p: p.reminder
          ? `You have not voted yet on the proposed change "${clean(p.title)}". The vote closes on ${clean(p.closesOn)}.`
          : `The discussion of the proposed change "${clean(p.title)}" has ended and the vote is open until ${clean(p.closesOn)}.`,
      },
      {
        p:
          `It passes with ${plural(p.required, 'approval', 'approvals')}: two-thirds of all ${plural(p.voters, 'voting member', 'voting members')}, ` +
          'not of those who vote. Abstaining or not voting counts the same as not approving.',
      },
      // Labelled `Proposal`, not `Vote`: it is the proposal's page (a case's vote link is `Vote`).
      { link: { label: 'Proposal', url: p.voteUrl } },
    ],
  );
}

/** To every voting member and adviser when a proposal's vote is decided: counts only, never who voted how. */
export function changeResultMessage(p: {
  memberName: string;
  n: number;
  title: string;
  passed: boolean;
  approvals: number;
  required: number;
  boardContactSet: boolean;
  /** A voting member's link to the proposal's page, long enough for a board that meets monthly; '' for none. */
  proposalUrl?: string;
}): Message {
  const next = !p.passed
    ? 'The Code of Conduct stays as it is.'
    : p.boardContactSet
      ? "The proposed text has been sent to the board as a draft for the board's vote."
      : 'The Settings row "Board contact" is empty, so the text has not been sent to the board yet: please ask the owner to fill it in.';
  return compose(
    `Proposed change ${p.n} ${p.passed ? 'passed' : 'did not pass'}: ${clean(p.title)}`,
    greet(p.memberName),
    [
      {
        p: `The vote on "${clean(p.title)}" ${p.passed ? 'passed' : 'did not pass'} with ${plural(p.approvals, 'approval', 'approvals')} (${p.required} needed).`,
      },
      { p: next },
      ...(p.proposalUrl
        ? [
            { p: "When the board has voted, record its answer on the proposal's page." },
            { link: { label: 'Proposal', url: p.proposalUrl } },
          ]
        : []),
    ],
  );
}

/** To the `Board contact`: the passed text as a draft for the board's vote. */
export function boardDraftMessage(p: {
  n: number;
  title: string;
  text: string;
  approvals: number;
  voters: number;
}): Message {
  return compose(`Code of Conduct change for the board's vote: ${clean(p.title)}`, 'Hello,', [
    {
      p:
        `${startSentence(theCommittee())} voted to change the Code of Conduct or its enforcement procedure (proposal ${p.n}, ` +
        `${p.approvals} of ${plural(p.voters, 'voting member', 'voting members')} approving). The draft below is for the board's vote.`,
    },
    { section: { heading: 'Proposed text', text: p.text } },
    { p: "Please reply to this email with the board's decision once it has voted." },
  ]);
}

/**
 * To the committee account: an email in its inbox was not filed under a case (no reply to anything sent, in a thread
 * of two cases, or from another address than the one written to). It stays in the inbox; the owner may make it a case
 * from the link.
 */
export function inboxWaitingMessage(p: { receivedAt: string; reason: string; link: string }): Message {
  return alertTo('An email in the committee inbox waits for you', [
    {
      p: `An email received ${clean(p.receivedAt).trim()} was not filed under any case: ${clean(p.reason).trim()}. It stays in the committee account's inbox.`,
    },
    {
      p: 'If it is a report, the link below shows it and makes it a case, exactly as a report through the Form; a reply from a second address is filed there under its case, and so is a new email about a case.',
    },
    { link: { label: 'Make a case', url: p.link } },
  ]);
}
