// Personal practice by spaced repetition (FSRS): private questions picked from due reviews and weak
// topics, one at a time or in rounds (`/quiz practice 5`). Each answer schedules that question's next
// review, rated from correctness and answer time: Again (wrong), Hard (right but slow), Good, Easy (fast).
import { randomUUID } from 'node:crypto';
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import type { CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { inPlace, privateReply, type Button, type Reply } from '../reply/reply.ts';
import type { QuestionFilter, QuizQuestion } from './bank.ts';
import { enabledOnly } from './disabled.ts';
import { channelOf, MINUTE, type QuizContext } from './context.ts';
import { attemptsOf } from './attempts.ts';
import { topicMastery } from './mastery.ts';
import { ACTION_PRACTICE, questionPost } from './present.ts';
import type { Post, PracticeRound } from './store.ts';

/** The "Practice now" button's round when nothing says how long: the due reviews, between these. */
const NOW_ROUND = { min: 5, max: 10 };

export interface PracticeRequest {
  filter: QuestionFilter;
  /** Questions in the round; undefined asks one question (with a "Next" button to go on). */
  count?: number;
}

export class Practice {
  private readonly scheduler = fsrs();

  constructor(private readonly quiz: QuizContext) {}

  /** One practice question, or the first of a round. */
  async ask(ctx: CommandContext, request: PracticeRequest): Promise<Reply[]> {
    const pool = this.quiz.bank.select(request.filter);
    if (request.count === undefined) return [await this.post(ctx, await this.choose(ctx, pool, []), undefined, 1)];
    const now = this.quiz.now();
    const round: PracticeRound = { startedAt: now, size: request.count, ...(request.filter.topic ? { topic: request.filter.topic } : {}) };
    const due = (await this.dueIds(ctx)).filter((id) => pool.some((q) => q.id === id)).length;
    const what = due >= round.size ? `${round.size} due reviews` : due ? `${due} due review${due === 1 ? '' : 's'}, then questions from your weakest topics` : 'nothing is due, so questions from your weakest topics and ones you have not seen';
    const intro = privateReply(`Practice round of ${round.size}: ${what}.`);
    return [intro, await this.post(ctx, await this.choose(ctx, pool, []), round, 1)];
  }

  /** The buttons that lead on: "Quiz me on this" (topic:/service:), "Practice now", a round's next question. */
  async onButton(ctx: CommandContext, value: string): Promise<Reply[]> {
    if (value === 'now') {
      const due = (await this.dueIds(ctx)).length;
      return this.ask(ctx, { filter: {}, count: Math.min(NOW_ROUND.max, Math.max(NOW_ROUND.min, due)) });
    }
    // Next (of a round, or one more question) replaces the result it sits under: practice is one card.
    if (value.startsWith('round:')) return this.next(ctx, value.slice('round:'.length));
    if (value === 'next') return inPlace(await this.ask(ctx, { filter: {} }));
    if (!value) return this.ask(ctx, { filter: {} });
    // value: "topic:<pack>/<topic id>" or "service:<pack>/<service id>"; both filter by id.
    const id = value.split('/')[1] ?? '';
    return this.ask(ctx, { filter: { topic: id } });
  }

  /**
   * After a practice answer: schedules the question's next review and says how it was rated; offers
   * the next question, or ends the round with its score.
   */
  async afterAnswer(ctx: CommandContext, post: Post, q: QuizQuestion, correct: boolean, now: number): Promise<{ lines: string[]; buttons: Button[] }> {
    const tookMs = Math.max(0, now - (post.openedAt ?? post.createdAt));
    const grade = ratingFor(q, correct, tookMs);
    const lines = [await this.review(ctx, q, grade, now, tookMs)];
    const round = post.practiceRound;
    const position = post.round ?? 1;
    if (!round) return { lines, buttons: [{ action: ACTION_PRACTICE, value: 'next', label: 'Next practice question', style: 'primary' }] };
    if (position < round.size) return { lines, buttons: [{ action: ACTION_PRACTICE, value: `round:${post.id}`, label: `Next question (${position + 1} of ${round.size})`, style: 'primary' }] };
    const answers = await this.roundAnswers(ctx, round);
    const right = answers.filter((a) => a.correct).length;
    lines.push(`Round done: ${right} of ${answers.length} right. /quiz stats shows how each topic is going.`);
    return { lines, buttons: [{ action: ACTION_PRACTICE, value: 'now', label: 'Another round', style: 'primary' }] };
  }

  /** The next question of the round the post `previousId` belongs to, in place of the last result. */
  private async next(ctx: CommandContext, previousId: string): Promise<Reply[]> {
    const previous = await this.quiz.store.getPost(previousId);
    if (!previous || previous.kind !== 'practice' || !previous.practiceRound) return [privateReply('That practice round is no longer available. Start another with /quiz practice 5.')];
    if (previous.userId !== ctx.user.id) return [privateReply('That practice round belongs to someone else. Start your own with /quiz practice 5.')];
    const round = previous.practiceRound;
    const position = (previous.round ?? 1) + 1;
    if (position > round.size) return [privateReply('That practice round is over. Start another with /quiz practice 5.')];
    const asked = (await this.roundAnswers(ctx, round)).map((a) => a.questionId);
    // The round's topic was valid when it started; if the bank changed since, practise anything.
    let pool: QuizQuestion[];
    try {
      pool = this.quiz.bank.select(round.topic ? { topic: round.topic } : {});
    } catch {
      pool = this.quiz.bank.select({});
    }
    return inPlace([await this.post(ctx, await this.choose(ctx, pool, asked), round, position)]);
  }

  private async post(ctx: CommandContext, q: QuizQuestion, round: PracticeRound | undefined, position: number): Promise<Reply> {
    const now = this.quiz.now();
    const post: Post = {
      id: randomUUID(),
      kind: 'practice',
      ...channelOf(ctx),
      questionId: q.id,
      status: 'open',
      userId: ctx.user.id,
      ...(round ? { practiceRound: round, round: position } : {}),
      createdAt: now,
      openedAt: now,
      attempts: 0,
    };
    await this.quiz.store.insertPost(post);
    const title = round ? `Practice round: ${position} of ${round.size}` : 'Practice question';
    return questionPost(q, { postId: post.id, title, closing: 'only you see this, picked for you by spaced repetition' }, 'private');
  }

  /** The caller's answers to the posts of one round. */
  private async roundAnswers(ctx: CommandContext, round: PracticeRound) {
    const { store } = this.quiz;
    const since = (await store.answersByUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id)).filter((a) => a.kind === 'practice' && a.answeredAt >= round.startedAt);
    const posts = await Promise.all(since.map((a) => store.getPost(a.postId)));
    return since.filter((_, i) => posts[i]?.practiceRound?.startedAt === round.startedAt);
  }

  private async dueIds(ctx: CommandContext): Promise<string[]> {
    const now = this.quiz.now();
    return (await this.quiz.store.practiceCards(ctx.platform as Platform, ctx.user.id)).filter((c) => c.due <= now && this.quiz.bank.get(c.questionId)).map((c) => c.questionId);
  }

  /** Schedules the next review of a question the user just answered; returns the line that says when. */
  private async review(ctx: CommandContext, q: QuizQuestion, grade: Grade, now: number, tookMs: number): Promise<string> {
    const { store } = this.quiz;
    const existing = (await store.practiceCards(ctx.platform as Platform, ctx.user.id)).find((c) => c.questionId === q.id);
    const card: Card = existing ? reviveCard(existing.state) : createEmptyCard(new Date(now));
    const next = this.scheduler.next(card, new Date(now), grade).card;
    await store.savePracticeCard(ctx.platform as Platform, ctx.user.id, { questionId: q.id, state: JSON.stringify(next), due: next.due.getTime() });
    const how = grade === Rating.Again ? 'Rated Again' : `Right in ${describeSeconds(tookMs)}: rated ${Rating[grade]}`;
    return `${how}. Next review of this question: ${describeDelay(next.due.getTime() - now)}.`;
  }

  /** Due reviews first (weakest topics first), then unseen questions from weak topics, then the soonest due. */
  private async choose(ctx: CommandContext, candidates: QuizQuestion[], exclude: readonly string[]): Promise<QuizQuestion> {
    const { store } = this.quiz;
    const now = this.quiz.now();
    const enabled = await enabledOnly(this.quiz, ctx.platform as Platform, ctx.workspaceId, candidates);
    const all = enabled.length ? enabled : candidates;
    const pool = all.length > exclude.length ? all.filter((q) => !exclude.includes(q.id)) : all;
    const cards = new Map((await store.practiceCards(ctx.platform as Platform, ctx.user.id)).map((c) => [c.questionId, c]));
    // Weak spots include the mock exam's: what an exam missed comes up in practice first.
    const attempts = await attemptsOf(this.quiz, { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, userId: ctx.user.id });
    const mastery = topicMastery(this.quiz.bank, attempts);
    const weakness = (q: QuizQuestion) => Math.min(...q.topics.map((t) => mastery.get(t)?.score ?? 0.5));
    const due = pool.filter((q) => (cards.get(q.id)?.due ?? Infinity) <= now);
    if (due.length) return due.sort((a, b) => weakness(a) - weakness(b) || cards.get(a.id)!.due - cards.get(b.id)!.due)[0]!;
    const unseen = this.quiz.shuffle(pool.filter((q) => !cards.has(q.id)));
    if (unseen.length) return unseen.sort((a, b) => weakness(a) - weakness(b) || Number(a.generated) - Number(b.generated))[0]!;
    return [...pool].sort((a, b) => cards.get(a.id)!.due - cards.get(b.id)!.due)[0]!;
  }
}

/**
 * The FSRS grade of an answer: wrong is Again; right is Easy when quick, Good at a normal pace, Hard
 * when slow. The pace is measured against the time to read the question and its options (about 200
 * words a minute) plus a few seconds to decide, so long questions are not graded down for length.
 */
export function ratingFor(q: QuizQuestion, correct: boolean, tookMs: number): Grade {
  if (!correct) return Rating.Again;
  const words = `${q.text} ${q.options.map((o) => o.text).join(' ')}`.split(/\s+/).filter(Boolean).length;
  const expectedMs = 5_000 + words * 300;
  if (tookMs <= expectedMs * 0.5) return Rating.Easy;
  if (tookMs <= expectedMs * 1.5) return Rating.Good;
  return Rating.Hard;
}

function reviveCard(json: string): Card {
  const raw = JSON.parse(json) as Card & { due: string; last_review?: string };
  return { ...raw, due: new Date(raw.due), ...(raw.last_review ? { last_review: new Date(raw.last_review) } : {}) } as Card;
}

function describeSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function describeDelay(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `in ${Math.max(1, minutes)} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `in ${days} days`;
}
