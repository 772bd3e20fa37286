// Study-group sessions in a thread: on Slack the first round goes in the channel and every later round,
// reveal and the final scoreboard in that message's thread; a channel can make threads its default
// (admins only), and a start can still say thread:false. Discord opens its own thread; the console has none.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { IDS } from '../discord/support/fake-discord.ts';
import { ADMIN_PERMS, answerOf, channelPosts, opt, quiz, visible } from '../discord/support/quiz.ts';
import type { Harness } from '../slack/support/harness.ts';
import { answerButtons, click, read, slackWorld, slash } from '../slack/support/quiz-world.ts';
import { consoleSession } from '../support/console.ts';
import { makeCore } from '../support/core.ts';

const slacks: Harness[] = [];
const bots: RunningBot[] = [];
afterEach(async () => {
  while (slacks.length) await slacks.pop()!.stop();
  while (bots.length) await bots.pop()!.close();
});

const SECOND = 1000;
const ann = { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' };
const admin = { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0QUIZ' };

describe('a Slack session in a thread', () => {
  it('posts round 1 in the channel, then round 2, its reveal and the scoreboard in round 1’s thread', async () => {
    const { h, clock, tick } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    const started = read(await slash(h, 'start 2 20 thread', ann));
    expect(started).toContain('Quiz started (round 1 here, the rest in its thread): 2 rounds, 20 seconds each');
    expect(started).not.toContain("Threads aren't available");
    const posts = () => h.fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === 'C0QUIZ');
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body.thread_ts).toBeUndefined();
    const root = h.fake.messagesIn('C0QUIZ')[0]!.ts;
    const { right } = await answerButtons(h, posts()[0]!.body.blocks);
    await click(h, right, root, ann);

    clock.advance(21 * SECOND);
    await tick();
    await h.fake.waitFor(() => posts().length === 2);
    expect(posts()[1]!.body.thread_ts).toBe(root);
    expect(read(posts()[1]!.body)).toContain('Quiz round 2');
    // Round 1's reveal edits its own message in the channel; round 2 is answered in the thread.
    expect(h.fake.callsOf('chat.update').some((c) => c.body.ts === root && read(c.body).includes('closed'))).toBe(true);
    const round2 = h.fake.messagesIn('C0QUIZ')[1]!;
    expect(round2.thread_ts).toBe(root);
    const second = await answerButtons(h, round2.blocks as any[]);
    await click(h, second.right, round2.ts, ann);

    clock.advance(21 * SECOND);
    await tick();
    await h.fake.waitFor(() => posts().length === 3);
    const final = posts()[2]!.body;
    expect(final.thread_ts).toBe(root);
    expect(read(final)).toMatch(/ann/);
    expect(h.fake.callsOf('chat.update').some((c) => c.body.ts === round2.ts && read(c.body).includes('closed'))).toBe(true);
    // Nothing but round 1 reached the channel itself.
    expect(h.fake.messagesIn('C0QUIZ').filter((m) => !m.thread_ts)).toHaveLength(1);
  });

  it('makes threads the channel default (admins only), which thread:false overrides', async () => {
    const { h, clock, tick } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    expect(read(await slash(h, 'threads', ann))).toContain('run in the channel unless started with "thread"');
    expect(read(await slash(h, 'threads on', ann))).toContain('only admins');
    expect(read(await slash(h, 'threads maybe', admin))).toMatch(/"maybe" is not on or off\.[\s\S]*\/quiz threads \[on\|off\]/);
    expect(read(await slash(h, 'threads', ann))).toContain('run in the channel');
    expect(read(await slash(h, 'threads on', admin))).toContain('Saved: quizzes in this channel now run in a thread');
    expect(read(await slash(h, 'threads', ann))).toContain('run in a thread unless started with thread:false');
    // Another channel keeps its own default.
    expect(read(await slash(h, 'threads', { ...ann, channelId: 'C0OTHER' }))).toContain('run in the channel');

    expect(read(await slash(h, 'start 1 10', ann))).toContain('round 1 here, the rest in its thread');
    clock.advance(11 * SECOND);
    await tick();
    const inQuiz = () => h.fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === 'C0QUIZ');
    await h.fake.waitFor(() => inQuiz().length === 2);
    expect(inQuiz()[1]!.body.thread_ts).toBe(h.fake.messagesIn('C0QUIZ')[0]!.ts);

    expect(read(await slash(h, 'start 1 10 thread:false', ann))).not.toContain('thread');
    clock.advance(11 * SECOND);
    await tick();
    await h.fake.waitFor(() => inQuiz().length === 4);
    expect(inQuiz().slice(2).map((c) => c.body.thread_ts)).toEqual([undefined, undefined]);

    expect(read(await slash(h, 'threads off', admin))).toContain('run in the channel again');
    expect(read(await slash(h, 'threads', ann))).toContain('run in the channel unless');
  });
});

describe('the thread default on Discord and in the console', () => {
  it('Discord: with threads on, /quiz start opens a thread; only Manage Server may change it', async () => {
    const bot = await startBot(makeCore({ clock: new FakeClock('2026-11-23T10:00:00Z') }));
    bots.push(bot);
    const { fake } = bot;
    expect(visible(await answerOf(fake, quiz(fake, 'threads', [opt.str('action', 'on')])))).toContain('only admins');
    expect(visible(await answerOf(fake, quiz(fake, 'threads', [opt.str('action', 'on')], { memberPermissions: ADMIN_PERMS })))).toContain('Saved');
    const started = await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.int('seconds', 10)]));
    expect(visible(started)).toContain('Quiz started in a new thread');
    const open = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${IDS.channel}/threads`)!;
    expect(channelPosts(fake, open.response!.body.id)).toHaveLength(1);
    expect(channelPosts(fake, IDS.channel)).toHaveLength(0);
  });

  it('console: the default is kept, and a quiz says threads are not available here', async () => {
    const c = consoleSession(makeCore({ clock: new FakeClock('2026-11-23T10:00:00Z') }));
    expect(await c.type('/quiz threads on')).toContain('Saved');
    expect(await c.type('/quiz start 1 10')).toContain("Threads aren't available here, so it runs in the channel.");
  });
});
