// Daily questions through the command registry, on a real SQLite file, with a fake clock.
import { describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../src/core/ports/messenger.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { questionIn, quizWorld, textOf, type QuizWorld } from '../support/quiz.ts';

const answerButtons = (w: QuizWorld, reply: Reply) => questionIn(w, reply);

// Monday 23 Nov 2026, 07:59 UTC = 08:59 in Berlin (CET, UTC+1).
const MONDAY_0859_BERLIN = '2026-11-23T07:59:00Z';

describe('daily question', () => {
  it('lets only admins schedule, and rejects bad arguments without changing anything', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    const [refusal] = await w.run(w.as('bob'), '/quiz schedule 09:00 Europe/Berlin mon-fri');
    expect(textOf(refusal!)).toContain('only admins');
    const [bad] = await w.run(w.as('ana', { admin: true }), '/quiz schedule 25:00 Mars/Olympus');
    expect(textOf(bad!)).toContain('"25:00" is not a time of day');
    expect(textOf(bad!)).toContain('"Mars/Olympus" is not an IANA timezone');
    expect(textOf(bad!)).toContain('Usage: /quiz schedule');
    expect(await w.store.listSchedules()).toEqual([]);
    const [ok] = await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin mon-fri');
    expect(textOf(ok!)).toContain('09:00 Europe/Berlin, Monday to Friday');
    const [shown] = await w.run(w.as('bob'), '/quiz schedule show');
    expect(textOf(shown!)).toContain('2026-11-23 08:00 UTC');
  });

  it('takes every IANA zone name in any case and shows it in its canonical case; the question shows its closing time in that zone', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    try {
      const admin = w.as('ana', { admin: true });
      const zones = [['cet', 'CET'], ['CET', 'CET'], ['europe/berlin', 'Europe/Berlin'], ['us/pacific', 'US/Pacific'], ['america/argentina/buenos_aires', 'America/Argentina/Buenos_Aires'], ['etc/gmt+5', 'Etc/GMT+5'], ['Asia/Calcutta', 'Asia/Calcutta'], ['utc', 'UTC'], ['EST5EDT', 'EST5EDT']];
      for (const [typed, canonical] of zones) {
        const [r] = await w.run(admin, `/quiz schedule 09:00 ${typed} daily`);
        expect(textOf(r!)).toContain(`09:00 ${canonical}, every day`);
        expect((await w.store.getSchedule({ platform: 'console', workspaceId: 'w1', channelId: 'general' }))!.timezone).toBe(canonical);
      }
      for (const bad of ['+02:00', 'Mars/Olympus', 'Europe/Atlantis']) {
        const [r] = await w.run(admin, `/quiz schedule 09:00 ${bad} daily`);
        expect(textOf(r!)).toMatch(/is not an IANA timezone|Give an IANA timezone/);
      }
      // 09:00 CET is 08:00 UTC; open for 90 minutes, it closes at 10:30 CET, and says so in CET.
      await w.run(admin, '/quiz schedule 09:00 cet daily window:90m');
      w.clock.set('2026-11-23T08:00:00Z');
      await w.tick();
      const posted = w.chat.posts.at(-1)!.reply;
      expect(textOf(posted)).toContain('closes Mon 23 Nov, 10:30 CET');
      const meta = posted.blocks.find((b) => b.type === 'context' && 'moment' in b && b.moment);
      expect(meta).toMatchObject({ moment: { at: Date.parse('2026-11-23T09:30:00Z'), shown: 'Mon 23 Nov, 10:30 CET' } });
    } finally {
      await w.dispose();
    }
  });

  it('posts once at the scheduled local time, answers privately, shows a live count, then reveals', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin mon-fri');
    await w.tick();
    expect(w.chat.posts).toHaveLength(0);
    w.clock.advance(60_000);
    await w.tick();
    await w.tick();
    expect(w.chat.posts).toHaveLength(1);
    const post = w.chat.posts[0]!;
    expect(post.reply.visibility).toBe('public');
    expect(textOf(post.reply)).toContain('Daily question');

    const { right, wrong, q } = await answerButtons(w, post.reply);
    const [mine] = await w.press(w.as('bob'), right);
    expect(mine!.visibility).toBe('private');
    expect(textOf(mine!)).toContain('Right');
    expect(textOf(mine!)).toContain(q.explanation);
    const [theirs] = await w.press(w.as('cy'), wrong);
    expect(textOf(theirs!)).toContain('Not quite');
    const live = w.chat.current(post);
    expect(textOf(live)).toContain('2 answers so far');
    expect(textOf(live)).not.toMatch(/\b(bob|cy)\b/); // never who chose what

    // Closes shortly before the next post (Tuesday 09:00 Berlin), then reveals.
    w.clock.set('2026-11-24T07:56:00Z');
    await w.tick();
    const revealed = textOf(w.chat.current(post));
    expect(revealed).toContain('closed');
    expect(revealed).toContain(q.options[q.correct[0]!]!.text);
    expect(revealed).toContain('1 of 2 got it right (50%)');
    expect(revealed).toContain('First correct: bob');

    const [late] = await w.press(w.as('dee'), right);
    expect(textOf(late!)).toContain('This question is closed');
    expect((await w.store.answersForPost(right.value.split(':')[0]!)).length).toBe(2);
  });

  it('records a double click once and changes no score', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin daily');
    w.clock.advance(60_000);
    await w.tick();
    const { right, wrong, post } = await answerButtons(w, w.chat.posts[0]!.reply);
    await Promise.all([w.press(w.as('bob'), right), w.press(w.as('bob'), right)]);
    const [again] = await w.press(w.as('bob'), wrong);
    expect(textOf(again!)).toContain('You already answered');
    const answers = await w.store.answersForPost(post.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.correct).toBe(true);
    const [board] = await w.run(w.as('bob'), '/quiz leaderboard');
    expect(textOf(board!)).toContain('1. bob: 10 pts');
  });

  it('skips days outside the schedule and follows daylight saving time', async () => {
    // Friday 27 March 2026 is CET (UTC+1); Monday 30 March is CEST (UTC+2).
    const w = quizWorld('2026-03-27T07:00:00Z');
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin mon-fri');
    const times: string[] = [];
    for (let t = Date.parse('2026-03-27T07:00:00Z'); t <= Date.parse('2026-03-30T09:00:00Z'); t += 15 * 60_000) {
      w.clock.set(new Date(t));
      const before = w.chat.posts.length;
      await w.tick();
      if (w.chat.posts.length > before) times.push(new Date(t).toISOString());
    }
    expect(times).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('does not repeat a question until the filtered bank is used up', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin daily rds-engine-patching');
    const pool = w.core.quiz!.bank.select({ topic: 'rds-engine-patching' }).map((q) => q.id);
    expect(pool.length).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    for (let day = 0; day < pool.length + 1; day++) {
      w.clock.set(new Date(Date.parse('2026-11-23T08:00:00Z') + day * 86_400_000));
      await w.tick();
      const last = w.chat.posts.at(-1)!;
      seen.push((await answerButtons(w, last.reply)).post.questionId);
    }
    expect(new Set(seen.slice(0, pool.length)).size).toBe(pool.length);
    expect(seen[pool.length]).toBe(seen[0]); // the oldest comes back first
  });

  it('makes a post missed during downtime once within the grace period, and not after it', async () => {
    const w = quizWorld('2026-11-23T09:30:00Z'); // 10:30 Berlin: 90 minutes late
    await w.store.saveSchedule({ platform: 'console', workspaceId: 'w1', channelId: 'general', time: '09:00', timezone: 'Europe/Berlin', days: '*', createdBy: 'u-ana', createdAt: Date.parse('2026-11-01T00:00:00Z') });
    await w.tick();
    await w.tick();
    expect(w.chat.posts).toHaveLength(1);

    const late = quizWorld('2026-11-23T10:30:00Z'); // 11:30 Berlin: 2.5 hours late
    await late.store.saveSchedule({ platform: 'console', workspaceId: 'w1', channelId: 'general', time: '09:00', timezone: 'Europe/Berlin', days: '*', createdBy: 'u-ana', createdAt: Date.parse('2026-11-01T00:00:00Z') });
    await late.tick();
    expect(late.chat.posts).toHaveLength(0);
  });

  it('never posts twice when two processes share the database file', async () => {
    const a = quizWorld('2026-11-23T08:00:00Z');
    const b = quizWorld('2026-11-23T08:00:00Z', { file: a.file });
    b.core.messengers.set('console', a.chat); // both talk to the same chat platform
    await a.run(a.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin daily');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(a.chat.posts).toHaveLength(1);
    // A restart (a fresh process on the same file) does not post again either.
    const c = quizWorld('2026-11-23T08:30:00Z', { file: a.file });
    c.core.messengers.set('console', a.chat);
    await c.tick();
    expect(a.chat.posts).toHaveLength(1);
  });

  it('posts to many channels at once when the chat service is slow, each exactly once', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    const channels = Array.from({ length: 20 }, (_, i) => `team-${i}`);
    for (const channel of channels) await w.run(w.as('ana', { admin: true, channel }), '/quiz schedule 09:00 Europe/Berlin mon-fri');
    let release!: () => void;
    w.chat.slow = new Promise<void>((resolve) => (release = resolve));
    w.clock.advance(60_000);
    const tick = w.tick();
    // Every post is held by the slow service: several are waiting together, not one after another.
    await vi.waitFor(() => expect(w.chat.inFlight).toBe(8));
    release();
    await tick;
    await w.tick();
    expect(w.chat.mostInFlight).toBe(8);
    expect(w.chat.posts.map((p) => p.to.channelId).sort()).toEqual([...channels].sort());
  });

  it('retries a post that failed with a server error, and posts it exactly once', async () => {
    const w = quizWorld('2026-11-23T08:00:00Z');
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin daily');
    w.chat.failNext = [new DeliveryError('transient', 'HTTP 503'), new DeliveryError('transient', 'timeout')];
    for (let i = 0; i < 12; i++) {
      await w.tick();
      w.clock.advance(30_000);
    }
    expect(w.chat.posts).toHaveLength(1);
    const [post] = await Promise.all([w.store.getDailyPost({ platform: 'console', workspaceId: 'w1', channelId: 'general' }, '2026-11-23')]);
    expect(post!.status).toBe('open');
    expect(post!.attempts).toBeGreaterThanOrEqual(3);
  });

  it('tells the person who set the schedule when the bot cannot post in the channel', async () => {
    const w = quizWorld('2026-11-23T08:00:00Z');
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin daily');
    w.chat.failNext = [new DeliveryError('no_access', 'I am not a member of that channel.')];
    await w.tick();
    w.clock.advance(120_000);
    await w.tick();
    expect(w.chat.posts).toHaveLength(0);
    expect(w.chat.notifications).toHaveLength(1);
    expect(w.chat.notifications[0]!.userId).toBe('u-ana');
    expect(textOf(w.chat.notifications[0]!.reply)).toContain('I am not a member of that channel.');
  });

  it('counts streaks of consecutive correct daily answers per channel', async () => {
    const w = quizWorld('2026-11-23T08:00:00Z');
    await w.run(w.as('ana', { admin: true }), '/quiz schedule 09:00 Europe/Berlin daily');
    const results: string[] = [];
    for (const [day, correct] of [[0, true], [1, true], [2, true], [3, false], [4, true]] as const) {
      w.clock.set(new Date(Date.parse('2026-11-23T08:00:00Z') + day * 86_400_000));
      await w.tick();
      const { right, wrong } = await answerButtons(w, w.chat.posts.at(-1)!.reply);
      const [r] = await w.press(w.as('bob'), correct ? right : wrong);
      results.push(textOf(r!));
    }
    expect(results[2]).toContain('3 in a row');
    const streak = await w.store.streak({ platform: 'console', workspaceId: 'w1', channelId: 'general' }, 'u-bob');
    expect(streak).toEqual({ current: 1, best: 3 });
    const [stats] = await w.run(w.as('bob'), '/quiz stats');
    expect(textOf(stats!)).toContain('current 1, best 3');
  });
});
