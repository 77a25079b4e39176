// Unit tests of the clearance store: append-only events per (case, member), the latest deciding, parsed per case on demand and shared by every caller.
import { Clearances, isCleared } from '../../src/records/clearances';
import { registryTab } from './tables';

function event(caseId: string, memberId: string, decision: string, share = 'silent', at = '2026-03-02T10:00:00.000Z') {
  return {
    'Case ID': caseId,
    'Member ID': memberId,
    Decision: decision,
    At: at,
    Via: 'screening',
    Share: share,
    Note: '',
  };
}

test('the latest event of a pair decides; silence is no decision; a row with an unknown decision is ignored', () => {
  const tab = registryTab('Clearances', [
    event('c_1', 'm_1', 'no-conflict'),
    event('c_1', 'm_2', 'no-conflict'),
    event('c_1', 'm_1', 'conflict', 'revoked'),
    event('c_1', 'm_2', 'maybe'),
    event('c_2', 'm_1', 'no-conflict', 'pending'),
  ]);
  const clearances = new Clearances(tab.table);
  expect(clearances.latest('c_1', 'm_1')?.decision).toBe('conflict');
  expect(isCleared(clearances.latest('c_1', 'm_2'))).toBe(true);
  expect(clearances.latest('c_1', 'm_3')).toBeNull();
  expect(isCleared(null)).toBe(false);
  expect(clearances.forCase('c_1').map((r) => `${r.memberId}:${r.decision}`)).toEqual([
    'm_1:conflict',
    'm_2:no-conflict',
  ]);
  expect(clearances.previous(clearances.latest('c_1', 'm_1')!)?.decision).toBe('no-conflict');
  expect(clearances.latestWithShare('pending').map((r) => r.caseId)).toEqual(['c_2']);
  expect(clearances.all()).toHaveLength(3);
});

test('an appended event becomes the latest, and setShare changes the one record every caller holds', () => {
  const tab = registryTab('Clearances', [event('c_1', 'm_1', 'conflict', 'none')]);
  const clearances = new Clearances(tab.table);
  const record = clearances.append({
    caseId: 'c_1',
    memberId: 'm_2',
    decision: 'no-conflict',
    at: 'now',
    via: 'onboarding',
    share: 'pending',
    note: '',
  });
  expect(clearances.latest('c_1', 'm_2')).toBe(record);
  expect(clearances.latestWithShare('pending')).toEqual([record]);
  clearances.setShare(record, 'fallback', 'notified');
  expect(clearances.latest('c_1', 'm_2')).toMatchObject({ share: 'fallback', note: 'notified' });
  expect(clearances.latestWithShare('pending')).toEqual([]);
  tab.table.write();
  expect(tab.committed()[1]).toEqual({
    'Case ID': 'c_1',
    'Member ID': 'm_2',
    Decision: 'no-conflict',
    At: 'now',
    Via: 'onboarding',
    Share: 'fallback',
    Note: 'notified',
  });
});
