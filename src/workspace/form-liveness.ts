// Whether the report Form can take reports from the community (published, accepting responses, open beyond the account's domain), and making it so: used by setup and the sweep's daily check.
import type { FormLiveness } from '../core/messages';

type Form = GoogleAppsScript.Forms.Form;

/**
 * The Form's state as responders meet it. Forms without publish settings (legacy forms) are always published: the
 * Forms API says legacy forms "don't have the publishSettings field", and `isPublished` is only for forms that
 * `supportsAdvancedResponderPermissions()`.
 */
export function readFormLiveness(form: Form): FormLiveness {
  const published = form.supportsAdvancedResponderPermissions() ? form.isPublished() : true;
  return {
    published,
    acceptingResponses: form.isAcceptingResponses(),
    // requiresLogin is the Workspace-only "restrict to users in your domain": never true on a consumer account.
    domainOnly: form.requiresLogin(),
  };
}

/** The state of the Form with this id, and the address where the owner edits it. */
export function readFormLivenessById(formId: string): { liveness: FormLiveness; editUrl: string } {
  const form = FormApp.openById(formId);
  return { liveness: readFormLiveness(form), editUrl: form.getEditUrl() };
}

/**
 * Publishes the Form, opens it to responses and to people outside the domain, as far as each is needed; returns a
 * line per change. Forms created through Google's APIs after 30 June 2026 start unpublished and "won't receive
 * responses" until published (Forms API guide "API changes to Google Forms"), and while unpublished their
 * accepting-responses flag is forced to false, so publishing comes first.
 */
export function openFormToReports(form: Form): string[] {
  const changes: string[] = [];
  if (form.supportsAdvancedResponderPermissions() && !form.isPublished()) {
    form.setPublished(true);
    changes.push('published the Form (new Forms start unpublished and take no responses)');
  }
  if (!form.isAcceptingResponses()) {
    form.setAcceptingResponses(true);
    changes.push('opened the Form to responses');
  }
  // Only Workspace accounts can restrict a Form to their domain; the community is outside it.
  if (form.requiresLogin()) {
    form.setRequireLogin(false);
    changes.push('let people outside your domain answer the Form');
  }
  return changes;
}
