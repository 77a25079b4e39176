// Reacts to the owner editing the Settings tab: the Form's list of places follows the Space rows at once.
import type { Context } from '../workspace/context';
import { rememberVoice } from './configuration';
import { syncFormPlaces } from '../workspace/provision';
import { PROP } from '../workspace/schema';
import { casesOf } from '../records/cases';
import { retireUnlisted } from './moderators';

/**
 * Without this, a new `Space:` row would reach the Form only when the owner re-ran setup, and reports about
 * that space could not say where they happened. Mistakes are not mailed from here: the trigger fires for
 * every cell, so a row typed name-first looks wrong until its value is in; the next sweep reports what is
 * still wrong, once (and `setup` prints it at once). A value that keeps or shows more is told from here
 * (rememberVoice): it takes effect at once.
 */
export function applySettingsEdit(ctx: Context): { placesChanged: boolean } {
  const formId = ctx.properties.get(PROP.formId);
  const spaces = ctx.committee.settings().settings.spaces.map((s) => s.name);
  const placesChanged = formId ? syncFormPlaces(formId, spaces) : false;
  rememberVoice(ctx);
  // A moderator taken off a space at once: listed again before the next sweep, their old link would work again.
  for (const state of casesOf(ctx).live()) retireUnlisted(ctx, state);
  if (placesChanged) ctx.audit.record('settings.form-places', '-', `${spaces.length} place(s) from Settings`);
  return { placesChanged };
}
