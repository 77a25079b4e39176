// The web app's access log: every page the emulated web app served (when, GET or POST, the URL and form fields, the page), so the invariant checker and the scenario runner can read what people were shown.
import type { ServedPage } from './contracts';

export class PageLog {
  readonly pages: ServedPage[] = [];

  record(page: ServedPage): void {
    this.pages.push(page);
  }
}
