// Daily schedules, channel settings and once-per-period claims on PostgreSQL.
import type { ChannelKey, Schedule, SettingScope } from '../../core/quiz/store.ts';
import { many, one, type PgQueries } from './queries.ts';

export class PgSchedules {
  constructor(private readonly sql: PgQueries) {}

  async saveSchedule(s: Schedule): Promise<void> {
    await this.sql.count(
      `INSERT INTO schedules (${SCHEDULE}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, days = excluded.days,
         topic = excluded.topic, difficulty = excluded.difficulty, window_minutes = excluded.window_minutes, created_by = excluded.created_by,
         created_at = excluded.created_at`,
      [s.platform, s.workspaceId, s.channelId, s.time, s.timezone, s.days, s.topic, s.difficulty, s.windowMinutes, s.createdBy, s.createdAt],
    );
  }

  async getSchedule(c: ChannelKey): Promise<Schedule | undefined> {
    return one<Schedule>(await this.sql.rows(`SELECT ${SCHEDULE} FROM schedules WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3`, [c.platform, c.workspaceId, c.channelId]));
  }

  async deleteSchedule(c: ChannelKey): Promise<boolean> {
    return (await this.sql.count('DELETE FROM schedules WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3', [c.platform, c.workspaceId, c.channelId])) === 1;
  }

  async listSchedules(): Promise<Schedule[]> {
    return many<Schedule>(await this.sql.rows(`SELECT ${SCHEDULE} FROM schedules ORDER BY platform, workspace_id, channel_id`));
  }

  async getSetting(scope: SettingScope, key: string): Promise<string | undefined> {
    const [r] = await this.sql.rows<{ value: string }>('SELECT value FROM settings WHERE platform = $1 AND workspace_id = $2 AND scope_id = $3 AND key = $4', [
      scope.platform, scope.workspaceId, scope.scopeId, key,
    ]);
    return r?.value;
  }

  async setSetting(scope: SettingScope, key: string, value: string | undefined, by: string, at: number): Promise<void> {
    const where = [scope.platform, scope.workspaceId, scope.scopeId, key];
    if (value === undefined) {
      await this.sql.count('DELETE FROM settings WHERE platform = $1 AND workspace_id = $2 AND scope_id = $3 AND key = $4', where);
      return;
    }
    await this.sql.count(
      `INSERT INTO settings (platform, workspace_id, scope_id, key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, workspace_id, scope_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [...where, value, by, at],
    );
  }

  async claim(kind: string, c: ChannelKey, period: string, at: number): Promise<boolean> {
    const n = await this.sql.count('INSERT INTO claims (kind, platform, workspace_id, channel_id, period, claimed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      kind, c.platform, c.workspaceId, c.channelId, period, at,
    ]);
    return n === 1;
  }
}

const SCHEDULE = 'platform, workspace_id, channel_id, time, timezone, days, topic, difficulty, window_minutes, created_by, created_at';
