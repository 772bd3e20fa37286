// The PostgreSQL implementation of the quiz store (node-postgres). All its SQL lives in this folder, one
// file per job (posts, answers, schedules, sessions, moderation, exams, installations); this class connects,
// migrates and hands each call to the file that does that job. It lets N bot processes share one
// database: every claim is one atomic statement or a short transaction whose row locks decide the winner
// (unique indexes for "one daily post per channel and day" and "one answer per user and post",
// conditional UPDATEs for leases and closing, FOR SHARE so that a reveal waits for an answer being
// recorded). A lost connection is retried on a new one; see connection.ts and queries.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from '../../core/ports/logger.ts';
import { silentLogger } from '../../core/ports/logger.ts';
import { StoreOpenError, type QuizStore } from '../../core/quiz/store.ts';
import { PgAnswers } from './answers.ts';
import { createPool, describeError, redactUrl } from './connection.ts';
import { PgExams } from './exams.ts';
import { MIGRATIONS } from './migrations.ts';
import { PgModeration } from './moderation.ts';
import { PgPosts } from './posts.ts';
import { PgPrivacy } from './privacy.ts';
import { PgQueries } from './queries.ts';
import { PgSchedules } from './schedules.ts';
import { PgSessions } from './sessions.ts';
import { PgTeamFacts } from './team-facts.ts';

export interface PostgresStoreOptions {
  log?: Logger;
  /** Pool size of this process (default 10). */
  maxConnections?: number;
  connectTimeoutMs?: number;
}

type Args<K extends keyof QuizStore> = Parameters<QuizStore[K]>;

// Any constant works: it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK = 0x5265_7370; // "Resp"
const PING_TIMEOUT_MS = 3000;

export class PostgresStore implements QuizStore {
  private closed = false;
  private readonly sql: PgQueries;
  private readonly posts: PgPosts;
  private readonly answers: PgAnswers;
  private readonly schedules: PgSchedules;
  private readonly sessions: PgSessions;
  private readonly moderation: PgModeration;
  private readonly teamFacts: PgTeamFacts;
  private readonly privacy: PgPrivacy;
  private readonly exams: PgExams;

  private constructor(
    readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {
    // The parts share the pool; none of them holds state of its own.
    this.sql = new PgQueries(pool, log, () => this.closed);
    this.posts = new PgPosts(this.sql);
    this.answers = new PgAnswers(this.sql);
    this.schedules = new PgSchedules(this.sql);
    this.sessions = new PgSessions(this.sql);
    this.moderation = new PgModeration(this.sql);
    this.teamFacts = new PgTeamFacts(this.sql);
    this.privacy = new PgPrivacy(this.sql);
    this.exams = new PgExams(this.sql);
  }

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
      await this.sql.transaction(async (c) => {
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
    return Number((await this.sql.rows<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations'))[0]?.v ?? 0);
  }

  // --- posts
  insertPost(...a: Args<'insertPost'>) { return this.posts.insertPost(...a); }
  getPost(...a: Args<'getPost'>) { return this.posts.getPost(...a); }
  getDailyPost(...a: Args<'getDailyPost'>) { return this.posts.getDailyPost(...a); }
  takeDeliveryLease(...a: Args<'takeDeliveryLease'>) { return this.posts.takeDeliveryLease(...a); }
  pendingPosts(...a: Args<'pendingPosts'>) { return this.posts.pendingPosts(...a); }
  markOpen(...a: Args<'markOpen'>) { return this.posts.markOpen(...a); }
  markDeliveryFailed(...a: Args<'markDeliveryFailed'>) { return this.posts.markDeliveryFailed(...a); }
  closePost(...a: Args<'closePost'>) { return this.posts.closePost(...a); }
  openPostsDue(...a: Args<'openPostsDue'>) { return this.posts.openPostsDue(...a); }
  askedHistory(...a: Args<'askedHistory'>) { return this.posts.askedHistory(...a); }
  sessionPosts(...a: Args<'sessionPosts'>) { return this.posts.sessionPosts(...a); }
  // --- answers
  recordAnswer(...a: Args<'recordAnswer'>) { return this.answers.recordAnswer(...a); }
  answersForPost(...a: Args<'answersForPost'>) { return this.answers.answersForPost(...a); }
  answersForSession(...a: Args<'answersForSession'>) { return this.answers.answersForSession(...a); }
  answersByUser(...a: Args<'answersByUser'>) { return this.answers.answersByUser(...a); }
  leaderboard(...a: Args<'leaderboard'>) { return this.answers.leaderboard(...a); }
  streak(...a: Args<'streak'>) { return this.answers.streak(...a); }
  userStreaks(...a: Args<'userStreaks'>) { return this.answers.userStreaks(...a); }
  streaksIn(...a: Args<'streaksIn'>) { return this.answers.streaksIn(...a); }
  // --- schedules
  saveSchedule(...a: Args<'saveSchedule'>) { return this.schedules.saveSchedule(...a); }
  getSchedule(...a: Args<'getSchedule'>) { return this.schedules.getSchedule(...a); }
  deleteSchedule(...a: Args<'deleteSchedule'>) { return this.schedules.deleteSchedule(...a); }
  listSchedules(...a: Args<'listSchedules'>) { return this.schedules.listSchedules(...a); }
  // --- settings
  getSetting(...a: Args<'getSetting'>) { return this.schedules.getSetting(...a); }
  setSetting(...a: Args<'setSetting'>) { return this.schedules.setSetting(...a); }
  claim(...a: Args<'claim'>) { return this.schedules.claim(...a); }
  // --- sessions
  createSession(...a: Args<'createSession'>) { return this.sessions.createSession(...a); }
  getSession(...a: Args<'getSession'>) { return this.sessions.getSession(...a); }
  activeSession(...a: Args<'activeSession'>) { return this.sessions.activeSession(...a); }
  setSessionRound(...a: Args<'setSessionRound'>) { return this.sessions.setSessionRound(...a); }
  stalledSessions(...a: Args<'stalledSessions'>) { return this.sessions.stalledSessions(...a); }
  endSession(...a: Args<'endSession'>) { return this.sessions.endSession(...a); }
  // --- practice
  practiceCards(...a: Args<'practiceCards'>) { return this.sessions.practiceCards(...a); }
  savePracticeCard(...a: Args<'savePracticeCard'>) { return this.sessions.savePracticeCard(...a); }
  // --- reports
  addReport(...a: Args<'addReport'>) { return this.moderation.addReport(...a); }
  addToReport(...a: Args<'addToReport'>) { return this.moderation.addToReport(...a); }
  openReports(...a: Args<'openReports'>) { return this.moderation.openReports(...a); }
  closeReport(...a: Args<'closeReport'>) { return this.moderation.closeReport(...a); }
  setQuestionDisabled(...a: Args<'setQuestionDisabled'>) { return this.moderation.setQuestionDisabled(...a); }
  disabledQuestions(...a: Args<'disabledQuestions'>) { return this.moderation.disabledQuestions(...a); }
  // --- team facts
  knowledgeVersion(...a: Args<'knowledgeVersion'>) { return this.teamFacts.knowledgeVersion(...a); }
  topicOverrides(...a: Args<'topicOverrides'>) { return this.teamFacts.topicOverrides(...a); }
  saveTopicEdit(...a: Args<'saveTopicEdit'>) { return this.teamFacts.saveTopicEdit(...a); }
  topicHistory(...a: Args<'topicHistory'>) { return this.teamFacts.topicHistory(...a); }
  // --- privacy
  forgetUser(...a: Args<'forgetUser'>) { return this.privacy.forgetUser(...a); }
  // --- mock exams
  createExam(...a: Args<'createExam'>) { return this.exams.createExam(...a); }
  getExam(...a: Args<'getExam'>) { return this.exams.getExam(...a); }
  activeExam(...a: Args<'activeExam'>) { return this.exams.activeExam(...a); }
  saveExamAnswer(...a: Args<'saveExamAnswer'>) { return this.exams.saveExamAnswer(...a); }
  setExamFlag(...a: Args<'setExamFlag'>) { return this.exams.setExamFlag(...a); }
  setExamPosition(...a: Args<'setExamPosition'>) { return this.exams.setExamPosition(...a); }
  finishExam(...a: Args<'finishExam'>) { return this.exams.finishExam(...a); }
  examsDue(...a: Args<'examsDue'>) { return this.exams.examsDue(...a); }
  examHistory(...a: Args<'examHistory'>) { return this.exams.examHistory(...a); }

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
  }}
