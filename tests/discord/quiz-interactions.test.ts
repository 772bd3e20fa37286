// /quiz on Discord end to end (see quiz.test.ts): answer buttons across double clicks and restarts, the
// 3-second window, mention safety on quiz messages, autocomplete and the invite URL's permissions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS } from '../../src/adapters/discord/context.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { makeCore } from '../support/core.ts';
import { tempDbFile } from '../support/quiz.ts';
import { startBot } from './support/bot.ts';
import { BOT_PERMS, FakeDiscord, IDS, PERMS, messageBodies } from './support/fake-discord.ts';
import { ANA, BEN, EPHEMERAL, answerKey, answerOf, answerWith, channelPosts, edits, lastEdit, opt, person, quiz, visible } from './support/quiz.ts';
import { SECOND, quizBots } from './support/quiz-bots.ts';

const { running, cleanups, quizBot } = quizBots();
/** Answers on a message as it currently is in the fake (as Discord would send it): a click or a pick. */
const click = answerWith;
const RAW_MENTION = /@(everyone|here)|<@[!&]?\d/;

describe('answer buttons', () => {
  it('count a double click once and say "You already answered" to the second', async () => {
    const { fake, core } = await quizBot('2026-11-23T10:00:00Z');
    await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1)]));
    const [question] = channelPosts(fake, IDS.channel);
    const key = await answerKey(core, question!.message);

    // Both clicks arrive before either is answered, as a real double click does.
    const first = click(fake, key.right, question!.message, BEN);
    const second = click(fake, key.right, question!.message, BEN);
    const replies = [await answerOf(fake, first), await answerOf(fake, second)];
    for (const r of replies) expect(r.flags).toBe(EPHEMERAL);
    const titles = replies.map((r) => r.embeds[0].title as string).sort();
    expect(titles[0]).toMatch(/^Right: /);
    expect(titles[1]).toMatch(/^You already answered [A-E](?:(?:, | and )[A-E])*: right/);

    // A third click, on another option, changes nothing either.
    const third = await answerOf(fake, click(fake, key.wrong, question!.message, BEN));
    expect(third.embeds[0].title).toMatch(/^You already answered [A-E](?:(?:, | and )[A-E])*: right/);
    const answers = await core.quiz!.store.answersForPost(key.postId);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ userId: BEN.id, correct: true });
    // One live update for one answer.
    expect(edits(fake, question!.message.id).map((e) => visible(e.body).match(/\d+ answers? so far/)?.[0])).toEqual(['1 answer so far']);
  });

  it('keep working on messages posted before a restart (new client, new core, same SQLite file)', async () => {
    const file = tempDbFile();
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const firstStore = new SqliteStore(file);
    const first = await startBot(makeCore({ store: firstStore, clock }), { fake });
    await answerOf(first.fake, quiz(first.fake, 'start', [opt.int('rounds', 2), opt.int('seconds', 60)], { user: ANA }));
    const [question] = channelPosts(first.fake, IDS.channel);

    // Stop everything: the Discord client is destroyed and the database closed.
    await first.close();
    await firstStore.close();
    expect(first.adapter.client.isReady()).toBe(false);

    clock.advance(5 * SECOND);
    const secondStore = new SqliteStore(file);
    cleanups.push(() => secondStore.close());
    const second = await startBot(makeCore({ store: secondStore, clock }), { fake });
    running.push(second);
    expect(first.fake.identifies).toHaveLength(2);

    const key = await answerKey(second.core, question!.message);
    const reply = await answerOf(second.fake, click(second.fake, key.right, question!.message, BEN));
    expect(reply.flags).toBe(EPHEMERAL);
    expect(reply.embeds[0].title).toMatch(/^Right: /);
    expect(visible(lastEdit(second.fake, question!.message.id).body)).toContain('1 answer so far');
    expect(await secondStore.answersForPost(key.postId)).toHaveLength(1);

    // The session itself carries on from the file: the timer closes round 1 and posts round 2.
    clock.advance(60 * SECOND);
    await second.core.quiz!.tick();
    expect(channelPosts(second.fake, IDS.channel).map((p) => p.request.body.embeds[0].title)).toEqual(['Quiz round 1', 'Quiz round 2']);
  });
});

describe('the 3-second window', () => {
  it('answers /quiz start directly when Discord is fast', async () => {
    const { fake } = await quizBot();
    const t0 = performance.now();
    const start = quiz(fake, 'start', [opt.int('rounds', 1)]);
    const cb = await fake.callback(start);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(EPHEMERAL);
  });

  it('defers /quiz start privately when posting the question is slow, then edits in the result', async () => {
    const { fake } = await quizBot();
    fake.slow('POST', new RegExp(`^/channels/${IDS.channel}/messages$`), 2500, 1);
    const t0 = performance.now();
    const start = quiz(fake, 'start', [opt.int('rounds', 1)]);
    const cb = await fake.callback(start, 3000);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(cb.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const result = await answerOf(fake, start);
    expect(visible(result)).toContain('Quiz started: 1 round');
    expect(channelPosts(fake, IDS.channel)).toHaveLength(1);
  });

  it('defers an answer click when the live-count edit is slow (e.g. rate limited), then edits in the result', async () => {
    const { fake, core } = await quizBot();
    await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1)]));
    const [question] = channelPosts(fake, IDS.channel);
    const key = await answerKey(core, question!.message);
    fake.slow('PATCH', /^\/channels\/\d+\/messages\/\d+$/, 2500, 1);
    const t0 = performance.now();
    const i = click(fake, key.right, question!.message, BEN);
    const cb = await fake.callback(i, 3000);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(cb.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect((await answerOf(fake, i)).embeds[0].title).toMatch(/^Right: /);
  });
});

describe('mention safety on quiz messages', () => {
  it('never lets a display name like "@everyone <@&456>" ping anyone, on any body', async () => {
    const { fake, core, clock } = await quizBot('2026-11-23T10:00:00Z');
    const troll = person('900000000000000030', 'troll', '@everyone <@&456>');
    await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.int('seconds', 10), opt.bool('thread', true)], { user: troll }));
    const thread = fake.requests.find((r) => r.path.endsWith('/threads'))!;
    expect(thread.body.name).toBe('Quiz started by @\u200beveryone <@\u200b&456>');
    const threadId: string = thread.response!.body.id;
    const [question] = channelPosts(fake, threadId);
    const key = await answerKey(core, question!.message);
    clock.advance(1 * SECOND);
    await answerOf(fake, click(fake, key.right, question!.message, troll));
    clock.advance(3 * SECOND);
    await answerOf(fake, click(fake, key.right, question!.message, ANA));
    clock.advance(10 * SECOND);
    await core.quiz!.tick();
    await answerOf(fake, quiz(fake, 'leaderboard', [opt.str('period', 'all')], { user: troll }));

    const reveal = visible(lastEdit(fake, question!.message.id).body);
    expect(reveal).toContain('First correct: @\u200beveryone <@\u200b&456>, Ana.');
    expect(reveal).toMatch(/Scores after round 1 of 1: 1\. @\u200beveryone <@\u200b&456>: \d+ pts/);
    const final = channelPosts(fake, threadId).at(-1)!.request.body;
    expect(visible(final)).toContain('Top of the table: @\u200beveryone <@\u200b&456>');

    const bodies = messageBodies(fake.requests);
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    for (const body of bodies) {
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(JSON.stringify(body)).not.toMatch(RAW_MENTION);
    }
    expect(JSON.stringify(thread.body)).not.toMatch(RAW_MENTION);
  });
});

describe('autocomplete', () => {
  it('suggests topics and services for /quiz start topic: from the core', async () => {
    const { fake, core } = await quizBot();
    const i = fake.autocomplete('quiz', [{ name: 'start', type: 1, options: [opt.int('rounds', 3), { ...opt.str('topic', 'rds'), focused: true }] }]);
    const cb = await fake.callback(i);
    expect(cb.body.type).toBe(8);
    const choices: { name: string; value: string }[] = cb.body.data.choices;
    expect(choices).toContainEqual({ name: 'Amazon RDS (rds)', value: 'rds' });
    expect(choices).toEqual(core.registry.autocomplete('quiz', 'topic', 'rds').map((s) => ({ name: s.label, value: s.value })));
    expect(choices.length).toBeLessThanOrEqual(25);

    const empty = await fake.callback(fake.autocomplete('quiz', [{ name: 'practice', type: 1, options: [{ ...opt.str('topic', ''), focused: true }] }]));
    expect(empty.body.data.choices.length).toBeGreaterThan(0);
    expect(empty.body.data.choices.length).toBeLessThanOrEqual(25);
    const nothing = await fake.callback(fake.autocomplete('quiz', [{ name: 'start', type: 1, options: [{ ...opt.str('topic', 'zzzz-no-such-topic'), focused: true }] }]));
    expect(nothing.body.data.choices).toEqual([]);
  });
});

describe('the invite URL in docs/discord.md', () => {
  it('asks for exactly the permissions the bot checks before posting, and a fake bot with them can do everything above', () => {
    expect(INVITE_PERMISSIONS).toBe(309237664768n);
    expect(INVITE_PERMISSIONS).toBe(PERMS.viewChannel | PERMS.sendMessages | PERMS.embedLinks | PERMS.createPublicThreads | PERMS.sendMessagesInThreads);
    expect(BigInt(BOT_PERMS)).toBe(INVITE_PERMISSIONS);
    const doc = readFileSync('docs/discord.md', 'utf8');
    expect(doc).toContain(`scope=bot+applications.commands&permissions=${INVITE_PERMISSIONS}`);
  });
});
