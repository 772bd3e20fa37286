// The PostgreSQL implementation of the quiz store (node-postgres). All its SQL lives here. It lets N bot
// processes share one database: every claim is one atomic statement or a short transaction whose row
// locks decide the winner (unique indexes for "one daily post per channel and day" and "one answer per
// user and post", conditional UPDATEs for leases and closing, FOR SHARE so that a reveal waits for an
// answer being recorded). A lost connection is retried on a new one; see connection.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Platform } from '../../core/ports/messenger.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { silentLogger } from '../../core/ports/logger.ts';
import {
  StoreOpenError,
  type ChannelKey,
  type LeaderboardRow,
  type NewPost,
  type Post,
  type PracticeCard,
  type QuizStore,
  type RecordedAnswer,
  type Report,
  type Schedule,
  type Session,
  type SettingScope,
  type ReportOutcome,
  type Streak,
} from '../../core/quiz/store.ts';
import { createPool, describeError, isTransient, redactUrl, RETRY_DELAYS_MS } from './connection.ts';
import { MIGRATIONS } from './migrations.ts';

export interface PostgresStoreOptions {
  log?: Logger;
  /** Pool size of this process (default 10). */
  maxConnections?: number;
  connectTimeoutMs?: number;
}

type Row = Record<string, unknown>;
type Queryable = Pick<pg.PoolClient, 'query'>;
type AnswerResult = { recorded: boolean; answer: RecordedAnswer; closed?: true };

// Any constant works: it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK = 0x5265_7370; // "Resp"
const PING_TIMEOUT_MS = 3000;

// Column lists that map 1:1 onto the port's types (see fromRow); internal columns such as lease_until stay out.
const POST = `id, kind, platform, workspace_id, channel_id, question_id, status, local_date, session_id, round, user_id, practice_round, message_id,
              created_at, opened_at, closes_at, closed_at, attempts, last_error`;
const ANSWER_INSERT = 'post_id, platform, workspace_id, user_id, user_name, question_id, kind, option_index, choices, correct, points, answered_at';
/** The answer columns as the port's RecordedAnswer (of table alias `t`): rows from before multi-select read as one pick. */
const answerColumns = (t = '') =>
  `${t}post_id, ${t}platform, ${t}workspace_id, ${t}user_id, ${t}user_name, ${t}question_id, ${t}kind, COALESCE(${t}choices, jsonb_build_array(${t}option_index)) AS choices, ${t}correct, ${t}points, ${t}answered_at`;
const ANSWER = answerColumns();
const SCHEDULE = 'platform, workspace_id, channel_id, time, timezone, days, topic, difficulty, window_minutes, created_by, created_at';
const SESSION_COLUMNS = 'id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at, ended_at';
// in_thread reads as absent unless true, like every other optional field.
const SESSION = `${SESSION_COLUMNS}, NULLIF(in_thread, FALSE) AS in_thread`;

export class PostgresStore implements QuizStore {
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  /**
   * Connects, checks the server answers, and applies pending migrations. Any failure is a
   * StoreOpenError with one line naming DATABASE_URL (password hidden) and the reason.
   */
  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const log = opts.log ?? silentLogger;
    const pool = createPool(url, { log, ...(opts.maxConnections ? { max: opts.maxConnections } : {}), ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}) });
    const store = new PostgresStore(pool, log);
    try {
      await store.migrate();
      return store;
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreOpenError(`Cannot use the PostgreSQL database in DATABASE_URL (${redactUrl(url)}): ${describeError(err)}`);
    }
  }

  private async migrate(): Promise<void> {
    for (const m of MIGRATIONS) {
      await this.transaction(async (c) => {
        // Serialises migrating processes; whoever comes second sees the version applied and skips it.
        await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
        if ((await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])).rowCount) return;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
        this.log.info({ version: m.version, name: m.name }, 'applied a database migration');
      }, false);
    }
  }

  async schemaVersion(): Promise<number> {
    return Number((await this.rows<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations'))[0]?.v ?? 0);
  }

  // --- plumbing ---------------------------------------------------------------------------------

  /** Runs `fn`, again on a fresh connection after a transient failure, up to RETRY_DELAYS_MS.length times. */
  private async retrying<T>(fn: () => Promise<T>, retry = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (!retry || this.closed || delay === undefined || !isTransient(err)) throw err;
        this.log.warn({ err: describeError(err), attempt: attempt + 1 }, 'PostgreSQL call failed; retrying');
        await sleep(delay);
      }
    }
  }

  private async rows<T = Row>(text: string, values: unknown[] = []): Promise<T[]> {
    return this.retrying(async () => (await this.pool.query(text, values.map(param))).rows as T[]);
  }

  private async count(text: string, values: unknown[] = []): Promise<number> {
    return this.retrying(async () => (await this.pool.query(text, values.map(param))).rowCount ?? 0);
  }

  /** BEGIN … COMMIT on one connection; a connection that failed mid-way is destroyed, not reused. */
  private async transaction<T>(fn: (c: Queryable) => Promise<T>, retry = true): Promise<T> {
    return this.retrying(async () => {
      const client = await this.pool.connect();
      const q: Queryable = { query: ((text: string, values?: unknown[]) => client.query(text, values?.map(param))) as Queryable['query'] };
      let broken: Error | undefined;
      // A checked-out client has no pool listener: without ours, a connection that breaks between two
      // statements would be an uncaught 'error' event. The statement in flight fails on its own.
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isTransient(err)) broken = err as Error;
        else await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    }, retry);
  }

  // --- posts ----------------------------------------------------------------------------------

  async insertPost(p: NewPost): Promise<boolean> {
    const n = await this.count(
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
    return one<Post>(await this.rows(`SELECT ${POST} FROM posts WHERE id = $1`, [id]));
  }

  async getDailyPost(c: ChannelKey, localDate: string): Promise<Post | undefined> {
    return one<Post>(
      await this.rows(`SELECT ${POST} FROM posts WHERE kind = 'daily' AND platform = $1 AND workspace_id = $2 AND channel_id = $3 AND local_date = $4`, [
        c.platform, c.workspaceId, c.channelId, localDate,
      ]),
    );
  }

  async takeDeliveryLease(postId: string, now: number, leaseUntil: number): Promise<boolean> {
    // Row-locked UPDATE: of several processes, the first sets the lease and the others re-check the
    // condition against the row it committed, so exactly one gets 1 row.
    return (
      (await this.count(`UPDATE posts SET lease_until = $1, attempts = attempts + 1 WHERE id = $2 AND status = 'pending' AND (lease_until IS NULL OR lease_until <= $3)`, [
        leaseUntil, postId, now,
      ])) === 1
    );
  }

  async pendingPosts(): Promise<Post[]> {
    return many<Post>(await this.rows(`SELECT ${POST} FROM posts WHERE status = 'pending' ORDER BY created_at`));
  }

  async markOpen(postId: string, messageId: string | undefined, openedAt: number, closesAt: number | undefined): Promise<void> {
    await this.count(
      `UPDATE posts SET status = 'open', message_id = $1, opened_at = $2, closes_at = $3, lease_until = NULL, last_error = NULL WHERE id = $4 AND status IN ('pending', 'open')`,
      [messageId, openedAt, closesAt, postId],
    );
  }

  async markDeliveryFailed(postId: string, error: string, permanent: boolean, retryAt?: number): Promise<void> {
    await this.count(
      `UPDATE posts SET last_error = $1, status = CASE WHEN $2 THEN 'failed' ELSE status END, lease_until = COALESCE($3, lease_until)
       WHERE id = $4 AND status = 'pending'`,
      [error, permanent, retryAt, postId],
    );
  }

  async closePost(postId: string, now: number): Promise<boolean> {
    return (await this.count(`UPDATE posts SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'`, [now, postId])) === 1;
  }

  async openPostsDue(now: number): Promise<Post[]> {
    return many<Post>(await this.rows(`SELECT ${POST} FROM posts WHERE status = 'open' AND closes_at IS NOT NULL AND closes_at <= $1 ORDER BY closes_at`, [now]));
  }

  async dailyQuestionHistory(c: ChannelKey): Promise<string[]> {
    const rows = await this.rows<{ question_id: string }>(
      `SELECT question_id FROM posts WHERE kind = 'daily' AND platform = $1 AND workspace_id = $2 AND channel_id = $3 ORDER BY created_at DESC`,
      [c.platform, c.workspaceId, c.channelId],
    );
    return rows.map((r) => r.question_id);
  }

  async sessionPosts(sessionId: string): Promise<Post[]> {
    return many<Post>(await this.rows(`SELECT ${POST} FROM posts WHERE session_id = $1 ORDER BY round`, [sessionId]));
  }

  // --- answers --------------------------------------------------------------------------------

  async recordAnswer(a: RecordedAnswer): Promise<AnswerResult> {
    return this.transaction(async (c) => {
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
    return many<RecordedAnswer>(await this.rows(`SELECT ${ANSWER} FROM answers WHERE post_id = $1 ORDER BY answered_at, user_id`, [postId]));
  }

  async answersForSession(sessionId: string): Promise<RecordedAnswer[]> {
    const cols = answerColumns('a.');
    return many<RecordedAnswer>(
      await this.rows(`SELECT ${cols} FROM answers a JOIN posts p ON p.id = a.post_id WHERE p.session_id = $1 ORDER BY a.answered_at, a.user_id`, [sessionId]),
    );
  }

  async answersByUser(platform: Platform, workspaceId: string, userId: string): Promise<RecordedAnswer[]> {
    return many<RecordedAnswer>(
      await this.rows(`SELECT ${ANSWER} FROM answers WHERE platform = $1 AND workspace_id = $2 AND user_id = $3 ORDER BY answered_at`, [platform, workspaceId, userId]),
    );
  }

  async leaderboard(platform: Platform, workspaceId: string, since: number, opts: { until?: number; channelId?: string } = {}): Promise<LeaderboardRow[]> {
    const inChannel = opts.channelId === undefined ? '' : ' AND post_id IN (SELECT id FROM posts WHERE platform = $1 AND workspace_id = $2 AND channel_id = $5)';
    const args: unknown[] = [platform, workspaceId, since, opts.until ?? Number.MAX_SAFE_INTEGER, ...(opts.channelId === undefined ? [] : [opts.channelId])];
    const rows = await this.rows(
      `SELECT user_id, MAX(user_name) AS user_name, SUM(points) AS points, COUNT(*) AS answered, COUNT(*) FILTER (WHERE correct) AS correct
       FROM answers WHERE platform = $1 AND workspace_id = $2 AND answered_at >= $3 AND answered_at < $4 AND kind <> 'practice'${inChannel}
       GROUP BY user_id ORDER BY points DESC, correct DESC, user_id`,
      args,
    );
    return rows.map((r) => ({ userId: String(r.user_id), userName: String(r.user_name), points: Number(r.points), answered: Number(r.answered), correct: Number(r.correct) }));
  }

  async streak(c: ChannelKey, userId: string): Promise<Streak> {
    const [r] = await this.rows<Streak>(`SELECT ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 AND user_id = $4`, [
      c.platform, c.workspaceId, c.channelId, userId,
    ]);
    return r ?? { current: 0, best: 0 };
  }

  async userStreaks(platform: Platform, workspaceId: string, userId: string): Promise<(Streak & { channelId: string })[]> {
    return many(await this.rows(`SELECT channel_id, ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = $1 AND workspace_id = $2 AND user_id = $3`, [platform, workspaceId, userId]));
  }

  async streaksIn(platform: Platform, workspaceId: string, channelId?: string): Promise<(Streak & { channelId: string; userId: string })[]> {
    const sql = `SELECT channel_id, user_id, ${LIVE_CURRENT} AS current, best FROM streaks s WHERE platform = $1 AND workspace_id = $2${channelId === undefined ? '' : ' AND channel_id = $3'}`;
    return many(await this.rows(sql, channelId === undefined ? [platform, workspaceId] : [platform, workspaceId, channelId]));
  }

  // --- schedules ------------------------------------------------------------------------------

  async saveSchedule(s: Schedule): Promise<void> {
    await this.count(
      `INSERT INTO schedules (${SCHEDULE}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, days = excluded.days,
         topic = excluded.topic, difficulty = excluded.difficulty, window_minutes = excluded.window_minutes, created_by = excluded.created_by,
         created_at = excluded.created_at`,
      [s.platform, s.workspaceId, s.channelId, s.time, s.timezone, s.days, s.topic, s.difficulty, s.windowMinutes, s.createdBy, s.createdAt],
    );
  }

  async getSchedule(c: ChannelKey): Promise<Schedule | undefined> {
    return one<Schedule>(await this.rows(`SELECT ${SCHEDULE} FROM schedules WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3`, [c.platform, c.workspaceId, c.channelId]));
  }

  async deleteSchedule(c: ChannelKey): Promise<boolean> {
    return (await this.count('DELETE FROM schedules WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3', [c.platform, c.workspaceId, c.channelId])) === 1;
  }

  async listSchedules(): Promise<Schedule[]> {
    return many<Schedule>(await this.rows(`SELECT ${SCHEDULE} FROM schedules ORDER BY platform, workspace_id, channel_id`));
  }

  // --- sessions -------------------------------------------------------------------------------

  async createSession(s: Session): Promise<boolean> {
    const n = await this.count(
      `INSERT INTO sessions (id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at, in_thread)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [s.id, s.platform, s.workspaceId, s.channelId, s.startedBy, s.rounds, s.seconds, JSON.stringify(s.questionIds), s.currentRound, s.createdAt, s.inThread ? true : null],
    );
    return n === 1;
  }

  async getSession(id: string): Promise<Session | undefined> {
    return one<Session>(await this.rows(`SELECT ${SESSION} FROM sessions WHERE id = $1`, [id]));
  }

  async activeSession(c: ChannelKey): Promise<Session | undefined> {
    return one<Session>(
      await this.rows(`SELECT ${SESSION} FROM sessions WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 AND status = 'active'`, [c.platform, c.workspaceId, c.channelId]),
    );
  }

  async setSessionRound(id: string, round: number): Promise<void> {
    await this.count('UPDATE sessions SET current_round = $1 WHERE id = $2', [round, id]);
  }

  async stalledSessions(quietSince: number): Promise<Session[]> {
    return many<Session>(
      await this.rows(
        `SELECT ${SESSION_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}, NULLIF(s.in_thread, FALSE) AS in_thread FROM sessions s
         WHERE s.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.session_id = s.id AND p.status IN ('pending', 'open'))
           AND COALESCE((SELECT MAX(p.closed_at) FROM posts p WHERE p.session_id = s.id), s.created_at) < $1
         ORDER BY s.created_at`,
        [quietSince],
      ),
    );
  }

  async endSession(id: string, status: 'finished' | 'stopped', now: number): Promise<boolean> {
    return (await this.count(`UPDATE sessions SET status = $1, ended_at = $2 WHERE id = $3 AND status = 'active'`, [status, now, id])) === 1;
  }

  // --- settings and claims --------------------------------------------------------------------

  async getSetting(scope: SettingScope, key: string): Promise<string | undefined> {
    const [r] = await this.rows<{ value: string }>('SELECT value FROM settings WHERE platform = $1 AND workspace_id = $2 AND scope_id = $3 AND key = $4', [
      scope.platform, scope.workspaceId, scope.scopeId, key,
    ]);
    return r?.value;
  }

  async setSetting(scope: SettingScope, key: string, value: string | undefined, by: string, at: number): Promise<void> {
    const where = [scope.platform, scope.workspaceId, scope.scopeId, key];
    if (value === undefined) {
      await this.count('DELETE FROM settings WHERE platform = $1 AND workspace_id = $2 AND scope_id = $3 AND key = $4', where);
      return;
    }
    await this.count(
      `INSERT INTO settings (platform, workspace_id, scope_id, key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, workspace_id, scope_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [...where, value, by, at],
    );
  }

  async claim(kind: string, c: ChannelKey, period: string, at: number): Promise<boolean> {
    const n = await this.count('INSERT INTO claims (kind, platform, workspace_id, channel_id, period, claimed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      kind, c.platform, c.workspaceId, c.channelId, period, at,
    ]);
    return n === 1;
  }

  // --- practice -------------------------------------------------------------------------------

  async practiceCards(platform: Platform, userId: string): Promise<PracticeCard[]> {
    return many<PracticeCard>(await this.rows('SELECT question_id, state, due FROM practice_cards WHERE platform = $1 AND user_id = $2', [platform, userId]));
  }

  async savePracticeCard(platform: Platform, userId: string, card: PracticeCard): Promise<void> {
    await this.count(
      `INSERT INTO practice_cards (platform, user_id, question_id, state, due) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, user_id, question_id) DO UPDATE SET state = excluded.state, due = excluded.due`,
      [platform, userId, card.questionId, card.state, card.due],
    );
  }

  // --- reports --------------------------------------------------------------------------------

  async addReport(r: Omit<Report, 'id' | 'status'>): Promise<number> {
    const [row] = await this.rows<{ id: number }>(
      'INSERT INTO reports (platform, workspace_id, question_id, user_id, user_name, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [r.platform, r.workspaceId, r.questionId, r.userId, r.userName, r.note, r.createdAt],
    );
    return Number(row!.id);
  }

  async openReports(platform: Platform, workspaceId: string): Promise<Report[]> {
    return many<Report>(
      await this.rows(
        `SELECT id, platform, workspace_id, question_id, user_id, user_name, note, created_at, status FROM reports
         WHERE platform = $1 AND workspace_id = $2 AND status = 'open' ORDER BY created_at DESC`,
        [platform, workspaceId],
      ),
    );
  }

  async closeReport(platform: Platform, workspaceId: string, id: number, o: ReportOutcome): Promise<Report | 'missing' | 'closed'> {
    if (!Number.isSafeInteger(id) || id < 1) return 'missing';
    const [closed] = await this.rows(
      `UPDATE reports SET status = 'closed', resolution = $1, resolved_by = $2, resolution_note = $3, resolved_at = $4
       WHERE id = $5 AND platform = $6 AND workspace_id = $7 AND status = 'open'
       RETURNING id, platform, workspace_id, question_id, user_id, user_name, note, created_at`,
      [o.resolution, o.by, o.note, o.at, id, platform, workspaceId],
    );
    if (closed) return { ...fromRow<Report>(closed), id: Number(closed.id), createdAt: Number(closed.created_at), status: 'open' };
    const [exists] = await this.rows('SELECT 1 FROM reports WHERE id = $1 AND platform = $2 AND workspace_id = $3', [id, platform, workspaceId]);
    return exists ? 'closed' : 'missing';
  }

  async setQuestionDisabled(platform: Platform, workspaceId: string, questionId: string, disabled: boolean, by: string, at: number): Promise<boolean> {
    const n = disabled
      ? await this.count('INSERT INTO disabled_questions (platform, workspace_id, question_id, disabled_by, disabled_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [platform, workspaceId, questionId, by, at])
      : await this.count('DELETE FROM disabled_questions WHERE platform = $1 AND workspace_id = $2 AND question_id = $3', [platform, workspaceId, questionId]);
    return n === 1;
  }

  async disabledQuestions(platform: Platform, workspaceId: string): Promise<string[]> {
    return (await this.rows('SELECT question_id FROM disabled_questions WHERE platform = $1 AND workspace_id = $2 ORDER BY question_id', [platform, workspaceId])).map((r) => String(r.question_id));
  }

  // --- health and shutdown --------------------------------------------------------------------

  async ping(): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    const timeout = new AbortController();
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        sleep(PING_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
          throw new Error(`PostgreSQL did not answer within ${PING_TIMEOUT_MS / 1000} s`);
        }),
      ]);
    } catch (err) {
      throw new Error(`PostgreSQL is not reachable: ${describeError(err)}`);
    } finally {
      timeout.abort();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/**
 * A query parameter: undefined means NULL, and U+0000 (which PostgreSQL text cannot hold at all) is
 * stored as U+FFFD, so a stray NUL in a user name or note is kept visibly instead of failing the write.
 */
function param(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string' && v.includes('\u0000')) return v.replaceAll('\u0000', '\uFFFD');
  return v;
}

const camelCache = new Map<string, string>();
function camel(column: string): string {
  let c = camelCache.get(column);
  if (c === undefined) camelCache.set(column, (c = column.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())));
  return c;
}

/** A row as the port's object: snake_case columns become camelCase keys, and NULL an absent key. */
function fromRow<T>(r: Row): T {
  const out: Row = {};
  for (const k in r) if (r[k] !== null) out[camel(k)] = r[k];
  return out as T;
}

const one = <T>(rows: Row[]): T | undefined => (rows[0] ? fromRow<T>(rows[0]) : undefined);
const many = <T>(rows: Row[]): T[] => rows.map((r) => fromRow<T>(r));

/**
 * The current streak as of now: the stored count, unless a daily question of the channel closed after
 * the one last answered (a missed question ends a streak; one still open does not yet).
 */
const LIVE_CURRENT = `CASE WHEN EXISTS (
  SELECT 1 FROM posts m JOIN posts l ON l.id = s.last_post_id
  WHERE m.kind = 'daily' AND m.platform = s.platform AND m.workspace_id = s.workspace_id AND m.channel_id = s.channel_id
    AND m.status = 'closed' AND m.created_at > l.created_at) THEN 0 ELSE s.current END`;
