// Renders the web app's HtmlService templates (src/pages/*.html): values printed escaped, one allow-listed raw include, viewport and frame settings.

/**
 * What a flow asks the web app to show: a template name (file in src/pages without `.html`), the browser
 * title, and the template's variables. Flows build these as plain data; only this file touches HtmlService.
 */
export interface PageView {
  page: string;
  title: string;
  data: Record<string, unknown>;
}

/**
 * Partials a page may include raw with `<?!= include(name) ?>`: the stylesheet (static, no scriptlets), the page
 * top (head, skip link, header) and the outcome notice of a form page, templates that print their only values
 * (the title; the notice's lines and tone) escaped themselves.
 */
const PARTIALS = new Set(['styles', 'page-top', 'notice']);

/** The only function templates get for `<?!= ?>`: returns a fixed partial's markup, nothing else. */
function createIncluder(title: string, data: Record<string, unknown>): (name: string) => string {
  const include = (name: string): string => {
    if (!PARTIALS.has(name)) throw new Error(`pages: "${name}" is not an includable partial`);
    if (name === 'styles') return HtmlService.createHtmlOutputFromFile(name).getContent();
    const partial = HtmlService.createTemplateFromFile(name) as GoogleAppsScript.HTML.HtmlTemplate &
      Record<string, unknown>;
    partial.title = title;
    partial.notice = Array.isArray(data.notice) ? data.notice : [];
    partial.noticeTone = String(data.noticeTone ?? '');
    partial.include = include;
    return partial.evaluate().getContent();
  };
  return include;
}

/**
 * Evaluates a page template. `url` (the web app URL every form posts to) is always set, as is `title`;
 * the view's data is copied onto the template so scriptlets see it as variables and print it with `<?= ?>`.
 */
export function renderPage(view: PageView, webAppUrl: string): GoogleAppsScript.HTML.HtmlOutput {
  const template = HtmlService.createTemplateFromFile(view.page) as GoogleAppsScript.HTML.HtmlTemplate &
    Record<string, unknown>;
  for (const key of Object.keys(view.data)) template[key] = view.data[key];
  template.title = view.title;
  template.url = webAppUrl;
  template.include = createIncluder(view.title, view.data);
  return (
    template
      .evaluate()
      .setTitle(view.title)
      .addMetaTag('viewport', 'width=device-width, initial-scale=1')
      // DEFAULT forbids framing by other sites: nobody can overlay these confirmation pages (clickjacking).
      .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.DEFAULT)
  );
}
