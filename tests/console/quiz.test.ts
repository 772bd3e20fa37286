// A quiz in the console as a person at the terminal plays it: options answered by their letters, a
// question still open after a restart shown again, and, at a terminal, line editing with history and a
// prompt that comes back (with what was being typed) after a post that arrives on its own.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CHANNEL, CONSOLE_WORKSPACE, ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import type { QuizQuestion } from '../../src/core/quiz/bank.ts';
import { consoleSession } from '../support/console.ts';
import { quizWorld, tempDbFile, wrongPicks, type QuizWorld } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';

const study = writeStudyPack();
afterAll(() => study.remove());
const worlds: QuizWorld[] = [];
const files: string[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.dispose();
  for (const f of files.splice(0)) rmSync(dirname(f), { recursive: true, force: true });
});

const START = '2026-11-23T10:00:00Z';
const CHANNEL = { platform: 'console' as const, workspaceId: CONSOLE_WORKSPACE, channelId: CONSOLE_CHANNEL };

function world(file?: string): QuizWorld {
  const w = quizWorld(START, { packs: study.packs, ...(file ? { file } : {}) });
  worlds.push(w);
  return w;
}

/** The question of the round open in the console channel now. */
async function openRound(w: QuizWorld): Promise<QuizQuestion> {
  const session = (await w.store.activeSession(CHANNEL))!;
  const post = (await w.store.sessionPosts(session.id)).find((p) => p.status === 'open')!;
  return w.core.quiz!.bank.get(post.questionId)!;
}

const letter = (i: number) => 'abcdef'[i]!;

/** A console driven through its real run loop, with what it printed so far. */
function runConsole(w: QuizWorld, opts: { interactive: boolean }) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString()));
  const adapter = new ConsoleAdapter({ core: w.core, input, output, interactive: opts.interactive });
  const done = adapter.run();
  return {
    input,
    done,
    printed: () => printed,
    /** Resolves once the output has something `until` accepts (the console answers asynchronously). */
    async until(check: (out: string) => boolean): Promise<string> {
      for (let i = 0; i < 200 && !check(printed); i++) await new Promise((r) => setTimeout(r, 25));
      expect(check(printed), printed).toBe(true);
      return printed;
    },
  };
}

describe('quiz options by letter in the console', () => {
  it('answers a round by typing the letter of an option', async () => {
    const w = world();
    const c = consoleSession(w.core);
    const asked = await c.type('/quiz start 1 30');
    expect(asked).toContain('(Type a letter to answer, e.g. a, or its number.)');
    const q = await openRound(w);
    const result = await c.type(letter(q.correct[0]!).toUpperCase());
    expect(result).toContain('== Right: ');
    const [stored] = await w.store.answersByUser('console', CONSOLE_WORKSPACE, 'console:you');
    expect(stored).toMatchObject({ choices: q.correct, correct: true });
  });

  it('takes "a,c" for a multi-select question, and says which letters there are when one is not an option', async () => {
    const w = world();
    const c = consoleSession(w.core);
    const asked = await c.type('/quiz practice patching');
    const id = /Multi question (ops-two|ops-three)\?/.exec(asked)![1]!;
    const q = w.core.quiz!.bank.get(`study:${id}`)!;
    expect(asked).toMatch(/or letters, e\.g\. a,b/);
    expect(await c.type('a,z')).toContain('Type one of the numbers shown (or the letters a, b, c, d');
    const wrong = await c.type(wrongPicks(q).map(letter).join(','));
    expect(wrong).toContain('== Not quite.');
  });
});

describe('the console after a restart mid-quiz', () => {
  it('shows the open question again, and it can be answered', async () => {
    const file = tempDbFile();
    files.push(file);
    const before = world(file);
    expect(await consoleSession(before.core).type('/quiz start 2 60')).toContain('Quiz started');
    const q = await openRound(before);
    await before.store.close();
    worlds.splice(worlds.indexOf(before), 1);

    const after = world(file);
    after.clock.advance(20_000);
    const c = runConsole(after, { interactive: false });
    c.input.end(`${letter(q.correct[0]!)}\n`);
    await c.done;
    const out = c.printed();
    expect(out).toContain('(still open from before)\n== Quiz round 1 ==');
    expect(out).toContain(q.text);
    expect(out).toContain('== Right: ');
  });
});

describe('the console at a terminal', () => {
  it('recalls the last line with the up arrow', async () => {
    const w = world();
    const c = runConsole(w, { interactive: true });
    c.input.write('about hypervisor\r');
    await c.until((out) => out.includes('AWS is responsible'));
    c.input.write('\x1b[A\r');
    await c.until((out) => out.split('AWS is responsible').length === 3);
    c.input.end();
    await c.done;
  });

  it('prints a post that arrives on its own above the prompt and redraws what was being typed', async () => {
    const w = world();
    const c = runConsole(w, { interactive: true });
    c.input.write('/quiz start 1 10\r');
    await c.until((out) => out.includes('Quiz started'));
    c.input.write('who pat');
    await c.until((out) => out.endsWith('who pat'));
    w.clock.advance(11_000);
    await w.tick();
    // The reveal and the end of the quiz came in while nothing was being answered: each is followed by
    // the prompt and the half-typed line (terminal control codes aside).
    const out = (await c.until((o) => o.includes('Quiz over'))).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    const reveal = out.slice(out.indexOf('(message m1 updated)'));
    expect(reveal).toMatch(/^\(message m1 updated\)\n== [\s\S]*?\n> who pat\(message m2 posted/);
    expect(out).toMatch(/== Quiz over[\s\S]*\n> who pat$/);
    c.input.end();
    await c.done;
  });
});
