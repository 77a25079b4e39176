// Highlights status-sheet cells the privacy lint flagged, so the member who wrote them sees which cell to reword.
import type { Context } from './context';
import { STATUS_TAB } from './schema';
import { drive } from './sharing';

/** A soft amber: visible, not alarming, and distinct from the sheet's own formatting. */
export const LINT_HIGHLIGHT = '#fde7c4';

/** One cell of the `Cases` tab, 1-based as the sheet counts. */
export interface SheetCell {
  row: number;
  column: number;
}

/**
 * Sets the background of each cell (one call per flagged cell: a range-wide `setBackgrounds` would
 * overwrite the colours members chose for every other cell). Only new findings are passed in.
 */
export function highlightStatusCells(ctx: Context, cells: readonly SheetCell[], colour = LINT_HIGHLIGHT): number {
  if (!cells.length) return 0;
  const sheet = ctx.work.statusSpreadsheet().getSheetByName(STATUS_TAB.cases);
  if (!sheet) return 0;
  for (const cell of cells) sheet.getRange(cell.row, cell.column).setBackground(colour);
  return cells.length;
}

/** The notes on the `Cases` tab's data rows (Insert note: every editor reads them, and no edit trigger hears them). */
export function readCaseNotes(ctx: Context, rows: number, columns: number): string[][] {
  const sheet = ctx.work.statusSpreadsheet().getSheetByName(STATUS_TAB.cases);
  return sheet && rows && columns ? sheet.getRange(2, 1, rows, columns).getNotes() : [];
}

/**
 * The tabs members added to the status spreadsheet (a new one, a copy, a system tab renamed), each as one text (its
 * name and its first cells, OTHER_TAB_CELLS in all) with its place from the left: every member reads them, and no edit
 * trigger asks anything of them.
 */
export function readOtherTabs(ctx: Context): Array<{ position: number; text: string }> {
  const own: string[] = Object.values(STATUS_TAB);
  let room = OTHER_TAB_CELLS;
  return ctx.work
    .statusSpreadsheet()
    .getSheets()
    .flatMap((sheet, i) => {
      if (own.includes(sheet.getName())) return [];
      // Bounded: a tab of a million pasted cells would otherwise take the hour's run (and its memory) every hour.
      const columns = Math.min(sheet.getLastColumn(), OTHER_TAB_CELLS);
      const rows = columns && Math.min(sheet.getLastRow(), Math.floor(room / columns));
      room -= rows * columns;
      const values = rows ? sheet.getRange(1, 1, rows, columns).getValues() : [];
      return [{ position: i + 1, text: [sheet.getName(), ...values.map((r) => r.join(' | '))].join('\n') }];
    });
}

/** Cells of the tabs members added that one run reads, first rows first (at 0.03 ms a cell, about a second). */
const OTHER_TAB_CELLS = 30000;

/** Comments read per run at most (ten pages): a flood of comments is read over the next runs. */
const COMMENT_PAGES = 10;

/**
 * The comments on the status spreadsheet changed since `sinceIso` (Drive v3 comments.list; a cell comment is a Drive
 * comment), each with its replies' texts: every editor reads them, and no edit trigger hears them. `complete` is
 * false when pages remain.
 */
export function readStatusComments(
  ctx: Context,
  sinceIso: string,
): { comments: Array<{ id: string; at: string; texts: string[]; tab?: number }>; complete: boolean } {
  const comments: Array<{ id: string; at: string; texts: string[]; tab?: number }> = [];
  let pageToken: string | undefined;
  for (let page = 0; page < COMMENT_PAGES; page++) {
    const list = drive().Comments!.list(ctx.work.statusSpreadsheet().getId(), {
      pageSize: 100,
      fields: 'nextPageToken,comments(id,modifiedTime,content,replies(content))',
      ...(sinceIso ? { startModifiedTime: sinceIso } : {}),
      ...(pageToken ? { pageToken } : {}),
    });
    for (const c of list.comments ?? [])
      comments.push({
        id: String(c.id ?? ''),
        at: String(c.modifiedTime ?? ''),
        texts: [String(c.content ?? ''), ...(c.replies ?? []).map((r) => String(r.content ?? ''))],
      });
    pageToken = list.nextPageToken || undefined;
    if (!pageToken) return { comments, complete: true };
  }
  return { comments, complete: false };
}
