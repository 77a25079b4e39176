// The one execution protocol every state-changing entry point follows: lock, open, settle, flow, trigger check, commit, deliver, commit.
import { checkTriggersIfDue, wakeForQuota } from '../flows/trigger-health';
import { clearedMembers } from '../flows/case-state';
import { recheckDigest } from '../flows/digests';
import { freshCheck } from '../flows/intake';
import { recheckEscalation } from '../flows/moderators';
import { acknowledgeDeadlines } from '../records/cases';
import { clearancesOf } from '../records/clearances';
import { Context } from '../workspace/context';
import { rethrowEnding } from '../workspace/errors';
import { tryWithScriptLock, withScriptLock } from '../workspace/lock';
import { commitWork } from '../workspace/unit-of-work';

/** How one entry point runs its flow (docs/architecture.md, "Execution protocol"). */
export interface ExecutionPlan<T> {
  /** Who the execution acts for, recorded with what it does. */
  actor: string;
  /** When the platform started the execution (the 6-minute budget counts from here). */
  startedAt?: number;
  /** `wait` fails loudly when another execution holds the lock too long; `try` reports busy (a person's page). */
  lock: 'wait' | 'try';
  /** How long a `wait` lock waits (LOCK_WAIT_MS unless told: an event trigger waits TRIGGER_LOCK_WAIT_MS). */
  waitMs?: number;
  /** Undo a dead run's unwitnessed Doc entries before the flow (the sweep); other flows settle at their first Doc edit. */
  settleFirst?: boolean;
  /** Whether this execution may restore a deleted sweep trigger (it runs as the owner, at most once an hour). */
  checkTriggers?: boolean;
  /**
   * Whether the flow changed anything: a refused link touched nothing, so nothing is written, sent or checked.
   * Default: always.
   */
  acted?: (value: T) => boolean;
  /**
   * Mail second. `false`: this execution sends nothing (setup). `ifQueued`: only when the flow queued mail (a
   * ballot that does not decide leaves earlier leftovers to the sweep, which reads the outbox every run).
   * `budgetMs` caps the time spent sending when a person waits for the page. A flow may narrow what goes to the
   * mail it queued itself (`ctx.outbox.deliverOwnOnly`: a new case's intake).
   */
  mail: false | { ifQueued?: boolean; budgetMs?: number };
}

export type Locked<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs `flow` under the script lock with the protocol every entry point shares: persist first (commit), mail
 * second (deliver), and a last commit so what delivery recorded (sent marks, `mail.failed`, `mail.held`, the
 * alerts it queued) is never lost. Returns `{ ok: false }` only for a `try` lock that was busy.
 */
export function runExecution<T>(plan: ExecutionPlan<T>, flow: (ctx: Context) => T): Locked<T> {
  const body = (): T => {
    const ctx = Context.open({ actor: plan.actor, startedAt: plan.startedAt });
    // A case's delivery problems reach its cleared members (and the committee account), nobody else.
    ctx.outbox.setCaseAudience((caseId) => clearedMembers(ctx, clearancesOf(ctx), caseId));
    // A digest, an escalation (ADV-545), or a conflict check (a reopening's too, ADV-520) whose links expired while it
    // waited (ADV-516), checked again before it goes.
    ctx.outbox.recheck = (key) =>
      /\|screening(:\d+)?\|/.test(key)
        ? freshCheck(ctx, key)
        : (/\|escalation:/.test(key) ? recheckEscalation : recheckDigest)(ctx, key);
    ctx.outbox.acksDue = (ids) => acknowledgeDeadlines(ctx, ids);
    if (plan.settleFirst) ctx.work.settleDocJournal();
    const value = flow(ctx);
    if (plan.acted && !plan.acted(value)) return value;
    if (plan.checkTriggers) checkTriggersIfDue(ctx);
    commitWork(ctx);
    if (plan.mail && (!plan.mail.ifQueued || ctx.outbox.touched())) {
      let failed: unknown = null;
      try {
        wakeForQuota(ctx, ctx.outbox.deliver(plan.mail.budgetMs));
      } catch (err) {
        rethrowEnding(err);
        failed = err;
      }
      commitWork(ctx);
      // A page's action is done and committed (its mail waits for the sweep): "Something went wrong" would be untrue.
      // Elsewhere the run still fails, so Google tells the owner.
      if (failed && plan.actor !== 'web') throw failed;
    }
    return value;
  };
  if (plan.lock === 'try') return tryWithScriptLock(body, plan.waitMs);
  return { ok: true, value: withScriptLock(body, plan.waitMs) };
}

/** `runExecution` for entry points that wait for the lock: the flow's value, or the lock's timeout error. */
export function runWaiting<T>(plan: Omit<ExecutionPlan<T>, 'lock'>, flow: (ctx: Context) => T): T {
  const outcome = runExecution({ ...plan, lock: 'wait' }, flow);
  if (!outcome.ok) throw new Error('unreachable: a waiting lock either runs or throws');
  return outcome.value;
}
