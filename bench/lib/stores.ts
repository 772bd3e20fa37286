// The two stores the benchmark compares: a fresh SQLite file in a temp dir, or a fresh database on the
// PostgreSQL server the tests use (TEST_POSTGRES_URL, default 127.0.0.1:5432), dropped afterwards.
// Without a server the PostgreSQL figures are skipped, and the run says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import type { QuizStore } from '../../src/core/quiz/store.ts';
import { ADMIN_URL, freshDatabase, postgresAvailable, postgresProblem } from '../../tests/support/postgres.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface BenchStore {
  kind: StoreKind;
  store: QuizStore;
  /** PostgreSQL: the database's URL, for child processes sharing it. */
  url?: string;
  /** Daily posts by status, as the store holds them. */
  dailyStatus(): Promise<Record<string, number>>;
  /** Closes the store and removes the file or database. */
  dispose(): Promise<void>;
}

/** Why PostgreSQL figures are skipped, or undefined when a server answers. */
export function postgresSkipReason(): string | undefined {
  return postgresAvailable ? undefined : `no PostgreSQL server at ${ADMIN_URL} (${postgresProblem})`;
}

export async function openBenchStore(kind: StoreKind, opts: { maxConnections?: number } = {}): Promise<BenchStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'responsibot-bench-store-'));
    const store = new SqliteStore(join(dir, 'responsibot.db'));
    return {
      kind,
      store,
      async dailyStatus() {
        const rows = store.db.prepare("SELECT status, COUNT(*) AS n FROM posts WHERE kind = 'daily' GROUP BY status").all() as { status: string; n: number }[];
        return Object.fromEntries(rows.map((r) => [r.status, r.n]));
      },
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = await freshDatabase('responsibot_bench');
  const store = await PostgresStore.open(db.url, { maxConnections: opts.maxConnections ?? 10 });
  return {
    kind,
    store,
    url: db.url,
    async dailyStatus() {
      const { rows } = await store.pool.query<{ status: string; n: number }>("SELECT status, COUNT(*)::int AS n FROM posts WHERE kind = 'daily' GROUP BY status");
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async dispose() {
      await store.close();
      await db.drop();
    },
  };
}
