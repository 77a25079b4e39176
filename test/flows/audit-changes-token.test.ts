// The incremental access audit's first changes token (a new install, or one upgraded from before the changes feed) leaves nothing between the last full pass and the token unchecked.
import { auditAccess, AUDIT_PASS_PROP, CHANGES_TOKEN_PROP } from '../../src/flows/audit';
import { recordNoConflict } from '../../src/flows/screening';
import { casesOf } from '../../src/records/cases';
import { flowBench, OWNER } from '../support/in-process';

const ANA = 'ana@example.org';

test('drift made after the last full pass and before the first changes token is repaired at once', () => {
  const bench = flowBench();
  const { caseId } = bench.report({ 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies, twice.' });
  bench.flow((ctx) => recordNoConflict(ctx, casesOf(ctx).find(caseId)!, ctx.committee.byEmail(ANA)!, 'screening'));
  const docId = bench.registry('Cases')[0]['Doc ID'];
  // A deployment from before the changes feed: a full pass ended an hour ago, and no token was ever saved.
  bench.flow((ctx) => {
    ctx.properties.set(AUDIT_PASS_PROP, new Date(ctx.clock.now() - 3600 * 1000).toISOString());
    ctx.properties.delete(CHANGES_TOKEN_PROP);
  });
  bench.ws.data.ui.setSharing(OWNER, docId, 'ANYONE_WITH_LINK', 'reader');

  const first = bench.flow((ctx) => auditAccess(ctx));
  const second = bench.flow((ctx) => auditAccess(ctx));
  expect([...first.drift, ...second.drift].map((d) => d.kind)).toContain('link-sharing');
  expect(bench.ws.data.file(docId).access).toBe('PRIVATE');
});
