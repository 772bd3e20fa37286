// Picks the quiz store from the configuration: PostgreSQL when DATABASE_URL is set (several processes
// can share it), otherwise the embedded SQLite file in DATA_DIR. Each adapter is imported only when
// chosen, so a SQLite bot never loads pg and a PostgreSQL bot never opens a file.
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './core/ports/logger.ts';
import type { QuizStore } from './core/quiz/store.ts';

/** Opens the store; throws StoreOpenError (one line, no secrets) when it cannot be used. */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>, log: Logger): Promise<QuizStore> {
  if (config.DATABASE_URL) {
    const { PostgresStore } = await import('./adapters/postgres/postgres-store.ts');
    return PostgresStore.open(config.DATABASE_URL, { log });
  }
  const { SqliteStore } = await import('./adapters/sqlite/sqlite-store.ts');
  return new SqliteStore(join(config.DATA_DIR, 'responsibot.db'));
}
