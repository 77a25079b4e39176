// Rebuilds a status spreadsheet setup made in place of one that was deleted or lost: the roster, the names, a row per case and every active member's access come back from the registry (ADV-93).
import { SETTING_KEYS, SPACE_PREFIX } from '../core/settings';
import { normalizeEmail } from '../core/text';
import { casesOf } from '../records/cases';
import { membersOf } from '../records/members';
import { statusRowsOf } from '../records/status-rows';
import type { Context } from '../workspace/context';
import { parseVoice } from '../workspace/context';
import { auditError, rethrowEnding } from '../workspace/errors';
import { listsNoMember } from '../workspace/members';
import { PROP, STATUS_TAB } from '../workspace/schema';
import { grantEditorSilently } from '../workspace/sharing';
import { readFormPlaces } from '../workspace/provision';
import { appendCaseStatusRow } from './case-state';
import { readNowIso } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { dropProp, propMap, readProp, writeProp } from '../workspace/script-properties';
import { statusTab, afterCommit } from '../workspace/unit-of-work';

/**
 * Marks a new status spreadsheet for rebuilding when a registry is already recorded: the committee's records exist, so
 * the sheet replaces one the owner deleted or lost. Called as soon as Drive made it, so a run that ends before the
 * rebuild is saved leaves the mark for the next setup.
 */
export function markStatusRebuild(ctx: Context, statusId: string): void {
  if (readProp(ctx, PROP.registrySpreadsheetId)) writeProp(ctx, PROP.statusRebuild, statusId);
}

/**
 * Fills the marked status spreadsheet from what the registry knows, and returns setup's lines about it ([] when it is
 * not marked). Members' `Sheet Access` recorded the old sheet: without this the roster would never share the new one.
 * Each part skips what is already there, so a second run after an interrupted one adds nothing twice.
 */
export function rebuildStatusSpreadsheet(ctx: Context, owner: string, statusUrl: string): string[] {
  const statusId = readProp(ctx, PROP.statusSpreadsheetId);
  if (!statusId || readProp(ctx, PROP.statusRebuild) !== statusId) return [];
  const now = readNowIso(ctx);
  const lines = [
    'Status spreadsheet rebuilt from the private registry (the one recorded before was gone, so setup made this one):',
  ];

  // The roster as the registry last knew it: the owner's Committee tab is the source of truth again from here on.
  const members = membersOf(ctx);
  // One whose offboarding paused (PROP.offboarding) is active in the registry until their last Doc is taken back: the owner
  // removed them, so their row comes back unticked and the sheet is not theirs; the roster goes on with the offboarding.
  const leaving = propMap(ctx, PROP.offboarding);
  const active = members.all().filter((m) => m.active && m.id && m.email);
  const committee = statusTab(ctx, STATUS_TAB.committee);
  if (listsNoMember(committee.asRows())) {
    for (const m of active)
      committee.append({
        Name: m.name,
        Email: m.email,
        Role: m.role === 'adviser' ? 'adviser' : 'voting',
        Active: !leaving[m.id],
      });
    lines.push(`  · Committee tab: wrote the ${active.length} active member(s) the registry lists`);
  }

  // Settings first: the first read of Settings in this execution (the alert below reads it) is what setup goes on with.
  // The names pages and mail use are kept in Script Properties; the other settings exist only in the lost tab.
  const voice = parseVoice(readProp(ctx, PROP.voice)) ?? {};
  const settings = statusTab(ctx, STATUS_TAB.settings);
  const names: Array<[string, string | undefined]> = [
    [SETTING_KEYS.committeeName, voice.committee],
    [SETTING_KEYS.communityName, voice.community],
  ];
  for (const [key, value] of names) {
    const row = settings.findBy('Setting', key, true);
    if (row && value && String(row.values.Value ?? '') !== value) settings.update(row.ref, { Value: value });
  }
  // The places the Form still offers come back as `Space:` rows: without them setup would leave the Form only "Other",
  // and every report until the owner typed them again would lose where it happened. Their moderators were only in the
  // lost tab: each row's blank value is reported as a problem to correct.
  const formId = readProp(ctx, PROP.formId);
  let places: string[] = [];
  try {
    places = formId ? readFormPlaces(formId) : [];
  } catch (err) {
    rethrowEnding(err);
  }
  for (const place of places)
    if (!settings.findBy('Setting', `${SPACE_PREFIX} ${place}`, true))
      settings.append({ Setting: `${SPACE_PREFIX} ${place}`, Value: '' });
  lines.push(
    `  ! Settings: the committee\u2019s and community\u2019s names are back${places.length ? `, and a "Space:" row for each of the Form's ${places.length} place(s), without its moderators` : ''}; every other setting holds its default. Type again what you had changed: the moderators' addresses of each "Space:" row, the time zone, the deadlines. Open cases keep the deadlines they were given.`,
  );

  // Shared individually and silently, as the roster does; one that fails is left `failed`, so the roster tries again.
  let shared = 0;
  const failed: string[] = [];
  for (const m of members.all()) {
    if (!m.active || leaving[m.id]) {
      if (m.sheetAccess === 'editor') members.setSheetAccess(m.ref, 'none', now);
      continue;
    }
    try {
      if (m.email !== normalizeEmail(owner)) grantEditorSilently(statusId, m.email);
      members.setSheetAccess(m.ref, 'editor', now);
      shared++;
    } catch (err) {
      rethrowEnding(err);
      // `failed`: the roster's next try takes a second refusal, whatever its words, as "no Google account" (ADV-291).
      members.setSheetAccess(m.ref, 'failed', now);
      failed.push(m.id);
      recordAudit(ctx, 'member.share-failed', '-', `member ${m.id}: ${auditError(err)}`);
    }
  }
  lines.push(`  · shared it with ${shared} member(s), individually and without Google's notification`);
  if (failed.length)
    lines.push(`  ! ${failed.length} member(s) could not be given it yet; the hourly sweep tries again`);
  if (shared)
    ctx.outbox.alertCommittee('The status spreadsheet moved', [
      'The committee\u2019s status spreadsheet was replaced by a new one, shared with you now; the old one no longer opens.',
      `Status spreadsheet: ${statusUrl}`,
      'Nothing about any case changed: each case keeps its private document and its links.',
    ]);

  // Each case's row as intake and the flows write it: code name, date, status, actions needed; no name.
  const present = statusRowsOf(ctx).statusByCodeName();
  const cases = casesOf(ctx);
  let rows = 0;
  // Archived cases too: a closed case is opened again from its row (status-edits.ts), and invariant 6 wants one per case.
  for (const state of cases.all()) {
    if (present.has(state.codeName.toLowerCase())) continue;
    if (!appendCaseStatusRow(ctx, state)) break;
    delete state.flags.statusRowOwed;
    delete state.flags.statusRowMissing;
    cases.save(state);
    rows++;
  }
  lines.push(`  · Cases tab: wrote ${rows} case row(s) (code name, date and status only)`);
  lines.push(
    '  · Conflicts tab: starts empty; the conflicts already declared are kept in the registry and still apply',
  );
  recordAudit(ctx, 'status.rebuilt', '-', `${shared} member(s) shared, ${rows} case row(s) written`);
  afterCommit(ctx, () => dropProp(ctx, PROP.statusRebuild));
  return lines;
}
