// Case Docs: created from the template (the seed's sections as headings), read by section, appended to under a section or `Log` (each entry journaled), each Doc opened once per execution.
import { rethrowEnding } from './errors';
import { DOC_SECTIONS } from '../core/case-model';
import { stripControlCharacters, withoutDeskLinks } from '../core/text';
import { DOC_MIME_TYPE } from './schema';
import { drive, FILE_ACCESS_FIELDS_WITH_ID, fileAccessOf, findOwnFilesByName, type FileAccess } from './sharing';
import { hashBlock, locateBlock, type JournalBlock } from './doc-journal';
import { driveFile, driveFolder, openDoc } from './drive-items';

/**
 * Text as it goes into or comes out of a Doc: no control characters, and no signed link of the desk (a member reads
 * it there; what is read out of it goes in pages and mail to others: ADV-534, ADV-535).
 */
function docText(s: string): string {
  return withoutDeskLinks(stripControlCharacters(s));
}

/**
 * The seed's "Evaluating a report" questions, written under `Committee discussions` when the Doc is made: the
 * committee answers them there, dated; `Safety risk?` and `Risk of repeating?` in the status sheet stay theirs to set.
 */
export const EVALUATION_PROMPTS: readonly string[] = [
  'Questions from the procedure (answer them here, with dates):',
  'Jurisdiction: is this a Code of Conduct violation? Did it happen in a space within the Code of Conduct\u2019s scope?',
  'Impact: was it a private conversation or a public space? Does it harm a marginalized group in our community? Does it involve a community leader?',
  'Risk: is it sexual harassment? Is anyone\u2019s safety at risk? Is there a pattern from past reports, and is it likely to be repeated? Then set "Safety risk?" and "Risk of repeating?" in the status sheet.',
];

/** The case Doc's headings, in order (DESIGN §2; core DOC_SECTIONS). `Report` first, `Log` last. */
export const CASE_DOC_SECTIONS = DOC_SECTIONS;

/** One answered Form item as it goes under `Report`: the question line, then the answer verbatim. */
export interface ReportEntry {
  question: string;
  answer: string;
}

type Document = GoogleAppsScript.Document.Document;
type Paragraph = GoogleAppsScript.Document.Paragraph;

function isHeading(paragraph: Paragraph): boolean {
  return String(paragraph.getHeading()) !== String(DocumentApp.ParagraphHeading.NORMAL);
}

/**
 * One top-level element of a body, as the section logic needs it. A body holds paragraphs, list items and tables
 * (Body reference); a table's paragraphs are in its cells, not children of the body, so sections are found among the
 * children (`getChild`), never by `getChildIndex` of a paragraph `getParagraphs` returned (it fails on a cell's).
 */
interface BodyChild {
  heading: string | null;
  /** The element's lines as a section reads them; a table's rows as `cell | cell`. */
  lines: () => string[];
}

function bodyChildren(body: GoogleAppsScript.Document.Body): BodyChild[] {
  const out: BodyChild[] = [];
  const n = body.getNumChildren();
  for (let i = 0; i < n; i++) {
    const element = body.getChild(i);
    const type = String(element.getType());
    if (type === String(DocumentApp.ElementType.TABLE)) {
      const table = element.asTable();
      out.push({ heading: null, lines: () => tableLines(table) });
    } else if (
      type === String(DocumentApp.ElementType.PARAGRAPH) ||
      type === String(DocumentApp.ElementType.LIST_ITEM)
    ) {
      const p = (
        type === String(DocumentApp.ElementType.PARAGRAPH) ? element.asParagraph() : element.asListItem()
      ) as Paragraph;
      const heading = isHeading(p) ? p.getText().trim() : null;
      out.push({ heading, lines: () => [p.getText()] });
    } else out.push({ heading: null, lines: () => [] });
  }
  return out;
}

/** A table as lines: one per row, its cells' texts (line breaks inside a cell become spaces) joined by ` | `. */
function tableLines(table: GoogleAppsScript.Document.Table): string[] {
  const lines: string[] = [];
  for (let r = 0; r < table.getNumRows(); r++) {
    const row = table.getRow(r);
    const cells: string[] = [];
    for (let c = 0; c < row.getNumCells(); c++)
      cells.push(
        row
          .getCell(c)
          .getText()
          .replace(/\s*\n\s*/g, ' ')
          .trim(),
      );
    if (cells.some((cell) => cell !== '')) lines.push(cells.join(' | '));
  }
  return lines;
}

/**
 * Docs touched by one execution. Each Doc is opened at most once and saved once (`saveAll`, called by
 * `UnitOfWork.commit`), so appending several log lines to one Doc costs one open and one save. A Doc only read
 * (a page showing the plan) is not saved: a save is a round trip to Docs and there is nothing to write.
 */
export class DocStore {
  private readonly open = new Map<string, Document>();
  /** Docs this execution changed (only these are saved). */
  private readonly changed = new Set<string>();
  /** Entries appended per Doc, for the Doc journal written at commit (context.ts). */
  private readonly appended = new Map<string, JournalBlock[]>();
  /** Runs once, before this execution first changes a Doc (the Context settles a crashed run's journal there). */
  beforeFirstEdit: (() => void) | null = null;

  /**
   * Creates an empty Doc titled `title` where it belongs, in one call (Drive v3 `Files.create` with `folderId` as its
   * parent): never in My Drive's root, not re-shareable by editors, and not visible to the domain whatever the domain's
   * default (`ignoreDefaultVisibility`). Returns its id and its access as Drive answered (the caller checks it). The
   * Doc is opened when first written.
   */
  createIn(title: string, folderId: string): { id: string; access: FileAccess } {
    const file = drive().Files!.create(
      { name: title, mimeType: DOC_MIME_TYPE, parents: [folderId], writersCanShare: false },
      // No content: Apps Script's usual `null` in the media slot, so the options can follow.
      null as unknown as GoogleAppsScript.Base.Blob,
      { fields: FILE_ACCESS_FIELDS_WITH_ID, ignoreDefaultVisibility: true },
    );
    const id = String(file.id ?? '');
    if (!id) throw new Error('Drive did not answer the id of the new Doc');
    this.changed.add(id);
    return { id, access: fileAccessOf(file, id) };
  }

  /** The Doc, opened once per execution. */
  get(docId: string): Document {
    let doc = this.open.get(docId);
    if (!doc) {
      doc = openDoc(docId);
      this.open.set(docId, doc);
    }
    return doc;
  }

  /** The Doc, opened once per execution, to be changed: it is saved at commit. */
  edit(docId: string): Document {
    if (this.beforeFirstEdit) {
      const settle = this.beforeFirstEdit;
      this.beforeFirstEdit = null;
      settle();
    }
    const doc = this.get(docId);
    this.changed.add(docId);
    return doc;
  }

  /** How many opened Docs hold changes not saved yet (each costs a save at commit: time budgets count them). */
  unsavedCount(): number {
    return this.changed.size;
  }

  /**
   * Writes the whole case template: the nine headings, the report's answers verbatim under `Report`, and
   * `logLines` under `Log`. Replaces whatever the body held, so a Doc half-built by a crashed execution is
   * rebuilt rather than duplicated.
   */
  writeCaseTemplate(docId: string, report: readonly ReportEntry[], logLines: readonly string[]): void {
    const { HEADING2, NORMAL } = DocumentApp.ParagraphHeading;
    const body = this.rewrite(docId, CASE_DOC_SECTIONS[0], HEADING2);
    for (const entry of report) {
      body.appendParagraph(docText(entry.question)).setHeading(NORMAL);
      body.appendParagraph(docText(entry.answer)).setHeading(NORMAL);
    }
    for (const heading of CASE_DOC_SECTIONS.slice(1)) {
      body.appendParagraph(heading).setHeading(HEADING2);
      // The seed's evaluation questions, where the committee writes its discussion (issue 18).
      if (heading === CASE_DOC_SECTIONS[1])
        for (const prompt of EVALUATION_PROMPTS) body.appendParagraph(prompt).setHeading(NORMAL);
    }
    for (const line of logLines) body.appendParagraph(docText(line)).setHeading(NORMAL);
  }

  /** Empties the Doc's body and gives it `firstText` at `level` as its one paragraph; returns the body to go on. */
  private rewrite(
    docId: string,
    firstText: string,
    level: GoogleAppsScript.Document.ParagraphHeading,
  ): GoogleAppsScript.Document.Body {
    const body = this.edit(docId).getBody();
    // A body always keeps one paragraph; clearing leaves it empty and we reuse it as the first heading.
    body.setText('');
    const first = body.getParagraphs()[0];
    first.setText(firstText);
    first.setHeading(level);
    return body;
  }

  /**
   * Writes a titled Doc of sections (a proposal's: its text, discussion and log): the title as the first heading,
   * then each section's heading and its lines. Replaces the whole body, so a Doc half-built by a crashed run is rebuilt.
   */
  writeSections(
    docId: string,
    title: string,
    sections: ReadonlyArray<{ heading: string; lines: readonly string[] }>,
  ): void {
    const { HEADING1, HEADING2, NORMAL } = DocumentApp.ParagraphHeading;
    const body = this.rewrite(docId, docText(title), HEADING1);
    for (const section of sections) {
      body.appendParagraph(section.heading).setHeading(HEADING2);
      for (const line of section.lines) body.appendParagraph(docText(line)).setHeading(NORMAL);
    }
  }

  /**
   * The text between `heading` and the next heading (paragraphs joined by newlines, trimmed); '' when absent. A table
   * members put in the section reads as one line per row, cells joined by ` | `. Without control characters, as mail
   * strips them: a page that previews the text (a vote, a send) shows what goes out, not a bidi-reordered "25" for "52".
   */
  readSection(docId: string, heading: string): string {
    return docText(this.readParagraphs(docId, heading).join('\n')).trim();
  }

  /** The section's paragraphs (a table's rows), untrimmed: a line break typed inside an answer stays in its paragraph. */
  readParagraphs(docId: string, heading: string): string[] {
    const children = bodyChildren(this.get(docId).getBody());
    const start = children.findIndex((c) => c.heading === heading);
    const lines: string[] = [];
    for (let i = start + 1; start >= 0 && i < children.length && children[i].heading === null; i++)
      lines.push(...children[i].lines());
    return lines;
  }

  /** Adds a dated line at the end of the `Log` section (recreating the heading if a person deleted it). */
  appendLog(docId: string, line: string): void {
    this.appendToSection(docId, 'Log', [line]);
  }

  /**
   * Appends `lines` (one paragraph each) at the end of the section headed `heading`, before the next heading.
   * Members may have deleted the heading: it is then recreated just before `Log` (or at the end), so what the
   * system sent is always written down somewhere a member will look. Saved with the Doc at commit; the
   * paragraphs added are one journaled entry, contiguous whichever branch placed them.
   */
  appendToSection(docId: string, heading: string, lines: readonly string[]): void {
    const texts = lines.map((line) => docText(String(line ?? '')));
    if (!texts.length) return;
    const body = this.edit(docId).getBody();
    const children = bodyChildren(body);
    const start = children.findIndex((c) => c.heading === heading);
    const added: Paragraph[] = [];
    const append = (text: string, level: GoogleAppsScript.Document.ParagraphHeading) =>
      added.push(body.appendParagraph(text).setHeading(level) as Paragraph);
    const insert = (at: number, text: string, level: GoogleAppsScript.Document.ParagraphHeading) =>
      added.push(body.insertParagraph(at, text).setHeading(level) as Paragraph);
    const normal = DocumentApp.ParagraphHeading.NORMAL;
    // Indices are the body's children (a table is one child), so a section holding a table is handled like any other.
    if (start < 0) {
      const log = children.findIndex((c) => c.heading === 'Log');
      if (log < 0) {
        append(heading, DocumentApp.ParagraphHeading.HEADING2);
        for (const text of texts) append(text, normal);
      } else {
        insert(log, heading, DocumentApp.ParagraphHeading.HEADING2);
        texts.forEach((text, i) => insert(log + 1 + i, text, normal));
      }
    } else {
      let end = start;
      while (end + 1 < children.length && children[end + 1].heading === null) end++;
      if (end === children.length - 1) {
        for (const text of texts) append(text, normal);
      } else {
        texts.forEach((text, i) => insert(end + 1 + i, text, normal));
      }
    }
    this.recordBlock(docId, added);
  }

  /**
   * Notes paragraphs this execution added to a Doc as one entry (they must be contiguous), so the commit can
   * journal them. Texts are read back from Docs, which is what a later search for them will see.
   */
  private recordBlock(docId: string, paragraphs: readonly Paragraph[]): void {
    if (!paragraphs.length) return;
    const blocks = this.appended.get(docId) ?? [];
    blocks.push(hashBlock(paragraphs.map((p) => p.getText())));
    this.appended.set(docId, blocks);
  }

  /** The entries appended to Docs that will be saved at commit, Doc by Doc (the Doc journal's content). */
  pendingBlocks(): Array<[string, JournalBlock[]]> {
    return [...this.appended].filter(([id, blocks]) => blocks.length && this.changed.has(id));
  }

  /**
   * Undoes entries a crashed execution appended (newest first) and saves the Doc at once. An entry no longer
   * there (undone already, or deleted by a member) is skipped, so repeating this after a crash is harmless.
   * Returns how many entries were removed.
   */
  removeBlocks(docId: string, blocks: readonly JournalBlock[]): number {
    const body = this.get(docId).getBody();
    let removed = 0;
    for (const block of [...blocks].reverse()) {
      const paragraphs = body.getParagraphs();
      const at = locateBlock(
        paragraphs.map((p) => p.getText()),
        block,
      );
      if (at < 0) continue;
      removeParagraphs(paragraphs, at, block[0]);
      removed++;
    }
    if (removed) {
      this.changed.add(docId);
      this.save(docId);
    }
    return removed;
  }

  /**
   * Saves one Doc now (intake saves before recording the Doc id, so a recorded id always means a complete Doc).
   * Its entries leave the journal: a Doc saved early is one rebuilt whole on a retry, never appended to twice.
   */
  save(docId: string): void {
    const doc = this.open.get(docId);
    if (!doc) return;
    doc.saveAndClose();
    this.open.delete(docId);
    this.changed.delete(docId);
    this.appended.delete(docId);
  }

  /** Saves every Doc this execution changed; Docs only read stay open, unsaved. */
  saveAll(): void {
    for (const id of [...this.changed]) this.save(id);
  }

  /**
   * Ids of the account's own live Docs titled exactly `title` (`findOwnFilesByName`), for crash recovery: intake
   * records the code name before creating the Doc, so a Doc created by a dead execution is found by title. Only one
   * made since `createdSinceMs` (after the report arrived) can be the case's: an older file is never adopted, nor
   * (`alone`) one someone else holds.
   */
  findByTitle(title: string, createdSinceMs: number, owner: string, alone = false): string[] {
    return findOwnFilesByName(title, DOC_MIME_TYPE, owner, createdSinceMs, alone);
  }
}

/**
 * Removes `count` paragraphs from `start`. Docs refuses to remove a section's final paragraph, so when the run
 * ends the body, the paragraph before it moves into that final paragraph (text and heading) instead.
 */
function removeParagraphs(paragraphs: readonly Paragraph[], start: number, count: number): void {
  const last = start + count - 1;
  if (last === paragraphs.length - 1) {
    const final = paragraphs[last];
    if (start === 0) {
      final.setText('');
      for (let i = 0; i < last; i++) paragraphs[i].removeFromParent();
      return;
    }
    const before = paragraphs[start - 1];
    final.setText(before.getText());
    final.setHeading(before.getHeading());
    before.removeFromParent();
    for (let i = start; i < last; i++) paragraphs[i].removeFromParent();
    return;
  }
  for (let i = start; i <= last; i++) paragraphs[i].removeFromParent();
}

/** Moves a file into the folder unless it is already (only) there. Returns true when it moved. */
export function placeInFolder(fileId: string, folderId: string): boolean {
  const file = driveFile(fileId);
  const parents = file.getParents();
  let inFolder = false;
  let elsewhere = false;
  while (parents.hasNext()) {
    if (parents.next().getId() === folderId) inFolder = true;
    else elsewhere = true;
  }
  if (inFolder && !elsewhere) return false;
  file.moveTo(driveFolder(folderId));
  return true;
}

/** Moves a file to the trash (an orphan Doc left by a crashed execution). */
export function trashFile(fileId: string): void {
  driveFile(fileId).setTrashed(true);
}

/** Whether Drive gives the Doc now (one open): a read that failed is told apart from a fault of the code. */
export function docOpens(docId: string): boolean {
  try {
    openDoc(docId);
    return true;
  } catch (err) {
    rethrowEnding(err);
    return false;
  }
}

/** Whether Drive holds the file in its trash (restorable there); false when Drive no longer finds it. */
export function isInTrash(fileId: string): boolean {
  try {
    return driveFile(fileId).isTrashed();
  } catch (err) {
    rethrowEnding(err);
    return false;
  }
}

/** The URL people open a Doc with. */
export function docUrl(docId: string): string {
  return `https://docs.google.com/document/d/${docId}/edit`;
}
