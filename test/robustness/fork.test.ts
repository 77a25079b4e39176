// Proves the suites' Workspace fork faithful: a fork starts in its template's exact state, the two never share state, and a forked committee behaves as one set up for real.
import { createTrackedWorkspace, forkWorkspace, type Workspace } from '../../workbench';
import { privateBuildDir } from '../support/build-copy';
import { forkStats, OWNER, Rehearsal, START, type MemberSpec } from '../support/rehearsal';

const MEMBERS: MemberSpec[] = [
  { name: 'Ana Lima', email: 'ana@example.org', role: 'voting' },
  { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' },
];

function setUp(): Workspace {
  const ws = createTrackedWorkspace({ start: START, owner: OWNER, buildDir: privateBuildDir() });
  ws.loadBundle();
  const result = ws.run('setup');
  if (result.record.outcome !== 'ok') throw new Error(String(result.record.error));
  return ws;
}

function comparable(ws: Workspace): string {
  return JSON.stringify(ws.snapshot());
}

/** What a flow did, without ids and code names: phases, clearances, outbox kinds and states, mail subjects. */
function behaviour(r: Rehearsal): unknown {
  const cases = r.registry('Cases').map((c) => c.Phase);
  const clearances = r
    .registry('Clearances')
    .map((c) => `${c.Decision}/${c.Share}/${c.Via}`)
    .sort();
  const outbox = r
    .registry('Outbox')
    .map((o) => `${o.Kind}/${o.State}/${o.To}`)
    .sort();
  const mail = r.ws
    .mail()
    .map((m) => `${m.to.join(',')}: ${m.subject.replace(r.kase(1).codeName, 'CODE')}`)
    .sort();
  const editors = r.docEditors(1);
  return { cases, clearances, outbox, mail, editors };
}

describe('forking a set-up Workspace', () => {
  it('starts in exactly the template state', () => {
    const template = setUp();
    const fork = forkWorkspace(template, { start: START, owner: OWNER, buildDir: privateBuildDir(), seed: 7 });
    expect(comparable(fork)).toBe(comparable(template));
  });

  it('never shares state with its template or a sibling', () => {
    const template = setUp();
    const before = comparable(template);
    const a = forkWorkspace(template, { start: START, owner: OWNER, buildDir: privateBuildDir(), seed: 1 });
    const b = forkWorkspace(template, { start: START, owner: OWNER, buildDir: privateBuildDir(), seed: 2 });
    const siblingBefore = comparable(b);
    const submitted = a.submitForm({ 'What happened?': 'A test report.', 'Who was involved?': 'Pat Example' });
    expect(submitted.results.map((x) => x.record.outcome)).toEqual(['ok']);
    a.advance(2 * 3600_000);
    expect(comparable(template)).toBe(before);
    expect(comparable(b)).toBe(siblingBefore);
    // The fork's new files have ids of their own: nothing it made replaced something the template made.
    const templateIds = new Set(template.snapshot().files.map((f) => f.id));
    const fresh = a.snapshot().files.filter((f) => !templateIds.has(f.id));
    expect(fresh.length).toBeGreaterThan(0);
    expect(a.snapshot().files.length).toBe(templateIds.size + fresh.length);
  });

  it('shares sheet rows copy-on-write both ways: UI edits and runs in the fork or the template never reach the other', () => {
    const template = setUp();
    const statusId = template.properties().statusSpreadsheetId;
    const fork = forkWorkspace(template, { start: START, owner: OWNER, buildDir: privateBuildDir(), seed: 3 });
    const templateBefore = comparable(template);
    // A UI edit changes its row in place (no write window): in the fork, of a row the template holds.
    fork.editCell(OWNER, statusId, 'Committee', 2, 1, 'Ana Lima');
    fork.editCell(OWNER, statusId, 'Committee', 2, 2, 'ana@example.org');
    expect(comparable(template)).toBe(templateBefore);
    // The template changed after the fork (a test keeps using it) leaves the fork as it was.
    const forkBefore = comparable(fork);
    template.editCell(OWNER, statusId, 'Committee', 2, 1, 'Bo Chen');
    template.submitForm({ 'What happened?': 'A test report.', 'Who was involved?': 'Pat Example' });
    expect(comparable(fork)).toBe(forkBefore);
    expect(fork.data.sheet(statusId, 'Committee').rows[1]?.[0]).toBe('Ana Lima');
    expect(template.data.sheet(statusId, 'Committee').rows[1]?.[0]).toBe('Bo Chen');
  });

  it('behaves as a committee set up for real', () => {
    const play = (fork: boolean) => {
      const r = Rehearsal.start({ members: MEMBERS, fork });
      r.report(
        {
          'Your email address': 'reporter@example.net',
          'Who was involved?': 'Sam Doe',
          'What happened?': 'Something happened.',
        },
        { reporter: { email: 'reporter@example.net' }, reported: [{ name: 'Sam Doe' }] },
      );
      expect(r.respond('ana@example.org', 1, 'no-conflict').ok).toBe(true);
      expect(r.respond('bo@example.org', 1, 'conflict').ok).toBe(true);
      r.advance(3 * 3600_000);
      return behaviour(r);
    };
    const fallbacks = forkStats.fallbacks;
    const forked = play(true);
    expect(forkStats.fallbacks).toBe(fallbacks);
    expect(forked).toEqual(play(false));
  });

  it('is used by the suites without falling back to a real setup', () => {
    Rehearsal.start({ members: MEMBERS });
    expect(forkStats.lastError).toBe('');
    expect(forkStats.fallbacks).toBe(0);
    expect(forkStats.forks).toBeGreaterThan(0);
  });
});
