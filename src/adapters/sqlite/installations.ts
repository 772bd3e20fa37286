// The installation port on SQLite, in the bot's database file (the tables come from migration 2).
// It shares the quiz store's connection. What it stores is already sealed by the adapter.
import type Database from 'better-sqlite3';
import type { InstallationRecord, InstallationRecords } from '../../core/ports/installations.ts';
import type { Platform } from '../../core/ports/messenger.ts';

interface Row {
  platform: string;
  install_key: string;
  sealed: string;
  installed_at: number;
  updated_at: number;
}

export class SqliteInstallations implements InstallationRecords {
  constructor(private readonly db: Database.Database) {}

  async saveInstallation(r: InstallationRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO installations (platform, install_key, sealed, installed_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, install_key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      )
      .run(r.platform, r.key, r.sealed, r.installedAt, r.updatedAt);
  }

  async getInstallation(platform: Platform, key: string): Promise<InstallationRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM installations WHERE platform = ? AND install_key = ?').get(platform, key) as Row | undefined;
    return row && { platform: row.platform as Platform, key: row.install_key, sealed: row.sealed, installedAt: row.installed_at, updatedAt: row.updated_at };
  }

  async deleteInstallation(platform: Platform, key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM installations WHERE platform = ? AND install_key = ?').run(platform, key).changes > 0;
  }

  async saveOAuthState(state: string, payload: string, expiresAt: number, now: number): Promise<void> {
    this.db.transaction(() => {
      // Pages opened and never finished leave states behind; each new one sweeps the expired.
      this.db.prepare('DELETE FROM oauth_states WHERE expires_at <= ?').run(now);
      this.db.prepare('INSERT INTO oauth_states (state, payload, expires_at) VALUES (?, ?, ?)').run(state, payload, expiresAt);
    })();
  }

  async takeOAuthState(state: string, now: number): Promise<string | undefined> {
    // One statement: two callbacks racing with the same state cannot both get it.
    const row = this.db.prepare('DELETE FROM oauth_states WHERE state = ? RETURNING payload, expires_at').get(state) as { payload: string; expires_at: number } | undefined;
    return row && row.expires_at > now ? row.payload : undefined;
  }
}
