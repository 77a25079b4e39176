// The marks a restore of the private registry is told by (ROLLBACK_MARKS), settled by the sweep while it is gone back in time.
import type { Context } from '../workspace/context';
import { PROP } from '../workspace/schema';
import { dropProp, readProp, writeProp } from '../workspace/script-properties';
import { casesOf } from '../records/cases';
import { outboxKey, outboxOf } from '../records/outbox';
import { conflictLost } from './screening';
import { markedBallot } from './vote';

/**
 * Run by the sweep while the registry is found gone back in time (`rolled`), every mark checked on its way. A mark the
 * registry holds may name a row written since the restore, before any run noticed, which the version from just before
 * lacks: kept, it would take that version, put back, for a restore for good. So it is dropped: the sent-mail mark
 * (ADV-603), the conflict's (ADV-602), a ballot's, a case vote's (ADV-615) or a proposal's `p<n>` (ADV-629); the
 * filed report's is neutralised (`~`), which also tells its intake, once repaired, that its reporter was acknowledged
 * (ADV-614), or dropped while the acknowledgment waits. A mark the registry lacks still tells the restore.
 */
export function settleMarks(ctx: Context): void {
  if (ctx.outbox.sentHeld()) dropProp(ctx, PROP.sentMark);
  if (!conflictLost(ctx)) dropProp(ctx, PROP.conflictMark);
  const filed = readProp(ctx, PROP.filedMark);
  const row = filed && casesOf(ctx).intakeByResponse(filed);
  // Its acknowledgment unsent (its run died before it went), it goes with the report taken in again (ADV-630).
  if (row) {
    const ack =
      outboxOf(ctx)
        .keyIndex()
        .state(outboxKey(row.caseId, 'ack', 'reporter')) ?? 'sent';
    if (ack === 'sent') writeProp(ctx, PROP.filedMark, `~${filed}`);
    else dropProp(ctx, PROP.filedMark);
  }
  const ballot = markedBallot(ctx);
  if (ballot.held && !ballot.lost) dropProp(ctx, PROP.ballotMark);
}
