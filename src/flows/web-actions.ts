// Every link action the web app serves, registered in one place: a new page adds one line here.
import { registerInboxAction } from './inbox-case';
import { registerOnboardingAction } from './onboarding';
import { registerPolicyChangeActions } from './policy-changes';
import { registerRecordAction } from './recorded-reports';
import { registerResolutionActions } from './resolution-pages';
import { registerScreeningActions } from './screening-web';

let registered = false;

/** Registers all actions once per execution (the router keeps them in module state). */
export function registerWebActions(): void {
  if (registered) return;
  registered = true;
  registerScreeningActions();
  registerOnboardingAction();
  // After screening: the full case page replaces the minimal `case` handler.
  registerResolutionActions();
  registerPolicyChangeActions();
  registerRecordAction();
  registerInboxAction();
}
