// docs/architecture.md lists every tab and column of the stores: checked here against src/workspace/schema.ts, so the doc cannot drift from the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRY_HEADERS, STATUS_HEADERS_BY_TAB } from '../../src/workspace/schema';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'architecture.md'), 'utf8');

/** The `| \`Tab\` | columns | …` rows of the table that follows the line starting with `intro`. */
function documentedTabs(intro: string): Map<string, string[]> {
  const lines = DOC.split('\n');
  const start = lines.findIndex((l) => l.startsWith(intro));
  if (start < 0) throw new Error(`docs/architecture.md has no line starting with "${intro}"`);
  const tabs = new Map<string, string[]>();
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = line.split(' | ');
    const tab = /^\| `([^`]+)`$/.exec(cells[0]?.trim() ?? '')?.[1];
    if (!tab) continue;
    // Columns are the backticked names of the second cell; what follows a name in parentheses or after a dash explains it.
    const columns = cells[1].split(' — ')[0].replace(/\([^()]*(\([^()]*\)[^()]*)*\)/g, '');
    tabs.set(
      tab,
      [...columns.matchAll(/`([^`]+)`/g)].map((m) => m[1]),
    );
  }
  return tabs;
}

test('the status spreadsheet tabs and columns in docs/architecture.md are the ones setup creates', () => {
  const documented = documentedTabs('Status spreadsheet');
  expect([...documented.keys()].sort()).toEqual(Object.keys(STATUS_HEADERS_BY_TAB).sort());
  for (const [tab, headers] of Object.entries(STATUS_HEADERS_BY_TAB))
    expect({ tab, columns: documented.get(tab) }).toEqual({ tab, columns: [...headers] });
});

test('the private registry tabs and columns in docs/architecture.md are the ones the code writes', () => {
  const documented = documentedTabs('Private registry');
  expect([...documented.keys()].sort()).toEqual(Object.keys(REGISTRY_HEADERS).sort());
  for (const [tab, headers] of Object.entries(REGISTRY_HEADERS))
    expect({ tab, columns: documented.get(tab) }).toEqual({ tab, columns: [...headers] });
});
