// Owner-only entry point that writes the transparency statistics to a new private spreadsheet (docs/operations.md, "Transparency statistics").
import { requireOwner } from '../flows/setup';
import { writeTransparencyReport } from '../flows/statistics';
import { runWaiting } from './runner';

/** Run from the Apps Script editor as the committee account; Settings' `Statistics period` says years or quarters. */
export function transparencyReport(): { url: string; lines: string[] } {
  return runWaiting({ actor: 'owner', mail: false }, (ctx) => {
    requireOwner(ctx, 'transparencyReport');
    return writeTransparencyReport(ctx);
  });
}
