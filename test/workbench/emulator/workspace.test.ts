// Conformance tests for the Workspace facade: bundle loading into fresh globals, executions and their records, call counts, fault injection, crash plans, logs, Session and snapshots.

import { Workspace } from '../../../workbench/emulator/workspace';
import { OWNER, START, stubDataWorld, workspaceWith, writeBundle, runOk, runError } from './test-helpers';

const SERVER_ERROR = "We're sorry, a server error occurred. Please wait a bit and try again.";

const BUNDLE = `
var counter = 0;
function setup() { counter += 1; return counter; }
function seen() { return [typeof MailApp, typeof SpreadsheetApp, typeof FormApp, typeof setup]; }
function leak() { globalThis.leaked = 'yes'; return typeof leaked; }
function hasLeak() { return typeof leaked; }
function props() {
  var p = PropertiesService.getScriptProperties();
  p.setProperty('a', '1');
  p.getProperty('a');
  p.getProperty('b');
  return 'done';
}
function mailN(n) {
  var errors = [];
  for (var i = 0; i < n; i++) {
    try { MailApp.sendEmail('p' + i + '@example.net', 's', 'b'); } catch (e) { errors.push(e.message); }
  }
  return errors;
}
function crashy() {
  var seen = [];
  for (var i = 0; i < 3; i++) {
    try { MailApp.sendEmail('p' + i + '@example.net', 's', 'b'); } catch (e) { seen.push(e.message); }
  }
  try { PropertiesService.getScriptProperties().getProperty('x'); } catch (e) { seen.push(e.message); }
  return seen;
}
function logs() { Logger.log('hello %s', 'ana'); console.log('n=%d', 3); console.warn({ a: 1 }); return Logger.getLog(); }
function who() { return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), Session.getScriptTimeZone()]; }
function notImplemented() { return Session.getFavouriteColour(); }
function notAService() { return GmailApp.sendEmail('a@example.org', 's', 'b'); }
function date() { return new Date(0); }
`;

describe('Workspace', () => {
  it('loads Code.js with gas-local into a fresh global object whose members are the services and data globals', () => {
    expect(runOk(workspaceWith(BUNDLE), 'seen')).toEqual(['object', 'object', 'object', 'function']);
  });

  it('gives every Workspace a fresh global object', () => {
    const dir = writeBundle(BUNDLE);
    const make = () => {
      const ws = Workspace.create({ start: START, owner: OWNER, buildDir: dir }, { createDataWorld: stubDataWorld });
      ws.loadBundle();
      return ws;
    };
    const a = make();
    runOk(a, 'leak');
    expect(runOk(make(), 'hasLeak')).toBe('undefined');
  });

  it('starts every execution with fresh globals, as the platform re-runs global code per execution', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'setup')).toBe(1);
    expect(runOk(ws, 'setup')).toBe(1);
    runOk(ws, 'leak');
    expect(runOk(ws, 'hasLeak')).toBe('undefined');
  });

  it('refuses to run before loadBundle and reports a missing Code.js', () => {
    const ws = Workspace.create(
      { start: START, owner: OWNER, buildDir: writeBundle(BUNDLE) },
      { createDataWorld: stubDataWorld },
    );
    expect(() => ws.run('setup')).toThrow(/loadBundle/);
    const empty = Workspace.create(
      { start: START, owner: OWNER, buildDir: '/nonexistent-build' },
      { createDataWorld: stubDataWorld },
    );
    expect(() => empty.loadBundle()).toThrow(/Code\.js/);
  });

  it('records an error for a function the bundle does not define', () => {
    const result = workspaceWith(BUNDLE).run('nope');
    expect(result.record).toMatchObject({ outcome: 'error', error: 'Exception: Script function not found: nope' });
  });

  it('throws with the member name when the bundle reaches an unimplemented member or service', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runError(ws, 'notImplemented')).toBe('Emulator does not implement Session.getFavouriteColour');
    expect(runError(ws, 'notAService')).toBe('Emulator does not implement GmailApp.sendEmail');
  });

  it('records each execution with its kind, users, virtual times, calls and side effects', () => {
    const ws = workspaceWith(BUNDLE);
    const result = ws.run('props', [], { user: 'ana@example.org' });
    expect(result.value).toBe('done');
    expect(result.record).toMatchObject({
      id: 1,
      kind: 'editor',
      fn: 'props',
      activeUser: 'ana@example.org',
      effectiveUser: 'ana@example.org',
      startedAt: Date.parse(START),
      outcome: 'ok',
      sideEffects: 1,
      calls: { 'PropertiesService.getScriptProperties': 1, 'Properties.setProperty': 1, 'Properties.getProperty': 2 },
    });
    expect(result.record.simulatedMs).toBe(60 + 30 + 30);
    expect(result.record.endedAt).toBe(result.record.startedAt + 120);
    runOk(ws, 'props');
    expect(ws.rt.totals['Properties.getProperty']).toBe(4);
    expect(ws.snapshot().calls['Properties.setProperty']).toBe(2);
    expect(ws.rt.executions.map((e) => e.id)).toEqual([1, 2]);
  });

  it('injects a fault at the nth call of a method with the platform message', () => {
    const ws = workspaceWith(BUNDLE, { faults: [{ call: 'MailApp.sendEmail', nth: 2 }] });
    expect(runOk(ws, 'mailN', [3])).toEqual([SERVER_ERROR]);
    expect(ws.mail().map((m) => m.to[0])).toEqual(['p0@example.net', 'p2@example.net']);
  });

  it('injects faults by seeded chance, reproducibly for the same seed', () => {
    const pattern = (seed: number) => {
      const ws = workspaceWith(BUNDLE, {
        seed,
        faults: [
          { call: 'MailApp.sendEmail', chance: 0.5, message: 'Service invoked too many times for one day: email.' },
        ],
        mailQuota: 1000,
      });
      runOk(ws, 'mailN', [40]);
      const sent = new Set(ws.mail().map((m) => m.to[0]));
      return Array.from({ length: 40 }, (_, i) => (sent.has(`p${i}@example.net`) ? 1 : 0)).join('');
    };
    const a = pattern(42);
    expect(pattern(42)).toBe(a);
    expect(a).toMatch(/0/);
    expect(a).toMatch(/1/);
    expect(pattern(43)).not.toBe(a);
  });

  it('throws what the platform throws at a kill, whatever the reason, and keeps the reason on the record', () => {
    const ws = workspaceWith(BUNDLE);
    ws.rt.crashPlan = { atSideEffect: 1 };
    const seen: Array<{ name: string; message: string }> = [];
    const { record } = ws.rt.runExecution(
      { kind: 'editor', fn: 'probe', activeUser: OWNER, effectiveUser: OWNER },
      () => {
        for (const call of ['first', 'later']) {
          try {
            ws.rt.call('MailApp.sendEmail', () => call, { sideEffect: true });
          } catch (err) {
            const e = err as { name: string; message: string };
            seen.push({ name: e.name, message: e.message });
          }
        }
      },
    );
    // The bundle can tell a killed execution only as it would on Google: by the message, never by an emulator name.
    expect(seen).toEqual([
      { name: 'Error', message: 'Exceeded maximum execution time' },
      { name: 'Error', message: 'Exceeded maximum execution time' },
    ]);
    expect(record.outcome).toBe('killed');
    expect(record.error).toBe(
      'Exceeded maximum execution time — Emulator crash injected before side effect #1 (MailApp.sendEmail)',
    );
  });

  it('kills the execution at the chosen side-effecting call, and every later call in it keeps failing', () => {
    const ws = workspaceWith(BUNDLE);
    ws.rt.crashPlan = { atSideEffect: 2 };
    const result = ws.run('crashy');
    expect(result.record.outcome).toBe('killed');
    expect(result.record.error).toMatch(/crash injected before side effect #2 \(MailApp\.sendEmail\)/);
    expect(ws.mail().map((m) => m.to[0])).toEqual(['p0@example.net']);
    expect(result.record.calls).toEqual({ 'MailApp.sendEmail': 1 });
    expect(result.value).toBeUndefined();
    // The next execution is unaffected.
    expect(ws.run('mailN', [1]).value).toEqual([]);
  });

  it('captures Logger and console output per execution without echoing it', () => {
    const ws = workspaceWith(BUNDLE);
    const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const result = ws.run('logs');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(result.value).toBe('hello ana\nn=3\n{ a: 1 }');
    expect(ws.logs().map((l) => [l.execution, l.text])).toEqual([
      [1, 'hello ana'],
      [1, 'n=3'],
      [1, '{ a: 1 }'],
    ]);
    expect(ws.snapshot().logs).toHaveLength(3);
  });

  it('echoes logs to the host when asked', () => {
    const ws = workspaceWith(BUNDLE, { echoLogs: true });
    const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    ws.run('logs');
    expect(spy).toHaveBeenCalledWith('[exec 1] hello ana');
    spy.mockRestore();
    warn.mockRestore();
  });

  it('gives Session the users of each execution and the manifest time zone', () => {
    const ws = workspaceWith(BUNDLE, {
      timeZone: undefined,
      files: { 'appsscript.json': JSON.stringify({ timeZone: 'Europe/Lisbon' }) },
    });
    expect(runOk(ws, 'who', [], { user: 'ana@example.org' })).toEqual([
      'ana@example.org',
      'ana@example.org',
      'Europe/Lisbon',
    ]);
    expect(ws.timeZone).toBe('Europe/Lisbon');
  });

  it('returns Dates created in the bundle realm, comparable with jest matchers', () => {
    const value = runOk(workspaceWith(BUNDLE), 'date');
    expect(value).toEqual(new Date(0));
    expect(value instanceof Date).toBe(false);
  });

  it('produces a JSON-serializable snapshot', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'props');
    runOk(ws, 'mailN', [1]);
    const snap = ws.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap).toMatchObject({
      now: new Date(ws.rt.now()).toISOString(),
      properties: { a: '1' },
      triggers: [],
      files: [],
    });
    expect(snap.mail).toHaveLength(1);
    expect(snap.executions).toHaveLength(2);
  });

  it('needs a form id for submitForm when no form has a submit trigger', () => {
    expect(() => workspaceWith(BUNDLE).submitForm({})).toThrow(/formId/);
  });
});
