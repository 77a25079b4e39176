// The archive's reads and writes of whole tabs (flows/archive.ts decides what moves): a tab read raw, rows written into an archive tab by identity, and a registry tab rebuilt under a temporary name that replaces it only once complete.
import { toFormulaSafe } from '../core/text';
import { CELL_WRITE_MS, ROW_DELETE_MS, SHEET_FLUSH_MS, SHEET_WRITE_MS } from './clock';
import { takeOutOfTrash } from './drive-audit';
import { ARCHIVED_TABS, formatAsText, REBUILDING_SUFFIX, REGISTRY_HEADERS, type RegistryTab } from './schema';
import { findOwnFilesByName } from './sharing';
import { openSheet } from './drive-items';

type ArchivedTab = (typeof ARCHIVED_TABS)[number];

/**
 * An archive spreadsheet by id, taken out of the trash first: whether Apps Script opens a trashed file by id is not
 * documented, so nothing counts on it. Throws Drive's error when it does not open.
 */
export function openSpreadsheet(id: string): GoogleAppsScript.Spreadsheet.Spreadsheet {
  takeOutOfTrash(id, false);
  return openSheet(id);
}

/**
 * The id of the account's own spreadsheet of this exact name (`findOwnFilesByName`), or undefined: an archive a run
 * killed between Drive making it and its id being saved is found again, not made twice.
 */
export function findSpreadsheetByName(name: string, owner: string): string | undefined {
  return findOwnFilesByName(name, 'application/vnd.google-apps.spreadsheet', owner, 0, true)[0];
}

/**
 * A tab the archive was rebuilding when its execution died after deleting the old tab and before renaming the new
 * one: the new tab is complete (flushed before the old one goes), so it takes the name. Null when there is none.
 */
export function finishRebuild(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
): GoogleAppsScript.Spreadsheet.Sheet | null {
  const rebuilt = ss.getSheetByName(`${name}${REBUILDING_SUFFIX}`);
  return rebuilt ? rebuilt.setName(name) : null;
}

/** A new tab at least `width` columns wide, every cell plain text. */
function widenAsText(sheet: GoogleAppsScript.Spreadsheet.Sheet, width: number): void {
  if (width > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), width - sheet.getMaxColumns());
  formatAsText(sheet);
}

/** Adds a registry tab an older install lacks (headers, plain text, header frozen): setup would, the archive cannot wait. */
export function ensureRegistryTab(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, tab: RegistryTab): void {
  if (ss.getSheetByName(tab) ?? finishRebuild(ss, tab)) return;
  const headers: readonly string[] = REGISTRY_HEADERS[tab];
  const sheet = ss.insertSheet(tab);
  widenAsText(sheet, headers.length);
  sheet.getRange(1, 1, 1, headers.length).setValues([headers.map((h) => toFormulaSafe(h))]);
  sheet.setFrozenRows(1);
}

/** A tab's header and rows as stored (one read), or null when the tab is missing. */
export function readTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: string,
): { header: unknown[]; rows: unknown[][] } | null {
  const sheet = ss.getSheetByName(tab) ?? finishRebuild(ss, tab);
  if (!sheet) return null;
  const [header = [], ...rows] = sheet.getDataRange().getValues() as unknown[][];
  return { header, rows };
}

/** Writes `rows` into the archive's tab: a row already there (same identity) is overwritten, others appended. */
export function upsertRows(
  archiveId: string,
  tab: ArchivedTab,
  header: readonly unknown[],
  rows: unknown[][],
  identityOf: (header: readonly unknown[], row: readonly unknown[]) => string,
): void {
  const sheet = openSheet(archiveId).getSheetByName(tab);
  if (!sheet) throw new Error(`The archive has no "${tab}" tab`);
  const [archiveHeader, ...existing] = sheet.getDataRange().getValues() as unknown[][];
  const at = new Map(existing.map((row, i) => [identityOf(archiveHeader, row), i + 2]));
  // The registry's columns in the archive's order (the archive was made with the same headers).
  const order = REGISTRY_HEADERS[tab].map((h) => header.indexOf(h));
  const appended: unknown[][] = [];
  for (const row of rows) {
    const shaped = order.map((i) => toFormulaSafe(i < 0 ? '' : (row[i] ?? '')));
    const line = at.get(identityOf(header, row));
    if (line) sheet.getRange(line, 1, 1, shaped.length).setValues([shaped]);
    else appended.push(shaped);
  }
  if (appended.length) appendRows(sheet, appended);
  // Written before the registry lets go of them: writes wait in Apps Script's buffer until a flush.
  SpreadsheetApp.flush();
}

function appendRows(sheet: GoogleAppsScript.Spreadsheet.Sheet, appended: unknown[][]): void {
  const start = Math.max(sheet.getLastRow(), 1) + 1;
  const end = start + appended.length - 1;
  if (end > sheet.getMaxRows()) {
    const added = end - sheet.getMaxRows() + 500;
    const first = sheet.getMaxRows() + 1;
    sheet.insertRowsAfter(sheet.getMaxRows(), added);
    formatAsText(sheet, first, added);
  }
  sheet.getRange(start, 1, appended.length, appended[0].length).setValues(appended);
}

/**
 * Replaces the registry tab by a new one holding `rows`: written whole under a temporary name, then the old tab is
 * deleted and the new one renamed. Killed at any point, the old tab or a complete new one remains.
 */
export function rebuildTab(
  registry: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: string,
  header: unknown[],
  rows: unknown[][],
): void {
  const temporary = `${tab}${REBUILDING_SUFFIX}`;
  const stale = registry.getSheetByName(temporary);
  if (stale) registry.deleteSheet(stale);
  const sheet = registry.insertSheet(temporary);
  const needed = rows.length + 1 + 500;
  if (needed > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), needed - sheet.getMaxRows());
  widenAsText(sheet, header.length);
  sheet
    .getRange(1, 1, rows.length + 1, header.length)
    .setValues([header, ...rows].map((row) => row.map((v) => toFormulaSafe(v ?? ''))));
  sheet.setFrozenRows(1);
  // The new tab is stored whole before the old one goes (a kill loses unflushed writes, not structural changes).
  SpreadsheetApp.flush();
  const old = registry.getSheetByName(tab);
  if (old) registry.deleteSheet(old);
  sheet.setName(tab);
}

/**
 * How to take these rows (positions under the header) out of a tab of `dataRows` rows `width` wide, and about what it
 * takes: deleted in place, a call per run of consecutive rows (cheap when the leaving rows are together, as when a
 * long history is archived oldest first), or the tab rebuilt without them, a cost per cell kept (cheap when the tab is
 * small and the rows are scattered, as in a weekly run).
 */
export function removalPlan(
  dataRows: number,
  width: number,
  positions: readonly number[],
): { how: 'delete' | 'rebuild'; ms: number } {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  let runs = 0;
  sorted.forEach((p, i) => {
    if (i === 0 || p !== sorted[i - 1] + 1) runs++;
  });
  const deleteMs = runs * ROW_DELETE_MS;
  const rebuildMs =
    4 * SHEET_WRITE_MS + SHEET_FLUSH_MS + (dataRows - sorted.length + 1) * Math.max(width, 1) * CELL_WRITE_MS;
  return deleteMs <= rebuildMs ? { how: 'delete', ms: deleteMs } : { how: 'rebuild', ms: rebuildMs };
}

/** A registry tab's data rows as read: how many, and (read whole only when asked) every one of them. */
export interface TabRows {
  size: number;
  all(): unknown[][];
}

/** Rows already in memory as a `TabRows`. */
export function rowsInMemory(rows: unknown[][]): TabRows {
  return { size: rows.length, all: () => rows };
}

/**
 * Takes the rows at these positions out of the registry tab as `plan` (its `removalPlan`) says; only a rebuild reads
 * every row. Returns how many.
 */
export function removeRows(
  registry: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: string,
  header: unknown[],
  rows: TabRows,
  positions: readonly number[],
  plan: { how: 'delete' | 'rebuild' },
): number {
  if (!positions.length) return 0;
  if (plan.how === 'delete') return deleteRowsAt(registry, tab, positions, rows.size);
  const leaving = new Set(positions);
  rebuildTab(
    registry,
    tab,
    header,
    rows.all().filter((_, i) => !leaving.has(i)),
  );
  return leaving.size;
}

/**
 * Deletes, in place, the rows of a registry tab at these positions (0 = the first row under the header, as the tab was
 * read): contiguous runs with one `deleteRows` each, bottom-up, so a deletion never moves a row still to delete. The
 * cost follows the rows that leave, not the tab's size. Killed between two runs, the rows left are still in the tab
 * and the next archive run, which finds rows by their content, deletes them then. Returns the rows deleted.
 */
function deleteRowsAt(
  registry: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: string,
  positions: readonly number[],
  dataRows: number,
): number {
  if (!positions.length) return 0;
  const sheet = registry.getSheetByName(tab);
  if (!sheet) throw new Error(`The private registry has no "${tab}" tab`);
  const sorted = [...new Set(positions)].sort((x, y) => y - x);
  // Sheets refuses to delete every row under the frozen header ("Sorry, it is not possible to delete all non-frozen
  // rows."): when every data row leaves and the grid has no spare row, one blank plain-text row is added first.
  if (sorted.length >= dataRows) {
    const maxRows = sheet.getMaxRows();
    if (maxRows - sorted.length <= 1) {
      sheet.insertRowsAfter(maxRows, 1);
      formatAsText(sheet, maxRows + 1, 1);
    }
  }
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] - 1) j++;
    const first = sorted[j];
    sheet.deleteRows(first + 2, j - i + 1);
    i = j + 1;
  }
  return sorted.length;
}

/**
 * Empties `headers` in the archive tab's rows of these cases (retention purging cases archived before), in one read
 * and one write: `keep` says which of those cells a row keeps. Returns how many rows were changed.
 */
export function blankArchivedRows(
  archiveId: string,
  tab: string,
  caseIds: ReadonlySet<string>,
  headers: readonly string[],
  keep: (row: Record<string, unknown>, header: string) => boolean,
): number {
  const sheet = openSheet(archiveId).getSheetByName(tab);
  if (!sheet) return 0;
  const [header, ...rows] = sheet.getDataRange().getValues() as unknown[][];
  const caseColumn = header.indexOf('Case ID');
  let changed = 0;
  const next = rows.map((row) => {
    if (!caseIds.has(String(row[caseColumn] ?? '').trim())) return row.map((v) => toFormulaSafe(v ?? ''));
    changed++;
    const record = Object.fromEntries(header.map((h, c) => [String(h), row[c]]));
    return row.map((v, c) =>
      headers.includes(String(header[c])) && !keep(record, String(header[c])) ? '' : toFormulaSafe(v ?? ''),
    );
  });
  if (changed) sheet.getRange(2, 1, next.length, header.length).setValues(next);
  return changed;
}
