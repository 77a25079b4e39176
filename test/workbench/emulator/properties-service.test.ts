// Conformance tests for PropertiesService: string values, copies, bulk set/delete, per-user stores and the size limits.

import { OWNER, runError, runOk, workspaceWith } from './test-helpers';

const QUOTA = 'You have exceeded the property storage quota. Please remove some properties and try again.';

const BUNDLE = `
var P = function () { return PropertiesService.getScriptProperties(); };
function set(k, v) { P().setProperty(k, v); }
function get(k) { return P().getProperty(k); }
function all() { return P().getProperties(); }
function keys() { return P().getKeys().sort(); }
function setMany(obj, deleteOthers) { P().setProperties(obj, deleteOthers); }
function del(k) { P().deleteProperty(k); }
function delAll() { P().deleteAllProperties(); }
function mutateCopy() { var c = P().getProperties(); c.injected = 'yes'; return P().getProperty('injected'); }
function chain() { return P().setProperty('a', '1').setProperty('b', '2').getProperty('b'); }
function fill(n, size) { var v = new Array(size + 1).join('x'); for (var i = 0; i < n; i++) P().setProperty('k' + i, v); }
function userSet(v) { PropertiesService.getUserProperties().setProperty('pref', v); }
function userGet() { return PropertiesService.getUserProperties().getProperty('pref'); }
function doc() { return PropertiesService.getDocumentProperties(); }
`;

describe('PropertiesService', () => {
  it('returns null for a missing key', () => {
    expect(runOk(workspaceWith(BUNDLE), 'get', ['nope'])).toBeNull();
  });

  it('stores values as strings', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'set', ['n', 42]);
    runOk(ws, 'set', ['b', true]);
    expect(runOk(ws, 'get', ['n'])).toBe('42');
    expect(ws.properties()).toEqual({ n: '42', b: 'true' });
  });

  it('getProperties returns a copy, not a live view', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'set', ['a', '1']);
    expect(runOk(ws, 'mutateCopy')).toBeNull();
    expect(runOk(ws, 'all')).toEqual({ a: '1' });
  });

  it('setProperties merges, or replaces everything with deleteAllOthers', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'set', ['a', '1']);
    runOk(ws, 'setMany', [{ b: 2 }]);
    expect(ws.properties()).toEqual({ a: '1', b: '2' });
    runOk(ws, 'setMany', [{ c: '3' }, true]);
    expect(ws.properties()).toEqual({ c: '3' });
  });

  it('deletes one key or all, and lists keys', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'setMany', [{ a: '1', b: '2', c: '3' }]);
    runOk(ws, 'del', ['b']);
    expect(runOk(ws, 'keys')).toEqual(['a', 'c']);
    runOk(ws, 'delAll');
    expect(runOk(ws, 'keys')).toEqual([]);
  });

  it('chains setters', () => {
    expect(runOk(workspaceWith(BUNDLE), 'chain')).toBe('2');
  });

  it('refuses a value over 9 KB with the property quota message', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'set', ['k', 'x'.repeat(9 * 1024 - 1)]);
    expect(runError(ws, 'set', ['k', 'x'.repeat(9 * 1024)])).toBe(QUOTA);
    expect(ws.properties().k).toHaveLength(9 * 1024 - 1);
  });

  it('refuses to grow a store past 500 KB, leaving it unchanged', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'fill', [63, 8000]); // 63 × (8000 + 3) bytes = 504,189 ≤ 512,000
    expect(runError(ws, 'fill', [64, 8000])).toBe(QUOTA); // the 64th entry would make 512,192
    expect(Object.keys(ws.properties())).toHaveLength(63);
  });

  it('keeps user properties per user', () => {
    const ws = workspaceWith(BUNDLE);
    runOk(ws, 'userSet', ['dark']);
    runOk(ws, 'userSet', ['light'], { user: 'ana@example.org' });
    expect(runOk(ws, 'userGet')).toBe('dark');
    expect(ws.userProperties(OWNER)).toEqual({ pref: 'dark' });
    expect(ws.userProperties('ana@example.org')).toEqual({ pref: 'light' });
  });

  it('has no document properties in a standalone script', () => {
    expect(runOk(workspaceWith(BUNDLE), 'doc')).toBeNull();
  });
});
