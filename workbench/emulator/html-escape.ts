// Contextual auto-escaping for HtmlService templates: tracks where printed output lands (HTML text, attribute, URL, <script>, <style>) and escapes for that context.
//
// Apps Script's `<?= ?>` escapes by context, in the style of Closure/Caja auto-escaping: HTML entities
// in text and attribute values, URL filtering at the start of URL attributes, percent-encoding later in
// URLs, JavaScript values (quoted strings, bare numbers and booleans) inside <script> and on* handlers,
// and a CSS value filter inside <style> or style="". `<?!= ?>` output is raw but still moves the tracker.

const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'background',
  'cite',
  'poster',
  'longdesc',
  'usemap',
  'codebase',
  'data',
  'manifest',
  'icon',
]);

type State =
  | 'text'
  | 'tagName'
  | 'endTag'
  | 'beforeAttr'
  | 'attrName'
  | 'afterAttrName'
  | 'beforeValue'
  | 'valueDQ'
  | 'valueSQ'
  | 'valueUQ'
  | 'comment'
  | 'raw';

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Quoted values escape like text; unquoted ones also escape whitespace, `=` and backtick so the value cannot end early. */
function escapeHtmlAttr(s: string, unquoted: boolean): string {
  const out = escapeHtml(s);
  return unquoted ? out.replace(/[\s\0=`]/g, (c) => `&#${c.charCodeAt(0)};`) : out;
}

/** Escapes a string for inside a JavaScript string literal (either quote), safe in HTML too. */
export function escapeJsString(s: string): string {
  return s.replace(/[\0\b\t\n\v\f\r"&'/<=>\\`\x85\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '/') return '\\/';
    if (c === '\\') return '\\\\';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A JavaScript value: numbers and booleans bare, null/undefined as null, everything else as a quoted string of String(value). */
export function escapeJsValue(value: unknown): string {
  if (value === null || value === undefined) return ' null ';
  if (typeof value === 'number' || typeof value === 'boolean') return ` ${value} `;
  return `'${escapeJsString(String(value))}'`;
}

const SAFE_CSS =
  /^(?!-*(?:expression|(?:moz-)?binding))(?:[.#]?-?(?:[_a-z0-9-]+)(?:-[_a-z0-9-]+)*-?|-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[a-z]{1,2}|%)?|!important|)$/i;

function filterCssValue(s: string): string {
  return SAFE_CSS.test(s) ? s : 'zSoyz';
}

const SAFE_URL = /^(?![^#?]*\/(?:\.|%2E){2}(?:[/?#]|$))(?:(?:https?|mailto):|[^&:/?#]*(?:[/?#]|$))/i;

function percentEncodeChar(c: string): string {
  return Array.from(Buffer.from(c, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** At the start of a URL attribute: unsafe schemes (javascript:, data:…) become `#zSoyz`; the rest is normalised. */
function filterNormalizeUrl(s: string): string {
  if (!SAFE_URL.test(s)) return '#zSoyz';
  return s.replace(/[\0- "'()<>\\{}\x7f-\x9f\u00a0\u2028\u2029]/g, percentEncodeChar);
}

/** Later in a URL (query values and the like): percent-encode everything but unreserved characters. */
function escapeUri(s: string): string {
  return s.replace(/[^A-Za-z0-9\-_.~]/g, percentEncodeChar);
}

const SAFE_ATTR_NAME = /^(?!on|style$|src$|href$)[a-z_][a-z0-9_\-:]*$/i;

/** Tracks the HTML context at the end of the output produced so far. */
export class HtmlContextTracker {
  private buf = '';
  private pos = 0;
  private state: State = 'text';
  private tag = '';
  private closing = false;
  private attr = '';
  private valueStart = 0;
  private rawTag = '';
  private jsQuote = '';
  private jsLineComment = false;
  private jsBlockComment = false;

  get output(): string {
    return this.buf;
  }

  /** Appends trusted text (static template text and `<?!= ?>` output). */
  appendRaw(text: string): void {
    this.buf += text;
    this.run();
  }

  /** Appends a value escaped for the current context (`<?= ?>`). */
  appendEscaped(value: unknown): void {
    this.appendRaw(this.escape(value));
  }

  /** Where the next character lands, for tests and debugging. */
  context(): string {
    if (this.state === 'raw') {
      if (this.rawTag !== 'script') return this.rawTag === 'style' ? 'css' : 'rcdata';
      return this.jsQuote ? 'js-string' : 'js';
    }
    if (this.state === 'valueDQ' || this.state === 'valueSQ' || this.state === 'valueUQ') return `attr:${this.attr}`;
    if (this.state === 'text' || this.state === 'comment') return this.state;
    return 'tag';
  }

  escape(value: unknown): string {
    const s = value === null || value === undefined ? String(value) : String(value);
    switch (this.state) {
      case 'text':
      case 'comment':
      case 'endTag':
        return escapeHtml(s);
      case 'raw':
        if (this.rawTag === 'script')
          return this.jsQuote || this.jsLineComment || this.jsBlockComment ? escapeJsString(s) : escapeJsValue(value);
        if (this.rawTag === 'style') return filterCssValue(s);
        return escapeHtml(s);
      case 'beforeValue':
      case 'valueDQ':
      case 'valueSQ':
      case 'valueUQ': {
        // Right after `name=` the value is about to start, unquoted.
        const unquoted = this.state === 'valueUQ' || this.state === 'beforeValue';
        const sofar = this.state === 'beforeValue' ? '' : this.buf.slice(this.valueStart);
        let inner: string;
        if (this.attr.startsWith('on'))
          inner = jsQuoteOpen(decodeEntities(sofar)) ? escapeJsString(s) : escapeJsValue(value);
        else if (this.attr === 'style') inner = filterCssValue(s);
        else if (URL_ATTRS.has(this.attr)) inner = sofar.trim() === '' ? filterNormalizeUrl(s) : escapeUri(s);
        else inner = s;
        return escapeHtmlAttr(inner, unquoted);
      }
      default:
        // Inside a tag but not in a value: only a plain attribute name may be printed.
        return SAFE_ATTR_NAME.test(s) ? s : 'zSoyz';
    }
  }

  private closeTag(): void {
    if (!this.closing && RAW_TEXT_TAGS.has(this.tag)) {
      this.state = 'raw';
      this.rawTag = this.tag;
      this.jsQuote = '';
      this.jsLineComment = false;
      this.jsBlockComment = false;
    } else this.state = 'text';
  }

  private run(): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos];
      switch (this.state) {
        case 'text': {
          const i = b.indexOf('<', this.pos);
          if (i < 0) {
            this.pos = b.length;
            break;
          }
          this.pos = i;
          const ahead = b.slice(i, i + 4);
          if (/^<[A-Za-z]/.test(ahead)) {
            this.state = 'tagName';
            this.tag = '';
            this.closing = false;
            this.pos = i + 1;
          } else if (/^<\/[A-Za-z]/.test(ahead)) {
            this.state = 'tagName';
            this.tag = '';
            this.closing = true;
            this.pos = i + 2;
          } else if (ahead.startsWith('<!--')) {
            this.state = 'comment';
            this.pos = i + 4;
          } else if (ahead.length < 4 && ('<!--'.startsWith(ahead) || ahead === '<' || ahead === '</'))
            return; // wait for more text
          else this.pos = i + 1;
          break;
        }
        case 'tagName':
          if (/[\s/>]/.test(c)) {
            this.state = this.closing ? 'endTag' : 'beforeAttr';
            this.tag = this.tag.toLowerCase();
          } else {
            this.tag += c;
            this.pos++;
          }
          break;
        case 'endTag': {
          const i = b.indexOf('>', this.pos);
          if (i < 0) {
            this.pos = b.length;
            break;
          }
          this.pos = i + 1;
          this.state = 'text';
          break;
        }
        case 'beforeAttr':
          if (c === '>') {
            this.pos++;
            this.closeTag();
          } else if (/[\s/]/.test(c)) this.pos++;
          else {
            this.state = 'attrName';
            this.attr = '';
          }
          break;
        case 'attrName':
          if (/[\s=>/]/.test(c)) {
            this.state = 'afterAttrName';
            this.attr = this.attr.toLowerCase();
          } else {
            this.attr += c;
            this.pos++;
          }
          break;
        case 'afterAttrName':
          if (/\s/.test(c)) this.pos++;
          else if (c === '=') {
            this.state = 'beforeValue';
            this.pos++;
          } else if (c === '>') {
            this.pos++;
            this.closeTag();
          } else if (c === '/') {
            this.state = 'beforeAttr';
            this.pos++;
          } else {
            this.state = 'attrName';
            this.attr = '';
          }
          break;
        case 'beforeValue':
          if (/\s/.test(c)) this.pos++;
          else if (c === '"') {
            this.state = 'valueDQ';
            this.pos++;
            this.valueStart = this.pos;
          } else if (c === "'") {
            this.state = 'valueSQ';
            this.pos++;
            this.valueStart = this.pos;
          } else if (c === '>') {
            this.pos++;
            this.closeTag();
          } else {
            this.state = 'valueUQ';
            this.valueStart = this.pos;
          }
          break;
        case 'valueDQ':
        case 'valueSQ': {
          const i = b.indexOf(this.state === 'valueDQ' ? '"' : "'", this.pos);
          if (i < 0) {
            this.pos = b.length;
            break;
          }
          this.pos = i + 1;
          this.state = 'beforeAttr';
          break;
        }
        case 'valueUQ':
          if (/[\s>]/.test(c)) this.state = 'beforeAttr';
          else this.pos++;
          break;
        case 'comment': {
          const i = b.indexOf('-->', this.pos);
          if (i < 0) {
            this.pos = Math.max(this.pos, b.length - 2);
            return;
          }
          this.pos = i + 3;
          this.state = 'text';
          break;
        }
        case 'raw': {
          const end = `</${this.rawTag}`;
          if (c === '<') {
            const ahead = b.slice(this.pos, this.pos + end.length + 1);
            if (ahead.length < end.length + 1 && end.startsWith(ahead.toLowerCase())) return; // wait
            if (ahead.toLowerCase().startsWith(end) && /[\s/>]/.test(ahead[end.length] ?? '')) {
              this.state = 'endTag';
              this.pos += end.length;
              break;
            }
          }
          if (this.rawTag === 'script') this.scanJs(c);
          this.pos++;
          break;
        }
      }
    }
  }

  /** Light JavaScript lexer: enough to know whether the next character is inside a string or a comment. */
  private scanJs(c: string): void {
    const b = this.buf;
    if (this.jsLineComment) {
      if (c === '\n') this.jsLineComment = false;
      return;
    }
    if (this.jsBlockComment) {
      if (c === '/' && b[this.pos - 1] === '*') this.jsBlockComment = false;
      return;
    }
    if (this.jsQuote) {
      if (c === '\\') {
        this.pos++;
        return;
      }
      if (c === this.jsQuote) this.jsQuote = '';
      return;
    }
    if (c === '"' || c === "'" || c === '`') this.jsQuote = c;
    else if (c === '/' && b[this.pos + 1] === '/') {
      this.jsLineComment = true;
      this.pos++;
    } else if (c === '/' && b[this.pos + 1] === '*') {
      this.jsBlockComment = true;
      this.pos++;
    }
  }
}

function decodeEntities(s: string): string {
  return s.replace(
    /&(quot|#34|#39|apos|amp|lt|gt);/g,
    (_, e: string) => ({ quot: '"', '#34': '"', '#39': "'", apos: "'", amp: '&', lt: '<', gt: '>' })[e] as string,
  );
}

/** Whether a JavaScript snippet ends inside a string literal. */
function jsQuoteOpen(js: string): boolean {
  let quote = '';
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote !== '';
}
