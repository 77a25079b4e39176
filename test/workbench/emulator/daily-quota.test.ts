// Conformance tests for the daily quotas besides mail: Documents and Spreadsheets created, Properties read/write and Email read/write, each resetting 24 hours after its first request, and a test's seeding left uncharged.

import { Workspace } from '../../../workbench';
import { OWNER, runError, runOk, START, writeBundle } from './test-helpers';

const BUNDLE = `
var P = function () { return PropertiesService.getScriptProperties(); };
function props(n) { for (var i = 0; i < n; i++) P().getProperty('k'); P().setProperty('k', 'v'); P().deleteProperty('k'); }
function docs(n) { for (var i = 0; i < n; i++) DocumentApp.create('d' + i); }
function driveDoc() { return Drive.Files.create({ name: 'x', mimeType: 'application/vnd.google-apps.document' }).id; }
function sheets(n) { for (var i = 0; i < n; i++) SpreadsheetApp.create('s' + i); }
function threads() { return Gmail.Users.Threads.list('me', { labelIds: ['INBOX'] }); }
`;

function workspace(options: Partial<Parameters<typeof Workspace.create>[0]> = {}): Workspace {
  const ws = Workspace.create({
    start: START,
    owner: OWNER,
    timeZone: 'Etc/UTC',
    buildDir: writeBundle(BUNDLE),
    ...options,
  });
  ws.loadBundle();
  return ws;
}

const DAY = 24 * 3_600_000;

describe('daily quotas besides mail', () => {
  it('takes the profiles from the quotas page', () => {
    const consumer = workspace().dailyQuotas.quotas;
    expect(
      [consumer.docsCreated, consumer.spreadsheetsCreated, consumer.properties, consumer.gmail].map((q) => q.limit),
    ).toEqual([250, 250, 50_000, 20_000]);
    const work = workspace({ profile: 'workspace' }).dailyQuotas.quotas;
    expect([work.docsCreated, work.spreadsheetsCreated, work.properties, work.gmail].map((q) => q.limit)).toEqual([
      1_500, 3_200, 500_000, 50_000,
    ]);
  });

  it('counts every property get, set and delete, and resets 24 hours after the first', () => {
    const ws = workspace({ dailyQuotas: { properties: 5 } });
    runOk(ws, 'props', [3]);
    ws.advance(DAY - 60_000);
    expect(runError(ws, 'props', [0])).toBe('Service invoked too many times for one day: properties.');
    ws.advance(60_000);
    runOk(ws, 'props', [3]);
    expect(ws.dailyQuotas.quotas.properties.days().map((d) => d.used)).toEqual([5, 5]);
  });

  it('counts Docs made by DocumentApp and by Drive.Files.create, and Spreadsheets', () => {
    const ws = workspace({ dailyQuotas: { docsCreated: 2, spreadsheetsCreated: 1 } });
    runOk(ws, 'docs', [1]);
    runOk(ws, 'driveDoc');
    expect(runError(ws, 'docs', [1])).toBe('Service invoked too many times for one day: docs create.');
    expect(runError(ws, 'sheets', [2])).toBe('Service invoked too many times for one day: spreadsheets create.');
  });

  it('counts Gmail reads', () => {
    const ws = workspace({ dailyQuotas: { gmail: 1 } });
    runOk(ws, 'threads');
    expect(runError(ws, 'threads')).toBe('Service invoked too many times for one day: gmail.');
  });

  it('does not charge a test seeding its world outside the bundle', () => {
    const ws = workspace({ dailyQuotas: { docsCreated: 1 } });
    const g = ws.data.globals() as unknown as { DocumentApp: { create(name: string): unknown } };
    ws.rt.runExecution({ kind: 'editor', fn: 'seed', activeUser: OWNER, effectiveUser: OWNER }, () => {
      for (let i = 0; i < 3; i++) g.DocumentApp.create(`seeded ${i}`);
    });
    runOk(ws, 'docs', [1]);
  });
});
