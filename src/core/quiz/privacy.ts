// /quiz forget-me: a person deletes what the bot keeps about them in this workspace or server — their
// answers (so their scores, boards and stats), streaks, practice history, mock exams and the question
// reports they filed. Nothing happens until they confirm with the button (typing yes in the console); the button
// carries their id, so nobody else can confirm it for them.
import type { CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { privateReply, type Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';

export const ACTION_FORGET = 'quiz.forget';

/** The first step: what would go, and the confirmation button. Changes nothing. */
export async function forgetMe(quiz: QuizContext, ctx: CommandContext): Promise<Reply[]> {
  const answers = (await quiz.store.answersByUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id)).length;
  const what = `your ${answers} answer${answers === 1 ? '' : 's'} here (with them your points, leaderboard places and stats), your streaks, your practice history, your mock exams and the question reports you filed`;
  const how = ctx.platform === 'console' ? 'Type yes to go ahead, or anything else to keep it all.' : 'Press the button to go ahead; ignore this message to keep it all.';
  const text = `This deletes ${what}. It cannot be undone. ${how}`;
  return [
    {
      visibility: 'private',
      text,
      blocks: [
        { type: 'header', text: 'Forget me?' },
        { type: 'section', text: `This deletes ${what}. It cannot be undone.` },
        { type: 'context', text: how },
        { type: 'actions', buttons: [{ action: ACTION_FORGET, value: ctx.user.id, label: 'Yes, forget me', style: 'danger' }] },
      ],
    },
  ];
}

/** The confirmation button: deletes it all, for the person who asked only. */
export async function confirmForget(quiz: QuizContext, ctx: CommandContext, forUser: string): Promise<Reply[]> {
  if (forUser !== ctx.user.id) return [privateReply('This confirmation belongs to someone else. To delete your own data, use /quiz forget-me.')];
  const gone = await quiz.store.forgetUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
  quiz.log.info({ platform: ctx.platform, workspaceId: ctx.workspaceId, answers: gone.answers, reports: gone.reports }, 'forgot a user on request');
  return [
    privateReply(
      `Done: I deleted ${gone.answers} answer${gone.answers === 1 ? '' : 's'} and ${gone.reports} report${gone.reports === 1 ? '' : 's'} of yours, and your streaks, practice history and mock exams. If you answer again, you start from zero.`,
    ),
  ];
}
