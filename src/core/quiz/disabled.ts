// Questions an admin took out of a workspace's quizzes (/quiz disable): they leave every pool at once
// (daily questions, study-group rounds, practice), a running session skips them, and /quiz enable
// brings them back. Kept in the store, so every bot process sees it on its next pick.
import { UsageError, type CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { clip, privateReply, type Reply } from '../reply/reply.ts';
import type { QuizQuestion } from './bank.ts';
import type { QuizContext } from './context.ts';

export const DISABLE_USAGE = '/quiz disable QUESTION-ID · /quiz enable QUESTION-ID (the ids are in /quiz reports and on the Report button)';

/** The pool without the questions disabled in this workspace. */
export async function enabledOnly(quiz: QuizContext, platform: Platform, workspaceId: string, pool: readonly QuizQuestion[]): Promise<QuizQuestion[]> {
  const off = new Set(await quiz.store.disabledQuestions(platform, workspaceId));
  return off.size ? pool.filter((q) => !off.has(q.id)) : [...pool];
}

export async function isDisabled(quiz: QuizContext, platform: Platform, workspaceId: string, questionId: string): Promise<boolean> {
  return (await quiz.store.disabledQuestions(platform, workspaceId)).includes(questionId);
}

/** /quiz disable|enable <question id> (the caller checked admin rights). */
export async function setDisabled(quiz: QuizContext, ctx: CommandContext, disable: boolean, questionId: string | undefined): Promise<Reply[]> {
  if (!questionId) throw new UsageError('Say which question: its id, shown by /quiz reports and the Report button.', DISABLE_USAGE);
  const q = quiz.bank.known(questionId);
  if (!q) throw new UsageError(`There is no question "${clip(questionId, 60)}".`, DISABLE_USAGE);
  const changed = await quiz.store.setQuestionDisabled(ctx.platform as Platform, ctx.workspaceId, q.id, disable, ctx.user.id, quiz.now());
  const title = clip(q.text, 100);
  if (disable) return [privateReply(changed ? `Disabled ${q.id} ("${title}"): it is out of every quiz here from now on, and a running quiz skips it. /quiz enable ${q.id} brings it back.` : `${q.id} is already disabled.`)];
  return [privateReply(changed ? `Enabled ${q.id} ("${title}") again: quizzes here can ask it.` : `${q.id} is not disabled.`)];
}
