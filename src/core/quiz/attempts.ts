// Everything someone answered, as attempts for mastery: their recorded answers (daily questions, rounds,
// practice) and the questions they answered in their ended mock exams. Exam picks are read from the
// exams themselves rather than copied into the answers: so they never score points or streaks, never
// write a spaced-repetition card (practice alone schedules reviews, each once, when it is answered),
// and /quiz forget-me, which deletes the exams, takes them along.
import type { Platform } from '../ports/messenger.ts';
import { isRightAnswer, type QuestionBank } from './bank.ts';
import type { QuizContext } from './context.ts';
import type { Attempt } from './mastery.ts';
import type { Exam } from './store.ts';

/** Ended exams read for mastery: far more than anyone sits, and a bound on the read all the same. */
const EXAMS_COUNTED = 500;

export interface Person {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

/** A person's answers and exam answers, oldest first. */
export async function attemptsOf(quiz: QuizContext, who: Person): Promise<Attempt[]> {
  const [answers, exams] = await Promise.all([
    quiz.store.answersByUser(who.platform, who.workspaceId, who.userId),
    quiz.store.examHistory(who.platform, who.workspaceId, who.userId, EXAMS_COUNTED),
  ]);
  const attempts = answers.map((a) => ({ questionId: a.questionId, correct: a.correct, at: a.answeredAt }));
  return [...attempts, ...examAttempts(quiz.bank, exams)].sort((a, b) => a.at - b.at);
}

/**
 * The answered questions of ended exams, as of the time each ended. A question left unanswered counts
 * against the exam's score but says nothing about what the person knows, so it is no attempt; nor is
 * a question the bank no longer knows at all.
 */
export function examAttempts(bank: QuestionBank, exams: readonly Exam[]): Attempt[] {
  return exams.flatMap((exam) => {
    if (exam.status === 'active') return [];
    const at = exam.endedAt ?? exam.deadline;
    return exam.questionIds.flatMap((id, i) => {
      // Known: a question retired since (its topic removed from chat) keeps its answers in the stats.
      const q = bank.known(id);
      const picks = exam.answers[i] ?? [];
      return q && picks.length ? [{ questionId: id, correct: isRightAnswer(q, picks), at }] : [];
    });
  });
}
