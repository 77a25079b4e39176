// ContentService: text outputs (JSON, plain text, CSV…) that doGet/doPost return instead of HTML.

import { enumOf, expose, implOf, signatureError, type ServiceContext } from './service-kit';

export const MimeType = enumOf('ATOM', 'CSV', 'ICAL', 'JAVASCRIPT', 'JSON', 'RSS', 'TEXT', 'VCARD', 'XML');

/** The Content-Type a browser receives for each ContentService.MimeType. */
export const MIME_STRINGS: Record<string, string> = {
  ATOM: 'application/atom+xml',
  CSV: 'text/csv',
  ICAL: 'text/calendar',
  JAVASCRIPT: 'application/javascript',
  JSON: 'application/json',
  RSS: 'application/rss+xml',
  TEXT: 'text/plain',
  VCARD: 'text/vcard',
  XML: 'text/xml',
};

export class TextOutputImpl {
  _content: string;
  _mimeType: string = MimeType.TEXT;
  _fileName: string | null = null;

  constructor(content: string) {
    this._content = content;
  }

  getContent(): string {
    return this._content;
  }
  setContent(content: string): this {
    this._content = String(content);
    return this;
  }
  append(addedContent: string): this {
    this._content += String(addedContent);
    return this;
  }
  clear(): this {
    this._content = '';
    return this;
  }
  getMimeType(): string {
    return this._mimeType;
  }
  setMimeType(mimeType: unknown): this {
    if (!(String(mimeType) in MimeType)) throw signatureError('TextOutput.setMimeType', [mimeType]);
    this._mimeType = String(mimeType);
    return this;
  }
  getFileName(): string | null {
    return this._fileName;
  }
  downloadAsFile(filename: string): this {
    this._fileName = String(filename);
    return this;
  }
}

class ContentServiceImpl {
  constructor(private readonly _ctx: ServiceContext) {}
  createTextOutput(content?: unknown): unknown {
    return expose(this._ctx.rt, 'TextOutput', new TextOutputImpl(content === undefined ? '' : String(content)));
  }
}

export function createContentService(ctx: ServiceContext): GoogleAppsScript.Content.ContentService {
  return expose(ctx.rt, 'ContentService', new ContentServiceImpl(ctx), {
    constants: { MimeType },
  }) as unknown as GoogleAppsScript.Content.ContentService;
}

export function textOutputOf(value: unknown): TextOutputImpl | null {
  return implOf(value, TextOutputImpl);
}
