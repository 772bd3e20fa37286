// Answers, boards and streaks on PostgreSQL. An answer and its streak update are one transaction that
// holds the post FOR SHARE, so a reveal waits for answers being recorded.
import type { ChannelKey, LeaderboardRow, RecordedAnswer, Streak } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { fromRow, many, type PgQueries, type Queryable, type Row } from './queries.ts';

type AnswerResult = { recorded: boolean; answer: RecordedAnswer; closed?: true };

export class PgAnswers {
  constructor(private readonly sql: PgQueries) {}

  async recordAnswer(a: RecordedAnswer): Promise<AnswerResult> {
    return this.sql.transaction(async (c) => {
      // FOR SHARE on the post: closePost's UPDATE waits until this answer is committed (so the reveal
      // counts it), and an answer arriving after a close sees the post closed. Many answers to one post
      // share the lock and go ahead in parallel.
      const [state] = (
        await c.query(
          `SELECT p.status, p.closes_at, p.platform, p.workspace_id, p.channel_id, p.created_at, a.post_id AS first_post_id
           FROM posts p LEFT JOIN answers a ON a.post_id = p.id AND a.user_id = $2
           WHERE p.id = $1 FOR SHARE OF p`,
          [a.postId, a.userId],
        )
      ).rows as Row[];
      if (!state) throw new Error('FOREIGN KEY constraint failed: no such post');
      if (state.first_post_id !== null) return this.firstAnswer(c, a);
      if (state.status !== 'open' || (state.closes_at !== null && Number(state.closes_at) <= a.answeredAt)) return { recorded: false, answer: a, closed: true as const };
      const inserted = await c.query(
        `INSERT INTO answers (${ANSWER_INSERT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (post_id, user_id) DO NOTHING`,
        [a.postId, a.platform, a.workspaceId, a.userId, a.userName, a.questionId, a.kind, a.choices[0] ?? -1, JSON.stringify(a.choices), a.correct, a.points, a.answeredAt],
      );
      // Another copy of the same click committed between our check and our insert: report its answer.
      if (inserted.rowCount === 0) return this.firstAnswer(c, a);
      if (a.kind === 'daily') await this.updateStreak(c, a, state);
      return { recorded: true, answer: a };
    });
  }

  private async firstAnswer(c: Queryable, a: RecordedAnswer): Promise<AnswerResult> {
    const [first] = (await c.query(`SELECT ${ANSWER} FROM answers WHERE post_id = $1 AND user_id = $2`, [a.postId, a.userId])).rows as Row[];
    return { recorded: false, answer: fromRow<RecordedAnswer>(first!) };
  }

  /**
   * A streak counts consecutive daily questions of one channel answered correctly; a missed one ends it
   * when it closes (LIVE_CURRENT, applied on reading). One upsert: the
   * row lock of ON CONFLICT DO UPDATE orders two answers of the same person, so neither is lost.
   */
  private async updateStreak(c: Queryable, a: RecordedAnswer, post: Row): Promise<void> {
    await c.query(
      `WITH previous AS (
         SELECT id FROM posts WHERE kind = 'daily' AND platform = $1 AND workspace_id = $2 AND channel_id = $3 AND created_at < $7 AND status <> 'failed'
         ORDER BY created_at DESC LIMIT 1)
       INSERT INTO streaks AS s (platform, workspace_id, channel_id, user_id, current, best, last_post_id)
       VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN 1 ELSE 0 END, CASE WHEN $5 THEN 1 ELSE 0 END, $6)
       ON CONFLICT (platform, workspace_id, channel_id, user_id) DO UPDATE SET
         current = CASE WHEN NOT $5 THEN 0 WHEN s.last_post_id = (SELECT id FROM previous) THEN s.current + 1 ELSE 1 END,
         best = GREATEST(s.best, CASE WHEN NOT $5 THEN 0 WHEN s.last_post_id = (SELECT id FROM previous) THEN s.current + 1 ELSE 1 END),
         last_post_id = excluded.last_post_id`,
      [post.platform, post.workspace_id, post.channel_id, a.userId, a.correct, a.postId, post.created_at],
    );
  }

  async answersForPost(postId: string): Promise<RecordedAnswer[]> {
    return many<RecordedAnswer>(await this.sql.rows(`SELECT ${ANSWER} FROM answers WHERE post_id = $1 ORDER BY answered_at, user_id`, [postId]));
  }

  async answersForSession(sessionId: string): Promise<RecordedAnswer[]> {
    const cols = answerColumns('a.');
    return many<RecordedAnswer>(
      await this.sql.rows(`SELECT ${cols} FROM answers a JOIN posts p ON p.id = a.post_id WHERE p.session_id = $1 ORDER BY a.answered_at, a.user_id`, [sessionId]),
    );
  }

  async answersByUser(platform: Platform, workspaceId: string, userId: string): Promise<RecordedAnswer[]> {
    return many<RecordedAnswer>(
      await this.sql.rows(`SELECT ${ANSWER} FROM answers WHERE platform = $1 AND workspace_id = $2 AND user_id = $3 ORDER BY answered_at`, [platform, workspaceId, userId]),
    );
  }

  async leaderboard(platform: Platform, workspaceId: string, since: number, opts: { until?: number; channelId?: string } = {}): Promise<LeaderboardRow[]> {
    const inChannel = opts.channelId === undefined ? '' : ' AND post_id IN (SELECT id FROM posts WHERE platform = $1 AND workspace_id = $2 AND channel_id = $5)';
    const args: unknown[] = [platform, workspaceId, since, opts.until ?? Number.MAX_SAFE_INTEGER, ...(opts.channelId === undefined ? [] : [opts.channelId])];
    const rows = await this.sql.rows(
      `SELECT user_id, MAX(user_name) AS user_name, SUM(points) AS points, COUNT(*) AS answered, COUNT(*) FILTER (WHERE correct) AS correct
       FROM answers WHERE platform = $1 AND workspace_id = $2 AND answered_at >= $3 AND answered_at < $4 AND kind <> 'practice'${inChannel}
       GROUP BY user_id ORDER BY points DESC, correct DESC, user_id`,
      args,
    );
    return rows.map((r) => ({ userId: String(r.user_id), userName: String(r.user_name), points: Number(r.points), answered: Number(r.answered), correct: Number(r.correct) }));
  }

  async streak(c: ChannelKey, userId: string): Promise<Streak> {
    const [r] = await this.sql.rows<Streak>(`SELECT ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 AND user_id = $4`, [
      c.platform, c.workspaceId, c.channelId, userId,
    ]);
    return r ?? { current: 0, best: 0 };
  }

  async userStreaks(platform: Platform, workspaceId: string, userId: string): Promise<(Streak & { channelId: string })[]> {
    return many(await this.sql.rows(`SELECT channel_id, ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = $1 AND workspace_id = $2 AND user_id = $3`, [platform, workspaceId, userId]));
  }

  async streaksIn(platform: Platform, workspaceId: string, channelId?: string): Promise<(Streak & { channelId: string; userId: string })[]> {
    const sql = `SELECT channel_id, user_id, ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = $1 AND workspace_id = $2${channelId === undefined ? '' : ' AND channel_id = $3'}`;
    return many(await this.sql.rows(sql, channelId === undefined ? [platform, workspaceId] : [platform, workspaceId, channelId]));
  }
}

const ANSWER_INSERT = 'post_id, platform, workspace_id, user_id, user_name, question_id, kind, option_index, choices, correct, points, answered_at';

/** The answer columns as the port's RecordedAnswer (of table alias `t`): rows from before multi-select read as one pick. */
const answerColumns = (t = '') =>
  `${t}post_id, ${t}platform, ${t}workspace_id, ${t}user_id, ${t}user_name, ${t}question_id, ${t}kind, COALESCE(${t}choices, jsonb_build_array(${t}option_index)) AS choices, ${t}correct, ${t}points, ${t}answered_at`;

const ANSWER = answerColumns();

/**
 * The current streak as of now: the stored count, unless a daily question of the channel closed after
 * the one last answered (a missed question ends a streak; one still open does not yet).
 */
const LIVE_CURRENT = `CASE WHEN EXISTS (
  SELECT 1 FROM posts m JOIN posts l ON l.id = s.last_post_id
  WHERE m.kind = 'daily' AND m.platform = s.platform AND m.workspace_id = s.workspace_id AND m.channel_id = s.channel_id
    AND m.status = 'closed' AND m.created_at > l.created_at) THEN 0 ELSE s.current END`;
