// Posts on PostgreSQL: daily, session and practice questions from insert through delivery lease to close.
// Unique indexes make "one daily post per channel and day"; conditional UPDATEs decide leases and closing.
import type { ChannelKey, NewPost, Post } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { many, one, type PgQueries } from './queries.ts';

export class PgPosts {
  constructor(private readonly sql: PgQueries) {}

  async insertPost(p: NewPost): Promise<boolean> {
    const n = await this.sql.count(
      `INSERT INTO posts (id, kind, platform, workspace_id, channel_id, question_id, status, local_date, session_id, round, user_id,
                          practice_round, created_at, opened_at, closes_at, lease_until, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT DO NOTHING`,
      [p.id, p.kind, p.platform, p.workspaceId, p.channelId, p.questionId, p.status, p.localDate, p.sessionId, p.round, p.userId,
       p.practiceRound ? JSON.stringify(p.practiceRound) : null, p.createdAt, p.openedAt, p.closesAt, p.leaseUntil,
       // A pending post is created by the process about to deliver it: that is the first attempt.
       p.status === 'pending' ? 1 : 0],
    );
    return n === 1;
  }

  async getPost(id: string): Promise<Post | undefined> {
    return one<Post>(await this.sql.rows(`SELECT ${POST} FROM posts WHERE id = $1`, [id]));
  }

  async getDailyPost(c: ChannelKey, localDate: string): Promise<Post | undefined> {
    return one<Post>(
      await this.sql.rows(`SELECT ${POST} FROM posts WHERE kind = 'daily' AND platform = $1 AND workspace_id = $2 AND channel_id = $3 AND local_date = $4`, [
        c.platform, c.workspaceId, c.channelId, localDate,
      ]),
    );
  }

  async takeDeliveryLease(postId: string, now: number, leaseUntil: number): Promise<boolean> {
    // Row-locked UPDATE: of several processes, the first sets the lease and the others re-check the
    // condition against the row it committed, so exactly one gets 1 row.
    return (
      (await this.sql.count(`UPDATE posts SET lease_until = $1, attempts = attempts + 1 WHERE id = $2 AND status = 'pending' AND (lease_until IS NULL OR lease_until <= $3)`, [
        leaseUntil, postId, now,
      ])) === 1
    );
  }

  async pendingPosts(): Promise<Post[]> {
    return many<Post>(await this.sql.rows(`SELECT ${POST} FROM posts WHERE status = 'pending' ORDER BY created_at`));
  }

  async markOpen(postId: string, messageId: string | undefined, openedAt: number, closesAt: number | undefined): Promise<void> {
    await this.sql.count(
      `UPDATE posts SET status = 'open', message_id = $1, opened_at = $2, closes_at = $3, lease_until = NULL, last_error = NULL WHERE id = $4 AND status IN ('pending', 'open')`,
      [messageId, openedAt, closesAt, postId],
    );
  }

  async markDeliveryFailed(postId: string, error: string, permanent: boolean, retryAt?: number): Promise<void> {
    await this.sql.count(
      `UPDATE posts SET last_error = $1, status = CASE WHEN $2 THEN 'failed' ELSE status END, lease_until = COALESCE($3, lease_until)
       WHERE id = $4 AND status = 'pending'`,
      [error, permanent, retryAt, postId],
    );
  }

  async closePost(postId: string, now: number): Promise<boolean> {
    return (await this.sql.count(`UPDATE posts SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'`, [now, postId])) === 1;
  }

  async openPostsDue(now: number): Promise<Post[]> {
    return many<Post>(await this.sql.rows(`SELECT ${POST} FROM posts WHERE status = 'open' AND closes_at IS NOT NULL AND closes_at <= $1 ORDER BY closes_at`, [now]));
  }

  async askedHistory(c: ChannelKey): Promise<string[]> {
    const rows = await this.sql.rows<{ question_id: string }>(
      `SELECT question_id, MAX(created_at) AS at FROM (
         SELECT question_id, created_at FROM posts WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 AND kind IN ('daily', 'session')
         UNION ALL
         SELECT p.question_id, p.created_at FROM sessions s JOIN posts p ON p.session_id = s.id WHERE s.platform = $1 AND s.workspace_id = $2 AND s.home_channel_id = $3
       ) asked GROUP BY question_id ORDER BY at DESC, question_id`,
      [c.platform, c.workspaceId, c.channelId],
    );
    return rows.map((r) => r.question_id);
  }

  async sessionPosts(sessionId: string): Promise<Post[]> {
    return many<Post>(await this.sql.rows(`SELECT ${POST} FROM posts WHERE session_id = $1 ORDER BY round`, [sessionId]));
  }
}

// Column lists that map 1:1 onto the port's types (see fromRow); internal columns such as lease_until stay out.
const POST = `id, kind, platform, workspace_id, channel_id, question_id, status, local_date, session_id, round, user_id, practice_round, message_id,
              created_at, opened_at, closes_at, closed_at, attempts, last_error`;
