// The committee-visible state of a rehearsal with ids, code names, links and times replaced by stable names, so a run that crashed and recovered can be compared with one that did not.
import type { Rehearsal } from './rehearsal';
import { claimsOf } from './rehearsal';

export interface NormalState {
  cases: Array<Record<string, unknown>>;
  clearances: string[];
  votes: string[];
  moderation: string[];
  outbox: string[];
  mail: string[];
  /** Committee alerts (outbox rows and mail), kept apart: a crash may add one (a repair reported), never lose one. */
  alerts: string[];
  members: string[];
  statusEditors: string[];
  conflictsTab: string[];
  triggers: string[];
  /** The owner's live calendar events (meetings): a crash must never leave a second one, nor a guest too many. */
  calendar: string[];
  /** The committee inbox mail the sweep read and what became of it; what still waits in the inbox. */
  inbox: string[];
  inboxLeft: string[];
}

export interface NormalizeOptions {
  /** Outbox keys held for a person in this run: their rows and their mail are left out (the one allowed difference). */
  ignoreKeys?: Set<string>;
}

/** Alerts that exist only because a message was held (the consequence of the allowed difference). */
const HELD_ALERT = /held after an interrupted send|may or may not have gone out/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the replacement table of a rehearsal: case ids, code names and Doc ids → `case#n`, member ids → addresses. */
function namerOf(r: Rehearsal): (text: string) => string {
  const replacements: Array<[RegExp, string]> = [];
  const cases = r.registry('Cases');
  r.reports.forEach((responseId, i) => {
    const row = cases.find((c) => c['Response ID'] === responseId);
    if (!row) return;
    const n = `case#${i + 1}`;
    if (row['Case ID']) replacements.push([new RegExp(escapeRegExp(row['Case ID']), 'g'), n]);
    if (row['Doc ID']) replacements.push([new RegExp(escapeRegExp(row['Doc ID']), 'g'), `doc:${n}`]);
    if (row['Code Name']) replacements.push([new RegExp(`\\b${escapeRegExp(row['Code Name'])}\\b`, 'gi'), n]);
    if (row['Response ID']) replacements.push([new RegExp(escapeRegExp(row['Response ID']), 'g'), `response:${n}`]);
  });
  // Person code names (src/flows/patterns.ts) are drawn at random like code names: named by first appearance.
  const persons: string[] = [];
  r.reports.forEach((responseId) => {
    const flags = cases.find((c) => c['Response ID'] === responseId)?.Flags || '{}';
    for (const code of (JSON.parse(flags) as { persons?: string[] }).persons ?? [])
      if (!persons.includes(code)) persons.push(code);
  });
  persons.forEach((code, k) => replacements.push([new RegExp(`\\b${escapeRegExp(code)}\\b`, 'gi'), `person#${k + 1}`]));
  const ids = new Map<string, string>();
  for (const m of r.registry('Members')) ids.set(m['Member ID'], `member:${m.Email.toLowerCase()}`);
  for (const m of r.registry('Moderation')) ids.set(m['Moderator ID'], `moderator:${m.Moderator.toLowerCase()}`);
  for (const [id, name] of ids) if (id) replacements.push([new RegExp(escapeRegExp(id), 'g'), name]);
  // The archive spreadsheets by year (src/flows/archive.ts): their ids differ from run to run.
  const archives = JSON.parse(r.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>;
  for (const [year, id] of Object.entries(archives))
    replacements.push([new RegExp(escapeRegExp(id), 'g'), `archive:${year}`]);
  const url = new RegExp(`${escapeRegExp(r.ws.webAppUrl)}\\?t=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g');
  return (text: string) => {
    let out = String(text ?? '');
    // Vote ids, and any other opaque id the tables above did not name.
    out = out.replace(/\bv_[0-9a-f]{12}\b/g, 'vote');
    // The opaque reference a reply is matched by (src/core/replies.ts): a hash of the outbox key, whose ids differ.
    out = out.replace(/\bRef\. [0-9a-f]{16}\b/g, 'Ref. <ref>');
    out = out.replace(url, (_, token: string) => {
      const claims = claimsOf(token);
      // A confirmation's nonce is a fresh id: a request made again after a crash names another one.
      return claims
        ? `<link ${claims.act} ${claims.sub} ${claims.cid.replace(/\.n[0-9a-f]{12}$/, '.<nonce>')}>`
        : '<link ?>';
    });
    for (const [re, name] of replacements) out = out.replace(re, name);
    // Instants and dates as the system writes them: ISO, sheet and log formats, and "2 March 2026"-style dates.
    out = out.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
    out = out.replace(/\d{4}-\d\d-\d\d( \d\d:\d\d(:\d\d)?)?( [A-Z]{2,5}| \([^)]*\))?/g, '<time>');
    out = out.replace(
      /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/g,
      '<date>',
    );
    out = out.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* <date>/g, '<date>');
    return out;
  };
}

/** The state a committee would see, normalised (see the header comment). */
export function normalState(r: Rehearsal, options: NormalizeOptions = {}): NormalState {
  const name = namerOf(r);
  const ignore = options.ignoreKeys ?? new Set<string>();
  const registryCases = r.registry('Cases');
  const status = r.status('Cases');
  const snap = r.ws.snapshot();
  const cases = r.reports.map((responseId, i) => {
    const row = registryCases.find((c) => c['Response ID'] === responseId);
    if (!row) return { n: i + 1, missing: true };
    const statusRows = status.filter(
      (s) => (s['Code Name'] ?? '').trim().toLowerCase() === row['Code Name'].toLowerCase(),
    );
    const doc = snap.docs.find((d) => d.id === row['Doc ID']);
    const flags = name(row.Flags);
    return {
      n: i + 1,
      phase: row.Phase,
      badFaith: row['Bad Faith'],
      closed: Boolean(row['Closed At']),
      flags,
      statusRows: statusRows.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, name(v)]))),
      docText: doc ? name(doc.text) : null,
      docAccess: doc?.access ?? null,
      editors: (doc?.editors ?? [])
        .map((e) => e.toLowerCase())
        .filter((e) => e !== r.k.owner)
        .sort(),
      docs: snap.docs.filter((d) => d.title === row['Code Name'] && !snap.files.find((f) => f.id === d.id)?.trashed)
        .length,
    };
  });
  // A confirmation mailed to the acting member (src/flows/confirmations.ts) is the person's second step, not the
  // flow's outcome: a person retrying after a crash asks anew and gets another, which changes nothing else.
  const isStep = (o: Record<string, string>) => o.Kind === 'confirm';
  const outboxAll = r.registry('Outbox').filter((o) => !ignore.has(o.Key) && !HELD_ALERT.test(o.Body) && !isStep(o));
  const outboxRows = outboxAll.filter((o) => o.Kind !== 'alert');
  const alertRows = outboxAll.filter((o) => o.Kind === 'alert');
  const alertSignatures = new Set(alertRows.map((o) => `${o.To.toLowerCase()}|${o.Subject}|${o.Body}`));
  const ignoredSignatures = new Set(
    r
      .registry('Outbox')
      .filter((o) => ignore.has(o.Key) || HELD_ALERT.test(o.Body) || isStep(o))
      .map((o) => `${o.To.toLowerCase()}|${o.Subject}|${o.Body}`),
  );
  return {
    cases,
    clearances: r
      .registry('Clearances')
      .map((c) => name(`${c['Case ID']}|${c['Member ID']}|${c.Decision}|${c.Via}|${c.Share}`))
      .sort(),
    votes: r
      .registry('Votes')
      .map((v) =>
        name(
          `${v['Case ID']}|${v['Opened By']}|${v.Eligible}|${v.Ballots}|${v.Outcome}|${v['Closed At'] ? 'closed' : 'open'}`,
        ),
      )
      .sort(),
    moderation: r
      .registry('Moderation')
      .map((m) =>
        name(
          `${m['Case ID']}|${m.Moderator}|${m.Space}|${m.Answer}|${m.Details}|${m['Sent At'] ? 'sent' : ''}|${m['Reminded At'] ? 'reminded' : ''}`,
        ),
      )
      .sort(),
    outbox: outboxRows.map((o) => name(`${o.Key}|${o.Kind}|${o.To}|${o.Delivery}|${o.State}`)).sort(),
    mail: [
      ...new Set(
        snap.mail
          .filter((m) => !ignoredSignatures.has(`${m.to.join(',').toLowerCase()}|${m.subject}|${m.body}`))
          .filter((m) => !alertSignatures.has(`${m.to.join(',').toLowerCase()}|${m.subject}|${m.body}`))
          .map((m) => name(`${m.to.join(',').toLowerCase()}|${m.cc.join(',')}|${m.replyTo}|${m.subject}|${m.body}`)),
      ),
    ].sort(),
    alerts: [...new Set(alertRows.map((o) => name(`${o.To.toLowerCase()}|${o.State}|${o.Subject}|${o.Body}`)))].sort(),
    members: r
      .registry('Members')
      .map(
        (m) =>
          `${m.Email.toLowerCase()}|${m.Role}|${m.Active}|${m['Sheet Access']}|${m['Onboarded At'] ? 'onboarded' : ''}`,
      )
      .sort(),
    statusEditors: (snap.files.find((f) => f.id === r.ids.status)?.editors ?? [])
      .map((e) => e.toLowerCase())
      .filter((e) => e !== r.k.owner)
      .sort(),
    conflictsTab: r
      .status('Conflicts')
      .map((c) => name(`${c['Code Name']}|${c.Member}`))
      .sort(),
    triggers: snap.triggers.map((t) => `${t.handler}|${t.eventType}|${t.disabled ? 'disabled' : 'enabled'}`).sort(),
    calendar: r.ws
      .calendar()
      .filter((e) => !e.deleted)
      .map((e) =>
        name(
          `${e.title}|${e.start}|${e.end}|${e.guestsCanSeeGuests}|${e.guests
            .map((g) => g.toLowerCase())
            .sort()
            .join(',')}`,
        ),
      )
      .sort(),
    // Mail read from the committee inbox (src/flows/replies.ts): what became of each, and what still waits there.
    // The account's own mail (`own` rows) mirrors the mail log, where an at-least-once resend is the one allowed double.
    inbox: r
      .registry('Inbox')
      .filter((m) => m.State !== 'own')
      .map((m) => name(`${m['Case ID']}|${m.From}|${m.State}|${m.Section}`))
      .sort(),
    inboxLeft: r.ws
      .mailbox(r.k.owner)
      .filter((m) => m.labelIds.includes('INBOX') && m.from !== r.k.owner)
      .map((m) => `${m.from}|${m.subject}`)
      .sort(),
  };
}
