// Picks the quiz store from the configuration: PostgreSQL when DATABASE_URL is set (several processes
// can share it), otherwise the embedded SQLite file in DATA_DIR. Each adapter is imported only when
// chosen, so a SQLite bot never loads pg and a PostgreSQL bot never opens a file.
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './core/ports/logger.ts';
import type { QuizStore } from './core/quiz/store.ts';
import type { InstallationRecords } from './core/ports/installations.ts';
import type { PostgresStore } from './adapters/postgres/postgres-store.ts';
import type { SqliteStore } from './adapters/sqlite/sqlite-store.ts';

/** Opens the store; throws StoreOpenError (one line, no secrets) when it cannot be used. */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>, log: Logger): Promise<QuizStore> {
  if (config.DATABASE_URL) {
    const { PostgresStore } = await import('./adapters/postgres/postgres-store.ts');
    return PostgresStore.open(config.DATABASE_URL, { log });
  }
  const { SqliteStore } = await import('./adapters/sqlite/sqlite-store.ts');
  return new SqliteStore(join(config.DATA_DIR, 'responsibot.db'));
}

/** Where Slack's OAuth installations are kept: the same database as the quiz store, through its connection. */
export async function openInstallations(store: QuizStore): Promise<InstallationRecords> {
  if ('pool' in store) {
    const { PostgresInstallations } = await import('./adapters/postgres/installations.ts');
    return new PostgresInstallations((store as PostgresStore).pool);
  }
  const { SqliteInstallations } = await import('./adapters/sqlite/installations.ts');
  return new SqliteInstallations((store as SqliteStore).db);
}
