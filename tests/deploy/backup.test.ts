// `npm run backup -- <file>` while another process keeps recording answers: the copy is a consistent
// database that opens on its own (integrity ok) and holds every answer acknowledged before it began.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'responsibot-backup-'));
  dirs.push(dir);
  return dir;
}

function backup(dataDir: string, dest: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', dest], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run backup', () => {
  it('copies the live database consistently while another process writes to it', async () => {
    const dataDir = tempDir();
    const writer = spawn(process.execPath, ['--import', 'tsx', 'tests/reliability/support/answer-writer.ts', join(dataDir, 'responsibot.db'), 'b1', '20000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => writer.once('close', done));
    let acks = 0;
    let out = '';
    const enough = new Promise<void>((done) =>
      writer.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        acks = out.split('\n').filter((l) => l.startsWith('ack ')).length;
        if (acks >= 200) done();
      }),
    );
    await enough;
    const before = acks;
    const dest = join(dataDir, 'backups', 'responsibot-copy.db');
    const result = backup(dataDir, dest);
    const stillWriting = writer.exitCode === null;
    writer.kill('SIGKILL');
    await exited;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backed up .*responsibot\.db to .*responsibot-copy\.db \(\d+ pages, integrity ok\)\n$/);
    expect(stillWriting).toBe(true);
    expect(existsSync(`${dest}-wal`)).toBe(false);
    const copy = new Database(dest, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const answers = (copy.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n;
      expect(answers).toBeGreaterThanOrEqual(before);
    } finally {
      copy.close();
    }
    // Restoring is putting the file where the bot expects it: it opens and reads like the original.
    const restored = new SqliteStore(dest);
    try {
      expect((await restored.answersByUser('console', 'crash-w', 'u0')).length).toBe(1);
    } finally {
      await restored.close();
    }
  });

  it('refuses to overwrite a file, and names DATA_DIR when there is no database', () => {
    const dataDir = tempDir();
    const missing = backup(dataDir, join(dataDir, 'copy.db'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/There is no database at .*responsibot\.db; check DATA_DIR/);
    new Database(join(dataDir, 'responsibot.db')).close();
    const first = backup(dataDir, join(dataDir, 'copy.db'));
    expect(first.status, first.stderr).toBe(0);
    const again = backup(dataDir, join(dataDir, 'copy.db'));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('exists already');
  });

  it('explains its usage', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: npm run backup -- <backup file>');
  });
});
