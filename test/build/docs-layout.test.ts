// The layout the docs describe is checked against the tree: every folder and file the listings name exists, every folder and flow that exists is named, and the Context table matches Context's parts and their methods.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const DEVELOPMENT = read('docs/development.md');
const ARCHITECTURE = read('docs/architecture.md');

/** The first fenced block after the heading `heading`. */
function blockAfter(doc: string, heading: string): string {
  const at = doc.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const open = doc.indexOf('```', at);
  const close = doc.indexOf('```', open + 3);
  return doc.slice(doc.indexOf('\n', open) + 1, close);
}

/** Listing lines as [path, description]: a path starts the line (nested paths are indented under their parent). */
function entries(block: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  let parent = '';
  for (const line of block.split('\n')) {
    const match = /^( *)(\S+)\s*(.*)$/.exec(line);
    if (!match || line.startsWith('                ')) {
      if (out.length && line.trim()) out[out.length - 1].text += ` ${line.trim()}`;
      continue;
    }
    const [, indent, token, text] = match;
    const path = indent ? `${parent}${token}` : token;
    if (!indent) parent = token;
    out.push({ path, text });
  }
  return out;
}

function subfolders(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => statSync(join(ROOT, dir, name)).isDirectory())
    .map((name) => `${dir}/${name}/`);
}

const LAYOUT = entries(blockAfter(DEVELOPMENT, '## Layout'));
const LISTED = LAYOUT.flatMap((e) => e.path.split(',').filter(Boolean));

test('every path in the layout of docs/development.md exists', () => {
  const missing = LISTED.filter((path) => !existsSync(join(ROOT, path)));
  expect(missing).toEqual([]);
});

test('every folder of src/, workbench/, scripts/ and test/ is in the layout of docs/development.md', () => {
  const folders = ['src', 'workbench', 'test'].flatMap(subfolders).concat('scripts/scenario/', 'scripts/bench/');
  const named = (folder: string) =>
    LISTED.includes(folder) ||
    LAYOUT.some((e) => e.text.includes(folder) || e.path.split(/,\s*/).includes(folder)) ||
    DEVELOPMENT.includes(`\`${folder}\``);
  expect(folders.filter((f) => !named(f))).toEqual([]);
});

test('the flows named in the layouts are the files of src/flows', () => {
  const files = readdirSync(join(ROOT, 'src/flows')).map((f) => basename(f, '.ts'));
  const flowsEntry = LAYOUT.find((e) => e.path === 'src/flows/');
  if (!flowsEntry) throw new Error('no src/flows/ entry');
  const named = new Set(flowsEntry.text.match(/[a-z]+(?:-[a-z]+)*/g) ?? []);
  expect(files.filter((f) => !named.has(f))).toEqual([]);
});

test('the modules of docs/architecture.md are the folders of src/ and workbench/', () => {
  const modules = entries(blockAfter(ARCHITECTURE, '## Modules')).map((e) => e.path);
  expect(modules.filter((m) => !existsSync(join(ROOT, m)))).toEqual([]);
  expect(subfolders('src').filter((f) => !modules.includes(f))).toEqual([]);
  expect(modules).toContain('workbench/');
});

test('the Context table of docs/architecture.md lists its parts, their files and only methods they have', () => {
  const context = read('src/workspace/context.ts');
  const fields = [...context.matchAll(/^ {2}readonly (\w+): (\w+);/gm)]
    .map((m) => [m[1], m[2]])
    .filter(([field]) => field !== 'actor');
  const rows = [...ARCHITECTURE.matchAll(/^ {2}\| `ctx\.(\w+)` \| `(\w+)` \(([\w-]+\.ts)\) \| (.*) \|$/gm)];
  const byField = (a: string[], b: string[]) => (a[0] < b[0] ? -1 : 1);
  expect(rows.map((r) => [r[1], r[2]]).sort(byField)).toEqual(fields.sort(byField));
  for (const [, field, part, file, job] of rows) {
    const source = read(`src/workspace/${file}`);
    expect({ field, declared: new RegExp(`export class ${part}\\b`).test(source) }).toEqual({ field, declared: true });
    const methods = [...job.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    const absent = methods.filter(
      (name) => !new RegExp(`^ {2}(?:get |static |readonly )?${name}\\b[<( =]`, 'm').test(source),
    );
    expect({ field, absent }).toEqual({ field, absent: [] });
  }
});
