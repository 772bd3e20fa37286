// /quiz through the real Bolt app (see quiz.test.ts): the daily question at its local time, and what
// Slack re-sends or holds up (retries, double clicks, 429s) never doubling a post, an answer or an update.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { CaptureLog } from './support/capture-log.ts';
import { BOT_USER_ID, FakeSlack } from './support/fake-slack.ts';
import { blockTexts, buttonsOf, startHarness, type Harness, type HarnessOptions } from './support/harness.ts';
import { click, MONDAY_0900_BERLIN, nthPost, okPostsTo, question, read, scheduledWorld, slackWorld, slash, updatesOf } from './support/quiz-world.ts';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

const world = (start = '2026-11-23T10:00:00Z', opts: HarnessOptions = {}) => slackWorld(running, start, opts);
const scheduled = (opts: HarnessOptions = {}) => scheduledWorld(running, opts);

describe('daily question', () => {
  it('posts exactly once at 09:00 Berlin, set by a signed /quiz schedule from an admin', async () => {
    const { h, clock, tick } = await scheduled();
    await tick();
    expect(okPostsTo(h, 'C0DAILY')).toHaveLength(0);
    clock.set(MONDAY_0900_BERLIN);
    await tick();
    expect(okPostsTo(h, 'C0DAILY')).toHaveLength(1);
    await tick();
    clock.advance(30 * 60_000);
    await tick();
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe('C0DAILY');
    expect(blockTexts(posts[0]!.body.blocks, 'header')).toEqual(['Daily question']);
    expect(buttonsOf(posts[0]!.body.blocks).filter((b) => b.action_id.startsWith('quiz.answer:')).length).toBeGreaterThanOrEqual(2);
  });

  it('honours a 429 Retry-After on the daily post and ends with exactly one post', async () => {
    const { h, clock, tick } = await scheduled();
    clock.set(MONDAY_0900_BERLIN);
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await tick();
    const calls = h.fake.callsOf('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    clock.advance(2 * 60_000);
    await tick();
    expect(h.fake.messagesIn('C0DAILY')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.ok)).toHaveLength(1);
  });

  it('DMs the schedule’s creator once when the bot was removed from the channel (not_in_channel)', async () => {
    const { h, clock, tick } = await scheduled();
    clock.set(MONDAY_0900_BERLIN);
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await tick();
    const dm = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.ok);
    expect(h.fake.callsOf('conversations.open').map((c) => c.body.users)).toEqual(['U0ADMIN']);
    expect(dm.body.channel).toBe('DU0ADMIN');
    expect(dm.body.text).toContain("I couldn't post the daily question in channel C0DAILY");
    expect(dm.body.text).toContain('I am not a member of that channel; anyone in it can add me by typing /invite @Responsibot there.');
    // A permanent failure: no retry, no second DM.
    clock.advance(5 * 60_000);
    await tick();
    await tick();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(2);
    expect(h.fake.messagesIn('C0DAILY')).toHaveLength(0);
  });

  it('DMs the creator for channel_not_found too', async () => {
    const { h, clock, tick } = await scheduled();
    clock.set(MONDAY_0900_BERLIN);
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await tick();
    const dm = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.ok);
    expect(dm.body.channel).toBe('DU0ADMIN');
    expect(dm.body.text).toContain('I cannot find that channel');
  });

  it('records a retried or double-clicked answer once: one score, one count update, "You already answered" after', async () => {
    const { h, clock, tick } = await scheduled();
    clock.set(MONDAY_0900_BERLIN);
    await tick();
    const post = await nthPost(h, 'C0DAILY', 1);
    const { right, postId } = await question(h, post);
    const responseUrl = h.fake.responseUrl();
    const body = h.requests.blockActionBody(right, { responseUrl, userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY', messageTs: post.body.ts });
    const form = 'application/x-www-form-urlencoded';
    const replies = () => h.fake.callsOf('response_url').filter((c) => c.path === new URL(responseUrl).pathname);

    // A double click: the same payload twice at once.
    await Promise.all([h.requests.send(body, form), h.requests.send(body, form)]);
    await h.fake.waitFor(() => replies().length === 2);
    // Slack re-sending it (x-slack-retry-num).
    await h.requests.send(body, form, { retryNum: 1 });
    await h.fake.waitFor(() => replies().length === 3);

    const heads = replies().map((r) => blockTexts(r.body.blocks, 'header')[0]!);
    expect(heads.filter((x) => x.startsWith('Right: '))).toHaveLength(1);
    expect(heads.filter((x) => x.startsWith('You already answered A') || x.startsWith('You already answered'))).toHaveLength(2);
    for (const r of replies()) expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(await h.core.quiz!.store.answersForPost(postId)).toHaveLength(1);
    expect(updatesOf(h, post.body.ts)).toHaveLength(1);
    expect(read(updatesOf(h, post.body.ts)[0]!.body)).toContain('1 answer so far');
    const board = await slash(h, 'leaderboard', { userId: 'U0BOB', channelId: 'C0DAILY' });
    expect(read(board)).toContain('1. bob: 10 pts');
  });
});

describe('events re-sent by Slack', () => {
  it('do not start a second quiz or post a second answer: same process skips, a restarted one finds its reply', async () => {
    const fake = await FakeSlack.start();
    try {
      const log = new CaptureLog();
      const { h } = await world('2026-11-23T10:00:00Z', { fake, core: { log } });
      const mention = { type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> quiz start 1 30`, ts: `${Math.floor(Date.now() / 1000)}.000200`, channel: 'C0QUIZ' };
      await h.requests.event(mention, { eventId: 'EvQUIZ' });
      const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === mention.ts);
      expect(reply.body.text).toContain('Quiz started');
      await h.requests.event(mention, { eventId: 'EvQUIZ', retryNum: 1 });
      await log.waitFor(/re-sent an event this process already handled/);
      await h.slack.stop();

      // A restarted process (same database) gets the retry: the core refuses a second quiz, and the
      // adapter finds its first reply in the thread instead of posting "already running".
      const again = await startHarness({ fake, core: { store: h.core.quiz!.store, clock: new FakeClock('2026-11-23T10:00:05Z') } });
      running.push(again);
      await again.requests.event(mention, { eventId: 'EvQUIZ', retryNum: 2 });
      await fake.waitFor((c) => c.method === 'conversations.replies');
      await again.slack.stop();
      const posts = fake.callsOf('chat.postMessage');
      expect(posts.map((c) => (c.body.thread_ts ? 'reply' : blockTexts(c.body.blocks, 'header')[0]))).toEqual(['Quiz round 1', 'reply']);
    } finally {
      while (running.length) await running.pop()!.stop();
      await fake.close();
    }
  });
});

describe('public post updates', () => {
  it('never lets a count held up by a 429 land after the reveal', async () => {
    const { h, clock, tick } = await world();
    // Know when bob's answer is in, so his count update is waiting behind ann's when the tick reveals.
    const store = h.core.quiz!.store;
    let recorded = 0;
    let bobRecorded!: () => void;
    const bobIn = new Promise<void>((resolve) => (bobRecorded = resolve));
    const recordAnswer = store.recordAnswer.bind(store);
    store.recordAnswer = async (answer) => {
      const result = await recordAnswer(answer);
      if (++recorded === 2) bobRecorded();
      return result;
    };
    await slash(h, 'start 1 20', { userId: 'U0ANN', channelId: 'C0QUIZ' });
    const post = await nthPost(h, 'C0QUIZ', 1);
    const { right, wrong } = await question(h, post);

    h.fake.failNext('chat.update', { status: 429, retryAfter: 1 });
    const ann = click(h, right, post.body.ts, { userId: 'U0ANN', userName: 'ann' });
    await h.fake.waitFor((c) => c.method === 'chat.update' && c.status === 429);
    const bob = click(h, wrong, post.body.ts, { userId: 'U0BOB', userName: 'bob' });
    await bobIn;
    clock.advance(21_000);
    await tick();
    await Promise.all([ann, bob]);

    // In order: ann's count (after Retry-After), bob's count skipped as the post had closed, the reveal last.
    const updates = updatesOf(h, post.body.ts);
    expect(updates.map((c) => c.status)).toEqual([429, 200, 200]);
    expect(read(updates[1]!.body)).toContain('1 answer so far');
    expect(blockTexts(updates[2]!.body.blocks, 'header')).toEqual(['Quiz round 1: closed']);
    expect(blockTexts(updates[2]!.body.blocks, 'section').join('\n')).toContain('1 of 2 got it right (50%)');
    expect(blockTexts(h.fake.message('C0QUIZ', post.body.ts)!.blocks as any[], 'header')).toEqual(['Quiz round 1: closed']);
  });
});
