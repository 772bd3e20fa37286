// The mock exam at the terminal: typed words (letters, next, prev, flag, submit) and numbered buttons,
// the result per domain, the deadline's private message, a restart that resumes it, and refusals.
import { describe, expect, it } from 'vitest';
import { consoleSession } from '../support/console.ts';
import { studyWorlds, type QuizWorld } from '../support/quiz.ts';

const world = studyWorlds();

/** The number the console shows next to a button or option label. */
function numberOf(printed: string, label: string): string {
  const m = new RegExp(`\\[(\\d+)\\] ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(printed);
  if (!m) throw new Error(`no [n] ${label} in:\n${printed}`);
  return m[1]!;
}

const exam = (w: QuizWorld) => w.store.activeExam('console', 'console', 'console:you');

describe('mock exam in the console', () => {
  it('takes letters and words, changes and flags answers, and prints the result per domain with the misses explained', async () => {
    const w = world();
    const c = consoleSession(w.core);
    const start = await c.type('/quiz exam 3 10 infrastructure');
    expect(start).toContain('== Mock exam: question 1 of 3 ==');
    expect(start).toContain('3 questions from infrastructure, 10 minutes, pass mark 70%');
    const { questionIds } = (await exam(w))!;
    const qs = questionIds.map((id) => w.core.quiz!.bank.get(id)!);
    const letter = (i: number) => 'abcd'[i]!;
    const wrong = (i: number) => [0, 1, 2, 3].find((x) => !qs[i]!.correct.includes(x))!;

    expect(await c.type(letter(wrong(0)))).toContain('== Mock exam: question 2 of 3 ==');
    const back = await c.type('prev');
    expect(back).toContain(`Your answer: ${letter(wrong(0)).toUpperCase()}.`);
    expect(await c.type(letter(qs[0]!.correct[0]!))).toContain('Saved your answer to question 1.');
    expect(await c.type('flag')).toContain('== Mock exam: question 2 of 3 (flagged) ==');
    const third = await c.type(letter(wrong(1)));
    expect(third).toContain('== Mock exam: question 3 of 3 ==');
    // A numbered button works as well as a word: the option, then the review's submit.
    const review = await c.type(numberOf(third, `${letter(qs[2]!.correct[0]!).toUpperCase()}.`));
    expect(review).toContain('== Mock exam: review before you submit ==');
    expect(review).toContain('Flagged for review: 2');
    const result = await c.type(numberOf(review, 'Submit the exam'));
    expect(result).toContain('== Mock exam result: not passed yet ==');
    expect(result).toContain('You scored 2 of 3 (67%). The pass mark is 70%, so you did not pass this time.');
    expect(result).toContain('Infrastructure: 2 of 3 (67%)');
    expect(result).toContain(`✗ Your choice: ${letter(wrong(1)).toUpperCase()}. ${qs[1]!.options[wrong(1)]!.text}: ${qs[1]!.options[wrong(1)]!.why}`);
    expect(result).toContain(`✓ The answer: `);
    expect(await c.type('next')).toContain('You have no mock exam running.');
    expect(await c.type('/quiz stats')).toContain('Last mock exam: 2 of 3 (67%): not passed · 2026-11-23 10:00 UTC');
  });

  it("refuses someone else's buttons and explains bad input", async () => {
    const w = world();
    const c = consoleSession(w.core);
    const start = await c.type('/quiz exam 2 5');
    await c.type('/as bob');
    expect(await c.type(numberOf(start, 'Next'))).toContain('Sorry, that mock exam belongs to someone else');
    const bad = await c.type('/quiz exam 5 999 <!channel> @here');
    expect(bad).toContain('Minutes must be a whole number from 1 to 180');
    expect(bad).toContain('Domains: infrastructure, operations');
    expect(bad).not.toContain('@here');
  });

  it('closes at the deadline with a private message, and resumes after a restart', async () => {
    const first = world();
    const c = consoleSession(first.core);
    await c.type('/quiz exam 2 5');
    await c.type('b');
    await first.store.close();

    const again = world(first.file);
    again.clock.set(new Date('2026-11-23T10:02:00Z'));
    const c2 = consoleSession(again.core);
    const resumed = await c2.type('/quiz exam');
    expect(resumed).toContain('Welcome back');
    expect(resumed).toContain('== Mock exam: question 2 of 2 ==');
    expect(resumed).toContain('3 min left (until 10:05 UTC)');
    again.clock.set(new Date('2026-11-23T10:05:00Z'));
    await again.tick();
    const told = c2.flush();
    expect(told).toContain('(private message to you)');
    expect(told).toContain('Time is up: your mock exam closed itself');
    expect(await c2.type('a')).toContain('Sorry, that mock exam is over (its time ran out at 10:05 UTC)');
  });
});
