// The web app's address as a request to it shows it: outside a web request Apps Script may answer getUrl() with the /dev URL or an older deployment's, so the address links carry is the one the committee account saw when it opened the web app.
import { normalizeEmail } from '../core/text';
import { withoutAccountIndex } from './links';
import { PROP } from './schema';
import type { ScriptProperties } from './script-properties';

/**
 * Inside a web request `ScriptApp.getService().getUrl()` is the deployment the request came through. When the committee
 * account itself opens the web app's bare address (no link token), that address, if it is a deployment's (`/exec`),
 * becomes the one every link carries, and when it was seen is kept. Anyone else's request records nothing (a member
 * following an old link must not move everyone back to an old deployment); a blank active user never matches.
 * Returns the address recorded, or null.
 */
export function recordDeploymentUrl(properties: ScriptProperties, nowIso: string): string | null {
  const owner = normalizeEmail(properties.get(PROP.owner) ?? '');
  if (!owner) return null;
  const active = normalizeEmail(Session.getActiveUser().getEmail() ?? '');
  if (active !== owner) return null;
  // The owner's browser may have opened the address with its account index (`/u/1/`), which getUrl() repeats (ADV-577).
  const seen = withoutAccountIndex(String(ScriptApp.getService().getUrl() ?? ''));
  if (!/^https:\/\/\S+\/exec$/.test(seen)) return null;
  if (properties.get(PROP.webAppUrl) !== seen || !properties.get(PROP.webAppUrlSeenAt))
    properties.setAll({ [PROP.webAppUrl]: seen, [PROP.webAppUrlSeenAt]: nowIso });
  return seen;
}
