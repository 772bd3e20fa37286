import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteInstallations } from '../../src/adapters/sqlite/installations.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { installationContract } from './contract.ts';

installationContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'responsibot-installations-'));
  const store = new SqliteStore(join(dir, 'responsibot.db'));
  return {
    records: new SqliteInstallations(store.db),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
