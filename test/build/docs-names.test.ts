// The names the docs tell people to type or look for are the code's: the Settings rows of docs/deployment.md (names and defaults) and every setting named elsewhere, the alert subjects of docs/operations.md, the selfTest checks, the scenario steps of docs/scenarios.md, and every relative link and #anchor between the docs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_SETTINGS_ROWS, SETTING_KEYS, SPACE_PREFIX } from '../../src/core/settings';
import { ACTION_SCHEMAS } from '../../scripts/scenario/schema';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** What a newcomer and the committee's administrator read (docs/adversarial.md and docs/benchmarks.* are kept apart). */
const DOCS = [
  'README.md',
  'docs/deployment.md',
  'docs/operations.md',
  'docs/troubleshooting.md',
  'docs/procedure.md',
  'docs/scenarios.md',
  'docs/development.md',
];

const withoutFences = (text: string) => text.replace(/^ *```[\s\S]*?^ *```/gm, '');
const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The body rows of the table whose header row starts with `header` (indented tables too), as trimmed cells. */
function tableRows(doc: string, header: string): string[][] {
  const lines = doc.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`no table whose header starts with "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
  }
  if (!rows.length) throw new Error(`the table "${header}" has no rows`);
  return rows;
}

/** Every .ts and .html file under `dir`, concatenated, with `\u2019` escapes read as the character people see. */
function sourceText(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d))) {
      const path = join(d, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(ts|html)$/.test(name)) parts.push(read(path));
    }
  };
  walk(dir);
  return parts.join('\n').replace(/\\u2019/g, '\u2019');
}

const KEYS: string[] = Object.values(SETTING_KEYS);
const isSettingName = (name: string) => KEYS.includes(name) || name.startsWith(`${SPACE_PREFIX} `);

describe('Settings rows', () => {
  const rows = tableRows(read('docs/deployment.md'), '| Setting | Default |');
  const names = rows.map((r) => backticked(r[0])[0] ?? r[0]);

  test('the table of docs/deployment.md lists every row setup writes, and no other', () => {
    expect(names.filter((n) => !n.startsWith(SPACE_PREFIX)).sort()).toEqual([...KEYS].sort());
  });

  test('each default in docs/deployment.md is the value setup writes', () => {
    const written = new Map(DEFAULT_SETTINGS_ROWS.slice(1).map((r) => [r[0], r[1]]));
    for (const [i, name] of names.entries()) {
      if (!written.has(name)) continue;
      const shown = rows[i][1].replace(/`/g, '');
      expect({ name, default: shown === 'empty' ? '' : shown }).toEqual({ name, default: written.get(name) });
    }
  });

  test('every setting the docs name is a row setup writes', () => {
    const unknown: string[] = [];
    for (const doc of DOCS) {
      const text = read(doc);
      const prose = withoutFences(text);
      const named = [
        ...[...prose.matchAll(/`Settings` → `([^`]+)`/g)].map((m) => m[1]),
        ...[...prose.matchAll(/`Settings` row `([^`]+)`/g)].map((m) => m[1]),
        ...[...prose.matchAll(/`([^`]+ \((?:hours|days|months|%)\))`/g)].map((m) => m[1]),
        // setup's and the sweep's messages quoted in examples
        ...[...text.matchAll(/Settings row '([^']+)'/g)].map((m) => m[1]),
      ];
      // A code span may wrap onto the next line; Markdown reads the line break as a space.
      const names = named.map((n) => n.replace(/\s+/g, ' '));
      unknown.push(...names.filter((n) => !isSettingName(n)).map((n) => `${doc}: ${n}`));
    }
    expect(unknown).toEqual([]);
  });
});

test('every alert subject in docs/operations.md is one the code sends', () => {
  const src = sourceText('src');
  const rows = tableRows(read('docs/operations.md'), '| Subject after `[Conduct Desk]` |');
  const missing = rows
    .flatMap((r) => backticked(r[0]))
    .flatMap((subject) => subject.split(/<[^>]+>/))
    .map((part) => part.replace(/^[\s()/]+|[\s()/]+$/g, ''))
    .filter((part) => part.length > 3 && !src.includes(part));
  expect(missing).toEqual([]);
});

test('the selfTest checks in docs/deployment.md are the ones selfTest prints', () => {
  const documented = tableRows(read('docs/deployment.md'), '| Check | What it does |').map((r) => r[0]);
  const source = read('src/flows/self-test.ts');
  const printed = [
    ...[...source.matchAll(/\bcheck\(\s*'([^']+)'/g)].map((m) => m[1]),
    ...[...source.matchAll(/\bline\(\s*[^,]+,\s*'([^']+)'/g)].map((m) => m[1]),
  ];
  expect(printed.length).toBeGreaterThan(10);
  expect([...documented].sort()).toEqual([...printed].sort());
});

test('the steps of docs/scenarios.md are the scenario format’s actions', () => {
  const documented = tableRows(read('docs/scenarios.md'), '| Action | Fields |').map((r) => backticked(r[0])[0]);
  expect([...documented].sort()).toEqual(Object.keys(ACTION_SCHEMAS).sort());
});

/** GitHub's heading anchors: markup dropped, lower case, punctuation removed, spaces to hyphens, repeats numbered. */
function anchorsOf(doc: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(doc).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = m[1]
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

test('every relative link and #anchor in the docs resolves', () => {
  const broken: string[] = [];
  for (const doc of DOCS) {
    for (const m of withoutFences(read(doc)).matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1];
      if (/^[a-z]+:/.test(link)) continue;
      const [path, anchor] = link.split('#');
      const target = path ? join(dirname(doc), path) : doc;
      if (!existsSync(join(ROOT, target))) broken.push(`${doc}: ${link}`);
      else if (anchor && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor))
        broken.push(`${doc}: ${link} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});
