// Renders a run's state as one self-contained, escaped HTML page (out/index.html) for people to read.
import type { DocOut, MailOut, ScenarioState } from './state';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

function when(isoText: string): string {
  const d = new Date(isoText);
  if (Number.isNaN(d.getTime())) return e(isoText);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return `<time datetime="${e(isoText)}">${days[d.getUTCDay()]} ${e(isoText.slice(0, 10))} ${e(isoText.slice(11, 16))}</time>`;
}

function cell(value: unknown): string {
  if (value === true) return '<span class="check" title="TRUE">☑</span>';
  if (value === false) return '<span class="check off" title="FALSE">☐</span>';
  if (value === '' || value === null || value === undefined) return '<span class="empty">·</span>';
  return e(value);
}

function table(rows: unknown[][], options: { headerFirst?: boolean; className?: string } = {}): string {
  if (rows.length === 0) return '<p class="muted">(empty)</p>';
  const [head, ...body] = options.headerFirst === false ? [[], ...rows] : rows;
  const width = Math.max(...rows.map((r) => r.length));
  const pad = (r: unknown[]) => Array.from({ length: width }, (_, i) => r[i]);
  return `<div class="scroll"><table class="${e(options.className ?? '')}">${
    head.length
      ? `<thead><tr>${pad(head)
          .map((h) => `<th>${cell(h)}</th>`)
          .join('')}</tr></thead>`
      : ''
  }<tbody>${body
    .map(
      (r) =>
        `<tr>${pad(r)
          .map((v) => `<td>${cell(v)}</td>`)
          .join('')}</tr>`,
    )
    .join('')}</tbody></table></div>`;
}

function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted'): string {
  return `<span class="badge ${tone}">${e(text)}</span>`;
}

function list(items: string[], empty = 'nobody'): string {
  return items.length ? items.map((x) => `<code>${e(x)}</code>`).join(' ') : `<span class="muted">${e(empty)}</span>`;
}

/** Rows of a tab as records keyed by its header row. */
function recordsOf(rows: unknown[][] | undefined): Array<Record<string, unknown>> {
  if (!rows || rows.length < 2) return [];
  const header = rows[0].map((h) => String(h ?? '').trim());
  return rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

interface Person {
  label: string;
  group: number;
}

const GROUPS = ['Committee', 'Reporters and reported people', 'Moderators and other contacts', 'Others'];

/**
 * Who each address is in this run (a member and their role, a reporter or reported person of case n, a
 * moderator of a space), so a reader can follow a mailbox without knowing the scenario by heart.
 */
export function peopleOf(state: ScenarioState): Map<string, Person> {
  const people = new Map<string, Person>();
  const add = (email: unknown, label: string, group: number) => {
    const key = String(email ?? '')
      .trim()
      .toLowerCase();
    if (!key || people.has(key)) return;
    people.set(key, { label, group });
  };
  add(state.scenario.owner, 'the committee account (owner)', 0);
  for (const m of recordsOf(state.sheets.Committee)) {
    const active = m.Active === true || String(m.Active).toUpperCase() === 'TRUE';
    add(
      m.Email,
      `${String(m.Name ?? '').trim() || 'member'} · ${m.Role === 'adviser' ? 'adviser' : 'voting member'}${active ? '' : ' · inactive'}`,
      0,
    );
  }
  const caseNumber = new Map(state.cases.map((c) => [c.caseId, c.n]));
  for (const c of recordsOf(state.registry.Cases)) {
    const n = caseNumber.get(String(c['Case ID'] ?? ''));
    if (n !== undefined) add(c['Reporter Email'], `reporter · case ${n}`, 1);
  }
  for (const row of recordsOf(state.registry.Outbox)) {
    const n = caseNumber.get(String(row['Case ID'] ?? ''));
    if (row.Kind === 'letter' && n !== undefined) add(row.To, `reported person · case ${n}`, 1);
  }
  for (const row of recordsOf(state.sheets.Settings)) {
    const setting = String(row.Setting ?? '').trim();
    if (/^space:/i.test(setting)) {
      for (const email of String(row.Value ?? '').split(/[\s,;]+/))
        add(email, `moderator · ${setting.slice(6).trim()}`, 2);
    } else if (setting === 'Escalation contact') {
      add(row.Value, 'escalation contact', 2);
    }
  }
  return people;
}

/** Copies of one message sent to several people in the same minute count as one event for a reader. */
function groupCopies(mails: MailOut[]): Array<{ first: MailOut; recipients: string[] }> {
  const groups = new Map<string, { first: MailOut; recipients: string[] }>();
  for (const m of mails) {
    const key = `${m.at.slice(0, 16)}\n${m.subject}`;
    const group = groups.get(key) ?? { first: m, recipients: [] };
    group.recipients.push(...m.to, ...m.cc, ...m.bcc);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function renderSheets(state: ScenarioState): string {
  const names = Object.keys(state.sheets);
  if (names.length === 0)
    return '<p class="muted">No status spreadsheet was created (setup did not run to the end).</p>';
  const order = ['Cases', 'Committee', 'Conflicts', 'Settings'];
  names.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return names
    .map(
      (name, i) =>
        `<details class="tab" ${i === 0 ? 'open' : ''}><summary>${e(name)} <span class="muted">${Math.max(0, state.sheets[name].length - 1)} row(s)</span></summary>${table(state.sheets[name])}</details>`,
    )
    .join('');
}

/** For one case: members whose latest answer is a conflict, and active members who never answered (default deny: no access). */
function screeningOf(state: ScenarioState, caseId: string): { conflict: string[]; silent: string[] } {
  const emailOf = new Map(
    recordsOf(state.registry.Members).map((m) => [String(m['Member ID'] ?? ''), String(m.Email ?? '').toLowerCase()]),
  );
  const latest = new Map<string, string>();
  for (const c of recordsOf(state.registry.Clearances)) {
    if (String(c['Case ID'] ?? '') === caseId)
      latest.set(emailOf.get(String(c['Member ID'] ?? '')) ?? '', String(c.Decision ?? ''));
  }
  const active = recordsOf(state.sheets.Committee)
    .filter((m) => m.Active === true || String(m.Active).toUpperCase() === 'TRUE')
    .map((m) =>
      String(m.Email ?? '')
        .trim()
        .toLowerCase(),
    )
    .filter(Boolean);
  return {
    conflict: [...latest]
      .filter(([, d]) => d === 'conflict')
      .map(([email]) => email)
      .filter(Boolean)
      .sort(),
    silent: active.filter((email) => !latest.has(email)).sort(),
  };
}

function renderDoc(
  doc: DocOut,
  owner: string,
  status = '',
  screening: { conflict: string[]; silent: string[] } | null = null,
): string {
  const accessTone = doc.access === 'PRIVATE' ? 'ok' : 'bad';
  const others = doc.everHadAccess.filter((x) => x.toLowerCase() !== owner.toLowerCase());
  const history = doc.accessHistory.length
    ? `<div class="scroll"><table class="compact"><thead><tr><th>When</th><th>Who</th><th>Change</th><th>Role</th><th>How</th><th>Notified</th><th>By</th></tr></thead><tbody>${doc.accessHistory.map((h) => `<tr class="${h.change}"><td>${when(h.at)}</td><td>${e(h.principal)}</td><td>${h.change === 'grant' ? badge('granted', 'info') : badge('revoked', 'muted')}</td><td>${e(h.role)}</td><td>${e(h.via)}</td><td>${h.notified === undefined ? '' : h.notified ? badge('emailed', 'warn') : 'silent'}</td><td>${e(h.by)}</td></tr>`).join('')}</tbody></table></div>`
    : '<p class="muted">No access changes recorded.</p>';
  const body = doc.paragraphs.length
    ? doc.paragraphs
        .map((p) => (p.heading && p.heading !== 'NORMAL' ? `<h4>${e(p.text)}</h4>` : `<p>${e(p.text) || '&nbsp;'}</p>`))
        .join('')
    : `<pre>${e(doc.text)}</pre>`;
  return `<article class="card" id="doc-${e(doc.id)}">
    <header><h3>${e(doc.title)}</h3>${doc.case !== null ? badge(`case ${doc.case}`, 'info') : ''} ${status ? badge(status, 'muted') : ''} ${badge(doc.access, accessTone)} ${doc.inSharedFolder ? badge('in a shared folder', 'bad') : ''}</header>
    <dl>
      <dt>Can open it now</dt><dd>${list(doc.editors, 'the owner only')}</dd>
      <dt>Ever could open it</dt><dd>${list(others, 'nobody but the owner')}</dd>
      ${screening ? `<dt>Declared a conflict</dt><dd>${list(screening.conflict, 'nobody')}</dd><dt>Never answered</dt><dd>${list(screening.silent, 'nobody')}</dd>` : ''}
    </dl>
    <details open><summary>Who could open it, and when (${doc.accessHistory.length} change(s))</summary>${history}</details>
    <details><summary>The document</summary><div class="doc">${body}</div></details>
  </article>`;
}

function renderMail(m: MailOut, copies: string[] = []): string {
  const tags = [
    m.alert ? badge('alert', 'warn') : '',
    m.cc.length ? badge('cc', 'muted') : '',
    m.bcc.length ? badge('bcc', 'muted') : '',
    copies.length > 1 ? badge(`${copies.length} recipients`, 'muted') : '',
  ].join(' ');
  return `<details class="mail"><summary>${when(m.at)} <strong>${e(m.subject)}</strong> ${tags}</summary>
    <dl class="headers"><dt>To</dt><dd>${list(copies.length > 1 ? copies : m.to, '—')}</dd>${m.cc.length ? `<dt>Cc</dt><dd>${list(m.cc)}</dd>` : ''}${m.bcc.length ? `<dt>Bcc</dt><dd>${list(m.bcc)}</dd>` : ''}${m.replyTo ? `<dt>Reply-To</dt><dd><code>${e(m.replyTo)}</code></dd>` : ''}<dt>From</dt><dd>${e(m.name ? `${m.name} <${m.from}>` : m.from)}</dd></dl>
    <pre>${e(m.body)}</pre></details>`;
}

function renderMailboxes(state: ScenarioState): string {
  const boxes = new Map<string, MailOut[]>();
  for (const m of state.mail) {
    for (const who of new Set([...m.to, ...m.cc, ...m.bcc].map((a) => a.toLowerCase())))
      boxes.set(who, [...(boxes.get(who) ?? []), m]);
  }
  if (boxes.size === 0) return '<p class="muted">No mail was sent.</p>';
  const people = peopleOf(state);
  const groupOf = (who: string) => people.get(who)?.group ?? GROUPS.length - 1;
  const order = [...boxes.keys()].sort((a, b) => groupOf(a) - groupOf(b) || a.localeCompare(b));
  return GROUPS.map((title, g) => {
    const inGroup = order.filter((who) => groupOf(who) === g);
    if (!inGroup.length) return '';
    return `<h3>${e(title)}</h3>${inGroup
      .map((who) => {
        const mails = boxes.get(who) ?? [];
        const label = people.get(who)?.label;
        return `<details class="mailbox"><summary><code>${e(who)}</code> ${label ? `<span class="who">${e(label)}</span> ` : ''}<span class="muted">${mails.length} message(s)</span></summary>${mails.map((m) => renderMail(m)).join('')}</details>`;
      })
      .join('')}`;
  }).join('');
}

function renderAlerts(state: ScenarioState): string {
  if (!state.alerts.length) return '<p class="muted">No alerts.</p>';
  return groupCopies(state.alerts)
    .map((g) => renderMail(g.first, g.recipients))
    .join('');
}

function renderPages(state: ScenarioState): string {
  if (!state.pages.length) return '<p class="muted">Nobody opened a page.</p>';
  return `<div class="scroll"><table class="compact"><thead><tr><th>At</th><th>Who</th><th>Page</th><th>What they read</th></tr></thead><tbody>${state.pages.map((p) => `<tr><td>${when(p.at)}</td><td>${e(p.person)}</td><td>${e(p.heading)}</td><td><details><summary>${e(p.text.slice(0, 80))}${p.text.length > 80 ? '…' : ''}</summary>${e(p.text)}</details></td></tr>`).join('')}</tbody></table></div>`;
}

/** The later steps one failure stopped, under its row: the cause is shown once, not once per step it stopped. */
function renderFollowOns(x: ScenarioState['errors'][number]): string {
  if (!x.followOns?.length) return '';
  return `<br><span class="muted">Not done because of this: ${x.followOns.map((f) => `${e(typeof f.step === 'number' ? `steps[${f.step}]` : f.step)} ${e(f.action)} (${e(f.missing)})`).join(', ')}</span>`;
}

function renderErrors(state: ScenarioState): string {
  if (state.errors.length === 0) return '<p class="ok-text">Every step could be done.</p>';
  return `<table class="compact"><thead><tr><th>Step</th><th>Action</th><th>Kind</th><th>Why</th><th>Times</th><th>First at</th></tr></thead><tbody>${state.errors.map((x) => `<tr><td>${e(typeof x.step === 'number' ? `steps[${x.step}]` : x.step)}</td><td>${e(x.action)}</td><td>${badge(x.kind, x.kind === 'refused' ? 'warn' : 'bad')}</td><td>${e(x.reason)}${renderFollowOns(x)}</td><td>${e(x.count)}</td><td>${when(x.at)}</td></tr>`).join('')}</tbody></table>`;
}

interface TimelineEvent {
  at: string;
  order: number;
  kind: string;
  html: string;
  /** For mail: what one line says, so copies sent moments apart can share it. */
  mail?: { subject: string; alert: boolean; recipients: string[] };
}

/**
 * The scenario's own notes (the transcript's `[Mon 03-02 09:00] # …` lines, UTC), each placed just before the
 * first step at or after its time: they say why what follows happens.
 */
function notesOf(state: ScenarioState): Array<{ at: string; order: number; text: string }> {
  const year = String(state.scenario.start).slice(0, 4);
  const notes: Array<{ at: string; order: number; text: string }> = [];
  let from = 0;
  for (const line of state.transcript) {
    const m = /^\[\w{3} (\d\d)-(\d\d) (\d\d):(\d\d)\] # (.*)$/.exec(line);
    if (!m) continue;
    const at = `${year}-${m[1]}-${m[2]}T${m[3]}:${m[4]}:00.000Z`;
    let i = from;
    while (i < state.steps.length && (typeof state.steps[i].step !== 'number' || state.steps[i].at < at)) i++;
    const next = state.steps[i];
    notes.push(next ? { at: next.at, order: i * 3 - 1, text: m[5] } : { at, order: -1, text: m[5] });
    from = i;
  }
  return notes;
}

function mailLine(mail: NonNullable<TimelineEvent['mail']>): string {
  return `${mail.alert ? badge('alert', 'warn') : badge('mail', 'muted')} ${e(mail.subject)} <span class="muted">→</span> ${list([...new Set(mail.recipients)])}`;
}

function renderTimeline(state: ScenarioState): string {
  const events: TimelineEvent[] = [];
  for (const n of notesOf(state)) events.push({ at: n.at, order: n.order, kind: 'note', html: e(n.text) });
  state.steps.forEach((s, i) => {
    if (s.action === 'wait') return;
    const tone = s.outcome === 'ok' ? 'ok' : s.outcome === 'partial' ? 'warn' : 'bad';
    events.push({
      at: s.at,
      order: i * 3,
      kind: 'step',
      html: `${badge(s.outcome === 'ok' ? s.action : `${s.action}: ${s.outcome}`, tone)} <strong>${e(s.actor)}</strong> ${e(s.summary)}`,
    });
  });
  for (const m of state.mail) {
    events.push({
      at: m.at,
      order: 1e6 + m.seq,
      kind: 'mail',
      html: '',
      mail: { subject: m.subject, alert: m.alert, recipients: [...m.to, ...m.cc, ...m.bcc] },
    });
  }
  for (const d of state.docs) {
    for (const h of d.accessHistory)
      events.push({
        at: h.at,
        order: 2e6,
        kind: 'access',
        html: `${badge(h.change === 'grant' ? 'access granted' : 'access revoked', h.change === 'grant' ? 'info' : 'muted')} <code>${e(h.principal)}</code> on <a href="#doc-${e(d.id)}">${e(d.title)}</a> (${e(h.via)})`,
      });
  }
  for (const x of state.executions.filter((r) => r.outcome !== 'ok'))
    events.push({
      at: x.startedAt,
      order: 3e6 + x.id,
      kind: 'failure',
      html: `${badge(`${x.fn} ${x.outcome}`, 'bad')} ${e(x.error ?? '')}`,
    });
  events.sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);
  if (events.length === 0) return '<p class="muted">Nothing happened.</p>';
  const shown: TimelineEvent[] = [];
  for (const ev of events) {
    const last = shown[shown.length - 1];
    // Repeated identical trigger failures would drown the rest: keep the first of each run of the same text.
    if (ev.kind === 'failure' && last && last.kind === 'failure' && last.html === ev.html) continue;
    // One message to many people, sent one after another within a minute, is one line.
    if (ev.mail && last?.mail && last.mail.subject === ev.mail.subject && last.at.slice(0, 16) === ev.at.slice(0, 16)) {
      last.mail.recipients.push(...ev.mail.recipients);
      continue;
    }
    shown.push(ev);
  }
  return `<ol class="timeline">${shown.map((ev) => `<li class="${e(ev.kind)}">${when(ev.at)} ${ev.mail ? mailLine(ev.mail) : ev.html}</li>`).join('')}</ol>`;
}

function renderCost(state: ScenarioState): string {
  const byFn = new Map<string, { runs: number; failed: number; total: number; max: number }>();
  for (const x of state.executions) {
    const k = `${x.fn} (${x.kind})`;
    const s = byFn.get(k) ?? { runs: 0, failed: 0, total: 0, max: 0 };
    s.runs++;
    if (x.outcome !== 'ok') s.failed++;
    s.total += x.simulatedSeconds;
    s.max = Math.max(s.max, x.simulatedSeconds);
    byFn.set(k, s);
  }
  const execRows = [...byFn.entries()]
    .sort((a, b) => b[1].total - a[1].total)
    .map(([k, s]) => [k, s.runs, s.failed, s.total.toFixed(1), s.max.toFixed(1)]);
  const triggerRows = state.triggers.map((t) => [
    t.handler,
    t.eventType,
    t.everyMs ? `every ${Math.round(t.everyMs / 60000)} min` : '',
    t.fired,
    t.failed,
    t.lastFired ?? '',
    t.disabled,
  ]);
  const callRows = Object.entries(state.calls)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => [k, v]);
  return `<h3>Installed triggers</h3>${table([['Handler', 'Event', 'Schedule', 'Fired', 'Failed', 'Last fired', 'Disabled'], ...triggerRows], { className: 'compact' })}
    <h3>Executions</h3>${table([['Function', 'Runs', 'Failed', 'Simulated s (total)', 'Simulated s (max)'], ...execRows], { className: 'compact' })}
    <details><summary>Service calls (${callRows.reduce((n, r) => n + Number(r[1]), 0)} in all)</summary>${table([['Method', 'Calls'], ...callRows], { className: 'compact' })}</details>`;
}

const STYLE = `
:root{--bg:#f7f7f5;--card:#fff;--ink:#1f2a30;--muted:#66737a;--line:#e2e4e1;--accent:#2f6f73;--ok:#2e7d4f;--warn:#a86400;--bad:#b3261e;--info:#2f5f9e}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header.top{background:var(--accent);color:#fff;padding:1.5rem 2rem}header.top h1{margin:0 0 .25rem;font-size:1.5rem}header.top p{margin:.2rem 0;opacity:.95}header.top time{color:inherit}header.top code{background:rgba(255,255,255,.18);color:#fff}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 2rem;z-index:2;display:flex;gap:1rem;flex-wrap:wrap}nav a{color:var(--accent);text-decoration:none;font-weight:600}
main{max-width:1200px;margin:0 auto;padding:1rem 2rem 4rem}section{margin:2rem 0}h2{border-bottom:2px solid var(--line);padding-bottom:.3rem}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:.75rem;margin-top:1rem}.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem}.stat b{display:block;font-size:1.6rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.25rem;margin:1rem 0}.card header{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}.card h3{margin:0 .5rem 0 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.75rem 0}dt{color:var(--muted)}dd{margin:0}
.badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-size:.8rem;font-weight:600;border:1px solid currentColor}.badge.ok{color:var(--ok)}.badge.warn{color:var(--warn)}.badge.bad{color:#fff;background:var(--bad);border-color:var(--bad)}.badge.info{color:var(--info)}.badge.muted{color:var(--muted)}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;background:var(--card);margin:.5rem 0}th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}th{background:#eef2f1}table.compact{font-size:.9rem}
.empty,.muted{color:var(--muted)}.who{font-weight:400;color:var(--ink)}h3{margin:1.25rem 0 .5rem}.ok-text{color:var(--ok)}.check{font-size:1.1rem}.check.off{color:var(--muted)}
details{margin:.4rem 0}summary{cursor:pointer;padding:.25rem 0}details.tab>summary,details.mailbox>summary{font-weight:600;font-size:1.05rem}
details.mailbox{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.5rem 1rem;margin:.5rem 0}details.mail{border-top:1px solid var(--line);padding:.25rem 0}
pre{white-space:pre-wrap;word-break:break-word;background:#f3f4f2;border-radius:6px;padding:.75rem;font-size:.88rem}.doc{border-left:3px solid var(--line);padding-left:1rem}.doc h4{margin:1rem 0 .25rem;color:var(--accent)}
ol.timeline{list-style:none;padding:0}ol.timeline li{padding:.35rem .5rem;border-left:3px solid var(--line);margin:0 0 .2rem}ol.timeline li.step{border-color:var(--accent);background:#fff}ol.timeline li.failure{border-color:var(--bad)}ol.timeline li.access{border-color:var(--info)}ol.timeline li.note{border-color:var(--warn);background:#fff6e6;font-weight:600;margin-top:.8rem}
@media (max-width:640px){header.top{padding:1rem}nav{position:static;padding:.5rem 1rem;gap:.25rem .9rem}main{padding:.5rem 1rem 3rem}.card{padding:.75rem}dl{grid-template-columns:1fr}dt{margin-top:.35rem}}
time{font-variant-numeric:tabular-nums;color:var(--muted);margin-right:.4rem;white-space:nowrap}code{background:#eef2f1;border-radius:4px;padding:0 .3rem;font-size:.88em}
`;

/** The whole page. Every value from the run is escaped; the page loads nothing from anywhere. */
export function renderHtml(state: ScenarioState): string {
  const s = state.scenario;
  const failed = state.executions.filter((x) => x.outcome !== 'ok').length;
  const triggerRuns = state.executions.filter((x) => x.kind === 'trigger').length;
  const simulated = state.executions.reduce((n, x) => n + x.simulatedSeconds, 0);
  const days = (Date.parse(s.end) - Date.parse(s.start)) / 86_400_000;
  const caseDocs = state.docs.filter((d) => d.case !== null).sort((a, b) => (a.case ?? 0) - (b.case ?? 0));
  const otherDocs = state.docs.filter((d) => d.case === null);
  const stat = (label: string, value: unknown) => `<div class="stat"><b>${e(value)}</b>${e(label)}</div>`;
  const statusRows = recordsOf(state.sheets.Cases);
  const statusRow = (codeName: string) =>
    statusRows.find(
      (r) =>
        String(r['Code Name'] ?? '')
          .trim()
          .toLowerCase() === codeName.trim().toLowerCase(),
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(s.name || 'Scenario run')} — Conduct Desk rehearsal</title><style>${STYLE}</style></head>
<body>
<header class="top"><h1>${e(s.name || 'Scenario run')}</h1>${s.description ? `<p>${e(s.description)}</p>` : ''}
<p>From ${when(s.start)} to ${when(s.end)} (${e(days.toFixed(1))} simulated days, times in UTC) · committee account <code>${e(s.owner)}</code></p></header>
<nav><a href="#summary">Summary</a><a href="#status">Status sheet</a><a href="#docs">Case documents</a><a href="#mail">Mailboxes</a><a href="#alerts">Alerts</a><a href="#pages">Pages</a><a href="#errors">Errors</a><a href="#timeline">Timeline</a><a href="#cost">Triggers &amp; cost</a><a href="#transcript">Transcript</a></nav>
<main>
<section id="summary"><h2>Summary</h2><div class="stats">
${stat('cases', state.cases.length)}${stat('emails sent', state.mail.length)}${stat('alerts', state.alerts.length)}${stat('steps not done', state.steps.filter((x) => x.outcome !== 'ok').length)}${stat('executions', state.executions.length)}${stat('trigger runs', triggerRuns)}${stat('failed executions', failed)}${stat('simulated seconds', simulated.toFixed(0))}
</div>
${
  state.cases.length
    ? `<div class="scroll"><table class="compact"><thead><tr><th>Case</th><th>Code name</th><th>Status</th><th>Actions needed</th><th>Can open its document</th></tr></thead><tbody>${state.cases
        .map((c) => {
          const row = statusRow(c.codeName);
          const doc = state.docs.find((d) => d.id === c.docId);
          return `<tr><td>${e(c.n)}</td><td><a href="#doc-${e(c.docId)}">${e(c.codeName)}</a></td><td>${cell(row?.Status)}</td><td>${cell(row?.['Actions needed'])}</td><td>${
            doc
              ? list(
                  doc.editors.filter((x) => x.toLowerCase() !== s.owner.toLowerCase()),
                  'the owner only',
                )
              : ''
          }</td></tr>`;
        })
        .join('')}</tbody></table></div>`
    : ''
}
</section>
<section id="status"><h2>Status spreadsheet, as the committee sees it</h2>${renderSheets(state)}</section>
<section id="docs"><h2>Case documents</h2><p class="muted">Each case's Google Doc: who can open it now, everyone who ever could, who declared a conflict or never answered (they get nothing), and every change of access. Only members who declared no conflict should ever appear among those who could open it.</p>${
    caseDocs.length
      ? caseDocs
          .map((d) => {
            const caseId = state.cases.find((c) => c.docId === d.id)?.caseId;
            return renderDoc(
              d,
              s.owner,
              String(statusRow(d.title)?.Status ?? ''),
              caseId ? screeningOf(state, caseId) : null,
            );
          })
          .join('')
      : '<p class="muted">No case documents.</p>'
  }
${otherDocs.length ? `<details><summary>Other documents (${otherDocs.length})</summary>${otherDocs.map((d) => renderDoc(d, s.owner)).join('')}</details>` : ''}</section>
<section id="mail"><h2>Mailboxes</h2><p class="muted">Every message, filed under each address it was sent to (to, cc or bcc).</p>${renderMailboxes(state)}</section>
<section id="alerts"><h2>Alerts</h2><p class="muted">Messages to the committee address or with a subject starting “[Conduct Desk]”; copies of one alert to several members are shown once. docs/operations.md says what each means.</p>${renderAlerts(state)}</section>
<section id="pages"><h2>Pages people saw</h2><p class="muted">Every page of the web app a person opened or got back after pressing a button, with its text as they read it: a member without "no conflict", a moderator or the reported person must never read the reporter's or a witness's name here.</p>${renderPages(state)}</section>
<section id="errors"><h2>Errors</h2><p class="muted">Steps a person could not do (refused) and executions a step caused that failed.</p>${renderErrors(state)}</section>
<section id="timeline"><h2>Timeline</h2>${renderTimeline(state)}</section>
<section id="cost"><h2>Triggers &amp; cost</h2>${renderCost(state)}</section>
<section id="transcript"><h2>Transcript</h2><details><summary>${state.transcript.length} line(s)</summary><pre>${e(state.transcript.join('\n'))}</pre></details></section>
</main></body></html>
`;
}
