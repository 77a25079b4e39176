// Owner-only entry point that checks the platform on the committee's real account (docs/deployment.md, "Check the account with selfTest").
import { runSelfTest, type SelfTestOutcome } from '../flows/self-test';
import { Context } from '../workspace/context';
import { doPost } from './web';

/**
 * Run from the Apps Script editor as the committee account. It changes no case, setting or trigger, so it takes no
 * lock (the in-script POST it sends takes its own, as any page does).
 */
export function selfTest(address?: unknown): SelfTestOutcome {
  const ctx = Context.open({ actor: 'owner' });
  return runSelfTest(ctx, { address, post: (event) => doPost(event).getContent() });
}
