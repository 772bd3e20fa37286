// Answers, boards and streaks on SQLite. Recording an answer and updating the streak is one
// write-locked transaction, so two processes cannot both record a first answer.
import type Database from 'better-sqlite3';
import type { ChannelKey, LeaderboardRow, RecordedAnswer, Streak } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';

type Row = Record<string, unknown>;

export class SqliteAnswers {
  constructor(private readonly db: Database.Database) {}

  /** Report-existing, or insert while the post is open, plus the streak update: one write-locked transaction. */
  private recordAnswerTx(a: RecordedAnswer): { recorded: boolean; answer: RecordedAnswer; closed?: true } {
    return this.db.transaction(() => {
      const first = this.db.prepare('SELECT * FROM answers WHERE post_id = ? AND user_id = ?').get(a.postId, a.userId) as Row | undefined;
      if (first) return { recorded: false, answer: toAnswer(first) };
      const open = this.db
        .prepare(`SELECT 1 FROM posts WHERE id = ? AND status = 'open' AND (closes_at IS NULL OR closes_at > ?)`)
        .get(a.postId, a.answeredAt);
      if (!open) {
        // Keep the foreign-key promise visible: answering a post that does not exist is a bug, not "closed".
        if (!this.db.prepare('SELECT 1 FROM posts WHERE id = ?').get(a.postId)) throw new Error('FOREIGN KEY constraint failed: no such post');
        return { recorded: false, answer: a, closed: true as const };
      }
      this.db
        .prepare(
          `INSERT INTO answers (post_id, user_id, user_name, platform, workspace_id, question_id, kind, option_index, choices, correct, points, answered_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(a.postId, a.userId, a.userName, a.platform, a.workspaceId, a.questionId, a.kind, a.choices[0] ?? -1, JSON.stringify(a.choices), a.correct ? 1 : 0, a.points, a.answeredAt);
      if (a.kind === 'daily') this.updateStreak(a);
      return { recorded: true, answer: a };
    }).immediate();
  }

  async recordAnswer(a: RecordedAnswer): Promise<{ recorded: boolean; answer: RecordedAnswer; closed?: true }> {
    return this.recordAnswerTx(a);
  }

  /**
   * A streak counts consecutive daily questions of one channel answered correctly. A wrong answer
   * ends it here; a missed question ends it when it closes (see LIVE_CURRENT, applied on reading).
   */
  private updateStreak(a: RecordedAnswer): void {
    const post = this.db.prepare('SELECT platform, workspace_id, channel_id, created_at FROM posts WHERE id = ?').get(a.postId) as Row;
    const previous = this.db
      .prepare(
        `SELECT id FROM posts WHERE kind = 'daily' AND platform = ? AND workspace_id = ? AND channel_id = ? AND created_at < ? AND status <> 'failed'
         ORDER BY created_at DESC LIMIT 1`,
      )
      .get(post.platform, post.workspace_id, post.channel_id, post.created_at) as { id: string } | undefined;
    const key = [post.platform, post.workspace_id, post.channel_id, a.userId];
    const row = this.db
      .prepare('SELECT current, best, last_post_id FROM streaks WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND user_id = ?')
      .get(...key) as { current: number; best: number; last_post_id: string } | undefined;
    const continues = row !== undefined && previous !== undefined && row.last_post_id === previous.id;
    const current = a.correct ? (continues ? row!.current + 1 : 1) : 0;
    const best = Math.max(row?.best ?? 0, current);
    this.db
      .prepare(
        `INSERT INTO streaks (platform, workspace_id, channel_id, user_id, current, best, last_post_id) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, workspace_id, channel_id, user_id) DO UPDATE SET current = excluded.current, best = excluded.best, last_post_id = excluded.last_post_id`,
      )
      .run(...key, current, best, a.postId);
  }

  async answersForPost(postId: string): Promise<RecordedAnswer[]> {
    return (this.db.prepare('SELECT * FROM answers WHERE post_id = ? ORDER BY answered_at, user_id').all(postId) as Row[]).map(toAnswer);
  }

  async answersForSession(sessionId: string): Promise<RecordedAnswer[]> {
    return (
      this.db
        .prepare('SELECT a.* FROM answers a JOIN posts p ON p.id = a.post_id WHERE p.session_id = ? ORDER BY a.answered_at, a.user_id')
        .all(sessionId) as Row[]
    ).map(toAnswer);
  }

  async answersByUser(platform: Platform, workspaceId: string, userId: string): Promise<RecordedAnswer[]> {
    return (
      this.db.prepare('SELECT * FROM answers WHERE platform = ? AND workspace_id = ? AND user_id = ? ORDER BY answered_at').all(platform, workspaceId, userId) as Row[]
    ).map(toAnswer);
  }

  async leaderboard(platform: Platform, workspaceId: string, since: number, opts: { until?: number; channelId?: string } = {}): Promise<LeaderboardRow[]> {
    const args: unknown[] = [platform, workspaceId, since, opts.until ?? Number.MAX_SAFE_INTEGER];
    let inChannel = '';
    if (opts.channelId !== undefined) {
      inChannel = ' AND post_id IN (SELECT id FROM posts WHERE platform = ? AND workspace_id = ? AND channel_id = ?)';
      args.push(platform, workspaceId, opts.channelId);
    }
    return (
      this.db
        .prepare(
          `SELECT user_id, MAX(user_name) AS user_name, SUM(points) AS points, COUNT(*) AS answered, SUM(correct) AS correct
           FROM answers WHERE platform = ? AND workspace_id = ? AND answered_at >= ? AND answered_at < ? AND kind <> 'practice'${inChannel}
           GROUP BY user_id ORDER BY points DESC, correct DESC, user_id`,
        )
        .all(...args) as Row[]
    ).map((r) => ({
      userId: String(r.user_id),
      userName: String(r.user_name),
      points: Number(r.points),
      answered: Number(r.answered),
      correct: Number(r.correct),
    }));
  }

  async streak(c: ChannelKey, userId: string): Promise<Streak> {
    const r = this.db
      .prepare(`SELECT ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND user_id = ?`)
      .get(c.platform, c.workspaceId, c.channelId, userId) as Streak | undefined;
    return r ?? { current: 0, best: 0 };
  }

  async userStreaks(platform: Platform, workspaceId: string, userId: string): Promise<(Streak & { channelId: string })[]> {
    return (
      this.db.prepare(`SELECT channel_id, ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = ? AND workspace_id = ? AND user_id = ?`).all(platform, workspaceId, userId) as Row[]
    ).map((r) => ({ channelId: String(r.channel_id), current: Number(r.current), best: Number(r.best) }));
  }

  async streaksIn(platform: Platform, workspaceId: string, channelId?: string): Promise<(Streak & { channelId: string; userId: string })[]> {
    const sql = `SELECT channel_id, user_id, ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = ? AND workspace_id = ?${channelId === undefined ? '' : ' AND channel_id = ?'}`;
    const args = channelId === undefined ? [platform, workspaceId] : [platform, workspaceId, channelId];
    return (this.db.prepare(sql).all(...args) as Row[]).map((r) => ({ channelId: String(r.channel_id), userId: String(r.user_id), current: Number(r.current), best: Number(r.best) }));
  }
}

function toAnswer(r: Row): RecordedAnswer {
  return {
    postId: String(r.post_id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    userId: String(r.user_id),
    userName: String(r.user_name),
    questionId: String(r.question_id),
    kind: r.kind as RecordedAnswer['kind'],
    choices: r.choices === null || r.choices === undefined ? [Number(r.option_index)] : (JSON.parse(String(r.choices)) as number[]),
    correct: Number(r.correct) === 1,
    points: Number(r.points),
    answeredAt: Number(r.answered_at),
  };
}

/**
 * The current streak as of now: the stored count, unless a daily question of the channel closed after
 * the one last answered (a missed question ends a streak; one still open does not yet).
 */
const LIVE_CURRENT = `CASE WHEN EXISTS (
  SELECT 1 FROM posts m JOIN posts l ON l.id = s.last_post_id
  WHERE m.kind = 'daily' AND m.platform = s.platform AND m.workspace_id = s.workspace_id AND m.channel_id = s.channel_id
    AND m.status = 'closed' AND m.created_at > l.created_at) THEN 0 ELSE s.current END`;
