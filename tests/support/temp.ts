// Temporary folders for tests, removed by the test that made them: when the running test finishes,
// or, for a folder made outside a test (at the top of a file, in a describe or a beforeAll), when the
// file's tests are done. Clean-ups run last registered first, so a store closes before its folder goes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

const forTest: (() => unknown)[] = [];
const forFile: (() => unknown)[] = [];
try {
  afterAll(async () => {
    while (forFile.length > 0) await forFile.pop()!();
  });
} catch {
  // Imported outside a test run (the bench reuses test packs): callers remove their own folders.
}

/** Runs `cleanup` when the current test finishes (or when the file's tests are done, outside a test). */
export function afterThisTest(cleanup: () => unknown): void {
  try {
    if (forTest.length === 0) {
      onTestFinished(async () => {
        while (forTest.length > 0) await forTest.pop()!();
      });
    }
    forTest.push(cleanup);
  } catch {
    // Not inside a running test.
    forFile.push(cleanup);
  }
}

/** A new folder in the temporary directory, removed after the test (or file) that made it. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterThisTest(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
