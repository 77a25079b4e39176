// Placing a new Doc: secureCaseDoc trusts Drive's answer at creation only when it shows the Doc placed privately, and otherwise moves it home and makes it private.
import { DocStore } from '../../src/workspace/docs';
import { secureCaseDoc, type FileAccess } from '../../src/workspace/sharing';
import { flowBench, OWNER } from '../support/in-process';

const PLACING_CALLS = ['DriveApp.getFileById', 'File.moveTo', 'File.setSharing', 'File.setShareableByEditors'];

function callsOf(bench: ReturnType<typeof flowBench>): Record<string, number> {
  return Object.fromEntries(PLACING_CALLS.map((m) => [m, bench.ws.snapshot().calls[m] ?? 0]));
}

describe('secureCaseDoc with Drive’s answer at creation', () => {
  test('a Doc Drive made private in the folder is left as it is: no call', () => {
    const bench = flowBench();
    const made = bench.run(() => new DocStore().createIn('Brave Otter', bench.ids.folder));
    const before = callsOf(bench);
    expect(bench.run(() => secureCaseDoc(made.id, bench.ids.folder, made.access))).toEqual({ access: 'PRIVATE' });
    expect(callsOf(bench)).toEqual(before);
    expect(bench.ws.data.file(made.id)).toMatchObject({ parents: [bench.ids.folder], access: 'PRIVATE' });
  });

  test('an answer showing the Doc shared or elsewhere (a domain policy) is repaired: moved home, made private', () => {
    const bench = flowBench();
    // As Drive might answer under a domain whose default visibility it applied anyway: link-visible, in My Drive.
    const id = bench.run(() => DocumentApp.create('Brave Otter').getId());
    bench.ws.data.ui.setSharing(OWNER, id, 'DOMAIN_WITH_LINK', 'reader');
    const answered: FileAccess = {
      access: 'DOMAIN_WITH_LINK',
      shareableByEditors: true,
      parents: bench.ws.data.file(id).parents,
      permissions: [],
      trashed: false,
      name: 'Brave Otter',
    };
    const before = callsOf(bench);
    bench.run(() => secureCaseDoc(id, bench.ids.folder, answered));
    expect(bench.ws.data.file(id)).toMatchObject({ parents: [bench.ids.folder], access: 'PRIVATE' });
    expect(callsOf(bench)['File.moveTo'] - before['File.moveTo']).toBe(1);
  });
});
