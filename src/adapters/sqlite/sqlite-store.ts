// The embedded SQLite implementation of the quiz store (better-sqlite3). All SQL lives in this folder,
// one file per job (posts, answers, schedules, sessions, moderation, exams, installations); this class opens the
// database, migrates it and hands each call to the file that does that job.
// WAL mode lets a second process read while one writes; every statement is parameterised; uniqueness
// and atomic claims are enforced by the database, so two processes sharing the file stay correct.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { QuizStore } from '../../core/quiz/store.ts';
import { StoreOpenError } from '../../core/quiz/store.ts';
import { SqliteAnswers } from './answers.ts';
import { SqliteExams } from './exams.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteModeration } from './moderation.ts';
import { SqlitePosts } from './posts.ts';
import { SqlitePrivacy } from './privacy.ts';
import { SqliteSchedules } from './schedules.ts';
import { SqliteSessions } from './sessions.ts';
import { SqliteTeamFacts } from './team-facts.ts';

export { StoreOpenError };

type Args<K extends keyof QuizStore> = Parameters<QuizStore[K]>;

export class SqliteStore implements QuizStore {
  readonly db: Database.Database;
  private readonly posts: SqlitePosts;
  private readonly answers: SqliteAnswers;
  private readonly schedules: SqliteSchedules;
  private readonly sessions: SqliteSessions;
  private readonly moderation: SqliteModeration;
  private readonly teamFacts: SqliteTeamFacts;
  private readonly privacy: SqlitePrivacy;
  private readonly exams: SqliteExams;

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
    // The parts share the connection; none of them holds state of its own.
    this.posts = new SqlitePosts(this.db);
    this.answers = new SqliteAnswers(this.db);
    this.schedules = new SqliteSchedules(this.db);
    this.sessions = new SqliteSessions(this.db);
    this.moderation = new SqliteModeration(this.db);
    this.teamFacts = new SqliteTeamFacts(this.db);
    this.privacy = new SqlitePrivacy(this.db);
    this.exams = new SqliteExams(this.db);
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

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

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
