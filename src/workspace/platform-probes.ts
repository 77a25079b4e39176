// The platform behaviours selfTest checks on the committee's real account, each probed through the same calls the product makes, on throwaway files it removes.
import { addCalendarMonthsIn, DAY_MS, dayIn, formatForSheet, spellTimeZone } from '../core/deadlines';
import { normalizeEmail, toFormulaSafe } from '../core/text';
import { errorMessage } from './errors';
import { readFormLivenessById } from './form-liveness';
import { listFolderAccess, readChangedFiles, readChangesStartToken, stopPublishing } from './drive-audit';
import { HANDLER } from './schema';
import { hmacForKey } from './secret';
import { formatSheetTime } from './session';
import { DocStore } from './docs';
import { drive, isPlacedPrivately, readFileAccess, revokeAccess } from './sharing';
import { triggerProblems, type TriggerTargets } from './triggers';
import { driveFile, driveFolder, openDoc, openSheet } from './drive-items';

/** What one probe saw: whether the product can rely on it, and the facts behind that, for the owner. */
export interface Probe {
  ok: boolean;
  detail: string;
}

/** A probe the product can rely on, with what it saw (one place builds the shape). */
export function probePassed(detail: string): Probe {
  return { ok: true, detail };
}

/** A probe the product cannot rely on, with what it saw. */
export function probeFailed(detail: string): Probe {
  return { ok: false, detail };
}

/** The name every throwaway file carries, so an owner who finds one left over knows what it is and may delete it. */
export const THROWAWAY_NAME = 'Conduct Desk self-test (safe to delete)';
/** What a throwaway file holds. */
const THROWAWAY_TEXT = 'Conduct Desk self-test.';

/** Throwaway files a run made, trashed at the end whatever happened (`trashThrowaways`). */
export class Throwaways {
  private readonly ids: { id: string; folder: boolean }[] = [];

  file(id: string): string {
    this.ids.push({ id, folder: false });
    return id;
  }

  folder(id: string): string {
    this.ids.push({ id, folder: true });
    return id;
  }

  /** Trashes each (files first, then folders); returns how many could not be trashed. */
  trashAll(): number {
    let left = 0;
    for (const { id, folder } of [...this.ids.filter((t) => !t.folder), ...this.ids.filter((t) => t.folder)]) {
      try {
        (folder ? driveFolder(id) : driveFile(id)).setTrashed(true);
      } catch {
        left++;
      }
    }
    this.ids.length = 0;
    return left;
  }
}

/**
 * Whether DriveApp.getFilesByName finds a trashed throwaway (docs.ts and archive-store.ts skip trashed files either
 * way; the emulator assumes it does: workbench/emulator/drive.ts getFilesByName).
 */
export function trashedFoundByName(): boolean {
  try {
    const files = DriveApp.getFilesByName(THROWAWAY_NAME);
    while (files.hasNext()) if (files.next().isTrashed()) return true;
  } catch {
    // Not found then, as far as this line can say.
  }
  return false;
}

/**
 * The report Form is out of the trash, published, accepting responses and open beyond the account's domain
 * (form-liveness.ts). FormApp opens a trashed Form as any other, its settings unchanged, while Drive deletes it for good
 * 30 days after it was trashed (developers.google.com/workspace/drive/api/guides/delete): only Drive tells.
 */
export function probeForm(formId: string): Probe {
  const { liveness } = readFormLivenessById(formId);
  const trashed = driveFile(formId).isTrashed();
  const facts = [
    ...(trashed ? ['in the trash, where Drive deletes it for good after 30 days'] : []),
    liveness.published ? 'published' : 'NOT published',
    liveness.acceptingResponses ? 'accepting responses' : 'NOT accepting responses',
    ...(liveness.domainOnly ? ['limited to your domain'] : []),
    ...(liveness.restricted ? ['answered only by the people it is shared with'] : []),
  ];
  return {
    ok: !trashed && liveness.published && liveness.acceptingResponses && !liveness.domainOnly && !liveness.restricted,
    detail: facts.join(', '),
  };
}

function holds(fileId: string, address: string): string | null {
  const found = readFileAccess(fileId).permissions.find(
    (p) => (p.type === 'user' || p.type === 'group') && normalizeEmail(p.emailAddress ?? '') === address,
  );
  return found ? String(found.role) : null;
}

function shareSilently(fileId: string, address: string): void {
  // The same call as sharing.ts grantEditorSilently, without its notifying fallback: a self-test must not email.
  Drive!.Permissions.create({ role: 'writer', type: 'user', emailAddress: address }, fileId, {
    sendNotificationEmail: false,
    fields: 'id',
  });
}

/**
 * A silent share as a member's clearance makes it, read back, then removed and confirmed removed (sharing.ts).
 * Drive refusing the silent share means the address has no Google account (or the refusal is Drive's own).
 */
export function probeSilentShare(address: string, throwaways: Throwaways): Probe {
  const who = normalizeEmail(address);
  const fileId = throwaways.file(DriveApp.createFile(THROWAWAY_NAME, THROWAWAY_TEXT).getId());
  try {
    shareSilently(fileId, who);
  } catch (err) {
    return probeFailed(`Drive refused the silent share (${firstLine(err)})`);
  }
  const role = holds(fileId, who);
  if (role !== 'writer') return probeFailed(`Drive lists the share as ${role ?? 'absent'}`);
  const revoked = revokeAccess(fileId, who);
  if (!revoked.removed || !revoked.confirmed) return probeFailed('the share could not be removed');
  return probePassed('shared silently, read back, removed');
}

/**
 * A sharing change to a file shows in Drive's changes feed: the access audit checks within the hour only the files
 * the feed lists (drive-audit.ts readChangedFiles), so a feed that left sharing changes out would leave drift to the
 * weekly full pass. Whether the feed also gives the file's permissions (asked for in `file(...)`) is said too.
 */
export function probeChangesFeed(address: string, throwaways: Throwaways): Probe {
  const who = normalizeEmail(address);
  const fileId = throwaways.file(DriveApp.createFile(THROWAWAY_NAME, THROWAWAY_TEXT).getId());
  const token = readChangesStartToken();
  try {
    shareSilently(fileId, who);
  } catch (err) {
    return probeFailed(`Drive refused the test share (${firstLine(err)})`);
  }
  let listed: boolean;
  let withSharing: boolean;
  try {
    const changed = readChangedFiles(token, 3);
    listed = changed.fileIds.includes(fileId);
    withSharing = Boolean(changed.files.get(fileId)?.users.includes(who));
  } finally {
    revokeAccess(fileId, who);
  }
  // Without the sharing in the feed the audit still works, reading each changed file alone (a call each).
  if (!listed) return probeFailed('a sharing change was not listed in the changes feed');
  return probePassed(
    withSharing
      ? "a sharing change is listed in the changes feed, with the file's sharing"
      : "a sharing change is listed in the changes feed, without the file's sharing (each changed file is read alone)",
  );
}

/**
 * A file in a folder shared with someone lists them among its own permissions, read alone and in the folder's listing:
 * the access audit reads Docs' permissions both ways (drive-audit.ts), so this is how it would notice a shared private
 * folder from the Docs in it.
 */
export function probeInheritedAccess(address: string, throwaways: Throwaways): Probe {
  const who = normalizeEmail(address);
  const folder = DriveApp.createFolder(THROWAWAY_NAME);
  throwaways.folder(folder.getId());
  const fileId = throwaways.file(folder.createFile(THROWAWAY_NAME, THROWAWAY_TEXT).getId());
  try {
    shareSilently(folder.getId(), who);
  } catch (err) {
    return probeFailed(`Drive refused to share the test folder (${firstLine(err)})`);
  }
  const role = holds(fileId, who);
  if (!role) return probeFailed("a file in a shared folder does not list the folder's member");
  // The full pass reads Docs 100 to a page of the folder's listing (drive-audit.ts listFolderAccess), not one by one:
  // the listing must carry each file's permissions, inherited ones included, as Files.get does.
  const listed = listFolderAccess([folder.getId()], null, '').files.get(fileId);
  if (!listed) return probeFailed('the folder listing did not return the file with its permissions');
  if (!listed.users.includes(who))
    return probeFailed("the folder listing does not show the folder's member on the file");
  return probePassed(`a file in a shared folder lists its member (${role}), alone and in the folder listing`);
}

/**
 * A Doc made as intake makes a case Doc (DocStore.createIn: Drive v3 Files.create in the folder, editors unable to
 * re-share, the domain's default visibility ignored) comes out private in its folder. When it does not (a domain
 * policy Drive applies anyway), intake still makes it private after making it (sharing.ts secureCaseDoc).
 */
export function probeNewDoc(throwaways: Throwaways): Probe {
  const folder = DriveApp.createFolder(THROWAWAY_NAME);
  throwaways.folder(folder.getId());
  const made = new DocStore().createIn(THROWAWAY_NAME, folder.getId());
  throwaways.file(made.id);
  if (isPlacedPrivately(made.access, folder.getId()))
    return probePassed('made private in its folder, editors unable to re-share');
  const facts = [
    made.access.access,
    made.access.shareableByEditors ? 'editors can re-share' : 'editors cannot re-share',
    made.access.parents.includes(folder.getId()) ? 'in its folder' : 'NOT in its folder',
  ];
  return probeFailed(`Drive made it ${facts.join(', ')}`);
}

/**
 * Whether Apps Script opens a trashed Doc by id, which Google does not document: the product assumes the stricter case
 * (it does not; a trashed archive is taken out of the trash first, a proposal's trashed Doc waits to be restored,
 * ADV-510), so either answer passes. The line records which, for the maintainers.
 */
export function probeTrashedDoc(throwaways: Throwaways): Probe {
  const id = throwaways.file(DocumentApp.create(THROWAWAY_NAME).getId());
  driveFile(id).setTrashed(true);
  let opens = true;
  try {
    openDoc(id);
  } catch {
    opens = false;
  }
  return probePassed(opens ? 'a trashed Doc opens by id' : 'a trashed Doc does not open by id');
}

/**
 * An answer's line breaks stay inside its paragraph, as the case Doc writes each answer: the Report section is read
 * back by paragraph, so a reporter's line that repeats a Form question stays in their answer (ADV-522). Google does not
 * document what `appendParagraph` does with a line break; the emulator keeps it in the paragraph.
 */
export function probeLineBreaks(throwaways: Throwaways): Probe {
  const body = openDoc(throwaways.file(DocumentApp.create(THROWAWAY_NAME).getId())).getBody();
  const before = body.getNumChildren();
  body.appendParagraph('Where did it happen?\nWere there witnesses?');
  const kept = body.getNumChildren() === before + 1;
  return { ok: kept, detail: kept ? 'kept inside their paragraph' : 'each line made a paragraph of its own' };
}

/**
 * The access audit can stop a Doc published to the web (ADV-212): a throwaway Doc, published through Drive v3
 * `Revisions.update`, is found and unpublished by the audit's own `stopPublishing`. A domain that forbids publishing
 * leaves nothing to stop. With the Drive service at v2, `Revisions.list` answers `items`, and this fails.
 */
export function probePublishing(throwaways: Throwaways): Probe {
  const id = throwaways.file(DocumentApp.create(THROWAWAY_NAME).getId());
  const revisions = drive().Revisions!;
  const head = revisions.list(id, { fields: 'revisions(id)' }).revisions?.slice(-1)[0];
  if (!head?.id) return probeFailed('Drive v3 Revisions.list listed no revision (is the Drive service v3?)');
  try {
    revisions.update({ published: true, publishAuto: true }, id, String(head.id));
  } catch (e) {
    return probePassed(`publishing refused (${errorMessage(e)}): nothing to stop`);
  }
  const stopped = stopPublishing(id);
  const still = (revisions.list(id, { fields: 'revisions(published)' }).revisions ?? []).some((r) => r.published);
  return {
    ok: stopped && !still,
    detail: stopped && !still ? 'a published throwaway Doc was found and unpublished' : 'it stayed published',
  };
}

/**
 * Text starting with `=` stays text when written as the product writes every cell (toFormulaSafe: an apostrophe
 * first), in a plain-text `@` cell and in an ordinary one. Also records what Google does with an unescaped `=` in
 * a plain-text cell, which Google does not document (the product never relies on it).
 */
export function probeTextCells(throwaways: Throwaways): Probe {
  const spreadsheet = SpreadsheetApp.create(THROWAWAY_NAME);
  throwaways.file(spreadsheet.getId());
  const sheet = spreadsheet.getSheets()[0];
  const text = '=1+1';
  sheet.getRange(1, 1, 1, 3).setNumberFormat('@');
  sheet.getRange(1, 1, 2, 1).setValues([[toFormulaSafe(text)], [toFormulaSafe(text)]]);
  sheet.getRange(1, 3).setValue(text);
  const values = sheet.getRange(1, 1, 2, 3).getValues();
  const formulas = sheet.getRange(1, 1, 2, 3).getFormulas();
  const kept = [0, 1].every((r) => values[r][0] === text && formulas[r][0] === '');
  const raw = formulas[0][2] ? 'a formula' : 'text';
  // Also, for the maintainers: whether the domain's default for new items reached a spreadsheet Apps Script made, which
  // Google does not document (the emulator models that it does; the product makes its own spreadsheets private, ADV-652).
  const access = driveFile(spreadsheet.getId()).getSharingAccess();
  return {
    ok: kept,
    detail: `'=1+1 read back as ${kept ? 'text' : JSON.stringify([values[0][0], values[1][0]])} in @ and ordinary cells; unescaped in an @ cell it was ${raw}; the new spreadsheet was ${access}`,
  };
}

/** What Apps Script says the web app's URL is now, next to the one links are built from. */
export function readServiceUrl(): string {
  return ScriptApp.getService().getUrl() ?? '';
}

/** Exactly one trigger per handler, each on its source (triggers.ts makes them so). */
export function probeTriggers(targets: TriggerTargets): Probe {
  const problems = triggerProblems(targets);
  return { ok: !problems.length, detail: problems.join('; ') || Object.values(HANDLER).join(', ') };
}

/** How many recipients MailApp may still send to today. */
export function readMailQuota(): number {
  return MailApp.getRemainingDailyQuota();
}

/**
 * The account's language, and the text of one error Google throws in it (a Drive lookup of a file that does not
 * exist): the product must work whatever that text says.
 */
export function probeLanguage(): { locale: string; sample: string } {
  const locale = Session.getActiveUserLocale() || '';
  let sample = '';
  try {
    driveFile('conduct-desk-self-test-no-such-file');
  } catch (err) {
    sample = firstLine(err);
  }
  return { locale, sample };
}

/**
 * HMAC-SHA256 through the product's own signing path (secret.ts hmacForKey) against the published test vector
 * (key "key", "The quick brown fox jumps over the lazy dog"; RFC 2104 as worked in Wikipedia's HMAC article). Apps
 * Script returns signed bytes (−128…127); links are only valid if these bytes are what every verifier computes.
 */
export function probeHmac(): Probe {
  const expected = 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8';
  const bytes = hmacForKey('a2V5' /* base64 of "key" */)('The quick brown fox jumps over the lazy dog');
  const hex = Array.from(bytes, (b) => (b & 0xff).toString(16).padStart(2, '0')).join('');
  return { ok: hex === expected, detail: hex === expected ? 'HMAC-SHA256 matches the test vector' : `got ${hex}` };
}

/**
 * The committee's zone through the product's own date code (core/deadlines.ts, on Intl): every date people read, the
 * once-a-day keys and retention's months depend on V8 knowing the IANA zones and their daylight saving, which the
 * tests only see in Node. Facts of the IANA tz database: Los Angeles springs forward at 02:00 on 8 March 2026 (the
 * second Sunday of March), Kolkata is UTC+05:30 all year.
 */
export function probeTimeZones(): Probe {
  const la = 'America/Los_Angeles';
  const got = [
    formatForSheet('2026-03-08T09:59:00Z', la),
    formatForSheet('2026-03-08T10:00:00Z', la),
    formatForSheet('2026-01-01T00:00:00Z', 'Asia/Kolkata'),
    dayIn('2026-01-01T07:30:00Z', la),
    new Date(addCalendarMonthsIn(Date.parse('2026-02-08T20:00:00Z'), 1, la)).toISOString(),
    // A zone typed in small letters, as Java (Utilities.formatDate) reads the name Settings gives it (GMT if unknown).
    formatSheetTime(0, spellTimeZone('asia/kolkata')),
  ];
  const want = [
    '2026-03-08 01:59',
    '2026-03-08 03:00',
    '2026-01-01 05:30',
    '2025-12-31',
    '2026-03-08T19:00:00.000Z',
    '1970-01-01 05:30',
  ];
  const wrong = got.map((g, i) => (g === want[i] ? '' : `${g} (want ${want[i]})`)).filter(Boolean);
  return wrong.length
    ? probeFailed(`dates in time zones are off: ${wrong.join('; ')}`)
    : probePassed('zones and daylight saving as the tz database says');
}

/**
 * The calendar under the `calendar.events` scope alone: a throwaway event a year ahead is created, tagged, its guest
 * list hidden, made private and read back, then deleted — what meetings (src/flows/meetings.ts) do, without inviting anyone. After
 * the delete, getEvents must no longer list it (how calendar.ts tells a meeting deleted by hand); whether getEventById
 * still answers it is reported (the emulator assumes it does: workbench/emulator/calendar.ts getEventById). Then a
 * throwaway event repeating twice, a week apart: getEventById must answer an occurrence that says it repeats, and
 * getEvents list the second under the same id (how calendar.ts follows a meeting made to repeat by hand).
 */
export function probeCalendar(now: number): Probe {
  const start = now + 366 * 24 * 3600 * 1000;
  const end = start + 15 * 60 * 1000;
  let event: GoogleAppsScript.Calendar.CalendarEvent | null = null;
  let series: GoogleAppsScript.Calendar.CalendarEventSeries | null = null;
  try {
    event = CalendarApp.createEvent(THROWAWAY_NAME, new Date(start), new Date(end));
    event.setTag('conductDeskSelfTest', 'yes');
    event.setGuestsCanSeeGuests(false);
    event.setVisibility(CalendarApp.Visibility.PRIVATE);
    event.setGuestsCanInviteOthers(false);
    const ok =
      event.getTag('conductDeskSelfTest') === 'yes' &&
      !event.guestsCanSeeGuests() &&
      !event.guestsCanInviteOthers() &&
      event.getVisibility() === CalendarApp.Visibility.PRIVATE;
    if (!ok) return { ok, detail: 'the tag, the closed and hidden guest list or the private visibility did not hold' };
    const id = event.getId();
    event.deleteEvent();
    event = null;
    const listed = CalendarApp.getEvents(new Date(start), new Date(end)).some((e) => e.getId() === id);
    const byId = CalendarApp.getEventById(id) !== null;
    series = CalendarApp.createEventSeries(
      THROWAWAY_NAME,
      new Date(start),
      new Date(end),
      CalendarApp.newRecurrence().addWeeklyRule().times(2),
    );
    const sid = series.getId();
    const week = start + 7 * DAY_MS;
    const repeats =
      CalendarApp.getEventById(sid).isRecurringEvent() &&
      CalendarApp.getEvents(new Date(week), new Date(week + 9e5)).some((e) => e.getId() === sid);
    return {
      ok: !listed && repeats,
      detail: listed
        ? 'a deleted event is still listed by getEvents: a meeting deleted by hand would not be noticed'
        : !repeats
          ? 'a repeating event is not seen as one'
          : `an event was created, tagged, hidden and deleted (getEventById ${byId ? 'still answers' : 'no longer finds'} it)`,
    };
  } catch (err) {
    return probeFailed(firstLine(err));
  } finally {
    try {
      event?.deleteEvent();
      series?.deleteEventSeries();
    } catch {
      // The line above already says what failed; a leftover event carries the throwaway name.
    }
  }
}

function firstLine(err: unknown): string {
  return errorMessage(err).split('\n')[0].slice(0, 200);
}

/**
 * The tabs setup makes in one of the committee's spreadsheets: a tab renamed or deleted stops the flows that read it
 * (the sweep's run then fails, saying so), and only setup puts it back. Names what is missing, at most a few.
 */
export function probeTabs(
  spreadsheetId: string,
  tabs: readonly string[],
  ownerOnly: readonly string[] = [],
  owner = '',
): Probe & { missing: string[] } {
  const sheets = openSheet(spreadsheetId).getSheets();
  const present = new Set(sheets.map((s) => s.getName()));
  const missing = tabs.filter((t) => !present.has(t));
  if (missing.length) return { ok: false, detail: `no ${missing.map((t) => `"${t}"`).join(', no ')} tab`, missing };
  // A protection whose editors were never changed lists the spreadsheet's editors: it protects nothing (Sheet.protect()).
  const open = sheets
    .filter(
      (s) =>
        ownerOnly.includes(s.getName()) &&
        !s
          .getProtections(SpreadsheetApp.ProtectionType.SHEET)
          .some((p) => !p.isWarningOnly() && p.getEditors().every((u) => normalizeEmail(u.getEmail()) === owner)),
    )
    .map((s) => `"${s.getName()}"`);
  if (open.length) return { ok: false, detail: `members can edit ${open.join(', ')}`, missing };
  return { ok: true, detail: `all ${tabs.length} tabs present`, missing };
}

/**
 * Whether a permission was left unticked on Google's consent screen (granular consent, ADV-642): the emulator models it,
 * and Google's AuthorizationInfo answers with the address to grant what is missing, else null. Unlike `scopesMissing`,
 * a failure to ask is the check's own FAIL, not a pass.
 */
export function probeScopes(): Probe {
  return ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL).getAuthorizationUrl()
    ? probeFailed('a permission was left unticked on Google\u2019s consent screen')
    : probePassed('every permission the script asks for is granted');
}
