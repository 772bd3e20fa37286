// The installation port on PostgreSQL (the tables come from migration 3), on the quiz store's pool.
// What it stores is already sealed by the adapter. Taking an OAuth state is one DELETE … RETURNING:
// of several processes racing for the same state, exactly one gets it.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { InstallationRecord, InstallationRecords } from '../../core/ports/installations.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { isTransient, RETRY_DELAYS_MS } from './connection.ts';

export class PostgresInstallations implements InstallationRecords {
  constructor(private readonly pool: pg.Pool) {}

  async saveInstallation(r: InstallationRecord): Promise<void> {
    await this.query(
      `INSERT INTO installations (platform, install_key, sealed, installed_at, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, install_key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      [r.platform, r.key, r.sealed, r.installedAt, r.updatedAt],
    );
  }

  async getInstallation(platform: Platform, key: string): Promise<InstallationRecord | undefined> {
    const { rows } = await this.query('SELECT sealed, installed_at, updated_at FROM installations WHERE platform = $1 AND install_key = $2', [platform, key]);
    const row = rows[0];
    return row && { platform, key, sealed: String(row.sealed), installedAt: Number(row.installed_at), updatedAt: Number(row.updated_at) };
  }

  async deleteInstallation(platform: Platform, key: string): Promise<boolean> {
    return ((await this.query('DELETE FROM installations WHERE platform = $1 AND install_key = $2', [platform, key])).rowCount ?? 0) > 0;
  }

  async saveOAuthState(state: string, payload: string, expiresAt: number, now: number): Promise<void> {
    // Pages opened and never finished leave states behind; each new one sweeps the expired.
    await this.query('WITH swept AS (DELETE FROM oauth_states WHERE expires_at <= $4) INSERT INTO oauth_states (state, payload, expires_at) VALUES ($1, $2, $3)', [state, payload, expiresAt, now]);
  }

  async takeOAuthState(state: string, now: number): Promise<string | undefined> {
    const { rows } = await this.query('DELETE FROM oauth_states WHERE state = $1 RETURNING payload, expires_at', [state]);
    const row = rows[0];
    return row && Number(row.expires_at) > now ? String(row.payload) : undefined;
  }

  /** A statement on a pooled connection, again on a fresh one after a lost connection. */
  private async query(text: string, values: unknown[]): Promise<pg.QueryResult<Record<string, unknown>>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pool.query(text, values);
      } catch (err) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined || !isTransient(err)) throw err;
        await sleep(delay);
      }
    }
  }
}
