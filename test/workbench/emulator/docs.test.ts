// Conformance tests for the emulated DocumentApp: bodies, paragraphs, headings, sharing and the per-execution shadow document.

import { createTestWorld, messageOf, OWNER, type DataGlobals, type TestWorld } from './data-test-helpers';

const ANA = 'ana@example.org';
const OUTSIDER = 'eve@example.net';

function createDoc(t: TestWorld, name = 'Brave Otter'): string {
  return t.run((g) => g.DocumentApp.create(name).getId());
}

function body(g: DataGlobals, id: string): GoogleAppsScript.Document.Body {
  return g.DocumentApp.openById(id).getBody();
}

describe('DocumentApp.create and Document', () => {
  it('creates a document with id, name and URL', () => {
    const t = createTestWorld();
    const info = t.run((g) => {
      const doc = g.DocumentApp.create('Brave Otter');
      return [doc.getId(), doc.getName(), doc.getUrl()];
    });
    expect(info[0]).toMatch(/^1[0-9A-Za-z]{43}$/);
    expect(info.slice(1)).toEqual(['Brave Otter', `https://docs.google.com/document/d/${info[0]}/edit`]);
  });

  it('a new document is PRIVATE, owned by its creator, in their root folder, shared with nobody', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const file = t.world.file(id);
    expect(file).toEqual(
      expect.objectContaining({ owner: OWNER, access: 'PRIVATE', editors: [], viewers: [], inSharedFolder: false }),
    );
    expect(t.run((g) => g.DriveApp.getFileById(id).getParents().next().getId())).toBe(
      t.run((g) => g.DriveApp.getRootFolder().getId()),
    );
  });

  it("a new document's body has one empty paragraph", () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(
      t.run((g) => [body(g, id).getNumChildren(), body(g, id).getText(), String(body(g, id).getChild(0).getType())]),
    ).toEqual([1, '', 'PARAGRAPH']);
  });

  it('openById throws for a missing id and for a user without access', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(() => t.run((g) => g.DocumentApp.openById('nope'))).toThrow(
      'No item with the given ID could be found, or you do not have permission to access it.',
    );
    expect(() => t.run((g) => g.DocumentApp.openById(id), OUTSIDER)).toThrow(
      'You do not have permissions to access the requested document.',
    );
  });

  it('setName renames the document (and its Drive file)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => g.DocumentApp.openById(id).setName('Calm Heron'));
    expect(t.world.doc(id).title).toBe('Calm Heron');
  });

  it('addEditor/removeEditor/getEditors behave like DriveApp: owner listed, notification sent', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const doc = g.DocumentApp.openById(id);
      doc.addEditor(ANA);
      const added = doc.getEditors().map((u) => u.getEmail());
      doc.removeEditor(ANA);
      return { added, removed: doc.getEditors().map((u) => u.getEmail()) };
    });
    expect(result).toEqual({ added: [OWNER, ANA], removed: [OWNER] });
    expect(t.world.shareNotifications()).toEqual([
      expect.objectContaining({ to: ANA, fileId: id, title: 'Brave Otter' }),
    ]);
  });

  it('an editor can write; a viewer can read but not write', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => g.DocumentApp.openById(id).addViewer(ANA));
    expect(t.run((g) => body(g, id).getText(), ANA)).toBe('');
    expect(() => t.run((g) => body(g, id).appendParagraph('x'), ANA)).toThrow('Access denied: DocumentApp.');
  });
});

describe('Body and Paragraph', () => {
  it('appendParagraph returns the paragraph; setHeading/getHeading; getText joins paragraphs with newlines', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const b = body(g, id);
      const heading = b.appendParagraph('Report').setHeading(g.DocumentApp.ParagraphHeading.HEADING1);
      b.appendParagraph('Something happened.');
      return { heading: String(heading.getHeading()), text: b.getText(), count: b.getNumChildren() };
    });
    expect(result).toEqual({ heading: 'HEADING1', text: '\nReport\nSomething happened.', count: 3 });
    expect(t.world.doc(id).paragraphs).toEqual([
      { heading: 'NORMAL', text: '' },
      { heading: 'HEADING1', text: 'Report' },
      { heading: 'NORMAL', text: 'Something happened.' },
    ]);
  });

  it('getParagraphs lists paragraphs in order; insertParagraph inserts at an index', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const texts = t.run((g) => {
      const b = body(g, id);
      b.appendParagraph('b');
      b.insertParagraph(0, 'a');
      return b.getParagraphs().map((p) => p.getText());
    });
    expect(texts).toEqual(['a', '', 'b']);
  });

  it('getChild out of range throws the Docs message', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(t.run((g) => messageOf(() => body(g, id).getChild(3)))).toBe(
      'Child index (3) must be less than the number of child elements (1).',
    );
  });

  it('removing the last paragraph of the body throws; removing another works', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const b = body(g, id);
      const onlyOne = messageOf(() => b.getChild(0).removeFromParent());
      const second = b.appendParagraph('second');
      const finalOne = messageOf(() => second.removeFromParent());
      b.getChild(0).removeFromParent();
      return { onlyOne, finalOne, text: b.getText() };
    });
    expect(result.onlyOne).toBe("Can't remove the last paragraph in a document section.");
    expect(result.finalOne).toBe("Can't remove the last paragraph in a document section.");
    expect(result.text).toBe('second');
  });

  it('removeChild removes the given paragraph', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const text = t.run((g) => {
      const b = body(g, id);
      const doomed = b.appendParagraph('doomed');
      b.appendParagraph('kept');
      b.removeChild(doomed);
      return b.getText();
    });
    expect(text).toBe('\nkept');
  });

  it('clear() leaves one empty paragraph', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    expect(
      t.run((g) => {
        const b = body(g, id);
        b.appendParagraph('x');
        b.clear();
        return [b.getNumChildren(), b.getText()];
      }),
    ).toEqual([1, '']);
  });

  it('editAsText reads and replaces the body text', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const text = body(g, id).editAsText();
      text.setText('one\ntwo');
      text.appendText(' more');
      return [text.getText(), body(g, id).getNumChildren()];
    });
    expect(result).toEqual(['one\ntwo more', 2]);
  });

  it('appendHorizontalRule adds a rule inside a new paragraph', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const rule = body(g, id).appendHorizontalRule();
      return [String(rule.getType()), body(g, id).getNumChildren(), body(g, id).getText()];
    });
    expect(result).toEqual(['HORIZONTAL_RULE', 2, '\n']);
  });

  it('Paragraph setText/appendText/getType/asParagraph', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const result = t.run((g) => {
      const p = body(g, id).getChild(0).asParagraph();
      p.setText('Hello');
      p.appendText(', world');
      return [p.getText(), String(p.getType()), String(p.getType()) === String(g.DocumentApp.ElementType.PARAGRAPH)];
    });
    expect(result).toEqual(['Hello, world', 'PARAGRAPH', true]);
  });

  it('ParagraphHeading has NORMAL, TITLE, SUBTITLE and HEADING1..6', () => {
    const t = createTestWorld();
    const names = t.run((g) => Object.keys(g.DocumentApp.ParagraphHeading).sort());
    expect(names).toEqual([
      'HEADING1',
      'HEADING2',
      'HEADING3',
      'HEADING4',
      'HEADING5',
      'HEADING6',
      'NORMAL',
      'SUBTITLE',
      'TITLE',
    ]);
  });

  it('a Doc holds at most 1.02 million characters', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const message = t.run((g) => messageOf(() => body(g, id).appendParagraph('x'.repeat(1_020_001))));
    expect(message).toContain('1,020,000');
  });
});

describe('Shadow document', () => {
  it('edits are visible to the execution at once, to others only after saveAndClose', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const seen = t.run((g) => {
      const doc = g.DocumentApp.openById(id);
      doc.getBody().appendParagraph('draft');
      const before = { inside: doc.getBody().getText(), outside: t.world.doc(id).text };
      doc.saveAndClose();
      return { ...before, after: t.world.doc(id).text };
    });
    expect(seen).toEqual({ inside: '\ndraft', outside: '', after: '\ndraft' });
  });

  it('the normal end of the execution saves', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => body(g, id).appendParagraph('saved at end'));
    expect(t.world.doc(id).text).toBe('\nsaved at end');
  });

  it('a killed execution loses unsaved edits', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const { record } = t.attempt((g) => {
      body(g, id).appendParagraph('lost');
      t.rt.kill('Exceeded maximum execution time');
    });
    expect(record.outcome).toBe('killed');
    expect(t.world.doc(id).text).toBe('');
    expect(t.run((g) => body(g, id).getText())).toBe('');
  });

  it('a document created in a killed execution keeps its initial empty body', () => {
    const t = createTestWorld();
    const { record } = t.attempt((g) => {
      const doc = g.DocumentApp.create('Half done');
      doc.getBody().appendParagraph('never saved');
      t.rt.kill('Exceeded maximum execution time');
    });
    expect(record.outcome).toBe('killed');
    expect(t.world.docs().map((d) => [d.title, d.text])).toEqual([['Half done', '']]);
  });

  it('editing after saveAndClose throws', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const message = t.run((g) => {
      const doc = g.DocumentApp.openById(id);
      const b = doc.getBody();
      doc.saveAndClose();
      return messageOf(() => b.appendParagraph('late'));
    });
    expect(message).toBe('Document is closed, its contents cannot be updated.');
  });

  it('charges DocumentApp.create and saveAndClose latency and counts Body calls', () => {
    const t = createTestWorld();
    const { record } = t.attempt((g) => {
      const doc = g.DocumentApp.create('x');
      doc.getBody().appendParagraph('y');
      doc.saveAndClose();
    });
    expect(record.calls).toMatchObject({
      'DocumentApp.create': 1,
      'Document.getBody': 1,
      'Body.appendParagraph': 1,
      'Document.saveAndClose': 1,
    });
    expect(record.simulatedMs).toBe(1200 + 200);
    expect(record.sideEffects).toBe(3);
  });
});

// "The Body may contain ListItem, Paragraph, Table, and TableOfContents elements"; appendTable(cells) "Appends a new
// Table containing a TableCell for each specified string value"; getParagraphs "Retrieves all the Paragraphs contained
// in the section (including ListItems)" (https://developers.google.com/apps-script/reference/document/body, and the
// Table, TableRow and TableCell pages). Paragraphs in cells are not children of the body.
describe('Tables in the body', () => {
  it('appendTable(cells) makes a Table child; rows, cells and their text read back', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const read = t.run((g) => {
      const b = body(g, id);
      b.appendParagraph('Plan');
      b.appendTable([
        ['Step', 'Who'],
        ['Mute for a week', 'moderators'],
      ]);
      const children: string[] = [];
      for (let i = 0; i < b.getNumChildren(); i++) children.push(String(b.getChild(i).getType()));
      const table = b.getChild(2).asTable();
      return {
        children,
        rows: table.getNumRows(),
        cells: table.getRow(1).getNumCells(),
        text: table.getCell(1, 0).getText(),
        rowType: String(table.getRow(0).getType()),
        cellType: String(table.getRow(0).getCell(1).getType()),
        index: b.getChildIndex(table),
      };
    });
    // The empty first paragraph, the plan, the table, and the paragraph Docs keeps after a table that ends the body.
    expect(read).toEqual({
      children: ['PARAGRAPH', 'PARAGRAPH', 'TABLE', 'PARAGRAPH'],
      rows: 2,
      cells: 2,
      text: 'Mute for a week',
      rowType: 'TABLE_ROW',
      cellType: 'TABLE_CELL',
      index: 2,
    });
  });

  it('getParagraphs includes the paragraphs in cells; the body refuses them as its children; casts are checked', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    const out = t.run((g) => {
      const b = body(g, id);
      b.appendTable([['a1', 'b1']]);
      const texts = b.getParagraphs().map((p) => p.getText());
      const cellParagraph = b.getParagraphs()[1];
      let indexError = '';
      try {
        b.getChildIndex(cellParagraph);
      } catch (e) {
        indexError = String((e as Error).message);
      }
      let castError = '';
      try {
        b.getChild(1).asParagraph();
      } catch (e) {
        castError = String((e as Error).message);
      }
      return { texts, indexError, castError };
    });
    expect(out.texts).toEqual(['', 'a1', 'b1', '']);
    expect(out.indexError).toBe('Element does not contain the specified child element.');
    expect(out.castError).toMatch(/Invalid conversion/);
  });

  it('a person inserts a table under a heading in the Docs UI (ui.writeDocTable)', () => {
    const t = createTestWorld();
    const id = createDoc(t);
    t.run((g) => {
      const b = body(g, id);
      const first = b.getParagraphs()[0];
      first.setText('Plan');
      first.setHeading(g.DocumentApp.ParagraphHeading.HEADING2);
      b.appendParagraph('Log').setHeading(g.DocumentApp.ParagraphHeading.HEADING2);
    });
    t.world.ui.writeDocTable(OWNER, id, 'Plan', [['Step', 'Who']]);
    expect(t.world.doc(id).paragraphs.map((p) => p.text)).toEqual(['Plan', 'Step\nWho', 'Log']);
    expect(() => t.world.ui.writeDocTable(OUTSIDER, id, 'Plan', [['x']])).toThrow(
      'You do not have permissions to access the requested document.',
    );
  });
});
