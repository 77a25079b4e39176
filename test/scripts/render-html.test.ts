// The human-readable page: every value from the run is escaped, and each section a committee looks at is there.
import { escapeHtml, renderHtml } from '../../scripts/scenario/render-html';
import type { MailOut, ScenarioState } from '../../scripts/scenario/state';

const EVIL = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;

function mailOut(over: Partial<MailOut>): MailOut {
  return {
    seq: 0,
    at: '2026-03-02T09:00:00.000Z',
    from: 'conduct@example.org',
    name: '',
    to: ['ana@example.org'],
    cc: [],
    bcc: [],
    replyTo: '',
    subject: 'Hello',
    body: 'Body',
    htmlBody: '<p>Body</p>',
    execution: 1,
    alert: false,
    ...over,
  };
}

const state: ScenarioState = {
  scenario: {
    name: `Run ${EVIL}`,
    description: EVIL,
    start: '2026-03-02T09:00:00Z',
    end: '2026-03-04T09:00:00.000Z',
    owner: 'conduct@example.org',
    webAppUrl: 'https://x.example/exec',
    steps: 2,
  },
  cases: [{ n: 1, responseId: 'r1', caseId: 'c_1', codeName: `otter ${EVIL}`, docId: 'd"1' }],
  sheets: {
    Cases: [
      ['Status', 'Code Name', 'Active'],
      [EVIL, 'otter', true],
      ['', null, false],
    ],
    Settings: [['Setting', 'Value']],
  },
  registry: {},
  docs: [
    {
      id: 'd"1',
      title: `Doc ${EVIL}`,
      text: EVIL,
      paragraphs: [
        { heading: 'HEADING2', text: `Report ${EVIL}` },
        { heading: 'NORMAL', text: EVIL },
      ],
      access: 'ANYONE_WITH_LINK',
      editors: ['ana@example.org'],
      everHadAccess: ['conduct@example.org', 'ana@example.org', 'bo@example.org'],
      inSharedFolder: true,
      case: 1,
      accessHistory: [
        {
          at: '2026-03-02T09:30:00.000Z',
          principal: 'bo@example.org',
          role: 'writer',
          change: 'grant',
          via: 'Drive.Permissions.create',
          notified: false,
          by: 'conduct@example.org',
        },
        {
          at: '2026-03-03T09:30:00.000Z',
          principal: 'bo@example.org',
          role: 'none',
          change: 'revoke',
          via: 'Drive.Permissions.delete',
          by: 'conduct@example.org',
        },
      ],
    },
  ],
  mail: [
    mailOut({ subject: `[Conduct Desk] ${EVIL}`, body: EVIL, alert: true, cc: [`x${EVIL}@example.org`] }),
    mailOut({ seq: 1, to: ['bo@example.org'] }),
  ],
  alerts: [],
  quota: [{ day: '2026-03-02T09:00:00.000Z', user: 'conduct@example.org', recipients: 3, limit: 100 }],
  pages: [
    {
      at: '2026-03-02T10:00:00.000Z',
      person: 'ana@example.org',
      link: 'https://script.google.com/macros/s/x/exec?t=abc',
      heading: 'Do you have a conflict of interest?',
      text: 'Case amber kite involves: Sam Doe',
    },
  ],
  shares: [],
  shareNotifications: [],
  forms: [{ id: 'f1', published: true, acceptingResponses: true, responses: 1 }],
  calendar: [],
  selfTest: [],
  committeeInbox: [],
  triggers: [
    {
      uid: 't1',
      handler: 'sweep_',
      eventType: 'CLOCK',
      sourceId: null,
      owner: 'conduct@example.org',
      disabled: false,
      everyMs: 3_600_000,
      fired: 48,
      failed: 1,
      lastFired: '2026-03-04T09:00:00.000Z',
    },
  ],
  calls: { 'MailApp.sendEmail': 2, [`Evil.${EVIL}`]: 1 },
  simulatedSeconds: [],
  executions: [
    {
      id: 1,
      kind: 'trigger',
      fn: 'sweep_',
      activeUser: '',
      effectiveUser: 'conduct@example.org',
      startedAt: '2026-03-02T10:00:00.000Z',
      endedAt: '2026-03-02T10:00:01.000Z',
      simulatedSeconds: 1,
      outcome: 'error',
      error: `Error: ${EVIL}`,
      calls: {},
    },
  ],
  errors: [
    {
      step: 1,
      action: 'vote',
      reason: `no link ${EVIL}`,
      at: '2026-03-02T11:00:00.000Z',
      kind: 'refused',
      count: 1,
      followOns: [
        { step: 2, action: `vote${EVIL}`, missing: `no vote ${EVIL}`, reason: EVIL, at: '2026-03-02T11:00:00.000Z' },
      ],
    },
  ],
  steps: [
    {
      step: 0,
      at: '2026-03-02T09:00:00.000Z',
      actor: `reporter ${EVIL}`,
      action: 'report',
      summary: EVIL,
      outcome: 'ok',
      mails: [],
      executions: [],
      cells: [],
    },
  ],
  logs: [],
  propertyNames: [],
  transcript: [EVIL],
};
state.alerts = state.mail.filter((m) => m.alert);

describe('renderHtml', () => {
  const html = renderHtml(state);

  it('escapes every value: no markup from the run survives', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(2)>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
    expect(html).toContain('id="doc-d&quot;1"');
  });

  it('lists the steps a failure stopped under it, once', () => {
    expect(html).toContain('Not done because of this: steps[2] vote&lt;script&gt;');
    expect(html).toContain('(no vote &lt;script&gt;');
  });

  it('loads nothing from anywhere', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<(script|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc=["']?https?:/i);
  });

  it('has every section a committee looks at', () => {
    for (const id of [
      'summary',
      'status',
      'docs',
      'mail',
      'alerts',
      'pages',
      'errors',
      'timeline',
      'cost',
      'transcript',
    ])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<summary>Cases <span class="muted">2 row(s)</span></summary>');
    expect(html).toContain('<span class="check" title="TRUE">☑</span>');
    expect(html).toContain('<span class="badge bad">ANYONE_WITH_LINK</span>');
    expect(html).toContain('in a shared folder');
    expect(html).toContain('Who could open it, and when (2 change(s))');
    // Mailboxes are grouped per address, cc included.
    expect(html).toContain('<code>bo@example.org</code> <span class="muted">1 message(s)</span>');
    expect(html).toContain('1 message(s)</span></summary>');
    expect(html).toContain('<h3>Doc &lt;script&gt;');
    expect(html).toContain('<strong>[Conduct Desk] &lt;script&gt;');
    expect(html).toContain('steps[1]');
    // Pages people saw: who, the heading, what they read.
    expect(html).toContain('<td>ana@example.org</td><td>Do you have a conflict of interest?</td>');
    expect(html).toContain('Case amber kite involves: Sam Doe');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});
