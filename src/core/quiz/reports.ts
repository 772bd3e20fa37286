// Reports of wrong or unclear questions, kept for the admins.
import { UsageError, type CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { privateReply, safeSlice, type Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';
import { reportsReply } from './present.ts';

export class Reports {
  constructor(private readonly quiz: QuizContext) {}

  async report(ctx: CommandContext, questionId: string, note: string): Promise<Reply[]> {
    const q = this.quiz.bank.get(questionId);
    if (!q) throw new UsageError(`There is no question "${questionId}". Use the "Report this question" button on the question itself.`);
    const id = await this.quiz.store.addReport({
      platform: ctx.platform as Platform,
      workspaceId: ctx.workspaceId,
      questionId,
      userId: ctx.user.id,
      userName: ctx.user.name,
      note: safeSlice(note, 1000),
      createdAt: this.quiz.now(),
    });
    const follow = note ? '' : ` To add what is wrong, use /quiz report ${questionId} <your note>.`;
    return [privateReply(`Thanks, report #${id} is saved for the admins.${follow}`)];
  }

  async list(ctx: CommandContext): Promise<Reply[]> {
    return [reportsReply(await this.quiz.store.openReports(ctx.platform as Platform, ctx.workspaceId))];
  }
}
