// Vitest setup file: this test file's temporary directory. TMPDIR points at a folder of its own inside
// the run's folder (tests/support/temp-cleanup.ts), so os.tmpdir() — in the tests, in our code and in
// every child process they start — lands there. When the file ends the folder must be empty: whatever a
// test created and did not remove fails the file, by name, and is then removed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';

const runRoot = process.env.RESPONSIBOT_TEST_TMP;
if (runRoot) {
  const previous = process.env.TMPDIR;
  const sandbox = mkdtempSync(join(runRoot, 'file-'));
  process.env.TMPDIR = sandbox;
  afterAll(() => {
    // tsx keeps a compile cache in the temp directory of every child process it starts (it is always
    // there outside tests too); that is not something a test created.
    const left = readdirSync(sandbox).filter((name) => !/^tsx-\d+$/.test(name));
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(sandbox, { recursive: true, force: true });
    expect(left.join(', '), 'temporary files and folders this test file created and did not remove').toBe('');
  });
}
