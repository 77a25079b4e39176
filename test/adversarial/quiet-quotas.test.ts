// Adversarial cases of a committee account whose daily quotas are spent, and of a junk flood, hour after hour: each run does something useful or stays quiet (no Audit line or alert repeated for one cause), and no person's action is silently lost.
import { ANA, BO, COMMITTEE_OPTIONS, CY, DEE, EVE, REPORT_ONE } from '../support/flows';
import { fill } from '../../workbench';
import { HOUR, OWNER, Rehearsal } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

const MEMBERS5 = [ANA, BO, CY, DEE, EVE];

/** A consumer committee of five with Rita's report, Ana cleared for it. */
function committee(): Rehearsal {
  const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS5, profile: 'consumer' });
  r.report(REPORT_ONE.answers, REPORT_ONE.people);
  expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
  r.advance(HOUR);
  return r;
}

/** The Audit tab's lines of these events since row `from`. */
function auditSince(r: Rehearsal, from: number, events: RegExp): Array<Record<string, string>> {
  return r
    .registry('Audit')
    .slice(from)
    .filter((a) => events.test(a.Event));
}

describe('ADV-QT1 a case Doc to replace while the Documents created quota is spent', () => {
  it('ADV-QT1 the audit writes one line saying it waits for the quota, not a failure every hour, and replaces the Doc once it is back', () => {
    const r = committee();
    const [row] = r.registry('Cases');
    const from = r.registry('Audit').length;
    // The owner emptied the trash; another script of the account (or a flood) has used the day's Docs.
    const docs = r.ws.dailyQuotas.quotas.docsCreated;
    docs.setUsed(r.ws.owner, docs.limit);
    r.ws.data.deleteForever?.(row['Doc ID']);
    for (let h = 0; h < 12; h++) r.advance(HOUR);
    // Before: `audit.doc-replace-failed` "Service invoked too many times for one day: docs create." every hour.
    const waits = auditSince(r, from, /^audit\.doc-replace/);
    expect(waits.map((a) => a.Event)).toEqual(['audit.doc-replace-failed']);
    expect(waits[0].Detail).toMatch(
      /^waits for Google's daily limit on new documents, back by 2026-03-03 \d\d:\d\d \(Etc\/UTC\)$/,
    );
    for (let h = 0; h < 14; h++) r.advance(HOUR);
    // Back: replaced once, announced once to the cleared member, and nothing more said of the wait.
    const [after] = r.registry('Cases');
    expect(after['Doc ID']).not.toBe(row['Doc ID']);
    expect(after.Flags).not.toMatch(/docQuotaBack|docMissingSince/);
    expect(auditSince(r, from, /^audit\.doc-replace/).map((a) => a.Event)).toEqual([
      'audit.doc-replace-failed',
      'audit.doc-replaced',
    ]);
    expect(r.mailTo(ANA.email).filter((m) => /A case has a new document/.test(m.subject))).toHaveLength(1);
  });
});

describe('ADV-QT2 the yearly archive while the Spreadsheets created quota is spent', () => {
  it('ADV-QT2 the archive waits for the quota with one Audit line, not a failed sweep step every hour, and runs once it is back', () => {
    const r = committee();
    r.setSetting('Archive closed cases after (days)', 2);
    r.editCase(OWNER, 1, 'Status', 'Closed');
    // The weekly archive run is due a week after setup's; the year's archive spreadsheet does not exist yet.
    r.advance(6 * 24 * HOUR + 22 * HOUR);
    const sheets = r.ws.dailyQuotas.quotas.spreadsheetsCreated;
    sheets.setUsed(r.ws.owner, sheets.limit);
    const from = r.registry('Audit').length;
    for (let h = 0; h < 20; h++) r.advance(HOUR);
    // Before: `sweep.step-failed` "archive: Service invoked too many times for one day: spreadsheets create." and a
    // `sweep.done` line every hour until the quota was back.
    expect(auditSince(r, from, /^(sweep\.|archive\.)/).map((a) => a.Event)).toEqual(['archive.waits']);
    expect(auditSince(r, from, /^archive\.waits$/)[0].Detail).toMatch(
      /waits for Google's daily limit on new spreadsheets, back by 2026-03-10 \d\d:\d\d \(Etc\/UTC\)$/,
    );
    expect(r.ws.properties().archiveSpreadsheets).toBeUndefined();
    for (let h = 0; h < 8; h++) r.advance(HOUR);
    expect(Object.keys(JSON.parse(r.ws.properties().archiveSpreadsheets ?? '{}'))).toEqual(['2026']);
    expect(auditSince(r, from, /^(sweep\.step-failed|archive\.)/).map((a) => a.Event)).toEqual([
      'archive.waits',
      'archive.moved',
    ]);
    expect(r.registry('Archived Cases')).toHaveLength(1);
  });
});

describe('ADV-QT3 the owner makes an email in the committee inbox a case while the Documents created quota is spent', () => {
  it('ADV-QT3 the page says the email is recorded and when it becomes a case; the sweep finishes it once the quota is back, without the owner pressing again', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS5, profile: 'consumer' });
    const sender = 'nia.vortel@example.net';
    r.k.people.push({ reporter: { email: sender }, reported: [{ name: 'Zed Quorrin' }], witnesses: [] });
    r.ws.receiveMail({ from: sender, to: OWNER, subject: 'Reporting by email', text: 'Rude remarks by Zed Quorrin.' });
    r.advance(HOUR);
    const docs = r.ws.dailyQuotas.quotas.docsCreated;
    docs.setUsed(r.ws.owner, docs.limit);
    const pressed = r.act(OWNER, 'inbox', undefined, 'make-case', { fill: (f) => fill(f, 'involved', 'Zed Quorrin') });
    // Before: "Google's daily limit is used up … please try again later today or tomorrow", and the half-made case
    // waited in the registry until the owner pressed again: the sweep never finished it, the sender never heard.
    expect(pressed.page?.heading).toBe('The email is recorded and waits for Google');
    expect(pressed.page?.text).toMatch(/when the limit comes back, by 2026-03-03 \d\d:\d\d \(Etc\/UTC\)/);
    expect(pressed.page?.text).not.toMatch(/try again/i);
    const code = r.registry('Cases')[0]['Code Name'];
    expect(pressed.page?.text).toContain(`Its code name is ${code}.`);
    // The link opened again says it is a case already, and offers nothing to press.
    expect(r.get(r.link(OWNER, 'inbox')!.url).page.text).toMatch(/This email is a case already/);
    for (let h = 0; h < 26; h++) r.advance(HOUR);
    const [kase] = r.registry('Cases');
    expect([kase.Phase, kase.Flags]).toEqual(['screening', expect.not.stringMatching(/recorded|answers/)]);
    expect(r.ws.data.docs().filter((d) => d.title === code)).toHaveLength(1);
    expect(r.ws.data.doc(kase['Doc ID']).text).toContain('Rude remarks by Zed Quorrin.');
    expect(r.mailTo(sender).filter((m) => /^We received your report$/.test(m.subject))).toHaveLength(1);
    expect(r.registry('Inbox').find((i) => i.From === sender)?.State).toBe('case');
    // The owner is told once that reports wait for the quota, no more.
    expect(
      r
        .mailTo(OWNER)
        .filter((m) => /daily limit/.test(m.subject))
        .map((m) => m.subject),
    ).toEqual(['[Conduct Desk] Reports wait for Google\u2019s daily limit on new documents']);
  });
});
