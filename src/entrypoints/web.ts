// Web app handlers: signed-link pages (GET shows, POST commits).
export function doGet(_event: unknown): GoogleAppsScript.HTML.HtmlOutput {
  return HtmlService.createHtmlOutput('Not available yet.');
}

export function doPost(_event: unknown): GoogleAppsScript.HTML.HtmlOutput {
  return HtmlService.createHtmlOutput('Not available yet.');
}
