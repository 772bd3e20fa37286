// npm run backup -- <file>: an online backup of the SQLite database (DATA_DIR/responsibot.db) while the
// bot runs. Restore by stopping the bot and putting the file in its place (docs/deploy.md).
import { join } from 'node:path';
import { backupSqlite } from '../adapters/sqlite/backup.ts';
import { loadConfig, loadDotEnv } from '../config.ts';

const destination = process.argv[2];
if (!destination || destination.startsWith('-')) {
  process.stderr.write('Usage: npm run backup -- <backup file>   (for example backups/responsibot-2026-01-31.db)\n');
  process.exit(2);
}
loadDotEnv();
const file = join(loadConfig().DATA_DIR, 'responsibot.db');
try {
  const { pages, integrity } = await backupSqlite(file, destination);
  if (integrity !== 'ok') throw new Error(`the copy fails its integrity check: ${integrity}`);
  process.stdout.write(`backed up ${file} to ${destination} (${pages} pages, integrity ok)\n`);
} catch (err) {
  process.stderr.write(`Backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
