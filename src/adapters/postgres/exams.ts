// The mock-exam part of the PostgreSQL store (PostgresStore hands these calls here): one row per
// exam, its picks and flags as JSONB arrays in question order. Each change is one statement that sets
// one position (jsonb_set) and checks the exam is still running, so racing clicks never undo each other.
import type { Platform } from '../../core/ports/messenger.ts';
import type { Exam, ExamResult, ExamStatus } from '../../core/quiz/store.ts';
import type { PgQueries, Row } from './queries.ts';

export class PgExams {
  constructor(private readonly q: PgQueries) {}

  async createExam(e: Exam): Promise<boolean> {
    const n = await this.q.count(
      `INSERT INTO exams (id, platform, workspace_id, channel_id, user_id, user_name, question_ids, domains, started_at, deadline, position, answers, flags, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'active') ON CONFLICT DO NOTHING`,
      [
        e.id, e.platform, e.workspaceId, e.channelId, e.userId, e.userName, JSON.stringify(e.questionIds), e.domains ? JSON.stringify(e.domains) : null,
        e.startedAt, e.deadline, e.position, JSON.stringify(e.answers), JSON.stringify(e.questionIds.map((_, i) => e.flagged.includes(i))),
      ],
    );
    return n === 1;
  }

  async getExam(id: string): Promise<Exam | undefined> {
    const [r] = await this.q.rows('SELECT * FROM exams WHERE id = $1', [id]);
    return r ? toExam(r) : undefined;
  }

  async activeExam(platform: Platform, workspaceId: string, userId: string): Promise<Exam | undefined> {
    const [r] = await this.q.rows(`SELECT * FROM exams WHERE platform = $1 AND workspace_id = $2 AND user_id = $3 AND status = 'active'`, [platform, workspaceId, userId]);
    return r ? toExam(r) : undefined;
  }

  async saveExamAnswer(id: string, position: number, choices: number[], now: number): Promise<boolean> {
    const n = await this.q.count(
      `UPDATE exams SET answers = jsonb_set(answers, ARRAY[$2::text], $3::jsonb)
       WHERE id = $1 AND status = 'active' AND deadline > $4 AND jsonb_array_length(answers) > $2::int`,
      [id, position, JSON.stringify(choices), now],
    );
    return n === 1;
  }

  async setExamFlag(id: string, position: number, flagged: boolean): Promise<boolean> {
    const n = await this.q.count(
      `UPDATE exams SET flags = jsonb_set(flags, ARRAY[$2::text], to_jsonb($3::boolean))
       WHERE id = $1 AND status = 'active' AND jsonb_array_length(flags) > $2::int`,
      [id, position, flagged],
    );
    return n === 1;
  }

  async setExamPosition(id: string, position: number): Promise<void> {
    await this.q.count(`UPDATE exams SET position = $2 WHERE id = $1 AND status = 'active'`, [id, position]);
  }

  async finishExam(id: string, status: Exclude<ExamStatus, 'active'>, endedAt: number, result: ExamResult): Promise<boolean> {
    const n = await this.q.count(`UPDATE exams SET status = $2, ended_at = $3, result = $4 WHERE id = $1 AND status = 'active'`, [id, status, endedAt, JSON.stringify(result)]);
    return n === 1;
  }

  async examsDue(now: number): Promise<Exam[]> {
    return (await this.q.rows(`SELECT * FROM exams WHERE status = 'active' AND deadline <= $1 ORDER BY deadline`, [now])).map(toExam);
  }

  async examHistory(platform: Platform, workspaceId: string, userId: string, limit: number): Promise<Exam[]> {
    const rows = await this.q.rows(
      `SELECT * FROM exams WHERE platform = $1 AND workspace_id = $2 AND user_id = $3 AND status <> 'active' ORDER BY ended_at DESC, id LIMIT $4`,
      [platform, workspaceId, userId, limit],
    );
    return rows.map(toExam);
  }
}

function toExam(r: Row): Exam {
  const e: Exam = {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    userId: String(r.user_id),
    userName: String(r.user_name),
    questionIds: r.question_ids as string[],
    startedAt: Number(r.started_at),
    deadline: Number(r.deadline),
    position: Number(r.position),
    answers: r.answers as number[][],
    flagged: (r.flags as boolean[]).flatMap((f, i) => (f ? [i] : [])),
    status: r.status as ExamStatus,
  };
  if (r.domains !== null) e.domains = r.domains as string[];
  if (r.ended_at !== null) e.endedAt = Number(r.ended_at);
  if (r.result !== null) e.result = r.result as ExamResult;
  return e;
}
