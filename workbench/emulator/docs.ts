// Emulated Google Docs: the document store (paragraph bodies, per-execution shadow copies) and DocumentApp with Document, Body, Paragraph, ListItem, Table, TableRow, TableCell, Text and HorizontalRule.

import { GasException, guard } from './runtime';
import type { DocSnapshot } from './contracts';
import { createEnum, MESSAGES, type DataContext } from './data-core';
import { createSharingMembers, type DriveItem, type DriveStore } from './drive';

/** Docs' documented ceiling (🟡 reference §1.3). */
export const MAX_DOC_CHARS = 1_020_000;

export const PARAGRAPH_HEADINGS = [
  'NORMAL',
  'HEADING1',
  'HEADING2',
  'HEADING3',
  'HEADING4',
  'HEADING5',
  'HEADING6',
  'TITLE',
  'SUBTITLE',
] as const;
export type Heading = (typeof PARAGRAPH_HEADINGS)[number];

const ELEMENT_TYPES = [
  'BODY_SECTION',
  'COMMENT_SECTION',
  'DATE',
  'EQUATION',
  'EQUATION_FUNCTION',
  'EQUATION_FUNCTION_ARGUMENT_SEPARATOR',
  'EQUATION_SYMBOL',
  'RICH_LINK',
  'FOOTER_SECTION',
  'FOOTNOTE',
  'FOOTNOTE_SECTION',
  'HEADER_SECTION',
  'HORIZONTAL_RULE',
  'INLINE_DRAWING',
  'INLINE_IMAGE',
  'LIST_ITEM',
  'PAGE_BREAK',
  'PARAGRAPH',
  'PERSON',
  'TABLE',
  'TABLE_CELL',
  'TABLE_OF_CONTENTS',
  'TABLE_ROW',
  'TEXT',
  'UNSUPPORTED',
] as const;

/**
 * One body child. Horizontal rules live inside an otherwise empty paragraph, as in Docs. A `TABLE` holds its cells'
 * paragraphs (rows → cells → paragraphs); its own `text` is unused.
 */
interface ParagraphRecord {
  type: 'PARAGRAPH' | 'LIST_ITEM' | 'TABLE';
  heading: Heading;
  text: string;
  horizontalRule?: boolean;
  cells?: ParagraphRecord[][][];
}

interface DocumentRecord {
  id: string;
  item: DriveItem;
  paragraphs: ParagraphRecord[];
}

/** Headings ranked for "the next heading of the same or higher level" (TITLE/SUBTITLE outrank HEADING1). */
const HEADING_LEVEL: Record<Heading, number> = {
  TITLE: 0,
  SUBTITLE: 0,
  HEADING1: 1,
  HEADING2: 2,
  HEADING3: 3,
  HEADING4: 4,
  HEADING5: 5,
  HEADING6: 6,
  NORMAL: 99,
};

function cloneParagraphs(paragraphs: ParagraphRecord[]): ParagraphRecord[] {
  return paragraphs.map((p) =>
    p.cells ? { ...p, cells: p.cells.map((row) => row.map((cell) => cloneParagraphs(cell))) } : { ...p },
  );
}

/** A cell's text: its paragraphs joined by newlines (TableCell.getText). */
function cellText(cell: ParagraphRecord[]): string {
  return cell.map((p) => p.text).join('\n');
}

/** ❓ How Body.getText renders a table is not documented: here each cell's text on its own line, row after row. */
function recordText(p: ParagraphRecord): string {
  return p.cells ? p.cells.map((row) => row.map(cellText).join('\n')).join('\n') : p.text;
}

function bodyText(paragraphs: ParagraphRecord[]): string {
  return paragraphs.map(recordText).join('\n');
}

/**
 * Every paragraph of a body, those in table cells included, in document order: Body.getParagraphs "Retrieves all the
 * Paragraphs contained in the section (including ListItems)" (developers.google.com/apps-script/reference/document/body).
 * The ones in cells are not children of the body (getChildIndex refuses them).
 */
function allParagraphs(paragraphs: ParagraphRecord[]): ParagraphRecord[] {
  return paragraphs.flatMap((p) => (p.cells ? p.cells.flat(2) : [p]));
}

/** A table record with one cell per string (Body.appendTable(cells)). */
function tableRecord(rows: readonly (readonly unknown[])[]): ParagraphRecord {
  return {
    type: 'TABLE',
    heading: 'NORMAL',
    text: '',
    cells: rows.map((row) =>
      row.map((value) =>
        String(value ?? '')
          .split('\n')
          .map((line): ParagraphRecord => ({ type: 'PARAGRAPH', heading: 'NORMAL', text: line })),
      ),
    ),
  };
}

/**
 * The Docs store. DocumentApp edits a shadow copy per execution: edits are visible to the execution at
 * once, committed by saveAndClose() or the normal end of the execution, and lost if the execution is
 * killed (🟡 gas-fakes oddities).
 */
export class DocsStore {
  readonly documents = new Map<string, DocumentRecord>();
  private readonly shadows = new Map<DocumentRecord, ParagraphRecord[]>();
  private hookedExecution = -1;
  /**
   * Whether `appendParagraph` makes a paragraph of each line of its text. Google does not document what a line break in
   * the text does; kept in one paragraph by default (a paragraph's text holds it). selfTest's "Line breaks" check asks a
   * real account, and a test turns this on to see that check fail.
   */
  splitsLineBreaks = false;

  constructor(
    readonly ctx: DataContext,
    readonly drive: DriveStore,
  ) {}

  create(name: string, owner: string, parentId?: string): DocumentRecord {
    const item = this.drive.create('document', name, owner, parentId);
    const doc: DocumentRecord = { id: item.id, item, paragraphs: [{ type: 'PARAGRAPH', heading: 'NORMAL', text: '' }] };
    this.documents.set(doc.id, doc);
    return doc;
  }

  /** Saves the committed body the first time an execution edits a document. */
  beginEdit(doc: DocumentRecord): void {
    const exec = this.ctx.rt.execution;
    if (!exec) return;
    if (this.hookedExecution !== exec.id) {
      this.hookedExecution = exec.id;
      this.ctx.rt.onCommit(() => {
        for (const d of this.shadows.keys()) this.drive.noteContentChange(d.item);
        this.shadows.clear();
      });
      this.ctx.rt.onEnd(() => {
        for (const [d, saved] of this.shadows) d.paragraphs = saved;
        this.shadows.clear();
      });
    }
    if (!this.shadows.has(doc)) this.shadows.set(doc, cloneParagraphs(doc.paragraphs));
  }

  commit(doc: DocumentRecord): void {
    if (this.shadows.delete(doc)) this.drive.noteContentChange(doc.item);
  }

  committed(doc: DocumentRecord): ParagraphRecord[] {
    return this.shadows.get(doc) ?? doc.paragraphs;
  }

  snapshot(doc: DocumentRecord): DocSnapshot {
    const paragraphs = this.committed(doc);
    const file = this.drive.snapshot(doc.item);
    return {
      id: doc.id,
      title: doc.item.name,
      text: bodyText(paragraphs),
      paragraphs: paragraphs.map((p) => ({ heading: p.heading, text: recordText(p) })),
      access: doc.item.access,
      editors: file.editors,
      everHadAccess: file.everHadAccess,
      inSharedFolder: file.inSharedFolder,
    };
  }

  find(id: string): DocumentRecord {
    const doc = this.documents.get(id);
    if (!doc) throw new Error(`Emulator: no document ${id}`);
    return doc;
  }

  /** A person opening the Doc in a browser: its committed text, if they can open it. */
  openAsUser(user: string, id: string): string {
    const doc = this.find(id);
    if (!this.drive.canRead(user, doc.item)) throw new GasException(MESSAGES.noDocumentAccess);
    return bodyText(this.committed(doc));
  }

  /**
   * The section under `heading` as a person editing the Doc finds it: its heading's index and the index just past it
   * (the next heading of the same or a higher level). Refused as Docs refuses someone without edit access.
   */
  private sectionForUser(user: string, id: string, heading: string) {
    const doc = this.find(id);
    if (!this.drive.canWrite(user, doc.item)) throw new GasException(MESSAGES.noDocumentAccess);
    const paragraphs = doc.paragraphs;
    const start = paragraphs.findIndex((p) => p.heading !== 'NORMAL' && p.text === heading);
    if (start < 0) throw new Error(`Emulator: document ${id} has no heading "${heading}"`);
    const level = HEADING_LEVEL[paragraphs[start].heading];
    let end = start + 1;
    while (end < paragraphs.length && HEADING_LEVEL[paragraphs[end].heading] > level) end++;
    return { paragraphs, start, end };
  }

  /**
   * A person inserting a table (Insert > Table, then typing) at the end of the section under `heading`; Docs keeps a
   * paragraph after a table that ends the body.
   */
  writeTableAsUser(user: string, id: string, heading: string, rows: string[][]): void {
    const { paragraphs, end } = this.sectionForUser(user, id, heading);
    paragraphs.splice(end, 0, tableRecord(rows));
    if (end === paragraphs.length - 1) paragraphs.push({ type: 'PARAGRAPH', heading: 'NORMAL', text: '' });
    if (bodyText(paragraphs).length > MAX_DOC_CHARS) throw new GasException(DOC_TOO_LARGE);
    this.drive.noteContentChange(this.find(id).item);
  }

  /** A version as File > Version history lists it: the body as last saved (each saved state is a version). */
  version(id: string): ParagraphRecord[] {
    return cloneParagraphs(this.committed(this.find(id)));
  }

  /**
   * An editor's File > Version history > "Restore this version": the body becomes the earlier version's again, every
   * later edit (by anyone, the script's included) gone from it; the newer version stays in history and Drive lists the
   * change. Only editors see the history and restore (Google Docs Editors Help, "Find what's changed in a file":
   * support.google.com/docs/answer/190843). The title is Drive's, not the body's: it stays.
   */
  restoreVersionAsUser(user: string, id: string, version: ParagraphRecord[]): void {
    const doc = this.find(id);
    if (!this.drive.canWrite(user, doc.item)) throw new GasException(MESSAGES.noDocumentAccess);
    doc.paragraphs = cloneParagraphs(version);
    this.drive.noteContentChange(doc.item);
  }

  /** A person replacing the paragraphs under a heading, up to the next heading of the same or higher level. */
  writeSectionAsUser(user: string, id: string, heading: string, text: string): void {
    const { paragraphs, start, end } = this.sectionForUser(user, id, heading);
    const replacement: ParagraphRecord[] =
      text === '' ? [] : text.split('\n').map((line) => ({ type: 'PARAGRAPH', heading: 'NORMAL', text: line }));
    paragraphs.splice(start + 1, end - start - 1, ...replacement);
    // The body must end with a paragraph; Docs keeps an empty one after a trailing heading only if it was there.
    if (paragraphs.length === 0) paragraphs.push({ type: 'PARAGRAPH', heading: 'NORMAL', text: '' });
    if (bodyText(paragraphs).length > MAX_DOC_CHARS) throw new GasException(DOC_TOO_LARGE);
    this.drive.noteContentChange(this.find(id).item);
  }
}

// ❓ wording: no documented message for exceeding 1.02 million characters.
const DOC_TOO_LARGE = 'Document is too large: a Google Doc holds at most 1,020,000 characters.';
// ❓ wording of edits after saveAndClose().
const DOC_CLOSED = 'Document is closed, its contents cannot be updated.';

export class DocumentServices {
  constructor(
    readonly ctx: DataContext,
    readonly store: DocsStore,
    readonly drive: DriveStore,
  ) {}

  createDocumentApp(): unknown {
    const ctx = this.ctx;
    const app = {
      ParagraphHeading: createEnum(PARAGRAPH_HEADINGS),
      ElementType: createEnum(ELEMENT_TYPES),
      create: (name: string) =>
        ctx.call(
          'DocumentApp.create',
          () => this.documentApi(this.store.create(String(name), ctx.user('DocumentApp.create'))),
          true,
        ),
      openById: (id: string) =>
        ctx.call('DocumentApp.openById', () => {
          const item = this.drive.requireOpenable(id, ctx.user('DocumentApp.openById'), 'document');
          return this.documentApi(this.store.documents.get(item.id)!);
        }),
      openByUrl: (url: string) =>
        ctx.call('DocumentApp.openByUrl', () => {
          const id = /\/document\/d\/([A-Za-z0-9_-]+)/.exec(String(url))?.[1];
          if (!id) throw new GasException('Invalid argument: url');
          const item = this.drive.requireOpenable(id, ctx.user('DocumentApp.openByUrl'), 'document');
          return this.documentApi(this.store.documents.get(item.id)!);
        }),
      // A standalone script has no active document.
      getActiveDocument: () => ctx.call('DocumentApp.getActiveDocument', () => null),
      getUi: () =>
        ctx.call('DocumentApp.getUi', () => {
          throw new GasException('Cannot call DocumentApp.getUi() from this context.');
        }),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.DocumentApp, unknown>>;
    return guard(app, 'DocumentApp');
  }

  /** One opened Document; its Body and Paragraphs share the open session (closed by saveAndClose). */
  documentApi(doc: DocumentRecord): unknown {
    const ctx = this.ctx;
    const session = { closed: false };
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Document.${name}`, fn, sideEffect);
    const reader = () => {
      const user = ctx.user('Document');
      if (!this.drive.canRead(user, doc.item)) throw new GasException(MESSAGES.noDocumentAccess);
      return user;
    };
    const api = {
      ...createSharingMembers(ctx, this.drive, doc.item, 'Document', 'DocumentApp'),
      getId: () => call('getId', () => (reader(), doc.id)),
      getName: () => call('getName', () => (reader(), doc.item.name)),
      setName: (name: string) =>
        call(
          'setName',
          () => {
            this.drive.requireWritable(doc.item, ctx.user('Document.setName'), 'DocumentApp');
            doc.item.name = String(name);
            return self;
          },
          true,
        ),
      getUrl: () => call('getUrl', () => (reader(), this.drive.urlOf(doc.item))),
      getBody: () => call('getBody', () => (reader(), this.bodyApi(doc, session))),
      // Headers and footers are not modelled: a new document has none, and getHeader() returns null then.
      getHeader: () => call('getHeader', () => (reader(), null)),
      getFooter: () => call('getFooter', () => (reader(), null)),
      saveAndClose: () =>
        call(
          'saveAndClose',
          () => {
            reader();
            this.store.commit(doc);
            session.closed = true;
          },
          true,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.Document, unknown>>;
    const self: unknown = guard(api, 'Document');
    return self;
  }

  /** Edit preamble: edit rights, an open session, a shadow copy for the execution. */
  private editor(doc: DocumentRecord, session: { closed: boolean }, what: string): void {
    if (session.closed) throw new GasException(DOC_CLOSED);
    this.drive.requireWritable(doc.item, this.ctx.user(what), 'DocumentApp');
    this.store.beginEdit(doc);
  }

  private reader(doc: DocumentRecord, what: string): void {
    if (!this.drive.canRead(this.ctx.user(what), doc.item)) throw new GasException(MESSAGES.noDocumentAccess);
  }

  private checkSize(doc: DocumentRecord): void {
    if (bodyText(doc.paragraphs).length > MAX_DOC_CHARS) throw new GasException(DOC_TOO_LARGE);
  }

  private indexOf(doc: DocumentRecord, p: ParagraphRecord): number {
    return doc.paragraphs.indexOf(p);
  }

  /** Removes a body child, refusing to remove the final paragraph (a section must end with one). */
  private removeParagraph(doc: DocumentRecord, p: ParagraphRecord): void {
    const index = this.indexOf(doc, p);
    if (index < 0) throw new GasException('Element does not contain the specified child element.');
    // ❓ Docs refuses to remove the final paragraph of a section even when others precede it; the emulator
    // models that stricter reading (removing the only paragraph is the common case of it).
    if (index === doc.paragraphs.length - 1) throw new GasException(MESSAGES.lastParagraph);
    doc.paragraphs.splice(index, 1);
  }

  private headingOf(value: unknown): Heading {
    const heading = String(value) as Heading;
    if (!(PARAGRAPH_HEADINGS as readonly string[]).includes(heading))
      throw new GasException(`Invalid argument: heading`);
    return heading;
  }

  bodyApi(doc: DocumentRecord, session: { closed: boolean }): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Body.${name}`, fn, sideEffect);
    const read = <T>(name: string, fn: () => T) => call(name, () => (this.reader(doc, `Body.${name}`), fn()));
    const edit = <T>(name: string, fn: () => T) =>
      call(
        name,
        () => {
          this.editor(doc, session, `Body.${name}`);
          const result = fn();
          this.checkSize(doc);
          return result;
        },
        true,
      );
    const element = (p: ParagraphRecord) =>
      p.cells ? this.tableApi(doc, session, p) : this.paragraphApi(doc, session, p);
    const textOf = (value: unknown): ParagraphRecord => {
      // appendParagraph(Paragraph) copies a detached paragraph's text and heading.
      if (value && typeof value === 'object' && typeof (value as { getText?: unknown }).getText === 'function') {
        const source = value as { getText(): string; getHeading?: () => unknown };
        return {
          type: 'PARAGRAPH',
          heading: source.getHeading ? this.headingOf(source.getHeading()) : 'NORMAL',
          text: source.getText(),
        };
      }
      return { type: 'PARAGRAPH', heading: 'NORMAL', text: String(value ?? '') };
    };
    const insertAt = (index: number, record: ParagraphRecord) => {
      if (!Number.isInteger(index) || index < 0 || index > doc.paragraphs.length) {
        throw new GasException(
          `Child index (${index}) must be less than or equal to the number of child elements (${doc.paragraphs.length}).`,
        );
      }
      doc.paragraphs.splice(index, 0, record);
      return record;
    };
    const api = {
      getType: () => call('getType', () => 'BODY_SECTION'),
      getText: () => read('getText', () => bodyText(doc.paragraphs)),
      getParagraphs: () =>
        read('getParagraphs', () => allParagraphs(doc.paragraphs).map((p) => this.paragraphApi(doc, session, p))),
      getNumChildren: () => read('getNumChildren', () => doc.paragraphs.length),
      getChild: (index: number) =>
        read('getChild', () => {
          if (!Number.isInteger(index) || index < 0 || index >= doc.paragraphs.length) {
            throw new GasException(
              `Child index (${index}) must be less than the number of child elements (${doc.paragraphs.length}).`,
            );
          }
          return element(doc.paragraphs[index]);
        }),
      getChildIndex: (child: unknown) =>
        read('getChildIndex', () => {
          const index = doc.paragraphs.indexOf(PARAGRAPHS.get(child as object) as ParagraphRecord);
          if (index < 0) throw new GasException('Element does not contain the specified child element.');
          return index;
        }),
      appendParagraph: (textOrParagraph: unknown) =>
        edit('appendParagraph', () => {
          const record = textOf(textOrParagraph);
          let last = record;
          for (const text of this.store.splitsLineBreaks ? record.text.split('\n') : [record.text])
            last = insertAt(doc.paragraphs.length, { ...record, text });
          return element(last);
        }),
      insertParagraph: (index: number, textOrParagraph: unknown) =>
        edit('insertParagraph', () => element(insertAt(index, textOf(textOrParagraph)))),
      appendListItem: (text: string) =>
        edit('appendListItem', () =>
          element(insertAt(doc.paragraphs.length, { type: 'LIST_ITEM', heading: 'NORMAL', text: String(text ?? '') })),
        ),
      insertListItem: (index: number, text: string) =>
        edit('insertListItem', () =>
          element(insertAt(index, { type: 'LIST_ITEM', heading: 'NORMAL', text: String(text ?? '') })),
        ),
      appendTable: (cells?: unknown) =>
        edit('appendTable', () => {
          if (cells !== undefined && (!Array.isArray(cells) || !cells.every((row) => Array.isArray(row))))
            throw new GasException('Invalid argument: cells');
          const record = insertAt(doc.paragraphs.length, tableRecord((cells as unknown[][] | undefined) ?? [['']]));
          // ❓ A body ends with a paragraph: Docs keeps an empty one after a table appended last.
          doc.paragraphs.push({ type: 'PARAGRAPH', heading: 'NORMAL', text: '' });
          return this.tableApi(doc, session, record);
        }),
      appendHorizontalRule: () =>
        edit('appendHorizontalRule', () => {
          const record = insertAt(doc.paragraphs.length, {
            type: 'PARAGRAPH',
            heading: 'NORMAL',
            text: '',
            horizontalRule: true,
          });
          return this.horizontalRuleApi(doc, session, record);
        }),
      removeChild: (child: unknown) =>
        edit('removeChild', () => {
          const record = PARAGRAPHS.get(child as object);
          if (!record) throw new GasException('Element does not contain the specified child element.');
          this.removeParagraph(doc, record);
          return self;
        }),
      clear: () =>
        edit('clear', () => {
          // Clearing leaves the one empty paragraph every section keeps.
          doc.paragraphs.splice(0, doc.paragraphs.length, { type: 'PARAGRAPH', heading: 'NORMAL', text: '' });
          return self;
        }),
      setText: (text: string) =>
        edit('setText', () => {
          const lines = String(text).split('\n');
          doc.paragraphs.splice(
            0,
            doc.paragraphs.length,
            ...lines.map((line): ParagraphRecord => ({ type: 'PARAGRAPH', heading: 'NORMAL', text: line })),
          );
          return self;
        }),
      replaceText: (searchPattern: string, replacement: string) =>
        edit('replaceText', () => {
          const pattern = new RegExp(searchPattern, 'g');
          for (const p of allParagraphs(doc.paragraphs)) p.text = p.text.replace(pattern, replacement);
          return self;
        }),
      editAsText: () => read('editAsText', () => this.bodyTextApi(doc, session)),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.Body, unknown>>;
    const self: unknown = guard(api, 'Body');
    return self;
  }

  /** Body.editAsText(): the whole body as one Text, paragraphs separated by '\n'. */
  private bodyTextApi(doc: DocumentRecord, session: { closed: boolean }): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Text.${name}`, fn, sideEffect);
    const edit = <T>(name: string, fn: () => T) =>
      call(
        name,
        () => {
          this.editor(doc, session, `Text.${name}`);
          const out = fn();
          this.checkSize(doc);
          return out;
        },
        true,
      );
    const api = {
      getType: () => call('getType', () => 'TEXT'),
      getText: () => call('getText', () => (this.reader(doc, 'Text.getText'), bodyText(doc.paragraphs))),
      setText: (text: string) =>
        edit('setText', () => {
          const lines = String(text).split('\n');
          doc.paragraphs.splice(
            0,
            doc.paragraphs.length,
            ...lines.map((line): ParagraphRecord => ({ type: 'PARAGRAPH', heading: 'NORMAL', text: line })),
          );
          return self;
        }),
      appendText: (text: string) =>
        edit('appendText', () => {
          const last = doc.paragraphs[doc.paragraphs.length - 1];
          const [first, ...rest] = String(text).split('\n');
          last.text += first;
          for (const line of rest) doc.paragraphs.push({ type: 'PARAGRAPH', heading: 'NORMAL', text: line });
          return self;
        }),
      replaceText: (searchPattern: string, replacement: string) =>
        edit('replaceText', () => {
          const pattern = new RegExp(searchPattern, 'g');
          for (const p of doc.paragraphs) p.text = p.text.replace(pattern, replacement);
          return self;
        }),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.Text, unknown>>;
    const self: unknown = guard(api, 'Text');
    return self;
  }

  paragraphApi(doc: DocumentRecord, session: { closed: boolean }, p: ParagraphRecord): unknown {
    const ctx = this.ctx;
    const className = p.type === 'LIST_ITEM' ? 'ListItem' : 'Paragraph';
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`${className}.${name}`, fn, sideEffect);
    const read = <T>(name: string, fn: () => T) => call(name, () => (this.reader(doc, `${className}.${name}`), fn()));
    const edit = <T>(name: string, fn: () => T) =>
      call(
        name,
        () => {
          this.editor(doc, session, `${className}.${name}`);
          const out = fn();
          this.checkSize(doc);
          return out;
        },
        true,
      );
    const sibling = (delta: number) => {
      const index = this.indexOf(doc, p);
      const next = index < 0 ? undefined : doc.paragraphs[index + delta];
      return next ? this.paragraphApi(doc, session, next) : null;
    };
    const api = {
      getType: () => call('getType', () => p.type),
      getText: () => read('getText', () => p.text),
      setText: (text: string) =>
        edit('setText', () => {
          p.text = String(text);
          p.horizontalRule = false;
          return self;
        }),
      appendText: (text: string) =>
        edit('appendText', () => {
          p.text += String(text);
          return this.paragraphTextApi(doc, session, p);
        }),
      editAsText: () => read('editAsText', () => this.paragraphTextApi(doc, session, p)),
      getHeading: () => read('getHeading', () => p.heading),
      setHeading: (heading: unknown) =>
        edit('setHeading', () => {
          p.heading = this.headingOf(heading);
          return self;
        }),
      clear: () =>
        edit('clear', () => {
          p.text = '';
          p.horizontalRule = false;
          return self;
        }),
      removeFromParent: () =>
        edit('removeFromParent', () => {
          this.removeParagraph(doc, p);
          return self;
        }),
      getParent: () => read('getParent', () => this.bodyApi(doc, session)),
      getNextSibling: () => read('getNextSibling', () => sibling(1)),
      getPreviousSibling: () => read('getPreviousSibling', () => sibling(-1)),
      getNumChildren: () => read('getNumChildren', () => (p.text || p.horizontalRule ? 1 : 0)),
      isAtDocumentEnd: () => read('isAtDocumentEnd', () => this.indexOf(doc, p) === doc.paragraphs.length - 1),
      asParagraph: () =>
        call('asParagraph', () => {
          // ❓ wording of a wrong-type cast.
          if (p.type !== 'PARAGRAPH') throw new GasException(`Invalid conversion for element type: ${p.type}.`);
          return self;
        }),
      asListItem: () =>
        call('asListItem', () => {
          if (p.type !== 'LIST_ITEM') throw new GasException(`Invalid conversion for element type: ${p.type}.`);
          return self;
        }),
      asTable: () =>
        call('asTable', () => {
          throw new GasException(`Invalid conversion for element type: ${p.type}.`);
        }),
    } satisfies
      | Partial<Record<keyof GoogleAppsScript.Document.Paragraph & keyof GoogleAppsScript.Document.ListItem, unknown>>
      | Partial<Record<keyof GoogleAppsScript.Document.Paragraph, unknown>>;
    const self: object = guard(api, className);
    PARAGRAPHS.set(self, p);
    return self;
  }

  /** Paragraph.appendText / editAsText: the paragraph's text. */
  private paragraphTextApi(doc: DocumentRecord, session: { closed: boolean }, p: ParagraphRecord): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Text.${name}`, fn, sideEffect);
    const edit = <T>(name: string, fn: () => T) =>
      call(
        name,
        () => {
          this.editor(doc, session, `Text.${name}`);
          const out = fn();
          this.checkSize(doc);
          return out;
        },
        true,
      );
    const api = {
      getType: () => call('getType', () => 'TEXT'),
      getText: () => call('getText', () => (this.reader(doc, 'Text.getText'), p.text)),
      setText: (text: string) =>
        edit('setText', () => {
          p.text = String(text);
          return self;
        }),
      appendText: (text: string) =>
        edit('appendText', () => {
          p.text += String(text);
          return self;
        }),
      replaceText: (searchPattern: string, replacement: string) =>
        edit('replaceText', () => {
          p.text = p.text.replace(new RegExp(searchPattern, 'g'), replacement);
          return self;
        }),
      // Character styling is not modelled; accepted so formatting code runs.
      setBold: (...args: unknown[]) =>
        edit('setBold', () => {
          void args;
          return self;
        }),
      setItalic: (...args: unknown[]) =>
        edit('setItalic', () => {
          void args;
          return self;
        }),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.Text, unknown>>;
    const self: unknown = guard(api, 'Text');
    return self;
  }

  /** A Table in the body: rows of cells, each cell holding paragraphs (Table, TableRow, TableCell). */
  tableApi(doc: DocumentRecord, session: { closed: boolean }, t: ParagraphRecord): unknown {
    const ctx = this.ctx;
    const rows = () => t.cells as ParagraphRecord[][][];
    const read = <T>(cls: string, name: string, fn: () => T) =>
      ctx.call(`${cls}.${name}`, () => (this.reader(doc, `${cls}.${name}`), fn()));
    const at = <T>(list: readonly T[], index: number, what: string): T => {
      if (!Number.isInteger(index) || index < 0 || index >= list.length)
        throw new GasException(
          `Child index (${index}) must be less than the number of child elements (${list.length}).`,
        );
      void what;
      return list[index];
    };
    const cellApi = (cell: ParagraphRecord[]): unknown =>
      guard(
        {
          getType: () => ctx.call('TableCell.getType', () => 'TABLE_CELL'),
          getText: () => read('TableCell', 'getText', () => cellText(cell)),
          getNumChildren: () => read('TableCell', 'getNumChildren', () => cell.length),
          getChild: (index: number) =>
            read('TableCell', 'getChild', () => this.paragraphApi(doc, session, at(cell, index, 'paragraph'))),
        } satisfies Partial<Record<keyof GoogleAppsScript.Document.TableCell, unknown>>,
        'TableCell',
      );
    const rowApi = (row: ParagraphRecord[][]): unknown =>
      guard(
        {
          getType: () => ctx.call('TableRow.getType', () => 'TABLE_ROW'),
          getNumCells: () => read('TableRow', 'getNumCells', () => row.length),
          getCell: (index: number) => read('TableRow', 'getCell', () => cellApi(at(row, index, 'cell'))),
          getText: () => read('TableRow', 'getText', () => row.map(cellText).join('\n')),
        } satisfies Partial<Record<keyof GoogleAppsScript.Document.TableRow, unknown>>,
        'TableRow',
      );
    const api = {
      getType: () => ctx.call('Table.getType', () => 'TABLE'),
      getNumRows: () => read('Table', 'getNumRows', () => rows().length),
      getNumChildren: () => read('Table', 'getNumChildren', () => rows().length),
      getRow: (index: number) => read('Table', 'getRow', () => rowApi(at(rows(), index, 'row'))),
      getChild: (index: number) => read('Table', 'getChild', () => rowApi(at(rows(), index, 'row'))),
      getCell: (row: number, column: number) =>
        read('Table', 'getCell', () => cellApi(at(at(rows(), row, 'row'), column, 'cell'))),
      getText: () => read('Table', 'getText', () => recordText(t)),
      asTable: () => ctx.call('Table.asTable', () => self),
      asParagraph: () =>
        ctx.call('Table.asParagraph', () => {
          throw new GasException('Invalid conversion for element type: TABLE.');
        }),
      removeFromParent: () =>
        ctx.call(
          'Table.removeFromParent',
          () => {
            this.editor(doc, session, 'Table.removeFromParent');
            this.removeParagraph(doc, t);
            return self;
          },
          true,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.Table, unknown>>;
    const self: object = guard(api, 'Table');
    PARAGRAPHS.set(self, t);
    return self;
  }

  private horizontalRuleApi(doc: DocumentRecord, session: { closed: boolean }, p: ParagraphRecord): unknown {
    const call = <T>(name: string, fn: () => T) => this.ctx.call(`HorizontalRule.${name}`, fn);
    const api = {
      getType: () => call('getType', () => 'HORIZONTAL_RULE'),
      getParent: () => call('getParent', () => this.paragraphApi(doc, session, p)),
    } satisfies Partial<Record<keyof GoogleAppsScript.Document.HorizontalRule, unknown>>;
    return guard(api, 'HorizontalRule');
  }
}

/** Which record a Paragraph/ListItem object the script holds stands for (for removeChild/getChildIndex). */
const PARAGRAPHS = new WeakMap<object, ParagraphRecord>();
