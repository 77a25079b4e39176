// Installable onEdit trigger of the status spreadsheet: reacts to roster changes.
export function onStatusEdit_(_event: unknown): void {
  throw new Error('roster sync is not built yet');
}
