// Reports on questions and disabled questions on PostgreSQL.
import type { Report, ReportOutcome } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { fromRow, many, type PgQueries } from './queries.ts';

export class PgModeration {
  constructor(private readonly sql: PgQueries) {}

  async addReport(r: Omit<Report, 'id' | 'status'>): Promise<number> {
    const [row] = await this.sql.rows<{ id: number }>(
      'INSERT INTO reports (platform, workspace_id, question_id, user_id, user_name, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [r.platform, r.workspaceId, r.questionId, r.userId, r.userName, r.note, r.createdAt],
    );
    return Number(row!.id);
  }

  async addToReport(r: Omit<Report, 'id' | 'status' | 'createdAt'>): Promise<number | undefined> {
    // The newest open report of that person on that question; a new note goes below the old one.
    const [row] = await this.sql.rows<{ id: number }>(
      `UPDATE reports SET note = CASE WHEN $1 = '' THEN note WHEN note = '' THEN $1 ELSE note || E'\\n' || $1 END, user_name = $2
       WHERE id = (SELECT MAX(id) FROM reports WHERE platform = $3 AND workspace_id = $4 AND question_id = $5 AND user_id = $6 AND status = 'open') RETURNING id`,
      [r.note, r.userName, r.platform, r.workspaceId, r.questionId, r.userId],
    );
    return row ? Number(row.id) : undefined;
  }

  async openReports(platform: Platform, workspaceId: string): Promise<Report[]> {
    return many<Report>(
      await this.sql.rows(
        `SELECT id, platform, workspace_id, question_id, user_id, user_name, note, created_at, status FROM reports
         WHERE platform = $1 AND workspace_id = $2 AND status = 'open' ORDER BY created_at DESC`,
        [platform, workspaceId],
      ),
    );
  }

  async closeReport(platform: Platform, workspaceId: string, id: number, o: ReportOutcome): Promise<Report | 'missing' | 'closed'> {
    if (!Number.isSafeInteger(id) || id < 1) return 'missing';
    const [closed] = await this.sql.rows(
      `UPDATE reports SET status = 'closed', resolution = $1, resolved_by = $2, resolution_note = $3, resolved_at = $4
       WHERE id = $5 AND platform = $6 AND workspace_id = $7 AND status = 'open'
       RETURNING id, platform, workspace_id, question_id, user_id, user_name, note, created_at`,
      [o.resolution, o.by, o.note, o.at, id, platform, workspaceId],
    );
    if (closed) return { ...fromRow<Report>(closed), id: Number(closed.id), createdAt: Number(closed.created_at), status: 'open' };
    const [exists] = await this.sql.rows('SELECT 1 FROM reports WHERE id = $1 AND platform = $2 AND workspace_id = $3', [id, platform, workspaceId]);
    return exists ? 'closed' : 'missing';
  }

  async setQuestionDisabled(platform: Platform, workspaceId: string, questionId: string, disabled: boolean, by: string, at: number): Promise<boolean> {
    const n = disabled
      ? await this.sql.count('INSERT INTO disabled_questions (platform, workspace_id, question_id, disabled_by, disabled_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [platform, workspaceId, questionId, by, at])
      : await this.sql.count('DELETE FROM disabled_questions WHERE platform = $1 AND workspace_id = $2 AND question_id = $3', [platform, workspaceId, questionId]);
    return n === 1;
  }

  async disabledQuestions(platform: Platform, workspaceId: string): Promise<string[]> {
    return (await this.sql.rows('SELECT question_id FROM disabled_questions WHERE platform = $1 AND workspace_id = $2 ORDER BY question_id', [platform, workspaceId])).map((r) => String(r.question_id));
  }
}
