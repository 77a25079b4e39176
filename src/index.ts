// Apps Script entry points: the only names the build makes global (DESIGN §4).
export { setup, uninstall } from './entrypoints/setup';
export { selfTest } from './entrypoints/self-test';
export { transparencyReport } from './entrypoints/transparency-report';
export { onReportSubmit_ } from './entrypoints/on-report-submit';
export { doGet, doPost } from './entrypoints/web';
export { onStatusEdit_ } from './entrypoints/on-status-edit';
export { onStatusChange_ } from './entrypoints/on-status-change';
export { mailAtQuotaReset_, sweep_ } from './entrypoints/sweep';
