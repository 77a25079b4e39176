// A small HTML reader for the web app's pages: forms and their controls (with labels and legends), as a browser would submit them.

export interface Control {
  /** `input`, `button`, `select` or `textarea`. */
  tag: 'input' | 'button' | 'select' | 'textarea';
  /** Lower-cased type: text, hidden, checkbox, radio, submit, email…; `submit`/`button`/`reset` for buttons; `select-one`/`select-multiple`; `textarea`. */
  type: string;
  name: string;
  id: string;
  value: string;
  checked: boolean;
  disabled: boolean;
  required: boolean;
  /** Text of the label that names the control (`<label for>` or a wrapping `<label>`), or the button's own text. */
  label: string;
  /** Text of the legend of the innermost fieldset holding the control. */
  legend: string;
  options: Array<{ value: string; text: string; selected: boolean }>;
}

export interface HtmlForm {
  /** 0-based position of the form in the page. */
  index: number;
  action: string;
  method: 'get' | 'post';
  id: string;
  controls: Control[];
}

export interface ParsedPage {
  title: string;
  /** Text of the first h1 (or h2 when there is no h1). */
  heading: string;
  /** The `data-outcome` attribute of the first element carrying one (`done`, `refused`, `invalid`…), or ''. */
  outcome: string;
  /** All visible text, whitespace collapsed. */
  text: string;
  /** Text of each element with `role="alert"` (pages put refusals and validation errors there). */
  alerts: string[];
  forms: HtmlForm[];
  links: Array<{ href: string; text: string }>;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  middot: '\u00b7',
  copy: '\u00a9',
};

/** Decodes character references the way a browser does for the entities pages actually use. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'open'; tag: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; tag: string };

const RAW_TEXT = new Set(['script', 'style']);
const RCDATA = new Set(['textarea', 'title']);

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of source.matchAll(re)) {
    const name = m[1].toLowerCase();
    if (name in attrs) continue; // the first occurrence wins, as in browsers
    attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Splits HTML into text, open and close tokens; skips comments and doctypes; keeps script/style and textarea/title bodies raw. */
export function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const pushText = (text: string) => {
    if (text) tokens.push({ kind: 'text', text: decodeEntities(text) });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    const close = html[lt + 1] === '/';
    const nameMatch = /^[A-Za-z][\w:-]*/.exec(html.slice(lt + (close ? 2 : 1)));
    if (!nameMatch) {
      pushText('<');
      i = lt + 1;
      continue;
    }
    const tag = nameMatch[0].toLowerCase();
    // Find the end of the tag, respecting quoted attribute values that may hold '>'.
    let j = lt + (close ? 2 : 1) + nameMatch[0].length;
    let quote: string | null = null;
    for (; j < html.length; j++) {
      const c = html[j];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    const inner = html.slice(lt + (close ? 2 : 1) + nameMatch[0].length, j);
    i = j + 1;
    if (close) {
      tokens.push({ kind: 'close', tag });
      continue;
    }
    const selfClosing = /\/\s*$/.test(inner);
    tokens.push({ kind: 'open', tag, attrs: parseAttributes(inner.replace(/\/\s*$/, '')), selfClosing });
    if (RAW_TEXT.has(tag) || RCDATA.has(tag)) {
      const endRe = new RegExp(`</${tag}\\s*>`, 'i');
      const rest = html.slice(i);
      const m = endRe.exec(rest);
      const body = m ? rest.slice(0, m.index) : rest;
      if (RCDATA.has(tag)) tokens.push({ kind: 'text', text: decodeEntities(body) });
      tokens.push({ kind: 'close', tag });
      i = m ? i + m.index + m[0].length : html.length;
    }
  }
  return tokens;
}

const HIDDEN_TEXT = new Set(['script', 'style', 'title', 'head', 'template']);

/** Reads a page: title, heading, outcome marker, text, forms with controls, and links. */
export function parsePage(html: string): ParsedPage {
  const tokens = tokenize(html);
  const forms: HtmlForm[] = [];
  const links: ParsedPage['links'] = [];
  const labelsFor = new Map<string, string>();
  const textParts: string[] = [];
  let title = '';
  let h1 = '';
  let h2 = '';
  let outcome = '';
  let form: HtmlForm | null = null;
  const orphanControls: Control[] = [];
  // Open elements whose text we are collecting.
  const openLabels: Array<{ forId: string; text: string[]; controls: Control[] }> = [];
  const fieldsets: Array<{ legend: string }> = [];
  let legend: string[] | null = null;
  let heading: { level: string; text: string[] } | null = null;
  let button: { control: Control; text: string[] } | null = null;
  let select: Control | null = null;
  let option: { value: string | null; text: string[]; selected: boolean } | null = null;
  let textarea: Control | null = null;
  let link: { href: string; text: string[] } | null = null;
  let hiddenDepth = 0;
  let inTitle = false;
  const alerts: string[] = [];
  let alert: { tag: string; depth: number; text: string[] } | null = null;

  const addControl = (control: Control) => {
    control.legend = fieldsets.length ? fieldsets[fieldsets.length - 1].legend : '';
    for (const label of openLabels) if (!label.forId) label.controls.push(control);
    (form ? form.controls : orphanControls).push(control);
  };
  const newControl = (tag: Control['tag'], type: string, attrs: Record<string, string>): Control => ({
    tag,
    type,
    name: attrs.name ?? '',
    id: attrs.id ?? '',
    value: attrs.value ?? '',
    checked: 'checked' in attrs,
    disabled: 'disabled' in attrs,
    required: 'required' in attrs,
    label: attrs['aria-label'] ?? '',
    legend: '',
    options: [],
  });
  const closeOption = () => {
    if (!option || !select) return;
    const text = collapse(option.text.join(''));
    select.options.push({ value: option.value ?? text, text, selected: option.selected });
    option = null;
  };

  for (const tok of tokens) {
    if (tok.kind === 'text') {
      if (inTitle) {
        title += tok.text;
        continue;
      }
      if (textarea) {
        textarea.value += tok.text;
        continue;
      }
      if (hiddenDepth > 0) continue;
      textParts.push(tok.text);
      for (const label of openLabels) label.text.push(tok.text);
      legend?.push(tok.text);
      heading?.text.push(tok.text);
      button?.text.push(tok.text);
      option?.text.push(tok.text);
      link?.text.push(tok.text);
      alert?.text.push(tok.text);
      continue;
    }
    if (tok.kind === 'open') {
      const { tag, attrs } = tok;
      if (!outcome && attrs['data-outcome']) outcome = attrs['data-outcome'];
      if (alert && tag === alert.tag && !tok.selfClosing) alert.depth++;
      else if (!alert && (attrs.role ?? '').toLowerCase() === 'alert' && !tok.selfClosing)
        alert = { tag, depth: 0, text: [] };
      if (tag === 'title') {
        inTitle = true;
        continue;
      }
      if (HIDDEN_TEXT.has(tag) && !tok.selfClosing) {
        hiddenDepth++;
        continue;
      }
      if (['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'section', 'fieldset', 'legend', 'label'].includes(tag))
        textParts.push(' ');
      switch (tag) {
        case 'form':
          form = {
            index: forms.length,
            action: attrs.action ?? '',
            method: (attrs.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get',
            id: attrs.id ?? '',
            controls: [],
          };
          forms.push(form);
          break;
        case 'label':
          openLabels.push({ forId: attrs.for ?? '', text: [], controls: [] });
          break;
        case 'fieldset':
          fieldsets.push({ legend: '' });
          break;
        case 'legend':
          legend = [];
          break;
        case 'h1':
        case 'h2':
          heading = { level: tag, text: [] };
          break;
        case 'a':
          if (attrs.href !== undefined) link = { href: attrs.href, text: [] };
          break;
        case 'input': {
          const type = (attrs.type ?? 'text').toLowerCase();
          const control = newControl('input', type, attrs);
          if ((type === 'checkbox' || type === 'radio') && attrs.value === undefined) control.value = 'on';
          if (type === 'submit' && attrs.value === undefined) control.value = 'Submit';
          if (type === 'submit') control.label = control.label || control.value;
          addControl(control);
          break;
        }
        case 'button': {
          const type = (attrs.type ?? 'submit').toLowerCase();
          const control = newControl('button', type, attrs);
          addControl(control);
          if (!tok.selfClosing) button = { control, text: [] };
          break;
        }
        case 'select': {
          select = newControl('select', 'multiple' in attrs ? 'select-multiple' : 'select-one', attrs);
          addControl(select);
          break;
        }
        case 'option':
          closeOption();
          if (select) option = { value: attrs.value ?? null, text: [], selected: 'selected' in attrs };
          break;
        case 'textarea': {
          textarea = newControl('textarea', 'textarea', attrs);
          textarea.value = '';
          addControl(textarea);
          break;
        }
        default:
          break;
      }
      continue;
    }
    // close tags
    const { tag } = tok;
    if (alert && tag === alert.tag) {
      if (alert.depth === 0) {
        alerts.push(collapse(alert.text.join(' ')));
        alert = null;
      } else alert.depth--;
    }
    if (tag === 'title') {
      inTitle = false;
      continue;
    }
    if (HIDDEN_TEXT.has(tag)) {
      hiddenDepth = Math.max(0, hiddenDepth - 1);
      continue;
    }
    switch (tag) {
      case 'form':
        form = null;
        break;
      case 'label': {
        const label = openLabels.pop();
        if (label) {
          const text = collapse(label.text.join(''));
          if (label.forId) labelsFor.set(label.forId, text);
          for (const c of label.controls) if (!c.label) c.label = text;
        }
        break;
      }
      case 'legend':
        if (legend && fieldsets.length) fieldsets[fieldsets.length - 1].legend = collapse(legend.join(''));
        legend = null;
        break;
      case 'fieldset':
        fieldsets.pop();
        break;
      case 'h1':
      case 'h2':
        if (heading && heading.level === tag) {
          const text = collapse(heading.text.join(''));
          if (tag === 'h1' && !h1) h1 = text;
          if (tag === 'h2' && !h2) h2 = text;
        }
        heading = null;
        break;
      case 'button':
        if (button) {
          button.control.label = button.control.label || collapse(button.text.join(''));
          button = null;
        }
        break;
      case 'option':
        closeOption();
        break;
      case 'select':
        closeOption();
        select = null;
        break;
      case 'textarea':
        // A newline right after <textarea> is not part of the value (HTML parsing rule).
        if (textarea) textarea.value = textarea.value.replace(/^\r?\n/, '');
        textarea = null;
        break;
      case 'a':
        if (link) {
          links.push({ href: link.href, text: collapse(link.text.join('')) });
          link = null;
        }
        break;
      default:
        break;
    }
  }
  for (const f of forms) {
    for (const c of f.controls) {
      if (!c.label && c.id && labelsFor.has(c.id)) c.label = labelsFor.get(c.id) ?? '';
      if (c.tag === 'select' && c.type === 'select-one' && !c.options.some((o) => o.selected) && c.options.length)
        c.options[0].selected = true;
    }
  }
  return {
    title: collapse(title),
    heading: h1 || h2,
    outcome,
    text: collapse(textParts.join('')),
    alerts,
    forms,
    links,
  };
}

/** A control that submits the form when pressed. */
export function isSubmitter(c: Control): boolean {
  return (
    (c.tag === 'button' && c.type === 'submit') || (c.tag === 'input' && (c.type === 'submit' || c.type === 'image'))
  );
}

/**
 * The fields a browser would send for `form` pressed with `submitter` (HTML "constructing the entry list"):
 * disabled and nameless controls are skipped, checkboxes and radios only when checked, only the pressed button.
 */
export function formEntries(form: HtmlForm, submitter?: Control | null): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const c of form.controls) {
    if (c.disabled || !c.name) continue;
    if (isSubmitter(c)) {
      if (c === submitter) entries.push([c.name, c.value]);
      continue;
    }
    if (c.tag === 'button') continue;
    if (c.tag === 'input' && (c.type === 'checkbox' || c.type === 'radio')) {
      if (c.checked) entries.push([c.name, c.value]);
      continue;
    }
    if (c.tag === 'input' && (c.type === 'file' || c.type === 'reset' || c.type === 'button')) continue;
    if (c.tag === 'select') {
      for (const o of c.options) if (o.selected) entries.push([c.name, o.value]);
      continue;
    }
    entries.push([c.name, c.value]);
  }
  return entries;
}

/** Entries as the flat field map the emulator's webPost takes; a repeated name keeps its first value, as Apps Script's `e.parameter` does. */
export function entriesToFields(entries: Array<[string, string]>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of entries) if (!(name in fields)) fields[name] = value;
  return fields;
}

/** A deep copy, so a person filling a form does not change the parsed page. */
export function cloneForm(form: HtmlForm): HtmlForm {
  return { ...form, controls: form.controls.map((c) => ({ ...c, options: c.options.map((o) => ({ ...o })) })) };
}

/** Ticks every checkbox with that name; returns how many. */
export function tick(form: HtmlForm, name: string): number {
  let n = 0;
  for (const c of form.controls)
    if (c.tag === 'input' && c.type === 'checkbox' && c.name === name && !c.disabled) {
      c.checked = true;
      n++;
    }
  return n;
}

/** Chooses the radio `name` = `value` (unchecking the rest of the group); false when there is no such radio. */
export function choose(form: HtmlForm, name: string, value: string): boolean {
  const group = form.controls.filter((c) => c.tag === 'input' && c.type === 'radio' && c.name === name);
  const target = group.find((c) => c.value === value && !c.disabled);
  if (!target) return false;
  for (const c of group) c.checked = c === target;
  return true;
}

/** Types into a text-like input or textarea (or picks a select option by value); false when there is no such field. */
export function fill(form: HtmlForm, name: string, value: string): boolean {
  const c = form.controls.find(
    (x) =>
      x.name === name &&
      !x.disabled &&
      !isSubmitter(x) &&
      !(x.tag === 'input' && ['checkbox', 'radio', 'hidden', 'file'].includes(x.type)),
  );
  if (!c) return false;
  if (c.tag === 'select') {
    const opt = c.options.find((o) => o.value === value);
    if (!opt) return false;
    for (const o of c.options) o.selected = o === opt;
    return true;
  }
  c.value = sanitizeValue(c, value);
  return true;
}

const SINGLE_LINE = new Set(['text', 'search', 'tel', 'url', 'email', 'password']);

/** The browser's value sanitization: single-line inputs drop line breaks, and email inputs trim whitespace (HTML §4.10.5). */
export function sanitizeValue(c: Control, value: string): string {
  if (c.tag !== 'input' || !SINGLE_LINE.has(c.type)) return value;
  const line = value.replace(/[\r\n]/g, '');
  return c.type === 'email' || c.type === 'url' ? line.trim() : line;
}

/** Resolves a form action (or link) against the page URL; an empty action means the page itself. */
export function resolveUrl(action: string, pageUrl: string): string {
  if (!action) return pageUrl;
  try {
    return new URL(action, pageUrl).toString();
  } catch {
    return action;
  }
}
