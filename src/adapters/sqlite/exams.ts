// The mock-exam part of the SQLite store (SqliteStore hands these calls here): one row per exam,
// its picks and flags as JSON arrays in question order. Each change is one statement that sets one
// position (json_set) and checks the exam is still running, so racing clicks never undo each other.
import type Database from 'better-sqlite3';
import type { Platform } from '../../core/ports/messenger.ts';
import type { Exam, ExamResult, ExamStatus } from '../../core/quiz/store.ts';

type Row = Record<string, unknown>;

export class SqliteExams {
  constructor(private readonly db: Database.Database) {}

  async createExam(e: Exam): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT INTO exams (id, platform, workspace_id, channel_id, user_id, user_name, question_ids, domains, started_at, deadline, position, answers, flags, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active') ON CONFLICT DO NOTHING`,
      )
      .run(
        e.id, e.platform, e.workspaceId, e.channelId, e.userId, e.userName, JSON.stringify(e.questionIds), e.domains ? JSON.stringify(e.domains) : null,
        e.startedAt, e.deadline, e.position, JSON.stringify(e.answers), JSON.stringify(e.questionIds.map((_, i) => e.flagged.includes(i))),
      );
    return r.changes === 1;
  }

  async getExam(id: string): Promise<Exam | undefined> {
    return toExam(this.db.prepare('SELECT * FROM exams WHERE id = ?').get(id) as Row | undefined);
  }

  async activeExam(platform: Platform, workspaceId: string, userId: string): Promise<Exam | undefined> {
    return toExam(this.db.prepare(`SELECT * FROM exams WHERE platform = ? AND workspace_id = ? AND user_id = ? AND status = 'active'`).get(platform, workspaceId, userId) as Row | undefined);
  }

  async saveExamAnswer(id: string, position: number, choices: number[], now: number): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE exams SET answers = json_set(answers, ?, json(?)) WHERE id = ? AND status = 'active' AND deadline > ? AND json_array_length(answers) > ?`)
        .run(at(position), JSON.stringify(choices), id, now, position).changes === 1
    );
  }

  async setExamFlag(id: string, position: number, flagged: boolean): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE exams SET flags = json_set(flags, ?, json(?)) WHERE id = ? AND status = 'active' AND json_array_length(flags) > ?`)
        .run(at(position), flagged ? 'true' : 'false', id, position).changes === 1
    );
  }

  async setExamPosition(id: string, position: number): Promise<void> {
    this.db.prepare(`UPDATE exams SET position = ? WHERE id = ? AND status = 'active'`).run(position, id);
  }

  async finishExam(id: string, status: Exclude<ExamStatus, 'active'>, endedAt: number, result: ExamResult): Promise<boolean> {
    return this.db.prepare(`UPDATE exams SET status = ?, ended_at = ?, result = ? WHERE id = ? AND status = 'active'`).run(status, endedAt, JSON.stringify(result), id).changes === 1;
  }

  async examsDue(now: number): Promise<Exam[]> {
    return (this.db.prepare(`SELECT * FROM exams WHERE status = 'active' AND deadline <= ? ORDER BY deadline`).all(now) as Row[]).map((r) => toExam(r)!);
  }

  async examHistory(platform: Platform, workspaceId: string, userId: string, limit: number): Promise<Exam[]> {
    return (
      this.db
        .prepare(`SELECT * FROM exams WHERE platform = ? AND workspace_id = ? AND user_id = ? AND status <> 'active' ORDER BY ended_at DESC, id LIMIT ?`)
        .all(platform, workspaceId, userId, limit) as Row[]
    ).map((r) => toExam(r)!);
  }
}

/** The JSON path of one question's entry (numbers bind as REAL, so the path is built here). */
function at(position: number): string {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`not a question position: ${position}`);
  return `$[${position}]`;
}

function toExam(r: Row | undefined): Exam | undefined {
  if (!r) return undefined;
  const flags = JSON.parse(String(r.flags)) as boolean[];
  const e: Exam = {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    userId: String(r.user_id),
    userName: String(r.user_name),
    questionIds: JSON.parse(String(r.question_ids)) as string[],
    startedAt: Number(r.started_at),
    deadline: Number(r.deadline),
    position: Number(r.position),
    answers: JSON.parse(String(r.answers)) as number[][],
    flagged: flags.flatMap((f, i) => (f ? [i] : [])),
    status: r.status as ExamStatus,
  };
  if (r.domains !== null) e.domains = JSON.parse(String(r.domains)) as string[];
  if (r.ended_at !== null) e.endedAt = Number(r.ended_at);
  if (r.result !== null) e.result = JSON.parse(String(r.result)) as ExamResult;
  return e;
}
