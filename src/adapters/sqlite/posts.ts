// Posts on SQLite: daily, session and practice questions from insert through delivery lease to close.
// "One daily post per channel and day" and "one post per session round" are unique indexes.
import type Database from 'better-sqlite3';
import type { ChannelKey, NewPost, Post } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { opt } from './rows.ts';

type Row = Record<string, unknown>;

export class SqlitePosts {
  constructor(private readonly db: Database.Database) {}

  async insertPost(p: NewPost): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO posts (id, kind, platform, workspace_id, channel_id, question_id, status, local_date, session_id, round, user_id,
                            practice_round, created_at, opened_at, closes_at, lease_until, attempts)
         VALUES (@id, @kind, @platform, @workspaceId, @channelId, @questionId, @status, @localDate, @sessionId, @round, @userId,
                 @practiceRound, @createdAt, @openedAt, @closesAt, @leaseUntil, @attempts)
         ON CONFLICT DO NOTHING`,
      )
      .run({
        localDate: null,
        sessionId: null,
        round: null,
        userId: null,
        openedAt: null,
        closesAt: null,
        leaseUntil: null,
        ...p,
        practiceRound: p.practiceRound ? JSON.stringify(p.practiceRound) : null,
        // A pending post is created by the process about to deliver it: that is the first attempt.
        attempts: p.status === 'pending' ? 1 : 0,
      });
    return result.changes === 1;
  }

  async getPost(id: string): Promise<Post | undefined> {
    return toPost(this.db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as Row | undefined);
  }

  async getDailyPost(c: ChannelKey, localDate: string): Promise<Post | undefined> {
    return toPost(
      this.db
        .prepare(`SELECT * FROM posts WHERE kind = 'daily' AND platform = ? AND workspace_id = ? AND channel_id = ? AND local_date = ?`)
        .get(c.platform, c.workspaceId, c.channelId, localDate) as Row | undefined,
    );
  }

  async takeDeliveryLease(postId: string, now: number, leaseUntil: number): Promise<boolean> {
    const r = this.db
      .prepare(`UPDATE posts SET lease_until = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until <= ?)`)
      .run(leaseUntil, postId, now);
    return r.changes === 1;
  }

  async pendingPosts(): Promise<Post[]> {
    return (this.db.prepare(`SELECT * FROM posts WHERE status = 'pending' ORDER BY created_at`).all() as Row[]).map((r) => toPost(r)!);
  }

  async markOpen(postId: string, messageId: string | undefined, openedAt: number, closesAt: number | undefined): Promise<void> {
    this.db
      .prepare(`UPDATE posts SET status = 'open', message_id = ?, opened_at = ?, closes_at = ?, lease_until = NULL, last_error = NULL WHERE id = ? AND status IN ('pending', 'open')`)
      .run(messageId ?? null, openedAt, closesAt ?? null, postId);
  }

  async markDeliveryFailed(postId: string, error: string, permanent: boolean, retryAt?: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE posts SET last_error = ?, status = CASE WHEN ? THEN 'failed' ELSE status END, lease_until = COALESCE(?, lease_until)
         WHERE id = ? AND status = 'pending'`,
      )
      .run(error, permanent ? 1 : 0, retryAt ?? null, postId);
  }

  async closePost(postId: string, now: number): Promise<boolean> {
    return this.db.prepare(`UPDATE posts SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`).run(now, postId).changes === 1;
  }

  async openPostsDue(now: number): Promise<Post[]> {
    return (this.db.prepare(`SELECT * FROM posts WHERE status = 'open' AND closes_at IS NOT NULL AND closes_at <= ? ORDER BY closes_at`).all(now) as Row[]).map(
      (r) => toPost(r)!,
    );
  }

  async askedHistory(c: ChannelKey): Promise<string[]> {
    return (
      this.db
        .prepare(
          `SELECT question_id, MAX(created_at) AS at FROM (
             SELECT question_id, created_at FROM posts WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND kind IN ('daily', 'session')
             UNION ALL
             SELECT p.question_id, p.created_at FROM sessions s JOIN posts p ON p.session_id = s.id WHERE s.platform = ? AND s.workspace_id = ? AND s.home_channel_id = ?
           ) GROUP BY question_id ORDER BY at DESC, question_id`,
        )
        .all(c.platform, c.workspaceId, c.channelId, c.platform, c.workspaceId, c.channelId) as { question_id: string }[]
    ).map((r) => r.question_id);
  }

  async sessionPosts(sessionId: string): Promise<Post[]> {
    return (this.db.prepare('SELECT * FROM posts WHERE session_id = ? ORDER BY round').all(sessionId) as Row[]).map((r) => toPost(r)!);
  }
}

function toPost(r: Row | undefined): Post | undefined {
  if (!r) return undefined;
  const post: Post = {
    id: String(r.id),
    kind: r.kind as Post['kind'],
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    questionId: String(r.question_id),
    status: r.status as Post['status'],
    createdAt: Number(r.created_at),
    attempts: Number(r.attempts),
  };
  const extra: Partial<Post> = {
    localDate: opt(r.local_date, String),
    sessionId: opt(r.session_id, String),
    round: opt(r.round, Number),
    userId: opt(r.user_id, String),
    practiceRound: opt(r.practice_round, (v) => JSON.parse(String(v)) as Post['practiceRound']),
    messageId: opt(r.message_id, String),
    openedAt: opt(r.opened_at, Number),
    closesAt: opt(r.closes_at, Number),
    closedAt: opt(r.closed_at, Number),
    lastError: opt(r.last_error, String),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (post as unknown as Row)[k] = v;
  return post;
}
