// A click on an answer of a posted question (daily, session round or practice): checked, recorded once,
// answered privately; public posts then show the new count, and a session round may close early.
import type { CommandContext } from '../commands/command.ts';
import { inPlace, privateReply, type Button, type Reply } from '../reply/reply.ts';
import { countWord, isMultiSelect, isRightAnswer, type QuizQuestion } from './bank.ts';
import type { QuizContext } from './context.ts';
import type { Practice } from './practice.ts';
import { answerResult, reveal, revealStats } from './present.ts';
import type { Publisher } from './publisher.ts';
import type { CloseFn, Sessions } from './sessions.ts';
import type { Post } from './store.ts';

const POINTS_CORRECT = 10;
const POINTS_SPEED_MAX = 5;

export class Answering {
  constructor(
    private readonly quiz: QuizContext,
    private readonly publisher: Publisher,
    private readonly sessions: Sessions,
    private readonly practice: Practice,
    private readonly close: CloseFn,
  ) {}

  async answer(postId: string, choices: readonly number[], ctx: CommandContext): Promise<Reply[]> {
    const { store, bank } = this.quiz;
    const post = await store.getPost(postId);
    const q = post && bank.known(post.questionId);
    if (!post || !q) return [privateReply('That question is no longer available. Try /quiz practice for a new one.')];
    if (post.kind === 'practice' && post.userId !== ctx.user.id) {
      return [privateReply('That practice question belongs to someone else. Get your own with /quiz practice.')];
    }
    const problem = choiceProblem(q, choices);
    if (problem) return [privateReply(problem)];
    const now = this.quiz.now();
    const previous = (await store.answersForPost(postId)).find((a) => a.userId === ctx.user.id);
    if (!previous && (post.status === 'closed' || (post.closesAt !== undefined && post.closesAt <= now))) {
      const stats = revealStats(await store.answersForPost(postId));
      return [reveal(q, 'This question is closed', stats, [], 'private')];
    }
    if (post.status === 'pending' || post.status === 'failed') return [privateReply('That question is not open yet.')];
    const correct = isRightAnswer(q, choices);
    const result = await store.recordAnswer({
      postId,
      platform: post.platform,
      workspaceId: post.workspaceId,
      userId: ctx.user.id,
      userName: ctx.user.name,
      questionId: q.id,
      kind: post.kind,
      choices: [...choices].sort((a, b) => a - b),
      correct,
      points: correct ? pointsFor(post, now) : 0,
      answeredAt: now,
    });
    if (result.closed) {
      // It closed between our check and the write (a tick revealed it meanwhile).
      return [reveal(q, 'This question is closed', revealStats(await store.answersForPost(postId)), [], 'private')];
    }
    const { recorded, answer } = result;
    const lines: string[] = [];
    const buttons: Button[] = [];
    if (recorded && post.kind === 'practice') {
      const next = await this.practice.afterAnswer(ctx, post, q, correct, now);
      lines.push(...next.lines);
      buttons.push(...next.buttons);
    }
    if (recorded && post.kind === 'daily') {
      const streak = await store.streak(post, ctx.user.id);
      if (streak.current > 1) lines.push(`Daily streak in this channel: ${streak.current} in a row (best ${streak.best}).`);
    }
    // A practice question is private: nothing is revealed later, so a repeat click points back to the result.
    if (post.kind !== 'practice') lines.push('Only you can see this. The result is revealed to everyone when the question closes.');
    else if (!recorded) lines.push('Only you can see this. Your answer was already recorded; your result is above.');
    // A practice result takes its question card's place (one card per round, not two messages per
    // question); a repeat click leaves the first result, and its Next button, where it is.
    const inPlaceResult = recorded && post.kind === 'practice';
    const shown = answerResult(q, answer, { repeated: !recorded, lines, buttons, withQuestion: inPlaceResult });
    const replies = inPlaceResult ? inPlace([shown]) : [shown];
    if (recorded && post.kind !== 'practice') await this.afterPublicAnswer(post);
    return replies;
  }

  /** Live answer count on the public post; a session round closes early once everyone in it answered. */
  private async afterPublicAnswer(post: Post): Promise<void> {
    const answers = await this.quiz.store.answersForPost(post.id);
    if (await this.sessions.everyoneAnswered(post, answers)) {
      await this.close(post, { advance: true });
      return;
    }
    await this.publisher.showCount(post);
  }
}

function pointsFor(post: Post, now: number): number {
  if (post.kind === 'practice') return 0;
  if (post.kind !== 'session' || !post.openedAt || !post.closesAt) return POINTS_CORRECT;
  const left = Math.max(0, Math.min(1, (post.closesAt - now) / (post.closesAt - post.openedAt)));
  return POINTS_CORRECT + Math.round(POINTS_SPEED_MAX * left);
}

/** Why a set of picks cannot be scored (not options of this question, or not as many as it asks), if so. */
export function choiceProblem(q: QuizQuestion, choices: readonly number[]): string | undefined {
  if (choices.length === 0 || choices.some((i) => !Number.isInteger(i) || i < 0 || i >= q.options.length) || new Set(choices).size !== choices.length) {
    return 'That is not one of the options.';
  }
  const n = q.correct.length;
  if (isMultiSelect(q) && choices.length !== n) return `This question asks you to choose ${countWord(n)}: pick exactly ${n} options, then submit.`;
  if (!isMultiSelect(q) && choices.length !== 1) return 'Pick one option.';
  return undefined;
}

/** "<target>:<i>" or "<target>:<i>,<j>" (a multi-select submit) → the target and the picked indexes. */
export function parsePicks(value: string): { target: string; choices: number[] } {
  const at = value.lastIndexOf(':');
  const picks = value.slice(at + 1);
  return { target: value.slice(0, at), choices: picks === '' ? [] : picks.split(',').map((p) => (/^\d{1,2}$/.test(p) ? Number(p) : NaN)) };
}
