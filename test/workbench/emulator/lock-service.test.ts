// Conformance tests for LockService: exclusivity through a simulated concurrent holder, timeouts charged to the virtual clock, release at execution end.

import { runError, runOk, workspaceWith } from './test-helpers';

const BUNDLE = `
function tryIt(ms) { var l = LockService.getScriptLock(); var ok = l.tryLock(ms); return [ok, l.hasLock()]; }
function waitIt(ms) { var l = LockService.getScriptLock(); l.waitLock(ms); return l.hasLock(); }
function holdAndKeep() { LockService.getScriptLock().waitLock(1000); return 'held'; }
function releaseIt() { var l = LockService.getScriptLock(); l.waitLock(1000); l.releaseLock(); return l.hasLock(); }
function twice() { LockService.getScriptLock().waitLock(1000); return LockService.getScriptLock().tryLock(5000); }
function sameObjectTwice() { var l = LockService.getScriptLock(); l.waitLock(1000); return l.tryLock(1000); }
function userLock() { return LockService.getUserLock().tryLock(0); }
function documentLock() { return LockService.getDocumentLock(); }
function waitTwice() { var l = LockService.getScriptLock(); try { l.waitLock(300000); } catch (e) {} l.waitLock(300000); }
`;

describe('LockService', () => {
  it('acquires a free script lock at once', () => {
    const ws = workspaceWith(BUNDLE);
    const result = ws.run('tryIt', [30_000]);
    expect(result.value).toEqual([true, true]);
    expect(result.record.simulatedMs).toBe(20); // the call's own latency only
  });

  it('tryLock returns false after waiting out the timeout while another execution holds the lock', () => {
    const ws = workspaceWith(BUNDLE);
    ws.holdScriptLock(ws.rt.now() + 60_000);
    const result = ws.run('tryIt', [10_000]);
    expect(result.value).toEqual([false, false]);
    expect(result.record.simulatedMs).toBe(20 + 10_000);
  });

  it('waitLock throws the platform message when the holder keeps the lock past the timeout', () => {
    const ws = workspaceWith(BUNDLE);
    ws.holdScriptLock(ws.rt.now() + 60_000);
    expect(runError(ws, 'waitIt', [30_000])).toBe('Lock timeout: another process was holding the lock for too long.');
  });

  it('waitLock succeeds once the other holder releases within the timeout, charging the wait', () => {
    const ws = workspaceWith(BUNDLE);
    const releaseAt = ws.rt.now() + 5_000;
    ws.holdScriptLock(releaseAt);
    const result = ws.run('waitIt', [30_000]);
    expect(result.value).toBe(true);
    expect(result.record.startedAt + result.record.simulatedMs).toBe(releaseAt);
  });

  it('releases the lock when the execution ends', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'holdAndKeep')).toBe('held');
    expect(runOk(ws, 'tryIt', [0])).toEqual([true, true]);
  });

  it('releaseLock frees the lock and hasLock turns false', () => {
    expect(runOk(workspaceWith(BUNDLE), 'releaseIt')).toBe(false);
  });

  it('times out when the same execution asks again through a second getScriptLock() (strict, re-entrancy undocumented)', () => {
    const ws = workspaceWith(BUNDLE);
    const result = ws.run('twice');
    expect(result.value).toBe(false);
    expect(result.record.simulatedMs).toBe(20 + 20 + 5_000);
  });

  it('re-locking through the same Lock object succeeds', () => {
    expect(runOk(workspaceWith(BUNDLE), 'sameObjectTwice')).toBe(true);
  });

  it('has a user lock, and no document lock in a standalone script', () => {
    const ws = workspaceWith(BUNDLE);
    expect(runOk(ws, 'userLock')).toBe(true);
    expect(runOk(ws, 'documentLock')).toBeNull();
  });

  it('counts a wait toward the 6-minute budget', () => {
    const ws = workspaceWith(BUNDLE);
    ws.holdScriptLock(ws.rt.now() + 20 * 60_000);
    const result = ws.run('waitTwice');
    expect(result.record.outcome).toBe('killed');
    expect(result.record.error).toBe('Exceeded maximum execution time');
  });
});
