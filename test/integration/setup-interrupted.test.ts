// A first `setup` that ends halfway (a service error, or the 6-minute limit) and is run again: one of every store, never a second, abandoned copy.
import { Workspace } from '../../workbench';
import { OWNER, START, expectOk } from './desk';
import { privateBuildDir } from '../support/build-copy';

const SERVER_ERROR = 'We\u2019re sorry, a server error occurred. Please wait a bit and try again.';
const STORES = ['Conduct Desk — status', 'Conduct Desk — private registry', 'Report a Code of Conduct concern'];

/** Names of the files and folders in Drive (not in the trash), sorted. */
function storesInDrive(ws: Workspace): string[] {
  return ws
    .snapshot()
    .files.filter((f) => !f.trashed && f.owner === OWNER)
    .map((f) => f.name)
    .sort();
}

describe('a first setup interrupted, then run again', () => {
  test.each([
    ['the status spreadsheet, just made, fails a drop-down (server error)', 'Range.setDataValidation', false],
    ['the registry, just made, fails its move into the private folder (server error)', 'File.moveTo', false],
    ['the Form, just made, is killed while its description is written (6-minute limit)', 'Form.setDescription', true],
  ])('%s: the second run finishes with one of each', (_what, call, kill) => {
    const ws = Workspace.create({ start: START, owner: OWNER, buildDir: privateBuildDir() });
    ws.loadBundle();
    ws.rt.faults.push({ call, nth: 1, message: SERVER_ERROR, kill });
    const first = ws.run('setup');
    expect(first.record.outcome).not.toBe('ok');
    ws.rt.faults.length = 0;

    expectOk(ws.run('setup'));
    expect(storesInDrive(ws)).toEqual([...STORES].sort());
    const props = ws.properties();
    const ids = ['statusSpreadsheetId', 'registrySpreadsheetId', 'formId'].map((k) => props[k]);
    expect(ids.map((id) => ws.snapshot().files.find((f) => f.id === id)?.name)).toEqual(STORES);
    // Finished on the first run's stores: the registry in the private folder, the Form's texts written.
    expect(ws.data.file(props.registrySpreadsheetId).parents).toEqual([props.folderId]);
    const form = ws.data.forms().find((f) => f.id === props.formId)!;
    expect(String(form.settings.description)).toMatch(/\S/);
    expect(String(form.settings.confirmationMessage)).toMatch(/what happens next|conflicts of interest/i);
  });
});
