// Web app handlers: signed-link pages. GET only shows a page; POST commits under the script lock (persist first, mail second).
import { registerWebActions } from '../flows/web-actions';
import {
  addressRecordedPage,
  busyPage,
  errorPage,
  parseWebEvent,
  routeRequest,
  type Routed,
} from '../flows/web-router';
import { readNowIso } from '../workspace/clock';
import { Context } from '../workspace/context';
import { auditError } from '../workspace/errors';
import { renderPage, type PageView } from '../workspace/pages';
import { PROP } from '../workspace/schema';
import { recordDeploymentUrl } from '../workspace/web-app-url';
import { runExecution } from './runner';

/**
 * A person is waiting for the page: mail goes out for at most this long (about 70 messages, enough for what one
 * answer queues); a backlog left by an earlier run stays for the hourly sweep instead of holding the page (and
 * the script lock) for minutes.
 */
export const WEB_MAIL_BUDGET_MS = 45 * 1000;

/** Shows the page for a link. Never commits, never sends mail: following a link changes nothing. */
export function doGet(event: unknown): GoogleAppsScript.HTML.HtmlOutput {
  return serve('GET', event);
}

/** Acts on a confirmed form. Everything the flow changed is committed, then mail goes out. */
export function doPost(event: unknown): GoogleAppsScript.HTML.HtmlOutput {
  return serve('POST', event);
}

function serve(method: 'GET' | 'POST', event: unknown): GoogleAppsScript.HTML.HtmlOutput {
  const startedAt = Date.now();
  let url = '';
  let view: PageView;
  try {
    registerWebActions();
    const request = parseWebEvent(method, event);
    if (method === 'GET') {
      const ctx = Context.open({ actor: 'web', startedAt });
      // The committee account opening the bare address records the deployment it came through (web-app-url.ts).
      const recorded = request.token ? null : recordDeploymentUrl(ctx.properties, readNowIso(ctx));
      url = recorded ?? ctx.links.webAppUrl();
      view = recorded ? addressRecordedPage(recorded) : routeRequest(ctx, request).view;
    } else {
      // A refused link touched nothing, so there is nothing to write, send or check. Only a valid link's POST may
      // check the triggers (it runs as the deploying owner). A POST that queued nothing (a ballot that does not
      // decide) leaves earlier leftovers to the sweep, which reads the outbox every run.
      const outcome = runExecution<Routed>(
        {
          actor: 'web',
          startedAt,
          lock: 'try',
          checkTriggers: true,
          acted: (routed) => routed.handled,
          mail: { ifQueued: true, budgetMs: WEB_MAIL_BUDGET_MS },
        },
        (ctx) => {
          url = ctx.links.webAppUrl();
          return routeRequest(ctx, request);
        },
      );
      view = outcome.ok ? outcome.value.view : busyPage();
    }
  } catch (err) {
    // The cause stays in the execution log (no names reach it: flows never put them in errors); the page says nothing.
    console.error(`web ${method} failed: ${auditError(err, 300)}`);
    view = errorPage(err);
  }
  return renderPage(view, url || fallbackUrl());
}

/** The web app URL when no Context could be opened (the page still needs a form target). */
function fallbackUrl(): string {
  try {
    return PropertiesService.getScriptProperties().getProperty(PROP.webAppUrl) || ScriptApp.getService().getUrl() || '';
  } catch {
    return '';
  }
}
