// Reacts to the owner editing the Settings tab: the Form's list of places follows the Space rows at once.
import type { Context } from '../workspace/context';
import { rememberVoice } from './configuration';
import { syncFormPlaces } from '../workspace/provision';
import { PROP } from '../workspace/schema';
import { casesOf, type Case } from '../records/cases';
import { hashText } from '../core/hash';
import { retireUnlisted, rowKey, spaceOf } from './moderators';
import { tellCommitteeAccount } from './case-state';
import { OTHER_SPACE } from '../core/report';
import { settingsOf } from '../workspace/committee';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp } from '../workspace/script-properties';
import { afterCommit } from '../workspace/unit-of-work';

/**
 * Without this, a new `Space:` row would reach the Form only when the owner re-ran setup, and reports about
 * that space could not say where they happened. Mistakes are not mailed from here: the trigger fires for
 * every cell, so a row typed name-first looks wrong until its value is in; the next sweep reports what is
 * still wrong, once (and `setup` prints it at once). A value that keeps or shows more is told from here
 * (rememberVoice): it takes effect at once.
 */
export function applySettingsEdit(ctx: Context): { placesChanged: boolean } {
  const formId = readProp(ctx, PROP.formId);
  const spaces = settingsOf(ctx).spaces.map((s) => s.name);
  const placesChanged = formId ? syncFormPlaces(formId, spaces) : false;
  rememberVoice(ctx);
  retireIfSpacesChanged(ctx);
  if (placesChanged) recordAudit(ctx, 'settings.form-places', '-', `${spaces.length} place(s) from Settings`);
  return { placesChanged };
}

/** The `Space:` rows as the last look keeps them: their hash, then each row's listings (`rowKey`), so one taken off a
 * row that stays is told from a row renamed or removed (ADV-620). */
function spacesNow(ctx: Context): string {
  const { spaces } = settingsOf(ctx);
  return [hashText(JSON.stringify(spaces)), ...spaces.flatMap((s) => s.moderators.map((m) => rowKey(s.name, m)))].join(
    ' ',
  );
}

/**
 * The sweep's look (ADV-619): `Space:` rows changed since the last edit's run committed (it died, or no edit trigger
 * fired) get that run's work now: the Form's places, the moderators taken off, the committee account told.
 */
export function catchUpSpaces(ctx: Context): void {
  if (readProp(ctx, PROP.spacesSeen) !== spacesNow(ctx)) applySettingsEdit(ctx);
}

/**
 * Takes the moderators the owner took off a space out of their rounds at once: listed again before the next sweep,
 * their old link would work again (ADV-363). Only when the `Space:` rows changed since the last look (ADV-385): it
 * reads every case, and the owner edits other rows too. Setup looks too, so the first edit after it reads nothing.
 */
export function retireIfSpacesChanged(ctx: Context): void {
  const seen = spacesNow(ctx);
  const was = readProp(ctx, PROP.spacesSeen)?.split(' ');
  if (was?.join(' ') === seen) return;
  for (const state of casesOf(ctx).live()) {
    retireUnlisted(ctx, state, was);
    tellIfSpaceGone(ctx, state);
  }
  // Once the cases are saved: a run killed before it leaves the next edit to do it again.
  afterCommit(ctx, () => writeProp(ctx, PROP.spacesSeen, seen));
}

/**
 * A space renamed or removed while a case names it leaves the case without moderators: those listed under the new name
 * are never asked, and nobody would know (ADV-549). Told once per name lost, by code name, never naming the space
 * (where it happened). Not matched by moderators instead: after a removal that would send the plan to another space's.
 */
function tellIfSpaceGone(ctx: Context, state: Case): void {
  const { space, flags } = state;
  if (
    !space ||
    space.toLowerCase() === OTHER_SPACE.toLowerCase() ||
    flags.letter ||
    flags.override ||
    spaceOf(ctx, state)
  )
    return;
  tellCommitteeAccount(
    ctx,
    state,
    `space-gone:${hashText(space.toLowerCase())}`,
    "The case's space is no longer in Settings",
    // True whether or not the recommendation went: one asked and listed under another space still answers (ADV-589).
    [
      `Those listed under it alone can no longer answer; none can be asked. Put the name back in its "Space:" row, or record an override on the case page.`,
    ],
  );
}
