// Boards through the real adapters: this week (from Monday) and this month in the channel's schedule
// timezone with the reset date, per channel or per workspace, anyone's rank, "Post to channel", and the
// weekly board of a scheduled channel posted exactly once by two bot processes sharing one database.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { IDS } from '../discord/support/fake-discord.ts';
import { ANA, EPHEMERAL, answerKey, answerOf, answerWith, buttonIds, channelPosts, opt, quiz, visible } from '../discord/support/quiz.ts';
import { FakeSlack } from '../slack/support/fake-slack.ts';
import { buttonsOf, startHarness, type Harness } from '../slack/support/harness.ts';
import { answerButtons, click, nthPost, read, slackWorld, slash, type SlackWorld } from '../slack/support/quiz-world.ts';
import { consoleSession } from '../support/console.ts';
import { makeCore } from '../support/core.ts';
import { seeded, tempDbFile } from '../support/quiz.ts';

const slacks: Harness[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (slacks.length) await slacks.pop()!.stop();
  while (cleanups.length) await cleanups.pop()!();
});

const ann = { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' };
const bob = { userId: 'U0BOB', userName: 'bob', channelId: 'C0QUIZ' };

/** A one-round quiz in `channel` that `who` answers right; closed and scored afterwards. */
async function oneRound(w: SlackWorld, channel: string, who: typeof ann): Promise<void> {
  const before = w.h.fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === channel).length;
  await slash(w.h, 'start 1 10', { ...who, channelId: channel });
  const post = await nthPost(w.h, channel, before + 1);
  const { right } = await answerButtons(w.h, post.body.blocks);
  await click(w.h, right, post.body.ts, { ...who, channelId: channel });
  w.clock.advance(11_000);
  await w.tick();
}

describe('boards on Slack', () => {
  it('this week and this month in the schedule timezone with reset dates, per channel or workspace, rank, Post to channel', async () => {
    const w = await slackWorld(slacks, '2026-11-20T12:00:00Z'); // Friday of the week before
    await oneRound(w, 'C0QUIZ', ann);
    w.clock.set('2026-11-25T12:00:00Z'); // Wednesday
    expect(read(await slash(w.h, 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADMIN', channelId: 'C0QUIZ' }))).toContain('Saved.');
    await oneRound(w, 'C0QUIZ', bob);
    await oneRound(w, 'C0OTHER', ann);

    const week = read(await slash(w.h, 'leaderboard', bob));
    expect(week).toContain('Leaderboard: this week, this channel');
    expect(week).toMatch(/1\. bob: \d+ pts · 100% of 1/);
    expect(week).not.toContain('ann:');
    expect(week).toContain('Since Mon 23 Nov (Europe/Berlin) · resets Mon 30 Nov');
    expect(week).toContain('You are #1');
    const month = read(await slash(w.h, 'leaderboard month', bob));
    expect(month).toContain('Since Sun 1 Nov (Europe/Berlin) · resets Tue 1 Dec');
    expect(month).toMatch(/ann: \d+ pts/);
    const workspace = read(await slash(w.h, 'leaderboard week workspace', ann));
    expect(workspace).toContain('Leaderboard: this week, this workspace');
    expect(workspace).toMatch(/ann: \d+ pts[\s\S]*|bob: \d+ pts/);
    expect(workspace.match(/^\d\. /gm)).toHaveLength(2);
    expect(read(await slash(w.h, 'leaderboard all', { ...ann, channelId: 'C0ELSE' }))).toContain('No answers in this period yet');
    // Another channel without a schedule counts in UTC.
    expect(read(await slash(w.h, 'leaderboard', { ...ann, channelId: 'C0OTHER' }))).toContain('(UTC) · resets Mon 30 Nov');

    expect(read(await slash(w.h, 'rank <@U0BOB|bob>', ann))).toMatch(/bob is #1 of 1 this week in this channel: \d+ points, 1\/1 right\./);
    expect(read(await slash(w.h, 'rank ann month', ann))).toMatch(/ann is #[12] of 2 this month in this channel/);
    expect(read(await slash(w.h, 'rank @ann', bob))).toContain('ann has no scored answers this week in this channel.');
    expect(read(await slash(w.h, 'rank', ann))).toMatch(/Say whose rank[\s\S]*\/quiz rank @someone \[week/);
    expect(read(await slash(w.h, 'leaderboard fortnight', ann))).toMatch(/"fortnight" is not a period[\s\S]*\/quiz leaderboard \[week\|month\|all\] \[channel\|workspace\]/);

    const board = await slash(w.h, 'leaderboard', bob);
    const post = buttonsOf(board.blocks).find((b) => b.text.text === 'Post to channel')!;
    const shared = await click(w.h, post, undefined, bob);
    expect(shared.response_type).toBe('in_channel');
    expect(read(shared)).toContain('Leaderboard: this week, this channel');
    expect(read(shared)).toContain('Shared by bob');
    expect(read(shared)).not.toContain('You are #');
    expect(buttonsOf(shared.blocks)).toEqual([]);
  });

  it('posts last week’s board each Monday exactly once with two processes on one database; a channel can opt out', async () => {
    const file = tempDbFile();
    cleanups.push(() => rmSync(dirname(file), { recursive: true, force: true }));
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const clocks = [new FakeClock('2026-11-23T07:59:00Z'), new FakeClock('2026-11-23T07:59:00Z')];
    const hs: Harness[] = [];
    for (const clock of clocks) {
      const h = await startHarness({ fake, core: { clock, store: new SqliteStore(file), quiz: { random: seeded(7) } } });
      slacks.push(h);
      hs.push(h);
    }
    fake.users = { U0ADMIN: { is_admin: true }, U0BOB: {} };
    const daily = { userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY' };
    const admin = { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0DAILY' };
    const setAll = (t: string) => clocks.forEach((c) => c.set(t));
    const tickAll = () => Promise.all(hs.map((h) => h.core.quiz!.tick()));
    const boards = () => fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === 'C0DAILY' && read(c.body).includes("Last week's leaderboard"));

    expect(read(await slash(hs[0]!, 'schedule 09:00 Europe/Berlin mon-fri', admin))).toContain('Saved.');
    setAll('2026-11-23T08:00:00Z');
    await tickAll();
    const question = await nthPost(hs[0]!, 'C0DAILY', 1);
    const { right } = await answerButtons(hs[1]!, question.body.blocks);
    await click(hs[1]!, right, question.body.ts, daily); // answered through the other process
    await tickAll();
    expect(boards()).toHaveLength(0); // last week had no answers here; nothing posted for it

    setAll('2026-11-30T07:59:00Z'); // next Monday, a minute early
    await tickAll();
    expect(boards()).toHaveLength(0);
    setAll('2026-11-30T08:00:00Z');
    for (let i = 0; i < 3; i++) await tickAll();
    await fake.waitFor(() => boards().length === 1);
    const text = read(boards()[0]!.body);
    expect(text).toMatch(/1\. bob: \d+ pts · 100% of 1/);
    expect(text).toContain('Week of Mon 23 Nov (Europe/Berlin)');
    clocks.forEach((c) => c.advance(3_600_000));
    await tickAll();
    expect(boards()).toHaveLength(1);

    // Opting out: members are refused, bad words get usage, admins switch it off (seen by both processes).
    expect(read(await slash(hs[1]!, 'weekly-board off', daily))).toContain('only admins');
    expect(read(await slash(hs[1]!, 'weekly-board sometimes', admin))).toMatch(/"sometimes" is not on or off[\s\S]*\/quiz weekly-board \[on\|off\]/);
    expect(read(await slash(hs[1]!, 'weekly-board', daily))).toContain("last week's leaderboard of this channel is posted here");
    expect(read(await slash(hs[1]!, 'weekly-board off', admin))).toContain('Saved: no weekly leaderboard post in this channel.');
    const next = await nthPost(hs[0]!, 'C0DAILY', 2); // Monday 30's daily question
    const again = await answerButtons(hs[0]!, next.body.blocks);
    await click(hs[0]!, again.right, next.body.ts, daily);
    setAll('2026-12-07T09:00:00Z');
    for (let i = 0; i < 2; i++) await tickAll();
    expect(boards()).toHaveLength(1);
    expect(read(await slash(hs[0]!, 'weekly-board', daily))).toContain('The weekly leaderboard post is off in this channel.');
  });
});

describe('boards on Discord and in the console', () => {
  it('Discord: scope and rank options, and Post to channel makes a public message', async () => {
    const clock = new FakeClock('2026-11-25T12:00:00Z');
    const bot: RunningBot = await startBot(makeCore({ clock }));
    cleanups.push(() => bot.close());
    const { fake, core } = bot;
    await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.int('seconds', 10)], { user: ANA }));
    const round = channelPosts(fake, IDS.channel)[0]!;
    await answerOf(fake, answerWith(fake, (await answerKey(core, round.message)).right, round.message, ANA));
    const board = await answerOf(fake, quiz(fake, 'leaderboard', [opt.str('period', 'month'), opt.str('scope', 'workspace')], { user: ANA }));
    expect(board.flags).toBe(EPHEMERAL);
    expect(visible(board)).toContain('Leaderboard: this month, this workspace');
    expect(visible(board)).toContain('(UTC) · resets Tue 1 Dec');
    const rank = await answerOf(fake, quiz(fake, 'rank', [opt.str('user', `<@${ANA.id}>`)], { user: ANA }));
    expect(visible(rank)).toMatch(/Ana is #1 of 1 this week in this channel/);
    const postId = buttonIds(board).find((id) => id.startsWith('quiz.board|'))!;
    const shared = await answerOf(fake, fake.click(postId, { user: ANA }));
    expect(shared.flags ?? 0).not.toBe(EPHEMERAL);
    expect(visible(shared)).toContain('Shared by Ana');
  });

  it('console: month and workspace words, rank by name, and usage for nonsense', async () => {
    const c = consoleSession(makeCore({ clock: new FakeClock('2026-11-25T12:00:00Z') }));
    expect(await c.type('/quiz leaderboard month workspace')).toContain('Leaderboard: this month, this workspace');
    expect(await c.type('/quiz rank you')).toContain('you has no scored answers this week in this channel.');
    expect(await c.type('/quiz leaderboard week channel yesterday')).toContain('Usage: /quiz leaderboard [week|month|all] [channel|workspace]');
  });
});
