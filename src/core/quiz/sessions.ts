// Study-group sessions: rounds posted in a channel one after another, each open for a set time (or
// until everyone playing has answered), round scores after each reveal, a final scoreboard.
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../commands/command.ts';
import type { ChannelAddress, Platform } from '../ports/messenger.ts';
import { privateReply, type Block, type Reply } from '../reply/reply.ts';
import type { QuestionFilter } from './bank.ts';
import { channelOf, type QuizContext } from './context.ts';
import { threadsByDefault } from './settings.ts';
import { enabledOnly, isDisabled } from './disabled.ts';
import { pickFresh } from './picking.ts';
import { finalScoreboard, IDLE_ROUNDS, scoreboardBlocks, type QuizEnding, type ScoreRow } from './present.ts';
import type { Delivery, Publisher } from './publisher.ts';
import type { Post, RecordedAnswer, Session } from './store.ts';

export interface SessionOptions {
  rounds: number;
  seconds: number;
  filter: QuestionFilter;
  /** Run it in a thread; undefined = the channel's default (/quiz threads on|off). */
  thread?: boolean;
}

export type CloseFn = (post: Post, opts: { advance: boolean }) => Promise<void>;

export class Sessions {
  constructor(
    private readonly quiz: QuizContext,
    private readonly publisher: Publisher,
    private readonly close: CloseFn,
    private readonly leaseMs: number,
  ) {}

  async start(ctx: CommandContext, opts: SessionOptions): Promise<Reply[]> {
    const { store, bank } = this.quiz;
    const pool = await enabledOnly(this.quiz, ctx.platform as Platform, ctx.workspaceId, bank.select(opts.filter));
    const thread = opts.thread ?? (await threadsByDefault(this.quiz, channelOf(ctx)));
    const missing = (await ctx.missingPostingPermissions?.({ thread })) ?? [];
    if (missing.length) {
      return [privateReply(`I can't run a quiz in this channel: I'm missing ${missing.join(', ')}. Once that is fixed, try again.`)];
    }
    let channel: ChannelAddress = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
    const existing = await store.activeSession(channel);
    if (existing) return [privateReply(`A quiz is already running here (round ${existing.currentRound} of ${existing.rounds}). Join in, or stop it with /quiz stop.`)];
    let note = '';
    let inThread = false;
    if (thread) {
      const messenger = this.quiz.messengers.get(channel.platform);
      if (messenger?.openThread) channel = await messenger.openThread(channel, `Quiz started by ${ctx.user.name}`);
      else if (messenger?.threadReplies) inThread = true;
      else note = " Threads aren't available here, so it runs in the channel.";
    }
    // Never a question this channel was asked (in a session or as a daily question) until the
    // filtered pool is used up; then the longest-ago come back first.
    const home = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
    const questions = pickFresh(this.quiz, pool, opts.rounds, await store.askedHistory(home));
    const session: Session = {
      id: randomUUID(),
      ...channel,
      startedBy: ctx.user.id,
      status: 'active',
      rounds: questions.length,
      seconds: opts.seconds,
      questionIds: questions.map((q) => q.id),
      currentRound: 0,
      createdAt: this.quiz.now(),
      ...(inThread ? { inThread: true as const } : {}),
      ...(channel.channelId !== ctx.channelId ? { homeChannelId: ctx.channelId } : {}),
    };
    if (!(await store.createSession(session))) return [privateReply('A quiz is already running here. Stop it with /quiz stop first.')];
    const first = await this.postRound(session, 1);
    if (!first.ok) {
      await store.endSession(session.id, 'stopped', this.quiz.now());
      return [privateReply(`I couldn't start the quiz: ${first.problem}`)];
    }
    const where = channel.channelId !== ctx.channelId ? ' in a new thread' : inThread ? ' (round 1 here, the rest in its thread)' : '';
    return [privateReply(`Quiz started${where}: ${session.rounds} round${session.rounds === 1 ? '' : 's'}, ${session.seconds} seconds each. Answer with the buttons; the fastest right answers score extra.${note}`)];
  }

  async stop(ctx: CommandContext): Promise<Reply[]> {
    const { store } = this.quiz;
    const channel = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
    const session = await store.activeSession(channel);
    if (!session) return [privateReply('No quiz is running in this channel.')];
    if (session.startedBy !== ctx.user.id && !(await ctx.isAdmin())) {
      return [privateReply('Only the person who started this quiz, or an admin, can stop it.')];
    }
    const open = (await store.sessionPosts(session.id)).find((p) => p.status === 'open');
    if (open) await this.close(open, { advance: false });
    await this.finish(session, 'stopped');
    return [privateReply('Quiz stopped. Final scores are posted.')];
  }

  /** Round 2 on closes as soon as everyone who has played in this session has answered it. */
  async everyoneAnswered(post: Post, answers: readonly RecordedAnswer[]): Promise<boolean> {
    if (post.kind !== 'session' || !post.sessionId || (post.round ?? 1) <= 1) return false;
    const everyone = new Set((await this.quiz.store.answersForSession(post.sessionId)).map((a) => a.userId));
    const answered = new Set(answers.map((a) => a.userId));
    return [...everyone].every((u) => answered.has(u));
  }

  /** The scores shown under a revealed round. */
  async scoreboardAfter(post: Post, session: Session): Promise<Block[]> {
    return scoreboardBlocks(`Scores after round ${post.round} of ${session.rounds}`, scoreRows(await this.quiz.store.answersForSession(session.id)));
  }

  /** After a round closed: the next round, or the final scoreboard. */
  async advance(session: Session, closed: Post): Promise<void> {
    if (session.status !== 'active') return;
    const fresh = await this.quiz.store.getSession(session.id);
    if (fresh?.status !== 'active') return;
    if ((closed.round ?? 0) >= fresh.rounds) return this.finish(fresh, 'finished');
    // Nobody is playing: stop instead of posting rounds into an empty channel.
    if (await this.nobodyAnswered(fresh, closed)) return this.finish(fresh, 'idle');
    await this.postRound(fresh, (closed.round ?? 0) + 1);
  }

  /** True when the last IDLE_ROUNDS rounds up to `closed` all closed without an answer. */
  private async nobodyAnswered(session: Session, closed: Post): Promise<boolean> {
    const posted = (await this.quiz.store.sessionPosts(session.id)).filter((p) => (p.round ?? 0) <= (closed.round ?? 0));
    const last = posted.slice(-IDLE_ROUNDS);
    if (last.length < IDLE_ROUNDS) return false;
    for (const p of last) if ((await this.quiz.store.answersForPost(p.id)).length > 0) return false;
    return true;
  }

  /** Carries on a session whose process died between closing a round and posting the next one. */
  async resume(session: Session): Promise<void> {
    const last = Math.max(0, ...(await this.quiz.store.sessionPosts(session.id)).map((p) => p.round ?? 0));
    this.quiz.log.info({ session: session.id, round: last }, 'resuming a quiz that stopped between rounds');
    if (last < session.rounds) await this.postRound(session, last + 1);
    else await this.finish(session, 'finished');
  }

  async redeliver(post: Post): Promise<void> {
    const session = post.sessionId ? await this.quiz.store.getSession(post.sessionId) : undefined;
    if (!session || session.status !== 'active') return this.quiz.store.markDeliveryFailed(post.id, 'session ended', true);
    await this.publisher.deliver(post, session.seconds * 1000, undefined, { tellOwner: true, retry: true, ...(await this.threadOf(session, post.round ?? 1)) });
  }

  /** Where a session's later posts go: the thread of round 1's message, for a session run in a thread. */
  private async threadOf(session: Session, round: number): Promise<{ threadOf?: string }> {
    if (!session.inThread || round <= 1) return {};
    const first = (await this.quiz.store.sessionPosts(session.id)).find((p) => p.round === 1)?.messageId;
    return first ? { threadOf: first } : {};
  }

  private async postRound(session: Session, round: number): Promise<Delivery> {
    const questionId = session.questionIds[round - 1];
    if (!questionId) return { ok: false, problem: 'no question left for this round.' };
    // Disabled by an admin, or retired by a chat edit of its topic, since the quiz started: skip it
    // (the last round's skip ends the quiz).
    const gone = !this.quiz.bank.get(questionId) || (await isDisabled(this.quiz, session.platform, session.workspaceId, questionId));
    if (round > 1 && gone) {
      if (round < session.rounds) return this.postRound(session, round + 1);
      await this.finish(session, 'finished');
      return { ok: true };
    }
    await this.quiz.store.setSessionRound(session.id, round);
    const now = this.quiz.now();
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
      createdAt: now,
      attempts: 0,
    };
    // One post per round, enforced by the store: a process resuming a stalled session and the one that
    // closed the last round may both get here, and only the first posts.
    if (!(await this.quiz.store.insertPost({ ...post, leaseUntil: now + this.leaseMs }))) return { ok: true };
    // Round 1 is answered to the person who started the quiz; later rounds have nobody waiting.
    return this.publisher.deliver(post, session.seconds * 1000, undefined, { tellOwner: round > 1, ...(await this.threadOf(session, round)) });
  }

  private async finish(session: Session, ending: QuizEnding): Promise<void> {
    const { store, log } = this.quiz;
    if (!(await store.endSession(session.id, ending === 'finished' ? 'finished' : 'stopped', this.quiz.now()))) return;
    const rows = scoreRows(await store.answersForSession(session.id));
    const messenger = this.quiz.messengers.get(session.platform);
    if (!messenger) return;
    try {
      const thread = await this.threadOf(session, Number.MAX_SAFE_INTEGER);
      await messenger.post(session, finalScoreboard(rows, session.currentRound, ending), { dedupeKey: `end-${session.id}`, ...thread });
      this.quiz.metrics.posted({ platform: session.platform, kind: 'scoreboard', outcome: 'ok' });
    } catch (err) {
      this.quiz.metrics.posted({ platform: session.platform, kind: 'scoreboard', outcome: 'failed' });
      log.warn({ err, session: session.id }, 'could not post the final scoreboard');
    }
  }
}

function scoreRows(answers: readonly RecordedAnswer[]): ScoreRow[] {
  const byUser = new Map<string, ScoreRow>();
  for (const a of answers) {
    const row = byUser.get(a.userId) ?? { name: a.userName, points: 0, correct: 0 };
    row.points += a.points;
    row.correct += a.correct ? 1 : 0;
    byUser.set(a.userId, row);
  }
  return [...byUser.values()].sort((a, b) => b.points - a.points || b.correct - a.correct || a.name.localeCompare(b.name));
}
