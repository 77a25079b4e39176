// Conformance tests for MailApp: the four sendEmail signatures, validation messages, and the rolling daily recipient quota.

import { GasException, takeFaultsNeverMatched } from '../../../workbench/emulator/runtime';
import { OWNER, runError, runOk, workspaceWith } from './test-helpers';

const BUNDLE = `
function send() { return MailApp.sendEmail.apply(MailApp, arguments); }
function remaining() { return MailApp.getRemainingDailyQuota(); }
function sendMany(n) { for (var i = 0; i < n; i++) MailApp.sendEmail('p' + i + '@example.net', 's', 'b'); }
`;

describe('MailApp', () => {
  it('sends with (recipient, subject, body) and records the message from the effective user at virtual time', () => {
    const ws = workspaceWith(BUNDLE);
    const result = ws.run('send', ['ana@example.org', 'Hello', 'Body text']);
    expect(result.error).toBeUndefined();
    const [m] = ws.mail();
    expect(m).toMatchObject({
      from: OWNER,
      to: ['ana@example.org'],
      cc: [],
      bcc: [],
      subject: 'Hello',
      body: 'Body text',
      htmlBody: '',
      seq: 0,
    });
    expect(m.at).toBe(result.record.startedAt + 500); // MailApp.sendEmail latency is charged before the send
    expect(m.execution).toBe(result.record.id);
  });

  it('an `after` fault sends the message, then throws the server error: the caller cannot tell it went', () => {
    const ws = workspaceWith(BUNDLE);
    ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: 1, after: true }];
    expect(runError(ws, 'send', ['ana@example.org', 'Hello', 'Body'])).toMatch(/a server error occurred/);
    expect(ws.mail().map((m) => m.to)).toEqual([['ana@example.org']]);
  });

  it('reports a targeted fault whose call was never made (misspelled), once; test/support/faults.ts fails the test on it', () => {
    const ws = workspaceWith(BUNDLE);
    const misspelled = { call: 'MailApp.sendMail', nth: 1 };
    const chance = { call: 'Drive.Files.list', chance: 1 };
    ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: 1 }, misspelled, chance];
    expect(runError(ws, 'send', ['ana@example.org', 'Hello', 'Body'])).toMatch(/a server error occurred/);
    // A fault by chance over a list of services is not reported: a short run makes only some of their calls.
    expect(takeFaultsNeverMatched()).toEqual([misspelled]);
    expect(takeFaultsNeverMatched()).toEqual([]);
  });

  it('sends with a message object carrying to, cc, bcc, replyTo, name and htmlBody', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', [
      {
        to: 'a@example.org, b@example.org',
        cc: 'c@example.org',
        bcc: 'd@example.org',
        replyTo: 'r@example.org',
        subject: 'S',
        body: 'plain',
        htmlBody: '<b>x</b>',
        name: 'Conduct Desk',
      },
    ]);
    expect(ws.mail()[0]).toMatchObject({
      to: ['a@example.org', 'b@example.org'],
      cc: ['c@example.org'],
      bcc: ['d@example.org'],
      replyTo: 'r@example.org',
      htmlBody: '<b>x</b>',
      name: 'Conduct Desk',
    });
  });

  it('sends with (recipient, subject, body, options)', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['a@example.org', 'S', 'B', { cc: 'c@example.org', name: 'Desk' }]);
    expect(ws.mail()[0]).toMatchObject({
      to: ['a@example.org'],
      cc: ['c@example.org'],
      subject: 'S',
      body: 'B',
      name: 'Desk',
    });
  });

  it('sends with (to, replyTo, subject, body)', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['a@example.org', 'reply@example.org', 'S', 'B']);
    expect(ws.mail()[0]).toMatchObject({
      to: ['a@example.org'],
      replyTo: 'reply@example.org',
      subject: 'S',
      body: 'B',
    });
  });

  it('counts recipients across to, cc and bcc against the daily quota', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', [
      { to: 'a@example.org', cc: 'b@example.org,c@example.org', bcc: 'd@example.org', subject: 's', body: 'b' },
    ]);
    expect(runOk(ws, 'remaining')).toBe(96);
  });

  it('refuses mail past the consumer quota of 100 recipients with the platform message, sending nothing', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'sendMany', [100]);
    expect(runOk(ws, 'remaining')).toBe(0);
    const result = ws.run('send', ['late@example.org', 's', 'b']);
    expect(result.error).toBeInstanceOf(GasException);
    expect((result.error as Error).name).toBe('Exception');
    expect((result.error as Error).message).toBe('Service invoked too many times for one day: email.');
    expect(ws.mail()).toHaveLength(100);
  });

  it('refuses a message whose recipients do not all fit in what is left of the quota', () => {
    const ws = workspaceWith(BUNDLE);
    ws.setMailQuotaUsed(99);
    expect(runError(ws, 'send', [{ to: 'a@example.org', cc: 'b@example.org', subject: 's', body: 'b' }])).toBe(
      'Service invoked too many times for one day: email.',
    );
    expect(runOk(ws, 'remaining')).toBe(1);
  });

  it('uses 1,500 recipients for the workspace profile and honours options.mailQuota', () => {
    expect(runOk(workspaceWith(BUNDLE, { profile: 'workspace' }), 'remaining')).toBe(1500);
    expect(runOk(workspaceWith(BUNDLE, { mailQuota: 7 }), 'remaining')).toBe(7);
  });

  it('resets the quota 24 hours after the first send, not at midnight', () => {
    const ws = workspaceWith(BUNDLE, { mailQuota: 2 });
    runOk(ws, 'sendMany', [2]);
    ws.advance(23 * 3_600_000);
    expect(runError(ws, 'send', ['x@example.org', 's', 'b'])).toBe(
      'Service invoked too many times for one day: email.',
    );
    ws.advance(3_600_000);
    expect(runOk(ws, 'remaining')).toBe(2);
    expect(ws.run('send', ['x@example.org', 's', 'b']).error).toBeUndefined();
  });

  it('lists every quota day with its start, recipients used and limit', () => {
    const ws = workspaceWith(BUNDLE, { mailQuota: 3 });
    const start = ws.rt.now();
    runOk(ws, 'sendMany', [2]);
    ws.advance(24 * 3_600_000);
    runOk(ws, 'send', [{ to: 'a@example.org', cc: 'b@example.org', subject: 's', body: 'b' }]);
    const days = ws.mailQuotaDays();
    expect(days).toEqual([
      { user: OWNER, start: start + 500, used: 2, limit: 3 },
      { user: OWNER, start: expect.any(Number), used: 2, limit: 3 },
    ]);
    // The second day began with the first request after the first one ended, not at midnight.
    expect(days[1].start - days[0].start).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(days[1].start - days[0].start).toBeLessThan(24 * 3_600_000 + 5_000);
  });

  it('charges the quota of the user the script runs as', () => {
    const ws = workspaceWith(BUNDLE, { mailQuota: 5 });
    runOk(ws, 'send', ['a@example.org', 's', 'b'], { user: 'other@example.org' });
    expect(ws.mail()[0].from).toBe('other@example.org');
    expect(runOk(ws, 'remaining')).toBe(5);
    expect(runOk(ws, 'remaining', [], { user: 'other@example.org' })).toBe(4);
  });

  it('validates every address, including each one of a comma-separated list', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runError(ws, 'send', ['not-an-address', 's', 'b'])).toBe('Invalid email: not-an-address');
    expect(runError(ws, 'send', ['ok@example.org, bad@', 's', 'b'])).toBe('Invalid email: bad@');
    expect(runError(ws, 'send', [{ to: 'ok@example.org', cc: 'x y@example.org', subject: 's', body: 'b' }])).toBe(
      'Invalid email: x y@example.org',
    );
    runOk(ws, 'send', ['"Ana Lima" <ana@example.org>, bo@example.org', 's', 'b']);
    expect(ws.mail()[0].to).toEqual(['ana@example.org', 'bo@example.org']);
  });

  it('fails without a recipient', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runError(ws, 'send', [{ subject: 's', body: 'b' }])).toBe('Failed to send email: no recipient');
    expect(runError(ws, 'send', ['', 's', 'b'])).toBe('Failed to send email: no recipient');
  });

  it('refuses a subject longer than 250 characters', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', ['a@example.org', 'x'.repeat(250), 'b']);
    expect(runError(ws, 'send', ['a@example.org', 'x'.repeat(251), 'b'])).toBe('Argument too large: subject');
  });

  it('refuses more than 50 recipients per message', () => {
    const ws = workspaceWith(BUNDLE);
    const list = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.net`).join(',');
    runOk(ws, 'send', [{ to: list(30), bcc: list(20), subject: 's', body: 'b' }]);
    expect(runError(ws, 'send', [{ to: list(30), bcc: list(21), subject: 's', body: 'b' }])).toBe(
      'Limit Exceeded: Email Recipients Per Message.',
    );
  });

  it('refuses a body over 200 KB on consumer accounts and over 400 KB on Workspace', () => {
    const consumer = workspaceWith(BUNDLE);
    expect(runError(consumer, 'send', ['a@example.org', 's', 'x'.repeat(200 * 1024 + 1)])).toBe(
      'Limit Exceeded: Email Body Size.',
    );
    const workspace = workspaceWith(BUNDLE, { profile: 'workspace' });
    expect(workspace.run('send', ['a@example.org', 's', 'x'.repeat(300 * 1024)]).error).toBeUndefined();
    expect(runError(workspace, 'send', ['a@example.org', 's', 'x'.repeat(400 * 1024 + 1)])).toBe(
      'Limit Exceeded: Email Body Size.',
    );
  });

  it('finds mail by any recipient field with mailTo', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'send', [{ to: 'a@example.org', bcc: 'Hidden@Example.org', subject: 's', body: 'b' }]);
    expect(ws.mailTo('hidden@example.org')).toHaveLength(1);
    expect(ws.mailTo('nobody@example.org')).toHaveLength(0);
  });

  it('throws with the member name for MailApp members it does not implement', () => {
    const ws = workspaceWith('function f() { return MailApp.sendEmailWithAttachments(); }');
    expect(runError(ws, 'f')).toBe('Emulator does not implement MailApp.sendEmailWithAttachments');
  });
});
