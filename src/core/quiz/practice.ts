// Personal practice by spaced repetition (FSRS): private questions picked from due reviews and weak
// topics; each answer schedules that question's next review.
import { randomUUID } from 'node:crypto';
import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import type { CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import type { Reply } from '../reply/reply.ts';
import type { QuestionFilter, QuizQuestion } from './bank.ts';
import { channelOf, MINUTE, type QuizContext } from './context.ts';
import { questionPost } from './present.ts';
import { topicMastery } from './stats.ts';
import type { Post } from './store.ts';

export class Practice {
  private readonly scheduler = fsrs();

  constructor(private readonly quiz: QuizContext) {}

  async ask(ctx: CommandContext, filter: QuestionFilter): Promise<Reply[]> {
    const pool = this.quiz.bank.select(filter);
    const q = await this.choose(ctx, pool);
    const now = this.quiz.now();
    const post: Post = {
      id: randomUUID(),
      kind: 'practice',
      ...channelOf(ctx),
      questionId: q.id,
      status: 'open',
      userId: ctx.user.id,
      createdAt: now,
      openedAt: now,
      attempts: 0,
    };
    await this.quiz.store.insertPost(post);
    return [questionPost(q, { postId: post.id, title: 'Practice question', closing: 'only you see this, picked for you by spaced repetition' }, 'private')];
  }

  /** "Quiz me on this" from a /who answer: a practice question about that topic or service. */
  async askAbout(ctx: CommandContext, value: string): Promise<Reply[]> {
    if (value === 'next' || !value) return this.ask(ctx, {});
    // value: "topic:<pack>/<topic id>" or "service:<pack>/<service id>"; both filter by id.
    const id = value.split('/')[1] ?? '';
    return this.ask(ctx, { topic: id });
  }

  /** Schedules the next review of a question the user just answered; returns the line that says when. */
  async review(ctx: CommandContext, q: QuizQuestion, correct: boolean, now: number): Promise<string> {
    const { store } = this.quiz;
    const existing = (await store.practiceCards(ctx.platform as Platform, ctx.user.id)).find((c) => c.questionId === q.id);
    const card: Card = existing ? reviveCard(existing.state) : createEmptyCard(new Date(now));
    const next = this.scheduler.next(card, new Date(now), correct ? Rating.Good : Rating.Again).card;
    await store.savePracticeCard(ctx.platform as Platform, ctx.user.id, { questionId: q.id, state: JSON.stringify(next), due: next.due.getTime() });
    return `Next review of this question: ${describeDelay(next.due.getTime() - now)}.`;
  }

  /** Due reviews first (weakest topics first), then unseen questions from weak topics, then the soonest due. */
  private async choose(ctx: CommandContext, pool: QuizQuestion[]): Promise<QuizQuestion> {
    const { store } = this.quiz;
    const now = this.quiz.now();
    const cards = new Map((await store.practiceCards(ctx.platform as Platform, ctx.user.id)).map((c) => [c.questionId, c]));
    const mastery = topicMastery(this.quiz.bank, await store.answersByUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id));
    const weakness = (q: QuizQuestion) => Math.min(...q.topics.map((t) => mastery.get(t)?.score ?? 0.5));
    const due = pool.filter((q) => (cards.get(q.id)?.due ?? Infinity) <= now);
    if (due.length) return due.sort((a, b) => weakness(a) - weakness(b) || cards.get(a.id)!.due - cards.get(b.id)!.due)[0]!;
    const unseen = this.quiz.shuffle(pool.filter((q) => !cards.has(q.id)));
    if (unseen.length) return unseen.sort((a, b) => weakness(a) - weakness(b) || Number(a.generated) - Number(b.generated))[0]!;
    return [...pool].sort((a, b) => cards.get(a.id)!.due - cards.get(b.id)!.due)[0]!;
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
