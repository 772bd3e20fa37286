// /quiz through the real Bolt app: signed slash commands and button clicks in, the fake Slack Web API
// out, the real core on SQLite, and a FakeClock moved by hand (core.quiz.tick() instead of sleeping).
// What is asserted is what Slack users would see: ephemeral results on the response_url, the public
// question post and its chat.update versions, DMs.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { seeded, wrongPicks } from '../support/quiz.ts';
import { CaptureLog } from './support/capture-log.ts';
import { BOT_USER_ID, FakeSlack, TEAM_ID, type RecordedCall } from './support/fake-slack.ts';
import { allStrings, blockTexts, buttonsOf, checkboxesOf, startHarness, submitWith, type Harness, type HarnessOptions } from './support/harness.ts';
import type { SendOptions } from './support/slack-requests.ts';

// Monday 23 Nov 2026, 07:59 UTC = 08:59 in Berlin (CET, UTC+1).
const MONDAY_0859_BERLIN = '2026-11-23T07:59:00Z';
const MONDAY_0900_BERLIN = '2026-11-23T08:00:00Z';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

interface World {
  h: Harness;
  clock: FakeClock;
  tick(): Promise<void>;
}

async function world(start = '2026-11-23T10:00:00Z', opts: HarnessOptions = {}): Promise<World> {
  const clock = new FakeClock(start);
  const h = await startHarness({ ...opts, core: { clock, quiz: { random: seeded(42) }, ...opts.core } });
  running.push(h);
  h.fake.users = { U0ADMIN: { is_admin: true }, U0ANN: {}, U0BOB: {} };
  return { h, clock, tick: () => h.core.quiz!.tick() };
}

interface Who {
  userId?: string;
  userName?: string;
  channelId?: string;
}

/** A slash command; resolves with what was posted to its response_url. */
async function slash(h: Harness, text: string, who: Who = {}, command = '/quiz'): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.slash(command, text, { responseUrl, ...who });
  expect(res.status).toBe(200);
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

type SlackButton = ReturnType<typeof buttonsOf>[number];

/** A click on a button of the public message `ts`; resolves with what was posted to its response_url. */
async function click(h: Harness, button: SlackButton, ts: string, who: Who = {}, opts?: SendOptions): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.clickButton(button, { responseUrl, messageTs: ts, channelId: 'C0QUIZ', ...who }, opts);
  expect(res.status).toBe(200);
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

/** Everything a person reads in a message: fallback text and every block text. */
function read(message: Record<string, any> | undefined): string {
  const blocks = message?.blocks ?? [];
  return [message?.text ?? '', ...['header', 'section', 'context'].flatMap((t) => blockTexts(blocks, t)), ...buttonsOf(blocks).map((b) => b.text.text)].join('\n');
}

/**
 * The question post in a channel, the labels of its options (buttons, or checkboxes on a multi-select
 * question) and how to answer it right and wrong: a button, or the submit with boxes ticked.
 */
async function question(h: Harness, post: RecordedCall) {
  const buttons = buttonsOf(post.body.blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
  const boxes = checkboxesOf(post.body.blocks)[0];
  const postId = buttons[0]!.value.split(':')[0]!;
  const stored = (await h.core.quiz!.store.getPost(postId))!;
  const q = h.core.quiz!.bank.get(stored.questionId)!;
  if (boxes) {
    return { labels: boxes.options.map((o) => o.text.text), right: submitWith(post.body.blocks, q.correct.map(String)), wrong: submitWith(post.body.blocks, wrongPicks(q).map(String)), q, postId };
  }
  return { labels: buttons.map((b) => b.text.text), right: buttons[q.correct[0]!]!, wrong: buttons.find((_, i) => !q.correct.includes(i))!, q, postId };
}

/** The n-th chat.postMessage to a channel, with the ts Slack gave it. */
async function nthPost(h: Harness, channel: string, n: number): Promise<RecordedCall & { body: { ts: string } }> {
  const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.ok && c.body.channel === channel && h.fake.callsOf('chat.postMessage').filter((x) => x.ok && x.body.channel === channel).indexOf(c) === n - 1);
  return { ...call, body: { ...call.body, ts: h.fake.messagesIn(channel)[n - 1]!.ts } };
}

/** A world with a daily question in C0DAILY at 09:00 Berlin on weekdays, set by the admin U0ADMIN. */
async function scheduled(opts: HarnessOptions = {}): Promise<World> {
  const w = await world(MONDAY_0859_BERLIN, opts);
  const saved = await slash(w.h, 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0DAILY' });
  expect(read(saved)).toContain('Saved. The first daily question goes out at the next scheduled time.');
  expect(read(saved) + blockTexts(saved.blocks, 'section').join('\n')).toContain('09:00 Europe/Berlin, Monday to Friday');
  return w;
}

const okPostsTo = (h: Harness, channel: string) => h.fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === channel);
const updatesOf = (h: Harness, ts: string) => h.fake.callsOf('chat.update').filter((c) => c.body.ts === ts);

describe('/quiz through Bolt', () => {
  it('runs a study-group quiz: post with buttons, private results, live count, reveal on tick, next round, final scoreboard', async () => {
    const { h, clock, tick } = await world();
    const started = await slash(h, 'start 2 20', { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' });
    expect(started.response_type).toBe('ephemeral');
    expect(read(started)).toContain('Quiz started: 2 rounds, 20 seconds each');

    // Round 1 is posted publicly by the core through the Slack messenger, with Block Kit buttons.
    const round1 = await nthPost(h, 'C0QUIZ', 1);
    expect(blockTexts(round1.body.blocks, 'header')).toEqual(['Quiz round 1']);
    expect(read(round1.body)).toContain('0 answers so far');
    const r1 = await question(h, round1);
    expect(r1.labels.length).toBe(r1.q.options.length);
    r1.labels.forEach((label, i) => expect(label).toMatch(new RegExp(`^${'ABCDEF'[i]}\\. `)));
    expect(buttonsOf(round1.body.blocks).map((b) => b.text.text)).toContain('Report this question');
    expect(new Set(buttonsOf(round1.body.blocks).map((b) => b.action_id)).size).toBe(buttonsOf(round1.body.blocks).length);

    // Two people answer: each gets a private result with the explanation; the public post counts.
    clock.advance(2_000);
    const annResult = await click(h, r1.right, round1.body.ts, { userId: 'U0ANN', userName: 'ann' });
    expect(annResult).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockTexts(annResult.blocks, 'header')[0]).toMatch(/^Right: /);
    expect(read(annResult)).toContain(r1.q.explanation.slice(0, 80));
    expect(read(annResult)).toMatch(/\+1\d points/);
    await h.fake.waitFor((c) => c.method === 'chat.update' && read(c.body).includes('1 answer so far'));

    clock.advance(3_000);
    const bobResult = await click(h, r1.wrong, round1.body.ts, { userId: 'U0BOB', userName: 'bob' });
    expect(bobResult).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockTexts(bobResult.blocks, 'header')[0]).toMatch(/^Not quite/);
    const live = await h.fake.waitFor((c) => c.method === 'chat.update' && read(c.body).includes('2 answers so far'));
    expect(live.body).toMatchObject({ channel: 'C0QUIZ', ts: round1.body.ts });

    // The public message is still the question (never the private result), and names no one.
    const publicNow = h.fake.message('C0QUIZ', round1.body.ts)!;
    expect(blockTexts(publicNow.blocks as any[], 'header')).toEqual(['Quiz round 1']);
    const answerButtons = (blocks: any[]) => buttonsOf(blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
    expect(answerButtons(publicNow.blocks as any[])).toHaveLength(answerButtons(round1.body.blocks).length);
    for (const u of updatesOf(h, round1.body.ts)) expect(JSON.stringify(u.body)).not.toMatch(/\bann\b|\bbob\b/);

    // Nothing happens before the timer; then a tick reveals (answer, % right) and posts round 2.
    await tick();
    expect(updatesOf(h, round1.body.ts)).toHaveLength(2);
    clock.advance(16_000);
    await tick();
    const reveal = updatesOf(h, round1.body.ts).at(-1)!;
    expect(blockTexts(reveal.body.blocks, 'header')).toEqual(['Quiz round 1: closed']);
    const revealed = blockTexts(reveal.body.blocks, 'section').join('\n');
    const answer = r1.q.correct.map((i) => `${'ABCDEF'[i]}. ${r1.q.options[i]!.text}`).join('\n');
    expect(revealed).toContain(`*Answer*\n${answer}`.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(revealed).toContain('1 of 2 got it right (50%)');
    expect(revealed).toContain('Scores after round 1 of 2');
    expect(buttonsOf(reveal.body.blocks).map((b) => b.text.text)).toEqual(['Report this question']);
    expect(h.fake.message('C0QUIZ', round1.body.ts)!.blocks).toEqual(reveal.body.blocks);

    // Round 2: both answer, so it closes at once and the final scoreboard follows.
    const round2 = await nthPost(h, 'C0QUIZ', 2);
    expect(blockTexts(round2.body.blocks, 'header')).toEqual(['Quiz round 2']);
    const r2 = await question(h, round2);
    await click(h, r2.right, round2.body.ts, { userId: 'U0ANN', userName: 'ann' });
    await click(h, r2.wrong, round2.body.ts, { userId: 'U0BOB', userName: 'bob' });
    const final = await nthPost(h, 'C0QUIZ', 3);
    expect(blockTexts(final.body.blocks, 'header')).toEqual(['Quiz over after 2 rounds']);
    const board = read(final.body) + blockTexts(final.body.blocks, 'section').join('\n');
    expect(board).toContain('Top of the table: ann');
    expect(board.indexOf('1. ann')).toBeLessThan(board.indexOf('2. bob'));
    expect(blockTexts(updatesOf(h, round2.body.ts).at(-1)!.body.blocks, 'section').join('\n')).toContain('1 of 2 got it right (50%)');

    // Everything public went to the channel; everything personal to a response_url, ephemeral.
    expect(okPostsTo(h, 'C0QUIZ')).toHaveLength(3);
    for (const r of h.fake.callsOf('response_url')) expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });

    const leaderboard = await slash(h, 'leaderboard', { userId: 'U0BOB', userName: 'bob', channelId: 'C0QUIZ' });
    expect(read(leaderboard)).toMatch(/1\. ann: \d+ pts/);
    expect(read(leaderboard)).toContain('You are #2');
  });

  it('answers every /quiz subcommand through the registry, privately', async () => {
    const { h } = await world('2026-11-23T10:00:00Z', { adminUsers: ['U0LISTED'] });
    const as = (userId: string) => ({ userId, userName: userId.toLowerCase(), channelId: 'C0QUIZ' });
    const texts: Record<string, string> = {};
    for (const [line, who] of [
      ['', 'U0ANN'],
      ['help', 'U0ANN'],
      ['stats', 'U0ANN'],
      ['leaderboard month', 'U0ANN'],
      ['schedule show', 'U0ANN'],
      ['schedule 09:00 Europe/Berlin mon-fri', 'U0ADMIN'],
      ['schedule show', 'U0ANN'],
      ['schedule off', 'U0LISTED'],
      ['practice rds', 'U0ANN'],
      ['report no-such-question typo', 'U0ANN'],
      ['reports', 'U0LISTED'],
      ['start 1 10', 'U0ANN'],
      ['stop', 'U0ANN'],
      ['fly', 'U0ANN'],
    ] as const) {
      const reply = await slash(h, line, as(who));
      expect(reply.response_type, line).toBe('ephemeral');
      texts[`${line}#${Object.keys(texts).length}`] = read(reply);
    }
    const t = Object.values(texts);
    expect(t[0]).toContain('/quiz start [rounds]');
    expect(t[1]).toContain('/quiz practice [questions] [topic]');
    expect(t[2]).toContain('You have not answered any questions yet');
    expect(t[3]).toContain('Leaderboard: this month, this channel');
    expect(t[4]).toContain('No daily question is scheduled in this channel');
    expect(t[5]).toContain('09:00 Europe/Berlin, Monday to Friday');
    expect(t[6]).toContain('Daily question schedule');
    expect(t[7]).toContain('Daily questions are off in this channel');
    expect(t[8]).toContain('Practice question');
    expect(t[9]).toContain('There is no question "no-such-question"');
    expect(t[10]).toContain('No open question reports');
    expect(t[11]).toContain('Quiz started: 1 round');
    expect(t[12]).toContain('Quiz stopped');
    expect(t[13]).toContain('I don\'t know "/quiz fly"');
    // Public posts only for the quiz itself (its question, and the final scores when stopped).
    expect(okPostsTo(h, 'C0QUIZ').map((c) => blockTexts(c.body.blocks, 'header')[0])).toEqual(['Quiz round 1', 'Quiz stopped: final scores']);
  });

  it('keeps practice private: an ephemeral question, an ephemeral result with the next review, nothing public', async () => {
    const { h } = await world();
    const practice = await slash(h, 'practice', { userId: 'U0ANN', channelId: 'C0QUIZ' });
    const { right } = await question(h, { body: practice } as RecordedCall);
    const responseUrl = h.fake.responseUrl();
    await h.requests.clickButton(right, { responseUrl, userId: 'U0ANN', channelId: 'C0QUIZ', ephemeral: true });
    const result = (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
    // The result takes the private question's place: practice is one card, not a message per click.
    expect(result).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(read(result)).toContain('Next review of this question');
    expect(buttonsOf(result.blocks).map((b) => b.text.text)).toContain('Next practice question');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(h.fake.callsOf('chat.update')).toHaveLength(0);
  });

  it('refuses /quiz start and /quiz schedule where the bot is not a member, saying how to invite it', async () => {
    const { h } = await world();
    h.fake.channels = { C0NOBOT: { is_member: false }, G0HIDDEN: 'not_found' };
    const start = await slash(h, 'start', { userId: 'U0ANN', channelId: 'C0NOBOT' });
    expect(read(start)).toContain("I can't run a quiz in this channel: I'm missing an invitation to this channel (anyone in it can type /invite @Responsibot)");
    const schedule = await slash(h, 'schedule 09:00 Europe/Berlin', { userId: 'U0ADMIN', channelId: 'G0HIDDEN' });
    expect(read(schedule)).toContain("I can't post daily questions in this channel: I'm missing an invitation to this channel");
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await h.core.quiz!.store.listSchedules()).toEqual([]);

    // Invited: it works at once (negative answers are not cached).
    h.fake.channels.C0NOBOT = { is_member: true };
    expect(read(await slash(h, 'start 1 10', { userId: 'U0ANN', channelId: 'C0NOBOT' }))).toContain('Quiz started');
    expect(okPostsTo(h, 'C0NOBOT')).toHaveLength(1);
  });
});

describe('admins', () => {
  it('politely refuses schedule changes and reports to a non-admin, ephemerally, changing nothing', async () => {
    const { h } = await world(MONDAY_0859_BERLIN);
    const schedule = await slash(h, 'schedule 09:00 Europe/Berlin', { userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY' });
    expect(schedule.response_type).toBe('ephemeral');
    expect(read(schedule)).toContain('Sorry, only admins can change the daily question schedule.');
    const off = await slash(h, 'schedule off', { userId: 'U0BOB', channelId: 'C0DAILY' });
    expect(read(off)).toContain('Sorry, only admins can turn off the daily question');
    const reports = await slash(h, 'reports', { userId: 'U0BOB', channelId: 'C0DAILY' });
    expect(reports.response_type).toBe('ephemeral');
    expect(read(reports)).toContain('Sorry, only admins can read question reports');
    expect(await h.core.quiz!.store.listSchedules()).toEqual([]);
    expect(h.fake.callsOf('users.info').map((c) => c.body.user)).toEqual(['U0BOB']); // asked once, then cached
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);

    // A workspace admin (users.info) may.
    expect(read(await slash(h, 'reports', { userId: 'U0ADMIN', channelId: 'C0DAILY' }))).toContain('No open question reports');
  });
});

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

describe('App Home', () => {
  /** Opens the Home tab as `userId` and returns every text in the published view. */
  async function openHome(h: Harness, userId: string): Promise<string> {
    const before = h.fake.callsOf('views.publish').length;
    await h.requests.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' });
    const publish = await h.fake.waitFor((c) => c.method === 'views.publish' && h.fake.callsOf('views.publish').indexOf(c) === before);
    expect(publish.body).toMatchObject({ user_id: userId, view: { type: 'home' } });
    expect(publish.body.view.blocks.length).toBeLessThanOrEqual(100);
    return ['header', 'section', 'context'].flatMap((t) => blockTexts(publish.body.view.blocks, t)).join('\n');
  }

  it('shows the user’s stats and streak after they answered, and the schedules of channels they can see', async () => {
    const { h, clock, tick } = await scheduled();
    h.fake.channels = { G0TEAM: { is_private: true, members: ['U0ADMIN', 'U0BOB'] }, G0SECRET: { is_private: true, members: ['U0ADMIN'] } };
    const store = h.core.quiz!.store;
    const evening = { platform: 'slack' as const, workspaceId: TEAM_ID, time: '17:30', timezone: 'America/New_York', days: '1-5', createdBy: 'U0ADMIN', createdAt: Date.parse(MONDAY_0859_BERLIN) };
    await store.saveSchedule({ ...evening, channelId: 'G0TEAM', topic: 'rds' });
    await store.saveSchedule({ ...evening, channelId: 'G0SECRET' });
    await store.saveSchedule({ ...evening, workspaceId: 'T0OTHER', channelId: 'C0ELSEWHERE' });
    await store.saveSchedule({ ...evening, platform: 'discord', channelId: '112233445566' });

    const before = await openHome(h, 'U0BOB');
    expect(before).toContain('You have not answered any questions yet');

    clock.set(MONDAY_0900_BERLIN);
    await tick();
    const post = await nthPost(h, 'C0DAILY', 1);
    const { right } = await question(h, post);
    await click(h, right, post.body.ts, { userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY' });

    const home = await openHome(h, 'U0BOB');
    expect(home).toContain('Your quiz');
    expect(home).toContain('*Answered*\n1 (100% correct)');
    expect(home).toContain('*Daily streak*\ncurrent 1, best 1');
    expect(home).toContain('*Daily streaks*\n<#C0DAILY> 1 in a row (best 1)');
    expect(home).not.toContain('Your quiz stats, U0BOB');
    expect(home).toContain('<#C0DAILY> 09:00 Europe/Berlin, Monday to Friday · next: Tue 24 Nov, 09:00');
    expect(home).toContain('<#G0TEAM> 17:30 America/New_York, Monday to Friday · topic: rds · next: Mon 23 Nov, 17:30');
    for (const hidden of ['G0SECRET', 'C0ELSEWHERE', '112233445566']) expect(home).not.toContain(hidden);
    expect(home).toContain('/quiz start [rounds] [seconds]');
    for (const c of h.core.registry.list()) expect(home).toContain(c.description);
    // Private channels are checked against their members; public ones need no member list.
    expect(h.fake.callsOf('conversations.members').map((c) => c.body.channel).sort()).toEqual(['G0SECRET', 'G0SECRET', 'G0TEAM', 'G0TEAM']);
  });

  it('shows nothing it cannot check: a failing look-up hides the schedule instead of leaking it', async () => {
    const { h } = await world(MONDAY_0859_BERLIN);
    await h.core.quiz!.store.saveSchedule({ platform: 'slack', workspaceId: TEAM_ID, channelId: 'C0FRESH', time: '09:00', timezone: 'UTC', days: '*', createdBy: 'U0ADMIN', createdAt: 0 });
    h.fake.failNext('conversations.info', { error: 'missing_scope', needed: 'channels:read' });
    const home = await openHome(h, 'U0BOB');
    expect(home).not.toContain('C0FRESH');
    expect(home).toContain('No channel you can see has a daily question yet');
    // The failure is not remembered: the next visit shows it.
    expect(await openHome(h, 'U0BOB')).toContain('<#C0FRESH> 09:00 UTC, every day');
  });
});

describe('escaping', () => {
  /** A raw <, > or an & that does not start one of the three entities Slack decodes. */
  const unescaped = (s: string) => /[<>]/.test(s) || /&(?!(amp|lt|gt);)/.test(s);

  it('shows hostile user names escaped in every call: results, live count, reveal, scoreboards, reports, stats, home', async () => {
    const { h, clock, tick } = await world();
    const evil = { userId: 'U0EVIL', userName: '<!channel>' };
    const amp = { userId: 'U0AMP', userName: '<@U9>&co' };
    h.fake.users = { ...h.fake.users, U0EVIL: {}, U0AMP: {} };
    await slash(h, 'start 1 20', { ...evil, channelId: 'C0QUIZ' });
    const post = await nthPost(h, 'C0QUIZ', 1);
    const { right, wrong, q } = await question(h, post);
    await click(h, right, post.body.ts, evil);
    await click(h, wrong, post.body.ts, amp);
    clock.advance(21_000);
    await tick();
    const final = await nthPost(h, 'C0QUIZ', 2);
    expect(JSON.stringify(final.body.blocks)).toContain('Top of the table: &lt;!channel&gt; with');
    expect(JSON.stringify(updatesOf(h, post.body.ts).at(-1)!.body.blocks)).toContain('First correct: &lt;!channel&gt;.');

    expect(JSON.stringify(await slash(h, 'leaderboard all', { ...amp, channelId: 'C0QUIZ' }))).toContain('&lt;@U9&gt;&amp;co');
    expect(blockTexts((await slash(h, 'stats', { ...evil, channelId: 'C0QUIZ' })).blocks, 'header')).toEqual(['Your quiz stats, &lt;!channel&gt;']);
    // Slack sends what was typed escaped ("&lt;b&gt;"); the core sees "<b>"; it goes out escaped again.
    await slash(h, `report ${q.id} &lt;!here&gt; &amp; &lt;b&gt;`, { ...evil, channelId: 'C0QUIZ' });
    expect(JSON.stringify(await slash(h, 'reports', { userId: 'U0ADMIN', channelId: 'C0QUIZ' }))).toContain('&lt;!channel&gt; on 2026-11-23: &lt;!here&gt; &amp; &lt;b&gt;');
    await h.requests.event({ type: 'app_home_opened', user: 'U0EVIL', channel: 'DU0EVIL', tab: 'home' });
    await h.fake.waitFor((c) => c.method === 'views.publish');

    // Our own channel links on the Home tab are the only markup anywhere.
    const offenders = h.fake.calls.flatMap((c) =>
      allStrings(c.body)
        .map((s) => (c.method === 'views.publish' ? s.replace(/<#[CGD][A-Z0-9]+>/g, '') : s))
        .filter(unescaped)
        .map((s) => `${c.method}: ${s}`),
    );
    expect(offenders).toEqual([]);
    expect(h.fake.calls.filter((c) => c.method === 'response_url' || c.method === 'chat.update' || c.method === 'chat.postMessage').length).toBeGreaterThanOrEqual(10);
  });
});
