// An online backup of the SQLite database through SQLite's backup API: consistent (one snapshot, WAL
// included) and safe while the bot keeps writing, unlike copying the file.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  pages: number;
  integrity: string;
}

export async function backupSqlite(file: string, destination: string): Promise<BackupResult> {
  if (!existsSync(file)) throw new Error(`There is no database at ${file}; check DATA_DIR.`);
  if (existsSync(destination)) throw new Error(`${destination} exists already; back up to a new file.`);
  mkdirSync(dirname(destination), { recursive: true });
  // Not read-only: a reader must be able to take part in WAL recovery; it writes nothing itself.
  const source = new Database(file, { fileMustExist: true, timeout: 5000 });
  let pages = 0;
  try {
    ({ totalPages: pages } = await source.backup(destination));
  } finally {
    source.close();
  }
  const copy = new Database(destination);
  try {
    // The copy inherits WAL mode; as a plain rollback-journal file it is one self-contained file to
    // move around (the bot switches it back to WAL when it opens a restored copy).
    copy.pragma('journal_mode = DELETE');
    return { pages, integrity: String(copy.pragma('integrity_check', { simple: true })) };
  } finally {
    copy.close();
  }
}
