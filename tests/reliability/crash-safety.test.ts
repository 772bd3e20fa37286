// Crash safety: child processes record answers through SqliteStore as fast as they can and print each
// answer only after recordAnswer resolved. Two write to the same file at once (as two bot processes
// would); each is killed with SIGKILL at its own random moment — during start-up and migrations as well
// as mid-write, possibly while the other holds the write lock. After every round we restart on the file
// and check that every acknowledged answer is there, that each daily answer's streak update committed
// with it (one transaction), and that PRAGMA integrity_check says ok.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { compileWriter, WRITER_SOURCE } from './support/compile-writer.ts';
import { pick, rng, SEED, summary, TEST_TIMEOUT } from './support/env.ts';
import { tempDir } from '../support/temp.ts';

/** How to start a writer: the TypeScript file under tsx, or the same code compiled once (much faster to start). */
type Launch = { args: (file: string, runId: string) => string[] };
const viaTsx: Launch = { args: (file, runId) => ['--import', 'tsx', WRITER_SOURCE, file, runId] };
const compiled = (bundle: string): Launch => ({ args: (file, runId) => [bundle, file, runId] });

interface Run {
  acked: string[];
  ready: boolean;
  killedAfterMs: number;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts a writer and SIGKILLs it `delayMs` after it is ready (or after spawn, when `early`). */
function runAndKill(launch: Launch, file: string, runId: string, opts: { early: boolean; delayMs: number }): Promise<Run> {
  const child = spawn(process.execPath, launch.args(file, runId), { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  let ready = false;
  let buffered = '';
  let stderr = '';
  const started = Date.now();
  let killedAt = 0;
  const kill = () => {
    if (child.exitCode !== null || killedAt) return;
    killedAt = Date.now();
    child.kill('SIGKILL');
  };
  if (opts.early) setTimeout(kill, opts.delayMs);
  const guard = setTimeout(kill, 20_000);
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('ack ')) acked.push(line.slice(4));
      else if (line.startsWith('ready ') && !ready) {
        ready = true;
        if (!opts.early) setTimeout(kill, opts.delayMs);
      }
    }
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ acked, ready, killedAfterMs: (killedAt || Date.now()) - started, stderr, code, signal });
    }),
  );
}

/** Restarts on the file (migrations, WAL recovery) and returns what a fresh process finds. */
async function inspect(file: string): Promise<{ integrity: string[]; keys: Set<string>; answers: number; orphanDaily: number; fkProblems: number }> {
  const store = new SqliteStore(file);
  try {
    const integrity = (store.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const keys = new Set((store.db.prepare('SELECT post_id, user_id FROM answers').all() as { post_id: string; user_id: string }[]).map((r) => `${r.post_id} ${r.user_id}`));
    // A daily answer and its streak update are one transaction: never one without the other.
    const orphanDaily = (
      store.db
        .prepare(
          `SELECT COUNT(*) AS n FROM answers a JOIN posts p ON p.id = a.post_id
           WHERE a.kind = 'daily' AND NOT EXISTS (
             SELECT 1 FROM streaks s WHERE s.platform = p.platform AND s.workspace_id = p.workspace_id AND s.channel_id = p.channel_id AND s.user_id = a.user_id AND s.last_post_id = a.post_id)`,
        )
        .get() as { n: number }
    ).n;
    const fkProblems = (store.db.pragma('foreign_key_check') as unknown[]).length;
    return { integrity, keys, answers: keys.size, orphanDaily, fkProblems };
  } finally {
    await store.close();
  }
}

let bundle: Launch;
beforeAll(async () => {
  bundle = compiled(await compileWriter());
});

describe('crash safety of recorded answers', () => {
  it(
    'every acknowledged answer survives SIGKILL at random moments, and the database stays intact',
    async () => {
      const file = join(tempDir('responsibot-crash-'), 'responsibot.db');
      const random = rng(SEED);
      const rounds = pick(12, 60);
      const writersPerRound = 2;
      const acked = new Set<string>();
      let kills = 0;
      let duringStartup = 0;
      let maxDelay = 0;
      for (let round = 0; round < rounds; round++) {
        const runs = await Promise.all(
          Array.from({ length: writersPerRound }, (_, w) => {
            // The first round runs the TypeScript file itself under tsx; the rest the compiled copy.
        const launch = round === 0 ? viaTsx : bundle;
        // About one kill in six lands during start-up (loading, opening, migrating, creating posts).
            const early = (round === 0 && w === 0) || random() < 1 / 6;
            const delayMs = early ? Math.floor(random() * (round === 0 ? 700 : 150)) : Math.floor(random() * pick(300, 1500));
            maxDelay = Math.max(maxDelay, delayMs);
            return runAndKill(launch, file, `r${round}w${w}`, { early, delayMs });
          }),
        );
        for (const run of runs) {
          expect(run.signal, `a writer ended by itself: ${run.stderr}`).toBe('SIGKILL');
          kills++;
          if (!run.ready) duringStartup++;
          for (const a of run.acked) acked.add(a);
        }

        const found = await inspect(file);
        expect(found.integrity, `integrity after round ${round}`).toEqual(['ok']);
        expect(found.fkProblems).toBe(0);
        expect(found.orphanDaily, `daily answers without their streak update after round ${round}`).toBe(0);
        const lost = [...acked].filter((a) => !found.keys.has(a));
        expect(lost, `acknowledged answers lost after round ${round}`).toEqual([]);
      }
      // And the file is still fully usable: a writer that is left alone finishes normally.
      const finalRun = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, viaTsx.args(file, 'final').concat('200'), { stdio: 'ignore' });
        child.once('close', resolve);
      });
      expect(finalRun).toBe(0);
      const end = await inspect(file);
      expect(end.integrity).toEqual(['ok']);
      summary('crash safety', { 'kills survived': kills, 'kills during start-up': duringStartup, 'acknowledged answers checked': acked.size, 'answers in db': end.answers, 'lost': 0, 'longest run before kill ms': maxDelay });
    },
    TEST_TIMEOUT,
  );
});

describe('opening the database while another process is writing to it (BUG-7; fixed)', () => {
  // BUG-7, found by this suite, as it was before the fix: SqliteStore's constructor runs PRAGMA journal_mode
  // = WAL before anything else. If another connection is in the middle of a write to a database that is not
  // in WAL mode yet (it holds the RESERVED lock), SQLite answers SQLITE_BUSY at once instead of using the
  // 5-s busy timeout — waiting could deadlock — and the constructor reports "the database is locked by
  // another program for more than 5 seconds" after a few milliseconds. The everyday way to get there: two
  // processes (two bot replicas, or the bot and a CLI) starting together on an empty DATA_DIR, where the
  // other one's own switch to WAL is that write. Measured with two writers released together: about one pair
  // in 14 (at random, hence the deterministic version here). Seen first as a flaky start of the crash test.
  it(
    'BUG-7 (fixed): a database another process is writing to for 1.5 s (not yet in WAL mode) is waited for, not refused after a few ms',
    async () => {
      const file = join(tempDir('responsibot-busy-'), 'responsibot.db');
      const script = `
        const Database = require('better-sqlite3');
        const db = new Database(process.argv[1]);
        db.exec('CREATE TABLE IF NOT EXISTS other (x)');
        db.exec('BEGIN IMMEDIATE');
        db.exec('INSERT INTO other VALUES (1)');
        process.stdout.write('writing\\n');
        setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, 1500);`;
      const writer = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => writer.stdout.once('data', resolve));
      const started = Date.now();
      let error: string | undefined;
      try {
        await new SqliteStore(file).close();
      } catch (err) {
        error = `${(err as Error).message} (after ${Date.now() - started} ms)`;
      } finally {
        await new Promise((resolve) => (writer.exitCode !== null ? resolve(null) : writer.once('close', resolve)));
      }
      expect(error).toBeUndefined();
    },
    TEST_TIMEOUT,
  );
});
