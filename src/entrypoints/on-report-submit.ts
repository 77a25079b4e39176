// Form-submit trigger handler: turns one report into one case.
export function onReportSubmit_(_event: unknown): void {
  throw new Error('intake is not built yet');
}
