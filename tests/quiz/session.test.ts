// Study-group sessions end to end through the command registry, real SQLite, fake clock.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/ports/messenger.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { pickButton, questionIn, quizWorld, textOf, type QuizWorld } from '../support/quiz.ts';

const options = (w: QuizWorld, reply: Reply) => questionIn(w, reply);

describe('study-group session', () => {
  it('runs rounds with a timer, closes early once everyone in has answered, and ranks the players', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [started] = await w.run(w.as('ana'), '/quiz start 3 20 rds');
    expect(textOf(started!)).toContain('3 rounds, 20 seconds each');
    expect(w.chat.posts).toHaveLength(1);

    // Round 1: both answer; it still waits for the timer (others may join).
    let round = await options(w, w.chat.posts[0]!.reply);
    w.clock.advance(2_000);
    await w.press(w.as('ana'), round.right);
    w.clock.advance(8_000);
    await w.press(w.as('ben'), round.right);
    await w.tick();
    expect(textOf(w.chat.current(w.chat.posts[0]!))).toContain('2 answers so far');
    w.clock.advance(10_000);
    await w.tick();
    const reveal1 = textOf(w.chat.current(w.chat.posts[0]!));
    expect(reveal1).toContain('2 of 2 got it right');
    expect(reveal1).toContain('Scores after round 1 of 3');
    expect(w.chat.posts).toHaveLength(2); // round 2 posted

    // Round 2: both answer: it closes at once, no timer needed.
    round = await options(w, w.chat.posts[1]!.reply);
    await w.press(w.as('ben'), round.right);
    await w.press(w.as('ana'), round.wrong);
    expect(textOf(w.chat.current(w.chat.posts[1]!))).toContain('1 of 2 got it right');
    expect(w.chat.posts).toHaveLength(3);

    // Round 3: nobody answers; the timer closes it and the final scoreboard follows.
    w.clock.advance(21_000);
    await w.tick();
    expect(textOf(w.chat.current(w.chat.posts[2]!))).toContain('Nobody answered');
    const final = textOf(w.chat.posts[3]!.reply);
    expect(final).toContain('Quiz over after 3 rounds');
    expect(final.indexOf('ben')).toBeLessThan(final.indexOf('ana')); // ben: 2 correct, ana: 1
    // Faster right answers score more: ana answered round 1 after 2 s, ben after 10 s.
    const round1 = (await options(w, w.chat.posts[0]!.reply)).post.id;
    const points = Object.fromEntries((await w.store.answersForPost(round1)).map((a) => [a.userName, a.points]));
    expect(points.ana).toBeGreaterThan(points.ben!);
    expect(points.ben).toBeGreaterThan(10 - 1);
    const [board] = await w.run(w.as('ana'), '/quiz leaderboard all');
    expect(textOf(board!)).toMatch(/1\. ben: \d+ pts/);
  });

  it('is carried on by another process when the one running it died between two rounds', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    await w.run(w.as('ana'), '/quiz start 2 20');
    const round1 = await options(w, w.chat.posts[0]!.reply);
    await w.press(w.as('ana'), round1.right);
    // The process that runs the quiz closes round 1 and dies before it posts round 2.
    w.clock.advance(21_000);
    expect(await w.store.closePost(round1.post.id, w.clock.now().getTime())).toBe(true);
    // A second process on the same database carries the quiz on once it has been quiet for a while.
    const other = quizWorld('2026-11-23T10:00:21Z', { file: w.file });
    await other.tick();
    expect(other.chat.posts).toHaveLength(0);
    other.clock.advance(3 * 60_000);
    await other.tick();
    await w.tick(); // the first process, back, finds nothing left to do
    expect(other.chat.posts.map((p) => textOf(p.reply))).toEqual([expect.stringContaining('Quiz round 2')]);
    expect(w.chat.posts).toHaveLength(1);
    // Its round 2 closes on time and the quiz ends with a scoreboard, once.
    other.clock.advance(21_000);
    await other.tick();
    await other.tick();
    expect(other.chat.posts.map((p) => textOf(p.reply))).toEqual([expect.stringContaining('Quiz round 2'), expect.stringContaining('Quiz over after 2 rounds')]);
    expect(await other.store.activeSession({ platform: 'console', workspaceId: 'w1', channelId: 'general' })).toBeUndefined();
  });

  it('allows one session per channel and lets only the starter or an admin stop it', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    await w.run(w.as('ana'), '/quiz start 5 30');
    const [second] = await w.run(w.as('ben'), '/quiz start');
    expect(textOf(second!)).toContain('already running');
    const [refused] = await w.run(w.as('ben'), '/quiz stop');
    expect(textOf(refused!)).toContain('Only the person who started this quiz, or an admin');
    const [stopped] = await w.run(w.as('cy', { admin: true }), '/quiz stop');
    expect(textOf(stopped!)).toContain('Quiz stopped');
    expect(textOf(w.chat.posts.at(-1)!.reply)).toContain('Quiz stopped: final scores');
    const [again] = await w.run(w.as('ben'), '/quiz start 1 10');
    expect(textOf(again!)).toContain('Quiz started');
  });

  it('says exactly which permissions it lacks before starting', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [r] = await w.run(w.as('ana', { missing: ['Send Messages', 'Embed Links'] }), '/quiz start');
    expect(textOf(r!)).toContain("I'm missing Send Messages, Embed Links");
    expect(w.chat.posts).toHaveLength(0);
  });

  it('says so, and starts nothing, when the first round cannot be posted', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    w.chat.failNext = [new DeliveryError('no_access', 'I am not allowed to post in this channel.')];
    const [r] = await w.run(w.as('ana'), '/quiz start');
    expect(textOf(r!)).toContain("I couldn't start the quiz: I am not allowed to post in this channel.");
    expect(w.chat.notifications).toHaveLength(0); // told directly, not by DM
    const [again] = await w.run(w.as('ana'), '/quiz start 1 10');
    expect(textOf(again!)).toContain('Quiz started');
  });

  it('never records an answer on a closed round, even if the click raced the reveal', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    await w.run(w.as('ana'), '/quiz start 2 20');
    const { right, post } = await options(w, w.chat.posts[0]!.reply);
    await w.store.closePost(post.id, Date.parse('2026-11-23T10:00:05Z')); // another process revealed it
    const result = await w.store.recordAnswer({ postId: post.id, platform: 'console', workspaceId: 'w1', userId: 'u-ben', userName: 'ben', questionId: post.questionId, kind: 'session', choices: [0], correct: false, points: 0, answeredAt: Date.parse('2026-11-23T10:00:06Z') });
    expect(result).toMatchObject({ recorded: false, closed: true });
    const [r] = await w.press(w.as('ben'), right);
    expect(textOf(r!)).toContain('This question is closed');
    expect(await w.store.answersForPost(post.id)).toEqual([]);
  });

  it('explains bad start arguments', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    const [r] = await w.run(w.as('ana'), '/quiz start 50 2');
    expect(textOf(r!)).toContain('A quiz has at most 20 rounds; 50 is more than that.');
    expect(textOf(r!)).toContain('Seconds per question must be from 10 to 300');
    const [over] = await w.run(w.as('ana'), '/quiz start 0 900');
    expect(textOf(over!)).toContain('Rounds must be a whole number from 1 to 20.');
    expect(textOf(over!)).toContain('A round is open for at most 300 seconds; 900 is more than that.');
    const [t] = await w.run(w.as('ana'), '/quiz start quantum-physics');
    expect(textOf(t!)).toContain('I have no questions about "quantum-physics"');
    // An unknown difficulty is an error, not part of the topic.
    for (const line of ['/quiz start 5 30 rds expert', '/quiz start 5 30 rds impossible', '/quiz start rds difficulty:extreme']) {
      const [d] = await w.run(w.as('ana'), line);
      expect(textOf(d!)).toMatch(/"(expert|impossible|extreme)" is not a difficulty: use easy, medium or hard\.\nUsage: \/quiz start/);
    }
    const [two] = await w.run(w.as('ana'), '/quiz start rds hard easy');
    expect(textOf(two!)).toContain('Give one difficulty: easy, medium or hard.');
    expect(w.chat.posts).toHaveLength(0);
  });

  it('never repeats a question in a channel until the filtered pool is used up, sharing that history with the daily questions', async () => {
    const w = quizWorld('2026-11-23T08:59:00Z');
    try {
      const pool = w.core.quiz!.bank.select({ topic: 'rds', difficulty: 'hard' }).map((q) => q.id);
      expect(pool.length).toBeGreaterThanOrEqual(3);
      expect(pool.length).toBeLessThanOrEqual(20);
      const asked = async () => Promise.all(w.chat.posts.filter((p) => p.dedupeKey && !p.dedupeKey.startsWith('end-')).map(async (p) => (await questionIn(w, p.reply)).q.id));
      // The channel's daily question comes first, from the same pool.
      await w.run(w.as('ada', { admin: true }), '/quiz schedule 09:00 UTC rds hard');
      w.clock.set('2026-11-23T09:00:00Z');
      await w.tick();
      const [daily] = await asked();
      expect(pool).toContain(daily);
      w.clock.advance(60_000);
      // A quiz over the rest of the pool asks only questions this channel has not had.
      await w.run(w.as('ana'), `/quiz start ${pool.length - 1} 10 rds hard`);
      const general = { platform: 'console' as const, workspaceId: 'w1', channelId: 'general' };
      for (let round = 1; round < pool.length + 3 && (await w.store.activeSession(general)); round++) {
        // Someone plays each round (a quiz nobody answers stops on its own), which closes it at once.
        const open = (await w.store.sessionPosts((await w.store.activeSession(general))!.id)).find((p) => p.status === 'open');
        if (open) await w.press(w.as('ben'), pickButton(w.core.quiz!.bank.get(open.questionId)!, open.id, [0]));
        w.clock.advance(11_000);
        await w.tick();
      }
      expect(textOf(w.chat.posts.at(-1)!.reply)).toContain(`Quiz over after ${pool.length - 1} round`);
      const first = await asked();
      expect([...first].sort()).toEqual([...pool].sort());
      // Used up: the next quiz starts again from the question asked longest ago, the daily one.
      w.clock.advance(60_000);
      await w.run(w.as('ana'), '/quiz start 2 10 rds hard');
      w.clock.advance(11_000);
      await w.tick();
      expect((await asked()).slice(first.length)).toEqual([daily, first[1]]);
      // Another channel has its own history.
      await w.run(w.as('ana', { channel: 'random' }), `/quiz start ${pool.length} 10 rds hard`);
      const other = (await w.store.activeSession({ platform: 'console', workspaceId: 'w1', channelId: 'random' }))!;
      expect([...other.questionIds].sort()).toEqual([...pool].sort());
    } finally {
      await w.dispose();
    }
  });

  it('stops on its own after two rounds nobody answered, and says so; the final board never crowns 0 points', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    try {
      await w.run(w.as('ana'), '/quiz start 5 10');
      const playRound = async (answer: 'right' | 'wrong' | 'none') => {
        if (answer !== 'none') await w.press(w.as('ana'), (await questionIn(w, w.chat.posts.at(-1)!.reply))[answer]);
        w.clock.advance(11_000);
        await w.tick();
      };
      await playRound('wrong');
      await playRound('none');
      expect(w.chat.posts).toHaveLength(3); // one quiet round is no reason to stop
      await playRound('none');
      expect(w.chat.posts).toHaveLength(4);
      const final = textOf(w.chat.posts.at(-1)!.reply);
      expect(final).toContain('Quiz stopped: nobody answered the last 2 rounds');
      expect(final).toContain('Nobody scored: no right answers this time.');
      expect(final).not.toContain('Top of the table');
      expect(await w.store.activeSession({ platform: 'console', workspaceId: 'w1', channelId: 'general' })).toBeUndefined();
      // A quiz nobody answered at all says that, not "no answers yet".
      await w.run(w.as('ana'), '/quiz start 2 10');
      await playRound('none');
      await playRound('none');
      const empty = textOf(w.chat.posts.at(-1)!.reply);
      expect(empty).toContain('Quiz over after 2 rounds');
      expect(empty).toContain('Nobody answered this quiz.');
      expect(empty).not.toMatch(/no answers yet|Top of the table/);
    } finally {
      await w.dispose();
    }
  });

  it('mixes topics given with commas, and refuses a mix that matches no question with the start usage', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    try {
      const [started] = await w.run(w.as('ana'), '/quiz start 10 30 rds,lambda,iam');
      expect(textOf(started!)).toContain('10 rounds, 30 seconds each');
      const session = (await w.store.activeSession({ platform: 'console', workspaceId: 'w1', channelId: 'general' }))!;
      const about = (id: string) => {
        const q = w.core.quiz!.bank.get(id)!;
        return ['rds', 'lambda', 'iam'].filter((t) => q.services.includes(t) || q.topics.includes(t) || q.domain === t);
      };
      for (const id of session.questionIds) expect(about(id).length).toBeGreaterThan(0);
      expect(new Set(session.questionIds.flatMap(about)).size).toBeGreaterThan(1);
      const [unknown] = await w.run(w.as('ben', { channel: 'random' }), '/quiz start 5 30 rds, warp-drives');
      expect(textOf(unknown!)).toContain('I have no questions about "warp-drives"');
      expect(textOf(unknown!)).toContain('Usage: /quiz start [rounds 1-20]');
      expect(w.chat.inChannel('random')).toHaveLength(0);
    } finally {
      await w.dispose();
    }
  });

  it('keeps buttons working after a restart because their state lives in the store', async () => {
    const w = quizWorld('2026-11-23T10:00:00Z');
    await w.run(w.as('ana'), '/quiz start 2 60');
    const { right } = await options(w, w.chat.posts[0]!.reply);
    await w.store.close();
    const after = quizWorld('2026-11-23T10:00:10Z', { file: w.file });
    after.core.messengers.set('console', w.chat);
    const [r] = await after.press(after.as('ben'), right);
    expect(textOf(r!)).toContain('Right');
    expect(textOf(w.chat.current(w.chat.posts[0]!))).toContain('1 answer so far');
  });
});
