// How well someone knows each study domain and topic, from their answers and their spaced-repetition
// cards: answered, accuracy, reviews due, the trend over recent weeks, and their weakest and strongest
// topics. Pure functions over plain data, so stats, practice and exams read the same numbers.
import type { QuestionBank } from './bank.ts';

/** One scored answer, wherever it came from (a daily question, a round, practice, a mock exam). */
export interface Attempt {
  questionId: string;
  correct: boolean;
  at: number;
}

export interface Mastery {
  answered: number;
  correct: number;
  /** Smoothed accuracy ((correct + 1) / (answered + 2)): few answers count cautiously. */
  score: number;
  /** Practice reviews of this domain's or topic's questions that are due now. */
  due: number;
}

const DAY = 24 * 60 * 60_000;

function tally(into: Map<string, Mastery>, key: string, correct: boolean): void {
  const row = into.get(key) ?? { answered: 0, correct: 0, score: 0, due: 0 };
  row.answered++;
  if (correct) row.correct++;
  row.score = (row.correct + 1) / (row.answered + 2);
  into.set(key, row);
}

function countDue(into: Map<string, Mastery>, key: string): void {
  const row = into.get(key) ?? { answered: 0, correct: 0, score: 0.5, due: 0 };
  row.due++;
  into.set(key, row);
}

/** Per topic id: answered, correct, smoothed score, and (given the due question ids) reviews due. */
export function topicMastery(bank: QuestionBank, attempts: readonly Attempt[], dueQuestionIds: readonly string[] = []): Map<string, Mastery> {
  const m = new Map<string, Mastery>();
  for (const a of attempts) for (const t of bank.known(a.questionId)?.topics ?? []) tally(m, t, a.correct);
  for (const id of dueQuestionIds) for (const t of bank.known(id)?.topics ?? []) countDue(m, t);
  return m;
}

/** Per study domain id: the same, by each question's domain. */
export function domainMastery(bank: QuestionBank, attempts: readonly Attempt[], dueQuestionIds: readonly string[] = []): Map<string, Mastery> {
  const m = new Map<string, Mastery>();
  for (const a of attempts) {
    const q = bank.known(a.questionId);
    if (q) tally(m, q.domain, a.correct);
  }
  for (const id of dueQuestionIds) {
    const q = bank.known(id);
    if (q) countDue(m, q.domain);
  }
  return m;
}

/**
 * The weakest topics (missed at least once, lowest score first) and the strongest (answered at least
 * twice, at least three in four right, best first). A topic is never in both lists, and one answer
 * never makes a strength.
 */
export function weakestAndStrongest(mastery: Map<string, Mastery>, count: number): { weakest: [string, Mastery][]; strongest: [string, Mastery][] } {
  const answered = [...mastery.entries()].filter(([, m]) => m.answered > 0);
  const weakest = answered
    .filter(([, m]) => m.correct < m.answered)
    .sort((a, b) => a[1].score - b[1].score || b[1].answered - a[1].answered || a[0].localeCompare(b[0]))
    .slice(0, count);
  const weak = new Set(weakest.map(([t]) => t));
  const strongest = answered
    .filter(([t, m]) => !weak.has(t) && m.answered >= 2 && m.correct / m.answered >= 0.75)
    .sort((a, b) => b[1].score - a[1].score || b[1].answered - a[1].answered || a[0].localeCompare(b[0]))
    .slice(0, count);
  return { weakest, strongest };
}

export interface WeekTally {
  /** 0 = the last 7 days, 1 = the 7 days before, … */
  weeksAgo: number;
  answered: number;
  correct: number;
}

/** Answers and right answers in each of the last `weeks` seven-day spans, oldest first. */
export function weeklyTrend(attempts: readonly Attempt[], now: number, weeks: number): WeekTally[] {
  const out: WeekTally[] = Array.from({ length: weeks }, (_, i) => ({ weeksAgo: weeks - 1 - i, answered: 0, correct: 0 }));
  for (const a of attempts) {
    const ago = Math.floor((now - a.at) / (7 * DAY));
    if (ago < 0 || ago >= weeks) continue;
    const row = out[weeks - 1 - ago]!;
    row.answered++;
    if (a.correct) row.correct++;
  }
  return out;
}
