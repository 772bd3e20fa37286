// Vitest global setup: every test file gets its own temporary directory (tests/support/temp-sandbox.ts
// points TMPDIR at it), all of them inside one folder for the run. A file must remove what it creates;
// the sandbox fails the file that does not. At the end this checks that the run left nothing behind —
// neither in the run's folder nor as a new responsibot-* folder in the real temporary directory (a
// test that hard-codes /tmp) — and fails the run if it did, naming what was left.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Other runs and tools on the same machine make these; they are not this run's leftovers. */
const NOT_OURS = ['responsibot-test-run-', 'responsibot-bench-'];
const ours = (dir: string) => new Set(readdirSync(dir).filter((name) => name.startsWith('responsibot-') && !NOT_OURS.some((p) => name.startsWith(p))));

export default function setup(): () => void {
  const realTmp = tmpdir();
  const before = ours(realTmp);
  const runRoot = mkdtempSync(join(realTmp, 'responsibot-test-run-'));
  process.env.RESPONSIBOT_TEST_TMP = runRoot;
  return () => {
    const leftInRun = readdirSync(runRoot).flatMap((file) => readdirSync(join(runRoot, file)).map((name) => `${file}/${name}`));
    const leftInTmp = [...ours(realTmp)].filter((name) => !before.has(name));
    rmSync(runRoot, { recursive: true, force: true });
    for (const name of leftInTmp) rmSync(join(realTmp, name), { recursive: true, force: true });
    if (leftInRun.length + leftInTmp.length > 0) {
      throw new Error(`the tests left ${leftInRun.length + leftInTmp.length} temporary folder(s) behind (now removed): ${[...leftInRun, ...leftInTmp.map((n) => join(realTmp, n))].join(', ')}`);
    }
  };
}
