// Retention (Settings `Purge reporter details after (months)`): once a closed case has been closed that long, the reporter's name and address and the witnesses leave the private registry, the sent-mail copies in its Outbox and the senders in its Inbox, with a warning to the committee account a week before.
import { addCalendarMonthsIn, DAY_MS, dayAfter, dayIn, isoOf, isDate } from '../core/deadlines';
import { nonEmptyStrings } from '../core/text';
import { purgeWarningMessage } from '../core/messages';
import type { Context } from '../workspace/context';
import { buildOwnerMail } from '../workspace/members';
import { blankArchivedRows } from '../workspace/archive-store';
import { trashFile } from '../workspace/docs';
import { errorMessage, auditError, rethrowEnding } from '../workspace/errors';
import { moveIntoFolder, restoreFromTrash } from '../workspace/drive-audit';
import { withdrawAllAccess } from '../workspace/sharing';
import { ensureFolder } from '../workspace/provision';
import { DOC_ARCHIVE_FOLDER_NAME, PROP, REGISTRY_TAB } from '../workspace/schema';
import { casesOf, isClosed, owesFollowUp, type Case } from '../records/cases';
import { inboxOf } from '../records/inbox';
import { outboxKey } from '../records/outbox';
import { oweShares, replaceCaseDoc, shareReplacedDoc } from './doc-replacement';
import { archivesOf, goneArchives } from './archive';
import { isDocGone, recheckCaseDoc } from './audit-recheck';
import { committeeTime, waitForDocsQuota } from './case-state';
import { settingsOf, timeZoneOf } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { readNow, readNowIso, outOfTime } from '../workspace/clock';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp, requireProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { registryTab, afterCommit } from '../workspace/unit-of-work';

/** The owner hears of a purge this long before it. */
export const PURGE_WARNING_DAYS = 7;
const WARNING_MS = PURGE_WARNING_DAYS * DAY_MS;
/** Registry `Cases` cells a purge empties: who reported, how to reach them, who saw it. `Reported` stays (screening and pattern awareness need it). */
const PURGED_CASE_CELLS = ['Reporter Name', 'Reporter Email', 'Reporter Email Problem', 'Witnesses'] as const;
/**
 * Outbox cells that hold an address or a message's text; key, kind, subject (name-free), state and times stay
 * (de-duplication needs them), and a digested reminder's note naming its digest; a failure's note may quote an address.
 */
const PURGED_OUTBOX_CELLS = ['To', 'Cc', 'Reply To', 'Body', 'Html Body'] as const;
/** Outbox states whose message will never be read again. */
const SETTLED = new Set(['sent', 'failed', 'digested']);

export interface RetentionReport {
  checked: boolean;
  purged: string[];
  warned: string[];
}

/** When a case closed at `closedAt` is purged under `months` (calendar months, as the committee counts them in its zone). */
export function purgeDate(closedAt: string, months: number, timeZone: string): number {
  return addCalendarMonthsIn(Date.parse(closedAt), months, timeZone);
}

/**
 * Once a committee day (Settings `Time zone`), at its first sweep: purges what is due, warns of what is due within a
 * week. Crash-safe: a purge is marked in the case's flags in the same commit that empties its cells.
 */
export function applyRetention(ctx: Context): RetentionReport {
  const report: RetentionReport = { checked: false, purged: [], warned: [] };
  const { purgeAfterMonths: months, timeZone: zone, deleteDocsOnPurge } = settingsOf(ctx);
  const now = readNow(ctx);
  const dayOf = (ms: number) => dayIn(isoOf(ms), zone);
  const today = dayOf(now);
  const store = casesOf(ctx);
  // Two members decided it (follow-up.ts) and the run ended before it was done: finished now, whatever the day. Only
  // registry `Cases` every sweep (the hourly sweep never reads the archived rows); an archived case at the day's check.
  const finishDue = (kase: Case) => {
    if (!kase.flags.purgeDue) return false;
    purgeNow(ctx, kase);
    report.purged.push(kase.id);
    return true;
  };
  store.live().forEach(finishDue);
  // A reopened case's new Doc that waited for the Documents created quota (ADV-463): made once it is back.
  for (const kase of store.live())
    if (kase.flags.docDeleted && !kase.flags.purged && now >= Number(kase.flags.docQuotaBack)) replaceOrWait(ctx, kase);
  const last = Date.parse(readProp(ctx, PROP.retentionCheckedAt) ?? '');
  // Not "24 hours after the last check": each check came after the hourly sweep that would have made it 24 hours,
  // an hour later every day, and purged a day after the date the warning gave once it had passed midnight.
  if (months <= 0) {
    // Off: a warning given before is void when it is on again, whose cases then get a week's warning like a lowered
    // setting's (it gave a date that passed with nothing purged; before, they went at once).
    const off = Date.parse(readProp(ctx, PROP.retentionOffAt) ?? '');
    if (!(off <= now && dayOf(off) === today)) writeProp(ctx, PROP.retentionOffAt, readNowIso(ctx));
    return report;
  }
  if (Number.isFinite(last) && last <= now && dayOf(last) === today) return report;
  const offAt = Date.parse(readProp(ctx, PROP.retentionOffAt) ?? '');
  report.checked = true;
  // The day the owner is told, and the day the purge then comes: the committee's, a week or more after the warning.
  // Calendar days, not 7 x 24 hours: across the night the clocks go back that was the sixth day.
  const weekAfter = (ms: number) => dayAfter(dayOf(ms), PURGE_WARNING_DAYS);
  const purgeDay = (on: number, warned: number) => {
    const [due, weekOn] = [dayOf(on), weekAfter(warned)];
    return due > weekOn ? due : weekOn;
  };
  const warnings: Array<{ kase: Case; on: string }> = [];
  // Made or checked once a run, whatever the number of Docs that go there.
  let folder = '';
  const home = () => (folder ||= docArchiveFolder(ctx));
  const due: Case[] = [];
  // Purged cases whose copies an archive still holds (it failed on an earlier day): tried again with today's.
  const owing: Case[] = [];
  // Archives to empty this run, with their cases: each archive's Outbox is read and written once.
  const archived = new Map<string, Set<string>>();
  const take = (id: string, kase: Case) => archived.set(id, (archived.get(id) ?? new Set()).add(kase.id));
  // Purged cases whose Doc Drive would not move or trash on an earlier day.
  const docOwed: Case[] = [];
  const cases = store.all();
  const warningRows = purgeWarningRows(ctx, cases);
  for (const kase of cases) {
    if (finishDue(kase)) continue;
    // Owed by a purge, whether or not the case was opened again since (reviveAfterPurge keeps what is owed).
    const owed = archivesOwed(kase);
    for (const id of owed) take(id, kase);
    if (owed.length) owing.push(kase);
    if (kase.flags.purged) {
      if (kase.flags.purgeDocOwed) docOwed.push(kase);
      continue;
    }
    // The follow-up the reporter is owed (a "no violation" closing) needs their address: kept until it goes (ADV-160).
    if (!isClosed(kase) || !kase.closedAt || owesFollowUp(kase)) continue;
    const on = purgeDate(kase.closedAt, months, zone);
    if (!Number.isFinite(on)) continue;
    // Never without the week's warning: a case the check never warned of (the months lowered, say 1 typed for 12, or
    // no check ran in the week before) is warned of now and purged a week later, its Doc too when Settings delete them.
    // A warning holds for the date it gave: the months raised since (as it advises) put the purge past that date's
    // week, and that purge is warned of again, not done months later unannounced.
    const gave = String(kase.flags.purgeOn ?? '');
    let warned =
      /^\d{4}-\d\d-\d\d$/.test(gave) && dayOf(on) > dayAfter(gave, PURGE_WARNING_DAYS) ? NaN : warnedAt(kase, on);
    // A warning that said each Doc is kept does not stand for trashing it (Settings changed since, ADV-408).
    if (warned < offAt || (deleteDocsOnPurge && !kase.flags.purgeTrash)) warned = NaN;
    if (Number.isFinite(warned)) {
      // Given when it went out, not when it was queued: the quota may hold it past its week (ADV-409).
      const went = warningWent(warningRows, kase, now);
      if (Number.isNaN(went)) warned = NaN;
      else if (dayOf(went) > dayOf(warned)) warned = went;
    }
    if (Number.isFinite(warned)) {
      // Nor before the day the warning gave (`purgeOn`): the zone moved west since made that day come earlier.
      if (today < purgeDay(on, warned) || today < String(kase.flags.purgeOn ?? '')) continue;
      // The warning said they go today: who may act hears why not (a message held for a person's decision, ADV-301).
      const waiting = unsettledMail(ctx, kase);
      if (waiting.length) {
        // Held (an uncertain send) a person must decide; a message queued for the quota goes by itself.
        ctx.outbox.alertCase(kase.id, 'A purge waits for mail', [
          `Its reporter details are kept while a message of the case waits (${waiting.includes('held') ? 'held: decide on the case page' : 'not sent yet: it goes by itself, and the details at the first daily check after'}).`,
        ]);
        continue;
      }
      due.push(kase);
      for (const id of archivesOf(kase)) take(id, kase);
    } else if (weekAfter(now) >= dayOf(on)) {
      warnings.push({ kase, on: purgeDay(on, now) });
    }
  }
  // The archives' copies first (written at once, repeatable). One that fails (a server or quota error, or a
  // spreadsheet someone deleted) does not hold up the registry's purge: the case records the archives it still owes,
  // in the commit that marks it purged, and they are tried again each day until they are emptied.
  const unreachable = new Map<string, unknown>();
  // One Drive listed as removed holds nothing that can still be deleted (archive.ts goneArchives): it is owed no more.
  const gone = goneArchives(ctx);
  for (const [archiveId, caseIds] of archived) {
    if (gone[archiveId]) continue;
    try {
      blankArchivedRows(
        archiveId,
        REGISTRY_TAB.outbox,
        caseIds,
        [...PURGED_OUTBOX_CELLS, 'Error'],
        (row, header) => header === 'Error' && String(row.State ?? '').trim() === 'digested',
      );
      // The senders of its replies, moved there with it (archive.ts, ADV-460).
      blankArchivedRows(archiveId, REGISTRY_TAB.inbox, caseIds, ['From'], () => false);
    } catch (err) {
      rethrowEnding(err);
      unreachable.set(archiveId, err);
    }
  }
  const stillOwed = (ids: readonly string[]) => ids.filter((id) => unreachable.has(id));
  // Each purge moves a Doc (about a second): many due at once (the months lowered) go over several runs, the check
  // repeated hourly until none is left.
  let finished = true;
  for (const kase of due) {
    if (outOfTime(ctx, RETENTION_RESERVE_MS)) {
      finished = false;
      break;
    }
    const owed = stillOwed(archivesOf(kase));
    if (owed.length) kase.flags.purgeArchivesOwed = owed;
    purgeCase(ctx, kase, home);
    report.purged.push(kase.id);
  }
  for (const kase of docOwed) {
    if (outOfTime(ctx, RETENTION_RESERVE_MS)) break;
    purgeDoc(ctx, kase, home);
    casesOf(ctx).save(kase);
  }
  for (const kase of owing) {
    const before = archivesOwed(kase);
    const owed = stillOwed(before);
    if (owed.length === before.length) continue;
    if (owed.length) kase.flags.purgeArchivesOwed = owed;
    else delete kase.flags.purgeArchivesOwed;
    store.save(kase);
    const emptied = before.filter((id) => !owed.includes(id));
    recordAudit(
      ctx,
      'retention.purged-archive',
      kase.id,
      emptied.every((id) => gone[id])
        ? 'the archive that held the sent-mail copies is gone from Drive: nothing is left there to delete'
        : 'the sent-mail copies in the archive were deleted',
    );
  }
  forgetWaitingSenders(ctx, months, now);
  const owner = ownerAddressOf(ctx);
  if (warnings.length && owner) {
    const message = purgeWarningMessage({
      cases: [...warnings]
        .sort((a, b) => a.on.localeCompare(b.on))
        .map((w) => ({ codeName: w.kase.codeName, on: w.on })),
      deleteDocs: deleteDocsOnPurge,
    });
    // One warning a committee day: cases that come due after it was queued (a run going on with the day's purges) wait
    // for the next day's, and are purged a week after that.
    const queued = queueMail(
      ctx,
      buildOwnerMail({ owner, discriminator: `purge-warning:${today}`, message, kind: 'purge-warning' }),
    );
    for (const { kase, on } of queued ? warnings : []) {
      // The closing it was computed for: a case reopened and closed again is warned of again.
      kase.flags.purgeWarned = kase.closedAt;
      // The instant the date given was counted from, so the purge comes on that very day.
      kase.flags.purgeWarnedAt = isoOf(now);
      kase.flags.purgeOn = on;
      kase.flags.purgeTrash = deleteDocsOnPurge;
      kase.flags.purgeWarnDay = today;
      store.save(kase);
      report.warned.push(kase.id);
    }
  }
  // The day is marked checked once its purges are on disk (the next commit): a run killed before purges them again.
  let mark = finished;
  afterCommit(ctx, () => {
    if (mark) writeProp(ctx, PROP.retentionCheckedAt, readNowIso(ctx));
    mark = false;
  });
  // Told as the sweep tells a failed step (Audit `sweep.step-failed`); the rest of the run stands.
  const [failure] = unreachable.values();
  if (failure !== undefined)
    throw new Error(
      `an archive's sent-mail copies could not be deleted; tried again at the next check: ${errorMessage(failure)}`,
    );
  return report;
}

/**
 * An email that waited for the owner and was never made a case (a report the owner did not take up, a reply to a
 * purged case, mail from a stranger) has no closing to count from: its sender leaves the `Inbox` tab the Settings'
 * months after it came. No warning: the email itself stays in Gmail, where the owner's page reads it.
 */
function forgetWaitingSenders(ctx: Context, months: number, now: number): void {
  const zone = timeZoneOf(ctx);
  const forgotten = inboxOf(ctx).forgetWaitingSenders((at) => purgeDate(at, months, zone) <= now, readNowIso(ctx));
  if (forgotten) recordAudit(ctx, 'retention.inbox-senders', '-', `${forgotten} waiting email sender(s) deleted`);
}

/**
 * When the owner was warned of the purge of the case's latest closing, or NaN when not yet (a case reopened and
 * closed again is warned of again). A warning recorded before its time was kept counts as given a week before the date.
 */
function warnedAt(kase: Case, on: number): number {
  if (kase.flags.purgeWarned !== kase.closedAt) return NaN;
  const at = Date.parse(String(kase.flags.purgeWarnedAt ?? ''));
  return Number.isFinite(at) ? at : on - WARNING_MS;
}

/**
 * When the owner's warning of the case's purge went out: `now` while it waits (the quota), NaN when it never will, 0
 * when no row says (one queued before its day was recorded counts as given when queued).
 */
function warningWent(rows: Map<string, { state: string; at: string }>, kase: Case, now: number): number {
  const row = rows.get(purgeWarningKey(kase));
  if (!row) return 0;
  return row.state === 'sent' ? Date.parse(row.at) : SETTLED.has(row.state) ? NaN : now;
}

/** The owner's warning that gave the case's purge date (one a day, listing every case it warns of). */
function purgeWarningKey(kase: Case): string {
  return outboxKey('-', `purge-warning:${String(kase.flags.purgeWarnDay)}`, 'owner');
}

/**
 * The state and last change of the owner's purge warnings the cases not yet purged name, their outbox rows read
 * together once a run: a read per case would be a sheet call in the loop over every case.
 */
function purgeWarningRows(ctx: Context, cases: readonly Case[]): Map<string, { state: string; at: string }> {
  const keys = new Set(cases.filter((k) => k.flags.purgeWarnDay && !k.flags.purged).map(purgeWarningKey));
  if (!keys.size) return new Map();
  const outbox = registryTab(ctx, REGISTRY_TAB.outbox);
  const refs = [...keys].flatMap((key) => outbox.refsWhere('Key', key).slice(0, 1));
  outbox.fill(refs);
  return new Map(
    refs.map((ref) => [
      outbox.text(ref, 'Key'),
      { state: outbox.text(ref, 'State'), at: outbox.text(ref, 'Updated At') },
    ]),
  );
}

/** The archives whose copies of a purged case's mail are still to be emptied (they failed on an earlier day). */
function archivesOwed(kase: Case): string[] {
  const ids = kase.flags.purgeArchivesOwed;
  return nonEmptyStrings(ids);
}

/**
 * True when none of the case's mail in the registry may still go out (a purge empties what it would send), but a
 * member's confirmation email: one a killed press left queued must not hide the press it asks for; the purge drops it.
 */
export function mailSettled(ctx: Context, kase: Case): boolean {
  return unsettledMail(ctx, kase).length === 0;
}

/** The states of the case's messages still to be read, a confirmation aside (a purge drops it, ADV-396). */
function unsettledMail(ctx: Context, kase: Case): string[] {
  const outbox = registryTab(ctx, REGISTRY_TAB.outbox);
  return outbox
    .refsWhere('Case ID', kase.id)
    .filter((ref) => !SETTLED.has(outbox.text(ref, 'State')) && outbox.text(ref, 'Kind') !== 'confirm')
    .map((ref) => outbox.text(ref, 'State'));
}

/**
 * Empties one case's identifying cells (the caller empties those in the archive first, once per archive, and only
 * calls this once its mail is settled) and moves its Doc to the folder of archived case documents, or trashes it when
 * Settings say so. Repeatable: killed before the commit, tomorrow's run does the same again.
 */
function purgeCase(ctx: Context, kase: Case, docArchive: () => string): void {
  const [rows, dropped, senders] = forgetCaseMail(ctx, kase, true);
  casesOf(ctx).blank(kase, PURGED_CASE_CELLS);
  purgeDoc(ctx, kase, docArchive);
  // A confirmation keeps the address it was asked for (a corrected reporter's address, ADV-232), used or not.
  delete kase.flags.confirmations;
  delete kase.flags.named;
  delete kase.flags.purgeDue;
  kase.flags.purged = readNowIso(ctx);
  casesOf(ctx).save(kase);
  recordAudit(
    ctx,
    'retention.purged',
    kase.id,
    `reporter details and witnesses deleted from the registry, from ${rows - dropped} sent-mail copies and ${senders} inbox sender(s)${archivesOf(kase).length ? ' (and those in the archive)' : ''}${dropped ? `; ${dropped} queued message${dropped > 1 ? 's' : ''} dropped unsent` : ''}; the Doc ${kase.flags.docDeleted ? 'trashed' : kase.flags.docArchived ? 'moved to the folder of archived case documents' : 'not moved'}`,
  );
}

/**
 * Empties the case's sent-mail copies in the registry's Outbox and the senders of its Inbox rows (a reply filed under
 * the case, or the email made the case: often the reporter). `drop`: a message still queued is dropped unsent too (the
 * purge; only a confirmation can be, mailSettled, ADV-396), else left to go (a reopening's own mail). Returns the
 * Outbox rows, those dropped, and the senders forgotten.
 */
function forgetCaseMail(ctx: Context, kase: Case, drop: boolean): number[] {
  const outbox = registryTab(ctx, REGISTRY_TAB.outbox);
  const refs = outbox.refsWhere('Case ID', kase.id);
  const blank = Object.fromEntries(PURGED_OUTBOX_CELLS.map((h) => [h, '']));
  outbox.fill(refs);
  let dropped = 0;
  for (const ref of refs) {
    const state = outbox.text(ref, 'State');
    // Emptied, a queued message is dropped, never sent to nobody, and said so in its row and the Audit line.
    const settled = SETTLED.has(state);
    if (!settled && !drop) continue;
    if (!settled) dropped++;
    outbox.update(
      ref,
      state === 'digested'
        ? blank
        : { ...blank, Error: settled ? '' : 'dropped: purged', State: settled ? state : 'digested' },
    );
  }
  return [refs.length, dropped, inboxOf(ctx).forgetSenders(kase.id, readNowIso(ctx))];
}

/**
 * The reporter asked for their details to be deleted (follow-up.ts, two members decided): purged now as on its date,
 * without the week's warning; an archive's copies at the next daily check (as after an archive that failed).
 */
export function purgeNow(ctx: Context, kase: Case): void {
  const owed = archivesOf(kase);
  if (owed.length) kase.flags.purgeArchivesOwed = owed;
  purgeCase(ctx, kase, () => docArchiveFolder(ctx));
}

/**
 * Trashes the purged case's Doc, or moves it to the folder of archived case Docs, as Settings say. The registry's
 * details go on their day whatever Drive answers: a Doc Drive refuses is owed (`purgeDocOwed`) and tried again each
 * day, unless the access audit found it gone from Drive (listed removed, or not found for a week): nothing is left to
 * move then.
 */
function purgeDoc(ctx: Context, kase: Case, docArchive: () => string): void {
  const now = readNowIso(ctx);
  try {
    if (settingsOf(ctx).deleteDocsOnPurge) {
      // Its 30 days in the trash, whoever it is shared with could still open and copy it (ADV-210); given back at a
      // reopening (reviveAfterPurge).
      withdrawAllAccess(kase.docId);
      trashFile(kase.docId);
      kase.flags.docDeleted = now;
    } else {
      moveIntoFolder(kase.docId, docArchive());
      kase.flags.docArchived = now;
    }
    delete kase.flags.purgeDocOwed;
  } catch (err) {
    rethrowEnding(err);
    const gone = isDocGone(kase, readNow(ctx));
    if (gone || !kase.flags.purgeDocOwed)
      recordAudit(
        ctx,
        gone ? 'retention.doc-gone' : 'retention.doc-failed',
        kase.id,
        gone
          ? 'the Doc is gone from Drive: nothing to move'
          : `Drive refused the Doc; tried again daily: ${auditError(err, 120)}`,
      );
    if (gone) delete kase.flags.purgeDocOwed;
    else kase.flags.purgeDocOwed = now;
  }
}

/**
 * A purged case opened again (a member sets its status back, or opens a new round): its Doc returns to the private
 * folder where the cleared members work, out of the trash when Settings had it trashed (Drive keeps a trashed file
 * 30 days), and its purge marks move to `purgedBefore`, so closed again it is warned of and purged again (the mail
 * and Doc entries of its new life too). The details already deleted stay deleted. Call before writing to the Doc.
 */
export function reviveAfterPurge(ctx: Context, kase: Case): void {
  const purged = kase.flags.purged;
  if (!purged) return;
  // Its archive's copies still owed their purge (a failure that day): the rows just brought back from there lose what
  // the purge deleted from the registry's own, not kept until the case is purged again (ADV-480).
  if (archivesOwed(kase).length) forgetCaseMail(ctx, kase, false);
  delete kase.flags.purgeDocOwed;
  const folderId = requireProp(ctx, PROP.folderId);
  const trashed = Boolean(kase.flags.docDeleted);
  if (trashed || kase.flags.docArchived) {
    try {
      if (trashed) restoreFromTrash(kase.docId, false);
      moveIntoFolder(kase.docId, folderId);
      // Trashed without its shares (purgeDoc): the cleared members are owed them again.
      if (trashed) oweShares(ctx, kase);
      delete kase.flags.docDeleted;
      delete kase.flags.docArchived;
      recordAudit(
        ctx,
        'retention.doc-restored',
        kase.id,
        `the case was opened again: its Doc is back in the private folder${trashed ? ', out of the trash' : ''}`,
      );
    } catch (err) {
      rethrowEnding(err);
      if (trashed && deletedForGood(ctx, kase)) replaceOrWait(ctx, kase);
      // Drive failing now (or a Doc someone deleted from the trash early: Drive answers both alike): the reopening
      // stands and the owner's Audit tab says so. The access audit checks the Doc from the next sweep on: it takes it
      // out of the trash, or, once no read has found it for a week from now, replaces it (audit.ts replaceLostDoc).
      else {
        recordAudit(
          ctx,
          'retention.doc-restore-failed',
          kase.id,
          `the case was opened again but its Doc could not be brought back: ${auditError(err, 120)}`,
        );
        // Missing since a read failed while the case was closed, if one did (audit.ts lostDocDue). Open, its Doc's
        // place is the private folder, wherever it is now.
        kase.flags.docMissingSince ??= readNowIso(ctx);
        delete kase.flags.docArchived;
        recheckCaseDoc(ctx, kase.id);
      }
    }
  }
  shareReplacedDoc(ctx, kase);
  const before = Array.isArray(kase.flags.purgedBefore) ? kase.flags.purgedBefore.map(String) : [];
  kase.flags.purgedBefore = [...before, String(purged)];
  delete kase.flags.purged;
  delete kase.flags.purgeWarned;
  delete kase.flags.purgeWarnedAt;
  delete kase.flags.purgeOn;
  casesOf(ctx).save(kase);
}

/** A purge is started only with this much of the run's time left: the sweep's reserve (90 s) and a minute of audit. */
const RETENTION_RESERVE_MS = 150_000;

/** How long Drive keeps a trashed file. */
const TRASH_KEPT_MS = 30 * DAY_MS;

/**
 * Whether Drive has deleted the purge's trashed Doc for good: "Files in the trash are automatically deleted after 30
 * days" (developers.google.com/workspace/drive/api/guides/delete), counted from when the purge trashed it.
 */
function deletedForGood(ctx: Context, kase: Case): boolean {
  const trashedAt = Date.parse(String(kase.flags.docDeleted ?? ''));
  return Number.isFinite(trashedAt) && readNow(ctx) >= trashedAt + TRASH_KEPT_MS;
}

/**
 * A reopened case whose Doc Drive deleted for good gets a new one (doc-replacement.ts), saying why; the members the
 * case cleared are told in one alert. The details the purge deleted are not in it: only what happens from now on.
 */
function replaceDeletedDoc(ctx: Context, kase: Case): void {
  // The committee's day (Settings `Time zone`), as the members read every date: the UTC date was a day off west of UTC.
  const deletedAt = String(kase.flags.docDeleted);
  const deletedOn = isDate(deletedAt) ? dayIn(deletedAt, timeZoneOf(ctx)) : deletedAt.slice(0, 10);
  replaceCaseDoc(ctx, kase, {
    entries: [{ question: 'About this document', answer: replacedDocNote(deletedOn) }],
    logLine: `The case was opened again; its earlier document was deleted on ${deletedOn}.`,
    // A Doc of that title made since the old one was trashed is the one a dead run made.
    findSince: Date.parse(String(kase.flags.docDeleted)),
    clearFlags: ['docDeleted'],
    alertTitle: 'A case opened again has a new document',
    alertLines: [
      'This case was opened again. Its earlier document had been deleted under the committee\u2019s retention policy.',
      'A new case document was made and shared with you; the case page links to it.',
    ],
    event: 'retention.doc-replaced',
    detail: `the case was opened again; its Doc, trashed on ${deletedOn}, was deleted by Drive, so a new one was made`,
  });
}

/**
 * ADV-463: the new Doc of a reopened case, or, Google's Documents created quota spent, a wait for it: the reopening
 * stands (before, it failed and was lost: `Something went wrong` on the page), a wake-up comes at the quota's return,
 * and the Audit tab and the page (`docWaits`) say by when. `applyRetention` makes it then, once (it clears the flags).
 */
function replaceOrWait(ctx: Context, kase: Case): void {
  try {
    replaceDeletedDoc(ctx, kase);
  } catch (err) {
    const back = waitForDocsQuota(ctx, err);
    if (!back) throw err;
    kase.flags.docQuotaBack = back;
    casesOf(ctx).save(kase);
    recordAudit(ctx, 'retention.doc-waits', kase.id, docWaits(ctx, kase)[0]);
  }
}

/** What a page says of a reopened case's Doc that waits for the quota (ADV-463), if it does. */
export function docWaits(ctx: Context, kase: Case): string[] {
  const back = Number(kase.flags.docQuotaBack);
  return back && kase.flags.docDeleted
    ? [
        `A new case document is made when Google\u2019s daily limit on new documents is back, by ${committeeTime(ctx, isoOf(back))}.`,
      ]
    : [];
}

/** What the new Doc of a reopened case says of the old one (no detail of the case: those were deleted). */
function replacedDocNote(deletedOn: string): string {
  return `The earlier document of this case was deleted on ${deletedOn} under the committee's retention policy (Settings: case documents are deleted when reporter details are purged). This document holds what happens from the case's reopening on.`;
}

/** The folder of archived case Docs, made (owner only) the first time a Doc goes there. */
export function docArchiveFolder(ctx: Context): string {
  const existing = readProp(ctx, PROP.docArchiveFolderId);
  const step = ensureFolder(
    existing,
    requireProp(ctx, PROP.owner),
    (id) => writeProp(ctx, PROP.docArchiveFolderId, id),
    DOC_ARCHIVE_FOLDER_NAME,
    'folder of archived case documents',
  );
  return step.id;
}
