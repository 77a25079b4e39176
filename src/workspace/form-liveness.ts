// Whether the report Form can take reports from the community (published, accepting responses, open beyond the account's domain), and making it so: used by setup and the sweep's daily check.
import type { FormLiveness } from '../core/messages';
import { ITEM } from '../core/report';
import { rethrowEnding } from './errors';
import { drive } from './sharing';
import { openForm } from './drive-items';

type Form = GoogleAppsScript.Forms.Form;

/**
 * The Form's state as responders meet it. Forms without publish settings (legacy forms) are always published: the
 * Forms API says legacy forms "don't have the publishSettings field", and `isPublished` is only for forms that
 * `supportsAdvancedResponderPermissions()`.
 */
export function readFormLiveness(form: Form): FormLiveness {
  const advanced = form.supportsAdvancedResponderPermissions();
  const published = advanced ? form.isPublished() : true;
  return {
    published,
    acceptingResponses: form.isAcceptingResponses(),
    // requiresLogin is the Workspace-only "restrict to users in your domain": never true on a consumer account.
    domainOnly: form.requiresLogin(),
    restricted: advanced && published && !anyoneResponds(form.getId()),
  };
}

/**
 * Whether anyone with the link may answer the Form: a published Form's responders are Drive permissions in its
 * `published` view, and without `{ type: 'anyone', view: 'published' }` it is "Restricted", answered only by the people
 * it is shared with (Forms API guide "Publish and manage responders"; googleworkspace/python-samples
 * forms/snippets/anyone_with_link_responder.py). Google does not say whether setPublished adds it: setup checks.
 */
function anyoneResponds(formId: string): boolean {
  const list = drive().Permissions.list(formId, {
    fields: 'permissions(type,view)',
    includePermissionsForView: 'published',
  });
  return (list.permissions ?? []).some((p) => p.type === 'anyone' && p.view === 'published');
}

/**
 * The state of the Form with this id, and the address where the owner edits it; with `closeLeaks`, after putting
 * back the settings that show or keep reports (`closeFormLeaks`, whose lines are `fixed`).
 */
export function readFormLivenessById(
  formId: string,
  closeLeaks?: (changes: string[]) => void,
): { liveness: FormLiveness; editUrl: string; fixed: string[] } {
  const form = openForm(formId);
  const fixed = closeLeaks ? closeFormLeaks(form, closeLeaks) : [];
  return { liveness: readFormLiveness(form), editUrl: form.getEditUrl(), fixed };
}

/**
 * Publishes the Form, opens it to anyone with its link, to responses and to people outside the domain, as far as each
 * is needed; returns a line per change. Forms created through Google's APIs after 30 June 2026 start unpublished and "won't receive
 * responses" until published (Forms API guide "API changes to Google Forms"), and while unpublished their
 * accepting-responses flag is forced to false, so publishing comes first.
 */
export function openFormToReports(form: Form): string[] {
  const changes: string[] = [];
  if (form.supportsAdvancedResponderPermissions() && !form.isPublished()) {
    form.setPublished(true);
    changes.push('published the Form (new Forms start unpublished and take no responses)');
  }
  if (readFormLiveness(form).restricted) {
    try {
      drive().Permissions.create({ type: 'anyone', role: 'reader', view: 'published' }, form.getId());
      changes.push(
        'let anyone with the link answer the Form (a published Form takes answers only from the people it is shared with)',
      );
    } catch (err) {
      // A Workspace policy may forbid sharing beyond the domain: setup's check after this says the Form stays closed.
      rethrowEnding(err);
    }
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

/**
 * Puts back the Form settings that show or keep reports beyond the case (threat T10) and let a reporter stay
 * unnamed; returns a line per change. Setup makes them so, and the sweep's daily check keeps them so: one click in
 * the Forms editor ("Link to Sheets") would otherwise copy every later report into a spreadsheet Conduct Desk never
 * purges.
 */
export function closeFormLeaks(form: Form, before?: (changes: string[]) => void): string[] {
  const changes: string[] = [];
  // `before` hears the lines so far, the coming one included, before each change (ADV-608: the sweep's intent).
  const change = (line: string, act: () => unknown) => {
    before?.([...changes, line]);
    act();
    changes.push(line);
  };
  let destination = '';
  try {
    destination = form.getDestinationId();
  } catch (err) {
    // getDestinationId throws when the Form has no destination, which is what we want.
    rethrowEnding(err);
  }
  if (destination)
    change(
      'unlinked the Form from its response spreadsheet, which keeps its copy of the reports: delete it, or keep it as private as the registry',
      () => form.removeDestination(),
    );
  const settings: Array<[boolean, (value: boolean) => unknown, string]> = [
    [
      form.isPublishingSummary(),
      (v) => form.setPublishingSummary(v),
      'stopped showing respondents a summary of all responses',
    ],
    [form.collectsEmail(), (v) => form.setCollectEmail(v), "stopped collecting respondents' addresses"],
    [form.canEditResponse(), (v) => form.setAllowResponseEdits(v), 'stopped letting respondents edit a sent report'],
    [
      form.hasLimitOneResponsePerUser(),
      (v) => form.setLimitOneResponsePerUser(v),
      'stopped requiring a Google sign-in',
    ],
  ];
  for (const [on, set, line] of settings) if (on) change(line, () => set(false));
  // Anonymous reports are allowed (DESIGN §3): the reporter's name and address are never required.
  for (const item of form.getItems(FormApp.ItemType.TEXT)) {
    const text = item.asTextItem();
    const title = text.getTitle();
    if ((title === ITEM.name || title === ITEM.email) && text.isRequired())
      change(`made "${title}" optional again: reports may be anonymous`, () => text.setRequired(false));
  }
  return changes;
}

/**
 * How much of the committee account's Google storage is used, in whole percent (ADV-571): a full storage stops its Form
 * taking responses too (Google's help, as relayed in the emulator's drive.ts). Not finite when the limit is 0.
 */
export const storagePercent = () => Math.floor((100 * DriveApp.getStorageUsed()) / DriveApp.getStorageLimit());
