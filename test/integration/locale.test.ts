// A committee account in French, through the built bundle: Google's error messages arrive in French, and mail retries, the quota and Drive's silent-share fallback still work because nothing reads them in English (the roster's share of the status sheet, ADV-278, the access audit's repair of a Doc's share, ADV-277, a proposed change's Doc, ADV-290, and a rebuilt status sheet, ADV-291, too).
import {
  CY,
  addMember,
  answerLink,
  docEditors,
  newestLink,
  open,
  press,
  sweep,
  registryRows,
  startDesk,
  startWorkspace,
  submitAnswers,
  submitReport as reportCase,
  type Desk,
} from './desk';

/** A desk on an account in French, its members typed in as the tests say. */
function frenchDesk(noGoogleAccount: string[]): Desk {
  return startDesk({ locale: 'fr', noGoogleAccount });
}

const HOUR = 3600000;
const ANA = 'ana@example.org';
const REPORT = {
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
};

describe('a committee account in French', () => {
  test('a server error and a quota message injected in English reach the script in French; mail is retried, none fails', () => {
    const h = startWorkspace({ locale: 'fr' });
    const sent = h.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    h.ws.rt.faults.push(
      { call: 'MailApp.sendEmail', nth: sent + 1 },
      { call: 'MailApp.sendEmail', nth: sent + 3, message: 'Service invoked too many times for one day: email.' },
    );
    submitAnswers(h, REPORT, { reporter: { email: 'rita@example.net' }, reported: [{ name: 'Sam Doe' }] });
    const outbox = registryRows(h, 'Outbox');
    expect(outbox.length).toBeGreaterThanOrEqual(4);
    expect(outbox.map((o) => o.State)).toEqual(outbox.map(() => 'sent'));
    expect(outbox.some((o) => o.Error.startsWith('Une erreur est survenue sur le serveur'))).toBe(false);
    expect(registryRows(h, 'Audit').filter((a) => a.Event === 'mail.failed')).toEqual([]);
    expect(h.ws.mailTo(ANA).filter((m) => /could not be delivered/.test(m.subject))).toEqual([]);
    // The faults did fire, in French: two attempts more than messages.
    expect((h.ws.rt.totals['MailApp.sendEmail'] ?? 0) - sent).toBe(outbox.length + 2);
  });

  test('a member without a Google account: the silent share waits, and the sweep falls back to a recorded notifying share', () => {
    const desk = frenchDesk([ANA]);
    addMember(desk, { name: 'Ana Lima', email: ANA, role: 'voting' });
    const kase = reportCase(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    answerLink(desk, newestLink(desk, ANA, 'no-conflict', kase.caseId), 'no-conflict');
    const shares = () =>
      registryRows(desk, 'Clearances')
        .filter((c) => c['Case ID'] === kase.caseId)
        .map((c) => c.Share);
    expect(shares()).toEqual(['pending']);
    expect(desk.ws.data.file(kase.docId).editors).toEqual([]);

    for (const r of desk.ws.advance(2 * HOUR)) expect(r.record.outcome).toBe('ok');
    desk.check();
    expect(shares()).toEqual(['fallback']);
    expect(desk.ws.data.file(kase.docId).editors).toEqual([ANA]);
    // Google's notification for the Doc, and for the status sheet the roster shares the same way (ADV-278).
    expect(desk.ws.data.shareNotifications().map((n) => [n.fileId, n.to])).toEqual([
      [desk.ids.status, ANA],
      [kase.docId, ANA],
    ]);
  });

  test('ADV-278 a member without a Google account joins after a report: they are welcomed (onboarding email, the status sheet with the recorded notifying share), not refused at every sync', () => {
    const desk = frenchDesk([ANA]);
    reportCase(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    addMember(desk, { name: 'Ana Lima', email: ANA, role: 'voting' });
    desk.ws.advance(3 * HOUR);
    expect(desk.ws.mailTo(ANA).map((m) => m.subject)).toContainEqual(expect.stringContaining('conflict check'));
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(ANA);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'member.share-failed')).toHaveLength(1);
    desk.check();
  });

  test('ADV-277 that member removed from the Doc by hand: the access audit gives it back at once with the recorded notifying share, not a failed repair every hour', () => {
    const desk = frenchDesk([ANA]);
    addMember(desk, { name: 'Ana Lima', email: ANA, role: 'voting' });
    const kase = reportCase(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    answerLink(desk, newestLink(desk, ANA, 'no-conflict', kase.caseId), 'no-conflict');
    desk.ws.advance(2 * HOUR);
    expect(desk.ws.data.file(kase.docId).editors).toEqual([ANA]);
    // The committee account takes Ana off in the Share dialog by mistake.
    desk.ws.runInProcess(() => DriveApp.getFileById(kase.docId).removeEditor(ANA));
    desk.ws.advance(HOUR);
    expect(desk.ws.data.file(kase.docId).editors).toEqual([ANA]);
    const events = registryRows(desk, 'Audit').map((a) => a.Event);
    expect(events).toContain('audit.missing-editor');
    expect(events).not.toContain('audit.repair-failed');
    desk.check();
  });

  test('ADV-290 a voting member without a Google account is given a proposed change\u2019s Doc with the recorded notifying share, not refused at every sweep', () => {
    const desk = frenchDesk([ANA]);
    addMember(desk, { name: 'Ana Lima', email: ANA, role: 'voting' });
    addMember(desk, CY);
    desk.ws.advance(2 * HOUR);
    const fields = { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' };
    press(desk, open(desk, newestLink(desk, CY.email, 'propose').url), 'propose', { fields });
    desk.ws.advance(3 * HOUR);
    const docId = registryRows(desk, 'Proposals')[0]!['Doc ID']!;
    expect(docEditors(desk, docId)).toEqual([ANA, CY.email].sort());
    expect(desk.ws.mailTo(ANA).map((m) => m.subject)).toContainEqual(expect.stringContaining('Zorblat clause'));
    const events = registryRows(desk, 'Audit').map((a) => a.Event);
    expect(events.filter((e) => e === 'proposal.share-failed')).toHaveLength(1);
    expect(events).toContain('proposal.share-fallback');
    desk.check();
  });

  test('ADV-291 the status spreadsheet rebuilt by setup: a member without a Google account gets the new one at the next sweep, not two sweeps later', () => {
    const desk = frenchDesk([ANA]);
    addMember(desk, { name: 'Ana Lima', email: ANA, role: 'voting' });
    desk.ws.advance(2 * HOUR);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(ANA);
    const welcomes = () => desk.ws.mailTo(ANA).filter((m) => /Welcome to the committee/.test(m.body)).length;
    expect(welcomes()).toBe(1);
    // The owner emptied the trash; troubleshooting.md: remove its id from Script Properties and run setup again.
    desk.ws.data.deleteForever(desk.ids.status);
    (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script.delete(
      'statusSpreadsheetId',
    );
    expect(desk.ws.run('setup').record.outcome).toBe('ok');
    desk.ids.status = desk.ws.properties().statusSpreadsheetId;
    sweep(desk);
    expect(desk.ws.data.file(desk.ids.status).editors).toContain(ANA);
    expect(registryRows(desk, 'Members').map((m) => m['Sheet Access'])).toEqual(['editor']);
    desk.check();
  });
});
