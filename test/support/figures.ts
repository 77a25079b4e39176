// Optional figures for the closing note (runs, cases, crash points): appended as JSON lines to the file named by CONDUCT_DESK_FIGURES, when set.
import { appendFileSync } from 'node:fs';

export function recordFigure(suite: string, figure: Record<string, unknown>): void {
  const file = process.env.CONDUCT_DESK_FIGURES;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ suite, ...figure })}\n`);
}
