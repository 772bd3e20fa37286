// Which questions to ask: never one a channel has already had until the pool is used up.
import type { QuizContext } from './context.ts';
import type { QuizQuestion } from './bank.ts';

/**
 * Picks `count` questions, never one of `history` until the pool is used up (then the least recently
 * used come back first), hand-written questions before generated ones.
 */
export function pickFresh(quiz: QuizContext, pool: readonly QuizQuestion[], count: number, history: readonly string[]): QuizQuestion[] {
  const used = new Set(history);
  const fresh = quiz.shuffle(pool.filter((q) => !used.has(q.id)));
  fresh.sort((a, b) => Number(a.generated) - Number(b.generated));
  const picked = fresh.slice(0, count);
  if (picked.length < count) {
    // Exhausted: reuse, oldest first.
    const oldestFirst = [...history].reverse().map((id) => pool.find((q) => q.id === id)).filter((q): q is QuizQuestion => q !== undefined);
    for (const q of oldestFirst) if (picked.length < count && !picked.includes(q)) picked.push(q);
  }
  return picked;
}
