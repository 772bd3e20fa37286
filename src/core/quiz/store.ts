// The storage port of the quiz engine. The core states what it needs and which guarantees it relies
// on (uniqueness, atomic claims); an implementation (embedded SQLite by default, PostgreSQL for several
// processes) keeps its own SQL to itself. Every write that a user is told about is committed before the
// promise resolves. tests/store/contract.test.ts holds every implementation to the same behaviour.
import type { Platform } from '../ports/messenger.ts';

export interface ChannelKey {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

export type PostKind = 'daily' | 'session' | 'practice';
export type PostStatus = 'pending' | 'open' | 'closed' | 'failed';

export interface Post extends ChannelKey {
  id: string;
  kind: PostKind;
  questionId: string;
  status: PostStatus;
  /** Daily posts: the local date (YYYY-MM-DD in the schedule's timezone) this post is for. */
  localDate?: string;
  sessionId?: string;
  round?: number;
  /** Practice posts: the only user who may answer. */
  userId?: string;
  /** Practice posts of a round (`/quiz practice 5`): the round; `round` is this question's place in it. */
  practiceRound?: PracticeRound;
  messageId?: string;
  createdAt: number;
  openedAt?: number;
  closesAt?: number;
  closedAt?: number;
  attempts: number;
  lastError?: string;
}

export interface PracticeRound {
  /** When the round started: it identifies the round among the user's practice posts. */
  startedAt: number;
  size: number;
  /** The topic filter the round was started with, if any. */
  topic?: string;
}

/** A post as first written: delivery details (message id, errors, closing) come later. */
export type NewPost = Omit<Post, 'attempts' | 'messageId' | 'closedAt' | 'lastError'> & {
  /** While pending: until when the creator holds the right to deliver it. */
  leaseUntil?: number;
};

export interface RecordedAnswer {
  postId: string;
  platform: Platform;
  workspaceId: string;
  userId: string;
  userName: string;
  questionId: string;
  kind: PostKind;
  /** The option indexes picked: one, or several on a multi-select question (ascending). */
  choices: number[];
  correct: boolean;
  points: number;
  answeredAt: number;
}

export interface Schedule extends ChannelKey {
  /** HH:MM, 24-hour, local to `timezone`. */
  time: string;
  timezone: string;
  /** Cron day-of-week list, 0 = Sunday (e.g. "1-5"). */
  days: string;
  topic?: string;
  difficulty?: string;
  /** How long a daily question stays open; undefined = until shortly before the next post. */
  windowMinutes?: number;
  createdBy: string;
  createdAt: number;
}

export type SessionStatus = 'active' | 'finished' | 'stopped';

export interface Session extends ChannelKey {
  id: string;
  startedBy: string;
  status: SessionStatus;
  rounds: number;
  seconds: number;
  questionIds: string[];
  currentRound: number;
  createdAt: number;
  endedAt?: number;
  /** Later rounds, reveals and the scoreboard go in the thread of round 1's message (Slack threads). */
  inThread?: true;
  /** The channel /quiz start was typed in, when the session runs in a thread channel of its own (Discord). */
  homeChannelId?: string;
}

/** Where a setting applies: one channel, or (scopeId '') a whole workspace or server. */
export interface SettingScope {
  platform: Platform;
  workspaceId: string;
  scopeId: string;
}

export interface Streak {
  /** Consecutive daily questions answered right, up to now: a wrong answer or a question that closed unanswered ends it. */
  current: number;
  best: number;
}

export interface LeaderboardRow {
  userId: string;
  userName: string;
  points: number;
  answered: number;
  correct: number;
}

export interface PracticeCard {
  questionId: string;
  /** The spaced-repetition state, opaque to the store (JSON). */
  state: string;
  due: number;
}

export interface Report {
  id: number;
  platform: Platform;
  workspaceId: string;
  questionId: string;
  userId: string;
  userName: string;
  note: string;
  createdAt: number;
  status: 'open' | 'closed';
}

export interface ReportOutcome {
  resolution: 'resolved' | 'dismissed';
  by: string;
  note: string;
  at: number;
}

export type ExamStatus = 'active' | 'submitted' | 'expired';

/** How an ended mock exam went, kept with it so stats never depend on the bank as it is later. */
export interface ExamResult {
  correct: number;
  total: number;
  /** The pass mark in force, in percent of questions right. */
  passMark: number;
  passed: boolean;
  /** Per study domain id: questions asked and answered right. */
  byDomain: Record<string, { correct: number; total: number }>;
}

/** A private, timed mock exam of one person: every fact needed to resume it after a restart. */
export interface Exam extends ChannelKey {
  id: string;
  userId: string;
  userName: string;
  questionIds: string[];
  /** The domain filter it was started with, if any. */
  domains?: string[];
  startedAt: number;
  deadline: number;
  /** The question shown last (0-based): where a resumed exam opens. */
  position: number;
  /** Picked option indexes per question, in questionIds order; [] while unanswered. */
  answers: number[][];
  /** Positions flagged for review, ascending. */
  flagged: number[];
  status: ExamStatus;
  endedAt?: number;
  result?: ExamResult;
}

export interface QuizStore {
  // --- posts ---
  /**
   * Inserts a post. Returns false (and changes nothing) if a daily post for that channel and date, or
   * a post for that session round, exists.
   */
  insertPost(post: NewPost): Promise<boolean>;
  getPost(id: string): Promise<Post | undefined>;
  getDailyPost(channel: ChannelKey, localDate: string): Promise<Post | undefined>;
  /** Atomically takes the delivery lease of a pending post whose lease has run out. */
  takeDeliveryLease(postId: string, now: number, leaseUntil: number): Promise<boolean>;
  pendingPosts(): Promise<Post[]>;
  markOpen(postId: string, messageId: string | undefined, openedAt: number, closesAt: number | undefined): Promise<void>;
  /** Records a failed attempt; a transient one may be retried (by any process) from `retryAt` on. */
  markDeliveryFailed(postId: string, error: string, permanent: boolean, retryAt?: number): Promise<void>;
  /** Atomically closes an open post; true only for the caller that closed it. */
  closePost(postId: string, now: number): Promise<boolean>;
  openPostsDue(now: number): Promise<Post[]>;
  /**
   * The questions a channel has been asked, each once, the most recently asked first: its daily
   * questions and the rounds of its study-group sessions (also those run in a thread of their own,
   * by their home channel). Daily questions and sessions share it so neither repeats the other.
   */
  askedHistory(channel: ChannelKey): Promise<string[]>;
  sessionPosts(sessionId: string): Promise<Post[]>;

  // --- answers ---
  /**
   * Records an answer once per user per post, and only while the post is open (status open and not
   * past its closing time) — checked in the same transaction, so a reveal can never be followed by
   * a late answer. A repeat (retried delivery, double click) records nothing and returns the first
   * answer with `recorded: false`; a closed post returns `recorded: false, closed: true`. Daily
   * answers update the streak in the same transaction.
   */
  recordAnswer(answer: RecordedAnswer): Promise<{ recorded: boolean; answer: RecordedAnswer; closed?: true }>;
  answersForPost(postId: string): Promise<RecordedAnswer[]>;
  answersForSession(sessionId: string): Promise<RecordedAnswer[]>;
  answersByUser(platform: Platform, workspaceId: string, userId: string): Promise<RecordedAnswer[]>;
  /**
   * Points per person from `since` (inclusive) to `until` (exclusive, default: no end), in the whole
   * workspace or only from posts in one channel. Practice answers do not count.
   */
  leaderboard(platform: Platform, workspaceId: string, since: number, opts?: { until?: number; channelId?: string }): Promise<LeaderboardRow[]>;
  streak(channel: ChannelKey, userId: string): Promise<Streak>;
  /** The best and current streaks of a user across all channels of a workspace. */
  userStreaks(platform: Platform, workspaceId: string, userId: string): Promise<(Streak & { channelId: string })[]>;
  /** Everyone's streaks in a workspace, or in one channel of it: for boards. */
  streaksIn(platform: Platform, workspaceId: string, channelId?: string): Promise<(Streak & { channelId: string; userId: string })[]>;

  // --- schedules ---
  saveSchedule(schedule: Schedule): Promise<void>;
  getSchedule(channel: ChannelKey): Promise<Schedule | undefined>;
  deleteSchedule(channel: ChannelKey): Promise<boolean>;
  listSchedules(): Promise<Schedule[]>;

  // --- sessions ---
  /** Creates a session unless one is already active in that channel (then returns false). */
  createSession(session: Session): Promise<boolean>;
  getSession(id: string): Promise<Session | undefined>;
  activeSession(channel: ChannelKey): Promise<Session | undefined>;
  setSessionRound(id: string, round: number): Promise<void>;
  /**
   * Active sessions with no round pending or open, and none closed since `quietSince`: a process
   * closed a round and died before posting the next one (or before finishing the session).
   */
  stalledSessions(quietSince: number): Promise<Session[]>;
  endSession(id: string, status: Exclude<SessionStatus, 'active'>, now: number): Promise<boolean>;

  // --- settings (per channel or workspace, changed from chat; read on use) ---
  getSetting(scope: SettingScope, key: string): Promise<string | undefined>;
  /** Sets (or with `value` undefined, removes) a setting. */
  setSetting(scope: SettingScope, key: string, value: string | undefined, by: string, at: number): Promise<void>;

  // --- claims ---
  /**
   * Claims something done once per channel and period (e.g. the weekly board of week 2026-11-23):
   * true for exactly one caller, however many processes claim at once.
   */
  claim(kind: string, channel: ChannelKey, period: string, at: number): Promise<boolean>;

  // --- practice ---
  practiceCards(platform: Platform, userId: string): Promise<PracticeCard[]>;
  savePracticeCard(platform: Platform, userId: string, card: PracticeCard): Promise<void>;

  // --- reports ---
  addReport(report: Omit<Report, 'id' | 'status'>): Promise<number>;
  /**
   * Adds a note to the open report that person already made on that question (a button press, then
   * /quiz report with what is wrong): returns that report's id, or undefined when there is none.
   */
  addToReport(report: Omit<Report, 'id' | 'status' | 'createdAt'>): Promise<number | undefined>;
  openReports(platform: Platform, workspaceId: string): Promise<Report[]>;
  /**
   * Closes an open report of the workspace as resolved or dismissed, with the admin's note. Returns
   * the report as it was (to tell its reporter) — only to the one caller that closed it; 'missing' for
   * no such report in the workspace, 'closed' for one already closed.
   */
  closeReport(platform: Platform, workspaceId: string, id: number, outcome: ReportOutcome): Promise<Report | 'missing' | 'closed'>;

  // --- disabled questions (out of every pool of a workspace) ---
  setQuestionDisabled(platform: Platform, workspaceId: string, questionId: string, disabled: boolean, by: string, at: number): Promise<boolean>;
  disabledQuestions(platform: Platform, workspaceId: string): Promise<string[]>;

  // --- privacy (/quiz forget-me) ---
  /**
   * Deletes what the store keeps about one person of a workspace: their answers (so scores, boards and
   * stats), streaks, practice cards and practice posts, and the reports they filed. One transaction:
   * all of it or nothing. Returns how many answers and reports went.
   */
  forgetUser(platform: Platform, workspaceId: string, userId: string): Promise<Forgotten>;
  // --- mock exams (private, timed; answers kept per question until the exam ends) ---
  /** Starts an exam unless the user already has one running in the workspace (then false). */
  createExam(exam: Exam): Promise<boolean>;
  getExam(id: string): Promise<Exam | undefined>;
  activeExam(platform: Platform, workspaceId: string, userId: string): Promise<Exam | undefined>;
  /**
   * Sets the picks of one question, only while the exam is active and `now` is before its deadline
   * (checked in the same statement); one question's write never undoes another's. False otherwise.
   */
  saveExamAnswer(id: string, position: number, choices: number[], now: number): Promise<boolean>;
  /** Flags a question for review, or clears the flag, while the exam is active. False otherwise. */
  setExamFlag(id: string, position: number, flagged: boolean): Promise<boolean>;
  setExamPosition(id: string, position: number): Promise<void>;
  /** Ends an active exam with its result: true only for the one caller that ended it. */
  finishExam(id: string, status: Exclude<ExamStatus, 'active'>, endedAt: number, result: ExamResult): Promise<boolean>;
  /** Active exams whose deadline is at or before `now`. */
  examsDue(now: number): Promise<Exam[]>;
  /** A user's ended exams in a workspace, newest first, at most `limit`. */
  examHistory(platform: Platform, workspaceId: string, userId: string, limit: number): Promise<Exam[]>;

  // --- team facts edited from chat (/facts) ---
  /** The number of the newest chat edit of any pack (0 for none): a process rebuilds its engine when it moves. */
  knowledgeVersion(): Promise<number>;
  /** The current chat version of every topic edited from chat (no `topic`: removed). */
  topicOverrides(): Promise<TopicOverride[]>;
  /** Saves an edit as the topic's current chat version and in the history, atomically; returns its number. */
  saveTopicEdit(edit: TopicEdit): Promise<number>;
  /** The newest edits of a pack (or one of its topics) first. */
  topicHistory(packId: string, topicId?: string, limit?: number): Promise<(TopicEdit & { id: number })[]>;

  /**
   * Resolves once the store answered a trivial query (within a few seconds); rejects with the reason
   * otherwise. For readiness checks: it never retries, so it reports what the store is like right now.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A topic as JSON (the fields of a pack's topics file); none when the edit removed it. */
export interface TopicOverride {
  packId: string;
  topicId: string;
  topic?: string;
}

export interface TopicEdit {
  packId: string;
  topicId: string;
  /** The topic before and after, as JSON; before is absent for an added topic, after for a removed one. */
  before?: string;
  after?: string;
  by: string;
  at: number;
}

export interface Forgotten {
  answers: number;
  reports: number;
}

/** The store cannot be opened or reached at start-up; the message is one line, fit to show an operator. */
export class StoreOpenError extends Error {}
