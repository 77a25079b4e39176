// HtmlService: templates with scriptlets (<? ?>, <?= ?> contextually escaped, <?!= ?> raw) evaluated in the bundle's realm, and HtmlOutput pages.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { escapeHtml, HtmlContextTracker } from './html-escape';
import { GasException } from './runtime';
import { enumOf, EXPOSED, expose, implOf, signatureError, type ServiceContext } from './service-kit';

export const XFrameOptionsMode = enumOf('ALLOWALL', 'DEFAULT');
export const SandboxMode = enumOf('EMULATED', 'IFRAME', 'NATIVE');
/** The only meta tags HtmlOutput.addMetaTag accepts (reference: "Only the following meta tags are allowed"). */
const ALLOWED_META = new Set([
  'apple-mobile-web-app-capable',
  'google-site-verification',
  'mobile-web-app-capable',
  'viewport',
]);

export class HtmlOutputImpl {
  _content: string;
  _title = '';
  _meta: Array<{ name: string; content: string }> = [];
  _xFrame: string = XFrameOptionsMode.DEFAULT;
  _sandbox: string = SandboxMode.IFRAME;
  _width = 600;
  _height = 400;
  _favicon = '';

  constructor(
    private readonly _ctx: ServiceContext,
    content: string,
  ) {
    this._content = content;
  }

  getContent(): string {
    return this._content;
  }
  setContent(content: string): this {
    this._content = String(content);
    return this;
  }
  /** Trusted content, appended as is. */
  append(addedContent: string): this {
    this._content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): this {
    this._content += escapeHtml(String(addedContent));
    return this;
  }
  clear(): this {
    this._content = '';
    return this;
  }
  getTitle(): string {
    return this._title;
  }
  setTitle(title: string): this {
    this._title = String(title);
    return this;
  }
  addMetaTag(name: string, content: string): this {
    if (!ALLOWED_META.has(String(name)))
      throw new GasException(
        `Invalid argument: name. Meta tag "${name}" is not allowed; allowed: ${[...ALLOWED_META].join(', ')}.`,
      );
    this._meta.push({ name: String(name), content: String(content) });
    return this;
  }
  getMetaTags(): unknown[] {
    return this._ctx.realm.array(
      this._meta.map((m) => expose(this._ctx.rt, 'HtmlOutputMetaTag', new MetaTagImpl(m.name, m.content))),
    );
  }
  setXFrameOptionsMode(mode: string): this {
    if (!(String(mode) in XFrameOptionsMode)) throw signatureError('HtmlOutput.setXFrameOptionsMode', [mode]);
    this._xFrame = String(mode);
    return this;
  }
  /** Deprecated on the platform (every page is IFRAME now); accepted and recorded. */
  setSandboxMode(mode: string): this {
    if (!(String(mode) in SandboxMode)) throw signatureError('HtmlOutput.setSandboxMode', [mode]);
    this._sandbox = String(mode);
    return this;
  }
  getWidth(): number {
    return this._width;
  }
  setWidth(width: number): this {
    this._width = width;
    return this;
  }
  getHeight(): number {
    return this._height;
  }
  setHeight(height: number): this {
    this._height = height;
    return this;
  }
  getFaviconUrl(): string {
    return this._favicon;
  }
  setFaviconUrl(url: string): this {
    this._favicon = String(url);
    return this;
  }
  asTemplate(): unknown {
    return exposeTemplate(this._ctx, this._content, 'HtmlOutput');
  }
}

class MetaTagImpl {
  constructor(
    private readonly _name: string,
    private readonly _content: string,
  ) {}
  getName(): string {
    return this._name;
  }
  getContent(): string {
    return this._content;
  }
}

export function exposeHtmlOutput(ctx: ServiceContext, content: string): unknown {
  return expose(ctx.rt, 'HtmlOutput', new HtmlOutputImpl(ctx, content));
}

// ---------------------------------------------------------------------------------------------------
// The scriptlet compiler

interface Part {
  kind: 'text' | 'code' | 'print' | 'raw';
  text: string;
}

export function parseScriptlets(source: string, fileName: string): Part[] {
  const parts: Part[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('<?', pos);
    if (open < 0) {
      parts.push({ kind: 'text', text: source.slice(pos) });
      break;
    }
    if (open > pos) parts.push({ kind: 'text', text: source.slice(pos, open) });
    const close = source.indexOf('?>', open + 2);
    if (close < 0)
      throw new GasException(
        `Unterminated scriptlet in ${fileName}: missing "?>" after "${source.slice(open, open + 20)}"`,
      );
    let body = source.slice(open + 2, close);
    let kind: Part['kind'] = 'code';
    if (body.startsWith('!=')) {
      kind = 'raw';
      body = body.slice(2);
    } else if (body.startsWith('=')) {
      kind = 'print';
      body = body.slice(1);
    }
    if (kind !== 'code') body = body.trim().replace(/;+\s*$/, '');
    parts.push({ kind, text: body });
    pos = close + 2;
  }
  return parts;
}

/** The generated JavaScript, in the shape getCode() shows on the platform: `output._` appends raw, `output._$` appends escaped. */
export function compileTemplate(parts: Part[], outputExpr: string, withComments: boolean): string {
  const lines = [`(function() { var output = ${outputExpr};`];
  for (const p of parts) {
    switch (p.kind) {
      case 'text':
        lines.push(`  output._ = ${JSON.stringify(p.text)};`);
        break;
      case 'print':
        if (withComments) lines.push(`  // <?= ${p.text} ?>`);
        lines.push(`  output._$ = (${p.text});`);
        break;
      case 'raw':
        if (withComments) lines.push(`  // <?!= ${p.text} ?>`);
        lines.push(`  output._ = (${p.text});`);
        break;
      case 'code':
        if (withComments) lines.push(`  // <? ${p.text.trim()} ?>`);
        lines.push(p.text);
        break;
    }
  }
  lines.push('  return output.$out; })();');
  return lines.join('\n');
}

/** The object behind `output` while a template runs. */
function createOutputSink(tracker: HtmlContextTracker): object {
  return Object.defineProperties(
    {},
    {
      _: {
        set(v: unknown) {
          tracker.appendRaw(v === null || v === undefined ? String(v) : String(v));
        },
      },
      _$: {
        set(v: unknown) {
          tracker.appendEscaped(v);
        },
      },
      $out: {
        get() {
          return tracker.output;
        },
      },
    },
  );
}

class HtmlTemplateImpl {
  constructor(
    private readonly _ctx: ServiceContext,
    private readonly _source: string,
    private readonly _fileName: string,
  ) {}

  getRawContent(): string {
    return this._source;
  }

  getCode(): string {
    return compileTemplate(parseScriptlets(this._source, this._fileName), 'HtmlService.initTemplate()', false);
  }

  getCodeWithComments(): string {
    return compileTemplate(parseScriptlets(this._source, this._fileName), 'HtmlService.initTemplate()', true);
  }

  /** Runs the scriptlets once, server-side, in the bundle's realm, with the template's properties in scope. */
  evaluate(): unknown {
    const exposed = (this as unknown as Record<symbol, object>)[EXPOSED];
    const scopeSource: Record<string, unknown> = {};
    for (const key of Object.keys(exposed)) {
      const value = (exposed as Record<string, unknown>)[key];
      if (typeof value === 'function' && TEMPLATE_METHODS.has(key)) continue;
      scopeSource[key] = value;
    }
    const context = this._ctx.realm.context();
    const scope = this._ctx.realm.object(scopeSource);
    const code = compileTemplate(parseScriptlets(this._source, this._fileName), '__emulatorOutput', false);
    const runner = vm.runInContext(
      `(function (__emulatorScope, __emulatorOutput) { with (__emulatorScope) { return ${code} } })`,
      context,
      { filename: this._fileName },
    ) as (scope: object, output: object) => string;
    const tracker = new HtmlContextTracker();
    const html = runner(scope, createOutputSink(tracker));
    return exposeHtmlOutput(this._ctx, html);
  }
}

const TEMPLATE_METHODS = new Set(['getRawContent', 'getCode', 'getCodeWithComments', 'evaluate', 'toString']);

function exposeTemplate(ctx: ServiceContext, source: string, fileName: string): unknown {
  return expose(ctx.rt, 'HtmlTemplate', new HtmlTemplateImpl(ctx, source, fileName));
}

function sourceOf(value: unknown, method: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const html = implOf(value, HtmlOutputImpl);
    if (html) return html._content;
    if (typeof (value as { getDataAsString?: unknown }).getDataAsString === 'function')
      return String((value as { getDataAsString(): string }).getDataAsString());
    if (typeof (value as { getBlob?: unknown }).getBlob === 'function')
      return String((value as { getBlob(): { getDataAsString(): string } }).getBlob().getDataAsString());
  }
  throw signatureError(method, [value]);
}

class HtmlServiceImpl {
  constructor(private readonly _ctx: ServiceContext) {}

  _readFile(name: string): { source: string; fileName: string } {
    if (typeof name !== 'string' || !name) throw signatureError('HtmlService.createTemplateFromFile', [name]);
    const fileName = name.endsWith('.html') ? name : `${name}.html`;
    const path = join(this._ctx.buildDir, fileName);
    if (!existsSync(path)) throw new GasException(`No HTML file named ${name.replace(/\.html$/, '')} was found.`);
    return { source: readFileSync(path, 'utf8'), fileName };
  }

  createTemplateFromFile(filename: string): unknown {
    const { source, fileName } = this._readFile(filename);
    return exposeTemplate(this._ctx, source, fileName);
  }

  createTemplate(html: unknown): unknown {
    return exposeTemplate(this._ctx, sourceOf(html, 'HtmlService.createTemplate'), 'template');
  }

  createHtmlOutput(html?: unknown): unknown {
    return exposeHtmlOutput(this._ctx, sourceOf(html, 'HtmlService.createHtmlOutput'));
  }

  /** The file as is: scriptlets are not evaluated. */
  createHtmlOutputFromFile(filename: string): unknown {
    return exposeHtmlOutput(this._ctx, this._readFile(filename).source);
  }
}

export function createHtmlService(ctx: ServiceContext): GoogleAppsScript.HTML.HtmlService {
  return expose(ctx.rt, 'HtmlService', new HtmlServiceImpl(ctx), {
    constants: { XFrameOptionsMode, SandboxMode },
  }) as unknown as GoogleAppsScript.HTML.HtmlService;
}

/** For the web-app facade: what a doGet/doPost return value renders as. */
export function htmlOutputOf(value: unknown): HtmlOutputImpl | null {
  return implOf(value, HtmlOutputImpl);
}
