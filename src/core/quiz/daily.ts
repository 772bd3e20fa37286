// Daily questions: the schedule commands, and posting each channel's question once at its local time.
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../commands/command.ts';
import { privateReply, type Reply } from '../reply/reply.ts';
import type { QuestionFilter } from './bank.ts';
import { channelOf, MINUTE, type QuizContext } from './context.ts';
import { pickFresh } from './picking.ts';
import { enabledOnly } from './disabled.ts';
import { scheduleReply } from './present.ts';
import type { Publisher } from './publisher.ts';
import { lastOccurrence, localDate, nextOccurrence, type ScheduleSpec } from './schedule.ts';
import type { Post, Schedule } from './store.ts';

export class DailyQuestions {
  constructor(
    private readonly quiz: QuizContext,
    private readonly publisher: Publisher,
    private readonly opts: { graceMs: number; closeBeforeNextMs: number; leaseMs: number },
  ) {}

  async setSchedule(ctx: CommandContext, spec: ScheduleSpec): Promise<Reply[]> {
    this.quiz.bank.select({ ...(spec.topic ? { topic: spec.topic } : {}), ...(spec.difficulty ? { difficulty: spec.difficulty } : {}) });
    const missing = (await ctx.missingPostingPermissions?.({})) ?? [];
    if (missing.length) return [privateReply(`I can't post daily questions in this channel: I'm missing ${missing.join(', ')}. Once that is fixed, try again.`)];
    const schedule: Schedule = { ...channelOf(ctx), ...spec, createdBy: ctx.user.id, createdAt: this.quiz.now() };
    await this.quiz.store.saveSchedule(schedule);
    const next = nextOccurrence(schedule, this.quiz.clock.now());
    const reply = scheduleReply(schedule, next);
    reply.blocks.unshift({ type: 'section', text: 'Saved. The first daily question goes out at the next scheduled time.' });
    return [reply];
  }

  async showSchedule(ctx: CommandContext): Promise<Reply[]> {
    const s = await this.quiz.store.getSchedule(channelOf(ctx));
    return [scheduleReply(s, s ? nextOccurrence(s, this.quiz.clock.now()) : undefined)];
  }

  async clearSchedule(ctx: CommandContext): Promise<Reply[]> {
    const removed = await this.quiz.store.deleteSchedule(channelOf(ctx));
    return [privateReply(removed ? 'Daily questions are off in this channel.' : 'No daily question was scheduled in this channel.')];
  }

  /** Posts this schedule's question if it is due, has not been posted, and is not too late to post. */
  async run(s: Schedule, now: number): Promise<void> {
    const { store, bank } = this.quiz;
    const due = lastOccurrence(s, new Date(now));
    if (!due || now - due.getTime() >= this.opts.graceMs) return;
    const date = localDate(due, s.timezone);
    if (await store.getDailyPost(s, date)) return;
    if (due.getTime() < s.createdAt - MINUTE) return; // scheduled after that moment: start from the next one
    const pool = await enabledOnly(this.quiz, s.platform, s.workspaceId, bank.select({ ...(s.topic ? { topic: s.topic } : {}), ...(s.difficulty ? { difficulty: s.difficulty as QuestionFilter['difficulty'] } : {}) }));
    const history = await store.askedHistory(s);
    const [question] = pickFresh(this.quiz, pool, 1, history);
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
    if (!(await store.insertPost({ ...post, leaseUntil: now + this.opts.leaseMs }))) return;
    await this.publisher.deliver(post, undefined, this.closeTime(s, new Date(now)));
  }

  /** Retries a daily post whose first delivery failed. */
  async redeliver(post: Post): Promise<void> {
    const schedule = await this.quiz.store.getSchedule(post);
    const closes = schedule ? this.closeTime(schedule, this.quiz.clock.now()) : this.quiz.now() + 24 * 60 * MINUTE;
    await this.publisher.deliver(post, undefined, closes, { tellOwner: true, retry: true });
  }

  private closeTime(s: Schedule, openedAt: Date): number {
    if (s.windowMinutes) return openedAt.getTime() + s.windowMinutes * MINUTE;
    const next = nextOccurrence(s, openedAt);
    const close = next ? next.getTime() - this.opts.closeBeforeNextMs : openedAt.getTime() + 24 * 60 * MINUTE;
    return Math.max(close, openedAt.getTime() + 10 * MINUTE);
  }
}
