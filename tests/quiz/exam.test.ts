// The mock exam in the core, through the command registry on a real SQLite file and a fake clock: the
// draw by domain weight, nothing revealed before the end, answers changed and flagged, the result per
// domain with every missed question explained, the deadline (also after a restart), refusals, bad input.
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/quiz/exam.ts';
import type { Exam } from '../../src/core/quiz/store.ts';
import { buttonsOf, studyWorlds, textOf, type QuizWorld } from '../support/quiz.ts';
import type { Reply } from '../../src/core/reply/reply.ts';

const world = studyWorlds();

const running = (w: QuizWorld, user = 'ana') => w.store.activeExam('console', 'w1', `u-${user}`);
const button = (reply: Reply, label: string) => buttonsOf(reply).find((b) => b.label === label || b.label.startsWith(label))!;
const all = (replies: Reply[]) => replies.map(textOf).join('\n');

/** The exam's question at a position, from the bank. */
function questionAt(w: QuizWorld, exam: Exam, i: number) {
  return w.core.quiz!.bank.get(exam.questionIds[i]!)!;
}

describe('mock exam: drawing', () => {
  it('draws across domains by the pack weights (3:1), or only from the domains asked for', async () => {
    const w = world();
    await w.run(w.as('ana'), '/quiz exam 8 10');
    const exam = (await running(w))!;
    const domains = exam.questionIds.map((id) => w.core.quiz!.bank.get(id)!.domain);
    expect(domains.filter((d) => d === 'infrastructure')).toHaveLength(6);
    expect(domains.filter((d) => d === 'operations')).toHaveLength(2);
    expect(new Set(exam.questionIds).size).toBe(8);
    expect(exam.deadline - exam.startedAt).toBe(10 * 60_000);

    const [shown] = await w.run(w.as('bo'), '/quiz exam 4 5 operations');
    expect(textOf(shown!)).toContain('4 questions from operations, 5 minutes, pass mark 70%');
    const theirs = (await running(w, 'bo'))!;
    expect(theirs.questionIds.map((id) => w.core.quiz!.bank.get(id)!.domain)).toEqual(['operations', 'operations', 'operations', 'operations']);
  });

  it('splits by weight with the largest remainders, and never asks a domain for more than it has', () => {
    const real = new Map([['a', 18], ['b', 10], ['c', 14], ['d', 14], ['e', 9], ['f', 12], ['g', 9], ['h', 5], ['i', 6], ['j', 3]]);
    const plenty = new Map([...real.keys()].map((d) => [d, 50]));
    const twenty = allocate(20, real, plenty);
    expect([...twenty.values()].reduce((a, b) => a + b, 0)).toBe(20);
    expect(Object.fromEntries(twenty)).toEqual({ a: 4, b: 2, c: 3, d: 3, e: 2, f: 2, g: 2, h: 1, i: 1, j: 0 });
    // A small domain gives what it cannot hold to the others.
    const capped = allocate(10, new Map([['big', 1], ['small', 9]]), new Map([['big', 20], ['small', 2]]));
    expect(Object.fromEntries(capped)).toEqual({ big: 8, small: 2 });
  });

  it('answers bad numbers and unknown domains with the limits and the valid domains, echoing no mention', async () => {
    const w = world();
    for (const line of ['/quiz exam 0', '/quiz exam 66', '/quiz exam 5 500', '/quiz exam 5 10 astrology', '/quiz exam 1 2 3', '/quiz exam 2.5', '/quiz exam @everyone']) {
      const text = all(await w.run(w.as('ana'), line));
      expect(text, line).toContain('/quiz exam [questions 1-65] [minutes 1-180] [domains, comma-separated]');
      expect(text, line).toContain('Domains: infrastructure, operations');
      expect(await running(w), line).toBeUndefined();
    }
    expect(all(await w.run(w.as('ana'), '/quiz exam 66'))).toContain('Questions must be a whole number from 1 to 65');
    expect(all(await w.run(w.as('ana'), '/quiz exam 5 10 astrology'))).toContain('I have no study domain called "astrology"');
    // More than the bank holds (10 hand-written, 4 generated).
    expect(all(await w.run(w.as('ana'), '/quiz exam 15'))).toContain('There are only 14 questions in the bank: ask for at most 14.');
    expect(all(await w.run(w.as('ana'), '/quiz exam next'))).toContain('You have no mock exam running.');
  });
});

describe('mock exam: taking it', () => {
  it('reveals nothing, keeps changed answers and flags, and scores per domain with every miss explained', async () => {
    const w = world();
    const ana = w.as('ana');
    const [first] = await w.run(ana, '/quiz exam 4 10 infrastructure');
    const exam = (await running(w))!;
    const qs = exam.questionIds.map((_, i) => questionAt(w, exam, i));
    // The screen asks, and tells nothing about the answer.
    const shown = textOf(first!);
    expect(shown).toContain('Mock exam: question 1 of 4');
    expect(shown).toContain(qs[0]!.text);
    for (const o of qs[0]!.options) expect(shown).not.toContain(o.why!);
    expect(shown).not.toMatch(/✓|✗|correct|right answer/i);

    // Answer 1 wrong, then go back and change it to right; answering moves on to the next question.
    const wrong0 = [0, 1, 2, 3].find((i) => !qs[0]!.correct.includes(i))!;
    const [second] = await w.press(ana, button(first!, `${'ABCD'[wrong0]}.`));
    expect(textOf(second!)).toContain('Saved your answer to question 1.');
    expect(textOf(second!)).toContain('Mock exam: question 2 of 4');
    const [back] = await w.press(ana, button(second!, 'Previous'));
    expect(textOf(back!)).toContain(`Your answer: ${'ABCD'[wrong0]}.`);
    await w.press(ana, button(back!, `${'ABCD'[qs[0]!.correct[0]!]}.`));
    // Question 2 wrong (typed), 3 flagged and left unanswered, 4 right.
    const wrong1 = [0, 1, 2, 3].find((i) => !qs[1]!.correct.includes(i))!;
    const [third] = await w.run(ana, `/quiz exam ${'abcd'[wrong1]}`);
    const [flagged] = await w.press(ana, button(third!, 'Flag for review'));
    expect(textOf(flagged!)).toContain('Mock exam: question 3 of 4 (flagged)');
    const [fourth] = await w.press(ana, button(flagged!, 'Next'));
    const [review] = await w.press(ana, button(fourth!, `${'ABCD'[qs[3]!.correct[0]!]}.`));
    const stored = (await running(w))!;
    expect(stored.answers).toEqual([qs[0]!.correct, [wrong1], [], qs[3]!.correct]);
    expect(stored.flagged).toEqual([2]);

    // The review lists what is open; a jump goes there; the submit ends it.
    expect(textOf(review!)).toContain('Not answered: 3');
    expect(textOf(review!)).toContain('Flagged for review: 3');
    expect(textOf(review!)).toContain('Go to 3 (flagged)');
    const result = await w.press(ana, button(review!, 'Submit the exam'));
    const text = all(result);
    expect(text).toContain('You scored 2 of 4 (50%). The pass mark is 70%, so you did not pass this time.');
    expect(text).toContain('Infrastructure: 2 of 4 (50%)');
    // Each miss: the picked option's explanation, then the right one's; an unanswered one says so.
    expect(text).toContain(`✗ Question 2 · Infrastructure: ${qs[1]!.text}`);
    expect(text).toContain(`✗ Your choice: ${'ABCD'[wrong1]}. ${qs[1]!.options[wrong1]!.text}: ${qs[1]!.options[wrong1]!.why}`);
    expect(text).toContain(`✓ The answer: ${'ABCD'[qs[1]!.correct[0]!]}. ${qs[1]!.options[qs[1]!.correct[0]!]!.text}: ${qs[1]!.options[qs[1]!.correct[0]!]!.why}`);
    expect(text).toContain(`✗ Question 3 · Infrastructure: ${qs[2]!.text}\n(not answered)`);
    expect(text).not.toContain(`Question 1 ·`);
    expect(await running(w)).toBeUndefined();
    const [ended] = await w.store.examHistory('console', 'w1', 'u-ana', 5);
    expect(ended).toMatchObject({ status: 'submitted', result: { correct: 2, total: 4, passMark: 70, passed: false, byDomain: { infrastructure: { correct: 2, total: 4 } } } });

    // Old buttons are refused politely; stats shows the result.
    expect(all(await w.press(ana, button(fourth!, 'Previous')))).toContain('Sorry, that mock exam is over (it was submitted at 10:00 UTC)');
    const stats = all(await w.run(ana, '/quiz stats'));
    expect(stats).toContain('Last mock exam: 2 of 4 (50%): not passed · 2026-11-23 10:00 UTC · weakest domain: Infrastructure, 2 of 4');
    // The three answered questions count for mastery (the unanswered one does not), with no review scheduled.
    expect(stats).toContain('Infrastructure: 3 answered, 67% right');
    expect(stats).toContain('Reviews due: none now');
    expect(await w.store.practiceCards('console', 'u-ana')).toEqual([]);
    expect(all(await w.run(ana, '/quiz exam result'))).toContain('You scored 2 of 4 (50%)');
  });

  it('scores "choose TWO" all or nothing, and passes at the mark', async () => {
    const w = world();
    const ana = w.as('ana');
    await w.run(ana, '/quiz exam 4 10 operations');
    const exam = (await running(w))!;
    for (const [i, id] of exam.questionIds.entries()) {
      const q = w.core.quiz!.bank.get(id)!;
      // Everything right but one multi-select, where one of the two or three picks is wrong.
      const wrongMulti = q.correct.length > 1 && q.id.endsWith('ops-two');
      const picks = wrongMulti ? [q.correct[0]!, [0, 1, 2, 3, 4].find((x) => !q.correct.includes(x))!] : q.correct;
      if (q.correct.length > 1) {
        const tooFew = all(await w.press(ana, { action: 'quiz.exam.answer', value: `${exam.id}:${i}:${q.correct[0]}`, label: '' }));
        expect(tooFew).toContain(`pick exactly ${q.correct.length} options`);
      }
      await w.press(ana, { action: 'quiz.exam.answer', value: `${exam.id}:${i}:${picks.join(',')}`, label: '' });
    }
    const text = all(await w.run(ana, '/quiz exam submit now'));
    expect(text).toContain('You scored 3 of 4 (75%). The pass mark is 70%, so you passed.');
    expect(text).toContain('Mock exam result: passed');
    expect(text).toContain('(Choose TWO)');
  });

  it('counts its answers for mastery: stats by domain, practice starts at its misses; forget-me takes them along', async () => {
    const w = world();
    const ana = w.as('ana');
    await w.run(ana, '/quiz exam 2 10 infrastructure');
    const exam = (await running(w))!;
    const missed = exam.questionIds.map((id) => w.core.quiz!.bank.get(id)!);
    for (const [i, q] of missed.entries()) {
      await w.press(ana, { action: 'quiz.exam.answer', value: `${exam.id}:${i}:${[0, 1, 2, 3].find((x) => !q.correct.includes(x))}`, label: '' });
    }
    await w.run(ana, '/quiz exam submit now');
    const stats = all(await w.run(ana, '/quiz stats'));
    expect(stats).toContain('Answered: 2 (0% correct)');
    expect(stats).toContain('Infrastructure: 2 answered, 0% right');
    expect(stats).toContain(`Weakest topics: ${w.core.quiz!.bank.packs.flatMap((p) => p.topics).find((t) => t.id === missed[0]!.topics[0])!.title}`);
    // Nothing was scheduled for review: practice alone writes review cards.
    expect(await w.store.practiceCards('console', 'u-ana')).toEqual([]);
    // Practice goes to a topic the exam missed first.
    const [question] = await w.run(ana, '/quiz practice');
    const postId = buttonsOf(question!).find((b) => b.action === 'quiz.answer')!.value.split(':')[0]!;
    const practised = w.core.quiz!.bank.get((await w.store.getPost(postId))!.questionId)!;
    expect(practised.topics.some((t) => missed.some((q) => q.topics.includes(t)))).toBe(true);

    const [ask] = await w.run(ana, '/quiz forget-me');
    expect(textOf(ask!)).toContain('your mock exams');
    await w.press(ana, button(ask!, 'Yes, forget me'));
    const after = all(await w.run(ana, '/quiz stats'));
    expect(after).toContain('You have not answered any questions yet.');
    expect(after).not.toContain('Last mock exam');
  });

  it('refuses clicks on someone else\'s exam, and keeps one running exam per person', async () => {
    const w = world();
    const [shown] = await w.run(w.as('ana'), '/quiz exam 3 10');
    const theirs = all(await w.press(w.as('bo'), button(shown!, 'Next')));
    expect(theirs).toContain('Sorry, that mock exam belongs to someone else');
    expect(all(await w.press(w.as('bo'), buttonsOf(shown!).find((b) => b.action === 'quiz.exam.answer')!))).toContain('belongs to someone else');
    expect((await running(w))!.answers).toEqual([[], [], []]);
    const again = all(await w.run(w.as('ana'), '/quiz exam 5 20'));
    expect(again).toContain('You already have a mock exam running');
    expect((await running(w))!.questionIds).toHaveLength(3);
    expect(all(await w.press(w.as('ana'), { action: 'quiz.exam', value: 'nope:go:1', label: '' }))).toContain('That mock exam is no longer available.');
  });
});

describe('mock exam: the clock and restarts', () => {
  it('closes itself at the deadline and sends the result; later clicks are refused', async () => {
    const w = world();
    const ana = w.as('ana');
    const [shown] = await w.run(ana, '/quiz exam 3 5 infrastructure');
    const exam = (await running(w))!;
    const q = questionAt(w, exam, 0);
    await w.press(ana, { action: 'quiz.exam.answer', value: `${exam.id}:0:${q.correct[0]}`, label: '' });
    w.clock.advance(4 * 60_000);
    await w.tick();
    expect(w.chat.notifications).toEqual([]);
    w.clock.advance(60_000);
    await w.tick();
    await w.tick();
    const sent = w.chat.notifications.map((n) => textOf(n.reply)).join('\n');
    expect(w.chat.notifications.every((n) => n.userId === 'u-ana')).toBe(true);
    expect(w.chat.notifications.filter((n) => n.reply.text.startsWith('Time is up'))).toHaveLength(1);
    expect(sent).toContain('You scored 1 of 3 (33%)');
    const [ended] = await w.store.examHistory('console', 'w1', 'u-ana', 1);
    expect(ended!.status).toBe('expired');
    expect(all(await w.press(ana, button(shown!, 'Next')))).toContain('its time ran out at 10:05 UTC');
  });

  it('a click after the deadline, before any tick, closes it and shows the result', async () => {
    const w = world();
    const ana = w.as('ana');
    const [shown] = await w.run(ana, '/quiz exam 2 1');
    w.clock.advance(61_000);
    const text = all(await w.press(ana, buttonsOf(shown!).find((b) => b.action === 'quiz.exam.answer')!));
    expect(text).toContain('Time is up');
    expect(text).toContain('You scored 0 of 2 (0%)');
    expect((await w.store.examHistory('console', 'w1', 'u-ana', 1))[0]!.answers).toEqual([[], []]);
  });

  it('resumes after a restart where it was left, answers and flags kept, and still closes at its deadline', async () => {
    const first = world();
    const ana = first.as('ana');
    const [shown] = await first.run(ana, '/quiz exam 3 10');
    const [second] = await first.press(ana, buttonsOf(shown!).find((b) => b.action === 'quiz.exam.answer')!);
    await first.press(ana, button(second!, 'Flag for review'));
    const before = (await running(first))!;
    await first.store.close();

    const restarted = world(first.file);
    restarted.clock.set(new Date('2026-11-23T10:03:00Z'));
    const resumed = all(await restarted.run(restarted.as('ana'), '/quiz exam'));
    expect(resumed).toContain('Welcome back: your mock exam, where you left it.');
    expect(resumed).toContain('Mock exam: question 2 of 3 (flagged)');
    expect(resumed).toContain('7 min left (until 10:10 UTC)');
    expect(await running(restarted)).toEqual(before);
    // A button from before the restart still works.
    const next = all(await restarted.press(restarted.as('ana'), button(second!, 'Next')));
    expect(next).toContain('Mock exam: question 3 of 3');
    restarted.clock.set(new Date('2026-11-23T10:10:00Z'));
    await restarted.tick();
    expect(restarted.chat.notifications.map((n) => textOf(n.reply)).join('\n')).toContain('Time is up');
  });
});
