// Conformance tests for OAuth scopes under Google's granular consent: a scope left unticked fails the calls that need it, and ScriptApp.requireAllScopes asks again.

import { runError, runOk, workspaceWith } from './test-helpers';

const HOUR = 3_600_000;
const MAIL =
  'Specified permissions are not sufficient to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail';

const BUNDLE = `
function mail() { MailApp.sendEmail('ana@example.org', 'Subject', 'Body'); return 'sent'; }
function sheet(id) { return SpreadsheetApp.openById(id).getId(); }
function hourly() { return ScriptApp.newTrigger('tick_').timeBased().everyHours(1).create().getUniqueId(); }
function tick_() { MailApp.sendEmail('ana@example.org', 'Tick', 'Body'); }
function requireAll() { ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL); return 'all granted'; }
function requireSome(scopes) { ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, scopes); return 'granted'; }
function status(scopes) {
  var info = scopes ? ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL, scopes) : ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
  return String(info.getAuthorizationStatus());
}
function caught() { try { MailApp.sendEmail('ana@example.org', 'S', 'B'); return 'sent'; } catch (e) { return e.message; } }
`;

describe('OAuth scopes under granular consent', () => {
  it('a scope left unticked fails every call that needs it, in editor runs and triggers alike; the other services work', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'hourly');
    ws.leaveUnticked(['script.send_mail']);
    expect(runError(ws, 'mail')).toBe(MAIL);
    expect(runOk(ws, 'caught')).toBe(MAIL);
    expect(runOk(ws, 'sheet', ['sheet-1'])).toBe('sheet-1');
    const [tick] = ws.advance(HOUR + 60_000);
    expect(tick.record.outcome).toBe('error');
    expect(tick.record.error).toContain('Required permissions: https://www.googleapis.com/auth/script.send_mail');
    expect(ws.mail()).toHaveLength(0);
  });

  it('getAuthorizationInfo says REQUIRED while a scope is missing (of the ones asked about); requireScopes passes for granted ones', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'status')).toBe('NOT_REQUIRED');
    ws.leaveUnticked(['https://www.googleapis.com/auth/calendar.events']);
    expect(runOk(ws, 'status')).toBe('REQUIRED');
    expect(runOk(ws, 'status', [['https://www.googleapis.com/auth/spreadsheets']])).toBe('NOT_REQUIRED');
    expect(runOk(ws, 'status', [['https://www.googleapis.com/auth/calendar.events']])).toBe('REQUIRED');
    expect(runOk(ws, 'requireSome', [['https://www.googleapis.com/auth/spreadsheets']])).toBe('granted');
  });

  it('requireAllScopes ends an editor run and asks again: granted all, the next run goes through; unticked again, it still fails', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'requireAll')).toBe('all granted');
    ws.leaveUnticked(['script.send_mail', 'calendar.events']);
    ws.rt.untickOnPrompt = ['calendar.events'];
    expect(runError(ws, 'requireAll')).toBe('Authorization is required to perform that action.');
    expect(ws.untickedScopes()).toEqual(['https://www.googleapis.com/auth/calendar.events']);
    expect(runOk(ws, 'mail')).toBe('sent');
    ws.rt.untickOnPrompt = [];
    expect(runError(ws, 'requireAll')).toBe('Authorization is required to perform that action.');
    expect(ws.untickedScopes()).toEqual([]);
    expect(runOk(ws, 'requireAll')).toBe('all granted');
  });
});
