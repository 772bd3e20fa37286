// Reports on questions and disabled questions on SQLite.
import type Database from 'better-sqlite3';
import type { Report, ReportOutcome } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';

type Row = Record<string, unknown>;

export class SqliteModeration {
  constructor(private readonly db: Database.Database) {}

  async addReport(r: Omit<Report, 'id' | 'status'>): Promise<number> {
    const result = this.db
      .prepare('INSERT INTO reports (platform, workspace_id, question_id, user_id, user_name, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.platform, r.workspaceId, r.questionId, r.userId, r.userName, r.note, r.createdAt);
    return Number(result.lastInsertRowid);
  }

  async addToReport(r: Omit<Report, 'id' | 'status' | 'createdAt'>): Promise<number | undefined> {
    // The newest open report of that person on that question; a new note goes below the old one.
    const row = this.db
      .prepare(
        `UPDATE reports SET note = CASE WHEN ? = '' THEN note WHEN note = '' THEN ? ELSE note || char(10) || ? END, user_name = ?
         WHERE id = (SELECT MAX(id) FROM reports WHERE platform = ? AND workspace_id = ? AND question_id = ? AND user_id = ? AND status = 'open') RETURNING id`,
      )
      .get(r.note, r.note, r.note, r.userName, r.platform, r.workspaceId, r.questionId, r.userId) as { id: number } | undefined;
    return row ? Number(row.id) : undefined;
  }

  async openReports(platform: Platform, workspaceId: string): Promise<Report[]> {
    return (this.db.prepare(`SELECT * FROM reports WHERE platform = ? AND workspace_id = ? AND status = 'open' ORDER BY created_at DESC`).all(platform, workspaceId) as Row[]).map(toReport);
  }

  async closeReport(platform: Platform, workspaceId: string, id: number, o: ReportOutcome): Promise<Report | 'missing' | 'closed'> {
    const closed = this.db
      .prepare(
        `UPDATE reports SET status = 'closed', resolution = ?, resolved_by = ?, resolution_note = ?, resolved_at = ?
         WHERE id = ? AND platform = ? AND workspace_id = ? AND status = 'open' RETURNING *`,
      )
      .get(o.resolution, o.by, o.note, o.at, id, platform, workspaceId) as Row | undefined;
    if (closed) return { ...toReport(closed), status: 'open' };
    return this.db.prepare('SELECT 1 FROM reports WHERE id = ? AND platform = ? AND workspace_id = ?').get(id, platform, workspaceId) ? 'closed' : 'missing';
  }

  async setQuestionDisabled(platform: Platform, workspaceId: string, questionId: string, disabled: boolean, by: string, at: number): Promise<boolean> {
    const r = disabled
      ? this.db.prepare('INSERT INTO disabled_questions (platform, workspace_id, question_id, disabled_by, disabled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(platform, workspaceId, questionId, by, at)
      : this.db.prepare('DELETE FROM disabled_questions WHERE platform = ? AND workspace_id = ? AND question_id = ?').run(platform, workspaceId, questionId);
    return r.changes === 1;
  }

  async disabledQuestions(platform: Platform, workspaceId: string): Promise<string[]> {
    return (this.db.prepare('SELECT question_id FROM disabled_questions WHERE platform = ? AND workspace_id = ? ORDER BY question_id').all(platform, workspaceId) as Row[]).map((r) => String(r.question_id));
  }
}

function toReport(r: Row): Report {
  return {
    id: Number(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    questionId: String(r.question_id),
    userId: String(r.user_id),
    userName: String(r.user_name),
    note: String(r.note),
    createdAt: Number(r.created_at),
    status: r.status as 'open' | 'closed',
  };
}
