// Web app handlers: signed-link pages. GET only shows a page; POST commits under the script lock (persist first, mail second).
import { checkTriggersIfDue } from '../flows/trigger-health';
import { registerWebActions } from '../flows/web-actions';
import { busyPage, errorPage, parseWebEvent, routeRequest } from '../flows/web-router';
import { Context } from '../workspace/context';
import { errorMessage } from '../workspace/errors';
import { tryWithScriptLock } from '../workspace/lock';
import { renderPage, type PageView } from '../workspace/pages';
import { PROP } from '../workspace/schema';

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
      url = ctx.webAppUrl();
      view = routeRequest(ctx, request).view;
    } else {
      const outcome = tryWithScriptLock(() => {
        const ctx = Context.open({ actor: 'web', startedAt });
        url = ctx.webAppUrl();
        const routed = routeRequest(ctx, request);
        // A refused link touched nothing, so there is nothing to write or send.
        if (routed.handled) {
          // Only a valid link's POST (never a refused one) may check the triggers; it runs as the deploying owner.
          checkTriggersIfDue(ctx);
          ctx.commit();
          // A POST that queued nothing (a ballot that does not decide) leaves earlier leftovers to the sweep,
          // which reads the outbox every run: reading it here too would be a sheet read for nothing.
          if (ctx.touchedOutbox()) ctx.deliverMail(WEB_MAIL_BUDGET_MS);
        }
        return routed.view;
      });
      view = outcome.ok ? outcome.value : busyPage();
    }
  } catch (err) {
    // The cause stays in the execution log (no names reach it: flows never put them in errors); the page says nothing.
    console.error(`web ${method} failed: ${errorMessage(err).slice(0, 300)}`);
    view = errorPage();
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
