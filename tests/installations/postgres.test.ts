import { afterAll } from 'vitest';
import { describe } from 'vitest';
import { PostgresInstallations } from '../../src/adapters/postgres/installations.ts';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store.ts';
import { freshDatabase, postgresAvailable, reportSkip, type TestDatabase } from '../support/postgres.ts';
import { installationContract } from './contract.ts';

reportSkip('the PostgreSQL installation records');
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

describe.skipIf(!postgresAvailable)('PostgreSQL', () => {
  installationContract('PostgreSQL', async () => {
    const db = await freshDatabase();
    databases.push(db);
    const store = await PostgresStore.open(db.url);
    return {
      records: new PostgresInstallations(store.pool),
      async close() {
        await store.close();
      },
    };
  });
});
