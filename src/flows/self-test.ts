// selfTest (owner only): checks on the committee's real account every platform behaviour the product relies on, with throwaway files it removes, and prints PASS or FAIL for each with what to do.
import { storagePercent } from '../workspace/form-liveness';
import { DAY_MS, HOUR_MS, isoOf } from '../core/deadlines';
import { readStatusComments } from '../workspace/status-marks';
import { casesOf } from '../records/cases';
import type { Context } from '../workspace/context';
import { listResponses } from '../workspace/form-responses';
import { probeMailbox } from '../workspace/mailbox';
import { errorMessage, isExecutionEnding } from '../workspace/errors';
import { isNoGoogleAccountError } from '../workspace/sharing';
import {
  probeCalendar,
  probeScopes,
  probeForm,
  probeHmac,
  probeTimeZones,
  probeInheritedAccess,
  probeLanguage,
  probeSilentShare,
  probeTabs,
  probeNewDoc,
  probeLineBreaks,
  probeTrashedDoc,
  probePublishing,
  probeTextCells,
  probeChangesFeed,
  probeTriggers,
  readMailQuota,
  readServiceUrl,
  THROWAWAY_NAME,
  trashedFoundByName,
  Throwaways,
  type Probe,
  probePassed,
  probeFailed,
} from '../workspace/platform-probes';
import { OWNER_ONLY_STATUS_TABS, PROP, REGISTRY_HEADERS, STATUS_TAB } from '../workspace/schema';
import { normalizeEmail } from '../core/text';
import { isTestDeploymentUrl } from '../workspace/links';
import { requireOwner } from './setup';
import { ownerAddressOf } from '../workspace/context';
import { readNow } from '../workspace/clock';
import { readProp } from '../workspace/script-properties';
import { activeMembers } from '../workspace/committee';

/** What selfTest printed: one line per check, PASS or FAIL first, then a summary line. */
export interface SelfTestOutcome {
  lines: string[];
  failed: number;
}

export interface SelfTestOptions {
  /** The address to share a throwaway file with (the owner's argument); else the first active member's. */
  address?: unknown;
  /** Sends a POST to this script's doPost and returns the page's HTML (flows cannot import entry points). */
  post: (event: unknown) => string;
}

/** What a FAIL says when only a change to Conduct Desk can help. */
const DO_NOT_GO_LIVE = 'do not go live; tell the developers';

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Runs every check; each failure of a check's own is its FAIL line, never an end to the others. */
export function runSelfTest(ctx: Context, options: SelfTestOptions): SelfTestOutcome {
  requireOwner(ctx, 'selfTest');
  const lines: string[] = [];
  let failed = 0;
  const line = (ok: boolean, name: string, detail: string, todo: string) => {
    if (!ok) failed++;
    lines.push(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}${ok ? '' : ` — to do: ${todo}`}`);
  };
  const check = (name: string, todo: string, probe: () => Probe) => {
    let result: Probe;
    try {
      result = probe();
    } catch (err) {
      result = probeFailed(`failed: ${errorMessage(err).split('\n')[0].slice(0, 200)}`);
    }
    line(result.ok, name, result.detail, todo);
  };
  const notSetUp = (): Probe => probeFailed('setup has not run on this account');
  const RUN_SETUP = 'run setup, then selfTest again';

  const formId = readProp(ctx, PROP.formId);
  check('Report Form', 'run setup (it takes the Form out of the trash, publishes and opens it)', () =>
    formId ? probeForm(formId) : notSetUp(),
  );
  check(
    'Form copies',
    'reports stay in the Form with their reporters: check the Form is the committee account\u2019s own and the sweep runs (Triggers)',
    () => (formId ? probeFormCopies(formId, casesOf(ctx).filedResponseIds(true), readNow(ctx)) : notSetUp()),
  );

  // What the sweep's storage warning reads (ADV-571): the emulator's model of the two calls, an unlimited plan's limit 0
  // among them, is checked on the account here.
  check('Drive storage', 'free space: empty the trash, delete large files or mail', () => {
    const percent = storagePercent();
    if (!isFinite(percent)) return probePassed('no limit');
    return (percent < 90 ? probePassed : probeFailed)(`${percent}% used`);
  });

  // Setup makes these tabs; without one the flows that read it stop (the Committee tab: the checks below have no address).
  const statusId = readProp(ctx, PROP.statusSpreadsheetId);
  const registryId = readProp(ctx, PROP.registrySpreadsheetId);
  let missingStatusTabs: string[] = [];
  check('Status tabs', RUN_SETUP, () => {
    if (!statusId) return notSetUp();
    const owner = normalizeEmail(ownerAddressOf(ctx) ?? '');
    const probe = probeTabs(statusId, Object.values(STATUS_TAB), OWNER_ONLY_STATUS_TABS, owner);
    missingStatusTabs = probe.missing;
    return probe;
  });
  check('Registry tabs', RUN_SETUP, () =>
    registryId ? probeTabs(registryId, Object.keys(REGISTRY_HEADERS)) : notSetUp(),
  );

  const address = typeof options.address === 'string' && ADDRESS.test(options.address.trim()) ? options.address : '';
  let target = address.trim();
  let whose = 'the address you gave';
  if (!target) {
    try {
      target = activeMembers(ctx)[0]?.email ?? '';
    } catch {
      target = '';
    }
    whose = 'the first active member in Committee';
  }
  const noAddress = (): Probe => probeFailed('no address to share with');
  const giveAddress = missingStatusTabs.includes(STATUS_TAB.committee)
    ? 'run setup (the Committee tab is missing), then selfTest again; or give selfTest an address'
    : 'add a member to Committee (or give selfTest an address)';
  const throwaways = new Throwaways();
  try {
    check(
      'Silent share',
      target
        ? 'use an address with a Google account your Workspace lets Drive share with; if so, do not go live (Docs would be shared with a notification)'
        : giveAddress,
      () => {
        if (!target) return noAddress();
        const probe = probeSilentShare(target, throwaways);
        return {
          ...probe,
          detail: `${whose}: ${probe.detail}${probe.ok ? '; ask its owner that no "shared with you" email came' : ''}`,
        };
      },
    );
    check(
      'Inherited access',
      target ? 'never share the private folder (the audit cannot see it through its Docs)' : giveAddress,
      () => (target ? probeInheritedAccess(target, throwaways) : noAddress()),
    );
    check(
      'Changes feed',
      target
        ? 'sharing changes will be found by the weekly full pass only, not within the hour: report it to the maintainers'
        : giveAddress,
      () => (target ? probeChangesFeed(target, throwaways) : noAddress()),
    );
    check(
      'New Doc',
      'nothing to do: each new case Doc is made private again after it is made; tell the maintainers what Drive did',
      () => probeNewDoc(throwaways),
    );
    check(
      'Publishing',
      'a Doc published to the web is not stopped by the access audit: check the Drive service is at v3 (docs/deployment.md)',
      () => probePublishing(throwaways),
    );
    check('Trashed Docs', 'nothing to do', () => probeTrashedDoc(throwaways));
    check(
      'Line breaks',
      "tell the maintainers: a reporter's line that repeats a Form question is read back as that question's answer",
      () => probeLineBreaks(throwaways),
    );
    check('Text cells', DO_NOT_GO_LIVE, () => probeTextCells(throwaways));
  } finally {
    const left = throwaways.trashAll();
    line(
      left === 0,
      'Throwaway files',
      left === 0
        ? `removed (${trashedFoundByName() ? 'still' : 'no longer'} found by name)`
        : `${left} could not be removed`,
      `delete the files named "${THROWAWAY_NAME}" in Drive`,
    );
  }

  check('Web app URL', 'deploy the web app (docs/deployment.md step 5), then run setup', () =>
    checkWebAppUrl(readProp(ctx, PROP.webAppUrl) ?? '', readServiceUrl()),
  );
  const statusSpreadsheetId = readProp(ctx, PROP.statusSpreadsheetId);
  check('Triggers', RUN_SETUP, () =>
    formId && statusSpreadsheetId ? probeTriggers({ formId, statusSpreadsheetId }) : notSetUp(),
  );
  check('Status comments', 'the privacy lint cannot read comments: ask members never to name anyone in one', () => {
    if (!statusSpreadsheetId) return notSetUp();
    const { comments } = readStatusComments(ctx, isoOf(readNow(ctx) - DAY_MS));
    return probePassed(`read: ${comments.length} changed in the last day`);
  });
  check('Mail quota', 'wait for tomorrow: mail waits in the outbox until the quota allows it', () => {
    const left = readMailQuota();
    return { ok: left > 0, detail: `${left} recipients left today` };
  });
  check('Language', DO_NOT_GO_LIVE, () => {
    const { locale, sample } = probeLanguage();
    return {
      // An ordinary error in this language must not pass for the two the product tells by their English text.
      ok: locale !== '' && !isNoGoogleAccountError(sample) && !isExecutionEnding(sample),
      // mailer.ts tells a spent quota by the quota left, sharing.ts a refused silent share by a second refusal.
      detail: `"${locale}"; errors read like "${sample}", and Conduct Desk never reads their wording`,
    };
  });
  // Google's consent screen lets each permission be unticked (granular consent, ADV-642): the emulator models it, and
  // this asks Google whether any is missing, which its AuthorizationInfo answers with the address to grant it.
  check('Permissions', 'run setup: Google asks again for each permission left unticked; tick them all', probeScopes);
  check(
    'Calendar',
    'meetings cannot be called: check the calendar.events scope was granted (run setup again to authorize), or add the calendar scope',
    () => probeCalendar(readNow(ctx)),
  );
  check(
    'Mailbox',
    'run setup again to grant the Gmail permission; until then copy replies into the Docs by hand',
    probeMailbox,
  );
  check('Link signatures', DO_NOT_GO_LIVE, probeHmac);
  check('Time zones', DO_NOT_GO_LIVE, probeTimeZones);
  check('Page POST', DO_NOT_GO_LIVE, () => {
    const html = options.post({ parameter: { t: 'self-test' }, parameters: { t: ['self-test'] } });
    return {
      ok: html.includes('Link not valid'),
      // A script cannot send a browser's POST (no outbound HTTP scope); the rest is checked by hand.
      detail:
        "doPost answered a POST from this script; a browser's POST is checked by hand (docs/deployment.md step 9)",
    };
  });

  lines.push(failed ? `selfTest: ${failed} FAIL; fix each, then run selfTest again.` : 'selfTest: every check passed.');
  for (const l of lines) ctx.log(l);
  return { lines, failed };
}

/**
 * Links are built from the stored URL; Apps Script's own answer outside a web request may be the `/dev` test URL
 * or an older deployment's, so a difference is reported only when Apps Script gives an `/exec` URL.
 */
export function checkWebAppUrl(stored: string, service: string): Probe {
  if (!stored) return probeFailed('no web app URL is recorded, so emails carry no working links');
  if (isTestDeploymentUrl(stored))
    return probeFailed(`the recorded URL ${stored} is the test URL only editors can open`);
  if (service && !isTestDeploymentUrl(service) && service !== stored)
    return probeFailed(`links use ${stored} but Apps Script says the deployment is ${service}`);
  if (service === stored) return probePassed(`links use ${stored}, the deployment's URL`);
  return probePassed(
    `links use ${stored}; Apps Script gave no deployment URL to compare it with here, so compare it by eye with Deploy → Manage deployments`,
  );
}

/**
 * Retention deletes the Form's copy of each report once its case holds it (the submit trigger, else the next sweep):
 * on a real account this shows that `Form.deleteResponse` did delete. Responses filed more than two hours ago must be
 * gone; younger ones may wait for the sweep.
 */
export function probeFormCopies(formId: string, filed: ReadonlySet<string>, now: number): Probe {
  const left = listResponses(formId).filter((r) => filed.has(r.responseId) && now - r.receivedAt > 2 * HOUR_MS);
  return left.length
    ? probeFailed(`${left.length} filed report(s) still in the Form`)
    : probePassed('no filed report is kept in the Form');
}
