// Setup and uninstall (DESIGN §3.1): owner only, safe to re-run, repairs rather than duplicates, and prints what it did and what to do next.
import type { Context } from '../workspace/context';
import { configurationProblems } from './configuration';
import { sendRecordLinks } from './recorded-reports';
import { markStatusRebuild, rebuildStatusSpreadsheet } from './status-rebuild';
import { TRIGGERS_REMOVED, isOwner, noteTriggerCheck, triggerCheckFresh, wakeupToKeep } from './trigger-health';
import {
  ensureFolder,
  ensureForm,
  ensureRegistry,
  ensureStatusSpreadsheet,
  readDeployedUrl,
  type StepResult,
} from '../workspace/provision';
import { isTestDeploymentUrl } from '../workspace/links';
import { PROP, ROLLBACK_MARKS, STATUS_TAB } from '../workspace/schema';
import { generateKeyMaterial, generateKid, parseKeyring, readSigningKeys } from '../workspace/secret';
import { activeUserEmail, effectiveUserEmail } from '../workspace/session';
import { ensureTriggers, removeTriggers } from '../workspace/triggers';
import { retireIfSpacesChanged } from './settings-edit';
import { ownerAddressOf } from '../workspace/context';
import { dropProp, readProp, writeProp, requireProp } from '../workspace/script-properties';

/** What setup reports to the owner (also printed to the execution log). */
export interface SetupOutcome {
  lines: string[];
  links: { statusSpreadsheet: string; registry: string; folder: string; form: string; webApp: string };
  warnings: string[];
}

/** Thrown, before any change, when someone other than the owner runs setup or uninstall. */
export class OwnerOnlyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OwnerOnlyError';
  }
}

/**
 * Refuses unless the active user is known and is the account the script runs as (and, once set up, the
 * recorded owner). `google.script.run` can reach `setup`, so a visitor of a web page must get nothing.
 */
export function requireOwner(ctx: Context, what: string): string {
  const active = activeUserEmail();
  const effective = effectiveUserEmail();
  if (!active) {
    throw new OwnerOnlyError(
      `${what} refused: Apps Script did not say who is running it. Run ${what} from the Apps Script editor while signed in as the committee account. Nothing was changed.`,
    );
  }
  if (active !== effective) {
    throw new OwnerOnlyError(
      `${what} refused: only the committee account that owns this script may run it. Nothing was changed.`,
    );
  }
  if (ownerAddressOf(ctx) && !isOwner(ctx, active)) {
    throw new OwnerOnlyError(`${what} refused: this installation belongs to another account. Nothing was changed.`);
  }
  return active;
}

function describe(label: string, step: StepResult, lines: string[], warnings: string[]): void {
  lines.push(
    `${label}: ${step.created ? 'created' : step.changes.length ? 'repaired' : 'in order'}${step.url ? ` — ${step.url}` : ''}`,
  );
  for (const change of step.created ? step.changes.slice(1) : step.changes) lines.push(`  · ${change}`);
  for (const warning of step.warnings) {
    lines.push(`  ! ${warning}`);
    warnings.push(warning);
  }
}

/** Creates or repairs everything, in dependency order; each id is saved as soon as Drive made it (`OnCreated`). */
export function runSetup(ctx: Context): SetupOutcome {
  const owner = requireOwner(ctx, 'setup');
  const lines: string[] = [];
  const warnings: string[] = [];
  const save = (key: string, value: string) => {
    if (readProp(ctx, key) !== value) writeProp(ctx, key, value);
  };
  save(PROP.owner, owner);

  const folder = ensureFolder(readProp(ctx, PROP.folderId), owner, (id) => save(PROP.folderId, id));
  describe('Private folder for case documents', folder, lines, warnings);

  const status = ensureStatusSpreadsheet(
    readProp(ctx, PROP.statusSpreadsheetId),
    owner,
    (id) => {
      save(PROP.statusSpreadsheetId, id);
      markStatusRebuild(ctx, id);
    },
    readProp(ctx, PROP.settingsKept),
  );
  describe('Status spreadsheet', status, lines, warnings);

  const registry = ensureRegistry(readProp(ctx, PROP.registrySpreadsheetId), owner, folder.id, (id) => {
    save(PROP.registrySpreadsheetId, id);
    // A new registry holds no message nor conflict: the marks of the lost one would read as its restore (ADV-541).
    for (const key of ROLLBACK_MARKS) dropProp(ctx, key);
  });
  describe('Private registry', registry, lines, warnings);
  // Before Settings are read: the names the lost sheet held come back first, and the roster is not "nobody".
  for (const line of rebuildStatusSpreadsheet(ctx, owner, status.url)) {
    lines.push(line);
    if (line.startsWith('  ! ')) warnings.push(line.slice(4));
  }

  const settings = ctx.committee.settings();
  retireIfSpacesChanged(ctx);
  const problems = configurationProblems(ctx);
  lines.push(
    `Settings and Committee tabs: ${problems.length ? `${problems.length} problem(s) to correct` : 'in order'}`,
  );
  for (const problem of problems) {
    lines.push(`  ! ${problem}`);
    warnings.push(problem);
  }
  // The Form texts' hashes as setup last wrote them, read as the keyring is (a hash is never empty); empty when none
  // were recorded or the value is damaged (nothing is then rewritten).
  const written = parseKeyring(readProp(ctx, PROP.formTextsWritten));
  const form = ensureForm(
    readProp(ctx, PROP.formId),
    owner,
    settings.settings.spaces.map((s) => s.name),
    folder.id,
    written,
    (id) => save(PROP.formId, id),
  );
  save(PROP.formTextsWritten, JSON.stringify(written));
  describe('Report Form', form, lines, warnings);

  if (!readSigningKeys(ctx.properties.all())) {
    const keyring = parseKeyring(readProp(ctx, PROP.hmacKeys));
    const kid = generateKid();
    keyring[kid] = generateKeyMaterial();
    writeProp(ctx, PROP.hmacKeys, JSON.stringify(keyring));
    writeProp(ctx, PROP.hmacCurrentKid, kid);
    lines.push('Link signing key: created (kept in Script Properties, never shown)');
  } else {
    lines.push('Link signing key: in order');
  }

  const triggers = ensureTriggers({ formId: form.id, statusSpreadsheetId: status.id }, wakeupToKeep(ctx));
  // Other executions check the triggers only when nobody has for an hour (trigger-health.ts). A re-run within the
  // hour leaves the time as it is: setup changes nothing that is already in order.
  if (!triggerCheckFresh(ctx)) noteTriggerCheck(ctx);
  lines.push(
    `Triggers: ${triggers.created.length ? `created ${triggers.created.join(', ')}` : 'in order'}` +
      `${triggers.deleted ? `; deleted ${triggers.deleted} duplicate or stray trigger(s)` : ''}`,
  );

  let webApp = readDeployedUrl();
  // Outside a web request Apps Script may report the /dev URL or an older deployment's: an address recorded when the
  // committee account opened the web app (web-app-url.ts) is the deployment's, and a guess never replaces it.
  const recorded = readProp(ctx, PROP.webAppUrlSeenAt) ? readProp(ctx, PROP.webAppUrl) : undefined;
  if (recorded) {
    if (webApp && webApp !== recorded && !isTestDeploymentUrl(webApp))
      lines.push(
        `  Apps Script reports ${webApp} here, but the committee account last opened ${recorded}: links keep that one. After a new deployment, open its address once, signed in as the committee account.`,
      );
    webApp = '';
  }
  // A /dev URL (the editors' test deployment) works only for people who can edit the script: links to it
  // would fail for every member. An address the owner put in Script Properties wins over it.
  if (isTestDeploymentUrl(webApp)) {
    const warning = `Apps Script reported the test URL ${webApp}, which only editors of the script can open. Open the web app's address ending in /exec (Deploy → Manage deployments) once, signed in as the committee account, and links will carry it; or set "${PROP.webAppUrl}" in Script Properties to it and run setup again.`;
    lines.push(`  ! ${warning}`);
    warnings.push(warning);
    webApp = '';
  }
  if (webApp) {
    save(PROP.webAppUrl, webApp);
    lines.push(`Web app: ${webApp}`);
    lines.push(
      '  Open that address once, signed in as the committee account: Apps Script can report an older deployment here, and the address you open is the one links will carry.',
    );
  } else if (recorded) {
    webApp = recorded;
    lines.push(
      `Web app: ${webApp} (recorded when the committee account opened it, ${readProp(ctx, PROP.webAppUrlSeenAt)})`,
    );
  } else if (readProp(ctx, PROP.webAppUrl)) {
    webApp = requireProp(ctx, PROP.webAppUrl);
    lines.push(`Web app: ${webApp} (from Script Properties)`);
  } else {
    const warning =
      'The web app is not deployed yet: in the Apps Script editor choose Deploy → New deployment → Web app (Execute as: Me, Who has access: Anyone with a Google account), then run setup again. Until then, emails cannot carry working links.';
    lines.push(`Web app: not deployed. ${warning}`);
    warnings.push(warning);
  }

  // Members who joined before they could record reports get their link once (recorded-reports.ts).
  if (webApp) {
    const sent = sendRecordLinks(ctx);
    if (sent) lines.push(`Sent ${sent} member(s) their link to record reports they receive by email or in person`);
  }

  lines.push('');
  lines.push('What to do next:');
  lines.push(
    `  1. Add committee members to the "${STATUS_TAB.committee}" tab (Name, Email, Role voting/adviser, Active ticked).`,
  );
  lines.push(
    `  2. Add your community spaces to "${STATUS_TAB.settings}" as rows "Space: <name>" with the moderators' addresses; the Form's list of places follows as you type.`,
  );
  lines.push(`  3. Share the Form's link with the community: ${form.url}`);
  lines.push('  4. Never share the private folder, the registry or this script with anyone.');
  for (const line of lines) ctx.log(line);
  return {
    lines,
    warnings,
    links: { statusSpreadsheet: status.url, registry: registry.url, folder: folder.url, form: form.url, webApp },
  };
}

/** Removes the triggers and keeps every file and property; says how to restart. */
export function runUninstall(ctx: Context): { lines: string[] } {
  requireOwner(ctx, 'uninstall');
  const deleted = removeTriggers();
  // Until setup runs again, no page action may put the triggers back (trigger-health.ts).
  writeProp(ctx, PROP.triggersCheckedAt, TRIGGERS_REMOVED);
  const lines = [
    `Removed ${deleted} trigger(s). Reports are no longer processed and no reminders are sent.`,
    'All data is kept: the status spreadsheet, the private registry, the case documents and the Form.',
    'To stop receiving reports, close the Form to responses. To start again, run setup.',
    'Retention stops too: reporters\u2019 details stay past "Purge reporter details after (months)" until setup runs again.',
    'Links already sent still open their pages, and what members do there still happens (a share, a vote, an email): to stop that, archive the web app (Deploy \u2192 Manage deployments).',
  ];
  for (const line of lines) ctx.log(line);
  return { lines };
}
