// Personal practice (spaced repetition), stats, reports, and the bank's link to /who.
import { describe, expect, it } from 'vitest';
import { buttonsOf, questionIn, quizWorld, textOf } from '../support/quiz.ts';

describe('practice, stats and reports', () => {
  it('asks privately, schedules the next review, and favours the topics a user gets wrong', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const bob = w.as('bob');
    // bob misses every IAM question he is given…
    for (let i = 0; i < 3; i++) {
      const [q] = await w.run(bob, '/quiz practice iam');
      expect(q!.visibility).toBe('private');
      const { wrong } = await questionIn(w, q!);
      const [result] = await w.press(bob, wrong);
      expect(textOf(result!)).toMatch(/Next review of this question: in \d+ minute/);
    }
    // …so an unfiltered practice question comes from the topics he missed (or is a due review).
    w.clock.advance(30 * 60_000);
    const [next] = await w.run(bob, '/quiz practice');
    const { q: chosen } = await questionIn(w, next!);
    const missed = new Set((await w.store.answersByUser('console', 'w1', 'u-bob')).flatMap((a) => w.core.quiz!.bank.get(a.questionId)!.topics));
    expect(chosen.topics.some((t) => missed.has(t))).toBe(true);
    const cards = await w.store.practiceCards('console', 'u-bob');
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.due > Date.parse('2026-11-23T10:00:00Z'))).toBe(true);
  });

  it('keeps practice questions to their owner and off the leaderboard', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [q] = await w.run(w.as('bob'), '/quiz practice');
    const { right: button } = await questionIn(w, q!);
    const [r] = await w.press(w.as('eve'), button);
    expect(textOf(r!)).toContain('belongs to someone else');
    await w.press(w.as('bob'), button);
    const [board] = await w.run(w.as('bob'), '/quiz leaderboard all');
    expect(textOf(board!)).toContain('No answers in this period yet');
  });

  it('answers a repeat click on a practice question with its recorded result, promising no public reveal', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const bob = w.as('bob');
    const [q] = await w.run(bob, '/quiz practice');
    const { right, wrong } = await questionIn(w, q!);
    await w.press(bob, wrong);
    const [again] = await w.press(bob, right);
    expect(again!.visibility).toBe('private');
    expect(textOf(again!)).toContain('You already answered');
    expect(textOf(again!)).toContain('Your answer was already recorded; your result is above.');
    // Nothing is revealed to anyone for a private practice question.
    expect(textOf(again!)).not.toContain('revealed to everyone');
  });

  it('offers "Quiz me on this" on /who answers, with a question on that topic', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [answer] = await w.run(w.as('bob'), '/who who patches the RDS database engine?');
    const quizMe = buttonsOf(answer!).find((b) => b.label === 'Quiz me on this')!;
    const [q] = await w.press(w.as('bob'), quizMe);
    const { q: question } = await questionIn(w, q!);
    expect(question.topics).toContain('rds-engine-patching');
  });

  it('stores reports with the note and shows them to admins only', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [q] = await w.run(w.as('bob'), '/quiz practice');
    const report = buttonsOf(q!).find((b) => b.action === 'quiz.report')!;
    const [thanks] = await w.press(w.as('bob'), report);
    expect(textOf(thanks!)).toContain('report #1 is saved');
    // The button, then the command with what is wrong: one report with the note, not two.
    const [added] = await w.run(w.as('bob'), `/quiz report ${report.value} "option B is also right"`);
    expect(textOf(added!)).toContain('your note is added to your report #1');
    const [again] = await w.press(w.as('bob'), report);
    expect(textOf(again!)).toContain('You already reported this question (report #1)');
    const [refused] = await w.run(w.as('bob'), '/quiz reports');
    expect(textOf(refused!)).toContain('only admins can read question reports. Reports you make are saved for them');
    const [list] = await w.run(w.as('ana', { admin: true }), '/quiz reports');
    expect(textOf(list!)).toContain('#1 bob');
    expect(textOf(list!)).toContain('option B is also right');
    expect(textOf(list!)).toContain('Open question reports: 1 on 1 question');
    // Someone else's report on the same question is their own.
    await w.run(w.as('cy'), `/quiz report ${report.value} typo`);
    expect(textOf((await w.run(w.as('ana', { admin: true }), '/quiz reports'))[0]!)).toContain('Open question reports: 2 on 1 question');
  });

  it('explains an unknown subcommand and a bad leaderboard period', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [r] = await w.run(w.as('bob'), '/quiz dance');
    expect(textOf(r!)).toContain('I don\'t know "/quiz dance"');
    expect(textOf(r!)).toContain('/quiz start');
    const [p] = await w.run(w.as('bob'), '/quiz leaderboard forever');
    expect(textOf(p!)).toContain('Usage: /quiz leaderboard [week|month|all]');
  });
});
