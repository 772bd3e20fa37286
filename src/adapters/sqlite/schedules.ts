// Daily schedules, channel settings and once-per-period claims on SQLite.
import type Database from 'better-sqlite3';
import type { ChannelKey, Schedule, SettingScope } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';

type Row = Record<string, unknown>;

export class SqliteSchedules {
  constructor(private readonly db: Database.Database) {}

  async saveSchedule(s: Schedule): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO schedules (platform, workspace_id, channel_id, time, timezone, days, topic, difficulty, window_minutes, created_by, created_at)
         VALUES (@platform, @workspaceId, @channelId, @time, @timezone, @days, @topic, @difficulty, @windowMinutes, @createdBy, @createdAt)
         ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, days = excluded.days,
           topic = excluded.topic, difficulty = excluded.difficulty, window_minutes = excluded.window_minutes, created_by = excluded.created_by,
           created_at = excluded.created_at`,
      )
      .run({ topic: null, difficulty: null, windowMinutes: null, ...s });
  }

  async getSchedule(c: ChannelKey): Promise<Schedule | undefined> {
    return toSchedule(
      this.db.prepare('SELECT * FROM schedules WHERE platform = ? AND workspace_id = ? AND channel_id = ?').get(c.platform, c.workspaceId, c.channelId) as
        | Row
        | undefined,
    );
  }

  async deleteSchedule(c: ChannelKey): Promise<boolean> {
    return this.db.prepare('DELETE FROM schedules WHERE platform = ? AND workspace_id = ? AND channel_id = ?').run(c.platform, c.workspaceId, c.channelId).changes === 1;
  }

  async listSchedules(): Promise<Schedule[]> {
    return (this.db.prepare('SELECT * FROM schedules ORDER BY platform, workspace_id, channel_id').all() as Row[]).map((r) => toSchedule(r)!);
  }

  async getSetting(scope: SettingScope, key: string): Promise<string | undefined> {
    const r = this.db
      .prepare('SELECT value FROM settings WHERE platform = ? AND workspace_id = ? AND scope_id = ? AND key = ?')
      .get(scope.platform, scope.workspaceId, scope.scopeId, key) as { value: string } | undefined;
    return r?.value;
  }

  async setSetting(scope: SettingScope, key: string, value: string | undefined, by: string, at: number): Promise<void> {
    const where = [scope.platform, scope.workspaceId, scope.scopeId, key];
    if (value === undefined) {
      this.db.prepare('DELETE FROM settings WHERE platform = ? AND workspace_id = ? AND scope_id = ? AND key = ?').run(...where);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO settings (platform, workspace_id, scope_id, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, workspace_id, scope_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(...where, value, by, at);
  }

  async claim(kind: string, c: ChannelKey, period: string, at: number): Promise<boolean> {
    return (
      this.db
        .prepare('INSERT INTO claims (kind, platform, workspace_id, channel_id, period, claimed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(kind, c.platform, c.workspaceId, c.channelId, period, at).changes === 1
    );
  }
}

function toSchedule(r: Row | undefined): Schedule | undefined {
  if (!r) return undefined;
  const s: Schedule = {
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    time: String(r.time),
    timezone: String(r.timezone),
    days: String(r.days),
    createdBy: String(r.created_by),
    createdAt: Number(r.created_at),
  };
  if (r.topic !== null) s.topic = String(r.topic);
  if (r.difficulty !== null) s.difficulty = String(r.difficulty);
  if (r.window_minutes !== null) s.windowMinutes = Number(r.window_minutes);
  return s;
}
