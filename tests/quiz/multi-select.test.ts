// Multi-select questions ("Choose TWO") and per-option explanations, through the console adapter and
// the command registry, on the small study pack (so the questions are known) and a real SQLite file.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { consoleSession } from '../support/console.ts';
import { questionIn, quizWorld, textOf, wrongPicks, type QuizWorld } from '../support/quiz.ts';
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

/** The numbers the console shows next to options A, B, … of the latest question. */
function numbersOf(printed: string, letters: string[]): string {
  return letters.map((l) => new RegExp(`\\[(\\d+)\\] ${l}\\. `).exec(printed)![1]).join(',');
}

describe('multi-select questions in the console', () => {
  it('asks "(Choose TWO)", takes "1,3", scores all or nothing, and explains each pick, then the answer', async () => {
    const w = world();
    const c = consoleSession(w.core);
    const asked = await c.type('/quiz practice patching');
    const multi = /Multi question (ops-two|ops-three)\? \(Choose (TWO|THREE)\)/.exec(asked)!;
    expect(multi).not.toBeNull();
    const q = w.core.quiz!.bank.get(`study:${multi[1]}`)!;
    expect(asked).toContain(`(Choose ${multi[2]}: type their numbers separated by commas, e.g. 1,2`);

    // Too few picks: told how many, nothing recorded, the question still open.
    const tooFew = await c.type(numbersOf(asked, ['A']));
    expect(tooFew).toContain(`This question asks you to choose ${multi[2]}: pick exactly ${q.correct.length} options, then submit.`);
    expect(await w.store.answersByUser('console', 'console', 'console:you')).toEqual([]);

    // A set with one wrong pick is wrong as a whole; each pick and each missed right option is explained.
    const wrong = wrongPicks(q);
    const letter = (i: number) => 'ABCDE'[i]!;
    const result = await c.type(numbersOf(asked, wrong.map(letter)));
    expect(result).toContain(`== Not quite. You chose ${wrong.map(letter).join(wrong.length === 2 ? ' and ' : ', ').replace(/, (\w)$/, ' and $1')}`);
    for (const i of wrong) expect(result).toContain(`${q.correct.includes(i) ? '✓' : '✗'} Your choice: ${letter(i)}. ${q.options[i]!.text}: ${q.options[i]!.why}`);
    const missed = q.correct.filter((i) => !wrong.includes(i));
    for (const i of missed) expect(result).toContain(`✓ Also right: ${letter(i)}. ${q.options[i]!.text}: ${q.options[i]!.why}`);
    expect(result.indexOf('Your choice')).toBeLessThan(result.indexOf(q.explanation));
    const [stored] = await w.store.answersByUser('console', 'console', 'console:you');
    expect(stored).toMatchObject({ choices: wrong, correct: false });
  });

  it('scores the exact set right in any order, and a repeat click records nothing new', async () => {
    const w = world();
    const [asked] = await w.run(w.as('ana'), '/quiz practice patching');
    const { q, post } = await questionIn(w, asked!);
    const reversed = [...q.correct].reverse().join(',');
    const [right] = await w.press(w.as('ana'), { action: 'quiz.answer', value: `${post.id}:${reversed}`, label: '' });
    expect(textOf(right!)).toContain(`Right: ${q.correct.map((i) => 'ABCDE'[i]).join(q.correct.length === 2 ? ' and ' : ', ').replace(/, (\w)$/, ' and $1')}`);
    expect((await w.store.answersForPost(post.id))[0]).toMatchObject({ choices: q.correct, correct: true });
    const [again] = await w.press(w.as('ana'), { action: 'quiz.answer', value: `${post.id}:${wrongPicks(q).join(',')}`, label: '' });
    expect(textOf(again!)).toContain('You already answered');
    expect(await w.store.answersForPost(post.id)).toHaveLength(1);
  });

  it('refuses picks that are not options of the question', async () => {
    const w = world();
    const [asked] = await w.run(w.as('ana'), '/quiz practice patching');
    const { post } = await questionIn(w, asked!);
    for (const picks of ['0,0', '0,9', 'x,1', '']) {
      const [r] = await w.press(w.as('ana'), { action: 'quiz.answer', value: `${post.id}:${picks}`, label: '' });
      expect(textOf(r!)).toContain('That is not one of the options.');
    }
    expect(await w.store.answersForPost(post.id)).toEqual([]);
  });
});

describe('every option explained', () => {
  it('shows the picked option’s why, then the right answer’s why, then the explanation', async () => {
    const w = world();
    const c = consoleSession(w.core);
    const asked = await c.type('/quiz practice hypervisor');
    const id = /Single question (infra-\d)\?/.exec(asked)![1]!;
    const q = w.core.quiz!.bank.get(`study:${id}`)!;
    const wrong = wrongPicks(q)[0]!;
    const out = await c.type(/\[(\d+)\] /.exec(asked.slice(asked.indexOf(`${'ABCD'[wrong]}. `) - 6))![1]!);
    const chose = `✗ Your choice: ${'ABCD'[wrong]}. ${q.options[wrong]!.text}: ${q.options[wrong]!.why}`;
    const answer = `✓ The answer: ${'ABCD'[q.correct[0]!]}. ${q.options[q.correct[0]!]!.text}: ${q.options[q.correct[0]!]!.why}`;
    expect(out).toContain(chose);
    expect(out).toContain(answer);
    expect(out.indexOf(chose)).toBeLessThan(out.indexOf(answer));
    expect(out.indexOf(answer)).toBeLessThan(out.indexOf(q.explanation));
  });

  it('reveals every option with its why when a session round closes, and to a late click', async () => {
    const w = world();
    await w.run(w.as('ana'), '/quiz start 1 20 patching');
    const { q, right } = await questionIn(w, w.chat.posts[0]!.reply);
    await w.press(w.as('ana'), right);
    w.clock.advance(21_000);
    await w.tick();
    const revealed = textOf(w.chat.current(w.chat.posts[0]!));
    for (const [i, o] of q.options.entries()) expect(revealed).toContain(`${q.correct.includes(i) ? '✓' : '✗'} ${'ABCDE'[i]}. ${o.text}: ${o.why}`);
    const [late] = await w.press(w.as('ben'), right);
    expect(textOf(late!)).toContain('This question is closed');
    expect(textOf(late!)).toContain(q.options[q.correct[0]!]!.why!);
  });

  it('explains the options of generated questions from the topic’s verdict and split', async () => {
    const w = world();
    const q = w.core.quiz!.bank.get('study:topic:patching')!;
    expect(q.options.map((o) => o.why)).toEqual([
      'Not AWS alone: both sides have a part. What AWS does here: Infrastructure.',
      'Not Customer alone: both sides have a part. What Customer does here: Guest OS and apps.',
      'Shared is responsible for this.',
    ]);
    expect(w.core.quiz!.bank.get('study:topic:hypervisor')!.options[2]!.why).toBe('It is not shared: this one sits with AWS.');
  });
});

describe('generated questions', () => {
  it('take the domain of the hand-written questions on their topic, else on their related topics', () => {
    const w = world();
    const bank = w.core.quiz!.bank;
    expect(bank.get('study:topic:hypervisor')!.domain).toBe('infrastructure');
    expect(bank.get('study:topic:patching')!.domain).toBe('operations');
    expect(bank.get('study:topic:lonely')!.domain).toBe('operations');
  });
});
