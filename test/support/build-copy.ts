// The bundle under test: one private copy of build/ per test file, so a rebuild in the same tree never pulls Code.js out from under a running test.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUILD_DIR = join(__dirname, '..', '..', 'build');
const REQUIRED = ['Code.js', 'appsscript.json', 'case.html', 'styles.html'];
let privateBuild: string | null = null;

function isCompleteBuild(dir: string): boolean {
  return REQUIRED.every((f) => existsSync(join(dir, f)));
}

/**
 * A copy of build/ taken once per test file. A copy is kept only when it is complete and its Code.js is the one
 * build/ holds after the copy (scripts/build.mjs deletes build/ before writing it, so a copy taken mid-build is
 * incomplete or differs). No clock decides: CI builds before it tests, and a developer's concurrent rebuild only
 * makes this look again.
 */
export function privateBuildDir(): string {
  if (privateBuild) return privateBuild;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (isCompleteBuild(BUILD_DIR)) {
      const dir = mkdtempSync(join(tmpdir(), 'conduct-desk-build-'));
      cpSync(BUILD_DIR, dir, { recursive: true });
      if (
        isCompleteBuild(dir) &&
        isCompleteBuild(BUILD_DIR) &&
        readFileSync(join(dir, 'Code.js')).equals(readFileSync(join(BUILD_DIR, 'Code.js')))
      ) {
        privateBuild = dir;
        return dir;
      }
    }
    // A build is being written right now: wait a little (synchronously) and look again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  throw new Error('build/ is missing or never settled: run `npm run build` first');
}
