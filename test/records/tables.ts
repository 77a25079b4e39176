// Registry and status tabs for the record stores' unit tests: real Tables over the in-memory FakeSheet, rows given by header.
import {
  REGISTRY_HEADERS,
  STATUS_HEADERS_BY_TAB,
  type RegistryHeader,
  type RegistryTab,
  type StatusTab,
  type StatusTabHeader,
} from '../../src/workspace/schema';
import { Table } from '../../src/workspace/table';
import { FakeSheet } from '../workspace/fake-sheet';

export interface Tab<H extends string> {
  sheet: FakeSheet;
  table: Table<H>;
  /** The store's view of the tab: what every store takes (it reads its tab lazily). */
  load: () => Table<H>;
  /** The sheet as committed: header row, then each row by header. */
  committed(): Array<Record<string, unknown>>;
  /** The same sheet read again, as the next execution would (after a person edited it, say). */
  reread(): Table<H>;
}

function tab<H extends string>(
  name: string,
  headers: readonly H[],
  rows: ReadonlyArray<Partial<Record<H, string>>>,
  plainText: boolean,
  key?: H,
): Tab<H> {
  const sheet = new FakeSheet([[...headers], ...rows.map((r) => headers.map((h) => r[h] ?? ''))]);
  const load = () =>
    Table.load(sheet.asSheet(), { name, headers, plainText, key, relocate: !plainText && Boolean(key) });
  const table = load();
  return {
    reread: load,
    sheet,
    table,
    load: () => table,
    committed: () =>
      sheet.grid.slice(1).map((line) => Object.fromEntries(sheet.grid[0].map((h, i) => [String(h), line[i] ?? '']))),
  };
}

export function registryTab<T extends RegistryTab>(
  name: T,
  rows: ReadonlyArray<Partial<Record<RegistryHeader<T>, string>>> = [],
): Tab<RegistryHeader<T>> {
  return tab<RegistryHeader<T>>(`registry/${name}`, REGISTRY_HEADERS[name], rows, true);
}

export function statusTab<T extends StatusTab>(
  name: T,
  rows: ReadonlyArray<Partial<Record<StatusTabHeader<T>, string>>> = [],
  key?: StatusTabHeader<T>,
): Tab<StatusTabHeader<T>> {
  return tab<StatusTabHeader<T>>(`status/${name}`, STATUS_HEADERS_BY_TAB[name], rows, false, key);
}
