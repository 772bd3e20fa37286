// Vitest global setup: whatever responsibot-* folders the test run leaves in the temp directory are
// removed at the end, so a run never litters /tmp even when a test forgets to clean up after itself.
// Folders that existed before the run (another process's) are left alone.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ours = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('responsibot-')));

export default function setup(): () => void {
  const before = ours();
  return () => {
    for (const name of ours()) if (!before.has(name)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  };
}
