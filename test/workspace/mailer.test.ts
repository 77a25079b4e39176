// Unit tests of the outbox protocol (docs/architecture.md "Mail"): dedupe, journal, sending→held, quota order, bounded retries, permanent failures.
import {
  applyJournal,
  deliverOutbox,
  enqueueMail,
  GIVE_UP_AFTER_MS,
  MAX_ATTEMPTS,
  RETRIES_PER_RUN,
  type OutboxHost,
  type QuotaDay,
  type OutgoingMail,
} from '../../src/workspace/mailer';
import { REGISTRY_HEADERS } from '../../src/workspace/schema';
import { Table } from '../../src/workspace/table';
import { FakeSheet } from './fake-sheet';

interface Sent {
  to: string;
  subject: string;
}

function setup(options: { quota?: number; failures?: Record<string, string[]> } = {}) {
  const sheet = new FakeSheet([[...REGISTRY_HEADERS.Outbox]]);
  const outbox = Table.load(sheet.asSheet(), {
    name: 'registry/Outbox',
    headers: REGISTRY_HEADERS.Outbox,
    plainText: true,
    key: 'Key',
  });
  const sent: Sent[] = [];
  const events: string[] = [];
  const failures = { ...(options.failures ?? {}) };
  let quota = options.quota ?? 100;
  (globalThis as Record<string, unknown>).MailApp = {
    getRemainingDailyQuota: () => quota,
    sendEmail: (m: { to: string; subject: string }) => {
      const queue = failures[m.to];
      if (queue && queue.length) throw new Error(queue.shift());
      quota -= 1;
      sent.push({ to: m.to, subject: m.subject });
      events.push(`send ${m.to}`);
    },
  };
  let journal: string[] = [];
  const alerts: string[] = [];
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const host: OutboxHost = {
    outbox: () => outbox,
    now: () => clock,
    remainingMs: () => 200_000,
    readJournal: () => journal.slice(),
    writeJournal: (keys) => {
      journal = keys.slice();
      events.push(`journal ${keys.length}`);
    },
    persistOutbox: () => {
      host.outbox().write();
      events.push('persist');
    },
    alert: (title, _lines, caseId) => {
      alerts.push(`${caseId}: ${title}`);
      enqueueMail(
        host.outbox(),
        mail(`${caseId}|alert|m_1`, 'ana@example.org', 'alert'),
        new Date(clock).toISOString(),
      );
    },
  };
  const sleep = (ms: number) => {
    clock += ms;
    events.push(`sleep ${ms}`);
  };
  return { sheet, outbox, sent, events, alerts, host, sleep, journal: () => journal };
}

function mail(
  key: string,
  to: string,
  kind = 'screening',
  delivery: OutgoingMail['delivery'] = 'at-least-once',
): OutgoingMail {
  return {
    key,
    caseId: key.split('|')[0],
    kind,
    to,
    subject: `${kind} for ${to}`,
    body: 'body',
    htmlBody: '<p>body</p>',
    delivery,
  };
}

const state = (t: Table) => t.rows().map((r) => `${r.values.Key}=${r.values.State}`);

afterEach(() => {
  delete (globalThis as Record<string, unknown>).MailApp;
});

test('enqueue dedupes by key', () => {
  const t = setup();
  expect(enqueueMail(t.outbox, mail('c_1|ack|reporter', 'r@example.net'), 'now')).toBe(true);
  expect(enqueueMail(t.outbox, mail('c_1|ack|reporter', 'r@example.net'), 'now')).toBe(false);
  expect(t.outbox.size()).toBe(1);
});

/** A new execution's view of the same outbox tab: the table read again from the sheet (narrow, as the registry reads it). */
function reload(t: ReturnType<typeof setup>): Table<(typeof REGISTRY_HEADERS.Outbox)[number]> {
  t.outbox.write();
  const outbox = Table.load(t.sheet.asSheet(), {
    name: 'registry/Outbox',
    headers: REGISTRY_HEADERS.Outbox,
    plainText: true,
    key: 'Key',
    narrow: ['Key', 'State'],
  });
  t.host.outbox = () => outbox;
  return outbox;
}

test("a fresh case's mail is queued and sent without reading the rows before it; other pending and half-sent rows wait", () => {
  const t = setup({ quota: 0 });
  enqueueMail(t.outbox, mail('c_0|screening|m_1', 'ana@example.org'), 'now');
  enqueueMail(t.outbox, mail('c_0|letter|reported', 'sam@example.net', 'letter', 'at-most-once'), 'now');
  t.outbox.update(1, { State: 'sending' });
  const readBefore = t.sheet.cellsRead;
  const outbox = reload(t);
  expect(enqueueMail(outbox, mail('c_1|ack|reporter', 'r@example.net', 'ack'), 'now', true)).toBe(true);
  // A key this execution queued is still found.
  expect(enqueueMail(outbox, mail('c_1|ack|reporter', 'r@example.net', 'ack'), 'now', true)).toBe(false);
  expect(enqueueMail(outbox, mail('c_1|screening|m_1', 'ana@example.org'), 'now', true)).toBe(true);
  const quota = { n: 10 };
  (globalThis.MailApp as unknown as Record<string, unknown>).getRemainingDailyQuota = () => quota.n;
  const report = deliverOutbox(t.host, t.sleep, 'own');
  expect(report.sent).toEqual(['c_1|ack|reporter', 'c_1|screening|m_1']);
  expect(report.held).toEqual([]);
  expect(report.deferred).toBe(0);
  // The header at load; nothing of the two rows that were there.
  expect(t.sheet.cellsRead).toBe(readBefore + REGISTRY_HEADERS.Outbox.length);
  expect(t.sheet.grid.slice(1).map((r) => `${r[0]}=${r[10]}`)).toEqual([
    'c_0|screening|m_1=pending',
    'c_0|letter|reported=sending',
    'c_1|ack|reporter=sent',
    'c_1|screening|m_1=sent',
  ]);
  // Everything pending goes, and the half-sent row is held (the committee alerted), when the delivery is not scoped.
  deliverOutbox(t.host, t.sleep);
  expect(t.sent.slice(2).map((s) => s.subject)).toEqual(['screening for ana@example.org', 'alert for ana@example.org']);
  expect(state(outbox)).toEqual([
    'c_0|screening|m_1=sent',
    'c_0|letter|reported=held',
    'c_1|ack|reporter=sent',
    'c_1|screening|m_1=sent',
    'c_0|alert|m_1=sent',
  ]);
});

test('at-least-once: each send is journaled at once, the sheet is marked at the end, then the journal is emptied', () => {
  const t = setup();
  enqueueMail(t.outbox, mail('c_1|screening|m_1', 'ana@example.org'), 'now');
  enqueueMail(t.outbox, mail('c_1|screening|m_2', 'bo@example.org'), 'now');
  const report = deliverOutbox(t.host, t.sleep);
  expect(report.sent).toEqual(['c_1|screening|m_1', 'c_1|screening|m_2']);
  expect(t.events).toEqual([
    'send ana@example.org',
    'journal 1',
    'send bo@example.org',
    'journal 2',
    'persist',
    'journal 0',
  ]);
  expect(t.sheet.grid.slice(1).map((r) => r[10])).toEqual(['sent', 'sent']);
});

test('a journal left by a dead run marks its messages sent without sending them again', () => {
  const t = setup();
  enqueueMail(t.outbox, mail('c_1|screening|m_1', 'ana@example.org'), 'now');
  enqueueMail(t.outbox, mail('c_1|screening|m_2', 'bo@example.org'), 'now');
  expect(applyJournal(t.outbox, ['c_1|screening|m_1'], 'now')).toBe(1);
  deliverOutbox(t.host, t.sleep);
  expect(t.sent.map((s) => s.to)).toEqual(['bo@example.org']);
  expect(state(t.outbox)).toEqual(['c_1|screening|m_1=sent', 'c_1|screening|m_2=sent']);
  expect(t.outbox.get(0).Attempts).toBe('1');
});

test('at-most-once: marked sending and persisted before the send; one found sending later is held, never re-sent', () => {
  const t = setup();
  enqueueMail(t.outbox, mail('c_1|letter|reported', 'sam@example.net', 'letter', 'at-most-once'), 'now');
  deliverOutbox(t.host, t.sleep);
  expect(t.events.slice(0, 2)).toEqual(['persist', 'send sam@example.net']);
  expect(t.events).not.toContain('journal 1');

  const u = setup();
  enqueueMail(u.outbox, mail('c_2|letter|reported', 'sam@example.net', 'letter', 'at-most-once'), 'now');
  u.outbox.update(0, { State: 'sending' });
  const report = deliverOutbox(u.host, u.sleep);
  expect(report.held).toEqual(['c_2|letter|reported']);
  expect(u.sent.filter((s) => s.to === 'sam@example.net')).toEqual([]);
  expect(u.alerts).toEqual(['c_2: A message was held after an interrupted send']);
  expect(u.sent.map((s) => s.to)).toEqual(['ana@example.org']);
});

test('the daily quota: what does not fit waits, in order, for the next run', () => {
  const t = setup({ quota: 2 });
  for (const who of ['a', 'b', 'c', 'd'])
    enqueueMail(t.outbox, mail(`c_1|screening|${who}`, `${who}@example.org`), 'now');
  const report = deliverOutbox(t.host, t.sleep);
  expect(report).toMatchObject({ stoppedBy: 'quota', deferred: 2 });
  expect(t.sent.map((s) => s.to)).toEqual(['a@example.org', 'b@example.org']);
  expect(state(t.outbox)).toEqual([
    'c_1|screening|a=sent',
    'c_1|screening|b=sent',
    'c_1|screening|c=pending',
    'c_1|screening|d=pending',
  ]);
});

test('a quota error from MailApp stops the batch and keeps the message pending', () => {
  const t = setup({ failures: { 'b@example.org': ['Service invoked too many times for one day: email.'] } });
  for (const who of ['a', 'b', 'c']) enqueueMail(t.outbox, mail(`c_1|screening|${who}`, `${who}@example.org`), 'now');
  const report = deliverOutbox(t.host, t.sleep);
  expect(report.stoppedBy).toBe('quota');
  expect(state(t.outbox)).toEqual(['c_1|screening|a=sent', 'c_1|screening|b=pending', 'c_1|screening|c=pending']);
});

test('transient errors are retried with back-off; past the retries the message waits for the next run', () => {
  const server = "We're sorry, a server error occurred. Please wait a bit and try again.";
  const t = setup({
    failures: { 'a@example.org': [server, 'Service Gmail timed out'], 'b@example.org': [server, server, server] },
  });
  enqueueMail(t.outbox, mail('c_1|screening|a', 'a@example.org'), 'now');
  enqueueMail(t.outbox, mail('c_1|screening|b', 'b@example.org'), 'now');
  const report = deliverOutbox(t.host, t.sleep);
  expect(report.sent).toEqual(['c_1|screening|a']);
  expect(t.events.filter((e) => e.startsWith('sleep'))).toEqual([
    'sleep 1000',
    'sleep 2000',
    'sleep 1000',
    'sleep 2000',
  ]);
  expect(t.outbox.get(0)).toMatchObject({ State: 'sent', Attempts: '3' });
  expect(t.outbox.get(1)).toMatchObject({ State: 'pending', Attempts: '3' });
  expect(String(t.outbox.get(1).Error)).toContain('server error');
});

test('a permanent error fails the message, records why, and tells the committee (whose alert goes out in the same run)', () => {
  const t = setup({ failures: { 'x@bad': ['Invalid email: x@bad'] } });
  enqueueMail(t.outbox, mail('c_1|ack|reporter', 'x@bad', 'ack'), 'now');
  const report = deliverOutbox(t.host, t.sleep);
  expect(report.failed).toEqual([{ key: 'c_1|ack|reporter', error: 'Invalid email: x@bad' }]);
  expect(t.outbox.get(0)).toMatchObject({ State: 'failed', Error: 'Invalid email: x@bad' });
  expect(t.alerts).toEqual(['c_1: A message could not be delivered']);
  expect(t.sent.map((s) => s.to)).toEqual(['ana@example.org']);
});

test('a failing alert is not alerted about (no loop)', () => {
  const t = setup({ failures: { 'ana@example.org': ['Invalid email: ana@example.org'] } });
  enqueueMail(t.outbox, mail('c_1|alert|m_1', 'ana@example.org', 'alert'), 'now');
  deliverOutbox(t.host, t.sleep);
  expect(t.alerts).toEqual([]);
  expect(t.outbox.size()).toBe(1);
});

describe('deadline-aware delivery (issue 15)', () => {
  /** A host with the reserve, the quota day and the owner's notice wired in memory. */
  function withReserve(t: ReturnType<typeof setup>, percent: number) {
    const notices: Array<{ waiting: Record<string, number>; goesBy: number; windowId: string }> = [];
    let day: QuotaDay | null = null;
    t.host.reservePercent = () => percent;
    t.host.readQuotaDay = () => day;
    t.host.writeQuotaDay = (d) => {
      day = { ...d };
    };
    t.host.noticeOwner = (waiting, goesBy, windowId) => {
      const key = `-|mail-waiting:${windowId}|owner`;
      if (notices.some((n) => n.windowId === windowId)) return false;
      notices.push({ waiting: { ...waiting } as Record<string, number>, goesBy, windowId });
      enqueueMail(t.outbox, { ...mail(key, 'owner@example.org', 'mail-waiting') }, '2026-03-02T09:00:00Z');
      return true;
    };
    return { notices, day: () => day };
  }

  test("a member's fresh confirmation link goes before screening and the rest: it lives 30 minutes and a person waits for it", () => {
    const t = setup();
    enqueueMail(t.outbox, mail('c_1|screening|m_1', 'scr@example.org', 'screening'), '2026-03-01T08:00:00Z');
    enqueueMail(t.outbox, mail('c_1|vote:v_1|m_1', 'vote@example.org', 'vote'), '2026-03-01T08:00:00Z');
    enqueueMail(t.outbox, mail('c_1|confirm:x|m_1', 'confirm@example.org', 'confirm'), '2026-03-02T08:45:00Z');
    deliverOutbox(t.host, t.sleep);
    expect(t.sent.map((s) => s.to)[0]).toBe('confirm@example.org');
  });

  test('sends by class, then earliest deadline, whatever the queue order', () => {
    const t = setup();
    enqueueMail(t.outbox, mail('c_1|reminder:ack|m_1', 'rem@example.org', 'reminder'), '2026-03-01T08:00:00Z');
    enqueueMail(t.outbox, mail('c_2|screening|m_1', 'scr2@example.org', 'screening'), '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_1|screening|m_1', 'scr1@example.org', 'screening'), '2026-03-01T08:00:00Z');
    enqueueMail(t.outbox, mail('c_3|status:0|reporter', 'status@example.net', 'status'), '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_3|ack|reporter', 'ack@example.net', 'ack'), '2026-03-02T08:30:00Z');
    enqueueMail(t.outbox, mail('c_3|urgent|m_1', 'urgent@example.org', 'urgent'), '2026-03-02T08:30:00Z');
    deliverOutbox(t.host, t.sleep);
    expect(t.sent.map((s) => s.to)).toEqual([
      'urgent@example.org',
      'ack@example.net',
      'status@example.net',
      'scr1@example.org',
      'scr2@example.org',
      'rem@example.org',
    ]);
  });

  test('ADV-424 receipts go by their case\u2019s own deadline, not by when they were queued', () => {
    // Case c_1's receipt was queued first under 24 hours; c_2's, queued later, is due sooner (taken in late, or opened
    // under fewer hours). One recipient is left: c_2's goes.
    const t = setup({ quota: 1 });
    enqueueMail(t.outbox, mail('c_1|ack|reporter', 'first@example.net', 'ack'), '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_2|ack|reporter', 'second@example.net', 'ack'), '2026-03-02T08:30:00Z');
    const due = { c_1: '2026-03-03T08:00:00Z', c_2: '2026-03-02T12:30:00Z' } as Record<string, string>;
    t.host.acksDue = (ids) => new Map(ids.map((id) => [id, Date.parse(due[id])]));
    deliverOutbox(t.host, t.sleep);
    expect(t.sent.map((s) => s.to)).toEqual(['second@example.net']);
  });

  test('a message too big for what is left never blocks a smaller or more urgent one behind it', () => {
    const t = setup({ quota: 2 });
    const big = { ...mail('c_1|vote:v_1|m_1', 'a@example.org', 'vote'), cc: 'b@example.org, c@example.org' };
    enqueueMail(t.outbox, big, '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_2|vote:v_2|m_1', 'd@example.org', 'vote'), '2026-03-02T08:10:00Z');
    enqueueMail(t.outbox, mail('c_3|reminder:ack|m_1', 'e@example.org', 'reminder'), '2026-03-02T08:20:00Z');
    const report = deliverOutbox(t.host, t.sleep);
    expect(t.sent.map((s) => s.to)).toEqual(['d@example.org', 'e@example.org']);
    expect(report.stoppedBy).toBe('quota');
    expect(report.waiting).toEqual({ other: 1 });
    expect(t.outbox.get(0).State).toBe('pending');
  });

  test('the reserve is kept for urgent alerts; the owner hears once per quota day what waits and by when', () => {
    const t = setup({ quota: 10 });
    const r = withReserve(t, 30);
    for (const who of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
      enqueueMail(t.outbox, mail(`c_1|screening|${who}`, `${who}@example.org`), '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_2|urgent|m_1', 'u1@example.org', 'urgent'), '2026-03-02T08:30:00Z');
    const first = deliverOutbox(t.host, t.sleep);
    // 10 a day, 3 kept: the urgent alert and six screening emails use 7, the owner's notice takes one of the reserve.
    expect(t.sent.map((s) => s.to)).toEqual([
      'u1@example.org',
      'a@example.org',
      'b@example.org',
      'c@example.org',
      'd@example.org',
      'e@example.org',
      'f@example.org',
      'owner@example.org',
    ]);
    expect(first.waiting).toEqual({ screening: 2 });
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0].goesBy).toBe(Date.parse('2026-03-03T10:00:00Z'));
    expect(r.day()).toEqual({ limit: 10, startedAt: Date.parse('2026-03-02T09:00:00Z'), waiting: true });

    // A later run the same day: an urgent alert still fits in the reserve; no second notice.
    enqueueMail(t.outbox, mail('c_3|urgent|m_1', 'u2@example.org', 'urgent'), '2026-03-02T10:00:00Z');
    deliverOutbox(t.host, t.sleep);
    expect(t.sent.map((s) => s.to).slice(8)).toEqual(['u2@example.org']);
    expect(r.notices).toHaveLength(1);
    expect(state(t.outbox).filter((s) => s.endsWith('=pending'))).toEqual([
      'c_1|screening|g=pending',
      'c_1|screening|h=pending',
    ]);
  });

  test("a report's own delivery sends the mail left waiting for the quota first, then clears the mark", () => {
    const t = setup({ quota: 2 });
    const r = withReserve(t, 0);
    enqueueMail(t.outbox, mail('c_1|screening|a', 'a@example.org'), '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_1|screening|b', 'b@example.org'), '2026-03-02T08:00:00Z');
    enqueueMail(t.outbox, mail('c_1|screening|c', 'c@example.org'), '2026-03-02T08:00:00Z');
    deliverOutbox(t.host, t.sleep);
    expect(r.day()?.waiting).toBe(true);
    // The quota day resets; an intake queues its own screening email and delivers only its own rows.
    t.outbox.write();
    const next = Table.load(t.sheet.asSheet(), {
      name: 'registry/Outbox',
      headers: REGISTRY_HEADERS.Outbox,
      plainText: true,
      key: 'Key',
    });
    t.host.outbox = () => next;
    (globalThis as { MailApp: { getRemainingDailyQuota: () => number } }).MailApp.getRemainingDailyQuota = () => 2;
    enqueueMail(next, mail('c_2|screening|d', 'd@example.org'), '2026-03-03T10:00:00Z', true);
    deliverOutbox(t.host, t.sleep, 'own');
    expect(t.sent.map((s) => s.to)).toEqual(['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org']);
    expect(r.day()?.waiting).toBe(false);
  });
});

describe('in the account language (errors are not read in English)', () => {
  const FR_QUOTA = "Trop d'appels pour ce service aujourd'hui : email.";
  const FR_SERVER =
    'Une erreur est survenue sur le serveur. Nous vous prions de nous en excuser et vous invitons à réessayer ultérieurement.';

  test('the quota, in French, is recognised by what MailApp says is left: the batch waits, nothing fails', () => {
    const t = setup();
    let remaining = 1;
    (globalThis as Record<string, unknown>).MailApp = {
      getRemainingDailyQuota: () => remaining,
      sendEmail: (m: { to: string; subject: string }) => {
        // Another script of the account spent the quota meanwhile: MailApp refuses, in French.
        if (m.to === 'b@example.org') {
          remaining = 0;
          throw new Error(FR_QUOTA);
        }
        remaining -= 1;
        t.sent.push({ to: m.to, subject: m.subject });
      },
    };
    for (const who of ['b', 'c']) enqueueMail(t.outbox, mail(`c_1|screening|${who}`, `${who}@example.org`), 'now');
    const report = deliverOutbox(t.host, t.sleep);
    expect(report.stoppedBy).toBe('quota');
    expect(report.failed).toEqual([]);
    expect(state(t.outbox)).toEqual(['c_1|screening|b=pending', 'c_1|screening|c=pending']);
    expect(t.alerts).toEqual([]);
  });

  test('a server error in French is retried like any failure not known to be permanent', () => {
    const t = setup({ failures: { 'a@example.org': [FR_SERVER, FR_SERVER] } });
    enqueueMail(t.outbox, mail('c_1|screening|a', 'a@example.org'), 'now');
    const report = deliverOutbox(t.host, t.sleep);
    expect(report.sent).toEqual(['c_1|screening|a']);
    expect(t.outbox.get(0)).toMatchObject({ State: 'sent', Attempts: '3' });
    expect(t.alerts).toEqual([]);
  });

  test('an invalid address in French is retried, then fails once it has MAX_ATTEMPTS and is GIVE_UP_AFTER_MS old', () => {
    const t = setup({ failures: { 'x@bad': Array(500).fill('E-mail incorrect : x@bad') } });
    enqueueMail(t.outbox, mail('c_1|ack|reporter', 'x@bad', 'ack'), '2026-03-02T09:00:00Z');
    let runs = 0;
    while (String(t.outbox.get(0).State) === 'pending' && runs < 100) {
      deliverOutbox(t.host, t.sleep);
      runs++;
      if (runs === Math.ceil(MAX_ATTEMPTS / RETRIES_PER_RUN)) expect(t.outbox.get(0).State).toBe('pending');
      t.sleep(3_600_000); // the next hourly run
    }
    expect(t.outbox.get(0).State).toBe('failed');
    expect(Number(t.outbox.get(0).Attempts)).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(runs).toBe(GIVE_UP_AFTER_MS / 3_600_000 + 1);
    expect(t.alerts).toEqual(['c_1: A message could not be delivered']);
  });
});
