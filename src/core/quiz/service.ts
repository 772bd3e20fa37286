// The quiz engine's use cases: daily questions, study-group sessions, answers, practice, scores.
// Platform-free: it posts through Messenger ports, keeps every fact in the QuizStore, and reads time
// from a Clock so tests can move through days, DST changes and timers without sleeping.
import { randomUUID } from 'node:crypto';
import pMap from 'p-map';
import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import { UsageError, type CommandContext } from '../commands/command.ts';
import type { Clock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import { noMetrics, type Metrics } from '../ports/metrics.ts';
import { DeliveryError, type ChannelAddress, type Messenger, type Platform } from '../ports/messenger.ts';
import { privateReply, safeSlice, type Block, type Button, type Reply } from '../reply/reply.ts';
import type { QuestionBank, QuestionFilter, QuizQuestion } from './bank.ts';
import {
  ACTION_PRACTICE,
  answerResult,
  finalScoreboard,
  leaderboardReply,
  questionPost,
  reportsReply,
  reveal,
  revealStats,
  scheduleReply,
  scoreboardBlocks,
  type ScoreRow,
} from './present.ts';
import { lastOccurrence, localDate, nextOccurrence, type ScheduleSpec } from './schedule.ts';
import type { ChannelKey, Post, QuizStore, RecordedAnswer, Schedule, Session } from './store.ts';

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
}

const MINUTE = 60_000;
// Longer than any one post call can take (an adapter may wait out several Retry-After periods):
// another process takes over a pending post only after this.
const DELIVERY_LEASE_MS = 10 * MINUTE;
// A session with no round open or pending for this long lost its process between two rounds (a round is
// closed, then the next posted, in one tick step): another process carries it on.
const STALLED_SESSION_MS = 2 * MINUTE;
const POINTS_CORRECT = 10;
const POINTS_SPEED_MAX = 5;

type Delivery = { ok: true } | { ok: false; problem: string };

export interface SessionOptions {
  rounds: number;
  seconds: number;
  filter: QuestionFilter;
  thread: boolean;
}

export class QuizService {
  private readonly graceMs: number;
  private readonly closeBeforeNextMs: number;
  private readonly random: () => number;
  private readonly deliveryConcurrency: number;
  private readonly metrics: Metrics;
  private readonly owns: (channel: ChannelKey) => boolean;
  private readonly scheduler = fsrs();
  private ticking: Promise<void> | undefined;
  /** Where in the channel list this process starts its fan-out (0..1): random, not from `random`, so seeded picks stay as they were. */
  private readonly startAt = Math.random();
  private readonly edits = new Map<string, Promise<void>>();
  private readonly countGeneration = new Map<string, number>();

  constructor(
    readonly bank: QuestionBank,
    readonly store: QuizStore,
    private readonly clock: Clock,
    private readonly messengers: Map<Platform, Messenger>,
    private readonly log: Logger,
    options: QuizOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 2 * 60 * MINUTE;
    this.closeBeforeNextMs = options.closeBeforeNextMs ?? 5 * MINUTE;
    this.random = options.random ?? Math.random;
    this.deliveryConcurrency = Math.max(1, options.deliveryConcurrency ?? 8);
    this.metrics = options.metrics ?? noMetrics;
    this.owns = options.owns ?? (() => true);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  // ---- study-group sessions -----------------------------------------------------------------

  async startSession(ctx: CommandContext, opts: SessionOptions): Promise<Reply[]> {
    const pool = this.bank.select(opts.filter);
    const missing = (await ctx.missingPostingPermissions?.({ thread: opts.thread })) ?? [];
    if (missing.length) {
      return [privateReply(`I can't run a quiz in this channel: I'm missing ${missing.join(', ')}. Once that is fixed, try again.`)];
    }
    let channel: ChannelAddress = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
    const existing = await this.store.activeSession(channel);
    if (existing) return [privateReply(`A quiz is already running here (round ${existing.currentRound} of ${existing.rounds}). Join in, or stop it with /quiz stop.`)];
    let note = '';
    if (opts.thread) {
      const messenger = this.messengers.get(channel.platform);
      if (messenger?.openThread) channel = await messenger.openThread(channel, `Quiz started by ${ctx.user.name}`);
      else note = " Threads aren't available here, so it runs in the channel.";
    }
    const questions = this.pick(pool, opts.rounds, []);
    const session: Session = {
      id: randomUUID(),
      ...channel,
      startedBy: ctx.user.id,
      status: 'active',
      rounds: questions.length,
      seconds: opts.seconds,
      questionIds: questions.map((q) => q.id),
      currentRound: 0,
      createdAt: this.now(),
    };
    if (!(await this.store.createSession(session))) return [privateReply('A quiz is already running here. Stop it with /quiz stop first.')];
    const first = await this.postRound(session, 1);
    if (!first.ok) {
      await this.store.endSession(session.id, 'stopped', this.now());
      return [privateReply(`I couldn't start the quiz: ${first.problem}`)];
    }
    const where = channel.channelId === ctx.channelId ? '' : ' in a new thread';
    return [privateReply(`Quiz started${where}: ${session.rounds} round${session.rounds === 1 ? '' : 's'}, ${session.seconds} seconds each. Answer with the buttons; the fastest right answers score extra.${note}`)];
  }

  async stopSession(ctx: CommandContext): Promise<Reply[]> {
    const channel = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
    const session = await this.store.activeSession(channel);
    if (!session) return [privateReply('No quiz is running in this channel.')];
    if (session.startedBy !== ctx.user.id && !(await ctx.isAdmin())) {
      return [privateReply('Only the person who started this quiz, or an admin, can stop it.')];
    }
    const open = (await this.store.sessionPosts(session.id)).find((p) => p.status === 'open');
    if (open) await this.closeAndReveal(open, { advance: false });
    await this.finishSession(session, true);
    return [privateReply('Quiz stopped. Final scores are posted.')];
  }

  private async postRound(session: Session, round: number): Promise<Delivery> {
    const questionId = session.questionIds[round - 1];
    if (!questionId) return { ok: false, problem: 'no question left for this round.' };
    await this.store.setSessionRound(session.id, round);
    const post: Post = {
      id: randomUUID(),
      kind: 'session',
      platform: session.platform,
      workspaceId: session.workspaceId,
      channelId: session.channelId,
      questionId,
      status: 'pending',
      sessionId: session.id,
      round,
      createdAt: this.now(),
      attempts: 0,
    };
    // One post per round, enforced by the store: a process resuming a stalled session and the one that
    // closed the last round may both get here, and only the first posts.
    if (!(await this.store.insertPost({ ...post, leaseUntil: this.now() + DELIVERY_LEASE_MS }))) return { ok: true };
    // Round 1 is answered to the person who started the quiz; later rounds have nobody waiting.
    return this.deliver(post, session.seconds * 1000, undefined, { tellOwner: round > 1 });
  }

  private async finishSession(session: Session, stopped: boolean): Promise<void> {
    if (!(await this.store.endSession(session.id, stopped ? 'stopped' : 'finished', this.now()))) return;
    const rows = this.scoreRows(await this.store.answersForSession(session.id));
    const messenger = this.messengers.get(session.platform);
    if (!messenger) return;
    try {
      await messenger.post(session, finalScoreboard(rows, session.currentRound, stopped), { dedupeKey: `end-${session.id}` });
      this.metrics.posted({ platform: session.platform, kind: 'scoreboard', outcome: 'ok' });
    } catch (err) {
      this.metrics.posted({ platform: session.platform, kind: 'scoreboard', outcome: 'failed' });
      this.log.warn({ err, session: session.id }, 'could not post the final scoreboard');
    }
  }

  private scoreRows(answers: RecordedAnswer[]): ScoreRow[] {
    const byUser = new Map<string, ScoreRow>();
    for (const a of answers) {
      const row = byUser.get(a.userId) ?? { name: a.userName, points: 0, correct: 0 };
      row.points += a.points;
      row.correct += a.correct ? 1 : 0;
      byUser.set(a.userId, row);
    }
    return [...byUser.values()].sort((a, b) => b.points - a.points || b.correct - a.correct || a.name.localeCompare(b.name));
  }

  // ---- answering ----------------------------------------------------------------------------

  async answer(postId: string, optionIndex: number, ctx: CommandContext): Promise<Reply[]> {
    const post = await this.store.getPost(postId);
    const q = post && this.bank.get(post.questionId);
    if (!post || !q) return [privateReply('That question is no longer available. Try /quiz practice for a new one.')];
    if (post.kind === 'practice' && post.userId !== ctx.user.id) {
      return [privateReply('That practice question belongs to someone else. Get your own with /quiz practice.')];
    }
    if (!Number.isInteger(optionIndex) || optionIndex < 0 || optionIndex >= q.options.length) return [privateReply('That is not one of the options.')];
    const now = this.now();
    const previous = (await this.store.answersForPost(postId)).find((a) => a.userId === ctx.user.id);
    if (!previous && (post.status === 'closed' || (post.closesAt !== undefined && post.closesAt <= now))) {
      const stats = revealStats(await this.store.answersForPost(postId));
      return [reveal(q, 'This question is closed', stats, [], 'private')];
    }
    if (post.status === 'pending' || post.status === 'failed') return [privateReply('That question is not open yet.')];
    const correct = optionIndex === q.correct;
    const result = await this.store.recordAnswer({
      postId,
      platform: post.platform,
      workspaceId: post.workspaceId,
      userId: ctx.user.id,
      userName: ctx.user.name,
      questionId: q.id,
      kind: post.kind,
      optionIndex,
      correct,
      points: correct ? this.pointsFor(post, now) : 0,
      answeredAt: now,
    });
    if (result.closed) {
      // It closed between our check and the write (a tick revealed it meanwhile).
      return [reveal(q, 'This question is closed', revealStats(await this.store.answersForPost(postId)), [], 'private')];
    }
    const { recorded, answer } = result;
    const lines: string[] = [];
    const buttons: Button[] = [];
    if (recorded && post.kind === 'practice') {
      lines.push(await this.reviewPractice(ctx, q, correct, now));
      buttons.push({ action: ACTION_PRACTICE, value: 'next', label: 'Next practice question', style: 'primary' });
    }
    if (recorded && post.kind === 'daily') {
      const streak = await this.store.streak(post, ctx.user.id);
      if (streak.current > 1) lines.push(`Daily streak in this channel: ${streak.current} in a row (best ${streak.best}).`);
    }
    if (!recorded || post.kind !== 'practice') lines.push('Only you can see this. The result is revealed to everyone when the question closes.');
    const replies = [answerResult(q, answer, { repeated: !recorded, lines, buttons })];
    if (recorded && post.kind !== 'practice') await this.afterPublicAnswer(post, q);
    return replies;
  }

  private pointsFor(post: Post, now: number): number {
    if (post.kind === 'practice') return 0;
    if (post.kind !== 'session' || !post.openedAt || !post.closesAt) return POINTS_CORRECT;
    const left = Math.max(0, Math.min(1, (post.closesAt - now) / (post.closesAt - post.openedAt)));
    return POINTS_CORRECT + Math.round(POINTS_SPEED_MAX * left);
  }

  /** Live answer count on the public post; a session round closes early once everyone in it answered. */
  private async afterPublicAnswer(post: Post, q: QuizQuestion): Promise<void> {
    const answers = await this.store.answersForPost(post.id);
    if (post.kind === 'session' && post.sessionId && (post.round ?? 1) > 1) {
      const everyone = new Set((await this.store.answersForSession(post.sessionId)).map((a) => a.userId));
      const answered = new Set(answers.map((a) => a.userId));
      if ([...everyone].every((u) => answered.has(u))) {
        await this.closeAndReveal(post, { advance: true });
        return;
      }
    }
    const generation = (this.countGeneration.get(post.id) ?? 0) + 1;
    this.countGeneration.set(post.id, generation);
    await this.updateMessage(post, async () => {
      // A newer count edit is queued behind this one: let it carry the latest number instead.
      if (this.countGeneration.get(post.id) !== generation) return undefined;
      // Count at send time, and never over a reveal: the post may have closed while we waited.
      const fresh = await this.store.getPost(post.id);
      if (fresh?.status !== 'open') return undefined;
      const count = (await this.store.answersForPost(post.id)).length;
      return questionPost(q, { postId: post.id, title: this.titleFor(post), answerCount: count, ...this.closingInfo(post) });
    });
  }

  // ---- closing and revealing ----------------------------------------------------------------

  private async closeAndReveal(post: Post, opts: { advance: boolean }): Promise<void> {
    if (!(await this.store.closePost(post.id, this.now()))) return; // someone else closed it
    const q = this.bank.get(post.questionId);
    const answers = await this.store.answersForPost(post.id);
    const extra: Block[] = [];
    const session = post.sessionId ? await this.store.getSession(post.sessionId) : undefined;
    if (session) extra.push(...scoreboardBlocks(`Scores after round ${post.round} of ${session.rounds}`, this.scoreRows(await this.store.answersForSession(session.id))));
    if (q) await this.updateMessage(post, async () => reveal(q, this.titleFor(post), revealStats(answers), extra));
    if (session && opts.advance && session.status === 'active') {
      const fresh = await this.store.getSession(session.id);
      if (fresh?.status !== 'active') return;
      if ((post.round ?? 0) < fresh.rounds) await this.postRound(fresh, (post.round ?? 0) + 1);
      else await this.finishSession(fresh, false);
    }
  }

  private titleFor(post: Post): string {
    if (post.kind === 'daily') return 'Daily question';
    if (post.kind === 'session') return `Quiz round ${post.round}`;
    return 'Practice question';
  }

  private closingInfo(post: Post): { closing?: string } {
    if (!post.closesAt) return {};
    const seconds = Math.round((post.closesAt - (post.openedAt ?? post.closesAt)) / 1000);
    if (post.kind === 'session') return { closing: `${seconds} seconds to answer` };
    return { closing: `closes ${new Date(post.closesAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` };
  }

  /**
   * Edits a posted message. Edits of one message run one after another, and each builds its content
   * when its turn comes, so a live count computed earlier can never land on top of the reveal.
   */
  private updateMessage(post: Post, build: () => Promise<Reply | undefined>): Promise<void> {
    const messenger = this.messengers.get(post.platform);
    if (!messenger || !post.messageId) return Promise.resolve();
    const previous = this.edits.get(post.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const reply = await build();
      if (!reply) return;
      try {
        await messenger.update({ channel: post, messageId: post.messageId! }, reply);
      } catch (err) {
        this.log.warn({ err, post: post.id }, 'could not update a question message');
      }
    });
    this.edits.set(post.id, next);
    void next.finally(() => {
      if (this.edits.get(post.id) === next) {
        this.edits.delete(post.id);
        this.countGeneration.delete(post.id);
      }
    });
    return next;
  }

  // ---- delivery (exactly once) --------------------------------------------------------------

  /**
   * Posts a pending post the caller holds the lease for. The post id is the dedupe key, so a retry
   * after an unclear failure cannot produce a second message where the platform supports it.
   */
  private async deliver(
    post: Post,
    openForMs: number | undefined,
    closesAt?: number,
    opts: { tellOwner: boolean; retry?: boolean } = { tellOwner: true },
  ): Promise<Delivery> {
    const messenger = this.messengers.get(post.platform);
    const q = this.bank.get(post.questionId);
    if (!messenger || !q) {
      const problem = messenger ? 'the question is no longer in the bank.' : `there is no ${post.platform} connection.`;
      await this.store.markDeliveryFailed(post.id, problem, !q);
      return { ok: false, problem };
    }
    const now = this.now();
    const closes = closesAt ?? (openForMs !== undefined ? now + openForMs : undefined);
    const draft: Post = { ...post, openedAt: now, ...(closes !== undefined ? { closesAt: closes } : {}) };
    try {
      const sent = await messenger.post(post, questionPost(q, { postId: post.id, title: this.titleFor(post), answerCount: 0, ...this.closingInfo(draft) }), {
        dedupeKey: post.id,
        // A retry of a pending post: the earlier attempt may have been accepted just before a crash.
        ...(opts.retry ? { mayExistSince: post.createdAt } : {}),
      });
      await this.store.markOpen(post.id, sent.messageId, now, closes);
      this.metrics.posted({ platform: post.platform, kind: post.kind, outcome: 'ok' });
      this.log.debug({ post: post.id, kind: post.kind, channel: post.channelId, workspace: post.workspaceId }, 'question posted');
      return { ok: true };
    } catch (err) {
      this.metrics.posted({ platform: post.platform, kind: post.kind, outcome: 'failed' });
      const permanent = err instanceof DeliveryError && err.failure === 'no_access';
      // Retry with exponential backoff: 15 s, 30 s, 1 min, … up to 10 min between attempts.
      const attempts = (await this.store.getPost(post.id))?.attempts ?? 1;
      const retryAt = this.now() + Math.min(10 * MINUTE, 15_000 * 2 ** Math.max(0, attempts - 1));
      await this.store.markDeliveryFailed(post.id, (err as Error).message, permanent, permanent ? undefined : retryAt);
      this.log.warn({ err, post: post.id, permanent }, 'could not post a question');
      if (permanent && opts.tellOwner) await this.tellOwner(post, (err as Error).message);
      return { ok: false, problem: permanent ? (err as Error).message : 'the chat service is not answering; I will keep trying.' };
    }
  }

  private async tellOwner(post: Post, problem: string): Promise<void> {
    let owner: string | undefined;
    if (post.kind === 'daily') owner = (await this.store.getSchedule(post))?.createdBy;
    if (post.sessionId) {
      const session = await this.store.getSession(post.sessionId);
      owner = session?.startedBy;
      if (session) await this.store.endSession(session.id, 'stopped', this.now());
    }
    const messenger = this.messengers.get(post.platform);
    if (!owner || !messenger) return;
    try {
      await messenger.notifyUser(
        post.workspaceId,
        owner,
        privateReply(`I couldn't post the ${post.kind === 'daily' ? 'daily question' : 'quiz question'} in channel ${post.channelId}: ${problem} Invite me to the channel (or fix my permissions there), and it will work next time.`),
      );
    } catch (err) {
      this.log.warn({ err, post: post.id }, 'could not tell the owner about a failed post');
    }
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
    const now = this.now();
    const owns = this.owns;
    for (const post of (await this.store.openPostsDue(now)).filter(owns)) {
      await this.guarded(() => this.closeAndReveal(post, { advance: true }), { post: post.id });
    }
    for (const session of (await this.store.stalledSessions(now - STALLED_SESSION_MS)).filter(owns)) {
      await this.guarded(() => this.resumeSession(session), { session: session.id });
    }
    // Channels are independent, so posts go out several at a time: each post is a network round trip,
    // and one after the other the last of 1,000 channels would wait for every other one. Exactly-once
    // does not depend on order (claims and leases are per post); rate limits are the adapters' job.
    const concurrency = this.deliveryConcurrency;
    await pMap(
      (await this.store.pendingPosts()).filter(owns),
      async (post) => {
        if (await this.store.takeDeliveryLease(post.id, now, now + DELIVERY_LEASE_MS)) await this.guarded(() => this.redeliver(post), { post: post.id });
      },
      { concurrency },
    );
    // Each process starts at its own place in the channel list, so that processes sharing a store split
    // a fan-out between them instead of all racing for the same channel at the same moment.
    const schedules = (await this.store.listSchedules()).filter(owns);
    const from = Math.floor(this.startAt * schedules.length);
    await pMap([...schedules.slice(from), ...schedules.slice(0, from)], (schedule) => this.guarded(() => this.runSchedule(schedule, now), { channel: schedule.channelId }), { concurrency });
  }

  /** Carries on a session whose process died between closing a round and posting the next one. */
  private async resumeSession(session: Session): Promise<void> {
    const last = Math.max(0, ...(await this.store.sessionPosts(session.id)).map((p) => p.round ?? 0));
    this.log.info({ session: session.id, round: last }, 'resuming a quiz that stopped between rounds');
    if (last < session.rounds) await this.postRound(session, last + 1);
    else await this.finishSession(session, false);
  }

  private async guarded(fn: () => Promise<void>, where: object): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.metrics.error({ where: 'quiz_tick' });
      this.log.error({ err, ...where }, 'quiz tick step failed');
    }
  }

  private async redeliver(post: Post): Promise<void> {
    if (post.kind === 'session') {
      const session = post.sessionId ? await this.store.getSession(post.sessionId) : undefined;
      if (!session || session.status !== 'active') return this.store.markDeliveryFailed(post.id, 'session ended', true);
      await this.deliver(post, session.seconds * 1000, undefined, { tellOwner: true, retry: true });
    }
    if (post.kind === 'daily') {
      const schedule = await this.store.getSchedule(post);
      const closes = schedule ? this.dailyCloseTime(schedule, this.clock.now()) : this.now() + 24 * 60 * MINUTE;
      await this.deliver(post, undefined, closes, { tellOwner: true, retry: true });
    }
  }

  private async runSchedule(s: Schedule, now: number): Promise<void> {
    const due = lastOccurrence(s, new Date(now));
    if (!due || now - due.getTime() >= this.graceMs) return;
    const date = localDate(due, s.timezone);
    if (await this.store.getDailyPost(s, date)) return;
    if (due.getTime() < s.createdAt - MINUTE) return; // scheduled after that moment: start from the next one
    const pool = this.bank.select({ ...(s.topic ? { topic: s.topic } : {}), ...(s.difficulty ? { difficulty: s.difficulty as QuestionFilter['difficulty'] } : {}) });
    const history = await this.store.dailyQuestionHistory(s);
    const [question] = this.pick(pool, 1, history);
    if (!question) return;
    const post: Post = {
      id: randomUUID(),
      kind: 'daily',
      platform: s.platform,
      workspaceId: s.workspaceId,
      channelId: s.channelId,
      questionId: question.id,
      status: 'pending',
      localDate: date,
      createdAt: now,
      attempts: 1,
    };
    // The unique (channel, local date) index makes this the one claim that wins, across processes.
    if (!(await this.store.insertPost({ ...post, leaseUntil: now + DELIVERY_LEASE_MS }))) return;
    await this.deliver(post, undefined, this.dailyCloseTime(s, new Date(now)));
  }

  private dailyCloseTime(s: Schedule, openedAt: Date): number {
    if (s.windowMinutes) return openedAt.getTime() + s.windowMinutes * MINUTE;
    const next = nextOccurrence(s, openedAt);
    const close = next ? next.getTime() - this.closeBeforeNextMs : openedAt.getTime() + 24 * 60 * MINUTE;
    return Math.max(close, openedAt.getTime() + 10 * MINUTE);
  }

  /**
   * Picks `count` questions, never one of `history` until the pool is used up (then the least recently
   * used come back first), hand-written questions before generated ones.
   */
  private pick(pool: QuizQuestion[], count: number, history: string[]): QuizQuestion[] {
    const used = new Set(history);
    const fresh = this.shuffle(pool.filter((q) => !used.has(q.id)));
    fresh.sort((a, b) => Number(a.generated) - Number(b.generated));
    const picked = fresh.slice(0, count);
    if (picked.length < count) {
      // Exhausted: reuse, oldest first.
      const oldestFirst = [...history].reverse().map((id) => pool.find((q) => q.id === id)).filter((q): q is QuizQuestion => q !== undefined);
      for (const q of oldestFirst) if (picked.length < count && !picked.includes(q)) picked.push(q);
    }
    return picked;
  }

  private shuffle<T>(items: T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }

  // ---- schedules ----------------------------------------------------------------------------

  async setSchedule(ctx: CommandContext, spec: ScheduleSpec): Promise<Reply[]> {
    this.bank.select({ ...(spec.topic ? { topic: spec.topic } : {}), ...(spec.difficulty ? { difficulty: spec.difficulty } : {}) });
    const missing = (await ctx.missingPostingPermissions?.({})) ?? [];
    if (missing.length) return [privateReply(`I can't post daily questions in this channel: I'm missing ${missing.join(', ')}. Once that is fixed, try again.`)];
    const schedule: Schedule = { ...this.channelOf(ctx), ...spec, createdBy: ctx.user.id, createdAt: this.now() };
    await this.store.saveSchedule(schedule);
    const next = nextOccurrence(schedule, this.clock.now());
    const reply = scheduleReply(schedule, next);
    reply.blocks.unshift({ type: 'section', text: 'Saved. The first daily question goes out at the next scheduled time.' });
    return [reply];
  }

  async showSchedule(ctx: CommandContext): Promise<Reply[]> {
    const s = await this.store.getSchedule(this.channelOf(ctx));
    return [scheduleReply(s, s ? nextOccurrence(s, this.clock.now()) : undefined)];
  }

  async clearSchedule(ctx: CommandContext): Promise<Reply[]> {
    const removed = await this.store.deleteSchedule(this.channelOf(ctx));
    return [privateReply(removed ? 'Daily questions are off in this channel.' : 'No daily question was scheduled in this channel.')];
  }

  private channelOf(ctx: CommandContext): ChannelKey {
    return { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
  }

  // ---- practice (spaced repetition) ---------------------------------------------------------

  async practice(ctx: CommandContext, filter: QuestionFilter): Promise<Reply[]> {
    const pool = this.bank.select(filter);
    const q = await this.choosePractice(ctx, pool);
    const post: Post = {
      id: randomUUID(),
      kind: 'practice',
      ...this.channelOf(ctx),
      questionId: q.id,
      status: 'open',
      userId: ctx.user.id,
      createdAt: this.now(),
      openedAt: this.now(),
      attempts: 0,
    };
    await this.store.insertPost(post);
    return [questionPost(q, { postId: post.id, title: 'Practice question', closing: 'only you see this, picked for you by spaced repetition' }, 'private')];
  }

  /** Due reviews first (weakest topics first), then unseen questions from weak topics, then the soonest due. */
  private async choosePractice(ctx: CommandContext, pool: QuizQuestion[]): Promise<QuizQuestion> {
    const now = this.now();
    const cards = new Map((await this.store.practiceCards(ctx.platform as Platform, ctx.user.id)).map((c) => [c.questionId, c]));
    const mastery = this.mastery(await this.store.answersByUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id));
    const weakness = (q: QuizQuestion) => Math.min(...q.topics.map((t) => mastery.get(t)?.score ?? 0.5));
    const due = pool.filter((q) => (cards.get(q.id)?.due ?? Infinity) <= now);
    if (due.length) return due.sort((a, b) => weakness(a) - weakness(b) || cards.get(a.id)!.due - cards.get(b.id)!.due)[0]!;
    const unseen = this.shuffle(pool.filter((q) => !cards.has(q.id)));
    if (unseen.length) return unseen.sort((a, b) => weakness(a) - weakness(b) || Number(a.generated) - Number(b.generated))[0]!;
    return [...pool].sort((a, b) => cards.get(a.id)!.due - cards.get(b.id)!.due)[0]!;
  }

  private async reviewPractice(ctx: CommandContext, q: QuizQuestion, correct: boolean, now: number): Promise<string> {
    const existing = (await this.store.practiceCards(ctx.platform as Platform, ctx.user.id)).find((c) => c.questionId === q.id);
    const card: Card = existing ? reviveCard(existing.state) : createEmptyCard(new Date(now));
    const next = this.scheduler.next(card, new Date(now), correct ? Rating.Good : Rating.Again).card;
    await this.store.savePracticeCard(ctx.platform as Platform, ctx.user.id, { questionId: q.id, state: JSON.stringify(next), due: next.due.getTime() });
    return `Next review of this question: ${describeDelay(next.due.getTime() - now)}.`;
  }

  /** "Quiz me on this" from a /who answer: a practice question about that topic or service. */
  async practiceOn(ctx: CommandContext, value: string): Promise<Reply[]> {
    if (value === 'next' || !value) return this.practice(ctx, {});
    // value: "topic:<pack>/<topic id>" or "service:<pack>/<service id>"; both filter by id.
    const id = value.split('/')[1] ?? '';
    return this.practice(ctx, { topic: id });
  }

  // ---- scores and stats ---------------------------------------------------------------------

  async leaderboard(ctx: CommandContext, period: 'week' | 'month' | 'all'): Promise<Reply[]> {
    const days = period === 'week' ? 7 : period === 'month' ? 30 : undefined;
    const since = days ? this.now() - days * 24 * 60 * MINUTE : 0;
    const rows = await this.store.leaderboard(ctx.platform as Platform, ctx.workspaceId, since);
    const label = period === 'week' ? 'last 7 days' : period === 'month' ? 'last 30 days' : 'all time';
    return [leaderboardReply(label, rows, ctx.user.id)];
  }

  async stats(ctx: CommandContext): Promise<Reply[]> {
    const answers = await this.store.answersByUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
    const streaks = await this.store.userStreaks(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
    if (answers.length === 0) {
      return [privateReply('You have not answered any questions yet. Try /quiz practice, or join the next /quiz start.')];
    }
    const correct = answers.filter((a) => a.correct).length;
    const mastery = [...this.mastery(answers).entries()].filter(([, m]) => m.answered > 0);
    const titled = (id: string) => this.topicTitle(id);
    const weakest = [...mastery].sort((a, b) => a[1].score - b[1].score).slice(0, 3);
    const strongest = [...mastery].filter(([, m]) => m.correct > 0).sort((a, b) => b[1].score - a[1].score).slice(0, 3);
    const services = this.serviceMastery(answers);
    const fields = [
      { label: 'Answered', value: `${answers.length} (${Math.round((correct / answers.length) * 100)}% correct)` },
      { label: 'Daily streak', value: `current ${Math.max(0, ...streaks.map((s) => s.current))}, best ${Math.max(0, ...streaks.map((s) => s.best))}` },
      { label: 'Weakest topics', value: weakest.map(([t, m]) => `${titled(t)} (${m.correct}/${m.answered})`).join('\n') || 'none yet' },
      { label: 'Strongest topics', value: strongest.map(([t, m]) => `${titled(t)} (${m.correct}/${m.answered})`).join('\n') || 'none yet' },
    ];
    if (services.length) fields.push({ label: 'By service', value: services.map((s) => `${s.service.toUpperCase()} ${s.correct}/${s.answered}`).join(' · ') });
    return [
      {
        visibility: 'private',
        text: `You answered ${answers.length} questions, ${correct} correctly.`,
        blocks: [{ type: 'header', text: `Your quiz stats, ${ctx.user.name}` }, { type: 'fields', fields }, { type: 'context', text: '/quiz practice picks questions from your weakest topics.' }],
      },
    ];
  }

  private topicTitle(topicId: string): string {
    for (const p of this.bank.packs) {
      const t = p.topics.find((x) => x.id === topicId);
      if (t) return t.title;
    }
    return topicId;
  }

  /** Per topic: answered, correct, and a smoothed score that treats few answers cautiously. */
  private mastery(answers: RecordedAnswer[]): Map<string, { answered: number; correct: number; score: number }> {
    const m = new Map<string, { answered: number; correct: number; score: number }>();
    for (const a of answers) {
      const q = this.bank.get(a.questionId);
      for (const t of q?.topics ?? []) {
        const row = m.get(t) ?? { answered: 0, correct: 0, score: 0 };
        row.answered++;
        if (a.correct) row.correct++;
        row.score = (row.correct + 1) / (row.answered + 2);
        m.set(t, row);
      }
    }
    return m;
  }

  private serviceMastery(answers: RecordedAnswer[]): { service: string; answered: number; correct: number }[] {
    const m = new Map<string, { service: string; answered: number; correct: number }>();
    for (const a of answers) {
      for (const s of this.bank.get(a.questionId)?.services ?? []) {
        const row = m.get(s) ?? { service: s, answered: 0, correct: 0 };
        row.answered++;
        if (a.correct) row.correct++;
        m.set(s, row);
      }
    }
    return [...m.values()].sort((a, b) => b.answered - a.answered).slice(0, 6);
  }

  // ---- reports ------------------------------------------------------------------------------

  async report(ctx: CommandContext, questionId: string, note: string): Promise<Reply[]> {
    const q = this.bank.get(questionId);
    if (!q) throw new UsageError(`There is no question "${questionId}". Use the "Report this question" button on the question itself.`);
    const id = await this.store.addReport({
      platform: ctx.platform as Platform,
      workspaceId: ctx.workspaceId,
      questionId,
      userId: ctx.user.id,
      userName: ctx.user.name,
      note: safeSlice(note, 1000),
      createdAt: this.now(),
    });
    const follow = note ? '' : ` To add what is wrong, use /quiz report ${questionId} <your note>.`;
    return [privateReply(`Thanks, report #${id} is saved for the admins.${follow}`)];
  }

  async reports(ctx: CommandContext): Promise<Reply[]> {
    return [reportsReply(await this.store.openReports(ctx.platform as Platform, ctx.workspaceId))];
  }
}

function reviveCard(json: string): Card {
  const raw = JSON.parse(json) as Card & { due: string; last_review?: string };
  return { ...raw, due: new Date(raw.due), ...(raw.last_review ? { last_review: new Date(raw.last_review) } : {}) } as Card;
}

function describeDelay(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `in ${Math.max(1, minutes)} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `in ${days} days`;
}
