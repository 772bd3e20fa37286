// Practice rounds (FSRS graded by correctness and answer time) and /quiz stats (mastery per study
// domain and topic, reviews due, the weekly trend), through the command registry and the console
// adapter, on the small study pack and a real SQLite file, with a fake clock.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply/reply.ts';
import { consoleSession } from '../support/console.ts';
import { buttonsOf, questionIn, quizWorld, textOf, type QuizWorld } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';

const study = writeStudyPack();
afterAll(() => study.remove());
const worlds: QuizWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.dispose();
});

function world(): QuizWorld {
  const w = quizWorld('2026-11-23T10:00:00Z', { packs: study.packs });
  worlds.push(w);
  return w;
}

const DAY = 24 * 60 * 60_000;

/** Answers a practice question reply right or wrong after `seconds`, and returns the result. */
async function answer(w: QuizWorld, who: string, question: Reply, right: boolean, seconds = 10): Promise<Reply> {
  const { right: r, wrong } = await questionIn(w, question);
  w.clock.advance(seconds * 1000);
  const [result] = await w.press(w.as(who), right ? r : wrong);
  return result!;
}

describe('practice rounds', () => {
  it('asks n questions, never the same one twice in the round, then gives the round’s score', async () => {
    const w = world();
    const replies = await w.run(w.as('ana'), '/quiz practice 3 hypervisor');
    expect(textOf(replies[0]!)).toContain('Practice round of 3: nothing is due');
    let question = replies[1]!;
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      expect(textOf(question)).toContain(`Practice round: ${i} of 3`);
      seen.push((await questionIn(w, question)).q.id);
      const result = await answer(w, 'ana', question, i !== 2);
      const next = buttonsOf(result).find((b) => b.action === 'quiz.practice')!;
      if (i < 3) {
        expect(next.label).toBe(`Next question (${i + 1} of 3)`);
        [question] = (await w.press(w.as('ana'), next)) as [Reply];
      } else {
        expect(textOf(result)).toContain('Round done: 2 of 3 right.');
        expect(next.label).toBe('Another round');
      }
    }
    expect(new Set(seen).size).toBe(3);
  });

  it('puts due reviews first, and keeps a round to its owner', async () => {
    const w = world();
    const [first] = await w.run(w.as('ana'), '/quiz practice hypervisor');
    const missed = (await questionIn(w, first!)).q.id;
    await answer(w, 'ana', first!, false);
    w.clock.advance(2 * DAY);
    const [intro, due] = await w.run(w.as('ana'), '/quiz practice 2');
    expect(textOf(intro!)).toContain('Practice round of 2: 1 due review, then questions from your weakest topics.');
    expect((await questionIn(w, due!)).q.id).toBe(missed);
    const result = await answer(w, 'ana', due!, true);
    const next = buttonsOf(result).find((b) => b.action === 'quiz.practice')!;
    const [refused] = await w.press(w.as('ben'), next);
    expect(textOf(refused!)).toContain('That practice round belongs to someone else.');
  });

  it('grades right answers by time: quick is Easy, a normal pace Good, slow Hard; wrong is Again', async () => {
    const w = world();
    const days: Record<string, number> = {};
    for (const [label, right, seconds] of [['Easy', true, 2], ['Good', true, 12], ['Hard', true, 120], ['Again', false, 12]] as const) {
      const [q] = await w.run(w.as(`u${label}`), '/quiz practice hypervisor');
      const result = textOf(await answer(w, `u${label}`, q!, right, seconds));
      expect(result).toContain(right ? `Right in ${seconds < 120 ? `${seconds} s` : '2 min'}: rated ${label}.` : 'Rated Again.');
      const [card] = await w.store.practiceCards('console', `u-u${label}`);
      days[label] = (card!.due - w.clock.now().getTime()) / DAY;
    }
    expect(days.Easy).toBeGreaterThan(days.Good!);
    expect(days.Good).toBeGreaterThan(days.Hard!);
    expect(days.Hard).toBeGreaterThanOrEqual(days.Again!);
  });

  it('answers bad round sizes and unknown topics with the usage, and asks nothing', async () => {
    const w = world();
    for (const bad of ['0', '21', '-3', '2.5', '1,5']) {
      const [r] = await w.run(w.as('ana'), `/quiz practice ${bad}`);
      expect(textOf(r!)).toContain('Usage: /quiz practice [questions 1-20]');
    }
    const [r] = await w.run(w.as('ana'), '/quiz practice 5 not-a-domain');
    expect(textOf(r!)).toContain('I have no questions about "not-a-domain"');
    expect(textOf(r!)).toContain('a study domain (infrastructure, operations)');
    expect(await w.store.practiceCards('console', 'u-ana')).toEqual([]);
  });
});

describe('/quiz stats', () => {
  it('shows mastery per study domain and topic with reviews due, and the weekly trend', async () => {
    const w = world();
    // Three weeks ago: two infrastructure questions, one right. This week: an operations one, wrong.
    w.clock.advance(-15 * DAY);
    for (const right of [true, false]) {
      const [q] = await w.run(w.as('ana'), '/quiz practice hypervisor');
      await answer(w, 'ana', q!, right);
    }
    w.clock.advance(15 * DAY);
    const [ops] = await w.run(w.as('ana'), '/quiz practice guest-os');
    await answer(w, 'ana', ops!, false);
    w.clock.advance(DAY);
    const [stats] = await w.run(w.as('ana'), '/quiz stats');
    const text = textOf(stats!);
    expect(text).toContain('Answered: 3 (33% correct)');
    expect(text).toMatch(/Reviews due: [1-3] now/);
    expect(text).toContain('Infrastructure: 2 answered, 50% right');
    expect(text).toMatch(/Operations: 1 answered, 0% right, 1 due/);
    expect(text).toContain('3 weeks ago: –\n2 weeks ago: 50% of 2\nlast week: –\nthis week: 0% of 1');
    expect(text).toMatch(/Weakest topics: Topic guest os: 1 answered, 0% right, 1 due/);
    const practice = buttonsOf(stats!).find((b) => b.action === 'quiz.practice')!;
    expect(practice.label).toMatch(/^Practice now · [1-3] reviews? due$/);
  });

  it('never lists a topic as both weakest and strongest, and one answer is not a strength', async () => {
    const w = world();
    const answerAbout = async (topic: string, right: boolean) => {
      const [q] = await w.run(w.as('ana'), `/quiz practice ${topic}`);
      await answer(w, 'ana', q!, right);
    };
    await answerAbout('guest-os', true); // answered once, right: not a strength yet
    await answerAbout('hypervisor', true);
    await answerAbout('hypervisor', true);
    await answerAbout('hypervisor', true);
    await answerAbout('hypervisor', false); // 3 of 4: a strength that was missed once
    const text = textOf((await w.run(w.as('ana'), '/quiz stats'))[0]!);
    const weakest = /Weakest topics: ([^\n]*)/.exec(text)![1]!;
    const strongest = /Strongest topics: ([^\n]*)/.exec(text)![1]!;
    expect(weakest).toContain('Topic hypervisor');
    expect(strongest).not.toContain('Topic hypervisor');
    expect(strongest).not.toContain('Topic guest os');
    expect(strongest).toContain('none yet');
  });

  it('"Practice now" starts a round of the due reviews, in the console', async () => {
    const w = world();
    const c = consoleSession(w.core);
    for (let i = 0; i < 2; i++) {
      expect(await c.type('/quiz practice hypervisor')).toContain('Practice question');
      expect(await c.type('1')).toMatch(/Rated|rated/);
    }
    w.clock.advance(DAY);
    const stats = await c.type('/quiz stats');
    expect(stats).toContain('Reviews due: 2 now');
    expect(stats).toContain('By study domain');
    const button = /\[(\d+)\] Practice now · 2 reviews due/.exec(stats)![1]!;
    const round = await c.type(button);
    expect(round).toContain('Practice round of 5: 2 due reviews, then questions from your weakest topics.');
    expect(round).toContain('== Practice round: 1 of 5 ==');
  });
});
