// The store implementations behind the quiz port, as the contract suite sees them: a fresh empty
// database per test, and any number of stores opened on it at once, the way N bot processes share one
// database. Everything made here (SQLite files, PostgreSQL databases) is removed by dispose().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import type { QuizStore } from '../../src/core/quiz/store.ts';
import { freshDatabase, postgresAvailable, type TestDatabase } from './postgres.ts';

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** True when this backend cannot run here (no PostgreSQL server). */
  skip: boolean;
  /** Starts a new, empty database; stores opened before are closed. */
  fresh(): Promise<void>;
  /** Opens another store on the current database (another "process"). */
  open(): Promise<QuizStore>;
  /** Closes the stores and removes every database and file this backend made. */
  dispose(): Promise<void>;
}

abstract class Backend implements StoreBackend {
  abstract readonly name: 'sqlite' | 'postgres';
  abstract readonly skip: boolean;
  protected readonly stores: QuizStore[] = [];
  abstract fresh(): Promise<void>;
  protected abstract connect(): Promise<QuizStore>;
  protected abstract removeAll(): Promise<void>;

  async open(): Promise<QuizStore> {
    const store = await this.connect();
    this.stores.push(store);
    return store;
  }

  protected async closeAll(): Promise<void> {
    for (const s of this.stores.splice(0)) await s.close();
  }

  async dispose(): Promise<void> {
    await this.closeAll();
    await this.removeAll();
  }
}

class SqliteBackend extends Backend {
  readonly name = 'sqlite' as const;
  readonly skip = false;
  private readonly dirs: string[] = [];
  private file = '';

  async fresh(): Promise<void> {
    await this.closeAll();
    const dir = mkdtempSync(join(tmpdir(), 'responsibot-contract-'));
    this.dirs.push(dir);
    this.file = join(dir, 'responsibot.db');
  }

  protected async connect(): Promise<QuizStore> {
    return new SqliteStore(this.file);
  }

  protected async removeAll(): Promise<void> {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

class PostgresBackend extends Backend {
  readonly name = 'postgres' as const;
  readonly skip = !postgresAvailable;
  private db: TestDatabase | undefined;

  async fresh(): Promise<void> {
    await this.closeAll();
    this.db ??= await freshDatabase();
    // A new empty schema is cheaper than a new database, and each test migrates it from scratch.
    const admin = await this.db.admin();
    await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await admin.end();
  }

  protected async connect(): Promise<QuizStore> {
    return PostgresStore.open(this.db!.url, { maxConnections: 4 });
  }

  protected async removeAll(): Promise<void> {
    await this.db?.drop();
    this.db = undefined;
  }
}

export function storeBackends(): StoreBackend[] {
  return [new SqliteBackend(), new PostgresBackend()];
}
