// The embedded SQLite implementation of the quiz store (better-sqlite3). All SQL lives here.
// WAL mode lets a second process read while one writes; every statement is parameterised; uniqueness
// and atomic claims are enforced by the database, so two processes sharing the file stay correct.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  ChannelKey,
  LeaderboardRow,
  NewPost,
  Post,
  PracticeCard,
  QuizStore,
  RecordedAnswer,
  Report,
  Schedule,
  Session,
  SettingScope,
  ReportOutcome,
  Streak,
} from '../../core/quiz/store.ts';
import { StoreOpenError } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { MIGRATIONS } from './migrations.ts';

export { StoreOpenError };

type Row = Record<string, unknown>;

export class SqliteStore implements QuizStore {
  readonly db: Database.Database;

  /** Opens (creating if needed) the database at `file` — or `:memory:` — and applies migrations. */
  constructor(file: string) {
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      // timeout: wait up to 5 s for another process's write lock instead of failing at once.
      this.db = new Database(file, { timeout: 5000 });
      // Switching to WAL needs a moment without writers; another process may be mid-write (before it
      // switched too), and this pragma does not wait on its own, so we wait up to the same 5 s.
      retryWhileBusy(() => this.db.pragma('journal_mode = WAL'), 5000);
      this.db.pragma('foreign_keys = ON');
      // NORMAL in WAL mode: a committed transaction survives a process crash (kill -9); only a power
      // cut may lose the last commits, and never corrupts the file.
      this.db.pragma('synchronous = NORMAL');
      this.migrate();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const hint =
        code === 'SQLITE_READONLY' || /readonly/i.test(String(err))
          ? 'the database file or its directory is read-only; give the bot write access or point DATA_DIR elsewhere'
          : code === 'SQLITE_BUSY' || /locked|busy/i.test(String(err))
            ? 'the database is locked by another program for more than 5 seconds'
            : code === 'SQLITE_CANTOPEN' || /unable to open|EACCES|EROFS|ENOTDIR|EEXIST/i.test(String(err))
              ? 'the file cannot be created or opened; check that DATA_DIR exists and is writable'
              : (err as Error).message;
      throw new StoreOpenError(`Cannot open the database at ${file}: ${hint}`);
    }
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    const apply = this.db.transaction((m: (typeof MIGRATIONS)[number]) => {
      // Re-check inside the (immediate) transaction: another process may have migrated meanwhile.
      if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      this.db.exec(m.sql);
      this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    });
    for (const m of MIGRATIONS) apply.immediate(m);
  }

  schemaVersion(): number {
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
  }

  // --- posts ----------------------------------------------------------------------------------

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

  async dailyQuestionHistory(c: ChannelKey): Promise<string[]> {
    return (
      this.db
        .prepare(`SELECT question_id FROM posts WHERE kind = 'daily' AND platform = ? AND workspace_id = ? AND channel_id = ? ORDER BY created_at DESC`)
        .all(c.platform, c.workspaceId, c.channelId) as { question_id: string }[]
    ).map((r) => r.question_id);
  }

  async sessionPosts(sessionId: string): Promise<Post[]> {
    return (this.db.prepare('SELECT * FROM posts WHERE session_id = ? ORDER BY round').all(sessionId) as Row[]).map((r) => toPost(r)!);
  }

  // --- answers --------------------------------------------------------------------------------

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

  // --- schedules ------------------------------------------------------------------------------

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

  // --- sessions -------------------------------------------------------------------------------

  async createSession(s: Session): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT INTO sessions (id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at, in_thread)
         VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(s.id, s.platform, s.workspaceId, s.channelId, s.startedBy, s.rounds, s.seconds, JSON.stringify(s.questionIds), s.currentRound, s.createdAt, s.inThread ? 1 : null);
    return r.changes === 1;
  }

  async getSession(id: string): Promise<Session | undefined> {
    return toSession(this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined);
  }

  async activeSession(c: ChannelKey): Promise<Session | undefined> {
    return toSession(
      this.db
        .prepare(`SELECT * FROM sessions WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND status = 'active'`)
        .get(c.platform, c.workspaceId, c.channelId) as Row | undefined,
    );
  }

  async setSessionRound(id: string, round: number): Promise<void> {
    this.db.prepare('UPDATE sessions SET current_round = ? WHERE id = ?').run(round, id);
  }

  async stalledSessions(quietSince: number): Promise<Session[]> {
    return (this.db.prepare(STALLED_SESSIONS).all(quietSince) as Row[]).map((r) => toSession(r)!);
  }

  async endSession(id: string, status: 'finished' | 'stopped', now: number): Promise<boolean> {
    return this.db.prepare(`UPDATE sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'active'`).run(status, now, id).changes === 1;
  }

  // --- settings and claims --------------------------------------------------------------------

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

  // --- practice -------------------------------------------------------------------------------

  async practiceCards(platform: Platform, userId: string): Promise<PracticeCard[]> {
    return (this.db.prepare('SELECT question_id, state, due FROM practice_cards WHERE platform = ? AND user_id = ?').all(platform, userId) as Row[]).map((r) => ({
      questionId: String(r.question_id),
      state: String(r.state),
      due: Number(r.due),
    }));
  }

  async savePracticeCard(platform: Platform, userId: string, card: PracticeCard): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO practice_cards (platform, user_id, question_id, state, due) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, user_id, question_id) DO UPDATE SET state = excluded.state, due = excluded.due`,
      )
      .run(platform, userId, card.questionId, card.state, card.due);
  }

  // --- reports --------------------------------------------------------------------------------

  async addReport(r: Omit<Report, 'id' | 'status'>): Promise<number> {
    const result = this.db
      .prepare('INSERT INTO reports (platform, workspace_id, question_id, user_id, user_name, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.platform, r.workspaceId, r.questionId, r.userId, r.userName, r.note, r.createdAt);
    return Number(result.lastInsertRowid);
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


  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const STALLED_SESSIONS = `
  SELECT s.* FROM sessions s
  WHERE s.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.session_id = s.id AND p.status IN ('pending', 'open'))
    AND COALESCE((SELECT MAX(p.closed_at) FROM posts p WHERE p.session_id = s.id), s.created_at) < ?
  ORDER BY s.created_at`;

function retryWhileBusy(fn: () => unknown, forMs: number): void {
  const until = Date.now() + forMs;
  for (;;) {
    try {
      fn();
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25); // a short synchronous pause
    }
  }
}

const opt = <T>(v: unknown, f: (x: unknown) => T): T | undefined => (v === null || v === undefined ? undefined : f(v));

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

function toSession(r: Row | undefined): Session | undefined {
  if (!r) return undefined;
  const s: Session = {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    startedBy: String(r.started_by),
    status: r.status as Session['status'],
    rounds: Number(r.rounds),
    seconds: Number(r.seconds),
    questionIds: JSON.parse(String(r.question_ids)) as string[],
    currentRound: Number(r.current_round),
    createdAt: Number(r.created_at),
  };
  if (r.ended_at !== null) s.endedAt = Number(r.ended_at);
  if (r.in_thread) s.inThread = true;
  return s;
}

/**
 * The current streak as of now: the stored count, unless a daily question of the channel closed after
 * the one last answered (a missed question ends a streak; one still open does not yet).
 */
const LIVE_CURRENT = `CASE WHEN EXISTS (
  SELECT 1 FROM posts m JOIN posts l ON l.id = s.last_post_id
  WHERE m.kind = 'daily' AND m.platform = s.platform AND m.workspace_id = s.workspace_id AND m.channel_id = s.channel_id
    AND m.status = 'closed' AND m.created_at > l.created_at) THEN 0 ELSE s.current END`;

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
