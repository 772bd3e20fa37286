// The questions still open in a channel, as they were posted: a text interface that lost them (the
// console after a restart) shows them again so they can still be answered, or says the quiz is between
// rounds. Read-only: closing, revealing and posting the next round stay with the clock tick.
import { privateReply, type Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';
import { lastOccurrence, localDate } from './schedule.ts';
import { questionPost } from './present.ts';
import type { Publisher } from './publisher.ts';
import type { ChannelKey, Post } from './store.ts';

export async function stillOpen(quiz: QuizContext, publisher: Publisher, channel: ChannelKey): Promise<Reply[]> {
  const { store } = quiz;
  const now = quiz.now();
  const replies: Reply[] = [];
  const session = await store.activeSession(channel);
  if (session) {
    const open = (await store.sessionPosts(session.id)).find((p) => p.status === 'open' && (p.closesAt ?? Infinity) > now);
    if (open) replies.push(await asPosted(quiz, publisher, open));
    else replies.push(privateReply(`A quiz is running here (round ${session.currentRound} of ${session.rounds}); the next question comes shortly.`));
  }
  const schedule = await store.getSchedule(channel);
  const due = schedule ? lastOccurrence(schedule, quiz.clock.now()) : undefined;
  const daily = schedule && due ? await store.getDailyPost(channel, localDate(due, schedule.timezone)) : undefined;
  if (daily?.status === 'open' && (daily.closesAt ?? Infinity) > now) replies.push(await asPosted(quiz, publisher, daily));
  return replies;
}

async function asPosted(quiz: QuizContext, publisher: Publisher, post: Post): Promise<Reply> {
  const q = quiz.bank.known(post.questionId);
  if (!q) return privateReply(`${publisher.titleFor(post)} is open, but its question is no longer in the bank.`);
  const answerCount = (await quiz.store.answersForPost(post.id)).length;
  return questionPost(q, { postId: post.id, title: publisher.titleFor(post), answerCount, ...(await publisher.closingInfo(post)) });
}
