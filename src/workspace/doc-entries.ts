// Dated entries appended under a named section of a case Doc (moderators' replies, letters, follow-ups, vote results), through the execution's DocStore.
import { stripControlCharacters } from '../core/text';
import type { DocStore } from './docs';

type Paragraph = GoogleAppsScript.Document.Paragraph;

function isHeading(paragraph: Paragraph): boolean {
  return String(paragraph.getHeading()) !== String(DocumentApp.ParagraphHeading.NORMAL);
}

/**
 * Appends `lines` (one paragraph each) at the end of the section headed `heading`, before the next heading.
 * Members may have deleted the heading: it is then recreated just before `Log` (or at the end), so what the
 * system sent is always written down somewhere a member will look. Saved with the Doc at commit.
 */
export function appendToSection(docs: DocStore, docId: string, heading: string, lines: readonly string[]): void {
  const body = docs.edit(docId).getBody();
  const texts = lines.map((line) => stripControlCharacters(String(line ?? '')));
  if (!texts.length) return;
  const paragraphs = body.getParagraphs();
  const start = paragraphs.findIndex((p) => isHeading(p) && p.getText().trim() === heading);
  const added: Paragraph[] = [];
  const append = (text: string, level: GoogleAppsScript.Document.ParagraphHeading) => added.push(body.appendParagraph(text).setHeading(level) as Paragraph);
  const insert = (at: number, text: string, level: GoogleAppsScript.Document.ParagraphHeading) => added.push(body.insertParagraph(at, text).setHeading(level) as Paragraph);
  const normal = DocumentApp.ParagraphHeading.NORMAL;
  if (start < 0) {
    const log = paragraphs.findIndex((p) => isHeading(p) && p.getText().trim() === 'Log');
    if (log < 0) {
      append(heading, DocumentApp.ParagraphHeading.HEADING2);
      for (const text of texts) append(text, normal);
    } else {
      const at = body.getChildIndex(paragraphs[log]);
      insert(at, heading, DocumentApp.ParagraphHeading.HEADING2);
      texts.forEach((text, i) => insert(at + 1 + i, text, normal));
    }
  } else {
    let end = start;
    while (end + 1 < paragraphs.length && !isHeading(paragraphs[end + 1])) end++;
    if (end === paragraphs.length - 1) {
      for (const text of texts) append(text, normal);
    } else {
      const insertAt = body.getChildIndex(paragraphs[end]) + 1;
      texts.forEach((text, i) => insert(insertAt + i, text, normal));
    }
  }
  // One entry, contiguous whichever branch placed it: the Doc journal can find and undo it as a unit.
  docs.recordBlock(docId, added);
}
