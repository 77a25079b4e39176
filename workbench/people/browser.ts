// The one driver that acts as a person on the web app: finds the labelled link in a mailbox, opens it, presses an operation's button, and submits the form exactly as a browser would.
import type { SentMail, WebResponse, WorkspaceApi } from '../emulator/contracts';
import {
  choose,
  cloneForm,
  entriesToFields,
  fill,
  formEntries,
  isSubmitter,
  parsePage,
  resolveUrl,
  type Control,
  type HtmlForm,
  type ParsedPage,
} from './html-forms';
import { pickLink, type LinkChoice, type LinkKind, type PickOptions } from './links';
import { confirmAsPerson, findOperation, refusalOf } from './person';

/** What the driver needs of a Workspace: its mail and its web app. */
export type BrowsedWorkspace = Pick<WorkspaceApi, 'webGet' | 'webPost' | 'mail' | 'webAppUrl'>;

/** One request the person's browser made, as the `afterRequest` hook sees it. */
export interface BrowserRequest {
  /** `open`: a URL opened (a link clicked); `submit`: a form submitted. */
  kind: 'open' | 'submit';
  method: 'GET' | 'POST';
  url: string;
  /** The fields sent (the POST body, or the query a GET form built); `{}` for a plain GET. */
  fields: Record<string, string>;
}

export interface BrowserOptions {
  /** Runs after every request (tests check the invariants there, so each GET and POST is a step of its own). */
  afterRequest?: (request: BrowserRequest, response: WebResponse) => void;
}

/** A page the browser shows: where it came from, what the web app answered, and the page read from it. */
export interface Visit {
  url: string;
  response: WebResponse;
  page: ParsedPage;
}

export interface PressOptions {
  /** Tick the confirmation box (and any required box) first, as a person does; false to press without it. */
  tick?: boolean;
  /**
   * Fields to set by name before pressing: typed into a text field or textarea (or picked in a select), else
   * the radio with that value chosen, else the checkbox with that name and value ticked.
   */
  fields?: Record<string, string>;
  /** Anything else the person does to the form (a copy; the page's own form is left as parsed). */
  fill?: (form: HtmlForm) => void;
  /** Runs between finding the form and submitting it (crash tests arm their crash plan here). */
  beforeSubmit?: () => void;
}

/** What came of pressing an operation's button. */
export interface Pressed {
  /** Whether a form was submitted: false when the page offered no such operation (nothing was sent). */
  submitted: boolean;
  /** The submission went through and the page said so. */
  ok: boolean;
  /** Why not: the failed execution, the result page's refusal, or that the page offered no such operation; '' when ok. */
  refusal: string;
  /** The result page (or, when nothing was submitted, the page that offered nothing). */
  visit: Visit;
  /** Names in `fields` the form had no control for (the browser could not set them, so they were not sent). */
  unset: string[];
}

/** The operations a page offers, one per form: its `op` (a hidden field or the pressed button's value), else its buttons' labels. */
export function offeredOperations(page: ParsedPage): string[] {
  return page.forms.flatMap((form) => {
    const op = form.controls.find((c) => c.name === 'op' && (c.type === 'hidden' || isSubmitter(c)));
    return op ? [op.value] : form.controls.filter(isSubmitter).map((c) => c.label);
  });
}

/** Sets one named field the way a person would on that kind of control; false when the form has no such control. */
export function setField(form: HtmlForm, name: string, value: string): boolean {
  if (fill(form, name, value) || choose(form, name, value)) return true;
  const box = form.controls.find(
    (c) => c.tag === 'input' && c.type === 'checkbox' && c.name === name && c.value === value && !c.disabled,
  );
  if (!box) return false;
  box.checked = true;
  return true;
}

/**
 * A person's browser on the web app. It knows nothing of tokens: it reads mail by label (pickLink), reads pages
 * with the HTML reader, and sends only what the page's form would send. A request a browser would not make
 * (a forged, replayed or hand-built POST) is the caller's own `ws.webPost`: that is an attacker, not a person.
 */
export class Browser {
  constructor(
    readonly ws: BrowsedWorkspace,
    private readonly options: BrowserOptions = {},
  ) {}

  /** The link the person would click: labelled for `kind`, in their newest email holding one; null when none. */
  findLink(person: string, kind: LinkKind, options: PickOptions = {}): LinkChoice<SentMail> | null {
    return pickLink(this.ws.mail(), person, kind, { urlPrefix: this.ws.webAppUrl, ...options });
  }

  /** Opens a URL (a link clicked, an address typed): one GET. */
  open(url: string): Visit {
    const response = this.ws.webGet(url);
    this.options.afterRequest?.({ kind: 'open', method: 'GET', url, fields: {} }, response);
    return { url, response, page: parsePage(response.body) };
  }

  /**
   * Submits a form as it stands, pressing `submitter` (null: the form submitted without a button, as Enter
   * does in a form with none). The entry list is the browser's (formEntries); a repeated name keeps its first
   * value, as Apps Script's `e.parameter` does. A GET form replaces the action URL's query with the entries, as
   * HTML's "mutate action URL" step says (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#submit-mutate-action).
   */
  submit(form: HtmlForm, submitter: Control | null, pageUrl: string): Visit {
    const fields = entriesToFields(formEntries(form, submitter));
    const target = resolveUrl(form.action, pageUrl);
    let url = target;
    let response: WebResponse;
    if (form.method === 'post') response = this.ws.webPost(target, fields);
    else {
      const hash = target.indexOf('#');
      const base = hash >= 0 ? target.slice(0, hash) : target;
      const q = base.indexOf('?');
      url = `${q >= 0 ? base.slice(0, q) : base}?${new URLSearchParams(fields).toString()}`;
      response = this.ws.webGet(url);
    }
    this.options.afterRequest?.(
      { kind: 'submit', method: form.method === 'post' ? 'POST' : 'GET', url, fields },
      response,
    );
    return { url, response, page: parsePage(response.body) };
  }

  /**
   * Presses the button for operation `op` on a page: finds its form (findOperation), ticks the confirmation
   * unless told not to, sets the fields, and submits a copy of the form as the browser would.
   */
  press(visit: Visit, op: string, options: PressOptions = {}): Pressed {
    const found = findOperation(visit.page, op);
    if (!found) {
      const offered = offeredOperations(visit.page);
      // What a person reads on the page about why (the case page's "Not possible yet" list), when it says.
      const notYet = /Not possible yet\s*(.*)$/s.exec(visit.page.text)?.[1]?.trim().slice(0, 400) ?? '';
      return {
        submitted: false,
        ok: false,
        refusal: `the page offers no ${op}${offered.length ? ` (it offers: ${offered.join(', ')})` : ' (it has no forms)'}${notYet ? `; the page says: ${notYet}` : ''}`,
        visit,
        unset: [],
      };
    }
    const form = cloneForm(found.form);
    const submitter = found.submitter ? form.controls[found.form.controls.indexOf(found.submitter)] : null;
    if (options.tick !== false) confirmAsPerson(form);
    const unset = Object.entries(options.fields ?? {})
      .filter(([name, value]) => !setField(form, name, value))
      .map(([name]) => name);
    options.fill?.(form);
    options.beforeSubmit?.();
    const result = this.submit(form, submitter, visit.url);
    const refusal = refusalAfter(result);
    return { submitted: true, ok: !refusal, refusal, visit: result, unset };
  }

  /** Opens a link and presses operation `op` on the page it shows: a person answering an email in one go. */
  answerLink(url: string, op: string, options: PressOptions = {}): Pressed {
    return this.press(this.open(url), op, options);
  }

  /**
   * Answers the person's newest `kind` link (findLink) with `op`; null when their mailbox holds no such link.
   */
  answerMail(
    person: string,
    kind: LinkKind,
    op: string,
    options: PressOptions & { pick?: PickOptions } = {},
  ): Pressed | null {
    const link = this.findLink(person, kind, options.pick);
    return link ? this.answerLink(link.url, op, options) : null;
  }

  /**
   * DESIGN §9: an action that needs a fresh confirmation sent to the acting person's own address completes within
   * the same step, as that person would, from their newest email. When `visit` (the page a press returned) says a
   * confirmation was sent (`data-outcome="confirm"`), opens the `Confirm` link of `person`'s newest email holding one
   * and presses `op` there (ticking its box unless told not to); null when the page asked for no confirmation.
   */
  completeConfirmation(
    visit: Visit,
    person: string,
    op: string,
    options: Pick<PressOptions, 'tick' | 'beforeSubmit'> = {},
  ): Pressed | null {
    if (visit.page.outcome.toLowerCase() !== 'confirm') return null;
    const link = this.findLink(person, 'confirm');
    if (!link)
      return { submitted: false, ok: false, refusal: `no confirmation email reached ${person}`, visit, unset: [] };
    return this.press(this.open(link.url), op, { tick: options.tick, beforeSubmit: options.beforeSubmit });
  }

  /**
   * What a mail scanner does with a page: submits every form once per submit button (once when it has none),
   * ticking and typing nothing. Returns the pages it got back, in order.
   */
  submitEveryForm(visit: Visit): Visit[] {
    const out: Visit[] = [];
    for (const form of visit.page.forms) {
      const submitters = form.controls.filter(isSubmitter);
      for (const s of submitters.length ? submitters : [null]) {
        const copy = cloneForm(form);
        out.push(this.submit(copy, s ? copy.controls[form.controls.indexOf(s)] : null, visit.url));
      }
    }
    return out;
  }
}

/** Why a submission did not go through: the execution failed, or the result page refused; '' when it did. */
export function refusalAfter(visit: Visit): string {
  const { record } = visit.response;
  if (record.outcome !== 'ok') return `execution ${record.outcome}: ${record.error}`;
  return refusalOf(visit.page);
}
