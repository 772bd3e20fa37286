// The quiz engine's entry point: daily questions, study-group sessions, answers, practice, scores and
// reports, each in its own file; this one wires them together and runs the clock tick. Platform-free:
// it posts through Messenger ports, keeps every fact in the QuizStore, and reads time from a Clock so
// tests can move through days, DST changes and timers without sleeping.
import pMap from 'p-map';
import type { CommandContext } from '../commands/command.ts';
import type { Clock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import { noMetrics, type Metrics } from '../ports/metrics.ts';
import type { Messenger, Platform } from '../ports/messenger.ts';
import type { Reply } from '../reply/reply.ts';
import { adminRoleCommand } from './admin-role.ts';
import { confirmForget, forgetMe } from './privacy.ts';
import { Answering } from './answering.ts';
import type { QuestionBank, QuizQuestion } from './bank.ts';
import type { BankSource } from './live-bank.ts';
import { MINUTE, QuizContext } from './context.ts';
import { DailyQuestions } from './daily.ts';
import { Exams } from './exam.ts';
import type { ExamStep } from './exam-args.ts';
import { Practice, type PracticeRequest } from './practice.ts';
import { reveal, revealStats } from './present.ts';
import { Publisher } from './publisher.ts';
import { Reports } from './reports.ts';
import type { ScheduleSpec } from './schedule.ts';
import { Sessions, type SessionOptions } from './sessions.ts';
import { threadsCommand, weeklyBoardCommand } from './settings.ts';
import { Boards, type BoardRequest } from './boards.ts';
import { setDisabled } from './disabled.ts';
import { Stats } from './stats.ts';
import { stillOpen } from './still-open.ts';
import { withQuestionDiagram } from './pictures.ts';
import type { ChannelKey, Post, QuizStore } from './store.ts';

export type { SessionOptions } from './sessions.ts';

export interface QuizOptions {
  /** A daily post missed by less than this (downtime) is still made once on restart. */
  graceMs?: number;
  /** A daily question closes this long before the next scheduled post. */
  closeBeforeNextMs?: number;
  random?: () => number;
  /** How many channels one tick posts to at once (default 8); see runTick. */
  deliveryConcurrency?: number;
  metrics?: Metrics;
  /**
   * Which channels this process posts in on its own (daily questions, retries, closing). Several
   * processes share one store: a Discord shard takes only its own guilds. Default: every channel.
   */
  owns?: (channel: ChannelKey) => boolean;
  /** Admin channels for report alerts from the configuration, per platform, until an admin picks one in chat. */
  reportAlertChannels?: Partial<Record<Platform, string>>;
  /** Reveals of questions about a service carry its diagram, and /quiz stats a mastery chart (the core has a renderer). */
  diagrams?: boolean;
}

// Longer than any one post call can take (an adapter may wait out several Retry-After periods):
// another process takes over a pending post only after this.
const DELIVERY_LEASE_MS = 10 * MINUTE;
// A session with no round open or pending for this long lost its process between two rounds (a round is
// closed, then the next posted, in one tick step): another process carries it on.
const STALLED_SESSION_MS = 2 * MINUTE;

export class QuizService {
  readonly store: QuizStore;
  private readonly quiz: QuizContext;
  private readonly deliveryConcurrency: number;
  private readonly owns: (channel: ChannelKey) => boolean;
  private readonly publisher: Publisher;
  private readonly daily: DailyQuestions;
  private readonly sessions: Sessions;
  private readonly practiceRounds: Practice;
  private readonly answering: Answering;
  private readonly scores: Stats;
  private readonly diagrams: boolean;
  private readonly reportBox: Reports;
  private readonly boards: Boards;
  private readonly exams: Exams;
  private ticking: Promise<void> | undefined;
  /** Where in the channel list this process starts its fan-out (0..1): random, not from `random`, so seeded picks stay as they were. */
  private readonly startAt = Math.random();

  constructor(bank: BankSource, store: QuizStore, clock: Clock, messengers: Map<Platform, Messenger>, log: Logger, options: QuizOptions = {}) {
    this.store = store;
    this.quiz = new QuizContext(bank, store, clock, messengers, log, options.random ?? Math.random, options.metrics ?? noMetrics);
    this.deliveryConcurrency = Math.max(1, options.deliveryConcurrency ?? 8);
    this.owns = options.owns ?? (() => true);
    const close = (post: Post, opts: { advance: boolean }) => this.closeAndReveal(post, opts);
    this.publisher = new Publisher(this.quiz);
    this.daily = new DailyQuestions(this.quiz, this.publisher, {
      graceMs: options.graceMs ?? 2 * 60 * MINUTE,
      closeBeforeNextMs: options.closeBeforeNextMs ?? 5 * MINUTE,
      leaseMs: DELIVERY_LEASE_MS,
    });
    this.sessions = new Sessions(this.quiz, this.publisher, close, DELIVERY_LEASE_MS);
    this.practiceRounds = new Practice(this.quiz);
    this.answering = new Answering(this.quiz, this.publisher, this.sessions, this.practiceRounds, close);
    this.scores = new Stats(this.quiz, options.diagrams ?? false);
    this.diagrams = options.diagrams ?? false;
    this.reportBox = new Reports(this.quiz, options.reportAlertChannels);
    this.boards = new Boards(this.quiz);
    this.exams = new Exams(this.quiz);
  }

  /** The question bank as of the last refresh (a team pack edited from chat changes it). */
  get bank(): QuestionBank {
    return this.quiz.bank;
  }

  /**
   * Brings the bank up to the latest chat edit of a team pack, by any process: one small query when
   * nothing changed, one rebuild per edit. Every entry point below that reads the bank calls it first.
   */
  refresh(): Promise<void> {
    return this.quiz.bankSource.refresh();
  }

  private async fresh<T>(run: () => Promise<T>): Promise<T> {
    await this.refresh();
    return run();
  }

  // ---- what the commands and buttons call ---------------------------------------------------

  startSession(ctx: CommandContext, opts: SessionOptions): Promise<Reply[]> {
    return this.fresh(() => this.sessions.start(ctx, opts));
  }

  stopSession(ctx: CommandContext): Promise<Reply[]> {
    return this.fresh(() => this.sessions.stop(ctx));
  }

  answer(postId: string, choices: readonly number[], ctx: CommandContext): Promise<Reply[]> {
    return this.fresh(() => this.answering.answer(postId, choices, ctx));
  }

  practice(ctx: CommandContext, request: PracticeRequest): Promise<Reply[]> {
    return this.fresh(() => this.practiceRounds.ask(ctx, request));
  }

  practiceOn(ctx: CommandContext, value: string): Promise<Reply[]> {
    return this.fresh(() => this.practiceRounds.onButton(ctx, value));
  }

  exam(ctx: CommandContext, step: ExamStep): Promise<Reply[]> {
    return this.fresh(() => this.exams.command(ctx, step));
  }

  examButton(ctx: CommandContext, value: string): Promise<Reply[]> {
    return this.fresh(() => this.exams.onButton(ctx, value));
  }

  examAnswer(ctx: CommandContext, value: string): Promise<Reply[]> {
    return this.fresh(() => this.exams.onAnswer(ctx, value));
  }

  leaderboard(ctx: CommandContext, req: BoardRequest): Promise<Reply[]> {
    return this.boards.show(ctx, req);
  }

  rank(ctx: CommandContext, who: string, req: BoardRequest): Promise<Reply[]> {
    return this.boards.rank(ctx, who, req);
  }

  postBoard(ctx: CommandContext, value: string): Promise<Reply[]> {
    return this.boards.post(ctx, value);
  }

  weeklyBoardSetting(ctx: CommandContext, word: string | undefined): Promise<Reply[]> {
    return weeklyBoardCommand(this.quiz, ctx, word);
  }

  stats(ctx: CommandContext): Promise<Reply[]> {
    return this.fresh(() => this.scores.stats(ctx));
  }

  setSchedule(ctx: CommandContext, spec: ScheduleSpec): Promise<Reply[]> {
    return this.fresh(() => this.daily.setSchedule(ctx, spec));
  }

  showSchedule(ctx: CommandContext): Promise<Reply[]> {
    return this.daily.showSchedule(ctx);
  }

  clearSchedule(ctx: CommandContext): Promise<Reply[]> {
    return this.daily.clearSchedule(ctx);
  }

  report(ctx: CommandContext, questionId: string, note: string): Promise<Reply[]> {
    return this.fresh(() => this.reportBox.report(ctx, questionId, note));
  }

  reports(ctx: CommandContext): Promise<Reply[]> {
    return this.fresh(() => this.reportBox.list(ctx));
  }

  closeReport(ctx: CommandContext, resolution: 'resolved' | 'dismissed', id: string | undefined, note: string): Promise<Reply[]> {
    return this.fresh(() => this.reportBox.close(ctx, resolution, id, note));
  }

  reportAlerts(ctx: CommandContext, word: string | undefined): Promise<Reply[]> {
    return this.reportBox.alerts(ctx, word);
  }

  setDisabled(ctx: CommandContext, disable: boolean, questionId: string | undefined): Promise<Reply[]> {
    return this.fresh(() => setDisabled(this.quiz, ctx, disable, questionId));
  }

  forgetMe(ctx: CommandContext): Promise<Reply[]> {
    return forgetMe(this.quiz, ctx);
  }

  confirmForget(ctx: CommandContext, forUser: string): Promise<Reply[]> {
    return confirmForget(this.quiz, ctx, forUser);
  }

  adminRole(ctx: CommandContext, typed: string): Promise<Reply[]> {
    return adminRoleCommand(this.store, this.quiz.now(), ctx, typed);
  }

  threads(ctx: CommandContext, word: string | undefined): Promise<Reply[]> {
    return threadsCommand(this.quiz, ctx, word);
  }

  /** The questions still open in a channel, as posted (a text interface shows them again after a restart). */
  stillOpen(channel: ChannelKey): Promise<Reply[]> {
    return this.fresh(() => stillOpen(this.quiz, this.publisher, channel));
  }

  // ---- closing and revealing ----------------------------------------------------------------

  private async closeAndReveal(post: Post, opts: { advance: boolean }): Promise<void> {
    const { store, bank } = this.quiz;
    if (!(await store.closePost(post.id, this.quiz.now()))) return; // someone else closed it
    // As asked: a question retired since (its topic removed from chat) is still revealed.
    const q = bank.known(post.questionId);
    const answers = await store.answersForPost(post.id);
    const session = post.sessionId ? await store.getSession(post.sessionId) : undefined;
    const extra = session ? await this.sessions.scoreboardAfter(post, session) : [];
    const revealed = (q: QuizQuestion) => {
      const reply = reveal(q, this.publisher.titleFor(post), revealStats(answers), extra);
      return this.diagrams ? withQuestionDiagram(bank, q, reply) : reply;
    };
    if (q) await this.publisher.update(post, async () => revealed(q));
    if (session && opts.advance) await this.sessions.advance(session, post);
  }

  // ---- the clock tick: due posts, retries, closing -------------------------------------------

  /** Runs everything that is due. Safe to call often and from several processes sharing a store. */
  async tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runTick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    // A store that cannot say whether the packs changed leaves this tick with the bank it has.
    await this.guarded(() => this.refresh(), { bank: 'refresh' });
    const { store } = this.quiz;
    const now = this.quiz.now();
    const owns = this.owns;
    for (const post of (await store.openPostsDue(now)).filter(owns)) {
      await this.guarded(() => this.closeAndReveal(post, { advance: true }), { post: post.id });
    }
    // Mock exams whose time ran out: scored and sent to their owner, also after a restart.
    await this.guarded(() => this.exams.closeDue(now, owns), { exams: 'due' });
    for (const session of (await store.stalledSessions(now - STALLED_SESSION_MS)).filter(owns)) {
      await this.guarded(() => this.sessions.resume(session), { session: session.id });
    }
    // Channels are independent, so posts go out several at a time: each post is a network round trip,
    // and one after the other the last of 1,000 channels would wait for every other one. Exactly-once
    // does not depend on order (claims and leases are per post); rate limits are the adapters' job.
    const concurrency = this.deliveryConcurrency;
    await pMap(
      (await store.pendingPosts()).filter(owns),
      async (post) => {
        if (await store.takeDeliveryLease(post.id, now, now + DELIVERY_LEASE_MS)) await this.guarded(() => this.redeliver(post), { post: post.id });
      },
      { concurrency },
    );
    // Each process starts at its own place in the channel list, so that processes sharing a store split
    // a fan-out between them instead of all racing for the same channel at the same moment.
    const schedules = (await store.listSchedules()).filter(owns);
    const from = Math.floor(this.startAt * schedules.length);
    await pMap([...schedules.slice(from), ...schedules.slice(0, from)], (schedule) => this.guarded(() => this.daily.run(schedule, now), { channel: schedule.channelId }), { concurrency });
    // Each Monday, last week's board in every scheduled channel (once: a claim per channel and week).
    await pMap(schedules, (schedule) => this.guarded(() => this.boards.weekly(schedule, now), { channel: schedule.channelId, board: 'weekly' }), { concurrency });
  }

  private async guarded(fn: () => Promise<void>, where: object): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.quiz.metrics.error({ where: 'quiz_tick' });
      this.quiz.log.error({ err, ...where }, 'quiz tick step failed');
    }
  }

  private async redeliver(post: Post): Promise<void> {
    if (post.kind === 'session') await this.sessions.redeliver(post);
    if (post.kind === 'daily') await this.daily.redeliver(post);
  }
}
